import Foundation
import HealthCareX12
import X12
import XCTest

/// Validation without `onSegment` reads each chunk's segments as one batch of views (no `Segment` per segment); it
/// must judge every file exactly as the per-segment path, whose findings the golden, public and pyx12 tests check.
final class BatchPathTests: XCTestCase {
    func testBatchAndPerSegmentPathsFindTheSameOnEverySharedFile() throws {
        let guides = try HealthCareGuides.all(), envelope = try HealthCareGuides.envelope()
        var files = 0, findings = 0
        for url in try GuideTests.files("golden") + GuideTests.files("public") {
            let bytes = Array(try Data(contentsOf: url))
            // Chunks of 7 bytes split almost every segment across chunks; 64 KB is the default.
            for chunkSize in [7, 1 << 16] {
                var placed = 0
                let perSegment = X12Validator.validate(bytes, guides: guides, envelope: envelope, chunkSize: chunkSize) { _, p in
                    if p != nil { placed += 1 }
                }
                let batch = X12Validator.validate(bytes, guides: guides, envelope: envelope, chunkSize: chunkSize)
                let name = "\(url.lastPathComponent), chunks of \(chunkSize)"
                XCTAssertEqual(batch.findings, perSegment.findings, name)
                XCTAssertEqual(batch.isValid, perSegment.isValid, name)
                XCTAssertEqual(batch.segmentCount, perSegment.segmentCount, name)
                XCTAssertEqual(batch.transactions.map(\.guide), perSegment.transactions.map(\.guide), name)
                findings += batch.findings.count
            }
            files += 1
        }
        // The public files include invalid ones: the comparison has findings to compare.
        XCTAssertGreaterThan(files, 100)
        XCTAssertGreaterThan(findings, 1000)
    }

    /// A batch gives the same segments as `feed`, with their places, and `EnvelopeChecker` the same errors.
    func testBatchSegmentsAreTheSegmentsFeedGives() throws {
        let text = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261130*1200*^*00501*000000001*0*T*:~\n"
            + "GS*HC*A*B*20261130*1200*1*X*005010X222A1~\nST*837*0001*005010X222A1~\r\n BHT*0019*00*1*20261130*1200*CH~\nSE*3*0002~\nGE*1*1~\nIEA*2*000000001~\n"
        var a = Tokenizer(), b = Tokenizer()
        var fed: [Segment] = [], batched: [Segment] = []
        var checkA = EnvelopeChecker(), checkB = EnvelopeChecker()
        for chunk in Array(text.utf8).chunked(5) {
            let segments = try a.feed(chunk)
            segments.forEach { checkA.consume($0) }
            fed += segments
            let batch = try b.feedBatch(chunk)
            checkB.consume(batch)
            batched += batch
        }
        checkA.finish(); checkB.finish()
        XCTAssertEqual(batched, fed)
        XCTAssertEqual(batched.map(\.index), Array(1...7))
        XCTAssertEqual(batched[3].flaws, fed[3].flaws)
        XCTAssertFalse(batched[3].flaws.isEmpty, "BHT starts with a space")
        XCTAssertEqual(checkB.errors, checkA.errors)
        XCTAssertEqual(checkB.errors.count, 2, "SE02 and IEA01 are wrong")
    }
}

private extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
