import CodeSets
import Foundation

/// Working the denial worklist against a store: letters, appeals, outcomes and resolutions, for the API, the pages and
/// the command line alike. Each change is one transaction (see `DenialStore`).
public struct DenialDesk: Sendable {
    public typealias Store = RecordStore & ClaimStore & DenialStore
    public let store: any Store
    public let actor: ClaimActor

    public init(store: any Store, actor: ClaimActor) { self.store = store; self.actor = actor }

    /// The denials an appeal of the claim would cover: `ids`, or every open or upheld appealable denial on the claim.
    public func denials(claimID: UUID, tenantID: UUID, ids: [UUID]?) async throws -> [Stored<DenialWorkItem>] {
        if let ids {
            var found: [Stored<DenialWorkItem>] = []
            for id in ids {
                guard let d = try await store.denial(id: id, tenantID: tenantID) else { throw StoreError.notFound(kind: "denial", id: id) }
                found.append(d)
            }
            return found
        }
        let page = try await store.denials(tenantID: tenantID, query: DenialQuery(statuses: DenialStatus.workable, claimID: claimID, limit: RecordQuery.maximumLimit))
        return page.items.filter(\.value.isAppealable)
    }

    /// The appeal letter for the denials, from `templateID` or the template their category suggests.
    public func letter(claimID: UUID, tenantID: UUID, denials: [DenialWorkItem], templateID: String?, goodCause: String?, on date: ServiceDate) async throws -> AppealLetter {
        guard let claim = try await store.claim(id: claimID, tenantID: tenantID)?.value else { throw StoreError.notFound(kind: "claim", id: claimID) }
        return try await letter(claim: claim, denials: denials, previous: try await appeals(of: claim), templateID: templateID, goodCause: goodCause, on: date)
    }

    func appeals(of claim: Claim) async throws -> [Appeal] {
        try await store.appeals(tenantID: claim.tenantID, claimID: claim.id, pendingOnly: false, limit: RecordQuery.maximumLimit, cursor: nil).items.map(\.value)
    }

    func letter(claim: Claim, denials: [DenialWorkItem], previous: [Appeal], templateID: String?, goodCause: String?, on date: ServiceDate) async throws -> AppealLetter {
        let tenantID = claim.tenantID
        let template: AppealLetterTemplate
        if let templateID {
            guard let t = AppealLetterTemplates.template(id: templateID) else {
                throw AppealRefusal("templateID", "no letter template \"\(templateID)\"; expected one of " + AppealLetterTemplates.builtIn.map(\.id).joined(separator: ", "))
            }
            template = t
        } else {
            template = AppealLetterTemplates.suggested(for: denials)
        }
        guard let payer = try await store.record(Payer.self, id: claim.payerID, tenantID: tenantID)?.value else { throw StoreError.notFound(kind: "payer", id: claim.payerID) }
        guard let patient = try await store.record(Patient.self, id: claim.patientID, tenantID: tenantID)?.value else { throw StoreError.notFound(kind: "patient", id: claim.patientID) }
        let coverage = try await store.record(Coverage.self, id: claim.coverageID, tenantID: tenantID)?.value
        var rendering: String?
        if let id = claim.renderingProviderID { rendering = try await store.record(Provider.self, id: id, tenantID: tenantID)?.value.displayName }
        let cause = goodCause?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try AppealLetterTemplates.render(template, facts: AppealLetterFacts(
            date: date, level: Appeals.level(of: denials, previous: previous), claim: claim, payer: payer, patient: patient,
            memberID: coverage?.memberID ?? "(not on file)", renderingProviderName: rendering, denials: denials,
            goodCause: (cause?.isEmpty ?? true) ? nil : cause))
    }

    /// Files an appeal: the letter as given (`letterText`, edited by a person) or as the template makes it.
    public func fileAppeal(claimID: UUID, tenantID: UUID, denialIDs: [UUID]?, templateID: String?, letterText: String?, goodCause: String?,
                           sentOn: ServiceDate, at: Date) async throws -> Stored<Appeal> {
        guard let claim = try await store.claim(id: claimID, tenantID: tenantID) else { throw StoreError.notFound(kind: "claim", id: claimID) }
        let denials = try await self.denials(claimID: claimID, tenantID: tenantID, ids: denialIDs)
        guard !denials.isEmpty else {
            throw AppealRefusal("denialIDs", "claim \(claim.value.patientControlNumber) has no open denial that can be appealed")
        }
        let previous = try await appeals(of: claim.value)
        var letter = try await self.letter(claim: claim.value, denials: denials.map(\.value), previous: previous, templateID: templateID,
                                           goodCause: goodCause, on: sentOn)
        if let text = letterText?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            guard text.count <= 20_000 else { throw AppealRefusal("letter", "the letter is \(text.count) characters; at most 20,000") }
            letter = AppealLetter(templateID: letter.templateID + " (edited)", text: text)
        }
        let made = try Appeals.file(denials: denials.map(\.value), claim: claim.value, letter: letter, sentOn: sentOn, goodCause: goodCause,
                                    previousAppeals: previous, actor: actor, at: at)
        let versions = Dictionary(uniqueKeysWithValues: denials.map { ($0.value.id, $0.version) })
        return try await store.insertAppeal(made.appeal, denials: made.denials.map { (denial: $0, expectedVersion: versions[$0.id] ?? 0) },
                                            claim: ClaimChange(made.claim, expectedVersion: claim.version))
    }

    /// Records the payer's decision on an appeal (from a letter or a call; an 835 decides by itself when it pays).
    public func decide(appealID: UUID, tenantID: UUID, outcome: AppealOutcome, decidedOn: ServiceDate, recovered: Money?, note: String?,
                       at: Date) async throws -> Stored<Appeal> {
        guard let appeal = try await store.appeal(id: appealID, tenantID: tenantID) else { throw StoreError.notFound(kind: "appeal", id: appealID) }
        var denials: [Stored<DenialWorkItem>] = []
        for id in appeal.value.denialIDs { if let d = try await store.denial(id: id, tenantID: tenantID) { denials.append(d) } }
        let claim = try await store.claim(id: appeal.value.claimID, tenantID: tenantID)
        let decided = try Appeals.decide(appeal.value, outcome: outcome, decidedOn: decidedOn, recovered: recovered, note: note, denials: denials.map(\.value),
                                         claim: claim?.value, actor: actor, at: at)
        let versions = Dictionary(uniqueKeysWithValues: denials.map { ($0.value.id, $0.version) })
        var claimChange: ClaimChange?
        if let stored = claim, let changed = decided.claim, changed.status != stored.value.status { claimChange = ClaimChange(changed, expectedVersion: stored.version) }
        return try await store.updateAppeal(decided.appeal, expectedVersion: appeal.version,
                                            denials: decided.denials.map { (denial: $0, expectedVersion: versions[$0.id] ?? 0) }, claim: claimChange)
    }

    /// Marks a denial corrected, written off or closed, with the reason.
    public func resolve(denialID: UUID, tenantID: UUID, as status: DenialStatus, reason: String) async throws -> Stored<DenialWorkItem> {
        guard let denial = try await store.denial(id: denialID, tenantID: tenantID) else { throw StoreError.notFound(kind: "denial", id: denialID) }
        return try await store.updateDenial(try Appeals.resolve(denial.value, as: status, reason: reason), expectedVersion: denial.version)
    }
}
