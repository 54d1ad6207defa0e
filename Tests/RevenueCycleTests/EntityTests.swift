import CodeSets
import Foundation
import RevenueCycle
import XCTest

final class EntityTests: XCTestCase {
    func testFixtureRecordsAreValid() {
        let f = Fixture()
        XCTAssertEqual(f.tenant.validate(), [])
        XCTAssertEqual(f.payer.validate(), [])
        XCTAssertEqual(f.patient.validate(), [])
        XCTAssertEqual(f.coverage.validate(), [])
        XCTAssertEqual(f.provider.validate(), [])
        XCTAssertEqual(f.facility.validate(), [])
        XCTAssertEqual(f.encounter.validate(), [])
        for charge in f.charges { XCTAssertEqual(charge.validate(in: f.encounter), []) }
    }

    func testAddressProblemsNameTheirFields() {
        let bad = Address(lines: [], city: "", state: "Illinois", postalCode: "6270")
        let problems = bad.validate()
        XCTAssertProblem(problems, "lines", "one or two street lines")
        XCTAssertProblem(problems, "city", "required")
        XCTAssertProblem(problems, "state", "two-letter USPS")
        XCTAssertProblem(problems, "postalCode", "5 digits, or 9")
        XCTAssertEqual(Address(lines: ["1 A St"], city: "X", state: "PR", postalCode: "00901-1234").validate(), [])
        XCTAssertEqual(Address(lines: ["1 A St"], city: "X", state: "IL", postalCode: "627011234").validate(), [])
        XCTAssertProblem(Address(lines: ["1 A St\n2"], city: "X", state: "IL", postalCode: "62701").validate(), "lines[0]", "single line")
        XCTAssertProblem(Address(lines: ["1 A St", "B", "C"], city: "X", state: "IL", postalCode: "62701").validate(), "lines", "got 3")
    }

    func testTenantProblems() {
        var tenant = Fixture().tenant
        tenant.billingNPI = NPI("1234567890")
        tenant.taxID = TaxID("1234")
        tenant.address.lines = ["P.O. Box 12"]
        tenant.name = " Northside"
        tenant.address.postalCode = "62701"
        tenant.billingPhone = "555-0100"
        let problems = tenant.validate()
        XCTAssertProblem(problems, "address.postalCode", "nine digits")
        XCTAssertProblem(problems, "billingPhone", "10 digits")
        XCTAssertProblem(problems, "billingNPI", "check digit")
        XCTAssertProblem(problems, "taxID", "9 digits")
        XCTAssertProblem(problems, "address.lines", "post-office box")
        XCTAssertProblem(problems, "name", "must not start or end")
    }

    func testProviderKindDecidesTheName() {
        var provider = Fixture().provider
        provider.organizationName = "Clinic"
        provider.taxonomy = Taxonomy("207Q00000")
        XCTAssertProblem(provider.validate(), "organizationName", "not an organisation name")
        XCTAssertProblem(provider.validate(), "taxonomy", "10 characters")
        provider.kind = .organization
        provider.personName = nil
        provider.taxonomy = Taxonomy("261QP2300X")
        XCTAssertEqual(provider.validate(), [])
        provider.organizationName = nil
        XCTAssertProblem(provider.validate(), "organizationName", "required")
        var person = Fixture().provider
        person.personName = PersonName(last: "", first: String(repeating: "A", count: 36))
        XCTAssertProblem(person.validate(), "personName.last", "required")
        XCTAssertProblem(person.validate(), "personName.first", "at most 35")
    }

    func testPayerLimits() {
        var payer = Fixture().payer
        payer.timelyFilingDays = 0
        payer.appealDays = 4000
        payer.electronicID = PayerID("SB|X")
        let problems = payer.validate()
        XCTAssertProblem(problems, "timelyFilingDays", "got 0")
        XCTAssertProblem(problems, "appealDays", "got 4000")
        XCTAssertProblem(problems, "electronicID", "\"|\" at position 3")
        XCTAssertEqual(Fixture().payer.timelyFilingDeadline(serviceDate: Fixture.date("2025-11-03")), Fixture.date("2026-02-01"))
    }

