import CodeSets
import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// The 837 other-payer loops (2320, 2330A, 2330B, 2430) on 837P and 837I: what the writer makes is valid to our guide
/// and to pyx12, balances as the guides' coordination of benefits asks, and reads back as it was written.
final class OtherPayerTests: XCTestCase {
    static let primaryPayerID = "PRIME01"

    static func adjustment(_ group: String, _ reason: String, _ cents: Int, _ quantity: String? = nil) -> Adjustment {
        Adjustment(groupCode: group, reasonCode: reason, amountCents: cents, quantity: quantity)
    }

    /// The primary payer in loop 2320 of a claim billed to the secondary: its paid amount (AMT*D) and claim number.
    static func primary(paidCents: Int, claimAdjustments: [Adjustment] = [], remaining: Int? = nil, date: String? = nil,
                        remarks: [String] = []) -> OtherPayer {
        OtherPayer(payerResponsibility: "P", relationship: "18", groupNumber: "PG-77", claimFilingIndicator: "BL",
                   subscriber: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "PRIME-M-42",
                                     address: Address(line1: "12 ELM ST", city: "SPRINGFIELD", state: "IL", postalCode: "62701")),
                   payer: Party(name: "PRIME HEALTH", idQualifier: "PI", id: primaryPayerID,
                                address: Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
                   adjustments: claimAdjustments, paidCents: paidCents, remainingPatientLiabilityCents: remaining, remarkCodes: remarks,
                   adjudicationDate: date, claimControlNumber: "PRIMEICN0001")
    }

    /// A professional claim to the secondary payer with the primary's decision on each line.
    static var professionalBatch: ClaimTransaction {
        var claim = WriterTests.claim("S1", lines: [
            .init(lineNumber: 1, procedureCode: "99213", modifiers: ["25"], chargeCents: 12500, diagnosisPointers: [1, 2], serviceDate: "20261101",
                  lineControlNumber: "S1-1", adjudications: [
                    LineAdjudication(payerID: primaryPayerID, paidCents: 8000, procedureCode: "99213", modifiers: ["25"],
                                     adjustments: [adjustment("CO", "45", 2500), adjustment("PR", "2", 2000)], adjudicationDate: "20261120",
                                     remainingPatientLiabilityCents: 2000)]),
            .init(lineNumber: 2, procedureCode: "36415", chargeCents: 1000, diagnosisPointers: [1], serviceDate: "20261101", lineControlNumber: "S1-2",
                  adjudications: [LineAdjudication(payerID: primaryPayerID, paidCents: 1000, procedureCode: "36415", adjudicationDate: "20261120",
                                                   remainingPatientLiabilityCents: 0)]),
            .init(lineNumber: 3, procedureCode: "97110", modifiers: ["GP"], chargeCents: 9000, units: "2", diagnosisPointers: [1], serviceDate: "20261101",
                  lineControlNumber: "S1-3", adjudications: [
                    LineAdjudication(payerID: primaryPayerID, paidCents: 0, procedureCode: "97110", modifiers: ["GP"], units: "2",
                                     adjustments: [adjustment("CO", "45", 1000), adjustment("PR", "1", 7000), adjustment("PR", "3", 1000, "1")],
                                     adjudicationDate: "20261120", remainingPatientLiabilityCents: 8000)]),
        ])
        claim.subscriber?.payerResponsibility = "S"
        claim.otherPayers = [primary(paidCents: 9000, remarks: ["MA01"])]
        var batch = WriterTests.batch
        batch.claims = [WriterTests.withProviders(claim)]
        return batch
    }

