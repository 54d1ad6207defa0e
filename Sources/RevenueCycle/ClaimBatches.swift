import Foundation
public import HealthCareX12

// Batches: ready claims of one kind to one payer, written as one 837 interchange with control numbers the tenant
// never reuses, and kept with the file exactly as it was sent. A claim is in one open batch at most: batching moves it
// from ready to batched, sending moves it to submitted, and a resubmission sends only the claims still waiting on
// the clearinghouse, under new control numbers.

/// Where a batch is.
public enum ClaimBatchStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Its claims are batched and its 837 is written; not yet handed to the clearinghouse.
    case created
    /// Handed to the clearinghouse; no 999 yet.
    case sent
    /// The 999 accepted the file.
    case accepted
    /// The 999 rejected it: its claims are rejected.
    case rejected
    /// Sent again as another batch; the claims still waiting moved there.
    case resubmitted
}

/// One 837 interchange: its claims, its control numbers and the file as sent.
public struct ClaimBatch: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var kind: ClaimKind
    public var payerID: UUID
    /// ISA13, also GS06 and the BHT reference: unique in the tenant (`ClaimExchangeStore.nextInterchangeControlNumber`).
    public var interchangeControlNumber: Int
    /// The name it has at the clearinghouse.
    public var fileName: String
    public var claimIDs: [UUID]
    public var totalCharge: Money
    public var status: ClaimBatchStatus
    public var createdAt: Date
    public var createdBy: ClaimActor
    public var sentAt: Date?
    /// The batch this one sends again.
    public var resubmissionOf: UUID?
    /// The batch that sent this one's waiting claims again.
    public var resubmittedAs: UUID?
    /// The 837 exactly as written.
    public var contents: String

    public init(id: UUID, tenantID: UUID, kind: ClaimKind, payerID: UUID, interchangeControlNumber: Int, fileName: String, claimIDs: [UUID],
                totalCharge: Money, status: ClaimBatchStatus, createdAt: Date, createdBy: ClaimActor, sentAt: Date? = nil,
                resubmissionOf: UUID? = nil, resubmittedAs: UUID? = nil, contents: String) {
        self.id = id; self.tenantID = tenantID; self.kind = kind; self.payerID = payerID
        self.interchangeControlNumber = interchangeControlNumber; self.fileName = fileName; self.claimIDs = claimIDs
        self.totalCharge = totalCharge; self.status = status; self.createdAt = createdAt; self.createdBy = createdBy; self.sentAt = sentAt
        self.resubmissionOf = resubmissionOf; self.resubmittedAs = resubmittedAs; self.contents = contents
    }
}

/// Why claims could not be batched or a batch could not move on, in words a biller can act on.
public struct ClaimBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ClaimSubmitter {
    /// The tenant's billing office as the 837 names its submitter (loop 1000A), known by its tax id.
    public init(billingOffice tenant: Tenant) throws(ClaimBatchError) {
        guard let phone = tenant.billingPhone else {
            throw ClaimBatchError("\(tenant.name) has no billing office phone; the 837's submitter contact (loop 1000A PER) needs one")
        }
        self.init(name: tenant.name, id: tenant.taxID.value, contactName: "Billing office", contactPhone: phone)
    }
}

public enum ClaimBatching {
    /// The implementation guides advise at most 5,000 claims in one transaction set.
    public static let maximumClaimsPerBatch = 5000

    /// Ready claims grouped by kind and payer, each group at most `maximumClaimsPerBatch` claims, in a stable order
    /// (payer id, kind, then patient control number). Claims that are not ready are left out.
    public static func groups(_ claims: [ClaimRecords], maximum: Int = maximumClaimsPerBatch) -> [[ClaimRecords]] {
        let ready = claims.filter { $0.claim.status == .ready }
        let byKey = Dictionary(grouping: ready) { GroupKey(payer: $0.payer.electronicID.value, payerID: $0.claim.payerID, kind: $0.claim.kind) }
        return byKey.keys.sorted().flatMap { key in
            let members = byKey[key]!.sorted { ($0.claim.patientControlNumber, $0.claim.id.uuidString) < ($1.claim.patientControlNumber, $1.claim.id.uuidString) }
            return stride(from: 0, to: members.count, by: max(1, maximum)).map { Array(members[$0..<min($0 + max(1, maximum), members.count)]) }
        }
    }

