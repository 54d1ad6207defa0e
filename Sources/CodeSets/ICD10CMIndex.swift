import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

// MARK: - Model

/// One term on an index path: its text without and with its nonessential modifiers.
public struct IndexTerm: Sendable, Hashable {
    /// The term without its nonessential modifiers, e.g. "Diabetes, diabetic".
    public var title: String
    /// The nonessential modifiers as printed (in parentheses), e.g. "(mellitus) (sugar)"; nil when there are none.
    public var nonessentialModifier: String?

    public init(title: String, nonessentialModifier: String? = nil) {
        self.title = title
        self.nonessentialModifier = nonessentialModifier
    }

    /// The term as printed: "Diabetes, diabetic (mellitus) (sugar)", "Pain(s)".
    public var text: String {
        guard let nemod = nonessentialModifier, !nemod.isEmpty else { return title }
        if title.isEmpty { return nemod }
        return IndexTerm.attachedModifiers.contains(nemod) ? title + nemod : title + " " + nemod
    }

    /// Plural and spelling endings the index prints against the word: "Pain(s)", "Anomaly(ies)".
    static let attachedModifiers: Set<String> = ["(s)", "(es)", "(e)", "(ae)", "(i)", "(a)", "(ies)", "(ic)", "(al)"]
}

/// Where an index entry comes from: which index or table and, for a table cell, which column.
public struct IndexSource: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case alphabeticIndex = "alphabetic-index"
        case externalCauseIndex = "external-cause-index"
        case drugTable = "drug-table"
        case neoplasmTable = "neoplasm-table"

        public var displayName: String {
            switch self {
            case .alphabeticIndex: "Alphabetic Index"
            case .externalCauseIndex: "External Cause Index"
            case .drugTable: "Table of Drugs and Chemicals"
            case .neoplasmTable: "Neoplasm Table"
            }
        }

        public var isTable: Bool { self == .drugTable || self == .neoplasmTable }
    }

    public var kind: Kind
    /// Table column number (2...9) for a table cell; nil for index terms and for table rows without a code.
    public var column: Int?
    /// The column heading, e.g. "Poisoning Accidental (unintentional)" or "Malignant Primary".
    public var heading: String?

    public init(kind: Kind, column: Int? = nil, heading: String? = nil) {
        self.kind = kind; self.column = column; self.heading = heading
    }

    public static let alphabeticIndex = IndexSource(kind: .alphabeticIndex)
    public static let externalCauseIndex = IndexSource(kind: .externalCauseIndex)

    public var description: String {
        if let heading { return "\(kind.displayName): \(heading)" }
        return kind.displayName
    }
}

/// One term of the ICD-10-CM Alphabetic Index, External Cause Index, or one code cell of the Table of Drugs and
/// Chemicals or the Neoplasm Table.
public struct IndexEntry: Sendable, Hashable {
    /// The terms from the main term (first) down to this term (last).
    public var terms: [IndexTerm]
    /// The code as printed, e.g. "E11.22"; a trailing dash ("C79.8-") means the code is incomplete.
    public var code: String?
    /// The manifestation code printed in brackets after the code (XML `manif`).
    public var manifestationCode: String?
    public var see: String?
    public var seeAlso: String?
    /// `seecat`: see category.
    public var seeCategory: String?
    /// `subcat`: the subcategory to use.
    public var subcategory: String?
    public var source: IndexSource

    public init(terms: [IndexTerm], code: String? = nil, manifestationCode: String? = nil, see: String? = nil,
                seeAlso: String? = nil, seeCategory: String? = nil, subcategory: String? = nil,
                source: IndexSource) {
        self.terms = terms; self.code = code; self.manifestationCode = manifestationCode
        self.see = see; self.seeAlso = seeAlso; self.seeCategory = seeCategory; self.subcategory = subcategory
        self.source = source
    }

    /// Each term as printed (with nonessential modifiers).
    public var path: [String] { terms.map(\.text) }
    /// 0 for a main term, 1 for its subterms, ...
    public var level: Int { terms.count - 1 }
    /// The path joined for display: "Diabetes, diabetic (mellitus) (sugar) > type 2 > with > chronic kidney disease".
    public var displayText: String { path.joined(separator: " > ") }
    /// True when the code ends with a dash: more characters are needed (see the Tabular List).
    public var isIncompleteCode: Bool { code?.hasSuffix("-") ?? false }
}

// MARK: - The index

/// The ICD-10-CM indexes: Alphabetic Index, External Cause Index, Table of Drugs and Chemicals, Neoplasm Table.
public struct ICD10CMIndex: Sendable, Equatable, SnapshotCodable {
    /// One per file read.
    public private(set) var releases: [ReleaseInfo]
    /// In file order (pre-order: a term comes before its subterms); files in the order given.
    public private(set) var entries: [IndexEntry]
    private var byCode: [String: [Int32]]

