/// An ICD-10-CM code without its dot, packed into one integer: its ASCII bytes left-aligned and zero-padded, so that
/// comparing two packed codes compares them as text, and a prefix is a mask. Every ICD-10-CM code has at most seven
/// characters; eight fit.
public struct PackedDiagnosis: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bits: UInt64
    /// How many characters.
    public let count: Int

    /// Nil unless 1 to 8 letters and digits, a dot allowed (it is dropped); lower case is read as upper case.
    public init?(_ code: some StringProtocol) {
        var bits: UInt64 = 0
        var count = 0
        for b in code.utf8 where b != UInt8(ascii: ".") {
            let upper = (0x61...0x7A).contains(b) ? b - 0x20 : b
            guard (0x30...0x39).contains(upper) || (0x41...0x5A).contains(upper), count < 8 else { return nil }
            bits |= UInt64(upper) << UInt64(56 - 8 * count)
            count += 1
        }
        guard count > 0 else { return nil }
        self.bits = bits; self.count = count
    }

    private init(bits: UInt64, count: Int) { self.bits = bits; self.count = count }

    /// The first `length` characters.
    public func prefix(_ length: Int) -> PackedDiagnosis {
        let n = min(max(length, 0), count)
        return PackedDiagnosis(bits: n == 0 ? 0 : bits & ~(UInt64.max >> UInt64(8 * n)), count: n)
    }

    /// The character at a 0-based position, as an ASCII byte (0 past the end).
    public func character(at index: Int) -> UInt8 {
        guard index >= 0, index < count else { return 0 }
        return UInt8(truncatingIfNeeded: bits >> UInt64(56 - 8 * index))
    }

    /// The bytes alone tell codes apart (no code has a zero byte), so hashing them is enough.
    public func hash(into hasher: inout Hasher) { hasher.combine(bits) }

    public func hasPrefix(_ other: PackedDiagnosis) -> Bool { count >= other.count && prefix(other.count).bits == other.bits }

    public static func < (a: PackedDiagnosis, b: PackedDiagnosis) -> Bool { a.bits != b.bits ? a.bits < b.bits : a.count < b.count }

    /// Without a dot: "E1122".
    public var description: String {
        String(decoding: (0..<count).map { character(at: $0) }, as: UTF8.self)
    }

    /// As printed: "E11.22".
    public var dotted: String {
        let plain = description
        return count > 3 ? String(plain.prefix(3)) + "." + String(plain.dropFirst(3)) : plain
    }
}

/// The codes an ICD-10-CM instructional note or code list names: one code and every code below it ("K52.9", "T86.3-",
/// "E83.-"), or a range of them ("E08-E13", "B38.0-B38.2"), sometimes narrowed by the characters at a position ("V01-V09
/// with 5th character 9", "E08-E13 with .41") or at the end ("I69. with final characters -23").
public struct DiagnosisCodePattern: Hashable, Sendable, CustomStringConvertible {
    /// The first and last code of the range; the same for one code. A code is in the range when it sorts at or after
    /// the first and its first characters (as many as the last has) at or before the last: O15.1 is in O15.00-O15.9.
    public var low: PackedDiagnosis
    public var high: PackedDiagnosis
    /// Characters a code must have from a 0-based position on (dot not counted).
    public var characters: (position: Int, value: PackedDiagnosis)? {
        get { charactersPosition.map { ($0, charactersValue!) } }
        set { charactersPosition = newValue?.position; charactersValue = newValue?.value }
    }
    /// Characters a code must end with.
    public var suffix: PackedDiagnosis?
    private var charactersPosition: Int?
    private var charactersValue: PackedDiagnosis?

    public init(low: PackedDiagnosis, high: PackedDiagnosis, characters: (position: Int, value: PackedDiagnosis)? = nil, suffix: PackedDiagnosis? = nil) {
        self.low = low; self.high = high; self.suffix = suffix
        self.characters = characters
    }

    /// One code and the codes below it.
    public init?(_ code: String) {
        guard let packed = PackedDiagnosis(code) else { return nil }
        self.init(low: packed, high: packed)
    }

    public func matches(_ code: PackedDiagnosis) -> Bool {
        guard code >= low, code.prefix(high.count) <= high else { return false }
        if let position = charactersPosition, let value = charactersValue {
            for i in 0..<value.count where code.character(at: position + i) != value.character(at: i) { return false }
        }
        if let suffix {
            guard code.count >= suffix.count else { return false }
            for i in 0..<suffix.count where code.character(at: code.count - suffix.count + i) != suffix.character(at: i) { return false }
        }
        return true
    }

    public var description: String {
        var text = low == high ? low.dotted : "\(low.dotted)-\(high.dotted)"
        if let position = charactersPosition, let value = charactersValue { text += " with character \(position + 1) \(value)" }
        if let suffix { text += " ending \(suffix)" }
        return text
    }
}