    private struct GroupKey: Hashable, Comparable {
        var payer: String
        var payerID: UUID
        var kind: ClaimKind
        static func < (a: Self, b: Self) -> Bool {
            (a.payer, a.payerID.uuidString, a.kind.rawValue) < (b.payer, b.payerID.uuidString, b.kind.rawValue)
        }
    }

    /// The clearinghouse file name: kind, the submitter's tax id, payer id and control number, which together never
    /// repeat, even when several tenants share one clearinghouse account.
    public static func fileName(kind: ClaimKind, tenant: Tenant, payer: Payer, interchangeControlNumber: Int) -> String {
        fileName(transaction: kind == .professional ? "837P" : "837I", tenant: tenant, payer: payer, interchangeControlNumber: interchangeControlNumber)
    }

    /// "<transaction>-<tax id>-<payer id>-<control number>.x12", for any file sent under the tenant's control numbers.
    static func fileName(transaction: String, tenant: Tenant, payer: Payer, interchangeControlNumber: Int) -> String {
        func safe(_ text: String, _ fallback: String) -> String {
            let kept = String(text.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }.prefix(30))
            return kept.isEmpty ? fallback : kept
        }
        return "\(transaction)-\(safe(tenant.taxID.value, "TENANT"))-\(safe(payer.electronicID.value, "PAYER"))-"
            + String(format: "%09d", interchangeControlNumber) + ".x12"
    }

    /// Writes one group of ready claims (one kind, one payer) as an 837 and moves each claim to batched. The claims
    /// come back changed; the caller stores them with the batch, in one transaction.
    public static func batch(_ group: [ClaimRecords], tenant: Tenant, interchangeControlNumber: Int, actor: ClaimActor, at: Date,
                             usage: String = "P", id: UUID = UUID()) throws(ClaimBatchError) -> (ClaimBatch, [Claim]) {
        guard let first = group.first else { throw ClaimBatchError("a batch needs at least one claim") }
        guard group.count <= maximumClaimsPerBatch else {
            throw ClaimBatchError("a batch holds at most \(maximumClaimsPerBatch) claims; this one has \(group.count)")
        }
        guard (1...999_999_999).contains(interchangeControlNumber) else {
            throw ClaimBatchError("interchange control number \(interchangeControlNumber) does not fit ISA13's nine digits")
        }
        for r in group {
            guard r.claim.tenantID == tenant.id else { throw ClaimBatchError("claim \(r.claim.patientControlNumber) belongs to another tenant") }
            guard r.claim.kind == first.claim.kind, r.claim.payerID == first.claim.payerID else {
                throw ClaimBatchError("claim \(r.claim.patientControlNumber) is for another payer or kind than \(first.claim.patientControlNumber); a batch goes to one payer")
            }
        }
        let submitter = try ClaimSubmitter(billingOffice: tenant)
        let payer = first.payer
        let name = fileName(kind: first.claim.kind, tenant: tenant, payer: payer, interchangeControlNumber: interchangeControlNumber)
        let payerID = payer.electronicID.value
        let text = ClaimInterchange.interchange(
            group, kind: first.claim.kind, submitter: submitter, receiver: Party(name: payer.name, idQualifier: "46", id: payerID),
            // ISA05 30: the sender is known by its federal tax id.
            parties: InterchangeParties(senderQualifier: "30", senderID: tenant.taxID.value, receiverID: payerID, usage: usage),
            batchID: String(interchangeControlNumber), created: at,
            interchangeControlNumber: interchangeControlNumber, groupControlNumber: interchangeControlNumber)
        var claims: [Claim] = []
        for r in group {
            var claim = r.claim
            do {
                try claim.transition(to: .batched, actor: actor, at: at, reason: "put in batch \(interchangeControlNumber)",
                                     source: SourceDocumentReference(kind: "837", reference: name))
            } catch {
                throw ClaimBatchError("claim \(claim.patientControlNumber): \(error.message)")
            }
            claims.append(claim)
        }
        let batch = ClaimBatch(id: id, tenantID: tenant.id, kind: first.claim.kind, payerID: first.claim.payerID,
                               interchangeControlNumber: interchangeControlNumber, fileName: name, claimIDs: claims.map(\.id),
                               totalCharge: claims.map(\.totalCharge).sum(), status: .created, createdAt: at, createdBy: actor, contents: text)
        return (batch, claims)
    }

    /// The batch handed to the clearinghouse: it and each of its claims that is still batched move on (to sent and
    /// submitted). Claims taken out of the batch before it was sent are left alone.
    public static func sent(_ batch: ClaimBatch, claims: [Claim], actor: ClaimActor, at: Date) throws(ClaimBatchError) -> (ClaimBatch, [Claim]) {
        guard batch.status == .created else {
            throw ClaimBatchError("batch \(batch.interchangeControlNumber) is \(batch.status.rawValue); only a batch not yet sent can be sent (resubmit it instead)")
        }
        var batch = batch
        batch.status = .sent
        batch.sentAt = at
        var changed: [Claim] = []
        for var claim in claims where batch.claimIDs.contains(claim.id) && claim.status == .batched {
            do {
                try claim.transition(to: .submitted, actor: actor, at: at, reason: "sent to the clearinghouse in \(batch.fileName)",
                                     source: SourceDocumentReference(kind: "837", reference: batch.fileName))
            } catch {
                throw ClaimBatchError("claim \(claim.patientControlNumber): \(error.message)")
            }
            changed.append(claim)
        }
        return (batch, changed)
    }

    /// Which of a sent batch's claims a resubmission sends again: those the clearinghouse has not answered for
    /// (still submitted) or rejected as a whole file (999). A claim the payer has since acknowledged, paid or denied is
    /// never sent twice.
    public static func claimsToResubmit(_ batch: ClaimBatch, claims: [Claim]) throws(ClaimBatchError) -> [Claim] {
        guard batch.status == .sent || batch.status == .rejected else {
            throw ClaimBatchError("batch \(batch.interchangeControlNumber) is \(batch.status.rawValue); only a sent batch without an answer, or one its 999 rejected, can be resubmitted")
        }
        let waiting = claims.filter { batch.claimIDs.contains($0.id) && ($0.status == .submitted || $0.status == .rejected) }
        guard !waiting.isEmpty else {
            throw ClaimBatchError("no claim of batch \(batch.interchangeControlNumber) is still waiting on the clearinghouse; nothing to resubmit")
        }
        return waiting
    }

    /// Puts claims of an earlier batch back in line for a resubmission: rejected claims go back to ready; claims still
    /// submitted (a file the clearinghouse never answered) move straight to the new batch, which replaces the lost file.
    public static func readyForResubmission(_ claims: [Claim], of batch: ClaimBatch, actor: ClaimActor, at: Date) throws(ClaimBatchError) -> [Claim] {
        var prepared: [Claim] = []
        for var claim in claims where claim.status == .rejected || claim.status == .submitted {
            if claim.status == .rejected {
                do {
                    try claim.transition(to: .ready, actor: actor, at: at, reason: "batch \(batch.interchangeControlNumber) is resubmitted")
                } catch {
                    throw ClaimBatchError("claim \(claim.patientControlNumber): \(error.message)")
                }
            }
            prepared.append(claim)
        }
        return prepared
    }
}
