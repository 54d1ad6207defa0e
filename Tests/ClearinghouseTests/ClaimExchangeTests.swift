import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import XCTest

/// Batches, sending and receiving on the real databases: the demo's ready claims are batched with persisted control
/// numbers, sent through a drop folder, answered by the sandbox, and the answers move the claims; the same answer
/// received twice changes nothing.
final class ClaimExchangeTests: XCTestCase {
    let biller = ClaimActor(userID: UUID(), displayName: "Test biller")
    let at = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10, the demo's day

    func withDemo(_ body: (DatabaseStore, Tenant, URL) async throws -> Void) async throws {
        try await withLoadedDemo { store, _, tenant, folder in try await body(store, tenant, folder) }
    }

    func testReadyClaimsAreBatchedSentAcceptedAndAnswersAreIdempotent() async throws {
        try await withDemo { store, tenant, folder in
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let result = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            XCTAssertFalse(result.batches.isEmpty)
            let batch = try XCTUnwrap(result.batches.first).value
            XCTAssertEqual(batch.status, .created)
            XCTAssertTrue(batch.contents.contains("REF*6R*"), "every line carries its control number")
            for id in batch.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.status, .batched)
            }
            // Nothing ready is left to batch: a claim is in one batch.
            let again = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            XCTAssertTrue(again.batches.isEmpty)

