import FluentKit

/// The installation's tenants (practices and hospitals): every other tenant table refers to this one.
struct M002CreateTenants: AsyncMigration {
    var name: String { "M002CreateTenants" }

    func prepare(on database: Database) async throws {
        try await database.schema("tenants")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("tenants").delete()
    }
}
