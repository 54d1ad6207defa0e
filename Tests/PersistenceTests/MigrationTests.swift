import CodeSets
import DatabaseTestSupport
import FluentPostgresDriver
import Foundation
@testable import Persistence
import RevenueCycle
import XCTest

final class MigrationTests: XCTestCase {
    func testMigrationsApplyOnceAndRevertOnSQLite() async throws {
        try await checkMigrations(try TestDatabases.sqlite(self))
    }

    func testMigrationsApplyOnceAndRevertOnPostgreSQL() async throws {
        try await checkMigrations(try await TestDatabases.postgres(self))
    }

    /// Readers of a SQLite file in its default rollback journal waited for every commit by spinning (SQLiteNIO
    /// retries a busy lock at once); migrating puts the file in WAL mode, which it keeps.
    func testSQLiteIsInWriteAheadLogModeAfterMigrating() async throws {
        let location = try TestDatabases.sqlite(self)
        try await DatabaseSession.with(location) { session in
            try await session.migrate()
        }
        try await DatabaseSession.with(location) { session in
            let sql = try XCTUnwrap(session.database as? any SQLDatabase)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            XCTAssertEqual(mode, "wal", "a new connection finds the file in WAL mode")
            let synchronous = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            XCTAssertEqual(synchronous, 2, "FULL: a commit survives a power loss")
        }
    }

