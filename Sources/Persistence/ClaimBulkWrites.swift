import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import RevenueCycle

// Storing the many claims one file changes (an 835 of 100,000 claims) with multi-row statements: one UPDATE per
// slice of claims, checked against the version each claim was read at, and one INSERT for its new events, instead of
// three statements a claim. Each slice's statements (its claims' JSON, rows and SQL) are made on another core while
// the slice before it is written, so the database's thread is seldom idle. Used inside the caller's transaction, so a
// conflict anywhere rolls the whole file back.

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
        guard !bulk.isEmpty else { return }
        guard Set(bulk.map(\.claim.id)).count == bulk.count else {
            throw StoreIntegrityError("one write carries a claim twice: each claim is updated once per write")
        }
        let sql = try Self.sql(db)
        if sql.dialect.name == "sqlite" {
            // A bulk write rewrites more pages than SQLite's 2 MB cache holds: they were written out and read back in
            // again, two fifths of SQLite's time. The connection keeps this cache size (pages are only held when used).
            try await sql.raw("PRAGMA cache_size = -65536").run()
        }
        // Counted before any slice is written: each claim is in one slice only, so no write here changes another's count.
        // A count the caller knows holds as long as the claim is at the expected version, which the update requires.
        var storedCounts = try await Self.eventCounts(claimIDs: bulk.filter { $0.storedHistoryCount == nil }.map(\.claim.id), on: sql)
        for change in bulk { if let count = change.storedHistoryCount { storedCounts[change.claim.id] = count } }
        let now = Date()
        let slices = stride(from: 0, to: bulk.count, by: Self.bulkUpdateSlice).map { Array(bulk[$0..<min($0 + Self.bulkUpdateSlice, bulk.count)]) }
        func prepare(_ slice: [ClaimChange]) -> Task<PreparedSlice, any Error> {
            Task { [storedCounts] in try PreparedSlice(slice, storedEventCounts: storedCounts, now: now, for: sql) }
        }
        var preparing = prepare(slices[0])
        for i in slices.indices {
            let slice = try await preparing.value
            if i + 1 < slices.count { preparing = prepare(slices[i + 1]) }
            try await write(slice, on: sql)
        }
    }

    private func write(_ slice: PreparedSlice, on sql: any SQLDatabase) async throws {
        var updated = try await PreparedQuery(slice.update, on: sql).all()
        if updated.count != slice.changes.count {
            // Claims whose indexed columns changed, or stale ones: the statement that writes every column tells which.
            let ids = Set(try updated.map { try $0.decode(column: "id", as: UUID.self) })
            let rest = slice.changes.filter { !ids.contains($0.claim.id) }
            let whole = try PreparedSlice.update(rest, now: slice.now, keepingIndexedColumns: false, for: sql)
            updated += try await PreparedQuery(whole, on: sql).all()
        }
        if updated.count != slice.changes.count {
            let ids = Set(try updated.map { try $0.decode(column: "id", as: UUID.self) })
            if let missed = slice.changes.first(where: { !ids.contains($0.claim.id) }) {
                let current = try await sql.select().column("version").from(ClaimModel.schema)
                    .where("id", .equal, missed.claim.id).where("tenant_id", .equal, missed.claim.tenantID).first()
                guard let current else { throw StoreError.notFound(kind: "claim", id: missed.claim.id) }
                throw StoreError.versionConflict(kind: "claim", id: missed.claim.id, expected: missed.expectedVersion,
                                                 actual: try current.decode(column: "version", as: Int.self))
            }
        }
        // The row locks taken by the update keep other writers of these claims out until commit.
        try await Self.run(slice.eventInserts, on: sql)
    }

    /// How many status changes are stored for each claim (claims without any are absent).
    static func eventCounts(claimIDs: [UUID], on sql: any SQLDatabase) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for start in stride(from: 0, to: claimIDs.count, by: 5_000) {
            let rows = try await sql.select().column("claim_id").column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                .from(ClaimEventModel.schema).where("claim_id", .in, Array(claimIDs[start..<min(start + 5_000, claimIDs.count)]))
                .groupBy("claim_id").all()
            for row in rows { counts[try row.decode(column: "claim_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    /// The events' INSERTs (`tenantIDs` in step with `events`), one multi-row statement per 2,000 events, without
    /// building a model for each; made ahead of running them (`run`).
    static func eventInserts(_ events: [ClaimTransition], tenantIDs: [UUID], for sql: any SQLDatabase) -> [SerializedStatement] {
        stride(from: 0, to: events.count, by: 2_000).map { start in
            var insert = StatementWriter(for: sql)
            insert.insertRows(into: "\(ClaimEventModel.schema) (tenant_id, claim_id, from_status, to_status, actor_user_id, actor_name, \"at\", reason, source_kind, source_reference) VALUES ")
            for i in start..<min(start + 2_000, events.count) {
                let t = events[i]
                if i > start { insert.write(", ") }
                insert.row([.id(tenantIDs[i]), .id(t.claimID), .text(t.from.rawValue), .text(t.to.rawValue), .id(t.actor.userID),
                            .text(t.actor.displayName), .time(t.at), .text(t.reason), .text(t.source?.kind), .text(t.source?.reference)])
            }
            return insert.statement
        }
    }

    /// Runs event INSERTs; on PostgreSQL under the lock that keeps the event feed in commit order.
    static func run(_ eventInserts: [SerializedStatement], on sql: any SQLDatabase) async throws {
        guard !eventInserts.isEmpty else { return }
        try await lockEventFeed(on: sql)
        for insert in eventInserts { try await PreparedQuery(insert, on: sql).run() }
    }
}

/// One slice of a bulk update, ready to run: the UPDATE of its claims' rows and the INSERTs of their new events.
struct PreparedSlice: Sendable {
    var changes: [ClaimChange]
    var now: Date
    /// The usual UPDATE, which leaves `steadyIndexedColumns` alone.
    var update: SerializedStatement
    var eventInserts: [SerializedStatement]

    static let columns = ["id", "tenant_id", "expected", "version", "status", "kind", "payer_id", "patient_id", "encounter_id", "coverage_id",
                          "patient_control_number", "frequency", "service_from", "service_through", "total_charge_cents", "payments_cents",
                          "adjustments_cents", "patient_responsibility_cents", "balance_cents", "history_count", "status_changed_at_ms", "body"]
    /// Indexed columns a claim seldom changes once made. Setting a column rewrites each index that has it, even to the
    /// same value (SQLite), which was a fifth of updating a claim; so the usual statement requires them unchanged.
    static let steadyIndexedColumns: Set = ["payer_id", "patient_id", "encounter_id", "patient_control_number"]

    init(_ changes: [ClaimChange], storedEventCounts: [UUID: Int], now: Date, for sql: any SQLDatabase) throws {
        self.changes = changes
        self.now = now
        update = try Self.update(changes, now: now, keepingIndexedColumns: true, for: sql)

        var events: [ClaimTransition] = []
        var tenants: [UUID] = []
        for change in changes {
            let claim = change.claim, storedCount = storedEventCounts[claim.id] ?? 0
            guard claim.history.count >= storedCount else {
                throw StoreIntegrityError("claim \(claim.id) has \(storedCount) status changes stored, but the update carries \(claim.history.count): a history is only appended to")
            }
            for t in claim.history.dropFirst(storedCount) { events.append(t); tenants.append(claim.tenantID) }
        }
        eventInserts = DatabaseStore.eventInserts(events, tenantIDs: tenants, for: sql)
    }

    /// The UPDATE of the claims' rows, each only at the version it was read at, answering the ids updated. With
    /// `keepingIndexedColumns`, only rows whose `steadyIndexedColumns` are unchanged are updated.
    static func update(_ changes: [ClaimChange], now: Date, keepingIndexedColumns: Bool, for sql: any SQLDatabase) throws -> SerializedStatement {
        let rowValues = try ClaimColumns.all(changes.map(\.claim), now: now)
        let table = ClaimModel.schema
        var update = StatementWriter(for: sql)
        // A CTE with named columns: both PostgreSQL and SQLite (3.33+) update from it.
        update.write("WITH v(\(columns.joined(separator: ", "))) AS (VALUES ")
        for (n, (change, m)) in zip(changes, rowValues).enumerated() {
            if n > 0 { update.write(", ") }
            update.row([
                .id(change.claim.id), .id(change.claim.tenantID), .integer(change.expectedVersion), .integer(change.expectedVersion + 1),
                .text(m.status), .text(m.kind), .id(m.payerID), .id(m.patientID), .id(m.encounterID), .id(m.coverageID),
                .text(m.patientControlNumber), .text(m.frequency), .text(m.serviceFrom), .text(m.serviceThrough), .integer(m.totalChargeCents),
                .integer(m.paymentsCents), .integer(m.adjustmentsCents), .integer(m.patientResponsibilityCents), .integer(m.balanceCents),
                .integer(m.historyCount), .integer(Int(m.statusChangedAtMilliseconds)), .text(m.body),
            ])
        }
        let set = columns.dropFirst(3).filter { !keepingIndexedColumns || !steadyIndexedColumns.contains($0) }
        // SQLite: OR FAIL spares the statement journal (a copy of every page the UPDATE touches, made in case it has
        // to undo itself halfway): in a trial the UPDATE took about a third less time. A failure still undoes
        // everything: `updateClaims` runs in the caller's transaction, which rolls back on any error.
        update.write(sql.dialect.name == "sqlite" ? ") UPDATE OR FAIL \(table) SET" : ") UPDATE \(table) SET")
        update.write(" \(set.map { "\($0) = v.\($0)" }.joined(separator: ", ")), updated_at = ")
        update.bind(.time(now))
        update.write(" FROM v WHERE \(table).id = v.id AND \(table).tenant_id = v.tenant_id AND \(table).version = v.expected")
        if keepingIndexedColumns { update.write(steadyIndexedColumns.sorted().map { " AND \(table).\($0) = v.\($0)" }.joined()) }
        update.write(" RETURNING \(table).id")
        return update.statement
    }
}

/// A value bound to a statement written ahead (`StatementWriter`).
enum BoundValue {
    case id(UUID), text(String?), integer(Int), time(Date)

    /// As SQLiteKit would bind it: a UUID as the text it is stored as (without SQLiteKit's `Encodable` detour and
    /// `sprintf`), a time as seconds since 1970.
    var sqlite: SQLiteData {
        switch self {
        case .id(let id): .text(id.uppercaseText)
        case .text(let text): text.map { .text($0) } ?? .null
        case .integer(let n): .integer(n)
        case .time(let date): .float(date.timeIntervalSince1970)
        }
    }

    /// As PostgresKit binds it.
    var encodable: any Encodable & Sendable {
        switch self {
        case .id(let id): id
        case .text(let text): text
        case .integer(let n): n
        case .time(let date): date
        }
    }
}

/// Writes a statement of thousands of binds as text and bound values directly, ahead of running it: made with SQLKit's
/// expressions, serializing and converting the binds were half of a bulk update's work.
struct StatementWriter {
    private var sql = ""
    private var values: [BoundValue] = []
    private let sqlite: Bool

    init(for database: any SQLDatabase) { sqlite = database.dialect.name == "sqlite" }

    mutating func write(_ text: String) { sql += text }

    /// `INSERT INTO <rest>` of many rows. On SQLite as `INSERT OR FAIL`, which with the tables' foreign keys checked
    /// at commit (M018) needs no statement journal; a failure halfway still undoes everything, as these run in the
    /// caller's transaction, which rolls back on any error.
    mutating func insertRows(into rest: String) {
        write(sqlite ? "INSERT OR FAIL INTO " : "INSERT INTO ")
        write(rest)
    }

    mutating func bind(_ value: BoundValue) {
        values.append(value)
        sql += sqlite ? "?" : "$"
        sql += String(values.count)
    }

    /// A parenthesized row of values.
    mutating func row(_ row: [BoundValue]) {
        write("(")
        for (n, value) in row.enumerated() {
            if n > 0 { write(", ") }
            bind(value)
        }
        write(")")
    }

    var statement: SerializedStatement {
        sqlite ? SerializedStatement(sql: sql, sqliteBinds: values.map(\.sqlite))
            : SerializedStatement(sql: sql, binds: values.map(\.encodable))
    }
}

/// A statement made ahead of running it, which writes back its SQL and binds; on SQLite with its binds already in
/// SQLite's form (`SQLiteRowsTogether` takes them as they are).
struct SerializedStatement: SQLExpression {
    let sql: String
    private let encodableBinds: [any Encodable & Sendable]
    let sqliteBinds: [SQLiteData]?

    /// The binds as SQLKit takes them; on SQLite made only when asked for (`SQLiteRowsTogether` takes `sqliteBinds`):
    /// boxing each of a bulk statement's 11,000 values was 2 to 3% of a large posting's Swift-side time.
    var binds: [any Encodable & Sendable] { sqliteBinds.map { $0.map { $0 as any Encodable & Sendable } } ?? encodableBinds }

    init(sql: String, binds: [any Encodable & Sendable]) {
        self.sql = sql
        encodableBinds = binds
        sqliteBinds = nil
    }

    init(sql: String, sqliteBinds: [SQLiteData]) {
        self.sql = sql
        encodableBinds = []
        self.sqliteBinds = sqliteBinds
    }

    /// Only as a whole statement: its bind placeholders are numbered from the first.
    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds.append(contentsOf: binds)
    }
}

/// Runs a `SerializedStatement` with SQLKit's `run`, `all` and `first`.
final class PreparedQuery: SQLQueryFetcher {
    let query: any SQLExpression
    let database: any SQLDatabase

    init(_ statement: SerializedStatement, on database: any SQLDatabase) {
        query = statement
        self.database = database
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
        body = try ClaimJSON.encodeForStore(claim)
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
