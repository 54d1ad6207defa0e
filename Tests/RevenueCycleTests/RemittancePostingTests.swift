import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import XCTest

/// 835 posting: matching, balancing, amounts, reversals, status, idempotence, on the fixture claim (line 1 99213-25
/// $125.00, line 2 36415 $10.00).
final class RemittancePostingTests: XCTestCase {
    typealias Claim = RevenueCycle.Claim

    func line(_ claim: Claim, _ n: Int) throws -> LedgerLine { try XCTUnwrap(claim.ledger.line(n)) }

    func testAPaidClaimPostsEachLinesPaymentAdjustmentsAndPatientResponsibility() throws {
        var claim = try ERA.submittedClaim()
        let plan = try ERA.post(ERA.remittance([ERA.paidClaim]), to: &claim)

        XCTAssertEqual(plan.claims.first?.outcome, .post)
        XCTAssertEqual(plan.claims.first?.lineMatches.map(\.method), [.lineControlNumber, .lineControlNumber])
        XCTAssertEqual(plan.claims.first?.postings.count, 7)
        XCTAssertEqual(plan.claims.first?.balance.isBalanced, true)
        let line1 = try line(claim, 1), line2 = try line(claim, 2)
        XCTAssertEqual([line1.payments, line1.adjustments, line1.patientResponsibility, line1.balance].map(\.cents), [7000, 2500, 3000, 0])
        XCTAssertEqual([line2.payments, line2.adjustments, line2.patientResponsibility, line2.balance].map(\.cents), [640, 200, 160, 0])
        XCTAssertEqual(claim.ledger.adjustmentTotals(), [AdjustmentTotal(group: .contractualObligation, reason: "45", amount: Money(cents: 2700))])
        let reasons = claim.ledger.postings.compactMap { if case .patientResponsibility(let a, let r) = $0.entry { "\(r):\(a.cents)" } else { nil } }
        XCTAssertEqual(reasons, ["3:2000", "1:1000", "2:160"])

        // submitted → accepted → acknowledged (implied by the 835) → paid.
        XCTAssertEqual(claim.status, .paid)
        XCTAssertEqual(claim.history.suffix(3).map(\.to), [.accepted, .acknowledged, .paid])
        XCTAssertTrue(claim.history.suffix(3).allSatisfy { $0.source == SourceDocumentReference(kind: "835", reference: "era.835 TRN TRN1") })
        XCTAssertTrue(claim.history[claim.history.count - 3].reason.contains("no 999 acceptance was recorded"))

        XCTAssertEqual(plan.summary.paid.cents, 7640)
        XCTAssertEqual(plan.summary.adjusted.cents, 2700)
        XCTAssertEqual(plan.summary.patientResponsibility.cents, 3160)
        XCTAssertEqual(plan.summary.claimsPosted, 1)
        XCTAssertTrue(plan.summary.paymentBalanced)
        XCTAssertEqual(plan.claimIDsToUpdate, [claim.id])
    }

