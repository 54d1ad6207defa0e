import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import X12

/// The biller's side of the clearinghouse: batches ready claims into 837s with the tenant's own control numbers,
/// sends them through a transport, and reads what comes back (TA1, 999, 277CA, 277, 835) into claim states and
/// postings. Every file and the claims it changed are stored in one transaction; a file received twice is recorded once.
public struct ClaimExchange: Sendable {
    public typealias Store = RecordStore & ClaimStore & ClaimExchangeStore & DenialStore & StatusInquiryStore
    public let store: any Store
    public let actor: ClaimActor
    /// ISA15 of the batches written: P production, T test.
    public let usage: String

    public init(store: any Store, actor: ClaimActor, usage: String = "P") {
        self.store = store; self.actor = actor; self.usage = usage
    }

    // MARK: - Batches

    /// A claim left out of a batch, and why.
    public struct LeftOut: Sendable, Hashable, Codable {
        public var claimID: UUID
        public var patientControlNumber: String
        public var reason: String
    }

    public struct BatchingResult: Sendable {
        public var batches: [Stored<ClaimBatch>]
        public var leftOut: [LeftOut]
    }

    /// Puts the tenant's ready claims (or only `claimIDs`) into batches, one per kind and payer. `check` may refuse a
    /// claim (the scrubber's errors, in words): it is left out and stays ready.
    public func batchReadyClaims(tenantID: UUID, claimIDs: [UUID]? = nil, at: Date,
                                 check: (@Sendable (ClaimRecords) async throws -> [String])? = nil) async throws -> BatchingResult {
        guard let tenant = try await store.tenant(id: tenantID) else { throw StoreError.notFound(kind: "tenant", id: tenantID) }
        var candidates: [Stored<RevenueCycle.Claim>] = []
        if let claimIDs {
            for id in claimIDs {
                guard let stored = try await store.claim(id: id, tenantID: tenantID) else { throw StoreError.notFound(kind: "claim", id: id) }
                candidates.append(stored)
            }
        } else {
            var cursor: String?
            repeat {
                let page = try await store.claims(tenantID: tenantID, query: ClaimQuery(statuses: [.ready], limit: RecordQuery.maximumLimit, cursor: cursor))
                candidates += page.items
                cursor = page.nextCursor
            } while cursor != nil
        }
        var leftOut: [LeftOut] = []
        var records: [ClaimRecords] = []
        var versions: [UUID: Int] = [:]
        // Payers the tenant tracks enrollment with take only enrolled providers' claims (EnrollmentChecks.swift).
        let enrollments = try await store.enrollmentBook(tenantID: tenantID)
        for stored in candidates {
            let claim = stored.value
            guard claim.status == .ready else {
                leftOut.append(LeftOut(claimID: claim.id, patientControlNumber: claim.patientControlNumber, reason: "it is \(claim.status.rawValue), not ready"))
                continue
            }
            do {
                let r = try await ClaimRecords.load(for: claim, from: store)
                if let refusal = Self.enrollmentRefusal(r, tenant: tenant, book: enrollments, at: at) {
                    leftOut.append(LeftOut(claimID: claim.id, patientControlNumber: claim.patientControlNumber, reason: refusal))
                    continue
                }
                if let problems = try await check?(r), !problems.isEmpty {
                    leftOut.append(LeftOut(claimID: claim.id, patientControlNumber: claim.patientControlNumber, reason: problems.joined(separator: "; ")))
                    continue
                }
                records.append(r)
                versions[claim.id] = stored.version
            } catch let missing as MissingClaimRecord {
                leftOut.append(LeftOut(claimID: claim.id, patientControlNumber: claim.patientControlNumber, reason: missing.description))
            }
        }
        var batches: [Stored<ClaimBatch>] = []
        for group in ClaimBatching.groups(records) {
            let number = try await store.nextInterchangeControlNumber(tenantID: tenantID)
            let (batch, claims) = try ClaimBatching.batch(group, tenant: tenant, interchangeControlNumber: number, actor: actor, at: at, usage: usage)
            batches.append(try await store.insertBatch(batch, claims: claims.map { ClaimChange($0, expectedVersion: versions[$0.id]!) }))
        }
        return BatchingResult(batches: batches, leftOut: leftOut)
    }

    /// Hands a batch not yet sent to the clearinghouse, then marks it and its claims sent. When an earlier attempt
    /// handed the file over but could not record it, the transport says the name was sent, and only the record is made.
    public func send(batchID: UUID, tenantID: UUID, through transport: any ClearinghouseTransport, at: Date) async throws -> Stored<ClaimBatch> {
        guard let stored = try await store.batch(id: batchID, tenantID: tenantID) else { throw StoreError.notFound(kind: "batch", id: batchID) }
        let claims = try await claims(of: stored.value)
        let (sent, changed) = try ClaimBatching.sent(stored.value, claims: claims.map(\.value), actor: actor, at: at)
        do {
            try await transport.send(ExchangeFile(name: sent.fileName, contents: Data(stored.value.contents.utf8)))
        } catch TransportError.alreadySent {
            // Handed over before; recording it is what was left to do.
        }
        let versions = Dictionary(uniqueKeysWithValues: claims.map { ($0.value.id, $0.version) })
        return try await store.updateBatch(sent, expectedVersion: stored.version,
                                           claims: changed.map { ClaimChange($0, expectedVersion: versions[$0.id]!) })
    }

    /// A resubmission: the new batch, and the waiting claims it left out with the reason.
    public struct Resubmission: Sendable {
        public var batch: Stored<ClaimBatch>
        public var leftOut: [LeftOut]
    }

