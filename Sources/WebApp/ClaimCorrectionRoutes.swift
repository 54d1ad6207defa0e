import ClaimEdits
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// Corrected claims and voids: `POST /api/v1/claims/{id}/correct` and `/void`. The claim is corrected in place (see
/// `Claim.correct`), scrubbed, and made ready when the scrubber finds no error; a void of a claim the payer
/// adjudicated is made ready to go out as frequency 8, any other is voided at once.
struct ClaimCorrectionRoutes: Sendable {
    struct CorrectRequest: Content {
        var reason: String
        var changes: ClaimCorrectionChanges?
    }

    struct VoidRequest: Content {
        var reason: String
    }

    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .POST, path: "/api/v1/claims/:id/correct", permission: .claimsWrite),
            RouteRule(method: .POST, path: "/api/v1/claims/:id/void", permission: .claimsWrite),
        ]
        api.post("claims", ":id", "correct", use: correct)
        api.post("claims", ":id", "void", use: void)
    }

    @Sendable func correct(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        return try await Idempotency.run(req, principal) {
            let body = try req.content.decode(CorrectRequest.self)
            let (saved, edits) = try await Self.correct(req, principal, reason: body.reason, changes: body.changes ?? ClaimCorrectionChanges())
            return (.ok, try jsonEncoder.encode(ClaimBody(saved, edits: edits)))
        }
    }

    @Sendable func void(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        return try await Idempotency.run(req, principal) {
            let body = try req.content.decode(VoidRequest.self)
            let saved = try await Self.void(req, principal, reason: body.reason)
            return (.ok, try jsonEncoder.encode(ClaimBody(saved)))
        }
    }

    /// Corrects the claim, scrubs it, and makes it ready when it has no scrubber error (it stays corrected with the
    /// errors named otherwise). Shared by the API and the claim page.
    static func correct(_ req: Request, _ principal: Principal, reason: String, changes: ClaimCorrectionChanges) async throws
        -> (Stored<RevenueCycle.Claim>, [ClaimEdit]) {
        var stored = try await ClaimRoutes.claim(req, principal)
        let from = stored.value.status
        let now = Date()
        try stored.value.correct(changes, reason: reason, actor: principal.claimActor, at: now)
        let edits = try await ScrubRoutes.edits(of: stored.value, req)
        let errors = edits.filter { $0.severity == .error }
        if errors.isEmpty {
            do {
                try stored.value.transition(to: .ready, actor: principal.claimActor, at: now, reason: "scrubber: no errors after the correction")
            } catch { throw ClaimRouteError.transitionRefused(error) }
        }
        let saved = try await req.store.updateClaim(stored.value, expectedVersion: stored.version)
        try await req.audit(principal, .transition, entityType: "claim", entityID: saved.value.id.uuidString,
                            detail: "\(from.rawValue) -> \(saved.value.status.rawValue): corrected as frequency \(saved.value.frequency.rawValue): \(reason)")
        return (saved, edits)
    }

    /// Voids the claim: at once when the payer never adjudicated it, else ready to go out as a void (8).
    static func void(_ req: Request, _ principal: Principal, reason: String) async throws -> Stored<RevenueCycle.Claim> {
        var stored = try await ClaimRoutes.claim(req, principal)
        let from = stored.value.status
        let now = Date()
        let outcome = try stored.value.void(reason: reason, actor: principal.claimActor, at: now)
        if case .sentToPayer(let number) = outcome {
            // A void bills nothing: it asks the payer to cancel its decision, so it goes out without a scrub.
            do {
                try stored.value.transition(to: .ready, actor: principal.claimActor, at: now, reason: "the void of payer claim \(number) goes out in the next batch")
            } catch { throw ClaimRouteError.transitionRefused(error) }
        }
        let saved = try await req.store.updateClaim(stored.value, expectedVersion: stored.version)
        try await req.audit(principal, .transition, entityType: "claim", entityID: saved.value.id.uuidString,
                            detail: "\(from.rawValue) -> \(saved.value.status.rawValue): void: \(reason)")
        return saved
    }
}

