import Foundation
import RevenueCycle
import Vapor

/// The queries page (`/queries`): the practice's documentation queries, open first, oldest first, with their age; a
/// provider answers each by choosing an option (and saying what, for "other"); the chart's coder may withdraw one.
struct ProviderQueryPages: Sendable {
    func register(_ app: Application) {
        app.get("queries", use: list)
        app.post("queries", ":id", "answer", use: answer)
        app.post("queries", ":id", "withdraw", use: withdraw)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        return try await Self.listPage(req, principal, notice: "")
    }

    static func listPage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let query = try ProviderQueryRoutes.query(req)
        let page = try await req.store.providerQueries(tenantID: principal.tenantID, query: query)
        let canAnswer = PermissionMatrix.allows(principal.role, .queriesAnswer)
        let now = Date()
        var body = "<h1>Documentation queries</h1><p class=muted>Questions coders asked about the documentation, open first, oldest first. "
        body += "Choose the answer the clinical picture supports; it is added to the note as an addendum.</p>" + notice
        body += WorkPages.statusLinks("/queries", ProviderQueryStatus.allCases.map(\.rawValue))
        for stored in page.items {
            let q = stored.value
            body += "<div class=query><p><span class=status>\(q.status.rawValue)</span> \(q.ageInDays(at: now)) d, from \(esc(q.sentBy.displayName))"
            body += " — <a href=\"/coding/\(q.encounterID)\">chart</a></p><p><strong>\(esc(q.question))</strong></p>"
            body += "<p class=muted>Clinical indicators: \(q.clinicalIndicators.map(esc).joined(separator: "; "))</p>"
            if let answer = q.answer {
                body += "<p>Answer: <strong>\(esc(answer))</strong>\(q.answerDetail.map { " — " + esc($0) } ?? "") (\(esc(q.answeredBy?.displayName ?? "")))</p>"
            } else if q.status == .open && canAnswer {
                body += "<form method=post action=\"/queries/\(q.id)/answer\">\(WorkPages.csrfField(principal))<input type=hidden name=version value=\(stored.version)>"
                body += q.options.enumerated().map { i, option in
                    "<label><input type=radio name=answer value=\"\(esc(option))\" required\(i == 0 ? " autofocus" : "")> \(esc(option))</label><br>"
                }.joined()
                body += "<label>Details <input name=detail size=40></label> <button>Answer</button></form>"
            } else if let reason = q.withdrawnReason {
                body += "<p class=muted>Withdrawn: \(esc(reason))</p>"
            }
            body += "</div>"
        }
        body += (page.items.isEmpty ? "<p>No queries.</p>" : "") + WorkPages.nextLink(req, page.nextCursor)
        return try await WorkPages.page(req, principal, title: "Queries", body: body, active: "/queries", status: status)
    }

    struct AnswerForm: Content {
        var answer: String
        var detail: String?
        var version: Int?
    }

    @Sendable func answer(_ req: Request) async throws -> Response {
        let principal = try await req.require(.queriesAnswer)
        let form = try req.content.decode(AnswerForm.self)
        do {
            _ = try await ProviderQueryRoutes.answer(req, principal, id: try req.uuidPathParameter(), .init(answer: form.answer, detail: form.detail, version: form.version))
        } catch let refusal as CodingWorkRefusal {
            return try await Self.listPage(req, principal, notice: ExchangePages.error(refusal.message), status: .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.listPage(req, principal, notice: ExchangePages.error(ExchangePages.changedMeanwhile), status: .conflict)
        }
        return req.redirect(to: "/queries", redirectType: .normal)
    }

    struct WithdrawForm: Content {
        var reason: String
    }

    @Sendable func withdraw(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let form = try req.content.decode(WithdrawForm.self)
        let id = try req.uuidPathParameter()
        let query = try await ProviderQueryRoutes.stored(req, principal, id: id)
        do {
            _ = try await ProviderQueryRoutes.withdraw(req, principal, id: id, .init(reason: form.reason, version: nil))
        } catch let refusal as CodingWorkRefusal {
            return try await CodingPages.workspacePage(req, principal, id: query.value.encounterID, notice: ExchangePages.error(refusal.message), status: .conflict)
        }
        return req.redirect(to: "/coding/\(query.value.encounterID)", redirectType: .normal)
    }
}
