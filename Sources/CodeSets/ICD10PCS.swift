import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

// MARK: - Model

/// One value of one axis of an ICD-10-PCS table: a character and its label (e.g. "4" = "Percutaneous Endoscopic").
public struct PCSValue: Hashable, Sendable {
    public var code: String
    public var label: String
    public init(code: String, label: String) { self.code = code; self.label = label }
}

/// One axis (character position 1...7) of a table or a row, with the values it allows.
public struct PCSAxis: Hashable, Sendable {
    public var position: Int
    /// "Section", "Body System", "Operation", "Body Part", "Approach", "Device", "Qualifier", ...
    public var title: String
    public var values: [PCSValue]

    public init(position: Int, title: String, values: [PCSValue]) {
        self.position = position; self.title = title; self.values = values
    }

    /// The label of `character` on this axis, nil when the axis does not allow it.
    public func label(for character: String) -> String? {
        for v in values where v.code == character { return v.label }
        return nil
    }
    public func allows(_ character: String) -> Bool { values.contains { $0.code == character } }
}

/// A row of a table: the values allowed for characters 4 to 7 together. Its valid codes are every combination.
public struct PCSRow: Hashable, Sendable {
    /// Axes for positions 4, 5, 6 and 7, in that order.
    public var axes: [PCSAxis]
    public init(axes: [PCSAxis]) { self.axes = axes }
    public var codeCount: Int { axes.reduce(1) { $0 * $1.values.count } }
}

/// One ICD-10-PCS table (`pcsTable`): characters 1-3 fixed, rows giving characters 4-7.
public struct PCSTable: Hashable, Sendable {
    /// The first three characters, e.g. "0DT".
    public var code: String
    /// Axes for positions 1, 2 and 3, each with exactly one value.
    public var axes: [PCSAxis]
    /// Definition of the operation (character 3), as the tables file gives it.
    public var operationDefinition: String?
    public var rows: [PCSRow]

    public init(code: String, axes: [PCSAxis], operationDefinition: String?, rows: [PCSRow]) {
        self.code = code; self.axes = axes; self.operationDefinition = operationDefinition; self.rows = rows
    }
    public var codeCount: Int { rows.reduce(0) { $0 + $1.codeCount } }
}

/// A term of the ICD-10-PCS Definitions (e.g. section 0, position 3, "Resection").
public struct PCSDefinition: Hashable, Sendable {
    public var section: String
    public var sectionTitle: String
    public var position: Int
    public var axisTitle: String
    /// The terms the definition applies to (body part definitions often list left, right, bilateral).
    public var terms: [String]
    public var definition: String?
    public var explanation: String?
    public var includes: [String]

    public init(section: String, sectionTitle: String, position: Int, axisTitle: String, terms: [String],
                definition: String?, explanation: String?, includes: [String]) {
        self.section = section; self.sectionTitle = sectionTitle; self.position = position; self.axisTitle = axisTitle
        self.terms = terms; self.definition = definition; self.explanation = explanation; self.includes = includes
    }
}

/// A device aggregation of the Definitions file: a specific device value that maps to a general one.
public struct PCSDeviceAggregate: Hashable, Sendable {
    public var device: String
    public var operation: String
    public var bodySystems: [String]
    public var parentCode: String
    public var parent: String
    public init(device: String, operation: String, bodySystems: [String], parentCode: String, parent: String) {
        self.device = device; self.operation = operation; self.bodySystems = bodySystems
        self.parentCode = parentCode; self.parent = parent
    }
}

/// What `PCSImporter.definitions(url:)` reads.
public struct PCSDefinitions: Sendable {
    public var version: Int?
    public var sourceFile: String
    public var terms: [PCSDefinition]
    public var deviceAggregates: [PCSDeviceAggregate]
}

/// An entry of the ICD-10-PCS Index: a main term and subterms, and where it leads.
public struct PCSIndexEntry: Hashable, Sendable {
    /// Main term first, then subterms, e.g. ["Abortion", "Laminaria"].
    public var path: [String]
    /// "see" text, e.g. "Resection, Appendix".
    public var see: String?
    /// "use" text (a value to use), e.g. "Esophagus, Lower".
    public var use: String?
    /// Codes, partial codes (4-6 characters) or tables (3 characters) the entry gives, e.g. ["0DTJ"].
    public var codes: [String]

    public init(path: [String], see: String? = nil, use: String? = nil, codes: [String] = []) {
        self.path = path; self.see = see; self.use = use; self.codes = codes
    }

    /// "Appendectomy, see Resection, Appendix 0DTJ" style text for display and search.
    public var text: String {
        var t = path.joined(separator: " > ")
        if let see { t += ", see \(see)" }
        if let use { t += ", use \(use)" }
        if !codes.isEmpty { t += " " + codes.joined(separator: " ") }
        return t
    }
}

/// What `PCSImporter.index(url:)` reads.
public struct PCSIndex: Sendable {
    public var version: Int?
    public var sourceFile: String
    public var entries: [PCSIndexEntry]
}

/// A code and its long title from a flat CMS code file.
public struct PCSCodeTitle: Hashable, Sendable {
    public var code: String
    public var title: String
    public init(code: String, title: String) { self.code = code; self.title = title }
}

/// One character of a looked-up code, explained.
public struct PCSAxisDetail: Hashable, Sendable {
    public var position: Int
    public var axisTitle: String
    public var character: String
    public var label: String
    public var definition: String?
    public var explanation: String?
    public var includes: [String]
}

/// A possible next character under a header.
public struct PCSChild: Hashable, Sendable {
    /// The header extended by one character.
    public var code: String
    public var character: String
    public var label: String
    public var codeCount: Int
}

/// The result of `PCSRelease.lookup(_:)`: a valid code (billable) or a valid prefix (a header).
public struct PCSLookup: Hashable, Sendable {
    public var code: String
    public var title: String
    public var billable: Bool
    /// The characters given, explained (empty for a code-file release).
    public var axes: [PCSAxisDetail]
    /// Valid codes at or under this code (1 for a full code).
    public var codeCount: Int
    /// Next characters with labels and counts (empty for a full code).
    public var children: [PCSChild]
}

