/// A whole file read into its envelopes and each transaction set's loops, as the guide places them. Segments keep their
/// order, so writing the document back gives the file again (see `X12Writer`).

/// One repetition of a loop: its segments and nested loops, in the order they were read.
public struct LoopInstance: Sendable {
    public enum Item: Sendable {
        case segment(Segment)
        case loop(LoopInstance)
    }
    /// Guide loop id, e.g. "2300"; "" for the transaction set itself.
    public var id: String
    public var name: String
    public var items: [Item] = []

    public init(id: String, name: String) { self.id = id; self.name = name }

    /// The segments directly in this loop.
    public var segments: [Segment] {
        items.compactMap { if case .segment(let s) = $0 { s } else { nil } }
    }
    /// The loops directly in this one, optionally only those with `id`.
    public func loops(_ id: String? = nil) -> [LoopInstance] {
        var found: [LoopInstance] = []
        for case .loop(let l) in items where id == nil || l.id == id { found.append(l) }
        return found
    }
    /// The first segment with this id (and, when given, this first element), directly in this loop.
    public func segment(_ id: String, _ qualifier: String? = nil) -> Segment? {
        let code = Segment.pack(id)
        for case .segment(let s) in items where s.is(code, qualifier) { return s }
        return nil
    }
    public func segments(_ id: String, _ qualifier: String? = nil) -> [Segment] {
        let code = Segment.pack(id)
        var found: [Segment] = []
        for case .segment(let s) in items where s.is(code, qualifier) { found.append(s) }
        return found
    }
    /// Every loop with `id` at any depth below this one, in file order. A loop never nests in itself, so the
    /// search does not go into the loops it finds.
    public func descendants(_ id: String) -> [LoopInstance] {
        var found: [LoopInstance] = []
        collect(id, into: &found)
        return found
    }

    private func collect(_ id: String, into found: inout [LoopInstance]) {
        for case .loop(let l) in items {
            if l.id == id { found.append(l) } else { l.collect(id, into: &found) }
        }
    }
    /// Every segment of the loop and the loops inside it, in file order.
    public var allSegments: [Segment] {
        var all: [Segment] = []
        for item in items {
            switch item {
            case .segment(let s): all.append(s)
            case .loop(let l): all += l.allSegments
            }
        }
        return all
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

    public var transactions: [LoopInstance] { parts.compactMap { if case .transaction(let t) = $0 { t } else { nil } } }
}

/// Builds an `X12Document` from the segments and their placements as the validator reports them.
public struct DocumentBuilder: Sendable {
    private var parts: [X12Document.Part] = []
    /// The open loops of the current transaction set: the set itself first.
    private var open: [LoopInstance] = []

    public init() {}

    public mutating func add(_ s: Segment, _ placement: TransactionWalker.Placement?) {
        if s.code == SegmentCode.st {
            closeTransaction()
            open = [LoopInstance(id: "", name: placement?.loop?.name ?? "")]
        }
        guard !open.isEmpty else { parts.append(.envelope(s)); return }
        if let placement {
            // The loop depth the segment belongs at: a loop it opens is one level below where it was found.
            let depth = placement.depth
            let keep = placement.opensLoop ? depth : depth + 1
            while open.count > max(keep, 1) { closeLoop() }
            if placement.opensLoop, let loop = placement.loop {
                open.append(LoopInstance(id: loop.id, name: loop.name))
            }
        }
        open[open.count - 1].items.append(.segment(s))
        if s.code == SegmentCode.se { closeTransaction() }
    }

    public mutating func finish(delimiters: Delimiters) -> X12Document {
        closeTransaction()
        return X12Document(delimiters: delimiters, parts: parts)
    }

    private mutating func closeLoop() {
        let loop = open.removeLast()
        open[open.count - 1].items.append(.loop(loop))
    }

    private mutating func closeTransaction() {
        guard !open.isEmpty else { return }
        while open.count > 1 { closeLoop() }
        parts.append(.transaction(open.removeLast()))
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
