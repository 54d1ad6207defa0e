import CodeSets
import Foundation
import RevenueCycle
import XCTest

final class ClaimBuilderTests: XCTestCase {
    func refusal(_ builder: ClaimBuilder, frequency: ClaimFrequency = .original, payerClaimControlNumber: String? = nil,
                 file: StaticString = #filePath, line: UInt = #line) -> [FieldProblem] {
        do {
            _ = try builder.build(claimID: Fixture.id(100), frequency: frequency, payerClaimControlNumber: payerClaimControlNumber)
            XCTFail("the claim was built", file: file, line: line)
            return []
        } catch {
            return error.problems
        }
    }

    func testBuildsAProfessionalClaim() throws {
        let claim = try Fixture().claim()
        XCTAssertEqual(claim.status, .draft)
        XCTAssertEqual(claim.history, [])
        XCTAssertEqual(claim.kind, .professional)
        XCTAssertEqual(claim.placeOfService, "11")
        XCTAssertEqual(claim.totalCharge.cents, 13500)
        XCTAssertEqual(claim.totals.balance.cents, 13500)
        XCTAssertEqual(claim.lines.map(\.lineNumber), [1, 2])
        XCTAssertEqual(claim.lines.map(\.lineItemControlNumber), ["00000000000040008000000000000008", "00000000000040008000000000000009"])
        XCTAssertEqual(claim.patientControlNumber, "00000000000040008000")
        XCTAssertEqual(claim.billingProvider.npi, NPI("1234567893"))
        XCTAssertEqual(claim.diagnoses.map(\.code), ["E119", "I10"])
        XCTAssertEqual(claim.validate(), [])
        let decoded = try JSONDecoder().decode(Claim.self, from: JSONEncoder().encode(claim))
        XCTAssertEqual(decoded, claim)
    }

    func testRefusesAnEncounterThatIsNotCoded() {
        var f = Fixture()
        f.encounter.status = .pendingQuery
        XCTAssertProblem(refusal(f.builder), "encounter.status", "only a coded encounter is billed; this one is pendingQuery")
    }

    func testRefusesAnEncounterWithoutCharges() {
        var f = Fixture()
        f.charges = []
        XCTAssertProblem(refusal(f.builder), "charges", "no charges")
    }

    func testRefusesAPointerToAMissingDiagnosis() {
        var f = Fixture()
        f.charges[1].diagnosisPointers = [3]
        XCTAssertProblem(refusal(f.builder), "charges[1].diagnosisPointers[0]", "points to diagnosis 3, but the encounter has 2")
    }

    func testRefusesMoreThanFiftyLinesOnAProfessionalClaim() {
        var f = Fixture()
        f.charges = (0..<51).map { n in
            Charge(id: Fixture.id(1000 + n), tenantID: f.tenant.id, encounterID: f.encounter.id, procedure: .cpt("36415"), amount: Money(cents: 1000),
                   diagnosisPointers: [1], serviceDate: f.encounter.serviceFrom)
        }
        XCTAssertProblem(refusal(f.builder), "charges", "at most 50 service lines; the encounter has 51")
        f.charges.removeLast()
        XCTAssertNoThrow(try f.builder.build(claimID: Fixture.id(100)))
    }

    func testRefusesRecordsThatDoNotBelongTogether() {
        var f = Fixture()
        f.coverage.payerID = Fixture.id(77)
        f.coverage.effectiveFrom = Fixture.date("2025-12-01")
        f.patient.dateOfBirth = Fixture.date("2025-12-01")
        f.payer.tenantID = Fixture.id(78)
        f.encounter.renderingProviderID = Fixture.id(79)
        f.encounter.facilityID = nil
        let problems = refusal(f.builder)
        XCTAssertProblem(problems, "coverage.payerID", "another payer")
        XCTAssertProblem(problems, "coverage.effectiveFrom", "does not cover the dates of service 2025-11-03")
        XCTAssertProblem(problems, "patient.dateOfBirth", "after the date of service")
        XCTAssertProblem(problems, "payer.tenantID", "another tenant")
        XCTAssertProblem(problems, "renderingProvider.id", "another rendering provider")
        XCTAssertProblem(problems, "facility", "names no facility")
    }

