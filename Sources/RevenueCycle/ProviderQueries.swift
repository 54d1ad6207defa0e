import Foundation

// Provider queries (clinical documentation integrity): when the documentation is unclear, incomplete or conflicting,
// the coder asks the provider a question that does not lead. The chart waits in `pendingQuery` with its coder; the
// provider answers in the system; the answer is added to the note as an addendum, and the chart goes back to the
// coder. The rules follow the industry's compliant-query practice: a query states the clinical indicators from the
// record, offers the clinically reasonable options together with "other" and "clinically undetermined", never
// mentions payment, and asks yes or no only where that cannot introduce a new diagnosis.

/// What a query asks the provider to clarify.
public enum ProviderQueryKind: String, Hashable, Codable, Sendable, CaseIterable {
    /// Which diagnosis the clinical indicators (findings, treatment) represent.
    case clinicalSignificance
    /// The type, acuity, stage or laterality the note leaves out.
    case specificity
    /// Whether two documented conditions are linked (cause and effect).
    case linkage
    /// Whether a documented condition was present on admission (inpatient).
    case presentOnAdmission
    /// Two parts of the record disagree.
    case conflictingDocumentation

    /// Yes-or-no questions are for these only: they confirm what is documented and cannot add a new diagnosis.
    public var allowsYesNo: Bool { self == .linkage || self == .presentOnAdmission }
}

/// A query template: the question's compliant wording with a place for the condition, and the options it usually
/// offers (the coder chooses the clinically reasonable ones for the case).
public struct ProviderQueryTemplate: Hashable, Codable, Sendable, Identifiable {
    public var id: String
    public var kind: ProviderQueryKind
    public var title: String
    /// "{subject}" is replaced by what the coder names (a finding, a condition).
    public var question: String
    public var suggestedOptions: [String]
    public var yesNo: Bool

    public static let all: [ProviderQueryTemplate] = [
        ProviderQueryTemplate(id: "clinical-significance", kind: .clinicalSignificance, title: "Diagnosis behind clinical findings",
                              question: "Based on the clinical indicators below, can the diagnosis associated with {subject} be further clarified?",
                              suggestedOptions: [], yesNo: false),
        ProviderQueryTemplate(id: "heart-failure-type", kind: .specificity, title: "Heart failure: type and acuity",
                              question: "The record documents {subject}. Based on the clinical indicators below, can the type and acuity be further specified?",
                              suggestedOptions: ["Acute systolic (HFrEF) heart failure", "Chronic systolic (HFrEF) heart failure",
                                                 "Acute on chronic systolic (HFrEF) heart failure", "Acute diastolic (HFpEF) heart failure",
                                                 "Chronic diastolic (HFpEF) heart failure", "Acute on chronic diastolic (HFpEF) heart failure"],
                              yesNo: false),
        ProviderQueryTemplate(id: "specificity", kind: .specificity, title: "Type, acuity, stage or laterality",
                              question: "The record documents {subject}. Based on the clinical indicators below, can it be further specified?",
                              suggestedOptions: [], yesNo: false),
        ProviderQueryTemplate(id: "linkage", kind: .linkage, title: "Relationship between conditions",
                              question: "The record documents {subject}. Based on the clinical indicators below, is there a relationship between these conditions?",
                              suggestedOptions: ["Yes, the conditions are related", "No, the conditions are not related"], yesNo: true),
        ProviderQueryTemplate(id: "present-on-admission", kind: .presentOnAdmission, title: "Present on admission",
                              question: "The record documents {subject}. Based on the clinical indicators below, was this condition present at the time of the inpatient admission?",
                              suggestedOptions: ["Yes, present on admission", "No, not present on admission"], yesNo: true),
        ProviderQueryTemplate(id: "conflicting-documentation", kind: .conflictingDocumentation, title: "Conflicting documentation",
                              question: "The record documents {subject} in different ways. Based on the clinical indicators below, which best reflects the patient's condition?",
                              suggestedOptions: [], yesNo: false),
    ]

    public static func named(_ id: String) -> ProviderQueryTemplate? { all.first { $0.id == id } }
}

public enum ProviderQueryStatus: String, Hashable, Codable, Sendable, CaseIterable {
    case open, answered, withdrawn
}

