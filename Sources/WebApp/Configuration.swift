import Foundation
import Persistence

/// The one configuration of a Revcycle process: defaults, then environment, then command-line flags. Read once at
/// start-up and passed down; nothing else reads the environment.
public struct RevcycleConfiguration: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = URL(fileURLWithPath: "data")
    /// nil: embedded SQLite in the data directory.
    public var databaseURL: String?
    /// Where official release files are read from on import; nil when none of the usual places exists.
    public var codesetsDirectory: URL?
    /// How the code-sets directory was chosen, for messages ("--codesets", "REVCYCLE_CODESETS", ...).
    public var codesetsSource = "not found"
    /// The unzipped CMS NCCI procedure-to-procedure files, when the installation has them (too large to ship).
    public var ncciPTPDirectory: URL?
    /// Payer rule files, one per payer (docs/PAYER_RULES.md); nil runs no payer rules.
    public var payerRulesDirectory: URL?
    /// The clearinghouse drop folder (outbox, inbox), when not `<data dir>/clearinghouse`.
    public var clearinghouseOverride: URL?
    public var clearinghouseDirectory: URL { clearinghouseOverride ?? dataDirectory.appendingPathComponent("clearinghouse") }
    public var demo = false
    public var logLevel = "info"
    public var logFormat = LogFormat.text
    /// Cookies only over HTTPS. Turn off (REVCYCLE_SECURE_COOKIES=false) only behind plain HTTP on a trusted network.
    public var secureCookies = true
    /// bcrypt cost for new password hashes (each step doubles the work): 12 in production, lower only in tests.
    public var passwordCost = 12

    public var snapshotDirectory: URL { dataDirectory.appendingPathComponent("codesets") }

    public func databaseLocation() throws -> DatabaseLocation {
        try DatabaseLocation.resolve(url: databaseURL, dataDirectory: dataDirectory)
    }

    /// Flags given on the command line; nil means "not given".
    public struct Flags: Sendable {
        public var host: String?
        public var port: Int?
        public var dataDirectory: String?
        public var databaseURL: String?
        public var codesets: String?
        public var demo: Bool?
        public var logLevel: String?
        public var logFormat: String?
        public var ncciPTP: String?
        public var payerRules: String?
        public var clearinghouse: String?
        public init(host: String? = nil, port: Int? = nil, dataDirectory: String? = nil, databaseURL: String? = nil,
                    codesets: String? = nil, demo: Bool? = nil, logLevel: String? = nil, logFormat: String? = nil, ncciPTP: String? = nil,
                    payerRules: String? = nil, clearinghouse: String? = nil) {
            self.host = host; self.port = port; self.dataDirectory = dataDirectory; self.databaseURL = databaseURL
            self.codesets = codesets; self.demo = demo; self.logLevel = logLevel; self.logFormat = logFormat; self.ncciPTP = ncciPTP
            self.payerRules = payerRules; self.clearinghouse = clearinghouse
        }
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init() {}

    /// Resolves the configuration. `currentDirectory` decides where `./codesets` and `../shared/codesets` are.
    public static func load(environment: [String: String], flags: Flags, currentDirectory: URL,
                            fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws -> RevcycleConfiguration {
        var c = RevcycleConfiguration()
        func env(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        c.host = flags.host ?? env("REVCYCLE_HOST") ?? c.host
        if let raw = flags.port.map(String.init) ?? env("REVCYCLE_PORT") ?? env("PORT") {
            guard let p = Int(raw), (1...65535).contains(p) else { throw Invalid(description: "port must be 1-65535, got '\(raw)'") }
            c.port = p
        }
        let data = flags.dataDirectory ?? env("REVCYCLE_DATA_DIR") ?? "data"
        c.dataDirectory = URL(fileURLWithPath: data, relativeTo: currentDirectory).standardizedFileURL
        c.databaseURL = flags.databaseURL ?? env("DATABASE_URL")
        c.demo = flags.demo ?? (env("REVCYCLE_DEMO").map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false)
        c.logLevel = flags.logLevel ?? env("REVCYCLE_LOG_LEVEL") ?? c.logLevel
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(c.logLevel) else {
            throw Invalid(description: "log level must be trace, debug, info, notice, warning, error or critical, got '\(c.logLevel)'")
        }
        if let raw = flags.logFormat ?? env("REVCYCLE_LOG_FORMAT") {
            guard let f = LogFormat(rawValue: raw) else { throw Invalid(description: "log format must be text or json, got '\(raw)'") }
            c.logFormat = f
        }
        if let raw = env("REVCYCLE_SECURE_COOKIES") {
            guard let v = ["true": true, "1": true, "yes": true, "false": false, "0": false, "no": false][raw.lowercased()] else {
                throw Invalid(description: "REVCYCLE_SECURE_COOKIES must be true or false, got '\(raw)'")
            }
            c.secureCookies = v
        }
        if let raw = env("REVCYCLE_PASSWORD_COST") {
            guard let v = Int(raw), (4...31).contains(v) else { throw Invalid(description: "REVCYCLE_PASSWORD_COST must be 4-31, got '\(raw)'") }
            c.passwordCost = v
        }
        _ = try c.databaseLocation()
        c.ncciPTPDirectory = (flags.ncciPTP ?? env("REVCYCLE_NCCI_PTP")).map { URL(fileURLWithPath: $0, relativeTo: currentDirectory).standardizedFileURL }
        c.payerRulesDirectory = (flags.payerRules ?? env("REVCYCLE_PAYER_RULES")).map { URL(fileURLWithPath: $0, relativeTo: currentDirectory).standardizedFileURL }
        c.clearinghouseOverride = (flags.clearinghouse ?? env("REVCYCLE_CLEARINGHOUSE_DIR")).map { URL(fileURLWithPath: $0, relativeTo: currentDirectory).standardizedFileURL }

        let candidates: [(String?, String)] = [
            (flags.codesets, "--codesets"),
            (env("REVCYCLE_CODESETS"), "REVCYCLE_CODESETS"),
            ("codesets", "./codesets"),
            ("../shared/codesets", "../shared/codesets"),
        ]
        for (i, (path, source)) in candidates.enumerated() {
            guard let path else { continue }
            let url = URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
            // An explicit choice is taken as given (a wrong path is then reported by the import); defaults must exist.
            if i < 2 || fileExists(url.path) {
                c.codesetsDirectory = url
                c.codesetsSource = source
                break
            }
        }
        return c
    }
}
