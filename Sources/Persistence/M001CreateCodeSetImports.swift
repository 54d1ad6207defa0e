import FluentKit

struct M001CreateCodeSetImports: AsyncMigration {
    var name: String { "M001CreateCodeSetImports" }

    func prepare(on database: Database) async throws {
        try await database.schema("codeset_imports")
            .id()
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime, .required)
            .field("source_directory", .string, .required)
            .field("outcome", .string, .required)
            .field("snapshot", .string)
            .field("summary", .string, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("codeset_imports").delete()
    }
}
