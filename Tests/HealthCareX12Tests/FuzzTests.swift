import Foundation
import XCTest

/// Runs the libFuzzer target (Fuzz/run.sh) for REVCYCLE_FUZZ_SECONDS when it is set; CI sets 60. Any crash, trap or
/// memory error fails the test with libFuzzer's report, and the input that caused it is kept in the work directory.
final class FuzzTests: XCTestCase {
    func testLibFuzzerFindsNoCrashInTheReaderAndValidator() throws {
        guard let seconds = ProcessInfo.processInfo.environment["REVCYCLE_FUZZ_SECONDS"].flatMap(Int.init), seconds > 0 else {
            throw XCTSkip("set REVCYCLE_FUZZ_SECONDS to run the libFuzzer target (CI runs it for 60 s)")
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-fuzz-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", repo.appendingPathComponent("Fuzz/run.sh").path, String(seconds), work.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(log.split(separator: "\n").suffix(8).joined(separator: "\n"))
        XCTAssertEqual(process.terminationStatus, 0, "libFuzzer failed; inputs kept in \(work.path)\n" + log.split(separator: "\n").suffix(60).joined(separator: "\n"))
        if process.terminationStatus == 0 { try? FileManager.default.removeItem(at: work) }
    }
}
