import CodeSets
import Foundation
import HealthCareX12
import OracleSupport
import RevenueCycle
import XCTest

/// Secondary claims: built from the primary's 835, written as 837P and 837I with the primary's decision in the
/// other-payer loops (valid to our guides and pyx12, balanced line by line), and ledgers that count no money twice.
final class SecondaryClaimTests: XCTestCase {
    static let adjudicatedOn = Fixture.date("2025-11-20")

    static func cas(_ group: String, _ reason: String, _ cents: Int) -> HealthCareX12.Adjustment {
        HealthCareX12.Adjustment(groupCode: group, reasonCode: reason, amountCents: cents, quantity: nil)
    }

    /// The primary's answer for a claim: on each line, `paidPercent` paid, 10% CO-45 and the rest coinsurance
    /// (PR-2); with no lines when `lineLevel` is false (the whole claim's figures only).
    static func payment(for claim: RevenueCycle.Claim, paidPercent: Int = 70, lineLevel: Bool = true) -> Remittance.ClaimPayment {
        var lines: [Remittance.ServiceLine] = []
        var paid = 0, contractual = 0, coinsurance = 0
        for line in claim.lines {
            let linePaid = line.charge.cents * paidPercent / 100, lineCO = line.charge.cents / 10
            let linePR = line.charge.cents - linePaid - lineCO
            paid += linePaid; contractual += lineCO; coinsurance += linePR
            lines.append(Remittance.ServiceLine(procedureCode: line.procedure?.code, modifiers: line.modifiers, chargeCents: line.charge.cents,
                                                paidCents: linePaid, units: String(line.units), serviceDate: line.serviceDate.x12,
                                                lineControlNumber: line.lineItemControlNumber,
                                                adjustments: [cas("CO", "45", lineCO), cas("PR", "2", linePR)].filter { $0.amountCents != 0 }))
        }
        return Remittance.ClaimPayment(claimId: claim.patientControlNumber, statusCode: "1", chargeCents: claim.totalCharge.cents, paidCents: paid,
                                       patientResponsibilityCents: coinsurance, filingIndicator: "CI", payerClaimControlNumber: "PRIMEICN77",
                                       patient: nil, remarkCodes: lineLevel ? [] : ["MA01"],
                                       adjustments: lineLevel ? [] : [cas("CO", "45", contractual), cas("PR", "2", coinsurance)],
                                       serviceLines: lineLevel ? lines : [])
    }

    /// A second payer and the patient's coverage with it, in force from the claim's first date of service.
    static func secondCoverage(for claim: RevenueCycle.Claim) -> (Coverage, Payer) {
        let payer = Payer(id: Fixture.id(900), tenantID: claim.tenantID, name: "Second Chance Insurance", electronicID: PayerID("SCI22"),
                          claimFilingIndicator: .commercialInsurance, timelyFilingDays: 365, appealDays: 180)
        let coverage = Coverage(id: Fixture.id(901), tenantID: claim.tenantID, patientID: claim.patientID, payerID: payer.id, order: .secondary,
                                subscriber: .patient, relationship: .oneself, memberID: "SCI-000777", groupNumber: "SG-12",
                                effectiveFrom: claim.lines.map(\.serviceDate).min() ?? adjudicatedOn)
        return (coverage, payer)
    }

    /// The primary claim's records, its secondary claim and the secondary's records (the primary named as the other
    /// payer).
    struct Case {
        var primary: ClaimRecords
        var payment: Remittance.ClaimPayment
        var secondary: ClaimRecords
    }

    static func makeCase(_ primary: ClaimRecords, lineLevel: Bool = true) throws -> Case {
        let payment = payment(for: primary.claim, lineLevel: lineLevel)
        let (coverage, payer) = secondCoverage(for: primary.claim)
        let claim = try SecondaryClaims.build(after: primary.claim, earlierPayer: primary.payer, payment: payment, adjudicatedOn: adjudicatedOn,
                                              nextCoverage: coverage, nextPayer: payer, claimID: Fixture.id(950), postedOn: adjudicatedOn)
        var records = primary
        records.claim = claim
        records.coverage = coverage
        records.payer = payer
        records.otherCoverages = [OtherCoverageRecords(coverage: primary.coverage, payer: primary.payer)]
        return Case(primary: primary, payment: payment, secondary: records)
    }

