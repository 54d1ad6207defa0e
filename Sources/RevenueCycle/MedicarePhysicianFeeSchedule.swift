import Foundation

/// One row of the CMS Physician Fee Schedule relative value file (PPRRVU): a code, optionally with a modifier (26,
/// TC, 53), and the values pricing reads.
public struct RelativeValueRecord: Hashable, Codable, Sendable {
    public var code: String
    public var modifier: String?
    /// The PFS status code: A and T are paid from these RVUs; the others are not (see `MedicarePhysicianFeeSchedule`).
    public var statusCode: String
    public var workRVU: ExactDecimal
    public var nonFacilityPracticeExpenseRVU: ExactDecimal
    /// "NA" in the file: CMS does not price the service in a non-facility setting (an office).
    public var nonFacilityNotApplicable: Bool
    public var facilityPracticeExpenseRVU: ExactDecimal
    /// "NA" in the file: CMS does not price the service in a facility setting.
    public var facilityNotApplicable: Bool
    public var malpracticeRVU: ExactDecimal
    /// PC/TC indicator: whether the code splits into professional (26) and technical (TC) components.
    public var professionalTechnicalIndicator: String
    /// Global surgery days: 000, 010, 090, MMM, XXX, YYY, ZZZ.
    public var globalDays: String
    public var conversionFactor: ExactDecimal
    /// Where the row is in its file.
    public var line: Int

    public init(code: String, modifier: String?, statusCode: String, workRVU: ExactDecimal, nonFacilityPracticeExpenseRVU: ExactDecimal,
                nonFacilityNotApplicable: Bool, facilityPracticeExpenseRVU: ExactDecimal, facilityNotApplicable: Bool, malpracticeRVU: ExactDecimal,
                professionalTechnicalIndicator: String, globalDays: String, conversionFactor: ExactDecimal, line: Int) {
        self.code = code; self.modifier = modifier; self.statusCode = statusCode; self.workRVU = workRVU
        self.nonFacilityPracticeExpenseRVU = nonFacilityPracticeExpenseRVU; self.nonFacilityNotApplicable = nonFacilityNotApplicable
        self.facilityPracticeExpenseRVU = facilityPracticeExpenseRVU; self.facilityNotApplicable = facilityNotApplicable
        self.malpracticeRVU = malpracticeRVU; self.professionalTechnicalIndicator = professionalTechnicalIndicator
        self.globalDays = globalDays; self.conversionFactor = conversionFactor; self.line = line
    }
}

/// A Geographic Practice Cost Index row: a Medicare locality and its three indices.
public struct GeographicPracticeCostIndex: Hashable, Codable, Sendable {
    public var locality: MedicareLocality
    public var state: String
    public var localityName: String
    public var work: ExactDecimal
    public var practiceExpense: ExactDecimal
    public var malpractice: ExactDecimal

    public init(locality: MedicareLocality, state: String, localityName: String, work: ExactDecimal, practiceExpense: ExactDecimal,
                malpractice: ExactDecimal) {
        self.locality = locality; self.state = state; self.localityName = localityName
        self.work = work; self.practiceExpense = practiceExpense; self.malpractice = malpractice
    }
}

/// A Medicare payment locality: the contractor (MAC) number and its locality number, such as 06102 / 16 (Chicago).
public struct MedicareLocality: Hashable, Codable, Sendable, CustomStringConvertible {
    public var mac: String
    public var locality: String

    public init(mac: String, locality: String) {
        self.mac = mac
        self.locality = locality
    }

    public var description: String { "MAC \(mac) locality \(locality)" }
}

/// Where the service is given, which picks the practice expense RVU: an office is non-facility; a hospital,
/// ambulatory surgical centre or skilled nursing facility is facility (the facility bears the expense).
public enum CareSetting: String, Hashable, Codable, Sendable, CaseIterable {
    case facility
    case nonFacility
}

