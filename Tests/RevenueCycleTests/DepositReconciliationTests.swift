import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// Bank statements are read strictly (every problem with its line and column), a deposit's id follows from what
/// identifies it at the bank, and reconciliation matches deposits to 835 payments by trace number and amount.
final class DepositReconciliationTests: XCTestCase {
    let tenantID = Fixture.id(1)
    let at = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10
    let today = Fixture.date("2025-11-30")

    func lines(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [BankStatementCSV.Line] {
        switch BankStatementCSV.read(text, fileName: "statement.csv") {
        case .success(let lines): return lines
        case .failure(let refusal):
            XCTFail("refused: \(refusal.problems)", file: file, line: line)
            return []
        }
    }

    func problems(_ text: String) -> [String] {
        if case .failure(let refusal) = BankStatementCSV.read(text, fileName: "statement.csv") { return refusal.problems.map(\.description) }
        return []
    }

    func testAStatementIsReadWithItsColumnsInAnyOrder() {
        let read = lines("Description,Date,Reference,Amount,Balance\r\n\"ACH CREDIT, SANDBOX HEALTH\",11/12/2025,EFT-0001,\"$1,234.56\",9000.00\n\nCHECK DEPOSIT,2025-11-13,000123,80,9080.00\n")
        XCTAssertEqual(read.count, 2)
        XCTAssertEqual(read[0].line, 2)
        XCTAssertEqual(read[0].depositedOn, Fixture.date("2025-11-12"))
        XCTAssertEqual(read[0].amount, Money(cents: 123_456))
        XCTAssertEqual(read[0].traceNumber, "EFT-0001")
        XCTAssertEqual(read[0].description, "ACH CREDIT, SANDBOX HEALTH")
        XCTAssertEqual(read[1].line, 4)
        XCTAssertEqual(read[1].amount, Money(cents: 8000))
    }

    func testEveryBadLineIsNamedWithItsColumnAndNothingIsRead() {
        let found = problems("date,amount,reference\n2025-13-01,10.00,T1\n2025-11-01,-20.00,T2\n2025-11-01,1.234,T3\n2025-11-01,5.00,  \n2025-11-02,5.00,T4,extra\n2025-11-03,7.00,T5\n2025-11-03,7.00,t5\n")
        XCTAssertEqual(found, [
            "line 2, date: expected a date such as 2026-11-30 or 11/30/2026; got \"2025-13-01\"",
            "line 3, amount: -20.00 is a withdrawal, not a deposit; export only the account's credits",
            "line 4, amount: expected dollars and cents such as 1234.56; got \"1.234\"",
            "line 5, reference: expected the deposit's trace or check number; got \"\"",
            "line 6: expected 3 columns as the header names; got 4",
            "line 8: repeats line 7 (the same date, trace number and amount)",
        ])
        XCTAssertEqual(problems("when,how much\n2025-11-01,1.00\n").count, 3, "date, amount and reference columns are missing")
        XCTAssertEqual(problems(""), ["line 1: the file is empty; expected a header line naming the columns date, amount, reference"])
        XCTAssertEqual(problems("date,amount,reference\n"), ["line 1: the statement has a header but no deposits"])
        XCTAssertEqual(problems("date,amount,reference\n2025-11-01,\"1.00,T1\n"), ["line 2: a closing quote for the quoted field that starts on this line"])
        XCTAssertNil(BankStatementCSV.parseAmount("1,23.00"), "commas must group thousands")
    }

    func testTheSameDepositHasTheSameIDWhateverTheTraceNumbersSpelling() {
        let a = BankDeposit(tenantID: tenantID, amount: Money(cents: 100), depositedOn: today, traceNumber: "eft-123")
        let b = BankDeposit(tenantID: tenantID, amount: Money(cents: 100), depositedOn: today, traceNumber: "EFT 123")
        XCTAssertEqual(TraceNumber.normalized("000123"), TraceNumber.normalized("123"), "a check number printed with leading zeros")
        XCTAssertEqual(a.id, b.id)
        XCTAssertNotEqual(a.id, BankDeposit(tenantID: tenantID, amount: Money(cents: 101), depositedOn: today, traceNumber: "EFT123").id)
        XCTAssertNotEqual(a.id, BankDeposit(tenantID: Fixture.id(2), amount: Money(cents: 100), depositedOn: today, traceNumber: "EFT123").id)
        XCTAssertEqual(TraceNumber.normalized("000"), "0")
        // Lists come newest deposit first, and filter on the stored finding.
        XCTAssertLessThan(deposit("T", 1, on: "2025-11-13").listing.sortKey, deposit("T", 1, on: "2025-11-12").listing.sortKey)
        XCTAssertEqual(a.listing.status, "unmatched")
        XCTAssertProblem(BankDeposit(tenantID: tenantID, amount: Money(cents: 0), depositedOn: today, traceNumber: "--").validate(), "amount", "positive")
        XCTAssertProblem(BankDeposit(tenantID: tenantID, amount: Money(cents: 5), depositedOn: today, traceNumber: "--").validate(), "traceNumber", "no letters or digits")
    }

    func payment(_ trace: String, _ cents: Int, paid: String = "2025-11-10", method: String = "ACH", file: String = "a.835",
                 receivedAt: Date? = nil) -> RemittancePayment {
        RemittancePayment(receivedFileID: UUID(), fileName: file, receivedAt: receivedAt ?? at, transactionControlNumber: "0001", traceNumber: trace,
                          amount: Money(cents: cents), method: method, paymentDate: Fixture.date(paid), payerName: "Sandbox Health Plan")
    }

    func deposit(_ trace: String, _ cents: Int, on date: String = "2025-11-12") -> BankDeposit {
        BankDeposit(tenantID: tenantID, amount: Money(cents: cents), depositedOn: Fixture.date(date), traceNumber: trace)
    }

    func testDepositsMatchPaymentsByTraceNumberAndAmount() throws {
        let payments = [
            payment("EFT1", 10_000),
            payment("EFT2", 5_000),
            payment("0000777", 2_500, paid: "2025-10-01", method: "CHK"),
            payment("EFT4", 4_000, paid: "2025-11-25"),
            payment("NOPAY", 0, method: "NON"),
            // The same 835 payment received again in another file: counted once.
            payment("EFT4", 4_000, paid: "2025-11-25", file: "again.835", receivedAt: at.addingTimeInterval(60)),
        ]
        let deposits = [deposit("eft1", 10_000), deposit("EFT2", 4_990), deposit("X9", 700), deposit("EFT1", 10_000, on: "2025-11-13")]
        let r = DepositReconciliation(deposits: deposits, payments: payments, today: today, at: at)
        XCTAssertEqual(r.matched.map(\.deposit.traceNumber), ["eft1"])
        XCTAssertEqual(r.amountMismatches.map(\.deposit.traceNumber), ["EFT2"])
        XCTAssertEqual(r.amountMismatches.first?.difference, Money(cents: -10))
        // The second deposit with trace EFT1 finds its payment taken: a payment is matched once.
        XCTAssertEqual(Set(r.depositsWithoutRemittance.map(\.traceNumber)), ["X9", "EFT1"])
        XCTAssertEqual(r.paymentsWithoutDeposit.map(\.payment.traceNumber), ["0000777", "EFT4"], "oldest first")
        XCTAssertEqual(r.paymentsWithoutDeposit.map(\.ageDays), [60, 5])
        XCTAssertEqual(r.paymentsWithoutDeposit.map(\.ageBucket), ["31-60 days", "0-7 days"])
        XCTAssertEqual(r.outstandingByAge.map(\.count), [1, 0, 0, 1, 0])
        XCTAssertEqual(r.paymentsWithoutMoney, 1)
        XCTAssertEqual(r.repeatedPayments.map(\.fileName), ["again.835"])
        let matched = try XCTUnwrap(r.findings[deposits[0].id])
        XCTAssertEqual(matched.status, .matched)
        XCTAssertEqual(matched.receivedFileID, payments[0].receivedFileID)
        XCTAssertEqual(matched.difference, .zero)
        XCTAssertTrue(matched.explanation.contains("agree with the 835 TRN EFT1 of $100.00 (ACH, 2025-11-10)"), matched.explanation)
        let short = try XCTUnwrap(r.findings[deposits[1].id])
        XCTAssertEqual(short.status, .amountMismatch)
        XCTAssertTrue(short.explanation.hasSuffix("short by $0.10"), short.explanation)
        XCTAssertEqual(r.findings[deposits[2].id]?.status, .unmatched)
        XCTAssertTrue(r.findings[deposits[2].id]?.explanation.contains("ask the payer for the remittance advice") ?? false)
        // Matching again finds the same: nothing to write.
        let again = DepositReconciliation(deposits: deposits, payments: payments, today: today, at: at.addingTimeInterval(3600))
        XCTAssertTrue(try XCTUnwrap(again.findings[deposits[0].id]).sameMatch(as: matched))
    }

    func testAnExactAmountIsPreferredAmongPaymentsOfTheSameTrace() {
        // Two payments under one trace number (a payer reusing it): each deposit takes the one of its amount.
        let payments = [payment("T1", 300), payment("T1", 200, file: "b.835")]
        let r = DepositReconciliation(deposits: [deposit("T1", 200)], payments: payments, today: today, at: at)
        XCTAssertEqual(r.matched.first?.payment.fileName, "b.835")
        XCTAssertEqual(r.paymentsWithoutDeposit.map(\.payment.amount), [Money(cents: 300)])
    }
}
