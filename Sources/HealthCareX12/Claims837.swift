import X12

/// The 837 claim model: what a biller sends, read from 837P and 837I files and written as 837P (005010X222A1).

public struct Address: Codable, Sendable, Equatable {
    public var line1: String
    public var line2: String?
    public var city: String
    public var state: String?
    public var postalCode: String?

    public init(line1: String, line2: String? = nil, city: String, state: String?, postalCode: String?) {
        self.line1 = line1; self.line2 = line2; self.city = city; self.state = state; self.postalCode = postalCode
    }

    init?(n3: Segment?, n4: Segment?) {
        guard let n3, let n4 else { return nil }
        self.init(line1: n3[1], line2: n3[2].nonEmpty, city: n4[1], state: n4[2].nonEmpty, postalCode: n4[3].nonEmpty)
    }
}

/// An organisation or person named in an NM1 (or N1) segment.
///
/// Its fields are kept in one shared, unchanging box: a claim names up to nine parties, and building, copying and
/// storing claims then moves one reference per party instead of five strings and an address (it made a claim value
/// of about 2 KB). Changing a field makes a new box, so a copy never sees another's change.
public struct Party: Codable, Sendable, Equatable {
    private struct Fields: Equatable {
        var name: String
        var firstName: String?
        var idQualifier: String?
        var id: String?
        var address: Address?
    }
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
    private var box: Box

    private mutating func change(_ update: (inout Fields) -> Void) {
        var fields = box.fields
        update(&fields)
        box = Box(fields)
    }

    /// Organisation name, or a person's last name.
    public var name: String {
        get { box.fields.name }
        set { change { $0.name = newValue } }
    }
    public var firstName: String? {
        get { box.fields.firstName }
        set { change { $0.firstName = newValue } }
    }
    /// NM109's qualifier, e.g. "XX" (NPI), "MI" (member id), "PI" (payer id), "46" (ETIN).
    public var idQualifier: String? {
        get { box.fields.idQualifier }
        set { change { $0.idQualifier = newValue } }
    }
    public var id: String? {
        get { box.fields.id }
        set { change { $0.id = newValue } }
    }
    public var address: Address? {
        get { box.fields.address }
        set { change { $0.address = newValue } }
    }

    public init(name: String, firstName: String? = nil, idQualifier: String? = nil, id: String? = nil, address: Address? = nil) {
        box = Box(Fields(name: name, firstName: firstName, idQualifier: idQualifier, id: id, address: address))
    }

    public static func == (a: Party, b: Party) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    // Coded as the plain struct was: the fields by name, absent ones left out.
    private enum CodingKeys: String, CodingKey { case name, firstName, idQualifier, id, address }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), firstName: try c.decodeIfPresent(String.self, forKey: .firstName),
                  idQualifier: try c.decodeIfPresent(String.self, forKey: .idQualifier), id: try c.decodeIfPresent(String.self, forKey: .id),
                  address: try c.decodeIfPresent(Address.self, forKey: .address))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(firstName, forKey: .firstName)
        try c.encodeIfPresent(idQualifier, forKey: .idQualifier)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(address, forKey: .address)
    }

    /// The party of the loop's first NM1 (else N1) with entity code `entity` (any when nil), with the loop's first N3
    /// and N4 as its address; read in one pass over the loop.
    init?(_ loop: LoopInstance?, _ entity: String? = nil) {
        guard let loop else { return nil }
        var nm1: Segment?, n1: Segment?, n3: Segment?, n4: Segment?
        loop.forEachSegment { s in
            switch s {
            case "NM1": if nm1 == nil, entity.map({ s.element(1, is: $0) }) ?? true { nm1 = s }
            case "N1": if n1 == nil, entity.map({ s.element(1, is: $0) }) ?? true { n1 = s }
            case "N3": if n3 == nil { n3 = s }
            case "N4": if n4 == nil { n4 = s }
            default: break
            }
        }
        let address = Address(n3: n3, n4: n4)
        if let nm1 {
            self.init(name: nm1[3], firstName: nm1[4].nonEmpty, idQualifier: nm1[8].nonEmpty, id: nm1[9].nonEmpty, address: address)
        } else if let n1 {
            self.init(name: n1[2], idQualifier: n1[3].nonEmpty, id: n1[4].nonEmpty, address: address)
        } else {
            return nil
        }
    }
}