/// A Medicare Physician Fee Schedule amount and how it was reached, every factor exact.
public struct MedicarePayment: Hashable, Sendable {
    public var code: String
    public var modifier: String?
    public var locality: MedicareLocality
    public var setting: CareSetting
    public var workRVU: ExactDecimal
    public var practiceExpenseRVU: ExactDecimal
    public var malpracticeRVU: ExactDecimal
    public var gpci: GeographicPracticeCostIndex
    public var conversionFactor: ExactDecimal
    /// (work RVU × work GPCI) + (PE RVU × PE GPCI) + (MP RVU × MP GPCI), unrounded.
    public var geographicallyAdjustedRVUs: ExactDecimal
    /// The adjusted RVUs × the conversion factor, in dollars, unrounded.
    public var exactDollars: ExactDecimal
    /// `exactDollars` rounded once, half up, to cents.
    public var amount: Money
    /// A condition on payment (status T: paid only when no other fee-schedule service is paid that day).
    public var note: String?
}

/// The answer to a pricing question: an amount, or why there is none.
public enum MedicarePricing: Hashable, Sendable {
    case priced(MedicarePayment)
    case notPriced(reason: String)

    public var payment: MedicarePayment? {
        if case .priced(let payment) = self { return payment }
        return nil
    }

    public var amount: Money? { payment?.amount }
}

/// The Medicare Physician Fee Schedule read from the CMS relative value file (PPRRVU*.csv) and GPCI file
/// (GPCI*.csv), which prices a code for a locality and setting:
///
///     payment = [(work RVU × work GPCI) + (PE RVU × PE GPCI) + (MP RVU × MP GPCI)] × conversion factor
///
/// Every factor is an exact decimal and the product is rounded to cents once, at the end (half up).
public struct MedicarePhysicianFeeSchedule: Sendable {
    public let relativeValueFile: String
    public let gpciFile: String
    private let records: [String: RelativeValueRecord]
    private let indices: [MedicareLocality: GeographicPracticeCostIndex]

    public init(relativeValues: [RelativeValueRecord], relativeValueFile: String, gpcis: [GeographicPracticeCostIndex], gpciFile: String) {
        self.relativeValueFile = relativeValueFile
        self.gpciFile = gpciFile
        var records: [String: RelativeValueRecord] = [:]
        for r in relativeValues { records[MedicarePhysicianFeeSchedule.key(r.code, r.modifier)] = r }
        self.records = records
        var indices: [MedicareLocality: GeographicPracticeCostIndex] = [:]
        for g in gpcis { indices[g.locality] = g }
        self.indices = indices
    }

    /// Reads both files' text.
    public init(relativeValueText: String, relativeValueFile: String, gpciText: String, gpciFile: String) throws(ReferenceFileError) {
        self.init(relativeValues: try RelativeValueFile.parse(relativeValueText, file: relativeValueFile), relativeValueFile: relativeValueFile,
                  gpcis: try GPCIFile.parse(gpciText, file: gpciFile), gpciFile: gpciFile)
    }

    /// Reads both files from disk.
    public init(relativeValueURL: URL, gpciURL: URL) throws(ReferenceFileError) {
        try self.init(relativeValueText: try CSV.read(relativeValueURL), relativeValueFile: relativeValueURL.lastPathComponent,
                      gpciText: try CSV.read(gpciURL), gpciFile: gpciURL.lastPathComponent)
    }

    static func key(_ code: String, _ modifier: String?) -> String { code + "|" + (modifier ?? "") }

    public func record(code: String, modifier: String? = nil) -> RelativeValueRecord? { records[MedicarePhysicianFeeSchedule.key(code, modifier)] }
    public func gpci(for locality: MedicareLocality) -> GeographicPracticeCostIndex? { indices[locality] }
    public var localities: [MedicareLocality] { indices.keys.sorted { ($0.mac, $0.locality) < ($1.mac, $1.locality) } }
    public var recordCount: Int { records.count }

    /// Why a status code is not paid from RVUs (CMS PFS status indicators), for the ones that are not.
    static let unpaidStatus: [String: String] = [
        "B": "bundled: its payment is included in another service's",
        "C": "carrier priced: the Medicare contractor sets the payment",
        "D": "deleted code",
        "E": "excluded from the fee schedule by regulation",
        "F": "deleted or discontinued code",
        "G": "not valid for Medicare: another code is billed instead",
        "H": "deleted modifier for this code",
        "I": "not valid for Medicare payment: another code is billed instead",
        "J": "anesthesia service: paid from base and time units, not RVUs",
        "M": "measurement code: reported for quality programmes, not paid",
        "N": "not covered by Medicare",
        "P": "bundled or excluded: no separate payment",
        "R": "restricted coverage: when covered, the Medicare contractor prices it",
        "X": "statutory exclusion: not paid under the physician fee schedule (another fee schedule may pay it)",
    ]

