import ArgumentParser
import CodeSets
import Coding
import Foundation
import WebApp

/// `revcycle cac FILE.txt`: ICD-10-CM suggestions from a note, with evidence; `revcycle cac evaluate`: accuracy on a
/// corpus with gold codes.
struct CACCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cac", abstract: "Computer-assisted coding: ICD-10-CM codes suggested from note text, with evidence.",
        subcommands: [Suggest.self, Evaluate.self], defaultSubcommand: Suggest.self)

    static func parse(setting: String) throws -> CodingSetting {
        guard let s = CodingSetting(rawValue: setting.lowercased()) else { throw ValidationError("--setting must be outpatient or inpatient, got '\(setting)'") }
        return s
    }

    static func coder(_ config: RevcycleConfiguration) async throws -> NoteCoder {
        let library = try await CodeCommand.library(config)
        let t0 = Date()
        let coder = try NoteCoder(library: library)
        say(String(format: "note coder ready in %.2f s", Date().timeIntervalSince(t0)))
        return coder
    }

    static func today() -> ServiceDate {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
        return ServiceDate(year: c.year ?? 2026, month: c.month ?? 1, day: c.day ?? 1) ?? ServiceDate(year: 2026, month: 1, day: 1)!
    }

    static func date(_ text: String?, coder: NoteCoder) throws -> ServiceDate {
        if let text {
            guard let d = ServiceDate(iso: text) else { throw ValidationError("--date must be a calendar date YYYY-MM-DD, got '\(text)'") }
            return d
        }
        let today = today()
        let d = coder.defaultDate(today: today)
        if d != today { say("no loaded ICD-10-CM release covers today (\(today)): coding as of \(d); give --date to choose") }
        return d
    }

    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "suggest", abstract: "Suggest ICD-10-CM codes for one note (the default: `revcycle cac FILE.txt`).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The note, a UTF-8 text file ('-' reads standard input).") var file: String
        @Option(help: "outpatient or inpatient (how uncertain diagnoses are coded).") var setting = "outpatient"
        @Option(help: "Date of service YYYY-MM-DD (default today, or the last day the loaded release covers).") var date: String?
        @Flag(help: "Print JSON: an array of {id, code, codeSystem, title, evidence, start, end, confidence, rationale, indexPath, specificity, instructions, pairedCodes}: the ICD-10-CM suggestions, then (inpatient) the ICD-10-PCS procedures.") var json = false
        @Flag(help: "Also print the findings set aside (negated, uncertain, needing specificity) and why.") var explain = false

        func run() async throws {
            let careSetting = try CACCommand.parse(setting: setting)
            let config = try common.configuration()
            let data: Data
            do {
                data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                say("error: \(file) cannot be read: \(error.localizedDescription)")
                throw ExitCode(2)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                say("error: \(file) is not UTF-8 text")
                throw ExitCode(2)
            }
            try await failing {
                let coder = try await CACCommand.coder(config)
                let serviceDate = try CACCommand.date(date, coder: coder)
                let result = try coder.code(note: text, setting: careSetting, date: serviceDate)
                if json { print(try jsonText(result.suggestions + result.procedures)); return }
                print("\(result.suggestions.count) suggestion\(result.suggestions.count == 1 ? "" : "s") (\(careSetting.rawValue), \(serviceDate), \(result.release))")
                for s in result.suggestions {
                    print("\n\(s.code.padding(toLength: 9, withPad: " ", startingAt: 0)) \(s.title)  [\(String(format: "%.2f", s.confidence))]")
                    print("  evidence \(s.start)-\(s.end): \"\(s.evidence)\"")
                    print("  index: \(s.indexPath)")
                    print("  why: \(s.rationale)")
                    for i in s.instructions { print("  \(i)") }
                }
                if careSetting == .inpatient {
                    let release = result.procedureRelease.map { ", \($0)" } ?? ", no ICD-10-PCS release with tables covers the date"
                    print("\nICD-10-PCS procedures: \(result.procedures.count)\(release)")
                    for s in result.procedures {
                        print("\n\(s.code.padding(toLength: 9, withPad: " ", startingAt: 0)) \(s.title)  [\(String(format: "%.2f", s.confidence))]")
                        print("  evidence \(s.start)-\(s.end): \"\(s.evidence)\"")
                        print("  index: \(s.indexPath)")
                        print("  why: \(s.rationale)")
                    }
                }
                if explain && !result.setAside.isEmpty {
                    print("\nSet aside:")
                    for a in result.setAside {
                        let system = a.codeSystem == .icd10pcs ? "PCS " : ""
                        print("  \(system)\(a.reason.rawValue) \(a.code ?? "-") \(a.start)-\(a.end) \"\(a.evidence)\": \(a.rationale)")
                    }
                }
            }
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Precision, recall and micro-F1 of the suggestions on a corpus in the CodiEsp layout (gold codes scored when billable in the release in force).")
        @OptionGroup var common: CommonOptions
        @Option(help: "The corpus folder (with train/ and dev/).") var corpus = "../shared/corpus/codiesp"
        @Option(help: "train or dev.") var split = "dev"
        @Option(help: "outpatient or inpatient.") var setting = "inpatient"
        @Option(help: "Date of service for every note (default: the first day of the newest loaded release).") var date: String?
        @Option(name: .customLong("min-confidence"), help: "Count only suggestions at or above this confidence.") var minConfidence = 0.0
        @Flag(help: "Print the evaluation as JSON.") var json = false
        @Option(help: "Write each note's gold codes and suggestions to this file, one JSON object a line (for error analysis).") var dump: String?
        @Flag(help: "Score the ICD-10-PCS procedure suggestions against the procedure gold (SPLITP.tsv), every note inpatient.") var procedures = false

        struct DumpLine: Encodable { var id: String; var gold: [String]; var suggestions: [CodeSuggestion]; var setAside: [SetAsideFinding] }

        func run() async throws {
            let careSetting = try CACCommand.parse(setting: setting)
            let config = try common.configuration()
            if procedures { return try await runProcedures(config) }
            try await failing {
                let corpus = try CodingCorpus.read(directory: URL(fileURLWithPath: self.corpus), split: split)
                let coder = try await CACCommand.coder(config)
                let serviceDate = try date.map { try CACCommand.date($0, coder: coder) } ?? coder.library.icd10cm.first?.release.effectiveFrom ?? CACCommand.today()
                say("\(corpus.documents.count) notes in \(split), \(careSetting.rawValue), date of service \(serviceDate)")
                var lines: [String] = []
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let e = try CodingEvaluation.run(corpus, coder: coder, setting: careSetting, date: serviceDate, minimumConfidence: minConfidence, progress: { n, total in
                    if n % 50 == 0 || n == total { say("  \(n)/\(total)") }
                }, each: { doc, result in
                    guard dump != nil, let data = try? encoder.encode(DumpLine(id: doc.id, gold: doc.gold.sorted(), suggestions: result.suggestions, setAside: result.setAside)) else { return }
                    lines.append(String(decoding: data, as: UTF8.self))
                })
                if let dump { try (lines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8) }
                if json { print(try jsonText(e)); return }
                print("\(e.documents) notes, \(e.goldScored) gold codes scored (\(e.goldNotInRelease) not billable in the release, left out)")
                print(line("codes:     ", e.codes))
                print(line("categories:", e.categories))
                print(line("codes, subdivided gold kept (\(e.goldSubdivided) gold codes split since):", e.codesWithSubdividedGold))
                print(String(format: "mean average precision (ranked by confidence): %.3f", e.meanAveragePrecision))
                print(String(format: "time per note: median %.2f ms, p95 %.2f ms (mean %.0f words)", e.medianMilliseconds, e.p95Milliseconds, e.meanWords))
                print("missed gold codes by kind:")
                for (k, v) in e.missedByKind.sorted(by: { $0.value > $1.value }) { print("  \(String(v).leftPad(5))  \(k)") }
                print("wrong suggestions by kind:")
                for (k, v) in e.wrongByKind.sorted(by: { $0.value > $1.value }) { print("  \(String(v).leftPad(5))  \(k)") }
            }
        }
    }
}

