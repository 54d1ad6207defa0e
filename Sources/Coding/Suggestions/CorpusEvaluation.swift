import CodeSets
import Foundation

/// A corpus of notes with gold diagnosis codes in the CodiEsp layout: `SPLIT/text_files_en/ID.txt` and
/// `SPLIT/SPLITD.tsv` (`ID<TAB>code`, CIE-10-ES codes, lower case and dotted).
public struct CodingCorpus: Sendable {
    public struct Document: Sendable {
        public var id: String
        public var text: String
        /// Upper-case dotted codes, as given.
        public var gold: Set<String>
    }
    public var split: String
    public var documents: [Document]

    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `procedures` reads the procedure gold (`SPLITP.tsv`, ICD-10-PCS codes, often truncated) instead of the
    /// diagnoses.
    public static func read(directory: URL, split: String, procedures: Bool = false) throws -> CodingCorpus {
        let folder = directory.appendingPathComponent(split)
        let texts = folder.appendingPathComponent("text_files_en")
        let goldFile = folder.appendingPathComponent("\(split)\(procedures ? "P" : "D").tsv")
        guard let goldText = try? String(contentsOf: goldFile, encoding: .utf8) else {
            throw ReadError(description: "\(goldFile.path) cannot be read: expected the CodiEsp layout SPLIT/SPLIT\(procedures ? "P" : "D").tsv and SPLIT/text_files_en/")
        }
        var gold: [String: Set<String>] = [:]
        for (n, line) in goldText.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: "\t")
            guard fields.count >= 2 else { throw ReadError(description: "\(goldFile.lastPathComponent) line \(n + 1): expected ID<TAB>code") }
            gold[String(fields[0]), default: []].insert(String(fields[1]).uppercased())
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: texts.path) else {
            throw ReadError(description: "\(texts.path) cannot be listed")
        }
        var documents: [Document] = []
        for name in names.sorted() where name.hasSuffix(".txt") {
            let id = String(name.dropLast(4))
            guard let text = try? String(contentsOf: texts.appendingPathComponent(name), encoding: .utf8) else {
                throw ReadError(description: "\(name) is not UTF-8 text")
            }
            documents.append(Document(id: id, text: text, gold: gold[id] ?? []))
        }
        return CodingCorpus(split: split, documents: documents)
    }
}

/// Precision, recall and micro-F1 of suggested codes against gold codes, at the full code and the category
/// (3-character) level, with every error put in a kind.
public struct CodingEvaluation: Codable, Sendable {
    public struct Scores: Codable, Sendable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        mutating func add(suggested: Set<String>, gold: Set<String>) {
            truePositives += suggested.intersection(gold).count
            falsePositives += suggested.subtracting(gold).count
            falseNegatives += gold.subtracting(suggested).count
        }

