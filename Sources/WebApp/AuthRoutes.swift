import Foundation
import Persistence
import RevenueCycle
import Vapor

/// Signing in and out: API bearer tokens, and the web's sign-in page and session cookie.
struct AuthRoutes: Sendable {
    struct TokenRequest: Content {
        var email: String
        var password: String
        /// The practice to work in; by default the first the user belongs to.
        var tenantID: UUID?
    }

    struct TokenBody: Codable {
        var token: String
        var tokenType = "Bearer"
        var expiresAt: Date
        var tenantID: UUID
        var role: Role
    }

    struct MeBody: Codable {
        var userID: UUID
        var email: String
        var displayName: String
        var tenantID: UUID
        var tenantName: String
        var role: Role
        var permissions: [Permission]
        var memberships: [MembershipBody]
    }

    struct MembershipBody: Codable {
        var tenantID: UUID
        var tenantName: String
        var role: Role
    }

    /// The cookie that carries the sign-in form's CSRF token before there is a session (double submit).
    static let formCookie = "revcycle_form"

    func register(_ app: Application, _ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .POST, path: "/api/v1/auth/token", permission: nil),
            RouteRule(method: .DELETE, path: "/api/v1/auth/token", permission: nil),
            RouteRule(method: .GET, path: "/api/v1/me", permission: nil),
        ]
        api.post("auth", "token", use: token)
        api.delete("auth", "token", use: revoke)
        api.get("me", use: me)
        app.get("login", use: loginPage)
        app.post("login", use: login)
        app.post("logout", use: logout)
        app.post("session", "tenant", use: switchTenant)
    }

    @Sendable func token(_ req: Request) async throws -> Response {
        let body = try req.content.decode(TokenRequest.self)
        let result = try await SignIn.signIn(req, email: body.email, password: body.password, tenantID: body.tenantID, kind: .apiToken)
        let grant = result.principal.grant
        return try jsonResponse(TokenBody(token: result.secret, expiresAt: grant.expiresAt, tenantID: grant.tenantID, role: result.principal.role),
                                status: .created)
    }

    @Sendable func revoke(_ req: Request) async throws -> Response {
        let principal = try req.requireSignedIn()
        try await SignIn.signOut(req, principal)
        return Response(status: .noContent)
    }

    @Sendable func me(_ req: Request) async throws -> Response {
        let principal = try req.requireSignedIn()
        let store = req.store
        var memberships: [MembershipBody] = []
        for m in try await store.memberships(userID: principal.user.id) where m.isActive {
            memberships.append(MembershipBody(tenantID: m.tenantID, tenantName: try await store.tenant(id: m.tenantID)?.name ?? "", role: m.role))
        }
        return try jsonResponse(MeBody(userID: principal.user.id, email: principal.user.email, displayName: principal.user.displayName,
                                       tenantID: principal.tenantID,
                                       tenantName: memberships.first { $0.tenantID == principal.tenantID }?.tenantName ?? "",
                                       role: principal.role, permissions: PermissionMatrix.permissions(of: principal.role),
                                       memberships: memberships))
    }

    // MARK: pages

    @Sendable func loginPage(_ req: Request) async throws -> Response {
        try Self.form(req, next: try req.stringParameter("next", maxLength: 400), email: "", error: nil)
    }

    static func form(_ req: Request, next: String?, email: String, error: String?, status: HTTPStatus = .ok) throws -> Response {
        let token = Secrets.make(prefix: "")
        var body = "<h1>Sign in</h1>"
        if let error { body += "<p class=error role=alert>\(esc(error))</p>" }
        body += """
        <form method=post action="/login" class=signin>
        <input type=hidden name=_csrf value="\(esc(token))">
        <input type=hidden name=next value="\(esc(safeNext(next)))">
        <label>Email <input name=email type=email autocomplete=username required autofocus value="\(esc(email))"></label>
        <label>Password <input name=password type=password autocomplete=current-password required></label>
        <button type=submit>Sign in</button>
        </form>
        """
        let response = Pages.page(title: "Sign in", body: body, active: "/login")
        response.status = status
        response.cookies[formCookie] = HTTPCookies.Value(string: token, maxAge: 3600, path: "/login", isSecure: req.state.configuration.secureCookies,
                                                         isHTTPOnly: true, sameSite: .strict)
        return response
    }

    struct LoginForm: Content {
        var email: String
        var password: String
        var _csrf: String
        var next: String?
    }

    @Sendable func login(_ req: Request) async throws -> Response {
        guard let form = try? req.content.decode(LoginForm.self) else {
            return try Self.form(req, next: nil, email: "", error: "enter your email and password", status: .badRequest)
        }
        guard let expected = req.cookies[Self.formCookie]?.string, Secrets.equal(form._csrf, expected) else {
            return try Self.form(req, next: form.next, email: form.email, error: "the form expired; please sign in again", status: .forbidden)
        }
        let result: SignIn.Result
        do {
            result = try await SignIn.signIn(req, email: form.email, password: form.password, tenantID: nil, kind: .session)
        } catch let error as AccessError {
            return try Self.form(req, next: form.next, email: form.email, error: ErrorMapping.message(error), status: ErrorMapping.status(error))
        }
        let response = req.redirect(to: Self.safeNext(form.next), redirectType: .normal)
        response.cookies[Authentication.sessionCookie] = HTTPCookies.Value(
            string: result.secret, expires: result.principal.grant.expiresAt, path: "/", isSecure: req.state.configuration.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        response.cookies[Self.formCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/login")
        return response
    }

    @Sendable func logout(_ req: Request) async throws -> Response {
        if let principal = req.principal {
            try req.checkCSRF(principal)
            try await SignIn.signOut(req, principal)
        }
        let response = req.redirect(to: "/login", redirectType: .normal)
        response.cookies[Authentication.sessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/")
        return response
    }

    struct SwitchTenantForm: Content {
        var tenantID: UUID
    }

    /// Moves the browser session to another practice the user is an active member of (billing-company staff work
    /// for several); any other practice is refused, and both outcomes are audited.
    @Sendable func switchTenant(_ req: Request) async throws -> Response {
        let principal = try req.requireSignedIn()
        let form = try req.content.decode(SwitchTenantForm.self)
        let store = req.store
        guard principal.grant.kind == .session,
              try await store.memberships(userID: principal.user.id).contains(where: { $0.tenantID == form.tenantID && $0.isActive }) else {
            try await req.audit(principal, .accessDenied, entityType: "tenant", entityID: form.tenantID.uuidString,
                                detail: "switch refused: not a member of that practice")
            throw AccessError.notAMember
        }
        var grant = principal.grant
        grant.tenantID = form.tenantID
        try await store.saveGrant(grant)
        // Written in the practice now being worked in, naming the one left.
        try await req.audit(principal, .login, entityType: "tenant", entityID: form.tenantID.uuidString,
                            detail: "switched practice from \(principal.tenantID)", tenantID: form.tenantID)
        // The dashboard, not the page the switch was made from: that page's record belongs to the practice left.
        return req.redirect(to: "/work", redirectType: .normal)
    }

    /// The header's practice switcher, for users with active memberships in more than one practice.
    static func tenantSwitcher(_ req: Request, _ principal: Principal) async throws -> String {
        let store = req.store
        let memberships = try await store.memberships(userID: principal.user.id).filter(\.isActive)
        guard memberships.count > 1 else { return "" }
        var options = ""
        for m in memberships {
            let name = try await store.tenant(id: m.tenantID)?.name ?? m.tenantID.uuidString
            options += "<option value=\(m.tenantID)\(m.tenantID == principal.tenantID ? " selected" : "")>\(esc(name))</option>"
        }
        return "<form method=post action=\"/session/tenant\" class=inline>\(WorkPages.csrfField(principal))"
            + "<label>Practice <select name=tenantID>\(options)</select></label><button>Switch</button></form>"
    }

    /// Only a path of this site: never another host (an open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login") else { return "/" }
        return next
    }
}
