import X12

/// The claim status inquiry and response (276 and 277, 005010X212): a provider asks where its claims stand and the
/// payer answers with claim status codes per claim and service line; read and written. (The 277CA of 005010X214 is
/// `ClaimAcknowledgment`.)

/// A service line of a claim asked about (276) or answered about (277), loop 2210 or 2220.
public struct ClaimStatusLine: Codable, Sendable, Equatable {
    /// SVC01: HC (CPT/HCPCS), NU (revenue code alone), IV, N4...; code and up to four modifiers.
    public var procedureQualifier: String?
    public var procedureCode: String?
    public var modifiers: [String]
    public var chargeCents: Int?
    /// SVC03, in the 277: what the payer paid for the line.
    public var paidCents: Int?
    /// SVC04: the revenue code of an institutional line.
    public var revenueCode: String?
    public var units: String?
    /// REF*FJ: the line item control number the 837 sent (REF*6R there).
    public var lineControlNumber: String?
    /// DTP*472: the service date, or range "CCYYMMDD-CCYYMMDD".
    public var serviceDate: String
    /// STC, in the 277: the line's statuses (dates, no amounts: the guide has none at this level).
    public var statuses: [ClaimAcknowledgment.Status]

    public init(procedureQualifier: String? = "HC", procedureCode: String?, modifiers: [String] = [], chargeCents: Int?, paidCents: Int? = nil,
                revenueCode: String? = nil, units: String? = nil, lineControlNumber: String? = nil, serviceDate: String,
                statuses: [ClaimAcknowledgment.Status] = []) {
        self.procedureQualifier = procedureQualifier; self.procedureCode = procedureCode; self.modifiers = modifiers
        self.chargeCents = chargeCents; self.paidCents = paidCents; self.revenueCode = revenueCode; self.units = units
        self.lineControlNumber = lineControlNumber; self.serviceDate = serviceDate; self.statuses = statuses
    }

    init(_ line: LoopInstance, component c: Character) {
        let svc = line.segment("SVC")
        let procedure = (svc?[1] ?? "").split(separator: c, omittingEmptySubsequences: false).map(String.init)
        self.init(procedureQualifier: procedure.first?.nonEmpty, procedureCode: procedure.count > 1 ? procedure[1].nonEmpty : nil,
                  modifiers: procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty }, chargeCents: svc.flatMap { $0.amountCents(2) },
                  paidCents: svc.flatMap { $0.amountCents(3) }, revenueCode: svc?[4].nonEmpty, units: svc?[7].nonEmpty,
                  lineControlNumber: line.segment("REF", "FJ")?[2], serviceDate: line.segment("DTP", "472")?[3] ?? "",
                  statuses: line.segments("STC").flatMap { ClaimStatusResponse.statuses($0, c) })
    }

    /// SVC, STC (277 only), REF*FJ, DTP*472.
    func write(_ w: inout SegmentWriter, _ text: ElementText, response: Bool) {
        let procedure = text.composite([procedureQualifier ?? "HC", procedureCode] + modifiers.prefix(4).map { Optional($0) })
        w.segment("SVC", [procedure, amount(chargeCents ?? 0), response ? amount(paidCents ?? 0) : "", text.value(revenueCode), "", "", text.value(units)])
        if response { for s in statuses { w.segment("STC", ClaimStatusResponse.stc(s, text, withAmount: false)) } }
        if let number = lineControlNumber { w.segment("REF", ["FJ", text.value(number)]) }
        w.segment("DTP", text.dtp("472", serviceDate))
    }
}

/// The 276 claim status request: per provider, the claims it asks about.
public struct ClaimStatusInquiry: Codable, Sendable, Equatable {
    public struct ClaimInquiry: Codable, Sendable, Equatable {
        public var subscriber: Member
        /// The patient when not the subscriber (loop 2000E).
        public var dependent: Member?
        /// TRN02: the trace number the 277 answers with.
        public var traceNumber: String
        /// REF*EJ: the patient control number, the claim id the provider sent (837 CLM01).
        public var claimId: String?
        /// REF*1K: the payer's claim number, when the provider has it (from a 277CA or 835).
        public var payerClaimControlNumber: String?
        /// REF*BLT: the institutional bill type (facility code and frequency, e.g. 111).
        public var institutionalBillType: String?
        /// AMT*T3: the claim's total charge.
        public var chargeCents: Int?
        /// DTP*472: the service date, or range "CCYYMMDD-CCYYMMDD".
        public var serviceDate: String?
        public var serviceLines: [ClaimStatusLine]

