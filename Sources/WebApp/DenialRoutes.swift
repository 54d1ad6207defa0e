import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// The denial worklist and appeals: `/api/v1/denials` (list by status, category, payer or claim, nearest appeal
/// deadline first; read; resolve), `/api/v1/appeal-templates`, `/api/v1/claims/{id}/appeal-letter` (a letter to read
/// before sending), `/api/v1/claims/{id}/appeals` (file one) and `/api/v1/appeals` (list, read, record the outcome).
struct DenialRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/denials", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/denials/:id", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/denials/:id/resolve", permission: .denialsWork),
            RouteRule(method: .GET, path: "/api/v1/appeal-templates", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/claims/:id/appeal-letter", permission: .denialsWork),
            RouteRule(method: .POST, path: "/api/v1/claims/:id/appeals", permission: .denialsWork),
            RouteRule(method: .GET, path: "/api/v1/appeals", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/appeals/:id", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/appeals/:id/outcome", permission: .denialsWork),
        ]
        api.get("denials", use: listDenials)
        api.get("denials", ":id", use: denial)
        api.post("denials", ":id", "resolve", use: resolve)
        api.get("appeal-templates", use: templates)
        api.post("claims", ":id", "appeal-letter", use: letter)
        api.post("claims", ":id", "appeals", use: fileAppeal)
        api.get("appeals", use: listAppeals)
        api.get("appeals", ":id", use: appeal)
        api.post("appeals", ":id", "outcome", use: decide)
    }

    struct DenialBody: Content {
        var denial: DenialWorkItem
        var version: Int
        /// Days from today to the appeal deadline; negative when it has passed.
        var daysToDeadline: Int?
        /// The letter template its category suggests.
        var suggestedTemplateID: String

        init(_ stored: Stored<DenialWorkItem>, today: ServiceDate) {
            denial = stored.value; version = stored.version
            daysToDeadline = stored.value.appealDeadline.map { today.days(until: $0) }
            suggestedTemplateID = AppealLetterTemplates.suggested(for: [stored.value]).id
        }
    }

    struct AppealBody: Content {
        var appeal: Appeal
        var version: Int

        init(_ stored: Stored<Appeal>) { appeal = stored.value; version = stored.version }
    }

    static func desk(_ req: Request, _ principal: Principal) -> DenialDesk { DenialDesk(store: req.store, actor: principal.claimActor) }

    /// The worklist's filters from the query: `status` (comma-separated; default the open and upheld ones; `all`),
    /// `category`, `payerID`, `claimID`, `limit`, `cursor`.
    static func query(_ req: Request) throws -> DenialQuery {
        var statuses = DenialStatus.workable
        if let raw = try req.stringParameter("status") {
            if raw == "all" { statuses = [] } else {
                statuses = Set(try raw.split(separator: ",").map { part in
                    guard let s = DenialStatus(rawValue: String(part)) else {
                        throw APIError.invalidParameter(name: "status", message: "status is all or a comma-separated list of " + DenialStatus.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    return s
                })
            }
        }
        let category = try req.stringParameter("category").map { raw in
            guard let c = DenialCategory(rawValue: raw) else {
                throw APIError.invalidParameter(name: "category", message: "category is one of " + DenialCategory.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return c
        }
        return DenialQuery(statuses: statuses, category: category, payerID: try uuidParameter(req, "payerID"), claimID: try uuidParameter(req, "claimID"),
                           limit: try req.intParameter("limit", range: 1...200, default: 50), cursor: try req.stringParameter("cursor", maxLength: 1024))
    }

    static func uuidParameter(_ req: Request, _ name: String) throws -> UUID? {
        try req.stringParameter(name, maxLength: 36).map { raw in
            guard let id = UUID(uuidString: raw) else { throw APIError.invalidParameter(name: name, message: "\(name) must be a UUID; got '\(raw)'") }
            return id
        }
    }

    @Sendable func listDenials(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let page = try await req.store.denials(tenantID: principal.tenantID, query: try Self.query(req))
        let today = req.state.today()
        return try jsonResponse(ExchangeRoutes.ListBody(items: page.items.map { DenialBody($0, today: today) }, nextCursor: page.nextCursor))
    }

    static func storedDenial(_ req: Request, _ principal: Principal) async throws -> Stored<DenialWorkItem> {
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.denial(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "denial", id: id) }
        return stored
    }

    @Sendable func denial(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try jsonResponse(DenialBody(try await Self.storedDenial(req, principal), today: req.state.today()))
    }

    struct ResolveRequest: Content {
        var status: DenialStatus
        var reason: String
    }

    /// POST /api/v1/denials/{id}/resolve: corrected, written off or closed, with the reason.
    @Sendable func resolve(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let body = try req.content.decode(ResolveRequest.self)
        let id = try req.uuidPathParameter()
        let resolved = try await Self.desk(req, principal).resolve(denialID: id, tenantID: principal.tenantID, as: body.status, reason: body.reason)
        try await req.audit(principal, .update, entityType: "denial", entityID: id.uuidString, detail: "\(body.status.rawValue): \(body.reason)")
        return try jsonResponse(DenialBody(resolved, today: req.state.today()))
    }

    struct TemplateBody: Content {
        var id: String
        var title: String
        var categories: [DenialCategory]
        var body: String
    }

    struct TemplatesAnswer: Content {
        var templates: [TemplateBody]
        /// Each placeholder a template may use, with what it becomes.
        var placeholders: [String: String]
    }

    @Sendable func templates(_ req: Request) async throws -> Response {
        _ = try await req.require(.claimsRead)
        return try jsonResponse(TemplatesAnswer(templates: AppealLetterTemplates.builtIn.map { TemplateBody(id: $0.id, title: $0.title, categories: $0.categories, body: $0.body) },
                                                placeholders: AppealLetterTemplates.placeholders))
    }

    struct AppealRequest: Content {
        /// Default: every open or upheld denial on the claim that can be appealed.
        var denialIDs: [UUID]?
        /// Default: the template the denials' category suggests.
        var templateID: String?
        /// The letter as a person edited it; default the template's.
        var letter: String?
        /// Default today.
        var sentOn: ServiceDate?
        /// Required when the appeal deadline has passed.
        var goodCause: String?
    }

    /// POST /api/v1/claims/{id}/appeal-letter: the letter an appeal would send, to read and edit first.
    @Sendable func letter(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let body = req.body.data == nil ? AppealRequest() : try req.content.decode(AppealRequest.self)
        let claim = try await ClaimRoutes.claim(req, principal).value
        let desk = Self.desk(req, principal)
        let denials = try await desk.denials(claimID: claim.id, tenantID: principal.tenantID, ids: body.denialIDs)
        guard !denials.isEmpty else { throw AppealRefusal("denialIDs", "claim \(claim.patientControlNumber) has no open denial that can be appealed") }
        return try jsonResponse(try await desk.letter(claimID: claim.id, tenantID: principal.tenantID, denials: denials.map(\.value), templateID: body.templateID,
                                                      goodCause: body.goodCause, on: body.sentOn ?? req.state.today()))
    }

    /// POST /api/v1/claims/{id}/appeals: files the appeal; the claim moves to appealed and its denials with it.
    @Sendable func fileAppeal(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        return try await Idempotency.run(req, principal) {
            let body = req.body.data == nil ? AppealRequest() : try req.content.decode(AppealRequest.self)
            let claim = try await ClaimRoutes.claim(req, principal).value
            let filed = try await Self.fileAppeal(req, principal, claimID: claim.id, body: body)
            return (.created, try jsonEncoder.encode(AppealBody(filed)))
        }
    }

    /// Files and audits an appeal: for the API and the pages.
    static func fileAppeal(_ req: Request, _ principal: Principal, claimID: UUID, body: AppealRequest) async throws -> Stored<Appeal> {
        let filed = try await desk(req, principal).fileAppeal(claimID: claimID, tenantID: principal.tenantID, denialIDs: body.denialIDs, templateID: body.templateID,
                                                              letterText: body.letter, goodCause: body.goodCause, sentOn: body.sentOn ?? req.state.today(), at: Date())
        try await req.audit(principal, .create, entityType: "appeal", entityID: filed.value.id.uuidString,
                            detail: "claim \(filed.value.patientControlNumber), level \(filed.value.level), \(filed.value.amount)")
        return filed
    }

    @Sendable func listAppeals(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let page = try await req.store.appeals(tenantID: principal.tenantID, claimID: try Self.uuidParameter(req, "claimID"),
                                               pendingOnly: try req.query.get(Bool?.self, at: "pending") ?? false,
                                               limit: try req.intParameter("limit", range: 1...200, default: 50), cursor: try req.stringParameter("cursor", maxLength: 1024))
        return try jsonResponse(ExchangeRoutes.ListBody(items: page.items.map(AppealBody.init), nextCursor: page.nextCursor))
    }

    static func storedAppeal(_ req: Request, _ principal: Principal) async throws -> Stored<Appeal> {
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.appeal(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "appeal", id: id) }
        return stored
    }

    @Sendable func appeal(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try jsonResponse(AppealBody(try await Self.storedAppeal(req, principal)))
    }

    struct OutcomeRequest: Content {
        var outcome: AppealOutcome
        /// Default today.
        var decidedOn: ServiceDate?
        var recovered: Money?
        var note: String?
    }

    /// POST /api/v1/appeals/{id}/outcome: the payer's decision from a letter or a call. An upheld or withdrawn appeal
    /// puts the claim back to denied, partly paid or paid, as the appeal found it; the money of an overturned one comes with the payer's 835.
    @Sendable func decide(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let body = try req.content.decode(OutcomeRequest.self)
        return try jsonResponse(AppealBody(try await Self.decide(req, principal, appealID: try req.uuidPathParameter(), body: body)))
    }

    static func decide(_ req: Request, _ principal: Principal, appealID: UUID, body: OutcomeRequest) async throws -> Stored<Appeal> {
        let decided = try await desk(req, principal).decide(appealID: appealID, tenantID: principal.tenantID, outcome: body.outcome,
                                                             decidedOn: body.decidedOn ?? req.state.today(), recovered: body.recovered, note: body.note, at: Date())
        try await req.audit(principal, .update, entityType: "appeal", entityID: appealID.uuidString, detail: "outcome \(body.outcome.rawValue)")
        return decided
    }
}
