import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// The denial worklist and appeals (`DenialStore`); the tables are made by M010CreateDenials.

/// Where a worklist page ends: the appeal deadline (ISO text) and id of its last denial.
private struct DenialCursor: Codable {
    var deadline: String
    var id: UUID
}

extension DatabaseStore {
    /// Sorts after every real date: denials without a deadline come last.
    static let noDeadline = "9999-12-31"

    public func denials(tenantID: UUID, query: DenialQuery) async throws -> RevenueCycle.Page<Stored<DenialWorkItem>> {
        let after = try query.cursor.map { cursor throws(StoreError) in try ListCursor.decode(DenialCursor.self, cursor) }
        let select = try Self.sql(database).select().columns("body", "version", "id", "appeal_deadline").from("denials")
            .where("tenant_id", .equal, tenantID)
        if !query.statuses.isEmpty { select.where("status", .in, query.statuses.map(\.rawValue).sorted()) }
        if let category = query.category { select.where("category", .equal, category.rawValue) }
        if let payerID = query.payerID { select.where("payer_id", .equal, payerID) }
        if let claimID = query.claimID { select.where("claim_id", .equal, claimID) }
        if let after {
            select.where("(\(ident: "appeal_deadline"), \(ident: "id")) > (\(bind: after.deadline), \(bind: after.id))" as SQLQueryString)
        }
        let rows = try await select.orderBy("appeal_deadline").orderBy("id").limit(query.limit + 1).all()
        let page = Array(rows.prefix(query.limit))
        var next: String?
        if rows.count > query.limit, let last = page.last {
            next = ListCursor.encode(DenialCursor(deadline: try last.decode(column: "appeal_deadline", as: String.self),
                                                  id: try last.decode(column: "id", as: UUID.self)))
        }
        return RevenueCycle.Page(items: try page.map { try Self.storedDenial($0) }, nextCursor: next)
    }

