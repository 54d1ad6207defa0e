import X12

/// The 270 eligibility inquiry (005010X279A1): which members a provider asks a payer about, for which services and
/// on which date; read and written.
public struct EligibilityInquiry: Codable, Sendable, Equatable {
    /// One member asked about: the subscriber, or a dependent of the subscriber.
    public struct Inquiry: Codable, Sendable, Equatable {
        /// TRN02 and TRN03: the trace number the 271 answers with, and who assigned it ("9" and the EIN, or a DUNS).
        public var traceNumber: String
        public var traceOriginator: String
        public var subscriber: Member
        /// The member asked about when it is not the subscriber (loop 2000D).
        public var dependent: Member?
        /// EQ01: service type codes (30 health benefit plan coverage, 1 medical care, 98 professional office visit...).
        public var serviceTypes: [String]
        /// DTP*291: the date or range asked about; absent means the date of the inquiry.
        public var date: String?

        public init(traceNumber: String, traceOriginator: String, subscriber: Member, dependent: Member? = nil,
                    serviceTypes: [String] = ["30"], date: String? = nil) {
            self.traceNumber = traceNumber; self.traceOriginator = traceOriginator; self.subscriber = subscriber
            self.dependent = dependent; self.serviceTypes = serviceTypes; self.date = date
        }
    }
    public var transactionSet = "270"
    public var controlNumber: String
    /// BHT03: the submitter's reference for the whole inquiry.
    public var reference: String
    public var createdDate: String
    public var createdTime: String
    /// Who is asked (2100A, the payer) and who asks (2100B, the provider).
    public var source: Party
    public var receiver: Party
    public var inquiries: [Inquiry]

    public init(controlNumber: String, reference: String, createdDate: String, createdTime: String, source: Party, receiver: Party,
                inquiries: [Inquiry]) {
        self.controlNumber = controlNumber; self.reference = reference; self.createdDate = createdDate; self.createdTime = createdTime
        self.source = source; self.receiver = receiver; self.inquiries = inquiries
    }

    /// Reads a 270 transaction set; `repetition` is the interchange's repetition separator (ISA11), which EQ01 uses.
    public init(_ t: LoopInstance, repetition r: Character?) {
        let bht = t.segment("BHT")
        controlNumber = t.segment("ST")?[2] ?? ""
        reference = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        source = Party(t.loops("2000A").first?.loops("2100A").first) ?? Party(name: "")
        receiver = Party(t.descendants("2000B").first?.loops("2100B").first) ?? Party(name: "")
        inquiries = memberLevels(t, subscriberBenefits: "2110C", dependentBenefits: "2110D").map { m in
            let trn = m.level.segment("TRN")
            return Inquiry(traceNumber: trn?[2] ?? "", traceOriginator: trn?[3] ?? "", subscriber: m.subscriber, dependent: m.dependent,
                           serviceTypes: m.name?.loops(m.benefitLoop).flatMap { $0.repetitions("EQ", 1, r) } ?? [],
                           date: m.name?.segment("DTP", "291")?[3])
        }
    }

    /// Writes the inquiry as a 270 interchange: one subscriber level per inquiry, with a dependent level below it
    /// when the inquiry is about a dependent.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value
        let start = parties.open(&w, functionalID: "HS", transactionSet: "270", controlNumber: controlNumber, version: "005010X279A1",
                               date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        w.segment("BHT", ["0022", "13", v(reference), v(createdDate), v(createdTime)])
        w.segment("HL", ["1", "", "20", "1"])
        w.segment("NM1", text.nm1("PR", source, qualifier: "PI"))
        w.segment("HL", ["2", "1", "21", "1"])
        w.segment("NM1", text.nm1("1P", receiver, qualifier: "XX"))
        ClaimWriter.address(receiver.address, &w)
        var hl = 2
        for inquiry in inquiries {
            hl += 1
            let subscriberHL = hl
            let asked = inquiry.dependent == nil
            w.segment("HL", [String(hl), "2", "22", asked ? "0" : "1"])
            if asked { w.segment("TRN", ["1", v(inquiry.traceNumber), v(inquiry.traceOriginator)]) }
            w.segment("NM1", text.nm1("IL", inquiry.subscriber.person, qualifier: "MI"))
            ClaimWriter.address(inquiry.subscriber.person.address, &w)
            if let dmg = text.dmg(inquiry.subscriber) { w.segment("DMG", dmg) }
            if asked { Self.question(inquiry, &w, text) }
            if let dependent = inquiry.dependent {
                hl += 1
                w.segment("HL", [String(hl), String(subscriberHL), "23", "0"])
                w.segment("TRN", ["1", v(inquiry.traceNumber), v(inquiry.traceOriginator)])
                // The guide has no member id for a dependent: the payer finds them under the subscriber.
                w.segment("NM1", ["03", "1", v(dependent.person.name), v(dependent.person.firstName)])
                ClaimWriter.address(dependent.person.address, &w)
                if let dmg = text.dmg(dependent) { w.segment("DMG", dmg) }
                if let relationship = dependent.relationship { w.segment("INS", ["N", v(relationship)]) }
                Self.question(inquiry, &w, text)
            }
        }
        return parties.close(&w, transactionStart: start, controlNumber: controlNumber, interchangeControlNumber: interchangeControlNumber,
                             groupControlNumber: groupControlNumber)
    }