/// A question to the provider about one chart, and its answer.
public struct ProviderQuery: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var encounterID: UUID
    /// The encounter's rendering provider, to whom it is addressed.
    public var providerID: UUID
    public var templateID: String
    public var kind: ProviderQueryKind
    public var question: String
    /// Findings from the record that prompt the question, as the record states them.
    public var clinicalIndicators: [String]
    /// The answers offered, in order; for a multiple-choice query the last two are always "Other" and "Clinically
    /// undetermined".
    public var options: [String]
    public var status: ProviderQueryStatus
    public var sentBy: ClaimActor
    public var sentAt: Date
    /// The option chosen, with the provider's words (required with "Other").
    public var answer: String?
    public var answerDetail: String?
    public var answeredBy: ClaimActor?
    public var answeredAt: Date?
    public var withdrawnReason: String?

    public static let other = "Other (please specify)"
    public static let undetermined = "Clinically undetermined"
    public static let maximumTextLength = 1_000

    /// Days the query has been (or was) open, on `now`.
    public func ageInDays(at now: Date) -> Int {
        max(0, Int(((answeredAt ?? now).timeIntervalSince(sentAt) / 86_400).rounded(.down)))
    }
}

/// The rules of queries, as pure functions of the chart, its encounter and the query.
public enum ProviderQueries {
    /// Words that lead the provider or bring money into the question: a compliant query has none of them.
    static let leadingPhrases = ["reimburse", "payment", "drg", "ms-drg", "cc/mcc", "mcc", "risk adjustment", "raf", "hcc", "revenue",
                                 "please document", "please add", "you should document", "would increase", "higher paying", "severity of illness"]

