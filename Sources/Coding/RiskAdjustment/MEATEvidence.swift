// MEAT: for risk adjustment, a chronic condition counts when the note shows it was Monitored, Evaluated, Assessed or
// Treated at the encounter, not merely listed. This finds, for a condition's evidence in the note (the note coder's
// span), the cue words of each kind in the sentence that names it and the sentence after (where the plan usually
// follows), so the coder sees what supports the HCC, or that nothing does.

/// One of the four kinds of support.
public enum MEATKind: String, Codable, Sendable, CaseIterable {
    case monitored, evaluated, assessed, treated

    /// The cue words, lower case; a cue matches a word that starts with it ("prescri" finds "prescribed").
    var cues: [String] {
        switch self {
        case .monitored: ["monitor", "stable", "follow", "track", "unchanged", "recheck", "watch", "surveillance", "symptom", "log"]
        case .evaluated: ["exam", "lab", "a1c", "hba1c", "bmp", "egfr", "gfr", "creatinine", "echo", "ejection", "x-ray", "xray", "ct", "mri", "test",
                          "result", "level", "reviewed", "bp", "spo2", "saturation", "bnp", "ecg", "ekg", "ultrasound", "biopsy", "culture"]
        case .assessed: ["assess", "controlled", "uncontrolled", "worsening", "worse", "improv", "progress", "poorly", "severe", "moderate", "mild",
                         "counsel", "discuss", "plan", "stage", "exacerbat", "decompensat", "compensated"]
        case .treated: ["continue", "start", "increase", "decrease", "prescri", "refill", "mg", "therapy", "insulin", "metformin", "lisinopril",
                        "dialysis", "refer", "surgery", "medication", "dose", "titrat", "diuretic", "furosemide", "statin", "inhaler", "oxygen",
                        "empagliflozin", "treat"]
        }
    }
}

/// A cue found near a condition's evidence.
public struct MEATFinding: Codable, Sendable, Hashable {
    public var kind: MEATKind
    /// The cue word as written.
    public var cue: String
    /// UTF-16 offsets of the cue word in the note.
    public var start: Int
    public var end: Int
}

/// The support found for one condition.
public struct MEATSupport: Codable, Sendable, Hashable {
    /// The sentences read (the one with the evidence, and the next), as UTF-16 offsets.
    public var start: Int
    public var end: Int
    public var findings: [MEATFinding]

    /// The kinds found, in M, E, A, T order.
    public var kinds: [MEATKind] { MEATKind.allCases.filter { kind in findings.contains { $0.kind == kind } } }
    public var isSupported: Bool { !findings.isEmpty }
}

public enum MEATEvidence {
    /// The support around the evidence span `start..<end` (UTF-16 offsets) of `note`.
    public static func support(in note: String, evidenceStart: Int, evidenceEnd: Int) -> MEATSupport {
        let units = Array(note.utf16)
        let start = max(0, min(evidenceStart, units.count)), end = max(start, min(evidenceEnd, units.count))
        // The sentence holding the evidence, and the next one.
        var from = start
        while from > 0 && !isSentenceEnd(units, at: from - 1) { from -= 1 }
        var to = end
        var sentences = 0
        while to < units.count {
            if isSentenceEnd(units, at: to) {
                sentences += 1
                if sentences == 2 { to += 1; break }
            }
            to += 1
        }
        var findings: [MEATFinding] = []
        var i = from
        while i < to {
            guard isWordUnit(units[i]) else { i += 1; continue }
            var j = i
            while j < to && (isWordUnit(units[j]) || (units[j] == 0x2D && j + 1 < to && isWordUnit(units[j + 1]))) { j += 1 }
            // The condition's own words are not support for it.
            if j <= start || i >= end {
                let word = String(decoding: units[i..<j], as: UTF16.self).lowercased()
                for kind in MEATKind.allCases {
                    if kind.cues.contains(where: { cueMatches($0, word) }) {
                        findings.append(MEATFinding(kind: kind, cue: String(decoding: units[i..<j], as: UTF16.self), start: i, end: j))
                    }
                }
            }
            i = j
        }
        return MEATSupport(start: from, end: to, findings: findings)
    }

    /// Short cues ("ct", "bp", "mg", "lab") must be the whole word; longer ones may start it.
    static func cueMatches(_ cue: String, _ word: String) -> Bool {
        cue.count <= 3 ? word == cue || word == cue + "s" : word.hasPrefix(cue)
    }

    static func isSentenceEnd(_ units: [UInt16], at i: Int) -> Bool {
        let u = units[i]
        if u == 0x0A { return true }
        guard u == 0x2E || u == 0x21 || u == 0x3F else { return false }
        // "3.5 mg" or "Dr." inside a sentence: a period is an end only before a space or the end of the note.
        return i + 1 >= units.count || units[i + 1] == 0x20 || units[i + 1] == 0x0A
    }

    static func isWordUnit(_ u: UInt16) -> Bool {
        (0x30...0x39).contains(u) || (0x41...0x5A).contains(u) || (0x61...0x7A).contains(u) || u >= 0xC0
    }
}
