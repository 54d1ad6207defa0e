import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import XCTest

/// The physician fee schedule edits against the CMS relative value file of October 2025 in
/// ../shared/codesets/pfs/2025/PPRRVU2025_Oct.csv. Codes used, with their indicators in that file:
/// 27447 (090, bilateral 1, assistant 2, co-surgeons 1, team 0), 29881 (090, assistant 0), 11042 (000, assistant 1,
/// co-surgeons 0) and its add-on 11045 (ZZZ), 10060 (010), 20610 (000), 71046 (PC/TC 1), 93010 (PC/TC 2), 84165
/// (status X, PC/TC 9; its 26 row status A, PC/TC 6), 76706 (bilateral 0), 77067 (bilateral 2), 73562 (bilateral 3),
/// 22836 (team 1), 22818 (team 2), 99396 (status N), 99080 (status B), J3420 (status E), 80053 (status X).
final class PFSEditTests: XCTestCase {
    static let tables: Result<PFSIndicatorTables, any Error> = Result {
        guard let tables = try PFSIndicatorTables.load(codeSets: SharedFiles.codesets) else { throw XCTSkip("no pfs/<year>/PPRRVU*.csv under \(SharedFiles.codesets.path)") }
        return tables
    }

    static let source = "Medicare PFS relative value file 2025 (October)"

    func scrub(_ claim: ScrubClaim) throws -> [ClaimEdit] {
        var scrubber = Scrubber(library: try ScrubberTests.library.get())
        scrubber.pfs = try Self.tables.get()
        return scrubber.scrub(claim).filter { $0.id.hasPrefix("pfs-") }
    }

    static func line(_ n: Int, _ code: String, _ modifiers: [String] = [], on date: String = "2025-03-03", renderer: String? = nil) -> ScrubClaim.Line {
        ScrubClaim.Line(number: n, procedure: code, modifiers: modifiers, serviceDate: ScrubberTests.date(date), diagnosisPointers: [1],
                        revenueCode: nil, renderingNPI: renderer)
    }

    static func claim(_ lines: [ScrubClaim.Line], kind: ScrubClaim.Kind = .professional) -> ScrubClaim {
        var lines = lines
        if kind == .institutional { for i in lines.indices { lines[i].revenueCode = "0360" } }
        return ScrubClaim(id: "P1", kind: kind, diagnoses: ["M1711"], lines: lines,
                          npis: [ScrubClaim.NamedNPI(role: "rendering provider", npi: "1234567893")])
    }

    func testTheCMSFileLoadsWithItsIndicators() throws {
        let tables = try Self.tables.get()
        XCTAssertEqual(tables.tables.count, 1)
        let table = try XCTUnwrap(tables.tables.first)
        XCTAssertEqual(table.count, 19_090, "every row: 16,851 codes alone, 1,127 with 26, 1,108 with TC, 4 with 53")
        XCTAssertEqual(table.sourceName, Self.source)
        XCTAssertEqual(table.indicators(for: "27447"),
                       .init(status: "A", professionalTechnical: 0, globalDays: .ninety, multipleProcedure: 2, bilateral: 1, assistant: 2, coSurgeons: 1, team: 0))
        XCTAssertEqual(table.indicators(for: "11045")?.globalDays, .addOn)
        XCTAssertEqual(table.indicators(for: "84165")?.status, "X")
        XCTAssertEqual(table.indicators(for: "84165", row: .professionalComponent)?.professionalTechnical, 6)
        XCTAssertNil(table.indicators(for: "84165", row: .technicalComponent))
        XCTAssertEqual(table.indicators(for: "45378", row: .discontinued)?.globalDays, .zero)
        XCTAssertNil(table.indicators(for: "86153"), "listed only with 26")
        // A calendar-year release covers its year; later dates use the latest release, earlier ones the earliest.
        for date in ["2025-01-01", "2026-06-01", "2019-01-01"] { XCTAssertEqual(tables.table(on: ScrubberTests.date(date))?.year, 2025) }
    }

