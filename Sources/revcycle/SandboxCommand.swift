import ArgumentParser
import Clearinghouse
import Foundation

/// `revcycle sandbox DIR`: the clearinghouse's side of a drop folder, for trying submission without a clearinghouse.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Act as a clearinghouse and payer on a drop folder: take each file in DIR/outbox, validate it, answer with a 999 in DIR/inbox, then with a 277CA and 835 for each 837 and a 277 for each 276 (docs/SANDBOX.md).")
    @Argument(help: "The drop folder (outbox/, inbox/, sent/, taken/ are made when missing).") var directory: String
    @Option(help: "Keep watching, answering new files every this many seconds, until interrupted.") var watch: Double?
    @Option(help: "The payer's contract, a JSON file (docs/SANDBOX.md); the built-in demo contract when left out.") var contract: String?

    func run() async throws {
        if let watch, !(watch > 0) { throw ValidationError("--watch takes a number of seconds above 0; got \(watch)") }
        try await failing {
            let terms = try contract.map { try PayerContract.load(URL(fileURLWithPath: $0)) } ?? .demo
            let sandbox = try SandboxClearinghouse(folders: try DropFolderTransport(root: URL(fileURLWithPath: directory)), contract: terms)
            var total = 0, rejected = 0
            repeat {
                let now = Date()
                let stamp = Self.stamp(now)
                for answer in try sandbox.answerOutbox(date: stamp.date, time: stamp.time) {
                    total += 1
                    if !answer.accepted { rejected += 1 }
                    let names = ([answer.acknowledgment] + answer.responses).joined(separator: ", ")
                    print("\(answer.file): \(answer.accepted ? "accepted" : "rejected, \(answer.findings) finding\(answer.findings == 1 ? "" : "s")"); \(names) in the inbox")
                }
                for name in try sandbox.payPending(date: stamp.date, time: stamp.time) { print("pended claims paid: \(name) in the inbox") }
                if let watch { try await Task.sleep(nanoseconds: UInt64(watch * 1_000_000_000)) }
            } while watch != nil
            say("sandbox: \(total) file\(total == 1 ? "" : "s") answered, \(rejected) rejected")
        }
    }

    /// CCYYMMDD and HHMM in UTC, for the acknowledgment's envelope.
    static func stamp(_ date: Date) -> (date: String, time: String) {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return ("\(c.year ?? 1970)\(two(c.month))\(two(c.day))", "\(two(c.hour))\(two(c.minute))")
    }
}
