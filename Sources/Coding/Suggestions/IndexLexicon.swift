import CodeSets
import Foundation

/// The Alphabetic Index (and the Neoplasm Table, and the tabular's titles and inclusion terms) as the note matcher
/// reads them: a tree of terms, each term's words as word ids, and the main terms keyed by their rarest word. Built
/// once from the loaded code sets; read-only afterwards and shared by every note.
struct IndexLexicon: Sendable {
    /// One required word of a term: any of these word ids ("stage 1 through stage 4" makes {1, 2, 3, 4}).
    typealias Slot = [Int32]

    enum Group: UInt8, Sendable {
        /// An ordinary term.
        case none
        /// "with": its subterms are presumed linked to the main term wherever the note documents them.
        case with
        /// A term without words of its own ("due to", "in"): its subterms read as if one level up.
        case transparent
        /// "without ...": a default the matcher never chooses by words.
        case without
    }

    enum Source: UInt8, Sendable { case index, neoplasmTable, tabular }

    struct Node: Sendable {
        var parent: Int32
        var children: [Int32] = []
        var label: String
        /// Alternatives ("Diabetes, diabetic": two), each a list of slots that must all be present.
        var alternatives: [[Slot]]
        /// Words that make a main term's match better without being needed ("Fracture, traumatic": traumatic).
        var optional: [Int32]
        var code: String?
        var see: String?
        var seeTarget: Int32 = -1
        /// Behaviour column of the Neoplasm Table a "see Neoplasm, ..., malignant" reference points at (2...7), or 0.
        var neoplasmColumn: UInt8 = 0
        /// For a Neoplasm Table row: the code of each column 2...7 (index 0 is column 2).
        var tableCodes: [String?] = []
        var group: Group
        /// Subterms in the linked "with" sense: the term's title begins with "with".
        var linked: Bool
        var source: Source
        var subtreeSize: Int32 = 1
        var titleKey: String
    }

    private(set) var nodes: [Node] = []
    private(set) var vocabulary: [String: Int32] = [:]
    /// Main terms (and tabular terms) by one word of each alternative: (node, alternative).
    private(set) var anchors: [Int32: [(node: Int32, alternative: Int32)]] = [:]
    /// Root of the Neoplasm Table ("Neoplasm, neoplastic"), -1 when not loaded.
    private(set) var neoplasmRoot: Int32 = -1
    /// History > personal, History > family; -1 when absent.
    private(set) var personalHistory: Int32 = -1
    private(set) var familyHistory: Int32 = -1
    /// Hypertension > cardiorenal, for the guideline's heart-and-kidney combination (I.C.9.a.3).
    private(set) var hypertensionRoot: Int32 = -1
    private(set) var cardiorenal: Int32 = -1

    /// Main terms that name a reason for an encounter, not a condition: coding them from a note's mention ("an
    /// examination showed") suggests encounter codes nobody documented as the reason for the visit.
    static let encounterMainTerms: Set<String> = [
        "admission", "aftercare", "attention to", "care", "checking", "check-up", "consultation", "counseling", "encounter",
        "examination", "follow-up", "history", "observation", "patient", "problem", "status", "test", "screening", "visit",
        "procedure", "surgery", "operation", "treatment", "therapy", "results", "finding", "findings", "evaluation",
        "investigation", "person", "reason", "presence", "use", "postprocedural", "removal", "fitting", "convalescence",
        "absence", "outcome of delivery", "prophylactic", "long-term", "maintenance", "monitoring", "dialysis", "donor",
        "exposure", "condition",
    ]

    func wordID(_ normalized: String) -> Int32 { vocabulary[normalized] ?? -1 }

