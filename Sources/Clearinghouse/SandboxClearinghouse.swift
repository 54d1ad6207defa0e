import Foundation
import HealthCareX12
import X12

/// The clearinghouse's side of a drop folder, for tests, demos and `revcycle sandbox`: it takes each file Revcycle put
/// in `outbox/`, validates it with the implementation guides, keeps it in `clearinghouse/received/`, and answers in
/// `inbox/` with a 999 (and a TA1 when the interchange envelope is broken), as a clearinghouse's front end does.
public struct SandboxClearinghouse: Sendable {
    /// One file taken from the outbox and what the sandbox answered.
    public struct Answer: Sendable, Hashable {
        public var file: String
        public var accepted: Bool
        /// Guide and syntax findings that made the sandbox reject part or all of the file.
        public var findings: Int
        /// The acknowledgment's name in the inbox.
        public var acknowledgment: String
    }

    let folders: DropFolderTransport
    var received: URL { folders.root.appendingPathComponent("clearinghouse/received") }

    public init(folders: DropFolderTransport) throws {
        self.folders = folders
        do {
            try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        } catch {
            throw TransportError.folder(path: received.path, reason: "cannot be created: \(error.localizedDescription)")
        }
    }

    /// Answers every file waiting in the outbox, oldest name first. `date` (CCYYMMDD) and `time` (HHMM) stamp the
    /// acknowledgments; their control numbers follow the files the sandbox has received so far.
    public func answerOutbox(date: String, time: String) throws -> [Answer] {
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
            let report = try HealthCareValidation.read(bytes).report
            let text = Acknowledgment.interchange(for: report, envelope: AcknowledgmentEnvelope(date: date, time: time, interchangeControlNumber: number,
                                                                                              groupControlNumber: number))
            // Within the names a transport reads, however long the file's own name.
            let answer = String("999-\(name)".prefix(200))
            try deliver(Data(text.utf8), as: answer)
            do {
                try manager.moveItem(at: source, to: received.appendingPathComponent(name))
            } catch {
                throw TransportError.file(path: source.path, reason: "cannot be moved to \(received.path): \(error.localizedDescription)")
            }
            answers.append(Answer(file: name, accepted: report.isValid, findings: report.findings.count, acknowledgment: answer))
        }
        return answers
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
