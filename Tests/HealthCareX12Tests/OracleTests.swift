import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// Agreement with pyx12 (../shared/tools/pyx12_oracle.py), the reference validator, on every real-world file it can
/// judge, and pyx12's verdict on the 999s we write.
final class OracleTests: XCTestCase {
    /// Files where our first error is knowingly not pyx12's, and why.
    static let knownFirstErrorDifferences = [
        "sample_services.txt": "pyx12's 835 map marks ST03 not used; the 835 guide has it (Revcycle accepts it)",
        "x12_277CA_accepted.txt": "pyx12 requires the 2200C provider-level STC; the 277CA guide makes it situational and real payers leave it out",
        "x12_loop_errors3_missing_loops.txt": "2010AA, 2010AB and 2010AC share one position, so a missing 2010AA is reported when the group ends, not at the 2010AB that follows",
    ]

    override func setUpWithError() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
    }

    func testVerdictAgreesWithPyx12OnEveryFileItJudges() throws {
        var judged = 0
        var disagreements: [String] = []
        var beyondPyx12: [String] = []
        var firstErrors: [String: String] = [:]
        let files = try GuideTests.files("public") + GuideTests.files("golden")
        // Files are judged two at a time: pyx12 starts slowly.
        let candidates = try files.filter { url in
            let report = SyntaxReport.check(try Data(contentsOf: url))
            return report.transactions.contains { Pyx12.judgedVersions.contains($0.version) }
        }
        let verdicts = ConcurrentResults<Pyx12.Verdict>(count: candidates.count)
        DispatchQueue.concurrentPerform(iterations: candidates.count) { i in
            verdicts[i] = (try? Pyx12.verdict(candidates[i])) ?? nil
        }
        for (i, url) in candidates.enumerated() {
            guard let theirs = verdicts[i] else { continue }
            judged += 1
            let ours = try HealthCareValidation.validate(try Data(contentsOf: url))
            // The rules beyond syntax (balancing, NPI) are ours alone: they are listed, not compared.
            let rules = Set(try HealthCareValidation.read(try Data(contentsOf: url)).report.findings.compactMap(\.rule))
            if !rules.isEmpty { beyondPyx12.append("\(url.lastPathComponent): \(rules.sorted().joined(separator: ", "))") }
            let ourFirst = ours.findings.filter { $0.level == .segment || $0.level == .element }.map(\.segmentIndex).min()
            if ourFirst != theirs.firstSegmentError {
                firstErrors[url.lastPathComponent] = "pyx12 first at segment \(theirs.firstSegmentError.map(String.init) ?? "none"), ours at \(ourFirst.map(String.init) ?? "none")"
            }
            if ours.isValid != theirs.valid {
                disagreements.append("\(url.lastPathComponent): pyx12 says \(theirs.valid ? "valid" : "invalid (\(theirs.errors.first ?? ""))"), we say \(ours.isValid ? "valid" : "invalid (\(ours.findings.first.map(String.init(describing:)) ?? ""))")")
            }
        }
        print("Rules pyx12 does not check found errors in \(beyondPyx12.count) of \(judged) files:\n  " + beyondPyx12.joined(separator: "\n  "))
        XCTAssertGreaterThan(judged, 40, "pyx12 judged too few files")
        XCTAssertEqual(disagreements, [], "\(disagreements.count) of \(judged) verdicts differ")
        // Our first error is at pyx12's segment, except where the difference is known and explained.
        XCTAssertEqual(Set(firstErrors.keys), Set(Self.knownFirstErrorDifferences.keys),
                       firstErrors.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "\n"))
        print("First error at the same segment as pyx12 in \(judged - firstErrors.count) of \(judged) files; known differences:\n  "
              + Self.knownFirstErrorDifferences.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "\n  "))
    }

    func testPyx12AcceptsThe999sWeWrite() throws {
        let guides = try HealthCareGuides.all()
        let envelope = AcknowledgmentEnvelope(date: "20261130", time: "0300", interchangeControlNumber: 7, groupControlNumber: 7)
        var inputs = try GuideTests.files("golden").filter { $0.lastPathComponent.hasPrefix("837") || $0.lastPathComponent.hasPrefix("835") }
        inputs = Array(inputs.prefix(3))
        // A rejected claim too: its 999 carries IK3, IK4 and IK5*R.
        let claim = try XCTUnwrap(inputs.first { $0.lastPathComponent.hasPrefix("837P") })
        let broken = String(decoding: try Data(contentsOf: claim), as: UTF8.self).replacingOccurrences(of: "*11:B:1*", with: "*11:X:1*")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-999-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var reports = try inputs.map { X12Validator.validate(try Data(contentsOf: $0), guides: guides) }
        reports.append(X12Validator.validate(Array(broken.utf8), guides: guides))
        XCTAssertFalse(reports.last!.isValid)
        for (n, report) in reports.enumerated() {
            let ack = Acknowledgment.interchange(for: report, envelope: envelope)
            let file = directory.appendingPathComponent("ack\(n).999")
            try Data(ack.utf8).write(to: file)
            let verdict = try XCTUnwrap(try Pyx12.verdict(file), "pyx12 could not read:\n\(ack)")
            XCTAssertTrue(verdict.valid, "\(verdict.errors)\n\(ack)")
            // And our own 999 guide agrees.
            XCTAssertTrue(X12Validator.validate(Array(ack.utf8), guides: guides).isValid, ack)
        }
    }
}

/// Results filled in by concurrent workers, one slot each.
final class ConcurrentResults<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    subscript(i: Int) -> T? {
        get { lock.withLock { values[i] ?? nil } }
        set { lock.withLock { values[i] = newValue } }
    }
}
