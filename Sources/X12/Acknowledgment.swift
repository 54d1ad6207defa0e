/// Acknowledgments written from a validation report: the 999 (005010X231A1) for functional groups and transaction
/// sets, and the TA1 for the interchange.

public struct AcknowledgmentEnvelope: Sendable {
    /// ISA09/GS04 dates and ISA10/GS05 time of the acknowledgment, e.g. "20261130" and "0215".
    public var date: String
    public var time: String
    public var interchangeControlNumber: Int
    public var groupControlNumber: Int

    public init(date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) {
        self.date = date; self.time = time
        self.interchangeControlNumber = interchangeControlNumber; self.groupControlNumber = groupControlNumber
    }
}

public enum Acknowledgment {
    /// A complete interchange answering `report`: a TA1 when the interchange envelope has errors, and a 999 per
    /// functional group. Sender and receiver are those of the file acknowledged, swapped.
    public static func interchange(for report: ValidationReport, envelope: AcknowledgmentEnvelope) -> String {
        let d = report.delimiters ?? SegmentWriter.standard
        var w = SegmentWriter(delimiters: d)
        let isa = report.interchangeHeader
        func field(_ n: Int, _ fallback: String) -> String { isa.map { $0[n] }.flatMap { $0.isEmpty ? nil : $0 } ?? fallback }
        let control = padded(envelope.interchangeControlNumber, 9)
        w.segment("ISA", ["00", "          ", "00", "          ",
                          field(7, "ZZ"), fixed(field(8, "RECEIVER"), 15), field(5, "ZZ"), fixed(field(6, "SENDER"), 15),
                          String(envelope.date.suffix(6)), envelope.time, d.repetition.map { String(Unicode.Scalar($0)) } ?? "U", "00501",
                          control, "0", field(15, "P"), String(Unicode.Scalar(d.component))])
        var groups = 0
        if let isa, let first = report.interchangeFindings.first {
            w.segment("TA1", [isa[13], isa[9], isa[10], "R", noteCode(first)])
        }
        let acknowledgedGroups = report.groups.filter { !$0.functionalID.isEmpty || !$0.transactions.isEmpty }
        if !acknowledgedGroups.isEmpty {
            groups = 1
            let groupControl = String(envelope.groupControlNumber)
            let first = acknowledgedGroups[0]
            w.segment("GS", ["FA", first.receiver.isEmpty ? field(8, "RECEIVER").trimmingSpaces : first.receiver,
                             first.sender.isEmpty ? field(6, "SENDER").trimmingSpaces : first.sender,
                             envelope.date, envelope.time, groupControl, "X", "005010X231A1"])
            for (n, group) in acknowledgedGroups.enumerated() {
                implementationAcknowledgment(group, controlNumber: padded(n + 1, 4), into: &w)
            }
            w.segment("GE", [String(acknowledgedGroups.count), groupControl])
        }
        w.segment("IEA", [String(groups), control])
        return w.text
    }

