import CodeSets
import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// The coder's work queue and the decisions on suggestions (`CodingWorkStore`); the tables are made by
// M016CreateCodingWork.

/// Where a queue page ends: the priority, date of service and id of its last chart.
private struct CodingWorkCursor: Codable {
    var list = "coding-work"
    var rank: Int
    var serviceFrom: String
    var id: UUID
}

extension DatabaseStore {
    public func codingWork(tenantID: UUID, query: CodingWorkQuery) async throws -> RevenueCycle.Page<Stored<CodingWorkItem>> {
        let after = try query.cursor.map { cursor throws(StoreError) in try ListCursor.decode(CodingWorkCursor.self, cursor) }
        if let after, after.list != "coding-work" { throw StoreError.badCursor }
        let select = try Self.sql(database).select().columns("body", "version", "created_at_ms", "updated_at_ms", "priority_rank", "service_from", "id")
            .from("coding_work").where("tenant_id", .equal, tenantID).where("status", .in, query.statuses.map(\.rawValue))
        if let workType = query.workType { select.where("work_type", .equal, workType.rawValue) }
        if let priority = query.priority { select.where("priority_rank", .equal, priority.rank) }
        if let specialty = query.specialty { select.where("specialty", .equal, specialty.lowercased()) }
        if let payerID = query.payerID { select.where("payer_id", .equal, payerID) }
        if let assigneeID = query.assigneeID { select.where("assignee_id", .equal, assigneeID) }
        if query.unassignedOnly { select.where("assignee_id", .is, SQLLiteral.null) }
        if let day = query.servedOnOrBefore { select.where("service_through", .lessThanOrEqual, day.iso) }
        if let after {
            select.where("""
                (\(ident: "priority_rank"), \(ident: "service_from"), \(ident: "id")) > (\(bind: after.rank), \(bind: after.serviceFrom), \(bind: after.id))
                """ as SQLQueryString)
        }
        let rows = try await select.orderBy("priority_rank").orderBy("service_from").orderBy("id").limit(query.limit + 1).all()
        let page = Array(rows.prefix(query.limit))
        var next: String?
        if rows.count > query.limit, let last = page.last {
            next = ListCursor.encode(CodingWorkCursor(rank: try last.decode(column: "priority_rank", as: Int.self),
                                                      serviceFrom: try last.decode(column: "service_from", as: String.self),
                                                      id: try last.decode(column: "id", as: UUID.self)))
        }
        return RevenueCycle.Page(items: try page.map { try Self.storedCodingWork($0) }, nextCursor: next)
    }

