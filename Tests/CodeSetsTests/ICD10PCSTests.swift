import Foundation
import XCTest
@testable import CodeSets

final class ICD10PCSTests: XCTestCase {
    /// The FY2025 release (tables, definitions, index), read once for all tests.
    private static let cached2025: Result<PCSRelease, any Error> = Result {
        try PCSImporter.release(
            tables: try TestCodeSets.file("icd10pcs/2025/icd10pcs_tables_2025.xml"),
            definitions: try TestCodeSets.file("icd10pcs/2025/icd10pcs_definitions_2025.xml"),
            index: try TestCodeSets.file("icd10pcs/2025/icd10pcs_index_2025.xml"))
    }

    private func release2025() throws -> PCSRelease { try Self.cached2025.get() }

    // MARK: Real files

    func testTables2025CountsAndRelease() throws {
        let r = try release2025()
        XCTAssertEqual(r.tables.count, 908)
        XCTAssertEqual(r.allCodes().count, 78_948)
        XCTAssertEqual(Set(r.allCodes()).count, 78_948)
        XCTAssertEqual(r.release.system, .icd10pcs)
        XCTAssertEqual(r.release.name, "ICD-10-PCS FY2025")
        XCTAssertEqual(r.release.effectiveFrom, ServiceDate(year: 2024, month: 10, day: 1))
        XCTAssertEqual(r.release.effectiveThrough, ServiceDate(year: 2025, month: 9, day: 30))
        XCTAssertEqual(r.release.sourceFiles, ["icd10pcs_tables_2025.xml", "icd10pcs_definitions_2025.xml", "icd10pcs_index_2025.xml"])
        XCTAssertFalse(r.definitions.isEmpty)
        XCTAssertFalse(r.index.isEmpty)
    }

    func testTables2026Counts() throws {
        let r = try PCSImporter.release(
            tables: try TestCodeSets.file("icd10pcs/2026/icd10pcs_tables_2026.xml"),
            definitions: try TestCodeSets.file("icd10pcs/2026/icd10pcs_definitions_2026.xml"))
        XCTAssertEqual(r.tables.count, 914)
        XCTAssertEqual(r.allCodes().count, 79_115)
        XCTAssertEqual(r.release.name, "ICD-10-PCS FY2026")
        XCTAssertEqual(r.release.effectiveFrom, ServiceDate(year: 2025, month: 10, day: 1))
        XCTAssertNotNil(r.lookup("0DTJ4ZZ"))
    }

    func testDefinitionsOfAnotherYearAreRefused() throws {
        var r = try PCSImporter.tables(url: try TestCodeSets.file("icd10pcs/2026/icd10pcs_tables_2026.xml"))
        let defs = try PCSImporter.definitions(url: try TestCodeSets.file("icd10pcs/2025/icd10pcs_definitions_2025.xml"))
        XCTAssertThrowsError(try r.attach(defs))
    }

