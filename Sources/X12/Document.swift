/// A whole file read into its envelopes and each transaction set's loops, as the guide places them. Segments keep their
/// order, so writing the document back gives the file again (see `X12Writer`).

/// One repetition of a loop: its segments and nested loops, in the order they were read. A light view into its
/// transaction set's `LoopTree`, so reading a file allocates per transaction set, not per loop.
public struct LoopInstance: Sendable {
    public enum Item: Sendable {
        case segment(Segment)
        case loop(LoopInstance)
    }
    let tree: LoopTree
    let index: Int32

    /// Guide loop id, e.g. "2300"; "" for the transaction set itself.
    public var id: String { tree.loops[Int(index)].id }
    public var name: String { tree.loops[Int(index)].name }

    /// The segments and loops directly in this loop, in file order.
    public var items: [Item] {
        var result: [Item] = []
        var s = tree.loops[Int(index)].firstSegment, l = tree.loops[Int(index)].firstChild
        while s >= 0 || l >= 0 {
            // A child loop comes before the next segment when its first segment does.
            if l >= 0 && (s < 0 || tree.loops[Int(l)].firstSegment < s) {
                result.append(.loop(LoopInstance(tree: tree, index: l)))
                l = tree.loops[Int(l)].nextSibling
            } else {
                result.append(.segment(tree.segment(Int(s))))
                s = tree.nextSegment[Int(s)]
            }
        }
        return result
    }

    /// The segments directly in this loop.
    public var segments: [Segment] {
        var found: [Segment] = []
        var s = tree.loops[Int(index)].firstSegment
        while s >= 0 { found.append(tree.segment(Int(s))); s = tree.nextSegment[Int(s)] }
        return found
    }
    /// The loops directly in this one, optionally only those with `id`.
    public func loops(_ id: String? = nil) -> [LoopInstance] {
        let wanted = id.map(LoopTree.LoopCode.init)
        var found: [LoopInstance] = []
        var l = tree.loops[Int(index)].firstChild
        while l >= 0 {
            if wanted == nil || tree.loops[Int(l)].code == wanted { found.append(LoopInstance(tree: tree, index: l)) }
            l = tree.loops[Int(l)].nextSibling
        }
        return found
    }
    /// The first segment with this id (and, when given, this first element), directly in this loop.
    public func segment(_ id: SegmentID, _ qualifier: String? = nil) -> Segment? {
        var s = tree.loops[Int(index)].firstSegment
        while s >= 0 {
            if tree.records[Int(s)].code == id.code {
                let segment = tree.segment(Int(s))
                if segment.is(id.code, qualifier) { return segment }
            }
            s = tree.nextSegment[Int(s)]
        }
        return nil
    }
    public func segments(_ id: SegmentID, _ qualifier: String? = nil) -> [Segment] {
        let code = id.code
        var found: [Segment] = []
        var s = tree.loops[Int(index)].firstSegment
        while s >= 0 {
            if tree.records[Int(s)].code == code {
                let segment = tree.segment(Int(s))
                if segment.is(code, qualifier) { found.append(segment) }
            }
            s = tree.nextSegment[Int(s)]
        }
        return found
    }
    /// Every loop with `id` at any depth below this one, in file order. A loop never nests in itself, so the
    /// search does not go into the loops it finds.
    public func descendants(_ id: String) -> [LoopInstance] {
        var found: [LoopInstance] = []
        forEachDescendant(LoopTree.LoopCode(id), below: index) { found.append(LoopInstance(tree: tree, index: $0)) }
        return found
    }

    /// How many loops `descendants(id)` finds, without collecting them.
    public func descendantCount(_ id: LoopID) -> Int {
        var count = 0
        forEachDescendant(id.code, below: index) { _ in count += 1 }
        return count
    }

    /// Calls `body` with each loop `descendants(id)` finds, without collecting them.
    public func forEachDescendant(_ id: LoopID, _ body: (LoopInstance) -> Void) {
        forEachDescendant(id.code, below: index) { body(LoopInstance(tree: tree, index: $0)) }
    }

    private func forEachDescendant(_ code: LoopTree.LoopCode, below parent: Int32, _ body: (Int32) -> Void) {
        var l = tree.loops[Int(parent)].firstChild
        while l >= 0 {
            if tree.loops[Int(l)].code == code { body(l) } else { forEachDescendant(code, below: l, body) }
            l = tree.loops[Int(l)].nextSibling
        }
    }

    /// Whether this loop's id is `id`; compares packed integers, not strings.
    public func `is`(_ id: LoopID) -> Bool { tree.loops[Int(index)].code == id.code }

