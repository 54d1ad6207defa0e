/// One finding of the scrubber: what is wrong with a claim, where, why it matters (its source) and how to fix it.
public struct ClaimEdit: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
        /// Blocks submission: the claim is held until it is fixed.
        case error
        /// Worth a look; the claim may go.
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
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

    public init(id: String, severity: Severity, lines: [Int] = [], codes: [String] = [], message: String, source: String, resolution: String) {
        self.id = id; self.severity = severity; self.lines = lines; self.codes = codes; self.message = message
        self.source = source; self.resolution = resolution
    }

    public var description: String {
        "\(severity.rawValue) \(id)\(lines.isEmpty ? "" : " (line \(lines.map(String.init).joined(separator: ", ")))"): \(message) [\(source)] \(resolution)"
    }
}