    func testPatientAndGuarantor() {
        var patient = Fixture().patient
        patient.phone = "555-0100"
        patient.accountNumber = "A*1"
        patient.guarantor = .otherPerson(ResponsibleParty(name: PersonName(last: "Doe", first: ""), address: Fixture.address, relationship: .oneself))
        let problems = patient.validate()
        XCTAssertProblem(problems, "phone", "10 digits")
        XCTAssertProblem(problems, "accountNumber", "\"*\"")
        XCTAssertProblem(problems, "guarantor.person.name.first", "required")
        XCTAssertProblem(problems, "guarantor.person.relationship", "self")
        XCTAssertNil(Fixture().patient.validate().first)
    }

    func testCoverageRelationshipMatchesTheSubscriber() {
        var coverage = Fixture().coverage
        coverage.relationship = .child
        XCTAssertProblem(coverage.validate(), "relationship", "self (18)")
        coverage.subscriber = .otherPerson(SubscriberPerson(name: PersonName(last: "Doe", first: "John"), dateOfBirth: Fixture.date("1968-05-05"), sex: .male))
        XCTAssertEqual(coverage.validate(), [])
        coverage.relationship = .oneself
        XCTAssertProblem(coverage.validate(), "relationship", "cannot be self")
        coverage = Fixture().coverage
        coverage.memberID = "M"
        coverage.effectiveThrough = Fixture.date("2024-12-31")
        XCTAssertProblem(coverage.validate(), "memberID", "2 to 80")
        XCTAssertProblem(coverage.validate(), "effectiveThrough", "before it starts on 2025-01-01")
        XCTAssertTrue(Fixture().coverage.covers(Fixture.date("2030-06-01")))
        XCTAssertFalse(Fixture().coverage.covers(Fixture.date("2024-12-31")))
    }

