/// The envelope segment ids, packed as `Segment` packs them (one byte each, first byte highest). Literals, so that
/// reading them costs no lazy initialisation; `SyntaxTests` checks them against `Segment.pack`.
enum SegmentCode {
    static let isa: UInt32 = 0x49_53_41, iea: UInt32 = 0x49_45_41, gs: UInt32 = 0x47_53, ge: UInt32 = 0x47_45
    static let st: UInt32 = 0x53_54, se: UInt32 = 0x53_45, hl: UInt32 = 0x48_4C
}

/// Interchange (ISA/IEA), functional group (GS/GE) and transaction set (ST/SE) envelopes: nesting, control numbers
/// and counts. Fed one segment at a time, so it runs alongside the tokenizer in constant memory.
public struct EnvelopeChecker: Sendable {
    /// A transaction set found in the file.
    public struct Transaction: Sendable, Equatable {
        public var id: String              // ST01, e.g. "837"
        public var controlNumber: String   // ST02
        public var version: String         // ST03, else GS08
        public var firstSegment: Int
        public var segmentCount: Int
    }

    public private(set) var errors: [X12SyntaxError] = []
    public private(set) var transactions: [Transaction] = []
    public private(set) var interchangeCount = 0
    public private(set) var groupCount = 0

    private var isa: Segment?
    private var gs: Segment?
    private var st: Segment? { didSet { inTransaction = st != nil } }
    /// Whether an ST is open; kept apart so the common segment does not touch the optionals.
    private var inTransaction = false
    private var groupsInInterchange = 0
    private var transactionsInGroup = 0
    private var segmentsInTransaction = 0
    /// Where the last segment stood, to place errors found at the end of the file.
    private var last: (code: UInt32, index: Int, line: Int, offset: Int)?

    public init() {}

    private mutating func error(_ s: SegmentView, _ message: String, element: Int? = nil, _ code: AckCode = .interchange("024")) {
        errors.append(X12SyntaxError(message: message, segmentIndex: s.index, segmentID: s.id, element: element, line: s.line, offset: s.offset, ackCode: code))
    }

    public mutating func consume(_ s: Segment) { s.withView { consume($0) } }

    /// The segments of a batch in turn, without making a segment value for each.
    public mutating func consume(_ batch: SegmentBatch) { batch.forEachView { consume($0) } }

