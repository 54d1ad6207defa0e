import CodeSets
import Foundation

// The coder's work queue: each encounter whose documentation is signed is a chart to code. It waits in the queue,
// a coder claims it (or a manager assigns it), codes it, and completes it; on the way it may be released, handed
// back with a reason, or wait for the provider's answer to a query. The encounter's status moves with it
// (documented, inCoding, pendingQuery, coded), written in the same transaction (`CodingWorkStore`).

/// The guidelines a chart is coded under. Inpatient: an institutional claim for a hospital stay (type of bill 11x or
/// 12x, 41x or 42x), where the Official Guidelines (Section II and III) code uncertain diagnoses as if established.
/// Everything else, physicians' services in the hospital included, is outpatient (Section IV).
public enum CodingWorkType: String, Hashable, Codable, Sendable, CaseIterable {
    case inpatient
    case outpatient

    public init(_ encounter: Encounter) {
        guard encounter.claimKind == .institutional, let billType = encounter.institutionalBillType else { self = .outpatient; return }
        self = ["11", "12", "41", "42"].contains(billType) ? .inpatient : .outpatient
    }
}

/// How soon a chart should be coded: urgent before high before routine, then the oldest date of service first.
public enum CodingPriority: String, Hashable, Codable, Sendable, CaseIterable {
    case urgent
    case high
    case routine

    /// 0 for urgent: the queue's first sort key.
    public var rank: Int {
        switch self {
        case .urgent: 0
        case .high: 1
        case .routine: 2
        }
    }
}

/// Where a chart is in the coder's work.
public enum CodingWorkStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Documented and waiting for a coder (claimed by nobody, or released or handed back).
    case queued
    /// A coder is coding it.
    case inProgress
    /// The coder asked the provider a question and waits for the answer.
    case pendingQuery
    /// Coded.
    case done
    /// The encounter was voided.
    case removed

    /// The statuses a queue shows unless asked otherwise: the work not yet done.
    public static let open: [CodingWorkStatus] = [.queued, .inProgress, .pendingQuery]

    /// The work status of an encounter's status; nil while the documentation is not signed (no work yet).
    public init?(_ status: EncounterStatus) {
        switch status {
        case .open: return nil
        case .documented: self = .queued
        case .inCoding: self = .inProgress
        case .pendingQuery: self = .pendingQuery
        case .coded, .billed: self = .done
        case .void: self = .removed
        }
    }
}

/// One thing that happened to a chart in the queue.
public struct CodingWorkEvent: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable {
        case entered, claimed, assigned, released, handedBack, prioritized, coded, completed, reopened, statusChanged
        /// A query went to the provider; the provider answered it; the coder withdrew it.
        case queried, answered, withdrawn
    }

    public var kind: Kind
    /// Nil when the system did it (the chart entered the queue when its encounter was signed).
    public var actor: ClaimActor?
    public var at: Date
    public var note: String?
    /// The coder a chart was assigned to (the actor is the manager who assigned it).
    public var to: ClaimActor?

    public init(kind: Kind, actor: ClaimActor?, at: Date, note: String? = nil, to: ClaimActor? = nil) {
        self.kind = kind; self.actor = actor; self.at = at; self.note = note; self.to = to
    }
}

/// A chart in the coder's work queue: one per encounter (its id is the encounter's), with the values the queue
/// filters on taken from the encounter, its rendering provider and the coverage in force on the date of service.
public struct CodingWorkItem: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var patientID: UUID
    public var workType: CodingWorkType
    public var priority: CodingPriority
    /// The rendering provider's specialty, as the practice wrote it.
    public var specialty: String
    /// The payer of the primary coverage in force on the first date of service; nil for self-pay.
    public var payerID: UUID?
    public var serviceFrom: ServiceDate
    public var serviceThrough: ServiceDate
    /// When the chart entered the queue (its documentation was signed): turnaround counts from here.
    public var enteredAt: Date
    public var status: CodingWorkStatus
    public var assignee: ClaimActor?
    public var assignedAt: Date?
    /// Why the last coder handed it back, shown in the queue until someone claims it.
    public var handBackNote: String?
    public var completedAt: Date?
    /// Oldest first.
    public var events: [CodingWorkEvent]

    public var encounterID: UUID { id }

    public init(id: UUID, tenantID: UUID, patientID: UUID, workType: CodingWorkType, priority: CodingPriority, specialty: String, payerID: UUID?,
                serviceFrom: ServiceDate, serviceThrough: ServiceDate, enteredAt: Date, status: CodingWorkStatus, assignee: ClaimActor? = nil,
                assignedAt: Date? = nil, handBackNote: String? = nil, completedAt: Date? = nil, events: [CodingWorkEvent] = []) {
        self.id = id; self.tenantID = tenantID; self.patientID = patientID; self.workType = workType; self.priority = priority
        self.specialty = specialty; self.payerID = payerID; self.serviceFrom = serviceFrom; self.serviceThrough = serviceThrough
        self.enteredAt = enteredAt; self.status = status; self.assignee = assignee; self.assignedAt = assignedAt
        self.handBackNote = handBackNote; self.completedAt = completedAt; self.events = events
    }

    /// Days from the last date of service to `today`: how old the chart is for the queue's age filter.
    public func ageInDays(on today: ServiceDate) -> Int { max(0, serviceThrough.days(until: today)) }
}

