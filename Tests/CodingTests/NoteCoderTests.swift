import CodeSets
import Coding
import Foundation
import OracleSupport
import XCTest

/// The note coder on the official code sets (REVCYCLE_CODESETS or ../shared/codesets), through its public API.
final class NoteCoderTests: XCTestCase {
    /// Imported once for the class: the import and the lexicon take seconds.
    nonisolated(unsafe) static var shared: Result<NoteCoder, Error>?
    /// A date the FY2026 April release covers.
    static let date = ServiceDate(year: 2026, month: 6, day: 1)!

    func coder() throws -> NoteCoder {
        if Self.shared == nil {
            Self.shared = Result { try NoteCoder(library: try CodeSetImport.run(directory: SharedFiles.codesets).0) }
        }
        return try Self.shared!.get()
    }

    func codes(_ note: String, _ setting: CodingSetting = .outpatient) throws -> (codes: [String], result: NoteCoding) {
        let r = try coder().code(note: note, setting: setting, date: Self.date)
        return (r.suggestions.map(\.code), r)
    }

    func testNegatedConditionsAreSetAsideNotSuggested() throws {
        let (codes, result) = try codes("The patient denies chest pain. No evidence of pneumonia. She has a cough.")
        XCTAssertFalse(codes.contains { $0.hasPrefix("R07") }, "\(codes)")
        XCTAssertFalse(codes.contains { $0.hasPrefix("J18") }, "\(codes)")
        XCTAssertTrue(codes.contains { $0.hasPrefix("R05") }, "the cough is not negated: \(codes)")
        let negated = result.setAside.filter { $0.reason == .negated }
        XCTAssertTrue(negated.contains { $0.evidence.lowercased().contains("chest pain") && $0.rationale.contains("denies") }, "\(negated)")
        XCTAssertTrue(negated.contains { $0.evidence.lowercased().contains("pneumonia") && $0.rationale.contains("no evidence of") }, "\(negated)")
    }

    func testUncertainDiagnosisOutpatientCodesSymptomsInpatientCodesTheCondition() throws {
        let note = "Fever and cough. Suspected pneumonia."
        let outpatient = try codes(note, .outpatient)
        XCTAssertFalse(outpatient.codes.contains { $0.hasPrefix("J18") }, "\(outpatient.codes)")
        XCTAssertTrue(outpatient.codes.contains { $0.hasPrefix("R50") } && outpatient.codes.contains { $0.hasPrefix("R05") }, "\(outpatient.codes)")
        XCTAssertTrue(outpatient.result.setAside.contains { $0.reason == .uncertain && $0.rationale.contains("suspected") })
        let inpatient = try codes(note, .inpatient)
        let pneumonia = try XCTUnwrap(inpatient.result.suggestions.first { $0.code.hasPrefix("J18") }, "\(inpatient.codes)")
        XCTAssertTrue(pneumonia.rationale.contains("as if established"), pneumonia.rationale)
    }

    func testHistoryOfCancerIsPersonalHistoryNotTheCancer() throws {
        let (codes, result) = try codes("History of breast cancer, treated with mastectomy in 2015.")
        XCTAssertTrue(codes.contains("Z85.3"), "\(codes)")
        XCTAssertFalse(codes.contains { $0.hasPrefix("C50") }, "\(codes)")
        XCTAssertTrue(result.suggestions.first { $0.code == "Z85.3" }?.rationale.contains("personal history") ?? false)
    }

    func testFamilyHistoryIsCodedAsFamilyHistory() throws {
        let (codes, _) = try codes("Her mother had breast cancer.")
        XCTAssertTrue(codes.contains("Z80.3"), "\(codes)")
        XCTAssertFalse(codes.contains { $0.hasPrefix("C50") || $0.hasPrefix("Z85") }, "\(codes)")
    }

