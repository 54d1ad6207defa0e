import CodeSets
import Foundation

/// Computer-assisted coding: reads a note and proposes ICD-10-CM codes the way a coder uses the code book. Words of
/// the note find main terms of the Alphabetic Index; subterms are followed while the sentence supports them (and
/// "with" subterms wherever the note documents the linked condition, the classification's presumed link); "see"
/// references and the Neoplasm Table are followed; the code the index gives is completed in the Tabular List from
/// the note's words (laterality, acuity, stage), or its unspecified code is chosen and said so; injuries get their
/// 7th character. Negation, uncertainty (by setting), history and family history decide what is suggested.
///
/// Build one per loaded library (the lexicon takes a second or two) and share it: it is immutable.
public final class NoteCoder: Sendable {
    public let library: CodeSetLibrary
    let lexicon: IndexLexicon
    /// The ICD-10-PCS Index read into terms; nil when no PCS release with an index is loaded (no procedures then).
    let procedureLexicon: ProcedureLexicon?
    /// Notes longer than this are refused rather than read slowly.
    public static let maximumLength = 400_000

    public init(library: CodeSetLibrary) throws {
        guard !library.icd10cmIndex.entries.isEmpty else { throw NoteCodingError.noAlphabeticIndex }
        guard let tabular = library.icd10cm.first else { throw NoteCodingError.noTabular }
        self.library = library
        self.lexicon = IndexLexicon(index: library.icd10cmIndex, tabular: tabular)
        self.procedureLexicon = ProcedureLexicon(library: library)
    }

    /// The ICD-10-PCS release with tables in force on a date: one covering it, else one of its fiscal year; nil when
    /// none is loaded (a release known only from the flat code file has no axes to complete a code with).
    func pcsRelease(on date: ServiceDate) -> PCSRelease? {
        let withTables = library.icd10pcs.filter { !$0.isCodeFileOnly }
        return withTables.first { $0.release.covers(date) } ?? withTables.first { $0.release.effectiveThrough?.fiscalYear == date.fiscalYear }
    }

    /// The tabular that decides structure on a date: one covering it, else one of its fiscal year; nil when no
    /// ICD-10-CM release of any kind (tabular or flat) covers the date.
    func tabular(on date: ServiceDate) -> ICD10CMTabular? {
        if let t = library.icd10cm.first(where: { $0.release.covers(date) }) { return t }
        if let t = library.icd10cm.first(where: { $0.release.effectiveThrough?.fiscalYear == date.fiscalYear }) { return t }
        // An earlier year known only from a flat file: the newest tabular gives the structure, the flat file validity.
        if library.icd10cmFlat.contains(where: { $0.release.covers(date) }) { return library.icd10cm.first }
        return nil
    }

    /// The date a caller without one should use: today when a loaded release covers it, else the last day the
    /// newest loaded release covers.
    public func defaultDate(today: ServiceDate) -> ServiceDate {
        if tabular(on: today) != nil { return today }
        return library.icd10cm.first?.release.effectiveThrough ?? library.icd10cm.first?.release.effectiveFrom ?? today
    }

    public func code(note: String, setting: CodingSetting, date: ServiceDate) throws -> NoteCoding {
        let units = Array(note.utf16)
        guard units.count <= Self.maximumLength else { throw NoteCodingError.noteTooLong(characters: units.count, limit: Self.maximumLength) }
        guard let tabular = tabular(on: date) else {
            throw NoteCodingError.noReleaseOnDate(date, loaded: (library.icd10cm.map(\.release) + library.icd10cmFlat.map(\.release)).map(\.name))
        }
        var reading = NoteReading(coder: self, units: units, tabular: tabular, setting: setting, date: date)
        reading.run()
        var coding = NoteCoding(setting: setting, dateOfService: date, release: tabular.release.name,
                                suggestions: reading.suggestions, setAside: reading.setAside)
        // ICD-10-PCS is the inpatient facility's procedure classification: outpatient notes get none.
        if setting == .inpatient, let lexicon = procedureLexicon, let pcs = pcsRelease(on: date) {
            var procedures = ProcedureReading(lexicon: lexicon, release: pcs, units: units, tokens: reading.tokens)
            procedures.run()
            coding.procedures = procedures.suggestions
            coding.procedureRelease = pcs.release.name
            coding.setAside += procedures.setAside
        }
        return coding
    }
}

