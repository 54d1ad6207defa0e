import Foundation

/// Where a claim is in its life, from draft to closed.
public enum ClaimStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Made from a coded encounter; not yet checked.
    case draft
    /// Passed the claim edits; waiting for the next batch.
    case ready
    /// Stopped by a person or an edit until something is fixed.
    case held
    /// In a batch (an 837 file) that has not been sent.
    case batched
    /// Sent to the clearinghouse.
    case submitted
    /// The clearinghouse accepted the file (999 accepted).
    case accepted
    /// The clearinghouse or the payer refused the claim before adjudication (999 or 277CA rejection).
    case rejected
    /// The payer acknowledged receipt (277CA accepted).
    case acknowledged
    /// The payer is adjudicating or waits for information (277 pending).
    case pending
    /// The payer paid what the contract allows (835).
    case paid
    /// The payer paid part and left part unresolved.
    case partiallyPaid
    /// The payer denied payment.
    case denied
    /// An appeal of the denial or the amount is with the payer.
    case appealed
    /// Fixed after a rejection, denial or payment, to be sent again (as a replacement when the payer adjudicated it), or
    /// a void (frequency 8) of an adjudicated claim waiting to be sent.
    case corrected
    /// Cancelled: never to be paid (a void, frequency 8, when the payer had it).
    case voided
    /// Finished: nothing is owed by insurance.
    case closed
    /// Finished: what insurance did not pay was written off.
    case writtenOff
}

/// Who made a change.
public struct ClaimActor: Hashable, Codable, Sendable {
    public var userID: UUID
    public var displayName: String

    public init(userID: UUID, displayName: String) {
        self.userID = userID
        self.displayName = displayName
    }
}

/// The document behind a change: a 999, a 277CA, an 835, an appeal letter.
public struct SourceDocumentReference: Hashable, Codable, Sendable {
    /// What kind of document: "999", "277CA", "835", "appeal letter".
    public var kind: String
    /// Which one: a control number, a trace number, a file name.
    public var reference: String

    public init(kind: String, reference: String) {
        self.kind = kind
        self.reference = reference
    }
}

/// One change of a claim's status, as its history keeps it.
public struct ClaimTransition: Hashable, Codable, Sendable {
    public var claimID: UUID
    public var from: ClaimStatus
    public var to: ClaimStatus
    public var actor: ClaimActor
    public var at: Date
    public var reason: String
    public var source: SourceDocumentReference?

    public init(claimID: UUID, from: ClaimStatus, to: ClaimStatus, actor: ClaimActor, at: Date, reason: String, source: SourceDocumentReference? = nil) {
        self.claimID = claimID; self.from = from; self.to = to; self.actor = actor; self.at = at; self.reason = reason; self.source = source
    }
}

/// Why a transition was refused, in words a biller can act on.
public enum ClaimTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The table does not allow it.
    case notAllowed(from: ClaimStatus, to: ClaimStatus, allowed: [ClaimStatus])
    /// Every change says why.
    case missingReason
    /// A change cannot be dated before the claim's last change.
    case beforeLastChange(at: Date, lastChange: Date)
    /// Closed and written off mean insurance owes nothing: the balance must be zero, with no credit.
    case balanceNotSettled(to: ClaimStatus, balance: Money, credit: Money)

    public var message: String {
        switch self {
        case .notAllowed(let from, let to, let allowed):
            let options = allowed.isEmpty ? "nothing: \(from.rawValue) is final" : ClaimStateMachine.list(allowed)
            return "a claim that is \(from.rawValue) can move to \(options), not to \(to.rawValue)"
        case .missingReason:
            return "a status change needs a reason"
        case .beforeLastChange(let at, let lastChange):
            return "the change is dated \(at), before the claim's last change at \(lastChange)"
        case .balanceNotSettled(let to, let balance, let credit):
            return "a claim is \(to.rawValue) only when insurance owes nothing; its insurance balance is \(balance)"
                + (credit.isZero ? "" : " with a credit balance of \(credit)") + ": post the payments, adjustments or transfers first"
        }
    }

    public var description: String { message }
}

/// The claim life cycle as data: from each status, the statuses a claim may move to, and why.
public enum ClaimStateMachine {
    public struct Row: Sendable {
        public var from: ClaimStatus
        public var to: [ClaimStatus]
        /// What the moves mean, for the documentation.
        public var meaning: String
    }

