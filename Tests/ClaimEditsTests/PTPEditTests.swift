import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import XCTest

/// NCCI procedure-to-procedure edits on PTP files the tests write in the CMS layout (CMS's own are too large to carry).
final class PTPEditTests: XCTestCase {
    static let notice = """
        CPT codes, descriptions and other data only are copyright 2025 American Medical Association. All rights reserved.
        Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale

        """

    /// Practitioner pairs: indicator 0 from 2026-04-01, indicator 1 (two versions, the first deleted), indicator 9,
    /// an E/M as column 2, and one deleted on 2026-01-01.
    static let practitionerRows = """
        11042\t97597\t\t20200101\t*\t1\tMisuse of column two code with column one code
        12001\t12002\t*\t19960101\t20260101\t1\tMutually exclusive procedures
        17110\t99213\t\t20150101\t*\t1\tStandards of medical / surgical practice
        29881\t29877\t\t20260401\t*\t0\tMore extensive procedure
        93000\t93005\t\t20100101\t*\t9\tCPT Manual or CMS manual coding instruction

        """

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ptp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func tables() throws -> PTPTables {
        try write("ccipra-v321r0-f1.txt", Self.notice + Self.practitionerRows)
        try write("ccioph-v321r0-f1.txt", Self.notice + "36415\t36416\t\t20200101\t*\t0\tMisuse of column two code with column one code\n")
        return try PTPTables.load(directory: directory)
    }

    /// The NCCI edits only: the code-validity edits of the same claims are ScrubberTests' business.
    func ncci(_ claim: ScrubClaim) throws -> [ClaimEdit] {
        try Scrubber(library: ScrubberTests.library.get(), ptp: tables()).scrub(claim).filter { $0.id.hasPrefix("ncci-") }
    }

    static func claim(_ lines: [(code: String, modifiers: [String])], on date: String = "2026-05-04", kind: ScrubClaim.Kind = .professional) -> ScrubClaim {
        ScrubClaim(id: "P1", kind: kind, diagnoses: ["M1711"],
                   lines: lines.enumerated().map { n, line in
                       ScrubClaim.Line(number: n + 1, procedure: line.code, modifiers: line.modifiers, serviceDate: ScrubberTests.date(date), diagnosisPointers: [1],
                                       revenueCode: kind == .institutional ? "0360" : nil)
                   },
                   npis: [ScrubClaim.NamedNPI(role: "rendering provider", npi: "1234567893")])
    }

    func testIndicatorZeroDeniesColumnTwoWhateverTheModifier() throws {
        let edits = try ncci(Self.claim([("29881", []), ("29877", ["59"])]))
        XCTAssertEqual(edits.count, 1, edits.description)
        let edit = edits[0]
        XCTAssertEqual(edit.id, "ncci-ptp")
        XCTAssertEqual(edit.severity, .error)
        XCTAssertEqual(edit.lines, [1, 2])
        XCTAssertEqual(edit.codes, ["29881", "29877"], "column 1, then column 2")
        XCTAssertEqual(edit.source, "NCCI practitioner PTP, effective 2026-04-01, modifier indicator 0")
        XCTAssertTrue(edit.message.contains("line 2: 29877 is a column 2 code of 29881"), edit.message)
        XCTAssertTrue(edit.message.contains("More extensive procedure"), edit.message)
        XCTAssertTrue(edit.resolution.contains("Remove line 2"), edit.resolution)
        // The pair takes effect on 2026-04-01.
        XCTAssertEqual(try ncci(Self.claim([("29881", []), ("29877", [])], on: "2026-03-31")), [])
        XCTAssertEqual(try ncci(Self.claim([("29877", []), ("29881", [])], on: "2026-04-01")).map(\.lines), [[1, 2]], "either line order")
    }

    func testIndicatorOneIsBypassedByAnNCCIModifierOnEitherLine() throws {
        let plain = try ncci(Self.claim([("11042", []), ("97597", [])]))
        XCTAssertEqual(plain.map(\.id), ["ncci-ptp"])
        XCTAssertEqual(plain.first?.source, "NCCI practitioner PTP, effective 2020-01-01, modifier indicator 1")
        XCTAssertTrue(plain.first?.resolution.contains("XS") ?? false)
        for modifier in ["59", "XE", "XS", "XP", "XU", "E1", "E4", "FA", "F1", "F9", "TA", "T1", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI",
                         "24", "25", "57", "58", "78", "79", "27", "91"] {
            XCTAssertEqual(try ncci(Self.claim([("11042", []), ("97597", [modifier])])), [], "\(modifier) on column 2")
            XCTAssertEqual(try ncci(Self.claim([("11042", [modifier]), ("97597", [])])), [], "\(modifier) on column 1")
        }
        XCTAssertEqual(try ncci(Self.claim([("11042", ["GA"]), ("97597", ["76"])])).map(\.id), ["ncci-ptp"], "not NCCI-associated modifiers")
    }

