import CodeSets

/// ICD-10-CM's own coding rules on a claim's diagnoses, from the tabular in force on the first date of service: 7th
/// characters and placeholder X, Excludes1 pairs, and manifestation codes that must follow their underlying disease.
enum DiagnosisRuleEdits {
    static func check(_ claim: ScrubClaim, _ rules: DiagnosisRules, mce: MCETable?) -> [ClaimEdit] {
        guard let date = claim.firstServiceDate, let index = rules.index(on: date) else { return [] }
        // Each code's node and packed form once, for both families.
        let coded = claim.diagnoses.map { raw in DiagnosisRules.node(raw, in: index.tabular).flatMap { node in PackedDiagnosis(raw).map { (node, $0) } } }
        return excludes1(claim, coded, index) + manifestationFirst(claim, coded.first ?? nil, index, mce: mce)
    }

    static func lines(_ claim: ScrubClaim, pointingTo positions: [Int]) -> [Int] {
        claim.lines.filter { !Set($0.diagnosisPointers).isDisjoint(with: positions) }.map(\.number)
    }

    // MARK: 7th character and placeholder X

    /// The precise finding for a code that is incomplete only in its 7th character or placeholder X (S72.001, T15.1,
    /// S72.001Z, S00.00A), naming the full codes; nil for any other code. `CodeValidityEdits` asks this first, so the
    /// code gets this edit instead of the generic `dx-not-billable` or `dx-unknown`.
    static func seventhCharacter(_ raw: String, position: Int, lines: [Int], date: ServiceDate, _ rules: DiagnosisRules) -> ClaimEdit? {
        guard let t = rules.index(on: date)?.tabular else { return nil }
        let code = ICD10CMTabular.canonical(raw)
        func completions(_ base: Int) -> [(code: String, meaning: String)] {
            let stem = Self.padded(t.nodes[base].code)
            return (t.seventhCharacterDefinition(for: base)?.characters ?? []).map { (ICD10CMTabular.canonical(stem + $0.character), $0.meaning) }
        }
        func source(_ base: Int, _ rule: String) -> String {
            let defined = t.seventhCharacterDefinition(for: base).map { t.nodes[$0.source].code } ?? t.nodes[base].code
            return "\(t.release.name), 7th characters of \(defined); Official Guidelines \(rule)"
        }
        func listed(_ codes: [(code: String, meaning: String)]) -> String { codes.map { "\($0.code) \($0.meaning)" }.joined(separator: "; ") }
        switch t.resolve(code) {
        case .success(.node(let i)):
            guard !t.billable[i], t.nodes[i].children.isEmpty, let def = t.seventhCharacterDefinition(for: i) else { return nil }
            let n = t.nodes[i]
            let needsX = n.code.filter { $0 != "." }.count < 6
            return ClaimEdit(id: "dx-seventh-character", severity: .error, lines: lines, codes: [n.code],
                             message: "diagnosis \(position), \(n.code) \(n.title), needs a 7th character\(needsX ? " after placeholder X" : ""): "
                                 + def.characters.map { "\($0.character) \($0.meaning)" }.joined(separator: ", "),
                             source: source(i, needsX ? "I.A.4-I.A.5" : "I.A.5"),
                             resolution: "Report the full code the documentation supports: \(listed(completions(i))).")
        case .failure(.invalidSeventh(let base, let character)):
            let n = t.nodes[base]
            return ClaimEdit(id: "dx-seventh-character", severity: .error, lines: lines, codes: [code],
                             message: "diagnosis \(position), \(code): \(character) is not a 7th character of \(n.code) \(n.title)",
                             source: source(base, "I.A.5"),
                             resolution: "Use one of the 7th characters \(n.code) has: \(listed(completions(base))).")
        case .failure(.placeholderNeeded(let base, let expected)):
            let n = t.nodes[base]
            let seventh = String(expected.suffix(1))
            let meaning = t.seventhCharacterDefinition(for: base)?.characters.first { $0.character == seventh }?.meaning
            return ClaimEdit(id: "dx-placeholder", severity: .error, lines: lines, codes: [code],
                             message: "diagnosis \(position), \(code), is missing placeholder X: \(expected)",
                             source: source(base, "I.A.4"),
                             resolution: meaning.map { "Report \(expected) (\(n.title), \($0)): placeholder X fills \(n.code) to six characters before its 7th character." }
                                 ?? "\(seventh) is not a 7th character of \(n.code) either: report one of \(listed(completions(base))).")
        case .failure(.unknown):
            // Placeholder X given but the 7th character left off: T15.10X, S00.0XX.
            var stem = code.filter { $0 != "." }
            guard stem.count <= 6, stem.hasSuffix("X") else { return nil }
            while stem.hasSuffix("X"), stem.count > 3 { stem.removeLast() }
            guard let base = t.nodeIndex(ICD10CMTabular.canonical(stem)), t.nodes[base].children.isEmpty,
                  let def = t.seventhCharacterDefinition(for: base) else { return nil }
            return ClaimEdit(id: "dx-seventh-character", severity: .error, lines: lines, codes: [code],
                             message: "diagnosis \(position), \(code), has placeholder X but no 7th character: "
                                 + def.characters.map { "\($0.character) \($0.meaning)" }.joined(separator: ", "),
                             source: source(base, "I.A.4-I.A.5"),
                             resolution: "Report the full code the documentation supports: \(listed(completions(base))).")
        default:
            return nil
        }
    }

    /// "T15.1" -> "T151XX": the code without its dot, filled with placeholder X to six characters.
    static func padded(_ code: String) -> String {
        let bare = code.filter { $0 != "." }
        return bare.count >= 6 ? bare : bare + String(repeating: "X", count: 6 - bare.count)
    }

