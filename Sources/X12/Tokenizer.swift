/// ASC X12 reading at the syntax level: delimiters from the ISA header, then segments and their elements, fed
/// in chunks of any size so that a file is read in constant memory.

/// The four delimiters an interchange declares in its ISA segment.
public struct Delimiters: Sendable, Equatable {
    public var element: UInt8
    public var component: UInt8
    /// ISA11 in 5010; nil when the interchange uses the older "U" standards identifier there.
    public var repetition: UInt8?
    public var segment: UInt8

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

/// One segment as read: its id, elements (element 1 first) and where it stands in the file.
public struct Segment: Sendable, Equatable {
    public var id: String
    /// Elements after the id; empty strings for empty elements.
    public var elements: [String]
    /// 1-based position of the segment in the file.
    public var index: Int
    /// 1-based line where the segment starts (files may put one segment per line, or all on one).
    public var line: Int
    /// 0-based byte offset of the segment's first byte.
    public var offset: Int

    /// Element `n` (1-based, as the implementation guides number them), or "" when absent.
    public subscript(_ n: Int) -> String { n >= 1 && n <= elements.count ? elements[n - 1] : "" }
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
    private var offset = 0          // offset of pending[0] in the file
    private var line = 1            // line at pending[0]
    private var segmentCount = 0
    private var sawAnyByte = false
    /// The longest segment accepted before the input is judged not to be X12 (guards memory on garbage input).
    public static let maximumSegmentLength = 1 << 20

    public init() {}

    /// Segments completed by `chunk`. Throws on the first syntax error; the tokenizer is then spent.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(X12SyntaxError) -> [Segment] {
        pending.append(contentsOf: chunk)
        if !chunk.isEmpty { sawAnyByte = true }
        var out: [Segment] = []
        if delimiters == nil {
            try skipLeadingNoise()
            guard pending.count >= 106 else { return out }
            switch Delimiters.read(isa: pending[0..<106]) {
            case .success(let d): delimiters = d
            case .failure(let why): throw X12SyntaxError(message: "not an X12 interchange: \(why.text)", segmentIndex: 1, segmentID: nil, element: nil, line: line, offset: offset)
            }
        }
        guard let d = delimiters else { return out }
        var start = 0
        var i = 0
        while i < pending.count {
            if pending[i] == d.segment {
                out.append(try segment(pending[start..<i], delimiters: d))
                advance(over: start..<(i + 1))
                start = i + 1
            }
            i += 1
        }
        pending.removeFirst(start)
        if pending.count > Self.maximumSegmentLength {
            throw X12SyntaxError(message: "no segment terminator in \(pending.count) bytes: the segment terminator declared in ISA is not used",
                                 segmentIndex: segmentCount + 1, segmentID: nil, element: nil, line: line, offset: offset)
        }
        return out
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

    private mutating func segment(_ raw: ArraySlice<UInt8>, delimiters d: Delimiters) throws(X12SyntaxError) -> Segment {
        // Line breaks between segments are not part of them.
        var body = raw
        var leadingLines = 0
        while let first = body.first, Self.isLineBreakOrSpace(first) {
            if first == 0x0A { leadingLines += 1 }
            body = body.dropFirst()
        }
        segmentCount += 1
        let startLine = line + leadingLines
        let startOffset = offset + (body.startIndex - raw.startIndex)
        let parts = body.split(separator: d.element, omittingEmptySubsequences: false)
        let id = String(decoding: parts.first ?? [], as: UTF8.self)
        guard (2...3).contains(id.utf8.count), id.utf8.allSatisfy({ Delimiters.isAlphanumeric($0) }),
              id.utf8.first.map({ !(0x30...0x39).contains($0) }) ?? false else {
            let shown = String(decoding: body.prefix(20), as: UTF8.self)
            throw X12SyntaxError(message: body.isEmpty ? "an empty segment (two segment terminators in a row)"
                                                         : "'\(shown)' does not start with a segment id (2 or 3 letters and digits)",
                                 segmentIndex: segmentCount, segmentID: nil, element: nil, line: startLine, offset: startOffset)
        }
        // Delimiters may themselves be control characters (some senders use 0x1D to 0x1F); anything else is not.
        for b in body where b < 0x20 && !Self.isLineBreakOrSpace(b) && b != d.element && b != d.component && b != d.repetition {
            throw X12SyntaxError(message: "control character 0x\(String(b, radix: 16)) inside the segment",
                                 segmentIndex: segmentCount, segmentID: id, element: nil, line: startLine, offset: startOffset)
        }
        return Segment(id: id, elements: parts.dropFirst().map { String(decoding: $0, as: UTF8.self) },
                       index: segmentCount, line: startLine, offset: startOffset)
    }
}
