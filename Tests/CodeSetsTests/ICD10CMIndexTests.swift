import Foundation
import XCTest
@testable import CodeSets

final class ICD10CMIndexTests: XCTestCase {
    // MARK: Real files

    func testFlattenedCSVAlphabeticIndex() throws {
        let index = try ICD10CMIndexImporter.flattenedCSV(url: try TestCodeSets.file("icd10cm/2025/icd10cm-index-2025-flattened.csv"))
        XCTAssertEqual(index.entries.count, 81_024)
        XCTAssertEqual(index.releases.count, 1)
        let release = try XCTUnwrap(index.releases.first)
        XCTAssertEqual(release.name, "ICD-10-CM Alphabetic Index FY2025 (flattened CSV)")
        XCTAssertEqual(release.system, .icd10cm)
        XCTAssertEqual(release.effectiveFrom, ServiceDate(year: 2024, month: 10, day: 1))
        XCTAssertEqual(release.effectiveThrough, ServiceDate(year: 2025, month: 9, day: 30))
        XCTAssertEqual(release.sourceFiles, ["icd10cm-index-2025-flattened.csv"])
        XCTAssertEqual(index.entries.filter { $0.level == 0 }.count, 8_100)

        // Diabetes, type 2, with chronic kidney disease: E11.22.
        let ckd = index.entries(forCode: "E11.22")
        let path = ["Diabetes, diabetic (mellitus) (sugar)", "type 2", "with", "chronic kidney disease"]
        let entry = try XCTUnwrap(ckd.first { $0.path == path })
        XCTAssertEqual(entry.code, "E11.22")
        XCTAssertEqual(entry.terms[0].title, "Diabetes, diabetic")
        XCTAssertEqual(entry.terms[0].nonessentialModifier, "(mellitus) (sugar)")
        XCTAssertEqual(entry.source, .alphabeticIndex)
        XCTAssertEqual(entry.displayText, "Diabetes, diabetic (mellitus) (sugar) > type 2 > with > chronic kidney disease")
        XCTAssertEqual(index.entries(forCode: "e1122").count, ckd.count, "undotted, any case")
        let docs = index.searchDocuments()
        XCTAssertTrue(docs.contains { $0.text == entry.displayText && $0.code == "E11.22" })

        // A see reference, followed to its main term and subterm.
        let abdominalgia = index.mainTermEntries(named: "abdominalgia")
        XCTAssertEqual(abdominalgia.count, 1)
        XCTAssertEqual(abdominalgia.first?.see, "Pain, abdominal")
        XCTAssertNil(abdominalgia.first?.code)
        XCTAssertTrue(docs.contains { $0.text == "Abdominalgia" && $0.code == nil && $0.see == "Pain, abdominal" })
        let pain = index.resolve(reference: "Pain, abdominal")
        XCTAssertEqual(pain.map(\.path), [["Pain(s)", "abdominal"]])
        XCTAssertEqual(pain.first?.code, "R10.9")
        XCTAssertFalse(index.mainTermEntries(named: "Pain").isEmpty)
        XCTAssertEqual(index.mainTermEntries(named: "Pain").first?.path, ["Pain(s)"])

        // Incomplete codes are kept as printed.
        XCTAssertTrue(index.entries(forCode: "I63.-").allSatisfy(\.isIncompleteCode))
        XCTAssertFalse(index.entries(forCode: "I63.-").isEmpty)
    }

