import Foundation

// Coding audits: an auditor draws a sample of completed charts (at random, or targeted: one coder's, or those with
// high-risk codes), re-codes each without seeing the coder's codes, and the two are compared code by code. Accuracy
// per coder over a period comes from the reviews finished in it.

/// How the charts of an audit were chosen.
public struct AuditSampling: Hashable, Codable, Sendable {
    /// Charts completed in this period.
    public var completedFrom: Date
    public var completedTo: Date
    /// At most this many charts.
    public var size: Int
    /// Only this coder's charts.
    public var coderID: UUID?
    /// Only charts with a diagnosis starting with one of these (upper case, no dot): "I50", "E11", "J96".
    public var codePrefixes: [String]
    /// The seed of the random draw, so the same sample can be drawn again to show how it was made.
    public var seed: UInt64

    public init(completedFrom: Date, completedTo: Date, size: Int, coderID: UUID? = nil, codePrefixes: [String] = [], seed: UInt64) {
        self.completedFrom = completedFrom; self.completedTo = completedTo; self.size = size; self.coderID = coderID
        self.codePrefixes = codePrefixes.map { $0.uppercased().replacingOccurrences(of: ".", with: "") }; self.seed = seed
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        if !(1...500).contains(size) { p.add("size", "an audit samples 1 to 500 charts") }
        if completedTo <= completedFrom { p.add("completedTo", "the period ends before it starts") }
        for (i, prefix) in codePrefixes.enumerated() where !(1...7).contains(prefix.count) || !prefix.allSatisfy({ $0.isLetter || $0.isNumber }) {
            p.add("codePrefixes[\(i)]", "a code prefix is 1 to 7 letters or digits, such as I50 or E11.6; got \"\(prefix)\"")
        }
        return p.list
    }

    /// The charts drawn from those completed: filtered, then a seeded random choice, in a stable order.
    public func draw(from charts: [CodingWorkItem], codes: [UUID: [DiagnosisCode]]) -> [CodingWorkItem] {
        var eligible = charts.filter { item in
            guard item.status == .done, let completedAt = item.completedAt, completedAt >= completedFrom, completedAt < completedTo else { return false }
            if let coderID, CodingAudits.coder(of: item)?.userID != coderID { return false }
            if !codePrefixes.isEmpty, !(codes[item.id] ?? []).contains(where: { dx in codePrefixes.contains { dx.code.hasPrefix($0) } }) { return false }
            return true
        }.sorted { $0.id.uuidString < $1.id.uuidString }
        // Fisher-Yates with a small generator of our own (splitmix64), so a sample is reproducible from its seed.
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        if eligible.count > 1 {
            for i in stride(from: eligible.count - 1, to: 0, by: -1) {
                eligible.swapAt(i, Int(next() % UInt64(i + 1)))
            }
        }
        return Array(eligible.prefix(size))
    }
}

public enum AuditReviewStatus: String, Hashable, Codable, Sendable, CaseIterable {
    case pending, completed
}

/// One difference between the coder's codes and the auditor's.
public struct CodeDisagreement: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable {
        /// The auditor's code the coder left out.
        case missed
        /// The coder's code the auditor would not report.
        case extra
        /// The same category coded differently (another specificity, laterality, 7th character).
        case revised
        /// The same codes, but another first-listed (principal) diagnosis.
        case sequencing
    }

    public var kind: Kind
    public var coderCode: String?
    public var auditorCode: String?

    public init(kind: Kind, coderCode: String?, auditorCode: String?) {
        self.kind = kind; self.coderCode = coderCode; self.auditorCode = auditorCode
    }

    public var explanation: String {
        switch kind {
        case .missed: "the coder did not report \(auditorCode.map { DiagnosisCode($0).description } ?? "")"
        case .extra: "the coder reported \(coderCode.map { DiagnosisCode($0).description } ?? ""), which the documentation does not support"
        case .revised: "the coder reported \(coderCode.map { DiagnosisCode($0).description } ?? ""); the auditor \(auditorCode.map { DiagnosisCode($0).description } ?? "")"
        case .sequencing: "the coder listed \(coderCode.map { DiagnosisCode($0).description } ?? "") first; the auditor \(auditorCode.map { DiagnosisCode($0).description } ?? "")"
        }
    }
}

/// The audit of one chart: the coder's codes kept as they were when sampled, the auditor's blind re-coding, and
/// the comparison.
public struct AuditReview: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var auditID: UUID
    public var encounterID: UUID
    public var coder: ClaimActor
    /// The codes as the coder completed them; hidden from the auditor until the review is completed.
    public var coderCodes: [String]
    public var status: AuditReviewStatus
    public var auditor: ClaimActor?
    public var auditorCodes: [String]?
    public var disagreements: [CodeDisagreement]?
    public var note: String?
    public var completedAt: Date?

    /// Codes both agree on, and the codes of either (agreed, missed, extra; a revised code counts once).
    public var agreedCodes: Int? { auditorCodes.map { Set($0).intersection(coderCodes).count } }
    public var comparedCodes: Int? {
        guard let disagreements, let agreed = agreedCodes else { return nil }
        return agreed + disagreements.filter { $0.kind != .sequencing }.count
    }
    /// Every code agreed and in the same order for the first.
    public var encounterAccurate: Bool? { disagreements.map(\.isEmpty) }
}

