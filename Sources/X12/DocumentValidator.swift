/// Validates a whole X12 file: syntax and envelopes, then each transaction set against its implementation guide.
/// Segments are fed one at a time, so a file of any size is checked in constant memory.

/// The verdict on a file, organised as a 999 acknowledges it: interchange, functional groups, transaction sets.
public struct ValidationReport: Sendable {
    public struct Transaction: Sendable {
        public var id: String
        public var controlNumber: String
        public var version: String
        /// The guide it was checked against; nil when Revcycle has none for this transaction set and version.
        public var guide: String?
        public var firstSegment: Int
        public var findings: [Finding] = []
        public var isAccepted: Bool { guide != nil && findings.isEmpty }
    }
    public struct Group: Sendable {
        /// GS01, GS02, GS03, GS06, GS08.
        public var functionalID: String
        public var sender: String
        public var receiver: String
        public var controlNumber: String
        public var version: String
        public var transactions: [Transaction] = []
        /// Errors of the group envelope itself (AK905 codes).
        public var findings: [Finding] = []
    }

    /// The ISA segment as read, for the acknowledgment's envelope.
    public var interchangeHeader: Segment?
    public var delimiters: Delimiters?
    public var groups: [Group] = []
    /// Errors of the interchange envelope or of the syntax (TA105 codes).
    public var interchangeFindings: [Finding] = []
    public var segmentCount = 0

    public var transactions: [Transaction] { groups.flatMap(\.transactions) }
    /// Every finding in file order.
    public var findings: [Finding] {
        (interchangeFindings + groups.flatMap { $0.findings + $0.transactions.flatMap(\.findings) })
            .sorted { ($0.segmentIndex, $0.element ?? 0) < ($1.segmentIndex, $1.element ?? 0) }
    }
    public var isValid: Bool {
        interchangeFindings.isEmpty && !groups.isEmpty && groups.allSatisfy { $0.findings.isEmpty && !$0.transactions.isEmpty && $0.transactions.allSatisfy(\.isAccepted) }
    }
    /// Whether the file could be read as X12 at all (its ISA was understood).
    public var isX12: Bool { delimiters != nil }
}

/// Feeds segments through envelope checks and the guide of each transaction set.
public struct ValidationSession: Sendable {
    public let guides: [ImplementationGuide]
    /// Element rules for ISA, GS, GE and IEA, when given.
    public let envelope: ImplementationGuide?
    public private(set) var report = ValidationReport()
    private var envelopes = EnvelopeChecker()
    private var walker: TransactionWalker?
    private var pendingHeader: Segment?
    private var candidates: [ImplementationGuide] = []
    private var reportedEnvelopeErrors = 0

    public init(guides: [ImplementationGuide], envelope: ImplementationGuide? = nil) { self.guides = guides; self.envelope = envelope }

    /// Consumes the next segment; answers where it was placed when it belongs to a transaction set with a guide.
    @discardableResult
    public mutating func consume(_ s: Segment, delimiters: Delimiters) -> TransactionWalker.Placement? {
        s.withView { consume($0, delimiters: delimiters, placing: true) }
    }

    /// Consumes the segments of a batch in turn, as `consume(_:delimiters:)` does each, without answering where they
    /// were placed: no segment value is made, so that validating counts no reference per segment.
    public mutating func consume(_ batch: SegmentBatch, delimiters: Delimiters) {
        batch.forEachView { _ = consume($0, delimiters: delimiters, placing: false) }
    }

