import CodeSets

/// ICD-10-PCS suggestions from a note, for inpatient facility procedures. The PCS Index's terms found in a sentence
/// ("Appendectomy, see Resection, Appendix 0DTJ"; "Resection > Kidney > Right 0TT0"; "Biopsy, see Excision with
/// qualifier Diagnostic") give the table and usually the body part; the body part is otherwise read from the
/// table's body-part labels in the sentence (with its side when the values are sided); the approach from the
/// sentence's approach words ("laparoscopic" is percutaneous endoscopic), or from the table when it allows one
/// approach only; device and qualifier from a documented device or "biopsy", else "No Device" / "No Qualifier" where
/// the row allows them. A full code is suggested only when every axis is decided and the code is valid in the
/// release in force on the date of service; otherwise the finding is set aside with the partial code and the axis
/// that is missing. Negated, planned, declined and past procedures are set aside.
struct ProcedureReading {
    /// One word of the note, as the procedure matcher reads it.
    struct Word {
        var start: Int
        var end: Int
        var lower: String
        var key: String
        var sentence: Int
        var clause: Int
        var negated: Bool
        var negationCue: String
        var history: Bool
        var historyCue: String
        /// Planned, declined or past ("will undergo", "declined", "status post"), with the cue.
        var notPerformed = ""
    }

    let lexicon: ProcedureLexicon
    let release: PCSRelease
    let units: [UInt16]
    var words: [Word] = []
    var sentences: [Range<Int>] = []
    var suggestions: [CodeSuggestion] = []
    var setAside: [SetAsideFinding] = []

    init(lexicon: ProcedureLexicon, release: PCSRelease, units: [UInt16], tokens: [NoteToken]) {
        self.lexicon = lexicon; self.release = release; self.units = units
        var last = -1
        for t in tokens where !t.implied && t.start != last {
            last = t.start
            // Stop words are never looked up: no key to make.
            let key = WordForm.stopWords.contains(t.lower) ? t.lower : ProcedureLexicon.key(t.lower)
            words.append(Word(start: t.start, end: t.end, lower: t.lower, key: key, sentence: t.sentence,
                              clause: t.clause, negated: t.negated, negationCue: t.negationCue, history: t.history, historyCue: t.historyCue))
        }
        Self.markNotPerformed(&words)
        var start = 0
        for i in words.indices where i == words.count - 1 || words[i + 1].sentence != words[i].sentence {
            sentences.append(start..<(i + 1)); start = i + 1
        }
    }

    // MARK: Planned, declined, past

    /// Cues that a procedure was not done in this encounter, read forward (the procedure after the cue) or backward.
    static let notPerformedForward: [[String]] = [
        ["will", "undergo"], ["will", "be"], ["to", "undergo"], ["scheduled", "for"], ["scheduled"], ["planned"], ["plan", "for"],
        ["plan", "to"], ["planning"], ["candidate", "for"], ["recommended"], ["referred", "for"], ["awaiting"], ["pending"],
        ["consider"], ["considering"], ["proposed"], ["offered"], ["declined"], ["declines"], ["refused"], ["refuses"],
        ["status", "post"], ["s", "p"], ["postponed"], ["deferred"],
    ]
    static let notPerformedBackward: [[String]] = [
        ["was", "planned"], ["is", "planned"], ["was", "scheduled"], ["is", "scheduled"], ["was", "declined"], ["was", "refused"],
        ["was", "deferred"], ["was", "postponed"], ["was", "cancelled"], ["was", "canceled"], ["was", "recommended"], ["years", "ago"],
    ]

    /// The words a cue can start with: only these are tried (most words of a note start none).
    static let cueFirstWords = Set((notPerformedForward + notPerformedBackward).compactMap(\.first))

    static func markNotPerformed(_ words: inout [Word]) {
        func matches(_ i: Int, _ cue: [String]) -> Bool {
            guard i >= 0, i + cue.count <= words.count else { return false }
            for (k, w) in cue.enumerated() where words[i + k].lower != w || words[i + k].clause != words[i].clause { return false }
            return true
        }
        for i in words.indices where cueFirstWords.contains(words[i].lower) {
            if let cue = notPerformedForward.filter({ matches(i, $0) }).max(by: { $0.count < $1.count }) {
                let text = cue.joined(separator: " ")
                var j = i + cue.count
                while j < words.count, j < i + cue.count + 8, words[j].clause == words[i].clause {
                    if words[j].notPerformed.isEmpty { words[j].notPerformed = text }
                    j += 1
                }
            }
            if let cue = notPerformedBackward.filter({ matches(i, $0) }).max(by: { $0.count < $1.count }) {
                let text = cue.joined(separator: " ")
                var j = i - 1
                while j >= 0, j >= i - 6, words[j].clause == words[i].clause {
                    if words[j].notPerformed.isEmpty { words[j].notPerformed = text }
                    j -= 1
                }
            }
        }
    }

