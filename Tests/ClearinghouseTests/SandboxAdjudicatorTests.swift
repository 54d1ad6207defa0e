import Clearinghouse
import Foundation
import HealthCareX12
import OracleSupport
import XCTest

/// The sandbox payer's adjudication, one rule at a time, on `SandboxFixtures.contract` (amounts worked out by hand);
/// every 835 and 277CA it produces is valid to our validator (balancing included) and to pyx12.
final class SandboxAdjudicatorTests: XCTestCase {
    typealias F = SandboxFixtures
    let adjudicator = SandboxAdjudicator(contract: F.contract)

    func adjudicate(_ claims: [Claim], on date: String = "20261130", ledger: SandboxLedger = SandboxLedger()) throws -> SandboxAdjudicator.Outcome {
        let outcome = adjudicator.adjudicate(F.batch(claims), receivedOn: date, ledger: ledger)
        try F.assertValid(F.write(outcome.acknowledgment), "277CA")
        for era in outcome.remittances { try F.assertValid(F.write(era), "835") }
        return outcome
    }

    func only(_ outcome: SandboxAdjudicator.Outcome) throws -> Remittance.ClaimPayment {
        XCTAssertEqual(outcome.remittances.count, 1)
        return try XCTUnwrap(outcome.remittances.first?.claims.first)
    }

    func adjustments(_ line: Remittance.ServiceLine) -> [String] {
        line.adjustments.map { "\($0.groupCode)-\($0.reasonCode) \($0.amountCents ?? 0)" }
    }

