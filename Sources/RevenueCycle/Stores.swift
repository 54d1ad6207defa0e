import CodeSets
import Foundation

// The storage the domain needs, as protocols: `Persistence` implements them on SQLite and PostgreSQL, and the web
// application and tools use only these. Every read and write of tenant data names its tenant; a record of another
// tenant is simply not found.

/// A record that belongs to a tenant, stored whole with the few values its lists sort and filter on.
public protocol TenantRecord: Codable, Sendable, Identifiable where ID == UUID {
    var tenantID: UUID { get }
    static var kind: RecordKind { get }
    /// The values lists sort and filter on.
    var listing: RecordListing { get }
}

/// The kinds of tenant records, one table each.
public enum RecordKind: String, Hashable, Codable, Sendable, CaseIterable {
    case facility, provider, payer, patient, coverage, referral, priorAuthorization, encounter, charge, feeSchedule
    case payerEnrollment, bankDeposit
}

/// What a list of records sorts by and filters on.
public struct RecordListing: Hashable, Sendable {
    /// Lists come in this order (then by id): a name for people and organisations, a date for encounters.
    public var sortKey: String
    /// Lower-case words a search matches by prefix: names, account and member numbers, codes.
    public var searchText: String
    public var patientID: UUID?
    public var encounterID: UUID?
    public var status: String?

    public init(sortKey: String, searchText: String, patientID: UUID? = nil, encounterID: UUID? = nil, status: String? = nil) {
        self.sortKey = sortKey; self.searchText = searchText.lowercased(); self.patientID = patientID
        self.encounterID = encounterID; self.status = status
    }
}

/// A stored value with its version (for optimistic concurrency: an update names the version it read) and times.
public struct Stored<Value: Sendable>: Sendable {
    public var value: Value
    /// 1 when created; each update adds one.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(value: Value, version: Int, createdAt: Date, updatedAt: Date) {
        self.value = value; self.version = version; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

extension Stored: Equatable where Value: Equatable {}

/// One page of a list and the cursor of the next (nil on the last page). Cursors are opaque to callers.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) { self.items = items; self.nextCursor = nextCursor }
}

public struct RecordQuery: Hashable, Sendable {
    /// Words that must each start a word of the record's search text.
    public var search: String?
    public var patientID: UUID?
    public var encounterID: UUID?
    public var status: String?
    public var limit: Int
    public var cursor: String?

    public static let maximumLimit = 200

    public init(search: String? = nil, patientID: UUID? = nil, encounterID: UUID? = nil, status: String? = nil, limit: Int = 50,
                cursor: String? = nil) {
        self.search = search; self.patientID = patientID; self.encounterID = encounterID; self.status = status
        self.limit = min(max(limit, 1), Self.maximumLimit); self.cursor = cursor
    }
}

/// A biller's worklist filter. Claims come oldest status change first (the longest waiting on top).
public struct ClaimQuery: Hashable, Sendable {
    public var statuses: [ClaimStatus]
    public var payerID: UUID?
    public var patientID: UUID?
    public var encounterID: UUID?
    public var serviceFrom: ServiceDate?
    public var serviceThrough: ServiceDate?
    /// Only claims with an outstanding balance (insurance or patient) of at least this many cents.
    public var minimumOutstandingCents: Int?
    public var limit: Int
    public var cursor: String?

    public init(statuses: [ClaimStatus] = [], payerID: UUID? = nil, patientID: UUID? = nil, encounterID: UUID? = nil,
                serviceFrom: ServiceDate? = nil, serviceThrough: ServiceDate? = nil, minimumOutstandingCents: Int? = nil,
                limit: Int = 50, cursor: String? = nil) {
        self.statuses = statuses; self.payerID = payerID; self.patientID = patientID; self.encounterID = encounterID
        self.serviceFrom = serviceFrom; self.serviceThrough = serviceThrough; self.minimumOutstandingCents = minimumOutstandingCents
        self.limit = min(max(limit, 1), RecordQuery.maximumLimit); self.cursor = cursor
    }
}

