/// Validation of transaction sets against implementation guides: the loop structure (which loop each segment opens or
/// belongs to, order, repeats, required segments) and every element (usage, type, length, codes, relational
/// conditions). Findings carry their exact place and the 999 code that reports them.

/// One problem found, with its place and its acknowledgment code.
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public enum Level: String, Sendable {
        /// TA1 note code.
        case interchange
        /// AK905 code.
        case group
        /// IK502 code.
        case transaction
        /// IK304 code: the segment itself (unexpected, missing, repeated too often).
        case segment
        /// IK403 code: an element of the segment.
        case element
    }
    public var level: Level
    public var code: String
    public var message: String
    /// 1-based segment number in the file (for a missing segment: the segment where it was found missing).
    public var segmentIndex: Int
    public var segmentID: String
    public var line: Int
    /// 1-based position in the transaction set, ST being 1 (IK302).
    public var positionInTransaction: Int?
    /// Loop id of the implementation guide (IK303), e.g. "2010AA".
    public var loop: String?
    public var element: Int?
    public var component: Int?
    public var repetition: Int?
    /// Data element reference number (IK402), e.g. "98".
    public var elementReference: String?
    /// The bad value, as found (IK404).
    public var value: String?
    /// For the implementation-guide rules beyond syntax (balancing, NPI check digit): which rule. Nil for syntax.
    public var rule: String? = nil

    public init(level: Level, code: String, message: String, segmentIndex: Int, segmentID: String, line: Int, positionInTransaction: Int? = nil,
                loop: String? = nil, element: Int? = nil, component: Int? = nil, repetition: Int? = nil, elementReference: String? = nil,
                value: String? = nil, rule: String? = nil) {
        self.level = level; self.code = code; self.message = message; self.segmentIndex = segmentIndex; self.segmentID = segmentID
        self.line = line; self.positionInTransaction = positionInTransaction; self.loop = loop; self.element = element
        self.component = component; self.repetition = repetition; self.elementReference = elementReference; self.value = value
        self.rule = rule
    }

    public var description: String {
        var place = segmentIndex > 0 ? "line \(line), segment \(segmentIndex) \(segmentID)" : "line \(line)"
        if let element {
            place += String(element < 10 ? "0\(element)" : "\(element)")
            if let component { place += "-\(component)" }
        }
        if let loop, !loop.isEmpty { place += " (loop \(loop))" }
        return "\(place): \(message)"
    }
}

/// Walks the segments of one transaction set (ST to SE) through a guide's loop tree.
public struct TransactionWalker: Sendable {
    /// Where a segment was placed: the innermost loop it is in, how deep that loop is (0 outside any loop), and
    /// whether the segment opened a new repetition of it.
    public struct Placement: Sendable {
        public var loop: LoopNode?
        public var depth: Int
        public var node: SegmentNode?
        public var opensLoop: Bool
    }

    private var placementLoop: LoopNode? { stack.count > 1 ? stack[stack.count - 1].loop : nil }

    private struct Frame {
        let loop: LoopNode
        /// The child last matched (-1: none yet) and the start of its group.
        var index: Int
        var group: Int
        var counts: [Int]
    }

    public let guide: ImplementationGuide
    let delimiters: Delimiters
    private var stack: [Frame]
    private var position = 0
    private var hierarchicalIDs: Set<String> = []
    private var hierarchicalCount = 0
    public private(set) var findings: [Finding] = []
    /// Where the last segment stood, to place what is found missing at the end.
    private var last: (code: UInt32, index: Int, line: Int, offset: Int)?

    public init(guide: ImplementationGuide, delimiters: Delimiters) {
        self.guide = guide
        self.delimiters = delimiters
        stack = [Frame(loop: guide.root, index: -1, group: -1, counts: Array(repeating: 0, count: guide.root.children.count))]
    }

    public var currentLoop: String { stack.last.map { $0.loop.id } ?? "" }