    func testDiabetesWithChronicKidneyDiseaseIsTheCombinationCodeAndTheStage() throws {
        let (codes, result) = try codes("Type 2 diabetes mellitus on metformin. Chronic kidney disease stage 4 followed by nephrology.")
        XCTAssertTrue(codes.contains("E11.22"), "\(codes)")
        XCTAssertTrue(codes.contains("N18.4"), "\(codes)")
        XCTAssertFalse(codes.contains("E11.9"), "the combination replaces the single code: \(codes)")
        let e1122 = try XCTUnwrap(result.suggestions.first { $0.code == "E11.22" })
        XCTAssertTrue(e1122.rationale.contains("\"with\" convention"), e1122.rationale)
        XCTAssertTrue(e1122.pairedCodes.contains("N18.4"), "use additional code for the stage: \(e1122.pairedCodes)")
    }

    /// The stage is the one written with "stage", not a number elsewhere in the sentence ("type 2" made it N18.2).
    func testTheStageIsTheNumberWrittenWithIt() throws {
        let (found, _) = try codes("Type 2 diabetes mellitus with diabetic chronic kidney disease stage 3a.")
        XCTAssertTrue(found.contains("E11.22"), "\(found)")
        XCTAssertTrue(found.contains("N18.31"), "\(found)")
        XCTAssertFalse(found.contains("N18.2"), "\(found)")
        let (later, _) = try codes("Chronic kidney disease stage 3b in a man with type 2 diabetes.")
        XCTAssertTrue(later.contains("N18.32"), "\(later)")
    }

    func testHypertensionWithChronicKidneyDiseaseIsI12() throws {
        let (codes, _) = try codes("Hypertension. Chronic kidney disease stage 3b.")
        XCTAssertTrue(codes.contains { $0.hasPrefix("I12") }, "\(codes)")
        XCTAssertFalse(codes.contains("I10"), "\(codes)")
        XCTAssertTrue(codes.contains("N18.32"), "\(codes)")
    }

    func testLateralityPicksTheSideTheNoteNames() throws {
        let right = try codes("Age-related nuclear cataract of the right eye.").codes
        let left = try codes("Age-related nuclear cataract of the left eye.").codes
        let none = try codes("Age-related nuclear cataract.").result
        XCTAssertTrue(right.contains("H25.11"), "\(right)")
        XCTAssertTrue(left.contains("H25.12"), "\(left)")
        let unspecified = try XCTUnwrap(none.suggestions.first { $0.code.hasPrefix("H25.1") })
        XCTAssertEqual(unspecified.code, "H25.10")
        XCTAssertEqual(unspecified.specificity, .unspecifiedChosen)
    }

    func testInjurySeventhCharacterFollowsTheEncounter() throws {
        let initial = try codes("Closed fracture of the shaft of the right femur after a fall.").codes
        let subsequent = try codes("Follow-up visit for fracture of the shaft of the right femur, routine healing.").codes
        let sequela = try codes("Sequela of fracture of the shaft of the right femur.").codes
        XCTAssertTrue(initial.contains { $0.hasPrefix("S72.3") && $0.hasSuffix("A") }, "\(initial)")
        XCTAssertTrue(subsequent.contains { $0.hasPrefix("S72.3") && $0.hasSuffix("D") }, "\(subsequent)")
        XCTAssertTrue(sequela.contains { $0.hasPrefix("S72.3") && $0.hasSuffix("S") }, "\(sequela)")
    }

    func testEvidenceOffsetsPointAtTheText() throws {
        let note = "Assessment:\nThe patient has acute appendicitis. Plan: surgery."
        let result = try codes(note, .inpatient).result
        let s = try XCTUnwrap(result.suggestions.first { $0.code.hasPrefix("K35") }, "\(result.suggestions.map(\.code))")
        let units = Array(note.utf16)
        XCTAssertEqual(String(decoding: units[s.start..<s.end], as: UTF16.self), s.evidence)
        XCTAssertTrue(s.evidence.lowercased().contains("appendicitis"), s.evidence)
        XCTAssertEqual(s.id, "\(s.code)@\(s.start)-\(s.end)")
        let decoded = try JSONDecoder().decode(CodeSuggestion.self, from: JSONEncoder().encode(s))
        XCTAssertEqual(decoded, s)
    }

