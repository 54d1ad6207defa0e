import CodeSets
import Coding
import Foundation
import XCTest

/// ICD-10-PCS procedure suggestions (`NoteCoding.procedures`), through the note coder's public API on the official
/// code sets. An extension of NoteCoderTests so that the library and the lexicons are imported once.
extension NoteCoderTests {
    func procedures(_ note: String, _ setting: CodingSetting = .inpatient, date: ServiceDate = NoteCoderTests.date) throws -> NoteCoding {
        try coder().code(note: note, setting: setting, date: date)
    }

    func pcsAside(_ r: NoteCoding) -> [SetAsideFinding] { r.setAside.filter { $0.codeSystem == .icd10pcs } }

    func testLaparoscopicAppendectomyIsResectionOfTheAppendixPercutaneousEndoscopic() throws {
        let note = "Laparoscopic appendectomy was performed."
        let r = try procedures(note)
        XCTAssertEqual(r.procedures.map(\.code), ["0DTJ4ZZ"], "\(r.procedures) \(pcsAside(r))")
        let s = try XCTUnwrap(r.procedures.first)
        XCTAssertEqual(s.codeSystem, .icd10pcs)
        XCTAssertEqual(s.id, "0DTJ4ZZ@\(s.start)-\(s.end)")
        XCTAssertEqual(s.evidence, "Laparoscopic appendectomy")
        XCTAssertEqual(String(decoding: Array(note.utf16)[s.start..<s.end], as: UTF16.self), s.evidence)
        XCTAssertTrue(s.indexPath.contains("Appendectomy") && s.indexPath.contains("0DTJ"), s.indexPath)
        for part in ["Resection", "Appendix", "Percutaneous Endoscopic", "\"laparoscopic\"", "No Device", "No Qualifier"] {
            XCTAssertTrue(s.rationale.contains(part), "\(part) missing from: \(s.rationale)")
        }
        XCTAssertTrue(s.confidence > 0 && s.confidence < 1)
        XCTAssertTrue(r.suggestions.allSatisfy { $0.codeSystem == .icd10cm })
    }

    func testOpenAndLaparoscopicCholecystectomyDifferInTheApproach() throws {
        XCTAssertEqual(try procedures("An open cholecystectomy was performed for gallstones.").procedures.map(\.code), ["0FT40ZZ"])
        XCTAssertEqual(try procedures("The patient underwent laparoscopic cholecystectomy.").procedures.map(\.code), ["0FT44ZZ"])
    }

    func testTheSideOfASidedBodyPartIsTheOneWrittenWithIt() throws {
        let left = try procedures("Open radical nephrectomy of the left kidney was performed.")
        XCTAssertEqual(left.procedures.map(\.code), ["0TT10ZZ"], "\(pcsAside(left))")
        let right = try procedures("Right nephrectomy by open lumbotomy.")
        XCTAssertEqual(right.procedures.map(\.code), ["0TT00ZZ"], "\(pcsAside(right))")
        // No side written: set aside with the table, laterality named as missing.
        let unsided = try procedures("Open radical nephrectomy was performed.")
        XCTAssertTrue(unsided.procedures.isEmpty, "\(unsided.procedures)")
        XCTAssertTrue(pcsAside(unsided).contains { $0.reason == .axisNotDocumented && $0.rationale.contains("laterality") }, "\(pcsAside(unsided))")
    }

    func testABiopsyIsExcisionWithTheDiagnosticQualifier() throws {
        let r = try procedures("Percutaneous needle biopsy of the left kidney was performed.")
        XCTAssertEqual(r.procedures.map(\.code), ["0TB13ZX"], "\(pcsAside(r))")
    }

    func testNegatedPlannedAndPastProceduresAreNotSuggested() throws {
        let negated = try procedures("No laparoscopic appendectomy was performed.")
        XCTAssertTrue(negated.procedures.isEmpty, "\(negated.procedures)")
        XCTAssertTrue(pcsAside(negated).contains { $0.reason == .negated && $0.code == "0DTJ" }, "\(pcsAside(negated))")
        let planned = try procedures("She is scheduled for laparoscopic cholecystectomy next week.")
        XCTAssertTrue(planned.procedures.isEmpty, "\(planned.procedures)")
        XCTAssertTrue(pcsAside(planned).contains { $0.reason == .notPerformed && $0.rationale.contains("scheduled for") }, "\(pcsAside(planned))")
        let declined = try procedures("The patient declined laparoscopic cholecystectomy.")
        XCTAssertTrue(declined.procedures.isEmpty, "\(declined.procedures)")
        let past = try procedures("Status post laparoscopic appendectomy in 2010.")
        XCTAssertTrue(past.procedures.isEmpty, "\(past.procedures)")
        XCTAssertTrue(pcsAside(past).contains { $0.reason == .notPerformed }, "\(pcsAside(past))")
    }

    func testAMissingApproachIsSetAsideWithThePartialCode() throws {
        let r = try procedures("Appendectomy was performed without complications.")
        XCTAssertTrue(r.procedures.isEmpty, "\(r.procedures)")
        let aside = try XCTUnwrap(pcsAside(r).first { $0.reason == .axisNotDocumented }, "\(pcsAside(r))")
        XCTAssertEqual(aside.code, "0DTJ")
        XCTAssertTrue(aside.rationale.contains("approach not documented"), aside.rationale)
        XCTAssertTrue(aside.evidence.contains("Appendectomy"), aside.evidence)
    }

