import Foundation

/// Reading release files: bytes to text (UTF-8, else Latin-1, as several CMS files are), and CSV records.
public enum TextFile {
    public static func read(_ url: URL) throws -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CodeSetError(file: url.lastPathComponent, "cannot be read: \(error.localizedDescription)")
        }
        return decode(data)
    }

    public static func decode(_ data: Data) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        return String(data: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
    }
}

/// An RFC 4180 CSV reader: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF.
public struct CSVReader {
    public struct Record: Sendable {
        /// 1-based line where the record starts.
        public var line: Int
        public var fields: [String]
        public subscript(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
    }

    public static func records(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                    inQuotes = false
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\"") where atFieldStart:
                inQuotes = true; atFieldStart = false
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"):
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
                fields.removeAll(keepingCapacity: true)
                line += 1; recordLine = line
            default:
                field.append(b); atFieldStart = false
            }
            i += 1
        }
        if inQuotes { throw CodeSetError(file: file, line: recordLine, "a quoted field is not closed before the end of the file") }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }

    /// Records after the header row whose first fields equal `header` (case-insensitive); earlier rows
    /// (notices, titles) are skipped. Throws naming the file when no such header exists.
    public static func records(_ text: String, file: String, header: [String]) throws -> [Record] {
        let all = try records(text, file: file)
        let wanted = header.map { $0.lowercased() }
        guard let h = all.firstIndex(where: { r in
            r.fields.count >= wanted.count
                && zip(r.fields, wanted).allSatisfy { $0.trimmingCharacters(in: .whitespaces).lowercased() == $1 }
        }) else {
            throw CodeSetError(file: file, "no header row starting \(header.joined(separator: ",")): is this the right file?")
        }
        return Array(all[(h + 1)...])
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
