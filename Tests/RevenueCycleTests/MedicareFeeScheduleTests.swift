import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// The Medicare Physician Fee Schedule: reading the CMS layouts (on small files written here) and pricing, then
/// the real CY2025 files when they are present.
final class MedicareFeeScheduleTests: XCTestCase {
    static let relativeValueHeader = """
        ,,2025 National Physician Fee Schedule Relative Value File October Release,,,,,,,,,,,,,,,,,,,,,,,,,,,,
        ,,CPT codes and descriptions only are copyright 2024 American Medical Association.,,,,,,,,,,,,,,,,,,,,,,,,,,,,
        ,,,STATUS,MEDICARE ,WORK,NON-FAC,NA,FACILITY,NA,MP,NON-FACILITY,FACILITY,PCTC,GLOB,PRE,INTRA,POST,MULT,BILAT,ASST,CO-,TEAM,ENDO,CONV,DIAGNOSTIC,CALCULATION,FAMILY,PAYMENT,PAYMENT,PAYMENT
        HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,AMOUNT,AMOUNT

        """

    /// Rows in the real layout (values of the CY2025 October release for these codes).
    static let rows = [
        "99213,,,A,,1.30,1.35,,0.57,,0.10,2.75,1.97,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00",
        "71046,,,A,,0.22,0.77,,0.77,NA,0.02,1.01,1.01,1,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,2.76,2.76,0.05",
        "71046,26,,A,,0.22,0.08,,0.08,,0.01,0.31,0.31,1,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00",
        "71046,TC,,A,,0.00,0.69,,0.69,NA,0.01,0.70,0.70,1,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,01,0,99,2.68,2.68,0.04",
        "27447,,,A,,19.60,15.30,NA,15.30,,3.98,38.88,38.88,0,090,0.10,0.80,0.10,2,1,2,1,0,,32.3465,09,0,99,0.00,0.00,0.00",
        "36415,,,X,,0.00,0.00,,0.00,,0.00,0.00,0.00,9,XXX,0.00,0.00,0.00,9,9,9,9,9,,32.3465,09,0,99,0.00,0.00,0.00",
        "G0439,,\"Ppps, subseq visit\",A,,1.92,1.86,,1.86,NA,0.13,3.91,3.91,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00",
        "96372,,,T,,0.17,0.38,,0.38,NA,0.01,0.56,0.56,5,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00",
    ]

    static let gpciText = """
        ADDENDUM E. FINAL CY 2025 GEOGRAPHIC PRACTICE COST INDICES (GPCIs) BY STATE AND MEDICARE LOCALITY,,,,,,
        ,,,,,,
        Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,2025 PW GPCI (with 1.0 Floor),2025 PE GPCI,2025 MP GPCI
        06102,IL,16,CHICAGO,1.007,1.023,2.018
        06102,IL,99,REST OF ILLINOIS,1,0.912,1.381
        01212,HI,01,"HAWAII, GUAM",1,1.149,0.561
        "MAC Assignments as of November 22, 2023",,,,,,
        ,,,,,,
        *Work GPCI reflects a 1.5 floor in Alaska established by the MIPPA.,,,,,,

        """

    static func schedule(rows: [String] = rows, gpci: String = gpciText) throws -> MedicarePhysicianFeeSchedule {
        try MedicarePhysicianFeeSchedule(relativeValueText: relativeValueHeader + rows.joined(separator: "\r\n") + "\r\n", relativeValueFile: "PPRRVU-test.csv",
                                         gpciText: gpci, gpciFile: "GPCI-test.csv")
    }

    static let chicago = MedicareLocality(mac: "06102", locality: "16")
    static let restOfIllinois = MedicareLocality(mac: "06102", locality: "99")

    func testReadsTheLayouts() throws {
        let fees = try Self.schedule()
        XCTAssertEqual(fees.recordCount, 8)
        XCTAssertEqual(fees.localities.count, 3)
        XCTAssertEqual(fees.gpci(for: MedicareLocality(mac: "01212", locality: "01"))?.localityName, "HAWAII, GUAM")
        let record = try XCTUnwrap(fees.record(code: "71046", modifier: "TC"))
        XCTAssertTrue(record.facilityNotApplicable)
        XCTAssertFalse(record.nonFacilityNotApplicable)
        XCTAssertEqual(record.line, 8, "the title rows and the header come first")
        XCTAssertEqual(fees.record(code: "G0439")?.globalDays, "XXX", "a quoted description with a comma keeps the columns in place")
    }

