import Foundation
import HealthCareX12
import X12
import XCTest

final class GuideTests: XCTestCase {
    static let x12Directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/x12")

    func files(_ folder: String) throws -> [URL] {
        let dir = Self.x12Directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let urls = names.filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".tsv") }.sorted().map { dir.appendingPathComponent($0) }
        if urls.isEmpty { throw XCTSkip("no X12 samples at \(dir.path)") }
        return urls
    }

    func testEveryGuideCompiles() throws {
        let guides = try HealthCareGuides.compileAll()
        XCTAssertEqual(guides.count, 11)
    }

    func testEveryGoldenFileValidatesClean() throws {
        let guides = try HealthCareGuides.all()
        for url in try files("golden") where !url.lastPathComponent.hasPrefix("834") {
            let report = X12Validator.validate(try Data(contentsOf: url), guides: guides)
            XCTAssertTrue(report.isValid, "\(url.lastPathComponent):\n" + report.findings.prefix(15).map(String.init(describing:)).joined(separator: "\n"))
        }
    }
}
