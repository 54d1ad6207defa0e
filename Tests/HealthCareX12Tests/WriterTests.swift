import CodeSets
import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// The 837P writer: what it writes is valid to our guide and rules and to pyx12, and reads back as what was written.
final class WriterTests: XCTestCase {
    static let parties = InterchangeParties(senderID: "REVCYCLE", receiverID: "CLEARINGHOUSE", usage: "T")

    static func claim(_ id: String, npi: String = "1234567893", patient: Patient? = nil, lines: [Claim.ServiceLine], frequency: String = "1",
                      original: String? = nil) -> Claim {
        Claim(claimId: id, totalChargeCents: lines.reduce(0) { $0 + ($1.chargeCents ?? 0) }, facilityCode: "11", frequencyCode: frequency,
              originalClaimNumber: original, priorAuthorization: nil,
              billingProvider: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: npi,
                                     address: Address(line1: "100 MAIN ST", city: "SPRINGFIELD", state: "IL", postalCode: "627010001")),
              billingProviderTaxID: "123456789", billingProviderTaxonomy: "207Q00000X",
              subscriber: Subscriber(person: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M123456789",
                                                   address: Address(line1: "12 ELM ST", line2: "APT 4", city: "SPRINGFIELD", state: "IL", postalCode: "62701")),
                                     payerResponsibility: "P", relationship: patient == nil ? "18" : nil, groupNumber: "GRP100",
                                     claimFilingIndicator: "CI", birthDate: patient == nil ? "19700101" : nil, gender: patient == nil ? "F" : nil),
              patient: patient, payer: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01"),
              diagnoses: [.init(qualifier: "ABK", code: "E119"), .init(qualifier: "ABF", code: "I10")], serviceLines: lines)
    }

    /// A claim's other providers and the place of service (loops 2310A to 2310D).
    static func withProviders(_ claim: Claim) -> Claim {
        var claim = claim
        claim.referringProvider = Party(name: "KILDARE", firstName: "JAMES", idQualifier: "XX", id: "1003000126")
        claim.renderingProvider = Party(name: "WELBY", firstName: "MARCUS", idQualifier: "XX", id: "1912301953")
        claim.renderingProviderTaxonomy = "207R00000X"
        claim.serviceFacility = Party(name: "NORTHSIDE SURGERY CENTER", idQualifier: "XX", id: "1245319599",
                                      address: Address(line1: "200 OAK AVE", city: "SPRINGFIELD", state: "IL", postalCode: "627020002"))
        claim.supervisingProvider = Party(name: "QUINN", firstName: "MICHAELA", idQualifier: "XX", id: "1518060474")
        return claim
    }

    static let batch = ClaimTransaction(
        controlNumber: "0001", batchID: "BATCH1", createdDate: "20261130", createdTime: "1200",
        submitter: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"), submitterContactName: "BILLING OFFICE",
        submitterContactPhone: "5555551212", receiver: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "46", id: "SBX01"),
        claims: [
            withProviders(claim("C1", lines: [
                .init(lineNumber: 1, procedureCode: "99213", modifiers: ["25"], chargeCents: 12500, diagnosisPointers: [1, 2], serviceDate: "20261101", lineControlNumber: "C1-1"),
                .init(lineNumber: 2, procedureCode: "36415", chargeCents: 1000, diagnosisPointers: [1], serviceDate: "20261101", lineControlNumber: "C1-2",
                      renderingProvider: Party(name: "KILDARE", firstName: "JAMES", idQualifier: "XX", id: "1003000126"), renderingProviderTaxonomy: "207Q00000X"),
                .init(lineNumber: 3, procedureCode: "J3420", chargeCents: 2500, diagnosisPointers: [1], serviceDate: "20261101", lineControlNumber: "C1-3",
                      drug: Claim.Drug(code: "00409488801", quantity: "1", unit: "ML")),
            ])),
            claim("C2", patient: Patient(person: Party(name: "DOE", firstName: "SAM", address: Address(line1: "12 ELM ST", city: "SPRINGFIELD", state: "IL", postalCode: "62701")),
                                         relationship: "19", birthDate: "20150505", gender: "M"),
                  lines: [.init(lineNumber: 1, procedureCode: "99392", chargeCents: 15050, diagnosisPointers: [1], serviceDate: "20261102", lineControlNumber: "C2-1")]),
            claim("C3", npi: "1912301953", lines: [
                .init(lineNumber: 1, procedureCode: "97110", modifiers: ["GP", "59"], chargeCents: 4507, units: "2", diagnosisPointers: [2], serviceDate: "20261103", lineControlNumber: "C3-1"),
            ], frequency: "7", original: "PAYER0042"),
        ])

    func write(_ batch: ClaimTransaction) -> String {
        ClaimWriter.professional(batch, parties: Self.parties, date: "20261130", time: "1200", interchangeControlNumber: 42, groupControlNumber: 42)
    }

    func testWrittenClaimsAreValidAndReadBackTheSame() throws {
        let text = write(Self.batch)
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n") + "\n" + text)
        guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail(text) }
        XCTAssertEqual(read.claims.sorted { $0.claimId < $1.claimId }, Self.batch.claims.sorted { $0.claimId < $1.claimId })
        XCTAssertEqual(read.submitter, Self.batch.submitter)
        XCTAssertEqual(read.receiver, Self.batch.receiver)
        XCTAssertEqual(read.submitterContactPhone, "5555551212")
        // Every service line carries its line item control number.
        XCTAssertEqual(text.components(separatedBy: "\nREF*6R*").count - 1, 5)
        XCTAssertTrue(text.contains("REF*6R*C1-3~\nLIN**N4*00409488801~\nCTP****1*ML~\n"), text)
        // A line of another provider than the claim's: loop 2420A with its taxonomy.
        XCTAssertTrue(text.contains("REF*6R*C1-2~\nNM1*82*1*KILDARE*JAMES****XX*1003000126~\nPRV*PE*PXC*207Q00000X~\nLX*3~"), text)
        // Two billing providers (NPIs), three subscribers, one dependent patient.
        XCTAssertEqual(text.components(separatedBy: "*20*1~").count - 1, 2)
        XCTAssertTrue(text.contains("HL*4*3*23*0~"), text)
        // The other providers of the claim, in the guide's order, after its diagnoses.
        XCTAssertTrue(text.contains("""
            HI*ABK:E119*ABF:I10~
            NM1*DN*1*KILDARE*JAMES****XX*1003000126~
            NM1*82*1*WELBY*MARCUS****XX*1912301953~
            PRV*PE*PXC*207R00000X~
            NM1*77*2*NORTHSIDE SURGERY CENTER*****XX*1245319599~
            N3*200 OAK AVE~
            N4*SPRINGFIELD*IL*627020002~
            NM1*DQ*1*QUINN*MICHAELA****XX*1518060474~
            LX*1~
            """), text)
    }

    func testLineControlNumbersAreAlwaysWritten() throws {
        var batch = Self.batch
        for c in batch.claims.indices { for l in batch.claims[c].serviceLines.indices { batch.claims[c].serviceLines[l].lineControlNumber = nil } }
        let text = write(batch)
        XCTAssertTrue(text.contains("REF*6R*C1-1~") && text.contains("REF*6R*C1-2~") && text.contains("REF*6R*C3-1~"), text)
        XCTAssertTrue(X12Validator.validate(Array(text.utf8), guides: try HealthCareGuides.all()).isValid)
    }

    /// ISA09 and ISA10 are fixed-width: a GS time with seconds must not shift the ISA.
    func testTimeWithSecondsKeepsTheInterchangeHeaderFixedWidth() throws {
        var batch = Self.batch
        batch.claims[0].admissionDate = "20261028"
        let text = ClaimWriter.professional(batch, parties: Self.parties, date: "20261130", time: "100831", interchangeControlNumber: 42, groupControlNumber: 42)
        let report = X12Validator.validate(Array(text.utf8), guides: try HealthCareGuides.all(), envelope: try HealthCareGuides.envelope())
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
        XCTAssertTrue(text.contains("*261130*1008*^*00501*"), text)
        XCTAssertTrue(text.contains("GS*HC*REVCYCLE*CLEARINGHOUSE*20261130*100831*42*X*005010X222A1~"), text)
        XCTAssertTrue(text.contains("DTP*435*D8*20261028~"), text)
    }

    func testDelimitersInDataCannotBreakTheFile() throws {
        var batch = Self.batch
        batch.claims[0].subscriber?.person.name = "O*BRIEN~:^"
        let text = write(batch)
        let report = X12Validator.validate(Array(text.utf8), guides: try HealthCareGuides.all())
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
        XCTAssertTrue(text.contains("NM1*IL*1*OBRIEN*JANE"), text)
    }

    /// Seeded random batches: whatever the writer makes validates and reads back.
    func testGeneratedBatchesRoundTrip() throws {
        var random = SeededGenerator(seed: 5010)
        let codes = ["99213", "99214", "36415", "80053", "93000", "J3420", "G0008", "97110"]
        for round in 0..<40 {
            var batch = Self.batch
            batch.controlNumber = String(format: "%04d", round + 1)
            batch.claims = (0..<Int(1 + random.next() % 6)).map { n in
                let lines = (0..<Int(1 + random.next() % 8)).map { l in
                    Claim.ServiceLine(lineNumber: l + 1, procedureCode: codes[Int(random.next() % UInt64(codes.count))],
                                      modifiers: random.next() % 3 == 0 ? ["59"] : [], chargeCents: Int(random.next() % 500_000) + 1,
                                      units: String(1 + random.next() % 4), diagnosisPointers: [1 + Int(random.next() % 2)],
                                      serviceDate: "202611\(String(format: "%02d", 1 + random.next() % 28))", lineControlNumber: "R\(round)C\(n)L\(l + 1)")
                }
                return Self.claim("R\(round)C\(n)", npi: random.next() % 2 == 0 ? "1234567893" : "1912301953", lines: lines)
            }
            let text = write(batch)
            let (report, document) = try HealthCareValidation.read(Array(text.utf8))
            XCTAssertTrue(report.isValid, report.findings.prefix(5).map(String.init(describing:)).joined(separator: "\n"))
            guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail() }
            // Claims come back grouped by billing provider.
            XCTAssertEqual(read.claims.sorted { $0.claimId < $1.claimId }, batch.claims.sorted { $0.claimId < $1.claimId })
        }
    }

    func testPyx12AcceptsWhatWeWrite() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        let verdict = try XCTUnwrap(try Pyx12.verdict(text: write(Self.batch)))
        XCTAssertTrue(verdict.valid, verdict.errors.joined(separator: "\n"))
    }
}

