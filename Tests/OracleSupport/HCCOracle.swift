import Foundation

/// hccinfhir (../shared/tools/hcc_oracle.py), the reference CMS-HCC scorer, and the same library run with another
/// payment year's tables from the code sets (hcc_oracle_year.py beside this file).
public enum HCCOracle {
    public struct Patient: Encodable, Sendable {
        public var id: String
        public var model: String
        public var age: Int
        public var sex: String
        public var dx: [String]
        public var dual: String
        public var orec: String
        public var crec: String = "0"
        public var lti: Bool
        public var new_enrollee: Bool

        public init(id: String, model: String, age: Int, sex: String, dx: [String], dual: String, orec: String,
                    lti: Bool, newEnrollee: Bool) {
            self.id = id; self.model = model; self.age = age; self.sex = sex; self.dx = dx; self.dual = dual
            self.orec = orec; self.lti = lti; self.new_enrollee = newEnrollee
        }
    }

    public struct Score: Decodable, Sendable {
        public var id: String
        public var risk_score: Double
        public var hccs: [String]
        public var coefficients: [String: Double]
    }

    public static let oracle = SharedFiles.directory.appendingPathComponent("tools/hcc_oracle.py")
    static let yearOracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("hcc_oracle_year.py")

    public static let available: Bool = {
        guard FileManager.default.fileExists(atPath: oracle.path) else { return false }
        return (try? Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import hccinfhir"]).status) == 0
    }()

    public static let notInstalled = "hccinfhir is not installed (python3 -m pip install -r ../shared/tools/requirements-oracles.txt)"

    /// Scores every patient: payment year 2026 with the oracle itself (its own tables are 2026's), other years with
    /// the same library given that year's files from `tables`.
    public static func scores(_ patients: [Patient], paymentYear: Int = 2026, tables: URL? = nil) throws -> [String: Score] {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-hcc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("patients.jsonl")
        let encoder = JSONEncoder()
        var lines = Data()
        for patient in patients { lines.append(try encoder.encode(patient)); lines.append(0x0A) }
        try lines.write(to: input)
        let script = paymentYear == 2026
            ? "python3 '\(oracle.path)' < '\(input.path)'"
            : "python3 '\(yearOracle.path)' \(paymentYear) '\(tables?.path ?? "")' < '\(input.path)'"
        let (status, output) = try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script])
        guard status == 0 else { throw OracleFailure(status: status) }
        var scores: [String: Score] = [:]
        for line in output.split(separator: 0x0A) where !line.isEmpty {
            let score = try JSONDecoder().decode(Score.self, from: Data(line))
            scores[score.id] = score
        }
        return scores
    }

    public struct OracleFailure: Error { public var status: Int32 }
}