    func testDrugTable() throws {
        let index = try ICD10CMIndexImporter.tableXML(url: try TestCodeSets.file("icd10cm/2026/icd10cm-drug-2026-April-1.xml"))
        XCTAssertEqual(index.entries.count, 40_262)
        XCTAssertEqual(index.entries.filter { $0.code != nil }.count, 40_036, "one entry per cell that is not --")
        XCTAssertEqual(index.releases.first?.name, "ICD-10-CM Table of Drugs and Chemicals FY2026 (April 1, 2026)")
        XCTAssertEqual(index.releases.first?.effectiveFrom, ServiceDate(year: 2026, month: 4, day: 1))
        XCTAssertEqual(index.releases.first?.effectiveThrough, ServiceDate(year: 2026, month: 9, day: 30))
        XCTAssertFalse(index.entries.contains { $0.code == "--" || $0.code == "-" })

        let acetaminophen = index.mainTermEntries(named: "Acetaminophen").filter { $0.level == 0 }
        XCTAssertEqual(acetaminophen.map(\.code), ["T39.1X1", "T39.1X2", "T39.1X3", "T39.1X4", "T39.1X5", "T39.1X6"])
        XCTAssertEqual(acetaminophen.map { $0.source.heading ?? "" }, [
            "Poisoning Accidental (unintentional)", "Poisoning Intentional self-harm", "Poisoning Assault",
            "Poisoning Undetermined", "Adverse effect", "Underdosing",
        ])
        XCTAssertEqual(acetaminophen.map { $0.source.column ?? 0 }, [2, 3, 4, 5, 6, 7])
        XCTAssertTrue(acetaminophen.allSatisfy { $0.source.kind == .drugTable })

        // "--" cells give no entry: 1-propanol has four codes.
        let propanol = index.mainTermEntries(named: "1-propanol")
        XCTAssertEqual(Array(propanol.map(\.code).prefix(4)), ["T51.3X1", "T51.3X2", "T51.3X3", "T51.3X4"])
        XCTAssertEqual(propanol.count % 4, 0, "each 1-propanol row has four codes and two -- cells")
        // Nonessential modifiers in a table title.
        let d24 = try XCTUnwrap(index.mainTermEntries(named: "2,4-D").first)
        XCTAssertEqual(d24.terms[0].nonessentialModifier, "(dichlorophen-oxyacetic acid)")
        XCTAssertTrue(index.entries(forCode: "T39.1X1").contains { $0.path == ["Acetaminophen"] })
        XCTAssertTrue(index.searchDocuments().contains { $0.text == "Acetaminophen — Adverse effect" && $0.code == "T39.1X5" })
    }

    func testNeoplasmTable() throws {
        let index = try ICD10CMIndexImporter.tableXML(url: try TestCodeSets.file("icd10cm/2026/icd10cm-neoplasm-2026-April-1.xml"))
        XCTAssertEqual(index.entries.count, 9_138)
        XCTAssertEqual(index.releases.first?.name, "ICD-10-CM Neoplasm Table FY2026 (April 1, 2026)")
        XCTAssertFalse(index.entries.contains { $0.code == "-" })
        let abdomen = index.entries.filter { $0.path == ["Neoplasm, neoplastic", "abdomen, abdominal"] }
        XCTAssertEqual(abdomen.count, 6)
        let primary = try XCTUnwrap(abdomen.first { $0.source.heading == "Malignant Primary" })
        XCTAssertEqual(primary.code, "C76.2")
        XCTAssertEqual(primary.source, IndexSource(kind: .neoplasmTable, column: 2, heading: "Malignant Primary"))
        let secondary = try XCTUnwrap(abdomen.first { $0.source.heading == "Malignant Secondary" })
        XCTAssertEqual(secondary.code, "C79.8-")
        XCTAssertTrue(secondary.isIncompleteCode)
        // seeAlso inside the table, and following it.
        let wall = index.entries.filter { $0.path == ["Neoplasm, neoplastic", "abdomen, abdominal", "wall"] }
        XCTAssertEqual(wall.first?.seeAlso, "Neoplasm, abdomen, wall, skin")
        let skin = index.resolve(reference: "Neoplasm, abdomen, wall, skin")
        XCTAssertEqual(skin.first?.path, ["Neoplasm, neoplastic", "abdomen, abdominal", "wall", "skin"])
        XCTAssertEqual(skin.first?.code, "C44.509")
        // The one manif in the table.
        XCTAssertEqual(index.entries.first { $0.manifestationCode != nil }?.terms.last?.title, "book-leaf")
    }

