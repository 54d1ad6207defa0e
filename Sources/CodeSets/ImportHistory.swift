import Foundation

/// One code-set import as recorded in the database: who ran it, from where, what it produced or why it failed.
public struct ImportRecord: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable { case succeeded, failed }
    public var id: UUID
    public var startedAt: Date
    public var finishedAt: Date
    public var sourceDirectory: String
    public var outcome: Outcome
    /// The snapshot made active (succeeded), nil on failure.
    public var snapshot: String?
    /// One line per file read ("icd10cm-tabular-2026-April-1.xml: 46903 ICD-10-CM tabular"), or the error.
    public var summary: String

    public init(id: UUID = UUID(), startedAt: Date, finishedAt: Date, sourceDirectory: String, outcome: Outcome, snapshot: String?, summary: String) {
        self.id = id; self.startedAt = startedAt; self.finishedAt = finishedAt; self.sourceDirectory = sourceDirectory
        self.outcome = outcome; self.snapshot = snapshot; self.summary = summary
    }
}

/// Where import history is kept (the database, in production).
public protocol ImportHistoryStore: Sendable {
    func record(_ record: ImportRecord) async throws
    /// Newest first.
    func recent(limit: Int) async throws -> [ImportRecord]
}
