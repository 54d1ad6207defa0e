import CodeSets
import Foundation
import RevenueCycle
import XCTest

final class LedgerTests: XCTestCase {
    let day = Fixture.date("2025-12-01")

    func posting(_ n: Int, line: Int = 1, _ entry: PostingEntry, credit: Bool = false) -> LedgerPosting {
        LedgerPosting(id: Fixture.id(n), lineNumber: line, entry: entry, postedOn: day, reference: "TRN\(n)", allowsCreditBalance: credit)
    }

    func message(_ ledger: inout ClaimLedger, _ posting: LedgerPosting, file: StaticString = #filePath, line: UInt = #line) -> String {
        let before = ledger
        do {
            try ledger.apply(posting)
            XCTFail("the posting was applied", file: file, line: line)
            return ""
        } catch {
            XCTAssertEqual(ledger, before, "a refused posting leaves the ledger unchanged", file: file, line: line)
            return error.message
        }
    }

    func cents(_ c: Int) -> Money { Money(cents: c) }

    func testARemittanceAndAPatientPaymentKeepTheInvariant() throws {
        var ledger = ClaimLedger(lineCharges: [(1, cents(10_000)), (2, cents(2_500))])
        try ledger.apply(posting(1, .adjustment(amount: cents(4_000), group: .contractualObligation, reason: "45", against: .insurance)))
        try ledger.apply(posting(2, .patientResponsibility(amount: cents(1_200), reason: "2")))
        try ledger.apply(posting(3, .payment(amount: cents(4_800), by: .insurance)))
        try ledger.apply(posting(4, .payment(amount: cents(1_200), by: .patient)))
        let line = try XCTUnwrap(ledger.line(1))
        XCTAssertEqual([line.payments, line.adjustments, line.patientResponsibility, line.balance].map(\.cents), [6_000, 4_000, 0, 0])
        XCTAssertTrue(line.isBalanced)
        let totals = ledger.totals
        XCTAssertEqual([totals.charges, totals.payments, totals.adjustments, totals.patientResponsibility, totals.balance].map(\.cents),
                       [12_500, 6_000, 4_000, 0, 2_500])
        XCTAssertEqual(totals.outstanding.cents, 2_500)
        XCTAssertEqual(ledger.adjustmentTotals(), [AdjustmentTotal(group: .contractualObligation, reason: "45", amount: cents(4_000))])
        XCTAssertEqual(ledger.verify(), [])
    }

    func testTransfersBetweenInsuranceAndThePatient() throws {
        var ledger = ClaimLedger(lineCharges: [(1, cents(5_000))])
        try ledger.apply(posting(1, .transfer(amount: cents(5_000), to: .patient)))
        XCTAssertEqual(ledger.line(1)?.patientResponsibility.cents, 5_000)
        XCTAssertEqual(ledger.line(1)?.balance.cents, 0)
        // Billed to a secondary payer: back to insurance.
        try ledger.apply(posting(2, .transfer(amount: cents(2_000), to: .insurance)))
        XCTAssertEqual(ledger.line(1)?.balance.cents, 2_000)
        XCTAssertEqual(message(&ledger, posting(3, .transfer(amount: cents(3_001), to: .insurance))),
                       "it moves more than the patient responsibility of $30.00 holds")
        XCTAssertEqual(ledger.verify(), [])
    }

    func testOverpaymentNeedsAnExplicitCreditBalanceAndARefundReturnsIt() throws {
        var ledger = ClaimLedger(lineCharges: [(1, cents(1_000))])
        XCTAssertEqual(message(&ledger, posting(1, .payment(amount: cents(1_500), by: .insurance))),
                       "it moves more than the insurance balance of $10.00 holds; to record a credit balance, post it with allowsCreditBalance")
        try ledger.apply(posting(1, .payment(amount: cents(1_500), by: .insurance), credit: true))
        XCTAssertEqual(ledger.line(1)?.balance.cents, -500)
        XCTAssertEqual(ledger.totals.creditBalance.cents, 500)
        XCTAssertTrue(ledger.line(1)?.isBalanced == true)
        XCTAssertEqual(message(&ledger, posting(2, .refund(amount: cents(600), to: .insurance))),
                       "a refund returns a credit balance; the insurance balance is -$5.00, so at most $5.00 can be refunded to the payer")
        XCTAssertEqual(message(&ledger, posting(2, .refund(amount: cents(100), to: .patient))),
                       "a refund returns a credit balance; the patient responsibility is $0.00, so at most $0.00 can be refunded to the patient")
        try ledger.apply(posting(2, .refund(amount: cents(500), to: .insurance)))
        XCTAssertEqual(ledger.line(1)?.balance.cents, 0)
        XCTAssertEqual(ledger.line(1)?.payments.cents, 1_000)
        XCTAssertEqual(ledger.totals.creditBalance, .zero)
        // Adjustments never create a credit, even when asked to.
        XCTAssertEqual(message(&ledger, posting(3, .adjustment(amount: cents(1), group: .otherAdjustment, reason: "23", against: .insurance), credit: true)),
                       "it moves more than the insurance balance of $0.00 holds")
        XCTAssertEqual(ledger.verify(), [])
    }