    func testALineAbsentFromThe835LeavesTheClaimPartiallyPaidAndIsNamed() throws {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(charge: 12500, paid: 7000, lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 7000, control: ERA.line1Control, [ERA.cas("CO", "45", 2500), ERA.cas("PR", "3", 2000), ERA.cas("PR", "1", 1000)]),
        ])])
        let plan = try ERA.post(era, to: &claim)
        XCTAssertEqual(claim.status, .partiallyPaid)
        XCTAssertEqual(claim.totals.balance.cents, 1000)
        let notes = try XCTUnwrap(plan.claims.first?.notes)
        XCTAssertTrue(notes.contains { $0.contains("line 2 (36415 on 2025-11-03, 1 unit, $10.00) is not in the 835: the payer bundled it") }, "\(notes)")
        XCTAssertTrue(notes.contains("after posting, line 2 still owes $10.00"), "\(notes)")
    }

    func testAFullDenialAtClaimLevelIsSpreadAndDeniesTheClaim() throws {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(status: "4", charge: 13500, paid: 0, [ERA.cas("CO", "197", 13500)])])
        let plan = try ERA.post(era, to: &claim)
        XCTAssertEqual(claim.status, .denied)
        XCTAssertEqual(try line(claim, 1).adjustments.cents, 12500)
        XCTAssertEqual(try line(claim, 2).adjustments.cents, 1000)
        XCTAssertEqual(claim.totals.balance, .zero)
        XCTAssertTrue(claim.history.last?.reason.contains("denied (CLP02 4): CO-197") == true)
        XCTAssertTrue(plan.claims[0].notes.contains("claim-level CO-197 adjustment of $135.00 spread in line order, each line up to what it still owed: $125.00 to line 1, $10.00 to line 2"),
                      "\(plan.claims[0].notes)")
    }

    func testNothingPaidWithADenialReasonDeniesEvenUnderStatusOne() throws {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(charge: 13500, paid: 0, lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 0, control: ERA.line1Control, [ERA.cas("CO", "50", 12500)]),
            ERA.svc("36415", charge: 1000, paid: 0, control: ERA.line2Control, [ERA.cas("CO", "97", 1000)]),
        ])])
        try ERA.post(era, to: &claim)
        XCTAssertEqual(claim.status, .denied)
    }

    func testClaimLevelPaymentAndAdjustmentsWithoutLinesAreSpreadInLineOrder() throws {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(charge: 13500, paid: 10000, [ERA.cas("CO", "45", 2000), ERA.cas("PR", "2", 1500)])])
        let plan = try ERA.post(era, to: &claim)
        let line1 = try line(claim, 1), line2 = try line(claim, 2)
        // Payment: $100 to line 1; CO-45 $20 to line 1 (owes $25); PR-2 $5 to line 1, $10 to line 2.
        XCTAssertEqual([line1.payments, line1.adjustments, line1.patientResponsibility, line1.balance].map(\.cents), [10000, 2000, 500, 0])
        XCTAssertEqual([line2.payments, line2.adjustments, line2.patientResponsibility, line2.balance].map(\.cents), [0, 0, 1000, 0])
        XCTAssertEqual(claim.status, .paid)
        XCTAssertTrue(plan.claims[0].notes.contains { $0.contains("claim-level PR-2 patient responsibility of $15.00 spread in line order") && $0.contains("$5.00 to line 1, $10.00 to line 2") },
                      "\(plan.claims[0].notes)")
    }

    func testAClaimLevelAdjustmentBesideLinesReachesTheBundledLine() throws {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(charge: 13500, paid: 7000, [ERA.cas("CO", "97", 1000)], lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 7000, control: ERA.line1Control, [ERA.cas("CO", "45", 2500), ERA.cas("PR", "3", 2000), ERA.cas("PR", "1", 1000)]),
        ])])
        try ERA.post(era, to: &claim)
        XCTAssertEqual(try line(claim, 2).adjustments.cents, 1000)
        XCTAssertEqual(claim.ledger.adjustmentTotals().map { "\($0.group.rawValue)-\($0.reason):\($0.amount.cents)" }, ["CO-45:2500", "CO-97:1000"])
        XCTAssertEqual(claim.status, .paid)
    }

    func testWithoutREF6RLinesAreMatchedByProcedureAndDate() throws {
        var claim = try ERA.submittedClaim()
        var clp = ERA.paidClaim
        clp.serviceLines = clp.serviceLines.reversed().map { var l = $0; l.lineControlNumber = nil; return l }
        let plan = try ERA.post(ERA.remittance([clp]), to: &claim)
        XCTAssertEqual(plan.claims[0].lineMatches, [RemittanceLineMatch(serviceLine: 1, lineNumber: 2, method: .procedureAndDate),
                                                    RemittanceLineMatch(serviceLine: 2, lineNumber: 1, method: .procedureAndDate)])
        XCTAssertEqual(try line(claim, 2).payments.cents, 640)
        XCTAssertTrue(plan.claims[0].notes.contains { $0.hasPrefix("SVC 1 (HC:36415 on 2025-11-03, 1 unit, charge $10.00): the payer sent no REF*6R; matched to line 2") })
    }

    func testADroppedModifierStillMatchesTheOnlyLineThatFits() throws {
        var claim = try ERA.submittedClaim()
        var clp = ERA.paidClaim
        clp.serviceLines[0].modifiers = []
        clp.serviceLines[0].lineControlNumber = nil
        let plan = try ERA.post(ERA.remittance([clp]), to: &claim)
        XCTAssertEqual(plan.claims[0].lineMatches.first, RemittanceLineMatch(serviceLine: 1, lineNumber: 1, method: .procedureAndDateIgnoringModifiers))
        XCTAssertTrue(plan.claims[0].notes.contains { $0.contains("ignoring modifiers (sent: 25; returned: none)") }, "\(plan.claims[0].notes)")
        XCTAssertEqual(claim.status, .paid)
    }

    func testAnUnknownPatientControlNumberIsAnException() throws {
        let claim = try ERA.submittedClaim()
        var clp = ERA.paidClaim
        clp.claimId = "NOSUCH"
        let plan = ERA.plan(ERA.remittance([clp, ERA.paidClaim]), [claim])
        XCTAssertEqual(plan.exceptions.map(\.kind), [.unmatchedClaim])
        XCTAssertEqual(plan.exceptions.first?.description, "CLP 1 (claim NOSUCH): no claim has the patient control number NOSUCH")
        XCTAssertEqual(plan.summary.claimExceptions, 1)
        XCTAssertEqual(plan.summary.claimsPosted, 1)
        XCTAssertEqual(plan.summary.claimsMatched, 1)
        // The payment still balances: the exception does not change what the payer paid.
        XCTAssertTrue(plan.payment.isBalanced)
    }

    func testAnUnmatchedLineIsAnExceptionAndNothingOfTheClaimPosts() throws {
        var claim = try ERA.submittedClaim()
        var clp = ERA.paidClaim
        clp.serviceLines[1].procedureCode = "85025"
        clp.serviceLines[1].lineControlNumber = "UNKNOWN6R"
        let plan = ERA.plan(ERA.remittance([clp]), [claim])
        let exception = try XCTUnwrap(plan.exceptions.first)
        XCTAssertEqual(exception.kind, .unmatchedLine)
        XCTAssertEqual(exception.serviceLine, 2)
        XCTAssertTrue(exception.message.hasPrefix("SVC 2 (HC:85025 on 2025-11-03, 1 unit, charge $10.00) answers no line of the claim: REF*6R UNKNOWN6R names no unmatched line"), exception.message)
        XCTAssertEqual(plan.claims[0].postings, [])
        let before = claim
        try plan.apply(to: &claim)
        XCTAssertEqual(claim, before)
    }

    func testTwoLinesThatFitEquallyAreAnExceptionNotAGuess() throws {
        var fixture = Fixture()
        fixture.charges[1] = Charge(id: Fixture.id(9), tenantID: Fixture.id(1), encounterID: Fixture.id(7), procedure: .cpt("99213"), modifiers: ["25"],
                                    amount: Money(cents: 1000), diagnosisPointers: [1], serviceDate: Fixture.date("2025-11-03"))
        let claim = try fixture.builder.build(claimID: Fixture.id(100), patientControlNumber: "PCN1")
        var clp = ERA.paidClaim
        clp.serviceLines[0].lineControlNumber = nil
        clp.serviceLines[1].lineControlNumber = nil
        clp.serviceLines[1].procedureCode = "99213"
        clp.serviceLines[1].modifiers = ["25"]
        var sent = claim
        for (i, s) in [ClaimStatus.ready, .batched, .submitted].enumerated() { try sent.transition(to: s, actor: ERA.actor, at: ERA.sentAt.addingTimeInterval(Double(i)), reason: "sent") }
        let plan = ERA.plan(ERA.remittance([clp]), [sent])
        XCTAssertEqual(plan.exceptions.map(\.kind), [.ambiguousLine, .ambiguousLine])
    }

    func testAnUnbalancedClaimPaymentPostsNothing() throws {
        let claim = try ERA.submittedClaim()
        var clp = ERA.paidClaim
        clp.paidCents = 7740
        clp.serviceLines[0].paidCents = 7100
        let plan = ERA.plan(ERA.remittance([clp]), [claim])
        let exception = try XCTUnwrap(plan.exceptions.first)
        XCTAssertEqual(exception.kind, .unbalancedClaim)
        XCTAssertTrue(exception.message.contains("SVC 1: SVC02 $125.00 - SVC03 $71.00 = $54.00, but its adjustments are $55.00"), exception.message)
        XCTAssertTrue(exception.message.contains("CLP03 $135.00 - CLP04 $77.40 = $57.60, but the claim's and lines' adjustments are $58.60"), exception.message)
        XCTAssertEqual(plan.claims[0].postings, [])
        XCTAssertEqual(plan.claimIDsToUpdate, [])
    }

    func testAnUnbalancedPaymentIsReported() throws {
        let claim = try ERA.submittedClaim()
        let era = ERA.remittance(payment: 7000, [ERA.paidClaim],
                                 plb: [Remittance.ProviderAdjustment(provider: "1234567893", fiscalPeriodDate: "20251231", reasonCode: "WO", reference: "OVERPAY1", amountCents: 500)])
        let plan = ERA.plan(era, [claim])
        XCTAssertFalse(plan.summary.paymentBalanced)
        XCTAssertEqual(plan.payment.explanation, "BPR02 $70.00 ≠ claims paid $76.40 - provider adjustments $5.00 = $71.40")
        XCTAssertEqual(plan.summary.providerAdjustments.cents, 500)
        XCTAssertEqual(plan.summary.claimsPosted, 1)
        let balanced = ERA.plan(ERA.remittance([ERA.paidClaim], plb: era.providerAdjustments), [claim])
        XCTAssertTrue(balanced.summary.paymentBalanced, balanced.payment.explanation)
    }

    func testAReversalUndoesTheOriginalPostingsAndTheCorrectionPostsAnew() throws {
        var claim = try ERA.submittedClaim()
        let first = try ERA.post(ERA.remittance(trn: "TRN1", [ERA.paidClaim]), to: &claim)
        let originals = first.claims[0].postings.map(\.id)

        // The payer reverses ICN1 and pays again under ICN2 without the deductible.
        let reversal = ERA.clp(status: "22", charge: -13500, paid: -7640, patient: -3160, icn: "ICN1", lines: [
            ERA.svc("99213", ["25"], charge: -12500, paid: -7000, control: ERA.line1Control, [ERA.cas("CO", "45", -2500), ERA.cas("PR", "3", -2000), ERA.cas("PR", "1", -1000)]),
            ERA.svc("36415", charge: -1000, paid: -640, control: ERA.line2Control, [ERA.cas("CO", "45", -200), ERA.cas("PR", "2", -160)]),
        ])
        let correction = ERA.clp(charge: 13500, paid: 8640, patient: 2160, icn: "ICN2", lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 8000, control: ERA.line1Control, [ERA.cas("CO", "45", 2500), ERA.cas("PR", "3", 2000)]),
            ERA.svc("36415", charge: 1000, paid: 640, control: ERA.line2Control, [ERA.cas("CO", "45", 200), ERA.cas("PR", "2", 160)]),
        ])
        let second = try ERA.post(ERA.remittance(trn: "TRN2", [reversal, correction]), to: &claim)
        XCTAssertEqual(second.summary.claimsPosted, 2)
        XCTAssertEqual(second.payment.payment?.cents, 1000)
        let reversed = second.claims[0].postings.compactMap { if case .reversal(let id) = $0.entry { id } else { nil } }
        XCTAssertEqual(Set(reversed), Set(originals))
        XCTAssertEqual(second.claims[0].transitions, [])
        XCTAssertEqual(second.claims[1].postings.count, 6)
        let totals = claim.totals
        XCTAssertEqual([totals.payments, totals.adjustments, totals.patientResponsibility, totals.balance].map(\.cents), [8640, 2700, 2160, 0])
        XCTAssertEqual(claim.status, .paid)
    }

    func testATakebackReversesThePaymentAndRepostsWhatRemains() throws {
        var claim = try ERA.submittedClaim()
        try ERA.post(ERA.remittance(trn: "TRN1", [ERA.paidClaim]), to: &claim)
        // The payer takes back $20.00 of line 1's $70.00 and calls it contractual.
        let takeback = ERA.clp(status: "22", charge: 0, paid: -2000, icn: "ICN1", lines: [
            ERA.svc("99213", ["25"], charge: 0, paid: -2000, control: ERA.line1Control, [ERA.cas("CO", "45", 2000)]),
        ])
        let plan = try ERA.post(ERA.remittance(trn: "TRN2", [takeback]), to: &claim)
        let line1 = try line(claim, 1)
        XCTAssertEqual([line1.payments, line1.adjustments, line1.patientResponsibility, line1.balance].map(\.cents), [5000, 4500, 3000, 0])
        XCTAssertTrue(plan.claims[0].notes.contains { $0.hasPrefix("line 1: took back $20.00 of the $70.00 payment posted under 835 era.835 TRN TRN1 CLP 1 ICN ICN1: reversed it and posted the remaining $50.00 anew") },
                      "\(plan.claims[0].notes)")
    }

    func testATakebackOfAWholeLineReversesItsPaymentAndCoinsurance() throws {
        var claim = try ERA.submittedClaim()
        try ERA.post(ERA.remittance(trn: "TRN1", [ERA.paidClaim]), to: &claim)
        // Line 2's payment and the patient's coinsurance taken back; the payer writes the line off as contractual.
        let takeback = ERA.clp(status: "22", charge: 0, paid: -640, icn: "ICN1", lines: [
            ERA.svc("36415", charge: 0, paid: -640, control: ERA.line2Control, [ERA.cas("PR", "2", -160), ERA.cas("CO", "45", 800)]),
        ])
        try ERA.post(ERA.remittance(trn: "TRN2", [takeback]), to: &claim)
        let line2 = try line(claim, 2)
        XCTAssertEqual([line2.payments, line2.adjustments, line2.patientResponsibility, line2.balance].map(\.cents), [0, 1000, 0, 0])
    }

    func testAnOverpaymentLeavesACreditBalanceAndItsTakebackClearsIt() throws {
        var claim = try ERA.submittedClaim()
        try ERA.post(ERA.remittance(trn: "TRN1", [ERA.paidClaim]), to: &claim)
        let duplicate = ERA.clp(charge: 640, paid: 640, icn: "ICN5", lines: [ERA.svc("36415", charge: 640, paid: 640, control: ERA.line2Control, [])])
        try ERA.post(ERA.remittance(trn: "TRN2", [duplicate]), to: &claim)
        XCTAssertEqual(claim.totals.creditBalance.cents, 640)
        XCTAssertEqual(claim.status, .paid)
        let takeback = ERA.clp(status: "22", charge: -640, paid: -640, icn: "ICN5", lines: [ERA.svc("36415", charge: -640, paid: -640, control: ERA.line2Control, [])])
        let plan = try ERA.post(ERA.remittance(trn: "TRN3", [takeback]), to: &claim)
        XCTAssertEqual(claim.totals.creditBalance, .zero)
        XCTAssertEqual(try line(claim, 2).payments.cents, 640)
        XCTAssertTrue(plan.claims[0].notes.contains { $0.contains("reversed the $6.40 payment posted under 835 era.835 TRN TRN2 CLP 1 ICN ICN5") }, "\(plan.claims[0].notes)")
    }

    func testATakebackWithNothingToTakeBackIsAnException() throws {
        let claim = try ERA.submittedClaim()
        let takeback = ERA.clp(status: "22", charge: 0, paid: -2000, icn: "ICN9", lines: [
            ERA.svc("99213", ["25"], charge: 0, paid: -2000, control: ERA.line1Control, [ERA.cas("CO", "45", 2000)]),
        ])
        let plan = ERA.plan(ERA.remittance([takeback]), [claim])
        XCTAssertEqual(plan.exceptions.map(\.kind), [.unmatchedTakeback])
        XCTAssertTrue(plan.exceptions[0].message.contains("takes back $20.00 of payment on line 1, but no earlier 835 posting on that line holds it"))
    }

    func testACrossoverIsRecordedSoTheSecondaryIsNotBilledTwice() throws {
        var claim = try ERA.submittedClaim()
        var clp = ERA.paidClaim
        clp.statusCode = "19"
        clp.crossoverCarrier = Party(name: "SECOND CHANCE INSURANCE", idQualifier: "PI", id: "SCI22")
        let plan = try ERA.post(ERA.remittance([clp]), to: &claim)
        XCTAssertEqual(plan.claims[0].crossover, RemittanceCrossover(carrierName: "SECOND CHANCE INSURANCE", carrierID: "SCI22", carrierIDQualifier: "PI"))
        XCTAssertTrue(plan.claims[0].notes.contains("the payer forwarded the claim to SECOND CHANCE INSURANCE (SCI22) (CLP02 19): do not bill that payer yourself"))
        XCTAssertEqual(claim.status, .paid)
    }

    func testTheSame835PlannedTwicePostsOnce() throws {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.paidClaim])
        try ERA.post(era, to: &claim)
        let posted = claim
        let again = ERA.plan(era, [claim])
        XCTAssertEqual(again.summary.claimsAlreadyPosted, 1)
        XCTAssertEqual(again.summary.claimsPosted, 0)
        XCTAssertEqual(again.summary.postings, 0)
        XCTAssertEqual(again.claimIDsToUpdate, [])
        XCTAssertEqual(again.claims[0].outcome, .alreadyPosted)
        try again.apply(to: &claim)
        XCTAssertEqual(claim, posted)
        // The ids are the same whoever plans it: a fresh plan against the unposted claim names the same postings.
        let fresh = ERA.plan(era, [try ERA.submittedClaim()])
        XCTAssertEqual(fresh.claims[0].postings.map(\.id), claim.ledger.postings.map(\.id))
        // Still found posted once the claim is closed, and under another file name.
        var closed = claim
        try closed.transition(to: .closed, actor: ERA.actor, at: ERA.postedAt.addingTimeInterval(60), reason: "settled")
        XCTAssertEqual(ERA.plan(era, [closed], file: "copy.835").claims[0].outcome, .alreadyPosted)
        // Another trace number is another payment.
        XCTAssertEqual(ERA.plan(ERA.remittance(trn: "TRN9", [ERA.paidClaim]), [claim]).summary.claimsAlreadyPosted, 0)
    }

    func testAPlanKeptAsJSONAppliesTheSame() throws {
        var claim = try ERA.submittedClaim(), copy = claim
        let plan = ERA.plan(ERA.remittance([ERA.paidClaim, ERA.clp("OTHER", charge: 100, paid: 100)]), [claim])
        let decoded = try JSONDecoder().decode(RemittancePlan.self, from: JSONEncoder().encode(plan))
        XCTAssertEqual(decoded, plan)
        try plan.apply(to: &claim)
        try decoded.apply(to: &copy)
        XCTAssertEqual(copy, claim)
        XCTAssertEqual(copy.status, .paid)
    }

    func testALargeFileMayBePlannedInRangesWithTheWholeFilesIDs() throws {
        var claims = try (1...3).map { try ERA.submittedClaim(id: 100 + $0, pcn: "PCN\($0)") }
        let era = ERA.remittance((1...3).map { n in var clp = ERA.paidClaim; clp.claimId = "PCN\(n)"; return clp })
        let whole = ERA.plan(era, claims)
        func plan(_ range: Range<Int>) -> RemittancePlan {
            RemittancePosting.plan(era, fileName: "era.835", postedOn: ERA.postedOn, at: ERA.postedAt, actor: ERA.actor, positions: range) { pcn in
                claims.filter { $0.patientControlNumber == pcn }
            }
        }
        let first = plan(0..<2)
        XCTAssertEqual(first.summary.claimsPlanned, 2)
        XCTAssertEqual(first.summary.claimsInRemittance, 3)
        XCTAssertTrue(first.summary.paymentBalanced)
        for i in claims.indices { try first.apply(to: &claims[i]) }
        let second = plan(2..<9)
        XCTAssertEqual(second.claims.map(\.position), [3])
        for i in claims.indices { try second.apply(to: &claims[i]) }
        XCTAssertEqual((first.claims + second.claims).map(\.postings), whole.claims.map(\.postings))
        XCTAssertEqual(ERA.plan(era, claims).summary.claimsAlreadyPosted, 3)
    }

    func testApplyingIsAllOrNothingPerClaim() throws {
        var claim = try ERA.submittedClaim()
        let plan = ERA.plan(ERA.remittance([ERA.paidClaim]), [claim])
        // Someone posted a payment to line 1 in between: the plan's CO-45 no longer fits, and nothing is applied.
        try claim.post(LedgerPosting(id: Fixture.id(777), lineNumber: 1, entry: .adjustment(amount: Money(cents: 12000), group: .otherAdjustment, reason: "23", against: .insurance), postedOn: ERA.postedOn))
        let before = claim
        XCTAssertThrowsError(try plan.apply(to: &claim)) { error in
            XCTAssertTrue("\(error)".contains("CLP 1"), "\(error)")
        }
        XCTAssertEqual(claim, before)
    }

    func testAMoveTheStateMachineRefusesIsAnExceptionInItsWords() throws {
        var claim = try ERA.submittedClaim()
        try ERA.post(ERA.remittance(trn: "TRN1", [ERA.clp(status: "4", charge: 13500, paid: 0, [ERA.cas("CO", "197", 13500)])]), to: &claim)
        let paid = ERA.clp(charge: 12500, paid: 12500, icn: "ICN2", lines: [ERA.svc("99213", ["25"], charge: 12500, paid: 12500, control: ERA.line1Control, [])])
        let plan = ERA.plan(ERA.remittance(trn: "TRN2", [paid]), [claim])
        XCTAssertEqual(plan.exceptions.map(\.kind), [.transitionRefused])
        XCTAssertEqual(plan.exceptions.first?.message,
                       "the claim cannot become paid: a claim that is denied can move to appealed, corrected, writtenOff, voided or closed, not to paid")
        XCTAssertEqual(plan.claims[0].postings, [])
    }

    func testAReplacementIsPreferredOverTheOriginalItReplaces() throws {
        let original = try ERA.submittedClaim(id: 100)
        var replacement = try Fixture().builder.build(claimID: Fixture.id(101), frequency: .replacement, payerClaimControlNumber: "ICN0", patientControlNumber: "PCN1")
        for (i, s) in [ClaimStatus.ready, .batched, .submitted].enumerated() {
            try replacement.transition(to: s, actor: ERA.actor, at: ERA.sentAt.addingTimeInterval(Double(100 + i)), reason: "sent later")
        }
        let plan = ERA.plan(ERA.remittance([ERA.paidClaim]), [original, replacement])
        XCTAssertEqual(plan.claims[0].claimID, replacement.id)
    }

    func testAWritten835ReadBackPostsTheSame() throws {
        let era = ERA.remittance([ERA.paidClaim])
        let text = RemittanceWriter.write(era, parties: InterchangeParties(senderID: "SANDBOX", receiverID: "REVCYCLE", usage: "T"),
                                          date: "20251201", time: "1200", interchangeControlNumber: 1, groupControlNumber: 1)
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
        guard case .remittance(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail(text) }
        var claim = try ERA.submittedClaim()
        let plan = try ERA.post(read, to: &claim)
        XCTAssertEqual(plan.claims[0].postings, ERA.plan(era, [try ERA.submittedClaim()]).claims[0].postings)
        XCTAssertEqual(claim.status, .paid)
    }

    /// Seeded random 835s built from the paid claim, with amounts, codes, statuses and control numbers changed at
    /// random (huge, negative, missing): planning never traps, and whatever it posts keeps the ledger sound.
    func testRandomRemittancesNeverBreakTheLedger() throws {
        var random = SeededGenerator(seed: 835)
        let amounts: [Int?] = [nil, 0, 1, -1, 640, -640, 2000, -7000, 12500, 99_999_999_999_999_999, -99_999_999_999_999_999, Money.maximumInputCents]
        func pick<T>(_ values: [T]) -> T { values[Int(random.next(below: UInt64(values.count)))] }
        var posted = 0, refused = 0
        for _ in 0..<400 {
            var claim = try ERA.submittedClaim()
            var clps = [ERA.paidClaim]
            for _ in 0..<Int(random.next(below: 4)) {
                var clp = pick([ERA.paidClaim, ERA.clp(status: "4", charge: 13500, paid: 0, [ERA.cas("CO", "197", 13500)])])
                switch random.next(below: 8) {
                case 0: clp.paidCents = pick(amounts)
                case 1: clp.statusCode = pick(["1", "2", "4", "19", "22", "25", "", "X"])
                case 2: if !clp.serviceLines.isEmpty { clp.serviceLines[0].paidCents = pick(amounts) }
                case 3: if !clp.serviceLines.isEmpty { clp.serviceLines[0].adjustments.append(ERA.cas(pick(["CO", "PR", "OA", "CR", ""]), pick(["45", "1", "97", ""]), pick(amounts) ?? 0)) }
                case 4: if !clp.serviceLines.isEmpty { clp.serviceLines[pick([0, clp.serviceLines.count - 1])].lineControlNumber = pick([nil, "X", ERA.line1Control]) }
                case 5: clp.adjustments.append(ERA.cas(pick(["CO", "PR"]), "45", pick(amounts) ?? 0))
                case 6: clp.serviceLines.append(contentsOf: clp.serviceLines)
                default: clp.payerClaimControlNumber = pick([nil, "ICN1", "ICN2"])
                }
                clps.append(clp)
            }
            let plan = ERA.plan(ERA.remittance(trn: "T\(random.next(below: 3))", payment: pick(amounts), clps), [claim])
            try plan.apply(to: &claim)
            XCTAssertEqual(claim.ledger.verify(), [])
            posted += plan.summary.claimsPosted
            refused += plan.summary.claimExceptions
        }
        // The untouched first claim payment always posts; most changed ones are refused.
        XCTAssertGreaterThanOrEqual(posted, 400)
        XCTAssertGreaterThan(refused, 200)
    }
}
