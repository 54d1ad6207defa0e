/// ASC X12 reading at the syntax level: delimiters from the ISA header, then segments and their elements, fed
/// in chunks of any size so that a file is read in constant memory.

/// The four delimiters an interchange declares in its ISA segment.
public struct Delimiters: Sendable, Equatable {
    public var element: UInt8
    public var component: UInt8
    /// ISA11 in 5010; nil when the interchange uses the older "U" standards identifier there.
    public var repetition: UInt8?
    public var segment: UInt8

    public init(element: UInt8, component: UInt8, repetition: UInt8?, segment: UInt8) {
        self.element = element; self.component = component; self.repetition = repetition; self.segment = segment
    }

    /// The ISA segment is fixed-width: 106 bytes, the element separator at byte 4, the repetition separator at byte
    /// 83, the component separator at byte 105 and the segment terminator at byte 106. Nil with the reason otherwise.
    struct Problem: Error { var text: String }

    static func read(isa: ArraySlice<UInt8>) -> Result<Delimiters, Problem> {
        let b = Array(isa)
        guard b.count >= 106 else { return .failure(Problem(text: "the ISA segment is \(b.count) bytes, expected 106")) }
        guard b[0] == UInt8(ascii: "I"), b[1] == UInt8(ascii: "S"), b[2] == UInt8(ascii: "A") else {
            return .failure(Problem(text: "the file does not start with ISA"))
        }
        let element = b[3]
        // Every ISA element has a fixed width, so the separator stands at these positions.
        for p in [6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103] where b[p] != element {
            return .failure(Problem(text: "ISA is not fixed-width: byte \(p + 1) should be the element separator '\(Character(Unicode.Scalar(element)))'"))
        }
        let component = b[104], segment = b[105], repetitionByte = b[82]
        let repetition: UInt8? = repetitionByte == UInt8(ascii: "U") ? nil : repetitionByte
        let all = [element, component, segment] + (repetition.map { [$0] } ?? [])
        guard Set(all).count == all.count else { return .failure(Problem(text: "ISA declares the same character for two delimiters")) }
        for d in all where isAlphanumeric(d) || d == 0x20 {
            return .failure(Problem(text: "ISA declares '\(Character(Unicode.Scalar(d)))' as a delimiter; delimiters cannot be letters, digits or spaces"))
        }
        return .success(Delimiters(element: element, component: component, repetition: repetition, segment: segment))
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}

/// The field starts of a run of segments, in memory of their own: the tokenizer writes them in its one pass without
/// an array's checks on each append (`StartsWriter`), and takes the memory back for the next chunk once no segment
/// holds it. Written only while the tokenizer holds the one reference, read only after.
final class FieldStarts: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int32>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) { base = .allocate(capacity: max(capacity, 1)); self.capacity = capacity }

    convenience init(_ values: [Int32]) {
        self.init(capacity: values.count)
        base.initialize(from: values, count: values.count)
        count = values.count
    }

    deinit { base.deallocate() }

    subscript(_ i: Int) -> Int32 { base[i] }

    /// A writer over the memory, from the start; `finish` records what it wrote.
    func writer() -> StartsWriter { StartsWriter(base: base, capacity: capacity) }
    func finish(_ writer: StartsWriter) { count = writer.count }
}

/// Appends field starts to a `FieldStarts` without reference counting or growth: its capacity is enough for the
/// bytes being read (see `Tokenizer.readPending`); going past it would be a mistake in that bound, and traps.
struct StartsWriter {
    let base: UnsafeMutablePointer<Int32>
    let capacity: Int
    private(set) var count = 0

    init(base: UnsafeMutablePointer<Int32>, capacity: Int) { self.base = base; self.capacity = capacity }

    @inline(__always) mutating func append(_ value: Int32) {
        precondition(count < capacity, "field starts beyond their bound")
        base[count] = value
        count += 1
    }

    @inline(__always) subscript(_ i: Int) -> Int32 { base[i] }

    @inline(__always) mutating func removeLast(_ n: Int) { count -= n }
}

