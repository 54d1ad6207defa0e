import Foundation
import XCTest
import Coding
import OracleSupport

/// CMS-HCC scores against hccinfhir, the reference implementation, on thousands of made-up patients, and the few
/// places where Revcycle follows CMS's model software and hccinfhir 0.4.0 does not.
final class RiskScoreTests: XCTestCase {
    static let folder = SharedFiles.codesets.appendingPathComponent("hcc")
    nonisolated(unsafe) static var loaded: [Int: RiskAdjustmentTables] = [:]

    func tables(_ year: Int) throws -> RiskAdjustmentTables {
        if let tables = Self.loaded[year] { return tables }
        let tables = try RiskAdjustmentTables.load(directory: Self.folder, paymentYear: year)
        Self.loaded[year] = tables
        return tables
    }

    static let example = ["E11.22", "N18.4", "I50.22", "J44.1", "E11.9", "F32.0", "I10"]

    func testTheOraclesWorkedExample() throws {
        let tables = try tables(2026)
        let woman = try Enrollee(age: 72, sex: .female)
        let v24 = try tables.score(woman, diagnoses: Self.example, model: .v24)
        let v28 = try tables.score(woman, diagnoses: Self.example, model: .v28)
        XCTAssertEqual(v24.riskScore.description, "2.426")
        XCTAssertEqual(v28.riskScore.description, "2.120")
        XCTAssertEqual(v28.segment, .communityNonDualAged)
        XCTAssertEqual(v28.hccs.map(\.category), [37, 226, 280, 327])
        // E11.9 (HCC 38) is displaced by E11.22 (HCC 37).
        XCTAssertEqual(v28.displaced.map { [$0.category, $0.by] }, [[38, 37]])
        XCTAssertEqual(v28.unmappedDiagnoses, ["F32.0", "I10"]) // mild depression left the model in V28
        XCTAssertEqual(v28.hccs.first { $0.category == 37 }?.diagnoses, ["E11.22"])
        XCTAssertEqual(Set(v28.interactions.keys), ["DIABETES_HF_V28", "HF_CHR_LUNG_V28", "HF_KIDNEY_V28", "D4"])
        XCTAssertEqual(v28.terms.reduce(0) { $0 + $1.coefficient.thousandths }, v28.riskScore.thousandths)
        XCTAssertEqual(try tables.rawScore(woman, diagnoses: Self.example, model: .v28), v28.riskScore)
    }

    /// Payment year 2026 (the oracle's own tables): every score, category list and coefficient equal.
    func testThousandsOfPatientsScoreAsTheOracleScoresThem() throws {
        try XCTSkipUnless(HCCOracle.available, HCCOracle.notInstalled)
        try compareWithOracle(paymentYear: 2026, count: 4000, seed: 2026)
    }

    /// Payment years 2025 and 2027: the same library given those years' files.
    func testOtherPaymentYearsScoreAsTheOracleLibraryWithTheirTables() throws {
        try XCTSkipUnless(HCCOracle.available, HCCOracle.notInstalled)
        try compareWithOracle(paymentYear: 2025, count: 1500, seed: 2025)
        try compareWithOracle(paymentYear: 2027, count: 1500, seed: 2027)
    }

    private func compareWithOracle(paymentYear: Int, count: Int, seed: UInt64) throws {
        let tables = try tables(paymentYear)
        let patients = tables.syntheticPatients(count: count, seed: seed).map { patient -> SyntheticPatient in
            var patient = patient
            // Where hccinfhir does not follow CMS (see testWhereRevcycleFollowsCMS), the patient is changed so
            // that the comparison is about everything else.
            if patient.enrollee.newEnrollee { patient.enrollee.longTermInstitutional = false }
            if patient.model == .v28 && patient.enrollee.age <= 14 {
                patient.diagnoses.removeAll { tables.categories(of: $0, model: .v28).count > 1 }
            }
            return patient
        }
        let oracle = try HCCOracle.scores(patients.map(Self.oraclePatient), paymentYear: paymentYear, tables: Self.folder)
        XCTAssertEqual(oracle.count, patients.count)
        var compared = 0, withCategories = 0, institutionalOriginallyDisabled = 0
        for patient in patients {
            guard let expected = oracle[patient.id] else { XCTFail("the oracle did not score \(patient.id)"); continue }
            let score = try tables.score(patient.enrollee, diagnoses: patient.diagnoses, model: patient.model)
            var terms: [String: Int] = [:]
            for term in score.terms {
                terms[term.kind == .category ? String(term.variable.dropFirst(3)) : term.variable] = term.coefficient.thousandths
            }
            var total = score.riskScore.thousandths
            // CMS's institutional segment has ORIGDS; hccinfhir never sets it.
            if let origds = terms.removeValue(forKey: "ORIGDS") { total -= origds; institutionalOriginallyDisabled += 1 }
            let oracleTerms = expected.coefficients.mapValues { Int(($0 * 1000).rounded()) }
            let context = "\(paymentYear) \(patient.id) \(patient.model) \(patient.enrollee) \(patient.diagnoses)"
            XCTAssertEqual(total, Int((expected.risk_score * 1000).rounded()), context)
            XCTAssertEqual(score.hccs.map { String($0.category) }.sorted(), expected.hccs.sorted(), context)
            XCTAssertEqual(terms, oracleTerms, context)
            compared += 1
            if !score.hccs.isEmpty { withCategories += 1 }
        }
        XCTAssertEqual(compared, count)
        // The comparison means something only if most patients have categories and every segment is reached.
        XCTAssertGreaterThan(withCategories, count * 3 / 4)
        XCTAssertEqual(Set(patients.map(\.enrollee.segment)), Set(RiskSegment.allCases).subtracting([.newEnrolleeSpecialNeeds]))
        XCTAssertGreaterThan(institutionalOriginallyDisabled, 0)
    }

