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
