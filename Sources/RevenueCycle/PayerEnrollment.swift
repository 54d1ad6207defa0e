import CodeSets
import Foundation

// Payer enrollment: before a payer takes a provider's claims (837), sends its remittances electronically (835) or
// pays by direct deposit (EFT), the provider enrolls with it, transaction by transaction. A claim sent for a provider
// who is not enrolled is rejected by the payer's front end (277CA A7/A8 with an "entity not eligible" status), so the
// enrollment is recorded here and checked when claims are batched.

/// The transactions a provider enrolls for with a payer, each on its own.
public enum EnrollmentTransaction: String, Hashable, Codable, Sendable, CaseIterable {
    /// Electronic claims (837P/837I).
    case claims
    /// Electronic remittance advice (835).
    case era
    /// Payment by electronic funds transfer (ACH) instead of paper checks.
    case eft

    /// How messages name it: "claims (837)".
    public var words: String {
        switch self {
        case .claims: "claims (837)"
        case .era: "remittance advice (835)"
        case .eft: "electronic funds transfer (EFT)"
        }
    }
}

/// Where one transaction's enrollment stands.
public enum EnrollmentStatus: String, Hashable, Codable, Sendable, CaseIterable {
    case notStarted, submitted, pending, approved, rejected, terminated
}

/// One transaction's enrollment with a payer: its status and the dates that go with it.
public struct EnrollmentState: Hashable, Codable, Sendable {
    public var status: EnrollmentStatus
    /// When the application went to the payer (submitted, pending and the states after them).
    public var submittedOn: ServiceDate?
    /// The first day the payer takes the transaction: required once approved.
    public var effectiveFrom: ServiceDate?
    /// The last day it does: required once terminated, and may end an approval announced ahead.
    public var effectiveThrough: ServiceDate?
    /// Why the payer refused it: required once rejected.
    public var rejectionReason: String?

    public init(status: EnrollmentStatus, submittedOn: ServiceDate? = nil, effectiveFrom: ServiceDate? = nil,
                effectiveThrough: ServiceDate? = nil, rejectionReason: String? = nil) {
        self.status = status; self.submittedOn = submittedOn; self.effectiveFrom = effectiveFrom
        self.effectiveThrough = effectiveThrough; self.rejectionReason = rejectionReason
    }

    public static let notStarted = EnrollmentState(status: .notStarted)

    /// Whether the payer takes the transaction on `date`: approved (or terminated later) and in force that day.
    public func isInForce(on date: ServiceDate) -> Bool {
        guard status == .approved || status == .terminated, let from = effectiveFrom, from <= date else { return false }
        return effectiveThrough.map { date <= $0 } ?? true
    }

    /// The state in words, for refusals and pages: "pending since 2026-10-01", "approved from 2026-11-01".
    public var words: String {
        switch status {
        case .notStarted: return "not started"
        case .submitted, .pending: return "\(status.rawValue)" + (submittedOn.map { " since \($0.iso)" } ?? "")
        case .approved:
            return "approved" + (effectiveFrom.map { " from \($0.iso)" } ?? "") + (effectiveThrough.map { " through \($0.iso)" } ?? "")
        case .rejected: return "rejected" + (rejectionReason.map { ": \($0)" } ?? "")
        case .terminated: return "terminated" + (effectiveThrough.map { " after \($0.iso)" } ?? "")
        }
    }