    // MARK: Matching index terms

    struct Match {
        var term: Int
        /// Word positions that matched, main term first.
        var positions: [Int]
        var anchor: Int
        var score: Double
        var sentence: Int
        /// Other index entries for the same words, not chosen ("see Excision, Appendix 0DBJ").
        var alternatives: [String] = []
    }

    /// Positions of each word key in a sentence.
    func keyPositions(_ range: Range<Int>) -> [String: [Int]] {
        var m: [String: [Int]] = [:]
        for i in range where !WordForm.stopWords.contains(words[i].lower) { m[words[i].key, default: []].append(i) }
        return m
    }

    /// The positions of a level's words, each the nearest to lo...hi within `window` words; nil when one is missing.
    func locate(_ level: [String], lo: Int, hi: Int, window: Int, in positions: [String: [Int]], used: [Int]) -> [Int]? {
        var found: [Int] = []
        for w in level {
            var best = -1, bestDistance = Int.max
            for p in positions[w] ?? [] where !used.contains(p) && !found.contains(p) {
                let d = p < lo ? lo - p : (p > hi ? p - hi : 0)
                if d <= window, d < bestDistance { best = p; bestDistance = d }
            }
            if best < 0 { return nil }
            found.append(best)
        }
        return found
    }

    /// A term's main term at `anchor` and all its subterms in the sentence.
    /// `main`: the main term's positions when already located (or skipped: `skipMain`).
    func match(term k: Int, anchor: Int, positions: [String: [Int]], skipMain: Bool = false, main: [Int]? = nil) -> [Int]? {
        let t = lexicon.terms[k]
        var used: [Int] = main ?? []
        var lo = used.min().map { Swift.min($0, anchor) } ?? anchor, hi = used.max().map { Swift.max($0, anchor) } ?? anchor
        for (n, level) in t.levels.enumerated() {
            if n == 0 && (skipMain || main != nil) { continue }
            guard let p = locate(level, lo: lo, hi: hi, window: n == 0 ? 2 : 6, in: positions, used: used) else { return nil }
            used += p
            lo = Swift.min(lo, p.min() ?? lo); hi = Swift.max(hi, p.max() ?? hi)
        }
        return used.sorted()
    }

