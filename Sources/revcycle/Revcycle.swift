import ArgumentParser
import CodeSets
import Foundation
import Persistence
import WebApp

@main
struct Revcycle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revcycle",
        abstract: "Medical coding and billing: code sets, encoder, claims.",
        subcommands: [Serve.self, Migrate.self, CodeSetsCommand.self, CodeCommand.self, X12Command.self, ScrubCommand.self, RulesCommand.self, SandboxCommand.self, BatchCommand.self, ClearinghouseCommand.self, ERACommand.self, DepositsCommand.self, DemoCommand.self, AuditCommand.self, HCCCommand.self, CACCommand.self, Bench.self]
    )
}

/// Options every command shares; they feed the one configuration.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory for the SQLite database and code-set snapshots (default ./data, or REVCYCLE_DATA_DIR).")
    var dataDirectory: String?
    @Option(name: .customLong("database-url"), help: "postgres://user:password@host:port/db for PostgreSQL (or DATABASE_URL); SQLite when absent.")
    var databaseURL: String?
    @Option(name: .customLong("codesets"), help: "Directory of official code-set release files (else REVCYCLE_CODESETS, ./codesets, ../shared/codesets).")
    var codesets: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?
    @Option(name: [.customLong("ncci-ptp"), .customLong("ptp")],
            help: "Directory of the unzipped CMS NCCI procedure-to-procedure files (or REVCYCLE_NCCI_PTP); no PTP edits without it.")
    var ncciPTP: String?
    @Option(name: .customLong("payer-rules"), help: "Directory of payer rule files, one JSON file per payer (or REVCYCLE_PAYER_RULES; docs/PAYER_RULES.md).")
    var payerRules: String?
    @Option(name: .customLong("clearinghouse"),
            help: "The clearinghouse drop folder, with outbox/ and inbox/ (or REVCYCLE_CLEARINGHOUSE_DIR; default <data dir>/clearinghouse).")
    var clearinghouse: String?

    func configuration(host: String? = nil, port: Int? = nil, demo: Bool? = nil, logFormat: String? = nil) throws -> RevcycleConfiguration {
        do {
            return try RevcycleConfiguration.load(
                environment: ProcessInfo.processInfo.environment,
                flags: .init(host: host, port: port, dataDirectory: dataDirectory, databaseURL: databaseURL, codesets: codesets,
                             demo: demo, logLevel: logLevel, logFormat: logFormat, ncciPTP: ncciPTP, payerRules: payerRules,
                             clearinghouse: clearinghouse),
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        } catch {
            throw ValidationError(String(describing: error))
        }
    }
}

/// Progress and summaries go to standard error, so standard output stays clean for --json.
func say(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Turns domain errors into one clear line and a failing exit code, never a stack trace.
func failing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        say("error: \(error)")
        throw ExitCode.failure
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web application and JSON API.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on (default 127.0.0.1, or REVCYCLE_HOST).") var host: String?
    @Option(help: "Port to listen on (default 8080, or REVCYCLE_PORT).") var port: Int?
    @Flag(help: "Load demonstration data (or REVCYCLE_DEMO=1).") var demo = false
    @Option(name: .customLong("log-format"), help: "text or json (structured, one object per line).") var logFormat: String?

    func run() async throws {
        let config = try common.configuration(host: host, port: port, demo: demo ? true : nil, logFormat: logFormat)
        try await failing {
            RevcycleLogging.bootstrap(config)
            let database = try config.databaseLocation()
            say("revcycle: database \(database)")
            let loaded = try await DatabaseSession.with(database) { session in
                let applied = try await session.migrate()
                say("revcycle: migrations \(applied.isEmpty ? "up to date" : "applied: " + applied.joined(separator: ", "))")
                return try await CodeSetLoading.load(config, history: DatabaseImportHistory(database: session.database), progress: { say("revcycle: \($0)") })
            }
            say("revcycle: \(loaded.summary) (\(String(format: "%.2f", loaded.seconds)) s)")
            if config.demo {
                let summary = try await DatabaseSession.with(database) { session in
                    try await DemoData.load(into: session.database, configuration: config)
                }
                say("revcycle: demo: \(summary); sign in with any user of `revcycle demo users`")
            }
            let app = try await makeApplication(config, library: loaded.library, codeSetSummary: loaded.publicSummary)
            say("revcycle: listening on http://\(config.host):\(config.port) (Ctrl-C stops)")
            do {
                try await app.execute()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations that have not been applied yet.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.configuration()
        try await failing {
            try await DatabaseSession.with(try config.databaseLocation()) { session in
                let applied = try await session.migrate()
                print(applied.isEmpty ? "migrations: up to date (\(session.location))" : "migrations applied to \(session.location): \(applied.joined(separator: ", "))")
            }
        }
    }
}