/// Why the coding desk refused a change: the field it concerns and the reason in words.
public struct CodingWorkRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var description: String { "\(field): \(message)" }

    public init(_ field: String, _ message: String) { self.field = field; self.message = message }

    /// Fields the caller wrote: a refusal about them is bad input (422), the others a state that forbids it (409).
    public static let inputFields: Set<String> = ["note", "reason", "code", "diagnoses", "procedureCodes", "units", "modifiers", "diagnosisPointers", "priority", "subject", "clinicalIndicators", "options",
                                                  "question", "answer", "detail", "name", "size", "completedTo", "sampling", "codes", "procedures"]

    public var isAboutInput: Bool { Self.inputFields.contains(field) || field.hasPrefix("codePrefixes") }
}

/// A CPT or HCPCS service as the coder codes it: the code, its modifiers (the pricing one first), units, the
/// diagnoses it treats (1-based pointers; professional only), its date of service (the encounter's first by default)
/// and, on institutional charts, its revenue code. `CodingDesk.charge(for:...)` makes it a priced charge line.
public struct CodedService: Codable, Hashable, Sendable {
    public var code: String
    public var modifiers: [String]
    public var units: Int
    public var diagnosisPointers: [Int]
    public var serviceDate: ServiceDate?
    public var revenueCode: String?

    public init(code: String, modifiers: [String] = [], units: Int = 1, diagnosisPointers: [Int] = [], serviceDate: ServiceDate? = nil, revenueCode: String? = nil) {
        self.code = code; self.modifiers = modifiers; self.units = units; self.diagnosisPointers = diagnosisPointers
        self.serviceDate = serviceDate; self.revenueCode = revenueCode
    }
}

/// The coding desk's rules, as pure functions of the chart and its encounter.
public enum CodingDesk {
    public static let maximumNoteLength = 2_000

    /// The chart of an encounter as just written: a new one when its documentation has just been signed, the
    /// existing one brought up to date (its filter values and its status), or nil when the encounter is no coding
    /// work (not signed yet, or coded or voided without ever being queued).
    public static func synchronized(_ existing: CodingWorkItem?, encounter: Encounter, renderingProvider: Provider?, coverages: [Coverage],
                                    at now: Date) -> CodingWorkItem? {
        let payerID = coverages.filter { $0.patientID == encounter.patientID && $0.covers(encounter.serviceFrom) }
            .min { $0.order < $1.order }?.payerID
        guard let status = CodingWorkStatus(encounter.status) else {
            // Signed and then reopened for the provider to change: out of the queue until it is signed again.
            guard var item = existing, item.status != .removed else { return existing }
            item.status = .removed
            item.assignee = nil
            item.assignedAt = nil
            item.events.append(CodingWorkEvent(kind: .statusChanged, actor: nil, at: now, note: "the encounter was reopened"))
            return item
        }
        // Coded outside the queue (imported, or coded before the queue existed): no chart to work.
        if existing == nil && (status == .done || status == .removed) { return nil }
        var item = existing ?? CodingWorkItem(
            id: encounter.id, tenantID: encounter.tenantID, patientID: encounter.patientID, workType: CodingWorkType(encounter), priority: .routine,
            specialty: "", payerID: nil, serviceFrom: encounter.serviceFrom, serviceThrough: encounter.serviceThrough, enteredAt: now, status: status,
            events: [CodingWorkEvent(kind: .entered, actor: nil, at: now)])
        item.patientID = encounter.patientID
        item.workType = CodingWorkType(encounter)
        item.specialty = renderingProvider?.specialty ?? item.specialty
        item.payerID = payerID
        item.serviceFrom = encounter.serviceFrom
        item.serviceThrough = encounter.serviceThrough
        if existing != nil && item.status != status {
            item.events.append(CodingWorkEvent(kind: .statusChanged, actor: nil, at: now, note: "\(item.status.rawValue) -> \(status.rawValue)"))
            if status == .done && item.completedAt == nil { item.completedAt = now }
            if status == .queued || status == .removed { item.assignee = nil; item.assignedAt = nil }
        }
        item.status = status
        return item
    }

