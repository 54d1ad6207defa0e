import ArgumentParser
import Clearinghouse
import CodeSets
import Foundation
import Persistence
import RevenueCycle
import WebApp

/// `revcycle demo cycle`: the submission cycle on a fresh database with the demo data, against the sandbox
/// clearinghouse and payer, with every X12 file written out and a summary of what happened.
struct DemoCycle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Load the demo on a fresh database, batch and send its ready claims to the sandbox, receive the 999s, 277CAs and 835s, post one 835 twice, and summarise (docs/REVENUE_CYCLE.md).")
    @Option(help: "Where to write the X12 files sent and received, the sandbox's folder and (without --database-url) the SQLite database.") var out: String
    @Option(name: .customLong("database-url"), help: "An empty PostgreSQL database to use instead of a new SQLite file.") var databaseURL: String?
    @Flag(help: "Print the summary as JSON.") var json = false

    struct Summary: Encodable {
        var tenants = 0
        var claimsBatched = 0
        var batchesSent = 0
        var claimsAccepted = 0
        var claimsRejected = 0
        var claimsAcknowledged = 0
        var claimsPaid = 0
        var claimsPartiallyPaid = 0
        var claimsDenied = 0
        var remittancesPosted = 0
        var postings = 0
        var postingExceptions = 0
        var paymentsBalanced = 0
        var duplicatePostingsIgnored = 0
        var claimsChecked = 0
        var claimsWithMoneyInvariant = 0
        var filesWritten = 0
    }

    func run() async throws {
        try await failing {
            let root = URL(fileURLWithPath: out, isDirectory: true)
            let files = root.appendingPathComponent("x12")
            let folder = root.appendingPathComponent("clearinghouse")
            let manager = FileManager.default
            try manager.createDirectory(at: files, withIntermediateDirectories: true)
            let location: DatabaseLocation
            if let databaseURL {
                location = try DatabaseLocation.resolve(url: databaseURL, dataDirectory: root)
            } else {
                let path = root.appendingPathComponent("revcycle.sqlite")
                try? manager.removeItem(at: path)
                location = .sqlite(path: path.path)
            }
            // A fresh drop folder: answers of an earlier run must not be read into this one.
            try? manager.removeItem(at: folder)
            let summary = try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                guard try await store.allTenants().isEmpty else { throw ValidationError("the database is not empty; demo cycle needs a fresh one") }
                var config = RevcycleConfiguration()
                // The demo's passwords are public; a cheap hash keeps the run short.
                config.passwordCost = 4
                say("loading the demo: " + (try await DemoData.load(into: session.database, configuration: config)))
                return try await cycle(store: store, folder: folder, files: files)
            }
            if json { print(try jsonText(summary)) } else {
                for (label, value) in Mirror(reflecting: summary).children.compactMap({ c in c.label.map { ($0, c.value) } }) { print("\(label): \(value)") }
            }
            say("demo cycle: \(summary.claimsBatched) claims sent in \(summary.batchesSent) batches; \(summary.remittancesPosted) 835s posted; "
                + "\(summary.claimsWithMoneyInvariant) of \(summary.claimsChecked) claims keep the money invariant; files in \(files.path)")
        }
    }

    func cycle(store: DatabaseStore, folder: URL, files: URL) async throws -> Summary {
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
                say("sent \(sent.value.fileName) (\(tenant.name), \(sent.value.claimIDs.count) claims)")
            }
        }
        let sandbox = try SandboxClearinghouse(folders: transport)
        let (date, time) = (DemoSeed.today.iso.replacingOccurrences(of: "-", with: ""), "1300")
        for answer in try sandbox.answerOutbox(date: date, time: time) {
            say("sandbox answered \(answer.file): " + ([answer.acknowledgment] + answer.responses).joined(separator: ", "))
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
                say("received \(file.name): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
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

    func write(_ contents: String, as name: String, in directory: URL, _ summary: inout Summary) throws {
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        summary.filesWritten += 1
    }
}