/// The insured person and their coverage with the payer (loop 2000B/2010BA).
public struct Subscriber: Codable, Sendable, Equatable {
    public var person: Party
    /// SBR01: P primary, S secondary, T tertiary...
    public var payerResponsibility: String
    /// SBR02: "18" when the subscriber is the patient; absent otherwise.
    public var relationship: String?
    public var groupNumber: String?
    /// SBR09: CI commercial, MB Medicare Part B, MC Medicaid, BL Blue Cross...
    public var claimFilingIndicator: String
    /// CCYYMMDD and F/M/U, required when the subscriber is the patient.
    public var birthDate: String?
    public var gender: String?

    public init(person: Party, payerResponsibility: String = "P", relationship: String? = "18", groupNumber: String? = nil,
                claimFilingIndicator: String = "CI", birthDate: String? = nil, gender: String? = nil) {
        self.person = person; self.payerResponsibility = payerResponsibility; self.relationship = relationship
        self.groupNumber = groupNumber; self.claimFilingIndicator = claimFilingIndicator; self.birthDate = birthDate; self.gender = gender
    }
}

/// The patient when not the subscriber (loop 2000C/2010CA).
public struct Patient: Codable, Sendable, Equatable {
    public var person: Party
    /// PAT01: 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other.
    public var relationship: String
    public var birthDate: String
    public var gender: String

    public init(person: Party, relationship: String, birthDate: String, gender: String) {
        self.person = person; self.relationship = relationship; self.birthDate = birthDate; self.gender = gender
    }
}

/// A claim of an 837P or 837I, with the parties it is billed for.
public struct Claim: Codable, Sendable, Equatable {
    /// A health care code of the claim (HI): a diagnosis, or on an 837I also a procedure, occurrence, occurrence
    /// span, value or condition code.
    public struct Diagnosis: Codable, Sendable, Equatable {
        /// HI qualifier: ABK principal and ABF other ICD-10-CM (837P); ABJ admitting, APR reason for visit, BBR/BBQ
        /// procedures, BH occurrence, BI occurrence span, BE value, BG condition codes (837I).
        public var qualifier: String
        /// The code without its dot, as X12 carries it.
        public var code: String
        public var presentOnAdmission: String?
        /// The date (or range "CCYYMMDD-CCYYMMDD") of a procedure, occurrence or occurrence span.
        public var date: String?
        /// The amount of a value code.
        public var amountCents: Int?

        public init(qualifier: String, code: String, presentOnAdmission: String? = nil, date: String? = nil, amountCents: Int? = nil) {
            self.qualifier = qualifier; self.code = code; self.presentOnAdmission = presentOnAdmission; self.date = date
            self.amountCents = amountCents
        }
    }
    /// A drug given with a service line (loop 2410): LIN's product id and its qualifier (N4, an 11-digit NDC), and
    /// CTP's quantity and unit (F2, GR, ME, ML, UN).
    public struct Drug: Codable, Sendable, Equatable {
        public var qualifier: String
        public var code: String
        public var quantity: String
        public var unit: String

        public init(qualifier: String = "N4", code: String, quantity: String, unit: String) {
            self.qualifier = qualifier; self.code = code; self.quantity = quantity; self.unit = unit
        }
    }
    public struct ServiceLine: Codable, Sendable, Equatable {
        public var lineNumber: Int?
        /// Revenue code (837I SV201).
        public var revenueCode: String?
        /// HC (CPT/HCPCS), ER, IV, WK...
        public var procedureQualifier: String?
        public var procedureCode: String?
        public var modifiers: [String]
        public var chargeCents: Int?
        /// UN units or MJ minutes.
        public var unitQualifier: String?
        public var units: String?
        /// Which of the claim's diagnoses (1-based) the line is for; up to four.
        public var diagnosisPointers: [Int]
        public var serviceDate: String?
        /// REF*6R, the line item control number that 835 service lines answer with.
        public var lineControlNumber: String?
        /// The drug given (loop 2410).
        public var drug: Drug?
        /// The line's own rendering provider when not the claim's (837P loop 2420A, 837I 2420C), with its taxonomy
        /// (837P only).
        public var renderingProvider: Party?
        public var renderingProviderTaxonomy: String?
        /// What other payers decided about this line (loop 2430), one per payer that adjudicated it.
        public var adjudications: [LineAdjudication]

