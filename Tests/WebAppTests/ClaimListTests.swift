import Foundation
import RevenueCycle
import Vapor
import XCTest
import XCTVapor

/// The worklist's rows (summaries, not whole claims) and the demo hospital's institutional claim on its UB-04 page.
class ClaimListTests: DemoAppTestCase {
    func testWorklistRowsAreSummariesAndTheDetailIsTheWholeClaim() async throws {
        let biller = try await token(try user(.biller))
        let tenant = data.tenants[0].id
        let claims = data.claims.filter { $0.tenantID == tenant }
        var rows: [[String: Any]] = []
        try await send(.GET, "/api/v1/claims?limit=200", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            rows = try XCTUnwrap(try object(res)["data"] as? [[String: Any]])
        }
        XCTAssertEqual(Set(rows.compactMap { ($0["claim"] as? [String: Any])?["id"] as? String }), Set(claims.map(\.id.uuidString)))
        let entries = try await auditEntries()
        XCTAssertEqual(entries.last?.action, .read, "the list is still audited")
        XCTAssertEqual(entries.last?.entityType, "claim")
        let partial = try XCTUnwrap(claims.first { $0.status == .partiallyPaid })
        let row = try XCTUnwrap(rows.first { ($0["claim"] as? [String: Any])?["id"] as? String == partial.id.uuidString })
        let summary = try XCTUnwrap(row["claim"] as? [String: Any])
        XCTAssertNil(summary["lines"], "lines are the detail's")
        XCTAssertNil(row["history"], "the history is the detail's")
        XCTAssertEqual(row["status"] as? String, "partiallyPaid")
        XCTAssertEqual(summary["patientControlNumber"] as? String, partial.patientControlNumber)
        XCTAssertEqual(summary["totalCharge"] as? Int, partial.totalCharge.cents)
        XCTAssertEqual(summary["balance"] as? Int, partial.totals.balance.cents)
        XCTAssertEqual(row["outstanding"] as? Int, partial.totals.outstanding.cents)
        XCTAssertEqual(summary["serviceFrom"] as? String, partial.lines.map(\.serviceDate).min()?.iso)
        XCTAssertEqual(summary["statusChanges"] as? Int, partial.history.count)
        XCTAssertEqual(row["allowedTransitions"] as? [String], ClaimStateMachine.allowedTargets(from: .partiallyPaid).map(\.rawValue))
        XCTAssertEqual(row["version"] as? Int, 1)

        try await send(.GET, "/api/v1/claims/\(partial.id)", token: biller) { res in
            let body = try object(res)
            XCTAssertEqual((body["claim"] as? [String: Any])?["lines"].map { ($0 as? [Any])?.count }, partial.lines.count)
            XCTAssertEqual((body["history"] as? [Any])?.count, partial.history.count)
        }
    }

    /// Reads that arrive together are audited together (the queue writes them in one transaction): every one gets
    /// its entry before it is answered, and the chain verifies.
    func testConcurrentReadsAreEachAuditedAndTheChainVerifies() async throws {
        let biller = try await token(try user(.biller))
        let claim = try XCTUnwrap(data.claims.first { $0.tenantID == data.tenants[0].id })
        let before = try await auditEntries().count
        let app = try XCTUnwrap(self.app)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    let request = Request(application: app, method: .GET, url: URI(path: "/api/v1/claims/\(claim.id)"), on: app.eventLoopGroup.next())
                    request.headers.bearerAuthorization = BearerAuthorization(token: biller)
                    let response = try await app.responder.respond(to: request).get()
                    XCTAssertEqual(response.status, .ok)
                }
            }
            try await group.waitForAll()
        }
        let entries = try await auditEntries()
        XCTAssertEqual(entries.count - before, 24)
        XCTAssertTrue(entries.suffix(24).allSatisfy { $0.action == .read && $0.entityID == claim.id.uuidString })
        let verified = try await store().verifyAuditLog()
        XCTAssertEqual(verified, .intact(count: entries.count))
    }

    func testTheHospitalsInstitutionalClaimIsDrawnAsAUB04() async throws {
        let hospital = try XCTUnwrap(data.tenants.first { $0.kind == .hospital })
        let claim = try XCTUnwrap(data.claims.first { $0.tenantID == hospital.id })
        let session = try await webSession(try XCTUnwrap(data.users.first { $0.tenantName == hospital.name && $0.role == .biller }))
        let list = try await get("/claims", session)
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.string.contains("837I"), "the worklist names the claim's kind")
        XCTAssertTrue(list.body.string.contains(claim.patientControlNumber))
        let page = try await get("/claims/\(claim.id)", session)
        XCTAssertEqual(page.status, .ok, page.body.string)
        let html = page.body.string
        XCTAssertTrue(html.contains("aria-label=\"UB-04\""), "drawn as the UB-04, not the CMS-1500")
        XCTAssertFalse(html.contains("CMS-1500"))
        XCTAssertTrue(html.contains("131"), "type of bill")
        for line in claim.lines { XCTAssertTrue(html.contains(try XCTUnwrap(line.revenueCode)), "revenue code of line \(line.lineNumber)") }
        // The hospital is a tenant of its own: a practice's claim is not found from there.
        let practiceClaim = try XCTUnwrap(data.claims.first { $0.tenantID == data.tenants[0].id })
        let foreign = try await get("/claims/\(practiceClaim.id)", session)
        XCTAssertEqual(foreign.status, .notFound)
    }
}

final class ClaimListTestsOnPostgreSQL: ClaimListTests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux did not pick up this subclass's inherited tests.
    override func testWorklistRowsAreSummariesAndTheDetailIsTheWholeClaim() async throws {
        try await super.testWorklistRowsAreSummariesAndTheDetailIsTheWholeClaim()
    }
    override func testConcurrentReadsAreEachAuditedAndTheChainVerifies() async throws {
        try await super.testConcurrentReadsAreEachAuditedAndTheChainVerifies()
    }
    override func testTheHospitalsInstitutionalClaimIsDrawnAsAUB04() async throws {
        try await super.testTheHospitalsInstitutionalClaimIsDrawnAsAUB04()
    }
}