    public func denial(id: UUID, tenantID: UUID) async throws -> Stored<DenialWorkItem>? {
        let row = try await Self.sql(database).select().columns("body", "version").from("denials")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedDenial($0) }
    }

    public func updateDenial(_ denial: DenialWorkItem, expectedVersion: Int) async throws -> Stored<DenialWorkItem> {
        try await write { db in try await self.on(db).storeDenial(denial, expectedVersion: expectedVersion) }
        return Stored(value: denial, version: expectedVersion + 1, createdAt: Date(), updatedAt: Date())
    }

    public func insertAppeal(_ appeal: Appeal, denials: [(denial: DenialWorkItem, expectedVersion: Int)], claim: ClaimChange) async throws -> Stored<Appeal> {
        try await write { db in
            let store = self.on(db)
            try await Self.sql(db).insert(into: "appeals")
                .columns("id", "tenant_id", "claim_id", "version", "pending", "created_at_ms", "body")
                .values(SQLBind(appeal.id), SQLBind(appeal.tenantID), SQLBind(appeal.claimID), SQLBind(1), SQLBind(appeal.outcome == .pending),
                        SQLBind(milliseconds(appeal.createdAt)), SQLBind(try StoreJSON.encode(appeal)))
                .run()
            for (denial, version) in denials { try await store.storeDenial(denial, expectedVersion: version) }
            _ = try await store.updateClaim(claim.claim, expectedVersion: claim.expectedVersion)
        }
        return Stored(value: appeal, version: 1, createdAt: appeal.createdAt, updatedAt: appeal.createdAt)
    }

    public func updateAppeal(_ appeal: Appeal, expectedVersion: Int, denials: [(denial: DenialWorkItem, expectedVersion: Int)],
                             claim: ClaimChange?) async throws -> Stored<Appeal> {
        try await write { db in
            let store = self.on(db)
            try await store.storeAppeal(appeal, expectedVersion: expectedVersion)
            for (denial, version) in denials { try await store.storeDenial(denial, expectedVersion: version) }
            if let claim { _ = try await store.updateClaim(claim.claim, expectedVersion: claim.expectedVersion) }
        }
        return Stored(value: appeal, version: expectedVersion + 1, createdAt: appeal.createdAt, updatedAt: Date())
    }

    public func appeal(id: UUID, tenantID: UUID) async throws -> Stored<Appeal>? {
        let row = try await Self.sql(database).select().columns("body", "version").from("appeals")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedAppeal($0) }
    }

    public func appeals(tenantID: UUID, claimID: UUID?, pendingOnly: Bool, limit: Int, cursor: String?) async throws -> RevenueCycle.Page<Stored<Appeal>> {
        let limit = min(max(limit, 1), RecordQuery.maximumLimit)
        let after = try cursor.map { cursor throws(StoreError) in
            let decoded = try ListCursor.decode(ClaimCursor.self, cursor)
            guard decoded.list == "appeals" else { throw StoreError.badCursor }
            return decoded
        }
        let select = try Self.sql(database).select().columns("body", "version", "id", "created_at_ms").from("appeals").where("tenant_id", .equal, tenantID)
        if let claimID { select.where("claim_id", .equal, claimID) }
        if pendingOnly { select.where("pending", .equal, true) }
        if let after {
            select.where("(\(ident: "created_at_ms"), \(ident: "id")) < (\(bind: after.at), \(bind: after.id))" as SQLQueryString)
        }
        let rows = try await select.orderBy("created_at_ms", .descending).orderBy("id", .descending).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        var next: String?
        if rows.count > limit, let last = page.last {
            next = ListCursor.encode(ClaimCursor(list: "appeals", at: try last.decode(column: "created_at_ms", as: Int64.self),
                                                 id: try last.decode(column: "id", as: UUID.self)))
        }
        return RevenueCycle.Page(items: try page.map { try Self.storedAppeal($0) }, nextCursor: next)
    }

    // MARK: - Helpers

    /// The INSERTs of an 835's new denials, made ahead of running them. A denial already on file (the same remittance
    /// under another file name) is kept as it is.
    static func denialInserts(_ denials: [DenialWorkItem], fileID: UUID, for sql: any SQLDatabase) throws -> [SerializedStatement] {
        let bodies = try concurrentMap(denials) { try StoreJSON.encode($0) }
        return stride(from: 0, to: denials.count, by: 1_000).map { start in
            var insert = StatementWriter(for: sql)
            insert.insertRows(into: "denials (id, tenant_id, claim_id, payer_id, received_file_id, version, status, category, appeal_deadline, denied_cents, body) VALUES ")
            for i in start..<min(start + 1_000, denials.count) {
                let d = denials[i]
                if i > start { insert.write(", ") }
                insert.row([.id(d.id), .id(d.tenantID), .id(d.claimID), .id(d.payerID), .id(fileID), .integer(1), .text(d.status.rawValue),
                            .text(d.category.rawValue), .text(d.appealDeadline?.iso ?? noDeadline), .integer(d.deniedAmount.cents), .text(bodies[i])])
            }
            insert.write(" ON CONFLICT (id) DO NOTHING")
            return insert.statement
        }
    }

    /// The appeals and denials a received file decided (its new denials are `denialInserts`).
    func storeDecisions(_ work: DenialWork, on db: any Database) async throws {
        for (appeal, version) in work.decidedAppeals { try await storeAppeal(appeal, expectedVersion: version) }
        for (denial, version) in work.changedDenials { try await storeDenial(denial, expectedVersion: version) }
    }

    func storeDenial(_ denial: DenialWorkItem, expectedVersion: Int) async throws {
        let rows = try await Self.sql(database).update("denials")
            .set("version", to: expectedVersion + 1)
            .set("status", to: denial.status.rawValue)
            .set("body", to: try StoreJSON.encode(denial))
            .where("id", .equal, denial.id).where("tenant_id", .equal, denial.tenantID).where("version", .equal, expectedVersion)
            .returning("id").all()
        guard rows.isEmpty else { return }
        guard let current = try await self.denial(id: denial.id, tenantID: denial.tenantID) else { throw StoreError.notFound(kind: "denial", id: denial.id) }
        throw StoreError.versionConflict(kind: "denial", id: denial.id, expected: expectedVersion, actual: current.version)
    }

    func storeAppeal(_ appeal: Appeal, expectedVersion: Int) async throws {
        let rows = try await Self.sql(database).update("appeals")
            .set("version", to: expectedVersion + 1)
            .set("pending", to: appeal.outcome == .pending)
            .set("body", to: try StoreJSON.encode(appeal))
            .where("id", .equal, appeal.id).where("tenant_id", .equal, appeal.tenantID).where("version", .equal, expectedVersion)
            .returning("id").all()
        guard rows.isEmpty else { return }
        guard let current = try await self.appeal(id: appeal.id, tenantID: appeal.tenantID) else { throw StoreError.notFound(kind: "appeal", id: appeal.id) }
        throw StoreError.versionConflict(kind: "appeal", id: appeal.id, expected: expectedVersion, actual: current.version)
    }

    static func storedDenial(_ row: any SQLRow) throws -> Stored<DenialWorkItem> {
        let denial = try StoreJSON.decode(DenialWorkItem.self, try row.decode(column: "body", as: String.self), what: "a denial")
        let at = Date(timeIntervalSince1970: TimeInterval(denial.remittanceDate.daysSinceEpoch) * 86_400)
        return Stored(value: denial, version: try row.decode(column: "version", as: Int.self), createdAt: at, updatedAt: at)
    }

    static func storedAppeal(_ row: any SQLRow) throws -> Stored<Appeal> {
        let appeal = try StoreJSON.decode(Appeal.self, try row.decode(column: "body", as: String.self), what: "an appeal")
        return Stored(value: appeal, version: try row.decode(column: "version", as: Int.self), createdAt: appeal.createdAt, updatedAt: appeal.createdAt)
    }
}