    /// Entries by main term, for following "see" references. Built on demand (imports need it, serving does not),
    /// so loading a snapshot does not pay for it.
    public struct MainTerms: Sendable {
        fileprivate var byMainTerm: [String: [Int32]] = [:]
        /// Main terms by the part of their title before the first comma ("Neoplasm" for "Neoplasm, neoplastic").
        fileprivate var byMainTermHead: [String: [Int32]] = [:]
    }

    public init(releases: [ReleaseInfo], entries: [IndexEntry]) {
        self.releases = releases
        self.entries = entries
        var byCode = [String: [Int32]]()
        for (i, e) in entries.enumerated() {
            let i32 = Int32(truncatingIfNeeded: i)
            if let code = e.code { byCode[ICD10CMIndex.codeKey(code), default: []].append(i32) }
            if let m = e.manifestationCode, m != e.code { byCode[ICD10CMIndex.codeKey(m), default: []].append(i32) }
        }
        self.byCode = byCode
    }

    public func mainTerms() -> MainTerms {
        var table = MainTerms()
        var lastMain: (title: String, kind: IndexSource.Kind)?
        var lastKey = ""
        var lastHead: String?
        for (i, e) in entries.enumerated() {
            let i32 = Int32(truncatingIfNeeded: i)
            guard let main = e.terms.first else { continue }
            if lastMain?.title != main.title || lastMain?.kind != e.source.kind {
                lastMain = (main.title, e.source.kind)
                lastKey = ICD10CMIndex.nameKey(main.title)
                if let comma = main.title.firstIndex(of: ",") {
                    lastHead = ICD10CMIndex.nameKey(main.title[..<comma])
                } else {
                    lastHead = nil
                }
            }
            table.byMainTerm[lastKey, default: []].append(i32)
            if let lastHead { table.byMainTermHead[lastHead, default: []].append(i32) }
        }
        return table
    }

    /// Several indexes (e.g. the Alphabetic Index, the External Cause Index and the two tables) as one.
    public init(combining parts: [ICD10CMIndex]) {
        self.init(releases: parts.flatMap(\.releases), entries: parts.flatMap(\.entries))
    }

    public static func == (a: ICD10CMIndex, b: ICD10CMIndex) -> Bool {
        a.releases == b.releases && a.entries == b.entries
    }

    /// Entries whose code (or bracketed manifestation code) is `code`: dotted ("E11.22") or not ("E1122"),
    /// any case; an incomplete code is found by its printed form ("C79.8-").
    public func entries(forCode code: String) -> [IndexEntry] {
        (byCode[ICD10CMIndex.codeKey(code)] ?? []).map { entries[Int($0)] }
    }

    /// All entries of the main term `name` (the main term itself and its subterms), matched case-insensitively on
    /// the title with or without nonessential modifiers; when no title matches exactly, main terms whose title
    /// starts with `name` and a comma ("Neoplasm" finds "Neoplasm, neoplastic").
    public func mainTermEntries(named name: String, in kind: IndexSource.Kind? = nil, using table: MainTerms? = nil) -> [IndexEntry] {
        mainTermIndices(named: name, in: kind, table: table ?? mainTerms()).map { entries[Int($0)] }
    }

    private func mainTermIndices(named name: String, in kind: IndexSource.Kind?, table: MainTerms) -> [Int32] {
        let key = ICD10CMIndex.nameKey(name)
        var found = table.byMainTerm[key]
        if found == nil {
            let stripped = ICD10CMIndex.nameKey(ICD10CMIndex.removingParentheticals(name))
            if stripped != key { found = table.byMainTerm[stripped] }
        }
        if found == nil { found = table.byMainTermHead[key] }
        guard let found else { return [] }
        guard let kind else { return found }
        return found.filter { entries[Int($0)].source.kind == kind }
    }

