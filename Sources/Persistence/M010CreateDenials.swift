import FluentKit

/// The denial worklist and appeals (`DenialStore`).
///
/// - `denials`: each denied claim or line an 835 posted, as JSON (`body`) beside the columns the worklist filters and
///   sorts on: status, category, payer, claim, and the appeal deadline (ISO date text, which sorts as dates).
/// - `appeals`: each appeal with its letter and outcome, as JSON beside the claim and whether it is decided.
struct M010CreateDenials: AsyncMigration {
    var name: String { "M010CreateDenials" }

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        try await database.schema("denials")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("claim_id", .uuid, .required, .references("claims", "id"))
            .field("payer_id", .uuid, .required)
            .field("received_file_id", .uuid, .references("received_files", "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("category", .string, .required)
            .field("appeal_deadline", .string, .required)
            .field("denied_cents", .int64, .required)
            .field("body", .string, .required)
            .create()
        try await sql.create(index: "denials_tenant_deadline").on("denials")
            .column("tenant_id").column("appeal_deadline").column("id").run()
        try await sql.create(index: "denials_claim").on("denials").column("claim_id").run()

        try await database.schema("appeals")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("claim_id", .uuid, .required, .references("claims", "id"))
            .field("version", .int, .required)
            .field("pending", .bool, .required)
            .field("created_at_ms", .int64, .required)
            .field("body", .string, .required)
            .create()
        try await sql.create(index: "appeals_tenant_created").on("appeals")
            .column("tenant_id").column("created_at_ms").column("id").run()
        try await sql.create(index: "appeals_claim").on("appeals").column("claim_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("appeals").delete()
        try await database.schema("denials").delete()
    }
}
