import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// A small, consistent set of records for one professional claim, which tests change one field at a time.
struct Fixture {
    static func date(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ServiceDate {
        guard let d = ServiceDate(iso: text) else {
            XCTFail("bad test date \(text)", file: file, line: line)
            return ServiceDate(iso: "2000-01-01")!
        }
        return d
    }

    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static let address = Address(lines: ["100 Main Street"], city: "Springfield", state: "IL", postalCode: "62701")

    var tenant = Tenant(id: id(1), name: "Northside Clinic", kind: .practice, billingNPI: NPI("1234567893"), taxID: TaxID("12-3456789"),
                        address: Address(lines: ["100 Main Street"], city: "Springfield", state: "IL", postalCode: "62701-1234"))
    var payer = Payer(id: id(2), tenantID: id(1), name: "Sandbox Health Plan", electronicID: PayerID("SBX01"),
                      claimFilingIndicator: .commercialInsurance, timelyFilingDays: 90, appealDays: 180)
    var patient = Patient(id: id(3), tenantID: id(1), name: PersonName(last: "Doe", first: "Jane"), dateOfBirth: date("1970-01-01"),
                          sex: .female, address: address, phone: "217-555-0100", accountNumber: "A1001")
    var coverage = Coverage(id: id(4), tenantID: id(1), patientID: id(3), payerID: id(2), order: .primary, subscriber: .patient,
                            relationship: .oneself, memberID: "M123456789", groupNumber: "GRP100", effectiveFrom: date("2025-01-01"))
    var provider = Provider(id: id(5), tenantID: id(1), kind: .individual, personName: PersonName(last: "Smith", first: "Ann"),
                            npi: NPI("1912301953"), taxonomy: Taxonomy("207Q00000X"), specialty: "Family medicine")
    var facility = Facility(id: id(6), tenantID: id(1), name: "Northside Clinic", address: address)
    var encounter = Encounter(id: id(7), tenantID: id(1), patientID: id(3), serviceFrom: date("2025-11-03"), serviceThrough: date("2025-11-03"),
                              placeOfService: "11", renderingProviderID: id(5), facilityID: id(6), note: "Follow-up visit.",
                              diagnoses: [DiagnosisCode("E11.9"), DiagnosisCode("I10")], status: .coded)
    var charges = [
        Charge(id: id(8), tenantID: id(1), encounterID: id(7), procedure: .cpt("99213"), modifiers: ["25"], amount: Money(cents: 12500),
               diagnosisPointers: [1, 2], serviceDate: date("2025-11-03")),
        Charge(id: id(9), tenantID: id(1), encounterID: id(7), procedure: .cpt("36415"), amount: Money(cents: 1000),
               diagnosisPointers: [1], serviceDate: date("2025-11-03")),
    ]

    var builder: ClaimBuilder {
        ClaimBuilder(tenant: tenant, encounter: encounter, charges: charges, patient: patient, coverage: coverage, payer: payer,
                     renderingProvider: provider, facility: facility)
    }

    func claim(file: StaticString = #filePath, line: UInt = #line) throws -> Claim {
        do { return try builder.build(claimID: Fixture.id(100)) } catch {
            XCTFail("the fixture claim is refused: \(error)", file: file, line: line)
            throw error
        }
    }
}

/// The fields of a list of problems, for compact assertions.
func fields(_ problems: [FieldProblem]) -> [String] { problems.map(\.field) }

/// Asserts that some problem has the field and a message containing `text`.
func XCTAssertProblem(_ problems: [FieldProblem], _ field: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
    if !problems.contains(where: { $0.field == field && $0.message.contains(text) }) {
        XCTFail("no problem at \(field) mentioning \"\(text)\"; got: \(problems.map(\.description))", file: file, line: line)
    }
}
