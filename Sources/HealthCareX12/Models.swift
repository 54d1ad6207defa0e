import X12

/// Typed views of the transactions Revcycle reads most: claims (837P, 837I) and remittance (835). They are read
/// from the document's loops, with readable names and money in integer cents; the document itself keeps every segment,
/// so nothing is lost for writing back.

/// A money amount of an X12 R element in cents; nil when it is not a number with at most two decimals.
public func cents(_ text: String) -> Int? {
    var s = Substring(text)
    var sign = 1
    if s.first == "-" { sign = -1; s = s.dropFirst() }
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !(parts[0].isEmpty && (parts.count == 1 || parts[1].isEmpty)),
          parts[0].allSatisfy(\.isASCIIDigit), parts[0].count <= 15 else { return nil }
    var fraction = parts.count == 2 ? parts[1] : ""
    guard fraction.count <= 2 || fraction.dropFirst(2).allSatisfy({ $0 == "0" }), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
    fraction = fraction.prefix(2)
    let whole = Int(parts[0].isEmpty ? "0" : parts[0])!
    let hundredths = Int((fraction + String(repeating: "0", count: 2 - fraction.count)))!
    return sign * (whole * 100 + hundredths)
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

public struct Party: Codable, Sendable, Equatable {
    public var name: String
    public var firstName: String?
    /// NM109 with its qualifier, e.g. "XX" (NPI), "MI" (member id), "PI" (payer id).
    public var idQualifier: String?
    public var id: String?
    public var address: [String]?

    init?(_ loop: LoopInstance?, _ entity: String? = nil) {
        guard let loop, let nm1 = loop.segment("NM1", entity) ?? loop.segment("N1", entity) else { return nil }
        if nm1.isID("N1") {
            name = nm1[2]; idQualifier = nm1[3].nonEmpty; id = nm1[4].nonEmpty
        } else {
            name = nm1[3]; firstName = nm1[4].nonEmpty; idQualifier = nm1[8].nonEmpty; id = nm1[9].nonEmpty
        }
        if let n3 = loop.segment("N3"), let n4 = loop.segment("N4") {
            address = [n3[1], n3[2], "\(n4[1]) \(n4[2]) \(n4[3])".trimmingSpaces].filter { !$0.isEmpty }
        }
    }
}

/// A claim of an 837P or 837I, with the parties it is billed for.
public struct Claim: Codable, Sendable, Equatable {
    public struct Diagnosis: Codable, Sendable, Equatable {
        /// HI qualifier, e.g. ABK (principal ICD-10-CM), ABF (other), ABJ (admitting).
        public var qualifier: String
        public var code: String
        public var presentOnAdmission: String?
    }
    public struct ServiceLine: Codable, Sendable, Equatable {
        public var lineNumber: Int?
        /// Revenue code (837I SV201).
        public var revenueCode: String?
        public var procedureQualifier: String?
        public var procedureCode: String?
        public var modifiers: [String]
        public var chargeCents: Int?
        public var unitQualifier: String?
        public var units: String?
        public var diagnosisPointers: [Int]
        public var serviceDate: String?
        /// REF*6R, the line item control number that 835 service lines answer with.
        public var lineControlNumber: String?
    }
    /// CLM01, the patient control number the payer answers with (835 CLP01).
    public var claimId: String
    public var totalChargeCents: Int?
    /// CLM05-1: place of service (837P) or facility type (837I); CLM05-3: frequency (1 original, 7 replacement, 8 void).
    public var facilityCode: String
    public var frequencyCode: String
    public var billingProvider: Party?
    public var subscriber: Party?
    /// The patient when it is not the subscriber (loop 2000C).
    public var patient: Party?
    public var payer: Party?
    public var diagnoses: [Diagnosis]
    public var serviceLines: [ServiceLine]
}

/// The claims of an 837 transaction set.
public struct ClaimTransaction: Codable, Sendable, Equatable {
    public var transactionSet = "837"
    /// "professional" (005010X222A1) or "institutional" (005010X223A2).
    public var kind: String
    public var controlNumber: String
    public var submitter: Party?
    public var receiver: Party?
    public var claims: [Claim]

    /// `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let st = t.segment("ST")
        controlNumber = st?[2] ?? ""
        kind = st?[3] == "005010X223A2" ? "institutional" : "professional"
        submitter = Party(t.loops("1000A").first)
        receiver = Party(t.loops("1000B").first)
        var claims: [Claim] = []
        for provider in t.loops("2000A") {
            let billing = Party(provider.loops("2010AA").first)
            for subscriberLevel in provider.descendants("2000B") {
                let subscriber = Party(subscriberLevel.loops("2010BA").first)
                let payer = Party(subscriberLevel.loops("2010BB").first)
                for claim in subscriberLevel.loops("2300") {
                    claims.append(Self.claim(claim, billing, subscriber, nil, payer, c))
                }
                for patientLevel in subscriberLevel.loops("2000C") {
                    let patient = Party(patientLevel.loops("2010CA").first)
                    for claim in patientLevel.loops("2300") {
                        claims.append(Self.claim(claim, billing, subscriber, patient, payer, c))
                    }
                }
            }
        }
        self.claims = claims
    }

    static func claim(_ loop: LoopInstance, _ billing: Party?, _ subscriber: Party?, _ patient: Party?, _ payer: Party?, _ c: Character) -> Claim {
        let clm = loop.segment("CLM")
        let location = (clm?[5] ?? "").split(separator: c, omittingEmptySubsequences: false).map(String.init)
        var diagnoses: [Claim.Diagnosis] = []
        for hi in loop.segments("HI") {
            for n in 1...12 where !hi[n].isEmpty {
                let parts = hi[n].split(separator: c, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 2 else { continue }
                diagnoses.append(.init(qualifier: parts[0], code: parts[1], presentOnAdmission: parts.count > 8 ? parts[8].nonEmpty : nil))
            }
        }
        let lines = loop.loops("2400").map { line -> Claim.ServiceLine in
            let lx = line.segment("LX")
            var service = Claim.ServiceLine(lineNumber: lx.flatMap { Int($0[1]) }, modifiers: [], diagnosisPointers: [])
            if let sv1 = line.segment("SV1") {
                let procedure = sv1[1].split(separator: c, omittingEmptySubsequences: false).map(String.init)
                service.procedureQualifier = procedure.first
                service.procedureCode = procedure.count > 1 ? procedure[1] : nil
                service.modifiers = procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty }
                service.chargeCents = cents(sv1[2])
                service.unitQualifier = sv1[3].nonEmpty
                service.units = sv1[4].nonEmpty
                service.diagnosisPointers = sv1[7].split(separator: c).compactMap { Int($0) }
            } else if let sv2 = line.segment("SV2") {
                service.revenueCode = sv2[1].nonEmpty
                let procedure = sv2[2].split(separator: c, omittingEmptySubsequences: false).map(String.init)
                service.procedureQualifier = procedure.first?.nonEmpty
                service.procedureCode = procedure.count > 1 ? procedure[1] : nil
                service.modifiers = procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty }
                service.chargeCents = cents(sv2[3])
                service.unitQualifier = sv2[4].nonEmpty
                service.units = sv2[5].nonEmpty
            }
            service.serviceDate = line.segment("DTP", "472")?[3]
            service.lineControlNumber = line.segment("REF", "6R")?[2]
            return service
        }
        return Claim(claimId: clm?[1] ?? "", totalChargeCents: clm.flatMap { cents($0[2]) },
                     facilityCode: location.first ?? "", frequencyCode: location.count > 2 ? location[2] : "",
                     billingProvider: billing, subscriber: subscriber, patient: patient, payer: payer,
                     diagnoses: diagnoses, serviceLines: lines)
    }
}

