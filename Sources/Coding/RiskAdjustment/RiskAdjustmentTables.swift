import Foundation
import CodeSets

/// The CMS-HCC tables of one payment year, read from the CMS risk adjustment files (as packaged in
/// `../shared/codesets/hcc`): diagnosis to condition category, age/sex edits, hierarchies, labels and coefficients.
public struct RiskAdjustmentTables: Sendable {
    public let paymentYear: Int
    /// The files read, by name.
    public let sources: [String]
    let models: [RiskModel: ModelTables]

    /// The payment years whose tables Revcycle reads, and the models CMS uses in each.
    public static func paymentYears(for model: RiskModel) -> [Int] {
        switch model {
        case .v24: [2025, 2026]
        case .v28: [2025, 2026, 2027]
        }
    }

    public static let supportedPaymentYears = [2025, 2026, 2027]

    /// Reads the tables of `paymentYear` from `directory` (the folder holding `ra_dx_to_cc_YYYY.csv` and the rest).
    public static func load(directory: URL, paymentYear: Int) throws -> RiskAdjustmentTables {
        guard supportedPaymentYears.contains(paymentYear) else {
            throw RiskAdjustmentError.table(file: directory.path, line: nil,
                "payment year \(paymentYear) is not supported (\(supportedPaymentYears.map(String.init).joined(separator: ", ")))")
        }
        let files = TableFiles(paymentYear: paymentYear)
        func read(_ name: String) throws -> [CSVReader.Record] {
            let url = directory.appendingPathComponent(name)
            do {
                return try CSVReader.records(try TextFile.read(url), file: name)
            } catch let error as CodeSetError {
                throw RiskAdjustmentError.table(file: name, line: error.line, error.detail)
            }
        }
        let diagnoses = try read(files.diagnoses)
        let hierarchies = try read(files.hierarchies)
        let coefficients = try read(files.coefficients)
        let labels = try read(files.labels)
        let edits = try read(files.edits)
        var models: [RiskModel: ModelTables] = [:]
        for model in RiskModel.allCases where paymentYears(for: model).contains(paymentYear) {
            models[model] = try ModelTables(model: model, files: files, diagnoses: diagnoses, hierarchies: hierarchies,
                                            coefficients: coefficients, labels: labels, edits: edits)
        }
        return RiskAdjustmentTables(paymentYear: paymentYear, sources: files.all, models: models)
    }

    func tables(for model: RiskModel) throws -> ModelTables {
        guard let tables = models[model] else { throw RiskAdjustmentError.modelNotInPaymentYear(model, paymentYear) }
        return tables
    }

    /// The label CMS gives a condition category, e.g. "Diabetes with Chronic Complications".
    public func label(of category: Int, model: RiskModel) -> String? { models[model]?.labels[category] }

    /// The condition categories a diagnosis maps to, before edits and hierarchies (empty when it is not in the model).
    public func categories(of diagnosis: String, model: RiskModel) -> [Int] {
        guard let tables = models[model], let key = DiagnosisKey(diagnosis) else { return [] }
        return tables.categories(of: key)
    }
}

/// Which file holds which table for a payment year. CMS published no hierarchy file of its own for 2027 here: the
/// 2026 hierarchies (the same V28 model) apply.
struct TableFiles {
    let diagnoses: String
    let hierarchies: String
    let coefficients: String
    let labels = "ra_labels_2026.csv"
    let edits = "ra_dx_edits.csv"

    init(paymentYear: Int) {
        diagnoses = "ra_dx_to_cc_\(paymentYear).csv"
        hierarchies = "ra_hierarchies_\(min(paymentYear, 2026)).csv"
        coefficients = paymentYear == 2027 ? "ra_proposed_coefficients_2027.csv" : "ra_coefficients_\(paymentYear).csv"
    }

    var all: [String] { [diagnoses, hierarchies, coefficients, labels, edits] }
}

/// An ICD-10-CM code packed into 64 bits (at most 8 characters, dots left out, upper case), so that the lookup of a
/// diagnosis hashes one integer.
struct DiagnosisKey: Hashable, Sendable {
    let value: UInt64

