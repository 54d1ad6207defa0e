import CodeSets
import Coding
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// The coder's work queue and the suggestions from the note: `/api/v1/coding/queue` (list by status, work type,
/// priority, specialty, payer, assignee and age; read a chart; claim, release, hand back, assign, prioritize, code,
/// complete, reopen), `/api/v1/coding/queue/{id}/suggestions` (the note coder's suggestions with the decisions taken
/// on them; decide one), `/api/v1/coding/suggestion-acceptance` (how often coders took the suggestions).
struct CodingRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/coding/queue", permission: .encountersRead),
            RouteRule(method: .GET, path: "/api/v1/coding/queue/:id", permission: .encountersRead),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/claim", permission: .codingWrite),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/release", permission: .codingWrite),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/hand-back", permission: .codingWrite),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/assign", permission: .codingAssign),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/priority", permission: .codingAssign),
            RouteRule(method: .PUT, path: "/api/v1/coding/queue/:id/diagnoses", permission: .codingWrite),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/complete", permission: .codingWrite),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/reopen", permission: .codingWrite),
            RouteRule(method: .GET, path: "/api/v1/coding/queue/:id/suggestions", permission: .encountersRead),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/suggestions/decisions", permission: .codingWrite),
            RouteRule(method: .GET, path: "/api/v1/coding/suggestion-acceptance", permission: .reportsRead),
            RouteRule(method: .GET, path: "/api/v1/coding/productivity", permission: .reportsRead),
            RouteRule(method: .GET, path: "/api/v1/coding/productivity-targets", permission: .reportsRead),
            RouteRule(method: .PUT, path: "/api/v1/coding/productivity-targets", permission: .codingAssign),
        ]
        let queue = api.grouped("coding", "queue")
        queue.get(use: list)
        queue.get(":id", use: one)
        queue.post(":id", "claim", use: claim)
        queue.post(":id", "release", use: release)
        queue.post(":id", "hand-back", use: handBack)
        queue.post(":id", "assign", use: assign)
        queue.post(":id", "priority", use: prioritize)
        queue.put(":id", "diagnoses", use: code)
        queue.post(":id", "complete", use: complete)
        queue.post(":id", "reopen", use: reopen)
        queue.get(":id", "suggestions", use: suggestions)
        queue.post(":id", "suggestions", "decisions", use: decide)
        api.get("coding", "suggestion-acceptance", use: acceptance)
        api.get("coding", "productivity", use: productivity)
        api.get("coding", "productivity-targets", use: targets)
        api.put("coding", "productivity-targets", use: setTargets)
    }

    struct ItemBody: Content {
        var item: CodingWorkItem
        var version: Int
        /// Days since the last date of service, on the practice's today.
        var ageDays: Int

        init(_ stored: Stored<CodingWorkItem>, today: ServiceDate) {
            item = stored.value; version = stored.version; ageDays = stored.value.ageInDays(on: today)
        }
    }

    struct Listing<Item: Codable & Sendable>: Content {
        var items: [Item]
        var nextCursor: String?
    }

    /// The queue's filters: `status` (comma-separated; open work by default), `workType`, `priority`, `specialty`,
    /// `payer`, `assignee` (an id, or `me`), `unassigned=true`, `minimumAgeDays`, `limit`, `cursor`.
    static func query(_ req: Request, _ principal: Principal) throws -> CodingWorkQuery {
        func parsed<E: RawRepresentable & CaseIterable>(_ name: String, _: E.Type) throws -> E? where E.RawValue == String {
            guard let raw = try req.stringParameter(name, maxLength: 40), !raw.isEmpty else { return nil }
            guard let value = E(rawValue: raw) else {
                throw APIError.invalidParameter(name: name, message: "\(name) is one of " + E.allCases.map(\.rawValue).joined(separator: ", ") + "; got '\(raw)'")
            }
            return value
        }
        var statuses: [CodingWorkStatus] = []
        if let raw = try req.stringParameter("status", maxLength: 100), !raw.isEmpty {
            for part in raw.split(separator: ",") {
                guard let s = CodingWorkStatus(rawValue: String(part)) else {
                    throw APIError.invalidParameter(name: "status", message: "status is a comma-separated list of " + CodingWorkStatus.allCases.map(\.rawValue).joined(separator: ", ") + "; got '\(part)'")
                }
                statuses.append(s)
            }
        }
        var assigneeID: UUID?
        if try req.stringParameter("assignee", maxLength: 40) == "me" { assigneeID = principal.user.id } else { assigneeID = try req.uuidParameter("assignee") }
        let unassigned: Bool
        switch try req.stringParameter("unassigned", maxLength: 5) {
        case nil, "", "false": unassigned = false
        case "true": unassigned = true
        case let other?: throw APIError.invalidParameter(name: "unassigned", message: "unassigned is true or false; got '\(other)'")
        }
        let minimumAge = try req.intParameter("minimumAgeDays", range: 0...3650, default: 0)
        let specialty = try req.stringParameter("specialty", maxLength: 100).flatMap { $0.isEmpty ? nil : $0 }
        return CodingWorkQuery(statuses: statuses, workType: try parsed("workType", CodingWorkType.self), priority: try parsed("priority", CodingPriority.self),
                               specialty: specialty, payerID: try req.uuidParameter("payer"), assigneeID: assigneeID, unassignedOnly: unassigned,
                               servedOnOrBefore: minimumAge > 0 ? req.state.today().adding(days: -minimumAge) : nil,
                               limit: try req.intParameter("limit", range: 1...RecordQuery.maximumLimit, default: 50),
                               cursor: try req.stringParameter("cursor", maxLength: 1024))
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let page = try await req.store.codingWork(tenantID: principal.tenantID, query: try Self.query(req, principal))
        let today = req.state.today()
        return try jsonResponse(Listing(items: page.items.map { ItemBody($0, today: today) }, nextCursor: page.nextCursor))
    }

    @Sendable func one(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        return try jsonResponse(ItemBody(try await Self.item(req, principal), today: req.state.today()))
    }

    static func item(_ req: Request, _ principal: Principal, id: UUID? = nil) async throws -> Stored<CodingWorkItem> {
        let id = try id ?? req.uuidPathParameter()
        guard let stored = try await req.store.codingWorkItem(id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "chart in the coding queue", id: id)
        }
        try await req.refuseWhileAuditBlind(principal, encounterID: id)
        return stored
    }

    /// The optional body of the queue's actions: the version read (a change since refuses the action, 409), and the
    /// action's own fields.
    struct ActionRequest: Content {
        var version: Int?
        var note: String?
        var userID: UUID?
        var priority: CodingPriority?
        var diagnoses: [String]?
        /// ICD-10-PCS procedures in order (institutional charts); left as they are when absent.
        var procedureCodes: [String]?
    }

    static func actionRequest(_ req: Request) throws -> ActionRequest {
        guard let body = req.body.data, body.readableBytes > 0 else { return ActionRequest() }
        return try req.content.decode(ActionRequest.self)
    }

    /// Reads the chart and its encounter, applies the change, stores both in one transaction and audits it.
    static func act(_ req: Request, _ principal: Principal, id: UUID, version: Int?, what: String,
                    _ change: (CodingWorkItem, Encounter) async throws -> (CodingWorkItem, Encounter)) async throws -> Stored<CodingWorkItem> {
        let stored = try await item(req, principal, id: id)
        if let version, version != stored.version {
            throw StoreError.versionConflict(kind: "coding work", id: id, expected: version, actual: stored.version)
        }
        guard let encounter = try await req.store.record(Encounter.self, id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "encounter", id: id)
        }
        let (item, changed) = try await change(stored.value, encounter.value)
        let saved = try await req.store.saveCodingWork(item, expectedVersion: stored.version, encounter: changed == encounter.value ? nil : changed,
                                                       encounterVersion: encounter.version)
        try await req.audit(principal, .update, entityType: "coding_work", entityID: id.uuidString, detail: what)
        return saved
    }

    func respond(_ req: Request, _ saved: Stored<CodingWorkItem>) throws -> Response {
        try jsonResponse(ItemBody(saved, today: req.state.today()))
    }

    @Sendable func claim(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try Self.actionRequest(req)
        return try respond(req, try await Self.act(req, principal, id: try req.uuidPathParameter(), version: body.version, what: "claimed") { item, encounter in
            try CodingDesk.claim(item, encounter, by: principal.claimActor, at: Date())
        })
    }

    @Sendable func release(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try Self.actionRequest(req)
        let mayReleaseOthers = PermissionMatrix.allows(principal.role, .codingAssign)
        return try respond(req, try await Self.act(req, principal, id: try req.uuidPathParameter(), version: body.version, what: "released") { item, encounter in
            try CodingDesk.release(item, encounter, by: principal.claimActor, mayReleaseOthers: mayReleaseOthers, at: Date())
        })
    }

    @Sendable func handBack(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try Self.actionRequest(req)
        return try respond(req, try await Self.act(req, principal, id: try req.uuidPathParameter(), version: body.version, what: "handed back: \(body.note ?? "")") { item, encounter in
            try CodingDesk.handBack(item, encounter, by: principal.claimActor, note: body.note ?? "", at: Date())
        })
    }

    @Sendable func assign(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAssign)
        let body = try Self.actionRequest(req)
        let coder = try await Self.coder(req, principal, body.userID)
        return try respond(req, try await Self.act(req, principal, id: try req.uuidPathParameter(), version: body.version, what: "assigned to \(coder.displayName)") { item, encounter in
            try CodingDesk.assign(item, encounter, to: coder, by: principal.claimActor, at: Date())
        })
    }

    /// The practice's active member who codes (a role with `coding.write`), by id.
    static func coder(_ req: Request, _ principal: Principal, _ userID: UUID?) async throws -> ClaimActor {
        guard let userID else { throw RecordError.invalid([FieldProblem(field: "userID", message: "name the coder to assign the chart to")]) }
        guard let found = try await req.store.users(tenantID: principal.tenantID).first(where: { $0.0.id == userID }),
              found.1.isActive, found.0.isActive, PermissionMatrix.allows(found.1.role, .codingWrite) else {
            throw RecordError.invalid([FieldProblem(field: "userID", message: "\(userID) is not an active coder of this practice")])
        }
        return ClaimActor(userID: found.0.id, displayName: found.0.displayName)
    }

    @Sendable func prioritize(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAssign)
        let body = try Self.actionRequest(req)
        guard let priority = body.priority else {
            throw RecordError.invalid([FieldProblem(field: "priority", message: "priority is one of " + CodingPriority.allCases.map(\.rawValue).joined(separator: ", "))])
        }
        return try respond(req, try await Self.act(req, principal, id: try req.uuidPathParameter(), version: body.version, what: "priority \(priority.rawValue)") { item, encounter in
            (try CodingDesk.prioritize(item, priority, by: principal.claimActor, at: Date()), encounter)
        })
    }

    @Sendable func code(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try Self.actionRequest(req)
        guard let raw = body.diagnoses else { throw RecordError.invalid([FieldProblem(field: "diagnoses", message: "the diagnoses in sequence, such as [\"E11.22\", \"N18.31\"]")]) }
        let diagnoses = raw.map(DiagnosisCode.init)
        let procedures = body.procedureCodes.map { $0.map { ProcedureCode.icd10pcs($0.trimmingCharacters(in: .whitespaces).uppercased()) } }
        return try respond(req, try await Self.code(req, principal, id: try req.uuidPathParameter(), version: body.version, diagnoses: diagnoses,
                                                    procedureCodes: procedures))
    }

    /// Codes the chart, each diagnosis and ICD-10-PCS procedure checked on the date of service (422 otherwise): for the
    /// API and the workspace.
    static func code(_ req: Request, _ principal: Principal, id: UUID, version: Int?, diagnoses: [DiagnosisCode],
                     procedureCodes: [ProcedureCode]? = nil) async throws -> Stored<CodingWorkItem> {
        let what = "coded \(diagnoses.map(\.description).joined(separator: " "))" + (procedureCodes.map { "; ICD-10-PCS " + $0.map(\.code).joined(separator: " ") } ?? "")
        return try await act(req, principal, id: id, version: version, what: what) { item, encounter in
            let (item, coded) = try CodingDesk.code(item, encounter, diagnoses: diagnoses, procedureCodes: procedureCodes, by: principal.claimActor, at: Date())
            let problems = coded.validate() + diagnosisProblems(coded, library: req.state.library)
                + CodingChartRoutes.procedureProblems(coded, library: req.state.library)
            guard problems.isEmpty else { throw RecordError.invalid(problems) }
            return (item, coded)
        }
    }

    /// Completes the chart once every diagnosis is billable on the date of service: for the API and the workspace.
    static func complete(_ req: Request, _ principal: Principal, id: UUID, version: Int?) async throws -> Stored<CodingWorkItem> {
        try await act(req, principal, id: id, version: version, what: "completed") { item, encounter in
            let problems = diagnosisProblems(encounter, library: req.state.library) + CodingChartRoutes.procedureProblems(encounter, library: req.state.library)
            guard problems.isEmpty else { throw RecordError.invalid(problems) }
            return try CodingDesk.complete(item, encounter, by: principal.claimActor, at: Date())
        }
    }

    /// Each diagnosis that is not a billable ICD-10-CM code on the encounter's first date of service.
    static func diagnosisProblems(_ encounter: Encounter, library: CodeSetLibrary) -> [FieldProblem] {
        guard library.codeCounts[.icd10cm, default: 0] > 0 else { return [] }
        return encounter.diagnoses.enumerated().compactMap { i, dx in
            guard dx.problem == nil, !library.isBillable(icd10cm: dx.code, on: encounter.serviceFrom) else { return nil }
            let why: String = switch library.lookup(dx.code, system: .icd10cm, date: encounter.serviceFrom) {
            case .failure(let failure): failure.reason
            case .success: "it is a category or heading with codes below it; choose one of them"
            }
            return FieldProblem(field: "diagnoses[\(i)]", message: "\(dx) is not billable on \(encounter.serviceFrom): \(why)")
        }
    }

    @Sendable func complete(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try Self.actionRequest(req)
        return try respond(req, try await Self.complete(req, principal, id: try req.uuidPathParameter(), version: body.version))
    }

    @Sendable func reopen(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try Self.actionRequest(req)
        return try respond(req, try await Self.act(req, principal, id: try req.uuidPathParameter(), version: body.version, what: "reopened: \(body.note ?? "")") { item, encounter in
            try CodingDesk.reopen(item, encounter, by: principal.claimActor, note: body.note ?? "", at: Date())
        })
    }

    // MARK: suggestions

    /// A suggestion with what the coder decided about it, if anything.
    struct SuggestionBody: Content {
        var suggestion: CodeSuggestion
        var decision: SuggestionDecision?
    }

    struct SuggestionsBody: Content {
        var encounterID: UUID
        var setting: CodingSetting
        var dateOfService: ServiceDate
        var release: String
        var suggestions: [SuggestionBody]
        /// ICD-10-PCS procedure suggestions (inpatient charts), decided like the others.
        var procedures: [SuggestionBody]
        /// The ICD-10-PCS release the procedures were checked against, when one covers the date.
        var procedureRelease: String?
        var setAside: [SetAsideFinding]

        var all: [SuggestionBody] { suggestions + procedures }
    }

    /// The note coder's reading of the chart's note (in the chart's setting, on its first date of service) and the
    /// decisions already taken on its suggestions.
    static func suggestions(_ req: Request, _ principal: Principal, id: UUID) async throws -> (SuggestionsBody, Stored<Encounter>) {
        _ = try await item(req, principal, id: id)
        guard let encounter = try await req.store.record(Encounter.self, id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "encounter", id: id)
        }
        let setting: CodingSetting = CodingWorkType(encounter.value) == .inpatient ? .inpatient : .outpatient
        let coding = try await req.state.noteCoder.coding(note: encounter.value.note, setting: setting, date: encounter.value.serviceFrom, library: req.state.library)
        let decisions = Dictionary(try await req.store.suggestionDecisions(tenantID: principal.tenantID, encounterID: id).map { ($0.suggestionID, $0) },
                                   uniquingKeysWith: { _, later in later })
        let body = SuggestionsBody(encounterID: id, setting: coding.setting, dateOfService: coding.dateOfService, release: coding.release,
                                   suggestions: coding.suggestions.map { SuggestionBody(suggestion: $0, decision: decisions[$0.id]) },
                                   procedures: coding.procedures.map { SuggestionBody(suggestion: $0, decision: decisions[$0.id]) },
                                   procedureRelease: coding.procedureRelease, setAside: coding.setAside)
        return (body, encounter)
    }

    @Sendable func suggestions(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        return try jsonResponse(try await Self.suggestions(req, principal, id: try req.uuidPathParameter()).0)
    }

    struct DecisionRequest: Content {
        var suggestionID: String
        var outcome: SuggestionOutcome
        /// The coder's own code, for an edited suggestion.
        var code: String?
        var reason: String?
    }

    @Sendable func decide(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try req.content.decode(DecisionRequest.self)
        let decision = try await Self.decide(req, principal, id: try req.uuidPathParameter(), body)
        return try jsonResponse(decision, status: .created)
    }

    /// Checks that the suggestion is one the note coder makes of the chart now, decides it, adds the decided code to
    /// the encounter and stores both; audited.
    static func decide(_ req: Request, _ principal: Principal, id: UUID, _ body: DecisionRequest) async throws -> SuggestionDecision {
        let stored = try await item(req, principal, id: id)
        let (reading, encounter) = try await suggestions(req, principal, id: id)
        guard let suggestion = reading.all.first(where: { $0.suggestion.id == body.suggestionID })?.suggestion else {
            throw RecordError.invalid([FieldProblem(field: "suggestionID", message: "\(body.suggestionID) is not a suggestion for this chart's note; read the suggestions again")])
        }
        let (decision, changed) = try SuggestionDecision.decide(stored.value, encounter.value, suggestionID: suggestion.id, suggestedCode: suggestion.code,
                                                                outcome: body.outcome, editedCode: body.code, reason: body.reason,
                                                                procedure: suggestion.codeSystem == .icd10pcs, by: principal.claimActor, at: Date())
        let problems = diagnosisProblems(changed, library: req.state.library) + CodingChartRoutes.procedureProblems(changed, library: req.state.library)
        guard problems.isEmpty else { throw RecordError.invalid(problems.map { FieldProblem(field: "code", message: $0.message) }) }
        try await req.store.saveSuggestionDecision(decision, encounter: changed, encounterVersion: encounter.version)
        try await req.audit(principal, .update, entityType: "coding_work", entityID: id.uuidString,
                            detail: "suggestion \(suggestion.id) \(decision.outcome.rawValue)" + (decision.finalCode.map { " as \($0)" } ?? ""))
        return decision
    }

    struct AcceptanceBody: Content {
        var from: ServiceDate
        var to: ServiceDate
        var total: SuggestionAcceptance
        var byCoder: [SuggestionAcceptance]
    }

    /// GET /api/v1/coding/suggestion-acceptance?from=&to= (calendar days, UTC, `to` included; the last 30 days by default).
    @Sendable func acceptance(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        let (from, to) = try Self.period(req)
        let decisions = try await req.store.suggestionDecisions(tenantID: principal.tenantID, from: Self.midnightUTC(from), to: Self.midnightUTC(to, plusDays: 1))
        let summary = SuggestionAcceptance.summarize(decisions)
        return try jsonResponse(AcceptanceBody(from: from, to: to, total: summary.total, byCoder: summary.byCoder))
    }

    static func midnightUTC(_ day: ServiceDate, plusDays: Int = 0) -> Date {
        Date(timeIntervalSince1970: Double(day.daysSinceEpoch + plusDays) * 86_400)
    }

    /// `from` and `to` (inclusive); the 30 days to today by default.
    static func period(_ req: Request) throws -> (ServiceDate, ServiceDate) {
        let today = ServiceDate(utcDayOf: Date())
        let to = try req.dateParameter("to") ?? today
        let from = try req.dateParameter("from") ?? to.adding(days: -29) ?? to
        guard from <= to else { throw APIError.invalidParameter(name: "from", message: "from (\(from)) is after to (\(to))") }
        return (from, to)
    }
}

