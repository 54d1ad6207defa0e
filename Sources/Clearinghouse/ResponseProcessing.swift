import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import X12

/// The words answers are read with, from the published X12 code lists: the 277 claim status category codes
/// (STC01-1) for the notes and worklists a rejection lands on, and the 835's adjustment reason, remark and group codes
/// for the denial worklist. Status codes (STC01-2, code list 508) stay codes: the list here with that name holds the
/// 835's CLP02 codes, and the 277's own list with words is not among the code sets.
public struct ClaimStatusWords: Sendable {
    public var categories: RemittanceCodeList
    public var remittanceCodes: RemittanceCodeBook?

    public static let categoryFile = "claim_status_category_codes.csv"

    /// Reads the lists from the folder of X12 code lists (`codesets/x12-codes`).
    public static func read(directory: URL) throws(ReferenceFileError) -> ClaimStatusWords {
        ClaimStatusWords(categories: try RemittanceCodeList.read(directory.appendingPathComponent(categoryFile)),
                         remittanceCodes: try RemittanceCodeBook.load(directory: directory))
    }

    /// "A7 (The claim/encounter has invalid information...) 562, entity 82".
    func describe(_ status: ClaimAcknowledgment.Status) -> String {
        var text = status.category
        if let words = categories[status.category]?.description { text += " (\(Self.short(words)))" }
        text += " " + status.code
        if let entity = status.entity, !entity.isEmpty { text += ", entity \(entity)" }
        return text
    }

    /// A category's description without its name ("Acknowledgement/Receipt-The claim..."), short enough for a
    /// worklist line.
    static func short(_ words: String) -> String {
        let first = words.split(separator: "-", maxSplits: 1).last.map(String.init) ?? words
        return first.count > 120 ? String(first.prefix(117)) + "..." : first
    }
}

/// A received file that could not be read as one of the answers Revcycle knows.
public struct ReceivedFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var message: String
    public var description: String { "\(name): \(message)" }
}

extension ClaimExchange {
    /// What receiving one file did.
    public enum ReceiveOutcome: Sendable {
        /// Read, applied and recorded.
        case recorded(Stored<ReceivedFile>)
        /// The same contents were recorded before: nothing changed.
        case duplicate(Stored<ReceivedFile>)

        public var file: Stored<ReceivedFile> {
            switch self { case .recorded(let f), .duplicate(let f): f }
        }
    }

