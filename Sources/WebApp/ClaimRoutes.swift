import ClaimEdits
import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// A claim as the API shows it: the claim (lines, diagnoses, ledger), its history, and its money in one place.
struct ClaimBody: Codable, Sendable {
    var claim: Claim
    var status: ClaimStatus
    var history: [ClaimTransition]
    var totals: LedgerTotals
    /// What the claim may move to next.
    var allowedTransitions: [ClaimStatus]
    var version: Int
    var createdAt: Date
    var updatedAt: Date
    /// The scrubber's edits, when the answer ran it (a new claim).
    var edits: [ClaimEdit]?

    init(_ stored: Stored<Claim>, edits: [ClaimEdit]? = nil) {
        claim = stored.value; status = stored.value.status; history = stored.value.history; totals = stored.value.totals
        allowedTransitions = ClaimStateMachine.allowedTargets(from: stored.value.status)
        version = stored.version; createdAt = stored.createdAt; updatedAt = stored.updatedAt; self.edits = edits
    }
}

/// A worklist row: the claim's summary (parties, status, dates of service, money) and what the biller may do next.
/// Lines, diagnoses, ledger postings and history are left to the whole claim (`GET /api/v1/claims/{id}`), which is
/// what kept worklist pages slow.
struct ClaimRow: Codable, Sendable {
    var claim: ClaimSummary
    var status: ClaimStatus
    /// Balance plus patient responsibility, in cents.
    var outstanding: Money
    var allowedTransitions: [ClaimStatus]
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ stored: Stored<ClaimSummary>) {
        claim = stored.value; status = stored.value.status; outstanding = stored.value.outstanding
        allowedTransitions = ClaimStateMachine.allowedTargets(from: stored.value.status)
        version = stored.version; createdAt = stored.createdAt; updatedAt = stored.updatedAt
    }
}

/// Claims: built from a coded encounter, listed as worklists, moved through their states; and the feed of changes.
struct ClaimRoutes: Sendable {
    struct CreateRequest: Content {
        var encounterID: UUID
        /// The coverage to bill; by default the patient's primary coverage in force on the date of service.
        var coverageID: UUID?
        var frequency: ClaimFrequency?
        /// The payer's number for the claim being replaced or voided (frequency 7 or 8).
        var payerClaimControlNumber: String?
    }