    /// An outpatient hospital claim to the secondary payer, the primary's decision on each line, and a claim-level
    /// adjustment of the primary.
    static var institutionalBatch: ClaimTransaction {
        var batch = InstitutionalWriterTests.batch
        var claim = batch.claims[0]
        claim.subscriber?.payerResponsibility = "S"
        let decisions: [(paid: Int, adjustments: [Adjustment])] = [
            (60000, [adjustment("CO", "45", 15000), adjustment("PR", "2", 10000)]),
            (12000, []),
            (0, [adjustment("CO", "97", 4000)]),
        ]
        for (n, decision) in decisions.enumerated() {
            let line = claim.serviceLines[n]
            claim.serviceLines[n].adjudications = [
                LineAdjudication(payerID: primaryPayerID, paidCents: decision.paid, procedureCode: line.procedureCode, modifiers: line.modifiers,
                                 revenueCode: line.revenueCode, units: line.units ?? "1", bundledLineNumber: n == 2 ? 1 : nil,
                                 adjustments: decision.adjustments, adjudicationDate: "20261120")]
        }
        // A claim-level reduction of 5.00: the lines' paid amounts total 720.00, the claim's 715.00.
        claim.otherPayers = [primary(paidCents: 71500, claimAdjustments: [adjustment("OA", "94", 500)])]
        batch.claims = [claim]
        return batch
    }

    func professional(_ batch: ClaimTransaction) -> String {
        ClaimWriter.professional(batch, parties: WriterTests.parties, date: "20261130", time: "1200", interchangeControlNumber: 51, groupControlNumber: 51)
    }

    func institutional(_ batch: ClaimTransaction) -> String {
        ClaimWriter.institutional(batch, parties: WriterTests.parties, date: "20261130", time: "1200", interchangeControlNumber: 52, groupControlNumber: 52)
    }

    /// Valid to our guide and rules, and the claims read back.
    func readBack(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Claim] {
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n") + "\n" + text, file: file, line: line)
        guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first else {
            XCTFail(text, file: file, line: line)
            return []
        }
        return read.claims
    }

    /// The guides' balancing for a payer that adjudicated the lines: each line's charge is what the payer paid plus
    /// its adjustments, and the claim's charge is AMT*D plus every adjustment of the claim and its lines.
    static func balanceProblems(_ claim: Claim) -> [String] {
        var problems: [String] = []
        for other in claim.otherPayers {
            var adjusted = other.adjustments.reduce(0) { $0 + ($1.amountCents ?? 0) }
            for line in claim.serviceLines {
                for a in line.adjudications where a.payerID == other.payer.id {
                    let lineAdjusted = a.adjustments.reduce(0) { $0 + ($1.amountCents ?? 0) }
                    adjusted += lineAdjusted
                    if line.chargeCents != a.paidCents + lineAdjusted {
                        problems.append("line \(line.lineNumber ?? 0): charge \(line.chargeCents ?? 0) ≠ paid \(a.paidCents) + adjustments \(lineAdjusted)")
                    }
                }
            }
            if claim.totalChargeCents != (other.paidCents ?? 0) + adjusted {
                problems.append("claim: charge \(claim.totalChargeCents ?? 0) ≠ AMT*D \(other.paidCents ?? 0) + adjustments \(adjusted)")
            }
        }
        return problems
    }

    func testProfessionalSecondaryClaimIsValidBalancedAndReadsBack() throws {
        let batch = Self.professionalBatch
        XCTAssertEqual(Self.balanceProblems(batch.claims[0]), [])
        let text = professional(batch)
        XCTAssertEqual(try readBack(text), batch.claims)
        // The loops in the guide's order: after the claim's providers and before the lines; 2430 after the line's
        // control number; the adjudication date on the lines only, so not in 2330B.
        XCTAssertTrue(text.contains("""
            NM1*DQ*1*QUINN*MICHAELA****XX*1518060474~
            SBR*P*18*PG-77******BL~
            AMT*D*90~
            OI***Y***Y~
            MOA***MA01~
            NM1*IL*1*DOE*JANE****MI*PRIME-M-42~
            N3*12 ELM ST~
            N4*SPRINGFIELD*IL*62701~
            NM1*PR*2*PRIME HEALTH*****PI*PRIME01~
            N3*1 PAYER WAY~
            N4*HARTFORD*CT*06101~
            REF*F8*PRIMEICN0001~
            LX*1~
            """), text)
        XCTAssertTrue(text.contains("""
            REF*6R*S1-1~
            SVD*PRIME01*80*HC:99213:25**1~
            CAS*CO*45*25~
            CAS*PR*2*20~
            DTP*573*D8*20261120~
            AMT*EAF*20~
            LX*2~
            """), text)
        XCTAssertTrue(text.contains("SVD*PRIME01*0*HC:97110:GP**2~\nCAS*CO*45*10~\nCAS*PR*1*70**3*10*1~\nDTP*573*D8*20261120~\nAMT*EAF*80~"), text)
        XCTAssertTrue(text.contains("SBR*S*18*GRP100******CI~"), text)
    }