    static func oraclePatient(_ patient: SyntheticPatient) -> HCCOracle.Patient {
        HCCOracle.Patient(id: patient.id, model: patient.model.rawValue, age: patient.enrollee.age,
                          sex: patient.enrollee.sex.rawValue, dx: patient.diagnoses, dual: patient.enrollee.dualStatus,
                          orec: String(patient.enrollee.originalReason), lti: patient.enrollee.longTermInstitutional,
                          newEnrollee: patient.enrollee.newEnrollee)
    }

    /// The three places where hccinfhir 0.4.0 departs from CMS's model software, and what Revcycle does.
    func testWhereRevcycleFollowsCMS() throws {
        let tables = try tables(2026)
        // 1. An institutional enrollee who aged in after disability has the institutional ORIGDS variable.
        let institutional = try Enrollee(age: 70, sex: .male, originalReason: 1, longTermInstitutional: true)
        let score = try tables.score(institutional, diagnoses: [], model: .v28)
        XCTAssertEqual(score.segment, .institutional)
        XCTAssertEqual(score.terms.map(\.variable), ["M70_74", "ORIGDS"])
        // 2. A new enrollee in an institution is scored as a new enrollee: no diagnosis history to score.
        let newInNursingHome = try Enrollee(age: 67, sex: .female, longTermInstitutional: true, newEnrollee: true)
        let newScore = try tables.score(newInNursingHome, diagnoses: ["E11.22"], model: .v28)
        XCTAssertEqual(newScore.segment, .newEnrollee)
        XCTAssertEqual(newScore.terms.map(\.variable), ["NMCAID_NORIGDIS_NEF67"])
        XCTAssertGreaterThan(newScore.riskScore.thousandths, 0)
        // 3. An age edit that makes a diagnosis invalid removes both of the categories it maps to (I70.231, a child).
        XCTAssertEqual(tables.categories(of: "I70.231", model: .v28).count, 2)
        let child = try Enrollee(age: 10, sex: .female)
        let childScore = try tables.score(child, diagnoses: ["I70.231"], model: .v28)
        XCTAssertEqual(childScore.hccs, [])
        XCTAssertEqual(childScore.edits.first?.diagnosis, "I70.231")
        XCTAssertNil(childScore.edits.first?.movedTo)
    }

    func testEditsHierarchiesAndInteractionsAreExplained() throws {
        let tables = try tables(2026)
        // D66 (hemophilia) counts for another category in a woman (V28: CC112).
        let woman = try Enrollee(age: 70, sex: .female)
        let edited = try tables.score(woman, diagnoses: ["D66"], model: .v28)
        XCTAssertEqual(edited.edits.map(\.movedTo), [112])
        XCTAssertEqual(edited.hccs.map(\.category), [112])
        let man = try Enrollee(age: 70, sex: .male)
        XCTAssertTrue(try tables.score(man, diagnoses: ["D66"], model: .v28).edits.isEmpty)
        // V28's HCC 223 needs another heart failure category beside it.
        let lone223 = tables.mappedDiagnoses(model: .v28).first { tables.categories(of: $0, model: .v28) == [223] }
        let lone = try XCTUnwrap(lone223)
        let heartAssist = try tables.score(man, diagnoses: [lone], model: .v28)
        XCTAssertTrue(heartAssist.hccs.isEmpty)
        XCTAssertEqual(heartAssist.edits.map(\.diagnosis), [lone])
        XCTAssertTrue(heartAssist.edits.first?.reason.contains("HCC 223") ?? false)
        // A disabled enrollee (under 65, entitled by disability) with heart failure has DISABLED_HF_V28 in the
        // institutional segment.
        let disabled = try Enrollee(age: 50, sex: .male, originalReason: 1, longTermInstitutional: true)
        let disabledScore = try tables.score(disabled, diagnoses: ["I50.22"], model: .v28)
        XCTAssertNotNil(disabledScore.interactions["DISABLED_HF_V28"])
        XCTAssertEqual(disabledScore.segment, .institutional)
    }