    func testIndicatorNineOtherDatesAndOtherProvidersAreNotEdited() throws {
        XCTAssertEqual(try ncci(Self.claim([("93000", []), ("93005", [])])), [], "modifier indicator 9")
        var twoDays = Self.claim([("11042", []), ("97597", [])])
        twoDays.lines[1].serviceDate = ScrubberTests.date("2026-05-05")
        XCTAssertEqual(try ncci(twoDays), [])
        var twoProviders = Self.claim([("11042", []), ("97597", [])])
        twoProviders.lines[1].renderingNPI = "1245319599"
        XCTAssertEqual(try ncci(twoProviders), [])
        twoProviders.lines[1].renderingNPI = "1234567893"
        XCTAssertEqual(try ncci(twoProviders).count, 1, "the claim's rendering provider on the other line")
    }

    func testADeletedPairStopsOnItsDeletionDate() throws {
        XCTAssertEqual(try ncci(Self.claim([("12001", []), ("12002", [])], on: "2025-12-31")).first?.source,
                       "NCCI practitioner PTP, effective 1996-01-01, modifier indicator 1")
        XCTAssertEqual(try ncci(Self.claim([("12001", []), ("12002", [])], on: "2026-01-01")), [])
        let table = try XCTUnwrap(try tables().practitioner)
        XCTAssertEqual(table.edit(column1: "12001", column2: "12002", on: ScrubberTests.date("2025-06-01"))?.deletion, ScrubberTests.date("2026-01-01"))
        XCTAssertNil(table.edit(column1: "12002", column2: "12001", on: ScrubberTests.date("2025-06-01")), "pairs have a direction")
    }

    func testInstitutionalClaimsUseTheHospitalTable() throws {
        XCTAssertEqual(try ncci(Self.claim([("11042", []), ("97597", [])], kind: .institutional)), [])
        let edits = try ncci(Self.claim([("36415", []), ("36416", [])], kind: .institutional))
        XCTAssertEqual(edits.map(\.source), ["NCCI outpatient hospital PTP, effective 2020-01-01, modifier indicator 0"])
    }

    func testModifier59AndXAreNeverValidOnAnEM() throws {
        let edits = try ncci(Self.claim([("17110", []), ("99213", ["59"])]))
        XCTAssertEqual(Set(edits.map(\.id)), ["ncci-ptp", "ncci-modifier-on-em"], "59 on the E/M does not bypass the pair")
        let misuse = try XCTUnwrap(edits.first { $0.id == "ncci-modifier-on-em" })
        XCTAssertEqual(misuse.lines, [2])
        XCTAssertEqual(misuse.codes, ["99213", "59"])
        XCTAssertTrue(misuse.resolution.hasPrefix("Use 25 on the E/M"), misuse.resolution)
        XCTAssertEqual(try ncci(Self.claim([("17110", []), ("99213", ["XU"])])).filter { $0.id == "ncci-modifier-on-em" }.first?.codes, ["99213", "XU"])
        XCTAssertEqual(try ncci(Self.claim([("17110", []), ("99213", ["25"])])), [], "25 on the E/M")
        XCTAssertEqual(try ncci(Self.claim([("17110", ["59"]), ("99213", [])])), [], "59 on the procedure")
    }

