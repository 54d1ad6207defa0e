import CodeSets
import Foundation

/// The payment policy indicators of one CMS Physician Fee Schedule relative value file (`PPRRVU…csv`): for each code
/// (and its 26, TC or 53 row, where CMS prices the modifier apart) the status, PC/TC, global days and the multiple
/// procedure, bilateral, assistant, co-surgeon and team surgery indicators. The meanings are those of the file's
/// documentation (RVUPUF, "National Physician Fee Schedule Relative Value File"); see `PFSEdits`.
public struct PFSIndicatorTable: Sendable {
    /// GLOB DAYS: the postoperative period, or why there is none.
    public enum GlobalDays: String, Sendable, Hashable, CaseIterable {
        /// Endoscopy or minor procedure: the day of the procedure only.
        case zero = "000"
        /// Minor procedure: the day of the procedure and 10 days after.
        case ten = "010"
        /// Major surgery: the day before, the day of, and 90 days after.
        case ninety = "090"
        /// Maternity: the usual global period does not apply.
        case maternity = "MMM"
        /// The global concept does not apply.
        case notApplicable = "XXX"
        /// The contractor decides whether a global period applies.
        case contractorDetermined = "YYY"
        /// An add-on: always within the global period of the primary service it is billed with.
        case addOn = "ZZZ"

        /// Days after the day of surgery that belong to it.
        var postoperativeDays: Int? {
            switch self {
            case .ten: 10
            case .ninety: 90
            default: nil
            }
        }
    }

    /// One row's indicators, one byte each.
    public struct Indicators: Sendable, Hashable {
        /// STATUS CODE, an ASCII letter (a byte: the edits compare it on every line).
        var statusByte: UInt8
        /// PCTC IND 0-9.
        public var professionalTechnical: UInt8
        public var globalDays: GlobalDays
        /// MULT PROC 0-9.
        public var multipleProcedure: UInt8
        /// BILAT SURG 0, 1, 2, 3, 9.
        public var bilateral: UInt8
        /// ASST SURG 0, 1, 2, 9.
        public var assistant: UInt8
        /// CO-SURG 0, 1, 2, 9.
        public var coSurgeons: UInt8
        /// TEAM SURG 0, 1, 2, 9.
        public var team: UInt8

        public init(status: Character, professionalTechnical: UInt8, globalDays: GlobalDays, multipleProcedure: UInt8, bilateral: UInt8,
                    assistant: UInt8, coSurgeons: UInt8, team: UInt8) {
            statusByte = status.asciiValue ?? UInt8(ascii: "?"); self.professionalTechnical = professionalTechnical; self.globalDays = globalDays
            self.multipleProcedure = multipleProcedure; self.bilateral = bilateral; self.assistant = assistant
            self.coSurgeons = coSurgeons; self.team = team
        }

        /// STATUS CODE, e.g. "A".
        public var status: Character { Character(Unicode.Scalar(statusByte)) }
    }

    /// The row of a code: the code alone, or with the modifier CMS lists it with.
    public enum Row: UInt32, Sendable, CaseIterable {
        case code = 0
        case professionalComponent = 1  // 26
        case technicalComponent = 2     // TC
        case discontinued = 3           // 53

        init?(modifier: String) {
            switch modifier {
            case "": self = .code
            case "26": self = .professionalComponent
            case "TC": self = .technicalComponent
            case "53": self = .discontinued
            default: return nil
            }
        }
    }

    public let year: Int
    /// 1-12, when the title or name says it.
    public let month: Int?
    /// The file name (not path).
    public let sourceFile: String
    /// Key: the code packed base-36 (`PackedCode`, below 36^5 < 2^26), shifted left 2, or'd with the row.
    let rows: [UInt32: Indicators]

    public var count: Int { rows.count }

    /// "Medicare PFS relative value file 2025 (October)".
    public var sourceName: String {
        "Medicare PFS relative value file \(year)" + (month.map { " (\(PFSRelativeValueCSV.monthNames[$0 - 1]))" } ?? "")
    }