/// One note being read: its tokens, and what the index made of them.
struct NoteReading {
    let coder: NoteCoder
    let units: [UInt16]
    let tabular: ICD10CMTabular
    let setting: CodingSetting
    let date: ServiceDate
    /// The coder's lexicon, held once for the note (its arrays are shared, not copied).
    let lexicon: IndexLexicon

    var tokens: [NoteToken] = []
    /// Token ranges of each sentence.
    var sentences: [Range<Int>] = []
    /// Tokens that are part of a condition the first pass found (not negated): what "with" may link to.
    var conditionTokens: [Int32: [Int]] = [:]
    var suggestions: [CodeSuggestion] = []
    var setAside: [SetAsideFinding] = []

    /// Words a cancer word also stands for, so that "history of breast cancer" finds History > personal >
    /// malignant neoplasm > breast.
    static let impliedWords: [String: [String]] = [
        "cancer": ["malignant", "neoplasm"], "carcinoma": ["malignant", "neoplasm"], "malignancy": ["malignant", "neoplasm"],
        "adenocarcinoma": ["malignant", "neoplasm"], "tumor": ["neoplasm"],
    ]

    static let ageUnits: Set<String> = ["year", "years", "month", "months", "week", "weeks", "day", "days"]

    init(coder: NoteCoder, units: [UInt16], tabular: ICD10CMTabular, setting: CodingSetting, date: ServiceDate) {
        self.coder = coder; self.units = units; self.tabular = tabular; self.setting = setting; self.date = date
        self.lexicon = coder.lexicon
    }

    // MARK: Tokens

    mutating func tokenize() {
        let lexicon = coder.lexicon
        for w in NoteTokenizer.words(units) {
            func add(_ normalized: String, implied: Bool = false) {
                let id = WordForm.stopWords.contains(normalized) ? -1 : lexicon.wordID(normalized)
                var t = NoteToken(start: w.start, end: w.end, lower: w.lower, word: id, sentence: w.sentence, clause: w.clause)
                t.implied = implied
                tokens.append(t)
            }
            if let expansion = WordForm.abbreviations[w.lower] {
                for e in expansion { add(WordForm.normalize(e)) }
                continue
            }
            let normalized = WordForm.normalize(w.lower)
            // "29-year-old", "3 months old": an age, not the index's "Old (previous)".
            if normalized == "old", let previous = tokens.last?.lower, Self.ageUnits.contains(previous) {
                add("")
                continue
            }
            add(normalized)
            if let implied = Self.impliedWords[normalized] { for e in implied { add(e, implied: true) } }
        }
        var content = 0
        for i in tokens.indices {
            tokens[i].content = content
            if tokens[i].word >= 0 && (i + 1 == tokens.count || tokens[i + 1].start != tokens[i].start) { content += 1 }
        }
        ContextRules.apply(to: &tokens)
        var start = 0
        for i in tokens.indices where i == tokens.count - 1 || tokens[i + 1].sentence != tokens[i].sentence {
            sentences.append(start..<(i + 1)); start = i + 1
        }
    }

    // MARK: Matching

    /// A term of the index matched in a sentence.
    struct Match {
        var root: Int32
        var path: [Int32]
        /// Tokens of the sentence that matched (main term first).
        var tokens: [Int]
        var anchorTokens: [Int]
        /// Tokens elsewhere linked by "with".
        var linked: [Int] = []
        var score: Double
        var sentence: Int
    }

    /// Words of one sentence: word id to token positions.
    struct SentenceWords {
        var positions: [Int32: [Int]] = [:]
        var range: Range<Int>
    }

    /// Implied words ("cancer" as malignant neoplasm) serve the history lookups only.
    func sentenceWords(_ range: Range<Int>, implied: Bool = false) -> SentenceWords {
        var w = SentenceWords(range: range)
        for i in range where tokens[i].word >= 0 && (implied || !tokens[i].implied) { w.positions[tokens[i].word, default: []].append(i) }
        return w
    }

