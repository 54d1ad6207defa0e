import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The kinds of instructional note in the ICD-10-CM Tabular List, in the order code books print them.
public enum TabularNoteKind: String, Codable, CaseIterable, Sendable {
    case includes, inclusionTerm, notes, excludes1, excludes2, codeFirst, useAdditionalCode, codeAlso

    public var heading: String {
        switch self {
        case .includes: "Includes"
        case .inclusionTerm: "Inclusion terms"
        case .notes: "Note"
        case .excludes1: "Excludes1"
        case .excludes2: "Excludes2"
        case .codeFirst: "Code first"
        case .useAdditionalCode: "Use additional code"
        case .codeAlso: "Code also"
        }
    }
}

public struct TabularNote: Hashable, Sendable {
    public var kind: TabularNoteKind
    public var text: String
}

public struct SeventhCharacter: Hashable, Codable, Sendable {
    public var character: String
    public var meaning: String
}

/// One entry of the tabular hierarchy: a chapter, a block (section), a category or a code.
public struct TabularNode: Sendable {
    public enum Kind: String, Codable, Sendable { case chapter, section, category, subcategory, code }
    public var code: String
    public var title: String
    public var kind: Kind
    public var parent: Int32
    public var children: [Int32]
    public var notes: [TabularNote]
    public var seventhCharacterNote: String?
    public var seventhCharacters: [SeventhCharacter]
}

/// The ICD-10-CM Tabular List of one release, with its hierarchy and notes.
/// A class, not a struct: it is shared by every request, and lookups should not copy its arrays' references.
public final class ICD10CMTabular: Sendable {
    public let release: ReleaseInfo
    public let nodes: [TabularNode]
    /// Codes packed into integers (see `packed`): hashing and comparing one word beats a String's.
    private let byCode: [UInt64: Int32]

    /// For each node, the node whose 7th-character definition applies to it (itself or an ancestor), or -1.
    private let seventhSource: [Int32]
    /// For each node: a complete code (no children, no 7th character needed).
    public let billable: [Bool]

    public init(release: ReleaseInfo, nodes: [TabularNode]) {
        self.release = release
        self.nodes = nodes
        // Parents come before their children in the tabular, so one forward pass inherits definitions.
        var source = [Int32](repeating: -1, count: nodes.count)
        for (i, n) in nodes.enumerated() {
            if !n.seventhCharacters.isEmpty { source[i] = Int32(i) } else if n.parent >= 0, Int(n.parent) < i { source[i] = source[Int(n.parent)] }
        }
        seventhSource = source
        billable = nodes.indices.map { i in
            let n = nodes[i]
            return n.kind != .chapter && n.kind != .section && n.children.isEmpty && source[i] < 0
        }
        var byCode = [UInt64: Int32](minimumCapacity: nodes.count)
        for (i, n) in nodes.enumerated() where n.kind != .chapter {
            if let key = Self.packed(n.code) { byCode[key] = Int32(i) }
        }
        self.byCode = byCode
    }

