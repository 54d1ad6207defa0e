import FluentKit

/// Two tenant record tables of the same shape as M003's:
///
/// - `payer_enrollments`: each provider's enrollment with a payer for claims, ERA and EFT (`PayerEnrollment`).
/// - `bank_deposits`: money the bank received (`BankDeposit`), entered or imported from a bank statement, each with
///   the 835 payment reconciliation matched it to. A deposit's id is derived from its date, trace number and amount,
///   so the primary key keeps an import from recording it twice.
struct M013CreateEnrollmentsAndDeposits: AsyncMigration {
    var name: String { "M013CreateEnrollmentsAndDeposits" }

    func prepare(on database: Database) async throws {
        try await RecordTableShape.create("payer_enrollments", on: database)
        try await RecordTableShape.create("bank_deposits", on: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema("bank_deposits").delete()
        try await database.schema("payer_enrollments").delete()
    }
}

/// The shape every tenant record table has (M003CreateRecordTables): the record as JSON and the values its lists
/// sort and filter on, with the same indexes. Kept here, written out, so a later change to M003's code cannot change
/// what these migrations made.
enum RecordTableShape {
    static func create(_ table: String, on database: Database) async throws {
        let sql = try DatabaseStore.sql(database)
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
