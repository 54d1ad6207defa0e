import FluentKit

/// Users, their roles in tenants, and sign-in grants (browser sessions and API tokens, kept as hashes).
struct M005CreateAccess: AsyncMigration {
    var name: String { "M005CreateAccess" }

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_active", .bool, .required)
            .field("failed_sign_ins", .int, .required)
            .field("locked_until", .datetime)
            .field("last_sign_in_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "email", name: "users_email_unique")
            .create()

        try await database.schema("memberships")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("role", .string, .required)
            .unique(on: "user_id", "tenant_id", name: "memberships_user_tenant_unique")
            .create()
        try await sql.create(index: "memberships_tenant").on("memberships").column("tenant_id").run()

        try await database.schema("access_grants")
            .id()
            .field("kind", .string, .required)
            .field("secret_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("csrf_token", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("source_address", .string, .required)
            .unique(on: "secret_hash", name: "access_grants_secret_hash_unique")
            .create()
        try await sql.create(index: "access_grants_expires_at").on("access_grants").column("expires_at").run()
        try await sql.create(index: "access_grants_user").on("access_grants").column("user_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("access_grants").delete()
        try await database.schema("memberships").delete()
        try await database.schema("users").delete()
    }
}
