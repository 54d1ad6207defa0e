import Clearinghouse
import CodeSets
import Foundation
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

extension DemoAppTestCase {
    /// Receives for the tenant an 835 whose one claim payment names no claim of it: one posting exception queued.
    @discardableResult
    func queueUnmatchedClaim(tenant index: Int, number: String = "NOSUCH-1") async throws -> (fileID: UUID, exceptionID: UUID) {
        let tenant = data.tenants[index]
        let claim = try XCTUnwrap(data.claims.first { $0.tenantID == tenant.id && !$0.lines.isEmpty })
        let (text, _) = PostingBenchmarkFile.write(paying: [claim], payee: tenant)
        let changed = text.replacingOccurrences(of: "CLP*\(claim.patientControlNumber)*", with: "CLP*\(number)*")
        XCTAssertNotEqual(changed, text)
        let outcome = try await ClaimExchange(store: store(), actor: ClaimActor(userID: UUID(), displayName: "test"))
            .receive(name: "unmatched-\(number).835", contents: changed, tenantID: tenant.id, at: Date(), postedOn: ServiceDate(year: 2026, month: 11, day: 30)!)
        let queued = try await store().postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery(receivedFileID: outcome.file.value.id))
        let item = try XCTUnwrap(queued.items.first { $0.value.patientControlNumber == number })
        return (outcome.file.value.id, item.value.id)
    }
}

/// The posting exception queue through the API and its page: listed by status and kind, read, resolved once with a
/// note by a biller; a manager reads but cannot resolve. SQLite here, PostgreSQL in the subclass.
class PostingExceptionAPITests: DemoAppTestCase {
    func testTheQueueIsListedReadAndResolvedOnce() async throws {
        let (fileID, id) = try await queueUnmatchedClaim(tenant: 0)
        let biller = try await token(try user(.biller))
        try await send(.GET, "/api/v1/posting-exceptions?status=open", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let items = try XCTUnwrap(try object(res)["items"] as? [[String: Any]])
            let first = try XCTUnwrap(items.first?["exception"] as? [String: Any])
            XCTAssertEqual(first["id"] as? String, id.uuidString)
            XCTAssertEqual(first["kind"] as? String, "unmatchedClaim")
            XCTAssertEqual(first["receivedFileID"] as? String, fileID.uuidString)
            XCTAssertEqual(first["status"] as? String, "open")
            XCTAssertNotNil(first["charge"] as? Int)
        }
        try await send(.GET, "/api/v1/posting-exceptions?kind=unmatchedLine", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertEqual((try object(res)["items"] as? [[String: Any]])?.count, 0)
        }
        try await send(.GET, "/api/v1/posting-exceptions?status=nonsense", token: biller) { res in XCTAssertEqual(res.status, .badRequest) }
        try await send(.GET, "/api/v1/posting-exceptions?kind=nonsense", token: biller) { res in XCTAssertEqual(res.status, .badRequest) }
        try await send(.GET, "/api/v1/posting-exceptions/\(id)", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertEqual(try object(res)["version"] as? Int, 1)
        }
        try await send(.GET, "/api/v1/posting-exceptions/\(UUID())", token: biller) { res in XCTAssertEqual(res.status, .notFound) }

        let manager = try await token(try user(.manager))
        try await send(.GET, "/api/v1/posting-exceptions", token: manager) { res in XCTAssertEqual(res.status, .ok) }
        try await send(.POST, "/api/v1/posting-exceptions/\(id)/resolve", token: manager, json: ["note": "x"]) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.POST, "/api/v1/posting-exceptions/\(id)/resolve", token: biller, json: ["note": " "]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
        }
        try await send(.POST, "/api/v1/posting-exceptions/\(id)/resolve", token: biller, json: ["note": "x", "version": 7]) { res in
            XCTAssertEqual(res.status, .conflict, "a stale version")
        }
        try await send(.POST, "/api/v1/posting-exceptions/\(id)/resolve", token: biller, json: ["note": "called the payer; a typo in CLP01", "version": 1]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let e = try XCTUnwrap(try object(res)["exception"] as? [String: Any])
            XCTAssertEqual(e["status"] as? String, "resolved")
            XCTAssertEqual(e["resolution"] as? String, "called the payer; a typo in CLP01")
            XCTAssertEqual(try object(res)["version"] as? Int, 2)
        }
        try await send(.POST, "/api/v1/posting-exceptions/\(id)/resolve", token: biller, json: ["note": "again"]) { res in
            XCTAssertEqual(res.status, .conflict)
            XCTAssertEqual((try object(res)["error"] as? [String: Any])?["code"] as? String, "already_resolved")
        }
        try await send(.GET, "/api/v1/posting-exceptions?status=resolved", token: biller) { res in
            XCTAssertEqual((try object(res)["items"] as? [[String: Any]])?.count, 1)
        }
        let audit = try await auditEntries()
        XCTAssertTrue(audit.contains { $0.entityType == "posting_exception" && $0.entityID == id.uuidString })
    }

    func testThePageListsOpenItemsFirstAndResolvesOne() async throws {
        let (fileID, id) = try await queueUnmatchedClaim(tenant: 0)
        let (_, later) = try await queueUnmatchedClaim(tenant: 0, number: "NOSUCH-2")
        let biller = try await webSession(try user(.biller))
        let page = try await get("/posting-exceptions", biller)
        XCTAssertEqual(page.status, .ok)
        let html = page.body.string
        XCTAssertTrue(html.contains("href=\"/posting-exceptions\""), "the work navigation links the queue")
        XCTAssertTrue(html.contains("href=\"/received/\(fileID)\""), "links its received file")
        XCTAssertTrue(html.contains("action=\"/posting-exceptions/\(id)/resolve\""))
        let first = try XCTUnwrap(html.range(of: "NOSUCH-1")), second = try XCTUnwrap(html.range(of: "NOSUCH-2"))
        XCTAssertLessThan(first.lowerBound, second.lowerBound, "oldest first")

        let file = try await get("/received/\(fileID)", biller)
        XCTAssertTrue(file.body.string.contains("href=\"/posting-exceptions\""), "the received file's page links the queue")

        let empty = try await post("/posting-exceptions/\(id)/resolve", biller, ["note": ""])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        let done = try await post("/posting-exceptions/\(id)/resolve", biller, ["note": "posted by hand"])
        XCTAssertEqual(done.status, .seeOther, done.body.string)
        let twice = try await post("/posting-exceptions/\(id)/resolve", biller, ["note": "again"])
        XCTAssertEqual(twice.status, .conflict)
        XCTAssertTrue(twice.body.string.contains("already resolved"))
        let after = try await get("/posting-exceptions", biller).body.string
        let open = try XCTUnwrap(after.range(of: "NOSUCH-2")), resolved = try XCTUnwrap(after.range(of: "NOSUCH-1"))
        XCTAssertLessThan(open.lowerBound, resolved.lowerBound, "open ones first")
        XCTAssertTrue(after.contains("posted by hand"))
        XCTAssertTrue(after.contains("action=\"/posting-exceptions/\(later)/resolve\""))
        XCTAssertFalse(after.contains("action=\"/posting-exceptions/\(id)/resolve\""), "a resolved item has no form")
    }
}

final class PostingExceptionAPITestsOnPostgreSQL: PostingExceptionAPITests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testTheQueueIsListedReadAndResolvedOnce() async throws { try await super.testTheQueueIsListedReadAndResolvedOnce() }
    override func testThePageListsOpenItemsFirstAndResolvesOne() async throws { try await super.testThePageListsOpenItemsFirstAndResolvesOne() }
}
