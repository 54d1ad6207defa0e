import Foundation
import XCTest
@testable import CodeSets

/// The encoder over every official file in shared/codesets, imported once for all tests in this class.
final class CodeSetLibraryTests: XCTestCase {
    static let imported: Result<(CodeSetLibrary, CodeSetImport.Report), any Error> = Result {
        _ = try TestCodeSets.file("MANIFEST.md")
        return try CodeSetImport.run(directory: TestCodeSets.directory)
    }

    func library() throws -> CodeSetLibrary { try Self.imported.get().0 }

    func detail(_ code: String, _ system: CodeSystem? = nil, date: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> CodeDetail {
        let lib = try library()
        switch lib.lookup(code, system: system, date: date.flatMap { ServiceDate(iso: $0) }) {
        case .success(let d): return d
        case .failure(let f):
            XCTFail("\(code): \(f.reason)", file: file, line: line)
            throw f
        }
    }

    func testImportReadsEveryKindOfFile() throws {
        let (lib, report) = try Self.imported.get()
        let counts = lib.codeCounts
        XCTAssertEqual(counts[.icd10cm], 74_795)
        XCTAssertEqual(counts[.icd10pcs], 79_115)
        XCTAssertEqual(counts[.hcpcs], 8_259)
        XCTAssertEqual(counts[.hcpcsModifier], 383)
        XCTAssertEqual(counts[.pos], 52)
        XCTAssertEqual(counts[.taxonomy], 883)
        XCTAssertGreaterThan(counts[.cpt] ?? 0, 10_000)
        XCTAssertGreaterThan(counts[.carc] ?? 0, 400)
        XCTAssertGreaterThan(counts[.rarc] ?? 0, 1_000)
        XCTAssertEqual(counts[.claimStatus], 759)
        XCTAssertEqual(lib.icd10cm.count, 1)
        XCTAssertEqual(lib.icd10cmFlat.map(\.release.name), ["ICD-10-CM FY2025 order file", "ICD-10-CM FY2024 code file"])
        XCTAssertEqual(lib.icd10pcs.count, 3)
        XCTAssertFalse(lib.icd10cmIndex.entries.isEmpty)
        XCTAssertTrue(report.steps.contains { $0.file == "icd10cm-tabular-2026-April-1.xml" })
    }

    func testLookupAnyFormShowsHierarchyNotesAndWhyBillable() throws {
        let d = try detail("e1122")
        XCTAssertEqual(d.system, .icd10cm)
        XCTAssertEqual(d.code, "E11.22")
        XCTAssertTrue(d.billable)
        XCTAssertEqual(d.hierarchy.map(\.code), ["Chapter 4", "E08-E13", "E11", "E11.2"])
        XCTAssertEqual(d.shortTitle, "Type 2 diabetes mellitus w diabetic chronic kidney disease")
        // Its own note first, then the category's, marked as inherited.
        XCTAssertEqual(d.notes.first?.kind, .useAdditionalCode)
        XCTAssertEqual(d.notes.first?.inherited, false)
        let excludes = try XCTUnwrap(d.notes.first { $0.kind == .excludes1 && $0.from == "E11" })
        XCTAssertTrue(excludes.inherited)
        XCTAssertTrue(excludes.texts.contains("type 1 diabetes mellitus (E10.-)"))
        XCTAssertFalse(d.indexEntries.isEmpty, "the Alphabetic Index leads to E11.22")

        let header = try detail("E11.2")
        XCTAssertFalse(header.billable)
        XCTAssertTrue(header.billableReason.contains("header"), header.billableReason)
        XCTAssertEqual(header.children.map(\.code), ["E11.21", "E11.22", "E11.29"])
        XCTAssertTrue(header.children.allSatisfy(\.billable))
        let category = try detail("E11")
        XCTAssertTrue(category.billableCodes.allSatisfy(\.billable))
        XCTAssertTrue(category.billableCodes.contains { $0.code == "E11.22" })
        XCTAssertEqual(category.billableCodeCount, category.billableCodes.count)
        let injuries = try detail("S72")
        XCTAssertEqual(injuries.billableCodes.count, 200, "capped")
        XCTAssertGreaterThan(injuries.billableCodeCount, 1000)
        XCTAssertEqual(injuries.billableCodes.first?.code, "S72.001A")
    }

    func testSeventhCharacterCodes() throws {
        let d = try detail("T36.0X1A")
        XCTAssertTrue(d.billable)
        XCTAssertTrue(d.title.hasSuffix(", initial encounter"), d.title)
        XCTAssertEqual(d.seventhCharacterSource, "T36")
        let base = try detail("S72.001")
        XCTAssertFalse(base.billable)
        XCTAssertTrue(base.billableReason.contains("7th character"))
        XCTAssertEqual(base.seventhCharacters.first?.character, "A")
        let padded = try detail("S00.00")
        XCTAssertFalse(padded.billable)
        XCTAssertNotNil(padded.placeholder)
        guard case .failure(let f) = try library().lookup("S00.00A", system: .icd10cm) else { return XCTFail("S00.00A is invalid") }
        XCTAssertTrue(f.reason.contains("S00.00XA"), f.reason)
    }

    func testServiceDatesWriteAndReadAsISODates() throws {
        for (y, m, d, text) in [(1900, 1, 1, "1900-01-01"), (2025, 9, 30, "2025-09-30"), (2999, 12, 31, "2999-12-31"), (2024, 2, 29, "2024-02-29")] {
            let date = try XCTUnwrap(ServiceDate(year: y, month: m, day: d))
            XCTAssertEqual(date.iso, text)
            XCTAssertEqual(ServiceDate(iso: date.iso), date)
        }
    }

    func testValidityFollowsTheDateOfService() throws {
        // C81.0A was added for FY2025 (October 1, 2024).
        XCTAssertEqual(try detail("C81.0A", date: "2025-01-15").validity?.valid, true)
        let before = try detail("C81.0A", date: "2024-01-15").validity
        XCTAssertEqual(before?.valid, false)
        XCTAssertEqual(before?.release, "ICD-10-CM FY2024 code file")
        // T81.32XA was deleted after FY2024.
        XCTAssertEqual(try detail("T81.32XA", date: "2024-03-01").validity?.valid, true)
        XCTAssertEqual(try detail("T81.32XA", date: "2025-03-01").validity?.valid, false)
        // The April 2026 update covers April to September 2026 exactly; October 2025 uses it approximately.
        let exact = try detail("E11.22", date: "2026-05-01").validity
        XCTAssertEqual(exact?.valid, true)
        XCTAssertEqual(exact?.approximate, false)
        XCTAssertEqual(try detail("E11.22", date: "2025-11-01").validity?.approximate, true)
        let tooEarly = try detail("E11.22", date: "2015-01-01").validity
        XCTAssertEqual(tooEarly?.valid, false)
        XCTAssertTrue(tooEarly?.reason.contains("no loaded ICD-10-CM release") ?? false)
    }

    func testOtherSystems() throws {
        let pcs = try detail("0dtj4zz")
        XCTAssertEqual(pcs.system, .icd10pcs)
        XCTAssertEqual(pcs.title, "Resection of Appendix, Percutaneous Endoscopic Approach")
        XCTAssertTrue(pcs.billable)
        let partial = try detail("0DTJ", .icd10pcs)
        XCTAssertFalse(partial.billable)

        let hcpcs = try detail("J0120")
        XCTAssertEqual(hcpcs.system, .hcpcs)
        XCTAssertFalse(hcpcs.title.isEmpty)
        let cpt = try detail("99213")
        XCTAssertEqual(cpt.system, .cpt)
        XCTAssertTrue(cpt.attributes.contains { $0.value.hasPrefix("A") })
        guard case .failure(let bad) = try library().lookup("9921", system: .cpt) else { return XCTFail("9921 is no CPT code") }
        XCTAssertTrue(bad.reason.contains("five digits"), bad.reason)
        XCTAssertEqual(try detail("LT", .hcpcsModifier).title.lowercased().contains("left"), true)
        XCTAssertEqual(try detail("11", .pos).title, "Office")
        XCTAssertEqual(try detail("45", .carc).system, .carc)
    }

    func testUnknownCodesSayWhyAndSuggest() throws {
        let lib = try library()
        guard case .failure(let f) = lib.lookup("E11.99", system: .icd10cm) else { return XCTFail("E11.99 is no code") }
        XCTAssertTrue(f.reason.contains("E11.9"), f.reason)
        guard case .failure(let junk) = lib.lookup("<script>", system: nil) else { return XCTFail() }
        XCTAssertTrue(junk.reason.contains("not a code"))
    }

    func testSearchRanksTheWayACoderExpects() throws {
        let lib = try library()
        func top(_ q: String, _ n: Int = 1, system: CodeSystem? = .icd10cm) -> [String] {
            lib.search(q, systems: system.map { [$0] }, limit: n).map(\.code)
        }
        XCTAssertEqual(top("type 2 diabetes with diabetic chronic kidney disease").first, "E11.22")
        XCTAssertEqual(top("type 2 diabetes with diabetic chronic kidney disease", system: nil).first, "E11.22")
        XCTAssertTrue(top("T2DM with CKD", 3).contains("E11.22"), "\(top("T2DM with CKD", 3))")
        XCTAssertEqual(top("HTN").first, "I10")
        XCTAssertTrue(top("CHF", 5).contains { $0.hasPrefix("I50") }, "\(top("CHF", 5))")
        XCTAssertTrue(top("COPD", 5).contains("J44.9"), "\(top("COPD", 5))")
        XCTAssertTrue(top("UTI", 3).contains("N39.0"), "\(top("UTI", 3))")
        XCTAssertTrue(top("GERD", 3).contains("K21.9"), "\(top("GERD", 3))")
        XCTAssertTrue(top("afib", 5).contains { $0.hasPrefix("I48") }, "\(top("afib", 5))")
        // Small typos still find the disease.
        XCTAssertTrue(top("pnuemonia", 10).contains("J18.9"), "\(top("pnuemonia", 10))")
        XCTAssertTrue(top("diabetis type 2", 5).contains { $0.hasPrefix("E11") }, "\(top("diabetis type 2", 5))")
        // A code typed into search finds the code.
        XCTAssertEqual(top("E11.22").first, "E11.22")
        // System filter and JSON-ready fields.
        let pcs = lib.search("appendectomy laparoscopic", systems: [.icd10pcs], limit: 5)
        XCTAssertFalse(pcs.isEmpty)
        XCTAssertTrue(pcs.allSatisfy { $0.system == .icd10pcs })
        XCTAssertTrue(lib.search("zzzzqqqq xxyyzz", limit: 5).isEmpty)
        XCTAssertTrue(lib.search("", limit: 5).isEmpty)
    }

    func testSearchOnADateKeepsCodesValidThen() throws {
        let lib = try library()
        let hits = lib.search("hodgkin lymphoma in remission", systems: [.icd10cm], date: ServiceDate(iso: "2024-01-15"), limit: 50)
        XCTAssertFalse(hits.isEmpty)
        XCTAssertFalse(hits.contains { $0.code == "C81.0A" }, "C81.0A did not exist in FY2024")
        let later = lib.search("nodular lymphocyte predominant hodgkin lymphoma in remission", systems: [.icd10cm], date: ServiceDate(iso: "2026-05-01"), limit: 10)
        XCTAssertTrue(later.contains { $0.code == "C81.0A" }, "\(later.map(\.code))")
    }
}

/// Rules found wrong in review, each with the test that would have caught it.
final class CodeSetRegressionTests: XCTestCase {
    func library() throws -> CodeSetLibrary { try CodeSetLibraryTests.imported.get().0 }