    public func codingWorkItem(id: UUID, tenantID: UUID) async throws -> Stored<CodingWorkItem>? {
        let row = try await Self.sql(database).select().columns("body", "version", "created_at_ms", "updated_at_ms").from("coding_work")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedCodingWork($0) }
    }

    public func saveCodingWork(_ item: CodingWorkItem, expectedVersion: Int?, encounter: Encounter?, encounterVersion: Int?) async throws -> Stored<CodingWorkItem> {
        let body = try StoreJSON.encode(item)
        let now = Date()
        let version = (expectedVersion ?? 0) + 1
        try await write { db in
            let sql = try Self.sql(db)
            if let encounter {
                guard let encounterVersion else { throw StoreIntegrityError("an encounter is saved with the version it was read at") }
                _ = try await self.on(db).update(encounter, expectedVersion: encounterVersion)
            }
            if let expectedVersion {
                let updated = !(try await sql.update("coding_work")
                    .set("version", to: version).set("status", to: item.status.rawValue).set("work_type", to: item.workType.rawValue)
                    .set("priority_rank", to: item.priority.rank).set("specialty", to: item.specialty.lowercased()).set("payer_id", to: item.payerID)
                    .set("assignee_id", to: item.assignee?.userID).set("service_from", to: item.serviceFrom.iso)
                    .set("service_through", to: item.serviceThrough.iso).set("updated_at_ms", to: milliseconds(now))
                    .set("completed_at_ms", to: item.completedAt.map(milliseconds)).set("body", to: body)
                    .where("id", .equal, item.id).where("tenant_id", .equal, item.tenantID).where("version", .equal, expectedVersion)
                    .returning("id").all()).isEmpty
                // Thrown inside the transaction, so that the encounter written with the chart is undone too.
                guard updated else {
                    guard let current = try await self.on(db).codingWorkItem(id: item.id, tenantID: item.tenantID) else {
                        throw StoreError.notFound(kind: "coding work", id: item.id)
                    }
                    throw StoreError.versionConflict(kind: "coding work", id: item.id, expected: expectedVersion, actual: current.version)
                }
                return
            }
            if try await sql.select().column("id").from("coding_work").where("id", .equal, item.id).first() != nil {
                throw StoreError.duplicate(what: "the coding work of encounter \(item.id)")
            }
            try await sql.insert(into: "coding_work")
                .columns("id", "tenant_id", "version", "status", "work_type", "priority_rank", "specialty", "payer_id", "assignee_id",
                         "service_from", "service_through", "created_at_ms", "updated_at_ms", "completed_at_ms", "body")
                .values(SQLBind(item.id), SQLBind(item.tenantID), SQLBind(1), SQLBind(item.status.rawValue), SQLBind(item.workType.rawValue),
                        SQLBind(item.priority.rank), SQLBind(item.specialty.lowercased()), SQLBind(item.payerID), SQLBind(item.assignee?.userID),
                        SQLBind(item.serviceFrom.iso), SQLBind(item.serviceThrough.iso), SQLBind(milliseconds(item.enteredAt)),
                        SQLBind(milliseconds(now)), SQLBind(item.completedAt.map(milliseconds)), SQLBind(body))
                .run()
        }
        return Stored(value: item, version: version, createdAt: item.enteredAt, updatedAt: now)
    }

    public func saveSuggestionDecision(_ decision: SuggestionDecision, encounter: Encounter, encounterVersion: Int) async throws {
        let body = try StoreJSON.encode(decision)
        try await write { db in
            let sql = try Self.sql(db)
            _ = try await self.on(db).update(encounter, expectedVersion: encounterVersion)
            // A later decision on the same suggestion replaces the earlier one.
            try await sql.delete(from: "suggestion_decisions").where("id", .equal, decision.id).run()
            try await sql.insert(into: "suggestion_decisions")
                .columns("id", "tenant_id", "encounter_id", "coder_id", "outcome", "decided_at_ms", "body")
                .values(SQLBind(decision.id), SQLBind(decision.tenantID), SQLBind(decision.encounterID), SQLBind(decision.coder.userID),
                        SQLBind(decision.outcome.rawValue), SQLBind(milliseconds(decision.decidedAt)), SQLBind(body))
                .run()
        }
    }

    public func suggestionDecisions(tenantID: UUID, encounterID: UUID) async throws -> [SuggestionDecision] {
        try await Self.sql(database).select().columns("body").from("suggestion_decisions")
            .where("tenant_id", .equal, tenantID).where("encounter_id", .equal, encounterID).orderBy("decided_at_ms").orderBy("id").all()
            .map { try StoreJSON.decode(SuggestionDecision.self, try $0.decode(column: "body", as: String.self), what: "a suggestion decision") }
    }

    public func suggestionDecisions(tenantID: UUID, from: Date, to: Date) async throws -> [SuggestionDecision] {
        try await Self.sql(database).select().columns("body").from("suggestion_decisions")
            .where("tenant_id", .equal, tenantID).where("decided_at_ms", .greaterThanOrEqual, milliseconds(from))
            .where("decided_at_ms", .lessThan, milliseconds(to)).orderBy("decided_at_ms").orderBy("id").all()
            .map { try StoreJSON.decode(SuggestionDecision.self, try $0.decode(column: "body", as: String.self), what: "a suggestion decision") }
    }

    static func storedCodingWork(_ row: any SQLRow) throws -> Stored<CodingWorkItem> {
        let item = try StoreJSON.decode(CodingWorkItem.self, try row.decode(column: "body", as: String.self), what: "a coding work item")
        return Stored(value: item, version: try row.decode(column: "version", as: Int.self),
                      createdAt: Date(timeIntervalSince1970: Double(try row.decode(column: "created_at_ms", as: Int64.self)) / 1000),
                      updatedAt: Date(timeIntervalSince1970: Double(try row.decode(column: "updated_at_ms", as: Int64.self)) / 1000))
    }
}