/// One ICD-10-PCS release: tables (or, for older years, only the flat code file), definitions and index.
public struct PCSRelease: Sendable {
    public var release: ReleaseInfo
    public private(set) var tables: [PCSTable]
    public private(set) var definitions: [PCSDefinition]
    public private(set) var deviceAggregates: [PCSDeviceAggregate]
    public private(set) var index: [PCSIndexEntry]
    /// For a release read from a flat code file only: codes and long titles, sorted by code.
    public private(set) var codeFileEntries: [PCSCodeTitle]

    private var tablePosition: [String: Int] = [:]
    private var definitionPosition: [String: Int] = [:]

    public init(release: ReleaseInfo, tables: [PCSTable], definitions: [PCSDefinition] = [],
                deviceAggregates: [PCSDeviceAggregate] = [], index: [PCSIndexEntry] = [],
                codeFileEntries: [PCSCodeTitle] = []) {
        self.release = release
        self.tables = tables
        self.definitions = definitions
        self.deviceAggregates = deviceAggregates
        self.index = index
        self.codeFileEntries = codeFileEntries.sorted { $0.code < $1.code }
        rebuildPositions()
    }

    private mutating func rebuildPositions() {
        var tp = [String: Int](minimumCapacity: tables.count)
        for (i, t) in tables.enumerated() where tp[t.code] == nil { tp[t.code] = i }
        tablePosition = tp
        var dp = [String: Int](minimumCapacity: definitions.count * 2)
        for (i, d) in definitions.enumerated() {
            for term in d.terms {
                let key = Self.definitionKey(d.section, d.position, term)
                if dp[key] == nil { dp[key] = i }
            }
        }
        definitionPosition = dp
    }

    private static func definitionKey(_ section: String, _ position: Int, _ term: String) -> String {
        "\(section)|\(position)|\(term.lowercased())"
    }

    /// True when the release holds only a flat code file (no tables: no axes, no definitions).
    public var isCodeFileOnly: Bool { tables.isEmpty }

    /// Adds the Definitions file. Throws when it is for another fiscal year.
    public mutating func attach(_ defs: PCSDefinitions) throws {
        if let v = defs.version, let fy = fiscalYear, v != fy {
            throw CodeSetError(file: defs.sourceFile, "definitions are for FY\(v) but the tables are \(release.name)")
        }
        definitions = defs.terms
        deviceAggregates = defs.deviceAggregates
        if !release.sourceFiles.contains(defs.sourceFile) { release.sourceFiles.append(defs.sourceFile) }
        rebuildPositions()
    }

    /// Adds the Index file. Throws when it is for another fiscal year.
    public mutating func attach(_ idx: PCSIndex) throws {
        if let v = idx.version, let fy = fiscalYear, v != fy {
            throw CodeSetError(file: idx.sourceFile, "index is for FY\(v) but the tables are \(release.name)")
        }
        index = idx.entries
        if !release.sourceFiles.contains(idx.sourceFile) { release.sourceFiles.append(idx.sourceFile) }
    }

    /// The fiscal year of the release (the year its effective period ends).
    public var fiscalYear: Int? { release.effectiveThrough?.year }

    public func table(_ code: String) -> PCSTable? {
        tablePosition[code.uppercased()].map { tables[$0] }
    }

    /// The definition of a term on an axis of a section (e.g. "0", 3, "Resection"), when the Definitions file has it.
    public func definition(section: String, position: Int, term: String) -> PCSDefinition? {
        definitionPosition[Self.definitionKey(section, position, term)].map { definitions[$0] }
    }

    // MARK: Lookup

    /// Splits a code into upper-case single characters; nil when empty, too long or not letters and digits.
    private static func characters(_ code: String) -> [String]? {
        let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 7,
              trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else { return nil }
        return trimmed.utf8.map { String(UnicodeScalar($0)) }
    }

    /// Number of a row's codes that start with `chars` (the table's three characters already match).
    private static func count(_ row: PCSRow, _ chars: [String]) -> Int {
        var n = 1
        for (i, axis) in row.axes.enumerated() {
            let p = 3 + i
            if p < chars.count {
                if !axis.allows(chars[p]) { return 0 }
            } else {
                n *= axis.values.count
            }
        }
        return n
    }

    /// Looks up a full code (billable) or a prefix of 1-6 characters (a header). Nil when invalid.
    public func lookup(_ code: String) -> PCSLookup? {
        guard let chars = Self.characters(code) else { return nil }
        let joined = chars.joined()
        if tables.isEmpty { return codeFileLookup(joined) }

        if chars.count < 3 {
            let matching = tables.filter { $0.code.hasPrefix(joined) }
            guard let first = matching.first else { return nil }
            let axes = (0..<chars.count).map { axisDetail(table: first, position: $0 + 1, axis: first.axes[$0], character: chars[$0]) }
            var childOrder: [String] = []
            var childCount: [String: Int] = [:]
            var childLabel: [String: String] = [:]
            for t in matching {
                let axis = t.axes[chars.count]
                let c = axis.values.first?.code ?? ""
                if childCount[c] == nil { childOrder.append(c); childLabel[c] = axis.values.first?.label ?? "" }
                childCount[c, default: 0] += t.codeCount
            }
            let children = childOrder.sorted().map {
                PCSChild(code: joined + $0, character: $0, label: childLabel[$0] ?? "", codeCount: childCount[$0] ?? 0)
            }
            return PCSLookup(code: joined, title: axes.map(\.label).joined(separator: " > "), billable: false, axes: axes,
                             codeCount: matching.reduce(0) { $0 + $1.codeCount }, children: children)
        }

        guard let t = tablePosition[chars[0] + chars[1] + chars[2]].map({ tables[$0] }) else { return nil }
        let rows = t.rows.filter { Self.count($0, chars) > 0 }
        guard let firstRow = rows.first else { return nil }
        var axes: [PCSAxisDetail] = []
        for p in 0..<chars.count {
            let axis = p < 3 ? t.axes[p] : firstRow.axes[p - 3]
            axes.append(axisDetail(table: t, position: p + 1, axis: axis, character: chars[p]))
        }
        let total = rows.reduce(0) { $0 + Self.count($1, chars) }
        if chars.count == 7 {
            return PCSLookup(code: joined, title: Self.composeTitle(axes), billable: true, axes: axes, codeCount: 1, children: [])
        }
        var childCount: [String: Int] = [:]
        var childLabel: [String: String] = [:]
        for row in rows {
            let axis = row.axes[chars.count - 3]
            for v in axis.values {
                let n = Self.count(row, chars + [v.code])
                guard n > 0 else { continue }
                if childLabel[v.code] == nil { childLabel[v.code] = v.label }
                childCount[v.code, default: 0] += n
            }
        }
        let children = childCount.keys.sorted().map {
            PCSChild(code: joined + $0, character: $0, label: childLabel[$0] ?? "", codeCount: childCount[$0] ?? 0)
        }
        return PCSLookup(code: joined, title: axes.map(\.label).joined(separator: " > "), billable: false, axes: axes,
                         codeCount: total, children: children)
    }