/// The bytes of a run of segments, shared by the segments read from them so that reading copies nothing per element.
final class SegmentBytes: Sendable {
    let bytes: [UInt8]
    /// For each segment, the start of each of its fields (the id first) and, last, one past the segment's end plus one.
    let starts: FieldStarts
    /// The flaws of the segments that have any, by the index of their id's start in `starts`. Rare, and kept here
    /// so that a segment is one reference to copy.
    let flaws: [Int32: [Segment.Flaw]]

    init(bytes: [UInt8], starts: FieldStarts, flaws: [Int32: [Segment.Flaw]] = [:]) { self.bytes = bytes; self.starts = starts; self.flaws = flaws }
}

/// One segment as read: its id, elements (element 1 first) and where it stands in the file. Elements are read from
/// the shared input bytes on demand.
public struct Segment: Sendable, Equatable {
    let storage: SegmentBytes
    /// Index in `storage.starts` of the id's start; the segment has `fieldCount` fields.
    let first: Int32
    let fieldCount: Int32
    /// The id packed into an integer, for fast comparison.
    @usableFromInline let code: UInt32
    /// 1-based position of the segment in the file.
    public var index: Int
    /// 1-based line where the segment starts (files may put one segment per line, or all on one).
    public var line: Int
    /// 0-based byte offset of the segment's first byte.
    public var offset: Int
    /// What is wrong with the segment's form, though it could still be read (a bad id, stray spaces, separators).
    public var flaws: [Flaw] { storage.flaws.isEmpty ? [] : storage.flaws[first] ?? [] }

    public struct Flaw: Sendable, Equatable {
        /// IK403 code when `element` is set, else IK304 code.
        public var code: String
        public var message: String
        public var element: Int?
    }

    /// A segment from text already split (for tests and writers).
    public init(id: String, elements: [String], index: Int = 1, line: Int = 1, offset: Int = 0) {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        for field in [id] + elements {
            starts.append(Int32(bytes.count))
            bytes.append(contentsOf: field.utf8)
            bytes.append(0)
        }
        starts.append(Int32(bytes.count))
        self.init(storage: SegmentBytes(bytes: bytes, starts: FieldStarts(starts)), first: 0, fieldCount: Int32(elements.count + 1), index: index, line: line, offset: offset)
    }

    init(storage: SegmentBytes, first: Int32, fieldCount: Int32, code: UInt32, index: Int, line: Int, offset: Int) {
        self.storage = storage; self.first = first; self.fieldCount = fieldCount; self.code = code
        self.index = index; self.line = line; self.offset = offset
    }

    init(storage: SegmentBytes, first: Int32, fieldCount: Int32, index: Int, line: Int, offset: Int) {
        self.storage = storage; self.first = first; self.fieldCount = fieldCount
        self.index = index; self.line = line; self.offset = offset
        let id = Int(storage.starts[Int(first)])
        let idEnd = Int(storage.starts[Int(first) + 1]) - 1
        code = idEnd - id <= 3 ? Segment.pack(storage.bytes[id..<idEnd]) : 0
    }