    /// The inquiry's date and one EQ per service type.
    private static func question(_ inquiry: Inquiry, _ w: inout SegmentWriter, _ text: ElementText) {
        if let date = inquiry.date { w.segment("DTP", text.dtp("291", date)) }
        for serviceType in inquiry.serviceTypes { w.segment("EQ", [text.value(serviceType)]) }
    }
}

/// The 271 eligibility response (005010X279A1): per member, the coverage and benefits the payer reports, or why it
/// could not answer; read and written.
public struct EligibilityResponse: Codable, Sendable, Equatable {
    /// One benefit (EB) with its dates, rejections and messages (loop 2110C/2110D).
    public struct Benefit: Codable, Sendable, Equatable {
        /// EB01: 1 active coverage, 6 inactive, A co-insurance, B co-payment, C deductible, G out of pocket, F limitations,
        /// I non-covered, L primary care provider, R other or additional payer, V cannot process...
        public var informationCode: String
        /// EB02: IND individual, FAM family, EMP employee only, ESP employee and spouse, CHD children only...
        public var coverageLevel: String?
        /// EB03: the service type codes it applies to (30 plan coverage, 98 office visit, UC urgent care...).
        public var serviceTypes: [String]
        /// EB04: HM HMO, PR PPO, MB Medicare Part B, MC Medicaid, C1 commercial...
        public var insuranceType: String?
        public var planDescription: String?
        /// EB06: 22 service year, 23 calendar year, 24 year to date, 27 visit, 29 remaining...
        public var timePeriod: String?
        /// EB07: the monetary amount (a co-payment, deductible, limit...).
        public var amountCents: Int?
        /// EB08: a rate as X12 writes it, "0.2" for 20 percent (kept as text, never a binary float).
        public var percent: String?
        /// EB09 and EB10: what the quantity counts (VS visits, DY days, HS hours...) and how many.
        public var quantityQualifier: String?
        public var quantity: String?
        /// EB11: whether prior authorization is required (Y, N, U unknown).
        public var authorizationRequired: String?
        /// EB12: Y in network, N out of network, W not applicable, U unknown.
        public var inNetwork: String?
        /// DTP: e.g. 346 plan begin, 348 benefit begin, 292 benefit period.
        public var dates: [EventDate]
        public var rejections: [Rejection]
        /// MSG: free-form text from the payer.
        public var messages: [String]

        public init(informationCode: String, coverageLevel: String? = nil, serviceTypes: [String] = [], insuranceType: String? = nil,
                    planDescription: String? = nil, timePeriod: String? = nil, amountCents: Int? = nil, percent: String? = nil,
                    quantityQualifier: String? = nil, quantity: String? = nil, authorizationRequired: String? = nil, inNetwork: String? = nil,
                    dates: [EventDate] = [], rejections: [Rejection] = [], messages: [String] = []) {
            self.informationCode = informationCode; self.coverageLevel = coverageLevel; self.serviceTypes = serviceTypes
            self.insuranceType = insuranceType; self.planDescription = planDescription; self.timePeriod = timePeriod
            self.amountCents = amountCents; self.percent = percent; self.quantityQualifier = quantityQualifier; self.quantity = quantity
            self.authorizationRequired = authorizationRequired; self.inNetwork = inNetwork; self.dates = dates
            self.rejections = rejections; self.messages = messages
        }

