import Foundation

/// A compact binary encoding for code-set snapshots: little-endian integers, length-prefixed UTF-8 strings.
/// Much faster to load than re-reading XML or decoding JSON, and independent of any library.
public struct SnapshotWriter {
    public private(set) var data = [UInt8]()
    public init() { data.reserveCapacity(1 << 20) }

    public mutating func int(_ v: Int) {
        // Zig-zag varint: small numbers take one byte.
        var z = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))
        while z >= 0x80 { data.append(UInt8(z & 0x7F) | 0x80); z >>= 7 }
        data.append(UInt8(z))
    }
    public mutating func bool(_ v: Bool) { data.append(v ? 1 : 0) }
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { buf in int(buf.count); data.append(contentsOf: buf) }
    }
    public mutating func optionalString(_ s: String?) {
        bool(s != nil); if let s { string(s) }
    }
    public mutating func date(_ d: ServiceDate?) { int(d.map { $0.ordinal } ?? 0) }
    public mutating func int32s(_ values: [Int32]) {
        int(values.count)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }
    public mutating func strings(_ values: [String]) { int(values.count); for v in values { string(v) } }
    public mutating func byteArray(_ values: [UInt8]) { int(values.count); data.append(contentsOf: values) }
    public mutating func array<T>(_ values: [T], _ each: (inout SnapshotWriter, T) -> Void) {
        int(values.count); for v in values { each(&self, v) }
    }
}

public struct SnapshotReader {
    let bytes: [UInt8]
    var offset: Int
    /// Reading stops here: a section of a larger buffer is read without copying it.
    let end: Int
    let file: String

    public init(bytes: [UInt8], file: String) { self.init(bytes: bytes, file: file, range: 0..<bytes.count) }

    public init(bytes: [UInt8], file: String, range: Range<Int>) {
        self.bytes = bytes; self.file = file; offset = range.lowerBound; end = range.upperBound
    }

    private func corrupt(_ what: String) -> CodeSetError {
        CodeSetError(file: file, "snapshot is damaged at byte \(offset) (\(what)); run `revcycle codesets import` again")
    }

    public mutating func int() throws -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw corrupt("integer") }
            let b = bytes[offset]; offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
        }
        let v = Int64(bitPattern: result)
        return Int((v >> 1) ^ -(v & 1))
    }
    public mutating func count(max: Int = 50_000_000) throws -> Int {
        let n = try int()
        guard n >= 0, n <= max, n <= end - offset + 1_000_000 else { throw corrupt("count \(n)") }
        return n
    }
    public mutating func bool() throws -> Bool {
        guard offset < end else { throw corrupt("flag") }
        defer { offset += 1 }
        return bytes[offset] != 0
    }
    public mutating func string() throws -> String {
        let n = try int()
        guard n >= 0, n <= end - offset else { throw corrupt("string length \(n)") }
        defer { offset += n }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<offset + n]), as: UTF8.self) }
    }
    public mutating func optionalString() throws -> String? { try bool() ? try string() : nil }
    public mutating func date() throws -> ServiceDate? {
        let v = try int()
        if v == 0 { return nil }
        guard let d = ServiceDate(year: v / 10000, month: (v / 100) % 100, day: v % 100) else { throw corrupt("date \(v)") }
        return d
    }
    public mutating func int32s() throws -> [Int32] {
        let n = try count()
        let byteCount = n * 4
        guard byteCount <= end - offset else { throw corrupt("array of \(n)") }
        var out = [Int32](repeating: 0, count: n)
        out.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + byteCount]))
            }
        }
        offset += byteCount
        return out
    }
    public mutating func byteArray() throws -> [UInt8] {
        let n = try count(max: Int(Int32.max))
        guard n <= end - offset else { throw corrupt("bytes \(n)") }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
    public mutating func strings() throws -> [String] {
        let n = try count()
        var out = [String](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }
    public mutating func array<T>(_ each: (inout SnapshotReader) throws -> T) throws -> [T] {
        let n = try count()
        var out = [T](); out.reserveCapacity(n)
        for _ in 0..<n { out.append(try each(&self)) }
        return out
    }
    public var atEnd: Bool { offset == end }
}

/// Types stored in a snapshot.
public protocol SnapshotCodable {
    func write(to w: inout SnapshotWriter)
    init(from r: inout SnapshotReader) throws
}

extension ReleaseInfo: SnapshotCodable {
    public func write(to w: inout SnapshotWriter) {
        w.string(system.rawValue); w.string(name); w.date(effectiveFrom); w.date(effectiveThrough); w.strings(sourceFiles)
    }
    public init(from r: inout SnapshotReader) throws {
        let raw = try r.string()
        guard let system = CodeSystem(rawValue: raw) else { throw CodeSetError(file: r.file, "snapshot names an unknown code system '\(raw)'") }
        let name = try r.string()
        guard let from = try r.date() else { throw CodeSetError(file: r.file, "snapshot release \(name) has no start date") }
        self.init(system: system, name: name, effectiveFrom: from, effectiveThrough: try r.date(), sourceFiles: try r.strings())
    }
}

extension CodeEntry: SnapshotCodable {
    public func write(to w: inout SnapshotWriter) {
        w.string(code); w.string(title); w.optionalString(shortTitle); w.bool(billable)
        w.date(effective); w.date(termination)
        w.array(attributes) { w, a in w.string(a.name); w.string(a.value) }
    }
    public init(from r: inout SnapshotReader) throws {
        self.init(code: try r.string(), title: try r.string(), shortTitle: try r.optionalString(), billable: try r.bool(),
                  effective: try r.date(), termination: try r.date(),
                  attributes: try r.array { r in Attribute(try r.string(), try r.string()) })
    }
}

extension CodeTable: SnapshotCodable {
    public func write(to w: inout SnapshotWriter) {
        release.write(to: &w)
        w.array(entries) { w, e in e.write(to: &w) }
    }
    public init(from r: inout SnapshotReader) throws {
        let release = try ReleaseInfo(from: &r)
        self.init(release: release, entries: try r.array { try CodeEntry(from: &$0) })
    }
}
