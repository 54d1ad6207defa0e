import CodeSets
import Foundation
import Vapor
import WebApp
import XCTest
import XCTVapor

/// The web application end to end: real code sets, a real SQLite database, requests through the router.
final class WebAppTests: XCTestCase {
    static let library: Result<CodeSetLibrary, any Error> = Result {
        let dir = RepositoryPaths.codesets
        guard FileManager.default.fileExists(atPath: dir.path) else { throw XCTSkip("no code sets at \(dir.path)") }
        return try CodeSetImport.run(directory: dir).0
    }

    var app: Application!

    override func setUp() async throws {
        let library = try Self.library.get()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-web-\(UUID().uuidString)")
        var config = RevcycleConfiguration()
        config.dataDirectory = data
        app = try await makeApplication(config, library: library, codeSetSummary: "test code sets", environment: .testing)
        try await migrate(app)
        addTeardownBlock { try? FileManager.default.removeItem(at: data) }
    }

    override func tearDown() async throws {
        try await app?.asyncShutdown()
        app = nil
    }

    func json(_ res: XCTHTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: res.body))
    }

    func testX12ValidateAnswersFindingsAndThe999() async throws {
        let golden = RepositoryPaths.x12.appendingPathComponent("golden/837P_lfh_demo.example1.x12")
        guard let file = try? Data(contentsOf: golden) else { throw XCTSkip("no X12 samples at \(golden.path)") }
        try await app.test(.POST, "/api/v1/x12/validate", body: ByteBuffer(data: file)) { res async throws in
            XCTAssertEqual(res.status, .ok)
            let body = try XCTUnwrap(try json(res) as? [String: Any])
            XCTAssertEqual(body["valid"] as? Bool, true)
            XCTAssertTrue((body["acknowledgment"] as? String)?.contains("IK5*A~") == true)
        }
        // One wrong letter in the claim's facility code qualifier: rejected, with the place.
        let broken = String(decoding: file, as: UTF8.self).replacingOccurrences(of: "*11:B:1*", with: "*11:X:1*")
        try await app.test(.POST, "/api/v1/x12/validate", body: ByteBuffer(string: broken)) { res async throws in
            XCTAssertEqual(res.status, .ok)
            let body = try XCTUnwrap(try json(res) as? [String: Any])
            XCTAssertEqual(body["valid"] as? Bool, false)
            let error = try XCTUnwrap((body["errors"] as? [[String: Any]])?.first)
            XCTAssertEqual(error["segmentId"] as? String, "CLM")
            XCTAssertEqual(error["loop"] as? String, "2300")
            XCTAssertEqual(error["element"] as? Int, 5)
            XCTAssertEqual(error["component"] as? Int, 2)
            XCTAssertTrue((body["acknowledgment"] as? String)?.contains("IK5*R*5~") == true)
        }
        try await app.test(.POST, "/api/v1/x12/validate", body: ByteBuffer(string: "hello")) { res async throws in
            XCTAssertEqual(res.status, .badRequest)
        }
        try await app.test(.POST, "/api/v1/x12/parse", body: ByteBuffer(data: file)) { res async throws in
            XCTAssertEqual(res.status, .ok)
            let body = try XCTUnwrap(try json(res) as? [String: Any])
            let claims = try XCTUnwrap(((body["transactions"] as? [[String: Any]])?.first?["claims"]) as? [[String: Any]])
            XCTAssertEqual(claims.first?["claimId"] as? String, "26463774")
            XCTAssertEqual(claims.first?["totalChargeCents"] as? Int, 10000)
            XCTAssertEqual((claims.first?["serviceLines"] as? [[String: Any]])?.first?["procedureCode"] as? String, "99213")
        }
    }

    func testHealth() async throws {
        try await app.test(.GET, "/health") { res async throws in
            XCTAssertEqual(res.status, .ok)
            let body = try XCTUnwrap(try json(res) as? [String: Any])
            XCTAssertEqual(body["status"] as? String, "ok")
            XCTAssertEqual(body["database"] as? String, "sqlite")
        }
    }

    func testOpenAPIDocumentsEveryRoute() async throws {
        var paths: [String: Any] = [:]
        try await app.test(.GET, "/openapi.json") { res async throws in
            XCTAssertEqual(res.status, .ok)
            let doc = try XCTUnwrap(try json(res) as? [String: Any])
            XCTAssertEqual(doc["openapi"] as? String, "3.1.0")
            paths = try XCTUnwrap(doc["paths"] as? [String: Any])
        }
        for route in app.routes.all {
            let path = "/" + route.path.map { component -> String in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }.joined(separator: "/")
            let isPage = route.path.first.map { ["encoder", "codesets", "login", "logout", "session", "work", "patients", "encounters", "claims", "batches", "received", "denials", "appeals", "payers", "providers", "fee-schedules", "users", "enrollments", "deposits", "posting-exceptions", "coding", "queries"].contains($0.description) } ?? true
            if path.hasPrefix("/api") || path == "/health" || path == "/openapi.json" {
                XCTAssertNotNil(paths[path], "\(path) is not in openapi.json")
            } else {
                XCTAssertTrue(isPage, "\(path) is neither a page nor documented")
            }
        }
    }

    func testSearchAPI() async throws {
        try await app.test(.GET, "/api/v1/codes/search?q=type%202%20diabetes%20with%20diabetic%20chronic%20kidney%20disease&system=icd10cm&limit=5") { res async throws in
            XCTAssertEqual(res.status, .ok)
            let hits = try XCTUnwrap(try json(res) as? [[String: Any]])
            XCTAssertEqual(hits.count, 5)
            XCTAssertEqual(hits.first?["code"] as? String, "E11.22")
            XCTAssertEqual(hits.first?["system"] as? String, "icd10cm")
            XCTAssertEqual(hits.first?["billable"] as? Bool, true)
            XCTAssertNotNil(hits.first?["score"] as? Double)
        }
        let bad: [(String, String)] = [
            ("/api/v1/codes/search", "q"),
            ("/api/v1/codes/search?q=asthma&system=icd9", "system"),
            ("/api/v1/codes/search?q=asthma&date=2025-02-30", "date"),
            ("/api/v1/codes/search?q=asthma&limit=0", "limit"),
            ("/api/v1/codes/search?q=asthma&limit=abc", "limit"),
        ]
        for (url, parameter) in bad {
            try await app.test(.GET, url) { res async throws in
                XCTAssertEqual(res.status, .badRequest, url)
                let body = try XCTUnwrap(try json(res) as? [String: [String: Any]])
                XCTAssertEqual(body["error"]?["parameter"] as? String, parameter, url)
            }
        }
    }

    func testLookupAPI() async throws {
        try await app.test(.GET, "/api/v1/codes/icd10cm/e1122?date=2025-06-01") { res async throws in
            XCTAssertEqual(res.status, .ok)
            let d = try XCTUnwrap(try json(res) as? [String: Any])
            XCTAssertEqual(d["code"] as? String, "E11.22")
            XCTAssertEqual(d["billable"] as? Bool, true)
            XCTAssertEqual((d["validity"] as? [String: Any])?["valid"] as? Bool, true)
            XCTAssertEqual((d["validity"] as? [String: Any])?["date"] as? String, "2025-06-01")
            XCTAssertFalse((d["notes"] as? [Any] ?? []).isEmpty)
        }
        try await app.test(.GET, "/api/v1/codes/icd10cm/E11.99") { res async throws in
            XCTAssertEqual(res.status, .notFound)
            let body = try XCTUnwrap(try json(res) as? [String: [String: Any]])
            XCTAssertEqual(body["error"]?["code"] as? String, "code_not_found")
            XCTAssertFalse((body["error"]?["suggestions"] as? [Any] ?? []).isEmpty)
        }
        try await app.test(.GET, "/api/v1/codes/nosuch/E11") { res async throws in
            XCTAssertEqual(res.status, .badRequest)
        }
        try await app.test(.GET, "/api/v1/nothing-here") { res async throws in
            XCTAssertEqual(res.status, .notFound)
            XCTAssertEqual(res.headers.contentType, .json)
        }
    }

    func testPages() async throws {
        try await app.test(.GET, "/") { res async throws in
            XCTAssertEqual(res.status, .ok)
            for role in ["Coder", "Coding auditor", "Biller", "Front desk", "Billing manager", "Administrator"] {
                XCTAssertTrue(res.body.string.contains(role), role)
            }
        }
        try await app.test(.GET, "/encoder?q=type+2+diabetes+with+diabetic+chronic+kidney+disease") { res async throws in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains("href=\"/encoder/icd10cm/E11.22\""))
        }
        try await app.test(.GET, "/encoder/icd10cm/E11.22") { res async throws in
            XCTAssertEqual(res.status, .ok)
            let html = res.body.string
            XCTAssertTrue(html.contains("class=\"note excludes1\""), "excludes1 shown apart")
            XCTAssertTrue(html.contains("class=\"note useAdditionalCode\""), "use additional code highlighted")
            XCTAssertTrue(html.contains("Billable"))
        }
        try await app.test(.GET, "/encoder/icd10cm/E11.99") { res async throws in
            XCTAssertEqual(res.status, .notFound)
        }
        try await app.test(.GET, "/encoder?q=%3Cscript%3Ealert(1)%3C/script%3E") { res async throws in
            XCTAssertEqual(res.status, .ok)
            XCTAssertFalse(res.body.string.contains("<script>alert(1)"), "input is escaped")
        }
        try await app.test(.GET, "/codesets") { res async throws in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains("ICD-10-CM FY2026"))
        }
        try await app.test(.GET, "/no-such-page") { res async throws in
            XCTAssertEqual(res.status, .notFound)
            XCTAssertEqual(res.headers.contentType, .html)
            XCTAssertEqual(res.headers.first(name: "X-Frame-Options"), "DENY", "error pages get the security headers too")
        }
        // A quote followed by a combining mark is one Character, but still a quote to the browser.
        try await app.test(.GET, "/encoder?q=%22%CC%81%20autofocus%20onfocus%3Dalert(1)%20x%3D") { res async throws in
            XCTAssertEqual(res.status, .ok)
            XCTAssertFalse(res.body.string.contains("\"\u{301} autofocus onfocus"), "the attribute value is closed by an unescaped quote")
            XCTAssertTrue(res.body.string.contains("&quot;\u{301} autofocus onfocus=alert(1)"))
        }
    }
}