    /// `E1122`, `e11.22`, ` E11.22 ` all become `E11.22`.
    public static func canonical(_ raw: String) -> String {
        var bytes = Array(raw.codeKey.utf8)
        if bytes.count > 3 { bytes.insert(UInt8(ascii: "."), at: 3) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A code of up to eight bytes as one integer; every tabular code and block ("S72.001", "E08-E13") fits, and
    /// no code byte is zero, so distinct codes get distinct keys.
    static func packed(_ code: String) -> UInt64? {
        var key: UInt64 = 0
        var n = 0
        for b in code.utf8 {
            n += 1
            if n > 8 { return nil }
            key = key << 8 | UInt64(b)
        }
        return key
    }

    private func lookupIndex(_ code: String) -> Int32? { Self.packed(code).flatMap { byCode[$0] } }

    public func nodeIndex(_ code: String) -> Int? { lookupIndex(code).map(Int.init) }
    public func node(_ code: String) -> TabularNode? { lookupIndex(code).map { nodes[Int($0)] } }

    /// Ancestors from the chapter down, excluding the node itself.
    public func ancestors(of index: Int) -> [Int] {
        var out: [Int] = []
        var p = nodes[index].parent
        while p >= 0 { out.append(Int(p)); p = nodes[Int(p)].parent }
        return out.reversed()
    }

    /// The 7th-character definition that applies to a node (its own or the nearest ancestor's), and where it is from.
    public func seventhCharacterDefinition(for index: Int) -> (source: Int, characters: [SeventhCharacter], note: String?)? {
        let i = Int(seventhSource[index])
        guard i >= 0 else { return nil }
        return (i, nodes[i].seventhCharacters, nodes[i].seventhCharacterNote)
    }

    /// What a valid ICD-10-CM code on this release is: a tabular leaf without a 7th-character requirement, or a
    /// leaf padded with placeholder X to six characters plus one of its 7th characters.
    public enum Resolution: Sendable {
        case node(Int)
        /// A code built from a tabular leaf and a 7th character, e.g. T36.0X1A from T36.0X1.
        case extended(base: Int, seventh: SeventhCharacter)
    }

    public enum ResolutionProblem: Error, Sendable, Equatable {
        case unknown
        /// The 7th character is not among those defined for the base.
        case invalidSeventh(base: Int, character: String)
        /// Seven characters given but the placeholder X is missing or misplaced (e.g. S00.00A for S00.00XA).
        case placeholderNeeded(base: Int, expected: String)
    }

    public func resolve(_ code: String) -> Result<Resolution, ResolutionProblem> {
        if let i = lookupIndex(code) { return .success(.node(Int(i))) }
        let bare = code.withoutDots
        guard bare.count == 7 else {
            // A 4-6 character code missing its placeholder and 7th character gets the closest advice.
            if bare.count == 6 || bare.count == 5 {
                let base = Self.canonical(String(bare.dropLast()))
                if let b = nodeIndex(base), let def = seventhCharacterDefinition(for: b),
                   def.characters.contains(where: { $0.character == String(bare.last!) }), nodes[b].children.isEmpty {
                    let padded = String(bare.dropLast()).paddedWithX(to: 6) + String(bare.last!)
                    return .failure(.placeholderNeeded(base: b, expected: Self.canonical(padded)))
                }
            }
            return .failure(.unknown)
        }
        let seventh = String(bare.last!)
        var stem = String(bare.dropLast())
        // The stem as printed in the tabular has no trailing placeholder X (T36.0X1 keeps its inner X).
        var baseIndex = nodeIndex(Self.canonical(stem))
        while baseIndex == nil, stem.hasSuffix("X"), stem.count > 3 {
            stem.removeLast()
            baseIndex = nodeIndex(Self.canonical(stem))
        }
        guard let b = baseIndex, nodes[b].children.isEmpty, let def = seventhCharacterDefinition(for: b) else {
            return .failure(.unknown)
        }
        let expected = stem.paddedWithX(to: 6) + seventh
        guard expected == bare else {
            return .failure(.placeholderNeeded(base: b, expected: Self.canonical(expected)))
        }
        guard let s = def.characters.first(where: { $0.character == seventh }) else {
            return .failure(.invalidSeventh(base: b, character: seventh))
        }
        return .success(.extended(base: b, seventh: s))
    }

    /// Visits the leaves below `index` (of the whole release when nil) in tabular order, until `visit` says stop.
    private func forEachLeaf(under index: Int?, _ visit: (Int) -> Bool) {
        func walk(_ i: Int) -> Bool {
            let n = nodes[i]
            if n.children.isEmpty { return n.kind == .chapter || n.kind == .section || visit(i) }
            for c in n.children where !walk(Int(c)) { return false }
            return true
        }
        if let index { _ = walk(index) } else { for (i, n) in nodes.enumerated() where n.parent < 0 { if !walk(i) { return } } }
    }

    /// How many billable codes there are below `index` (in the release when nil), 7th-character extensions
    /// included, without building them.
    public func billableCount(under index: Int? = nil) -> Int {
        var count = 0
        forEachLeaf(under: index) { i in
            count += seventhCharacterDefinition(for: i)?.characters.count ?? 1
            return true
        }
        return count
    }

    /// The billable codes below `index` (of the release when nil), in tabular order: leaves, and leaves extended by
    /// each of their 7th characters; at most `limit`.
    public func billableCodes(under index: Int? = nil, limit: Int = .max) -> [(code: String, title: String)] {
        var out: [(code: String, title: String)] = []
        forEachLeaf(under: index) { i in
            let n = nodes[i]
            if let def = seventhCharacterDefinition(for: i) {
                let stem = n.code.withoutDots.paddedWithX(to: 6)
                for c in def.characters where out.count < limit { out.append((Self.canonical(stem + c.character), n.title + ", " + c.meaning)) }
            } else if out.count < limit {
                out.append((n.code, n.title))
            }
            return out.count < limit
        }
        return out
    }
}

// MARK: - Import

public enum ICD10CMTabularImporter {
    /// Reads the official CDC tabular XML (root `ICD10CM.tabular`).
    public static func read(_ url: URL) throws -> ICD10CMTabular {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CodeSetError(file: url.lastPathComponent, "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data, fileName: url.lastPathComponent)
    }

    static func parse(_ data: Data, fileName: String) throws -> ICD10CMTabular {
        let delegate = TabularParser(fileName: fileName)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        let ok = parser.parse()
        if let error = delegate.error { throw error }
        guard ok else {
            let message = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "malformed XML"
            throw CodeSetError(file: fileName, line: parser.lineNumber, "is not well-formed XML (\(message)); the file may be truncated")
        }
        guard delegate.sawRoot else { throw CodeSetError(file: fileName, "is empty: expected an ICD10CM.tabular document") }
        guard delegate.rootClosed else {
            throw CodeSetError(file: fileName, line: parser.lineNumber, "ends before </ICD10CM.tabular>: the file is truncated")
        }
        guard delegate.nodes.contains(where: { $0.kind == .code || $0.kind == .category }) else {
            throw CodeSetError(file: fileName, "has no codes: expected chapter/section/diag elements")
        }
        let release = try Self.release(version: delegate.version, fileName: fileName)
        return ICD10CMTabular(release: release, nodes: delegate.nodes)
    }

    /// FY from the `<version>` element; an "April" in the file name marks the mid-year update.
    static func release(version: String, fileName: String) throws -> ReleaseInfo {
        guard let fy = Int(version.trimmed.prefix(4)), (2015...2100).contains(fy) else {
            throw CodeSetError(file: fileName, "has no usable <version> (a fiscal year such as 2026), found '\(version.trimmed)'")
        }
        return ICD10CMReleases.release(fiscalYear: fy, april: fileName.lowercased().contains("april"),
                                       what: "Tabular List", files: [fileName])
    }
}

/// Release naming and date coverage shared by every ICD-10-CM file: the fiscal year runs October 1 to September 30,
/// and an April 1 update replaces the October release for the rest of the year.
enum ICD10CMReleases {
    static func release(fiscalYear fy: Int, april: Bool, what: String, files: [String], system: CodeSystem = .icd10cm) -> ReleaseInfo {
        // Callers pass years they checked (2015...2100), which always have these dates.
        let (from, through) = ServiceDate.fiscalYear(fy, april: april)!
        let label = april ? "FY\(fy) (April 1, \(fy) update)" : "FY\(fy)"
        return ReleaseInfo(system: system, name: "\(system.displayName) \(label) \(what)", effectiveFrom: from,
                           effectiveThrough: through, sourceFiles: files)
    }
}

private final class TabularParser: NSObject, XMLParserDelegate {
    let fileName: String
    var nodes: [TabularNode] = []
    var version = ""
    var error: CodeSetError?
    var sawRoot = false
    var rootClosed = false

    private var stack: [String] = []
    private var nodeStack: [Int32] = []
    private var text = ""
    private var noteKind: TabularNoteKind?
    private var extensionChar: String?
    private weak var parser: XMLParser?

    init(fileName: String) { self.fileName = fileName }

    private func fail(_ parser: XMLParser, _ message: String) {
        guard error == nil else { return }
        error = CodeSetError(file: fileName, line: parser.lineNumber, message)
        parser.abortParsing()
    }

    private func open(_ kind: TabularNode.Kind) {
        let parent = nodeStack.last ?? -1
        nodes.append(TabularNode(code: "", title: "", kind: kind, parent: parent, children: [], notes: [],
                                 seventhCharacterNote: nil, seventhCharacters: []))
        let index = Int32(nodes.count - 1)
        if parent >= 0 { nodes[Int(parent)].children.append(index) }
        nodeStack.append(index)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if stack.isEmpty {
            guard name == "ICD10CM.tabular" else {
                return fail(parser, "root element is <\(name)>, expected <ICD10CM.tabular> (the CDC tabular XML)")
            }
            sawRoot = true
        }
        stack.append(name)
        text = ""
        switch name {
        case "chapter": open(.chapter)
        case "section":
            open(.section)
            nodes[nodes.count - 1].code = attributes["id"] ?? ""
        case "diag":
            guard let parent = nodeStack.last else { return fail(parser, "<diag> outside a chapter or section") }
            let parentKind = nodes[Int(parent)].kind
            open(parentKind == .section ? .category : .subcategory)
        case "includes", "inclusionTerm", "excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso", "notes":
            noteKind = TabularNoteKind(rawValue: name)
        case "sevenChrNote": noteKind = nil
        case "extension": extensionChar = attributes["char"]
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let parentElement = stack.count >= 2 ? stack[stack.count - 2] : ""
        let value = text.trimmed
        switch name {
        case "version" where stack.count == 2: version = value
        case "name" where parentElement == "chapter" || parentElement == "diag":
            guard let top = nodeStack.last else { break }
            nodes[Int(top)].code = parentElement == "diag" ? ICD10CMTabular.canonical(value) : value
            if parentElement == "diag" {
                let code = nodes[Int(top)].code
                if code.isEmpty || code.utf8.count > 8 || !code.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || $0 == 0x2E }) {
                    fail(parser, "<diag> name '\(value)' is not an ICD-10-CM code (up to seven letters and digits)")
                }
            }
        case "desc" where ["chapter", "section", "diag"].contains(parentElement):
            if let top = nodeStack.last { nodes[Int(top)].title = value }
        case "note":
            guard let top = nodeStack.last else { break }
            if parentElement == "sevenChrNote" {
                nodes[Int(top)].seventhCharacterNote = value
            } else if let kind = noteKind, !value.isEmpty {
                nodes[Int(top)].notes.append(TabularNote(kind: kind, text: value))
            }
        case "extension":
            guard let top = nodeStack.last else { break }
            guard let c = extensionChar, c.count == 1 else { return fail(parser, "an <extension> needs a one-character char attribute") }
            nodes[Int(top)].seventhCharacters.append(SeventhCharacter(character: c.uppercased(), meaning: value))
        case "includes", "inclusionTerm", "excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso", "notes":
            noteKind = nil
        case "chapter", "section", "diag":
            guard let top = nodeStack.popLast().map(Int.init) else { break }
            if nodes[top].kind != .chapter, nodes[top].code.isEmpty { fail(parser, "a <\(name)> ends without a code") }
            // Leaves below a category are codes; a category without children (e.g. A33) is billable as it stands.
            if nodes[top].kind == .subcategory, nodes[top].children.isEmpty { nodes[top].kind = .code }
        default: break
        }
        stack.removeLast()
        if stack.isEmpty { rootClosed = true }
        text = ""
    }
}

// MARK: - Snapshot

extension ICD10CMTabular: SnapshotCodable {
    public func write(to w: inout SnapshotWriter) {
        release.write(to: &w)
        w.array(nodes) { w, n in
            w.string(n.code); w.string(n.title); w.string(n.kind.rawValue); w.int(Int(n.parent))
            w.int32s(n.children)
            w.array(n.notes) { w, note in w.int(TabularNoteKind.allCases.firstIndex(of: note.kind)!); w.string(note.text) }
            w.optionalString(n.seventhCharacterNote)
            w.array(n.seventhCharacters) { w, s in w.string(s.character); w.string(s.meaning) }
        }
    }

    public convenience init(from r: inout SnapshotReader) throws {
        let release = try ReleaseInfo(from: &r)
        let file = r.file
        let nodes: [TabularNode] = try r.array { r in
            let code = try r.string(), title = try r.string(), kindRaw = try r.string()
            guard let kind = TabularNode.Kind(rawValue: kindRaw) else { throw CodeSetError(file: file, "snapshot node kind '\(kindRaw)'") }
            guard let parent = Int32(exactly: try r.int()) else { throw CodeSetError(file: file, "snapshot node parent out of range") }
            let children = try r.int32s()
            let notes: [TabularNote] = try r.array { r in
                let k = try r.int()
                guard TabularNoteKind.allCases.indices.contains(k) else { throw CodeSetError(file: file, "snapshot note kind \(k)") }
                return TabularNote(kind: TabularNoteKind.allCases[k], text: try r.string())
            }
            return TabularNode(code: code, title: title, kind: kind, parent: parent, children: children, notes: notes,
                               seventhCharacterNote: try r.optionalString(),
                               seventhCharacters: try r.array { r in SeventhCharacter(character: try r.string(), meaning: try r.string()) })
        }
        // Parents come before children, so walking up always ends.
        for (i, n) in nodes.enumerated()
        where n.parent >= i || n.children.contains(where: { $0 <= i || $0 >= nodes.count || nodes[Int($0)].parent != i }) {
            throw CodeSetError(file: file, "snapshot hierarchy of \(n.code) is inconsistent; run `revcycle codesets import` again")
        }
        self.init(release: release, nodes: nodes)
    }
}
