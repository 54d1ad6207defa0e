import Foundation

// Coding audits: an auditor draws a sample of completed charts (at random, or targeted: one coder's, or those with
// high-risk codes), re-codes each without seeing the coder's codes, and the two are compared code by code, the
// diagnoses and the procedures. Accuracy per coder over a period comes from the reviews finished in it.

/// The codes of a chart an audit compares: the diagnoses in sequence (upper case, no dot), and the procedures: the
/// ICD-10-PCS codes in sequence, then each service as `AuditedProcedure` writes it ("99214-25", "36415 x3").
public struct AuditedCodes: Hashable, Codable, Sendable {
    public var diagnoses: [String]
    public var procedures: [String]

    public init(diagnoses: [String], procedures: [String] = []) {
        self.diagnoses = diagnoses; self.procedures = procedures
    }

    /// The chart's codes as coded: the encounter's diagnoses and ICD-10-PCS codes, and its services by date and code.
    public init(encounter: Encounter, services: [Charge]) {
        diagnoses = encounter.diagnoses.map(\.code)
        procedures = encounter.procedureCodes.map(\.code) + services.sorted { ($0.serviceDate, $0.procedure.code) < ($1.serviceDate, $1.procedure.code) }
            .map { AuditedProcedure(code: $0.procedure.code, modifiers: $0.modifiers, units: $0.units).text }
    }
}

/// A procedure as an audit compares it: the code, its modifiers and units. Written "CODE[-MOD...][ xUNITS]" (units
/// only when more than one), and read from what an auditor types: "99214 25", "99214-25", "36415 x3", "0DTJ4ZZ".
public struct AuditedProcedure: Hashable, Sendable {
    public var code: String
    public var modifiers: [String]
    public var units: Int

    public init(code: String, modifiers: [String] = [], units: Int = 1) {
        self.code = code; self.modifiers = modifiers; self.units = units
    }

    public var text: String { ([code] + modifiers).joined(separator: "-") + (units > 1 ? " x\(units)" : "") }

    /// The code system the code's shape says: seven characters are ICD-10-PCS, a letter and four digits HCPCS, else CPT.
    public var system: ProcedureCodeSystem {
        code.count == 7 ? .icd10pcs : (code.first?.isLetter == true ? .hcpcs : .cpt)
    }

    /// Reads one procedure; the message says what was expected.
    public static func read(_ typed: String) -> Result<AuditedProcedure, CodingWorkRefusal> {
        let words = typed.uppercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\t" }).map(String.init)
        guard let code = words.first else { return .failure(CodingWorkRefusal("procedures", "a procedure line is empty")) }
        var procedure = AuditedProcedure(code: code)
        if let problem = ProcedureCode(system: procedure.system, code: code).problem { return .failure(CodingWorkRefusal("procedures", problem)) }
        for word in words.dropFirst() {
            if let units = word.first == "X" || word.first == "×" ? Int(word.dropFirst()) : nil {
                guard (1...Charge.maximumUnits).contains(units) else { return .failure(CodingWorkRefusal("procedures", "\(typed): units are 1 to \(Charge.maximumUnits)")) }
                procedure.units = units
            } else if word.count == 2, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), procedure.system != .icd10pcs {
                procedure.modifiers.append(word)
            } else {
                return .failure(CodingWorkRefusal("procedures", "\(typed): after the code come modifiers (two letters or digits, such as 25) and units (such as x3); got \"\(word)\""))
            }
        }
        guard procedure.modifiers.count <= 4 else { return .failure(CodingWorkRefusal("procedures", "\(typed): at most 4 modifiers")) }
        return .success(procedure)
    }
}