    struct TransitionRequest: Content {
        var to: ClaimStatus
        var reason: String
        var sourceKind: String?
        var sourceReference: String?
    }

    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/claims", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/claims", permission: .claimsWrite),
            RouteRule(method: .GET, path: "/api/v1/claims/:id", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/claims/:id/transitions", permission: .claimsWrite),
            RouteRule(method: .GET, path: "/api/v1/events", permission: .claimsRead),
        ]
        api.get("claims", use: list)
        api.post("claims", use: create)
        api.get("claims", ":id", use: show)
        api.post("claims", ":id", "transitions", use: transition)
        api.get("events", use: events)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let statuses = try (req.stringParameter("status", maxLength: 400) ?? "").split(separator: ",").map { raw in
            guard let s = ClaimStatus(rawValue: String(raw)) else {
                throw APIError.invalidParameter(name: "status", message: "status must be a comma-separated list of \(ClaimStatus.allCases.map(\.rawValue).joined(separator: ", ")); got '\(raw)'")
            }
            return s
        }
        let query = ClaimQuery(statuses: statuses, payerID: try req.uuidParameter("payer"), patientID: try req.uuidParameter("patient"),
                               encounterID: try req.uuidParameter("encounter"), serviceFrom: try req.dateParameter("serviceFrom"),
                               serviceThrough: try req.dateParameter("serviceThrough"),
                               minimumOutstandingCents: try req.intParameter("minOutstandingCents", range: 0...Int(Int32.max), default: 0),
                               limit: try req.intParameter("limit", range: 1...RecordQuery.maximumLimit, default: 50),
                               cursor: try req.stringParameter("cursor", maxLength: 400))
        let page = try await req.store.claimSummaries(tenantID: principal.tenantID, query: query)
        try await req.audit(principal, .read, entityType: "claim", entityID: "list", detail: "\(page.items.count) listed")
        return try jsonResponse(ListBody(data: page.items.map(ClaimRow.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let stored = try await Self.claim(req, principal)
        try await req.audit(principal, .read, entityType: "claim", entityID: stored.value.id.uuidString)
        return try jsonResponse(ClaimBody(stored), headers: ["ETag": "\"\(stored.version)\""])
    }

    static func claim(_ req: Request, _ principal: Principal) async throws -> Stored<Claim> {
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.claim(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "claim", id: id) }
        try await req.refuseWhileAuditBlind(principal, encounterID: stored.value.encounterID)
        return stored
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        return try await Idempotency.run(req, principal) {
            let body = try req.content.decode(CreateRequest.self)
            let builder = try await Self.builder(req, principal, body)
            var claim: Claim
            do {
                claim = try builder.build(claimID: UUID(), frequency: body.frequency ?? .original,
                                          payerClaimControlNumber: body.payerClaimControlNumber)
            } catch let refusal as ClaimRefusal {
                throw RecordError.invalid(refusal.problems)
            }
            // A new claim is scrubbed at once: it starts held with its errors named, or ready.
            let records = ClaimRecords(claim: claim, encounter: builder.encounter, patient: builder.patient, coverage: builder.coverage,
                                       payer: builder.payer, renderingProvider: builder.renderingProvider, referringProvider: builder.referringProvider,
                                       supervisingProvider: builder.supervisingProvider, facility: builder.facility,
                                       priorAuthorization: builder.priorAuthorization)
            let edits = try await ScrubRoutes.edits(of: records, req)
            if let (status, reason) = ClaimScrubbing.outcome(of: edits, for: claim) {
                do { try claim.transition(to: status, actor: principal.claimActor, at: Date(), reason: reason) } catch let error as ClaimTransitionError {
                    throw ClaimRouteError.transitionRefused(error)
                }
            }
            let stored = try await req.store.insertClaim(claim)
            try await req.audit(principal, .create, entityType: "claim", entityID: claim.id.uuidString,
                                detail: "from encounter \(body.encounterID), \(claim.lines.count) lines, \(claim.totalCharge); \(claim.status.rawValue) after the scrub")
            return (.created, try jsonEncoder.encode(ClaimBody(stored, edits: edits)))
        }
    }

    /// Gathers what the builder needs from the tenant's records; a record that is missing is named.
    static func builder(_ req: Request, _ principal: Principal, _ body: CreateRequest) async throws -> ClaimBuilder {
        let store = req.store, tenantID = principal.tenantID
        func find<R: TenantRecord>(_ type: R.Type, _ id: UUID?, _ field: String) async throws -> R? {
            guard let id else { return nil }
            guard let found = try await store.record(type, id: id, tenantID: tenantID)?.value else {
                throw RecordError.invalid([FieldProblem(field: field, message: "no \(R.kind.rawValue) \(id) in this practice")])
            }
            return found
        }
        guard let tenant = try await store.tenant(id: tenantID), let encounter = try await find(Encounter.self, body.encounterID, "encounterID"),
              let patient = try await find(Patient.self, encounter.patientID, "encounter.patientID"),
              let rendering = try await find(Provider.self, encounter.renderingProviderID, "encounter.renderingProviderID") else {
            throw RecordError.notFound(noun: "encounter", id: body.encounterID)
        }
        let coverage: Coverage
        if let chosen = try await find(Coverage.self, body.coverageID, "coverageID") {
            guard chosen.patientID == patient.id else {
                throw RecordError.invalid([FieldProblem(field: "coverageID", message: "the coverage is not the encounter's patient's")])
            }
            coverage = chosen
        } else {
            let all = try await store.records(Coverage.self, tenantID: tenantID, query: RecordQuery(patientID: patient.id, limit: RecordQuery.maximumLimit))
            let inForce = all.items.map(\.value).filter { $0.effectiveFrom <= encounter.serviceFrom && ($0.effectiveThrough.map { encounter.serviceFrom <= $0 } ?? true) }
            guard let primary = inForce.min(by: { $0.order < $1.order }) else {
                throw RecordError.invalid([FieldProblem(field: "coverageID", message: "the patient has no coverage in force on \(encounter.serviceFrom); register it or name one")])
            }
            coverage = primary
        }
        guard let payer = try await find(Payer.self, coverage.payerID, "coverage.payerID") else { throw RecordError.notFound(noun: "payer", id: coverage.payerID) }
        let charges = try await store.records(Charge.self, tenantID: tenantID, query: RecordQuery(encounterID: encounter.id, limit: RecordQuery.maximumLimit))
        return ClaimBuilder(tenant: tenant, encounter: encounter, charges: charges.items.map(\.value), patient: patient, coverage: coverage, payer: payer,
                            renderingProvider: rendering,
                            referringProvider: try await find(Provider.self, encounter.referringProviderID, "encounter.referringProviderID"),
                            supervisingProvider: try await find(Provider.self, encounter.supervisingProviderID, "encounter.supervisingProviderID"),
                            facility: try await find(Facility.self, encounter.facilityID, "encounter.facilityID"),
                            priorAuthorization: try await find(PriorAuthorization.self, encounter.priorAuthorizationID, "encounter.priorAuthorizationID"),
                            referral: try await find(Referral.self, encounter.referralID, "encounter.referralID"))
    }

    @Sendable func transition(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        let body = try req.content.decode(TransitionRequest.self)
        // Sending a claim is a permission of its own.
        if [.batched, .submitted].contains(body.to), !PermissionMatrix.allows(principal.role, .claimsSubmit) {
            _ = try await req.require(.claimsSubmit)
        }
        var stored = try await Self.claim(req, principal)
        let from = stored.value.status
        // Every move towards the payer scrubs the claim again: it leaves only without errors.
        if ClaimScrubbing.outbound.contains(body.to) {
            let errors = ClaimScrubbing.errorsBlocking(move: body.to, try await ScrubRoutes.edits(of: stored.value, req))
            if !errors.isEmpty { throw ClaimRouteError.scrubErrors(errors) }
        }
        let source = body.sourceKind.map { SourceDocumentReference(kind: $0, reference: body.sourceReference ?? "") }
        do {
            try stored.value.transition(to: body.to, actor: principal.claimActor, at: Date(), reason: body.reason, source: source)
        } catch {
            throw ClaimRouteError.transitionRefused(error)
        }
        let saved = try await req.store.updateClaim(stored.value, expectedVersion: stored.version)
        try await req.audit(principal, .transition, entityType: "claim", entityID: saved.value.id.uuidString,
                            detail: "\(from.rawValue) -> \(body.to.rawValue): \(body.reason)")
        return try jsonResponse(ClaimBody(saved))
    }

    /// Status changes after `after` (a sequence number), oldest first: poll with the last sequence seen.
    @Sendable func events(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let after = Int64(try req.intParameter("after", range: 0...Int(Int64.max), default: 0))
        let limit = try req.intParameter("limit", range: 1...1000, default: 100)
        let events = try await req.store.claimEvents(tenantID: principal.tenantID, after: after, limit: limit)
        struct Body: Codable { var data: [ClaimEvent]; var lastSequence: Int64 }
        return try jsonResponse(Body(data: events, lastSequence: events.last?.sequence ?? after))
    }
}

enum ClaimRouteError: Error {
    case transitionRefused(ClaimTransitionError)
    /// The claim still has scrubber errors: it may not move towards the payer.
    case scrubErrors([ClaimEdit])
}
