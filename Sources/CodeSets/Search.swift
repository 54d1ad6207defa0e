import Foundation

/// Words as the search engine sees them: lower case, letters and digits, plural endings folded.
enum SearchText {
    static let stopwords: Set<String> = ["of", "the", "a", "an", "and", "or", "in", "on", "at", "by", "for", "to", "as", "is", "s"]

    /// Clinical abbreviations coders type, expanded to the words the code titles use.
    static let abbreviations: [String: String] = [
        "htn": "hypertension", "hld": "hyperlipidemia", "dm": "diabetes mellitus", "dm2": "type 2 diabetes mellitus",
        "t2dm": "type 2 diabetes mellitus", "dm1": "type 1 diabetes mellitus", "t1dm": "type 1 diabetes mellitus",
        "iddm": "type 1 diabetes mellitus", "niddm": "type 2 diabetes mellitus",
        "ckd": "chronic kidney disease", "esrd": "end stage renal disease", "aki": "acute kidney failure",
        "arf": "acute kidney failure", "chf": "congestive heart failure", "hf": "heart failure",
        "cad": "coronary artery disease atherosclerotic heart", "mi": "myocardial infarction", "ami": "acute myocardial infarction",
        "stemi": "st elevation myocardial infarction", "nstemi": "non st elevation myocardial infarction",
        "afib": "atrial fibrillation", "af": "atrial fibrillation", "aflutter": "atrial flutter",
        "copd": "chronic obstructive pulmonary disease", "uti": "urinary tract infection", "uri": "upper respiratory infection",
        "gerd": "gastro esophageal reflux disease", "pna": "pneumonia", "cap": "pneumonia",
        "dvt": "deep vein thrombosis", "pe": "pulmonary embolism", "tia": "transient cerebral ischemic attack",
        "cva": "cerebral infarction", "bph": "benign prostatic hyperplasia", "osa": "obstructive sleep apnea",
        "ra": "rheumatoid arthritis", "oa": "osteoarthritis", "ibs": "irritable bowel syndrome",
        "sob": "shortness of breath", "cp": "chest pain", "ha": "headache",
        "lbp": "low back pain", "adhd": "attention deficit hyperactivity disorder", "ptsd": "post traumatic stress disorder",
        "mdd": "major depressive disorder", "gad": "generalized anxiety disorder", "hiv": "human immunodeficiency virus",
        "hcv": "hepatitis c", "hbv": "hepatitis b", "tb": "tuberculosis", "ms": "multiple sclerosis",
        "als": "amyotrophic lateral sclerosis", "sle": "systemic lupus erythematosus", "ibd": "inflammatory bowel disease",
        "uc": "ulcerative colitis", "cll": "chronic lymphocytic leukemia", "aml": "acute myeloid leukemia",
        "nsclc": "non small cell lung cancer", "hpv": "papillomavirus", "rsv": "respiratory syncytial virus",
        "covid": "covid 19", "ards": "acute respiratory distress syndrome", "pvd": "peripheral vascular disease",
        "pad": "peripheral arterial disease", "aaa": "abdominal aortic aneurysm", "svt": "supraventricular tachycardia",
        "vtach": "ventricular tachycardia", "hypothyroid": "hypothyroidism", "hyperthyroid": "hyperthyroidism",
        "fx": "fracture", "lac": "laceration", "abx": "antibiotic", "sz": "seizure", "bmi": "body mass index",
        "etoh": "alcohol", "ugib": "upper gastrointestinal hemorrhage", "gib": "gastrointestinal hemorrhage",
        "dka": "diabetic ketoacidosis", "hhs": "hyperosmolar", "nafld": "nonalcoholic fatty liver disease",
        "cabg": "coronary artery bypass", "tka": "total knee replacement", "tha": "total hip replacement",
        "laparoscopic": "percutaneous endoscopic", "arthroscopic": "percutaneous endoscopic",
        "thoracoscopic": "percutaneous endoscopic",
        "lt": "left", "rt": "right", "bilat": "bilateral", "w": "with", "wo": "without", "hx": "history",
    ]

