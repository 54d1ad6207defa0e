import Foundation

/// A problem in a reference file (the CMS fee-schedule files): which file, line and column, what was expected
/// there, and what was found.
public struct ReferenceFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line; nil when the problem is the file as a whole.
    public var line: Int?
    /// The column's header name and 1-based number, such as "WORK RVU (column 6)".
    public var column: String?
    public var expected: String
    public var found: String?

    public init(file: String, line: Int? = nil, column: String? = nil, expected: String, found: String? = nil) {
        self.file = file; self.line = line; self.column = column; self.expected = expected; self.found = found
    }

    public var description: String {
        var place = file
        if let line { place += " line \(line)" }
        if let column { place += ", \(column)" }
        return place + ": expected " + expected + (found.map { ", found \"\($0)\"" } ?? "")
    }
}

/// An RFC 4180 CSV reader (quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF) that
/// keeps the line each record starts on, for errors.
enum CSV {
    struct Record {
        /// 1-based line where the record starts.
        var line: Int
        var fields: [String]

        subscript(_ i: Int) -> String { i < fields.count ? fields[i] : "" }

        var isBlank: Bool { fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    static func records(_ text: String, file: String) throws(ReferenceFileError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false, atFieldStart = true
        var line = 1, recordLine = 1
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { inQuotes = false }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\"") where atFieldStart:
                inQuotes = true
                atFieldStart = false
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"):
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            default:
                field.append(b)
                atFieldStart = false
            }
        }
        if inQuotes {
            throw ReferenceFileError(file: file, line: recordLine, expected: "a closing quote for the quoted field that starts on this line")
        }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }

    /// The file's text: UTF-8, else Latin-1 (several CMS files are Latin-1).
    static func read(_ url: URL) throws(ReferenceFileError) -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReferenceFileError(file: url.lastPathComponent, expected: "a readable file", found: error.localizedDescription)
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        return String(data: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
    }
}