extension CodingRoutes {
    /// GET /api/v1/coding/productivity?from=&to=: per coder and in total over the period (the 30 days to today by
    /// default), beside the targets, with the open queue's age.
    @Sendable func productivity(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try jsonResponse(try await Self.productivityReport(req, principal))
    }

    static func productivityReport(_ req: Request, _ principal: Principal) async throws -> ProductivityReport {
        let (from, to) = try period(req)
        let targets = try await req.store.productivityTargets(tenantID: principal.tenantID) ?? ProductivityTargets(tenantID: principal.tenantID)
        let start = midnightUTC(from), end = midnightUTC(to, plusDays: 1)
        let completed = try await req.store.completedCodingWork(tenantID: principal.tenantID, from: start, to: end)
        let queue = try await req.store.codingQueueAge(tenantID: principal.tenantID, today: req.state.today(), maximumAgeDays: targets.maximumQueueAgeDays)
        return CodingProductivity.report(completed: completed, queue: queue, targets: targets, from: start, to: end)
    }

    @Sendable func targets(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try jsonResponse(try await req.store.productivityTargets(tenantID: principal.tenantID) ?? ProductivityTargets(tenantID: principal.tenantID))
    }

    struct TargetsRequest: Content {
        var outpatientChartsPerHourTenths: Int
        var inpatientChartsPerHourTenths: Int
        var turnaroundHours: Int
        var maximumQueueAgeDays: Int
    }

