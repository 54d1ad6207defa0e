import CodeSets
import FluentKit
import Foundation

final class CodeSetImportModel: Model, @unchecked Sendable {
    static let schema = "codeset_imports"
    @ID(key: .id) var id: UUID?
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "finished_at") var finishedAt: Date
    @Field(key: "source_directory") var sourceDirectory: String
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "snapshot") var snapshot: String?
    @Field(key: "summary") var summary: String

    init() {}

    init(_ r: ImportRecord) {
        id = r.id; startedAt = r.startedAt; finishedAt = r.finishedAt; sourceDirectory = r.sourceDirectory
        outcome = r.outcome.rawValue; snapshot = r.snapshot; summary = r.summary
    }

    var record: ImportRecord {
        ImportRecord(id: id ?? UUID(), startedAt: startedAt, finishedAt: finishedAt, sourceDirectory: sourceDirectory,
                     outcome: ImportRecord.Outcome(rawValue: outcome) ?? .failed, snapshot: snapshot, summary: summary)
    }
}

/// Import history in the application's database.
public struct DatabaseImportHistory: ImportHistoryStore {
    let database: any Database
    public init(database: any Database) { self.database = database }

    public func record(_ record: ImportRecord) async throws {
        try await CodeSetImportModel(record).create(on: database)
    }

    public func recent(limit: Int) async throws -> [ImportRecord] {
        try await CodeSetImportModel.query(on: database).sort(\.$startedAt, .descending).limit(limit).all().map(\.record)
    }
}
