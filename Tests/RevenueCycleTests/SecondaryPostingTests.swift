import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import XCTest

/// Posting a secondary payer's 835 onto the claim made to it from the primary's: its OA-23 (the impact of the prior
/// payer's adjudication) is the part the claim opened with, not posted again; its payment and PR post, and the claim
/// ends paid with the patient's share owed by the patient. An OA-23 on a claim not opened so stays what it was.
final class SecondaryPostingTests: XCTestCase {
    typealias C = ERA

    /// The fixture claim paid by its primary (`ERA.paidClaim`: line 1 leaves $30 to the patient, line 2 $1.60), the
    /// claim to the secondary made from it and sent, and the primary after the hand-off.
    func claims() throws -> (primary: RevenueCycle.Claim, secondary: RevenueCycle.Claim) {
        var primary = try C.submittedClaim()
        try C.post(C.remittance([C.paidClaim]), to: &primary)
        let (coverage, payer) = SecondaryClaimTests.secondCoverage(for: primary)
        var secondary = try SecondaryClaims.build(after: primary, earlierPayer: Fixture().payer, payment: C.paidClaim, adjudicatedOn: C.postedOn,
                                                  nextCoverage: coverage, nextPayer: payer, claimID: Fixture.id(960), postedOn: C.postedOn)
        for posting in SecondaryClaims.handOffPostings(earlier: primary, next: secondary, postedOn: C.postedOn) { try primary.post(posting) }
        for (i, status) in [ClaimStatus.ready, .batched, .submitted].enumerated() {
            try secondary.transition(to: status, actor: C.actor, at: C.sentAt.addingTimeInterval(Double(100 + i)), reason: "sent in the test")
        }
        return (primary, secondary)
    }

    /// The secondary's answer: line 1 pays $20 of the $30 left and leaves $10 of its deductible; line 2 pays the $1.60.
    static func secondaryPayment(_ pcn: String, status: String = "2", sign: Int = 1, icn: String = "SECICN1") -> Remittance.ClaimPayment {
        C.clp(pcn, status: status, charge: sign * 13500, paid: sign * 2160, patient: sign * 1000, icn: icn, lines: [
            C.svc("99213", ["25"], charge: sign * 12500, paid: sign * 2000, control: C.line1Control, [C.cas("OA", "23", sign * 9500), C.cas("PR", "1", sign * 1000)]),
            C.svc("36415", charge: sign * 1000, paid: sign * 160, control: C.line2Control, [C.cas("OA", "23", sign * 840)]),
        ])
    }

    func testTheSecondarysRemittancePostsToPaidWithoutPostingThePrimarysPartAgain() throws {
        let made = try claims()
        let primary = made.primary
        var secondary = made.secondary
        XCTAssertEqual(secondary.totals.balance.cents, 3160, "the primary's remainder is what the secondary owes")
        let plan = try C.post(C.remittance(trn: "TRN2", [Self.secondaryPayment(secondary.patientControlNumber)]), to: &secondary)
        let item = try XCTUnwrap(plan.claims.first)
        XCTAssertEqual(item.outcome, .post)
        XCTAssertEqual(item.claimID, secondary.id)
        XCTAssertTrue(item.balance.isBalanced)
        // Each line's payment and the PR-1: the OA-23s are the opening's.
        XCTAssertEqual(item.postings.count, 3)
        XCTAssertEqual(item.notes.filter { $0.contains("OA-23") && $0.contains("not posted again") }.count, 2, "\(item.notes)")
        XCTAssertEqual(secondary.status, .paid)
        XCTAssertEqual(secondary.totals.balance, .zero)
        XCTAssertEqual(secondary.totals.payments.cents, 2160)
        XCTAssertEqual(secondary.totals.patientResponsibility.cents, 1000)
        XCTAssertEqual(secondary.ledger.adjustmentTotals(), [AdjustmentTotal(group: .otherAdjustment, reason: "23", amount: Money(cents: 10340))])
        XCTAssertEqual(secondary.ledger.verify(), [])
        // Across both claims the patient owes the secondary's PR, and the payers paid what their 835s say.
        XCTAssertEqual((primary.totals.outstanding + secondary.totals.outstanding).cents, 1000)
        XCTAssertEqual((primary.totals.payments + secondary.totals.payments).cents, 7640 + 2160)

        // The same 835 again posts nothing.
        let again = C.plan(C.remittance(trn: "TRN2", [Self.secondaryPayment(secondary.patientControlNumber)]), [secondary])
        XCTAssertEqual(again.claims.first?.outcome, .alreadyPosted)
    }

