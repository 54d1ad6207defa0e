import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import XCTest

/// Loading the Medicare Code Editor definitions: CMS's v43.1 text, and files the tests write.
final class MCETableTests: XCTestCase {
    func testTheCMSDefinitionsLoadWithTheirListsAndAges() throws {
        let tables = try DiagnosisRuleEditTests.mce.get()
        XCTAssertEqual(tables.tables.count, 1)
        let table = tables.tables[0]
        XCTAssertEqual(table.version, "v43.1")
        XCTAssertEqual(table.releaseName, "April 2026")
        XCTAssertEqual(table.effective, ScrubberTests.date("2026-04-01"))
        XCTAssertEqual(table.sourceName, "Medicare Code Editor v43.1 (April 2026)")
        XCTAssertEqual(table.ageLists.map(\.category), [.newborn, .pediatric, .maternity, .adult])
        XCTAssertEqual(table.ageLists.map(\.ages), [0...0, 0...17, 9...64, 15...124])
        XCTAssertEqual(table.ageLists.map(\.codes.count), [42, 125, 2_543, 856])
        XCTAssertEqual(table.ageLists[1].heading, "B. Pediatric diagnoses (age 0 through 17)")
        XCTAssertEqual(table.manifestations.count, 422)
        XCTAssertEqual(table.unacceptablePrincipal.count, 2_652)
        XCTAssertEqual(table.acceptableWithSecondary.count, 1)
        XCTAssertTrue(table.acceptableWithSecondary.contains("Z5189"))
        XCTAssertTrue(table.ageLists[0].codes.contains("A33"), "the first newborn code")
        XCTAssertTrue(table.ageLists[3].codes.contains("Z9852"), "the last adult code")
        XCTAssertTrue(table.manifestations.contains("G63"))
        XCTAssertTrue(table.unacceptablePrincipal.contains("Z23"))
        XCTAssertFalse(table.unacceptablePrincipal.contains("I10"), "the questionable admission list is another list")
        // A date before the first release is judged by it.
        XCTAssertEqual(tables.table(on: ScrubberTests.date("2025-01-02"))?.version, "v43.1")
    }

    func testScrubberLoadFindsTheMCE() throws {
        let (scrubber, summary) = try Scrubber.load(library: try ScrubberTests.library.get(), codeSets: SharedFiles.codesets, ptpDirectory: nil)
        XCTAssertTrue(summary.contains("MCE: Medicare Code Editor v43.1 (April 2026)"), summary)
        XCTAssertEqual(scrubber.mce?.tables.count, 1)
    }

    // MARK: Files the tests write

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mce-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    static func text(version: String = "v2.0", month: String = "April 2026", pediatricHeading: String = "B. Pediatric diagnoses (age 0 through 17)",
                     manifestations: String = "G63\tPolyneuropathy in diseases classified elsewhere") -> String {
        """
        Definitions of Medicare Code Edits
        ICD-10 Version
        \(version) \(month)
        Table of Contents
        A. Perinatal/Newborn diagnoses\t9
        * Perinatal/Newborn. Age 0 years only; a subset of diagnoses of the newborn period.
        * Pediatric. Age range is 0\u{2013}17 years inclusive (e.g., routine child health exam).
        * Maternity. Age range is 9\u{2013}64 years inclusive.
        * Adult. Age range is 15\u{2013}124 years inclusive.
        A. Perinatal/Newborn diagnoses
        Z00110\tHealth examination for newborn under 8 days old

        \(pediatricHeading)
        Z762\tEncntr for hlth suprvsn and care of healthy infant and child

        C. Maternity diagnoses (age 9 through 64)
        O00.00\tAbdominal pregnancy without intrauterine pregnancy
        O10-O16\tHypertensive disorders of pregnancy (a range)

        D. Adult diagnoses (age 15 through 124)
        Z0000\t\tEncntr for general adult medical exam w/o abnormal findings

        Manifestation codes not allowed as principal diagnosis
        \(manifestations)

        Unacceptable principal diagnosis codes
        Z23\tEncounter for immunization
        *Z5189\tEncounter for other specified aftercare

        """
    }