    /// The query the coder who has the chart sends: checked for the compliant form, and the chart and encounter put
    /// in `pendingQuery` (they stay with the coder).
    public static func send(_ item: CodingWorkItem, _ encounter: Encounter, template: ProviderQueryTemplate, subject: String, clinicalIndicators: [String],
                            options: [String], id: UUID, by coder: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (ProviderQuery, CodingWorkItem, Encounter) {
        try CodingDesk.checkHeld(item, by: coder)
        guard item.status == .inProgress else { throw CodingWorkRefusal("status", "a query is already open on this chart: wait for the answer or withdraw it") }
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty, subject.count <= 200 else { throw CodingWorkRefusal("subject", "name what the query is about (a finding or condition), in at most 200 characters") }
        let indicators = clinicalIndicators.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !indicators.isEmpty else {
            throw CodingWorkRefusal("clinicalIndicators", "state the clinical indicators from the record (findings, results, treatment) that prompt the question")
        }
        var offered = options.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if offered.isEmpty && template.yesNo { offered = template.suggestedOptions }
        guard Set(offered.map { $0.lowercased() }).count == offered.count else { throw CodingWorkRefusal("options", "an option is listed twice") }
        let isYesNo = offered.count == 2 && offered.allSatisfy { $0.lowercased().hasPrefix("yes") || $0.lowercased().hasPrefix("no") }
        if isYesNo && !template.kind.allowsYesNo {
            throw CodingWorkRefusal("options", "a yes-or-no query may only confirm a relationship or present-on-admission status, never introduce a diagnosis; offer the clinically reasonable diagnoses instead")
        }
        if !isYesNo && offered.count < 2 {
            throw CodingWorkRefusal("options", "offer at least two clinically reasonable options; \"\(ProviderQuery.other)\" and \"\(ProviderQuery.undetermined)\" are added to every query")
        }
        let question = template.question.replacingOccurrences(of: "{subject}", with: subject)
        for text in [question] + indicators + offered {
            guard text.count <= ProviderQuery.maximumTextLength else { throw CodingWorkRefusal("options", "a part of the query is longer than \(ProviderQuery.maximumTextLength) characters") }
            let lower = text.lowercased()
            if let phrase = leadingPhrases.first(where: { containsWord($0, in: lower) }) {
                throw CodingWorkRefusal("question", "a query may not mention payment or lead the provider (\"\(phrase)\"); ask about the clinical picture only")
            }
        }
        let query = ProviderQuery(id: id, tenantID: encounter.tenantID, encounterID: encounter.id, providerID: encounter.renderingProviderID,
                                  templateID: template.id, kind: template.kind, question: question, clinicalIndicators: indicators,
                                  options: offered + (isYesNo ? [ProviderQuery.undetermined] : [ProviderQuery.other, ProviderQuery.undetermined]),
                                  status: .open, sentBy: coder, sentAt: now)
        var item = item, encounter = encounter
        item.status = .pendingQuery
        item.events.append(CodingWorkEvent(kind: .queried, actor: coder, at: now, note: question))
        encounter.status = .pendingQuery
        return (query, item, encounter)
    }

    /// The provider's answer: one of the options (with words when "Other"), added to the note as an addendum; the
    /// chart goes back to its coder.
    public static func answer(_ query: ProviderQuery, _ item: CodingWorkItem, _ encounter: Encounter, option: String, detail: String?,
                              by provider: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (ProviderQuery, CodingWorkItem, Encounter) {
        guard query.status == .open else { throw CodingWorkRefusal("status", "the query was \(query.status.rawValue) already") }
        guard query.options.contains(option) else {
            throw CodingWorkRefusal("answer", "answer with one of the options: " + query.options.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        let detail = detail?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        if option == ProviderQuery.other && detail == nil { throw CodingWorkRefusal("detail", "say what the other answer is") }
        if let detail, detail.count > ProviderQuery.maximumTextLength { throw CodingWorkRefusal("detail", "the answer is longer than \(ProviderQuery.maximumTextLength) characters") }
        var query = query, item = item, encounter = encounter
        query.status = .answered
        query.answer = option
        query.answerDetail = detail
        query.answeredBy = provider
        query.answeredAt = now
        let addendum = "\n\nAddendum (answer to a documentation query, \(provider.displayName), \(ISO8601DateFormatter().string(from: now))): "
            + query.question + " Answer: " + option + (detail.map { " — " + $0 } ?? "")
        guard encounter.note.count + addendum.count <= Encounter.maximumNoteLength else { throw CodingWorkRefusal("detail", "the note would be too long with this answer") }
        encounter.note += addendum
        try reopenForCoder(&item, &encounter, event: CodingWorkEvent(kind: .answered, actor: provider, at: now, note: option + (detail.map { ": " + $0 } ?? "")))
        return (query, item, encounter)
    }

    /// The coder takes the query back (the documentation was amended otherwise, or it was sent in error).
    public static func withdraw(_ query: ProviderQuery, _ item: CodingWorkItem, _ encounter: Encounter, reason: String, by coder: ClaimActor,
                                at now: Date) throws(CodingWorkRefusal) -> (ProviderQuery, CodingWorkItem, Encounter) {
        guard query.status == .open else { throw CodingWorkRefusal("status", "the query was \(query.status.rawValue) already") }
        let reason = try CodingDesk.checkedNote(reason, what: "why the query is withdrawn")
        guard item.assignee?.userID == coder.userID else { throw CodingWorkRefusal("assignee", "only the chart's coder withdraws its query") }
        var query = query, item = item, encounter = encounter
        query.status = .withdrawn
        query.withdrawnReason = reason
        try reopenForCoder(&item, &encounter, event: CodingWorkEvent(kind: .withdrawn, actor: coder, at: now, note: reason))
        return (query, item, encounter)
    }

    private static func reopenForCoder(_ item: inout CodingWorkItem, _ encounter: inout Encounter, event: CodingWorkEvent) throws(CodingWorkRefusal) {
        guard item.status == .pendingQuery else { throw CodingWorkRefusal("status", "the chart is not waiting for a query") }
        item.status = .inProgress
        item.events.append(event)
        encounter.status = .inCoding
    }

    static func containsWord(_ phrase: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: phrase, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}

/// What the query list shows: open ones first, oldest first.
public struct ProviderQueryQuery: Hashable, Sendable {
    public var status: ProviderQueryStatus?
    public var encounterID: UUID?
    public var providerID: UUID?
    public var limit: Int
    public var cursor: String?

    public init(status: ProviderQueryStatus? = nil, encounterID: UUID? = nil, providerID: UUID? = nil, limit: Int = 50, cursor: String? = nil) {
        self.status = status; self.encounterID = encounterID; self.providerID = providerID
        self.limit = min(max(limit, 1), RecordQuery.maximumLimit); self.cursor = cursor
    }
}

public protocol ProviderQueryStore: Sendable {
    func providerQueries(tenantID: UUID, query: ProviderQueryQuery) async throws -> Page<Stored<ProviderQuery>>
    func providerQuery(id: UUID, tenantID: UUID) async throws -> Stored<ProviderQuery>?
    /// Stores the query (new when `expectedVersion` is nil), the chart at its version and the encounter at its
    /// version, in one transaction.
    func saveProviderQuery(_ query: ProviderQuery, expectedVersion: Int?, item: CodingWorkItem, itemVersion: Int, encounter: Encounter,
                           encounterVersion: Int) async throws -> Stored<ProviderQuery>
}