    func testInstitutionalSecondaryClaimIsValidBalancedAndReadsBack() throws {
        let batch = Self.institutionalBatch
        XCTAssertEqual(Self.balanceProblems(batch.claims[0]), [])
        let text = institutional(batch)
        XCTAssertEqual(try readBack(text), batch.claims)
        XCTAssertTrue(text.contains("SBR*P*18*PG-77******BL~\nCAS*OA*94*5~\nAMT*D*715~\nOI***Y***Y~\nNM1*IL*1*DOE*JANE****MI*PRIME-M-42~"), text)
        // The 837I's SVD: the procedure, then the revenue code it requires, the units and the bundling line.
        XCTAssertTrue(text.contains("SVD*PRIME01*600*HC:99284:25*0450*1~\nCAS*CO*45*150~\nCAS*PR*2*100~\nDTP*573*D8*20261120~\n"), text)
        XCTAssertTrue(text.contains("SVD*PRIME01*0*HC:J1885*0636*1*1~\nCAS*CO*97*40~\nDTP*573*D8*20261120~\n"), text)
    }

    /// Our rules check the guides' balancing, which pyx12 does not: a line whose adjudication does not add up to its
    /// charge, and a paid amount (AMT*D) that does not add up with the adjustments to the claim's charge.
    func testUnbalancedOtherPayerAmountsAreCaught() throws {
        var line = Self.professionalBatch
        line.claims[0].serviceLines[0].adjudications[0].paidCents += 100
        let (lineReport, _) = try HealthCareValidation.read(Array(professional(line).utf8))
        XCTAssertEqual(lineReport.findings.compactMap(\.rule), ["other-payer-line-balance"])
        XCTAssertEqual(lineReport.findings.first?.loop, "2430")
        var claim = Self.institutionalBatch
        claim.claims[0].otherPayers[0].paidCents = 72000
        let (claimReport, _) = try HealthCareValidation.read(Array(institutional(claim).utf8))
        XCTAssertEqual(claimReport.findings.compactMap(\.rule), ["other-payer-claim-balance"])
        XCTAssertEqual(claimReport.findings.first?.value, "720")
    }

