import ArgumentParser
import CodeSets
import Foundation
import WebApp

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks, side by side with a baseline (never part of the tests).",
                                                    subcommands: [CodeSetsBench.self, X12Bench.self, APIBench.self, ScrubBench.self, PostingBench.self, HCCBench.self, CACBench.self])
}

/// The encoder's figures: snapshot load time and memory, tabular import, exact lookup and search latency, each
/// beside SQLite FTS5 over the same titles (run by python3's sqlite3 module on the same codes and queries).
struct CodeSetsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codesets", abstract: "Encoder benchmarks beside SQLite FTS5.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Times each search query is repeated.") var rounds = 20
    @Option(help: "The FTS5 baseline script.") var baseline = "Benchmarks/fts5_baseline.py"

    static let queries = [
        "type 2 diabetes with diabetic chronic kidney disease", "essential hypertension", "acute myocardial infarction",
        "chronic obstructive pulmonary disease with acute exacerbation", "urinary tract infection", "pneumonia unspecified organism",
        "major depressive disorder recurrent severe", "atrial fibrillation", "heart failure", "hyperlipidemia",
        "low back pain", "fracture of neck of right femur", "asthma", "gastro-esophageal reflux disease without esophagitis",
        "obesity", "sepsis", "anemia in chronic kidney disease", "migraine without aura", "osteoarthritis of knee",
        "hypothyroidism", "cellulitis of left lower limb", "acute kidney failure", "alcohol dependence", "breast cancer",
        "dementia", "pressure ulcer of sacral region stage 3", "dehydration", "syncope and collapse", "chest pain", "covid 19",
    ]

    func run() async throws {
        let config = try common.configuration()
        try await failing {
            let store = SnapshotStore(directory: config.snapshotDirectory)
            var report: [String] = []
            func out(_ line: String) { print(line); report.append(line) }

            // Snapshot load, first thing, so resident memory is mostly the library.
            if store.currentFileName == nil {
                guard let dir = config.codesetsDirectory else { throw ValidationError("no snapshot and no code-set directory") }
                say("no snapshot: importing \(dir.path) first")
                _ = try await CodeSetLoading.importReleases(from: dir, into: store, history: nil, progress: { say("  \($0)") })
            }
            // The first load in a fresh process gives the memory figure; four more give the time.
            let rssBefore = residentMegabytes()
            var loadTimes: [Double] = []
            var library: CodeSetLibrary?
            var rssAfterFirst = 0.0
            for round in 0..<5 {
                library = nil // freeing the previous copy is not part of loading
                let t0 = DispatchTime.now().uptimeNanoseconds
                library = try store.load()?.library
                loadTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                if round == 0 { rssAfterFirst = residentMegabytes() }
            }
            guard let library else { throw ValidationError("the snapshot could not be loaded") }
            var phases: [(String, Double)] = []
            _ = try store.load { phases.append(($0, $1)) }
            out("snapshot load: median \(fmt(median(loadTimes))) ms (first \(fmt(loadTimes[0])) ms, min \(fmt(loadTimes.min()!)) ms); "
                + "resident after the first load \(fmt(rssAfterFirst)) MB (process before it \(fmt(rssBefore)) MB)")
            out("  load phases: " + phases.map { "\($0.0) \(fmt($0.1)) ms" }.joined(separator: ", "))

            if let dir = config.codesetsDirectory,
               let tabular = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap({ $0 as? URL })
                .first(where: { $0.lastPathComponent.hasPrefix("icd10cm-tabular") && $0.pathExtension == "xml" }) {
                var times: [Double] = []
                for _ in 0..<3 {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = try ICD10CMTabularImporter.read(tabular)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                }
                out("ICD-10-CM tabular XML import (\(tabular.lastPathComponent)): median \(fmt(median(times))) s")
            }

            // Exact lookups: every billable ICD-10-CM code, shuffled with a fixed seed.
            var codes = library.icd10cm.first?.billableCodes().map(\.code) ?? []
            var rng = SeededGenerator(seed: 42)
            codes.shuffle(using: &rng)
            var lookupNanos: [Double] = []
            lookupNanos.reserveCapacity(codes.count)
            var found = 0
            for code in codes {
                let t0 = DispatchTime.now().uptimeNanoseconds
                if library.reference(code, system: .icd10cm) != nil { found += 1 }
                lookupNanos.append(Double(DispatchTime.now().uptimeNanoseconds - t0))
            }
            out("exact lookup (reference), \(codes.count) codes, \(found) found: p50 \(fmt(percentile(lookupNanos, 50) / 1000)) µs, p99 \(fmt(percentile(lookupNanos, 99) / 1000)) µs")
            var detailNanos: [Double] = []
            for code in codes.prefix(5000) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = library.lookup(code, system: .icd10cm, date: ServiceDate(year: 2026, month: 5, day: 1))
                detailNanos.append(Double(DispatchTime.now().uptimeNanoseconds - t0))
            }
            out("full lookup (detail, notes, validity, history, index), 5000 codes: p50 \(fmt(percentile(detailNanos, 50) / 1000)) µs, p99 \(fmt(percentile(detailNanos, 99) / 1000)) µs")

            var searchNanos: [Double] = []
            for _ in 0..<rounds {
                for q in Self.queries {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = library.search(q, systems: [.icd10cm], limit: 20)
                    searchNanos.append(Double(DispatchTime.now().uptimeNanoseconds - t0))
                }
            }
            out("search top 20 over ICD-10-CM, \(Self.queries.count) queries × \(rounds): p50 \(fmt(percentile(searchNanos, 50) / 1e6)) ms, p99 \(fmt(percentile(searchNanos, 99) / 1e6)) ms")

            // The same codes and queries through SQLite FTS5.
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            var docs = ""
            if let t = library.icd10cm.first {
                for (code, title) in t.billableCodes() { docs += "\(code)\t\(title.replacingOccurrences(of: "\t", with: " "))\n" }
                for n in t.nodes where !n.children.isEmpty && n.kind != .chapter && n.kind != .section { docs += "\(n.code)\t\(n.title)\n" }
                for n in t.nodes { for note in n.notes where note.kind == .inclusionTerm { docs += "\(n.code)\t\(note.text)\n" } }
            }
            try docs.write(to: work.appendingPathComponent("docs.tsv"), atomically: true, encoding: .utf8)
            try codes.joined(separator: "\n").write(to: work.appendingPathComponent("codes.txt"), atomically: true, encoding: .utf8)
            try Self.queries.joined(separator: "\n").write(to: work.appendingPathComponent("queries.txt"), atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", baseline, work.path, String(rounds)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                  let fts = try JSONSerialization.jsonObject(with: data) as? [String: Double] else {
                throw ValidationError("the FTS5 baseline failed (exit \(process.terminationStatus))")
            }
            let ftsLookup50 = fts["lookup_p50_us"] ?? .nan, ftsLookup99 = fts["lookup_p99_us"] ?? .nan
            let ftsSearch50 = fts["search_p50_ms"] ?? .nan, ftsSearch99 = fts["search_p99_ms"] ?? .nan
            out("SQLite FTS5 (python3 sqlite3, in memory): build \(fmt(fts["build_s"] ?? .nan)) s; lookup p50 \(fmt(ftsLookup50)) µs, p99 \(fmt(ftsLookup99)) µs; search top 20 p50 \(fmt(ftsSearch50)) ms, p99 \(fmt(ftsSearch99)) ms")
            out("ratio (FTS5 ÷ Revcycle, higher is better for Revcycle): lookup p99 \(fmt(ftsLookup99 / (percentile(lookupNanos, 99) / 1000)))×, search p99 \(fmt(ftsSearch99 / (percentile(searchNanos, 99) / 1e6)))×")
        }
    }

    private func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }
}

func median(_ values: [Double]) -> Double { percentile(values, 50) }

func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

func fmt(_ v: Double) -> String { String(format: v < 10 ? "%.3f" : "%.1f", v) }
