import Clearinghouse
import Foundation
import HealthCareX12
import OracleSupport
import XCTest

/// The sandbox payer's answers to replacements (frequency 7) and voids (8): the earlier decision reversed under its
/// own CLP07, the replacement adjudicated under a new number, an unknown REF*F8 rejected in the 277CA; every file
/// valid to our validator and to pyx12.
final class SandboxCorrectionTests: XCTestCase {
    typealias F = SandboxFixtures
    let adjudicator = SandboxAdjudicator(contract: F.contract)

    func adjudicate(_ claims: [Claim], ledger: SandboxLedger = SandboxLedger()) throws -> SandboxAdjudicator.Outcome {
        let outcome = adjudicator.adjudicate(F.batch(claims), receivedOn: "20261130", ledger: ledger)
        try F.assertValid(F.write(outcome.acknowledgment), "277CA")
        for era in outcome.remittances { try F.assertValid(F.write(era), "835") }
        return outcome
    }

    func amounts(_ clp: Remittance.ClaimPayment) -> [String] {
        ["\(clp.statusCode) \(clp.chargeCents ?? 0)/\(clp.paidCents ?? 0)/\(clp.patientResponsibilityCents ?? 0) \(clp.payerClaimControlNumber ?? "")"]
            + clp.serviceLines.map { line in
                "\(line.lineControlNumber ?? "") \(line.chargeCents ?? 0)/\(line.paidCents ?? 0) " + line.adjustments.map { "\($0.groupCode)-\($0.reasonCode) \($0.amountCents ?? 0)" }.joined(separator: ", ")
            }
    }

    func testAReplacementReversesTheEarlierPaymentAndIsPaidUnderANewNumber() throws {
        // 99214-25 allowed $125: CO-45 $25, coinsurance $25, paid $100.
        let first = try adjudicate([F.claim("C1", lines: [F.line("99214", 15000, modifiers: ["25"], control: "C1-1")])])
        let paid = try XCTUnwrap(first.remittances.first?.claims.first)
        XCTAssertEqual(amounts(paid), ["1 15000/10000/2500 SBX0100000001", "C1-1 15000/10000 CO-45 2500, PR-2 2500"])
        // The modifier was wrong: the replacement bills 99214 alone.
        let replacement = F.claim("C1", frequency: "7", original: "SBX0100000001", lines: [F.line("99214", 15000, control: "C1-1")])
        let second = try adjudicate([replacement], ledger: first.ledger)
        XCTAssertEqual(second.acknowledgment.providers.first?.claims.first?.statuses.map { "\($0.category):\($0.code)" }, ["A2:20"])
        XCTAssertEqual(second.acknowledgment.providers.first?.claims.first?.payerClaimControlNumber, "SBX0100000002")
        let era = try XCTUnwrap(second.remittances.first)
        XCTAssertEqual(era.claims.count, 2)
        let reversal = era.claims[0], again = era.claims[1]
        // Every amount of the first decision negated, under its own number.
        XCTAssertEqual(reversal.statusCode, "22")
        XCTAssertEqual(reversal.payerClaimControlNumber, "SBX0100000001")
        XCTAssertEqual(reversal.chargeCents, -(paid.chargeCents ?? 0))
        XCTAssertEqual(reversal.paidCents, -(paid.paidCents ?? 0))
        XCTAssertEqual(reversal.patientResponsibilityCents, -(paid.patientResponsibilityCents ?? 0))
        XCTAssertEqual(reversal.serviceLines.flatMap(\.adjustments).map { $0.amountCents ?? 0 },
                       paid.serviceLines.flatMap(\.adjustments).map { -($0.amountCents ?? 0) })
        XCTAssertEqual(reversal.serviceLines.map(\.lineControlNumber), ["C1-1"])
        XCTAssertEqual(amounts(reversal), ["22 -15000/-10000/-2500 SBX0100000001", "C1-1 -15000/-10000 CO-45 -2500, PR-2 -2500"])
        // The replacement is adjudicated anew (not a duplicate) under a new number: 99214 allowed $130.
        XCTAssertEqual(amounts(again), ["1 15000/10400/2600 SBX0100000002", "C1-1 15000/10400 CO-45 2000, PR-2 2600"])
        XCTAssertEqual(era.paymentCents, 400, "the 835 pays the difference")
        XCTAssertEqual(era.providerAdjustments, [])
        XCTAssertEqual(second.ledger.claims["C1"]?.payerClaimControlNumber, "SBX0100000002")
        XCTAssertEqual(second.ledger.duplicatesDenied, [:])
    }

