import CodeSets
import Foundation
import RevenueCycle

/// The submission cycle on the demo data (`revcycle demo cycle`), in two rounds against the sandbox clearinghouse and
/// payer. The sandbox payer of the cycle wants a prior authorization for one code of one ready claim (the demo's
/// contract otherwise), so that one claim is denied.
///
/// 1. Every tenant's ready claims are batched and sent; the answers (999, 277CA, 835) are received, one 835 twice on
///    purpose.
/// 2. A week later each denied claim is worked as a biller would: appealed with a letter from its template; the payer
///    upholds it by letter (no authorization on file); the claim is corrected with the authorization number, goes out
///    as a replacement, and the payer's answers are received. The claims the first 835s made to the patients' secondary
///    payers (drafts carrying the primary's decision) are made ready and go out in the same batches; the sandbox payer
///    pays them as the secondary payer (coordination of benefits, docs/SANDBOX.md) and their 835s post to paid.
/// 3. A week after that, only when round 2's 835s made claims to a next payer (a corrected claim's remainder, or a
///    tertiary payer after a secondary): they are made ready, sent and answered the same way.
///
/// At the end every claim's money invariant is checked. Every X12 file sent or received is written to `files`.
public enum DemoCycleRun {
    public struct Summary: Encodable, Sendable {
        public var tenants = 0
        public var claimsBatched = 0
        public var batchesSent = 0
        public var claimsAccepted = 0
        public var claimsRejected = 0
        public var claimsAcknowledged = 0
        /// Claims the cycle left paid, partly paid or denied, at the end.
        public var claimsPaid = 0
        public var claimsPartiallyPaid = 0
        public var claimsDenied = 0
        /// Claims the first round's 835s denied.
        public var claimsDeniedFirst = 0
        public var denialsOnWorklist = 0
        public var claimsAppealed = 0
        public var claimsCorrected = 0
        /// Corrected claims the payer then paid.
        public var correctedClaimsPaid = 0
        public var remittancesPosted = 0
        public var postings = 0
        public var postingExceptions = 0
        public var paymentsBalanced = 0
        public var duplicatePostingsIgnored = 0
        /// Claims made to a patient's secondary (or tertiary) payer for what the primary left to the patient.
        public var secondaryClaimsMade = 0
        /// Of those, the ones sent to their payer, and the ones its 835 left paid (insurance owing nothing more).
        public var secondaryClaimsSent = 0
        public var secondaryClaimsPaid = 0
        public var claimsChecked = 0
        public var claimsWithMoneyInvariant = 0
        public var filesWritten = 0
    }

    /// The authorization number the corrected claims carry.
    static let authorizationNumber = "PA-DEMO-0001"

    public static func run(store: any ClaimExchange.Store, folder: URL, files: URL, log: (String) -> Void) async throws -> Summary {
        var summary = Summary()
        // Noon UTC of the demo's day: deadlines are judged on the day the demo is set.
        let day = Double(DemoSeed.today.daysSinceEpoch) * 86_400
        let at = Date(timeIntervalSince1970: day + 43_200)
        let actor = ClaimActor(userID: UUID(uuidString: "00000000-0000-4000-8000-00000000dc1e")!, displayName: "Demo cycle")
        let exchange = ClaimExchange(store: store, actor: actor, usage: "T")
        let transport = try DropFolderTransport(root: folder)
        let tenants = try await store.allTenants()
        summary.tenants = tenants.count

        let contract = try await contractDenyingOneClaim(store: store, tenants: tenants, log: log)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: contract)
        try await sendReadyClaims(exchange, tenants: tenants, through: transport, at: at, files: files, &summary, log)
        for answer in try sandbox.answerOutbox(date: DemoSeed.today.x12, time: "1300") {
            log("sandbox answered \(answer.file): " + ([answer.acknowledgment] + answer.responses).joined(separator: ", "))
        }
        let firstRemittance = try await receive(exchange, tenants: tenants, through: transport, at: at.addingTimeInterval(3600), postedOn: DemoSeed.today,
                                                files: files, &summary, log)
        // The same 835 once more, as a clearinghouse that sends twice would: it must change nothing.
        if let remittance = firstRemittance {
            let again = try await exchange.receive(name: remittance.name + ".again", contents: remittance.contents, tenantID: remittance.tenantID,
                                                   at: at.addingTimeInterval(7200), postedOn: DemoSeed.today)
            if case .duplicate = again { summary.duplicatePostingsIgnored += 1 }
        }

