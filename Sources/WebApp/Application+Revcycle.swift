import Clearinghouse
import ClaimEdits
import CodeSets
import Fluent
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// What every request handler may use, set once when the application is built.
struct AppState: Sendable {
    let configuration: RevcycleConfiguration
    let library: CodeSetLibrary
    let codeSetSummary: String
    let startedAt: Date
    let throttle = SignInThrottle()
    let medicareFeeSchedules = MedicareFeeSchedules()
    let riskAdjustmentTables = RiskAdjustmentTablesCache()
    let noteCoder = NoteCoderCache()
    let auditQueue = AuditQueue()
    /// The claim edits, with the NCCI tables found at start-up.
    let scrubber: Scrubber
    /// The day filing deadlines are judged on: the calendar's, or the demonstration's own (`DemoSeed.today`).
    let today: @Sendable () -> ServiceDate
    /// The 277 status categories' words, read once; nil without the code sets.
    let claimStatusWords: ClaimStatusWords?
    /// Which permission each API route needs (nil: any signed-in user, or none for signing in).
    var routeTable: [RouteRule] = []
    var openAPIDocument = handWrittenOpenAPIDocument
}

extension Application {
    private struct StateKey: StorageKey { typealias Value = AppState }
    var state: AppState {
        get {
            guard let s = storage[StateKey.self] else { fatalError("makeApplication sets the state before any route runs") }
            return s
        }
        set { storage[StateKey.self] = newValue }
    }
}

extension Request {
    var state: AppState { application.state }
}

