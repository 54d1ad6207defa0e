import CodeSets
import Foundation

/// Synthetic professional claims for `revcycle bench scrub`, made to meet the NCCI edits often: some lines are pairs
/// drawn straight from the PTP table in use, some carry codes from the MUE table with units at or over their limit, and
/// the modifiers that decide a PTP edit (25, 59, XS, LT, RT) come and go. The same seed and tables give the same claims.
/// Not patient data: made-up providers, real billable ICD-10-CM codes.
public enum ScrubBenchmarkClaims {
    /// What the claims are drawn from.
    public struct Sources: Sendable {
        /// The practitioner PTP table: pairs whose both codes have a limit above 0 in `mue` are drawn (real codes that
        /// are paid), else any pair.
        public var ptp: PTPTable
        /// The practitioner MUE table in force on the claims' dates: its codes and limits.
        public var mue: MUETable
        /// Billable ICD-10-CM codes without dots (`billableDiagnoses(_:on:)`).
        public var diagnoses: [String]

        public init(ptp: PTPTable, mue: MUETable, diagnoses: [String]) {
            self.ptp = ptp; self.mue = mue; self.diagnoses = diagnoses
        }
    }

    /// The claims' dates of service: 2026-04-02 to 2026-09-30, the dates the FY2026 April ICD-10-CM release covers
    /// (later dates would make every diagnosis invalid until the FY2027 release is loaded).
    public static let firstDate = ServiceDate(year: 2026, month: 4, day: 2)!
    public static let lastDate = ServiceDate(year: 2026, month: 9, day: 30)!

    /// Made-up NPIs with valid check digits: the billing provider, and the rendering providers lines are given by.
    static let billingNPI = "1234567893"
    static let renderingNPIs = ["1987654328", "1456789019", "1678901236"]
    static let officeVisits: Set<String> = ["99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"]
    static let pairModifiers = ["59", "XS", "LT", "RT", "25"]

    /// The billable ICD-10-CM codes of the release in force on `date`, without dots, in tabular order.
    public static func billableDiagnoses(_ library: CodeSetLibrary, on date: ServiceDate = firstDate) -> [String] {
        guard let tabular = library.icd10cm.first(where: { $0.release.covers(date) }) ?? library.icd10cm.first else { return [] }
        return tabular.billableCodes().map { $0.code.replacingOccurrences(of: ".", with: "") }
    }

    public static func generate(count: Int, seed: UInt64, from sources: Sources) -> [ScrubClaim] {
        var draw = Drawing(sources)
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { draw.claim(number: $0 + 1, &random) }
    }

    /// Everything the NCCI edits read, drawn once from the tables.
    struct Drawing {
        let diagnoses: [String]
        /// MUE codes in code order (a dictionary's order changes from run to run) and their limits.
        let mueCodes: [String]
        /// Codes with an MUE of 0 on this table.
        let unpaidCodes: [String]
        let limits: [String: MUETable.Limit]
        let visits: [String]
        /// PTP pairs to put on claims (packed codes), and those of them with an E/M code.
        let pairs: [(UInt32, UInt32)]
        let visitPairs: [(UInt32, UInt32)]

        init(_ sources: Sources) {
            diagnoses = sources.diagnoses.isEmpty ? ["I10"] : sources.diagnoses
            let limits = sources.mue.limits
            self.limits = limits
            // Codes Medicare pays on a practitioner's claim (an MUE of 0 means it does not, e.g. DME items): most lines
            // bill those, as a practice does.
            let codes = limits.filter { PackedCode.pack($0.key) != nil && $0.value.units > 0 }.keys.sorted()
            mueCodes = codes.isEmpty ? ["99213"] : codes
            unpaidCodes = limits.filter { PackedCode.pack($0.key) != nil && $0.value.units == 0 }.keys.sorted()
            let allVisits = codes.filter(NCCIModifiers.isEvaluationAndManagement)
            let office = allVisits.filter(ScrubBenchmarkClaims.officeVisits.contains)
            visits = office.isEmpty ? (allVisits.isEmpty ? ["99213"] : allVisits) : office
            let real = Set(codes.compactMap(PackedCode.pack))
            var pairs: [(UInt32, UInt32)] = []
            for row in sources.ptp.rows where real.contains(row.column1) && real.contains(row.column2) { pairs.append((row.column1, row.column2)) }
            if pairs.isEmpty { pairs = sources.ptp.rows.map { ($0.column1, $0.column2) } }
            self.pairs = pairs
            visitPairs = pairs.filter {
                NCCIModifiers.isEvaluationAndManagement(PackedCode.unpack($0.0)) || NCCIModifiers.isEvaluationAndManagement(PackedCode.unpack($0.1))
            }
        }

        /// A line before it is numbered: the claim's lines are shuffled, then numbered 1, 2, ...
        struct Draft {
            var code: String
            var modifiers: [String] = []
            var units = 1
            var date: ServiceDate
            var renderer: String?
        }