        public init(subscriber: Member, dependent: Member? = nil, traceNumber: String, claimId: String?, payerClaimControlNumber: String? = nil,
                    institutionalBillType: String? = nil, chargeCents: Int?, serviceDate: String?, serviceLines: [ClaimStatusLine] = []) {
            self.subscriber = subscriber; self.dependent = dependent; self.traceNumber = traceNumber; self.claimId = claimId
            self.payerClaimControlNumber = payerClaimControlNumber; self.institutionalBillType = institutionalBillType
            self.chargeCents = chargeCents; self.serviceDate = serviceDate; self.serviceLines = serviceLines
        }
    }
    public struct ProviderInquiry: Codable, Sendable, Equatable {
        /// 2100C: the provider of service (NM1*1P, usually its NPI).
        public var provider: Party
        public var claims: [ClaimInquiry]

        public init(provider: Party, claims: [ClaimInquiry]) { self.provider = provider; self.claims = claims }
    }
    public var transactionSet = "276"
    public var controlNumber: String
    /// BHT03: the submitter's reference for the whole request.
    public var reference: String
    public var createdDate: String
    public var createdTime: String
    /// Who is asked (2100A) and who asks (2100B, NM1*41 with its ETIN).
    public var payer: Party
    public var receiver: Party
    public var providers: [ProviderInquiry]

    public init(controlNumber: String, reference: String, createdDate: String, createdTime: String, payer: Party, receiver: Party,
                providers: [ProviderInquiry]) {
        self.controlNumber = controlNumber; self.reference = reference; self.createdDate = createdDate; self.createdTime = createdTime
        self.payer = payer; self.receiver = receiver; self.providers = providers
    }

    /// Reads a 276 transaction set; `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let bht = t.segment("BHT")
        controlNumber = t.segment("ST")?[2] ?? ""
        reference = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        payer = Party(t.loops("2000A").first?.loops("2100A").first) ?? Party(name: "")
        receiver = Party(t.descendants("2000B").first?.loops("2100B").first) ?? Party(name: "")
        providers = t.descendants("2000C").map { level in
            ProviderInquiry(provider: Party(level.loops("2100C").first) ?? Party(name: ""),
                            claims: claimLoops(level, "2200D", "2200E").map { subscriber, dependent, claim in
                ClaimInquiry(subscriber: subscriber, dependent: dependent, traceNumber: claim.segment("TRN")?[2] ?? "",
                             claimId: claim.segment("REF", "EJ")?[2], payerClaimControlNumber: claim.segment("REF", "1K")?[2],
                             institutionalBillType: claim.segment("REF", "BLT")?[2], chargeCents: claim.segment("AMT", "T3").flatMap { $0.amountCents(2) },
                             serviceDate: claim.segment("DTP", "472")?[3],
                             serviceLines: claim.loops().filter { $0.id.hasPrefix("2210") }.map { ClaimStatusLine($0, component: c) })
            })
        }
    }

    /// Writes the request as a 276 interchange: per provider, one subscriber level per claim, with a dependent level
    /// below it when the patient is not the subscriber.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value
        let start = parties.open(&w, functionalID: "HR", transactionSet: "276", controlNumber: controlNumber, version: "005010X212",
                               date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        w.segment("BHT", ["0010", "13", v(reference), v(createdDate), v(createdTime)])
        writeParties(&w, text, payer: payer, receiver: receiver, receiverHasChildren: true)
        var hl = 2
        for provider in providers {
            hl += 1
            let providerHL = hl
            w.segment("HL", [String(providerHL), "2", "19", "1"])
            w.segment("NM1", text.nm1("1P", provider.provider, qualifier: "XX"))
            for claim in provider.claims {
                hl += 1
                let subscriberHL = hl
                w.segment("HL", [String(subscriberHL), String(providerHL), "22", claim.dependent == nil ? "0" : "1"])
                // Demographics of the patient only: the guide leaves them out for a subscriber who is not the patient.
                if claim.dependent == nil, let dmg = text.dmg(claim.subscriber) { w.segment("DMG", dmg) }
                w.segment("NM1", text.nm1("IL", claim.subscriber.person, qualifier: "MI"))
                if let dependent = claim.dependent {
                    hl += 1
                    w.segment("HL", [String(hl), String(subscriberHL), "23"])
                    if let dmg = text.dmg(dependent) { w.segment("DMG", dmg) }
                    w.segment("NM1", ["QC", "1", v(dependent.person.name), v(dependent.person.firstName)])
                }
                w.segment("TRN", ["1", v(claim.traceNumber)])
                writeReferences(&w, text, payerClaimControlNumber: claim.payerClaimControlNumber, billType: claim.institutionalBillType,
                                claimId: claim.claimId)
                if let charge = claim.chargeCents { w.segment("AMT", ["T3", amount(charge)]) }
                if let serviceDate = claim.serviceDate { w.segment("DTP", text.dtp("472", serviceDate)) }
                for line in claim.serviceLines { line.write(&w, text, response: false) }
            }
        }
        return parties.close(&w, transactionStart: start, controlNumber: controlNumber, interchangeControlNumber: interchangeControlNumber,
                             groupControlNumber: groupControlNumber)
    }
}