    /// A payer that answered for the whole claim only: its adjudication date (2330B DTP*573) and the remaining
    /// patient liability (2320 AMT*EAF) go at the claim level; when the lines carry their own they are left to the
    /// lines.
    func testClaimLevelAdjudicationOnly() throws {
        for kind in ["professional", "institutional"] {
            var batch = kind == "professional" ? Self.professionalBatch : Self.institutionalBatch
            for n in batch.claims[0].serviceLines.indices { batch.claims[0].serviceLines[n].adjudications = [] }
            let total = batch.claims[0].totalChargeCents ?? 0
            batch.claims[0].otherPayers = [Self.primary(paidCents: total - 5000, claimAdjustments: [Self.adjustment("PR", "1", 5000)],
                                                        remaining: 5000, date: "20261120")]
            let text = kind == "professional" ? professional(batch) : institutional(batch)
            XCTAssertEqual(try readBack(text), batch.claims, kind)
            XCTAssertTrue(text.contains("CAS*PR*1*50~\nAMT*D*\(amount(total - 5000))~\nAMT*EAF*50~\nOI***Y***Y~"), text)
            XCTAssertTrue(text.contains("NM1*PR*2*PRIME HEALTH*****PI*PRIME01~\nN3*1 PAYER WAY~\nN4*HARTFORD*CT*06101~\nDTP*573*D8*20261120~\nREF*F8*PRIMEICN0001~"), text)
            XCTAssertEqual(Self.balanceProblems(batch.claims[0]), [], kind)

            // The same claim with the lines adjudicated too: the claim-level date is not written, nor the claim-level
            // liability when the lines say theirs (the 837P batch's lines do, the 837I's do not).
            var both = kind == "professional" ? Self.professionalBatch : Self.institutionalBatch
            both.claims[0].otherPayers[0].adjudicationDate = "20261120"
            both.claims[0].otherPayers[0].remainingPatientLiabilityCents = 3000
            let bothText = kind == "professional" ? professional(both) : institutional(both)
            XCTAssertEqual(bothText.contains("AMT*D*715~\nAMT*EAF*30~"), kind == "institutional", bothText)
            XCTAssertEqual(bothText.components(separatedBy: "AMT*EAF*").count - 1, kind == "professional" ? 3 : 1, bothText)
            XCTAssertEqual(bothText.components(separatedBy: "DTP*573*").count - 1, 3, bothText)
        }
    }

    /// Two other payers (a tertiary claim): each 2320 with its own 2330A/B, each line with two 2430s told apart by
    /// SVD01.
    func testTertiaryClaimCarriesBothEarlierPayers() throws {
        var batch = Self.professionalBatch
        var claim = batch.claims[0]
        claim.subscriber?.payerResponsibility = "T"
        var secondary = Self.primary(paidCents: 0)
        secondary.payerResponsibility = "S"
        secondary.payer = Party(name: "SECOND CHANCE INSURANCE", idQualifier: "PI", id: "SCI22")
        secondary.subscriber = Party(name: "DOE", firstName: "JOHN", idQualifier: "MI", id: "SCI-900")
        secondary.relationship = "01"
        secondary.claimControlNumber = nil
        secondary.remarkCodes = []
        for n in claim.serviceLines.indices {
            let charge = claim.serviceLines[n].chargeCents ?? 0
            claim.serviceLines[n].adjudications.append(
                LineAdjudication(payerID: "SCI22", paidCents: 0, procedureCode: claim.serviceLines[n].procedureCode,
                                 modifiers: claim.serviceLines[n].modifiers, units: claim.serviceLines[n].units ?? "1",
                                 adjustments: [Self.adjustment("OA", "23", charge)], adjudicationDate: "20261125"))
        }
        claim.otherPayers.append(secondary)
        batch.claims = [claim]
        XCTAssertEqual(Self.balanceProblems(claim), [])
        let text = professional(batch)
        XCTAssertEqual(try readBack(text), batch.claims)
        XCTAssertEqual(text.components(separatedBy: "~\nSBR*").count - 1, 3, text)
        XCTAssertEqual(text.components(separatedBy: "~\nSVD*").count - 1, 6, text)
    }