        init(_ loop: LoopInstance, repetition r: Character?) {
            let eb = loop.segment("EB")
            self.init(informationCode: eb?[1] ?? "", coverageLevel: eb?[2].nonEmpty, serviceTypes: loop.repetitions("EB", 3, r),
                      insuranceType: eb?[4].nonEmpty, planDescription: eb?[5].nonEmpty, timePeriod: eb?[6].nonEmpty,
                      amountCents: eb.flatMap { $0.amountCents(7) }, percent: eb?[8].nonEmpty, quantityQualifier: eb?[9].nonEmpty,
                      quantity: eb?[10].nonEmpty, authorizationRequired: eb?[11].nonEmpty, inNetwork: eb?[12].nonEmpty,
                      dates: EventDate.all(loop.segments), rejections: Rejection.all([loop]), messages: loop.segments("MSG").map { $0[1] })
        }
    }
    /// The answer about one member: the subscriber, or a dependent of the subscriber.
    public struct Answer: Codable, Sendable, Equatable {
        /// TRN*2: the inquiry's trace number echoed back, and who assigned it.
        public var traceNumber: String?
        public var traceOriginator: String?
        public var subscriber: Member
        public var dependent: Member?
        /// AAA and DTP of the member answered about (the dependent when there is one): e.g. 72 invalid member id;
        /// 346 plan begin, 307 eligibility.
        public var rejections: [Rejection]
        public var dates: [EventDate]
        public var benefits: [Benefit]

        public init(traceNumber: String?, traceOriginator: String?, subscriber: Member, dependent: Member? = nil, rejections: [Rejection] = [],
                    dates: [EventDate] = [], benefits: [Benefit]) {
            self.traceNumber = traceNumber; self.traceOriginator = traceOriginator; self.subscriber = subscriber; self.dependent = dependent
            self.rejections = rejections; self.dates = dates; self.benefits = benefits
        }

        /// Whether the payer reports active coverage (EB01 1) for the member.
        public var isActive: Bool { benefits.contains { $0.informationCode == "1" } }
    }
    public var transactionSet = "271"
    public var controlNumber: String
    /// BHT03: the reference of the 270 it answers.
    public var reference: String
    public var createdDate: String
    public var createdTime: String
    /// The payer, and its rejections of the whole inquiry (AAA in 2000A and 2100A, e.g. 42 unable to respond now).
    public var source: Party
    public var sourceRejections: [Rejection]
    /// The provider that asked (2100B), absent when the payer rejected the inquiry at its own level (the answers
    /// sit below the receiver, so without one none is written).
    public var receiver: Party?
    public var receiverRejections: [Rejection]
    public var answers: [Answer]

    public init(controlNumber: String, reference: String, createdDate: String, createdTime: String, source: Party,
                sourceRejections: [Rejection] = [], receiver: Party?, receiverRejections: [Rejection] = [], answers: [Answer]) {
        self.controlNumber = controlNumber; self.reference = reference; self.createdDate = createdDate; self.createdTime = createdTime
        self.source = source; self.sourceRejections = sourceRejections; self.receiver = receiver
        self.receiverRejections = receiverRejections; self.answers = answers
    }

    /// Reads a 271 transaction set; `repetition` is the interchange's repetition separator (ISA11), which EB03 uses.
    public init(_ t: LoopInstance, repetition r: Character?) {
        let bht = t.segment("BHT")
        controlNumber = t.segment("ST")?[2] ?? ""
        reference = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        let sourceLevel = t.loops("2000A").first
        let sourceName = sourceLevel?.loops("2100A").first
        source = Party(sourceName) ?? Party(name: "")
        sourceRejections = Rejection.all([sourceLevel, sourceName])
        let receiverName = t.descendants("2000B").first?.loops("2100B").first
        receiver = Party(receiverName)
        receiverRejections = Rejection.all([receiverName])
        answers = memberLevels(t, subscriberBenefits: "2110C", dependentBenefits: "2110D").map { m in
            let trn = m.level.segment("TRN", "2") ?? m.level.segment("TRN")
            return Answer(traceNumber: trn?[2], traceOriginator: trn?[3].nonEmpty, subscriber: m.subscriber, dependent: m.dependent,
                          rejections: Rejection.all([m.name]), dates: EventDate.all(m.name?.segments ?? []),
                          benefits: m.name?.loops(m.benefitLoop).map { Benefit($0, repetition: r) } ?? [])
        }
    }

