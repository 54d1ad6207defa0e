import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import XCTest

/// On SQLite and PostgreSQL, with the demo: a payer the practice tracks enrollment with gets no claims of a provider
/// not enrolled on the batch date (they stay ready, with the reason); an 835 from a payer without ERA enrollment gets
/// a note; the 835's payments reconcile to imported bank deposits by trace number, with the findings stored.
final class EnrollmentAndDepositExchangeTests: XCTestCase {
    let biller = ClaimActor(userID: UUID(), displayName: "Test biller")
    let at = Date(timeIntervalSince1970: 1_762_790_400)  // 2025-11-10, the demo's day
    let postedOn = ServiceDate(year: 2025, month: 11, day: 10)!

    func withDemo(_ body: (DatabaseStore, Tenant, URL) async throws -> Void) async throws {
        try await withLoadedDemo { store, _, tenant, folder in try await body(store, tenant, folder) }
    }

    func readyClaims(_ store: DatabaseStore, _ tenant: Tenant) async throws -> [RevenueCycle.Claim] {
        try await store.claims(tenantID: tenant.id, query: ClaimQuery(statuses: [.ready], limit: 200)).items.map(\.value)
    }

    func testClaimsOfAProviderNotEnrolledWithATrackedPayerAreLeftOut() async throws {
        try await withDemo { store, tenant, _ in
            let ready = try await readyClaims(store, tenant)
            let payerID = try XCTUnwrap(ready.first?.payerID)
            let ofPayer = Set(ready.filter { $0.payerID == payerID }.map(\.id))
            let payerRecord = try await store.record(Payer.self, id: payerID, tenantID: tenant.id)
            let payer = try XCTUnwrap(payerRecord).value
            var enrollment = PayerEnrollment(id: UUID(), tenantID: tenant.id, payerID: payerID, providerNPI: tenant.billingNPI, payerEnrollmentID: "TP-77",
                                             claims: EnrollmentState(status: .pending, submittedOn: ServiceDate(year: 2025, month: 10, day: 1)))
            var stored = try await store.insert(enrollment)
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")

            let refused = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            XCTAssertEqual(Set(refused.leftOut.map(\.claimID)), ofPayer)
            XCTAssertEqual(refused.leftOut.first?.reason,
                           "enrollment: the billing provider (NPI \(tenant.billingNPI.value)) is not enrolled with \(payer.name) for claims (837) on 2025-11-10: pending since 2025-10-01")
            XCTAssertFalse(refused.batches.contains { $0.value.payerID == payerID })
            for id in ofPayer { let claim = try await store.claim(id: id, tenantID: tenant.id); XCTAssertEqual(claim?.value.status, .ready) }
            // Other payers, not tracked, were batched as always.
            XCTAssertEqual(refused.batches.flatMap(\.value.claimIDs).count, ready.count - ofPayer.count)

            // Approved, but from a later day: still left out.
            enrollment.claims = EnrollmentState(status: .approved, submittedOn: ServiceDate(year: 2025, month: 10, day: 1), effectiveFrom: ServiceDate(year: 2025, month: 12, day: 1))
            stored = try await store.update(enrollment, expectedVersion: stored.version)
            let early = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            XCTAssertTrue(early.leftOut.first?.reason.hasSuffix("approved from 2025-12-01") ?? false, "\(early.leftOut)")

            // In force on the batch date: batched.
            enrollment.claims.effectiveFrom = ServiceDate(year: 2025, month: 11, day: 1)
            _ = try await store.update(enrollment, expectedVersion: stored.version)
            let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            XCTAssertEqual(made.leftOut.count, 0, "\(made.leftOut)")
            XCTAssertEqual(Set(made.batches.flatMap(\.value.claimIDs)), ofPayer)
        }
    }

