/// A guide's loop tree and element checks flattened into plain values in memory the table owns. The walker reads
/// them through raw pointers, so placing and checking a segment touches no reference count; the nodes themselves
/// are looked up only to word a finding.
final class WalkTable: @unchecked Sendable {
    struct Loop {
        var firstChild: Int32
        var childCount: Int32
        var maxRepeat: Int
        /// Segment node index of the trigger (the loop's first segment), or -1.
        var trigger: Int32
        /// One bit (`codeBit`) for each segment id a search of the loop can match, so that most searches for a
        /// segment that ends the loop fail without looking at its children.
        var codeMask: UInt64 = 0
    }

    @inline(__always) static func codeBit(_ code: UInt32) -> UInt64 { 1 << UInt64(codeBucket(code)) }
    /// One of 64 buckets for a segment id; each loop lists its children by bucket (`buckets`, `Child.nextInBucket`),
    /// so that finding a segment among a loop's children looks only at those whose id shares its bucket.
    @inline(__always) static func codeBucket(_ code: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 58) }
    @inline(__always) static var bucketCount: Int { 64 }
    struct Child {
        /// Packed id of the segment the child starts with (0: none).
        var code: UInt32
        /// Consecutive children that start with the same segment id stand at one position of the standard and may
        /// come in any order: the first child (loop-local index) of this child's group.
        var groupStart: Int32
        /// The first required child (a required segment or loop) at or after this one, or the loop's child count:
        /// passing over optional children costs nothing.
        var nextRequired: Int32
        /// Loop index when the child is a loop, else -1.
        var loop: Int32
        /// Segment node index of the segment the child starts with, or -1.
        var node: Int32
        /// The next child (loop-local index) whose id falls in the same bucket, or the loop's child count.
        var nextInBucket: Int32 = 0
    }
    struct Node {
        var maxUse: Int
        var firstKey: Int32
        var keyCount: Int32
        var firstCheck: Int32
        var checkCount: Int32
        var firstRule: Int32
        var ruleCount: Int32
        /// Position of a date-time period element (1251), or 0.
        var periodPosition: Int32
        /// Position of the last required element, or 0: the positions after the last one given need looking at
        /// only up to it.
        var lastRequired: Int32 = 0
        /// The lowest trigger of the segment's rules: a segment with fewer elements breaks none of them.
        var ruleTrigger: Int32 = 0
    }
    struct Key {
        var element: Int32
        /// 0 when the key is the whole element.
        var component: Int32
        var list: Int32
    }
    struct Rule {
        var kind: SyntaxRule.Kind
        var firstPosition: Int32
        var positionCount: Int32
        /// Only a segment that reaches this position can break the rule (`trigger(of:)`).
        var trigger: Int32 = 0
    }

    /// The lowest position a segment must reach for the rule to be broken: R (at least one) is broken by nothing
    /// given; P (all or none) and E (at most one) need one of theirs given; C and L need their first.
    static func trigger(of rule: SyntaxRule) -> Int32 {
        switch rule.kind {
        case .required: 0
        case .paired, .exclusion: Int32(rule.positions.min() ?? 0)
        case .conditional, .listConditional: Int32(rule.positions.first ?? 0)
        }
    }
    struct List {
        /// The codes of up to seven bytes, packed (`CodeList.pack`) and sorted, in `values`.
        var first: Int32
        var count: Int32
        /// The codes longer than seven bytes, sorted (`precedes`), in `longCodes`.
        var firstLong: Int32
        var longCount: Int32
    }
    /// A code longer than seven bytes: where its bytes stand in `longCodeBytes`. Compared as bytes, as the packed
    /// codes are, so that a value is in a list exactly when its bytes are one of the codes.
    struct LongCode {
        var start: Int32
        var count: Int32
    }

    /// The flat arrays, as raw pointers into memory the table owns and frees.
    struct Arrays: @unchecked Sendable {
        let loops: UnsafeMutableBufferPointer<Loop>
        let children: UnsafeMutableBufferPointer<Child>
        let nodes: UnsafeMutableBufferPointer<Node>
        let keys: UnsafeMutableBufferPointer<Key>
        let checks: UnsafeMutableBufferPointer<ElementCheck>
        let componentChecks: UnsafeMutableBufferPointer<ElementCheck>
        let rules: UnsafeMutableBufferPointer<Rule>
        let rulePositions: UnsafeMutableBufferPointer<Int>
        let lists: UnsafeMutableBufferPointer<List>
        let listValues: UnsafeMutableBufferPointer<UInt64>
        let longCodes: UnsafeMutableBufferPointer<LongCode>
        let longCodeBytes: UnsafeMutableBufferPointer<UInt8>
        /// For each loop, `bucketCount` entries: the first child (loop-local index) in each bucket, or the child count.
        let buckets: UnsafeMutableBufferPointer<Int32>
    }
    let arrays: Arrays

    /// The objects behind the indices, for wording findings.
    let loopNodes: [LoopNode]
    let segmentNodes: [SegmentNode]
    let codeLists: [CodeList]

    /// Loop 0 is the root.
    init(root: LoopNode) {
        var loopNodes: [LoopNode] = [], segmentNodes: [SegmentNode] = [], codeLists: [CodeList] = []
        var loopIndex: [ObjectIdentifier: Int32] = [:], nodeIndex: [ObjectIdentifier: Int32] = [:], listIndex: [ObjectIdentifier: Int32] = [:]
        func collect(_ loop: LoopNode) {
            loopIndex[ObjectIdentifier(loop)] = Int32(loopNodes.count)
            loopNodes.append(loop)
            for child in loop.children {
                switch child {
                case .segment(let node):
                    if nodeIndex[ObjectIdentifier(node)] == nil {
                        nodeIndex[ObjectIdentifier(node)] = Int32(segmentNodes.count)
                        segmentNodes.append(node)
                    }
                case .loop(let inner): collect(inner)
                }
            }
        }
        collect(root)
        func list(_ codes: CodeList) -> Int32 {
            if let i = listIndex[ObjectIdentifier(codes)] { return i }
            let i = Int32(codeLists.count)
            listIndex[ObjectIdentifier(codes)] = i
            codeLists.append(codes)
            return i
        }

        var loops: [Loop] = [], children: [Child] = [], buckets: [Int32] = []
        for loop in loopNodes {
            loops.append(Loop(firstChild: Int32(children.count), childCount: Int32(loop.children.count), maxRepeat: loop.maxRepeat,
                              trigger: loop.trigger.map { nodeIndex[ObjectIdentifier($0)]! } ?? -1))
            var previous: UInt32?
            for (i, child) in loop.children.enumerated() {
                let first: SegmentNode?, isRequired: Bool, inner: Int32
                switch child {
                case .segment(let s): first = s; isRequired = s.usage == .required; inner = -1
                case .loop(let l): first = l.trigger; isRequired = l.usage == .required; inner = loopIndex[ObjectIdentifier(l)]!
                }
                let code = first?.code ?? 0
                let groupStart = first != nil && code == previous ? children[children.count - 1].groupStart : Int32(i)
                previous = first == nil ? nil : code
                children.append(Child(code: code, groupStart: groupStart, nextRequired: isRequired ? Int32(i) : -1, loop: inner,
                                      node: first.map { nodeIndex[ObjectIdentifier($0)]! } ?? -1))
            }
            // The walker searches a loop from its second child on (a repeated trigger opens the next repetition),
            // but the root from its first.
            for k in (children.count - loop.children.count)..<children.count where loop === root || k > children.count - loop.children.count {
                loops[loops.count - 1].codeMask |= Self.codeBit(children[k].code)
            }
            var next = Int32(loop.children.count)
            for k in stride(from: children.count - 1, through: children.count - loop.children.count, by: -1) {
                if children[k].nextRequired >= 0 { next = children[k].nextRequired } else { children[k].nextRequired = next }
            }
            var heads = [Int32](repeating: Int32(loop.children.count), count: Self.bucketCount)
            let base = children.count - loop.children.count
            for k in stride(from: loop.children.count - 1, through: 0, by: -1) {
                let bucket = Self.codeBucket(children[base + k].code)
                children[base + k].nextInBucket = heads[bucket]
                heads[bucket] = Int32(k)
            }
            buckets += heads
        }

        var nodes: [Node] = [], keys: [Key] = [], checks: [ElementCheck] = [], componentChecks: [ElementCheck] = []
        var rules: [Rule] = [], rulePositions: [Int] = []
        for node in segmentNodes {
            nodes.append(Node(maxUse: node.maxUse, firstKey: Int32(keys.count), keyCount: Int32(node.keys.count),
                              firstCheck: Int32(checks.count), checkCount: Int32(node.definition.elements.count),
                              firstRule: Int32(rules.count), ruleCount: Int32(node.definition.rules.count),
                              periodPosition: Int32(node.definition.periodPosition ?? 0)))
            // Once the node's checks are in.
            defer {
                let first = Int(nodes[nodes.count - 1].firstCheck)
                nodes[nodes.count - 1].lastRequired = Int32(checks[first...].lastIndex { $0.usage == .required }.map { $0 - first + 1 } ?? 0)
            }
            for key in node.keys { keys.append(Key(element: Int32(key.element), component: Int32(key.component ?? 0), list: list(key.values))) }
            for rule in node.definition.rules {
                rules.append(Rule(kind: rule.kind, firstPosition: Int32(rulePositions.count), positionCount: Int32(rule.positions.count),
                                  trigger: Self.trigger(of: rule)))
                rulePositions += rule.positions
            }
            nodes[nodes.count - 1].ruleTrigger = node.definition.rules.map(Self.trigger(of:)).min() ?? 0
            func check(_ rule: ElementRule?, _ element: DataElement?) -> ElementCheck {
                var c = ElementCheck()
                guard let rule else { return c }
                c.usage = rule.usage
                if let element {
                    c.type = element.type
                    c.minLength = Int32(rule.minLength ?? element.minLength)
                    c.maxLength = Int32(rule.maxLength ?? element.maxLength)
                }
                c.digitsOnly = rule.digitsOnly
                if let codes = rule.codes {
                    c.codes = list(codes)
                    let check = c
                    c.codesPassSyntax = codes.values.allSatisfy { code in
                        var code = code
                        return code.withUTF8 { ElementSyntax.check($0, check) == nil }
                    }
                }
                return c
            }
            for (offset, definition) in node.definition.elements.enumerated() {
                let rule = offset < node.elements.count ? node.elements[offset] : nil
                switch definition.content {
                case .simple(let element):
                    var c = check(rule, element)
                    c.maxRepeat = Int32(definition.maxRepeat)
                    checks.append(c)
                case .composite(let composite):
                    var c = check(rule, nil)
                    c.maxRepeat = Int32(definition.maxRepeat)
                    c.isComposite = true
                    c.firstRule = Int32(rules.count)
                    c.ruleCount = Int32(composite.rules.count)
                    for rule in composite.rules {
                        rules.append(Rule(kind: rule.kind, firstPosition: Int32(rulePositions.count), positionCount: Int32(rule.positions.count)))
                        rulePositions += rule.positions
                    }
                    c.firstComponent = Int32(componentChecks.count)
                    c.componentCount = Int32(composite.components.count)
                    let componentRules = node.components[offset + 1] ?? []
                    for (k, element) in composite.components.enumerated() {
                        componentChecks.append(check(k < componentRules.count ? componentRules[k] : nil, element))
                        if componentChecks[componentChecks.count - 1].usage == .required { c.lastRequiredComponent = Int32(k + 1) }
                    }
                    checks.append(c)
                }
            }
        }

        var lists: [List] = [], listValues: [UInt64] = [], longCodes: [LongCode] = [], longCodeBytes: [UInt8] = []
        for codes in codeLists {
            let packed = codes.values.compactMap { $0.utf8.count <= 7 ? CodeList.pack($0.utf8) : nil }.sorted()
            let long = codes.values.map { Array($0.utf8) }.filter { $0.count > 7 }.sorted { Self.precedes($0, $1) }
            lists.append(List(first: Int32(listValues.count), count: Int32(packed.count), firstLong: Int32(longCodes.count), longCount: Int32(long.count)))
            listValues += packed
            for code in long {
                longCodes.append(LongCode(start: Int32(longCodeBytes.count), count: Int32(code.count)))
                longCodeBytes += code
            }
        }

        func own<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
            _ = buffer.initialize(from: values)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<values.count])
        }
        arrays = Arrays(loops: own(loops), children: own(children), nodes: own(nodes), keys: own(keys), checks: own(checks),
                        componentChecks: own(componentChecks), rules: own(rules), rulePositions: own(rulePositions),
                        lists: own(lists), listValues: own(listValues), longCodes: own(longCodes), longCodeBytes: own(longCodeBytes),
                        buckets: own(buckets))
        self.loopNodes = loopNodes; self.segmentNodes = segmentNodes; self.codeLists = codeLists
    }

    deinit {
        // Every element is a plain value: nothing to deinitialize, only the memory to give back.
        let a = arrays
        for base in [UnsafeMutableRawPointer(a.loops.baseAddress), UnsafeMutableRawPointer(a.children.baseAddress),
                     UnsafeMutableRawPointer(a.nodes.baseAddress), UnsafeMutableRawPointer(a.keys.baseAddress),
                     UnsafeMutableRawPointer(a.checks.baseAddress), UnsafeMutableRawPointer(a.componentChecks.baseAddress),
                     UnsafeMutableRawPointer(a.rules.baseAddress), UnsafeMutableRawPointer(a.rulePositions.baseAddress),
                     UnsafeMutableRawPointer(a.lists.baseAddress), UnsafeMutableRawPointer(a.listValues.baseAddress),
                     UnsafeMutableRawPointer(a.longCodes.baseAddress), UnsafeMutableRawPointer(a.longCodeBytes.baseAddress),
                     UnsafeMutableRawPointer(a.buckets.baseAddress)] {
            base?.deallocate()
        }
    }

    /// The order of long codes: shorter first, then by their bytes.
    static func precedes(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
    }

    /// Whether code list `list` has the value in `bytes`, compared as bytes.
    @inline(__always) func contains(_ list: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = arrays.lists[Int(list)]
        guard bytes.count <= 7 else { return entry.longCount > 0 && containsLong(entry, bytes) }
        let value = CodeList.pack(bytes)
        var low = Int(entry.first), high = low + Int(entry.count)
        while low < high {
            let middle = (low + high) >> 1
            let v = arrays.listValues[middle]
            if v == value { return true }
            if v < value { low = middle + 1 } else { high = middle }
        }
        return false
    }

    private func containsLong(_ entry: List, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var low = Int(entry.firstLong), high = low + Int(entry.longCount)
        while low < high {
            let middle = (low + high) >> 1
            let code = arrays.longCodes[middle]
            let v = UnsafeBufferPointer(rebasing: arrays.longCodeBytes[Int(code.start)..<Int(code.start + code.count)])
            if v.elementsEqual(bytes) { return true }
            if Self.precedes(v, bytes) { low = middle + 1 } else { high = middle }
        }
        return false
    }
}

