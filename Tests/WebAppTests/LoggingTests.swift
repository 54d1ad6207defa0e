import Foundation
import Logging
@testable import WebApp
import XCTest

final class LoggingTests: XCTestCase {
    func testJSONLinesCarryLevelMessageAndMetadata() throws {
        var handler = JSONLogHandler(label: "revcycle.test")
        handler[metadataKey: "tenant"] = "demo"
        let event = LogEvent(level: .warning, message: "import failed", metadata: ["file": "x.xml"], source: nil,
                             file: #file, function: #function, line: #line)
        let data = try XCTUnwrap(handler.line(for: event))
        XCTAssertEqual(data.last, 0x0A, "one object per line")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["level"] as? String, "warning")
        XCTAssertEqual(object["message"] as? String, "import failed")
        XCTAssertEqual(object["label"] as? String, "revcycle.test")
        XCTAssertEqual(object["metadata"] as? [String: String], ["tenant": "demo", "file": "x.xml"])
    }
}
