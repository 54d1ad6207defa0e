import X12

/// The services review (278, 005010X217): a provider asks a utilization management organization (UMO) to certify
/// (authorize) an admission, a referral or services, and the UMO answers with its decision and the authorization
/// number; request and response, read and written.

/// HCR: the UMO's decision on an event or a service.
public struct ReviewDecision: Codable, Sendable, Equatable {
    /// HCR01: A1 certified in total, A2 certified partial, A3 not certified, A4 pended, A6 modified, C cancelled,
    /// CT contact payer, D deferred, NA no action required.
    public var action: String
    /// HCR02: the review identification number, the authorization number the claim quotes (837 REF*G1).
    public var reviewNumber: String?
    /// HCR03: the decision reason code.
    public var reasonCode: String?
    /// HCR04: whether a second surgical opinion is required (Y, N).
    public var secondSurgicalOpinion: String?

    public init(action: String, reviewNumber: String? = nil, reasonCode: String? = nil, secondSurgicalOpinion: String? = nil) {
        self.action = action; self.reviewNumber = reviewNumber; self.reasonCode = reasonCode; self.secondSurgicalOpinion = secondSurgicalOpinion
    }

    init?(_ hcr: Segment?) {
        guard let hcr else { return nil }
        self.init(action: hcr[1], reviewNumber: hcr[2].nonEmpty, reasonCode: hcr[3].nonEmpty, secondSurgicalOpinion: hcr[4].nonEmpty)
    }

    var elements: [String] { [action, reviewNumber ?? "", reasonCode ?? "", secondSurgicalOpinion ?? ""] }
}

/// A diagnosis of a review (HI): qualifier (ABK principal, ABF other, ABJ admitting, APR reason for visit; BK, BF...
/// for ICD-9), the code without its dot, and the date it was made when given.
public struct ReviewDiagnosis: Codable, Sendable, Equatable {
    public var qualifier: String
    public var code: String
    public var date: String?

    public init(qualifier: String, code: String, date: String? = nil) { self.qualifier = qualifier; self.code = code; self.date = date }
}

/// A provider of the event or service, with its role (NM101: SJ service provider, 71 attending, 72 operating,
/// FA facility, DN referring, DK ordering, 1T physician, clinic or group practice...).
public struct ReviewProvider: Codable, Sendable, Equatable {
    public var role: String
    public var provider: Party

    public init(role: String, provider: Party) { self.role = role; self.provider = provider }
}

/// A service asked for or decided on (loop 2000F).
public struct ReviewService: Codable, Sendable, Equatable {
    /// TRN: the requester's trace number (TRN*1 in a request, echoed as TRN*2 in the response).
    public var traceNumber: String?
    public var traceOriginator: String?
    /// UM01, UM02, UM03: as for the event.
    public var requestCategory: String
    public var certificationType: String?
    public var serviceType: String?
    /// In the response: the decision on this service and why the UMO could not review it.
    public var decision: ReviewDecision?
    public var rejections: [Rejection]
    /// DTP: 472 service date; in the response also 102 issue, 036 expiration, 007 effective.
    public var dates: [EventDate]
    /// SV2: the revenue code of an institutional service; SV1 (professional) when absent.
    public var revenueCode: String?
    public var procedureQualifier: String?
    public var procedureCode: String?
    public var modifiers: [String]
    public var chargeCents: Int?
    /// UN units, MJ minutes (SV1) or DA days (SV2), and how many.
    public var unitQualifier: String?
    public var units: String?
    public var providers: [ReviewProvider]

    public init(traceNumber: String? = nil, traceOriginator: String? = nil, requestCategory: String, certificationType: String? = nil,
                serviceType: String? = nil, decision: ReviewDecision? = nil, rejections: [Rejection] = [], dates: [EventDate] = [],
                revenueCode: String? = nil, procedureQualifier: String? = "HC", procedureCode: String?, modifiers: [String] = [],
                chargeCents: Int? = nil, unitQualifier: String? = "UN", units: String? = "1", providers: [ReviewProvider] = []) {
        self.traceNumber = traceNumber; self.traceOriginator = traceOriginator; self.requestCategory = requestCategory
        self.certificationType = certificationType; self.serviceType = serviceType; self.decision = decision; self.rejections = rejections
        self.dates = dates; self.revenueCode = revenueCode; self.procedureQualifier = procedureQualifier; self.procedureCode = procedureCode
        self.modifiers = modifiers; self.chargeCents = chargeCents; self.unitQualifier = unitQualifier; self.units = units
        self.providers = providers
    }

