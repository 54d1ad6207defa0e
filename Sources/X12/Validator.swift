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
        let table: WalkTable
        let loopIndex: Int32
        let nodeIndex: Int32
        public let depth: Int
        public let opensLoop: Bool

        init(table: WalkTable, _ spot: Spot) {
            self.table = table; loopIndex = spot.loopIndex; nodeIndex = spot.nodeIndex; depth = spot.depth; opensLoop = spot.opensLoop
        }

        public var loop: LoopNode? { loopIndex < 0 ? nil : table.loopNodes[Int(loopIndex)] }
        public var node: SegmentNode? { nodeIndex < 0 ? nil : table.segmentNodes[Int(nodeIndex)] }
    }

    /// A placement without the table: plain values, so that placing a segment counts no reference.
    struct Spot {
        let loopIndex: Int32
        let nodeIndex: Int32
        let depth: Int
        let opensLoop: Bool
    }

    /// One open loop: which loop of the table, the child last matched (-1: none yet) and the start of its group,
    /// and where its children's counts start in `counts`.
    private struct Frame {
        let loop: Int32
        var index: Int32
        var group: Int32
        let countsBase: Int32
    }

    public let guide: ImplementationGuide
    let delimiters: Delimiters
    let table: WalkTable
    /// The table's arrays, copied out so that the hot loop reads them without touching the table's reference count.
    private let a: WalkTable.Arrays
    /// The open loops, innermost last (`frameCount` of them), and how many times each child of each open loop has
    /// been seen.
    private var memory: WalkMemory
    private var frameCount: Int
    /// The counts in use end here: closing a loop only moves this back, and opening one zeroes its children's counts
    /// in place, so that the array is not grown and shrunk once a loop.
    private var countsEnd: Int
    private var position = 0
    /// HL segments seen; while HL01 goes 1, 2, 3... that is all there is to know. The HL01 values are kept as a set
    /// only once they stop doing so.
    private var hierarchicalCount = 0
    private var irregularHierarchicalIDs: Set<String>?
    public private(set) var findings: [Finding] = []
    /// Where the last segment stood, to place what is found missing at the end.
    private var last: (code: UInt32, index: Int, line: Int, offset: Int)?

    public init(guide: ImplementationGuide, delimiters: Delimiters) {
        self.guide = guide
        self.delimiters = delimiters
        let t = guide.table
        table = t
        a = t.arrays
        let rootCount = Int(a.loops[0].childCount)
        memory = WalkMemory(frameCapacity: 16, countCapacity: max(256, rootCount))
        memory.frames[0] = Frame(loop: 0, index: -1, group: -1, countsBase: 0)
        frameCount = 1
        memory.counts.update(repeating: 0, count: rootCount)
        countsEnd = rootCount
    }

    /// The memory of the open loops and of their children's counts, written through pointers: placing a segment
    /// checks one reference (`makeUnique`) where array subscripts checked one for each write. A copied walker shares
    /// it until either places a segment.
    private final class WalkMemory: @unchecked Sendable {
        let frames: UnsafeMutablePointer<Frame>
        let frameCapacity: Int
        let counts: UnsafeMutablePointer<Int>
        let countCapacity: Int

        init(frameCapacity: Int, countCapacity: Int) {
            self.frameCapacity = frameCapacity; self.countCapacity = countCapacity
            frames = .allocate(capacity: frameCapacity)
            counts = .allocate(capacity: countCapacity)
        }

        /// A copy of the first `frameCount` frames and `countCount` counts, with room for at least as many more as asked.
        func copy(frameCount: Int, countCount: Int, frameCapacity: Int, countCapacity: Int) -> WalkMemory {
            let copy = WalkMemory(frameCapacity: max(frameCapacity, self.frameCapacity), countCapacity: max(countCapacity, self.countCapacity))
            copy.frames.update(from: frames, count: frameCount)
            copy.counts.update(from: counts, count: countCount)
            return copy
        }

        deinit { frames.deallocate(); counts.deallocate() }
    }

    @inline(__always) private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&memory) {
            memory = memory.copy(frameCount: frameCount, countCount: countsEnd, frameCapacity: 0, countCapacity: 0)
        }
    }

    private mutating func pushFrame(_ frame: Frame) {
        if frameCount == memory.frameCapacity {
            memory = memory.copy(frameCount: frameCount, countCount: countsEnd, frameCapacity: frameCount * 2, countCapacity: 0)
        }
        memory.frames[frameCount] = frame
        frameCount += 1
    }

    public var currentLoop: String { table.loopNodes[Int(memory.frames[frameCount - 1].loop)].id }

    /// Places the segment in the guide and checks its elements.
    @discardableResult
    public mutating func consume(_ s: Segment) -> Placement {
        Placement(table: table, s.withView { place($0) })
    }

    /// Places the segment in the guide and checks its elements.
    mutating func place(_ s: SegmentView) -> Spot {
        makeUnique()
        position += 1
        last = (s.code, s.index, s.line, s.offset)
        if s.hasFlaws {
            for flaw in s.flaws { add(flaw.element == nil ? .segment : .element, flaw.code, flaw.message, s, element: flaw.element) }
        }
        var depth = frameCount - 1
        while depth >= 0 {
            guard let (i, group) = match(s.code, s, depth: depth) else { depth -= 1; continue }
            while frameCount > depth + 1 { closeInnermost(at: s) }
            if group > memory.frames[depth].group { reportSkipped(in: depth, upTo: i, at: s) }
            memory.frames[depth].group = group
            memory.frames[depth].index = i
            let frame = memory.frames[depth]
            memory.counts[Int(frame.countsBase + i)] += 1
            let count = memory.counts[Int(frame.countsBase + i)]
            let child = a.children[Int(a.loops[Int(frame.loop)].firstChild + i)]
            if child.loop >= 0 {
                let loop = a.loops[Int(child.loop)]
                pushFrame(Frame(loop: child.loop, index: 0, group: 0, countsBase: Int32(countsEnd)))
                openCounts(Int(loop.childCount))
                if count > loop.maxRepeat {
                    let node = table.loopNodes[Int(child.loop)]
                    add(.segment, "4", "loop \(node.id) (\(node.name)) repeats \(count) times; at most \(loop.maxRepeat) allowed", s)
                }
                if loop.trigger >= 0 { checkElements(s, loop.trigger) }
                return Spot(loopIndex: child.loop, nodeIndex: loop.trigger, depth: frameCount - 1, opensLoop: true)
            }
            if count > a.nodes[Int(child.node)].maxUse {
                add(.segment, "5", "\(s.id) appears \(count) times here; at most \(a.nodes[Int(child.node)].maxUse) allowed", s)
            }
            checkElements(s, child.node)
            return Spot(loopIndex: frameCount > 1 ? memory.frames[frameCount - 1].loop : -1, nodeIndex: child.node, depth: frameCount - 1, opensLoop: false)
        }
        if !s.hasValidID {
            // Already reported as a flaw of its form.
        } else if guide.segmentCodes.contains(s.code) {
            add(.segment, "2", "\(describe(s)) is not expected here (in loop \(currentLoop.isEmpty ? "header" : currentLoop)); it is out of order or its qualifier is not one this place allows", s)
        } else {
            add(.segment, "1", "segment \(s.id) is not part of the \(guide.transactionSet) transaction (\(guide.version))", s)
        }
        return Spot(loopIndex: frameCount > 1 ? memory.frames[frameCount - 1].loop : -1, nodeIndex: -1, depth: frameCount - 1, opensLoop: false)
    }

    /// Call after SE (or at the end of the data): required segments and loops never seen are reported.
    public mutating func finish() {
        guard let last else { return }
        makeUnique()
        Segment(id: Segment.unpack(last.code), elements: [], index: last.index, line: last.line, offset: last.offset).withView { s in
            while frameCount > 1 { closeInnermost(at: s) }
            reportSkipped(in: 0, upTo: a.loops[0].childCount, at: s)
        }
    }

    // MARK: structure

    /// Index of the child of the loop open at `depth` that the segment is, searching from the current group
    /// onwards, and the start of that child's group. A loop's own trigger is not searched inside the loop: seeing it
    /// again starts a new repetition, found one level up.
    private func match(_ code: UInt32, _ view: SegmentView, depth: Int) -> (Int32, Int32)? {
        let frame = memory.frames[depth]
        let loop = a.loops[Int(frame.loop)]
        guard loop.codeMask & WalkTable.codeBit(code) != 0 else { return nil }
        var from = max(frame.group, 0)
        if frame.loop != 0 { from = max(from, 1) }
        // Only the children whose id shares the segment's bucket, in order.
        var i = a.buckets[Int(frame.loop) * WalkTable.bucketCount + WalkTable.codeBucket(code)]
        while i < loop.childCount {
            let child = a.children[Int(loop.firstChild + i)]
            if i >= from, child.code == code, matchesKeys(child.node, view) { return (i, child.groupStart) }
            i = child.nextInBucket
        }
        return nil
    }

    private func matchesKeys(_ node: Int32, _ view: SegmentView) -> Bool {
        let entry = a.nodes[Int(node)]
        var k = Int(entry.firstKey)
        let end = k + Int(entry.keyCount)
        while k < end {
            let key = a.keys[k]
            var value = view.field(Int(key.element))
            if key.component > 0 { value = SegmentView.component(Int(key.component), of: value, separator: delimiters.component) }
            if !table.contains(key.list, value) { return false }
            k += 1
        }
        return true
    }

    /// Required children passed over while moving from the current child to child `target`.
    @inline(__always)
    private mutating func reportSkipped(in depth: Int, upTo target: Int32, at s: SegmentView) {
        let frame = memory.frames[depth]
        let loop = a.loops[Int(frame.loop)]
        let from = frame.index < 0 ? 0 : a.children[Int(loop.firstChild + frame.index)].groupStart
        let to = target < loop.childCount ? a.children[Int(loop.firstChild + target)].groupStart : loop.childCount
        let j = from < to ? a.children[Int(loop.firstChild + from)].nextRequired : to
        // Most moves pass over no required child: that much is decided inline.
        if j < to { reportSkipped(frame, loop, from: j, to: to, at: s) }
    }

    private mutating func reportSkipped(_ frame: Frame, _ loop: WalkTable.Loop, from first: Int32, to: Int32, at s: SegmentView) {
        var j = first
        while j < to {
            defer { j = j + 1 < loop.childCount ? a.children[Int(loop.firstChild + j + 1)].nextRequired : loop.childCount }
            guard memory.counts[Int(frame.countsBase + j)] == 0 else { continue }
            let node = table.loopNodes[Int(frame.loop)]
            switch node.children[Int(j)] {
            case .segment(let segment):
                add(.segment, "3", "required segment \(describe(segment)) is missing\(node.id.isEmpty ? "" : " in loop \(node.id)")", s, missing: segment.id, loop: node.id)
            case .loop(let child):
                add(.segment, "3", "required loop \(child.id) (\(child.name)) is missing", s, missing: child.trigger?.id ?? s.id, loop: child.id)
            }
        }
    }

    /// The counts of a loop just opened: its trigger seen once, its other children not yet.
    private mutating func openCounts(_ childCount: Int) {
        let base = countsEnd, n = max(childCount, 1)
        if memory.countCapacity < base + n {
            memory = memory.copy(frameCount: frameCount, countCount: countsEnd, frameCapacity: 0, countCapacity: 2 * (base + n))
        }
        let c = memory.counts
        c[base] = 1
        for k in (base + 1)..<(base + n) { c[k] = 0 }
        countsEnd = base + n
    }

    /// Closes the innermost open loop, reporting the required children it never saw.
    private mutating func closeInnermost(at s: SegmentView) {
        let frame = memory.frames[frameCount - 1]
        reportSkipped(in: frameCount - 1, upTo: a.loops[Int(frame.loop)].childCount, at: s)
        frameCount -= 1
        countsEnd = Int(frame.countsBase)
    }

    private func describe(_ node: SegmentNode) -> String {
        guard let key = node.keys.first else { return node.id }
        let codes = key.values.values.sorted().joined(separator: "/")
        return "\(node.id)*\(codes)"
    }

    private func describe(_ s: SegmentView) -> String {
        s.elementCount == 0 ? s.id : "\(s.id)*\(s[1])"
    }

    // MARK: elements

    private mutating func checkElements(_ s: SegmentView, _ nodeIndex: Int32) {
        let node = a.nodes[Int(nodeIndex)]
        let checkCount = Int(node.checkCount)
        if s.elementCount > checkCount {
            add(.element, "3", "\(s.id) has \(s.elementCount) elements; the standard defines \(checkCount)", s, element: checkCount + 1)
        }
        // Positions after the last one given are empty: of those, only the required ones need a look.
        // Each check is read where it stands: copying one costs more than the fields used.
        let checks = UnsafePointer(a.checks.baseAddress! + Int(node.firstCheck))
        for offset in 0..<max(min(s.elementCount, checkCount), Int(node.lastRequired)) {
            let p = offset + 1
            let value = s.field(p)
            let check = checks + offset
            if value.isEmpty {
                if check.pointee.usage == .required {
                    let definition = definition(nodeIndex, p)
                    add(.element, "1", "required element \(name(s.id, p)) (\(definition.name)) is missing", s, element: p, reference: definition.reference)
                }
                continue
            }
            guard check.pointee.usage != .notUsed else {
                let definition = definition(nodeIndex, p)
                add(.element, "I10", "\(name(s.id, p)) (\(definition.name)) is not used in this guide, but has '\(s[p])'", s, element: p, reference: definition.reference, value: s[p])
                continue
            }
            if check.pointee.maxRepeat > 1, let separator = delimiters.repetition, value.contains(separator) {
                var repetition = 0, start = 0
                for i in 0...value.count where i == value.count || value[i] == separator {
                    repetition += 1
                    checkValue(UnsafeBufferPointer(rebasing: value[start..<i]), check, nodeIndex, s, p, repetition: repetition)
                    start = i + 1
                }
                if repetition > Int(check.pointee.maxRepeat) {
                    add(.element, "12", "\(name(s.id, p)) repeats \(repetition) times; at most \(check.pointee.maxRepeat) allowed", s, element: p, reference: definition(nodeIndex, p).reference)
                }
            } else {
                checkValue(value, check, nodeIndex, s, p, repetition: nil)
            }
        }
        if node.ruleCount > 0, s.elementCount >= Int(node.ruleTrigger) { checkRules(s, nodeIndex) }
        if node.periodPosition > 0 { checkPeriod(s, nodeIndex, Int(node.periodPosition)) }
        if s.code == SegmentCode.hl { checkHierarchy(s) }
    }

    private func definition(_ node: Int32, _ p: Int) -> ElementDefinition { table.segmentNodes[Int(node)].definition.elements[p - 1] }

    /// The syntax check, then the code list: a value is looked up only when its form is right. Static: a
    /// non-mutating method called from the walker's mutating ones is handed a copy of the whole walker.
    private static func problem(_ value: UnsafeBufferPointer<UInt8>, _ check: UnsafePointer<ElementCheck>, _ table: WalkTable) -> ElementSyntax.Problem? {
        let codes = check.pointee.codes
        // A listed value has the bytes of a code, which pass the syntax check when every code does: the answer is the same.
        if check.pointee.codesPassSyntax, table.contains(codes, value) { return nil }
        // The syntax first; `check` words the problem when there is one.
        guard ElementSyntax.passes(value, check) else { return ElementSyntax.check(value, check) }
        if codes >= 0, !table.contains(codes, value) { return ElementSyntax.invalidCode(value, codes: table.codeLists[Int(codes)]) }
        return nil
    }

    private mutating func checkValue(_ value: UnsafeBufferPointer<UInt8>, _ check: UnsafePointer<ElementCheck>, _ node: Int32, _ s: SegmentView, _ p: Int, repetition: Int?) {
        if check.pointee.isComposite {
            checkComposite(value, check, node, s, p, repetition)
        } else if let problem = Self.problem(value, check, table) {
            let definition = definition(node, p)
            add(.element, problem.code, "\(name(s.id, p)) (\(definition.name)): \(problem.message)", s, element: p, repetition: repetition,
                reference: definition.reference, value: String(decoding: value, as: UTF8.self))
        }
    }

    private mutating func checkComposite(_ value: UnsafeBufferPointer<UInt8>, _ check: UnsafePointer<ElementCheck>, _ node: Int32, _ s: SegmentView, _ p: Int, _ repetition: Int?) {
        let count = Int(check.pointee.componentCount), first = Int(check.pointee.firstComponent)
        let lastRequired = Int(check.pointee.lastRequiredComponent)
        let componentChecks = UnsafePointer(a.componentChecks.baseAddress!)
        let separator = delimiters.component
        func component(_ c: Int) -> DataElement? {
            if case .composite(let composite) = definition(node, p).content, c <= composite.components.count { return composite.components[c - 1] }
            return nil
        }
        var present: UInt64 = 0
        var c = 0, start = 0
        for i in 0...value.count where i == value.count || value[i] == separator {
            c += 1
            defer { start = i + 1 }
            if c > count {
                add(.element, "13", "\(name(s.id, p)) has more than \(count) components", s, element: p, repetition: repetition,
                    reference: definition(node, p).reference)
                break
            }
            let part = UnsafeBufferPointer(rebasing: value[start..<i])
            let componentCheck = componentChecks + (first + c - 1)
            if part.isEmpty {
                if componentCheck.pointee.usage == .required {
                    add(.element, "1", "required component \(name(s.id, p))-\(c) (\(component(c)?.name ?? "")) is missing", s, element: p, component: c,
                        repetition: repetition, reference: component(c)?.number)
                }
                continue
            }
            if c < 64 { present |= 1 << UInt64(c) }
            if componentCheck.pointee.usage == .notUsed {
                let text = String(decoding: part, as: UTF8.self)
                add(.element, "I10", "\(name(s.id, p))-\(c) (\(component(c)?.name ?? "")) is not used in this guide, but has '\(text)'", s, element: p, component: c,
                    repetition: repetition, reference: component(c)?.number, value: text)
            } else if let problem = Self.problem(part, componentCheck, table) {
                add(.element, problem.code, "\(name(s.id, p))-\(c) (\(component(c)?.name ?? "")): \(problem.message)", s, element: p, component: c,
                    repetition: repetition, reference: component(c)?.number, value: String(decoding: part, as: UTF8.self))
            }
        }
        // Components after the last one given are absent; a required one among them is missing.
        if c < lastRequired {
            for k in (c + 1)...lastRequired where componentChecks[first + k - 1].usage == .required {
                add(.element, "1", "required component \(name(s.id, p))-\(k) (\(component(k)?.name ?? "")) is missing", s, element: p, component: k,
                    repetition: repetition, reference: component(k)?.number)
            }
        }
        // The conditions are read from the table; the composite's definition only words a broken one.
        let firstRule = Int(check.pointee.firstRule)
        for r in firstRule..<(firstRule + Int(check.pointee.ruleCount)) {
            let rule = a.rules[r]
            let positions = UnsafeBufferPointer(rebasing: a.rulePositions[Int(rule.firstPosition)..<Int(rule.firstPosition + rule.positionCount)])
            guard let k = SyntaxRule.violation(rule.kind, positions: positions, present: { $0 < 64 && present & (1 << UInt64($0)) != 0 }),
                  case .composite(let composite) = definition(node, p).content else { continue }
            let described = composite.rules[r - firstRule]
            add(.element, rule.kind == .exclusion ? "10" : "2", "\(name(s.id, p))-\(k) breaks the relational condition \(described) of \(composite.id)", s,
                element: p, component: k, repetition: repetition, reference: composite.id)
        }
    }

    /// The segment's relational conditions (P, R, E, C, L) between its elements.
    private mutating func checkRules(_ s: SegmentView, _ nodeIndex: Int32) {
        let node = a.nodes[Int(nodeIndex)]
        for r in Int(node.firstRule)..<Int(node.firstRule + node.ruleCount) {
            let rule = a.rules[r]
            // A segment that stops before the trigger cannot break the rule.
            guard s.elementCount >= Int(rule.trigger) else { continue }
            let positions = UnsafeBufferPointer(rebasing: a.rulePositions[Int(rule.firstPosition)..<Int(rule.firstPosition + rule.positionCount)])
            guard let p = SyntaxRule.violation(rule.kind, positions: positions, present: { s.has($0) }) else { continue }
            let definitions = table.segmentNodes[Int(nodeIndex)].definition
            let described = SyntaxRule(kind: rule.kind, positions: Array(positions))
            let names = described.positions.map { name(s.id, $0) }.joined(separator: ", ")
            let isExclusion = rule.kind == .exclusion
            add(.element, isExclusion ? "10" : "2",
                isExclusion ? "\(name(s.id, p)) must not be given together with the others of \(described) (\(names))"
                            : "\(name(s.id, p)) is required by the relational condition \(described) (\(names))",
                s, element: p, reference: p <= definitions.elements.count ? definitions.elements[p - 1].reference : nil)
        }
    }

    /// A date-time period (element 1251) must have the format its qualifier (the element 1250 just before it) names.
    private mutating func checkPeriod(_ s: SegmentView, _ node: Int32, _ p: Int) {
        let value = s.field(p), format = s.field(p - 1)
        guard !value.isEmpty, !format.isEmpty,
              let problem = ElementSyntax.checkPeriod(value, format: String(decoding: format, as: UTF8.self)) else { return }
        add(.element, problem.code, "\(name(s.id, p)) (\(definition(node, p).name)): \(problem.message)", s, element: p, reference: "1251", value: s[p])
    }

    /// HL01 counts the HL segments of the transaction set from 1; HL02 names an HL01 seen before.
    private mutating func checkHierarchy(_ s: SegmentView) {
        let id = s.field(1), parent = s.field(2)
        let number = hierarchicalCount + 1
        let isRegular = Self.counter(id) == number
        if !isRegular {
            if !id.isEmpty {
                add(.element, "I12", "HL01 is '\(s[1])' but this is HL number \(number) of the transaction set; HL01 starts at 1 and goes up by one", s, element: 1, reference: "628", value: s[1])
            }
            if irregularHierarchicalIDs == nil { irregularHierarchicalIDs = Set((1..<number).map(String.init)) }
        }
        irregularHierarchicalIDs?.insert(s[1])
        hierarchicalCount = number
        guard !parent.isEmpty else { return }
        let isKnown = irregularHierarchicalIDs.map { $0.contains(s[2]) } ?? Self.counter(parent).map { $0 < number } ?? false
        if !isKnown || parent.elementsEqual(id) {
            add(.element, "I12", "HL02 '\(s[2])' does not name an earlier HL01 (the parent must come first)", s, element: 2, reference: "734", value: s[2])
        }
    }

    /// The value of a counter written as HL01 is: digits without a leading zero; nil otherwise.
    private static func counter(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = bytes.first, first != UInt8(ascii: "0"), bytes.count < 10 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    private func name(_ segment: String, _ p: Int) -> String { p < 10 ? "\(segment)0\(p)" : "\(segment)\(p)" }

    private mutating func add(_ level: Finding.Level, _ code: String, _ message: String, _ s: SegmentView, missing: String? = nil, loop: String? = nil,
                              element: Int? = nil, component: Int? = nil, repetition: Int? = nil, reference: String? = nil, value: String? = nil) {
        findings.append(Finding(level: level, code: code, message: message, segmentIndex: s.index, segmentID: missing ?? s.id, line: s.line,
                                positionInTransaction: position, loop: loop ?? currentLoop, element: element, component: component,
                                repetition: repetition, elementReference: reference, value: value))
    }
}