    func testSegments() throws {
        func segment(_ age: Int, dual: String = "NA", reason: Int = 0, lti: Bool = false, new: Bool = false, snp: Bool = false) throws -> String {
            try Enrollee(age: age, sex: .female, dualStatus: dual, originalReason: reason, longTermInstitutional: lti,
                         newEnrollee: new, specialNeedsPlan: snp).segment.rawValue
        }
        XCTAssertEqual(try segment(70), "CNA")
        XCTAssertEqual(try segment(50, reason: 1), "CND")
        XCTAssertEqual(try segment(70, dual: "02"), "CFA")
        XCTAssertEqual(try segment(50, dual: "08", reason: 1), "CFD")
        XCTAssertEqual(try segment(70, dual: "01"), "CPA")
        XCTAssertEqual(try segment(40, dual: "06", reason: 1), "CPD")
        XCTAssertEqual(try segment(80, lti: true), "INS")
        XCTAssertEqual(try segment(65, new: true), "NE")
        XCTAssertEqual(try segment(65, new: true, snp: true), "SNPNE")
        // Someone of 64 entitled by age is about to age in: the new enrollee cell of 65.
        XCTAssertEqual(try Enrollee(age: 64, sex: .male, newEnrollee: true).segment, .newEnrollee)
    }

    func testBadInputIsRefusedWithTheReason() throws {
        XCTAssertThrowsError(try Enrollee(age: -1, sex: .female)) { XCTAssertTrue("\($0)".contains("age -1")) }
        XCTAssertThrowsError(try Enrollee(age: 70, sex: .female, dualStatus: "11")) { XCTAssertTrue("\($0)".contains("dual status \"11\"")) }
        XCTAssertThrowsError(try Enrollee(age: 70, sex: .female, originalReason: 4))
        XCTAssertThrowsError(try Enrollee(age: 70, sex: .female, originalReason: 2, newEnrollee: true)) {
            XCTAssertTrue("\($0)".contains("ESRD"))
        }
        XCTAssertThrowsError(try JSONDecoder().decode(Enrollee.self, from: Data(#"{"age": 70, "sex": "F", "dualStatus": "42"}"#.utf8)))
        let decoded = try JSONDecoder().decode(Enrollee.self, from: Data(#"{"age": 70, "sex": "F"}"#.utf8))
        XCTAssertEqual(decoded, try Enrollee(age: 70, sex: .female))
        let tables = try tables(2027)
        XCTAssertThrowsError(try tables.score(try Enrollee(age: 70, sex: .female), diagnoses: [], model: .v24)) {
            XCTAssertEqual($0 as? RiskAdjustmentError, .modelNotInPaymentYear(.v24, 2027))
        }
        XCTAssertThrowsError(try RiskAdjustmentTables.load(directory: Self.folder, paymentYear: 2019))
        // Garbage diagnoses are reported, not fatal.
        let score = try tables.score(try Enrollee(age: 70, sex: .female), diagnoses: ["", "E11.22.", "not a code", "ÉÉ"], model: .v28)
        XCTAssertEqual(score.unmappedDiagnoses, ["", "not a code", "ÉÉ"])
        XCTAssertEqual(score.hccs.map(\.category), [37])
    }

    func testATableWithABadRowNamesFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-hcc-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.folder.path) where name.hasSuffix(".csv") {
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let coefficients = folder.appendingPathComponent("ra_coefficients_2026.csv")
        var text = try String(contentsOf: coefficients, encoding: .utf8)
        text += "CNA_HCC37,0.1234,CMS-HCC,C28\n"
        try text.write(to: coefficients, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        XCTAssertThrowsError(try RiskAdjustmentTables.load(directory: folder, paymentYear: 2026)) {
            XCTAssertEqual("\($0)", "ra_coefficients_2026.csv:\(lines): coefficient \"0.1234\" is not a number with at most three decimals")
        }
    }

    func testPaymentScoreNormalizesThenAdjustsForCodingPattern() throws {
        let adjustment = try PaymentAdjustment(normalizationFactor: 1045, codingAdjustment: 59)
        // 2.120 / 1.045 = 2.0287 → 2.029; × 0.941 = 1.909289 → 1.909.
        XCTAssertEqual(adjustment.paymentScore(RiskValue(thousandths: 2120)).description, "1.909")
        XCTAssertEqual(PaymentAdjustment.blended([.v24: RiskValue(thousandths: 2000), .v28: RiskValue(thousandths: 1000)],
                                                 paymentYear: 2025)?.description, "1.330")
        XCTAssertEqual(PaymentAdjustment.blended([.v28: RiskValue(thousandths: 1000)], paymentYear: 2026)?.description, "1.000")
        XCTAssertNil(PaymentAdjustment.blended([.v28: RiskValue(thousandths: 1000)], paymentYear: 2025))
        XCTAssertThrowsError(try PaymentAdjustment(normalizationFactor: 0))
    }

    func testSuspectedGapsAreLastYearsCategoriesNotCodedThisYear() throws {
        let tables = try tables(2026)
        let woman = try Enrollee(age: 72, sex: .female)
        let gaps = try tables.suspectedGaps(woman, priorYear: ["E11.9", "J44.1", "F32.0"], currentYear: ["E11.22"], model: .v28)
        // Diabetes is covered by a higher diabetes category this year; COPD is not coded again.
        XCTAssertEqual(gaps.map(\.category), [280])
        XCTAssertEqual(gaps.first?.priorDiagnoses, ["J44.1"])
        XCTAssertNotNil(gaps.first?.coefficient)
    }
}
