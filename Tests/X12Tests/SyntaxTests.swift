import Foundation
@testable import X12
import XCTest

final class SyntaxTests: XCTestCase {
    static let x12Directory: URL = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/x12")
    }()

    func files(_ folder: String) throws -> [URL] {
        let dir = Self.x12Directory.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else {
            throw XCTSkip("no X12 samples at \(dir.path)")
        }
        let urls = walker.compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath && !["md", "tsv"].contains($0.pathExtension.lowercased()) }
        if urls.isEmpty { throw XCTSkip("no X12 samples at \(dir.path)") }
        return urls.sorted { $0.path < $1.path }
    }

    func testEveryGoldenFileReadsWithCleanEnvelopes() throws {
        for url in try files("golden") {
            let data = try Data(contentsOf: url)
            let report = SyntaxReport.check(data)
            XCTAssertTrue(report.isValid, "\(url.lastPathComponent): \(report.errors.first.map(String.init(describing:)) ?? "")")
            XCTAssertFalse(report.transactions.isEmpty, url.lastPathComponent)
            // Reading in tiny chunks gives the same answer as in one piece.
            let small = SyntaxReport.check(data, chunkSize: 7)
            XCTAssertEqual(small.segmentCount, report.segmentCount, url.lastPathComponent)
            XCTAssertEqual(small.transactions, report.transactions, url.lastPathComponent)
        }
    }

    func testEveryPublicFileReadsOrIsRejectedWithAPlace() throws {
        var rejected = 0
        for url in try files("public") {
            let report = SyntaxReport.check(try Data(contentsOf: url))
            for e in report.errors {
                XCTAssertGreaterThanOrEqual(e.line, 1, url.lastPathComponent)
                XCTAssertFalse(e.message.isEmpty)
            }
            if !report.isValid { rejected += 1 }
        }
        XCTAssertGreaterThan(rejected, 0, "the public samples include malformed files")
    }

    let good = """
    ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *261129*1200*^*00501*000000001*0*T*:~
    GS*HC*SUBMITTER*RECEIVER*20261129*1200*1*X*005010X222A1~
    ST*837*0001*005010X222A1~
    BHT*0019*00*1*20261129*1200*CH~
    SE*3*0001~
    GE*1*1~
    IEA*1*000000001~

    """

    func testPackedEnvelopeCodesAreThePackedIds() {
        let expected = ["ISA": SegmentCode.isa, "IEA": SegmentCode.iea, "GS": SegmentCode.gs, "GE": SegmentCode.ge,
                        "ST": SegmentCode.st, "SE": SegmentCode.se, "HL": SegmentCode.hl]
        for (id, code) in expected { XCTAssertEqual(Segment.pack(id), code, id) }
    }

    func testDelimitersSegmentsAndPlaces() {
        let report = SyntaxReport.check(Array(good.utf8))
        XCTAssertTrue(report.isValid, "\(report.errors)")
        XCTAssertEqual(report.delimiters, Delimiters(element: UInt8(ascii: "*"), component: UInt8(ascii: ":"), repetition: UInt8(ascii: "^"), segment: UInt8(ascii: "~")))
        XCTAssertEqual(report.segmentCount, 7)
        XCTAssertEqual(report.transactions, [.init(id: "837", controlNumber: "0001", version: "005010X222A1", firstSegment: 3, segmentCount: 3)])
    }

    func testWrongCountsAndControlNumbersAreFoundWithTheirPlace() {
        let bad = good.replacingOccurrences(of: "SE*3*0001", with: "SE*4*0002").replacingOccurrences(of: "IEA*1*000000001", with: "IEA*2*000000009")
        let report = SyntaxReport.check(Array(bad.utf8))
        let messages = report.errors.map(\.description)
        XCTAssertEqual(report.errors.count, 4, "\(messages)")
        XCTAssertEqual(report.errors.first?.segmentIndex, 5)
        XCTAssertEqual(report.errors.first?.segmentID, "SE")
        XCTAssertEqual(report.errors.first?.element, 1)
        XCTAssertEqual(report.errors.first?.line, 5)
        XCTAssertTrue(messages[1].contains("SE02 '0002' does not match ST02 '0001'"), "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("IEA02") })
    }

    func testTruncatedAndNonX12Input() {
        let truncated = SyntaxReport.check(Array(good.utf8.prefix(good.utf8.count - 12)))
        XCTAssertTrue(truncated.errors.contains { $0.message.contains("ends inside a segment") }, "\(truncated.errors)")
        XCTAssertTrue(truncated.errors.contains { $0.message.contains("no IEA") }, "\(truncated.errors)")
        XCTAssertTrue(SyntaxReport.check(Array("code,title\nA00,Cholera\n".utf8)).errors.first?.message.hasPrefix("not an X12 interchange") ?? false)
        XCTAssertTrue(SyntaxReport.check([UInt8]()).errors.first?.message.contains("empty") ?? false)
        // ISA02 two characters short: the separators no longer stand where the fixed-width ISA puts them.
        let shifted = "ISA*00*        *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *261129*1200*^*00501*000000001*0*T*:~GS*HC*A*B~"
        XCTAssertTrue(SyntaxReport.check(Array(shifted.utf8)).errors.first?.message.contains("fixed-width") ?? false)
    }

    func testControlCharacterDelimiters() {
        // The same interchange with 0x1D as component separator and 0x1C as segment terminator.
        let bytes = Array(good.utf8).map { $0 == UInt8(ascii: ":") ? 0x1D : $0 == UInt8(ascii: "~") ? 0x1C : $0 }
        let report = SyntaxReport.check(bytes)
        XCTAssertTrue(report.isValid, "\(report.errors)")
        XCTAssertEqual(report.delimiters?.component, 0x1D)
        XCTAssertEqual(report.segmentCount, 7)
    }

    /// Segments of the common form are read in one pass, the others (a line break before the terminator, a stray
    /// control character, a leading space, a trailing separator, a bad id) the careful way: either way, and however the
    /// bytes are split into chunks, each segment has its elements, line, offset and flaws.
    func testUnusualSegmentsAmongPlainOnesReadAlikeInAnyChunks() throws {
        let isa = String(good.prefix(106))
        let rest = "\nGS*HC*A~\nNM1*85*2\r\n~REF*EI*1\u{1D}2~\n N3*X~\nN4*A*~\n1AB*X~SE*1*2~\n"
        let bytes = Array((isa + rest).utf8)
        var whole = Tokenizer()
        let segments = try whole.feed(bytes)
        try whole.finish()
        XCTAssertEqual(segments.map(\.id), ["ISA", "GS", "NM1", "REF", "N3", "N4", "1AB", "SE"])
        XCTAssertEqual(segments[2].elements, ["85", "2"], "the line break before the terminator is not part of NM102")
        XCTAssertEqual(segments[3].elements, ["EI", "1\u{1D}2"])
        XCTAssertEqual(segments.map(\.line), [1, 2, 3, 4, 5, 6, 7, 7])
        for (s, id) in zip(segments.dropFirst(), ["GS*", "NM1*", "REF*", "N3*", "N4*", "1AB*", "SE*"]) {
            let at = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: Array(id.utf8)) })
            XCTAssertEqual(s.offset, at, id)
        }
        XCTAssertEqual(segments.map { $0.flaws.map(\.code) }, [[], [], [], ["6"], ["1"], ["8"], ["1"], []])
        XCTAssertEqual(segments[3].flaws.first?.element, 2)
        // The message of a bad id quotes the bytes that follow it as far as they have been read: codes and places are
        // compared.
        func described(_ s: Segment) -> String {
            "\(s.index) \(s.id) \(s.elements) line \(s.line) offset \(s.offset) \(s.flaws.map { "\($0.code)/\($0.element ?? 0)" })"
        }
        for size in 1...24 {
            var tokenizer = Tokenizer()
            var read: [Segment] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                read += try tokenizer.feedBatch(bytes[start..<min(start + size, bytes.count)])
            }
            try tokenizer.finish()
            XCTAssertEqual(read.map(described), segments.map(described), "chunks of \(size)")
        }
    }

    func testGarbageNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        let header = Array(good.utf8.prefix(106))
        for _ in 0..<300 {
            let length = Int.random(in: 0..<600, using: &rng)
            var bytes = Bool.random(using: &rng) ? header : []
            bytes += (0..<length).map { _ in [UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ":"), 0x0A, 0x41, 0x53, 0x45, 0x31, 0x00, 0xFF].randomElement(using: &rng)! }
            let report = SyntaxReport.check(bytes, chunkSize: Int.random(in: 1...64, using: &rng))
            _ = report.errors.map(\.description)
        }
    }
}