/// The 277 claim status response: per provider, the status of each claim and service line asked about.
public struct ClaimStatusResponse: Codable, Sendable, Equatable {
    public struct ClaimReport: Codable, Sendable, Equatable {
        public var subscriber: Member
        public var dependent: Member?
        /// TRN02: the 276's trace number, echoed.
        public var traceNumber: String
        /// Every status of the claim (STC01, STC10 and STC11 of each STC) with its date (STC02); the amount is the
        /// total claim charge (STC04) the payer gives with the STC01 status. Categories: A acknowledgment, P pending,
        /// F finalized (F1 paid, F2 denied...), R request for information, E error.
        public var statuses: [ClaimAcknowledgment.Status]
        /// From the first STC that gives them: STC05 paid amount, STC06 adjudication date, STC08 payment date, STC09
        /// check or EFT trace number.
        public var paidCents: Int?
        public var adjudicationDate: String?
        public var paymentDate: String?
        public var checkNumber: String?
        public var payerClaimControlNumber: String?
        public var institutionalBillType: String?
        /// REF*EJ: the patient control number (837 CLM01).
        public var claimId: String?
        public var serviceDate: String?
        public var serviceLines: [ClaimStatusLine]

        public init(subscriber: Member, dependent: Member? = nil, traceNumber: String, statuses: [ClaimAcknowledgment.Status], paidCents: Int? = nil,
                    adjudicationDate: String? = nil, paymentDate: String? = nil, checkNumber: String? = nil, payerClaimControlNumber: String?,
                    institutionalBillType: String? = nil, claimId: String?, serviceDate: String?, serviceLines: [ClaimStatusLine] = []) {
            self.subscriber = subscriber; self.dependent = dependent; self.traceNumber = traceNumber; self.statuses = statuses
            self.paidCents = paidCents; self.adjudicationDate = adjudicationDate; self.paymentDate = paymentDate; self.checkNumber = checkNumber
            self.payerClaimControlNumber = payerClaimControlNumber; self.institutionalBillType = institutionalBillType; self.claimId = claimId
            self.serviceDate = serviceDate; self.serviceLines = serviceLines
        }

        /// Whether the payer has finished with the claim (a status of category F).
        public var isFinalized: Bool { statuses.contains { $0.category.hasPrefix("F") } }
    }
    public struct ProviderReport: Codable, Sendable, Equatable {
        public var provider: Party
        /// 2200C: a status about the provider itself (e.g. not on file), with its trace number.
        public var traceNumber: String?
        public var statuses: [ClaimAcknowledgment.Status]
        public var claims: [ClaimReport]

        public init(provider: Party, traceNumber: String? = nil, statuses: [ClaimAcknowledgment.Status] = [], claims: [ClaimReport]) {
            self.provider = provider; self.traceNumber = traceNumber; self.statuses = statuses; self.claims = claims
        }
    }
    public var transactionSet = "277"
    public var controlNumber: String
    public var reference: String
    public var createdDate: String
    public var createdTime: String
    public var payer: Party
    public var receiver: Party
    /// 2200B: a status about the whole request (e.g. the receiver is not known), with the receiver's trace number.
    public var receiverTraceNumber: String?
    public var receiverStatuses: [ClaimAcknowledgment.Status]
    public var providers: [ProviderReport]

