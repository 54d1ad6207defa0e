import CodeSets

/// An enrollee and a year of diagnoses, made up: for benchmarks and for comparing with another implementation.
public struct SyntheticPatient: Sendable, Hashable {
    public var id: String
    public var model: RiskModel
    public var enrollee: Enrollee
    public var diagnoses: [String]
}

extension RiskAdjustmentTables {
    /// Every diagnosis code that maps to a condition category of `model` this year, without the dot, sorted.
    public func mappedDiagnoses(model: RiskModel) -> [String] {
        guard let tables = models[model] else { return [] }
        return tables.diagnosisKeys.map(\.code).sorted()
    }

    /// Patients spread the way a Medicare Advantage population is, roughly: mostly 65 to 95, some disabled, duals,
    /// institutional and new enrollees, zero to fifteen diagnoses of which most map to a category, written with and
    /// without the dot and in either case. The same seed gives the same patients.
    public func syntheticPatients(count: Int, seed: UInt64, models: [RiskModel]? = nil) -> [SyntheticPatient] {
        var random = SeededGenerator(seed: seed)
        let models = (models ?? RiskModel.allCases).filter { self.models[$0] != nil }
        let codes = Dictionary(uniqueKeysWithValues: models.map { ($0, mappedDiagnoses(model: $0)) })
        let unmapped = ["Z00.00", "R69", "I10", "E78.5", "K21.9", "M54.50", "Z23", "J06.9", "XYZ", "E11.9.9"]
        let duals = ["NA", "NA", "NA", "NA", "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
        var patients: [SyntheticPatient] = []
        patients.reserveCapacity(count)
        while patients.count < count {
            guard let model = random.element(of: models), let pool = codes[model], !pool.isEmpty else { break }
            let age = random.bool(percent: 75) ? random.int(in: 65...98) : random.int(in: 0...100)
            let originalReason = random.bool(percent: 65) ? 0 : (random.bool(percent: 85) ? 1 : random.int(in: 2...3))
            let newEnrollee = originalReason < 2 && random.bool(percent: 10)
            let institutional = !newEnrollee && random.bool(percent: 12)
            guard let enrollee = try? Enrollee(
                age: age, sex: random.bool(percent: 55) ? .female : .male, dualStatus: random.element(of: duals)!,
                originalReason: originalReason, longTermInstitutional: institutional, newEnrollee: newEnrollee) else { continue }
            var diagnoses: [String] = []
            for _ in 0..<random.int(in: 0...15) {
                var code = random.bool(percent: 85) ? random.element(of: pool)! : random.element(of: unmapped)!
                if random.bool(percent: 40), code.count > 3, !code.contains(".") {
                    code.insert(".", at: code.index(code.startIndex, offsetBy: 3))
                }
                if random.bool(percent: 10) { code = code.lowercased() }
                diagnoses.append(code)
            }
            patients.append(SyntheticPatient(id: "p\(patients.count + 1)", model: model, enrollee: enrollee, diagnoses: diagnoses))
        }
        return patients
    }
}

extension DiagnosisKey {
    /// The code again, upper case, without the dot.
    var code: String {
        var bytes: [UInt8] = []
        var v = value
        while v != 0 { bytes.append(UInt8(v & 0xFF)); v >>= 8 }
        return String(decoding: bytes.reversed(), as: UTF8.self)
    }
}
