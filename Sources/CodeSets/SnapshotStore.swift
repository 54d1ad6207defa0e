import Foundation

/// Versioned code-set snapshots in a directory. An import writes a new snapshot file completely, then switches the
/// `CURRENT` pointer with an atomic rename, so a failed or interrupted import leaves the previous release active.
public struct SnapshotStore: Sendable {
    public let directory: URL
    static let magic = Array("RCSNAP04".utf8)
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

        // Independent sections, each prefixed by its length, so that loading can decode them in parallel.
        var sections = [SnapshotWriter](repeating: SnapshotWriter(), count: Section.allCases.count)
        sections[Section.tabular.rawValue].array(library.icd10cm) { w, t in t.write(to: &w) }
        sections[Section.earlierReleases.rawValue].array(library.icd10cmFlat) { w, t in t.write(to: &w) }
        library.icd10cmIndex.write(to: &sections[Section.index.rawValue])
        sections[Section.pcs.rawValue].array(library.icd10pcs) { w, p in p.write(to: &w) }
        sections[Section.tables.rawValue].array(library.tables) { w, t in t.write(to: &w) }
        library.search.write(to: &sections[Section.search.rawValue])
        var body = SnapshotWriter()
        for section in sections { body.byteArray(section.data) }

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

    /// The whole file straight into one array (no intermediate Data copy of a ~90 MB snapshot).
    private static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n <= 0 { failed = n < 0; break }
                done += n
            }
            initialized = done
        }
        return failed || bytes.count != size ? nil : bytes
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
        guard let bytes = Self.readBytes(url.path) else {
            throw CodeSetError(file: url.path, "the current snapshot is missing or unreadable; run `revcycle codesets import` again")
        }
        try Self.checkMagic(bytes, path: url.path)
        return (bytes, name)
    }

    private static func checkMagic(_ bytes: [UInt8], path: String) throws {
        guard bytes.count > magic.count, Array(bytes.prefix(magic.count)) == magic else {
            throw CodeSetError(file: path, "is not a Revcycle code-set snapshot of this version; run `revcycle codesets import` again")
        }
    }

    private func readMetadata(_ r: inout SnapshotReader, name: String, bytes: Int) throws -> Metadata {
        Metadata(importedAt: try r.string(), sourceDirectory: try r.string(),
                 releases: try r.array { try ReleaseInfo(from: &$0) },
                 steps: try r.array { r in (try r.string(), try r.string(), try r.int()) },
                 fileName: name, bytes: bytes)
    }

    /// The current snapshot's metadata, or nil when nothing was imported yet. Reads only the file's head.
    public func metadata() throws -> Metadata? {
        guard let name = currentFileName else { return nil }
        let path = directory.appendingPathComponent(name).path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CodeSetError(file: path, "the current snapshot is missing or unreadable; run `revcycle codesets import` again")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        // The metadata is a few kilobytes at the front; the megabyte read covers it with room to spare.
        let head = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
        try Self.checkMagic(head, path: path)
        var r = SnapshotReader(bytes: head, file: name)
        r.offset = Self.magic.count
        _ = try r.int()
        return try readMetadata(&r, name: name, bytes: size)
    }

    /// Loads the current snapshot, or nil when nothing was imported yet.
    /// `phase` hears how long each part took (benchmarks use it).
    public func load(phase: (String, Double) -> Void = { _, _ in }) throws -> (library: CodeSetLibrary, metadata: Metadata)? {
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            phase(name, Double(now - clock) / 1e6)
            clock = now
        }
        guard let (bytes, name) = try readCurrent() else { return nil }
        lap("read file")
        var r = SnapshotReader(bytes: bytes, file: name)
        r.offset = Self.magic.count
        _ = try r.int()
        let metadata = try readMetadata(&r, name: name, bytes: bytes.count)
        var sectionRanges: [Range<Int>] = []
        for _ in Section.allCases {
            let length = try r.int()
            guard length >= 0, length <= r.end - r.offset else {
                throw CodeSetError(file: name, "snapshot section is cut short; run `revcycle codesets import` again")
            }
            sectionRanges.append(r.offset..<r.offset + length)
            r.offset += length
        }
        // Decode the sections on all cores; each reads only its own range of the buffer.
        let ranges = sectionRanges
        let decoded = DecodedSections(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
            var reader = SnapshotReader(bytes: bytes, file: name, range: ranges[i])
            decoded.set(i, Result { try Section.allCases[i].decode(&reader) })
        }
        lap("decode sections in parallel")
        let tabulars: [ICD10CMTabular] = try decoded.get(.tabular)
        let flat: [CodeTable] = try decoded.get(.earlierReleases)
        let index: ICD10CMIndex = try decoded.get(.index)
        let pcs: [PCSRelease] = try decoded.get(.pcs)
        let tables: [CodeTable] = try decoded.get(.tables)
        let search: SearchIndex = try decoded.get(.search)
        guard r.atEnd else { throw CodeSetError(file: name, "snapshot has trailing bytes; run `revcycle codesets import` again") }
        return (CodeSetLibrary(icd10cm: tabulars, icd10cmFlat: flat, icd10cmIndex: index, icd10pcs: pcs, tables: tables, search: search), metadata)
    }
}

/// The parts of a snapshot body, in order.
enum Section: Int, CaseIterable {
    // Largest first, so the parallel decode finishes evenly.
    case index, earlierReleases, search, tabular, pcs, tables

    func decode(_ r: inout SnapshotReader) throws -> any Sendable {
        let value: any Sendable = switch self {
        case .tabular: try r.array { try ICD10CMTabular(from: &$0) }
        case .earlierReleases: try r.array { try CodeTable(from: &$0) }
        case .index: try ICD10CMIndex(from: &r)
        case .pcs: try r.array { try PCSRelease(from: &$0) }
        case .tables: try r.array { try CodeTable(from: &$0) }
        case .search: try SearchIndex(from: &r)
        }
        guard r.atEnd else { throw CodeSetError(file: r.file, "snapshot section \(self) has trailing bytes; run `revcycle codesets import` again") }
        return value
    }
}

/// Results of the parallel decode, one slot per section.
final class DecodedSections: @unchecked Sendable {
    // Unchecked: every access holds the lock.
    private var results: [Result<any Sendable, any Error>?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ result: Result<any Sendable, any Error>) {
        lock.lock(); defer { lock.unlock() }
        results[i] = result
    }

    func get<T>(_ section: Section) throws -> T {
        lock.lock(); defer { lock.unlock() }
        guard let result = results[section.rawValue], let value = try result.get() as? T else {
            throw CodeSetError(file: "snapshot", "section \(section) did not decode")
        }
        return value
    }
}