    func testSubscriberAndGuarantorJSONShapes() throws {
        var coverage = Fixture().coverage
        coverage.subscriber = .otherPerson(SubscriberPerson(name: PersonName(last: "Doe", first: "John"), dateOfBirth: Fixture.date("1968-05-05"), sex: .male))
        coverage.relationship = .spouse
        let data = try JSONEncoder().encode(coverage)
        let json = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(json.contains(#""kind":"otherPerson""#), json)
        XCTAssertTrue(json.contains(#""relationship":"01""#), json)
        XCTAssertEqual(try JSONDecoder().decode(Coverage.self, from: data), coverage)
        XCTAssertThrowsError(try JSONDecoder().decode(Subscriber.self, from: Data(#"{"kind":"robot"}"#.utf8)))
        XCTAssertEqual(try JSONDecoder().decode(Guarantor.self, from: Data(#"{"kind":"patient"}"#.utf8)), .patient)
    }

    func testReferralAndPriorAuthorization() {
        let f = Fixture()
        var referral = Referral(id: Fixture.id(20), tenantID: f.tenant.id, patientID: f.patient.id, payerID: f.payer.id, referringProviderID: f.provider.id,
                                number: "R1", validFrom: Fixture.date("2025-02-01"), validThrough: Fixture.date("2025-01-01"), visitsAuthorized: 2, visitsUsed: 3)
        XCTAssertProblem(referral.validate(), "validThrough", "before it starts")
        XCTAssertProblem(referral.validate(), "visitsUsed", "more than the 2 authorized")
        referral.validThrough = Fixture.date("2025-12-31")
        referral.visitsUsed = 1
        XCTAssertEqual(referral.validate(), [])

        var auth = PriorAuthorization(id: Fixture.id(21), tenantID: f.tenant.id, patientID: f.patient.id, payerID: f.payer.id, procedureCodes: [.cpt("7372")],
                                      units: 0, validFrom: Fixture.date("2025-01-01"), validThrough: Fixture.date("2025-03-31"), status: .approved)
        let problems = auth.validate()
        XCTAssertProblem(problems, "number", "authorization number")
        XCTAssertProblem(problems, "procedureCodes[0]", "CPT code")
        XCTAssertProblem(problems, "units", "at least 1")
        auth.number = "PA1"
        auth.units = 1
        auth.procedureCodes = [.cpt("73721")]
        XCTAssertEqual(auth.validate(), [])
        auth.status = .requested
        auth.number = nil
        XCTAssertEqual(auth.validate(), [])
    }

    func testCodeFormats() {
        XCTAssertNil(ProcedureCode.cpt("99213").problem)
        XCTAssertNil(ProcedureCode.cpt("0001U").problem)
        XCTAssertNil(ProcedureCode.cpt("3044F").problem)
        XCTAssertNotNil(ProcedureCode.cpt("G0439").problem)
        XCTAssertNil(ProcedureCode.hcpcs("G0439").problem)
        XCTAssertNotNil(ProcedureCode.hcpcs("99213").problem)
        XCTAssertNil(ProcedureCode.icd10pcs("0SRC0J9").problem)
        XCTAssertNotNil(ProcedureCode.icd10pcs("0SRC0I9").problem, "ICD-10-PCS has no letter I")
        XCTAssertEqual(DiagnosisCode("e11.65").code, "E1165")
        XCTAssertEqual(DiagnosisCode("E1165").description, "E11.65")
        XCTAssertNil(DiagnosisCode("S83.241A").problem)
        XCTAssertNil(DiagnosisCode("QA0").problem, "a letter in the second position (April 2026)")
        XCTAssertNotNil(DiagnosisCode("11.9").problem)
        XCTAssertNotNil(DiagnosisCode("E1").problem)
        XCTAssertNotNil(DiagnosisCode("E11.9-").problem)
        XCTAssertEqual(DrugDetail(ndc: "0003-0293-05", unit: .milligram, quantity: ExactDecimal(40)).ndc, "00003029305")
        XCTAssertEqual(DrugDetail(ndc: "12345-678-90", unit: .unit, quantity: ExactDecimal(1)).ndc, "12345067890")
        XCTAssertEqual(DrugDetail(ndc: "12345-6789-1", unit: .unit, quantity: ExactDecimal(1)).ndc, "12345678901")
        XCTAssertProblem(DrugDetail(ndc: "1234-567-89", unit: .unit, quantity: ExactDecimal(0)).validate(), "ndc", "11 digits")
        XCTAssertProblem(DrugDetail(ndc: "12345678901", unit: .unit, quantity: ExactDecimal(0)).validate(), "quantity", "more than zero")
    }

    func testEncounterProblems() {
        var encounter = Fixture().encounter
        encounter.serviceThrough = Fixture.date("2025-11-01")
        encounter.placeOfService = "00"
        encounter.diagnoses = (1...13).map { DiagnosisCode("E11.\($0)") } + [DiagnosisCode("E11.1"), DiagnosisCode("bad!")]
        encounter.supervisingProviderID = encounter.renderingProviderID
        encounter.attachments = [AttachmentReference(id: Fixture.id(30), title: "Op note", contentType: "pdf", storageKey: "k")]
        let problems = encounter.validate()
        XCTAssertProblem(problems, "serviceThrough", "before it starts")
        XCTAssertProblem(problems, "placeOfService", "01 to 99")
        XCTAssertProblem(problems, "diagnoses", "at most 12 diagnoses")
        XCTAssertProblem(problems, "diagnoses[13]", "already diagnosis 1")
        XCTAssertProblem(problems, "diagnoses[14]", "ICD-10-CM")
        XCTAssertProblem(problems, "supervisingProviderID", "is the rendering provider")
        XCTAssertProblem(problems, "attachments[0].contentType", "MIME")

        var institutional = Fixture().encounter
        institutional.claimKind = .institutional
        institutional.placeOfService = nil
        XCTAssertProblem(institutional.validate(), "institutionalBillType", "needs the facility type")
        institutional.institutionalBillType = "09"
        XCTAssertProblem(institutional.validate(), "institutionalBillType", "got \"09\"")
        institutional.institutionalBillType = "13"
        institutional.diagnoses = (1...25).map { DiagnosisCode("R\(String(format: "%02d", $0))") }
        XCTAssertEqual(institutional.validate(), [], "25 diagnoses fit an institutional claim")

        var coded = Fixture().encounter
        coded.diagnoses = []
        XCTAssertProblem(coded.validate(), "diagnoses", "at least one diagnosis")
        coded.status = .inCoding
        XCTAssertEqual(coded.validate(), [])
    }

    func testChargeProblemsAgainstItsEncounter() {
        let f = Fixture()
        var charge = f.charges[0]
        charge.modifiers = ["25", "5", "RT", "LT", "25"]
        charge.units = 0
        charge.amount = Money(cents: -1)
        charge.diagnosisPointers = [1, 13, 3, 1, 2]
        charge.serviceDate = Fixture.date("2025-11-04")
        charge.revenueCode = "450"
        let problems = charge.validate(in: f.encounter)
        XCTAssertProblem(problems, "modifiers", "at most 4 modifiers")
        XCTAssertProblem(problems, "modifiers[1]", "2 upper-case letters or digits")
        XCTAssertProblem(problems, "modifiers", "listed twice")
        XCTAssertProblem(problems, "units", "got 0")
        XCTAssertProblem(problems, "amount", "cannot be negative")
        XCTAssertProblem(problems, "diagnosisPointers", "at most 4")
        XCTAssertProblem(problems, "diagnosisPointers[1]", "1 to 12; got 13")
        XCTAssertProblem(problems, "diagnosisPointers[2]", "points to diagnosis 3, but the encounter has 2")
        XCTAssertProblem(problems, "diagnosisPointers", "pointed to twice")
        XCTAssertProblem(problems, "serviceDate", "outside the encounter's dates")
        XCTAssertProblem(problems, "revenueCode", "4 digits")
        XCTAssertProblem(problems, "revenueCode", "institutional claims only")

        var pcs = f.charges[0]
        pcs.procedure = .icd10pcs("0SRC0J9")
        XCTAssertProblem(pcs.validate(in: f.encounter), "procedure.system", "institutional claims only")
        var other = f.charges[0]
        other.encounterID = Fixture.id(99)
        other.diagnosisPointers = []
        XCTAssertProblem(other.validate(in: f.encounter), "encounterID", "belongs to encounter")
        XCTAssertProblem(other.validate(in: f.encounter), "diagnosisPointers", "at least one diagnosis")
    }

    func testDateArithmetic() {
        XCTAssertEqual(Fixture.date("1970-01-01").daysSinceEpoch, 0)
        XCTAssertEqual(Fixture.date("2000-03-01").daysSinceEpoch, 11017)
        XCTAssertEqual(Fixture.date("2024-02-28").adding(days: 1), Fixture.date("2024-02-29"))
        XCTAssertEqual(Fixture.date("2025-02-28").adding(days: 1), Fixture.date("2025-03-01"))
        XCTAssertEqual(Fixture.date("2025-12-31").adding(days: 1), Fixture.date("2026-01-01"))
        XCTAssertEqual(Fixture.date("2025-01-01").adding(days: -1), Fixture.date("2024-12-31"))
        XCTAssertEqual(Fixture.date("2025-01-01").days(until: Fixture.date("2026-01-01")), 365)
        XCTAssertNil(Fixture.date("2999-12-31").adding(days: 1))
        XCTAssertNil(Fixture.date("2025-01-01").adding(days: Int.max))
        // Every day from 1900 to 2999 round-trips.
        var day = Fixture.date("1900-01-01").daysSinceEpoch
        var previous: ServiceDate?
        while let date = ServiceDate(daysSinceEpoch: day) {
            XCTAssertEqual(date.daysSinceEpoch, day)
            if let previous { XCTAssertLessThan(previous, date) }
            previous = date
            day += 1
        }
        XCTAssertEqual(previous, Fixture.date("2999-12-31"))
    }
}
