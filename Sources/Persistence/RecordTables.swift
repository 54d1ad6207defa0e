import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// Tenants and tenant records (`RecordStore`). Every record table has the same shape (M003CreateRecordTables), so
// one generic model serves them all.

final class TenantModel: Model, @unchecked Sendable {
    static let schema = "tenants"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func tenant() throws -> Tenant { try StoreJSON.decode(Tenant.self, body, what: "tenant \(id?.uuidString ?? "?")") }
}

extension RecordKind {
    /// The table of this kind of record (created by M003CreateRecordTables).
    var table: String {
        switch self {
        case .facility: "facilities"
        case .provider: "providers"
        case .payer: "payers"
        case .patient: "patients"
        case .coverage: "coverages"
        case .referral: "referrals"
        case .priorAuthorization: "prior_authorizations"
        case .encounter: "encounters"
        case .charge: "charges"
        case .feeSchedule: "fee_schedules"
        case .payerEnrollment: "payer_enrollments"
        case .bankDeposit: "bank_deposits"
        }
    }

    /// The words errors use: "prior authorization", "fee schedule".
    var noun: String {
        switch self {
        case .priorAuthorization: "prior authorization"
        case .feeSchedule: "fee schedule"
        case .payerEnrollment: "payer enrollment"
        case .bankDeposit: "bank deposit"
        default: rawValue
        }
    }
}

