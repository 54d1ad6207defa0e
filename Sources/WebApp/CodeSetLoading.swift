import CodeSets
import Foundation

/// Getting the code sets into memory: from the current snapshot when there is one, else by importing the
/// configured release files (which also makes the first snapshot).
public enum CodeSetLoading {
    public struct Loaded: Sendable {
        public var library: CodeSetLibrary
        /// What was loaded and from where, for the start-up message and logs.
        public var summary: String
        /// What was loaded, without server paths: for pages and /health.
        public var publicSummary: String
        public var snapshot: String
        public var seconds: Double
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Imports every release file under `directory`, writes a new snapshot and makes it current, and records the
    /// import (succeeded or failed) in `history`. A failure leaves the previous snapshot active.
    public static func importReleases(from directory: URL, into store: SnapshotStore, history: (any ImportHistoryStore)?,
                                      progress: @escaping (String) -> Void) async throws -> (library: CodeSetLibrary, report: CodeSetImport.Report, snapshot: String) {
        let started = Date()
        do {
            let (library, report) = try CodeSetImport.run(directory: directory, progress: progress)
            progress("writing the snapshot")
            let name = try store.save(library, report: report)
            let summary = report.steps.map { "\($0.file): \($0.count) \($0.what) in \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: "\n")
            try await history?.record(ImportRecord(startedAt: started, finishedAt: Date(), sourceDirectory: directory.path,
                                                   outcome: .succeeded, snapshot: name, summary: summary))
            return (library, report, name)
        } catch {
            try? await history?.record(ImportRecord(startedAt: started, finishedAt: Date(), sourceDirectory: directory.path,
                                                    outcome: .failed, snapshot: nil, summary: String(describing: error)))
            throw error
        }
    }

    /// The library for `serve`: the current snapshot, or a first import when there is none.
    public static func load(_ config: RevcycleConfiguration, history: (any ImportHistoryStore)?,
                            progress: @escaping (String) -> Void) async throws -> Loaded {
        let store = SnapshotStore(directory: config.snapshotDirectory)
        let started = Date()
        var why = "no snapshot yet"
        do {
            if let (library, metadata) = try store.load() {
                let seconds = Date().timeIntervalSince(started)
                return Loaded(library: library, summary: "code sets from snapshot \(metadata.fileName) (imported \(metadata.importedAt) from \(metadata.sourceDirectory)): "
                                  + describe(library), publicSummary: "imported \(metadata.importedAt): " + describe(library),
                              snapshot: metadata.fileName, seconds: seconds)
            }
        } catch {
            // A snapshot from another version of Revcycle, or a damaged one: the release files can rebuild it.
            guard config.codesetsDirectory != nil else { throw error }
            why = "the snapshot cannot be used (\(error))"
        }
        guard let directory = config.codesetsDirectory else {
            throw Failure(description: "no code-set snapshot in \(config.snapshotDirectory.path) and no release files found: "
                              + "give --codesets DIR or REVCYCLE_CODESETS, or put the files in ./codesets or ../shared/codesets")
        }
        progress("\(why): importing release files from \(directory.path) (\(config.codesetsSource))")
        let (library, _, name) = try await importReleases(from: directory, into: store, history: history, progress: progress)
        return Loaded(library: library, summary: "code sets imported from \(directory.path) (\(config.codesetsSource)) into snapshot \(name): " + describe(library),
                      publicSummary: "imported just now: " + describe(library), snapshot: name, seconds: Date().timeIntervalSince(started))
    }

    /// "ICD-10-CM 74719 codes, ICD-10-PCS 79115, ..." from the newest release of each system.
    public static func describe(_ library: CodeSetLibrary) -> String {
        library.codeCounts.sorted { $0.key < $1.key }.map { "\($0.key.displayName) \($0.value)" }.joined(separator: ", ")
    }
}