    /// The fee-schedule amount of a code with an optional pricing modifier (26, TC) in a locality and setting, or
    /// why there is none. `conversionFactor` overrides the file's (for a mid-year change).
    public func price(code: String, modifier: String? = nil, locality: MedicareLocality, setting: CareSetting,
                      conversionFactor: ExactDecimal? = nil) -> MedicarePricing {
        let label = code + (modifier.map { "-\($0)" } ?? "")
        guard let r = record(code: code, modifier: modifier) else {
            if record(code: code) != nil, let modifier {
                return .notPriced(reason: "\(relativeValueFile) has \(code) but no row for it with modifier \(modifier)")
            }
            return .notPriced(reason: "\(label) is not in \(relativeValueFile)")
        }
        if let why = MedicarePhysicianFeeSchedule.unpaidStatus[r.statusCode] {
            return .notPriced(reason: "\(label) has PFS status \(r.statusCode), \(why)")
        }
        guard r.statusCode == "A" || r.statusCode == "T" else {
            return .notPriced(reason: "\(label) has PFS status \(r.statusCode), which this pricing does not know")
        }
        let pe: ExactDecimal
        switch setting {
        case .nonFacility:
            if r.nonFacilityNotApplicable {
                return .notPriced(reason: "\(label) has no non-facility practice expense (NA): Medicare does not pay it in an office setting")
            }
            pe = r.nonFacilityPracticeExpenseRVU
        case .facility:
            if r.facilityNotApplicable {
                return .notPriced(reason: "\(label) has no facility practice expense (NA): Medicare does not pay it in a facility setting")
            }
            pe = r.facilityPracticeExpenseRVU
        }
        guard let g = indices[locality] else {
            return .notPriced(reason: "\(gpciFile) has no GPCIs for \(locality)")
        }
        let factor = conversionFactor ?? r.conversionFactor
        guard let work = r.workRVU.multiplied(by: g.work),
              let practice = pe.multiplied(by: g.practiceExpense),
              let malpractice = r.malpracticeRVU.multiplied(by: g.malpractice),
              let adjusted = work.adding(practice)?.adding(malpractice),
              let dollars = adjusted.multiplied(by: factor),
              let amount = dollars.roundedToCents() else {
            return .notPriced(reason: "\(label): the values are too large to compute exactly")
        }
        let note = r.statusCode == "T"
            ? "status T: paid only when no other physician fee schedule service is paid to the same provider that day" : nil
        return .priced(MedicarePayment(code: code, modifier: modifier, locality: locality, setting: setting, workRVU: r.workRVU,
                                       practiceExpenseRVU: pe, malpracticeRVU: r.malpracticeRVU, gpci: g, conversionFactor: factor,
                                       geographicallyAdjustedRVUs: adjusted, exactDollars: dollars, amount: amount, note: note))
    }
}

/// The relative value file's layout: several title rows, then the column header row starting
/// `HCPCS,MOD,DESCRIPTION,CODE,...` (the last of a multi-row header), then one row per code and modifier.
enum RelativeValueFile {
    /// The columns read, by 0-based position, with the header text each must have (the header's last row).
    enum Column: Int, CaseIterable {
        case code = 0, modifier = 1, status = 3, work = 5, nonFacilityPE = 6, nonFacilityNA = 7, facilityPE = 8,
             facilityNA = 9, malpractice = 10, pctc = 13, globalDays = 14, conversionFactor = 24

        var header: String {
            switch self {
            case .code: "HCPCS"
            case .modifier: "MOD"
            case .status: "CODE"
            case .work, .malpractice: "RVU"
            case .nonFacilityPE, .facilityPE: "PE RVU"
            case .nonFacilityNA, .facilityNA: "INDICATOR"
            case .pctc: "IND"
            case .globalDays: "DAYS"
            case .conversionFactor: "FACTOR"
            }
        }