        public init(lineNumber: Int? = nil, revenueCode: String? = nil, procedureQualifier: String? = "HC", procedureCode: String?,
                    modifiers: [String] = [], chargeCents: Int?, unitQualifier: String? = "UN", units: String? = "1",
                    diagnosisPointers: [Int] = [1], serviceDate: String?, lineControlNumber: String? = nil, drug: Drug? = nil,
                    renderingProvider: Party? = nil, renderingProviderTaxonomy: String? = nil, adjudications: [LineAdjudication] = []) {
            self.lineNumber = lineNumber; self.revenueCode = revenueCode; self.procedureQualifier = procedureQualifier
            self.procedureCode = procedureCode; self.modifiers = modifiers; self.chargeCents = chargeCents
            self.unitQualifier = unitQualifier; self.units = units; self.diagnosisPointers = diagnosisPointers
            self.serviceDate = serviceDate; self.lineControlNumber = lineControlNumber; self.drug = drug
            self.renderingProvider = renderingProvider; self.renderingProviderTaxonomy = renderingProviderTaxonomy
            self.adjudications = adjudications
        }
    }
    /// CLM01, the patient control number the payer answers with (835 CLP01).
    public var claimId: String
    public var totalChargeCents: Int?
    /// CLM05-1: place of service (837P) or facility type (837I); CLM05-3: frequency (1 original, 7 replacement, 8 void).
    public var facilityCode: String
    public var frequencyCode: String
    /// CLM06 provider signature on file, CLM07 assignment (A, B, C), CLM08 benefits assigned, CLM09 release of information.
    public var providerSignature: String
    public var assignment: String
    public var benefitsAssigned: String
    public var releaseOfInformation: String
    /// REF*F8: the payer's claim number of the claim a replacement or void (frequency 7 or 8) corrects.
    public var originalClaimNumber: String?
    /// REF*G1: prior authorization number.
    public var priorAuthorization: String?
    public var billingProvider: Party?
    /// REF*EI: the billing provider's employer identification number.
    public var billingProviderTaxID: String?
    /// PRV*BI taxonomy code.
    public var billingProviderTaxonomy: String?
    public var subscriber: Subscriber?
    /// The patient when it is not the subscriber (loop 2000C).
    public var patient: Patient?
    public var payer: Party?
    public var diagnoses: [Diagnosis]
    public var serviceLines: [ServiceLine]
    /// Institutional claims (837I): the statement period (DTP*434, "CCYYMMDD-CCYYMMDD"), the admission date (DTP*435),
    /// CL1 admission type, source and patient status, and the attending provider (2310A).
    public var statementPeriod: String?
    public var admissionDate: String?
    public var admissionType: String?
    public var admissionSource: String?
    public var patientStatus: String?
    public var attendingProvider: Party?
    /// The provider who gave the care when it is not the billing provider (837P 2310B, 837I 2310D), with their
    /// taxonomy (837P PRV*PE).
    public var renderingProvider: Party?
    public var renderingProviderTaxonomy: String?
    /// The provider who sent the patient (837P 2310A, 837I 2310F).
    public var referringProvider: Party?
    /// Where the care was given, with its address, when it is not the billing provider's (837P 2310C, 837I 2310E).
    public var serviceFacility: Party?
    /// The provider who supervised the rendering provider (837P 2310D).
    public var supervisingProvider: Party?
    /// The payers other than the one billed (loops 2320/2330A/2330B), in the order of benefits, with what each
    /// decided when it has adjudicated the claim (a secondary claim carries the primary's adjudication here).
    public var otherPayers: [OtherPayer]

