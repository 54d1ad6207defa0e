/// The text form of the X12 dictionary and of implementation guides. One line per fact, `#` starts a comment,
/// indentation is only for the reader.
///
/// Dictionary:
///
///     ELEMENT 98 ID 2/3 Entity Identifier Code          data element: number, type (AN ID DT TM R B N0..N9), min/max
///     COMP C003 Composite Medical Procedure Identifier  composite, followed by its components in order:
///       01 235                                           position and data element number
///       RULE P0304                                       relational conditions (P R E C L, two-digit positions)
///     SEG NM1 Individual or Organizational Name         segment, followed by its elements in order:
///       01 98                                            a data element ...
///       05 C003                                          ... or a composite
///       03 1271 x99                                      an element that may repeat up to 99 times
///       RULE P0809
///     CODES state AL,AK,AZ                             a named code list (several lines add up), used as =@state
///
/// Guide (uses a dictionary):
///
///     GUIDE 837 005010X222A1 Health Care Claim: Professional   (versions: several may be given, comma-separated)
///     SEG ST R 1                  segment id, usage (R S N), maximum use (a number or >1)
///       01 R =837                 element position, usage, allowed codes (optional, comma-separated)
///       03 R len 1/35             a narrower length than the dictionary's (optional)
///       03 R =@state digits       a named code list of the dictionary; digits only (optional)
///     LOOP 1000A R 1 Submitter Name      loop id, usage, maximum repeat, name; its first segment starts it
///       SEG NM1 R 1 @01=41               @element=codes (or @element-component=codes) tell same-id segments apart
///         01 R =41
///         09-2 S                         a component of a composite element
///     END
///
/// Elements and components a guide does not list are not used: a value there is an error.

public struct GuideTextError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var message: String
    public var description: String { "\(source) line \(line): \(message)" }
}

/// The X12 dictionary: data elements, composites and segments by id.
public struct X12Dictionary: Sendable {
    public private(set) var elements: [String: DataElement] = [:]
    public private(set) var composites: [String: CompositeDefinition] = [:]
    public private(set) var segments: [String: SegmentDefinition] = [:]
    public private(set) var codeLists: [String: Set<String>] = [:]

    public init() {}

    /// Reads dictionary text; several texts may be merged by calling this repeatedly.
    public mutating func read(_ text: String, source: String) throws(GuideTextError) {
        struct CompositeDraft { var id: String; var name: String; var components: [DataElement] = []; var rules: [SyntaxRule] = [] }
        enum Open { case none, composite(CompositeDraft), segment(SegmentDefinition) }
        var open = Open.none
        func close() {
            switch open {
            case .composite(let c): composites[c.id] = CompositeDefinition(id: c.id, name: c.name, components: c.components, rules: c.rules)
            case .segment(let s): segments[s.id] = s
            case .none: break
            }
            open = .none
        }
        for (number, words, rest) in GuideLines(text) {
            func fail(_ message: String) -> GuideTextError { GuideTextError(source: source, line: number, message: message) }
            switch words[0] {
            case "ELEMENT":
                close()
                guard words.count >= 3, let type = ElementType(words[2]), let (lo, hi) = lengths(words.count > 3 ? words[3] : "") else {
                    throw fail("expected ELEMENT <number> <type> <min>/<max> <name>")
                }
                let name = words.count > 4 ? rest(4) : ""
                elements[String(words[1])] = DataElement(number: String(words[1]), type: type, minLength: lo, maxLength: hi, name: name)
            case "CODES":
                close()
                guard words.count >= 3 else { throw fail("expected CODES <name> <code,code,...>") }
                codeLists[String(words[1]), default: []].formUnion(words[2...].flatMap { $0.split(separator: ",").map(String.init) })
            case "COMP":
                close()
                guard words.count >= 2 else { throw fail("expected COMP <id> <name>") }
                open = .composite(CompositeDraft(id: String(words[1]), name: words.count > 2 ? rest(2) : ""))
            case "SEG":
                close()
                guard words.count >= 2 else { throw fail("expected SEG <id> <name>") }
                open = .segment(SegmentDefinition(id: String(words[1]), name: words.count > 2 ? rest(2) : "", elements: [], rules: []))
            case "RULE":
                guard words.count == 2, let rule = syntaxRule(words[1]) else { throw fail("expected RULE <P|R|E|C|L><positions>, e.g. P0809") }
                switch open {
                case .composite(var c): c.rules.append(rule); open = .composite(c)
                case .segment(var s): s.rules.append(rule); open = .segment(s)
                case .none: throw fail("RULE outside a COMP or SEG")
                }
            default:
                guard let position = Int(words[0]), words.count >= 2 else { throw fail("expected <position> <element or composite>") }
                let ref = String(words[1])
                var repeats = 1
                if words.count > 2, words[2].first == "x" {
                    guard let n = Int(words[2].dropFirst()) else { throw fail("expected x<repeat count>") }
                    repeats = n
                }
                switch open {
                case .composite(var c):
                    guard position == c.components.count + 1 else { throw fail("component \(position) out of order") }
                    guard let e = elements[ref] else { throw fail("unknown data element \(ref)") }
                    c.components.append(e); open = .composite(c)
                case .segment(var s):
                    guard position == s.elements.count + 1 else { throw fail("element \(position) out of order") }
                    if let e = elements[ref] {
                        s.elements.append(ElementDefinition(content: .simple(e), maxRepeat: repeats))
                    } else if let c = composites[ref] {
                        s.elements.append(ElementDefinition(content: .composite(c), maxRepeat: repeats))
                    } else {
                        throw fail("unknown data element or composite \(ref) (define it above)")
                    }
                    open = .segment(s)
                case .none: throw fail("an element line outside a COMP or SEG")
                }
            }
        }
        close()
    }

