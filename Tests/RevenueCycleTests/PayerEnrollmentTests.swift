import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// Payer enrollment: each transaction's state is checked field by field, and a payer the practice tracks enrollment
/// with takes only enrolled providers' claims; other payers are never blocked.
final class PayerEnrollmentTests: XCTestCase {
    let f = Fixture()
    let day = Fixture.date("2025-11-10")

    func enrollment(claims: EnrollmentState = EnrollmentState(status: .approved, effectiveFrom: Fixture.date("2025-01-01")),
                    era: EnrollmentState = .notStarted, npi: String = "1234567893") -> PayerEnrollment {
        PayerEnrollment(id: UUID(), tenantID: f.tenant.id, payerID: f.payer.id, providerNPI: NPI(npi), claims: claims, era: era)
    }

    func testEachStatusNeedsItsDatesAndReasonNamedByField() {
        XCTAssertEqual(enrollment().validate(), [])
        let bad = PayerEnrollment(id: UUID(), tenantID: f.tenant.id, payerID: f.payer.id, providerNPI: NPI("1234567890"),
                                  payerEnrollmentID: " TP-1", claims: EnrollmentState(status: .approved),
                                  era: EnrollmentState(status: .rejected), eft: EnrollmentState(status: .pending, rejectionReason: "x"),
                                  notes: "")
        let problems = bad.validate()
        XCTAssertProblem(problems, "providerNPI", "check digit")
        XCTAssertProblem(problems, "payerEnrollmentID", "must not start or end with spaces")
        XCTAssertProblem(problems, "claims.effectiveFrom", "effective date")
        XCTAssertProblem(problems, "era.rejectionReason", "the payer's reason")
        XCTAssertProblem(problems, "eft.submittedOn", "the date it was sent")
        XCTAssertProblem(problems, "eft.rejectionReason", "only a rejected enrollment")
        XCTAssertProblem(problems, "notes", "empty")
        let backwards = enrollment(claims: EnrollmentState(status: .terminated, effectiveFrom: Fixture.date("2025-06-01"), effectiveThrough: Fixture.date("2025-05-31")))
        XCTAssertProblem(backwards.validate(), "claims.effectiveThrough", "before it starts")
        let notStarted = enrollment(claims: EnrollmentState(status: .notStarted, submittedOn: day))
        XCTAssertProblem(notStarted.validate(), "claims.status", "no dates")
    }

    func testAnApprovalIsInForceFromItsEffectiveDateThroughItsLastDay() {
        let state = EnrollmentState(status: .approved, effectiveFrom: Fixture.date("2025-11-01"), effectiveThrough: Fixture.date("2025-11-30"))
        XCTAssertFalse(state.isInForce(on: Fixture.date("2025-10-31")))
        XCTAssertTrue(state.isInForce(on: Fixture.date("2025-11-01")))
        XCTAssertTrue(state.isInForce(on: Fixture.date("2025-11-30")))
        XCTAssertFalse(state.isInForce(on: Fixture.date("2025-12-01")))
        let terminated = EnrollmentState(status: .terminated, effectiveFrom: Fixture.date("2025-01-01"), effectiveThrough: Fixture.date("2025-11-09"))
        XCTAssertTrue(terminated.isInForce(on: Fixture.date("2025-11-09")))
        XCTAssertFalse(terminated.isInForce(on: day))
        XCTAssertFalse(EnrollmentState(status: .pending, submittedOn: day, effectiveFrom: day).isInForce(on: day))
    }

    func testAPayerWithoutEnrollmentsIsNotChecked() {
        let book = EnrollmentBook([])
        XCTAssertNil(book.claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: f.provider.npi, payer: f.payer, on: day))
        var other = f.payer
        other.id = UUID()
        // Tracking one payer does not block another.
        XCTAssertNil(EnrollmentBook([enrollment(claims: EnrollmentState(status: .pending, submittedOn: day))])
            .claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: nil, payer: other, on: day))
    }

    func testATrackedPayerTakesOnlyTheEnrolledBillingProvidersClaims() throws {
        XCTAssertNil(EnrollmentBook([enrollment()]).claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: f.provider.npi, payer: f.payer, on: day))
        let pending = EnrollmentBook([enrollment(claims: EnrollmentState(status: .pending, submittedOn: Fixture.date("2025-10-01")))])
        let reason = try XCTUnwrap(pending.claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: nil, payer: f.payer, on: day))
        XCTAssertEqual(reason, "enrollment: the billing provider (NPI 1234567893) is not enrolled with Sandbox Health Plan for claims (837) on 2025-11-10: pending since 2025-10-01")
        let rejected = EnrollmentBook([enrollment(claims: EnrollmentState(status: .rejected, rejectionReason: "W-9 missing"))])
        XCTAssertTrue(rejected.claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: nil, payer: f.payer, on: day)?.hasSuffix("rejected: W-9 missing") ?? false)
        // Only a rendering provider's enrollment is recorded: the billing provider has none.
        let renderingOnly = EnrollmentBook([enrollment(npi: f.provider.npi.value)])
        XCTAssertTrue(renderingOnly.claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: f.provider.npi, payer: f.payer, on: day)?
            .contains("has no enrollment recorded with Sandbox Health Plan") ?? false)
        // A rendering provider with an enrollment recorded must be approved too.
        let renderingPending = EnrollmentBook([enrollment(), enrollment(claims: EnrollmentState(status: .submitted, submittedOn: day), npi: f.provider.npi.value)])
        XCTAssertTrue(renderingPending.claimRefusal(billingNPI: f.tenant.billingNPI, renderingNPI: f.provider.npi, payer: f.payer, on: day)?
            .contains("the rendering provider (NPI 1912301953) is not enrolled") ?? false)
    }

    func testARemittanceFromAPayerWithoutERAEnrollmentGetsANote() throws {
        let book = EnrollmentBook([enrollment(era: EnrollmentState(status: .submitted, submittedOn: Fixture.date("2025-11-01")))])
        let note = try XCTUnwrap(book.remittanceNote(billingNPI: f.tenant.billingNPI, payer: f.payer, on: day))
        XCTAssertTrue(note.contains("ERA enrollment is submitted since 2025-11-01 on 2025-11-10"), note)
        let approved = EnrollmentBook([enrollment(era: EnrollmentState(status: .approved, effectiveFrom: Fixture.date("2025-01-01")))])
        XCTAssertNil(approved.remittanceNote(billingNPI: f.tenant.billingNPI, payer: f.payer, on: day))
        XCTAssertNil(EnrollmentBook([]).remittanceNote(billingNPI: f.tenant.billingNPI, payer: f.payer, on: day))
    }
}