/// The 835 writer: balanced remittance that our guide, our balancing rules and pyx12 accept, and that reads back.
final class RemittanceWriterTests: XCTestCase {
    static let era = Remittance(
        controlNumber: "0001", paymentCents: 9000, paymentDate: "20261130", traceNumber: "CHK10001", payerIdentifier: "1123456789",
        payer: Party(name: "SANDBOX HEALTH PLAN", address: Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
        payerContactName: "EDI SUPPORT", payerContactPhone: "8005551212",
        payee: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"), payeeTaxID: "123456789",
        claims: [
            .init(claimId: "C1", statusCode: "1", chargeCents: 13500, paidCents: 10000, patientResponsibilityCents: 2000, filingIndicator: "12",
                  payerClaimControlNumber: "PCN0001", patient: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M123456789"),
                  crossoverCarrier: Party(name: "SECOND CHANCE INSURANCE", idQualifier: "PI", id: "SCI22"), remarkCodes: ["MA18"],
                  adjustments: [], serviceLines: [
                    .init(procedureCode: "99213", modifiers: ["25"], chargeCents: 12500, paidCents: 9000, serviceDate: "20261101", lineControlNumber: "C1-1",
                          adjustments: [Adjustment(groupCode: "CO", reasonCode: "45", amountCents: 1500, quantity: nil),
                                        Adjustment(groupCode: "PR", reasonCode: "2", amountCents: 2000, quantity: nil)],
                          remarkCodes: ["N130", "M15"]),
                    .init(procedureCode: "36415", chargeCents: 1000, paidCents: 1000, serviceDate: "20261101", lineControlNumber: "C1-2", adjustments: []),
                  ]),
            .init(claimId: "C2", statusCode: "4", chargeCents: 15050, paidCents: 0, patientResponsibilityCents: nil, filingIndicator: "12",
                  payerClaimControlNumber: "PCN0002", patient: Party(name: "DOE", firstName: "SAM"),
                  adjustments: [Adjustment(groupCode: "CO", reasonCode: "197", amountCents: 15050, quantity: nil)], serviceLines: []),
        ],
        providerAdjustments: [.init(provider: "1234567893", fiscalPeriodDate: "20261231", reasonCode: "WO", reference: "OVERPAY01", amountCents: 1000)])

    func write(_ era: Remittance) -> String {
        RemittanceWriter.write(era, parties: InterchangeParties(senderID: "SANDBOX", receiverID: "REVCYCLE", usage: "T"),
                               date: "20261130", time: "1200", interchangeControlNumber: 7, groupControlNumber: 7)
    }

    func testWrittenRemittanceBalancesAndReadsBack() throws {
        let text = write(Self.era)
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n") + "\n" + text)
        guard case .remittance(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail(text) }
        XCTAssertEqual(read, Self.era)
    }

    func testAnUnbalancedRemittanceIsCaught() throws {
        var era = Self.era
        era.paymentCents = 10000 // forgets the PLB recovery
        let (report, _) = try HealthCareValidation.read(Array(write(era).utf8))
        XCTAssertEqual(report.findings.compactMap(\.rule), ["payment-balance"])
    }

    /// A hostile 835: enough claims at the largest amount an element holds to overflow a plain sum. The balance
    /// checks must report, not trap.
    func testAmountsThatOverflowASumAreReportedNotACrash() throws {
        var era = Self.era
        let largest = 99_999_999_999_999_999  // 15 whole digits and the cents
        era.claims = (1...120).map { n in
            .init(claimId: "BIG\(n)", statusCode: "1", chargeCents: largest, paidCents: largest, patientResponsibilityCents: nil, filingIndicator: "12",
                  payerClaimControlNumber: "P\(n)", patient: Party(name: "DOE", firstName: "JANE"), adjustments: [],
                  serviceLines: [.init(procedureCode: "99213", chargeCents: largest, paidCents: largest, serviceDate: "20261101", lineControlNumber: "L\(n)", adjustments: [])])
        }
        era.paymentCents = 1
        era.providerAdjustments = []
        let (report, _) = try HealthCareValidation.read(Array(write(era).utf8))
        XCTAssertEqual(report.findings.compactMap(\.rule), ["payment-balance"])
    }

    func testPyx12AcceptsTheRemittanceWeWrite() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        let verdict = try XCTUnwrap(try Pyx12.verdict(text: write(Self.era)))
        XCTAssertTrue(verdict.valid, verdict.errors.joined(separator: "\n"))
    }
}

