import FluentKit
import Foundation
import RevenueCycle

// Users, memberships and sign-in grants (`AccessStore`), and idempotency keys (`IdempotencyStore`).

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    func set(_ user: UserAccount) {
        email = user.email.lowercased(); displayName = user.displayName; passwordHash = user.passwordHash; isActive = user.isActive
        failedSignIns = user.failedSignIns; lockedUntil = user.lockedUntil; lastSignInAt = user.lastSignInAt
    }

    var account: UserAccount {
        UserAccount(id: id ?? UUID(), email: email, displayName: displayName, passwordHash: passwordHash, isActive: isActive,
                    failedSignIns: failedSignIns, lockedUntil: lockedUntil, lastSignInAt: lastSignInAt)
    }
}

final class MembershipModel: Model, @unchecked Sendable {
    static let schema = "memberships"
    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "role") var role: String
    @Field(key: "is_active") var isActive: Bool

    init() {}

    func membership() throws -> Membership {
        guard let role = Role(rawValue: role) else {
            throw StoreIntegrityError("membership \(id?.uuidString ?? "?") names a role this version does not know")
        }
        return Membership(userID: userID, tenantID: tenantID, role: role, isActive: isActive)
    }
}

final class AccessGrantModel: Model, @unchecked Sendable {
    static let schema = "access_grants"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "tenant_id") var tenantID: UUID
    @OptionalField(key: "csrf_token") var csrfToken: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "source_address") var sourceAddress: String

    init() {}

    func set(_ g: AccessGrant) {
        kind = g.kind.rawValue; secretHash = g.secretHash; userID = g.userID; tenantID = g.tenantID; csrfToken = g.csrfToken
        createdAt = g.createdAt; expiresAt = g.expiresAt; sourceAddress = g.sourceAddress
    }

    func grant() throws -> AccessGrant {
        guard let kind = AccessGrant.Kind(rawValue: kind) else {
            throw StoreIntegrityError("access grant \(id?.uuidString ?? "?") is of a kind this version does not know")
        }
        return AccessGrant(id: id ?? UUID(), kind: kind, secretHash: secretHash, userID: userID, tenantID: tenantID, csrfToken: csrfToken,
                           createdAt: createdAt, expiresAt: expiresAt, sourceAddress: sourceAddress)
    }
}

final class IdempotencyKeyModel: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"
    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "idempotency_key") var key: String
    @Field(key: "request_fingerprint") var requestFingerprint: String
    @OptionalField(key: "status") var status: Int?
    @OptionalField(key: "body") var body: Data?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var response: IdempotentResponse {
        IdempotentResponse(tenantID: tenantID, key: key, requestFingerprint: requestFingerprint, status: status, body: body, createdAt: createdAt)
    }
}

extension DatabaseStore {
    // MARK: Users

