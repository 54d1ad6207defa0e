import Foundation
public import HealthCareX12

// The posting exception queue: each item of an 835 that was not posted (`RemittanceException`), kept as a row to
// work instead of a line in the received file's notes only. Unmatched money never goes to an artificial line; a
// biller finds the claim, fixes what stopped it and resolves the item with a note.

/// Where a queued exception is: open until a biller resolves it.
public enum PostingExceptionStatus: String, Hashable, Codable, Sendable, CaseIterable {
    case open
    case resolved
}

/// One unposted item of a received 835.
public struct PostingException: Hashable, Codable, Sendable, Identifiable {
    /// Derived from the tenant, the 835's payer and trace number, the place in it and CLP01: the same 835 gives the same items.
    public var id: UUID
    public var tenantID: UUID
    public var receivedFileID: UUID
    public var receivedFileName: String
    public var receivedAt: Date
    /// TRN02 of the check it came in.
    public var traceNumber: String
    public var payerIdentifier: String
    public var kind: RemittanceException.Kind
    /// 1-based position of the CLP in its check.
    public var claimPosition: Int
    /// 1-based position of the SVC within the CLP, when the problem is a line's.
    public var serviceLine: Int?
    /// CLP01.
    public var patientControlNumber: String
    /// The claim the CLP matched, when one did.
    public var claimID: UUID?
    /// CLP03 and CLP04, or SVC02 and SVC03 for a line's problem, as the 835 states them.
    public var charge: Money?
    public var paid: Money?
    /// What stopped the posting, in words.
    public var message: String
    public var status: PostingExceptionStatus = .open
    /// What the biller did about it.
    public var resolution: String? = nil
    public var resolvedBy: ClaimActor? = nil
    public var resolvedAt: Date? = nil

    public init(id: UUID, tenantID: UUID, receivedFileID: UUID, receivedFileName: String, receivedAt: Date, traceNumber: String,
                payerIdentifier: String, kind: RemittanceException.Kind, claimPosition: Int, serviceLine: Int?, patientControlNumber: String,
                claimID: UUID?, charge: Money?, paid: Money?, message: String) {
        self.id = id; self.tenantID = tenantID; self.receivedFileID = receivedFileID; self.receivedFileName = receivedFileName
        self.receivedAt = receivedAt; self.traceNumber = traceNumber; self.payerIdentifier = payerIdentifier; self.kind = kind
        self.claimPosition = claimPosition; self.serviceLine = serviceLine; self.patientControlNumber = patientControlNumber
        self.claimID = claimID; self.charge = charge; self.paid = paid; self.message = message
    }

    /// "CLP 2 (claim P-1001), SVC 1: ...", as the received file's notes say it.
    public var summary: String {
        "CLP \(claimPosition) (claim \(patientControlNumber))" + (serviceLine.map { ", SVC \($0)" } ?? "") + ": " + message
    }
}

/// Why a queued exception could not be resolved.
public struct PostingExceptionRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var description: String { "\(field): \(message)" }

    public init(_ field: String, _ message: String) { self.field = field; self.message = message }
}

extension RemittanceException.Kind {
    /// In words, for the queue's page.
    public var words: String {
        switch self {
        case .unmatchedClaim: "no claim matches"
        case .unmatchedLine: "a line matches no claim line"
        case .ambiguousLine: "a line fits several claim lines"
        case .unbalancedClaim: "amounts do not balance"
        case .unsupportedStatus: "claim status not posted"
        case .unsupportedAdjustment: "adjustment group not posted"
        case .unmatchedTakeback: "a take-back matches no posting"
        case .ledgerRefused: "the ledger refused a posting"
        case .transitionRefused: "the claim could not change status"
        }
    }
}

public enum PostingExceptions {
    /// The longest resolution note kept.
    public static let maximumNoteLength = 2000

