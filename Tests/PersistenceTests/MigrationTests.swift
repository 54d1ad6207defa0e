import CodeSets
import Foundation
import Persistence
import XCTest

final class MigrationTests: XCTestCase {
    func testMigrationsApplyOnceAndRevertOnSQLite() async throws {
        try await checkMigrations(try TestDatabases.sqlite(self))
    }

    func testMigrationsApplyOnceAndRevertOnPostgreSQL() async throws {
        try await checkMigrations(try await TestDatabases.postgres(self))
    }

    private func checkMigrations(_ location: DatabaseLocation) async throws {
        try await DatabaseSession.with(location) { session in
            let applied = try await session.migrate()
            XCTAssertEqual(applied, Persistence.allMigrations.map(\.name))
            let second = try await session.migrate()
            XCTAssertEqual(second, [], "a second run applies nothing")
            try await session.revertAll()
            let again = try await session.migrate()
            XCTAssertEqual(again, applied, "every migration is reversible")
        }
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
