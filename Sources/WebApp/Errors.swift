import Clearinghouse
import ClaimEdits
import CodeSets
import Coding
import Foundation
import RevenueCycle
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
        /// Every field that is wrong, and what was expected.
        var problems: [FieldProblem]?
        /// The scrubber errors that keep a claim from moving on.
        var edits: [ClaimEdit]?
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
                let response = (try? jsonResponse(ErrorBody(error: detail), status: status)) ?? Response(status: status)
                if case AccessError.throttled(let seconds) = error { response.headers.replaceOrAdd(name: .retryAfter, value: "\(seconds)") }
                if case AccessError.signInRequired = error { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
                return response
            }
            if case AccessError.signInRequired = error {
                let next = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
                let encoded = next.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?"))) ?? "/"
                return request.redirect(to: "/login?next=\(encoded)", redirectType: .normal)
            }
            return Pages.errorPage(status: status, message: detail.message)
        }
    }

    static func status(_ error: AccessError) -> HTTPResponseStatus {
        switch error {
        case .signInRequired, .signInRefused: .unauthorized
        case .forbidden, .csrfMismatch, .notAMember, .auditPending: .forbidden
        case .locked: .forbidden
        case .throttled: .tooManyRequests
        }
    }

    static func message(_ error: AccessError) -> String {
        switch error {
        case .signInRequired: "sign in first: send a bearer token from POST /api/v1/auth/token, or sign in on /login"
        case .forbidden(let p): "your role may not do this (it needs the permission \(p.rawValue))"
        case .csrfMismatch: "the form or request lacks this session's CSRF token; reload the page and try again"
        case .signInRefused(let why): why
        case .locked(let until):
            "this account is locked after too many wrong passwords; try again after \(ISO8601DateFormatter().string(from: until)) or ask an administrator"
        case .throttled(let seconds): "too many failed sign-ins from this address; try again in \(seconds) seconds"
        case .notAMember: "this account does not work for that practice"
        case .auditPending(let reviewID):
            "this chart is in a coding audit not yet re-coded: its codes stay hidden from auditors until the blind review /coding/audit-reviews/\(reviewID) is completed"
        }
    }

    private func map(_ error: any Error, request: Request) -> (HTTPResponseStatus, ErrorBody.Detail) {
        switch error {
        case let access as AccessError:
            let code = switch access {
            case .signInRequired: "sign_in_required"
            case .forbidden: "forbidden"
            case .csrfMismatch: "csrf_token_mismatch"
            case .signInRefused: "sign_in_refused"
            case .locked: "account_locked"
            case .throttled: "too_many_attempts"
            case .notAMember: "not_a_member"
            case .auditPending: "audit_review_pending"
            }
            return (Self.status(access), .init(code: code, message: Self.message(access)))
        case RecordError.notFound(let noun, let id):
            return (.notFound, .init(code: "not_found", message: "no \(noun) \(id) in this practice"))
        case RecordError.invalid(let problems):
            return (.unprocessableEntity, .init(code: "invalid", message: problems.map(\.description).joined(separator: "; "), problems: problems))
        case RecordError.versionRequired:
            return (.preconditionRequired, .init(code: "version_required", message: "send If-Match with the version you read (the ETag), so that nobody's change is overwritten unseen"))
        case StoreError.versionConflict(_, _, _, _), StoreError.duplicate(_):
            return (.conflict, .init(code: "conflict", message: String(describing: error)))
        case StoreError.notFound(let kind, let id):
            return (.notFound, .init(code: "not_found", message: "no \(kind) \(id) in this practice"))
        case StoreError.badCursor:
            return (.badRequest, .init(code: "invalid_parameter", message: String(describing: error), parameter: "cursor"))
        case Idempotency.Refusal.reusedForAnotherRequest:
            return (.unprocessableEntity, .init(code: "idempotency_key_reused", message: "this Idempotency-Key was used for a different request; use a new key for a new request"))
        case Idempotency.Refusal.stillInProgress:
            return (.conflict, .init(code: "idempotency_in_progress", message: "a request with this Idempotency-Key is still being answered; retry in a moment"))
        case Idempotency.Refusal.badKey:
            return (.badRequest, .init(code: "invalid_parameter", message: "Idempotency-Key must be 1 to 255 printable ASCII characters", parameter: "Idempotency-Key"))
        case let unavailable as RiskTablesUnavailable:
            return (.serviceUnavailable, .init(code: "risk_tables_unavailable", message: unavailable.reason))
        case MedicareFeeScheduleError.notPriced(let reason):
            return (.notFound, .init(code: "not_priced", message: reason))
        case MedicareFeeScheduleError.noFiles(let year):
            return (.notFound, .init(code: "no_fee_schedule", message: "no Medicare fee schedule files for \(year) (PPRRVU\(year)*.csv and GPCI\(year)*.csv) in the code-set directory"))
        case MedicareFeeScheduleError.unreadable(let why):
            return (.internalServerError, .init(code: "fee_schedule_unreadable", message: why))
        case ClaimRouteError.transitionRefused(let refusal):
            return (.conflict, .init(code: "transition_refused", message: refusal.description))
        case ClaimRouteError.scrubErrors(let edits):
            return (.conflict, .init(code: "claim_has_errors", message: "the claim has \(edits.count) scrubber error\(edits.count == 1 ? "" : "s") (\(Set(edits.map(\.id)).sorted().joined(separator: ", "))); fix \(edits.count == 1 ? "it" : "them") before it goes to the payer",
                                     edits: edits))
        case ClaimCorrectionError.invalid(let problems):
            return (.unprocessableEntity, .init(code: "invalid", message: problems.map(\.description).joined(separator: "; "), problems: problems))
        case let refusal as ClaimCorrectionError:
            return (.conflict, .init(code: "correction_refused", message: refusal.message))
        case let refusal as PostingExceptionRefusal where refusal.field == "note":
            return (.unprocessableEntity, .init(code: "invalid", message: refusal.message, parameter: refusal.field))
        case let refusal as PostingExceptionRefusal:
            return (.conflict, .init(code: "already_resolved", message: refusal.message, parameter: refusal.field))
        case let refusal as CodingWorkRefusal where refusal.isAboutInput:
            return (.unprocessableEntity, .init(code: "invalid", message: refusal.message, parameter: refusal.field))
        case let refusal as CodingWorkRefusal:
            return (.conflict, .init(code: "coding_refused", message: refusal.message, parameter: refusal.field))
        case NoteCodingError.noAlphabeticIndex, NoteCodingError.noTabular:
            return (.serviceUnavailable, .init(code: "code_sets_unavailable", message: String(describing: error)))
        case let unreadable as NoteCodingError:
            return (.unprocessableEntity, .init(code: "note_not_coded", message: unreadable.description))
        case let refusal as DepositRefusal:
            return (.conflict, .init(code: "deposit_matched", message: refusal.message))
        case let refusal as AppealRefusal:
            return (.conflict, .init(code: "appeal_refused", message: refusal.message, parameter: refusal.field))
        case let refusal as ClaimTransitionError:
            return (.conflict, .init(code: "transition_refused", message: refusal.description))
        case let refusal as ClaimBatchError:
            return (.conflict, .init(code: "batch_refused", message: refusal.message))
        case let unreadable as ReceivedFileError:
            return (.unprocessableEntity, .init(code: "unreadable_file", message: unreadable.description))
        case let transport as TransportError:
            return (.serviceUnavailable, .init(code: "clearinghouse_unavailable", message: transport.description))
        case let decoding as DecodingError:
            let problem = RecordDecoding.problem(decoding)
            return (.unprocessableEntity, .init(code: "invalid", message: problem.description, problems: [problem]))
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
