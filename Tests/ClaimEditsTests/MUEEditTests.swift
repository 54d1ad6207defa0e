import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import XCTest

/// Medically Unlikely Edits against the CMS files of April 2026 in ../shared/codesets/ncci/mue/2026-04.
final class MUEEditTests: XCTestCase {
    static let tables: Result<MUETables, any Error> = Result {
        guard let tables = try MUETables.load(codeSets: SharedFiles.codesets) else { throw XCTSkip("no MUE files under \(SharedFiles.codesets.path)") }
        return tables
    }

    func mue(_ claim: ScrubClaim, professionalSetting: MUETable.Setting = .practitioner) throws -> [ClaimEdit] {
        var tables = try Self.tables.get()
        tables.professionalSetting = professionalSetting
        return Scrubber(library: try ScrubberTests.library.get(), mue: tables).scrub(claim).filter { $0.id == "ncci-mue" }
    }

    static func claim(_ lines: [(code: String, units: Int)], kind: ScrubClaim.Kind = .professional, on date: String = "2026-05-04") -> ScrubClaim {
        ScrubClaim(id: "M1", kind: kind, diagnoses: ["I10"],
                   lines: lines.enumerated().map { n, line in
                       ScrubClaim.Line(number: n + 1, procedure: line.code, units: line.units, serviceDate: ScrubberTests.date(date), diagnosisPointers: [1],
                                       revenueCode: kind == .institutional ? "0420" : nil)
                   })
    }

