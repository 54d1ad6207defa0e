import CodeSets
import Foundation

/// What the ICD-10-CM tabular says about sequencing and pairing a code, read once per code and kept: the Excludes1
/// references of the code and its ancestors, whether it is a manifestation, and what to code first. Notes are parsed
/// the first time a code is asked about, never again (a claim costs a few dictionary reads).
final class DiagnosisRuleIndex: @unchecked Sendable {
    struct Excludes1 {
        var pattern: DiagnosisCodePattern
        var note: String
        /// The code, block or chapter the note is printed under: "E11", "E08-E13", "Chapter 4".
        var printedUnder: String
    }

    struct CodeFirst {
        var texts: [String]
        var printedUnder: String
    }

    struct Rules {
        var excludes1: [Excludes1]
        /// The code's own title says it is "in diseases (or conditions) classified elsewhere".
        var manifestationByTitle: Bool
        /// The nearest "Code first" note, from the code up to its category.
        var codeFirst: CodeFirst?
        /// The code's own "Code first" note asks for an underlying disease or condition unconditionally.
        var codeFirstUnderlying: Bool
    }

    let tabular: ICD10CMTabular
    private let lock = NSLock()
    private var memo: [Int32: Rules] = [:]

    init(_ tabular: ICD10CMTabular) { self.tabular = tabular }

    func rules(_ index: Int) -> Rules {
        lock.lock()
        let known = memo[Int32(index)]
        lock.unlock()
        if let known { return known }
        let node = tabular.nodes[index]
        let inherited = node.parent >= 0 ? rules(Int(node.parent)).excludes1 : []
        let printedUnder = node.kind == .chapter ? "Chapter \(node.code)" : node.code
        let own = node.notes.filter { $0.kind == .excludes1 }.flatMap { note in
            NoteCodeReferences.patterns(in: note.text).map { Excludes1(pattern: $0, note: note.text, printedUnder: printedUnder) }
        }
        let ownCodeFirst = node.notes.filter { $0.kind == .codeFirst }.map(\.text)
        var codeFirst: CodeFirst? = ownCodeFirst.isEmpty ? nil : CodeFirst(texts: ownCodeFirst, printedUnder: printedUnder)
        if codeFirst == nil, node.kind == .code || node.kind == .subcategory, node.parent >= 0 {
            codeFirst = rules(Int(node.parent)).codeFirst
        }
        let rules = Rules(excludes1: own + inherited, manifestationByTitle: Self.isManifestationTitle(node.title), codeFirst: codeFirst,
                          codeFirstUnderlying: Self.asksForUnderlyingCondition(ownCodeFirst))
        lock.lock()
        memo[Int32(index)] = rules
        lock.unlock()
        return rules
    }

    /// "Dementia in other diseases classified elsewhere", "Mastoiditis in infectious and parasitic diseases classified
    /// elsewhere", "Pleural effusion in conditions classified elsewhere"; not "... as the cause of diseases classified
    /// elsewhere" (an etiology code, Official Guidelines I.C.1.d) nor "not elsewhere classified".
    static func isManifestationTitle(_ title: String) -> Bool {
        guard let phrase = title.range(of: "classified elsewhere", options: .caseInsensitive) else { return false }
        let before = title[..<phrase.lowerBound].lowercased().split(separator: " ").suffix(5)
        return before.contains("in") && !before.contains("cause")
    }

    /// "Code first underlying disease", "underlying condition, such as:"; not "..., if applicable" or "if known".
    static func asksForUnderlyingCondition(_ texts: [String]) -> Bool {
        guard let first = texts.first?.lowercased(), first.hasPrefix("underlying") else { return false }
        return !texts.contains { $0.lowercased().contains("if applicable") || $0.lowercased().contains("if known") }
    }
}

/// The tabular a date of service is judged by, and its rules: the release covering the date, else the newest.
struct DiagnosisRules: Sendable {
    let indexes: [DiagnosisRuleIndex]

    init(_ library: CodeSetLibrary) { indexes = library.icd10cm.map(DiagnosisRuleIndex.init) }

    func index(on date: ServiceDate) -> DiagnosisRuleIndex? {
        var chosen: DiagnosisRuleIndex?
        for index in indexes where index.tabular.release.covers(date) {
            if chosen.map({ $0.tabular.release.effectiveFrom < index.tabular.release.effectiveFrom }) ?? true { chosen = index }
        }
        return chosen ?? indexes.first
    }

    /// A code's node in the tabular (the base of a code completed by a 7th character), or nil when it is not valid there.
    static func node(_ code: String, in tabular: ICD10CMTabular) -> Int? {
        switch tabular.resolve(ICD10CMTabular.canonical(code)) {
        case .success(.node(let i)): return i
        case .success(.extended(let base, _)): return base
        case .failure: return nil
        }
    }
}