        enum CodingKeys: String, CodingKey { case truePositives, falsePositives, falseNegatives, precision, recall, f1 }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(truePositives, forKey: .truePositives); try c.encode(falsePositives, forKey: .falsePositives)
            try c.encode(falseNegatives, forKey: .falseNegatives); try c.encode(precision, forKey: .precision)
            try c.encode(recall, forKey: .recall); try c.encode(f1, forKey: .f1)
        }
        public init() {}
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            truePositives = try c.decode(Int.self, forKey: .truePositives)
            falsePositives = try c.decode(Int.self, forKey: .falsePositives)
            falseNegatives = try c.decode(Int.self, forKey: .falseNegatives)
        }
    }

    public var split: String
    public var setting: CodingSetting
    public var minimumConfidence: Double
    public var documents = 0
    /// Gold codes scored (billable in the release in force on the date) and those left out.
    public var goldScored = 0
    public var goldNotInRelease = 0
    public var codes = Scores()
    public var categories = Scores()
    /// Gold codes the classification has subdivided since the corpus was coded (CodiEsp is 2018: R51 is now R51.0 and
    /// R51.9) kept, a suggestion below one counting as a match: the strict scores count such a suggestion wrong and
    /// leave the gold code out.
    public var codesWithSubdividedGold = Scores()
    public var goldSubdivided = 0
    /// Mean average precision of the suggestions ranked by confidence (CodiEsp-D's ranking metric), strict gold.
    public var meanAveragePrecision = 0.0
    /// Missed gold codes and wrong suggestions by kind.
    public var missedByKind: [String: Int] = [:]
    public var wrongByKind: [String: Int] = [:]
    /// Median and 95th percentile milliseconds per note, and the mean word count.
    public var medianMilliseconds = 0.0
    public var p95Milliseconds = 0.0
    public var meanWords = 0.0

    /// Runs the coder over every document; `progress` hears after each one.
    public static func run(_ corpus: CodingCorpus, coder: NoteCoder, setting: CodingSetting, date: ServiceDate,
                           minimumConfidence: Double = 0, progress: (Int, Int) -> Void = { _, _ in },
                           each: (CodingCorpus.Document, NoteCoding) -> Void = { _, _ in }) throws -> CodingEvaluation {
        var e = CodingEvaluation(split: corpus.split, setting: setting, minimumConfidence: minimumConfidence)
        var times: [Double] = []
        var words = 0
        var averagePrecisions: [Double] = []
        let tabular = coder.tabular(on: date)
        for (n, doc) in corpus.documents.enumerated() {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = try coder.code(note: doc.text, setting: setting, date: date)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            each(doc, result)
            words += doc.text.split(whereSeparator: \.isWhitespace).count
            let gold = Set(doc.gold.filter { coder.library.isBillable(icd10cm: $0, on: date) })
            e.goldNotInRelease += doc.gold.count - gold.count
            e.goldScored += gold.count
            let kept = result.suggestions.filter { $0.confidence >= minimumConfidence }
            let suggested = Set(kept.map(\.code))
            e.codes.add(suggested: suggested, gold: gold)
            // Subdivided gold: present in the tabular with children, so not billable; a suggestion below it matches.
            let subdivided = doc.gold.subtracting(gold).filter { tabular?.node(ICD10CMTabular.canonical($0)).map { !$0.children.isEmpty } ?? false }
            e.goldSubdivided += subdivided.count
            var matchedSubdivided = Set<String>()
            var unmatched = suggested.subtracting(gold)
            for g in subdivided {
                let prefix = NoteReading.bare(g)
                if let hit = unmatched.first(where: { NoteReading.bare($0).hasPrefix(prefix) }) { unmatched.remove(hit); matchedSubdivided.insert(g) }
            }
            e.codesWithSubdividedGold.truePositives += suggested.intersection(gold).count + matchedSubdivided.count
            e.codesWithSubdividedGold.falsePositives += unmatched.count
            e.codesWithSubdividedGold.falseNegatives += gold.subtracting(suggested).count + subdivided.count - matchedSubdivided.count
            if !gold.isEmpty {
                var hits = 0, sum = 0.0, seen = Set<String>()
                let ranked = kept.enumerated().sorted { $0.element.confidence != $1.element.confidence ? $0.element.confidence > $1.element.confidence : $0.offset < $1.offset }
                for (k, s) in ranked.map(\.element).enumerated() where seen.insert(s.code).inserted && gold.contains(s.code) {
                    hits += 1; sum += Double(hits) / Double(k + 1)
                }
                averagePrecisions.append(sum / Double(gold.count))
            }
            e.categories.add(suggested: Set(suggested.map { String($0.prefix(3)) }), gold: Set(gold.map { String($0.prefix(3)) }))
            e.classify(suggested: kept, gold: gold, result: result, text: doc.text, coder: coder)
            e.documents += 1
            progress(n + 1, corpus.documents.count)
        }
        e.meanAveragePrecision = averagePrecisions.isEmpty ? 0 : averagePrecisions.reduce(0, +) / Double(averagePrecisions.count)
        times.sort()
        if !times.isEmpty {
            e.medianMilliseconds = times[times.count / 2]
            e.p95Milliseconds = times[min(times.count - 1, Int(Double(times.count) * 0.95))]
            e.meanWords = Double(words) / Double(times.count)
        }
        return e
    }

    /// Why each error happened, as far as the engine can tell.
    mutating func classify(suggested: [CodeSuggestion], gold: Set<String>, result: NoteCoding, text: String, coder: NoteCoder) {
        let codes = Set(suggested.map(\.code))
        let goldCategories = Set(gold.map { $0.prefix(3) })
        let suggestedCategories = Set(codes.map { $0.prefix(3) })
        let lowerText = text.lowercased()
        for g in gold.subtracting(codes) {
            let kind: String
            if let aside = result.setAside.first(where: { $0.code.map { CodingEvaluation.sameCategory($0, g) } ?? false }) {
                kind = "set aside as \(aside.reason.rawValue)"
            } else if suggestedCategories.contains(g.prefix(3)) {
                kind = "wrong specificity (same category suggested)"
            } else if CodingEvaluation.indexWordsAppear(g, in: lowerText, coder: coder) {
                kind = "index words in the text, no term matched"
            } else {
                kind = "no index term of the code in the text (paraphrase, translation or inference)"
            }
            missedByKind[kind, default: 0] += 1
        }
        for s in suggested where !gold.contains(s.code) {
            let kind: String
            if goldCategories.contains(s.code.prefix(3)) {
                kind = "wrong specificity (gold has the category)"
            } else if s.rationale.contains("uncertain") {
                kind = "uncertain diagnosis coded"
            } else if s.rationale.contains("history") {
                kind = "history rule"
            } else if s.specificity == .unspecifiedChosen {
                kind = "unspecified code, category not in gold"
            } else {
                kind = "not in gold (over-coding or a wrong term)"
            }
            wrongByKind[kind, default: 0] += 1
        }
    }

    static func sameCategory(_ a: String, _ b: String) -> Bool { a.uppercased().prefix(3) == b.uppercased().prefix(3) }

    /// Whether some Alphabetic Index entry for the code has all its main term's words in the text.
    static func indexWordsAppear(_ code: String, in lowerText: String, coder: NoteCoder) -> Bool {
        for e in coder.library.icd10cmIndex.entries(forCode: code) {
            guard let main = e.terms.first?.title.lowercased() else { continue }
            let head = main.split(separator: ",").first.map(String.init) ?? main
            if head.count > 3, lowerText.contains(head.prefix(max(4, head.count - 2))) { return true }
        }
        return false
    }
}
