import CodeSets
import Foundation

/// A payment an 835 announced: its BPR (amount, method, date, credit or debit) and TRN02 trace number, and the
/// received file it came in.
public struct RemittancePayment: Hashable, Codable, Sendable {
    public var receivedFileID: UUID
    public var fileName: String
    public var receivedAt: Date
    /// ST02.
    public var transactionControlNumber: String
    public var traceNumber: String
    public var amount: Money
    /// BPR04: ACH, CHK, NON, FWT, BOP.
    public var method: String?
    /// BPR16: the day the payer pays (the EFT's effective date, or the check's date).
    public var paymentDate: ServiceDate?
    /// BPR03: C credit, D debit.
    public var creditDebit: String
    /// BPR01: I remittance information only, C payment accompanies remittance, H notification only...
    public var handlingCode: String
    public var payerName: String?

    public init(receivedFileID: UUID, fileName: String, receivedAt: Date, transactionControlNumber: String, traceNumber: String, amount: Money,
                method: String?, paymentDate: ServiceDate?, creditDebit: String = "C", handlingCode: String = "I", payerName: String?) {
        self.receivedFileID = receivedFileID; self.fileName = fileName; self.receivedAt = receivedAt
        self.transactionControlNumber = transactionControlNumber; self.traceNumber = traceNumber; self.amount = amount; self.method = method
        self.paymentDate = paymentDate; self.creditDebit = creditDebit; self.handlingCode = handlingCode; self.payerName = payerName
    }

    /// Whether money should reach the bank: a credit of more than nothing, paid by check or transfer (an 835 that
    /// pays nothing, a notification only (H) or a debit (the payer taking money back) brings no deposit).
    public var expectsDeposit: Bool {
        amount.isPositive && creditDebit == "C" && method != "NON" && handlingCode != "H"
    }

    /// The day the money should be there by: the payment date, else the day the 835 came.
    public var dueOn: ServiceDate { paymentDate ?? ServiceDate(utcDayOf: receivedAt) }

    /// "the 835 TRN 12345 of $120.00 (ACH, 2026-11-20) from Acme in file X, transaction 0001".
    public var words: String {
        "the 835 TRN \(traceNumber) of \(amount) (\(method ?? "?")\(paymentDate.map { ", \($0.iso)" } ?? ""))"
            + (payerName.map { " from \($0)" } ?? "") + " in \(fileName), transaction \(transactionControlNumber)"
    }
}

/// Deposits against 835 payments: which agree, which disagree in amount, which payments have not reached the bank
/// (by age), and which deposits have no 835 (ask the payer for the remittance).
///
/// The rule: a deposit and a payment match when their trace numbers are the same (`TraceNumber.normalized`: case,
/// spaces, hyphens and leading zeros aside). With several candidates the one of the same amount is taken first;
/// a deposit whose trace number matches only payments of another amount is an amount mismatch. Each payment and each
/// deposit is matched at most once. Amount alone never matches: two payments of the same amount are common.
public struct DepositReconciliation: Sendable {
    public struct Pair: Sendable {
        public var deposit: BankDeposit
        public var payment: RemittancePayment
        /// Deposit less payment.
        public var difference: Money { deposit.amount - payment.amount }
    }

    public struct Outstanding: Sendable {
        public var payment: RemittancePayment
        /// Days since the payment date (or the day the 835 came).
        public var ageDays: Int
        public var ageBucket: String { DepositReconciliation.bucket(ageDays) }
    }

    public var matched: [Pair] = []
    public var amountMismatches: [Pair] = []
    /// Oldest first.
    public var paymentsWithoutDeposit: [Outstanding] = []
    public var depositsWithoutRemittance: [BankDeposit] = []
    /// Payments the same 835 announced again (another file with the same trace number, amount and date): counted once.
    public var repeatedPayments: [RemittancePayment] = []
    /// Payments that bring no deposit (nothing paid, notification only, a debit).
    public var paymentsWithoutMoney: Int = 0
    /// Each deposit's finding, to store on it.
    public var findings: [UUID: DepositMatch] = [:]

    public static let buckets = ["0-7 days", "8-14 days", "15-30 days", "31-60 days", "over 60 days"]