    /// Splits text into words. Parenthesised words (nonessential modifiers) are flagged optional. Works on UTF-8
    /// bytes: ASCII (nearly all code-set text) takes the fast path; a word with other letters is folded
    /// (Ménière -> meniere) on its own.
    static func words(_ text: String) -> [(word: String, optional: Bool)] {
        var out: [(String, Bool)] = []
        var current: [UInt8] = []
        var nonASCII = false
        var depth = 0
        func flush() {
            guard !current.isEmpty else { return }
            if nonASCII {
                for w in unicodeWords(String(decoding: current, as: UTF8.self)) { out.append((w, depth > 0)) }
            } else {
                out.append((String(decoding: current, as: UTF8.self), depth > 0))
            }
            current.removeAll(keepingCapacity: true)
            nonASCII = false
        }
        var utf8 = Array(text.utf8)
        utf8.append(0x20)
        for i in 0..<(utf8.count - 1) {
            let b = utf8[i]
            switch b {
            case 0x61...0x7A, 0x30...0x39: current.append(b)
            case 0x41...0x5A: current.append(b | 0x20)
            case 0x80...: current.append(b); nonASCII = true
            case UInt8(ascii: "'"): continue // Aarskog's -> aarskogs
            case UInt8(ascii: "."):
                // E11.22 is one word, e1122; a full stop ends a word.
                let next = utf8[i + 1]
                if !current.isEmpty, (0x30...0x39).contains(next) || (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next) { continue }
                flush()
            case UInt8(ascii: "("), UInt8(ascii: "["): flush(); depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): flush(); depth = max(0, depth - 1)
            default: flush()
            }
        }
        flush()
        return out
    }

    /// The slow path for a run of bytes with non-ASCII characters: letters and digits, lower case, accents folded.
    private static func unicodeWords(_ s: String) -> [String] {
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if scalar != "\u{2019}" {
                if !current.isEmpty { words.append(String(current)); current.removeAll() }
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// A light stemmer: folds plural endings so "diseases" finds "disease".
    static func stem(_ w: String) -> String {
        guard w.count > 3, w.last == "s" else { return w }
        if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") { return w }
        if w.hasSuffix("ies"), w.count > 4 { return String(w.dropLast(3)) + "y" }
        return String(w.dropLast())
    }
}

/// What kind of text a search document is, which weighs its matches.
public enum SearchSource: UInt8, Sendable, Codable {
    case title = 0, inclusionTerm, index, indexMainTerm

    var weight: Float {
        switch self {
        case .indexMainTerm: 1.06
        case .title: 1.0
        case .inclusionTerm: 0.93
        case .index: 0.96
        }
    }

    public var label: String {
        switch self {
        case .title: "title"
        case .inclusionTerm: "inclusion term"
        case .index, .indexMainTerm: "index"
        }
    }
}

public struct SearchHit: Sendable, Codable, Hashable {
    public var system: CodeSystem
    public var code: String
    public var title: String
    public var billable: Bool
    public var score: Double
    /// The text that matched (a title, an inclusion term or an index path) and where it is from.
    public var matched: String
    public var matchedIn: String
}

/// Collects documents, then builds the inverted index.
struct SearchIndexBuilder {
    private(set) var codes: [(system: CodeSystem, code: String, title: String, billable: Bool)] = []
    private var codeIds: [String: Int32] = [:]
    private var docCode: [Int32] = []
    private var docSource: [UInt8] = []
    private var docLength: [UInt8] = []
    private var docText: [String] = []
    private var postings: [String: [Int32]] = [:]

    mutating func add(system: CodeSystem, code: String, title: String, billable: Bool, text: String, source: SearchSource) {
        let key = system.rawValue + "|" + code
        let codeId: Int32
        if let id = codeIds[key] { codeId = id } else {
            codeId = Int32(codes.count)
            codes.append((system, code, title, billable))
            codeIds[key] = codeId
        }
        let doc = Int32(docCode.count)
        var length = 0
        var seen = Set<String>()
        for (word, optional) in SearchText.words(text) where !SearchText.stopwords.contains(word) {
            let term = SearchText.stem(word)
            if !optional { length += 1 }
            if seen.insert(term).inserted { postings[term, default: []].append(doc) }
        }
        // The code itself is searchable too ("E11.22", "e1122").
        let codeTerm = code.codeKey.lowercased()
        if seen.insert(codeTerm).inserted { postings[codeTerm, default: []].append(doc) }
        docCode.append(codeId)
        docSource.append(source.rawValue)
        docLength.append(UInt8(min(length, 255)))
        docText.append(text)
    }

    func build() -> SearchIndex {
        let terms = postings.keys.sorted()
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        starts.reserveCapacity(terms.count + 1)
        for t in terms {
            flat.append(contentsOf: postings[t]!)
            starts.append(Int32(flat.count))
        }
        return SearchIndex(codeSystems: codes.map { UInt8(CodeSystem.allCases.firstIndex(of: $0.system)!) },
                           codeValues: StringBlob(codes.map(\.code)), codeTitles: StringBlob(codes.map(\.title)), codeBillable: codes.map(\.billable),
                           docCode: docCode, docSource: docSource, docLength: docLength, docText: StringBlob(docText),
                           terms: terms, postingStarts: starts, postings: flat)
    }
}

/// An inverted index over code titles, inclusion terms and index entries of every loaded code system.
public final class SearchIndex: Sendable {
    let codeSystems: [UInt8]
    let codeValues: StringBlob
    let codeTitles: StringBlob
    let codeBillable: [Bool]
    let docCode: [Int32]
    let docSource: [UInt8]
    let docLength: [UInt8]
    let docText: StringBlob
    /// Sorted, so prefixes are a binary search away.
    let terms: [String]
    let postingStarts: [Int32]
    let postings: [Int32]
    private let termIds: [String: Int32]
    private let idf: [Float]

    init(codeSystems: [UInt8], codeValues: StringBlob, codeTitles: StringBlob, codeBillable: [Bool],
         docCode: [Int32], docSource: [UInt8], docLength: [UInt8], docText: StringBlob,
         terms: [String], postingStarts: [Int32], postings: [Int32]) {
        self.codeSystems = codeSystems; self.codeValues = codeValues; self.codeTitles = codeTitles
        self.codeBillable = codeBillable; self.docCode = docCode; self.docSource = docSource
        self.docLength = docLength; self.docText = docText; self.terms = terms
        self.postingStarts = postingStarts; self.postings = postings
        var ids = [String: Int32](minimumCapacity: terms.count)
        for (i, t) in terms.enumerated() { ids[t] = Int32(i) }
        termIds = ids
        let n = Float(max(docCode.count, 1))
        idf = (0..<terms.count).map { i in
            let df = Float(postingStarts[i + 1] - postingStarts[i])
            return log(1 + (n - df + 0.5) / (df + 0.5))
        }
    }

    public var documentCount: Int { docCode.count }
    public var termCount: Int { terms.count }

    private struct Slot {
        var candidates: [(term: Int32, weight: Float)]
        var maxIdf: Float
    }

    /// Ranked codes for free text. `filter` decides which codes may appear (system and date of service).
    public func search(_ query: String, systems: Set<CodeSystem>? = nil, limit: Int = 20,
                       filter: ((CodeSystem, String) -> Bool)? = nil) -> [SearchHit] {
        // One bit per word in a UInt32 mask: words past the 32nd are ignored.
        let slots = Array(makeSlots(query).prefix(32))
        guard !slots.isEmpty, limit > 0 else { return [] }
        let systemAllowed: [Bool] = CodeSystem.allCases.map { systems?.contains($0) ?? true }

        var score = [Float](repeating: 0, count: docCode.count)
        var mask = [UInt32](repeating: 0, count: docCode.count)
        var touched: [Int32] = []
        touched.reserveCapacity(4096)
        for (s, slot) in slots.enumerated() {
            let bit = UInt32(1) << UInt32(s)
            for (term, weight) in slot.candidates {
                let w = idf[Int(term)] * weight
                for p in Int(postingStarts[Int(term)])..<Int(postingStarts[Int(term) + 1]) {
                    let d = Int(postings[p])
                    guard mask[d] & bit == 0 else { continue }
                    guard systemAllowed[Int(codeSystems[Int(docCode[d])])] else { continue }
                    if mask[d] == 0 { touched.append(Int32(d)) }
                    mask[d] |= bit
                    score[d] += w
                }
            }
        }
        let totalIdf = slots.reduce(0) { $0 + $1.maxIdf }
        let minimumCoverage: Float = slots.count == 1 ? 0.99 : 0.45
        var best: [Int32: (score: Float, doc: Int32)] = [:]
        for d32 in touched {
            let d = Int(d32)
            let coverage = score[d] / totalIdf
            guard coverage >= minimumCoverage else { continue }
            let matched = mask[d].nonzeroBitCount
            let extra = max(0, Int(docLength[d]) - matched)
            let code = docCode[d]
            var s = coverage * coverage * coverage / (1 + 0.07 * Float(extra))
            s *= SearchSource(rawValue: docSource[d])?.weight ?? 1
            if !codeBillable[Int(code)] { s *= 0.94 }
            if let current = best[code], current.score >= s { continue }
            best[code] = (s, d32)
        }
        var ranked = best.map { (code: $0.key, score: $0.value.score, doc: $0.value.doc) }
        // Ties keep the order codes were added in, which is the code sets' own order.
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.code < $1.code }
        var hits: [SearchHit] = []
        for r in ranked {
            let c = Int(r.code)
            let system = CodeSystem.allCases[Int(codeSystems[c])]
            if let filter, !filter(system, codeValues[c]) { continue }
            let source = SearchSource(rawValue: docSource[Int(r.doc)]) ?? .title
            hits.append(SearchHit(system: system, code: codeValues[c], title: codeTitles[c], billable: codeBillable[c],
                                  score: (Double(r.score) * 1000).rounded() / 1000, matched: docText[Int(r.doc)], matchedIn: source.label))
            if hits.count == limit { break }
        }
        return hits
    }

    private func makeSlots(_ query: String) -> [Slot] {
        var words = SearchText.words(query).map(\.word)
        let typingLastWord = !(query.last.map { $0.isWhitespace } ?? true)
        // Expand abbreviations into the words titles use; keep the abbreviation itself too when it is a term.
        var expanded: [(word: String, fromAbbreviation: Bool)] = []
        for w in words {
            if let full = SearchText.abbreviations[w] {
                expanded += SearchText.words(full).map { ($0.word, true) }
            } else {
                expanded.append((w, false))
            }
        }
        words = expanded.map(\.word)
        let meaningful = expanded.enumerated().filter { !SearchText.stopwords.contains($0.element.word) }
        let kept = meaningful.isEmpty ? Array(expanded.enumerated()) : meaningful
        var slots: [Slot] = []
        var seen = Set<String>()
        for (position, item) in kept {
            let term = SearchText.stem(item.word)
            guard seen.insert(term).inserted else { continue }
            var candidates: [(Int32, Float)] = []
            if let id = termIds[term] { candidates.append((id, 1)) }
            let isLast = position == expanded.count - 1
            if isLast, typingLastWord, !item.fromAbbreviation, item.word.count >= 2 {
                for id in prefixTerms(item.word, limit: 40) where id != termIds[term] { candidates.append((id, 0.8)) }
            }
            if candidates.isEmpty, item.word.count >= 4 {
                for id in oneEditAway(term) { candidates.append((id, 0.75)) }
            }
            let maxIdf = candidates.map { idf[Int($0.0)] * $0.1 }.max() ?? 0
            // A word the index has never seen narrows nothing: it is dropped rather than failing the query.
            if candidates.isEmpty { continue }
            slots.append(Slot(candidates: candidates, maxIdf: maxIdf))
        }
        return slots
    }

    private func prefixTerms(_ prefix: String, limit: Int) -> [Int32] {
        var lo = 0, hi = terms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if terms[mid] < prefix { lo = mid + 1 } else { hi = mid }
        }
        var out: [(Int32, Int32)] = []
        var i = lo
        while i < terms.count, terms[i].hasPrefix(prefix) {
            out.append((Int32(i), postingStarts[i + 1] - postingStarts[i]))
            i += 1
        }
        // The most frequent completions are the likeliest words being typed.
        if out.count > limit { out.sort { $0.1 > $1.1 }; out.removeLast(out.count - limit) }
        return out.map(\.0)
    }

    /// Terms one deletion, transposition, substitution or insertion away (small typos).
    private func oneEditAway(_ word: String) -> [Int32] {
        let chars = Array(word.unicodeScalars)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
        var found = Set<Int32>()
        func probe(_ s: [Unicode.Scalar]) {
            var v = String.UnicodeScalarView(); v.append(contentsOf: s)
            if let id = termIds[String(v)] { found.insert(id) }
        }
        for i in 0..<chars.count {
            var d = chars; d.remove(at: i); probe(d)
            if i + 1 < chars.count { var t = chars; t.swapAt(i, i + 1); probe(t) }
            for a in alphabet where a != chars[i] { var r = chars; r[i] = a; probe(r) }
        }
        for i in 0...chars.count { for a in alphabet { var ins = chars; ins.insert(a, at: i); probe(ins) } }
        return Array(found)
    }
}