/// An adjustment (CAS): the group code (CO contractual, PR patient responsibility, OA other, PI payer initiated,
/// CR correction) and the reason code (CARC) with its amount.
public struct Adjustment: Codable, Sendable, Equatable {
    public var groupCode: String
    public var reasonCode: String
    public var amountCents: Int?
    public var quantity: String?

    public init(groupCode: String, reasonCode: String, amountCents: Int?, quantity: String?) {
        self.groupCode = groupCode; self.reasonCode = reasonCode; self.amountCents = amountCents; self.quantity = quantity
    }

    static func all(_ segments: [Segment]) -> [Adjustment] {
        segments.flatMap { cas in
            stride(from: 2, through: 17, by: 3).compactMap { n in
                cas[n].isEmpty ? nil : Adjustment(groupCode: cas[1], reasonCode: cas[n], amountCents: cents(cas[n + 1]), quantity: cas[n + 2].nonEmpty)
            }
        }
    }
}

/// An 835 remittance advice: the payment and each claim's adjudication.
public struct Remittance: Codable, Sendable, Equatable {
    public struct ServiceLine: Codable, Sendable, Equatable {
        public var procedureQualifier: String?
        public var procedureCode: String?
        public var modifiers: [String]
        public var chargeCents: Int?
        public var paidCents: Int?
        public var units: String?
        public var serviceDate: String?
        /// REF*6R: the line item control number of the 837 line this answers.
        public var lineControlNumber: String?
        public var adjustments: [Adjustment]
    }
    public struct ClaimPayment: Codable, Sendable, Equatable {
        /// CLP01: the claim id the provider sent (837 CLM01).
        public var claimId: String
        /// CLP02: 1 processed as primary, 2 secondary, 3 tertiary, 4 denied, 19-22 forwarded or reversed...
        public var statusCode: String
        public var chargeCents: Int?
        public var paidCents: Int?
        public var patientResponsibilityCents: Int?
        public var filingIndicator: String?
        public var payerClaimControlNumber: String?
        public var patient: Party?
        public var adjustments: [Adjustment]
        public var serviceLines: [ServiceLine]
    }
    public struct ProviderAdjustment: Codable, Sendable, Equatable {
        public var provider: String
        public var fiscalPeriodDate: String
        /// PLB reason (e.g. WO overpayment recovery, L6 interest, FB forwarding balance) and its reference.
        public var reasonCode: String
        public var reference: String?
        public var amountCents: Int?
    }
    public var transactionSet = "835"
    public var controlNumber: String
    public var paymentCents: Int?
    /// BPR01: I remittance information only, C payment accompanies remittance, H notification only...
    public var handlingCode: String
    public var creditDebit: String
    /// BPR04: ACH, CHK, NON, FWT, BOP.
    public var paymentMethod: String?
    public var paymentDate: String?
    /// TRN02: check or EFT trace number, to match the deposit.
    public var traceNumber: String?
    public var payer: Party?
    public var payee: Party?
    public var claims: [ClaimPayment]
    public var providerAdjustments: [ProviderAdjustment]