/// A segment's bytes and field starts as raw pointers, with its place in the file; valid while the walker and the
/// envelope checks look at it. Holding no counted reference, it costs nothing to pass around; the rare reads that
/// need more (its flaws, keeping it) go through `storage`.
struct SegmentView {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The starts of this segment's fields (the id first), and one past the last field's end plus one.
    let starts: UnsafePointer<Int32>
    let fieldCount: Int
    /// The id packed (`Segment.pack`).
    let code: UInt32
    /// 1-based position in the file, line, and offset of its first byte, as `Segment` has them.
    let index: Int
    let line: Int
    let offset: Int
    /// The owner of the bytes, kept alive by whoever made the view.
    let storage: Unmanaged<SegmentBytes>
    /// Index of the id's start in the storage's `starts`.
    let first: Int32

    /// The segment as a value of its own (one counted reference): for keeping it, and the rare slow paths.
    var segment: Segment {
        Segment(storage: storage.takeUnretainedValue(), first: first, fieldCount: Int32(fieldCount), code: code, index: index, line: line, offset: offset)
    }

    var id: String { String(decoding: field(0), as: UTF8.self) }
    /// Number of elements after the id, counting empty ones.
    var elementCount: Int { fieldCount - 1 }
    /// Element `n` as a string, "" when absent.
    subscript(_ n: Int) -> String { n >= 1 ? String(decoding: field(n), as: UTF8.self) : "" }
    var hasValidID: Bool { Segment.isValidID(field(0)) }
    var hasFlaws: Bool { storage._withUnsafeGuaranteedRef { !$0.flaws.isEmpty } }
    var flaws: [Segment.Flaw] { storage._withUnsafeGuaranteedRef { $0.flaws.isEmpty ? [] : $0.flaws[first] ?? [] } }

    /// Field `n` (0 is the id); empty when absent.
    @inline(__always) func field(_ n: Int) -> UnsafeBufferPointer<UInt8> {
        guard n >= 0, n < fieldCount else { return UnsafeBufferPointer(start: bytes.baseAddress, count: 0) }
        let start = Int(starts[n])
        return UnsafeBufferPointer(rebasing: bytes[start..<(Int(starts[n + 1]) - 1)])
    }

    @inline(__always) func has(_ n: Int) -> Bool { n >= 0 && n < fieldCount && starts[n + 1] - 1 > starts[n] }

    /// Component `c` (1-based) of `value`; empty when absent.
    static func component(_ c: Int, of value: UnsafeBufferPointer<UInt8>, separator: UInt8) -> UnsafeBufferPointer<UInt8> {
        var n = 1, start = 0
        for i in 0..<value.count where value[i] == separator {
            if n == c { return UnsafeBufferPointer(rebasing: value[start..<i]) }
            n += 1
            start = i + 1
        }
        return n == c ? UnsafeBufferPointer(rebasing: value[start...]) : UnsafeBufferPointer(rebasing: value[value.count...])
    }
}
