import Foundation
import RevenueCycle
import XCTest

final class MoneyTests: XCTestCase {
    func testParsesExactDollarAmounts() {
        let accepted: [(String, Int)] = [
            ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("-3.07", -307), ("0", 0), ("-0", 0), ("0.01", 1), ("12.500", 1250),
            ("007.10", 710), ("1000000000000", 100_000_000_000_000),
        ]
        for (text, cents) in accepted {
            XCTAssertEqual(Money(dollars: text)?.cents, cents, text)
        }
    }

    func testRefusesGarbageAndRounding() {
        for text in ["", "-", ".", "12.", ".5", "12.505", "12.001", "1,234.00", "$5", " 5", "5 ", "+5", "1e3", "12.3.4", "--1", "1-",
                     "١٢", "10000000000000", "99999999999999999999999", "0x10", "NaN"] {
            XCTAssertNil(Money(dollars: text), "\(text) should be refused")
        }
    }

    func testFormatsWithGroupingAndSign() {
        XCTAssertEqual(Money(cents: 123_456).formatted, "$1,234.56")
        XCTAssertEqual(Money(cents: -7).formatted, "-$0.07")
        XCTAssertEqual(Money(cents: 0).formatted, "$0.00")
        XCTAssertEqual(Money(cents: 100).formatted, "$1.00")
        XCTAssertEqual(Money(cents: 100_000_000).formatted, "$1,000,000.00")
        XCTAssertEqual(Money(cents: 99_999).formatted, "$999.99")
        XCTAssertEqual(Money(cents: Int.min).formatted, "-$92,233,720,368,547,758.08")
    }

    func testArithmeticAndComparison() {
        let a = Money(cents: 1050), b = Money(cents: 275)
        XCTAssertEqual((a + b).cents, 1325)
        XCTAssertEqual((a - b).cents, 775)
        XCTAssertEqual((-a).cents, -1050)
        XCTAssertTrue(b < a)
        XCTAssertEqual([a, b, Money(cents: -25)].sum().cents, 1300)
        XCTAssertEqual([Money]().sum(), .zero)
        XCTAssertEqual(a.multiplied(by: 3)?.cents, 3150)
        XCTAssertNil(Money(cents: Int.max / 2).multiplied(by: 3))
    }

    func testCodableAsIntegerCents() throws {
        let data = try JSONEncoder().encode(["charge": Money(cents: 12550)])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"charge":12550}"#)
        XCTAssertEqual(try JSONDecoder().decode([String: Money].self, from: Data(#"{"a":-307}"#.utf8))["a"]?.cents, -307)
        // A decimal or a string is not cents; an absurd amount is refused rather than risking overflow in sums.
        XCTAssertThrowsError(try JSONDecoder().decode([String: Money].self, from: Data(#"{"a":12.5}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode([String: Money].self, from: Data(#"{"a":"1250"}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode([String: Money].self, from: Data(#"{"a":9223372036854775807}"#.utf8)))
    }

    func testExactDecimalParsesMultipliesAndRoundsOnce() throws {
        XCTAssertEqual(ExactDecimal("1.30"), ExactDecimal("1.3"))
        XCTAssertEqual(ExactDecimal("1.30")?.description, "1.3")
        XCTAssertEqual(ExactDecimal("-0.05")?.description, "-0.05")
        XCTAssertEqual(ExactDecimal(".5")?.description, "0.5")
        XCTAssertEqual(ExactDecimal("32.3465")?.description, "32.3465")
        for bad in ["", "-", "1.", "1.2.3", "abc", "1,5", "1234567890123456789", "0.1234567890"] {
            XCTAssertNil(ExactDecimal(bad), bad)
        }
        let rvu = try XCTUnwrap(ExactDecimal("1.30")), gpci = try XCTUnwrap(ExactDecimal("1.007"))
        let product = try XCTUnwrap(rvu.multiplied(by: gpci))
        XCTAssertEqual(product.description, "1.3091")
        XCTAssertEqual(try XCTUnwrap(product.adding(try XCTUnwrap(ExactDecimal("0.0009")))).description, "1.31")
        // Half a cent rounds up (away from zero); less than half rounds down.
        XCTAssertEqual(ExactDecimal("93.545")?.roundedToCents()?.cents, 9355)
        XCTAssertEqual(ExactDecimal("93.544999")?.roundedToCents()?.cents, 9354)
        XCTAssertEqual(ExactDecimal("-0.005")?.roundedToCents()?.cents, -1)
        XCTAssertEqual(ExactDecimal("7")?.roundedToCents()?.cents, 700)
        XCTAssertEqual(ExactDecimal("0.1")?.roundedToCents()?.cents, 10)
        // Overflow is an answer, not a crash.
        let big = try XCTUnwrap(ExactDecimal("999999999999999999"))
        XCTAssertNil(big.multiplied(by: big))
        XCTAssertNil(big.adding(try XCTUnwrap(ExactDecimal("0.000000001"))))
    }

    func testExactDecimalCodableAsString() throws {
        let value = try XCTUnwrap(ExactDecimal("32.3465"))
        XCTAssertEqual(String(decoding: try JSONEncoder().encode([value]), as: UTF8.self), #"["32.3465"]"#)
        XCTAssertEqual(try JSONDecoder().decode([ExactDecimal].self, from: Data(#"["1.30"]"#.utf8)), [try XCTUnwrap(ExactDecimal("1.3"))])
        XCTAssertThrowsError(try JSONDecoder().decode([ExactDecimal].self, from: Data(#"["1.3x"]"#.utf8)))
    }
}
