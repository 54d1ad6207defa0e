import ClaimEdits
import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// The scrubber on Revcycle's claims: `POST /api/v1/claims/{id}/scrub` (and the claim page's button) runs every edit,
/// holds a claim with errors or makes a clean one ready (`ClaimScrubbing`), and answers the edits.
struct ScrubRoutes: Sendable {
    func register(_ app: Application, _ api: any RoutesBuilder, table: inout [RouteRule]) {
        table.append(RouteRule(method: .POST, path: "/api/v1/claims/:id/scrub", permission: .claimsWrite))
        api.post("claims", ":id", "scrub", use: scrub)
        app.post("claims", ":id", "scrub", use: scrubFromPage)
    }

    struct Answer: Content {
        var edits: [ClaimEdit]
        var errors: Int
        var holds: Int
        var warnings: Int
        /// The claim after the scrub (moved to held or ready when the edits say so).
        var claim: ClaimBody
    }

    @Sendable func scrub(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        let (edits, saved) = try await Self.scrubAndApply(req, principal)
        return try jsonResponse(Answer(edits: edits, errors: edits.count { $0.severity == .error }, holds: edits.count { $0.severity == .hold },
                                       warnings: edits.count { $0.severity == .warning }, claim: ClaimBody(saved)))
    }

    @Sendable func scrubFromPage(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        let (_, saved) = try await Self.scrubAndApply(req, principal)
        return req.redirect(to: "/claims/\(saved.value.id)#edits", redirectType: .normal)
    }

    /// The claim's edits now, without changing it: judged as if it reached the payer today (`AppState.today`) or, once
    /// sent, on the day it was sent; against the patient's other claims to the same payer.
    static func edits(of claim: RevenueCycle.Claim, _ req: Request) async throws -> [ClaimEdit] {
        try await edits(of: try await ClaimFileRoutes.records(of: claim, req), req)
    }

    static func edits(of records: ClaimRecords, _ req: Request) async throws -> [ClaimEdit] {
        let others = try await records.otherClaims(in: req.store)
        return req.state.scrubber.scrub(ScrubClaim(records, filingDate: records.claim.filingDate(today: req.state.today())), others: others)
    }

    static func scrubAndApply(_ req: Request, _ principal: Principal) async throws -> ([ClaimEdit], Stored<RevenueCycle.Claim>) {
        var stored = try await ClaimRoutes.claim(req, principal)
        let edits = try await edits(of: stored.value, req)
        let summary = "\(edits.count { $0.severity == .error }) errors, \(edits.count { $0.severity == .hold }) holds, \(edits.count { $0.severity == .warning }) warnings"
        guard let (status, reason) = ClaimScrubbing.outcome(of: edits, for: stored.value) else {
            try await req.audit(principal, .read, entityType: "claim", entityID: stored.value.id.uuidString, detail: "scrubbed: \(summary)")
            return (edits, stored)
        }
        let from = stored.value.status
        do {
            try stored.value.transition(to: status, actor: principal.claimActor, at: Date(), reason: reason)
        } catch {
            throw ClaimRouteError.transitionRefused(error)
        }
        let saved = try await req.store.updateClaim(stored.value, expectedVersion: stored.version)
        try await req.audit(principal, .transition, entityType: "claim", entityID: saved.value.id.uuidString,
                            detail: "\(from.rawValue) -> \(status.rawValue): \(reason)")
        return (edits, saved)
    }

    /// The edits panel of the claim page: each edit with its lines, codes, source and fix, and the button.
    static func panel(_ edits: [ClaimEdit], claimID: UUID, _ principal: Principal) -> String {
        var html = "<section id=edits aria-label=\"Claim edits\"><h2>Edits</h2>"
        if edits.isEmpty {
            html += "<p class=ok>No edits: the claim passes every check.</p>"
        } else {
            html += "<table class=edits><tr><th>Severity</th><th>Edit</th><th>Lines</th><th>What is wrong</th><th>Source</th><th>How to fix it</th></tr>"
            for e in edits {
                html += "<tr class=\(e.severity.rawValue)><td>\(e.severity.rawValue)</td><td class=code>\(esc(e.id))</td>"
                let suggestion = e.suggestedModifier.map { " Suggested modifier: <span class=code>\(esc($0))</span>." } ?? ""
                html += "<td>\(e.lines.map(String.init).joined(separator: ", "))</td><td>\(esc(e.message))</td><td>\(esc(e.source))</td><td>\(esc(e.resolution))\(suggestion)</td></tr>"
            }
            html += "</table>"
        }
        if PermissionMatrix.allows(principal.role, .claimsWrite) {
            html += "<form method=post action=\"/claims/\(claimID)/scrub\">\(WorkPages.csrfField(principal))<button>Scrub again</button> "
            html += "<span class=muted>errors and holds hold a draft or ready claim; a clean scrub makes it ready</span></form>"
        }
        return html + "</section>"
    }
}