    /// A received file's transaction (`inTransaction`) leaves copying SQLite's write-ahead log into the database file to
    /// a checkpoint after its commit (copying 700 MB of log held a 100,000-claim 835's commit for over a second), and
    /// that checkpoint runs: the database file alone, without the log, then holds what was committed.
    func testSQLiteCopiesALargeTransactionsLogIntoTheDatabaseFileAfterItsCommit() async throws {
        let location = try TestDatabases.sqlite(self)
        guard case .sqlite(let path) = location else { return XCTFail("a SQLite location") }
        let copy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("database-file-alone.sqlite").path
        let tenant = StoreFixture.tenant(1, "Checkpointed Practice")
        try await DatabaseSession.with(location) { session in
            try await session.migrate()
            let store = DatabaseStore(database: session.database)
            try await store.inTransaction { store in
                let inside = try await sql(store).raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self)
                XCTAssertEqual(inside, 0, "the commit itself copies nothing")
                try await store.saveTenant(tenant)
            }
            try await store.smallTransaction { store in
                let small = try await sql(store).raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self)
                XCTAssertEqual(small, 1000, "a small transaction keeps SQLite's own checkpoint at commit")
                try await store.saveTenant(StoreFixture.tenant(2, "Ordinary Practice"))
            }
            try await store.saveTenant(StoreFixture.tenant(3, "Another Practice"))
            let ordinary = try await sql(store).raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self)
            XCTAssertEqual(ordinary, 1000, "other writes keep SQLite's own checkpoint at commit")
            await LogCheckpoint.finished()
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        }
        try await DatabaseSession.with(.sqlite(path: copy)) { session in
            let found = try await DatabaseStore(database: session.database).tenant(id: tenant.id)
            XCTAssertEqual(found?.name, tenant.name, "the database file holds the transaction's writes")
        }
    }

    /// SQLite refuses to change `temp_store` inside a transaction once a connection's temporary database is open, as
    /// a migration's ALTER TABLE ... DROP COLUMN leaves it: every write transaction on such a connection failed.
    func testSQLiteWritesOnAConnectionWhoseTemporaryDatabaseIsOpen() async throws {
        try await DatabaseSession.with(try TestDatabases.sqlite(self)) { session in
            try await session.migrate()
            try await session.database.withConnection { connection in
                let store = DatabaseStore(database: connection)
                try await sql(store).raw("CREATE TEMP TABLE scratch (x INTEGER)").run()
                try await store.saveTenant(StoreFixture.tenant(1, "Plain Write"))
                try await store.inTransaction { try await $0.saveTenant(StoreFixture.tenant(2, "Received File")) }
                try await store.smallTransaction { try await $0.saveTenant(StoreFixture.tenant(3, "Record Write")) }
            }
            let names = try await DatabaseStore(database: session.database).allTenants().map(\.name)
            XCTAssertEqual(Set(names).intersection(["Plain Write", "Received File", "Record Write"]).count, 3)
        }
    }

    /// M017 moves received files' text to a table of its own and back again on revert: no file loses its text.
    func testReceivedFilesKeepTheirTextAcrossTheContentsMigration() async throws {
        try await DatabaseSession.with(try TestDatabases.sqlite(self)) { session in
            try await session.migrate()
            let store = DatabaseStore(database: session.database)
            let tenant = StoreFixture.tenant(1, "Receiving Practice")
            try await store.saveTenant(tenant)
            let file = ReceivedFile(id: UUID(), tenantID: tenant.id, kind: .remittance, name: "era.835", contents: "ISA*00*~IEA*1*000000001~",
                                    receivedAt: Date(timeIntervalSince1970: 1_800_000_000), receivedBy: ClaimActor(userID: UUID(), displayName: "Biller"))
            _ = try await store.insertReceivedFile(file, claims: [])
            let stored = try await store.receivedFile(id: file.id, tenantID: tenant.id)
            XCTAssertEqual(stored?.value.contents, file.contents)

            try await M017SeparateReceivedFileContents().revert(on: session.database)
            let column = try await sql(store).raw("SELECT contents FROM received_files").first()?.decode(column: "contents", as: String.self)
            XCTAssertEqual(column, file.contents, "reverted, the text is back in the file's row")

            try await M017SeparateReceivedFileContents().prepare(on: session.database)
            let byID = try await store.receivedFile(id: file.id, tenantID: tenant.id)
            let byFingerprint = try await store.receivedFile(fingerprint: file.fingerprint, tenantID: tenant.id)
            XCTAssertEqual(byID?.value.contents, file.contents)
            XCTAssertEqual(byFingerprint?.value.contents, file.contents)
        }
    }

    /// M018: on SQLite the foreign keys of the rows appended by the thousand are checked at commit (no statement
    /// journal). A missing key still fails the commit and leaves nothing of the transaction; the rebuilt tables keep
    /// their rows, ids and indexes, and revert makes the keys immediate again.
    func testAppendedRowsForeignKeysAreCheckedAtCommit() async throws {
        try await DatabaseSession.with(try TestDatabases.sqlite(self)) { session in
            try await session.migrate()
            let store = DatabaseStore(database: session.database)
            let f = StoreFixture()
            try await f.saveTenants(store)
            var claim = try f.claim()
            try claim.move([.ready, .batched], from: 0)
            try await store.bulkInsertClaims([claim])

            func schema() async throws -> [String: String] {
                Dictionary(uniqueKeysWithValues: try await sql(store).raw("""
                    SELECT name, sql FROM sqlite_master WHERE tbl_name IN ('claim_events', 'claim_documents', 'denials') AND sql IS NOT NULL
                    """).all().map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "sql", as: String.self)) })
            }
            func events() async throws -> [String] {
                try await sql(store).raw("SELECT sequence, claim_id, to_status FROM claim_events ORDER BY sequence").all().map {
                    "\(try $0.decode(column: "sequence", as: Int.self)) \(try $0.decode(column: "claim_id", as: String.self)) \(try $0.decode(column: "to_status", as: String.self))"
                }
            }
            /// Two events in one statement, as a received file appends them.
            func append(_ first: UUID, _ second: UUID) async throws {
                let tenantID = f.tenant.id.uuidString
                try await store.inTransaction { store in
                    try await store.saveTenant(StoreFixture.tenant(3, "Appending Practice"))
                    try await sql(store).raw("""
                        INSERT OR FAIL INTO claim_events (tenant_id, claim_id, from_status, to_status, actor_user_id, actor_name, "at", reason)
                        VALUES (\(bind: tenantID), \(bind: first.uuidString), 'batched', 'submitted', \(bind: tenantID), 'Biller', 1.0, 'sent'),
                               (\(bind: tenantID), \(bind: second.uuidString), 'batched', 'submitted', \(bind: tenantID), 'Biller', 1.0, 'sent')
                        """).run()
                }
            }
            let definitions = try await schema()
            XCTAssertEqual(Set(definitions.keys), ["claim_events", "claim_events_tenant_sequence", "claim_events_claim_sequence", "claim_documents",
                                                   "claim_documents_claim", "denials", "denials_tenant_deadline", "denials_claim"])
            for table in ["claim_events", "claim_documents", "denials"] {
                XCTAssertTrue(definitions[table]?.contains("REFERENCES \"claims\" (\"id\") ON DELETE NO ACTION ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED") == true, table)
            }
            let before = try await events()
            XCTAssertEqual(before.count, 2)

            do {
                try await append(claim.id, UUID())
                XCTFail("an event of a claim that does not exist was committed")
            } catch {
                XCTAssertTrue(String(describing: error).contains("FOREIGN KEY"), "\(error)")
            }
            var unchanged = try await events()
            XCTAssertEqual(unchanged, before, "nothing of the failed transaction stays")
            let tenant = try await store.tenant(id: StoreFixture.id(3))
            XCTAssertNil(tenant, "nothing of the failed transaction stays")
            try await append(claim.id, claim.id)
            let appended = try await events()
            XCTAssertEqual(appended.count, 4, "rows whose keys exist are committed")

            try await M018DeferForeignKeysOfAppendedRows().revert(on: session.database)
            let reverted = try await schema()
            XCTAssertEqual(Set(reverted.keys), Set(definitions.keys))
            XCTAssertFalse(reverted.values.contains { $0.contains("DEFERRABLE") })
            do {
                try await M018DeferForeignKeysOfAppendedRows().revert(on: session.database)
                XCTFail("a table whose foreign keys are not in the form expected was rebuilt")
            } catch {
                XCTAssertTrue(String(describing: error).contains("not in the form"), "\(error)")
            }
            let untouched = try await schema()
            XCTAssertEqual(untouched, reverted)
            unchanged = try await events()
            XCTAssertEqual(unchanged, appended)
            try await M018DeferForeignKeysOfAppendedRows().prepare(on: session.database)
            let again = try await schema()
            XCTAssertEqual(again, definitions)
            unchanged = try await events()
            XCTAssertEqual(unchanged, appended)
            let read = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            XCTAssertEqual(read?.value.history.count, 2, "a claim's history is its first history_count events")
        }
    }

    private func checkMigrations(_ location: DatabaseLocation) async throws {
        try await DatabaseSession.with(location) { session in
            let applied = try await session.migrate()
            XCTAssertEqual(applied, Persistence.allMigrations.map(\.name))
            let second = try await session.migrate()
            XCTAssertEqual(second, [], "a second run applies nothing")
            let created = try await Self.tables(session)
            XCTAssertTrue(created.isSuperset(of: Self.expectedTables), "missing: \(Self.expectedTables.subtracting(created)) (\(location.kind))")
            try await session.revertAll()
            let left = try await Self.tables(session)
            XCTAssertEqual(left.subtracting(["_fluent_migrations"]), [], "revert drops every table it made (\(location.kind))")
            let again = try await session.migrate()
            XCTAssertEqual(again, applied, "every migration is reversible")
            let recreated = try await Self.tables(session)
            XCTAssertEqual(recreated, created, location.kind)
        }
    }

    static let expectedTables: Set<String> = [
        "codeset_imports", "tenants", "facilities", "providers", "payers", "patients", "coverages", "referrals", "prior_authorizations",
        "encounters", "charges", "fee_schedules", "claims", "claim_events", "users", "memberships", "access_grants", "idempotency_keys",
        "audit_log",
    ]

    /// The tables in the database (without SQLite's own).
    static func tables(_ session: DatabaseSession) async throws -> Set<String> {
        let sql = try XCTUnwrap(session.database as? any SQLDatabase)
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()"
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "t", as: String.self) })
    }

    func testImportHistoryOnBothDatabases() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let history = DatabaseImportHistory(database: session.database)
                let older = ImportRecord(startedAt: Date(timeIntervalSince1970: 1_700_000_000), finishedAt: Date(timeIntervalSince1970: 1_700_000_060),
                                         sourceDirectory: "/codesets", outcome: .failed, snapshot: nil,
                                         summary: "icd10cm-tabular-2026.xml:12: is not well-formed XML")
                let newer = ImportRecord(startedAt: Date(timeIntervalSince1970: 1_800_000_000), finishedAt: Date(timeIntervalSince1970: 1_800_000_030),
                                         sourceDirectory: "/codesets", outcome: .succeeded, snapshot: "snapshot-1.rcsnap", summary: "ok")
                try await history.record(older)
                try await history.record(newer)
                let recent = try await history.recent(limit: 10)
                XCTAssertEqual(recent.map(\.id), [newer.id, older.id], "\(location)")
                XCTAssertEqual(recent.first?.outcome, .succeeded)
                XCTAssertEqual(recent.last?.summary, older.summary)
                let one = try await history.recent(limit: 1)
                XCTAssertEqual(one.count, 1)
            }
        }
    }

    func testDatabaseLocationFromURL() throws {
        let data = URL(fileURLWithPath: "/var/revcycle")
        XCTAssertEqual(try DatabaseLocation.resolve(url: nil, dataDirectory: data), .sqlite(path: "/var/revcycle/revcycle.sqlite"))
        XCTAssertEqual(try DatabaseLocation.resolve(url: "postgres://u:secret@db:5432/rc", dataDirectory: data), .postgres(url: "postgres://u:secret@db:5432/rc"))
        XCTAssertFalse(String(describing: try DatabaseLocation.resolve(url: "postgres://u:secret@db:5432/rc", dataDirectory: data)).contains("secret"))
        XCTAssertThrowsError(try DatabaseLocation.resolve(url: "mysql://x", dataDirectory: data))
    }
}