    func testPricesWithExactFactorsAndOneRounding() throws {
        let fees = try Self.schedule()
        // 99213 non-facility, Chicago: (1.30 × 1.007) + (1.35 × 1.023) + (0.10 × 2.018) = 1.3091 + 1.38105 + 0.2018
        // = 2.89195; × 32.3465 = 93.544460675, so $93.54.
        let office = try XCTUnwrap(fees.price(code: "99213", locality: Self.chicago, setting: .nonFacility).payment)
        XCTAssertEqual(office.geographicallyAdjustedRVUs.description, "2.89195")
        XCTAssertEqual(office.exactDollars.description, "93.544460675")
        XCTAssertEqual(office.amount.cents, 9354)
        // Facility, rest of Illinois: 1.30 × 1 + 0.57 × 0.912 + 0.10 × 1.381 = 1.95794; × 32.3465 = 63.33250621.
        XCTAssertEqual(fees.price(code: "99213", locality: Self.restOfIllinois, setting: .facility).amount?.cents, 6333)
        // 71046-26 in Chicago: 0.22 × 1.007 + 0.08 × 1.023 + 0.01 × 2.018 = 0.2215 + 0.08184 + 0.02018 = 0.32356;
        // × 32.3465 = 10.466033... so $10.47.
        XCTAssertEqual(fees.price(code: "71046", modifier: "26", locality: Self.chicago, setting: .facility).amount?.cents, 1047)
        // A conversion factor given by the caller replaces the file's.
        let other = try XCTUnwrap(ExactDecimal("33.4009"))
        XCTAssertEqual(fees.price(code: "99213", locality: Self.chicago, setting: .nonFacility, conversionFactor: other).payment?.exactDollars.description,
                       "96.593732755")
        let injection = try XCTUnwrap(fees.price(code: "96372", locality: Self.chicago, setting: .nonFacility).payment)
        XCTAssertNotNil(injection.note, "status T is paid with a condition, which the answer states")
    }

    func testRoundsHalfUpAtTheEndOnly() throws {
        // 0.50 + 0.25 + 0.25 RVUs at GPCIs of 1 × CF 0.125 = $0.125, which rounds up to 13 cents. Rounding each
        // component to cents first (0.0625 → 6, 0.03125 → 3, 0.03125 → 3) would give 12: there is one rounding.
        let rows = ["99999,,,A,,0.50,0.25,,0.25,,0.25,1.00,1.00,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,0.125,09,0,99,0.00,0.00,0.00"]
        let gpci = Self.gpciText.replacingOccurrences(of: "06102,IL,99,REST OF ILLINOIS,1,0.912,1.381", with: "06102,IL,99,REST OF ILLINOIS,1,1,1")
        let fees = try Self.schedule(rows: rows, gpci: gpci)
        let payment = try XCTUnwrap(fees.price(code: "99999", locality: Self.restOfIllinois, setting: .nonFacility).payment)
        XCTAssertEqual(payment.exactDollars.description, "0.125")
        XCTAssertEqual(payment.amount.cents, 13)
    }

    func testExplainsWhatItDoesNotPrice() throws {
        let fees = try Self.schedule()
        func reason(_ pricing: MedicarePricing) -> String {
            if case .notPriced(let reason) = pricing { return reason }
            return "priced"
        }
        XCTAssertEqual(reason(fees.price(code: "36415", locality: Self.chicago, setting: .nonFacility)),
                       "36415 has PFS status X, statutory exclusion: not paid under the physician fee schedule (another fee schedule may pay it)")
        XCTAssertTrue(reason(fees.price(code: "27447", locality: Self.chicago, setting: .nonFacility)).contains("no non-facility practice expense (NA)"))
        XCTAssertNotNil(fees.price(code: "27447", locality: Self.chicago, setting: .facility).amount)
        XCTAssertTrue(reason(fees.price(code: "71046", modifier: "TC", locality: Self.chicago, setting: .facility)).contains("no facility practice expense (NA)"))
        XCTAssertEqual(reason(fees.price(code: "99213", modifier: "26", locality: Self.chicago, setting: .nonFacility)),
                       "PPRRVU-test.csv has 99213 but no row for it with modifier 26")
        XCTAssertEqual(reason(fees.price(code: "99499", locality: Self.chicago, setting: .nonFacility)), "99499 is not in PPRRVU-test.csv")
        XCTAssertEqual(reason(fees.price(code: "99213", locality: MedicareLocality(mac: "06102", locality: "42"), setting: .nonFacility)),
                       "GPCI-test.csv has no GPCIs for MAC 06102 locality 42")
    }