    @inline(__always) static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var v: UInt32 = 0
        for b in bytes { v = v << 8 | UInt32(b) }
        return v
    }

    static func pack(_ bytes: some Collection<UInt8>) -> UInt32 {
        var v: UInt32 = 0
        for b in bytes { v = v << 8 | UInt32(b) }
        return v
    }

    static func pack(_ id: String) -> UInt32 {
        var id = id
        return id.withUTF8 { $0.count <= 3 ? pack($0) : 0 }
    }

    static func unpack(_ code: UInt32) -> String {
        var bytes: [UInt8] = []
        var v = code
        while v != 0 { bytes.insert(UInt8(v & 0xFF), at: 0); v >>= 8 }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var id: String { String(decoding: bytes(0), as: UTF8.self) }
    /// Number of elements after the id, counting empty ones.
    public var elementCount: Int { Int(fieldCount) - 1 }
    /// Elements after the id; empty strings for empty elements.
    public var elements: [String] { (1..<Int(fieldCount)).map { self[$0] } }

    /// Byte range of field `n` (0 is the id) in `storage.bytes`; empty when absent.
    @inline(__always) func range(_ n: Int) -> Range<Int> {
        guard n >= 0, n < Int(fieldCount) else { return 0..<0 }
        let k = Int(first) + n
        return Int(storage.starts[k])..<(Int(storage.starts[k + 1]) - 1)
    }

    func bytes(_ n: Int) -> ArraySlice<UInt8> { storage.bytes[range(n)] }

    /// Component `c` (1-based) of an element's bytes; empty when absent.
    static func component(_ c: Int, of value: ArraySlice<UInt8>, separator: UInt8) -> ArraySlice<UInt8> {
        var n = 1, start = value.startIndex, i = value.startIndex
        while i < value.endIndex {
            if value[i] == separator {
                if n == c { return value[start..<i] }
                n += 1
                start = i + 1
            }
            i += 1
        }
        return n == c ? value[start..<value.endIndex] : value[value.endIndex...]
    }

    /// Whether element `n` has a value.
    @inline(__always) func has(_ n: Int) -> Bool { !range(n).isEmpty }

    /// Whether the id is 2 or 3 letters and digits, starting with a letter.
    public var hasValidID: Bool { Self.isValidID(bytes(0)) }

    static func isValidID(_ id: some Collection<UInt8>) -> Bool {
        (2...3).contains(id.count) && id.allSatisfy { Delimiters.isAlphanumeric($0) } && !(0x30...0x39).contains(id.first!)
    }

    @inline(__always) static func isValidID(_ id: UnsafeBufferPointer<UInt8>) -> Bool {
        guard id.count == 2 || id.count == 3, !(id[0] >= 0x30 && id[0] <= 0x39) else { return false }
        for b in id where !Delimiters.isAlphanumeric(b) { return false }
        return true
    }

    public func isID(_ id: SegmentID) -> Bool { code != 0 && code == id.code }

    /// Whether element `n` is `value`, compared as bytes.
    public func element(_ n: Int, is value: String) -> Bool { bytes(n).elementsEqual(value.utf8) }

    /// The components of element `n` split on `separator`, empty ones kept; [] when the element is absent.
    public func components(_ n: Int, separator: UInt8) -> [String] {
        let range = range(n)
        guard !range.isEmpty else { return [] }
        return storage.bytes.withUnsafeBufferPointer { buffer in
            var parts: [String] = []
            parts.reserveCapacity(buffer[range].reduce(1) { $1 == separator ? $0 + 1 : $0 })
            var start = range.lowerBound
            for i in range where buffer[i] == separator {
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<i]), as: UTF8.self))
                start = i + 1
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<range.upperBound]), as: UTF8.self))
            return parts
        }
    }

    /// Whether the segment has the packed id `code` and, when given, `qualifier` as its first element; compared as
    /// bytes, without making strings.
    func `is`(_ code: UInt32, _ qualifier: String?) -> Bool {
        guard code != 0, self.code == code else { return false }
        guard let qualifier else { return true }
        let range = range(1)
        guard range.count == qualifier.utf8.count else { return false }
        return storage.bytes.withUnsafeBufferPointer { buffer in
            var i = range.lowerBound
            for b in qualifier.utf8 {
                if buffer[i] != b { return false }
                i += 1
            }
            return true
        }
    }

    /// Element `n`'s bytes (empty when absent), valid inside `body`: for readers that want a number or a component,
    /// not a string.
    package func withElement<R>(_ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let range = n >= 1 ? range(n) : 0..<0
        return storage.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Component `c` (1-based) of element `n`, or "" when absent; splits without making the other components.
    package func component(_ c: Int, of n: Int, separator: UInt8) -> String {
        withElement(n) { value in
            let part = SegmentView.component(c, of: value, separator: separator)
            return part.isEmpty ? "" : String(decoding: part, as: UTF8.self)
        }
    }

    /// Whether element `n` has a component `c` (1-based), even an empty one: it has at least `c - 1` separators.
    package func hasComponent(_ c: Int, of n: Int, separator: UInt8) -> Bool {
        withElement(n) { value in c == 1 ? !value.isEmpty : value.reduce(0) { $1 == separator ? $0 + 1 : $0 } >= c - 1 }
    }

    /// Element `n` (1-based, as the implementation guides number them), or "" when absent.
    public subscript(_ n: Int) -> String {
        let range = range(n)
        guard n >= 1, !range.isEmpty else { return "" }
        return storage.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The segment as raw pointers into its bytes, valid inside `body`.
    @inline(__always) func withView<R>(_ body: (SegmentView) -> R) -> R {
        storage.bytes.withUnsafeBufferPointer { bytes in
            body(SegmentView(bytes: bytes, starts: UnsafePointer(storage.starts.base + Int(first)), fieldCount: Int(fieldCount), code: code, index: index,
                             line: line, offset: offset, storage: Unmanaged.passUnretained(storage), first: first))
        }
    }

    public static func == (a: Segment, b: Segment) -> Bool {
        a.id == b.id && a.elements == b.elements && a.index == b.index && a.line == b.line && a.offset == b.offset && a.flaws == b.flaws
    }
}

/// A segment id written as a literal ("NM1"), packed as `Segment` packs ids: finding a segment by id then compares
/// integers, and the packing of a literal is done by the compiler.
public struct SegmentID: ExpressibleByStringLiteral, Sendable {
    @usableFromInline let code: UInt32

    /// Lets a reader `switch segment { case "CLM": ... }`, comparing packed ids.
    @inlinable public static func ~= (id: SegmentID, segment: Segment) -> Bool { segment.code != 0 && segment.code == id.code }

    @inlinable public init(stringLiteral id: StaticString) {
        code = id.withUTF8Buffer { bytes in
            guard bytes.count <= 3 else { return 0 }
            var v: UInt32 = 0
            for b in bytes { v = v << 8 | UInt32(b) }
            return v
        }
    }
}

/// The segments completed by one chunk. They share one reference to their bytes and are kept as small records, so
/// that a reader that goes through them in turn (`ValidationSession.consume(_:delimiters:)`) counts no reference per
/// segment, as an array of `Segment` values (one reference each) does. Subscripting makes the `Segment`.
public struct SegmentBatch: RandomAccessCollection, Sendable {
    struct Record {
        var first: Int32
        var fieldCount: Int32
        var code: UInt32
        var line: Int
        var offset: Int
    }
    enum Content {
        case shared(SegmentBytes, [Record])
        /// The segments of a chunk read in pieces (see `Tokenizer.feed`).
        case separate([Segment])
    }
    let content: Content
    /// 1-based position in the file of the first segment.
    let firstIndex: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch content {
        case .shared(_, let records): records.count
        case .separate(let segments): segments.count
        }
    }

    public subscript(i: Int) -> Segment {
        switch content {
        case .shared(let storage, let records):
            let r = records[i]
            return Segment(storage: storage, first: r.first, fieldCount: r.fieldCount, code: r.code, index: firstIndex + i, line: r.line, offset: r.offset)
        case .separate(let segments): return segments[i]
        }
    }

    /// Each segment in turn as a view of the shared bytes: no segment value is made.
    @inline(__always) func forEachView(_ body: (SegmentView) -> Void) {
        switch content {
        case .shared(let storage, let records):
            storage.bytes.withUnsafeBufferPointer { bytes in
                let owner = Unmanaged.passUnretained(storage), base = UnsafePointer(storage.starts.base)
                records.withUnsafeBufferPointer { records in
                    for (i, r) in records.enumerated() {
                        body(SegmentView(bytes: bytes, starts: base + Int(r.first), fieldCount: Int(r.fieldCount), code: r.code,
                                         index: firstIndex + i, line: r.line, offset: r.offset, storage: owner, first: r.first))
                    }
                }
            }
        case .separate(let segments):
            for s in segments { s.withView(body) }
        }
    }
}

