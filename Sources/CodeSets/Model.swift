import Foundation

/// The code systems Revcycle knows. Raw values are the names used on the command line and in the API.
public enum CodeSystem: String, Codable, CaseIterable, Sendable, Comparable {
    case icd10cm, icd10pcs, hcpcs, cpt
    case hcpcsModifier = "hcpcs-modifier"
    case pos, taxonomy, carc, rarc
    case adjustmentGroup = "adjustment-group"
    case claimStatusCategory = "claim-status-category"
    case claimStatus = "claim-status"

    public var displayName: String {
        switch self {
        case .icd10cm: "ICD-10-CM"
        case .icd10pcs: "ICD-10-PCS"
        case .hcpcs: "HCPCS Level II"
        case .cpt: "CPT"
        case .hcpcsModifier: "HCPCS modifier"
        case .pos: "Place of service"
        case .taxonomy: "NUCC provider taxonomy"
        case .carc: "Claim adjustment reason code"
        case .rarc: "Remittance advice remark code"
        case .adjustmentGroup: "Claim adjustment group code"
        case .claimStatusCategory: "Claim status category code"
        case .claimStatus: "Claim status code"
        }
    }

    public static func < (lhs: CodeSystem, rhs: CodeSystem) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A calendar date (a date of service), never an instant.
public struct ServiceDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month), day >= 1,
              day <= ServiceDate.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses `YYYYMMDD` (the form CMS files and X12 use).
    public init?(compact text: some StringProtocol) {
        let s = String(text)
        guard s.count == 8, s.allSatisfy(\.isASCIIDigit), let v = Int(s) else { return nil }
        self.init(year: v / 10000, month: (v / 100) % 100, day: v % 100)
    }

    /// Parses `MM/DD/YYYY` (the form of X12 code-list start and stop dates).
    public init?(us text: some StringProtocol) {
        let parts = text.split(separator: "/")
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
              parts[2].count == 4 else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD`, built from digits: `String(format:)` was a tenth of encoding a worklist page.
    public var iso: String {
        let digits = Array("0123456789".utf8)
        let bytes = [digits[year / 1000 % 10], digits[year / 100 % 10], digits[year / 10 % 10], digits[year % 10], UInt8(ascii: "-"),
                     digits[month / 10], digits[month % 10], UInt8(ascii: "-"), digits[day / 10], digits[day % 10]]
        return String(decoding: bytes, as: UTF8.self)
    }
    public var description: String { iso }
    var ordinal: Int { year * 10000 + month * 100 + day }

    /// US federal fiscal year (October 1 to September 30), which ICD-10-CM and ICD-10-PCS releases follow.
    public var fiscalYear: Int { month >= 10 ? year + 1 : year }

    public static func < (a: ServiceDate, b: ServiceDate) -> Bool { a.ordinal < b.ordinal }

    /// The dates of service a fiscal-year release covers (ICD-10-CM, ICD-10-PCS): October 1 of the year before, or
    /// April 1 for the mid-year update, to September 30. Nil for a year outside the supported range.
    static func fiscalYear(_ fy: Int, april: Bool = false) -> (from: ServiceDate, through: ServiceDate)? {
        guard let from = april ? ServiceDate(year: fy, month: 4, day: 1) : ServiceDate(year: fy - 1, month: 10, day: 1),
              let through = ServiceDate(year: fy, month: 9, day: 30) else { return nil }
        return (from, through)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = ServiceDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a date YYYY-MM-DD, got '\(text)'"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Errors from reading code-set files: always name the file and the place.
public struct CodeSetError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var detail: String

    public init(file: String, line: Int? = nil, _ detail: String) {
        self.file = file; self.line = line; self.detail = detail
    }

    public var description: String {
        if let line { return "\(file):\(line): \(detail)" }
        return "\(file): \(detail)"
    }
}

/// One release of one code system: what it is, which file it came from, and which dates of service it covers.
public struct ReleaseInfo: Hashable, Codable, Sendable {
    public var system: CodeSystem
    /// Human name, e.g. "ICD-10-CM FY2026 (April 1, 2026 update)".
    public var name: String
    public var effectiveFrom: ServiceDate
    /// Last date of service the release is meant for; nil when open-ended.
    public var effectiveThrough: ServiceDate?
    /// File names (not paths) the release was read from.
    public var sourceFiles: [String]

    public init(system: CodeSystem, name: String, effectiveFrom: ServiceDate, effectiveThrough: ServiceDate?, sourceFiles: [String]) {
        self.system = system; self.name = name; self.effectiveFrom = effectiveFrom
        self.effectiveThrough = effectiveThrough; self.sourceFiles = sourceFiles
    }

    public func covers(_ date: ServiceDate) -> Bool {
        date >= effectiveFrom && (effectiveThrough.map { date <= $0 } ?? true)
    }
}

/// A labelled detail shown with a code (e.g. "PFS status" = "A"). Ordered, for display.
public struct Attribute: Hashable, Codable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

/// A code in a flat code list (HCPCS, CPT, POS, taxonomy, CARC, RARC, older ICD-10-CM releases, ...).
public struct CodeEntry: Hashable, Sendable {
    public var code: String
    public var title: String
    public var shortTitle: String?
    public var billable: Bool
    /// First date of service on which the code may be used, when the source says.
    public var effective: ServiceDate?
    /// Last date of service on which the code may be used, when the source says.
    public var termination: ServiceDate?
    public var attributes: [Attribute]

    public init(code: String, title: String, shortTitle: String? = nil, billable: Bool = true,
                effective: ServiceDate? = nil, termination: ServiceDate? = nil, attributes: [Attribute] = []) {
        self.code = code; self.title = title; self.shortTitle = shortTitle; self.billable = billable
        self.effective = effective; self.termination = termination; self.attributes = attributes
    }

    public func isActive(on date: ServiceDate) -> Bool {
        if let effective, date < effective { return false }
        if let termination, date > termination { return false }
        return true
    }
}

/// A flat list of codes from one release, indexed by code.
public struct CodeTable: Sendable {
    public var release: ReleaseInfo
    public private(set) var entries: [CodeEntry]
    private var position: [String: Int]

    public init(release: ReleaseInfo, entries: [CodeEntry]) {
        self.release = release
        self.entries = entries
        var position = [String: Int](minimumCapacity: entries.count)
        for (i, e) in entries.enumerated() where position[e.code] == nil { position[e.code] = i }
        self.position = position
    }

    public var system: CodeSystem { release.system }
    public subscript(code: String) -> CodeEntry? { position[code].map { entries[$0] } }
    /// Where the code is in `entries`, to read a field without copying the entry.
    public func position(of code: String) -> Int? { position[code] }
}

/// Code spelling helpers on UTF-8 bytes: lookups run them on every call, and Foundation's string methods are
/// several times slower on Linux.
extension String {
    /// "E11.22" -> "E1122".
    var withoutDots: String {
        String(decoding: utf8.filter { $0 != UInt8(ascii: ".") }, as: UTF8.self)
    }

    /// Upper case ASCII, without dots and white space: " e11.22 " -> "E1122".
    var codeKey: String {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        for b in utf8 where b != UInt8(ascii: ".") && b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
            out.append((0x61...0x7A).contains(b) ? b - 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Pads with placeholder X to `length` characters (ICD-10-CM codes before their 7th character).
    func paddedWithX(to length: Int) -> String {
        count >= length ? self : self + String(repeating: "X", count: length - count)
    }
}