    init(index: ICD10CMIndex, tabular: ICD10CMTabular?) {
        var frequency: [Int32: Int] = [:]
        var rootsByKey: [String: [Int32]] = [:]
        var rootsByHead: [String: [Int32]] = [:]
        var stack: [Int32] = []
        // Neoplasm Table rows come once per column: one node per row.
        var lastTablePath: [IndexTerm] = []
        for entry in index.entries {
            switch entry.source.kind {
            case .alphabeticIndex, .neoplasmTable: break
            default: continue
            }
            let isTable = entry.source.kind == .neoplasmTable
            if isTable, entry.terms == lastTablePath, let last = nodes.indices.last {
                if let col = entry.source.column, (2...7).contains(col), let code = entry.code { nodes[last].tableCodes[col - 2] = code }
                continue
            }
            lastTablePath = isTable ? entry.terms : []
            let level = entry.terms.count - 1
            guard level >= 0, let term = entry.terms.last else { continue }
            while stack.count > level { stack.removeLast() }
            let parent = stack.last ?? -1
            let node = makeNode(title: term.title, printed: term.text, level: level, parent: parent,
                                code: isTable ? nil : entry.code, see: entry.see, seeAlso: entry.seeAlso,
                                source: isTable ? .neoplasmTable : .index, frequency: &frequency)
            let id = Int32(nodes.count)
            nodes.append(node)
            if isTable {
                nodes[Int(id)].tableCodes = Array(repeating: nil, count: 6)
                if let col = entry.source.column, (2...7).contains(col), let code = entry.code { nodes[Int(id)].tableCodes[col - 2] = code }
            }
            if parent >= 0 { nodes[Int(parent)].children.append(id) }
            stack.append(id)
            if level == 0 {
                if isTable {
                    if neoplasmRoot < 0 { neoplasmRoot = id }
                } else {
                    rootsByKey[node.titleKey, default: []].append(id)
                    if let comma = node.titleKey.firstIndex(of: ",") { rootsByHead[String(node.titleKey[..<comma]), default: []].append(id) }
                    if node.titleKey == "history" { historyRoot = id }
                    if node.titleKey == "hypertension, hypertensive" { hypertensionRoot = id }
                }
            }
        }
        // A main term without subterms ("Rests, ovarian, in fallopian tube") needs all its words; only the hubs
        // ("Fracture, traumatic") may match on their first part.
        for i in nodes.indices where nodes[i].parent < 0 && nodes[i].children.isEmpty && !nodes[i].optional.isEmpty {
            let extra = nodes[i].optional.map { [$0] }
            nodes[i].alternatives = nodes[i].alternatives.map { $0 + extra }
            nodes[i].optional = []
        }
        if let tabular { addTabularTerms(tabular, frequency: &frequency) }
        // Subtree sizes, children after parents: one backward pass.
        for i in nodes.indices.reversed() where nodes[i].parent >= 0 && nodes[i].source != .tabular {
            nodes[Int(nodes[i].parent)].subtreeSize += nodes[i].subtreeSize
        }
        resolveReferences(rootsByKey: rootsByKey, rootsByHead: rootsByHead)
        if historyRoot >= 0 {
            for c in nodes[Int(historyRoot)].children {
                if nodes[Int(c)].titleKey == "personal" { personalHistory = c }
                if nodes[Int(c)].titleKey == "family" { familyHistory = c }
            }
        }
        if hypertensionRoot >= 0 {
            cardiorenal = nodes[Int(hypertensionRoot)].children.first { nodes[Int($0)].titleKey == "cardiorenal" } ?? -1
        }
        buildAnchors(frequency: frequency)
    }

    private var historyRoot: Int32 = -1

    // MARK: Terms to words

    private mutating func intern(_ word: String) -> Int32 {
        if let id = vocabulary[word] { return id }
        let id = Int32(vocabulary.count)
        vocabulary[word] = id
        reverse[id] = word
        return id
    }

