import Clearinghouse
import Foundation
import RevenueCycle
import Vapor
import XCTest
import XCTVapor

/// `POST /api/v1/claims/{id}/correct` and `/void` on the demo: claims sent through the sandbox and decided are
/// corrected as replacements and voided; refusals are answered in words; the same request with the same
/// Idempotency-Key is answered once. SQLite here, PostgreSQL in `ClaimCorrectionAPITestsOnPostgreSQL`.
class ClaimCorrectionAPITests: DemoAppTestCase {
    /// Sends the tenant's ready claims through the sandbox and receives its answers; the claims decided, by status.
    func decidedClaims(_ biller: String) async throws -> [String: [String]] {
        var claimIDs: [String] = []
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            claimIDs = try XCTUnwrap(try object(res)["batches"] as? [[String: Any]]).flatMap { $0["claimIDs"] as? [String] ?? [] }
            for batch in try XCTUnwrap(try object(res)["batches"] as? [[String: Any]]) {
                let id = try XCTUnwrap(batch["id"] as? String)
                try await send(.POST, "/api/v1/batches/\(id)/send", token: biller) { XCTAssertEqual($0.status, .ok, $0.body.string) }
            }
        }
        let sandbox = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory))
        _ = try sandbox.answerOutbox(date: "20251110", time: "1200")
        try await send(.POST, "/api/v1/clearinghouse/receive", token: biller) { XCTAssertEqual($0.status, .ok, $0.body.string) }
        var byStatus: [String: [String]] = [:]
        for id in claimIDs {
            try await send(.GET, "/api/v1/claims/\(id)", token: biller) { res in
                byStatus[try object(res)["status"] as? String ?? "", default: []].append(id)
            }
        }
        return byStatus
    }

    func testAPaidClaimIsCorrectedAsAReplacementAndVoided() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let biller = try await token(try user(.biller, tenant: index))
        let decided = try await decidedClaims(biller)
        let paid = (decided["paid"] ?? []) + (decided["partiallyPaid"] ?? [])
        XCTAssertGreaterThanOrEqual(paid.count, 1, "\(decided)")
        let first = try XCTUnwrap(paid.first)

        var payerNumber = ""
        try await send(.GET, "/api/v1/claims/\(first)", token: biller) { res in
            payerNumber = try XCTUnwrap(try object(res)["claim"] as? [String: Any])["payerClaimControlNumber"] as? String ?? ""
        }
        XCTAssertFalse(payerNumber.isEmpty)
        let body: [String: Any] = ["reason": "modifier 25 added after review", "changes": ["lines": [["lineNumber": 1, "units": 1]]]]
        var answer = ""
        try await send(.POST, "/api/v1/claims/\(first)/correct", token: biller, json: body, headers: ["Idempotency-Key": "correct-1"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            answer = res.body.string
            let claim = try object(res)
            let inner = try XCTUnwrap(claim["claim"] as? [String: Any])
            XCTAssertEqual(inner["frequency"] as? String, "7")
            XCTAssertEqual(inner["payerClaimControlNumber"] as? String, payerNumber)
            XCTAssertTrue(["ready", "corrected"].contains(claim["status"] as? String ?? ""), res.body.string)
            let history = try XCTUnwrap(claim["history"] as? [[String: Any]])
            XCTAssertTrue(history.contains { ($0["reason"] as? String)?.hasPrefix("corrected as a replacement (7) of payer claim \(payerNumber): modifier 25 added after review") == true },
                          res.body.string)
        }
        // The same key and body: the first answer, not a second correction.
        try await send(.POST, "/api/v1/claims/\(first)/correct", token: biller, json: body, headers: ["Idempotency-Key": "correct-1"]) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertEqual(res.body.string, answer)
        }
        // Corrected again while it waits to go out: refused in words.
        try await send(.POST, "/api/v1/claims/\(first)/correct", token: biller, json: ["reason": "again"]) { res in
            XCTAssertEqual(res.status, .conflict, res.body.string)
            XCTAssertTrue(res.body.string.contains("correction_refused"), res.body.string)
            XCTAssertTrue(res.body.string.contains("cannot be corrected"), res.body.string)
        }

        // Sent again: the sandbox reverses its payment and pays the replacement; the claim is paid under a new number.
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let batches = try XCTUnwrap(try object(res)["batches"] as? [[String: Any]])
            XCTAssertEqual(batches.flatMap { $0["claimIDs"] as? [String] ?? [] }, [first], res.body.string)
            let id = try XCTUnwrap(batches.first?["id"] as? String)
            try await send(.POST, "/api/v1/batches/\(id)/send", token: biller) { XCTAssertEqual($0.status, .ok, $0.body.string) }
        }
        let sandbox = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory))
        _ = try sandbox.answerOutbox(date: "20251111", time: "1200")
        try await send(.POST, "/api/v1/clearinghouse/receive", token: biller) { XCTAssertEqual($0.status, .ok, $0.body.string) }
        var newNumber = ""
        try await send(.GET, "/api/v1/claims/\(first)", token: biller) { res in
            let claim = try object(res)
            XCTAssertTrue(["paid", "partiallyPaid"].contains(claim["status"] as? String ?? ""), res.body.string)
            newNumber = try XCTUnwrap(claim["claim"] as? [String: Any])["payerClaimControlNumber"] as? String ?? ""
            let totals = try XCTUnwrap(claim["totals"] as? [String: Any])
            XCTAssertEqual(totals["charges"] as? Int, (totals["payments"] as? Int ?? 0) + (totals["adjustments"] as? Int ?? 0)
                           + (totals["patientResponsibility"] as? Int ?? 0) + (totals["balance"] as? Int ?? 0))
        }
        XCTAssertNotEqual(newNumber, payerNumber)

        // Voided: it goes out as a void (8) naming the replacement's number.
        try await send(.POST, "/api/v1/claims/\(first)/void", token: biller, json: ["reason": "billed to the wrong patient"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let claim = try object(res)
            XCTAssertEqual(claim["status"] as? String, "ready")
            let inner = try XCTUnwrap(claim["claim"] as? [String: Any])
            XCTAssertEqual(inner["frequency"] as? String, "8")
            XCTAssertEqual(inner["payerClaimControlNumber"] as? String, newNumber)
        }
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let batches = try XCTUnwrap(try object(res)["batches"] as? [[String: Any]])
            XCTAssertEqual(batches.flatMap { $0["claimIDs"] as? [String] ?? [] }, [first], res.body.string)
        }
    }

    func testRefusalsAndPermissions() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .denied } })
        let biller = try await token(try user(.biller, tenant: index))
        let tenantID = data.tenants[index].id
        // A demo denial recorded by hand: the payer's claim control number is not on file.
        let denied = try XCTUnwrap(data.claims.first { $0.tenantID == tenantID && $0.status == .denied && $0.payerClaimControlNumber == nil })
        try await send(.POST, "/api/v1/claims/\(denied.id)/correct", token: biller, json: ["reason": "authorization obtained"]) { res in
            XCTAssertEqual(res.status, .conflict, res.body.string)
            let error = try XCTUnwrap(try object(res)["error"] as? [String: Any])
            XCTAssertEqual(error["code"] as? String, "correction_refused")
            XCTAssertTrue((error["message"] as? String ?? "").contains("must name the payer's claim control number"), res.body.string)
        }
        // A change naming a line the claim does not have.
        try await send(.POST, "/api/v1/claims/\(denied.id)/correct", token: biller,
                       json: ["reason": "x", "changes": ["lines": [["lineNumber": 99, "units": 2]]]]) { res in
            XCTAssertTrue([.conflict, .unprocessableEntity].contains(res.status), res.body.string)
        }
        // No reason.
        try await send(.POST, "/api/v1/claims/\(denied.id)/void", token: biller, json: [:]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
        }
        // A claim never adjudicated (ready) is voided at once.
        if let ready = data.claims.first(where: { $0.tenantID == tenantID && $0.status == .ready }) {
            try await send(.POST, "/api/v1/claims/\(ready.id)/void", token: biller, json: ["reason": "made in error"]) { res in
                XCTAssertEqual(res.status, .ok, res.body.string)
                XCTAssertEqual(try object(res)["status"] as? String, "voided")
            }
        }
        // A manager reads claims but may not change them.
        let manager = try await token(try user(.manager, tenant: index))
        try await send(.POST, "/api/v1/claims/\(denied.id)/void", token: manager, json: ["reason": "x"]) { res in
            XCTAssertEqual(res.status, .forbidden, res.body.string)
        }
        // The routes are described in the OpenAPI document.
        try await send(.GET, "/openapi.json", token: nil) { res in
            XCTAssertTrue(res.body.string.contains("/api/v1/claims/{id}/correct") && res.body.string.contains("/api/v1/claims/{id}/void"))
        }
    }

    /// The claim page offers Correct and Void where they apply; the forms post, and a refusal comes back in words.
    func testTheClaimPageCorrectsAndVoids() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .rejected } })
        let tenantID = data.tenants[index].id
        let session = try await webSession(try user(.biller, tenant: index))
        let rejected = try XCTUnwrap(data.claims.first { $0.tenantID == tenantID && $0.status == .rejected })
        var page = try await get("/claims/\(rejected.id)", session)
        XCTAssertTrue(page.body.string.contains("action=\"/claims/\(rejected.id)/correct\""), page.body.string)
        XCTAssertTrue(page.body.string.contains("Sent again as an original (frequency 1)"))
        let before = try await store().claim(id: rejected.id, tenantID: tenantID)
        let version = try XCTUnwrap(before).version
        let diagnoses = rejected.diagnoses.map(\.code).joined(separator: ", ")
        var res = try await post("/claims/\(rejected.id)/correct", session, ["reason": "member id fixed", "diagnoses": diagnoses, "version": "\(version)"])
        XCTAssertEqual(res.status, .seeOther, res.body.string)
        let after = try await store().claim(id: rejected.id, tenantID: tenantID)
        let corrected = try XCTUnwrap(after).value
        XCTAssertTrue([.ready, .corrected].contains(corrected.status), "\(corrected.status)")
        XCTAssertEqual(corrected.frequency, .original)
        // A hand-recorded denial has no payer number: the page says so.
        let denied = try XCTUnwrap(data.claims.first { $0.tenantID == tenantID && $0.status == .denied })
        page = try await get("/claims/\(denied.id)", session)
        XCTAssertTrue(page.body.string.contains("action=\"/claims/\(denied.id)/void\""))
        let deniedStored = try await store().claim(id: denied.id, tenantID: tenantID)
        let deniedVersion = try XCTUnwrap(deniedStored).version
        res = try await post("/claims/\(denied.id)/void", session, ["reason": "not ours", "version": "\(deniedVersion)"])
        XCTAssertEqual(res.status, .conflict)
        XCTAssertTrue(res.body.string.contains("must name the payer&#39;s claim control number") || res.body.string.contains("must name the payer's claim control number"),
                      res.body.string)
    }
}

final class ClaimCorrectionAPITestsOnPostgreSQL: ClaimCorrectionAPITests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testAPaidClaimIsCorrectedAsAReplacementAndVoided() async throws { try await super.testAPaidClaimIsCorrectedAsAReplacementAndVoided() }
    override func testRefusalsAndPermissions() async throws { try await super.testRefusalsAndPermissions() }
    override func testTheClaimPageCorrectsAndVoids() async throws { try await super.testTheClaimPageCorrectsAndVoids() }
}
