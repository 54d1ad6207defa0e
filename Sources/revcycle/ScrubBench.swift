import ArgumentParser
import ClaimEdits
import CodeSets
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The scrubber's figures (issue 5): a synthetic NCCI PTP table in the CMS layout loaded beside the MUE tables, its
/// load time and resident memory, and claims a second on one core, for every edit `Scrubber.scrub` runs and for the
/// NCCI edits alone; then the same NCCI checks in plain Python (`Benchmarks/scrub_reference.py`) on the same files
/// and claims. The two must find the same edits: when they do not, the bench says so and fails.
struct ScrubBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scrub", abstract: "Scrubber speed with a large PTP table and the MUE tables, beside a Python reference of the same checks.")
    @OptionGroup var common: CommonOptions
    @Option(help: "PTP pairs in the generated table.") var pairs = 2_000_000
    @Option(help: "Claims generated and scrubbed.") var claims = 100_000
    @Option(help: "Times the claims are scrubbed (and the table loaded); the median and the best are reported.") var runs = 5
    @Option(help: "The Python that runs the reference; 'none' skips it (and the cross-check).") var python = "python3"
    @Option(help: "The Python reference of the PTP and MUE checks.") var reference = "Benchmarks/scrub_reference.py"
    @Option(help: "Seed of the generated table and claims.") var seed: UInt64 = 1
    @Option(help: "Write the generated PTP file, claims (JSON lines) and both sides' edits here and keep them.") var keep: String?

    func run() async throws {
        guard pairs > 0, claims > 0, runs > 0 else { throw ValidationError("--pairs, --claims and --runs must be at least 1") }
        let config = try common.configuration()
        try await failing {
            guard let codeSets = config.codesetsDirectory else { throw ValidationError("no code-set directory: the MUE tables are read from its ncci/mue") }
            let library = try await CodeCommand.library(config)
            let work = keep.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-bench-scrub-\(UUID().uuidString)")
            let ptpDirectory = work.appendingPathComponent("ptp")
            try FileManager.default.createDirectory(at: ptpDirectory, withIntermediateDirectories: true)
            defer { if keep == nil { try? FileManager.default.removeItem(at: work) } }

            // The table: written in the CMS layout, then loaded the way CMS's files are.
            let ptpFile = ptpDirectory.appendingPathComponent("ccipra-synthetic-seed\(seed).txt")
            var t0 = DispatchTime.now().uptimeNanoseconds
            try PTPFileGenerator.write(pairs: pairs, seed: seed, to: ptpFile)
            let fileMB = Double((try? FileManager.default.attributesOfItem(atPath: ptpFile.path)[.size] as? Int) ?? 0) / 1_048_576
            say("generated \(ptpFile.path): \(pairs) pairs, \(fmt(fileMB)) MB in \(fmt(seconds(since: t0))) s")

            // First load in this process: the resident memory it adds is the index's. Later loads give the time. Free
            // heap pages go back to the system first, or the index would fill them unseen (the code-set load leaves many).
            Self.returnFreeMemory()
            let residentBefore = residentMegabytes()
            var loadTimes: [Double] = []
            var residentAdded = 0.0
            for round in 0..<runs {
                t0 = DispatchTime.now().uptimeNanoseconds
                let loaded = try PTPTables.load(directory: ptpDirectory)
                loadTimes.append(seconds(since: t0))
                if round == 0 { residentAdded = residentMegabytes() - residentBefore }
                say("PTP load \(round + 1)/\(runs): \(loaded.practitioner?.count ?? 0) rows in \(fmt(loadTimes.last!)) s")
            }

            // The scrubber as the application loads it (MUEs and the other tables from the code sets, payer rules from
            // --payer-rules, whatever else `Scrubber.load` reads), with the generated table as its PTP. The claims name
            // no payer, so payer rules do not apply to them.
            let (scrubber, summary) = try Scrubber.load(library: library, codeSets: codeSets, ptpDirectory: ptpDirectory,
                                                        payerRulesDirectory: config.payerRulesDirectory)
            say("claim edits: \(summary)")
            guard let ptp = scrubber.ptp?.practitioner,
                  let mue = scrubber.mue?.table(for: .professional, on: ScrubBenchmarkClaims.firstDate) else {
                throw ValidationError("no practitioner MUE table in \(codeSets.path)/ncci/mue: the bench needs one")
            }
            t0 = DispatchTime.now().uptimeNanoseconds
            let batch = ScrubBenchmarkClaims.generate(count: claims, seed: seed,
                                                      from: .init(ptp: ptp, mue: mue, diagnoses: ScrubBenchmarkClaims.billableDiagnoses(library)))
            let lineCount = batch.reduce(0) { $0 + $1.lines.count }
            let claimsFile = work.appendingPathComponent("claims.jsonl")
            try Data(batch.map(ScrubBenchmarkClaims.jsonLine).joined(separator: "\n").utf8).write(to: claimsFile)
            say("generated \(claims) claims, \(lineCount) lines (seed \(seed)), in \(fmt(seconds(since: t0))) s: \(claimsFile.path)")

            // One thread, claim after claim.
            var everyTimes: [Double] = [], ncciTimes: [Double] = []
            var everyCounts: [String: Int] = [:], ncciCounts: [String: Int] = [:]
            var ncciByClaim: [[ClaimEdit]] = []
            for round in 0..<runs {
                var counts: [String: Int] = [:]
                t0 = DispatchTime.now().uptimeNanoseconds
                for claim in batch { for edit in scrubber.scrub(claim) { counts[edit.id, default: 0] += 1 } }
                everyTimes.append(seconds(since: t0))
                everyCounts = counts
                t0 = DispatchTime.now().uptimeNanoseconds
                let found = batch.map(scrubber.ncciEdits)
                ncciTimes.append(seconds(since: t0))
                ncciByClaim = found
                ncciCounts = found.reduce(into: [:]) { counts, edits in for edit in edits { counts[edit.id, default: 0] += 1 } }
                say("run \(round + 1)/\(runs): every edit \(fmt(everyTimes.last!)) s = \(rate(claims, everyTimes.last!)) claims/s; "
                    + "PTP + MUE only \(fmt(ncciTimes.last!)) s = \(rate(claims, ncciTimes.last!)) claims/s")
            }
            if keep != nil {
                try Data(Self.editLines(batch, ncciByClaim).utf8).write(to: work.appendingPathComponent("edits-swift.tsv"))
            }

            // The reference, on the same files and claims.
            var pythonResult: PythonResult?
            if python != "none" {
                say("running \(python) \(reference) (\(runs) runs)")
                let pythonEdits = work.appendingPathComponent("edits-python.tsv")
                pythonResult = try Self.runReference(python: python, script: reference, ptp: ptpFile, mue: codeSets.appendingPathComponent("ncci/mue"),
                                                     claims: claimsFile, runs: runs, edits: pythonEdits)
                // The counts per edit id must agree, and so must each claim's edits (lines and codes).
                let differences = Self.firstDifferences(batch, ncciByClaim, pythonEdits: (try? String(contentsOf: pythonEdits, encoding: .utf8)) ?? "")
                if let result = pythonResult, result.counts != ncciCounts || !differences.isEmpty {
                    say("")
                    say("ERROR: Swift and the Python reference disagree on the NCCI edits of the same claims")
                    say("  Swift:  \(Self.describe(ncciCounts))")
                    say("  Python: \(Self.describe(result.counts))")
                    for line in differences { say("  \(line)") }
                    say("  (rerun with --keep DIR to keep the claims and both sides' edits)")
                    throw ExitCode.failure
                }
            }

            // Summary.
            let every = Timing(everyTimes), ncci = Timing(ncciTimes), load = Timing(loadTimes)
            print("scrub bench: \(pairs) synthetic PTP pairs (CMS layout, \(fmt(fileMB)) MB, seed \(seed)); \(summary)")
            print("  \(claims) professional claims, \(lineCount) lines, dates of service \(ScrubBenchmarkClaims.firstDate) to \(ScrubBenchmarkClaims.lastDate); one thread, \(runs) runs")
            print("PTP load: median \(fmt(load.median)) s, best \(fmt(load.best)) s, first \(fmt(loadTimes[0])) s (target < 1 s); "
                  + "resident memory added by the index \(fmt(residentAdded)) MB (target < 200 MB; process before it \(fmt(residentBefore)) MB)")
            print("Scrubber.scrub, every edit: median \(rate(claims, every.median)) claims/s, best \(rate(claims, every.best)) claims/s (target 20,000)")
            print("  edits: \(Self.describe(everyCounts))")
            print("PTP + MUE only (ncciEdits): median \(rate(claims, ncci.median)) claims/s, best \(rate(claims, ncci.best)) claims/s")
            print("  edits: \(Self.describe(ncciCounts))")
            if let p = pythonResult {
                print("Python \(p.version) reference (\(reference)): PTP load \(fmt(p.ptpLoadSeconds)) s, \(fmt(p.ptpResidentMB)) MB resident; MUE load \(fmt(p.mueLoadSeconds)) s; "
                      + "scrub median \(rate(claims, p.medianSeconds)) claims/s, best \(rate(claims, p.bestSeconds)) claims/s")
                print("  same edits as Swift, claim by claim: yes (\(Self.describe(p.counts)))")
                print("ratio Swift ÷ Python (PTP + MUE, same claims): \(fmt(p.medianSeconds / ncci.median))× by median, \(fmt(p.bestSeconds / ncci.best))× by best; "
                      + "PTP load \(fmt(p.ptpLoadSeconds / load.median))× faster, \(fmt(p.ptpResidentMB / max(residentAdded, 0.001)))× less memory")
            } else {
                print("Python reference: not run (--python none), so the edits were not cross-checked")
            }
        }
    }

    struct Timing {
        let median: Double, best: Double
        init(_ times: [Double]) { let sorted = times.sorted(); median = sorted[sorted.count / 2]; best = sorted[0] }
    }

    struct PythonResult: Decodable {
        var version: String
        var ptpLoadSeconds: Double
        var ptpResidentMB: Double
        var mueLoadSeconds: Double
        var medianSeconds: Double
        var bestSeconds: Double
        var counts: [String: Int]

        enum CodingKeys: String, CodingKey {
            case version = "python", ptpLoadSeconds = "ptp_load_s", ptpResidentMB = "ptp_resident_mb", mueLoadSeconds = "mue_load_s"
            case medianSeconds = "scrub_median_s", bestSeconds = "scrub_best_s", counts
        }
    }

    static func runReference(python: String, script: String, ptp: URL, mue: URL, claims: URL, runs: Int, edits: URL) throws -> PythonResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--ptp", ptp.path, "--mue", mue.path, "--claims", claims.path, "--runs", String(runs), "--edits", edits.path]
        let pipe = Pipe()
        process.standardOutput = pipe  // progress goes to standard error, which is ours
        do { try process.run() } catch { throw ValidationError("cannot run \(python) \(script): \(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("the Python reference failed (exit \(process.terminationStatus)); is \(script) there (run from the repository)?") }
        do { return try JSONDecoder().decode(PythonResult.self, from: output) } catch {
            throw ValidationError("the Python reference's answer does not read: \(String(decoding: output.prefix(300), as: UTF8.self))")
        }
    }

    /// Each NCCI edit as the reference writes it: claim id, edit id, lines, codes.
    static func editLines(_ claims: [ScrubClaim], _ edits: [[ClaimEdit]]) -> String {
        zip(claims, edits).flatMap { claim, edits in
            edits.map { "\(claim.id)\t\($0.id)\t\($0.lines.map(String.init).joined(separator: ","))\t\($0.codes.joined(separator: ","))\n" }
        }.joined()
    }

    /// The first claims whose edits differ, to start looking from.
    static func firstDifferences(_ claims: [ScrubClaim], _ edits: [[ClaimEdit]], pythonEdits: String) -> [String] {
        var python: [String: [String]] = [:]
        for line in pythonEdits.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2 { python[String(fields[0]), default: []].append(String(line)) }
        }
        var out: [String] = []
        for (claim, found) in zip(claims, edits) where out.count < 15 {
            let swift = editLines([claim], [found]).split(separator: "\n").map(String.init).sorted()
            let reference = (python[claim.id] ?? []).sorted()
            guard swift != reference else { continue }
            out.append("claim \(claim.id): \(ScrubBenchmarkClaims.jsonLine(claim))")
            out.append("  Swift:  \(swift.isEmpty ? "no edits" : swift.joined(separator: " | "))")
            out.append("  Python: \(reference.isEmpty ? "no edits" : reference.joined(separator: " | "))")
        }
        return out
    }

    static func describe(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    func rate(_ count: Int, _ seconds: Double) -> String { String(Int((Double(count) / seconds).rounded())) }

    /// glibc's `malloc_trim(0)`, looked up at run time (Swift's Glibc module does not export malloc.h); nothing elsewhere.
    static func returnFreeMemory() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
        #endif
    }

    func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }
}
