import FluentKit

/// A received file's text moves to a table of its own, `received_file_contents`, one row per file. SQLite rewrites a
/// whole row when any of its columns changes: the file's record is finished (notes, counts) after what the file did
/// is stored, which rewrote the text with it, 32 MB for an 835 of 100,000 claims. Existing files keep their text.
struct M017SeparateReceivedFileContents: AsyncMigration {
    var name: String { "M017SeparateReceivedFileContents" }

    func prepare(on database: Database) async throws {
        try await database.schema("received_file_contents")
            .field("file_id", .uuid, .identifier(auto: false), .references("received_files", "id"))
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("contents", .string, .required)
            .create()
        try await DatabaseStore.sql(database)
            .raw("INSERT INTO received_file_contents (file_id, tenant_id, contents) SELECT id, tenant_id, contents FROM received_files")
            .run()
        try await database.schema("received_files").deleteField("contents").update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("received_files").field("contents", .string, .required, .sql(.default(""))).update()
        try await DatabaseStore.sql(database)
            .raw("UPDATE received_files SET contents = (SELECT contents FROM received_file_contents WHERE file_id = received_files.id) WHERE id IN (SELECT file_id FROM received_file_contents)")
            .run()
        try await database.schema("received_file_contents").delete()
    }
}