/// A claim as a worklist shows it: who and what it bills, its status and its money, without its lines, diagnoses,
/// ledger postings or history (the whole claim has them).
public struct ClaimSummary: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var kind: ClaimKind
    public var status: ClaimStatus
    public var frequency: ClaimFrequency
    public var patientControlNumber: String
    public var patientID: UUID
    public var payerID: UUID
    public var encounterID: UUID
    public var coverageID: UUID
    /// The first and last dates of service of its lines.
    public var serviceFrom: ServiceDate?
    public var serviceThrough: ServiceDate?
    public var totalCharge: Money
    public var payments: Money
    public var adjustments: Money
    public var patientResponsibility: Money
    public var balance: Money
    /// Its last status change, or when it was stored if it has none: worklists wait longest first by this.
    public var statusChangedAt: Date
    /// How many status changes its history holds.
    public var statusChanges: Int

    /// What is still owed, by insurance and the patient.
    public var outstanding: Money { balance + patientResponsibility }

    public init(id: UUID, tenantID: UUID, kind: ClaimKind, status: ClaimStatus, frequency: ClaimFrequency, patientControlNumber: String,
                patientID: UUID, payerID: UUID, encounterID: UUID, coverageID: UUID, serviceFrom: ServiceDate?, serviceThrough: ServiceDate?,
                totalCharge: Money, payments: Money, adjustments: Money, patientResponsibility: Money, balance: Money,
                statusChangedAt: Date, statusChanges: Int) {
        self.id = id; self.tenantID = tenantID; self.kind = kind; self.status = status; self.frequency = frequency
        self.patientControlNumber = patientControlNumber; self.patientID = patientID; self.payerID = payerID
        self.encounterID = encounterID; self.coverageID = coverageID; self.serviceFrom = serviceFrom; self.serviceThrough = serviceThrough
        self.totalCharge = totalCharge; self.payments = payments; self.adjustments = adjustments
        self.patientResponsibility = patientResponsibility; self.balance = balance; self.statusChangedAt = statusChangedAt
        self.statusChanges = statusChanges
    }
}

/// A claim status change in the order the installation saw it: the event feed (`GET /api/v1/events?after=`).
public struct ClaimEvent: Hashable, Codable, Sendable {
    /// Increases with every event of the installation; a client asks for events after the last it saw.
    public var sequence: Int64
    public var tenantID: UUID
    public var transition: ClaimTransition

    public init(sequence: Int64, tenantID: UUID, transition: ClaimTransition) {
        self.sequence = sequence; self.tenantID = tenantID; self.transition = transition
    }
}

/// Why a store refused a write.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(kind: String, id: UUID)
    /// The record changed since the caller read it (optimistic concurrency).
    case versionConflict(kind: String, id: UUID, expected: Int, actual: Int)
    /// A value that must be unique already exists (an email, an account number, an idempotency key).
    case duplicate(what: String)
    /// The cursor was not made by this list.
    case badCursor

    public var description: String {
        switch self {
        case .notFound(let kind, let id): "no \(kind) \(id)"
        case .versionConflict(let kind, let id, let expected, let actual):
            "\(kind) \(id) changed since it was read (version \(expected) was read, it is now \(actual)); read it again"
        case .duplicate(let what): "\(what) already exists"
        case .badCursor: "the cursor is not one this list gave out"
        }
    }
}

/// Tenants (the installation's practices and hospitals) and their records.
public protocol RecordStore: Sendable {
    func saveTenant(_ tenant: Tenant) async throws
    func tenant(id: UUID) async throws -> Tenant?
    func allTenants() async throws -> [Tenant]

