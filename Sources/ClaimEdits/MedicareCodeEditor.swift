import CodeSets
import Foundation

/// One release of the Medicare Code Editor (MCE) definitions, as CMS publishes them in "Definitions of Medicare Code
/// Edits" (text): the diagnosis lists of the age conflict edit, the manifestation codes and the codes unacceptable as
/// principal diagnosis. The lists are read from the file, the age ranges from its headings.
public struct MCETable: Sendable {
    public enum AgeCategory: String, Sendable, CaseIterable {
        case newborn = "perinatal/newborn", pediatric, maternity, adult
    }

    /// A list of ICD-10-CM codes (printed without dots; a dotted code or a range "A00-A09" is read too).
    public struct CodeList: Sendable {
        let codes: Set<PackedDiagnosis>
        let ranges: [DiagnosisCodePattern]
        /// How many entries the file lists.
        public let count: Int

        public func contains(_ code: String) -> Bool { PackedDiagnosis(code).map(contains) ?? false }
        func contains(_ code: PackedDiagnosis) -> Bool { codes.contains(code) || ranges.contains { $0.matches(code) } }
    }

    public struct AgeList: Sendable {
        public let category: AgeCategory
        /// As printed: "B. Pediatric diagnoses (age 0 through 17)".
        public let heading: String
        /// In whole years, both ends included.
        public let ages: ClosedRange<Int>
        public let codes: CodeList
    }

    /// "v43.1".
    public let version: String
    /// "April 2026".
    public let releaseName: String
    /// The first day of the release's month: April 2026 takes effect on 2026-04-01.
    public let effective: ServiceDate
    /// The file name (not path).
    public let sourceFile: String
    public let ageLists: [AgeList]
    public let manifestations: CodeList
    public let unacceptablePrincipal: CodeList
    /// Unacceptable as principal diagnosis unless a secondary diagnosis is coded (marked with an asterisk: Z51.89).
    public let acceptableWithSecondary: CodeList

    /// "Medicare Code Editor v43.1 (April 2026)".
    public var sourceName: String { "Medicare Code Editor \(version) (\(releaseName))" }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let manifestationHeading = "Manifestation codes not allowed as principal diagnosis"
    static let unacceptableHeading = "Unacceptable principal diagnosis codes"

