import CodeSets

/// CPT and HCPCS codes packed into integers, and dates into `YYYYMMDD` integers: the NCCI tables hold millions of
/// rows, and integers keep them small, flat and quick to compare.
enum PackedCode {
    /// A 5-character CPT/HCPCS code (digits and letters, with at least one digit) as base-36; base-36 keeps the
    /// files' order (digits before letters), so a table sorted by text is sorted by packed value.
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard bytes.count == 5 else { return nil }
        var value: UInt32 = 0
        var hasDigit = false
        for byte in bytes {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0")); hasDigit = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt32(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt32(byte - UInt8(ascii: "a")) + 10
            default: return nil
            }
            value = value * 36 + digit
        }
        return hasDigit ? value : nil
    }

    static func pack(_ code: String) -> UInt32? {
        var code = code
        return code.withUTF8 { pack($0) }
    }

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    static func unpack(_ value: UInt32) -> String {
        var value = value
        var characters: [Character] = []
        for _ in 0..<5 { characters.append(alphabet[Int(value % 36)]); value /= 36 }
        return String(characters.reversed())
    }

    static func day(_ date: ServiceDate) -> UInt32 { UInt32(date.year * 10000 + date.month * 100 + date.day) }

    static func date(_ day: UInt32) -> ServiceDate? { ServiceDate(year: Int(day / 10000), month: Int(day / 100 % 100), day: Int(day % 100)) }

    /// `YYYYMMDD` that is a real calendar date.
    static func day(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard bytes.count == 8 else { return nil }
        var value: UInt32 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
        }
        return date(value) == nil ? nil : value
    }
}

/// The modifiers NCCI knows: those that may bypass a PTP edit whose modifier indicator is 1, and the E/M range on
/// which 59 and the X modifiers are never valid.
enum NCCIModifiers {
    /// As CMS lists them: anatomic, global surgery, and other (NCCI Policy Manual, chapter I).
    static let bypass: Set<String> = [
        "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
        "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI",
        "24", "25", "57", "58", "78", "79",
        "27", "59", "91", "XE", "XS", "XP", "XU",
    ]

    /// Distinct-procedural-service modifiers: they say two procedures were separate, which an E/M never is.
    static let distinctService: Set<String> = ["59", "XE", "XS", "XP", "XU"]

    /// Evaluation and management, 99202 to 99499.
    static func isEvaluationAndManagement(_ code: String) -> Bool {
        guard code.utf8.count == 5, let number = Int(code) else { return false }
        return (99202...99499).contains(number)
    }
}
