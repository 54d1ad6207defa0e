import Foundation
import HealthCareX12
import OracleSupport
import RevenueCycle
import XCTest

/// Domain claims written as 837s: valid to our guides and rules and to pyx12, and read back as what they say.
final class ClaimInterchangeTests: XCTestCase {
    static let submitter = ClaimSubmitter(name: "Prairie Revenue Partners", id: "PRP0001", contactName: "Billing office", contactPhone: "312-555-0100")
    static let created = Date(timeIntervalSince1970: 1_796_000_000)

    /// Every demo claim with the records it names, grouped by tenant, payer and kind: one interchange each.
    static func batches() throws -> [(kind: ClaimKind, payer: Payer, claims: [ClaimRecords])] {
        let data = try DemoSeed.generate()
        var batches: [String: (kind: ClaimKind, payer: Payer, claims: [ClaimRecords])] = [:]
        for claim in data.claims {
            let records = try XCTUnwrap(data.records(of: claim))
            let payer = records.payer
            batches["\(claim.tenantID) \(payer.id) \(claim.kind)", default: (claim.kind, payer, [])].claims.append(records)
        }
        return batches.values.sorted { $0.claims[0].claim.patientControlNumber < $1.claims[0].claim.patientControlNumber }
    }

    static func interchange(_ batch: (kind: ClaimKind, payer: Payer, claims: [ClaimRecords])) -> String {
        ClaimInterchange.interchange(batch.claims, kind: batch.kind, submitter: submitter,
                                     receiver: Party(name: batch.payer.name, idQualifier: "46", id: batch.payer.electronicID.value),
                                     parties: InterchangeParties(senderID: submitter.id, receiverID: batch.payer.electronicID.value, usage: "T"),
                                     batchID: "B1", created: created, interchangeControlNumber: 1, groupControlNumber: 1)
    }

    func testEveryDemoClaimWritesAValid837ThatReadsBack() throws {
        let batches = try Self.batches()
        XCTAssertGreaterThan(batches.count, 2)
        XCTAssertTrue(batches.contains { $0.claims.contains { $0.claim.lines.contains { $0.drug != nil } } }, "a demo claim bills a drug with its NDC")
        for batch in batches {
            let text = Self.interchange(batch)
            let (report, document) = try HealthCareValidation.read(Array(text.utf8))
            XCTAssertTrue(report.isValid, report.findings.prefix(5).map(String.init(describing:)).joined(separator: "\n") + "\n" + text)
            guard case .claims(let read)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail(text) }
            XCTAssertEqual(read.kind, batch.kind == .professional ? "professional" : "institutional")
            for (written, records) in zip(read.claims, batch.claims) {
                let claim = records.claim
                XCTAssertEqual(written.claimId, claim.patientControlNumber)
                XCTAssertEqual(written.totalChargeCents, claim.totalCharge.cents)
                XCTAssertEqual(written.serviceLines.map(\.lineControlNumber), claim.lines.map(\.lineItemControlNumber))
                XCTAssertEqual(written.serviceLines.compactMap(\.procedureCode), claim.lines.compactMap(\.procedure?.code))
                XCTAssertEqual(written.serviceLines.map { $0.drug?.code }, claim.lines.map { $0.drug?.ndc })
                XCTAssertEqual(written.diagnoses.filter { ["ABK", "ABF"].contains($0.qualifier) }.map(\.code), claim.diagnoses.map(\.code))
                XCTAssertEqual(written.billingProvider?.id, claim.billingProvider.npi.value)
                XCTAssertEqual(written.payer?.id, records.payer.electronicID.value)
                XCTAssertEqual(written.subscriber?.person.id, records.coverage.memberID)
                XCTAssertEqual(written.frequencyCode, claim.frequency.rawValue)
                XCTAssertEqual(written.originalClaimNumber, claim.payerClaimControlNumber)
                // The subscriber is the patient, or the patient has a loop of their own with the relationship.
                if case .otherPerson = records.coverage.subscriber {
                    XCTAssertEqual(written.patient?.relationship, records.coverage.relationship.rawValue)
                } else {
                    XCTAssertNil(written.patient)
                    XCTAssertEqual(written.subscriber?.birthDate, records.patient.dateOfBirth.x12)
                }
                // A rendering provider other than the billing one is named with their taxonomy (837P).
                if claim.kind == .professional, let rendering = records.renderingProvider, rendering.npi != claim.billingProvider.npi {
                    XCTAssertEqual(written.renderingProvider?.id, rendering.npi.value)
                    XCTAssertEqual(written.renderingProviderTaxonomy, rendering.taxonomy.value)
                }
                XCTAssertEqual(written.referringProvider?.id, records.referringProvider?.npi.value)
            }
        }
    }

    func testAClaimForAnotherPersonsPolicyHasAPatientLoop() throws {
        let batches = try Self.batches()
        let dependents = batches.flatMap(\.claims).filter { if case .otherPerson = $0.coverage.subscriber { true } else { false } }
        XCTAssertFalse(dependents.isEmpty, "the demo has a patient on a parent's or spouse's policy")
        var records = try XCTUnwrap(dependents.first)
        let x12 = ClaimInterchange.x12Claim(records)
        XCTAssertEqual(x12.patient?.person.name, records.patient.name.last)
        XCTAssertNil(x12.subscriber?.birthDate, "the guide sends the subscriber's demographics only when the subscriber is the patient")
        // A facility at the billing provider's own address is not named again.
        records.facility = Facility(id: UUID(), tenantID: records.claim.tenantID, name: "Main office", address: records.claim.billingProvider.address)
        XCTAssertNil(ClaimInterchange.x12Claim(records).serviceFacility)
    }

    func testPyx12AcceptsTheDemoClaims() throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        for batch in try Self.batches() {
            let verdict = try XCTUnwrap(try Pyx12.verdict(text: Self.interchange(batch)))
            XCTAssertTrue(verdict.valid, verdict.errors.prefix(5).joined(separator: "\n"))
        }
    }
}
