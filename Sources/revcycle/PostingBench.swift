import ArgumentParser
import Clearinghouse
import CodeSets
import FluentKit
import Logging
import Foundation
import Persistence
import RevenueCycle
import SQLKit

/// Posting an 835 of many claims through `ClaimExchange.receive` (the path of `era post` and the API), database
/// writes included, on a fresh database: claims a second, peak memory while posting, the posting checked claim by
/// claim, the file posted again, and pyx12 validating the same file beside it.
struct PostingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "posting", abstract: "835 posting speed and memory, beside pyx12's validation of the file.")
    @Option(help: "Numbers of claims in the 835, comma-separated (a fresh database for each).") var claims = "100000"
    @Option(name: .customLong("database-url"),
            help: "A PostgreSQL server (postgres://...): a new database is made on it for each run and dropped after. SQLite in a temporary file when absent.")
    var databaseURL: String?
    @Option(help: "Claims per check (transaction set) in the 835.") var claimsPerCheck = 10_000
    @Flag(help: "Also time pyx12 validating the same 835 (about 0.17 MB/s: minutes for 100,000 claims).") var oracle = false
    @Option(name: .customLong("oracle-script"), help: "The pyx12 oracle script.") var oracleScript = "../shared/tools/pyx12_oracle.py"
    @Option(help: "Keep the 835 of the largest run in this directory.") var keep: String?
    @Flag(help: "Stop after posting: no check, no second posting (for profiling).") var postOnly = false

    func run() async throws {
        let sizes = claims.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), claimsPerCheck > 0 else {
            throw ValidationError("--claims takes counts such as 10000,50000,100000; --claims-per-check at least 1")
        }
        try await failing {
            var results: [PostingRun.Result] = []
            for size in sizes.sorted() {
                say("\(size) claims on \(databaseURL == nil ? "SQLite" : "PostgreSQL"):")
                let result = try await PostingRun.run(claims: size, postgresURL: databaseURL, claimsPerCheck: claimsPerCheck,
                                                      keep: size == sizes.max() ? keep : nil, postOnly: postOnly, oracle: oracle && size == sizes.max() ? oracleScript : nil)
                results.append(result)
                for line in result.lines { print(line) }
            }
            if results.count > 1 {
                print("peak resident while posting, by claims: " + results.map { "\($0.claims): \(fmt($0.peakMegabytes)) MB" }.joined(separator: ", "))
            }
        }
    }
}

/// One run of the posting benchmark at one size.
enum PostingRun {
    struct Result {
        var claims: Int
        var claimsPerSecond: Double
        var peakMegabytes: Double
        var lines: [String]
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run(claims count: Int, postgresURL: String?, claimsPerCheck: Int, keep: String?, postOnly: Bool, oracle: String?) async throws -> Result {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-bench-posting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let location: DatabaseLocation
        var dropDatabase: (() async -> Void)?
        if let postgresURL {
            guard var parts = URLComponents(string: postgresURL) else { throw ValidationError("--database-url is not a URL") }
            let name = "revcycle_bench_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
            try await DatabaseSession.with(.postgres(url: postgresURL)) { admin in
                guard let sql = admin.database as? any SQLDatabase else { throw Failure(description: "the PostgreSQL driver is not an SQL database") }
                try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            }
            dropDatabase = {
                try? await DatabaseSession.with(.postgres(url: postgresURL)) { admin in
                    try await (admin.database as? any SQLDatabase)?.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                }
            }
            parts.path = "/" + name
            location = .postgres(url: parts.string!)
        } else {
            location = .sqlite(path: work.appendingPathComponent("bench.sqlite").path)
        }
        do {
            // Quiet: the migrations' log lines are not the benchmark's.
            var logger = Logger(label: "revcycle.bench")
            logger.logLevel = .warning
            let session = try DatabaseSession(location, logger: logger)
            let result: Result
            do {
                result = try await measure(count, session: session, claimsPerCheck: claimsPerCheck, work: work, keep: keep, postOnly: postOnly, oracle: oracle)
                await session.shutdown()
            } catch {
                await session.shutdown()
                throw error
            }
            await dropDatabase?()
            return result
        } catch {
            await dropDatabase?()
            throw error
        }
    }