/// How the charts of an audit were chosen.
public struct AuditSampling: Hashable, Codable, Sendable {
    /// Charts completed in this period.
    public var completedFrom: Date
    public var completedTo: Date
    /// At most this many charts.
    public var size: Int
    /// Only this coder's charts.
    public var coderID: UUID?
    /// Only charts with a diagnosis or procedure starting with one of these (upper case, no dot): "I50", "E11", "J96", "992".
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
    public func draw(from charts: [CodingWorkItem], codes: [UUID: AuditedCodes]) -> [CodingWorkItem] {
        var eligible = charts.filter { item in
            guard item.status == .done, let completedAt = item.completedAt, completedAt >= completedFrom, completedAt < completedTo else { return false }
            if let coderID, CodingAudits.coder(of: item)?.userID != coderID { return false }
            if !codePrefixes.isEmpty {
                let chart = codes[item.id] ?? AuditedCodes(diagnoses: [])
                guard (chart.diagnoses + chart.procedures).contains(where: { code in codePrefixes.contains { code.hasPrefix($0) } }) else { return false }
            }
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
        /// The same category coded differently (another specificity, laterality, 7th character); for a procedure, the
        /// same code with other modifiers or units, or the same ICD-10-PCS operation on the same body part otherwise.
        case revised
        /// The same codes, but another first-listed (principal) diagnosis or ICD-10-PCS procedure.
        case sequencing
    }

    /// Which codes differ: the diagnoses, or the procedures (ICD-10-PCS and services).
    public enum Codes: String, Hashable, Codable, Sendable {
        case diagnosis, procedure
    }

    public var kind: Kind
    public var codes: Codes
    public var coderCode: String?
    public var auditorCode: String?

    public init(kind: Kind, codes: Codes = .diagnosis, coderCode: String?, auditorCode: String?) {
        self.kind = kind; self.codes = codes; self.coderCode = coderCode; self.auditorCode = auditorCode
    }

    enum CodingKeys: String, CodingKey { case kind, codes, coderCode, auditorCode }

    /// Reviews stored before procedures were audited have diagnosis disagreements only.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(Kind.self, forKey: .kind), codes: try c.decodeIfPresent(Codes.self, forKey: .codes) ?? .diagnosis,
                  coderCode: try c.decodeIfPresent(String.self, forKey: .coderCode), auditorCode: try c.decodeIfPresent(String.self, forKey: .auditorCode))
    }

    public var explanation: String {
        func shown(_ code: String?) -> String {
            guard let code else { return "" }
            return codes == .diagnosis ? DiagnosisCode(code).description : "procedure \(code)"
        }
        return switch kind {
        case .missed: "the coder did not report \(shown(auditorCode))"
        case .extra: "the coder reported \(shown(coderCode)), which the documentation does not support"
        case .revised: "the coder reported \(shown(coderCode)); the auditor \(shown(auditorCode))"
        case .sequencing: "the coder listed \(shown(coderCode)) first; the auditor \(shown(auditorCode))"
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
    /// The diagnoses as the coder completed them; hidden from the auditor until the review is completed.
    public var coderCodes: [String]
    /// The procedures as the coder completed them (`AuditedCodes.procedures`), hidden likewise; nil in reviews drawn
    /// before procedures were audited, which compare diagnoses only.
    public var coderProcedures: [String]?
    public var status: AuditReviewStatus
    public var auditor: ClaimActor?
    public var auditorCodes: [String]?
    /// The auditor's procedures; nil when they were not compared.
    public var auditorProcedures: [String]?
    public var disagreements: [CodeDisagreement]?
    public var note: String?
    public var completedAt: Date?

    /// Codes both agree on, and the codes of either (agreed, missed, extra; a revised code counts once).
    public var agreedCodes: Int? {
        auditorCodes.map { Set($0).intersection(coderCodes).count + Set(auditorProcedures ?? []).intersection(coderProcedures ?? []).count }
    }
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
    public static func create(name: String, sampling: AuditSampling, charts: [CodingWorkItem], codes: [UUID: AuditedCodes], id: UUID,
                              by auditor: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> (CodingAudit, [AuditReview]) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw CodingWorkRefusal("name", "name the audit (at most 200 characters), such as \"November outpatient, random 5%\"") }
        if let problem = sampling.validate().first { throw CodingWorkRefusal(problem.field, problem.message) }
        let drawn = sampling.draw(from: charts, codes: codes)
        guard !drawn.isEmpty else { throw CodingWorkRefusal("sampling", "no completed chart matches: widen the period or the filters") }
        let reviews = drawn.compactMap { item -> AuditReview? in
            guard let coder = coder(of: item) else { return nil }
            return AuditReview(id: NameBasedUUID.make("audit-review|\(id)|\(item.id)"), tenantID: item.tenantID, auditID: id, encounterID: item.id, coder: coder,
                               coderCodes: codes[item.id]?.diagnoses ?? [], coderProcedures: codes[item.id]?.procedures ?? [], status: .pending)
        }
        let audit = CodingAudit(id: id, tenantID: reviews.first?.tenantID ?? drawn[0].tenantID, name: name, sampling: sampling, createdBy: auditor,
                                createdAt: now, reviewIDs: reviews.map(\.id))
        return (audit, reviews)
    }

    /// The auditor's blind re-coding of a chart, compared with the coder's codes. Procedures are compared when the
    /// auditor gives them (an empty list says none were performed) and the review kept the coder's.
    public static func complete(_ review: AuditReview, auditorCodes: [DiagnosisCode], procedures: [AuditedProcedure]? = nil, note: String?,
                                by auditor: ClaimActor, at now: Date) throws(CodingWorkRefusal) -> AuditReview {
        guard review.status == .pending else { throw CodingWorkRefusal("status", "the review was completed already") }
        guard auditor.userID != review.coder.userID else { throw CodingWorkRefusal("auditor", "a coder does not audit their own chart") }
        guard !auditorCodes.isEmpty else { throw CodingWorkRefusal("codes", "code the chart as the documentation supports it") }
        for code in auditorCodes { if let problem = code.problem { throw CodingWorkRefusal("codes", problem) } }
        guard Set(auditorCodes).count == auditorCodes.count else { throw CodingWorkRefusal("codes", "a code is listed twice") }
        let procedureTexts = procedures?.map(\.text)
        if let procedureTexts, Set(procedureTexts).count != procedureTexts.count { throw CodingWorkRefusal("procedures", "a procedure is listed twice") }
        if procedureTexts != nil, review.coderProcedures == nil {
            throw CodingWorkRefusal("review", "this review was drawn before procedures were audited; it compares diagnoses only")
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        if let note, note.count > CodingDesk.maximumNoteLength { throw CodingWorkRefusal("note", "the note is longer than \(CodingDesk.maximumNoteLength) characters") }
        var review = review
        review.auditorCodes = auditorCodes.map(\.code)
        review.auditorProcedures = procedureTexts
        review.disagreements = compare(coder: review.coderCodes, auditor: auditorCodes.map(\.code))
        if let procedureTexts, let coderProcedures = review.coderProcedures {
            review.disagreements! += compareProcedures(coder: coderProcedures, auditor: procedureTexts)
        }
        review.auditor = auditor
        review.note = note
        review.status = .completed
        review.completedAt = now
        return review
    }

    /// Missed and extra codes, pairing those of one category as revised; and the first-listed code when both
    /// agree on it being reported but not on its place.
    public static func compare(coder: [String], auditor: [String]) -> [CodeDisagreement] {
        differences(coder: coder, auditor: auditor, codes: .diagnosis, family: { $0.prefix(3) })
            + sequencing(coder.first, auditor.first, coder: coder, auditor: auditor, codes: .diagnosis)
    }

    /// The same for procedures (as `AuditedProcedure.text` writes them): a procedure is revised when the code is the
    /// same with other modifiers or units, or when an ICD-10-PCS code keeps its section, body system, root operation
    /// and body part; the sequencing compared is the principal ICD-10-PCS procedure's.
    public static func compareProcedures(coder: [String], auditor: [String]) -> [CodeDisagreement] {
        let isPCS = { (text: String) in text.count == 7 }
        return differences(coder: coder, auditor: auditor, codes: .procedure, family: { text in
            let code = text.prefix { $0 != "-" && $0 != " " }
            return code.count == 7 ? code.prefix(4) : code
        }) + sequencing(coder.first(where: isPCS), auditor.first(where: isPCS), coder: coder, auditor: auditor, codes: .procedure)
    }

    private static func differences(coder: [String], auditor: [String], codes: CodeDisagreement.Codes,
                                    family: (String) -> Substring) -> [CodeDisagreement] {
        var extra = coder.filter { !auditor.contains($0) }
        var missed = auditor.filter { !coder.contains($0) }
        var result: [CodeDisagreement] = []
        for code in extra {
            if let i = missed.firstIndex(where: { family($0) == family(code) }) {
                result.append(CodeDisagreement(kind: .revised, codes: codes, coderCode: code, auditorCode: missed[i]))
                missed.remove(at: i)
                extra.removeAll { $0 == code }
            }
        }
        return result + extra.map { CodeDisagreement(kind: .extra, codes: codes, coderCode: $0, auditorCode: nil) }
            + missed.map { CodeDisagreement(kind: .missed, codes: codes, coderCode: nil, auditorCode: $0) }
    }

    private static func sequencing(_ first: String?, _ auditorFirst: String?, coder: [String], auditor: [String],
                                   codes: CodeDisagreement.Codes) -> [CodeDisagreement] {
        guard let first, let auditorFirst, first != auditorFirst, auditor.contains(first), coder.contains(auditorFirst) else { return [] }
        return [CodeDisagreement(kind: .sequencing, codes: codes, coderCode: first, auditorCode: auditorFirst)]
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
    /// The pending reviews' ids by the encounter each audits.
    func pendingAuditReviewsByEncounter(tenantID: UUID) async throws -> [UUID: UUID]
}
