import Foundation
import ZIPFoundation

/// Importers for the flat code sets: HCPCS Level II codes and modifiers, CPT (from the CMS Physician Fee Schedule
/// or from the AMA licensed data file), the X12 code lists (CARC, RARC, adjustment groups, claim status categories,
/// claim status codes), place of service codes and the NUCC provider taxonomy.
///
/// Every importer reads the official release file as published, and throws `CodeSetError` naming the file and,
/// where it applies, the line and what was expected there. None of them crashes on bad input.
public enum FlatImporters {

    // MARK: - HCPCS Level II

    /// Reads the CMS Alpha-Numeric HCPCS zip (e.g. `HCPC2025_JAN_alpha-numeric.zip`): its `*ANWEB*.txt` member
    /// is the fixed-width 320-character record file. The release (name and first date of service) comes from the
    /// member's or the zip's name (`HCPC2025_JAN` is "HCPCS Level II 2025 January", from 2025-01-01).
    public static func hcpcs(zip: URL) throws -> (codes: CodeTable, modifiers: CodeTable) {
        let member = try ZipMember.extract(from: zip, description: "an *ANWEB*.txt member (the fixed-width HCPCS record file)") { name in
            name.uppercased().contains("ANWEB") && name.lowercased().hasSuffix(".txt")
        }
        let text = TextFile.decode(member.data)
        let release = try hcpcsRelease(fileNames: [member.name, zip.lastPathComponent])
        return try hcpcs(text: text, fileName: member.name, releaseName: release.name, effectiveFrom: release.from,
                         sourceFiles: [zip.lastPathComponent, member.name])
    }

    /// Reads the ANWEB text file itself (already taken out of the zip), or, when `url` ends in `.zip`, the zip.
    public static func hcpcs(url: URL) throws -> (codes: CodeTable, modifiers: CodeTable) {
        if url.pathExtension.lowercased() == "zip" { return try hcpcs(zip: url) }
        return try hcpcs(text: try TextFile.read(url), fileName: url.lastPathComponent)
    }

    /// Parses the fixed-width HCPCS record text (layout: CMS `HCPCyyyy_recordlayout.txt`).
    ///
    /// Record identification code (column 11): 3 = first line of a code, 4 = continuation of its long description,
    /// 7 = first line of a modifier, 8 = continuation of the modifier's description. When `releaseName` or
    /// `effectiveFrom` is nil it is derived from `fileName` (`HCPC2025_JAN...`, also APR, JUL, OCT); a name it
    /// cannot be derived from is an error.
    public static func hcpcs(text: String, fileName: String, releaseName: String? = nil, effectiveFrom: ServiceDate? = nil,
                             sourceFiles: [String]? = nil) throws -> (codes: CodeTable, modifiers: CodeTable) {
        var name = releaseName
        var from = effectiveFrom
        if name == nil || from == nil {
            let derived = try hcpcsRelease(fileNames: [fileName])
            name = name ?? derived.name
            from = from ?? derived.from
        }
        guard let name, let from else { throw CodeSetError(file: fileName, "no release name or start date") }
        let files = sourceFiles ?? [fileName]

        var codes: [CodeEntry] = []
        var modifiers: [CodeEntry] = []
        codes.reserveCapacity(9_000)
        // Which list the previous first-line record went to, for continuation records.
        enum Last { case none, code, modifier }
        var last = Last.none

        var lineNumber = 0
        for raw in lines(of: text) {
            lineNumber += 1
            let line = FixedWidthLine(raw)
            if line.isBlank { continue }
            guard line.count >= 11 else {
                throw CodeSetError(file: fileName, line: lineNumber,
                                   "record of \(line.count) characters is too short: expected a 320-character HCPCS record with the record identification code in column 11")
            }
            let ric = line.field(11, 11)
            switch ric {
            case "3", "7":
                guard line.count >= 293 else {
                    throw CodeSetError(file: fileName, line: lineNumber,
                                       "record of \(line.count) characters is too short: a record with identification code \(ric) needs 320 characters (at least up to the action code in column 293)")
                }
                let isCode = ric == "3"
                let code = isCode ? line.field(1, 5) : line.field(4, 5)
                guard code.count == (isCode ? 5 : 2), code.utf8.allSatisfy(isAlphanumericASCII) else {
                    throw CodeSetError(file: fileName, line: lineNumber,
                                       isCode ? "expected a 5-character HCPCS code in columns 1-5, found '\(line.field(1, 5))'"
                                              : "expected a 2-character modifier in columns 4-5, found '\(line.field(4, 5))'")
                }
                let entry = try hcpcsEntry(code: code, line: line, file: fileName, lineNumber: lineNumber)
                if isCode { codes.append(entry); last = .code } else { modifiers.append(entry); last = .modifier }
            case "4", "8":
                let isCode = ric == "4"
                let code = isCode ? line.field(1, 5) : line.field(4, 5)
                let more = line.field(12, 91)
                if isCode {
                    guard last == .code, let i = codes.indices.last, codes[i].code == code else {
                        throw CodeSetError(file: fileName, line: lineNumber,
                                           "continuation record (identification code 4) for '\(code)' does not follow the first line of that code (identification code 3)")
                    }
                    if !more.isEmpty { codes[i].title += codes[i].title.isEmpty ? more : " " + more }
                } else {
                    guard last == .modifier, let i = modifiers.indices.last, modifiers[i].code == code else {
                        throw CodeSetError(file: fileName, line: lineNumber,
                                           "continuation record (identification code 8) for modifier '\(code)' does not follow the first line of that modifier (identification code 7)")
                    }
                    if !more.isEmpty { modifiers[i].title += modifiers[i].title.isEmpty ? more : " " + more }
                }
            default:
                throw CodeSetError(file: fileName, line: lineNumber,
                                   "unknown record identification code '\(ric)' in column 11: expected 3, 4, 7 or 8 (is this an HCPCS ANWEB record file?)")
            }
        }
        guard !codes.isEmpty else {
            throw CodeSetError(file: fileName, "contains no HCPCS code records (identification code 3 in column 11): is this the ANWEB record file?")
        }
        for i in codes.indices where codes[i].title.isEmpty { codes[i].title = codes[i].shortTitle ?? "HCPCS \(codes[i].code)" }
        for i in modifiers.indices where modifiers[i].title.isEmpty { modifiers[i].title = modifiers[i].shortTitle ?? "Modifier \(modifiers[i].code)" }
        return (CodeTable(release: ReleaseInfo(system: .hcpcs, name: name, effectiveFrom: from, effectiveThrough: nil, sourceFiles: files),
                          entries: codes),
                CodeTable(release: ReleaseInfo(system: .hcpcsModifier, name: name, effectiveFrom: from, effectiveThrough: nil, sourceFiles: files),
                          entries: modifiers))
    }

