public import ClaimEdits
import CodeSets
import Foundation

extension ScrubClaim {
    /// A Revcycle claim with the records it names, as the scrubber reads it.
    public init(_ r: ClaimRecords) {
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
                  placeOfService: c.placeOfService, patientBirthDate: r.patient.dateOfBirth, patientSex: r.patient.sex.rawValue, npis: npis)
    }
}

/// What scrubbing does to a claim that is still being prepared: errors hold it (it shows on the billers' held
/// worklist with the edits named), a clean scrub makes a draft or held claim ready. Claims past `ready` are only
/// reported on.
public enum ClaimScrubbing {
    /// The status the claim moves to, if any, with the reason written in its history.
    public static func outcome(of edits: [ClaimEdit], for claim: Claim) -> (status: ClaimStatus, reason: String)? {
        let errors = edits.filter { $0.severity == .error }
        if !errors.isEmpty, [.draft, .ready].contains(claim.status) {
            let ids = Array(Set(errors.map(\.id))).sorted().joined(separator: ", ")
            return (.held, "scrubber: \(errors.count) error\(errors.count == 1 ? "" : "s") (\(ids))")
        }
        if errors.isEmpty, [.draft, .held].contains(claim.status) {
            return (.ready, "scrubber: no errors" + (edits.isEmpty ? "" : ", \(edits.count) warning\(edits.count == 1 ? "" : "s")"))
        }
        return nil
    }
}
