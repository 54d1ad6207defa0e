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
                w.segment("IK3", [head.segmentID, head.positionInTransaction.map(String.init) ?? "", head.loop ?? "", segmentCode])
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
public struct SegmentWriter: Sendable {
    public let delimiters: Delimiters
    public private(set) var text = ""
    /// Segments written so far.
    public private(set) var count = 0

    public init(delimiters: Delimiters) { self.delimiters = delimiters }

    /// The usual delimiters: * element, : component, ^ repetition, ~ segment.
    public static let standard = Delimiters(element: UInt8(ascii: "*"), component: UInt8(ascii: ":"), repetition: UInt8(ascii: "^"), segment: UInt8(ascii: "~"))

    public var componentSeparator: String { String(Unicode.Scalar(delimiters.component)) }

    /// Trailing empty elements are dropped unless `keepTrailing` (to write back exactly what was read).
    public mutating func segment(_ id: String, _ elements: [String], keepTrailing: Bool = false) {
        var elements = elements
        while !keepTrailing, elements.last?.isEmpty == true { elements.removeLast() }
        let separator = String(Unicode.Scalar(delimiters.element))
        text += ([id] + elements).joined(separator: separator) + String(Unicode.Scalar(delimiters.segment)) + "\n"
        count += 1
    }

    /// A copy of bad data fit to be sent back: no delimiters, printable, bounded.
    public func clean(_ value: String, maxLength: Int = 1 << 20) -> String { Self.clean(value, delimiters: delimiters, maxLength: maxLength) }

    /// `value` fit to be an element: no delimiters, printable ASCII, at most `maxLength` bytes.
    public static func clean(_ value: String, delimiters: Delimiters, maxLength: Int = 1 << 20) -> String {
        let delimiterBytes = Set([delimiters.element, delimiters.component, delimiters.segment] + (delimiters.repetition.map { [$0] } ?? []))
        let kept = value.utf8.filter { $0 >= 0x20 && $0 <= 0x7E && !delimiterBytes.contains($0) }
        return String(decoding: kept.prefix(maxLength), as: UTF8.self)
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
