import CodeSets
import Foundation
import RevenueCycle

/// The submission cycle on the demo data (`revcycle demo cycle`): every tenant's ready claims are batched and sent to
/// the sandbox clearinghouse and payer, its answers are received, one 835 is received twice on purpose, and every
/// claim's money invariant is checked. Every X12 file sent or received is written to `files`.
public enum DemoCycleRun {
    public struct Summary: Encodable, Sendable {
        public var tenants = 0
        public var claimsBatched = 0
        public var batchesSent = 0
        public var claimsAccepted = 0
        public var claimsRejected = 0
        public var claimsAcknowledged = 0
        public var claimsPaid = 0
        public var claimsPartiallyPaid = 0
        public var claimsDenied = 0
        public var remittancesPosted = 0
        public var postings = 0
        public var postingExceptions = 0
        public var paymentsBalanced = 0
        public var duplicatePostingsIgnored = 0
        /// Claims made to a patient's secondary (or tertiary) payer for what the primary left to the patient.
        public var secondaryClaimsMade = 0
        public var claimsChecked = 0
        public var claimsWithMoneyInvariant = 0
        public var filesWritten = 0
    }

    public static func run(store: any ClaimExchange.Store, folder: URL, files: URL, log: (String) -> Void) async throws -> Summary {
        var summary = Summary()
        // Noon UTC of the demo's day: deadlines are judged on the day the demo is set.
        let at = Date(timeIntervalSince1970: Double(DemoSeed.today.daysSinceEpoch) * 86_400 + 43_200)
        let actor = ClaimActor(userID: UUID(uuidString: "00000000-0000-4000-8000-00000000dc1e")!, displayName: "Demo cycle")
        let exchange = ClaimExchange(store: store, actor: actor, usage: "T")
        let transport = try DropFolderTransport(root: folder)
        let tenants = try await store.allTenants()
        summary.tenants = tenants.count
        for tenant in tenants {
            let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            for batch in made.batches {
                let sent = try await exchange.send(batchID: batch.value.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))
                summary.batchesSent += 1
                summary.claimsBatched += sent.value.claimIDs.count
                try write(sent.value.contents, as: sent.value.fileName, in: files, &summary)
                log("sent \(sent.value.fileName) (\(tenant.name), \(sent.value.claimIDs.count) claims)")
            }
        }
        let sandbox = try SandboxClearinghouse(folders: transport)
        let (date, time) = (DemoSeed.today.iso.replacingOccurrences(of: "-", with: ""), "1300")
        for answer in try sandbox.answerOutbox(date: date, time: time) {
            log("sandbox answered \(answer.file): " + ([answer.acknowledgment] + answer.responses).joined(separator: ", "))
        }
        var remittance: (name: String, contents: String, tenantID: UUID)?
        for tenant in tenants {
            let results = try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(3600), postedOn: DemoSeed.today)
            for result in results {
                let outcome = try result.get()
                let file = outcome.file.value
                let counts = file.counts
                summary.claimsAccepted += counts["claimsAccepted"] ?? 0
                summary.claimsRejected += counts["claimsRejected"] ?? 0
                summary.claimsAcknowledged += counts["claimsAcknowledged"] ?? 0
                summary.secondaryClaimsMade += counts["nextPayerClaimsMade"] ?? 0
                if file.kind == .remittance {
                    summary.remittancesPosted += 1
                    summary.postings += counts["postings"] ?? 0
                    summary.postingExceptions += counts["exceptions"] ?? 0
                    if (counts["paymentsUnbalanced"] ?? 0) == 0 { summary.paymentsBalanced += 1 }
                    if remittance == nil, let stored = try await store.receivedFile(id: file.id, tenantID: tenant.id) {
                        remittance = (file.name, stored.value.contents, tenant.id)
                    }
                }
                if let stored = try await store.receivedFile(id: file.id, tenantID: tenant.id) {
                    try write(stored.value.contents, as: file.name, in: files, &summary)
                }
                log("received \(file.name): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
        // The same 835 once more, as a clearinghouse that sends twice would: it must change nothing.
        if let remittance {
            let again = try await exchange.receive(name: remittance.name + ".again", contents: remittance.contents, tenantID: remittance.tenantID,
                                                   at: at.addingTimeInterval(7200), postedOn: DemoSeed.today)
            if case .duplicate = again { summary.duplicatePostingsIgnored += 1 }
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
                }
                cursor = page.nextCursor
            } while cursor != nil
        }
        return summary
    }

    static func write(_ contents: String, as name: String, in directory: URL, _ summary: inout Summary) throws {
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        summary.filesWritten += 1
    }
}