    /// Follows a "see" or "see also" reference such as "Pain, abdominal" or "Neoplasm, abdomen, wall, skin":
    /// the longest run of leading comma-separated parts that names a main term, then subterms for the rest.
    /// Returns the entries of the deepest term reached (for a table row, one per column); empty when no main term
    /// matches. Words that are not terms ("by site", "by type") are left over and ignored.
    /// Pass `table` (from `mainTerms()`) when resolving many references.
    public func resolve(reference: String, in kind: IndexSource.Kind? = nil, using table: MainTerms? = nil) -> [IndexEntry] {
        let table = table ?? mainTerms()
        let parts = reference.split(separator: ",").map { ICD10CMIndex.nameKey($0) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return [] }
        for k in stride(from: parts.count, through: 1, by: -1) {
            var current = mainTermIndices(named: parts[0..<k].joined(separator: ", "), in: kind, table: table)
            if current.isEmpty { continue }
            var rest = Array(parts[k...])
            var depth = 1
            while !rest.isEmpty {
                var matched = false
                // Keys of the subterms one level down, computed once: (position in current, title, printed text, head).
                // Entries come parents first, so a subterm's own subterms follow it in `current`.
                let keys: [(Int, String, String, String?)] = current.indices.compactMap { p in
                    let terms = entries[Int(current[p])].terms
                    guard terms.count == depth + 1 else { return nil }
                    let title = terms[depth].title
                    let head = title.firstIndex(of: ",").map { ICD10CMIndex.nameKey(title[..<$0]) }
                    return (p, ICD10CMIndex.nameKey(title), ICD10CMIndex.nameKey(terms[depth].text), head)
                }
                func subtree(_ p: Int) -> [Int32] {
                    var out = [current[p]]
                    var q = p + 1
                    while q < current.count, entries[Int(current[q])].terms.count > depth + 1 { out.append(current[q]); q += 1 }
                    return out
                }
                // Whole subterm titles first, then titles by their part before a comma ("abdomen" for
                // "abdomen, abdominal"), as references abbreviate them.
                search: for byHead in [false, true] {
                    for j in stride(from: byHead ? 1 : rest.count, through: 1, by: -1) {
                        let name = rest[0..<j].joined(separator: ", ")
                        let next = keys.filter { byHead ? $0.3 == name : ($0.1 == name || $0.2 == name) }.flatMap { subtree($0.0) }
                        if !next.isEmpty {
                            current = next; depth += 1; rest.removeFirst(j); matched = true
                            break search
                        }
                    }
                }
                if !matched { break }
            }
            return current.lazy.map { entries[Int($0)] }.filter { $0.terms.count == depth }
        }
        return []
    }

    /// One document per entry that leads somewhere (a code, a see or see-also reference, a category or
    /// subcategory); entries that only group subterms ("with") are left out, as their text is in their
    /// subterms' paths. `text` is the path joined with " > ", followed for a table cell by " — " and the column
    /// heading. `see` is the see reference, or the see-also reference when the entry has neither code nor see.
    public func searchDocuments() -> [(text: String, code: String?, see: String?)] {
        var out: [(text: String, code: String?, see: String?)] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            let see = e.see ?? (e.code == nil ? e.seeAlso : nil)
            guard e.code != nil || see != nil || e.seeCategory != nil || e.subcategory != nil else { continue }
            var text = e.displayText
            if let heading = e.source.heading { text += " — " + heading }
            out.append((text: text, code: e.code ?? e.subcategory ?? e.seeCategory, see: see))
        }
        return out
    }

    static func codeKey(_ code: some StringProtocol) -> String {
        String(code).codeKey
    }

    static func nameKey(_ name: some StringProtocol) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    static func removingParentheticals(_ s: String) -> String {
        var out = ""
        var depth = 0
        for c in s {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(c) }
        }
        return out
    }

    // MARK: Snapshot

    private static let snapshotFormat = 1

    public func write(to w: inout SnapshotWriter) {
        w.int(ICD10CMIndex.snapshotFormat)
        w.array(releases) { w, r in r.write(to: &w) }
        var ids = [String: Int]()
        var table = [String]()
        func id(_ s: String) -> Int {
            if let i = ids[s] { return i }
            ids[s] = table.count; table.append(s)
            return table.count - 1
        }
        func optionalID(_ s: String?) -> Int { s.map { id($0) + 1 } ?? 0 }
        // First pass: the string table, so the reader can intern every string once.
        var records = [Int]()
        records.reserveCapacity(entries.count * 12)
        var previous: [IndexTerm] = []
        for e in entries {
            var shared = 0
            while shared < previous.count, shared < e.terms.count, previous[shared] == e.terms[shared] { shared += 1 }
            records.append(shared); records.append(e.terms.count - shared)
            for t in e.terms[shared...] { records.append(id(t.title)); records.append(optionalID(t.nonessentialModifier)) }
            records.append(optionalID(e.code)); records.append(optionalID(e.manifestationCode))
            records.append(optionalID(e.see)); records.append(optionalID(e.seeAlso))
            records.append(optionalID(e.seeCategory)); records.append(optionalID(e.subcategory))
            records.append(IndexSource.Kind.allCases.firstIndex(of: e.source.kind) ?? 0)
            records.append(e.source.column ?? 0); records.append(optionalID(e.source.heading))
            previous = e.terms
        }
        w.strings(table)
        w.int(entries.count)
        for v in records { w.int(v) }
    }

    public init(from r: inout SnapshotReader) throws {
        let file = r.file
        func corrupt(_ what: String) -> CodeSetError {
            CodeSetError(file: file, "ICD-10-CM index snapshot is damaged (\(what)); run `revcycle codesets import` again")
        }
        let format = try r.int()
        guard format == ICD10CMIndex.snapshotFormat else { throw corrupt("format \(format), expected \(ICD10CMIndex.snapshotFormat)") }
        let releases = try r.array { try ReleaseInfo(from: &$0) }
        let table = try r.strings()
        func string(_ r: inout SnapshotReader) throws -> String {
            let i = try r.int()
            guard i >= 0, i < table.count else { throw corrupt("string \(i) of \(table.count)") }
            return table[i]
        }
        func optionalString(_ r: inout SnapshotReader) throws -> String? {
            let i = try r.int()
            if i == 0 { return nil }
            guard i > 0, i <= table.count else { throw corrupt("string \(i - 1) of \(table.count)") }
            return table[i - 1]
        }
        let count = try r.count()
        var entries = [IndexEntry]()
        entries.reserveCapacity(count)
        var previous: [IndexTerm] = []
        for n in 0..<count {
            let shared = try r.int()
            let added = try r.int()
            guard shared >= 0, shared <= previous.count, added >= 0, added <= 64, shared + added > 0 else {
                throw corrupt("entry \(n) path \(shared)+\(added)")
            }
            var terms: [IndexTerm]
            if added == 0 && shared == previous.count {
                terms = previous
            } else {
                terms = Array(previous[0..<shared])
                terms.reserveCapacity(shared + added)
                for _ in 0..<added {
                    terms.append(IndexTerm(title: try string(&r), nonessentialModifier: try optionalString(&r)))
                }
            }
            let code = try optionalString(&r), manif = try optionalString(&r)
            let see = try optionalString(&r), seeAlso = try optionalString(&r)
            let seecat = try optionalString(&r), subcat = try optionalString(&r)
            let kindIndex = try r.int()
            guard kindIndex >= 0, kindIndex < IndexSource.Kind.allCases.count else { throw corrupt("entry \(n) source \(kindIndex)") }
            let column = try r.int()
            guard (0...9).contains(column) else { throw corrupt("entry \(n) column \(column)") }
            let heading = try optionalString(&r)
            entries.append(IndexEntry(terms: terms, code: code, manifestationCode: manif, see: see, seeAlso: seeAlso,
                                      seeCategory: seecat, subcategory: subcat,
                                      source: IndexSource(kind: IndexSource.Kind.allCases[kindIndex],
                                                          column: column == 0 ? nil : column, heading: heading)))
            previous = terms
        }
        self.init(releases: releases, entries: entries)
    }
}

