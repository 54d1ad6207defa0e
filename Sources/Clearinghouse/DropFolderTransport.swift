import Foundation

/// The drop-folder convention most clearinghouses use over SFTP, on a local or mounted folder:
/// - `outbox/`: files for the clearinghouse, which takes them away. A file appears there whole: it is written in
///   `.staging/` and renamed in, so a poller never reads half of it.
/// - `sent/`: Revcycle's copy of everything it sent, so a name is never sent twice even after the clearinghouse has
///   taken the outbox file.
/// - `inbox/`: files from the clearinghouse (999, 277CA, 277, 835). Names starting with `.` are still being written
///   and are left alone.
/// - `taken/`: inbox files once processed; a name received again is kept beside the first as `name.1`, `name.2`...
public struct DropFolderTransport: ClearinghouseTransport {
    public let root: URL
    var outbox: URL { root.appendingPathComponent("outbox") }
    var sent: URL { root.appendingPathComponent("sent") }
    var inbox: URL { root.appendingPathComponent("inbox") }
    var taken: URL { root.appendingPathComponent("taken") }
    var staging: URL { root.appendingPathComponent(".staging") }

    /// Creates the folders that are missing.
    public init(root: URL) throws {
        self.root = root
        for folder in [outbox, sent, inbox, taken, staging] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw TransportError.folder(path: folder.path, reason: "cannot be created: \(error.localizedDescription)")
            }
        }
    }

    public func send(_ file: ExchangeFile) async throws {
        guard TransportError.isValidName(file.name) else { throw TransportError.invalidName(file.name) }
        let manager = FileManager.default
        let copy = sent.appendingPathComponent(file.name), delivered = outbox.appendingPathComponent(file.name)
        if manager.fileExists(atPath: copy.path) { throw TransportError.alreadySent(name: file.name, folder: sent.path) }
        if manager.fileExists(atPath: delivered.path) { throw TransportError.alreadySent(name: file.name, folder: outbox.path) }
        let staged = staging.appendingPathComponent(file.name)
        do {
            try file.contents.write(to: staged)
            try file.contents.write(to: copy, options: .withoutOverwriting)
        } catch {
            try? manager.removeItem(at: staged)
            throw TransportError.file(path: staged.path, reason: "cannot be written: \(error.localizedDescription)")
        }
        do {
            try manager.moveItem(at: staged, to: delivered)
        } catch {
            // Not delivered, so not sent: the name stays free.
            try? manager.removeItem(at: staged)
            try? manager.removeItem(at: copy)
            throw TransportError.file(path: delivered.path, reason: "cannot be moved into the outbox: \(error.localizedDescription)")
        }
    }

    public func received() async throws -> [ExchangeFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: inbox.path)
        } catch {
            throw TransportError.folder(path: inbox.path, reason: "cannot be listed: \(error.localizedDescription)")
        }
        return try names.filter(TransportError.isValidName).sorted().compactMap { name in
            let url = inbox.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
            guard let contents = FileManager.default.contents(atPath: url.path) else {
                throw TransportError.file(path: url.path, reason: "cannot be read")
            }
            return ExchangeFile(name: name, contents: contents)
        }
    }

    public func markTaken(_ name: String) async throws {
        guard TransportError.isValidName(name) else { throw TransportError.invalidName(name) }
        let manager = FileManager.default
        let source = inbox.appendingPathComponent(name)
        guard manager.fileExists(atPath: source.path) else { throw TransportError.notInInbox(name: name, folder: inbox.path) }
        var target = taken.appendingPathComponent(name)
        var copy = 0
        while manager.fileExists(atPath: target.path) {
            copy += 1
            target = taken.appendingPathComponent("\(name).\(copy)")
        }
        do {
            try manager.moveItem(at: source, to: target)
        } catch {
            throw TransportError.file(path: source.path, reason: "cannot be moved to \(taken.path): \(error.localizedDescription)")
        }
    }
}
