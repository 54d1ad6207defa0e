import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import XCTest

/// Corrected claims (frequency 7) and voids (8), in place on the fixture claim, and the 835s that answer them.
final class ClaimCorrectionTests: XCTestCase {
    typealias Claim = RevenueCycle.Claim
    let biller = ClaimActor(userID: Fixture.id(901), displayName: "Biller")
    let later = ERA.postedAt.addingTimeInterval(3600)

    /// The fixture claim denied whole by the 835 under ICN1 (CO-197 on each line).
    func deniedClaim() throws -> Claim {
        var claim = try ERA.submittedClaim()
        try ERA.post(ERA.remittance([ERA.clp(status: "4", charge: 13500, paid: 0, icn: "ICN1", lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 0, control: ERA.line1Control, [ERA.cas("CO", "197", 12500)]),
            ERA.svc("36415", charge: 1000, paid: 0, control: ERA.line2Control, [ERA.cas("CO", "197", 1000)]),
        ])]), to: &claim)
        XCTAssertEqual(claim.status, .denied)
        return claim
    }

    /// Plans an 835 received after the correction was sent.
    func planLater(_ era: Remittance, _ claims: [Claim]) -> RemittancePlan {
        RemittancePosting.plan(era, fileName: "era2.835", postedOn: ERA.postedOn, at: later.addingTimeInterval(100), actor: ERA.actor) { pcn in
            claims.filter { $0.patientControlNumber == pcn }
        }
    }

    /// Sends a corrected claim again: ready, batched, submitted, and the 277CA's acknowledgment with `number`.
    func send(_ claim: inout Claim, payerNumber: String?, at start: Date) throws {
        if claim.status == .corrected { try claim.transition(to: .ready, actor: biller, at: start, reason: "scrubbed") }
        for (i, status) in [ClaimStatus.batched, .submitted, .accepted, .acknowledged].enumerated() {
            if status == .acknowledged, let payerNumber { claim.payerClaimControlNumber = payerNumber }
            try claim.transition(to: status, actor: biller, at: start.addingTimeInterval(Double(i + 1)), reason: "sent again in the test")
        }
    }

    func testADeniedClaimIsCorrectedAsAReplacementNamingThePayersNumber() throws {
        var claim = try deniedClaim()
        claim.payerClaimControlNumber = "ACK-NUMBER"  // the 277CA's; the 835's CLP07 is what the payer decided under
        try claim.correct(ClaimCorrectionChanges(priorAuthorizationNumber: "AUTH12345", lines: [.init(lineNumber: 1, modifiers: [])]),
                          reason: "authorization obtained", actor: biller, at: later)
        XCTAssertEqual(claim.status, .corrected)
        XCTAssertEqual(claim.frequency, .replacement)
        XCTAssertEqual(claim.payerClaimControlNumber, "ICN1")
        XCTAssertEqual(claim.priorAuthorizationNumber, "AUTH12345")
        XCTAssertEqual(claim.lines[0].modifiers, [])
        let change = try XCTUnwrap(claim.history.last)
        XCTAssertEqual(change.actor, biller)
        XCTAssertEqual(change.reason, "corrected as a replacement (7) of payer claim ICN1: authorization obtained (changed: prior authorization AUTH12345, line 1 no modifiers)")
        XCTAssertEqual(claim.validate(), [])
    }

    func testARejectedClaimIsSentAgainAsAnOriginal() throws {
        var claim = try ERA.submittedClaim()
        try claim.transition(to: .rejected, actor: biller, at: ERA.postedAt, reason: "999 rejected")
        try claim.correct(ClaimCorrectionChanges(diagnoses: [DiagnosisCode("E11.9"), DiagnosisCode("I10")]), reason: "diagnosis fixed", actor: biller, at: later)
        XCTAssertEqual(claim.frequency, .original)
        XCTAssertNil(claim.payerClaimControlNumber)
        XCTAssertEqual(claim.diagnoses, [DiagnosisCode("E119"), DiagnosisCode("I10")])
        XCTAssertTrue(claim.history.last?.reason.hasPrefix("corrected to be sent again as an original (1): diagnosis fixed") == true)
    }

    func testRefusalsAreNamedAndChangeNothing() throws {
        // A claim still with the payer.
        var sent = try ERA.submittedClaim()
        XCTAssertThrowsError(try sent.correct(ClaimCorrectionChanges(), reason: "x", actor: biller, at: later)) {
            XCTAssertEqual("\($0)", "a claim that is submitted cannot be corrected; only a claim that is rejected, denied, paid or partiallyPaid can: wait for the payer's answer")
        }
        XCTAssertThrowsError(try sent.void(reason: "x", actor: biller, at: later)) {
            XCTAssertEqual("\($0)", "the claim is submitted with the payer: wait for its decision, then void it")
        }
        // Adjudicated, but no payer number on file: a denial posted by hand, with no 835 behind it.
        var denied = try ERA.submittedClaim()
        for (i, status) in [ClaimStatus.accepted, .acknowledged, .denied].enumerated() {
            try denied.transition(to: status, actor: biller, at: ERA.postedAt.addingTimeInterval(Double(i)), reason: "by hand")
        }
        let before = denied
        XCTAssertThrowsError(try denied.correct(ClaimCorrectionChanges(), reason: "x", actor: biller, at: later)) {
            XCTAssertEqual($0 as? ClaimCorrectionError, .payerClaimControlNumberUnknown(frequency: .replacement))
            XCTAssertTrue("\($0)".contains("must name the payer's claim control number"), "\($0)")
        }
        XCTAssertThrowsError(try denied.void(reason: "x", actor: biller, at: later)) {
            XCTAssertEqual($0 as? ClaimCorrectionError, .payerClaimControlNumberUnknown(frequency: .void))
        }
        XCTAssertEqual(denied, before)
        // Changes that name what is not there, or break the claim; no reason.
        var claim = try deniedClaim()
        let original = claim
        XCTAssertThrowsError(try claim.correct(ClaimCorrectionChanges(lines: [.init(lineNumber: 7, units: 2)]), reason: "x", actor: biller, at: later)) {
            XCTAssertEqual("\($0)", "the corrected claim is not valid: changes.lines[0].lineNumber: the claim has no line 7; its lines are 1, 2")
        }
        XCTAssertThrowsError(try claim.correct(ClaimCorrectionChanges(lines: [.init(lineNumber: 1, charge: Money(cents: 9900))]), reason: "x", actor: biller, at: later)) {
            XCTAssertTrue("\($0)".contains("line 1's charge cannot change: the claim's ledger has postings"), "\($0)")
        }
        XCTAssertThrowsError(try claim.correct(ClaimCorrectionChanges(lines: [.init(lineNumber: 1, diagnosisPointers: [5])]), reason: "x", actor: biller, at: later)) {
            XCTAssertTrue("\($0)".contains("lines[0].diagnosisPointers[0]: points to diagnosis 5"), "\($0)")
        }
        XCTAssertThrowsError(try claim.correct(ClaimCorrectionChanges(), reason: "  ", actor: biller, at: later)) {
            XCTAssertEqual("\($0)", "a status change needs a reason")
        }
        XCTAssertEqual(claim, original)
    }

    func testANeverAdjudicatedClaimIsVoidedLocally() throws {
        var claim = try Fixture().builder.build(claimID: Fixture.id(100), patientControlNumber: "PCN1")
        try claim.transition(to: .ready, actor: biller, at: ERA.sentAt, reason: "scrubbed")
        XCTAssertEqual(try claim.void(reason: "billed in error", actor: biller, at: later), .voidedLocally)
        XCTAssertEqual(claim.status, .voided)
        XCTAssertEqual(claim.frequency, .original)
    }

    /// The payer reverses the denial and pays the replacement in one 835: the same claim ends paid, balanced, and
    /// the same 835 again posts nothing.
    func testTheReversalAndThePaymentOfTheReplacementPostOnTheCorrectedClaimOnce() throws {
        var claim = try deniedClaim()
        try claim.correct(ClaimCorrectionChanges(priorAuthorizationNumber: "AUTH12345"), reason: "authorization obtained", actor: biller, at: later)
        try send(&claim, payerNumber: "ICN2", at: later.addingTimeInterval(10))

        let reversal = ERA.clp(status: "22", charge: -13500, paid: 0, icn: "ICN1", lines: [
            ERA.svc("99213", ["25"], charge: -12500, paid: 0, control: ERA.line1Control, [ERA.cas("CO", "197", -12500)]),
            ERA.svc("36415", charge: -1000, paid: 0, control: ERA.line2Control, [ERA.cas("CO", "197", -1000)]),
        ])
        var payment = ERA.paidClaim
        payment.payerClaimControlNumber = "ICN2"
        let era = ERA.remittance(trn: "TRN2", [reversal, payment])
        let plan = planLater(era, [claim])
        XCTAssertEqual(plan.exceptions, [])
        XCTAssertEqual(plan.claims.map(\.claimID), [claim.id, claim.id])
        try plan.apply(to: &claim)
        XCTAssertEqual(claim.status, .paid)
        XCTAssertEqual(claim.ledger.verify(), [])
        XCTAssertEqual(claim.validate(), [])
        let totals = claim.totals
        XCTAssertEqual([totals.charges, totals.payments, totals.adjustments, totals.patientResponsibility, totals.balance].map(\.cents), [13500, 7640, 2700, 3160, 0])
        XCTAssertEqual(claim.ledger.adjustmentTotals(), [AdjustmentTotal(group: .contractualObligation, reason: "45", amount: Money(cents: 2700))],
                       "the CO-197 denial is reversed")
        XCTAssertEqual(claim.adjudicatedPayerClaimControlNumber, "ICN2")

        let again = planLater(era, [claim])
        XCTAssertEqual(again.claims.map(\.outcome), [.alreadyPosted, .alreadyPosted])
        let before = claim
        try again.apply(to: &claim)
        XCTAssertEqual(claim, before)
    }

    /// A paid claim voided: the void goes out (8, naming ICN1), the payer's reversal takes the payment back and ends
    /// the claim voided, with its money invariant.
    func testAVoidOfAPaidClaimEndsVoidedWhenThePayerReversesThePayment() throws {
        var claim = try ERA.submittedClaim()
        try ERA.post(ERA.remittance([ERA.paidClaim]), to: &claim)
        XCTAssertEqual(claim.status, .paid)
        XCTAssertEqual(try claim.void(reason: "wrong patient", actor: biller, at: later), .sentToPayer(payerClaimControlNumber: "ICN1"))
        XCTAssertEqual(claim.status, .corrected)
        XCTAssertEqual(claim.frequency, .void)
        XCTAssertEqual(claim.payerClaimControlNumber, "ICN1")
        try send(&claim, payerNumber: "ICN3", at: later.addingTimeInterval(10))

        let reversal = ERA.clp(status: "22", charge: -13500, paid: -7640, patient: -3160, icn: "ICN1", lines: [
            ERA.svc("99213", ["25"], charge: -12500, paid: -7000, control: ERA.line1Control, [ERA.cas("CO", "45", -2500), ERA.cas("PR", "3", -2000), ERA.cas("PR", "1", -1000)]),
            ERA.svc("36415", charge: -1000, paid: -640, control: ERA.line2Control, [ERA.cas("CO", "45", -200), ERA.cas("PR", "2", -160)]),
        ])
        let era = ERA.remittance(trn: "TRN3", payment: 0, [reversal], plb: [
            Remittance.ProviderAdjustment(provider: "1234567893", fiscalPeriodDate: "20251231", reasonCode: "FB", reference: "ICN1", amountCents: -7640),
        ])
        let plan = planLater(era, [claim])
        XCTAssertEqual(plan.exceptions, [])
        try plan.apply(to: &claim)
        XCTAssertEqual(claim.ledger.verify(), [])
        XCTAssertTrue(plan.payment.isBalanced, plan.payment.explanation)
        XCTAssertEqual(claim.status, .voided)
        XCTAssertEqual(claim.history.last?.source?.kind, "835")
        // Nothing is owed on a voided claim: the charge the reversal put back on insurance is taken off (OA VOID).
        let totals = claim.totals
        XCTAssertEqual([totals.payments, totals.adjustments, totals.patientResponsibility, totals.balance].map(\.cents), [0, 13500, 0, 0])
        let settled = claim.ledger.postings.filter { if case .adjustment(_, .otherAdjustment, "VOID", .insurance) = $0.entry { true } else { false } }
        XCTAssertEqual(settled.map(\.lineNumber), [1, 2])
        XCTAssertTrue(plan.claims[0].notes.contains { $0.contains("nothing is owed") }, "\(plan.claims[0].notes)")
        XCTAssertEqual(claim.validate(), [])
        XCTAssertEqual(planLater(era, [claim]).claims.map(\.outcome), [.alreadyPosted])
    }

    func testTheTransitionTableLetsAVoidEndVoidedAndARejectedReplacementStayAReplacement() throws {
        for from in [ClaimStatus.accepted, .acknowledged, .pending, .ready] {
            XCTAssertTrue(ClaimStateMachine.isAllowed(from: from, to: .voided), "\(from)")
        }
        XCTAssertFalse(ClaimStateMachine.isAllowed(from: .paid, to: .voided), "a paid claim is voided through the payer")
        // A replacement the payer rejected (say its 277CA) is still a replacement when corrected again.
        var claim = try deniedClaim()
        try claim.correct(ClaimCorrectionChanges(), reason: "first try", actor: biller, at: later)
        try claim.transition(to: .ready, actor: biller, at: later + 1, reason: "scrubbed")
        for (i, status) in [ClaimStatus.batched, .submitted, .accepted, .rejected].enumerated() {
            try claim.transition(to: status, actor: biller, at: later + Double(i + 2), reason: "277CA rejected")
        }
        try claim.correct(ClaimCorrectionChanges(), reason: "second try", actor: biller, at: later + 10)
        XCTAssertEqual(claim.frequency, .replacement)
        XCTAssertEqual(claim.payerClaimControlNumber, "ICN1")
    }
}