    /// For each slot, the token nearest to lo...hi within `window` tokens; nil when a slot is missing.
    func locate(_ slots: [IndexLexicon.Slot], lo: Int, hi: Int, window: Int, in words: SentenceWords, exclude: Set<Int> = []) -> [Int]? {
        var found: [Int] = []
        found.reserveCapacity(slots.count)
        for slot in slots {
            var best = -1, bestDistance = Int.max
            for w in slot {
                guard let ps = words.positions[w] else { continue }
                let clo = tokens[lo].content, chi = tokens[hi].content
                for p in ps where !exclude.contains(p) {
                    let c = tokens[p].content
                    let d = c < clo ? clo - c : (c > chi ? c - chi : 0)
                    if d <= window, d < bestDistance { best = p; bestDistance = d }
                }
            }
            if best < 0 { return nil }
            found.append(best)
        }
        return found
    }

    /// A linked condition anywhere in the note: each slot's word among the condition tokens.
    func locateLinked(_ slots: [IndexLexicon.Slot], near lo: Int) -> [Int]? {
        var found: [Int] = []
        for slot in slots {
            var best = -1, bestDistance = Int.max
            for w in slot {
                for p in conditionTokens[w] ?? [] {
                    let d = abs(p - lo)
                    if d < bestDistance { best = p; bestDistance = d }
                }
            }
            if best < 0 { return nil }
            found.append(best)
        }
        // The linked words should be one condition, not scattered.
        if let mn = found.min(), let mx = found.max(), mx - mn > 2 * slots.count + 3 { return nil }
        return found
    }

    static let subtermWindow = 6

    struct Descent { var score = 0.0; var path: [Int32] = []; var tokens: [Int] = []; var linked: [Int] = [] }

    /// The best chain of subterms below `node` the note supports.
    func descend(_ node: Int32, lo: Int, hi: Int, words: SentenceWords, withScope: Bool, linking: Bool, depth: Int = 0) -> Descent {
        var best = Descent()
        guard depth < 9 else { return best }
        for c in lexicon.nodes[Int(node)].children {
            // Fields are read in place: copying a node costs a retain per field.
            let ci = Int(c)
            switch lexicon.nodes[ci].group {
            case .without: continue
            case .transparent, .with:
                let isWith = lexicon.nodes[ci].group == .with
                let inWith = withScope || isWith
                if isWith && !linking { continue }
                var r = descend(c, lo: lo, hi: hi, words: words, withScope: inWith, linking: linking, depth: depth + 1)
                guard r.score > best.score else { continue }
                r.path.insert(c, at: 0)
                best = r
            case .none:
                let isLinkedTerm = withScope || lexicon.nodes[ci].linked
                if isLinkedTerm && !linking { continue }
                var matched: (tokens: [Int], linked: [Int])?
                for alt in lexicon.nodes[ci].alternatives {
                    if isLinkedTerm {
                        // A "with" term: a condition of the note, in this sentence or elsewhere.
                        if let t = locateLinked(alt, near: lo) {
                            let inSentence = t.filter { words.range.contains($0) }
                            // Linked words stay free for their own term (CKD keeps its N18 code beside E11.22).
                            _ = inSentence
                            matched = ([], t)
                            break
                        }
                    } else if let t = locate(alt, lo: lo, hi: hi, window: Self.subtermWindow, in: words) {
                        if matched == nil || t.count > matched!.tokens.count { matched = (t, []) }
                    }
                }
                guard let m = matched else { continue }
                // Between subterms with as many words, the one written together wins: "stage 3a" over "stage 2"
                // made of "stage" and the "2" of "type 2" further on.
                let spread = m.tokens.isEmpty ? 0 : m.tokens.max()! - m.tokens.min()! + 1 - m.tokens.count
                let own = Double(m.tokens.count) + 0.75 * Double(m.linked.count) - min(0.5, 0.02 * Double(spread))
                let newLo = min(lo, m.tokens.min() ?? lo), newHi = max(hi, m.tokens.max() ?? hi)
                var r = descend(c, lo: newLo, hi: newHi, words: words, withScope: withScope, linking: linking, depth: depth + 1)
                let total = own + r.score
                guard total > best.score else { continue }
                r.path.insert(c, at: 0)
                r.tokens += m.tokens
                r.linked += m.linked
                r.score = total
                best = r
            }
        }
        return best
    }

