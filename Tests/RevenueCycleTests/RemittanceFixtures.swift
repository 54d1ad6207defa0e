import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import XCTest

/// 835 pieces for the posting tests, in cents, against the fixture claim: line 1 is 99213-25 for $125.00, line 2
/// 36415 for $10.00, both on 2025-11-03; the claim's patient control number is PCN1.
enum ERA {
    static let line1Control = Fixture.id(8).uuidString.replacingOccurrences(of: "-", with: "")
    static let line2Control = Fixture.id(9).uuidString.replacingOccurrences(of: "-", with: "")
    static let actor = ClaimActor(userID: Fixture.id(900), displayName: "ERA poster")
    static let postedOn = Fixture.date("2025-12-01")
    static let sentAt = Date(timeIntervalSince1970: 1_764_000_000)
    static let postedAt = Date(timeIntervalSince1970: 1_764_600_000)

    static func cas(_ group: String, _ reason: String, _ cents: Int) -> Adjustment {
        Adjustment(groupCode: group, reasonCode: reason, amountCents: cents, quantity: nil)
    }

    static func svc(_ code: String, _ modifiers: [String] = [], charge: Int, paid: Int, units: String? = nil, date: String? = "20251103",
                    control: String?, _ adjustments: [Adjustment], remarks: [String] = []) -> Remittance.ServiceLine {
        Remittance.ServiceLine(procedureCode: code, modifiers: modifiers, chargeCents: charge, paidCents: paid, units: units, serviceDate: date,
                               lineControlNumber: control, adjustments: adjustments, remarkCodes: remarks)
    }

    static func clp(_ pcn: String = "PCN1", status: String = "1", charge: Int, paid: Int, patient: Int? = nil, icn: String = "ICN1",
                    crossover: Party? = nil, remarks: [String] = [], _ adjustments: [Adjustment] = [], lines: [Remittance.ServiceLine] = []) -> Remittance.ClaimPayment {
        Remittance.ClaimPayment(claimId: pcn, statusCode: status, chargeCents: charge, paidCents: paid, patientResponsibilityCents: patient,
                                filingIndicator: "12", payerClaimControlNumber: icn, patient: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M123456789"),
                                crossoverCarrier: crossover, remarkCodes: remarks, adjustments: adjustments, serviceLines: lines)
    }

    static func remittance(trn: String = "TRN1", payment: Int? = nil, _ claims: [Remittance.ClaimPayment],
                           plb: [Remittance.ProviderAdjustment] = []) -> Remittance {
        Remittance(controlNumber: "0001", paymentCents: payment ?? claims.map { $0.paidCents ?? 0 }.reduce(0, +) - plb.map { $0.amountCents ?? 0 }.reduce(0, +),
                   paymentDate: "20251201", traceNumber: trn, payerIdentifier: "1123456789",
                   payer: Party(name: "SANDBOX HEALTH PLAN", address: HealthCareX12.Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
                   payerContactName: "EDI SUPPORT", payerContactPhone: "8005551212",
                   payee: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"), payeeTaxID: "123456789",
                   claims: claims, providerAdjustments: plb)
    }

    /// Line 1 allowed $100: CO-45 $25, copay PR-3 $20, deductible PR-1 $10, paid $70. Line 2 allowed $8: CO-45 $2,
    /// coinsurance PR-2 $1.60, paid $6.40. The claim: paid $76.40, patient owes $31.60.
    static var paidClaim: Remittance.ClaimPayment {
        clp(charge: 13500, paid: 7640, patient: 3160, lines: [
            svc("99213", ["25"], charge: 12500, paid: 7000, control: line1Control, [cas("CO", "45", 2500), cas("PR", "3", 2000), cas("PR", "1", 1000)]),
            svc("36415", charge: 1000, paid: 640, control: line2Control, [cas("CO", "45", 200), cas("PR", "2", 160)]),
        ])
    }

    /// The fixture claim, sent to the payer (draft, ready, batched, submitted).
    static func submittedClaim(id: Int = 100, pcn: String = "PCN1", file: StaticString = #filePath, line: UInt = #line) throws -> RevenueCycle.Claim {
        var claim = try Fixture().builder.build(claimID: Fixture.id(id), patientControlNumber: pcn)
        for (i, status) in [ClaimStatus.ready, .batched, .submitted].enumerated() {
            try claim.transition(to: status, actor: actor, at: sentAt.addingTimeInterval(Double(i)), reason: "sent in the test")
        }
        return claim
    }

    static func plan(_ remittance: Remittance, _ claims: [RevenueCycle.Claim], file: String = "era.835") -> RemittancePlan {
        RemittancePosting.plan(remittance, fileName: file, postedOn: postedOn, at: postedAt, actor: actor) { pcn in
            claims.filter { $0.patientControlNumber == pcn }
        }
    }

    /// Plans and applies to `claim`, checking that the plan posts and the money invariant holds.
    @discardableResult
    static func post(_ remittance: Remittance, to claim: inout RevenueCycle.Claim, file: StaticString = #filePath, line: UInt = #line) throws -> RemittancePlan {
        let plan = plan(remittance, [claim])
        XCTAssertEqual(plan.exceptions, [], file: file, line: line)
        try plan.apply(to: &claim)
        XCTAssertEqual(claim.ledger.verify(), [], file: file, line: line)
        return plan
    }
}