    func testTheCMSFilesLoadWithTheirSettingsAndDate() throws {
        let tables = try Self.tables.get()
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: tables.tables.map { ($0.setting, $0.count) }),
                       [.practitioner: 15_095, .outpatientHospital: 15_045, .dmeSupplier: 3_083])
        XCTAssertEqual(Set(tables.tables.map(\.effective)), [ScrubberTests.date("2026-04-01")])
        let practitioner = try XCTUnwrap(tables.table(for: .professional, on: ScrubberTests.date("2026-05-04")))
        XCTAssertEqual(practitioner.limit(for: "99486"), MUETable.Limit(units: 4, indicator: .line, rationale: "Clinical: CMS Workgroup"))
        XCTAssertEqual(practitioner.limit(for: "97110")?.units, 6)
        XCTAssertEqual(tables.table(for: .institutional, on: ScrubberTests.date("2026-05-04"))?.limit(for: "97110")?.units, 8)
    }

    func testMAI1LimitsEachLine() throws {
        // 99486 (practitioner MUE 4, MAI 1).
        let edits = try mue(Self.claim([("99486", 5)]))
        XCTAssertEqual(edits.count, 1, edits.description)
        XCTAssertEqual(edits[0].lines, [1])
        XCTAssertEqual(edits[0].codes, ["99486"])
        XCTAssertEqual(edits[0].source, "MUE practitioner 2026-04-01, MAI 1")
        XCTAssertTrue(edits[0].message.contains("5 units of 99486; the MUE allows 4 on one line"), edits[0].message)
        XCTAssertEqual(try mue(Self.claim([("99486", 4)])), [])
        XCTAssertEqual(try mue(Self.claim([("99486", 3), ("99486", 3)])), [], "a line edit does not add lines up")
    }

    func testMAI3SumsTheLinesOfADateOfService() throws {
        // 97110: practitioner MUE 6, outpatient hospital 8, both MAI 3.
        let edits = try mue(Self.claim([("97110", 4), ("99213", 1), ("97110", 3)]))
        XCTAssertEqual(edits.map(\.lines), [[1, 3]], edits.description)
        XCTAssertEqual(edits.first?.source, "MUE practitioner 2026-04-01, MAI 3")
        XCTAssertTrue(edits.first?.message.contains("7 units of 97110 on 2026-05-04, summed") ?? false, edits.description)
        XCTAssertTrue(edits.first?.resolution.contains("appealed") ?? false)
        var twoDays = Self.claim([("97110", 4), ("97110", 3)])
        twoDays.lines[1].serviceDate = ScrubberTests.date("2026-05-05")
        XCTAssertEqual(try mue(twoDays), [])
        XCTAssertEqual(try mue(Self.claim([("97110", 4), ("97110", 3)], kind: .institutional)), [], "the hospital table allows 8")
        XCTAssertEqual(try mue(Self.claim([("97110", 5), ("97110", 4)], kind: .institutional)).map(\.source), ["MUE outpatient hospital 2026-04-01, MAI 3"])
    }

    func testMAI2IsAPolicyLimit() throws {
        // 11042: MUE 1, MAI 2.
        let edits = try mue(Self.claim([("11042", 2)]))
        XCTAssertEqual(edits.map(\.source), ["MUE practitioner 2026-04-01, MAI 2"])
        XCTAssertTrue(edits.first?.resolution.contains("not paid, even on appeal") ?? false)
    }

    func testADMESupplierIsJudgedByTheDMETable() throws {
        // E0100: 0 for practitioners, 1 for DME suppliers (MAI 3).
        XCTAssertEqual(try mue(Self.claim([("E0100", 1)])).map(\.source), ["MUE practitioner 2026-04-01, MAI 3"])
        XCTAssertEqual(try mue(Self.claim([("E0100", 1)]), professionalSetting: .dmeSupplier), [])
        XCTAssertEqual(try mue(Self.claim([("E0100", 2)]), professionalSetting: .dmeSupplier).map(\.source), ["MUE DME supplier 2026-04-01, MAI 3"])
    }

    /// A limit of 0 (99396, a preventive visit Medicare never pays) is Medicare's coverage, not a unit count.
    func testALimitOfZeroIsForMedicareClaims() throws {
        var claim = Self.claim([("99396", 1)])
        XCTAssertEqual(try mue(claim).map(\.codes), [["99396"]], "payer unknown: judged as Medicare would")
        claim.payer = ScrubClaim.Payer(id: "06102", name: "Medicare Part B", claimFilingIndicator: "MB")
        XCTAssertEqual(try mue(claim).count, 1)
        claim.payer = ScrubClaim.Payer(id: "BHHP1", name: "Blue Horizon", claimFilingIndicator: "CI")
        XCTAssertEqual(try mue(claim), [], "a commercial plan covers preventive visits")
        // Other limits apply whoever pays.
        claim.lines = Self.claim([("99486", 5)]).lines
        XCTAssertEqual(try mue(claim).count, 1)
    }

    func testWithoutTablesThereAreNoMUEEdits() throws {
        let edits = Scrubber(library: try ScrubberTests.library.get()).scrub(Self.claim([("99486", 9)]))
        XCTAssertFalse(edits.contains { $0.id.hasPrefix("ncci-") }, edits.description)
    }

    func testAMalformedMUEFileNamesTheLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv")
        let header = "\"A notice,\nover two lines\",,,\n\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
        try Data((header + "99213,2,3 Date of Service Edit: Clinical,Clinical: Data\n99214,lots,3 Date of Service Edit: Clinical,x\n").utf8).write(to: url)
        XCTAssertThrowsError(try MUETables.load(directory: directory)) {
            XCTAssertEqual("\($0)", "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv:6: MUE value 'lots' of 99214 is not a whole number of units")
        }
        try Data((header + "99213,2,4 Something else,x\n").utf8).write(to: url)
        XCTAssertThrowsError(try MUETable.load(url)) { XCTAssertTrue("\($0)".hasSuffix(":5: adjudication indicator '4 Something else' of 99213 does not start with 1, 2 or 3"), "\($0)") }
        try Data((header + "99213,2,2 Date of Service Edit: Policy,x\n").utf8).write(to: url)
        let table = try MUETable.load(url)
        XCTAssertEqual(table.effective, ScrubberTests.date("2026-07-01"))
        XCTAssertEqual(table.limit(for: "99213")?.indicator, .dateOfServicePolicy)
        try Data("code,value\n99213,2\n".utf8).write(to: url)
        XCTAssertThrowsError(try MUETable.load(url)) { XCTAssertTrue("\($0)".contains("no header row"), "\($0)") }
    }
}
