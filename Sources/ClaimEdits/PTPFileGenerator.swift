import CodeSets
import Foundation

/// Synthetic NCCI PTP files in the CMS layout, for benchmarks: the same seed writes the same file, sorted as CMS sorts.
public enum PTPFileGenerator {
    /// The rationales the CMS files repeat.
    static let rationales = [
        "Misuse of column two code with column one code", "Standards of medical / surgical practice",
        "CPT Manual or CMS manual coding instruction", "Mutually exclusive procedures", "More extensive procedure",
        "HCPCS/CPT procedure code definition", "CPT separate procedure definition", "Sequential procedure",
        "Laboratory panel", "Anesthesia service included in surgical procedure",
    ]

    /// Writes `pairs` rows (notice and header lines first) to `url`: column 1 codes in order, about 40 column 2
    /// codes each, dates between 1996 and 2026, modifier indicators about 10% 0, 85% 1, 5% 9, a few deleted.
    public static func write(pairs: Int, seed: UInt64 = 1, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { try? handle.close() }
        var random = SeededGenerator(seed: seed)
        var out: [UInt8] = []
        out.append(contentsOf: "Synthetic NCCI PTP edits in the CMS layout, written by Revcycle for benchmarks (seed \(seed)); not CMS data.\n".utf8)
        out.append(contentsOf: "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n".utf8)
        let column1Count = max(1, pairs / 40)
        let column1Step = max(1, Universe.size / column1Count)
        var written = 0
        for n in 0..<column1Count where written < pairs {
            let column1 = min(Universe.size - 1, n * column1Step + Int(random.next(below: UInt64(column1Step))))
            // An even share of what is left, give or take half, and all of it for the last column 1 code.
            let share = (pairs - written) / (column1Count - n)
            let count = n == column1Count - 1 ? pairs - written : min(pairs - written, max(1, share / 2 + Int(random.next(below: UInt64(share + 1)))))
            // Column 2 codes: an increasing walk over the codes other than column 1.
            let stride = max(1, (Universe.size - 1) / max(1, count))
            var column2 = Int(random.next(below: UInt64(stride)))
            for _ in 0..<min(count, Universe.size - 1) {
                row(column1, column2 < column1 ? column2 : column2 + 1, &random, into: &out)
                // At most `stride` a step, so `count` steps stay inside the universe.
                column2 += 1 + Int(random.next(below: UInt64(stride)))
                written += 1
            }
            if out.count > 1 << 20 { handle.write(Data(out)); out.removeAll(keepingCapacity: true) }
        }
        handle.write(Data(out))
    }

    static func row(_ column1: Int, _ column2: Int, _ random: inout SeededGenerator, into out: inout [UInt8]) {
        let quarter = Int(random.next(below: 121))  // 1996 Q1 to 2026 Q1
        let effective = (1996 + quarter / 4) * 10000 + (quarter % 4 * 3 + 1) * 100 + 1
        let deleted = random.next(below: 100) < 3
        let deletion = deleted ? String(effective + 10000) : "*"
        let draw = random.next(below: 100)
        let indicator = draw < 10 ? "0" : draw < 95 ? "1" : "9"
        let rationale = rationales[Int(random.next(below: UInt64(rationales.count)))]
        let line = "\(Universe.code(column1))\t\(Universe.code(column2))\t\(effective == 19960101 ? "*" : "")\t\(effective)\t\(deletion)\t\(indicator)\t\(rationale)\n"
        out.append(contentsOf: line.utf8)
    }

    /// The codes drawn from, in file order: 00000 to 99999, then HCPCS Level II shapes A0000 to V9999.
    enum Universe {
        static let letters = Array("ABCEGHJKLMPQRSTUV")
        static let size = 100_000 + letters.count * 10_000

        static func code(_ index: Int) -> String {
            if index < 100_000 { return String(repeating: "0", count: 5 - String(index).count) + String(index) }
            let rest = index - 100_000
            let digits = String(rest % 10_000)
            return String(letters[rest / 10_000]) + String(repeating: "0", count: 4 - digits.count) + digits
        }
    }
}