    /// A professional claim (the fixture's) and the demo hospital's institutional claim, each with its records.
    static func primaries() throws -> [ClaimRecords] {
        let fixture = Fixture()
        let professional = ClaimRecords(claim: try fixture.claim(), encounter: fixture.encounter, patient: fixture.patient, coverage: fixture.coverage,
                                        payer: fixture.payer, renderingProvider: fixture.provider, facility: fixture.facility)
        let data = try DemoSeed.generate()
        let institutional = try XCTUnwrap(data.claims.first { $0.kind == .institutional && $0.coverageOrder == .primary }.flatMap(data.records))
        return [professional, institutional]
    }

    static func interchange(_ records: ClaimRecords) -> String {
        ClaimInterchange.interchange([records], kind: records.claim.kind, submitter: ClaimInterchangeTests.submitter,
                                     receiver: Party(name: records.payer.name, idQualifier: "46", id: records.payer.electronicID.value),
                                     parties: InterchangeParties(senderID: "PRP0001", receiverID: records.payer.electronicID.value, usage: "T"),
                                     batchID: "SEC1", created: ClaimInterchangeTests.created, interchangeControlNumber: 3, groupControlNumber: 3)
    }

    /// The written 837, validated by our guides and rules, read back.
    static func written(_ records: ClaimRecords, file: StaticString = #filePath, line: UInt = #line) throws -> (text: String, claim: HealthCareX12.Claim) {
        let text = interchange(records)
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.prefix(5).map(String.init(describing:)).joined(separator: "\n") + "\n" + text, file: file, line: line)
        guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first, let claim = read.claims.first else {
            XCTFail(text, file: file, line: line)
            throw CancellationError()
        }
        return (text, claim)
    }

    func testTheSecondaryClaimBillsThePrimarysRemainder() throws {
        for primary in try Self.primaries() {
            let c = try Self.makeCase(primary)
            let claim = c.secondary.claim
            let kind = claim.kind.rawValue
            XCTAssertEqual(claim.validate(), [], kind)
            XCTAssertEqual(claim.coverageOrder, .secondary)
            XCTAssertEqual(claim.frequency, .original)
            XCTAssertNil(claim.payerClaimControlNumber)
            XCTAssertEqual(claim.status, .draft)
            XCTAssertEqual(claim.lines, primary.claim.lines)
            if claim.kind == .institutional { XCTAssertEqual(claim.typeOfBill?.last, "1") }
            // Unique and traceable: the primary's number, cut to 18 characters, and -S.
            XCTAssertEqual(claim.patientControlNumber, String(primary.claim.patientControlNumber.prefix(18)) + "-S")
            XCTAssertNotEqual(claim.patientControlNumber, primary.claim.patientControlNumber)
            let adjudication = try XCTUnwrap(claim.priorPayerAdjudications.first)
            XCTAssertEqual(claim.priorPayerAdjudications.count, 1)
            XCTAssertEqual(adjudication.claimID, primary.claim.id)
            XCTAssertEqual(adjudication.paid.cents, c.payment.paidCents)
            XCTAssertEqual(adjudication.payerClaimControlNumber, "PRIMEICN77")
            // The ledger opens with what the primary settled taken off: its balance is the primary's PR.
            XCTAssertEqual(claim.totals.balance.cents, c.payment.patientResponsibilityCents, kind)
            XCTAssertEqual(claim.totals.charges, primary.claim.totalCharge)
            XCTAssertEqual(claim.totals.payments, .zero)
            XCTAssertEqual(claim.ledger.verify(), [])
            XCTAssertEqual(claim.ledger.adjustmentTotals().map { "\($0.group.rawValue)-\($0.reason)" }, ["OA-23"])
        }
    }

    /// The secondary's 837: the primary's paid amount and CAS per line in 2430 (matched by REF*6R), each line's
    /// charge equal to what the primary paid plus its adjustments, AMT*D equal to CLP04, the primary's claim number
    /// and date; valid to our guides and rules and read back.
    func testTheSecondary837CarriesThePrimarysDecision() throws {
        for primary in try Self.primaries() {
            let c = try Self.makeCase(primary)
            XCTAssertEqual(c.secondary.otherPayerProblems(), [])
            let (text, written) = try Self.written(c.secondary)
            let kind = c.secondary.claim.kind.rawValue
            XCTAssertEqual(written.claimId, c.secondary.claim.patientControlNumber)
            XCTAssertEqual(written.subscriber?.payerResponsibility, "S")
            XCTAssertEqual(written.subscriber?.person.id, "SCI-000777")
            XCTAssertEqual(written.payer?.id, "SCI22")
            let other = try XCTUnwrap(written.otherPayers.first, kind)
            XCTAssertEqual(written.otherPayers.count, 1)
            XCTAssertEqual(other.payerResponsibility, "P")
            XCTAssertEqual(other.payer.id, primary.payer.electronicID.value)
            XCTAssertEqual(other.subscriber.id, primary.coverage.memberID)
            XCTAssertEqual(other.paidCents, c.payment.paidCents, "AMT*D is the primary's CLP04")
            XCTAssertEqual(other.claimControlNumber, "PRIMEICN77")
            XCTAssertNil(other.adjudicationDate, "the date goes on the lines when they are adjudicated")
            XCTAssertNil(other.remainingPatientLiabilityCents)
            XCTAssertTrue(text.contains("AMT*D*\(amount(c.payment.paidCents ?? -1))~"), text)
            var paidTotal = 0
            for line in written.serviceLines {
                let decided = try XCTUnwrap(c.payment.serviceLines.first { $0.lineControlNumber == line.lineControlNumber }, kind)
                XCTAssertEqual(line.adjudications.count, 1)
                let a = try XCTUnwrap(line.adjudications.first)
                XCTAssertEqual(a.payerID, primary.payer.electronicID.value)
                XCTAssertEqual(a.paidCents, decided.paidCents)
                XCTAssertEqual(a.adjustments, decided.adjustments)
                XCTAssertEqual(a.procedureCode, decided.procedureCode)
                XCTAssertEqual(a.adjudicationDate, "20251120")
                XCTAssertEqual(a.remainingPatientLiabilityCents, decided.adjustments.filter { $0.groupCode == "PR" }.reduce(0) { $0 + ($1.amountCents ?? 0) })
                XCTAssertEqual(line.chargeCents, a.paidCents + a.adjustments.reduce(0) { $0 + ($1.amountCents ?? 0) }, "charge = primary paid + adjustments")
                if c.secondary.claim.kind == .institutional { XCTAssertEqual(a.revenueCode, line.revenueCode) }
                paidTotal += a.paidCents
            }
            XCTAssertEqual(paidTotal, other.paidCents)
        }
    }

    func testPyx12AcceptsTheSecondary837PAnd837I() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        for primary in try Self.primaries() {
            for lineLevel in [true, false] {
                let text = Self.interchange(try Self.makeCase(primary, lineLevel: lineLevel).secondary)
                let verdict = try XCTUnwrap(try Pyx12.verdict(text: text))
                XCTAssertTrue(verdict.valid, "\(primary.claim.kind) line level \(lineLevel):\n" + verdict.errors.prefix(5).joined(separator: "\n") + "\n" + text)
            }
        }
    }

    /// A primary claim names the patient's other coverage too (the guides want 2320 when another payer may pay):
    /// its SBR, subscriber and payer, with no amounts since that payer has decided nothing yet.
    func testAPrimaryClaimNamesTheSecondaryCoverage() throws {
        for primary in try Self.primaries() {
            var records = primary
            let (coverage, payer) = Self.secondCoverage(for: primary.claim)
            records.otherCoverages = [OtherCoverageRecords(coverage: coverage, payer: payer)]
            let (text, written) = try Self.written(records)
            XCTAssertEqual(written.subscriber?.payerResponsibility, "P")
            let other = try XCTUnwrap(written.otherPayers.first)
            XCTAssertEqual(other.payerResponsibility, "S")
            XCTAssertEqual(other.payer.id, "SCI22")
            XCTAssertNil(other.paidCents)
            XCTAssertFalse(text.contains("SVD*") || text.contains("AMT*D*"), text)
            if Pyx12.available {
                let verdict = try XCTUnwrap(try Pyx12.verdict(text: text))
                XCTAssertTrue(verdict.valid, verdict.errors.prefix(5).joined(separator: "\n") + "\n" + text)
            }
        }
    }

    /// A primary that answered for the whole claim only: its claim-level CAS, the date in 2330B and the remaining
    /// patient liability in 2320; the remainder spread over the lines in order on the secondary's ledger.
    func testAClaimLevelAnswerGoesInTheClaimLevelLoops() throws {
        for primary in try Self.primaries() {
            let c = try Self.makeCase(primary, lineLevel: false)
            let (text, written) = try Self.written(c.secondary)
            let other = try XCTUnwrap(written.otherPayers.first)
            XCTAssertEqual(other.adjudicationDate, "20251120")
            XCTAssertEqual(other.remainingPatientLiabilityCents, c.payment.patientResponsibilityCents)
            XCTAssertEqual(other.adjustments, c.payment.adjustments)
            XCTAssertEqual(other.remarkCodes, ["MA01"])
            XCTAssertTrue(written.serviceLines.allSatisfy(\.adjudications.isEmpty), text)
            XCTAssertEqual(c.secondary.claim.totals.balance.cents, c.payment.patientResponsibilityCents)
            XCTAssertEqual(c.secondary.claim.ledger.verify(), [])
        }
    }

    /// Money is never counted twice: the primary hands its remainder over (once), and across both claims the
    /// outstanding amount is the primary's PR, owed by the secondary payer.
    func testThePrimaryHandsItsRemainderOver() throws {
        let primary = try Self.primaries()[0]
        let c = try Self.makeCase(primary)
        var claim = primary.claim
        // Posting the primary's 835 as the posting engine does: payment, contractual adjustment, patient responsibility.
        var n = 0
        for paid in c.payment.serviceLines {
            let line = try XCTUnwrap(claim.lines.first { $0.lineItemControlNumber == paid.lineControlNumber })
            func post(_ entry: PostingEntry) throws {
                n += 1
                try claim.post(LedgerPosting(id: Fixture.id(700 + n), lineNumber: line.lineNumber, entry: entry, postedOn: Self.adjudicatedOn))
            }
            try post(.payment(amount: Money(cents: paid.paidCents ?? 0), by: .insurance))
            for a in paid.adjustments {
                let amount = Money(cents: a.amountCents ?? 0)
                try post(a.groupCode == "PR" ? .patientResponsibility(amount: amount, reason: a.reasonCode)
                                             : .adjustment(amount: amount, group: .contractualObligation, reason: a.reasonCode, against: .insurance))
            }
        }
        XCTAssertEqual(claim.totals.patientResponsibility.cents, c.payment.patientResponsibilityCents)
        let handOff = SecondaryClaims.handOffPostings(earlier: claim, next: c.secondary.claim, postedOn: Self.adjudicatedOn)
        XCTAssertEqual(handOff.count, claim.lines.count)
        for posting in handOff { try claim.post(posting) }
        XCTAssertEqual(claim.totals.patientResponsibility, .zero)
        XCTAssertEqual(claim.totals.balance, .zero)
        XCTAssertEqual(claim.ledger.verify(), [])
        // The same hand-off again is refused whole.
        XCTAssertThrowsError(try claim.post(handOff[0]))
        let secondary = c.secondary.claim
        XCTAssertEqual((claim.totals.balance + claim.totals.patientResponsibility + secondary.totals.outstanding).cents,
                       c.payment.patientResponsibilityCents)
        XCTAssertEqual((claim.totals.payments + secondary.totals.payments).cents, c.payment.paidCents)
        // The OA-23 amounts of both claims add up to exactly the charges billed twice.
        let oa23 = (claim.ledger.adjustmentTotals() + secondary.ledger.adjustmentTotals()).filter { $0.reason == "23" }.map(\.amount).sum()
        XCTAssertEqual(oa23, primary.claim.totalCharge)
    }

    func testRefusals() throws {
        let primary = try Self.primaries()[0]
        let (coverage, payer) = Self.secondCoverage(for: primary.claim)
        func refusal(_ payment: Remittance.ClaimPayment, coverage: Coverage = coverage) -> [String] {
            do {
                _ = try SecondaryClaims.build(after: primary.claim, earlierPayer: primary.payer, payment: payment, adjudicatedOn: Self.adjudicatedOn,
                                              nextCoverage: coverage, nextPayer: payer, claimID: Fixture.id(950), postedOn: Self.adjudicatedOn)
                return []
            } catch {
                return error.problems.map(\.field)
            }
        }
        let good = Self.payment(for: primary.claim)
        XCTAssertEqual(refusal(good), [])
        var other = good
        other.claimId = "SOMEONEELSE"
        XCTAssertEqual(refusal(other), ["payment.claimId"])
        var unbalanced = good
        unbalanced.serviceLines[0].paidCents = (unbalanced.serviceLines[0].paidCents ?? 0) + 100
        XCTAssertEqual(refusal(unbalanced), ["payment.serviceLines[0]"])
        var unknownLine = good
        unknownLine.serviceLines[1].lineControlNumber = "NOSUCHLINE"
        XCTAssertTrue(refusal(unknownLine).contains("payment.serviceLines[1]"))
        let paidInFull = Self.payment(for: primary.claim, paidPercent: 90)
        XCTAssertEqual(refusal(paidInFull), ["payment"])
        var huge = good
        huge.serviceLines[0].adjustments.append(Self.cas("CO", "45", Int.max / 2))
        XCTAssertEqual(refusal(huge), ["payment"])
        var noPaid = good
        noPaid.serviceLines[1].paidCents = nil
        XCTAssertTrue(refusal(noPaid).contains("payment.serviceLines[1].paidCents"))
        var reversal = good
        reversal.statusCode = "22"
        XCTAssertEqual(refusal(reversal), ["payment.statusCode"])
        var primaryAgain = coverage
        primaryAgain.order = .primary
        XCTAssertEqual(refusal(good, coverage: primaryAgain), ["nextCoverage.order"])
        // A secondary's records without the primary's coverage cannot name the primary in its 837.
        var records = try Self.makeCase(primary).secondary
        records.otherCoverages = []
        XCTAssertEqual(records.otherPayerProblems().map(\.field), ["otherCoverages"])
    }

    /// A claim's earlier decisions are checked with the claim: lines it has, money that balances, earlier payers.
    func testATamperedPriorDecisionIsFound() throws {
        let secondary = try Self.makeCase(Self.primaries()[0]).secondary.claim
        XCTAssertEqual(secondary.validate(), [])
        var paid = secondary
        paid.priorPayerAdjudications[0].lines[0].paid += Money(cents: 100)
        XCTAssertEqual(fields(paid.validate()), ["priorPayerAdjudications[0].lines[0].paid"])
        var total = secondary
        total.priorPayerAdjudications[0].paid += Money(cents: 100)
        XCTAssertEqual(fields(total.validate()), ["priorPayerAdjudications[0].paid"])
        var line = secondary
        line.priorPayerAdjudications[0].lines[1].lineItemControlNumber = "NOTOURS"
        XCTAssertEqual(fields(line.validate()), ["priorPayerAdjudications[0].lines[1].lineNumber", "priorPayerAdjudications[0].paid"])
        var order = secondary
        order.priorPayerAdjudications[0].coverageOrder = .tertiary
        order.priorPayerAdjudications[0].lines[0].adjustments[0].group = "XX"
        XCTAssertEqual(fields(order.validate()), ["priorPayerAdjudications[0].coverageOrder", "priorPayerAdjudications[0].adjustments"])
    }

    /// Claims are stored as JSON documents: one stored before secondary claims decodes with no prior decisions, and
    /// a secondary claim keeps its own through JSON.
    func testStoredClaimsWithoutPriorDecisionsStillDecode() throws {
        let claim = try Fixture().claim()
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: JSONEncoder().encode(claim)) as? [String: Any])
        XCTAssertNotNil(object.removeValue(forKey: "priorPayerAdjudications"))
        let old = try JSONDecoder().decode(RevenueCycle.Claim.self, from: JSONSerialization.data(withJSONObject: object))
        XCTAssertEqual(old.priorPayerAdjudications, [])
        XCTAssertEqual(old, claim)
        let secondary = try Self.makeCase(Self.primaries()[0]).secondary.claim
        XCTAssertEqual(try JSONDecoder().decode(RevenueCycle.Claim.self, from: JSONEncoder().encode(secondary)), secondary)
        // A list that is not a list is still an error, not an empty list.
        object["priorPayerAdjudications"] = "none"
        XCTAssertThrowsError(try JSONDecoder().decode(RevenueCycle.Claim.self, from: JSONSerialization.data(withJSONObject: object)))
    }
}