    /// Compiles an implementation guide written against this dictionary.
    public func guide(_ text: String, source: String) throws(GuideTextError) -> ImplementationGuide {
        struct Frame { var id: String; var name: String; var usage: Usage; var repeats: Int; var children: [LoopNode.Child] = []; var line: Int }
        struct OpenSegment {
            var id: String; var usage: Usage; var maxUse: Int; var keys: [SegmentKey]; var definition: SegmentDefinition
            var elements: [ElementRule?]; var components: [Int: [ElementRule?]]
        }
        var header: (String, String, String)?
        var stack: [Frame] = []
        var segment: OpenSegment?
        var ids: Set<String> = []

        func closeSegment() {
            guard let s = segment else { return }
            stack[stack.count - 1].children.append(.segment(SegmentNode(id: s.id, usage: s.usage, maxUse: s.maxUse, keys: s.keys,
                                                                         definition: s.definition, elements: s.elements, components: s.components)))
            segment = nil
        }
        for (number, words, rest) in GuideLines(text) {
            func fail(_ message: String) -> GuideTextError { GuideTextError(source: source, line: number, message: message) }
            switch words[0] {
            case "GUIDE":
                guard header == nil, words.count >= 3 else { throw fail("expected one GUIDE <transaction set> <version> <name>") }
                header = (String(words[1]), String(words[2]), words.count > 3 ? rest(3) : "")
                stack = [Frame(id: "", name: header!.2, usage: .required, repeats: 1, line: number)]
            case "LOOP":
                guard !stack.isEmpty else { throw fail("LOOP before GUIDE") }
                closeSegment()
                guard words.count >= 4, let usage = usage(words[2]), let repeats = count(words[3]) else {
                    throw fail("expected LOOP <id> <usage R|S|N> <repeat> <name>")
                }
                stack.append(Frame(id: String(words[1]), name: words.count > 4 ? rest(4) : "", usage: usage, repeats: repeats, line: number))
            case "END":
                closeSegment()
                guard stack.count > 1 else { throw fail("END without an open LOOP") }
                let loop = stack.removeLast()
                guard case .segment? = loop.children.first else { throw fail("loop \(loop.id) must start with a segment") }
                stack[stack.count - 1].children.append(.loop(LoopNode(id: loop.id, name: loop.name, usage: loop.usage, maxRepeat: loop.repeats, children: loop.children)))
            case "SEG":
                guard !stack.isEmpty else { throw fail("SEG before GUIDE") }
                closeSegment()
                guard words.count >= 4, let usage = usage(words[2]), let maxUse = count(words[3]) else {
                    throw fail("expected SEG <id> <usage R|S|N> <maximum use> [@element=codes ...]")
                }
                guard let definition = segments[String(words[1])] else { throw fail("segment \(words[1]) is not in the dictionary") }
                var keys: [SegmentKey] = []
                for word in words.dropFirst(4) {
                    guard word.first == "@", let eq = word.firstIndex(of: "="), let (e, c) = place(word[word.index(after: word.startIndex)..<eq]) else {
                        throw fail("expected @<element>=<codes> or @<element>-<component>=<codes>, found \(word)")
                    }
                    keys.append(SegmentKey(element: e, component: c, values: CodeList(Set(word[word.index(after: eq)...].split(separator: ",").map(String.init)))))
                }
                ids.insert(definition.id)
                segment = OpenSegment(id: definition.id, usage: usage, maxUse: maxUse, keys: keys, definition: definition,
                                      elements: Array(repeating: nil, count: definition.elements.count), components: [:])
            default:
                guard var s = segment else { throw fail("an element line outside a SEG") }
                guard let (position, component) = place(words[0]), let usage = words.count > 1 ? usage(words[1]) : nil else {
                    throw fail("expected <position>[-<component>] <usage R|S|N> [=codes] [len min/max]")
                }
                guard position >= 1, position <= s.definition.elements.count else {
                    throw fail("\(s.id) has \(s.definition.elements.count) elements; there is no element \(position)")
                }
                var codes: Set<String>?, minLength: Int?, maxLength: Int?, digitsOnly = false
                var i = 2
                while i < words.count {
                    if words[i].hasPrefix("=@") {
                        guard let list = codeLists[String(words[i].dropFirst(2))] else { throw fail("no code list \(words[i].dropFirst(2)) in the dictionary") }
                        codes = list
                    } else if words[i].first == "=" {
                        codes = Set(words[i].dropFirst().split(separator: ",").map(String.init))
                    } else if words[i] == "digits" {
                        digitsOnly = true
                    } else if words[i] == "len", i + 1 < words.count, let (lo, hi) = lengths(words[i + 1]) {
                        minLength = lo; maxLength = hi; i += 1
                    } else {
                        throw fail("unexpected '\(words[i])': expected =codes, =@list, len min/max or digits")
                    }
                    i += 1
                }
                let rule = ElementRule(usage: usage, codes: codes, minLength: minLength, maxLength: maxLength, digitsOnly: digitsOnly)
                let definition = s.definition.elements[position - 1]
                if let component {
                    guard case .composite(let c) = definition.content, component >= 1, component <= c.components.count else {
                        throw fail("\(s.id)\(position) has no component \(component)")
                    }
                    var list = s.components[position] ?? Array(repeating: nil, count: c.components.count)
                    list[component - 1] = rule
                    s.components[position] = list
                } else {
                    s.elements[position - 1] = rule
                }
                segment = s
            }
        }
        closeSegment()
        guard let header else { throw GuideTextError(source: source, line: 1, message: "no GUIDE line") }
        guard stack.count == 1 else { throw GuideTextError(source: source, line: stack.last!.line, message: "LOOP \(stack.last!.id) has no END") }
        let root = LoopNode(id: "", name: header.2, usage: .required, maxRepeat: 1, children: stack[0].children)
        let versions = header.1.split(separator: ",").map(String.init)
        return ImplementationGuide(transactionSet: header.0, version: versions[0], alsoKnownAs: Set(versions.dropFirst()), name: header.2, root: root, segmentIDs: ids)
    }