        /// The column as people know it, for errors.
        var name: String {
            switch self {
            case .code: "HCPCS"
            case .modifier: "MOD"
            case .status: "STATUS CODE"
            case .work: "WORK RVU"
            case .nonFacilityPE: "NON-FAC PE RVU"
            case .nonFacilityNA: "NON-FAC NA INDICATOR"
            case .facilityPE: "FACILITY PE RVU"
            case .facilityNA: "FACILITY NA INDICATOR"
            case .malpractice: "MP RVU"
            case .pctc: "PCTC IND"
            case .globalDays: "GLOB DAYS"
            case .conversionFactor: "CONV FACTOR"
            }
        }

        var label: String { "\(name) (column \(rawValue + 1))" }
    }

    static func parse(_ text: String, file: String) throws(ReferenceFileError) -> [RelativeValueRecord] {
        let rows = try CSV.records(text, file: file)
        guard let headerIndex = rows.firstIndex(where: { clean($0[0]) == "HCPCS" && clean($0[1]) == "MOD" }) else {
            throw ReferenceFileError(file: file, expected: "a column header row starting HCPCS,MOD,DESCRIPTION (the relative value file layout)")
        }
        let header = rows[headerIndex]
        for column in Column.allCases where clean(header[column.rawValue]) != column.header {
            throw ReferenceFileError(file: file, line: header.line, column: "column \(column.rawValue + 1)",
                                     expected: "the header \(column.header) (\(column.name)): the file's layout is not the one this reader knows",
                                     found: header[column.rawValue])
        }
        let columnCount = (Column.allCases.map(\.rawValue).max() ?? 0) + 1
        var records: [RelativeValueRecord] = []
        var firstLine: [String: Int] = [:]
        for row in rows[(headerIndex + 1)...] where !row.isBlank {
            guard row.fields.count >= columnCount else {
                throw ReferenceFileError(file: file, line: row.line, expected: "at least \(columnCount) columns; the row has \(row.fields.count)")
            }
            func field(_ c: Column) -> String { clean(row[c.rawValue]) }
            func fail(_ c: Column, _ expected: String) -> ReferenceFileError {
                ReferenceFileError(file: file, line: row.line, column: c.label, expected: expected, found: row[c.rawValue])
            }
            func decimal(_ c: Column) throws(ReferenceFileError) -> ExactDecimal {
                guard let value = ExactDecimal(field(c)), !value.isNegative else { throw fail(c, "a decimal number of at least 0, such as 1.30") }
                return value
            }
            func notApplicable(_ c: Column) throws(ReferenceFileError) -> Bool {
                switch field(c) {
                case "": return false
                case "NA": return true
                default: throw fail(c, "NA or nothing")
                }
            }
            let code = field(.code)
            let codeBytes = Array(code.utf8)
            guard codeBytes.count == 5, codeBytes.allSatisfy({ isASCIIDigit($0) || isASCIIUpper($0) }) else {
                throw fail(.code, "a HCPCS or CPT code of 5 upper-case letters or digits")
            }
            let modifierText = field(.modifier)
            if !modifierText.isEmpty, Modifiers.problem(modifierText) != nil { throw fail(.modifier, "nothing or a 2-character modifier") }
            let status = field(.status)
            guard status.utf8.count == 1, status.utf8.allSatisfy(isASCIIUpper) else { throw fail(.status, "a one-letter status code such as A") }
            let pctc = field(.pctc)
            guard pctc.utf8.count == 1, pctc.utf8.allSatisfy(isASCIIDigit) else { throw fail(.pctc, "a one-digit PC/TC indicator") }
            let global = field(.globalDays)
            guard (1...3).contains(global.utf8.count), global.utf8.allSatisfy(isASCIIAlphanumeric) else {
                throw fail(.globalDays, "global days such as 000, 090 or XXX")
            }
            let factor = try decimal(.conversionFactor)
            if factor.isZero { throw fail(.conversionFactor, "a conversion factor above 0, such as 32.3465") }
            let record = RelativeValueRecord(
                code: code, modifier: modifierText.isEmpty ? nil : modifierText, statusCode: status, workRVU: try decimal(.work),
                nonFacilityPracticeExpenseRVU: try decimal(.nonFacilityPE), nonFacilityNotApplicable: try notApplicable(.nonFacilityNA),
                facilityPracticeExpenseRVU: try decimal(.facilityPE), facilityNotApplicable: try notApplicable(.facilityNA),
                malpracticeRVU: try decimal(.malpractice), professionalTechnicalIndicator: pctc, globalDays: global,
                conversionFactor: factor, line: row.line)
            let key = MedicarePhysicianFeeSchedule.key(code, record.modifier)
            if let earlier = firstLine[key] {
                throw ReferenceFileError(file: file, line: row.line, column: Column.code.label,
                                         expected: "one row per code and modifier; \(code)\(record.modifier.map { "-\($0)" } ?? "") is already on line \(earlier)",
                                         found: code)
            }
            firstLine[key] = row.line
            records.append(record)
        }
        if records.isEmpty { throw ReferenceFileError(file: file, expected: "at least one code row after the column header") }
        return records
    }