/// A syntax problem with its exact place.
public struct X12SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var segmentIndex: Int?
    public var segmentID: String?
    public var element: Int?
    public var line: Int
    public var offset: Int
    /// What an acknowledgment reports for it: a TA1 note code, an AK9 or an IK5 error code.
    public var ackCode: AckCode = .interchange("024")

    public var description: String {
        var place = "line \(line)"
        if let segmentIndex { place += ", segment \(segmentIndex)" + (segmentID.map { " (\($0))" } ?? "") }
        if let element { place += ", element \(element)" }
        return "\(place): \(message)"
    }
}

/// Where an envelope or syntax error is acknowledged, with the standard code: TA105 (interchange), AK905
/// (functional group) or IK502 (transaction set).
public enum AckCode: Sendable, Equatable {
    case interchange(String), group(String), transaction(String)
}

/// Splits bytes into segments. Feed chunks as they arrive; memory stays bounded by the longest segment.
public struct Tokenizer: Sendable {
    public private(set) var delimiters: Delimiters?
    private var pending: [UInt8] = []
    /// The buffers of the last batch, taken back for the next one once its segments are gone: reading a file then
    /// allocates (and faults in) no fresh memory per chunk. A caller that keeps segments keeps their buffers, and
    /// the next chunk gets new ones.
    private var spareBytes: [UInt8] = []
    private var spareStarts: FieldStarts?
    private var spareRecords: [SegmentBatch.Record] = []
    private var offset = 0          // offset of pending[0] in the file
    private var line = 1            // line at pending[0]
    public private(set) var segmentCount = 0
    private var sawAnyByte = false
    /// The longest segment accepted before the input is judged not to be X12 (guards memory on garbage input).
    public static let maximumSegmentLength = 1 << 20