    func validate() -> [FieldProblem] {
        var p = Problems()
        switch status {
        case .notStarted:
            if submittedOn != nil || effectiveFrom != nil || effectiveThrough != nil || rejectionReason != nil {
                p.add("status", "an enrollment not started has no dates and no rejection reason; set the status the dates belong to")
            }
        case .submitted, .pending:
            if submittedOn == nil { p.add("submittedOn", "a \(status.rawValue) enrollment needs the date it was sent to the payer") }
            if rejectionReason != nil { p.add("rejectionReason", "only a rejected enrollment has a rejection reason") }
        case .approved:
            if effectiveFrom == nil { p.add("effectiveFrom", "an approved enrollment needs its effective date (the first day the payer takes the transaction)") }
            if rejectionReason != nil { p.add("rejectionReason", "only a rejected enrollment has a rejection reason") }
        case .rejected:
            if rejectionReason == nil { p.add("rejectionReason", "a rejected enrollment needs the payer's reason") }
        case .terminated:
            if effectiveThrough == nil { p.add("effectiveThrough", "a terminated enrollment needs its last effective day") }
        }
        p.optionalText(rejectionReason, "rejectionReason", maximumLength: 500, what: "the rejection reason")
        if let from = effectiveFrom { p.range(from: from, through: effectiveThrough, fromField: "effectiveFrom", throughField: "effectiveThrough") }
        if let submitted = submittedOn, let from = effectiveFrom, from.days(until: submitted) > 3650 {
            p.add("submittedOn", "was sent on \(submitted.iso), years after it took effect on \(from.iso): a typing mistake?")
        }
        return p.list
    }
}

/// A provider's enrollment with one of the tenant's payers, for claims, ERA and EFT. The provider is named by its NPI
/// (the practice's billing NPI, or a rendering provider's), and by its provider record when it has one.
public struct PayerEnrollment: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var payerID: UUID
    public var providerNPI: NPI
    /// The provider record, for a rendering provider; absent for the practice's own billing NPI.
    public var providerID: UUID?
    /// The payer's id for this enrollment: its provider or trading-partner number.
    public var payerEnrollmentID: String?
    public var claims: EnrollmentState
    public var era: EnrollmentState
    public var eft: EnrollmentState
    public var notes: String?

    public init(id: UUID, tenantID: UUID, payerID: UUID, providerNPI: NPI, providerID: UUID? = nil, payerEnrollmentID: String? = nil,
                claims: EnrollmentState = .notStarted, era: EnrollmentState = .notStarted, eft: EnrollmentState = .notStarted,
                notes: String? = nil) {
        self.id = id; self.tenantID = tenantID; self.payerID = payerID; self.providerNPI = providerNPI; self.providerID = providerID
        self.payerEnrollmentID = payerEnrollmentID; self.claims = claims; self.era = era; self.eft = eft; self.notes = notes
    }

    public func state(_ transaction: EnrollmentTransaction) -> EnrollmentState {
        switch transaction {
        case .claims: claims
        case .era: era
        case .eft: eft
        }
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add("providerNPI", ifAny: providerNPI.problem)
        p.optionalText(payerEnrollmentID, "payerEnrollmentID", maximumLength: 50, what: "the payer's enrollment id")
        for transaction in EnrollmentTransaction.allCases {
            p.add(contentsOf: state(transaction).validate(), under: transaction.rawValue)
        }
        if let notes {
            if notes.isEmpty { p.add("notes", "the notes are empty: leave them out instead") }
            if notes.count > 4000 { p.add("notes", "the notes are at most 4000 characters; got \(notes.count)") }
        }
        return p.list
    }
}

extension PayerEnrollment {
    private enum CodingKeys: String, CodingKey {
        case id, tenantID, payerID, providerNPI, providerID, payerEnrollmentID, claims, era, eft, notes
    }

    /// A transaction left out is not started: an API client records only the enrollments it is working on.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(UUID.self, forKey: .id), tenantID: try c.decode(UUID.self, forKey: .tenantID),
                  payerID: try c.decode(UUID.self, forKey: .payerID), providerNPI: try c.decode(NPI.self, forKey: .providerNPI),
                  providerID: try c.decodeIfPresent(UUID.self, forKey: .providerID),
                  payerEnrollmentID: try c.decodeIfPresent(String.self, forKey: .payerEnrollmentID),
                  claims: try c.decodeIfPresent(EnrollmentState.self, forKey: .claims) ?? .notStarted,
                  era: try c.decodeIfPresent(EnrollmentState.self, forKey: .era) ?? .notStarted,
                  eft: try c.decodeIfPresent(EnrollmentState.self, forKey: .eft) ?? .notStarted,
                  notes: try c.decodeIfPresent(String.self, forKey: .notes))
    }
}

