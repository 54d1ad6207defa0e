import CodeSets

/// The ICD-10-PCS Index read once into terms a note's words can find: every entry that gives a code, a table or a
/// "see" reference, its path (main term, subterms) as word slots, keyed by the rarest word of its main term. Built in
/// `NoteCoder.init` from the newest loaded PCS release that has an index (the 2026 files here have none, so the 2025
/// index leads into the 2026 tables; the index rarely changes between years, and every code it leads to is checked in
/// the tables in force on the date of service).
struct ProcedureLexicon: Sendable {
    struct Term: Sendable {
        /// Index of the entry in `entries`.
        var entry: Int
        /// Normalised content words of each path level, main term first ("Resection" > "Kidney" > "Right").
        var levels: [[String]]
        /// The same number for every term of one main term: its main term's words are matched once per word of
        /// the note, not once per entry (Excision alone has 700).
        var main = 0
    }

    let entries: [PCSIndexEntry]
    let terms: [Term]
    /// Anchor word (the main term's rarest word) to terms.
    let byAnchor: [String: [Int]]
    /// Lower-cased main-term title to its terms, for "see Excision with qualifier Diagnostic" without a code.
    let byMainTitle: [String: [Int]]
    /// The release whose index this is ("ICD-10-PCS FY2025").
    let indexRelease: String
    let indexFiscalYear: Int?
    /// Section 0 operation titles (character 3) to their definitions, for the rationale.
    let operationDefinitions: [String: String]
    /// Body-part labels (character 4) of every loaded table, read into words once.
    let labelWords: [String: [String]]

    init?(library: CodeSetLibrary) {
        guard let withIndex = library.icd10pcs.first(where: { !$0.index.isEmpty }) else { return nil }
        entries = withIndex.index
        indexRelease = withIndex.release.name
        indexFiscalYear = withIndex.fiscalYear
        var terms: [Term] = []
        var frequency: [String: Int] = [:]
        var mainNumbers: [String: Int] = [:]
        for (i, e) in entries.enumerated() where !e.codes.isEmpty || e.see != nil {
            let levels = e.path.map { Self.words(in: $0) }
            guard let main = levels.first, !main.isEmpty else { continue }
            let number = mainNumbers[e.path[0]] ?? mainNumbers.count
            mainNumbers[e.path[0]] = number
            terms.append(Term(entry: i, levels: levels, main: number))
        }
        // How many main terms use each word: the rarest word of a main term anchors it.
        var mainTitles = Set<String>()
        for t in terms where mainTitles.insert(entries[t.entry].path[0]).inserted {
            for w in Set(t.levels[0]) { frequency[w, default: 0] += 1 }
        }
        var byAnchor: [String: [Int]] = [:]
        var byMainTitle: [String: [Int]] = [:]
        for (k, t) in terms.enumerated() {
            let anchor = t.levels[0].min { (frequency[$0] ?? 0, $0) < (frequency[$1] ?? 0, $1) }!
            byAnchor[anchor, default: []].append(k)
            byMainTitle[entries[t.entry].path[0].lowercased(), default: []].append(k)
        }
        self.terms = terms
        self.byAnchor = byAnchor
        self.byMainTitle = byMainTitle
        var definitions: [String: String] = [:]
        if let defs = library.icd10pcs.first(where: { !$0.definitions.isEmpty }) {
            for d in defs.definitions where d.section == "0" && d.position == 3 {
                for term in d.terms { definitions[term.lowercased()] = d.definition }
            }
        }
        operationDefinitions = definitions
        var labels: [String: [String]] = [:]
        for release in library.icd10pcs {
            for table in release.tables {
                for row in table.rows {
                    for v in row.axes.first?.values ?? [] where labels[v.label] == nil { labels[v.label] = Self.words(in: v.label) }
                }
            }
        }
        labelWords = labels
    }

    /// Verb and adjective forms a note writes for the index's nouns ("the appendix was resected"). Clinical
    /// language, not learned from any corpus.
    static let wordForms: [String: String] = [
        "resected": "resection", "resect": "resection", "excised": "excision", "excise": "excision", "exeresis": "excision",
        "drained": "drainage", "biopsied": "biopsy", "biopsies": "biopsy", "inserted": "insertion", "implanted": "insertion",
        "replaced": "replacement", "repaired": "repair", "dilated": "dilation", "dilatation": "dilation", "dilatations": "dilation",
        "extracted": "extraction", "amputated": "amputation", "transplanted": "transplantation", "transplant": "transplantation",
        "ligated": "ligation", "fulgurated": "fulguration", "explored": "exploration", "reattached": "reattachment",
        "occluded": "occlusion", "embolized": "embolization", "incised": "incision", "irrigated": "irrigation",
        "subtotal": "partial", "nephrectomies": "nephrectomy", "cystoscopies": "cystoscopy", "colonoscopies": "colonoscopy",
    ]

    /// A word as the procedure matcher compares it: the note's verb forms folded to the index's nouns, then the
    /// diagnosis matcher's normalisation (plural, renal = kidney, ...).
    static func key(_ lower: String) -> String {
        if let noun = wordForms[lower] { return noun }
        return WordForm.normalize(lower)
    }

    /// Content words of an index title or axis label, normalised; words in parentheses are dropped ("Vertical
    /// (sleeve)" is "vertical").
    static func words(in title: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        func flush() {
            if !current.isEmpty, depth == 0, !WordForm.stopWords.contains(current) { out.append(key(current)) }
            current = ""
        }
        for ch in title.lowercased() {
            if ch == "(" { flush(); depth += 1; continue }
            if ch == ")" { flush(); depth = max(0, depth - 1); continue }
            if ch.isLetter || ch.isNumber { if depth == 0 { current.append(ch) } } else { flush() }
        }
        flush()
        return out
    }
}