    /// The COB examples of the 837P guide in ../shared: their other payers and line adjudications as the reader sees
    /// them.
    func testReadsTheGuideCOBExample() throws {
        let url = SharedFiles.directory.appendingPathComponent("x12/golden/837P_lfh_demo.cob.example3.B.x12")
        let (report, document) = try HealthCareValidation.read(Array(try Data(contentsOf: url)))
        guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail() }
        let claim = try XCTUnwrap(read.claims.first)
        XCTAssertEqual(claim.otherPayers.count, 1)
        let other = claim.otherPayers[0]
        XCTAssertEqual(other.payerResponsibility, "P")
        XCTAssertEqual(other.relationship, "01")
        XCTAssertEqual(other.claimFilingIndicator, "12")
        XCTAssertEqual(other.adjustments, [Self.adjustment("PR", "1", 2189), Self.adjustment("PR", "2", 1500)])
        XCTAssertEqual(other.paidCents, 3915)
        XCTAssertEqual(other.remainingPatientLiabilityCents, 3689)
        XCTAssertEqual(other.subscriber.id, "JS00111223333")
        XCTAssertEqual(other.payer.id, "999996666")
        XCTAssertEqual(claim.serviceLines.map { $0.adjudications.map(\.paidCents) }, [[4000], [1500], [2104]])
        XCTAssertEqual(claim.serviceLines[0].adjudications[0].adjustments, [Self.adjustment("CO", "42", 300)])
        XCTAssertEqual(claim.serviceLines[0].adjudications[0].procedureCode, "99213")
        XCTAssertEqual(claim.serviceLines[0].adjudications[0].adjudicationDate, "20051015")
    }

    /// Seeded random secondary claims, balanced as a payer's 835 would be (many adjustments of several groups, some
    /// with quantities, some lines bundled): valid to our guides and rules, and read back the same.
    func testGeneratedSecondaryClaimsRoundTrip() throws {
        var random = SeededGenerator(seed: 2320)
        let groups = ["CO", "PR", "OA", "PI"]
        for round in 0..<30 {
            var batch = round % 2 == 0 ? Self.professionalBatch : Self.institutionalBatch
            var claim = batch.claims[0]
            var paidTotal = 0
            for n in claim.serviceLines.indices {
                let charge = claim.serviceLines[n].chargeCents ?? 0
                var left = charge
                var adjustments: [Adjustment] = []
                for _ in 0..<Int(random.next() % 8) where left > 0 {
                    let cents = Int(random.next() % UInt64(left)) + 1
                    left -= cents
                    adjustments.append(Self.adjustment(groups[Int(random.next() % 4)], String(1 + random.next() % 250), cents,
                                                       random.next() % 3 == 0 ? String(1 + random.next() % 3) : nil))
                }
                // CAS segments are one group each, so adjustments come back grouped, in the order groups first appear.
                var order: [String] = []
                for a in adjustments where !order.contains(a.groupCode) { order.append(a.groupCode) }
                adjustments = order.flatMap { g in adjustments.filter { $0.groupCode == g } }
                paidTotal += left
                let line = claim.serviceLines[n]
                claim.serviceLines[n].adjudications = [
                    LineAdjudication(payerID: Self.primaryPayerID, paidCents: left, procedureCode: line.procedureCode, modifiers: line.modifiers,
                                     revenueCode: line.revenueCode, units: line.units ?? "1",
                                     bundledLineNumber: left == 0 && n > 0 && random.next() % 2 == 0 ? 1 : nil, adjustments: adjustments,
                                     adjudicationDate: "20261120",
                                     remainingPatientLiabilityCents: adjustments.filter { $0.groupCode == "PR" }.reduce(0) { $0 + ($1.amountCents ?? 0) })]
            }
            claim.otherPayers = [Self.primary(paidCents: paidTotal, remarks: random.next() % 2 == 0 ? ["MA01", "N130"] : [])]
            batch.claims = [claim]
            XCTAssertEqual(Self.balanceProblems(claim), [])
            let text = round % 2 == 0 ? professional(batch) : institutional(batch)
            XCTAssertEqual(try readBack(text), batch.claims, "round \(round)")
        }
    }

    func testPyx12AcceptsProfessionalAndInstitutionalSecondaryClaims() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        var claimLevel = Self.professionalBatch
        for n in claimLevel.claims[0].serviceLines.indices { claimLevel.claims[0].serviceLines[n].adjudications = [] }
        claimLevel.claims[0].otherPayers[0].remainingPatientLiabilityCents = 10000
        claimLevel.claims[0].otherPayers[0].adjudicationDate = "20261120"
        for (name, text) in [("837P", professional(Self.professionalBatch)), ("837I", institutional(Self.institutionalBatch)),
                             ("837P claim level", professional(claimLevel))] {
            let verdict = try XCTUnwrap(try Pyx12.verdict(text: text), name)
            XCTAssertTrue(verdict.valid, name + ":\n" + verdict.errors.joined(separator: "\n") + "\n" + text)
        }
    }
}
