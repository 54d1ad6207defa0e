import Foundation
import HealthCareX12
import X12

/// The clearinghouse's side of a drop folder, for tests, demos and `revcycle sandbox`: it takes each file Revcycle put
/// in `outbox/`, validates it with the implementation guides, keeps it in `clearinghouse/received/`, and answers in
/// `inbox/` with a 999 (and a TA1 when the interchange envelope is broken), as a clearinghouse's front end does.
/// Behind it sits a sandbox payer (`SandboxAdjudicator` with a `PayerContract`): each 837 transaction set the 999
/// accepts is answered with a 277CA and its 835s, each 276 with a 277; what the payer decided is kept in
/// `clearinghouse/sandbox-state.json` (`SandboxLedger`).
public struct SandboxClearinghouse: Sendable {
    /// One file taken from the outbox and what the sandbox answered.
    public struct Answer: Sendable, Hashable {
        public var file: String
        public var accepted: Bool
        /// Guide and syntax findings that made the sandbox reject part or all of the file.
        public var findings: Int
        /// The acknowledgment's name in the inbox.
        public var acknowledgment: String
        /// The payer's answers written to the inbox after the 999: 277CA and 835 for an 837, 277 for a 276.
        public var responses: [String] = []
    }

    let folders: DropFolderTransport
    public let adjudicator: SandboxAdjudicator
    var received: URL { folders.root.appendingPathComponent("clearinghouse/received") }
    /// The payer's memory (`SandboxLedger`), in the sandbox's own folder.
    public var stateFile: URL { folders.root.appendingPathComponent("clearinghouse/sandbox-state.json") }

    public init(folders: DropFolderTransport, contract: PayerContract = .demo) throws {
        self.folders = folders
        self.adjudicator = SandboxAdjudicator(contract: contract)
        do {
            try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        } catch {
            throw TransportError.folder(path: received.path, reason: "cannot be created: \(error.localizedDescription)")
        }
    }

