import CodeSets

/// Codes valid on the date of service: ICD-10-CM diagnoses billable and in the release that covers the date, HCPCS
/// Level II codes active, CPT codes in CPT's format and known to the CMS lists, modifiers that exist.
enum CodeValidityEdits {
    static func check(_ claim: ScrubClaim, _ library: CodeSetLibrary, _ rules: DiagnosisRules, _ memo: LookupMemo) -> [ClaimEdit] {
        var edits: [ClaimEdit] = []
        if let date = claim.firstServiceDate {
            for (n, code) in claim.diagnoses.enumerated() {
                let lines = claim.lines.filter { $0.diagnosisPointers.contains(n + 1) }.map(\.number)
                // A code short only of its 7th character or placeholder X gets the precise edit instead of the generic one.
                // Most codes are fine: the quick answer first, the whole story only for a code that is not.
                if library.isBillable(icd10cm: code, on: date) { continue }
                if let precise = DiagnosisRuleEdits.seventhCharacter(code, position: n + 1, lines: lines, date: date, rules) {
                    edits.append(precise)
                } else if let edit = diagnosis(memo.diagnosis(code, date) { diagnosisVerdict(code, date, library) }, code, position: n + 1, date: date, lines: lines) {
                    edits.append(edit)
                }
            }
        }
        for line in claim.lines {
            if let code = line.procedure, !isValidProcedure(code, line.serviceDate, library),
               let edit = procedure(memo.procedure(code, line.serviceDate) { procedureVerdict(code, line.serviceDate, library) }, line) {
                edits.append(edit)
            }
            for modifier in line.modifiers where !cptModifiers.contains(modifier) && !library.flatStatus(modifier, system: .hcpcsModifier, on: line.serviceDate).listed {
                if case .unknown(let reason) = memo.modifier(modifier, line.serviceDate, { modifierVerdict(modifier, line.serviceDate, library) }) {
                    edits.append(ClaimEdit(id: "modifier-unknown", severity: .error, lines: [line.number], codes: [modifier],
                                           message: "line \(line.number): \(modifier) is not a modifier: \(reason)",
                                           source: "HCPCS modifiers", resolution: "Correct or remove the modifier."))
                }
            }
        }
        return edits
    }

    /// What the code sets say of a diagnosis on a date, as the edit needs it (kept in `LookupMemo`).
    enum DiagnosisVerdict: Sendable {
        case valid
        case unknown(reason: String, suggestions: [String])
        case notBillable(code: String, title: String, kind: String, reason: String, source: String, codesUnder: [String], billableCount: Int)
        case notValidOnDate(code: String, reason: String, source: String)
    }

    static func diagnosisVerdict(_ code: String, _ date: ServiceDate, _ library: CodeSetLibrary) -> DiagnosisVerdict {
        switch library.lookup(code, system: .icd10cm, date: date) {
        case .failure(let failure):
            return .unknown(reason: failure.reason, suggestions: failure.suggestions.prefix(3).map { "\($0.code) \($0.title)" })
        case .success(let detail):
            let source = "ICD-10-CM \(detail.validity?.release ?? detail.release)"
            if !detail.billable {
                return .notBillable(code: detail.code, title: detail.title, kind: detail.kind, reason: detail.billableReason, source: source,
                                    codesUnder: (detail.children.isEmpty ? detail.billableCodes : detail.children).map(\.code),
                                    billableCount: detail.billableCodeCount)
            }
            if let validity = detail.validity, !validity.valid { return .notValidOnDate(code: detail.code, reason: validity.reason, source: source) }
            return .valid
        }
    }

    static func diagnosis(_ verdict: DiagnosisVerdict, _ code: String, position: Int, date: ServiceDate, lines: [Int]) -> ClaimEdit? {
        switch verdict {
        case .valid:
            return nil
        case .unknown(let reason, let suggestions):
            return ClaimEdit(id: "dx-unknown", severity: .error, lines: lines, codes: [code],
                             message: "diagnosis \(position), \(code), is not an ICD-10-CM code: \(reason)",
                             source: "ICD-10-CM", resolution: suggestions.isEmpty ? "Correct the code from the documentation." : "Correct the code; close matches: \(suggestions.joined(separator: "; ")).")
        case .notBillable(let code, let title, let kind, let reason, let source, let codesUnder, let billableCount):
            return ClaimEdit(id: "dx-not-billable", severity: .error, lines: lines, codes: [code],
                             message: "diagnosis \(position), \(code) \(title), is a \(kind), not a billable code: \(reason)",
                             source: source,
                             resolution: "Code to the highest specificity the documentation supports" + (codesUnder.isEmpty ? "." : ": \(billableCount) billable codes sit under \(code), in \(codesUnder.joined(separator: ", "))."))
        case .notValidOnDate(let code, let reason, let source):
            return ClaimEdit(id: "dx-not-valid-on-date", severity: .error, lines: lines, codes: [code],
                             message: "diagnosis \(position), \(code), is not valid on \(date): \(reason)", source: source,
                             resolution: "Use the code that the release in force on the date of service has for this condition.")
        }
    }

