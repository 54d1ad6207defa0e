import CodeSets
import FluentPostgresDriver
import Foundation
import Persistence
import RevenueCycle
import XCTest

final class ClaimStoreTests: XCTestCase {
    let f = StoreFixture()

    func posting(_ line: Int, _ entry: PostingEntry) -> LedgerPosting {
        LedgerPosting(id: UUID(), lineNumber: line, entry: entry, postedOn: StoreFixture.date("2025-12-01"), reference: "EFT-1001")
    }

    /// The claim's money columns, read behind the store's back.
    func moneyColumns(_ store: DatabaseStore, _ id: UUID) async throws -> [Int] {
        let row = try await sql(store).select()
            .columns("total_charge_cents", "payments_cents", "adjustments_cents", "patient_responsibility_cents", "balance_cents")
            .from("claims").where("id", .equal, id).first()
        let r = try XCTUnwrap(row)
        return try ["total_charge_cents", "payments_cents", "adjustments_cents", "patient_responsibility_cents", "balance_cents"]
            .map { try r.decode(column: $0, as: Int.self) }
    }

    func testClaimLifecycleSurvivesTheStore() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            var claim = try f.claim()
            try claim.move([.ready, .batched, .submitted], from: 0)
            let inserted = try await store.insertClaim(claim)
            XCTAssertEqual(inserted.version, 1, db)
            await assertThrows(.duplicate(what: "claim \(claim.id)"), db) { try await store.insertClaim(claim) }

            let firstRead = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            var loaded = try XCTUnwrap(firstRead, db)
            XCTAssertEqual(loaded.value, claim, "the claim, its history included, reads back equal (\(db))")
            let crossTenant = try await store.claim(id: claim.id, tenantID: f.otherTenant.id)
            XCTAssertNil(crossTenant, db)

            // The payer adjudicates: accepted, paid in part, the patient owes coinsurance, contractual adjustment.
            var working = loaded.value
            try working.move([.accepted, .acknowledged], from: 10)
            try working.post(posting(1, .payment(amount: Money(cents: 8000), by: .insurance)))
            try working.post(posting(1, .adjustment(amount: Money(cents: 2500), group: .contractualObligation, reason: "45", against: .insurance)))
            try working.post(posting(1, .patientResponsibility(amount: Money(cents: 2000), reason: "2")))
            try working.post(posting(2, .payment(amount: Money(cents: 600), by: .insurance)))
            try working.move([.partiallyPaid], from: 20)
            let updated = try await store.updateClaim(working, expectedVersion: loaded.version)
            XCTAssertEqual(updated.version, 2, db)

            let secondRead = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            loaded = try XCTUnwrap(secondRead, db)
            XCTAssertEqual(loaded.version, 2, db)
            XCTAssertEqual(loaded.value.status, .partiallyPaid, db)
            XCTAssertEqual(loaded.value.history, working.history, "the same transitions, in order (\(db))")
            XCTAssertEqual(loaded.value.history.map(\.to), [.ready, .batched, .submitted, .accepted, .acknowledged, .partiallyPaid], db)
            XCTAssertEqual(loaded.value.totals, working.totals, db)
            XCTAssertEqual(loaded.value.ledger, working.ledger, db)
            XCTAssertEqual(loaded.value, working, db)
            XCTAssertEqual(loaded.value.validate(), [], db)

            // The money columns are the ledger's totals.
            let t = working.totals
            let money = try await moneyColumns(store, claim.id)
            XCTAssertEqual(money, [working.totalCharge.cents, t.payments.cents, t.adjustments.cents, t.patientResponsibility.cents, t.balance.cents], db)
            XCTAssertEqual(t.charges.cents, 13500, db)
            XCTAssertEqual(t.balance.cents, 13500 - 8000 - 2500 - 2000 - 600, db)