// MARK: - Importers

/// Reads the ICD-10-CM index files: the flattened Alphabetic Index CSV, the official index XML (Alphabetic Index,
/// External Cause Index) and the official table XML (Table of Drugs and Chemicals, Neoplasm Table).
public enum ICD10CMIndexImporter {
    static let csvHeader = ["RowID", "Letter", "Level", "Term", "See", "SeeAlso", "NonEssModif", "Code"]

    /// The Alphabetic Index flattened to `RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code` (Level 0 = main
    /// term, each further level a subterm of the nearest preceding row one level up). The fiscal year comes from
    /// the file name unless given.
    public static func flattenedCSV(url: URL, fiscalYear: Int? = nil) throws -> ICD10CMIndex {
        let file = url.lastPathComponent
        guard let fy = fiscalYear ?? firstYear(in: file) else {
            throw CodeSetError(file: file, "cannot tell the fiscal year: the file name has no year; pass fiscalYear")
        }
        let records = try CSVReader.records(try TextFile.read(url), file: file)
        guard let header = records.first else {
            throw CodeSetError(file: file, line: 1, "the file is empty; expected the header \(csvHeader.joined(separator: ","))")
        }
        let found = header.fields.map { $0.trimmed }
        guard found.count >= csvHeader.count,
              zip(found, csvHeader).allSatisfy({ $0.caseInsensitiveCompare($1) == .orderedSame }) else {
            throw CodeSetError(file: file, line: header.line,
                               "expected the header \(csvHeader.joined(separator: ",")), found \(found.joined(separator: ","))")
        }
        var interner = Interner()
        var entries = [IndexEntry]()
        entries.reserveCapacity(records.count)
        var path: [IndexTerm] = []
        for record in records.dropFirst() {
            guard record.fields.count >= csvHeader.count else {
                throw CodeSetError(file: file, line: record.line,
                                   "expected \(csvHeader.count) fields (\(csvHeader.joined(separator: ","))), found \(record.fields.count)")
            }
            let levelText = record[2].trimmed
            guard let level = Int(levelText), level >= 0 else {
                throw CodeSetError(file: file, line: record.line, "expected a Level of 0 or more, found '\(levelText)'")
            }
            guard level <= path.count else {
                let previous = path.count - 1
                throw CodeSetError(file: file, line: record.line, previous < 0
                    ? "the first term has level \(level); expected level 0 (a main term)"
                    : "level \(level) follows a level \(previous) term; expected a level from 0 to \(previous + 1)")
            }
            // A few official terms consist of nonessential modifiers only ("(somatoform)").
            let title = collapse(record[3]), nemod = collapse(record[6])
            guard !title.isEmpty || !nemod.isEmpty else {
                throw CodeSetError(file: file, line: record.line, "expected a Term (or NonEssModif), found neither")
            }
            path.removeSubrange(level...)
            path.append(IndexTerm(title: interner(title), nonessentialModifier: interner.optional(nemod)))
            entries.append(IndexEntry(terms: path,
                                      code: interner.optional(collapse(record[7])),
                                      see: interner.optional(collapse(record[4])),
                                      seeAlso: interner.optional(collapse(record[5])),
                                      source: .alphabeticIndex))
        }
        guard !entries.isEmpty else {
            throw CodeSetError(file: file, line: header.line, "expected index rows after the header, found none")
        }
        let release = makeRelease(kind: .alphabeticIndex, fiscalYear: fy, april: isApril(file), flattened: true, file: file)
        return ICD10CMIndex(releases: [release], entries: entries)
    }

