import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import OracleSupport
import Persistence
import RevenueCycle
import XCTest

/// Coordination of benefits through the exchange, on both databases: the demo's claims go to the sandbox payer, its
/// 835s make the claims to the patients' second plans (`billNextPayer`), those are made ready, sent, and the sandbox
/// pays them as the secondary payer; their 835s (valid to our validator and pyx12) post with no exception and leave
/// each secondary claim paid, balanced, with the patient's share on the patient.
final class SecondaryClaimExchangeTests: XCTestCase {
    let biller = ClaimActor(userID: UUID(), displayName: "Test biller")
    let at = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10, the demo's day

    /// Batches and sends every tenant's ready claims, lets the sandbox answer on `day`, and receives the answers: the
    /// received files' counts, and the sandbox's 835s.
    func exchangeRound(_ store: DatabaseStore, transport: DropFolderTransport, at: Date, day: ServiceDate) async throws -> (counts: [String: Int], remittances: [String]) {
        let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
        let tenants = try await store.allTenants()
        for tenant in tenants {
            for batch in try await exchange.batchReadyClaims(tenantID: tenant.id, at: at).batches {
                _ = try await exchange.send(batchID: batch.value.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))
            }
        }
        _ = try SandboxClearinghouse(folders: transport).answerOutbox(date: day.x12, time: "1200")
        let remittances = try await transport.received().map { String(decoding: $0.contents, as: UTF8.self) }.filter { $0.contains("ST*835*") }
        var counts: [String: Int] = [:]
        for tenant in tenants {
            for outcome in try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(600), postedOn: day) {
                counts.merge(try outcome.get().file.value.counts, uniquingKeysWith: +)
            }
        }
        return (counts, remittances)
    }

    func allClaims(_ store: DatabaseStore) async throws -> [RevenueCycle.Claim] {
        var claims: [RevenueCycle.Claim] = []
        for tenant in try await store.allTenants() {
            claims += try await store.claims(tenantID: tenant.id, query: ClaimQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
        }
        return claims
    }

    func testASecondaryClaimMadeFromThePrimarysRemittanceIsPaidAsSecondaryAndPostsBalanced() async throws {
        try await withLoadedDemo { store, _, _, folder in
            let transport = try DropFolderTransport(root: folder)
            let first = try await exchangeRound(store, transport: transport, at: at, day: ServiceDate(year: 2025, month: 11, day: 10)!)
            XCTAssertEqual(first.counts["exceptions"] ?? 0, 0)
            let made = try await allClaims(store).filter { !$0.priorPayerAdjudications.isEmpty }
            XCTAssertFalse(made.isEmpty, "the demo has patients with a second plan")
            XCTAssertEqual(made.count, first.counts["nextPayerClaimsMade"])
            let primaryIDs = Set(made.map { $0.priorPayerAdjudications[0].claimID })
            let primariesBefore = Dictionary(uniqueKeysWithValues: try await allClaims(store).filter { primaryIDs.contains($0.id) }.map { ($0.id, $0) })

            // A biller makes the drafts ready; they go out in the next batch.
            let later = at.addingTimeInterval(7 * 86_400)
            var owed: [UUID: Money] = [:]
            for draft in made {
                XCTAssertEqual(draft.status, .draft)
                owed[draft.id] = draft.totals.balance
                let read = try await store.claim(id: draft.id, tenantID: draft.tenantID)
                var stored = try XCTUnwrap(read)
                try stored.value.transition(to: .ready, actor: biller, at: later, reason: "secondary claim checked")
                _ = try await store.updateClaim(stored.value, expectedVersion: stored.version)
            }
            let second = try await exchangeRound(store, transport: transport, at: later.addingTimeInterval(60), day: ServiceDate(year: 2025, month: 11, day: 17)!)
            XCTAssertEqual(second.counts["exceptions"] ?? 0, 0, "\(second.counts)")
            XCTAssertGreaterThanOrEqual(second.counts["claimsPosted"] ?? 0, made.count)

            // The sandbox's 835s: processed as secondary, the primary's part as OA-23, valid.
            XCTAssertFalse(second.remittances.isEmpty)
            for text in second.remittances {
                XCTAssertTrue(text.contains("CAS*OA*23*"), text)
                XCTAssertTrue(made.allSatisfy { !text.contains("CLP*\($0.patientControlNumber)*") || text.contains("CLP*\($0.patientControlNumber)*2*") }, text)
                try SandboxFixtures.assertValid(text, "secondary 835")
            }

            for claim in try await allClaims(store) {
                XCTAssertEqual(claim.ledger.verify(), [], claim.patientControlNumber)
                if let before = primariesBefore[claim.id] {
                    XCTAssertEqual(claim.ledger, before.ledger, "the primary's ledger is left as the hand-off made it")
                    continue
                }
                guard let opened = owed[claim.id] else { continue }
                XCTAssertEqual(claim.status, .paid, claim.patientControlNumber)
                XCTAssertEqual(claim.totals.balance, .zero, claim.patientControlNumber)
                // What the secondary was billed is paid or the patient's: nothing else is taken off.
                XCTAssertEqual(claim.totals.payments + claim.totals.patientResponsibility, opened, claim.patientControlNumber)
                XCTAssertTrue(claim.totals.payments.isPositive, claim.patientControlNumber)
                XCTAssertEqual(claim.ledger.adjustmentTotals().map { "\($0.group.rawValue)-\($0.reason)" }, ["OA-23"])
            }
        }
    }
}
