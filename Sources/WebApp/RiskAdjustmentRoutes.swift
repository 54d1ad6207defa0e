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

    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table.append(RouteRule(method: .POST, path: "/api/v1/risk-scores", permission: .encountersRead))
        api.post("risk-scores", use: score)
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
            switch error {
            case .table: throw RiskTablesUnavailable(reason: error.description)
            default: throw APIError.invalidParameter(name: "enrollee", message: error.description)
            }
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
