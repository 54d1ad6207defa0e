import Foundation
import RevenueCycle
import Vapor

/// Provider queries: `/api/v1/query-templates`, `POST /api/v1/coding/queue/{id}/queries` (the chart's coder asks),
/// `/api/v1/provider-queries` (open first, oldest first, with their age; read one; answer; withdraw).
struct ProviderQueryRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/query-templates", permission: .encountersRead),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/queries", permission: .codingWrite),
            RouteRule(method: .GET, path: "/api/v1/provider-queries", permission: .encountersRead),
            RouteRule(method: .GET, path: "/api/v1/provider-queries/:id", permission: .encountersRead),
            RouteRule(method: .POST, path: "/api/v1/provider-queries/:id/answer", permission: .queriesAnswer),
            RouteRule(method: .POST, path: "/api/v1/provider-queries/:id/withdraw", permission: .codingWrite),
        ]
        api.get("query-templates", use: templates)
        api.post("coding", "queue", ":id", "queries", use: send)
        api.get("provider-queries", use: list)
        api.get("provider-queries", ":id", use: one)
        api.post("provider-queries", ":id", "answer", use: answer)
        api.post("provider-queries", ":id", "withdraw", use: withdraw)
    }

    struct QueryBody: Content {
        var query: ProviderQuery
        var version: Int
        /// Days it has been open (or was, once answered).
        var ageDays: Int

        init(_ stored: Stored<ProviderQuery>, now: Date) { query = stored.value; version = stored.version; ageDays = stored.value.ageInDays(at: now) }
    }

    @Sendable func templates(_ req: Request) async throws -> Response {
        _ = try await req.require(.encountersRead)
        return try jsonResponse(["templates": ProviderQueryTemplate.all])
    }

    struct SendRequest: Content {
        var templateID: String
        var subject: String
        var clinicalIndicators: [String]
        var options: [String]?
        /// The chart's version read.
        var version: Int?
    }

    @Sendable func send(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try req.content.decode(SendRequest.self)
        let stored = try await Self.send(req, principal, chartID: try req.uuidPathParameter(), body)
        return try jsonResponse(QueryBody(stored, now: Date()), status: .created)
    }

    /// Checks and sends the query; the chart and encounter wait for the answer. For the API and the workspace.
    static func send(_ req: Request, _ principal: Principal, chartID: UUID, _ body: SendRequest) async throws -> Stored<ProviderQuery> {
        guard let template = ProviderQueryTemplate.named(body.templateID) else {
            throw RecordError.invalid([FieldProblem(field: "templateID", message: "templateID is one of " + ProviderQueryTemplate.all.map(\.id).joined(separator: ", "))])
        }
        let item = try await CodingRoutes.item(req, principal, id: chartID)
        if let version = body.version, version != item.version {
            throw StoreError.versionConflict(kind: "coding work", id: chartID, expected: version, actual: item.version)
        }
        guard let encounter = try await req.store.record(Encounter.self, id: chartID, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "encounter", id: chartID)
        }
        let (query, chart, waiting) = try ProviderQueries.send(item.value, encounter.value, template: template, subject: body.subject,
                                                               clinicalIndicators: body.clinicalIndicators, options: body.options ?? [], id: UUID(),
                                                               by: principal.claimActor, at: Date())
        let saved = try await req.store.saveProviderQuery(query, expectedVersion: nil, item: chart, itemVersion: item.version, encounter: waiting,
                                                          encounterVersion: encounter.version)
        try await req.audit(principal, .create, entityType: "provider_query", entityID: query.id.uuidString, detail: "encounter \(chartID): \(query.question)")
        return saved
    }

    /// `status` (open, answered, withdrawn), `encounter`, `provider`, `limit`, `cursor`.
    static func query(_ req: Request) throws -> ProviderQueryQuery {
        let status = try req.stringParameter("status", maxLength: 20).flatMap { raw -> ProviderQueryStatus? in
            guard !raw.isEmpty else { return nil }
            guard let s = ProviderQueryStatus(rawValue: raw) else {
                throw APIError.invalidParameter(name: "status", message: "status is one of " + ProviderQueryStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return s
        }
        return ProviderQueryQuery(status: status, encounterID: try req.uuidParameter("encounter"), providerID: try req.uuidParameter("provider"),
                                  limit: try req.intParameter("limit", range: 1...RecordQuery.maximumLimit, default: 50),
                                  cursor: try req.stringParameter("cursor", maxLength: 1024))
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let page = try await req.store.providerQueries(tenantID: principal.tenantID, query: try Self.query(req))
        let now = Date()
        return try jsonResponse(CodingRoutes.Listing(items: page.items.map { QueryBody($0, now: now) }, nextCursor: page.nextCursor))
    }

    @Sendable func one(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        return try jsonResponse(QueryBody(try await Self.stored(req, principal, id: try req.uuidPathParameter()), now: Date()))
    }

    static func stored(_ req: Request, _ principal: Principal, id: UUID) async throws -> Stored<ProviderQuery> {
        guard let stored = try await req.store.providerQuery(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "provider query", id: id) }
        return stored
    }

    struct AnswerRequest: Content {
        var answer: String
        var detail: String?
        var version: Int?
    }

    @Sendable func answer(_ req: Request) async throws -> Response {
        let principal = try await req.require(.queriesAnswer)
        let body = try req.content.decode(AnswerRequest.self)
        return try jsonResponse(QueryBody(try await Self.answer(req, principal, id: try req.uuidPathParameter(), body), now: Date()))
    }

    /// Records the answer, adds it to the note and gives the chart back to its coder. For the API and the page.
    static func answer(_ req: Request, _ principal: Principal, id: UUID, _ body: AnswerRequest) async throws -> Stored<ProviderQuery> {
        try await change(req, principal, id: id, version: body.version, what: "answered: \(body.answer)") { query, item, encounter in
            try ProviderQueries.answer(query, item, encounter, option: body.answer, detail: body.detail, by: principal.claimActor, at: Date())
        }
    }

    struct WithdrawRequest: Content {
        var reason: String
        var version: Int?
    }

    @Sendable func withdraw(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try req.content.decode(WithdrawRequest.self)
        return try jsonResponse(QueryBody(try await Self.withdraw(req, principal, id: try req.uuidPathParameter(), body), now: Date()))
    }

    static func withdraw(_ req: Request, _ principal: Principal, id: UUID, _ body: WithdrawRequest) async throws -> Stored<ProviderQuery> {
        try await change(req, principal, id: id, version: body.version, what: "withdrawn: \(body.reason)") { query, item, encounter in
            try ProviderQueries.withdraw(query, item, encounter, reason: body.reason, by: principal.claimActor, at: Date())
        }
    }

    /// Reads the query, its chart and encounter, applies the change and stores the three in one transaction; audited.
    static func change(_ req: Request, _ principal: Principal, id: UUID, version: Int?, what: String,
                       _ apply: (ProviderQuery, CodingWorkItem, Encounter) throws -> (ProviderQuery, CodingWorkItem, Encounter)) async throws -> Stored<ProviderQuery> {
        let stored = try await Self.stored(req, principal, id: id)
        if let version, version != stored.version { throw StoreError.versionConflict(kind: "provider query", id: id, expected: version, actual: stored.version) }
        let item = try await CodingRoutes.item(req, principal, id: stored.value.encounterID)
        guard let encounter = try await req.store.record(Encounter.self, id: stored.value.encounterID, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "encounter", id: stored.value.encounterID)
        }
        let (query, chart, changed) = try apply(stored.value, item.value, encounter.value)
        let saved = try await req.store.saveProviderQuery(query, expectedVersion: stored.version, item: chart, itemVersion: item.version, encounter: changed,
                                                          encounterVersion: encounter.version)
        try await req.audit(principal, .update, entityType: "provider_query", entityID: id.uuidString, detail: what)
        return saved
    }
}
