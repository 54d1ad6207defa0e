import CodeSets
import Coding
import Foundation
import RevenueCycle
import Vapor

/// `POST /api/v1/risk-scores`: a CMS-HCC score of an enrollee's diagnoses with every step explained, the prior
/// year's categories not coded again (suspected gaps), and the payment score when the year's factors are given.
/// The CMS-HCC tables of the payment year are read from `hcc/` in the code-set directory the first time they are needed.
struct RiskAdjustmentRoutes: Sendable {
    struct ScoreRequest: Content {
        var model: String?
        var paymentYear: Int?
        var age: Int
        var sex: String
        var dualStatus: String?
        var originalReason: Int?
        var currentReason: Int?
        var institutional: Bool?
        var newEnrollee: Bool?
        var specialNeedsPlan: Bool?
        var diagnoses: [String]
        var priorYearDiagnoses: [String]?
        /// Decimals as text, e.g. "1.045" and "0.059", from the year's Rate Announcement.
        var normalizationFactor: String?
        var codingAdjustment: String?
    }

    struct ScoreResponse: Content {
        var score: RiskScore
        var paymentScore: RiskValue?
        var suspectedGaps: [SuspectedGap]?
    }

    static let maximumDiagnoses = 1_000

    /// The encounter's HCCs, the patient's year so far, and last year's HCCs not coded again.
    struct EncounterRiskResponse: Content {
        var encounterID: UUID
        var patientID: UUID
        var serviceYear: Int
        var paymentYear: Int
        var enrollee: Enrollee
        /// The score of this encounter's diagnoses alone.
        var encounter: RiskScore
        /// The score of every diagnosis of the patient's encounters in the service year.
        var year: RiskScore
        var encountersInYear: Int
        var suspectedGaps: [SuspectedGap]
        var assumptions: [String]
    }

    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table.append(RouteRule(method: .POST, path: "/api/v1/risk-scores", permission: .encountersRead))
        api.post("risk-scores", use: score)
        table.append(RouteRule(method: .GET, path: "/api/v1/encounters/:id/risk", permission: .encountersRead))
        api.get("encounters", ":id", "risk", use: encounterRisk)
    }

    /// GET /api/v1/encounters/{id}/risk?model=V28&dualStatus=&originalReason=&institutional=: diagnoses of a service
    /// year count for the next payment year (CMS's data year), so the tables are those of the year after the date of
    /// service, within 2025 to 2027.
    @Sendable func encounterRisk(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let id = try req.uuidPathParameter()
        try await req.refuseWhileAuditBlind(principal, encounterID: id)
        guard let encounter = try await req.store.record(Encounter.self, id: id, tenantID: principal.tenantID)?.value else {
            throw RecordError.notFound(noun: "encounter", id: id)
        }
        guard let patient = try await req.store.record(Patient.self, id: encounter.patientID, tenantID: principal.tenantID)?.value else {
            throw RecordError.notFound(noun: "patient", id: encounter.patientID)
        }
        try await req.audit(principal, .read, entityType: "encounter", entityID: id.uuidString, detail: "risk score")
        let modelName = try req.stringParameter("model", maxLength: 3) ?? "V28"
        guard let model = RiskModel(name: modelName) else {
            throw APIError.invalidParameter(name: "model", message: "model must be V24 or V28, not \(modelName)")
        }
        let dual = try req.stringParameter("dualStatus", maxLength: 2)
        let reason = try req.stringParameter("originalReason") == nil ? nil : try req.intParameter("originalReason", range: 0...3, default: 0)
        let institutional: Bool
        switch try req.stringParameter("institutional", maxLength: 5)?.lowercased() {
        case nil, "", "false", "0", "no": institutional = false
        case "true", "1", "yes": institutional = true
        case let other?: throw APIError.invalidParameter(name: "institutional", message: "institutional is true or false; got '\(other)'")
        }
        return try jsonResponse(try await Self.risk(req, tenantID: principal.tenantID, encounter: encounter, patient: patient, model: model,
                                                    dualStatus: dual, originalReason: reason, institutional: institutional))
    }

    /// The encounter's score, the patient's service year's, and last year's HCCs not coded again, with the next
    /// payment year's tables; what was assumed is listed. For the API and the coder's workspace.
    static func risk(_ req: Request, tenantID: UUID, encounter: Encounter, patient: Patient, model: RiskModel, dualStatus dual: String?, originalReason: Int?,
                     institutional: Bool) async throws -> EncounterRiskResponse {
        let serviceYear = encounter.serviceFrom.year
        let paymentYear = min(max(serviceYear + 1, RiskAdjustmentTables.supportedPaymentYears.first!),
                              RiskAdjustmentTables.supportedPaymentYears.last!)
        var assumptions: [String] = []
        if paymentYear != serviceYear + 1 {
            assumptions.append("diagnoses of \(serviceYear) count for payment year \(serviceYear + 1); scored with the \(paymentYear) tables, the nearest Revcycle has")
        }
        let sex: Enrollee.Sex
        switch patient.sex {
        case .female: sex = .female
        case .male: sex = .male
        case .unknown: throw APIError.invalidParameter(name: "sex", message: "the patient's sex is unknown; CMS-HCC needs F or M")
        }
        if dual == nil { assumptions.append("not dual eligible (give dualStatus to change)") }
        if originalReason == nil { assumptions.append("entitled by age (give originalReason to change)") }
        let february = ServiceDate(year: paymentYear, month: 2, day: 1)!
        do {
            let enrollee = try Enrollee(age: patient.dateOfBirth.age(on: february), sex: sex, dualStatus: dual ?? "NA",
                                        originalReason: originalReason ?? 0, longTermInstitutional: institutional)
            let tables = try await req.state.riskAdjustmentTables.tables(paymentYear: paymentYear, codeSets: req.state.configuration.codesetsDirectory)
            var thisYear: [String] = [], lastYear: [String] = [], encounters = 0
            var cursor: String?
            repeat {
                let page = try await req.store.records(Encounter.self, tenantID: tenantID,
                    query: RecordQuery(patientID: patient.id, limit: RecordQuery.maximumLimit, cursor: cursor))
                for stored in page.items where stored.value.status != .void {
                    // The encounter as the caller has it (the workspace's codes may be newer than a page read earlier).
                    let diagnoses = stored.value.id == encounter.id ? encounter.diagnoses : stored.value.diagnoses
                    let year = stored.value.serviceFrom.year
                    if year == serviceYear { thisYear += diagnoses.map(\.code); encounters += 1 }
                    if year == serviceYear - 1 { lastYear += diagnoses.map(\.code) }
                }
                cursor = page.nextCursor
            } while cursor != nil
            return EncounterRiskResponse(
                encounterID: encounter.id, patientID: patient.id, serviceYear: serviceYear, paymentYear: paymentYear,
                enrollee: enrollee,
                encounter: try tables.score(enrollee, diagnoses: encounter.diagnoses.map(\.code), model: model),
                year: try tables.score(enrollee, diagnoses: thisYear, model: model), encountersInYear: encounters,
                suspectedGaps: try tables.suspectedGaps(enrollee, priorYear: lastYear, currentYear: thisYear, model: model),
                assumptions: assumptions)
        } catch let error as RiskAdjustmentError {
            throw Self.answer(error)
        }
    }

    /// Missing or broken tables are the server's problem (503); anything else is the request's (400).
    static func answer(_ error: RiskAdjustmentError) -> any Error {
        if case .table = error { return RiskTablesUnavailable(reason: error.description) }
        return APIError.invalidParameter(name: "enrollee", message: error.description)
    }

    @Sendable func score(_ req: Request) async throws -> Response {
        _ = try await req.require(.encountersRead)
        let body: ScoreRequest
        do { body = try req.content.decode(ScoreRequest.self) } catch {
            throw APIError.invalidParameter(name: "body", message: "a JSON object with age, sex and diagnoses (and optionally model, paymentYear, dualStatus, originalReason, institutional, newEnrollee, priorYearDiagnoses, normalizationFactor, codingAdjustment)")
        }
        guard let model = RiskModel(name: body.model ?? "V28") else {
            throw APIError.invalidParameter(name: "model", message: "model must be V24 or V28, not \(body.model ?? "")")
        }
        guard let sex = Enrollee.Sex(code: body.sex) else {
            throw APIError.invalidParameter(name: "sex", message: "sex must be F or M, not \(body.sex)")
        }
        guard body.diagnoses.count + (body.priorYearDiagnoses?.count ?? 0) <= Self.maximumDiagnoses else {
            throw APIError.invalidParameter(name: "diagnoses", message: "at most \(Self.maximumDiagnoses) diagnoses in one request")
        }
        let year = body.paymentYear ?? 2026
        do {
            let enrollee = try Enrollee(age: body.age, sex: sex, dualStatus: body.dualStatus ?? "NA",
                                        originalReason: body.originalReason ?? 0, currentReason: body.currentReason,
                                        longTermInstitutional: body.institutional ?? false,
                                        newEnrollee: body.newEnrollee ?? false, specialNeedsPlan: body.specialNeedsPlan ?? false)
            let tables = try await req.state.riskAdjustmentTables.tables(paymentYear: year, codeSets: req.state.configuration.codesetsDirectory)
            let score = try tables.score(enrollee, diagnoses: body.diagnoses, model: model)
            var payment: RiskValue?
            if let factor = body.normalizationFactor {
                guard let n = RiskValue(text: factor)?.thousandths, let c = RiskValue(text: body.codingAdjustment ?? "0.059")?.thousandths else {
                    throw APIError.invalidParameter(name: "normalizationFactor", message: "normalizationFactor and codingAdjustment are decimals with at most three places, e.g. \"1.045\" and \"0.059\"")
                }
                payment = try PaymentAdjustment(normalizationFactor: n, codingAdjustment: c).paymentScore(score.riskScore)
            }
            let gaps = try body.priorYearDiagnoses.map {
                try tables.suspectedGaps(enrollee, priorYear: $0, currentYear: body.diagnoses, model: model)
            }
            return try jsonResponse(ScoreResponse(score: score, paymentScore: payment, suspectedGaps: gaps))
        } catch let error as RiskAdjustmentError {
            throw Self.answer(error)
        }
    }

}

struct RiskTablesUnavailable: Error { var reason: String }

/// The CMS-HCC tables read so far, one set per payment year, each read once.
actor RiskAdjustmentTablesCache {
    private var loaded: [Int: RiskAdjustmentTables] = [:]

    func tables(paymentYear: Int, codeSets: URL?) throws -> RiskAdjustmentTables {
        if let tables = loaded[paymentYear] { return tables }
        guard let codeSets else {
            throw RiskAdjustmentError.table(file: "hcc/", line: nil, "no code-set directory is configured")
        }
        let tables = try RiskAdjustmentTables.load(directory: codeSets.appendingPathComponent("hcc"), paymentYear: paymentYear)
        loaded[paymentYear] = tables
        return tables
    }
}