    func testAnAprilReleaseWinsOverItsOctoberReleaseFromApril() throws {
        let april = try XCTUnwrap(try library().icd10cm.first)
        let october = ICD10CMTabular(release: ICD10CMReleases.release(fiscalYear: 2026, april: false, what: "Tabular List", files: ["oct.xml"]),
                                     nodes: april.nodes)
        let aprilFlat = CodeTable(release: ICD10CMReleases.release(fiscalYear: 2026, april: true, what: "code file", files: ["apr.txt"]),
                                  entries: [CodeEntry(code: "E11.22", title: "Type 2 diabetes mellitus with diabetic chronic kidney disease")])
        let lib = CodeSetLibrary(icd10cm: [october], icd10cmFlat: [aprilFlat], icd10cmIndex: ICD10CMIndex(releases: [], entries: []),
                                 icd10pcs: [], tables: [], search: SearchIndexBuilder().build())
        XCTAssertEqual(lib.icd10cmRelease(on: ServiceDate(iso: "2026-05-01")!)?.release.name, aprilFlat.release.name)
        XCTAssertEqual(lib.icd10cmRelease(on: ServiceDate(iso: "2025-11-01")!)?.release.name, october.release.name)
    }

    func testPCSAndCPTAreNotValidOutsideTheirReleases() throws {
        let lib = try library()
        XCTAssertEqual(try lib.lookup("0DTJ4ZZ", system: .icd10pcs, date: ServiceDate(iso: "2025-06-01")).get().validity?.valid, true)
        let early = try lib.lookup("0DTJ4ZZ", system: .icd10pcs, date: ServiceDate(iso: "2014-01-01")).get().validity
        XCTAssertEqual(early?.valid, false)
        XCTAssertTrue(early?.reason.contains("no loaded ICD-10-PCS release covers") ?? false)
        XCTAssertEqual(try lib.lookup("99213", system: .cpt, date: ServiceDate(iso: "2025-06-01")).get().validity?.valid, true)
        XCTAssertEqual(try lib.lookup("99213", system: .cpt, date: ServiceDate(iso: "2015-06-01")).get().validity?.valid, false)
    }