    /// Answers every file waiting in the outbox, oldest name first. `date` (CCYYMMDD) and `time` (HHMM) stamp the
    /// acknowledgments; their control numbers follow the files the sandbox has received so far. `date` is also the day
    /// the payer receives, adjudicates and pays the claims.
    public func answerOutbox(date: String, time: String) throws -> [Answer] {
        var ledger = try SandboxLedger.load(stateFile)
        let manager = FileManager.default
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folders.outbox.path).filter(TransportError.isValidName).sorted()
        } catch {
            throw TransportError.folder(path: folders.outbox.path, reason: "cannot be listed: \(error.localizedDescription)")
        }
        var answers: [Answer] = []
        for name in names {
            let source = folders.outbox.appendingPathComponent(name)
            guard let bytes = manager.contents(atPath: source.path) else { throw TransportError.file(path: source.path, reason: "cannot be read") }
            let number = try receivedCount() + 1
            let (report, document) = try HealthCareValidation.read(bytes)
            let text = Acknowledgment.interchange(for: report, envelope: AcknowledgmentEnvelope(date: date, time: time, interchangeControlNumber: number,
                                                                                              groupControlNumber: number))
            // Within the names a transport reads, however long the file's own name.
            let answer = Self.responseName("999", 0, name)
            try deliver(Data(text.utf8), as: answer)
            let responses = try respond(to: report, document, file: name, date: date, time: time, ledger: &ledger)
            // The payer's decisions are kept before the file leaves the outbox: run again, a file still there is
            // answered again, but its claims are then duplicates and are not paid twice.
            try ledger.save(stateFile)
            try keep(source, name)
            answers.append(Answer(file: name, accepted: report.isValid, findings: report.findings.count, acknowledgment: answer, responses: responses))
        }
        return answers
    }

    /// Pays the pended claims due on `date`: their 835s, `835-CCYYMMDD-NAME` after the 837 they came in, written to the
    /// inbox. Nothing to do when the contract pends nothing.
    public func payPending(date: String, time: String) throws -> [String] {
        var ledger = try SandboxLedger.load(stateFile)
        guard !ledger.pending.isEmpty else { return [] }
        var senders: [String: SandboxLedger.PendingClaims] = [:]
        for batch in ledger.pending { if let file = batch.claims.first?.file { senders[file] = batch } }
        let released = adjudicator.release(on: date, ledger: ledger)
        ledger = released.ledger
        var written: [String] = []
        for (file, remittances) in released.payments {
            let sender = senders[file]
            let parties = InterchangeParties(senderID: String((adjudicator.contract.payer.id ?? "SANDBOX").prefix(15)),
                                             receiverQualifier: sender?.senderQualifier ?? "ZZ", receiverID: sender?.senderID ?? "REVCYCLE",
                                             usage: sender?.usage ?? "P")
            for (n, era) in remittances.enumerated() {
                let number = ledger.nextInterchange
                ledger.nextInterchange += 1
                let name = Self.responseName("835-\(date)", n, file)
                try deliver(Data(RemittanceWriter.write(era, parties: parties, date: date, time: time, interchangeControlNumber: number,
                                                        groupControlNumber: number).utf8), as: name)
                written.append(name)
            }
        }
        try ledger.save(stateFile)
        return written
    }

    /// The payer's answers to the transaction sets the 999 accepted: a 277CA and 835s per 837, a 277 per 276.
    func respond(to report: ValidationReport, _ document: X12Document?, file: String, date: String, time: String,
                 ledger: inout SandboxLedger) throws -> [String] {
        guard let document, let isa = report.interchangeHeader else { return [] }
        let component = Character(Unicode.Scalar(document.delimiters.component))
        let trimmed = { (s: String) in String(s.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        let parties = InterchangeParties(senderID: String((adjudicator.contract.payer.id ?? "SANDBOX").prefix(15)), receiverQualifier: isa[5],
                                         receiverID: trimmed(isa[6]), usage: isa[15] == "T" ? "T" : "P")
        var written: [String] = [], claimSets = 0, statusSets = 0
        func write(_ kind: String, _ index: Int, _ make: (Int) -> String) throws {
            let number = ledger.nextInterchange
            ledger.nextInterchange += 1
            let name = Self.responseName(kind, index, file)
            try deliver(Data(make(number).utf8), as: name)
            written.append(name)
        }
        for (checked, transaction) in zip(report.transactions, document.transactions) where checked.isAccepted {
            switch transaction.segment("ST")?[1] {
            case "837":
                let batch = ClaimTransaction(transaction, component: component)
                let pendingBefore = ledger.pending.count
                let outcome = adjudicator.adjudicate(batch, receivedOn: date, ledger: ledger, file: file)
                ledger = outcome.ledger
                if ledger.pending.count > pendingBefore, let last = ledger.pending.indices.last {
                    ledger.pending[last].senderQualifier = parties.receiverQualifier
                    ledger.pending[last].senderID = parties.receiverID
                    ledger.pending[last].usage = parties.usage
                }
                try write("277CA", claimSets) { outcome.acknowledgment.write(parties: parties, date: date, time: time, interchangeControlNumber: $0,
                                                                             groupControlNumber: $0) }
                for (n, era) in outcome.remittances.enumerated() {
                    try write("835", claimSets + n) { RemittanceWriter.write(era, parties: parties, date: date, time: time, interchangeControlNumber: $0,
                                                                             groupControlNumber: $0) }
                }
                claimSets += max(1, outcome.remittances.count)
            case "276":
                let answer = adjudicator.answer(ClaimStatusInquiry(transaction, component: component), on: date, ledger: ledger)
                try write("277", statusSets) { answer.write(parties: parties, date: date, time: time, interchangeControlNumber: $0, groupControlNumber: $0) }
                statusSets += 1
            default:
                break
            }
        }
        return written
    }

    /// `KIND-NAME` for the first answer of its kind to a file, `KIND-2-NAME`... after it; within the 200 characters a
    /// transport reads.
    static func responseName(_ kind: String, _ index: Int, _ file: String) -> String {
        String((index == 0 ? "\(kind)-\(file)" : "\(kind)-\(index + 1)-\(file)").prefix(200))
    }

    /// Moves a file taken from the outbox into `received/`; a name received before is kept beside it as `name.1`...
    func keep(_ source: URL, _ name: String) throws {
        var target = received.appendingPathComponent(name)
        var copy = 0
        while FileManager.default.fileExists(atPath: target.path) {
            copy += 1
            target = received.appendingPathComponent("\(name).\(copy)")
        }
        do {
            try FileManager.default.moveItem(at: source, to: target)
        } catch {
            throw TransportError.file(path: source.path, reason: "cannot be moved to \(received.path): \(error.localizedDescription)")
        }
    }

    func receivedCount() throws -> Int {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: received.path).count
        } catch {
            throw TransportError.folder(path: received.path, reason: "cannot be listed: \(error.localizedDescription)")
        }
    }

    /// Written under a dot name and renamed, as a clearinghouse's SFTP server does, so the inbox never shows half a file.
    func deliver(_ contents: Data, as name: String) throws {
        let partial = folders.inbox.appendingPathComponent(".\(name).part"), final = folders.inbox.appendingPathComponent(name)
        do {
            try contents.write(to: partial)
            if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: final) }
            try FileManager.default.moveItem(at: partial, to: final)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw TransportError.file(path: final.path, reason: "cannot be written: \(error.localizedDescription)")
        }
    }
}
