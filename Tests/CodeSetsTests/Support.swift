import Foundation
import XCTest

/// Where the official release files are for tests: REVCYCLE_CODESETS, else ../shared/codesets beside the checkout.
enum TestCodeSets {
    static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["REVCYCLE_CODESETS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/codesets")
    }()

    static func file(_ relative: String) throws -> URL {
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("official release file \(relative) is not in \(directory.path)")
        }
        return url
    }

    /// A temporary directory removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