    // MARK: Excludes1

    /// Two diagnoses of the claim where one's Excludes1 notes (its own or an ancestor's) name the other: "not coded
    /// here", the two are not reported together for the same condition.
    /// `diagnoses`: each of the claim's diagnoses' node in the tabular and packed code, nil when it is not valid there.
    static func excludes1(_ claim: ScrubClaim, _ diagnoses: [(node: Int, code: PackedDiagnosis)?], _ index: DiagnosisRuleIndex) -> [ClaimEdit] {
        guard diagnoses.count > 1 else { return [] }
        var coded: [(position: Int, code: PackedDiagnosis, rules: [DiagnosisRuleIndex.Excludes1])] = []
        for (n, diagnosis) in diagnoses.enumerated() {
            guard let diagnosis else { continue }
            coded.append((n + 1, diagnosis.code, index.rules(diagnosis.node).excludes1))
        }
        // The note of `x` that names `y`; a note that also names the code it is printed under is not about the pair.
        func excluding(_ x: (position: Int, code: PackedDiagnosis, rules: [DiagnosisRuleIndex.Excludes1]), _ y: PackedDiagnosis) -> DiagnosisRuleIndex.Excludes1? {
            x.rules.first { $0.pattern.matches(y) && !$0.pattern.matches(x.code) }
        }
        var edits: [ClaimEdit] = []
        for (i, a) in coded.enumerated() {
            for b in coded[(i + 1)...] where a.code != b.code {
                let found: (rule: DiagnosisRuleIndex.Excludes1, under: PackedDiagnosis)?
                if let rule = excluding(a, b.code) { found = (rule, a.code) } else if let rule = excluding(b, a.code) { found = (rule, b.code) } else { found = nil }
                guard let found else { continue }
                let release = index.tabular.release.name
                edits.append(ClaimEdit(
                    id: "dx-excludes1", severity: .warning, lines: lines(claim, pointingTo: [a.position, b.position]),
                    codes: [a.code.dotted, b.code.dotted],
                    message: "diagnoses \(a.position) and \(b.position), \(a.code.dotted) and \(b.code.dotted), are an Excludes1 pair: under \(found.rule.printedUnder)"
                        + (found.rule.printedUnder == found.under.dotted ? "" : " (which covers \(found.under.dotted))")
                        + " the tabular says Excludes1: \(found.rule.note)",
                    source: "\(release), Excludes1 at \(found.rule.printedUnder); Official Guidelines I.A.12.a",
                    resolution: "Excludes1 means \"not coded here\": the two are not reported together for the same condition, so keep the code the "
                        + "documentation supports and remove the other. Exception (Official Guidelines I.A.12.a): when the two conditions are "
                        + "unrelated to each other, both may be reported; leave both if the record shows that."))
            }
        }
        return edits
    }

    // MARK: Manifestation codes and "Code first"

    /// A note's lines as one text: "underlying disease, such as: amyloidosis (E85.-); neoplasm (C00-D49)".
    static func joined(_ texts: [String]) -> String {
        var text = ""
        for line in texts { text += text.isEmpty ? line : (text.hasSuffix(":") ? " " : "; ") + line }
        return text
    }

    /// A first-listed manifestation code (on the MCE's list, or titled "in diseases classified elsewhere"): an error,
    /// the underlying disease goes first. A first-listed code whose own "Code first" note asks for the underlying
    /// disease or condition without "if applicable": a warning, the underlying condition goes first when it is known.
    static func manifestationFirst(_ claim: ScrubClaim, _ first: (node: Int, code: PackedDiagnosis)?, _ index: DiagnosisRuleIndex, mce: MCETable?) -> [ClaimEdit] {
        guard let (node, code) = first else { return [] }
        let rules = index.rules(node)
        let onMCE = mce?.manifestations.contains(code) ?? false
        guard onMCE || rules.manifestationByTitle || rules.codeFirstUnderlying else { return [] }
        let title = index.tabular.nodes[node].title
        let codeFirst = rules.codeFirst.map { "\"Code first\" under \($0.printedUnder): \(Self.joined($0.texts))" }
        let tabularSource = index.tabular.release.name
        let pointing = lines(claim, pointingTo: [1])
        if onMCE || rules.manifestationByTitle {
            var sources: [String] = []
            if let mce, onMCE { sources.append("\(mce.sourceName), manifestation code as principal diagnosis") }
            sources.append(rules.manifestationByTitle ? "\(tabularSource), \(code.dotted) \"\(title)\"; Official Guidelines I.A.13"
                                                      : "Official Guidelines I.A.13")
            return [ClaimEdit(id: "dx-manifestation-first", severity: .error, lines: pointing, codes: [code.dotted],
                              message: "diagnosis 1, \(code.dotted) \(title), is a manifestation code: it describes a manifestation of an underlying disease and is never first-listed",
                              source: sources.joined(separator: "; "),
                              resolution: "List the underlying disease first and \(code.dotted) after it" + (codeFirst.map { ". \($0)." } ?? ".") )]
        }
        return [ClaimEdit(id: "dx-code-first", severity: .warning, lines: pointing, codes: [code.dotted],
                          message: "diagnosis 1, \(code.dotted) \(title), has a \"Code first\" note: the underlying condition is listed before it",
                          source: "\(tabularSource), Code first at \(rules.codeFirst?.printedUnder ?? code.dotted); Official Guidelines I.A.13",
                          resolution: "When the underlying condition is known, list it first and \(code.dotted) after it" + (codeFirst.map { ". \($0)." } ?? "."))]
    }
}
