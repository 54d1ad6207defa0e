import CodeSets

/// One payer's own rules, read from its rule file (docs/PAYER_RULES.md has the format): conditions on the claim's
/// codes, modifiers, place of service, providers, patient and payer, and what to do when they hold.
public struct PayerRuleSet: Sendable, Hashable {
    public var payerName: String
    /// The payer ids (837 loop 2010BB NM109) the rules apply to.
    public var payerIDs: [String]
    /// The rule set's own version, cited in every edit it makes.
    public var version: String
    /// Used when the claim does not say the payer's limit (an 837 from elsewhere).
    public var timelyFilingDays: Int?
    public var rules: [PayerRule]
    /// Where it was read from, for messages.
    public var file: String

    public init(payerName: String, payerIDs: [String], version: String, timelyFilingDays: Int? = nil, rules: [PayerRule], file: String = "") {
        self.payerName = payerName; self.payerIDs = payerIDs; self.version = version; self.timelyFilingDays = timelyFilingDays
        self.rules = rules; self.file = file
    }

    /// Every rule that holds on the claim, as edits with the id `payer:<rule id>`.
    public func check(_ claim: ScrubClaim) -> [ClaimEdit] {
        rules.compactMap { rule in
            rule.evaluate(claim).map { lines in rule.edit(lines: lines, claim: claim, source: "\(payerName) payer rules \(version), rule \(rule.id)" + rule.effectiveText) }
        }
    }
}

public struct PayerRule: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case error, warning, hold
        /// A warning that proposes a modifier for the lines; a person decides.
        case suggestModifier
    }

    /// A claim field that a rule may require: the rule holds when the field is empty.
    public enum ClaimField: String, Sendable, Hashable, CaseIterable {
        case priorAuthorization, referralNumber, renderingTaxonomy, billingTaxonomy, patientBirthDate, placeOfService
    }

    /// Conditions; every one given must hold. Code lists hold when any code matches any pattern (`CodePattern`).
    public struct Conditions: Sendable, Hashable {
        public var claimKinds: [ScrubClaim.Kind]?
        public var procedures: [CodePattern]?
        public var proceduresAbsent: [CodePattern]?
        public var modifiers: [String]?
        public var modifiersAbsent: [String]?
        public var unitsAbove: Int?
        public var diagnoses: [CodePattern]?
        public var diagnosesAbsent: [CodePattern]?
        public var placesOfService: [String]?
        public var renderingNPIs: [String]?
        public var renderingTaxonomies: [CodePattern]?
        public var patientAgeAtLeast: Int?
        public var patientAgeAtMost: Int?
        public var patientSex: [String]?
        public var missing: [ClaimField]?

        public init() {}

        /// Conditions judged line by line; a rule that has any fires for the lines that meet them all.
        var hasLineConditions: Bool { procedures != nil || proceduresAbsent != nil || modifiers != nil || modifiersAbsent != nil || unitsAbove != nil }
    }

    public var id: String
    public var description: String
    public var effective: ServiceDate?
    public var through: ServiceDate?
    public var when: Conditions
    public var action: Action
    /// For `suggestModifier`.
    public var modifier: String?
    public var message: String
    public var resolution: String
    /// The denial reasons (CARC, or RARC) the rule is meant to prevent: `revcycle rules replay` matches them.
    public var prevents: [String]

    public init(id: String, description: String, effective: ServiceDate? = nil, through: ServiceDate? = nil, when: Conditions, action: Action,
                modifier: String? = nil, message: String, resolution: String, prevents: [String] = []) {
        self.id = id; self.description = description; self.effective = effective; self.through = through; self.when = when
        self.action = action; self.modifier = modifier; self.message = message; self.resolution = resolution; self.prevents = prevents
    }

    var effectiveText: String {
        switch (effective, through) {
        case (nil, nil): ""
        case (let from?, nil): ", effective \(from)"
        case (nil, let to?): ", through \(to)"
        case (let from?, let to?): ", effective \(from) through \(to)"
        }
    }

    func inForce(on date: ServiceDate) -> Bool { (effective.map { date >= $0 } ?? true) && (through.map { date <= $0 } ?? true) }

    /// The lines the rule fires for (empty for a claim-level rule that fires), or nil when it does not hold.
    public func evaluate(_ claim: ScrubClaim) -> [Int]? {
        let w = when
        if let kinds = w.claimKinds, !kinds.contains(claim.kind) { return nil }
        if let pos = w.placesOfService, !(claim.placeOfService.map(pos.contains) ?? false) { return nil }
        if let wanted = w.diagnoses, !claim.diagnoses.contains(where: { CodePattern.matches(wanted, $0) }) { return nil }
        if let unwanted = w.diagnosesAbsent, claim.diagnoses.contains(where: { CodePattern.matches(unwanted, $0) }) { return nil }
        if let taxonomies = w.renderingTaxonomies, !(claim.renderingTaxonomy.map { CodePattern.matches(taxonomies, $0) } ?? false) { return nil }
        if let sexes = w.patientSex, !(claim.patientSex.map(sexes.contains) ?? false) { return nil }
        if w.patientAgeAtLeast != nil || w.patientAgeAtMost != nil {
            guard let birth = claim.patientBirthDate, let first = claim.firstServiceDate else { return nil }
            let age = birth.age(on: first)
            if let least = w.patientAgeAtLeast, age < least { return nil }
            if let most = w.patientAgeAtMost, age > most { return nil }
        }
        if let fields = w.missing, !fields.allSatisfy({ Self.isMissing($0, claim) }) { return nil }
        if let npis = w.renderingNPIs {
            let claimRendering = claim.npis.first { $0.role == "rendering provider" }?.npi
            let anyLine = claim.lines.contains { line in (line.renderingNPI ?? claimRendering).map(npis.contains) ?? false }
            if !anyLine { return nil }
        }
        guard w.hasLineConditions else {
            guard let first = claim.firstServiceDate, inForce(on: first) else { return nil }
            return []
        }
        let lines = claim.lines.filter { line in
            guard inForce(on: line.serviceDate), let code = line.procedure ?? line.revenueCode else { return false }
            if let wanted = w.procedures, !CodePattern.matches(wanted, code) { return false }
            if let unwanted = w.proceduresAbsent, CodePattern.matches(unwanted, code) { return false }
            if let mods = w.modifiers, !line.modifiers.contains(where: mods.contains) { return false }
            if let mods = w.modifiersAbsent, line.modifiers.contains(where: mods.contains) { return false }
            if let above = w.unitsAbove, line.units <= above { return false }
            return true
        }.map(\.number)
        return lines.isEmpty ? nil : lines
    }

    static func isMissing(_ field: ClaimField, _ claim: ScrubClaim) -> Bool {
        switch field {
        case .priorAuthorization: claim.priorAuthorization?.isEmpty ?? true
        case .referralNumber: claim.referralNumber?.isEmpty ?? true
        case .renderingTaxonomy: claim.renderingTaxonomy?.isEmpty ?? true
        case .billingTaxonomy: claim.billingTaxonomy?.isEmpty ?? true
        case .patientBirthDate: claim.patientBirthDate == nil
        case .placeOfService: claim.placeOfService?.isEmpty ?? true
        }
    }

    func edit(lines: [Int], claim: ScrubClaim, source: String) -> ClaimEdit {
        let codes = lines.compactMap { n in claim.lines.first { $0.number == n }?.procedure }
        let severity: ClaimEdit.Severity = switch action {
        case .error: .error
        case .hold: .hold
        case .warning, .suggestModifier: .warning
        }
        return ClaimEdit(id: "payer:\(id)", severity: severity, lines: lines, codes: codes, message: message, source: source,
                         resolution: resolution, suggestedModifier: action == .suggestModifier ? modifier : nil)
    }
}

