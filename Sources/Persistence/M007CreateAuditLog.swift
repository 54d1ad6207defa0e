import FluentKit

/// The hash-chained audit log. The sequence is the chain's, not the database's: each entry is numbered and hashed
/// after the one before it, so the primary key also refuses a second entry with the same number (two appends that
/// read the same last entry).
struct M007CreateAuditLog: AsyncMigration {
    var name: String { "M007CreateAuditLog" }

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        try await database.schema("audit_log")
            .field("sequence", .int64, .identifier(auto: false))
            .field("tenant_id", .uuid)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("at_ms", .int64, .required)
            .field("source_address", .string, .required)
            .field("detail", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await sql.create(index: "audit_log_tenant_sequence").on("audit_log").column("tenant_id").column("sequence").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