    /// A phrase's slots: stop words dropped, generic words dropped when others remain, "A through B" as one slot.
    private mutating func slots(_ phrase: String, dropGeneric: Bool = true) -> [Slot] {
        let units = Array(phrase.utf16)
        var words = NoteTokenizer.words(units).map { WordForm.normalize($0.lower) }.filter { !WordForm.stopWords.contains($0) }
        if dropGeneric, words.contains(where: { !WordForm.genericWords.contains($0) }) { words.removeAll { WordForm.genericWords.contains($0) } }
        var out: [Slot] = []
        var i = 0
        while i < words.count {
            if words[i] == "through", let a = out.last, a.count == 1, let from = Int(wordText(a[0]) ?? "") {
                var j = i + 1
                while j < words.count, Int(words[j]) == nil { j += 1 }
                if j < words.count, let to = Int(words[j]), to > from, to - from < 10 {
                    out[out.count - 1] = (from...to).map { intern(String($0)) }
                    i = j + 1
                    continue
                }
            }
            out.append([intern(words[i])])
            i += 1
        }
        return out
    }

    private var reverse: [Int32: String] = [:]
    private func wordText(_ id: Int32) -> String? { reverse[id] }

    private mutating func makeNode(title: String, printed: String, level: Int, parent: Int32, code: String?, see: String?, seeAlso: String?,
                                   source: Source, frequency: inout [Int32: Int]) -> Node {
        let key = title.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var alternatives: [[Slot]] = []
        var optional: [Int32] = []
        var group = Group.none
        if key == "with" { group = .with } else if key.hasPrefix("without") { group = .without }
        // " or " joins alternatives in a subterm ("stage 5 or end stage renal disease"); in a main term it joins
        // heads ("Goldblatt's hypertension or kidney"), which stay one phrase.
        for phrase in level == 0 ? [key] : key.components(separatedBy: " or ") {
            let parts = phrase.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let first = parts.first else { continue }
            let singleWords = parts.allSatisfy { !$0.contains(" ") && !$0.contains("-") }
            // "femur, femoral", "abdomen, abdominal": spellings of one word, any of which will do.
            let variants = singleWords && parts.dropFirst().allSatisfy { $0.prefix(3) == first.prefix(3) }
            // A main term keeps its generic words: "Wells' disease" is not "Wells".
            if variants {
                for p in parts { let s = slots(p, dropGeneric: level > 0); if !s.isEmpty { alternatives.append(s) } }
            } else if level == 0 {
                let s = slots(first, dropGeneric: false)
                if !s.isEmpty { alternatives.append(s) }
                for p in parts.dropFirst() { optional += slots(p, dropGeneric: false).compactMap(\.first) }
            } else {
                let s = slots(parts.joined(separator: " "))
                if !s.isEmpty { alternatives.append(s) }
            }
        }
        for alt in alternatives { for slot in alt { for w in slot { frequency[w, default: 0] += 1 } } }
        if alternatives.isEmpty, group == .none { group = .transparent }
        var neoplasmColumn: UInt8 = 0
        // "see Condition": the index says to look the condition up; it leads nowhere by itself.
        let see = see.flatMap { $0.lowercased().hasPrefix("condition") ? nil : $0 }
        let seeAlso = seeAlso.flatMap { $0.lowercased().hasPrefix("condition") ? nil : $0 }
        if let ref = see ?? seeAlso, ref.lowercased().hasPrefix("neoplasm") {
            let r = ref.lowercased()
            neoplasmColumn = r.contains("in situ") ? 4 : r.contains("benign") ? 5 : r.contains("uncertain") ? 6
                : r.contains("secondary") ? 3 : r.contains("malignant") ? 2 : 7
        }
        return Node(parent: parent, label: printed, alternatives: alternatives, optional: optional, code: code,
                    see: see ?? (code == nil && neoplasmColumn == 0 ? seeAlso : nil), neoplasmColumn: neoplasmColumn,
                    group: group, linked: key.hasPrefix("with "), source: source, titleKey: key)
    }

    // MARK: Tabular terms