    func testExternalCauseIndex() throws {
        let index = try ICD10CMIndexImporter.indexXML(url: try TestCodeSets.file("icd10cm/2026/icd10cm-eindex-2026-April-1.xml"))
        XCTAssertEqual(index.entries.count, 8_090, "one entry per mainTerm and term")
        XCTAssertEqual(index.entries.filter { $0.level == 0 }.count, 314)
        XCTAssertEqual(index.releases.first?.name, "ICD-10-CM External Cause Index FY2026 (April 1, 2026)")
        XCTAssertTrue(index.entries.allSatisfy { $0.source == .externalCauseIndex })
        let first = try XCTUnwrap(index.entries.first)
        XCTAssertEqual(first.terms[0].title, "Abandonment NEC")
        XCTAssertEqual(first.terms[0].nonessentialModifier, "(causing exposure to weather conditions) (with intent to injure or kill)")
        XCTAssertEqual(first.code, "X58")
        let barefoot = index.entries.first { $0.path == ["Accident (to)", "barefoot water skier"] }
        XCTAssertEqual(barefoot?.code, "V94.4")
        let cataclysm = index.entries.first { $0.path == ["Accident (to)", "aircraft (in transit) (powered)", "due to, caused by cataclysm"] }
        XCTAssertEqual(cataclysm?.see, "Forces of nature, by type")
        XCTAssertEqual(index.entries.filter { $0.subcategory != nil }.count, 11)
        XCTAssertEqual(index.entries.filter { $0.seeCategory != nil }.count, 4)
        XCTAssertEqual(index.mainTermEntries(named: "Environmental pollution related condition").first?.seeCategory, "Z77")
    }

    func testAllIndexesCombinedSnapshotRoundTrip() throws {
        let csv = try ICD10CMIndexImporter.flattenedCSV(url: try TestCodeSets.file("icd10cm/2025/icd10cm-index-2025-flattened.csv"))
        let drug = try ICD10CMIndexImporter.tableXML(url: try TestCodeSets.file("icd10cm/2026/icd10cm-drug-2026-April-1.xml"))
        let neoplasm = try ICD10CMIndexImporter.tableXML(url: try TestCodeSets.file("icd10cm/2026/icd10cm-neoplasm-2026-April-1.xml"))
        let external = try ICD10CMIndexImporter.indexXML(url: try TestCodeSets.file("icd10cm/2026/icd10cm-eindex-2026-April-1.xml"))
        let all = ICD10CMIndex(combining: [csv, drug, neoplasm, external])
        XCTAssertEqual(all.releases.count, 4)
        XCTAssertEqual(all.entries.count, 81_024 + 40_262 + 9_138 + 8_090)

        var w = SnapshotWriter()
        all.write(to: &w)
        var r = SnapshotReader(bytes: w.data, file: "icd10cm-index.snapshot")
        let back = try ICD10CMIndex(from: &r)
        XCTAssertTrue(r.atEnd)
        XCTAssertEqual(back, all)
        XCTAssertEqual(back.entries, all.entries)
        XCTAssertEqual(back.releases, all.releases)
        XCTAssertEqual(back.entries(forCode: "E11.22"), all.entries(forCode: "E11.22"))
        XCTAssertEqual(back.searchDocuments().count, all.searchDocuments().count)

        // A damaged snapshot is an error, not a crash.
        var cut = SnapshotReader(bytes: Array(w.data.prefix(w.data.count / 2)), file: "icd10cm-index.snapshot")
        XCTAssertThrowsError(try ICD10CMIndex(from: &cut)) { error in
            XCTAssertEqual((error as? CodeSetError)?.file, "icd10cm-index.snapshot")
        }
    }

    // MARK: XSD-conformant XML written by the test