            let transport = try DropFolderTransport(root: folder)
            let sent = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))
            XCTAssertEqual(sent.value.status, .sent)
            // Sending twice is refused: resubmitting is explicit.
            do {
                _ = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(61))
                XCTFail("a sent batch was sent again")
            } catch let error as ClaimBatchError {
                XCTAssertTrue(error.message.contains("resubmit"), error.message)
            }

            let sandbox = try SandboxClearinghouse(folders: transport)
            _ = try sandbox.answerOutbox(date: "20251110", time: "1200")
            let inbox = try await transport.received()
            let ack = try XCTUnwrap(inbox.first { String(decoding: $0.contents, as: UTF8.self).contains("*999*") })

            let outcomes = try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(120), postedOn: ServiceDate(year: 2025, month: 11, day: 10)!)
            XCTAssertFalse(outcomes.isEmpty)
            for outcome in outcomes { if case .failure(let error) = outcome { XCTFail(error.description) } }
            let answered = try await store.batch(id: batch.id, tenantID: tenant.id)
            XCTAssertEqual(answered?.value.status, .accepted)
            for id in batch.claimIDs {
                let stored = try await store.claim(id: id, tenantID: tenant.id)
                let claim = try XCTUnwrap(stored).value
                XCTAssertFalse([.batched, .submitted, .rejected].contains(claim.status), "\(claim.patientControlNumber) is \(claim.status)")
                let documents = try await store.claimDocuments(claimID: id, tenantID: tenant.id)
                XCTAssertEqual(documents.first?.kind, "837")
                XCTAssertTrue(documents.contains { $0.kind == "999" }, "\(documents)")
            }

            // The same 999 again (a clearinghouse that sends twice): recorded once, nothing changes.
            let before = try await store.claim(id: batch.claimIDs[0], tenantID: tenant.id)
            let repeated = try await exchange.receive(name: ack.name + ".again", contents: String(decoding: ack.contents, as: UTF8.self),
                                                      tenantID: tenant.id, at: at.addingTimeInterval(180), postedOn: ServiceDate(year: 2025, month: 11, day: 10)!)
            guard case .duplicate = repeated else { return XCTFail("the same 999 was applied twice") }
            let after = try await store.claim(id: batch.claimIDs[0], tenantID: tenant.id)
            XCTAssertEqual(before?.version, after?.version)
        }
    }

    func testControlNumbersAreNeverReusedAndAResubmissionSendsOnlyWaitingClaims() async throws {
        try await withDemo { store, tenant, folder in
            let first = try await store.nextInterchangeControlNumber(tenantID: tenant.id)
            let second = try await store.nextInterchangeControlNumber(tenantID: tenant.id)
            XCTAssertEqual(second, first + 1)

            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let batches = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at).batches
            let batch = try XCTUnwrap(batches.first).value
            XCTAssertEqual(batch.interchangeControlNumber, second + 1)
            let transport = try DropFolderTransport(root: folder)
            _ = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))

            // The clearinghouse never answered: the batch is sent again under a new number, with the same claims.
            let resubmission = try await exchange.resubmit(batchID: batch.id, tenantID: tenant.id, at: at.addingTimeInterval(3600)).batch.value
            XCTAssertNotEqual(resubmission.interchangeControlNumber, batch.interchangeControlNumber)
            XCTAssertEqual(Set(resubmission.claimIDs), Set(batch.claimIDs))
            XCTAssertEqual(resubmission.resubmissionOf, batch.id)
            let old = try await store.batch(id: batch.id, tenantID: tenant.id)
            XCTAssertEqual(old?.value.status, .resubmitted)
            XCTAssertEqual(old?.value.resubmittedAs, resubmission.id)
            for id in resubmission.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.status, .batched)
            }
            // A batch already resubmitted is not resubmitted again.
            do {
                _ = try await exchange.resubmit(batchID: batch.id, tenantID: tenant.id, at: at.addingTimeInterval(7200))
                XCTFail("a resubmitted batch was resubmitted again")
            } catch is ClaimBatchError {}
            let page = try await store.batches(tenantID: tenant.id, limit: 1, cursor: nil)
            XCTAssertEqual(page.items.first?.value.id, resubmission.id, "newest first")
            XCTAssertEqual(page.items.first?.value.contents, "", "lists leave the file out")
            let next = try await store.batches(tenantID: tenant.id, limit: 1, cursor: page.nextCursor)
            XCTAssertEqual(next.items.first?.value.id, batch.id)
        }
    }

    /// `revcycle demo cycle`'s run: every tenant's ready claims through the sandbox and back, one 835 twice; then the
    /// denied claim appealed, upheld, corrected and paid, and the secondary claims sent and decided.
    func testTheDemoCycleSendsEveryReadyClaimAndPostsEachRemittanceOnce() async throws {
        try await withDemo { store, _, folder in
            let files = folder.appendingPathComponent("x12")
            try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
            let summary = try await DemoCycleRun.run(store: store, folder: folder.appendingPathComponent("clearinghouse"), files: files) { _ in }
            XCTAssertGreaterThanOrEqual(summary.claimsBatched, 3)
            XCTAssertEqual(summary.claimsAccepted, summary.claimsBatched)
            XCTAssertEqual(summary.claimsAcknowledged + summary.claimsRejected, summary.claimsBatched)
            // Each claim decided once, but the corrected ones twice (denied, then paid as a replacement).
            XCTAssertEqual(summary.claimsPaid + summary.claimsPartiallyPaid + summary.claimsDenied, summary.claimsAcknowledged - summary.claimsCorrected)
            XCTAssertEqual(summary.remittancesPosted, summary.batchesSent)
            XCTAssertEqual(summary.paymentsBalanced, summary.remittancesPosted)
            XCTAssertEqual(summary.postingExceptions, 0)
            XCTAssertEqual(summary.duplicatePostingsIgnored, 1)
            XCTAssertEqual(summary.claimsWithMoneyInvariant, summary.claimsChecked)
            // Each batch: its 837, a 999, a 277CA and an 835.
            XCTAssertEqual(summary.filesWritten, 4 * summary.batchesSent)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: files.path).count, summary.filesWritten)
            // The denied claim: on the worklist, appealed, upheld, corrected with the authorization and paid.
            XCTAssertGreaterThanOrEqual(summary.claimsDeniedFirst, 1)
            XCTAssertGreaterThanOrEqual(summary.denialsOnWorklist, 1)
            XCTAssertEqual(summary.claimsAppealed, summary.claimsDeniedFirst)
            XCTAssertEqual(summary.claimsCorrected, summary.claimsAppealed)
            XCTAssertEqual(summary.correctedClaimsPaid, summary.claimsCorrected)
            var replacements: [RevenueCycle.Claim] = []
            for tenant in try await store.allTenants() {
                let appeals = try await store.appeals(tenantID: tenant.id, claimID: nil, pendingOnly: false, limit: 50, cursor: nil).items.map(\.value)
                XCTAssertTrue(appeals.allSatisfy { $0.outcome == .upheld && !$0.letter.contains("{{") })
                let page = try await store.claims(tenantID: tenant.id, query: ClaimQuery(statuses: [.paid, .partiallyPaid], limit: 200))
                replacements += page.items.map(\.value).filter { $0.frequency == .replacement }
            }
            XCTAssertEqual(replacements.count, summary.claimsCorrected)
            XCTAssertTrue(replacements.allSatisfy { $0.priorAuthorizationNumber == "PA-DEMO-0001" && $0.ledger.verify().isEmpty })

            // What the primary left to a patient with a second plan is billed to it: a claim whose 837 carries the
            // primary's decision and is valid to the guide, sent in round 2 and paid by the sandbox as secondary.
            XCTAssertGreaterThanOrEqual(summary.secondaryClaimsMade, 1)
            XCTAssertEqual(summary.secondaryClaimsSent, summary.secondaryClaimsMade)
            XCTAssertEqual(summary.secondaryClaimsPaid, summary.secondaryClaimsSent)
            var secondaries: [RevenueCycle.Claim] = []
            for tenant in try await store.allTenants() {
                let page = try await store.claims(tenantID: tenant.id, query: ClaimQuery(limit: 200))
                secondaries += page.items.map(\.value).filter { $0.coverageOrder == .secondary && !$0.priorPayerAdjudications.isEmpty }
            }
            XCTAssertTrue(secondaries.allSatisfy { $0.status == .paid && $0.totals.balance == .zero }, "\(secondaries.map(\.status))")
            XCTAssertEqual(secondaries.count, summary.secondaryClaimsMade)
            for secondary in secondaries {
                let earlier = try await store.claim(id: secondary.priorPayerAdjudications[0].claimID, tenantID: secondary.tenantID)
                let primary = try XCTUnwrap(earlier).value
                XCTAssertEqual(primary.coverageOrder, .primary)
                XCTAssertEqual(primary.totals.patientResponsibility, .zero, "the remainder moved to the secondary")
                XCTAssertTrue(secondary.ledger.verify().isEmpty)
                let records = try await ClaimRecords.load(for: secondary, from: store)
                XCTAssertEqual(records.otherCoverages.count, 1)
                let stored = try await store.tenant(id: secondary.tenantID)
                let tenant = try XCTUnwrap(stored)
                let text = ClaimInterchange.interchange(
                    [records], kind: secondary.kind, submitter: try ClaimSubmitter(billingOffice: tenant),
                    receiver: Party(name: records.payer.name, idQualifier: "46", id: records.payer.electronicID.value),
                    parties: InterchangeParties(senderQualifier: "30", senderID: tenant.taxID.value, receiverID: records.payer.electronicID.value, usage: "T"),
                    batchID: "1", created: at, interchangeControlNumber: 1, groupControlNumber: 1)
                XCTAssertTrue(text.contains("AMT*D*"), text)
                let (report, _) = try HealthCareValidation.read(Array(text.utf8))
                XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
            }
        }
    }

    /// A TA1 that refuses the envelope rejects the batch and its claims; one that accepts it changes nothing (the 999 decides).
    func testATA1RefusingTheEnvelopeRejectsTheBatch() async throws {
        try await withDemo { store, tenant, folder in
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let batches = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at).batches
            let batch = try XCTUnwrap(batches.first).value
            _ = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: try DropFolderTransport(root: folder), at: at.addingTimeInterval(60))
            func ta1(_ code: String, _ note: String) -> String {
                let receiver = tenant.taxID.value.padding(toLength: 15, withPad: " ", startingAt: 0)
                let number = String(format: "%09d", batch.interchangeControlNumber)
                return "ISA*00*          *00*          *ZZ*SANDBOX        *30*\(receiver)*251110*1200*^*00501*000000777*0*T*:~"
                    + "TA1*\(number)*251110*1200*\(code)*\(note)~IEA*0*000000777~"
            }
            let accepted = try await exchange.receive(name: "ta1-accepted.x12", contents: ta1("A", "000"), tenantID: tenant.id,
                                                      at: at.addingTimeInterval(90), postedOn: ServiceDate(year: 2025, month: 11, day: 10)!)
            XCTAssertEqual(accepted.file.value.kind, .interchangeAcknowledgment)
            let stillSent = try await store.batch(id: batch.id, tenantID: tenant.id)
            XCTAssertEqual(stillSent?.value.status, .sent)
            _ = try await exchange.receive(name: "ta1-refused.x12", contents: ta1("R", "006"), tenantID: tenant.id,
                                           at: at.addingTimeInterval(120), postedOn: ServiceDate(year: 2025, month: 11, day: 10)!)
            let refused = try await store.batch(id: batch.id, tenantID: tenant.id)
            XCTAssertEqual(refused?.value.status, .rejected)
            for id in batch.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.status, .rejected)
                XCTAssertTrue(claim?.value.history.last?.reason.contains("TA1 note code 006") ?? false)
            }
        }
    }

    func testAFileThatIsNotX12IsRefusedWithItsName() async throws {
        try await withDemo { store, tenant, _ in
            let exchange = ClaimExchange(store: store, actor: biller)
            do {
                _ = try await exchange.receive(name: "junk.txt", contents: "hello", tenantID: tenant.id, at: at, postedOn: ServiceDate(year: 2025, month: 11, day: 10)!)
                XCTFail("junk was received")
            } catch let error as ReceivedFileError {
                XCTAssertTrue(error.description.hasPrefix("junk.txt: not an X12 interchange"), error.description)
            }
            let files = try await store.receivedFiles(tenantID: tenant.id, kind: nil, limit: 10, cursor: nil)
            XCTAssertTrue(files.items.isEmpty)
        }
    }
}