    init(_ level: LoopInstance, component c: Character) {
        let um = level.segment("UM")
        let trn = level.segment("TRN", "2") ?? level.segment("TRN")
        // SV1: procedure, charge, unit, units; SV2: revenue code first, the rest one element later.
        let sv2 = level.segment("SV2")
        let line = level.segment("SV1") ?? sv2
        let at = sv2 == nil ? 1 : 2
        let procedure = (line?[at] ?? "").split(separator: c, omittingEmptySubsequences: false).map(String.init)
        self.init(traceNumber: trn?[2], traceOriginator: trn?[3].nonEmpty, requestCategory: um?[1] ?? "", certificationType: um?[2].nonEmpty,
                  serviceType: um?[3].nonEmpty, decision: ReviewDecision(level.segment("HCR")), rejections: Rejection.all([level]),
                  dates: EventDate.all(level.segments), revenueCode: sv2?[1].nonEmpty, procedureQualifier: procedure.first?.nonEmpty,
                  procedureCode: procedure.count > 1 ? procedure[1].nonEmpty : nil, modifiers: procedure.dropFirst(2).prefix(4).filter { !$0.isEmpty },
                  chargeCents: line.flatMap { $0.amountCents(at + 1) }, unitQualifier: line?[at + 2].nonEmpty, units: line?[at + 3].nonEmpty,
                  providers: reviewProviders(level, ["2010F", "2010FA"]))
    }
}

/// The patient event under review (loop 2000E): an admission, a referral, or a set of services.
public struct PatientEvent: Codable, Sendable, Equatable {
    /// TRN: the requester's trace number (TRN*1 in a request, echoed as TRN*2 in the response) and who assigned it.
    public var traceNumber: String?
    public var traceOriginator: String?
    /// UM01: AR admission review, HS health services review, SC specialty care review (referral), IN individual.
    public var requestCategory: String
    /// UM02: I initial, 1 appeal (immediate), 2 appeal (standard), 3 cancel, 4 extension, S revised.
    public var certificationType: String
    /// UM03: the service type code (1 medical care, 2 surgical, 48 hospital inpatient, 3 consultation...).
    public var serviceType: String?
    /// UM04: the facility code and its qualifier (A institutional type of bill, B place of service).
    public var facilityCode: String?
    public var facilityCodeQualifier: String?
    /// UM06: 03 emergency, E elective, U urgent.
    public var levelOfService: String?
    /// In the response: the decision (with the authorization number) and why the UMO could not review the event.
    public var decision: ReviewDecision?
    public var rejections: [Rejection]
    /// DTP: AAH event date or certification period, 435 admission, 096 discharge, 439 accident, 484 last menstrual
    /// period; in the response also 102 issue, 036 expiration, 007 effective.
    public var dates: [EventDate]
    public var diagnoses: [ReviewDiagnosis]
    public var providers: [ReviewProvider]
    public var services: [ReviewService]

    public init(traceNumber: String? = nil, traceOriginator: String? = nil, requestCategory: String, certificationType: String,
                serviceType: String? = nil, facilityCode: String? = nil, facilityCodeQualifier: String? = nil, levelOfService: String? = nil,
                decision: ReviewDecision? = nil, rejections: [Rejection] = [], dates: [EventDate] = [], diagnoses: [ReviewDiagnosis] = [],
                providers: [ReviewProvider] = [], services: [ReviewService] = []) {
        self.traceNumber = traceNumber; self.traceOriginator = traceOriginator; self.requestCategory = requestCategory
        self.certificationType = certificationType; self.serviceType = serviceType; self.facilityCode = facilityCode
        self.facilityCodeQualifier = facilityCodeQualifier; self.levelOfService = levelOfService; self.decision = decision
        self.rejections = rejections; self.dates = dates; self.diagnoses = diagnoses; self.providers = providers; self.services = services
    }

