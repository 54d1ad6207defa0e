import RevenueCycle
import XCTest

final class RolesTests: XCTestCase {
    func testLeastPrivilegeSpotChecks() {
        XCTAssertFalse(PermissionMatrix.allows(.coder, .claimsSubmit), "a coder cannot submit claims")
        XCTAssertFalse(PermissionMatrix.allows(.coder, .claimsRead))
        XCTAssertTrue(PermissionMatrix.allows(.coder, .codingWrite))
        XCTAssertTrue(PermissionMatrix.allows(.coder, .encountersRead))
        XCTAssertTrue(PermissionMatrix.allows(.biller, .claimsSubmit))
        XCTAssertTrue(PermissionMatrix.allows(.biller, .paymentsPost))
        XCTAssertFalse(PermissionMatrix.allows(.biller, .codingWrite))
        XCTAssertFalse(PermissionMatrix.allows(.biller, .usersManage))
        XCTAssertTrue(PermissionMatrix.allows(.frontDesk, .coverageWrite))
        XCTAssertFalse(PermissionMatrix.allows(.frontDesk, .claimsRead))
        XCTAssertTrue(PermissionMatrix.allows(.manager, .reportsRead))
        XCTAssertFalse(PermissionMatrix.allows(.manager, .claimsWrite))
        XCTAssertTrue(PermissionMatrix.allows(.auditor, .auditRead))
        XCTAssertFalse(PermissionMatrix.allows(.frontDesk, .auditRead))
    }

    func testAuditorOnlyAuditsManagerOnlyAssignsCodingProviderOnlyAnswersQueries() {
        let writes = Permission.allCases.filter { !$0.rawValue.hasSuffix(".read") }
        XCTAssertEqual(writes.count, 17)
        XCTAssertEqual(writes.filter { PermissionMatrix.allows(.auditor, $0) }, [.codingAudit])
        XCTAssertEqual(writes.filter { PermissionMatrix.allows(.manager, $0) }, [.codingAssign])
        XCTAssertEqual(PermissionMatrix.permissions(of: .provider), [.encountersRead, .queriesAnswer])
        XCTAssertEqual(Role.allCases.filter { PermissionMatrix.allows($0, .queriesAnswer) }, [.administrator, .provider])
    }

    func testAdministratorHoldsEverythingAndOnlyTheAdministratorManages() {
        XCTAssertEqual(PermissionMatrix.permissions(of: .administrator), Permission.allCases)
        for permission in [Permission.usersManage, .tenantsManage, .payersManage, .feeSchedulesManage, .codeSetsManage] {
            XCTAssertEqual(Role.allCases.filter { PermissionMatrix.allows($0, permission) }, [.administrator], permission.rawValue)
        }
        for role in Role.allCases { XCTAssertFalse(PermissionMatrix.permissions(of: role).isEmpty, "\(role) can do nothing") }
    }

    func testMarkdownRendering() {
        let markdown = PermissionMatrix.markdown()
        let rows = markdown.split(separator: "\n")
        XCTAssertEqual(rows.first, "| permission | administrator | manager | coder | auditor | biller | frontDesk | provider |")
        XCTAssertEqual(rows.count, 2 + Permission.allCases.count)
        XCTAssertTrue(markdown.contains("| `claims.submit` | ✓ |  |  |  | ✓ |  |  |"), markdown)
        XCTAssertTrue(markdown.contains("| `coding.write` | ✓ |  | ✓ |  |  |  |  |"), markdown)
    }
}
