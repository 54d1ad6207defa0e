import FluentKit

/// 276 claim status inquiries sent (`StatusInquiryStore`): the inquiry as JSON (`body`, without its file) and the 276
/// exactly as written (`contents`); the claims asked about are linked in `claim_documents`.
struct M014CreateStatusInquiries: AsyncMigration {
    var name: String { "M014CreateStatusInquiries" }

    func prepare(on database: Database) async throws {
        try await database.schema("status_inquiries")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("interchange_control_number", .int64, .required)
            .field("created_at_ms", .int64, .required)
            .field("body", .string, .required)
            .field("contents", .string, .required)
            .create()
        try await DatabaseStore.sql(database).create(index: "status_inquiries_tenant_created").on("status_inquiries")
            .column("tenant_id").column("created_at_ms").column("id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("status_inquiries").delete()
    }
}