    init?(_ code: String) {
        var packed: UInt64 = 0
        var length = 0
        for byte in code.utf8 {
            switch byte {
            case UInt8(ascii: "."): continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // Surrounding blanks are dropped; a blank inside a code makes it no code.
                if length == 0 { continue }
                return nil
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                packed = packed << 8 | UInt64(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                packed = packed << 8 | UInt64(byte - 32)
            default:
                return nil
            }
            length += 1
            if length > 8 { return nil }
        }
        guard length > 0 else { return nil }
        value = packed
    }
}

/// A CMS age/sex edit on one diagnosis (from CMS's model software, e.g. V28I0ED): under the condition, the diagnosis
/// counts for no condition category, or for another one.
struct DiagnosisEdit: Sendable {
    enum Action: Sendable { case ignore, moveTo(Int) }
    var sex: Enrollee.Sex?
    var ageAtMost: Int?
    var ageAtLeast: Int?
    var action: Action
    var description: String

    func applies(to enrollee: Enrollee) -> Bool {
        if let sex { return enrollee.sex == sex }
        if let ageAtMost, enrollee.age <= ageAtMost { return true }
        if let ageAtLeast, enrollee.age >= ageAtLeast { return true }
        return false
    }
}

/// One segment's coefficients, in thousandths (every CMS coefficient has at most three decimals). A variable the
/// segment does not have is nil.
struct SegmentCoefficients: Sendable {
    var categories = [Int?](repeating: nil, count: ConditionCategorySet.capacity)
    /// Age/sex cells and the other demographic variables, by upper-cased name.
    var demographic: [String: Int] = [:]
    var interactions: [Int?] = []
    /// Index n is the count variable Dn; index 10 is D10P (ten or more).
    var counts = [Int?](repeating: nil, count: 11)
    var originallyDisabledFemale: Int?
    var originallyDisabledMale: Int?
    var originallyDisabledInstitutional: Int?
    var institutionalMedicaid: Int?
}

final class ModelTables: Sendable {
    let model: RiskModel
    private let categoryPairs: [DiagnosisKey: UInt32]
    let edits: [DiagnosisKey: DiagnosisEdit]
    let childrenOf: [ConditionCategorySet]
    let labels: [Int: String]
    let segments: [RiskSegment: SegmentCoefficients]