    private static func hcpcsEntry(code: String, line: FixedWidthLine, file: String, lineNumber: Int) throws -> CodeEntry {
        func date(_ what: String, _ a: Int, _ b: Int) throws -> ServiceDate? {
            let text = line.field(a, b)
            if text.isEmpty || text.allSatisfy({ $0 == "0" }) { return nil }
            guard let d = ServiceDate(compact: text) else {
                throw CodeSetError(file: file, line: lineNumber, "\(what) in columns \(a)-\(b) is '\(text)': expected a date YYYYMMDD")
            }
            return d
        }
        let long = line.field(12, 91)
        let short = line.field(92, 119)
        let added = try date("the code added date", 269, 276)
        let actionEffective = try date("the action effective date", 277, 284)
        let terminated = try date("the termination date", 285, 292)
        let action = line.field(293, 293)

        var attributes: [Attribute] = []
        if let added { attributes.append(Attribute("Date added", added.iso)) }
        if let actionEffective { attributes.append(Attribute("Action effective date", actionEffective.iso)) }
        if let terminated { attributes.append(Attribute("Termination date", terminated.iso)) }
        if !action.isEmpty { attributes.append(Attribute("Action", labelled(action, hcpcsActions))) }
        let coverage = line.field(230, 230)
        if !coverage.isEmpty { attributes.append(Attribute("Medicare coverage", labelled(coverage, hcpcsCoverage))) }
        let betos = line.field(257, 259)
        if !betos.isEmpty { attributes.append(Attribute("BETOS", betos)) }
        let pricing = stride(from: 120, through: 126, by: 2).map { line.field($0, $0 + 1) }.filter { !$0.isEmpty }
        if !pricing.isEmpty {
            attributes.append(Attribute("Pricing indicator", pricing.map { labelled($0, hcpcsPricing) }.joined(separator: "; ")))
        }
        return CodeEntry(code: code, title: long, shortTitle: short.isEmpty ? nil : short, billable: true,
                         effective: added, termination: terminated, attributes: attributes)
    }

    /// "HCPCS Level II 2025 January" from a name containing `HCPC2025_JAN` (or APR, JUL, OCT).
    static func hcpcsRelease(fileNames: [String]) throws -> (name: String, from: ServiceDate) {
        let quarters: [(String, String, Int)] = [("JAN", "January", 1), ("APR", "April", 4), ("JUL", "July", 7), ("OCT", "October", 10)]
        for fileName in fileNames {
            let upper = Array(fileName.uppercased().utf8)
            var i = 0
            while i + 4 <= upper.count {
                defer { i += 1 }
                guard upper[i..<(i + 4)].elementsEqual("HCPC".utf8) else { continue }
                var j = i + 4
                guard j + 4 <= upper.count, upper[j..<(j + 4)].allSatisfy(isDigitASCII),
                      let year = Int(String(decoding: upper[j..<(j + 4)], as: UTF8.self)) else { continue }
                j += 4
                while j < upper.count, upper[j] == UInt8(ascii: "_") || upper[j] == UInt8(ascii: "-") || upper[j] == UInt8(ascii: " ") { j += 1 }
                guard j + 3 <= upper.count else { continue }
                let month = String(decoding: upper[j..<(j + 3)], as: UTF8.self)
                guard let q = quarters.first(where: { $0.0 == month }),
                      let from = ServiceDate(year: year, month: q.2, day: 1) else { continue }
                return ("HCPCS Level II \(year) \(q.1)", from)
            }
        }
        throw CodeSetError(file: fileNames.first ?? "HCPCS file",
                           "cannot tell the HCPCS release from the file name: expected a name like HCPC2025_JAN_ANWEB.txt (quarter JAN, APR, JUL or OCT), or pass the release name and start date")
    }