    private func axisDetail(table: PCSTable, position: Int, axis: PCSAxis, character: String) -> PCSAxisDetail {
        let label = axis.label(for: character) ?? ""
        let section = String(table.code.prefix(1))
        let def = position == 1 ? nil : definition(section: section, position: position, term: label)
        var definitionText = def?.definition
        if position == 3, definitionText == nil { definitionText = table.operationDefinition }
        return PCSAxisDetail(position: position, axisTitle: axis.title, character: character, label: label,
                             definition: definitionText, explanation: def?.explanation, includes: def?.includes ?? [])
    }

    private func codeFileRange(_ prefix: String) -> Range<Int> {
        var lo = 0, hi = codeFileEntries.count
        while lo < hi { let m = (lo + hi) / 2; if codeFileEntries[m].code < prefix { lo = m + 1 } else { hi = m } }
        var end = lo
        while end < codeFileEntries.count, codeFileEntries[end].code.hasPrefix(prefix) { end += 1 }
        return lo..<end
    }

    private func codeFileLookup(_ code: String) -> PCSLookup? {
        let range = codeFileRange(code)
        guard !range.isEmpty else { return nil }
        if code.utf8.count == 7 {
            guard codeFileEntries[range.lowerBound].code == code else { return nil }
            return PCSLookup(code: code, title: codeFileEntries[range.lowerBound].title, billable: true, axes: [], codeCount: 1, children: [])
        }
        var counts: [String: Int] = [:]
        for e in codeFileEntries[range] {
            let next = String(e.code.dropFirst(code.count).prefix(1))
            counts[next, default: 0] += 1
        }
        let children = counts.keys.sorted().map { PCSChild(code: code + $0, character: $0, label: "", codeCount: counts[$0] ?? 0) }
        return PCSLookup(code: code, title: "\(range.count) codes starting \(code)", billable: false, axes: [],
                         codeCount: range.count, children: children)
    }

    /// Why `code` is not a valid code or header, naming the first wrong character. For a valid code, says so.
    public func explainInvalid(_ code: String) -> String {
        let raw = code.trimmingCharacters(in: .whitespaces)
        if raw.isEmpty { return "the code is empty" }
        let upper = raw.uppercased()
        for (i, ch) in upper.enumerated() {
            if !(ch.isASCII && (ch.isLetter || ch.isNumber)) {
                return "character \(i + 1) '\(ch)' is not a letter or digit: ICD-10-PCS codes use only 0-9 and A-Z"
            }
        }
        if upper.count > 7 { return "'\(raw)' has \(upper.count) characters; ICD-10-PCS codes have 7" }
        guard let chars = Self.characters(upper) else { return "'\(raw)' is not an ICD-10-PCS code" }
        if let found = lookup(upper) {
            if found.billable { return "\(upper) is a valid code: \(found.title)" }
            return "\(upper) is incomplete: ICD-10-PCS codes have 7 characters; \(found.codeCount) valid codes start with \(upper)"
        }
        // Longest valid prefix; the next character is the wrong one.
        var good = 0
        while good < chars.count, lookup(chars[0...good].joined()) != nil { good += 1 }
        let bad = chars[good]
        let prefix = chars[0..<good].joined()
        if tables.isEmpty {
            if good == 0 { return "character 1 '\(bad)' does not start any code in \(release.name)" }
            return "character \(good + 1) '\(bad)' cannot follow \(prefix) in \(release.name)"
        }
        let valid = good == 0 ? Set(tables.map { String($0.code.prefix(1)) }).sorted() : (lookup(prefix)?.children.map(\.character) ?? [])
        let list = "valid: " + valid.joined(separator: ", ")
        if good == 0 { return "character 1 '\(bad)' is not a valid section in \(release.name) (\(list))" }
        let header = lookup(prefix)
        let axisTitle: String = {
            if good < 3 { return tables.first { $0.code.hasPrefix(prefix) }?.axes[good].title ?? "value" }
            guard let t = tablePosition[chars[0] + chars[1] + chars[2]].map({ tables[$0] }),
                  let row = t.rows.first(where: { Self.count($0, Array(chars[0..<good])) > 0 }) else { return "value" }
            return row.axes[good - 3].title
        }()
        let meaning = header.map { " (\($0.title))" } ?? ""
        return "character \(good + 1) '\(bad)' is not a valid \(axisTitle.lowercased()) for \(prefix)\(meaning); \(list)"
    }

    // MARK: Titles

    private static func isNone(_ label: String) -> Bool {
        label == "None" || label.hasPrefix("No ")
    }

    /// "Cephalic Vein, Right" -> "Right Cephalic Vein", "Intraluminal Device, Bioactive" -> "Bioactive Intraluminal
    /// Device", as CMS long titles read.
    private static func sided(_ label: String) -> String {
        guard let comma = label.range(of: ", ", options: .backwards) else { return label }
        let word = label[comma.upperBound...]
        guard !word.isEmpty, !word.contains(" "), !word.contains(","), word.first?.isUppercase == true else { return label }
        return "\(word) \(label[..<comma.lowerBound])"
    }

