import AsyncHTTPClient
import CodeSets
import Foundation
import NIOCore
import Persistence
import RevenueCycle
import Vapor

/// The API under load (`revcycle bench api`): a database holding N claims, the real application listening on
/// loopback, and a load generator sending the requests billers make most: creating a claim from an encounter, the
/// worklist of claims in a status, the next page of it, and a claim's detail. Reports requests per second and
/// latency percentiles per request kind.
public enum APIBenchmark {
    public struct Options: Sendable {
        /// Claims in the database before measuring.
        public var claims: Int
        /// Requests of each kind.
        public var requests: Int
        /// Requests in flight at once.
        public var concurrency: Int
        /// PostgreSQL to use (emptied first); nil: a new SQLite file in `workDirectory`.
        public var postgresURL: String?
        public var workDirectory: URL
        public var port: Int

        public init(claims: Int, requests: Int, concurrency: Int, postgresURL: String?, workDirectory: URL, port: Int) {
            self.claims = claims; self.requests = requests; self.concurrency = concurrency; self.postgresURL = postgresURL
            self.workDirectory = workDirectory; self.port = port
        }
    }

    public struct Measurement: Sendable {
        public var name: String
        public var requests: Int
        public var failures: Int
        public var seconds: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var requestsPerSecond: Double { Double(requests) / max(seconds, 1e-9) }
    }

    public struct Result: Sendable {
        public var database: String
        public var claims: Int
        public var seedSeconds: Double
        public var measurements: [Measurement]
    }