    /// Creates the record (version 1); `StoreError.duplicate` when its id exists.
    func insert<R: TenantRecord>(_ record: R) async throws -> Stored<R>
    /// Replaces the record when it is still at `expectedVersion`; `StoreError.versionConflict` otherwise.
    func update<R: TenantRecord>(_ record: R, expectedVersion: Int) async throws -> Stored<R>
    func record<R: TenantRecord>(_ type: R.Type, id: UUID, tenantID: UUID) async throws -> Stored<R>?
    func records<R: TenantRecord>(_ type: R.Type, tenantID: UUID, query: RecordQuery) async throws -> Page<Stored<R>>
    /// Removes the record when it is still at `expectedVersion`; `StoreError.versionConflict` or `notFound` otherwise.
    /// Only for kinds that allow it (a bank deposit entered by mistake).
    func delete<R: TenantRecord>(_ type: R.Type, id: UUID, tenantID: UUID, expectedVersion: Int) async throws
}

/// Claims, their history and the event feed. A claim's status changes and postings are written together with the
/// claim, in one transaction, so the history and the money never disagree with it.
public protocol ClaimStore: Sendable {
    /// Stores a new claim and its history so far.
    func insertClaim(_ claim: Claim) async throws -> Stored<Claim>
    /// Replaces the claim when it is still at `expectedVersion`, appending the transitions its history gained.
    func updateClaim(_ claim: Claim, expectedVersion: Int) async throws -> Stored<Claim>
    /// The claim with its whole history.
    func claim(id: UUID, tenantID: UUID) async throws -> Stored<Claim>?
    func claims(tenantID: UUID, query: ClaimQuery) async throws -> Page<Stored<Claim>>
    /// The same worklist as `claims`, in the same order and with the same cursors, as summaries: read from the
    /// claim's own columns, so a page costs no claim documents or histories.
    func claimSummaries(tenantID: UUID, query: ClaimQuery) async throws -> Page<Stored<ClaimSummary>>
    func claimCount(tenantID: UUID, statuses: [ClaimStatus]) async throws -> Int
    /// Status changes of the tenant's claims after `sequence`, oldest first.
    func claimEvents(tenantID: UUID, after sequence: Int64, limit: Int) async throws -> [ClaimEvent]
}

/// A person who signs in. Passwords are kept only as a slow salted hash made by the web layer.
public struct UserAccount: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// Lower case; unique in the installation.
    public var email: String
    public var displayName: String
    public var passwordHash: String
    public var isActive: Bool
    /// Failed sign-ins in a row; reset by a successful one.
    public var failedSignIns: Int
    /// Sign-in is refused until then, even with the right password.
    public var lockedUntil: Date?
    public var lastSignInAt: Date?

    public init(id: UUID, email: String, displayName: String, passwordHash: String, isActive: Bool = true, failedSignIns: Int = 0,
                lockedUntil: Date? = nil, lastSignInAt: Date? = nil) {
        self.id = id; self.email = email.lowercased(); self.displayName = displayName; self.passwordHash = passwordHash
        self.isActive = isActive; self.failedSignIns = failedSignIns; self.lockedUntil = lockedUntil; self.lastSignInAt = lastSignInAt
    }
}

/// A user's role in one tenant. A billing company's staff hold memberships in each practice they work for.
public struct Membership: Hashable, Codable, Sendable {
    public var userID: UUID
    public var tenantID: UUID
    public var role: Role
    /// False once a practice's administrator has deactivated the user there: no sign-in, session or token in it.
    public var isActive: Bool

    public init(userID: UUID, tenantID: UUID, role: Role, isActive: Bool = true) {
        self.userID = userID; self.tenantID = tenantID; self.role = role; self.isActive = isActive
    }
}

/// A signed-in browser session or an API bearer token: only the SHA-256 of its secret is stored. Each works in one
/// tenant at a time.
public struct AccessGrant: Hashable, Codable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Codable, Sendable { case session, apiToken }
    public var id: UUID
    public var kind: Kind
    /// Hex SHA-256 of the secret the client holds.
    public var secretHash: String
    public var userID: UUID
    public var tenantID: UUID
    /// Sessions only: the token every form must carry.
    public var csrfToken: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var sourceAddress: String

    public init(id: UUID, kind: Kind, secretHash: String, userID: UUID, tenantID: UUID, csrfToken: String?, createdAt: Date,
                expiresAt: Date, sourceAddress: String) {
        self.id = id; self.kind = kind; self.secretHash = secretHash; self.userID = userID; self.tenantID = tenantID
        self.csrfToken = csrfToken; self.createdAt = createdAt; self.expiresAt = expiresAt; self.sourceAddress = sourceAddress
    }
}

