import Foundation

/// Every loaded code set, immutable once built, shared by all requests: the encoder's data.
public final class CodeSetLibrary: Sendable {
    /// ICD-10-CM tabular releases, newest first.
    public let icd10cm: [ICD10CMTabular]
    /// Earlier ICD-10-CM releases from the CMS flat files (order file, code file), newest first.
    public let icd10cmFlat: [CodeTable]
    public let icd10cmIndex: ICD10CMIndex
    /// ICD-10-PCS releases, newest first.
    public let icd10pcs: [PCSRelease]
    /// Flat code sets (HCPCS, modifiers, CPT, POS, taxonomy, CARC, RARC, ...), newest release first within a system.
    public let tables: [CodeTable]
    public let search: SearchIndex
    /// How many codes each system has in its newest release.
    public let codeCounts: [CodeSystem: Int]

    init(icd10cm: [ICD10CMTabular], icd10cmFlat: [CodeTable], icd10cmIndex: ICD10CMIndex, icd10pcs: [PCSRelease],
         tables: [CodeTable], search: SearchIndex) {
        self.icd10cm = icd10cm.sorted { $0.release.effectiveFrom > $1.release.effectiveFrom }
        self.icd10cmFlat = icd10cmFlat.sorted { $0.release.effectiveFrom > $1.release.effectiveFrom }
        self.icd10cmIndex = icd10cmIndex
        self.icd10pcs = icd10pcs.sorted { $0.release.effectiveFrom > $1.release.effectiveFrom }
        self.tables = tables.sorted { ($0.system, $1.release.effectiveFrom) < ($1.system, $0.release.effectiveFrom) }
        self.search = search
        var counts: [CodeSystem: Int] = [:]
        if let t = self.icd10cm.first { counts[.icd10cm] = t.billableCount() }
        if let p = self.icd10pcs.first { counts[.icd10pcs] = p.codeCount }
        for t in self.tables where counts[t.system] == nil { counts[t.system] = t.entries.count }
        codeCounts = counts
    }

    /// Every release loaded, for status displays.
    public var releases: [ReleaseInfo] {
        icd10cm.map(\.release) + icd10cmFlat.map(\.release) + icd10cmIndex.releases + icd10pcs.map(\.release) + tables.map(\.release)
    }

    public func tables(for system: CodeSystem) -> [CodeTable] { tables.filter { $0.system == system } }

    // MARK: - Lookup

