import CodeSets
import Foundation

/// One CMS Medically Unlikely Edits file: for each code, the most units one beneficiary is paid on one line or one
/// date of service, in one setting, from one effective date.
public struct MUETable: Sendable {
    /// The CMS table: practitioner, outpatient hospital or DME supplier services.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case practitioner
        case outpatientHospital = "outpatient hospital"
        case dmeSupplier = "DME supplier"
    }

    /// MUE adjudication indicator (MAI): whether the limit applies per line or per date of service, and why.
    public enum AdjudicationIndicator: Int, Sendable, Hashable {
        /// 1: per claim line; more units may go on other lines with a modifier.
        case line = 1
        /// 2: per date of service, set by policy or the code's definition; no appeal pays more.
        case dateOfServicePolicy = 2
        /// 3: per date of service, set on clinical grounds; units above it can be appealed with the record.
        case dateOfServiceClinical = 3
    }

    /// A code's limit.
    public struct Limit: Sendable, Hashable {
        public var units: Int
        public var indicator: AdjudicationIndicator
        public var rationale: String

        public init(units: Int, indicator: AdjudicationIndicator, rationale: String) {
            self.units = units; self.indicator = indicator; self.rationale = rationale
        }
    }

    public let setting: Setting
    /// From the file name (`…_Eff_04-01-2026.csv`) or its release folder (`2026-04`); nil when neither says.
    public let effective: ServiceDate?
    /// The file name (not path).
    public let sourceFile: String
    let limits: [String: Limit]

    public var count: Int { limits.count }

    public func limit(for code: String) -> Limit? { limits[code.uppercased()] }

    /// "MUE practitioner 2026-04-01".
    public var sourceName: String { "MUE \(setting.rawValue)" + (effective.map { " \($0)" } ?? "") }

    /// Reads a CMS MUE file (CSV, Latin-1 or UTF-8; notice rows before the header row are skipped; columns: code, MUE
    /// value, adjudication indicator text starting 1, 2 or 3, rationale). The setting and effective date default to
    /// what the file and folder names say. Throws naming the file and line.
    public static func load(_ url: URL, setting: Setting? = nil, effective: ServiceDate? = nil) throws -> MUETable {
        let file = url.lastPathComponent
        guard let setting = setting ?? MUETables.setting(ofFileNamed: file) else {
            throw CodeSetError(file: file, "cannot tell the MUE table by this name: keep the CMS name (MCR_MUE_PractitionerServices_…, …OutpatientHospitalServices…, …DMESupplierServices…) or pass the setting")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CodeSetError(file: file, "cannot be read: \(error.localizedDescription)") }
        // CMS writes these files in Latin-1 (the notice's ®).
        let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
        let records = try MUECSV.records(text, file: file)
        guard let header = records.firstIndex(where: { $0.fields.count >= 3 && $0.fields[2].lowercased().contains("adjudication indicator") }) else {
            throw CodeSetError(file: file, "no header row with \"MUE Adjudication Indicator\" in its third column: is this a CMS MUE file?")
        }
        var limits: [String: Limit] = [:]
        var firstLine: [String: Int] = [:]
        for record in records[(header + 1)...] where !record.fields.allSatisfy({ $0.trimmed.isEmpty }) {
            func fail(_ detail: String) -> CodeSetError { CodeSetError(file: file, line: record.line, detail) }
            guard record.fields.count >= 3 else { throw fail("expected 4 columns (code, MUE value, adjudication indicator, rationale), found \(record.fields.count)") }
            let code = record.fields[0].trimmed.uppercased()
            guard PackedCode.pack(code) != nil else { throw fail("'\(code)' is not a 5-character CPT/HCPCS code") }
            guard let units = Int(record.fields[1].trimmed), units >= 0 else { throw fail("MUE value '\(record.fields[1])' of \(code) is not a whole number of units") }
            guard let indicator = record.fields[2].trimmed.first?.wholeNumberValue.flatMap({ AdjudicationIndicator(rawValue: $0) }) else {
                throw fail("adjudication indicator '\(record.fields[2])' of \(code) does not start with 1, 2 or 3")
            }
            if let earlier = firstLine[code] { throw fail("\(code) is listed twice (first on line \(earlier))") }
            firstLine[code] = record.line
            limits[code] = Limit(units: units, indicator: indicator, rationale: record.fields.count > 3 ? record.fields[3].trimmed : "")
        }
        return MUETable(setting: setting, effective: effective ?? MUETables.effectiveDate(of: url), sourceFile: file, limits: limits)
    }
}