    static let alphabeticXML = """
    <?xml version="1.0" encoding="utf-8"?>
    <ICD10CM.index isAddenda="false">
      <version>2025</version>
      <title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
      <letter>
        <title>A</title>
        <mainTerm>
          <title>Abdominalgia</title>
          <see>Pain, abdominal</see>
        </mainTerm>
        <mainTerm>
          <title>Amyloidosis<nemod>(generalized) (primary)</nemod></title>
          <code>E85.9</code>
          <term level="1">
            <title>with lung involvement</title>
            <code>E85.4</code>
            <manif>J99</manif>
          </term>
          <term level="1">
            <title>heart</title>
            <code>E85.4</code>
            <manif>I43</manif>
          </term>
        </mainTerm>
      </letter>
      <letter>
        <title>D</title>
        <mainTerm>
          <title>Diabetes, diabetic<nemod>(mellitus) (sugar)</nemod></title>
          <seeAlso>Pregnancy, complicated by, diabetes</seeAlso>
          <code>E11.9</code>
          <term level="1">
            <title>type 2</title>
            <code>E11.9</code>
            <term level="2">
              <title>with</title>
              <term level="3">
                <title>chronic kidney disease</title>
                <code>E11.22</code>
              </term>
            </term>
          </term>
        </mainTerm>
        <mainTerm>
          <title>Dermatitis<nemod>(eczematous)</nemod></title>
          <code>L30.9</code>
          <term level="1">
            <title>due to</title>
            <term level="2">
              <title>drugs and medicaments</title>
              <seecat>T36-T50</seecat>
              <subcat>L27.0</subcat>
              <warning>use additional code for adverse effect</warning>
            </term>
          </term>
        </mainTerm>
      </letter>
      <letter>
        <diff><unc>P</unc></diff>
        <mainTerm>
          <diff><old>Pain</old><new>Pain</new></diff>
          <code>R52</code>
          <term level="1">
            <title>abdominal</title>
            <code>R10.9</code>
          </term>
        </mainTerm>
      </letter>
    </ICD10CM.index>
    """

    static let tableXML = """
    <?xml version="1.0" encoding="utf-8"?>
    <ICD10CM.index>
      <version>2026</version>
      <indexHeading>
        <head col="1">Substance</head>
        <head col="2">Poisoning Accidental (unintentional)</head>
        <head col="3">Poisoning Intentional self-harm</head>
        <head col="4">Adverse effect</head>
      </indexHeading>
      <letter>
        <title>A</title>
        <mainTerm>
          <title>Acetaminophen<nemod>(oral)</nemod></title>
          <cell col="2">T39.1X1</cell>
          <cell col="3">T39.1X2</cell>
          <cell col="4"><diff><old>--</old><new>T39.1X5</new></diff></cell>
          <term level="1">
            <title>with codeine</title>
            <see>Codeine</see>
            <cell col="2">--</cell>
          </term>
        </mainTerm>
      </letter>
    </ICD10CM.index>
    """

