import FluentKit
import SQLKit

/// On SQLite, the foreign keys of the rows a received file appends by the thousand (`claim_events`, `claim_documents`,
/// `denials`) are checked at commit instead of after each statement. A multi-row INSERT that checks foreign keys as
/// it goes first copies every page it touches to a statement journal, to undo itself alone if a key is missing: for an
/// 835 of 100,000 claims, gigabytes of copies and the allocations they take, all on the critical path. A missing key
/// still fails the commit, and the whole transaction is rolled back. SQLite cannot alter a constraint, so each table
/// is rebuilt (rows, ids and indexes kept). PostgreSQL has no such journal and keeps its constraints as they are.
struct M018DeferForeignKeysOfAppendedRows: AsyncMigration {
    var name: String { "M018DeferForeignKeysOfAppendedRows" }

    static let tables = ["claim_events", "claim_documents", "denials"]
    static let immediate = "ON DELETE NO ACTION ON UPDATE NO ACTION"
    static let deferred = immediate + " DEFERRABLE INITIALLY DEFERRED"

    func prepare(on database: Database) async throws {
        try await Self.rebuild(on: database) { $0.replacingOccurrences(of: Self.immediate, with: Self.deferred) }
    }

    func revert(on database: Database) async throws {
        try await Self.rebuild(on: database) { $0.replacingOccurrences(of: Self.deferred, with: Self.immediate) }
    }

    /// Rebuilds each table from its own `CREATE TABLE` text changed by `definition`, in one transaction.
    private static func rebuild(on database: Database, _ definition: @escaping @Sendable (String) -> String) async throws {
        guard try DatabaseStore.sql(database).dialect.name == "sqlite" else { return }
        try await database.transaction { db in
            let sql = try DatabaseStore.sql(db)
            for table in tables {
                let schema = try await sql.raw("SELECT type, sql FROM sqlite_master WHERE tbl_name = \(bind: table) AND sql IS NOT NULL").all()
                    .map { (type: try $0.decode(column: "type", as: String.self), sql: try $0.decode(column: "sql", as: String.self)) }
                guard let create = schema.first(where: { $0.type == "table" })?.sql, create.hasPrefix("CREATE TABLE \"\(table)\" (") else {
                    throw StoreIntegrityError("the table \(table) to rebuild was not found as expected")
                }
                let changedDefinition = definition(create)
                guard changedDefinition != create else {
                    throw StoreIntegrityError("the foreign keys of the table \(table) are not in the form this migration changes")
                }
                let rebuilt = "\(table)_rebuilt"
                let changed = changedDefinition.replacingOccurrences(of: "CREATE TABLE \"\(table)\"", with: "CREATE TABLE \"\(rebuilt)\"")
                try await sql.raw(SQLQueryString(changed)).run()
                try await sql.raw("INSERT INTO \(ident: rebuilt) SELECT * FROM \(ident: table)").run()
                try await sql.raw("DROP TABLE \(ident: table)").run()
                try await sql.raw("ALTER TABLE \(ident: rebuilt) RENAME TO \(ident: table)").run()
                for index in schema where index.type == "index" { try await sql.raw(SQLQueryString(index.sql)).run() }
            }
        }
    }
}
