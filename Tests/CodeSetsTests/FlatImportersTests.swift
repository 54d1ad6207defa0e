import Foundation
import XCTest
@testable import CodeSets

final class FlatImportersTests: XCTestCase {

    // MARK: - Helpers

    /// Runs `body`, expecting a CodeSetError; returns it.
    private func codeSetError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> CodeSetError? {
        do {
            try body()
            XCTFail("expected a CodeSetError", file: file, line: line)
            return nil
        } catch let error as CodeSetError {
            return error
        } catch {
            XCTFail("expected a CodeSetError, got \(error)", file: file, line: line)
            return nil
        }
    }

    private func write(_ text: String, _ name: String) throws -> URL {
        let url = try TestCodeSets.temporaryDirectory(self).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// A 320-character HCPCS ANWEB record with the given fields at their layout columns (1-based).
    private func hcpcsRecord(code: String, ric: String, long: String, short: String = "", pricing: String = "",
                             coverage: String = "", betos: String = "", added: String = "", actionDate: String = "",
                             termination: String = "", action: String = "") -> String {
        var chars = [Character](repeating: " ", count: 320)
        func put(_ text: String, at column: Int) {
            for (i, c) in text.enumerated() where column - 1 + i < 320 { chars[column - 1 + i] = c }
        }
        put(code, at: 1); put("00100", at: 6); put(ric, at: 11); put(long, at: 12); put(short, at: 92)
        put(pricing, at: 120); put(coverage, at: 230); put(betos, at: 257)
        put(added, at: 269); put(actionDate, at: 277); put(termination, at: 285); put(action, at: 293)
        return String(chars)
    }

    private func attribute(_ entry: CodeEntry?, _ name: String) -> String? {
        entry?.attributes.first { $0.name == name }?.value
    }

    // MARK: - HCPCS, real file

    func testHCPCSJanuary2025() throws {
        let zip = try TestCodeSets.file("hcpcs/2025/HCPC2025_JAN_alpha-numeric.zip")
        let (codes, modifiers) = try FlatImporters.hcpcs(zip: zip)

        XCTAssertEqual(codes.entries.count, 8_259)
        XCTAssertEqual(modifiers.entries.count, 383)
        XCTAssertEqual(codes.entries.filter { $0.termination != nil }.count, 1_145)
        XCTAssertEqual(codes.system, .hcpcs)
        XCTAssertEqual(modifiers.system, .hcpcsModifier)
        XCTAssertEqual(codes.release.name, "HCPCS Level II 2025 January")
        XCTAssertEqual(codes.release.effectiveFrom, ServiceDate(year: 2025, month: 1, day: 1))
        XCTAssertEqual(codes.release.sourceFiles, ["HCPC2025_JAN_alpha-numeric.zip", "HCPC2025_JAN_ANWEB_12172024.txt"])
        XCTAssertTrue(codes.entries.allSatisfy(\.billable))
        XCTAssertTrue(codes.entries.allSatisfy { !$0.title.isEmpty })

        let a4206 = try XCTUnwrap(codes["A4206"])
        XCTAssertEqual(a4206.title, "Syringe with needle, sterile, 1 cc or less, each")
        XCTAssertEqual(a4206.shortTitle, "1 cc sterile syringe&needle")
        XCTAssertEqual(a4206.effective, ServiceDate(year: 1985, month: 1, day: 1))
        XCTAssertNil(a4206.termination)
        XCTAssertEqual(attribute(a4206, "Date added"), "1985-01-01")
        XCTAssertEqual(attribute(a4206, "Action effective date"), "2008-01-01")
        XCTAssertEqual(attribute(a4206, "Action"), "N (no maintenance for this code)")
        XCTAssertEqual(attribute(a4206, "Medicare coverage"), "C (carrier judgment)")
        XCTAssertEqual(attribute(a4206, "BETOS"), "D1A")
        XCTAssertEqual(attribute(a4206, "Pricing indicator"), "00 (not separately priced by Part B)")

        let j0120 = try XCTUnwrap(codes["J0120"])
        XCTAssertEqual(j0120.title, "Injection, tetracycline, up to 250 mg")
        XCTAssertEqual(attribute(j0120, "Pricing indicator"), "51 (drugs)")
        XCTAssertEqual(attribute(j0120, "Medicare coverage"), "D (special coverage instructions apply)")

        // A description continued on record-id 4 lines is joined with single spaces.
        let continued = try XCTUnwrap(codes.entries.first { $0.title.count > 80 })
        XCTAssertFalse(continued.title.hasSuffix(" "))

        let lt = try XCTUnwrap(modifiers["LT"])
        XCTAssertEqual(lt.title, "Left side (used to identify procedures performed on the left side of the body)")
        XCTAssertEqual(lt.shortTitle, "Left side")
        // Modifier AP continues on a record-id 8 line.
        XCTAssertEqual(modifiers["AP"]?.title,
                       "Determination of refractive state was not performed in the course of diagnostic ophthalmological examination")

        // Terminated codes are inactive after their termination date.
        let terminated = try XCTUnwrap(codes.entries.first { $0.termination != nil })
        let termination = try XCTUnwrap(terminated.termination)
        XCTAssertEqual(attribute(terminated, "Termination date"), termination.iso)
        XCTAssertTrue(terminated.isActive(on: termination))
    }

    // MARK: - HCPCS, small texts

    func testHCPCSTextWithContinuationsAndDates() throws {
        let text = [
            hcpcsRecord(code: "A1234", ric: "3", long: "Widget for the left", short: "Widget", pricing: "0051",
                        coverage: "M", betos: "D1A", added: "20200101", actionDate: "20250101", termination: "20241231", action: "D"),
            hcpcsRecord(code: "A1234", ric: "4", long: "and the right side"),
            hcpcsRecord(code: "   ZZ", ric: "7", long: "Zig zag modifier", short: "Zig zag", added: "19990101", action: "N"),
            hcpcsRecord(code: "   ZZ", ric: "8", long: "continued"),
            "",
        ].joined(separator: "\r\n")
        let (codes, modifiers) = try FlatImporters.hcpcs(text: text, fileName: "HCPC2026_OCT_ANWEB_test.txt")
        XCTAssertEqual(codes.release.name, "HCPCS Level II 2026 October")
        XCTAssertEqual(codes.release.effectiveFrom, ServiceDate(year: 2026, month: 10, day: 1))
        let a = try XCTUnwrap(codes["A1234"])
        XCTAssertEqual(a.title, "Widget for the left and the right side")
        XCTAssertEqual(a.shortTitle, "Widget")
        XCTAssertEqual(a.effective, ServiceDate(year: 2020, month: 1, day: 1))
        XCTAssertEqual(a.termination, ServiceDate(year: 2024, month: 12, day: 31))
        XCTAssertEqual(attribute(a, "Pricing indicator"), "00 (not separately priced by Part B); 51 (drugs)")
        XCTAssertEqual(attribute(a, "Action"), "D (discontinue procedure or modifier code)")
        XCTAssertEqual(modifiers["ZZ"]?.title, "Zig zag modifier continued")

        let explicit = try FlatImporters.hcpcs(text: text, fileName: "anything.txt", releaseName: "Test release",
                                               effectiveFrom: ServiceDate(year: 2026, month: 4, day: 1))
        XCTAssertEqual(explicit.codes.release.name, "Test release")
    }

    func testHCPCSTruncatedRecordNamesFileAndLine() {
        let good = hcpcsRecord(code: "A1234", ric: "3", long: "Widget", added: "20200101", action: "N")
        let truncated = String(hcpcsRecord(code: "A1235", ric: "3", long: "Gadget").prefix(150))
        let error = codeSetError {
            _ = try FlatImporters.hcpcs(text: good + "\n" + truncated + "\n", fileName: "HCPC2025_JAN_ANWEB.txt")
        }
        XCTAssertEqual(error?.file, "HCPC2025_JAN_ANWEB.txt")
        XCTAssertEqual(error?.line, 2)
        XCTAssertTrue(error?.detail.contains("too short") ?? false, error?.description ?? "")
        XCTAssertTrue(error?.detail.contains("320") ?? false, error?.description ?? "")
    }

    func testHCPCSBadDateAndOrphanContinuation() {
        let badDate = hcpcsRecord(code: "A1234", ric: "3", long: "Widget", added: "20201301", action: "N")
        let e1 = codeSetError { _ = try FlatImporters.hcpcs(text: badDate, fileName: "HCPC2025_JAN_ANWEB.txt") }
        XCTAssertEqual(e1?.line, 1)
        XCTAssertTrue(e1?.detail.contains("YYYYMMDD") ?? false, e1?.description ?? "")

        let orphan = hcpcsRecord(code: "A1234", ric: "4", long: "more")
        let e2 = codeSetError { _ = try FlatImporters.hcpcs(text: orphan, fileName: "HCPC2025_JAN_ANWEB.txt") }
        XCTAssertEqual(e2?.file, "HCPC2025_JAN_ANWEB.txt")
        XCTAssertEqual(e2?.line, 1)

        let unknown = hcpcsRecord(code: "A1234", ric: "5", long: "what")
        let e3 = codeSetError { _ = try FlatImporters.hcpcs(text: unknown, fileName: "HCPC2025_JAN_ANWEB.txt") }
        XCTAssertEqual(e3?.line, 1)
    }

    func testHCPCSReleaseMustBeDerivable() {
        let text = hcpcsRecord(code: "A1234", ric: "3", long: "Widget", action: "N")
        let error = codeSetError { _ = try FlatImporters.hcpcs(text: text, fileName: "codes.txt") }
        XCTAssertEqual(error?.file, "codes.txt")
        XCTAssertTrue(error?.detail.contains("HCPC2025_JAN") ?? false, error?.description ?? "")
        XCTAssertEqual(try FlatImporters.hcpcsRelease(fileNames: ["hcpc2024_apr_anweb.txt"]).name, "HCPCS Level II 2024 April")
        XCTAssertEqual(try FlatImporters.hcpcsRelease(fileNames: ["HCPC2025_JUL_alpha-numeric.zip"]).from,
                       ServiceDate(year: 2025, month: 7, day: 1))
    }

    func testHCPCSZipThatIsNotAZip() throws {
        let url = try write("not a zip", "HCPC2025_JAN_alpha-numeric.zip")
        let error = codeSetError { _ = try FlatImporters.hcpcs(zip: url) }
        XCTAssertEqual(error?.file, "HCPC2025_JAN_alpha-numeric.zip")
    }

    // MARK: - CPT from the Physician Fee Schedule

    func testCPTFromFeeSchedule() throws {
        let url = try TestCodeSets.file("pfs/2025/PPRRVU2025_Oct.csv")
        let table = try FlatImporters.cptFromFeeSchedule(url: url)
        XCTAssertEqual(table.system, .cpt)
        XCTAssertEqual(table.release.name, "CMS Physician Fee Schedule 2025 (October release)")
        XCTAssertEqual(table.release.effectiveFrom, ServiceDate(year: 2025, month: 1, day: 1))
        XCTAssertEqual(table.release.effectiveThrough, ServiceDate(year: 2025, month: 12, day: 31))
        XCTAssertEqual(table.release.sourceFiles, ["PPRRVU2025_Oct.csv"])
        XCTAssertEqual(table.entries.count, 10_881)
        XCTAssertTrue(table.entries.allSatisfy { FlatImporters.isCPTFormat($0.code) })
        XCTAssertTrue(table.entries.allSatisfy { $0.title == FlatImporters.cptLicensedTitle })
        XCTAssertEqual(Set(table.entries.map(\.code)).count, table.entries.count)

        let office = try XCTUnwrap(table["99213"])
        XCTAssertEqual(attribute(office, "PFS status"), "A (active code)")
        XCTAssertEqual(attribute(office, "Global days"), "XXX")
        XCTAssertEqual(attribute(office, "Work RVU"), "1.30")
        XCTAssertNil(attribute(office, "PFS modifiers"))

        XCTAssertEqual(attribute(table["71046"], "PFS modifiers"), "26, TC")
        XCTAssertEqual(attribute(table["0001F"], "PFS status"), "I (not valid for Medicare)")
        XCTAssertEqual(attribute(table["00100"], "PFS status"), "J (anesthesia service)")
        // 86153 is listed only with modifier 26.
        XCTAssertEqual(attribute(table["86153"], "PFS modifiers"), "26")
        // HCPCS Level II codes are not CPT.
        XCTAssertNil(table["A4206"])
        XCTAssertNil(table["G0008"])
    }

    func testIsCPTFormat() {
        for good in ["99213", "00100", "0001F", "0042T"] { XCTAssertTrue(FlatImporters.isCPTFormat(good), good) }
        for bad in ["A4206", "9921", "992133", "0001X", "0001f", "9921F3", "", "99 13"] {
            XCTAssertFalse(FlatImporters.isCPTFormat(bad), bad)
        }
    }

    func testFeeScheduleWrongFiles() throws {
        let noHeader = try write("CODE,DESC\n99213,Office\n", "PPRRVU2025_Oct.csv")
        let e1 = codeSetError { _ = try FlatImporters.cptFromFeeSchedule(url: noHeader) }
        XCTAssertEqual(e1?.file, "PPRRVU2025_Oct.csv")
        XCTAssertTrue(e1?.detail.contains("HCPCS,MOD,DESCRIPTION") ?? false, e1?.description ?? "")

        let wrongColumns = try write(",,2025 National Physician Fee Schedule Relative Value File January Release\nHCPCS,MOD,DESCRIPTION,STATUS\n99213,,,A\n",
                                     "PPRRVU2025_Jan.csv")
        let e2 = codeSetError { _ = try FlatImporters.cptFromFeeSchedule(url: wrongColumns) }
        XCTAssertEqual(e2?.file, "PPRRVU2025_Jan.csv")
        XCTAssertEqual(e2?.line, 2)

        let header = "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS"
        let shortRow = try write(",,2024 National Physician Fee Schedule Relative Value File July Release\n\(header)\n99213,,,A,,1.30\n",
                                 "rvu.csv")
        let e3 = codeSetError { _ = try FlatImporters.cptFromFeeSchedule(url: shortRow) }
        XCTAssertEqual(e3?.file, "rvu.csv")
        XCTAssertEqual(e3?.line, 3)

        let good = try write(",,2024 National Physician Fee Schedule Relative Value File July Release\n\(header)\n99213,,,A,,1.30,,,,,,,,,XXX\n",
                             "rvu.csv")
        let table = try FlatImporters.cptFromFeeSchedule(url: good)
        XCTAssertEqual(table.release.name, "CMS Physician Fee Schedule 2024 (July release)")
        XCTAssertEqual(table.entries.count, 1)

        let noYear = try write("\(header)\n99213,,,A,,1.30,,,,,,,,,XXX\n", "rvu.csv")
        let e4 = codeSetError { _ = try FlatImporters.cptFromFeeSchedule(url: noYear) }
        XCTAssertTrue(e4?.detail.contains("year") ?? false, e4?.description ?? "")
    }

    // MARK: - CPT from the AMA data file

    func testCPTFromAMAFile() throws {
        let text = "Code\tDescription\n99213\tOffice or other outpatient visit, established patient, low MDM\n\n"
            + "0001F  Heart failure assessed\n0042T Cerebral perfusion analysis\n99213\tOffice or other outpatient visit, established patient, low MDM\n"
        let url = try write(text, "LONGULT_2025.txt")
        let table = try FlatImporters.cptFromAMA(url: url)
        XCTAssertEqual(table.entries.count, 3)
        XCTAssertEqual(table["99213"]?.title, "Office or other outpatient visit, established patient, low MDM")
        XCTAssertEqual(table["0001F"]?.title, "Heart failure assessed")
        XCTAssertEqual(table["0042T"]?.title, "Cerebral perfusion analysis")
        XCTAssertEqual(table.release.effectiveFrom, ServiceDate(year: 2025, month: 1, day: 1))
        XCTAssertEqual(table.release.effectiveThrough, ServiceDate(year: 2025, month: 12, day: 31))
        XCTAssertEqual(table.release.sourceFiles, ["LONGULT_2025.txt"])

        // A folder without a year in its name, so that the year cannot be derived.
        let folder = try TestCodeSets.temporaryDirectory(self).appendingPathComponent("AMA")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let unnamed = folder.appendingPathComponent("LONGULT.txt")
        try Data("99213\tOffice visit\n".utf8).write(to: unnamed)
        XCTAssertEqual(try FlatImporters.cptFromAMA(url: unnamed, year: 2026).release.effectiveFrom,
                       ServiceDate(year: 2026, month: 1, day: 1))
        let e = codeSetError { _ = try FlatImporters.cptFromAMA(url: unnamed) }
        XCTAssertEqual(e?.file, "LONGULT.txt")
    }

    func testCPTFromAMABadLines() throws {
        let badCode = try write("99213\tOffice visit\n\nA4206\tSyringe\n", "MEDU_2025.txt")
        let e1 = codeSetError { _ = try FlatImporters.cptFromAMA(url: badCode) }
        XCTAssertEqual(e1?.file, "MEDU_2025.txt")
        XCTAssertEqual(e1?.line, 3)
        XCTAssertTrue(e1?.detail.contains("A4206") ?? false, e1?.description ?? "")

        let noDescription = try write("99213\tOffice visit\n99214\n", "MEDU_2025.txt")
        let e2 = codeSetError { _ = try FlatImporters.cptFromAMA(url: noDescription) }
        XCTAssertEqual(e2?.line, 2)

        let conflicting = try write("99213 Office visit\n99213 Something else\n", "MEDU_2025.txt")
        let e3 = codeSetError { _ = try FlatImporters.cptFromAMA(url: conflicting) }
        XCTAssertEqual(e3?.line, 2)
    }

    // MARK: - X12 code lists

    func testCARC() throws {
        let url = try TestCodeSets.file("x12-codes/claim_adjustment_reason_codes.csv")
        let table = try FlatImporters.x12CodeList(url: url, system: .carc)
        XCTAssertEqual(table.system, .carc)
        XCTAssertEqual(table.entries.count, 405)
        XCTAssertEqual(table["1"]?.title, "Deductible Amount")
        XCTAssertEqual(table["2"]?.title, "Coinsurance Amount")
        XCTAssertTrue(table["45"]?.title.hasPrefix("Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.") ?? false)
        XCTAssertEqual(table.release.sourceFiles, ["claim_adjustment_reason_codes.csv"])
    }

    func testRARCDates() throws {
        let url = try TestCodeSets.file("x12-codes/remittance_advice_remark_codes.csv")
        let table = try FlatImporters.x12CodeList(url: url, system: .rarc)
        XCTAssertEqual(table.entries.count, 1_180)
        XCTAssertTrue(table.entries.allSatisfy { !$0.title.contains("Start:") && $0.effective != nil })

        let m1 = try XCTUnwrap(table["M1"])
        XCTAssertEqual(m1.title, "X-ray not taken within the past 12 months or near enough to the start of treatment.")
        XCTAssertEqual(m1.effective, ServiceDate(year: 1997, month: 1, day: 1))
        XCTAssertNil(m1.termination)

        let m4 = try XCTUnwrap(table["M4"])
        XCTAssertEqual(m4.title, "Alert:This is the last monthly installment payment for this durable medical equipment.")
        XCTAssertEqual(attribute(m4, "Last modified"), "2007-04-01")
        XCTAssertEqual(attribute(m4, "Notes"), "(Modified 4/1/07)")

        let m33 = try XCTUnwrap(table["M33"])
        XCTAssertEqual(m33.title, "Missing/incomplete/invalid UPIN for the ordering/referring/performing provider.")
        XCTAssertEqual(m33.effective, ServiceDate(year: 1997, month: 1, day: 1))
        XCTAssertEqual(m33.termination, ServiceDate(year: 2004, month: 8, day: 1))
        XCTAssertEqual(attribute(m33, "Notes"), "Consider using M68")
        XCTAssertFalse(m33.isActive(on: ServiceDate(year: 2025, month: 1, day: 1)!))
        XCTAssertEqual(table.entries.filter { $0.termination != nil }.count, 79)
    }

    func testAdjustmentGroupsAndStatusCategories() throws {
        let groups = try FlatImporters.x12CodeList(url: try TestCodeSets.file("x12-codes/claim_adjustment_group_codes.csv"),
                                                   system: .adjustmentGroup)
        XCTAssertEqual(groups.entries.map(\.code), ["CO", "OA", "PI", "PR"])
        XCTAssertEqual(groups["OA"]?.title, "Other Adjustment")
        XCTAssertEqual(groups["PR"]?.title, "Patient Responsibility")

        let categories = try FlatImporters.x12CodeList(url: try TestCodeSets.file("x12-codes/claim_status_category_codes.csv"),
                                                       system: .claimStatusCategory)
        XCTAssertEqual(categories.entries.count, 56)
        let x0 = try XCTUnwrap(categories["X0"])
        XCTAssertEqual(x0.title, "Supplemental Messages")
        XCTAssertEqual(x0.effective, ServiceDate(year: 1995, month: 1, day: 1))
        XCTAssertEqual(x0.termination, ServiceDate(year: 2003, month: 10, day: 16))
        XCTAssertEqual(categories["A1"]?.title.hasPrefix("Acknowledgement/Receipt-The claim/encounter has been received."), true)
        XCTAssertEqual(categories.release.effectiveFrom, ServiceDate(year: 1995, month: 1, day: 1))
    }

    func testClaimStatusCodesComeFromThePyx12CodeList() throws {
        let table = try FlatImporters.claimStatusCodes(pyx12: try TestCodeSets.file("x12-codes/pyx12-codes.xml"))
        XCTAssertEqual(table.system, .claimStatus)
        XCTAssertEqual(table.entries.count, 759)
        // Not the 835 CLP02 meaning ("Denied") that the X12 CSV mixes in under the same number.
        XCTAssertEqual(table["4"]?.title, "Claim status code 4 (description not in this release)")
        XCTAssertNotNil(table["771"])
        XCTAssertEqual(table.release.sourceFiles, ["pyx12-codes.xml"])
        XCTAssertEqual(table.entries.first?.code, "0")
    }

    func testX12DescriptionSplitting() throws {
        let d = try FlatImporters.splitX12Description(
            "Something happened.Start: 01/01/1997 | Stop: 10/16/2003 | Last Modified: 04/01/2007Notes: See M68", file: "f.csv", line: 9)
        XCTAssertEqual(d.title, "Something happened.")
        XCTAssertEqual(d.start, ServiceDate(year: 1997, month: 1, day: 1))
        XCTAssertEqual(d.stop, ServiceDate(year: 2003, month: 10, day: 16))
        XCTAssertEqual(d.lastModified, ServiceDate(year: 2007, month: 4, day: 1))
        XCTAssertEqual(d.notes, "See M68")
        XCTAssertEqual(try FlatImporters.splitX12Description("No dates here", file: "f.csv", line: 1).title, "No dates here")

        let e = codeSetError { _ = try FlatImporters.splitX12Description("Bad.Start: 13/45/1997", file: "f.csv", line: 9) }
        XCTAssertEqual(e?.file, "f.csv")
        XCTAssertEqual(e?.line, 9)
    }

    func testX12WrongHeaderAndBadDate() throws {
        let wrong = try write("Reason,Text\n1,Deductible\n", "claim_adjustment_reason_codes.csv")
        let e1 = codeSetError { _ = try FlatImporters.x12CodeList(url: wrong, system: .carc) }
        XCTAssertEqual(e1?.file, "claim_adjustment_reason_codes.csv")
        XCTAssertTrue(e1?.detail.contains("Code,Description") ?? false, e1?.description ?? "")

        let badDate = try write("Code,Description\nM1,Fine.Start: 01/01/1997\nM2,Broken.Start: 1997-01-01\n", "remittance_advice_remark_codes.csv")
        let e2 = codeSetError { _ = try FlatImporters.x12CodeList(url: badDate, system: .rarc) }
        XCTAssertEqual(e2?.file, "remittance_advice_remark_codes.csv")
        XCTAssertEqual(e2?.line, 3)
        XCTAssertTrue(e2?.detail.contains("MM/DD/YYYY") ?? false, e2?.description ?? "")
    }

    // MARK: - Place of service

    func testPlaceOfService() throws {
        let table = try FlatImporters.placeOfService(csv: try TestCodeSets.file("pos/place_of_service_codes.csv"),
                                                     pyx12: try TestCodeSets.file("x12-codes/pyx12-codes.xml"))
        XCTAssertEqual(table.system, .pos)
        XCTAssertEqual(table["11"]?.title, "Office")
        XCTAssertEqual(table["02"]?.title, "Telehealth (provided other than in patient's home)")
        XCTAssertEqual(table["27"]?.title, "Place of service 27 (no description in the CMS list)")
        XCTAssertEqual(table["66"]?.title, "Place of service 66 (no description in the CMS list)")
        XCTAssertEqual(table.entries.count, 52)
        XCTAssertEqual(table.entries.map(\.code), table.entries.map(\.code).sorted())
        XCTAssertEqual(table.release.sourceFiles, ["place_of_service_codes.csv", "pyx12-codes.xml"])

        let csvOnly = try FlatImporters.placeOfService(csv: try TestCodeSets.file("pos/place_of_service_codes.csv"), pyx12: nil)
        XCTAssertNil(csvOnly["27"])
    }

    func testPyx12MissingCodeSet() throws {
        let url = try write("<codesets><codeset><id>pos</id><version><code>11</code><!-- <code>99</code> --></version></codeset></codesets>",
                            "codes.xml")
        XCTAssertEqual(try FlatImporters.pyx12Codes(url: url, codeSet: "pos"), ["11"])
        let error = codeSetError { _ = try FlatImporters.pyx12Codes(url: url, codeSet: "claim_status") }
        XCTAssertEqual(error?.file, "codes.xml")
        XCTAssertTrue(error?.detail.contains("claim_status") ?? false)
    }

    // MARK: - Taxonomy

    func testTaxonomy() throws {
        let table = try FlatImporters.taxonomy(url: try TestCodeSets.file("taxonomy/nucc_taxonomy_251.csv"))
        XCTAssertEqual(table.system, .taxonomy)
        XCTAssertEqual(table.release.name, "NUCC Health Care Provider Taxonomy 25.1")
        XCTAssertEqual(table.release.effectiveFrom, ServiceDate(year: 2025, month: 7, day: 1))
        XCTAssertEqual(table.release.sourceFiles, ["nucc_taxonomy_251.csv"])
        XCTAssertEqual(table.entries.count, 883)
        let family = try XCTUnwrap(table["207Q00000X"])
        XCTAssertEqual(family.title, "Family Medicine Physician")
        XCTAssertEqual(attribute(family, "Classification"), "Family Medicine")
        XCTAssertEqual(attribute(family, "Grouping"), "Allopathic & Osteopathic Physicians")
        XCTAssertEqual(attribute(family, "Section"), "Individual")
        XCTAssertNil(attribute(family, "Specialization"))
        XCTAssertEqual(table["193200000X"]?.title, "Multi-Specialty Group")
    }

    func testTaxonomyFallbackTitleAndBadRows() throws {
        let ok = try write("Code,Grouping,Classification,Specialization,Definition\n207QA0000X,Physicians,Family Medicine,Adolescent Medicine,\n",
                           "nucc_taxonomy_240.csv")
        let table = try FlatImporters.taxonomy(url: ok)
        XCTAssertEqual(table["207QA0000X"]?.title, "Family Medicine, Adolescent Medicine")
        XCTAssertEqual(table.release.name, "NUCC Health Care Provider Taxonomy 24.0")
        XCTAssertEqual(table.release.effectiveFrom, ServiceDate(year: 2024, month: 1, day: 1))

        let bad = try write("Code,Grouping,Classification,Specialization\n207QA0000X,Physicians,Family Medicine,\n207Q,Physicians,Short,\n",
                            "nucc_taxonomy_240.csv")
        let e1 = codeSetError { _ = try FlatImporters.taxonomy(url: bad) }
        XCTAssertEqual(e1?.line, 3)

        let wrong = try write("Taxonomy,Name\n207Q00000X,Family\n", "nucc_taxonomy_240.csv")
        let e2 = codeSetError { _ = try FlatImporters.taxonomy(url: wrong) }
        XCTAssertEqual(e2?.file, "nucc_taxonomy_240.csv")
    }
}