/// Builds the whole web application from one configuration and the loaded code sets. Migrations are not run here:
/// call `migrate(_:)` (serve does, on start-up).
public func makeApplication(_ configuration: RevcycleConfiguration, library: CodeSetLibrary, codeSetSummary: String,
                            environment: Environment = .production) async throws -> Application {
    // Vapor must not read our command line: the configuration already did.
    var env = environment
    env.arguments = ["revcycle"]
    let app = try await Application.make(env)
    do {
        app.http.server.configuration.hostname = configuration.host
        app.http.server.configuration.port = configuration.port
        app.logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let (scrubber, scrubberSummary) = try Scrubber.load(library: library, codeSets: configuration.codesetsDirectory, ptpDirectory: configuration.ncciPTPDirectory,
                                                             payerRulesDirectory: configuration.payerRulesDirectory)
        let deadlines = configuration.demo ? "; filing deadlines judged on the demonstration's today, \(DemoSeed.today)" : ""
        app.logger.info("claim edits: \(scrubberSummary)\(deadlines)")
        let demoToday: ServiceDate? = configuration.demo ? DemoSeed.today : nil
        let statusWords = configuration.codesetsDirectory.flatMap { try? ClaimStatusWords.read(directory: $0.appendingPathComponent("x12-codes")) }
        app.state = AppState(configuration: configuration, library: library, codeSetSummary: codeSetSummary, startedAt: Date(), scrubber: scrubber,
                             today: { demoToday ?? ServiceDate(utcDayOf: Date()) }, claimStatusWords: statusWords)
        try Persistence.configure(try configuration.databaseLocation(), databases: app.databases, migrations: app.migrations)
        app.lifecycle.use(CheckpointsBeforeShutdown())
        app.middleware = Middlewares()
        app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
        // Outside the error mapping, so error pages get the headers too.
        app.middleware.use(SecurityHeaders())
        app.middleware.use(ErrorMapping())
        app.middleware.use(Authentication())
        try routes(app)
        return app
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// Runs every migration not yet applied (idempotent).
public func migrate(_ app: Application) async throws {
    try await Persistence.prepare(app.db)
    try await app.autoMigrate()
}

func routes(_ app: Application) throws {
    app.get("health", use: health)
    app.get("openapi.json", use: openAPI)
    let api = app.grouped("api", "v1")
    let codes = CodeRoutes()
    api.get("codes", "search", use: codes.search)
    api.get("codes", ":system", ":code", use: codes.lookup)
    api.get("codesets", use: codes.status)
    let x12 = X12Routes()
    api.on(.POST, "x12", "validate", body: .collect(maxSize: X12Routes.maximumBody), use: x12.validate)
    api.on(.POST, "x12", "parse", body: .collect(maxSize: X12Routes.maximumBody), use: x12.parse)
    var table: [RouteRule] = []
    AuthRoutes().register(app, api, table: &table)
    // Examples in the OpenAPI document come from the demo data, so they always have the fields the code reads.
    let demo = try? DemoSeed.generate()
    var documented: [(path: String, noun: String, example: (any Encodable)?)] = []
    func records<R: APIRecord>(_ path: String, _ noun: String, read: Permission, write: Permission, example: R?) {
        RecordRoutes<R>(path: path, read: read, write: write, noun: noun).register(api, table: &table)
        documented.append((path, noun, example))
    }
    records("patients", "patient", read: .patientsRead, write: .patientsWrite, example: demo?.patients.first)
    records("coverages", "coverage", read: .coverageRead, write: .coverageWrite, example: demo?.coverages.first)
    records("referrals", "referral", read: .coverageRead, write: .coverageWrite, example: demo?.referrals.first)
    records("prior-authorizations", "prior authorization", read: .coverageRead, write: .coverageWrite, example: demo?.priorAuthorizations.first)
    records("encounters", "encounter", read: .encountersRead, write: .encountersWrite, example: demo?.encounters.first)
    records("charges", "charge", read: .encountersRead, write: .chargesWrite, example: demo?.charges.first)
    records("providers", "provider", read: .encountersRead, write: .tenantsManage, example: demo?.providers.first)
    records("facilities", "facility", read: .encountersRead, write: .tenantsManage, example: demo?.facilities.first)
    records("payers", "payer", read: .coverageRead, write: .payersManage, example: demo?.payers.first)
    records("fee-schedules", "fee schedule", read: .claimsRead, write: .feeSchedulesManage, example: demo?.feeSchedules.first)
    records("enrollments", "payer enrollment", read: .claimsRead, write: .payersManage, example: demo.flatMap(PayerEnrollment.example))
    ClaimRoutes().register(api, table: &table)
    CodingRoutes().register(api, table: &table)
    CodingChartRoutes().register(api, table: &table)
    ProviderQueryRoutes().register(api, table: &table)
    CodingAuditRoutes().register(api, table: &table)
    ClaimCorrectionRoutes().register(api, table: &table)
    ClaimFileRoutes().register(api, table: &table)
    ScrubRoutes().register(app, api, table: &table)
    ExchangeRoutes().register(api, table: &table)
    MedicareFeeScheduleRoutes().register(api, table: &table)
    RiskAdjustmentRoutes().register(api, table: &table)
    DenialRoutes().register(api, table: &table)
    PostingExceptionRoutes().register(api, table: &table)
    DepositRoutes().register(api, table: &table)
    app.state.routeTable = table
    app.state.openAPIDocument = OpenAPIDocument.build(routeTable: table, recordKinds: documented)
    try Pages().register(app)
    WorkPages().register(app)
    CodingPages().register(app)
    ProviderQueryPages().register(app)
    CodingAuditPages().register(app)
    ClaimCorrectionPages().register(app)
    ExchangePages().register(app)
    RegistrationPages().register(app)
    DenialPages().register(app)
    PostingExceptionPages().register(app)
    RecordFormPages<PayerForms>().register(app)
    RecordFormPages<ProviderForms>().register(app)
    RecordFormPages<FeeScheduleForms>().register(app)
    RecordFormPages<EnrollmentForms>().register(app)
    EnrollmentPages().register(app)
    DepositPages().register(app)
    FeeScheduleEntryPages().register(app)
}

@Sendable func health(_ req: Request) async throws -> Response {
    let state = req.state
    var database = "ok"
    do {
        _ = try await DatabaseImportHistory(database: req.db).recent(limit: 1)
    } catch {
        req.logger.error("health check: database unavailable: \(String(reflecting: error))")
        database = "unavailable"
    }
    let body = HealthBody(status: database == "ok" ? "ok" : "degraded", database: (try? state.configuration.databaseLocation().kind) ?? "?",
                          databaseStatus: database, codeSets: state.codeSetSummary,
                          uptimeSeconds: Int(Date().timeIntervalSince(state.startedAt)))
    return try jsonResponse(body, status: database == "ok" ? .ok : .serviceUnavailable)
}

struct HealthBody: Codable {
    var status: String
    var database: String
    var databaseStatus: String
    var codeSets: String
    var uptimeSeconds: Int
}

let jsonEncoder: JSONEncoder = {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    e.dateEncodingStrategy = .iso8601
    return e
}()

func jsonResponse(_ value: some Encodable, status: HTTPResponseStatus = .ok, headers extra: [String: String] = [:]) throws -> Response {
    let data = try jsonEncoder.encode(value)
    var headers = HTTPHeaders()
    headers.contentType = .json
    for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
    return Response(status: status, headers: headers, body: .init(data: data))
}

/// Conservative headers for every response.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // Pages carry their own inline style and script and load nothing from elsewhere.
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
        return response
    }
}

/// SQLite's checkpoints left to run after a received file's commit (`LogCheckpoint`) end before the databases close.
private struct CheckpointsBeforeShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await LogCheckpoint.finished()
    }
}
