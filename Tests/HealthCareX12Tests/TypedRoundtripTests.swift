import Foundation
import HealthCareX12
import X12
import XCTest

/// `x12 roundtrip --typed`: a file read into its typed model and written back by Revcycle's writer.
final class TypedRoundtripTests: XCTestCase {
    /// Findings of the written file that the original did not have (the golden demo files carry made-up NPIs whose
    /// check digit is wrong; the writer keeps them, so those findings come back).
    func newFindings(_ result: TypedRoundtrip, _ original: Data) throws -> [Finding] {
        let before = try HealthCareValidation.read(original).report.findings
        return result.report.findings.filter { f in !before.contains { $0.code == f.code && $0.rule == f.rule && $0.value == f.value } }
    }

    /// Every golden claim and remittance comes back with no new finding and reads back into the same model.
    func testGoldenClaimsAndRemittanceComeBackTheSame() throws {
        var checked = 0
        for url in try GuideTests.files("golden") where url.lastPathComponent.hasPrefix("837") || url.lastPathComponent.hasPrefix("835") {
            let data = try Data(contentsOf: url)
            let result = try TypedRoundtrip.run(data)
            XCTAssertEqual(try newFindings(result, data).map(String.init(describing:)), [], url.lastPathComponent)
            XCTAssertTrue(result.readsBackEqual, url.lastPathComponent)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 10)
    }

    /// The public samples of the inquiry and response transaction sets that are themselves valid come back valid and
    /// the same; what the others do is at least written and read without a crash.
    func testPublicInquiriesAndResponses() throws {
        var same = 0
        for url in try GuideTests.files("public") {
            let data = try Data(contentsOf: url)
            guard let result = try? TypedRoundtrip.run(data) else { continue }
            if try HealthCareValidation.read(data).report.isValid {
                XCTAssertEqual(try newFindings(result, data).map(String.init(describing:)), [], url.lastPathComponent)
            }
            if result.readsBackEqual { same += 1 }
        }
        XCTAssertGreaterThan(same, 10)
    }

    func testWhatCannotBeWrittenBackIsSaid() throws {
        let golden = try GuideTests.files("golden")
        let enrollment = try XCTUnwrap(golden.first { $0.lastPathComponent.hasPrefix("834") })
        XCTAssertThrowsError(try TypedRoundtrip.run(try Data(contentsOf: enrollment))) { error in
            XCTAssertEqual(error as? TypedRoundtrip.Failure, .untyped("834 005010X220A1"))
        }
        XCTAssertThrowsError(try TypedRoundtrip.run(Array("hello".utf8))) { error in
            guard case .notX12? = error as? TypedRoundtrip.Failure else { return XCTFail("\(error)") }
        }
        let claims = try Data(contentsOf: try XCTUnwrap(golden.first { $0.lastPathComponent.hasPrefix("837P") }))
        var text = String(decoding: claims, as: UTF8.self)
        // The same transaction set twice in one group.
        let st = try XCTUnwrap(text.range(of: "ST*")), ge = try XCTUnwrap(text.range(of: "GE*"))
        text.insert(contentsOf: text[st.lowerBound..<ge.lowerBound], at: ge.lowerBound)
        XCTAssertThrowsError(try TypedRoundtrip.run(Array(text.utf8))) { error in
            XCTAssertEqual(error as? TypedRoundtrip.Failure, .transactionCount(2))
        }
    }
}