    /// The official index XML (root `ICD10CM.index`, `letter` / `mainTerm` / `term level="n"`): the Alphabetic
    /// Index or the External Cause Index. Which one is taken from `kind`, else the document title or file name.
    public static func indexXML(url: URL, kind: IndexSource.Kind? = nil) throws -> ICD10CMIndex {
        if let kind, kind.isTable {
            throw CodeSetError(file: url.lastPathComponent, "\(kind.displayName) is a table: read it with tableXML")
        }
        return try parseXML(url: url, table: false, kind: kind)
    }

    /// The official table XML (root `ICD10CM.index` with `indexHeading`, `cell col="n"` per term): the Table of
    /// Drugs and Chemicals or the Neoplasm Table, told apart by `kind`, else the first column heading or file name.
    public static func tableXML(url: URL, kind: IndexSource.Kind? = nil) throws -> ICD10CMIndex {
        if let kind, !kind.isTable {
            throw CodeSetError(file: url.lastPathComponent, "\(kind.displayName) is not a table: read it with indexXML")
        }
        return try parseXML(url: url, table: true, kind: kind)
    }

    static func parseXML(url: URL, table: Bool, kind: IndexSource.Kind?) throws -> ICD10CMIndex {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CodeSetError(file: file, "cannot be read: \(error.localizedDescription)")
        }
        let handler = IndexXMLHandler(file: file, table: table, kind: kind)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let ok = parser.parse()
        if let error = handler.error { throw error }
        if !ok {
            let detail = parser.parserError.map { IndexXMLHandler.describe($0, openElements: handler.stack) }
            throw CodeSetError(file: file, line: max(1, parser.lineNumber),
                               detail ?? "the XML is not well-formed or is truncated")
        }
        guard handler.finished, let resolvedKind = handler.kind else {
            let expecting = handler.stack.last.map { "</\($0)>" } ?? "the root element <ICD10CM.index>"
            throw CodeSetError(file: file, line: max(1, parser.lineNumber),
                               "the XML ends early: expected \(expecting)")
        }
        let fyText = handler.version.flatMap { firstYear(in: $0) }
        guard let fy = fyText ?? firstYear(in: file) else {
            throw CodeSetError(file: file, "cannot tell the fiscal year: no <version> year and no year in the file name")
        }
        let release = makeRelease(kind: resolvedKind, fiscalYear: fy, april: isApril(file), flattened: false, file: file)
        return ICD10CMIndex(releases: [release], entries: handler.entries)
    }

    static func makeRelease(kind: IndexSource.Kind, fiscalYear fy: Int, april: Bool, flattened: Bool, file: String) -> ReleaseInfo {
        var name = "ICD-10-CM \(kind.displayName) FY\(fy)"
        if april { name += " (April 1, \(fy))" }
        if flattened { name += " (flattened CSV)" }
        // Years come from firstYear (2000...2099), so these dates always exist.
        let (from, through) = ServiceDate.fiscalYear(fy, april: april)!
        return ReleaseInfo(system: .icd10cm, name: name, effectiveFrom: from, effectiveThrough: through, sourceFiles: [file])
    }

    static func isApril(_ file: String) -> Bool { file.lowercased().contains("april") }

    /// The first run of exactly four digits from 2000 to 2099 in `text`.
    static func firstYear(in text: String) -> Int? {
        var run = ""
        for c in text + " " {
            if c.isASCIIDigit { run.append(c); continue }
            if run.count == 4, let y = Int(run), (2000...2099).contains(y) { return y }
            run = ""
        }
        return nil
    }

    static func collapse(_ s: some StringProtocol) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Shares one copy of each repeated string (headings, codes, common subterms like "with").