    /// Every main term and tabular term the sentence matches, best first, overlapping ones removed.
    func matches(in range: Range<Int>, sentence: Int, linking: Bool) -> [Match] {
        let words = sentenceWords(range)
        var found: [Match] = []
        var seen = Set<Int64>()
        for i in range {
            let w = tokens[i].word
            // One- and two-letter words ("h", "ml") are units and initials, not terms.
            guard w >= 0, !tokens[i].implied, tokens[i].end - tokens[i].start >= 3 || tokens[i].lower.first?.isNumber == true,
                  let anchors = lexicon.anchors[w] else { continue }
            for (node, alternative) in anchors {
                let ni = Int(node)
                let slots = lexicon.nodes[ni].alternatives[Int(alternative)]
                let window = 2 * slots.count + 2
                guard var t = locate(slots, lo: i, hi: i, window: window, in: words) else { continue }
                t.sort()
                let key = Int64(node) << 32 | Int64(t[0])
                if !seen.insert(key).inserted { continue }
                var score = Double(t.count)
                var all = t
                if !lexicon.nodes[ni].optional.isEmpty, let lo = t.first, let hi = t.last {
                    for o in lexicon.nodes[ni].optional {
                        if let p = locate([[o]], lo: lo, hi: hi, window: 3, in: words) { all += p; score += 1 } else { score -= 0.1 }
                    }
                }
                if lexicon.nodes[ni].source == .tabular {
                    // A tabular title read word by word: all its words, close together.
                    guard let lo = t.first, let hi = t.last, hi - lo <= 2 * slots.count + 2 else { continue }
                    score -= 0.25
                }
                let d = descend(node, lo: t.first!, hi: t.last!, words: words, withScope: false, linking: linking)
                // Bigger terms are the hubs of their words ("Fracture, traumatic" over "Fracture, burst").
                let hub = Double(min(lexicon.nodes[ni].subtreeSize, 1000)) / 100_000 - Double(node) / 1e10
                found.append(Match(root: node, path: [node] + d.path, tokens: all + d.tokens, anchorTokens: t, linked: d.linked,
                                   score: score + d.score + hub, sentence: sentence))
            }
        }
        found.sort { $0.score > $1.score }
        var claimed = Set<Int>()
        var kept: [Match] = []
        for m in found {
            // A word belongs to one term; expanded abbreviations share the word's place.
            let starts = m.anchorTokens.map { tokens[$0].start }
            if starts.contains(where: { claimed.contains($0) }) { continue }
            for t in m.tokens { claimed.insert(tokens[t].start) }
            kept.append(m)
        }
        return kept
    }

    // MARK: The whole note

    mutating func run() {
        tokenize()
        // First pass: conditions without "with" links; their words are what later links may point at.
        var first: [Match] = []
        for (s, range) in sentences.enumerated() { first += matches(in: range, sentence: s, linking: false) }
        for m in first where !m.anchorTokens.contains(where: { tokens[$0].negated || tokens[$0].family }) {
            guard resolveCode(m) != nil else { continue }
            for t in m.tokens where tokens[t].word >= 0 { conditionTokens[tokens[t].word, default: []].append(t) }
        }
        var candidates: [Candidate] = []
        for (s, range) in sentences.enumerated() {
            for m in matches(in: range, sentence: s, linking: true) {
                if let c = judge(m) { candidates.append(c) }
            }
        }
        assemble(candidates)
    }

    // MARK: From a match to a code

    struct Resolved {
        var code: String
        var path: [Int32]
        var notes: [String]
    }