    /// Billable codes' titles and inclusion terms as terms of their own: the words before the first comma are
    /// needed, the rest ("right eye") make the match better. Residual titles ("Other ...", "... NEC") are left out:
    /// their few words would match almost anything.
    private mutating func addTabularTerms(_ tabular: ICD10CMTabular, frequency: inout [Int32: Int]) {
        for (i, n) in tabular.nodes.enumerated() where tabular.billable[i] {
            var texts = [n.title]
            for note in n.notes where note.kind == .inclusionTerm { texts.append(note.text) }
            for text in texts {
                let lower = text.lowercased()
                if lower.hasPrefix("other") || lower.contains(" other ") || lower.contains(" nec") || lower.contains("not elsewhere") { continue }
                let parts = lower.split(separator: ",", maxSplits: 1).map(String.init)
                guard let head = parts.first else { continue }
                let required = slots(head)
                guard required.count >= 2 else { continue }
                let optional = parts.count > 1 ? slots(parts[1]).compactMap(\.first) : []
                for slot in required { for w in slot { frequency[w, default: 0] += 1 } }
                nodes.append(Node(parent: -1, label: text, alternatives: [required], optional: optional, code: n.code, see: nil,
                                  group: .none, linked: false, source: .tabular, titleKey: lower))
            }
        }
    }

    // MARK: References

    /// Follows each "see" reference to the term it names: the longest run of leading parts naming a main term, then
    /// subterms by title or by the part before a comma; parts that name no term ("by site") are skipped.
    private mutating func resolveReferences(rootsByKey: [String: [Int32]], rootsByHead: [String: [Int32]]) {
        for i in nodes.indices {
            guard let see = nodes[i].see else { continue }
            let parts = see.lowercased().split(separator: ",").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
            guard !parts.isEmpty else { continue }
            var found: Int32 = -1
            var rest: ArraySlice<String> = []
            for k in stride(from: parts.count, through: 1, by: -1) {
                let key = parts[0..<k].joined(separator: ", ")
                if let r = rootsByKey[key]?.first ?? rootsByHead[key]?.first { found = r; rest = parts[k...]; break }
            }
            guard found >= 0 else { continue }
            var current = found
            for part in rest {
                if let next = findChild(of: current, named: part) { current = next }
            }
            if current != Int32(i) { nodes[i].seeTarget = current }
        }
    }

    private func findChild(of node: Int32, named part: String) -> Int32? {
        for c in nodes[Int(node)].children {
            let key = nodes[Int(c)].titleKey
            if key == part { return c }
            if let comma = key.firstIndex(of: ","), key[..<comma] == part { return c }
        }
        // Through "with" and wordless groups, as references abbreviate them.
        for c in nodes[Int(node)].children where nodes[Int(c)].group == .transparent {
            if let found = findChild(of: c, named: part) { return found }
        }
        return nil
    }

    // MARK: Anchors

    /// Each main term is found by the rarest word of each of its alternatives; the other words are checked then.
    private mutating func buildAnchors(frequency: [Int32: Int]) {
        for i in nodes.indices where nodes[i].parent < 0 && nodes[i].source != .neoplasmTable {
            if Self.encounterMainTerms.contains(nodes[i].titleKey) { continue }
            // Residual main terms ("Symptoms NEC") name nothing a note would.
            if nodes[i].source == .index, nodes[i].titleKey.hasSuffix(" nec") { continue }
            if let comma = nodes[i].titleKey.firstIndex(of: ","), Self.encounterMainTerms.contains(String(nodes[i].titleKey[..<comma])) { continue }
            for (a, alt) in nodes[i].alternatives.enumerated() {
                guard let rarest = alt.min(by: { s1, s2 in
                    s1.map { frequency[$0] ?? 0 }.reduce(0, +) < s2.map { frequency[$0] ?? 0 }.reduce(0, +)
                }) else { continue }
                for w in rarest { anchors[w, default: []].append((Int32(i), Int32(a))) }
            }
        }
        reverse = [:]
    }
}