        func claim(number: Int, _ random: inout SeededGenerator) -> ScrubClaim {
            func chance(_ percent: UInt64) -> Bool { random.next(below: 100) < percent }
            func pick<T>(_ values: [T]) -> T { values[Int(random.next(below: UInt64(values.count)))] }
            let date = Self.date(&random)
            let renderer = pick(renderingNPIs)
            // Mostly the claim's day; now and then another, which keeps a pair from meeting.
            func lineDate() -> ServiceDate { chance(8) ? Self.date(&random) : date }
            func lineRenderer() -> String? { chance(6) ? pick(renderingNPIs.filter { $0 != renderer }) : nil }

            let lineCount = 1 + Int(random.next(below: 6))
            var drafts: [Draft] = []
            if chance(60) {
                var visit = Draft(code: pick(visits), date: date)
                if chance(30) { visit.modifiers = ["25"] } else if chance(5) { visit.modifiers = [pick(["59", "XS"])] }
                drafts.append(visit)
            }
            while drafts.count < lineCount {
                let kind = random.next(below: 100)
                if kind < 40, lineCount - drafts.count >= 2 {
                    // A PTP pair, sometimes one with an E/M, sometimes with a modifier on one of its lines.
                    let pair = !visitPairs.isEmpty && chance(15) ? pick(visitPairs) : pick(pairs)
                    var first = Draft(code: PackedCode.unpack(pair.0), date: date), second = Draft(code: PackedCode.unpack(pair.1), date: lineDate())
                    if chance(30) {
                        let modifier = pick(pairModifiers)
                        if chance(50) { first.modifiers.append(modifier) } else { second.modifiers.append(modifier) }
                    }
                    second.renderer = lineRenderer()
                    drafts += [first, second]
                } else if kind < 70 {
                    // A code with an MUE: units at the limit, over it, or split over two lines of one day.
                    let code = !unpaidCodes.isEmpty && chance(5) ? pick(unpaidCodes) : pick(mueCodes)
                    let limit = limits[code]!
                    let units = chance(40) ? limit.units + 1 + Int(random.next(below: 2)) : max(1, limit.units)
                    if limit.indicator != .line, units > 1, lineCount - drafts.count >= 2, chance(40) {
                        let firstUnits = 1 + Int(random.next(below: UInt64(units - 1)))
                        drafts.append(Draft(code: code, units: firstUnits, date: date))
                        drafts.append(Draft(code: code, units: units - firstUnits, date: lineDate()))
                    } else {
                        drafts.append(Draft(code: code, units: units, date: date))
                    }
                } else {
                    var line = Draft(code: pick(mueCodes), date: lineDate(), renderer: lineRenderer())
                    if chance(10) { line.modifiers = [pick(["LT", "RT"])] }
                    drafts.append(line)
                }
            }
            // Column 1 need not come first: shuffled (Fisher-Yates, so the same seed gives the same order everywhere).
            for i in stride(from: drafts.count - 1, to: 0, by: -1) { drafts.swapAt(i, Int(random.next(below: UInt64(i + 1)))) }

            var codes: [String] = []
            for _ in 0..<(1 + Int(random.next(below: 4))) { codes.append(pick(diagnoses)) }
            var seen = Set<String>()
            let claimDiagnoses = codes.filter { seen.insert($0).inserted }
            let lines = drafts.enumerated().map { n, draft in
                ScrubClaim.Line(number: n + 1, procedure: draft.code, modifiers: draft.modifiers, units: draft.units, serviceDate: draft.date,
                                diagnosisPointers: Array(1...(1 + Int(random.next(below: UInt64(claimDiagnoses.count))))),
                                chargeCents: 2_500 + 500 * Int(random.next(below: 100)), renderingNPI: draft.renderer)
            }
            let birth = ServiceDate(year: 1940 + Int(random.next(below: 60)), month: 1 + Int(random.next(below: 12)), day: 1 + Int(random.next(below: 28)))
            return ScrubClaim(id: "SB" + String(number), kind: .professional, diagnoses: claimDiagnoses, lines: lines, placeOfService: "11",
                              patientBirthDate: birth, patientSex: chance(50) ? "F" : "M",
                              npis: [ScrubClaim.NamedNPI(role: "billing provider", npi: billingNPI),
                                     ScrubClaim.NamedNPI(role: "rendering provider", npi: renderer)])
        }

        /// A day from `firstDate` to `lastDate`.
        static func date(_ random: inout SeededGenerator) -> ServiceDate {
            let days = [(4, 29), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30)]  // April from the 2nd
            var n = Int(random.next(below: UInt64(days.reduce(0) { $0 + $1.1 })))
            for (month, count) in days {
                if n < count { return ServiceDate(year: 2026, month: month, day: month == 4 ? n + 2 : n + 1)! }
                n -= count
            }
            return lastDate
        }
    }

    /// One claim as a line of JSON, the form `Benchmarks/scrub_reference.py` reads: {"id", "kind", "renderer",
    /// "diagnoses", "lines": [{"n", "code", "modifiers", "units", "date", "renderer"}]}; a line's renderer is null
    /// when it is the claim's.
    public static func jsonLine(_ claim: ScrubClaim) -> String {
        func string(_ text: String?) -> String {
            guard let text else { return "null" }
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        func list(_ texts: [String]) -> String { "[" + texts.map { string($0) }.joined(separator: ",") + "]" }
        let renderer = claim.npis.first { $0.role == "rendering provider" }?.npi
        let lines = claim.lines.map { line in
            "{\"n\":\(line.number),\"code\":\(string(line.procedure)),\"modifiers\":\(list(line.modifiers)),\"units\":\(line.units),"
                + "\"date\":\"\(line.serviceDate.iso)\",\"renderer\":\(string(line.renderingNPI))}"
        }
        return "{\"id\":\(string(claim.id)),\"kind\":\"\(claim.kind.rawValue)\",\"renderer\":\(string(renderer)),"
            + "\"diagnoses\":\(list(claim.diagnoses)),\"lines\":[\(lines.joined(separator: ","))]}"
    }
}

extension Scrubber {
    /// The NCCI edits alone (`ncci-ptp`, `ncci-modifier-on-em`, `ncci-mue`): what `Benchmarks/scrub_reference.py`
    /// implements too, so the two can be timed like for like and their findings compared.
    public func ncciEdits(_ claim: ScrubClaim) -> [ClaimEdit] {
        PTPEdits.check(claim, ptp) + MUEEdits.check(claim, mue)
    }
}