    public static let table: [Row] = [
        Row(from: .draft, to: [.ready, .held, .voided],
            meaning: "edits pass (ready), something is missing (held), or the claim was made in error (voided)"),
        Row(from: .held, to: [.ready, .voided],
            meaning: "the problem is fixed (ready) or the claim will not be billed (voided)"),
        Row(from: .ready, to: [.batched, .held, .voided],
            meaning: "put in the next 837 batch, stopped again, or voided before it is sent"),
        Row(from: .batched, to: [.submitted, .ready],
            meaning: "the batch is sent, or the claim is taken out of a batch not yet sent"),
        Row(from: .submitted, to: [.accepted, .rejected, .batched],
            meaning: "the clearinghouse's 999 accepts or rejects it; batched again when a file the clearinghouse never answered is resubmitted"),
        Row(from: .accepted, to: [.acknowledged, .rejected, .pending, .paid, .partiallyPaid, .denied, .voided],
            meaning: "the payer's 277CA acknowledges or rejects it; some payers answer directly with a 277 or an 835 (voided: the reversal of a void, frequency 8)"),
        Row(from: .rejected, to: [.corrected, .ready, .voided],
            meaning: "never adjudicated: fixed (corrected), sent again as it was (ready), or dropped (voided)"),
        Row(from: .acknowledged, to: [.pending, .paid, .partiallyPaid, .denied, .voided],
            meaning: "the payer's 277 or 835; voided when the 835 reverses the decision a void (frequency 8) cancelled"),
        Row(from: .pending, to: [.paid, .partiallyPaid, .denied, .voided],
            meaning: "the payer's 835; voided when it reverses the decision a void (frequency 8) cancelled"),
        Row(from: .paid, to: [.closed, .corrected, .appealed],
            meaning: "closed once insurance owes nothing; corrected when the paid claim was wrong (a replacement or void follows); appealed when a line's denial is disputed"),
        Row(from: .partiallyPaid, to: [.paid, .closed, .writtenOff, .appealed, .corrected],
            meaning: "the rest is paid, settled, written off, appealed, or the claim is corrected"),
        Row(from: .denied, to: [.appealed, .corrected, .writtenOff, .voided, .closed],
            meaning: "the denial is appealed, the claim corrected, the amount written off, the claim voided, or settled otherwise"),
        Row(from: .appealed, to: [.paid, .partiallyPaid, .denied, .closed],
            meaning: "the appeal's outcome"),
        Row(from: .corrected, to: [.ready, .batched],
            meaning: "the corrected claim goes out again: an original after a rejection, a replacement (7) or a void (8) of what the payer adjudicated"),
        Row(from: .voided, to: [], meaning: "final"),
        Row(from: .closed, to: [], meaning: "final: a later correction is a new claim"),
        Row(from: .writtenOff, to: [], meaning: "final"),
    ]

    private static let allowed: [ClaimStatus: [ClaimStatus]] = Dictionary(uniqueKeysWithValues: table.map { ($0.from, $0.to) })

    /// The statuses a claim in `status` may move to.
    public static func allowedTargets(from status: ClaimStatus) -> [ClaimStatus] { allowed[status] ?? [] }

    public static func isAllowed(from: ClaimStatus, to: ClaimStatus) -> Bool { allowedTargets(from: from).contains(to) }

    /// Statuses that require insurance to owe nothing.
    public static let settledStatuses: Set<ClaimStatus> = [.closed, .writtenOff]

    /// "a, b or c".
    static func list(_ statuses: [ClaimStatus]) -> String {
        let names = statuses.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    /// The table as Markdown, for the documentation.
    public static func transitionTableMarkdown() -> String {
        var text = "| from | may move to | meaning |\n|---|---|---|\n"
        for row in table {
            let targets = row.to.isEmpty ? "—" : row.to.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            text += "| `\(row.from.rawValue)` | \(targets) | \(row.meaning) |\n"
        }
        text += "\nEvery change needs a reason and is appended to the claim's history (who, when, from, to, why, and the "
            + "source document when there is one); a change cannot be dated before the previous one. "
            + "`closed` and `writtenOff` also require the claim's insurance balance to be zero with no credit balance.\n"
        return text
    }
}

extension Claim {
    /// Times closer than this are one moment for the order of a claim's changes.
    static let sameMoment: TimeInterval = 0.001

    /// Moves the claim to `status`, appending the change to its history, or refuses with the reason.
    public mutating func transition(to status: ClaimStatus, actor: ClaimActor, at: Date, reason: String,
                                    source: SourceDocumentReference? = nil) throws(ClaimTransitionError) {
        guard ClaimStateMachine.isAllowed(from: self.status, to: status) else {
            throw .notAllowed(from: self.status, to: status, allowed: ClaimStateMachine.allowedTargets(from: self.status))
        }
        // Not `trimmingCharacters`: it goes through NSString, a cost seen on every claim an 835 posts.
        guard reason.contains(where: { !$0.isWhitespace }) else { throw .missingReason }
        // Within a millisecond counts as the same moment: a time read back from a database may differ from the one
        // stored in its last binary digits, and changes made together (a 999 and a 277CA received at once) share one.
        if let last = history.last, last.at.timeIntervalSince(at) >= Self.sameMoment {
            throw .beforeLastChange(at: at, lastChange: last.at)
        }
        if ClaimStateMachine.settledStatuses.contains(status) {
            let totals = ledger.totals
            if !totals.balance.isZero || !totals.creditBalance.isZero {
                throw .balanceNotSettled(to: status, balance: totals.balance, credit: totals.creditBalance)
            }
        }
        history.append(ClaimTransition(claimID: id, from: self.status, to: status, actor: actor, at: at, reason: reason, source: source))
        self.status = status
    }
}
