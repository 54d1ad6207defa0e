import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import OracleSupport
import Persistence
import RevenueCycle
import XCTest

/// The data of `revcycle bench posting` on a small scale: the 835 is valid (our validator and pyx12), posts every
/// claim with the amounts it says, and posting it again changes nothing. Also the bulk claim update it relies on:
/// one stale claim refuses the whole file.
final class PostingBenchmarkFileTests: XCTestCase {
    let actor = ClaimActor(userID: UUID(), displayName: "Test poster")
    let postedOn = ServiceDate(year: 2026, month: 11, day: 30)!

    func seeded(_ count: Int, store: DatabaseStore) async throws -> (Tenant, [RevenueCycle.Claim]) {
        let data = try DemoSeed.generate()
        _ = try await DemoLoader.load(data, into: store) { "plain:" + $0 }
        let tenant = try XCTUnwrap(data.tenants.first)
        let templates = data.claims.filter { $0.tenantID == tenant.id && ($0.status == .acknowledged || $0.status == .submitted) }
        XCTAssertFalse(templates.isEmpty)
        let claims = PostingBenchmarkFile.claims(count, from: templates)
        try await store.bulkInsertClaims(claims)
        return (tenant, claims)
    }

    func testTheGeneratedRemittanceIsValidAndPostsEveryClaimOnce() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let (tenant, claims) = try await seeded(60, store: store)
                let (text, expected) = PostingBenchmarkFile.write(paying: claims, payee: tenant, claimsPerCheck: 25)
                XCTAssertEqual(expected.checks, 3)
                XCTAssertEqual(expected.claims, 60)
                XCTAssertGreaterThan(expected.deniedClaims + expected.partlyDeniedClaims, 0, "some denials")
                XCTAssertEqual(expected.balance, .zero)
                let report = try HealthCareValidation.read(Array(text.utf8)).report
                XCTAssertTrue(report.isValid, report.findings.prefix(3).map(String.init(describing:)).joined(separator: "; "))

                let exchange = ClaimExchange(store: store, actor: actor)
                let outcome = try await exchange.receive(name: "bench.835", contents: text, tenantID: tenant.id, at: Date(), postedOn: postedOn)
                guard case .recorded(let file) = outcome else { return XCTFail("the file was taken for a duplicate") }
                XCTAssertEqual(file.value.counts["claimsPosted"], 60)
                XCTAssertEqual(file.value.counts["exceptions"], 0)

                var paid = Money.zero, adjusted = Money.zero, patient = Money.zero, denied = 0
                var versions: [UUID: Int] = [:]
                for stored in try await store.claims(patientControlNumbers: claims.map(\.patientControlNumber), tenantID: tenant.id) {
                    let totals = stored.value.ledger.totals
                    XCTAssertFalse(stored.value.ledger.postings.isEmpty, stored.value.patientControlNumber)
                    XCTAssertTrue([.paid, .denied].contains(stored.value.status), "\(stored.value.patientControlNumber) \(stored.value.status)")
                    XCTAssertEqual(totals.balance, .zero, stored.value.patientControlNumber)
                    if stored.value.status == .denied { denied += 1 }
                    paid += totals.payments; adjusted += totals.adjustments; patient += totals.patientResponsibility
                    versions[stored.value.id] = stored.version
                    // The status changes the posting made are stored as events, after the claim's earlier ones.
                    XCTAssertEqual(stored.value.history.last?.to, stored.value.status)
                }
                XCTAssertEqual(versions.count, 60)
                XCTAssertEqual(denied, expected.deniedClaims)
                XCTAssertEqual(paid, expected.paid)
                XCTAssertEqual(adjusted, expected.adjusted)
                XCTAssertEqual(patient, expected.patientResponsibility)

