import CodeSets
import Foundation
import HealthCareX12
import OracleSupport
import RevenueCycle
import XCTest

/// A real 835 (../shared/x12/golden, from pyx12's tests) posted to a claim made to match it: a denied claim whose
/// three lines carry no REF*6R, with many units, answered out of the claim's order.
final class RemittanceGoldenTests: XCTestCase {
    func testTheGoldenDenialPostsByProcedureDateAndUnits() throws {
        let url = SharedFiles.directory.appendingPathComponent("x12/golden/835_pyx12_835_mult_loops.x12")
        guard let bytes = FileManager.default.contents(atPath: url.path) else { throw XCTSkip("\(url.path) is not there") }
        let (report, document) = try HealthCareValidation.read(Array(bytes))
        XCTAssertTrue(report.isValid)
        guard case .remittance(let era)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail("no 835 read") }

        var fixture = Fixture()
        fixture.encounter.serviceFrom = Fixture.date("2003-10-30")
        fixture.encounter.serviceThrough = Fixture.date("2003-11-29")
        fixture.coverage.effectiveFrom = Fixture.date("2003-01-01")
        fixture.charges = [("2003-11-29", 50004, 68, 8), ("2003-10-30", 12780, 16, 9), ("2003-10-31", 28755, 36, 10)].map { date, cents, units, id in
            Charge(id: Fixture.id(id), tenantID: Fixture.id(1), encounterID: Fixture.id(7), procedure: .hcpcs("T1005"), units: units,
                   amount: Money(cents: cents), diagnosisPointers: [1], serviceDate: Fixture.date(date))
        }
        var claim = try fixture.builder.build(claimID: Fixture.id(100), patientControlNumber: "2005555A")
        for (i, status) in [ClaimStatus.ready, .batched, .submitted].enumerated() {
            try claim.transition(to: status, actor: ERA.actor, at: ERA.sentAt.addingTimeInterval(Double(i)), reason: "sent in the test")
        }
        // The claim's lines are in date order: 10-30, 10-31, 11-29.
        XCTAssertEqual(claim.lines.map(\.units), [16, 36, 68])

        let plan = ERA.plan(era, [claim], file: "835_pyx12_835_mult_loops.x12")
        XCTAssertEqual(plan.exceptions, [])
        XCTAssertTrue(plan.summary.paymentBalanced, plan.payment.explanation)
        XCTAssertEqual(plan.claims[0].lineMatches.map(\.lineNumber), [3, 1, 2])
        XCTAssertTrue(plan.claims[0].lineMatches.allSatisfy { $0.method == .procedureAndDate })
        try plan.apply(to: &claim)
        XCTAssertEqual(claim.ledger.verify(), [])
        XCTAssertEqual(claim.status, .denied)
        XCTAssertEqual(claim.ledger.adjustmentTotals().map { "\($0.group.rawValue)-\($0.reason):\($0.amount.cents)" }, ["CO-16:50004", "OA-A7:41535"])
        XCTAssertEqual(claim.totals.balance, .zero)

        // Denials: CO-16 is missing information; OA-A7 on a line paid nothing is a denial no category names.
        let codes = try RemittanceCodeBook.load(directory: SharedFiles.codesets.appendingPathComponent("x12-codes"))
        let items = DenialWorklist.items(plan: plan, remittance: era, payer: fixture.payer, codes: codes)
        XCTAssertEqual(items.map(\.category), [.missingInformation, .other, .other])
        XCTAssertEqual(items.map(\.lineNumber), [3, 1, 2])
        XCTAssertEqual(items[1].reasons.first?.words, "Presumptive Payment Adjustment")
        XCTAssertEqual(items[0].remarks.first?.words,
                       "Payment based on a contractual amount or agreement, fee schedule, or maximum allowable amount.")
        // BPR16 is 2004-10-28; the payer allows 180 days.
        XCTAssertEqual(items[0].appealDeadline, Fixture.date("2005-04-26"))
        // N14 was retired in 2007: the list says so.
        XCTAssertEqual(codes.remarks["N14"]?.stop, Fixture.date("2007-10-01"))
    }
}