    static func measure(_ count: Int, session: DatabaseSession, claimsPerCheck: Int, work: URL, keep: String?, postOnly: Bool, oracle: String?) async throws -> Result {
        try await session.migrate()
        let store = DatabaseStore(database: session.database)
        let data = try DemoSeed.generate()
        // Nobody signs in to the benchmark's database: no need to spend bcrypt on the demo users.
        _ = try await DemoLoader.load(data, into: store) { _ in "not-a-password-hash" }
        guard let tenant = data.tenants.first else { throw Failure(description: "the demo data has no practice") }
        let templates = data.claims.filter { $0.tenantID == tenant.id && ($0.status == .acknowledged || $0.status == .submitted) && !$0.lines.isEmpty }
        guard !templates.isEmpty else { throw Failure(description: "the demo practice has no submitted or acknowledged claim to copy") }

        // Seeding: not timed as posting.
        let seedStart = DispatchTime.now().uptimeNanoseconds
        let made = PostingBenchmarkFile.claims(count, from: templates)
        for slice in stride(from: 0, to: made.count, by: 5_000) {
            try await store.bulkInsertClaims(Array(made[slice..<min(slice + 5_000, made.count)]))
            if (slice + 5_000) % 50_000 == 0 { say("  seeded \(min(slice + 5_000, made.count)) of \(count) claims") }
        }
        let seedSeconds = seconds(since: seedStart)
        say("  seeded \(count) claims in \(fmt(seedSeconds)) s")

        let writeStart = DispatchTime.now().uptimeNanoseconds
        let (text, expected) = PostingBenchmarkFile.write(paying: made, payee: tenant, claimsPerCheck: claimsPerCheck)
        let writeSeconds = seconds(since: writeStart)
        let file = work.appendingPathComponent("bench-\(count).835")
        try text.write(to: file, atomically: false, encoding: .utf8)
        if let keep { try? FileManager.default.copyItem(at: file, to: URL(fileURLWithPath: keep).appendingPathComponent(file.lastPathComponent)) }
        let megabytes = Double(text.utf8.count) / 1_048_576
        say("  835 written: \(fmt(megabytes)) MB, \(expected.checks) checks, \(expected.lines) lines, in \(fmt(writeSeconds)) s")
        let claimIDs = made.map(\.id)
        let numbers = made.map(\.patientControlNumber)
        let charges = Dictionary(uniqueKeysWithValues: made.map { ($0.id, $0.totalCharge) })
        _ = consume made

        // Posting, as `era post` and the API do it: the file's text in, one transaction out.
        let exchange = ClaimExchange(store: store, actor: ClaimActor(userID: UUID(), displayName: "posting benchmark"))
        let postedOn = ServiceDate(year: 2026, month: 11, day: 30)!
        let sampler = MemorySampler()
        let residentBefore = MemorySampler.resident()
        sampler.start()
        let postStart = DispatchTime.now().uptimeNanoseconds, processorStart = MemorySampler.processorSeconds()
        let outcome = try await exchange.receive(name: file.lastPathComponent, contents: text, tenantID: tenant.id, at: Date(), postedOn: postedOn)
        let postSeconds = seconds(since: postStart), processorSeconds = MemorySampler.processorSeconds() - processorStart
        let peak = sampler.stop()
        // Posted and committed; SQLite then copies its log into the database file in the background.
        let checkpointStart = DispatchTime.now().uptimeNanoseconds
        await LogCheckpoint.finished()
        let checkpointSeconds = seconds(since: checkpointStart)
        guard case .recorded(let received) = outcome else { throw Failure(description: "the 835 was taken for a file already received") }
        let counts = received.value.counts
        // SQLite's checkpoint after the commit; PostgreSQL has none to wait for.
        let checkpointNote = checkpointSeconds >= 0.01 ? " (then the log's checkpoint, in the background: \(fmt(checkpointSeconds)) s)" : ""
        say("  posted in \(fmt(postSeconds)) s, \(fmt(processorSeconds)) s of processor time\(checkpointNote): \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")

        if postOnly {
            return Result(claims: count, claimsPerSecond: Double(count) / postSeconds, peakMegabytes: peak,
                          lines: ["\(session.location.kind), \(count) claims: posted in \(fmt(postSeconds)) s = \(fmt(Double(count) / postSeconds)) claims/s, "
                                  + "processor \(fmt(processorSeconds)) s, "
                                  + (checkpointNote.isEmpty ? "" : "log checkpoint after it \(fmt(checkpointSeconds)) s, ") + "peak \(fmt(peak)) MB"])
        }
        // Every claim posted, with the amounts the file holds.
        let check = try await verify(numbers: numbers, ids: Set(claimIDs), charges: charges, expected: expected, store: store, tenantID: tenant.id)

        // The same bytes again: a duplicate. The same payments in a new interchange: each claim already posted.
        let again = try await exchange.receive(name: file.lastPathComponent, contents: text, tenantID: tenant.id, at: Date(), postedOn: postedOn)
        var duplicate = false
        if case .duplicate = again { duplicate = true }
        let resent = text.replacingOccurrences(of: "*261130*1200*", with: "*261130*1201*")
        let resendStart = DispatchTime.now().uptimeNanoseconds
        let second = try await exchange.receive(name: "again-" + file.lastPathComponent, contents: resent, tenantID: tenant.id, at: Date(), postedOn: postedOn)
        let resendSeconds = seconds(since: resendStart)
        let secondCounts = second.file.value.counts
        let unchanged = try await verify(numbers: numbers, ids: Set(claimIDs), charges: charges, expected: expected, store: store, tenantID: tenant.id)

        var lines: [String] = []
        let rate = Double(count) / postSeconds
        lines.append("\(session.location.kind), \(count) claims (\(expected.lines) lines, \(expected.checks) checks, \(fmt(megabytes)) MB), "
                     + "seeded in \(fmt(seedSeconds)) s (not counted), 835 written in \(fmt(writeSeconds)) s:")
        lines.append("  posting (ClaimExchange.receive: validate, read claims, plan, post, store in one transaction): \(fmt(postSeconds)) s = \(fmt(rate)) claims/s"
                     + (checkpointNote.isEmpty ? "" : "; SQLite's log then copied into the database file in the background in \(fmt(checkpointSeconds)) s"))
        lines.append("  processor time while posting (every thread of the process, user and system): \(fmt(processorSeconds)) s")
        lines.append("  resident memory: \(fmt(residentBefore)) MB before posting, peak \(fmt(peak)) MB while posting (+\(fmt(peak - residentBefore)) MB)")
        lines.append("  check: \(check.description)")
        lines.append("  posted again: same bytes \(duplicate ? "recorded as a duplicate" : "NOT RECOGNISED"); the same payments in a new interchange "
                     + "(\(fmt(resendSeconds)) s): \(secondCounts["claimsAlreadyPosted"] ?? 0) already posted, \(secondCounts["claimsPosted"] ?? 0) posted anew, "
                     + "claims \(unchanged == check && (secondCounts["claimsPosted"] ?? 0) == 0 ? "unchanged" : "CHANGED")")
        if let oracle {
            say("  pyx12 validating \(fmt(megabytes)) MB (minutes)...")
            let (status, pySeconds) = try python(["python3", oracle, file.path])
            let verdict = status == 0 ? "valid" : status == 1 ? "INVALID" : "could not judge (exit \(status))"
            lines.append("  pyx12 validating the same file: \(fmt(pySeconds)) s (\(verdict)); Revcycle validates, posts and stores it in "
                         + "\(fmt(postSeconds)) s: \(fmt(pySeconds / postSeconds))x faster than pyx12 only validates it")
        }
        return Result(claims: count, claimsPerSecond: rate, peakMegabytes: peak, lines: lines)
    }