    public init(controlNumber: String, reference: String, createdDate: String, createdTime: String, payer: Party, receiver: Party,
                receiverTraceNumber: String? = nil, receiverStatuses: [ClaimAcknowledgment.Status] = [], providers: [ProviderReport]) {
        self.controlNumber = controlNumber; self.reference = reference; self.createdDate = createdDate; self.createdTime = createdTime
        self.payer = payer; self.receiver = receiver; self.receiverTraceNumber = receiverTraceNumber
        self.receiverStatuses = receiverStatuses; self.providers = providers
    }

    /// Reads a 277 (005010X212) transaction set; `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let bht = t.segment("BHT")
        controlNumber = t.segment("ST")?[2] ?? ""
        reference = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        payer = Party(t.loops("2000A").first?.loops("2100A").first) ?? Party(name: "")
        let receiverLevel = t.descendants("2000B").first
        receiver = Party(receiverLevel?.loops("2100B").first) ?? Party(name: "")
        let receiverTrace = receiverLevel?.loops("2200B").first
        receiverTraceNumber = receiverTrace?.segment("TRN")?[2]
        receiverStatuses = receiverTrace?.segments("STC").flatMap { Self.statuses($0, c) } ?? []
        providers = t.descendants("2000C").map { level in
            let trace = level.loops("2200C").first
            return ProviderReport(provider: Party(level.loops("2100C").first) ?? Party(name: ""), traceNumber: trace?.segment("TRN")?[2],
                                  statuses: trace?.segments("STC").flatMap { Self.statuses($0, c) } ?? [],
                                  claims: claimLoops(level, "2200D", "2200E").map { subscriber, dependent, claim in
                let stcs = claim.segments("STC")
                return ClaimReport(subscriber: subscriber, dependent: dependent, traceNumber: claim.segment("TRN")?[2] ?? "",
                                   statuses: stcs.flatMap { Self.statuses($0, c) }, paidCents: stcs.lazy.compactMap { $0.amountCents(5) }.first,
                                   adjudicationDate: stcs.lazy.compactMap { $0[6].nonEmpty }.first,
                                   paymentDate: stcs.lazy.compactMap { $0[8].nonEmpty }.first, checkNumber: stcs.lazy.compactMap { $0[9].nonEmpty }.first,
                                   payerClaimControlNumber: claim.segment("REF", "1K")?[2], institutionalBillType: claim.segment("REF", "BLT")?[2],
                                   claimId: claim.segment("REF", "EJ")?[2], serviceDate: claim.segment("DTP", "472")?[3],
                                   serviceLines: claim.loops().filter { $0.id.hasPrefix("2220") }.map { ClaimStatusLine($0, component: c) })
            })
        }
    }

    /// The statuses of one STC: STC01, then the additional ones of STC10 and STC11, all with STC02's date.
    static func statuses(_ stc: Segment, _ c: Character) -> [ClaimAcknowledgment.Status] {
        [1, 10, 11].compactMap { n in
            let parts = stc[n].split(separator: c, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { return nil }
            return ClaimAcknowledgment.Status(category: parts[0], code: parts[1], entity: parts.count > 2 ? parts[2].nonEmpty : nil, date: stc[2],
                                              action: nil, amountCents: n == 1 ? stc.amountCents(4) : nil)
        }
    }

    /// One STC per status; the claim's payment details go on the first.
    static func stc(_ s: ClaimAcknowledgment.Status, _ text: ElementText, withAmount: Bool, payment: [String] = []) -> [String] {
        [text.composite([s.category, s.code, s.entity]), text.value(s.date), "", withAmount ? (s.amountCents.map(amount) ?? "") : ""] + payment
    }

    /// Writes the response as a 277 (005010X212) interchange, shaped like `ClaimStatusInquiry.write`.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value
        let start = parties.open(&w, functionalID: "HN", transactionSet: "277", controlNumber: controlNumber, version: "005010X212",
                               date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        w.segment("BHT", ["0010", "08", v(reference), v(createdDate), v(createdTime), "DG"])
        writeParties(&w, text, payer: payer, receiver: receiver, receiverHasChildren: !providers.isEmpty)
        // The trace loops need a status (STC is required in them): without one they are left out.
        if let trace = receiverTraceNumber, !receiverStatuses.isEmpty {
            w.segment("TRN", ["2", v(trace)])
            for s in receiverStatuses { w.segment("STC", Self.stc(s, text, withAmount: false)) }
        }
        var hl = 2
        for provider in providers {
            hl += 1
            let providerHL = hl
            w.segment("HL", [String(providerHL), "2", "19", provider.claims.isEmpty ? "0" : "1"])
            w.segment("NM1", text.nm1("1P", provider.provider, qualifier: "XX"))
            if let trace = provider.traceNumber, !provider.statuses.isEmpty {
                w.segment("TRN", ["1", v(trace)])
                for s in provider.statuses { w.segment("STC", Self.stc(s, text, withAmount: false)) }
            }
            for claim in provider.claims {
                hl += 1
                let subscriberHL = hl
                w.segment("HL", [String(subscriberHL), String(providerHL), "22", claim.dependent == nil ? "0" : "1"])
                w.segment("NM1", text.nm1("IL", claim.subscriber.person, qualifier: "MI"))
                if let dependent = claim.dependent {
                    hl += 1
                    w.segment("HL", [String(hl), String(subscriberHL), "23"])
                    w.segment("NM1", ["QC", "1", v(dependent.person.name), v(dependent.person.firstName)])
                }
                w.segment("TRN", ["2", v(claim.traceNumber)])
                let payment = [claim.paidCents.map(amount) ?? "", v(claim.adjudicationDate), "", v(claim.paymentDate), v(claim.checkNumber)]
                for (n, s) in claim.statuses.enumerated() { w.segment("STC", Self.stc(s, text, withAmount: true, payment: n == 0 ? payment : [])) }
                writeReferences(&w, text, payerClaimControlNumber: claim.payerClaimControlNumber, billType: claim.institutionalBillType,
                                claimId: claim.claimId)
                if let serviceDate = claim.serviceDate { w.segment("DTP", text.dtp("472", serviceDate)) }
                for line in claim.serviceLines { line.write(&w, text, response: true) }
            }
        }
        return parties.close(&w, transactionStart: start, controlNumber: controlNumber, interchangeControlNumber: interchangeControlNumber,
                             groupControlNumber: groupControlNumber)
    }
}