    /// The 999 transaction set for one functional group.
    static func implementationAcknowledgment(_ group: ValidationReport.Group, controlNumber: String, into w: inout SegmentWriter) {
        let start = w.count
        w.segment("ST", ["999", controlNumber, "005010X231A1"])
        w.segment("AK1", [group.functionalID, group.controlNumber, group.version])
        var accepted = 0
        for t in group.transactions {
            w.segment("AK2", [t.id, t.controlNumber, t.version])
            var bySegment: [(Int, [Finding])] = []
            for f in t.findings where f.level == .segment || f.level == .element {
                let key = f.segmentIndex * 2 + (f.level == .segment && f.code == "3" ? 1 : 0)
                if let i = bySegment.lastIndex(where: { $0.0 == key }) { bySegment[i].1.append(f) } else { bySegment.append((key, [f])) }
            }
            for (_, findings) in bySegment {
                let head = findings[0]
                let segmentCode = findings.first { $0.level == .segment }?.code ?? "8"
                // IK303 holds at most four characters: the loop's number without the letters that tell its kinds
                // apart (2010AA is reported as 2010).
                w.segment("IK3", [head.segmentID, head.positionInTransaction.map(String.init) ?? "", head.loop.map { String($0.prefix(4)) } ?? "", segmentCode])
                for f in findings where f.level == .element && f.element != nil {
                    var position = String(f.element!)
                    if f.component != nil || f.repetition != nil {
                        position += f.component.map { w.componentSeparator + String($0) } ?? w.componentSeparator
                        if let r = f.repetition { position += w.componentSeparator + String(r) }
                    }
                    w.segment("IK4", [position, f.elementReference ?? "", f.code, w.clean(f.value ?? "", maxLength: 99)])
                }
            }
            let transactionCodes = t.findings.filter { $0.level == .transaction }.map(\.code)
            let hasSegmentErrors = t.findings.contains { $0.level == .segment || $0.level == .element }
            let codes = Array((transactionCodes + (hasSegmentErrors ? ["5"] : [])).prefix(5))
            if t.isAccepted { accepted += 1 }
            w.segment("IK5", [t.isAccepted ? "A" : "R"] + codes)
        }
        let total = group.transactions.count
        // E: every transaction set accepted, but the group envelope itself has errors.
        let verdict = accepted == total ? (group.findings.isEmpty ? "A" : "E") : accepted == 0 ? "R" : "P"
        w.segment("AK9", [verdict, String(total), String(total), String(accepted)] + group.findings.filter { $0.level == .group }.prefix(5).map(\.code))
        w.segment("SE", [String(w.count - start + 1), controlNumber])
    }

    /// The TA105 note code for an interchange finding: its own for envelope errors, the one for the ISA element in
    /// error, else 024 (invalid interchange content).
    static func noteCode(_ f: Finding) -> String {
        if f.level == .interchange { return f.code }
        guard f.segmentID == "ISA", let element = f.element else { return "024" }
        let byElement = [1: "010", 2: "011", 3: "012", 4: "013", 5: "005", 6: "006", 7: "007", 8: "008", 9: "014", 10: "015",
                         11: "026", 12: "017", 13: "018", 14: "019", 15: "020", 16: "027"]
        return byElement[element] ?? "024"
    }

    private static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func fixed(_ s: String, _ width: Int) -> String {
        let t = s.trimmingSpaces
        return t.count >= width ? String(t.prefix(width)) : t + String(repeating: " ", count: width - t.count)
    }
}

/// Writes segments with the given delimiters, one per line.
/// Growable bytes written through a raw pointer: no uniqueness check or call per byte appended. Owned by one
/// `SegmentWriter`, which copies it before writing when it is shared.
final class WriteBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// False while the bytes go into memory lent by `SegmentWriter.text(delimiters:estimatedCount:_:)` (a string's
    /// storage being initialised); growing past it moves them into memory of its own.
    private(set) var ownsMemory = true
    /// Whether lent memory may still be written: the lender ends it when it takes the text.
    final class Loan: @unchecked Sendable { var open = true }
    private(set) var loan: Loan?

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Writes into `lent` while `loan` is open.
    init(lent: UnsafeMutableBufferPointer<UInt8>, loan: Loan) {
        base = lent.baseAddress!
        capacity = lent.count
        ownsMemory = false
        self.loan = loan
    }

    deinit { if ownsMemory { base.deallocate() } }

    /// Lent memory whose loan has ended: a copy of the writer kept past `text(...)` must not read or write it.
    @inline(__always) var isClosedLoan: Bool { !ownsMemory && loan?.open != true }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    func copy() -> WriteBuffer {
        guard !isClosedLoan else { return WriteBuffer(capacity: 16) }
        let other = WriteBuffer(capacity: capacity)
        other.base.initialize(from: base, count: count)
        other.count = count
        return other
    }

    @inline(__always) func append(_ b: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = b
        count += 1
    }

    @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        var i = 0
        while i < bytes.count { base[count + i] = bytes[i]; i += 1 }
        count += bytes.count
    }

    /// Appends the bytes that are in the set given as two 64-bit masks over 0...127; returns how many it wrote.
    @inline(__always) func appendFitting(_ bytes: UnsafeBufferPointer<UInt8>, low: UInt64, high: UInt64) -> Int {
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        var written = 0
        for b in bytes {
            let mask = b < 64 ? low : high
            base[count + written] = b
            written &+= b < 128 ? Int(truncatingIfNeeded: mask >> UInt64(b & 63) & 1) : 0
        }
        count += written
        return written
    }

    func truncate(to mark: Int) { count = min(count, mark) }

    private func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        if ownsMemory { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsMemory = true
        loan = nil
    }
}