    /// Where the index leads from a matched path: the deepest term with a code, following "see" references and the
    /// Neoplasm Table.
    func resolveCode(_ m: Match, hops: Int = 0) -> Resolved? {
        let words = sentenceWords(sentences[m.sentence])
        var path = m.path
        var notes: [String] = []
        for _ in 0..<3 {
            guard let k = path.lastIndex(where: { p in
                let i = Int(p)
                return lexicon.nodes[i].code != nil || lexicon.nodes[i].seeTarget >= 0 || lexicon.nodes[i].neoplasmColumn > 0
            }) else { return nil }
            path = Array(path[...k])
            let n = lexicon.nodes[Int(path[k])]
            if let code = n.code { return Resolved(code: code, path: path, notes: notes) }
            let lo = m.tokens.min() ?? 0, hi = m.tokens.max() ?? 0
            if n.seeTarget >= 0 {
                let d = descend(n.seeTarget, lo: lo, hi: hi, words: words, withScope: false, linking: true)
                notes.append("followed \"see \(n.see ?? "")\"")
                path += [n.seeTarget] + d.path
                continue
            }
            // The Neoplasm Table: the site from the sentence, the column from the reference and the words.
            guard lexicon.neoplasmRoot >= 0 else { return nil }
            var column = Int(n.neoplasmColumn)
            let lowerWords = Set(sentences[m.sentence].map { tokens[$0].lower })
            if column == 2, !lowerWords.isDisjoint(with: ["metastatic", "metastasis", "metastases", "secondary"]) { column = 3 }
            let d = descend(lexicon.neoplasmRoot, lo: lo, hi: hi, words: words, withScope: false, linking: false)
            let rows = [lexicon.neoplasmRoot] + d.path
            for r in rows.reversed() {
                let codes = lexicon.nodes[Int(r)].tableCodes
                if codes.count == 6, let code = codes[column - 2] {
                    let site = rows.count > 1 ? "site from the sentence" : "no site in the sentence"
                    notes.append("Neoplasm Table, \(Self.columnNames[column - 2]) column (\(site))")
                    return Resolved(code: code, path: path + rows.prefix(through: rows.firstIndex(of: r)!), notes: notes)
                }
            }
            return nil
        }
        return nil
    }

    static let columnNames = ["malignant primary", "malignant secondary", "in situ", "benign", "uncertain behavior", "unspecified behavior"]

    struct Candidate {
        var suggestion: CodeSuggestion
        var root: Int32
        /// From the Alphabetic Index (not a tabular title): preferred when both give the code, for its index path.
        var fromIndex: Bool
        var pathLength: Int
        var codeFirst: [String]
        var useAdditional: [String]
        var mentions = 1
    }

    func evidence(_ m: Match) -> (start: Int, end: Int, text: String) {
        let ts = (m.tokens + m.linked).filter { tokens[$0].sentence == m.sentence }
        let start = ts.map { tokens[$0].start }.min() ?? 0
        let end = ts.map { tokens[$0].end }.max() ?? start
        return (start, end, String(decoding: units[start..<end], as: UTF16.self))
    }

    func pathText(_ path: [Int32]) -> String {
        path.map { lexicon.nodes[Int($0)].label }.joined(separator: " > ")
    }