    /// A long title composed from the labels of a full code's seven characters, in the style of the CMS long titles
    /// (e.g. "Resection of Appendix, Percutaneous Endoscopic Approach"). Exact for many Medical and Surgical codes;
    /// a readable join of the labels elsewhere.
    static func composeTitle(_ axes: [PCSAxisDetail]) -> String {
        guard axes.count == 7 else { return axes.map(\.label).joined(separator: ", ") }
        let section = axes[0].character
        let op = axes[2].label, part = sided(axes[3].label)
        let fifth = axes[4], device = axes[5], qualifier = axes[6]
        var usedDevice = false, usedQualifier = false
        let dev = sided(device.label), hasDevice = !isNone(device.label)
        var title: String
        if op == "Bypass", section == "0" {
            title = "Bypass \(part)"
            if !isNone(qualifier.label) { title += " to \(sided(qualifier.label))"; usedQualifier = true }
        } else if op == "Transfer", section == "0", !isNone(qualifier.label) {
            title = "Transfer \(part) to \(sided(qualifier.label))"; usedQualifier = true
        } else if (op == "Introduction" || op == "Insertion"), hasDevice {
            title = "\(op) of \(dev) into \(part)"; usedDevice = true
        } else if op == "Removal", hasDevice, section == "0" {
            title = "Removal of \(dev) from \(part)"; usedDevice = true
        } else if op == "Revision", hasDevice, section == "0" {
            title = "Revision of \(dev) in \(part)"; usedDevice = true
        } else if op == "Change", hasDevice, section == "0" {
            title = "Change \(dev) in \(part)"; usedDevice = true
        } else if isNone(axes[3].label) {
            title = op
        } else if section == "0", ["Map", "Release", "Repair", "Reposition", "Supplement", "Transfer"].contains(op) {
            title = "\(op) \(part)"
        } else if section == "0", op == "Extirpation" {
            title = "Extirpation of Matter from \(part)"
        } else if section == "0", op == "Fragmentation" {
            title = "Fragmentation in \(part)"
        } else {
            title = "\(op) of \(part)"
        }
        if !usedDevice, !isNone(device.label) {
            title += (section == "0" ? " with " : " using ") + dev
        }
        if !isNone(fifth.label) {
            if fifth.axisTitle == "Approach" {
                title += fifth.label.hasPrefix("Via ") ? ", \(fifth.label)" : ", \(fifth.label) Approach"
            } else {
                title += ", \(fifth.label)"
            }
        }
        if !usedQualifier, !isNone(qualifier.label) { title += ", \(sided(qualifier.label))" }
        return title
    }

    // MARK: Enumeration

    /// Every valid code, sorted. Expands each row's axes (or lists the code file).
    public func allCodes() -> [String] {
        if tables.isEmpty { return codeFileEntries.map(\.code) }
        var out: [String] = []
        out.reserveCapacity(tables.reduce(0) { $0 + $1.codeCount })
        forEachCode { code, _, _ in out.append(code) }
        return out.sorted()
    }

    /// Calls `body` with every valid code, its table and row, in table order.
    private func forEachCode(_ body: (String, PCSTable, PCSRow) -> Void) {
        for t in tables {
            for row in t.rows where row.axes.count == 4 {
                for a in row.axes[0].values {
                    for b in row.axes[1].values {
                        for c in row.axes[2].values {
                            for d in row.axes[3].values { body(t.code + a.code + b.code + c.code + d.code, t, row) }
                        }
                    }
                }
            }
        }
    }

    /// Text for search: each valid code with its title (billable), then each index entry (not billable) under its
    /// first code; index entries without a code (most "use" entries) have an empty code.
    public func searchDocuments() -> [(code: String, text: String, billable: Bool)] {
        var out: [(code: String, text: String, billable: Bool)] = []
        if tables.isEmpty {
            out = codeFileEntries.map { (code: $0.code, text: $0.title, billable: true) }
        } else {
            out.reserveCapacity(tables.reduce(0) { $0 + $1.codeCount } + index.count)
            for t in tables {
                let head = (0..<3).map { p in
                    PCSAxisDetail(position: p + 1, axisTitle: t.axes[p].title, character: t.axes[p].values.first?.code ?? "",
                                  label: t.axes[p].values.first?.label ?? "", definition: nil, explanation: nil, includes: [])
                }
                for row in t.rows where row.axes.count == 4 {
                    let details = row.axes.enumerated().map { i, axis in
                        axis.values.map {
                            PCSAxisDetail(position: i + 4, axisTitle: axis.title, character: $0.code, label: $0.label,
                                          definition: nil, explanation: nil, includes: [])
                        }
                    }
                    for a in details[0] { for b in details[1] { for c in details[2] { for d in details[3] {
                        let axes = head + [a, b, c, d]
                        out.append((code: axes.map(\.character).joined(), text: Self.composeTitle(axes), billable: true))
                    } } } }
                }
            }
        }
        for e in index {
            out.append((code: e.codes.first ?? "", text: e.text, billable: false))
        }
        return out
    }
}

// MARK: - Snapshot

/// Strings shared through a snapshot: the first occurrence is written in full, later ones by number.
private struct SharedStringWriter {
    var ids: [String: Int] = [:]
    mutating func write(_ s: String, _ w: inout SnapshotWriter) {
        if let id = ids[s] { w.int(id); return }
        ids[s] = ids.count
        w.int(-1); w.string(s)
    }
    mutating func write(_ s: String?, _ w: inout SnapshotWriter) {
        w.bool(s != nil); if let s { write(s, &w) }
    }
    mutating func write(_ list: [String], _ w: inout SnapshotWriter) {
        w.int(list.count); for s in list { write(s, &w) }
    }
}

private struct SharedStringReader {
    var pool: [String] = []
    mutating func read(_ r: inout SnapshotReader) throws -> String {
        let id = try r.int()
        if id == -1 { let s = try r.string(); pool.append(s); return s }
        guard id >= 0, id < pool.count else { throw CodeSetError(file: r.file, "snapshot is damaged (ICD-10-PCS string \(id)); run `revcycle codesets import` again") }
        return pool[id]
    }
    mutating func readOptional(_ r: inout SnapshotReader) throws -> String? {
        try r.bool() ? try read(&r) : nil
    }
    mutating func readList(_ r: inout SnapshotReader) throws -> [String] {
        let n = try r.count()
        var out: [String] = []; out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&r)) }
        return out
    }
}

