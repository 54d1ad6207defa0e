import CodeSets
import Foundation
public import HealthCareX12

/// A 276 claim status inquiry sent to a payer about claims it has not answered, kept as sent.
public struct StatusInquiry: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var payerID: UUID
    public var interchangeControlNumber: Int
    public var fileName: String
    public var claimIDs: [UUID]
    public var createdAt: Date
    public var createdBy: ClaimActor
    /// The 276 as written; empty in lists.
    public var contents: String

    public init(id: UUID, tenantID: UUID, payerID: UUID, interchangeControlNumber: Int, fileName: String, claimIDs: [UUID], createdAt: Date,
                createdBy: ClaimActor, contents: String) {
        self.id = id; self.tenantID = tenantID; self.payerID = payerID; self.interchangeControlNumber = interchangeControlNumber
        self.fileName = fileName; self.claimIDs = claimIDs; self.createdAt = createdAt; self.createdBy = createdBy; self.contents = contents
    }
}

/// Which claims to ask about, and the 276 that asks. A claim is asked about when the payer has it (accepted,
/// acknowledged or pending) and has said nothing for `waitingDays`: no status change and no inquiry in that time.
public enum StatusInquiries {
    public static let waitingStatuses: Set<ClaimStatus> = [.accepted, .acknowledged, .pending]

    /// Whether the claim has waited `waitingDays` or more on `asOf` since its last change and its last inquiry.
    public static func isDue(_ claim: Claim, asOf: ServiceDate, waitingDays: Int) -> Bool {
        guard waitingStatuses.contains(claim.status), let last = claim.history.last else { return false }
        let changed = ServiceDate(utcDayOf: last.at)
        guard changed.days(until: asOf) >= waitingDays else { return false }
        if let asked = claim.lastStatusInquiryOn, asked.days(until: asOf) < waitingDays { return false }
        return true
    }

    /// The claims grouped by payer (professional and institutional together), at most
    /// `ClaimBatching.maximumClaimsPerBatch` a group, in a stable order.
    public static func groups(_ claims: [ClaimRecords]) -> [[ClaimRecords]] {
        let byPayer = Dictionary(grouping: claims, by: \.claim.payerID)
        let size = ClaimBatching.maximumClaimsPerBatch
        return byPayer.keys.sorted { $0.uuidString < $1.uuidString }.flatMap { payer in
            let members = byPayer[payer]!.sorted { ($0.claim.patientControlNumber, $0.claim.id.uuidString) < ($1.claim.patientControlNumber, $1.claim.id.uuidString) }
            return stride(from: 0, to: members.count, by: size).map { Array(members[$0..<min($0 + size, members.count)]) }
        }
    }

    /// "276-<tax id>-<payer id>-<control number>.x12", never repeated (the control numbers are the batches').
    public static func fileName(tenant: Tenant, payer: Payer, interchangeControlNumber: Int) -> String {
        ClaimBatching.fileName(transaction: "276", tenant: tenant, payer: payer, interchangeControlNumber: interchangeControlNumber)
    }

