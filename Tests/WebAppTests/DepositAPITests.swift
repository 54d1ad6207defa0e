import Clearinghouse
import Foundation
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Payer enrollment and bank deposits through the API and the pages, on the demo: an administrator records that the
/// practice's enrollment for claims with a payer is pending, and a biller's batch leaves that payer's claims out with
/// the reason; once approved they are batched, sent and paid; the biller records the 835's deposit, imports a
/// statement (refused whole with each bad line named, then idempotent) and records the reconciliation.
/// SQLite here, PostgreSQL in `DepositAPITestsOnPostgreSQL`.
class DepositAPITests: DemoAppTestCase {
    func testEnrollmentGatesBatchingAndDepositsReconcileToThe835() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let tenant = data.tenants[index]
        let admin = try await token(try user(.administrator, tenant: index))
        let biller = try await token(try user(.biller, tenant: index))
        let ready = try await store().claims(tenantID: tenant.id, query: ClaimQuery(statuses: [.ready], limit: 200)).items.map(\.value)
        let payerID = try XCTUnwrap(ready.first?.payerID)

        // Enrollment: validated field by field, created by an administrator, not by a biller.
        // ERA and EFT left out: not started.
        var enrollment: [String: Any] = ["payerID": payerID.uuidString, "providerNPI": tenant.billingNPI.value, "claims": ["status": "pending"]]
        try await send(.POST, "/api/v1/enrollments", token: admin, json: enrollment) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
            XCTAssertTrue(res.body.string.contains("claims.submittedOn"), res.body.string)
        }
        enrollment["claims"] = ["status": "pending", "submittedOn": "2025-10-01"]
        var elsewhere = enrollment
        elsewhere["payerID"] = UUID().uuidString
        elsewhere["providerID"] = UUID().uuidString
        try await send(.POST, "/api/v1/enrollments", token: admin, json: elsewhere) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
            XCTAssertTrue(res.body.string.contains("no payer of this practice"), res.body.string)
            XCTAssertTrue(res.body.string.contains("no provider of this practice"), res.body.string)
        }
        try await send(.POST, "/api/v1/enrollments", token: biller, json: enrollment) { res in XCTAssertEqual(res.status, .forbidden) }
        var enrollmentID = ""
        try await send(.POST, "/api/v1/enrollments", token: admin, json: enrollment) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            enrollmentID = try XCTUnwrap((try object(res)["record"] as? [String: Any])?["id"] as? String)
            XCTAssertEqual(((try object(res)["record"] as? [String: Any])?["era"] as? [String: Any])?["status"] as? String, "notStarted")
        }
        try await send(.GET, "/api/v1/enrollments?status=pending", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains(enrollmentID))
        }
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let leftOut = try XCTUnwrap(try object(res)["leftOut"] as? [[String: Any]])
            XCTAssertEqual(leftOut.count, ready.filter { $0.payerID == payerID }.count)
            XCTAssertTrue((leftOut.first?["reason"] as? String)?.contains("not enrolled with") ?? false, res.body.string)
        }
        enrollment["claims"] = ["status": "approved", "submittedOn": "2025-10-01", "effectiveFrom": "2025-11-01"]
        try await send(.PUT, "/api/v1/enrollments/\(enrollmentID)", token: admin, json: enrollment, headers: ["If-Match": "\"1\""]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }
        var batchID = ""
        try await send(.POST, "/api/v1/batches?test=true", token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual((try object(res)["leftOut"] as? [Any])?.count, 0, res.body.string)
            batchID = try XCTUnwrap(((try object(res)["batches"] as? [[String: Any]])?.first?["id"] as? String))
        }
        try await send(.POST, "/api/v1/batches/\(batchID)/send", token: biller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        for batch in try await store().batches(tenantID: tenant.id, limit: 50, cursor: nil).items where batch.value.status == .created {
            try await send(.POST, "/api/v1/batches/\(batch.value.id)/send", token: biller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        }
        _ = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory)).answerOutbox(date: "20251110", time: "1200")
        try await send(.POST, "/api/v1/clearinghouse/receive", token: biller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }

        // The 835 payments wait for their deposits.
        var trace = "", cents = 0
        try await send(.GET, "/api/v1/deposits/reconciliation", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let waiting = try XCTUnwrap(try object(res)["paymentsWithoutDeposit"] as? [[String: Any]])
            let payment = try XCTUnwrap(waiting.first?["payment"] as? [String: Any], res.body.string)
            trace = try XCTUnwrap(payment["traceNumber"] as? String)
            cents = try XCTUnwrap(payment["amount"] as? Int)
            XCTAssertEqual(try object(res)["recorded"] as? Bool, false)
        }
        let deposit: [String: Any] = ["amount": cents, "depositedOn": "2025-11-12", "traceNumber": trace]
        let manager = try await token(try user(.manager, tenant: index))
        try await send(.POST, "/api/v1/deposits", token: manager, json: deposit) { res in
            XCTAssertEqual(res.status, .forbidden, "a manager reads deposits but records none")
        }
        try await send(.POST, "/api/v1/deposits", token: biller, json: ["amount": -5, "depositedOn": "2025-11-31", "traceNumber": ""]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
            XCTAssertTrue(res.body.string.contains("depositedOn"), res.body.string)
        }
        var depositID = ""
        try await send(.POST, "/api/v1/deposits", token: biller, json: deposit) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            depositID = try XCTUnwrap((try object(res)["record"] as? [String: Any])?["id"] as? String)
        }
        try await send(.POST, "/api/v1/deposits", token: biller, json: deposit) { res in XCTAssertEqual(res.status, .conflict, "the same deposit twice") }

        // A statement: refused whole with the bad line named, then imported once whatever the repeats.
        try await importCSV("date,amount,reference\n2025-11-14,12.00,CHK 5001\n2025-11-15,abc,CHK 5002\n", token: biller) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
            XCTAssertTrue(res.body.string.contains("bank.csv line 3, amount"), res.body.string)
        }
        let statement = "Date,Description,Amount,Reference\n11/12/2025,ACH CREDIT,\(cents / 100).\(String(format: "%02d", cents % 100)),\(trace)\n11/14/2025,CHECK,12.00,CHK 5001\n"
        try await importCSV(statement, token: biller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(try object(res)["recorded"] as? Int, 1, "the deposit entered by hand is the statement's first line")
            XCTAssertEqual(try object(res)["alreadyRecorded"] as? Int, 1)
        }
        try await send(.POST, "/api/v1/deposits/reconciliation", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try object(res)
            let totals = try XCTUnwrap(body["totals"] as? [String: Any])
            XCTAssertEqual(totals["matched"] as? Int, 1)
            XCTAssertEqual(totals["depositsWithoutRemittance"] as? Int, 1)
            XCTAssertEqual(body["depositsUpdated"] as? Int, 2)
        }
        try await send(.GET, "/api/v1/deposits/\(depositID)", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            let match = try XCTUnwrap((try object(res)["record"] as? [String: Any])?["match"] as? [String: Any], res.body.string)
            XCTAssertEqual(match["status"] as? String, "matched")
            XCTAssertTrue((match["explanation"] as? String)?.contains("agree with the 835 TRN \(trace)") ?? false, res.body.string)
        }
        var unmatchedID = ""
        try await send(.GET, "/api/v1/deposits?status=unmatched", token: biller) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertEqual((try object(res)["data"] as? [Any])?.count, 1, res.body.string)
            unmatchedID = ((try object(res)["data"] as? [[String: Any]])?.first?["record"] as? [String: Any])?["id"] as? String ?? ""
        }

        // Deleting: a deposit recorded as matched stays; one entered by mistake goes, at the version read.
        try await send(.DELETE, "/api/v1/deposits/\(depositID)", token: biller, headers: ["If-Match": "\"2\""]) { res in
            XCTAssertEqual(res.status, .conflict, res.body.string)
            XCTAssertEqual((try object(res)["error"] as? [String: Any])?["code"] as? String, "deposit_matched")
        }
        var version = ""
        try await send(.GET, "/api/v1/deposits/\(unmatchedID)", token: biller) { res in
            XCTAssertEqual(res.status, .ok, "the unmatched deposit \(unmatchedID)")
            version = res.headers.first(name: .eTag) ?? ""
        }
        try await send(.DELETE, "/api/v1/deposits/\(unmatchedID)", token: manager) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.DELETE, "/api/v1/deposits/\(unmatchedID)", token: biller) { res in XCTAssertEqual(res.status, .preconditionRequired) }
        try await send(.DELETE, "/api/v1/deposits/\(unmatchedID)", token: biller, headers: ["If-Match": "\"99\""]) { res in XCTAssertEqual(res.status, .conflict) }
        try await send(.DELETE, "/api/v1/deposits/\(unmatchedID)", token: biller, headers: ["If-Match": version]) { res in
            XCTAssertEqual(res.status, .noContent, res.body.string)
        }
        try await send(.GET, "/api/v1/deposits/\(unmatchedID)", token: biller) { res in XCTAssertEqual(res.status, .notFound) }
        try await send(.GET, "/api/v1/deposits/\(depositID)", token: biller) { res in XCTAssertEqual(res.status, .ok, "the matched deposit stays") }
        // Another practice's deposit is not found.
        let otherBiller = try await token(try user(.biller, tenant: index == 0 ? 1 : 0))
        try await send(.DELETE, "/api/v1/deposits/\(depositID)", token: otherBiller, headers: ["If-Match": "\"2\""]) { res in XCTAssertEqual(res.status, .notFound) }

        // The pages.
        let session = try await webSession(try user(.biller, tenant: index))
        let page = try await get("/deposits", session)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.string.contains("Deposits without an 835"), page.body.string)
        XCTAssertFalse(page.body.string.contains("CHK 5001"), "the deposit deleted above")
        let added = try await post("/deposits", session, ["depositedOn": "2025-11-20", "amount": "1,000.00", "traceNumber": "WIRE-9"])
        XCTAssertEqual(added.status, .seeOther, added.body.string)
        let pasted = try await post("/deposits/import", session, ["statement": "date,amount,reference\n2025-11-21,x,T\n"])
        XCTAssertEqual(pasted.status, .unprocessableEntity)
        XCTAssertTrue(pasted.body.string.contains("Nothing was imported"))
        let recorded = try await post("/deposits/reconcile", session, [:])
        XCTAssertEqual(recorded.status, .ok)
        XCTAssertTrue(recorded.body.string.contains("Reconciliation recorded: 1 deposit updated"), recorded.body.string)
        let wires = try await store().records(BankDeposit.self, tenantID: tenant.id, query: RecordQuery(search: "WIRE-9")).items
        let wire = try XCTUnwrap(wires.first).value
        XCTAssertTrue(recorded.body.string.contains("action=\"/deposits/\(wire.id)/delete\""), "a delete button for the deposit without an 835")
        XCTAssertFalse(recorded.body.string.contains("action=\"/deposits/\(depositID.lowercased())/delete\"") || recorded.body.string.contains("action=\"/deposits/\(depositID)/delete\""))
        let wireVersion = try XCTUnwrap(wires.first).version
        XCTAssertTrue(recorded.body.string.contains("name=version value=\(wireVersion)"), "the delete form carries the version shown")
        let stale = try await post("/deposits/\(wire.id)/delete", session, ["version": "\(wireVersion + 1)"])
        XCTAssertEqual(stale.status, .conflict, "a deposit changed since the page showed it is not deleted")
        let deleted = try await post("/deposits/\(wire.id)/delete", session, ["version": "\(wireVersion)"])
        XCTAssertEqual(deleted.status, .seeOther, deleted.body.string)
        let after = try await get("/deposits", session)
        XCTAssertFalse(after.body.string.contains("WIRE-9"))
        let enrollments = try await get("/enrollments", session)
        XCTAssertEqual(enrollments.status, .ok)
        XCTAssertTrue(enrollments.body.string.contains("approved from 2025-11-01"), enrollments.body.string)
        let adminSession = try await webSession(try user(.administrator, tenant: index))
        let form = try await get("/enrollments/\(enrollmentID)/edit", adminSession)
        XCTAssertEqual(form.status, .ok)
        let refused = try await post("/enrollments", adminSession, ["payerID": payerID.uuidString, "providerNPI": tenant.billingNPI.value,
                                                                    "claimsStatus": "rejected", "eraStatus": "notStarted", "eftStatus": "notStarted"])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("claims.rejectionReason"), refused.body.string)
    }

    func importCSV(_ text: String, token: String, _ check: (XCTHTTPResponse) async throws -> Void) async throws {
        try await app.test(.POST, "/api/v1/deposits/import?name=bank.csv", beforeRequest: { req in
            req.headers.bearerAuthorization = BearerAuthorization(token: token)
            req.headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            req.body = ByteBuffer(string: text)
        }, afterResponse: check)
    }
}

final class DepositAPITestsOnPostgreSQL: DepositAPITests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testEnrollmentGatesBatchingAndDepositsReconcileToThe835() async throws { try await super.testEnrollmentGatesBatchingAndDepositsReconcileToThe835() }
}