    /// The first loop with `id` directly in this one: `loops(id).first` without collecting the others.
    public func loop(_ id: LoopID) -> LoopInstance? {
        var l = tree.loops[Int(index)].firstChild
        while l >= 0 {
            if tree.loops[Int(l)].code == id.code { return LoopInstance(tree: tree, index: l) }
            l = tree.loops[Int(l)].nextSibling
        }
        return nil
    }

    /// Calls `body` with each segment directly in this loop, in file order: for readers that take what they need in
    /// one pass (`switch segment { case "CLM": ... }`) instead of one search per segment they want.
    public func forEachSegment(_ body: (Segment) -> Void) {
        var s = tree.loops[Int(index)].firstSegment
        while s >= 0 { body(tree.segment(Int(s))); s = tree.nextSegment[Int(s)] }
    }

    /// Calls `body` with each loop directly in this one, in file order, without collecting them.
    public func forEachLoop(_ body: (LoopInstance) -> Void) {
        var l = tree.loops[Int(index)].firstChild
        while l >= 0 { body(LoopInstance(tree: tree, index: l)); l = tree.loops[Int(l)].nextSibling }
    }
    /// Calls `body` with every segment with this id in the loop and the loops inside it, in file order, and the id
    /// of the loop each is directly in; allocates nothing, and copies only the segments it hands over.
    public func forEachSegment(_ id: SegmentID, _ body: (Segment, _ loopID: String) -> Void) {
        let first = Int(tree.loops[Int(index)].firstSegment), end = Int(tree.loops[Int(index)].endSegment)
        for i in first..<end where tree.records[i].code == id.code { body(tree.segment(i), tree.loops[Int(tree.owner[i])].id) }
    }
    /// Every segment of the loop and the loops inside it, in file order: a loop's segments are contiguous in the
    /// tree, from its first segment up to the next loop that is not inside it.
    public var allSegments: [Segment] {
        let loop = tree.loops[Int(index)]
        return (Int(loop.firstSegment)..<Int(loop.endSegment)).map(tree.segment)
    }
}

/// A guide loop id written as a literal ("2300"), packed as the loop tree packs ids, so finding loops by id compares
/// integers.
public struct LoopID: ExpressibleByStringLiteral, Sendable {
    let code: LoopTree.LoopCode

    public init(stringLiteral id: String) { code = LoopTree.LoopCode(id) }
}

/// A transaction set's loops and segments in flat arrays: segments in file order, each linked to the next segment of
/// its own loop and to that loop; loops in the order they open, each linked to its first child and next sibling.
final class LoopTree: Sendable {
    /// A loop id as an integer when it fits in eight bytes (guide loop ids have at most six, e.g. "2010BA"), so
    /// finding loops by id compares integers; a longer id keeps its text.
    enum LoopCode: Equatable, Sendable {
        case packed(UInt64)
        case text(String)

        init(_ id: String) {
            var id = id
            self = id.withUTF8 { bytes in
                guard bytes.count <= 8 else { return nil }
                var v: UInt64 = 0
                for b in bytes { v = v << 8 | UInt64(b) }
                return .packed(v)
            } ?? .text(id)
        }
    }

    struct Loop: Sendable {
        let id: String
        let code: LoopCode
        let name: String
        var firstSegment: Int32 = -1
        var endSegment: Int32 = 0
        var firstChild: Int32 = -1
        var nextSibling: Int32 = -1

        init(id: String, name: String) { self.id = id; self.code = LoopCode(id); self.name = name }
    }
    /// A segment as the tree keeps it: where it is in one of `storages`, without a counted reference of its own, so
    /// that building and freeing a tree does not count a reference per segment. `segment(_:)` makes the `Segment`.
    struct SegmentRecord: Sendable {
        var storage: Int32
        var first: Int32
        var fieldCount: Int32
        var code: UInt32
        var index: Int
        var line: Int
        var offset: Int
    }
    /// The byte buffers the segments are in: the tokenizer shares one among the segments of a chunk.
    let storages: [SegmentBytes]
    let records: [SegmentRecord]
    let nextSegment: [Int32]
    /// The loop each segment is directly in.
    let owner: [Int32]
    let loops: [Loop]

    init(storages: [SegmentBytes], records: [SegmentRecord], nextSegment: [Int32], owner: [Int32], loops: [Loop]) {
        self.storages = storages; self.records = records; self.nextSegment = nextSegment; self.owner = owner; self.loops = loops
    }

    /// Segment `i`, in file order.
    func segment(_ i: Int) -> Segment {
        let r = records[i]
        return Segment(storage: storages[Int(r.storage)], first: r.first, fieldCount: r.fieldCount, code: r.code, index: r.index, line: r.line, offset: r.offset)
    }
}

