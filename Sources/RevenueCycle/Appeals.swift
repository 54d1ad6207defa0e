import CodeSets
import Foundation

/// Where the biller is with a denial on the worklist.
public enum DenialStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Not worked yet, or upheld on appeal and still open to a next step.
    case open
    /// An appeal is with the payer.
    case appealed
    /// The appeal won all or part of the denied amount.
    case overturned
    /// The appeal lost; the denial may be appealed again (a next level) or written off.
    case upheld
    /// Fixed by a corrected or voided claim instead of an appeal.
    case corrected
    /// Written off: nobody will pay it.
    case writtenOff
    /// Settled some other way (billed to the patient, paid on a later claim), with the reason.
    case closed

    /// Statuses the biller still has to act on.
    public static let workable: Set<DenialStatus> = [.open, .upheld]

    /// What a biller may set by hand, beside appealing: the resolutions that end the work.
    public static let resolutions: Set<DenialStatus> = [.corrected, .writtenOff, .closed]
}

/// What the payer decided on an appeal.
public enum AppealOutcome: String, Hashable, Codable, Sendable, CaseIterable {
    case pending
    case overturned
    case partiallyOverturned
    case upheld
    /// The practice took the appeal back (for instance to send a corrected claim instead).
    case withdrawn

    var denialStatus: DenialStatus {
        switch self {
        case .pending: .appealed
        case .overturned, .partiallyOverturned: .overturned
        case .upheld: .upheld
        case .withdrawn: .open
        }
    }
}

/// An appeal (request for reconsideration) of the denials on one claim: the letter as sent, the deadline it met, and
/// what came of it.
public struct Appeal: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var claimID: UUID
    public var payerID: UUID
    public var patientControlNumber: String
    /// The denial worklist items it appeals, all on the claim.
    public var denialIDs: [UUID]
    /// 1 for the first request; one more for each appeal of the same denials after an upheld one.
    public var level: Int
    public var templateID: String
    public var letter: String
    /// The amount appealed: the denied amounts of its denials.
    public var amount: Money
    /// The earliest appeal deadline of its denials.
    public var deadline: ServiceDate?
    /// Why an appeal sent after the deadline should still be heard.
    public var goodCause: String?
    public var sentOn: ServiceDate
    public var createdBy: ClaimActor
    public var createdAt: Date
    public var outcome: AppealOutcome
    public var decidedOn: ServiceDate?
    /// What the appeal brought in.
    public var recovered: Money?
    public var outcomeNote: String?
    /// The 835 that decided it, when a remittance did.
    public var decidedBy: SourceDocumentReference?
}

/// Why an appeal or a denial change was refused, in words for the biller.
public struct AppealRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var description: String { "\(field): \(message)" }

    public init(_ field: String, _ message: String) { self.field = field; self.message = message }
}

/// Filing appeals, recording their outcomes and resolving denials: the rules, without storage.
public enum Appeals {
    /// The statuses a claim may be appealed from: a paid claim may have a denied line.
    static let appealableClaimStatuses: Set<ClaimStatus> = [.denied, .partiallyPaid, .paid]

