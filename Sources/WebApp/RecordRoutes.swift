import Foundation
import Persistence
import RevenueCycle
import Vapor

/// A tenant record the API serves: listed, read, created and replaced under `/api/v1/<path>`.
protocol APIRecord: TenantRecord {
    func validate() -> [FieldProblem]
    /// Problems with the practice's records it names by id (a payer that is not the practice's); none unless a kind
    /// checks them.
    func referenceProblems(in store: DatabaseStore) async throws -> [FieldProblem]
    /// What else changes with the record, in its transaction: none unless a kind has some.
    func writeCompanions(in store: DatabaseStore) async throws
    /// The chart whose codes the record shows, hidden from an auditor while the chart's audit review is pending.
    var codedChartID: UUID? { get }
}

extension APIRecord {
    func referenceProblems(in store: DatabaseStore) async throws -> [FieldProblem] { [] }
    func writeCompanions(in store: DatabaseStore) async throws {}
    var codedChartID: UUID? { nil }
}

extension Encounter {
    var codedChartID: UUID? { id }
}

extension Charge {
    var codedChartID: UUID? { encounterID }
}

extension Encounter {
    /// A signed encounter is a chart in the coder's queue, which follows the encounter's status.
    func writeCompanions(in store: DatabaseStore) async throws {
        try await store.synchronizeCodingWork(for: self, at: Date())
    }
}

extension Facility: APIRecord {}
extension Provider: APIRecord {}
extension Payer: APIRecord {}
extension Patient: APIRecord {}
extension Coverage: APIRecord {}
extension Referral: APIRecord {}
extension PriorAuthorization: APIRecord {}
extension Encounter: APIRecord {}
extension Charge: APIRecord {}
extension FeeSchedule: APIRecord {}

/// The body of a record answer: the record and what optimistic concurrency needs.
struct RecordBody<R: Codable & Sendable>: Codable, Sendable {
    var record: R
    /// Send it back in `If-Match` to replace the record.
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ stored: Stored<R>) {
        record = stored.value; version = stored.version; createdAt = stored.createdAt; updatedAt = stored.updatedAt
    }
}

struct ListBody<Item: Codable & Sendable>: Codable, Sendable {
    var data: [Item]
    /// Pass as `cursor` for the next page; absent on the last page.
    var nextCursor: String?
}

/// The routes of one kind of record, with the permissions that guard reading and writing it. Reads of patient data
/// are written to the audit log.
struct RecordRoutes<R: APIRecord>: Sendable {
    let path: String
    let read: Permission
    let write: Permission
    /// What a record is called in messages and the audit log.
    let noun: String

    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table.append(RouteRule(method: .GET, path: "/api/v1/\(path)", permission: read))
        table.append(RouteRule(method: .POST, path: "/api/v1/\(path)", permission: write))
        table.append(RouteRule(method: .GET, path: "/api/v1/\(path)/:id", permission: read))
        table.append(RouteRule(method: .PUT, path: "/api/v1/\(path)/:id", permission: write))
        api.get(.constant(path), use: list)
        api.post(.constant(path), use: create)
        api.get(.constant(path), ":id", use: show)
        api.put(.constant(path), ":id", use: replace)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(read)
        let query = RecordQuery(search: try req.stringParameter("search"), patientID: try req.uuidParameter("patient"),
                                encounterID: try req.uuidParameter("encounter"), status: try req.stringParameter("status", maxLength: 40),
                                limit: try req.intParameter("limit", range: 1...RecordQuery.maximumLimit, default: 50),
                                cursor: try req.stringParameter("cursor", maxLength: 400))
        let page = try await req.store.records(R.self, tenantID: principal.tenantID, query: query)
        let blind = try await req.auditBlindCharts(principal)
        let shown = page.items.filter { $0.value.codedChartID.map { blind[$0] == nil } ?? true }
        try await req.audit(principal, .read, entityType: noun, entityID: "list",
                            detail: "\(shown.count) listed" + (query.search.map { " matching '\($0)'" } ?? ""))
        return try jsonResponse(ListBody(data: shown.map(RecordBody.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try await req.require(read)
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.record(R.self, id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: noun, id: id)
        }
        if let chartID = stored.value.codedChartID { try await req.refuseWhileAuditBlind(principal, encounterID: chartID) }
        try await req.audit(principal, .read, entityType: noun, entityID: id.uuidString)
        return try jsonResponse(RecordBody(stored), headers: ["ETag": "\"\(stored.version)\""])
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(write)
        return try await Idempotency.run(req, principal) {
            let record: R = try RecordDecoding.decode(req, id: UUID(), tenantID: principal.tenantID)
            let stored = try await req.insertRecord(record, principal, noun: noun)
            return (.created, try jsonEncoder.encode(RecordBody(stored)))
        }
    }

    @Sendable func replace(_ req: Request) async throws -> Response {
        let principal = try await req.require(write)
        let id = try req.uuidPathParameter()
        let version = try req.ifMatchVersion()
        guard try await req.store.record(R.self, id: id, tenantID: principal.tenantID) != nil else {
            throw RecordError.notFound(noun: noun, id: id)
        }
        let record: R = try RecordDecoding.decode(req, id: id, tenantID: principal.tenantID)
        let stored = try await req.updateRecord(record, version: version, principal, noun: noun)
        return try jsonResponse(RecordBody(stored), headers: ["ETag": "\"\(stored.version)\""])
    }
}

/// A rule of the route table: which permission a route needs. Tests walk the table to try every route across
/// tenants and roles.
struct RouteRule: Sendable {
    var method: HTTPMethod
    var path: String
    var permission: Permission?
}

enum RecordError: Error {
    case notFound(noun: String, id: UUID)
    case invalid([FieldProblem])
    case versionRequired
}

/// Reading a record from a request body: the server sets its id and tenant, so a client can neither choose an id
/// nor write into another tenant. A body that does not decode names the field and what was expected.
enum RecordDecoding {
    static func decode<R: Decodable>(_ req: Request, id: UUID, tenantID: UUID) throws -> R {
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw RecordError.invalid([FieldProblem(field: "", message: "the request needs a JSON body")])
        }
        let data = Data(buffer.readableBytesView)
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw RecordError.invalid([FieldProblem(field: "", message: "the body must be a JSON object")])
        }
        object["id"] = id.uuidString
        object["tenantID"] = tenantID.uuidString
        do {
            return try JSONDecoder().decode(R.self, from: JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw RecordError.invalid([problem(error)])
        }
    }