struct Interner {
    private var table = [String: String]()
    mutating func callAsFunction(_ s: String) -> String {
        if let existing = table[s] { return existing }
        table[s] = s
        return s
    }
    mutating func optional(_ s: String) -> String? { s.isEmpty ? nil : self(s) }
}

// MARK: - SAX handler

/// One pass over an `ICD10CM.index` document, checking the structure the XSD gives:
/// `ICD10CM.index` (version?, title?, indexHeading?, letter+); `letter` (title | diff, mainTerm+);
/// `mainTerm` / `term level` (title | diff, see?, seeAlso?, code?, seecat?, subcat?, manif?, warning?, cell{0,9}, term*).
final class IndexXMLHandler: NSObject, XMLParserDelegate {
    struct Frame {
        var level: Int
        var line: Int
        var term: IndexTerm?
        var fields: [String: String] = [:]
        var cells: [(column: Int, code: String)] = []
        var emitted = false
    }

    enum Capture { case none, title, text }

    let file: String
    let table: Bool
    var kind: IndexSource.Kind?
    var error: CodeSetError?
    var finished = false
    var entries: [IndexEntry] = []
    var version: String?
    var documentTitle: String?
    var headings: [Int: String] = [:]
    var sawHeading = false
    var letters = 0
    private(set) var stack: [String] = []
    private var frames: [Frame] = []
    private var path: [IndexTerm] = []
    private var interner = Interner()
    private var capture = Capture.none
    /// The element whose text is being captured and where it started.
    private var captureElement = ""
    private var titleOwner = ""
    private var titleText = ""
    private var nemodText = ""
    private var inNemod = false
    private var buffer = ""
    private var oldDepth = 0
    private var cellColumn = 0
    private var headColumn = 0

    static let termFields = ["see", "seeAlso", "code", "seecat", "subcat", "manif", "warning"]

    init(file: String, table: Bool, kind: IndexSource.Kind?) {
        self.file = file; self.table = table; self.kind = kind
    }

    private func fail(_ parser: XMLParser, _ detail: String) {
        guard error == nil else { return }
        error = CodeSetError(file: file, line: max(1, parser.lineNumber), detail)
        parser.abortParsing()
    }