    /// The 276 about one payer's claims; the claims come back with the day they were asked about, for the caller to
    /// store with the inquiry in one transaction. Each claim is traced by its own number (TRN02 = CLM01).
    public static func inquiry(_ group: [ClaimRecords], tenant: Tenant, interchangeControlNumber: Int, asOf: ServiceDate, actor: ClaimActor,
                               at: Date, usage: String = "P", id: UUID = UUID()) throws(ClaimBatchError) -> (StatusInquiry, [Claim]) {
        guard let first = group.first else { throw ClaimBatchError("an inquiry needs at least one claim") }
        guard (1...999_999_999).contains(interchangeControlNumber) else {
            throw ClaimBatchError("interchange control number \(interchangeControlNumber) does not fit ISA13's nine digits")
        }
        for r in group where r.claim.tenantID != tenant.id || r.claim.payerID != first.claim.payerID {
            throw ClaimBatchError("claim \(r.claim.patientControlNumber) is another tenant's or payer's; an inquiry goes to one payer")
        }
        let submitter = try ClaimSubmitter(billingOffice: tenant)
        let payer = first.payer
        let (date, time) = ClaimInterchange.dateAndTime(at)
        // 2100C names the provider of service by NPI; each provider's claims are asked about under it.
        let byProvider = Dictionary(grouping: group, by: \.claim.billingProvider.npi.value)
        let providers = byProvider.keys.sorted().map { npi in
            let claims = byProvider[npi] ?? []
            let provider = claims[0].claim.billingProvider
            return ClaimStatusInquiry.ProviderInquiry(provider: Party(name: provider.name, idQualifier: "XX", id: npi), claims: claims.map(claimInquiry))
        }
        let inquiry = ClaimStatusInquiry(controlNumber: "0001", reference: String(interchangeControlNumber), createdDate: date, createdTime: time,
                                         payer: Party(name: payer.name, idQualifier: "PI", id: payer.electronicID.value),
                                         receiver: Party(name: submitter.name, idQualifier: "46", id: submitter.id), providers: providers)
        let text = inquiry.write(parties: InterchangeParties(senderQualifier: "30", senderID: tenant.taxID.value, receiverID: payer.electronicID.value, usage: usage),
                                 date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: interchangeControlNumber)
        let claims = group.map { r in
            var claim = r.claim
            claim.lastStatusInquiryOn = asOf
            return claim
        }
        let name = fileName(tenant: tenant, payer: payer, interchangeControlNumber: interchangeControlNumber)
        return (StatusInquiry(id: id, tenantID: tenant.id, payerID: first.claim.payerID, interchangeControlNumber: interchangeControlNumber, fileName: name,
                              claimIDs: claims.map(\.id), createdAt: at, createdBy: actor, contents: text), claims)
    }

    /// One claim of the 276: the subscriber (and the patient when not the subscriber), the claim's number, the
    /// payer's number when known, the charge, the dates and each line with its control number.
    static func claimInquiry(_ r: ClaimRecords) -> ClaimStatusInquiry.ClaimInquiry {
        let subscriber = ClaimInterchange.subscriber(r)
        let patient = ClaimInterchange.patient(r)
        let dates = r.claim.lines.map(\.serviceDate)
        let span = dates.min().map { first in dates.max().map { $0 == first ? first.x12 : first.x12 + "-" + $0.x12 } ?? first.x12 }
        return ClaimStatusInquiry.ClaimInquiry(
            subscriber: Member(person: subscriber.person, birthDate: subscriber.birthDate, gender: subscriber.gender),
            dependent: patient.map { Member(person: $0.person, birthDate: $0.birthDate, gender: $0.gender, relationship: $0.relationship) },
            traceNumber: r.claim.patientControlNumber, claimId: r.claim.patientControlNumber,
            payerClaimControlNumber: r.claim.payerClaimControlNumber, institutionalBillType: r.claim.typeOfBill.map { "0" + $0 },
            chargeCents: r.claim.totalCharge.cents, serviceDate: span,
            serviceLines: r.claim.lines.map {
                ClaimStatusLine(procedureQualifier: $0.procedure == nil ? "NU" : "HC", procedureCode: $0.procedure?.code ?? $0.revenueCode, modifiers: $0.modifiers,
                                chargeCents: $0.charge.cents, revenueCode: $0.procedure == nil ? nil : $0.revenueCode, units: String($0.units),
                                lineControlNumber: $0.lineItemControlNumber, serviceDate: $0.serviceDate.x12)
            })
    }

    /// What a 277 status category means for a claim the payer has: P (pending) and R (more information requested)
    /// move it to pending; A3, A6, A7 and A8 (returned, rejected) reject it when still only accepted; F (finalized)
    /// waits for the 835, which posts the money; A4 (not found) and the rest are noted only.
    public static func target(category: String) -> ClaimStatus? {
        if category.hasPrefix("P") || category.hasPrefix("R") { return .pending }
        if ["A3", "A6", "A7", "A8"].contains(category) { return .rejected }
        return nil
    }
}

/// Status inquiries sent (`ClaimExchange.inquire`).
public protocol StatusInquiryStore: Sendable {
    /// Stores the inquiry with its claims (their inquiry date), in one transaction; refused whole when a claim changed
    /// since it was read.
    func insertStatusInquiry(_ inquiry: StatusInquiry, claims: [ClaimChange]) async throws -> Stored<StatusInquiry>
    func statusInquiry(id: UUID, tenantID: UUID) async throws -> Stored<StatusInquiry>?
    /// Newest first, without their files.
    func statusInquiries(tenantID: UUID, limit: Int, cursor: String?) async throws -> Page<Stored<StatusInquiry>>
}
