import DatabaseTestSupport
import Foundation
import Persistence
import RevenueCycle
import XCTest

extension XCTestCase {
    /// The demo data loaded into each test database (SQLite, and PostgreSQL when `REVCYCLE_TEST_POSTGRES_URL` is set),
    /// with the first tenant that has ready claims and a fresh temporary folder, removed afterwards.
    func withLoadedDemo(_ body: (DatabaseStore, DemoDataSet, Tenant, URL) async throws -> Void) async throws {
        let data = try DemoSeed.generate()
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                _ = try await DemoLoader.load(data, into: store) { "plain:" + $0 }
                let tenant = try XCTUnwrap(data.tenants.first { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-exchange-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                try await body(store, data, tenant, folder)
            }
        }
    }
}