extension DatabaseStore {
    /// Brings the encounter's chart in the queue up to date with the encounter as stored (`CodingDesk.synchronized`):
    /// creates it when the documentation has just been signed, follows its status, provider and coverage. Call it in
    /// the transaction that wrote the encounter. `assignee` gives a new chart already in coding its coder.
    public func synchronizeCodingWork(for encounter: Encounter, at now: Date, assignee: ClaimActor? = nil) async throws {
        let existing = try await codingWorkItem(id: encounter.id, tenantID: encounter.tenantID)
        let provider = try await record(Provider.self, id: encounter.renderingProviderID, tenantID: encounter.tenantID)?.value
        let coverages = try await records(Coverage.self, tenantID: encounter.tenantID,
                                          query: RecordQuery(patientID: encounter.patientID, limit: RecordQuery.maximumLimit)).items.map(\.value)
        guard var item = CodingDesk.synchronized(existing?.value, encounter: encounter, renderingProvider: provider, coverages: coverages, at: now),
              item != existing?.value else { return }
        if existing == nil, let assignee, item.status == .inProgress || item.status == .pendingQuery {
            item.assignee = assignee
            item.assignedAt = now
        }
        _ = try await saveCodingWork(item, expectedVersion: existing?.version, encounter: nil, encounterVersion: nil)
    }
}

/// Where a page of provider queries ends: the status, time sent and id of its last query.
private struct ProviderQueryCursor: Codable {
    var list = "provider-queries"
    var status: String
    var at: Int64
    var id: UUID
}

extension DatabaseStore {
    public func providerQueries(tenantID: UUID, query: ProviderQueryQuery) async throws -> RevenueCycle.Page<Stored<ProviderQuery>> {
        let after = try query.cursor.map { cursor throws(StoreError) in try ListCursor.decode(ProviderQueryCursor.self, cursor) }
        if let after, after.list != "provider-queries" { throw StoreError.badCursor }
        let select = try Self.sql(database).select().columns("body", "version", "status", "sent_at_ms", "id").from("provider_queries")
            .where("tenant_id", .equal, tenantID)
        if let status = query.status { select.where("status", .equal, status.rawValue) }
        if let encounterID = query.encounterID { select.where("encounter_id", .equal, encounterID) }
        if let providerID = query.providerID { select.where("provider_id", .equal, providerID) }
        if let after {
            // "answered" < "open" < "withdrawn" alphabetically; the list shows open first by sorting on a rank instead.
            select.where("""
                (CASE WHEN \(ident: "status") = 'open' THEN 0 ELSE 1 END, \(ident: "sent_at_ms"), \(ident: "id")) > \
                (\(bind: after.status == "open" ? 0 : 1), \(bind: after.at), \(bind: after.id))
                """ as SQLQueryString)
        }
        let rows = try await select.orderBy("CASE WHEN status = 'open' THEN 0 ELSE 1 END" as SQLQueryString).orderBy("sent_at_ms").orderBy("id")
            .limit(query.limit + 1).all()
        let page = Array(rows.prefix(query.limit))
        var next: String?
        if rows.count > query.limit, let last = page.last {
            next = ListCursor.encode(ProviderQueryCursor(status: try last.decode(column: "status", as: String.self),
                                                         at: try last.decode(column: "sent_at_ms", as: Int64.self), id: try last.decode(column: "id", as: UUID.self)))
        }
        return RevenueCycle.Page(items: try page.map { try Self.storedProviderQuery($0) }, nextCursor: next)
    }

