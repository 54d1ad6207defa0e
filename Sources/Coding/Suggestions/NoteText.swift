/// Words as the index and the note are compared: lower case, light plural stemming, a few spelling and anatomical
/// synonyms folded together ("renal" and "kidney" are one word to the matcher). The same function reads index terms
/// and notes, so both sides agree.
enum WordForm {
    /// Words the matcher ignores in index terms and notes.
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "and", "or", "to", "with", "by", "for", "at", "as", "from", "its", "s", "is",
        "was", "were", "be", "been", "are", "his", "her", "their", "this", "that", "which", "who", "nec", "nos",
        // Ordinary English that is also an index title ("May (-Hegglin)", "Plus (and minus) hand").
        "may", "plus", "good", "can", "also", "well",
    ]
    /// Words that add little to an index term: a term made of other words too may match without them.
    static let genericWords: Set<String> = [
        "disease", "disorder", "condition", "complication", "involvement", "specified", "unspecified", "other", "site",
        "state", "organ", "part", "region", "multiple", "acquired", "primary", "due", "following", "syndrome",
    ]
    /// Same meaning, one form: anatomical adjectives the index uses interchangeably with their nouns, and British
    /// spellings. Clinical knowledge, not learned from any corpus.
    static let synonyms: [String: String] = [
        "renal": "kidney", "cardiac": "heart", "hepatic": "liver", "pulmonary": "lung", "gastric": "stomach",
        "cutaneous": "skin", "tumour": "tumor", "haemorrhage": "hemorrhage", "anaemia": "anemia", "oedema": "edema",
        "oesophagus": "esophagus", "oesophageal": "esophageal", "haematuria": "hematuria", "diarrhoea": "diarrhea",
        "foetal": "fetal", "paediatric": "pediatric", "leukaemia": "leukemia", "ischaemic": "ischemic", "ischaemia": "ischemia",
        "tumoral": "tumor", "neoplastic": "neoplasm", "malignancy": "malignant", "carcinomatous": "carcinoma",
        "vesical": "bladder", "hematic": "blood", "fever": "fever", "febrile": "fever", "pyrexia": "fever",
        "ocular": "eye", "osseous": "bone", "thoracic": "thorax", "abdominal": "abdomen", "pelvic": "pelvis",
    ]
    /// Clinical abbreviations a note uses and the index spells out.
    static let abbreviations: [String: [String]] = [
        "ckd": ["chronic", "kidney", "disease"], "htn": ["hypertension"], "dm": ["diabetes"], "t2dm": ["type", "2", "diabetes"],
        "t1dm": ["type", "1", "diabetes"], "copd": ["chronic", "obstructive", "pulmonary", "disease"],
        "chf": ["congestive", "heart", "failure"], "cad": ["coronary", "artery", "disease"], "mi": ["myocardial", "infarction"],
        "uti": ["urinary", "tract", "infection"], "afib": ["atrial", "fibrillation"], "dvt": ["deep", "vein", "thrombosis"],
        "esrd": ["end", "stage", "renal", "disease"], "gerd": ["gastro", "esophageal", "reflux", "disease"],
        "aki": ["acute", "kidney", "failure"], "arf": ["acute", "kidney", "failure"], "osa": ["obstructive", "sleep", "apnea"],
        "tia": ["transient", "ischemic", "attack"], "bph": ["benign", "prostatic", "hyperplasia"],
        "hiv": ["human", "immunodeficiency", "virus"], "cva": ["cerebral", "infarction"], "sle": ["systemic", "lupus", "erythematosus"],
    ]

    /// The matcher's form of one lower-cased word.
    static func normalize(_ lower: String) -> String {
        var w = lower
        if w.count > 4, w.hasSuffix("ies") {
            w = String(w.dropLast(3)) + "y"
        } else if w.count > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            w = String(w.dropLast())
        }
        return synonyms[w] ?? w
    }
}

