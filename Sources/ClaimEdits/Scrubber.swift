import CodeSets

/// The scrubber: every edit family run over a claim, on its dates of service. Families are plain functions of the
/// claim and the reference data; each finding explains itself (see `ClaimEdit`).
public struct Scrubber: Sendable {
    public let library: CodeSetLibrary

    public init(library: CodeSetLibrary) {
        self.library = library
    }

    /// Every edit the claim trips, errors first, then by line.
    public func scrub(_ claim: ScrubClaim) -> [ClaimEdit] {
        let edits = CodeValidityEdits.check(claim, library) + CompletenessEdits.check(claim)
        return edits.sorted { ($0.severity, $0.lines.first ?? 0, $0.id) < ($1.severity, $1.lines.first ?? 0, $1.id) }
    }
}
