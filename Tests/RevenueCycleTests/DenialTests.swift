import CodeSets
import Foundation
import HealthCareX12
import OracleSupport
import RevenueCycle
import XCTest

/// Denial classification with the words of the published CARC, RARC and group code lists (../shared/codesets).
final class DenialTests: XCTestCase {
    static let directory = SharedFiles.codesets.appendingPathComponent("x12-codes")

    func codes() throws -> RemittanceCodeBook {
        guard FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent(RemittanceCodeBook.reasonFile).path) else {
            throw XCTSkip("the X12 code lists are not in \(Self.directory.path)")
        }
        return try RemittanceCodeBook.load(directory: Self.directory)
    }

    func testTheCodeListsReadWithTheirWordsAndDates() throws {
        let book = try codes()
        XCTAssertGreaterThan(book.reasons.count, 300)
        XCTAssertGreaterThan(book.remarks.count, 1000)
        XCTAssertEqual(book.reasons["197"]?.description, "Precertification/authorization/notification/pre-treatment absent.")
        XCTAssertEqual(book.reasons["45"]?.description.hasPrefix("Charge exceeds fee schedule/maximum allowable"), true)
        XCTAssertEqual(book.groups["CO"]?.description, "Contractual Obligation")
        XCTAssertEqual(book.groups["PR"]?.description, "Patient Responsibility")
        let n54 = try XCTUnwrap(book.remarks["N54"])
        XCTAssertEqual(n54.description, "Claim information is inconsistent with pre-certified/authorized services.")
        XCTAssertEqual(n54.start, ServiceDate(iso: "2000-01-01"))
        XCTAssertNil(n54.stop)
        let m33 = try XCTUnwrap(book.remarks["M33"])
        XCTAssertEqual(m33.stop, ServiceDate(iso: "2004-08-01"))
        XCTAssertFalse(m33.isActive(on: Fixture.date("2025-11-03")))
        XCTAssertTrue(n54.isActive(on: Fixture.date("2025-11-03")))
    }

    func testEveryClassifiedReasonIsAPublishedCode() throws {
        let book = try codes()
        for (code, category) in DenialClassifier.reasonCategories {
            XCTAssertNotNil(book.reasons[code], "\(code) (\(category.rawValue)) is not in the published list")
        }
        XCTAssertGreaterThan(DenialClassifier.reasonCategories.count, 80)
        for code in ["15", "29", "50", "97", "197", "18", "16", "22", "B7", "204"] {
            XCTAssertNotNil(book.reasons[code], code)
            XCTAssertNotNil(DenialClassifier.category(reason: code), code)
        }
    }

    func testTheLoaderIsStrict() {
        func error(_ text: String) -> String {
            do { _ = try RemittanceCodeList.parse(text, file: "x.csv"); return "accepted" } catch { return error.description }
        }
        XCTAssertEqual(error("Code,Words\n1,Deductible\n"), "x.csv line 1: expected the header Code,Description, found \"Code,Words\"")
        XCTAssertEqual(error("Code,Description\n1,Deductible\n1,Again\n"), "x.csv line 3, Code (column 1): expected a code not listed before, found \"1\"")
        XCTAssertEqual(error("Code,Description\nN1,Words.Start: 13/45/2000\n"),
                       "x.csv line 2, Description (column 2): expected a date MM/DD/YYYY after \"Start: \", found \"13/45/2000\"")
        XCTAssertEqual(error("Code,Description\nn-1,Words\n"), "x.csv line 2, Code (column 1): expected 1 to 5 capital letters or digits, found \"n-1\"")
        XCTAssertEqual(error("Code,Description\nN1,Words,extra\n"), "x.csv line 2: expected 2 fields (code, description), found \"3 fields\"")
        XCTAssertEqual(error("Code,Description\nN1,\"unclosed\n"), "x.csv line 2: expected a closing quote for the quoted field that starts on this line")
        XCTAssertEqual(error("Code,Description\n"), "x.csv: expected at least one code")
    }

    func classify(_ adjustments: [(String, String, Int)], remarks: [String] = [], paid: Int = 0, book: RemittanceCodeBook) -> DenialClassification? {
        DenialClassifier.classify(adjustments: adjustments.map { ERA.cas($0.0, $0.1, $0.2) }, remarkCodes: remarks, paid: Money(cents: paid), codes: book)
    }

    func testDenialsAreClassifiedWithTheListsWords() throws {
        let book = try codes()
        let auth = try XCTUnwrap(classify([("CO", "197", 13500)], remarks: ["N54"], book: book))
        XCTAssertEqual(auth.category, .authorization)
        XCTAssertTrue(auth.isAppealable)
        XCTAssertEqual(auth.amount.cents, 13500)
        XCTAssertEqual(auth.summary, "prior authorization or precertification: CO-197 (Precertification/authorization/notification/pre-treatment absent.); "
                       + "N54 (Claim information is inconsistent with pre-certified/authorized services.)")

        XCTAssertEqual(classify([("CO", "50", 12500)], book: book)?.category, .medicalNecessity)
        let bundled = try XCTUnwrap(classify([("CO", "97", 1000)], book: book))
        XCTAssertEqual(bundled.category, .bundlingOrCoding)
        XCTAssertTrue(bundled.isCorrectable)
        XCTAssertEqual(classify([("CO", "29", 13500)], book: book)?.category, .timelyFiling)
        let duplicate = try XCTUnwrap(classify([("OA", "18", 13500)], book: book))
        XCTAssertEqual(duplicate.category, .duplicate)
        XCTAssertFalse(duplicate.isAppealable)
        XCTAssertEqual(classify([("PR", "204", 13500)], book: book)?.category, .eligibilityOrCoverage)
        XCTAssertEqual(classify([("OA", "22", 13500)], book: book)?.category, .coordinationOfBenefits)
        XCTAssertEqual(classify([("CO", "B7", 13500)], book: book)?.category, .providerEligibility)

        // Missing information with MA130: no appeal rights, send a corrected claim.
        let missing = try XCTUnwrap(classify([("CO", "16", 13500)], remarks: ["MA130"], book: book))
        XCTAssertEqual(missing.category, .missingInformation)
        XCTAssertFalse(missing.isAppealable)
        XCTAssertTrue(missing.isCorrectable)
        XCTAssertTrue(missing.remarks[0].words.hasPrefix("Your claim contains incomplete and/or invalid information, and no appeal rights are afforded"))

        // The largest denied amount decides the category.
        XCTAssertEqual(classify([("CO", "97", 1000), ("CO", "50", 12500)], book: book)?.category, .medicalNecessity)
        // Contractual reductions and cost sharing on a paid line are no denial.
        XCTAssertNil(classify([("CO", "45", 2500), ("PR", "1", 1000), ("PR", "2", 500), ("PR", "3", 2000)], paid: 7000, book: book))
        // Nothing paid for a reason no category knows is still a denial.
        XCTAssertEqual(classify([("CO", "253", 1000)], paid: 0, book: book)?.category, .other)
    }

    func testTheWorklistHasTheDeniedLinesWithTheAppealDeadline() throws {
        let book = try codes()
        let claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(charge: 13500, paid: 7000, lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 7000, control: ERA.line1Control, [ERA.cas("CO", "45", 2500), ERA.cas("PR", "3", 2000), ERA.cas("PR", "1", 1000)]),
            ERA.svc("36415", charge: 1000, paid: 0, control: ERA.line2Control, [ERA.cas("CO", "97", 1000)], remarks: ["M15"]),
        ])])
        let plan = ERA.plan(era, [claim])
        let items = DenialWorklist.items(plan: plan, remittance: era, payer: Fixture().payer, codes: book)
        XCTAssertEqual(items.count, 1)
        let item = try XCTUnwrap(items.first)
        XCTAssertEqual(item.lineNumber, 2)
        XCTAssertEqual(item.procedureCode, "36415")
        XCTAssertEqual(item.category, .bundlingOrCoding)
        XCTAssertEqual(item.deniedAmount.cents, 1000)
        XCTAssertEqual(item.claimID, claim.id)
        XCTAssertEqual(item.remittanceDate, Fixture.date("2025-12-01"))
        // The payer allows 180 days from the remittance.
        XCTAssertEqual(item.appealDeadline, Fixture.date("2026-05-30"))
        XCTAssertTrue(item.reasons[0].words.hasPrefix("The benefit for this service is included in the payment/allowance for another service/procedure"))
        XCTAssertEqual(item.remarks.map(\.code), ["M15"])
        XCTAssertEqual(DenialWorklist.items(plan: plan, remittance: era, payer: Fixture().payer, codes: book).map(\.id), items.map(\.id))
    }

    func testAClaimDeniedWholeIsOneClaimLevelItem() throws {
        let book = try codes()
        let era = ERA.remittance([ERA.clp(status: "4", charge: 13500, paid: 0, remarks: ["N54"], [ERA.cas("CO", "197", 13500)])])
        let plan = ERA.plan(era, [try ERA.submittedClaim()])
        let items = DenialWorklist.items(plan: plan, remittance: era, payer: Fixture().payer, codes: book)
        XCTAssertEqual(items.map(\.category), [.authorization])
        XCTAssertNil(items.first?.lineNumber)
        XCTAssertEqual(items.first?.reasons.first?.words, "Precertification/authorization/notification/pre-treatment absent.")
        XCTAssertEqual(items.first?.isAppealable, true)
    }
}
