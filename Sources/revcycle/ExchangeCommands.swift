import ArgumentParser
import Clearinghouse
import CodeSets
import Foundation
import Persistence
import RevenueCycle
import WebApp

// `revcycle batch`, `revcycle clearinghouse receive` and `revcycle era post`: the submission cycle from the command
// line, on the configured database and drop folder.

/// Which tenant a command works in: `--tenant` (a name or an id), or the only tenant there is.
struct TenantOption: ParsableArguments {
    @Option(help: "The practice or hospital, by name or id; may be left out when the database holds one tenant.") var tenant: String?

    func resolve(in store: DatabaseStore) async throws -> Tenant {
        let tenants = try await store.allTenants()
        if let wanted = tenant {
            if let found = tenants.first(where: { $0.id.uuidString.lowercased() == wanted.lowercased() || $0.name.lowercased() == wanted.lowercased() }) {
                return found
            }
            throw ValidationError("no tenant is called \(wanted); the tenants are: " + tenants.map(\.name).sorted().joined(separator: "; "))
        }
        guard tenants.count == 1, let only = tenants.first else {
            throw ValidationError(tenants.isEmpty ? "the database holds no tenant (load the demo with `revcycle serve --demo`)"
                                  : "say which tenant with --tenant: " + tenants.map(\.name).sorted().joined(separator: "; "))
        }
        return only
    }
}

/// Who the command line acts as in claim histories.
let commandLineActor = ClaimActor(userID: UUID(uuidString: "00000000-0000-4000-8000-00000000c11e")!,
                                  displayName: "revcycle command line (\(ProcessInfo.processInfo.environment["USER"] ?? "unknown user"))")

/// Opens the configured database (migrated), runs `body` with its store and the tenant.
func withStore<T>(_ common: CommonOptions, _ tenant: TenantOption, _ body: (DatabaseStore, Tenant, RevcycleConfiguration) async throws -> T) async throws -> T {
    let config = try common.configuration()
    return try await DatabaseSession.with(try config.databaseLocation()) { session in
        try await session.migrate()
        let store = DatabaseStore(database: session.database)
        return try await body(store, try await tenant.resolve(in: store), config)
    }
}

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "837 batches: make and send them, list them, resubmit one.",
                                                    subcommands: [BatchSubmit.self, BatchList.self, BatchResubmit.self])
}

struct BatchSummary: Encodable {
    var id: UUID
    var interchangeControlNumber: Int
    var fileName: String
    var kind: String
    var status: String
    var claims: Int
    var totalCharge: String
    var resubmissionOf: UUID?

    init(_ b: ClaimBatch) {
        id = b.id; interchangeControlNumber = b.interchangeControlNumber; fileName = b.fileName; kind = b.kind.rawValue
        status = b.status.rawValue; claims = b.claimIDs.count; totalCharge = b.totalCharge.description; resubmissionOf = b.resubmissionOf
    }

    var line: String { "\(fileName)  \(status)  \(claims) claim\(claims == 1 ? "" : "s")  \(totalCharge)" }
}

struct BatchSubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Batch every ready claim of the tenant (one 837 per kind and payer, with new control numbers) and put each file in the clearinghouse outbox.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Flag(help: "Mark the interchanges as tests (ISA15 T).") var test = false
    @Flag(help: "Print the batches as JSON.") var json = false

    func run() async throws {
        try await failing {
            try await withStore(common, tenant) { store, tenant, config in
                let exchange = ClaimExchange(store: store, actor: commandLineActor, usage: test ? "T" : "P")
                let transport = try DropFolderTransport(root: config.clearinghouseDirectory)
                let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: Date())
                for left in made.leftOut { say("left out \(left.patientControlNumber): \(left.reason)") }
                var sent: [BatchSummary] = []
                for (n, batch) in made.batches.enumerated() {
                    let stored = try await exchange.send(batchID: batch.value.id, tenantID: tenant.id, through: transport, at: Date())
                    say("[\(n + 1)/\(made.batches.count)] sent \(stored.value.fileName)")
                    sent.append(BatchSummary(stored.value))
                }
                if json { print(try jsonText(sent)) } else { sent.forEach { print($0.line) } }
                say("batch submit: \(sent.count) batch\(sent.count == 1 ? "" : "es") with \(sent.map(\.claims).reduce(0, +)) claims sent to "
                    + "\(config.clearinghouseDirectory.path)/outbox; \(made.leftOut.count) ready claim\(made.leftOut.count == 1 ? "" : "s") left out")
            }
        }
    }
}

