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

/// A data element of the X12 dictionary, e.g. 98 "Entity Identifier Code", ID 2/3.
public struct DataElement: Sendable {
    public var number: String
    public var type: ElementType
    public var minLength: Int
    public var maxLength: Int
    public var name: String
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
public struct CompositeDefinition: Sendable {
    public var id: String
    public var name: String
    public var components: [DataElement]
    public var rules: [SyntaxRule]
}

/// What stands at one position of a segment: a simple element or a composite, and how often it may repeat.
public struct ElementDefinition: Sendable {
    public enum Content: Sendable {
        case simple(DataElement)
        case composite(CompositeDefinition)
    }
    public var content: Content
    public var maxRepeat: Int

    public var reference: String {
        switch content {
        case .simple(let e): e.number
        case .composite(let c): c.id
        }
    }
    public var name: String {
        switch content {
        case .simple(let e): e.name
        case .composite(let c): c.name
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

/// How the guide narrows one element (or one component) of a segment.
public struct ElementRule: Sendable {
    public var usage: Usage
    /// Allowed values, when the guide lists them.
    public var codes: Set<String>?
    public var minLength: Int?
    public var maxLength: Int?
    /// The guide asks for digits only (e.g. a nine-digit ZIP code in an element the standard types ID).
    public var digitsOnly = false
}

/// A value that tells apart segments with the same id at the same place, e.g. NM1 with NM101 "85" or "87".
public struct SegmentKey: Sendable {
    public var element: Int
    public var component: Int?
    public var values: Set<String>
}

/// One segment at its place in a guide.
public final class SegmentNode: Sendable {
    public let id: String
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
        self.id = id; self.usage = usage; self.maxUse = maxUse; self.keys = keys; self.definition = definition
        self.elements = elements; self.components = components
    }

    /// Whether `segment` is this one: same id and every key value matches.
    public func matches(_ segment: Segment, componentSeparator: UInt8) -> Bool {
        guard segment.id == id else { return false }
        for key in keys {
            var value = segment[key.element]
            if let c = key.component {
                let parts = value.utf8.split(separator: componentSeparator, omittingEmptySubsequences: false)
                value = c <= parts.count ? String(decoding: parts[c - 1], as: UTF8.self) : ""
            }
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
    /// Consecutive children that start with the same segment id stand at one position of the standard and may come
    /// in any order: `groupStart[i]` is the first child of child i's group.
    let groupStart: [Int]

    init(id: String, name: String, usage: Usage, maxRepeat: Int, children: [Child]) {
        self.id = id; self.name = name; self.usage = usage; self.maxRepeat = maxRepeat; self.children = children
        var starts: [Int] = []
        var previous: String?
        for (i, child) in children.enumerated() {
            let first: String? = switch child {
            case .segment(let s): s.id
            case .loop(let l): l.trigger?.id
            }
            starts.append(first != nil && first == previous ? starts[i - 1] : i)
            previous = first
        }
        groupStart = starts
    }

    /// The segment that starts each repetition of the loop.
    public var trigger: SegmentNode? {
        if case .segment(let s)? = children.first { return s }
        return nil
    }
}

/// An implementation guide: which transaction set and version it covers, and its loop tree.
public struct ImplementationGuide: Sendable {
    /// ST01, e.g. "837".
    public var transactionSet: String
    /// GS08 / ST03, e.g. "005010X222A1".
    public var version: String
    /// Other version strings senders use for the same guide (e.g. "005010X231" for "005010X231A1").
    public var alsoKnownAs: Set<String> = []
    public var name: String
    public var root: LoopNode
    /// Every segment id the guide uses anywhere, to tell an unknown segment from one out of place.
    public var segmentIDs: Set<String>
}

/// Unbounded repeat (">1" in the guides).
public let unbounded = Int.max