/// An audit: how its charts were drawn, by whom, and its reviews.
public struct CodingAudit: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var name: String
    public var sampling: AuditSampling
    public var createdBy: ClaimActor
    public var createdAt: Date
    public var reviewIDs: [UUID]
}

public enum CodingAudits {
    /// Who completed the chart (the last completion's actor).
    public static func coder(of item: CodingWorkItem) -> ClaimActor? { item.events.last { $0.kind == .completed }?.actor }

    /// An audit of the drawn charts, one pending review each, the coder's codes kept as they are now.
    public static func create(name: String, sampling: AuditSampling, charts: [CodingWorkItem], codes: [UUID: [DiagnosisCode]], id: UUID,
                              by auditor: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (CodingAudit, [AuditReview]) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw CodingWorkRefusal("name", "name the audit (at most 200 characters), such as \"November outpatient, random 5%\"") }
        if let problem = sampling.validate().first { throw CodingWorkRefusal(problem.field, problem.message) }
        let drawn = sampling.draw(from: charts, codes: codes)
        guard !drawn.isEmpty else { throw CodingWorkRefusal("sampling", "no completed chart matches: widen the period or the filters") }
        let reviews = drawn.compactMap { item -> AuditReview? in
            guard let coder = coder(of: item) else { return nil }
            return AuditReview(id: NameBasedUUID.make("audit-review|\(id)|\(item.id)"), tenantID: item.tenantID, auditID: id, encounterID: item.id, coder: coder,
                               coderCodes: (codes[item.id] ?? []).map(\.code), status: .pending)
        }
        let audit = CodingAudit(id: id, tenantID: reviews.first?.tenantID ?? drawn[0].tenantID, name: name, sampling: sampling, createdBy: auditor,
                                createdAt: now, reviewIDs: reviews.map(\.id))
        return (audit, reviews)
    }

    /// The auditor's blind re-coding of a chart, compared with the coder's codes.
    public static func complete(_ review: AuditReview, auditorCodes: [DiagnosisCode], note: String?, by auditor: ClaimActor,
                                at now: Date) throws(CodingWorkRefusal) -> AuditReview {
        guard review.status == .pending else { throw CodingWorkRefusal("status", "the review was completed already") }
        guard auditor.userID != review.coder.userID else { throw CodingWorkRefusal("auditor", "a coder does not audit their own chart") }
        guard !auditorCodes.isEmpty else { throw CodingWorkRefusal("codes", "code the chart as the documentation supports it") }
        for code in auditorCodes { if let problem = code.problem { throw CodingWorkRefusal("codes", problem) } }
        guard Set(auditorCodes).count == auditorCodes.count else { throw CodingWorkRefusal("codes", "a code is listed twice") }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        if let note, note.count > CodingDesk.maximumNoteLength { throw CodingWorkRefusal("note", "the note is longer than \(CodingDesk.maximumNoteLength) characters") }
        var review = review
        review.auditorCodes = auditorCodes.map(\.code)
        review.disagreements = compare(coder: review.coderCodes, auditor: auditorCodes.map(\.code))
        review.auditor = auditor
        review.note = note
        review.status = .completed
        review.completedAt = now
        return review
    }

    /// Missed and extra codes, pairing those of one category as revised; and the first-listed code when both
    /// agree on it being reported but not on its place.
    public static func compare(coder: [String], auditor: [String]) -> [CodeDisagreement] {
        var extra = coder.filter { !auditor.contains($0) }
        var missed = auditor.filter { !coder.contains($0) }
        var result: [CodeDisagreement] = []
        for code in extra {
            if let i = missed.firstIndex(where: { $0.prefix(3) == code.prefix(3) }) {
                result.append(CodeDisagreement(kind: .revised, coderCode: code, auditorCode: missed[i]))
                missed.remove(at: i)
                extra.removeAll { $0 == code }
            }
        }
        result += extra.map { CodeDisagreement(kind: .extra, coderCode: $0, auditorCode: nil) }
        result += missed.map { CodeDisagreement(kind: .missed, coderCode: nil, auditorCode: $0) }
        if let first = coder.first, let auditorFirst = auditor.first, first != auditorFirst, auditor.contains(first), coder.contains(auditorFirst) {
            result.append(CodeDisagreement(kind: .sequencing, coderCode: first, auditorCode: auditorFirst))
        }
        return result
    }
}

