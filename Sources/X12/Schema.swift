/// The shape a transaction set must have: the X12 dictionary (data elements, composites, segments and their syntax
/// rules) and an implementation guide (loops, segment order and repeats, element usage and code values) on top of it.
/// Both are written as text (see `GuideText`) and compiled once into these immutable values.

/// X12 data element types. `numeric(decimals)` is N0...N9: an integer with implied decimal places.
public enum ElementType: Sendable, Equatable {
    case alphanumeric, identifier, date, time, decimal, binary
    case numeric(decimals: Int)

    init?(_ text: Substring) {
        switch text {
        case "AN": self = .alphanumeric
        case "ID": self = .identifier
        case "DT": self = .date
        case "TM": self = .time
        case "R": self = .decimal
        case "B": self = .binary
        default:
            guard text.count == 2, text.first == "N", let d = Int(text.dropFirst()) else { return nil }
            self = .numeric(decimals: d)
        }
    }

    public var code: String {
        switch self {
        case .alphanumeric: "AN"
        case .identifier: "ID"
        case .date: "DT"
        case .time: "TM"
        case .decimal: "R"
        case .binary: "B"
        case .numeric(let d): "N\(d)"
        }
    }
}

/// A data element of the X12 dictionary, e.g. 98 "Entity Identifier Code", ID 2/3. A class, so that the hot
/// validation loop passes one reference around instead of copying its strings.
public final class DataElement: Sendable {
    public let number: String
    public let type: ElementType
    public let minLength: Int
    public let maxLength: Int
    public let name: String

    public init(number: String, type: ElementType, minLength: Int, maxLength: Int, name: String) {
        self.number = number; self.type = type; self.minLength = minLength; self.maxLength = maxLength; self.name = name
    }
}

/// X12 relational conditions between elements of one segment (or components of one composite).
public struct SyntaxRule: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Character, Sendable {
        /// P: if any is present, all are. R: at least one is. E: at most one is.
        /// C: if the first is present, all the others are. L: if the first is present, at least one other is.
        case paired = "P", required = "R", exclusion = "E", conditional = "C", listConditional = "L"
    }
    public var kind: Kind
    public var positions: [Int]
    public var description: String {
        String(kind.rawValue) + positions.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
    }

    /// Nil when the rule holds for the positions present; otherwise the position to blame.
    func violation(present: (Int) -> Bool) -> Int? {
        positions.withUnsafeBufferPointer { Self.violation(kind, positions: $0, present: present) }
    }

    static func violation(_ kind: Kind, positions: UnsafeBufferPointer<Int>, present: (Int) -> Bool) -> Int? {
        var given = 0, firstMissing: Int?, secondGiven: Int?
        for p in positions {
            if present(p) {
                given += 1
                if given == 2 { secondGiven = p }
            } else if firstMissing == nil {
                firstMissing = p
            }
        }
        switch kind {
        case .paired: return given == 0 || given == positions.count ? nil : firstMissing
        case .required: return given == 0 ? positions[0] : nil
        case .exclusion: return secondGiven
        case .conditional:
            guard present(positions[0]) else { return nil }
            return firstMissing
        case .listConditional:
            guard present(positions[0]) else { return nil }
            return given > 1 ? nil : positions[1]
        }
    }
}

/// A composite data structure of the dictionary, e.g. C003.
public final class CompositeDefinition: Sendable {
    public let id: String
    public let name: String
    public let components: [DataElement]
    public let rules: [SyntaxRule]

    public init(id: String, name: String, components: [DataElement], rules: [SyntaxRule]) {
        self.id = id; self.name = name; self.components = components; self.rules = rules
    }
}

/// What stands at one position of a segment: a simple element or a composite, and how often it may repeat.
public final class ElementDefinition: Sendable {
    public enum Content: Sendable {
        case simple(DataElement)
        case composite(CompositeDefinition)
    }
    public let content: Content
    public let maxRepeat: Int
    public let reference: String
    public let name: String

    public init(content: Content, maxRepeat: Int) {
        self.content = content
        self.maxRepeat = maxRepeat
        switch content {
        case .simple(let e): reference = e.number; name = e.name
        case .composite(let c): reference = c.id; name = c.name
        }
    }
}