    func testMalformedRowsNameTheFileAndLine() throws {
        func error(_ rows: String) throws -> String {
            let url = try write("ccipra-bad.txt", Self.notice + rows)
            do { _ = try PTPTable.load(.practitioner, files: [url]); XCTFail("loaded"); return "" } catch { return "\(error)" }
        }
        // The notice and header are lines 1 and 2; the rows start on line 3.
        let good = "11042\t97597\t\t20200101\t*\t1\tMisuse of column two code with column one code\n"
        XCTAssertEqual(try error(good + "29881\t29877\t\t20260401\t*\t2\tMore extensive procedure\n"),
                       "ccipra-bad.txt:4: modifier indicator '2' is not 0 (not allowed), 1 (allowed) or 9 (not applicable)")
        XCTAssertEqual(try error(good + good + "29881\t29877\t\t2026-04-01\t*\t0\tMore extensive procedure\n"),
                       "ccipra-bad.txt:5: effective date '2026-04-01' is not a date YYYYMMDD")
        XCTAssertEqual(try error(good + "29881\t29877\t\t20260401\t20261301\t0\tx\n"),
                       "ccipra-bad.txt:4: deletion date '20261301' is neither a date YYYYMMDD nor *")
        XCTAssertEqual(try error(good + "2988\t29877\t\t20260401\t*\t0\tx\n"),
                       "ccipra-bad.txt:4: column 1 '2988' is not a 5-character CPT/HCPCS code")
        XCTAssertEqual(try error(good + "29881\t29877\t20260401\n"),
                       "ccipra-bad.txt:4: expected 7 tab-separated columns (column 1, column 2, prior to 1996, effective date, deletion date, modifier indicator, rationale), found 3")
        XCTAssertEqual(try error("29881\t298-7\t\t20260401\t*\t0\tx\n"), "ccipra-bad.txt:3: column 2 '298-7' is not a 5-character CPT/HCPCS code",
                       "a bad first row is not mistaken for a header")
        XCTAssertEqual(try error(good + "End of file notice\n"), "ccipra-bad.txt:4: expected 7 tab-separated columns (column 1, column 2, prior to 1996, effective date, deletion date, modifier indicator, rationale), found 1")
    }

    func testTheDirectoryLoaderSortsFilesIntoTheirTables() throws {
        let loaded = try tables()
        XCTAssertEqual(loaded.practitioner?.count, 5)
        XCTAssertEqual(loaded.outpatientHospital?.count, 1)
        // CRLF line ends, no notice, a second part file and rows out of order all load.
        try write("ccipra-v321r0-f2.txt", "99214\t99213\t\t20200101\t*\t1\tx\r\n36000\t36410\t\t20200101\t*\t1\tx\r\n")
        let merged = try XCTUnwrap(try PTPTables.load(directory: directory).practitioner)
        XCTAssertEqual(merged.count, 7)
        XCTAssertEqual(merged.sourceFiles, ["ccipra-v321r0-f1.txt", "ccipra-v321r0-f2.txt"])
        XCTAssertEqual(merged.edit(column1: "36000", column2: "36410", on: ScrubberTests.date("2026-01-01"))?.modifierIndicator, .allowed)
        XCTAssertEqual(merged.edit(column1: "29881", column2: "29877", on: ScrubberTests.date("2026-04-01"))?.rationale, "More extensive procedure")
        try write("edits.txt", "")
        XCTAssertThrowsError(try PTPTables.load(directory: directory)) { XCTAssertTrue("\($0)".hasPrefix("edits.txt: cannot tell"), "\($0)") }
    }

    func testTheScrubberLoadsTheTablesItFinds() throws {
        _ = try tables()
        let library = try ScrubberTests.library.get()
        let (scrubber, summary) = try Scrubber.load(library: library, codeSets: SharedFiles.codesets, ptpDirectory: directory)
        XCTAssertNotNil(scrubber.ptp?.practitioner)
        XCTAssertNotNil(scrubber.mue)
        XCTAssertTrue(summary.contains("practitioner 5 pairs") && summary.contains("MUE: 3 tables"), summary)
        let (bare, none) = try Scrubber.load(library: library, codeSets: nil, ptpDirectory: nil)
        XCTAssertNil(bare.ptp)
        XCTAssertTrue(none.contains("NCCI PTP: none"), none)
        XCTAssertThrowsError(try Scrubber.load(library: library, codeSets: nil, ptpDirectory: directory.appendingPathComponent("missing")))
    }

    func testTheGeneratorWritesTheSameLoadableFileForASeed() throws {
        let first = directory.appendingPathComponent("ccipra-synthetic-a.txt"), second = directory.appendingPathComponent("ccipra-synthetic-b.txt")
        try PTPFileGenerator.write(pairs: 20_000, seed: 7, to: first)
        try PTPFileGenerator.write(pairs: 20_000, seed: 7, to: second)
        XCTAssertEqual(try Data(contentsOf: first), try Data(contentsOf: second))
        let table = try PTPTable.load(.practitioner, files: [first])
        XCTAssertEqual(table.count, 20_000)
        let row = try XCTUnwrap(String(decoding: try Data(contentsOf: first), as: UTF8.self).split(separator: "\n")[1000].split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
        let effective = try XCTUnwrap(ServiceDate(compact: row[3]))
        XCTAssertEqual(table.edit(column1: row[0], column2: row[1], on: effective)?.modifierIndicator.rawValue, UInt8(row[5]))
    }
}
