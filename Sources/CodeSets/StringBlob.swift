import Foundation

/// Many strings in one UTF-8 buffer with their end offsets: a single allocation to store and load, and a String is
/// made only when one is read (a search shows 20 results out of hundreds of thousands of documents).
struct StringBlob: Sendable {
    private let bytes: [UInt8]
    private let ends: [Int32]

    init(_ strings: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        ends.reserveCapacity(strings.count)
        for s in strings {
            bytes.append(contentsOf: s.utf8)
            ends.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.ends = ends
    }

    private init(bytes: [UInt8], ends: [Int32]) { self.bytes = bytes; self.ends = ends }

    var count: Int { ends.count }

    subscript(i: Int) -> String {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<Int(ends[i])]), as: UTF8.self) }
    }

    func write(to w: inout SnapshotWriter) {
        w.byteArray(bytes)
        w.int32s(ends)
    }

    init(from r: inout SnapshotReader) throws {
        let bytes = try r.byteArray()
        let ends = try r.int32s()
        guard zip(ends, ends.dropFirst()).allSatisfy({ $0 <= $1 }), (ends.first ?? 0) >= 0, Int(ends.last ?? 0) <= bytes.count else {
            throw CodeSetError(file: r.file, "snapshot string table is inconsistent; run `revcycle codesets import` again")
        }
        self.init(bytes: bytes, ends: ends)
    }
}