extension PayerEnrollment: TenantRecord {
    public static let kind = RecordKind.payerEnrollment
    /// Listed by payer, then NPI; the status filter is the claims enrollment's.
    public var listing: RecordListing {
        RecordListing(sortKey: "\(payerID.uuidString.lowercased()) \(providerNPI.value)",
                      searchText: [providerNPI.value, payerEnrollmentID ?? ""].joined(separator: " "), status: claims.status.rawValue)
    }
}

/// The tenant's enrollments, asked whether a payer takes a provider's transactions. A payer the tenant recorded no
/// enrollment with is not tracked, and nothing is refused for it: practices that do not track enrollment are never
/// blocked, and tracking one payer does not block the others.
public struct EnrollmentBook: Sendable {
    public let enrollments: [PayerEnrollment]

    public init(_ enrollments: [PayerEnrollment]) { self.enrollments = enrollments }

    /// Whether the tenant recorded any enrollment with the payer.
    public func tracks(payerID: UUID) -> Bool { enrollments.contains { $0.payerID == payerID } }

    public func enrollment(npi: NPI, payerID: UUID) -> PayerEnrollment? {
        enrollments.first { $0.payerID == payerID && $0.providerNPI == npi }
    }

    /// Why the payer would not take the claim on `date`, or nil. With a tracked payer the billing provider must be
    /// approved for claims; a rendering provider (another NPI) must be too when it has an enrollment recorded with
    /// the payer (groups where only the billing NPI enrolls record none for their rendering providers).
    public func claimRefusal(billingNPI: NPI, renderingNPI: NPI?, payer: Payer, on date: ServiceDate) -> String? {
        guard tracks(payerID: payer.id) else { return nil }
        var reasons: [String] = []
        if let billing = enrollment(npi: billingNPI, payerID: payer.id) {
            if !billing.claims.isInForce(on: date) {
                reasons.append("the billing provider (NPI \(billingNPI.value)) is not enrolled with \(payer.name) for claims (837) on \(date.iso): \(billing.claims.words)")
            }
        } else {
            reasons.append("the billing provider (NPI \(billingNPI.value)) has no enrollment recorded with \(payer.name), which this practice tracks enrollment for")
        }
        if let renderingNPI, renderingNPI != billingNPI, let rendering = enrollment(npi: renderingNPI, payerID: payer.id),
           !rendering.claims.isInForce(on: date) {
            reasons.append("the rendering provider (NPI \(renderingNPI.value)) is not enrolled with \(payer.name) for claims (837) on \(date.iso): \(rendering.claims.words)")
        }
        return reasons.isEmpty ? nil : "enrollment: " + reasons.joined(separator: "; ")
    }

    /// A note for a remittance (835) from a tracked payer the billing provider is not approved for ERA with, or nil.
    public func remittanceNote(billingNPI: NPI, payer: Payer, on date: ServiceDate) -> String? {
        guard tracks(payerID: payer.id) else { return nil }
        guard let billing = enrollment(npi: billingNPI, payerID: payer.id) else {
            return "enrollment: an 835 came from \(payer.name), but no ERA enrollment is recorded for the billing provider (NPI \(billingNPI.value)); record it"
        }
        if billing.era.isInForce(on: date) { return nil }
        return "enrollment: an 835 came from \(payer.name), but the billing provider's (NPI \(billingNPI.value)) ERA enrollment is \(billing.era.words) on \(date.iso); update the enrollment"
    }
}

extension RecordStore {
    /// Every enrollment the tenant recorded.
    public func enrollmentBook(tenantID: UUID) async throws -> EnrollmentBook {
        var all: [PayerEnrollment] = []
        var cursor: String?
        repeat {
            let page = try await records(PayerEnrollment.self, tenantID: tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit, cursor: cursor))
            all += page.items.map(\.value)
            cursor = page.nextCursor
        } while cursor != nil
        return EnrollmentBook(all)
    }
}