extension PCSRelease: SnapshotCodable {
    private static let snapshotTag = "icd10pcs.v1"

    public func write(to w: inout SnapshotWriter) {
        var s = SharedStringWriter()
        w.string(Self.snapshotTag)
        release.write(to: &w)
        func axis(_ a: PCSAxis, _ w: inout SnapshotWriter) {
            w.int(a.position); s.write(a.title, &w)
            w.int(a.values.count)
            for v in a.values { s.write(v.code, &w); s.write(v.label, &w) }
        }
        w.int(tables.count)
        for t in tables {
            s.write(t.code, &w)
            w.int(t.axes.count); for a in t.axes { axis(a, &w) }
            s.write(t.operationDefinition, &w)
            w.int(t.rows.count)
            for row in t.rows { w.int(row.axes.count); for a in row.axes { axis(a, &w) } }
        }
        w.int(definitions.count)
        for d in definitions {
            s.write(d.section, &w); s.write(d.sectionTitle, &w); w.int(d.position); s.write(d.axisTitle, &w)
            s.write(d.terms, &w); s.write(d.definition, &w); s.write(d.explanation, &w); s.write(d.includes, &w)
        }
        w.int(deviceAggregates.count)
        for a in deviceAggregates {
            s.write(a.device, &w); s.write(a.operation, &w); s.write(a.bodySystems, &w); s.write(a.parentCode, &w); s.write(a.parent, &w)
        }
        w.int(index.count)
        for e in index { s.write(e.path, &w); s.write(e.see, &w); s.write(e.use, &w); s.write(e.codes, &w) }
        w.int(codeFileEntries.count)
        for e in codeFileEntries { w.string(e.code); w.string(e.title) }
    }

    public init(from r: inout SnapshotReader) throws {
        let tag = try r.string()
        guard tag == Self.snapshotTag else {
            throw CodeSetError(file: r.file, "snapshot holds '\(tag)', expected ICD-10-PCS (\(Self.snapshotTag)); run `revcycle codesets import` again")
        }
        var s = SharedStringReader()
        let release = try ReleaseInfo(from: &r)
        func axis(_ r: inout SnapshotReader) throws -> PCSAxis {
            let position = try r.int()
            let title = try s.read(&r)
            let n = try r.count()
            var values: [PCSValue] = []; values.reserveCapacity(n)
            for _ in 0..<n { values.append(PCSValue(code: try s.read(&r), label: try s.read(&r))) }
            return PCSAxis(position: position, title: title, values: values)
        }
        let tables = try r.array { r -> PCSTable in
            let code = try s.read(&r)
            let axes = try r.array { try axis(&$0) }
            let def = try s.readOptional(&r)
            let rows = try r.array { r in PCSRow(axes: try r.array { try axis(&$0) }) }
            guard axes.count == 3, rows.allSatisfy({ $0.axes.count == 4 }) else {
                throw CodeSetError(file: r.file, "snapshot is damaged (ICD-10-PCS table \(code)); run `revcycle codesets import` again")
            }
            return PCSTable(code: code, axes: axes, operationDefinition: def, rows: rows)
        }
        let definitions = try r.array { r in
            PCSDefinition(section: try s.read(&r), sectionTitle: try s.read(&r), position: try r.int(), axisTitle: try s.read(&r),
                          terms: try s.readList(&r), definition: try s.readOptional(&r), explanation: try s.readOptional(&r),
                          includes: try s.readList(&r))
        }
        let aggregates = try r.array { r in
            PCSDeviceAggregate(device: try s.read(&r), operation: try s.read(&r), bodySystems: try s.readList(&r),
                               parentCode: try s.read(&r), parent: try s.read(&r))
        }
        let index = try r.array { r in
            PCSIndexEntry(path: try s.readList(&r), see: try s.readOptional(&r), use: try s.readOptional(&r), codes: try s.readList(&r))
        }
        let codeFile = try r.array { r in PCSCodeTitle(code: try r.string(), title: try r.string()) }
        self.init(release: release, tables: tables, definitions: definitions, deviceAggregates: aggregates,
                  index: index, codeFileEntries: codeFile)
    }
}

// MARK: - Importers

public enum PCSImporter {
    /// Release dates of a fiscal year: October 1 of the prior year through September 30.
    static func releaseInfo(fiscalYear fy: Int, name: String, files: [String], file: String) throws -> ReleaseInfo {
        guard let (from, through) = ServiceDate.fiscalYear(fy) else {
            throw CodeSetError(file: file, "fiscal year \(fy) is out of range")
        }
        return ReleaseInfo(system: .icd10pcs, name: name, effectiveFrom: from, effectiveThrough: through, sourceFiles: files)
    }

    /// Reads `icd10pcs_tables_YYYY.xml` (root `ICD10PCS.tabular`).
    public static func tables(url: URL) throws -> PCSRelease {
        let handler = TablesHandler(file: url.lastPathComponent)
        try PCSXML.parse(url: url, handler: handler)
        let file = url.lastPathComponent
        guard let fy = handler.version ?? PCSXML.yearIn(handler.title) else {
            throw CodeSetError(file: file, line: handler.rootLine, "no <version> element giving the fiscal year (e.g. <version>2025</version>)")
        }
        guard !handler.tables.isEmpty else {
            throw CodeSetError(file: file, line: handler.rootLine, "no <pcsTable> elements: expected the ICD-10-PCS tables")
        }
        let info = try releaseInfo(fiscalYear: fy, name: "ICD-10-PCS FY\(fy)", files: [file], file: file)
        return PCSRelease(release: info, tables: handler.tables)
    }