    public static func run(_ options: Options, library: CodeSetLibrary, progress: @escaping @Sendable (String) -> Void) async throws -> Result {
        var config = RevcycleConfiguration()
        config.dataDirectory = options.workDirectory
        config.databaseURL = options.postgresURL
        config.port = options.port
        config.logLevel = "warning"
        config.passwordCost = 10
        let location = try config.databaseLocation()
        if options.postgresURL != nil {
            progress("emptying \(location)")
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                try await session.revertAll()
            }
        }
        let app = try await makeApplication(config, library: library, codeSetSummary: "benchmark", environment: .production)
        do {
            try await migrate(app)
            _ = try await DemoData.load(into: app.db, configuration: config)
            let data = try DemoSeed.generate()
            let tenant = try unwrap(data.tenants.first, "the demo data has no practice")
            let seedStart = Date()
            try await seed(options.claims, from: data.claims.filter { $0.tenantID == tenant.id }, store: DatabaseStore(database: app.db), progress: progress)
            let seedSeconds = Date().timeIntervalSince(seedStart)

            try await app.server.start(address: .hostname("127.0.0.1", port: options.port))
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            do {
                let base = "http://127.0.0.1:\(options.port)"
                let biller = try unwrap(data.users.first { $0.role == .biller && $0.tenantName == tenant.name }, "no demo biller")
                let token = try await signIn(client, base, biller)
                let coded = data.encounters.filter { $0.tenantID == tenant.id && $0.status == .coded }
                let encounter = try unwrap(coded.first, "no coded demo encounter")
                let sampleClaim = try unwrap(data.claims.first { $0.tenantID == tenant.id }, "no demo claim")
                let firstPage = try await get(client, "\(base)/api/v1/claims?status=denied&limit=50", token)
                let cursor = try unwrap((try? JSONSerialization.jsonObject(with: firstPage)) as? [String: Any], "the worklist answered no JSON")["nextCursor"] as? String
                var measurements: [Measurement] = []
                let createBody = ByteBuffer(string: #"{"encounterID":"\#(encounter.id.uuidString)"}"#)
                let kinds: [(String, HTTPMethod, String, ByteBuffer?)] = [
                    ("create a claim (POST /api/v1/claims)", .POST, "\(base)/api/v1/claims", createBody),
                    ("worklist: denied claims, first 50", .GET, "\(base)/api/v1/claims?status=denied&limit=50", nil),
                    ("worklist: next page", .GET, "\(base)/api/v1/claims?status=denied&limit=50&cursor=\(cursor ?? "")", nil),
                    ("claim detail", .GET, "\(base)/api/v1/claims/\(sampleClaim.id)", nil),
                ]
                for (name, method, url, body) in kinds {
                    progress("measuring: \(name), \(options.requests) requests, \(options.concurrency) at a time")
                    // A short warm-up, not measured.
                    _ = try await load(client, method, url, body, token, requests: min(50, options.requests), concurrency: options.concurrency)
                    var m = try await load(client, method, url, body, token, requests: options.requests, concurrency: options.concurrency)
                    m.name = name
                    measurements.append(m)
                }
                try await client.shutdown()
                await app.server.shutdown()
                try await app.asyncShutdown()
                return Result(database: location.kind, claims: options.claims, seedSeconds: seedSeconds, measurements: measurements)
            } catch {
                try? await client.shutdown()
                await app.server.shutdown()
                throw error
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func unwrap<T>(_ value: T?, _ message: String) throws -> T {
        guard let value else { throw Failure(description: message) }
        return value
    }

    /// N claims copied from the demo practice's claims (every status, with their histories), under new ids.
    static func seed(_ count: Int, from templates: [Claim], store: DatabaseStore, progress: @Sendable (String) -> Void) async throws {
        guard !templates.isEmpty, count > 0 else { return }
        let batch = 5_000
        var made = 0
        while made < count {
            let claims = (made..<min(made + batch, count)).map { i in copy(templates[i % templates.count], number: i) }
            try await store.bulkInsertClaims(claims)
            made += claims.count
            if made % 100_000 == 0 || made == count { progress("seeded \(made) of \(count) claims") }
        }
    }

    static func copy(_ c: Claim, number: Int) -> Claim {
        let id = UUID()
        return Claim(id: id, tenantID: c.tenantID, kind: c.kind, encounterID: c.encounterID, patientID: c.patientID, coverageID: c.coverageID,
                     coverageOrder: c.coverageOrder, payerID: c.payerID, billingProvider: c.billingProvider, renderingProviderID: c.renderingProviderID,
                     referringProviderID: c.referringProviderID, supervisingProviderID: c.supervisingProviderID, facilityID: c.facilityID,
                     frequency: c.frequency, payerClaimControlNumber: c.payerClaimControlNumber, patientControlNumber: String(format: "BENCH%012d", number),
                     placeOfService: c.placeOfService, typeOfBill: c.typeOfBill, diagnoses: c.diagnoses, procedureCodes: c.procedureCodes,
                     priorAuthorizationNumber: c.priorAuthorizationNumber, referralNumber: c.referralNumber, lines: c.lines, status: c.status,
                     history: c.history.map { var t = $0; t.claimID = id; return t }, ledger: c.ledger)
    }

    static func signIn(_ client: HTTPClient, _ base: String, _ user: DemoUser) async throws -> String {
        var request = HTTPClientRequest(url: "\(base)/api/v1/auth/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONSerialization.data(withJSONObject: ["email": user.email, "password": user.password])
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status == .created, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let token = object["token"] as? String else {
            throw Failure(description: "signing in failed: \(response.status) \(String(decoding: data, as: UTF8.self))")
        }
        return token
    }

    static func get(_ client: HTTPClient, _ url: String, _ token: String) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await client.execute(request, timeout: .seconds(30))
        return Data(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    /// `requests` requests, `concurrency` at a time; each request's time from sending to the last byte.
    static func load(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, _ body: ByteBuffer?, _ token: String,
                     requests: Int, concurrency: Int) async throws -> Measurement {
        let counter = RequestCounter(total: requests)
        let start = DispatchTime.now().uptimeNanoseconds
        let results = try await withThrowingTaskGroup(of: ([UInt64], Int).self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    var times: [UInt64] = [], failures = 0
                    while await counter.take() {
                        var request = HTTPClientRequest(url: url)
                        request.method = method
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        if let body {
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(body)
                        }
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        let response = try await client.execute(request, timeout: .seconds(60))
                        _ = try await response.body.collect(upTo: 16 << 20)
                        times.append(DispatchTime.now().uptimeNanoseconds - t0)
                        if response.status.code >= 300 { failures += 1 }
                    }
                    return (times, failures)
                }
            }
            var all: [UInt64] = [], failures = 0
            for try await (times, f) in group { all += times; failures += f }
            return (all.sorted(), failures)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func percentile(_ p: Double) -> Double {
            guard !results.0.isEmpty else { return 0 }
            let index = min(results.0.count - 1, Int((Double(results.0.count) * p).rounded(.up)) - 1)
            return Double(results.0[max(0, index)]) / 1e6
        }
        return Measurement(name: "", requests: results.0.count, failures: results.1, seconds: seconds,
                           p50Milliseconds: percentile(0.50), p99Milliseconds: percentile(0.99))
    }
}

/// Hands out request numbers to the load generator's workers until the total is reached.
actor RequestCounter {
    private var remaining: Int
    init(total: Int) { remaining = total }
    func take() -> Bool {
        guard remaining > 0 else { return false }
        remaining -= 1
        return true
    }
}