    static let hcpcsActions: [String: String] = [
        "A": "add procedure or modifier code",
        "B": "change in administrative data and long description",
        "C": "change in long description",
        "D": "discontinue procedure or modifier code",
        "F": "change in administrative data",
        "N": "no maintenance for this code",
        "P": "payment change",
        "R": "re-activate discontinued code",
        "S": "change in short description",
        "T": "miscellaneous change (BETOS, type of service)",
    ]

    static let hcpcsCoverage: [String: String] = [
        "C": "carrier judgment",
        "D": "special coverage instructions apply",
        "I": "not payable by Medicare",
        "M": "non-covered by Medicare",
        "S": "non-covered by Medicare statute",
    ]

    static let hcpcsPricing: [String: String] = [
        "00": "not separately priced by Part B",
        "11": "national RVUs",
        "12": "national anesthesia base units",
        "13": "carrier priced",
        "21": "clinical lab: national limitation amount",
        "22": "clinical lab: carrier priced",
        "31": "frequently serviced DME",
        "32": "inexpensive and routinely purchased DME",
        "33": "oxygen and oxygen equipment",
        "34": "DME supplies",
        "35": "surgical dressings",
        "36": "capped rental DME",
        "37": "ostomy, tracheostomy and urological supplies",
        "38": "orthotics, prosthetics, prosthetic devices and vision services",
        "39": "parenteral and enteral nutrition",
        "40": "lymphedema compression treatment items",
        "45": "customized DME items",
        "46": "DMEPOS carrier priced",
        "51": "drugs",
        "52": "reasonable charge",
        "53": "statute",
        "54": "vaccinations",
        "55": "splints and casts",
        "56": "IOLs inserted in a physician's office",
        "57": "other carrier priced",
        "99": "value not established",
    ]

    // MARK: - CPT

    /// CPT code shapes: Category I `\d{5}`, Category II `\d{4}F`, Category III `\d{4}T`.
    public static func isCPTFormat(_ code: String) -> Bool {
        let u = Array(code.utf8)
        guard u.count == 5, u[0..<4].allSatisfy(isDigitASCII) else { return false }
        return isDigitASCII(u[4]) || u[4] == UInt8(ascii: "F") || u[4] == UInt8(ascii: "T")
    }

    /// The title of a CPT code whose description is not available (the AMA licenses CPT descriptions).
    public static let cptLicensedTitle =
        "CPT code listed in the CMS Physician Fee Schedule (description licensed by the AMA; import the AMA data file to show it)"

    /// PFS status codes (the RVU file's STATUS CODE column) and their meanings.
    public static let pfsStatusMeanings: [String: String] = [
        "A": "active code",
        "B": "bundled code",
        "C": "carrier priced",
        "D": "deleted code",
        "E": "excluded from the fee schedule by regulation",
        "F": "deleted or discontinued code",
        "G": "not valid for Medicare (use another code)",
        "H": "deleted modifier",
        "I": "not valid for Medicare",
        "J": "anesthesia service",
        "M": "measurement code",
        "N": "non-covered service",
        "P": "bundled or excluded code",
        "Q": "therapy functional information code",
        "R": "restricted coverage",
        "T": "injection (paid only when no other service is payable)",
        "X": "statutory exclusion",
    ]

    /// CPT codes from the CMS Physician Fee Schedule relative value file (`PPRRVUyyyy_*.csv`): title rows, then the
    /// header row starting `HCPCS,MOD,DESCRIPTION`. Only CPT-shaped codes are taken, one entry per code (the row
    /// with no modifier, else the first row); modifiers seen (26, TC, 53) are noted in the "PFS modifiers" attribute.
    /// The year comes from the title row ("2025 National Physician Fee Schedule ... October Release"), else from
    /// the file name (`PPRRVU2025_Oct`); the release covers that calendar year.
    public static func cptFromFeeSchedule(url: URL) throws -> CodeTable {
        let file = url.lastPathComponent
        return try cptFromFeeSchedule(text: try TextFile.read(url), fileName: file)
    }

