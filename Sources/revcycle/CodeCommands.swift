import ArgumentParser
import CodeSets
import Foundation
import Persistence
import WebApp

struct CodeSetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codesets", abstract: "Import and inspect official code-set releases.",
                                                    subcommands: [Import.self, Status.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read the release files in DIR, make a new snapshot and switch to it atomically.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Directory of release files (default: the configured code-sets directory).") var directory: String?

        func run() async throws {
            let config = try common.configuration()
            try await failing {
                guard let dir = directory.map({ URL(fileURLWithPath: $0) }) ?? config.codesetsDirectory else {
                    throw ValidationError("give DIR, --codesets or REVCYCLE_CODESETS: no ./codesets or ../shared/codesets here")
                }
                say("importing code sets from \(dir.path)")
                let store = SnapshotStore(directory: config.snapshotDirectory)
                let (library, report, name) = try await DatabaseSession.with(try config.databaseLocation()) { session in
                    try await session.migrate()
                    return try await CodeSetLoading.importReleases(
                        from: dir, into: store, history: DatabaseImportHistory(database: session.database), progress: { say("  \($0)") })
                }
                print("Imported \(report.steps.count - 1) files from \(report.directory) in \(String(format: "%.1f", report.seconds)) s:")
                for s in report.steps { print("  \(s.file.padding(toLength: 48, withPad: " ", startingAt: 0)) \(String(s.count).leftPad(7)) \(s.what) (\(String(format: "%.2f", s.seconds)) s)") }
                print("Active snapshot: \(name) in \(store.directory.path)")
                print("Codes: \(CodeSetLoading.describe(library))")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the active snapshot, its releases and recent imports.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = try common.configuration()
            try await failing {
                let store = SnapshotStore(directory: config.snapshotDirectory)
                if let meta = try store.metadata() {
                    print("Active snapshot: \(meta.fileName) (\(meta.bytes / 1024) KiB), imported \(meta.importedAt) from \(meta.sourceDirectory)")
                    print("Releases:")
                    for r in meta.releases {
                        print("  \(r.system.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(r.name)  [\(r.effectiveFrom) – \(r.effectiveThrough?.iso ?? "open")]")
                    }
                } else {
                    print("No code sets imported yet in \(store.directory.path). Run: revcycle codesets import [DIR]")
                }
                print("Release files would be read from: \(config.codesetsDirectory?.path ?? "(none found)") (\(config.codesetsSource))")
                let recent = try await DatabaseSession.with(try config.databaseLocation()) { session in
                    try await session.migrate()
                    return try await DatabaseImportHistory(database: session.database).recent(limit: 5)
                }
                if !recent.isEmpty {
                    print("Recent imports:")
                    for r in recent {
                        let first = r.summary.split(separator: "\n").first.map(String.init) ?? ""
                        print("  \(ISO8601DateFormatter().string(from: r.startedAt)) \(r.outcome.rawValue) \(r.sourceDirectory)\(r.outcome == .failed ? ": " + first : "")")
                    }
                }
            }
        }
    }
}

struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "code", abstract: "The encoder: look codes up and search them.",
                                                    subcommands: [Lookup.self, Search.self])

    /// The library from the active snapshot (importing the configured files first if there is none).
    static func library(_ config: RevcycleConfiguration) async throws -> CodeSetLibrary {
        let loaded = try await CodeSetLoading.load(config, history: nil, progress: { say($0) })
        say("code sets: snapshot \(loaded.snapshot) in \(config.snapshotDirectory.path)")
        return loaded.library
    }

    static func parse(system: String?) throws -> CodeSystem? {
        guard let system else { return nil }
        guard let s = CodeSystem(rawValue: system.lowercased()) else {
            throw ValidationError("--system must be one of \(CodeSystem.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return s
    }

    static func parse(date: String?) throws -> ServiceDate? {
        guard let date else { return nil }
        guard let d = ServiceDate(iso: date) else { throw ValidationError("--date must be a calendar date YYYY-MM-DD, got '\(date)'") }
        return d
    }

    struct Lookup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everything about one code: title, billable, hierarchy, notes, 7th characters, validity.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The code, dotted or not, any case.") var code: String
        @Option(help: "icd10cm, icd10pcs, hcpcs, cpt (or another system); guessed from the code when absent.") var system: String?
        @Option(help: "Date of service YYYY-MM-DD to judge validity on.") var date: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let config = try common.configuration()
            let system = try CodeCommand.parse(system: system)
            let date = try CodeCommand.parse(date: date)
            try await failing {
                let library = try await CodeCommand.library(config)
                switch library.lookup(code, system: system, date: date) {
                case .success(let d):
                    if json { print(try jsonText(d)) } else { print(CodeText.detail(d)) }
                    if let v = d.validity, !v.valid { throw ExitCode(3) }
                case .failure(let f):
                    if json { print(try jsonText(f)) } else {
                        say(f.reason)
                        for s in f.suggestions.prefix(10) { say("  \(s.code)  \(s.title)") }
                    }
                    throw ExitCode(2)
                }
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search codes by words (titles, inclusion terms, the Alphabetic Index), best first.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Words, e.g. \"type 2 diabetes with diabetic chronic kidney disease\".") var text: String
        @Option(help: "Limit to one system: icd10cm, icd10pcs, hcpcs, cpt, ...") var system: String?
        @Option(help: "Only codes valid on this date of service (YYYY-MM-DD).") var date: String?
        @Option(help: "How many results (1-200).") var limit = 20
        @Flag(help: "Print JSON: an array of {system, code, title, billable, score}.") var json = false

        func run() async throws {
            let config = try common.configuration()
            let system = try CodeCommand.parse(system: system)
            let date = try CodeCommand.parse(date: date)
            guard (1...200).contains(limit) else { throw ValidationError("--limit must be from 1 to 200") }
            try await failing {
                let library = try await CodeCommand.library(config)
                let hits = library.search(text, systems: system.map { [$0] }, date: date, limit: limit)
                if json {
                    print(try jsonText(hits))
                } else if hits.isEmpty {
                    say("no codes match \"\(text)\"")
                } else {
                    for h in hits {
                        print("\(h.code.padding(toLength: 9, withPad: " ", startingAt: 0)) \(h.billable ? "billable" : "header  ") \(h.system.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(h.title)")
                    }
                }
            }
        }
    }
}

func jsonText(_ value: some Encodable) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try e.encode(value), as: UTF8.self)
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

/// A code as text, laid out like a code book entry.
enum CodeText {
    static func detail(_ d: CodeDetail) -> String {
        var out: [String] = []
        for h in d.hierarchy { out.append("  \(h.code)  \(h.title)") }
        out.append("\(d.code)  \(d.title)")
        out.append("  \(d.system.displayName), \(d.release)")
        if let s = d.shortTitle { out.append("  Short title: \(s)") }
        out.append("  \(d.billable ? "BILLABLE" : "NOT BILLABLE"): \(d.billableReason)")
        if let p = d.placeholder { out.append("  Placeholder X: \(p)") }
        if let v = d.validity { out.append("  \(v.valid ? "VALID" : "NOT VALID") on \(v.date): \(v.reason)") }
        for g in d.notes {
            out.append("  \(g.heading)\(g.inherited ? " (from \(g.from))" : ""):")
            for t in g.texts { out.append("    - \(t)") }
        }
        if !d.seventhCharacters.isEmpty {
            out.append("  7th characters\(d.seventhCharacterSource.map { " (from \($0))" } ?? ""):")
            for c in d.seventhCharacters { out.append("    \(c.character)  \(c.meaning)") }
        }
        if !d.children.isEmpty {
            out.append("  Codes below:")
            for c in d.children { out.append("    \(c.code)  \(c.title)\(c.billable ? "" : " (header)")") }
        }
        if !d.billableCodes.isEmpty, d.billableCodes != d.children {
            out.append("  Billable codes below (\(d.billableCodeCount)\(d.billableCodeCount > d.billableCodes.count ? ", first \(d.billableCodes.count) shown" : "")):")
            for c in d.billableCodes { out.append("    \(c.code)  \(c.title)") }
        }
        for a in d.attributes { out.append("  \(a.name): \(a.value)") }
        if !d.indexEntries.isEmpty {
            out.append("  Alphabetic Index:")
            for e in d.indexEntries { out.append("    \(e)") }
        }
        if !d.history.isEmpty {
            out.append("  Releases:")
            for h in d.history { out.append("    \(h.present ? (h.billable ? "billable" : "header  ") : "absent  ")  \(h.release)") }
        }
        return out.joined(separator: "\n")
    }
}