public struct SegmentWriter: Sendable {
    public let delimiters: Delimiters
    private var buffer: WriteBuffer
    /// Segments written so far.
    public private(set) var count = 0
    /// Printable ASCII but the delimiters, as a bit set over 0...127: what may stand in an element.
    private let fitLow: UInt64, fitHigh: UInt64
    /// Separators owed before the next value: empty elements (or components) are written only when a value follows.
    private var owedElements = 0, owedComponents = 0
    /// Inside a composite: whether a component has been written yet, and the next component's number.
    private var compositeWritten = false, componentIndex = 0

    public init(delimiters: Delimiters) {
        self.init(delimiters: delimiters, buffer: WriteBuffer(capacity: 1 << 16))
    }

    init(delimiters: Delimiters, buffer: WriteBuffer) {
        self.delimiters = delimiters
        self.buffer = buffer
        var low: UInt64 = 0, high: UInt64 = 0
        for b in UInt8(0x20)...UInt8(0x7E) where ![delimiters.element, delimiters.component, delimiters.segment, delimiters.repetition].contains(b) {
            if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) }
        }
        fitLow = low; fitHigh = high
    }

    public var text: String { buffer.isClosedLoan ? "" : String(decoding: buffer.bytes, as: UTF8.self) }

    /// The text `body` writes, written straight into the string's own storage when it fits in `estimatedCount`
    /// bytes: a large interchange is then neither copied at the end nor grown step by step (each step a copy into
    /// fresh memory the system has to fault in). A longer text is still written whole, through a buffer that grows.
    /// The writer is for `body` only: a copy of it kept afterwards starts empty.
    public static func text(delimiters: Delimiters, estimatedCount: Int, _ body: (inout SegmentWriter) -> Void) -> String {
        var spilled: String?
        let text = String(unsafeUninitializedCapacity: max(estimatedCount, 16)) { storage in
            // The loan, not the buffer, is what this function holds: a second reference to the buffer would make
            // the writer copy it at its first write.
            let loan = WriteBuffer.Loan()
            var w = SegmentWriter(delimiters: delimiters, buffer: WriteBuffer(lent: storage, loan: loan))
            body(&w)
            let written = w.buffer.loan === loan && !w.buffer.ownsMemory ? w.buffer.count : 0
            if written == 0 { spilled = w.text }
            loan.open = false
            return written
        }
        return spilled ?? text
    }

    /// Called before each write: a copy of the writer gets its own bytes the first time it writes.
    @inline(__always) private mutating func own() {
        if !isKnownUniquelyReferenced(&buffer) || buffer.isClosedLoan { buffer = buffer.copy() }
    }

    private mutating func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ buffer.append($0) }) == nil { for b in text.utf8 { buffer.append(b) } }
    }

    /// The usual delimiters: * element, : component, ^ repetition, ~ segment.
    public static let standard = Delimiters(element: UInt8(ascii: "*"), component: UInt8(ascii: ":"), repetition: UInt8(ascii: "^"), segment: UInt8(ascii: "~"))

    public var componentSeparator: String { String(Unicode.Scalar(delimiters.component)) }

    /// A whole segment from element texts written as they are (the caller cleans them). Trailing empty elements are
    /// dropped unless `keepTrailing` (to write back exactly what was read).
    public mutating func segment(_ id: String, _ elements: [String], keepTrailing: Bool = false) {
        own()
        var last = elements.count
        while !keepTrailing, last > 0, elements[last - 1].isEmpty { last -= 1 }
        append(id)
        for i in 0..<last {
            buffer.append(delimiters.element)
            append(elements[i])
        }
        endSegment()
    }

    // Writing a segment element by element: `start`, then `element`, `amount`, `number` or a composite
    // (`startComposite`, `component`...), then `end`. Values are cleaned of delimiters and characters outside the
    // X12 set as they are copied, and empty elements at the end are left out; nothing is allocated per element.

    public mutating func start(_ id: String) {
        own()
        append(id)
        owedElements = 0
    }

    public mutating func element(_ value: String?) {
        own()
        owedElements += 1
        guard let value, !value.isEmpty else { return }
        append(value) { w in w.payElements() }
    }

    /// An amount in dollars from cents, as X12 writes it: no trailing zeros after the point, no point for whole dollars.
    public mutating func amount(_ cents: Int) {
        own()
        owedElements += 1
        payElements()
        if cents < 0 { buffer.append(UInt8(ascii: "-")) }
        let v = cents.magnitude
        appendDigits(v / 100)
        let fraction = v % 100
        guard fraction != 0 else { return }
        buffer.append(UInt8(ascii: "."))
        buffer.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { buffer.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }

    public mutating func number(_ n: Int) {
        own()
        owedElements += 1
        payElements()
        if n < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDigits(n.magnitude)
    }

    public mutating func startComposite() {
        owedElements += 1
        compositeWritten = false
        componentIndex = 0
        owedComponents = 0
    }

    /// The next component of the composite started last; trailing empty components are left out.
    public mutating func component(_ value: String?) {
        own()
        if componentIndex > 0 { owedComponents += 1 }
        componentIndex += 1
        guard let value, !value.isEmpty else { return }
        append(value) { w in w.payComponents() }
    }

    /// A whole number as the next component of the composite started last.
    public mutating func component(_ n: Int) {
        own()
        if componentIndex > 0 { owedComponents += 1 }
        componentIndex += 1
        payComponents()
        if n < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDigits(n.magnitude)
    }

    @inline(__always) private mutating func payComponents() {
        if !compositeWritten { payElements(); compositeWritten = true }
        for _ in 0..<owedComponents { buffer.append(delimiters.component) }
        owedComponents = 0
    }

    public mutating func end() {
        own()
        endSegment()
    }

    private mutating func endSegment() {
        buffer.append(delimiters.segment)
        buffer.append(0x0A)
        count += 1
    }

    @inline(__always) private mutating func payElements() {
        for _ in 0..<owedElements { buffer.append(delimiters.element) }
        owedElements = 0
    }

    private mutating func appendDigits(_ v: UInt) {
        if v >= 10 { appendDigits(v / 10) }
        buffer.append(UInt8(ascii: "0") + UInt8(v % 10))
    }

    /// Appends the bytes of `value` that fit, after `pay` (the separators owed) when any does. One pass: the
    /// separators are paid first and taken back if no byte of the value fits.
    private mutating func append(_ value: String, pay: (inout SegmentWriter) -> Void) {
        let owed = (owedElements, owedComponents, compositeWritten), mark = buffer.count
        pay(&self)
        let written = value.utf8.withContiguousStorageIfAvailable { buffer.appendFitting($0, low: fitLow, high: fitHigh) }
            ?? Array(value.utf8).withUnsafeBufferPointer { buffer.appendFitting($0, low: fitLow, high: fitHigh) }
        if written == 0 {
            buffer.truncate(to: mark)
            (owedElements, owedComponents, compositeWritten) = owed
        }
    }

    /// A copy of bad data fit to be sent back: no delimiters, printable, bounded.
    public func clean(_ value: String, maxLength: Int = 1 << 20) -> String { Self.clean(value, delimiters: delimiters, maxLength: maxLength) }

    /// `value` fit to be an element: no delimiters, printable ASCII, at most `maxLength` bytes. A value that is
    /// already fit (the usual case) is returned as it is.
    public static func clean(_ value: String, delimiters: Delimiters, maxLength: Int = 1 << 20) -> String {
        let repetition = delimiters.repetition ?? delimiters.element
        func fits(_ b: UInt8) -> Bool {
            b >= 0x20 && b <= 0x7E && b != delimiters.element && b != delimiters.component && b != delimiters.segment && b != repetition
        }
        let utf8 = value.utf8
        if utf8.count <= maxLength, utf8.allSatisfy(fits) { return value }
        return String(decoding: utf8.filter(fits).prefix(maxLength), as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