    public init(claimId: String, totalChargeCents: Int?, facilityCode: String, frequencyCode: String = "1", providerSignature: String = "Y",
                assignment: String = "A", benefitsAssigned: String = "Y", releaseOfInformation: String = "Y", originalClaimNumber: String? = nil,
                priorAuthorization: String? = nil, billingProvider: Party?, billingProviderTaxID: String?, billingProviderTaxonomy: String? = nil,
                subscriber: Subscriber?, patient: Patient? = nil, payer: Party?, diagnoses: [Diagnosis], serviceLines: [ServiceLine],
                statementPeriod: String? = nil, admissionDate: String? = nil, admissionType: String? = nil, admissionSource: String? = nil,
                patientStatus: String? = nil, attendingProvider: Party? = nil, renderingProvider: Party? = nil,
                renderingProviderTaxonomy: String? = nil, referringProvider: Party? = nil, serviceFacility: Party? = nil,
                supervisingProvider: Party? = nil, otherPayers: [OtherPayer] = []) {
        self.claimId = claimId; self.totalChargeCents = totalChargeCents; self.facilityCode = facilityCode; self.frequencyCode = frequencyCode
        self.providerSignature = providerSignature; self.assignment = assignment; self.benefitsAssigned = benefitsAssigned
        self.releaseOfInformation = releaseOfInformation; self.originalClaimNumber = originalClaimNumber
        self.priorAuthorization = priorAuthorization; self.billingProvider = billingProvider; self.billingProviderTaxID = billingProviderTaxID
        self.billingProviderTaxonomy = billingProviderTaxonomy; self.subscriber = subscriber; self.patient = patient; self.payer = payer
        self.diagnoses = diagnoses; self.serviceLines = serviceLines
        self.statementPeriod = statementPeriod; self.admissionDate = admissionDate; self.admissionType = admissionType
        self.admissionSource = admissionSource; self.patientStatus = patientStatus; self.attendingProvider = attendingProvider
        self.renderingProvider = renderingProvider; self.renderingProviderTaxonomy = renderingProviderTaxonomy
        self.referringProvider = referringProvider; self.serviceFacility = serviceFacility; self.supervisingProvider = supervisingProvider
        self.otherPayers = otherPayers
    }
}

/// Another payer of the claim (837 loop 2320 Other Subscriber Information, with 2330A Other Subscriber Name and 2330B
/// Other Payer Name), and what it decided when it has adjudicated the claim. The line-level decisions are the lines'
/// `adjudications` (loop 2430) whose `payerID` is this payer's id.
public struct OtherPayer: Codable, Sendable, Equatable {
    /// SBR01: this payer's place in the order of benefits (P primary, S secondary, T tertiary...).
    public var payerResponsibility: String
    /// SBR02: the patient's relationship to this payer's subscriber (18 self, 01 spouse, 19 child, 20 employee...).
    public var relationship: String
    /// SBR03: the other subscriber's group or policy number.
    public var groupNumber: String?
    /// SBR09: CI commercial, MB Medicare Part B, MC Medicaid...
    public var claimFilingIndicator: String?
    /// 2330A NM1*IL: the other subscriber, with their member id (MI) and address.
    public var subscriber: Party
    /// 2330B NM1*PR: the other payer, with its payer id (PI), which 2430 SVD01 repeats.
    public var payer: Party
    /// 2320 CAS: the other payer's claim-level adjustments (its 835 CLP-level CAS).
    public var adjustments: [Adjustment]
    /// 2320 AMT*D: what the other payer paid (its 835 CLP04); set once it has adjudicated the claim.
    public var paidCents: Int?
    /// 2320 AMT*EAF: the remaining patient liability at the claim level: for a payer that answered for the whole
    /// claim, or when the lines do not say theirs (2430 AMT*EAF); the guides never want both, so it is not written
    /// when a line of this payer has its own.
    public var remainingPatientLiabilityCents: Int?
    /// OI03 benefits assignment (N, W, Y) and OI06 release of information (I, Y) for this payer.
    public var benefitsAssigned: String
    public var releaseOfInformation: String
    /// MOA03-07: the other payer's claim-level remark codes (RARC) of an outpatient adjudication.
    public var remarkCodes: [String]
    /// 2330B DTP*573: when the other payer adjudicated the claim (CCYYMMDD). Written only when no line carries this
    /// payer's adjudication: the line's own DTP*573 (2430) says it then.
    public var adjudicationDate: String?
    /// 2330B REF*F8: the other payer's claim control number (its 835 CLP07).
    public var claimControlNumber: String?

    public init(payerResponsibility: String, relationship: String = "18", groupNumber: String? = nil, claimFilingIndicator: String? = "CI",
                subscriber: Party, payer: Party, adjustments: [Adjustment] = [], paidCents: Int? = nil, remainingPatientLiabilityCents: Int? = nil,
                benefitsAssigned: String = "Y", releaseOfInformation: String = "Y", remarkCodes: [String] = [], adjudicationDate: String? = nil,
                claimControlNumber: String? = nil) {
        self.payerResponsibility = payerResponsibility; self.relationship = relationship; self.groupNumber = groupNumber
        self.claimFilingIndicator = claimFilingIndicator; self.subscriber = subscriber; self.payer = payer; self.adjustments = adjustments
        self.paidCents = paidCents; self.remainingPatientLiabilityCents = remainingPatientLiabilityCents
        self.benefitsAssigned = benefitsAssigned; self.releaseOfInformation = releaseOfInformation; self.remarkCodes = remarkCodes
        self.adjudicationDate = adjudicationDate; self.claimControlNumber = claimControlNumber
    }
}