extension CACCommand.Evaluate {
    /// One line of scores: precision, recall, micro-F1 and the counts behind them.
    func line(_ name: String, _ s: CodingEvaluation.Scores) -> String {
        name + String(format: " precision %.3f  recall %.3f  micro-F1 %.3f", s.precision, s.recall, s.f1)
            + "  (TP \(s.truePositives), FP \(s.falsePositives), FN \(s.falseNegatives))"
    }

    func runProcedures(_ config: RevcycleConfiguration) async throws {
        try await failing {
            let corpus = try CodingCorpus.read(directory: URL(fileURLWithPath: self.corpus), split: split, procedures: true)
            let coder = try await CACCommand.coder(config)
            let serviceDate = try date.map { try CACCommand.date($0, coder: coder) } ?? coder.library.icd10cm.first?.release.effectiveFrom ?? CACCommand.today()
            say("\(corpus.documents.count) notes in \(split), inpatient, ICD-10-PCS procedures, date of service \(serviceDate)")
            var lines: [String] = []
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let e = try ProcedureEvaluation.run(corpus, coder: coder, date: serviceDate, each: { doc, result in
                guard dump != nil, let data = try? encoder.encode(DumpLine(id: doc.id, gold: doc.gold.sorted(), suggestions: result.procedures,
                                                                           setAside: result.setAside.filter { $0.codeSystem == .icd10pcs })) else { return }
                lines.append(String(decoding: data, as: UTF8.self))
            })
            if let dump { try (lines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8) }
            if json { print(try jsonText(e)); return }
            print("\(e.documents) notes; gold scored: \(e.goldFullScored) full codes, \(e.goldFourScored) at 4 characters (\(e.goldLeftOut) gold codes not valid in the release or shorter, left out)")
            print(line("full codes:                         ", e.codes) + "  (\(e.unjudged) suggestions unjudged: gold truncated)")
            print(line("root operation + body part (4 ch.): ", e.rootOperationAndBodyPart))
            print(line("  with set-aside partial codes:     ", e.rootOperationAndBodyPartWithSetAside))
            print(line("  Medical and Surgical (0) only:    ", e.medicalSurgicalFourCharacter))
            print(String(format: "time per note (diagnoses and procedures): median %.2f ms", e.medianMilliseconds))
            print("missed gold (4 characters) by kind:")
            for (k, v) in e.missedByKind.sorted(by: { $0.value > $1.value }) { print("  \(String(v).leftPad(5))  \(k)") }
            print("wrong suggestions (4 characters) by kind:")
            for (k, v) in e.wrongByKind.sorted(by: { $0.value > $1.value }) { print("  \(String(v).leftPad(5))  \(k)") }
        }
    }
}

