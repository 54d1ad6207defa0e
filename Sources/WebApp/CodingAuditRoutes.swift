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
        if review.status == .pending {
            shown.coderCodes = []
            if shown.coderProcedures != nil { shown.coderProcedures = [] }
        }
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
        var codes: [UUID: AuditedCodes] = [:]
        for chart in charts {
            guard let encounter = try await req.store.record(Encounter.self, id: chart.id, tenantID: principal.tenantID)?.value else { continue }
            let services = try await req.store.records(Charge.self, tenantID: principal.tenantID,
                                                       query: RecordQuery(encounterID: chart.id, limit: RecordQuery.maximumLimit)).items.map(\.value)
            codes[chart.id] = AuditedCodes(encounter: encounter, services: services)
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
        /// The auditor's diagnoses in sequence.
        var codes: [String]
        /// The auditor's procedures: ICD-10-PCS codes in sequence and services, each "CODE[-MOD...][ xUNITS]" such as
        /// "99214-25" or "36415 x3". Absent, procedures are not compared; empty, the auditor says none were performed.
        var procedures: [String]?
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
        let procedures = try body.procedures?.map { try AuditedProcedure.read($0).get() }
        if let encounter = try await req.store.record(Encounter.self, id: review.encounterID, tenantID: principal.tenantID)?.value {
            var recoded = encounter
            recoded.diagnoses = codes
            var problems = CodingRoutes.diagnosisProblems(recoded, library: req.state.library).map { FieldProblem(field: $0.field.replacingOccurrences(of: "diagnoses", with: "codes"), message: $0.message) }
            for (i, procedure) in (procedures ?? []).enumerated() {
                if procedure.system == .icd10pcs, encounter.claimKind != .institutional {
                    problems.append(FieldProblem(field: "procedures[\(i)]", message: "\(procedure.code): ICD-10-PCS is reported on institutional (inpatient) charts only"))
                } else if let why = CodingChartRoutes.validity(ProcedureCode(system: procedure.system, code: procedure.code), on: encounter.serviceFrom, library: req.state.library).invalid {
                    problems.append(FieldProblem(field: "procedures[\(i)]", message: "\(procedure.code): \(why)"))
                }
            }
            guard problems.isEmpty else { throw RecordError.invalid(problems) }
        }
        let completed = try CodingAudits.complete(review, auditorCodes: codes, procedures: procedures, note: body.note, by: principal.claimActor, at: Date())
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

/// Blind re-coding: while a chart's audit review is pending, an auditor does not read its codes anywhere else (its
/// workspace and coding API, the encounter, its charges and claims, its risk). Other roles are not blinded: an
/// administrator may audit, but also runs the practice.
extension Request {
    /// The charts an auditor must not read the codes of yet, by encounter id, with their pending review; none for
    /// other roles.
    func auditBlindCharts(_ principal: Principal) async throws -> [UUID: UUID] {
        guard principal.role == .auditor else { return [:] }
        return try await store.pendingAuditReviewsByEncounter(tenantID: principal.tenantID)
    }

    func refuseWhileAuditBlind(_ principal: Principal, encounterID: UUID) async throws {
        if let reviewID = try await auditBlindCharts(principal)[encounterID] { throw AccessError.auditPending(reviewID: reviewID) }
    }
}
