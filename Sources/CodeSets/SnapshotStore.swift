import Foundation

/// Versioned code-set snapshots in a directory. An import writes a new snapshot file completely, then switches the
/// `CURRENT` pointer with an atomic rename, so a failed or interrupted import leaves the previous release active.
public struct SnapshotStore: Sendable {
    public let directory: URL
    static let magic = Array("RCSNAP02".utf8)
    static let pointerName = "CURRENT"
    /// Snapshots kept besides the current one, for going back by hand.
    static let keep = 2

    public init(directory: URL) { self.directory = directory }

    /// What a snapshot holds, readable without loading the whole snapshot.
    public struct Metadata: Sendable {
        public var importedAt: String
        public var sourceDirectory: String
        public var releases: [ReleaseInfo]
        public var steps: [(file: String, what: String, count: Int)]
        public var fileName: String
        public var bytes: Int
    }

    public var currentFileName: String? {
        guard let raw = try? String(contentsOf: directory.appendingPathComponent(Self.pointerName), encoding: .utf8) else { return nil }
        let name = raw.trimmed
        return name.isEmpty ? nil : name
    }

    /// Writes the library as the new current snapshot. Returns the snapshot's file name.
    @discardableResult
    public func save(_ library: CodeSetLibrary, report: CodeSetImport.Report) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var meta = SnapshotWriter()
        let stamp = ISO8601DateFormatter().string(from: Date())
        meta.string(stamp)
        meta.string(report.directory)
        meta.array(library.releases) { w, r in r.write(to: &w) }
        meta.array(report.steps) { w, s in w.string(s.file); w.string(s.what); w.int(s.count) }

        var body = SnapshotWriter()
        body.array(library.icd10cm) { w, t in t.write(to: &w) }
        body.array(library.icd10cmFlat) { w, t in t.write(to: &w) }
        library.icd10cmIndex.write(to: &body)
        body.array(library.icd10pcs) { w, p in p.write(to: &w) }
        body.array(library.tables) { w, t in t.write(to: &w) }
        library.search.write(to: &body)

        var file = SnapshotWriter()
        file.int(meta.data.count)
        var bytes = Self.magic + file.data + meta.data + body.data
        let name = "snapshot-\(stamp.replacingOccurrences(of: ":", with: "")).\(UUID().uuidString.prefix(8)).rcsnap"
        let final = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).partial")
        do {
            try Data(bytes: &bytes, count: bytes.count).write(to: temporary)
            try Self.rename(temporary, final)
            let pointerTemp = directory.appendingPathComponent(".CURRENT.partial")
            try Data((name + "\n").utf8).write(to: pointerTemp)
            // rename(2) replaces the pointer atomically: readers see the old snapshot or the new one, never neither.
            try Self.rename(pointerTemp, directory.appendingPathComponent(Self.pointerName))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CodeSetError(file: directory.path, "the snapshot could not be written: \(error.localizedDescription); the previous release stays active")
        }
        prune(keeping: name)
        return name
    }

    private static func rename(_ from: URL, _ to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw CodeSetError(file: to.path, "cannot be replaced (\(String(cString: strerror(errno))))")
        }
    }

    private func prune(keeping current: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        let old = names.filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".rcsnap") && $0 != current }.sorted()
        for name in old.dropLast(Self.keep) { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
    }

    private func readCurrent() throws -> (bytes: [UInt8], name: String)? {
        guard let name = currentFileName else { return nil }
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CodeSetError(file: url.path, "the current snapshot is missing; run `revcycle codesets import` again")
        }
        let bytes = [UInt8](data)
        guard bytes.count > Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            throw CodeSetError(file: url.path, "is not a Revcycle code-set snapshot of this version; run `revcycle codesets import` again")
        }
        return (bytes, name)
    }

    private func readMetadata(_ r: inout SnapshotReader, name: String, bytes: Int) throws -> Metadata {
        Metadata(importedAt: try r.string(), sourceDirectory: try r.string(),
                 releases: try r.array { try ReleaseInfo(from: &$0) },
                 steps: try r.array { r in (try r.string(), try r.string(), try r.int()) },
                 fileName: name, bytes: bytes)
    }

    /// The current snapshot's metadata, or nil when nothing was imported yet.
    public func metadata() throws -> Metadata? {
        guard let (bytes, name) = try readCurrent() else { return nil }
        var r = SnapshotReader(bytes: bytes, file: name)
        r.offset = Self.magic.count
        _ = try r.int()
        return try readMetadata(&r, name: name, bytes: bytes.count)
    }

    /// Loads the current snapshot, or nil when nothing was imported yet.
    public func load() throws -> (library: CodeSetLibrary, metadata: Metadata)? {
        guard let (bytes, name) = try readCurrent() else { return nil }
        var r = SnapshotReader(bytes: bytes, file: name)
        r.offset = Self.magic.count
        _ = try r.int()
        let metadata = try readMetadata(&r, name: name, bytes: bytes.count)
        let tabulars = try r.array { try ICD10CMTabular(from: &$0) }
        let flat = try r.array { try CodeTable(from: &$0) }
        let index = try ICD10CMIndex(from: &r)
        let pcs = try r.array { try PCSRelease(from: &$0) }
        let tables = try r.array { try CodeTable(from: &$0) }
        let search = try SearchIndex(from: &r)
        guard r.atEnd else { throw CodeSetError(file: name, "snapshot has trailing bytes; run `revcycle codesets import` again") }
        return (CodeSetLibrary(icd10cm: tabulars, icd10cmFlat: flat, icd10cmIndex: index, icd10pcs: pcs, tables: tables, search: search), metadata)
    }
}
