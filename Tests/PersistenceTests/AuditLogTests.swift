import FluentPostgresDriver
import Foundation
import Persistence
import RevenueCycle
import XCTest

final class AuditLogTests: XCTestCase {
    let f = StoreFixture()

    func event(_ n: Int, tenantID: UUID?) -> AuditEvent {
        AuditEvent(tenantID: tenantID, actor: AuditActor(userID: n % 2 == 0 ? StoreFixture.id(500) : nil, displayName: n % 2 == 0 ? "Ann" : "system"),
                   action: n % 3 == 0 ? .update : .read, entityType: "claim", entityID: "claim-\(n)", at: StoreFixture.at(n),
                   sourceAddress: "10.0.0.\(n % 250)", detail: "event \(n) — détail")
    }

    /// A batch (the web application's queued appends) is chained in its order, after the entries before it and
    /// racing single appends, in one transaction.
    func testABatchChainsInOrderAmongConcurrentAppends() async throws {
        try await onEachDatabase(self) { store, db in
            try await store.append(event(1, tenantID: f.tenant.id))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for b in 0..<4 {
                    let events = (0..<5).map { event(10 + b * 5 + $0, tenantID: f.tenant.id) }
                    group.addTask {
                        let entries = try await store.append(events)
                        XCTAssertEqual(entries.map(\.entityID), events.map(\.entityID), db)
                        XCTAssertEqual(entries.map(\.sequence), Array(entries[0].sequence..<entries[0].sequence + 5), "a batch is not split (\(db))")
                    }
                    let single = event(100 + b, tenantID: nil)
                    group.addTask { try await store.append(single) }
                }
                try await group.waitForAll()
            }
            let empty = try await store.append([])
            XCTAssertEqual(empty, [], db)
            let verified = try await store.verifyAuditLog(batchSize: 4)
            XCTAssertEqual(verified, .intact(count: 25), db)
        }
    }

    func testAppendsChainWithoutGapsVerifyAndTamperingIsFound() async throws {
        try await onEachDatabase(self) { store, db in
            let empty = try await store.verifyAuditLog(batchSize: 10)
            XCTAssertEqual(empty, .intact(count: 0), db)
            for n in 1...20 {
                let entry = try await store.append(event(n, tenantID: n % 4 == 0 ? f.otherTenant.id : f.tenant.id))
                XCTAssertEqual(entry.sequence, n, db)
            }
            // Thirty more at once: the chain takes them one after another, whatever order they come in.
            let concurrent = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 21...50 {
                    let e = event(n, tenantID: n % 5 == 0 ? nil : f.tenant.id)
                    group.addTask { try await store.append(e).sequence }
                }
                var sequences: [Int] = []
                for try await s in group { sequences.append(s) }
                return sequences
            }
            XCTAssertEqual(concurrent.sorted(), Array(21...50), db)

            let all = try await store.entries(from: 1, limit: 100)
            XCTAssertEqual(all.map(\.sequence), Array(1...50), "no gaps, no repeats (\(db))")
            XCTAssertEqual(AuditChain.verify(all), .intact(count: 50), db)
            XCTAssertEqual(all[0].previousHash, AuditChain.genesisHash, db)
            XCTAssertEqual(all[0].detail, "event 1 — détail", db)
            XCTAssertEqual(all[0].at, StoreFixture.at(1), db)
            let tail = try await store.entries(from: 45, limit: 3)
            XCTAssertEqual(tail.map(\.sequence), [45, 46, 47], db)

            let verified = try await store.verifyAuditLog(batchSize: 7)
            XCTAssertEqual(verified, .intact(count: 50), db)
            let oneBatch = try await store.verifyAuditLog(batchSize: 5000)
            XCTAssertEqual(oneBatch, .intact(count: 50), db)

            // A tenant's audit page: newest first, then the page before a sequence.
            let page = try await store.entries(tenantID: f.otherTenant.id, limit: 3, before: nil)
            XCTAssertEqual(page.map(\.sequence), [20, 16, 12], db)
            let older = try await store.entries(tenantID: f.otherTenant.id, limit: 3, before: 12)
            XCTAssertEqual(older.map(\.sequence), [8, 4], db)

            // Changing one stored entry breaks the chain exactly there.
            try await sql(store).raw("UPDATE audit_log SET detail = 'nothing to see' WHERE sequence = 17").run()
            let tampered = try await store.verifyAuditLog(batchSize: 7)
            guard case .broken(let sequence, .hashMismatch) = tampered else { return XCTFail("expected a hash mismatch, got \(tampered) (\(db))") }
            XCTAssertEqual(sequence, 17, db)

            // So does removing one (the next entry no longer follows).
            try await sql(store).raw("UPDATE audit_log SET detail = 'event 17 — détail' WHERE sequence = 17").run()
            let restored = try await store.verifyAuditLog(batchSize: 7)
            XCTAssertEqual(restored, .intact(count: 50), db)
            try await sql(store).raw("DELETE FROM audit_log WHERE sequence = 30").run()
            let gap = try await store.verifyAuditLog(batchSize: 7)
            XCTAssertEqual(gap, .broken(sequence: 31, reason: .sequenceGap(expected: 30, found: 31)), db)
        }
    }
}