        // Round 2, a week later: work the denials and the secondary claims, and send them.
        let later = at.addingTimeInterval(7 * 86_400)
        let laterDay = DemoSeed.today.adding(days: 7) ?? DemoSeed.today
        var corrected: Set<UUID> = []
        for tenant in tenants {
            corrected.formUnion(try await workDenials(store: store, tenant: tenant, actor: actor, on: laterDay, at: later, &summary, log))
        }
        var nextPayerClaims = 0
        for tenant in tenants { nextPayerClaims += try await readyNextPayerClaims(store: store, tenant: tenant, actor: actor, at: later, log) }
        try await sendReadyClaims(exchange, tenants: tenants, through: transport, at: later.addingTimeInterval(600), files: files, &summary, log)
        for answer in try sandbox.answerOutbox(date: laterDay.x12, time: "1300") {
            log("sandbox answered \(answer.file): " + ([answer.acknowledgment] + answer.responses).joined(separator: ", "))
        }
        _ = try await receive(exchange, tenants: tenants, through: transport, at: later.addingTimeInterval(3600), postedOn: laterDay, files: files, &summary, log)

        // Round 3, a week later still, for the claims to a next payer that round 2's 835s made.
        let last = later.addingTimeInterval(7 * 86_400)
        let lastDay = laterDay.adding(days: 7) ?? laterDay
        nextPayerClaims = 0
        for tenant in tenants { nextPayerClaims += try await readyNextPayerClaims(store: store, tenant: tenant, actor: actor, at: last, log) }
        if nextPayerClaims > 0 {
            try await sendReadyClaims(exchange, tenants: tenants, through: transport, at: last.addingTimeInterval(600), files: files, &summary, log)
            for answer in try sandbox.answerOutbox(date: lastDay.x12, time: "1300") {
                log("sandbox answered \(answer.file): " + ([answer.acknowledgment] + answer.responses).joined(separator: ", "))
            }
            _ = try await receive(exchange, tenants: tenants, through: transport, at: last.addingTimeInterval(3600), postedOn: lastDay, files: files, &summary, log)
        }

