import FluentKit

/// The posting exception queue (`PostingExceptionStore`): each item of an 835 that was not posted, as JSON (`body`)
/// beside the columns the queue filters and sorts on: status, kind, the received file, when it was received and its
/// place in the file (`position`: CLP position times 1000 plus the SVC position, 0 for the claim).
struct M015CreatePostingExceptions: AsyncMigration {
    var name: String { "M015CreatePostingExceptions" }

    func prepare(on database: Database) async throws {
        try await database.schema("posting_exceptions")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("received_file_id", .uuid, .required, .references("received_files", "id"))
            .field("claim_id", .uuid)
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("kind", .string, .required)
            .field("received_at_ms", .int64, .required)
            .field("position", .int64, .required)
            .field("body", .string, .required)
            .create()
        try await DatabaseStore.sql(database).create(index: "posting_exceptions_queue").on("posting_exceptions")
            .column("tenant_id").column("status").column("received_at_ms").column("position").column("id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("posting_exceptions").delete()
    }
}