/// One word of a note, where it is, and what the sentence says about it.
struct NoteToken {
    var start: Int
    var end: Int
    /// Lower case, as written (for triggers).
    var lower: String
    /// Normalised (for the index), vocabulary id or -1 when the index never uses the word.
    var word: Int32
    var sentence: Int
    var clause: Int
    /// How many content words (not stop words) come before this one: distances between terms' words are counted in
    /// these, so "fracture of the shaft of the right femur" keeps femur near fracture.
    var content = 0
    /// A word the note's word stands for ("cancer" for malignant neoplasm): used by history lookups, never an anchor.
    var implied = false
    var negated = false
    var uncertain = false
    var history = false
    var family = false
    /// The trigger that set each flag, for the rationale.
    var negationCue = ""
    var uncertaintyCue = ""
    var historyCue = ""
    var familyCue = ""
}

/// Splits text into words with UTF-16 offsets, and sentences and clauses; words are letters and digits, anything
/// else separates them.
struct NoteTokenizer {
    static let clauseBreakWords: Set<String> = [
        "but", "however", "although", "though", "except", "whereas", "while", "who", "which", "presented", "presenting",
        "complaining", "consulted", "admitted", "came", "comes", "showed", "revealed", "after",
    ]

    /// Each word's bounds and lower-case text, with a sentence and a clause number.
    static func words(_ units: [UInt16]) -> [(start: Int, end: Int, lower: String, sentence: Int, clause: Int)] {
        var out: [(start: Int, end: Int, lower: String, sentence: Int, clause: Int)] = []
        out.reserveCapacity(units.count / 5)
        var sentence = 0, clause = 0
        var i = 0
        let n = units.count
        func isWordUnit(_ u: UInt16) -> Bool {
            (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || (u >= 0xC0 && u != 0xD7 && u != 0xF7 && u < 0x2000)
        }
        while i < n {
            let u = units[i]
            if isWordUnit(u) {
                let s = i
                while i < n, isWordUnit(units[i]) { i += 1 }
                var scalars = String.UnicodeScalarView()
                for k in s..<i {
                    var c = units[k]
                    if c >= 65 && c <= 90 { c += 32 }
                    if let scalar = Unicode.Scalar(c) { scalars.append(scalar) }
                }
                let lower = String(scalars)
                if clauseBreakWords.contains(lower) { clause += 1 }
                out.append((s, i, lower, sentence, clause))
                continue
            }
            switch u {
            case 10, 13, 63, 33: // newline, ?, !
                if out.last?.sentence == sentence { sentence += 1; clause += 1 }
            case 46: // a full stop ends a sentence unless a digit follows (3.5)
                if i + 1 >= n || !(units[i + 1] >= 48 && units[i + 1] <= 57) {
                    if out.last?.sentence == sentence { sentence += 1; clause += 1 }
                }
            case 59, 58, 40, 41: // ; : ( )
                clause += 1
            default: break
            }
            i += 1
        }
        return out
    }
}

/// Negation, uncertainty, history and family triggers (NegEx-style: a cue and a scope of words after it, or before
/// it for cues written after the condition), each kept to its clause.
enum ContextRules {
    struct Cue { var words: [String]; var forward: Bool }

    static let negation: [Cue] = [
        ["no"], ["not"], ["denies"], ["denied"], ["deny"], ["denying"], ["without"], ["no", "evidence", "of"], ["negative", "for"],
        ["ruled", "out"], ["free", "of"], ["absence", "of"], ["never"], ["nor"], ["neither"], ["excluded"],
    ].map { Cue(words: $0, forward: true) } + [
        ["ruled", "out"], ["was", "excluded"], ["were", "excluded"], ["negative"], ["absent"], ["not", "seen"], ["not", "found"],
        ["unlikely"], ["resolved"],
    ].map { Cue(words: $0, forward: false) }
    /// Phrases that contain a negation cue but negate nothing.
    static let pseudoNegation: [[String]] = [["not", "only"], ["no", "change"], ["no", "longer"], ["not", "rule", "out"], ["gram", "negative"]]