    func testWithoutTheTableThereAreNoPFSEdits() throws {
        let edits = Scrubber(library: try ScrubberTests.library.get()).scrub(Self.claim([Self.line(1, "11045")]))
        XCTAssertFalse(edits.contains { $0.id.hasPrefix("pfs-") }, edits.description)
    }

    func testTheCleanClaimStaysClean() throws {
        var claim = ScrubberTests.claim()
        XCTAssertEqual(try scrub(claim), [])
        claim.lines[0].serviceDate = ScrubberTests.date("2025-03-03")
        claim.lines[1].serviceDate = ScrubberTests.date("2025-03-03")
        XCTAssertEqual(try scrub(claim), [], "J3420 is status E: paid outside the fee schedule, so no warning")
    }

    // MARK: - Add-on codes

    func testAnAddOnNeedsAPrimaryOfTheSameProviderOnTheSameDay() throws {
        let edits = try scrub(Self.claim([Self.line(1, "11045")]))
        XCTAssertEqual(edits.map(\.id), ["pfs-addon-without-primary"], edits.description)
        XCTAssertEqual(edits.first?.severity, .error)
        XCTAssertEqual(edits.first?.lines, [1])
        XCTAssertTrue(edits.first?.source.hasPrefix(Self.source + ", global days ZZZ") ?? false, edits.description)
        XCTAssertTrue(edits.first?.source.contains("add-on code edit files") ?? false, "says that the primaries themselves are not checked")
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "11042"), Self.line(2, "11045")])), [])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "11042", on: "2025-03-02"), Self.line(2, "11045")])).map(\.id), ["pfs-addon-without-primary"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "11042"), Self.line(2, "11045", renderer: "1245319599")])).map(\.id), ["pfs-addon-without-primary"],
                       "another provider's procedure is not this add-on's primary")
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "11045")], kind: .institutional)).map(\.id), ["pfs-addon-without-primary"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "99213"), Self.line(2, "G2211")])), [], "an E/M is G2211's primary")
    }

    // MARK: - Global surgery

    func testAVisitInsideAMajorSurgerysGlobalPeriodNeedsItsModifier() throws {
        let surgery = Self.line(1, "27447")
        let sameDay = try scrub(Self.claim([surgery, Self.line(2, "99213")]))
        XCTAssertEqual(sameDay.map(\.id), ["pfs-global-em"], sameDay.description)
        let edit = try XCTUnwrap(sameDay.first)
        XCTAssertEqual(edit.lines, [1, 2])
        XCTAssertEqual(edit.codes, ["99213", "27447"])
        XCTAssertEqual(edit.source, Self.source + ", global days 090")
        XCTAssertTrue(edit.message.contains("27447 on line 1 (global days 090, surgery 2025-03-03, postoperative period through 2025-06-01)"), edit.message)
        XCTAssertTrue(edit.resolution.contains("57"), edit.resolution)
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99213", ["57"])])), [])
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99213", ["25"])])), [])

        let dayBefore = try scrub(Self.claim([surgery, Self.line(2, "99204", on: "2025-03-02")]))
        XCTAssertEqual(dayBefore.map(\.id), ["pfs-global-em"])
        XCTAssertTrue(dayBefore.first?.message.contains("the day before") ?? false, dayBefore.description)
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99204", ["57"], on: "2025-03-02")])), [])
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99204", on: "2025-03-01")])), [], "two days before is outside")

        let after = try scrub(Self.claim([surgery, Self.line(2, "99213", on: "2025-06-01")]))
        XCTAssertEqual(after.map(\.id), ["pfs-global-em"], "the 90th day is inside")
        XCTAssertTrue(after.first?.resolution.contains("24") ?? false)
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99213", ["24"], on: "2025-04-10")])), [])
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99213", on: "2025-06-02")])), [], "the 91st day is outside")
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["54"]), Self.line(2, "99213", on: "2025-04-10")])), [],
                       "with 54 the postoperative care is another's")
        XCTAssertEqual(try scrub(Self.claim([surgery, Self.line(2, "99213", on: "2025-04-10", renderer: "1245319599")])), [], "another provider")
    }

    func testAVisitOnTheDayOfAMinorProcedureNeeds25() throws {
        for code in ["10060", "20610"] {
            let edits = try scrub(Self.claim([Self.line(1, "99213", ["57"]), Self.line(2, code)]))
            XCTAssertEqual(edits.map(\.id), ["pfs-global-em"], "57 is for major surgery: \(edits)")
            XCTAssertTrue(edits.first?.resolution.contains("Add 25") ?? false)
            XCTAssertEqual(try scrub(Self.claim([Self.line(1, "99213", ["25"]), Self.line(2, code)])), [])
        }
        // 010: ten days after; 000: none.
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "10060"), Self.line(2, "99213", on: "2025-03-13")])).map(\.id), ["pfs-global-em"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "10060"), Self.line(2, "99213", on: "2025-03-14")])), [])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "20610"), Self.line(2, "99213", on: "2025-03-04")])), [])
    }

    func testAProcedureInsideAGlobalPeriodNeeds58_78Or79() throws {
        let edits = try scrub(Self.claim([Self.line(1, "27447", ["RT"]), Self.line(2, "20610", ["LT"], on: "2025-03-20")]))
        XCTAssertEqual(edits.map(\.id), ["pfs-global-procedure"], edits.description)
        XCTAssertEqual(edits.first?.lines, [1, 2])
        XCTAssertTrue(edits.first?.message.contains("inside the global period of 27447 on line 1 (global days 090, surgery 2025-03-03, postoperative period through 2025-06-01)") ?? false,
                      edits.description)
        XCTAssertTrue(edits.first?.resolution.contains("79") ?? false)
        for modifier in ["58", "78", "79"] {
            XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["RT"]), Self.line(2, "20610", ["LT", modifier], on: "2025-03-20")])), [], modifier)
        }
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["RT"]), Self.line(2, "71046", on: "2025-03-20")])), [],
                       "a chest X-ray is not a procedure with a global period")
    }

    // MARK: - PC/TC

    func testProfessionalAndTechnicalComponentModifiers() throws {
        for modifiers in [["26"], ["TC"], []] { XCTAssertEqual(try scrub(Self.claim([Self.line(1, "71046", modifiers)])), [], "\(modifiers)") }
        let both = try scrub(Self.claim([Self.line(1, "71046", ["26", "TC"])]))
        XCTAssertEqual(both.map(\.id), ["pfs-pctc-modifier"])
        XCTAssertEqual(both.first?.codes, ["71046", "26", "TC"])

        let interpretation = try scrub(Self.claim([Self.line(1, "93010", ["26"])]))
        XCTAssertEqual(interpretation.map(\.id), ["pfs-pctc-modifier"], interpretation.description)
        XCTAssertEqual(interpretation.first?.source, Self.source + ", PC/TC indicator 2")
        XCTAssertTrue(interpretation.first?.message.contains("professional component only") ?? false, interpretation.description)
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "99213", ["TC"])])).map(\.source), [Self.source + ", PC/TC indicator 0"])
        // A laboratory interpretation: 26 yes (its own row says 6), TC no.
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "84165", ["26"])])), [])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "84165", ["TC"])])).map(\.id), ["pfs-pctc-modifier"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "93010", ["26"])], kind: .institutional)), [], "professional claims only")
    }

    // MARK: - Bilateral

    func testBilateralModifiers() throws {
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["50"])])), [])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "73562", ["50"])])), [], "indicator 3 takes 50")
        for (code, indicator) in [("76706", 0), ("77067", 2)] {
            let edits = try scrub(Self.claim([Self.line(1, code, ["50"])]))
            XCTAssertEqual(edits.map(\.id), ["pfs-bilateral-modifier"], code)
            XCTAssertEqual(edits.first?.severity, .error)
            XCTAssertEqual(edits.first?.source, Self.source + ", bilateral surgery indicator \(indicator)")
        }
        let bothSides = try scrub(Self.claim([Self.line(1, "27447", ["LT", "RT"])]))
        XCTAssertEqual(bothSides.map(\.id), ["pfs-bilateral-modifier"])
        XCTAssertTrue(bothSides.first?.resolution.contains("one line with 50") ?? false, bothSides.description)
        XCTAssertTrue(try scrub(Self.claim([Self.line(1, "73562", ["LT", "RT"])])).first?.resolution.contains("two lines") ?? false)
        let fiftyAndSide = try scrub(Self.claim([Self.line(1, "27447", ["50", "RT"])]))
        XCTAssertEqual(fiftyAndSide.map(\.codes), [["27447", "50", "RT"]])
    }

    // MARK: - Assistant, co-surgeons, team

    func testSurgeonModifiersAgainstTheirIndicators() throws {
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["80"])])), [], "assistant indicator 2: paid")
        let documentation = try scrub(Self.claim([Self.line(1, "29881", ["AS"])]))
        XCTAssertEqual(documentation.map(\.id), ["pfs-assistant-at-surgery"])
        XCTAssertEqual(documentation.first?.severity, .warning)
        XCTAssertEqual(documentation.first?.source, Self.source + ", assistant at surgery indicator 0")
        let restricted = try scrub(Self.claim([Self.line(1, "11042", ["82"])]))
        XCTAssertEqual(restricted.map(\.severity), [.error])
        XCTAssertTrue(restricted.first?.message.contains("statutory") ?? false)
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "80053", ["80"])])).map(\.severity), [.error], "indicator 9")

        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["62"])])).map { "\($0.id) \($0.severity)" }, ["pfs-co-surgery warning"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "11042", ["62"])])).map { "\($0.id) \($0.severity)" }, ["pfs-co-surgery error"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "27447", ["66"])])).map { "\($0.id) \($0.severity)" }, ["pfs-team-surgery error"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "22836", ["66"])])).map { "\($0.id) \($0.severity)" }, ["pfs-team-surgery warning"])
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "22818", ["66"])])), [])
    }

    // MARK: - Status

    func testStatusesTheFeeScheduleDoesNotPay() throws {
        let edits = try scrub(Self.claim([Self.line(1, "99396"), Self.line(2, "99080"), Self.line(3, "J3420"), Self.line(4, "80053")]))
        XCTAssertEqual(edits.map(\.id), ["pfs-status-not-paid", "pfs-status-not-paid"], edits.description)
        XCTAssertEqual(edits.map(\.lines), [[1], [2]])
        XCTAssertEqual(edits.map(\.severity), [.warning, .warning])
        XCTAssertEqual(edits.first?.source, Self.source + ", status N (non-covered service)")
        XCTAssertEqual(edits.last?.source, Self.source + ", status B (bundled code)")
        XCTAssertEqual(try scrub(Self.claim([Self.line(1, "99396")], kind: .institutional)), [])
        // Medicare's payment policy: a commercial plan's claim is not judged by it; a Medicare claim (or an unknown payer's) is.
        var commercial = Self.claim([Self.line(1, "99396")])
        commercial.payer = ScrubClaim.Payer(id: "BHHP1", name: "Blue Horizon", claimFilingIndicator: "CI")
        XCTAssertEqual(try scrub(commercial), [])
        commercial.payer?.claimFilingIndicator = "MB"
        XCTAssertEqual(try scrub(commercial).map(\.id), ["pfs-status-not-paid"])
    }

    // MARK: - Loading

    /// The two header rows of the CMS layout (column names are not CMS data) and rows of 31 columns.
    static let header = ",,,STATUS,MEDICARE ,WORK,NON-FAC,NA,FACILITY,NA,MP,NON-FACILITY,FACILITY,PCTC,GLOB,PRE,INTRA,POST,MULT,BILAT,ASST,CO-,TEAM,ENDO,CONV,DIAGNOSTIC,CALCULATION,FAMILY,PAYMENT,PAYMENT,PAYMENT\n"
        + "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,AMOUNT,AMOUNT\n"

    static func row(_ code: String, _ modifier: String = "", status: String = "A", pctc: String = "0", global: String = "090",
                    indicators: String = "2,1,2,1,0") -> String {
        "\(code),\(modifier),,\(status),,1.00,1.00,,1.00,,1.00,3.00,3.00,\(pctc),\(global),0.10,0.80,0.10,\(indicators),,32.3465,99,0,99,0.00,0.00,0.00\n"
    }

    func testReleasesAreChosenByTheDateOfServiceAndAMalformedFileNamesTheLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pfs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ year: String, _ name: String, _ text: String) throws -> URL {
            let folder = root.appendingPathComponent("pfs/\(year)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }
        let title = ",,2026 National Physician Fee Schedule Relative Value File January Release\n"
        _ = try write("2026", "PPRRVU2026_Jan.csv", title + Self.header + Self.row("27447") + Self.row("11045", global: "ZZZ"))
        _ = try write("2026", "PPRRVU2026_Jul.csv", Self.header + Self.row("27447", global: "010"))
        _ = try write("2025", "PPRRVU2025_Oct.csv", Self.header + Self.row("27447", global: "000"))
        let tables = try XCTUnwrap(try PFSIndicatorTables.load(codeSets: root))
        XCTAssertEqual(tables.tables.map(\.sourceName), ["Medicare PFS relative value file 2025 (October)", "Medicare PFS relative value file 2026 (January)",
                                                         "Medicare PFS relative value file 2026 (July)"])
        func global(_ date: String) -> String? { tables.table(on: ScrubberTests.date(date))?.indicators(for: "27447")?.globalDays.rawValue }
        XCTAssertEqual(global("2024-05-01"), "000", "before every release: the earliest")
        XCTAssertEqual(global("2025-02-01"), "000", "the October release covers its whole year")
        XCTAssertEqual(global("2026-06-30"), "090")
        XCTAssertEqual(global("2026-07-01"), "010")
        XCTAssertEqual(global("2027-03-01"), "010", "after every release: the latest")

        let bad = try write("2026", "PPRRVU2026_Jul.csv", Self.header + Self.row("27447") + Self.row("27448", indicators: "2,7,2,1,0"))
        XCTAssertThrowsError(try PFSIndicatorTables.load(codeSets: root)) {
            XCTAssertEqual("\($0)", "PPRRVU2026_Jul.csv:4: BILAT SURG '7' of 27448 is not one of the documented indicators")
        }
        try Data((Self.header + Self.row("27447") + Self.row("27447")).utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTable.load(bad)) { XCTAssertEqual("\($0)", "PPRRVU2026_Jul.csv:4: 27447 is listed twice (first on line 3)") }
        try Data((Self.header + Self.row("27447", global: "045")).utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTable.load(bad)) { XCTAssertTrue("\($0)".hasSuffix(":3: GLOB DAYS '045' of 27447 is not 000, 010, 090, MMM, XXX, YYY or ZZZ"), "\($0)") }
        try Data((Self.header + "27447,,,A,,1.00\n").utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTable.load(bad)) { XCTAssertTrue("\($0)".hasSuffix(":3: expected at least 23 columns (through TEAM SURG), found 6"), "\($0)") }
        try Data((Self.header + Self.row("2744")).utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTable.load(bad)) { XCTAssertTrue("\($0)".contains("not a 5-character"), "\($0)") }
        try Data((Self.header.replacingOccurrences(of: "BILAT,ASST", with: "ASST,BILAT") + Self.row("27447")).utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTable.load(bad)) { XCTAssertTrue("\($0)".contains("column 20 of the header is 'ASST SURG': expected BILAT SURG"), "\($0)") }
        try Data("HCPCS,CODE\n27447,A\n".utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTable.load(bad)) { XCTAssertTrue("\($0)".contains("no header row starting HCPCS,MOD,DESCRIPTION"), "\($0)") }
        try Data((Self.header + Self.row("27447")).utf8).write(to: root.appendingPathComponent("pfs/2026/PPRRVU_latest.csv"))
        try Data((Self.header + Self.row("27447")).utf8).write(to: bad)
        XCTAssertThrowsError(try PFSIndicatorTables.load(codeSets: root)) { XCTAssertTrue("\($0)".contains("PPRRVU_latest.csv: cannot tell the fee schedule year"), "\($0)") }
        XCTAssertNil(try PFSIndicatorTables.load(codeSets: root.appendingPathComponent("elsewhere")))
    }
}