/// What another payer decided about one service line (837 loop 2430 Line Adjudication Information).
public struct LineAdjudication: Codable, Sendable, Equatable {
    /// SVD01: the other payer's id, as its 2330B NM109 gives it.
    public var payerID: String
    /// SVD02: what it paid for the line.
    public var paidCents: Int
    /// SVD03: the procedure as the payer adjudicated it (qualifier, code, up to four modifiers); on an 837I only
    /// when the line has a procedure code.
    public var procedureQualifier: String?
    public var procedureCode: String?
    public var modifiers: [String]
    /// SVD04: the revenue code (837I only).
    public var revenueCode: String?
    /// SVD05: the units it paid.
    public var units: String
    /// SVD06: the line this one was bundled into, by its LX number.
    public var bundledLineNumber: Int?
    /// The line's CAS: the payer's adjustments to the line.
    public var adjustments: [Adjustment]
    /// DTP*573: when it adjudicated the line (CCYYMMDD).
    public var adjudicationDate: String
    /// AMT*EAF: the remaining patient liability of the line.
    public var remainingPatientLiabilityCents: Int?

    public init(payerID: String, paidCents: Int, procedureQualifier: String? = "HC", procedureCode: String?, modifiers: [String] = [],
                revenueCode: String? = nil, units: String = "1", bundledLineNumber: Int? = nil, adjustments: [Adjustment] = [],
                adjudicationDate: String, remainingPatientLiabilityCents: Int? = nil) {
        self.payerID = payerID; self.paidCents = paidCents; self.procedureQualifier = procedureQualifier; self.procedureCode = procedureCode
        self.modifiers = modifiers; self.revenueCode = revenueCode; self.units = units; self.bundledLineNumber = bundledLineNumber
        self.adjustments = adjustments; self.adjudicationDate = adjudicationDate; self.remainingPatientLiabilityCents = remainingPatientLiabilityCents
    }
}

/// The claims of an 837 transaction set.
extension Claim {
    /// The line item control number (REF*6R) written for line `n` (from 0): the line's own, else the claim id and the
    /// line number, so that every line can be answered by the 835.
    func lineControlNumber(_ n: Int) -> String { serviceLines[n].lineControlNumber ?? "\(claimId)-\(n + 1)" }
}

public struct ClaimTransaction: Codable, Sendable, Equatable {
    public var transactionSet = "837"
    /// "professional" (005010X222A1) or "institutional" (005010X223A2).
    public var kind: String
    public var controlNumber: String
    /// BHT03, the submitter's batch id, and BHT04/05, when the batch was created.
    public var batchID: String
    public var createdDate: String
    public var createdTime: String
    public var submitter: Party?
    /// 1000A PER: who the payer calls about the batch.
    public var submitterContactName: String?
    public var submitterContactPhone: String?
    public var receiver: Party?
    public var claims: [Claim]

    public init(kind: String = "professional", controlNumber: String, batchID: String, createdDate: String, createdTime: String,
                submitter: Party?, submitterContactName: String?, submitterContactPhone: String?, receiver: Party?, claims: [Claim]) {
        self.kind = kind; self.controlNumber = controlNumber; self.batchID = batchID; self.createdDate = createdDate
        self.createdTime = createdTime; self.submitter = submitter; self.submitterContactName = submitterContactName
        self.submitterContactPhone = submitterContactPhone; self.receiver = receiver; self.claims = claims
    }