    static let uncertainty: [Cue] = [
        ["probable"], ["probably"], ["suspected"], ["suspect"], ["suspicion"], ["likely"], ["possible"], ["possibly"],
        ["rule", "out"], ["r", "o"], ["concern", "for"], ["consistent", "with"], ["compatible", "with"], ["suggestive", "of"],
        ["suggesting"], ["suspicious"], ["questionable"], ["presumed"], ["presumptive"], ["differential", "diagnosis"],
        ["may", "be"], ["might"], ["versus"], ["vs"],
    ].map { Cue(words: $0, forward: true) } + [
        ["was", "suspected"], ["is", "suspected"], ["not", "excluded"], ["cannot", "be", "excluded"], ["be", "ruled", "out"],
    ].map { Cue(words: $0, forward: false) }

    static let history: [Cue] = [
        ["history", "of"], ["h", "o"], ["past", "history"], ["past", "medical", "history"], ["previous"], ["previously"],
        ["prior"], ["personal", "history"],
    ].map { Cue(words: $0, forward: true) }

    static let family: [Cue] = [
        ["family", "history"], ["mother"], ["father"], ["brother"], ["sister"], ["sibling"], ["siblings"], ["parents"],
        ["aunt"], ["uncle"], ["grandmother"], ["grandfather"], ["cousin"], ["son"], ["daughter"], ["maternal"], ["paternal"],
    ].map { Cue(words: $0, forward: true) } + [
        ["mother"], ["father"], ["brother"], ["sister"], ["sibling"], ["siblings"], ["parents"], ["relatives"],
    ].map { Cue(words: $0, forward: false) }

    static let scope = 8
    static let backwardScope = 5

    /// Marks each token's flags in place.
    static func apply(to tokens: inout [NoteToken]) {
        mark(&tokens, cues: negation, pseudo: pseudoNegation) { t, cue in
            if !t.negated { t.negated = true; t.negationCue = cue }
        }
        mark(&tokens, cues: uncertainty, pseudo: []) { t, cue in
            if !t.uncertain { t.uncertain = true; t.uncertaintyCue = cue }
        }
        mark(&tokens, cues: history, pseudo: [["family", "history"]]) { t, cue in
            if !t.history { t.history = true; t.historyCue = cue }
        }
        mark(&tokens, cues: family, pseudo: []) { t, cue in
            if !t.family { t.family = true; t.familyCue = cue }
        }
    }

    private static func matches(_ tokens: [NoteToken], at i: Int, _ words: [String]) -> Bool {
        guard i + words.count <= tokens.count else { return false }
        for (k, w) in words.enumerated() {
            if tokens[i + k].lower != w || tokens[i + k].clause != tokens[i].clause { return false }
        }
        return true
    }

    private static func mark(_ tokens: inout [NoteToken], cues: [Cue], pseudo: [[String]], set: (inout NoteToken, String) -> Void) {
        var firstByWord: [String: [Int]] = [:]
        for (k, c) in cues.enumerated() { firstByWord[c.words[0], default: []].append(k) }
        var i = 0
        while i < tokens.count {
            guard let candidates = firstByWord[tokens[i].lower] else { i += 1; continue }
            if pseudo.contains(where: { matches(tokens, at: i, $0) }) || (i > 0 && pseudo.contains(where: { $0.count == 2 && matches(tokens, at: i - 1, $0) })) {
                i += 1; continue
            }
            // The longest cue wins ("no evidence of" over "no"); a cue read both ways ("mother") marks both ways.
            let matching = candidates.filter { matches(tokens, at: i, cues[$0].words) }
            guard let longest = matching.map({ cues[$0].words.count }).max() else { i += 1; continue }
            for k in matching where cues[k].words.count == longest {
                let cue = cues[k]
                let text = cue.words.joined(separator: " ")
                let clause = tokens[i].clause
                if cue.forward {
                    var j = i + cue.words.count
                    while j < tokens.count, j < i + cue.words.count + scope, tokens[j].clause == clause {
                        set(&tokens[j], text); j += 1
                    }
                } else {
                    var j = i - 1
                    while j >= 0, j >= i - backwardScope, tokens[j].clause == clause {
                        set(&tokens[j], text); j -= 1
                    }
                }
            }
            i += longest
        }
    }
}