    public func providerQuery(id: UUID, tenantID: UUID) async throws -> Stored<ProviderQuery>? {
        let row = try await Self.sql(database).select().columns("body", "version").from("provider_queries")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedProviderQuery($0) }
    }

    public func saveProviderQuery(_ query: ProviderQuery, expectedVersion: Int?, item: CodingWorkItem, itemVersion: Int, encounter: Encounter,
                                  encounterVersion: Int) async throws -> Stored<ProviderQuery> {
        let body = try StoreJSON.encode(query)
        let version = (expectedVersion ?? 0) + 1
        try await write { db in
            let store = self.on(db)
            _ = try await store.saveCodingWork(item, expectedVersion: itemVersion, encounter: encounter, encounterVersion: encounterVersion)
            let sql = try Self.sql(db)
            if let expectedVersion {
                let updated = !(try await sql.update("provider_queries").set("version", to: version).set("status", to: query.status.rawValue).set("body", to: body)
                    .where("id", .equal, query.id).where("tenant_id", .equal, query.tenantID).where("version", .equal, expectedVersion)
                    .returning("id").all()).isEmpty
                guard updated else {
                    guard let current = try await store.providerQuery(id: query.id, tenantID: query.tenantID) else { throw StoreError.notFound(kind: "provider query", id: query.id) }
                    throw StoreError.versionConflict(kind: "provider query", id: query.id, expected: expectedVersion, actual: current.version)
                }
                return
            }
            try await sql.insert(into: "provider_queries")
                .columns("id", "tenant_id", "encounter_id", "provider_id", "version", "status", "sent_at_ms", "body")
                .values(SQLBind(query.id), SQLBind(query.tenantID), SQLBind(query.encounterID), SQLBind(query.providerID), SQLBind(1),
                        SQLBind(query.status.rawValue), SQLBind(milliseconds(query.sentAt)), SQLBind(body))
                .run()
        }
        return Stored(value: query, version: version, createdAt: query.sentAt, updatedAt: query.answeredAt ?? Date())
    }

    static func storedProviderQuery(_ row: any SQLRow) throws -> Stored<ProviderQuery> {
        let q = try StoreJSON.decode(ProviderQuery.self, try row.decode(column: "body", as: String.self), what: "a provider query")
        return Stored(value: q, version: try row.decode(column: "version", as: Int.self), createdAt: q.sentAt, updatedAt: q.answeredAt ?? q.sentAt)
    }
}

extension DatabaseStore {
    public func completedCodingWork(tenantID: UUID, from: Date, to: Date) async throws -> [CodingWorkItem] {
        try await Self.sql(database).select().columns("body").from("coding_work").where("tenant_id", .equal, tenantID)
            .where("completed_at_ms", .greaterThanOrEqual, milliseconds(from)).where("completed_at_ms", .lessThan, milliseconds(to))
            .orderBy("completed_at_ms").orderBy("id").all()
            .map { try StoreJSON.decode(CodingWorkItem.self, try $0.decode(column: "body", as: String.self), what: "a coding work item") }
    }

    public func codingQueueAge(tenantID: UUID, today: ServiceDate, maximumAgeDays: Int) async throws -> QueueAge {
        let open = CodingWorkStatus.open.map(\.rawValue)
        let overDay = today.adding(days: -maximumAgeDays - 1)?.iso ?? "0000-00-00"
        func aliased(_ expression: SQLQueryString, _ name: String) -> SQLAlias { SQLAlias(expression, as: SQLIdentifier(name)) }
        let row = try await Self.sql(database).select()
            .column(aliased("COUNT(*)", "open"))
            .column(aliased("SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END)", "unassigned"))
            .column(aliased("SUM(CASE WHEN status = 'pendingQuery' THEN 1 ELSE 0 END)", "pending"))
            .column(aliased("MIN(service_through)", "oldest"))
            .column(aliased("SUM(CASE WHEN service_through <= \(bind: overDay) THEN 1 ELSE 0 END)", "over"))
            .from("coding_work").where("tenant_id", .equal, tenantID).where("status", .in, open).first()
        // SUM over no rows is NULL.
        func count(_ column: String) throws -> Int { Int(try row?.decode(column: column, as: Int64?.self) ?? 0) }
        let oldest = try row?.decode(column: "oldest", as: String?.self) ?? nil
        return QueueAge(open: try count("open"), unassigned: try count("unassigned"), pendingQuery: try count("pending"),
                        oldestDays: oldest.flatMap { ServiceDate(iso: $0) }.map { max(0, $0.days(until: today)) }, overTarget: try count("over"))
    }

    public func productivityTargets(tenantID: UUID) async throws -> ProductivityTargets? {
        try await Self.sql(database).select().columns("body").from("productivity_targets").where("tenant_id", .equal, tenantID).first()
            .map { try StoreJSON.decode(ProductivityTargets.self, try $0.decode(column: "body", as: String.self), what: "productivity targets") }
    }

    public func saveProductivityTargets(_ targets: ProductivityTargets) async throws {
        let body = try StoreJSON.encode(targets)
        try await write { db in
            let sql = try Self.sql(db)
            try await sql.delete(from: "productivity_targets").where("tenant_id", .equal, targets.tenantID).run()
            try await sql.insert(into: "productivity_targets").columns("tenant_id", "body").values(SQLBind(targets.tenantID), SQLBind(body)).run()
        }
    }
}

