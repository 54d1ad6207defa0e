/// A set of condition category numbers (1 to 511) as a fixed bit set: scoring a patient allocates nothing for it.
public struct ConditionCategorySet: Sendable, Hashable, Sequence {
    private var words = SIMD8<UInt64>()

    public static let capacity = 512

    public init() {}

    public init<S: Sequence>(_ numbers: S) where S.Element == Int {
        for n in numbers { insert(n) }
    }

    public func contains(_ number: Int) -> Bool {
        guard number >= 0 && number < Self.capacity else { return false }
        return words[number >> 6] & (1 << UInt64(number & 63)) != 0
    }

    public mutating func insert(_ number: Int) {
        guard number >= 0 && number < Self.capacity else { return }
        words[number >> 6] |= 1 << UInt64(number & 63)
    }

    public mutating func remove(_ number: Int) {
        guard number >= 0 && number < Self.capacity else { return }
        words[number >> 6] &= ~(1 << UInt64(number & 63))
    }

    public var isEmpty: Bool { words == SIMD8() }

    public var count: Int {
        var total = 0
        for i in 0..<8 { total += words[i].nonzeroBitCount }
        return total
    }

    public func intersects(_ other: ConditionCategorySet) -> Bool { (words & other.words) != SIMD8() }

    public func union(_ other: ConditionCategorySet) -> ConditionCategorySet {
        var result = self; result.words |= other.words; return result
    }

    public func subtracting(_ other: ConditionCategorySet) -> ConditionCategorySet {
        var result = self; result.words &= ~other.words; return result
    }

    public mutating func formUnion(_ other: ConditionCategorySet) { words |= other.words }

    /// The numbers in ascending order.
    public func makeIterator() -> Iterator { Iterator(words: words) }

    public struct Iterator: IteratorProtocol {
        let words: SIMD8<UInt64>
        var word = 0
        var bits: UInt64

        init(words: SIMD8<UInt64>) { self.words = words; bits = words[0] }

        public mutating func next() -> Int? {
            while bits == 0 {
                word += 1
                if word == 8 { return nil }
                bits = words[word]
            }
            let bit = bits.trailingZeroBitCount
            bits &= bits - 1
            return word * 64 + bit
        }
    }
}
