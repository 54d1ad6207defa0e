import ArgumentParser
import Clearinghouse
import CodeSets
import Foundation
import Persistence
import RevenueCycle
import WebApp

// `revcycle deposits import FILE.csv` and `revcycle deposits reconcile`: bank deposits against the 835 payments, on
// the configured database.

struct DepositsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deposits", abstract: "Bank deposits: import a statement, reconcile them with the 835 payments.",
                                                    subcommands: [DepositsImport.self, DepositsReconcile.self])
}

struct DepositsImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record the deposits of a CSV bank statement (columns named on the first line: date, amount, reference; optionally description, payer). A statement with any bad line is refused whole, each problem with its line and column; deposits recorded before are counted, not recorded twice.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Argument(help: "The statement, a CSV file.") var file: String
    @Flag(help: "Print what it did as JSON.") var json = false

    func run() async throws {
        try await failing {
            let url = URL(fileURLWithPath: file)
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw ValidationError("\(file) cannot be read as UTF-8 text: \(error.localizedDescription)") }
            try await withStore(common, tenant) { store, tenant, _ in
                let desk = DepositDesk(store: store)
                let summary: DepositDesk.ImportSummary
                do {
                    summary = try await desk.importStatement(text, fileName: url.lastPathComponent, tenantID: tenant.id) { done, total in
                        if done % 100 == 0 || done == total { say("[\(done)/\(total)] deposits stored") }
                    }
                } catch DepositDesk.ImportError.problems(let name, let problems) {
                    for problem in problems { say("\(name) \(problem)") }
                    say("deposits import: nothing imported from \(name); \(problems.count) problem\(problems.count == 1 ? "" : "s")")
                    throw ExitCode.failure
                }
                if json { print(try jsonText(summary)) }
                say("deposits import: \(summary.fileName) for \(tenant.name): \(summary.lines) deposits, \(summary.recorded) recorded (\(summary.amountRecorded)), "
                    + "\(summary.alreadyRecorded) already recorded")
            }
        }
    }
}

struct DepositsReconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Match the tenant's deposits to its 835 payments by trace number and amount; print the findings, and with --record store each deposit's finding on it.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var tenant: TenantOption
    @Flag(help: "Store each deposit's finding (only those that changed are written).") var record = false

    func run() async throws {
        try await failing {
            try await withStore(common, tenant) { store, tenant, _ in
                let (r, changed) = try await DepositDesk(store: store).reconcile(tenantID: tenant.id, today: ServiceDate(utcDayOf: Date()), at: Date(), record: record)
                for p in r.amountMismatches { print("amount mismatch  \(p.deposit.depositedOn.iso)  \(p.deposit.traceNumber)  bank \(p.deposit.amount)  835 \(p.payment.amount)") }
                for o in r.paymentsWithoutDeposit { print("not deposited    \(o.ageDays) days  \(o.payment.traceNumber)  \(o.payment.amount)  \(o.payment.fileName)") }
                for d in r.depositsWithoutRemittance { print("no 835           \(d.depositedOn.iso)  \(d.traceNumber)  \(d.amount)") }
                say("deposits reconcile: \(r.matched.count) matched, \(r.amountMismatches.count) amount mismatches, \(r.paymentsWithoutDeposit.count) 835 payments not deposited "
                    + "(\(r.paymentsWithoutDeposit.map(\.payment.amount).sum())), \(r.depositsWithoutRemittance.count) deposits without an 835"
                    + (record ? "; \(changed) deposits updated" : ""))
            }
        }
    }
}