/// The MUE tables loaded, by setting and effective date: each date of service is judged by the table in force on it.
public struct MUETables: Sendable {
    public var tables: [MUETable]
    /// The table professional claims are judged by: practitioner, or DME supplier for a DME supplier's claims.
    public var professionalSetting: MUETable.Setting

    public init(_ tables: [MUETable], professionalSetting: MUETable.Setting = .practitioner) {
        self.tables = tables.sorted { ($0.effective ?? .distantPast) < ($1.effective ?? .distantPast) }
        self.professionalSetting = professionalSetting
    }

    /// The table for the claim kind in force on the date: the latest effective on or before it; for a date before
    /// every loaded table, the earliest (limits seldom change, and the source names the table's date).
    public func table(for kind: ScrubClaim.Kind, on date: ServiceDate) -> MUETable? {
        let setting = kind == .professional ? professionalSetting : .outpatientHospital
        let candidates = tables.filter { $0.setting == setting }
        return candidates.last { ($0.effective ?? .distantPast) <= date } ?? candidates.first
    }

    public static func setting(ofFileNamed name: String) -> MUETable.Setting? {
        let name = name.lowercased()
        if name.contains("practitioner") { return .practitioner }
        if name.contains("hospital") { return .outpatientHospital }
        if name.contains("dme") { return .dmeSupplier }
        return nil
    }

    /// `…_Eff_MM-DD-YYYY…` in the file name, else a release folder named `YYYY-MM` (its first day).
    static func effectiveDate(of url: URL) -> ServiceDate? {
        let name = url.deletingPathExtension().lastPathComponent
        if let range = name.range(of: "eff_", options: .caseInsensitive) {
            let parts = name[range.upperBound...].prefix(10).split(separator: "-")
            if parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
               let date = ServiceDate(year: year, month: month, day: day) { return date }
        }
        let folder = url.deletingLastPathComponent().lastPathComponent
        return ServiceDate(iso: folder + "-01")
    }

    /// Every MUE file (`.csv` with "MUE" in its name) in `directory`.
    public static func load(directory: URL, professionalSetting: MUETable.Setting = .practitioner) throws -> MUETables {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension.lowercased() == "csv" && $0.lastPathComponent.lowercased().contains("mue") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !files.isEmpty else { throw CodeSetError(file: directory.path, "no MUE files (MCR_MUE_….csv) here") }
        return MUETables(try files.map { try MUETable.load($0) }, professionalSetting: professionalSetting)
    }

    /// The MUE releases in a code-sets folder, one folder per release: `ncci/mue/<version>/MCR_MUE_….csv`. Nil when
    /// the folder has none.
    public static func load(codeSets: URL, professionalSetting: MUETable.Setting = .practitioner) throws -> MUETables? {
        let root = codeSets.appendingPathComponent("ncci/mue")
        let releases = ((try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])) ?? [])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        guard !releases.isEmpty else { return nil }
        let tables = try releases.flatMap { try load(directory: $0).tables }
        return MUETables(tables, professionalSetting: professionalSetting)
    }
}

fileprivate extension ServiceDate {
    static let distantPast = ServiceDate(year: 1900, month: 1, day: 1)!
}

fileprivate extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Enough CSV for the CMS MUE files: quoted fields with commas, doubled quotes and line breaks inside.
enum MUECSV {
    struct Record {
        /// 1-based line where the record starts.
        var line: Int
        var fields: [String]
    }

    static func records(_ text: String, file: String) throws -> [Record] {
        let scalars = Array(text.unicodeScalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1, recordLine = 1
        var i = 0
        func endRecord() {
            fields.append(String(field)); field = String.UnicodeScalarView()
            records.append(Record(line: recordLine, fields: fields)); fields = []
        }
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if c == "\n" { line += 1 }
            if inQuotes {
                if c != "\"" { field.append(c) } else if i < scalars.count, scalars[i] == "\"" { field.append(c); i += 1 } else { inQuotes = false }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(String(field)); field = String.UnicodeScalarView()
            case "\r": break
            case "\n": endRecord(); recordLine = line
            default: field.append(c)
            }
        }
        if inQuotes { throw CodeSetError(file: file, line: recordLine, "a quoted field is not closed before the end of the file") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