    /// Reads `icd10pcs_definitions_YYYY.xml` (root `ICD10PCS.definitions`).
    public static func definitions(url: URL) throws -> PCSDefinitions {
        let handler = DefinitionsHandler(file: url.lastPathComponent)
        try PCSXML.parse(url: url, handler: handler)
        guard !handler.terms.isEmpty else {
            throw CodeSetError(file: url.lastPathComponent, line: handler.rootLine, "no <section>/<axis>/<terms> elements: expected the ICD-10-PCS definitions")
        }
        return PCSDefinitions(version: handler.version ?? PCSXML.yearIn(handler.title), sourceFile: url.lastPathComponent,
                              terms: handler.terms, deviceAggregates: handler.aggregates)
    }

    /// Reads `icd10pcs_index_YYYY.xml` (root `ICD10PCS.index`).
    public static func index(url: URL) throws -> PCSIndex {
        let handler = IndexHandler(file: url.lastPathComponent)
        try PCSXML.parse(url: url, handler: handler)
        guard !handler.entries.isEmpty else {
            throw CodeSetError(file: url.lastPathComponent, line: handler.rootLine, "no <mainTerm> entries: expected the ICD-10-PCS index")
        }
        return PCSIndex(version: handler.version ?? PCSXML.yearIn(handler.title), sourceFile: url.lastPathComponent, entries: handler.entries)
    }

    /// Reads tables, and optionally definitions and index, into one release.
    public static func release(tables: URL, definitions: URL? = nil, index: URL? = nil) throws -> PCSRelease {
        var r = try self.tables(url: tables)
        if let definitions { try r.attach(try self.definitions(url: definitions)) }
        if let index { try r.attach(try self.index(url: index)) }
        return r
    }

    /// Reads a CMS code file (`icd10pcs_codes_YYYY.txt`: 7-character code, a space, the long title). The fiscal year
    /// comes from `fiscalYear`, else from a year in the file name.
    public static func codeFile(url: URL, fiscalYear: Int? = nil) throws -> PCSRelease {
        let file = url.lastPathComponent
        guard let fy = fiscalYear ?? PCSXML.yearIn(file) else {
            throw CodeSetError(file: file, "cannot tell the fiscal year from the file name; pass fiscalYear")
        }
        let text = try TextFile.read(url)
        var entries: [PCSCodeTitle] = []
        entries.reserveCapacity(80_000)
        var seen = Set<String>(minimumCapacity: 80_000)
        var lineNumber = 0
        func isCode(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let first = line.firstIndex(where: { !isSpace($0) }) else { continue }
            let bytes = line[first...]
            let codeEnd = bytes.index(bytes.startIndex, offsetBy: 7, limitedBy: bytes.endIndex) ?? bytes.endIndex
            let code = bytes[bytes.startIndex..<codeEnd]
            guard code.count == 7, code.allSatisfy(isCode), codeEnd < bytes.endIndex, isSpace(bytes[codeEnd]) else {
                let shown = String(decoding: bytes.prefix(40), as: UTF8.self)
                throw CodeSetError(file: file, line: lineNumber, "expected a 7-character ICD-10-PCS code, a space and a title; found '\(shown)'")
            }
            let rest = bytes[codeEnd...]
            guard let ts = rest.firstIndex(where: { !isSpace($0) }), let te = rest.lastIndex(where: { !isSpace($0) }) else {
                throw CodeSetError(file: file, line: lineNumber, "code \(String(decoding: code, as: UTF8.self)) has no title")
            }
            let c = String(decoding: code, as: UTF8.self)
            guard seen.insert(c).inserted else { throw CodeSetError(file: file, line: lineNumber, "code \(c) is listed twice") }
            entries.append(PCSCodeTitle(code: c, title: String(decoding: rest[ts...te], as: UTF8.self)))
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, line: 1, "no codes: expected lines of a 7-character code, a space and a title") }
        let info = try releaseInfo(fiscalYear: fy, name: "ICD-10-PCS FY\(fy) (code file)", files: [file], file: file)
        return PCSRelease(release: info, tables: [], codeFileEntries: entries)
    }
}

// MARK: - XML reading

enum PCSXML {
    static func parse(url: URL, handler: PCSXMLHandler) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CodeSetError(file: url.lastPathComponent, "cannot be read: \(error.localizedDescription)")
        }
        try parse(data: data, handler: handler)
    }

    static func parse(data: Data, handler: PCSXMLHandler) throws {
        let expected = "a complete ICD-10-PCS XML document with root element <\(handler.expectedRoot)>"
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw CodeSetError(file: handler.file, line: 1, "the file is empty; expected \(expected)")
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let ok = parser.parse()
        parser.delegate = nil
        if let error = handler.error { throw error }
        if !ok || handler.xmlError != nil {
            let line = max(1, handler.xmlErrorLine ?? parser.lineNumber)
            let reason = handler.xmlError ?? parser.parserError.map(PCSXML.describe) ?? "parsing stopped"
            throw CodeSetError(file: handler.file, line: line, "malformed or truncated XML (\(reason)); expected \(expected)")
        }
        if !handler.sawRoot {
            throw CodeSetError(file: handler.file, line: max(1, parser.lineNumber), "no root element; expected \(expected)")
        }
        if handler.depth != 0 {
            throw CodeSetError(file: handler.file, line: max(1, parser.lineNumber), "the document ends inside an element (truncated?); expected \(expected)")
        }
    }

    /// XMLParser's errors in words (its localized descriptions say only "the operation could not be completed",
    /// and its error numbers differ between platforms).
    static func describe(_ error: Error) -> String {
        "not well-formed XML, or cut off (XMLParser error \((error as NSError).code))"
    }

    /// A plausible fiscal year (2000-2099) within a text such as a file name or title.
    static func yearIn(_ text: String?) -> Int? {
        guard let text else { return nil }
        let bytes = Array(text.utf8)
        var i = 0
        while i + 4 <= bytes.count {
            let slice = bytes[i..<i + 4]
            let before = i == 0 || !(0x30...0x39).contains(bytes[i - 1])
            let after = i + 4 == bytes.count || !(0x30...0x39).contains(bytes[i + 4])
            if before, after, slice.first == 0x32, slice.dropFirst().first == 0x30,
               slice.allSatisfy({ (0x30...0x39).contains($0) }), let y = Int(String(decoding: slice, as: UTF8.self)) {
                return y
            }
            i += 1
        }
        return nil
    }
}