    /// The coder takes the chart: refused when someone else has it, or when it is done or removed.
    public static func claim(_ item: CodingWorkItem, _ encounter: Encounter, by coder: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try take(item, encounter, for: coder, by: coder, kind: .claimed, at: now)
    }

    /// A manager gives the chart to a coder, taking it from whoever had it.
    public static func assign(_ item: CodingWorkItem, _ encounter: Encounter, to coder: ClaimActor, by manager: ClaimActor,
                              at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try take(item, encounter, for: coder, by: manager, kind: .assigned, at: now)
    }

    private static func take(_ item: CodingWorkItem, _ encounter: Encounter, for coder: ClaimActor, by actor: ClaimActor, kind: CodingWorkEvent.Kind,
                             at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try checkOpen(item)
        if kind == .claimed, let assignee = item.assignee, assignee.userID != coder.userID {
            throw CodingWorkRefusal("assignee", "\(assignee.displayName) is coding this chart; they can release it, or a manager can assign it")
        }
        if item.assignee?.userID == coder.userID { throw CodingWorkRefusal("assignee", "\(coder.displayName) already has this chart") }
        var item = item, encounter = encounter
        item.assignee = coder
        item.assignedAt = now
        item.handBackNote = nil
        if item.status == .queued { item.status = .inProgress }
        item.events.append(CodingWorkEvent(kind: kind, actor: actor, at: now, note: kind == .assigned ? "to \(coder.displayName)" : nil,
                                           to: kind == .assigned ? coder : nil))
        if encounter.status == .documented { encounter.status = .inCoding }
        return (item, encounter)
    }

    /// The coder (or a manager) gives the chart back to the queue untouched.
    public static func release(_ item: CodingWorkItem, _ encounter: Encounter, by actor: ClaimActor, mayReleaseOthers: Bool,
                               at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try giveBack(item, encounter, by: actor, mayReleaseOthers: mayReleaseOthers, kind: .released, note: nil, at: now)
    }

    /// The coder returns the chart to the queue with the reason (another specialty, a missing document), which the
    /// queue shows to the next coder.
    public static func handBack(_ item: CodingWorkItem, _ encounter: Encounter, by actor: ClaimActor, note: String,
                                at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        let note = try checkedNote(note, what: "why the chart goes back")
        return try giveBack(item, encounter, by: actor, mayReleaseOthers: false, kind: .handedBack, note: note, at: now)
    }

    private static func giveBack(_ item: CodingWorkItem, _ encounter: Encounter, by actor: ClaimActor, mayReleaseOthers: Bool, kind: CodingWorkEvent.Kind,
                                 note: String?, at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try checkOpen(item)
        guard let assignee = item.assignee else { throw CodingWorkRefusal("assignee", "nobody has this chart") }
        guard assignee.userID == actor.userID || mayReleaseOthers else {
            throw CodingWorkRefusal("assignee", "\(assignee.displayName) has this chart; only they or a manager can give it back")
        }
        guard item.status != .pendingQuery else {
            throw CodingWorkRefusal("status", "the chart waits for the provider's answer to a query; it stays with \(assignee.displayName) until then")
        }
        var item = item, encounter = encounter
        item.assignee = nil
        item.assignedAt = nil
        item.status = .queued
        item.handBackNote = note
        item.events.append(CodingWorkEvent(kind: kind, actor: actor, at: now, note: note))
        if encounter.status == .inCoding { encounter.status = .documented }
        return (item, encounter)
    }