    func testASevenCharacterCodeStartingWithALetterIsTriedAsICD10CMFirst() throws {
        guard case .failure(let f) = try library().lookup("S72001Z") else { return XCTFail("S72001Z is not a code") }
        XCTAssertEqual(f.system, .icd10cm)
        XCTAssertTrue(f.reason.contains("7th character"), f.reason)
    }

    func testFlatFilesWithWindowsLineEndings() throws {
        let dir = try TestCodeSets.temporaryDirectory(self)
        let url = dir.appendingPathComponent("icd10cm-codes-2024.txt")
        try Data("A000    Cholera due to Vibrio cholerae 01, biovar cholerae\r\nA001    Cholera due to Vibrio cholerae 01, biovar eltor\r\n".utf8).write(to: url)
        let table = try ICD10CMFlatImporter.codeFile(url)
        XCTAssertEqual(table.entries.map(\.code), ["A00.0", "A00.1"])
        XCTAssertEqual(table["A00.1"]?.title, "Cholera due to Vibrio cholerae 01, biovar eltor")
    }
}

extension CodeSetRegressionTests {
    func testACodeOnlyInAnOlderTabularIsFoundThere() throws {
        let current = try XCTUnwrap(try library().icd10cm.first)
        // The "newer" release renames E11.22 away; the older one still has it.
        var renamed = current.nodes
        let i = try XCTUnwrap(current.nodeIndex("E11.22"))
        renamed[i].code = "E11.2Z"
        let newer = ICD10CMTabular(release: ICD10CMReleases.release(fiscalYear: 2027, april: false, what: "Tabular List", files: ["2027.xml"]), nodes: renamed)
        let lib = CodeSetLibrary(icd10cm: [newer, current], icd10cmFlat: [], icd10cmIndex: ICD10CMIndex(releases: [], entries: []),
                                 icd10pcs: [], tables: [], search: SearchIndexBuilder().build())
        let d = try lib.lookup("E11.22", system: .icd10cm, date: ServiceDate(iso: "2026-05-01")).get()
        XCTAssertEqual(d.release, current.release.name)
        XCTAssertEqual(d.validity?.valid, true)
        XCTAssertEqual(d.history.map(\.present), [true, false])
        XCTAssertEqual(try lib.lookup("E11.22", system: .icd10cm, date: ServiceDate(iso: "2026-11-01")).get().validity?.valid, false)
    }
}
