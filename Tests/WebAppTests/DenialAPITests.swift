import Clearinghouse
import Foundation
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// The denial worklist and appeals through the API and the pages, on the demo: the sandbox payer denies the ready
/// claims for want of an authorization; a biller reads the worklist, previews and files an appeal (once, whatever
/// the retries), records the payer's decision and writes a denial off; a manager reads but changes nothing.
/// SQLite here, PostgreSQL in `DenialAPITestsOnPostgreSQL`.
class DenialAPITests: DemoAppTestCase {
    /// Batches, sends and receives the tenant's ready claims against a payer wanting an authorization for every code.
    func denyReadyClaims(tenant index: Int, token biller: String) async throws {
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in XCTAssertEqual(res.status, .created, res.body.string) }
        let batches = try await store().batches(tenantID: data.tenants[index].id, limit: 10, cursor: nil).items
        let batch = try XCTUnwrap(batches.first).value
        try await send(.POST, "/api/v1/batches/\(batch.id)/send", token: biller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        var contract = PayerContract.demo
        contract.priorAuthorizationCodes = data.claims.filter { batch.claimIDs.contains($0.id) }.flatMap { $0.lines.compactMap { $0.procedure?.code } }
        _ = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory), contract: contract)
            .answerOutbox(date: "20251110", time: "1200")
        try await send(.POST, "/api/v1/clearinghouse/receive", token: biller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
    }

    func testTheWorklistAnAppealItsOutcomeAndAResolution() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let biller = try await token(try user(.biller, tenant: index))
        try await denyReadyClaims(tenant: index, token: biller)

        var denialID = "", claimID = ""
        try await send(.GET, "/api/v1/denials", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let items = try XCTUnwrap(try object(res)["items"] as? [[String: Any]])
            let first = try XCTUnwrap(items.first)
            let denial = try XCTUnwrap(first["denial"] as? [String: Any])
            XCTAssertEqual(denial["category"] as? String, "authorization")
            XCTAssertEqual(denial["status"] as? String, "open")
            XCTAssertEqual(first["suggestedTemplateID"] as? String, "authorization")
            XCTAssertNotNil(first["daysToDeadline"] as? Int)
            XCTAssertTrue((denial["summary"] as? String ?? "").contains("CO-197 (Precertification"), "the CARC's words from the code list: \(denial)")
            denialID = denial["id"] as? String ?? ""
            claimID = denial["claimID"] as? String ?? ""
        }
        try await send(.GET, "/api/v1/denials?status=nonsense", token: biller) { res in XCTAssertEqual(res.status, .badRequest) }
        try await send(.GET, "/api/v1/appeal-templates", token: biller) { res in
            let templates = try XCTUnwrap(try object(res)["templates"] as? [[String: Any]])
            XCTAssertEqual(templates.compactMap { $0["id"] as? String }, AppealLetterTemplates.builtIn.map(\.id))
        }
        try await send(.POST, "/api/v1/claims/\(claimID)/appeal-letter", token: biller, json: ["templateID": "medical-necessity"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(try object(res)["templateID"] as? String, "medical-necessity")
            XCTAssertTrue((try object(res)["text"] as? String ?? "").contains("medical necessity"))
        }
        try await send(.POST, "/api/v1/claims/\(claimID)/appeal-letter", token: biller, json: ["templateID": "nope"]) { res in
            XCTAssertEqual(res.status, .conflict)
            XCTAssertEqual((try object(res)["error"] as? [String: Any])?["code"] as? String, "appeal_refused")
        }

        // Filed once, whatever the retries.
        var appealID = ""
        for _ in 0..<2 {
            try await send(.POST, "/api/v1/claims/\(claimID)/appeals", token: biller, json: [:], headers: ["Idempotency-Key": "appeal-1"]) { res in
                XCTAssertEqual(res.status, .created, res.body.string)
                let appeal = try XCTUnwrap(try object(res)["appeal"] as? [String: Any])
                if appealID.isEmpty { appealID = appeal["id"] as? String ?? "" }
                XCTAssertEqual(appeal["id"] as? String, appealID)
                XCTAssertEqual(appeal["outcome"] as? String, "pending")
            }
        }
        try await send(.POST, "/api/v1/claims/\(claimID)/appeals", token: biller, json: [:]) { res in
            XCTAssertEqual(res.status, .conflict, "nothing left to appeal")
        }
        try await send(.GET, "/api/v1/claims/\(claimID)", token: biller) { res in XCTAssertEqual(try object(res)["status"] as? String, "appealed") }
        try await send(.GET, "/api/v1/appeals?pending=true", token: biller) { res in
            XCTAssertEqual((try object(res)["items"] as? [Any])?.count, 1)
        }

        // A manager reads the worklist and appeals but works none of it.
        let manager = try await token(try user(.manager, tenant: index))
        try await send(.GET, "/api/v1/appeals/\(appealID)", token: manager) { res in XCTAssertEqual(res.status, .ok) }
        try await send(.POST, "/api/v1/appeals/\(appealID)/outcome", token: manager, json: ["outcome": "upheld"]) { res in XCTAssertEqual(res.status, .forbidden) }

        try await send(.POST, "/api/v1/appeals/\(appealID)/outcome", token: biller, json: ["outcome": "upheld", "note": "no authorization on file"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual((try object(res)["appeal"] as? [String: Any])?["outcome"] as? String, "upheld")
        }
        try await send(.GET, "/api/v1/claims/\(claimID)", token: biller) { res in XCTAssertEqual(try object(res)["status"] as? String, "denied") }
        try await send(.POST, "/api/v1/denials/\(denialID)/resolve", token: biller, json: ["status": "writtenOff", "reason": "not worth a second level"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual((try object(res)["denial"] as? [String: Any])?["status"] as? String, "writtenOff")
        }
        try await send(.POST, "/api/v1/denials/\(denialID)/resolve", token: biller, json: ["status": "appealed", "reason": "x"]) { res in
            XCTAssertEqual(res.status, .conflict, "appealing is not a resolution")
        }
        try await send(.GET, "/api/v1/denials?status=writtenOff", token: biller) { res in
            let items = try XCTUnwrap(try object(res)["items"] as? [[String: Any]])
            XCTAssertEqual(items.compactMap { ($0["denial"] as? [String: Any])?["id"] as? String }, [denialID])
        }
    }

    func testTheWorklistPageAndAnAppealFiledFromTheClaimsPage() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let tenantID = data.tenants[index].id
        try await denyReadyClaims(tenant: index, token: try await token(try user(.biller, tenant: index)))
        let denials = try await store().denials(tenantID: tenantID, query: DenialQuery())
        let denial = try XCTUnwrap(denials.items.first).value
        let biller = try await webSession(try user(.biller, tenant: index))

        let list = try await get("/denials", biller)
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.string.contains(esc(denial.patientControlNumber)))
        XCTAssertTrue(list.body.string.contains("href=\"/claims/\(denial.claimID)/appeal\""))
        XCTAssertTrue(list.body.string.contains("href=\"/denials\""), "the work navigation links the worklist")

        let form = try await get("/claims/\(denial.claimID)/appeal?template=coding", biller)
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.string.contains("<option value=coding selected>"), form.body.string)
        XCTAssertTrue(form.body.string.contains("bundling or coding"), "the coding template's letter")
        let none = try await post("/claims/\(denial.claimID)/appeal", biller, ["letter": "x"])
        XCTAssertEqual(none.status, .badRequest, "no denial chosen")
        let filed = try await post("/claims/\(denial.claimID)/appeal", biller, ["denialIDs[]": denial.id.uuidString, "templateID": "coding", "letter": "Our <b>letter</b>."])
        XCTAssertEqual(filed.status, .seeOther, filed.body.string)
        let location = try XCTUnwrap(filed.headers.first(name: .location))
        let page = try await get(location, biller)
        XCTAssertTrue(page.body.string.contains("Our &lt;b&gt;letter&lt;/b&gt;."), "the letter as edited, escaped")
        XCTAssertTrue(page.body.string.contains("action=\"\(location)/outcome\""))
        let decided = try await post("\(location)/outcome", biller, ["outcome": "overturned", "recovered": "12.50", "decidedOn": "2025-11-20"])
        XCTAssertEqual(decided.status, .seeOther, decided.body.string)
        let after = try await get(location, biller)
        XCTAssertTrue(after.body.string.contains("overturned"))
        XCTAssertTrue(after.body.string.contains("$12.50 recovered"), after.body.string)
    }
}

final class DenialAPITestsOnPostgreSQL: DenialAPITests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testTheWorklistAnAppealItsOutcomeAndAResolution() async throws { try await super.testTheWorklistAnAppealItsOutcomeAndAResolution() }
    override func testTheWorklistPageAndAnAppealFiledFromTheClaimsPage() async throws { try await super.testTheWorklistPageAndAnAppealFiledFromTheClaimsPage() }
}
