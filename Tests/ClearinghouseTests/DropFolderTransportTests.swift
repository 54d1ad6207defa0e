import Clearinghouse
import Foundation
import XCTest

/// The drop folder as a clearinghouse's poller and Revcycle see it: whole files out, never a name twice, inbox files
/// kept until they are processed.
final class DropFolderTransportTests: XCTestCase {
    var root: URL!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("dropfolder-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    func testAFileIsDeliveredWholeAndNeverUnderANameAlreadySent() async throws {
        let transport = try DropFolderTransport(root: root)
        let batch = ExchangeFile(name: "837P-000000042.x12", contents: Data("ISA*00*...~".utf8))
        try await transport.send(batch)
        XCTAssertEqual(try names("outbox"), ["837P-000000042.x12"])
        XCTAssertEqual(FileManager.default.contents(atPath: root.appendingPathComponent("outbox/837P-000000042.x12").path), batch.contents)
        XCTAssertEqual(try names("sent"), ["837P-000000042.x12"])
        XCTAssertEqual(try names(".staging"), [], "nothing is left half-written")

        // The clearinghouse takes the file away; the same name still cannot go again.
        try FileManager.default.removeItem(at: root.appendingPathComponent("outbox/837P-000000042.x12"))
        do {
            try await transport.send(batch)
            XCTFail("sent twice")
        } catch let error as TransportError {
            XCTAssertEqual(error, .alreadySent(name: batch.name, folder: root.appendingPathComponent("sent").path))
            XCTAssertTrue(error.description.contains("new name"), error.description)
        }
        XCTAssertEqual(try names("outbox"), [])
        try await transport.send(ExchangeFile(name: "837P-000000043.x12", contents: batch.contents))
        XCTAssertEqual(try names("outbox"), ["837P-000000043.x12"])
    }

    func testNamesAClearinghouseWouldRefuseAreRefusedFirst() async throws {
        let transport = try DropFolderTransport(root: root)
        for bad in ["", ".hidden", "../escape.x12", "a/b.x12", "batch 1.x12", String(repeating: "a", count: 201), "caf\u{E9}.x12"] {
            do {
                try await transport.send(ExchangeFile(name: bad, contents: Data()))
                XCTFail("accepted \(bad)")
            } catch let error as TransportError {
                XCTAssertEqual(error, .invalidName(bad))
            }
        }
        XCTAssertEqual(try names("outbox"), [])
        XCTAssertEqual(try names("sent"), [])
    }

    func testInboxFilesStayUntilTakenAndATakenNameMayComeAgain() async throws {
        let transport = try DropFolderTransport(root: root)
        let inbox = root.appendingPathComponent("inbox")
        try Data("999 b".utf8).write(to: inbox.appendingPathComponent("999-B.x12"))
        try Data("999 a".utf8).write(to: inbox.appendingPathComponent("999-A.x12"))
        try Data("half".utf8).write(to: inbox.appendingPathComponent(".835-C.x12.part"))
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("subfolder"), withIntermediateDirectories: true)

        let first = try await transport.received()
        XCTAssertEqual(first.map(\.name), ["999-A.x12", "999-B.x12"], "oldest name first; partial files and folders left alone")
        XCTAssertEqual(first.map { String(decoding: $0.contents, as: UTF8.self) }, ["999 a", "999 b"])
        let again = try await transport.received()
        XCTAssertEqual(again, first, "reading does not take")

        try await transport.markTaken("999-A.x12")
        let left = try await transport.received()
        XCTAssertEqual(left.map(\.name), ["999-B.x12"])
        XCTAssertEqual(try names("taken"), ["999-A.x12"])

        // The same name again (a clearinghouse resending its acknowledgment): both copies are kept.
        try Data("999 a again".utf8).write(to: inbox.appendingPathComponent("999-A.x12"))
        try await transport.markTaken("999-A.x12")
        XCTAssertEqual(try names("taken"), ["999-A.x12", "999-A.x12.1"])
        XCTAssertEqual(FileManager.default.contents(atPath: root.appendingPathComponent("taken/999-A.x12.1").path), Data("999 a again".utf8))

        do {
            try await transport.markTaken("999-A.x12")
            XCTFail("taken twice")
        } catch let error as TransportError {
            XCTAssertEqual(error, .notInInbox(name: "999-A.x12", folder: inbox.path))
        }
    }

    func testAFolderThatCannotBeMadeIsNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dropfolder-file-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try DropFolderTransport(root: file)) { error in
            guard case TransportError.folder(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasPrefix(file.path), path)
        }
    }
}
