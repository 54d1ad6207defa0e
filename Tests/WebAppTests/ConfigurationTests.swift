import Foundation
import WebApp
import XCTest

final class ConfigurationTests: XCTestCase {
    let cwd = URL(fileURLWithPath: "/work/app", isDirectory: true)

    func testDefaultsEnvironmentThenFlags() throws {
        let defaults = try RevcycleConfiguration.load(environment: [:], flags: .init(), currentDirectory: cwd, fileExists: { _ in false })
        XCTAssertEqual(defaults.host, "127.0.0.1")
        XCTAssertEqual(defaults.port, 8080)
        XCTAssertEqual(defaults.dataDirectory.path, "/work/app/data")
        XCTAssertNil(defaults.codesetsDirectory)

        let env = ["REVCYCLE_PORT": "9000", "DATABASE_URL": "postgres://u:p@h/db", "REVCYCLE_HOST": "0.0.0.0"]
        let fromEnv = try RevcycleConfiguration.load(environment: env, flags: .init(), currentDirectory: cwd, fileExists: { _ in false })
        XCTAssertEqual(fromEnv.port, 9000)
        XCTAssertEqual(fromEnv.host, "0.0.0.0")
        XCTAssertEqual(fromEnv.databaseURL, "postgres://u:p@h/db")

        let flagged = try RevcycleConfiguration.load(environment: env, flags: .init(port: 7000), currentDirectory: cwd, fileExists: { _ in false })
        XCTAssertEqual(flagged.port, 7000)

        XCTAssertNil(defaults.ncciPTPDirectory)
        let ptp = try RevcycleConfiguration.load(environment: ["REVCYCLE_NCCI_PTP": "ncci/ptp"], flags: .init(), currentDirectory: cwd, fileExists: { _ in false })
        XCTAssertEqual(ptp.ncciPTPDirectory?.path, "/work/app/ncci/ptp")
    }

    func testCodeSetDirectoryOrder() throws {
        func resolve(_ flags: RevcycleConfiguration.Flags, _ env: [String: String], existing: Set<String>) throws -> (String?, String) {
            let c = try RevcycleConfiguration.load(environment: env, flags: flags, currentDirectory: cwd, fileExists: { existing.contains($0) })
            return (c.codesetsDirectory?.path, c.codesetsSource)
        }
        let both: Set<String> = ["/work/app/codesets", "/work/shared/codesets"]
        XCTAssertEqual(try resolve(.init(codesets: "/x"), ["REVCYCLE_CODESETS": "/y"], existing: both).0, "/x")
        XCTAssertEqual(try resolve(.init(), ["REVCYCLE_CODESETS": "/y"], existing: both).0, "/y")
        XCTAssertEqual(try resolve(.init(), [:], existing: both).0, "/work/app/codesets")
        XCTAssertEqual(try resolve(.init(), [:], existing: ["/work/shared/codesets"]).1, "../shared/codesets")
    }

    func testInvalidValuesAreRefusedWithAReason() {
        XCTAssertThrowsError(try RevcycleConfiguration.load(environment: ["REVCYCLE_PORT": "http"], flags: .init(), currentDirectory: cwd)) {
            XCTAssertTrue(String(describing: $0).contains("port"))
        }
        XCTAssertThrowsError(try RevcycleConfiguration.load(environment: ["DATABASE_URL": "mysql://x"], flags: .init(), currentDirectory: cwd))
        XCTAssertThrowsError(try RevcycleConfiguration.load(environment: [:], flags: .init(logLevel: "loud"), currentDirectory: cwd))
    }
}