/// `revcycle bench cac`: time per note of about 500 words, made by joining the corpus's notes.
struct CACBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cac", abstract: "Note coder latency on 500-word notes built from a corpus (target: under 20 ms).")
    @OptionGroup var common: CommonOptions
    @Option(help: "The corpus folder (CodiEsp layout).") var corpus = "../shared/corpus/codiesp"
    @Option(help: "The split whose notes are used.") var split = "dev"
    @Option(help: "Words per benchmark note.") var words = 500
    @Option(help: "Times each note is coded.") var rounds = 5

    func run() async throws {
        let config = try common.configuration()
        try await failing {
            let corpus = try CodingCorpus.read(directory: URL(fileURLWithPath: self.corpus), split: split)
            let coder = try await CACCommand.coder(config)
            let date = coder.library.icd10cm.first?.release.effectiveFrom ?? CACCommand.today()
            // Consecutive notes joined until the next would pass the word count, then cut at it.
            var notes: [String] = []
            var current: [Substring] = []
            for doc in corpus.documents {
                current += doc.text.split(separator: " ", omittingEmptySubsequences: true)
                if current.count >= words { notes.append(current.prefix(words).joined(separator: " ")); current = [] }
            }
            guard !notes.isEmpty else { throw ValidationError("the corpus has fewer than \(words) words") }
            _ = try coder.code(note: notes[0], setting: .inpatient, date: date) // warm-up
            var times: [Double] = []
            for _ in 0..<rounds {
                for n in notes {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = try coder.code(note: n, setting: .inpatient, date: date)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
            }
            print("note coder: \(notes.count) notes of \(words) words x \(rounds) rounds: median \(fmt(median(times))) ms, p95 \(fmt(percentile(times, 95))) ms, max \(fmt(times.max() ?? 0)) ms (target: under 20 ms)")
        }
    }
}
