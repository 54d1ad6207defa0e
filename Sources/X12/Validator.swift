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

    public var description: String {
        var place = "line \(line), segment \(segmentIndex) \(segmentID)"
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
        var index: Int
        var counts: [Int]
    }

    public let guide: ImplementationGuide
    let delimiters: Delimiters
    private var stack: [Frame]
    private var position = 0
    private var hierarchicalIDs: Set<String> = []
    private var hierarchicalCount = 0
    public private(set) var findings: [Finding] = []
    private var last: Segment?

    public init(guide: ImplementationGuide, delimiters: Delimiters) {
        self.guide = guide
        self.delimiters = delimiters
        stack = [Frame(loop: guide.root, index: -1, counts: Array(repeating: 0, count: guide.root.children.count))]
    }

    public var currentLoop: String { stack.last.map { $0.loop.id } ?? "" }

    /// Places the segment in the guide and checks its elements.
    @discardableResult
    public mutating func consume(_ s: Segment) -> Placement {
        position += 1
        last = s
        for flaw in s.flaws {
            add(flaw.element == nil ? .segment : .element, flaw.code, flaw.message, s, element: flaw.element)
        }
        for depth in stride(from: stack.count - 1, through: 0, by: -1) {
            guard let i = match(s, in: stack[depth]) else { continue }
            while stack.count > depth + 1 { close(stack.removeLast(), at: s) }
            reportSkipped(in: depth, upTo: i, at: s)
            stack[depth].index = i
            stack[depth].counts[i] += 1
            let count = stack[depth].counts[i]
            switch stack[depth].loop.children[i] {
            case .segment(let node):
                if count > node.maxUse {
                    add(.segment, "5", "\(s.id) appears \(count) times here; at most \(node.maxUse) allowed", s)
                }
                checkElements(s, node)
                return Placement(loop: placementLoop, depth: stack.count - 1, node: node, opensLoop: false)
            case .loop(let loop):
                var frame = Frame(loop: loop, index: 0, counts: Array(repeating: 0, count: loop.children.count))
                frame.counts[0] = 1
                stack.append(frame)
                if count > loop.maxRepeat {
                    add(.segment, "4", "loop \(loop.id) (\(loop.name)) repeats \(count) times; at most \(loop.maxRepeat) allowed", s)
                }
                if let trigger = loop.trigger { checkElements(s, trigger) }
                return Placement(loop: loop, depth: stack.count - 1, node: loop.trigger, opensLoop: true)
            }
        }
        if !s.hasValidID {
            // Already reported as a flaw of its form.
        } else if guide.segmentIDs.contains(s.id) {
            add(.segment, "2", "\(describe(s)) is not expected here (in loop \(currentLoop.isEmpty ? "header" : currentLoop)); it is out of order or its qualifier is not one this place allows", s)
        } else {
            add(.segment, "1", "segment \(s.id) is not part of the \(guide.transactionSet) transaction (\(guide.version))", s)
        }
        return Placement(loop: placementLoop, depth: stack.count - 1, node: nil, opensLoop: false)
    }

    /// Call after SE (or at the end of the data): required segments and loops never seen are reported.
    public mutating func finish() {
        guard let s = last else { return }
        while stack.count > 1 { close(stack.removeLast(), at: s) }
        reportSkipped(in: 0, upTo: stack[0].loop.children.count, at: s)
    }

    // MARK: structure

    private func firstSegment(_ child: LoopNode.Child) -> SegmentNode? {
        switch child {
        case .segment(let node): node
        case .loop(let loop): loop.trigger
        }
    }

    /// Index of the child of `frame` that `s` is, searching from the current group onwards. A loop's own trigger is
    /// not searched inside the loop: seeing it again starts a new repetition, found one level up.
    private func match(_ s: Segment, in frame: Frame) -> Int? {
        let children = frame.loop.children
        var i = frame.index < 0 ? 0 : frame.loop.groupStart[frame.index]
        if frame.loop !== guide.root { i = max(i, 1) }
        while i < children.count {
            if let node = firstSegment(children[i]), node.matches(s, componentSeparator: delimiters.component) { return i }
            i += 1
        }
        return nil
    }

    /// Required children passed over while moving from the current child to child `target`.
    private mutating func reportSkipped(in depth: Int, upTo target: Int, at s: Segment) {
        let frame = stack[depth]
        let loop = frame.loop
        let from = frame.index < 0 ? 0 : loop.groupStart[frame.index]
        let to = target < loop.children.count ? loop.groupStart[target] : loop.children.count
        guard from < to else { return }
        for j in from..<to where frame.counts[j] == 0 {
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
        let codes = key.values.sorted().joined(separator: "/")
        return "\(node.id)*\(codes)"
    }

    private func describe(_ s: Segment) -> String {
        s.elements.isEmpty ? s.id : "\(s.id)*\(s[1])"
    }

    // MARK: elements

    private mutating func checkElements(_ s: Segment, _ node: SegmentNode) {
        let definitions = node.definition.elements
        if s.elements.count > definitions.count {
            add(.element, "3", "\(s.id) has \(s.elements.count) elements; the standard defines \(definitions.count)", s, element: definitions.count + 1)
        }
        for (offset, definition) in definitions.enumerated() {
            let p = offset + 1
            let value = s[p]
            let rule = node.elements[offset]
            if value.isEmpty {
                if rule?.usage == .required {
                    add(.element, "1", "required element \(name(s.id, p)) (\(definition.name)) is missing", s, element: p, reference: definition.reference)
                }
                continue
            }
            guard let rule, rule.usage != .notUsed else {
                add(.element, "I10", "\(name(s.id, p)) (\(definition.name)) is not used in this guide, but has '\(value)'", s, element: p, reference: definition.reference, value: value)
                continue
            }
            if definition.maxRepeat > 1, let separator = delimiters.repetition, value.utf8.contains(separator) {
                let repetitions = value.split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: false)
                if repetitions.count > definition.maxRepeat {
                    add(.element, "12", "\(name(s.id, p)) repeats \(repetitions.count) times; at most \(definition.maxRepeat) allowed", s, element: p, reference: definition.reference)
                }
                for (r, item) in repetitions.enumerated() { checkValue(String(item), definition, rule, node, s, p, repetition: r + 1) }
            } else {
                checkValue(value, definition, rule, node, s, p, repetition: nil)
            }
        }
        for rule in node.definition.rules {
            if let p = rule.violation(present: { !s[$0].isEmpty }) {
                let isExclusion = rule.kind == .exclusion
                add(.element, isExclusion ? "10" : "2",
                    isExclusion ? "\(name(s.id, p)) must not be given together with the others of \(rule) (\(rule.positions.map { name(s.id, $0) }.joined(separator: ", ")))"
                                : "\(name(s.id, p)) is required by the relational condition \(rule) (\(rule.positions.map { name(s.id, $0) }.joined(separator: ", ")))",
                    s, element: p, reference: p <= definitions.count ? definitions[p - 1].reference : nil)
            }
        }
        checkPeriod(s, node)
        if s.id == "HL" { checkHierarchy(s) }
    }

    private mutating func checkValue(_ value: String, _ definition: ElementDefinition, _ rule: ElementRule, _ node: SegmentNode, _ s: Segment, _ p: Int, repetition: Int?) {
        switch definition.content {
        case .simple(let element):
            if let problem = ElementSyntax.check(value, element, rule) {
                add(.element, problem.code, "\(name(s.id, p)) (\(element.name)): \(problem.message)", s, element: p, repetition: repetition, reference: element.number, value: value)
            }
        case .composite(let composite):
            checkComposite(value, composite, node.components[p] ?? [], s, p, repetition)
        }
    }

    private mutating func checkComposite(_ value: String, _ composite: CompositeDefinition, _ rules: [ElementRule?], _ s: Segment, _ p: Int, _ repetition: Int?) {
        let parts = value.utf8.split(separator: delimiters.component, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if parts.count > composite.components.count {
            add(.element, "13", "\(name(s.id, p)) has \(parts.count) components; \(composite.id) defines \(composite.components.count)", s, element: p, repetition: repetition, reference: composite.id)
        }
        for (offset, element) in composite.components.enumerated() {
            let c = offset + 1
            let part = offset < parts.count ? parts[offset] : ""
            let rule = offset < rules.count ? rules[offset] : nil
            if part.isEmpty {
                if rule?.usage == .required {
                    add(.element, "1", "required component \(name(s.id, p))-\(c) (\(element.name)) is missing", s, element: p, component: c, repetition: repetition, reference: element.number)
                }
                continue
            }
            guard let rule, rule.usage != .notUsed else {
                add(.element, "I10", "\(name(s.id, p))-\(c) (\(element.name)) is not used in this guide, but has '\(part)'", s, element: p, component: c, repetition: repetition, reference: element.number, value: part)
                continue
            }
            if let problem = ElementSyntax.check(part, element, rule) {
                add(.element, problem.code, "\(name(s.id, p))-\(c) (\(element.name)): \(problem.message)", s, element: p, component: c, repetition: repetition, reference: element.number, value: part)
            }
        }
        for rule in composite.rules {
            if let c = rule.violation(present: { $0 <= parts.count && !parts[$0 - 1].isEmpty }) {
                add(.element, rule.kind == .exclusion ? "10" : "2", "\(name(s.id, p))-\(c) breaks the relational condition \(rule) of \(composite.id)", s, element: p, component: c, repetition: repetition, reference: composite.id)
            }
        }
    }

    /// A date-time period (element 1251) must have the format its qualifier (the element 1250 just before it) names.
    private mutating func checkPeriod(_ s: Segment, _ node: SegmentNode) {
        guard let p = node.definition.periodPosition else { return }
        let value = s[p], format = s[p - 1]
        guard !value.isEmpty, !format.isEmpty, let problem = ElementSyntax.checkPeriod(value, format: format) else { return }
        add(.element, problem.code, "\(name(s.id, p)) (\(node.definition.elements[p - 1].name)): \(problem.message)", s, element: p, reference: "1251", value: value)
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
