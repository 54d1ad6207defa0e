public import ClaimEdits
import CodeSets
import Foundation

extension ScrubClaim {
    /// A Revcycle claim with the records it names, as the scrubber reads it. `filingDate` is the day it would reach the
    /// payer (today before sending; the day it was sent, when looking back); nil skips the timely-filing edit.
    public init(_ r: ClaimRecords, filingDate: ServiceDate? = nil) {
        let c = r.claim
        var npis = [NamedNPI(role: "billing provider", npi: c.billingProvider.npi.value)]
        for (role, provider) in [("rendering provider", r.renderingProvider), ("referring provider", r.referringProvider),
                                 ("supervising provider", r.supervisingProvider)] {
            if let provider { npis.append(NamedNPI(role: role, npi: provider.npi.value)) }
        }
        if let npi = r.facility?.npi { npis.append(NamedNPI(role: "service facility", npi: npi.value)) }
        self.init(id: c.patientControlNumber, kind: c.kind == .professional ? .professional : .institutional, diagnoses: c.diagnoses.map(\.code),
                  lines: c.lines.map { line in
                      Line(number: line.lineNumber, procedure: line.procedure?.code, modifiers: line.modifiers, units: line.units,
                           serviceDate: line.serviceDate, diagnosisPointers: line.diagnosisPointers, revenueCode: line.revenueCode,
                           chargeCents: line.charge.cents)
                  },
                  placeOfService: c.placeOfService, patientBirthDate: r.patient.dateOfBirth, patientSex: r.patient.sex.rawValue, npis: npis,
                  patientKey: c.patientID.uuidString,
                  payer: Payer(id: r.payer.electronicID.value, name: r.payer.name, timelyFilingDays: r.payer.timelyFilingDays,
                               claimFilingIndicator: r.payer.claimFilingIndicator.rawValue),
                  frequency: c.frequency.rawValue, priorAuthorization: c.priorAuthorizationNumber, referralNumber: c.referralNumber,
                  renderingTaxonomy: r.renderingProvider?.taxonomy.value, filingDate: filingDate,
                  authorizationOnFile: r.priorAuthorization.map { a in
                      Authorization(number: a.number, status: a.status.rawValue, approved: a.status == .approved || a.status == .partiallyApproved,
                                    procedureCodes: a.procedureCodes.map(\.code), units: a.units, validFrom: a.validFrom, validThrough: a.validThrough)
                  },
                  typeOfBill: c.typeOfBill)
    }
}

extension Claim {
    /// The day the claim reaches the payer, for timely filing: `today` while it is still being prepared (or corrected
    /// to go again), else the day it was last sent.
    public func filingDate(today: ServiceDate) -> ServiceDate {
        [.draft, .ready, .held, .batched, .corrected].contains(status) ? today : lastSent ?? today
    }

    /// The day the claim was last sent (its last move to `submitted`), if it has been.
    public var lastSent: ServiceDate? { history.last { $0.to == .submitted }.map { ServiceDate(utcDayOf: $0.at) } }
}

extension ClaimRecords {
    /// The records a stored claim names, read from the store; `MissingClaimRecord` when one is no longer on file.
    public static func load(for claim: Claim, from store: any RecordStore) async throws -> ClaimRecords {
        let tenantID = claim.tenantID
        func required<R: TenantRecord>(_ type: R.Type, _ id: UUID, _ field: String) async throws -> R {
            guard let record = try await store.record(type, id: id, tenantID: tenantID)?.value else { throw MissingClaimRecord(field: field, id: id) }
            return record
        }
        func optional<R: TenantRecord>(_ type: R.Type, _ id: UUID?, _ field: String) async throws -> R? {
            guard let id else { return nil }
            return try await required(type, id, field)
        }
        let encounter = try await required(Encounter.self, claim.encounterID, "encounterID")
        // The earlier payers whose decisions a secondary or tertiary claim carries (its 837's loops 2320-2330B).
        var otherCoverages: [OtherCoverageRecords] = []
        for (i, earlier) in claim.priorPayerAdjudications.enumerated() {
            otherCoverages.append(OtherCoverageRecords(
                coverage: try await required(Coverage.self, earlier.coverageID, "priorPayerAdjudications[\(i)].coverageID"),
                payer: try await required(Payer.self, earlier.payerID, "priorPayerAdjudications[\(i)].payerID")))
        }
        return ClaimRecords(
            claim: claim, encounter: encounter,
            patient: try await required(Patient.self, claim.patientID, "patientID"),
            coverage: try await required(Coverage.self, claim.coverageID, "coverageID"),
            payer: try await required(Payer.self, claim.payerID, "payerID"),
            renderingProvider: try await optional(Provider.self, claim.renderingProviderID, "renderingProviderID"),
            referringProvider: try await optional(Provider.self, claim.referringProviderID, "referringProviderID"),
            supervisingProvider: try await optional(Provider.self, claim.supervisingProviderID, "supervisingProviderID"),
            facility: try await optional(Facility.self, claim.facilityID, "facilityID"),
            priorAuthorization: try await optional(PriorAuthorization.self, encounter.priorAuthorizationID, "encounter.priorAuthorizationID"),
            otherCoverages: otherCoverages)
    }