    /// Sets the chart's priority (a manager's call).
    public static func prioritize(_ item: CodingWorkItem, _ priority: CodingPriority, by actor: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> CodingWorkItem {
        try checkOpen(item)
        guard item.priority != priority else { throw CodingWorkRefusal("priority", "the chart is \(priority.rawValue) already") }
        var item = item
        item.events.append(CodingWorkEvent(kind: .prioritized, actor: actor, at: now, note: "\(item.priority.rawValue) -> \(priority.rawValue)"))
        item.priority = priority
        return item
    }

    /// The coder's diagnoses, in sequence, put on the encounter: only by the coder who has the chart.
    /// The coder sets the diagnoses in sequence and, when given, the ICD-10-PCS procedures (institutional charts).
    public static func code(_ item: CodingWorkItem, _ encounter: Encounter, diagnoses: [DiagnosisCode], procedureCodes: [ProcedureCode]? = nil,
                            by coder: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try checkHeld(item, by: coder)
        if let procedureCodes, !procedureCodes.isEmpty, encounter.claimKind == .professional {
            throw CodingWorkRefusal("procedureCodes", "ICD-10-PCS procedures are coded on institutional charts only; code a professional service as a CPT or HCPCS service")
        }
        var item = item, encounter = encounter
        encounter.diagnoses = diagnoses
        if let procedureCodes { encounter.procedureCodes = procedureCodes }
        let pcs = encounter.procedureCodes.isEmpty ? "" : "; ICD-10-PCS " + encounter.procedureCodes.map(\.code).joined(separator: " ")
        item.events.append(CodingWorkEvent(kind: .coded, actor: coder, at: now, note: diagnoses.map(\.description).joined(separator: " ") + pcs))
        return (item, encounter)
    }

    /// A CPT or HCPCS service coded on the chart becomes a charge line: its system read from its shape (a letter first
    /// is HCPCS Level II), its amount the practice's charge master price for the code, the pricing modifier and the
    /// units on the date of service. Refused unless the coder holds the chart, and when no charge master prices the
    /// code then (a biller adds the price; coders set no amounts). The caller checks the charge against the encounter.
    public static func charge(for service: CodedService, id: UUID, _ item: CodingWorkItem, _ encounter: Encounter,
                              chargeMasters: [FeeSchedule], by coder: ClaimActor) throws(CodingWorkRefusal) -> Charge {
        try checkHeld(item, by: coder)
        let code = service.code.trimmingCharacters(in: .whitespaces).uppercased()
        guard let first = code.unicodeScalars.first else { throw CodingWorkRefusal("code", "give the CPT or HCPCS code of the service") }
        let procedure = ProcedureCode(system: CharacterSet.letters.contains(first) ? .hcpcs : .cpt, code: code)
        if let problem = procedure.problem { throw CodingWorkRefusal("code", problem) }
        let modifiers = service.modifiers.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
        let date = service.serviceDate ?? encounter.serviceFrom
        guard (1...Charge.maximumUnits).contains(service.units) else { throw CodingWorkRefusal("units", "expected 1 to \(Charge.maximumUnits) units; got \(service.units)") }
        guard let amount = chargeMasters.lazy.filter({ $0.purpose == .chargeMaster })
            .compactMap({ $0.price(code: code, modifiers: modifiers, units: service.units, on: date) }).first else {
            throw CodingWorkRefusal("code", "the charge master has no price for \(code) on \(date): a biller adds it (fee schedules), then code the service again")
        }
        return Charge(id: id, tenantID: encounter.tenantID, encounterID: encounter.id, procedure: procedure, modifiers: modifiers, units: service.units,
                      amount: amount, diagnosisPointers: service.diagnosisPointers, serviceDate: date, revenueCode: service.revenueCode)
    }

    /// Whether the coder may remove a service from the chart: only while holding it.
    public static func checkMayRemoveService(_ item: CodingWorkItem, by coder: ClaimActor) throws(CodingWorkRefusal) {
        try checkHeld(item, by: coder)
    }

    /// The coder finishes the chart: refused without a diagnosis or while a query waits.
    public static func complete(_ item: CodingWorkItem, _ encounter: Encounter, by coder: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        try checkHeld(item, by: coder)
        guard item.status != .pendingQuery else { throw CodingWorkRefusal("status", "a query to the provider is still open: wait for the answer or withdraw it") }
        guard !encounter.diagnoses.isEmpty else { throw CodingWorkRefusal("diagnoses", "code at least one diagnosis before completing the chart") }
        var item = item, encounter = encounter
        item.status = .done
        item.completedAt = now
        item.handBackNote = nil
        item.events.append(CodingWorkEvent(kind: .completed, actor: coder, at: now))
        encounter.status = .coded
        return (item, encounter)
    }

    /// A coded chart back to its coder (or the one reopening it) for a correction; refused once it is billed.
    public static func reopen(_ item: CodingWorkItem, _ encounter: Encounter, by coder: ClaimActor, note: String,
                              at now: Date) throws(CodingWorkRefusal) -> (CodingWorkItem, Encounter) {
        let note = try checkedNote(note, what: "why the chart is reopened")
        guard item.status == .done, encounter.status == .coded else {
            throw CodingWorkRefusal("status", encounter.status == .billed ? "a claim was made from this encounter: correct the claim instead"
                                                                          : "only a completed chart can be reopened")
        }
        var item = item, encounter = encounter
        item.status = .inProgress
        item.assignee = coder
        item.assignedAt = now
        item.completedAt = nil
        item.events.append(CodingWorkEvent(kind: .reopened, actor: coder, at: now, note: note))
        encounter.status = .inCoding
        return (item, encounter)
    }

    static func checkOpen(_ item: CodingWorkItem) throws(CodingWorkRefusal) {
        switch item.status {
        case .done: throw CodingWorkRefusal("status", "the chart is coded already" + (item.completedAt.map { " (\(ISO8601DateFormatter().string(from: $0)))" } ?? ""))
        case .removed: throw CodingWorkRefusal("status", "the encounter is no longer to be coded (voided or reopened)")
        case .queued, .inProgress, .pendingQuery: return
        }
    }

    static func checkHeld(_ item: CodingWorkItem, by coder: ClaimActor) throws(CodingWorkRefusal) {
        try checkOpen(item)
        guard let assignee = item.assignee else { throw CodingWorkRefusal("assignee", "claim the chart before coding it") }
        guard assignee.userID == coder.userID else { throw CodingWorkRefusal("assignee", "\(assignee.displayName) is coding this chart") }
    }

    static func checkedNote(_ note: String, what: String) throws(CodingWorkRefusal) -> String {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw CodingWorkRefusal("note", "say \(what)") }
        guard note.count <= maximumNoteLength else { throw CodingWorkRefusal("note", "the note is longer than \(maximumNoteLength) characters") }
        return note
    }
}