/// The 277CA writer: one accepted and one rejected claim, valid to our guide and pyx12, and read back.
final class ClaimAcknowledgmentWriterTests: XCTestCase {
    static let ack = ClaimAcknowledgment(
        controlNumber: "0001", batchID: "ACK0001", createdDate: "20261130", createdTime: "1205",
        source: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01"), receiver: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"),
        sourceTraceNumber: "T0001", receiptDate: "20261130", processDate: "20261130", receiverTraceNumber: "BATCH1",
        batchStatuses: [.init(category: "A1", code: "19", entity: "PR", date: "20261130", action: "WQ", amountCents: 28550)],
        providers: [.init(provider: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"),
                          statuses: [.init(category: "A1", code: "19", entity: "85", date: "", action: "WQ", amountCents: 28550)], claims: [
            .init(patient: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M123456789"), claimId: "C1",
                  statuses: [.init(category: "A2", code: "20", entity: "PR", date: "20261130", action: "WQ", amountCents: 13500)],
                  payerClaimControlNumber: "PCN0001", serviceDate: "20261101"),
            .init(patient: Party(name: "DOE", firstName: "SAM", idQualifier: "MI", id: "M123456789"), claimId: "C2",
                  statuses: [.init(category: "A7", code: "562", entity: "85", date: "20261130", action: "U", amountCents: 15050)],
                  payerClaimControlNumber: nil, serviceDate: "20261101-20261102"),
        ])])

    func write() -> String {
        Self.ack.write(parties: InterchangeParties(senderID: "SANDBOX", receiverID: "REVCYCLE", usage: "T"), date: "20261130", time: "1205",
                       interchangeControlNumber: 9, groupControlNumber: 9)
    }

    func testWrittenAcknowledgmentIsValidAndReadsBack() throws {
        let text = write()
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n") + "\n" + text)
        guard case .acknowledgment(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail(text) }
        XCTAssertEqual(read, Self.ack)
        XCTAssertEqual(read.providers[0].claims.map(\.isAccepted), [true, false])
    }

    func testPyx12AcceptsTheAcknowledgmentWeWrite() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        let verdict = try XCTUnwrap(try Pyx12.verdict(text: write()))
        XCTAssertTrue(verdict.valid, verdict.errors.joined(separator: "\n"))
    }
}

