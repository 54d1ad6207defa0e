import CodeSets

/// Where the encounter happened: the Official Guidelines code uncertain diagnoses differently in each.
public enum CodingSetting: String, Codable, Sendable, CaseIterable {
    /// Section IV: uncertain diagnoses are not coded; the signs and symptoms are.
    case outpatient
    /// Section II.H / III.C: an uncertain diagnosis at discharge is coded as if it were established.
    case inpatient
}

/// How specific the suggested code is compared with what the note says.
public enum SuggestionSpecificity: String, Codable, Sendable {
    /// The code is as specific as the index and the note allow.
    case complete
    /// The index led to a category whose subdivisions the note does not decide; its unspecified code was chosen
    /// (a provider query could make it specific).
    case unspecifiedChosen = "unspecified-chosen"
}

/// The classification a suggested code belongs to: ICD-10-CM diagnoses or ICD-10-PCS inpatient procedures. JSON
/// written before procedures were suggested has no `codeSystem` and reads as ICD-10-CM.
public enum SuggestedCodeSystem: String, Codable, Sendable, CaseIterable {
    case icd10cm = "ICD-10-CM"
    case icd10pcs = "ICD-10-PCS"
}

/// One ICD-10-CM (or, in `NoteCoding.procedures`, ICD-10-PCS) code proposed from a note, with what supports it. Codable and stable: `id` depends only on the code
/// and the evidence span, so a coder's accept / edit / reject decision can be stored against it and found again when
/// the same note is coded again.
public struct CodeSuggestion: Codable, Hashable, Sendable, Identifiable {
    /// "E11.22@120-143": the code and the evidence span.
    public var id: String
    public var code: String
    /// ICD-10-CM unless the suggestion is a procedure.
    public var codeSystem: SuggestedCodeSystem = .icd10cm
    public var title: String
    /// The note's text between `start` and `end`.
    public var evidence: String
    /// Offsets in UTF-16 code units (what JavaScript and NSString count; equal to characters for most notes).
    public var start: Int
    public var end: Int
    /// 0...1: how sure the engine is (see docs/ACCURACY.md for how it is made).
    public var confidence: Double
    /// Each rule that shaped the suggestion, in words.
    public var rationale: String
    /// The Alphabetic Index terms that led to the code, "Diabetes, diabetic > with > chronic kidney disease" (or the
    /// tabular title when a tabular term matched).
    public var indexPath: String
    public var specificity: SuggestionSpecificity
    /// Tabular instructions that apply to the code (code first, use additional code), with where they are from.
    public var instructions: [String]
    /// Other suggested codes these instructions pair it with.
    public var pairedCodes: [String]

    public init(code: String, title: String, evidence: String, start: Int, end: Int, confidence: Double, rationale: String,
                indexPath: String, specificity: SuggestionSpecificity = .complete, instructions: [String] = [], pairedCodes: [String] = []) {
        self.id = CodeSuggestion.identifier(code: code, start: start, end: end)
        self.code = code; self.title = title; self.evidence = evidence; self.start = start; self.end = end
        self.confidence = confidence; self.rationale = rationale; self.indexPath = indexPath
        self.specificity = specificity; self.instructions = instructions; self.pairedCodes = pairedCodes
    }

    public static func identifier(code: String, start: Int, end: Int) -> String { "\(code)@\(start)-\(end)" }

    enum CodingKeys: String, CodingKey {
        case id, code, codeSystem, title, evidence, start, end, confidence, rationale, indexPath, specificity, instructions, pairedCodes
    }

    /// Reads stored suggestions from before `codeSystem` existed as ICD-10-CM.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        code = try c.decode(String.self, forKey: .code)
        codeSystem = try c.decodeIfPresent(SuggestedCodeSystem.self, forKey: .codeSystem) ?? .icd10cm
        title = try c.decode(String.self, forKey: .title)
        evidence = try c.decode(String.self, forKey: .evidence)
        start = try c.decode(Int.self, forKey: .start)
        end = try c.decode(Int.self, forKey: .end)
        confidence = try c.decode(Double.self, forKey: .confidence)
        rationale = try c.decode(String.self, forKey: .rationale)
        indexPath = try c.decode(String.self, forKey: .indexPath)
        specificity = try c.decode(SuggestionSpecificity.self, forKey: .specificity)
        instructions = try c.decode([String].self, forKey: .instructions)
        pairedCodes = try c.decode([String].self, forKey: .pairedCodes)
    }
}

