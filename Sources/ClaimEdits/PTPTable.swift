import CodeSets
import Foundation

/// One NCCI procedure-to-procedure table (practitioner or outpatient hospital), packed for millions of pairs: a flat
/// array of 20-byte rows sorted by column 1 and column 2, searched by bisection.
public struct PTPTable: Sendable {
    /// Which CMS table: practitioner edits judge professional claims, outpatient hospital edits institutional ones.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case practitioner
        case outpatientHospital = "outpatient hospital"
    }

    /// Whether an NCCI-associated modifier lets both codes be paid.
    public enum ModifierIndicator: UInt8, Sendable, Hashable {
        case notAllowed = 0, allowed = 1, notApplicable = 9
    }

    /// A pair's edit as one row of the CMS file states it.
    public struct Edit: Sendable, Hashable {
        public var column1: String
        public var column2: String
        public var effective: ServiceDate
        /// The first date of service the edit no longer applies to; nil while it stands.
        public var deletion: ServiceDate?
        public var modifierIndicator: ModifierIndicator
        public var rationale: String
    }

    struct Row {
        var column1: UInt32
        var column2: UInt32
        /// `YYYYMMDD`.
        var effective: UInt32
        /// `YYYYMMDD`, `UInt32.max` when the edit was never deleted.
        var deletion: UInt32
        var indicator: UInt8
        /// Index into `rationales`: the files repeat a few dozen texts over millions of rows.
        var rationale: UInt16
    }

    public let setting: Setting
    /// File names (not paths) the table was read from.
    public let sourceFiles: [String]
    /// Sorted by column 1, column 2, effective date.
    let rows: [Row]
    let rationales: [String]
    /// The distinct column 1 codes, ascending, and where each one's rows start (plus the end): a lookup bisects this
    /// small array, which stays in cache, then only that code's few dozen rows.
    let column1Codes: [UInt32]
    let column1Starts: [Int32]

    init(setting: Setting, sourceFiles: [String], rows: [Row], rationales: [String]) {
        self.setting = setting; self.sourceFiles = sourceFiles; self.rows = rows; self.rationales = rationales
        var codes: [UInt32] = [], starts: [Int32] = []
        for (i, row) in rows.enumerated() where codes.last != row.column1 { codes.append(row.column1); starts.append(Int32(i)) }
        starts.append(Int32(rows.count))
        column1Codes = codes; column1Starts = starts
    }

    /// Number of rows (pairs, counting each dated version of a pair).
    public var count: Int { rows.count }

    /// The edit for column 1 and column 2 codes in force on the date, if any: effective on or before it, and not
    /// deleted on or before it (CMS's deletion date is the first date the edit no longer applies).
    public func edit(column1: String, column2: String, on date: ServiceDate) -> Edit? {
        guard let a = PackedCode.pack(column1), let b = PackedCode.pack(column2), let row = activeRow(a, b, on: PackedCode.day(date)) else { return nil }
        return edit(row)
    }

    func activeRow(_ column1: UInt32, _ column2: UInt32, on day: UInt32) -> Row? {
        let k = Self.lowerBound(column1Codes.count) { column1Codes[$0] < column1 }
        guard k < column1Codes.count, column1Codes[k] == column1 else { return nil }
        let start = Int(column1Starts[k]), end = Int(column1Starts[k + 1])
        return rows.withUnsafeBufferPointer { rows in
            var i = start + Self.lowerBound(end - start) { rows[start + $0].column2 < column2 }
            // Rows of one pair are sorted by effective date: the last one that covers the day wins.
            var found: Row?
            while i < end, rows[i].column2 == column2 {
                if rows[i].effective <= day, day < rows[i].deletion { found = rows[i] }
                i += 1
            }
            return found
        }
    }

    /// The first index in 0..<count for which `isBefore` is false.
    static func lowerBound(_ count: Int, _ isBefore: (Int) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func edit(_ row: Row) -> Edit {
        Edit(column1: PackedCode.unpack(row.column1), column2: PackedCode.unpack(row.column2),
             effective: PackedCode.date(row.effective)!, deletion: row.deletion == .max ? nil : PackedCode.date(row.deletion),
             modifierIndicator: ModifierIndicator(rawValue: row.indicator)!, rationale: rationales[Int(row.rationale)])
    }

    /// Reads CMS PTP files (tab-separated: column 1, column 2, `*` if in existence prior to 1996, effective date,
    /// deletion date or `*`, modifier indicator, rationale) into one table. Notice and header lines before the first
    /// row are skipped; after it, every non-blank line must be a row. Throws naming the file and line; nothing is
    /// kept from a failed load.
    public static func load(_ setting: Setting, files: [URL]) throws -> PTPTable {
        var reader = PTPFileReader()
        for file in files { try reader.read(file) }
        var rows: [Row] = []
        swap(&rows, &reader.rows)  // sole owner, so sorting does not copy
        if !rows.isSorted() { rows.sort { ($0.column1, $0.column2, $0.effective) < ($1.column1, $1.column2, $1.effective) } }
        return PTPTable(setting: setting, sourceFiles: files.map(\.lastPathComponent), rows: rows, rationales: reader.rationales.texts)
    }
}

