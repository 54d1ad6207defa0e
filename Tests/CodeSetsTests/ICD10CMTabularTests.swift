import Foundation
import XCTest
@testable import CodeSets

final class ICD10CMTabularTests: XCTestCase {
    /// Parsed once: the official FY2026 April tabular.
    static let tabular: Result<ICD10CMTabular, any Error> = Result {
        try ICD10CMTabularImporter.read(try TestCodeSets.file("icd10cm/2026/icd10cm-tabular-2026-April-1.xml"))
    }

    func tabular() throws -> ICD10CMTabular { try Self.tabular.get() }

    func testReleaseAndBillableCountMatchTheOfficialFile() throws {
        let t = try tabular()
        XCTAssertEqual(t.release.name, "ICD-10-CM FY2026 (April 1, 2026 update) Tabular List")
        XCTAssertEqual(t.release.effectiveFrom, ServiceDate(year: 2026, month: 4, day: 1))
        XCTAssertEqual(t.release.effectiveThrough, ServiceDate(year: 2026, month: 9, day: 30))
        // Leaves plus 7th-character extensions. FY2026 opened with 74,719 billable codes (FY2025's 74,260 + 487 new
        // - 28 deleted, the figure MANIFEST.md quotes); the April 1, 2026 update brings 76 more (QA0- among them).
        XCTAssertEqual(t.billableCodes().count, 74_795)
        XCTAssertEqual(t.nodes.filter { $0.kind == .chapter }.count, 22)
    }

    func testHierarchyAndNotes() throws {
        let t = try tabular()
        let i = try XCTUnwrap(t.nodeIndex("E11.22"))
        XCTAssertEqual(t.nodes[i].title, "Type 2 diabetes mellitus with diabetic chronic kidney disease")
        XCTAssertEqual(t.ancestors(of: i).map { t.nodes[$0].code }, ["4", "E08-E13", "E11", "E11.2"])
        XCTAssertEqual(t.nodes[i].notes, [TabularNote(kind: .useAdditionalCode, text: "code to identify stage of chronic kidney disease (N18.1-N18.6)")])
        let e11 = try XCTUnwrap(t.node("E11"))
        XCTAssertEqual(e11.kind, .category)
        XCTAssertTrue(e11.notes.contains(TabularNote(kind: .excludes1, text: "type 1 diabetes mellitus (E10.-)")))
        XCTAssertTrue(e11.notes.contains(TabularNote(kind: .includes, text: "diabetes NOS")))
    }

    func testSeventhCharactersAndPlaceholderX() throws {
        let t = try tabular()
        guard case .success(.extended(let base, let seventh)) = t.resolve("T36.0X1A") else { return XCTFail("T36.0X1A should resolve") }
        XCTAssertEqual(t.nodes[base].code, "T36.0X1")
        XCTAssertEqual(seventh.meaning, "initial encounter")
        // S00.00 needs placeholder X before the 7th character.
        guard case .failure(.placeholderNeeded(_, let expected)) = t.resolve("S00.00A") else { return XCTFail("S00.00A needs a placeholder") }
        XCTAssertEqual(expected, "S00.00XA")
        guard case .success(.extended) = t.resolve("S00.00XA") else { return XCTFail("S00.00XA is valid") }
        guard case .failure(.invalidSeventh(_, "Q")) = t.resolve("S00.00XQ") else { return XCTFail("Q is no 7th character of S00.00") }
        XCTAssertEqual(ICD10CMTabular.canonical(" e1122 "), "E11.22")
    }

