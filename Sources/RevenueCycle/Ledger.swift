import CodeSets
import Foundation

// The claim ledger keeps the money invariant of DESIGN.md on every line, at every moment:
//
//     charges = payments + adjustments + patient responsibility + balance
//
// - charges: what the line billed; fixed when the claim is made.
// - payments: money received, from payers and from the patient.
// - adjustments: amounts taken off for good (contractual CO, other OA, payer-initiated PI), with group and reason.
// - patient responsibility: what the patient still owes.
// - balance: what insurance still owes.
//
// Each posting moves an amount from one of the four buckets to another, so the sum never changes; a posting that
// would leave payments or adjustments below zero, or move more than a bucket holds, is refused whole. Overpayment
// rule: a payment (or a reversal) may take the balance or the patient responsibility below zero only when the
// posting says `allowsCreditBalance`; the negative amount is then a credit balance (money owed back), shown by
// `creditBalance`, and a refund posting returns it. Adjustments, patient-responsibility postings, transfers and
// refunds never create a credit. Every posting names one line; the claim's figures are the sums of its lines'.

/// Who owes an outstanding amount.
public enum BalanceOwner: String, Hashable, Codable, Sendable, CaseIterable {
    case insurance
    case patient
}

/// The claim adjustment group code (835 CAS01) of an adjustment. Patient responsibility (PR) is not an adjustment:
/// it moves the amount to the patient (`PostingEntry.patientResponsibility`).
public enum AdjustmentGroup: String, Hashable, Codable, Sendable, CaseIterable {
    case contractualObligation = "CO"
    case otherAdjustment = "OA"
    case payerInitiatedReduction = "PI"
}

/// What a posting does.
public enum PostingEntry: Hashable, Sendable {
    /// Money received: from insurance (lowers the balance) or from the patient (lowers patient responsibility).
    case payment(amount: Money, by: BalanceOwner)
    /// An amount taken off what insurance or the patient owes, with its group and reason code (CARC).
    case adjustment(amount: Money, group: AdjustmentGroup, reason: String, against: BalanceOwner)
    /// The payer assigns part of the balance to the patient (835 group PR: deductible 1, coinsurance 2, copay 3).
    case patientResponsibility(amount: Money, reason: String)
    /// Moves an outstanding amount between insurance and the patient (to the patient when insurance will not pay;
    /// back to insurance when a secondary payer is billed).
    case transfer(amount: Money, to: BalanceOwner)
    /// Returns a credit balance: money paid back to the payer or the patient.
    case refund(amount: Money, to: BalanceOwner)
    /// Undoes an earlier posting exactly (a recoupment, a payment posted to the wrong claim).
    case reversal(of: UUID)
}

extension PostingEntry: Codable {
    private enum CodingKeys: String, CodingKey { case kind, amount, by, against, to, group, reason, reversedPostingID }
    private enum Kind: String, Codable { case payment, adjustment, patientResponsibility, transfer, refund, reversal }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .payment: self = .payment(amount: try c.decode(Money.self, forKey: .amount), by: try c.decode(BalanceOwner.self, forKey: .by))
        case .adjustment:
            self = .adjustment(amount: try c.decode(Money.self, forKey: .amount), group: try c.decode(AdjustmentGroup.self, forKey: .group),
                               reason: try c.decode(String.self, forKey: .reason), against: try c.decode(BalanceOwner.self, forKey: .against))
        case .patientResponsibility:
            self = .patientResponsibility(amount: try c.decode(Money.self, forKey: .amount), reason: try c.decode(String.self, forKey: .reason))
        case .transfer: self = .transfer(amount: try c.decode(Money.self, forKey: .amount), to: try c.decode(BalanceOwner.self, forKey: .to))
        case .refund: self = .refund(amount: try c.decode(Money.self, forKey: .amount), to: try c.decode(BalanceOwner.self, forKey: .to))
        case .reversal: self = .reversal(of: try c.decode(UUID.self, forKey: .reversedPostingID))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .payment(let amount, let by):
            try c.encode(Kind.payment, forKey: .kind); try c.encode(amount, forKey: .amount); try c.encode(by, forKey: .by)
        case .adjustment(let amount, let group, let reason, let against):
            try c.encode(Kind.adjustment, forKey: .kind); try c.encode(amount, forKey: .amount); try c.encode(group, forKey: .group)
            try c.encode(reason, forKey: .reason); try c.encode(against, forKey: .against)
        case .patientResponsibility(let amount, let reason):
            try c.encode(Kind.patientResponsibility, forKey: .kind); try c.encode(amount, forKey: .amount); try c.encode(reason, forKey: .reason)
        case .transfer(let amount, let to):
            try c.encode(Kind.transfer, forKey: .kind); try c.encode(amount, forKey: .amount); try c.encode(to, forKey: .to)
        case .refund(let amount, let to):
            try c.encode(Kind.refund, forKey: .kind); try c.encode(amount, forKey: .amount); try c.encode(to, forKey: .to)
        case .reversal(let id):
            try c.encode(Kind.reversal, forKey: .kind); try c.encode(id, forKey: .reversedPostingID)
        }
    }
}

