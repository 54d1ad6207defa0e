import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import XCTest

/// Corrected claims and voids through the sandbox, on SQLite and PostgreSQL: a claim denied for want of a prior
/// authorization is corrected in place as a replacement (7), batched, sent, answered with the reversal of the denial
/// and the payment of the replacement, and ends paid with its ledger balanced; then voided (8), it ends voided with
/// its payment reversed.
final class CorrectedClaimExchangeTests: XCTestCase {
    let biller = ClaimActor(userID: UUID(), displayName: "Test biller")
    let start = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10, the demo's day

    struct Round {
        var store: DatabaseStore
        var tenantID: UUID
        var exchange: ClaimExchange
        var transport: DropFolderTransport
        var sandbox: SandboxClearinghouse

        /// Batches the ready claims, sends them, lets the sandbox answer on `day`, and receives every answer.
        func cycle(day: String, at: Date, postedOn: ServiceDate) async throws -> [ClaimBatch] {
            let batches = try await exchange.batchReadyClaims(tenantID: tenantID, at: at).batches
            for batch in batches { _ = try await exchange.send(batchID: batch.value.id, tenantID: tenantID, through: transport, at: at + 1) }
            _ = try sandbox.answerOutbox(date: day, time: "1200")
            for outcome in try await exchange.receiveInbox(transport, tenantID: tenantID, at: at + 2, postedOn: postedOn) {
                if case .failure(let error) = outcome { XCTFail(error.description) }
            }
            return batches.map(\.value)
        }
    }

    func testADeniedClaimCorrectedAsAReplacementIsPaidAndAVoidReversesThePayment() async throws {
        try await withLoadedDemo { store, data, _, folder in
            // A ready professional claim with no authorization number, whose patient has one coverage (no claim to
            // a next payer comes into play).
            let claim = try XCTUnwrap(data.claims.first { c in
                c.status == .ready && c.kind == .professional && c.priorAuthorizationNumber == nil
                    && data.coverages.filter { $0.patientID == c.patientID }.count == 1
            })
            let tenantID = claim.tenantID
            let codes = claim.lines.compactMap { $0.procedure?.code }
            var contract = PayerContract.demo
            contract.priorAuthorizationCodes += codes
            let transport = try DropFolderTransport(root: folder)
            let round = Round(store: store, tenantID: tenantID, exchange: ClaimExchange(store: store, actor: biller, usage: "T"),
                              transport: transport, sandbox: try SandboxClearinghouse(folders: transport, contract: contract))
            let day1 = try XCTUnwrap(ServiceDate(year: 2025, month: 11, day: 10))

            // 1. Sent as it is: denied CO-197 for want of an authorization.
            _ = try await round.cycle(day: "20251110", at: start, postedOn: day1)
            let afterDenial = try await store.claim(id: claim.id, tenantID: tenantID)
            var stored = try XCTUnwrap(afterDenial)
            XCTAssertEqual(stored.value.status, .denied, "\(stored.value.history.map(\.reason))")
            let deniedNumber = try XCTUnwrap(stored.value.adjudicatedPayerClaimControlNumber)
            XCTAssertTrue(stored.value.ledger.adjustmentTotals().contains { $0.reason == "197" })

            // 2. Corrected in place: a replacement naming the denied claim's number, with the authorization.
            var corrected = stored.value
            try corrected.correct(ClaimCorrectionChanges(priorAuthorizationNumber: "AUTH12345"), reason: "authorization obtained",
                                  actor: biller, at: start + 100)
            try corrected.transition(to: .ready, actor: biller, at: start + 100, reason: "scrubbed")
            stored = try await store.updateClaim(corrected, expectedVersion: stored.version)
            XCTAssertEqual(stored.value.frequency, .replacement)
            XCTAssertEqual(stored.value.payerClaimControlNumber, deniedNumber)

            // 3. Sent again: the 837 carries CLM05-3 7 and REF*F8; the 835 reverses the denial and pays.
            let day2 = try XCTUnwrap(ServiceDate(year: 2025, month: 11, day: 11))
            let batches = try await round.cycle(day: "20251111", at: start + 200, postedOn: day2)
            let sent = try XCTUnwrap(batches.first { $0.claimIDs.contains(claim.id) })
            XCTAssertTrue(sent.contents.contains(":7*") && sent.contents.contains("REF*F8*\(deniedNumber)~"), sent.contents)
            let afterPayment = try await store.claim(id: claim.id, tenantID: tenantID)
            stored = try XCTUnwrap(afterPayment)
            var paid = stored.value
            XCTAssertEqual(paid.status, .paid, "\(paid.history.map(\.reason))")
            XCTAssertEqual(paid.ledger.verify(), [])
            XCTAssertEqual(paid.validate(), [])
            XCTAssertFalse(paid.ledger.adjustmentTotals().contains { $0.reason == "197" }, "the denial is reversed")
            let totals = paid.totals
            XCTAssertTrue(totals.payments.isPositive)
            XCTAssertEqual(totals.charges, totals.payments + totals.adjustments + totals.patientResponsibility + totals.balance)
            XCTAssertEqual(totals.balance, .zero)
            let newNumber = try XCTUnwrap(paid.adjudicatedPayerClaimControlNumber)
            XCTAssertNotEqual(newNumber, deniedNumber)
            let documents = try await store.claimDocuments(claimID: claim.id, tenantID: tenantID)
            XCTAssertEqual(documents.filter { $0.kind == "835" }.count, 2, "\(documents.map(\.kind))")

            // 4. Voided: the void (8) names the replacement's number; the payer reverses the payment.
            let outcome = try paid.void(reason: "billed to the wrong patient", actor: biller, at: start + 300)
            XCTAssertEqual(outcome, .sentToPayer(payerClaimControlNumber: newNumber))
            try paid.transition(to: .ready, actor: biller, at: start + 300, reason: "the void goes out")
            stored = try await store.updateClaim(paid, expectedVersion: stored.version)
            let day3 = try XCTUnwrap(ServiceDate(year: 2025, month: 11, day: 12))
            let voids = try await round.cycle(day: "20251112", at: start + 400, postedOn: day3)
            XCTAssertTrue(voids.first?.contents.contains(":8*") == true)
            let afterVoid = try await store.claim(id: claim.id, tenantID: tenantID)
            let voided = try XCTUnwrap(afterVoid).value
            XCTAssertEqual(voided.status, .voided, "\(voided.history.map(\.reason))")
            XCTAssertEqual(voided.ledger.verify(), [])
            XCTAssertEqual(voided.validate(), [])
            XCTAssertEqual(voided.totals.payments, .zero)
            XCTAssertEqual(voided.totals.patientResponsibility, .zero)
            // Nothing owed: the charge the reversal put back on insurance is adjusted off in the same transaction.
            XCTAssertEqual(voided.totals.balance, .zero)
            XCTAssertEqual(voided.totals.adjustments, voided.totals.charges)
        }
    }
}
