import X12

/// Typed models of the transactions Revcycle reads and writes most: claims (837P, 837I, in Claims837.swift) and
/// remittance (835, here). They are read from the document's loops, with readable names and money in integer cents;
/// the document itself keeps every segment, so nothing is lost for writing back.

/// A money amount of an X12 R element in cents; nil when it is not a number with at most two decimals.
public func cents(_ text: String) -> Int? { cents(digits: text.utf8) }

extension Segment {
    /// Element `n` as cents (`cents`), read from its bytes without making a string.
    func amountCents(_ n: Int) -> Int? { withElement(n) { cents(digits: $0) } }
}

func cents(digits text: some Sequence<UInt8>) -> Int? {
    var whole = 0, wholeDigits = 0, fraction = 0, fractionDigits = 0, sign = 1
    var seenPoint = false, isFirst = true
    for b in text {
        defer { isFirst = false }
        if b == UInt8(ascii: "-") && isFirst { sign = -1; continue }
        if b == UInt8(ascii: ".") && !seenPoint { seenPoint = true; continue }
        guard b >= 0x30 && b <= 0x39 else { return nil }
        let digit = Int(b - 0x30)
        if seenPoint {
            // Digits past the cents must be zeros: an amount is not rounded.
            if fractionDigits < 2 { fraction = fraction * 10 + digit } else if digit != 0 { return nil }
            fractionDigits += 1
        } else {
            wholeDigits += 1
            guard wholeDigits <= 15 else { return nil }
            whole = whole * 10 + digit
        }
    }
    guard wholeDigits + fractionDigits > 0 else { return nil }
    if fractionDigits == 1 { fraction *= 10 }
    return sign * (whole * 100 + fraction)
}

