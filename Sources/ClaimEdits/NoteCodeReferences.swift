import Foundation

/// The codes an ICD-10-CM instructional note names, read from its text: "mild cognitive impairment (G31.84)",
/// "diabetes mellitus (E08.43, E09.43, E10.43, E11.43, E13.43)", "heart-lung transplant (T86.3-)", "viral hepatitis
/// (B15-B19)", "sequelae (I69. with final characters -23)". Codes are read from the parentheses; a note without any
/// there may end with one ("... syndrome E72.4", "... classified to Q87.-"). A reference narrowed in words the parser
/// does not know ("with open fracture 7th character") is left out rather than read too widely.
public enum NoteCodeReferences {
    public static func patterns(in text: String) -> [DiagnosisCodePattern] {
        var found: [DiagnosisCodePattern] = []
        for group in parenthesised(text) { found += items(group) }
        if found.isEmpty, let last = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).last {
            found += items(String(last))
        }
        return found
    }

    /// The text inside each innermost pair of parentheses.
    static func parenthesised(_ text: String) -> [Substring] {
        var groups: [Substring] = []
        var open: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "(" { open = text.index(after: i) } else if text[i] == ")", let start = open { groups.append(text[start..<i]); open = nil }
            i = text.index(after: i)
        }
        return groups
    }

    /// A list of references: "R73.01, R73.09", "A00-R94 and T80-T88.6".
    static func items(_ list: some StringProtocol) -> [DiagnosisCodePattern] {
        list.split(separator: ",").flatMap { $0.components(separatedBy: " and ") }.compactMap { item(String($0)) }
    }

    /// One reference, or nil when it is not one: "K52.9", "T86.3-", "E83.-", "B38.0-B38.2", "I01.0 -I01.9",
    /// "P28.3- - P28.4-", "V01-V09 with 5th character 9", "E08-E13 with .41", "I69. with final characters -23".
    static func item(_ raw: String) -> DiagnosisCodePattern? {
        var base = Substring(raw)
        var qualifier: Substring?
        if let with = raw.range(of: "with") {
            base = raw[..<with.lowerBound]
            qualifier = raw[with.upperBound...]
        }
        guard var pattern = range(base.filter { $0 != " " && $0 != "\t" }) else { return nil }
        if let qualifier {
            guard narrow(&pattern, by: qualifier.trimmingSpaces) else { return nil }
        }
        return pattern
    }

    /// "E08-E13", "B38.0-B38.2", "T86.3-", "E83.-", "I69.", "P28.3--P28.4-" (spaces removed).
    static func range(_ text: String) -> DiagnosisCodePattern? {
        let chars = Array(text.utf8)
        var i = 0
        // As the tabular prints a code: three characters (a letter, a digit, a letter or digit), then a dot and up to four.
        func code() -> PackedDiagnosis? {
            let start = i
            guard i + 3 <= chars.count, isLetter(chars[i]), isDigit(chars[i + 1]), isAlphanumeric(chars[i + 2]) else { return nil }
            i += 3
            if i + 1 < chars.count, chars[i] == UInt8(ascii: "."), isAlphanumeric(chars[i + 1]) {
                i += 1
                while i < chars.count, isAlphanumeric(chars[i]) { i += 1 }
            }
            guard i == chars.count || !isAlphanumeric(chars[i]) else { return nil }
            guard let packed = PackedDiagnosis(String(decoding: chars[start..<i], as: UTF8.self)), packed.count <= 7 else { return nil }
            return packed
        }
        guard let low = code() else { return nil }
        var dashes = 0
        while i < chars.count, chars[i] == UInt8(ascii: "-") || chars[i] == UInt8(ascii: ".") {
            if chars[i] == UInt8(ascii: "-") { dashes += 1 }
            i += 1
        }
        if i == chars.count { return DiagnosisCodePattern(low: low, high: low) }
        guard dashes > 0, let high = code(), low <= high else { return nil }
        while i < chars.count, chars[i] == UInt8(ascii: "-") || chars[i] == UInt8(ascii: ".") { i += 1 }
        guard i == chars.count else { return nil }
        return DiagnosisCodePattern(low: low, high: high)
    }

    /// Applies "final characters -23", "5th character 9", "fifth-character 1", "fifth to sixth characters 51",
    /// "7th character B", ".41", ".62-" to the pattern; false for anything else.
    static func narrow(_ pattern: inout DiagnosisCodePattern, by qualifier: String) -> Bool {
        let words = qualifier.lowercased().replacingOccurrences(of: "-character", with: " character")
            .split(separator: " ").map(String.init)
        func value(_ word: String) -> PackedDiagnosis? {
            let trimmed = word.drop { $0 == "-" }
            return trimmed.allSatisfy { $0.isNumber || $0.isLetter } ? PackedDiagnosis(trimmed) : nil
        }
        // ".41" or ".62-": the characters after the category's three.
        if words.count == 1, words[0].hasPrefix("."), let v = value(String(words[0].dropFirst().prefix { $0 != "-" })),
           words[0].dropFirst().allSatisfy({ $0.isNumber || $0.isLetter || $0 == "-" }) {
            pattern.characters = (3, v)
            return true
        }
        if words.count == 3, words[0] == "final", words[1] == "characters" || words[1] == "character", let v = value(words[2]) {
            pattern.suffix = v
            return true
        }
        let ordinals = ["4th": 3, "fourth": 3, "5th": 4, "fifth": 4, "6th": 5, "sixth": 5, "7th": 6, "seventh": 6]
        if words.count == 3, let position = ordinals[words[0]], words[1] == "character", let v = value(words[2]), v.count == 1 {
            pattern.characters = (position, v)
            return true
        }
        if words.count == 5, let position = ordinals[words[0]], words[1] == "to", ordinals[words[2]] == position + 1,
           words[3] == "characters", let v = value(words[4]), v.count == 2 {
            pattern.characters = (position, v)
            return true
        }
        return false
    }

    private static func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
    private static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
