import Foundation
import Persistence
import RevenueCycle
import XCTest

final class AccessStoreTests: XCTestCase {
    let f = StoreFixture()

    func testUsersMembershipsAndGrants() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            let ann = UserAccount(id: StoreFixture.id(500), email: "Ann.Biller@Example.test", displayName: "Ann Biller", passwordHash: "hash-a")
            let bob = UserAccount(id: StoreFixture.id(501), email: "bob@example.test", displayName: "Bob Coder", passwordHash: "hash-b")
            try await store.saveUser(ann)
            try await store.saveUser(bob)
            let byID = try await store.user(id: ann.id)
            XCTAssertEqual(byID, ann, db)
            XCTAssertEqual(byID?.email, "ann.biller@example.test", db)
            let byEmail = try await store.user(email: "ANN.BILLER@example.TEST")
            XCTAssertEqual(byEmail?.id, ann.id, "emails are found whatever their case (\(db))")
            let nobody = try await store.user(email: "nobody@example.test")
            XCTAssertNil(nobody, db)

            // Saving again updates the same user: sign-in bookkeeping, lock, password.
            var locked = ann
            locked.failedSignIns = 5
            locked.lockedUntil = StoreFixture.at(3600)
            locked.lastSignInAt = StoreFixture.at(0)
            locked.passwordHash = "hash-a2"
            try await store.saveUser(locked)
            let reread = try await store.user(id: ann.id)
            XCTAssertEqual(reread, locked, db)

            var thief = bob
            thief.email = "ann.biller@example.test"
            await assertThrows(.duplicate(what: "a user with this email"), db) { try await store.saveUser(thief) }
            let impostor = UserAccount(id: StoreFixture.id(502), email: "ANN.BILLER@example.test", displayName: "Impostor", passwordHash: "x")
            await assertThrows(.duplicate(what: "a user with this email"), db) { try await store.saveUser(impostor) }
            let bobAfter = try await store.user(id: bob.id)
            XCTAssertEqual(bobAfter?.email, "bob@example.test", db)

            try await store.saveMembership(Membership(userID: ann.id, tenantID: f.tenant.id, role: .biller))
            try await store.saveMembership(Membership(userID: ann.id, tenantID: f.otherTenant.id, role: .manager))
            try await store.saveMembership(Membership(userID: bob.id, tenantID: f.tenant.id, role: .coder))
            // Saving a membership again changes the role; it does not add a second one.
            try await store.saveMembership(Membership(userID: bob.id, tenantID: f.tenant.id, role: .auditor))
            let annMemberships = try await store.memberships(userID: ann.id)
            XCTAssertEqual(Set(annMemberships), [Membership(userID: ann.id, tenantID: f.tenant.id, role: .biller),
                                                 Membership(userID: ann.id, tenantID: f.otherTenant.id, role: .manager)], db)
            let staff = try await store.users(tenantID: f.tenant.id)
            XCTAssertEqual(staff.map(\.0.id), [ann.id, bob.id], db)
            XCTAssertEqual(staff.map(\.1.role), [.biller, .auditor], db)
            // Deactivating a membership keeps it (and the user's other practices) and says so.
            try await store.saveMembership(Membership(userID: ann.id, tenantID: f.tenant.id, role: .biller, isActive: false))
            let annAfter = try await store.memberships(userID: ann.id)
            XCTAssertEqual(annAfter.map(\.isActive), [false, true], db)
            let staffAfter = try await store.users(tenantID: f.tenant.id)
            XCTAssertEqual(staffAfter.map(\.1.isActive), [false, true], db)
            try await store.saveMembership(Membership(userID: ann.id, tenantID: f.tenant.id, role: .biller))
            let otherStaff = try await store.users(tenantID: f.otherTenant.id)
            XCTAssertEqual(otherStaff.map(\.0.id), [ann.id], db)