/// What the queue shows: open work unless asked otherwise; most urgent first, then oldest date of service.
public struct CodingWorkQuery: Hashable, Sendable {
    /// Any of these; `CodingWorkStatus.open` when empty.
    public var statuses: [CodingWorkStatus]
    public var workType: CodingWorkType?
    public var priority: CodingPriority?
    /// Exactly the provider's specialty as written (case-insensitive).
    public var specialty: String?
    public var payerID: UUID?
    public var assigneeID: UUID?
    /// Only charts nobody has.
    public var unassignedOnly: Bool
    /// Only charts whose last date of service is on or before this day (the route turns a minimum age into it).
    public var servedOnOrBefore: ServiceDate?
    public var limit: Int
    public var cursor: String?

    public init(statuses: [CodingWorkStatus] = [], workType: CodingWorkType? = nil, priority: CodingPriority? = nil, specialty: String? = nil,
                payerID: UUID? = nil, assigneeID: UUID? = nil, unassignedOnly: Bool = false, servedOnOrBefore: ServiceDate? = nil,
                limit: Int = 50, cursor: String? = nil) {
        self.statuses = statuses.isEmpty ? CodingWorkStatus.open : statuses
        self.workType = workType; self.priority = priority; self.specialty = specialty; self.payerID = payerID; self.assigneeID = assigneeID
        self.unassignedOnly = unassignedOnly; self.servedOnOrBefore = servedOnOrBefore
        self.limit = min(max(limit, 1), RecordQuery.maximumLimit); self.cursor = cursor
    }
}

/// What the coder did with one suggestion from the note.
public enum SuggestionOutcome: String, Hashable, Codable, Sendable, CaseIterable {
    /// Taken as suggested.
    case accepted
    /// Taken with another code (a more specific one, another 7th character).
    case edited
    case rejected
}

