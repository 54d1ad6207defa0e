/// A condition category coded in the prior year and not (nor anything above it in its hierarchy) this year: chronic
/// conditions do not go away, so it is a chart to review, not a code to add.
public struct SuspectedGap: Sendable, Hashable, Codable {
    public var category: Int
    public var label: String?
    /// The prior year's diagnoses that gave it.
    public var priorDiagnoses: [String]
    /// What the category alone would add to this year's score in the enrollee's segment, when it has a coefficient.
    public var coefficient: RiskValue?
}

extension RiskAdjustmentTables {
    public func suspectedGaps(_ enrollee: Enrollee, priorYear: [String], currentYear: [String],
                              model: RiskModel) throws -> [SuspectedGap] {
        let tables = try tables(for: model)
        var prior = ScoreTrace(), current = ScoreTrace()
        _ = tables.evaluate(enrollee, diagnoses: priorYear, trace: &prior)
        _ = tables.evaluate(enrollee, diagnoses: currentYear, trace: &current)
        let now = ConditionCategorySet(current.categories)
        let coefficients = tables.segments[enrollee.segment]!
        return prior.categories.compactMap { cc in
            // Covered when coded again, or when a category that outranks it is coded this year.
            if now.contains(cc) || now.contains(where: { tables.childrenOf[$0].contains(cc) }) { return nil }
            return SuspectedGap(category: cc, label: tables.labels[cc], priorDiagnoses: prior.diagnoses[cc] ?? [],
                                coefficient: coefficients.categories[cc].map(RiskValue.init))
        }
    }
}