/// A segment of the dictionary, e.g. NM1 with its twelve elements and rules P0809, C1110, C1203.
public struct SegmentDefinition: Sendable {
    public var id: String
    public var name: String
    public var elements: [ElementDefinition] { didSet { periodPosition = Self.period(in: elements) } }
    public var rules: [SyntaxRule]
    /// Position of a date-time period (element 1251) right after its format qualifier (1250), as in DTP, DMG, DTM.
    public private(set) var periodPosition: Int?

    public init(id: String, name: String, elements: [ElementDefinition], rules: [SyntaxRule]) {
        self.id = id; self.name = name; self.elements = elements; self.rules = rules
        periodPosition = Self.period(in: elements)
    }

    private static func period(in elements: [ElementDefinition]) -> Int? {
        guard elements.count >= 2 else { return nil }
        return (2...elements.count).first { elements[$0 - 1].reference == "1251" && elements[$0 - 2].reference == "1250" }
    }
}

/// Implementation-guide usage: Required, Situational, Not used.
public enum Usage: Character, Sendable {
    case required = "R", situational = "S", notUsed = "N"
}

/// A set of codes, looked up from the bytes of an element without making a string for the short ones.
public final class CodeList: Sendable {
    public let values: Set<String>
    private let packed: Set<UInt64>

    public init(_ values: Set<String>) {
        self.values = values
        packed = Set(values.compactMap { $0.utf8.count <= 7 ? CodeList.pack($0.utf8) : nil })
    }

    public convenience init(_ values: some Sequence<String>) { self.init(Set(values)) }

    /// Up to seven bytes and their count in one integer.
    @inline(__always) static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var v = UInt64(bytes.count) << 56
        var shift: UInt64 = 0
        for b in bytes { v |= UInt64(b) << shift; shift += 8 }
        return v
    }

    static func pack(_ bytes: some Collection<UInt8>) -> UInt64 {
        var v = UInt64(bytes.count) << 56
        var shift: UInt64 = 0
        for b in bytes { v |= UInt64(b) << shift; shift += 8 }
        return v
    }

    public func contains(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.count <= 7 ? packed.contains(CodeList.pack(bytes)) : values.contains(String(decoding: bytes, as: UTF8.self))
    }
    public func contains(_ value: String) -> Bool { values.contains(value) }
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 7 ? packed.contains(CodeList.pack(bytes)) : values.contains(String(decoding: bytes, as: UTF8.self))
    }
}

/// How the guide narrows one element (or one component) of a segment.
public final class ElementRule: Sendable {
    public let usage: Usage
    /// Allowed values, when the guide lists them.
    public let codes: CodeList?
    public let minLength: Int?
    public let maxLength: Int?
    /// The guide asks for digits only (e.g. a nine-digit ZIP code in an element the standard types ID).
    public let digitsOnly: Bool

    public init(usage: Usage, codes: Set<String>? = nil, minLength: Int? = nil, maxLength: Int? = nil, digitsOnly: Bool = false) {
        self.usage = usage; self.codes = codes.map(CodeList.init); self.minLength = minLength; self.maxLength = maxLength
        self.digitsOnly = digitsOnly
    }
}

/// One element position's checks as plain values (no references), so the validation loop copies nothing counted.
/// Compiled by `WalkTable`.
struct ElementCheck {
    /// `.notUsed` also when the guide does not list the element.
    var usage = Usage.notUsed
    /// What the syntax check reads the type as: one byte, where `type` (kept to word a problem) is a larger enum.
    var form = Form.text
    var type = ElementType.alphanumeric {
        didSet {
            form = switch type {
            case .numeric: .number
            case .decimal: .decimal
            case .date: .date
            case .time: .time
            case .alphanumeric, .identifier, .binary: .text
            }
        }
    }
    enum Form: UInt8 { case text, number, decimal, date, time }
    var minLength: Int32 = 0
    var maxLength: Int32 = 0
    var maxRepeat: Int32 = 1
    /// Index of the code list in the guide's `WalkTable`, or -1.
    var codes: Int32 = -1
    var digitsOnly = false
    /// Whether every code of the list passes the syntax check: a listed value then needs no syntax check.
    var codesPassSyntax = false
    var isComposite = false
    /// A composite's relational conditions between its components, in the table's `rules` (none: 0).
    var firstRule: Int32 = 0
    var ruleCount: Int32 = 0
    /// Index of the first component's check in the table's `componentChecks`.
    var firstComponent: Int32 = 0
    var componentCount: Int32 = 0
    /// The last required component (1-based), or 0: the components after the last one given need a look only up to it.
    var lastRequiredComponent: Int32 = 0
}