        for tenant in tenants {
            var cursor: String?
            repeat {
                let page = try await store.claims(tenantID: tenant.id, query: ClaimQuery(limit: RecordQuery.maximumLimit, cursor: cursor))
                for stored in page.items {
                    let claim = stored.value
                    summary.claimsChecked += 1
                    if claim.ledger.verify().isEmpty { summary.claimsWithMoneyInvariant += 1 }
                    // Only claims this run moved: their last change is by the cycle.
                    guard claim.history.last?.actor == actor else { continue }
                    switch claim.status {
                    case .paid: summary.claimsPaid += 1
                    case .partiallyPaid: summary.claimsPartiallyPaid += 1
                    case .denied: summary.claimsDenied += 1
                    default: break
                    }
                    if corrected.contains(claim.id) && [.paid, .partiallyPaid].contains(claim.status) { summary.correctedClaimsPaid += 1 }
                    if !claim.priorPayerAdjudications.isEmpty {
                        if claim.history.contains(where: { $0.to == .submitted }) { summary.secondaryClaimsSent += 1 }
                        if claim.status == .paid { summary.secondaryClaimsPaid += 1 }
                    }
                }
                cursor = page.nextCursor
            } while cursor != nil
        }
        return summary
    }

    /// The demo contract, wanting a prior authorization for the codes of one ready claim without one: of a patient
    /// with no second coverage when there is such a claim, so that the others are paid and billed onwards.
    static func contractDenyingOneClaim(store: any ClaimExchange.Store, tenants: [Tenant], log: (String) -> Void) async throws -> PayerContract {
        var contract = PayerContract.demo
        var ready: [RevenueCycle.Claim] = []
        for tenant in tenants {
            ready += try await store.claims(tenantID: tenant.id, query: ClaimQuery(statuses: [.ready], limit: RecordQuery.maximumLimit)).items.map(\.value)
        }
        var chosen: RevenueCycle.Claim?
        for claim in ready.sorted(by: { $0.patientControlNumber < $1.patientControlNumber }) where (claim.priorAuthorizationNumber ?? "").isEmpty {
            let coverages = try await store.records(Coverage.self, tenantID: claim.tenantID, query: RecordQuery(patientID: claim.patientID, limit: RecordQuery.maximumLimit))
            if chosen == nil || coverages.items.count == 1 { chosen = claim }
            if coverages.items.count == 1 { break }
        }
        if let chosen {
            let codes = Set(chosen.lines.compactMap { $0.procedure?.code }).sorted()
            contract.priorAuthorizationCodes += codes
            log("the sandbox payer wants a prior authorization for \(codes.joined(separator: ", ")) (claim \(chosen.patientControlNumber) has none)")
        }
        return contract
    }

    static func sendReadyClaims(_ exchange: ClaimExchange, tenants: [Tenant], through transport: DropFolderTransport, at: Date, files: URL,
                                _ summary: inout Summary, _ log: (String) -> Void) async throws {
        for tenant in tenants {
            let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            for left in made.leftOut { log("left out of the batch: claim \(left.patientControlNumber): \(left.reason)") }
            for batch in made.batches {
                let sent = try await exchange.send(batchID: batch.value.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))
                summary.batchesSent += 1
                summary.claimsBatched += sent.value.claimIDs.count
                try write(sent.value.contents, as: sent.value.fileName, in: files, &summary)
                log("sent \(sent.value.fileName) (\(tenant.name), \(sent.value.claimIDs.count) claims)")
            }
        }
    }

    /// Receives every tenant's answers and counts what they did; the first 835 received, to post again.
    static func receive(_ exchange: ClaimExchange, tenants: [Tenant], through transport: DropFolderTransport, at: Date, postedOn: ServiceDate, files: URL,
                        _ summary: inout Summary, _ log: (String) -> Void) async throws -> (name: String, contents: String, tenantID: UUID)? {
        var remittance: (name: String, contents: String, tenantID: UUID)?
        for tenant in tenants {
            for result in try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at, postedOn: postedOn) {
                let file = try result.get().file.value
                let counts = file.counts
                summary.claimsAccepted += counts["claimsAccepted"] ?? 0
                summary.claimsRejected += counts["claimsRejected"] ?? 0
                summary.claimsAcknowledged += counts["claimsAcknowledged"] ?? 0
                summary.secondaryClaimsMade += counts["nextPayerClaimsMade"] ?? 0
                summary.denialsOnWorklist += counts["denials"] ?? 0
                let stored = try await exchange.store.receivedFile(id: file.id, tenantID: tenant.id)
                if file.kind == .remittance {
                    summary.remittancesPosted += 1
                    summary.postings += counts["postings"] ?? 0
                    summary.postingExceptions += counts["exceptions"] ?? 0
                    if (counts["paymentsUnbalanced"] ?? 0) == 0 { summary.paymentsBalanced += 1 }
                    if remittance == nil, let stored { remittance = (file.name, stored.value.contents, tenant.id) }
                }
                if let stored { try write(stored.value.contents, as: file.name, in: files, &summary) }
                log("received \(file.name): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
        return remittance
    }

    /// Each claim the 835s denied: appealed with the letter its denials' template makes; the payer's letter upholds
    /// the denial (no authorization on file); the claim is corrected with the authorization and made ready, and its
    /// denials marked corrected. The claims corrected.
    static func workDenials(store: any ClaimExchange.Store, tenant: Tenant, actor: ClaimActor, on day: ServiceDate, at: Date,
                            _ summary: inout Summary, _ log: (String) -> Void) async throws -> Set<UUID> {
        let desk = DenialDesk(store: store, actor: actor)
        let denials = try await store.denials(tenantID: tenant.id, query: DenialQuery(statuses: [.open], limit: RecordQuery.maximumLimit)).items.map(\.value)
        var corrected: Set<UUID> = []
        for claimID in Set(denials.map(\.claimID)).sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let claim = try await store.claim(id: claimID, tenantID: tenant.id), claim.value.status == .denied else { continue }
            summary.claimsDeniedFirst += 1
            let appeal = try await desk.fileAppeal(claimID: claimID, tenantID: tenant.id, denialIDs: nil, templateID: nil, letterText: nil, goodCause: nil,
                                                   sentOn: day, at: at)
            summary.claimsAppealed += 1
            log("claim \(claim.value.patientControlNumber): appealed (\(appeal.value.templateID) letter, \(appeal.value.amount))")
            _ = try await desk.decide(appealID: appeal.value.id, tenantID: tenant.id, outcome: .upheld, decidedOn: day, recovered: nil,
                                      note: "the payer's letter: no authorization on file for the date of service", at: at.addingTimeInterval(60))
            guard var stored = try await store.claim(id: claimID, tenantID: tenant.id) else { continue }
            try stored.value.correct(ClaimCorrectionChanges(priorAuthorizationNumber: authorizationNumber),
                                     reason: "the authorization obtained for the service added", actor: actor, at: at.addingTimeInterval(120))
            try stored.value.transition(to: .ready, actor: actor, at: at.addingTimeInterval(120), reason: "corrected claim ready to send")
            stored = try await store.updateClaim(stored.value, expectedVersion: stored.version)
            for d in denials where d.claimID == claimID {
                _ = try await desk.resolve(denialID: d.id, tenantID: tenant.id, as: .corrected, reason: "replacement claim sent with authorization \(authorizationNumber)")
            }
            summary.claimsCorrected += 1
            corrected.insert(claimID)
            log("claim \(stored.value.patientControlNumber): corrected (frequency \(stored.value.frequency.rawValue)) with authorization \(authorizationNumber)")
        }
        return corrected
    }

    /// The drafts the 835s made to a patient's next payer (carrying the earlier payers' decisions) made ready, as a
    /// biller would after checking them: the records their 837 needs, every earlier payer named, the claim sound. A
    /// draft with a problem stays a draft, with the problem in the log. The number made ready.
    static func readyNextPayerClaims(store: any ClaimExchange.Store, tenant: Tenant, actor: ClaimActor, at: Date, _ log: (String) -> Void) async throws -> Int {
        var made = 0
        let drafts = try await store.claims(tenantID: tenant.id, query: ClaimQuery(statuses: [.draft], limit: RecordQuery.maximumLimit)).items
        for var stored in drafts where !stored.value.priorPayerAdjudications.isEmpty {
            let claim = stored.value
            let problems: [String]
            do {
                let records = try await ClaimRecords.load(for: claim, from: store)
                problems = (records.otherPayerProblems() + claim.validate()).map(\.description)
            } catch {
                problems = ["\(error)"]
            }
            guard problems.isEmpty else {
                log("claim \(claim.patientControlNumber) to the \(claim.coverageOrder.rawValue) payer stays a draft: " + problems.joined(separator: "; "))
                continue
            }
            try stored.value.transition(to: .ready, actor: actor, at: at, reason: "\(claim.coverageOrder.rawValue) claim checked: the earlier payers' decisions on file for the 837's loops 2320-2430")
            _ = try await store.updateClaim(stored.value, expectedVersion: stored.version)
            made += 1
            log("claim \(claim.patientControlNumber): ready for the \(claim.coverageOrder.rawValue) payer (\(claim.ledger.totals.balance) billed)")
        }
        return made
    }

    static func write(_ contents: String, as name: String, in directory: URL, _ summary: inout Summary) throws {
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        summary.filesWritten += 1
    }
}
