internal import HealthCareX12

/// One thing wrong with an input: where (a field path such as `address.postalCode` or `lines[2].modifiers[0]`)
/// and what, in plain words. Validation answers every problem it can find, not just the first.
public struct FieldProblem: Hashable, Codable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The same problem seen from an enclosing value: `city` under `address` is `address.city`.
    public func nested(under prefix: String) -> FieldProblem {
        guard !prefix.isEmpty else { return self }
        guard !field.isEmpty else { return FieldProblem(field: prefix, message: message) }
        return FieldProblem(field: field.hasPrefix("[") ? prefix + field : prefix + "." + field, message: message)
    }

    public var description: String { "\(field): \(message)" }
}

/// A National Provider Identifier: ten digits, the first 1 or 2, the last a Luhn check digit computed over the
/// prefix 80840 and the first nine. Kept as given; `problem` says what is wrong with it, if anything.
public struct NPI: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var isValid: Bool { GuideRules.isValidNPI(value) }

    /// Why this is not a valid NPI, or nil when it is.
    public var problem: String? {
        if isValid { return nil }
        guard value.utf8.count == 10, value.utf8.allSatisfy(isASCIIDigit) else {
            return "an NPI is exactly 10 digits; got \"\(value)\""
        }
        guard value.hasPrefix("1") || value.hasPrefix("2") else {
            return "an NPI starts with 1 or 2; got \"\(value)\""
        }
        let expected = NPI.checkDigit(firstNine: String(value.prefix(9))).map(String.init) ?? "?"
        return "the check digit of NPI \(value) should be \(expected), not \(value.suffix(1)): the number is mistyped"
    }

    /// The NPI whose first nine digits are given, with its check digit; nil when they are not nine digits
    /// starting with 1 or 2.
    public static func withCheckDigit(firstNine: String) -> NPI? {
        checkDigit(firstNine: firstNine).map { NPI(firstNine + String($0)) }
    }

    /// The one digit that makes the ten valid (by asking the rule the X12 validator applies, so the two agree).
    static func checkDigit(firstNine: String) -> Int? {
        guard firstNine.utf8.count == 9, firstNine.utf8.allSatisfy(isASCIIDigit) else { return nil }
        return (0...9).first { GuideRules.isValidNPI(firstNine + String($0)) }
    }

    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}

/// A federal Employer Identification Number (the tax id on claims, REF*EI). Input may be written "12-3456789";
/// it is kept as the nine digits.
public struct TaxID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// Normalises the usual "NN-NNNNNNN" form to nine digits; anything else is kept as given, for `problem` to explain.
    public init(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.count == 10, utf8[2] == UInt8(ascii: "-"), utf8.enumerated().allSatisfy({ $0.offset == 2 || isASCIIDigit($0.element) }) {
            value = String(text.prefix(2)) + String(text.suffix(7))
        } else {
            value = text
        }
    }

    /// Why this is not a valid EIN, or nil when it is. Prefix 00 is never assigned by the IRS.
    public var problem: String? {
        guard value.utf8.count == 9, value.utf8.allSatisfy(isASCIIDigit) else {
            return "a tax id (EIN) is 9 digits, written 123456789 or 12-3456789; got \"\(value)\""
        }
        if value.hasPrefix("00") { return "an EIN never starts with 00; got \"\(value)\"" }
        return nil
    }

    public var isValid: Bool { problem == nil }

    /// "12-3456789" for display.
    public var formatted: String { isValid ? value.prefix(2) + "-" + value.suffix(7) : value }

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { formatted }
}

/// A Health Care Provider Taxonomy code (NUCC): ten characters, nine letters or digits then "X", e.g. 207Q00000X.
/// Only the format is checked here; whether the code is in the current NUCC release is the code sets' answer.
public struct Taxonomy: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// Upper-cases the input (taxonomy codes are upper case).
    public init(_ text: String) { value = text.uppercased() }

    public var problem: String? {
        let bytes = Array(value.utf8)
        guard bytes.count == 10, bytes.prefix(9).allSatisfy(isASCIIAlphanumeric), bytes[9] == UInt8(ascii: "X") else {
            return "a taxonomy code is 10 characters, 9 letters or digits followed by X (such as 207Q00000X); got \"\(value)\""
        }
        return nil
    }

    public var isValid: Bool { problem == nil }

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}

/// The payer identifier clearinghouses route claims on (NM109 of the payer loop): 1 to 80 characters that travel
/// safely in X12 (letters, digits, hyphen, period, slash; inner spaces).
public struct PayerID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var problem: String? { X12Text.identifierProblem(value, what: "a payer id", maximumLength: 80) }

    public var isValid: Bool { problem == nil }

    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}

/// Character rules for values that end up in X12 elements.
enum X12Text {
    /// Characters an identifier may hold: letters, digits, hyphen, period, slash, and spaces inside. These are in
    /// the X12 basic character set and are never chosen as delimiters, so the value reaches the payer unchanged.
    static func isIdentifierCharacter(_ b: UInt8) -> Bool {
        isASCIIAlphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "/") || b == UInt8(ascii: " ")
    }

    /// Why `value` is not a usable identifier of at most `maximumLength` characters, or nil.
    static func identifierProblem(_ value: String, what: String, minimumLength: Int = 1, maximumLength: Int) -> String? {
        let bytes = Array(value.utf8)
        if bytes.isEmpty { return "\(what) is required" }
        if let bad = bytes.firstIndex(where: { !isIdentifierCharacter($0) }) {
            let character = value.utf8.index(value.utf8.startIndex, offsetBy: bad)
            return "\(what) may hold only letters, digits, hyphen, period, slash and inner spaces; \"\(value[character...].prefix(1))\" at position \(bad + 1) is not allowed"
        }
        if bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ") { return "\(what) must not start or end with a space" }
        if bytes.count < minimumLength || bytes.count > maximumLength {
            return minimumLength == 1 ? "\(what) is at most \(maximumLength) characters; got \(bytes.count)"
                : "\(what) is \(minimumLength) to \(maximumLength) characters; got \(bytes.count)"
        }
        return nil
    }
}

func isASCIIDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
func isASCIIUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
func isASCIILetter(_ b: UInt8) -> Bool { isASCIIUpper(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) }
func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIIDigit(b) || isASCIILetter(b) }
func isAllDigits(_ s: String, count: Int) -> Bool { s.utf8.count == count && s.utf8.allSatisfy(isASCIIDigit) }
