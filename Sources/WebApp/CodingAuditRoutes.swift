import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// Coding audits: `/api/v1/coding/audits` (draw a sample of completed charts; list; read one with its reviews),
/// `/api/v1/coding/audit-reviews/{id}` (read; complete with the blind re-coding), `/api/v1/coding/accuracy`
/// (per coder over a period). While a review is pending, the coder's codes are not shown.
struct CodingAuditRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .POST, path: "/api/v1/coding/audits", permission: .codingAudit),
            RouteRule(method: .GET, path: "/api/v1/coding/audits", permission: .reportsRead),
            RouteRule(method: .GET, path: "/api/v1/coding/audits/:id", permission: .reportsRead),
            RouteRule(method: .GET, path: "/api/v1/coding/audit-reviews/:id", permission: .reportsRead),
            RouteRule(method: .POST, path: "/api/v1/coding/audit-reviews/:id/complete", permission: .codingAudit),
            RouteRule(method: .GET, path: "/api/v1/coding/accuracy", permission: .reportsRead),
        ]
        api.post("coding", "audits", use: create)
        api.get("coding", "audits", use: list)
        api.get("coding", "audits", ":id", use: one)
        api.get("coding", "audit-reviews", ":id", use: review)
        api.post("coding", "audit-reviews", ":id", "complete", use: complete)
        api.get("coding", "accuracy", use: accuracy)
    }

    struct CreateRequest: Content {
        var name: String
        /// Charts completed on these days (UTC, `to` included).
        var from: ServiceDate
        var to: ServiceDate
        var size: Int
        var coderID: UUID?
        var codePrefixes: [String]?
        var seed: UInt64?
    }

    /// A review as the API shows it: blind while pending.
    static func blind(_ review: AuditReview) -> AuditReview {
        var shown = review
        if review.status == .pending { shown.coderCodes = [] }
        return shown
    }

    struct AuditBody: Content {
        var audit: CodingAudit
        var reviews: [AuditReview]
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAudit)
        let body = try req.content.decode(CreateRequest.self)
        let (audit, reviews) = try await Self.create(req, principal, body)
        return try jsonResponse(AuditBody(audit: audit, reviews: reviews.map(Self.blind)), status: .created)
    }

    /// Draws the sample from the charts completed in the period and stores the audit with a pending review each.
    static func create(_ req: Request, _ principal: Principal, _ body: CreateRequest) async throws -> (CodingAudit, [AuditReview]) {
        let from = CodingRoutes.midnightUTC(body.from), to = CodingRoutes.midnightUTC(body.to, plusDays: 1)
        let sampling = AuditSampling(completedFrom: from, completedTo: to, size: body.size, coderID: body.coderID, codePrefixes: body.codePrefixes ?? [],
                                     seed: body.seed ?? UInt64.random(in: 1...UInt64.max))
        let charts = try await req.store.completedCodingWork(tenantID: principal.tenantID, from: from, to: to)
        var codes: [UUID: [DiagnosisCode]] = [:]
        for chart in charts {
            codes[chart.id] = try await req.store.record(Encounter.self, id: chart.id, tenantID: principal.tenantID)?.value.diagnoses ?? []
        }
        let (audit, reviews) = try CodingAudits.create(name: body.name, sampling: sampling, charts: charts, codes: codes, id: UUID(),
                                                       by: principal.claimActor, at: Date())
        try await req.store.insertCodingAudit(audit, reviews: reviews)
        try await req.audit(principal, .create, entityType: "coding_audit", entityID: audit.id.uuidString, detail: "\(audit.name): \(reviews.count) charts")
        return (audit, reviews)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try jsonResponse(["audits": try await req.store.codingAudits(tenantID: principal.tenantID)])
    }

    @Sendable func one(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        let (audit, reviews) = try await Self.audit(req, principal, id: try req.uuidPathParameter())
        return try jsonResponse(AuditBody(audit: audit, reviews: reviews.map(Self.blind)))
    }

    static func audit(_ req: Request, _ principal: Principal, id: UUID) async throws -> (CodingAudit, [AuditReview]) {
        guard let audit = try await req.store.codingAudit(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "coding audit", id: id) }
        return (audit, try await req.store.auditReviews(tenantID: principal.tenantID, auditID: id))
    }

    static func stored(_ req: Request, _ principal: Principal, id: UUID) async throws -> AuditReview {
        guard let review = try await req.store.auditReview(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "audit review", id: id) }
        return review
    }

    @Sendable func review(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try jsonResponse(Self.blind(try await Self.stored(req, principal, id: try req.uuidPathParameter())))
    }

    struct CompleteRequest: Content {
        /// The auditor's codes in sequence.
        var codes: [String]
        var note: String?
    }

    @Sendable func complete(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAudit)
        let body = try req.content.decode(CompleteRequest.self)
        return try jsonResponse(try await Self.complete(req, principal, id: try req.uuidPathParameter(), body))
    }

    /// The blind re-coding, each code checked on the encounter's date of service, compared and stored; audited.
    static func complete(_ req: Request, _ principal: Principal, id: UUID, _ body: CompleteRequest) async throws -> AuditReview {
        let review = try await stored(req, principal, id: id)
        let codes = body.codes.map(DiagnosisCode.init)
        if let encounter = try await req.store.record(Encounter.self, id: review.encounterID, tenantID: principal.tenantID)?.value {
            var recoded = encounter
            recoded.diagnoses = codes
            let problems = CodingRoutes.diagnosisProblems(recoded, library: req.state.library).map { FieldProblem(field: $0.field.replacingOccurrences(of: "diagnoses", with: "codes"), message: $0.message) }
            guard problems.isEmpty else { throw RecordError.invalid(problems) }
        }
        let completed = try CodingAudits.complete(review, auditorCodes: codes, note: body.note, by: principal.claimActor, at: Date())
        try await req.store.completeAuditReview(completed)
        try await req.audit(principal, .update, entityType: "audit_review", entityID: id.uuidString,
                            detail: "\((completed.disagreements ?? []).count) disagreements with \(completed.coder.displayName)")
        return completed
    }

    struct AccuracyBody: Content {
        var from: ServiceDate
        var to: ServiceDate
        var coders: [CoderAccuracy]
    }

    @Sendable func accuracy(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        let (from, to) = try CodingRoutes.period(req)
        let reviews = try await req.store.completedAuditReviews(tenantID: principal.tenantID, from: CodingRoutes.midnightUTC(from), to: CodingRoutes.midnightUTC(to, plusDays: 1))
        return try jsonResponse(AccuracyBody(from: from, to: to, coders: CoderAccuracy.summarize(reviews)))
    }
}
