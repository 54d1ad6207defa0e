import CodeSets
import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// Claims and their history (`ClaimStore`). The claim row holds the claim as JSON without its history, and the
// columns worklists use; the history is `claim_events`, one row per status change, which is also the event feed.

final class ClaimModel: Model, @unchecked Sendable {
    static let schema = "claims"
    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @Field(key: "kind") var kind: String
    @Field(key: "payer_id") var payerID: UUID
    @Field(key: "patient_id") var patientID: UUID
    @Field(key: "encounter_id") var encounterID: UUID
    @Field(key: "coverage_id") var coverageID: UUID
    @Field(key: "patient_control_number") var patientControlNumber: String
    @Field(key: "frequency") var frequency: String
    @OptionalField(key: "service_from") var serviceFrom: String?
    @OptionalField(key: "service_through") var serviceThrough: String?
    @Field(key: "total_charge_cents") var totalChargeCents: Int
    @Field(key: "payments_cents") var paymentsCents: Int
    @Field(key: "adjustments_cents") var adjustmentsCents: Int
    @Field(key: "patient_responsibility_cents") var patientResponsibilityCents: Int
    @Field(key: "balance_cents") var balanceCents: Int
    @Field(key: "status_changed_at_ms") var statusChangedAtMilliseconds: Int64
    @Field(key: "history_count") var historyCount: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "body") var body: String

    init() {}

    /// `statusChangedAt`: the claim's last transition, or `now` for a claim that has none.
    init(_ claim: Claim, version: Int, now: Date) throws {
        let c = try ClaimColumns(claim, now: now)
        id = claim.id; tenantID = claim.tenantID; self.version = version; status = c.status
        kind = c.kind; payerID = c.payerID; patientID = c.patientID; encounterID = c.encounterID
        coverageID = c.coverageID; patientControlNumber = c.patientControlNumber; frequency = c.frequency
        serviceFrom = c.serviceFrom; serviceThrough = c.serviceThrough
        totalChargeCents = c.totalChargeCents; paymentsCents = c.paymentsCents; adjustmentsCents = c.adjustmentsCents
        patientResponsibilityCents = c.patientResponsibilityCents; balanceCents = c.balanceCents
        statusChangedAtMilliseconds = c.statusChangedAtMilliseconds
        historyCount = c.historyCount
        createdAt = now; updatedAt = now
        body = c.body
    }
}

final class ClaimEventModel: Model, @unchecked Sendable {
    static let schema = "claim_events"
    @ID(custom: "sequence", generatedBy: .database) var id: Int64?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "claim_id") var claimID: UUID
    @Field(key: "from_status") var fromStatus: String
    @Field(key: "to_status") var toStatus: String
    @Field(key: "actor_user_id") var actorUserID: UUID
    @Field(key: "actor_name") var actorName: String
    @Field(key: "at") var at: Date
    @Field(key: "reason") var reason: String
    @OptionalField(key: "source_kind") var sourceKind: String?
    @OptionalField(key: "source_reference") var sourceReference: String?

    init() {}

    init(_ t: ClaimTransition, tenantID: UUID) {
        self.tenantID = tenantID; claimID = t.claimID; fromStatus = t.from.rawValue; toStatus = t.to.rawValue
        actorUserID = t.actor.userID; actorName = t.actor.displayName; at = t.at; reason = t.reason
        sourceKind = t.source?.kind; sourceReference = t.source?.reference
    }

    func transition() throws -> ClaimTransition {
        guard let from = ClaimStatus(rawValue: fromStatus), let to = ClaimStatus(rawValue: toStatus) else {
            throw StoreIntegrityError("claim event \(id.map(String.init) ?? "?") names a status this version does not know")
        }
        let source = sourceKind.map { SourceDocumentReference(kind: $0, reference: sourceReference ?? "") }
        return ClaimTransition(claimID: claimID, from: from, to: to, actor: ClaimActor(userID: actorUserID, displayName: actorName),
                               at: at, reason: reason, source: source)
    }

    func event() throws -> ClaimEvent {
        ClaimEvent(sequence: id ?? 0, tenantID: tenantID, transition: try transition())
    }
}