    /// The queue items of one check's plan, in file order, with the amounts the 835 states for each.
    public static func items(plan: RemittancePlan, remittance: Remittance, tenantID: UUID, receivedFileID: UUID, receivedFileName: String,
                             receivedAt: Date) -> [PostingException] {
        var items: [PostingException] = []
        for item in plan.claims {
            let clp = remittance.claims.indices.contains(item.position - 1) ? remittance.claims[item.position - 1] : nil
            for (i, exception) in item.exceptions.enumerated() {
                var charge = item.charge, paid = item.paid
                if let svc = exception.serviceLine, let line = clp?.serviceLines.indices.contains(svc - 1) == true ? clp?.serviceLines[svc - 1] : nil {
                    charge = line.chargeCents.map(Money.init(cents:)); paid = line.paidCents.map(Money.init(cents:))
                }
                let place = "\(exception.claimPosition)|\(exception.patientControlNumber)|\(exception.serviceLine.map(String.init) ?? "claim")|\(i)"
                items.append(PostingException(
                    id: NameBasedUUID.make("posting-exception|\(tenantID)|\(plan.source.payerIdentifier)|\(plan.source.traceNumber)|\(place)|\(exception.kind.rawValue)"),
                    tenantID: tenantID, receivedFileID: receivedFileID, receivedFileName: receivedFileName, receivedAt: receivedAt,
                    traceNumber: plan.source.traceNumber, payerIdentifier: plan.source.payerIdentifier, kind: exception.kind,
                    claimPosition: exception.claimPosition, serviceLine: exception.serviceLine, patientControlNumber: exception.patientControlNumber,
                    claimID: item.claimID, charge: charge, paid: paid, message: exception.message))
            }
        }
        return items
    }

    /// The item resolved with the biller's note: refused when the note is empty or too long, or the item is resolved already.
    public static func resolve(_ exception: PostingException, note: String, actor: ClaimActor, at: Date) throws(PostingExceptionRefusal) -> PostingException {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw PostingExceptionRefusal("note", "say what was done about the exception") }
        guard note.count <= maximumNoteLength else { throw PostingExceptionRefusal("note", "the note is longer than \(maximumNoteLength) characters") }
        guard exception.status == .open else {
            throw PostingExceptionRefusal("status", "the exception was already resolved" + (exception.resolvedBy.map { " by \($0.displayName)" } ?? ""))
        }
        var resolved = exception
        resolved.status = .resolved
        resolved.resolution = note
        resolved.resolvedBy = actor
        resolved.resolvedAt = at
        return resolved
    }
}

/// What the posting exception queue shows: open ones first, oldest first.
public struct PostingExceptionQuery: Hashable, Sendable {
    /// Both when nil.
    public var status: PostingExceptionStatus?
    public var kind: RemittanceException.Kind?
    public var receivedFileID: UUID?
    public var limit: Int
    public var cursor: String?

    public init(status: PostingExceptionStatus? = nil, kind: RemittanceException.Kind? = nil, receivedFileID: UUID? = nil, limit: Int = 50, cursor: String? = nil) {
        self.status = status; self.kind = kind; self.receivedFileID = receivedFileID
        self.limit = min(max(limit, 1), RecordQuery.maximumLimit); self.cursor = cursor
    }
}

/// The posting exception queue. Items are written with the 835 check that raised them (`ClaimExchangeStore`).
public protocol PostingExceptionStore: Sendable {
    /// Open before resolved, then oldest first (by the time the file was received, then its place in the file).
    func postingExceptions(tenantID: UUID, query: PostingExceptionQuery) async throws -> Page<Stored<PostingException>>
    func postingException(id: UUID, tenantID: UUID) async throws -> Stored<PostingException>?
    /// Replaces the item when still at `expectedVersion` (`StoreError.versionConflict` otherwise).
    func updatePostingException(_ exception: PostingException, expectedVersion: Int) async throws -> Stored<PostingException>
}

extension PostingExceptionStore {
    /// Reads, resolves and stores the item (refused when it changed since it was read at `expectedVersion`, when given).
    public func resolvePostingException(id: UUID, tenantID: UUID, note: String, expectedVersion: Int? = nil, actor: ClaimActor,
                                        at: Date) async throws -> Stored<PostingException> {
        guard let stored = try await postingException(id: id, tenantID: tenantID) else { throw StoreError.notFound(kind: "posting exception", id: id) }
        if let expectedVersion, expectedVersion != stored.version {
            throw StoreError.versionConflict(kind: "posting exception", id: id, expected: expectedVersion, actual: stored.version)
        }
        let resolved = try PostingExceptions.resolve(stored.value, note: note, actor: actor, at: at)
        return try await updatePostingException(resolved, expectedVersion: stored.version)
    }
}
