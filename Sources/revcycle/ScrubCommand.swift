import ArgumentParser
import ClaimEdits
import CodeSets
import Foundation
import HealthCareX12

/// `revcycle scrub FILE.837`: the claim edits on any 837P or 837I, made by Revcycle or not.
struct ScrubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrub",
        abstract: "Run the claim edits on an 837P or 837I file. Exit 0 when no claim has an error or hold, 1 when one has, 2 when the file is not an 837.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The 837 file.") var file: String
    @Flag(help: "Print the edits as JSON: [{claimId, edits: [{id, severity, lines, codes, message, source, resolution}]}].") var json = false
    @Option(name: .customLong("date-of-service-override"), help: "Judge every line as if given on this date (YYYY-MM-DD), e.g. to replay an old file against today's rules.")
    var dateOfService: String?

    struct ClaimResult: Encodable {
        var claimId: String
        var edits: [ClaimEdit]
    }

    func run() async throws {
        let override = try dateOfService.map { text in
            guard let date = ServiceDate(iso: text) else { throw ValidationError("--date-of-service-override expects YYYY-MM-DD; got \(text)") }
            return date
        }
        let (report, document) = try X12Command.read(document: X12Command.read(file))
        let batches: [ClaimTransaction] = ParsedFile(report: report, document: document).transactions.compactMap {
            if case .claims(let batch) = $0 { batch } else { nil }
        }
        guard !batches.isEmpty else {
            say("error: \(file) has no 837 claim transaction")
            throw ExitCode(2)
        }
        if !report.isValid { say("note: the file has \(report.findings.count) X12 findings (`revcycle x12 validate` lists them); scrubbing the claims that read") }
        let config = try common.configuration()
        let scrubber = try await failing {
            let (scrubber, summary) = try Scrubber.load(library: try await CodeCommand.library(config), codeSets: config.codesetsDirectory,
                                                        ptpDirectory: config.ncciPTPDirectory, payerRulesDirectory: config.payerRulesDirectory)
            say("claim edits: \(summary)")
            return scrubber
        }
        var claims: [ScrubClaim] = []
        for batch in batches {
            // A line without a readable date is judged on the day the batch was made (BHT04), and so is timely filing.
            guard let made = ServiceDate(compact: batch.createdDate) else {
                say("error: BHT04 '\(batch.createdDate)' of transaction set \(batch.controlNumber) is not a date (CCYYMMDD)")
                throw ExitCode(2)
            }
            for claim in batch.claims {
                var scrubClaim = ScrubClaim(claim, kind: batch.kind == "institutional" ? .institutional : .professional, fallbackDate: override ?? made,
                                            filingDate: override == nil ? made : nil)
                if let override { for i in scrubClaim.lines.indices { scrubClaim.lines[i].serviceDate = override } }
                claims.append(scrubClaim)
            }
        }
        // The file's claims are each other's history: the same service twice in one file is a duplicate.
        let byPatient = Dictionary(grouping: claims) { $0.patientKey ?? "" }
        let results = claims.map { ClaimResult(claimId: $0.id, edits: scrubber.scrub($0, others: $0.patientKey.map { byPatient[$0] ?? [] } ?? [])) }
        if json {
            print(try X12Command.json(results))
        } else {
            for result in results {
                print("claim \(result.claimId): " + (result.edits.isEmpty ? "no edits" : "\(result.edits.count) edit\(result.edits.count == 1 ? "" : "s")"))
                for edit in result.edits { print("  \(edit)") }
            }
        }
        let withErrors = results.filter { $0.edits.contains { $0.severity.blocksSubmission } }.count
        say("\(results.count) claim\(results.count == 1 ? "" : "s") scrubbed, \(withErrors) with errors or holds")
        if withErrors > 0 { throw ExitCode.failure }
    }
}
