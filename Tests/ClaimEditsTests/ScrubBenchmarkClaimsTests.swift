@testable import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import XCTest

/// The claims `revcycle bench scrub` generates, and the Python reference it is checked against
/// (Benchmarks/scrub_reference.py): both must find the same NCCI edits on the same claims.
final class ScrubBenchmarkClaimsTests: XCTestCase {
    var directory: URL!
    var ptpFile: URL { directory.appendingPathComponent("ccipra-synthetic.txt") }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scrub-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// A generated PTP table of 100,000 pairs, the shared MUE tables and a scrubber with both.
    func setting() throws -> (scrubber: Scrubber, sources: ScrubBenchmarkClaims.Sources) {
        let library = try ScrubberTests.library.get()
        try PTPFileGenerator.write(pairs: 100_000, seed: 3, to: ptpFile)
        let ptp = try PTPTables.load(directory: directory)
        let mue = try XCTUnwrap(try MUETables.load(codeSets: SharedFiles.codesets), "no ncci/mue in the code sets")
        let scrubber = Scrubber(library: library, ptp: ptp, mue: mue)
        let sources = ScrubBenchmarkClaims.Sources(ptp: try XCTUnwrap(ptp.practitioner),
                                                   mue: try XCTUnwrap(mue.table(for: .professional, on: ScrubBenchmarkClaims.firstDate)),
                                                   diagnoses: ScrubBenchmarkClaims.billableDiagnoses(library))
        return (scrubber, sources)
    }

    func testTheSameSeedGivesTheSameClaimsAndTheyTripTheNCCIEdits() throws {
        let (scrubber, sources) = try setting()
        let claims = ScrubBenchmarkClaims.generate(count: 2_000, seed: 11, from: sources)
        XCTAssertEqual(claims, ScrubBenchmarkClaims.generate(count: 2_000, seed: 11, from: sources))
        XCTAssertNotEqual(claims, ScrubBenchmarkClaims.generate(count: 2_000, seed: 12, from: sources))

        for claim in claims {
            XCTAssertTrue((1...6).contains(claim.lines.count), "\(claim.id): \(claim.lines.count) lines")
            XCTAssertTrue((1...4).contains(claim.diagnoses.count), "\(claim.id): \(claim.diagnoses.count) diagnoses")
            for line in claim.lines {
                XCTAssertTrue((ScrubBenchmarkClaims.firstDate...ScrubBenchmarkClaims.lastDate).contains(line.serviceDate), "\(line.serviceDate)")
            }
        }
        let edits = claims.flatMap(scrubber.scrub)
        let counts = Dictionary(grouping: edits, by: \.id).mapValues(\.count)
        // A fair share of claims meet a pair and a limit; the modifier rule on E/M comes up too.
        XCTAssertGreaterThan(counts["ncci-ptp", default: 0], claims.count / 20, "\(counts)")
        XCTAssertGreaterThan(counts["ncci-mue", default: 0], claims.count / 20, "\(counts)")
        XCTAssertGreaterThan(counts["ncci-modifier-on-em", default: 0], 0, "\(counts)")
        // Real, billable diagnoses in force on the dates: the code-validity edits have nothing to say about them.
        XCTAssertEqual(edits.filter { ["dx-unknown", "dx-not-billable", "dx-not-valid-on-date"].contains($0.id) }, [])
        XCTAssertEqual(edits.filter { $0.id.hasPrefix("pointer-") || $0.id == "npi-invalid" }, [])
    }

    func testThePythonReferenceFindsTheSameEditsAsTheScrubber() throws {
        guard let python = Self.python3() else { throw XCTSkip("python3 is not on this machine: the reference cannot run") }
        let (scrubber, sources) = try setting()
        let claims = ScrubBenchmarkClaims.generate(count: 3_000, seed: 5, from: sources)
        let claimsFile = directory.appendingPathComponent("claims.jsonl")
        try Data(claims.map(ScrubBenchmarkClaims.jsonLine).joined(separator: "\n").utf8).write(to: claimsFile)
        let editsFile = directory.appendingPathComponent("edits.tsv")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/scrub_reference.py")

        let (status, output) = try Subprocess.run(URL(fileURLWithPath: python), [
            script.path, "--ptp", ptpFile.path, "--mue", SharedFiles.codesets.appendingPathComponent("ncci/mue").path,
            "--claims", claimsFile.path, "--edits", editsFile.path])
        XCTAssertEqual(status, 0)
        let answer = try XCTUnwrap(JSONSerialization.jsonObject(with: output) as? [String: Any])
        let pythonCounts = try XCTUnwrap(answer["counts"] as? [String: Int])

        var swiftLines: [String] = []
        var swiftCounts: [String: Int] = [:]
        for claim in claims {
            for edit in scrubber.ncciEdits(claim) {
                swiftCounts[edit.id, default: 0] += 1
                swiftLines.append("\(claim.id)\t\(edit.id)\t\(edit.lines.map(String.init).joined(separator: ","))\t\(edit.codes.joined(separator: ","))")
            }
        }
        XCTAssertEqual(pythonCounts, swiftCounts)
        XCTAssertGreaterThan(swiftCounts["ncci-ptp", default: 0], 0)
        let pythonLines = try String(contentsOf: editsFile, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(pythonLines.sorted(), swiftLines.sorted(), "each claim's edits: lines and codes")
        // The NCCI edits are all of Scrubber.scrub's edits with those ids.
        XCTAssertEqual(claims.flatMap(scrubber.scrub).filter { $0.id.hasPrefix("ncci-") }.count, swiftLines.count)
    }

    func testAClaimIsOneLineOfJSON() throws {
        let claim = ScrubClaim(id: "A\"1", kind: .professional, diagnoses: ["I10"],
                               lines: [ScrubClaim.Line(number: 1, procedure: "99213", modifiers: ["25"], units: 2, serviceDate: ScrubBenchmarkClaims.firstDate,
                                                       diagnosisPointers: [1], renderingNPI: "1987654328")],
                               npis: [ScrubClaim.NamedNPI(role: "rendering provider", npi: "1234567893")])
        let line = ScrubBenchmarkClaims.jsonLine(claim)
        XCTAssertFalse(line.contains("\n"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["id"] as? String, "A\"1")
        XCTAssertEqual(object["renderer"] as? String, "1234567893")
        let first = try XCTUnwrap((object["lines"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["code"] as? String, "99213")
        XCTAssertEqual(first["units"] as? Int, 2)
        XCTAssertEqual(first["date"] as? String, "2026-04-02")
        XCTAssertEqual(first["renderer"] as? String, "1987654328")
        XCTAssertEqual(first["modifiers"] as? [String], ["25"])
    }

    static func python3() -> String? {
        for path in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(path)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
