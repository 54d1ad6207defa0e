import CodeSets
import Foundation

/// Reads CMS PTP text files into packed rows, a few megabytes at a time so that a file of millions of rows never sits
/// whole in memory beside its index.
struct PTPFileReader {
    var rows: [PTPTable.Row] = []
    var rationales = Interner()
    private var fields: [Range<Int>] = []

    mutating func read(_ url: URL) throws {
        let file = url.lastPathComponent
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw CodeSetError(file: file, "cannot be read: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        // The shortest row is 25 bytes: capacity for size / 25 rows is never outgrown, and the pages it does not use
        // are never touched, so they cost no memory.
        if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int {
            rows.reserveCapacity(rows.count + size / 25 + 1)
        }
        var state = State(file: file)
        var pending: [UInt8] = []
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 4 << 20) } catch {
                throw CodeSetError(file: file, line: state.line + 1, "cannot be read: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            pending.append(contentsOf: chunk)
            let consumed = try pending.withUnsafeBufferPointer { try readLines($0, final: false, &state) }
            pending.removeFirst(consumed)
        }
        _ = try pending.withUnsafeBufferPointer { try readLines($0, final: true, &state) }
    }

    struct State {
        var file: String
        var line = 0
        var sawRow = false
    }

    /// Reads the complete lines in `bytes` (and the unterminated last one when `final`); returns the bytes used.
    private mutating func readLines(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, _ state: inout State) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var start = 0
        while start < bytes.count {
            let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
            guard let end = newline ?? (final ? bytes.count : nil) else { break }
            state.line += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            try readLine(UnsafeBufferPointer(rebasing: bytes[start..<lineEnd]), &state)
            start = end + 1
        }
        return min(start, bytes.count)
    }

    private mutating func readLine(_ line: UnsafeBufferPointer<UInt8>, _ state: inout State) throws {
        fields.removeAll(keepingCapacity: true)
        var fieldStart = 0
        for i in line.indices where line[i] == UInt8(ascii: "\t") && fields.count < 6 {
            fields.append(fieldStart..<i); fieldStart = i + 1
        }
        fields.append(fieldStart..<line.count)
        func field(_ n: Int) -> UnsafeBufferPointer<UInt8> { Self.trimmed(UnsafeBufferPointer(rebasing: line[fields[n]])) }
        func text(_ n: Int) -> String { String(decoding: field(n), as: UTF8.self) }
        func fail(_ detail: String) -> CodeSetError { CodeSetError(file: state.file, line: state.line, detail) }

        if Self.trimmed(line).isEmpty { return }
        let column1 = PackedCode.pack(field(0))
        let looksLikeRow = column1 != nil || (fields.count >= 6 && PackedCode.day(field(3)) != nil)
        // Notices and headers come before the first row; after it, anything that is not a row is an error.
        if !looksLikeRow && !state.sawRow { return }
        state.sawRow = true
        guard fields.count >= 6 else {
            throw fail("expected 7 tab-separated columns (column 1, column 2, prior to 1996, effective date, deletion date, modifier indicator, rationale), found \(fields.count)")
        }
        guard let column1 else { throw fail("column 1 '\(text(0))' is not a 5-character CPT/HCPCS code") }
        guard let column2 = PackedCode.pack(field(1)) else { throw fail("column 2 '\(text(1))' is not a 5-character CPT/HCPCS code") }
        guard field(2).isEmpty || (field(2).count == 1 && field(2)[0] == UInt8(ascii: "*")) else {
            throw fail("'\(text(2))' in the prior-to-1996 column is neither * nor empty")
        }
        guard let effective = PackedCode.day(field(3)) else { throw fail("effective date '\(text(3))' is not a date YYYYMMDD") }
        let deletionField = field(4)
        let deletion: UInt32
        if deletionField.count == 1 && deletionField[0] == UInt8(ascii: "*") { deletion = .max } else {
            guard let day = PackedCode.day(deletionField) else { throw fail("deletion date '\(text(4))' is neither a date YYYYMMDD nor *") }
            deletion = day
        }
        let indicatorField = field(5)
        guard indicatorField.count == 1, let indicator = PTPTable.ModifierIndicator(rawValue: indicatorField[0] &- UInt8(ascii: "0")) else {
            throw fail("modifier indicator '\(text(5))' is not 0 (not allowed), 1 (allowed) or 9 (not applicable)")
        }
        let rationale = fields.count > 6 ? rationales.index(of: field(6)) : 0
        rows.append(PTPTable.Row(column1: column1, column2: column2, effective: effective, deletion: deletion, indicator: indicator.rawValue, rationale: rationale))
    }

    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var low = bytes.startIndex, high = bytes.endIndex
        while low < high, bytes[low] == UInt8(ascii: " ") || bytes[low] == UInt8(ascii: "\"") { low += 1 }
        while high > low, bytes[high - 1] == UInt8(ascii: " ") || bytes[high - 1] == UInt8(ascii: "\"") { high -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[low..<high])
    }
}

/// Texts that repeat over millions of rows, stored once: a row keeps a 16-bit index. Index 0 is the empty text.
struct Interner {
    private(set) var texts: [String] = [""]
    private var stored: [[UInt8]] = [[]]
    private var byKey: [UInt64: [UInt16]] = [:]

    mutating func index(of text: UnsafeBufferPointer<UInt8>) -> UInt16 {
        guard let base = text.baseAddress, !text.isEmpty else { return 0 }
        // Length and first and last bytes tell the few dozen CMS rationales apart cheaply; equal keys compare in full.
        let key = Self.key(text)
        for index in byKey[key, default: []] where stored[Int(index)].withUnsafeBufferPointer({
            $0.count == text.count && memcmp($0.baseAddress!, base, text.count) == 0
        }) { return index }
        // Past 65,535 distinct texts (no CMS file comes near), further ones are not kept.
        guard texts.count <= UInt16.max else { return 0 }
        texts.append(String(decoding: text, as: UTF8.self))
        stored.append(Array(text))
        byKey[key, default: []].append(UInt16(texts.count - 1))
        return UInt16(texts.count - 1)
    }

    static func key(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard text.count >= 8, let base = text.baseAddress else { return text.reduce(UInt64(text.count)) { $0 << 8 | UInt64($1) } }
        let first = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
        let last = UnsafeRawPointer(base + text.count - 8).loadUnaligned(as: UInt64.self)
        return first ^ (last &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(text.count)
    }
}