    /// A resubmission checks enrollment again, as batching does: when the payer takes none of the waiting claims'
    /// providers that day, nothing is resubmitted and the reason is given; once approved, all go.
    func testAResubmissionChecksEnrollmentAgain() async throws {
        try await withDemo { store, tenant, folder in
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let batches = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at).batches
            let batch = try XCTUnwrap(batches.first).value
            _ = try await exchange.send(batchID: batch.id, tenantID: tenant.id, through: try DropFolderTransport(root: folder), at: at.addingTimeInterval(60))
            let payerRecord = try await store.record(Payer.self, id: batch.payerID, tenantID: tenant.id)
            let payer = try XCTUnwrap(payerRecord).value
            // Since the batch was sent, the practice tracks this payer and the billing provider's enrollment is pending.
            var billing = PayerEnrollment(id: UUID(), tenantID: tenant.id, payerID: batch.payerID, providerNPI: tenant.billingNPI,
                                          claims: EnrollmentState(status: .pending, submittedOn: ServiceDate(year: 2025, month: 10, day: 1)))
            let stored = try await store.insert(billing)
            do {
                _ = try await exchange.resubmit(batchID: batch.id, tenantID: tenant.id, at: at.addingTimeInterval(3600))
                XCTFail("claims of a provider not enrolled were resubmitted")
            } catch let refusal as ClaimBatchError {
                XCTAssertTrue(refusal.message.contains("can be resubmitted"), refusal.message)
                XCTAssertTrue(refusal.message.contains("enrollment: the billing provider (NPI \(tenant.billingNPI.value)) is not enrolled with \(payer.name)"), refusal.message)
            }
            let untouched = try await store.batch(id: batch.id, tenantID: tenant.id)
            XCTAssertEqual(untouched?.value.status, .sent, "nothing was resubmitted")
            for id in batch.claimIDs {
                let claim = try await store.claim(id: id, tenantID: tenant.id)
                XCTAssertEqual(claim?.value.status, .submitted)
            }

            // Approved from before the resubmission's day: every waiting claim is resubmitted, none left out.
            billing.claims = EnrollmentState(status: .approved, submittedOn: ServiceDate(year: 2025, month: 10, day: 1), effectiveFrom: ServiceDate(year: 2025, month: 11, day: 1))
            _ = try await store.update(billing, expectedVersion: stored.version)
            let made = try await exchange.resubmit(batchID: batch.id, tenantID: tenant.id, at: at.addingTimeInterval(3600))
            XCTAssertEqual(made.leftOut, [])
            XCTAssertEqual(Set(made.batch.value.claimIDs), Set(batch.claimIDs))
        }
    }

    func testAnERAWithoutEnrollmentIsNotedAndItsPaymentsReconcileToDeposits() async throws {
        try await withDemo { store, tenant, folder in
            let ready = try await readyClaims(store, tenant)
            // Every payer of the ready claims takes claims; the first one's ERA enrollment is still submitted.
            let payerIDs = Set(ready.map(\.payerID))
            let eraPending = try XCTUnwrap(ready.first?.payerID)
            for payerID in payerIDs {
                let era = payerID == eraPending ? EnrollmentState(status: .submitted, submittedOn: ServiceDate(year: 2025, month: 11, day: 1))
                    : EnrollmentState(status: .approved, effectiveFrom: ServiceDate(year: 2025, month: 1, day: 1))
                _ = try await store.insert(PayerEnrollment(id: UUID(), tenantID: tenant.id, payerID: payerID, providerNPI: tenant.billingNPI,
                                                           claims: EnrollmentState(status: .approved, effectiveFrom: ServiceDate(year: 2025, month: 1, day: 1)), era: era))
            }
            let exchange = ClaimExchange(store: store, actor: biller, usage: "T")
            let made = try await exchange.batchReadyClaims(tenantID: tenant.id, at: at)
            XCTAssertEqual(made.leftOut.count, 0, "\(made.leftOut)")
            let transport = try DropFolderTransport(root: folder)
            for batch in made.batches { _ = try await exchange.send(batchID: batch.value.id, tenantID: tenant.id, through: transport, at: at.addingTimeInterval(60)) }
            _ = try SandboxClearinghouse(folders: transport).answerOutbox(date: "20251110", time: "1200")
            let outcomes = try await exchange.receiveInbox(transport, tenantID: tenant.id, at: at.addingTimeInterval(120), postedOn: postedOn)
            for outcome in outcomes { if case .failure(let error) = outcome { XCTFail(error.description) } }
            let eras = try await store.receivedFiles(tenantID: tenant.id, kind: .remittance, limit: 50, cursor: nil).items.map(\.value)
            XCTAssertFalse(eras.isEmpty)
            let pendingRecord = try await store.record(Payer.self, id: eraPending, tenantID: tenant.id)
            let pendingPayer = try XCTUnwrap(pendingRecord).value
            let noted = eras.filter { $0.notes.contains { $0.hasPrefix("enrollment: an 835 came from \(pendingPayer.name)") && $0.contains("submitted since 2025-11-01") } }
            XCTAssertEqual(noted.count, 1, "\(eras.map(\.notes))")
            XCTAssertEqual(eras.filter { $0.notes.contains { $0.hasPrefix("enrollment:") } }.count, 1, "payers approved for ERA get no note")

            // The 835s' payments, and a statement with one deposit matching, one short and one nobody announced.
            let desk = DepositDesk(store: store)
            let allPayments = try await desk.remittancePayments(tenantID: tenant.id)
            let payments = allPayments.filter(\.expectsDeposit)
            XCTAssertEqual(allPayments.count, eras.count, "\(allPayments)")
            // Read from the segments, the payments agree with the typed 835.
            for era in eras {
                let whole = try await store.receivedFile(id: era.id, tenantID: tenant.id)
                let file = try XCTUnwrap(whole).value
                let document = try XCTUnwrap(try HealthCareValidation.read(Array(file.contents.utf8)).document)
                let typed = document.transactions.map { Remittance($0, component: Character(Unicode.Scalar(document.delimiters.component))) }
                let read = DepositDesk.payments(in: file)
                XCTAssertEqual(read.map(\.traceNumber), typed.map { $0.traceNumber ?? "" })
                XCTAssertEqual(read.map(\.amount.cents), typed.map { $0.paymentCents ?? 0 })
                XCTAssertEqual(read.map(\.method), typed.map(\.paymentMethod))
                XCTAssertEqual(read.map(\.paymentDate), typed.map { $0.paymentDate.flatMap { ServiceDate(compact: $0) } })
                XCTAssertEqual(read.map(\.payerName), typed.map { $0.payer?.name })
                XCTAssertEqual(read.map(\.transactionControlNumber), typed.map(\.controlNumber))
            }
            let first = try XCTUnwrap(payments.first, "the sandbox paid something")
            var csv = "date,amount,reference,description\n"
            csv += "11/12/2025,\(dollars(first.amount)),\(first.traceNumber),ACH CREDIT\n"
            if payments.count > 1 { csv += "2025-11-12,\(dollars(payments[1].amount - Money(cents: 1))),\(payments[1].traceNumber),ACH CREDIT\n" }
            csv += "2025-11-13,55.00,UNKNOWN-1,MOBILE DEPOSIT\n"
            let imported = try await desk.importStatement(csv, fileName: "november.csv", tenantID: tenant.id)
            XCTAssertEqual(imported.recorded, payments.count > 1 ? 3 : 2)
            let again = try await desk.importStatement(csv, fileName: "november.csv", tenantID: tenant.id)
            XCTAssertEqual(again.recorded, 0, "importing the statement again records nothing")
            XCTAssertEqual(again.alreadyRecorded, imported.recorded)

            let (r, changed) = try await desk.reconcile(tenantID: tenant.id, today: ServiceDate(year: 2025, month: 11, day: 30)!, at: at, record: true)
            XCTAssertEqual(changed, imported.recorded)
            XCTAssertEqual(r.matched.map(\.payment.traceNumber), [first.traceNumber])
            XCTAssertEqual(r.amountMismatches.count, payments.count > 1 ? 1 : 0)
            XCTAssertEqual(r.depositsWithoutRemittance.map(\.traceNumber), ["UNKNOWN-1"])
            XCTAssertEqual(r.paymentsWithoutDeposit.count, max(0, payments.count - 2))
            let matchedID = try XCTUnwrap(imported.depositIDs.first)
            let storedRecord = try await store.record(BankDeposit.self, id: matchedID, tenantID: tenant.id)
            let stored = try XCTUnwrap(storedRecord)
            XCTAssertEqual(stored.value.match?.status, .matched)
            XCTAssertEqual(stored.value.match?.receivedFileID, first.receivedFileID)
            XCTAssertEqual(stored.value.source, DepositSource(kind: .statement, fileName: "november.csv", line: 2))
            // Reconciling again finds the same: nothing is written.
            let (_, unchanged) = try await desk.reconcile(tenantID: tenant.id, today: ServiceDate(year: 2025, month: 11, day: 30)!, at: at.addingTimeInterval(60), record: true)
            XCTAssertEqual(unchanged, 0)
            let matchedList = try await store.records(BankDeposit.self, tenantID: tenant.id, query: RecordQuery(status: "matched"))
            XCTAssertEqual(matchedList.items.map(\.value.id), [matchedID])

            // A statement with a bad line is refused whole.
            do {
                _ = try await desk.importStatement("date,amount,reference\n2025-11-20,10.00,NEW-1\n2025-11-21,ten,NEW-2\n", fileName: "bad.csv", tenantID: tenant.id)
                XCTFail("a bad statement was imported")
            } catch DepositDesk.ImportError.problems(let name, let problems) {
                XCTAssertEqual(name, "bad.csv")
                XCTAssertEqual(problems.map(\.description), ["line 3, amount: expected dollars and cents such as 1234.56; got \"ten\""])
            }
            let all = try await desk.deposits(tenantID: tenant.id)
            XCTAssertFalse(all.contains { $0.value.traceNumber == "NEW-1" }, "nothing of a refused statement is recorded")
        }
    }

    func dollars(_ m: Money) -> String { String(format: "%d.%02d", m.cents / 100, m.cents % 100) }
}