    /// The placement is made only when `placing`: it holds the guide's table, a counted reference.
    private mutating func consume(_ s: SegmentView, delimiters: Delimiters, placing: Bool) -> TransactionWalker.Placement? {
        report.segmentCount += 1
        report.delimiters = delimiters
        envelopes.consume(s)
        var placement: TransactionWalker.Placement?
        var placed = false
        switch s.code {
        case SegmentCode.isa:
            report.interchangeHeader = s.segment
        case SegmentCode.gs:
            report.groups.append(.init(functionalID: s[1], sender: s[2], receiver: s[3], controlNumber: s[6], version: s[8]))
        case SegmentCode.st:
            startTransaction(s, delimiters: delimiters)
            // Optional chaining places the segment in the walker where it stands (a test for nil copied it whole).
            if let spot = walker?.place(s) {
                placed = true
                if placing, let table = walker?.table { placement = .init(table: table, spot) }
            }
        default:
            if let header = pendingHeader {
                // Two guides share ST01 and version (278 request and response): the segment after ST decides.
                let segment = s.segment
                let chosen = candidates.first { guide in
                    guide.root.children.count > 1 && {
                        if case .segment(let node) = guide.root.children[1] { return node.matches(segment, componentSeparator: delimiters.component) }
                        return false
                    }()
                } ?? candidates[0]
                pendingHeader = nil
                begin(chosen, header: header, delimiters: delimiters)
            }
            if let spot = walker?.place(s) {
                placed = true
                if placing, let table = walker?.table { placement = .init(table: table, spot) }
            }
            if s.code == SegmentCode.se { endTransaction() }
        }
        // The walker reports the flaws of the segments it sees; the others are the envelope's.
        let seenByWalker = placed || (s.code == SegmentCode.st && pendingHeader != nil)
        if !seenByWalker {
            for flaw in s.flaws {
                report.interchangeFindings.append(Finding(level: flaw.element == nil ? .segment : .element, code: flaw.code, message: flaw.message,
                                                          segmentIndex: s.index, segmentID: s.id, line: s.line, element: flaw.element))
            }
        }
        switch s.code {
        case SegmentCode.isa, SegmentCode.gs, SegmentCode.ge, SegmentCode.iea:
            if let envelope { checkEnvelopeElements(s, envelope, delimiters) }
        default: break
        }
        if envelopes.errors.count > reportedEnvelopeErrors { collectEnvelopeErrors() }
        return placement
    }

    /// Call at the end of the file, with the tokenizer's error if reading stopped early.
    public mutating func finish(readingError: X12SyntaxError?) -> ValidationReport {
        if let header = pendingHeader, let first = candidates.first {
            pendingHeader = nil
            begin(first, header: header, delimiters: report.delimiters!)
        }
        if walker != nil { endTransaction() }
        envelopes.finish()
        collectEnvelopeErrors()
        if let readingError { record(readingError) }
        return report
    }

    /// The elements of an envelope segment, against the envelope guide; group errors stay with their group.
    private mutating func checkEnvelopeElements(_ s: SegmentView, _ envelope: ImplementationGuide, _ delimiters: Delimiters) {
        var walker = TransactionWalker(guide: envelope, delimiters: delimiters)
        _ = walker.place(s)
        for var f in walker.findings where f.level == .element {
            f.positionInTransaction = nil
            f.loop = nil
            if (s.code == SegmentCode.gs || s.code == SegmentCode.ge), !report.groups.isEmpty {
                report.groups[report.groups.count - 1].findings.append(f)
            } else {
                report.interchangeFindings.append(f)
            }
        }
    }

    private mutating func startTransaction(_ s: SegmentView, delimiters: Delimiters) {
        if walker != nil { endTransaction() }
        let version = s[3].isEmpty ? (report.groups.last?.version ?? "") : s[3]
        var transaction = ValidationReport.Transaction(id: s[1], controlNumber: s[2], version: version, guide: nil, firstSegment: s.index)
        candidates = guides.filter { $0.transactionSet == s[1] && ($0.version == version || $0.alsoKnownAs.contains(version)) }
        if candidates.isEmpty {
            let known = guides.contains { $0.transactionSet == s[1] }
            transaction.findings.append(Finding(
                level: .transaction, code: known ? "I6" : "1",
                message: known ? "transaction set \(s[1]) version '\(version)' is not supported; Revcycle knows \(guides.filter { $0.transactionSet == s[1] }.map(\.version).joined(separator: ", "))"
                               : "transaction set \(s[1]) (\(version)) is not supported",
                segmentIndex: s.index, segmentID: "ST", line: s.line, positionInTransaction: 1, element: known ? 3 : 1))
            appendTransaction(transaction)
            return
        }
        appendTransaction(transaction)
        if candidates.count == 1 {
            begin(candidates[0], header: nil, delimiters: delimiters)
        } else {
            pendingHeader = s.segment
        }
    }