    /// What the database holds for the benchmark's claims after posting.
    struct Check: Equatable, CustomStringConvertible {
        var claims = 0, posted = 0, paid = 0, partiallyPaid = 0, denied = 0, other = 0, postings = 0
        var payments = Money.zero, adjustments = Money.zero, patientResponsibility = Money.zero, balance = Money.zero
        var problems: [String] = []
        var description: String {
            "\(posted) of \(claims) claims posted (\(paid) paid, \(partiallyPaid) partially paid, \(denied) denied, \(other) other), \(postings) postings; "
                + "payments \(payments), adjustments \(adjustments), patient \(patientResponsibility), insurance balance \(balance)"
                + (problems.isEmpty ? "; all as the 835 says" : "; WRONG: " + problems.prefix(5).joined(separator: "; "))
        }
    }

    static func verify(numbers: [String], ids: Set<UUID>, charges: [UUID: Money], expected: PostingBenchmarkFile.Expected,
                       store: DatabaseStore, tenantID: UUID) async throws -> Check {
        var check = Check()
        for slice in stride(from: 0, to: numbers.count, by: 5_000) {
            for stored in try await store.claims(patientControlNumbers: Array(numbers[slice..<min(slice + 5_000, numbers.count)]), tenantID: tenantID)
            where ids.contains(stored.value.id) {
                let claim = stored.value, totals = claim.ledger.totals
                check.claims += 1
                if !claim.ledger.postings.isEmpty { check.posted += 1 }
                switch claim.status {
                case .paid: check.paid += 1
                case .partiallyPaid: check.partiallyPaid += 1
                case .denied: check.denied += 1
                default: check.other += 1
                }
                check.postings += claim.ledger.postings.count
                check.payments += totals.payments; check.adjustments += totals.adjustments
                check.patientResponsibility += totals.patientResponsibility; check.balance += totals.balance
                if totals.charges != charges[claim.id] { check.problems.append("\(claim.patientControlNumber) charges \(totals.charges)") }
            }
        }
        if check.claims != expected.claims { check.problems.append("\(check.claims) claims found, \(expected.claims) made") }
        if check.posted != expected.claims { check.problems.append("\(expected.claims - check.posted) claims not posted") }
        if check.paid + check.partiallyPaid + check.denied != expected.claims { check.problems.append("\(check.other) claims in another status") }
        if check.denied < expected.deniedClaims { check.problems.append("\(check.denied) denied, the 835 denies \(expected.deniedClaims)") }
        if check.payments != expected.paid { check.problems.append("payments \(check.payments), the 835 pays \(expected.paid)") }
        if check.adjustments != expected.adjusted { check.problems.append("adjustments \(check.adjustments), the 835 adjusts \(expected.adjusted)") }
        if check.patientResponsibility != expected.patientResponsibility {
            check.problems.append("patient responsibility \(check.patientResponsibility), the 835 says \(expected.patientResponsibility)")
        }
        if check.balance != expected.balance { check.problems.append("balance \(check.balance), expected \(expected.balance)") }
        return check
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let t0 = DispatchTime.now().uptimeNanoseconds
        do { try process.run() } catch { throw ValidationError("cannot run \(arguments.joined(separator: " ")): \(error)") }
        process.waitUntilExit()
        return (process.terminationStatus, seconds(since: t0))
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// Samples the process's resident memory (VmRSS) every 10 ms on a thread of its own, keeping the peak: VmHWM only
/// grows over the process's life, which would hide a later, smaller run's peak.
final class MemorySampler: @unchecked Sendable {
    // Unchecked: `peak` and `running` are only touched under `lock`.
    private let lock = NSLock()
    private var peak = 0.0
    private var running = false
    private var thread: Thread?

    func start() {
        lock.withLock { running = true; peak = Self.resident() }
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                let now = Self.resident()
                lock.withLock { peak = max(peak, now) }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops sampling; the peak in MB.
    func stop() -> Double {
        let now = Self.resident()
        return lock.withLock {
            running = false
            peak = max(peak, now)
            return peak
        }
    }

    /// Processor time the whole process has used, user and system, in seconds: what the posting cost, beside how long
    /// it took (on this project's machine it moved between runs about as much as wall time).
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func resident() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }
}