/// One coder's accuracy over the reviews completed in a period.
public struct CoderAccuracy: Hashable, Codable, Sendable {
    public var coder: ClaimActor
    public var reviews: Int
    public var accurateEncounters: Int
    public var agreedCodes: Int
    public var comparedCodes: Int
    public var missed: Int
    public var extra: Int
    public var revised: Int
    public var sequencing: Int

    /// Codes agreed over codes compared, in thousandths.
    public var codeAccuracyPerMille: Int? { comparedCodes == 0 ? nil : (agreedCodes * 1000 + comparedCodes / 2) / comparedCodes }
    public var encounterAccuracyPerMille: Int? { reviews == 0 ? nil : (accurateEncounters * 1000 + reviews / 2) / reviews }

    public static func summarize(_ reviews: [AuditReview]) -> [CoderAccuracy] {
        var rows: [UUID: CoderAccuracy] = [:]
        for r in reviews where r.status == .completed {
            var row = rows[r.coder.userID] ?? CoderAccuracy(coder: r.coder, reviews: 0, accurateEncounters: 0, agreedCodes: 0, comparedCodes: 0,
                                                            missed: 0, extra: 0, revised: 0, sequencing: 0)
            row.reviews += 1
            if r.encounterAccurate == true { row.accurateEncounters += 1 }
            row.agreedCodes += r.agreedCodes ?? 0
            row.comparedCodes += r.comparedCodes ?? 0
            for d in r.disagreements ?? [] {
                switch d.kind {
                case .missed: row.missed += 1
                case .extra: row.extra += 1
                case .revised: row.revised += 1
                case .sequencing: row.sequencing += 1
                }
            }
            rows[r.coder.userID] = row
        }
        return rows.values.sorted { ($0.coder.displayName, $0.coder.userID.uuidString) < ($1.coder.displayName, $1.coder.userID.uuidString) }
    }

    enum CodingKeys: String, CodingKey {
        case coder, reviews, accurateEncounters, agreedCodes, comparedCodes, missed, extra, revised, sequencing, codeAccuracyPerMille, encounterAccuracyPerMille
    }

    public init(coder: ClaimActor, reviews: Int, accurateEncounters: Int, agreedCodes: Int, comparedCodes: Int, missed: Int, extra: Int, revised: Int, sequencing: Int) {
        self.coder = coder; self.reviews = reviews; self.accurateEncounters = accurateEncounters; self.agreedCodes = agreedCodes
        self.comparedCodes = comparedCodes; self.missed = missed; self.extra = extra; self.revised = revised; self.sequencing = sequencing
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(coder: try c.decode(ClaimActor.self, forKey: .coder), reviews: try c.decode(Int.self, forKey: .reviews),
                  accurateEncounters: try c.decode(Int.self, forKey: .accurateEncounters), agreedCodes: try c.decode(Int.self, forKey: .agreedCodes),
                  comparedCodes: try c.decode(Int.self, forKey: .comparedCodes), missed: try c.decode(Int.self, forKey: .missed),
                  extra: try c.decode(Int.self, forKey: .extra), revised: try c.decode(Int.self, forKey: .revised), sequencing: try c.decode(Int.self, forKey: .sequencing))
    }

    /// With the accuracies, computed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(coder, forKey: .coder); try c.encode(reviews, forKey: .reviews); try c.encode(accurateEncounters, forKey: .accurateEncounters)
        try c.encode(agreedCodes, forKey: .agreedCodes); try c.encode(comparedCodes, forKey: .comparedCodes); try c.encode(missed, forKey: .missed)
        try c.encode(extra, forKey: .extra); try c.encode(revised, forKey: .revised); try c.encode(sequencing, forKey: .sequencing)
        try c.encodeIfPresent(codeAccuracyPerMille, forKey: .codeAccuracyPerMille)
        try c.encodeIfPresent(encounterAccuracyPerMille, forKey: .encounterAccuracyPerMille)
    }
}

public protocol CodingAuditStore: Sendable {
    func insertCodingAudit(_ audit: CodingAudit, reviews: [AuditReview]) async throws
    func codingAudits(tenantID: UUID) async throws -> [CodingAudit]
    func codingAudit(id: UUID, tenantID: UUID) async throws -> CodingAudit?
    func auditReviews(tenantID: UUID, auditID: UUID) async throws -> [AuditReview]
    func auditReview(id: UUID, tenantID: UUID) async throws -> AuditReview?
    /// Replaces a pending review with its completed form; `StoreError.versionConflict` when it was completed meanwhile.
    func completeAuditReview(_ review: AuditReview) async throws
    /// Reviews completed in `from..<to`.
    func completedAuditReviews(tenantID: UUID, from: Date, to: Date) async throws -> [AuditReview]
}