    init(_ level: LoopInstance, component c: Character) {
        let um = level.segment("UM")
        let trn = level.segment("TRN", "2") ?? level.segment("TRN")
        let facility = (um?[4] ?? "").split(separator: c, omittingEmptySubsequences: false).map(String.init)
        let diagnoses = level.segments("HI").flatMap { hi in
            (1...12).compactMap { n -> ReviewDiagnosis? in
                let parts = hi[n].split(separator: c, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 2 else { return nil }
                return ReviewDiagnosis(qualifier: parts[0], code: parts[1], date: parts.count > 3 ? parts[3].nonEmpty : nil)
            }
        }
        self.init(traceNumber: trn?[2], traceOriginator: trn?[3].nonEmpty, requestCategory: um?[1] ?? "", certificationType: um?[2] ?? "",
                  serviceType: um?[3].nonEmpty, facilityCode: facility.first?.nonEmpty, facilityCodeQualifier: facility.count > 1 ? facility[1].nonEmpty : nil,
                  levelOfService: um?[6].nonEmpty, decision: ReviewDecision(level.segment("HCR")), rejections: Rejection.all([level]),
                  dates: EventDate.all(level.segments), diagnoses: diagnoses, providers: reviewProviders(level, ["2010EA"]),
                  services: level.loops("2000F").map { ReviewService($0, component: c) })
    }

    /// The event level, its providers and its service levels; `hl` is the last HL number used.
    func write(_ w: inout SegmentWriter, _ text: ElementText, parentHL: Int, hl: inout Int, response: Bool) {
        let v = text.value
        hl += 1
        let eventHL = hl
        w.segment("HL", [String(eventHL), String(parentHL), "EV", services.isEmpty ? "0" : "1"])
        if let trace = traceNumber { w.segment("TRN", [response ? "2" : "1", v(trace), v(traceOriginator)]) }
        if response { for r in rejections { w.segment("AAA", text.aaa(r)) } }
        let facility = facilityCode.map { text.composite([$0, facilityCodeQualifier]) } ?? ""
        w.segment("UM", [v(requestCategory), v(certificationType), v(serviceType), facility, "", v(levelOfService)])
        if response, let decision { w.segment("HCR", decision.elements.map(v)) }
        for d in dates { w.segment("DTP", text.dtp(d.qualifier, d.date)) }
        if !diagnoses.isEmpty {
            w.segment("HI", diagnoses.prefix(12).map { d in text.composite([d.qualifier, d.code.replacingDots, d.date == nil ? nil : "D8", d.date]) })
        }
        for p in providers { writeProvider(p, &w, text) }
        for service in services {
            hl += 1
            w.segment("HL", [String(hl), String(eventHL), "SS", "0"])
            if let trace = service.traceNumber { w.segment("TRN", [response ? "2" : "1", v(trace), v(service.traceOriginator)]) }
            if response { for r in service.rejections { w.segment("AAA", text.aaa(r)) } }
            w.segment("UM", [v(service.requestCategory), v(service.certificationType), v(service.serviceType)])
            if response, let decision = service.decision { w.segment("HCR", decision.elements.map(v)) }
            for d in service.dates { w.segment("DTP", text.dtp(d.qualifier, d.date)) }
            let procedure = service.procedureCode.map {
                text.composite([service.procedureQualifier ?? "HC", $0] + service.modifiers.prefix(4).map { Optional($0) })
            } ?? ""
            let quantity = [service.chargeCents.map(amount) ?? "", v(service.unitQualifier), v(service.units)]
            if let revenueCode = service.revenueCode {
                w.segment("SV2", [v(revenueCode), procedure] + quantity)
            } else if !procedure.isEmpty {
                w.segment("SV1", [procedure] + quantity)
            }
            for p in service.providers { writeProvider(p, &w, text) }
        }
    }
}

/// The 278 request: one patient event with its services, for a subscriber or a dependent.
public struct ReviewRequest: Codable, Sendable, Equatable {
    public var transactionSet = "278"
    public var controlNumber: String
    /// BHT03: the submitter's reference; the response echoes it.
    public var reference: String
    public var createdDate: String
    public var createdTime: String
    /// 2010A: who reviews (NM1*X3, the UMO, usually the payer); 2010B: who asks (role 1P provider or FA facility).
    public var umo: Party
    public var requester: ReviewProvider
    public var subscriber: Member
    /// The patient when not the subscriber (loop 2000D).
    public var dependent: Member?
    public var event: PatientEvent