    static func cptFromFeeSchedule(text: String, fileName file: String) throws -> CodeTable {
        let csv = try PFSRelativeValueCSV(text: text, file: file)
        let header = csv.header
        // The layout of the columns we read: STATUS CODE (3), WORK RVU (5), GLOB DAYS (14).
        let expected: [(Int, String)] = [(3, "CODE"), (5, "RVU"), (14, "DAYS")]
        for (i, name) in expected where header[i].trimmed.uppercased() != name {
            throw CodeSetError(file: file, line: header.line,
                               "column \(i + 1) of the header row is '\(header[i])': expected '\(name)' (status code, work RVU and global days at columns 4, 6 and 15)")
        }

        // Release: year and month from the title rows, else the file name.
        let release = csv.release
        let month = release.month.map { PFSRelativeValueCSV.monthNames[$0 - 1] }
        guard let year = release.year, let from = ServiceDate(year: year, month: 1, day: 1), let through = ServiceDate(year: year, month: 12, day: 31) else {
            throw CodeSetError(file: file,
                               "cannot tell the fee schedule year: expected a title row like '2025 National Physician Fee Schedule Relative Value File' or a file name like PPRRVU2025_Oct.csv")
        }
        let name = "CMS Physician Fee Schedule \(year)" + (month.map { " (\($0) release)" } ?? "")

        var order: [String] = []
        var chosen: [String: PFSRelativeValueCSV.Row] = [:]
        var modifiers: [String: [String]] = [:]
        for r in csv.rows {
            let code = r[0].trimmed
            guard isCPTFormat(code) else { continue }
            guard r.fields.count >= 15 else {
                throw CodeSetError(file: file, line: r.line,
                                   "row for \(code) has \(r.fields.count) fields: expected at least 15 (through GLOB DAYS)")
            }
            let mod = r[1].trimmed
            if let existing = chosen[code] {
                if !mod.isEmpty {
                    if !(modifiers[code] ?? []).contains(mod) { modifiers[code, default: []].append(mod) }
                } else if !existing[1].trimmed.isEmpty {
                    chosen[code] = r   // the unmodified row wins over a modifier row seen first
                }
            } else {
                order.append(code)
                chosen[code] = r
                if !mod.isEmpty { modifiers[code, default: []].append(mod) }
            }
        }
        guard !order.isEmpty else {
            throw CodeSetError(file: file, "has no CPT codes after the header row (line \(header.line))")
        }
        var entries: [CodeEntry] = []
        entries.reserveCapacity(order.count)
        for code in order {
            guard let r = chosen[code] else { continue }
            var attributes: [Attribute] = []
            let status = r[3].trimmed
            if status.isEmpty {
                throw CodeSetError(file: file, line: r.line, "row for \(code) has no status code (column 4): expected a PFS status such as A")
            }
            attributes.append(Attribute("PFS status", labelled(status, pfsStatusMeanings)))
            let global = r[14].trimmed
            if !global.isEmpty { attributes.append(Attribute("Global days", global)) }
            let work = r[5].trimmed
            if !work.isEmpty { attributes.append(Attribute("Work RVU", work)) }
            if let mods = modifiers[code], !mods.isEmpty {
                attributes.append(Attribute("PFS modifiers", mods.joined(separator: ", ")))
            }
            // Status D: deleted from the fee schedule; the code is no longer billed.
            entries.append(CodeEntry(code: code, title: cptLicensedTitle, billable: status != "D", attributes: attributes))
        }
        return CodeTable(release: ReleaseInfo(system: .cpt, name: name, effectiveFrom: from, effectiveThrough: through, sourceFiles: [file]),
                         entries: entries)
    }

