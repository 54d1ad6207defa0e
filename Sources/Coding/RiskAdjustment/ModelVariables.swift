/// The score variables of a CMS-HCC model beyond the age/sex cells and the HCCs themselves: disease groups,
/// their interactions, and the disabled interactions, as CMS's model software defines them.
struct InteractionDefinition: Sendable {
    /// The variable name as it appears after the segment prefix in the coefficient table, e.g. "DIABETES_HF_V28".
    var name: String
    /// Every group must hold at least one of the enrollee's HCCs.
    var groups: [ConditionCategorySet]
    /// Only for enrollees under 65 entitled by disability.
    var requiresDisabled: Bool = false

    func applies(to hccs: ConditionCategorySet, disabled: Bool) -> Bool {
        if requiresDisabled && !disabled { return false }
        for group in groups where !hccs.intersects(group) { return false }
        return true
    }
}

extension RiskModel {
    var interactions: [InteractionDefinition] {
        switch self {
        case .v24: V24Groups.interactions
        case .v28: V28Groups.interactions
        }
    }

    /// V28 only: heart failure HCC 223 counts only alongside another heart failure HCC (CMS's V28 software).
    var conditionalCategory: (category: Int, requiresAnyOf: ConditionCategorySet, reason: String)? {
        guard self == .v28 else { return nil }
        return (223, ConditionCategorySet([221, 222, 224, 225, 226]),
                "V28: HCC 223 counts only beside another heart failure HCC (221, 222, 224, 225 or 226)")
    }
}

private func hccs(_ numbers: Int...) -> ConditionCategorySet { ConditionCategorySet(numbers) }
private func hccs(_ range: ClosedRange<Int>) -> ConditionCategorySet { ConditionCategorySet(range) }

private enum V28Groups {
    static let cancer = hccs(17...23)
    static let diabetes = hccs(35...38)
    static let cardioRespiratoryFailure = hccs(211...213)
    static let heartFailure = hccs(221...226)
    static let chronicLung = hccs(276...280)
    static let kidney = hccs(326...329)
    static let substanceUseDisorder = hccs(135...139)
    static let psychiatric = hccs(151...155)
    static let neurological = hccs(180, 181, 182, 190, 191, 192, 195, 196, 198, 199)
    static let ulcer = hccs(379...382)

    static let interactions: [InteractionDefinition] = [
        .init(name: "DIABETES_HF_V28", groups: [diabetes, heartFailure]),
        .init(name: "HF_CHR_LUNG_V28", groups: [heartFailure, chronicLung]),
        .init(name: "HF_KIDNEY_V28", groups: [heartFailure, kidney]),
        .init(name: "CHR_LUNG_CARD_RESP_FAIL_V28", groups: [chronicLung, cardioRespiratoryFailure]),
        .init(name: "HF_HCC238_V28", groups: [heartFailure, hccs(238)]),
        .init(name: "gSubUseDisorder_gPsych_V28", groups: [substanceUseDisorder, psychiatric]),
        .init(name: "DISABLED_CANCER_V28", groups: [cancer], requiresDisabled: true),
        .init(name: "DISABLED_NEURO_V28", groups: [neurological], requiresDisabled: true),
        .init(name: "DISABLED_HF_V28", groups: [heartFailure], requiresDisabled: true),
        .init(name: "DISABLED_CHR_LUNG_V28", groups: [chronicLung], requiresDisabled: true),
        .init(name: "DISABLED_ULCER_V28", groups: [ulcer], requiresDisabled: true),
    ]
}

private enum V24Groups {
    static let cancer = hccs(8...12)
    static let diabetes = hccs(17...19)
    static let cardioRespiratoryFailure = hccs(82...84)
    static let heartFailure = hccs(85)
    static let copdAndCysticFibrosis = hccs(110...112)
    static let renal = hccs(134...138)
    static let sepsis = hccs(2)
    static let substanceUseDisorder = hccs(54...56)
    static let psychiatric = hccs(57...60)
    static let pressureUlcer = hccs(157...159)
    static let artificialOpenings = hccs(188)
    static let aspirationPneumonia = hccs(114)
    static let schizophrenia = hccs(57)

    static let interactions: [InteractionDefinition] = [
        .init(name: "HCC47_gCancer", groups: [hccs(47), cancer]),
        .init(name: "DIABETES_CHF", groups: [diabetes, heartFailure]),
        .init(name: "CHF_gCopdCF", groups: [heartFailure, copdAndCysticFibrosis]),
        .init(name: "HCC85_gRenal_V24", groups: [heartFailure, renal]),
        .init(name: "gCopdCF_CARD_RESP_FAIL", groups: [copdAndCysticFibrosis, cardioRespiratoryFailure]),
        .init(name: "HCC85_HCC96", groups: [heartFailure, hccs(96)]),
        .init(name: "gSubstanceUseDisorder_gPsych", groups: [substanceUseDisorder, psychiatric]),
        .init(name: "SEPSIS_PRESSURE_ULCER", groups: [sepsis, pressureUlcer]),
        .init(name: "SEPSIS_ARTIF_OPENINGS", groups: [sepsis, artificialOpenings]),
        .init(name: "ART_OPENINGS_PRESS_ULCER", groups: [artificialOpenings, pressureUlcer]),
        .init(name: "gCopdCF_ASP_SPEC_B_PNEUM", groups: [copdAndCysticFibrosis, aspirationPneumonia]),
        .init(name: "ASP_SPEC_B_PNEUM_PRES_ULC", groups: [aspirationPneumonia, pressureUlcer]),
        .init(name: "SEPSIS_ASP_SPEC_BACT_PNEUM", groups: [sepsis, aspirationPneumonia]),
        .init(name: "SCHIZOPHRENIA_gCopdCF", groups: [schizophrenia, copdAndCysticFibrosis]),
        .init(name: "SCHIZOPHRENIA_CHF", groups: [schizophrenia, heartFailure]),
        .init(name: "SCHIZOPHRENIA_SEIZURES", groups: [schizophrenia, hccs(79)]),
        .init(name: "DISABLED_HCC85", groups: [heartFailure], requiresDisabled: true),
        .init(name: "DISABLED_PRESSURE_ULCER", groups: [pressureUlcer], requiresDisabled: true),
        .init(name: "DISABLED_HCC161", groups: [hccs(161)], requiresDisabled: true),
        .init(name: "DISABLED_HCC39", groups: [hccs(39)], requiresDisabled: true),
        .init(name: "DISABLED_HCC77", groups: [hccs(77)], requiresDisabled: true),
        .init(name: "DISABLED_HCC6", groups: [hccs(6)], requiresDisabled: true),
    ]
}