    func testTruncatedWrongAndNonXMLFilesNameTheFileAndLine() throws {
        let dir = try TestCodeSets.temporaryDirectory(self)
        let official = try Data(contentsOf: try TestCodeSets.file("icd10cm/2026/icd10cm-tabular-2026-April-1.xml"))
        let cases: [(String, Data, String)] = [
            ("truncated.xml", official.prefix(200_000), "truncated"),
            ("wrong-root.xml", Data("<?xml version=\"1.0\"?>\n<ICD10PCS.tabular><version>2025</version></ICD10PCS.tabular>".utf8), "expected <ICD10CM.tabular>"),
            ("not-xml.xml", Data("code,title\nA00,Cholera\n".utf8), "not well-formed"),
            ("no-codes.xml", Data("<ICD10CM.tabular><version>2026</version></ICD10CM.tabular>".utf8), "has no codes"),
            ("bad-code.xml", Data("""
                <ICD10CM.tabular><version>2026</version><chapter><name>1</name><desc>c</desc>
                <section id="A00-A09"><desc>s</desc><diag><name>A00.00000</name><desc>d</desc></diag></section></chapter></ICD10CM.tabular>
                """.utf8), "is not an ICD-10-CM code"),
        ]
        for (name, data, expected) in cases {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            XCTAssertThrowsError(try ICD10CMTabularImporter.read(url), name) { error in
                let e = error as? CodeSetError
                XCTAssertEqual(e?.file, name)
                XCTAssertTrue(e?.description.contains(expected) ?? false, "\(name): \(error)")
                if name != "no-codes.xml" { XCTAssertNotNil(e?.line, name) }
            }
        }
    }

    func testSnapshotRoundTrip() throws {
        let t = try tabular()
        var w = SnapshotWriter()
        t.write(to: &w)
        var r = SnapshotReader(bytes: w.data, file: "test")
        let back = try ICD10CMTabular(from: &r)
        XCTAssertTrue(r.atEnd)
        XCTAssertEqual(back.release, t.release)
        XCTAssertEqual(back.nodes.count, t.nodes.count)
        XCTAssertEqual(back.billableCodes().map(\.code), t.billableCodes().map(\.code))
        XCTAssertEqual(back.node("E11")?.notes, t.node("E11")?.notes)
        // A damaged snapshot is an error, not a crash.
        var damaged = SnapshotReader(bytes: Array(w.data.prefix(w.data.count / 2)), file: "damaged")
        XCTAssertThrowsError(try ICD10CMTabular(from: &damaged))
    }
}

final class ICD10CMFlatReleaseTests: XCTestCase {
    func testOrderFileAndCodeFile() throws {
        let order = try ICD10CMFlatImporter.orderFile(try TestCodeSets.file("icd10cm/2025/icd10cm-order-2025.csv"))
        XCTAssertEqual(order.release.effectiveFrom, ServiceDate(year: 2024, month: 10, day: 1))
        XCTAssertEqual(order["E11.22"]?.shortTitle, "Type 2 diabetes mellitus w diabetic chronic kidney disease")
        XCTAssertEqual(order["E11"]?.billable, false)
        let codes = try ICD10CMFlatImporter.codeFile(try TestCodeSets.file("icd10cm/2024/icd10cm-codes-2024.txt"))
        XCTAssertEqual(codes.release.name, "ICD-10-CM FY2024 code file")
        XCTAssertEqual(codes["A00.0"]?.title, "Cholera due to Vibrio cholerae 01, biovar cholerae")
        XCTAssertNotNil(codes["T81.32XA"])
    }

    func testBadFlatFilesNameTheLine() throws {
        let dir = try TestCodeSets.temporaryDirectory(self)
        let url = dir.appendingPathComponent("icd10cm-codes-2024.txt")
        try "A000    Cholera\n12345 not a code\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ICD10CMFlatImporter.codeFile(url)) { error in
            XCTAssertEqual((error as? CodeSetError)?.line, 2)
        }
        let undated = dir.appendingPathComponent("codes.txt")
        try "A000    Cholera\n".write(to: undated, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ICD10CMFlatImporter.codeFile(undated)) { error in
            XCTAssertTrue(String(describing: error).contains("fiscal year"))
        }
    }
}
