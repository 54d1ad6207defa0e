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
                              claimLoop: (UnsafePointer<Claim>, inout SegmentWriter) -> Void) -> String {
        // A claim takes about 250 bytes and a service line about 80 (more with other payers or providers): room for
        // about a third more lets most batches be written in one piece of memory, which becomes the text.
        var serviceLines = 0
        batch.claims.withUnsafeBufferPointer { claims in for n in claims.indices { serviceLines += claims[n].serviceLines.count } }
        let estimate = 2048 + batch.claims.count * 320 + serviceLines * 112
        return SegmentWriter.text(delimiters: SegmentWriter.standard, estimatedCount: estimate) { w in
            let start = parties.open(&w, functionalID: "HC", transactionSet: "837", controlNumber: batch.controlNumber, version: version,
                                     date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
            w.start("BHT"); w.element("0019"); w.element("00"); w.element(batch.batchID); w.element(batch.createdDate)
            w.element(batch.createdTime); w.element("CH"); w.end()
            if let s = batch.submitter { nm1(&w, "41", s, qualifier: "46") }
            w.start("PER"); w.element("IC"); w.element(batch.submitterContactName); w.element("TE"); w.element(batch.submitterContactPhone); w.end()
            if let r = batch.receiver { nm1(&w, "40", Party(name: r.name, id: r.id), qualifier: "46") }

            // The claims are read where they stand, through pointers: a claim bound to a local, iterated over or
            // passed on from an array is copied, with a retain and a release for each string it holds.
            batch.claims.withUnsafeBufferPointer { claims in
                // Claims grouped by billing provider, in the order each provider first appears.
                guard let first = claims.baseAddress else { return }
                var providers: [[Int]] = []
                var providerIndex: [ProviderKey: Int] = [:]
                for n in claims.indices {
                    let claim = first + n
                    let key = ProviderKey(id: claim.pointee.billingProvider?.id, name: claim.pointee.billingProvider?.name,
                                          taxID: claim.pointee.billingProviderTaxID)
                    if let i = providerIndex[key] { providers[i].append(n) } else { providerIndex[key] = providers.count; providers.append([n]) }
                }
                var hl = 0
                for claimIndices in providers {
                    hl += 1
                    let providerHL = hl
                    billingProvider(first + claimIndices[0], hl: providerHL, &w)
                    for n in claimIndices { subscriberAndPatient(first + n, hl: &hl, providerHL: providerHL, &w, claimLoop: claimLoop) }
                }
            }
            parties.writeClose(&w, transactionStart: start, controlNumber: batch.controlNumber, interchangeControlNumber: interchangeControlNumber,
                               groupControlNumber: groupControlNumber)
        }
    }

    /// Loop 2000A: the billing provider of the claims that follow.
    private static func billingProvider(_ first: UnsafePointer<Claim>, hl: Int, _ w: inout SegmentWriter) {
        w.start("HL"); w.number(hl); w.element(nil); w.element("20"); w.element("1"); w.end()
        if let taxonomy = first.pointee.billingProviderTaxonomy { w.start("PRV"); w.element("BI"); w.element("PXC"); w.element(taxonomy); w.end() }
        let billing = first.pointee.billingProvider ?? Party(name: "")
        nm1(&w, "85", billing, qualifier: "XX")
        address(billing.address, &w)
        w.start("REF"); w.element("EI"); w.element(first.pointee.billingProviderTaxID); w.end()
    }

    /// Loops 2000B (subscriber and payer) and, when the patient is someone else, 2000C; then the claim.
    private static func subscriberAndPatient(_ claim: UnsafePointer<Claim>, hl: inout Int, providerHL: Int, _ w: inout SegmentWriter,
                                             claimLoop: (UnsafePointer<Claim>, inout SegmentWriter) -> Void) {
        hl += 1
        let subscriberHL = hl
        let patientIsSubscriber = claim.pointee.patient == nil
        w.start("HL"); w.number(subscriberHL); w.number(providerHL); w.element("22"); w.element(patientIsSubscriber ? "0" : "1"); w.end()
        w.start("SBR"); w.element(claim.pointee.subscriber?.payerResponsibility ?? "P"); w.element(patientIsSubscriber ? "18" : nil)
        w.element(claim.pointee.subscriber?.groupNumber)
        for _ in 0..<5 { w.element(nil) }
        w.element(claim.pointee.subscriber?.claimFilingIndicator ?? "CI"); w.end()
        let person = claim.pointee.subscriber?.person ?? Party(name: "")
        nm1(&w, "IL", person, qualifier: person.idQualifier ?? "MI", person: true)
        address(person.address, &w)
        // Demographics only when the subscriber is the patient: the guide says not to send them otherwise.
        if patientIsSubscriber {
            w.start("DMG"); w.element("D8"); w.element(claim.pointee.subscriber?.birthDate); w.element(claim.pointee.subscriber?.gender); w.end()
        }
        nm1(&w, "PR", Party(name: claim.pointee.payer?.name ?? "", id: claim.pointee.payer?.id), qualifier: claim.pointee.payer?.idQualifier ?? "PI")
        address(claim.pointee.payer?.address, &w)
        if let patient = claim.pointee.patient {
            hl += 1
            w.start("HL"); w.number(hl); w.number(subscriberHL); w.element("23"); w.element("0"); w.end()
            w.start("PAT"); w.element(patient.relationship); w.end()
            nm1(&w, "QC", Party(name: patient.person.name, firstName: patient.person.firstName), person: true)
            address(patient.person.address, &w)
            w.start("DMG"); w.element("D8"); w.element(patient.birthDate); w.element(patient.gender); w.end()
        }
        claimLoop(claim, &w)
    }

    /// What makes two claims' billing providers the same 2000A loop.
    private struct ProviderKey: Hashable {
        var id: String?, name: String?, taxID: String?
    }

    /// NM1 for a party: a person (NM102 1) when it has a first name or `person` says so, else an organisation (2);
    /// the id qualifier only with an id.
    private static func nm1(_ w: inout SegmentWriter, _ entity: String, _ party: Party, qualifier: String? = nil, person: Bool = false) {
        w.start("NM1"); w.element(entity); w.element(person || party.firstName != nil ? "1" : "2"); w.element(party.name)
        w.element(party.firstName); w.element(nil); w.element(nil); w.element(nil)
        w.element(party.id?.isEmpty == false ? qualifier : nil); w.element(party.id); w.end()
    }

    private static func diagnosisCode(_ code: String) -> String { code.hasByte(UInt8(ascii: ".")) ? code.replacingDots : code }

    /// D8 for a date, RD8 for a range "CCYYMMDD-CCYYMMDD".
    private static func dateFormat(_ date: String) -> String { date.hasByte(UInt8(ascii: "-")) ? "RD8" : "D8" }

    /// The procedure composite: qualifier, code and up to four modifiers.
    private static func procedure(_ w: inout SegmentWriter, _ line: UnsafePointer<Claim.ServiceLine>) {
        w.startComposite(); w.component(line.pointee.procedureQualifier ?? "HC"); w.component(line.pointee.procedureCode)
        for modifier in line.pointee.modifiers.prefix(4) { w.component(modifier) }
    }

    /// After the line's own segment: the service date, the line item control number (REF*6R, always), the drug
    /// given (2410 LIN and CTP) and the line's own rendering provider (837P 2420A with its taxonomy, 837I 2420C).
    private static func lineEnd(_ w: inout SegmentWriter, _ claim: UnsafePointer<Claim>, _ line: UnsafePointer<Claim.ServiceLine>, _ n: Int, professional: Bool) {
        if let date = line.pointee.serviceDate {
            w.start("DTP"); w.element("472"); w.element(dateFormat(date)); w.element(date); w.end()
        }
        // The line's own number first: `lineControlNumber(n)` reads the line again, through a copy of it.
        w.start("REF"); w.element("6R"); w.element(line.pointee.lineControlNumber ?? claim.pointee.lineControlNumber(n)); w.end()
        if let drug = line.pointee.drug {
            w.start("LIN"); w.element(nil); w.element(drug.qualifier); w.element(drug.code); w.end()
            w.start("CTP"); for _ in 1...3 { w.element(nil) }; w.element(drug.quantity); w.startComposite(); w.component(drug.unit); w.end()
        }
        if let rendering = line.pointee.renderingProvider {
            nm1(&w, "82", rendering, qualifier: "XX", person: !professional)
            if professional, let taxonomy = line.pointee.renderingProviderTaxonomy { w.start("PRV"); w.element("PE"); w.element("PXC"); w.element(taxonomy); w.end() }
        }
        for adjudication in line.pointee.adjudications.prefix(15) { lineAdjudication(&w, adjudication, line.pointee, professional: professional) }
    }

    /// Loops 2320, 2330A and 2330B for each other payer (ten at most), after the claim's provider loops. The guides
    /// want the adjudication date at the claim level (2330B DTP*573) only when no line carries that payer's
    /// adjudication (loop 2430, which has its own), and the remaining patient liability (AMT*EAF) at the claim level
    /// or on the lines, never both; so the claim's are written only then.
    private static func otherPayers(_ claim: UnsafePointer<Claim>, _ w: inout SegmentWriter) {
        for other in claim.pointee.otherPayers.prefix(10) {
            let lineAdjudications = claim.pointee.serviceLines.flatMap { line in line.adjudications.filter { $0.payerID == other.payer.id } }
            let adjudicatedByLine = !lineAdjudications.isEmpty
            w.start("SBR"); w.element(other.payerResponsibility); w.element(other.relationship); w.element(other.groupNumber)
            for _ in 4...8 { w.element(nil) }
            w.element(other.claimFilingIndicator); w.end()
            adjustments(&w, other.adjustments)
            if let paid = other.paidCents { w.start("AMT"); w.element("D"); w.amount(paid); w.end() }
            if lineAdjudications.allSatisfy({ $0.remainingPatientLiabilityCents == nil }), let remaining = other.remainingPatientLiabilityCents {
                w.start("AMT"); w.element("EAF"); w.amount(remaining); w.end()
            }
            w.start("OI"); w.element(nil); w.element(nil); w.element(other.benefitsAssigned); w.element(nil); w.element(nil)
            w.element(other.releaseOfInformation); w.end()
            if !other.remarkCodes.isEmpty {
                w.start("MOA"); w.element(nil); w.element(nil); for code in other.remarkCodes.prefix(5) { w.element(code) }; w.end()
            }
            nm1(&w, "IL", other.subscriber, qualifier: other.subscriber.idQualifier ?? "MI", person: other.subscriber.firstName != nil)
            address(other.subscriber.address, &w)
            nm1(&w, "PR", Party(name: other.payer.name, id: other.payer.id), qualifier: other.payer.idQualifier ?? "PI")
            address(other.payer.address, &w)
            if !adjudicatedByLine, let date = other.adjudicationDate { w.start("DTP"); w.element("573"); w.element("D8"); w.element(date); w.end() }
            if let number = other.claimControlNumber { w.start("REF"); w.element("F8"); w.element(number); w.end() }
        }
    }

    /// Loop 2430: SVD, the line's CAS, DTP*573 and AMT*EAF. The 837P's SVD carries the procedure (SVD03) and no
    /// revenue code; the 837I's carries the revenue code (SVD04, required) and the procedure when there is one.
    private static func lineAdjudication(_ w: inout SegmentWriter, _ a: LineAdjudication, _ line: Claim.ServiceLine, professional: Bool) {
        w.start("SVD"); w.element(a.payerID); w.amount(a.paidCents)
        if let code = a.procedureCode {
            w.startComposite(); w.component(a.procedureQualifier ?? "HC"); w.component(code)
            for modifier in a.modifiers.prefix(4) { w.component(modifier) }
        } else {
            w.element(nil)
        }
        w.element(professional ? nil : a.revenueCode ?? line.revenueCode)
        w.element(a.units); w.element(a.bundledLineNumber.map(String.init)); w.end()
        adjustments(&w, a.adjustments)
        w.start("DTP"); w.element("573"); w.element("D8"); w.element(a.adjudicationDate); w.end()
        if let remaining = a.remainingPatientLiabilityCents { w.start("AMT"); w.element("EAF"); w.amount(remaining); w.end() }
    }

    /// CAS segments: one per group code, in the order the groups first appear, with up to six reason, amount and
    /// quantity triples each; five segments at most, as the guides allow.
    private static func adjustments(_ w: inout SegmentWriter, _ adjustments: [Adjustment]) {
        var groups: [String] = []
        for a in adjustments where !groups.contains(a.groupCode) { groups.append(a.groupCode) }
        var written = 0
        for group in groups {
            let members = adjustments.filter { $0.groupCode == group }
            for start in stride(from: 0, to: members.count, by: 6) where written < 5 {
                written += 1
                w.start("CAS"); w.element(group)
                for a in members[start..<min(start + 6, members.count)] {
                    w.element(a.reasonCode); w.amount(a.amountCents ?? 0); w.element(a.quantity)
                }
                w.end()
            }
        }
    }

    private static func professionalClaim(_ claim: UnsafePointer<Claim>, _ w: inout SegmentWriter) {
        let total = claim.pointee.totalChargeCents ?? claim.pointee.serviceLines.reduce(0) { $0 + ($1.chargeCents ?? 0) }
        w.start("CLM"); w.element(claim.pointee.claimId); w.amount(total); w.element(nil); w.element(nil)
        w.startComposite(); w.component(claim.pointee.facilityCode); w.component("B"); w.component(claim.pointee.frequencyCode)
        w.element(claim.pointee.providerSignature); w.element(claim.pointee.assignment); w.element(claim.pointee.benefitsAssigned); w.element(claim.pointee.releaseOfInformation)
        w.end()
        if let admission = claim.pointee.admissionDate { w.start("DTP"); w.element("435"); w.element("D8"); w.element(admission); w.end() }
        if let original = claim.pointee.originalClaimNumber { w.start("REF"); w.element("F8"); w.element(original); w.end() }
        if let authorization = claim.pointee.priorAuthorization { w.start("REF"); w.element("G1"); w.element(authorization); w.end() }
        if !claim.pointee.diagnoses.isEmpty {
            w.start("HI")
            for (n, d) in claim.pointee.diagnoses.prefix(12).enumerated() {
                w.startComposite(); w.component(d.qualifier.isEmpty ? (n == 0 ? "ABK" : "ABF") : d.qualifier); w.component(diagnosisCode(d.code))
            }
            w.end()
        }
        // 2310A referring, 2310B rendering, 2310C service facility, 2310D supervising.
        if let referring = claim.pointee.referringProvider { nm1(&w, "DN", referring, qualifier: "XX", person: true) }
        if let rendering = claim.pointee.renderingProvider {
            nm1(&w, "82", rendering, qualifier: "XX")
            if let taxonomy = claim.pointee.renderingProviderTaxonomy { w.start("PRV"); w.element("PE"); w.element("PXC"); w.element(taxonomy); w.end() }
        }
        serviceFacility(claim.pointee.serviceFacility, &w)
        if let supervising = claim.pointee.supervisingProvider { nm1(&w, "DQ", supervising, qualifier: "XX", person: true) }
        otherPayers(claim, &w)
        claim.pointee.serviceLines.withUnsafeBufferPointer { lines in
            for n in lines.indices { professionalLine(&w, claim, lines.baseAddress! + n, n) }
        }
    }

    /// Loop 2400 of the 837P.
    private static func professionalLine(_ w: inout SegmentWriter, _ claim: UnsafePointer<Claim>, _ line: UnsafePointer<Claim.ServiceLine>, _ n: Int) {
        w.start("LX"); w.number(n + 1); w.end()
        w.start("SV1"); procedure(&w, line); w.amount(line.pointee.chargeCents ?? 0); w.element(line.pointee.unitQualifier ?? "UN"); w.element(line.pointee.units ?? "1")
        w.element(nil); w.element(nil)
        w.startComposite()
        for pointer in line.pointee.diagnosisPointers.prefix(4) { w.component(pointer) }
        w.end()
        lineEnd(&w, claim, line, n, professional: true)
    }

    private static func institutionalClaim(_ claimPointer: UnsafePointer<Claim>, _ w: inout SegmentWriter) {
        let claim = claimPointer.pointee
        let total = claim.totalChargeCents ?? claim.serviceLines.reduce(0) { $0 + ($1.chargeCents ?? 0) }
        w.start("CLM"); w.element(claim.claimId); w.amount(total); w.element(nil); w.element(nil)
        w.startComposite(); w.component(claim.facilityCode); w.component("A"); w.component(claim.frequencyCode)
        w.element(nil); w.element(claim.assignment); w.element(claim.benefitsAssigned); w.element(claim.releaseOfInformation)
        w.end()
        let firstDate = claim.serviceLines.compactMap(\.serviceDate).min() ?? ""
        let period = claim.statementPeriod ?? "\(firstDate)-\(claim.serviceLines.compactMap(\.serviceDate).max() ?? firstDate)"
        w.start("DTP"); w.element("434"); w.element("RD8"); w.element(period); w.end()
        if let admission = claim.admissionDate {
            w.start("DTP"); w.element("435"); w.element(admission.count > 8 ? "DT" : "D8"); w.element(admission); w.end()
        }
        w.start("CL1"); w.element(claim.admissionType); w.element(claim.admissionSource); w.element(claim.patientStatus ?? "01"); w.end()
        if let original = claim.originalClaimNumber { w.start("REF"); w.element("F8"); w.element(original); w.end() }
        if let authorization = claim.priorAuthorization { w.start("REF"); w.element("G1"); w.element(authorization); w.end() }
        // One HI per kind, in the guide's order: principal, admitting, the other diagnoses (up to twelve), then any
        // other kind the claim carries (occurrence, value and condition codes, procedures), twelve at most a segment.
        let diagnosisKinds: Set<String> = ["ABK", "BK", "ABJ", "BJ", "ABF", "BF", ""]
        for (kinds, fallback) in [(["ABK", "BK"], "ABK"), (["ABJ", "BJ"], "ABJ"), (["ABF", "BF"], "ABF")] {
            let codes = claim.diagnoses.enumerated().filter { n, d in
                kinds.contains(d.qualifier) || (d.qualifier.isEmpty && (n == 0 ? fallback == "ABK" : fallback == "ABF"))
            }.map(\.element).prefix(kinds[0] == "ABF" ? 12 : 1)
            healthCareCodes(&w, codes, fallback: fallback)
        }
        var otherKinds: [String] = []
        for d in claim.diagnoses where !diagnosisKinds.contains(d.qualifier) && !otherKinds.contains(d.qualifier) { otherKinds.append(d.qualifier) }
        for kind in otherKinds {
            let codes = claim.diagnoses.filter { $0.qualifier == kind }
            for start in stride(from: 0, to: codes.count, by: 12) { healthCareCodes(&w, codes[start..<min(start + 12, codes.count)], fallback: kind) }
        }
        // 2310A attending, 2310D rendering, 2310E service facility, 2310F referring.
        if let attending = claim.attendingProvider { nm1(&w, "71", attending, qualifier: "XX", person: true) }
        if let rendering = claim.renderingProvider { nm1(&w, "82", rendering, qualifier: "XX", person: true) }
        serviceFacility(claim.serviceFacility, &w)
        if let referring = claim.referringProvider { nm1(&w, "DN", referring, qualifier: "XX", person: true) }
        otherPayers(claimPointer, &w)
        claim.serviceLines.withUnsafeBufferPointer { lines in
            for n in lines.indices {
                let line = lines.baseAddress! + n
                w.start("LX"); w.number(n + 1); w.end()
                w.start("SV2"); w.element(line.pointee.revenueCode)
                if line.pointee.procedureCode != nil { procedure(&w, line) } else { w.element(nil) }
                w.amount(line.pointee.chargeCents ?? 0); w.element(line.pointee.unitQualifier ?? "UN"); w.element(line.pointee.units ?? "1"); w.end()
                lineEnd(&w, claimPointer, line, n, professional: false)
            }
        }
    }

    /// One HI segment of qualifier and code pairs (the dot of an ICD-10 code left out, the present-on-admission
    /// indicator in the ninth component).
    private static func healthCareCodes(_ w: inout SegmentWriter, _ codes: some Collection<Claim.Diagnosis>, fallback: String) {
        guard !codes.isEmpty else { return }
        w.start("HI")
        for d in codes {
            w.startComposite(); w.component(d.qualifier.isEmpty ? fallback : d.qualifier); w.component(diagnosisCode(d.code))
            w.component(d.date.map(dateFormat)); w.component(d.date); w.component(d.amountCents.map(amount))
            for _ in 6...8 { w.component(nil) }
            w.component(d.presentOnAdmission)
        }
        w.end()
    }

    /// NM1*77 and its address, which the guides require.
    private static func serviceFacility(_ facility: Party?, _ w: inout SegmentWriter) {
        guard let facility else { return }
        nm1(&w, "77", facility, qualifier: "XX")
        address(facility.address, &w)
    }

    static func address(_ address: Address?, _ w: inout SegmentWriter) {
        guard let address else { return }
        w.start("N3"); w.element(address.line1); w.element(address.line2); w.end()
        w.start("N4"); w.element(address.city); w.element(address.state); w.element(address.postalCode); w.end()
    }
}

extension String {
    /// ICD-10 codes travel without their dot.
    var replacingDots: String { filter { $0 != "." } }
}
