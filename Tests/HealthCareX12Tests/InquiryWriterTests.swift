import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// The eligibility (270/271), claim status (276/277) and review (278) models: what the writers write validates clean
/// with our guides and reads back equal; the public sample files read into the typed models.
///
/// pyx12 cannot judge these transaction sets: its map index (pyx12/map/maps.xml) names no map for 005010X279A1,
/// 005010X212 or 005010X217 (it ships a 277.5010.X212.xml but does not register it), so the oracle answers "Map not
/// found" and exits 2. The oracle tests below run anyway and skip with that reason; should pyx12 ever judge them,
/// they assert that it accepts what we write.
final class InquiryWriterTests: XCTestCase {
    static let payer = Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01")
    static let clinic = Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893")
    static let doctor = Party(name: "WELBY", firstName: "MARCUS", idQualifier: "XX", id: "1912301953")
    static let jane = Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M123456789",
                            address: Address(line1: "12 ELM ST", line2: "APT 4", city: "SPRINGFIELD", state: "IL", postalCode: "62701"))
    /// The 276 and 277 carry no member addresses.
    static let janeByName = Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M123456789")
    static let sam = Member(person: Party(name: "DOE", firstName: "SAM"), birthDate: "20150505", gender: "M", relationship: "19")
    static let parties = InterchangeParties(senderID: "REVCYCLE", receiverID: "SANDBOX", usage: "T")

    /// Reads `text` as our validator and `ParsedFile` do; fails the test with the findings when it is not valid.
    func read(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> ParsedFile.Transaction? {
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n") + "\n" + text, file: file, line: line)
        return ParsedFile(report: report, document: document).transactions.first
    }

    /// Runs the pyx12 oracle on what we wrote: skips when pyx12 is missing or has no map for the transaction set.
    func assertPyx12Accepts(_ text: String, _ name: String) throws {
        guard Pyx12.available else { throw XCTSkip(Pyx12.notInstalled) }
        guard let verdict = try Pyx12.verdict(text: text) else { throw XCTSkip("pyx12 has no map for the \(name) of this version") }
        XCTAssertTrue(verdict.valid, verdict.errors.joined(separator: "\n"))
    }

    /// A sample file from ../shared/x12/public, read into its first transaction set (findings allowed: the samples are sloppy).
    func sample(_ path: String) throws -> ParsedFile.Transaction? {
        let url = GuideTests.x12Directory.appendingPathComponent("public").appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("no sample \(url.path)") }
        let (report, document) = try HealthCareValidation.read(try Data(contentsOf: url))
        return ParsedFile(report: report, document: document).transactions.first
    }

    // MARK: 270/271

    static let inquiry = EligibilityInquiry(
        controlNumber: "0001", reference: "ELIG0001", createdDate: "20261130", createdTime: "0900", source: payer, receiver: clinic,
        inquiries: [
            .init(traceNumber: "ELIG-T1", traceOriginator: "9123456789", subscriber: Member(person: jane, birthDate: "19700101", gender: "F"),
                  serviceTypes: ["30", "98"], date: "20261201"),
            .init(traceNumber: "ELIG-T2", traceOriginator: "9123456789", subscriber: Member(person: jane), dependent: sam,
                  serviceTypes: ["30"], date: "20261201-20261231"),
        ])

    static let response = EligibilityResponse(
        controlNumber: "0001", reference: "ELIG0001", createdDate: "20261130", createdTime: "0901", source: payer, receiver: clinic,
        answers: [
            .init(traceNumber: "ELIG-T1", traceOriginator: "9123456789", subscriber: Member(person: jane, birthDate: "19700101", gender: "F"),
                  dates: [EventDate("346", "20260101"), EventDate("291", "20260101-20261231")],
                  benefits: [
                    .init(informationCode: "1", coverageLevel: "IND", serviceTypes: ["30"], insuranceType: "PR", planDescription: "GOLD PPO",
                          dates: [EventDate("346", "20260101")]),
                    .init(informationCode: "B", coverageLevel: "IND", serviceTypes: ["98", "UC"], insuranceType: "PR", timePeriod: "27",
                          amountCents: 2500, inNetwork: "Y", messages: ["COPAY APPLIES TO PRIMARY CARE VISITS"]),
                    .init(informationCode: "A", serviceTypes: ["98"], percent: "0.2", inNetwork: "N"),
                    .init(informationCode: "C", coverageLevel: "IND", serviceTypes: ["30"], timePeriod: "29", amountCents: 125050, inNetwork: "Y"),
                    .init(informationCode: "F", serviceTypes: ["33"], timePeriod: "23", quantityQualifier: "VS", quantity: "20", authorizationRequired: "Y"),
                  ]),
            // The payer cannot match the dependent's birth date: the answer is a rejection and no benefits.
            .init(traceNumber: "ELIG-T2", traceOriginator: "9123456789", subscriber: Member(person: jane), dependent: sam,
                  rejections: [Rejection(validRequest: true, reasonCode: "71", followUpAction: "C")], benefits: []),
        ])

    func testWrittenEligibilityInquiryIsValidAndReadsBack() throws {
        let text = Self.inquiry.write(parties: Self.parties, date: "20261130", time: "0900", interchangeControlNumber: 11, groupControlNumber: 11)
        guard case .eligibilityInquiry(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, Self.inquiry)
        XCTAssertTrue(text.contains("HL*5*4*23*0~") && text.contains("\nEQ*98~"), text)
    }

    func testWrittenEligibilityResponseIsValidAndReadsBack() throws {
        let text = Self.response.write(parties: Self.parties, date: "20261130", time: "0901", interchangeControlNumber: 12, groupControlNumber: 12)
        guard case .eligibilityResponse(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, Self.response)
        XCTAssertEqual(read.answers.map(\.isActive), [true, false])
        // Service types are one repeated element.
        XCTAssertTrue(text.contains("EB*B*IND*98^UC*PR**27*25*****Y~"), text)
    }

    func testEligibilityRejectedAtThePayerLevelHasNoReceiver() throws {
        var response = Self.response
        response.sourceRejections = [Rejection(validRequest: true, reasonCode: "42", followUpAction: "R")]
        response.receiver = nil
        response.answers = []
        let text = response.write(parties: Self.parties, date: "20261130", time: "0901", interchangeControlNumber: 13, groupControlNumber: 13)
        guard case .eligibilityResponse(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, response)
        XCTAssertTrue(text.contains("HL*1**20*0~") && text.contains("AAA*Y**42*R~"), text)
    }

    func testDelimitersInEligibilityDataCannotBreakTheFile() throws {
        var inquiry = Self.inquiry
        inquiry.inquiries[0].subscriber.person.name = "O*BRIEN~:^"
        let text = inquiry.write(parties: Self.parties, date: "20261130", time: "0900", interchangeControlNumber: 11, groupControlNumber: 11)
        guard case .eligibilityInquiry(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read.inquiries[0].subscriber.person.name, "OBRIEN")
    }

    func testPyx12OnEligibility() throws {
        try assertPyx12Accepts(Self.inquiry.write(parties: Self.parties, date: "20261130", time: "0900", interchangeControlNumber: 11, groupControlNumber: 11), "270")
    }

    func testPublicEligibilityFilesReadIntoTheModels() throws {
        let base = "LinuxForHealth+x12/src/tests/resources/"
        guard case .eligibilityInquiry(let inquiry)? = try sample(base + "270_005010X279A1/dependent-health-benefit-check.270") else { return XCTFail() }
        XCTAssertEqual(inquiry.source.id, "842610001")
        XCTAssertEqual(inquiry.inquiries.count, 1)
        XCTAssertEqual(inquiry.inquiries[0].subscriber.person.id, "11122333301")
        XCTAssertEqual(inquiry.inquiries[0].dependent?.person.firstName, "MARY")
        XCTAssertEqual(inquiry.inquiries[0].dependent?.birthDate, "19781014")
        XCTAssertEqual(inquiry.inquiries[0].traceNumber, "93175-012547")
        XCTAssertEqual(inquiry.inquiries[0].serviceTypes, ["30"])
        XCTAssertEqual(inquiry.inquiries[0].date, "20060501")

        guard case .eligibilityResponse(let response)? = try sample(base + "271_005010X279A1/dependent-health-benefit-check.271") else { return XCTFail() }
        let answer = try XCTUnwrap(response.answers.first)
        XCTAssertEqual(response.answers.count, 1)
        XCTAssertEqual(answer.dependent?.relationship, "19")
        XCTAssertEqual(answer.subscriber.person.address?.city, "KANSAS CITY")
        XCTAssertEqual(answer.dates, [EventDate("346", "20060101")])
        XCTAssertEqual(answer.benefits.map(\.informationCode), ["1", "L", "1", "B", "B"])
        XCTAssertEqual(answer.benefits[3].serviceTypes, ["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"])
        XCTAssertEqual(answer.benefits[3].amountCents, 1000)
        XCTAssertEqual(answer.benefits[3].inNetwork, "Y")
        XCTAssertEqual(answer.benefits[4].amountCents, 3000)
        XCTAssertTrue(answer.isActive)

        guard case .eligibilityResponse(let error)? = try sample(base + "271_005010X279A1/subscriber-health-benefit-check-error.271") else { return XCTFail() }
        XCTAssertEqual(error.receiverRejections, [Rejection(validRequest: true, reasonCode: "50", followUpAction: "N")])
        XCTAssertTrue(error.answers.isEmpty)
    }

    // MARK: 276/277

    static let statusInquiry = ClaimStatusInquiry(
        controlNumber: "0001", reference: "STATUS0001", createdDate: "20261215", createdTime: "1000", payer: payer,
        receiver: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"),
        providers: [
            .init(provider: clinic, claims: [
                .init(subscriber: Member(person: janeByName, birthDate: "19700101", gender: "F"), traceNumber: "STAT-C1", claimId: "C1",
                      payerClaimControlNumber: "PCN0001", chargeCents: 13500, serviceDate: "20261101", serviceLines: [
                        ClaimStatusLine(procedureCode: "99213", modifiers: ["25"], chargeCents: 12500, units: "1", lineControlNumber: "C1-1", serviceDate: "20261101"),
                        ClaimStatusLine(procedureCode: "36415", chargeCents: 1000, units: "1", lineControlNumber: "C1-2", serviceDate: "20261101"),
                      ]),
                .init(subscriber: Member(person: janeByName), dependent: Member(person: Party(name: "DOE", firstName: "SAM"), birthDate: "20150505", gender: "M"),
                      traceNumber: "STAT-C2", claimId: "C2", chargeCents: 15050, serviceDate: "20261101-20261102"),
            ]),
            .init(provider: doctor, claims: [
                .init(subscriber: Member(person: janeByName, birthDate: "19700101", gender: "F"), traceNumber: "STAT-H1", claimId: "H1",
                      institutionalBillType: "131", chargeCents: 97000, serviceDate: "20261101"),
            ]),
        ])

    static let statusResponse = ClaimStatusResponse(
        controlNumber: "0001", reference: "STATUS0001", createdDate: "20261216", createdTime: "0800", payer: payer,
        receiver: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"),
        providers: [
            .init(provider: clinic, claims: [
                .init(subscriber: Member(person: janeByName), traceNumber: "STAT-C1",
                      statuses: [.init(category: "F1", code: "65", date: "20261210", action: nil, amountCents: 13500)],
                      paidCents: 10000, adjudicationDate: "20261208", paymentDate: "20261210", checkNumber: "CHK10001",
                      payerClaimControlNumber: "PCN0001", claimId: "C1", serviceDate: "20261101", serviceLines: [
                        ClaimStatusLine(procedureCode: "99213", modifiers: ["25"], chargeCents: 12500, paidCents: 9000, units: "1", lineControlNumber: "C1-1",
                                        serviceDate: "20261101", statuses: [.init(category: "F1", code: "65", date: "20261210", action: nil, amountCents: nil)]),
                        ClaimStatusLine(procedureCode: "36415", chargeCents: 1000, paidCents: 1000, units: "1", lineControlNumber: "C1-2",
                                        serviceDate: "20261101", statuses: [.init(category: "F1", code: "65", date: "20261210", action: nil, amountCents: nil)]),
                      ]),
                .init(subscriber: Member(person: janeByName), dependent: Member(person: Party(name: "DOE", firstName: "SAM")), traceNumber: "STAT-C2",
                      statuses: [.init(category: "F2", code: "88", entity: "QC", date: "20261212", action: nil, amountCents: 15050),
                                 .init(category: "F2", code: "158", entity: "QC", date: "20261212", action: nil, amountCents: 15050)],
                      paidCents: 0, payerClaimControlNumber: "PCN0002", claimId: "C2", serviceDate: "20261101-20261102"),
            ]),
            .init(provider: doctor, traceNumber: "STAT-P2", statuses: [.init(category: "P1", code: "20", entity: "1P", date: "20261216", action: nil, amountCents: nil)],
                  claims: [
                .init(subscriber: Member(person: janeByName), traceNumber: "STAT-H1",
                      statuses: [.init(category: "P1", code: "20", date: "20261216", action: nil, amountCents: 97000)],
                      payerClaimControlNumber: nil, institutionalBillType: "131", claimId: "H1", serviceDate: "20261101"),
            ]),
        ])

    func testWrittenClaimStatusInquiryIsValidAndReadsBack() throws {
        let text = Self.statusInquiry.write(parties: Self.parties, date: "20261215", time: "1000", interchangeControlNumber: 21, groupControlNumber: 21)
        guard case .claimStatusInquiry(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, Self.statusInquiry)
        XCTAssertTrue(text.contains("REF*EJ*C1~") && text.contains("AMT*T3*135~") && text.contains("SVC*HC:99213:25*125*****1~"), text)
    }

    func testWrittenClaimStatusResponseIsValidAndReadsBack() throws {
        let text = Self.statusResponse.write(parties: Self.parties, date: "20261216", time: "0800", interchangeControlNumber: 22, groupControlNumber: 22)
        guard case .claimStatusResponse(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, Self.statusResponse)
        XCTAssertEqual(read.providers.flatMap(\.claims).map(\.isFinalized), [true, true, false])
        XCTAssertTrue(text.contains("STC*F1:65*20261210**135*100*20261208**20261210*CHK10001~"), text)
    }

    func testPyx12OnClaimStatus() throws {
        try assertPyx12Accepts(Self.statusResponse.write(parties: Self.parties, date: "20261216", time: "0800", interchangeControlNumber: 22, groupControlNumber: 22), "277")
    }

    func testPublicClaimStatusFilesReadIntoTheModels() throws {
        let base = "LinuxForHealth+x12/src/tests/resources/"
        guard case .claimStatusInquiry(let inquiry)? = try sample(base + "276_005010X212/claim-level-status.276") else { return XCTFail() }
        XCTAssertEqual(inquiry.providers.map(\.provider.id), ["1666666661", "166666666"])
        let first = try XCTUnwrap(inquiry.providers.first?.claims.first)
        XCTAssertEqual(first.traceNumber, "ABCXYZ1")
        XCTAssertEqual(first.claimId, "SM123456")
        XCTAssertEqual(first.institutionalBillType, "111")
        XCTAssertEqual(first.chargeCents, 851388)
        XCTAssertEqual(first.serviceDate, "20050831-20050906")
        XCTAssertEqual(first.subscriber.birthDate, "19301210")
        XCTAssertEqual(inquiry.providers[1].claims.first?.dependent?.person.firstName, "JOSEPH")
        XCTAssertEqual(inquiry.providers[1].claims.first?.dependent?.birthDate, "19951101")

        guard case .claimStatusResponse(let response)? = try sample(base + "277_005010X212/claim-level-status.277") else { return XCTFail() }
        let claims = response.providers.flatMap(\.claims)
        XCTAssertEqual(claims.map(\.traceNumber), ["ABCXYZ1", "ABCXYZ2", "ABCXYC3"])
        XCTAssertEqual(claims[0].statuses, [.init(category: "P3", code: "317", date: "20050913", action: nil, amountCents: 851388)])
        XCTAssertEqual(claims[1].paidCents, 759900)
        XCTAssertEqual(claims[1].payerClaimControlNumber, "0529675341")
        XCTAssertEqual(claims[2].dependent?.person.firstName, "JOSEPH")
        XCTAssertEqual(claims[2].serviceLines.first?.procedureCode, "99203")
        XCTAssertEqual(claims[2].serviceLines.first?.statuses.first?.entity, "QC")
    }

    // MARK: 278

    static let event = PatientEvent(
        traceNumber: "AUTH-T1", traceOriginator: "9123456789", requestCategory: "HS", certificationType: "I", serviceType: "2",
        facilityCode: "22", facilityCodeQualifier: "B", levelOfService: "E", dates: [EventDate("AAH", "20261201")],
        diagnoses: [ReviewDiagnosis(qualifier: "ABK", code: "M2341"), ReviewDiagnosis(qualifier: "ABF", code: "M1711", date: "20261015")],
        providers: [ReviewProvider(role: "SJ", provider: doctor)],
        services: [
            ReviewService(traceNumber: "AUTH-S1", traceOriginator: "9123456789", requestCategory: "HS", certificationType: "I", serviceType: "2",
                          dates: [EventDate("472", "20261201")], procedureCode: "29881", modifiers: ["RT"], chargeCents: 250000,
                          providers: [ReviewProvider(role: "SJ", provider: doctor)]),
            ReviewService(requestCategory: "HS", certificationType: "I", serviceType: "2", dates: [EventDate("472", "20261201")],
                          revenueCode: "0360", procedureCode: "29881", chargeCents: 800050, units: "1"),
        ])

    static let reviewRequest = ReviewRequest(
        controlNumber: "0001", reference: "AUTH0001", createdDate: "20261120", createdTime: "1100", umo: payer,
        requester: ReviewProvider(role: "1P", provider: clinic), subscriber: Member(person: jane), dependent: sam, event: event)

    static var reviewResponse: ReviewResponse {
        var event = Self.event
        event.decision = ReviewDecision(action: "A2", reviewNumber: "AUTH778899")
        event.dates = [EventDate("AAH", "20261201-20270131"), EventDate("102", "20261121")]
        event.services[0].decision = ReviewDecision(action: "A1", reviewNumber: "AUTH778899-1")
        event.services[0].dates.append(EventDate("036", "20270131"))
        event.services[1].decision = ReviewDecision(action: "A3", reasonCode: "0V")
        return ReviewResponse(controlNumber: "0001", reference: "AUTH0001", createdDate: "20261121", createdTime: "0930", umo: payer,
                              requester: ReviewProvider(role: "1P", provider: clinic), subscriber: Member(person: jane), dependent: sam, events: [event])
    }

    func testWrittenReviewRequestIsValidAndReadsBack() throws {
        let text = Self.reviewRequest.write(parties: Self.parties, date: "20261120", time: "1100", interchangeControlNumber: 31, groupControlNumber: 31)
        guard case .reviewRequest(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, Self.reviewRequest)
        XCTAssertTrue(text.contains("UM*HS*I*2*22:B**E~") && text.contains("HI*ABK:M2341*ABF:M1711:D8:20261015~")
                      && text.contains("SV2*0360*HC:29881*8000.5*UN*1~") && !text.contains("HCR*"), text)
    }

    func testWrittenReviewResponseIsValidAndReadsBack() throws {
        let response = Self.reviewResponse
        let text = response.write(parties: Self.parties, date: "20261121", time: "0930", interchangeControlNumber: 32, groupControlNumber: 32)
        guard case .reviewResponse(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, response)
        XCTAssertEqual(read.events.first?.services.map { $0.decision?.action }, ["A1", "A3"])
        XCTAssertTrue(text.contains("BHT*0007*11*AUTH0001*") && text.contains("HCR*A2*AUTH778899~"), text)
    }

    func testReviewRejectedForAnUnknownSubscriber() throws {
        var response = Self.reviewResponse
        response.dependent = nil
        response.subscriberRejections = [Rejection(validRequest: true, reasonCode: "75", followUpAction: "C")]
        response.events[0].services = []
        response.events[0].decision = nil
        let text = response.write(parties: Self.parties, date: "20261121", time: "0930", interchangeControlNumber: 33, groupControlNumber: 33)
        guard case .reviewResponse(let read)? = try read(text) else { return XCTFail(text) }
        XCTAssertEqual(read, response)
        XCTAssertTrue(text.contains("AAA*Y**75*C~"), text)
    }

    func testPyx12OnReview() throws {
        try assertPyx12Accepts(Self.reviewRequest.write(parties: Self.parties, date: "20261120", time: "1100", interchangeControlNumber: 31, groupControlNumber: 31), "278")
    }

    func testPublicReviewFilesReadIntoTheModels() throws {
        let base = "KeyMarkInc+OopFactory.X12/trunk/tests/OopFactory.X12.Tests.Unit/Parsing/_SampleEdiFiles/INS/_278/_5010/"
        guard case .reviewRequest(let request)? = try sample(base + "Example_3_1_1_Request.txt") else { return XCTFail() }
        XCTAssertEqual(request.umo.name, "MARYLAND CAPITAL INSURANCE COMPANY")
        XCTAssertEqual(request.requester.role, "1P")
        XCTAssertEqual(request.requester.provider.name, "GARDENER")
        XCTAssertEqual(request.subscriber.person.id, "12345678901")
        XCTAssertEqual(request.event.requestCategory, "SC")
        XCTAssertEqual(request.event.serviceType, "3")
        XCTAssertEqual(request.event.facilityCode, "11")
        XCTAssertEqual(request.event.facilityCodeQualifier, "B")
        XCTAssertEqual(request.event.diagnoses, [ReviewDiagnosis(qualifier: "BF", code: "41090", date: "20050430")])
        XCTAssertEqual(request.event.providers.map(\.role), ["SJ"])

        guard case .reviewResponse(let response)? = try sample(base + "Example_3_1_2_Response.txt") else { return XCTFail() }
        let event = try XCTUnwrap(response.events.first)
        XCTAssertEqual(event.decision, ReviewDecision(action: "A1", reviewNumber: "AUTH0001"))
        XCTAssertEqual(event.traceNumber, "111099")
        XCTAssertEqual(event.dates, [EventDate("AAH", "20050502-20050602")])
        XCTAssertEqual(event.providers.first?.provider.name, "WATSON")
    }

    /// Every public sample, however sloppy, reads and prints as JSON; its 270, 271, 276 and 278 come out typed.
    func testEveryPublicFileReadsIntoTheTypedModels() throws {
        var typed = 0
        for url in try GuideTests.files("public") {
            let (report, document) = try HealthCareValidation.read(try Data(contentsOf: url))
            let parsed = ParsedFile(report: report, document: document)
            XCTAssertNoThrow(try JSONEncoder().encode(parsed), url.path)
            for (t, transaction) in zip(document?.transactions ?? [], parsed.transactions) where ["270", "271", "276", "278"].contains(t.segment("ST")?[1] ?? "") {
                if case .loops = transaction { XCTFail("\(url.lastPathComponent): \(t.segment("ST")?[1] ?? "") read as loops") } else { typed += 1 }
            }
        }
        XCTAssertGreaterThan(typed, 10)
    }
}