    /// Files an appeal of `denials` (open or upheld items on `claim`): the appeal with its letter, the denials now
    /// appealed, and the claim moved to `appealed`. Refused when a denial cannot be appealed (its remark codes take
    /// the right away, or it is already being worked), when they belong to another claim, or when the deadline has
    /// passed and no good cause is given.
    public static func file(denials: [DenialWorkItem], claim: Claim, letter: AppealLetter, sentOn: ServiceDate, goodCause: String?,
                            previousAppeals: [Appeal], actor: ClaimActor, at: Date, id: UUID = UUID()) throws -> (appeal: Appeal, denials: [DenialWorkItem], claim: Claim) {
        guard !denials.isEmpty else { throw AppealRefusal("denialIDs", "an appeal needs at least one denial") }
        if let other = denials.first(where: { $0.claimID != claim.id }) {
            throw AppealRefusal("denialIDs", "denial \(other.id) is on another claim (\(other.patientControlNumber)); appeal each claim on its own")
        }
        if let worked = denials.first(where: { !DenialStatus.workable.contains($0.status) }) {
            throw AppealRefusal("denialIDs", "the denial \(worked.summary) is \(worked.status.rawValue); only open or upheld denials can be appealed")
        }
        if let final = denials.first(where: { !$0.isAppealable }) {
            throw AppealRefusal("denialIDs", "the payer's codes leave no appeal for \(final.summary); send a corrected claim instead")
        }
        let deadline = denials.compactMap(\.appealDeadline).min()
        let cause = goodCause?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let deadline, sentOn > deadline, cause?.isEmpty ?? true {
            throw AppealRefusal("goodCause", "the appeal deadline was \(deadline) (the payer allows appeals for a limited time after the remittance); "
                                + "give the good cause for a late appeal")
        }
        guard appealableClaimStatuses.contains(claim.status) else {
            throw AppealRefusal("claim", "claim \(claim.patientControlNumber) is \(claim.status.rawValue); only a denied, partly paid or paid claim (with a denied line) can be appealed")
        }
        var claim = claim
        let amount = denials.map(\.deniedAmount).sum()
        let level = level(of: denials, previous: previousAppeals)
        try claim.transition(to: .appealed, actor: actor, at: at, reason: "appeal level \(level) of \(amount) sent on \(sentOn)",
                             source: SourceDocumentReference(kind: "appeal", reference: id.uuidString))
        let appeal = Appeal(id: id, tenantID: claim.tenantID, claimID: claim.id, payerID: claim.payerID, patientControlNumber: claim.patientControlNumber,
                            denialIDs: denials.map(\.id), level: level, templateID: letter.templateID, letter: letter.text, amount: amount,
                            deadline: deadline, goodCause: (cause?.isEmpty ?? true) ? nil : cause, sentOn: sentOn, createdBy: actor, createdAt: at,
                            outcome: .pending, decidedOn: nil, recovered: nil, outcomeNote: nil, decidedBy: nil)
        let appealed = denials.map { d in
            var d = d
            d.status = .appealed
            d.resolution = "appealed on \(sentOn) (level \(level))"
            return d
        }
        return (appeal, appealed, claim)
    }

    /// 1 for denials never appealed; one more than the highest level of an earlier appeal of any of them.
    public static func level(of denials: [DenialWorkItem], previous: [Appeal]) -> Int {
        let ids = Set(denials.map(\.id))
        return (previous.filter { !ids.isDisjoint(with: $0.denialIDs) }.map(\.level).max() ?? 0) + 1
    }

    /// Records the payer's decision on a pending appeal, with its denials. A decision read from a letter does not move
    /// the claim, except an upheld or withdrawn one (the claim goes back to denied, partly paid or paid, as it was); the
    /// money comes with the 835.
    public static func decide(_ appeal: Appeal, outcome: AppealOutcome, decidedOn: ServiceDate, recovered: Money?, note: String?,
                              denials: [DenialWorkItem], claim: Claim?, actor: ClaimActor, at: Date,
                              source: SourceDocumentReference? = nil) throws -> (appeal: Appeal, denials: [DenialWorkItem], claim: Claim?) {
        guard appeal.outcome == .pending else {
            throw AppealRefusal("outcome", "the appeal was already decided (\(appeal.outcome.rawValue) on \(appeal.decidedOn.map(String.init(describing:)) ?? "?"))")
        }
        guard outcome != .pending else { throw AppealRefusal("outcome", "expected overturned, partiallyOverturned, upheld or withdrawn") }
        if let recovered, recovered.isNegative { throw AppealRefusal("recovered", "expected an amount of zero or more; got \(recovered)") }
        if decidedOn < appeal.sentOn { throw AppealRefusal("decidedOn", "the decision cannot be dated before the appeal was sent (\(appeal.sentOn))") }
        var appeal = appeal
        appeal.outcome = outcome
        appeal.decidedOn = decidedOn
        appeal.recovered = recovered
        appeal.outcomeNote = note
        appeal.decidedBy = source
        let words = "appeal level \(appeal.level) \(outcome.rawValue) on \(decidedOn)" + (recovered.map { ", \($0) recovered" } ?? "")
        let decided = denials.filter { appeal.denialIDs.contains($0.id) && $0.status == .appealed }.map { d in
            var d = d
            d.status = outcome.denialStatus
            d.resolution = words + (note.map { ": " + $0 } ?? "")
            return d
        }
        var claim = claim
        if var c = claim, c.status == .appealed, outcome == .upheld || outcome == .withdrawn {
            // Back to where the appeal found it: denied, partly paid, or paid with a denied line.
            let before = c.history.last { $0.to == .appealed }?.from ?? .denied
            try c.transition(to: [.partiallyPaid, .paid].contains(before) ? before : .denied, actor: actor, at: at, reason: words, source: source)
            claim = c
        }
        return (appeal, decided, claim)
    }

