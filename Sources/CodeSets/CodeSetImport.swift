import Foundation

/// Finds the official release files in a directory (at any depth, by their published names), reads them all, and
/// builds a library. Nothing is written here: a failure anywhere leaves the caller's current release untouched.
public enum CodeSetImport {
    public struct Step: Sendable {
        public var file: String
        public var what: String
        public var count: Int
        public var seconds: Double
    }

    public struct Report: Sendable {
        public var directory: String
        public var steps: [Step]
        public var seconds: Double
    }

    /// The kinds of release file recognised by name. Order matters only for progress output.
    enum FileKind: CaseIterable {
        case icd10cmTabular, icd10cmOrder, icd10cmCodes, icd10cmIndexCSV, icd10cmIndexXML, icd10cmDrug, icd10cmNeoplasm, icd10cmExternalCause
        case pcsTables, pcsDefinitions, pcsIndex, pcsCodes
        case hcpcsZip, hcpcsText, feeSchedule, amaCPT
        case carc, rarc, adjustmentGroup, claimStatusCategory, pos, taxonomy

        func matches(_ name: String) -> Bool {
            let n = name.lowercased()
            let normalized = n.replacingOccurrences(of: "_", with: "-")
            switch self {
            case .icd10cmTabular: return normalized.hasPrefix("icd10cm-tabular") && n.hasSuffix(".xml")
            case .icd10cmOrder: return normalized.hasPrefix("icd10cm-order") && (n.hasSuffix(".csv") || n.hasSuffix(".txt"))
            case .icd10cmCodes: return normalized.hasPrefix("icd10cm-codes") && n.hasSuffix(".txt")
            case .icd10cmIndexCSV: return normalized.hasPrefix("icd10cm-index") && n.hasSuffix(".csv")
            case .icd10cmIndexXML: return normalized.hasPrefix("icd10cm-index") && n.hasSuffix(".xml")
            case .icd10cmDrug: return normalized.hasPrefix("icd10cm-drug") && n.hasSuffix(".xml")
            case .icd10cmNeoplasm: return normalized.hasPrefix("icd10cm-neoplasm") && n.hasSuffix(".xml")
            case .icd10cmExternalCause: return normalized.hasPrefix("icd10cm-eindex") && n.hasSuffix(".xml")
            case .pcsTables: return normalized.hasPrefix("icd10pcs-tables") && n.hasSuffix(".xml")
            case .pcsDefinitions: return normalized.hasPrefix("icd10pcs-definitions") && n.hasSuffix(".xml")
            case .pcsIndex: return normalized.hasPrefix("icd10pcs-index") && n.hasSuffix(".xml")
            case .pcsCodes: return normalized.hasPrefix("icd10pcs-codes") && n.hasSuffix(".txt")
            case .hcpcsZip: return n.hasPrefix("hcpc") && n.contains("alpha-numeric") && n.hasSuffix(".zip")
            case .hcpcsText: return n.hasPrefix("hcpc") && n.contains("anweb") && n.hasSuffix(".txt") && !n.contains("correction")
            case .feeSchedule: return n.hasPrefix("pprrvu") && n.hasSuffix(".csv")
            case .amaCPT: return (n.hasPrefix("longul") || n.hasPrefix("medu") || n.hasPrefix("cpt-ama")) && n.hasSuffix(".txt")
            case .carc: return n == "claim_adjustment_reason_codes.csv"
            case .rarc: return n == "remittance_advice_remark_codes.csv"
            case .adjustmentGroup: return n == "claim_adjustment_group_codes.csv"
            case .claimStatusCategory: return n == "claim_status_category_codes.csv"
            case .pos: return n == "place_of_service_codes.csv"
            case .taxonomy: return n.hasPrefix("nucc_taxonomy") && n.hasSuffix(".csv")
            }
        }
    }