            // A stale writer (still at version 1) is refused and changes nothing.
            var stale = inserted.value
            try stale.move([.accepted], from: 30)
            await assertThrows(.versionConflict(kind: "claim", id: claim.id, expected: 1, actual: 2), db) {
                try await store.updateClaim(stale, expectedVersion: 1)
            }
            let unknown = try f.claim()
            await assertThrows(.notFound(kind: "claim", id: unknown.id), db) { try await store.updateClaim(unknown, expectedVersion: 1) }
            var otherTenants = working
            otherTenants.tenantID = f.otherTenant.id
            await assertThrows(.notFound(kind: "claim", id: claim.id), db) { try await store.updateClaim(otherTenants, expectedVersion: 2) }

            // An update without a new transition (a correction of a field) adds no event.
            var corrected = loaded.value
            corrected.priorAuthorizationNumber = "PA12345"
            let third = try await store.updateClaim(corrected, expectedVersion: 2)
            XCTAssertEqual(third.version, 3, db)
            let events = try await store.claimEvents(tenantID: f.tenant.id, after: 0, limit: 100)
            XCTAssertEqual(events.map(\.transition), working.history, db)
            XCTAssertEqual(events.map(\.sequence), events.map(\.sequence).sorted(), db)
            let reread = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            XCTAssertEqual(reread?.value.priorAuthorizationNumber, "PA12345", db)
            XCTAssertEqual(reread?.value.history.count, 6, db)
        }
    }

    /// Many claims in one call (slices of multi-row inserts): each reads back whole, with its history, and the
    /// worklist counts them; a batch with a claim already stored writes nothing.
    func testBulkInsertStoresEveryClaimWithItsHistory() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            var claims: [Claim] = []
            for i in 0..<1_203 {
                var claim = try f.claim()
                if i % 3 == 0 { try claim.move([.ready, .batched], from: 0) }
                claims.append(claim)
            }
            try await store.bulkInsertClaims(claims)
            let count = try await store.claimCount(tenantID: f.tenant.id, statuses: [])
            XCTAssertEqual(count, 1_203, db)
            let batched = try await store.claimCount(tenantID: f.tenant.id, statuses: [.batched])
            XCTAssertEqual(batched, 401, db)
            for claim in [claims[0], claims[1], claims[1_202]] {
                let read = try await store.claim(id: claim.id, tenantID: f.tenant.id)
                XCTAssertEqual(read?.value, claim, db)
            }
            let again = [try f.claim(), claims[5]]
            await assertThrows(.duplicate(what: "a claim of the batch"), db) { try await store.bulkInsertClaims(again) }
            let after = try await store.claimCount(tenantID: f.tenant.id, statuses: [])
            XCTAssertEqual(after, 1_203, "nothing of the failed batch was written (\(db))")
        }
    }

    func testConcurrentUpdatesOfOneVersionLetOneWin() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            var claim = try f.claim()
            try claim.move([.ready], from: 0)
            _ = try await store.insertClaim(claim)
            // Six writers read version 1 and each moves the claim on its own way.
            let targets: [ClaimStatus] = [.batched, .held, .batched, .held, .batched, .held]
            let outcomes = try await withThrowingTaskGroup(of: ClaimStatus?.self) { group in
                for (i, target) in targets.enumerated() {
                    var mine = claim
                    try mine.transition(to: target, actor: StoreFixture.biller, at: StoreFixture.at(10 + i), reason: "writer \(i)")
                    let attempt = mine
                    group.addTask {
                        do {
                            _ = try await store.updateClaim(attempt, expectedVersion: 1)
                            return target
                        } catch StoreError.versionConflict(_, _, 1, 2) {
                            return nil
                        }
                    }
                }
                var winners: [ClaimStatus] = []
                for try await outcome in group { if let outcome { winners.append(outcome) } }
                return winners
            }
            XCTAssertEqual(outcomes.count, 1, db)
            let stored = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            XCTAssertEqual(stored?.version, 2, db)
            XCTAssertEqual(stored?.value.status, outcomes.first, db)
            XCTAssertEqual(stored?.value.history.count, 2, db)
            let events = try await store.claimEvents(tenantID: f.tenant.id, after: 0, limit: 100)
            XCTAssertEqual(events.map(\.transition.to), [.ready, outcomes[0]], "the losers wrote no events (\(db))")

            // The JSON in the row holds no history: that lives in the events.
            let row = try await sql(store).select().column("body").from("claims").where("id", .equal, claim.id).first()
            let body = try XCTUnwrap(row).decode(column: "body", as: String.self)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            XCTAssertEqual((json["history"] as? [Any])?.count, 0, db)
            XCTAssertNotNil(json["ledger"], db)

            // An event appended behind the claim's back (a writer not yet committed, say) is not read as its history.
            try await sql(store).insert(into: "claim_events")
                .columns("tenant_id", "claim_id", "from_status", "to_status", "actor_user_id", "actor_name", "at", "reason")
                .values(SQLBind(f.tenant.id), SQLBind(claim.id), SQLBind(outcomes[0].rawValue), SQLBind("ready"),
                        SQLBind(StoreFixture.biller.userID), SQLBind("ghost"), SQLBind(StoreFixture.at(100)), SQLBind("not committed"))
                .run()
            let again = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            XCTAssertEqual(again?.value, stored?.value, db)
        }
    }

    /// Rows written before the claim's JSON was written by hand (by `JSONEncoder`, before earlier payers' decisions
    /// were kept, with spaces and escapes) read as before; a damaged row is an integrity error, not a crash.
    func testClaimRowsWrittenOtherwiseStillRead() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            var claim = try f.claim()
            claim.billingProvider.name = "North/South \"Care\" Clínica"
            try claim.move([.ready], from: 0)
            try claim.post(posting(1, .payment(amount: Money(cents: 1000), by: .insurance)))
            _ = try await store.insertClaim(claim)

            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let older = String(decoding: try encoder.encode(claim.withHistory([])), as: UTF8.self)
                .replacingOccurrences(of: "\"priorPayerAdjudications\":[],", with: "")
                .replacingOccurrences(of: ",\"", with: ", \"")
            XCTAssertFalse(older.contains("priorPayerAdjudications"), db)
            try await sql(store).update("claims").set("body", to: SQLBind(older)).where("id", .equal, claim.id).run()
            let read = try await store.claim(id: claim.id, tenantID: f.tenant.id)
            XCTAssertEqual(read?.value, claim, db)

            try await sql(store).update("claims").set("body", to: SQLBind(String(older.dropLast(3)))).where("id", .equal, claim.id).run()
            do {
                _ = try await store.claim(id: claim.id, tenantID: f.tenant.id)
                XCTFail("a damaged claim row was read (\(db))")
            } catch let error as StoreIntegrityError {
                XCTAssertEqual(error.message, "claim \(claim.id) is stored in a form this version cannot read", db)
            }
        }
    }

    func testEventFeedAfterASequence() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            var first = try f.claim()
            try first.move([.ready], from: 0)
            _ = try await store.insertClaim(first)
            var second = try f.claim()
            try second.move([.held, .ready, .batched], from: 100)
            _ = try await store.insertClaim(second)
            var foreign = try f.claim()
            foreign.tenantID = f.otherTenant.id
            try foreign.move([.voided], from: 200)
            _ = try await store.insertClaim(foreign)

            let all = try await store.claimEvents(tenantID: f.tenant.id, after: 0, limit: 100)
            XCTAssertEqual(all.count, 4, db)
            XCTAssertTrue(all.allSatisfy { $0.tenantID == f.tenant.id }, db)
            XCTAssertEqual(all.map(\.transition.to), [.ready, .held, .ready, .batched], db)
            let afterFirst = try await store.claimEvents(tenantID: f.tenant.id, after: all[0].sequence, limit: 100)
            XCTAssertEqual(afterFirst, Array(all.dropFirst()), db)
            let two = try await store.claimEvents(tenantID: f.tenant.id, after: all[0].sequence, limit: 2)
            XCTAssertEqual(two, Array(all[1...2]), db)
            let none = try await store.claimEvents(tenantID: f.tenant.id, after: all[3].sequence, limit: 100)
            XCTAssertEqual(none, [], db)
            let theirs = try await store.claimEvents(tenantID: f.otherTenant.id, after: 0, limit: 100)
            XCTAssertEqual(theirs.map(\.transition.claimID), [foreign.id], db)
        }
    }

    func testWorklistFiltersCountsAndPagination() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            let paths: [[ClaimStatus]] = [[], [.ready], [.held], [.ready, .batched], [.ready, .batched, .submitted]]
            var claims: [Claim] = []
            for i in 0..<23 {
                var claim = try f.claim()
                if i % 4 == 0 { claim.payerID = f.otherPayer.id }
                if i % 5 == 0 { claim.patientID = StoreFixture.id(21) }
                // Dates of service spread over November; transitions in an order unlike the insertion order.
                let day = 1 + (i * 7) % 28
                for l in claim.lines.indices { claim.lines[l].serviceDate = ServiceDate(year: 2025, month: 11, day: day)! }
                try claim.move(paths[i % paths.count], from: ((i * 37) % 23) * 10)
                if i % 3 == 0 {
                    try claim.post(LedgerPosting(id: UUID(), lineNumber: 1, entry: .payment(amount: Money(cents: 12000), by: .insurance),
                                                 postedOn: StoreFixture.date("2025-12-01")))
                }
                claims.append(claim)
                _ = try await store.insertClaim(claim)
            }
            var foreign = try f.claim()
            foreign.tenantID = f.otherTenant.id
            try foreign.move([.ready], from: 0)
            _ = try await store.insertClaim(foreign)

            func walk(_ query: ClaimQuery) async throws -> [Stored<Claim>] {
                var out: [Stored<Claim>] = []
                var q = query
                var pages = 0
                repeat {
                    let page = try await store.claims(tenantID: f.tenant.id, query: q)
                    XCTAssertLessThanOrEqual(page.items.count, q.limit, db)
                    out += page.items
                    q.cursor = page.nextCursor
                    pages += 1
                } while q.cursor != nil && pages < 100
                // The summaries are the same worklist, page for page, read from the claims' columns.
                var summaries: [Stored<ClaimSummary>] = []
                q = query
                repeat {
                    let page = try await store.claimSummaries(tenantID: f.tenant.id, query: q)
                    summaries += page.items
                    q.cursor = page.nextCursor
                } while q.cursor != nil && summaries.count <= out.count
                XCTAssertEqual(summaries.map(\.value.id), out.map(\.value.id), db)
                for (summary, stored) in zip(summaries, out) {
                    let c = stored.value, s = summary.value, dates = c.lines.map(\.serviceDate)
                    XCTAssertEqual([s.status.rawValue, s.kind.rawValue, s.frequency.rawValue, s.patientControlNumber],
                                   [c.status.rawValue, c.kind.rawValue, c.frequency.rawValue, c.patientControlNumber], db)
                    XCTAssertEqual([s.tenantID, s.patientID, s.payerID, s.encounterID, s.coverageID],
                                   [c.tenantID, c.patientID, c.payerID, c.encounterID, c.coverageID], db)
                    XCTAssertEqual([s.serviceFrom, s.serviceThrough], [dates.min(), dates.max()], db)
                    XCTAssertEqual([s.totalCharge, s.payments, s.adjustments, s.patientResponsibility, s.balance, s.outstanding],
                                   [c.totalCharge, c.totals.payments, c.totals.adjustments, c.totals.patientResponsibility, c.totals.balance,
                                    c.totals.outstanding], db)
                    XCTAssertEqual(s.statusChanges, c.history.count, db)
                    XCTAssertEqual(s.statusChangedAt.timeIntervalSince1970, (c.history.last?.at ?? stored.createdAt).timeIntervalSince1970, accuracy: 0.001, db)
                    XCTAssertEqual([summary.version], [stored.version], db)
                }
                return out
            }

            let everything = try await walk(ClaimQuery(limit: 4))
            XCTAssertEqual(everything.count, 23, db)
            XCTAssertEqual(Set(everything.map(\.value.id)), Set(claims.map(\.id)), "every claim exactly once (\(db))")
            let order = everything.map { ($0.value.history.last?.at ?? $0.createdAt, $0.value.id.uuidString) }
            for (a, b) in zip(order, order.dropFirst()) where a.0 == b.0 {
                XCTAssertLessThan(a.1, b.1, "ties go by id (\(db))")
            }
            let withHistory = everything.filter { !$0.value.history.isEmpty }.compactMap { $0.value.history.last?.at }
            XCTAssertEqual(withHistory, withHistory.sorted(), "oldest status change first (\(db))")
            for stored in everything {
                XCTAssertEqual(stored.value, claims.first { $0.id == stored.value.id }, "worklist items carry whole claims (\(db))")
            }

            let readyOrHeld = try await walk(ClaimQuery(statuses: [.ready, .held], limit: 2))
            XCTAssertEqual(Set(readyOrHeld.map(\.value.id)), Set(claims.filter { [.ready, .held].contains($0.status) }.map(\.id)), db)
            let readyCount = try await store.claimCount(tenantID: f.tenant.id, statuses: [.ready])
            XCTAssertEqual(readyCount, claims.filter { $0.status == .ready }.count, db)
            let total = try await store.claimCount(tenantID: f.tenant.id, statuses: [])
            XCTAssertEqual(total, 23, db)

            let otherPayer = try await walk(ClaimQuery(payerID: f.otherPayer.id, limit: 3))
            XCTAssertEqual(Set(otherPayer.map(\.value.id)), Set(claims.filter { $0.payerID == f.otherPayer.id }.map(\.id)), db)
            let patient21 = try await walk(ClaimQuery(patientID: StoreFixture.id(21)))
            XCTAssertEqual(patient21.count, claims.filter { $0.patientID == StoreFixture.id(21) }.count, db)
            let byEncounter = try await walk(ClaimQuery(encounterID: f.encounter.id, limit: 200))
            XCTAssertEqual(byEncounter.count, 23, db)

            let from = ServiceDate(year: 2025, month: 11, day: 8)!, through = ServiceDate(year: 2025, month: 11, day: 15)!
            let inRange = try await walk(ClaimQuery(serviceFrom: from, serviceThrough: through))
            let expectedInRange = claims.filter { c in c.lines.contains { $0.serviceDate >= from && $0.serviceDate <= through } }
            XCTAssertEqual(Set(inRange.map(\.value.id)), Set(expectedInRange.map(\.id)), db)
            XCTAssertFalse(expectedInRange.isEmpty)

            let owing = try await walk(ClaimQuery(minimumOutstandingCents: 10000))
            XCTAssertEqual(Set(owing.map(\.value.id)), Set(claims.filter { $0.totals.outstanding.cents >= 10000 }.map(\.id)), db)
            XCTAssertEqual(owing.count, 15, db)

            let combined = try await walk(ClaimQuery(statuses: [.ready], payerID: f.payer.id, minimumOutstandingCents: 10000, limit: 1))
            XCTAssertEqual(Set(combined.map(\.value.id)),
                           Set(claims.filter { $0.status == .ready && $0.payerID == f.payer.id && $0.totals.outstanding.cents >= 10000 }.map(\.id)), db)

            await assertThrows(.badCursor, db) { try await store.claims(tenantID: f.tenant.id, query: ClaimQuery(cursor: "%%%")) }
            await assertThrows(.badCursor, db) { try await store.claimSummaries(tenantID: f.tenant.id, query: ClaimQuery(cursor: "%%%")) }
            let patientsPage = try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery())
            XCTAssertNil(patientsPage.nextCursor)
            let first = try await store.claims(tenantID: f.tenant.id, query: ClaimQuery(limit: 1))
            let claimCursor = try XCTUnwrap(first.nextCursor)
            await assertThrows(.badCursor, "a worklist cursor is not a record list's (\(db))") {
                try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(cursor: claimCursor))
            }
        }
    }
}
