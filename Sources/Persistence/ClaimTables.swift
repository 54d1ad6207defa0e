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
        id = claim.id; tenantID = claim.tenantID; self.version = version; status = claim.status.rawValue
        kind = claim.kind.rawValue; payerID = claim.payerID; patientID = claim.patientID; encounterID = claim.encounterID
        coverageID = claim.coverageID; patientControlNumber = claim.patientControlNumber; frequency = claim.frequency.rawValue
        let dates = claim.lines.map(\.serviceDate)
        serviceFrom = dates.min()?.iso; serviceThrough = dates.max()?.iso
        let totals = claim.totals
        totalChargeCents = claim.totalCharge.cents; paymentsCents = totals.payments.cents; adjustmentsCents = totals.adjustments.cents
        patientResponsibilityCents = totals.patientResponsibility.cents; balanceCents = totals.balance.cents
        statusChangedAtMilliseconds = milliseconds(claim.history.last?.at ?? now)
        historyCount = claim.history.count
        createdAt = now; updatedAt = now
        body = try StoreJSON.encode(claim.replacingHistory([]))
    }

    /// The claim with the first `historyCount` of `events` (its events in sequence order) as its history.
    func stored(events: [ClaimEventModel]) throws -> Stored<Claim> {
        let claim = try StoreJSON.decode(Claim.self, body, what: "claim \(id?.uuidString ?? "?")")
        let history = try events.prefix(historyCount).map { try $0.transition() }
        guard history.count == historyCount else {
            throw StoreIntegrityError("claim \(claim.id) records \(historyCount) status changes, but only \(history.count) are stored")
        }
        return Stored(value: claim.replacingHistory(history), version: version, createdAt: createdAt, updatedAt: updatedAt)
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

extension Claim {
    /// The same claim with another history (the store keeps the history apart from the claim's JSON).
    func replacingHistory(_ history: [ClaimTransition]) -> Claim {
        Claim(id: id, tenantID: tenantID, kind: kind, encounterID: encounterID, patientID: patientID, coverageID: coverageID,
              coverageOrder: coverageOrder, payerID: payerID, billingProvider: billingProvider, renderingProviderID: renderingProviderID,
              referringProviderID: referringProviderID, supervisingProviderID: supervisingProviderID, facilityID: facilityID,
              frequency: frequency, payerClaimControlNumber: payerClaimControlNumber, patientControlNumber: patientControlNumber,
              placeOfService: placeOfService, typeOfBill: typeOfBill, diagnoses: diagnoses, procedureCodes: procedureCodes,
              priorAuthorizationNumber: priorAuthorizationNumber, referralNumber: referralNumber, lines: lines, status: status,
              history: history, ledger: ledger)
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
        let sql = try Self.sql(db)
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Int(claimEventLockKey)))").run()
        }
        try await events.create(on: db)
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
        guard let model = try await ClaimModel.query(on: database).filter(\.$id == id).filter(\.$tenantID == tenantID).first() else { return nil }
        let events = try await ClaimEventModel.query(on: database).filter(\.$claimID == id).sort(\.$id).limit(model.historyCount).all()
        return try model.stored(events: events)
    }

    public func claims(tenantID: UUID, query: ClaimQuery) async throws -> RevenueCycle.Page<Stored<Claim>> {
        let list = "claims"
        let after = try query.cursor.map { cursor throws(StoreError) in
            let decoded = try ListCursor.decode(ClaimCursor.self, cursor)
            guard decoded.list == list else { throw StoreError.badCursor }
            return decoded
        }
        let q = ClaimModel.query(on: database).filter(\.$tenantID == tenantID)
        if !query.statuses.isEmpty { q.filter(\.$status ~~ query.statuses.map(\.rawValue)) }
        if let payerID = query.payerID { q.filter(\.$payerID == payerID) }
        if let patientID = query.patientID { q.filter(\.$patientID == patientID) }
        if let encounterID = query.encounterID { q.filter(\.$encounterID == encounterID) }
        // A claim is in the date range when any of its dates of service is.
        if let from = query.serviceFrom { q.filter(\.$serviceThrough >= from.iso) }
        if let through = query.serviceThrough { q.filter(\.$serviceFrom <= through.iso) }
        if let minimum = query.minimumOutstandingCents {
            let outstanding: SQLQueryString = "(\(ident: "balance_cents") + \(ident: "patient_responsibility_cents")) >= \(bind: minimum)"
            q.filter(.custom(outstanding))
        }
        if let after {
            // A row-value comparison, which both databases answer from the (status, time, id) index; the equivalent
            // OR of two conditions makes SQLite scan every claim tied at the cursor's time.
            q.filter(.custom("(\(ident: "status_changed_at_ms"), \(ident: "id")) > (\(bind: after.at), \(bind: after.id))" as SQLQueryString))
        }
        let rows = Array(try await q.sort(\.$statusChangedAtMilliseconds).sort(\.$id).limit(query.limit + 1).all())
        let pageRows = Array(rows.prefix(query.limit))
        let ids = pageRows.compactMap(\.id)
        var eventsByClaim: [UUID: [ClaimEventModel]] = [:]
        if !ids.isEmpty {
            for event in try await ClaimEventModel.query(on: database).filter(\.$claimID ~~ ids).sort(\.$id).all() {
                eventsByClaim[event.claimID, default: []].append(event)
            }
        }
        let items = try pageRows.map { row in try row.stored(events: row.id.flatMap { eventsByClaim[$0] } ?? []) }
        var next: String?
        if rows.count > query.limit, let last = pageRows.last, let id = last.id {
            next = ListCursor.encode(ClaimCursor(list: list, at: last.statusChangedAtMilliseconds, id: id))
        }
        return RevenueCycle.Page(items: items, nextCursor: next)
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