    /// `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let bpr = t.segment("BPR")
        controlNumber = t.segment("ST")?[2] ?? ""
        paymentCents = bpr.flatMap { cents($0[2]) }
        handlingCode = bpr?[1] ?? ""
        creditDebit = bpr?[3] ?? ""
        paymentMethod = bpr?[4].nonEmpty
        paymentDate = bpr?[16].nonEmpty
        traceNumber = t.segment("TRN")?[2]
        payer = Party(t.loops("1000A").first, "PR")
        payee = Party(t.loops("1000B").first, "PE")
        claims = t.descendants("2100").map { claim in
            let clp = claim.segment("CLP")
            return ClaimPayment(
                claimId: clp?[1] ?? "", statusCode: clp?[2] ?? "", chargeCents: clp.flatMap { cents($0[3]) },
                paidCents: clp.flatMap { cents($0[4]) }, patientResponsibilityCents: clp.flatMap { cents($0[5]) },
                filingIndicator: clp?[6].nonEmpty, payerClaimControlNumber: clp?[7].nonEmpty,
                patient: Party(claim, "QC"), adjustments: Adjustment.all(claim.segments("CAS")),
                serviceLines: claim.loops("2110").map { line in
                    let svc = line.segment("SVC")
                    let procedure = (svc?[1] ?? "").split(separator: c, omittingEmptySubsequences: false).map(String.init)
                    return ServiceLine(procedureQualifier: procedure.first?.nonEmpty, procedureCode: procedure.count > 1 ? procedure[1] : nil,
                                       modifiers: procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty },
                                       chargeCents: svc.flatMap { cents($0[2]) }, paidCents: svc.flatMap { cents($0[3]) },
                                       units: svc?[5].nonEmpty,
                                       serviceDate: line.segment("DTM", "472")?[2] ?? line.segment("DTM", "150")?[2],
                                       lineControlNumber: line.segment("REF", "6R")?[2], adjustments: Adjustment.all(line.segments("CAS")))
                })
        }
        providerAdjustments = t.segments("PLB").flatMap { plb in
            stride(from: 3, through: 13, by: 2).compactMap { n in
                guard !plb[n].isEmpty else { return nil }
                let reason = plb[n].split(separator: c, maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                return ProviderAdjustment(provider: plb[1], fiscalPeriodDate: plb[2], reasonCode: reason[0],
                                          reference: reason.count > 1 ? reason[1] : nil, amountCents: cents(plb[n + 1]))
            }
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
