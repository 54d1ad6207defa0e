import ArgumentParser
import ClaimEdits
import Foundation
import Persistence
import RevenueCycle
import WebApp

/// `revcycle rules check|replay`: payer rule files (docs/PAYER_RULES.md).
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Payer rule files: check them, or replay them over decided claims.",
                                                    subcommands: [RulesCheck.self, RulesReplay.self])
}

struct RulesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check",
                                                    abstract: "Read every rule file in a folder; exit 1 with the file and place of the first mistake.")
    @Argument(help: "The folder of rule files (one JSON file per payer).") var directory: String

    func run() async throws {
        try await failing {
            let book = try PayerRuleFile.load(directory: URL(fileURLWithPath: directory))
            for set in book.sets {
                print("\(set.file): \(set.payerName) (\(set.payerIDs.joined(separator: ", "))), version \(set.version), \(set.rules.count) rule\(set.rules.count == 1 ? "" : "s")"
                      + (set.timelyFilingDays.map { ", timely filing \($0) days" } ?? ""))
                for rule in set.rules { print("  payer:\(rule.id)  \(rule.action.rawValue)  \(rule.description)") }
            }
            say("\(book.sets.count) rule file\(book.sets.count == 1 ? "" : "s"), \(book.ruleCount) rules: all valid")
        }
    }
}

struct RulesReplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the claim edits with a payer rule set over the stored claims payers have decided, and show which denials they would have prevented.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Only this practice (its name or id); all when absent.") var tenant: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let config = try common.configuration()
        guard let rulesDirectory = config.payerRulesDirectory else { throw ValidationError("--payer-rules DIR (or REVCYCLE_PAYER_RULES) names the rule set to replay") }
        let report = try await failing {
            let (scrubber, summary) = try Scrubber.load(library: try await CodeCommand.library(config), codeSets: config.codesetsDirectory,
                                                        ptpDirectory: config.ncciPTPDirectory, payerRulesDirectory: rulesDirectory)
            say("claim edits: \(summary)")
            let claims = try await DatabaseSession.with(try config.databaseLocation()) { session in
                try await session.migrate()
                return try await Self.decidedClaims(DatabaseStore(database: session.database), tenant: tenant)
            }
            say("replaying \(claims.count) claims")
            return RuleReplay.run(claims, scrubber: scrubber) { say("  \($0) of \(claims.count) claims") }
        }
        if json {
            print(try X12Command.json(report))
            return
        }
        print("claims read: \(report.claimsRead); decided by the payer: \(report.decided); denied: \(report.denied)")
        print("denial reasons: " + (report.denialReasons.isEmpty ? "none" : report.denialReasons.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")))
        print("denied claims the edits would have stopped: \(report.deniedBlocked); of them prevented by a payer rule naming the denial reason: \(report.deniedPreventedByPayerRules)")
        print("paid claims the edits would have held: \(report.paidBlocked)")
        print("")
        print("edit                                   severity  denied flagged  prevented  paid flagged")
        for row in report.edits {
            print("\(row.id.padding(toLength: 38, withPad: " ", startingAt: 0)) \(row.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(row.deniedFlagged).leftPadded(14))  \(String(row.deniedPrevented).leftPadded(9))  \(String(row.paidFlagged).leftPadded(12))")
        }
    }

    /// Every claim of the chosen practices with the records it names; claims whose records are gone are skipped, and said.
    static func decidedClaims(_ store: DatabaseStore, tenant: String?) async throws -> [ClaimRecords] {
        let tenants = try await store.allTenants().filter { t in tenant.map { $0 == t.name || $0.lowercased() == t.id.uuidString.lowercased() } ?? true }
        if let tenant, tenants.isEmpty { throw ValidationError("no practice named or numbered \(tenant)") }
        var out: [ClaimRecords] = []
        for t in tenants {
            var cursor: String?
            repeat {
                let page = try await store.claims(tenantID: t.id, query: ClaimQuery(limit: RecordQuery.maximumLimit, cursor: cursor))
                for stored in page.items where RuleReplay.decision(of: stored.value) != nil {
                    do {
                        out.append(try await ClaimRecords.load(for: stored.value, from: store))
                    } catch let missing as MissingClaimRecord {
                        say("skipped claim \(stored.value.patientControlNumber): \(missing)")
                    }
                }
                cursor = page.nextCursor
            } while cursor != nil
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
