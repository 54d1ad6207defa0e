import Foundation
import RevenueCycle
import Vapor

/// The posting exception queue's page: open items first, oldest first, each with its received file, its claim when
/// one matched, and a form to resolve it with a note. It does what `PostingExceptionRoutes` do, with the same
/// permissions; a refusal is shown in words.
struct PostingExceptionPages: Sendable {
    func register(_ app: Application) {
        app.get("posting-exceptions", use: queue)
        app.post("posting-exceptions", ":id", "resolve", use: resolve)
    }

    @Sendable func queue(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.queuePage(req, principal, notice: "")
    }

    static func queuePage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let query = try PostingExceptionRoutes.query(req)
        let page = try await req.store.postingExceptions(tenantID: principal.tenantID, query: query)
        let canWork = PermissionMatrix.allows(principal.role, .denialsWork)
        var body = "<h1>Posting exceptions</h1><p class=muted>Items of an 835 that were not posted: no money goes to an artificial line. "
        body += "Find the claim, fix what stopped it (post by hand, correct and resubmit, or ask the payer) and resolve the item with a note.</p>" + notice
        body += "<form method=get action=\"/posting-exceptions\" class=feesheet><label>Status <select name=status><option value=\"\">open, then resolved</option>"
        for s in PostingExceptionStatus.allCases { body += "<option value=\(s.rawValue)\(query.status == s ? " selected" : "")>\(s.rawValue)</option>" }
        body += "</select></label><label>Kind <select name=kind><option value=\"\">any</option>"
        for k in RemittanceException.Kind.allCases { body += "<option value=\(k.rawValue)\(query.kind == k ? " selected" : "")>\(esc(k.words))</option>" }
        body += "</select></label><button>Show</button></form>"
        body += "<table><tr><th>Received</th><th>835</th><th>Claim</th><th>Kind</th><th>Amounts</th><th>What stopped it</th><th>Status</th><th></th></tr>"
        for e in page.items.map(\.value) {
            body += "<tr><td>\(ExchangePages.time(e.receivedAt))</td>"
            body += "<td><a href=\"/received/\(e.receivedFileID)\" class=code>\(esc(e.receivedFileName))</a><br>TRN <span class=code>\(esc(e.traceNumber))</span></td>"
            let place = "CLP \(e.claimPosition)" + (e.serviceLine.map { ", SVC \($0)" } ?? "")
            if let claimID = e.claimID {
                body += "<td><a href=\"/claims/\(claimID)\" class=code>\(esc(e.patientControlNumber))</a><br>\(place)</td>"
            } else {
                body += "<td><span class=code>\(esc(e.patientControlNumber))</span> (no claim)<br>\(place)</td>"
            }
            let amounts = [e.charge.map { "charge \($0.formatted)" }, e.paid.map { "paid \($0.formatted)" }].compactMap { $0 }.joined(separator: ", ")
            body += "<td>\(esc(e.kind.words))</td><td>\(amounts.isEmpty ? "—" : amounts)</td><td>\(esc(e.message))</td>"
            body += "<td><span class=status>\(e.status.rawValue)</span>"
            if let note = e.resolution {
                body += "<br><span class=muted>\(esc(note))\(e.resolvedBy.map { " — " + esc($0.displayName) } ?? "")\(e.resolvedAt.map { ", " + ExchangePages.time($0) } ?? "")</span>"
            }
            body += "</td><td>"
            if canWork && e.status == .open {
                body += "<form method=post action=\"/posting-exceptions/\(e.id)/resolve\" class=inline>\(WorkPages.csrfField(principal))"
                body += "<input name=note required placeholder=\"what was done\" aria-label=\"Resolution note\"><button>Resolve</button></form>"
            }
            body += "</td></tr>"
        }
        body += "</table>" + (page.items.isEmpty ? "<p>No posting exceptions.</p>" : "") + WorkPages.nextLink(req, page.nextCursor)
        return try await WorkPages.page(req, principal, title: "Posting exceptions", body: body, active: "/posting-exceptions", status: status)
    }

    struct ResolveForm: Content {
        var note: String
    }

    @Sendable func resolve(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let form = try req.content.decode(ResolveForm.self)
        do {
            _ = try await PostingExceptionRoutes.resolve(req, principal, id: try req.uuidPathParameter(), note: form.note, version: nil)
        } catch let refusal as PostingExceptionRefusal {
            return try await Self.queuePage(req, principal, notice: ExchangePages.error(refusal.message),
                                            status: refusal.field == "note" ? .unprocessableEntity : .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.queuePage(req, principal, notice: ExchangePages.error(ExchangePages.changedMeanwhile), status: .conflict)
        }
        return req.redirect(to: "/posting-exceptions", redirectType: .normal)
    }
}