/// One posting to one claim line.
public struct LedgerPosting: Hashable, Codable, Sendable, Identifiable {
    /// Unique per posting: the same posting applied twice is refused, which makes posting an 835 twice harmless.
    public var id: UUID
    public var lineNumber: Int
    public var entry: PostingEntry
    /// The accounting date.
    public var postedOn: ServiceDate
    /// Where it came from: an 835 trace number, a check number, a receipt.
    public var reference: String?
    /// Lets a payment or reversal take a balance below zero, recording a credit balance.
    public var allowsCreditBalance: Bool

    public init(id: UUID, lineNumber: Int, entry: PostingEntry, postedOn: ServiceDate, reference: String? = nil, allowsCreditBalance: Bool = false) {
        self.id = id; self.lineNumber = lineNumber; self.entry = entry; self.postedOn = postedOn
        self.reference = reference; self.allowsCreditBalance = allowsCreditBalance
    }
}

/// A line's figures.
public struct LedgerLine: Hashable, Codable, Sendable {
    public let lineNumber: Int
    public let charges: Money
    public internal(set) var payments: Money
    public internal(set) var adjustments: Money
    public internal(set) var patientResponsibility: Money
    public internal(set) var balance: Money

    init(lineNumber: Int, charges: Money) {
        self.lineNumber = lineNumber; self.charges = charges
        payments = .zero; adjustments = .zero; patientResponsibility = .zero; balance = charges
    }

    /// A line as stored (`ClaimJSON` reads it; `ClaimLedger.verify` checks it).
    init(lineNumber: Int, charges: Money, payments: Money, adjustments: Money, patientResponsibility: Money, balance: Money) {
        self.lineNumber = lineNumber; self.charges = charges; self.payments = payments; self.adjustments = adjustments
        self.patientResponsibility = patientResponsibility; self.balance = balance
    }

    /// charges = payments + adjustments + patient responsibility + balance.
    public var isBalanced: Bool { charges == payments + adjustments + patientResponsibility + balance }

    /// Money owed back (to the payer or the patient), when a bucket is below zero.
    public var creditBalance: Money { Money(cents: -min(0, balance.cents)) + Money(cents: -min(0, patientResponsibility.cents)) }
}

/// The sums over a claim's lines.
public struct LedgerTotals: Hashable, Codable, Sendable {
    public var charges: Money
    public var payments: Money
    public var adjustments: Money
    public var patientResponsibility: Money
    public var balance: Money
    public var creditBalance: Money

    /// What is still owed, by insurance and the patient.
    public var outstanding: Money { balance + patientResponsibility }
}

/// An adjustment total by group and reason.
public struct AdjustmentTotal: Hashable, Codable, Sendable {
    public var group: AdjustmentGroup
    public var reason: String
    public var amount: Money

    public init(group: AdjustmentGroup, reason: String, amount: Money) {
        self.group = group; self.reason = reason; self.amount = amount
    }
}

/// A posting refused, with the reason in plain words.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var postingID: UUID
    public var lineNumber: Int
    public var message: String

    public var description: String { "posting \(postingID) on line \(lineNumber): \(message)" }
}

/// Something `verify()` found wrong with stored ledger data.
public struct LedgerDiscrepancy: Hashable, Codable, Sendable, CustomStringConvertible {
    public var lineNumber: Int?
    public var postingID: UUID?
    public var message: String

    public var description: String {
        (lineNumber.map { "line \($0): " } ?? "") + (postingID.map { "posting \($0): " } ?? "") + message
    }
}

