/// One finding of the scrubber: what is wrong with a claim, where, why it matters (its source) and how to fix it.
public struct ClaimEdit: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
        /// Blocks submission: the claim is held until it is fixed.
        case error
        /// Blocks submission until a person has looked, though nothing need be wrong (a payer rule's "hold").
        case hold
        /// Worth a look; the claim may go.
        case warning

        /// Errors and holds keep the claim from leaving.
        public var blocksSubmission: Bool { self != .warning }

        public static func < (a: Severity, b: Severity) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    /// Stable and documented in docs/CLAIM_EDITS.md, e.g. "dx-not-billable", "ncci-ptp".
    public var id: String
    public var severity: Severity
    /// The service lines involved (1-based line numbers); empty for the claim as a whole.
    public var lines: [Int]
    public var codes: [String]
    /// What is wrong, in plain words.
    public var message: String
    /// Where the rule comes from, with its date or version: "ICD-10-CM FY2026", "NCCI practitioner PTP, effective
    /// 2026-04-01, modifier indicator 1".
    public var source: String
    /// How to fix it.
    public var resolution: String
    /// A modifier the edit suggests adding to its lines (a payer rule's "suggest a modifier"); never applied by itself.
    public var suggestedModifier: String?

    public init(id: String, severity: Severity, lines: [Int] = [], codes: [String] = [], message: String, source: String, resolution: String,
                suggestedModifier: String? = nil) {
        self.id = id; self.severity = severity; self.lines = lines; self.codes = codes; self.message = message
        self.source = source; self.resolution = resolution; self.suggestedModifier = suggestedModifier
    }

    public var description: String {
        "\(severity.rawValue) \(id)\(lines.isEmpty ? "" : " (line \(lines.map(String.init).joined(separator: ", ")))"): \(message) [\(source)] \(resolution)"
    }
}