/// The document: segments outside transaction sets (ISA, GS, GE, IEA) and each transaction set's loop tree, in order.
public struct X12Document: Sendable {
    public enum Part: Sendable {
        case envelope(Segment)
        case transaction(LoopInstance)
    }
    public var delimiters: Delimiters
    public var parts: [Part] = []

    public init(delimiters: Delimiters, parts: [Part]) { self.delimiters = delimiters; self.parts = parts }

    public var transactions: [LoopInstance] { parts.compactMap { if case .transaction(let t) = $0 { t } else { nil } } }
}

/// Builds an `X12Document` from the segments and their placements as the validator reports them.
public struct DocumentBuilder: Sendable {
    private var parts: [X12Document.Part] = []
    // The transaction set being read: its segments and loops so far.
    private var storages: [SegmentBytes] = []
    private var records: [LoopTree.SegmentRecord] = []
    private var nextSegment: [Int32] = []
    private var owner: [Int32] = []
    private var loops: [LoopTree.Loop] = []
    /// The open loops of the current transaction set (indices in `loops`), the set itself first, with the last
    /// segment and the last child loop each has so far.
    private var open: [(loop: Int32, lastSegment: Int32, lastChild: Int32)] = []

    public init() {}

    public mutating func add(_ s: Segment, _ placement: TransactionWalker.Placement?) {
        if s.code == SegmentCode.st {
            closeTransaction()
            loops.append(LoopTree.Loop(id: "", name: placement?.loop?.name ?? ""))
            open = [(0, -1, -1)]
        }
        guard !open.isEmpty else { parts.append(.envelope(s)); return }
        let position = Int32(records.count)
        if let placement {
            // The loop depth the segment belongs at: a loop it opens is one level below where it was found.
            let depth = placement.depth
            let keep = placement.opensLoop ? depth : depth + 1
            while open.count > max(keep, 1) { closeLoop(at: position) }
            if placement.opensLoop, let loop = placement.loop {
                let index = Int32(loops.count)
                loops.append(LoopTree.Loop(id: loop.id, name: loop.name))
                let parent = open.count - 1
                if open[parent].lastChild >= 0 { loops[Int(open[parent].lastChild)].nextSibling = index } else { loops[Int(open[parent].loop)].firstChild = index }
                open[parent].lastChild = index
                open.append((index, -1, -1))
            }
        }
        if storages.last !== s.storage { storages.append(s.storage) }
        records.append(.init(storage: Int32(storages.count - 1), first: s.first, fieldCount: s.fieldCount, code: s.code, index: s.index, line: s.line, offset: s.offset))
        nextSegment.append(-1)
        let current = open.count - 1
        owner.append(open[current].loop)
        if open[current].lastSegment >= 0 { nextSegment[Int(open[current].lastSegment)] = position } else { loops[Int(open[current].loop)].firstSegment = position }
        open[current].lastSegment = position
        if s.code == SegmentCode.se { closeTransaction() }
    }

    /// The parts completed since the last call (envelope segments and closed transaction sets), handed over and let
    /// go: a reader that works one transaction set at a time keeps one set in memory, not the document.
    public mutating func takeCompletedParts() -> [X12Document.Part] {
        defer { parts = [] }
        return parts
    }

    public mutating func finish(delimiters: Delimiters) -> X12Document {
        closeTransaction()
        return X12Document(delimiters: delimiters, parts: parts)
    }

    private mutating func closeLoop(at end: Int32) {
        let closed = open.removeLast()
        loops[Int(closed.loop)].endSegment = end
    }

    private mutating func closeTransaction() {
        guard !open.isEmpty else { return }
        let end = Int32(records.count)
        while !open.isEmpty { closeLoop(at: end) }
        let tree = LoopTree(storages: storages, records: records, nextSegment: nextSegment, owner: owner, loops: loops)
        parts.append(.transaction(LoopInstance(tree: tree, index: 0)))
        storages = []; records = []; nextSegment = []; owner = []; loops = []
    }
}

/// Writes segments back as X12 text with the given delimiters.
public enum X12Writer {
    /// The document as text, one segment per line.
    public static func write(_ document: X12Document) -> String {
        var w = SegmentWriter(delimiters: document.delimiters)
        for part in document.parts {
            switch part {
            case .envelope(let s): w.segment(s.id, s.elements, keepTrailing: true)
            case .transaction(let t): for s in t.allSegments { w.segment(s.id, s.elements, keepTrailing: true) }
            }
        }
        return w.text
    }
}
