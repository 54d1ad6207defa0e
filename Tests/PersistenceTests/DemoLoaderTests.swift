import Foundation
import Persistence
import RevenueCycle
import XCTest

final class DemoLoaderTests: XCTestCase {
    static let data = Result { try DemoSeed.generate() }

    /// Walks a whole record list, page by page.
    func all<R: TenantRecord>(_ type: R.Type, _ store: DatabaseStore, tenantID: UUID) async throws -> [R] {
        var out: [R] = []
        var cursor: String?
        repeat {
            let page = try await store.records(type, tenantID: tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit, cursor: cursor))
            out += page.items.map(\.value)
            cursor = page.nextCursor
        } while cursor != nil
        return out
    }

    func testLoadsTheWholeDemoSetOnce() async throws {
        let data = try Self.data.get()
        try await onEachDatabase(self) { store, db in
            let summary = try await DemoLoader.load(data, into: store) { "plain:" + $0 }
            XCTAssertFalse(summary.alreadyLoaded, db)
            XCTAssertEqual(summary.tenants, data.tenants.count, db)
            XCTAssertEqual(summary.claims, data.claims.count, db)
            XCTAssertEqual(summary.users, data.users.count, db)
            let recordCount = data.facilities.count + data.providers.count + data.payers.count + data.feeSchedules.count + data.patients.count
                + data.coverages.count + data.referrals.count + data.priorAuthorizations.count + data.encounters.count + data.charges.count
            XCTAssertEqual(summary.records, recordCount, db)

            let tenants = try await store.allTenants()
            XCTAssertEqual(Set(tenants), Set(data.tenants), db)
            for tenant in data.tenants {
                func check<R: TenantRecord & Hashable>(_ type: R.Type, _ expected: [R]) async throws {
                    let stored = try await all(type, store, tenantID: tenant.id)
                    XCTAssertEqual(Set(stored), Set(expected.filter { $0.tenantID == tenant.id }), "\(R.kind) of \(tenant.name) (\(db))")
                }
                try await check(Facility.self, data.facilities)
                try await check(Provider.self, data.providers)
                try await check(Payer.self, data.payers)
                try await check(FeeSchedule.self, data.feeSchedules)
                try await check(Patient.self, data.patients)
                try await check(Coverage.self, data.coverages)
                try await check(Referral.self, data.referrals)
                try await check(PriorAuthorization.self, data.priorAuthorizations)
                try await check(Encounter.self, data.encounters)
                try await check(Charge.self, data.charges)

                let claims = data.claims.filter { $0.tenantID == tenant.id }
                let count = try await store.claimCount(tenantID: tenant.id, statuses: [])
                XCTAssertEqual(count, claims.count, db)
                for status in ClaimStatus.allCases {
                    let n = try await store.claimCount(tenantID: tenant.id, statuses: [status])
                    XCTAssertEqual(n, claims.filter { $0.status == status }.count, "\(status) (\(db))")
                }
                // Every claim reads back exactly as generated: lines, ledger, history and all.
                for claim in claims {
                    let stored = try await store.claim(id: claim.id, tenantID: tenant.id)
                    XCTAssertEqual(stored?.value, claim, "claim \(claim.patientControlNumber) (\(db))")
                }
                let events = try await store.claimEvents(tenantID: tenant.id, after: 0, limit: 1000)
                XCTAssertEqual(events.count, claims.map(\.history.count).reduce(0, +), db)
            }

            for demo in data.users {
                let user = try await store.user(email: demo.email)
                XCTAssertEqual(user?.passwordHash, "plain:" + demo.password, db)
                let memberships = try await store.memberships(userID: try XCTUnwrap(user).id)
                if let name = demo.tenantName {
                    XCTAssertEqual(memberships.map(\.tenantID), data.tenants.filter { $0.name == name }.map(\.id), db)
                } else {
                    XCTAssertEqual(Set(memberships.map(\.tenantID)), Set(data.tenants.map(\.id)), "the administrator works in every tenant (\(db))")
                }
                XCTAssertTrue(memberships.allSatisfy { $0.role == demo.role }, db)
            }
            XCTAssertEqual(summary.memberships, data.users.map { $0.tenantName == nil ? data.tenants.count : 1 }.reduce(0, +), db)

            let again = try await DemoLoader.load(data, into: store) { _ in
                XCTFail("a second load hashes nothing")
                return ""
            }
            XCTAssertTrue(again.alreadyLoaded, db)
            XCTAssertEqual(String(describing: again), "the demo data set is already loaded")
            let tenantsAfter = try await store.allTenants()
            XCTAssertEqual(tenantsAfter.count, data.tenants.count, db)
            let claimsAfter = try await store.claimCount(tenantID: data.tenants[0].id, statuses: [])
            XCTAssertEqual(claimsAfter, data.claims.filter { $0.tenantID == data.tenants[0].id }.count, db)
        }
    }
}
