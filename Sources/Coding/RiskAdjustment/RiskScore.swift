import Foundation

/// A score in thousandths: CMS coefficients have three decimals, so a sum of them is exact in this form.
public struct RiskValue: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var thousandths: Int

    public init(thousandths: Int) { self.thousandths = thousandths }

    /// "1.045" → 1045 thousandths; nil for anything but a decimal with at most three places.
    public init?(text: String) {
        guard let value = ModelTables.thousandths(text) else { return nil }
        thousandths = value
    }

    public var decimal: Decimal { Decimal(thousandths) / 1000 }
    public var description: String {
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = abs(thousandths)
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    public static func < (a: RiskValue, b: RiskValue) -> Bool { a.thousandths < b.thousandths }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimal)
    }

    public init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Decimal.self)
        var scaled = value * 1000, rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        thousandths = NSDecimalNumber(decimal: rounded).intValue
    }
}

/// One variable of the score and the coefficient it added.
public struct RiskTerm: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case demographic, category, interaction, count }
    public var kind: Kind
    /// The variable without the segment prefix, as CMS names it: "F70_74", "HCC37", "DIABETES_HF_V28", "D3".
    public var variable: String
    public var coefficient: RiskValue
}

/// A condition category the enrollee has after edits and hierarchies, and the diagnoses that gave it.
public struct ScoredCategory: Sendable, Hashable, Codable {
    public var category: Int
    public var label: String?
    /// The coefficient in the enrollee's segment (nil when the segment has none, as for new enrollees).
    public var coefficient: RiskValue?
    public var diagnoses: [String]
}

/// A condition category a more severe one in the same hierarchy displaced.
public struct DisplacedCategory: Sendable, Hashable, Codable {
    public var category: Int
    public var label: String?
    public var by: Int
    public var diagnoses: [String]
}

/// A diagnosis an age/sex edit changed.
public struct AppliedEdit: Sendable, Hashable, Codable {
    public var diagnosis: String
    /// The category it counts for instead; nil when it counts for none.
    public var movedTo: Int?
    public var reason: String
}

/// A CMS-HCC risk score with everything that made it up.
public struct RiskScore: Sendable, Hashable, Codable {
    public var model: RiskModel
    public var paymentYear: Int
    public var segment: RiskSegment
    public var demographicCell: String
    public var riskScore: RiskValue
    /// The part of the score from demographic variables alone.
    public var demographicScore: RiskValue
    public var hccs: [ScoredCategory]
    /// Interaction and count variables that added a coefficient, by name.
    public var interactions: [String: RiskValue]
    public var terms: [RiskTerm]
    public var displaced: [DisplacedCategory]
    public var edits: [AppliedEdit]
    /// Diagnoses that map to no condition category of the model (or are not ICD-10-CM codes at all).
    public var unmappedDiagnoses: [String]
}

extension RiskAdjustmentTables {
    /// Scores an enrollee's diagnoses for the year (codes with or without the dot, any case), explaining each step.
    public func score(_ enrollee: Enrollee, diagnoses: [String], model: RiskModel) throws -> RiskScore {
        let tables = try tables(for: model)
        var trace = ScoreTrace()
        let total = tables.evaluate(enrollee, diagnoses: diagnoses, trace: &trace)
        let segment = enrollee.segment
        let coefficients = tables.segments[segment]!
        let hccs = trace.categories.map { cc in
            ScoredCategory(category: cc, label: tables.labels[cc], coefficient: coefficients.categories[cc].map(RiskValue.init),
                           diagnoses: trace.diagnoses[cc] ?? [])
        }
        let displaced = trace.displaced.map { cc, parent in
            DisplacedCategory(category: cc, label: tables.labels[cc], by: parent, diagnoses: trace.diagnoses[cc] ?? [])
        }
        var interactions: [String: RiskValue] = [:]
        for term in trace.terms where term.kind == .interaction || term.kind == .count {
            interactions[term.variable] = term.coefficient
        }
        let demographic = trace.terms.filter { $0.kind == .demographic }.reduce(0) { $0 + $1.coefficient.thousandths }
        return RiskScore(model: model, paymentYear: paymentYear, segment: segment, demographicCell: enrollee.demographicCell,
                         riskScore: RiskValue(thousandths: total), demographicScore: RiskValue(thousandths: demographic),
                         hccs: hccs, interactions: interactions, terms: trace.terms, displaced: displaced,
                         edits: trace.edits, unmappedDiagnoses: trace.unmapped)
    }