    /// CPT codes with their descriptions from the AMA licensed data file (never shipped with Revcycle).
    ///
    /// Accepted layout (the AMA `LONGULT.txt` / `MEDU.txt` style text files):
    /// - one code per line: `CODE<TAB>DESCRIPTION`, or `CODE<one or more spaces>DESCRIPTION`;
    /// - an optional header line first (a first line whose first word is not a CPT code, e.g. `Code<TAB>Description`);
    /// - blank lines are ignored;
    /// - every code must be a CPT code (`\d{5}`, `\d{4}F`, `\d{4}T`), and every code needs a description,
    ///   else the import fails naming the line;
    /// - a code repeated with the same description is ignored; repeated with a different one is an error.
    ///
    /// The release covers one calendar year: `year`, else the first 4-digit year 2000-2099 in the file's name or
    /// its folder's name; when neither gives one, the import fails asking for the year.
    public static func cptFromAMA(url: URL, year: Int? = nil) throws -> CodeTable {
        let file = url.lastPathComponent
        let text = try TextFile.read(url)
        guard let year = year ?? yearIn(file) ?? yearIn(url.deletingLastPathComponent().lastPathComponent) else {
            throw CodeSetError(file: file, "cannot tell the CPT year from the file or folder name: pass the year")
        }
        guard let from = ServiceDate(year: year, month: 1, day: 1), let through = ServiceDate(year: year, month: 12, day: 31) else {
            throw CodeSetError(file: file, "CPT year \(year) is out of range")
        }
        var entries: [CodeEntry] = []
        var seen: [String: (line: Int, index: Int)] = [:]
        var lineNumber = 0
        var sawContent = false
        for raw in lines(of: text) {
            lineNumber += 1
            let line = String(decoding: raw, as: UTF8.self).trimmed
            if line.isEmpty { continue }
            let isFirst = !sawContent
            sawContent = true
            let code: String
            let description: String
            if let tab = line.firstIndex(of: "\t") {
                code = String(line[..<tab]).trimmed
                description = String(line[line.index(after: tab)...]).trimmed
            } else if let space = line.firstIndex(where: { $0 == " " }) {
                code = String(line[..<space])
                description = String(line[space...]).trimmed
            } else {
                code = line
                description = ""
            }
            guard isCPTFormat(code) else {
                if isFirst { continue }   // header line
                throw CodeSetError(file: file, line: lineNumber,
                                   "'\(code)' is not a CPT code: expected CODE<tab>DESCRIPTION with a code of 5 digits, or 4 digits and F or T")
            }
            guard !description.isEmpty else {
                throw CodeSetError(file: file, line: lineNumber, "code \(code) has no description: expected CODE<tab>DESCRIPTION")
            }
            if let previous = seen[code] {
                if entries[previous.index].title == description { continue }
                throw CodeSetError(file: file, line: lineNumber,
                                   "code \(code) appears again with a different description (first on line \(previous.line))")
            }
            seen[code] = (lineNumber, entries.count)
            entries.append(CodeEntry(code: code, title: description, billable: true))
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, "contains no CPT codes: expected lines CODE<tab>DESCRIPTION") }
        return CodeTable(release: ReleaseInfo(system: .cpt, name: "AMA CPT \(year)", effectiveFrom: from, effectiveThrough: through, sourceFiles: [file]),
                         entries: entries)
    }

    private static func yearIn(_ name: String) -> Int? {
        let u = Array(name.utf8)
        var i = 0
        while i + 4 <= u.count {
            let slice = u[i..<(i + 4)]
            let before = i == 0 || !isDigitASCII(u[i - 1])
            let after = i + 4 == u.count || !isDigitASCII(u[i + 4])
            if before, after, slice.allSatisfy(isDigitASCII), let y = Int(String(decoding: slice, as: UTF8.self)), (2000...2099).contains(y) {
                return y
            }
            i += 1
        }
        return nil
    }

    // MARK: - X12 code lists

    /// An X12 external code list CSV (`Code,Description`): CARC, RARC, claim adjustment group codes, claim status
    /// category codes, claim status codes. Start and stop dates inside the description (`...Start: 01/01/1997 |
    /// Stop: 10/16/2003 | Last Modified: 04/01/2007Notes: ...`) are taken out of the title into `effective` and
    /// `termination`; the last-modified date and notes become attributes.
    ///
    /// The release starts at `effectiveFrom`, else at the earliest start date in the list, else 1900-01-01 (the
    /// entries carry their own dates); it is open-ended.
    public static func x12CodeList(url: URL, system: CodeSystem, releaseName: String? = nil,
                                   effectiveFrom: ServiceDate? = nil) throws -> CodeTable {
        let file = url.lastPathComponent
        let entries = try x12Entries(text: try TextFile.read(url), file: file)
        return CodeTable(release: ReleaseInfo(system: system, name: releaseName ?? "X12 \(system.displayName) list",
                                              effectiveFrom: effectiveFrom ?? entries.compactMap(\.effective).min() ?? openStart,
                                              effectiveThrough: nil, sourceFiles: [file]),
                         entries: entries)
    }

    /// Claim status codes (code source 508): the described codes of `claim_status_codes.csv`, plus the codes of the
    /// `claim_status` code set in `pyx12-codes.xml` the CSV lacks, titled "Claim status code N (description not in
    /// this release)".
    /// Claim status codes (code source 508, the STC01-2 codes of a 277) from pyx12's code list, which has codes only.
    /// The X12 list `claim_status_codes.csv` is not used: besides code 0 it holds 835 CLP02 claim status values
    /// ("1 Processed as Primary", "4 Denied"), which mean something else than the 508 codes of the same number.
    public static func claimStatusCodes(pyx12: URL) throws -> CodeTable {
        let codes = try pyx12Codes(url: pyx12, codeSet: "claim_status")
        let entries = codes.sorted(by: numericFirstLess).map {
            CodeEntry(code: $0, title: "Claim status code \($0) (description not in this release)")
        }
        return CodeTable(release: ReleaseInfo(system: .claimStatus, name: "Claim status codes (code list of pyx12)", effectiveFrom: openStart,
                                              effectiveThrough: nil, sourceFiles: [pyx12.lastPathComponent]),
                         entries: entries)
    }

    static func x12Entries(text: String, file: String) throws -> [CodeEntry] {
        let rows = try CSVReader.records(text, file: file, header: ["Code", "Description"])
        var entries: [CodeEntry] = []
        var seen = Set<String>()
        for r in rows {
            let code = r[0].trimmed
            let description = r[1].trimmed
            if code.isEmpty && description.isEmpty { continue }
            guard !code.isEmpty else {
                throw CodeSetError(file: file, line: r.line, "row has a description but no code: expected Code,Description")
            }
            guard seen.insert(code).inserted else {
                throw CodeSetError(file: file, line: r.line, "code \(code) appears twice")
            }
            let parsed = try splitX12Description(description, file: file, line: r.line)
            var attributes: [Attribute] = []
            if let start = parsed.start { attributes.append(Attribute("Start", start.iso)) }
            if let stop = parsed.stop { attributes.append(Attribute("Stop", stop.iso)) }
            if let modified = parsed.lastModified { attributes.append(Attribute("Last modified", modified.iso)) }
            if let notes = parsed.notes { attributes.append(Attribute("Notes", notes)) }
            entries.append(CodeEntry(code: code, title: parsed.title.isEmpty ? "Code \(code)" : parsed.title, billable: true,
                                     effective: parsed.start, termination: parsed.stop, attributes: attributes))
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, "has a Code,Description header but no codes") }
        return entries
    }

    struct X12Description: Equatable {
        var title: String
        var start: ServiceDate?
        var stop: ServiceDate?
        var lastModified: ServiceDate?
        var notes: String?
    }

    /// Splits `Title.Start: 01/01/1997 | Stop: 10/16/2003 | Last Modified: 04/01/2007Notes: (Modified 4/1/07)`.
    static func splitX12Description(_ text: String, file: String, line: Int) throws -> X12Description {
        // The date section starts at the last "Start:" (case-sensitive: "the start of treatment" is prose).
        guard let startRange = text.range(of: "Start:", options: .backwards) else {
            return X12Description(title: text.trimmed)
        }
        var result = X12Description(title: String(text[..<startRange.lowerBound]).trimmed)
        var rest = Substring(text[startRange.upperBound...])

        func takeDate(_ label: String) throws -> ServiceDate {
            rest = rest.drop(while: { $0 == " " })
            let token = rest.prefix(while: { $0.isASCIIDigit || $0 == "/" })
            guard !token.isEmpty, let d = ServiceDate(us: token) else {
                throw CodeSetError(file: file, line: line, "\(label) date '\(rest.prefix(12))' is not a date: expected MM/DD/YYYY")
            }
            rest = rest.dropFirst(token.count)
            return d
        }
        result.start = try takeDate("Start")
        while true {
            let trimmed = rest.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("|") else { break }
            rest = trimmed.dropFirst().drop(while: { $0 == " " })
            if rest.hasPrefix("Stop:") {
                rest = rest.dropFirst(5); result.stop = try takeDate("Stop")
            } else if rest.hasPrefix("Last Modified:") {
                rest = rest.dropFirst(14); result.lastModified = try takeDate("Last Modified")
            } else {
                break
            }
        }
        var notes = String(rest).trimmed
        if notes.hasPrefix("|") { notes = String(notes.dropFirst()).trimmed }
        if notes.hasPrefix("Notes:") { notes = String(notes.dropFirst(6)).trimmed }
        result.notes = notes.isEmpty ? nil : notes
        return result
    }

    // MARK: - Place of service

    /// CMS place of service codes (`code,description`), plus the codes of the `pos` code set in `pyx12-codes.xml`
    /// the CSV lacks (27 and 66 in the 2022 list), titled "Place of service NN (no description in the CMS list)".
    /// When `pyx12` is nil only the CSV is read.
    public static func placeOfService(csv: URL, pyx12: URL?, releaseName: String = "CMS Place of Service Codes",
                                      effectiveFrom: ServiceDate? = nil) throws -> CodeTable {
        let file = csv.lastPathComponent
        let rows = try CSVReader.records(try TextFile.read(csv), file: file, header: ["code", "description"])
        var entries: [CodeEntry] = []
        var seen = Set<String>()
        for r in rows {
            var code = r[0].trimmed
            let title = r[1].trimmed
            if code.isEmpty && title.isEmpty { continue }
            if code.count == 1, code.allSatisfy(\.isASCIIDigit) { code = "0" + code }
            guard code.count == 2, code.allSatisfy(\.isASCIIDigit) else {
                throw CodeSetError(file: file, line: r.line, "'\(r[0])' is not a place of service code: expected two digits")
            }
            guard seen.insert(code).inserted else { throw CodeSetError(file: file, line: r.line, "code \(code) appears twice") }
            entries.append(CodeEntry(code: code, title: title.isEmpty ? "Place of service \(code) (no description in the CMS list)" : title))
        }
        var files = [file]
        if let pyx12 {
            files.append(pyx12.lastPathComponent)
            for code in try pyx12Codes(url: pyx12, codeSet: "pos") where seen.insert(code).inserted {
                entries.append(CodeEntry(code: code, title: "Place of service \(code) (no description in the CMS list)"))
            }
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, "has a code,description header but no codes") }
        entries.sort { $0.code < $1.code }
        return CodeTable(release: ReleaseInfo(system: .pos, name: releaseName, effectiveFrom: effectiveFrom ?? openStart,
                                              effectiveThrough: nil, sourceFiles: files),
                         entries: entries)
    }

    // MARK: - pyx12 code lists

    /// The codes of one `<codeset>` (by `<id>`, e.g. `claim_status`, `pos`, `remark_code`) of pyx12's
    /// `codes.xml`, in file order; XML comments are ignored.
    public static func pyx12Codes(url: URL, codeSet id: String) throws -> [String] {
        try pyx12Codes(text: try TextFile.read(url), file: url.lastPathComponent, codeSet: id)
    }

    static func pyx12Codes(text: String, file: String, codeSet id: String) throws -> [String] {
        // Drop comments first: some wrap old <eff_dte> or <code> elements.
        var clean = ""
        clean.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let open = rest.range(of: "<!--") {
            clean += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "-->") else {
                throw CodeSetError(file: file, "an XML comment is not closed")
            }
            rest = rest[close.upperBound...]
        }
        clean += rest
        guard clean.contains("<codesets") else {
            throw CodeSetError(file: file, "has no <codesets> element: expected the pyx12 codes.xml file")
        }
        var search = Substring(clean)
        var names: [String] = []
        while let open = search.range(of: "<codeset>") {
            guard let close = search[open.upperBound...].range(of: "</codeset>") else {
                throw CodeSetError(file: file, "a <codeset> element is not closed")
            }
            let body = search[open.upperBound..<close.lowerBound]
            search = search[close.upperBound...]
            let setID = elementTexts("id", in: body).first ?? ""
            names.append(setID)
            guard setID == id else { continue }
            return elementTexts("code", in: body).filter { !$0.isEmpty }
        }
        throw CodeSetError(file: file, "has no code set with id '\(id)' (it has: \(names.joined(separator: ", ")))")
    }

    private static func elementTexts(_ tag: String, in body: Substring) -> [String] {
        var out: [String] = []
        var rest = body
        let open = "<\(tag)>", close = "</\(tag)>"
        while let a = rest.range(of: open), let b = rest[a.upperBound...].range(of: close) {
            out.append(unescapeXML(String(rest[a.upperBound..<b.lowerBound]).trimmed))
            rest = rest[b.upperBound...]
        }
        return out
    }

    private static func unescapeXML(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: - NUCC taxonomy

    /// The NUCC Health Care Provider Taxonomy CSV (`Code,Grouping,Classification,Specialization,...,Display Name,
    /// Section`). Title: Display Name, else "Classification, Specialization". The version comes from `version`,
    /// else the file name (`nucc_taxonomy_251.csv` is 25.1); a .0 release starts January 1, a .1 release July 1.
    public static func taxonomy(url: URL, version: String? = nil, effectiveFrom: ServiceDate? = nil) throws -> CodeTable {
        let file = url.lastPathComponent
        let all = try CSVReader.records(try TextFile.read(url), file: file)
        let required = ["code", "grouping", "classification", "specialization"]
        guard let h = all.firstIndex(where: { r in
            r.fields.count >= required.count && zip(r.fields, required).allSatisfy { $0.trimmed.lowercased() == $1 }
        }) else {
            throw CodeSetError(file: file, "no header row starting Code,Grouping,Classification,Specialization: is this the NUCC taxonomy CSV?")
        }
        let header = all[h].fields.map { $0.trimmed.lowercased() }
        let displayColumn = header.firstIndex(of: "display name")
        let sectionColumn = header.firstIndex(of: "section")
        let definitionColumn = header.firstIndex(of: "definition")

        var derivedVersion: String?
        var derivedFrom: ServiceDate?
        if let digits = file.split(whereSeparator: { !$0.isASCIIDigit }).last(where: { $0.count == 3 }),
           let n = Int(String(digits)), n % 10 <= 1 {
            derivedVersion = "\(n / 10).\(n % 10)"
            derivedFrom = ServiceDate(year: 2000 + n / 10, month: n % 10 == 0 ? 1 : 7, day: 1)
        }
        guard let version = version ?? derivedVersion else {
            throw CodeSetError(file: file, "cannot tell the taxonomy version from the file name: expected a name like nucc_taxonomy_251.csv, or pass the version")
        }
        guard let from = effectiveFrom ?? derivedFrom else {
            throw CodeSetError(file: file, "cannot tell when taxonomy \(version) starts: pass the start date")
        }

        var entries: [CodeEntry] = []
        var seen = Set<String>()
        for r in all[(h + 1)...] {
            let code = r[0].trimmed
            if code.isEmpty && r.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard code.count == 10, code.utf8.allSatisfy(isAlphanumericASCII) else {
                throw CodeSetError(file: file, line: r.line, "'\(r[0])' is not a taxonomy code: expected 10 characters like 207Q00000X")
            }
            guard seen.insert(code).inserted else { throw CodeSetError(file: file, line: r.line, "code \(code) appears twice") }
            let grouping = r[1].trimmed, classification = r[2].trimmed, specialization = r[3].trimmed
            let display = displayColumn.map { r[$0].trimmed } ?? ""
            let section = sectionColumn.map { r[$0].trimmed } ?? ""
            let definition = definitionColumn.map { r[$0].trimmed } ?? ""
            let title = !display.isEmpty ? display
                : [classification, specialization].filter { !$0.isEmpty }.joined(separator: ", ")
            var attributes: [Attribute] = []
            if !grouping.isEmpty { attributes.append(Attribute("Grouping", grouping)) }
            if !classification.isEmpty { attributes.append(Attribute("Classification", classification)) }
            if !specialization.isEmpty { attributes.append(Attribute("Specialization", specialization)) }
            if !section.isEmpty { attributes.append(Attribute("Section", section)) }
            if !definition.isEmpty { attributes.append(Attribute("Definition", definition)) }
            entries.append(CodeEntry(code: code, title: title.isEmpty ? "Taxonomy \(code)" : title, attributes: attributes))
        }
        guard !entries.isEmpty else { throw CodeSetError(file: file, "has a header but no taxonomy codes") }
        return CodeTable(release: ReleaseInfo(system: .taxonomy, name: "NUCC Health Care Provider Taxonomy \(version)",
                                              effectiveFrom: from, effectiveThrough: nil, sourceFiles: [file]),
                         entries: entries)
    }

    // MARK: - Helpers

    /// Start date of releases whose entries carry their own dates (or none): covers every date of service.
    static let openStart = ServiceDate(year: 1900, month: 1, day: 1)!   // a valid constant, not input

    static func labelled(_ code: String, _ meanings: [String: String]) -> String {
        meanings[code].map { "\(code) (\($0))" } ?? code
    }

    static func isDigitASCII(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isAlphanumericASCII(_ b: UInt8) -> Bool {
        isDigitASCII(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// Numeric codes in numeric order, before any others (claim status codes are numbers).
    static func numericFirstLess(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a < b
        }
    }

    /// The lines of a text as UTF-8 byte slices, without `\n` or a trailing `\r`.
    static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var out: [ArraySlice<UInt8>] = []
        out.reserveCapacity(bytes.count / 64)
        var start = 0
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") {
            var end = i
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            out.append(bytes[start..<end])
            start = i + 1
        }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            out.append(bytes[start..<end])
        }
        return out
    }
}

