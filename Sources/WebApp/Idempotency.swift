import Foundation
import Persistence
import RevenueCycle
import Vapor

/// `Idempotency-Key` on creates: a retried request (a timeout, a lost answer) gets the first answer again and never
/// creates twice. The key is claimed before the work starts, so two copies racing cannot both create.
enum Idempotency {
    enum Refusal: Error {
        case reusedForAnotherRequest
        case stillInProgress
        case badKey(String)
    }

    static let header = "Idempotency-Key"

    static func run(_ req: Request, _ principal: Principal, _ work: () async throws -> (HTTPStatus, Data)) async throws -> Response {
        guard let key = req.headers.first(name: header) else {
            let (status, body) = try await work()
            return response(status, body, replayed: false)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw Refusal.badKey(key)
        }
        let store = req.store
        let fingerprint = "\(req.method.rawValue) \(req.url.path) " + Secrets.hash(canonicalBody(req))
        if let earlier = try await store.response(tenantID: principal.tenantID, key: key) {
            return try replay(earlier, fingerprint: fingerprint)
        }
        do {
            try await store.claimKey(IdempotentResponse(tenantID: principal.tenantID, key: key, requestFingerprint: fingerprint,
                                                        status: nil, body: nil, createdAt: Date()))
        } catch StoreError.duplicate {
            // Another copy claimed it between the look and the claim.
            guard let earlier = try await store.response(tenantID: principal.tenantID, key: key) else { throw Refusal.stillInProgress }
            return try replay(earlier, fingerprint: fingerprint)
        }
        do {
            let (status, body) = try await work()
            try await store.complete(tenantID: principal.tenantID, key: key, status: Int(status.code), body: body)
            return response(status, body, replayed: false)
        } catch {
            try? await store.release(tenantID: principal.tenantID, key: key)
            throw error
        }
    }

    /// The body with its JSON keys sorted, so the same request written in another key order is still the same.
    static func canonicalBody(_ req: Request) -> String {
        guard let buffer = req.body.data else { return "" }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let canonical = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) else {
            return String(decoding: data, as: UTF8.self)
        }
        return String(decoding: canonical, as: UTF8.self)
    }

    private static func replay(_ earlier: IdempotentResponse, fingerprint: String) throws -> Response {
        guard earlier.requestFingerprint == fingerprint else { throw Refusal.reusedForAnotherRequest }
        guard let status = earlier.status, let body = earlier.body else { throw Refusal.stillInProgress }
        return response(HTTPStatus(statusCode: status), body, replayed: true)
    }

    private static func response(_ status: HTTPStatus, _ body: Data, replayed: Bool) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if replayed { headers.add(name: "Idempotent-Replayed", value: "true") }
        return Response(status: status, headers: headers, body: .init(data: body))
    }
}
