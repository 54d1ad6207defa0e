import Foundation
import RevenueCycle
import XCTest

/// docs/REVENUE_CYCLE.md shows the transition table and the permission matrix as the code renders them.
final class DocumentationTests: XCTestCase {
    func section(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<!-- BEGIN \(name) -->\n"), let end = text.range(of: "<!-- END \(name) -->") else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    func testDocumentationShowsTheTablesAsTheCodeHasThem() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/REVENUE_CYCLE.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(section("claim-transitions", in: text), ClaimStateMachine.transitionTableMarkdown(),
                       "update docs/REVENUE_CYCLE.md with ClaimStateMachine.transitionTableMarkdown()")
        XCTAssertEqual(section("permissions", in: text), PermissionMatrix.markdown(),
                       "update docs/REVENUE_CYCLE.md with PermissionMatrix.markdown()")
    }
}
