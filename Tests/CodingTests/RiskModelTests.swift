import XCTest
import Coding

final class RiskModelTests: XCTestCase {
    func testModelNamesAreReadAsCoderTypeThem() {
        XCTAssertEqual(RiskModel(name: "v28"), .v28)
        XCTAssertEqual(RiskModel(name: "24"), .v24)
        XCTAssertNil(RiskModel(name: "V22"))
        XCTAssertEqual(RiskModel.v28.tableName, "CMS-HCC Model V28")
    }
}