/// A code, a range `70551-70553` (inclusive; `E08-E13` holds the codes under those categories), or a prefix `E11*`.
/// Diagnoses are written with or without their dot.
public struct CodePattern: Sendable, Hashable, CustomStringConvertible {
    enum Form: Sendable, Hashable { case exact(String), range(String, String), prefix(String) }
    let form: Form
    public let description: String

    /// Nil, with the reason, for text that is not a pattern.
    public static func parse(_ text: String) -> Result<CodePattern, PatternError> {
        let t = text.replacingOccurrences(of: ".", with: "").uppercased()
        let isCode: (Substring) -> Bool = { !$0.isEmpty && $0.count <= 10 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        if t.hasSuffix("*") {
            let stem = t.dropLast()
            guard isCode(stem) else { return .failure(PatternError(text: text, reason: "a prefix is letters and digits before the *")) }
            return .success(CodePattern(form: .prefix(String(stem)), description: text))
        }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard isCode(parts[0]), isCode(parts[1]), parts[0].count == parts[1].count, parts[0] <= parts[1] else {
                return .failure(PatternError(text: text, reason: "a range is two codes of the same length, the lower first"))
            }
            return .success(CodePattern(form: .range(String(parts[0]), String(parts[1])), description: text))
        }
        guard parts.count == 1, isCode(parts[0]) else {
            return .failure(PatternError(text: text, reason: "expected a code (letters and digits), a range A-B or a prefix ending in *"))
        }
        return .success(CodePattern(form: .exact(t), description: text))
    }

    public struct PatternError: Error, Sendable, Hashable { public var text: String; public var reason: String }

    public func matches(_ code: String) -> Bool {
        switch form {
        case .exact(let c): code == c
        case .prefix(let p): code.hasPrefix(p)
        case .range(let low, let high):
            // E08-E13 holds every code in those categories; 70551-70553 the three codes.
            code.count >= low.count && (code.prefix(low.count) >= low[...] && code.prefix(low.count) <= high[...])
        }
    }

    static func matches(_ patterns: [CodePattern], _ code: String) -> Bool { patterns.contains { $0.matches(code) } }
}

/// Every payer's rule set, found by payer id.
public struct PayerRuleBook: Sendable {
    public let sets: [PayerRuleSet]
    let byPayerID: [String: Int]

    /// Refuses two sets for one payer id: one file per payer.
    public init(_ sets: [PayerRuleSet]) throws(PayerRuleFileError) {
        var index: [String: Int] = [:]
        for (i, set) in sets.enumerated() {
            for id in set.payerIDs {
                if let other = index[id] {
                    throw PayerRuleFileError(file: set.file, path: "payer.ids", message: "payer id \(id) already has rules in \(sets[other].file): one file per payer")
                }
                index[id] = i
            }
        }
        self.sets = sets
        self.byPayerID = index
    }

    public func set(forPayerID id: String) -> PayerRuleSet? { byPayerID[id].map { sets[$0] } }

    public var ruleCount: Int { sets.map(\.rules.count).reduce(0, +) }
}
