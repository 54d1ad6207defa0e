import Foundation
import RevenueCycle
import Vapor

/// The posting exception queue: `/api/v1/posting-exceptions` (list by status and kind, open first, oldest first;
/// read; resolve with a note). The same permissions as the denial worklist.
struct PostingExceptionRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/posting-exceptions", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/posting-exceptions/:id", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/posting-exceptions/:id/resolve", permission: .denialsWork),
        ]
        api.get("posting-exceptions", use: list)
        api.get("posting-exceptions", ":id", use: one)
        api.post("posting-exceptions", ":id", "resolve", use: resolve)
    }

    struct ExceptionBody: Content {
        var exception: PostingException
        var version: Int

        init(_ stored: Stored<PostingException>) { exception = stored.value; version = stored.version }
    }

    /// The queue's filters from the query: `status` (open or resolved; default both), `kind`, `receivedFileID`,
    /// `limit`, `cursor`.
    static func query(_ req: Request) throws -> PostingExceptionQuery {
        let status = try req.stringParameter("status").flatMap { raw -> PostingExceptionStatus? in
            guard !raw.isEmpty else { return nil }
            guard let s = PostingExceptionStatus(rawValue: raw) else {
                throw APIError.invalidParameter(name: "status", message: "status is one of " + PostingExceptionStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return s
        }
        let kind = try req.stringParameter("kind").flatMap { raw -> RemittanceException.Kind? in
            guard !raw.isEmpty else { return nil }
            guard let k = RemittanceException.Kind(rawValue: raw) else {
                throw APIError.invalidParameter(name: "kind", message: "kind is one of " + RemittanceException.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return k
        }
        return PostingExceptionQuery(status: status, kind: kind, receivedFileID: try DenialRoutes.uuidParameter(req, "receivedFileID"),
                                     limit: try req.intParameter("limit", range: 1...200, default: 50), cursor: try req.stringParameter("cursor", maxLength: 1024))
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let page = try await req.store.postingExceptions(tenantID: principal.tenantID, query: try Self.query(req))
        return try jsonResponse(ExchangeRoutes.ListBody(items: page.items.map(ExceptionBody.init), nextCursor: page.nextCursor))
    }

    @Sendable func one(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.postingException(id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "posting exception", id: id)
        }
        return try jsonResponse(ExceptionBody(stored))
    }

    struct ResolveRequest: Content {
        var note: String
        /// The version read; when given, a change since refuses the resolve (409).
        var version: Int?
    }

    /// POST /api/v1/posting-exceptions/{id}/resolve: what was done about it; 409 when it was resolved already.
    @Sendable func resolve(_ req: Request) async throws -> Response {
        let principal = try await req.require(.denialsWork)
        let body = try req.content.decode(ResolveRequest.self)
        return try jsonResponse(ExceptionBody(try await Self.resolve(req, principal, id: try req.uuidPathParameter(), note: body.note, version: body.version)))
    }

    /// Resolves and audits: for the API and the page.
    static func resolve(_ req: Request, _ principal: Principal, id: UUID, note: String, version: Int?) async throws -> Stored<PostingException> {
        let resolved = try await req.store.resolvePostingException(id: id, tenantID: principal.tenantID, note: note, expectedVersion: version,
                                                                   actor: principal.claimActor, at: Date())
        try await req.audit(principal, .update, entityType: "posting_exception", entityID: id.uuidString, detail: "resolved: \(resolved.value.resolution ?? "")")
        return resolved
    }
}