    /// Writes the response as a 271 interchange: one subscriber level per answer, with a dependent level below it
    /// when the answer is about a dependent.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value
        let start = parties.open(&w, functionalID: "HB", transactionSet: "271", controlNumber: controlNumber, version: "005010X279A1",
                               date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        w.segment("BHT", ["0022", "11", v(reference), v(createdDate), v(createdTime)])
        w.segment("HL", ["1", "", "20", receiver == nil ? "0" : "1"])
        w.segment("NM1", text.nm1("PR", source, qualifier: "PI"))
        for r in sourceRejections { w.segment("AAA", text.aaa(r)) }
        if let receiver {
            w.segment("HL", ["2", "1", "21", answers.isEmpty ? "0" : "1"])
            w.segment("NM1", text.nm1("1P", receiver, qualifier: "XX"))
            ClaimWriter.address(receiver.address, &w)
            for r in receiverRejections { w.segment("AAA", text.aaa(r)) }
            var hl = 2
            for answer in answers {
                hl += 1
                let subscriberHL = hl
                let answered = answer.dependent == nil
                w.segment("HL", [String(hl), "2", "22", answered ? "0" : "1"])
                if answered { Self.trace(answer, &w, text) }
                w.segment("NM1", text.nm1("IL", answer.subscriber.person, qualifier: "MI"))
                ClaimWriter.address(answer.subscriber.person.address, &w)
                if answered { for r in answer.rejections { w.segment("AAA", text.aaa(r)) } }
                if let dmg = text.dmg(answer.subscriber) { w.segment("DMG", dmg) }
                if answered { Self.coverage(answer, &w, text) }
                if let dependent = answer.dependent {
                    hl += 1
                    w.segment("HL", [String(hl), String(subscriberHL), "23", "0"])
                    Self.trace(answer, &w, text)
                    w.segment("NM1", ["03", "1", v(dependent.person.name), v(dependent.person.firstName)])
                    ClaimWriter.address(dependent.person.address, &w)
                    for r in answer.rejections { w.segment("AAA", text.aaa(r)) }
                    if let dmg = text.dmg(dependent) { w.segment("DMG", dmg) }
                    if let relationship = dependent.relationship { w.segment("INS", ["N", v(relationship)]) }
                    Self.coverage(answer, &w, text)
                }
            }
        }
        return parties.close(&w, transactionStart: start, controlNumber: controlNumber, interchangeControlNumber: interchangeControlNumber,
                             groupControlNumber: groupControlNumber)
    }

    private static func trace(_ answer: Answer, _ w: inout SegmentWriter, _ text: ElementText) {
        if let trace = answer.traceNumber { w.segment("TRN", ["2", text.value(trace), text.value(answer.traceOriginator)]) }
    }

    /// The member's dates, then one 2110 loop per benefit.
    private static func coverage(_ answer: Answer, _ w: inout SegmentWriter, _ text: ElementText) {
        let v = text.value
        for d in answer.dates { w.segment("DTP", text.dtp(d.qualifier, d.date)) }
        for b in answer.benefits {
            w.segment("EB", [v(b.informationCode), v(b.coverageLevel), text.repeated(b.serviceTypes), v(b.insuranceType), v(b.planDescription),
                             v(b.timePeriod), b.amountCents.map(amount) ?? "", v(b.percent), v(b.quantityQualifier), v(b.quantity),
                             v(b.authorizationRequired), v(b.inNetwork)])
            for d in b.dates { w.segment("DTP", text.dtp(d.qualifier, d.date)) }
            for r in b.rejections { w.segment("AAA", text.aaa(r)) }
            for m in b.messages { w.segment("MSG", [v(m)]) }
        }
    }
}

/// A member level of a 270 or 271: the HL loop that carries the trace number, the name loop that carries the
/// demographics, dates and benefit loops, and the subscriber and dependent it concerns.
struct MemberLevel {
    var level: LoopInstance
    var name: LoopInstance?
    var benefitLoop: String
    var subscriber: Member
    var dependent: Member?
}

/// Every member asked or answered about, in file order: each dependent level, and each subscriber level that is
/// about the subscriber (it has no dependent levels, or benefit loops or rejections of its own).
func memberLevels(_ t: LoopInstance, subscriberBenefits: String, dependentBenefits: String) -> [MemberLevel] {
    t.descendants("2000C").flatMap { subscriberLevel -> [MemberLevel] in
        let subscriberName = subscriberLevel.loops("2100C").first
        let subscriber = Member(subscriberName, "IL") ?? Member(person: Party(name: ""))
        let dependents = subscriberLevel.loops("2000D")
        let aboutSubscriber = dependents.isEmpty || subscriberName.map { !$0.loops(subscriberBenefits).isEmpty || $0.segment("AAA") != nil } ?? false
        let own = aboutSubscriber ? [MemberLevel(level: subscriberLevel, name: subscriberName, benefitLoop: subscriberBenefits, subscriber: subscriber)] : []
        return own + dependents.map { level in
            let name = level.loops("2100D").first
            return MemberLevel(level: level, name: name, benefitLoop: dependentBenefits, subscriber: subscriber,
                               dependent: Member(name, "03") ?? Member(person: Party(name: "")))
        }
    }
}
