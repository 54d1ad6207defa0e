import Clearinghouse
import Foundation
import Persistence
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// The batches and received-files pages, through the router as a browser uses them: a biller batches, sends, the
/// sandbox answers, the biller receives, and the 835 reads as an explanation of benefits. SQLite here, PostgreSQL in
/// `ExchangePagesTestsOnPostgreSQL`.
class ExchangePagesTests: DemoAppTestCase {
    func testBillerBatchesSendsReceivesAndReadsTheRemittance() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let tenantID = data.tenants[index].id
        let biller = try await webSession(try user(.biller, tenant: index))

        let empty = try await get("/batches", biller)
        XCTAssertEqual(empty.status, .ok)
        XCTAssertTrue(empty.body.string.contains("Batch ready claims"))
        XCTAssertTrue(empty.body.string.contains("href=\"/received\""), "the work navigation links the received files")

        let made = try await post("/batches", biller, ["test": "true"])
        XCTAssertEqual(made.status, .ok, made.body.string)
        let batches = try await store().batches(tenantID: tenantID, limit: 10, cursor: nil).items
        let batch = try XCTUnwrap(batches.first?.value)
        XCTAssertEqual(batch.status, .created)
        XCTAssertTrue(made.body.string.contains("Made <a href=\"/batches/\(batch.id)\">\(esc(batch.fileName))</a>"), made.body.string)
        let claimID = try XCTUnwrap(batch.claimIDs.first)

        let created = try await get("/batches/\(batch.id)", biller)
        XCTAssertEqual(created.status, .ok)
        XCTAssertTrue(created.body.string.contains("href=\"/api/v1/batches/\(batch.id)/837\""))
        XCTAssertTrue(created.body.string.contains("href=\"/claims/\(claimID)\""))
        XCTAssertTrue(created.body.string.contains("action=\"/batches/\(batch.id)/send\""))
        XCTAssertFalse(created.body.string.contains("/resubmit\""), "a batch not yet sent cannot be resubmitted")
        let download = try await get("/api/v1/batches/\(batch.id)/837", biller)
        XCTAssertEqual(download.status, .ok, "the session downloads the 837 as the link says")
        XCTAssertTrue(download.body.string.hasPrefix("ISA*"))

        let sent = try await post("/batches/\(batch.id)/send", biller, [:])
        XCTAssertEqual(sent.status, .seeOther, sent.body.string)
        XCTAssertEqual(sent.headers.first(name: .location), "/batches/\(batch.id)")
        let again = try await post("/batches/\(batch.id)/send", biller, [:])
        XCTAssertEqual(again.status, .conflict)
        XCTAssertTrue(again.body.string.contains("only a batch not yet sent can be sent"), again.body.string)
        XCTAssertTrue(again.body.string.contains("action=\"/batches/\(batch.id)/resubmit\""), "a sent batch offers a resubmission")
        XCTAssertFalse(again.body.string.contains("action=\"/batches/\(batch.id)/send\""))
        XCTAssertTrue(again.body.string.contains("<input type=hidden name=test value=true><button>Resubmit"), "a test batch is resubmitted as a test")

