import Clearinghouse
import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// The sandbox payer through the drop folder, as Revcycle sees it: an 837 in the outbox comes back as a 999, a 277CA
/// and an 835; a 276 as a 277; an 837 sent again is not paid twice. Every file valid to our validator and pyx12.
final class SandboxPayerFlowTests: XCTestCase {
    typealias F = SandboxFixtures
    var root: URL!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-payer-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    static let claims = [
        F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1"), F.line("80053", 2000, control: "C1-2"), F.line("36415", 1000, control: "C1-3")]),
        F.claim("C2", member: "NOTCOVERED1", lines: [F.line("99213", 12500, control: "C2-1")]),
        F.claim("C3", member: "M7", lines: [F.line("70553", 90000, control: "C3-1")]),
    ]

    func inbox(_ transport: DropFolderTransport) async throws -> [String: Data] {
        try await transport.received().reduce(into: [:]) { $0[$1.name] = $1.contents }
    }

    func remittance(_ data: Data?) throws -> Remittance {
        guard let data, case .remittance(let era)? = try F.parse(data) else {
            XCTFail("not an 835")
            throw NotRemittance()
        }
        return era
    }

    struct NotRemittance: Error {}

    func testAnAcceptedBatchIsAcknowledgedAdjudicatedAndPaid() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: F.contract)
        try await transport.send(ExchangeFile(name: "B1.x12", contents: F.x837(F.batch(Self.claims))))
        let answers = try sandbox.answerOutbox(date: "20261130", time: "1200")
        XCTAssertEqual(answers.map(\.accepted), [true])
        XCTAssertEqual(answers[0].responses, ["277CA-B1.x12", "835-B1.x12"])

        let files = try await inbox(transport)
        XCTAssertEqual(files.keys.sorted(), ["277CA-B1.x12", "835-B1.x12", "999-B1.x12"])
        for (name, data) in files { try F.assertValid(String(decoding: data, as: UTF8.self), name) }

        guard case .acknowledgment(let ack)? = try F.parse(files["277CA-B1.x12"]!) else { return XCTFail("not a 277CA") }
        XCTAssertEqual(ack.receiverTraceNumber, "BATCH1")
        XCTAssertEqual(ack.providers.flatMap(\.claims).map(\.claimId), ["C1", "C2", "C3"])
        XCTAssertEqual(ack.providers.flatMap(\.claims).map(\.isAccepted), [true, false, true])

        let era = try remittance(files["835-B1.x12"])
        XCTAssertEqual(era.claims.map(\.claimId), ["C1", "C3"])
        // C1: $65 visit after copay, $8.80 panel after coinsurance, venipuncture bundled; C3 no authorization.
        XCTAssertEqual(era.claims[0].paidCents, 6500 + 880)
        XCTAssertEqual(era.claims[0].serviceLines.map { $0.lineControlNumber ?? "" }, ["C1-1", "C1-2", "C1-3"])
        XCTAssertEqual(era.claims[1].statusCode, "4")
        XCTAssertEqual(era.paymentCents, 7380)
        XCTAssertEqual(era.traceNumber, "700001")
        XCTAssertEqual(era.payee?.id, "1234567893")
        XCTAssertEqual(era.claims.map(\.payerClaimControlNumber), ack.providers.flatMap(\.claims).compactMap(\.payerClaimControlNumber))

        // The payer's files have their own interchange numbers, kept in the sandbox's state.
        XCTAssertTrue(String(decoding: files["277CA-B1.x12"]!, as: UTF8.self).contains("*000000001*0*T*"))
        XCTAssertTrue(String(decoding: files["835-B1.x12"]!, as: UTF8.self).contains("*000000002*0*T*"))
        let ledger = try SandboxLedger.load(sandbox.stateFile)
        XCTAssertEqual(ledger.claims["C1"]?.paidCents, 7380)
        XCTAssertEqual(ledger.nextInterchange, 3)
    }

    func testAStatusInquiryIsAnsweredWithA277() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: F.contract)
        try await transport.send(ExchangeFile(name: "B1.x12", contents: F.x837(F.batch(Self.claims))))
        _ = try sandbox.answerOutbox(date: "20261130", time: "1200")

        let member = Member(person: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M0"), birthDate: "19700101", gender: "F")
        let inquiry = ClaimStatusInquiry(controlNumber: "0001", reference: "STATUS1", createdDate: "20261215", createdTime: "0900",
                                         payer: F.contract.payer, receiver: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"),
                                         providers: [.init(provider: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"), claims: [
                                             .init(subscriber: member, traceNumber: "T1", claimId: "C1", chargeCents: 15500, serviceDate: "20261101",
                                                   serviceLines: [ClaimStatusLine(procedureCode: "99213", chargeCents: 12500, lineControlNumber: "C1-1",
                                                                                  serviceDate: "20261101"),
                                                                  ClaimStatusLine(procedureCode: "36415", chargeCents: 1000, serviceDate: "20261101")]),
                                             .init(subscriber: member, traceNumber: "T2", claimId: nil, payerClaimControlNumber: "SBX0100000002",
                                                   chargeCents: 90000, serviceDate: "20261101"),
                                         ])])
        let text = inquiry.write(parties: F.parties, date: "20261215", time: "0900", interchangeControlNumber: 2, groupControlNumber: 2)
        try await transport.send(ExchangeFile(name: "S1.x12", contents: Data(text.utf8)))
        let answers = try sandbox.answerOutbox(date: "20261215", time: "0900")
        XCTAssertEqual(answers.map(\.responses), [["277-S1.x12"]])

        let files = try await inbox(transport)
        let answer = try XCTUnwrap(files["277-S1.x12"])
        try F.assertValid(String(decoding: answer, as: UTF8.self), "277")
        guard case .claimStatusResponse(let response)? = try F.parse(answer) else { return XCTFail("not a 277") }
        let claims = response.providers.flatMap(\.claims)
        XCTAssertEqual(claims.map(\.traceNumber), ["T1", "T2"])
        XCTAssertEqual(claims.map { "\($0.statuses[0].category):\($0.statuses[0].code)" }, ["F1:65", "F2:84"])
        XCTAssertEqual(claims[0].paidCents, 7380)
        XCTAssertEqual(claims[0].checkNumber, "700001")
        XCTAssertEqual(claims[1].claimId, "C3", "found by the payer's claim number")
        // Lines: the visit paid (matched by its control number), the venipuncture denied as bundled (by code and charge).
        XCTAssertEqual(claims[0].serviceLines.map { "\($0.statuses.first?.category ?? ""):\($0.statuses.first?.code ?? "") \($0.paidCents ?? -1)" },
                       ["F1:65 6500", "F2:1 0"])
    }

    func testAnEightThirtySevenSentAgainIsNotPaidTwice() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: F.contract)
        let batch = F.x837(F.batch(Self.claims))
        try await transport.send(ExchangeFile(name: "B1.x12", contents: batch))
        _ = try sandbox.answerOutbox(date: "20261130", time: "1200")
        // Resent under a new name, and the very same name put back in the outbox by hand.
        try await transport.send(ExchangeFile(name: "B1-again.x12", contents: batch))
        try batch.write(to: root.appendingPathComponent("outbox/B1.x12"))
        let answers = try sandbox.answerOutbox(date: "20261201", time: "1200")
        XCTAssertEqual(answers.map(\.file), ["B1-again.x12", "B1.x12"])

        let files = try await inbox(transport)
        for name in ["835-B1-again.x12", "835-B1.x12"] {
            let era = try remittance(files[name])
            try F.assertValid(String(decoding: files[name]!, as: UTF8.self), name)
            XCTAssertEqual(era.paymentCents, 0, name)
            XCTAssertEqual(era.claims.map(\.statusCode), ["4", "4"], name)
            XCTAssertEqual(era.claims.flatMap(\.adjustments).map { "\($0.groupCode)-\($0.reasonCode)" }, ["OA-18", "OA-18"], name)
        }
        let ledger = try SandboxLedger.load(sandbox.stateFile)
        XCTAssertEqual(ledger.claims["C1"]?.paidCents, 7380)
        XCTAssertEqual(ledger.duplicatesDenied, ["C1": 2, "C3": 2])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("clearinghouse/received/B1.x12.1").path))
    }

    func testAnInstitutionalClaimIsPaidLineByLine() async throws {
        var claim = F.claim("H1", lines: [
            Claim.ServiceLine(revenueCode: "0450", procedureCode: "99284", modifiers: ["25"], chargeCents: 85000, diagnosisPointers: [],
                              serviceDate: "20261101", lineControlNumber: "H1-1"),
            Claim.ServiceLine(revenueCode: "0300", procedureCode: "80053", chargeCents: 12000, diagnosisPointers: [], serviceDate: "20261101",
                              lineControlNumber: "H1-2"),
            Claim.ServiceLine(revenueCode: "0250", procedureQualifier: nil, procedureCode: nil, chargeCents: 4000, diagnosisPointers: [],
                              serviceDate: "20261101", lineControlNumber: "H1-3"),
        ])
        claim.facilityCode = "13"
        claim.providerSignature = ""
        claim.billingProviderTaxonomy = "282N00000X"
        claim.diagnoses = [.init(qualifier: "ABK", code: "R079"), .init(qualifier: "ABF", code: "I10")]
        claim.statementPeriod = "20261101-20261101"
        claim.patientStatus = "01"
        claim.attendingProvider = Party(name: "WELBY", firstName: "MARCUS", idQualifier: "XX", id: "1912301953")
        var batch = F.batch([claim])
        batch.kind = "institutional"
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: F.contract)
        let text = ClaimWriter.institutional(batch, parties: F.parties, date: "20261130", time: "1200", interchangeControlNumber: 1, groupControlNumber: 1)
        try await transport.send(ExchangeFile(name: "I1.x12", contents: Data(text.utf8)))
        XCTAssertEqual(try sandbox.answerOutbox(date: "20261130", time: "1200").map(\.responses), [["277CA-I1.x12", "835-I1.x12"]])
        let files = try await inbox(transport)
        for (name, data) in files { try F.assertValid(String(decoding: data, as: UTF8.self), name) }
        let line = try remittance(files["835-I1.x12"]).claims[0].serviceLines
        // No fee for the visit: half its charge; the panel's fee; the pharmacy line by its revenue code, half its charge.
        XCTAssertEqual(line.map { $0.paidCents ?? -1 }, [42500 - 8500, 1100 - 220, 2000 - 400])
        XCTAssertEqual(line.map { "\($0.procedureQualifier ?? ""):\($0.procedureCode ?? "")" }, ["HC:99284", "HC:80053", "NU:0250"])
    }

    func testPendedClaimsArePaidOnTheirDayAndAreInProcessUntilThen() async throws {
        var contract = F.contract
        contract.pendDays = 5
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: contract)
        try await transport.send(ExchangeFile(name: "B1.x12", contents: F.x837(F.batch(Self.claims))))
        XCTAssertEqual(try sandbox.answerOutbox(date: "20261130", time: "1200").map(\.responses), [["277CA-B1.x12"]])
        // Sent again while pending: a duplicate when paid.
        try await transport.send(ExchangeFile(name: "B1-again.x12", contents: F.x837(F.batch(Self.claims), number: 2)))
        _ = try sandbox.answerOutbox(date: "20261201", time: "1200")
        XCTAssertEqual(try sandbox.payPending(date: "20261204", time: "1200"), [])

        let member = Member(person: Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M0"), birthDate: "19700101", gender: "F")
        let inquiry = ClaimStatusInquiry(controlNumber: "0001", reference: "STATUS1", createdDate: "20261204", createdTime: "0900",
                                         payer: contract.payer, receiver: Party(name: "REVCYCLE BILLING", idQualifier: "46", id: "RCB001"),
                                         providers: [.init(provider: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"), claims: [
                                             .init(subscriber: member, traceNumber: "T1", claimId: "C1", chargeCents: 15500, serviceDate: "20261101")])])
        let pending = SandboxAdjudicator(contract: contract).answer(inquiry, on: "20261204", ledger: try SandboxLedger.load(sandbox.stateFile))
        try F.assertValid(F.write(pending), "277")
        XCTAssertEqual(pending.providers[0].claims[0].statuses.map { "\($0.category):\($0.code)" }, ["P1:20"])
        XCTAssertNil(pending.providers[0].claims[0].paidCents)

        XCTAssertEqual(try sandbox.payPending(date: "20261205", time: "1200"), ["835-20261205-B1.x12"])
        XCTAssertEqual(try sandbox.payPending(date: "20261206", time: "1200"), ["835-20261206-B1-again.x12"])
        let files = try await inbox(transport)
        let era = try remittance(files["835-20261205-B1.x12"])
        try F.assertValid(String(decoding: files["835-20261205-B1.x12"]!, as: UTF8.self), "835")
        XCTAssertEqual(era.paymentCents, 7380)
        XCTAssertEqual(era.paymentDate, "20261205")
        let again = try remittance(files["835-20261206-B1-again.x12"])
        XCTAssertEqual(again.paymentCents, 0)
        XCTAssertEqual(again.claims.flatMap(\.adjustments).map(\.reasonCode), ["18", "18"])
        XCTAssertTrue(String(decoding: files["835-20261205-B1.x12"]!, as: UTF8.self).contains("*ZZ*REVCYCLE       *"), "addressed to the 837's sender")

        let ledger = try SandboxLedger.load(sandbox.stateFile)
        XCTAssertEqual(ledger.pending, [])
        XCTAssertEqual(ledger.claims["C1"]?.outcome, .paid)
        XCTAssertEqual(ledger.claims["C1"]?.receivedDate, "20261130")
        let paid = SandboxAdjudicator(contract: contract).answer(inquiry, on: "20261210", ledger: ledger)
        XCTAssertEqual(paid.providers[0].claims[0].statuses.map { "\($0.category):\($0.code)" }, ["F1:65"])
        XCTAssertEqual(try sandbox.payPending(date: "20261207", time: "1200"), [], "paid once")
    }

    func testARejectedTransactionGetsOnlyA999() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: F.contract)
        // A claim whose total is not the sum of its lines: the 999 rejects it, so the payer never sees it.
        var claim = F.claim("C1", lines: [F.line("99213", 12500, control: "C1-1")])
        claim.totalChargeCents = 99
        try await transport.send(ExchangeFile(name: "B1.x12", contents: F.x837(F.batch([claim]))))
        let answers = try sandbox.answerOutbox(date: "20261130", time: "1200")
        XCTAssertEqual(answers.map(\.accepted), [false])
        XCTAssertEqual(answers[0].responses, [])
        XCTAssertEqual(try SandboxLedger.load(sandbox.stateFile).claims, [:])
    }

    func testADamagedStateFileIsNamed() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport, contract: F.contract)
        try Data("{".utf8).write(to: sandbox.stateFile)
        XCTAssertThrowsError(try sandbox.answerOutbox(date: "20261130", time: "1200")) { error in
            XCTAssertTrue("\(error)".contains(sandbox.stateFile.path), "\(error)")
        }
    }
}