    /// Looks a code up in one system (or guesses the system from the code's shape), on a date of service when given.
    public func lookup(_ rawCode: String, system: CodeSystem? = nil, date: ServiceDate? = nil) -> Result<CodeDetail, LookupFailure> {
        let code = rawCode.trimmed
        guard !code.isEmpty, code.count <= 16, code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
            return .failure(LookupFailure(system: system, code: String(rawCode.prefix(40)),
                                          reason: "'\(rawCode.prefix(40))' is not a code: codes are letters and digits (a dot is allowed)", suggestions: []))
        }
        let systems = system.map { [$0] } ?? guessSystems(code)
        var firstFailure: LookupFailure?
        for s in systems {
            switch lookup(code, in: s, date: date) {
            case .success(let detail): return .success(detail)
            case .failure(let failure): if firstFailure == nil { firstFailure = failure }
            }
        }
        return .failure(firstFailure ?? LookupFailure(system: system, code: code, reason: "\(code) is not a code in any loaded code set", suggestions: []))
    }

    /// Which systems a code could belong to, most likely first.
    func guessSystems(_ code: String) -> [CodeSystem] {
        let bare = code.uppercased().withoutDots
        if FlatImporters.isCPTFormat(bare) { return [.cpt] }
        // Seven characters without a dot: ICD-10-PCS sections are digits and B, C, D, F, G, H, X.
        if bare.count == 7, !code.contains(".") {
            return "0123456789BCDFGHX".contains(bare.first!) ? [.icd10pcs, .icd10cm] : [.icd10cm, .icd10pcs]
        }
        if bare.count == 5, bare.first!.isLetter, bare.dropFirst().allSatisfy(\.isNumber) { return [.hcpcs, .icd10cm] }
        if bare.count == 2 { return [.hcpcsModifier, .pos, .adjustmentGroup, .claimStatusCategory, .carc, .rarc] }
        if bare.first?.isLetter == true { return [.icd10cm, .icd10pcs, .hcpcs, .rarc, .taxonomy] }
        return [.icd10pcs, .pos, .carc, .claimStatus, .taxonomy]
    }

    func lookup(_ code: String, in system: CodeSystem, date: ServiceDate?) -> Result<CodeDetail, LookupFailure> {
        switch system {
        case .icd10cm: return lookupICD10CM(code, date: date)
        case .icd10pcs: return lookupPCS(code, date: date)
        default: return lookupFlat(code, system: system, date: date)
        }
    }

    /// The fast path for validating a code: its title, kind and whether it is billable in the newest release, with
    /// none of the detail of `lookup`. Nil when the system has no such code.
    public func reference(_ rawCode: String, system: CodeSystem) -> CodeReference? {
        switch system {
        case .icd10cm:
            guard let t = icd10cm.first else { return nil }
            switch t.resolve(ICD10CMTabular.canonical(rawCode)) {
            case .success(.node(let i)): return reference(t, i)
            case .success(.extended(let base, let seventh)):
                return CodeReference(code: ICD10CMTabular.canonical(rawCode), title: t.nodes[base].title + ", " + seventh.meaning, kind: "code", billable: true)
            case .failure: return nil
            }
        case .icd10pcs:
            guard let found = icd10pcs.first?.lookup(rawCode.uppercased()) else { return nil }
            return CodeReference(code: found.code, title: found.title, kind: found.billable ? "code" : "partial code", billable: found.billable)
        default:
            let code = system == .taxonomy ? rawCode.uppercased() : rawCode.uppercased().withoutDots
            guard let e = tables(for: system).lazy.compactMap({ $0[code] }).first else { return nil }
            return CodeReference(code: e.code, title: e.title, kind: "code", billable: e.billable)
        }
    }

    // MARK: ICD-10-CM

    /// The release that decides validity on a date: one covering it exactly, else one of the same fiscal year.
    /// Among releases that cover the date, the latest to take effect wins (an April update over its October
    /// release), a tabular over a flat file of the same date.
    func icd10cmRelease(on date: ServiceDate) -> (release: ReleaseInfo, tabular: ICD10CMTabular?, flat: CodeTable?, approximate: Bool)? {
        // The usual case first, without building lists: every diagnosis of every claim asks.
        var covering: (release: ReleaseInfo, tabular: ICD10CMTabular?, flat: Int?)?
        for t in icd10cm where t.release.covers(date) && covering.map({ t.release.effectiveFrom > $0.release.effectiveFrom }) ?? true {
            covering = (t.release, t, nil)
        }
        for i in icd10cmFlat.indices where icd10cmFlat[i].release.covers(date)
            && covering.map({ icd10cmFlat[i].release.effectiveFrom > $0.release.effectiveFrom }) ?? true {
            covering = (icd10cmFlat[i].release, nil, i)
        }
        if let covering { return (covering.release, covering.tabular, covering.flat.map { icd10cmFlat[$0] }, false) }
        typealias Candidate = (release: ReleaseInfo, tabular: ICD10CMTabular?, flat: CodeTable?)
        let all: [Candidate] = icd10cm.map { ($0.release, $0, nil) } + icd10cmFlat.map { ($0.release, nil, $0) }
        func latest(_ candidates: [Candidate]) -> Candidate? {
            candidates.max { a, b in
                a.release.effectiveFrom != b.release.effectiveFrom ? a.release.effectiveFrom < b.release.effectiveFrom : a.tabular == nil && b.tabular != nil
            }
        }
        let sameYear = all.filter { $0.release.effectiveThrough.map { $0.fiscalYear == date.fiscalYear } ?? false }
        if let c = latest(sameYear) { return (c.release, c.tabular, c.flat, true) }
        return nil
    }

    private func icd10cmValidity(_ code: String, on date: ServiceDate) -> Validity {
        guard let chosen = icd10cmRelease(on: date) else {
            let loaded = (icd10cm.map(\.release) + icd10cmFlat.map(\.release)).map(\.name).joined(separator: "; ")
            return Validity(date: date, valid: false, release: nil,
                            reason: "no loaded ICD-10-CM release covers \(date) (fiscal year \(date.fiscalYear)); loaded: \(loaded)", approximate: false)
        }
        let (valid, why) = icd10cmBillable(code, in: chosen)
        var reason = valid ? "valid for a date of service of \(date) in \(chosen.release.name)" : "not valid on \(date): \(why) (\(chosen.release.name))"
        if chosen.approximate {
            reason += "; no release loaded covers \(date) exactly, so the same fiscal year's \(chosen.release.name) was used"
        }
        return Validity(date: date, valid: valid, release: chosen.release.name, reason: reason, approximate: chosen.approximate)
    }


    private func icd10cmBillable(_ code: String, in chosen: (release: ReleaseInfo, tabular: ICD10CMTabular?, flat: CodeTable?, approximate: Bool)) -> (valid: Bool, why: String) {
        if let t = chosen.tabular {
            switch t.resolve(code) {
            case .success(.extended): return (true, "")
            case .success(.node(let i)): return t.billable[i] ? (true, "") : (false, "\(code) is not billable in that release")
            case .failure: return (false, "\(code) is not in that release")
            }
        }
        guard let e = chosen.flat?[code] else { return (false, "\(code) is not in that release") }
        return e.billable ? (true, "") : (false, "\(code) is a header, not billable, in that release")
    }

    /// Whether an ICD-10-CM code is billable in the release in force on the date of service: what the scrubber asks
    /// of every diagnosis, answered without building the code's record. `lookup` explains a no.
    public func isBillable(icd10cm raw: String, on date: ServiceDate) -> Bool {
        guard let chosen = icd10cmRelease(on: date) else { return false }
        return icd10cmBillable(ICD10CMTabular.canonical(raw), in: chosen).valid
    }

    /// Whether a code of a flat code set (HCPCS, CPT, modifiers) is listed, and valid on the date of service, without
    /// building its record; the same judgement as `lookup`'s validity.
    public func flatStatus(_ raw: String, system: CodeSystem, on date: ServiceDate) -> (listed: Bool, valid: Bool) {
        let code = raw.codeKey
        // By index, so that no table or entry is copied: every line of every claim asks.
        var first: (table: Int, entry: Int)?, covering: (table: Int, entry: Int)?
        for t in tables.indices where tables[t].system == system {
            guard let e = tables[t].position(of: code) else { continue }
            if first == nil { first = (t, e) }
            if tables[t].release.covers(date) { covering = (t, e); break }
        }
        guard let chosen = covering ?? first else { return (false, false) }
        let entry = tables[chosen.table].entries[chosen.entry]
        return (true, Self.isActive(entry, covered: covering != nil, on: date) && entry.billable)
    }

    /// Without a release covering the date, only the code's own dates can vouch for it.
    private static func isActive(_ entry: CodeEntry, covered: Bool, on date: ServiceDate) -> Bool {
        (covered || entry.effective != nil) && entry.isActive(on: date)
    }

    /// The listing a date of service is judged by: the release covering the date, else the first that lists the code,
    /// whose own dates must then vouch for it.
    private func flatChoice(_ hits: [(CodeTable, CodeEntry)], on date: ServiceDate) -> (table: CodeTable, entry: CodeEntry, covering: Bool, vouched: Bool, active: Bool)? {
        let covering = hits.first { $0.0.release.covers(date) }
        guard let chosen = covering ?? hits.first else { return nil }
        let vouched = covering != nil || chosen.1.effective != nil
        return (chosen.0, chosen.1, covering != nil, vouched, Self.isActive(chosen.1, covered: covering != nil, on: date))
    }

    private func reference(_ t: ICD10CMTabular, _ i: Int) -> CodeReference {
        let n = t.nodes[i]
        let code = n.kind == .chapter ? "Chapter \(n.code)" : n.code
        return CodeReference(code: code, title: n.title, kind: n.kind.rawValue, billable: t.billable[i])
    }

    private func lookupICD10CM(_ raw: String, date: ServiceDate?) -> Result<CodeDetail, LookupFailure> {
        let code = ICD10CMTabular.canonical(raw)
        guard let newest = icd10cm.first else {
            return lookupFlatICD10CM(code, date: date)
        }
        // The tabular for the date of service first, then the newest, then older ones (a code deleted since).
        let dated = date.flatMap { icd10cmRelease(on: $0)?.tabular }
        let found = ((dated.map { [$0] } ?? []) + icd10cm).lazy.compactMap { t in (try? t.resolve(code).get()).map { (t, $0) } }.first
        guard let (t, resolution) = found else {
            let older = lookupFlatICD10CM(code, date: date)
            if case .failure = older, case .failure(let problem) = newest.resolve(code) {
                return .failure(icd10cmFailure(code, problem, newest))
            }
            return older
        }
        let nodeIndex: Int
        var detail: CodeDetail
        switch resolution {
        case .node(let i):
            nodeIndex = i
            let n = t.nodes[i]
            let billable = t.billable[i]
            detail = CodeDetail(system: .icd10cm, code: n.code, title: n.title, kind: n.kind.rawValue, billable: billable,
                                billableReason: "", release: t.release.name)
            if billable {
                detail.billableReason = "a complete code with no more specific codes below it"
            } else if n.kind == .section {
                detail.billableReason = "\(n.code) is a block of categories, not a code"
            } else if !n.children.isEmpty {
                detail.billableCodeCount = t.billableCount(under: i)
                detail.billableCodes = t.billableCodes(under: i, limit: 200).map { CodeReference(code: $0.code, title: $0.title, kind: "code", billable: true) }
                detail.billableReason = "a header: choose one of its \(detail.billableCodeCount) billable codes"
            } else if let def = t.seventhCharacterDefinition(for: i) {
                let stem = n.code.withoutDots
                let pad = stem.count < 6 ? " after placeholder X to six characters" : ""
                detail.billableReason = "needs a 7th character\(pad) (\(def.characters.map(\.character).joined(separator: ", ")))"
                let example = ICD10CMTabular.canonical(stem.paddedWithX(to: 6) + (def.characters.first?.character ?? "A"))
                if stem.count < 6 { detail.placeholder = "\(n.code) has \(stem.count) characters: add placeholder X to six, then the 7th character (e.g. \(example))" }
            }
        case .extended(let base, let seventh):
            nodeIndex = base
            let n = t.nodes[base]
            detail = CodeDetail(system: .icd10cm, code: code, title: n.title + ", " + seventh.meaning, kind: "code", billable: true,
                                billableReason: "\(n.code) completed by 7th character \(seventh.character) (\(seventh.meaning))",
                                release: t.release.name)
            let stem = n.code.withoutDots
            if stem.count < 6 { detail.placeholder = "placeholder X fills \(n.code) to six characters before the 7th character" }
            detail.hierarchy.append(reference(t, base))
        }
        detail.hierarchy = t.ancestors(of: nodeIndex).map { reference(t, $0) } + detail.hierarchy
        if case .node = resolution {
            detail.children = t.nodes[nodeIndex].children.map { reference(t, Int($0)) }
        }
        detail.notes = notes(t, nodeIndex)
        if let def = t.seventhCharacterDefinition(for: nodeIndex) {
            detail.seventhCharacters = def.characters
            detail.seventhCharacterSource = t.nodes[def.source].code
            detail.seventhCharacterNote = def.note
        }
        if let short = icd10cmFlat.lazy.compactMap({ $0[detail.code]?.shortTitle }).first { detail.shortTitle = short }
        if let date { detail.validity = icd10cmValidity(detail.code, on: date) }
        detail.history = icd10cmHistory(detail.code)
        detail.indexEntries = icd10cmIndex.entries(forCode: detail.code).prefix(20).map(\.displayText)
        return .success(detail)
    }

    /// The code's own notes, then those of each ancestor (nearest first), grouped as code books print them.
    private func notes(_ t: ICD10CMTabular, _ i: Int) -> [NoteGroup] {
        var groups: [NoteGroup] = []
        for (depth, index) in ([i] + t.ancestors(of: i).reversed()).enumerated() {
            let n = t.nodes[index]
            let from = n.kind == .chapter ? "Chapter \(n.code)" : n.code
            for kind in TabularNoteKind.allCases {
                // Inclusion terms describe the code they are printed under only.
                if depth > 0, kind == .inclusionTerm { continue }
                let texts = n.notes.filter { $0.kind == kind }.map(\.text)
                if !texts.isEmpty { groups.append(NoteGroup(kind: kind, heading: kind.heading, from: from, inherited: depth > 0, texts: texts)) }
            }
        }
        return groups
    }

    private func icd10cmHistory(_ code: String) -> [ReleasePresence] {
        var out: [ReleasePresence] = []
        for t in icd10cm {
            var present = false, billable = false
            switch t.resolve(code) {
            case .success(.node(let i)): present = true; billable = t.billable[i]
            case .success(.extended): present = true; billable = true
            case .failure: break
            }
            out.append(ReleasePresence(release: t.release.name, effectiveFrom: t.release.effectiveFrom,
                                       effectiveThrough: t.release.effectiveThrough, present: present, billable: billable))
        }
        for f in icd10cmFlat {
            let e = f[code]
            out.append(ReleasePresence(release: f.release.name, effectiveFrom: f.release.effectiveFrom,
                                       effectiveThrough: f.release.effectiveThrough, present: e != nil, billable: e?.billable ?? false))
        }
        return out.sorted { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// A code only in an earlier release (deleted since), answered from the flat file.
    private func lookupFlatICD10CM(_ code: String, date: ServiceDate?) -> Result<CodeDetail, LookupFailure> {
        guard let (table, entry) = icd10cmFlat.lazy.compactMap({ t in t[code].map { (t, $0) } }).first else {
            return .failure(LookupFailure(system: .icd10cm, code: code, reason: "\(code) is not an ICD-10-CM code in any loaded release", suggestions: []))
        }
        var detail = CodeDetail(system: .icd10cm, code: code, title: entry.title, shortTitle: entry.shortTitle, kind: entry.billable ? "code" : "header",
                                billable: entry.billable, billableReason: entry.billable ? "billable in \(table.release.name)" : "a header in \(table.release.name)",
                                release: table.release.name)
        if !icd10cm.isEmpty { detail.billableReason += "; not in the current tabular (\(icd10cm[0].release.name)): the code was deleted or replaced" }
        if let date { detail.validity = icd10cmValidity(code, on: date) }
        detail.history = icd10cmHistory(code)
        return .success(detail)
    }

    private func icd10cmFailure(_ code: String, _ problem: ICD10CMTabular.ResolutionProblem, _ t: ICD10CMTabular) -> LookupFailure {
        switch problem {
        case .placeholderNeeded(let base, let expected):
            return LookupFailure(system: .icd10cm, code: code,
                                 reason: "\(code) is not valid: \(t.nodes[base].code) needs placeholder X before its 7th character; did you mean \(expected)?",
                                 suggestions: [CodeReference(code: expected, title: t.nodes[base].title, kind: "code", billable: true)])
        case .invalidSeventh(let base, let c):
            let def = t.seventhCharacterDefinition(for: base)
            let options = def?.characters.map { "\($0.character) \($0.meaning)" }.joined(separator: "; ") ?? ""
            return LookupFailure(system: .icd10cm, code: code,
                                 reason: "\(code) is not valid: '\(c)' is not a 7th character of \(t.nodes[base].code) (\(options))",
                                 suggestions: [reference(t, base)])
        case .unknown:
            // The nearest existing ancestor tells the coder where they went wrong.
            var prefix = code.withoutDots
            while prefix.count > 3 {
                prefix.removeLast()
                if let i = t.nodeIndex(ICD10CMTabular.canonical(prefix)) {
                    let n = t.nodes[i]
                    // Below a header, its codes; at a complete code, the code and its siblings.
                    let near = n.children.isEmpty && n.parent >= 0 ? t.nodes[Int(n.parent)].children : n.children
                    return LookupFailure(system: .icd10cm, code: code,
                                         reason: "\(code) is not an ICD-10-CM code; the nearest is \(n.code) (\(n.title))",
                                         suggestions: near.prefix(30).map { reference(t, Int($0)) })
                }
            }
            return LookupFailure(system: .icd10cm, code: code, reason: "\(code) is not an ICD-10-CM code in \(t.release.name)", suggestions: [])
        }
    }

    // MARK: ICD-10-PCS

    /// The ICD-10-PCS release for a date: the one covering it, else one of the same fiscal year (approximate).
    func pcsRelease(on date: ServiceDate) -> (release: PCSRelease, approximate: Bool)? {
        if let r = icd10pcs.first(where: { $0.release.covers(date) }) { return (r, false) }
        if let r = icd10pcs.first(where: { $0.release.effectiveThrough?.fiscalYear == date.fiscalYear }) { return (r, true) }
        return nil
    }

    private func lookupPCS(_ raw: String, date: ServiceDate?) -> Result<CodeDetail, LookupFailure> {
        let code = raw.codeKey
        guard let newest = icd10pcs.first else {
            return .failure(LookupFailure(system: .icd10pcs, code: code, reason: "no ICD-10-PCS release is loaded", suggestions: []))
        }
        // The code as the release for the date has it, else the newest release that has it at all.
        let dated = date.flatMap(pcsRelease(on:))
        let candidates = (dated.map { [$0.release] } ?? []) + icd10pcs
        guard let (release, found) = candidates.lazy.compactMap({ r in r.lookup(code).map { (r, $0) } }).first else {
            return .failure(LookupFailure(system: .icd10pcs, code: code, reason: (dated?.release ?? newest).explainInvalid(code), suggestions: []))
        }
        var detail = CodeDetail(system: .icd10pcs, code: found.code, title: found.title, kind: found.billable ? "code" : "partial code",
                                billable: found.billable,
                                billableReason: found.billable ? "a complete seven-character ICD-10-PCS code"
                                    : "ICD-10-PCS codes are valid only with all seven characters (\(found.codeCount) codes start with \(found.code))",
                                release: release.release.name)
        detail.attributes = found.axes.map { Attribute("\($0.position) \($0.axisTitle)", "\($0.character) \($0.label)" + ($0.definition.map { " — \($0)" } ?? "")) }
        detail.children = found.children.map { CodeReference(code: $0.code, title: $0.label, kind: $0.code.count == 7 ? "code" : "partial code", billable: $0.code.count == 7) }
        if let date {
            if let (dated, approximate) = dated {
                let inRelease = dated.lookup(code)
                let valid = inRelease?.billable ?? false
                var reason = valid ? "valid for a date of service of \(date) in \(dated.release.name)"
                    : "not valid on \(date): \(inRelease == nil ? "not in" : "not a complete code in") \(dated.release.name)"
                if approximate { reason += "; no loaded release covers \(date) exactly, so the same fiscal year's \(dated.release.name) was used" }
                detail.validity = Validity(date: date, valid: valid, release: dated.release.name, reason: reason, approximate: approximate)
            } else {
                let loaded = icd10pcs.map(\.release.name).joined(separator: "; ")
                detail.validity = Validity(date: date, valid: false, release: nil,
                                           reason: "no loaded ICD-10-PCS release covers \(date) (fiscal year \(date.fiscalYear)); loaded: \(loaded)", approximate: false)
            }
        }
        detail.history = icd10pcs.reversed().map { r in
            let l = r.lookup(code)
            return ReleasePresence(release: r.release.name, effectiveFrom: r.release.effectiveFrom, effectiveThrough: r.release.effectiveThrough,
                                   present: l != nil, billable: l?.billable ?? false)
        }
        return .success(detail)
    }

    // MARK: Flat code sets

    private func lookupFlat(_ raw: String, system: CodeSystem, date: ServiceDate?) -> Result<CodeDetail, LookupFailure> {
        let code = system == .taxonomy ? raw.uppercased() : raw.uppercased().withoutDots
        let releases = tables(for: system)
        guard !releases.isEmpty else {
            return .failure(LookupFailure(system: system, code: code, reason: "no \(system.displayName) release is loaded", suggestions: []))
        }
        // Several releases may list a code (CPT from the fee schedule and from the AMA file): merge what they say.
        let hits = releases.compactMap { t in t[code].map { (t, $0) } }
        guard let (table, entry) = hits.first(where: { date == nil || $0.0.release.covers(date!) }) ?? hits.first else {
            var reason = "\(code) is not a \(system.displayName) code in \(releases.map(\.release.name).joined(separator: "; "))"
            if system == .cpt, !FlatImporters.isCPTFormat(code) {
                reason = "\(code) is not a CPT code: CPT codes are five digits (Category I), four digits and F (Category II) or four digits and T (Category III)"
            }
            return .failure(LookupFailure(system: system, code: code, reason: reason, suggestions: []))
        }
        let described = hits.first { $0.1.title != FlatImporters.cptLicensedTitle }?.1
        var detail = CodeDetail(system: system, code: entry.code, title: described?.title ?? entry.title, shortTitle: entry.shortTitle,
                                kind: system == .hcpcsModifier ? "modifier" : "code", billable: entry.billable,
                                billableReason: entry.billable ? "listed in \(table.release.name)" : "listed in \(table.release.name) as not billable", release: table.release.name)
        detail.attributes = hits.flatMap(\.1.attributes)
        if let e = entry.effective { detail.attributes.append(Attribute("Effective", e.iso)) }
        if let t = entry.termination { detail.attributes.append(Attribute("Terminated after", t.iso)) }
        if let date, let chosen = flatChoice(hits, on: date) {
            // Without a release covering the date, only the code's own dates can vouch for it.
            var reason: String
            if !chosen.vouched {
                reason = "not valid on \(date): no loaded \(system.displayName) release covers it (loaded: \(releases.map(\.release.name).joined(separator: "; ")))"
            } else if chosen.active {
                reason = "valid for a date of service of \(date) in \(chosen.table.release.name)"
            } else if let t = chosen.entry.termination, date > t {
                reason = "not valid on \(date): terminated after \(t)"
            } else {
                reason = "not valid on \(date): effective from \(chosen.entry.effective?.iso ?? "a later date")"
            }
            if !chosen.covering, chosen.vouched { reason += "; no loaded \(system.displayName) release covers \(date), so the code's own dates in \(chosen.table.release.name) were used" }
            detail.validity = Validity(date: date, valid: chosen.active && chosen.entry.billable, release: chosen.table.release.name, reason: reason,
                                       approximate: !chosen.covering)
        }
        detail.history = releases.reversed().map { t in
            let e = t[code]
            return ReleasePresence(release: t.release.name, effectiveFrom: t.release.effectiveFrom, effectiveThrough: t.release.effectiveThrough,
                                   present: e != nil, billable: e?.billable ?? false)
        }
        return .success(detail)
    }

    // MARK: - Search

    /// Searches every loaded system (or the ones given), keeping only codes valid on `date` when it is given.
    public func search(_ query: String, systems: Set<CodeSystem>? = nil, date: ServiceDate? = nil, limit: Int = 20) -> [SearchHit] {
        let limit = min(max(limit, 1), 200)
        guard let date else { return search.search(query, systems: systems, limit: limit) }
        return search.search(query, systems: systems, limit: limit) { system, code in
            self.isValidOrHeader(code, system: system, on: date)
        }
    }

    /// Whether a search result belongs on a date: billable codes must be valid then; headers are kept when their
    /// release covers the date, since they lead to valid codes.
    private func isValidOrHeader(_ code: String, system: CodeSystem, on date: ServiceDate) -> Bool {
        switch system {
        case .icd10cm:
            guard let chosen = icd10cmRelease(on: date) else { return false }
            if let t = chosen.tabular { return t.nodeIndex(code) != nil || (try? t.resolve(code).get()) != nil }
            return chosen.flat?[code] != nil
        case .icd10pcs:
            return pcsRelease(on: date)?.release.lookup(code) != nil
        default:
            let hits = tables(for: system).compactMap { $0[code] }
            return hits.isEmpty || hits.contains { $0.isActive(on: date) }
        }
    }
}
