import X12

/// Reads a file into its typed model and writes that model back with Revcycle's own writer: the check that the model
/// holds what the writers need, and the way to normalise a file (`x12 roundtrip --typed`). Unlike the loop round
/// trip, the output is not the same bytes: what the model does not keep is not written.
public struct TypedRoundtrip: Sendable {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notX12(String)
        /// The writers write one transaction set per interchange.
        case transactionCount(Int)
        /// The transaction set has no typed model (ST01 and ST03).
        case untyped(String)

        public var description: String {
            switch self {
            case .notX12(let why): "not X12: \(why)"
            case .transactionCount(let n): "the file has \(n) transaction sets; the typed writers write one per interchange"
            case .untyped(let what): "transaction set \(what) has no typed model; only its loops can be written back"
            }
        }
    }

    /// The interchange the typed writer wrote.
    public var text: String
    /// The written interchange, validated as any file is.
    public var report: ValidationReport
    /// Whether the written interchange reads back into the same typed model.
    public var readsBackEqual: Bool

    public static func run(_ bytes: some Collection<UInt8>) throws -> TypedRoundtrip {
        let (report, document) = try HealthCareValidation.read(bytes)
        guard let document, let isa = report.interchangeHeader else {
            throw Failure.notX12(report.findings.first.map(String.init(describing:)) ?? "no ISA")
        }
        let parsed = ParsedFile(report: report, document: document)
        guard parsed.transactions.count == 1, let transaction = parsed.transactions.first else {
            throw Failure.transactionCount(parsed.transactions.count)
        }
        let gs = document.parts.lazy.compactMap { part -> Segment? in
            if case .envelope(let s) = part, s.isID("GS") { s } else { nil }
        }.first
        let parties = InterchangeParties(interchange: isa, group: gs)
        guard let text = transaction.write(parties: parties, date: gs?[4] ?? "", time: gs?[5] ?? "",
                                           interchangeControlNumber: Int(isa[13]) ?? 1, groupControlNumber: Int(gs?[6] ?? "") ?? 1) else {
            let st = document.transactions.first?.segment("ST")
            throw Failure.untyped([st?[1], st?[3]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
        }
        let (writtenReport, writtenDocument) = try HealthCareValidation.read(Array(text.utf8))
        let back = ParsedFile(report: writtenReport, document: writtenDocument).transactions
        return TypedRoundtrip(text: text, report: writtenReport, readsBackEqual: back.count == 1 && back[0].hasSameModel(as: transaction.asWritten))
    }
}

extension ParsedFile.Transaction {
    /// The transaction written by its typed writer as a whole interchange; nil when it has no typed model.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String? {
        switch self {
        case .claims(let c) where c.kind == "institutional":
            ClaimWriter.institutional(c, parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber,
                                      groupControlNumber: groupControlNumber)
        case .claims(let c):
            ClaimWriter.professional(c, parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber,
                                     groupControlNumber: groupControlNumber)
        case .remittance(let r):
            RemittanceWriter.write(r, parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber,
                                   groupControlNumber: groupControlNumber)
        case .acknowledgment(let a):
            a.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .eligibilityInquiry(let e):
            e.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .eligibilityResponse(let e):
            e.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .claimStatusInquiry(let s):
            s.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .claimStatusResponse(let s):
            s.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .reviewRequest(let r):
            r.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .reviewResponse(let r):
            r.write(parties: parties, date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        case .loops: nil
        }
    }

    /// The model as its writer writes it: 837 lines are numbered from 1 in each claim and those without a line item
    /// control number get the one written for them; the subscriber's relationship is 18 (self) when there is no
    /// other patient, and a subscriber who is not the patient has no demographics (the guide says not to send them).
    var asWritten: Self {
        guard case .claims(var batch) = self else { return self }
        for c in batch.claims.indices {
            let isPatient = batch.claims[c].patient == nil
            batch.claims[c].subscriber?.relationship = isPatient ? "18" : nil
            if !isPatient {
                batch.claims[c].subscriber?.birthDate = nil
                batch.claims[c].subscriber?.gender = nil
            }
            for n in batch.claims[c].serviceLines.indices {
                batch.claims[c].serviceLines[n].lineNumber = n + 1
                batch.claims[c].serviceLines[n].lineControlNumber = batch.claims[c].lineControlNumber(n)
            }
        }
        return .claims(batch)
    }

    /// Whether both hold the same typed model; transaction sets read only as loops are never the same model.
    public func hasSameModel(as other: Self) -> Bool {
        switch (self, other) {
        case (.claims(let a), .claims(let b)): a == b
        case (.remittance(let a), .remittance(let b)): a == b
        case (.acknowledgment(let a), .acknowledgment(let b)): a == b
        case (.eligibilityInquiry(let a), .eligibilityInquiry(let b)): a == b
        case (.eligibilityResponse(let a), .eligibilityResponse(let b)): a == b
        case (.claimStatusInquiry(let a), .claimStatusInquiry(let b)): a == b
        case (.claimStatusResponse(let a), .claimStatusResponse(let b)): a == b
        case (.reviewRequest(let a), .reviewRequest(let b)): a == b
        case (.reviewResponse(let a), .reviewResponse(let b)): a == b
        default: false
        }
    }
}

extension InterchangeParties {
    /// The parties an interchange names: ISA05 to ISA08 and ISA15, GS02 and GS03.
    public init(interchange isa: Segment, group gs: Segment?) {
        func trimmed(_ s: String) -> String { String(s.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        self.init(senderQualifier: isa[5], senderID: trimmed(isa[6]), receiverQualifier: isa[7], receiverID: trimmed(isa[8]),
                  applicationSender: gs.map { $0[2] }, applicationReceiver: gs.map { $0[3] }, usage: isa[15])
    }
}
