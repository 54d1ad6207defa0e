import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import XCTest

/// The denial worklist on the real databases: the sandbox payer denies the demo's claims for want of an
/// authorization, the 835 puts each denial on the worklist with the payer's appeal deadline, an appeal is filed with a
/// letter from its template, and the payer's later 835 paying the claim decides the appeal; an appeal decided by
/// letter, a second level and resolutions are kept as well.
final class DenialWorklistTests: XCTestCase {
    let biller = ClaimActor(userID: UUID(), displayName: "Test biller")
    let at = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10, the demo's day
    let today = ServiceDate(year: 2025, month: 11, day: 10)!

    /// The demo's ready claims sent to a sandbox payer that wants an authorization for every code billed, and its
    /// answers received: every claim denied (CO-197).
    func withDeniedClaims(_ body: (DatabaseStore, Tenant, ClaimBatch, URL) async throws -> Void) async throws {
        try await withLoadedDemo { store, data, tenant, folder in
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            let batch = try XCTUnwrap(made.batches.first).value
            let transport = try DropFolderTransport(root: folder.appendingPathComponent("first"))
            _ = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60))
            var contract = PayerContract.demo
            contract.priorAuthorizationCodes = data.claims.filter { batch.claimIDs.contains($0.id) }.flatMap { $0.lines.compactMap { $0.procedure?.code } }
            _ = try SandboxClearinghouse(folders: transport, contract: contract).answerOutbox(date: "20251110", time: "1200")
            for outcome in try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(120), postedOn: today) {
                if case .failure(let error) = outcome { XCTFail(error.description) }
            }
            try await body(store, tenant, batch, folder)
        }
    }

    func testDeniedClaimsAreOnTheWorklistAndAnAppealIsDecidedByThePayersNextRemittance() async throws {
        try await withDeniedClaims { store, tenant, batch, folder in
            let worklist = try await store.denials(tenantID: tenant.id, query: DenialQuery(statuses: DenialStatus.workable))
            XCTAssertFalse(worklist.items.isEmpty)
            for d in worklist.items.map(\.value) {
                XCTAssertEqual(d.category, .authorization, d.summary)
                XCTAssertTrue(d.summary.contains("197"), d.summary)
                XCTAssertTrue(batch.claimIDs.contains(d.claimID))
                let claim = try await store.claim(id: d.claimID, tenantID: tenant.id)
                let payer = try await store.record(Payer.self, id: claim!.value.payerID, tenantID: tenant.id)
                XCTAssertEqual(d.appealDeadline, d.remittanceDate.adding(days: payer!.value.appealDays), "the payer's appeal limit")
            }
            let deadlines = worklist.items.compactMap(\.value.appealDeadline)
            XCTAssertEqual(deadlines, deadlines.sorted(), "nearest deadline first")

            // The appeal: its letter from the authorization template, the claim and its denials appealed.
            let claimID = try XCTUnwrap(worklist.items.first?.value.claimID)
            let desk = DenialDesk(store: store, actor: biller)
            let appeal = try await desk.fileAppeal(claimID: claimID, tenantID: tenant.id, denialIDs: nil, templateID: nil, letterText: nil, goodCause: nil,
                                                   sentOn: today, at: at.addingTimeInterval(600)).value
            XCTAssertEqual(appeal.templateID, "authorization")
            XCTAssertEqual(appeal.level, 1)
            XCTAssertFalse(appeal.letter.contains("{{"), appeal.letter)
            XCTAssertTrue(appeal.letter.contains(appeal.patientControlNumber), appeal.letter)
            XCTAssertTrue(appeal.letter.contains("CO-197"), appeal.letter)
            let appealedClaim = try await store.claim(id: claimID, tenantID: tenant.id)
            XCTAssertEqual(appealedClaim?.value.status, .appealed)
            let appealedDenials = try await store.denials(tenantID: tenant.id, query: DenialQuery(statuses: [.appealed], claimID: claimID))
            XCTAssertEqual(Set(appealedDenials.items.map(\.value.id)), Set(appeal.denialIDs))
            // Filing the same denials again is refused: they are under appeal.
            do {
                _ = try await desk.fileAppeal(claimID: claimID, tenantID: tenant.id, denialIDs: appeal.denialIDs, templateID: nil, letterText: nil,
                                              goodCause: nil, sentOn: today, at: at.addingTimeInterval(660))
                XCTFail("an appealed denial was appealed again")
            } catch let refusal as AppealRefusal {
                XCTAssertTrue(refusal.message.contains("appealed"), refusal.message)
            }

            // The payer reprocesses the claim with the authorization and pays in full: its 835 decides the appeal.
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let reprocessed = try await Self.paidInFull(denialFrom: store, tenant: tenant, claimNumber: appeal.patientControlNumber)
            let outcome = try await exchange.receive(name: "835-appeal.x12", contents: reprocessed, tenantID: tenant.id, at: at.addingTimeInterval(86_400 * 21),
                                                     postedOn: ServiceDate(year: 2025, month: 12, day: 1)!)
            XCTAssertEqual(outcome.file.value.counts["appealsDecided"], 1, outcome.file.value.notes.joined(separator: "\n"))
            let paid = try await store.claim(id: claimID, tenantID: tenant.id)
            XCTAssertEqual(paid?.value.status, .paid)
            XCTAssertEqual(paid.map { $0.value.ledger.verify() }, [])
            let decided = try await store.appeal(id: appeal.id, tenantID: tenant.id)
            XCTAssertEqual(decided?.value.outcome, .overturned)
            XCTAssertEqual(decided?.value.recovered, paid?.value.totals.payments)
            XCTAssertEqual(decided?.value.decidedBy?.kind, "835")
            for id in appeal.denialIDs {
                let d = try await store.denial(id: id, tenantID: tenant.id)
                XCTAssertEqual(d?.value.status, .overturned)
            }
            let pending = try await store.appeals(tenantID: tenant.id, claimID: nil, pendingOnly: true, limit: 50, cursor: nil)
            XCTAssertTrue(pending.items.isEmpty)
        }
    }

    func testAnAppealUpheldByLetterCanGoToASecondLevelAndADenialCanBeWrittenOff() async throws {
        try await withDeniedClaims { store, tenant, _, _ in
            let worklist = try await store.denials(tenantID: tenant.id, query: DenialQuery())
            let denial = try XCTUnwrap(worklist.items.first).value
            let claimID = denial.claimID
            let desk = DenialDesk(store: store, actor: biller)

            // Late without a good cause: refused; with one, filed and the cause is in the letter.
            let deadline = try XCTUnwrap(denial.appealDeadline)
            let late = try XCTUnwrap(deadline.adding(days: 1))
            do {
                _ = try await desk.fileAppeal(claimID: claimID, tenantID: tenant.id, denialIDs: [denial.id], templateID: "general", letterText: nil,
                                              goodCause: nil, sentOn: late, at: at.addingTimeInterval(600))
                XCTFail("a late appeal without a good cause was filed")
            } catch let refusal as AppealRefusal {
                XCTAssertEqual(refusal.field, "goodCause")
            }
            let first = try await desk.fileAppeal(claimID: claimID, tenantID: tenant.id, denialIDs: [denial.id], templateID: "general", letterText: nil,
                                                  goodCause: "the remittance reached us after the practice's move", sentOn: late, at: at.addingTimeInterval(600))
            XCTAssertTrue(first.value.letter.contains("the practice's move"), first.value.letter)

            // Upheld by letter: the claim is denied again, the denials upheld and open to a second level.
            let upheld = try await desk.decide(appealID: first.value.id, tenantID: tenant.id, outcome: .upheld, decidedOn: late, recovered: nil,
                                               note: "no authorization on file", at: at.addingTimeInterval(700))
            XCTAssertEqual(upheld.value.outcome, .upheld)
            let denied = try await store.claim(id: claimID, tenantID: tenant.id)
            XCTAssertEqual(denied?.value.status, .denied)
            do {
                _ = try await desk.decide(appealID: first.value.id, tenantID: tenant.id, outcome: .overturned, decidedOn: late, recovered: nil, note: nil,
                                          at: at.addingTimeInterval(710))
                XCTFail("an appeal was decided twice")
            } catch is AppealRefusal {}
            let second = try await desk.fileAppeal(claimID: claimID, tenantID: tenant.id, denialIDs: first.value.denialIDs, templateID: nil,
                                                   letterText: "Our own words, edited.", goodCause: "second level", sentOn: late, at: at.addingTimeInterval(800))
            XCTAssertEqual(second.value.level, 2)
            XCTAssertEqual(second.value.letter, "Our own words, edited.")
            XCTAssertEqual(second.value.templateID, "authorization (edited)")

            // Withdrawn (to correct the claim instead): the claim is denied again and the denial open, then written off.
            do {
                _ = try await desk.resolve(denialID: denial.id, tenantID: tenant.id, as: .closed, reason: "x")
                XCTFail("a denial under appeal was closed")
            } catch is AppealRefusal {}
            _ = try await desk.decide(appealID: second.value.id, tenantID: tenant.id, outcome: .withdrawn, decidedOn: late, recovered: nil, note: nil,
                                      at: at.addingTimeInterval(900))
            let withdrawn = try await store.denial(id: denial.id, tenantID: tenant.id)
            XCTAssertEqual(withdrawn?.value.status, .open)
            let written = try await desk.resolve(denialID: denial.id, tenantID: tenant.id, as: .writtenOff, reason: "under the small-balance limit")
            XCTAssertEqual(written.value.status, .writtenOff)
            XCTAssertEqual(written.value.resolution, "under the small-balance limit")
            let open = try await store.denials(tenantID: tenant.id, query: DenialQuery(statuses: DenialStatus.workable))
            XCTAssertFalse(open.items.contains { $0.value.id == denial.id })
            let all = try await store.denials(tenantID: tenant.id, query: DenialQuery(statuses: [.writtenOff], limit: 1))
            XCTAssertEqual(all.items.map(\.value.id), [denial.id])
            XCTAssertNil(all.nextCursor)
        }
    }

    /// The tenant's first 835, reprocessed by the payer: a new trace number, and the claim paid in full.
    static func paidInFull(denialFrom store: DatabaseStore, tenant: Tenant, claimNumber: String) async throws -> String {
        let files = try await store.receivedFiles(tenantID: tenant.id, kind: .remittance, limit: 10, cursor: nil)
        let stored = try await store.receivedFile(id: try XCTUnwrap(files.items.first).value.id, tenantID: tenant.id)
        let document = try XCTUnwrap(HealthCareValidation.read(Array(try XCTUnwrap(stored).value.contents.utf8)).document)
        var era = Remittance(try XCTUnwrap(document.transactions.first), component: ":")
        era.traceNumber = "APPEAL0001"
        era.paymentDate = "20251201"
        era.claims = era.claims.filter { $0.claimId == claimNumber }.map { clp in
            var clp = clp
            clp.statusCode = "1"
            clp.paidCents = clp.chargeCents
            clp.patientResponsibilityCents = 0
            clp.adjustments = []
            clp.remarkCodes = []
            clp.serviceLines = clp.serviceLines.map { var line = $0; line.paidCents = line.chargeCents; line.adjustments = []; line.remarkCodes = []; return line }
            return clp
        }
        era.paymentCents = era.claims.compactMap(\.paidCents).reduce(0, +)
        era.providerAdjustments = []
        return RemittanceWriter.write(era, parties: InterchangeParties(senderID: "SBX01", receiverID: tenant.taxID.value, usage: "T"), date: "20251201", time: "0900",
                                      interchangeControlNumber: 900, groupControlNumber: 900)
    }
}
