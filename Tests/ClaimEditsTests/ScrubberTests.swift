@testable import ClaimEdits
import CodeSets
import Foundation
import HealthCareX12
import OracleSupport
import XCTest

/// The scrubber on claims built in the tests, against the official code sets in ../shared/codesets.
final class ScrubberTests: XCTestCase {
    static let library: Result<CodeSetLibrary, any Error> = Result {
        guard FileManager.default.fileExists(atPath: SharedFiles.codesets.path) else { throw XCTSkip("no code sets at \(SharedFiles.codesets.path)") }
        return try CodeSetImport.run(directory: SharedFiles.codesets).0
    }

    func scrub(_ claim: ScrubClaim) throws -> [ClaimEdit] { Scrubber(library: try Self.library.get()).scrub(claim) }

    static func date(_ iso: String) -> ServiceDate { ServiceDate(iso: iso)! }

    static func claim(diagnoses: [String] = ["E119", "I10"], lines: [ScrubClaim.Line]? = nil, npis: [String] = ["1234567893"]) -> ScrubClaim {
        ScrubClaim(id: "C1", kind: .professional, diagnoses: diagnoses,
                   lines: lines ?? [ScrubClaim.Line(number: 1, procedure: "99213", modifiers: ["25"], serviceDate: date("2026-03-02"), diagnosisPointers: [1, 2]),
                                    ScrubClaim.Line(number: 2, procedure: "J3420", serviceDate: date("2026-03-02"), diagnosisPointers: [1])],
                   placeOfService: "11", patientBirthDate: date("1970-01-01"), patientSex: "F",
                   npis: npis.map { ScrubClaim.NamedNPI(role: "billing provider", npi: $0) })
    }

    func testACleanClaimHasNoEdits() throws {
        XCTAssertEqual(try scrub(Self.claim()), [])
    }

    func testACategoryIsNotBillableAndItsCodesAreNamed() throws {
        let edits = try scrub(Self.claim(diagnoses: ["E11", "I10"]))
        let edit = try XCTUnwrap(edits.first { $0.id == "dx-not-billable" }, edits.description)
        XCTAssertEqual(edit.severity, .error)
        XCTAssertEqual(edit.codes, ["E11"])
        XCTAssertEqual(edit.lines, [1, 2], "the lines pointing to it")
        XCTAssertTrue(edit.resolution.contains("E11.9"), edit.resolution)
        XCTAssertTrue(edit.source.hasPrefix("ICD-10-CM"), edit.source)
    }

    func testADiagnosisIsJudgedByTheReleaseInForceOnTheDateOfService() throws {
        // E66.811 (obesity, class 1) came with the FY2025 release on 2024-10-01.
        let before = Self.claim(diagnoses: ["E66811"], lines: [ScrubClaim.Line(number: 1, procedure: "99213", serviceDate: Self.date("2024-06-03"), diagnosisPointers: [1])])
        XCTAssertEqual(try scrub(before).map(\.id), ["dx-not-valid-on-date"])
        var after = before
        after.lines[0].serviceDate = Self.date("2025-06-02")
        XCTAssertEqual(try scrub(after), [])
        XCTAssertEqual(try scrub(Self.claim(diagnoses: ["E1199X", "I10"])).map(\.id), ["dx-unknown"])
    }

    func testProceduresAndModifiersMustExist() throws {
        var claim = Self.claim()
        claim.lines[1].procedure = "J9998"
        claim.lines[0].modifiers = ["25", "Q!"]
        claim.lines.append(ScrubClaim.Line(number: 3, procedure: "99999", serviceDate: Self.date("2026-03-02"), diagnosisPointers: [1]))
        let edits = try scrub(claim)
        XCTAssertEqual(Set(edits.map(\.id)), ["hcpcs-unknown", "modifier-unknown", "cpt-not-listed"], edits.description)
        XCTAssertEqual(edits.first { $0.id == "cpt-not-listed" }?.severity, .warning)
        XCTAssertEqual(edits.last?.severity, .warning, "errors come first")
    }

    func testPointersAndNPIs() throws {
        var claim = Self.claim(npis: ["1234567890"])
        claim.lines[0].diagnosisPointers = [1, 3]
        claim.lines[1].diagnosisPointers = []
        let edits = try scrub(claim)
        XCTAssertEqual(edits.map(\.id), ["npi-invalid", "pointer-invalid", "pointer-missing"], edits.description)
        XCTAssertEqual(edits.first { $0.id == "pointer-invalid" }?.lines, [1])
        XCTAssertTrue(edits[0].message.contains("1234567890"))
    }
}

/// 837 files made elsewhere read into the scrubber's claim: what `revcycle scrub FILE` runs.
final class ScrubFileTests: XCTestCase {
    func testAClaimFromAn837FileIsScrubbedLineByLine() throws {
        let url = SharedFiles.directory.appendingPathComponent("x12/golden/837P_lfh_demo.example1.x12")
        let (report, document) = try HealthCareValidation.read(try Data(contentsOf: url))
        guard case .claims(let batch)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail("no claims") }
        let claim = ScrubClaim(try XCTUnwrap(batch.claims.first), kind: .professional, fallbackDate: ServiceDate(iso: "2026-01-01")!)
        XCTAssertEqual(claim.diagnoses, ["0340", "V7389"])
        XCTAssertEqual(claim.lines.map(\.diagnosisPointers), [[1], [1], [2], [2]], "the pointers as SV107 gives them")
        XCTAssertTrue(claim.npis.contains { $0.role == "billing provider" })
        // Its diagnoses are ICD-9 codes, which ICD-10-CM does not have: each is reported with the lines that point to it.
        let edits = Scrubber(library: try ScrubberTests.library.get()).scrub(claim)
        XCTAssertEqual(edits.filter { $0.id == "dx-unknown" }.map(\.lines), [[1, 2], [3, 4]], edits.description)
    }

    func testUnitsAreWholeAndAFractionCountsAsTheNextOne() {
        XCTAssertEqual(ScrubClaim.wholeUnits("2"), 2)
        XCTAssertEqual(ScrubClaim.wholeUnits("1.5"), 2)
        XCTAssertEqual(ScrubClaim.wholeUnits("3.0"), 3)
        XCTAssertEqual(ScrubClaim.wholeUnits(nil), 1)
    }
}