    /// Places the segment in the guide and checks its elements.
    @discardableResult
    public mutating func consume(_ s: Segment) -> Placement {
        position += 1
        last = (s.code, s.index, s.line, s.offset)
        for flaw in s.flaws {
            add(flaw.element == nil ? .segment : .element, flaw.code, flaw.message, s, element: flaw.element)
        }
        for depth in stride(from: stack.count - 1, through: 0, by: -1) {
            guard let (i, group) = match(s, depth: depth) else { continue }
            while stack.count > depth + 1 { close(stack.removeLast(), at: s) }
            if group > stack[depth].group { reportSkipped(in: depth, upTo: i, at: s) }
            stack[depth].group = group
            stack[depth].index = i
            stack[depth].counts[i] += 1
            let count = stack[depth].counts[i]
            let parent = stack[depth].loop
            if let loop = parent.childLoops[i] {
                var frame = Frame(loop: loop, index: 0, group: 0, counts: Array(repeating: 0, count: loop.children.count))
                frame.counts[0] = 1
                stack.append(frame)
                if count > loop.maxRepeat {
                    add(.segment, "4", "loop \(loop.id) (\(loop.name)) repeats \(count) times; at most \(loop.maxRepeat) allowed", s)
                }
                if let trigger = loop.trigger { checkElements(s, trigger) }
                return Placement(loop: loop, depth: stack.count - 1, node: loop.trigger, opensLoop: true)
            }
            guard let node = parent.firstSegments[i] else { continue }
            if count > node.maxUse {
                add(.segment, "5", "\(s.id) appears \(count) times here; at most \(node.maxUse) allowed", s)
            }
            checkElements(s, node)
            return Placement(loop: placementLoop, depth: stack.count - 1, node: node, opensLoop: false)
        }
        if !s.hasValidID {
            // Already reported as a flaw of its form.
        } else if guide.segmentCodes.contains(s.code) {
            add(.segment, "2", "\(describe(s)) is not expected here (in loop \(currentLoop.isEmpty ? "header" : currentLoop)); it is out of order or its qualifier is not one this place allows", s)
        } else {
            add(.segment, "1", "segment \(s.id) is not part of the \(guide.transactionSet) transaction (\(guide.version))", s)
        }
        return Placement(loop: placementLoop, depth: stack.count - 1, node: nil, opensLoop: false)
    }

    /// Call after SE (or at the end of the data): required segments and loops never seen are reported.
    public mutating func finish() {
        guard let last else { return }
        let s = Segment(id: Segment.unpack(last.code), elements: [], index: last.index, line: last.line, offset: last.offset)
        while stack.count > 1 { close(stack.removeLast(), at: s) }
        reportSkipped(in: 0, upTo: stack[0].loop.children.count, at: s)
    }

    // MARK: structure

    /// Index of the child of `frame` that `s` is, searching from the current group onwards. A loop's own trigger is
    /// not searched inside the loop: seeing it again starts a new repetition, found one level up.
    /// Index of the child `s` is and the start of that child's group.
    private func match(_ s: Segment, depth: Int) -> (Int, Int)? {
        let loop = stack[depth].loop
        var i = max(stack[depth].group, 0)
        if loop !== guide.root { i = max(i, 1) }
        let codes = loop.firstCodes
        while i < codes.count {
            if codes[i] == s.code, let node = loop.firstSegments[i], node.matches(s, componentSeparator: delimiters.component) {
                return (i, loop.groupStart[i])
            }
            i += 1
        }
        return nil
    }

    /// Required children passed over while moving from the current child to child `target`.
    private mutating func reportSkipped(in depth: Int, upTo target: Int, at s: Segment) {
        let loop = stack[depth].loop, index = stack[depth].index
        let from = index < 0 ? 0 : loop.groupStart[index]
        let to = target < loop.children.count ? loop.groupStart[target] : loop.children.count
        guard from < to else { return }
        for j in from..<to where loop.requiredChildren[j] && stack[depth].counts[j] == 0 {
            switch loop.children[j] {
            case .segment(let node) where node.usage == .required:
                add(.segment, "3", "required segment \(describe(node)) is missing\(loop.id.isEmpty ? "" : " in loop \(loop.id)")", s, missing: node.id, loop: loop.id)
            case .loop(let child) where child.usage == .required:
                add(.segment, "3", "required loop \(child.id) (\(child.name)) is missing", s, missing: child.trigger?.id ?? s.id, loop: child.id)
            default: break
            }
        }
    }

    private mutating func close(_ frame: Frame, at s: Segment) {
        stack.append(frame)
        reportSkipped(in: stack.count - 1, upTo: frame.loop.children.count, at: s)
        stack.removeLast()
    }

    private func describe(_ node: SegmentNode) -> String {
        guard let key = node.keys.first else { return node.id }
        let codes = key.values.values.sorted().joined(separator: "/")
        return "\(node.id)*\(codes)"
    }

