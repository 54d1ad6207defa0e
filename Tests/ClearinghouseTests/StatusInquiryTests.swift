import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import XCTest

/// 276/277 on the real databases: a payer that pends the demo's claims leaves them acknowledged with no answer; after
/// the waiting days each payer gets one 276 (valid to the guide), the claims are not asked about again until the
/// days pass once more, and the payer's 277 moves them to pending.
final class StatusInquiryTests: XCTestCase {
    let biller = ClaimActor(userID: UUID(), displayName: "Test biller")
    let at = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10, the demo's day

    func testClaimsWithoutAnswerAreAskedAboutOnceAndThe277MovesThemToPending() async throws {
        try await withLoadedDemo { store, _, tenant, folder in
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let transport = try DropFolderTransport(root: folder)
            let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            let batch = try XCTUnwrap(made.batches.first).value
            _ = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))
            var contract = PayerContract.demo
            contract.pendDays = 60
            let sandbox = try SandboxClearinghouse(folders: transport, contract: contract)
            _ = try sandbox.answerOutbox(date: "20251110", time: "1200")
            _ = try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(120), postedOn: DemoSeed.today)
            for id in batch.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.status, .acknowledged, "pended: acknowledged, not paid")
            }

            // Too soon for the batch's claims (the demo's older claims are asked about).
            let early = try await exchange.inquire(tenantID: tenant.id, waitingDays: 30, asOf: DemoSeed.today.adding(days: 29)!, through: transport,
                                                   at: at.addingTimeInterval(86_400 * 29))
            XCTAssertTrue(Set(early.inquiries.flatMap(\.value.claimIDs)).isDisjoint(with: batch.claimIDs))

            let asOf = DemoSeed.today.adding(days: 31)!
            let sent = try await exchange.inquire(tenantID: tenant.id, waitingDays: 30, asOf: asOf, through: transport, at: at.addingTimeInterval(86_400 * 31))
            XCTAssertEqual(sent.inquiries.count, 1, "one payer; skipped: \(sent.skipped)")
            let inquiry = try XCTUnwrap(sent.inquiries.first).value
            XCTAssertEqual(Set(inquiry.claimIDs), Set(batch.claimIDs))
            XCTAssertTrue(inquiry.fileName.hasPrefix("276-"), inquiry.fileName)
            let (report, _) = try HealthCareValidation.read(Array(inquiry.contents.utf8))
            XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
            let stored = try await store.statusInquiry(id: inquiry.id, tenantID: tenant.id)
            XCTAssertEqual(stored?.value.contents, inquiry.contents)
            let listed = try await store.statusInquiries(tenantID: tenant.id, limit: 10, cursor: nil)
            XCTAssertEqual(listed.items.first?.value.id, inquiry.id, "newest first")
            XCTAssertEqual(listed.items.first?.value.contents, "", "lists leave the file out")
            for id in batch.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.lastStatusInquiryOn, asOf)
                let documents = try await store.claimDocuments(claimID: id, tenantID: tenant.id)
                XCTAssertTrue(documents.contains { $0.kind == "276" && $0.documentID == inquiry.id })
            }
            // Asked already: not again until the waiting days pass once more.
            let again = try await exchange.inquire(tenantID: tenant.id, waitingDays: 30, asOf: asOf.adding(days: 1)!, through: transport,
                                                   at: at.addingTimeInterval(86_400 * 32))
            XCTAssertTrue(again.inquiries.isEmpty)

            // The payer answers P1 (pended): the claims move to pending, with the 277 on their timeline.
            _ = try sandbox.answerOutbox(date: asOf.x12, time: "1300")
            let outcomes = try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(86_400 * 31 + 3600), postedOn: asOf)
            let answers = outcomes.compactMap { try? $0.get().file.value }.filter { $0.kind == .claimStatus }
            XCTAssertEqual(answers.count, 1 + early.inquiries.count, "a 277 for each 276")
            XCTAssertEqual(answers.compactMap { $0.counts["claimsPending"] }.reduce(0, +), batch.claimIDs.count, answers.flatMap(\.notes).joined(separator: "\n"))
            // The payer never had the demo's older claims: said, and nothing moved.
            XCTAssertTrue(answers.flatMap(\.notes).contains { $0.contains("A4") }, answers.flatMap(\.notes).joined(separator: "\n"))
            for id in batch.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.status, .pending)
                XCTAssertEqual(claim?.value.history.last?.source?.kind, "277")
            }
        }
    }
}