public protocol AccessStore: Sendable {
    /// Creates or replaces the user; `StoreError.duplicate` when another user has the email.
    func saveUser(_ user: UserAccount) async throws
    func user(id: UUID) async throws -> UserAccount?
    func user(email: String) async throws -> UserAccount?
    /// The tenant's users with their membership there, active or not.
    func users(tenantID: UUID) async throws -> [(UserAccount, Membership)]
    /// Creates the membership, or changes the role and state of the user's membership in that tenant.
    func saveMembership(_ membership: Membership) async throws
    func memberships(userID: UUID) async throws -> [Membership]

    func saveGrant(_ grant: AccessGrant) async throws
    func grant(secretHash: String) async throws -> AccessGrant?
    func deleteGrant(id: UUID) async throws
    func deleteExpiredGrants(before: Date) async throws
}

/// A request already answered under an idempotency key, kept so a retry gets the same answer and never creates twice.
public struct IdempotentResponse: Hashable, Codable, Sendable {
    public var tenantID: UUID
    public var key: String
    /// Method, path and a hash of the body: the same key with a different request is refused.
    public var requestFingerprint: String
    /// Nil while the first request is still being answered.
    public var status: Int?
    public var body: Data?
    public var createdAt: Date

    public init(tenantID: UUID, key: String, requestFingerprint: String, status: Int?, body: Data?, createdAt: Date) {
        self.tenantID = tenantID; self.key = key; self.requestFingerprint = requestFingerprint; self.status = status
        self.body = body; self.createdAt = createdAt
    }
}

public protocol IdempotencyStore: Sendable {
    /// Claims the key for a request; `StoreError.duplicate` when the key is already claimed (answered or not).
    func claimKey(_ pending: IdempotentResponse) async throws
    func response(tenantID: UUID, key: String) async throws -> IdempotentResponse?
    func complete(tenantID: UUID, key: String, status: Int, body: Data) async throws
    /// Frees a key whose request failed, so that it may be retried.
    func release(tenantID: UUID, key: String) async throws
}

/// What happened, before the audit log gives it its place in the chain.
public struct AuditEvent: Hashable, Sendable {
    public var tenantID: UUID?
    public var actor: AuditActor
    public var action: AuditAction
    public var entityType: String
    public var entityID: String
    public var at: Date
    public var sourceAddress: String
    public var detail: String

    public init(tenantID: UUID?, actor: AuditActor, action: AuditAction, entityType: String, entityID: String, at: Date,
                sourceAddress: String, detail: String) {
        self.tenantID = tenantID; self.actor = actor; self.action = action; self.entityType = entityType; self.entityID = entityID
        self.at = at; self.sourceAddress = sourceAddress; self.detail = detail
    }
}

/// The append-only, hash-chained audit log.
public protocol AuditLog: Sendable {
    /// Appends the event after the last entry (serialised: concurrent appends never fork the chain).
    @discardableResult
    func append(_ event: AuditEvent) async throws -> AuditEntry
    /// Entries in sequence order from `sequence` (inclusive).
    func entries(from sequence: Int, limit: Int) async throws -> [AuditEntry]
    func entries(tenantID: UUID, limit: Int, before sequence: Int?) async throws -> [AuditEntry]
}

/// Everything the application stores.
public typealias RevenueCycleStore = RecordStore & ClaimStore & ClaimExchangeStore & DenialStore & PostingExceptionStore & StatusInquiryStore & CodingWorkStore & ProviderQueryStore & CodingProductivityStore & CodingAuditStore & AccessStore & IdempotencyStore & AuditLog
