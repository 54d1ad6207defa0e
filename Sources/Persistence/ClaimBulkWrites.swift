import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// Storing the many claims one file changes (an 835 of 100,000 claims) with multi-row statements: one UPDATE per
// slice of claims, checked against the version each claim was read at, one query for the slice's stored event
// counts, and one INSERT for its new events, instead of three statements a claim. Used inside the caller's
// transaction, so a conflict anywhere rolls the whole file back.

extension DatabaseStore {
    /// Claims per statement: 22 parameters a claim stays far below SQLite's 32,766 and PostgreSQL's 65,535.
    static let bulkUpdateSlice = 500

    /// Updates the claims (each only if still at the version it was read at; else `StoreError.versionConflict` and
    /// nothing of the transaction stays) and appends their new status changes, on `db`, which must be a transaction.
    func updateClaims(_ changes: [ClaimChange], on db: any Database) async throws {
        // A claim without status changes keeps its row's status time, which a multi-row update cannot express
        // simply: those (none in practice: stored claims have been created through a transition) go one by one.
        let single = changes.filter { $0.claim.history.isEmpty }
        for change in single { _ = try await on(db).updateClaim(change.claim, expectedVersion: change.expectedVersion) }
        let bulk = changes.filter { !$0.claim.history.isEmpty }
        let sql = try Self.sql(db)
        let now = Date()
        let slices = stride(from: 0, to: bulk.count, by: Self.bulkUpdateSlice).map { Array(bulk[$0..<min($0 + Self.bulkUpdateSlice, bulk.count)]) }
        // Each slice's JSON is encoded while the slice before it is written: the database works on its thread meanwhile.
        var encoding = slices.first.map { slice in Task { try ClaimColumns.all(slice.map(\.claim), now: now) } }
        for (i, slice) in slices.enumerated() {
            let columns = try await encoding!.value
            encoding = i + 1 < slices.count ? Task { [next = slices[i + 1]] in try ClaimColumns.all(next.map(\.claim), now: now) } : nil
            try await updateSlice(slice, columns: columns, now: now, sql: sql, db: db)
        }
    }

    private func updateSlice(_ changes: [ClaimChange], columns rowValues: [ClaimColumns], now: Date, sql: any SQLDatabase, db: any Database) async throws {
        let columns = ["id", "tenant_id", "expected", "version", "status", "kind", "payer_id", "patient_id", "encounter_id", "coverage_id",
                       "patient_control_number", "frequency", "service_from", "service_through", "total_charge_cents", "payments_cents",
                       "adjustments_cents", "patient_responsibility_cents", "balance_cents", "history_count", "status_changed_at_ms", "body"]
        var rows: [SQLQueryString] = []
        rows.reserveCapacity(changes.count)
        for (change, m) in zip(changes, rowValues) {
            let values: [any Encodable & Sendable] = [
                change.claim.id, change.claim.tenantID, change.expectedVersion, change.expectedVersion + 1, m.status, m.kind, m.payerID,
                m.patientID, m.encounterID, m.coverageID, m.patientControlNumber, m.frequency, m.serviceFrom, m.serviceThrough,
                m.totalChargeCents, m.paymentsCents, m.adjustmentsCents, m.patientResponsibilityCents, m.balanceCents, m.historyCount,
                m.statusChangedAtMilliseconds, m.body,
            ]
            rows.append("(\(SQLList(values.map { SQLBind($0) })))")
        }
        let assignments = columns.dropFirst(3).map { "\($0) = v.\($0)" }.joined(separator: ", ")
        // A CTE with named columns: both PostgreSQL and SQLite (3.33+) update from it.
        let statement: SQLQueryString = """
            WITH v(\(unsafeRaw: columns.joined(separator: ", "))) AS (VALUES \(SQLList(rows)))
            UPDATE \(ident: ClaimModel.schema) SET \(unsafeRaw: assignments), updated_at = \(bind: now)
            FROM v WHERE \(ident: ClaimModel.schema).id = v.id AND \(ident: ClaimModel.schema).tenant_id = v.tenant_id
            AND \(ident: ClaimModel.schema).version = v.expected
            RETURNING \(ident: ClaimModel.schema).id
            """
        let updated = Set(try await sql.raw(statement).all().map { try $0.decode(column: "id", as: UUID.self) })
        if updated.count != changes.count, let missed = changes.first(where: { !updated.contains($0.claim.id) }) {
            let current = try await sql.select().column("version").from(ClaimModel.schema)
                .where("id", .equal, missed.claim.id).where("tenant_id", .equal, missed.claim.tenantID).first()
            guard let current else { throw StoreError.notFound(kind: "claim", id: missed.claim.id) }
            throw StoreError.versionConflict(kind: "claim", id: missed.claim.id, expected: missed.expectedVersion,
                                             actual: try current.decode(column: "version", as: Int.self))
        }

        // The row locks taken by the update keep other writers of these claims out until commit.
        let countRows = try await sql.select().column("claim_id").column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(ClaimEventModel.schema).where("claim_id", .in, changes.map(\.claim.id)).groupBy("claim_id").all()
        var stored: [UUID: Int] = [:]
        for row in countRows { stored[try row.decode(column: "claim_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        var events: [ClaimTransition] = []
        var tenants: [UUID] = []
        for change in changes {
            let claim = change.claim, storedCount = stored[claim.id] ?? 0
            guard claim.history.count >= storedCount else {
                throw StoreIntegrityError("claim \(claim.id) has \(storedCount) status changes stored, but the update carries \(claim.history.count): a history is only appended to")
            }
            for t in claim.history.dropFirst(storedCount) { events.append(t); tenants.append(claim.tenantID) }
        }
        try await Self.appendEvents(events, tenantIDs: tenants, on: db)
    }

    /// `appendEvents` with one multi-row INSERT per 2,000 events, without building a model for each.
    static func appendEvents(_ events: [ClaimTransition], tenantIDs: [UUID], on db: any Database) async throws {
        guard !events.isEmpty else { return }
        let sql = try Self.sql(db)
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Int(claimEventLockKey)))").run()
        }
        for start in stride(from: 0, to: events.count, by: 2_000) {
            var insert = sql.insert(into: ClaimEventModel.schema)
                .columns("tenant_id", "claim_id", "from_status", "to_status", "actor_user_id", "actor_name", "at", "reason", "source_kind", "source_reference")
            for i in start..<min(start + 2_000, events.count) {
                let t = events[i]
                insert = insert.values(SQLBind(tenantIDs[i]), SQLBind(t.claimID), SQLBind(t.from.rawValue), SQLBind(t.to.rawValue),
                                       SQLBind(t.actor.userID), SQLBind(t.actor.displayName), SQLBind(t.at), SQLBind(t.reason),
                                       SQLBind(t.source?.kind), SQLBind(t.source?.reference))
            }
            try await insert.run()
        }
    }
}

