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
    /// What is wrong with the segment's form, though it could still be read (a bad id, stray spaces, separators).
    public var flaws: [Flaw] = []

    public struct Flaw: Sendable, Equatable {
        /// IK403 code when `element` is set, else IK304 code.
        public var code: String
        public var message: String
        public var element: Int?
    }

    /// Whether the id is 2 or 3 letters and digits, starting with a letter.
    public var hasValidID: Bool {
        (2...3).contains(id.utf8.count) && id.utf8.allSatisfy { Delimiters.isAlphanumeric($0) } && !(0x30...0x39).contains(id.utf8.first!)
    }

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
        // One pass over the buffered bytes: find each terminator, split the segment, count lines.
        var start = 0
        var failure: X12SyntaxError?
        pending.withUnsafeBufferPointer { buffer in
            var i = 0
            let count = buffer.count
            while i < count {
                guard let end = Self.firstIndex(of: d.segment, in: buffer, from: i) else { break }
                switch segment(buffer, start..<end, delimiters: d) {
                case .success(let s): out.append(s)
                case .failure(let e): failure = e; return
                }
                offset += end + 1 - start
                start = end + 1
                i = start
            }
        }
        if let failure { throw failure }
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

    private static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while i < buffer.count {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Splits the bytes of one segment (without its terminator) into id and elements; counts the lines it spans.
    private mutating func segment(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, delimiters d: Delimiters) -> Result<Segment, X12SyntaxError> {
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
        var flaws: [Segment.Flaw] = []
        if i < end, buffer[i] == 0x20 || buffer[i] == 0x09 {
            flaws.append(.init(code: "1", message: "the segment starts with a space or tab before its id"))
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
        let bodyStart = i
        var parts: [String] = []
        var partStart = i
        while true {
            if i == end || buffer[i] == d.element {
                let bytes = UnsafeBufferPointer(rebasing: buffer[partStart..<i])
                parts.append(String(decoding: bytes, as: UTF8.self))
                if i == end { break }
                partStart = i + 1
            } else if buffer[i] < 0x20 {
                let b = buffer[i]
                if b == 0x0A { line += 1 }
                // Delimiters may themselves be control characters (some senders use 0x1D to 0x1F); anything else is not.
                if b != d.component && b != d.repetition {
                    flaws.append(.init(code: "6", message: "control character 0x\(String(b, radix: 16)) in the element", element: max(parts.count, 1)))
                }
            }
            i += 1
        }
        var segment = Segment(id: parts[0], elements: Array(parts.dropFirst()), index: segmentCount, line: startLine, offset: startOffset)
        if !segment.hasValidID {
            let shown = String(decoding: UnsafeBufferPointer(rebasing: buffer[bodyStart..<min(end, bodyStart + 20)]), as: UTF8.self)
            flaws.append(.init(code: "1", message: "'\(shown)' does not start with a segment id (2 or 3 letters and digits)"))
        }
        if parts.count > 1, parts[parts.count - 1].isEmpty {
            flaws.append(.init(code: "8", message: "\(segment.id) ends with an element separator: trailing empty elements must be left out"))
        }
        segment.flaws = flaws
        return .success(segment)
    }
}