    func testFeeScheduleContractualAdjustmentAndCopay() throws {
        let paid = try only(adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])]))
        let line = try XCTUnwrap(paid.serviceLines.first)
        // Allowed $90 of $125: CO-45 $35; the visit's copay $25; paid $65.
        XCTAssertEqual(adjustments(line), ["CO-45 3500", "PR-3 2500"])
        XCTAssertEqual(line.paidCents, 6500)
        XCTAssertEqual(line.lineControlNumber, "C1-1")
        XCTAssertEqual(paid.claimId, "C1")
        XCTAssertEqual(paid.statusCode, "1")
        XCTAssertEqual(paid.paidCents, 6500)
        XCTAssertEqual(paid.patientResponsibilityCents, 2500)
        XCTAssertEqual(paid.payerClaimControlNumber, "SBX0100000001")
    }

    func testDeductibleThenCoinsuranceCarriedAcrossClaims() throws {
        let first = try adjudicate([F.claim("C1", member: "M2", lines: [F.line("99214", 15000, control: "C1-1")])])
        let line = try XCTUnwrap(try only(first).serviceLines.first)
        // Allowed $130: $100 deductible, 20% of the other $30 is $6 coinsurance, paid $24.
        XCTAssertEqual(adjustments(line), ["CO-45 2000", "PR-1 10000", "PR-2 600"])
        XCTAssertEqual(line.paidCents, 2400)
        XCTAssertEqual(first.ledger.deductibleMetCents["M2"], 10000)
        // The deductible is met: the next visit owes coinsurance only.
        let second = try adjudicate([F.claim("C2", member: "M2", lines: [F.line("99214", 15000, control: "C2-1")])], ledger: first.ledger)
        let next = try XCTUnwrap(try only(second).serviceLines.first)
        XCTAssertEqual(adjustments(next), ["CO-45 2000", "PR-2 2600"])
        XCTAssertEqual(next.paidCents, 10400)
    }

    func testModifierFeeUnitsAndPercentOfCharge() throws {
        let paid = try only(adjudicate([F.claim("C1", lines: [
            F.line("99214", 15000, modifiers: ["25"], control: "C1-1"),
            F.line("97110", 8000, units: "2", pointers: [2], date: "20261102", control: "C1-2"),  // not on the 99214's day
            F.line("93000", 5001, control: "C1-3"),
        ])]))
        XCTAssertEqual(paid.serviceLines.map { $0.paidCents ?? -1 }, [
            12500 - 2500,   // the fee for modifier 25, 20% coinsurance
            6000 - 1200,    // two units of $30
            2501 - 500,     // no fee: 50% of $50.01, rounded to the cent
        ])
        XCTAssertEqual(paid.serviceLines.map { $0.adjustments.first?.amountCents }, [2500, 2000, 2500])
    }

    func testPriorAuthorizationMissingIsDeniedWithItsRemark() throws {
        let denied = try only(adjudicate([F.claim("C1", lines: [F.line("70553", 90000, control: "C1-1")])]))
        XCTAssertEqual(denied.statusCode, "4")
        XCTAssertEqual(adjustments(denied.serviceLines[0]), ["CO-197 90000"])
        XCTAssertEqual(denied.serviceLines[0].remarkCodes, ["M62"])
        XCTAssertEqual(denied.paidCents, 0)
        let authorized = try only(adjudicate([F.claim("C1", authorization: "AUTH123", lines: [F.line("70553", 90000, control: "C1-1")])]))
        XCTAssertEqual(authorized.statusCode, "1")
        XCTAssertEqual(authorized.paidCents, 40000 - 8000)
    }

    func testAProcedureWithoutACoveringDiagnosisIsNotMedicallyNecessary() throws {
        let paid = try only(adjudicate([F.claim("C1", lines: [
            F.line("97110", 4000, pointers: [1], control: "C1-1"),   // E11.9 does not cover therapeutic exercise here
            F.line("97110", 4000, pointers: [1, 2], date: "20261102", control: "C1-2"),  // M54.5 does
        ])]))
        XCTAssertEqual(adjustments(paid.serviceLines[0]), ["CO-50 4000"])
        XCTAssertEqual(paid.serviceLines[0].remarkCodes, ["N130"])
        XCTAssertEqual(paid.serviceLines[1].paidCents, 2400)
        XCTAssertEqual(paid.statusCode, "1")
    }

    func testABundledCodeOnTheSameDateIsPaidNothing() throws {
        let paid = try only(adjudicate([F.claim("C1", lines: [
            F.line("80053", 2000, control: "C1-1"),
            F.line("36415", 1000, control: "C1-2"),
            F.line("36415", 1000, date: "20261102", control: "C1-3"),   // another day: paid
            F.line("99214", 15000, date: "20261103", control: "C1-4"),
            F.line("97110", 4000, modifiers: ["59"], pointers: [2], date: "20261103", control: "C1-5"),  // distinct service allowed
        ])]))
        XCTAssertEqual(adjustments(paid.serviceLines[1]), ["CO-97 1000"])
        XCTAssertEqual(paid.serviceLines[1].remarkCodes, ["N20"])
        XCTAssertEqual(paid.serviceLines.map { $0.paidCents ?? -1 }, [880, 0, 240, 10400, 2400])
    }

    func testTimelyFilingPerLineAndForTheWholeClaim() throws {
        // Received 2026-11-30 with a 90-day limit: 2026-09-01 is 90 days before (in time), 2026-08-31 is 91 (late).
        let mixed = try only(adjudicate([F.claim("C1", lines: [
            F.line("99213", 12500, date: "20260831", control: "C1-1"),
            F.line("99213", 12500, date: "20260901", control: "C1-2"),
        ])]))
        XCTAssertEqual(adjustments(mixed.serviceLines[0]), ["CO-29 12500"])
        XCTAssertEqual(mixed.serviceLines[1].paidCents, 6500)
        let late = try only(adjudicate([F.claim("C2", lines: [F.line("99213", 12500, date: "20260101", control: "C2-1")])]))
        XCTAssertEqual(late.statusCode, "4")
        XCTAssertEqual(late.adjustments.map { "\($0.groupCode)-\($0.reasonCode) \($0.amountCents ?? 0)" }, ["CO-29 12500"])
        XCTAssertTrue(late.serviceLines.isEmpty, "denied at the claim level")
    }

    func testAMemberNotCoveredIsRejectedInThe277CA() throws {
        let outcome = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")]),
                                      F.claim("C2", member: "NOTCOVERED1", lines: [F.line("99213", 12500, control: "C2-1")])])
        let reports = outcome.acknowledgment.providers.flatMap(\.claims)
        XCTAssertEqual(reports.map(\.isAccepted), [true, false])
        let rejected = reports[1].statuses[0]
        XCTAssertEqual([rejected.category, rejected.code, rejected.entity], ["A3", "33", "IL"])
        XCTAssertNil(reports[1].payerClaimControlNumber)
        XCTAssertEqual(reports[0].payerClaimControlNumber, "SBX0100000001")
        XCTAssertEqual(outcome.remittances.flatMap(\.claims).map(\.claimId), ["C1"], "a rejected claim is not adjudicated")
        XCTAssertEqual(outcome.ledger.claims["C2"]?.outcome, .rejected)
    }

    func testConfiguredDefectsAreRejected() throws {
        var contract = F.contract
        contract.claimDefects = [.renderingProviderNPI, .billingProviderTaxonomy]
        var valid = F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])
        valid.renderingProvider = Party(name: "WELBY", firstName: "MARCUS", idQualifier: "XX", id: "1912301953")
        var missing = valid, invalid = valid, noTaxonomy = valid
        missing.claimId = "C2"; missing.renderingProvider = nil
        invalid.claimId = "C3"; invalid.renderingProvider?.id = "1912301954"
        noTaxonomy.claimId = "C4"; noTaxonomy.billingProviderTaxonomy = nil
        let outcome = SandboxAdjudicator(contract: contract).adjudicate(F.batch([valid, missing, invalid, noTaxonomy]), receivedOn: "20261130",
                                                                        ledger: SandboxLedger())
        let statuses = outcome.acknowledgment.providers.flatMap(\.claims).map { c in c.statuses.map { "\($0.category):\($0.code):\($0.entity ?? "")" } }
        XCTAssertEqual(statuses, [["A2:20:"], ["A6:562:82"], ["A7:562:82"], ["A6:145:85"]])
        try F.assertValid(F.write(outcome.acknowledgment), "277CA")
    }

    func testCrossoverProviderAdjustmentAndPayment() throws {
        var contract = F.contract
        contract.crossover = .init(members: ["M0"], payer: Party(name: "MEDIGAP SUPPLEMENT CO", idQualifier: "PI", id: "MGS01"))
        contract.providerAdjustment = .init(reason: "L6", reference: "INTEREST1", amountCents: -125)
        let outcome = SandboxAdjudicator(contract: contract).adjudicate(
            F.batch([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")]),
                     F.claim("C2", member: "M3", lines: [F.line("99214", 15000, control: "C2-1")])]),
            receivedOn: "20261130", ledger: SandboxLedger())
        let era = try XCTUnwrap(outcome.remittances.first)
        try F.assertValid(F.write(era), "835")
        XCTAssertEqual(era.claims.map(\.statusCode), ["19", "1"])
        XCTAssertEqual(era.claims[0].crossoverCarrier?.id, "MGS01")
        XCTAssertEqual(era.claims[0].remarkCodes, ["MA18"])
        // C1 $65, C2 $24 (deductible), plus $1.25 interest.
        XCTAssertEqual(era.paymentCents, 6500 + 2400 + 125)
        XCTAssertEqual(era.providerAdjustments.map(\.reasonCode), ["L6"])
        XCTAssertEqual(era.traceNumber, "700001")
        XCTAssertEqual(era.payerIdentifier, "1060000001")
        XCTAssertEqual(outcome.ledger.nextTraceNumber, 700002)
        XCTAssertEqual(outcome.ledger.claims["C1"]?.traceNumber, "700001")

        // A recovery never takes more than the payment holds.
        contract.providerAdjustment = .init(reason: "WO", reference: "OVERPAID7", amountCents: 100_000)
        let recovered = SandboxAdjudicator(contract: contract).adjudicate(F.batch([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])]),
                                                                          receivedOn: "20261130", ledger: SandboxLedger())
        let recovery = try XCTUnwrap(recovered.remittances.first)
        try F.assertValid(F.write(recovery), "835")
        XCTAssertEqual(recovery.paymentCents, 0)
        XCTAssertEqual(recovery.providerAdjustments.first?.amountCents, 6500)
        XCTAssertEqual(recovery.paymentMethod, "NON")

        // Nothing paid, no interest either.
        contract.providerAdjustment = .init(reason: "L6", reference: "INTEREST1", amountCents: -125)
        let denied = SandboxAdjudicator(contract: contract).adjudicate(F.batch([F.claim("C1", lines: [F.line("70553", 90000, control: "C1-1")])]),
                                                                       receivedOn: "20261130", ledger: SandboxLedger())
        XCTAssertEqual(denied.remittances.first?.providerAdjustments, [])
        XCTAssertEqual(denied.remittances.first?.paymentCents, 0)
    }

    func testAClaimSentAgainIsADuplicateAndAReplacementOfADeniedClaimIsNot() throws {
        let first = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")]),
                                    F.claim("C2", lines: [F.line("70553", 90000, control: "C2-1")])])
        let again = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")]),
                                    F.claim("C2", authorization: "AUTH9", frequency: "7", original: "SBX0100000002",
                                            lines: [F.line("70553", 90000, control: "C2-1")])],
                                   ledger: first.ledger)
        let era = try XCTUnwrap(again.remittances.first)
        XCTAssertEqual(era.claims[0].statusCode, "4")
        XCTAssertEqual(era.claims[0].adjustments.map { "\($0.groupCode)-\($0.reasonCode) \($0.amountCents ?? 0)" }, ["OA-18 12500"])
        XCTAssertEqual(era.claims[0].paidCents, 0)
        XCTAssertEqual(again.ledger.claims["C1"]?.paidCents, 6500, "the first adjudication stands")
        XCTAssertEqual(again.ledger.duplicatesDenied["C1"], 1)
        // C2 was denied for want of authorization: the denial is reversed and its replacement with one is paid.
        XCTAssertEqual(era.claims[1].statusCode, "22")
        XCTAssertEqual(era.claims[2].statusCode, "1")
        XCTAssertEqual(era.claims[2].paidCents, 32000)
    }

    func testA276IsAnsweredFromTheLedger() throws {
        let outcome = try adjudicate([F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")]),
                                      F.claim("C2", lines: [F.line("70553", 90000, control: "C2-1")]),
                                      F.claim("C3", member: "NOTCOVERED1", lines: [F.line("99213", 12500, control: "C3-1")])])
        let member = Member(person: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M0"), birthDate: "19700101", gender: "F")
        func asked(_ id: String, _ charge: Int) -> ClaimStatusInquiry.ClaimInquiry {
            .init(subscriber: member, traceNumber: "T-\(id)", claimId: id, chargeCents: charge, serviceDate: "20261101")
        }
        let inquiry = ClaimStatusInquiry(controlNumber: "0001", reference: "STATUS1", createdDate: "20261210", createdTime: "0900",
                                         payer: F.contract.payer, receiver: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"),
                                         providers: [.init(provider: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"),
                                                           claims: [asked("C1", 12500), asked("C2", 90000), asked("C3", 12500), asked("C9", 1000)])])
        let response = adjudicator.answer(inquiry, on: "20261210", ledger: outcome.ledger)
        try F.assertValid(F.write(response), "277")
        let claims = response.providers[0].claims
        XCTAssertEqual(claims.map { "\($0.statuses[0].category):\($0.statuses[0].code)" }, ["F1:65", "F2:84", "A3:33", "A4:35"])
        XCTAssertEqual(claims.map(\.traceNumber), ["T-C1", "T-C2", "T-C3", "T-C9"])
        XCTAssertEqual(claims[0].paidCents, 6500)
        XCTAssertEqual(claims[0].checkNumber, "700001")
        XCTAssertEqual(claims[0].payerClaimControlNumber, "SBX0100000001")
        XCTAssertEqual(claims[1].paidCents, 0)
        XCTAssertNil(claims[2].paidCents)
    }

    func testADependentASecondaryClaimAndAnACHPaymentAreWrittenValid() throws {
        var contract = F.contract
        contract.paymentMethod = "ACH"
        var dependent = F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])
        dependent.patient = Patient(person: Party(name: "DOE", firstName: "SAM", address: Address(line1: "12 ELM ST", city: "SPRINGFIELD", state: "IL",
                                                                                                  postalCode: "62701")),
                                    relationship: "19", birthDate: "20150505", gender: "M")
        dependent.subscriber?.relationship = nil
        dependent.subscriber?.birthDate = nil
        dependent.subscriber?.gender = nil
        var secondary = F.claim("C2", lines: [F.line("99213", 12500, control: "C2-1")])
        secondary.subscriber?.payerResponsibility = "S"
        secondary.subscriber?.claimFilingIndicator = "MB"
        let adjudicator = SandboxAdjudicator(contract: contract)
        let first = adjudicator.adjudicate(F.batch([dependent, secondary]), receivedOn: "20261130", ledger: SandboxLedger())
        // Pure: the same batch and ledger give the same answer.
        let again = adjudicator.adjudicate(F.batch([dependent, secondary]), receivedOn: "20261130", ledger: SandboxLedger())
        XCTAssertEqual(first.remittances, again.remittances)
        XCTAssertEqual(first.acknowledgment, again.acknowledgment)
        XCTAssertEqual(first.ledger, again.ledger)
        try F.assertValid(F.write(first.acknowledgment), "277CA")
        let era = try XCTUnwrap(first.remittances.first)
        try F.assertValid(F.write(era), "835")
        XCTAssertEqual(era.paymentMethod, "ACH")
        XCTAssertEqual(era.claims.map(\.statusCode), ["1", "2"])
        XCTAssertEqual(era.claims.map(\.filingIndicator), ["ZZ", "MB"])
        XCTAssertEqual(era.claims[0].patient, Party(name: "DOE", firstName: "SAM", idQualifier: "MI", id: "M0"))
        XCTAssertEqual(first.acknowledgment.providers[0].claims[0].patient.firstName, "SAM")
    }

    func testTheLargestAmountsAndUnitsAnX12FileCarriesDoNotOverflow() {
        let huge = 99_999_999_999_999_999  // 18 characters, SV102's most
        let outcome = adjudicator.adjudicate(F.batch([F.claim("C1", authorization: "A1", lines: [
            F.line("93000", huge, control: "C1-1"),
            F.line("70553", huge, units: "999999999999999", control: "C1-2"),
            F.line("97110", huge, units: "99999.999", pointers: [2], date: "20261102", control: "C1-3"),
        ])]), receivedOn: "20261130", ledger: SandboxLedger())
        let lines = outcome.remittances.first?.claims.first?.serviceLines ?? []
        XCTAssertEqual(lines.count, 3)
        // Half the charge, rounded half up; an unreadable unit count is one unit; 99,999.999 units of $30.
        XCTAssertEqual(lines.first?.adjustments.first?.amountCents, huge - 50_000_000_000_000_000)
        XCTAssertEqual(lines[1].adjustments.first?.amountCents, huge - 40000)
        XCTAssertEqual(lines[2].adjustments.first?.amountCents, huge - 299_999_997)
    }

    /// Every code the sandbox writes is in the X12 lists (../shared/codesets/x12-codes) and not retired.
    func testTheCodesUsedAreCurrentInTheX12Lists() throws {
        let folder = SharedFiles.codesets.appendingPathComponent("x12-codes")
        func codes(_ file: String) throws -> [String: String] {
            let url = folder.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw XCTSkip("no \(url.path)") }
            var result: [String: String] = [:]
            for row in text.split(separator: "\n").dropFirst() {
                guard let comma = row.firstIndex(of: ",") else { continue }
                result[String(row[..<comma])] = String(row[row.index(after: comma)...])
            }
            return result
        }
        let carc = try codes("claim_adjustment_reason_codes.csv"), rarc = try codes("remittance_advice_remark_codes.csv")
        let categories = try codes("claim_status_category_codes.csv"), groups = try codes("claim_adjustment_group_codes.csv")
        let plb = try codes("provider_adjustment_reason_codes.csv")
        let expected: [(String, [String: String], String)] = [("45", carc, "CARC"), ("96", carc, "CARC"), ("1", carc, "CARC"), ("2", carc, "CARC"), ("3", carc, "CARC"),
                                   ("29", carc, "CARC"), ("197", carc, "CARC"), ("50", carc, "CARC"), ("97", carc, "CARC"), ("18", carc, "CARC"),
                                   ("M62", rarc, "RARC"), ("N130", rarc, "RARC"), ("N20", rarc, "RARC"), ("MA18", rarc, "RARC"),
                                   ("A2", categories, "category"), ("A3", categories, "category"), ("A6", categories, "category"),
                                   ("A7", categories, "category"), ("A1", categories, "category"), ("A4", categories, "category"),
                                   ("F1", categories, "category"), ("F2", categories, "category"), ("F4", categories, "category"),
                                   ("CO", groups, "group"), ("PR", groups, "group"), ("OA", groups, "group")]
            + PayerContract.providerAdjustmentReasons.map { ($0, plb, "PLB reason") }
        for (code, list, name) in expected {
            let words = try XCTUnwrap(list[code], "\(name) \(code) is not in the list")
            XCTAssertFalse(words.contains("Stop:"), "\(name) \(code) is retired: \(words)")
        }
        XCTAssertTrue(carc["18"]?.contains("Group Code OA") == true, "CARC 18 is for group OA, as the sandbox uses it")
        // Claim status codes (508) have no words here; pyx12's list has the codes.
        let xml = try String(contentsOf: folder.appendingPathComponent("pyx12-codes.xml"), encoding: .utf8)
        guard let start = xml.range(of: "<id>claim_status</id>"), let end = xml.range(of: "</codeset>", range: start.upperBound..<xml.endIndex) else {
            return XCTFail("no claim_status list in pyx12-codes.xml")
        }
        let list = xml[start.upperBound..<end.lowerBound]
        for code in ["1", "19", "20", "33", "35", "65", "84", "98", "145", "562"] {
            XCTAssertTrue(list.contains("<code>\(code)</code>"), "claim status code \(code)")
        }
    }
}