    /// Reads a definitions file (Windows-1252 or UTF-8). Throws naming the file and line for a list entry that is not
    /// a code and its title, a list missing or given twice, an age range missing or contradicted.
    public static func load(_ url: URL) throws -> MCETable {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CodeSetError(file: file, "cannot be read: \(error.localizedDescription)") }
        // CMS writes it in Windows-1252 (its apostrophes and en dashes).
        let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) ?? ""
        return try parse(text, file: file)
    }

    static func parse(_ text: String, file: String) throws -> MCETable {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var release: (version: String, name: String, effective: ServiceDate)?
        var bulletAges: [AgeCategory: ClosedRange<Int>] = [:]
        var ageLists: [AgeCategory: AgeList] = [:]
        var lists: [String: (entries: [(code: String, line: Int)], line: Int)] = [:]
        var n = 0
        while n < lines.count {
            let line = String(lines[n])
            let lineNumber = n + 1
            n += 1
            if release == nil, let found = releaseLine(line) {
                release = found
                continue
            }
            if line.hasPrefix("* "), let (category, ages) = ageBullet(line) {
                bulletAges[category] = ages
                continue
            }
            let heading: String
            if let (category, ages) = ageHeading(line) {
                heading = category.rawValue
                if ageLists[category] != nil { throw CodeSetError(file: file, line: lineNumber, "a second list of \(category.rawValue) diagnoses") }
                let entries = try listEntries(lines, from: &n, file: file)
                guard let ages = ages ?? bulletAges[category] else {
                    throw CodeSetError(file: file, line: lineNumber, "no age range for the \(category.rawValue) diagnoses, in the heading or the description before it")
                }
                if let described = bulletAges[category], described != ages {
                    throw CodeSetError(file: file, line: lineNumber, "the heading gives ages \(ages.lowerBound)-\(ages.upperBound), the description \(described.lowerBound)-\(described.upperBound)")
                }
                ageLists[category] = AgeList(category: category, heading: line, ages: ages, codes: try codeList(entries, file: file))
                continue
            } else if line == manifestationHeading || line == unacceptableHeading {
                heading = line
            } else {
                continue
            }
            if lists[heading] != nil { throw CodeSetError(file: file, line: lineNumber, "a second list \"\(heading)\"") }
            lists[heading] = (try listEntries(lines, from: &n, file: file), lineNumber)
        }
        guard let release else { throw CodeSetError(file: file, "no release line such as \"v43.1 April 2026\": is this the MCE definitions text?") }
        for category in AgeCategory.allCases where ageLists[category] == nil {
            throw CodeSetError(file: file, "no list of \(category.rawValue) diagnoses for the age conflict edit")
        }
        for heading in [manifestationHeading, unacceptableHeading] where lists[heading] == nil {
            throw CodeSetError(file: file, "no list \"\(heading)\"")
        }
        let unacceptable = lists[unacceptableHeading]!.entries
        return MCETable(version: release.version, releaseName: release.name, effective: release.effective, sourceFile: file,
                        ageLists: AgeCategory.allCases.compactMap { ageLists[$0] },
                        manifestations: try codeList(lists[manifestationHeading]!.entries, file: file),
                        unacceptablePrincipal: try codeList(unacceptable, file: file),
                        acceptableWithSecondary: try codeList(unacceptable.filter { $0.code.hasPrefix("*") }, file: file))
    }

    /// "v43.1 April 2026".
    static func releaseLine(_ line: String) -> (version: String, name: String, effective: ServiceDate)? {
        let words = line.trimmingSpaces.split(separator: " ")
        guard words.count == 3, words[0].hasPrefix("v"), words[0].dropFirst().allSatisfy({ $0.isNumber || $0 == "." }), words[0].count > 1,
              let month = months.firstIndex(of: String(words[1])), let year = Int(words[2]),
              let date = ServiceDate(year: year, month: month + 1, day: 1) else { return nil }
        return (String(words[0]), "\(words[1]) \(words[2])", date)
    }

    /// "* Pediatric. Age range is 0–17 years inclusive (...)", "* Perinatal/Newborn. Age 0 years only; ...".
    static func ageBullet(_ line: String) -> (AgeCategory, ClosedRange<Int>)? {
        let body = line.dropFirst(2)
        guard let dot = body.firstIndex(of: "."), let category = category(String(body[..<dot])) else { return nil }
        let numbers = body[dot...].split { !$0.isNumber }.prefix(2).compactMap { Int($0) }
        if body.contains("years only"), let age = numbers.first { return (category, age...age) }
        guard body.contains("Age range is"), numbers.count == 2, numbers[0] <= numbers[1] else { return nil }
        return (category, numbers[0]...numbers[1])
    }

    /// "A. Perinatal/Newborn diagnoses", "B. Pediatric diagnoses (age 0 through 17)"; the ages when the heading has them.
    static func ageHeading(_ line: String) -> (AgeCategory, ClosedRange<Int>?)? {
        guard line.count > 3, line.dropFirst().hasPrefix(". "), let range = line.range(of: " diagnoses"),
              let category = category(String(line[line.index(line.startIndex, offsetBy: 3)..<range.lowerBound])) else { return nil }
        let rest = line[range.upperBound...]
        if rest.isEmpty { return (category, nil) }
        let words = rest.split(separator: " ")
        guard words.count == 4, words[0] == "(age", words[2] == "through", let low = Int(words[1]), let high = Int(words[3].dropLast()),
              words[3].hasSuffix(")"), low <= high else { return nil }
        return (category, low...high)
    }

    static func category(_ name: String) -> AgeCategory? {
        switch name {
        case "Perinatal/Newborn": .newborn
        case "Pediatric": .pediatric
        case "Maternity": .maternity
        case "Adult": .adult
        default: nil
        }
    }

    /// The lines after a list heading up to the first blank line: each a code (an asterisk before it marks a note),
    /// a tab and its title.
    static func listEntries(_ lines: [Substring], from n: inout Int, file: String) throws -> [(code: String, line: Int)] {
        var entries: [(code: String, line: Int)] = []
        while n < lines.count, !lines[n].trimmingSpaces.isEmpty {
            let line = lines[n]
            n += 1
            let fields = line.split(separator: "\t", maxSplits: 1)
            let code = fields.first.map { String($0).trimmingSpaces } ?? ""
            let bare = code.hasPrefix("*") ? String(code.dropFirst()) : code
            guard fields.count == 2, !fields[1].trimmingSpaces.isEmpty, pattern(bare) != nil else {
                throw CodeSetError(file: file, line: n, "expected an ICD-10-CM code, a tab and its title, found \"\(line.prefix(60))\"")
            }
            entries.append((code, n))
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, line: n, "the list under this heading is empty") }
        return entries
    }

    /// "A33", "E11.9", "A00-A09": an ICD-10-CM code (a letter, then letters and digits, three to seven) or a range of them.
    static func pattern(_ code: String) -> DiagnosisCodePattern? {
        let ends = code.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 1 || ends.count == 2 else { return nil }
        let packed = ends.compactMap { PackedDiagnosis($0) }
        guard packed.count == ends.count, packed.allSatisfy({ (3...7).contains($0.count) && $0.character(at: 0) >= 0x41 && $0.character(at: 1) <= 0x39 }),
              packed[0] <= packed[packed.count - 1] else { return nil }
        return DiagnosisCodePattern(low: packed[0], high: packed[packed.count - 1])
    }

    static func codeList(_ entries: [(code: String, line: Int)], file: String) throws -> CodeList {
        var codes: Set<PackedDiagnosis> = []
        var ranges: [DiagnosisCodePattern] = []
        for entry in entries {
            let bare = entry.code.hasPrefix("*") ? String(entry.code.dropFirst()) : entry.code
            guard let pattern = pattern(bare) else { throw CodeSetError(file: file, line: entry.line, "'\(bare)' is not an ICD-10-CM code") }
            if pattern.low != pattern.high { ranges.append(pattern); continue }
            guard codes.insert(pattern.low).inserted else { throw CodeSetError(file: file, line: entry.line, "\(bare) is listed twice") }
        }
        return CodeList(codes: codes, ranges: ranges, count: entries.count)
    }
}