    static func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }
}

/// The GPCI file's layout: title rows, the header `Medicare Administrative Contractor (MAC),State,Locality Number,
/// Locality Name,... PW GPCI ...,... PE GPCI,... MP GPCI`, one row per locality, then footnote rows (text in the
/// first column only).
enum GPCIFile {
    static func parse(_ text: String, file: String) throws(ReferenceFileError) -> [GeographicPracticeCostIndex] {
        let rows = try CSV.records(text, file: file)
        func clean(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }
        guard let headerIndex = rows.firstIndex(where: { $0[0].contains("Administrative Contractor") && $0[2].contains("Locality") }) else {
            throw ReferenceFileError(file: file, expected: "a column header row starting \"Medicare Administrative Contractor (MAC),State,Locality Number\"")
        }
        let header = rows[headerIndex]
        let expectedHeaders = [(1, "State"), (2, "Locality Number"), (3, "Locality Name"), (4, "PW GPCI"), (5, "PE GPCI"), (6, "MP GPCI")]
        for (index, name) in expectedHeaders where !header[index].contains(name) {
            throw ReferenceFileError(file: file, line: header.line, column: "column \(index + 1)",
                                     expected: "a header containing \(name): the file's layout is not the one this reader knows", found: header[index])
        }
        let columns = ["MAC (column 1)", "State (column 2)", "Locality Number (column 3)", "Locality Name (column 4)",
                       "PW GPCI (column 5)", "PE GPCI (column 6)", "MP GPCI (column 7)"]
        var result: [GeographicPracticeCostIndex] = []
        var firstLine: [MedicareLocality: Int] = [:]
        for row in rows[(headerIndex + 1)...] where !row.isBlank {
            func fail(_ index: Int, _ expected: String) -> ReferenceFileError {
                ReferenceFileError(file: file, line: row.line, column: columns[index], expected: expected, found: row[index])
            }
            let mac = clean(row[0])
            guard isAllDigits(mac, count: 5) else {
                // Footnotes after the table have text in the first column only.
                if row.fields.dropFirst().allSatisfy({ clean($0).isEmpty }) { continue }
                throw fail(0, "a Medicare contractor number of 5 digits")
            }
            let state = clean(row[1]), localityNumber = clean(row[2]), name = clean(row[3])
            guard state.utf8.count == 2, state.utf8.allSatisfy(isASCIIUpper) else { throw fail(1, "a two-letter state code") }
            guard isAllDigits(localityNumber, count: 2) else { throw fail(2, "a two-digit locality number") }
            guard !name.isEmpty else { throw fail(3, "the locality's name") }
            var values: [ExactDecimal] = []
            for index in 4...6 {
                guard let value = ExactDecimal(clean(row[index])), !value.isNegative, !value.isZero else {
                    throw fail(index, "an index above 0, such as 1.023")
                }
                values.append(value)
            }
            let locality = MedicareLocality(mac: mac, locality: localityNumber)
            if let earlier = firstLine[locality] {
                throw ReferenceFileError(file: file, line: row.line, column: columns[2],
                                         expected: "one row per contractor and locality; \(locality) is already on line \(earlier)", found: localityNumber)
            }
            firstLine[locality] = row.line
            result.append(GeographicPracticeCostIndex(locality: locality, state: state, localityName: name,
                                                      work: values[0], practiceExpense: values[1], malpractice: values[2]))
        }
        if result.isEmpty { throw ReferenceFileError(file: file, expected: "at least one locality row after the column header") }
        return result
    }
}