    func testLaparoscopicAppendectomy() throws {
        let r = try release2025()
        let l = try XCTUnwrap(r.lookup("0DTJ4ZZ"))
        XCTAssertTrue(l.billable)
        XCTAssertEqual(l.code, "0DTJ4ZZ")
        XCTAssertEqual(l.title, "Resection of Appendix, Percutaneous Endoscopic Approach")
        XCTAssertEqual(l.axes.map(\.position), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(l.axes.map(\.label), ["Medical and Surgical", "Gastrointestinal System", "Resection", "Appendix",
                                             "Percutaneous Endoscopic", "No Device", "No Qualifier"])
        XCTAssertEqual(l.axes[2].axisTitle, "Operation")
        XCTAssertEqual(l.axes[4].axisTitle, "Approach")
        XCTAssertEqual(l.axes[2].definition, "Cutting out or off, without replacement, all of a body part")
        XCTAssertTrue(l.axes[3].includes.contains("Vermiform appendix"))
        XCTAssertEqual(l.codeCount, 1)
        // Any case.
        XCTAssertEqual(r.lookup("0dtj4zz"), l)
    }

    func testBypassTitle() throws {
        let r = try release2025()
        let l = try XCTUnwrap(r.lookup("0016070"))
        XCTAssertTrue(l.billable)
        XCTAssertEqual(l.title, "Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach")
        XCTAssertEqual(l.axes[5].label, "Autologous Tissue Substitute")
        XCTAssertEqual(l.axes[6].label, "Nasopharynx")
    }

    func testHeaders() throws {
        let r = try release2025()
        let section = try XCTUnwrap(r.lookup("0"))
        XCTAssertFalse(section.billable)
        XCTAssertEqual(section.axes.first?.label, "Medical and Surgical")
        XCTAssertTrue(section.children.contains { $0.character == "D" && $0.label == "Gastrointestinal System" })

        let table = try XCTUnwrap(r.lookup("0DT"))
        XCTAssertFalse(table.billable)
        XCTAssertEqual(table.axes.map(\.label), ["Medical and Surgical", "Gastrointestinal System", "Resection"])
        XCTAssertEqual(table.codeCount, r.allCodes().filter { $0.hasPrefix("0DT") }.count)
        XCTAssertEqual(table.children.reduce(0) { $0 + $1.codeCount }, table.codeCount)

        let appendix = try XCTUnwrap(r.lookup("0dtj"))
        XCTAssertEqual(appendix.code, "0DTJ")
        XCTAssertEqual(appendix.axes.last?.label, "Appendix")
        XCTAssertEqual(appendix.codeCount, r.allCodes().filter { $0.hasPrefix("0DTJ") }.count)
        XCTAssertEqual(appendix.children.map(\.character), ["0", "4", "7", "8"])
        XCTAssertEqual(appendix.children.first { $0.character == "4" }?.label, "Percutaneous Endoscopic")

        XCTAssertEqual(r.lookup("0DTJ4Z")?.codeCount, 2)
    }

    func testInvalidCodesExplained() throws {
        let r = try release2025()
        for bad in ["0DTJXZZ", "QDTJ4ZZ", "0DTJ4Z1", "0DTJ4ZZZ", "0D-J4ZZ", ""] { XCTAssertNil(r.lookup(bad), bad) }
        let approach = r.explainInvalid("0DTJXZZ")
        XCTAssertTrue(approach.contains("character 5 'X'"), approach)
        XCTAssertTrue(approach.contains("approach"), approach)
        XCTAssertTrue(approach.contains("0DTJ"), approach)
        XCTAssertTrue(r.explainInvalid("QDTJ4ZZ").contains("character 1 'Q'"))
        XCTAssertTrue(r.explainInvalid("0DTJ4Z1").contains("character 7 '1'"))
        XCTAssertTrue(r.explainInvalid("0DTJ4Z1").contains("qualifier"))
        XCTAssertTrue(r.explainInvalid("0DTJ4ZZZ").contains("8 characters"))
        XCTAssertTrue(r.explainInvalid("0D-J4ZZ").contains("character 3 '-'"))
        XCTAssertTrue(r.explainInvalid("0DT").contains("incomplete"))
    }

    func testAllCodesAreValidAndSearchDocuments() throws {
        let r = try release2025()
        let codes = r.allCodes()
        for code in stride(from: 0, to: codes.count, by: 97).map({ codes[$0] }) {
            XCTAssertEqual(r.lookup(code)?.billable, true, code)
        }
        let docs = r.searchDocuments()
        XCTAssertEqual(docs.filter(\.billable).count, 78_948)
        XCTAssertTrue(docs.contains { $0.code == "0DTJ4ZZ" && $0.text == "Resection of Appendix, Percutaneous Endoscopic Approach" && $0.billable })
        XCTAssertTrue(docs.contains { !$0.billable && $0.code == "0DTJ" && $0.text.contains("Appendectomy") && $0.text.contains("see Resection, Appendix") })
    }

    func testIndexAppendectomy() throws {
        let r = try release2025()
        let entries = r.index.filter { $0.path.first == "Appendectomy" }
        XCTAssertEqual(entries, [
            PCSIndexEntry(path: ["Appendectomy"], see: "Excision, Appendix", codes: ["0DBJ"]),
            PCSIndexEntry(path: ["Appendectomy"], see: "Resection, Appendix", codes: ["0DTJ"]),
        ])
        XCTAssertTrue(r.index.contains(PCSIndexEntry(path: ["Abortion", "Laminaria"], codes: ["10A07ZW"])))
        XCTAssertTrue(r.index.contains(PCSIndexEntry(path: ["Abdominal esophagus"], use: "Esophagus, Lower")))
        XCTAssertTrue(r.index.contains(PCSIndexEntry(path: ["Acetabulectomy"], see: "Excision, Lower Bones", codes: ["0QB"])))
    }

    func testCodeFile2024() throws {
        let r = try PCSImporter.codeFile(url: try TestCodeSets.file("icd10pcs/icd10pcs-codes-2024.txt"))
        XCTAssertEqual(r.release.name, "ICD-10-PCS FY2024 (code file)")
        XCTAssertEqual(r.release.effectiveFrom, ServiceDate(year: 2023, month: 10, day: 1))
        XCTAssertEqual(r.release.effectiveThrough, ServiceDate(year: 2024, month: 9, day: 30))
        XCTAssertTrue(r.isCodeFileOnly)
        XCTAssertEqual(r.allCodes().count, 78_603)
        let l = try XCTUnwrap(r.lookup("0016070"))
        XCTAssertTrue(l.billable)
        XCTAssertEqual(l.title, "Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach")
        XCTAssertEqual(r.lookup("0DTJ4ZZ")?.title, "Resection of Appendix, Percutaneous Endoscopic Approach")
        XCTAssertEqual(r.lookup("0DTJ")?.billable, false)
        XCTAssertNil(r.lookup("0DTJXZZ"))
        XCTAssertTrue(r.explainInvalid("0DTJXZZ").contains("character 5 'X'"))
    }

    func testSnapshotRoundTrip() throws {
        let r = try release2025()
        var w = SnapshotWriter()
        r.write(to: &w)
        let dir = try TestCodeSets.temporaryDirectory(self)
        let url = dir.appendingPathComponent("icd10pcs-2025.snapshot")
        try Data(w.data).write(to: url)
        var reader = SnapshotReader(bytes: [UInt8](try Data(contentsOf: url)), file: url.lastPathComponent)
        let back = try PCSRelease(from: &reader)
        XCTAssertTrue(reader.atEnd)
        XCTAssertEqual(back.release, r.release)
        XCTAssertEqual(back.tables, r.tables)
        XCTAssertEqual(back.definitions, r.definitions)
        XCTAssertEqual(back.deviceAggregates, r.deviceAggregates)
        XCTAssertEqual(back.index, r.index)
        XCTAssertEqual(back.allCodes(), r.allCodes())
        for code in ["0DTJ4ZZ", "0016070", "0DTJ", "0", "XW0G7R7"] { XCTAssertEqual(back.lookup(code), r.lookup(code), code) }
        XCTAssertEqual(back.explainInvalid("0DTJXZZ"), r.explainInvalid("0DTJXZZ"))

        // A code-file release round-trips too.
        let flat = try PCSImporter.codeFile(url: try TestCodeSets.file("icd10pcs/icd10pcs-codes-2024.txt"))
        var w2 = SnapshotWriter()
        flat.write(to: &w2)
        var r2 = SnapshotReader(bytes: w2.data, file: "flat.snapshot")
        let flatBack = try PCSRelease(from: &r2)
        XCTAssertEqual(flatBack.codeFileEntries, flat.codeFileEntries)
        XCTAssertEqual(flatBack.lookup("0016070"), flat.lookup("0016070"))

        // A damaged snapshot is an error, not a crash.
        var cut = SnapshotReader(bytes: Array(w.data.prefix(w.data.count / 2)), file: "cut.snapshot")
        XCTAssertThrowsError(try PCSRelease(from: &cut))
    }

    func testLoadingSpeed() throws {
        let url = try TestCodeSets.file("icd10pcs/2025/icd10pcs_tables_2025.xml")
        let start = Date()
        _ = try PCSImporter.tables(url: url)
        let seconds = Date().timeIntervalSince(start)
        #if DEBUG
        XCTAssertLessThan(seconds, 10)
        #else
        XCTAssertLessThan(seconds, 1.5)
        #endif
    }

    // MARK: Bad input

    private func write(_ text: String, _ name: String) throws -> URL {
        let url = try TestCodeSets.temporaryDirectory(self).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    private func assertError(_ body: @autoclosure () throws -> some Any, file name: String, line expectedLine: Int? = nil,
                             mentions: String? = nil, sourceLine: UInt = #line) {
        XCTAssertThrowsError(try body(), line: sourceLine) { error in
            guard let e = error as? CodeSetError else { return XCTFail("not a CodeSetError: \(error)", line: sourceLine) }
            XCTAssertEqual(e.file, name, line: sourceLine)
            XCTAssertNotNil(e.line, "no line in \(e)", line: sourceLine)
            if let expectedLine { XCTAssertEqual(e.line, expectedLine, "\(e)", line: sourceLine) }
            XCTAssertTrue(e.description.contains(name), line: sourceLine)
            if let mentions { XCTAssertTrue(e.description.contains(mentions), "\(e)", line: sourceLine) }
        }
    }

    func testTruncatedXML() throws {
        let real = try String(contentsOf: TestCodeSets.file("icd10pcs/2025/icd10pcs_tables_2025.xml"), encoding: .utf8)
        let url = try write(String(real.prefix(100_000)), "truncated.xml")
        let lines = String(real.prefix(100_000)).split(separator: "\n", omittingEmptySubsequences: false).count
        XCTAssertThrowsError(try PCSImporter.tables(url: url)) { error in
            guard let e = error as? CodeSetError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, "truncated.xml")
            XCTAssertGreaterThan(e.line ?? 0, lines - 5, "\(e)")
            XCTAssertTrue(e.description.contains("ICD10PCS.tabular"), "\(e)")
        }
    }

    func testWrongRootElement() throws {
        let url = try write("<?xml version=\"1.0\"?>\n<ICD10PCS.index>\n  <version>2025</version>\n</ICD10PCS.index>\n", "wrong.xml")
        assertError(try PCSImporter.tables(url: url), file: "wrong.xml", line: 2, mentions: "ICD10PCS.tabular")
        let tables = try TestCodeSets.file("icd10pcs/2025/icd10pcs_tables_2025.xml")
        assertError(try PCSImporter.index(url: tables), file: "icd10pcs_tables_2025.xml", line: 2, mentions: "ICD10PCS.index")
        assertError(try PCSImporter.definitions(url: tables), file: "icd10pcs_tables_2025.xml", line: 2, mentions: "ICD10PCS.definitions")
    }

    func testNotXML() throws {
        let url = try write("0016070 Bypass Cerebral Ventricle to Nasopharynx\n", "codes.xml")
        assertError(try PCSImporter.tables(url: url), file: "codes.xml", line: 1)
        let empty = try write("", "empty.xml")
        assertError(try PCSImporter.tables(url: empty), file: "empty.xml", line: 1, mentions: "empty")
    }

    func testStructuralErrors() throws {
        let skipped = try write("""
            <ICD10PCS.tabular>
            <version>2025</version>
            <pcsTable>
            <axis pos="1" values="1"><title>Section</title><label code="0">Medical and Surgical</label></axis>
            <axis pos="3" values="1"><title>Operation</title><label code="T">Resection</label></axis>
            </pcsTable>
            </ICD10PCS.tabular>
            """, "skipped.xml")
        assertError(try PCSImporter.tables(url: skipped), file: "skipped.xml", line: 5, mentions: "pos=\"2\"")

        let badLabel = try write("""
            <ICD10PCS.tabular>
            <version>2025</version>
            <pcsTable>
            <axis pos="1" values="1"><title>Section</title><label code="00">Medical and Surgical</label></axis>
            </pcsTable>
            </ICD10PCS.tabular>
            """, "label.xml")
        assertError(try PCSImporter.tables(url: badLabel), file: "label.xml", line: 4, mentions: "code")

        let noTables = try write("<ICD10PCS.tabular>\n<version>2025</version>\n</ICD10PCS.tabular>\n", "none.xml")
        assertError(try PCSImporter.tables(url: noTables), file: "none.xml", mentions: "pcsTable")
    }

    func testSmallTableFile() throws {
        let url = try write("""
            <ICD10PCS.tabular>
            <version>2023</version>
            <pcsTable>
            <axis pos="1" values="1"><title>Section</title><label code="0">Medical and Surgical</label></axis>
            <axis pos="2" values="1"><title>Body System</title><label code="D">Gastrointestinal System</label></axis>
            <axis pos="3" values="1"><title>Operation</title><label code="T">Resection</label><definition>Cutting out</definition></axis>
            <pcsRow codes="2">
            <axis pos="4" values="1"><title>Body Part</title><label code="J">Appendix</label></axis>
            <axis pos="5" values="2"><title>Approach</title><label code="0">Open</label><label code="4">Percutaneous Endoscopic</label></axis>
            <axis pos="6" values="1"><title>Device</title><label code="Z">No Device</label></axis>
            <axis pos="7" values="1"><title>Qualifier</title><label code="Z">No Qualifier</label></axis>
            </pcsRow>
            </pcsTable>
            </ICD10PCS.tabular>
            """, "tiny_2023.xml")
        let r = try PCSImporter.tables(url: url)
        XCTAssertEqual(r.release.name, "ICD-10-PCS FY2023")
        XCTAssertEqual(r.allCodes(), ["0DTJ0ZZ", "0DTJ4ZZ"])
        XCTAssertEqual(r.lookup("0DTJ0ZZ")?.title, "Resection of Appendix, Open Approach")
        XCTAssertEqual(r.lookup("0DTJ0ZZ")?.axes[2].definition, "Cutting out")
    }

    func testBadCodeFile() throws {
        let url = try write("0016070 Bypass Cerebral Ventricle\n00160 short\n", "icd10pcs_codes_2024.txt")
        assertError(try PCSImporter.codeFile(url: url), file: "icd10pcs_codes_2024.txt", line: 2, mentions: "7-character")
        let binary = try TestCodeSets.temporaryDirectory(self).appendingPathComponent("codes_2024.bin")
        try Data([0x00, 0xFF, 0xFE, 0x10, 0x0A, 0x80]).write(to: binary)
        assertError(try PCSImporter.codeFile(url: binary), file: "codes_2024.bin", line: 1)
    }
}
