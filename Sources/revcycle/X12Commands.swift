import ArgumentParser
import Foundation
import HealthCareX12
import WebApp
import X12

struct X12Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x12",
        abstract: "Read and validate HIPAA 5010 X12 files (837P, 837I, 835, 999, 277CA, 270/271, 276/277, 278).",
        subcommands: [Validate.self, Parse.self, Roundtrip.self, Print.self]
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

    /// Reads the file into its loops and validates it, rules beyond syntax included; exits 2 when it is not X12.
    static func read(document data: Data) throws -> (report: ValidationReport, document: X12Document) {
        let result: (report: ValidationReport, document: X12Document?)
        do { result = try HealthCareValidation.read(data) } catch {
            say("error: the built-in implementation guides do not compile: \(error)")
            throw ExitCode.failure
        }
        guard let document = result.document, result.report.isX12 else {
            say("error: not X12: \(result.report.findings.first.map(String.init(describing:)) ?? "no ISA")")
            throw ExitCode(2)
        }
        return (result.report, document)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
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
            let result: (report: ValidationReport, document: X12Document?)
            do { result = try HealthCareValidation.read(data) } catch {
                say("error: the built-in implementation guides do not compile: \(error)")
                throw ExitCode.failure
            }
            let report = result.report
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
                print(try X12Command.json(ValidationSummary(report, acknowledgment: acknowledgment)))
            } else {
                for t in report.transactions {
                    print("\(t.id) \(t.controlNumber) \(t.version): \(t.guide == nil ? "no guide" : t.isAccepted ? "accepted" : "rejected, \(t.findings.count) error\(t.findings.count == 1 ? "" : "s")")")
                }
                for f in report.findings { print("  \(f) [\(f.rule ?? "\(f.level.rawValue) \(f.code)")]") }
                let rate = seconds > 0 ? Double(data.count) / 1_048_576 / seconds : 0
                say("\(file): \(report.isValid ? "valid" : report.isX12 ? "invalid" : "not X12"); \(report.segmentCount) segments, \(report.transactions.count) transaction sets, \(report.findings.count) findings in \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", rate)) MB/s)"
                    + (ack.map { "; acknowledgment written to \($0)" } ?? ""))
            }
            if !report.isX12 { throw ExitCode(2) }
            if !report.isValid { throw ExitCode(1) }
        }
    }

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a file into typed transactions: claims (837P, 837I), remittance (835), acknowledgments (277CA), eligibility (270/271), claim status (276/277), review (278); other transaction sets as loops.")
        @Argument(help: "The X12 file.") var file: String
        @Flag(help: "Print JSON (the only format for now).") var json = false

        func run() throws {
            let (report, document) = try X12Command.read(document: try X12Command.read(file))
            print(try X12Command.json(ParsedFile(report: report, document: document)))
            if !report.isValid { say("\(file): \(report.findings.count) findings; run x12 validate for them") }
        }
    }

    struct Roundtrip: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a file and write it back: from its loops, one segment per line, checking the segments come back identical; or, with --typed, from its typed model through Revcycle's writer, checking the result is valid and reads back into the same model.")
        @Argument(help: "The X12 file.") var file: String
        @Option(name: .shortAndLong, help: "Where to write the result.") var output: String
        @Flag(help: "Write the typed model (claims, remittance, acknowledgment, eligibility, claim status, review) with Revcycle's writer.") var typed = false

        func run() throws {
            let data = try X12Command.read(file)
            if typed { return try runTyped(data) }
            let (report, document) = try X12Command.read(document: data)
            let text = X12Writer.write(document)
            try write(text)
            // Line breaks between segments are not content; everything else must come back byte for byte.
            func content(_ bytes: some Sequence<UInt8>) -> [UInt8] { bytes.filter { $0 != 0x0A && $0 != 0x0D } }
            var original = Array(data)
            if original.starts(with: [0xEF, 0xBB, 0xBF]) { original.removeFirst(3) }
            let same = content(original) == content(text.utf8)
            say("\(file): \(report.segmentCount) segments written to \(output); \(same ? "identical to the input (line breaks aside)" : "DIFFERENT from the input")")
            if !same { throw ExitCode.failure }
        }

        private func runTyped(_ data: Data) throws {
            let result: TypedRoundtrip
            do { result = try TypedRoundtrip.run(data) } catch let failure as TypedRoundtrip.Failure {
                say("error: \(file): \(failure)")
                throw ExitCode(2)
            }
            try write(result.text)
            let verdict = result.report.isValid ? "valid" : "INVALID (\(result.report.findings.count) findings; run x12 validate on it)"
            say("\(file): the typed model written to \(output) (\(result.report.segmentCount) segments), \(verdict); "
                + (result.readsBackEqual ? "it reads back into the same model" : "it reads back into a DIFFERENT model"))
            if !result.report.isValid || !result.readsBackEqual { throw ExitCode.failure }
        }

        private func write(_ text: String) throws {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                say("error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(2)
            }
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