/// The claim page's Correct and Void forms, and what they post to (`/claims/{id}/correct`, `/claims/{id}/void`). The
/// form changes the claim's diagnoses and authorization; line changes go through the API.
struct ClaimCorrectionPages: Sendable {
    func register(_ app: Application) {
        app.post("claims", ":id", "correct", use: correct)
        app.post("claims", ":id", "void", use: void)
    }

    /// The forms for a claim the biller may correct or void now; empty otherwise.
    static func forms(_ claim: RevenueCycle.Claim, version: Int, _ principal: Principal) -> String {
        guard PermissionMatrix.allows(principal.role, .claimsWrite) else { return "" }
        var html = ""
        let csrf = WorkPages.csrfField(principal) + "<input type=hidden name=version value=\(version)>"
        if RevenueCycle.Claim.correctableStatuses.contains(claim.status) {
            let how = claim.wasAdjudicated ? "as a replacement (frequency 7) naming the payer's claim number" : "as an original (frequency 1)"
            html += "<section id=correct aria-label=\"Correct the claim\"><h2>Correct</h2><p>Sent again \(how).</p>"
            html += "<form method=post action=\"/claims/\(claim.id)/correct\" class=feesheet>\(csrf)"
            html += "<label>Diagnoses <input name=diagnoses size=40 value=\"\(esc(claim.diagnoses.map(\.code).joined(separator: ", ")))\"></label>"
            html += "<label>Prior authorization <input name=priorAuthorizationNumber size=20 value=\"\(esc(claim.priorAuthorizationNumber ?? ""))\"></label>"
            html += "<label>Why <input name=reason required size=40></label><button>Correct</button></form></section>"
        }
        if [.draft, .held, .ready, .rejected, .denied, .paid, .partiallyPaid].contains(claim.status) {
            let how = claim.wasAdjudicated ? "A void (frequency 8) goes to the payer; its reversal ends the claim voided." : "The payer never had it: it is voided here."
            html += "<section id=void aria-label=\"Void the claim\"><h2>Void</h2><p>\(how)</p>"
            html += "<form method=post action=\"/claims/\(claim.id)/void\" class=feesheet>\(csrf)"
            html += "<label>Why <input name=reason required size=40></label><button>Void</button></form></section>"
        }
        return html
    }

    struct CorrectForm: Content {
        var reason: String
        var diagnoses: String?
        var priorAuthorizationNumber: String?
        var version: Int
    }

    struct VoidForm: Content {
        var reason: String
        var version: Int
    }

    @Sendable func correct(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        let form = try req.content.decode(CorrectForm.self)
        var changes = ClaimCorrectionChanges()
        if let text = form.diagnoses {
            let codes = text.split(whereSeparator: { $0 == "," || $0 == " " }).map { DiagnosisCode(String($0)) }
            if !codes.isEmpty { changes.diagnoses = codes }
        }
        changes.priorAuthorizationNumber = form.priorAuthorizationNumber?.trimmingCharacters(in: .whitespaces)
        return try await Self.answer(req, principal, version: form.version) {
            _ = try await ClaimCorrectionRoutes.correct(req, principal, reason: form.reason, changes: changes)
        }
    }

    @Sendable func void(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        let form = try req.content.decode(VoidForm.self)
        return try await Self.answer(req, principal, version: form.version) {
            _ = try await ClaimCorrectionRoutes.void(req, principal, reason: form.reason)
        }
    }

    /// Runs the change and goes back to the claim page; a refusal is shown on the page in words.
    static func answer(_ req: Request, _ principal: Principal, version: Int, _ change: () async throws -> Void) async throws -> Response {
        let stored = try await ClaimRoutes.claim(req, principal)
        func refused(_ message: String) async throws -> Response {
            let response = try await WorkPages.claimPage(req, principal, error: message)
            response.status = .conflict
            return response
        }
        guard stored.version == version else { return try await refused("someone changed this claim while you were looking; here it is as it is now") }
        do {
            try await change()
        } catch let error as ClaimCorrectionError {
            return try await refused(error.message)
        } catch ClaimRouteError.transitionRefused(let error) {
            return try await refused(error.message)
        }
        return req.redirect(to: "/claims/\(stored.value.id)", redirectType: .normal)
    }
}