    /// Release files under `directory`, by kind; `pyx12-codes.xml` is returned separately as it supplements lists.
    static func discover(_ directory: URL) throws -> (files: [(FileKind, URL)], pyx12Codes: URL?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CodeSetError(file: directory.path, "is not a directory of code-set release files")
        }
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw CodeSetError(file: directory.path, "cannot be listed")
        }
        var files: [(FileKind, URL)] = []
        var pyx12: URL?
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name == "pyx12-codes.xml" { pyx12 = url; continue }
            if let kind = FileKind.allCases.first(where: { $0.matches(name) }) { files.append((kind, url)) }
        }
        files.sort { ($0.1.path) < ($1.1.path) }
        return (files, pyx12)
    }

    /// Reads every recognised release file under `directory` and builds the library (and its search index).
    public static func run(directory: URL, progress: (String) -> Void = { _ in }) throws -> (CodeSetLibrary, Report) {
        let started = Date()
        let (files, pyx12) = try discover(directory)
        guard !files.isEmpty else {
            throw CodeSetError(file: directory.path, "contains no recognised release files (e.g. icd10cm-tabular-*.xml, icd10pcs_tables_*.xml, HCPC*alpha-numeric*.zip)")
        }
        var steps: [Step] = []
        func step<T>(_ url: URL, _ what: String, count: (T) -> Int, _ body: () throws -> T) throws -> T {
            let t0 = Date()
            progress("reading \(url.lastPathComponent) (\(what))")
            let value = try body()
            let step = Step(file: url.lastPathComponent, what: what, count: count(value), seconds: Date().timeIntervalSince(t0))
            steps.append(step)
            progress("  \(step.count) in \(String(format: "%.2f", step.seconds)) s")
            return value
        }

        var tabulars: [ICD10CMTabular] = []
        var flatCM: [CodeTable] = []
        var indexParts: [ICD10CMIndex] = []
        var pcsTables: [(URL, PCSRelease)] = []
        var pcsDefinitions: [URL] = []
        var pcsIndexes: [URL] = []
        var tables: [CodeTable] = []

        for (kind, url) in files {
            switch kind {
            case .icd10cmTabular:
                tabulars.append(try step(url, "ICD-10-CM tabular", count: { $0.nodes.count }) { try ICD10CMTabularImporter.read(url) })
            case .icd10cmOrder:
                flatCM.append(try step(url, "ICD-10-CM order file", count: { $0.entries.count }) { try ICD10CMFlatImporter.orderFile(url) })
            case .icd10cmCodes:
                flatCM.append(try step(url, "ICD-10-CM code file", count: { $0.entries.count }) { try ICD10CMFlatImporter.codeFile(url) })
            case .icd10cmIndexCSV:
                indexParts.append(try step(url, "ICD-10-CM Alphabetic Index (flattened)", count: { $0.entries.count }) { try ICD10CMIndexImporter.flattenedCSV(url: url) })
            case .icd10cmIndexXML, .icd10cmExternalCause:
                indexParts.append(try step(url, "ICD-10-CM index", count: { $0.entries.count }) { try ICD10CMIndexImporter.indexXML(url: url) })
            case .icd10cmDrug, .icd10cmNeoplasm:
                indexParts.append(try step(url, "ICD-10-CM table", count: { $0.entries.count }) { try ICD10CMIndexImporter.tableXML(url: url) })
            case .pcsTables:
                pcsTables.append((url, try step(url, "ICD-10-PCS tables", count: { $0.codeCount }) { try PCSImporter.tables(url: url) }))
            case .pcsDefinitions: pcsDefinitions.append(url)
            case .pcsIndex: pcsIndexes.append(url)
            case .pcsCodes:
                pcsTables.append((url, try step(url, "ICD-10-PCS code file", count: { $0.codeCount }) { try PCSImporter.codeFile(url: url) }))
            case .hcpcsZip, .hcpcsText:
                let (codes, modifiers) = try step(url, "HCPCS Level II", count: { $0.codes.entries.count + $0.modifiers.entries.count }) {
                    kind == .hcpcsZip ? try FlatImporters.hcpcs(zip: url) : try FlatImporters.hcpcs(url: url)
                }
                tables += [codes, modifiers]
            case .feeSchedule:
                tables.append(try step(url, "CPT codes in the fee schedule", count: { $0.entries.count }) { try FlatImporters.cptFromFeeSchedule(url: url) })
            case .amaCPT:
                tables.append(try step(url, "CPT (AMA data file)", count: { $0.entries.count }) { try FlatImporters.cptFromAMA(url: url) })
            case .carc, .rarc, .adjustmentGroup, .claimStatusCategory:
                let system: CodeSystem = switch kind {
                case .carc: .carc
                case .rarc: .rarc
                case .adjustmentGroup: .adjustmentGroup
                default: .claimStatusCategory
                }
                tables.append(try step(url, system.displayName, count: { $0.entries.count }) {
                    try FlatImporters.x12CodeList(url: url, system: system)
                })
            case .pos:
                tables.append(try step(url, "place of service", count: { $0.entries.count }) { try FlatImporters.placeOfService(csv: url, pyx12: pyx12) })
            case .taxonomy:
                tables.append(try step(url, "NUCC taxonomy", count: { $0.entries.count }) { try FlatImporters.taxonomy(url: url) })
            }
        }
        if let pyx12 {
            tables.append(try step(pyx12, "claim status codes", count: { $0.entries.count }) { try FlatImporters.claimStatusCodes(pyx12: pyx12) })
        }
        // Definitions and index belong to the tables release of the same fiscal year.
        var pcs: [PCSRelease] = []
        for (_, var release) in pcsTables {
            let year = release.fiscalYear
            if !release.isCodeFileOnly {
                for url in pcsDefinitions where (try? ICD10CMFlatImporter.fiscalYear(in: url.lastPathComponent)) == year {
                    try release.attach(try step(url, "ICD-10-PCS definitions", count: { $0.terms.count }) { try PCSImporter.definitions(url: url) })
                }
                for url in pcsIndexes where (try? ICD10CMFlatImporter.fiscalYear(in: url.lastPathComponent)) == year {
                    try release.attach(try step(url, "ICD-10-PCS index", count: { $0.entries.count }) { try PCSImporter.index(url: url) })
                }
            }
            pcs.append(release)
        }

        let index = ICD10CMIndex(combining: indexParts)
        progress("building the search index")
        let t0 = Date()
        let search = buildSearchIndex(tabulars: tabulars, index: index, pcs: pcs, tables: tables)
        steps.append(Step(file: "-", what: "search index", count: search.documentCount, seconds: Date().timeIntervalSince(t0)))
        progress("  \(search.documentCount) documents in \(String(format: "%.2f", steps.last!.seconds)) s")
        let library = CodeSetLibrary(icd10cm: tabulars, icd10cmFlat: flatCM, icd10cmIndex: index, icd10pcs: pcs, tables: tables, search: search)
        return (library, Report(directory: directory.path, steps: steps, seconds: Date().timeIntervalSince(started)))
    }

    /// What search reads: the newest release of each system only, so results are current codes.
    static func buildSearchIndex(tabulars: [ICD10CMTabular], index: ICD10CMIndex, pcs: [PCSRelease], tables: [CodeTable]) -> SearchIndex {
        var builder = SearchIndexBuilder()
        if let t = tabulars.max(by: { $0.release.effectiveFrom < $1.release.effectiveFrom }) {
            let billable = t.billable
            for (i, n) in t.nodes.enumerated() where n.kind != .chapter && n.kind != .section {
                builder.add(system: .icd10cm, code: n.code, title: n.title, billable: billable[i], text: n.title, source: .title)
                for note in n.notes where note.kind == .inclusionTerm {
                    builder.add(system: .icd10cm, code: n.code, title: n.title, billable: billable[i], text: note.text, source: .inclusionTerm)
                }
            }
            // Index entries point at codes by their printed form; a trailing dash means "see the tabular for more".
            func addIndexDocument(printed: String, text: String) {
                let code = ICD10CMTabular.canonical(printed.replacingOccurrences(of: "-", with: ""))
                guard let i = t.nodeIndex(code) else { return }
                // A main term's own code is the index's default for those words (Hypertension -> I10).
                let source: SearchSource = text.contains(" > ") ? .index : .indexMainTerm
                builder.add(system: .icd10cm, code: code, title: t.nodes[i].title, billable: billable[i], text: text, source: source)
            }
            var resolved: [String: [String]] = [:]
            let mainTerms = index.mainTerms()
            for doc in index.searchDocuments() {
                if let printed = doc.code {
                    addIndexDocument(printed: printed, text: doc.text)
                } else if let see = doc.see {
                    // "Abdominalgia, see Pain, abdominal": the words of the entry lead to the codes of the term it names.
                    let targets = resolved[see] ?? index.resolve(reference: see, using: mainTerms).compactMap(\.code).prefix(3).map { $0 }
                    resolved[see] = targets
                    for printed in targets { addIndexDocument(printed: printed, text: doc.text) }
                }
            }
        }
        let pcsWithTables = pcs.filter { !$0.isCodeFileOnly }.sorted { $0.release.effectiveFrom > $1.release.effectiveFrom }
        if let newest = pcsWithTables.first {
            for doc in newest.searchDocuments() where doc.billable {
                builder.add(system: .icd10pcs, code: doc.code, title: doc.text, billable: true, text: doc.text, source: .title)
            }
            // The newest index may be a year older than the tables (no FY2026 index here): its partial codes (0DTJ)
            // are kept where the newest tables still have them, titled by the tables' meaning so far.
            if let indexed = pcsWithTables.first(where: { !$0.index.isEmpty }) {
                var partials: [String: PCSLookup?] = [:]
                for doc in indexed.searchDocuments() where !doc.billable && !doc.code.isEmpty {
                    let looked = partials[doc.code] ?? newest.lookup(doc.code)
                    partials[doc.code] = looked
                    guard let found = looked else { continue }
                    builder.add(system: .icd10pcs, code: found.code, title: found.title, billable: found.billable, text: doc.text, source: .index)
                }
            }
        }
        // The newest described release of each system (a fee-schedule CPT list has no descriptions to search).
        var newest: [CodeSystem: CodeTable] = [:]
        for t in tables where t.entries.contains(where: { $0.title != FlatImporters.cptLicensedTitle })
            && (newest[t.system].map { $0.release.effectiveFrom < t.release.effectiveFrom } ?? true) {
            newest[t.system] = t
        }
        for (_, t) in newest.sorted(by: { $0.key < $1.key }) {
            for e in t.entries where e.title != FlatImporters.cptLicensedTitle {
                builder.add(system: t.system, code: e.code, title: e.title, billable: e.billable, text: e.title, source: .title)
            }
        }
        return builder.build()
    }
}