extension [PTPTable.Row] {
    /// CMS files come sorted: checking is cheaper than sorting two million rows again.
    func isSorted() -> Bool {
        withUnsafeBufferPointer { rows in
            for i in rows.indices.dropFirst() where (rows[i - 1].column1, rows[i - 1].column2, rows[i - 1].effective) > (rows[i].column1, rows[i].column2, rows[i].effective) {
                return false
            }
            return true
        }
    }
}

/// The NCCI PTP tables in use: practitioner for professional claims, outpatient hospital for institutional ones.
public struct PTPTables: Sendable {
    public var practitioner: PTPTable?
    public var outpatientHospital: PTPTable?

    public init(practitioner: PTPTable? = nil, outpatientHospital: PTPTable? = nil) {
        self.practitioner = practitioner; self.outpatientHospital = outpatientHospital
    }

    public func table(for kind: ScrubClaim.Kind) -> PTPTable? { kind == .professional ? practitioner : outpatientHospital }

    /// The table a PTP file belongs to, by its name: CMS names practitioner files `ccipra-…` and hospital files
    /// `ccioph-…`; names with "practitioner" or "hospital" in them do too.
    public static func setting(ofFileNamed name: String) -> PTPTable.Setting? {
        let name = name.lowercased()
        if name.contains("ccipra") || name.contains("practitioner") { return .practitioner }
        if name.contains("ccioph") || name.contains("hospital") { return .outpatientHospital }
        return nil
    }

    /// Every `.txt` file under `directory` (unzipped CMS releases, one file per code range), in name order, each added
    /// to its table by its name. Throws when a file's table cannot be told or no file is there.
    public static func load(directory: URL) throws -> PTPTables {
        let files = (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension.lowercased() == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !files.isEmpty else {
            throw CodeSetError(file: directory.path, "no NCCI PTP files (.txt) here: unzip the CMS practitioner (ccipra-…) and hospital (ccioph-…) releases into it")
        }
        var bySetting: [PTPTable.Setting: [URL]] = [:]
        for file in files {
            guard let setting = setting(ofFileNamed: file.lastPathComponent) else {
                throw CodeSetError(file: file.lastPathComponent, "cannot tell a practitioner from a hospital PTP file by this name: keep the CMS name (ccipra-…, ccioph-…) or put \"practitioner\" or \"hospital\" in it")
            }
            bySetting[setting, default: []].append(file)
        }
        return PTPTables(practitioner: try bySetting[.practitioner].map { try PTPTable.load(.practitioner, files: $0) },
                         outpatientHospital: try bySetting[.outpatientHospital].map { try PTPTable.load(.outpatientHospital, files: $0) })
    }
}