    private func columnAttribute(_ attributes: [String: String], element: String, parser: XMLParser) -> Int? {
        guard let raw = attributes["col"] else { fail(parser, "expected a col attribute on <\(element)>"); return nil }
        guard let col = Int(raw.trimmed), (1...9).contains(col) else {
            fail(parser, "expected <\(element) col> from 1 to 9, found '\(raw)'"); return nil
        }
        return col
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard error == nil else { return }
        let parent = stack.last
        if parent == nil {
            guard name == "ICD10CM.index" else {
                fail(parser, "expected the root element <ICD10CM.index>, found <\(name)>: is this an ICD-10-CM index file?")
                return
            }
            if let addenda = attributes["isAddenda"], addenda != "true", addenda != "false" {
                fail(parser, "expected isAddenda=\"true\" or \"false\", found '\(addenda)'"); return
            }
            stack.append(name); return
        }
        if finished { fail(parser, "unexpected <\(name)> after the end of <ICD10CM.index>"); return }
        if oldDepth > 0 || capture != .none {
            // Inside a text element: only nemod (in a title) and diff markup (unc, old, new) are expected.
            switch name {
            case "nemod" where capture == .title && !inNemod:
                inNemod = true; titleText += " "
            case "old": oldDepth += 1
            case "diff", "unc", "new": break
            default: fail(parser, "unexpected <\(name)> inside <\(captureElement)>"); return
            }
            stack.append(name); return
        }
        switch name {
        case "version", "indexHeading":
            guard parent == "ICD10CM.index", letters == 0 else { fail(parser, "expected <\(name)> before the first <letter>"); return }
            if name == "version" { capture = .text; captureElement = name; buffer = "" }
            if name == "indexHeading" {
                guard table else {
                    fail(parser, "found <indexHeading>: this is the Table of Drugs and Chemicals or the Neoplasm Table; read it with tableXML")
                    return
                }
                sawHeading = true
            }
        case "head":
            guard parent == "indexHeading" else { fail(parser, "expected <head> inside <indexHeading>"); return }
            guard let col = columnAttribute(attributes, element: name, parser: parser) else { return }
            headColumn = col; capture = .text; captureElement = name; buffer = ""
        case "title", "diff":
            switch parent {
            case "ICD10CM.index", "letter": break
            case "mainTerm", "term":
                guard var frame = frames.popLast() else { fail(parser, "unexpected <\(name)>"); return }
                guard frame.term == nil else { frames.append(frame); fail(parser, "expected one <title> in <\(parent ?? "")>"); return }
                frame.term = IndexTerm(title: "")
                frames.append(frame)
            default:
                fail(parser, "unexpected <\(name)> inside <\(parent ?? "")>"); return
            }
            capture = .title; captureElement = name; titleOwner = parent ?? ""
            titleText = ""; nemodText = ""; inNemod = false
        case "letter":
            guard parent == "ICD10CM.index" else { fail(parser, "expected <letter> inside <ICD10CM.index>, found it inside <\(parent ?? "")>"); return }
            if letters == 0 {
                guard decideKind(parser) else { return }
            }
            letters += 1
        case "mainTerm":
            guard parent == "letter" else { fail(parser, "expected <mainTerm> inside <letter>, found it inside <\(parent ?? "")>"); return }
            frames = [Frame(level: 0, line: parser.lineNumber)]
            path = []
        case "term":
            guard parent == "mainTerm" || parent == "term", let up = frames.last else {
                fail(parser, "expected <term> inside <mainTerm> or <term>, found it inside <\(parent ?? "")>"); return
            }
            guard let raw = attributes["level"] else { fail(parser, "expected a level attribute on <term>"); return }
            guard let level = Int(raw.trimmed), (1...9).contains(level) else {
                fail(parser, "expected <term level> from 1 to 9, found '\(raw)'"); return
            }
            guard level == up.level + 1 else {
                fail(parser, "<term level=\"\(level)\"> inside a level \(up.level) term; expected level \(up.level + 1)"); return
            }
            guard emitTop(parser) else { return }
            frames.append(Frame(level: level, line: parser.lineNumber))
        case "cell":
            guard parent == "mainTerm" || parent == "term" else { fail(parser, "expected <cell> inside <mainTerm> or <term>"); return }
            guard table else { fail(parser, "found <cell>: table cells belong in the drug or neoplasm table; read it with tableXML"); return }
            guard let col = columnAttribute(attributes, element: name, parser: parser) else { return }
            guard headings[col] != nil else { fail(parser, "<cell col=\"\(col)\"> has no <head col=\"\(col)\"> in <indexHeading>"); return }
            guard frames.last?.emitted == false else { fail(parser, "expected <cell> before the subterms"); return }
            cellColumn = col; capture = .text; captureElement = name; buffer = ""
        default:
            if IndexXMLHandler.termFields.contains(name) {
                guard parent == "mainTerm" || parent == "term", let frame = frames.last else {
                    fail(parser, "unexpected <\(name)> inside <\(parent ?? "")>"); return
                }
                guard frame.term != nil else { fail(parser, "expected <title> before <\(name)>"); return }
                guard !frame.emitted else { fail(parser, "expected <\(name)> before the subterms"); return }
                guard frame.fields[name] == nil else { fail(parser, "expected at most one <\(name)> in a term"); return }
                capture = .text; captureElement = name; buffer = ""
            }
            // Other elements are not in the XSD; they and their text are skipped.
        }
        stack.append(name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard error == nil, oldDepth == 0 else { return }
        switch capture {
        case .none: break
        case .title: if inNemod { nemodText += string } else { titleText += string }
        case .text: buffer += string
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard error == nil else { return }
        stack.removeLast()
        if oldDepth > 0 {
            if name == "old" { oldDepth -= 1 }
            return
        }
        if capture == .title && name == "nemod" && inNemod { inNemod = false; return }
        if capture != .none && name != captureElement { return }
        switch name {
        case "title", "diff":
            capture = .none
            let title = ICD10CMIndexImporter.collapse(titleText)
            let nemod = ICD10CMIndexImporter.collapse(nemodText)
            switch titleOwner {
            case "ICD10CM.index": documentTitle = title
            case "letter": break
            default:
                guard !title.isEmpty || !nemod.isEmpty else { fail(parser, "expected text in the <\(name)> of a term"); return }
                frames[frames.count - 1].term = IndexTerm(title: interner(title), nonessentialModifier: interner.optional(nemod))
            }
        case "version":
            capture = .none; version = buffer.trimmed
        case "head":
            capture = .none; headings[headColumn] = interner(ICD10CMIndexImporter.collapse(buffer))
        case "indexHeading":
            guard !headings.isEmpty else { fail(parser, "expected at least one <head> in <indexHeading>"); return }
        case "cell":
            capture = .none
            let code = ICD10CMIndexImporter.collapse(buffer)
            if code.contains(where: { $0 != "-" }) {
                if frames.last?.cells.contains(where: { $0.column == cellColumn }) == true {
                    fail(parser, "expected one <cell col=\"\(cellColumn)\"> per term"); return
                }
                frames[frames.count - 1].cells.append((cellColumn, interner(code)))
            }
        case "mainTerm", "term":
            guard emitTop(parser) else { return }
            frames.removeLast()
            if !path.isEmpty { path.removeLast() }
        case "letter":
            break
        case "ICD10CM.index":
            guard letters > 0 else { fail(parser, "expected at least one <letter> in <ICD10CM.index>"); return }
            finished = true
        default:
            if IndexXMLHandler.termFields.contains(name), capture == .text {
                capture = .none
                let text = ICD10CMIndexImporter.collapse(buffer)
                if !text.isEmpty { frames[frames.count - 1].fields[name] = interner(text) }
            }
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard error == nil else { return }
        error = CodeSetError(file: file, line: max(1, parser.lineNumber),
                             IndexXMLHandler.describe(parseError, openElements: stack))
    }

    /// A parse error in words, with what was expected next.
    static func describe(_ parseError: Error, openElements stack: [String]) -> String {
        let ns = parseError as NSError
        let inside = stack.last.map { " inside <\($0)>" } ?? ""
        let closing = stack.reversed().map { "</\($0)>" }.joined(separator: " ")
        // libxml2's numbering, which XMLParser reports on every platform (swift-corelibs-foundation's
        // XMLParser.ErrorCode raw values are off by one, so compare numbers).
        switch ns.code {
        case 5, 77:
            return stack.isEmpty
                ? "the file is empty or ends before the root element: expected <ICD10CM.index>"
                : "the file ends\(inside): truncated? expected \(closing)"
        case 3, 4:
            return "not an XML document: expected <?xml ...?> and the root element <ICD10CM.index>"
        case 76, 85:
            return "the XML is not well-formed\(inside): a closing tag does not match; expected \(closing)"
        default:
            return "the XML is not well-formed\(inside) (XML parser error \(ns.code))"
        }
    }

    /// Decides at the first letter which index this is.
    private func decideKind(_ parser: XMLParser) -> Bool {
        let lowerFile = file.lowercased()
        if table {
            if sawHeading == false { fail(parser, "expected <indexHeading> before the first <letter>: is this the drug or neoplasm table?"); return false }
            if kind != nil { return true }
            let first = (headings[1] ?? "").lowercased()
            if first.contains("substance") || first.contains("drug") || lowerFile.contains("drug") {
                kind = .drugTable
            } else if first.contains("neoplasm") || lowerFile.contains("neoplasm") {
                kind = .neoplasmTable
            } else {
                fail(parser, "cannot tell whether this is the Table of Drugs and Chemicals or the Neoplasm Table (first heading '\(headings[1] ?? "")'); pass kind")
                return false
            }
        } else if kind == nil {
            let title = (documentTitle ?? "").lowercased()
            kind = title.contains("external cause") || lowerFile.contains("eindex") || lowerFile.contains("external")
                ? .externalCauseIndex : .alphabeticIndex
        }
        return true
    }

    /// Emits the innermost open term (once), after its title, references and cells and before its subterms.
    private func emitTop(_ parser: XMLParser) -> Bool {
        guard var frame = frames.popLast() else { return true }
        defer { frames.append(frame) }
        if frame.emitted { return true }
        guard let term = frame.term, !term.title.isEmpty || term.nonessentialModifier != nil else {
            fail(parser, "expected a <title> as the first child of the term that starts on line \(frame.line)")
            return false
        }
        frame.emitted = true
        path.append(term)
        let f = frame.fields
        guard let kind else { return true }
        if frame.cells.isEmpty || !kind.isTable {
            entries.append(IndexEntry(terms: path, code: f["code"], manifestationCode: f["manif"], see: f["see"],
                                      seeAlso: f["seeAlso"], seeCategory: f["seecat"], subcategory: f["subcat"],
                                      source: IndexSource(kind: kind)))
        } else {
            for cell in frame.cells.sorted(by: { $0.column < $1.column }) {
                entries.append(IndexEntry(terms: path, code: cell.code, manifestationCode: f["manif"], see: f["see"],
                                          seeAlso: f["seeAlso"], seeCategory: f["seecat"], subcategory: f["subcat"],
                                          source: IndexSource(kind: kind, column: cell.column, heading: headings[cell.column])))
            }
        }
        return true
    }
}
