import FluentKit

/// One table per kind of tenant record, all of the same shape: the record as JSON (`body`) and the few values its
/// lists sort and filter on. Lists read `(tenant_id, sort_key, id)` in order; a patient's or an encounter's records
/// are found by the other two indexes, already in list order.
struct M003CreateRecordTables: AsyncMigration {
    var name: String { "M003CreateRecordTables" }

    /// Written out rather than taken from `RecordKind`: a migration never changes once released, and a new kind of
    /// record gets a migration of its own.
    static let tables = [
        "facilities", "providers", "payers", "patients", "coverages", "referrals", "prior_authorizations", "encounters",
        "charges", "fee_schedules",
    ]

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        for table in Self.tables {
            try await database.schema(table)
                .id()
                .field("tenant_id", .uuid, .required, .references("tenants", "id"))
                .field("version", .int, .required)
                .field("created_at", .datetime, .required)
                .field("updated_at", .datetime, .required)
                .field("sort_key", .string, .required)
                .field("search_text", .string, .required)
                .field("patient_id", .uuid)
                .field("encounter_id", .uuid)
                .field("status", .string)
                .field("body", .string, .required)
                .create()
            try await sql.create(index: "\(table)_tenant_sort").on(table).column("tenant_id").column("sort_key").column("id").run()
            try await sql.create(index: "\(table)_tenant_patient").on(table)
                .column("tenant_id").column("patient_id").column("sort_key").column("id").run()
            try await sql.create(index: "\(table)_tenant_encounter").on(table)
                .column("tenant_id").column("encounter_id").column("sort_key").column("id").run()
        }
    }

    func revert(on database: Database) async throws {
        for table in Self.tables.reversed() {
            try await database.schema(table).delete()
        }
    }
}