/// Where a worklist stopped: the last claim's status-change time and id.
struct ClaimCursor: Codable {
    var list: String
    var at: Int64
    var id: UUID
}

extension DatabaseStore {
    /// The key of the PostgreSQL advisory lock that orders event appends (see `appendEvents`).
    static let claimEventLockKey: Int64 = 0x5243_4556  // "RCEV"

    /// Appends status changes to the event table. On PostgreSQL the transaction first takes an advisory lock held
    /// until it commits, so events are numbered in the order they become visible: a feed reader that has seen
    /// sequence n never later finds a smaller number appear. (SQLite has one writer at a time, which gives the same.)
    static func appendEvents(_ events: [ClaimEventModel], on db: any Database) async throws {
        guard !events.isEmpty else { return }
        try await lockEventFeed(on: try Self.sql(db))
        try await events.create(on: db)
    }

    /// Takes `appendEvents`' lock on PostgreSQL; nothing on SQLite.
    static func lockEventFeed(on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Int(claimEventLockKey)))").run()
    }

    public func insertClaim(_ claim: Claim) async throws -> Stored<Claim> {
        let now = Date()
        let model = try ClaimModel(claim, version: 1, now: now)
        let events = claim.history.map { ClaimEventModel($0, tenantID: claim.tenantID) }
        do {
            try await write { db in
                if try await ClaimModel.find(claim.id, on: db) != nil { throw StoreError.duplicate(what: "claim \(claim.id)") }
                try await model.create(on: db)
                try await Self.appendEvents(events, on: db)
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "claim \(claim.id)")
        } catch let error where ConstraintViolation(error) == .foreignKey {
            throw StoreError.notFound(kind: "tenant", id: claim.tenantID)
        }
        return Stored(value: claim, version: 1, createdAt: now, updatedAt: now)
    }

    /// Stores many new claims and their histories in one transaction, with multi-row inserts: for loading large
    /// volumes (benchmarks, migrations from another system). Unlike `insertClaim`, ids are not checked one by one
    /// first; a duplicate fails the whole batch.
    public func bulkInsertClaims(_ claims: [Claim]) async throws {
        guard !claims.isEmpty else { return }
        let now = Date()
        let models = try claims.map { try ClaimModel($0, version: 1, now: now) }
        let events = claims.flatMap { claim in claim.history.map { ClaimEventModel($0, tenantID: claim.tenantID) } }
        do {
            try await write { db in
                // Parameters per statement are limited (SQLite: 32766): insert in slices.
                for slice in stride(from: 0, to: models.count, by: 500) { try await models[slice..<min(slice + 500, models.count)].create(on: db) }
                for slice in stride(from: 0, to: events.count, by: 2000) {
                    try await Self.appendEvents(Array(events[slice..<min(slice + 2000, events.count)]), on: db)
                }
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "a claim of the batch")
        }
    }

    public func updateClaim(_ claim: Claim, expectedVersion: Int) async throws -> Stored<Claim> {
        let now = Date()
        let model = try ClaimModel(claim, version: expectedVersion + 1, now: now)
        let createdAt: Date? = try await write { db in
            var update = try Self.sql(db).update(ClaimModel.schema)
                .set("version", to: expectedVersion + 1)
                .set("status", to: model.status)
                .set("kind", to: model.kind)
                .set("payer_id", to: model.payerID)
                .set("patient_id", to: model.patientID)
                .set("encounter_id", to: model.encounterID)
                .set("coverage_id", to: model.coverageID)
                .set("patient_control_number", to: model.patientControlNumber)
                .set("frequency", to: model.frequency)
                .set("service_from", to: model.serviceFrom)
                .set("service_through", to: model.serviceThrough)
                .set("total_charge_cents", to: model.totalChargeCents)
                .set("payments_cents", to: model.paymentsCents)
                .set("adjustments_cents", to: model.adjustmentsCents)
                .set("patient_responsibility_cents", to: model.patientResponsibilityCents)
                .set("balance_cents", to: model.balanceCents)
                .set("history_count", to: model.historyCount)
                .set("updated_at", to: now)
                .set("body", to: model.body)
            // A claim without transitions keeps the time it was created as its last status change.
            if !claim.history.isEmpty { update = update.set("status_changed_at_ms", to: model.statusChangedAtMilliseconds) }
            let rows = try await update
                .where("id", .equal, claim.id)
                .where("tenant_id", .equal, claim.tenantID)
                .where("version", .equal, expectedVersion)
                .returning("created_at")
                .all()
            guard let row = rows.first else { return nil }
            // The row lock taken by the update keeps other writers of this claim out until commit.
            let storedCount = try await ClaimEventModel.query(on: db).filter(\.$claimID == claim.id).count()
            guard claim.history.count >= storedCount else {
                throw StoreIntegrityError("claim \(claim.id) has \(storedCount) status changes stored, but the update carries \(claim.history.count): a history is only appended to")
            }
            try await Self.appendEvents(claim.history.dropFirst(storedCount).map { ClaimEventModel($0, tenantID: claim.tenantID) }, on: db)
            return try row.decode(column: "created_at", as: Date.self)
        }
        guard let createdAt else {
            guard let current = try await ClaimModel.query(on: database).filter(\.$id == claim.id).filter(\.$tenantID == claim.tenantID)
                .field(\.$id).field(\.$version).first() else {
                throw StoreError.notFound(kind: "claim", id: claim.id)
            }
            throw StoreError.versionConflict(kind: "claim", id: claim.id, expected: expectedVersion, actual: current.version)
        }
        return Stored(value: claim, version: expectedVersion + 1, createdAt: createdAt, updatedAt: now)
    }

    public func claim(id: UUID, tenantID: UUID) async throws -> Stored<Claim>? {
        let sql = try Self.sql(database)
        guard let row = try await sql.select().columns(Self.documentColumns).from(ClaimModel.schema)
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first() else { return nil }
        return try Self.storedClaim(row, transitions: try await Self.transitions(claimIDs: [id], on: sql)[id] ?? [])
    }

    public func claims(tenantID: UUID, query: ClaimQuery) async throws -> RevenueCycle.Page<Stored<Claim>> {
        let sql = try Self.sql(database)
        let (rows, next) = try await worklistRows(sql, tenantID: tenantID, query: query, columns: Self.documentColumns)
        let transitions = try await Self.transitions(claimIDs: try rows.map { try $0.decode(column: "id", as: UUID.self) }, on: sql)
        let items = try Self.storedClaims(rows, transitions: transitions)
        return RevenueCycle.Page(items: items, nextCursor: next)
    }

    public func claimSummaries(tenantID: UUID, query: ClaimQuery) async throws -> RevenueCycle.Page<Stored<ClaimSummary>> {
        let (rows, next) = try await worklistRows(try Self.sql(database), tenantID: tenantID, query: query, columns: Self.summaryColumns)
        return RevenueCycle.Page(items: try rows.map(Self.summary), nextCursor: next)
    }

    // Claims are read with SQLKit rather than as Fluent models: a model reflects over its fields for every row,
    // which cost more than the rest of a worklist page.

    /// What a claim's summary is read from (all but the document).
    static let summaryColumns = ["id", "tenant_id", "kind", "status", "frequency", "patient_control_number", "patient_id", "payer_id",
                                 "encounter_id", "coverage_id", "service_from", "service_through", "total_charge_cents", "payments_cents",
                                 "adjustments_cents", "patient_responsibility_cents", "balance_cents", "status_changed_at_ms",
                                 "history_count", "version", "created_at", "updated_at"]
    /// What a whole claim is read from, with its events.
    static let documentColumns = ["id", "body", "history_count", "status_changed_at_ms", "version", "created_at", "updated_at"]

    /// A worklist page's rows, with `columns`, and the cursor of the next page. One row past the limit is fetched
    /// to know whether there is a next page.
    func worklistRows(_ sql: any SQLDatabase, tenantID: UUID, query: ClaimQuery, columns: [String]) async throws -> ([any SQLRow], String?) {
        let list = "claims"
        let after = try query.cursor.map { cursor throws(StoreError) in
            let decoded = try ListCursor.decode(ClaimCursor.self, cursor)
            guard decoded.list == list else { throw StoreError.badCursor }
            return decoded
        }
        let select = sql.select().columns(columns).from(ClaimModel.schema).where("tenant_id", .equal, tenantID)
        if !query.statuses.isEmpty { select.where("status", .in, query.statuses.map(\.rawValue)) }
        if let payerID = query.payerID { select.where("payer_id", .equal, payerID) }
        if let patientID = query.patientID { select.where("patient_id", .equal, patientID) }
        if let encounterID = query.encounterID { select.where("encounter_id", .equal, encounterID) }
        // A claim is in the date range when any of its dates of service is.
        if let from = query.serviceFrom { select.where("service_through", .greaterThanOrEqual, from.iso) }
        if let through = query.serviceThrough { select.where("service_from", .lessThanOrEqual, through.iso) }
        if let minimum = query.minimumOutstandingCents {
            select.where("(\(ident: "balance_cents") + \(ident: "patient_responsibility_cents")) >= \(bind: minimum)" as SQLQueryString)
        }
        if let after {
            // A row-value comparison, which both databases answer from the (status, time, id) index; the equivalent
            // OR of two conditions makes SQLite scan every claim tied at the cursor's time.
            select.where("(\(ident: "status_changed_at_ms"), \(ident: "id")) > (\(bind: after.at), \(bind: after.id))" as SQLQueryString)
        }
        let rows = try await select.orderBy("status_changed_at_ms").orderBy("id").limit(query.limit + 1).all()
        let page = Array(rows.prefix(query.limit))
        var next: String?
        if rows.count > query.limit, let last = page.last {
            next = ListCursor.encode(ClaimCursor(list: list, at: try last.decode(column: "status_changed_at_ms", as: Int64.self),
                                                 id: try last.decode(column: "id", as: UUID.self)))
        }
        return (page, next)
    }

    /// The status changes of the claims, each claim's in sequence order.
    static func transitions(claimIDs: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [ClaimTransition]] {
        guard !claimIDs.isEmpty else { return [:] }
        let rows = try await sql.select()
            .columns("sequence", "claim_id", "from_status", "to_status", "actor_user_id", "actor_name", "at", "reason", "source_kind", "source_reference")
            // In the index's order: by sequence within each claim, without sorting the rows found (SQLite).
            .from(ClaimEventModel.schema).where("claim_id", .in, claimIDs).orderBy("claim_id").orderBy("sequence").all()
        var byClaim: [UUID: [ClaimTransition]] = [:]
        for row in rows {
            let claimID = try row.decode(column: "claim_id", as: UUID.self)
            guard let from = ClaimStatus(rawValue: try row.decode(column: "from_status", as: String.self)),
                  let to = ClaimStatus(rawValue: try row.decode(column: "to_status", as: String.self)) else {
                throw StoreIntegrityError("claim event \(try row.decode(column: "sequence", as: Int64.self)) names a status this version does not know")
            }
            let source = try row.decode(column: "source_kind", as: String?.self).map {
                SourceDocumentReference(kind: $0, reference: try row.decode(column: "source_reference", as: String?.self) ?? "")
            }
            byClaim[claimID, default: []].append(ClaimTransition(
                claimID: claimID, from: from, to: to,
                actor: ClaimActor(userID: try row.decode(column: "actor_user_id", as: UUID.self), displayName: try row.decode(column: "actor_name", as: String.self)),
                at: try row.decode(column: "at", as: Date.self), reason: try row.decode(column: "reason", as: String.self), source: source))
        }
        return byClaim
    }

    /// A claim row (`documentColumns`) with the first `history_count` of its transitions as its history, so a
    /// concurrent append never shows a half-updated claim.
    static func storedClaim(_ row: any SQLRow, transitions: [ClaimTransition]) throws -> Stored<Claim> {
        try ClaimRow(row, transitions: transitions).stored()
    }

    /// `storedClaim` of each row, the JSON decoded on every core: decoding is most of reading many claims.
    static func storedClaims(_ rows: [any SQLRow], transitions: [UUID: [ClaimTransition]]) throws -> [Stored<Claim>] {
        let read = try rows.map { row in try ClaimRow(row, transitions: transitions[try row.decode(column: "id", as: UUID.self)] ?? []) }
        return try concurrentMap(read) { try $0.stored() }
    }

    /// A claim row (`summaryColumns`) as a summary.
    static func summary(_ row: any SQLRow) throws -> Stored<ClaimSummary> {
        let id = try row.decode(column: "id", as: UUID.self)
        func code<T: RawRepresentable<String>>(_ column: String, _ type: T.Type) throws -> T {
            guard let value = T(rawValue: try row.decode(column: column, as: String.self)) else {
                throw StoreIntegrityError("claim \(id) has a \(column) this version does not know")
            }
            return value
        }
        func money(_ column: String) throws -> Money { Money(cents: try row.decode(column: column, as: Int.self)) }
        func date(_ column: String) throws -> ServiceDate? { try row.decode(column: column, as: String?.self).flatMap { ServiceDate(iso: $0) } }
        let milliseconds = try row.decode(column: "status_changed_at_ms", as: Int64.self)
        let summary = ClaimSummary(
            id: id, tenantID: try row.decode(column: "tenant_id", as: UUID.self), kind: try code("kind", ClaimKind.self),
            status: try code("status", ClaimStatus.self), frequency: try code("frequency", ClaimFrequency.self),
            patientControlNumber: try row.decode(column: "patient_control_number", as: String.self),
            patientID: try row.decode(column: "patient_id", as: UUID.self), payerID: try row.decode(column: "payer_id", as: UUID.self),
            encounterID: try row.decode(column: "encounter_id", as: UUID.self), coverageID: try row.decode(column: "coverage_id", as: UUID.self),
            serviceFrom: try date("service_from"), serviceThrough: try date("service_through"), totalCharge: try money("total_charge_cents"),
            payments: try money("payments_cents"), adjustments: try money("adjustments_cents"),
            patientResponsibility: try money("patient_responsibility_cents"), balance: try money("balance_cents"),
            statusChangedAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000), statusChanges: try row.decode(column: "history_count", as: Int.self))
        return Stored(value: summary, version: try row.decode(column: "version", as: Int.self),
                      createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    public func claimCount(tenantID: UUID, statuses: [ClaimStatus]) async throws -> Int {
        let q = ClaimModel.query(on: database).filter(\.$tenantID == tenantID)
        if !statuses.isEmpty { q.filter(\.$status ~~ statuses.map(\.rawValue)) }
        return try await q.count()
    }

    public func claimEvents(tenantID: UUID, after sequence: Int64, limit: Int) async throws -> [ClaimEvent] {
        try await ClaimEventModel.query(on: database)
            .filter(\.$tenantID == tenantID)
            .filter(\.$id > sequence)
            .sort(\.$id)
            .limit(min(max(limit, 1), 1000))
            .all()
            .map { try $0.event() }
    }
}

/// A claim row's values, read from the row before its JSON is decoded (which may be on another thread).
struct ClaimRow: Sendable {
    var id: UUID, historyCount: Int, body: String, version: Int, createdAt: Date, updatedAt: Date, transitions: [ClaimTransition]

    init(_ row: any SQLRow, transitions: [ClaimTransition]) throws {
        id = try row.decode(column: "id", as: UUID.self)
        historyCount = try row.decode(column: "history_count", as: Int.self)
        body = try row.decode(column: "body", as: String.self)
        version = try row.decode(column: "version", as: Int.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
        self.transitions = transitions
    }

    func stored() throws -> Stored<Claim> {
        let claim: Claim
        do { claim = try ClaimJSON.decode(body) } catch {
            throw StoreIntegrityError("claim \(id) is stored in a form this version cannot read")
        }
        guard transitions.count >= historyCount else {
            throw StoreIntegrityError("claim \(id) records \(historyCount) status changes, but only \(transitions.count) are stored")
        }
        return Stored(value: claim.withHistory(Array(transitions.prefix(historyCount))), version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
