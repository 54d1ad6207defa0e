import FluentKit

/// Claims and their status changes.
///
/// `claims` keeps the claim as JSON (`body`, without its history) beside the columns worklists filter and sort on:
/// status, payer, patient, encounter, dates of service (ISO text, which sorts as dates), the ledger's totals in
/// cents, and the time of the last status change in whole milliseconds (an integer, so the worklist's keyset cursor
/// compares exactly in both databases). Nothing but the id is unique: a replacement or void reuses the patient
/// control number of the claim it replaces, and a secondary claim may carry the primary's.
///
/// `claim_events` is the history, one row per transition, numbered by the database: the installation's event feed.
/// `claims.history_count` says how many of a claim's events belong to the version in `body`, so a claim read while
/// another writer appends is still read whole and consistent.
struct M004CreateClaims: AsyncMigration {
    var name: String { "M004CreateClaims" }

    func prepare(on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
        try await database.schema("claims")
            .id()
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("kind", .string, .required)
            .field("payer_id", .uuid, .required)
            .field("patient_id", .uuid, .required)
            .field("encounter_id", .uuid, .required)
            .field("coverage_id", .uuid, .required)
            .field("patient_control_number", .string, .required)
            .field("frequency", .string, .required)
            .field("service_from", .string)
            .field("service_through", .string)
            .field("total_charge_cents", .int64, .required)
            .field("payments_cents", .int64, .required)
            .field("adjustments_cents", .int64, .required)
            .field("patient_responsibility_cents", .int64, .required)
            .field("balance_cents", .int64, .required)
            .field("status_changed_at_ms", .int64, .required)
            .field("history_count", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("body", .string, .required)
            .create()
        // Worklists: by status (the usual), across statuses, by payer, a patient's or an encounter's claims, and the
        // claim an acknowledgment or remittance names by its control number.
        try await sql.create(index: "claims_worklist").on("claims")
            .column("tenant_id").column("status").column("status_changed_at_ms").column("id").run()
        try await sql.create(index: "claims_tenant_changed").on("claims")
            .column("tenant_id").column("status_changed_at_ms").column("id").run()
        try await sql.create(index: "claims_tenant_payer").on("claims").column("tenant_id").column("payer_id").column("status").run()
        try await sql.create(index: "claims_tenant_patient").on("claims").column("tenant_id").column("patient_id").run()
        try await sql.create(index: "claims_tenant_encounter").on("claims").column("tenant_id").column("encounter_id").run()
        try await sql.create(index: "claims_tenant_control_number").on("claims").column("tenant_id").column("patient_control_number").run()

        try await database.schema("claim_events")
            .field("sequence", .int64, .identifier(auto: true))
            .field("tenant_id", .uuid, .required, .references("tenants", "id"))
            .field("claim_id", .uuid, .required, .references("claims", "id"))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("actor_user_id", .uuid, .required)
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .field("reason", .string, .required)
            .field("source_kind", .string)
            .field("source_reference", .string)
            .create()
        try await sql.create(index: "claim_events_tenant_sequence").on("claim_events").column("tenant_id").column("sequence").run()
        try await sql.create(index: "claim_events_claim_sequence").on("claim_events").column("claim_id").column("sequence").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("claim_events").delete()
        try await database.schema("claims").delete()
    }
}