                // The same payments in another interchange: each claim already posted, none stored again.
                let resent = text.replacingOccurrences(of: "*261130*1200*", with: "*261130*1201*")
                XCTAssertNotEqual(resent, text)
                let again = try await exchange.receive(name: "again.835", contents: resent, tenantID: tenant.id, at: Date(), postedOn: postedOn)
                XCTAssertEqual(again.file.value.counts["claimsAlreadyPosted"], 60)
                XCTAssertEqual(again.file.value.counts["claimsPosted"] ?? 0, 0)
                for stored in try await store.claims(patientControlNumbers: claims.map(\.patientControlNumber), tenantID: tenant.id) {
                    XCTAssertEqual(stored.version, versions[stored.value.id], "a claim already posted was written again")
                }
            }
        }
    }

    /// An 835 is posted one check at a time: a last check that proves unbalanced undoes the checks posted before it.
    func testAnInvalidLastCheckLeavesNothingPosted() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let (tenant, claims) = try await seeded(30, store: store)
                let (text, expected) = PostingBenchmarkFile.write(paying: claims, payee: tenant, claimsPerCheck: 10)
                XCTAssertEqual(expected.checks, 3)
                let lastPayment = try XCTUnwrap(text.range(of: "BPR*", options: .backwards))
                let amountEnd = try XCTUnwrap(text[text.index(lastPayment.upperBound, offsetBy: 2)...].firstIndex(of: "*"))
                let unbalanced = text.replacingCharacters(in: text.index(lastPayment.upperBound, offsetBy: 2)..<amountEnd, with: "1.01")
                do {
                    _ = try await ClaimExchange(store: store, actor: actor)
                        .receive(name: "unbalanced.835", contents: unbalanced, tenantID: tenant.id, at: Date(), postedOn: postedOn)
                    XCTFail("an unbalanced 835 was posted")
                } catch let error as ReceivedFileError {
                    XCTAssertTrue(error.message.contains("not valid"), error.message)
                }
                for stored in try await store.claims(patientControlNumbers: claims.map(\.patientControlNumber), tenantID: tenant.id) {
                    XCTAssertEqual(stored.version, 1, stored.value.patientControlNumber)
                    XCTAssertTrue(stored.value.ledger.postings.isEmpty, stored.value.patientControlNumber)
                }
                let documents = try await store.claimDocuments(claimID: claims[0].id, tenantID: tenant.id)
                XCTAssertTrue(documents.isEmpty)
                let recorded = try await store.receivedFile(fingerprint: ReceivedFile.fingerprint(of: unbalanced), tenantID: tenant.id)
                XCTAssertNil(recorded)
                let denials = try await store.denials(tenantID: tenant.id, query: DenialQuery())
                XCTAssertTrue(denials.items.isEmpty)

                // The file as it was posts every claim, each put once on its timeline.
                let outcome = try await ClaimExchange(store: store, actor: actor)
                    .receive(name: "bench.835", contents: text, tenantID: tenant.id, at: Date(), postedOn: postedOn)
                XCTAssertEqual(outcome.file.value.counts["claimsPosted"], 30)
                XCTAssertEqual(Set(outcome.file.value.claimIDs), Set(claims.map(\.id)))
                XCTAssertEqual(outcome.file.value.claimIDs.count, 30)
                let timeline = try await store.claimDocuments(claimID: claims[0].id, tenantID: tenant.id)
                XCTAssertEqual(timeline.map(\.kind), ["835"])
            }
        }
    }

    /// Each check is planned while the one before it is stored: a check reversing and paying again the claims the
    /// check before it paid sees them as that check left them, and each claim is written once per check.
    func testTheNextCheckSeesTheClaimsTheCheckBeforeItPosted() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let (tenant, claims) = try await seeded(20, store: store)
                let (paying, expected) = PostingBenchmarkFile.write(paying: claims, payee: tenant, claimsPerCheck: 20)
                let document = try XCTUnwrap(HealthCareValidation.read(Array(paying.utf8)).document)
                let payment = Remittance(try XCTUnwrap(document.transactions.first), component: ":")
                // The payer takes back each claim payment (CLP02 22, every amount negated) and pays it again, in one check.
                var again = payment
                let negated: (Int?) -> Int? = { $0.map { -$0 } }
                again.claims = payment.claims.map { clp in
                    var reversal = clp
                    reversal.statusCode = "22"
                    reversal.chargeCents = negated(clp.chargeCents); reversal.paidCents = negated(clp.paidCents)
                    reversal.patientResponsibilityCents = negated(clp.patientResponsibilityCents)
                    reversal.serviceLines = clp.serviceLines.map { line in
                        var line = line
                        line.chargeCents = negated(line.chargeCents); line.paidCents = negated(line.paidCents)
                        line.adjustments = line.adjustments.map { var cas = $0; cas.amountCents = negated(cas.amountCents); return cas }
                        return line
                    }
                    return reversal
                } + payment.claims
                again.paymentCents = 0
                again.handlingCode = "H"
                again.paymentMethod = "NON"
                again.traceNumber = "REVERSED1"
                let text = paying + RemittanceWriter.write(again, parties: InterchangeParties(senderID: "SANDBOXPAYER", receiverQualifier: "30", receiverID: tenant.taxID.value),
                                                           date: "20261201", time: "0900", interchangeControlNumber: 2, groupControlNumber: 2)

                let outcome = try await ClaimExchange(store: store, actor: actor)
                    .receive(name: "paid-reversed-paid.835", contents: text, tenantID: tenant.id, at: Date(), postedOn: postedOn)
                guard case .recorded(let file) = outcome else { return XCTFail("the file was taken for a duplicate") }
                XCTAssertEqual(file.value.counts["exceptions"] ?? 0, 0, file.value.notes.prefix(5).joined(separator: "; "))
                XCTAssertEqual(file.value.counts["claimsPosted"], 60)

                var paid = Money.zero, adjusted = Money.zero, patient = Money.zero
                for stored in try await store.claims(patientControlNumbers: claims.map(\.patientControlNumber), tenantID: tenant.id) {
                    let claim = stored.value, totals = claim.ledger.totals
                    XCTAssertEqual(stored.version, 3, "\(claim.patientControlNumber): one write per check")
                    XCTAssertTrue([.paid, .denied].contains(claim.status), "\(claim.patientControlNumber) \(claim.status)")
                    XCTAssertEqual(claim.history.filter { $0.to == claim.status }.count, 1, "\(claim.patientControlNumber): each status change stored once")
                    XCTAssertEqual(claim.ledger.postings.filter { if case .reversal = $0.entry { true } else { false } }.count * 3,
                                   claim.ledger.postings.count, "\(claim.patientControlNumber): each posting reversed and posted again")
                    paid += totals.payments; adjusted += totals.adjustments; patient += totals.patientResponsibility
                }
                XCTAssertEqual(paid, expected.paid)
                XCTAssertEqual(adjusted, expected.adjusted)
                XCTAssertEqual(patient, expected.patientResponsibility)
            }
        }
    }

    func testPyx12FindsTheGeneratedRemittanceValid() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        let data = try DemoSeed.generate()
        let tenant = try XCTUnwrap(data.tenants.first)
        let templates = data.claims.filter { $0.tenantID == tenant.id && ($0.status == .acknowledged || $0.status == .submitted) }
        let (text, _) = PostingBenchmarkFile.write(paying: PostingBenchmarkFile.claims(40, from: templates), payee: tenant, claimsPerCheck: 15)
        let verdict = try XCTUnwrap(try Pyx12.verdict(text: text), "pyx12 could not judge the file")
        XCTAssertTrue(verdict.valid, verdict.errors.prefix(5).joined(separator: "\n"))
    }

    func testOneStaleClaimRefusesTheWholeFile() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let (tenant, claims) = try await seeded(5, store: store)
                let (text, _) = PostingBenchmarkFile.write(paying: claims, payee: tenant)
                // Someone else changes the third claim after the 835 read it: the whole file is refused.
                var changes: [ClaimChange] = []
                for (n, claim) in claims.enumerated() {
                    var changed = claim
                    changed.payerClaimControlNumber = "CHANGED"
                    changes.append(ClaimChange(changed, expectedVersion: n == 2 ? 7 : 1))
                }
                let file = ReceivedFile(id: UUID(), tenantID: tenant.id, kind: .remittance, name: "stale.835", contents: text, receivedAt: Date(),
                                        receivedBy: actor, claimIDs: claims.map(\.id))
                do {
                    _ = try await store.insertReceivedFile(file, claims: changes)
                    XCTFail("a stale claim was overwritten")
                } catch StoreError.versionConflict(_, let id, let expected, let actual) {
                    XCTAssertEqual(id, claims[2].id)
                    XCTAssertEqual(expected, 7)
                    XCTAssertEqual(actual, 1)
                }
                for claim in claims {
                    let stored = try await store.claim(id: claim.id, tenantID: tenant.id)
                    XCTAssertEqual(stored?.version, 1)
                    XCTAssertNotEqual(stored?.value.payerClaimControlNumber, "CHANGED")
                }
                let recorded = try await store.receivedFile(fingerprint: file.fingerprint, tenantID: tenant.id)
                XCTAssertNil(recorded)
            }
        }
    }

    func testAClaimWhosePayerOrControlNumberChangedIsStoredWholeByTheBulkWrite() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let (tenant, claims) = try await seeded(4, store: store)
                let (text, _) = PostingBenchmarkFile.write(paying: claims, payee: tenant)
                // The usual statement leaves the payer, patient, encounter and control number alone; the second claim
                // changes two of them and must still be written whole, its indexes with it.
                let newPayer = UUID()
                var changes: [ClaimChange] = []
                for (n, claim) in claims.enumerated() {
                    var changed = claim
                    changed.payerClaimControlNumber = "CHANGED"
                    if n == 1 { changed.payerID = newPayer; changed.patientControlNumber = "MOVED-1" }
                    changes.append(ClaimChange(changed, expectedVersion: 1))
                }
                let file = ReceivedFile(id: UUID(), tenantID: tenant.id, kind: .remittance, name: "moved.835", contents: text, receivedAt: Date(),
                                        receivedBy: actor, claimIDs: claims.map(\.id))
                _ = try await store.insertReceivedFile(file, claims: changes)
                for claim in claims {
                    let stored = try await store.claim(id: claim.id, tenantID: tenant.id)
                    XCTAssertEqual(stored?.version, 2)
                    XCTAssertEqual(stored?.value.payerClaimControlNumber, "CHANGED")
                }
                let moved = try await store.claims(patientControlNumbers: ["MOVED-1"], tenantID: tenant.id)
                XCTAssertEqual(moved.map(\.value.id), [claims[1].id])
                XCTAssertEqual(moved.first?.value.payerID, newPayer)
                let byPayer = try await store.claims(tenantID: tenant.id, query: ClaimQuery(payerID: newPayer))
                XCTAssertEqual(byPayer.items.map(\.value.id), [claims[1].id])
                let byOldNumber = try await store.claims(patientControlNumbers: [claims[1].patientControlNumber], tenantID: tenant.id)
                XCTAssertFalse(byOldNumber.contains { $0.value.id == claims[1].id })
            }
        }
    }

    /// The bulk write appends to each claim's stored status changes only those it has not stored: counted in the
    /// database, or taken from the caller when it knows them (a claim it read or stored itself at that version).
    func testEachWriteAppendsOnlyTheStatusChangesNotYetStored() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let (tenant, claims) = try await seeded(6, store: store)
                var expected: [UUID: [ClaimTransition]] = [:]
                let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) // whole seconds, as stored
                for round in 1...2 {
                    let stored = try await store.claims(patientControlNumbers: claims.map(\.patientControlNumber), tenantID: tenant.id)
                    var changes: [ClaimChange] = []
                    for (n, claim) in stored.enumerated() {
                        var changed = claim.value
                        // One or two changes each time; two claims in three carry their stored count, the third is counted by the store.
                        for step in 0...(n % 2) {
                            let at = now.addingTimeInterval(Double(round * 10 + step)), before = changed.history.count
                            for target in ClaimStateMachine.allowedTargets(from: changed.status) where changed.history.count == before {
                                try? changed.transition(to: target, actor: actor, at: at, reason: "round \(round)")
                            }
                            XCTAssertEqual(changed.history.count, before + 1, "no move from \(changed.status)")
                        }
                        expected[changed.id] = changed.history
                        changes.append(ClaimChange(changed, expectedVersion: claim.version,
                                                   storedHistoryCount: n % 3 == 0 ? nil : claim.value.history.count))
                    }
                    let file = ReceivedFile(id: UUID(), tenantID: tenant.id, kind: .remittance, name: "round\(round).835", contents: "round \(round)",
                                            receivedAt: Date(), receivedBy: actor, claimIDs: claims.map(\.id))
                    _ = try await store.insertReceivedFile(file, claims: changes)
                }
                for claim in try await store.claims(patientControlNumbers: claims.map(\.patientControlNumber), tenantID: tenant.id) {
                    XCTAssertEqual(claim.version, 3)
                    XCTAssertEqual(claim.value.history, expected[claim.value.id], claim.value.patientControlNumber)
                }
                let events = try await store.claimEvents(tenantID: tenant.id, after: 0, limit: 100_000).filter { expected[$0.transition.claimID] != nil }
                XCTAssertEqual(events.count, expected.values.reduce(0) { $0 + $1.count }, "each status change stored once")
            }
        }
    }
}