extension DatabaseStore {
    public func insertCodingAudit(_ audit: CodingAudit, reviews: [AuditReview]) async throws {
        let body = try StoreJSON.encode(audit)
        let rows = try reviews.map { ($0, try StoreJSON.encode($0)) }
        try await write { db in
            let sql = try Self.sql(db)
            try await sql.insert(into: "coding_audits").columns("id", "tenant_id", "created_at_ms", "body")
                .values(SQLBind(audit.id), SQLBind(audit.tenantID), SQLBind(milliseconds(audit.createdAt)), SQLBind(body)).run()
            for (review, body) in rows {
                try await sql.insert(into: "audit_reviews").columns("id", "tenant_id", "audit_id", "status", "completed_at_ms", "body")
                    .values(SQLBind(review.id), SQLBind(review.tenantID), SQLBind(audit.id), SQLBind(review.status.rawValue),
                            SQLBind(review.completedAt.map(milliseconds)), SQLBind(body)).run()
            }
        }
    }

    public func codingAudits(tenantID: UUID) async throws -> [CodingAudit] {
        try await Self.sql(database).select().columns("body").from("coding_audits").where("tenant_id", .equal, tenantID)
            .orderBy("created_at_ms", .descending).orderBy("id").limit(200).all()
            .map { try StoreJSON.decode(CodingAudit.self, try $0.decode(column: "body", as: String.self), what: "a coding audit") }
    }

    public func codingAudit(id: UUID, tenantID: UUID) async throws -> CodingAudit? {
        try await Self.sql(database).select().columns("body").from("coding_audits").where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
            .map { try StoreJSON.decode(CodingAudit.self, try $0.decode(column: "body", as: String.self), what: "a coding audit") }
    }

    public func auditReviews(tenantID: UUID, auditID: UUID) async throws -> [AuditReview] {
        try await Self.sql(database).select().columns("body").from("audit_reviews").where("tenant_id", .equal, tenantID).where("audit_id", .equal, auditID)
            .orderBy("id").all().map { try Self.auditReview($0) }
    }

    public func auditReview(id: UUID, tenantID: UUID) async throws -> AuditReview? {
        try await Self.sql(database).select().columns("body").from("audit_reviews").where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
            .map { try Self.auditReview($0) }
    }

    public func completeAuditReview(_ review: AuditReview) async throws {
        let body = try StoreJSON.encode(review)
        try await write { db in
            let updated = !(try await Self.sql(db).update("audit_reviews").set("status", to: review.status.rawValue)
                .set("completed_at_ms", to: review.completedAt.map(milliseconds)).set("body", to: body)
                .where("id", .equal, review.id).where("tenant_id", .equal, review.tenantID).where("status", .equal, AuditReviewStatus.pending.rawValue)
                .returning("id").all()).isEmpty
            guard updated else { throw StoreError.versionConflict(kind: "audit review", id: review.id, expected: 1, actual: 2) }
        }
    }

    /// The pending reviews' review ids by the encounter they audit.
    public func pendingAuditReviewsByEncounter(tenantID: UUID) async throws -> [UUID: UUID] {
        let pending = try await Self.sql(database).select().columns("body").from("audit_reviews").where("tenant_id", .equal, tenantID)
            .where("status", .equal, AuditReviewStatus.pending.rawValue).all().map { try Self.auditReview($0) }
        return Dictionary(pending.map { ($0.encounterID, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    public func completedAuditReviews(tenantID: UUID, from: Date, to: Date) async throws -> [AuditReview] {
        try await Self.sql(database).select().columns("body").from("audit_reviews").where("tenant_id", .equal, tenantID)
            .where("completed_at_ms", .greaterThanOrEqual, milliseconds(from)).where("completed_at_ms", .lessThan, milliseconds(to))
            .orderBy("completed_at_ms").orderBy("id").all().map { try Self.auditReview($0) }
    }

    static func auditReview(_ row: any SQLRow) throws -> AuditReview {
        try StoreJSON.decode(AuditReview.self, try row.decode(column: "body", as: String.self), what: "an audit review")
    }
}