    private func write(_ text: String, _ name: String) throws -> URL {
        let url = try TestCodeSets.temporaryDirectory(self).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func testIndexXMLFollowingTheXSD() throws {
        let index = try ICD10CMIndexImporter.indexXML(url: try write(Self.alphabeticXML, "icd10cm-index-2025.xml"))
        XCTAssertEqual(index.releases, [ReleaseInfo(system: .icd10cm, name: "ICD-10-CM Alphabetic Index FY2025",
                                                    effectiveFrom: ServiceDate(year: 2024, month: 10, day: 1)!,
                                                    effectiveThrough: ServiceDate(year: 2025, month: 9, day: 30),
                                                    sourceFiles: ["icd10cm-index-2025.xml"])])
        XCTAssertEqual(index.entries.map(\.displayText), [
            "Abdominalgia",
            "Amyloidosis (generalized) (primary)",
            "Amyloidosis (generalized) (primary) > with lung involvement",
            "Amyloidosis (generalized) (primary) > heart",
            "Diabetes, diabetic (mellitus) (sugar)",
            "Diabetes, diabetic (mellitus) (sugar) > type 2",
            "Diabetes, diabetic (mellitus) (sugar) > type 2 > with",
            "Diabetes, diabetic (mellitus) (sugar) > type 2 > with > chronic kidney disease",
            "Dermatitis (eczematous)",
            "Dermatitis (eczematous) > due to",
            "Dermatitis (eczematous) > due to > drugs and medicaments",
            "Pain",
            "Pain > abdominal",
        ])
        XCTAssertTrue(index.entries.allSatisfy { $0.source == .alphabeticIndex })
        XCTAssertEqual(index.entries[0].see, "Pain, abdominal")
        XCTAssertEqual(index.entries[3].code, "E85.4")
        XCTAssertEqual(index.entries[3].manifestationCode, "I43")
        XCTAssertEqual(index.entries(forCode: "I43").map(\.path), [["Amyloidosis (generalized) (primary)", "heart"]])
        XCTAssertEqual(index.entries[4].seeAlso, "Pregnancy, complicated by, diabetes")
        XCTAssertEqual(index.entries[4].code, "E11.9")
        XCTAssertEqual(index.entries[7].code, "E11.22")
        XCTAssertNil(index.entries[6].code)
        XCTAssertEqual(index.entries[10].seeCategory, "T36-T50")
        XCTAssertEqual(index.entries[10].subcategory, "L27.0")
        XCTAssertEqual(index.entries[11].code, "R52", "a diff title takes the new text, not the old")
        XCTAssertEqual(index.resolve(reference: index.entries[0].see ?? "").map(\.code), ["R10.9"])
        XCTAssertEqual(index.mainTermEntries(named: "Diabetes").count, 4, "by the part before the comma")
        XCTAssertEqual(index.mainTermEntries(named: "Diabetes, diabetic (mellitus) (sugar)").count, 4)

        let docs = index.searchDocuments()
        XCTAssertFalse(docs.contains { $0.text.hasSuffix("> with") }, "grouping terms are not documents")
        XCTAssertTrue(docs.contains { $0.text == "Abdominalgia" && $0.see == "Pain, abdominal" })

        var w = SnapshotWriter()
        index.write(to: &w)
        var r = SnapshotReader(bytes: w.data, file: "t")
        XCTAssertEqual(try ICD10CMIndex(from: &r), index)
    }

    func testTableXMLFollowingTheXSD() throws {
        let index = try ICD10CMIndexImporter.tableXML(url: try write(Self.tableXML, "drug-table.xml"))
        XCTAssertEqual(index.releases.first?.name, "ICD-10-CM Table of Drugs and Chemicals FY2026")
        XCTAssertEqual(index.entries.map(\.code), ["T39.1X1", "T39.1X2", "T39.1X5", nil])
        XCTAssertEqual(index.entries[2].source, IndexSource(kind: .drugTable, column: 4, heading: "Adverse effect"))
        XCTAssertEqual(index.entries[0].path, ["Acetaminophen (oral)"])
        XCTAssertEqual(index.entries[3].path, ["Acetaminophen (oral)", "with codeine"])
        XCTAssertEqual(index.entries[3].see, "Codeine")
        XCTAssertEqual(index.entries[3].source, IndexSource(kind: .drugTable))
    }

    // MARK: Bad input

    private func assertCodeSetError(_ body: @autoclosure () throws -> Any, file expectedFile: String, line expectedLine: Int?,
                                    _ fragment: String, sourceLine: UInt = #line) {
        XCTAssertThrowsError(try body(), line: sourceLine) { error in
            guard let e = error as? CodeSetError else { return XCTFail("not a CodeSetError: \(error)", line: sourceLine) }
            XCTAssertEqual(e.file, expectedFile, line: sourceLine)
            if let expectedLine { XCTAssertEqual(e.line, expectedLine, "\(e)", line: sourceLine) } else { XCTAssertNotNil(e.line, line: sourceLine) }
            if !fragment.isEmpty { XCTAssertTrue(e.detail.contains(fragment), "\(e)", line: sourceLine) }
        }
    }

    func testBadCSV() throws {
        let header = "RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code\n"
        let jump = try write(header + "1,A,0,Abasia,,,,F44.4\n2,A,3,hysterical,,,,F44.4\n", "index-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: jump), file: "index-2025.csv", line: 3,
                           "level 3 follows a level 0 term; expected a level from 0 to 1")
        let first = try write(header + "1,A,1,acute,,,,R10.0\n", "first-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: first), file: "first-2025.csv", line: 2, "expected level 0")
        let wrongHeader = try write("code,description\nA00,Cholera\n", "order-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: wrongHeader), file: "order-2025.csv", line: 1,
                           "expected the header RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code")
        let badLevel = try write(header + "1,A,0,Abasia,,,,F44.4\n2,A,one,acute,,,,R10.0\n", "level-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: badLevel), file: "level-2025.csv", line: 3, "expected a Level")
        let short = try write(header + "1,A,0,Abasia\n", "short-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: short), file: "short-2025.csv", line: 2, "expected 8 fields")
        let emptyTerm = try write(header + "1,A,0,,,,,F44.4\n", "term-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: emptyTerm), file: "term-2025.csv", line: 2, "expected a Term")
        let empty = try write("", "empty-2025.csv")
        assertCodeSetError(try ICD10CMIndexImporter.flattenedCSV(url: empty), file: "empty-2025.csv", line: 1, "empty")
        let noYear = try write(header + "1,A,0,Abasia,,,,F44.4\n", "index.csv")
        XCTAssertThrowsError(try ICD10CMIndexImporter.flattenedCSV(url: noYear))
        XCTAssertEqual(try ICD10CMIndexImporter.flattenedCSV(url: noYear, fiscalYear: 2025).entries.count, 1)
        let missing = URL(fileURLWithPath: "/nonexistent/icd10cm-index-2025.csv")
        XCTAssertThrowsError(try ICD10CMIndexImporter.flattenedCSV(url: missing)) { error in
            XCTAssertEqual((error as? CodeSetError)?.file, "icd10cm-index-2025.csv")
        }
    }

    func testBadXML() throws {
        let wrongRoot = try write("""
        <?xml version="1.0" encoding="utf-8"?>
        <ICD10CM.tabular>
          <version>2026</version>
        </ICD10CM.tabular>
        """, "tabular-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: wrongRoot), file: "tabular-2026.xml", line: 2,
                           "expected the root element <ICD10CM.index>, found <ICD10CM.tabular>")

        let levelJump = try write("""
        <?xml version="1.0" encoding="utf-8"?>
        <ICD10CM.index>
          <version>2026</version>
          <letter>
            <title>A</title>
            <mainTerm>
              <title>Accident</title>
              <term level="3">
                <title>aircraft</title>
              </term>
            </mainTerm>
          </letter>
        </ICD10CM.index>
        """, "eindex-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: levelJump), file: "eindex-2026.xml", line: 8,
                           "<term level=\"3\"> inside a level 0 term; expected level 1")

        let noTitle = try write("""
        <?xml version="1.0" encoding="utf-8"?>
        <ICD10CM.index>
          <letter>
            <title>A</title>
            <mainTerm>
              <code>A00</code>
            </mainTerm>
          </letter>
        </ICD10CM.index>
        """, "index-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: noTitle), file: "index-2026.xml", line: 6, "expected <title> before <code>")

        // Truncated: the real drug table cut short, and a small file cut inside a term.
        let full = try Data(contentsOf: try TestCodeSets.file("icd10cm/2026/icd10cm-drug-2026-April-1.xml"))
        let cut = try write(String(decoding: full.prefix(50_000), as: UTF8.self), "icd10cm-drug-2026-April-1.xml")
        assertCodeSetError(try ICD10CMIndexImporter.tableXML(url: cut), file: "icd10cm-drug-2026-April-1.xml", line: nil,
                           "truncated? expected")
        let small = try write(String(Self.alphabeticXML.prefix(600)), "index-2025.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: small), file: "index-2025.xml", line: nil,
                           "</ICD10CM.index>")

        // A table read as an index, an index read as a table, a cell with no heading.
        let table = try write(Self.tableXML, "drug-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: table), file: "drug-2026.xml", line: 4, "read it with tableXML")
        let index = try write(Self.alphabeticXML, "index-2025.xml")
        assertCodeSetError(try ICD10CMIndexImporter.tableXML(url: index), file: "index-2025.xml", line: 5, "expected <indexHeading>")
        let noHeading = try write(Self.tableXML.replacingOccurrences(of: "<cell col=\"3\">", with: "<cell col=\"9\">"), "drug-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.tableXML(url: noHeading), file: "drug-2026.xml", line: 15,
                           "<cell col=\"9\"> has no <head col=\"9\">")
        let badColumn = try write(Self.tableXML.replacingOccurrences(of: "<cell col=\"3\">", with: "<cell col=\"x\">"), "drug-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.tableXML(url: badColumn), file: "drug-2026.xml", line: 15, "from 1 to 9")

        let notXML = try write("RowID,Letter,Level\n", "index-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: notXML), file: "index-2026.xml", line: 1, "")
        let noLetters = try write("<?xml version=\"1.0\"?>\n<ICD10CM.index><version>2026</version></ICD10CM.index>\n", "index-2026.xml")
        assertCodeSetError(try ICD10CMIndexImporter.indexXML(url: noLetters), file: "index-2026.xml", line: 2, "expected at least one <letter>")
    }
}