    static func bucket(_ days: Int) -> String {
        switch days {
        case ..<8: buckets[0]
        case 8...14: buckets[1]
        case 15...30: buckets[2]
        case 31...60: buckets[3]
        default: buckets[4]
        }
    }

    /// What is not yet in the bank, by age bucket (every bucket present, in order).
    public var outstandingByAge: [(bucket: String, count: Int, amount: Money)] {
        Self.buckets.map { b in
            let items = paymentsWithoutDeposit.filter { $0.ageBucket == b }
            return (b, items.count, items.map(\.payment.amount).sum())
        }
    }

    public init(deposits: [BankDeposit], payments: [RemittancePayment], today: ServiceDate, at: Date) {
        var expecting: [RemittancePayment] = []
        var seen = Set<String>()
        for payment in payments.sorted(by: { ($0.receivedAt, $0.fileName, $0.transactionControlNumber) < ($1.receivedAt, $1.fileName, $1.transactionControlNumber) }) {
            guard payment.expectsDeposit else { paymentsWithoutMoney += 1; continue }
            let identity = "\(TraceNumber.normalized(payment.traceNumber))|\(payment.amount.cents)|\(payment.paymentDate?.iso ?? "")"
            guard seen.insert(identity).inserted else { repeatedPayments.append(payment); continue }
            expecting.append(payment)
        }
        let byTrace = Dictionary(grouping: expecting.indices, by: { TraceNumber.normalized(expecting[$0].traceNumber) })
        var used = Set<Int>()
        let ordered = deposits.sorted { ($0.depositedOn, $0.traceNumber, $0.id.uuidString) < ($1.depositedOn, $1.traceNumber, $1.id.uuidString) }
        var pending: [BankDeposit] = []
        // First the deposits whose trace number and amount both agree with a payment, then those of another amount.
        for deposit in ordered {
            let candidates = byTrace[TraceNumber.normalized(deposit.traceNumber)] ?? []
            if let i = candidates.first(where: { !used.contains($0) && expecting[$0].amount == deposit.amount }) {
                used.insert(i)
                let payment = expecting[i]
                matched.append(Pair(deposit: deposit, payment: payment))
                findings[deposit.id] = Self.match(.matched, payment, deposit, at: at,
                                                  "trace \(deposit.traceNumber) and \(deposit.amount) agree with \(payment.words)")
            } else {
                pending.append(deposit)
            }
        }
        for deposit in pending {
            let candidates = byTrace[TraceNumber.normalized(deposit.traceNumber)] ?? []
            if let i = candidates.first(where: { !used.contains($0) }) {
                used.insert(i)
                let payment = expecting[i]
                let pair = Pair(deposit: deposit, payment: payment)
                amountMismatches.append(pair)
                findings[deposit.id] = Self.match(.amountMismatch, payment, deposit, at: at,
                    "trace \(deposit.traceNumber) is \(payment.words), but the bank received \(deposit.amount), \(pair.difference.isNegative ? "short by" : "over by") \(Money(cents: abs(pair.difference.cents)))")
            } else {
                depositsWithoutRemittance.append(deposit)
                findings[deposit.id] = DepositMatch(status: .unmatched, explanation:
                    "no 835 received has trace \(deposit.traceNumber): ask the payer for the remittance advice of this deposit", matchedAt: at)
            }
        }
        paymentsWithoutDeposit = expecting.indices.filter { !used.contains($0) }.map { i in
            Outstanding(payment: expecting[i], ageDays: max(0, expecting[i].dueOn.days(until: today)))
        }.sorted { ($0.ageDays, $0.payment.traceNumber) > ($1.ageDays, $1.payment.traceNumber) }
    }

    static func match(_ status: DepositMatchStatus, _ payment: RemittancePayment, _ deposit: BankDeposit, at: Date, _ explanation: String) -> DepositMatch {
        DepositMatch(status: status, receivedFileID: payment.receivedFileID, fileName: payment.fileName,
                     transactionControlNumber: payment.transactionControlNumber, remittanceAmount: payment.amount,
                     remittanceDate: payment.paymentDate, payerName: payment.payerName, difference: deposit.amount - payment.amount,
                     explanation: explanation, matchedAt: at)
    }
}
