import CodeSets
import Foundation
import Vapor

/// Every error a client can see. One place (ErrorMapping) turns them into HTTP status and body.
enum APIError: Error {
    /// A query parameter or body field is wrong: which one and what was expected.
    case invalidParameter(name: String, message: String)
    case notFound(LookupFailure)
}

struct ErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var message: String
        var parameter: String?
        var suggestions: [CodeReference]?
    }
    var error: Detail
}

/// Maps errors to a JSON body under /api and /health, to an HTML page elsewhere. Unknown errors are logged and
/// answered with a generic message: internals never leak.
struct ErrorMapping: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, detail) = map(error, request: request)
            if request.url.path.hasPrefix("/api") || request.url.path == "/health" {
                return (try? jsonResponse(ErrorBody(error: detail), status: status)) ?? Response(status: status)
            }
            return Pages.errorPage(status: status, message: detail.message)
        }
    }

    private func map(_ error: any Error, request: Request) -> (HTTPResponseStatus, ErrorBody.Detail) {
        switch error {
        case APIError.invalidParameter(let name, let message):
            return (.badRequest, .init(code: "invalid_parameter", message: message, parameter: name))
        case APIError.notFound(let failure):
            return (.notFound, .init(code: "code_not_found", message: failure.reason, suggestions: failure.suggestions))
        case let abort as any AbortError where abort.status == .notFound:
            return (.notFound, .init(code: "not_found", message: "no such page or endpoint: \(request.url.path)"))
        case let abort as any AbortError where abort.status.code < 500:
            return (abort.status, .init(code: "bad_request", message: abort.reason))
        default:
            request.logger.error("unhandled error on \(request.method) \(request.url.path): \(String(reflecting: error))")
            return (.internalServerError, .init(code: "internal_error", message: "something went wrong on our side; it has been logged"))
        }
    }
}

/// Reading query parameters strictly: a bad value is an error naming the parameter, never silently ignored.
extension Request {
    func stringParameter(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let raw = query[String.self, at: name] else { return nil }
        guard raw.count <= maxLength else {
            throw APIError.invalidParameter(name: name, message: "\(name) must be at most \(maxLength) characters")
        }
        return raw
    }

    func systemParameter(_ name: String = "system") throws -> CodeSystem? {
        guard let raw = try stringParameter(name, maxLength: 40), !raw.isEmpty else { return nil }
        guard let s = CodeSystem(rawValue: raw.lowercased()) else {
            throw APIError.invalidParameter(name: name, message: "\(name) must be one of \(CodeSystem.allCases.map(\.rawValue).joined(separator: ", ")); got '\(raw)'")
        }
        return s
    }

    func dateParameter(_ name: String = "date") throws -> ServiceDate? {
        guard let raw = try stringParameter(name, maxLength: 20), !raw.isEmpty else { return nil }
        guard let d = ServiceDate(iso: raw) else {
            throw APIError.invalidParameter(name: name, message: "\(name) must be a calendar date YYYY-MM-DD; got '\(raw)'")
        }
        return d
    }

    func intParameter(_ name: String, range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let raw = try stringParameter(name, maxLength: 10), !raw.isEmpty else { return value }
        guard let v = Int(raw), range.contains(v) else {
            throw APIError.invalidParameter(name: name, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); got '\(raw)'")
        }
        return v
    }
}
