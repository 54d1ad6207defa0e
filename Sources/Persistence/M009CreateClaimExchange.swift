import FluentKit

/// Batches sent and files received (`ClaimExchangeStore`).
///
/// - `control_numbers`: the last number given out per tenant and counter ("interchange"), so no two batches of a
///   tenant share an interchange control number, even across restarts and concurrent senders.
/// - `claim_batches`: the batch as JSON (`body`, without its file) beside the columns lists use, and the 837 exactly
///   as written (`contents`). The control number is unique per tenant.
/// - `received_files`: 999s, 277CAs, 277s and 835s, whole, with what processing did; unique per tenant by the SHA-256
///   of their contents, which makes receiving the same file twice harmless.
/// - `claim_documents`: which batches and received files touched which claims, for the claim's timeline.
struct M009CreateClaimExchange: AsyncMigration {
    var name: String { "M009CreateClaimExchange" }

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        try await database.schema("control_numbers")
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("counter", .string, .required)
            .field("last_value", .int64, .required)
            .unique(on: "tenant_id", "counter", name: "control_numbers_tenant_counter_unique")
            .create()

        try await database.schema("claim_batches")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("kind", .string, .required)
            .field("payer_id", .uuid, .required)
            .field("interchange_control_number", .int64, .required)
            .field("file_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("body", .string, .required)
            .field("contents", .string, .required)
            .unique(on: "tenant_id", "interchange_control_number", name: "claim_batches_tenant_control_number_unique")
            .create()
        try await sql.create(index: "claim_batches_tenant_created").on("claim_batches")
            .column("tenant_id").column("created_at_ms").column("id").run()

        try await database.schema("received_files")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("fingerprint", .string, .required)
            .field("received_at_ms", .int64, .required)
            .field("body", .string, .required)
            .field("contents", .string, .required)
            .unique(on: "tenant_id", "fingerprint", name: "received_files_tenant_fingerprint_unique")
            .create()
        try await sql.create(index: "received_files_tenant_received").on("received_files")
            .column("tenant_id").column("received_at_ms").column("id").run()

        try await database.schema("claim_documents")
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("claim_id", .uuid, .required, .references("claims", "id"))
            .field("kind", .string, .required)
            .field("document_id", .uuid, .required)
            .field("name", .string, .required)
            .field("at_ms", .int64, .required)
            .create()
        try await sql.create(index: "claim_documents_claim").on("claim_documents").column("claim_id").column("at_ms").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("claim_documents").delete()
        try await database.schema("received_files").delete()
        try await database.schema("claim_batches").delete()
        try await database.schema("control_numbers").delete()
    }
}
