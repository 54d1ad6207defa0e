import CodeSets

/// The Medicare Code Editor's diagnosis edits, with the MCE release in force on the first date of service: age
/// conflict, unacceptable principal diagnosis, and (with or without the MCE) an external cause as principal diagnosis.
/// The MCE's manifestation list feeds `DiagnosisRuleEdits.manifestationFirst`.
enum MedicareCodeEdits {
    static func check(_ claim: ScrubClaim, _ mce: MCETable?) -> [ClaimEdit] {
        guard claim.firstServiceDate != nil else { return [] }
        var edits = externalCausePrincipal(claim, mce)
        if let mce { edits += ageConflict(claim, mce) + unacceptablePrincipal(claim, mce) }
        return edits
    }

    static func ageConflict(_ claim: ScrubClaim, _ mce: MCETable) -> [ClaimEdit] {
        guard let born = claim.patientBirthDate, let date = claim.firstServiceDate, born <= date else { return [] }
        let years = born.age(on: date)
        var edits: [ClaimEdit] = []
        for (n, raw) in claim.diagnoses.enumerated() {
            guard let code = PackedDiagnosis(raw) else { continue }
            for list in mce.ageLists where !list.ages.contains(years) && list.codes.contains(code) {
                let range = list.ages.count == 1 ? "age \(list.ages.lowerBound)" : "ages \(list.ages.lowerBound) to \(list.ages.upperBound)"
                let rangeShort = list.ages.count == 1 ? "\(list.ages.lowerBound)" : "\(list.ages.lowerBound)-\(list.ages.upperBound)"
                edits.append(ClaimEdit(
                    id: "dx-age-conflict", severity: .error, lines: DiagnosisRuleEdits.lines(claim, pointingTo: [n + 1]), codes: [code.dotted],
                    message: "diagnosis \(n + 1), \(code.dotted), is a \(list.category.rawValue) diagnosis (\(range)); the patient is \(years) on \(date) (born \(born))",
                    source: "\(mce.sourceName), age conflict: \(list.category.rawValue) \(rangeShort)",
                    resolution: "The diagnosis or the date of birth is wrong: check the patient's date of birth, then code the condition as documented for a patient of this age."))
            }
        }
        return edits
    }

    /// An inpatient edit: outpatient guidelines (Official Guidelines IV) make some of these codes first-listed, as for a
    /// preventive visit (Z00.00) or an immunization (Z23), so professional and outpatient claims are not judged by it.
    static func unacceptablePrincipal(_ claim: ScrubClaim, _ mce: MCETable) -> [ClaimEdit] {
        guard claim.isInpatient, let raw = claim.diagnoses.first, let code = PackedDiagnosis(raw), mce.unacceptablePrincipal.contains(code) else { return [] }
        if mce.acceptableWithSecondary.contains(code), claim.diagnoses.count > 1 { return [] }
        let secondaryNote = mce.acceptableWithSecondary.contains(code) ? " (acceptable with a secondary diagnosis: the claim has none)" : ""
        return [ClaimEdit(
            id: "dx-unacceptable-principal", severity: .error,
            lines: DiagnosisRuleEdits.lines(claim, pointingTo: [1]), codes: [code.dotted],
            message: "diagnosis 1, \(code.dotted), is unacceptable as principal diagnosis\(secondaryNote): it describes a circumstance that influences health status, not a current illness or injury",
            source: "\(mce.sourceName), unacceptable principal diagnosis",
            resolution: "Make the condition chiefly responsible for the admission the principal diagnosis and report \(code.dotted) as a secondary diagnosis."
        )]
    }

    /// V00-Y99 describe how an injury happened, not the injury.
    static func externalCausePrincipal(_ claim: ScrubClaim, _ mce: MCETable?) -> [ClaimEdit] {
        guard let raw = claim.diagnoses.first, let code = PackedDiagnosis(raw), code.count >= 3,
              (0x56...0x59).contains(code.character(at: 0)), (0x30...0x39).contains(code.character(at: 1)) else { return [] }
        return [ClaimEdit(
            id: "dx-external-cause-principal", severity: .error, lines: DiagnosisRuleEdits.lines(claim, pointingTo: [1]), codes: [code.dotted],
            message: "diagnosis 1, \(code.dotted), is an external cause code: it describes how an injury or condition came about, not what it is, and is never first-listed",
            source: mce.map { "\($0.sourceName), external causes of morbidity as principal diagnosis" } ?? "ICD-10-CM Official Guidelines I.C.20",
            resolution: "List the injury or condition first (chapters 1-19) and report \(code.dotted) after it.")]
    }
}
