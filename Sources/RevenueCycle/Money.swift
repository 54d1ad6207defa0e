/// An amount of US money as an integer count of cents. Never a floating-point number: cents add up exactly.
///
/// In JSON it is a plain integer of cents (`12550` is $125.50), the shape billing APIs use.
public struct Money: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
    public var cents: Int

    public init(cents: Int) { self.cents = cents }

    public static let zero = Money(cents: 0)

    /// The largest magnitude accepted from input (a parsed or decoded amount): one trillion dollars. No real claim
    /// comes near it, and bounding every input keeps sums of any realistic number of amounts far from overflow.
    public static let maximumInputCents = 100_000_000_000_000

    /// Parses an exact dollar amount: an optional minus sign, digits, and optionally a point followed by digits.
    /// "12", "12.5", "12.50", "-3.07" and "12.500" are accepted; "12.505" is refused (an amount is never rounded),
    /// and so are "12.", ".5", "1,234", "$5", " 5", "+5" and anything beyond one trillion dollars.
    public init?(dollars text: String) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        var whole = 0, wholeDigits = 0, fraction = 0, fractionDigits = 0
        var seenPoint = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard !seenPoint, wholeDigits > 0 else { return nil }
                seenPoint = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let digit = Int(b - UInt8(ascii: "0"))
            if seenPoint {
                // Digits past the cents may only be zeros: "12.500" is exact, "12.505" would need rounding.
                if fractionDigits < 2 { fraction = fraction * 10 + digit } else if digit != 0 { return nil }
                fractionDigits += 1
            } else {
                wholeDigits += 1
                // Twelve digits of dollars reach the input bound; more cannot be valid and could overflow.
                guard wholeDigits <= 13 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard wholeDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let magnitude = whole * 100 + fraction
        guard magnitude <= Money.maximumInputCents else { return nil }
        self.cents = negative ? -magnitude : magnitude
    }

    /// "$1,234.56", "-$0.07", "$0.00".
    public var formatted: String {
        let magnitude = cents.magnitude
        var dollars = String(magnitude / 100)
        var grouped = ""
        while dollars.count > 3 {
            grouped = "," + dollars.suffix(3) + grouped
            dollars.removeLast(3)
        }
        let remainder = magnitude % 100
        return (cents < 0 ? "-" : "") + "$" + dollars + grouped + "." + (remainder < 10 ? "0" : "") + String(remainder)
    }

    public var description: String { formatted }

    public var isZero: Bool { cents == 0 }
    public var isNegative: Bool { cents < 0 }
    public var isPositive: Bool { cents > 0 }

    /// The amount times a count (a unit price times units); nil on overflow.
    public func multiplied(by count: Int) -> Money? {
        let (product, overflow) = cents.multipliedReportingOverflow(by: count)
        return overflow ? nil : Money(cents: product)
    }

    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }
    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents + b.cents) }
    public static func - (a: Money, b: Money) -> Money { Money(cents: a.cents - b.cents) }
    public static prefix func - (a: Money) -> Money { Money(cents: -a.cents) }
}

extension Money: Codable {
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        guard value.magnitude <= Money.maximumInputCents.magnitude else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "an amount in cents is at most \(Money.maximumInputCents) in magnitude, got \(value)"))
        }
        cents = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(cents)
    }
}

extension Sequence where Element == Money {
    /// The total of the amounts; zero for none.
    public func sum() -> Money { reduce(.zero, +) }
}