/// The MCE releases loaded, each in force from its effective date: a date of service is judged by the latest release
/// in force on it, or the earliest loaded when it comes before them all.
public struct MCETables: Sendable {
    public let tables: [MCETable]

    public init(_ tables: [MCETable]) { self.tables = tables.sorted { $0.effective < $1.effective } }

    public func table(on date: ServiceDate) -> MCETable? { tables.last { $0.effective <= date } ?? tables.first }

    /// The releases in a code-sets folder, one folder each: `mce/<version>/Definitions_of_Medicare_Code_Edits_….txt`.
    /// Nil when there is no `mce` folder or it has no release.
    public static func load(codeSets: URL) throws -> MCETables? {
        let root = codeSets.appendingPathComponent("mce")
        let releases = ((try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !releases.isEmpty else { return nil }
        return MCETables(try releases.map(load(release:)))
    }

    /// One release folder: the one definitions text in it, whose version must be the folder's when the folder is
    /// named by version ("v43.1").
    static func load(release folder: URL) throws -> MCETable {
        let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension.lowercased() == "txt" && $0.lastPathComponent.lowercased().contains("medicare_code_edits") }
        guard files.count == 1 else {
            throw CodeSetError(file: "mce/\(folder.lastPathComponent)", "expected one Definitions_of_Medicare_Code_Edits_….txt, found \(files.count)")
        }
        let table = try MCETable.load(files[0])
        let name = folder.lastPathComponent
        if name.hasPrefix("v"), name != table.version {
            throw CodeSetError(file: "mce/\(name)/\(table.sourceFile)", "is version \(table.version), not \(name) as its folder says")
        }
        return table
    }
}