    func testAReversalAndCorrectionOfTheSecondarysDecisionLeaveThePrimarysPartInPlace() throws {
        var (_, secondary) = try claims()
        try C.post(C.remittance(trn: "TRN2", [Self.secondaryPayment(secondary.patientControlNumber)]), to: &secondary)
        // The secondary reverses its decision (every amount negated, OA-23 too) and pays $21.60 without a deductible.
        let corrected = C.clp(secondary.patientControlNumber, status: "2", charge: 13500, paid: 3160, patient: 0, icn: "SECICN2", lines: [
            C.svc("99213", ["25"], charge: 12500, paid: 3000, control: C.line1Control, [C.cas("OA", "23", 9500)]),
            C.svc("36415", charge: 1000, paid: 160, control: C.line2Control, [C.cas("OA", "23", 840)]),
        ])
        let plan = try C.post(C.remittance(trn: "TRN3", [Self.secondaryPayment(secondary.patientControlNumber, status: "22", sign: -1), corrected]),
                              to: &secondary)
        XCTAssertEqual(plan.claims.map(\.outcome), [.post, .post])
        XCTAssertEqual(secondary.status, .paid)
        XCTAssertEqual(secondary.totals.payments.cents, 3160)
        XCTAssertEqual(secondary.totals.patientResponsibility, .zero)
        XCTAssertEqual(secondary.totals.balance, .zero)
        XCTAssertEqual(secondary.ledger.adjustmentTotals(), [AdjustmentTotal(group: .otherAdjustment, reason: "23", amount: Money(cents: 10340))])
        XCTAssertEqual(secondary.ledger.verify(), [])
    }

    func testAClaimLevelOA23IsTheOpeningsSpreadOverTheLines() throws {
        var (_, secondary) = try claims()
        // No SVC lines: the whole claim's payment, OA-23 and PR at the claim level.
        let payment = C.clp(secondary.patientControlNumber, status: "2", charge: 13500, paid: 2160, patient: 1000, icn: "SECICN1",
                            [C.cas("OA", "23", 10340), C.cas("PR", "1", 1000)])
        let plan = try C.post(C.remittance(trn: "TRN2", [payment]), to: &secondary)
        XCTAssertEqual(plan.claims.first?.outcome, .post)
        XCTAssertEqual(secondary.status, .paid)
        XCTAssertEqual(secondary.totals.balance, .zero)
        XCTAssertEqual(secondary.totals.patientResponsibility.cents, 1000)
        XCTAssertEqual(secondary.ledger.verify(), [])
    }

    func testAnOA23OnAClaimNotOpenedWithTheHandOffIsStillAnException() throws {
        // The primary claim itself, paid and owing nothing to insurance: a secondary's answer under its number cannot
        // take the earlier payer's part off again.
        var primary = try C.submittedClaim()
        try C.post(C.remittance([C.paidClaim]), to: &primary)
        let plan = C.plan(C.remittance(trn: "TRN2", [Self.secondaryPayment(primary.patientControlNumber)]), [primary])
        let item = try XCTUnwrap(plan.claims.first)
        XCTAssertEqual(item.outcome, .exception)
        XCTAssertEqual(item.exceptions.map(\.kind), [.ledgerRefused])
        XCTAssertTrue(item.exceptions.first?.message.contains("OA-23") ?? false, "\(item.exceptions)")
    }
}