    public func saveUser(_ user: UserAccount) async throws {
        let email = user.email.lowercased()
        let duplicate = StoreError.duplicate(what: "a user with this email")
        do {
            try await write { db in
                if try await UserModel.query(on: db).filter(\.$email == email).filter(\.$id != user.id).first() != nil { throw duplicate }
                if let existing = try await UserModel.find(user.id, on: db) {
                    existing.set(user)
                    try await existing.update(on: db)
                } else {
                    let model = UserModel()
                    model.id = user.id
                    model.set(user)
                    model.createdAt = Date()
                    try await model.create(on: db)
                }
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw duplicate
        }
    }

    public func user(id: UUID) async throws -> UserAccount? {
        try await UserModel.find(id, on: database)?.account
    }

    public func user(email: String) async throws -> UserAccount? {
        try await UserModel.query(on: database).filter(\.$email == email.lowercased()).first()?.account
    }

    /// The tenant's users and their memberships there, by display name.
    public func users(tenantID: UUID) async throws -> [(UserAccount, Membership)] {
        let rows = try await MembershipModel.query(on: database)
            .filter(\.$tenantID == tenantID)
            .join(UserModel.self, on: \MembershipModel.$userID == \UserModel.$id)
            .sort(UserModel.self, \.$displayName)
            .sort(UserModel.self, \.$id)
            .all()
        return try rows.map { row in (try row.joined(UserModel.self).account, try row.membership()) }
    }

    // MARK: Memberships

    /// Creates the membership, or changes the role and state of the user's membership in that tenant.
    public func saveMembership(_ membership: Membership) async throws {
        do {
            try await write { db in
                if let existing = try await MembershipModel.query(on: db).filter(\.$userID == membership.userID)
                    .filter(\.$tenantID == membership.tenantID).first() {
                    existing.role = membership.role.rawValue
                    existing.isActive = membership.isActive
                    try await existing.update(on: db)
                } else {
                    let model = MembershipModel()
                    model.id = UUID(); model.userID = membership.userID; model.tenantID = membership.tenantID; model.role = membership.role.rawValue
                    model.isActive = membership.isActive
                    try await model.create(on: db)
                }
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "a membership of this user in this tenant")
        } catch let error where ConstraintViolation(error) == .foreignKey {
            throw StoreError.notFound(kind: "user or tenant", id: membership.userID)
        }
    }

    public func memberships(userID: UUID) async throws -> [Membership] {
        try await MembershipModel.query(on: database).filter(\.$userID == userID).sort(\.$tenantID).all().map { try $0.membership() }
    }

    // MARK: Grants

    /// Creates the grant, or replaces the grant with its id.
    public func saveGrant(_ grant: AccessGrant) async throws {
        do {
            try await write { db in
                if let existing = try await AccessGrantModel.find(grant.id, on: db) {
                    existing.set(grant)
                    try await existing.update(on: db)
                } else {
                    let model = AccessGrantModel()
                    model.id = grant.id
                    model.set(grant)
                    try await model.create(on: db)
                }
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "an access grant with this secret")
        } catch let error where ConstraintViolation(error) == .foreignKey {
            throw StoreError.notFound(kind: "user or tenant", id: grant.userID)
        }
    }

    /// The grant with the secret's hash, expired or not: the caller checks `expiresAt`.
    public func grant(secretHash: String) async throws -> AccessGrant? {
        try await AccessGrantModel.query(on: database).filter(\.$secretHash == secretHash).first()?.grant()
    }

    public func deleteGrant(id: UUID) async throws {
        try await write { db in try await AccessGrantModel.query(on: db).filter(\.$id == id).delete() }
    }

    public func deleteExpiredGrants(before date: Date) async throws {
        try await write { db in try await AccessGrantModel.query(on: db).filter(\.$expiresAt < date).delete() }
    }

    // MARK: Idempotency keys

    public func claimKey(_ pending: IdempotentResponse) async throws {
        let duplicate = StoreError.duplicate(what: "idempotency key \(pending.key)")
        do {
            try await write { db in
                if try await IdempotencyKeyModel.query(on: db).filter(\.$tenantID == pending.tenantID).filter(\.$key == pending.key)
                    .first() != nil {
                    throw duplicate
                }
                let model = IdempotencyKeyModel()
                model.id = UUID(); model.tenantID = pending.tenantID; model.key = pending.key
                model.requestFingerprint = pending.requestFingerprint; model.status = pending.status; model.body = pending.body
                model.createdAt = pending.createdAt
                try await model.create(on: db)
            }
        } catch let error where ConstraintViolation(error) == .unique {
            // Another request claimed the key between the check and the insert.
            throw duplicate
        } catch let error where ConstraintViolation(error) == .foreignKey {
            throw StoreError.notFound(kind: "tenant", id: pending.tenantID)
        }
    }

    public func response(tenantID: UUID, key: String) async throws -> IdempotentResponse? {
        try await IdempotencyKeyModel.query(on: database).filter(\.$tenantID == tenantID).filter(\.$key == key).first()?.response
    }

    /// Records the answer of a claimed key (nothing happens for a key that is not claimed).
    public func complete(tenantID: UUID, key: String, status: Int, body: Data) async throws {
        try await write { db in
            try await IdempotencyKeyModel.query(on: db).filter(\.$tenantID == tenantID).filter(\.$key == key)
                .set(\.$status, to: status).set(\.$body, to: body).update()
        }
    }

    /// Frees a key still being answered; an answered key stays, so a retry can never make a second copy.
    public func release(tenantID: UUID, key: String) async throws {
        try await write { db in
            try await IdempotencyKeyModel.query(on: db).filter(\.$tenantID == tenantID).filter(\.$key == key)
                .filter(\.$status == nil).delete()
        }
    }
}