        let sandbox = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory))
        XCTAssertEqual(try sandbox.answerOutbox(date: "20251110", time: "1200").count, 1)

        let received = try await post("/received/receive", biller, [:])
        XCTAssertEqual(received.status, .ok, received.body.string)
        XCTAssertTrue(received.body.string.contains("(999)") && received.body.string.contains("(277CA)") && received.body.string.contains("(835)"),
                      received.body.string)
        XCTAssertFalse(received.body.string.contains("Could not be read"), received.body.string)
        let acknowledgments = try await get("/received?kind=999", biller)
        XCTAssertEqual(acknowledgments.body.string.components(separatedBy: "<a href=\"/received/").count - 1, 1, "only the 999 is listed")
        let badKind = try await get("/received?kind=837", biller)
        XCTAssertEqual(badKind.status, .badRequest)

        let remittances = try await store().receivedFiles(tenantID: tenantID, kind: .remittance, limit: 10, cursor: nil).items
        let remittance = try XCTUnwrap(remittances.first?.value)
        let storedClaim = try await store().claim(id: claimID, tenantID: tenantID)
        let claim = try XCTUnwrap(storedClaim?.value)
        let eob = try await get("/received/\(remittance.id)", biller).body.string
        XCTAssertTrue(eob.contains("Remittance advice"), eob)
        XCTAssertTrue(eob.contains("Trace number (TRN)"))
        XCTAssertTrue(eob.contains("<pre class=note>ISA*"), "the raw file is shown")
        // The claim's own CLP block shows what was posted to it.
        let block = try XCTUnwrap(eob.range(of: "<h3>Claim <a href=\"/claims/\(claimID)\""), eob)
        let ownBlock = String(eob[block.upperBound...]).components(separatedBy: "<h3>").first ?? ""
        XCTAssertTrue(ownBlock.contains("<dt>Paid</dt><dd>\(claim.totals.payments.formatted)</dd>"), "paid \(claim.totals.payments.formatted) in \(ownBlock)")

        let claimPage = try await get("/claims/\(claimID)", biller).body.string
        let files = try XCTUnwrap(claimPage.range(of: "<h2>Files</h2>"), claimPage)
        let kinds = claimPage[files.upperBound...].components(separatedBy: "<tr><td>").dropFirst().map { $0.prefix { $0 != "<" } }
        XCTAssertEqual(kinds, ["837", "999", "277CA", "835"])
        XCTAssertTrue(claimPage.contains("href=\"/batches/\(batch.id)\""))
        XCTAssertTrue(claimPage.contains("href=\"/received/\(remittance.id)\""))
    }

    func testASentBatchWithoutAnswerIsResubmittedFromItsPage() async throws {
        let index = try XCTUnwrap(data.tenants.firstIndex { t in data.claims.contains { $0.tenantID == t.id && $0.status == .ready } })
        let tenantID = data.tenants[index].id
        let biller = try await webSession(try user(.biller, tenant: index))
        _ = try await post("/batches", biller, ["test": "true"])
        let made = try await store().batches(tenantID: tenantID, limit: 10, cursor: nil).items
        let first = try XCTUnwrap(made.first?.value)
        let early = try await post("/batches/\(first.id)/resubmit", biller, ["test": "true"])
        XCTAssertEqual(early.status, .conflict, "a batch not yet sent is not resubmitted")
        XCTAssertTrue(early.body.string.contains("only a sent batch without an answer"), early.body.string)
        _ = try await post("/batches/\(first.id)/send", biller, [:])
        let resubmitted = try await post("/batches/\(first.id)/resubmit", biller, ["test": "true"])
        XCTAssertEqual(resubmitted.status, .seeOther, resubmitted.body.string)
        let location = try XCTUnwrap(resubmitted.headers.first(name: .location))
        let newID = try XCTUnwrap(UUID(uuidString: String(location.dropFirst("/batches/".count))), location)
        let stored = try await store().batch(id: newID, tenantID: tenantID)
        XCTAssertEqual(stored?.value.resubmissionOf, first.id)
        XCTAssertEqual(stored?.value.status, .created)
        let old = try await get("/batches/\(first.id)", biller).body.string
        XCTAssertTrue(old.contains("<dt>Resubmitted as</dt><dd><a href=\"/batches/\(newID)\">"), old)
        XCTAssertFalse(old.contains("/resubmit\""), "a resubmitted batch is not resubmitted again")
    }

    func testOnlyBillersBatchAndOnlyWithTheSessionsToken() async throws {
        let coder = try await webSession(try user(.coder))
        let coderWork = try await get("/work", coder)
        XCTAssertFalse(coderWork.body.string.contains("href=\"/batches\""), "a coder does not read claims")
        let coderList = try await get("/batches", coder)
        XCTAssertEqual(coderList.status, .forbidden)
        let manager = try await webSession(try user(.manager))
        let list = try await get("/batches", manager)
        XCTAssertEqual(list.status, .ok)
        XCTAssertFalse(list.body.string.contains("Batch ready claims"), "a manager reads batches but is not offered to make them")
        let files = try await get("/received", manager)
        XCTAssertEqual(files.status, .ok)
        XCTAssertFalse(files.body.string.contains("Receive from clearinghouse"))
        let refused = try await post("/batches", coder, [:])
        XCTAssertEqual(refused.status, .forbidden)
        let biller = try await webSession(try user(.biller))
        let forged = try await post("/batches", (biller.cookie, "not-the-token"), [:])
        XCTAssertEqual(forged.status, .forbidden)
        let batches = try await store().batches(tenantID: data.tenants[0].id, limit: 1, cursor: nil).items
        XCTAssertTrue(batches.isEmpty, "nothing was batched")
    }

    func testNamesAndContentsAreEscapedAndAnUnreadableRemittanceIsSaidSo() async throws {
        let tenantID = data.tenants[0].id
        let biller = try await webSession(try user(.biller))
        let file = ReceivedFile(id: UUID(), tenantID: tenantID, kind: .remittance, name: "<script>alert(1)</script>.835",
                                contents: "ISA*<b>junk</b>~", receivedAt: Date(), receivedBy: ClaimActor(userID: UUID(), displayName: "Tester & <Co>"),
                                notes: ["<i>note</i>"])
        _ = try await store().insertReceivedFile(file, claims: [])
        let list = try await get("/received", biller).body.string
        XCTAssertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;.835"), list)
        XCTAssertFalse(list.contains("<script>alert"))
        let page = try await get("/received/\(file.id)", biller)
        XCTAssertEqual(page.status, .ok)
        XCTAssertFalse(page.body.string.contains("<script>alert") || page.body.string.contains("<b>junk") || page.body.string.contains("<i>note"))
        XCTAssertTrue(page.body.string.contains("Tester &amp; &lt;Co&gt;"))
        XCTAssertTrue(page.body.string.contains("The remittance could not be shown"), page.body.string)
        let missing = try await get("/received/\(UUID())", biller)
        XCTAssertEqual(missing.status, .notFound)
    }
}

final class ExchangePagesTestsOnPostgreSQL: ExchangePagesTests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testBillerBatchesSendsReceivesAndReadsTheRemittance() async throws { try await super.testBillerBatchesSendsReceivesAndReadsTheRemittance() }
    override func testASentBatchWithoutAnswerIsResubmittedFromItsPage() async throws { try await super.testASentBatchWithoutAnswerIsResubmittedFromItsPage() }
    override func testOnlyBillersBatchAndOnlyWithTheSessionsToken() async throws { try await super.testOnlyBillersBatchAndOnlyWithTheSessionsToken() }
    override func testNamesAndContentsAreEscapedAndAnUnreadableRemittanceIsSaidSo() async throws {
        try await super.testNamesAndContentsAreEscapedAndAnUnreadableRemittanceIsSaidSo()
    }
}