    @Sendable func setTargets(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAssign)
        let body = try req.content.decode(TargetsRequest.self)
        return try jsonResponse(try await Self.saveTargets(req, principal, body))
    }

    static func saveTargets(_ req: Request, _ principal: Principal, _ body: TargetsRequest) async throws -> ProductivityTargets {
        let targets = ProductivityTargets(tenantID: principal.tenantID, outpatientChartsPerHourTenths: body.outpatientChartsPerHourTenths,
                                          inpatientChartsPerHourTenths: body.inpatientChartsPerHourTenths, turnaroundHours: body.turnaroundHours,
                                          maximumQueueAgeDays: body.maximumQueueAgeDays)
        let problems = targets.validate()
        guard problems.isEmpty else { throw RecordError.invalid(problems) }
        try await req.store.saveProductivityTargets(targets)
        try await req.audit(principal, .update, entityType: "productivity_targets", entityID: principal.tenantID.uuidString,
                            detail: "outpatient \(targets.outpatientChartsPerHourTenths)/10 an hour, inpatient \(targets.inpatientChartsPerHourTenths)/10, turnaround \(targets.turnaroundHours) h, queue age \(targets.maximumQueueAgeDays) d")
        return targets
    }
}

/// The note coder, built on first use (its lexicon takes a second or two) and shared by every request after; and
/// its readings of the last notes, since the workspace asks again on every view and decision while the note has not
/// changed.
actor NoteCoderCache {
    private var built: NoteCoder?
    private struct Key: Hashable {
        var note: String
        var setting: CodingSetting
        var date: ServiceDate
    }
    private var readings: [Key: NoteCoding] = [:]
    /// Oldest first, to forget the oldest reading when full.
    private var order: [Key] = []
    static let capacity = 256

    func coder(library: CodeSetLibrary) throws -> NoteCoder {
        if let built { return built }
        let coder = try NoteCoder(library: library)
        built = coder
        return coder
    }

    /// The note coder's reading of a note, from the cache when this note was read in this setting and on this date;
    /// the reading itself runs outside the actor, so requests code notes in parallel.
    nonisolated func coding(note: String, setting: CodingSetting, date: ServiceDate, library: CodeSetLibrary) async throws -> NoteCoding {
        let key = Key(note: note, setting: setting, date: date)
        if let known = await reading(key) { return known }
        let coding = try await coder(library: library).code(note: note, setting: setting, date: date)
        await remember(coding, as: key)
        return coding
    }

    private func reading(_ key: Key) -> NoteCoding? { readings[key] }

    private func remember(_ coding: NoteCoding, as key: Key) {
        guard readings.updateValue(coding, forKey: key) == nil else { return }
        order.append(key)
        if order.count > Self.capacity { readings[order.removeFirst()] = nil }
    }
}
