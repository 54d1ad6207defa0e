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
                return try await DemoCycleRun.run(store: store, folder: folder, files: files, log: say)
            }
            if json { print(try jsonText(summary)) } else {
                for (label, value) in Mirror(reflecting: summary).children.compactMap({ c in c.label.map { ($0, c.value) } }) { print("\(label): \(value)") }
            }
            say("demo cycle: \(summary.claimsBatched) claims sent in \(summary.batchesSent) batches; \(summary.remittancesPosted) 835s posted; "
                + "\(summary.claimsWithMoneyInvariant) of \(summary.claimsChecked) claims keep the money invariant; files in \(files.path)")
        }
    }
}