struct BatchList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The tenant's batches, newest first.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Option(help: "How many (at most 200).") var limit = 50
    @Flag(help: "Print them as JSON.") var json = false

    func run() async throws {
        try await failing {
            try await withStore(common, tenant) { store, tenant, _ in
                let page = try await store.batches(tenantID: tenant.id, limit: limit, cursor: nil)
                let rows = page.items.map { BatchSummary($0.value) }
                if json { print(try jsonText(rows)) } else { rows.forEach { print($0.line) } }
            }
        }
    }
}

struct BatchResubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resubmit",
        abstract: "Send a batch again under new control numbers, with only its claims still waiting on the clearinghouse (no answer, or rejected by the 999).")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Argument(help: "The batch's interchange control number or id.") var batch: String
    @Flag(help: "Mark the interchange as a test (ISA15 T).") var test = false

    func run() async throws {
        try await failing {
            try await withStore(common, tenant) { store, tenant, config in
                var found: Stored<ClaimBatch>?
                if let number = Int(batch) { found = try await store.batch(interchangeControlNumber: number, tenantID: tenant.id) }
                if found == nil, let id = UUID(uuidString: batch) { found = try await store.batch(id: id, tenantID: tenant.id) }
                guard let old = found else { throw ValidationError("\(tenant.name) has no batch \(batch)") }
                let exchange = ClaimExchange(store: store, actor: commandLineActor, usage: test ? "T" : "P")
                let made = try await exchange.resubmit(batchID: old.value.id, tenantID: tenant.id, at: Date())
                for left in made.leftOut { say("left out \(left.patientControlNumber): \(left.reason)") }
                let sent = try await exchange.send(batchID: made.batch.value.id, tenantID: tenant.id, through: try DropFolderTransport(root: config.clearinghouseDirectory), at: Date())
                print(BatchSummary(sent.value).line)
                say("resubmitted \(old.value.fileName) as \(sent.value.fileName) with \(sent.value.claimIDs.count) of its \(old.value.claimIDs.count) claims")
            }
        }
    }
}

/// What receiving a file did, as the commands print it.
struct ReceivedSummary: Encodable {
    var file: String
    var kind: String?
    var duplicate: Bool
    var error: String?
    var counts: [String: Int]
    var notes: [String]

    init(_ result: Result<ClaimExchange.ReceiveOutcome, ReceivedFileError>) {
        switch result {
        case .success(let outcome):
            let f = outcome.file.value
            file = f.name; kind = f.kind.rawValue; counts = f.counts; notes = f.notes; error = nil
            if case .duplicate = outcome { duplicate = true } else { duplicate = false }
        case .failure(let e):
            file = e.name; kind = nil; duplicate = false; error = e.message; counts = [:]; notes = []
        }
    }

    var text: String {
        if let error { return "\(file): not read: \(error)" }
        if duplicate { return "\(file): already received; nothing changed" }
        return "\(file) (\(kind ?? "?")): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + notes.map { "\n  " + $0 }.joined()
    }
}

/// The X12 code lists' words for claim status codes, when the code sets are configured.
func claimStatusWords(_ config: RevcycleConfiguration) -> ClaimStatusWords? {
    config.codesetsDirectory.flatMap { try? ClaimStatusWords.read(directory: $0.appendingPathComponent("x12-codes")) }
}

struct ClearinghouseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clearinghouse", abstract: "What comes back from the clearinghouse.",
                                                    subcommands: [ClearinghouseReceive.self, ClearinghouseInquire.self])
}