/// A finding the engine read in the note and decided not to suggest, with why: what a coder checking the engine
/// wants to see ("denies chest pain" was read, and set aside as negated).
public struct SetAsideFinding: Codable, Hashable, Sendable {
    public enum Reason: String, Codable, Sendable {
        case negated
        /// Outpatient: an uncertain diagnosis is not coded.
        case uncertain
        /// A relative's condition without a family-history code in the index.
        case familyMember = "family-member"
        /// The category's subdivisions are not decided by the note and it has no unspecified code.
        case needsSpecificity = "needs-specificity"
        /// The index's code is not a billable code on the date of service.
        case notValidOnDate = "not-valid-on-date"
        /// A more specific combination code from the same index term was suggested instead.
        case combined
        /// ICD-10-PCS: an axis (body part, laterality, approach, device, qualifier) the note does not document; the
        /// finding's code is the partial code as far as it is decided.
        case axisNotDocumented = "axis-not-documented"
        /// ICD-10-PCS: a procedure planned, declined or done before this stay ("scheduled for", "declined",
        /// "status post", "history of").
        case notPerformed = "not-performed"
    }
    public var reason: Reason
    /// ICD-10-CM unless the finding is a procedure.
    public var codeSystem: SuggestedCodeSystem = .icd10cm
    /// The code the index led to (possibly a category), when there was one.
    public var code: String?
    public var indexPath: String
    public var evidence: String
    public var start: Int
    public var end: Int
    public var rationale: String

    init(reason: Reason, code: String?, indexPath: String, evidence: String, start: Int, end: Int, rationale: String) {
        self.reason = reason; self.code = code; self.indexPath = indexPath; self.evidence = evidence
        self.start = start; self.end = end; self.rationale = rationale
    }

    enum CodingKeys: String, CodingKey { case reason, codeSystem, code, indexPath, evidence, start, end, rationale }

    /// Reads findings stored before `codeSystem` existed as ICD-10-CM.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reason = try c.decode(Reason.self, forKey: .reason)
        codeSystem = try c.decodeIfPresent(SuggestedCodeSystem.self, forKey: .codeSystem) ?? .icd10cm
        code = try c.decodeIfPresent(String.self, forKey: .code)
        indexPath = try c.decode(String.self, forKey: .indexPath)
        evidence = try c.decode(String.self, forKey: .evidence)
        start = try c.decode(Int.self, forKey: .start)
        end = try c.decode(Int.self, forKey: .end)
        rationale = try c.decode(String.self, forKey: .rationale)
    }
}

/// What the engine made of one note.
public struct NoteCoding: Codable, Sendable {
    public var setting: CodingSetting
    public var dateOfService: ServiceDate
    /// The ICD-10-CM release the codes were checked against.
    public var release: String
    /// Best first within the note's order of sequencing: a code another must follow ("code first") comes before it.
    public var suggestions: [CodeSuggestion]
    /// ICD-10-PCS codes of inpatient procedures (`codeSystem` ICD-10-PCS), in the note's order; empty outpatient and
    /// when no PCS release with tables covers the date. Their findings set aside are in `setAside`.
    public var procedures: [CodeSuggestion]
    /// The ICD-10-PCS release the procedures were checked against, when there was one.
    public var procedureRelease: String?
    public var setAside: [SetAsideFinding]

    public init(setting: CodingSetting, dateOfService: ServiceDate, release: String, suggestions: [CodeSuggestion],
                procedures: [CodeSuggestion] = [], procedureRelease: String? = nil, setAside: [SetAsideFinding]) {
        self.setting = setting; self.dateOfService = dateOfService; self.release = release; self.suggestions = suggestions
        self.procedures = procedures; self.procedureRelease = procedureRelease; self.setAside = setAside
    }

    enum CodingKeys: String, CodingKey { case setting, dateOfService, release, suggestions, procedures, procedureRelease, setAside }

    /// Reads results stored before procedures were suggested (none).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        setting = try c.decode(CodingSetting.self, forKey: .setting)
        dateOfService = try c.decode(ServiceDate.self, forKey: .dateOfService)
        release = try c.decode(String.self, forKey: .release)
        suggestions = try c.decode([CodeSuggestion].self, forKey: .suggestions)
        procedures = try c.decodeIfPresent([CodeSuggestion].self, forKey: .procedures) ?? []
        procedureRelease = try c.decodeIfPresent(String.self, forKey: .procedureRelease)
        setAside = try c.decode([SetAsideFinding].self, forKey: .setAside)
    }
}

public enum NoteCodingError: Error, CustomStringConvertible, Sendable, Equatable {
    case noAlphabeticIndex
    case noTabular
    case noReleaseOnDate(ServiceDate, loaded: [String])
    case noteTooLong(characters: Int, limit: Int)

    public var description: String {
        switch self {
        case .noAlphabeticIndex: "no ICD-10-CM Alphabetic Index is loaded: import the index file (icd10cm-index-*) first"
        case .noTabular: "no ICD-10-CM Tabular List is loaded: import the tabular XML first"
        case .noReleaseOnDate(let date, let loaded):
            "no loaded ICD-10-CM release covers \(date) (fiscal year \(date.fiscalYear)); loaded: \(loaded.joined(separator: "; ")). Give a date of service those releases cover."
        case .noteTooLong(let n, let limit): "the note has \(n) characters; at most \(limit) are read"
        }
    }
}