    func write(_ text: String, release: String, name: String = "Definitions_of_Medicare_Code_Edits.txt") throws -> URL {
        let folder = directory.appendingPathComponent("mce/\(release)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func testReleasesAreChosenByTheDateOfService() throws {
        _ = try write(Self.text(version: "v43.0", month: "October 2025"), release: "v43.0")
        _ = try write(Self.text(version: "v43.1", month: "April 2026"), release: "v43.1")
        let tables = try XCTUnwrap(try MCETables.load(codeSets: directory))
        XCTAssertEqual(tables.tables.map(\.effective), [ScrubberTests.date("2025-10-01"), ScrubberTests.date("2026-04-01")])
        XCTAssertEqual(tables.table(on: ScrubberTests.date("2026-03-31"))?.version, "v43.0")
        XCTAssertEqual(tables.table(on: ScrubberTests.date("2026-04-01"))?.version, "v43.1")
        XCTAssertEqual(tables.table(on: ScrubberTests.date("2024-01-01"))?.version, "v43.0", "before every release: the earliest")
        let table = tables.tables[0]
        XCTAssertTrue(table.ageLists[2].codes.contains("O0000"), "a code printed with its dot")
        XCTAssertTrue(table.ageLists[2].codes.contains("O1414"), "a code in a listed range")
        XCTAssertFalse(table.ageLists[2].codes.contains("O2000"))
        XCTAssertTrue(table.ageLists[3].codes.contains("Z0000"), "two tabs before the title")
        XCTAssertNil(try MCETables.load(codeSets: directory.appendingPathComponent("nothing here")))
    }

    func testAMalformedFileNamesTheLine() throws {
        let bad = try write(Self.text(manifestations: "G63\tPolyneuropathy in diseases classified elsewhere\nsee also chapter 2"), release: "v2.0")
        XCTAssertThrowsError(try MCETable.load(bad)) {
            XCTAssertEqual("\($0)", "Definitions_of_Medicare_Code_Edits.txt:25: expected an ICD-10-CM code, a tab and its title, found \"see also chapter 2\"")
        }
        let contradicted = try write(Self.text(pediatricHeading: "B. Pediatric diagnoses (age 0 through 18)"), release: "v2.0")
        XCTAssertThrowsError(try MCETable.load(contradicted)) { XCTAssertTrue("\($0)".hasSuffix(":13: the heading gives ages 0-18, the description 0-17"), "\($0)") }
        let missing = try write(Self.text().replacingOccurrences(of: "Manifestation codes not allowed as principal diagnosis", with: "Manifestations"), release: "v2.0")
        XCTAssertThrowsError(try MCETable.load(missing)) { XCTAssertTrue("\($0)".hasSuffix("no list \"Manifestation codes not allowed as principal diagnosis\""), "\($0)") }
        let twice = try write(Self.text(manifestations: "G63\tPolyneuropathy\nG63\tPolyneuropathy again"), release: "v2.0")
        XCTAssertThrowsError(try MCETable.load(twice)) { XCTAssertTrue("\($0)".hasSuffix(":25: G63 is listed twice"), "\($0)") }
        let unversioned = try write("Definitions of Medicare Code Edits\n", release: "v2.0")
        XCTAssertThrowsError(try MCETable.load(unversioned)) { XCTAssertTrue("\($0)".contains("no release line"), "\($0)") }
    }

    func testTheFolderMustNameTheFilesVersion() throws {
        _ = try write(Self.text(version: "v43.1"), release: "v43.0")
        XCTAssertThrowsError(try MCETables.load(codeSets: directory)) { XCTAssertTrue("\($0)".contains("is version v43.1, not v43.0 as its folder says"), "\($0)") }
    }
}
