import Clearinghouse
import Foundation
import RevenueCycle
import Vapor
import XCTest
import XCTVapor

/// Through the API, on the demo: a biller batches the ready claims, sends them, the sandbox answers (999, 277CA,
/// 835), the inbox is received, the claim's timeline shows every file, and the 835 posted again changes nothing.
/// SQLite here, PostgreSQL in `ExchangeAPITestsOnPostgreSQL`.
class ExchangeAPITests: DemoAppTestCase {
    func testBatchSendReceiveAndPostOnce() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let biller = try await token(try user(.biller, tenant: index))

        var batchID = ""
        var claimIDs: [String] = []
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let batches = try XCTUnwrap(try object(res)["batches"] as? [[String: Any]])
            let first = try XCTUnwrap(batches.first)
            batchID = try XCTUnwrap(first["id"] as? String)
            claimIDs = try XCTUnwrap(first["claimIDs"] as? [String])
            XCTAssertEqual(first["status"] as? String, "created")
        }
        try await send(.GET, "/api/v1/batches/\(batchID)/837", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.hasPrefix("ISA*"))
            XCTAssertTrue(res.body.string.contains("REF*6R*"))
        }
        try await send(.POST, "/api/v1/batches/\(batchID)/send", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(try object(res)["status"] as? String, "sent")
        }
        try await send(.POST, "/api/v1/batches/\(batchID)/send", token: biller) { res in
            XCTAssertEqual(res.status, .conflict, res.body.string)
            XCTAssertTrue(res.body.string.contains("batch_refused"))
        }

        let folder = configuration.clearinghouseDirectory
        let sandbox = try SandboxClearinghouse(folders: try DropFolderTransport(root: folder))
        let answers = try sandbox.answerOutbox(date: "20251110", time: "1200")
        XCTAssertEqual(answers.count, 1)

        try await send(.POST, "/api/v1/clearinghouse/receive", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try object(res)
            XCTAssertEqual((body["errors"] as? [Any])?.count, 0, res.body.string)
            XCTAssertEqual((body["files"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["999", "277CA", "835"], res.body.string)
        }
        let claimID = try XCTUnwrap(claimIDs.first)
        var version = 0
        try await send(.GET, "/api/v1/claims/\(claimID)", token: biller) { res in
            let claim = try object(res)
            XCTAssertTrue(["paid", "partiallyPaid", "denied"].contains(claim["status"] as? String ?? ""), res.body.string)
            version = claim["version"] as? Int ?? -1
        }
        try await send(.GET, "/api/v1/claims/\(claimID)/documents", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            let kinds = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]]).compactMap { $0["kind"] as? String }
            XCTAssertEqual(kinds, ["837", "999", "277CA", "835"])
        }

        var remittanceID = ""
        try await send(.GET, "/api/v1/received-files?kind=835", token: biller) { res in
            let items = try XCTUnwrap(try object(res)["items"] as? [[String: Any]])
            XCTAssertEqual(items.count, 1)
            remittanceID = items.first?["id"] as? String ?? ""
            XCTAssertNil(items.first?["contents"], "lists leave the file out")
        }
        var contents = ""
        try await send(.GET, "/api/v1/received-files/\(remittanceID)", token: biller) { res in
            contents = try XCTUnwrap(try object(res)["contents"] as? String)
        }
        try await app.test(.POST, "/api/v1/received-files?name=again.835", beforeRequest: { req in
            req.headers.bearerAuthorization = BearerAuthorization(token: biller)
            req.body = ByteBuffer(string: contents)
        }) { res async throws in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(try object(res)["duplicate"] as? Bool, true)
        }
        try await send(.GET, "/api/v1/claims/\(claimID)", token: biller) { res in
            XCTAssertEqual(try object(res)["version"] as? Int, version, "posting the same 835 again changed the claim")
        }
    }

    func testOnlyBillersSubmitAndJunkIsRefusedWithItsName() async throws {
        let coder = try await token(try user(.coder))
        try await send(.POST, "/api/v1/batches", token: coder) { res in XCTAssertEqual(res.status, .forbidden) }
        let biller = try await token(try user(.biller))
        try await app.test(.POST, "/api/v1/received-files?name=junk.txt", beforeRequest: { req in
            req.headers.bearerAuthorization = BearerAuthorization(token: biller)
            req.body = ByteBuffer(string: "not x12 at all")
        }) { res async throws in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
            XCTAssertTrue(res.body.string.contains("junk.txt: not an X12 interchange"), res.body.string)
        }
    }
}

final class ExchangeAPITestsOnPostgreSQL: ExchangeAPITests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testBatchSendReceiveAndPostOnce() async throws { try await super.testBatchSendReceiveAndPostOnce() }
    override func testOnlyBillersSubmitAndJunkIsRefusedWithItsName() async throws { try await super.testOnlyBillersSubmitAndJunkIsRefusedWithItsName() }
}