    func testTheDeductibleUsedByTheReversedDecisionIsGivenBack() throws {
        // 97110 (pointing to M54.5) has no copay: M1's $100 deductible takes all of its $30 fee.
        let line = F.line("97110", 5000, pointers: [2], control: "C1-1")
        let first = try adjudicate([F.claim("C1", member: "M1", lines: [line])])
        XCTAssertEqual(first.ledger.deductibleMetCents["M1"], 3000)
        let second = try adjudicate([F.claim("C1", member: "M1", frequency: "7", original: "SBX0100000001", lines: [line])], ledger: first.ledger)
        XCTAssertEqual(second.ledger.deductibleMetCents["M1"], 3000, "given back by the reversal, used again by the replacement")
        XCTAssertEqual(second.remittances.first?.claims.last?.serviceLines.first?.adjustments.map { "\($0.groupCode)-\($0.reasonCode) \($0.amountCents ?? 0)" },
                       ["CO-45 2000", "PR-1 3000"])
    }

    func testAVoidIsAnsweredWithTheReversalOnlyAndTheDebtIsCarriedForward() throws {
        let first = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])])
        XCTAssertEqual(first.remittances.first?.claims.first?.paidCents, 6500)
        let void = try adjudicate([F.claim("C1", frequency: "8", original: "SBX0100000001", lines: [F.line("99213", 12500, control: "C1-1")])],
                                  ledger: first.ledger)
        let era = try XCTUnwrap(void.remittances.first)
        XCTAssertEqual(era.claims.map(\.statusCode), ["22"])
        XCTAssertEqual(era.claims[0].paidCents, -6500)
        // The 835 pays nothing: the $65 taken back is carried forward (PLB FB, negative) ...
        XCTAssertEqual(era.paymentCents, 0)
        XCTAssertEqual(era.paymentMethod, "NON")
        XCTAssertEqual(era.providerAdjustments.map { "\($0.reasonCode) \($0.reference ?? "") \($0.amountCents ?? 0)" }, ["FB SBX0100000001 -6500"])
        XCTAssertEqual(void.ledger.claims["C1"]?.outcome, .reversed)
        XCTAssertEqual(void.ledger.balanceForwardCents?["1234567893"], 6500)
        // ... and withheld from the next payment to the same payee (PLB FB, positive).
        let next = try adjudicate([F.claim("C2", lines: [F.line("99214", 15000, control: "C2-1")])], ledger: void.ledger)
        let paid = try XCTUnwrap(next.remittances.first)
        XCTAssertEqual(paid.claims.first?.paidCents, 10400)
        XCTAssertEqual(paid.providerAdjustments.map { "\($0.reasonCode) \($0.amountCents ?? 0)" }, ["FB 6500"])
        XCTAssertEqual(paid.paymentCents, 3900)
        XCTAssertNil(next.ledger.balanceForwardCents?["1234567893"])
        // A void of what is already voided names nothing the payer can reverse.
        let twice = try adjudicate([F.claim("C1", frequency: "8", original: "SBX0100000001", lines: [F.line("99213", 12500, control: "C1-1")])],
                                   ledger: next.ledger)
        XCTAssertEqual(twice.acknowledgment.providers.first?.claims.first?.statuses.map { "\($0.category):\($0.code)" }, ["A7:464"])
    }

    func testAReplacementOrVoidNamingAnUnknownClaimIsRejectedInThe277CA() throws {
        let first = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])])
        let outcome = try adjudicate([F.claim("C1", frequency: "7", original: "SBX0199999999", lines: [F.line("99213", 12500, control: "C1-1")]),
                                      F.claim("C2", frequency: "8", original: "NOSUCHCLAIM", lines: [F.line("99213", 12500, control: "C2-1")])],
                                     ledger: first.ledger)
        let reports = try XCTUnwrap(outcome.acknowledgment.providers.first?.claims)
        XCTAssertEqual(reports.map { $0.statuses.map { "\($0.category):\($0.code)" } }, [["A7:464"], ["A7:464"]])
        XCTAssertTrue(outcome.remittances.isEmpty, "nothing is adjudicated")
        XCTAssertEqual(outcome.ledger.claims["C1"]?.payerClaimControlNumber, "SBX0100000001", "the first decision stands")
        XCTAssertEqual(outcome.ledger.claims["C2"]?.outcome, .rejected)
    }

    func testAStateFileWithoutTheNewFieldsIsStillRead() throws {
        let ledger = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])]).ledger
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(ledger)) as? [String: Any])
        json["balanceForwardCents"] = nil
        if var claims = json["claims"] as? [String: [String: Any]] {
            claims["C1"]?["payment"] = nil
            json["claims"] = claims
        }
        let old = try JSONDecoder().decode(SandboxLedger.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertNil(old.claims["C1"]?.payment)
        XCTAssertNil(old.balanceForwardCents)
    }
}
