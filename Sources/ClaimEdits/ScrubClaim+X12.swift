import CodeSets
import HealthCareX12

extension ScrubClaim {
    /// A claim read from an 837 made anywhere. A line whose date does not read is judged on `fallbackDate` (the
    /// file's date); units are whole units, a fraction counting as the next one. `filingDate` is when the file was made
    /// (BHT04): timely filing is judged as of then.
    public init(_ claim: HealthCareX12.Claim, kind: Kind, fallbackDate: ServiceDate, filingDate: ServiceDate? = nil) {
        let lines = claim.serviceLines.enumerated().map { n, line in
            // RD8 ranges on a line are judged on their first day.
            let date = (line.serviceDate?.prefix(8)).flatMap { ServiceDate(compact: $0) } ?? fallbackDate
            return Line(number: line.lineNumber ?? n + 1, procedure: line.procedureCode, modifiers: line.modifiers,
                        units: Self.wholeUnits(line.units), serviceDate: date, diagnosisPointers: line.diagnosisPointers,
                        revenueCode: line.revenueCode, chargeCents: line.chargeCents ?? 0,
                        renderingNPI: line.renderingProvider.flatMap { $0.idQualifier == "XX" ? $0.id : nil })
        }
        var npis: [NamedNPI] = []
        for (role, party) in [("billing provider", claim.billingProvider), ("rendering provider", claim.renderingProvider),
                              ("attending provider", claim.attendingProvider), ("referring provider", claim.referringProvider),
                              ("supervising provider", claim.supervisingProvider)] {
            if let party, party.idQualifier == "XX", let npi = party.id { npis.append(NamedNPI(role: role, npi: npi)) }
        }
        for (n, line) in claim.serviceLines.enumerated() {
            if let party = line.renderingProvider, party.idQualifier == "XX", let npi = party.id {
                npis.append(NamedNPI(role: "line \(line.lineNumber ?? n + 1) rendering provider", npi: npi))
            }
        }
        let birth = claim.patient?.birthDate ?? claim.subscriber?.birthDate
        // The subscriber's member id names the patient when they are one; a dependent is told apart by name and birth.
        let person = claim.patient?.person ?? claim.subscriber?.person
        let patientKey = person.map { [claim.subscriber?.person.id ?? "", $0.name, $0.firstName ?? "", birth ?? ""].joined(separator: "|") }
        self.init(id: claim.claimId, kind: kind,
                  diagnoses: claim.diagnoses.filter { ["ABK", "ABF", "BK", "BF", "ABJ", "BJ", "APR", "PR"].contains($0.qualifier) }.map(\.code),
                  lines: lines, placeOfService: kind == .professional ? claim.facilityCode : nil,
                  patientBirthDate: birth.flatMap { ServiceDate(compact: $0) }, patientSex: claim.patient?.gender ?? claim.subscriber?.gender, npis: npis,
                  patientKey: patientKey,
                  payer: claim.payer.flatMap { p in p.id.map { Payer(id: $0, name: p.name, claimFilingIndicator: claim.subscriber?.claimFilingIndicator) } },
                  frequency: claim.frequencyCode, priorAuthorization: claim.priorAuthorization,
                  renderingTaxonomy: claim.renderingProviderTaxonomy, billingTaxonomy: claim.billingProviderTaxonomy, filingDate: filingDate,
                  // CLM05-1 and -3 of an 837I are the type of bill's facility code and frequency.
                  typeOfBill: kind == .institutional ? claim.facilityCode + claim.frequencyCode : nil)
    }

    /// "2" is 2, "1.5" is 2: payers count a started unit against unit limits.
    static func wholeUnits(_ text: String?) -> Int {
        guard let text, !text.isEmpty else { return 1 }
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let whole = Int(parts.first ?? "0") else { return 1 }
        let fraction = parts.count > 1 && parts[1].contains { $0 != "0" }
        return whole + (fraction ? 1 : 0)
    }
}