    /// The decision a remittance makes on the pending appeals of a claim that was `appealed` before it: paid in full
    /// overturns, paid in part overturns partly, denied again upholds. Nil when the claim did not move.
    public static func outcome(claimBefore: ClaimStatus, claimAfter: ClaimStatus) -> AppealOutcome? {
        guard claimBefore == .appealed else { return nil }
        switch claimAfter {
        case .paid, .closed: return .overturned
        case .partiallyPaid: return .partiallyOverturned
        case .denied: return .upheld
        default: return nil
        }
    }

    /// Resolves a denial without an appeal: corrected, written off or closed, with the reason.
    public static func resolve(_ denial: DenialWorkItem, as status: DenialStatus, reason: String) throws -> DenialWorkItem {
        guard DenialStatus.resolutions.contains(status) else {
            throw AppealRefusal("status", "expected corrected, writtenOff or closed; appeals change the other statuses")
        }
        guard denial.status != .appealed else {
            throw AppealRefusal("status", "the denial is under appeal; record the appeal's outcome (or withdraw it) first")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AppealRefusal("reason", "say why the denial is \(status.rawValue)") }
        var denial = denial
        denial.status = status
        denial.resolution = reason
        return denial
    }
}

/// What the denial worklist shows, most urgent first (the nearest appeal deadline).
public struct DenialQuery: Hashable, Sendable {
    public var statuses: Set<DenialStatus>
    public var category: DenialCategory?
    public var payerID: UUID?
    public var claimID: UUID?
    public var limit: Int
    public var cursor: String?

    public init(statuses: Set<DenialStatus> = [], category: DenialCategory? = nil, payerID: UUID? = nil, claimID: UUID? = nil,
                limit: Int = 50, cursor: String? = nil) {
        self.statuses = statuses; self.category = category; self.payerID = payerID; self.claimID = claimID
        self.limit = min(max(limit, 1), RecordQuery.maximumLimit); self.cursor = cursor
    }
}

/// The denial worklist and appeals. Denials are written with the 835 that made them (`ClaimExchangeStore`); each
/// change here stores the appeal, its denials and its claim in one transaction, refused whole
/// (`StoreError.versionConflict`) when any of them changed since it was read.
public protocol DenialStore: Sendable {
    /// Nearest appeal deadline first (none last), then by id.
    func denials(tenantID: UUID, query: DenialQuery) async throws -> Page<Stored<DenialWorkItem>>
    func denial(id: UUID, tenantID: UUID) async throws -> Stored<DenialWorkItem>?
    func updateDenial(_ denial: DenialWorkItem, expectedVersion: Int) async throws -> Stored<DenialWorkItem>
    func insertAppeal(_ appeal: Appeal, denials: [(denial: DenialWorkItem, expectedVersion: Int)], claim: ClaimChange) async throws -> Stored<Appeal>
    func updateAppeal(_ appeal: Appeal, expectedVersion: Int, denials: [(denial: DenialWorkItem, expectedVersion: Int)],
                      claim: ClaimChange?) async throws -> Stored<Appeal>
    func appeal(id: UUID, tenantID: UUID) async throws -> Stored<Appeal>?
    /// Newest first; only the claim's when `claimID` is given, only undecided ones when `pendingOnly`.
    func appeals(tenantID: UUID, claimID: UUID?, pendingOnly: Bool, limit: Int, cursor: String?) async throws -> Page<Stored<Appeal>>
}
