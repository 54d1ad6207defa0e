/// Checks one element value against its data element (type, length, character set) and the guide's rule (codes,
/// narrower lengths). The answer is the 999 IK403 code with a plain message.
public enum ElementSyntax {
    public struct Problem: Sendable, Equatable {
        /// IK403 code: 4 too short, 5 too long, 6 invalid character, 7 invalid code value, 8 invalid date, 9 invalid time.
        public var code: String
        public var message: String
    }

    public static func check(_ value: String, _ element: DataElement, _ rule: ElementRule?) -> Problem? {
        let bytes = value.utf8
        // The X12 basic and extended character sets are printable ASCII.
        if let bad = bytes.first(where: { $0 < 0x20 || $0 > 0x7E }) {
            return Problem(code: "6", message: "'\(value)' contains the character 0x\(String(bad, radix: 16, uppercase: true)), which is outside the X12 character set")
        }
        var length = bytes.count
        switch element.type {
        case .numeric, .decimal:
            guard let digits = numericDigits(bytes, allowPoint: element.type == .decimal) else {
                return Problem(code: "6", message: "'\(value)' is not a \(element.type == .decimal ? "decimal number" : "whole number (\(element.type.code))")")
            }
            length = digits
        default: break
        }
        let minimum = rule?.minLength ?? element.minLength, maximum = rule?.maxLength ?? element.maxLength
        if length < minimum {
            return Problem(code: "4", message: "'\(value)' is \(length) characters long, at least \(minimum) expected")
        }
        if length > maximum {
            return Problem(code: "5", message: "'\(value)' is \(length) characters long, at most \(maximum) allowed")
        }
        switch element.type {
        case .date:
            if !isDate(bytes) { return Problem(code: "8", message: "'\(value)' is not a date (CCYYMMDD\(element.minLength == 6 ? " or YYMMDD" : ""))") }
        case .time:
            if !isTime(bytes) { return Problem(code: "9", message: "'\(value)' is not a time (HHMM, HHMMSS or HHMMSSDD)") }
        default: break
        }
        if rule?.digitsOnly == true, !bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Problem(code: "I12", message: "'\(value)' must be digits only here")
        }
        if let codes = rule?.codes, !codes.contains(value) {
            let listed = codes.sorted().prefix(12).joined(separator: ", ")
            return Problem(code: "7", message: "'\(value)' is not a valid code here; expected \(codes.count > 12 ? "one of " + listed + ", ..." : listed)")
        }
        return nil
    }

    /// Count of digits in an X12 number (a leading minus and a decimal point do not count), nil when not a number.
    static func numericDigits(_ bytes: String.UTF8View, allowPoint: Bool) -> Int? {
        var digits = 0, points = 0, first = true
        for b in bytes {
            defer { first = false }
            if b >= 0x30 && b <= 0x39 { digits += 1; continue }
            if b == UInt8(ascii: "-") && first { continue }
            if b == UInt8(ascii: ".") && allowPoint && points == 0 { points += 1; continue }
            return nil
        }
        return digits > 0 ? digits : nil
    }

    static func number(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    /// CCYYMMDD, or YYMMDD (ISA09), that exists in the calendar, from 1800 on.
    public static func isDate(_ bytes: some Collection<UInt8>) -> Bool {
        let b = Array(bytes)
        guard b.count == 8 || b.count == 6 else { return false }
        let yearDigits = b.count - 4
        guard var year = number(b[0..<yearDigits]), let month = number(b[yearDigits..<yearDigits + 2]),
              let day = number(b[(yearDigits + 2)...]) else { return false }
        if yearDigits == 2 { year += year < 50 ? 2000 : 1900 }
        // A health care date before 1800 is a typing error (pyx12 judges so too).
        guard year >= 1800, (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    /// HHMM, HHMMSS, HHMMSSD or HHMMSSDD on a 24-hour clock.
    public static func isTime(_ bytes: some Collection<UInt8>) -> Bool {
        let b = Array(bytes)
        guard [4, 6, 7, 8].contains(b.count), let hour = number(b[0..<2]), let minute = number(b[2..<4]), hour < 24, minute < 60 else { return false }
        if b.count >= 6 { guard let second = number(b[4..<6]), second < 60 else { return false } }
        if b.count > 6 { guard number(b[6...]) != nil else { return false } }
        return true
    }

    /// A date-time period (data element 1251) in the format its qualifier (1250) names: D8, RD8, DT, TM. Nil if valid.
    public static func checkPeriod(_ value: String, format: String) -> Problem? {
        let b = Array(value.utf8)
        switch format {
        case "D8":
            if !(b.count == 8 && isDate(b)) { return Problem(code: "8", message: "'\(value)' is not a date in the D8 format CCYYMMDD") }
        case "RD8":
            guard b.count == 17, b[8] == UInt8(ascii: "-"), isDate(b[0..<8]), isDate(b[9...]) else {
                return Problem(code: "8", message: "'\(value)' is not a date range in the RD8 format CCYYMMDD-CCYYMMDD")
            }
            if b[9...].lexicographicallyPrecedes(b[0..<8]) {
                return Problem(code: "8", message: "the range '\(value)' ends before it starts")
            }
        case "DT":
            guard b.count == 12, isDate(b[0..<8]), isTime(b[8...]) else {
                return Problem(code: "8", message: "'\(value)' is not a date and time in the DT format CCYYMMDDHHMM")
            }
        case "TM":
            if !(b.count == 4 && isTime(b)) { return Problem(code: "9", message: "'\(value)' is not a time in the TM format HHMM") }
        default: break
        }
        return nil
    }
}