/// The payer (2000A/2100A) and information receiver (2000B/2100B) levels of a 276 or 277.
/// The claim's references in a 276 or 277: the payer's claim number (1K), the bill type (BLT), the provider's claim id (EJ).
private func writeReferences(_ w: inout SegmentWriter, _ text: ElementText, payerClaimControlNumber: String?, billType: String?, claimId: String?) {
    if let number = payerClaimControlNumber { w.segment("REF", ["1K", text.value(number)]) }
    if let billType { w.segment("REF", ["BLT", text.value(billType)]) }
    if let claimId { w.segment("REF", ["EJ", text.value(claimId)]) }
}

private func writeParties(_ w: inout SegmentWriter, _ text: ElementText, payer: Party, receiver: Party, receiverHasChildren: Bool) {
    w.segment("HL", ["1", "", "20", "1"])
    // The guides allow only an organisation here, whatever the model says.
    var nm1 = text.nm1("PR", payer, qualifier: "PI")
    nm1[1] = "2"
    w.segment("NM1", nm1)
    w.segment("HL", ["2", "1", "21", receiverHasChildren ? "1" : "0"])
    w.segment("NM1", text.nm1("41", receiver, qualifier: "46"))
}

/// Each claim loop under a provider level of a 276 or 277, with the subscriber and, for a dependent's claim, the
/// dependent it is for.
private func claimLoops(_ providerLevel: LoopInstance, _ subscriberClaim: String, _ dependentClaim: String) -> [(Member, Member?, LoopInstance)] {
    providerLevel.loops("2000D").flatMap { subscriberLevel -> [(Member, Member?, LoopInstance)] in
        let subscriber = Member(subscriberLevel.loops("2100D").first, "IL", demographics: subscriberLevel) ?? Member(person: Party(name: ""))
        let own = subscriberLevel.loops(subscriberClaim).map { (subscriber, Member?.none, $0) }
        return own + subscriberLevel.loops("2000E").flatMap { level -> [(Member, Member?, LoopInstance)] in
            let dependent = Member(level.loops("2100E").first, "QC", demographics: level) ?? Member(person: Party(name: ""))
            return level.loops(dependentClaim).map { (subscriber, dependent, $0) }
        }
    }
}