    init(model: RiskModel, files: TableFiles, diagnoses: [CSVReader.Record], hierarchies: [CSVReader.Record],
         coefficients: [CSVReader.Record], labels labelRows: [CSVReader.Record], edits editRows: [CSVReader.Record]) throws {
        self.model = model
        let version = model.rawValue

        func category(_ text: String, file: String, line: Int) throws -> Int {
            let digits = text.hasPrefix("HCC") ? String(text.dropFirst(3)) : text
            guard let n = Int(digits), n > 0, n < ConditionCategorySet.capacity else {
                throw RiskAdjustmentError.table(file: file, line: line, "\"\(text)\" is not a condition category number")
            }
            return n
        }

        // Diagnosis to condition categories: a diagnosis maps to one or two.
        var pairs: [DiagnosisKey: UInt32] = [:]
        pairs.reserveCapacity(diagnoses.count / 4)
        for row in diagnoses.dropFirst() where row[2] == model.tableName {
            guard let key = DiagnosisKey(row[0]) else {
                throw RiskAdjustmentError.table(file: files.diagnoses, line: row.line, "\"\(row[0])\" is not an ICD-10-CM code")
            }
            let cc = UInt32(try category(row[1], file: files.diagnoses, line: row.line))
            switch pairs[key] {
            case nil: pairs[key] = cc
            case let existing? where existing & 0xFFFF == cc || existing >> 16 == cc: break
            case let existing? where existing >> 16 == 0: pairs[key] = existing | cc << 16
            default:
                throw RiskAdjustmentError.table(file: files.diagnoses, line: row.line,
                    "\(row[0]) maps to more than two condition categories in \(model.tableName)")
            }
        }
        guard !pairs.isEmpty else {
            throw RiskAdjustmentError.table(file: files.diagnoses, line: nil, "no rows for \(model.tableName)")
        }
        categoryPairs = pairs

        var edits: [DiagnosisKey: DiagnosisEdit] = [:]
        for row in editRows.dropFirst() where row[7] == model.tableName {
            guard let key = DiagnosisKey(row[0]) else {
                throw RiskAdjustmentError.table(file: files.edits, line: row.line, "\"\(row[0])\" is not an ICD-10-CM code")
            }
            let action: DiagnosisEdit.Action
            switch row[5] {
            case "invalid": action = .ignore
            case "override": action = .moveTo(try category(row[6], file: files.edits, line: row.line))
            default: throw RiskAdjustmentError.table(file: files.edits, line: row.line, "action \"\(row[5])\" is not invalid or override")
            }
            var edit = DiagnosisEdit(sex: nil, ageAtMost: Int(row[4]), ageAtLeast: Int(row[3]), action: action, description: row[8])
            switch row[1] {
            case "sex":
                guard let sex = Enrollee.Sex(code: row[2]) else {
                    throw RiskAdjustmentError.table(file: files.edits, line: row.line, "sex \"\(row[2])\" is not 1 or 2")
                }
                edit.sex = sex
            case "age", "mce_age":
                guard edit.ageAtMost != nil || edit.ageAtLeast != nil else {
                    throw RiskAdjustmentError.table(file: files.edits, line: row.line, "an age edit without an age")
                }
            default:
                throw RiskAdjustmentError.table(file: files.edits, line: row.line, "edit type \"\(row[1])\" is not sex, age or mce_age")
            }
            edits[key] = edit
        }
        self.edits = edits

        var children = [ConditionCategorySet](repeating: ConditionCategorySet(), count: ConditionCategorySet.capacity)
        for row in hierarchies.dropFirst() where row[2] == "CMS-HCC" && row[3] == version {
            let parent = try category(row[0], file: files.hierarchies, line: row.line)
            children[parent].insert(try category(row[1], file: files.hierarchies, line: row.line))
        }
        childrenOf = children

        var labels: [Int: String] = [:]
        for row in labelRows.dropFirst() where row[2] == "CMS-HCC" && row[3] == version {
            labels[try category(row[0], file: files.labels, line: row.line)] = row[1]
        }
        self.labels = labels

        let interactionIndex = Dictionary(uniqueKeysWithValues:
            model.interactions.enumerated().map { ($1.name.uppercased(), $0) })
        var segments: [RiskSegment: SegmentCoefficients] = [:]
        for segment in RiskSegment.allCases {
            var s = SegmentCoefficients()
            s.interactions = Array(repeating: nil, count: interactionIndex.count)
            segments[segment] = s
        }
        for row in coefficients.dropFirst() where row[2] == "CMS-HCC" && row[3] == model.coefficientVersion {
            let name = row[0].uppercased()
            guard let underscore = name.firstIndex(of: "_"),
                  let segment = RiskSegment(rawValue: String(name[..<underscore])) else {
                throw RiskAdjustmentError.table(file: files.coefficients, line: row.line,
                    "\"\(row[0])\" does not start with a segment (CNA_, INS_, NE_, ...)")
            }
            guard let value = Self.thousandths(row[1]) else {
                throw RiskAdjustmentError.table(file: files.coefficients, line: row.line,
                    "coefficient \"\(row[1])\" is not a number with at most three decimals")
            }
            let variable = String(name[name.index(after: underscore)...])
            if variable.hasPrefix("HCC"), let n = Int(variable.dropFirst(3)), n > 0, n < ConditionCategorySet.capacity {
                segments[segment]!.categories[n] = value
            } else if variable == "D10P" {
                segments[segment]!.counts[10] = value
            } else if variable.hasPrefix("D"), let n = Int(variable.dropFirst()), (1...9).contains(n) {
                segments[segment]!.counts[n] = value
            } else if let i = interactionIndex[variable] {
                segments[segment]!.interactions[i] = value
            } else {
                switch variable {
                case "ORIGINALLYDISABLED_FEMALE": segments[segment]!.originallyDisabledFemale = value
                case "ORIGINALLYDISABLED_MALE": segments[segment]!.originallyDisabledMale = value
                case "ORIGDS": segments[segment]!.originallyDisabledInstitutional = value
                case "LTIMCAID": segments[segment]!.institutionalMedicaid = value
                default: segments[segment]!.demographic[variable] = value
                }
            }
        }
        self.segments = segments
    }

    var diagnosisKeys: Dictionary<DiagnosisKey, UInt32>.Keys { categoryPairs.keys }

    func categories(of key: DiagnosisKey) -> [Int] {
        guard let pair = categoryPairs[key] else { return [] }
        return pair >> 16 == 0 ? [Int(pair)] : [Int(pair & 0xFFFF), Int(pair >> 16)]
    }

    /// The one or two categories as a packed pair (low 16 bits first), 0 when the diagnosis is not in the model.
    @inline(__always) func categoryPair(of key: DiagnosisKey) -> UInt32 { categoryPairs[key] ?? 0 }

    /// "1.101" → 1101, "-0.05" → -50, "1" → 1000; nil for anything else or more than three decimals.
    static func thousandths(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]), whole >= 0 else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let f = parts[1]
            guard !f.isEmpty, f.count <= 3, f.allSatisfy(\.isASCII), let n = Int(f), n >= 0 else { return nil }
            fraction = n * [1, 100, 10, 1][f.count]
        }
        let value = whole * 1000 + fraction
        return negative ? -value : value
    }
}