    enum ProcedureVerdict: Sendable {
        case valid
        case cptNotListed(code: String)
        case hcpcsUnknown(code: String, reason: String)
        case hcpcsNotActive(code: String, reason: String, source: String)
    }

    /// The quick answer for the usual case: a CPT code the CMS lists have (CPT is judged by its listing, not its
    /// dates), a HCPCS code active on the date.
    static func isValidProcedure(_ code: String, _ date: ServiceDate, _ library: CodeSetLibrary) -> Bool {
        FlatImporters.isCPTFormat(code) ? library.flatStatus(code, system: .cpt, on: date).listed : library.flatStatus(code, system: .hcpcs, on: date).valid
    }

    static func procedureVerdict(_ code: String, _ date: ServiceDate, _ library: CodeSetLibrary) -> ProcedureVerdict {
        let upper = code.uppercased()
        if FlatImporters.isCPTFormat(upper) {
            // CPT itself is licensed by the AMA: a code is judged by its format and by the CMS files that list it.
            guard library.codeCounts[.cpt, default: 0] > 0, case .failure = library.lookup(upper, system: .cpt, date: date) else { return .valid }
            return .cptNotListed(code: upper)
        }
        switch library.lookup(upper, system: .hcpcs, date: date) {
        case .failure(let failure):
            return .hcpcsUnknown(code: upper, reason: failure.reason)
        case .success(let detail):
            guard let validity = detail.validity, !validity.valid else { return .valid }
            return .hcpcsNotActive(code: detail.code, reason: validity.reason, source: "HCPCS Level II \(validity.release ?? detail.release)")
        }
    }

    static func procedure(_ verdict: ProcedureVerdict, _ line: ScrubClaim.Line) -> ClaimEdit? {
        switch verdict {
        case .valid:
            return nil
        case .cptNotListed(let code):
            return ClaimEdit(id: "cpt-not-listed", severity: .warning, lines: [line.number], codes: [code],
                             message: "line \(line.number): CPT \(code) is not in the CMS lists loaded for \(line.serviceDate)",
                             source: "CMS physician fee schedule code list",
                             resolution: "Check the code against the current CPT book; a new or deleted code is the usual cause.")
        case .hcpcsUnknown(let code, let reason):
            return ClaimEdit(id: "hcpcs-unknown", severity: .error, lines: [line.number], codes: [code],
                             message: "line \(line.number): \(code) is neither a CPT code nor a HCPCS Level II code: \(reason)",
                             source: "HCPCS Level II", resolution: "Correct the procedure code.")
        case .hcpcsNotActive(let code, let reason, let source):
            return ClaimEdit(id: "hcpcs-not-active", severity: .error, lines: [line.number], codes: [code],
                             message: "line \(line.number): HCPCS \(code) is not active on \(line.serviceDate): \(reason)",
                             source: source, resolution: "Use the code in force on the date of service.")
        }
    }

    enum ModifierVerdict: Sendable { case valid, unknown(reason: String) }

    /// CPT (Level I) modifiers, which the HCPCS Level II file does not list: the numbers only (their descriptors are
    /// the AMA's), and the anesthesia physical status modifiers P1 to P6.
    static let cptModifiers: Set<String> = [
        "22", "23", "24", "25", "26", "27", "32", "33", "47", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "62", "63", "66",
        "73", "74", "76", "77", "78", "79", "80", "81", "82", "90", "91", "92", "93", "95", "96", "97", "99",
        "P1", "P2", "P3", "P4", "P5", "P6",
    ]

    static func modifierVerdict(_ modifier: String, _ date: ServiceDate, _ library: CodeSetLibrary) -> ModifierVerdict {
        guard !cptModifiers.contains(modifier), library.codeCounts[.hcpcsModifier, default: 0] > 0,
              case .failure(let failure) = library.lookup(modifier, system: .hcpcsModifier, date: date) else { return .valid }
        return .unknown(reason: failure.reason)
    }
}
