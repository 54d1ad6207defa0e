import ClaimEdits
import CodeSets
import HealthCareX12
import XCTest

/// An 837 claim made elsewhere, as the scrubber reads it: who it is for, the payer, the authorization, the line's
/// own rendering provider, and the duplicate check across a file's claims.
final class ScrubClaimX12Tests: XCTestCase {
    static func claim(_ id: String, member: String = "MEM1", lines: [HealthCareX12.Claim.ServiceLine]) -> HealthCareX12.Claim {
        HealthCareX12.Claim(claimId: id, totalChargeCents: nil, facilityCode: "11", frequencyCode: "1", priorAuthorization: "AUTH9",
                            billingProvider: Party(name: "CLINIC", idQualifier: "XX", id: "1234567893"), billingProviderTaxID: "123456789",
                            billingProviderTaxonomy: "261QP2300X",
                            subscriber: Subscriber(person: Party(name: "ROE", firstName: "ANN", idQualifier: "MI", id: member), birthDate: "19700101", gender: "F"),
                            payer: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01"),
                            diagnoses: [.init(qualifier: "ABK", code: "E119")], serviceLines: lines)
    }

    static let otherDoctor = Party(name: "KILDARE", firstName: "JAMES", idQualifier: "XX", id: "1003000126")

    func testTheFieldsTheEditsNeedAreRead() throws {
        let made = ServiceDate(iso: "2026-11-30")!
        let scrub = ScrubClaim(Self.claim("C1", lines: [
            .init(lineNumber: 1, procedureCode: "99213", chargeCents: 100, serviceDate: "20261101"),
            .init(lineNumber: 2, procedureCode: "36415", chargeCents: 100, serviceDate: "20261101", renderingProvider: Self.otherDoctor),
        ]), kind: .professional, fallbackDate: made, filingDate: made)
        XCTAssertEqual(scrub.payer?.id, "SBX01")
        XCTAssertEqual(scrub.priorAuthorization, "AUTH9")
        XCTAssertEqual(scrub.billingTaxonomy, "261QP2300X")
        XCTAssertEqual(scrub.filingDate, made)
        XCTAssertEqual(scrub.lines.map(\.renderingNPI), [nil, "1003000126"])
        XCTAssertTrue(scrub.npis.contains(ScrubClaim.NamedNPI(role: "line 2 rendering provider", npi: "1003000126")))
        XCTAssertNotNil(scrub.patientKey)
    }

    func testTheSameServiceTwiceForOnePatientIsADuplicate() throws {
        let scrubber = Scrubber(library: try ScrubberTests.library.get())
        let date = ServiceDate(iso: "2026-11-01")!
        let line = HealthCareX12.Claim.ServiceLine(lineNumber: 1, procedureCode: "99213", chargeCents: 100, serviceDate: "20261101")
        let first = ScrubClaim(Self.claim("C1", lines: [line]), kind: .professional, fallbackDate: date)
        let again = ScrubClaim(Self.claim("C2", lines: [line]), kind: .professional, fallbackDate: date)
        let someoneElse = ScrubClaim(Self.claim("C3", member: "MEM2", lines: [line]), kind: .professional, fallbackDate: date)
        XCTAssertEqual(scrubber.scrub(again, others: [first, again, someoneElse]).first { $0.id == "claim-duplicate" }?.message.contains("claim C1"), true)
        XCTAssertFalse(scrubber.scrub(someoneElse, others: [first, again, someoneElse]).contains { $0.id.contains("duplicate") })
    }
}