    /// The envelope checks of one segment; the segments that open an envelope are kept until it closes.
    mutating func consume(_ s: SegmentView) {
        last = (s.code, s.index, s.line, s.offset)
        if inTransaction { segmentsInTransaction += 1 }
        switch s.code {
        case SegmentCode.isa:
            if isa != nil { error(s, "ISA inside an interchange: the previous one has no IEA") }
            if s.elementCount != 16 { error(s, "ISA has \(s.elementCount) elements, expected 16") }
            let control = s[13]
            if control.utf8.count != 9 || !control.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                error(s, "ISA13 interchange control number '\(control)' must be 9 digits", element: 13, .interchange("018"))
            }
            isa = s.segment; groupsInInterchange = 0; interchangeCount += 1
        case SegmentCode.iea:
            guard let open = isa else { error(s, "IEA without an ISA"); return }
            if gs != nil { error(s, "IEA inside a functional group: GS at segment \(gs!.index) has no GE", .group("3")) }
            if Int(s[1]) != groupsInInterchange {
                error(s, "IEA01 says \(s[1]) functional groups, the interchange has \(groupsInInterchange)", element: 1, .interchange("021"))
            }
            if s[2] != open[13] { error(s, "IEA02 '\(s[2])' does not match ISA13 '\(open[13])'", element: 2, .interchange("001")) }
            isa = nil; gs = nil; st = nil
        case SegmentCode.gs:
            if isa == nil { error(s, "GS outside an interchange (no ISA before it)") }
            if gs != nil { error(s, "GS inside a functional group: the previous one has no GE", .group("3")) }
            if s[6].isEmpty || !s[6].utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                error(s, "GS06 group control number '\(s[6])' must be digits", element: 6, .group("6"))
            }
            gs = s.segment; transactionsInGroup = 0; groupsInInterchange += 1; groupCount += 1
        case SegmentCode.ge:
            guard let open = gs else { error(s, "GE without a GS"); return }
            if st != nil { error(s, "GE inside a transaction set: ST at segment \(st!.index) has no SE", .transaction("2")) }
            if Int(s[1]) != transactionsInGroup {
                error(s, "GE01 says \(s[1]) transaction sets, the group has \(transactionsInGroup)", element: 1, .group("5"))
            }
            if s[2] != open[6] { error(s, "GE02 '\(s[2])' does not match GS06 '\(open[6])'", element: 2, .group("4")) }
            gs = nil; st = nil
        case SegmentCode.st:
            if gs == nil { error(s, "ST outside a functional group (no GS before it)") }
            if st != nil { error(s, "ST inside a transaction set: ST at segment \(st!.index) has no SE", .transaction("2")) }
            if s[2].utf8.count < 4 || s[2].utf8.count > 9 { error(s, "ST02 transaction set control number '\(s[2])' must be 4 to 9 characters", element: 2, .transaction("7")) }
            st = s.segment; segmentsInTransaction = 1; transactionsInGroup += 1
        case SegmentCode.se:
            guard let open = st else { error(s, "SE without an ST"); return }
            if Int(s[1]) != segmentsInTransaction {
                error(s, "SE01 says \(s[1]) segments, the transaction set has \(segmentsInTransaction) (ST to SE)", element: 1, .transaction("4"))
            }
            if s[2] != open[2] { error(s, "SE02 '\(s[2])' does not match ST02 '\(open[2])'", element: 2, .transaction("3")) }
            transactions.append(Transaction(id: open[1], controlNumber: open[2], version: open[3].isEmpty ? (gs?[8] ?? "") : open[3],
                                            firstSegment: open.index, segmentCount: segmentsInTransaction))
            st = nil
        default:
            if !inTransaction { error(s, "\(s.id) outside a transaction set (segments belong between ST and SE)") }
        }
    }

    /// Call at the end of the file: open envelopes are errors there.
    public mutating func finish() {
        guard let last else { return }
        Segment(id: Segment.unpack(last.code), elements: [], index: last.index, line: last.line, offset: last.offset).withView { end in
            if let st { error(end, "the file ends inside the transaction set started by ST at segment \(st.index): no SE", .transaction("2")) }
            if let gs { error(end, "the file ends inside the functional group started by GS at segment \(gs.index): no GE", .group("3")) }
            if let isa { error(end, "the file ends inside the interchange started by ISA at segment \(isa.index): no IEA", .interchange("023")) }
        }
        st = nil; gs = nil; isa = nil
    }
}

/// Reads a whole X12 file at the syntax level: segments and envelopes. The first tokenizer error ends the reading
/// (the rest of the file cannot be split reliably); envelope errors are all collected.
public struct SyntaxReport: Sendable {
    public var segmentCount = 0
    public var delimiters: Delimiters?
    public var transactions: [EnvelopeChecker.Transaction] = []
    public var errors: [X12SyntaxError] = []
    public var isValid: Bool { errors.isEmpty }

    /// Checks `bytes`, fed in chunks of `chunkSize` (the same code path as reading a large file piece by piece).
    public static func check(_ bytes: some Collection<UInt8>, chunkSize: Int = 1 << 16) -> SyntaxReport {
        var report = SyntaxReport()
        var tokenizer = Tokenizer()
        var envelopes = EnvelopeChecker()
        var flaws: [X12SyntaxError] = []
        do throws(X12SyntaxError) {
            var rest = bytes[...]
            while !rest.isEmpty {
                let chunk = rest.prefix(chunkSize)
                rest = rest.dropFirst(chunk.count)
                for s in try tokenizer.feed(chunk) {
                    report.segmentCount += 1
                    envelopes.consume(s)
                    for flaw in s.flaws {
                        flaws.append(X12SyntaxError(message: flaw.message, segmentIndex: s.index, segmentID: s.id, element: flaw.element,
                                                    line: s.line, offset: s.offset, ackCode: .transaction("5")))
                    }
                }
            }
            try tokenizer.finish()
            envelopes.finish()
        } catch {
            envelopes.finish()
            report.errors.append(error)
        }
        report.delimiters = tokenizer.delimiters
        report.transactions = envelopes.transactions
        report.errors = (envelopes.errors + flaws).sorted { ($0.segmentIndex ?? 0) < ($1.segmentIndex ?? 0) } + report.errors
        return report
    }
}
