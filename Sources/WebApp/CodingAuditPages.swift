import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// The audit pages: `/coding/audits` (the audits, accuracy per coder over the last 30 days, and for auditors the form
/// that draws a sample), `/coding/audits/{id}` (its charts, each re-coded blind or compared), and the blind re-coding
/// of one chart (`/coding/audit-reviews/{id}`: the note, never the coder's codes, until it is completed).
struct CodingAuditPages: Sendable {
    func register(_ app: Application) {
        app.get("coding", "audits", use: list)
        app.post("coding", "audits", use: create)
        app.get("coding", "audits", ":id", use: audit)
        app.get("coding", "audit-reviews", ":id", use: review)
        app.post("coding", "audit-reviews", ":id", use: complete)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try await Self.listPage(req, principal, notice: "")
    }

    static func listPage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let audits = try await req.store.codingAudits(tenantID: principal.tenantID)
        let (from, to) = try CodingRoutes.period(req)
        let accuracy = CoderAccuracy.summarize(try await req.store.completedAuditReviews(tenantID: principal.tenantID, from: CodingRoutes.midnightUTC(from),
                                                                                         to: CodingRoutes.midnightUTC(to, plusDays: 1)))
        func perMille(_ v: Int?) -> String { v.map { "\($0 / 10).\($0 % 10)%" } ?? "—" }
        var body = "<h1>Coding audits</h1>" + notice
        body += "<h2>Accuracy per coder, \(from) to \(to)</h2><table><tr><th>Coder</th><th>Charts audited</th><th>Code accuracy</th><th>Chart accuracy</th><th>Missed</th><th>Extra</th><th>Revised</th><th>Sequencing</th></tr>"
        for a in accuracy {
            body += "<tr><td>\(esc(a.coder.displayName))</td><td>\(a.reviews)</td><td>\(perMille(a.codeAccuracyPerMille))</td><td>\(perMille(a.encounterAccuracyPerMille))</td>"
            body += "<td>\(a.missed)</td><td>\(a.extra)</td><td>\(a.revised)</td><td>\(a.sequencing)</td></tr>"
        }
        body += "</table>" + (accuracy.isEmpty ? "<p class=muted>No review completed in the period.</p>" : "")
        body += "<h2>Audits</h2><table><tr><th>Audit</th><th>Charts</th><th>Drawn</th><th>By</th></tr>"
        for a in audits {
            body += "<tr><td><a href=\"/coding/audits/\(a.id)\">\(esc(a.name))</a></td><td>\(a.reviewIDs.count)</td><td>\(ExchangePages.time(a.createdAt))</td><td>\(esc(a.createdBy.displayName))</td></tr>"
        }
        body += "</table>"
        if PermissionMatrix.allows(principal.role, .codingAudit) {
            let coders = try await req.store.users(tenantID: principal.tenantID).filter { PermissionMatrix.allows($0.1.role, .codingWrite) }
            body += "<h2>Draw a sample</h2><form method=post action=\"/coding/audits\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += "<label>Name <input name=name required maxlength=200></label><label>Completed from <input type=date name=from value=\(from.iso) required></label>"
            body += "<label>to <input type=date name=to value=\(to.iso) required></label><label>Charts <input type=number name=size value=10 min=1 max=500></label>"
            body += "<label>Coder <select name=coderID><option value=\"\">any</option>" + coders.map { "<option value=\($0.0.id)>\(esc($0.0.displayName))</option>" }.joined() + "</select></label>"
            body += "<label>High-risk code prefixes <input name=codePrefixes placeholder=\"I50 J96 E11.6\"></label><button>Draw</button></form>"
        }
        return try await WorkPages.page(req, principal, title: "Coding audits", body: body, active: "/coding", status: status)
    }

    struct CreateForm: Content {
        var name: String
        var from: String
        var to: String
        var size: Int
        var coderID: String?
        var codePrefixes: String?
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAudit)
        let form = try req.content.decode(CreateForm.self)
        guard let from = ServiceDate(iso: form.from), let to = ServiceDate(iso: form.to) else {
            return try await Self.listPage(req, principal, notice: ExchangePages.error("give the period as two dates"), status: .unprocessableEntity)
        }
        let coderID = form.coderID.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        let prefixes = (form.codePrefixes ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        do {
            let (audit, _) = try await CodingAuditRoutes.create(req, principal, .init(name: form.name, from: from, to: to, size: form.size, coderID: coderID,
                                                                                       codePrefixes: prefixes, seed: nil))
            return req.redirect(to: "/coding/audits/\(audit.id)", redirectType: .normal)
        } catch let refusal as CodingWorkRefusal {
            return try await Self.listPage(req, principal, notice: ExchangePages.error(refusal.message), status: .unprocessableEntity)
        }
    }

    @Sendable func audit(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        let (audit, reviews) = try await CodingAuditRoutes.audit(req, principal, id: try req.uuidPathParameter())
        var body = "<h1>\(esc(audit.name))</h1><p class=muted>Drawn by \(esc(audit.createdBy.displayName)) on \(ExchangePages.time(audit.createdAt)): up to \(audit.sampling.size) charts completed "
        body += "\(ExchangePages.time(audit.sampling.completedFrom)) to \(ExchangePages.time(audit.sampling.completedTo))"
        body += audit.sampling.codePrefixes.isEmpty ? "" : ", with a code starting \(audit.sampling.codePrefixes.joined(separator: ", "))"
        body += ", seed \(audit.sampling.seed).</p><table><tr><th>Chart</th><th>Coder</th><th>Status</th><th>Disagreements</th></tr>"
        for r in reviews {
            body += "<tr><td><a href=\"/coding/audit-reviews/\(r.id)\">\(r.encounterID.uuidString.prefix(8))</a></td><td>\(esc(r.coder.displayName))</td><td>\(r.status.rawValue)</td><td>"
            body += (r.disagreements ?? []).map { esc($0.explanation) }.joined(separator: "<br>") + (r.encounterAccurate == true ? "none" : "") + "</td></tr>"
        }
        body += "</table>"
        return try await WorkPages.page(req, principal, title: audit.name, body: body, active: "/coding")
    }

    @Sendable func review(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try await Self.reviewPage(req, principal, id: try req.uuidPathParameter(), notice: "")
    }

    static func reviewPage(_ req: Request, _ principal: Principal, id: UUID, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let review = try await CodingAuditRoutes.stored(req, principal, id: id)
        guard let encounter = try await req.store.record(Encounter.self, id: review.encounterID, tenantID: principal.tenantID)?.value else {
            throw RecordError.notFound(noun: "encounter", id: review.encounterID)
        }
        try await req.audit(principal, .read, entityType: "encounter", entityID: encounter.id.uuidString, detail: "audit review")
        var body = "<h1>Audit review</h1><p class=muted>\(encounter.serviceFrom), coded by \(esc(review.coder.displayName)). <a href=\"/coding/audits/\(review.auditID)\">The audit</a></p>" + notice
        body += "<div class=workspace><section><h2>Documentation</h2><div class=chartnote>\(esc(encounter.note))</div></section><section>"
        if review.status == .pending {
            body += "<p>Code the chart as the documentation supports it; the coder's codes are shown once you have.</p>"
            if PermissionMatrix.allows(principal.role, .codingAudit) {
                body += "<form method=post action=\"/coding/audit-reviews/\(id)\">\(WorkPages.csrfField(principal))"
                body += "<label>Diagnoses in sequence <textarea name=codes rows=5 autofocus required></textarea></label>"
                if review.coderProcedures != nil {
                    body += "<label>Procedures, one a line: ICD-10-PCS in sequence, then services with modifiers and units (99214-25, 36415 x3)"
                    body += "<textarea name=procedures rows=4></textarea></label>"
                }
                body += "<label>Note <input name=note size=40></label> <button accesskey=s>Complete the review</button></form>"
            }
        } else {
            func codes(_ diagnoses: [String], _ procedures: [String]?) -> String {
                "<p class=code>\(diagnoses.map { esc(DiagnosisCode($0).description) }.joined(separator: " "))</p>"
                    + (procedures.map { "<p class=code>Procedures: \($0.isEmpty ? "none" : $0.map(esc).joined(separator: ", "))</p>" } ?? "")
            }
            body += "<h2>Coder</h2>" + codes(review.coderCodes, review.auditorProcedures == nil ? nil : review.coderProcedures)
            body += "<h2>Auditor (\(esc(review.auditor?.displayName ?? "")))</h2>" + codes(review.auditorCodes ?? [], review.auditorProcedures)
            body += "<h2>Disagreements</h2><ul>" + (review.disagreements ?? []).map { "<li>\($0.kind.rawValue): \(esc($0.explanation))</li>" }.joined() + "</ul>"
            if let note = review.note { body += "<p>\(esc(note))</p>" }
        }
        body += "</section></div>"
        return try await WorkPages.page(req, principal, title: "Audit review", body: body, active: "/coding", status: status)
    }

    struct CompleteForm: Content {
        var codes: String
        /// Present when the review compares procedures; empty says none were performed.
        var procedures: String?
        var note: String?
    }

    @Sendable func complete(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAudit)
        let form = try req.content.decode(CompleteForm.self)
        let id = try req.uuidPathParameter()
        let codes = form.codes.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "," }).map(String.init)
        do {
            let procedures = form.procedures.map { $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            _ = try await CodingAuditRoutes.complete(req, principal, id: id, .init(codes: codes, procedures: procedures, note: form.note))
        } catch let refusal as CodingWorkRefusal {
            return try await Self.reviewPage(req, principal, id: id, notice: ExchangePages.error(refusal.message), status: refusal.isAboutInput ? .unprocessableEntity : .conflict)
        } catch RecordError.invalid(let problems) {
            return try await Self.reviewPage(req, principal, id: id, notice: ExchangePages.error(problems.map(\.description).joined(separator: "; ")), status: .unprocessableEntity)
        }
        return req.redirect(to: "/coding/audit-reviews/\(id)", redirectType: .normal)
    }
}