/// Cents as an X12 amount: no trailing zeros after the point, no point for whole amounts.
public func amount(_ cents: Int) -> String {
    let sign = cents < 0 ? "-" : ""
    let v = cents.magnitude
    let fraction = v % 100
    if fraction == 0 { return "\(sign)\(v / 100)" }
    return fraction % 10 == 0 ? "\(sign)\(v / 100).\(fraction / 10)" : "\(sign)\(v / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
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
                cas[n].isEmpty ? nil : Adjustment(groupCode: cas[1], reasonCode: cas[n], amountCents: cas.amountCents(n + 1), quantity: cas[n + 2].nonEmpty)
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
        /// LQ*HE: remittance advice remark codes (RARC) on the line.
        public var remarkCodes: [String]

        public init(procedureQualifier: String? = "HC", procedureCode: String?, modifiers: [String] = [], chargeCents: Int?, paidCents: Int?,
                    units: String? = nil, serviceDate: String?, lineControlNumber: String?, adjustments: [Adjustment], remarkCodes: [String] = []) {
            self.procedureQualifier = procedureQualifier; self.procedureCode = procedureCode; self.modifiers = modifiers
            self.chargeCents = chargeCents; self.paidCents = paidCents; self.units = units; self.serviceDate = serviceDate
            self.lineControlNumber = lineControlNumber; self.adjustments = adjustments; self.remarkCodes = remarkCodes
        }
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
        /// NM1*TT: the payer the claim was forwarded to (crossover), when this payer sent it on.
        public var crossoverCarrier: Party?
        /// MOA03-07: claim-level remittance advice remark codes (RARC) of an outpatient claim.
        public var remarkCodes: [String]
        public var adjustments: [Adjustment]
        public var serviceLines: [ServiceLine]

        public init(claimId: String, statusCode: String, chargeCents: Int?, paidCents: Int?, patientResponsibilityCents: Int?,
                    filingIndicator: String?, payerClaimControlNumber: String?, patient: Party?, crossoverCarrier: Party? = nil,
                    remarkCodes: [String] = [], adjustments: [Adjustment], serviceLines: [ServiceLine]) {
            self.claimId = claimId; self.statusCode = statusCode; self.chargeCents = chargeCents; self.paidCents = paidCents
            self.patientResponsibilityCents = patientResponsibilityCents; self.filingIndicator = filingIndicator
            self.payerClaimControlNumber = payerClaimControlNumber; self.patient = patient; self.crossoverCarrier = crossoverCarrier
            self.remarkCodes = remarkCodes; self.adjustments = adjustments; self.serviceLines = serviceLines
        }
    }
    public struct ProviderAdjustment: Codable, Sendable, Equatable {
        public var provider: String
        public var fiscalPeriodDate: String
        /// PLB reason (e.g. WO overpayment recovery, L6 interest, FB forwarding balance) and its reference.
        public var reasonCode: String
        public var reference: String?
        public var amountCents: Int?

        public init(provider: String, fiscalPeriodDate: String, reasonCode: String, reference: String?, amountCents: Int?) {
            self.provider = provider; self.fiscalPeriodDate = fiscalPeriodDate; self.reasonCode = reasonCode
            self.reference = reference; self.amountCents = amountCents
        }
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
    /// TRN02: check or EFT trace number, to match the deposit; TRN03: the payer's identifier ("1" and its EIN).
    public var traceNumber: String?
    public var payerIdentifier: String?
    public var payer: Party?
    /// PER*BL: the payer's technical contact.
    public var payerContactName: String?
    public var payerContactPhone: String?
    public var payee: Party?
    /// REF*TJ: the payee's tax identification number.
    public var payeeTaxID: String?
    public var claims: [ClaimPayment]
    public var providerAdjustments: [ProviderAdjustment]

    public init(controlNumber: String, paymentCents: Int?, handlingCode: String = "I", creditDebit: String = "C", paymentMethod: String? = "CHK",
                paymentDate: String?, traceNumber: String?, payerIdentifier: String?, payer: Party?, payerContactName: String?,
                payerContactPhone: String?, payee: Party?, payeeTaxID: String?, claims: [ClaimPayment], providerAdjustments: [ProviderAdjustment]) {
        self.controlNumber = controlNumber; self.paymentCents = paymentCents; self.handlingCode = handlingCode; self.creditDebit = creditDebit
        self.paymentMethod = paymentMethod; self.paymentDate = paymentDate; self.traceNumber = traceNumber; self.payerIdentifier = payerIdentifier
        self.payer = payer; self.payerContactName = payerContactName; self.payerContactPhone = payerContactPhone; self.payee = payee
        self.payeeTaxID = payeeTaxID; self.claims = claims; self.providerAdjustments = providerAdjustments
    }

    /// `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let bpr = t.segment("BPR")
        controlNumber = t.segment("ST")?[2] ?? ""
        paymentCents = bpr.flatMap { $0.amountCents(2) }
        handlingCode = bpr?[1] ?? ""
        creditDebit = bpr?[3] ?? ""
        paymentMethod = bpr?[4].nonEmpty
        paymentDate = bpr?[16].nonEmpty
        traceNumber = t.segment("TRN")?[2]
        payerIdentifier = t.segment("TRN")?[3].nonEmpty
        let payerLoop = t.loops("1000A").first
        payer = Party(payerLoop, "PR")
        let contact = payerLoop?.segment("PER", "BL")
        payerContactName = contact?[2].nonEmpty
        payerContactPhone = contact.flatMap { p in stride(from: 3, through: 7, by: 2).first { p[$0] == "TE" }.map { p[$0 + 1] } }
        let payeeLoop = t.loops("1000B").first
        payee = Party(payeeLoop, "PE")
        payeeTaxID = payeeLoop?.segment("REF", "TJ")?[2]
        claims = t.descendants("2100").map { claim in
            let clp = claim.segment("CLP")
            return ClaimPayment(
                claimId: clp?[1] ?? "", statusCode: clp?[2] ?? "", chargeCents: clp.flatMap { $0.amountCents(3) },
                paidCents: clp.flatMap { $0.amountCents(4) }, patientResponsibilityCents: clp.flatMap { $0.amountCents(5) },
                filingIndicator: clp?[6].nonEmpty, payerClaimControlNumber: clp?[7].nonEmpty,
                patient: Party(claim, "QC"), crossoverCarrier: Party(claim, "TT"),
                remarkCodes: claim.segment("MOA").map { moa in (3...7).compactMap { moa[$0].nonEmpty } } ?? [],
                adjustments: Adjustment.all(claim.segments("CAS")),
                serviceLines: claim.loops("2110").map { line in
                    let svc = line.segment("SVC")
                    let procedure = (svc?[1] ?? "").split(separator: c, omittingEmptySubsequences: false).map(String.init)
                    return ServiceLine(procedureQualifier: procedure.first?.nonEmpty, procedureCode: procedure.count > 1 ? procedure[1] : nil,
                                       modifiers: procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty },
                                       chargeCents: svc.flatMap { $0.amountCents(2) }, paidCents: svc.flatMap { $0.amountCents(3) },
                                       units: svc?[5].nonEmpty,
                                       serviceDate: line.segment("DTM", "472")?[2] ?? line.segment("DTM", "150")?[2],
                                       lineControlNumber: line.segment("REF", "6R")?[2], adjustments: Adjustment.all(line.segments("CAS")),
                                       remarkCodes: line.segments("LQ").filter { $0[1] == "HE" }.map { $0[2] })
                })
        }
        providerAdjustments = t.segments("PLB").flatMap { plb in
            stride(from: 3, through: 13, by: 2).compactMap { n in
                guard !plb[n].isEmpty else { return nil }
                let reason = plb[n].split(separator: c, maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                return ProviderAdjustment(provider: plb[1], fiscalPeriodDate: plb[2], reasonCode: reason[0],
                                          reference: reason.count > 1 ? reason[1] : nil, amountCents: plb.amountCents(n + 1))
            }
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }

    /// Whether the text's UTF-8 holds `byte`: a plain byte scan, much cheaper than searching its characters.
    func hasByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }
}
