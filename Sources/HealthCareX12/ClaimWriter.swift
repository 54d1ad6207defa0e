import X12

/// Writes claims as an 837P (005010X222A1) or 837I (005010X223A2) interchange. Claims with the same billing provider
/// share its 2000A loop; each claim has its own subscriber (2000B) and, when the patient is someone else, patient
/// (2000C) loop. Every service line gets a line item control number (REF*6R) so the 835 can answer it line by line.
public enum ClaimWriter {
    public static func professional(_ batch: ClaimTransaction, parties: InterchangeParties, date: String, time: String,
                                    interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        write(batch, version: "005010X222A1", parties: parties, date: date, time: time,
              interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber, claimLoop: professionalClaim)
    }

    public static func institutional(_ batch: ClaimTransaction, parties: InterchangeParties, date: String, time: String,
                                     interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        write(batch, version: "005010X223A2", parties: parties, date: date, time: time,
              interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber, claimLoop: institutionalClaim)
    }

    private static func write(_ batch: ClaimTransaction, version: String, parties: InterchangeParties, date: String, time: String,
                              interchangeControlNumber: Int, groupControlNumber: Int,
                              claimLoop: (Claim, inout SegmentWriter, ([String?]) -> String) -> Void) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value, composite = text.composite
        parties.open(&w, functionalID: "HC", version: version, date: date, time: time,
                     interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        let start = w.count
        w.segment("ST", ["837", v(batch.controlNumber), version])
        w.segment("BHT", ["0019", "00", v(batch.batchID), v(batch.createdDate), v(batch.createdTime), "CH"])
        if let s = batch.submitter {
            w.segment("NM1", ["41", s.firstName == nil ? "2" : "1", v(s.name), v(s.firstName), "", "", "", "46", v(s.id)])
        }
        w.segment("PER", ["IC", v(batch.submitterContactName), "TE", v(batch.submitterContactPhone)])
        if let r = batch.receiver { w.segment("NM1", ["40", "2", v(r.name), "", "", "", "", "46", v(r.id)]) }

        var hl = 0
        // Claims grouped by billing provider, in the order each provider first appears.
        var providers: [(key: String, claims: [Claim])] = []
        for claim in batch.claims {
            let key = [claim.billingProvider?.id, claim.billingProvider?.name, claim.billingProviderTaxID].map { $0 ?? "" }.joined(separator: "|")
            if let i = providers.firstIndex(where: { $0.key == key }) { providers[i].claims.append(claim) } else { providers.append((key, [claim])) }
        }
        for (_, claims) in providers {
            let first = claims[0]
            hl += 1
            let providerHL = hl
            w.segment("HL", [String(providerHL), "", "20", "1"])
            if let taxonomy = first.billingProviderTaxonomy { w.segment("PRV", ["BI", "PXC", v(taxonomy)]) }
            let billing = first.billingProvider ?? Party(name: "")
            w.segment("NM1", ["85", billing.firstName == nil ? "2" : "1", v(billing.name), v(billing.firstName), "", "", "", "XX", v(billing.id)])
            address(billing.address, &w)
            w.segment("REF", ["EI", v(first.billingProviderTaxID)])
            for claim in claims {
                hl += 1
                let subscriberHL = hl
                let subscriber = claim.subscriber
                w.segment("HL", [String(subscriberHL), String(providerHL), "22", claim.patient == nil ? "0" : "1"])
                w.segment("SBR", [v(subscriber?.payerResponsibility ?? "P"), claim.patient == nil ? "18" : "", v(subscriber?.groupNumber),
                                  "", "", "", "", "", v(subscriber?.claimFilingIndicator ?? "CI")])
                let person = subscriber?.person ?? Party(name: "")
                w.segment("NM1", ["IL", "1", v(person.name), v(person.firstName), "", "", "", v(person.idQualifier ?? "MI"), v(person.id)])
                address(person.address, &w)
                // Demographics only when the subscriber is the patient: the guide says not to send them otherwise.
                if claim.patient == nil { w.segment("DMG", ["D8", v(subscriber?.birthDate), v(subscriber?.gender)]) }
                let payer = claim.payer ?? Party(name: "")
                w.segment("NM1", ["PR", "2", v(payer.name), "", "", "", "", v(payer.idQualifier ?? "PI"), v(payer.id)])
                if let patient = claim.patient {
                    hl += 1
                    w.segment("HL", [String(hl), String(subscriberHL), "23", "0"])
                    w.segment("PAT", [v(patient.relationship)])
                    w.segment("NM1", ["QC", "1", v(patient.person.name), v(patient.person.firstName)])
                    address(patient.person.address, &w)
                    w.segment("DMG", ["D8", v(patient.birthDate), v(patient.gender)])
                }
                claimLoop(claim, &w, composite)
            }
        }
        w.segment("SE", [String(w.count - start + 1), v(batch.controlNumber)])
        parties.close(&w, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        return w.text
    }

    private static func professionalClaim(_ claim: Claim, _ w: inout SegmentWriter, _ composite: ([String?]) -> String) {
        let total = claim.totalChargeCents ?? claim.serviceLines.reduce(0) { $0 + ($1.chargeCents ?? 0) }
        w.segment("CLM", [w.clean(claim.claimId), amount(total), "", "", composite([claim.facilityCode, "B", claim.frequencyCode]),
                          claim.providerSignature, claim.assignment, claim.benefitsAssigned, claim.releaseOfInformation])
        if let original = claim.originalClaimNumber { w.segment("REF", ["F8", w.clean(original)]) }
        if let authorization = claim.priorAuthorization { w.segment("REF", ["G1", w.clean(authorization)]) }
        let diagnoses = claim.diagnoses.prefix(12).enumerated().map { n, d in
            composite([d.qualifier.isEmpty ? (n == 0 ? "ABK" : "ABF") : d.qualifier, d.code.replacingDots])
        }
        if !diagnoses.isEmpty { w.segment("HI", diagnoses) }
        for (n, line) in claim.serviceLines.enumerated() {
            w.segment("LX", [String(n + 1)])
            w.segment("SV1", [composite([line.procedureQualifier ?? "HC", line.procedureCode] + line.modifiers.prefix(4).map { Optional($0) }),
                              amount(line.chargeCents ?? 0), line.unitQualifier ?? "UN", line.units ?? "1", "", "",
                              composite(line.diagnosisPointers.prefix(4).map { String($0) })])
            if let date = line.serviceDate { w.segment("DTP", ["472", date.contains("-") ? "RD8" : "D8", w.clean(date)]) }
            w.segment("REF", ["6R", w.clean(line.lineControlNumber ?? "\(claim.claimId)-\(n + 1)")])
        }
    }

    private static func institutionalClaim(_ claim: Claim, _ w: inout SegmentWriter, _ composite: ([String?]) -> String) {
        let total = claim.totalChargeCents ?? claim.serviceLines.reduce(0) { $0 + ($1.chargeCents ?? 0) }
        w.segment("CLM", [w.clean(claim.claimId), amount(total), "", "", composite([claim.facilityCode, "A", claim.frequencyCode]),
                          "", claim.assignment, claim.benefitsAssigned, claim.releaseOfInformation])
        let firstDate = claim.serviceLines.compactMap(\.serviceDate).min() ?? ""
        let period = claim.statementPeriod ?? "\(firstDate)-\(claim.serviceLines.compactMap(\.serviceDate).max() ?? firstDate)"
        w.segment("DTP", ["434", "RD8", w.clean(period)])
        if let admission = claim.admissionDate { w.segment("DTP", ["435", admission.count > 8 ? "DT" : "D8", w.clean(admission)]) }
        w.segment("CL1", [w.clean(claim.admissionType ?? ""), w.clean(claim.admissionSource ?? ""), w.clean(claim.patientStatus ?? "01")])
        if let original = claim.originalClaimNumber { w.segment("REF", ["F8", w.clean(original)]) }
        if let authorization = claim.priorAuthorization { w.segment("REF", ["G1", w.clean(authorization)]) }
        // One HI per kind, in the guide's order: principal, admitting, then the others (up to twelve).
        for (kinds, fallback) in [(["ABK", "BK"], "ABK"), (["ABJ", "BJ"], "ABJ"), (["ABF", "BF"], "ABF")] {
            let codes = claim.diagnoses.enumerated().filter { n, d in
                kinds.contains(d.qualifier) || (d.qualifier.isEmpty && (n == 0 ? fallback == "ABK" : fallback == "ABF"))
            }.map { composite([$0.element.qualifier.isEmpty ? fallback : $0.element.qualifier, $0.element.code.replacingDots]) }
            if !codes.isEmpty { w.segment("HI", Array(codes.prefix(kinds[0] == "ABF" ? 12 : 1))) }
        }
        if let attending = claim.attendingProvider {
            w.segment("NM1", ["71", "1", w.clean(attending.name), w.clean(attending.firstName ?? ""), "", "", "", "XX", w.clean(attending.id ?? "")])
        }
        for (n, line) in claim.serviceLines.enumerated() {
            w.segment("LX", [String(n + 1)])
            let procedure = line.procedureCode.map { composite([line.procedureQualifier ?? "HC", $0] + line.modifiers.prefix(4).map { Optional($0) }) } ?? ""
            w.segment("SV2", [w.clean(line.revenueCode ?? ""), procedure, amount(line.chargeCents ?? 0), line.unitQualifier ?? "UN", line.units ?? "1"])
            if let date = line.serviceDate { w.segment("DTP", ["472", date.contains("-") ? "RD8" : "D8", w.clean(date)]) }
            w.segment("REF", ["6R", w.clean(line.lineControlNumber ?? "\(claim.claimId)-\(n + 1)")])
        }
    }

    static func address(_ address: Address?, _ w: inout SegmentWriter) {
        guard let address else { return }
        w.segment("N3", [w.clean(address.line1), w.clean(address.line2 ?? "")])
        w.segment("N4", [w.clean(address.city), w.clean(address.state ?? ""), w.clean(address.postalCode ?? "")])
    }
}

extension String {
    /// ICD-10 codes travel without their dot.
    var replacingDots: String { filter { $0 != "." } }
}