    public init(controlNumber: String, reference: String, createdDate: String, createdTime: String, umo: Party, requester: ReviewProvider,
                subscriber: Member, dependent: Member? = nil, event: PatientEvent) {
        self.controlNumber = controlNumber; self.reference = reference; self.createdDate = createdDate; self.createdTime = createdTime
        self.umo = umo; self.requester = requester; self.subscriber = subscriber; self.dependent = dependent; self.event = event
    }

    /// Reads a 278 request; `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let header = ReviewHeader(t)
        controlNumber = header.controlNumber; reference = header.reference; createdDate = header.createdDate; createdTime = header.createdTime
        umo = Party(header.umo) ?? Party(name: "")
        requester = header.requester.flatMap { reviewProviders([$0]).first } ?? ReviewProvider(role: "", provider: Party(name: ""))
        subscriber = Member(header.subscriber, "IL") ?? Member(person: Party(name: ""))
        dependent = Member(header.dependent, "QC")
        event = t.descendants("2000E").first.map { PatientEvent($0, component: c) } ?? PatientEvent(requestCategory: "", certificationType: "")
    }

    /// Writes the request as a 278 interchange.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        writeReview(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber,
                    response: false, header: (controlNumber, reference, createdDate, createdTime), umo: umo, requester: requester,
                    subscriber: subscriber, dependent: dependent, rejections: ([], [], [], []), events: [event])
    }
}

/// The 278 response: the UMO's decisions on each event and service, or why it could not review them.
public struct ReviewResponse: Codable, Sendable, Equatable {
    public var transactionSet = "278"
    public var controlNumber: String
    public var reference: String
    public var createdDate: String
    public var createdTime: String
    public var umo: Party
    /// AAA of the UMO levels (2000A and 2010A), e.g. 42 unable to respond now.
    public var umoRejections: [Rejection]
    public var requester: ReviewProvider
    /// AAA of the requester (2010B), e.g. 51 provider not on file.
    public var requesterRejections: [Rejection]
    public var subscriber: Member
    /// AAA of the subscriber (2010C), e.g. 75 subscriber not found.
    public var subscriberRejections: [Rejection]
    public var dependent: Member?
    public var dependentRejections: [Rejection]
    public var events: [PatientEvent]

    public init(controlNumber: String, reference: String, createdDate: String, createdTime: String, umo: Party, umoRejections: [Rejection] = [],
                requester: ReviewProvider, requesterRejections: [Rejection] = [], subscriber: Member, subscriberRejections: [Rejection] = [],
                dependent: Member? = nil, dependentRejections: [Rejection] = [], events: [PatientEvent]) {
        self.controlNumber = controlNumber; self.reference = reference; self.createdDate = createdDate; self.createdTime = createdTime
        self.umo = umo; self.umoRejections = umoRejections; self.requester = requester; self.requesterRejections = requesterRejections
        self.subscriber = subscriber; self.subscriberRejections = subscriberRejections; self.dependent = dependent
        self.dependentRejections = dependentRejections; self.events = events
    }

    /// Reads a 278 response; `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let header = ReviewHeader(t)
        controlNumber = header.controlNumber; reference = header.reference; createdDate = header.createdDate; createdTime = header.createdTime
        umo = Party(header.umo) ?? Party(name: "")
        umoRejections = Rejection.all([t.loops("2000A").first, header.umo])
        requester = header.requester.flatMap { reviewProviders([$0]).first } ?? ReviewProvider(role: "", provider: Party(name: ""))
        requesterRejections = Rejection.all([header.requester])
        subscriber = Member(header.subscriber, "IL") ?? Member(person: Party(name: ""))
        subscriberRejections = Rejection.all([header.subscriber])
        dependent = Member(header.dependent, "QC")
        dependentRejections = Rejection.all([header.dependent])
        events = t.descendants("2000E").map { PatientEvent($0, component: c) }
    }

    /// Writes the response as a 278 interchange.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        writeReview(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber,
                    response: true, header: (controlNumber, reference, createdDate, createdTime), umo: umo, requester: requester,
                    subscriber: subscriber, dependent: dependent,
                    rejections: (umoRejections, requesterRejections, subscriberRejections, dependentRejections), events: events)
    }
}

