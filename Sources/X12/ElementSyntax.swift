/// Checks one element value against its data element (type, length, character set) and the guide's rule (codes,
/// narrower lengths). The answer is the 999 IK403 code with a plain message.
public enum ElementSyntax {
    public struct Problem: Sendable, Equatable {
        /// IK403 code: 4 too short, 5 too long, 6 invalid character, 7 invalid code value, 8 invalid date, 9 invalid time.
        public var code: String
        public var message: String
    }

    /// The check on the bytes as read, all but the code list (see `invalidCode`); a string is made only to word a problem.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, _ c: ElementCheck) -> Problem? {
        withUnsafePointer(to: c) { check(bytes, $0) }
    }

    /// Whether `check` would find nothing: the common answer, decided without the frame the wording of a problem
    /// needs. The same tests in the same order as `check`.
    @inline(__always)
    static func passes(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: UnsafePointer<ElementCheck>) -> Bool {
        var length = bytes.count
        let form = rule.pointee.form
        if form == .number || form == .decimal {
            guard let digits = numericDigits(bytes, allowPoint: form == .decimal) else { return false }
            length = digits
        } else {
            for b in bytes where b &- 0x20 > 0x5E { return false }
        }
        guard length >= Int(rule.pointee.minLength), length <= Int(rule.pointee.maxLength) else { return false }
        switch form {
        case .date: if !isDate(bytes) { return false }
        case .time: if !isTime(bytes) { return false }
        default: break
        }
        if rule.pointee.digitsOnly {
            for b in bytes where b &- 0x30 > 9 { return false }
        }
        return true
    }

    /// `check` reading the rule where it stands, field by field: the walker's checks are too large to copy per value.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: UnsafePointer<ElementCheck>) -> Problem? {
        func text() -> String { String(decoding: bytes, as: UTF8.self) }
        // The X12 basic and extended character sets are printable ASCII. A number is read first: when it reads, its
        // characters are digits, a sign and a point, so the character set needs no second look.
        var length = bytes.count
        let form = rule.pointee.form
        let isNumber = form == .number || form == .decimal
        if isNumber, let digits = numericDigits(bytes, allowPoint: form == .decimal) {
            length = digits
        } else {
            for b in bytes where b &- 0x20 > 0x5E {
                return Problem(code: "6", message: "'\(text())' contains the character 0x\(String(b, radix: 16, uppercase: true)), which is outside the X12 character set")
            }
            if isNumber {
                return Problem(code: "6", message: "'\(text())' is not a \(form == .decimal ? "decimal number" : "whole number (\(rule.pointee.type.code))")")
            }
        }
        let minLength = Int(rule.pointee.minLength), maxLength = Int(rule.pointee.maxLength)
        if length < minLength {
            return Problem(code: "4", message: "'\(text())' is \(length) characters long, at least \(minLength) expected")
        }
        if length > maxLength {
            return Problem(code: "5", message: "'\(text())' is \(length) characters long, at most \(maxLength) allowed")
        }
        switch form {
        case .date:
            if !isDate(bytes) { return Problem(code: "8", message: "'\(text())' is not a date (CCYYMMDD\(minLength == 6 ? " or YYMMDD" : ""))") }
        case .time:
            if !isTime(bytes) { return Problem(code: "9", message: "'\(text())' is not a time (HHMM, HHMMSS or HHMMSSDD)") }
        default: break
        }
        if rule.pointee.digitsOnly, !bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Problem(code: "I12", message: "'\(text())' must be digits only here")
        }
        return nil
    }

    /// The problem of a value that is not in its code list.
    static func invalidCode(_ bytes: UnsafeBufferPointer<UInt8>, codes: CodeList) -> Problem {
        let listed = codes.values.sorted().prefix(12).joined(separator: ", ")
        return Problem(code: "7", message: "'\(String(decoding: bytes, as: UTF8.self))' is not a valid code here; expected \(codes.values.count > 12 ? "one of " + listed + ", ..." : listed)")
    }

    /// Count of digits in an X12 number (a leading minus and a decimal point do not count), nil when not a number.
    static func numericDigits(_ bytes: some Collection<UInt8>, allowPoint: Bool) -> Int? {
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

    /// The number written by `count` digits starting `at` positions into `bytes`, nil when any is not a digit.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, count: Int) -> Int? {
        var n = 0
        var i = at
        let end = i + count
        guard at >= 0, end <= bytes.count else { return nil }
        while i < end {
            let b = bytes[i]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
            i += 1
        }
        return n
    }

    /// CCYYMMDD, or YYMMDD (ISA09), that exists in the calendar, from 1800 on.
    static func isDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 8 || bytes.count == 6 else { return false }
        let yearDigits = bytes.count - 4
        guard var year = number(bytes, at: 0, count: yearDigits), let month = number(bytes, at: yearDigits, count: 2),
              let day = number(bytes, at: yearDigits + 2, count: 2) else { return false }
        if yearDigits == 2 { year += year < 50 ? 2000 : 1900 }
        // A health care date before 1800 is a typing error (pyx12 judges so too).
        guard year >= 1800, (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        return day <= days
    }

    /// HHMM, HHMMSS, HHMMSSD or HHMMSSDD on a 24-hour clock.
    static func isTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard n == 4 || n == 6 || n == 7 || n == 8, let hour = number(bytes, at: 0, count: 2), let minute = number(bytes, at: 2, count: 2),
              hour < 24, minute < 60 else { return false }
        if n >= 6 { guard let second = number(bytes, at: 4, count: 2), second < 60 else { return false } }
        if n > 6 { guard number(bytes, at: 6, count: n - 6) != nil else { return false } }
        return true
    }

    /// A date-time period (data element 1251) in the format its qualifier (1250) names: D8, RD8, DT, TM. Nil if valid.
    static func checkPeriod(_ b: UnsafeBufferPointer<UInt8>, format: String) -> Problem? {
        func text() -> String { String(decoding: b, as: UTF8.self) }
        func part(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: b[r]) }
        switch format {
        case "D8":
            if !(b.count == 8 && isDate(b)) { return Problem(code: "8", message: "'\(text())' is not a date in the D8 format CCYYMMDD") }
        case "RD8":
            guard b.count == 17, b[8] == UInt8(ascii: "-"), isDate(part(0..<8)), isDate(part(9..<17)) else {
                return Problem(code: "8", message: "'\(text())' is not a date range in the RD8 format CCYYMMDD-CCYYMMDD")
            }
            if part(9..<17).lexicographicallyPrecedes(part(0..<8)) {
                return Problem(code: "8", message: "the range '\(text())' ends before it starts")
            }
        case "DT":
            guard b.count == 12, isDate(part(0..<8)), isTime(part(8..<12)) else {
                return Problem(code: "8", message: "'\(text())' is not a date and time in the DT format CCYYMMDDHHMM")
            }
        case "TM":
            if !(b.count == 4 && isTime(b)) { return Problem(code: "9", message: "'\(text())' is not a time in the TM format HHMM") }
        default: break
        }
        return nil
    }
}