    /// Takes every file in the transport's inbox addressed to the tenant (ISA08 its tax id), applies it and marks it
    /// taken. Files for other tenants stay in the inbox; a file that cannot be read stays too, and its error is in
    /// the answer.
    public func receiveInbox(_ transport: any ClearinghouseTransport, tenantID: UUID, at: Date, postedOn: ServiceDate,
                             words: ClaimStatusWords? = nil) async throws -> [Result<ReceiveOutcome, ReceivedFileError>] {
        guard let tenant = try await store.tenant(id: tenantID) else { throw StoreError.notFound(kind: "tenant", id: tenantID) }
        var outcomes: [Result<ReceiveOutcome, ReceivedFileError>] = []
        // Answers in the order they happen: the clearinghouse's before the payer's, and acknowledgments before payments.
        let files = try await transport.received().enumerated().sorted { (Self.answerOrder($0.element.contents), $0.offset) < (Self.answerOrder($1.element.contents), $1.offset) }
        for (_, file) in files {
            guard Self.receiverID(of: file.contents) == tenant.taxID.value else { continue }
            do {
                let outcome = try await receive(name: file.name, contents: String(decoding: file.contents, as: UTF8.self), tenantID: tenantID,
                                                at: at, postedOn: postedOn, words: words)
                try await transport.markTaken(file.name)
                outcomes.append(.success(outcome))
            } catch let error as ReceivedFileError {
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    /// Reads one received file (TA1, 999, 277CA, 277 or 835) and applies it to the tenant's batches and claims, all
    /// in one transaction with the file's record.
    public func receive(name: String, contents: String, tenantID: UUID, at: Date, postedOn: ServiceDate,
                        words: ClaimStatusWords? = nil) async throws -> ReceiveOutcome {
        let fingerprint = ReceivedFile.fingerprint(of: contents)
        if let earlier = try await store.receivedFile(fingerprint: fingerprint, tenantID: tenantID) { return .duplicate(earlier) }
        if Self.answerOrder(Data(contents.utf8.prefix(2048))) == 4 {
            return try await receiveRemittance(name: name, contents: contents, tenantID: tenantID, at: at, postedOn: postedOn, words: words)
        }
        let read: (report: ValidationReport, document: X12Document?)
        do {
            read = try HealthCareValidation.read(Array(contents.utf8))
        } catch {
            throw ReceivedFileError(name: name, message: "the implementation guides could not be loaded: \(error)")
        }
        guard let document = read.document else {
            throw ReceivedFileError(name: name, message: "not an X12 interchange: " + (read.report.findings.first.map(String.init(describing:)) ?? "no ISA header"))
        }
        var work = ResponseWork(exchange: self, tenantID: tenantID, name: name, at: at, words: words)
        let kind: ReceivedFileKind
        if let ta1 = Self.envelopeSegments(document).first(where: { $0.isID("TA1") }) {
            kind = .interchangeAcknowledgment
            try await work.interchangeAcknowledgment(ta1)
        } else {
            guard let (transaction, version) = Self.firstTransaction(document) else {
                throw ReceivedFileError(name: name, message: "the interchange holds no transaction set and no TA1")
            }
            switch transaction.segment("ST")?[1] {
            case "999":
                kind = .acknowledgment999
                for t in document.transactions { try await work.implementationAcknowledgment(t) }
            case "277" where version.contains("X214"):
                kind = .claimAcknowledgment
                let component = Character(Unicode.Scalar(document.delimiters.component))
                for t in document.transactions { try await work.claimAcknowledgment(ClaimAcknowledgment(t, component: component)) }
            case "277":
                kind = .claimStatus
                let component = Character(Unicode.Scalar(document.delimiters.component))
                for t in document.transactions { try await work.claimStatus(ClaimStatusResponse(t, component: component)) }
            case "835":
                // Its header put the 835 out of `answerOrder`'s sight (a long envelope): posted the same way all the same.
                return try await receiveRemittance(name: name, contents: contents, tenantID: tenantID, at: at, postedOn: postedOn, words: words)
            case let other:
                throw ReceivedFileError(name: name, message: "transaction set \(other ?? "?") is not an answer Revcycle reads (TA1, 999, 277CA, 277, 835)")
            }
        }
        let file = ReceivedFile(id: UUID(), tenantID: tenantID, kind: kind, name: name, contents: contents, receivedAt: at, receivedBy: actor,
                                notes: work.notes, counts: work.counts, claimIDs: work.changes.map(\.claim.id) + work.newClaims.map(\.id))
        do {
            return .recorded(try await store.insertReceivedFile(file, claims: work.changes, newClaims: work.newClaims,
                                                                batches: work.batchChanges.map { (batch: $0.0, expectedVersion: $0.1) },
                                                                denialWork: work.denialWork))
        } catch StoreError.duplicate {
            // Another receiver recorded the same file first.
            guard let earlier = try await store.receivedFile(fingerprint: fingerprint, tenantID: tenantID) else { throw StoreError.duplicate(what: name) }
            return .duplicate(earlier)
        }
    }

    /// ISA08, trimmed: whom the interchange is for.
    static func receiverID(of contents: Data) -> String? {
        guard contents.count >= 106, contents.starts(with: Array("ISA".utf8)) else { return nil }
        let separator = contents[contents.startIndex + 3]
        let fields = contents.prefix(120).split(separator: separator, omittingEmptySubsequences: false)
        guard fields.count > 8 else { return nil }
        return String(decoding: fields[8], as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// TA1 0, 999 1, 277CA 2, 277 3, 835 4, anything else 5: read from the first segments, without validating.
    static func answerOrder(_ contents: Data) -> Int {
        guard contents.count >= 106, contents.starts(with: Array("ISA".utf8)) else { return 5 }
        let element = contents[contents.startIndex + 3], terminator = contents[contents.startIndex + 105]
        var version = ""
        for segment in contents.prefix(2048).split(separator: terminator).prefix(6) {
            let fields = segment.split(separator: element, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            switch fields.first {
            case "TA1": return 0
            case "GS": version = fields.count > 8 ? fields[8] : ""
            case "ST":
                switch fields.count > 1 ? fields[1] : "" {
                case "999": return 1
                case "277": return version.contains("X214") ? 2 : 3
                case "835": return 4
                default: return 5
                }
            default: continue
            }
        }
        return 5
    }

    static func envelopeSegments(_ document: X12Document) -> [Segment] {
        document.parts.compactMap { if case .envelope(let s) = $0 { s } else { nil } }
    }

    /// The first transaction set and the guide its group names (GS08).
    static func firstTransaction(_ document: X12Document) -> (LoopInstance, String)? {
        var version = ""
        for part in document.parts {
            switch part {
            case .envelope(let s) where s.isID("GS"): version = s[8]
            case .transaction(let t): return (t, version)
            default: continue
            }
        }
        return nil
    }
}

/// One received file's effect, gathered before anything is stored: claims as changed (with the versions they were
/// read at), batches as changed, notes and counts.
struct ResponseWork {
    let exchange: ClaimExchange
    let tenantID: UUID
    let name: String
    let at: Date
    let words: ClaimStatusWords?
    var notes: [String] = []
    var counts: [String: Int] = [:]
    private(set) var changes: [ClaimChange] = []
    /// Where each claim of `changes` is: an 835 of many claims looks each one up several times.
    private var changeIndex: [UUID: Int] = [:]
    /// Claims the file made (to a patient's next payer).
    private(set) var newClaims: [RevenueCycle.Claim] = []
    private(set) var batchChanges: [(ClaimBatch, Int)] = []
    private var coverageCache: [UUID: [Coverage]] = [:]
    /// The 835's denials, and the appeals it decided.
    private(set) var denialWork = DenialWork()
    /// The 835's items not posted, for the exception queue; only when the file's record is known (`receivedFileID`).
    private(set) var postingExceptions: [PostingException] = []
    var receivedFileID: UUID?

    /// Claims an 835 changed or made in its checks stored so far (`startStoring`).
    private(set) var storedClaimIDs: [UUID] = []
    private var linked: Set<UUID> = []
    /// The claims of the part being stored (`startStoring`), as they will be once stored, by id.
    private var beingStored: [UUID: ClaimChange] = [:]
    /// The exchange's store, or the transaction a file is applied in.
    let store: any ClaimExchange.Store

    init(exchange: ClaimExchange, store: (any ClaimExchange.Store)? = nil, tenantID: UUID, name: String, at: Date, words: ClaimStatusWords?) {
        self.exchange = exchange; self.store = store ?? exchange.store; self.tenantID = tenantID; self.name = name; self.at = at; self.words = words
    }

    /// Starts storing what the file changed so far as part of the recorded `file` (in the store's transaction) and
    /// lets it go, so the next part is planned while the database writes this one; nil when nothing changed. Until
    /// `earlierPartsStored`, `current` takes the claims being stored from memory, as they will be once stored. The
    /// caller must await the task before the transaction ends, whatever happens.
    mutating func startStoring(of file: ReceivedFile) -> Task<Void, any Error>? {
        let ids = changes.map(\.claim.id) + newClaims.map(\.id)
        let linking = ids.filter { linked.insert($0).inserted }
        guard !ids.isEmpty || !denialWork.isEmpty || !postingExceptions.isEmpty else { return nil }
        let (claims, made, denials, exceptions, store) = (changes, newClaims, denialWork, postingExceptions, store)
        // Stored, each claim is one version on, and a claim made here is at version 1.
        beingStored = Dictionary(claims.map { ($0.claim.id, ClaimChange($0.claim, expectedVersion: $0.expectedVersion + 1, storedHistoryCount: $0.claim.history.count)) }
                                 + made.map { ($0.id, ClaimChange($0, expectedVersion: 1, storedHistoryCount: $0.history.count)) },
                                 uniquingKeysWith: { _, last in last })
        storedClaimIDs += linking
        changes = []; changeIndex = [:]; newClaims = []; denialWork = DenialWork(); postingExceptions = []
        return Task {
            try await store.storeReceivedChanges(file, claims: claims, newClaims: made, denialWork: denials, postingExceptions: exceptions, linking: linking)
        }
    }

    /// Waits for the database's work begun by `startStoring` (and anything chained after it): from then on the
    /// database holds every claim as this file left it.
    mutating func earlierPartsStored(_ storing: Task<Void, any Error>?) async throws {
        try await storing?.value
        beingStored = [:]
    }

    mutating func count(_ key: String, _ n: Int = 1) { counts[key, default: 0] += n }

    /// The claim as this file has changed it so far, or as stored.
    func current(_ stored: Stored<RevenueCycle.Claim>) -> ClaimChange {
        changed(stored.value.id) ?? beingStored[stored.value.id]
            ?? ClaimChange(stored.value, expectedVersion: stored.version, storedHistoryCount: stored.value.history.count)
    }

    /// The claim as this file has changed it, when it has.
    func changed(_ id: UUID) -> ClaimChange? { changeIndex[id].map { changes[$0] } }

    mutating func keep(_ change: ClaimChange) {
        if let i = changeIndex[change.claim.id] { changes[i] = change } else {
            changeIndex[change.claim.id] = changes.count
            changes.append(change)
        }
    }

    /// Moves the claim through `path` (each step only if the claim is not there yet), noting a refusal instead of failing.
    mutating func move(_ change: ClaimChange, through path: [ClaimStatus], reason: String, source: SourceDocumentReference) -> Bool {
        var change = change
        for status in path where change.claim.status != status {
            do {
                try change.claim.transition(to: status, actor: exchange.actor, at: at, reason: reason, source: source)
            } catch {
                notes.append("claim \(change.claim.patientControlNumber) was not moved to \(status.rawValue): \(error.message)")
                count("claimsNotMoved")
                return false
            }
        }
        keep(change)
        return true
    }

    // MARK: TA1 and 999: the clearinghouse's answer to a batch

    mutating func interchangeAcknowledgment(_ ta1: Segment) async throws {
        let number = Int(ta1[1]) ?? -1
        // TA104 A or E: the envelope is fine and the 999 still decides; only R refuses the file.
        guard ta1[4] == "R" else {
            notes.append("TA1: interchange \(number) envelope accepted (\(ta1[4])\(ta1[5].isEmpty ? "" : ", note code " + ta1[5])); the 999 decides the batch")
            count("envelopesAccepted")
            return
        }
        try await answerBatch(interchangeControlNumber: number, accepted: false, kind: "TA1",
                              detail: "the clearinghouse refused the interchange envelope (TA1 note code \(ta1[5]))")
    }

    mutating func implementationAcknowledgment(_ t: LoopInstance) async throws {
        guard let ak1 = t.segment("AK1"), let number = Int(ak1[2]) else {
            notes.append("a 999 without a group control number (AK102) names no batch")
            count("unmatched")
            return
        }
        // AK9: A accepted, E accepted with errors, P partially accepted, R rejected. A batch is one transaction set,
        // so its IK5 decides when the group is only partly accepted.
        let groupCode = t.segment("AK9")?[1] ?? ""
        let setCodes = t.loops("2000").compactMap { $0.segment("IK5")?[1] }
        let accepted = groupCode == "A" || groupCode == "E" || (groupCode == "P" && setCodes.allSatisfy { $0 == "A" || $0 == "E" })
        var detail = accepted ? "999 accepted the batch" : "999 rejected the batch (AK9 \(groupCode))"
        let errors = t.descendants("2100").compactMap { loop -> String? in
            guard let ik3 = loop.segment("IK3") else { return nil }
            let elements = loop.segments("IK4").map { "element \($0[1]) error \($0[3])" }
            return "segment \(ik3[1]) at \(ik3[2]) (loop \(ik3[3])) error \(ik3[4])" + (elements.isEmpty ? "" : ": " + elements.joined(separator: ", "))
        }
        if !errors.isEmpty { detail += ": " + errors.prefix(5).joined(separator: "; ") }
        try await answerBatch(interchangeControlNumber: number, accepted: accepted, kind: "999", detail: detail)
    }

    mutating func answerBatch(interchangeControlNumber number: Int, accepted: Bool, kind: String, detail: String) async throws {
        guard let stored = try await store.batch(interchangeControlNumber: number, tenantID: tenantID) else {
            notes.append("\(kind) answers control number \(number), which is no batch of this tenant")
            count("unmatched")
            return
        }
        var batch = stored.value
        guard batch.status == .sent || batch.status == .resubmitted else {
            notes.append("batch \(number) is \(batch.status.rawValue); the \(kind) changes nothing")
            return
        }
        if batch.status == .sent { batch.status = accepted ? .accepted : .rejected }
        batchChanges.append((batch, stored.version))
        notes.append("batch \(number) (\(batch.fileName)): \(detail)")
        let source = SourceDocumentReference(kind: kind, reference: name)
        for id in batch.claimIDs {
            guard let claim = try await store.claim(id: id, tenantID: tenantID) else { continue }
            let change = current(claim)
            // Only claims still waiting on this answer: one resubmitted elsewhere has moved on.
            guard change.claim.status == .submitted else { continue }
            if move(change, through: [accepted ? .accepted : .rejected], reason: detail, source: source) {
                count(accepted ? "claimsAccepted" : "claimsRejected")
            }
        }
    }

    // MARK: 277CA and 277: the payer's answer to each claim

    mutating func claimAcknowledgment(_ ack: ClaimAcknowledgment) async throws {
        let reports = ack.providers.flatMap(\.claims)
        let claims = try await store.claims(patientControlNumbers: reports.map(\.claimId), tenantID: tenantID)
        let source = SourceDocumentReference(kind: "277CA", reference: name)
        for report in reports {
            let statuses = report.statuses.map { words?.describe($0) ?? "\($0.category) \($0.code)" }.joined(separator: "; ")
            // The claim that waits on the payer's acknowledgment: sent, and not yet answered by the payer.
            guard let stored = claims.filter({ $0.value.patientControlNumber == report.claimId && [.submitted, .accepted].contains(current($0).claim.status) })
                .max(by: { Self.sentAt($0.value) < Self.sentAt($1.value) }) else {
                notes.append("277CA claim \(report.claimId) (\(statuses)) matches no claim waiting on the payer")
                count("unmatched")
                continue
            }
            var change = current(stored)
            if report.isAccepted {
                if let number = report.payerClaimControlNumber, !number.isEmpty { change.claim.payerClaimControlNumber = number }
                if move(change, through: [.accepted, .acknowledged], reason: "277CA: the payer accepted it (\(statuses))", source: source) {
                    count("claimsAcknowledged")
                }
            } else if move(change, through: [.accepted, .rejected], reason: "277CA: the payer rejected it: \(statuses)", source: source) {
                notes.append("claim \(report.claimId) rejected: \(statuses)")
                count("claimsRejected")
            }
        }
    }

    /// A 277 answering a 276: pending and more-information answers move the claim to pending, returned ones reject a
    /// claim still only accepted, finalized ones wait for the 835; every answer is noted with its status in words.
    mutating func claimStatus(_ response: ClaimStatusResponse) async throws {
        let reports = response.providers.flatMap(\.claims)
        let claims = try await store.claims(patientControlNumbers: reports.compactMap(\.claimId), tenantID: tenantID)
        let source = SourceDocumentReference(kind: "277", reference: name)
        for report in reports {
            let statuses = report.statuses.map { words?.describe($0) ?? "\($0.category) \($0.code)" }.joined(separator: "; ")
            count("statusAnswers")
            let asked = claims.filter { $0.value.patientControlNumber == report.claimId && StatusInquiries.waitingStatuses.contains(current($0).claim.status) }
            guard let stored = asked.max(by: { Self.sentAt($0.value) < Self.sentAt($1.value) }) else {
                notes.append("277 for claim \(report.claimId ?? "?") (trace \(report.traceNumber)): \(statuses); no claim waits on the payer under that number")
                count("unmatched")
                continue
            }
            let change = current(stored)
            let category = report.statuses.first?.category ?? ""
            guard let target = StatusInquiries.target(category: category), change.claim.status != target else {
                notes.append("claim \(report.claimId ?? "?"): \(statuses)" + (category.hasPrefix("F") ? "; the 835 will post it" : ""))
                continue
            }
            if move(change, through: [target], reason: "277: \(statuses)", source: source) {
                notes.append("claim \(report.claimId ?? "?") \(target.rawValue): \(statuses)")
                count(target == .pending ? "claimsPending" : "claimsRejected")
            }
        }
    }

    // MARK: 835

    /// Reads the stored claims an 835 transaction set names (its CLP01s) in a task, once `earlier` (a write of the same
    /// transaction) is done.
    func claims(paidBy remittance: Remittance, after earlier: Task<Void, any Error>?) -> Task<[Stored<RevenueCycle.Claim>], any Error> {
        let (store, tenantID) = (store, tenantID)
        return Task {
            try await earlier?.value
            return try await store.claims(patientControlNumbers: remittance.claims.map(\.claimId), tenantID: tenantID)
        }
    }

    /// Posts one 835 transaction set to its claims (`stored`, read without the changes `storing` writes, which
    /// `current` takes from memory): planned while `storing` (the database's work started by `startStoring`) runs,
    /// and awaiting it before anything reads the database.
    mutating func remittance(_ remittance: Remittance, stored: [Stored<RevenueCycle.Claim>], postedOn: ServiceDate,
                             storing: Task<Void, any Error>? = nil) async throws {
        var currentClaims = stored.map { current($0) }
        // A claim the earlier part made was not stored when these were read.
        let named = Set(remittance.claims.map(\.claimId)), read = Set(currentClaims.map(\.claim.id))
        currentClaims += beingStored.values.filter { named.contains($0.claim.patientControlNumber) && !read.contains($0.claim.id) }
        let statusBefore = Dictionary(currentClaims.map { ($0.claim.id, $0.claim.status) }, uniquingKeysWith: { a, _ in a })
        let byNumber = Dictionary(grouping: currentClaims.map(\.claim), by: \.patientControlNumber)
        let plan = RemittancePosting.plan(remittance, fileName: name, postedOn: postedOn, at: at, actor: exchange.actor,
                                          claims: { byNumber[$0] ?? [] })
        let currentByID = Dictionary(currentClaims.map { ($0.claim.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in plan.claimIDsToUpdate {
            guard var change = currentByID[id] else { continue }
            do {
                try plan.apply(to: &change.claim)
                keep(change)
            } catch {
                notes.append("claim \(change.claim.patientControlNumber) was not posted: \(error)")
                count("claimsNotPosted")
            }
        }
        try await earlierPartsStored(storing)
        let adjudicatedOn = remittance.paymentDate.flatMap { ServiceDate(compact: $0) } ?? postedOn
        for item in plan.claims where item.outcome == .post && item.crossover == nil && (item.patientResponsibility?.isPositive ?? false) {
            // A denied claim is not billed onwards: its denial is worked first, and the decision that ends it is billed.
            guard let id = item.claimID, let primary = changed(id), primary.claim.status != .denied else { continue }
            try await billNextPayer(after: primary, payment: remittance.claims[item.position - 1], adjudicatedOn: adjudicatedOn, postedOn: postedOn)
        }
        try await recordDenials(plan: plan, remittance: remittance, statusBefore: statusBefore)
        try await noteEnrollment(payerIDs: Set(currentClaims.map(\.claim.payerID)), on: adjudicatedOn)
        let summary = plan.summary
        notes.append("835 TRN \(plan.source.traceNumber): \(plan.payment.explanation)")
        notes += plan.exceptions.map { $0.description }
        if let receivedFileID {
            postingExceptions += PostingExceptions.items(plan: plan, remittance: remittance, tenantID: tenantID, receivedFileID: receivedFileID,
                                                         receivedFileName: name, receivedAt: at)
        }
        count("claimsPosted", summary.claimsPosted)
        count("claimsAlreadyPosted", summary.claimsAlreadyPosted)
        count("exceptions", plan.exceptions.count)
        count("postings", summary.postings)
        count("paidCents", summary.paid.cents)
        if !summary.paymentBalanced { count("paymentsUnbalanced") }
    }

    /// The claim to the patient's next coverage (secondary after primary, tertiary after secondary) for what the payer
    /// left to the patient, when the patient has one in force on every date of service and the payer did not forward
    /// the claim itself: made in draft (scrubbed and batched like any claim) with the payer's decision for loops
    /// 2320-2430, and the remainder handed over from the earlier claim. Nothing is made twice: a claim with the same
    /// control number already on file stops it.
    mutating func billNextPayer(after earlier: ClaimChange, payment: Remittance.ClaimPayment, adjudicatedOn: ServiceDate, postedOn: ServiceDate) async throws {
        let claim = earlier.claim
        guard claim.coverageOrder < .tertiary else { return }
        let coverages = try await coverages(of: claim.patientID)
        guard let next = coverages
            .filter({ c in c.order > claim.coverageOrder && claim.lines.allSatisfy { c.covers($0.serviceDate) } })
            .min(by: { $0.order < $1.order }) else { return }
        let number = SecondaryClaims.patientControlNumber(after: claim.patientControlNumber, order: next.order)
        guard try await store.claims(patientControlNumbers: [number], tenantID: tenantID).isEmpty, !newClaims.contains(where: { $0.patientControlNumber == number }) else { return }
        guard let earlierPayer = try await store.record(Payer.self, id: claim.payerID, tenantID: tenantID)?.value,
              let nextPayer = try await store.record(Payer.self, id: next.payerID, tenantID: tenantID)?.value else { return }
        do {
            let made = try SecondaryClaims.build(after: claim, earlierPayer: earlierPayer, payment: payment, adjudicatedOn: adjudicatedOn,
                                                 nextCoverage: next, nextPayer: nextPayer, claimID: UUID(), postedOn: postedOn, patientControlNumber: number)
            var handedOver = earlier
            for posting in SecondaryClaims.handOffPostings(earlier: claim, next: made, postedOn: postedOn) { try handedOver.claim.post(posting) }
            keep(handedOver)
            newClaims.append(made)
            notes.append("claim \(claim.patientControlNumber): \(made.totalCharge) billed, \(made.ledger.totals.balance) left to the \(next.order.rawValue) payer \(nextPayer.name) as claim \(made.patientControlNumber) (a draft to scrub and batch)")
            count("nextPayerClaimsMade")
        } catch let refusal as ClaimRefusal {
            notes.append("claim \(claim.patientControlNumber): no claim to the \(next.order.rawValue) payer: \(refusal.description)")
        } catch {
            notes.append("claim \(claim.patientControlNumber): no claim to the \(next.order.rawValue) payer: \(error)")
        }
    }

    /// Puts the 835's denials on the worklist (with the payer's appeal deadline) and decides the pending appeals of the
    /// claims it answered: a claim appealed before and paid now won its appeal.
    mutating func recordDenials(plan: RemittancePlan, remittance: Remittance, statusBefore: [UUID: ClaimStatus]) async throws {
        let posted = plan.claims.filter { $0.outcome == .post }.compactMap(\.claimID)
        let claims = posted.compactMap { changed($0)?.claim }
        for payerID in Set(claims.map(\.payerID)) {
            guard let payer = try await store.record(Payer.self, id: payerID, tenantID: tenantID)?.value else { continue }
            let items = DenialWorklist.items(plan: plan, remittance: remittance, payer: payer, codes: words?.remittanceCodes,
                                             claimIDs: Set(claims.filter { $0.payerID == payerID }.map(\.id)))
            denialWork.newDenials += items
            count("denials", items.count)
        }
        for claim in claims {
            guard let before = statusBefore[claim.id], let outcome = Appeals.outcome(claimBefore: before, claimAfter: claim.status) else { continue }
            let recovered = plan.claims.filter { $0.claimID == claim.id && $0.outcome == .post }.compactMap(\.paid).sum()
            let decidedOn = remittance.paymentDate.flatMap { ServiceDate(compact: $0) } ?? plan.postedOn
            for stored in try await store.appeals(tenantID: tenantID, claimID: claim.id, pendingOnly: true, limit: RecordQuery.maximumLimit, cursor: nil).items {
                var denials: [Stored<DenialWorkItem>] = []
                for id in stored.value.denialIDs { if let d = try await store.denial(id: id, tenantID: tenantID) { denials.append(d) } }
                do {
                    let decided = try Appeals.decide(stored.value, outcome: outcome, decidedOn: max(decidedOn, stored.value.sentOn), recovered: recovered,
                                                     note: "decided by the remittance TRN \(plan.source.traceNumber)", denials: denials.map(\.value),
                                                     claim: nil, actor: exchange.actor, at: at, source: SourceDocumentReference(kind: "835", reference: name))
                    denialWork.decidedAppeals.append((decided.appeal, stored.version))
                    for d in decided.denials {
                        if let version = denials.first(where: { $0.value.id == d.id })?.version { denialWork.changedDenials.append((d, version)) }
                    }
                    notes.append("claim \(claim.patientControlNumber): appeal level \(decided.appeal.level) \(outcome.rawValue), \(recovered) paid")
                    count("appealsDecided")
                } catch {
                    notes.append("claim \(claim.patientControlNumber): the appeal \(stored.value.id) was not decided: \(error)")
                }
            }
        }
    }

    /// The patient's coverages, read once per file: an 835 pays many claims of the same patients.
    mutating func coverages(of patientID: UUID) async throws -> [Coverage] {
        if let known = coverageCache[patientID] { return known }
        let read = try await store.records(Coverage.self, tenantID: tenantID, query: RecordQuery(patientID: patientID, limit: RecordQuery.maximumLimit))
        coverageCache[patientID] = read.items.map(\.value)
        return read.items.map(\.value)
    }

    /// When the claim was last sent, for choosing among claims that share a control number.
    static func sentAt(_ claim: RevenueCycle.Claim) -> Date { claim.history.last { $0.to == .submitted }?.at ?? .distantPast }
}
