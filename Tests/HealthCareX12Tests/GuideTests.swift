import CodeSets
import Foundation
import HealthCareX12
import X12
import XCTest

final class GuideTests: XCTestCase {
    static let x12Directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/x12")

    /// Every sample file under ../shared/x12/<folder>, recursively.
    static func files(_ folder: String) throws -> [URL] {
        let dir = Self.x12Directory.appendingPathComponent(folder)
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        let urls = (walker?.compactMap { $0 as? URL } ?? [])
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true && !["md", "tsv"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
        if urls.isEmpty { throw XCTSkip("no X12 samples at \(dir.path)") }
        return urls
    }

    func testEveryGuideCompiles() throws {
        let guides = try HealthCareGuides.compileAll()
        XCTAssertEqual(guides.count, 12)
    }

    func testEveryGoldenFileValidatesClean() throws {
        let guides = try HealthCareGuides.all()
        for url in try Self.files("golden") where !url.lastPathComponent.hasPrefix("834") {
            let report = X12Validator.validate(try Data(contentsOf: url), guides: guides, envelope: try HealthCareGuides.envelope())
            XCTAssertTrue(report.isValid, "\(url.lastPathComponent):\n" + report.findings.prefix(15).map(String.init(describing:)).joined(separator: "\n"))
        }
    }

    /// HL01 must count 1, 2, 3...; HL02 must name an HL01 seen before. Once the numbering breaks, the parents are
    /// checked against the values actually given.
    func testHierarchicalNumbersAndParents() throws {
        let url = Self.x12Directory.appendingPathComponent("golden/837P_lfh_demo.example1.x12")
        let text = try String(contentsOf: url, encoding: .utf8)
        func hierarchyFindings(_ replacements: [(String, String)]) throws -> [String] {
            var changed = text
            for (from, to) in replacements { changed = changed.replacingOccurrences(of: from, with: to) }
            let report = X12Validator.validate(Array(changed.utf8), guides: try HealthCareGuides.all())
            return report.findings.filter { $0.segmentID == "HL" }.map { "HL\($0.element ?? 0) \($0.code) \($0.value ?? "")" }
        }
        XCTAssertEqual(try hierarchyFindings([]), [])
        // A parent that is the HL itself, or one that comes later, is not an earlier HL01.
        XCTAssertEqual(try hierarchyFindings([("HL*3*2*23*0", "HL*3*3*23*0")]), ["HL2 I12 3"])
        XCTAssertEqual(try hierarchyFindings([("HL*2*1*22*1", "HL*2*3*22*1")]), ["HL2 I12 3"])
        // HL 2 numbered 5: reported, and then 5 is a parent that exists while 2 is not.
        XCTAssertEqual(try hierarchyFindings([("HL*2*1*22*1", "HL*5*1*22*1")]), ["HL1 I12 5", "HL2 I12 2"])
        XCTAssertEqual(try hierarchyFindings([("HL*2*1*22*1", "HL*5*1*22*1"), ("HL*3*2*23*0", "HL*3*5*23*0")]), ["HL1 I12 5"])
        // A leading zero is not the same number.
        XCTAssertEqual(try hierarchyFindings([("HL*3*2*23*0", "HL*3*02*23*0")]), ["HL2 I12 02"])
    }

    func testEveryPublicFileIsJudgedWithPlaces() throws {
        let guides = try HealthCareGuides.all()
        var judged = 0
        for url in try Self.files("public") {
            let data = try Data(contentsOf: url)
            let report = X12Validator.validate(data, guides: guides)
            for f in report.findings {
                XCTAssertGreaterThanOrEqual(f.line, 1, "\(url.lastPathComponent): \(f)")
                XCTAssertFalse(f.message.isEmpty, url.lastPathComponent)
            }
            if report.transactions.contains(where: { $0.guide != nil }) { judged += 1 }
            // Reading in small chunks gives the same verdict and findings.
            let chunked = X12Validator.validate(data, guides: guides, chunkSize: 13)
            XCTAssertEqual(chunked.findings, report.findings, url.lastPathComponent)
        }
        XCTAssertGreaterThan(judged, 60)
    }

    /// A generator-based fuzz run over the reader and validator: golden files with bytes flipped, cut, doubled and
    /// segments moved. Nothing may crash, and every finding keeps its place. REVCYCLE_FUZZ_ITERATIONS runs longer.
    func testMutatedFilesNeverCrashTheValidator() throws {
        let guides = try HealthCareGuides.all()
        let seeds = try Self.files("golden").map { Array(try Data(contentsOf: $0)) }
        let iterations = Int(ProcessInfo.processInfo.environment["REVCYCLE_FUZZ_ITERATIONS"] ?? "") ?? 3000
        var random = SeededGenerator(seed: 20261130)
        let alphabet = Array("*:^~\n\r ABCNMSTHL0123456789-.|>".utf8) + [0, 0x1D, 0xC3, 0xFF]
        for _ in 0..<iterations {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 4)) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 5 {
                case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 40)))
                case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(random.next() % 80))], at: at)
                case 3: bytes = Array(bytes.prefix(at))
                default:
                    let from = Int(random.next() % UInt64(bytes.count))
                    let piece = bytes[min(at, from)..<max(at, from)]
                    bytes.append(contentsOf: piece)
                }
            }
            let report = X12Validator.validate(bytes, guides: guides, chunkSize: 1 + Int(random.next() % 4096))
            for f in report.findings { XCTAssertGreaterThanOrEqual(f.line, 1) }
            _ = Acknowledgment.interchange(for: report, envelope: AcknowledgmentEnvelope(date: "20261130", time: "0300", interchangeControlNumber: 1, groupControlNumber: 1))
        }
    }
}
