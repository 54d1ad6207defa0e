import CodeSets
import Foundation

/// From the code the index gives to a billable code on the date of service, in the Tabular List.
extension NoteReading {
    struct Refined {
        var code: String
        var steps: [String]
        var unspecified: Bool
        /// Code first / use additional code instructions that apply, as "Code first (at E11): text".
        var codeFirst: [String]
        var useAdditional: [String]
    }

    enum RefinementProblem: Error {
        case needsSpecificity(category: String, why: String)
        case invalid(String)
    }

    static func bare(_ code: String) -> String {
        var out = String.UnicodeScalarView()
        for u in code.unicodeScalars {
            switch u.value {
            case 48...57, 65...90: out.append(u)
            case 97...122: out.append(Unicode.Scalar(u.value - 32)!)
            default: break
            }
        }
        return String(out)
    }

    static func dotted(_ bare: String) -> String {
        bare.count > 3 ? String(bare.prefix(3)) + "." + String(bare.dropFirst(3)) : bare
    }

    /// Normalised words of a title, without stop and generic words.
    static func titleWords(_ title: String) -> Set<String> {
        Set(NoteTokenizer.words(Array(title.utf16)).map { WordForm.normalize($0.lower) }
            .filter { !WordForm.stopWords.contains($0) && !WordForm.genericWords.contains($0) })
    }

