import Foundation
import RevenueCycle
import XCTest

/// The id text written and read without Foundation's `sprintf` and `sscanf`: the same as Foundation's, both ways.
final class UUIDTextTests: XCTestCase {
    func testWritesAndReadsWhatFoundationDoes() {
        for _ in 0..<1_000 {
            let id = UUID()
            XCTAssertEqual(id.uppercaseText, id.uuidString)
            XCTAssertEqual(UUID(hyphenatedText: id.uuidString), id)
            XCTAssertEqual(UUID(hyphenatedText: id.uuidString.lowercased()), id)
        }
    }

    func testRefusesWhatIsNotAnID() {
        let id = UUID().uuidString
        let notIDs = ["", String(id.dropLast()), id + "0", id.replacingOccurrences(of: "-", with: ""),
                      String(id.prefix(8)) + "_" + String(id.dropFirst(9)), "G" + String(id.dropFirst()), String(id.prefix(35)) + "é"]
        for text in notIDs { XCTAssertNil(UUID(hyphenatedText: text), text) }
    }
}