    func testRefusalsSayWhy() throws {
        var ledger = ClaimLedger(lineCharges: [(1, cents(1_000)), (2, cents(500))])
        XCTAssertEqual(message(&ledger, posting(1, line: 3, .payment(amount: cents(1), by: .insurance))), "the claim has no line 3; its lines are 1, 2")
        XCTAssertEqual(message(&ledger, posting(1, .payment(amount: cents(0), by: .insurance))), "the amount must be more than zero; got $0.00")
        XCTAssertEqual(message(&ledger, posting(1, .payment(amount: cents(-5), by: .insurance))), "the amount must be more than zero; got -$0.05")
        XCTAssertEqual(message(&ledger, posting(1, .adjustment(amount: cents(5), group: .contractualObligation, reason: "4 5", against: .insurance))),
                       "a reason code is a claim adjustment reason code (CARC) of 1 to 5 letters or digits, such as 45; got \"4 5\"")
        XCTAssertEqual(message(&ledger, posting(1, .payment(amount: cents(Money.maximumInputCents + 1), by: .insurance), credit: true)),
                       "the amount $1,000,000,000,000.01 is beyond any real claim")
        try ledger.apply(posting(1, .payment(amount: cents(600), by: .insurance)))
        XCTAssertEqual(message(&ledger, posting(1, .payment(amount: cents(600), by: .insurance))), "this posting was already applied; it is not applied twice")
        XCTAssertEqual(message(&ledger, posting(2, .reversal(of: Fixture.id(99)))), "there is no posting \(Fixture.id(99)) to reverse")
        XCTAssertEqual(message(&ledger, posting(2, line: 2, .reversal(of: Fixture.id(1)))),
                       "posting \(Fixture.id(1)) is on line 1; its reversal must be too")
        try ledger.apply(posting(2, .reversal(of: Fixture.id(1))))
        XCTAssertEqual(ledger.line(1)?.payments, .zero)
        XCTAssertEqual(ledger.line(1)?.balance.cents, 1_000)
        XCTAssertEqual(message(&ledger, posting(3, .reversal(of: Fixture.id(1)))), "posting \(Fixture.id(1)) is already reversed")
        XCTAssertEqual(message(&ledger, posting(3, .reversal(of: Fixture.id(2)))), "a reversal cannot be reversed; post the original entry again instead")
        XCTAssertEqual(ledger.verify(), [])
    }

    func testReversingAPaymentAfterItsRefundIsRefused() throws {
        var ledger = ClaimLedger(lineCharges: [(1, cents(1_000))])
        try ledger.apply(posting(1, .adjustment(amount: cents(100), group: .contractualObligation, reason: "45", against: .insurance)))
        try ledger.apply(posting(2, .payment(amount: cents(1_200), by: .insurance), credit: true))
        try ledger.apply(posting(3, .refund(amount: cents(300), to: .insurance)))
        XCTAssertEqual(ledger.line(1)?.payments.cents, 900)
        XCTAssertEqual(message(&ledger, posting(4, .reversal(of: Fixture.id(2)))), "it would leave the line's payments at -$3.00; reverse the refund first")
        XCTAssertEqual(message(&ledger, posting(4, .reversal(of: Fixture.id(3)))),
                       "it moves more than the insurance balance of $0.00 holds; to record a credit balance, post it with allowsCreditBalance")
        try ledger.apply(posting(4, .reversal(of: Fixture.id(3)), credit: true))
        try ledger.apply(posting(5, .reversal(of: Fixture.id(2))))
        XCTAssertEqual(ledger.line(1)?.balance.cents, 900)
        XCTAssertEqual(ledger.adjustmentTotals().map(\.amount.cents), [100])
        try ledger.apply(posting(6, .reversal(of: Fixture.id(1))))
        XCTAssertEqual(ledger.adjustmentTotals(), [])
        XCTAssertEqual(ledger.line(1)?.balance.cents, 1_000)
        XCTAssertEqual(ledger.verify(), [])
    }