    func assertError(_ rows: [String], gpci: String = gpciText, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Self.schedule(rows: rows, gpci: gpci), file: file, line: line) { error in
            XCTAssertEqual((error as? ReferenceFileError)?.description, expected, file: file, line: line)
        }
    }

    func testRelativeValueErrorsNameFileLineAndColumn() {
        assertError([Self.rows[0], "99214,,,A,,1.9x,1.80,,0.83,,0.15,3.87,2.90,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00"],
                    "PPRRVU-test.csv line 6, WORK RVU (column 6): expected a decimal number of at least 0, such as 1.30, found \"1.9x\"")
        assertError(["99214,,,A,,1.92,1.80,N/A,0.83,,0.15,3.87,2.90,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00"],
                    "PPRRVU-test.csv line 5, NON-FAC NA INDICATOR (column 8): expected NA or nothing, found \"N/A\"")
        assertError(["9921,,,A,,1.92"], "PPRRVU-test.csv line 5: expected at least 25 columns; the row has 6")
        assertError(["992134,,,A,,1.92,1.80,,0.83,,0.15,3.87,2.90,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00"],
                    "PPRRVU-test.csv line 5, HCPCS (column 1): expected a HCPCS or CPT code of 5 upper-case letters or digits, found \"992134\"")
        assertError([Self.rows[0], Self.rows[1], Self.rows[0]],
                    "PPRRVU-test.csv line 7, HCPCS (column 1): expected one row per code and modifier; 99213 is already on line 5, found \"99213\"")
        assertError(["99213,,,A,,1.30,1.35,,0.57,,0.10,2.75,1.97,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,0,09,0,99,0.00,0.00,0.00"],
                    "PPRRVU-test.csv line 5, CONV FACTOR (column 25): expected a conversion factor above 0, such as 32.3465, found \"0\"")
        assertError(["99213,,\"unclosed,A"], "PPRRVU-test.csv line 5: expected a closing quote for the quoted field that starts on this line")
        assertError([], "PPRRVU-test.csv: expected at least one code row after the column header")
    }

    func testLayoutChangesAreRefusedAtTheHeader() {
        XCTAssertThrowsError(try MedicarePhysicianFeeSchedule(relativeValueText: "a,b\n1,2\n", relativeValueFile: "x.csv", gpciText: Self.gpciText, gpciFile: "g.csv")) {
            XCTAssertEqual(($0 as? ReferenceFileError)?.description,
                           "x.csv: expected a column header row starting HCPCS,MOD,DESCRIPTION (the relative value file layout)")
        }
        let shifted = Self.relativeValueHeader.replacingOccurrences(of: ",FACTOR,", with: ",CF,")
        XCTAssertThrowsError(try MedicarePhysicianFeeSchedule(relativeValueText: shifted + Self.rows[0], relativeValueFile: "x.csv", gpciText: Self.gpciText, gpciFile: "g.csv")) {
            XCTAssertEqual(($0 as? ReferenceFileError)?.description,
                           "x.csv line 4, column 25: expected the header FACTOR (CONV FACTOR): the file's layout is not the one this reader knows, found \"CF\"")
        }
    }

    func testGPCIErrors() {
        let badIndex = Self.gpciText.replacingOccurrences(of: "1.007,1.023,2.018", with: "1.007,,2.018")
        assertError([Self.rows[0]], gpci: badIndex, "GPCI-test.csv line 4, PE GPCI (column 6): expected an index above 0, such as 1.023, found \"\"")
        let badMAC = Self.gpciText.replacingOccurrences(of: "06102,IL,99", with: "6102,IL,99")
        assertError([Self.rows[0]], gpci: badMAC, "GPCI-test.csv line 5, MAC (column 1): expected a Medicare contractor number of 5 digits, found \"6102\"")
        let duplicate = Self.gpciText.replacingOccurrences(of: "06102,IL,99,REST OF ILLINOIS", with: "06102,IL,16,REST OF ILLINOIS")
        assertError([Self.rows[0]], gpci: duplicate,
                    "GPCI-test.csv line 5, Locality Number (column 3): expected one row per contractor and locality; MAC 06102 locality 16 is already on line 4, found \"16\"")
        assertError([Self.rows[0]], gpci: "MAC,State\n", "GPCI-test.csv: expected a column header row starting \"Medicare Administrative Contractor (MAC),State,Locality Number\"")
    }

    func testRandomBytesNeverCrashTheReaders() {
        var generator = SeededGenerator(seed: 99)
        let alphabet = Array("0123456789.,\"\r\nAN-HCPCSMOD ")
        for _ in 0..<300 {
            var text = Self.relativeValueHeader
            for _ in 0..<generator.int(in: 0...200) { text.append(alphabet[generator.int(in: 0...(alphabet.count - 1))]) }
            var gpci = Self.gpciText
            for _ in 0..<generator.int(in: 0...50) { gpci.append(alphabet[generator.int(in: 0...(alphabet.count - 1))]) }
            do {
                let fees = try MedicarePhysicianFeeSchedule(relativeValueText: text, relativeValueFile: "fuzz.csv", gpciText: gpci, gpciFile: "g.csv")
                XCTAssertGreaterThan(fees.recordCount, 0)
            } catch {
                XCTAssertTrue("\(error)".hasPrefix("fuzz.csv") || "\(error)".hasPrefix("g.csv"), "\(error)")
            }
        }
    }

    // MARK: the official CY2025 files

    static func officialFiles() throws -> (URL, URL) {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["REVCYCLE_CODESETS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/codesets").path)
        let rvu = directory.appendingPathComponent("pfs/2025/PPRRVU2025_Oct.csv"), gpci = directory.appendingPathComponent("pfs/2025/GPCI2025.csv")
        guard FileManager.default.fileExists(atPath: rvu.path), FileManager.default.fileExists(atPath: gpci.path) else {
            throw XCTSkip("the CMS fee schedule files are not in \(directory.path)/pfs/2025")
        }
        return (rvu, gpci)
    }

    func testPricesFromTheOfficialFiles() throws {
        let (rvu, gpci) = try Self.officialFiles()
        let fees = try MedicarePhysicianFeeSchedule(relativeValueURL: rvu, gpciURL: gpci)
        XCTAssertGreaterThan(fees.recordCount, 18_000)
        XCTAssertGreaterThan(fees.localities.count, 100)
        // From the files (grep '^99213,' PPRRVU2025_Oct.csv; grep MANHATTAN GPCI2025.csv):
        //   99213,,,A,,1.30,1.35,,0.57,,0.10,...,32.3465      13202,NY,01,MANHATTAN,1.065,1.166,1.656
        // Non-facility, Manhattan: (1.30 × 1.065) + (1.35 × 1.166) + (0.10 × 1.656) = 1.3845 + 1.5741 + 0.1656
        // = 3.1242; × 32.3465 = 101.05693530, so $101.06.
        let manhattan = try XCTUnwrap(fees.price(code: "99213", locality: MedicareLocality(mac: "13202", locality: "01"), setting: .nonFacility).payment)
        XCTAssertEqual(manhattan.geographicallyAdjustedRVUs.description, "3.1242")
        XCTAssertEqual(manhattan.amount.cents, 10106)
        // Chicago (06102 locality 16: 1.007, 1.023, 2.018): 2.89195 × 32.3465 = 93.544460675, so $93.54.
        XCTAssertEqual(fees.price(code: "99213", locality: Self.chicago, setting: .nonFacility).amount?.cents, 9354)
        // Facility: PE 0.57 → 1.3091 + 0.58311 + 0.2018 = 2.09401; × 32.3465 = 67.733894465, so $67.73.
        XCTAssertEqual(fees.price(code: "99213", locality: Self.chicago, setting: .facility).amount?.cents, 6773)
        XCTAssertNil(fees.price(code: "36415", locality: Self.chicago, setting: .nonFacility).amount, "status X")
        XCTAssertNil(fees.price(code: "27447", locality: Self.chicago, setting: .nonFacility).amount, "non-facility NA")
    }
}
