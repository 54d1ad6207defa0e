import ArgumentParser
import CodeSets
import Foundation
import WebApp

/// Claim creation and the biller's worklist through the API, with the database holding each number of claims:
/// requests per second and p50/p99 latency, and how the largest size compares with the smallest.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api", abstract: "The JSON API under load on loopback, at growing numbers of claims.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Numbers of claims in the database, comma-separated.") var claims = "10000,1000000"
    @Option(help: "Requests of each kind.") var requests = 2000
    @Option(help: "Requests in flight at once.") var concurrency = 16
    @Option(help: "Port to listen on.") var port = 18_099
    @Option(name: .customLong("postgres-url"), help: "Run on this PostgreSQL database instead of SQLite. Everything in it is DELETED first.")
    var postgresURL: String?
    @Flag(name: .customLong("i-understand-this-empties-the-database"), help: "Required with --postgres-url.") var confirmed = false

    func run() async throws {
        let config = try common.configuration()
        let sizes = claims.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 0 }), requests > 0, concurrency > 0 else {
            throw ValidationError("--claims takes counts such as 10000,1000000; --requests and --concurrency at least 1")
        }
        if postgresURL != nil && !confirmed { throw ValidationError("--postgres-url empties that database: add --i-understand-this-empties-the-database") }
        try await failing {
            let store = SnapshotStore(directory: config.snapshotDirectory)
            if store.currentFileName == nil {
                guard let dir = config.codesetsDirectory else { throw ValidationError("no code-set snapshot and no code-set directory") }
                say("no snapshot: importing \(dir.path) first")
                _ = try await CodeSetLoading.importReleases(from: dir, into: store, history: nil, progress: { say("  \($0)") })
            }
            guard let library = try store.load()?.library else { throw ValidationError("the code-set snapshot could not be loaded") }
            var results: [APIBenchmark.Result] = []
            for size in sizes {
                let work = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-bench-api-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: work) }
                say("\(size) claims on \(postgresURL == nil ? "SQLite" : "PostgreSQL"):")
                let result = try await APIBenchmark.run(.init(claims: size, requests: requests, concurrency: concurrency, postgresURL: postgresURL,
                                                              workDirectory: work, port: port), library: library, progress: { say("  \($0)") })
                results.append(result)
                print("\(result.database), \(result.claims) claims (seeded in \(fmt(result.seedSeconds)) s), \(concurrency) concurrent:")
                for m in result.measurements {
                    print("  \(m.name): \(fmt(m.requestsPerSecond)) requests/s, p50 \(fmt(m.p50Milliseconds)) ms, p99 \(fmt(m.p99Milliseconds)) ms"
                          + (m.failures > 0 ? ", \(m.failures) FAILED" : ""))
                }
            }
            if let small = results.first, let large = results.last, results.count > 1 {
                print("\(large.claims) claims beside \(small.claims):")
                for (a, b) in zip(small.measurements, large.measurements) {
                    print("  \(a.name): throughput \(fmt(b.requestsPerSecond / a.requestsPerSecond))x, p99 \(fmt(b.p99Milliseconds / max(a.p99Milliseconds, 1e-9)))x")
                }
            }
        }
    }
}