    static func problem(_ error: DecodingError) -> FieldProblem {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(field: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(let type, let context):
            return FieldProblem(field: path(context.codingPath), message: "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldProblem(field: path(context.codingPath), message: "expected \(describe(type)), got null")
        case .dataCorrupted(let context):
            return FieldProblem(field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return FieldProblem(field: "", message: "the body could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "an object or value of another shape"
        }
    }
}

extension Request {
    /// Validates a new record of the principal's practice, stores it and audits it; the problems answer 422.
    func insertRecord<R: APIRecord>(_ record: R, _ principal: Principal, noun: String, detail: String = "") async throws -> Stored<R> {
        try await checkRecord(record)
        let stored = try await store.smallTransaction { store in
            let stored = try await store.insert(record)
            try await record.writeCompanions(in: store)
            return stored
        }
        try await audit(principal, .create, entityType: noun, entityID: record.id.uuidString, detail: detail)
        return stored
    }

    /// Validates a changed record, replaces it when it is still at `version` (else `StoreError.versionConflict`) and
    /// audits it.
    func updateRecord<R: APIRecord>(_ record: R, version: Int, _ principal: Principal, noun: String, detail: String = "") async throws -> Stored<R> {
        try await checkRecord(record)
        let stored = try await store.smallTransaction { store in
            let stored = try await store.update(record, expectedVersion: version)
            try await record.writeCompanions(in: store)
            return stored
        }
        try await audit(principal, .update, entityType: noun, entityID: record.id.uuidString,
                        detail: "version \(version) -> \(stored.version)" + (detail.isEmpty ? "" : "; \(detail)"))
        return stored
    }

    /// The record's own checks and those against the loaded code sets; every problem answers 422.
    private func checkRecord(_ record: some APIRecord) async throws {
        let problems = record.validate() + ReferenceChecks.problems(record, library: state.library) + (try await record.referenceProblems(in: store))
        guard problems.isEmpty else { throw RecordError.invalid(problems) }
    }

    func uuidParameter(_ name: String) throws -> UUID? {
        guard let raw = try stringParameter(name, maxLength: 40), !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else {
            throw APIError.invalidParameter(name: name, message: "\(name) must be an id such as 3F2504E0-4F89-11D3-9A0C-0305E82C3301; got '\(raw)'")
        }
        return id
    }

    /// The `:id` of the path. Not an id at all: nothing can have it, so the answer is 404 as for any missing record.
    /// The version the client read, from If-Match (the ETag it was given): required to replace or delete a record,
    /// so that nobody's change is overwritten unseen.
    func ifMatchVersion() throws -> Int {
        guard let ifMatch = headers.first(name: .ifMatch) else { throw RecordError.versionRequired }
        guard let version = Int(ifMatch.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) else {
            throw APIError.invalidParameter(name: "If-Match", message: "If-Match must be the version the record was read at, such as \"3\"; got '\(ifMatch)'")
        }
        return version
    }

    func uuidPathParameter(_ name: String = "id") throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound)
        }
        return id
    }
}