    func testOnlyBillableCodesValidOnTheDateAndADateWithoutARelease() throws {
        let result = try codes("Diabetes with neuropathy. Asthma. Urinary tract infection.", .inpatient).result
        XCTAssertFalse(result.suggestions.isEmpty)
        for s in result.suggestions {
            XCTAssertTrue(try coder().library.isBillable(icd10cm: s.code, on: Self.date), s.code)
        }
        XCTAssertThrowsError(try coder().code(note: "asthma", setting: .outpatient, date: ServiceDate(year: 2030, month: 1, day: 1)!)) { error in
            guard case NoteCodingError.noReleaseOnDate = error else { return XCTFail("\(error)") }
        }
        XCTAssertTrue(try coder().code(note: "", setting: .outpatient, date: Self.date).suggestions.isEmpty)
    }

    func testHypertensionWithHeartFailureAndKidneyDiseaseIsI13AndItsInstructionsPairTheCodes() throws {
        let (codes, result) = try codes("Hypertension. Congestive heart failure. Chronic kidney disease stage 3a.")
        XCTAssertTrue(codes.contains("I13.0"), "\(codes)")
        XCTAssertFalse(codes.contains { $0 == "I10" || $0.hasPrefix("I11") || $0.hasPrefix("I12") }, "\(codes)")
        XCTAssertTrue(codes.contains("N18.31") && codes.contains { $0.hasPrefix("I50") }, "\(codes)")
        let i13 = try XCTUnwrap(result.suggestions.first { $0.code == "I13.0" })
        XCTAssertTrue(i13.rationale.contains("I.C.9.a.3"), i13.rationale)
        XCTAssertTrue(i13.pairedCodes.contains("N18.31"), "\(i13.pairedCodes)")
        // Code first: the hypertensive code is sequenced before the stage it asks for.
        let order = result.suggestions.map(\.code)
        XCTAssertLessThan(try XCTUnwrap(order.firstIndex(of: "I13.0")), try XCTUnwrap(order.firstIndex(of: "N18.31")))
    }

    func testRuleOutIsUncertainAndRuledOutIsNegated() throws {
        let ruleOut = try codes("Right lower quadrant pain. Rule out appendicitis.", .outpatient)
        XCTAssertFalse(ruleOut.codes.contains { $0.hasPrefix("K35") || $0.hasPrefix("K37") }, "\(ruleOut.codes)")
        XCTAssertTrue(ruleOut.result.setAside.contains { $0.reason == .uncertain && $0.rationale.contains("rule out") })
        let ruledOut = try codes("Appendicitis was ruled out.", .inpatient)
        XCTAssertFalse(ruledOut.codes.contains { $0.hasPrefix("K35") || $0.hasPrefix("K37") }, "\(ruledOut.codes)")
        XCTAssertTrue(ruledOut.result.setAside.contains { $0.reason == .negated })
    }

    func testAnyTextIsReadWithoutCrashingAndLongNotesAreRefused() throws {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("abc XYZ 0123 .,;:()-/'\n\té漢😀\u{0}")
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 0...300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let result = try coder().code(note: text, setting: .inpatient, date: Self.date)
            let units = Array(text.utf16)
            for s in result.suggestions {
                XCTAssertTrue(0 <= s.start && s.start <= s.end && s.end <= units.count)
            }
        }
        let long = String(repeating: "fever ", count: NoteCoder.maximumLength / 6 + 1)
        XCTAssertThrowsError(try coder().code(note: long, setting: .inpatient, date: Self.date)) { error in
            guard case NoteCodingError.noteTooLong = error else { return XCTFail("\(error)") }
        }
    }
}