    func testOutpatientNotesGetNoProcedureCodes() throws {
        let r = try procedures("Laparoscopic appendectomy was performed.", .outpatient)
        XCTAssertTrue(r.procedures.isEmpty)
        XCTAssertTrue(pcsAside(r).isEmpty, "\(pcsAside(r))")
    }

    func testEverySuggestedProcedureIsAValidCodeOfTheReleaseInForce() throws {
        let note = """
        The patient was admitted with acute appendicitis. Laparoscopic appendectomy was performed. On day 3 a \
        colonoscopy was done. A transurethral resection of the prostate followed. Open cholecystectomy with a drain. \
        Percutaneous drainage of the right kidney. Laparoscopic left salpingectomy. Cystoscopy showed no tumor.
        """
        let r = try procedures(note)
        XCTAssertGreaterThanOrEqual(r.procedures.count, 4, "\(r.procedures.map(\.code)) \(pcsAside(r))")
        let library = try coder().library
        let release = try XCTUnwrap(library.icd10pcs.first { $0.release.covers(Self.date) && !$0.isCodeFileOnly })
        XCTAssertEqual(r.procedureRelease, release.release.name)
        for s in r.procedures {
            XCTAssertEqual(release.lookup(s.code)?.billable, true, "\(s.code) is not a valid code of \(release.release.name)")
            XCTAssertEqual(s.codeSystem, .icd10pcs)
            XCTAssertEqual(String(decoding: Array(note.utf16)[s.start..<s.end], as: UTF16.self), s.evidence)
        }
        XCTAssertTrue(r.procedures.contains { $0.code == "0DJD8ZZ" }, "colonoscopy: \(r.procedures.map(\.code))")
        // The 2025 index leads into the 2026 tables, and the rationale says so.
        XCTAssertTrue(r.procedures.allSatisfy { $0.rationale.contains("index led into") }, "\(r.procedures.map(\.rationale))")
    }

    func testTheReleaseInForceDecidesAndADateWithoutPCSTablesGivesNoProcedures() throws {
        let note = "Laparoscopic appendectomy was performed."
        // FY2024 is loaded only as the flat code file: no tables to complete a code in, and no error.
        let fy2024 = try procedures(note, date: ServiceDate(year: 2024, month: 6, day: 1)!)
        XCTAssertTrue(fy2024.procedures.isEmpty, "\(fy2024.procedures)")
        XCTAssertNil(fy2024.procedureRelease)
        // FY2025 has its own index: no note about another year's index.
        let fy2025 = try procedures(note, date: ServiceDate(year: 2025, month: 6, day: 1)!)
        XCTAssertEqual(fy2025.procedures.map(\.code), ["0DTJ4ZZ"])
        XCTAssertTrue(fy2025.procedureRelease?.contains("2025") ?? false, "\(String(describing: fy2025.procedureRelease))")
        XCTAssertFalse(fy2025.procedures[0].rationale.contains("index led into"), fy2025.procedures[0].rationale)
    }

    /// Procedure words in random order: spans stay inside the note, and every code is valid in the release.
    func testRandomProcedureWordsGiveOnlyValidCodesWithSpansInTheNote() throws {
        var generator = SeededGenerator(seed: 11)
        let pool = ["laparoscopic", "appendectomy", "open", "left", "right", "kidney", "nephrectomy", "biopsy", "no", "scheduled",
                    "for", "resection", "colon", "drain", "stent", "percutaneous", "cholecystectomy", "transurethral", "bladder",
                    "tumor", "chest", "x-ray", "with", "contrast", "of", "the", ".", ",", "(", ")", "\n", "é", "status", "post"]
        let library = try coder().library
        let release = try XCTUnwrap(library.icd10pcs.first { $0.release.covers(Self.date) && !$0.isCodeFileOnly })
        var found = 0
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined(separator: " ")
            let r = try procedures(text)
            let units = Array(text.utf16)
            for s in r.procedures {
                XCTAssertTrue(0 <= s.start && s.start <= s.end && s.end <= units.count, "\(s) in \(text)")
                XCTAssertEqual(release.lookup(s.code)?.billable, true, "\(s.code) from: \(text)")
                found += 1
            }
            for a in pcsAside(r) { XCTAssertTrue(0 <= a.start && a.start <= a.end && a.end <= units.count, "\(a) in \(text)") }
        }
        XCTAssertGreaterThan(found, 0, "the random notes should name some complete procedures")
    }

    func testSuggestionsStoredBeforeCodeSystemExistedReadAsICD10CM() throws {
        let old = #"{"id":"I10@0-12","code":"I10","title":"Essential (primary) hypertension","evidence":"hypertension","start":0,"end":12,"confidence":0.8,"rationale":"r","indexPath":"Hypertension","specificity":"complete","instructions":[],"pairedCodes":[]}"#
        let decoded = try JSONDecoder().decode(CodeSuggestion.self, from: Data(old.utf8))
        XCTAssertEqual(decoded.codeSystem, .icd10cm)
        XCTAssertEqual(decoded.id, "I10@0-12")
        let pcs = try XCTUnwrap(try procedures("Laparoscopic appendectomy was performed.").procedures.first)
        let data = try JSONEncoder().encode(pcs)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(#""codeSystem":"ICD-10-PCS""#))
        XCTAssertEqual(try JSONDecoder().decode(CodeSuggestion.self, from: data), pcs)
        let oldFinding = #"{"reason":"negated","code":"R07.9","indexPath":"Pain > chest","evidence":"chest pain","start":0,"end":10,"rationale":"r"}"#
        XCTAssertEqual(try JSONDecoder().decode(SetAsideFinding.self, from: Data(oldFinding.utf8)).codeSystem, .icd10cm)
    }
}