    private func describe(_ s: Segment) -> String {
        s.elementCount == 0 ? s.id : "\(s.id)*\(s[1])"
    }

    // MARK: elements

    private static let hierarchicalLevel = Segment.pack("HL")

    private mutating func checkElements(_ s: Segment, _ node: SegmentNode) {
        let checks = node.checks
        if s.elementCount > checks.count {
            add(.element, "3", "\(s.id) has \(s.elementCount) elements; the standard defines \(checks.count)", s, element: checks.count + 1)
        }
        s.storage.bytes.withUnsafeBufferPointer { buffer in
            for offset in 0..<checks.count {
                let p = offset + 1
                let range = s.range(p)
                let check = checks[offset]
                if range.isEmpty {
                    if check.usage == .required {
                        let definition = node.definition.elements[offset]
                        add(.element, "1", "required element \(name(s.id, p)) (\(definition.name)) is missing", s, element: p, reference: definition.reference)
                    }
                    continue
                }
                guard check.usage != .notUsed else {
                    let definition = node.definition.elements[offset]
                    add(.element, "I10", "\(name(s.id, p)) (\(definition.name)) is not used in this guide, but has '\(s[p])'", s, element: p, reference: definition.reference, value: s[p])
                    continue
                }
                let value = UnsafeBufferPointer(rebasing: buffer[range])
                if check.maxRepeat > 1, let separator = delimiters.repetition, value.contains(separator) {
                    var repetition = 0, start = 0
                    for i in 0...value.count where i == value.count || value[i] == separator {
                        repetition += 1
                        checkValue(UnsafeBufferPointer(rebasing: value[start..<i]), check, node, s, p, repetition: repetition)
                        start = i + 1
                    }
                    if repetition > Int(check.maxRepeat) {
                        add(.element, "12", "\(name(s.id, p)) repeats \(repetition) times; at most \(check.maxRepeat) allowed", s, element: p, reference: node.definition.elements[offset].reference)
                    }
                } else {
                    checkValue(value, check, node, s, p, repetition: nil)
                }
            }
        }
        for rule in node.definition.rules {
            if let p = rule.violation(present: { s.has($0) }) {
                let isExclusion = rule.kind == .exclusion
                let definitions = node.definition.elements
                add(.element, isExclusion ? "10" : "2",
                    isExclusion ? "\(name(s.id, p)) must not be given together with the others of \(rule) (\(rule.positions.map { name(s.id, $0) }.joined(separator: ", ")))"
                                : "\(name(s.id, p)) is required by the relational condition \(rule) (\(rule.positions.map { name(s.id, $0) }.joined(separator: ", ")))",
                    s, element: p, reference: p <= definitions.count ? definitions[p - 1].reference : nil)
            }
        }
        checkPeriod(s, node)
        if s.code == Self.hierarchicalLevel { checkHierarchy(s) }
    }

    private mutating func checkValue(_ value: UnsafeBufferPointer<UInt8>, _ check: ElementCheck, _ node: SegmentNode, _ s: Segment, _ p: Int, repetition: Int?) {
        if check.isComposite {
            checkComposite(value, check, node, s, p, repetition)
        } else if let problem = ElementSyntax.check(value, check, codes: check.codes >= 0 ? node.codeLists[Int(check.codes)] : nil) {
            let definition = node.definition.elements[p - 1]
            add(.element, problem.code, "\(name(s.id, p)) (\(definition.name)): \(problem.message)", s, element: p, repetition: repetition,
                reference: definition.reference, value: String(decoding: value, as: UTF8.self))
        }
    }