/// A claim's lines and every posting applied to them.
public struct ClaimLedger: Hashable, Sendable {
    public private(set) var lines: [LedgerLine]
    public private(set) var postings: [LedgerPosting]

    /// A new ledger: each line's balance is its charge.
    public init(lineCharges: [(lineNumber: Int, charge: Money)]) {
        lines = lineCharges.map { LedgerLine(lineNumber: $0.lineNumber, charges: $0.charge) }
        postings = []
    }

    /// A ledger as stored, taken as it is, as its `Codable` decoding takes it (`verify` checks it).
    init(storedLines: [LedgerLine], postings: [LedgerPosting]) {
        lines = storedLines
        self.postings = postings
    }

    public var totals: LedgerTotals {
        LedgerTotals(charges: lines.map(\.charges).sum(), payments: lines.map(\.payments).sum(), adjustments: lines.map(\.adjustments).sum(),
                     patientResponsibility: lines.map(\.patientResponsibility).sum(), balance: lines.map(\.balance).sum(),
                     creditBalance: lines.map(\.creditBalance).sum())
    }

    public func line(_ number: Int) -> LedgerLine? { lines.first { $0.lineNumber == number } }

    /// Adjustments by group and reason, net of reversals, in group then reason order.
    public func adjustmentTotals() -> [AdjustmentTotal] {
        let reversed = Set(postings.compactMap { if case .reversal(let id) = $0.entry { id } else { nil } })
        var totals: [String: AdjustmentTotal] = [:]
        for posting in postings where !reversed.contains(posting.id) {
            if case .adjustment(let amount, let group, let reason, _) = posting.entry {
                totals[group.rawValue + "-" + reason, default: AdjustmentTotal(group: group, reason: reason, amount: .zero)].amount += amount
            }
        }
        return totals.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Applies one posting, or refuses it whole with the reason; the ledger is unchanged after a refusal.
    public mutating func apply(_ posting: LedgerPosting) throws(LedgerError) {
        guard let index = lines.firstIndex(where: { $0.lineNumber == posting.lineNumber }) else {
            throw LedgerError(postingID: posting.id, lineNumber: posting.lineNumber,
                              message: "the claim has no line \(posting.lineNumber); its lines are \(lines.map { String($0.lineNumber) }.joined(separator: ", "))")
        }
        if postings.contains(where: { $0.id == posting.id }) {
            throw LedgerError(postingID: posting.id, lineNumber: posting.lineNumber, message: "this posting was already applied; it is not applied twice")
        }
        let updated = try ClaimLedger.applying(posting, to: lines[index], earlier: postings)
        lines[index] = updated
        postings.append(posting)
    }

    /// How much each bucket changes; the four always sum to zero.
    private struct Movement {
        var payments = 0, adjustments = 0, patientResponsibility = 0, balance = 0

        static func from(_ owner: BalanceOwner, to target: WritableKeyPath<Movement, Int>, _ cents: Int) -> Movement {
            var m = Movement()
            let source: WritableKeyPath<Movement, Int> = owner == .insurance ? \.balance : \.patientResponsibility
            m[keyPath: source] -= cents
            m[keyPath: target] += cents
            return m
        }

        /// The movement of an entry other than a reversal (whose movement is the negation of its original's).
        static func of(_ entry: PostingEntry) -> Movement? {
            switch entry {
            case .payment(let amount, let by): .from(by, to: \.payments, amount.cents)
            case .adjustment(let amount, _, _, let against): .from(against, to: \.adjustments, amount.cents)
            case .patientResponsibility(let amount, _): .from(.insurance, to: \.patientResponsibility, amount.cents)
            case .transfer(let amount, let to):
                .from(to == .patient ? .insurance : .patient, to: to == .patient ? \.patientResponsibility : \.balance, amount.cents)
            case .refund(let amount, let to): Movement.from(to, to: \.payments, amount.cents).negated
            case .reversal: nil
            }
        }

        var negated: Movement { Movement(payments: -payments, adjustments: -adjustments, patientResponsibility: -patientResponsibility, balance: -balance) }
    }

    /// The line after the posting, or the reason it is refused. `earlier` are the postings applied before it.
    private static func applying(_ posting: LedgerPosting, to line: LedgerLine, earlier: [LedgerPosting]) throws(LedgerError) -> LedgerLine {
        func refuse(_ message: String) -> LedgerError { LedgerError(postingID: posting.id, lineNumber: line.lineNumber, message: message) }
        func checkAmount(_ amount: Money) throws(LedgerError) {
            guard amount.isPositive else { throw refuse("the amount must be more than zero; got \(amount)") }
            guard amount.cents <= Money.maximumInputCents else { throw refuse("the amount \(amount) is beyond any real claim") }
        }
        func checkReason(_ reason: String) throws(LedgerError) {
            let b = Array(reason.utf8)
            guard (1...5).contains(b.count), b.allSatisfy({ isASCIIDigit($0) || isASCIIUpper($0) }) else {
                throw refuse("a reason code is a claim adjustment reason code (CARC) of 1 to 5 letters or digits, such as 45; got \"\(reason)\"")
            }
        }
        func bucketName(_ owner: BalanceOwner) -> String { owner == .insurance ? "insurance balance" : "patient responsibility" }
        func amountOwed(by owner: BalanceOwner) -> Money { owner == .insurance ? line.balance : line.patientResponsibility }

        var movement = Movement.of(posting.entry) ?? Movement()
        var mayCreateCredit = false
        switch posting.entry {
        case .payment(let amount, _):
            try checkAmount(amount)
            mayCreateCredit = true
        case .adjustment(let amount, _, let reason, _), .patientResponsibility(let amount, let reason):
            try checkAmount(amount)
            try checkReason(reason)
        case .transfer(let amount, _):
            try checkAmount(amount)
        case .refund(let amount, let to):
            try checkAmount(amount)
            let credit = -amountOwed(by: to).cents
            guard amount.cents <= credit else {
                throw refuse("a refund returns a credit balance; the \(bucketName(to)) is \(amountOwed(by: to)), so at most \(Money(cents: max(0, credit))) can be refunded to \(to == .insurance ? "the payer" : "the patient")")
            }
        case .reversal(let originalID):
            guard let original = earlier.first(where: { $0.id == originalID }) else {
                throw refuse("there is no posting \(originalID) to reverse")
            }
            guard let undone = Movement.of(original.entry) else {
                throw refuse("a reversal cannot be reversed; post the original entry again instead")
            }
            if earlier.contains(where: { $0.entry == .reversal(of: originalID) }) { throw refuse("posting \(originalID) is already reversed") }
            guard original.lineNumber == line.lineNumber else {
                throw refuse("posting \(originalID) is on line \(original.lineNumber); its reversal must be too")
            }
            movement = undone.negated
            mayCreateCredit = true
        }

        var next = line
        next.payments.cents += movement.payments
        next.adjustments.cents += movement.adjustments
        next.patientResponsibility.cents += movement.patientResponsibility
        next.balance.cents += movement.balance
        if next.payments.isNegative { throw refuse("it would leave the line's payments at \(next.payments); reverse the refund first") }
        if next.adjustments.isNegative { throw refuse("it would leave the line's adjustments at \(next.adjustments)") }
        let credit = posting.allowsCreditBalance && mayCreateCredit
        for (owner, before, after) in [(BalanceOwner.insurance, line.balance, next.balance), (.patient, line.patientResponsibility, next.patientResponsibility)]
            where after.isNegative && after < before && !credit {
            let hint = mayCreateCredit ? "; to record a credit balance, post it with allowsCreditBalance" : ""
            throw refuse("it moves more than the \(bucketName(owner)) of \(before) holds\(hint)")
        }
        // The movement sums to zero by construction; checked so that a mistake here can never be stored.
        guard next.isBalanced else { throw refuse("it would break charges = payments + adjustments + patient responsibility + balance") }
        return next
    }

    /// Recomputes every line from its charge and the postings, and reports each difference from the stored
    /// figures, each posting that could not have been applied, and each line whose figures do not add up. Empty when
    /// the ledger is sound.
    public func verify() -> [LedgerDiscrepancy] {
        var found: [LedgerDiscrepancy] = []
        var seenLines = Set<Int>()
        for line in lines {
            if !seenLines.insert(line.lineNumber).inserted { found.append(LedgerDiscrepancy(lineNumber: line.lineNumber, message: "the line appears twice")) }
            if !line.isBalanced {
                found.append(LedgerDiscrepancy(lineNumber: line.lineNumber, message:
                    "charges \(line.charges) ≠ payments \(line.payments) + adjustments \(line.adjustments) + patient responsibility \(line.patientResponsibility) + balance \(line.balance)"))
            }
        }
        var replay = ClaimLedger(lineCharges: lines.map { ($0.lineNumber, $0.charges) })
        for posting in postings {
            do { try replay.apply(posting) } catch {
                found.append(LedgerDiscrepancy(lineNumber: posting.lineNumber, postingID: posting.id, message: "cannot be applied: \(error.message)"))
            }
        }
        for (recorded, recomputed) in zip(lines, replay.lines) {
            let fields: [(String, Money, Money)] = [
                ("payments", recorded.payments, recomputed.payments), ("adjustments", recorded.adjustments, recomputed.adjustments),
                ("patient responsibility", recorded.patientResponsibility, recomputed.patientResponsibility),
                ("balance", recorded.balance, recomputed.balance),
            ]
            for (name, stored, expected) in fields where stored != expected {
                found.append(LedgerDiscrepancy(lineNumber: recorded.lineNumber, message: "\(name) is recorded as \(stored) but the postings make it \(expected)"))
            }
        }
        return found
    }
}

// The ledger's JSON is `{"lines":[...],"postings":[...]}`, each posting an object. The store writes the postings in a
// shorter form (`ClaimJSON.encodeForStore`): `"postingGroups"`, runs of postings sharing their date, reference and
// credit rule, each posting `[id, line, kind, the entry's fields in order]`. Both forms are read here.
extension ClaimLedger: Codable {
    private enum CodingKeys: String, CodingKey { case lines, postings, postingGroups }
    private enum GroupKeys: String, CodingKey { case allowsCreditBalance, postedOn, postings, reference }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lines = try c.decode([LedgerLine].self, forKey: .lines)
        guard c.contains(.postingGroups) else {
            postings = try c.decode([LedgerPosting].self, forKey: .postings)
            return
        }
        guard !c.contains(.postings) else {
            throw DecodingError.dataCorruptedError(forKey: .postings, in: c, debugDescription: "a ledger has postings or posting groups, not both")
        }
        var groups = try c.nestedUnkeyedContainer(forKey: .postingGroups)
        var postings: [LedgerPosting] = []
        while !groups.isAtEnd {
            let group = try groups.nestedContainer(keyedBy: GroupKeys.self)
            let allowsCredit = try group.decode(Bool.self, forKey: .allowsCreditBalance)
            let postedOn = try group.decode(ServiceDate.self, forKey: .postedOn)
            let reference = try group.decodeIfPresent(String.self, forKey: .reference)
            var list = try group.nestedUnkeyedContainer(forKey: .postings)
            while !list.isAtEnd {
                var p = try list.nestedUnkeyedContainer()
                let id = try p.decode(UUID.self)
                let lineNumber = try p.decode(Int.self)
                postings.append(LedgerPosting(id: id, lineNumber: lineNumber, entry: try Self.storedEntry(&p), postedOn: postedOn,
                                              reference: reference, allowsCreditBalance: allowsCredit))
                guard p.isAtEnd else {
                    throw DecodingError.dataCorruptedError(in: p, debugDescription: "a stored posting has more fields than its kind")
                }
            }
        }
        self.postings = postings
    }

    private static func storedEntry(_ p: inout any UnkeyedDecodingContainer) throws -> PostingEntry {
        switch try p.decode(String.self) {
        case "payment": return .payment(amount: try p.decode(Money.self), by: try p.decode(BalanceOwner.self))
        case "adjustment":
            return .adjustment(amount: try p.decode(Money.self), group: try p.decode(AdjustmentGroup.self), reason: try p.decode(String.self),
                               against: try p.decode(BalanceOwner.self))
        case "patientResponsibility": return .patientResponsibility(amount: try p.decode(Money.self), reason: try p.decode(String.self))
        case "transfer": return .transfer(amount: try p.decode(Money.self), to: try p.decode(BalanceOwner.self))
        case "refund": return .refund(amount: try p.decode(Money.self), to: try p.decode(BalanceOwner.self))
        case "reversal": return .reversal(of: try p.decode(UUID.self))
        case let kind: throw DecodingError.dataCorruptedError(in: p, debugDescription: "unknown posting kind \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lines, forKey: .lines)
        try c.encode(postings, forKey: .postings)
    }
}