    /// The score alone, in thousandths: the same computation without the explanation, for scoring many enrollees.
    public func rawScore(_ enrollee: Enrollee, diagnoses: [String], model: RiskModel) throws -> RiskValue {
        var trace: ScoreTrace? = nil
        return RiskValue(thousandths: try tables(for: model).evaluate(enrollee, diagnoses: diagnoses, trace: &trace))
    }
}

/// What `evaluate` records when asked to explain itself.
struct ScoreTrace {
    var categories: [Int] = []
    var diagnoses: [Int: [String]] = [:]
    var displaced: [(Int, Int)] = []
    var edits: [AppliedEdit] = []
    var unmapped: [String] = []
    var terms: [RiskTerm] = []
}

protocol ScoreRecorder {
    mutating func mapped(_ diagnosis: String, to category: Int)
    mutating func unmapped(_ diagnosis: String)
    mutating func edited(_ diagnosis: String, movedTo: Int?, reason: String)
    mutating func final(_ categories: ConditionCategorySet, displaced: [(Int, Int)])
    /// A category found but not counted, for a reason of the model's own.
    mutating func dropped(_ category: Int, reason: String)
    mutating func term(_ kind: RiskTerm.Kind, _ variable: String, _ coefficient: Int)
    var wantsDetail: Bool { get }
}

extension ScoreTrace: ScoreRecorder {
    var wantsDetail: Bool { true }
    mutating func mapped(_ diagnosis: String, to category: Int) {
        if !(diagnoses[category]?.contains(diagnosis) ?? false) { diagnoses[category, default: []].append(diagnosis) }
    }
    mutating func unmapped(_ diagnosis: String) { if !unmapped.contains(diagnosis) { unmapped.append(diagnosis) } }
    mutating func edited(_ diagnosis: String, movedTo: Int?, reason: String) {
        let edit = AppliedEdit(diagnosis: diagnosis, movedTo: movedTo, reason: reason)
        if !edits.contains(edit) { edits.append(edit) }
    }
    mutating func final(_ set: ConditionCategorySet, displaced: [(Int, Int)]) {
        categories = Array(set); self.displaced = displaced
    }
    mutating func dropped(_ category: Int, reason: String) {
        for diagnosis in diagnoses[category] ?? [] { edited(diagnosis, movedTo: nil, reason: reason) }
    }
    mutating func term(_ kind: RiskTerm.Kind, _ variable: String, _ coefficient: Int) {
        terms.append(RiskTerm(kind: kind, variable: variable, coefficient: RiskValue(thousandths: coefficient)))
    }
}

/// Scoring without an explanation records nothing.
extension Optional: ScoreRecorder where Wrapped == ScoreTrace {
    var wantsDetail: Bool { false }
    mutating func mapped(_ diagnosis: String, to category: Int) {}
    mutating func unmapped(_ diagnosis: String) {}
    mutating func edited(_ diagnosis: String, movedTo: Int?, reason: String) {}
    mutating func final(_ categories: ConditionCategorySet, displaced: [(Int, Int)]) {}
    mutating func dropped(_ category: Int, reason: String) {}
    mutating func term(_ kind: RiskTerm.Kind, _ variable: String, _ coefficient: Int) {}
}