    private mutating func begin(_ guide: ImplementationGuide, header: Segment?, delimiters: Delimiters) {
        var w = TransactionWalker(guide: guide, delimiters: delimiters)
        if let header { w.consume(header) }
        walker = w
        lastTransaction { $0.guide = "\(guide.transactionSet) \(guide.version) \(guide.name)" }
    }

    private mutating func endTransaction() {
        guard var w = walker else { return }
        w.finish()
        walker = nil
        lastTransaction { $0.findings += w.findings }
    }

    private mutating func appendTransaction(_ t: ValidationReport.Transaction) {
        if report.groups.isEmpty {
            report.groups.append(.init(functionalID: "", sender: "", receiver: "", controlNumber: "", version: ""))
        }
        report.groups[report.groups.count - 1].transactions.append(t)
    }

    private mutating func lastTransaction(_ change: (inout ValidationReport.Transaction) -> Void) {
        guard let g = report.groups.indices.last, let t = report.groups[g].transactions.indices.last else { return }
        change(&report.groups[g].transactions[t])
    }

    private mutating func collectEnvelopeErrors() {
        let errors = envelopes.errors
        guard errors.count > reportedEnvelopeErrors else { return }
        for e in errors[reportedEnvelopeErrors...] { record(e) }
        reportedEnvelopeErrors = errors.count
    }

    private mutating func record(_ e: X12SyntaxError) {
        let (level, code): (Finding.Level, String) = switch e.ackCode {
        case .interchange(let c): (.interchange, c)
        case .group(let c): (.group, c)
        case .transaction(let c): (.transaction, c)
        }
        let finding = Finding(level: level, code: code, message: e.message, segmentIndex: e.segmentIndex ?? 0, segmentID: e.segmentID ?? "",
                              line: e.line, element: e.element)
        switch level {
        case .transaction where report.groups.last?.transactions.isEmpty == false:
            lastTransaction { $0.findings.append(finding) }
        case .group where !report.groups.isEmpty:
            report.groups[report.groups.count - 1].findings.append(finding)
        default:
            report.interchangeFindings.append(finding)
        }
    }
}

public enum X12Validator {
    /// Reads and validates `bytes`, fed in chunks of `chunkSize` as a large file would be.
    /// `onSegment` sees each segment with its place in the guide (nil outside a transaction set with a guide).
    public static func validate(_ bytes: some Collection<UInt8>, guides: [ImplementationGuide], envelope: ImplementationGuide? = nil,
                                chunkSize: Int = 1 << 16, onSegment: ((Segment, TransactionWalker.Placement?) -> Void)? = nil) -> ValidationReport {
        var session = ValidationSession(guides: guides, envelope: envelope)
        var tokenizer = Tokenizer()
        var readingError: X12SyntaxError?
        do throws(X12SyntaxError) {
            var rest = bytes[...]
            while !rest.isEmpty {
                let chunk = rest.prefix(chunkSize)
                rest = rest.dropFirst(chunk.count)
                let segments = try tokenizer.feedBatch(chunk)
                if let d = tokenizer.delimiters {
                    if let onSegment {
                        for s in segments { onSegment(s, session.consume(s, delimiters: d)) }
                    } else {
                        session.consume(segments, delimiters: d)
                    }
                }
            }
            try tokenizer.finish()
        } catch {
            readingError = error
        }
        var report = session.finish(readingError: readingError)
        report.delimiters = tokenizer.delimiters
        return report
    }
}