    func testRefusesInvalidRecordsWithTheirFieldPaths() {
        var f = Fixture()
        f.provider.npi = NPI("1234567890")
        f.coverage.memberID = ""
        f.tenant.address.postalCode = "ABCDE"
        let problems = refusal(f.builder)
        XCTAssertProblem(problems, "renderingProvider.npi", "check digit")
        XCTAssertProblem(problems, "coverage.memberID", "required")
        XCTAssertProblem(problems, "tenant.address.postalCode", "ZIP")
    }

    func testReplacementAndVoidNeedThePayerClaimControlNumber() throws {
        let f = Fixture()
        XCTAssertProblem(refusal(f.builder, frequency: .replacement), "claim.payerClaimControlNumber", "replacement (7)")
        XCTAssertProblem(refusal(f.builder, frequency: .void), "claim.payerClaimControlNumber", "void (8)")
        XCTAssertProblem(refusal(f.builder, frequency: .original, payerClaimControlNumber: "PCN1"), "claim.payerClaimControlNumber", "original claim (1)")
        let replacement = try f.builder.build(claimID: Fixture.id(101), frequency: .replacement, payerClaimControlNumber: "2025110300042")
        XCTAssertEqual(replacement.frequency, .replacement)
        XCTAssertEqual(replacement.payerClaimControlNumber, "2025110300042")
    }

    func testInstitutionalClaimForAHospital() throws {
        var f = Fixture()
        f.tenant.kind = .hospital
        f.encounter.claimKind = .institutional
        f.encounter.placeOfService = nil
        f.encounter.institutionalBillType = "13"
        f.charges[0].diagnosisPointers = []
        f.charges[0].revenueCode = "0450"
        f.charges[1].diagnosisPointers = []
        f.charges[1].revenueCode = "0300"
        f.charges.append(Charge(id: Fixture.id(10), tenantID: f.tenant.id, encounterID: f.encounter.id, procedure: .icd10pcs("0SRC0J9"),
                                amount: Money(cents: 500_000), diagnosisPointers: [], serviceDate: f.encounter.serviceFrom, revenueCode: "0360"))
        let claim = try f.builder.build(claimID: Fixture.id(102))
        XCTAssertEqual(claim.typeOfBill, "131")
        XCTAssertNil(claim.placeOfService)
        XCTAssertEqual(claim.procedureCodes, [.icd10pcs("0SRC0J9")])
        XCTAssertEqual(claim.lines.map(\.revenueCode), ["0450", "0300", "0360"])
        XCTAssertNil(claim.lines[2].procedure)
        XCTAssertEqual(claim.validate(), [])
        // Without a revenue code the line cannot be billed on an 837I; a practice cannot bill one at all.
        f.charges[1].revenueCode = nil
        f.tenant.kind = .practice
        let problems = refusal(f.builder)
        XCTAssertProblem(problems, "charges[1].revenueCode", "needs its revenue code")
        XCTAssertProblem(problems, "encounter.claimKind", "is a practice")
    }

    func testClaimValidationCatchesEditsAfterBuilding() throws {
        var claim = try Fixture().claim()
        claim.lines[1].lineItemControlNumber = claim.lines[0].lineItemControlNumber
        claim.lines[0].diagnosisPointers = [1, 5]
        claim.lines[1].charge = Money(cents: 2000)
        claim.patientControlNumber = String(repeating: "9", count: 21)
        let problems = claim.validate()
        XCTAssertProblem(problems, "lines[1].lineItemControlNumber", "already the control number of line 1")
        XCTAssertProblem(problems, "lines[0].diagnosisPointers[1]", "points to diagnosis 5, but the claim has 2")
        XCTAssertProblem(problems, "ledger", "are not the claim's")
        XCTAssertProblem(problems, "patientControlNumber", "at most 20")
    }
}
