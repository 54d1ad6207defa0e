internal import Crypto
import CodeSets
import Foundation

// Bank deposits: the money that reached the practice's bank account, entered by a biller or imported from a bank
// statement. Each payer payment an 835 announces (BPR: amount, method, date; TRN02: the check or EFT trace number)
// should reach the bank as one deposit carrying the same trace number; reconciliation (DepositReconciliation.swift)
// matches the two.

/// Where a deposit was recorded from.
public struct DepositSource: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable { case entered, statement }
    public var kind: Kind
    /// The statement file's name and the line the deposit was on.
    public var fileName: String?
    public var line: Int?

    public init(kind: Kind, fileName: String? = nil, line: Int? = nil) { self.kind = kind; self.fileName = fileName; self.line = line }

    public static let entered = DepositSource(kind: .entered)
}

/// How a deposit stands against the 835 payments.
public enum DepositMatchStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// An 835 payment has the same trace number and amount.
    case matched
    /// An 835 payment has the same trace number, but another amount.
    case amountMismatch
    /// No 835 payment has its trace number: ask the payer for the remittance.
    case unmatched
}

/// The 835 payment a deposit was matched to, kept on the deposit so the reconciliation can be explained later: which
/// file, which transaction, what it said, and the rule that matched.
public struct DepositMatch: Hashable, Codable, Sendable {
    public var status: DepositMatchStatus
    public var receivedFileID: UUID?
    public var fileName: String?
    /// ST02 of the 835 transaction.
    public var transactionControlNumber: String?
    public var remittanceAmount: Money?
    public var remittanceDate: ServiceDate?
    public var payerName: String?
    /// The deposit's amount less the 835's.
    public var difference: Money?
    /// In words: "trace 1234 and $120.00 agree with the 835 ...".
    public var explanation: String
    public var matchedAt: Date

    public init(status: DepositMatchStatus, receivedFileID: UUID? = nil, fileName: String? = nil, transactionControlNumber: String? = nil,
                remittanceAmount: Money? = nil, remittanceDate: ServiceDate? = nil, payerName: String? = nil, difference: Money? = nil,
                explanation: String, matchedAt: Date) {
        self.status = status; self.receivedFileID = receivedFileID; self.fileName = fileName
        self.transactionControlNumber = transactionControlNumber; self.remittanceAmount = remittanceAmount; self.remittanceDate = remittanceDate
        self.payerName = payerName; self.difference = difference; self.explanation = explanation; self.matchedAt = matchedAt
    }

    /// The same match, whenever it was made: a reconciliation that finds nothing new writes nothing.
    public func sameMatch(as other: DepositMatch) -> Bool {
        var a = self, b = other
        a.matchedAt = .distantPast; b.matchedAt = .distantPast
        return a == b
    }
}

/// Money the bank received.
public struct BankDeposit: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var amount: Money
    public var depositedOn: ServiceDate
    /// The bank's reference for it: for an EFT the trace number the payer sent (the 835's TRN02, which the ACH
    /// addenda carry), for a check the check number.
    public var traceNumber: String
    /// The payer, when the biller knows it.
    public var payerID: UUID?
    /// The statement's words for it.
    public var description: String?
    public var source: DepositSource
    /// The last reconciliation's finding; nil until reconciled.
    public var match: DepositMatch?

    public init(id: UUID? = nil, tenantID: UUID, amount: Money, depositedOn: ServiceDate, traceNumber: String, payerID: UUID? = nil,
                description: String? = nil, source: DepositSource = .entered, match: DepositMatch? = nil) {
        self.id = id ?? Self.id(tenantID: tenantID, depositedOn: depositedOn, traceNumber: traceNumber, amount: amount)
        self.tenantID = tenantID; self.amount = amount; self.depositedOn = depositedOn; self.traceNumber = traceNumber
        self.payerID = payerID; self.description = description; self.source = source; self.match = match
    }

    /// A deposit's id follows from what identifies it at the bank (tenant, date, trace number, amount): the same
    /// deposit entered twice, or on two imported statements that overlap, is the same record and is stored once.
    public static func id(tenantID: UUID, depositedOn: ServiceDate, traceNumber: String, amount: Money) -> UUID {
        let key = "\(tenantID.uuidString)|\(depositedOn.iso)|\(TraceNumber.normalized(traceNumber))|\(amount.cents)"
        var bytes = Array(SHA256.hash(data: Data(key.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50 // version 5 style: name-based
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        if !amount.isPositive { p.add("amount", "a deposit is a positive amount in cents; got \(amount.cents)") }
        if amount.cents > Money.maximumInputCents { p.add("amount", "is beyond one trillion dollars") }
        p.text(traceNumber, "traceNumber", maximumLength: 50, what: "the trace number")
        if !traceNumber.isEmpty, TraceNumber.normalized(traceNumber).isEmpty {
            p.add("traceNumber", "the trace number has no letters or digits; got \"\(traceNumber)\"")
        }
        p.optionalText(description, "description", maximumLength: 200, what: "the description")
        return p.list
    }
}

extension BankDeposit: TenantRecord {
    public static let kind = RecordKind.bankDeposit
    /// Newest deposit first; the status filter is the reconciliation's.
    public var listing: RecordListing {
        RecordListing(sortKey: newestFirst(depositedOn) + " " + TraceNumber.normalized(traceNumber),
                      searchText: [traceNumber, TraceNumber.normalized(traceNumber), description ?? ""].joined(separator: " "),
                      status: (match?.status ?? .unmatched).rawValue)
    }
}

/// Trace numbers as banks and payers write them: the same number may come with spaces, hyphens, other case or
/// leading zeros (a check number printed as 000123, sent in the 835 as 123).
public enum TraceNumber {
    public static func normalized(_ text: String) -> String {
        let kept = text.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        let s = String(String.UnicodeScalarView(kept))
        let trimmed = s.drop { $0 == "0" }
        return trimmed.isEmpty && !s.isEmpty ? "0" : String(trimmed)
    }
}