    func refine(_ indexCode: String, sentence: [NoteToken]) -> Result<Refined, RefinementProblem> {
        var bare = Self.bare(indexCode)
        var steps: [String] = []
        var unspecified = false
        let noteWords = Set(sentence.map { WordForm.normalize($0.lower) })
        let lowerWords = Set(sentence.map(\.lower))
        // The index may name a code this release split or retired: its nearest ancestor still in the tabular.
        var index = tabular.nodeIndex(Self.dotted(bare))
        if index == nil, case .success = tabular.resolve(Self.dotted(bare)) {
            return finish(Self.dotted(bare), steps: steps, unspecified: false)
        }
        while index == nil, bare.count > 3 {
            bare.removeLast()
            index = tabular.nodeIndex(Self.dotted(bare))
            if index != nil { steps.append("\(indexCode) is not in \(tabular.release.name); its category \(Self.dotted(bare)) was refined instead") }
        }
        guard var i = index else { return .failure(.invalid("\(indexCode) is not in \(tabular.release.name)")) }
        for _ in 0..<6 {
            let node = tabular.nodes[i]
            if tabular.billable[i] { return finish(node.code, steps: steps, unspecified: unspecified) }
            if !node.children.isEmpty {
                let parentWords = Self.titleWords(node.title)
                var best: [(Int, Int, Set<String>)] = []
                for c in node.children {
                    let extra = Self.titleWords(tabular.nodes[Int(c)].title).subtracting(parentWords)
                    let hit = extra.intersection(noteWords)
                    // A child whose distinguishing words are all absent except "unspecified" does not count.
                    guard !hit.isEmpty else { continue }
                    if best.isEmpty || hit.count > best[0].1 { best = [(Int(c), hit.count, hit)] } else if hit.count == best[0].1 { best.append((Int(c), hit.count, hit)) }
                }
                if best.count == 1 {
                    let c = best[0].0
                    steps.append("\(node.code) refined to \(tabular.nodes[c].code) by the note's \(best[0].2.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
                    i = c; continue
                }
                // The unspecified child is the one that says "unspecified" more often than its parent does
                // (C50.919 "...unspecified site of unspecified female breast" under C50.91 "...unspecified site").
                func unspecifiedCount(_ title: String) -> Int { title.lowercased().components(separatedBy: "unspecified").count - 1 }
                let baseline = unspecifiedCount(node.title)
                let scored = node.children.map { ($0, unspecifiedCount(tabular.nodes[Int($0)].title) - baseline) }
                let top = scored.map(\.1).max() ?? 0
                if top > 0, let u = scored.last(where: { $0.1 == top })?.0 {
                    let why = best.isEmpty ? "the note does not say which subdivision of \(node.code)" : "the note's words fit several subdivisions of \(node.code)"
                    steps.append("\(why): its unspecified code \(tabular.nodes[Int(u)].code) was chosen (a provider query could make it specific)")
                    unspecified = true
                    i = Int(u); continue
                }
                if node.children.count == 1 { i = Int(node.children[0]); continue }
                return .failure(.needsSpecificity(category: node.code, why: "the note does not decide among the subdivisions of \(node.code) (\(node.title)) and it has no unspecified code: query the provider"))
            }
            // A leaf that needs a 7th character.
            guard let def = tabular.seventhCharacterDefinition(for: i), !def.characters.isEmpty else {
                return .failure(.invalid("\(node.code) is not billable in \(tabular.release.name)"))
            }
            let (character, why) = Self.seventhCharacter(def.characters, words: lowerWords)
            var stem = Self.bare(node.code)
            while stem.count < 6 { stem += "X" }
            steps.append("7th character \(character.character) (\(character.meaning)): \(why)")
            return finish(Self.dotted(stem + character.character), steps: steps, unspecified: unspecified)
        }
        return .failure(.invalid("\(indexCode) could not be completed in \(tabular.release.name)"))
    }

    /// Initial, subsequent or sequela from the note's words; for fractures, closed and routine healing unless the
    /// note says open, delayed healing, nonunion or malunion.
    static func seventhCharacter(_ characters: [SeventhCharacter], words: Set<String>) -> (SeventhCharacter, String) {
        let phase: String, why: String
        if !words.isDisjoint(with: ["sequela", "sequelae", "late"]) {
            phase = "sequela"; why = "the note names a sequela"
        } else if !words.isDisjoint(with: ["subsequent", "follow", "healing", "healed", "aftercare", "recheck", "routine", "removal"]) {
            phase = "subsequent"; why = "the note describes a follow-up encounter (healing, follow-up)"
        } else {
            phase = "initial"; why = "active treatment is presumed when the note does not describe follow-up or a sequela"
        }
        var pool = characters.filter { $0.meaning.lowercased().contains(phase) }
        if pool.isEmpty {
            pool = characters.filter { $0.meaning.lowercased().contains("unspecified") || $0.meaning.lowercased().contains("not applicable") }
            if let c = pool.first ?? characters.first { return (c, "the note does not decide it") }
        }
        func prefer(_ word: String, when present: Bool) {
            let narrowed = pool.filter { $0.meaning.lowercased().contains(word) == present }
            if !narrowed.isEmpty { pool = narrowed }
        }
        prefer("open", when: words.contains("open"))
        if words.contains("nonunion") { prefer("nonunion", when: true) } else if words.contains("malunion") { prefer("malunion", when: true) }
        else if words.contains("delayed") { prefer("delayed", when: true) } else { prefer("routine", when: true) }
        return (pool.first ?? characters[0], why)
    }

    /// A billable code: valid on the date, with its code-first and use-additional instructions.
    func finish(_ code: String, steps: [String], unspecified: Bool) -> Result<Refined, RefinementProblem> {
        guard coder.library.isBillable(icd10cm: code, on: date) else {
            return .failure(.invalid("\(code) is not a billable code on \(date)"))
        }
        var codeFirst: [String] = [], useAdditional: [String] = []
        var bare = Self.bare(code)
        // The code's own notes and its ancestors' up to the category (a 7th-character code reads its base's).
        var seen = Set<String>()
        while bare.count >= 3 {
            if let n = tabular.node(Self.dotted(bare)), seen.insert(n.code).inserted {
                for note in n.notes {
                    if note.kind == .codeFirst { codeFirst.append("Code first (at \(n.code)): \(note.text)") }
                    if note.kind == .useAdditionalCode { useAdditional.append("Use additional code (at \(n.code)): \(note.text)") }
                }
            }
            bare.removeLast()
        }
        return .success(Refined(code: code, steps: steps, unspecified: unspecified, codeFirst: codeFirst, useAdditional: useAdditional))
    }

    /// Codes and ranges an instruction names: "(N18.1-N18.6)", "Z79.4", "I50.-".
    static func codeReferences(_ text: String) -> [(from: String, through: String)] {
        let chars = Array(text.uppercased())
        var out: [(String, String)] = []
        var i = 0
        func code(at k: Int) -> (String, Int)? {
            guard k + 2 < chars.count, chars[k].isLetter, chars[k].isASCII, chars[k + 1].isNumber, chars[k + 2].isNumber || chars[k + 2].isLetter else { return nil }
            if k > 0, chars[k - 1].isLetter || chars[k - 1].isNumber { return nil }
            var j = k + 3
            var s = String(chars[k..<j])
            if j < chars.count, chars[j] == "." {
                j += 1
                while j < chars.count, chars[j].isNumber || (chars[j].isLetter && chars[j].isUppercase) { s.append(chars[j]); j += 1 }
            }
            return (s, j)
        }
        while i < chars.count {
            if let first = code(at: i) {
                let (a, j) = first
                var k = j
                while k < chars.count, chars[k] == "-" || chars[k] == " " { k += 1 }
                if k > j, chars[j] == "-", let second = code(at: k) { out.append((a, second.0)); i = second.1; continue }
                out.append((a, a)); i = j; continue
            }
            i += 1
        }
        return out
    }

    static func code(_ code: String, isIn ref: (from: String, through: String)) -> Bool {
        let c = bare(code), a = bare(ref.from), b = bare(ref.through)
        if a == b { return c.hasPrefix(a) }
        let n = max(a.count, b.count)
        let head = String(c.prefix(n))
        return head >= a && head <= b || c.hasPrefix(a) || c.hasPrefix(b)
    }

    // MARK: Putting the note's codes together

    mutating func assemble(_ candidates: [Candidate]) {
        // One suggestion per code: the best-supported mention, surer for each further mention.
        var byCode: [String: Candidate] = [:]
        var order: [String] = []
        for c in candidates {
            if var existing = byCode[c.suggestion.code] {
                existing.mentions += 1
                if (c.fromIndex && !existing.fromIndex) || (c.fromIndex == existing.fromIndex && c.suggestion.confidence > existing.suggestion.confidence) {
                    let mentions = existing.mentions
                    existing = c; existing.mentions = mentions
                }
                byCode[c.suggestion.code] = existing
            } else {
                byCode[c.suggestion.code] = c; order.append(c.suggestion.code)
            }
        }
        var kept = order.compactMap { byCode[$0] }
        // Combination codes: a main term's own code gives way to a code reached through its subterms (I10 to I12.9,
        // E11.9 to E11.22), as the index's "with" entries replace the single condition.
        kept = kept.filter { c in
            guard c.pathLength == 1, lexicon.nodes[Int(c.root)].source == .index else { return true }
            if let better = kept.first(where: { $0.root == c.root && $0.pathLength > 1 && $0.suggestion.code != c.suggestion.code
                && $0.suggestion.code.prefix(1) == c.suggestion.code.prefix(1) }) {
                setAside.append(SetAsideFinding(reason: .combined, code: c.suggestion.code, indexPath: c.suggestion.indexPath,
                                                evidence: c.suggestion.evidence, start: c.suggestion.start, end: c.suggestion.end,
                                                rationale: "\(better.suggestion.code) combines it with a linked condition"))
                return false
            }
            return true
        }
        applyHypertensionCombination(&kept)
        // Code-first and use-additional pairs among the suggestions.
        for i in kept.indices {
            var paired: [String] = []
            var extra: [String] = []
            for (kind, notes) in [("code first", kept[i].codeFirst), ("use additional code", kept[i].useAdditional)] {
                for note in notes {
                    for ref in Self.codeReferences(note) {
                        for other in kept where other.suggestion.code != kept[i].suggestion.code && Self.code(other.suggestion.code, isIn: ref) {
                            if !paired.contains(other.suggestion.code) {
                                paired.append(other.suggestion.code)
                                extra.append("\(kind) \(other.suggestion.code), as the tabular instructs")
                            }
                        }
                    }
                }
            }
            kept[i].suggestion.instructions = kept[i].codeFirst + kept[i].useAdditional
            kept[i].suggestion.pairedCodes = paired
            if !extra.isEmpty { kept[i].suggestion.rationale += "; " + extra.joined(separator: "; ") }
            let m = kept[i].mentions
            if m > 1 {
                kept[i].suggestion.confidence = min(0.99, kept[i].suggestion.confidence + 0.05 * Double(min(m - 1, 2)))
                kept[i].suggestion.rationale += "; \(m) mentions"
            }
            kept[i].suggestion.confidence = (kept[i].suggestion.confidence * 100).rounded() / 100
        }
        // Sequencing: the note's order, except that a code another says to code first comes before it.
        var key = kept.map { Double($0.suggestion.start) }
        for i in kept.indices where !kept[i].codeFirst.isEmpty {
            for j in kept.indices where kept[i].suggestion.pairedCodes.contains(kept[j].suggestion.code)
                && kept[i].codeFirst.contains(where: { note in Self.codeReferences(note).contains { Self.code(kept[j].suggestion.code, isIn: $0) } }) {
                key[i] = max(key[i], key[j] + 0.5)
            }
        }
        suggestions = kept.indices.sorted { key[$0] < key[$1] }.map { kept[$0].suggestion }
    }

    /// Hypertension with both heart and kidney involvement is hypertensive heart and chronic kidney disease (I13),
    /// whatever the two single combinations said (Guidelines I.C.9.a.3): read from Hypertension > cardiorenal.
    mutating func applyHypertensionCombination(_ kept: inout [Candidate]) {
        guard lexicon.cardiorenal >= 0 else { return }
        guard let h = kept.firstIndex(where: { $0.root == lexicon.hypertensionRoot && ($0.suggestion.code.hasPrefix("I11") || $0.suggestion.code.hasPrefix("I12")) }) else { return }
        let heart = kept.contains { $0.suggestion.code.hasPrefix("I50") || $0.suggestion.code.hasPrefix("I11") }
        let kidney = kept.contains { $0.suggestion.code.hasPrefix("N18") || $0.suggestion.code.hasPrefix("I12") }
        guard heart && kidney else { return }
        // Read the cardiorenal subterms with every sentence's words: the stage and the heart failure may be anywhere.
        var best: (score: Double, path: [Int32]) = (0, [])
        for range in sentences {
            let words = sentenceWords(range)
            guard let lo = range.first, let hi = range.last else { continue }
            let d = descend(lexicon.cardiorenal, lo: lo, hi: hi, words: words, withScope: true, linking: true)
            if d.score > best.score { best = (d.score, d.path) }
        }
        let path = [lexicon.hypertensionRoot, lexicon.cardiorenal] + best.path
        guard let node = path.last(where: { lexicon.nodes[Int($0)].code != nil }), let code = lexicon.nodes[Int(node)].code else { return }
        guard case .success(let r) = refine(code, sentence: []) else { return }
        let old = kept[h].suggestion
        let title = coder.library.reference(r.code, system: .icd10cm)?.title ?? ""
        kept[h].suggestion = CodeSuggestion(code: r.code, title: title, evidence: old.evidence, start: old.start, end: old.end,
                                            confidence: old.confidence, rationale: old.rationale + "; hypertension with both heart and kidney involvement: Alphabetic Index \(pathText(path)) replaces \(old.code) (Guidelines I.C.9.a.3)",
                                            indexPath: pathText(path))
        kept[h].codeFirst = r.codeFirst; kept[h].useAdditional = r.useAdditional
    }
}