    func matches(in range: Range<Int>, sentence: Int) -> [Match] {
        let positions = keyPositions(range)
        var found: [Match] = []
        for i in range {
            guard words[i].end - words[i].start >= 3, !Self.notProcedureMainTerms.contains(words[i].key),
                  let candidates = lexicon.byAnchor[words[i].key] else { continue }
            var mainOnly: [(k: Int, p: [Int])] = []
            var any = false
            // The main term's words, located once per main term for this word.
            var mainAt: (number: Int, positions: [Int]?) = (-1, nil)
            for k in candidates {
                let t = lexicon.terms[k]
                if mainAt.number != t.main {
                    let p = locate(t.levels[0], lo: i, hi: i, window: 2, in: positions, used: [])
                    mainAt = (t.main, p.flatMap { $0.contains(i) ? $0 : nil })
                }
                guard let main = mainAt.positions else { continue }
                guard let p = match(term: k, anchor: i, positions: positions, main: main) else {
                    mainOnly.append((k, main))
                    continue
                }
                // More words matched is better; deeper paths break ties (a subterm that says more).
                let score = Double(p.count) + 0.01 * Double(lexicon.terms[k].levels.count)
                found.append(Match(term: k, positions: p, anchor: i, score: score, sentence: sentence))
                any = true
            }
            // A main term found whose subterms the sentence does not name ("hysterectomy": only "Supracervical" and
            // "Total" have codes): its few entries are the alternatives, the first-level ones chosen between below.
            if !any, !mainOnly.isEmpty, Set(mainOnly.map { lexicon.entries[lexicon.terms[$0.k].entry].path[0] }).count == 1, mainOnly.count <= 4,
               sameTableOrExcisionResection(mainOnly.map(\.k)) {
                for (k, p) in mainOnly where lexicon.terms[k].levels.count <= 2 {
                    found.append(Match(term: k, positions: p, anchor: i, score: Double(p.count) - 0.5, sentence: sentence))
                }
            }
        }
        found.sort { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
        var claimed = Set<Int>()
        var kept: [Match] = []
        var alternativesOf: [Int: [Match]] = [:]
        for m in found {
            if let k = kept.firstIndex(where: { $0.anchor == m.anchor && $0.score == m.score && $0.positions == m.positions }) {
                alternativesOf[k, default: []].append(m)
                continue
            }
            if m.positions.contains(where: { claimed.contains($0) }) { continue }
            claimed.formUnion(m.positions)
            kept.append(m)
        }
        // Several index entries for the same words ("Appendectomy, see Excision ..." and "... see Resection ..."):
        // choose between them by what the sentence says.
        for (k, alternatives) in alternativesOf {
            let options = [kept[k]] + alternatives
            var chosen = choose(among: options, range: range)
            chosen.alternatives = options.filter { $0.term != chosen.term }.map { lexicon.entries[lexicon.terms[$0.term].entry].text }
            kept[k] = chosen
        }
        // A word that only names the approach ("laparoscopy", "endoscopy") is a procedure of its own only when the
        // sentence names no other.
        if kept.count > 1 {
            kept.removeAll { m in
                m.positions.count == 1 && Self.approachCue(words[m.anchor].key) != nil
            }
        }
        return kept
    }

    static let partialCues: Set<String> = ["partial", "segmental", "wedge", "hemicolectomy", "sleeve", "tumorectomy", "lumpectomy", "enucleation"]

    /// Whether a main term's entries, none of whose subterms the sentence names, still decide the code: they all
    /// give the same code ("Hysterectomy" > "Supracervical" and > "Total" are both 0UT9), or they are the excision /
    /// resection pair `choose` decides between. ("Study" leads into one table, 4A0, but its subterms decide the body
    /// system.)
    func sameTableOrExcisionResection(_ ks: [Int]) -> Bool {
        let targets = ks.map { k -> String in
            let e = lexicon.entries[lexicon.terms[k].entry]
            return e.codes.first ?? (e.see ?? "")
        }
        if Set(targets).count == 1 { return true }
        let operations = Set(ks.map { (lexicon.entries[lexicon.terms[$0].entry].see ?? "").split(separator: ",").first.map(String.init) ?? "" })
        return operations == ["Excision", "Resection"]
    }

    /// Main terms that in a note are nearly always a finding, not a procedure ("examination revealed dry skin").
    static let notProcedureMainTerms: Set<String> = ["examination", "isolation", "mapping"]

    /// Words of a lesion: "resection of the bladder tumor" takes out a portion of the organ, which PCS codes as
    /// Excision, not Resection.
    static let lesionWords: Set<String> = ["tumor", "mass", "lesion", "polyp", "nodule", "neoplasm", "carcinoma"]
    static let transurethralWords: Set<String> = ["transurethral", "turp", "turbt", "rtu", "tur"]
    static let totalCues: Set<String> = ["total", "radical", "complete", "completion", "simple"]

    /// Excision or resection (and other alternatives) by the sentence's words: "partial", "subtotal" and "biopsy"
    /// are excision, "total" and "radical", or nothing, resection (an "-ectomy" takes the whole organ unless the note
    /// says otherwise); other alternatives by the words of their "see" text found in the sentence, else the first.
    func choose(among options: [Match], range: Range<Int>) -> Match {
        let keys = Set(range.map { words[$0].key })
        func operation(_ m: Match) -> String {
            let e = lexicon.entries[lexicon.terms[m.term].entry]
            return (e.see ?? e.path[0]).lowercased()
        }
        let partial = !keys.isDisjoint(with: Self.partialCues)
        if let m = options.first(where: { operation($0).hasPrefix(partial ? "excision" : "resection") }) { return m }
        var best = options[0], bestScore = -1
        for m in options {
            let e = lexicon.entries[lexicon.terms[m.term].entry]
            let seeWords = ProcedureLexicon.words(in: e.see ?? "")
            let score = seeWords.filter { keys.contains($0) }.count
            if score > bestScore { best = m; bestScore = score }
        }
        // "Biopsy, see Drainage / Excision / Extraction with qualifier Diagnostic": fluid is drained, marrow and
        // brushings extracted, tissue (the usual biopsy) excised.
        if bestScore == 0 {
            let cue = !keys.isDisjoint(with: ["aspiration", "fluid", "aspirate"]) ? "drainage"
                : !keys.isDisjoint(with: ["marrow", "brush", "brushing"]) ? "extraction" : "excision"
            if let m = options.first(where: { operation($0).hasPrefix(cue) }) { return m }
        }
        return best
    }

    // MARK: Approach, device, qualifier words

    /// Approach labels of the Medical and Surgical section and the words that document them.
    static let approachWords: [String: String] = [
        "open": "Open", "laparotomy": "Open", "thoracotomy": "Open", "lumbotomy": "Open", "sternotomy": "Open",
        "craniotomy": "Open", "arthrotomy": "Open", "percutaneous": "Percutaneous", "percutaneously": "Percutaneous",
        "needle": "Percutaneous", "puncture": "Percutaneous", "paracentesis": "Percutaneous", "thoracentesis": "Percutaneous",
        "laparoscopic": "Percutaneous Endoscopic", "laparoscopically": "Percutaneous Endoscopic", "laparoscopy": "Percutaneous Endoscopic",
        "thoracoscopic": "Percutaneous Endoscopic", "thoracoscopy": "Percutaneous Endoscopic", "arthroscopic": "Percutaneous Endoscopic",
        "arthroscopy": "Percutaneous Endoscopic", "vat": "Percutaneous Endoscopic", "robotic": "Percutaneous Endoscopic",
        "endoscopic": "Via Natural or Artificial Opening Endoscopic", "endoscopically": "Via Natural or Artificial Opening Endoscopic",
        "endoscopy": "Via Natural or Artificial Opening Endoscopic", "transurethral": "Via Natural or Artificial Opening Endoscopic",
        "cystoscopic": "Via Natural or Artificial Opening Endoscopic", "cystoscopy": "Via Natural or Artificial Opening Endoscopic",
        "ureteroscopic": "Via Natural or Artificial Opening Endoscopic", "ureteroscopy": "Via Natural or Artificial Opening Endoscopic",
        "colonoscopic": "Via Natural or Artificial Opening Endoscopic", "colonoscopy": "Via Natural or Artificial Opening Endoscopic",
        "hysteroscopic": "Via Natural or Artificial Opening Endoscopic", "bronchoscopic": "Via Natural or Artificial Opening Endoscopic",
        "bronchoscopy": "Via Natural or Artificial Opening Endoscopic", "gastroscopy": "Via Natural or Artificial Opening Endoscopic",
        "ercp": "Via Natural or Artificial Opening Endoscopic", "turp": "Via Natural or Artificial Opening Endoscopic",
        "turbt": "Via Natural or Artificial Opening Endoscopic", "resectoscope": "Via Natural or Artificial Opening Endoscopic",
        "transvaginal": "Via Natural or Artificial Opening", "transanal": "Via Natural or Artificial Opening",
        "transoral": "Via Natural or Artificial Opening", "external": "External", "externally": "External",
    ]

    static func approachCue(_ key: String) -> String? { approachWords[key] }

    /// Device words and the device labels they name.
    static let deviceWords: [String: [String]] = [
        "drain": ["Drainage Device"], "catheter": ["Drainage Device", "Infusion Device"], "stent": ["Intraluminal Device"], "mesh": ["Synthetic Substitute"],
        "prosthesis": ["Synthetic Substitute"], "graft": ["Autologous Tissue Substitute", "Synthetic Substitute"],
        "pacemaker": ["Pacemaker"], "plate": ["Internal Fixation Device"], "screw": ["Internal Fixation Device"],
        "nail": ["Intramedullary Internal Fixation Device"], "port": ["Vascular Access Device"],
    ]

    static let diagnosticCues: Set<String> = ["biopsy", "diagnostic", "paaf", "fna", "aspiration", "cytology"]
    static let sideWords: Set<String> = ["right", "left", "bilateral"]

    /// Body parts an operation word names by its root ("nephrectomy" is the kidney): the table's body-part labels
    /// are read with these words too. Medical word roots, not learned from any corpus.
    static let rootBodyParts: [(prefix: String, words: [String])] = [
        ("nephr", ["kidney"]), ("pyel", ["kidney", "pelvis"]), ("ureter", ["ureter"]), ("cyst", ["bladder"]),
        ("cholecyst", ["gallbladder"]), ("hepat", ["liver"]), ("splen", ["spleen"]), ("pancrea", ["pancreas"]),
        ("gastr", ["stomach"]), ("esophag", ["esophagus"]), ("duoden", ["duodenum"]), ("jejun", ["jejunum"]),
        ("ile", ["ileum"]), ("col", ["colon"]), ("sigmoid", ["sigmoid", "colon"]), ("rect", ["rectum"]), ("append", ["appendix"]),
        ("hyster", ["uterus"]), ("oophor", ["ovary"]), ("ovari", ["ovary"]), ("salping", ["fallopian", "tube"]),
        ("orchi", ["testis"]), ("orchid", ["testis"]), ("prostat", ["prostate"]), ("mast", ["breast"]), ("mastoid", ["mastoid"]), ("thyroid", ["thyroid", "gland"]),
        ("parathyroid", ["parathyroid", "gland"]), ("adrenal", ["adrenal", "gland"]), ("lob", ["lung", "lobe"]), ("pneum", ["lung"]),
        ("laryng", ["larynx"]), ("trache", ["trachea"]), ("tonsill", ["tonsils"]), ("lymphaden", ["lymphatic"]), ("epididym", ["epididymis"]),
        ("vas", ["vas", "deferens"]), ("urethr", ["urethra"]), ("crani", ["skull"]), ("lamin", ["vertebra"]),
    ]

    // MARK: The whole note

    mutating func run() {
        var byCode: [String: Int] = [:]
        for (s, range) in sentences.enumerated() {
            for m in matches(in: range, sentence: s) {
                judge(m, range: range, byCode: &byCode)
            }
        }
    }

    func text(_ start: Int, _ end: Int) -> String { String(decoding: units[start..<end], as: UTF16.self) }

    /// What one match becomes: a suggestion, or a finding set aside with its reason.
    mutating func judge(_ m: Match, range: Range<Int>, byCode: inout [String: Int]) {
        let entry = lexicon.entries[lexicon.terms[m.term].entry]
        var used = m.positions
        var indexPath = entry.text
        var notes: [String] = []
        var qualifierHint: String?
        // Follow a "see" without a code to the main term it names, with the sentence's words for its subterms.
        var found: (code: String, path: String)?
        if let code = entry.codes.first {
            found = (code, indexPath)
        } else if let see = entry.see {
            var name = see
            if let r = name.range(of: " with qualifier ") { qualifierHint = String(name[r.upperBound...]); name = String(name[..<r.lowerBound]) }
            let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let positions = keyPositions(range)
            var best: (k: Int, p: [Int])?
            for k in lexicon.byMainTitle[parts.first?.lowercased() ?? ""] ?? [] {
                let e = lexicon.entries[lexicon.terms[k].entry]
                guard !e.codes.isEmpty else { continue }
                if parts.count > 1, !(e.path.dropFirst().first?.lowercased() ?? "").hasPrefix(parts[1].lowercased()) { continue }
                guard let p = match(term: k, anchor: m.anchor, positions: positions, skipMain: true) else { continue }
                if best == nil || p.count > best!.p.count { best = (k, p) }
            }
            if let b = best {
                let e = lexicon.entries[lexicon.terms[b.k].entry]
                used += b.p
                indexPath += "; " + e.text
                notes.append("followed \"see \(see)\" to \(e.path.joined(separator: " > ")) with the sentence's words")
                found = (e.codes[0], indexPath)
            } else {
                // The operation is known, the body part is not: the table is not decided.
                aside(.axisNotDocumented, code: nil, m: m, used: used, path: indexPath,
                      why: "\"see \(see)\": the body part is not documented in the sentence, so no table row is decided")
                return
            }
        }
        guard let found else { return }
        let near = max(range.lowerBound, m.anchor - 4)..<min(range.upperBound, m.anchor + 5)
        let diagnostic = qualifierHint == "Diagnostic" || near.contains { Self.diagnosticCues.contains(words[$0].key) }
        // "Transurethral resection of the prostate", "resection of the bladder tumor": a portion, so Excision.
        var target = found
        if entry.path[0] == "Resection", target.code.count >= 3, target.code.dropFirst(2).first == "T",
           let cue = near.first(where: { Self.lesionWords.contains(words[$0].key) }) ?? range.first(where: { Self.transurethralWords.contains(words[$0].lower) }) {
            let excision = String(target.code.prefix(2)) + "B" + String(target.code.dropFirst(3))
            if release.table(String(excision.prefix(3))) != nil {
                notes.append("\"\(words[cue].lower)\": a resection of a lesion or a transurethral resection takes out a portion of the body part, coded as Excision (\(excision)) rather than Resection (\(target.code))")
                target.code = excision
            }
        }

        // Context: negated, past, planned.
        let anchorWord = words[m.anchor]
        if anchorWord.negated {
            return aside(.negated, code: target.code, m: m, used: used, path: indexPath,
                         why: "negated by \"\(anchorWord.negationCue)\": a procedure the note says was not done is not coded")
        }
        if !anchorWord.notPerformed.isEmpty {
            return aside(.notPerformed, code: target.code, m: m, used: used, path: indexPath,
                         why: "\"\(anchorWord.notPerformed)\": planned, declined or earlier, not a procedure of this stay")
        }
        if anchorWord.history {
            return aside(.notPerformed, code: target.code, m: m, used: used, path: indexPath,
                         why: "\"\(anchorWord.historyCue)\": a past procedure, not one of this stay")
        }
        switch complete(target.code, m: m, range: range, diagnostic: diagnostic) {
        case .failure(let missing):
            used += missing.used
            aside(missing.reason, code: missing.partial, m: m, used: used, path: indexPath, why: (notes + [missing.why]).joined(separator: "; "))
        case .success(let done):
            used += done.used
            let span = evidence(used, sentence: m.sentence)
            var confidence = 0.55
            if target.code.count >= 4 { confidence += 0.15 }
            if done.approachInferred { confidence -= 0.1 }
            if m.score >= 2 { confidence += 0.05 }
            var rationale = notes + done.steps
            if !m.alternatives.isEmpty {
                rationale.append("the index also offers \(m.alternatives.joined(separator: " / ")), not chosen")
                confidence -= 0.05
            }
            if let fy = lexicon.indexFiscalYear, fy != release.fiscalYear {
                rationale.append("the \(lexicon.indexRelease) index led into the \(release.release.name) tables (no index of that year is loaded; the index rarely changes, and the code was checked in the tables in force)")
            }
            if let k = byCode[done.code] {
                suggestions[k].confidence = min(0.99, suggestions[k].confidence + 0.05)
                return
            }
            let title = release.lookup(done.code)?.title ?? ""
            var s = CodeSuggestion(code: done.code, title: title, evidence: span.text, start: span.start, end: span.end,
                                   confidence: max(0.05, min(0.99, confidence)), rationale: rationale.joined(separator: "; "),
                                   indexPath: target.path)
            s.codeSystem = .icd10pcs
            byCode[done.code] = suggestions.count
            suggestions.append(s)
        }
    }

    mutating func aside(_ reason: SetAsideFinding.Reason, code: String?, m: Match, used: [Int], path: String, why: String) {
        let span = evidence(used, sentence: m.sentence)
        var f = SetAsideFinding(reason: reason, code: code, indexPath: path, evidence: span.text, start: span.start, end: span.end, rationale: why)
        f.codeSystem = .icd10pcs
        setAside.append(f)
    }

    func evidence(_ used: [Int], sentence: Int) -> (start: Int, end: Int, text: String) {
        let own = used.filter { words[$0].sentence == sentence }
        let start = own.map { words[$0].start }.min() ?? 0
        let end = own.map { words[$0].end }.max() ?? start
        return (start, end, text(start, end))
    }

    // MARK: Completing the code in the tables

    /// `approachInferred`: the approach is the table's only choice for the body part, not a word of the note (less
    /// confidence).
    struct Completed { var code: String; var steps: [String]; var used: [Int]; var approachInferred: Bool }
    struct Missing: Error { var reason: SetAsideFinding.Reason; var partial: String?; var why: String; var used: [Int] }

    /// Characters 4 to 7 from the sentence, in the table of the release in force.
    func complete(_ start: String, m: Match, range: Range<Int>, diagnostic: Bool) -> Result<Completed, Missing> {
        let prefix = start.uppercased()
        guard let table = release.table(String(prefix.prefix(3))) else {
            return .failure(Missing(reason: .notValidOnDate, partial: prefix, why: "the index's \(prefix) is not a table of \(release.release.name)", used: []))
        }
        let operation = table.axes.count > 2 ? table.axes[2].values.first?.label ?? "" : ""
        var steps: [String] = []
        if table.code.hasPrefix("0") {
            let definition = lexicon.operationDefinitions[operation.lowercased()].map { " (\($0))" } ?? ""
            steps.append("root operation \(operation)\(definition), table \(table.code) from the index")
        } else {
            steps.append("table \(table.code) (\(table.axes.map { $0.values.first?.label ?? "" }.joined(separator: ", "))) from the index")
        }
        var used: [Int] = []
        // Rows are read as characters 4 to 7; a row of another shape (a damaged file) is passed over.
        var rows = table.rows.filter { row in
            row.axes.count == 4 && (prefix.count <= 3 || zip(row.axes, prefix.dropFirst(3)).allSatisfy { $0.allows(String($1)) })
        }
        guard !rows.isEmpty else {
            return .failure(Missing(reason: .notValidOnDate, partial: prefix, why: "\(prefix) is not valid in \(release.release.name): \(release.explainInvalid(prefix))", used: []))
        }
        let hasApproach = rows.first?.axes.count == 4 && rows.first?.axes[1].title == "Approach"
        // Imaging (section B): body part, then contrast and qualifiers, "None" unless the note mentions contrast.
        let imaging = table.code.hasPrefix("B") && rows.first?.axes.count == 4 && rows.first?.axes[1].title == "Contrast"
        guard hasApproach || imaging || prefix.count == 7 else {
            return .failure(Missing(reason: .axisNotDocumented, partial: prefix,
                                    why: "the index gives \(prefix) in a section whose characters 5 to 7 are not approach, device and qualifier; the note coder completes only Medical and Surgical style and imaging tables", used: []))
        }
        var code = prefix
        // Body part (character 4).
        if code.count == 3 {
            switch bodyPart(rows: rows, m: m, range: range) {
            case .success(let found):
                code += found.value.code
                used += found.used
                steps.append("body part \(found.value.label) (\(found.value.code)) from \(found.how)")
            case .failure(let missing):
                return .failure(Missing(reason: .axisNotDocumented, partial: code, why: steps.joined(separator: "; ") + "; " + missing.why, used: missing.used))
            }
        } else {
            let label = rows.first?.axes[0].label(for: String(code[code.index(code.startIndex, offsetBy: 3)])) ?? ""
            steps.append("body part \(label) (\(code.dropFirst(3).prefix(1))) from the index")
        }
        let bodyPartCharacter = String(code.dropFirst(3).prefix(1))
        rows = rows.filter { $0.axes[0].allows(bodyPartCharacter) }
        if imaging && code.count < 7 {
            if range.contains(where: { words[$0].key == "contrast" }) {
                return .failure(Missing(reason: .axisNotDocumented, partial: code,
                                        why: steps.joined(separator: "; ") + "; contrast mentioned but its kind (high or low osmolar, other) not documented", used: used))
            }
            for row in rows {
                var candidate = code
                for axis in row.axes[(candidate.count - 3)...] {
                    guard axis.allows("Z") else { break }
                    candidate += "Z"
                }
                guard candidate.count == 7, release.lookup(candidate)?.billable == true else { continue }
                steps.append("contrast and qualifiers None (Z): the note mentions no contrast")
                return .success(Completed(code: candidate, steps: steps + ["valid in \(release.release.name)"], used: used, approachInferred: false))
            }
            return .failure(Missing(reason: .axisNotDocumented, partial: code, why: steps.joined(separator: "; ") + "; contrast or qualifier not documented", used: used))
        }
        // Approach (character 5).
        var approachInferred = false
        if code.count == 4 {
            let allowed = Set(rows.flatMap { $0.axes[1].values })
            var chosen: (value: PCSValue, at: Int)?
            for i in range {
                guard let label = Self.approachCue(words[i].key), let value = allowed.first(where: { $0.label == label }) else { continue }
                if chosen == nil || abs(i - m.anchor) < abs(chosen!.at - m.anchor) { chosen = (value, i) }
            }
            if let chosen {
                used.append(chosen.at)
                steps.append("approach \(chosen.value.label) (\(chosen.value.code)) from \"\(words[chosen.at].lower)\"")
                code += chosen.value.code
            } else if allowed.count == 1, let only = allowed.first {
                steps.append("approach \(only.label) (\(only.code)): the only approach the table allows for this body part")
                code += only.code
                approachInferred = true
            } else {
                let names = allowed.sorted { $0.code < $1.code }.map(\.label).joined(separator: ", ")
                return .failure(Missing(reason: .axisNotDocumented, partial: code,
                                        why: steps.joined(separator: "; ") + "; approach not documented (the table allows \(names))", used: used))
            }
        } else {
            let ch = String(code.dropFirst(4).prefix(1))
            steps.append("approach \(rows.first?.axes[1].label(for: ch) ?? ch) (\(ch)) from the index")
        }
        let approachCharacter = String(code.dropFirst(4).prefix(1))
        rows = rows.filter { $0.axes[1].allows(approachCharacter) }
        // Device and qualifier (characters 6 and 7), together within one row.
        let keyPositions = range.filter { Self.deviceWords[words[$0].key] != nil }
        let deviceLabels = Set(keyPositions.flatMap { Self.deviceWords[words[$0].key]! })
        for row in rows {
            guard code.count < 6 || row.axes[2].allows(String(code.dropFirst(5).prefix(1))) else { continue }
            var candidate = code
            var rowSteps: [String] = []
            if candidate.count == 5 {
                if let device = row.axes[2].values.first(where: { deviceLabels.contains($0.label) }) {
                    candidate += device.code
                    rowSteps.append("device \(device.label) (\(device.code)) from the note's device word")
                } else if let none = row.axes[2].values.first(where: { $0.code == "Z" }) {
                    candidate += none.code
                    rowSteps.append("device \(none.label) (Z): the note names no device the row allows")
                } else { continue }
            }
            if candidate.count == 6 {
                if diagnostic, let x = row.axes[3].values.first(where: { $0.code == "X" }) {
                    candidate += x.code
                    rowSteps.append("qualifier \(x.label) (X): a biopsy or diagnostic procedure")
                } else if let none = row.axes[3].values.first(where: { $0.code == "Z" }) {
                    candidate += none.code
                    rowSteps.append("qualifier \(none.label) (Z)")
                } else { continue }
            }
            guard let found = release.lookup(candidate), found.billable else { continue }
            if rowSteps.contains(where: { $0.contains("device word") }) { used += keyPositions }
            return .success(Completed(code: candidate, steps: steps + rowSteps + ["valid in \(release.release.name)"], used: used, approachInferred: approachInferred))
        }
        let missingAxis = code.count <= 5 ? "device or qualifier" : "qualifier"
        return .failure(Missing(reason: .axisNotDocumented, partial: code,
                                why: steps.joined(separator: "; ") + "; \(missingAxis) not documented (the row allows no \"No Device\" / \"No Qualifier\" choice the note supports)", used: used))
    }

    /// The body part value whose label the sentence names, with its side when the values are sided.
    func bodyPart(rows: [PCSRow], m: Match, range: Range<Int>) -> Result<(value: PCSValue, used: [Int], how: String), Missing> {
        var keys: [String: [Int]] = keyPositions(range)
        // The operation word's root names a body part too ("nephrectomy": kidney).
        var implied: [String] = []
        var longest = 0
        let anchorLower = words[m.anchor].lower
        for (prefix, ws) in Self.rootBodyParts where anchorLower.hasPrefix(prefix) && prefix.count > longest {
            implied = ws; longest = prefix.count
        }
        for w in implied where keys[w] == nil { keys[w] = [m.anchor] }
        var values: [PCSValue] = []
        var seen = Set<String>()
        for row in rows { for v in row.axes[0].values where seen.insert(v.code).inserted { values.append(v) } }
        var best: (value: PCSValue, used: [Int], score: Int)?
        var sidelessBest: (value: PCSValue, score: Int)?
        for v in values {
            let labelWords = lexicon.labelWords[v.label] ?? ProcedureLexicon.words(in: v.label)
            let side = labelWords.first { Self.sideWords.contains($0) }
            let content = labelWords.filter { !Self.sideWords.contains($0) }
            guard !content.isEmpty else { continue }
            var positions: [Int] = []
            var ok = true
            for w in content {
                guard let p = keys[w]?.min(by: { abs($0 - m.anchor) < abs($1 - m.anchor) }) else { ok = false; break }
                positions.append(p)
            }
            guard ok else { continue }
            let score = content.count * 10 - (content.count < labelWords.count ? 0 : 1)
            if let side {
                guard let sp = keys[side]?.min(by: { abs($0 - m.anchor) < abs($1 - m.anchor) }) else {
                    if sidelessBest == nil || score > sidelessBest!.score { sidelessBest = (v, score) }
                    continue
                }
                // The side written nearest the body part, not one of another organ further on.
                let other = Self.sideWords.subtracting([side]).compactMap { keys[$0] }.flatMap { $0 }
                let dist = abs(sp - (positions.first ?? m.anchor))
                if other.contains(where: { abs($0 - (positions.first ?? m.anchor)) < dist }) { continue }
                positions.append(sp)
            }
            if best == nil || score > best!.score { best = (v, positions, score) }
        }
        if let best, sidelessBest == nil || best.score >= sidelessBest!.score {
            let how = implied.isEmpty ? "the sentence" : "the sentence and the operation word's root (\"\(anchorLower)\": \(implied.joined(separator: " ")))"
            return .success((best.value, best.used, how))
        }
        if let s = sidelessBest {
            return .failure(Missing(reason: .axisNotDocumented, partial: nil,
                                    why: "body part \(s.value.label.split(separator: ",").first ?? "") named but its side (laterality) not documented", used: []))
        }
        return .failure(Missing(reason: .axisNotDocumented, partial: nil, why: "body part not documented in the sentence", used: []))
    }
}