    /// The indicators of a code's row; nil when the file does not list it.
    public func indicators(for code: String, row: Row = .code) -> Indicators? {
        PackedCode.pack(code).flatMap { indicators(packed: $0, row: row) }
    }

    func indicators(packed: UInt32, row: Row) -> Indicators? { rows[packed << 2 | row.rawValue] }

    init(year: Int, month: Int?, sourceFile: String, rows: [UInt32: Indicators]) {
        self.year = year; self.month = month; self.sourceFile = sourceFile; self.rows = rows
    }

    /// Columns read, 0-based, with the text of the last header row and of the row above it (the header spans
    /// several rows, and "SURG" alone does not tell the four surgery columns apart).
    static let columns: [(index: Int, header: String, upper: String?, name: String)] = [
        (0, "HCPCS", nil, "HCPCS"), (1, "MOD", nil, "MOD"), (3, "CODE", "STATUS", "STATUS CODE"), (13, "IND", "PCTC", "PCTC IND"),
        (14, "DAYS", "GLOB", "GLOB DAYS"), (18, "PROC", "MULT", "MULT PROC"), (19, "SURG", "BILAT", "BILAT SURG"),
        (20, "SURG", "ASST", "ASST SURG"), (21, "SURG", "CO-", "CO-SURG"), (22, "SURG", "TEAM", "TEAM SURG"),
    ]

    /// Reads a PPRRVU file strictly: a row the edits would misread (a code that is not 5 letters or digits, an
    /// indicator outside its documented values, a code and modifier listed twice) fails the load with the file and
    /// line. Rows with other modifiers than 26, TC and 53 are skipped (CMS lists none today; no edit reads them).
    public static func load(_ url: URL) throws -> PFSIndicatorTable {
        let csv = try PFSRelativeValueCSV(url: url)
        let file = csv.file
        func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).uppercased() }
        for column in columns {
            let found = clean(csv.header[column.index])
            let upper = column.upper.map { _ in clean(csv.upperHeader?[column.index] ?? "") }
            if found != column.header || (column.upper != nil && upper != column.upper) {
                throw CodeSetError(file: file, line: csv.header.line,
                                   "column \(column.index + 1) of the header is '\(upper.map { "\($0) " } ?? "")\(found)': expected \(column.name); the file's layout is not the one this reader knows")
            }
        }
        guard let year = csv.release.year else {
            throw CodeSetError(file: file, "cannot tell the fee schedule year: expected a title row like '2025 National Physician Fee Schedule Relative Value File October Release' or a name like PPRRVU2025_Oct.csv")
        }
        let width = (columns.map(\.index).max() ?? 0) + 1
        var rows: [UInt32: Indicators] = [:]
        rows.reserveCapacity(csv.rows.count)
        var firstLine: [UInt32: Int] = [:]
        for row in csv.rows where !row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func fail(_ detail: String) -> CodeSetError { CodeSetError(file: file, line: row.line, detail) }
            guard row.fields.count >= width else { throw fail("expected at least \(width) columns (through TEAM SURG), found \(row.fields.count)") }
            let code = clean(row[0])
            guard code.utf8.count == 5, let packed = PackedCode.pack(code) else { throw fail("HCPCS '\(row[0])' is not a 5-character CPT/HCPCS code") }
            let modifier = clean(row[1])
            guard let kind = Row(modifier: modifier) else {
                guard modifier.utf8.count == 2 else { throw fail("MOD '\(row[1])' of \(code) is not a 2-character modifier") }
                continue
            }
            func indicator(_ index: Int, _ name: String, _ allowed: ClosedRange<UInt8> = 0...9, except: Set<UInt8> = []) throws -> UInt8 {
                let text = clean(row[index])
                guard text.utf8.count == 1, let digit = text.first?.wholeNumberValue.map(UInt8.init), allowed.contains(digit), !except.contains(digit) else {
                    throw fail("\(name) '\(row[index])' of \(code) is not one of the documented indicators")
                }
                return digit
            }
            let status = clean(row[3])
            guard status.utf8.count == 1, let letter = status.first, letter.isASCII, letter.isUppercase else {
                throw fail("STATUS CODE '\(row[3])' of \(code) is not a one-letter status")
            }
            guard let global = GlobalDays(rawValue: clean(row[14])) else {
                throw fail("GLOB DAYS '\(row[14])' of \(code) is not 000, 010, 090, MMM, XXX, YYY or ZZZ")
            }
            let indicators = Indicators(
                status: letter, professionalTechnical: try indicator(13, "PCTC IND"), globalDays: global,
                multipleProcedure: try indicator(18, "MULT PROC"), bilateral: try indicator(19, "BILAT SURG", 0...9, except: [4, 5, 6, 7, 8]),
                assistant: try indicator(20, "ASST SURG", 0...9, except: [3, 4, 5, 6, 7, 8]),
                coSurgeons: try indicator(21, "CO-SURG", 0...9, except: [3, 4, 5, 6, 7, 8]),
                team: try indicator(22, "TEAM SURG", 0...9, except: [3, 4, 5, 6, 7, 8]))
            let key = packed << 2 | kind.rawValue
            if let earlier = firstLine[key] { throw fail("\(code)\(modifier.isEmpty ? "" : "-\(modifier)") is listed twice (first on line \(earlier))") }
            firstLine[key] = row.line
            rows[key] = indicators
        }
        guard !rows.isEmpty else { throw CodeSetError(file: file, "no code rows after the header (line \(csv.header.line))") }
        return PFSIndicatorTable(year: year, month: csv.release.month, sourceFile: file, rows: rows)
    }
}