    private func usage(_ word: Substring) -> Usage? { word.count == 1 ? Usage(rawValue: word.first!) : nil }
    private func count(_ word: Substring) -> Int? { word == ">1" ? unbounded : Int(word).flatMap { $0 >= 1 ? $0 : nil } }
    private func lengths(_ word: Substring) -> (Int, Int)? {
        let parts = word.split(separator: "/")
        guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), lo >= 0, hi >= max(lo, 1) else { return nil }
        return (lo, hi)
    }
    private func place(_ word: Substring) -> (Int, Int?)? {
        let parts = word.split(separator: "-")
        guard let e = Int(parts[0]) else { return nil }
        if parts.count == 1 { return (e, nil) }
        guard parts.count == 2, let c = Int(parts[1]) else { return nil }
        return (e, c)
    }
    private func syntaxRule(_ word: Substring) -> SyntaxRule? {
        guard let k = word.first, let kind = SyntaxRule.Kind(rawValue: k) else { return nil }
        let digits = Array(word.dropFirst())
        guard digits.count >= 4, digits.count % 2 == 0 else { return nil }
        var positions: [Int] = []
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let p = Int(String(digits[i...i + 1])) else { return nil }
            positions.append(p)
        }
        return SyntaxRule(kind: kind, positions: positions)
    }
}

/// Non-empty, non-comment lines split into words, with a way to get the rest of the line from word n on.
private struct GuideLines: Sequence {
    let text: String
    init(_ text: String) { self.text = text }

    func makeIterator() -> AnyIterator<(Int, [Substring], (Int) -> String)> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        var number = 0
        return AnyIterator {
            while let raw = lines.next() {
                number += 1
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
                if words.isEmpty { continue }
                let rest: (Int) -> String = { n in words.dropFirst(n).joined(separator: " ") }
                return (number, words, rest)
            }
            return nil
        }
    }
}