    func testVerifyFindsTamperedFigures() throws {
        var ledger = ClaimLedger(lineCharges: [(1, cents(1_000))])
        try ledger.apply(posting(1, .payment(amount: cents(700), by: .insurance)))
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(ledger)) as? [String: Any])
        var lines = try XCTUnwrap(json["lines"] as? [[String: Any]])
        lines[0]["balance"] = 200
        json["lines"] = lines
        let tampered = try JSONDecoder().decode(ClaimLedger.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(tampered.verify().map(\.description), [
            "line 1: charges $10.00 ≠ payments $7.00 + adjustments $0.00 + patient responsibility $0.00 + balance $2.00",
            "line 1: balance is recorded as $2.00 but the postings make it $3.00",
        ])

        var postings = try XCTUnwrap(json["postings"] as? [[String: Any]])
        var entry = try XCTUnwrap(postings[0]["entry"] as? [String: Any])
        entry["amount"] = 1_500
        postings[0]["entry"] = entry
        json["postings"] = postings
        lines[0]["balance"] = 300
        json["lines"] = lines
        let inflated = try JSONDecoder().decode(ClaimLedger.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(inflated.verify().map(\.description), [
            "line 1: posting \(Fixture.id(1)): cannot be applied: it moves more than the insurance balance of $10.00 holds; to record a credit balance, post it with allowsCreditBalance",
            "line 1: payments is recorded as $7.00 but the postings make it $0.00",
            "line 1: balance is recorded as $3.00 but the postings make it $10.00",
        ])
    }

    func testPostingJSONShape() throws {
        let p = posting(1, .adjustment(amount: cents(4_000), group: .contractualObligation, reason: "45", against: .insurance))
        let json = String(decoding: try JSONEncoder().encode(p.entry), as: UTF8.self)
        for part in [#""kind":"adjustment""#, #""amount":4000"#, #""group":"CO""#, #""reason":"45""#, #""against":"insurance""#] {
            XCTAssertTrue(json.contains(part), json)
        }
        for entry: PostingEntry in [.payment(amount: cents(1), by: .patient), .patientResponsibility(amount: cents(2), reason: "1"),
                                    .transfer(amount: cents(3), to: .insurance), .refund(amount: cents(4), to: .patient), .reversal(of: Fixture.id(5)), p.entry] {
            XCTAssertEqual(try JSONDecoder().decode(PostingEntry.self, from: JSONEncoder().encode(entry)), entry)
        }
        XCTAssertThrowsError(try JSONDecoder().decode(PostingEntry.self, from: Data(#"{"kind":"payment","amount":5}"#.utf8)))
    }

    /// Random sequences of postings, some of them refused: the invariant holds on every line after every attempt,
    /// a refused posting changes nothing, and replaying the postings gives the stored figures.
    func testInvariantHoldsUnderRandomPostings() throws {
        var applied = 0, refused = 0, credits = 0
        for seed in UInt64(1)...60 {
            var generator = SeededGenerator(seed: seed)
            let lineCount = generator.int(in: 1...5)
            var ledger = ClaimLedger(lineCharges: (1...lineCount).map { ($0, Money(cents: generator.int(in: 0...50_000))) })
            var ids: [UUID] = []
            for _ in 0..<250 {
                let line = generator.int(in: 1...(lineCount + (generator.bool(percent: 3) ? 1 : 0)))
                let charge = ledger.line(line)?.charges.cents ?? 1_000
                // Mostly amounts a bucket can hold, sometimes more than the charge, now and then zero or negative.
                let roll = generator.int(in: 1...100)
                let amount = Money(cents: roll <= 70 ? generator.int(in: 1...max(1, charge / 3)) : roll <= 92 ? generator.int(in: 1...max(1, charge * 3 / 2))
                                   : generator.int(in: -10...0))
                let owner: BalanceOwner = generator.bool(percent: 50) ? .insurance : .patient
                let entry: PostingEntry
                switch generator.int(in: 0...6) {
                case 0, 1: entry = .payment(amount: amount, by: owner)
                case 2: entry = .adjustment(amount: amount, group: generator.element(of: AdjustmentGroup.allCases) ?? .contractualObligation,
                                            reason: generator.element(of: ["45", "253", "A1", "B7", "", "X-1"]) ?? "45", against: owner)
                case 3: entry = .patientResponsibility(amount: amount, reason: generator.element(of: ["1", "2", "3"]) ?? "1")
                case 4: entry = .transfer(amount: amount, to: owner)
                case 5: entry = .refund(amount: amount, to: owner)
                default: entry = .reversal(of: generator.bool(percent: 90) ? generator.element(of: ids) ?? UUID() : generator.uuid())
                }
                // Now and then a posting id already used: it must be refused.
                let id = generator.bool(percent: 3) ? generator.element(of: ids) ?? generator.uuid() : generator.uuid()
                let posting = LedgerPosting(id: id, lineNumber: line, entry: entry, postedOn: day, allowsCreditBalance: generator.bool(percent: 20))
                let before = ledger
                do {
                    try ledger.apply(posting)
                    applied += 1
                    ids.append(id)
                    if ledger.totals.creditBalance.isPositive && !before.totals.creditBalance.isPositive {
                        credits += 1
                        XCTAssertTrue(posting.allowsCreditBalance, "a credit balance appeared without being asked for")
                    }
                } catch {
                    refused += 1
                    XCTAssertEqual(ledger, before)
                }
                for l in ledger.lines {
                    XCTAssertTrue(l.isBalanced, "seed \(seed), line \(l.lineNumber): \(l)")
                    XCTAssertFalse(l.payments.isNegative || l.adjustments.isNegative)
                }
                let totals = ledger.totals
                XCTAssertEqual(totals.charges, totals.payments + totals.adjustments + totals.patientResponsibility + totals.balance)
            }
            XCTAssertEqual(ledger.verify(), [], "seed \(seed)")
        }
        // The generator exercised both outcomes and credit balances, so the assertions above were really tested.
        XCTAssertGreaterThan(applied, 3_000, "applied \(applied), refused \(refused), credits \(credits)")
        XCTAssertGreaterThan(refused, 3_000)
        XCTAssertGreaterThan(credits, 10)
    }
}
