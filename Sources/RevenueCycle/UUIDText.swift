import Foundation

extension UUID {
    /// `uuidString`'s text (upper-case hex, hyphenated) written straight from the bytes: Foundation's goes through
    /// `sprintf`, which shows when thousands of ids are written at once (claim documents, bulk database writes).
    public var uppercaseText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        appendUppercaseText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `uppercaseText`'s 36 bytes.
    public func appendUppercaseText(to bytes: inout [UInt8]) {
        let hex: StaticString = "0123456789ABCDEF"
        withUnsafeBytes(of: uuid) { u in
            hex.withUTF8Buffer { h in
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 { bytes.append(UInt8(ascii: "-")) }
                    bytes.append(h[Int(u[i] >> 4)])
                    bytes.append(h[Int(u[i] & 0x0F)])
                }
            }
        }
    }
}

extension UUID {
    /// Reads `uuidString`'s form, in either case, straight into the bytes: Foundation's parser goes through `sscanf`,
    /// which shows when thousands of ids are read at once. Nil when `text` is not such an id.
    public init?(hyphenatedText text: String) {
        var text = text
        guard let id = text.withUTF8({ UUID(hyphenatedUTF8: $0) }) else { return nil }
        self = id
    }

    /// `init(hyphenatedText:)` of the text's UTF-8 bytes (the claim codec reads ids from its buffer).
    public init?(hyphenatedUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let read = withUnsafeMutableBytes(of: &value) { bytes -> Bool in
            var i = 0
            for b in 0..<16 {
                if i == 8 || i == 13 || i == 18 || i == 23 {
                    guard utf8[i] == UInt8(ascii: "-") else { return false }
                    i += 1
                }
                guard let high = Self.hexDigit(utf8[i]), let low = Self.hexDigit(utf8[i + 1]) else { return false }
                bytes[b] = high << 4 | low
                i += 2
            }
            return true
        }
        guard read else { return nil }
        self.init(uuid: value)
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
