import X12

/// Who sends and receives an interchange, as ISA and GS name them.
public struct InterchangeParties: Sendable, Equatable {
    /// ISA05/06 and ISA07/08: qualifier (ZZ mutually defined, 30 tax id, ...) and id.
    public var senderQualifier: String
    public var senderID: String
    public var receiverQualifier: String
    public var receiverID: String
    /// GS02/GS03 application sender and receiver codes.
    public var applicationSender: String
    public var applicationReceiver: String
    /// ISA15: T test, P production.
    public var usage: String

    public init(senderQualifier: String = "ZZ", senderID: String, receiverQualifier: String = "ZZ", receiverID: String,
                applicationSender: String? = nil, applicationReceiver: String? = nil, usage: String = "P") {
        self.senderQualifier = senderQualifier; self.senderID = senderID; self.receiverQualifier = receiverQualifier
        self.receiverID = receiverID; self.applicationSender = applicationSender ?? senderID
        self.applicationReceiver = applicationReceiver ?? receiverID; self.usage = usage
    }

    /// ISA, GS and the ST of one transaction set; the answer is where the transaction set starts, for `close`.
    /// `versionInST` false leaves ST03 out (GS08 names the guide).
    public func open(_ w: inout SegmentWriter, functionalID: String, transactionSet: String, controlNumber: String, version: String,
                     versionInST: Bool = true, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> Int {
        let d = w.delimiters
        func v(_ s: String) -> String { SegmentWriter.clean(s, delimiters: d) }
        w.segment("ISA", ["00", Self.pad("", 10), "00", Self.pad("", 10), senderQualifier, Self.pad(v(senderID), 15),
                          receiverQualifier, Self.pad(v(receiverID), 15), Self.digits(String(date.suffix(6)), 6), Self.digits(String(time.prefix(4)), 4),
                          d.repetition.map { String(Unicode.Scalar($0)) } ?? "U", "00501",
                          Self.zeroPadded(interchangeControlNumber, 9), "0", usage, w.componentSeparator])
        w.segment("GS", [functionalID, v(applicationSender), v(applicationReceiver), date, time, String(groupControlNumber), "X", version])
        let start = w.count
        w.start("ST"); w.element(transactionSet); w.element(controlNumber); w.element(versionInST ? version : nil); w.end()
        return start
    }

    /// SE for the transaction set that started at segment `transactionStart` (counted by `w`), then GE and IEA closing
    /// what `open` opened (one transaction set in one group); the whole interchange as text.
    public func close(_ w: inout SegmentWriter, transactionStart: Int, controlNumber: String, interchangeControlNumber: Int,
                      groupControlNumber: Int) -> String {
        writeClose(&w, transactionStart: transactionStart, controlNumber: controlNumber, interchangeControlNumber: interchangeControlNumber,
                   groupControlNumber: groupControlNumber)
        return w.text
    }

    /// The segments of `close`, without making the text.
    func writeClose(_ w: inout SegmentWriter, transactionStart: Int, controlNumber: String, interchangeControlNumber: Int,
                    groupControlNumber: Int) {
        w.start("SE"); w.number(w.count - transactionStart + 1); w.element(controlNumber); w.end()
        w.segment("GE", ["1", String(groupControlNumber)])
        w.segment("IEA", ["1", Self.zeroPadded(interchangeControlNumber, 9)])
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
    }

    /// ISA09 and ISA10 are fixed-width: YYMMDD and HHMM (a GS time may have seconds, an ISA time may not).
    static func digits(_ s: String, _ width: Int) -> String {
        let kept = s.filter(\.isASCIIDigit)
        return String(repeating: "0", count: max(0, width - kept.count)) + kept
    }

    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

/// Model values as element text: delimiters taken out, composites joined with trailing empty components dropped.
struct ElementText: Sendable {
    let delimiters: Delimiters

    func value(_ s: String?) -> String { SegmentWriter.clean(s ?? "", delimiters: delimiters) }

    func composite(_ parts: [String?]) -> String {
        var parts = parts.map(value)
        while parts.last?.isEmpty == true { parts.removeLast() }
        return parts.joined(separator: String(Unicode.Scalar(delimiters.component)))
    }
}
