import ArgumentParser
import Foundation
import HealthCareX12
import WebApp
import X12

struct X12Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x12",
        abstract: "Read and validate HIPAA 5010 X12 files (837P, 837I, 835, 999, 277CA, 270/271, 276/277, 278).",
        subcommands: [Validate.self, Print.self]
    )

    /// Reads the file, or exits 2 with the reason.
    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            say("error: cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }

    static func validate(_ data: Data, onSegment: ((Segment, TransactionWalker.Placement?) -> Void)? = nil) throws -> ValidationReport {
        do {
            return try HealthCareValidation.validate(data, onSegment: onSegment)
        } catch {
            say("error: the built-in implementation guides do not compile: \(error)")
            throw ExitCode.failure
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a file against the implementation guides. Exit 0 valid, 1 invalid, 2 not X12 or unreadable.")
        @Argument(help: "The X12 file.") var file: String
        @Option(help: "Write the 999 (and a TA1 when the interchange envelope is in error) to this file.") var ack: String?
        @Option(help: "Interchange control number of the acknowledgment.") var controlNumber = 1
        @Flag(help: "Print the findings as JSON.") var json = false

        func run() throws {
            let data = try X12Command.read(file)
            let started = Date()
            let report = try X12Command.validate(data)
            let seconds = Date().timeIntervalSince(started)
            var acknowledgment: String?
            if ack != nil || json, report.isX12 {
                acknowledgment = Acknowledgment.interchange(for: report, envelope: .at(Date(), controlNumber: controlNumber))
            }
            if let ack, let acknowledgment {
                do { try Data(acknowledgment.utf8).write(to: URL(fileURLWithPath: ack)) } catch {
                    say("error: cannot write \(ack): \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(ValidationSummary(report, acknowledgment: acknowledgment)), as: UTF8.self))
            } else {
                for t in report.transactions {
                    print("\(t.id) \(t.controlNumber) \(t.version): \(t.guide == nil ? "no guide" : t.isAccepted ? "accepted" : "rejected, \(t.findings.count) error\(t.findings.count == 1 ? "" : "s")")")
                }
                for f in report.findings { print("  \(f) [\(f.level.rawValue) \(f.code)]") }
                let rate = seconds > 0 ? Double(data.count) / 1_048_576 / seconds : 0
                say("\(file): \(report.isValid ? "valid" : report.isX12 ? "invalid" : "not X12"); \(report.segmentCount) segments, \(report.transactions.count) transaction sets, \(report.findings.count) findings in \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", rate)) MB/s)"
                    + (ack.map { "; acknowledgment written to \($0)" } ?? ""))
            }
            if !report.isX12 { throw ExitCode(2) }
            if !report.isValid { throw ExitCode(1) }
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a file one segment per line, indented by envelope and loop, with loop and segment names.")
        @Argument(help: "The X12 file.") var file: String

        func run() throws {
            let data = try X12Command.read(file)
            let dictionary = try? HealthCareGuides.dictionary()
            var depth = 0
            var out = ""
            let report = try X12Command.validate(data) { segment, placement in
                let separator = "*"
                let text = ([segment.id] + segment.elements).joined(separator: separator)
                switch segment.id {
                case "ISA": depth = 0
                case "GS": depth = 1
                case "ST": depth = 2
                case "GE": depth = 1
                case "IEA": depth = 0
                default: break
                }
                var indent = depth + (placement?.depth ?? 0)
                if let placement, placement.opensLoop, let loop = placement.loop {
                    out += String(repeating: "  ", count: indent - 1) + "Loop \(loop.id) \(loop.name)\n"
                }
                if segment.id == "GE" || segment.id == "IEA" { indent = depth }
                let name = placement?.node?.definition.name ?? dictionary?.segments[segment.id]?.name ?? ""
                out += String(repeating: "  ", count: indent) + text + (name.isEmpty ? "" : "    # \(name)") + "\n"
                if segment.id == "GS" || segment.id == "ST" { depth += 1 }
                if segment.id == "SE" { depth = 2 }
                if out.utf8.count > 1 << 16 { Swift.print(out, terminator: ""); out = "" }
            }
            Swift.print(out, terminator: "")
            if !report.isX12 {
                say("error: \(report.findings.first.map(String.init(describing:)) ?? "not X12")")
                throw ExitCode(2)
            }
        }
    }
}