    private mutating func checkComposite(_ value: UnsafeBufferPointer<UInt8>, _ check: ElementCheck, _ node: SegmentNode, _ s: Segment, _ p: Int, _ repetition: Int?) {
        let count = Int(check.componentCount), first = Int(check.firstComponent)
        let checks = node.componentChecks
        func component(_ c: Int) -> DataElement? {
            if case .composite(let composite) = node.definition.elements[p - 1].content, c <= composite.components.count { return composite.components[c - 1] }
            return nil
        }
        var present: UInt64 = 0
        var c = 0, start = 0
        for i in 0...value.count where i == value.count || value[i] == delimiters.component {
            c += 1
            defer { start = i + 1 }
            if c > count {
                add(.element, "13", "\(name(s.id, p)) has more than \(count) components", s, element: p, repetition: repetition,
                    reference: node.definition.elements[p - 1].reference)
                break
            }
            let part = UnsafeBufferPointer(rebasing: value[start..<i])
            let componentCheck = checks[first + c - 1]
            if part.isEmpty {
                if componentCheck.usage == .required {
                    add(.element, "1", "required component \(name(s.id, p))-\(c) (\(component(c)?.name ?? "")) is missing", s, element: p, component: c,
                        repetition: repetition, reference: component(c)?.number)
                }
                continue
            }
            if c < 64 { present |= 1 << UInt64(c) }
            if componentCheck.usage == .notUsed {
                let text = String(decoding: part, as: UTF8.self)
                add(.element, "I10", "\(name(s.id, p))-\(c) (\(component(c)?.name ?? "")) is not used in this guide, but has '\(text)'", s, element: p, component: c,
                    repetition: repetition, reference: component(c)?.number, value: text)
            } else if let problem = ElementSyntax.check(part, componentCheck, codes: componentCheck.codes >= 0 ? node.codeLists[Int(componentCheck.codes)] : nil) {
                add(.element, problem.code, "\(name(s.id, p))-\(c) (\(component(c)?.name ?? "")): \(problem.message)", s, element: p, component: c,
                    repetition: repetition, reference: component(c)?.number, value: String(decoding: part, as: UTF8.self))
            }
        }
        // Components after the last one given are absent; a required one among them is missing.
        if c < count {
            for k in (c + 1)...count where checks[first + k - 1].usage == .required {
                add(.element, "1", "required component \(name(s.id, p))-\(k) (\(component(k)?.name ?? "")) is missing", s, element: p, component: k,
                    repetition: repetition, reference: component(k)?.number)
            }
        }
        if case .composite(let composite) = node.definition.elements[p - 1].content, !composite.rules.isEmpty {
            for rule in composite.rules {
                if let k = rule.violation(present: { $0 < 64 && present & (1 << UInt64($0)) != 0 }) {
                    add(.element, rule.kind == .exclusion ? "10" : "2", "\(name(s.id, p))-\(k) breaks the relational condition \(rule) of \(composite.id)", s,
                        element: p, component: k, repetition: repetition, reference: composite.id)
                }
            }
        }
    }

    /// A date-time period (element 1251) must have the format its qualifier (the element 1250 just before it) names.
    private mutating func checkPeriod(_ s: Segment, _ node: SegmentNode) {
        guard let p = node.definition.periodPosition, s.has(p), s.has(p - 1),
              let problem = ElementSyntax.checkPeriod(s.bytes(p), format: s.bytes(p - 1)) else { return }
        add(.element, problem.code, "\(name(s.id, p)) (\(node.definition.elements[p - 1].name)): \(problem.message)", s, element: p, reference: "1251", value: s[p])
    }

    /// HL01 counts the HL segments of the transaction set from 1; HL02 names an HL01 seen before.
    private mutating func checkHierarchy(_ s: Segment) {
        let id = s[1], parent = s[2]
        hierarchicalIDs.insert(id)
        if !id.isEmpty, id != String(hierarchicalCount + 1) {
            add(.element, "I12", "HL01 is '\(id)' but this is HL number \(hierarchicalCount + 1) of the transaction set; HL01 starts at 1 and goes up by one", s, element: 1, reference: "628", value: id)
        }
        hierarchicalCount += 1
        if !parent.isEmpty, !hierarchicalIDs.contains(parent) || parent == id {
            add(.element, "I12", "HL02 '\(parent)' does not name an earlier HL01 (the parent must come first)", s, element: 2, reference: "734", value: parent)
        }
    }

    private func name(_ segment: String, _ p: Int) -> String { p < 10 ? "\(segment)0\(p)" : "\(segment)\(p)" }

    private mutating func add(_ level: Finding.Level, _ code: String, _ message: String, _ s: Segment, missing: String? = nil, loop: String? = nil,
                              element: Int? = nil, component: Int? = nil, repetition: Int? = nil, reference: String? = nil, value: String? = nil) {
        findings.append(Finding(level: level, code: code, message: message, segmentIndex: s.index, segmentID: missing ?? s.id, line: s.line,
                                positionInTransaction: position, loop: loop ?? currentLoop, element: element, component: component,
                                repetition: repetition, elementReference: reference, value: value))
    }
}