extension ModelTables {
    /// The CMS-HCC steps: diagnoses to categories, age/sex edits, the V28 heart failure rule, hierarchies, then the
    /// sum of the segment's coefficients for the demographic cell, each category, each interaction and the count.
    func evaluate<R: ScoreRecorder>(_ enrollee: Enrollee, diagnoses: [String], trace: inout R) -> Int {
        var found = ConditionCategorySet()
        for diagnosis in diagnoses {
            guard let key = DiagnosisKey(diagnosis) else { trace.unmapped(diagnosis); continue }
            let pair = categoryPair(of: key)
            guard pair != 0 else { trace.unmapped(diagnosis); continue }
            if let edit = edits[key], edit.applies(to: enrollee) {
                switch edit.action {
                case .ignore:
                    trace.edited(diagnosis, movedTo: nil, reason: edit.description)
                    continue
                case .moveTo(let other):
                    trace.edited(diagnosis, movedTo: other, reason: edit.description)
                    found.insert(other)
                    trace.mapped(diagnosis, to: other)
                    continue
                }
            }
            found.insert(Int(pair & 0xFFFF))
            trace.mapped(diagnosis, to: Int(pair & 0xFFFF))
            if pair >> 16 != 0 {
                found.insert(Int(pair >> 16))
                trace.mapped(diagnosis, to: Int(pair >> 16))
            }
        }
        if let rule = model.conditionalCategory, found.contains(rule.category), !found.intersects(rule.requiresAnyOf) {
            found.remove(rule.category)
            trace.dropped(rule.category, reason: rule.reason)
        }
        var displaced = ConditionCategorySet()
        var displacedBy: [(Int, Int)] = []
        for parent in found {
            let children = childrenOf[parent]
            guard !children.isEmpty, found.intersects(children) else { continue }
            if trace.wantsDetail {
                for child in found where children.contains(child) && !displaced.contains(child) { displacedBy.append((child, parent)) }
            }
            displaced.formUnion(children)
        }
        let final = found.subtracting(displaced)
        trace.final(final, displaced: displacedBy)

        let segment = enrollee.segment
        let coefficients = segments[segment]!
        var total = 0
        func add(_ kind: RiskTerm.Kind, _ variable: @autoclosure () -> String, _ value: Int?) {
            guard let value else { return }
            total += value
            if trace.wantsDetail { trace.term(kind, variable(), value) }
        }
        let cell = enrollee.demographicCell
        switch segment {
        case .newEnrollee, .newEnrolleeSpecialNeeds:
            let medicaid = enrollee.newEnrolleeMedicaid ? "MCAID" : "NMCAID"
            let origin = enrollee.aged && enrollee.originalReason == 1 ? "ORIGDIS" : "NORIGDIS"
            let variable = "\(medicaid)_\(origin)_\(cell)"
            add(.demographic, variable, coefficients.demographic[variable])
        default:
            add(.demographic, cell, coefficients.demographic[cell])
        }
        if enrollee.aged && enrollee.originallyDisabled {
            switch enrollee.sex {
            case .female: add(.demographic, "OriginallyDisabled_Female", coefficients.originallyDisabledFemale)
            case .male: add(.demographic, "OriginallyDisabled_Male", coefficients.originallyDisabledMale)
            }
            add(.demographic, "ORIGDS", coefficients.originallyDisabledInstitutional)
        }
        if segment == .institutional && enrollee.medicaid {
            add(.demographic, "LTIMCAID", coefficients.institutionalMedicaid)
        }
        for category in final {
            add(.category, "HCC\(category)", coefficients.categories[category])
        }
        let disabled = enrollee.disabled
        for (i, interaction) in model.interactions.enumerated()
        where coefficients.interactions[i] != nil && interaction.applies(to: final, disabled: disabled) {
            add(.interaction, interaction.name, coefficients.interactions[i])
        }
        let count = final.count
        if count > 0 { add(.count, count >= 10 ? "D10P" : "D\(count)", coefficients.counts[min(count, 10)]) }
        return total
    }
}
