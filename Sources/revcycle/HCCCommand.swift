import ArgumentParser
import Coding
import Foundation

/// `revcycle hcc`: a CMS-HCC risk score with every step explained, for one enrollee or a file of them.
struct HCCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hcc", abstract: "CMS-HCC V24/V28 risk score of an enrollee's diagnoses, explained.",
        discussion: """
        One enrollee: revcycle hcc --model V28 --age 72 --sex F E11.22 N18.4 I50.22
        Many: revcycle hcc --patients FILE.jsonl, one JSON object a line {"id", "model", "age", "sex", "dx": [...],
        "dual", "orec", "lti", "new_enrollee", "snp"} (the oracle's format); one JSON score a line out.
        """)

    @OptionGroup var common: CommonOptions
    @Option(help: "V24 or V28.") var model: String = "V28"
    @Option(help: "Age on February 1 of the payment year.") var age: Int?
    @Option(help: "F or M.") var sex: String?
    @Option(help: "Medicare-Medicaid dual eligibility code, 00 to 10 (NA when not dual).") var dual: String = "NA"
    @Option(help: "Original reason for entitlement: 0 age, 1 disability, 2 ESRD, 3 both.") var orec: Int = 0
    @Option(help: "Current reason for entitlement (only checked: new enrollees with ESRD need the ESRD model).") var crec: Int?
    @Flag(help: "Long-term institutional (90 days or more).") var institutional = false
    @Flag(name: .customLong("new-enrollee"), help: "Fewer than 12 months of Part B in the data year.") var newEnrollee = false
    @Flag(name: .customLong("snp"), help: "In a chronic condition special needs plan (new enrollees).") var specialNeedsPlan = false
    @Option(name: .customLong("payment-year"), help: "2025, 2026 or 2027 (2027: CMS's proposed coefficients).") var paymentYear = 2026
    @Option(help: "FFS normalization factor (e.g. 1.045), from the year's Rate Announcement: prints the payment score too.") var normalization: String?
    @Option(name: .customLong("coding-adjustment"), help: "MA coding pattern adjustment with --normalization (default 0.059).") var codingAdjustment = "0.059"
    @Option(help: "Folder of the CMS-HCC tables (default: hcc/ in the code-sets folder).") var tables: String?
    @Option(help: "A JSON-lines file of enrollees to score, instead of one on the command line.") var patients: String?
    @Flag(help: "JSON output.") var json = false
    @Argument(help: "ICD-10-CM diagnosis codes, with or without the dot.") var diagnoses: [String] = []

    func run() async throws {
        let config = try common.configuration()
        try await failing {
            guard let folder = tables.map({ URL(fileURLWithPath: $0) }) ?? config.codesetsDirectory?.appendingPathComponent("hcc") else {
                throw ValidationError("give --tables DIR, --codesets or REVCYCLE_CODESETS: no CMS-HCC tables found")
            }
            let loaded = try RiskAdjustmentTables.load(directory: folder, paymentYear: paymentYear)
            let adjustment = try normalization.map { factor -> PaymentAdjustment in
                guard let n = RiskValue(text: factor)?.thousandths, let c = RiskValue(text: codingAdjustment)?.thousandths else {
                    throw ValidationError("--normalization and --coding-adjustment take decimals with at most three places, e.g. 1.045 and 0.059")
                }
                return try PaymentAdjustment(normalizationFactor: n, codingAdjustment: c)
            }
            if let patients {
                try scoreFile(URL(fileURLWithPath: patients), tables: loaded)
                return
            }
            guard let riskModel = RiskModel(name: model) else { throw ValidationError("--model is V24 or V28, not \(model)") }
            guard let age else { throw ValidationError("give --age (or --patients FILE)") }
            guard let sexCode = sex, let sex = Enrollee.Sex(code: sexCode) else { throw ValidationError("give --sex F or M") }
            let enrollee = try Enrollee(age: age, sex: sex, dualStatus: dual, originalReason: orec, currentReason: crec,
                                        longTermInstitutional: institutional, newEnrollee: newEnrollee,
                                        specialNeedsPlan: specialNeedsPlan)
            let score = try loaded.score(enrollee, diagnoses: diagnoses, model: riskModel)
            let payment = adjustment.map { $0.paymentScore(score.riskScore) }
            if json {
                print(try Self.json(ScoreOutput(score: score, paymentScore: payment)))
            } else {
                print(Self.describe(score, payment: payment, adjustment: adjustment))
            }
        }
    }

    /// Scores each line, writing one line out per line in; a bad line is reported with its number and skipped.
    private func scoreFile(_ url: URL, tables: RiskAdjustmentTables) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var scored = 0, refused = 0
        let started = Date()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                let input = try JSONDecoder().decode(PatientLine.self, from: Data(trimmed.utf8))
                guard let model = RiskModel(name: input.model ?? model) else {
                    throw ValidationError("model \"\(input.model ?? model)\" is not V24 or V28")
                }
                guard let sex = Enrollee.Sex(code: input.sex) else { throw ValidationError("sex \"\(input.sex)\" is not F or M") }
                let enrollee = try Enrollee(
                    age: input.age, sex: sex, dualStatus: input.dual ?? "NA", originalReason: Int(input.orec ?? "0") ?? -1,
                    currentReason: input.crec.flatMap { Int($0) }, longTermInstitutional: input.lti ?? false,
                    newEnrollee: input.new_enrollee ?? false, specialNeedsPlan: input.snp ?? false)
                let score = try tables.score(enrollee, diagnoses: input.dx, model: model)
                print(try Self.json(ScoreOutput(id: input.id, score: score), pretty: false))
                scored += 1
            } catch {
                refused += 1
                FileHandle.standardError.write(Data("\(url.lastPathComponent):\(index + 1): \(error)\n".utf8))
            }
        }
        say("scored \(scored) enrollees, refused \(refused), in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }

    struct PatientLine: Decodable {
        var id: String?
        var model: String?
        var age: Int
        var sex: String
        var dx: [String]
        var dual: String?
        var orec: String?
        var crec: String?
        var lti: Bool?
        var new_enrollee: Bool?
        var snp: Bool?
    }

    struct ScoreOutput: Encodable {
        var id: String?
        var score: RiskScore
        var paymentScore: RiskValue?

        func encode(to encoder: Encoder) throws {
            enum Key: String, CodingKey { case id, paymentScore }
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encodeIfPresent(paymentScore, forKey: .paymentScore)
            try score.encode(to: encoder)
        }
    }

    static func json<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func describe(_ score: RiskScore, payment: RiskValue?, adjustment: PaymentAdjustment?) -> String {
        var lines = ["CMS-HCC \(score.model.rawValue), payment year \(score.paymentYear): risk score \(score.riskScore)"]
        lines.append("Segment \(score.segment.rawValue) (\(score.segment.title)), cell \(score.demographicCell)")
        for term in score.terms {
            var line = "  \(term.coefficient.description.leftPad(7))  \(term.variable)"
            if term.kind == .category, let n = Int(term.variable.dropFirst(3)), let hcc = score.hccs.first(where: { $0.category == n }) {
                line += " \(hcc.label ?? "")  [\(hcc.diagnoses.joined(separator: ", "))]"
            }
            lines.append(line)
        }
        for hcc in score.hccs where hcc.coefficient == nil {
            lines.append("  (no coefficient in this segment) HCC\(hcc.category) \(hcc.label ?? "")  [\(hcc.diagnoses.joined(separator: ", "))]")
        }
        for d in score.displaced {
            lines.append("  displaced: HCC\(d.category) \(d.label ?? "") by HCC\(d.by)  [\(d.diagnoses.joined(separator: ", "))]")
        }
        for e in score.edits {
            lines.append("  edit: \(e.diagnosis) \(e.movedTo.map { "counts for HCC\($0)" } ?? "counts for no category"): \(e.reason)")
        }
        if !score.unmappedDiagnoses.isEmpty {
            lines.append("  in no category: \(score.unmappedDiagnoses.joined(separator: ", "))")
        }
        if let payment, let adjustment {
            lines.append("Payment score \(payment) (normalized by \(RiskValue(thousandths: adjustment.normalizationFactor)), coding adjustment \(RiskValue(thousandths: adjustment.codingAdjustment)))")
        }
        return lines.joined(separator: "\n")
    }

}