    /// Reads the claims of a transaction set; `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let st = t.segment("ST"), bht = t.segment("BHT")
        controlNumber = st?[2] ?? ""
        kind = st?[3] == "005010X223A2" ? "institutional" : "professional"
        batchID = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        let submitterLoop = t.loop("1000A")
        submitter = Party(submitterLoop)
        let per = submitterLoop?.segment("PER")
        submitterContactName = per?[2].nonEmpty
        submitterContactPhone = per.flatMap { p in stride(from: 3, through: 7, by: 2).first { p[$0] == "TE" }.map { p[$0 + 1] } }
        receiver = Party(t.loop("1000B"))
        // The separator is a byte of ISA16, made a Character by the caller: its scalar is that byte.
        let separator = UInt8(truncatingIfNeeded: c.unicodeScalars.first?.value ?? 0x3A)
        var claims: [Claim] = []
        // Sized once: growing the array would move every claim value at each growth.
        claims.reserveCapacity(t.descendantCount("2300"))
        // Each level's loops are walked in turn, without collecting them: a claim is read from its subscriber's (and
        // patient's) level, in file order, subscriber-level claims before those of the patients below.
        t.forEachLoop { provider in
            guard provider.is("2000A") else { return }
            let billingLoop = provider.loop("2010AA")
            let billing = BillingProvider(party: Party(billingLoop), taxID: billingLoop?.segment("REF", "EI")?[2],
                                          taxonomy: provider.segment("PRV", "BI")?[3])
            provider.forEachDescendant("2000B") { subscriberLevel in
                let sbr = subscriberLevel.segment("SBR")
                let subscriberLoop = subscriberLevel.loop("2010BA")
                let dmg = subscriberLoop?.segment("DMG")
                let subscriber = Party(subscriberLoop).map {
                    Subscriber(person: $0, payerResponsibility: sbr?[1] ?? "", relationship: sbr?[2].nonEmpty, groupNumber: sbr?[3].nonEmpty,
                               claimFilingIndicator: sbr?[9] ?? "", birthDate: dmg?[2].nonEmpty, gender: dmg?[3].nonEmpty)
                }
                let payer = Party(subscriberLevel.loop("2010BB"))
                subscriberLevel.forEachLoop { claim in
                    if claim.is("2300") { claims.append(Self.claim(claim, billing, subscriber, nil, payer, separator)) }
                }
                subscriberLevel.forEachLoop { patientLevel in
                    guard patientLevel.is("2000C") else { return }
                    let patientLoop = patientLevel.loop("2010CA")
                    let pdmg = patientLoop?.segment("DMG")
                    let patient = Party(patientLoop).map {
                        Patient(person: $0, relationship: patientLevel.segment("PAT")?[1] ?? "", birthDate: pdmg?[2] ?? "", gender: pdmg?[3] ?? "")
                    }
                    patientLevel.forEachLoop { claim in
                        if claim.is("2300") { claims.append(Self.claim(claim, billing, subscriber, patient, payer, separator)) }
                    }
                }
            }
        }
        self.claims = claims
    }

    /// The billing provider's loop (2000A/2010AA), shared by the claims below it.
    struct BillingProvider {
        var party: Party?
        var taxID: String?
        var taxonomy: String?
    }

    /// A claim (loop 2300), read in one pass over its segments and one over its loops.
    static func claim(_ loop: LoopInstance, _ billing: BillingProvider, _ subscriber: Subscriber?, _ patient: Patient?,
                      _ payer: Party?, _ separator: UInt8) -> Claim {
        var clm: Segment?, originalClaim: Segment?, priorAuthorization: Segment?, statement: Segment?, admission: Segment?, cl1: Segment?
        var diagnoses: [Claim.Diagnosis] = []
        loop.forEachSegment { s in
            switch s {
            case "CLM": if clm == nil { clm = s }
            case "REF":
                if originalClaim == nil, s.element(1, is: "F8") { originalClaim = s } else if priorAuthorization == nil, s.element(1, is: "G1") { priorAuthorization = s }
            case "DTP":
                if statement == nil, s.element(1, is: "434") { statement = s } else if admission == nil, s.element(1, is: "435") { admission = s }
            case "CL1": if cl1 == nil { cl1 = s }
            case "HI":
                for n in 1...12 where s.hasComponent(2, of: n, separator: separator) {
                    diagnoses.append(.init(qualifier: s.component(1, of: n, separator: separator), code: s.component(2, of: n, separator: separator),
                                           presentOnAdmission: s.component(9, of: n, separator: separator).nonEmpty,
                                           date: s.component(4, of: n, separator: separator).nonEmpty,
                                           amountCents: cents(s.component(5, of: n, separator: separator))))
                }
            default: break
            }
        }
        // What the child loops give is gathered in locals and the claim made once at the end: a closure that
        // changed the claim itself would capture it, and the claim would be copied whole to be returned.
        var lines: [Claim.ServiceLine] = [], otherPayers: [OtherPayer] = []
        var rendering: Party?, renderingTaxonomy: String?, attending: Party?, referring: Party?, facility: Party?, supervising: Party?
        loop.forEachLoop { child in
            if child.is("2400") {
                lines.append(serviceLine(child, separator))
            } else if child.is("2320") {
                otherPayers.append(otherPayer(child))
            } else if child.id.hasPrefix("2310") {
                // The claim's provider loops (2310x) are told apart by their NM101 entity code, the same in 837P and
                // 837I though their loop ids differ; the first loop with an entity gives it.
                if rendering == nil, let party = Party(child, "82") {
                    rendering = party
                    renderingTaxonomy = child.segment("PRV", "PE")?[3]
                }
                if attending == nil { attending = Party(child, "71") }
                if referring == nil { referring = Party(child, "DN") }
                if facility == nil { facility = Party(child, "77") }
                if supervising == nil { supervising = Party(child, "DQ") }
            }
        }
        return Claim(claimId: clm?[1] ?? "", totalChargeCents: clm.flatMap { $0.amountCents(2) },
                     facilityCode: clm?.component(1, of: 5, separator: separator) ?? "", frequencyCode: clm?.component(3, of: 5, separator: separator) ?? "",
                     providerSignature: clm?[6] ?? "", assignment: clm?[7] ?? "", benefitsAssigned: clm?[8] ?? "",
                     releaseOfInformation: clm?[9] ?? "", originalClaimNumber: originalClaim?[2], priorAuthorization: priorAuthorization?[2],
                     billingProvider: billing.party, billingProviderTaxID: billing.taxID, billingProviderTaxonomy: billing.taxonomy,
                     subscriber: subscriber, patient: patient, payer: payer, diagnoses: diagnoses, serviceLines: lines,
                     statementPeriod: statement?[3], admissionDate: admission?[3],
                     admissionType: cl1?[1].nonEmpty, admissionSource: cl1?[2].nonEmpty, patientStatus: cl1?[3].nonEmpty,
                     attendingProvider: attending, renderingProvider: rendering, renderingProviderTaxonomy: renderingTaxonomy,
                     referringProvider: referring, serviceFacility: facility, supervisingProvider: supervising, otherPayers: otherPayers)
    }

    /// A service line (loop 2400), read in one pass over its segments and one over its loops.
    static func serviceLine(_ line: LoopInstance, _ separator: UInt8) -> Claim.ServiceLine {
        var lx: Segment?, sv1: Segment?, sv2: Segment?, serviceDate: Segment?, control: Segment?
        line.forEachSegment { s in
            switch s {
            case "LX": if lx == nil { lx = s }
            case "SV1": if sv1 == nil { sv1 = s }
            case "SV2": if sv2 == nil { sv2 = s }
            case "DTP": if serviceDate == nil, s.element(1, is: "472") { serviceDate = s }
            case "REF": if control == nil, s.element(1, is: "6R") { control = s }
            default: break
            }
        }
        // The procedure composite (SV101, SV202): qualifier, code and up to four modifiers, split in place.
        func procedure(_ segment: Segment, _ n: Int) -> (qualifier: String?, code: String?, modifiers: [String]) {
            let modifiers = (3...6).compactMap { segment.component($0, of: n, separator: separator).nonEmpty }
            let code = segment.hasComponent(2, of: n, separator: separator) ? segment.component(2, of: n, separator: separator) : nil
            return (segment.component(1, of: n, separator: separator).nonEmpty, code, modifiers)
        }
        var qualifier: String?, code: String?, modifiers: [String] = [], charge: Int?, unitQualifier: String?, units: String?
        var revenueCode: String?, pointers: [Int] = []
        if let sv1 {
            (qualifier, code, modifiers) = procedure(sv1, 1)
            charge = sv1.amountCents(2)
            unitQualifier = sv1[3].nonEmpty
            units = sv1[4].nonEmpty
            pointers = sv1.withElement(7) { Self.pointers($0, separator: separator) }
        } else if let sv2 {
            revenueCode = sv2[1].nonEmpty
            (qualifier, code, modifiers) = procedure(sv2, 2)
            charge = sv2.amountCents(3)
            unitQualifier = sv2[4].nonEmpty
            units = sv2[5].nonEmpty
        }
        // As in `claim`, the loops' parts are gathered in locals so the line is made once.
        var drug: Claim.Drug?, seenDrugLoop = false, rendering: Party?, renderingTaxonomy: String?, adjudications: [LineAdjudication] = []
        line.forEachLoop { child in
            if child.is("2410") {
                // The drug is the first 2410's.
                guard !seenDrugLoop else { return }
                seenDrugLoop = true
                if let lin = child.segment("LIN") {
                    let ctp = child.segment("CTP")
                    drug = Claim.Drug(qualifier: lin[2], code: lin[3], quantity: ctp?[4] ?? "", unit: ctp?.component(1, of: 5, separator: separator) ?? "")
                }
            } else if child.is("2430") {
                adjudications.append(lineAdjudication(child, separator))
            } else if child.id.hasPrefix("2420"), let party = Party(child, "82") {
                // The line's provider loops (2420x), like the claim's, are told apart by NM101; the last one gives it.
                rendering = party
                renderingTaxonomy = child.segment("PRV", "PE")?[3]
            }
        }
        return Claim.ServiceLine(lineNumber: lx.flatMap { Int($0[1]) }, revenueCode: revenueCode, procedureQualifier: qualifier, procedureCode: code,
                                 modifiers: modifiers, chargeCents: charge, unitQualifier: unitQualifier, units: units, diagnosisPointers: pointers,
                                 serviceDate: serviceDate?[3], lineControlNumber: control?[2], drug: drug, renderingProvider: rendering,
                                 renderingProviderTaxonomy: renderingTaxonomy, adjudications: adjudications)
    }

    /// SV107's diagnosis pointers: the components that are whole numbers (as `Int` reads them), in order.
    static func pointers(_ value: UnsafeBufferPointer<UInt8>, separator: UInt8) -> [Int] {
        var pointers: [Int] = []
        var start = 0
        for end in 0...value.count where end == value.count || value[end] == separator {
            let part = UnsafeBufferPointer(rebasing: value[start..<end])
            start = end + 1
            // A pointer is one or two digits; anything else goes through Int's own reading.
            if (1...2).contains(part.count), part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                pointers.append(part.reduce(0) { $0 * 10 + Int($1 - 0x30) })
            } else if let n = Int(String(decoding: part, as: UTF8.self)) {
                pointers.append(n)
            }
        }
        return pointers
    }

    /// Loop 2320 with its 2330A (other subscriber) and 2330B (other payer).
    static func otherPayer(_ loop: LoopInstance) -> OtherPayer {
        let sbr = loop.segment("SBR"), oi = loop.segment("OI")
        let payerLoop = loop.loop("2330B")
        return OtherPayer(payerResponsibility: sbr?[1] ?? "", relationship: sbr?[2] ?? "", groupNumber: sbr?[3].nonEmpty,
                          claimFilingIndicator: sbr?[9].nonEmpty, subscriber: Party(loop.loop("2330A"), "IL") ?? Party(name: ""),
                          payer: Party(payerLoop, "PR") ?? Party(name: ""), adjustments: Adjustment.all(loop.segments("CAS")),
                          paidCents: loop.segment("AMT", "D").flatMap { $0.amountCents(2) },
                          remainingPatientLiabilityCents: loop.segment("AMT", "EAF").flatMap { $0.amountCents(2) },
                          benefitsAssigned: oi?[3] ?? "", releaseOfInformation: oi?[6] ?? "",
                          remarkCodes: loop.segment("MOA").map { moa in (3...7).compactMap { moa[$0].nonEmpty } } ?? [],
                          adjudicationDate: payerLoop?.segment("DTP", "573")?[3], claimControlNumber: payerLoop?.segment("REF", "F8")?[2])
    }

    /// Loop 2430: SVD (837P: procedure in SVD03, units in SVD05; 837I: revenue code in SVD04, the procedure when the
    /// line has one), the line's CAS, DTP*573 and AMT*EAF.
    static func lineAdjudication(_ loop: LoopInstance, _ separator: UInt8) -> LineAdjudication {
        let svd = loop.segment("SVD")
        let procedure = svd?.components(3, separator: separator) ?? []
        return LineAdjudication(payerID: svd?[1] ?? "", paidCents: svd.flatMap { $0.amountCents(2) } ?? 0, procedureQualifier: procedure.first?.nonEmpty,
                                procedureCode: procedure.count > 1 ? procedure[1].nonEmpty : nil,
                                modifiers: procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty }, revenueCode: svd?[4].nonEmpty,
                                units: svd?[5] ?? "", bundledLineNumber: svd.flatMap { Int($0[6]) }, adjustments: Adjustment.all(loop.segments("CAS")),
                                adjudicationDate: loop.segment("DTP", "573")?[3] ?? "",
                                remainingPatientLiabilityCents: loop.segment("AMT", "EAF").flatMap { $0.amountCents(2) })
    }
}