    /// The rules on one match: negation, family history, history, uncertainty; then the code.
    mutating func judge(_ m: Match) -> Candidate? {
        let ev = evidence(m)
        let anchor = m.anchorTokens.map { tokens[$0] }
        var rationale: [String] = []
        var confidence = 0.45 + 0.1 * Double(min(m.tokens.count - 1, 3))
        func aside(_ reason: SetAsideFinding.Reason, _ code: String?, _ why: String, path: [Int32]? = nil) -> Candidate? {
            setAside.append(SetAsideFinding(reason: reason, code: code, indexPath: pathText(path ?? m.path), evidence: ev.text,
                                            start: ev.start, end: ev.end, rationale: why))
            return nil
        }
        if let t = anchor.first(where: \.negated) {
            return aside(.negated, resolveCode(m)?.code, "negated by \"\(t.negationCue)\": a condition the note rules out is not coded")
        }
        guard var resolved = resolveCode(m) else { return nil }
        let fromTabular = lexicon.nodes[Int(m.root)].source == .tabular
        if fromTabular {
            rationale.append("the tabular title or inclusion term matched word for word")
            confidence -= 0.05
        } else {
            rationale.append("Alphabetic Index: \(pathText(resolved.path))")
        }
        rationale += resolved.notes
        if !m.linked.isEmpty {
            let linkedText = m.linked.map { String(decoding: units[tokens[$0].start..<tokens[$0].end], as: UTF16.self) }.joined(separator: " ")
            let elsewhere = m.linked.contains { tokens[$0].sentence != m.sentence } ? " documented elsewhere in the note" : ""
            rationale.append("\"with\" convention: linked to \"\(linkedText)\"\(elsewhere) (the classification presumes the link)")
            confidence += 0.05
        }
        // Family history: the relative's condition becomes a Z80-Z84 code, or nothing.
        if let t = anchor.first(where: \.family) {
            guard let fh = historyCode(from: lexicon.familyHistory, m) else {
                return aside(.familyMember, resolved.code, "a relative's condition (\"\(t.familyCue)\"), and the index has no family-history code for it")
            }
            resolved = fh
            rationale = ["family history (\"\(t.familyCue)\"): Alphabetic Index \(pathText(fh.path)), not the relative's condition"]
        } else if let t = anchor.first(where: \.history) {
            if let ph = historyCode(from: lexicon.personalHistory, m) {
                resolved = ph
                rationale = ["history of (\"\(t.historyCue)\"): a past condition is coded as personal history, Alphabetic Index \(pathText(ph.path))"]
            } else {
                rationale.append("\"\(t.historyCue)\" but the index has no personal-history code for it: a past medical history of an ongoing condition is coded as current")
                confidence -= 0.2
            }
        }
        if let t = anchor.first(where: \.uncertain), !anchor.contains(where: \.family) {
            switch setting {
            case .outpatient:
                return aside(.uncertain, resolved.code, "uncertain (\"\(t.uncertaintyCue)\"): outpatient coding does not code an uncertain diagnosis; the documented signs and symptoms are coded instead (Guidelines IV.H)")
            case .inpatient:
                rationale.append("uncertain (\"\(t.uncertaintyCue)\"): coded as if established, as inpatient coding does for a diagnosis uncertain at discharge (Guidelines II.H)")
                confidence -= 0.2
            }
        }
        let sentence = sentences[m.sentence].filter { !tokens[$0].negated }.map { tokens[$0] }
        switch refine(resolved.code, sentence: sentence) {
        case .failure(let problem):
            switch problem {
            case .needsSpecificity(let category, let why):
                return aside(.needsSpecificity, category, why, path: resolved.path)
            case .invalid(let why):
                return aside(.notValidOnDate, resolved.code, why, path: resolved.path)
            }
        case .success(let r):
            rationale += r.steps
            var unspecified = r.unspecified
            if fromTabular, lexicon.nodes[Int(m.root)].titleKey.contains("unspecified") {
                unspecified = true
                rationale.append("the title's \"unspecified\" part is not decided by the note (a provider query could make it specific)")
            }
            if unspecified { confidence -= 0.1 }
            if resolved.path.count > 1 { confidence += 0.1 }
            let title = coder.library.reference(r.code, system: .icd10cm)?.title ?? tabular.node(r.code)?.title ?? ""
            let s = CodeSuggestion(code: r.code, title: title, evidence: ev.text, start: ev.start, end: ev.end,
                                   confidence: max(0.05, min(0.99, confidence)), rationale: rationale.joined(separator: "; "),
                                   indexPath: pathText(resolved.path), specificity: unspecified ? .unspecifiedChosen : .complete)
            return Candidate(suggestion: s, root: m.root, fromIndex: !fromTabular, pathLength: resolved.path.count,
                             codeFirst: r.codeFirst, useAdditional: r.useAdditional)
        }
    }

    /// History > personal (or family) > the condition's words near the match.
    func historyCode(from node: Int32, _ m: Match) -> Resolved? {
        guard node >= 0 else { return nil }
        let words = sentenceWords(sentences[m.sentence], implied: true)
        let lo = m.tokens.min() ?? 0, hi = m.tokens.max() ?? 0
        let d = descend(node, lo: lo, hi: hi, words: words, withScope: false, linking: false)
        // "History > personal > disease or disorder" matched by "disease" alone says nothing.
        guard !d.path.isEmpty, d.tokens.contains(where: { !WordForm.genericWords.contains(WordForm.normalize(tokens[$0].lower)) }) else { return nil }
        // The history entry must name this condition, not a neighbour in the same list ("history of hypertension,
        // allergy to penicillin").
        let own = Set(m.tokens.map { tokens[$0].start })
        guard d.tokens.contains(where: { own.contains(tokens[$0].start) }) else { return nil }
        var sub = m
        let parent = lexicon.nodes[Int(node)].parent
        sub.path = (parent >= 0 ? [parent, node] : [node]) + d.path
        guard let r = resolveCode(sub), r.path.count > sub.path.count - d.path.count else { return nil }
        return r
    }
}