    /// The patient's other claims to the same payer that are still live (not rejected or voided), with dates of
    /// service near this claim's, as the scrubber reads them: the duplicate check compares against them.
    public func otherClaims(in store: any ClaimStore) async throws -> [ScrubClaim] {
        let c = claim
        guard let first = c.lines.map(\.serviceDate).min(), let last = c.lines.map(\.serviceDate).max() else { return [] }
        let page = try await store.claims(tenantID: c.tenantID, query: ClaimQuery(payerID: c.payerID, patientID: c.patientID, serviceFrom: first,
                                                                                 serviceThrough: last, limit: RecordQuery.maximumLimit))
        return page.items.map(\.value).filter { $0.id != c.id && ![.rejected, .voided].contains($0.status) }.map { other in
            // The duplicate check reads only the lines, the patient and the payer, which the other claim shares.
            var records = self
            records.claim = other
            return ScrubClaim(records)
        }
    }
}

/// A record a claim names that is no longer on file.
public struct MissingClaimRecord: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var id: UUID
    public var description: String { "the claim's \(field.hasSuffix("ID") ? String(field.dropLast(2)) : field) \(id) is no longer on file" }
}

/// What scrubbing does to a claim that is still being prepared: errors and holds hold it (it shows on the billers'
/// held worklist with the edits named), a clean scrub makes a draft or held claim ready. Claims past `ready` are only
/// reported on.
public enum ClaimScrubbing {
    /// The status the claim moves to, if any, with the reason written in its history.
    public static func outcome(of edits: [ClaimEdit], for claim: Claim) -> (status: ClaimStatus, reason: String)? {
        let blocking = edits.filter(\.severity.blocksSubmission)
        if !blocking.isEmpty, [.draft, .ready].contains(claim.status) {
            let errors = blocking.count { $0.severity == .error }, holds = blocking.count - errors
            let counts = [errors > 0 ? "\(errors) error\(errors == 1 ? "" : "s")" : nil, holds > 0 ? "\(holds) hold\(holds == 1 ? "" : "s")" : nil]
            let ids = Array(Set(blocking.map(\.id))).sorted().joined(separator: ", ")
            return (.held, "scrubber: \(counts.compactMap { $0 }.joined(separator: ", ")) (\(ids))")
        }
        if blocking.isEmpty, [.draft, .held].contains(claim.status) {
            return (.ready, "scrubber: no errors" + (edits.isEmpty ? "" : ", \(edits.count) warning\(edits.count == 1 ? "" : "s")"))
        }
        return nil
    }

    /// The statuses on the way out: a claim moves to them only without errors. A hold is a person's call, so a person
    /// may release it (the transition's reason says why).
    public static let outbound: Set<ClaimStatus> = [.ready, .batched, .submitted]

    /// The errors that stop a person's move of the claim to `status`.
    public static func errorsBlocking(move status: ClaimStatus, _ edits: [ClaimEdit]) -> [ClaimEdit] {
        outbound.contains(status) ? edits.filter { $0.severity == .error } : []
    }
}