/// The BHT and the name loops of the UMO, requester, subscriber and dependent levels, where request and response agree.
private struct ReviewHeader {
    var controlNumber, reference, createdDate, createdTime: String
    var umo, requester, subscriber, dependent: LoopInstance?

    init(_ t: LoopInstance) {
        let bht = t.segment("BHT")
        controlNumber = t.segment("ST")?[2] ?? ""
        reference = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        umo = t.loops("2000A").first?.loops("2010A").first
        requester = t.descendants("2000B").first?.loops("2010B").first
        subscriber = t.descendants("2000C").first?.loops("2010C").first
        dependent = t.descendants("2000D").first?.loops("2010D").first
    }
}

private func reviewProviders(_ level: LoopInstance, _ ids: [String]) -> [ReviewProvider] {
    reviewProviders(level.loops().filter { ids.contains($0.id) })
}

private func reviewProviders(_ loops: [LoopInstance]) -> [ReviewProvider] {
    loops.compactMap { loop in
        guard let role = loop.segment("NM1")?[1], let party = Party(loop) else { return nil }
        return ReviewProvider(role: role, provider: party)
    }
}

private func writeProvider(_ p: ReviewProvider, _ w: inout SegmentWriter, _ text: ElementText) {
    w.segment("NM1", text.nm1(p.role, p.provider, qualifier: "XX"))
    ClaimWriter.address(p.provider.address, &w)
}

/// A 278 request or response: the UMO, requester, subscriber and (when the patient is someone else) dependent
/// levels, each required by the guide, then the patient events below the patient's level.
private func writeReview(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int,
                         response: Bool, header: (controlNumber: String, reference: String, createdDate: String, createdTime: String),
                         umo: Party, requester: ReviewProvider, subscriber: Member, dependent: Member?,
                         rejections: (umo: [Rejection], requester: [Rejection], subscriber: [Rejection], dependent: [Rejection]),
                         events: [PatientEvent]) -> String {
    var w = SegmentWriter(delimiters: SegmentWriter.standard)
    let text = ElementText(delimiters: w.delimiters)
    let v = text.value
    func aaa(_ list: [Rejection]) { if response { for r in list { w.segment("AAA", text.aaa(r)) } } }
    let start = parties.open(&w, functionalID: "HI", transactionSet: "278", controlNumber: header.controlNumber, version: "005010X217",
                           date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
    w.segment("BHT", ["0007", response ? "11" : "13", v(header.reference), v(header.createdDate), v(header.createdTime)])
    w.segment("HL", ["1", "", "20", "1"])
    w.segment("NM1", text.nm1("X3", umo, qualifier: "PI"))
    aaa(rejections.umo)
    w.segment("HL", ["2", "1", "21", "1"])
    w.segment("NM1", text.nm1(requester.role, requester.provider, qualifier: "XX"))
    aaa(rejections.requester)
    w.segment("HL", ["3", "2", "22", "1"])
    // The guide knows the subscriber only as a person (NM102 1).
    var nm1 = text.nm1("IL", subscriber.person, qualifier: "MI")
    nm1[1] = "1"
    w.segment("NM1", nm1)
    ClaimWriter.address(subscriber.person.address, &w)
    aaa(rejections.subscriber)
    if let dmg = text.dmg(subscriber) { w.segment("DMG", dmg) }
    var hl = 3
    if let dependent {
        hl += 1
        w.segment("HL", [String(hl), "3", "23", "1"])
        w.segment("NM1", ["QC", "1", v(dependent.person.name), v(dependent.person.firstName)])
        ClaimWriter.address(dependent.person.address, &w)
        aaa(rejections.dependent)
        if let dmg = text.dmg(dependent) { w.segment("DMG", dmg) }
        if let relationship = dependent.relationship { w.segment("INS", ["N", v(relationship)]) }
    }
    let patientHL = hl
    for event in events { event.write(&w, text, parentHL: patientHL, hl: &hl, response: response) }
    return parties.close(&w, transactionStart: start, controlNumber: header.controlNumber, interchangeControlNumber: interchangeControlNumber,
                         groupControlNumber: groupControlNumber)
}
