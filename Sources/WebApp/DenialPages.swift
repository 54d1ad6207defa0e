import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// The pages of the denial worklist: the list (nearest appeal deadline first), a claim's appeal (its denials, the
/// letter from a template to read and edit, then filed), an appeal with its outcome, and resolving a denial without
/// one. They do what `DenialRoutes` do, through the same functions and permissions; a refusal is shown in words.
struct DenialPages: Sendable {
    func register(_ app: Application) {
        app.get("denials", use: worklist)
        app.post("denials", ":id", "resolve", use: resolve)
        app.get("claims", ":id", "appeal", use: appealForm)
        app.post("claims", ":id", "appeal", use: fileAppeal)
        app.get("appeals", ":id", use: appeal)
        app.post("appeals", ":id", "outcome", use: decide)
    }

    @Sendable func worklist(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.worklistPage(req, principal, notice: "")
    }

    static func worklistPage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let query = try DenialRoutes.query(req)
        let page = try await req.store.denials(tenantID: principal.tenantID, query: query)
        let today = req.state.today()
        let canWork = PermissionMatrix.allows(principal.role, .denialsWork)
        let chosen = try req.stringParameter("status") ?? ""
        var body = "<h1>Denials</h1>" + notice
        body += "<form method=get action=\"/denials\" class=feesheet><label>Status <select name=status>"
        for (value, label) in [("", "to work (open, upheld)"), ("all", "all")] + DenialStatus.allCases.map({ ($0.rawValue, $0.rawValue) }) {
            body += "<option value=\"\(value)\"\(value == chosen ? " selected" : "")>\(esc(label))</option>"
        }
        body += "</select></label><label>Category <select name=category><option value=\"\">any</option>"
        for c in DenialCategory.allCases { body += "<option value=\(c.rawValue)\(query.category == c ? " selected" : "")>\(esc(c.words))</option>" }
        body += "</select></label><button>Show</button></form>"
        body += "<table><tr><th>Appeal by</th><th>Claim</th><th>Line</th><th>Why</th><th>Denied</th><th>Remittance</th><th>Status</th><th></th></tr>"
        for d in page.items.map(\.value) {
            let days = d.appealDeadline.map { today.days(until: $0) }
            let due = d.appealDeadline.map { "\($0)" + (days.map { $0 < 0 ? " <span class=error>(\(-$0) days late)</span>" : " (\($0) days)" } ?? "") } ?? "—"
            body += "<tr><td>\(due)</td><td><a href=\"/claims/\(d.claimID)\" class=code>\(esc(d.patientControlNumber))</a></td>"
            body += "<td>\(d.lineNumber.map { "\($0)" } ?? "claim")\(d.procedureCode.map { " <span class=code>\(esc($0))</span>" } ?? "")</td>"
            body += "<td>\(esc(d.summary))\(d.resolution.map { "<br><span class=muted>\(esc($0))</span>" } ?? "")</td>"
            body += "<td>\(d.deniedAmount.formatted)</td><td>\(d.remittanceDate)</td><td><span class=status>\(d.status.rawValue)</span></td><td>"
            if canWork && DenialStatus.workable.contains(d.status) {
                if d.isAppealable { body += "<a href=\"/claims/\(d.claimID)/appeal\">Appeal</a> " }
                body += "<form method=post action=\"/denials/\(d.id)/resolve\" class=inline>\(WorkPages.csrfField(principal))"
                body += "<select name=status aria-label=\"Resolution\">" + DenialStatus.resolutions.map(\.rawValue).sorted().map { "<option>\($0)</option>" }.joined() + "</select>"
                body += "<input name=reason required placeholder=why aria-label=\"Reason\"><button>Resolve</button></form>"
            }
            body += "</td></tr>"
        }
        body += "</table>" + WorkPages.nextLink(req, page.nextCursor)
        return try await WorkPages.page(req, principal, title: "Denials", body: body, active: "/denials", status: status)
    }

    struct ResolveForm: Content {
        var status: String
        var reason: String
    }

    @Sendable func resolve(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let form = try req.content.decode(ResolveForm.self)
        let id = try req.uuidPathParameter()
        guard let status = DenialStatus(rawValue: form.status) else {
            return try await Self.worklistPage(req, principal, notice: ExchangePages.error("choose corrected, writtenOff or closed"), status: .badRequest)
        }
        do {
            _ = try await DenialRoutes.desk(req, principal).resolve(denialID: id, tenantID: principal.tenantID, as: status, reason: form.reason)
            try await req.audit(principal, .update, entityType: "denial", entityID: id.uuidString, detail: "\(status.rawValue): \(form.reason)")
        } catch let refusal as AppealRefusal {
            return try await Self.worklistPage(req, principal, notice: ExchangePages.error(refusal.message), status: .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.worklistPage(req, principal, notice: ExchangePages.error(ExchangePages.changedMeanwhile), status: .conflict)
        }
        return req.redirect(to: "/denials", redirectType: .normal)
    }

    // MARK: a claim's appeal

    @Sendable func appealForm(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        return try await Self.appealPage(req, principal, error: nil, templateID: try req.stringParameter("template"), goodCause: nil, letter: nil)
    }

    static func appealPage(_ req: Request, _ principal: Principal, error: String?, templateID: String?, goodCause: String?, letter: String?,
                           status: HTTPStatus = .ok) async throws -> Response {
        let claim = try await ClaimRoutes.claim(req, principal).value
        let desk = DenialRoutes.desk(req, principal)
        let denials = try await desk.denials(claimID: claim.id, tenantID: principal.tenantID, ids: nil).map(\.value)
        var body = "<h1>Appeal claim <span class=code>\(esc(claim.patientControlNumber))</span></h1>" + (error.map(ExchangePages.error) ?? "")
        guard !denials.isEmpty else {
            body += "<p>This claim has no open denial that can be appealed. <a href=\"/claims/\(claim.id)\">Back to the claim</a></p>"
            return try await WorkPages.page(req, principal, title: "Appeal", body: body, active: "/denials", status: status)
        }
        let today = req.state.today()
        var text = letter ?? ""
        var chosen = templateID
        do {
            let made = try await desk.letter(claimID: claim.id, tenantID: principal.tenantID, denials: denials, templateID: templateID, goodCause: goodCause, on: today)
            if letter == nil { text = made.text }
            chosen = made.templateID
        } catch let refusal as AppealRefusal {
            body += ExchangePages.error(refusal.message)
        }
        body += "<form method=get action=\"/claims/\(claim.id)/appeal\" class=feesheet><label>Letter template <select name=template>"
        for t in AppealLetterTemplates.builtIn { body += "<option value=\(t.id)\(t.id == chosen ? " selected" : "")>\(esc(t.title))</option>" }
        body += "</select></label><button>Use this template</button></form>"
        body += "<form method=post action=\"/claims/\(claim.id)/appeal\">\(WorkPages.csrfField(principal))<input type=hidden name=templateID value=\"\(esc(chosen ?? ""))\">"
        body += "<fieldset><legend>Denials appealed</legend>"
        for d in denials {
            let late = d.appealDeadline.map { $0 < today } ?? false
            body += "<label><input type=checkbox name=\"denialIDs[]\" value=\(d.id) checked> \(d.lineNumber.map { "line \($0)" } ?? "claim"): \(esc(d.summary)), "
            body += "\(d.deniedAmount.formatted); appeal by \(d.appealDeadline.map(String.init(describing:)) ?? "—")\(late ? " <span class=error>(passed)</span>" : "")</label><br>"
        }
        body += "</fieldset><label>Good cause (only for a late appeal)<br><input name=goodCause size=80 value=\"\(esc(goodCause ?? ""))\"></label>"
        body += "<p><label>Letter<br><textarea name=letter rows=30 cols=100>\(esc(text))</textarea></label></p><button>File the appeal</button></form>"
        return try await WorkPages.page(req, principal, title: "Appeal", body: body, active: "/denials", status: status)
    }

    struct AppealForm: Content {
        var denialIDs: [UUID]?
        var templateID: String?
        var letter: String?
        var goodCause: String?
    }

    @Sendable func fileAppeal(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let form = try req.content.decode(AppealForm.self)
        let claim = try await ClaimRoutes.claim(req, principal).value
        let templateID = form.templateID.flatMap { $0.isEmpty ? nil : $0 }
        let goodCause = form.goodCause.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let ids = form.denialIDs, !ids.isEmpty else {
            return try await Self.appealPage(req, principal, error: "choose at least one denial to appeal", templateID: templateID, goodCause: goodCause,
                                             letter: form.letter, status: .badRequest)
        }
        do {
            let filed = try await DenialRoutes.fileAppeal(req, principal, claimID: claim.id, body: DenialRoutes.AppealRequest(
                denialIDs: ids, templateID: templateID, letter: form.letter, sentOn: nil, goodCause: goodCause))
            return req.redirect(to: "/appeals/\(filed.value.id)", redirectType: .normal)
        } catch let refusal as AppealRefusal {
            return try await Self.appealPage(req, principal, error: refusal.message, templateID: templateID, goodCause: goodCause, letter: form.letter, status: .conflict)
        } catch let refusal as ClaimTransitionError {
            return try await Self.appealPage(req, principal, error: refusal.description, templateID: templateID, goodCause: goodCause, letter: form.letter, status: .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.appealPage(req, principal, error: ExchangePages.changedMeanwhile, templateID: templateID, goodCause: goodCause,
                                             letter: form.letter, status: .conflict)
        }
    }

    // MARK: an appeal

    @Sendable func appeal(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.appealDetail(req, principal, error: nil)
    }

    static func appealDetail(_ req: Request, _ principal: Principal, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        let a = try await DenialRoutes.storedAppeal(req, principal).value
        var body = "<h1>Appeal, level \(a.level), claim <a href=\"/claims/\(a.claimID)\" class=code>\(esc(a.patientControlNumber))</a></h1>" + (error.map(ExchangePages.error) ?? "")
        body += "<dl><dt>Outcome</dt><dd><span class=status>\(a.outcome.rawValue)</span>\(a.decidedOn.map { " on \($0)" } ?? "")"
        body += "\(a.recovered.map { ", \($0.formatted) recovered" } ?? "")\(a.outcomeNote.map { ": " + esc($0) } ?? "")</dd>"
        body += "<dt>Amount appealed</dt><dd>\(a.amount.formatted)</dd><dt>Sent</dt><dd>\(a.sentOn) by \(esc(a.createdBy.displayName))</dd>"
        body += "<dt>Deadline</dt><dd>\(a.deadline.map(String.init(describing:)) ?? "—")\(a.goodCause.map { "; late for a good cause: " + esc($0) } ?? "")</dd>"
        body += "<dt>Template</dt><dd>\(esc(a.templateID))</dd></dl>"
        if a.outcome == .pending && PermissionMatrix.allows(principal.role, .denialsWork) {
            body += "<h2>Record the payer's decision</h2><form method=post action=\"/appeals/\(a.id)/outcome\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += "<label>Outcome <select name=outcome>" + AppealOutcome.allCases.filter { $0 != .pending }.map { "<option>\($0.rawValue)</option>" }.joined() + "</select></label>"
            body += "<label>Decided on <input name=decidedOn type=date value=\"\(req.state.today().iso)\"></label>"
            body += "<label>Recovered <input name=recovered placeholder=0.00 size=10></label><label>Note <input name=note size=40></label><button>Record</button></form>"
            body += "<p class=muted>A payment comes with the payer's 835, which also decides the appeal when it is posted.</p>"
        }
        body += "<h2>Letter</h2><pre class=x12>\(esc(a.letter))</pre>"
        return try await WorkPages.page(req, principal, title: "Appeal", body: body, active: "/denials", status: status)
    }

    struct OutcomeForm: Content {
        var outcome: String
        var decidedOn: String?
        var recovered: String?
        var note: String?
    }

    @Sendable func decide(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let form = try req.content.decode(OutcomeForm.self)
        let id = try req.uuidPathParameter()
        guard let outcome = AppealOutcome(rawValue: form.outcome) else {
            return try await Self.appealDetail(req, principal, error: "choose an outcome", status: .badRequest)
        }
        var decidedOn: ServiceDate?
        if let raw = form.decidedOn, !raw.isEmpty {
            guard let d = ServiceDate(iso: raw) else { return try await Self.appealDetail(req, principal, error: "the decision date must be YYYY-MM-DD", status: .badRequest) }
            decidedOn = d
        }
        var recovered: Money?
        if let raw = form.recovered?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let m = Money(dollars: raw) else { return try await Self.appealDetail(req, principal, error: "the amount recovered must be dollars and cents, such as 120.00", status: .badRequest) }
            recovered = m
        }
        let note = form.note.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        do {
            _ = try await DenialRoutes.decide(req, principal, appealID: id, body: DenialRoutes.OutcomeRequest(outcome: outcome, decidedOn: decidedOn, recovered: recovered, note: note))
        } catch let refusal as AppealRefusal {
            return try await Self.appealDetail(req, principal, error: refusal.message, status: .conflict)
        } catch let refusal as ClaimTransitionError {
            return try await Self.appealDetail(req, principal, error: refusal.description, status: .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.appealDetail(req, principal, error: ExchangePages.changedMeanwhile, status: .conflict)
        }
        return req.redirect(to: "/appeals/\(id)", redirectType: .normal)
    }
}
