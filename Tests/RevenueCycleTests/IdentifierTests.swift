import CodeSets
import Foundation
import RevenueCycle
import XCTest

final class IdentifierTests: XCTestCase {
    func testNPICheckDigit() {
        XCTAssertTrue(NPI("1234567893").isValid)
        XCTAssertNil(NPI("1234567893").problem)
        XCTAssertFalse(NPI("1234567890").isValid)
        XCTAssertEqual(NPI("1234567890").problem, "the check digit of NPI 1234567890 should be 3, not 0: the number is mistyped")
        XCTAssertEqual(NPI("123456789").problem, "an NPI is exactly 10 digits; got \"123456789\"")
        XCTAssertEqual(NPI("12345678a3").problem, "an NPI is exactly 10 digits; got \"12345678a3\"")
        XCTAssertEqual(NPI("3234567893").problem, "an NPI starts with 1 or 2; got \"3234567893\"")
        XCTAssertNotNil(NPI("").problem)
        XCTAssertNotNil(NPI("１２３４５６７８９３").problem, "full-width digits are not digits here")
    }

    func testNPIWithCheckDigit() {
        XCTAssertEqual(NPI.withCheckDigit(firstNine: "123456789"), NPI("1234567893"))
        XCTAssertEqual(NPI.withCheckDigit(firstNine: "191230195"), NPI("1912301953"))
        XCTAssertNil(NPI.withCheckDigit(firstNine: "12345678"))
        XCTAssertNil(NPI.withCheckDigit(firstNine: "923456789"))
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let npi = NPI.withCheckDigit(firstNine: "1" + generator.digits(8))
            XCTAssertEqual(npi?.isValid, true)
        }
    }

    func testTaxIDNormalisesTheHyphenatedForm() {
        XCTAssertEqual(TaxID("12-3456789").value, "123456789")
        XCTAssertEqual(TaxID("12-3456789").formatted, "12-3456789")
        XCTAssertNil(TaxID("123456789").problem)
        XCTAssertNotNil(TaxID("123-456789").problem)
        XCTAssertNotNil(TaxID("12345678").problem)
        XCTAssertNotNil(TaxID("12-345678X").problem)
        XCTAssertEqual(TaxID("00-3456789").problem, "an EIN never starts with 00; got \"003456789\"")
    }

    func testTaxonomyFormat() {
        XCTAssertNil(Taxonomy("207Q00000X").problem)
        XCTAssertNil(Taxonomy("2085r0202x").problem, "upper-cased on input")
        XCTAssertNotNil(Taxonomy("207Q00000").problem)
        XCTAssertNotNil(Taxonomy("207Q000000").problem)
        XCTAssertNotNil(Taxonomy("207Q-0000X").problem)
    }

    func testPayerIDCharacters() {
        XCTAssertNil(PayerID("06102").problem)
        XCTAssertNil(PayerID("SB-X.01/A 2").problem)
        XCTAssertEqual(PayerID("").problem, "a payer id is required")
        XCTAssertEqual(PayerID("AB*CD").problem,
                       "a payer id may hold only letters, digits, hyphen, period, slash and inner spaces; \"*\" at position 3 is not allowed")
        XCTAssertNotNil(PayerID("AB~").problem)
        XCTAssertNotNil(PayerID(" AB").problem)
        XCTAssertNotNil(PayerID(String(repeating: "A", count: 81)).problem)
        XCTAssertNil(PayerID(String(repeating: "A", count: 80)).problem)
    }

    func testFieldProblemNesting() {
        let problem = FieldProblem(field: "city", message: "required")
        XCTAssertEqual(problem.nested(under: "address").field, "address.city")
        XCTAssertEqual(FieldProblem(field: "[2]", message: "x").nested(under: "lines").field, "lines[2]")
        XCTAssertEqual(problem.nested(under: "").field, "city")
        XCTAssertEqual(problem.description, "city: required")
        XCTAssertEqual(try JSONDecoder().decode(FieldProblem.self, from: JSONEncoder().encode(problem)), problem)
    }
}