/// A claim's row values, computed once for `ClaimModel` and for bulk updates, which skip the Fluent model: making one
/// reflects over its fields, which cost as much as the rest of a bulk update.
struct ClaimColumns {
    var status: String, kind: String, payerID: UUID, patientID: UUID, encounterID: UUID, coverageID: UUID
    var patientControlNumber: String, frequency: String, serviceFrom: String?, serviceThrough: String?
    var totalChargeCents: Int, paymentsCents: Int, adjustmentsCents: Int, patientResponsibilityCents: Int, balanceCents: Int
    var statusChangedAtMilliseconds: Int64, historyCount: Int, body: String

    /// Each claim's columns, made on every core: encoding the claims' JSON is most of the CPU of a bulk update.
    static func all(_ claims: [Claim], now: Date) throws -> [ClaimColumns] {
        try concurrentMap(claims) { try ClaimColumns($0, now: now) }
    }

    init(_ claim: Claim, now: Date) throws {
        status = claim.status.rawValue; kind = claim.kind.rawValue; payerID = claim.payerID; patientID = claim.patientID
        encounterID = claim.encounterID; coverageID = claim.coverageID; patientControlNumber = claim.patientControlNumber
        frequency = claim.frequency.rawValue
        let dates = claim.lines.map(\.serviceDate)
        serviceFrom = dates.min()?.iso; serviceThrough = dates.max()?.iso
        let totals = claim.totals
        totalChargeCents = claim.totalCharge.cents; paymentsCents = totals.payments.cents; adjustmentsCents = totals.adjustments.cents
        patientResponsibilityCents = totals.patientResponsibility.cents; balanceCents = totals.balance.cents
        statusChangedAtMilliseconds = milliseconds(claim.history.last?.at ?? now)
        historyCount = claim.history.count
        // The same JSON as `StoreJSON.encode(claim.withHistory([]))`, written by hand (ClaimJSON).
        body = try ClaimJSON.encodeWithoutHistory(claim)
    }
}

/// `transform` of each item, on every core when there are enough items to share (JSON coding of many claims).
func concurrentMap<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> U) throws -> [U] {
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / 50))
    guard workers > 1 else { return try items.map(transform) }
    let results = ConcurrentResults<Result<U, any Error>>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for i in stride(from: worker, to: items.count, by: workers) { results.set(i, Result { try transform(items[i]) }) }
    }
    return try results.values.map { try $0!.get() }
}

/// Slots written by index from several threads, each slot by one thread only; read after they all finished.
private final class ConcurrentResults<T>: @unchecked Sendable {
    // Unchecked: each index is written by exactly one worker, and `values` is read after `concurrentPerform` returns.
    private var storage: [T?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { storage.withUnsafeMutableBufferPointer { $0[index] = value } }
    var values: [T?] { storage }
}
