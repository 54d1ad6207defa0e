import FluentPostgresDriver
import Foundation
import Persistence
import XCTest

/// The databases tests run on: always SQLite (a fresh file), and PostgreSQL when REVCYCLE_TEST_POSTGRES_URL is set
/// (a fresh database created for the test and dropped after it, so tests never see each other's rows). Shared by the
/// persistence and web application tests.
public enum TestDatabases {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["REVCYCLE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func sqlite(_ test: XCTestCase) throws -> DatabaseLocation {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-db-\(UUID().uuidString)")
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return .sqlite(path: dir.appendingPathComponent("test.sqlite").path)
    }

    /// A new, empty PostgreSQL database; skips the test when no server is configured.
    public static func postgres(_ test: XCTestCase) async throws -> DatabaseLocation {
        guard let url = postgresURL else {
            throw XCTSkip("REVCYCLE_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
        }
        guard var parts = URLComponents(string: url) else { throw XCTSkip("REVCYCLE_TEST_POSTGRES_URL is not a URL") }
        let name = "revcycle_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try await DatabaseSession.with(.postgres(url: url)) { admin in
            guard let sql = admin.database as? any SQLDatabase else { throw XCTSkip("the PostgreSQL driver is not an SQL database") }
            try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
        }
        test.addTeardownBlock {
            try? await DatabaseSession.with(.postgres(url: url)) { admin in
                try await (admin.database as? any SQLDatabase)?.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
            }
        }
        parts.path = "/" + name
        return .postgres(url: parts.string!)
    }

    /// Both databases, for tests that must behave the same on each.
    public static func all(_ test: XCTestCase) async throws -> [DatabaseLocation] {
        var out = [try sqlite(test)]
        if postgresURL != nil { out.append(try await postgres(test)) }
        return out
    }
}