extension FlatImporters {
    /// A fixed-width record addressed by 1-based character columns. ASCII lines (all of the CMS files) are read as
    /// bytes; a line with other characters is read by character, so columns stay right whatever the encoding.
    struct FixedWidthLine {
        private let bytes: ArraySlice<UInt8>
        private let characters: [Character]?

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.characters = bytes.allSatisfy { $0 < 0x80 } ? nil : Array(String(decoding: bytes, as: UTF8.self))
        }

        var count: Int { characters?.count ?? bytes.count }
        var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

        /// Columns `from...to` (1-based, inclusive), trimmed; missing columns read as blank.
        func field(_ from: Int, _ to: Int) -> String {
            let a = from - 1, b = min(to, count)
            guard a < b else { return "" }
            if let characters { return String(characters[a..<b]).trimmingCharacters(in: .whitespacesAndNewlines) }
            let base = bytes.startIndex
            return String(decoding: bytes[(base + a)..<(base + b)], as: UTF8.self).trimmed
        }
    }

    /// Reading one member of a zip archive (ZIPFoundation).
    enum ZipMember {
        /// The first file member whose name (without folders) matches, with its bytes.
        static func extract(from zip: URL, description: String, where matches: (String) -> Bool) throws -> (name: String, data: Data) {
            let file = zip.lastPathComponent
            let archive: Archive
            do {
                archive = try Archive(url: zip, accessMode: .read)
            } catch {
                throw CodeSetError(file: file, "cannot be opened as a zip archive (\(error)): expected the CMS release zip")
            }
            guard let entry = archive.first(where: { $0.type == .file && matches(URL(fileURLWithPath: $0.path).lastPathComponent) }) else {
                throw CodeSetError(file: file, "has no \(description)")
            }
            let name = URL(fileURLWithPath: entry.path).lastPathComponent
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in data.append(chunk) }
            } catch {
                throw CodeSetError(file: file, "member \(name) cannot be extracted: \(error)")
            }
            return (name, data)
        }
    }
}