/// SAX handler base: checks the root element, keeps a text buffer per open element, records the first error.
class PCSXMLHandler: NSObject, XMLParserDelegate {
    let file: String
    let expectedRoot: String
    var error: CodeSetError?
    var xmlError: String?
    var xmlErrorLine: Int?
    var sawRoot = false
    var rootLine = 1
    var depth = 0
    private var texts: [String] = []
    private var names: [String] = []
    var version: Int?
    var title: String?
    private var line = 1

    init(file: String, expectedRoot: String) {
        self.file = file; self.expectedRoot = expectedRoot
    }

    /// Name of the element enclosing the current one (at `start`/`end` time).
    var parentName: String? { names.count >= 2 ? names[names.count - 2] : nil }

    func fail(_ detail: String, line: Int) {
        if error == nil { error = CodeSetError(file: file, line: line, detail) }
    }

    func start(_ name: String, _ attributes: [String: String], line: Int) {}
    func end(_ name: String, text: String, line: Int) {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard error == nil else { return }
        let line = parser.lineNumber
        if depth == 0 {
            if sawRoot || elementName != expectedRoot {
                fail("expected root element <\(expectedRoot)>, found <\(elementName)>", line: line)
                parser.abortParsing()
                return
            }
            sawRoot = true
            rootLine = line
        }
        depth += 1
        texts.append("")
        names.append(elementName)
        start(elementName, attributeDict, line: line)
        if error != nil { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard error == nil, let text = texts.last else { return }
        let line = parser.lineNumber
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if depth == 2 {
            if elementName == "version" { version = Int(trimmed) ?? PCSXML.yearIn(trimmed) }
            if elementName == "title" { title = trimmed }
        }
        end(elementName, text: trimmed, line: line)
        texts.removeLast()
        names.removeLast()
        depth -= 1
        if error != nil { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !texts.isEmpty { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if !texts.isEmpty { texts[texts.count - 1] += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if xmlError == nil {
            xmlError = PCSXML.describe(parseError)
            xmlErrorLine = parser.lineNumber
        }
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: Error) {
        self.parser(parser, parseErrorOccurred: validationError)
    }

    // Shared label strings: equal labels share one buffer.
    private var interned: [String: String] = [:]
    func intern(_ s: String) -> String {
        if let v = interned[s] { return v }
        interned[s] = s
        return s
    }
}

private func isCodeCharacter(_ s: String) -> Bool {
    s.utf8.count == 1 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
}

final class TablesHandler: PCSXMLHandler {
    var tables: [PCSTable] = []
    private var tablePosition: [String: Int] = [:]

    // The table or row being read.
    private var tableAxes: [PCSAxis] = []
    private var tableDefinition: String?
    private var rows: [PCSRow] = []
    private var rowAxes: [PCSAxis] = []
    private var inTable = false, inRow = false
    private var tableLine = 0, rowLine = 0
    // The axis being read.
    private var axis: PCSAxis?
    private var axisLine = 0
    private var labelCode = ""

    init(file: String) { super.init(file: file, expectedRoot: "ICD10PCS.tabular") }

    override func start(_ name: String, _ attributes: [String: String], line: Int) {
        switch name {
        case "pcsTable":
            guard !inTable else { return fail("<pcsTable> inside <pcsTable>", line: line) }
            inTable = true; tableLine = line
            tableAxes = []; rows = []; tableDefinition = nil
        case "pcsRow":
            guard inTable, !inRow else { return fail("<pcsRow> outside a <pcsTable>", line: line) }
            inRow = true; rowLine = line; rowAxes = []
        case "axis":
            guard inTable, axis == nil else { return fail("<axis> outside a <pcsTable> or <pcsRow>", line: line) }
            guard let pos = attributes["pos"].flatMap({ Int($0) }), (1...7).contains(pos) else {
                return fail("<axis> needs pos=\"1\" to \"7\", found \(attributes["pos"].map { "\"\($0)\"" } ?? "none")", line: line)
            }
            let expected = inRow ? 4 + rowAxes.count : 1 + tableAxes.count
            guard pos == expected else {
                return fail("expected <axis pos=\"\(expected)\">, found pos=\"\(pos)\"", line: line)
            }
            axis = PCSAxis(position: pos, title: "", values: [])
            axisLine = line
        case "label":
            guard axis != nil else { return fail("<label> outside an <axis>", line: line) }
            guard let code = attributes["code"]?.uppercased(), isCodeCharacter(code) else {
                return fail("<label> needs code=\"X\" (one letter or digit), found \(attributes["code"].map { "\"\($0)\"" } ?? "none")", line: line)
            }
            labelCode = code
        default:
            break
        }
    }

    override func end(_ name: String, text: String, line: Int) {
        switch name {
        case "title":
            if axis != nil, parentName == "axis" { axis?.title = intern(text) }
        case "label":
            guard axis != nil else { return }
            guard !text.isEmpty else { return fail("<label code=\"\(labelCode)\"> has no text", line: line) }
            if axis?.values.contains(where: { $0.code == labelCode }) == true {
                return fail("<axis pos=\"\(axis?.position ?? 0)\"> lists code \"\(labelCode)\" twice", line: line)
            }
            axis?.values.append(PCSValue(code: intern(labelCode), label: intern(text)))
        case "definition":
            if axis != nil, parentName == "axis", !text.isEmpty { tableDefinition = intern(text) }
        case "axis":
            guard let a = axis else { return }
            axis = nil
            guard !a.values.isEmpty else { return fail("<axis pos=\"\(a.position)\"> (from line \(axisLine)) has no <label>", line: line) }
            if inRow {
                rowAxes.append(a)
            } else {
                guard a.values.count == 1 else {
                    return fail("table <axis pos=\"\(a.position)\"> (from line \(axisLine)) must have exactly one <label>, found \(a.values.count)", line: line)
                }
                tableAxes.append(a)
            }
        case "pcsRow":
            guard inRow else { return }
            inRow = false
            guard rowAxes.count == 4 else {
                return fail("<pcsRow> (from line \(rowLine)) has axes for positions 4 to \(3 + rowAxes.count); expected 4, 5, 6 and 7", line: line)
            }
            rows.append(PCSRow(axes: rowAxes))
        case "pcsTable":
            guard inTable else { return }
            inTable = false
            guard tableAxes.count == 3 else {
                return fail("<pcsTable> (from line \(tableLine)) has \(tableAxes.count) of its axes 1, 2 and 3", line: line)
            }
            guard !rows.isEmpty else { return fail("<pcsTable> (from line \(tableLine)) has no <pcsRow>", line: line) }
            let code = tableAxes.map { $0.values[0].code }.joined()
            if let i = tablePosition[code] {
                tables[i].rows += rows
            } else {
                tablePosition[code] = tables.count
                tables.append(PCSTable(code: code, axes: tableAxes, operationDefinition: tableDefinition, rows: rows))
            }
        default:
            break
        }
    }
}

final class DefinitionsHandler: PCSXMLHandler {
    var terms: [PCSDefinition] = []
    var aggregates: [PCSDeviceAggregate] = []

    private var section: String?
    private var sectionTitle = ""
    private var axisPosition: Int?
    private var axisTitle = ""
    private var current: PCSDefinition?
    private var aggregate: PCSDeviceAggregate?

    init(file: String) { super.init(file: file, expectedRoot: "ICD10PCS.definitions") }

    override func start(_ name: String, _ attributes: [String: String], line: Int) {
        switch name {
        case "section":
            guard let code = attributes["code"]?.uppercased(), isCodeCharacter(code) else {
                return fail("<section> needs code=\"X\" (one letter or digit)", line: line)
            }
            section = code; sectionTitle = ""
        case "axis":
            guard section != nil else { return fail("<axis> outside a <section>", line: line) }
            guard let pos = attributes["pos"].flatMap({ Int($0) }), (1...7).contains(pos) else {
                return fail("<axis> needs pos=\"1\" to \"7\"", line: line)
            }
            axisPosition = pos; axisTitle = ""
        case "terms":
            guard let section, let axisPosition else { return fail("<terms> outside a <section>/<axis>", line: line) }
            current = PCSDefinition(section: section, sectionTitle: sectionTitle, position: axisPosition, axisTitle: axisTitle,
                                    terms: [], definition: nil, explanation: nil, includes: [])
        case "aggregate":
            aggregate = PCSDeviceAggregate(device: "", operation: "", bodySystems: [], parentCode: "", parent: "")
        case "parent":
            aggregate?.parentCode = attributes["value"] ?? ""
        default:
            break
        }
    }

    override func end(_ name: String, text: String, line: Int) {
        if aggregate != nil {
            switch name {
            case "device": aggregate?.device = intern(text)
            case "operation": aggregate?.operation = intern(text)
            case "bodySys": aggregate?.bodySystems.append(intern(text))
            case "parent": aggregate?.parent = intern(text)
            case "aggregate": if let a = aggregate { aggregates.append(a) }; aggregate = nil
            default: break
            }
            return
        }
        switch name {
        case "title":
            switch parentName {
            case "terms": current?.terms.append(intern(text))
            case "axis": axisTitle = intern(text)
            case "section": sectionTitle = intern(text)
            default: break
            }
        case "definition": current?.definition = text.isEmpty ? nil : text
        case "explanation": current?.explanation = text.isEmpty ? nil : text
        case "includes": if !text.isEmpty { current?.includes.append(text) }
        case "terms":
            guard let c = current else { return }
            current = nil
            guard !c.terms.isEmpty else { return fail("<terms> has no <title>", line: line) }
            terms.append(c)
        case "axis": axisPosition = nil
        case "section": section = nil
        default: break
        }
    }
}

final class IndexHandler: PCSXMLHandler {
    var entries: [PCSIndexEntry] = []

    private struct Frame {
        var title: String?
        var see: String?
        var use: String?
        var codes: [String] = []
        var insertAt: Int
    }
    private var frames: [Frame] = []

    init(file: String) { super.init(file: file, expectedRoot: "ICD10PCS.index") }

    override func start(_ name: String, _ attributes: [String: String], line: Int) {
        switch name {
        case "mainTerm":
            guard frames.isEmpty else { return fail("<mainTerm> inside another term", line: line) }
            frames.append(Frame(insertAt: entries.count))
        case "term":
            guard !frames.isEmpty else { return fail("<term> outside a <mainTerm>", line: line) }
            frames.append(Frame(insertAt: entries.count))
        default:
            break
        }
    }

    override func end(_ name: String, text: String, line: Int) {
        guard !frames.isEmpty else { return }
        let top = frames.count - 1
        switch name {
        case "title":
            if parentName == "term" || parentName == "mainTerm" { frames[top].title = intern(text) }
        case "see":
            if !text.isEmpty { frames[top].see = intern(text) }
        case "use":
            if !text.isEmpty { frames[top].use = intern(text) }
        case "code", "codes", "tab":
            let code = text.uppercased()
            guard !code.isEmpty else { return }
            guard (3...7).contains(code.utf8.count), code.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else {
                return fail("<\(name)> holds '\(text)'; expected an ICD-10-PCS code of 3 to 7 letters and digits", line: line)
            }
            frames[top].codes.append(code)
        case "mainTerm", "term":
            let f = frames.removeLast()
            guard f.see != nil || f.use != nil || !f.codes.isEmpty else {
                if f.title == nil, name == "mainTerm" { fail("<mainTerm> has no <title>", line: line) }
                return
            }
            let path = (frames.compactMap(\.title)) + (f.title.map { [$0] } ?? [])
            guard !path.isEmpty else { return fail("<\(name)> has no <title> above it", line: line) }
            let entry = PCSIndexEntry(path: path, see: f.see, use: f.use, codes: f.codes)
            if f.insertAt < entries.count { entries.insert(entry, at: f.insertAt) } else { entries.append(entry) }
        default:
            break
        }
    }
}

extension PCSRelease {
    /// Valid codes in the release.
    public var codeCount: Int { isCodeFileOnly ? codeFileEntries.count : tables.reduce(0) { $0 + $1.codeCount } }
}