    public init() {}

    /// Segments completed by `chunk`. Throws on the first syntax error; the tokenizer is then spent.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(X12SyntaxError) -> [Segment] {
        Array(try feedBatch(chunk))
    }

    /// Segments completed by `chunk`, as one batch sharing the chunk's bytes. Throws on the first syntax error; the
    /// tokenizer is then spent.
    public mutating func feedBatch(_ chunk: some Collection<UInt8>) throws(X12SyntaxError) -> SegmentBatch {
        // Positions inside the buffer are 32-bit: a very large chunk is taken in pieces.
        if chunk.count > 1 << 24 {
            var out: [Segment] = []
            let first = segmentCount + 1
            var rest = chunk[...]
            while !rest.isEmpty {
                let piece = rest.prefix(1 << 24)
                rest = rest.dropFirst(piece.count)
                out += try feedBatch(piece)
            }
            return SegmentBatch(content: .separate(out), firstIndex: first)
        }
        pending.append(contentsOf: chunk)
        if !chunk.isEmpty { sawAnyByte = true }
        return try readPending()
    }

    /// The segments complete in `pending`; not generic, so that it is compiled once and optimised whatever the
    /// caller's collection type.
    private mutating func readPending() throws(X12SyntaxError) -> SegmentBatch {
        let none = SegmentBatch(content: .separate([]), firstIndex: segmentCount + 1)
        if delimiters == nil {
            try skipLeadingNoise()
            guard pending.count >= 106 else { return none }
            switch Delimiters.read(isa: pending[0..<106]) {
            case .success(let d): delimiters = d
            case .failure(let why): throw X12SyntaxError(message: "not an X12 interchange: \(why.text)", segmentIndex: 1, segmentID: nil, element: nil, line: line, offset: offset)
            }
        }
        guard let d = delimiters else { return none }
        // One pass over the buffered bytes: find each terminator, note where each field starts, count lines. The
        // bytes then become the shared storage of the segments read from them.
        var failure: X12SyntaxError?
        // A segment of B bytes with its terminator (B >= 2) has at most B + 1 <= 1.5 B field starts, and a segment
        // begun but left for the next chunk at most one more than its bytes: this many are always enough.
        let startsNeeded = pending.count + pending.count / 2 + 16
        let startsStore: FieldStarts
        if isKnownUniquelyReferenced(&spareStarts), let spare = spareStarts, spare.capacity >= startsNeeded {
            startsStore = spare
        } else {
            // Room to spare, so that the next chunk, whose leftover may be a little longer, can take it back.
            startsStore = FieldStarts(capacity: max(startsNeeded + startsNeeded / 8, 1 << 12))
        }
        spareStarts = nil
        var starts = startsStore.writer()
        var found = spareRecords
        spareRecords = []
        found.removeAll(keepingCapacity: true)
        var flaws: [Int32: [Segment.Flaw]] = [:]
        var start = 0
        // Printable delimiters (nearly every file) allow the single pass of `readPlainSegment`; control-character
        // delimiters, and the segments that pass judges unusual, are read in two passes by `segment`.
        let plain = d.segment >= 0x20 && d.element >= 0x20
        pending.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                if plain {
                    let next = readPlainSegment(buffer, from: start, delimiters: d, starts: &starts, found: &found)
                    if next >= 0 { start = next; continue }
                    if next == Self.incomplete { break }
                }
                guard let end = Self.firstIndex(of: d.segment, in: buffer, from: start) else { break }
                switch segment(buffer, start..<end, delimiters: d, starts: &starts, flaws: &flaws) {
                case .success(let s): found.append(s)
                case .failure(let e): failure = e; return
                }
                offset += end + 1 - start
                start = end + 1
            }
        }
        if let failure { throw failure }
        startsStore.finish(starts)
        let batch = found.isEmpty ? none : SegmentBatch(content: .shared(SegmentBytes(bytes: pending, starts: startsStore, flaws: flaws), found),
                                                        firstIndex: segmentCount - found.count + 1)
        spareStarts = startsStore; spareRecords = found
        // The bytes not yet read go to the spare buffer, which becomes `pending`; the one just read is the batch's.
        spareBytes.removeAll(keepingCapacity: true)
        spareBytes.append(contentsOf: pending[start...])
        swap(&pending, &spareBytes)
        if pending.count > Self.maximumSegmentLength {
            throw X12SyntaxError(message: "no segment terminator in \(pending.count) bytes: the segment terminator declared in ISA is not used",
                                 segmentIndex: segmentCount + 1, segmentID: nil, element: nil, line: line, offset: offset)
        }
        return batch
    }

    /// Call after the last chunk: anything left that is not white space is a segment without its terminator.
    public mutating func finish() throws(X12SyntaxError) {
        if delimiters == nil {
            try skipLeadingNoise()
            let what = sawAnyByte ? "the file is too short for an ISA segment (\(pending.count) bytes, expected at least 106)" : "the file is empty"
            throw X12SyntaxError(message: "not an X12 interchange: \(what)", segmentIndex: nil, segmentID: nil, element: nil, line: line, offset: offset)
        }
        let rest = pending.drop { Self.isLineBreakOrSpace($0) }
        guard rest.isEmpty else {
            throw X12SyntaxError(message: "the file ends inside a segment (no segment terminator after the last \(rest.count) bytes): truncated?",
                                 segmentIndex: segmentCount + 1, segmentID: nil, element: nil, line: line, offset: offset, ackCode: .interchange("023"))
        }
    }

    private static func isLineBreakOrSpace(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D || b == 0x20 || b == 0x09 }

    /// A UTF-8 byte order mark and white space before ISA are tolerated.
    private mutating func skipLeadingNoise() throws(X12SyntaxError) {
        var n = 0
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { n = 3 }
        while n < pending.count, Self.isLineBreakOrSpace(pending[n]) { n += 1 }
        if n > 0 { advance(over: 0..<n); pending.removeFirst(n) }
    }

    private mutating func advance(over range: Range<Int>) {
        for i in range where pending[i] == 0x0A { line += 1 }
        offset += range.count
    }

    // Byte searches eight bytes at a time: most bytes are plain data, so a whole word is passed over with a few
    // integer operations.
    private static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    @inline(__always) private static func everyByte(_ b: UInt8) -> UInt64 { UInt64(b) &* 0x0101_0101_0101_0101 }

    /// The high bit of each byte of `x` that is zero, and nothing else (exact: no carry crosses a byte).
    @inline(__always) private static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & lowSevenBits) &+ lowSevenBits) | x | lowSevenBits)
    }

    @inline(__always) private static func word(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    private static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        let pattern = everyByte(byte)
        while i + 8 <= buffer.count {
            let found = zeroBytes(word(buffer, at: i) ^ pattern)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < buffer.count {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    private static let incomplete = -1, unusual = -2

    /// Reads the segment that starts at `start` (after the previous terminator) in one pass over its bytes, when it
    /// has the common form: line breaks before its id and none after, a valid id, no control character but a
    /// component or repetition separator, no trailing separator. Each word of eight bytes is searched at once for
    /// element separators, the terminator and control characters. Answers the index after its terminator,
    /// `incomplete` when the buffer ends first, or `unusual` (nothing noted) when `segment` must read it.
    @inline(__always)
    private mutating func readPlainSegment(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, delimiters d: Delimiters,
                                           starts: inout StartsWriter, found: inout [SegmentBatch.Record]) -> Int {
        let count = buffer.count
        var i = start, lines = 0
        while i < count {
            let b = buffer[i]
            if b == 0x0A { lines += 1 } else if b != 0x0D { break }
            i += 1
        }
        guard i < count else { return Self.incomplete }
        if buffer[i] == 0x20 || buffer[i] == 0x09 || buffer[i] == d.segment { return Self.unusual }
        let first = starts.count
        starts.append(Int32(i))
        var fields: Int32 = 1, idEnd = -1, end = -1
        let element = d.element, terminator = d.segment, component = d.component, repetition = d.repetition ?? d.component
        // What a byte found by the search means: false when the segment is unusual.
        @inline(__always) func see(_ q: Int) -> Bool {
            let b = buffer[q]
            if b == element {
                if idEnd < 0 { idEnd = q }
                starts.append(Int32(q + 1))
                fields += 1
                return true
            }
            if b == terminator { end = q; return true }
            // A control character that is the component or repetition separator is data; any other is a flaw, and a
            // line break may end the segment before its terminator.
            return b != 0x0A && b != 0x0D && (b == component || b == repetition)
        }
        let separators = Self.everyByte(element), terminators = Self.everyByte(terminator), controlBits = Self.everyByte(0xE0)
        var p = i, plain = true
        scan: while p + 8 <= count {
            let x = Self.word(buffer, at: p)
            var events = Self.zeroBytes(x ^ separators) | Self.zeroBytes(x ^ terminators) | Self.zeroBytes(x & controlBits)
            while events != 0 {
                plain = see(p + events.trailingZeroBitCount >> 3)
                if !plain || end >= 0 { break scan }
                events &= events - 1
            }
            p += 8
        }
        if plain && end < 0 {
            while p < count {
                let b = buffer[p]
                if b == element || b == terminator || b < 0x20 {
                    plain = see(p)
                    if !plain || end >= 0 { break }
                }
                p += 1
            }
        }
        if idEnd < 0 { idEnd = end }
        guard plain, end >= 0, Segment.isValidID(UnsafeBufferPointer(rebasing: buffer[i..<idEnd])),
              fields == 1 || starts[starts.count - 1] != Int32(end) else {
            starts.removeLast(starts.count - first)
            return plain && end < 0 ? Self.incomplete : Self.unusual
        }
        starts.append(Int32(end + 1))
        line += lines
        segmentCount += 1
        found.append(SegmentBatch.Record(first: Int32(first), fieldCount: fields, code: Segment.pack(UnsafeBufferPointer(rebasing: buffer[i..<idEnd])),
                                         line: line, offset: offset + (i - start)))
        offset += end + 1 - start
        return end + 1
    }

    /// Notes where each field of one segment (without its terminator) starts; counts the lines it spans.
    private mutating func segment(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, delimiters d: Delimiters,
                                  starts: inout StartsWriter, flaws: inout [Int32: [Segment.Flaw]]) -> Result<SegmentBatch.Record, X12SyntaxError> {
        var i = range.lowerBound
        var end = range.upperBound
        // Line breaks between segments are not part of them (nor a CR before a line-feed terminator); the lines
        // they end are counted once the segment is read.
        var trailingLines = d.segment == 0x0A ? 1 : 0
        while end > i, buffer[end - 1] == 0x0D || buffer[end - 1] == 0x0A {
            if buffer[end - 1] == 0x0A { trailingLines += 1 }
            end -= 1
        }
        defer { line += trailingLines }
        while i < end, buffer[i] == 0x0A || buffer[i] == 0x0D {
            if buffer[i] == 0x0A { line += 1 }
            i += 1
        }
        segmentCount += 1
        let startLine = line
        let first = Int32(starts.count)
        if i < end, buffer[i] == 0x20 || buffer[i] == 0x09 {
            flaws[first, default: []].append(.init(code: "1", message: "the segment starts with a space or tab before its id"))
            while i < end, Self.isLineBreakOrSpace(buffer[i]) {
                if buffer[i] == 0x0A { line += 1 }
                i += 1
            }
        }
        let startOffset = offset + (i - range.lowerBound)
        guard i < end else {
            return .failure(X12SyntaxError(message: "an empty segment (two segment terminators in a row)",
                                           segmentIndex: segmentCount, segmentID: nil, element: nil, line: startLine, offset: startOffset))
        }
        starts.append(Int32(i))
        var fields: Int32 = 1
        let element = d.element, component = d.component, repetition = d.repetition ?? d.component
        func see(_ i: Int) {
            let b = buffer[i]
            if b == element {
                starts.append(Int32(i + 1))
                fields += 1
            } else if b < 0x20 {
                if b == 0x0A { line += 1 }
                // Delimiters may themselves be control characters (some senders use 0x1D to 0x1F); anything else is not.
                if b != component && b != repetition {
                    flaws[first, default: []].append(.init(code: "6", message: "control character 0x\(String(b, radix: 16)) in the element", element: max(Int(fields) - 1, 1)))
                }
            }
        }
        // The bytes that matter are element separators and control characters; a word without any is skipped.
        let separators = Self.everyByte(element), controlBits = Self.everyByte(0xE0)
        while i + 8 <= end {
            let x = Self.word(buffer, at: i)
            var events = Self.zeroBytes(x ^ separators) | Self.zeroBytes(x & controlBits)
            while events != 0 {
                see(i + events.trailingZeroBitCount >> 3)
                events &= events - 1
            }
            i += 8
        }
        while i < end {
            see(i)
            i += 1
        }
        starts.append(Int32(end + 1))
        // The id's form and a trailing separator, judged while the segment's bytes are at hand.
        let idStart = Int(starts[Int(first)]), idEnd = Int(starts[Int(first) + 1]) - 1
        let id = UnsafeBufferPointer(rebasing: buffer[idStart..<idEnd])
        if !Segment.isValidID(id) {
            let shown = String(decoding: buffer[idStart..<min(idStart + 20, buffer.count)], as: UTF8.self)
            flaws[first, default: []].append(.init(code: "1", message: "'\(shown)' does not start with a segment id (2 or 3 letters and digits)"))
        }
        if fields > 1, starts[starts.count - 1] - 1 == starts[starts.count - 2] {
            flaws[first, default: []].append(.init(code: "8", message: "\(String(decoding: id, as: UTF8.self)) ends with an element separator: trailing empty elements must be left out"))
        }
        return .success(SegmentBatch.Record(first: first, fieldCount: fields, code: id.count <= 3 ? Segment.pack(id) : 0, line: startLine, offset: startOffset))
    }
}