/// A value that tells apart segments with the same id at the same place, e.g. NM1 with NM101 "85" or "87".
public struct SegmentKey: Sendable {
    public var element: Int
    public var component: Int?
    public var values: CodeList
}

/// One segment at its place in a guide.
public final class SegmentNode: Sendable {
    public let id: String
    /// The id packed as `Segment` packs it.
    let code: UInt32
    public let usage: Usage
    public let maxUse: Int
    public let keys: [SegmentKey]
    public let definition: SegmentDefinition
    /// Rules by element position (index 0 is element 1). Nil: the guide does not use the element.
    public let elements: [ElementRule?]
    /// Component rules by element position, for composites.
    public let components: [Int: [ElementRule?]]

    init(id: String, usage: Usage, maxUse: Int, keys: [SegmentKey], definition: SegmentDefinition,
         elements: [ElementRule?], components: [Int: [ElementRule?]]) {
        self.id = id; self.code = Segment.pack(id); self.usage = usage; self.maxUse = maxUse; self.keys = keys; self.definition = definition
        self.elements = elements; self.components = components
    }

    /// Whether `segment` is this one: same id and every key value matches.
    public func matches(_ segment: Segment, componentSeparator: UInt8) -> Bool {
        guard segment.code == code, code != 0 else { return false }
        for key in keys {
            var value = segment.bytes(key.element)
            if let c = key.component { value = Segment.component(c, of: value, separator: componentSeparator) }
            if !key.values.contains(value) { return false }
        }
        return true
    }
}

/// A loop of a guide: its segments and nested loops in order. The root of a guide is the transaction set itself.
public final class LoopNode: Sendable {
    public enum Child: Sendable {
        case segment(SegmentNode)
        case loop(LoopNode)
    }
    public let id: String
    public let name: String
    public let usage: Usage
    public let maxRepeat: Int
    public let children: [Child]
    init(id: String, name: String, usage: Usage, maxRepeat: Int, children: [Child]) {
        self.id = id; self.name = name; self.usage = usage; self.maxRepeat = maxRepeat; self.children = children
    }

    /// The segment that starts each repetition of the loop.
    public var trigger: SegmentNode? {
        if case .segment(let s)? = children.first { return s }
        return nil
    }
}

/// An implementation guide: which transaction set and version it covers, and its loop tree. A class: the walker
/// holds it for every segment, and a reference costs less than copying its strings and sets.
public final class ImplementationGuide: Sendable {
    /// ST01, e.g. "837".
    public let transactionSet: String
    /// GS08 / ST03, e.g. "005010X222A1".
    public let version: String
    /// Other version strings senders use for the same guide (e.g. "005010X231" for "005010X231A1").
    public let alsoKnownAs: Set<String>
    public let name: String
    public let root: LoopNode
    /// Every segment id the guide uses anywhere, to tell an unknown segment from one out of place.
    public let segmentIDs: Set<String>
    let segmentCodes: Set<UInt32>
    let table: WalkTable

    public init(transactionSet: String, version: String, alsoKnownAs: Set<String> = [], name: String, root: LoopNode, segmentIDs: Set<String>) {
        self.transactionSet = transactionSet; self.version = version; self.alsoKnownAs = alsoKnownAs; self.name = name
        self.root = root; self.segmentIDs = segmentIDs
        segmentCodes = Set(segmentIDs.map { Segment.pack($0) })
        table = WalkTable(root: root)
    }
}

/// Unbounded repeat (">1" in the guides).
public let unbounded = Int.max
