import CodeSets
import Foundation

/// One code of an X12 external code list (CARC, RARC, claim adjustment group) with its words. The published files
/// keep a code's start and stop dates inside its description ("...text.Start: 01/01/1997 | Stop: 08/01/2004Notes:
/// ..."); they are taken out into `start` and `stop`, and `description` keeps only the words.
public struct RemittanceCode: Hashable, Codable, Sendable {
    public var code: String
    public var description: String
    public var start: ServiceDate?
    /// The last day the code may be used; nil while it is in use.
    public var stop: ServiceDate?

    public init(code: String, description: String, start: ServiceDate? = nil, stop: ServiceDate? = nil) {
        self.code = code; self.description = description; self.start = start; self.stop = stop
    }

    /// Whether the code may be used on `date`.
    public func isActive(on date: ServiceDate) -> Bool { (start.map { $0 <= date } ?? true) && (stop.map { date <= $0 } ?? true) }
}

/// An X12 code list read from its published CSV file (header `Code,Description`).
public struct RemittanceCodeList: Hashable, Sendable {
    public var name: String
    public private(set) var codes: [String: RemittanceCode]

    public subscript(_ code: String) -> RemittanceCode? { codes[code] }
    public var count: Int { codes.count }

    /// Reads a file of the published layout, strictly: the header, two fields a row, a code of 1 to 5 letters and
    /// digits (unique), some words, and dates written MM/DD/YYYY. The first mistake is an error naming its line.
    public static func read(_ url: URL) throws(ReferenceFileError) -> RemittanceCodeList {
        try parse(CSV.read(url), file: url.lastPathComponent)
    }

    public static func parse(_ text: String, file: String) throws(ReferenceFileError) -> RemittanceCodeList {
        let records = try CSV.records(text, file: file)
        guard let header = records.first, header.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == ["Code", "Description"] else {
            throw ReferenceFileError(file: file, line: 1, expected: "the header Code,Description", found: records.first?.fields.joined(separator: ","))
        }
        var codes: [String: RemittanceCode] = [:]
        for record in records.dropFirst() where !record.isBlank {
            guard record.fields.count == 2 else {
                throw ReferenceFileError(file: file, line: record.line, expected: "2 fields (code, description)", found: "\(record.fields.count) fields")
            }
            let code = record[0].trimmingCharacters(in: .whitespaces)
            let bytes = Array(code.utf8)
            guard (1...5).contains(bytes.count), bytes.allSatisfy({ isASCIIDigit($0) || isASCIIUpper($0) }) else {
                throw ReferenceFileError(file: file, line: record.line, column: "Code (column 1)", expected: "1 to 5 capital letters or digits", found: code)
            }
            guard codes[code] == nil else {
                throw ReferenceFileError(file: file, line: record.line, column: "Code (column 1)", expected: "a code not listed before", found: code)
            }
            var words = record[1]
            var start: ServiceDate?, stop: ServiceDate?
            // "Start: 01/01/1997 | Last Modified: ... | Stop: 08/01/2004Notes: ..." follows the words, unseparated.
            if let range = words.range(of: "Start: ") {
                let tail = words[range.lowerBound...]
                words = String(words[..<range.lowerBound])
                func date(after label: String) throws(ReferenceFileError) -> ServiceDate? {
                    guard let at = tail.range(of: label) else { return nil }
                    let text = tail[at.upperBound...].prefix(10)
                    guard let date = ServiceDate(us: text) else {
                        throw ReferenceFileError(file: file, line: record.line, column: "Description (column 2)", expected: "a date MM/DD/YYYY after \"\(label)\"", found: String(text))
                    }
                    return date
                }
                start = try date(after: "Start: ")
                stop = try date(after: "Stop: ")
            }
            words = words.trimmingCharacters(in: .whitespaces)
            guard !words.isEmpty else {
                throw ReferenceFileError(file: file, line: record.line, column: "Description (column 2)", expected: "the code's words", found: record[1])
            }
            codes[code] = RemittanceCode(code: code, description: words, start: start, stop: stop)
        }
        guard !codes.isEmpty else { throw ReferenceFileError(file: file, expected: "at least one code") }
        return RemittanceCodeList(name: file, codes: codes)
    }
}

/// The three lists an 835 is read with: claim adjustment reason codes (CARC), remittance advice remark codes (RARC)
/// and claim adjustment group codes.
public struct RemittanceCodeBook: Hashable, Sendable {
    public var reasons: RemittanceCodeList
    public var remarks: RemittanceCodeList
    public var groups: RemittanceCodeList

    public static let reasonFile = "claim_adjustment_reason_codes.csv"
    public static let remarkFile = "remittance_advice_remark_codes.csv"
    public static let groupFile = "claim_adjustment_group_codes.csv"

    public init(reasons: RemittanceCodeList, remarks: RemittanceCodeList, groups: RemittanceCodeList) {
        self.reasons = reasons; self.remarks = remarks; self.groups = groups
    }

    /// Reads the three files from a folder (the code sets' `x12-codes`).
    public static func load(directory: URL) throws(ReferenceFileError) -> RemittanceCodeBook {
        RemittanceCodeBook(reasons: try .read(directory.appendingPathComponent(reasonFile)),
                           remarks: try .read(directory.appendingPathComponent(remarkFile)),
                           groups: try .read(directory.appendingPathComponent(groupFile)))
    }
}
