import CodeSets

/// Codes valid on the date of service: ICD-10-CM diagnoses billable and in the release that covers the date, HCPCS
/// Level II codes active, CPT codes in CPT's format and known to the CMS lists, modifiers that exist.
enum CodeValidityEdits {
    static func check(_ claim: ScrubClaim, _ library: CodeSetLibrary, _ rules: DiagnosisRules) -> [ClaimEdit] {
        var edits: [ClaimEdit] = []
        if let date = claim.firstServiceDate {
            for (n, code) in claim.diagnoses.enumerated() {
                let lines = claim.lines.filter { $0.diagnosisPointers.contains(n + 1) }.map(\.number)
                // A code short only of its 7th character or placeholder X gets the precise edit instead of the generic one.
                if let precise = DiagnosisRuleEdits.seventhCharacter(code, position: n + 1, lines: lines, date: date, rules) {
                    edits.append(precise)
                } else {
                    edits += diagnosis(code, position: n + 1, date: date, lines: lines, library)
                }
            }
        }
        for line in claim.lines {
            if let procedure = line.procedure { edits += self.procedure(procedure, line, library) }
            for modifier in line.modifiers { edits += self.modifier(modifier, line, library) }
        }
        return edits
    }

    static func diagnosis(_ code: String, position: Int, date: ServiceDate, lines: [Int], _ library: CodeSetLibrary) -> [ClaimEdit] {
        switch library.lookup(code, system: .icd10cm, date: date) {
        case .failure(let failure):
            let suggestions = failure.suggestions.prefix(3).map { "\($0.code) \($0.title)" }
            return [ClaimEdit(id: "dx-unknown", severity: .error, lines: lines, codes: [code],
                              message: "diagnosis \(position), \(code), is not an ICD-10-CM code: \(failure.reason)",
                              source: "ICD-10-CM", resolution: suggestions.isEmpty ? "Correct the code from the documentation." : "Correct the code; close matches: \(suggestions.joined(separator: "; ")).")]
        case .success(let detail):
            let source = "ICD-10-CM \(detail.validity?.release ?? detail.release)"
            if !detail.billable {
                let children = (detail.children.isEmpty ? detail.billableCodes : detail.children).map(\.code)
                return [ClaimEdit(id: "dx-not-billable", severity: .error, lines: lines, codes: [detail.code],
                                  message: "diagnosis \(position), \(detail.code) \(detail.title), is a \(detail.kind), not a billable code: \(detail.billableReason)",
                                  source: source,
                                  resolution: "Code to the highest specificity the documentation supports" + (children.isEmpty ? "." : ": \(detail.billableCodeCount) billable codes sit under \(detail.code), in \(children.joined(separator: ", "))."))]
            }
            if let validity = detail.validity, !validity.valid {
                return [ClaimEdit(id: "dx-not-valid-on-date", severity: .error, lines: lines, codes: [detail.code],
                                  message: "diagnosis \(position), \(detail.code), is not valid on \(date): \(validity.reason)", source: source,
                                  resolution: "Use the code that the release in force on the date of service has for this condition.")]
            }
            return []
        }
    }

    static func procedure(_ code: String, _ line: ScrubClaim.Line, _ library: CodeSetLibrary) -> [ClaimEdit] {
        let upper = code.uppercased()
        if FlatImporters.isCPTFormat(upper) {
            // CPT itself is licensed by the AMA: a code is judged by its format and by the CMS files that list it.
            guard library.codeCounts[.cpt, default: 0] > 0, case .failure = library.lookup(upper, system: .cpt, date: line.serviceDate) else { return [] }
            return [ClaimEdit(id: "cpt-not-listed", severity: .warning, lines: [line.number], codes: [upper],
                              message: "line \(line.number): CPT \(upper) is not in the CMS lists loaded for \(line.serviceDate)",
                              source: "CMS physician fee schedule code list",
                              resolution: "Check the code against the current CPT book; a new or deleted code is the usual cause.")]
        }
        switch library.lookup(upper, system: .hcpcs, date: line.serviceDate) {
        case .failure(let failure):
            return [ClaimEdit(id: "hcpcs-unknown", severity: .error, lines: [line.number], codes: [upper],
                              message: "line \(line.number): \(upper) is neither a CPT code nor a HCPCS Level II code: \(failure.reason)",
                              source: "HCPCS Level II", resolution: "Correct the procedure code.")]
        case .success(let detail):
            guard let validity = detail.validity, !validity.valid else { return [] }
            return [ClaimEdit(id: "hcpcs-not-active", severity: .error, lines: [line.number], codes: [detail.code],
                              message: "line \(line.number): HCPCS \(detail.code) is not active on \(line.serviceDate): \(validity.reason)",
                              source: "HCPCS Level II \(validity.release ?? detail.release)",
                              resolution: "Use the code in force on the date of service.")]
        }
    }

    /// CPT (Level I) modifiers, which the HCPCS Level II file does not list: the numbers only (their descriptors are
    /// the AMA's), and the anesthesia physical status modifiers P1 to P6.
    static let cptModifiers: Set<String> = [
        "22", "23", "24", "25", "26", "27", "32", "33", "47", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "62", "63", "66",
        "73", "74", "76", "77", "78", "79", "80", "81", "82", "90", "91", "92", "93", "95", "96", "97", "99",
        "P1", "P2", "P3", "P4", "P5", "P6",
    ]

    static func modifier(_ modifier: String, _ line: ScrubClaim.Line, _ library: CodeSetLibrary) -> [ClaimEdit] {
        guard !cptModifiers.contains(modifier), library.codeCounts[.hcpcsModifier, default: 0] > 0,
              case .failure(let failure) = library.lookup(modifier, system: .hcpcsModifier, date: line.serviceDate) else { return [] }
        return [ClaimEdit(id: "modifier-unknown", severity: .error, lines: [line.number], codes: [modifier],
                          message: "line \(line.number): \(modifier) is not a modifier: \(failure.reason)",
                          source: "HCPCS modifiers", resolution: "Correct or remove the modifier.")]
    }
}