enum RepositoryPaths {
    static let x12 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/x12")
    static let codesets: URL = {
        if let env = ProcessInfo.processInfo.environment["REVCYCLE_CODESETS"], !env.isEmpty { return URL(fileURLWithPath: env) }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/codesets")
    }()
}

final class CodeSetLoadingTests: XCTestCase {
    func testAnUnusableSnapshotIsRebuiltFromTheReleaseFiles() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-load-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: data) }
        // A tiny release directory: the place-of-service list is enough to build a library.
        let release = data.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        let pos = RepositoryPaths.codesets.appendingPathComponent("pos/place_of_service_codes.csv")
        guard FileManager.default.fileExists(atPath: pos.path) else { throw XCTSkip("no code sets at \(RepositoryPaths.codesets.path)") }
        try FileManager.default.copyItem(at: pos, to: release.appendingPathComponent("place_of_service_codes.csv"))
        var config = RevcycleConfiguration()
        config.dataDirectory = data
        config.codesetsDirectory = release
        var messages: [String] = []
        let first = try await CodeSetLoading.load(config, history: nil) { messages.append($0) }
        XCTAssertTrue(messages.first?.hasPrefix("no snapshot yet") ?? false, "\(messages)")
        XCTAssertEqual(try first.library.lookup("11", system: .pos).get().title, "Office")

        // Damage the snapshot: the next start says why and imports again.
        let snapshot = config.snapshotDirectory.appendingPathComponent(first.snapshot)
        try Data("not a snapshot".utf8).write(to: snapshot)
        messages = []
        let second = try await CodeSetLoading.load(config, history: nil) { messages.append($0) }
        XCTAssertTrue(messages.first?.hasPrefix("the snapshot cannot be used") ?? false, "\(messages)")
        XCTAssertEqual(try second.library.lookup("11", system: .pos).get().title, "Office")

        // Without release files the damage is an error, not a silent empty encoder.
        try Data("not a snapshot".utf8).write(to: config.snapshotDirectory.appendingPathComponent(second.snapshot))
        config.codesetsDirectory = nil
        do {
            _ = try await CodeSetLoading.load(config, history: nil) { _ in }
            XCTFail("a damaged snapshot with no release files must fail")
        } catch {
            XCTAssertTrue(String(describing: error).contains("codesets import"), "\(error)")
        }
    }
}