/// The coder's decision on a suggestion of the note coder, kept against the suggestion's id (code and evidence span)
/// so that the acceptance rate says how often the suggestions were right. A later decision on the same suggestion
/// replaces the earlier.
public struct SuggestionDecision: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var encounterID: UUID
    /// "E11.22@120-143": the suggested code and its evidence span.
    public var suggestionID: String
    public var suggestedCode: String
    public var outcome: SuggestionOutcome
    /// The code the coder put on the encounter: the suggested one when accepted, their own when edited, nil when rejected.
    public var finalCode: String?
    /// Why, in the coder's words (required for a rejection, so the suggestions can learn what went wrong).
    public var reason: String?
    public var coder: ClaimActor
    public var decidedAt: Date

    public static let maximumReasonLength = 500

    public init(tenantID: UUID, encounterID: UUID, suggestionID: String, suggestedCode: String, outcome: SuggestionOutcome, finalCode: String?,
                reason: String?, coder: ClaimActor, decidedAt: Date) {
        self.id = NameBasedUUID.make("suggestion-decision|\(tenantID)|\(encounterID)|\(suggestionID)")
        self.tenantID = tenantID; self.encounterID = encounterID; self.suggestionID = suggestionID; self.suggestedCode = suggestedCode
        self.outcome = outcome; self.finalCode = finalCode; self.reason = reason; self.coder = coder; self.decidedAt = decidedAt
    }

    /// The decision checked, and the encounter with the decided code added at the end of its diagnoses (when not
    /// there already). Only the coder who has the chart decides; an edited code must differ from the suggestion and
    /// be in the ICD-10-CM format (whether it exists on the date of service is the code sets' check, made by the caller).
    /// Decides a suggestion; an accepted or edited code is added to the diagnoses, or, for an ICD-10-PCS procedure
    /// suggestion (`procedure`), to the encounter's procedures (institutional charts only).
    public static func decide(_ item: CodingWorkItem, _ encounter: Encounter, suggestionID: String, suggestedCode: String, outcome: SuggestionOutcome,
                              editedCode: String?, reason: String?, procedure: Bool = false, by coder: ClaimActor,
                              at now: Date) throws(CodingWorkRefusal) -> (SuggestionDecision, Encounter) {
        try CodingDesk.checkHeld(item, by: coder)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        if let reason, reason.count > maximumReasonLength { throw CodingWorkRefusal("reason", "the reason is longer than \(maximumReasonLength) characters") }
        // Diagnoses are kept without the dot; ICD-10-PCS codes have none.
        func normalized(_ code: String) -> String { procedure ? code.trimmingCharacters(in: .whitespaces).uppercased() : DiagnosisCode(code).code }
        var final: String?
        switch outcome {
        case .accepted:
            final = normalized(suggestedCode)
        case .edited:
            guard let edited = editedCode?.trimmingCharacters(in: .whitespaces).nonEmpty else {
                throw CodingWorkRefusal("code", "an edited suggestion needs the code the coder chose")
            }
            let code = normalized(edited)
            if let problem = procedure ? ProcedureCode.icd10pcs(code).problem : DiagnosisCode(code).problem { throw CodingWorkRefusal("code", problem) }
            guard code != normalized(suggestedCode) else { throw CodingWorkRefusal("code", "the code is the suggestion's: accept it instead") }
            final = code
        case .rejected:
            guard reason != nil else { throw CodingWorkRefusal("reason", "say why the suggestion is wrong (negated, history only, not documented...)") }
        }
        var encounter = encounter
        if let final, procedure {
            guard encounter.claimKind == .institutional else { throw CodingWorkRefusal("code", "ICD-10-PCS procedures are coded on institutional charts only") }
            if !encounter.procedureCodes.contains(.icd10pcs(final)) {
                guard encounter.procedureCodes.count < Encounter.maximumProcedureCodes else {
                    throw CodingWorkRefusal("code", "the encounter has \(encounter.procedureCodes.count) ICD-10-PCS procedures, the most an 837I carries")
                }
                encounter.procedureCodes.append(.icd10pcs(final))
            }
        } else if let final, !encounter.diagnoses.contains(DiagnosisCode(final)) {
            guard encounter.diagnoses.count < encounter.claimKind.maximumDiagnoses else {
                throw CodingWorkRefusal("code", "the encounter has \(encounter.diagnoses.count) diagnoses, the most a \(encounter.claimKind.rawValue) claim carries")
            }
            encounter.diagnoses.append(DiagnosisCode(final))
        }
        let decision = SuggestionDecision(tenantID: encounter.tenantID, encounterID: encounter.id, suggestionID: suggestionID, suggestedCode: normalized(suggestedCode),
                                          outcome: outcome, finalCode: final, reason: reason, coder: coder, decidedAt: now)
        return (decision, encounter)
    }
}

