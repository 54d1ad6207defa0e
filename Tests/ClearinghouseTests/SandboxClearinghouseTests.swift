import Clearinghouse
import Foundation
import HealthCareX12
import OracleSupport
import X12
import XCTest

/// The sandbox clearinghouse on the other side of the drop folder: every 837 Revcycle sends is validated and answered
/// with a 999 in the inbox, which our guides and pyx12 accept.
final class SandboxClearinghouseTests: XCTestCase {
    var root: URL!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    func golden(_ name: String) throws -> Data {
        let url = SharedFiles.directory.appendingPathComponent("x12/golden/\(name)")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw XCTSkip("no golden file \(url.path)") }
        return data
    }

    func testEachFileSentIsAnsweredWithA999() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport)
        // A clean 837P, and one whose rendering provider's NPI fails its check digit.
        try await transport.send(ExchangeFile(name: "B1.x12", contents: try golden("837P_lfh_demo.example1.x12")))
        try await transport.send(ExchangeFile(name: "B2.x12", contents: try golden("837P_lfh_demo.example2.x12")))

        let answers = try sandbox.answerOutbox(date: "20261130", time: "1200")
        XCTAssertEqual(answers.map(\.file), ["B1.x12", "B2.x12"])
        XCTAssertEqual(answers.map(\.accepted), [true, false])
        XCTAssertEqual(answers[0].findings, 0)
        XCTAssertGreaterThan(answers[1].findings, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("outbox").path), [], "the clearinghouse took them")

        // The payer's answers to the accepted 837 (277CA, 835) are SandboxPayerFlowTests' subject.
        let inbox = try await transport.received().filter { $0.name.hasPrefix("999-") }
        XCTAssertEqual(inbox.map(\.name), ["999-B1.x12", "999-B2.x12"])
        let accepted = String(decoding: inbox[0].contents, as: UTF8.self), rejected = String(decoding: inbox[1].contents, as: UTF8.self)
        XCTAssertTrue(accepted.contains("IK5*A~") && accepted.contains("AK9*A*1*1*1~"), accepted)
        XCTAssertTrue(rejected.contains("IK5*R") && rejected.contains("AK9*R*1*1*0~"), rejected)
        // Each segment in error is named with its loop, 2010AA and 2310C reported as 2010 and 2310 (IK303 holds four
        // characters), and the error: 8, a segment with data element errors.
        XCTAssertTrue(rejected.contains("IK3*NM1*8*2010*8~\n") && rejected.contains("IK3*NM1*26*2310*8~\n"), rejected)
        for file in inbox {
            let (report, _) = try HealthCareValidation.read(file.contents)
            XCTAssertTrue(report.isValid, "our 999 guide accepts \(file.name): \(report.findings)")
            if Pyx12.available, let verdict = try Pyx12.verdict(text: String(decoding: file.contents, as: UTF8.self)) {
                XCTAssertTrue(verdict.valid, "pyx12 accepts \(file.name): \(verdict.errors)")
            }
        }
        // Interchange control numbers follow the files received.
        XCTAssertTrue(accepted.contains("*000000001*0*"), accepted)
        XCTAssertTrue(rejected.contains("*000000002*0*"), rejected)

        // Processed, the acknowledgments leave the inbox; a later batch gets the next number.
        for file in try await transport.received() { try await transport.markTaken(file.name) }
        try await transport.send(ExchangeFile(name: "B3.x12", contents: try golden("837P_lfh_demo.example1.x12")))
        XCTAssertEqual(try sandbox.answerOutbox(date: "20261201", time: "0900").map(\.acknowledgment), ["999-B3.x12"])
        let third = try await transport.received().filter { $0.name.hasPrefix("999-") }
        XCTAssertTrue(String(decoding: third[0].contents, as: UTF8.self).contains("*000000003*0*"))
    }

    func testTheLongestNameStillGetsAnAcknowledgmentRevcycleCanRead() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport)
        let name = String(repeating: "B", count: 196) + ".x12"
        try await transport.send(ExchangeFile(name: name, contents: try golden("837P_lfh_demo.example1.x12")))
        let answers = try sandbox.answerOutbox(date: "20261130", time: "1200")
        let inbox = try await transport.received()
        XCTAssertEqual(Set(inbox.map(\.name)), Set(answers.flatMap { [$0.acknowledgment] + $0.responses }))
        XCTAssertEqual(inbox.map(\.name.count), [200, 200, 200])
    }

    func testAFileThatIsNotX12IsRefusedWithAnAcknowledgment() async throws {
        let transport = try DropFolderTransport(root: root)
        let sandbox = try SandboxClearinghouse(folders: transport)
        try await transport.send(ExchangeFile(name: "garbage.x12", contents: Data("this is not an interchange".utf8)))
        let answers = try sandbox.answerOutbox(date: "20261130", time: "1200")
        XCTAssertEqual(answers.map(\.accepted), [false])
        let inbox = try await transport.received()
        XCTAssertEqual(inbox.map(\.name), ["999-garbage.x12"])
    }
}
