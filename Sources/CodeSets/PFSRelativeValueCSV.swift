import Foundation

/// The CMS Physician Fee Schedule relative value file (`PPRRVUyyyy_*.csv`) as its readers share it: title rows, a
/// column header over several rows whose last row starts `HCPCS,MOD,DESCRIPTION`, then one row per code and modifier.
/// Each reader checks the columns it reads; this finds the header and the release.
public struct PFSRelativeValueCSV: Sendable {
    public struct Row: Sendable, Hashable {
        /// 1-based line where the row starts.
        public let line: Int
        public let fields: [String]
        /// The field, or "" past the end of a short row.
        public subscript(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
    }

    /// The file name (not path), for errors.
    public let file: String
    /// The rows before the header row: the titles and the upper rows of the column header.
    public let titleRows: [Row]
    /// The last header row, `HCPCS,MOD,DESCRIPTION,CODE,...`.
    public let header: Row
    /// The rows after the header (blank lines dropped).
    public let rows: [Row]

    public init(url: URL) throws {
        try self.init(text: try TextFile.read(url), file: url.lastPathComponent)
    }

    /// Throws `CodeSetError` naming the file when there is no `HCPCS,MOD,DESCRIPTION` header row.
    public init(text: String, file: String) throws {
        let all = try CSVReader.records(text, file: file).map { Row(line: $0.line, fields: $0.fields) }
        guard let h = all.firstIndex(where: { r in
            r.fields.count >= 3 && zip(r.fields, ["hcpcs", "mod", "description"]).allSatisfy { $0.trimmed.lowercased() == $1 }
        }) else {
            throw CodeSetError(file: file, "no header row starting HCPCS,MOD,DESCRIPTION: is this a Physician Fee Schedule relative value file (PPRRVU)?")
        }
        self.file = file
        titleRows = Array(all[..<h])
        header = all[h]
        rows = Array(all[(h + 1)...])
    }

    /// The header row just above `header` ("... PCTC,GLOB,...,MULT,BILAT,ASST,CO-,TEAM ..."), or nil.
    public var upperHeader: Row? { titleRows.last }

    /// The release's year and month (1-12): from the title row ("2025 National Physician Fee Schedule Relative Value
    /// File October Release"), else from the file name (`PPRRVU2025_Oct`, `PPRRVU25_OCT`). A release covers its
    /// calendar year.
    public var release: (year: Int?, month: Int?) {
        var year: Int?
        var month: Int?
        for row in titleRows {
            for field in row.fields {
                guard let range = field.range(of: "National Physician Fee Schedule", options: .caseInsensitive) else { continue }
                let before = String(field[..<range.lowerBound]).trimmed
                if before.suffix(4).count == 4, let y = Int(before.suffix(4)) { year = y }
                let after = field[range.upperBound...]
                if let release = after.range(of: " Release", options: [.caseInsensitive, .backwards]),
                   let word = after[..<release.lowerBound].split(separator: " ").last,
                   let index = Self.monthNames.firstIndex(of: word.capitalized) {
                    month = index + 1
                }
            }
            if year != nil { break }
        }
        if year == nil || month == nil {
            let fromName = Self.nameParts(file)
            year = year ?? fromName.year
            month = month ?? fromName.month
        }
        return (year, month)
    }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                    "September", "October", "November", "December"]

    /// Year and month from `PPRRVU2025_Oct` or `PPRRVU25_OCT`.
    static func nameParts(_ file: String) -> (year: Int?, month: Int?) {
        let upper = file.uppercased()
        guard let r = upper.range(of: "PPRRVU") else { return (nil, nil) }
        let rest = upper[r.upperBound...]
        let digits = rest.prefix(while: \.isASCIIDigit)
        var year: Int?
        if digits.count == 4 { year = Int(digits) } else if digits.count == 2, let y = Int(digits) { year = 2000 + y }
        let tail = rest.dropFirst(digits.count).drop(while: { $0 == "_" || $0 == "-" }).prefix(3)
        let month = monthNames.firstIndex { $0.prefix(3).uppercased() == tail }.map { $0 + 1 }
        return (year, month)
    }
}