struct ClearinghouseReceive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Read every file in the clearinghouse inbox addressed to the tenant (TA1, 999, 277CA, 277, 835), apply it to batches and claims, and mark it taken.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Flag(help: "Print what each file did as JSON.") var json = false

    func run() async throws {
        try await failing {
            let failed = try await withStore(common, tenant) { store, tenant, config in
                let exchange = ClaimExchange(store: store, actor: commandLineActor)
                let transport = try DropFolderTransport(root: config.clearinghouseDirectory)
                let results = try await exchange.receiveInbox(transport, tenantID: tenant.id, at: Date(), postedOn: ServiceDate(utcDayOf: Date()),
                                                              words: claimStatusWords(config))
                let rows = results.map(ReceivedSummary.init)
                if json { print(try jsonText(rows)) } else { rows.forEach { print($0.text) } }
                let failed = rows.filter { $0.error != nil }.count
                say("clearinghouse receive: \(rows.count) file\(rows.count == 1 ? "" : "s") for \(tenant.name), \(failed) not read")
                return failed
            }
            if failed > 0 { throw ExitCode.failure }
        }
    }
}

struct ClearinghouseInquire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inquire",
        abstract: "Ask each payer with a 276 about the tenant's claims it has not answered for some days (accepted, acknowledged or pending, no change and no inquiry since); its 277 comes back to `clearinghouse receive`.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Option(help: "Ask about claims with no answer for this many days (1 to 365).") var days = 30
    @Flag(help: "Print the inquiries as JSON.") var json = false

    func validate() throws {
        guard (1...365).contains(days) else { throw ValidationError("--days must be 1 to 365; got \(days)") }
    }

    struct Row: Encodable {
        var file: String
        var claims: Int
    }

    func run() async throws {
        try await failing {
            try await withStore(common, tenant) { store, tenant, config in
                let exchange = ClaimExchange(store: store, actor: commandLineActor)
                let transport = try DropFolderTransport(root: config.clearinghouseDirectory)
                let (inquiries, skipped) = try await exchange.inquire(tenantID: tenant.id, waitingDays: days, asOf: ServiceDate(utcDayOf: Date()),
                                                                      through: transport, at: Date())
                let rows = inquiries.map { Row(file: $0.value.fileName, claims: $0.value.claimIDs.count) }
                if json { print(try jsonText(rows)) } else { rows.forEach { print("\($0.file): \($0.claims) claims") } }
                for s in skipped { say("skipped claim \(s.patientControlNumber): \(s.reason)") }
                say("clearinghouse inquire: \(rows.map(\.claims).reduce(0, +)) claims waiting \(days)+ days asked about in \(rows.count) 276 file\(rows.count == 1 ? "" : "s") for \(tenant.name), \(skipped.count) skipped")
            }
        }
    }
}

struct ERACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "era", abstract: "Electronic remittance advice (835).", subcommands: [ERAPost.self])
}

struct ERAPost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post an 835 to the tenant's claims: payments, adjustments and patient responsibility by line, balanced, in one transaction; the same file posts once.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Argument(help: "The 835 file.") var file: String
    @Option(help: "The accounting date of the postings, YYYY-MM-DD (default today).") var postedOn: String?
    @Flag(help: "Print what it did as JSON.") var json = false

    func run() async throws {
        let date: ServiceDate
        if let postedOn {
            guard let d = ServiceDate(iso: postedOn) else { throw ValidationError("--posted-on takes a date as YYYY-MM-DD; got \(postedOn)") }
            date = d
        } else {
            date = ServiceDate(utcDayOf: Date())
        }
        try await failing {
            let url = URL(fileURLWithPath: file)
            let contents: String
            do { contents = try String(contentsOf: url, encoding: .utf8) } catch { throw ValidationError("\(file) cannot be read as text: \(error.localizedDescription)") }
            let summary = try await withStore(common, tenant) { store, tenant, config in
                let exchange = ClaimExchange(store: store, actor: commandLineActor)
                do {
                    let outcome = try await exchange.receive(name: url.lastPathComponent, contents: contents, tenantID: tenant.id, at: Date(),
                                                             postedOn: date, words: claimStatusWords(config))
                    if outcome.file.value.kind != .remittance {
                        say("note: \(file) is a \(outcome.file.value.kind.rawValue), not an 835; it was read as one")
                    }
                    return ReceivedSummary(.success(outcome))
                } catch let error as ReceivedFileError {
                    return ReceivedSummary(.failure(error))
                }
            }
            if json { print(try jsonText(summary)) } else { print(summary.text) }
            if summary.error != nil { throw ExitCode.failure }
        }
    }
}