/// How a coder's (or everyone's) decisions on suggestions came out over a period.
public struct SuggestionAcceptance: Hashable, Codable, Sendable {
    /// Nil for the total over every coder.
    public var coder: ClaimActor?
    public var accepted: Int
    public var edited: Int
    public var rejected: Int

    public init(coder: ClaimActor?, accepted: Int, edited: Int, rejected: Int) {
        self.coder = coder; self.accepted = accepted; self.edited = edited; self.rejected = rejected
    }

    public var decided: Int { accepted + edited + rejected }
    /// Accepted as suggested, in thousandths of the decided (nil with none decided): 625 is 62.5%.
    public var acceptancePerMille: Int? { decided == 0 ? nil : (accepted * 1000 + decided / 2) / decided }
    /// Accepted or edited (the suggestion found the condition, perhaps not its exact code), in thousandths.
    public var usefulPerMille: Int? { decided == 0 ? nil : ((accepted + edited) * 1000 + decided / 2) / decided }

    enum CodingKeys: String, CodingKey { case coder, accepted, edited, rejected, decided, acceptancePerMille, usefulPerMille }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(coder: try c.decodeIfPresent(ClaimActor.self, forKey: .coder), accepted: try c.decode(Int.self, forKey: .accepted),
                  edited: try c.decode(Int.self, forKey: .edited), rejected: try c.decode(Int.self, forKey: .rejected))
    }

    /// With the rates, which readers of the API want without computing them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(coder, forKey: .coder)
        try c.encode(accepted, forKey: .accepted)
        try c.encode(edited, forKey: .edited)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(decided, forKey: .decided)
        try c.encodeIfPresent(acceptancePerMille, forKey: .acceptancePerMille)
        try c.encodeIfPresent(usefulPerMille, forKey: .usefulPerMille)
    }

    /// Per coder (by name) and the total, from the decisions.
    public static func summarize(_ decisions: [SuggestionDecision]) -> (total: SuggestionAcceptance, byCoder: [SuggestionAcceptance]) {
        var byCoder: [UUID: SuggestionAcceptance] = [:]
        var total = SuggestionAcceptance(coder: nil, accepted: 0, edited: 0, rejected: 0)
        for d in decisions {
            var row = byCoder[d.coder.userID] ?? SuggestionAcceptance(coder: d.coder, accepted: 0, edited: 0, rejected: 0)
            switch d.outcome {
            case .accepted: row.accepted += 1; total.accepted += 1
            case .edited: row.edited += 1; total.edited += 1
            case .rejected: row.rejected += 1; total.rejected += 1
            }
            byCoder[d.coder.userID] = row
        }
        return (total, byCoder.values.sorted { ($0.coder?.displayName ?? "", $0.coder?.userID.uuidString ?? "") < ($1.coder?.displayName ?? "", $1.coder?.userID.uuidString ?? "") })
    }
}

/// The coding work queue and the decisions on suggestions.
public protocol CodingWorkStore: Sendable {
    func codingWork(tenantID: UUID, query: CodingWorkQuery) async throws -> Page<Stored<CodingWorkItem>>
    func codingWorkItem(id: UUID, tenantID: UUID) async throws -> Stored<CodingWorkItem>?
    /// Stores the chart (a new one when `expectedVersion` is nil; `StoreError.versionConflict` when it changed) and,
    /// when given, its encounter at the version it was read, in one transaction.
    func saveCodingWork(_ item: CodingWorkItem, expectedVersion: Int?, encounter: Encounter?, encounterVersion: Int?) async throws -> Stored<CodingWorkItem>
    /// Stores the decision (replacing an earlier one on the same suggestion) and the encounter it changed, in one transaction.
    func saveSuggestionDecision(_ decision: SuggestionDecision, encounter: Encounter, encounterVersion: Int) async throws
    func suggestionDecisions(tenantID: UUID, encounterID: UUID) async throws -> [SuggestionDecision]
    /// Decisions made in `from..<to`, oldest first.
    func suggestionDecisions(tenantID: UUID, from: Date, to: Date) async throws -> [SuggestionDecision]
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
