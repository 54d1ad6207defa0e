/// An exact decimal number: an integer significand and a count of decimal places (1.30 is 13 with scale 1).
/// Rates (RVUs, GPCIs, the conversion factor) and drug quantities are exact decimals: multiplying them with
/// integers keeps every digit, and rounding happens once, where money is made (`roundedToCents()`).
///
/// Values are kept normalised (no trailing zeros after the point), so 1.30 and 1.3 are equal. In JSON it is a
/// string ("32.3465"), because a JSON number may be read through a binary floating-point type on the way.
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
    public let significand: Int
    /// Digits after the decimal point.
    public let scale: Int

    /// The most decimal places a value may have: enough for any product of rates, small enough that 10^scale fits.
    public static let maximumScale = 18

    /// Nil when the scale is outside 0...maximumScale.
    public init?(significand: Int, scale: Int) {
        guard (0...ExactDecimal.maximumScale).contains(scale) else { return nil }
        var s = significand, sc = scale
        while sc > 0, s % 10 == 0 { s /= 10; sc -= 1 }
        self.significand = s
        self.scale = sc
    }

    public init(_ integer: Int) { significand = integer; scale = 0 }

    public static let zero = ExactDecimal(0)

    /// Parses an optional minus sign, digits, and optionally a point followed by digits ("1.30", "-0.5", ".5",
    /// "32.3465"). At most 18 digits, 9 of them decimal places, are accepted (so the significand always fits);
    /// anything else is nil.
    public init?(_ text: some StringProtocol) {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        var value = 0, integerDigits = 0, fractionDigits = 0, seenPoint = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
            guard integerDigits + fractionDigits <= 18, fractionDigits <= 9 else { return nil }
            value = value * 10 + Int(b - UInt8(ascii: "0"))
        }
        guard integerDigits + fractionDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        self.init(significand: negative ? -value : value, scale: fractionDigits)
    }

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }

    static func powerOfTen(_ n: Int) -> Int {
        var p = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// The significand scaled up to `scale` decimal places; nil on overflow.
    private func significand(atScale target: Int) -> Int? {
        let (v, overflow) = significand.multipliedReportingOverflow(by: ExactDecimal.powerOfTen(target - scale))
        return overflow ? nil : v
    }

    /// The exact sum; nil on overflow.
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let target = max(scale, other.scale)
        guard let a = significand(atScale: target), let b = other.significand(atScale: target) else { return nil }
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : ExactDecimal(significand: sum, scale: target)
    }

    /// The exact product; nil on overflow or when it would need more than `maximumScale` decimal places.
    public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        guard !overflow else { return nil }
        return ExactDecimal(significand: product, scale: scale + other.scale)
    }

    /// The value as dollars, rounded to cents once: half a cent rounds away from zero (half up, for the positive
    /// amounts fee schedules produce). Nil on overflow.
    public func roundedToCents() -> Money? {
        if scale <= 2 {
            let (v, overflow) = significand.multipliedReportingOverflow(by: ExactDecimal.powerOfTen(2 - scale))
            return overflow ? nil : Money(cents: v)
        }
        let divisor = ExactDecimal.powerOfTen(scale - 2)
        let quotient = significand / divisor
        let remainder = (significand % divisor).magnitude
        // Compare 2 × remainder with the divisor without overflowing: remainder >= divisor - remainder.
        let roundsAway = remainder >= divisor.magnitude - remainder
        return Money(cents: roundsAway ? quotient + (significand < 0 ? -1 : 1) : quotient)
    }

    /// "1.3", "-0.05", "32.3465", "0".
    public var description: String {
        guard scale > 0 else { return String(significand) }
        let digits = String(significand.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return (significand < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }
}

extension ExactDecimal: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ExactDecimal(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected an exact decimal as a string such as \"1.30\", got \"\(text)\""))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