/// The PFS relative value files loaded, one per year and release: each date of service is judged by the release in
/// force on it.
public struct PFSIndicatorTables: Sendable {
    /// Oldest first.
    public let tables: [PFSIndicatorTable]
    /// Where each table starts to apply, alongside `tables`: January 1 for the first release loaded of a year (a
    /// calendar-year release covers its year), else the first day of its release month.
    let effective: [ServiceDate]

    public init(_ tables: [PFSIndicatorTable]) {
        let sorted = tables.sorted { ($0.year, $0.month ?? 0) < ($1.year, $1.month ?? 0) }
        self.tables = sorted
        effective = sorted.enumerated().map { i, table in
            let firstOfYear = i == 0 || sorted[i - 1].year != table.year
            return ServiceDate(year: table.year, month: firstOfYear ? 1 : table.month ?? 1, day: 1) ?? ServiceDate(year: 1900, month: 1, day: 1)!
        }
    }

    /// The release in force on the date: the latest that applies on or before it; for a date before all of them, the
    /// earliest (its source names the release, so the reader sees which one judged the line).
    public func table(on date: ServiceDate) -> PFSIndicatorTable? { index(on: date).map { tables[$0] } }

    func index(on date: ServiceDate) -> Int? {
        guard !tables.isEmpty else { return nil }
        // A handful of releases at most: a scan is quicker than anything cleverer.
        var chosen = 0
        for i in effective.indices where effective[i] <= date { chosen = i }
        return chosen
    }

    /// Every `pfs/<year>/PPRRVU*.csv` in a code-sets folder; nil when there is none.
    public static func load(codeSets: URL) throws -> PFSIndicatorTables? {
        let root = codeSets.appendingPathComponent("pfs")
        let years = ((try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        let files = years.flatMap { year in
            ((try? FileManager.default.contentsOfDirectory(at: year, includingPropertiesForKeys: nil)) ?? []).filter {
                $0.pathExtension.lowercased() == "csv" && $0.lastPathComponent.uppercased().hasPrefix("PPRRVU")
            }
        }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { return nil }
        return PFSIndicatorTables(try files.map(PFSIndicatorTable.load))
    }
}