            let now = Date()
            let live = AccessGrant(id: StoreFixture.id(600), kind: .session, secretHash: "aa11", userID: ann.id, tenantID: f.tenant.id,
                                   csrfToken: "csrf-1", createdAt: StoreFixture.at(0), expiresAt: now.addingTimeInterval(3600), sourceAddress: "10.0.0.1")
            let expired = AccessGrant(id: StoreFixture.id(601), kind: .apiToken, secretHash: "bb22", userID: bob.id, tenantID: f.tenant.id,
                                      csrfToken: nil, createdAt: StoreFixture.at(0), expiresAt: now.addingTimeInterval(-60), sourceAddress: "10.0.0.2")
            try await store.saveGrant(live)
            try await store.saveGrant(expired)
            let found = try await store.grant(secretHash: "aa11")
            XCTAssertEqual(found?.id, live.id, db)
            XCTAssertEqual(found?.csrfToken, "csrf-1", db)
            XCTAssertEqual(found?.kind, .session, db)
            XCTAssertEqual(found?.userID, ann.id, db)
            XCTAssertEqual(found.map { abs($0.expiresAt.timeIntervalSince(live.expiresAt)) < 0.001 }, true, db)
            let token = try await store.grant(secretHash: "bb22")
            XCTAssertEqual(token?.kind, .apiToken, db)
            XCTAssertNil(token?.csrfToken, db)
            let unknownSecret = try await store.grant(secretHash: "cc33")
            XCTAssertNil(unknownSecret, db)
            var sameSecret = expired
            sameSecret.id = StoreFixture.id(602)
            sameSecret.secretHash = "aa11"
            await assertThrows(.duplicate(what: "an access grant with this secret"), db) { try await store.saveGrant(sameSecret) }

            try await store.deleteExpiredGrants(before: now)
            let expiredGone = try await store.grant(secretHash: "bb22")
            XCTAssertNil(expiredGone, "expired grants are cleaned up (\(db))")
            let liveKept = try await store.grant(secretHash: "aa11")
            XCTAssertNotNil(liveKept, db)
            try await store.deleteGrant(id: live.id)
            let signedOut = try await store.grant(secretHash: "aa11")
            XCTAssertNil(signedOut, db)
        }
    }

    func testIdempotencyKeys() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            let pending = IdempotentResponse(tenantID: f.tenant.id, key: "key-1", requestFingerprint: "POST /api/v1/claims abc", status: nil,
                                             body: nil, createdAt: StoreFixture.at(0))
            try await store.claimKey(pending)
            await assertThrows(.duplicate(what: "idempotency key key-1"), db) { try await store.claimKey(pending) }
            let inProgress = try await store.response(tenantID: f.tenant.id, key: "key-1")
            XCTAssertEqual(inProgress?.requestFingerprint, pending.requestFingerprint, db)
            XCTAssertNil(inProgress?.status, db)
            XCTAssertNil(inProgress?.body, db)

            // The same key in another tenant is another key.
            var elsewhere = pending
            elsewhere.tenantID = f.otherTenant.id
            try await store.claimKey(elsewhere)

            let body = Data("{\"id\":\"c1\"}".utf8) + Data([0, 255, 10])
            try await store.complete(tenantID: f.tenant.id, key: "key-1", status: 201, body: body)
            let answered = try await store.response(tenantID: f.tenant.id, key: "key-1")
            XCTAssertEqual(answered?.status, 201, db)
            XCTAssertEqual(answered?.body, body, db)
            // An answered key is never freed: a retry gets the answer, never a second claim.
            try await store.release(tenantID: f.tenant.id, key: "key-1")
            let stillAnswered = try await store.response(tenantID: f.tenant.id, key: "key-1")
            XCTAssertEqual(stillAnswered?.status, 201, db)

            // A failed request frees its key for a retry.
            try await store.release(tenantID: f.otherTenant.id, key: "key-1")
            let freed = try await store.response(tenantID: f.otherTenant.id, key: "key-1")
            XCTAssertNil(freed, db)
            try await store.claimKey(elsewhere)

            // Concurrent claims of one key: exactly one wins.
            let racers = (0..<6).map { i in
                IdempotentResponse(tenantID: f.tenant.id, key: "race", requestFingerprint: "attempt \(i)", status: nil, body: nil, createdAt: Date())
            }
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for racer in racers {
                    group.addTask {
                        do {
                            try await store.claimKey(racer)
                            return true
                        } catch StoreError.duplicate {
                            return false
                        }
                    }
                }
                var count = 0
                for try await won in group where won { count += 1 }
                return count
            }
            XCTAssertEqual(wins, 1, db)
        }
    }
}