extension SearchIndex: SnapshotCodable {
    public func write(to w: inout SnapshotWriter) {
        w.int32s(codeSystems.map(Int32.init)); codeValues.write(to: &w); codeTitles.write(to: &w); w.int32s(codeBillable.map { $0 ? 1 : 0 })
        w.int32s(docCode); w.int32s(docSource.map(Int32.init)); w.int32s(docLength.map(Int32.init)); docText.write(to: &w)
        w.strings(terms); w.int32s(postingStarts); w.int32s(postings)
    }

    public convenience init(from r: inout SnapshotReader) throws {
        let systems = try r.int32s(), values = try StringBlob(from: &r), titles = try StringBlob(from: &r), billable = try r.int32s()
        let docCode = try r.int32s(), docSource = try r.int32s(), docLength = try r.int32s(), docText = try StringBlob(from: &r)
        let terms = try r.strings(), starts = try r.int32s(), postings = try r.int32s()
        let codes = values.count
        guard systems.count == codes, titles.count == codes, billable.count == codes,
              systems.allSatisfy({ (0..<Int32(CodeSystem.allCases.count)).contains($0) }),
              docSource.count == docCode.count, docLength.count == docCode.count, docText.count == docCode.count,
              docCode.allSatisfy({ $0 >= 0 && $0 < codes }),
              starts.count == terms.count + 1, starts.first == 0, starts.last.map(Int.init) == postings.count,
              zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
              postings.allSatisfy({ $0 >= 0 && $0 < docCode.count }) else {
            throw CodeSetError(file: r.file, "snapshot search index is inconsistent; run `revcycle codesets import` again")
        }
        self.init(codeSystems: systems.map { UInt8($0) }, codeValues: values, codeTitles: titles, codeBillable: billable.map { $0 != 0 },
                  docCode: docCode, docSource: docSource.map { UInt8(truncatingIfNeeded: $0) },
                  docLength: docLength.map { UInt8(truncatingIfNeeded: $0) }, docText: docText,
                  terms: terms, postingStarts: starts, postings: postings)
    }
}
