import Crypto
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// Who is making a request: the user, the tenant they work in for this session or token, and their role there.
struct Principal: Authenticatable, Sendable {
    var user: UserAccount
    var tenantID: UUID
    var role: Role
    var grant: AccessGrant

    var actor: AuditActor { AuditActor(userID: user.id, displayName: user.displayName) }
    var claimActor: ClaimActor { ClaimActor(userID: user.id, displayName: user.displayName) }
}

/// Errors of access. ErrorMapping answers them; pages send a signed-out visitor to the sign-in page instead.
enum AccessError: Error {
    case signInRequired
    case forbidden(Permission)
    /// A form or cookie-authenticated API call without the session's CSRF token.
    case csrfMismatch
    case signInRefused(String)
    case locked(until: Date)
    case throttled(retryAfterSeconds: Int)
    /// Switching to a practice the user has no active membership in.
    case notAMember
    /// An auditor reading the codes of a chart whose audit review is still to be re-coded blind.
    case auditPending(reviewID: UUID)
}

/// Secrets handed to clients (session cookies, bearer tokens, CSRF tokens) and how they are stored: only a SHA-256.
enum Secrets {
    /// 32 random bytes, base64url without padding, with a prefix that says what it is.
    static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares without stopping at the first difference, so timing says nothing about the expected value.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Reads the bearer token or the session cookie, and signs the request in when it names a live grant of an active
/// user who still belongs to the grant's tenant. The role comes from the membership, so a changed role or a
/// deactivation applies at once.
struct Authentication: AsyncMiddleware {
    static let sessionCookie = "revcycle_session"

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if let (secret, kind) = Self.presentedSecret(request) {
            let store = request.store
            if let grant = try await store.grant(secretHash: Secrets.hash(secret)), grant.kind == kind, grant.expiresAt > Date(),
               let user = try await store.user(id: grant.userID), user.isActive,
               let membership = try await store.memberships(userID: user.id).first(where: { $0.tenantID == grant.tenantID && $0.isActive }) {
                request.auth.login(Principal(user: user, tenantID: grant.tenantID, role: membership.role, grant: grant))
            }
        }
        return try await next.respond(to: request)
    }

    static func presentedSecret(_ request: Request) -> (String, AccessGrant.Kind)? {
        if let bearer = request.headers.bearerAuthorization { return (bearer.token, .apiToken) }
        if let cookie = request.cookies[sessionCookie]?.string, !cookie.isEmpty { return (cookie, .session) }
        return nil
    }
}

extension Request {
    var store: DatabaseStore { DatabaseStore(database: db) }

    var principal: Principal? { auth.get(Principal.self) }

    /// The signed-in principal when their role has `permission`; the one place permissions are enforced.
    /// A refusal is written to the audit log.
    func require(_ permission: Permission) async throws -> Principal {
        guard let principal else { throw AccessError.signInRequired }
        guard PermissionMatrix.allows(principal.role, permission) else {
            try await audit(principal, .accessDenied, entityType: "permission", entityID: permission.rawValue,
                            detail: "\(method) \(url.path) needs \(permission.rawValue); role \(principal.role.rawValue) lacks it")
            throw AccessError.forbidden(permission)
        }
        try checkCSRF(principal)
        return principal
    }

    /// The signed-in principal, whatever their role (their own profile, signing out).
    func requireSignedIn() throws -> Principal {
        guard let principal else { throw AccessError.signInRequired }
        try checkCSRF(principal)
        return principal
    }

    /// A browser session changing something must send the session's CSRF token (form field `_csrf` or header
    /// `X-CSRF-Token`); bearer tokens are not sent by browsers on their own, so they need none.
    func checkCSRF(_ principal: Principal) throws {
        guard principal.grant.kind == .session, ![.GET, .HEAD, .OPTIONS].contains(method) else { return }
        let presented = headers.first(name: "X-CSRF-Token") ?? (try? content.get(String.self, at: "_csrf"))
        guard let expected = principal.grant.csrfToken, let presented, Secrets.equal(presented, expected) else {
            throw AccessError.csrfMismatch
        }
    }

    var sourceAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }

    /// Appends to the audit log: every access to patient data and every financial change goes through here.
    func audit(_ principal: Principal?, _ action: AuditAction, entityType: String, entityID: String, detail: String = "",
               tenantID: UUID? = nil) async throws {
        let actor = principal?.actor ?? AuditActor(userID: nil, displayName: "anonymous")
        try await state.auditQueue.append(AuditEvent(tenantID: tenantID ?? principal?.tenantID, actor: actor, action: action, entityType: entityType,
                                                     entityID: entityID, at: Date(), sourceAddress: sourceAddress, detail: detail), via: store)
    }
}