/// The 837I writer: an outpatient hospital claim valid to our guide and pyx12, and read back.
final class InstitutionalWriterTests: XCTestCase {
    static var batch: ClaimTransaction {
        var claim = WriterTests.claim("H1", lines: [
            .init(lineNumber: 1, revenueCode: "0450", procedureCode: "99284", modifiers: ["25"], chargeCents: 85000, diagnosisPointers: [], serviceDate: "20261101", lineControlNumber: "H1-1"),
            .init(lineNumber: 2, revenueCode: "0300", procedureCode: "80053", chargeCents: 12000, diagnosisPointers: [], serviceDate: "20261101", lineControlNumber: "H1-2",
                  renderingProvider: Party(name: "KILDARE", firstName: "JAMES", idQualifier: "XX", id: "1003000126")),
            .init(lineNumber: 3, revenueCode: "0636", procedureCode: "J1885", chargeCents: 4000, diagnosisPointers: [], serviceDate: "20261101", lineControlNumber: "H1-3",
                  drug: Claim.Drug(code: "00409379601", quantity: "0.5", unit: "ML")),
        ])
        claim.facilityCode = "13"
        claim.providerSignature = ""
        claim.billingProviderTaxonomy = "282N00000X"
        claim.diagnoses = [.init(qualifier: "ABK", code: "R079"), .init(qualifier: "ABF", code: "I10"), .init(qualifier: "ABF", code: "E119")]
        claim.statementPeriod = "20261101-20261101"
        claim.patientStatus = "01"
        claim.attendingProvider = Party(name: "WELBY", firstName: "MARCUS", idQualifier: "XX", id: "1912301953")
        claim = WriterTests.withProviders(claim)
        // 837I has no rendering taxonomy or supervising provider at the claim level.
        claim.renderingProviderTaxonomy = nil
        claim.supervisingProvider = nil
        var batch = WriterTests.batch
        batch.kind = "institutional"
        batch.claims = [claim]
        return batch
    }

    func write() -> String {
        ClaimWriter.institutional(Self.batch, parties: WriterTests.parties, date: "20261130", time: "1200", interchangeControlNumber: 43, groupControlNumber: 43)
    }

    func testWrittenInstitutionalClaimIsValidAndReadsBack() throws {
        let text = write()
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n") + "\n" + text)
        guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail(text) }
        XCTAssertEqual(read.kind, "institutional")
        XCTAssertEqual(read.claims, Self.batch.claims)
    }

    func testPyx12AcceptsTheInstitutionalClaimWeWrite() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        let verdict = try XCTUnwrap(try Pyx12.verdict(text: write()))
        XCTAssertTrue(verdict.valid, verdict.errors.joined(separator: "\n"))
    }
}
