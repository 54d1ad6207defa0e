import Clearinghouse
import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// Claims, a contract and checks the sandbox payer's tests share.
enum SandboxFixtures {
    static let parties = InterchangeParties(senderID: "REVCYCLE", receiverID: "SBX01", usage: "T")

    /// A contract with round numbers, so that each test can work its amounts out by hand. Member M0 has no deductible
    /// left; every other member has $100.
    static let contract = PayerContract(
        payer: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01",
                     address: Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
        payerTaxID: "060000001",
        fees: [.init(code: "99213", allowedCents: 9000), .init(code: "99214", allowedCents: 13000), .init(code: "99214", modifier: "25", allowedCents: 12500),
               .init(code: "36415", allowedCents: 300), .init(code: "80053", allowedCents: 1100), .init(code: "97110", allowedCents: 3000),
               .init(code: "70553", allowedCents: 40000)],
        defaultPercentOfCharge: 50, deductibleCents: 10000, memberDeductibleCents: ["M0": 0], coinsurancePercent: 20, copayCents: ["99213": 2500],
        priorAuthorizationCodes: ["70553"], coveredDiagnoses: ["97110": ["M54"]],
        bundledPairs: [.init(column1: "80053", column2: "36415"), .init(column1: "99214", column2: "97110", modifierAllowed: true)],
        timelyFilingDays: 90, notCoveredMembers: ["NOTCOVERED1"], paymentMethod: "CHK", firstTraceNumber: 700001)

    static func line(_ code: String, _ chargeCents: Int, modifiers: [String] = [], units: String = "1", pointers: [Int] = [1],
                     date: String = "20261101", control: String) -> Claim.ServiceLine {
        Claim.ServiceLine(procedureCode: code, modifiers: modifiers, chargeCents: chargeCents, units: units, diagnosisPointers: pointers,
                          serviceDate: date, lineControlNumber: control)
    }

    static func claim(_ id: String, member: String = "M0", npi: String = "1234567893", diagnoses: [String] = ["E119", "M545"],
                      authorization: String? = nil, frequency: String = "1", original: String = "SBX0100000001", lines: [Claim.ServiceLine]) -> Claim {
        Claim(claimId: id, totalChargeCents: lines.reduce(0) { $0 + ($1.chargeCents ?? 0) }, facilityCode: "11", frequencyCode: frequency,
              originalClaimNumber: ["7", "8"].contains(frequency) ? original : nil, priorAuthorization: authorization,
              billingProvider: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: npi,
                                     address: Address(line1: "100 MAIN ST", city: "SPRINGFIELD", state: "IL", postalCode: "627010001")),
              billingProviderTaxID: "123456789", billingProviderTaxonomy: "207Q00000X",
              subscriber: Subscriber(person: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: member,
                                                   address: Address(line1: "12 ELM ST", city: "SPRINGFIELD", state: "IL", postalCode: "62701")),
                                     payerResponsibility: "P", relationship: "18", groupNumber: "GRP100", claimFilingIndicator: "CI",
                                     birthDate: "19700101", gender: "F"),
              payer: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01"),
              diagnoses: diagnoses.enumerated().map { .init(qualifier: $0.offset == 0 ? "ABK" : "ABF", code: $0.element) }, serviceLines: lines)
    }

    static func batch(_ claims: [Claim], id: String = "BATCH1") -> ClaimTransaction {
        ClaimTransaction(controlNumber: "0001", batchID: id, createdDate: "20261130", createdTime: "1200",
                         submitter: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"), submitterContactName: "BILLING OFFICE",
                         submitterContactPhone: "5555551212", receiver: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "46", id: "SBX01"),
                         claims: claims)
    }

    static func x837(_ batch: ClaimTransaction, number: Int = 1) -> Data {
        Data(ClaimWriter.professional(batch, parties: parties, date: "20261130", time: "1200", interchangeControlNumber: number,
                                      groupControlNumber: number).utf8)
    }

    /// Our validator (guides and balancing rules) finds nothing, and pyx12, when installed, accepts the file.
    static func assertValid(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (report, _) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid && report.findings.isEmpty,
                      "\(name): \(report.findings.map(String.init(describing:)).joined(separator: "\n"))\n\(text)", file: file, line: line)
        if Pyx12.available, let verdict = try Pyx12.verdict(text: text) {
            XCTAssertTrue(verdict.valid, "pyx12 on \(name): \(verdict.errors.joined(separator: "\n"))\n\(text)", file: file, line: line)
        }
    }

    static func write(_ era: Remittance) -> String {
        RemittanceWriter.write(era, parties: InterchangeParties(senderID: "SBX01", receiverID: "REVCYCLE", usage: "T"), date: "20261130", time: "1200",
                               interchangeControlNumber: 5, groupControlNumber: 5)
    }

    static func write(_ ack: ClaimAcknowledgment) -> String {
        ack.write(parties: InterchangeParties(senderID: "SBX01", receiverID: "REVCYCLE", usage: "T"), date: "20261130", time: "1200",
                  interchangeControlNumber: 6, groupControlNumber: 6)
    }

    static func write(_ response: ClaimStatusResponse) -> String {
        response.write(parties: InterchangeParties(senderID: "SBX01", receiverID: "REVCYCLE", usage: "T"), date: "20261130", time: "1200",
                       interchangeControlNumber: 7, groupControlNumber: 7)
    }

    /// Reads an interchange of one transaction set into its typed model.
    static func parse(_ data: Data) throws -> ParsedFile.Transaction? {
        let (report, document) = try HealthCareValidation.read(data)
        return ParsedFile(report: report, document: document).transactions.first
    }
}