    /// A new batch with the claims of `batchID` still waiting on the clearinghouse (no answer, or rejected by the 999),
    /// under new control numbers; the old batch is marked resubmitted. The new batch is created, not sent. As when
    /// batching, a claim whose provider a tracked payer does not take on that day is left out (and stays as it is,
    /// rejected or submitted), with the reason; when every claim is, nothing is resubmitted (`ClaimBatchError`).
    public func resubmit(batchID: UUID, tenantID: UUID, at: Date) async throws -> Resubmission {
        guard let tenant = try await store.tenant(id: tenantID) else { throw StoreError.notFound(kind: "tenant", id: tenantID) }
        guard let stored = try await store.batch(id: batchID, tenantID: tenantID) else { throw StoreError.notFound(kind: "batch", id: batchID) }
        let claims = try await claims(of: stored.value)
        let waiting = try ClaimBatching.claimsToResubmit(stored.value, claims: claims.map(\.value))
        let enrollments = try await store.enrollmentBook(tenantID: tenantID)
        var leftOut: [LeftOut] = []
        var loaded: [UUID: ClaimRecords] = [:]
        for claim in waiting {
            let r = try await ClaimRecords.load(for: claim, from: store)
            if let refusal = Self.enrollmentRefusal(r, tenant: tenant, book: enrollments, at: at) {
                leftOut.append(LeftOut(claimID: claim.id, patientControlNumber: claim.patientControlNumber, reason: refusal))
            } else {
                loaded[claim.id] = r
            }
        }
        guard !loaded.isEmpty else {
            throw ClaimBatchError("no claim of batch \(stored.value.interchangeControlNumber) can be resubmitted: "
                                  + leftOut.map { "\($0.patientControlNumber): \($0.reason)" }.joined(separator: "; "))
        }
        let prepared = try ClaimBatching.readyForResubmission(waiting.filter { loaded[$0.id] != nil }, of: stored.value, actor: actor, at: at)
        var records: [ClaimRecords] = []
        for claim in prepared {
            guard var r = loaded[claim.id] else { continue }
            r.claim = claim
            records.append(r)
        }
        let number = try await store.nextInterchangeControlNumber(tenantID: tenantID)
        var (batch, changed) = try ClaimBatching.batch(records, tenant: tenant, interchangeControlNumber: number, actor: actor, at: at, usage: usage)
        batch.resubmissionOf = stored.value.id
        var old = stored.value
        old.status = .resubmitted
        old.resubmittedAs = batch.id
        let versions = Dictionary(uniqueKeysWithValues: claims.map { ($0.value.id, $0.version) })
        let made = try await store.insertBatch(batch, claims: changed.map { ClaimChange($0, expectedVersion: versions[$0.id]!) },
                                               superseding: (old, stored.version))
        return Resubmission(batch: made, leftOut: leftOut)
    }

    // MARK: - Status inquiries

    /// Asks each payer, with a 276 sent through `transport`, about the tenant's claims it has not answered for
    /// `waitingDays` (see `StatusInquiries.isDue`); one inquiry per payer, recorded with the claims' inquiry date. The
    /// payer's 277 comes back to `receive`. A claim whose records cannot be read is skipped, with the reason.
    public func inquire(tenantID: UUID, waitingDays: Int, asOf: ServiceDate, through transport: any ClearinghouseTransport,
                        at: Date) async throws -> (inquiries: [Stored<StatusInquiry>], skipped: [LeftOut]) {
        guard let tenant = try await store.tenant(id: tenantID) else { throw StoreError.notFound(kind: "tenant", id: tenantID) }
        var due: [Stored<RevenueCycle.Claim>] = []
        var cursor: String?
        repeat {
            let page = try await store.claims(tenantID: tenantID, query: ClaimQuery(statuses: Array(StatusInquiries.waitingStatuses), limit: RecordQuery.maximumLimit, cursor: cursor))
            due += page.items.filter { StatusInquiries.isDue($0.value, asOf: asOf, waitingDays: waitingDays) }
            cursor = page.nextCursor
        } while cursor != nil
        var skipped: [LeftOut] = []
        var records: [ClaimRecords] = []
        for stored in due {
            do {
                records.append(try await ClaimRecords.load(for: stored.value, from: store))
            } catch let missing as MissingClaimRecord {
                skipped.append(LeftOut(claimID: stored.value.id, patientControlNumber: stored.value.patientControlNumber, reason: missing.description))
            }
        }
        let versions = Dictionary(uniqueKeysWithValues: due.map { ($0.value.id, $0.version) })
        var inquiries: [Stored<StatusInquiry>] = []
        for group in StatusInquiries.groups(records) {
            let number = try await store.nextInterchangeControlNumber(tenantID: tenantID)
            let (inquiry, claims) = try StatusInquiries.inquiry(group, tenant: tenant, interchangeControlNumber: number, asOf: asOf, actor: actor, at: at, usage: usage)
            // Sent first: an inquiry sent twice does no harm, one recorded but never sent would hide the claims for a while.
            try await transport.send(ExchangeFile(name: inquiry.fileName, contents: Data(inquiry.contents.utf8)))
            inquiries.append(try await store.insertStatusInquiry(inquiry, claims: claims.map { ClaimChange($0, expectedVersion: versions[$0.id]!) }))
        }
        return (inquiries, skipped)
    }

    func claims(of batch: ClaimBatch) async throws -> [Stored<RevenueCycle.Claim>] {
        var claims: [Stored<RevenueCycle.Claim>] = []
        for id in batch.claimIDs {
            if let stored = try await store.claim(id: id, tenantID: batch.tenantID) { claims.append(stored) }
        }
        return claims
    }
}
