import FluentKit

/// Requests answered under an idempotency key, one row per (tenant, key).
struct M006CreateIdempotencyKeys: AsyncMigration {
    var name: String { "M006CreateIdempotencyKeys" }

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        try await database.schema("idempotency_keys")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("idempotency_key", .string, .required)
            .field("request_fingerprint", .string, .required)
            .field("status", .int)
            .field("body", .data)
            .field("created_at", .datetime, .required)
            .unique(on: "tenant_id", "idempotency_key", name: "idempotency_keys_tenant_key_unique")
            .create()
        try await sql.create(index: "idempotency_keys_created_at").on("idempotency_keys").column("created_at").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}
