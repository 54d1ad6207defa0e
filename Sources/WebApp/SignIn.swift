import Foundation
import Persistence
import RevenueCycle
import Vapor

/// Signing in with an email and password, for a browser session or an API token. Five wrong passwords in a row lock
/// the account for fifteen minutes; many failures from one address slow that address down whatever the account.
enum SignIn {
    static let failuresBeforeLock = 5
    static let lockDuration: TimeInterval = 15 * 60
    static let sessionLifetime: TimeInterval = 12 * 3600
    static let tokenLifetime: TimeInterval = 24 * 3600
    /// The same wording whether the email or the password is wrong, so the answer does not tell which emails exist.
    static let refusal = "the email or the password is not right"

    struct Result {
        var principal: Principal
        /// The secret the client keeps (cookie value or bearer token); only its hash is stored.
        var secret: String
    }

    /// Checks the credentials and creates a session or token in `tenantID` (or the user's first practice).
    static func signIn(_ req: Request, email rawEmail: String, password: String, tenantID: UUID?, kind: AccessGrant.Kind) async throws -> Result {
        let now = Date()
        let address = req.sourceAddress
        if let wait = await req.state.throttle.delay(for: address, at: now) { throw AccessError.throttled(retryAfterSeconds: wait) }
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let store = req.store
        guard var user = try await store.user(email: email) else {
            // Spend the time a real check takes, so that a missing account is not faster to find out.
            _ = try? await Passwords.verify(password, hash: Passwords.decoyHash, on: req)
            await req.state.throttle.recordFailure(for: address, at: now)
            try await req.audit(nil, .loginFailed, entityType: "user", entityID: email, detail: "unknown email", tenantID: nil)
            throw AccessError.signInRefused(refusal)
        }
        if let until = user.lockedUntil, until > now { throw AccessError.locked(until: until) }
        guard user.isActive, try await Passwords.verify(password, hash: user.passwordHash, on: req) else {
            user.failedSignIns += 1
            var detail = "wrong password (\(user.failedSignIns) in a row)"
            if user.failedSignIns >= failuresBeforeLock {
                user.lockedUntil = now.addingTimeInterval(lockDuration)
                user.failedSignIns = 0
                detail += "; locked for \(Int(lockDuration / 60)) minutes"
            }
            try await store.saveUser(user)
            await req.state.throttle.recordFailure(for: address, at: now)
            try await req.audit(nil, .loginFailed, entityType: "user", entityID: user.id.uuidString,
                                detail: user.isActive ? detail : "inactive account", tenantID: nil)
            if let until = user.lockedUntil, until > now { throw AccessError.locked(until: until) }
            throw AccessError.signInRefused(refusal)
        }
        let memberships = try await store.memberships(userID: user.id).filter(\.isActive)
        guard let membership = tenantID.map({ id in memberships.first { $0.tenantID == id } }) ?? memberships.first else {
            try await req.audit(nil, .loginFailed, entityType: "user", entityID: user.id.uuidString, detail: "no active membership", tenantID: nil)
            throw AccessError.signInRefused(tenantID == nil ? "this account works for no practice, or has been deactivated; ask an administrator"
                                                            : "this account does not work for that practice")
        }
        user.failedSignIns = 0
        user.lockedUntil = nil
        user.lastSignInAt = now
        try await store.saveUser(user)
        let secret = Secrets.make(prefix: kind == .session ? "rcs_" : "rct_")
        let grant = AccessGrant(id: UUID(), kind: kind, secretHash: Secrets.hash(secret), userID: user.id, tenantID: membership.tenantID,
                                csrfToken: kind == .session ? Secrets.make(prefix: "") : nil, createdAt: now,
                                expiresAt: now.addingTimeInterval(kind == .session ? sessionLifetime : tokenLifetime), sourceAddress: address)
        try await store.saveGrant(grant)
        // Expired sessions and tokens go whenever someone signs in: no scheduler needed, and the table stays small.
        try await store.deleteExpiredGrants(before: now)
        let principal = Principal(user: user, tenantID: membership.tenantID, role: membership.role, grant: grant)
        try await req.audit(principal, .login, entityType: "user", entityID: user.id.uuidString,
                            detail: kind == .session ? "web session" : "API token")
        return Result(principal: principal, secret: secret)
    }

    static func signOut(_ req: Request, _ principal: Principal) async throws {
        try await req.store.deleteGrant(id: principal.grant.id)
        try await req.audit(principal, .logout, entityType: "user", entityID: principal.user.id.uuidString)
    }
}

/// Password hashing (bcrypt, run off the event loop) and the rules a new password must meet.
enum Passwords {
    static let minimumLength = 12

    static func hash(_ password: String, cost: Int) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    static func verify(_ password: String, hash: String, on req: Request) async throws -> Bool {
        try await req.application.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// A valid bcrypt hash of a random password, checked against when the email is unknown.
    static let decoyHash: String = (try? Bcrypt.hash(Secrets.make(prefix: ""), cost: 10)) ?? ""

    /// Why a new password is not acceptable, or nil.
    static func problem(_ password: String, email: String) -> String? {
        if password.count < minimumLength { return "a password needs at least \(minimumLength) characters" }
        if password.count > 200 { return "a password may have at most 200 characters" }
        let local = email.split(separator: "@").first.map { $0.lowercased() } ?? ""
        if local.count >= 4 && password.lowercased().contains(local) { return "a password must not contain the email's name" }
        if Set(password).count < 5 { return "a password needs at least five different characters" }
        return nil
    }
}

/// Failed sign-ins per network address in a sliding window: past the limit, the address waits.
actor SignInThrottle {
    static let window: TimeInterval = 5 * 60
    static let limit = 20
    private var failures: [String: [Date]] = [:]

    /// Seconds the address must wait, or nil when it may try.
    func delay(for address: String, at now: Date) -> Int? {
        let recent = (failures[address] ?? []).filter { now.timeIntervalSince($0) < Self.window }
        failures[address] = recent.isEmpty ? nil : recent
        guard recent.count >= Self.limit, let oldest = recent.first else { return nil }
        return max(1, Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    func recordFailure(for address: String, at now: Date) {
        failures[address, default: []].append(now)
    }
}
