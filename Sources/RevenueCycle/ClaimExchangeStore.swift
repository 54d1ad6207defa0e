internal import Crypto
import Foundation

/// What a received file is, by its transaction set.
public enum ReceivedFileKind: String, Hashable, Codable, Sendable, CaseIterable {
    /// A 999 implementation acknowledgment: the clearinghouse accepts or rejects a batch.
    case acknowledgment999 = "999"
    /// A TA1: the interchange envelope itself was refused.
    case interchangeAcknowledgment = "TA1"
    /// A 277CA: the payer's front end accepts or rejects each claim.
    case claimAcknowledgment = "277CA"
    /// A 277 answering a status inquiry.
    case claimStatus = "277"
    /// An 835 remittance advice.
    case remittance = "835"
}

/// A file that came back from the clearinghouse (or was posted by hand), kept whole with what processing it did.
/// The fingerprint makes receiving idempotent: the same bytes are recorded once.
public struct ReceivedFile: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var kind: ReceivedFileKind
    public var name: String
    /// Hex SHA-256 of the contents.
    public var fingerprint: String
    public var receivedAt: Date
    public var receivedBy: ClaimActor
    /// One line per thing it did or could not do, in words ("claim P-1001 rejected: A7:562 entity's NPI").
    public var notes: [String]
    /// Counts of what it did, by name ("claimsAccepted", "claimsRejected", "claimsPosted", "exceptions"...).
    public var counts: [String: Int]
    /// The claims it changed.
    public var claimIDs: [UUID]
    public var contents: String

    public init(id: UUID, tenantID: UUID, kind: ReceivedFileKind, name: String, contents: String, receivedAt: Date, receivedBy: ClaimActor,
                notes: [String] = [], counts: [String: Int] = [:], claimIDs: [UUID] = []) {
        self.id = id; self.tenantID = tenantID; self.kind = kind; self.name = name; self.contents = contents
        self.fingerprint = Self.fingerprint(of: contents); self.receivedAt = receivedAt; self.receivedBy = receivedBy
        self.notes = notes; self.counts = counts; self.claimIDs = claimIDs
    }

    public static func fingerprint(of contents: String) -> String {
        SHA256.hash(data: Data(contents.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A file that touched a claim, for the claim's timeline.
public struct ClaimDocument: Hashable, Codable, Sendable {
    /// "837", "999", "277CA", "277", "835".
    public var kind: String
    /// The batch or received file.
    public var documentID: UUID
    public var name: String
    public var at: Date

    public init(kind: String, documentID: UUID, name: String, at: Date) {
        self.kind = kind; self.documentID = documentID; self.name = name; self.at = at
    }
}

/// A claim as changed by a batch or a received file, with the version it was read at: stored only if nobody changed
/// it since.
public struct ClaimChange: Sendable {
    public var claim: Claim
    public var expectedVersion: Int
    /// How many of the claim's status changes the store holds at `expectedVersion`, when the caller knows (the claim
    /// was read at that version, or stored by the caller): the store then need not count them before appending the rest.
    public var storedHistoryCount: Int?

    public init(_ claim: Claim, expectedVersion: Int, storedHistoryCount: Int? = nil) {
        self.claim = claim; self.expectedVersion = expectedVersion; self.storedHistoryCount = storedHistoryCount
    }
}

/// Batches, received files and their effect on claims. Each write stores the file and every claim it changed in one
/// transaction: refused whole (`StoreError.versionConflict`) when any claim changed since it was read.
public protocol ClaimExchangeStore: Sendable {
    /// The tenant's next interchange control number: 1, 2, ...; never given twice, even when the batch it was for is
    /// never stored.
    func nextInterchangeControlNumber(tenantID: UUID) async throws -> Int
    /// Stores a new batch and its claims (now batched); with `superseding`, also replaces the batch it resubmits (when
    /// still at the version read), all in one transaction.
    func insertBatch(_ batch: ClaimBatch, claims: [ClaimChange], superseding: (batch: ClaimBatch, expectedVersion: Int)?) async throws -> Stored<ClaimBatch>
    /// Replaces the batch when still at `expectedVersion`, with the claims it changed.
    func updateBatch(_ batch: ClaimBatch, expectedVersion: Int, claims: [ClaimChange]) async throws -> Stored<ClaimBatch>
    func batch(id: UUID, tenantID: UUID) async throws -> Stored<ClaimBatch>?
    func batch(interchangeControlNumber: Int, tenantID: UUID) async throws -> Stored<ClaimBatch>?
    /// Newest first.
    func batches(tenantID: UUID, limit: Int, cursor: String?) async throws -> Page<Stored<ClaimBatch>>

    /// Records a received file, the batches and claims it changed, the claims it made (to a patient's next payer) and
    /// the denials and appeals an 835 made or decided, in one transaction; `StoreError.duplicate` (and nothing
    /// written) when a file with the same contents was already recorded for the tenant.
    func insertReceivedFile(_ file: ReceivedFile, claims: [ClaimChange], newClaims: [Claim],
                            batches: [(batch: ClaimBatch, expectedVersion: Int)], denialWork: DenialWork) async throws -> Stored<ReceivedFile>
    /// Runs `body` with this store bound to one transaction: what `body` reads sees what it wrote, and nothing of it
    /// stays when it throws. For a received file applied in parts: an 835 one check at a time.
    func inTransaction<T: Sendable>(_ body: @escaping @Sendable (Self) async throws -> T) async throws -> T
    /// Records a received file ahead of what it changes (in `inTransaction`, then `storeReceivedFileContents`,
    /// `storeReceivedChanges` for each part and `finishReceivedFile`); `StoreError.duplicate` when a file with the same
    /// contents was recorded.
    func beginReceivedFile(_ file: ReceivedFile) async throws
    /// Stores the recorded file's text, once, at any point before `finishReceivedFile`.
    func storeReceivedFileContents(_ file: ReceivedFile) async throws
    /// Stores claims a recorded file changed and made, its denial work and the items it could not post (the posting
    /// exception queue; one already queued, from the same 835 under another name, is kept as it is), and puts the file
    /// on the timeline of the claims `linking` names.
    func storeReceivedChanges(_ file: ReceivedFile, claims: [ClaimChange], newClaims: [Claim], denialWork: DenialWork,
                              postingExceptions: [PostingException], linking claimIDs: [UUID]) async throws
    /// Gives the recorded file `file`'s notes, counts and claims.
    func finishReceivedFile(_ file: ReceivedFile) async throws -> Stored<ReceivedFile>
    func receivedFile(id: UUID, tenantID: UUID) async throws -> Stored<ReceivedFile>?
    func receivedFile(fingerprint: String, tenantID: UUID) async throws -> Stored<ReceivedFile>?
    /// Newest first; only files of `kind` when given.
    func receivedFiles(tenantID: UUID, kind: ReceivedFileKind?, limit: Int, cursor: String?) async throws -> Page<Stored<ReceivedFile>>

    /// The batches and received files that touched the claim, oldest first.
    func claimDocuments(claimID: UUID, tenantID: UUID) async throws -> [ClaimDocument]
    /// The tenant's claims with these patient control numbers (CLM01), which acknowledgments and remittances name.
    func claims(patientControlNumbers: [String], tenantID: UUID) async throws -> [Stored<Claim>]
}

extension ClaimExchangeStore {
    public func insertReceivedFile(_ file: ReceivedFile, claims: [ClaimChange]) async throws -> Stored<ReceivedFile> {
        try await insertReceivedFile(file, claims: claims, newClaims: [], batches: [], denialWork: DenialWork())
    }

    public func insertBatch(_ batch: ClaimBatch, claims: [ClaimChange]) async throws -> Stored<ClaimBatch> {
        try await insertBatch(batch, claims: claims, superseding: nil)
    }
}

/// What an 835 does to the denial worklist: the denials it made, and the pending appeals it decided with their
/// denials (each at the version read).
public struct DenialWork: Sendable {
    public var newDenials: [DenialWorkItem]
    public var decidedAppeals: [(appeal: Appeal, expectedVersion: Int)]
    public var changedDenials: [(denial: DenialWorkItem, expectedVersion: Int)]

    public init(newDenials: [DenialWorkItem] = [], decidedAppeals: [(appeal: Appeal, expectedVersion: Int)] = [],
                changedDenials: [(denial: DenialWorkItem, expectedVersion: Int)] = []) {
        self.newDenials = newDenials; self.decidedAppeals = decidedAppeals; self.changedDenials = changedDenials
    }

    public var isEmpty: Bool { newDenials.isEmpty && decidedAppeals.isEmpty && changedDenials.isEmpty }
}
