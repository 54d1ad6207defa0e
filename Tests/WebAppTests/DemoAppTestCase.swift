import CodeSets
import DatabaseTestSupport
import Foundation
import Persistence
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// An application on a real database loaded with the demo data set, and the ways tests talk to it: API tokens,
/// web sessions, forms. The database is a fresh SQLite file; a subclass may name a PostgreSQL one instead.
class DemoAppTestCase: XCTestCase {
    var app: Application!
    var data: DemoDataSet!
    var configuration: RevcycleConfiguration!

    /// The database of each test: nil is a fresh SQLite file in the test's data directory.
    func databaseURL() async throws -> String? { nil }

    /// A fresh PostgreSQL database for this test, dropped after it; skips the test when none is configured.
    func postgresDatabaseURL() async throws -> String? {
        guard case .postgres(let url) = try await TestDatabases.postgres(self) else { return nil }
        return url
    }

    override func setUp() async throws {
        var config = RevcycleConfiguration()
        // First, so that a test without its database is skipped at once.
        config.databaseURL = try await databaseURL()
        let library = try WebAppTests.library.get()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-access-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        config.dataDirectory = directory
        config.passwordCost = 4
        config.codesetsDirectory = RepositoryPaths.codesets
        // The demonstration's own today (`DemoSeed.today`): filing deadlines are judged on it, as `serve --demo` does.
        config.demo = true
        configuration = config
        let app = try await makeApplication(config, library: library, codeSetSummary: "test code sets", environment: .testing)
        // Teardown blocks run last first: the application closes its connections before its database is dropped.
        addTeardownBlock { try? await app.asyncShutdown() }
        self.app = app
        try await migrate(app)
        _ = try await DemoData.load(into: app.db, configuration: config)
        data = try DemoSeed.generate()
    }

    func user(_ role: Role, tenant index: Int = 0) throws -> DemoUser {
        let tenant = data.tenants[index].name
        return try XCTUnwrap(data.users.first { $0.role == role && $0.tenantName == tenant }, "no demo \(role) in \(tenant)")
    }

    func token(_ user: DemoUser, tenantID: UUID? = nil) async throws -> String {
        var token = ""
        var body: [String: String] = ["email": user.email, "password": user.password]
        if let tenantID { body["tenantID"] = tenantID.uuidString }
        try await app.test(.POST, "/api/v1/auth/token", beforeRequest: { try $0.content.encode(body, as: .json) }) { res async throws in
            XCTAssertEqual(res.status, .created, res.body.string)
            token = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])["token"] as? String ?? ""
        }
        return token
    }

    func send(_ method: HTTPMethod, _ path: String, token: String?, json: [String: Any]? = nil, headers: [String: String] = [:],
              _ check: (XCTHTTPResponse) async throws -> Void) async throws {
        try await app.test(method, path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            for (name, value) in headers { req.headers.replaceOrAdd(name: name, value: value) }
            if let json {
                req.headers.contentType = .json
                req.body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            }
        }, afterResponse: check)
    }

    func object(_ res: XCTHTTPResponse) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any], res.body.string)
    }

    /// Signs in through the sign-in page; answers the session cookie and the session's CSRF token.
    func webSession(_ user: DemoUser) async throws -> (cookie: String, csrf: String) {
        var formToken = ""
        try await app.test(.GET, "/login") { res async throws in formToken = res.headers.setCookie?[AuthRoutes.formCookie]?.string ?? "" }
        var session = ""
        try await app.test(.POST, "/login", beforeRequest: {
            $0.headers.cookie = [AuthRoutes.formCookie: .init(string: formToken)]
            try $0.content.encode(["email": user.email, "password": user.password, "_csrf": formToken], as: .urlEncodedForm)
        }) { res async throws in session = res.headers.setCookie?[Authentication.sessionCookie]?.string ?? "" }
        var csrf = ""
        try await app.test(.GET, "/work", beforeRequest: { $0.headers.cookie = [Authentication.sessionCookie: .init(string: session)] }) { res async throws in
            XCTAssertEqual(res.status, .ok)
            let html = res.body.string
            let start = try XCTUnwrap(html.range(of: "name=_csrf value=\"")).upperBound
            csrf = String(html[start...].prefix { $0 != "\"" })
        }
        return (session, csrf)
    }

    /// A form posted in a web session, with the session's CSRF token.
    func post(_ path: String, _ session: (cookie: String, csrf: String), _ form: [String: String]) async throws -> XCTHTTPResponse {
        var answer: XCTHTTPResponse?
        try await app.test(.POST, path, beforeRequest: { req async throws in
            req.headers.cookie = [Authentication.sessionCookie: .init(string: session.cookie)]
            try req.content.encode(form.merging(["_csrf": session.csrf]) { a, _ in a }, as: .urlEncodedForm)
        }) { res async throws in answer = res }
        return try XCTUnwrap(answer)
    }

    func get(_ path: String, _ session: (cookie: String, csrf: String)) async throws -> XCTHTTPResponse {
        var answer: XCTHTTPResponse?
        try await app.test(.GET, path, beforeRequest: { $0.headers.cookie = [Authentication.sessionCookie: .init(string: session.cookie)] }) { res async throws in
            answer = res
        }
        return try XCTUnwrap(answer)
    }

    func store() -> DatabaseStore { DatabaseStore(database: app.db) }

    func auditEntries() async throws -> [AuditEntry] { try await store().entries(from: 1, limit: 100_000) }
}
