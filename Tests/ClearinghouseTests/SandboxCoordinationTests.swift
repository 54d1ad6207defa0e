import Clearinghouse
import Foundation
import HealthCareX12
import OracleSupport
import XCTest

/// The sandbox payer billed after another payer (coordination of benefits), on `SandboxFixtures.contract`: it pays
/// what the earlier payer left to the patient up to its own benefit, reports the earlier payer's part as OA-23, and
/// its 835 balances line by line and is valid to our validator and to pyx12.
final class SandboxCoordinationTests: XCTestCase {
    typealias F = SandboxFixtures
    let adjudicator = SandboxAdjudicator(contract: F.contract)
    static let firstPayer = Party(name: "FIRST PLAN", idQualifier: "PI", id: "FP001")

    static func cas(_ group: String, _ reason: String, _ cents: Int) -> Adjustment {
        Adjustment(groupCode: group, reasonCode: reason, amountCents: cents, quantity: nil)
    }

    /// The first payer's decision on a line (loop 2430).
    static func decided(_ code: String, paid: Int, _ adjustments: [Adjustment]) -> LineAdjudication {
        LineAdjudication(payerID: "FP001", paidCents: paid, procedureCode: code, adjustments: adjustments, adjudicationDate: "20261120")
    }

    /// A claim billed to the sandbox as the `order` payer (S, T), the first plan named in loop 2320 with what it paid.
    static func secondary(_ id: String, member: String = "M0", order: String = "S", authorization: String? = nil, lines: [Claim.ServiceLine],
                          paid: Int?, claimAdjustments: [Adjustment] = []) -> Claim {
        var claim = F.claim(id, member: member, authorization: authorization, lines: lines)
        claim.subscriber?.payerResponsibility = order
        claim.otherPayers = [OtherPayer(payerResponsibility: "P", subscriber: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "FP-9"),
                                        payer: firstPayer, adjustments: claimAdjustments, paidCents: paid, claimControlNumber: "FPICN1")]
        return claim
    }

    func adjudicate(_ claims: [Claim], ledger: SandboxLedger = SandboxLedger()) throws -> SandboxAdjudicator.Outcome {
        let outcome = adjudicator.adjudicate(F.batch(claims), receivedOn: "20261130", ledger: ledger)
        for era in outcome.remittances { try F.assertValid(F.write(era), "835") }
        for claim in outcome.remittances.flatMap(\.claims) { assertBalanced(claim) }
        return outcome
    }

    /// charge - paid = adjustments on every line and on the claim.
    func assertBalanced(_ claim: Remittance.ClaimPayment, file: StaticString = #filePath, line: UInt = #line) {
        func sum(_ a: [Adjustment]) -> Int { a.reduce(0) { $0 + ($1.amountCents ?? 0) } }
        for svc in claim.serviceLines {
            XCTAssertEqual((svc.chargeCents ?? 0) - (svc.paidCents ?? 0), sum(svc.adjustments), "\(svc)", file: file, line: line)
        }
        XCTAssertEqual((claim.chargeCents ?? 0) - (claim.paidCents ?? 0), sum(claim.adjustments + claim.serviceLines.flatMap(\.adjustments)), file: file, line: line)
    }

    func adjustments(_ line: Remittance.ServiceLine?) -> [String] {
        (line?.adjustments ?? []).map { "\($0.groupCode)-\($0.reasonCode) \($0.amountCents ?? 0)" }
    }

    func testTheSecondaryPaysThePrimarysRemainderUpToItsOwnBenefit() throws {
        // Line 1: the first plan paid $104 of $150, CO-45 $20, coinsurance $26 left to the patient. This plan allows
        // $130 and would pay $104 (20% coinsurance): it pays the whole $26.
        // Line 2: the first plan paid $65 of $125, CO-45 $35, copay $25: this plan's copay is $25 too, so it would pay
        // $65; it pays the $25.
        let claim = Self.secondary("S1", lines: [F.line("99214", 15000, control: "S1-1"), F.line("99213", 12500, control: "S1-2")], paid: 16900)
        var lines = claim.serviceLines
        lines[0].adjudications = [Self.decided("99214", paid: 10400, [Self.cas("CO", "45", 2000), Self.cas("PR", "2", 2600)])]
        lines[1].adjudications = [Self.decided("99213", paid: 6500, [Self.cas("CO", "45", 3500), Self.cas("PR", "3", 2500)])]
        var billed = claim
        billed.serviceLines = lines
        let outcome = try adjudicate([billed])
        let paid = try XCTUnwrap(outcome.remittances.first?.claims.first)
        XCTAssertEqual(paid.statusCode, "2", "processed as secondary")
        XCTAssertEqual(adjustments(paid.serviceLines.first), ["OA-23 12400"])
        XCTAssertEqual(paid.serviceLines.first?.paidCents, 2600)
        XCTAssertEqual(adjustments(paid.serviceLines.last), ["OA-23 10000"])
        XCTAssertEqual(paid.serviceLines.last?.paidCents, 2500)
        XCTAssertEqual(paid.paidCents, 5100)
        XCTAssertEqual(paid.patientResponsibilityCents, 0)
        XCTAssertEqual(outcome.ledger.claims["S1"]?.statusCode, "65")
    }

    func testWhatTheSecondaryWouldNotPayAsPrimaryStaysWithThePatient() throws {
        // Member M2 has $100 of this plan's deductible left. The first plan paid $104 and left $26 of coinsurance.
        // This plan allows $130: $100 deductible and $6 coinsurance, so it would pay $24: it pays $24, and $2 of the
        // remainder stays with the patient as this plan's deductible (PR-1), which counts towards the member's.
        var claim = Self.secondary("S2", member: "M2", lines: [F.line("99214", 15000, control: "S2-1")], paid: 10400)
        claim.serviceLines[0].adjudications = [Self.decided("99214", paid: 10400, [Self.cas("CO", "45", 2000), Self.cas("PR", "2", 2600)])]
        let outcome = try adjudicate([claim])
        let paid = try XCTUnwrap(outcome.remittances.first?.claims.first)
        XCTAssertEqual(adjustments(paid.serviceLines.first), ["OA-23 12400", "PR-1 200"])
        XCTAssertEqual(paid.paidCents, 2400)
        XCTAssertEqual(paid.patientResponsibilityCents, 200)
        XCTAssertEqual(outcome.ledger.deductibleMetCents["M2"], 200)

        // The first plan allowed more than this plan does ($120 of $125, all to the deductible): this plan allows $90
        // less the $25 copay, pays $65, and the rest is the copay (PR-3) and what lies above its allowed amount (PR-45).
        var above = Self.secondary("S3", lines: [F.line("99213", 12500, control: "S3-1")], paid: 0)
        above.serviceLines[0].adjudications = [Self.decided("99213", paid: 0, [Self.cas("CO", "45", 500), Self.cas("PR", "1", 12000)])]
        let second = try XCTUnwrap(try adjudicate([above]).remittances.first?.claims.first)
        XCTAssertEqual(adjustments(second.serviceLines.first), ["OA-23 500", "PR-3 2500", "PR-45 3000"])
        XCTAssertEqual(second.paidCents, 6500)
    }

    func testAClaimLevelOnlyDecisionIsSpreadOverTheLines() throws {
        // No 2430: the first plan paid $65 of the $275 claim, CO-45 $35 and PR-3 $175 (claim level). The remainder,
        // $275 - $65 - $35 = $175, is spread in line order: $125 on line 1, $50 on line 2.
        let claim = Self.secondary("S4", lines: [F.line("99213", 12500, control: "S4-1"), F.line("99214", 15000, control: "S4-2")], paid: 6500,
                                   claimAdjustments: [Self.cas("CO", "45", 3500), Self.cas("PR", "3", 17500)])
        let paid = try XCTUnwrap(try adjudicate([claim]).remittances.first?.claims.first)
        // Line 1: remainder $125, benefit $65 (allowed $90, copay $25): paid $65, copay $25, $35 above its allowed.
        XCTAssertEqual(adjustments(paid.serviceLines.first), ["PR-3 2500", "PR-45 3500"])
        XCTAssertEqual(paid.serviceLines.first?.paidCents, 6500)
        // Line 2: remainder $50 of $150 (OA-23 $100), benefit $104: paid $50.
        XCTAssertEqual(adjustments(paid.serviceLines.last), ["OA-23 10000"])
        XCTAssertEqual(paid.serviceLines.last?.paidCents, 5000)
    }

    func testADeniedLineDeniesOnlyTheRemainderAndATertiaryFollowsTheSecondary() throws {
        // No authorization for 70553: the earlier payer's part stays OA-23, the remainder is denied CO-197.
        var claim = Self.secondary("S5", lines: [F.line("70553", 100000, control: "S5-1")], paid: 30000)
        claim.serviceLines[0].adjudications = [Self.decided("70553", paid: 30000, [Self.cas("CO", "45", 60000), Self.cas("PR", "2", 10000)])]
        let denied = try XCTUnwrap(try adjudicate([claim]).remittances.first?.claims.first)
        XCTAssertEqual(adjustments(denied.serviceLines.first), ["OA-23 90000", "CO-197 10000"])
        XCTAssertEqual(denied.statusCode, "4")

        // A tertiary claim: the secondary's decision (the last before it) sets the remainder, $10 of $150.
        var tertiary = Self.secondary("T1", order: "T", lines: [F.line("99214", 15000, control: "T1-1")], paid: 10400)
        let second = Party(name: "SECOND PLAN", idQualifier: "PI", id: "SP002")
        tertiary.otherPayers.append(OtherPayer(payerResponsibility: "S", subscriber: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "SP-1"),
                                               payer: second, paidCents: 1600))
        tertiary.serviceLines[0].adjudications = [
            Self.decided("99214", paid: 10400, [Self.cas("CO", "45", 2000), Self.cas("PR", "2", 2600)]),
            LineAdjudication(payerID: "SP002", paidCents: 1600, procedureCode: "99214", adjustments: [Self.cas("OA", "23", 12400), Self.cas("PR", "2", 1000)],
                             adjudicationDate: "20261125"),
        ]
        let third = try XCTUnwrap(try adjudicate([tertiary]).remittances.first?.claims.first)
        XCTAssertEqual(third.statusCode, "3")
        XCTAssertEqual(adjustments(third.serviceLines.first), ["OA-23 14000"])
        XCTAssertEqual(third.paidCents, 1000)
    }

    func testAPrimaryClaimOrOneWithoutTheEarlierDecisionIsPaidAsPrimary() throws {
        // SBR01 P with another payer named but no decision of it, and SBR01 S without one: priced as before.
        var primary = Self.secondary("P1", order: "P", lines: [F.line("99213", 12500, control: "P1-1")], paid: nil)
        primary.otherPayers[0].payerResponsibility = "S"
        let undecided = Self.secondary("P2", lines: [F.line("99213", 12500, control: "P2-1")], paid: nil)
        let paid = try XCTUnwrap(try adjudicate([primary, undecided]).remittances.first?.claims)
        XCTAssertEqual(paid.map { adjustments($0.serviceLines.first) }, [["CO-45 3500", "PR-3 2500"], ["CO-45 3500", "PR-3 2500"]])
        XCTAssertEqual(paid.map(\.statusCode), ["1", "2"])
    }

    func testTheLargestAmountsAnEarlierPayerCanReportDoNotOverflow() {
        // SV102's largest charge, and an earlier payer whose amounts are as large and do not add up: no trap, and each
        // line still balances.
        let huge = 99_999_999_999_999_999
        var claim = Self.secondary("S7", lines: [F.line("93000", huge, control: "S7-1"), F.line("99213", huge, control: "S7-2")], paid: huge)
        claim.serviceLines[0].adjudications = [Self.decided("93000", paid: huge, [Self.cas("CO", "45", huge), Self.cas("OA", "94", -huge)])]
        claim.otherPayers[0].adjustments = [Self.cas("PR", "1", huge), Self.cas("PR", "2", huge)]
        let outcome = adjudicator.adjudicate(F.batch([claim]), receivedOn: "20261130", ledger: SandboxLedger())
        let paid = outcome.remittances.first?.claims.first
        XCTAssertEqual(paid?.serviceLines.count, 2)
        for line in paid?.serviceLines ?? [] {
            XCTAssertEqual((line.chargeCents ?? 0) - (line.paidCents ?? 0), line.adjustments.reduce(0) { $0 + ($1.amountCents ?? 0) })
        }
    }

    /// CARC 23 and 45 are current, 23 for group OA and 45 for PR (../shared/codesets/x12-codes).
    func testTheCodesOfCoordinationAreCurrentInTheX12Lists() throws {
        let url = SharedFiles.codesets.appendingPathComponent("x12-codes/claim_adjustment_reason_codes.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw XCTSkip("no \(url.path)") }
        let rows = text.split(separator: "\n").map(String.init)
        let carc23 = try XCTUnwrap(rows.first { $0.hasPrefix("23,") })
        XCTAssertTrue(carc23.contains("prior payer") && carc23.contains("Group Code OA") && !carc23.contains("Stop"), carc23)
        let carc45 = try XCTUnwrap(rows.first { $0.hasPrefix("45,") })
        XCTAssertTrue(carc45.contains("PR or CO"), carc45)
    }

    func testAReplacementOfASecondaryClaimReversesItAndTheWrittenFilesAreValid() throws {
        var claim = Self.secondary("S6", lines: [F.line("99213", 12500, control: "S6-1")], paid: 6500)
        claim.serviceLines[0].adjudications = [Self.decided("99213", paid: 6500, [Self.cas("CO", "45", 3500), Self.cas("PR", "3", 2500)])]
        let first = try adjudicate([claim])
        var replacement = claim
        replacement.frequencyCode = "7"
        replacement.originalClaimNumber = first.remittances.first?.claims.first?.payerClaimControlNumber
        let second = try adjudicate([replacement], ledger: first.ledger)
        let claims = try XCTUnwrap(second.remittances.first?.claims)
        XCTAssertEqual(claims.map(\.statusCode), ["22", "2"])
        XCTAssertEqual(adjustments(claims[0].serviceLines.first), ["OA-23 -10000"])
        XCTAssertEqual(claims[1].paidCents, 2500)
        // The 837 the sandbox reads: written with loops 2320-2430 and valid, its 835 too.
        let text = String(decoding: F.x837(F.batch([claim])), as: UTF8.self)
        XCTAssertTrue(text.contains("SVD*FP001*65*HC:99213"), text)
        try F.assertValid(text, "837")
    }
}
