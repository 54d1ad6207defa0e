import HealthCareX12

/// What an 837 needs to be processed at all: diagnoses and their pointers, lines, NPIs with their check digit.
enum CompletenessEdits {
    static func check(_ claim: ScrubClaim) -> [ClaimEdit] {
        var edits: [ClaimEdit] = []
        let guide = claim.kind == .professional ? "837P (005010X222A1)" : "837I (005010X223A2)"
        if claim.diagnoses.isEmpty {
            edits.append(ClaimEdit(id: "dx-missing", severity: .error, message: "the claim has no diagnosis", source: "\(guide) HI segment, required",
                                   resolution: "Code the diagnoses the documentation supports."))
        }
        let maximum = claim.kind == .professional ? 12 : 25
        if claim.diagnoses.count > maximum {
            edits.append(ClaimEdit(id: "dx-too-many", severity: .error, codes: Array(claim.diagnoses.dropFirst(maximum)),
                                   message: "the claim has \(claim.diagnoses.count) diagnoses; an \(claim.kind == .professional ? "837P" : "837I") carries \(maximum)",
                                   source: guide, resolution: "Keep the \(maximum) that the services need most, or split the claim."))
        }
        if claim.lines.isEmpty {
            edits.append(ClaimEdit(id: "lines-missing", severity: .error, message: "the claim has no service lines", source: guide, resolution: "Add the charges."))
        }
        for line in claim.lines where claim.kind == .professional {
            if line.diagnosisPointers.isEmpty {
                edits.append(ClaimEdit(id: "pointer-missing", severity: .error, lines: [line.number], codes: line.procedure.map { [$0] } ?? [],
                                       message: "line \(line.number) points to no diagnosis", source: "\(guide) SV107, required",
                                       resolution: "Point the line to the diagnosis (up to four) it treats."))
            }
            let bad = line.diagnosisPointers.filter { $0 < 1 || $0 > claim.diagnoses.count }
            if !bad.isEmpty {
                edits.append(ClaimEdit(id: "pointer-invalid", severity: .error, lines: [line.number], codes: line.procedure.map { [$0] } ?? [],
                                       message: "line \(line.number) points to diagnosis \(bad.map(String.init).joined(separator: ", ")), but the claim has \(claim.diagnoses.count)",
                                       source: "\(guide) SV107", resolution: "Point to one of the claim's diagnoses."))
            }
            if line.diagnosisPointers.count > 4 || Set(line.diagnosisPointers).count != line.diagnosisPointers.count {
                edits.append(ClaimEdit(id: "pointer-invalid", severity: .error, lines: [line.number],
                                       message: "line \(line.number) has pointers \(line.diagnosisPointers.map(String.init).joined(separator: ", ")): at most four, each once",
                                       source: "\(guide) SV107", resolution: "Keep up to four different pointers, the primary first."))
            }
        }
        if claim.kind == .institutional {
            for line in claim.lines where line.revenueCode?.isEmpty ?? true {
                edits.append(ClaimEdit(id: "revenue-code-missing", severity: .error, lines: [line.number], message: "line \(line.number) has no revenue code",
                                       source: "\(guide) SV201, required", resolution: "Add the revenue code of the department that gave the service."))
            }
        }
        for named in claim.npis where !GuideRules.isValidNPI(named.npi) {
            edits.append(ClaimEdit(id: "npi-invalid", severity: .error, codes: [named.npi],
                                   message: "the \(named.role)'s NPI \(named.npi) fails its check digit (Luhn, with the 80840 prefix)",
                                   source: "45 CFR 162.406, NPI standard", resolution: "Correct the NPI from NPPES."))
        }
        return edits
    }
}
