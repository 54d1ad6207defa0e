import Foundation

/// Day arithmetic on calendar dates (no time zones: a date of service is a day, not an instant).
extension ServiceDate {
    /// Days since 1970-01-01 (the proleptic Gregorian calendar's civil-day count).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `daysSinceEpoch` days after 1970-01-01; nil outside the years ServiceDate supports.
    public init?(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The date `days` later (earlier when negative); nil outside the supported years.
    public func adding(days: Int) -> ServiceDate? {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        return overflow ? nil : ServiceDate(daysSinceEpoch: sum)
    }

    /// Days from this date to `other` (negative when `other` is earlier).
    public func days(until other: ServiceDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// Age in whole years on `date`, for a birth date (someone born on February 29 turns a year older on March 1).
    public func age(on date: ServiceDate) -> Int {
        date.year - year - ((date.month, date.day) < (month, day) ? 1 : 0)
    }

    /// The calendar day (UTC) an instant falls on: "today" for filing deadlines.
    public init(utcDayOf instant: Date) {
        let days = Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))
        self = ServiceDate(daysSinceEpoch: days) ?? (days < 0 ? ServiceDate(year: 1900, month: 1, day: 1)! : ServiceDate(year: 2999, month: 12, day: 31)!)
    }
}
