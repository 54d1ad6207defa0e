import Clearinghouse
import Foundation
import Persistence
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// The whole cycle through the API, as a biller works it, for one claim made from a coded encounter of a patient
/// with two plans (scrubbed as it is made): batched, sent to the sandbox clearinghouse and payer, its 999, 277CA and
/// 835 received; the payer wants an authorization, so the 835 denies it; the same 835 again changes nothing; the
/// denial is appealed, upheld by the payer's letter, the claim corrected with the authorization and sent as a
/// replacement, which is paid and balanced; what the primary left to the patient is billed to the second plan.
/// SQLite here, PostgreSQL in `RevenueCycleEndToEndTestsOnPostgreSQL`.
class RevenueCycleEndToEndTests: DemoAppTestCase {
    func claimStatus(_ id: String, _ biller: String) async throws -> String? {
        var status: String?
        try await send(.GET, "/api/v1/claims/\(id)", token: biller) { res in status = try object(res)["status"] as? String }
        return status
    }

    /// Batches the claim, sends the batch, lets the sandbox answer on `date`, and receives the answers.
    func sendAndReceive(_ claimID: String, _ biller: String, _ sandbox: SandboxClearinghouse, date: String) async throws {
        var batchIDs: [String] = []
        try await send(.POST, "/api/v1/batches?test=true", token: biller, json: ["claimIDs": [claimID]]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            batchIDs = (try object(res)["batches"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        }
        XCTAssertEqual(batchIDs.count, 1)
        for id in batchIDs {
            try await send(.POST, "/api/v1/batches/\(id)/send", token: biller) { XCTAssertEqual($0.status, .ok, $0.body.string) }
        }
        _ = try sandbox.answerOutbox(date: date, time: "1200")
        try await send(.POST, "/api/v1/clearinghouse/receive", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual((try object(res)["errors"] as? [Any])?.count, 0, res.body.string)
            let kinds = (try object(res)["files"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            XCTAssertEqual(kinds, ["999", "277CA", "835"], res.body.string)
        }
    }

    func testEncounterToPaymentWithAnAppealedThenCorrectedDenialAndASecondaryClaim() async throws {
        let claimed = Set(data.claims.map(\.encounterID))
        let encounter = try XCTUnwrap(data.encounters.first { e in
            e.status == .coded && !claimed.contains(e.id) && data.coverages.filter { $0.patientID == e.patientID }.count >= 2
        }, "a coded encounter of a patient with two plans")
        let tenantID = encounter.tenantID
        let biller = try await token(try user(.biller, tenant: try XCTUnwrap(data.tenants.firstIndex { $0.id == tenantID })))

        var claimID = ""
        try await send(.POST, "/api/v1/claims", token: biller, json: ["encounterID": encounter.id.uuidString]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(try object(res)["status"] as? String, "ready", "scrubbed clean as it is made: \(res.body.string)")
            claimID = (try object(res)["claim"] as? [String: Any])?["id"] as? String ?? ""
        }
        let id = try XCTUnwrap(UUID(uuidString: claimID))
        // The payer wants an authorization for the codes billed.
        var contract = PayerContract.demo
        contract.priorAuthorizationCodes = Array(Set(data.charges.filter { $0.encounterID == encounter.id }.map(\.procedure.code))).sorted()
        let sandbox = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory), contract: contract)
        try await sendAndReceive(claimID, biller, sandbox, date: "20251110")
        let firstStatus = try await claimStatus(claimID, biller)
        XCTAssertEqual(firstStatus, "denied")

        // The same 835 again changes nothing.
        var remittance = ""
        try await send(.GET, "/api/v1/received-files?kind=835", token: biller) { res in
            let fileID = (try object(res)["items"] as? [[String: Any]])?.first?["id"] as? String ?? ""
            try await send(.GET, "/api/v1/received-files/\(fileID)", token: biller) { remittance = try object($0)["contents"] as? String ?? "" }
        }
        let versionBefore = try await store().claim(id: id, tenantID: tenantID)?.version
        try await app.test(.POST, "/api/v1/received-files?name=again.835", beforeRequest: { req in
            req.headers.bearerAuthorization = BearerAuthorization(token: biller)
            req.body = ByteBuffer(string: remittance)
        }) { res async throws in
            XCTAssertEqual(try object(res)["duplicate"] as? Bool, true, res.body.string)
        }
        let versionAfter = try await store().claim(id: id, tenantID: tenantID)?.version
        XCTAssertEqual(versionBefore, versionAfter)

        // On the worklist; appealed; upheld by the payer's letter.
        var denialIDs: [String] = []
        try await send(.GET, "/api/v1/denials?claimID=\(claimID)", token: biller) { res in
            let items = try XCTUnwrap(try object(res)["items"] as? [[String: Any]])
            denialIDs = items.compactMap { ($0["denial"] as? [String: Any])?["id"] as? String }
            XCTAssertTrue(items.allSatisfy { ($0["denial"] as? [String: Any])?["category"] as? String == "authorization" }, res.body.string)
        }
        XCTAssertFalse(denialIDs.isEmpty)
        var appealID = ""
        try await send(.POST, "/api/v1/claims/\(claimID)/appeals", token: biller, json: [:]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            appealID = (try object(res)["appeal"] as? [String: Any])?["id"] as? String ?? ""
        }
        let appealed = try await claimStatus(claimID, biller)
        XCTAssertEqual(appealed, "appealed")
        try await send(.POST, "/api/v1/appeals/\(appealID)/outcome", token: biller, json: ["outcome": "upheld", "note": "no authorization on file"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }

        // Corrected with the authorization, sent as a replacement, and paid.
        try await send(.POST, "/api/v1/claims/\(claimID)/correct", token: biller,
                       json: ["reason": "authorization obtained for the service", "changes": ["priorAuthorizationNumber": "PA-2025-0042"]]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual((try object(res)["claim"] as? [String: Any])?["frequency"] as? String, "7")
            XCTAssertEqual(try object(res)["status"] as? String, "ready", res.body.string)
        }
        for denialID in denialIDs {
            try await send(.POST, "/api/v1/denials/\(denialID)/resolve", token: biller, json: ["status": "corrected", "reason": "replacement sent with the authorization"]) { res in
                XCTAssertEqual(res.status, .ok, res.body.string)
            }
        }
        try await sendAndReceive(claimID, biller, sandbox, date: "20251117")
        let storedClaim = try await store().claim(id: id, tenantID: tenantID)
        let claim = try XCTUnwrap(storedClaim).value
        XCTAssertTrue([.paid, .partiallyPaid].contains(claim.status), "\(claim.status)")
        XCTAssertEqual(claim.frequency, .replacement)
        XCTAssertEqual(claim.ledger.verify(), [], "balanced")
        XCTAssertTrue(claim.totals.payments.isPositive)
        try await send(.GET, "/api/v1/claims/\(claimID)/documents", token: biller) { res in
            let kinds = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]]).compactMap { $0["kind"] as? String }
            XCTAssertEqual(kinds.filter { $0 == "837" }.count, 2, "sent twice: \(kinds)")
            XCTAssertEqual(kinds.filter { $0 == "835" }.count, 2, "denied, then paid: \(kinds)")
        }

        // What the primary left to the patient is billed to the second plan, once; nothing stays on the primary.
        let drafts = try await store().claims(tenantID: tenantID, query: ClaimQuery(statuses: [.draft], patientID: claim.patientID, limit: 50))
        let secondaries = drafts.items.map(\.value).filter { $0.priorPayerAdjudications.contains { $0.claimID == claim.id } }
        XCTAssertEqual(secondaries.count, 1, "billed to the second plan once")
        let secondary = try XCTUnwrap(secondaries.first)
        XCTAssertEqual(secondary.coverageOrder, .secondary)
        XCTAssertEqual(claim.totals.patientResponsibility, .zero, "the patient's share moved to the second plan")
        XCTAssertTrue(secondary.totals.balance.isPositive)
        XCTAssertEqual(secondary.totals.balance, secondary.priorPayerAdjudications[0].patientResponsibility)
        XCTAssertEqual(secondary.ledger.verify(), [])
    }
}

final class RevenueCycleEndToEndTestsOnPostgreSQL: RevenueCycleEndToEndTests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testEncounterToPaymentWithAnAppealedThenCorrectedDenialAndASecondaryClaim() async throws {
        try await super.testEncounterToPaymentWithAnAppealedThenCorrectedDenialAndASecondaryClaim()
    }
}