/// A row of the table of `R`'s kind.
final class RecordModel<R: TenantRecord>: Model, @unchecked Sendable {
    static var schema: String { R.kind.table }
    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "search_text") var searchText: String
    @OptionalField(key: "patient_id") var patientID: UUID?
    @OptionalField(key: "encounter_id") var encounterID: UUID?
    @OptionalField(key: "status") var status: String?
    @Field(key: "body") var body: String

    init() {}

    init(_ record: R, version: Int, at now: Date) throws {
        id = record.id; tenantID = record.tenantID; self.version = version; createdAt = now; updatedAt = now
        let listing = record.listing
        sortKey = listing.sortKey; searchText = listing.searchText; patientID = listing.patientID
        encounterID = listing.encounterID; status = listing.status
        body = try StoreJSON.encode(record)
    }

    func stored() throws -> Stored<R> {
        let value = try StoreJSON.decode(R.self, body, what: "\(R.kind.noun) \(id?.uuidString ?? "?")")
        return Stored(value: value, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// Where a record list stopped: the last item's sort key and id, and which list it was.
struct RecordCursor: Codable {
    var list: String
    var sortKey: String
    var id: UUID
}

extension DatabaseStore {
    // MARK: Tenants

    public func saveTenant(_ tenant: Tenant) async throws {
        let body = try StoreJSON.encode(tenant)
        try await write { db in
            let now = Date()
            if let existing = try await TenantModel.find(tenant.id, on: db) {
                existing.name = tenant.name; existing.kind = tenant.kind.rawValue; existing.body = body; existing.updatedAt = now
                try await existing.update(on: db)
            } else {
                let model = TenantModel()
                model.id = tenant.id; model.name = tenant.name; model.kind = tenant.kind.rawValue; model.body = body
                model.createdAt = now; model.updatedAt = now
                try await model.create(on: db)
            }
        }
    }

    public func tenant(id: UUID) async throws -> Tenant? {
        try await TenantModel.find(id, on: database)?.tenant()
    }

    public func allTenants() async throws -> [Tenant] {
        try await TenantModel.query(on: database).sort(\.$name).sort(\.$id).all().map { try $0.tenant() }
    }

    // MARK: Records

    public func insert<R: TenantRecord>(_ record: R) async throws -> Stored<R> {
        let model = try RecordModel(record, version: 1, at: Date())
        do {
            try await write { db in
                if try await RecordModel<R>.find(record.id, on: db) != nil { throw StoreError.duplicate(what: "\(R.kind.noun) \(record.id)") }
                try await model.create(on: db)
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "\(R.kind.noun) \(record.id)")
        } catch let error where ConstraintViolation(error) == .foreignKey {
            throw StoreError.notFound(kind: "tenant", id: record.tenantID)
        }
        return try model.stored()
    }

    public func update<R: TenantRecord>(_ record: R, expectedVersion: Int) async throws -> Stored<R> {
        let model = try RecordModel(record, version: expectedVersion + 1, at: Date())
        let rows = try await write { db in
            // A conditional update: only the writer that read the current version changes the row.
            try await Self.sql(db).update(R.kind.table)
                .set("version", to: expectedVersion + 1)
                .set("updated_at", to: model.updatedAt)
                .set("sort_key", to: model.sortKey)
                .set("search_text", to: model.searchText)
                .set("patient_id", to: model.patientID)
                .set("encounter_id", to: model.encounterID)
                .set("status", to: model.status)
                .set("body", to: model.body)
                .where("id", .equal, record.id)
                .where("tenant_id", .equal, record.tenantID)
                .where("version", .equal, expectedVersion)
                .returning("created_at")
                .all()
        }
        guard let row = rows.first else {
            guard let current = try await self.record(R.self, id: record.id, tenantID: record.tenantID) else {
                throw StoreError.notFound(kind: R.kind.noun, id: record.id)
            }
            throw StoreError.versionConflict(kind: R.kind.noun, id: record.id, expected: expectedVersion, actual: current.version)
        }
        model.createdAt = try row.decode(column: "created_at", as: Date.self)
        return try model.stored()
    }

    public func delete<R: TenantRecord>(_ type: R.Type, id: UUID, tenantID: UUID, expectedVersion: Int) async throws {
        let deleted: Bool = try await write { db in
            !(try await Self.sql(db).delete(from: R.kind.table)
                .where("id", .equal, id).where("tenant_id", .equal, tenantID).where("version", .equal, expectedVersion)
                .returning("id").all()).isEmpty
        }
        guard !deleted else { return }
        guard let current = try await record(R.self, id: id, tenantID: tenantID) else { throw StoreError.notFound(kind: R.kind.noun, id: id) }
        throw StoreError.versionConflict(kind: R.kind.noun, id: id, expected: expectedVersion, actual: current.version)
    }

    public func record<R: TenantRecord>(_ type: R.Type, id: UUID, tenantID: UUID) async throws -> Stored<R>? {
        try await RecordModel<R>.query(on: database).filter(\.$id == id).filter(\.$tenantID == tenantID).first()?.stored()
    }

    public func records<R: TenantRecord>(_ type: R.Type, tenantID: UUID, query: RecordQuery) async throws -> RevenueCycle.Page<Stored<R>> {
        let list = R.kind.rawValue
        let after = try query.cursor.map { cursor throws(StoreError) in
            let decoded = try ListCursor.decode(RecordCursor.self, cursor)
            guard decoded.list == list else { throw StoreError.badCursor }
            return decoded
        }
        let q = RecordModel<R>.query(on: database).filter(\.$tenantID == tenantID)
        for word in WordSearch.words(query.search) { q.filter(WordSearch.filter(column: "search_text", word: word)) }
        if let patientID = query.patientID { q.filter(\.$patientID == patientID) }
        if let encounterID = query.encounterID { q.filter(\.$encounterID == encounterID) }
        if let status = query.status { q.filter(\.$status == status) }
        if let after {
            // A row-value comparison: answered from the (tenant, sort key, id) index (see ClaimTables).
            q.filter(.custom("(\(ident: "sort_key"), \(ident: "id")) > (\(bind: after.sortKey), \(bind: after.id))" as SQLQueryString))
        }
        let rows = try await q.sort(\.$sortKey).sort(\.$id).limit(query.limit + 1).all()
        let items = try rows.prefix(query.limit).map { try $0.stored() }
        var next: String?
        if rows.count > query.limit, let last = rows.prefix(query.limit).last, let id = last.id {
            next = ListCursor.encode(RecordCursor(list: list, sortKey: last.sortKey, id: id))
        }
        return RevenueCycle.Page(items: items, nextCursor: next)
    }
}
