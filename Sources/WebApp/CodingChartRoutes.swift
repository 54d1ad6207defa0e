import ClaimEdits
import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// The chart's services and its claim edits, for the coder's workspace:
/// `/api/v1/coding/queue/{id}/services` lists the CPT and HCPCS services coded on the chart (each a charge line
/// priced from the practice's charge master) and adds, changes or removes one; `/api/v1/coding/queue/{id}/edits`
/// answers the edits of the claim the chart would make now (GET), or with the codes the coder is typing (POST, nothing
/// saved), so the workspace shows them live as the codes change.
struct CodingChartRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/coding/queue/:id/services", permission: .encountersRead),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/services", permission: .codingWrite),
            RouteRule(method: .PUT, path: "/api/v1/coding/queue/:id/services/:serviceID", permission: .codingWrite),
            RouteRule(method: .DELETE, path: "/api/v1/coding/queue/:id/services/:serviceID", permission: .codingWrite),
            RouteRule(method: .GET, path: "/api/v1/coding/queue/:id/edits", permission: .encountersRead),
            RouteRule(method: .POST, path: "/api/v1/coding/queue/:id/edits", permission: .encountersRead),
        ]
        let queue = api.grouped("coding", "queue")
        queue.get(":id", "services", use: services)
        queue.post(":id", "services", use: addService)
        queue.put(":id", "services", ":serviceID", use: changeService)
        queue.delete(":id", "services", ":serviceID", use: removeService)
        queue.get(":id", "edits", use: edits)
        queue.post(":id", "edits", use: edits)
    }

    /// A service as the coder sees it: the code's title and validity on its date of service; the amount only for
    /// those who see money (coders do not).
    struct ServiceBody: Content {
        var id: UUID
        var version: Int
        var system: ProcedureCodeSystem
        var code: String
        var title: String?
        /// Why the code is not valid on its date of service, when it is not.
        var invalid: String?
        var modifiers: [String]
        var units: Int
        var diagnosisPointers: [Int]
        var serviceDate: ServiceDate
        var revenueCode: String?
        var amountCents: Int?

        init(_ stored: Stored<Charge>, library: CodeSetLibrary, showsMoney: Bool) {
            let c = stored.value
            id = c.id; version = stored.version; system = c.procedure.system; code = c.procedure.code
            modifiers = c.modifiers; units = c.units; diagnosisPointers = c.diagnosisPointers; serviceDate = c.serviceDate
            revenueCode = c.revenueCode; amountCents = showsMoney ? c.amount.cents : nil
            let check = CodingChartRoutes.validity(c.procedure, on: c.serviceDate, library: library)
            title = check.title; invalid = check.invalid
        }
    }

    /// The code's title and, when it is not valid on the date, why; nothing is said when its code set is not loaded
    /// (CPT descriptions are the AMA's and not shipped; the PFS file only vouches that a code exists).
    static func validity(_ code: ProcedureCode, on date: ServiceDate, library: CodeSetLibrary) -> (title: String?, invalid: String?) {
        let system: CodeSystem = switch code.system { case .cpt: .cpt; case .hcpcs: .hcpcs; case .icd10pcs: .icd10pcs }
        guard library.codeCounts[system, default: 0] > 0 else { return (nil, nil) }
        switch library.lookup(code.code, system: system, date: date) {
        case .success(let detail):
            let title = detail.title == FlatImporters.cptLicensedTitle ? nil : detail.title
            if let validity = detail.validity, !validity.valid { return (title, validity.reason) }
            if !detail.billable { return (title, detail.billableReason) }
            return (title, nil)
        case .failure(let failure):
            return (nil, failure.reason)
        }
    }

    /// Each ICD-10-PCS procedure of the encounter that is not a complete code valid on its first date of service.
    static func procedureProblems(_ encounter: Encounter, library: CodeSetLibrary) -> [FieldProblem] {
        encounter.procedureCodes.enumerated().compactMap { i, code in
            guard code.problem == nil, let why = validity(code, on: encounter.serviceFrom, library: library).invalid else { return nil }
            return FieldProblem(field: "procedureCodes[\(i)]", message: "\(code.code): \(why)")
        }
    }

    static func chartServices(_ req: Request, _ principal: Principal, encounterID: UUID) async throws -> [ServiceBody] {
        let charges = try await req.store.records(Charge.self, tenantID: principal.tenantID, query: RecordQuery(encounterID: encounterID, limit: RecordQuery.maximumLimit)).items
        let money = PermissionMatrix.allows(principal.role, .claimsRead)
        return charges.sorted { ($0.value.serviceDate, $0.value.procedure.code) < ($1.value.serviceDate, $1.value.procedure.code) }
            .map { ServiceBody($0, library: req.state.library, showsMoney: money) }
    }

    @Sendable func services(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let id = try req.uuidPathParameter()
        _ = try await CodingRoutes.item(req, principal, id: id)
        return try jsonResponse(CodingRoutes.Listing(items: try await Self.chartServices(req, principal, encounterID: id), nextCursor: nil))
    }

    /// A service to code, or a service's new content with the `version` read (required to change one: a change since
    /// refuses this one, 409). Only the code is required.
    struct ServiceRequest: Content {
        var code: String
        var modifiers: [String]?
        var units: Int?
        var diagnosisPointers: [Int]?
        var serviceDate: ServiceDate?
        var revenueCode: String?
        var version: Int?

        var service: CodedService {
            CodedService(code: code, modifiers: modifiers ?? [], units: units ?? 1, diagnosisPointers: diagnosisPointers ?? [], serviceDate: serviceDate,
                         revenueCode: revenueCode)
        }
    }

    @Sendable func addService(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try req.content.decode(ServiceRequest.self)
        let saved = try await Self.saveService(req, principal, chartID: try req.uuidPathParameter(), body.service, replacing: nil)
        return try jsonResponse(ServiceBody(saved, library: req.state.library, showsMoney: PermissionMatrix.allows(principal.role, .claimsRead)), status: .created)
    }

    @Sendable func changeService(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let body = try req.content.decode(ServiceRequest.self)
        guard let version = body.version else { throw RecordError.invalid([FieldProblem(field: "version", message: "give the service's version as read")]) }
        let saved = try await Self.saveService(req, principal, chartID: try req.uuidPathParameter(), body.service,
                                               replacing: (try req.uuidPathParameter("serviceID"), version))
        return try jsonResponse(ServiceBody(saved, library: req.state.library, showsMoney: PermissionMatrix.allows(principal.role, .claimsRead)))
    }

    /// Codes a service on the chart (or changes one, keeping its id): priced from the charge master, checked against
    /// the encounter (pointers, dates, the claim kind's fields) and its code valid on its date of service; audited.
    static func saveService(_ req: Request, _ principal: Principal, chartID: UUID, _ service: CodedService,
                            replacing: (id: UUID, version: Int)?) async throws -> Stored<Charge> {
        let item = try await CodingRoutes.item(req, principal, id: chartID)
        guard let encounter = try await req.store.record(Encounter.self, id: chartID, tenantID: principal.tenantID)?.value else {
            throw RecordError.notFound(noun: "encounter", id: chartID)
        }
        if let replacing {
            guard let existing = try await req.store.record(Charge.self, id: replacing.id, tenantID: principal.tenantID), existing.value.encounterID == chartID else {
                throw RecordError.notFound(noun: "service on this chart", id: replacing.id)
            }
            if existing.version != replacing.version {
                throw StoreError.versionConflict(kind: "charge", id: replacing.id, expected: replacing.version, actual: existing.version)
            }
        }
        let masters = try await req.store.records(FeeSchedule.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
        let charge = try CodingDesk.charge(for: service, id: replacing?.id ?? UUID(), item.value, encounter, chargeMasters: masters, by: principal.claimActor)
        var problems = charge.validate(in: encounter)
        if problems.isEmpty, let why = validity(charge.procedure, on: charge.serviceDate, library: req.state.library).invalid {
            problems.append(FieldProblem(field: "code", message: "\(charge.procedure.code) is not valid on \(charge.serviceDate): \(why)"))
        }
        guard problems.isEmpty else { throw RecordError.invalid(problems) }
        let saved = if let replacing { try await req.store.update(charge, expectedVersion: replacing.version) } else { try await req.store.insert(charge) }
        let described = ([charge.procedure.code] + charge.modifiers).joined(separator: "-") + " x\(charge.units)"
        try await req.audit(principal, replacing == nil ? .create : .update, entityType: "charge", entityID: charge.id.uuidString,
                            detail: "coded \(described) on chart \(chartID), priced from the charge master")
        return saved
    }

    @Sendable func removeService(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingWrite)
        let chartID = try req.uuidPathParameter()
        let serviceID = try req.uuidPathParameter("serviceID")
        try await Self.removeService(req, principal, chartID: chartID, serviceID: serviceID, version: try req.ifMatchVersion())
        return Response(status: .noContent)
    }

    static func removeService(_ req: Request, _ principal: Principal, chartID: UUID, serviceID: UUID, version: Int) async throws {
        let item = try await CodingRoutes.item(req, principal, id: chartID)
        try CodingDesk.checkMayRemoveService(item.value, by: principal.claimActor)
        guard let existing = try await req.store.record(Charge.self, id: serviceID, tenantID: principal.tenantID), existing.value.encounterID == chartID else {
            throw RecordError.notFound(noun: "service on this chart", id: serviceID)
        }
        try await req.store.delete(Charge.self, id: serviceID, tenantID: principal.tenantID, expectedVersion: version)
        try await req.audit(principal, .delete, entityType: "charge", entityID: serviceID.uuidString,
                            detail: "removed \(existing.value.procedure.code) from chart \(chartID)")
    }

    /// The codes the coder is typing, to judge before saving them.
    struct ProposedCodes: Content {
        var diagnoses: [String]?
        var procedureCodes: [String]?
    }

    /// The builder with the proposed codes in place of the saved ones, its encounter judged as if coded.
    static func preview(_ builder: ClaimBuilder, proposed: ProposedCodes?) -> ClaimBuilder {
        var builder = builder
        if let diagnoses = proposed?.diagnoses { builder.encounter.diagnoses = diagnoses.map(DiagnosisCode.init) }
        if let procedures = proposed?.procedureCodes { builder.encounter.procedureCodes = procedures.map { ProcedureCode.icd10pcs($0.uppercased()) } }
        builder.encounter.status = .coded
        return builder
    }

    /// What the claim edits say about the chart: the scrubber's edits of the claim it would make, or, when no claim
    /// can be made yet, why not.
    struct EditsBody: Content {
        var edits: [ClaimEdit]
        var errors: Int
        var holds: Int
        var warnings: Int
        /// Why no claim can be made from the chart yet (no services, no coverage in force, ...): empty when one can.
        var problems: [FieldProblem]
    }

    @Sendable func edits(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        var proposed: ProposedCodes?
        if req.method == .POST, let body = req.body.data, body.readableBytes > 0 { proposed = try req.content.decode(ProposedCodes.self) }
        return try jsonResponse(try await Self.edits(req, principal, chartID: try req.uuidPathParameter(), proposed: proposed))
    }

    /// The chart's claim edits: the claim its encounter would make now, judged as if coded (with the proposed codes in
    /// place of the saved ones, when given), by the same scrubber that holds claims, plus the code checks on the date
    /// of service. Nothing is stored.
    static func edits(_ req: Request, _ principal: Principal, chartID: UUID, proposed: ProposedCodes?) async throws -> EditsBody {
        _ = try await CodingRoutes.item(req, principal, id: chartID)
        let found: ClaimBuilder
        do {
            found = try await ClaimRoutes.builder(req, principal, ClaimRoutes.CreateRequest(encounterID: chartID))
        } catch RecordError.invalid(let problems) {
            return EditsBody(edits: [], errors: 0, holds: 0, warnings: 0, problems: problems)
        }
        let builder = preview(found, proposed: proposed)
        let library = req.state.library
        let codeProblems = CodingRoutes.diagnosisProblems(builder.encounter, library: library) + procedureProblems(builder.encounter, library: library)
        let claim: RevenueCycle.Claim
        switch Result(catching: { () throws(ClaimRefusal) -> RevenueCycle.Claim in try builder.build(claimID: UUID()) }) {
        case .success(let built): claim = built
        case .failure(let refusal): return EditsBody(edits: [], errors: 0, holds: 0, warnings: 0, problems: codeProblems + refusal.problems)
        }
        let records = ClaimRecords(claim: claim, encounter: builder.encounter, patient: builder.patient, coverage: builder.coverage, payer: builder.payer,
                                   renderingProvider: builder.renderingProvider, referringProvider: builder.referringProvider,
                                   supervisingProvider: builder.supervisingProvider, facility: builder.facility, priorAuthorization: builder.priorAuthorization)
        let edits = try await ScrubRoutes.edits(of: records, req)
        return EditsBody(edits: edits, errors: edits.count { $0.severity == .error }, holds: edits.count { $0.severity == .hold },
                         warnings: edits.count { $0.severity == .warning }, problems: codeProblems)
    }
}
