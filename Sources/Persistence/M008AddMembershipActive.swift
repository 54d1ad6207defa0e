import FluentKit

/// Memberships can be deactivated: an administrator ends a user's access to their own practice only, leaving the
/// user's work for other practices of the billing company untouched. Existing memberships stay active.
struct M008AddMembershipActive: AsyncMigration {
    var name: String { "M008AddMembershipActive" }

    func prepare(on database: Database) async throws {
        try await database.schema("memberships")
            .field("is_active", .bool, .required, .sql(.default(true)))
            .update()
    }

    func revert(on database: Database) async throws {
        try await database.schema("memberships").deleteField("is_active").update()
    }
}
