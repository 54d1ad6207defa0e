import Clearinghouse
import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// Bank deposits and their reconciliation with the 835 payments: `/api/v1/deposits` (record one, list, read),
/// `/api/v1/deposits/import` (a CSV bank statement) and `/api/v1/deposits/reconciliation` (GET shows it, POST also
/// stores each deposit's finding on it).
struct DepositRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .GET, path: "/api/v1/deposits", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/deposits", permission: .paymentsPost),
            RouteRule(method: .GET, path: "/api/v1/deposits/:id", permission: .claimsRead),
            RouteRule(method: .DELETE, path: "/api/v1/deposits/:id", permission: .paymentsPost),
            RouteRule(method: .POST, path: "/api/v1/deposits/import", permission: .paymentsPost),
            RouteRule(method: .GET, path: "/api/v1/deposits/reconciliation", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/deposits/reconciliation", permission: .paymentsPost),
        ]
        api.get("deposits", use: list)
        api.post("deposits", use: create)
        api.get("deposits", "reconciliation", use: reconciliation)
        api.post("deposits", "reconciliation", use: reconcile)
        api.on(.POST, "deposits", "import", body: .collect(maxSize: "16mb"), use: importStatement)
        api.get("deposits", ":id", use: show)
        api.delete("deposits", ":id", use: remove)
    }

    /// A deposit as the API takes it: the server derives the id and sets the tenant and source.
    struct NewDeposit: Content {
        /// Cents.
        var amount: Int
        /// ISO date.
        var depositedOn: String
        var traceNumber: String
        var payerID: UUID?
        var description: String?
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let status = try req.stringParameter("status", maxLength: 40)
        if let status, DepositMatchStatus(rawValue: status) == nil {
            throw APIError.invalidParameter(name: "status", message: "status is one of " + DepositMatchStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let query = RecordQuery(search: try req.stringParameter("search"), status: status,
                                limit: try req.intParameter("limit", range: 1...RecordQuery.maximumLimit, default: 50),
                                cursor: try req.stringParameter("cursor", maxLength: 400))
        let page = try await req.store.records(BankDeposit.self, tenantID: principal.tenantID, query: query)
        return try jsonResponse(ListBody(data: page.items.map(RecordBody.init), nextCursor: page.nextCursor))
    }

    /// DELETE /api/v1/deposits/{id} with If-Match: a deposit entered by mistake; 409 once a reconciliation recorded it
    /// matched to an 835 payment.
    @Sendable func remove(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        let id = try req.uuidPathParameter()
        let version = try req.ifMatchVersion()
        try await Self.remove(req, principal, id: id, version: version)
        return Response(status: .noContent)
    }

    /// Deletes and audits a deposit not recorded as matched: for the API and the page.
    static func remove(_ req: Request, _ principal: Principal, id: UUID, version: Int) async throws {
        guard let stored = try await req.store.record(BankDeposit.self, id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "deposit", id: id)
        }
        if stored.value.match?.status == .matched {
            throw DepositRefusal(message: "deposit \(stored.value.traceNumber) of \(stored.value.amount) is recorded as matched to an 835 payment; it stays")
        }
        try await req.store.delete(BankDeposit.self, id: id, tenantID: principal.tenantID, expectedVersion: version)
        try await req.audit(principal, .delete, entityType: "deposit", entityID: id.uuidString,
                            detail: "\(stored.value.amount) trace \(stored.value.traceNumber) on \(stored.value.depositedOn.iso)")
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.record(BankDeposit.self, id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "deposit", id: id)
        }
        return try jsonResponse(RecordBody(stored), headers: ["ETag": "\"\(stored.version)\""])
    }

    /// POST /api/v1/deposits: one deposit; the same deposit (date, trace number, amount) twice is refused with 409.
    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        return try await Idempotency.run(req, principal) {
            let deposit = try await Self.deposit(try RecordDecoding.decode(req, id: UUID(), tenantID: principal.tenantID), req, principal)
            let stored = try await req.store.insert(deposit)
            try await req.audit(principal, .create, entityType: "deposit", entityID: deposit.id.uuidString,
                                detail: "\(deposit.amount) trace \(deposit.traceNumber) on \(deposit.depositedOn.iso)")
            return (.created, try jsonEncoder.encode(RecordBody(stored)))
        }
    }

    /// The deposit a request describes, checked: its problems answer 422 with each field.
    static func deposit(_ body: NewDeposit, _ req: Request, _ principal: Principal, source: DepositSource = .entered) async throws -> BankDeposit {
        var problems: [FieldProblem] = []
        let date = ServiceDate(iso: body.depositedOn)
        if date == nil { problems.append(FieldProblem(field: "depositedOn", message: "expected a date such as 2026-11-30; got \"\(body.depositedOn)\"")) }
        if body.amount.magnitude > Money.maximumInputCents.magnitude { problems.append(FieldProblem(field: "amount", message: "is beyond one trillion dollars")) }
        if let payerID = body.payerID, try await req.store.record(Payer.self, id: payerID, tenantID: principal.tenantID) == nil {
            problems.append(FieldProblem(field: "payerID", message: "no payer of this practice has the id \(payerID)"))
        }
        guard let date, problems.isEmpty else { throw RecordError.invalid(problems) }
        let deposit = BankDeposit(tenantID: principal.tenantID, amount: Money(cents: body.amount), depositedOn: date,
                                  traceNumber: body.traceNumber.trimmingCharacters(in: .whitespaces), payerID: body.payerID,
                                  description: body.description.flatMap { $0.isEmpty ? nil : $0 }, source: source)
        let own = deposit.validate()
        guard own.isEmpty else { throw RecordError.invalid(own) }
        return deposit
    }

    /// POST /api/v1/deposits/import?name=FILE.csv: a CSV bank statement as the body (see `BankStatementCSV`). Refused
    /// whole (422, each problem with its line and column) when any line is wrong; deposits recorded before are counted,
    /// not recorded again.
    @Sendable func importStatement(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw APIError.invalidParameter(name: "body", message: "send the bank statement (CSV) as the request body")
        }
        let name = try req.stringParameter("name", maxLength: 200) ?? "statement-\(Int(Date().timeIntervalSince1970)).csv"
        let summary = try await Self.importStatement(req, principal, text: String(buffer: buffer), name: name)
        return try jsonResponse(summary, status: .created)
    }

    static func importStatement(_ req: Request, _ principal: Principal, text: String, name: String) async throws -> DepositDesk.ImportSummary {
        do {
            let summary = try await DepositDesk(store: req.store).importStatement(text, fileName: name, tenantID: principal.tenantID)
            try await req.audit(principal, .create, entityType: "deposit", entityID: "import",
                                detail: "\(name): \(summary.recorded) recorded (\(summary.amountRecorded)), \(summary.alreadyRecorded) already recorded")
            return summary
        } catch DepositDesk.ImportError.problems(let file, let problems) {
            throw RecordError.invalid(problems.map { FieldProblem(field: "\(file) line \($0.line)" + ($0.field.isEmpty ? "" : ", \($0.field)"), message: $0.message) })
        }
    }

    /// The reconciliation as the API answers it.
    struct ReconciliationBody: Content {
        struct Payment: Content {
            var receivedFileID: UUID, fileName: String, transactionControlNumber: String, traceNumber: String, amount: Money
            var method: String?, paymentDate: String?, payerName: String?
            init(_ p: RemittancePayment) {
                receivedFileID = p.receivedFileID; fileName = p.fileName; transactionControlNumber = p.transactionControlNumber
                traceNumber = p.traceNumber; amount = p.amount; method = p.method; paymentDate = p.paymentDate?.iso; payerName = p.payerName
            }
        }
        struct Pair: Content {
            var deposit: BankDeposit, payment: Payment, difference: Money, explanation: String
        }
        struct Outstanding: Content {
            var payment: Payment, ageDays: Int, ageBucket: String
        }
        struct Bucket: Content {
            var bucket: String, count: Int, amount: Money
        }
        struct Totals: Content {
            var matched: Int, matchedAmount: Money, amountMismatches: Int, paymentsWithoutDeposit: Int, outstandingAmount: Money
            var depositsWithoutRemittance: Int, unexplainedDepositAmount: Money, repeatedPayments: Int, paymentsWithoutMoney: Int
        }
        var asOf: String
        var recorded: Bool
        /// Deposits whose stored finding changed (POST only).
        var depositsUpdated: Int
        var totals: Totals
        var matched: [Pair]
        var amountMismatches: [Pair]
        var paymentsWithoutDeposit: [Outstanding]
        var outstandingByAge: [Bucket]
        var depositsWithoutRemittance: [BankDeposit]

        init(_ r: DepositReconciliation, asOf: ServiceDate, recorded: Bool, updated: Int) {
            func pair(_ p: DepositReconciliation.Pair) -> Pair {
                Pair(deposit: p.deposit, payment: Payment(p.payment), difference: p.difference, explanation: r.findings[p.deposit.id]?.explanation ?? "")
            }
            self.asOf = asOf.iso; self.recorded = recorded; depositsUpdated = updated
            matched = r.matched.map(pair); amountMismatches = r.amountMismatches.map(pair)
            paymentsWithoutDeposit = r.paymentsWithoutDeposit.map { Outstanding(payment: Payment($0.payment), ageDays: $0.ageDays, ageBucket: $0.ageBucket) }
            outstandingByAge = r.outstandingByAge.map { Bucket(bucket: $0.bucket, count: $0.count, amount: $0.amount) }
            depositsWithoutRemittance = r.depositsWithoutRemittance
            totals = Totals(matched: r.matched.count, matchedAmount: r.matched.map(\.deposit.amount).sum(), amountMismatches: r.amountMismatches.count,
                            paymentsWithoutDeposit: r.paymentsWithoutDeposit.count, outstandingAmount: r.paymentsWithoutDeposit.map(\.payment.amount).sum(),
                            depositsWithoutRemittance: r.depositsWithoutRemittance.count,
                            unexplainedDepositAmount: r.depositsWithoutRemittance.map(\.amount).sum(), repeatedPayments: r.repeatedPayments.count,
                            paymentsWithoutMoney: r.paymentsWithoutMoney)
        }
    }

    /// Reconciles the practice's deposits with its 835 payments; with `record`, stores each deposit's finding.
    static func reconcile(_ req: Request, _ principal: Principal, record: Bool) async throws -> (DepositReconciliation, Int) {
        let (r, changed) = try await DepositDesk(store: req.store).reconcile(tenantID: principal.tenantID, today: req.state.today(), at: Date(), record: record)
        if record {
            try await req.audit(principal, .update, entityType: "deposit", entityID: "reconciliation",
                                detail: "\(r.matched.count) matched, \(r.amountMismatches.count) amount mismatches, \(r.depositsWithoutRemittance.count) without an 835, "
                                    + "\(r.paymentsWithoutDeposit.count) 835 payments not deposited; \(changed) deposits updated")
        }
        return (r, changed)
    }

    @Sendable func reconciliation(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let (r, _) = try await Self.reconcile(req, principal, record: false)
        return try jsonResponse(ReconciliationBody(r, asOf: req.state.today(), recorded: false, updated: 0))
    }

    @Sendable func reconcile(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        let (r, changed) = try await Self.reconcile(req, principal, record: true)
        return try jsonResponse(ReconciliationBody(r, asOf: req.state.today(), recorded: true, updated: changed))
    }
}

/// Why a deposit cannot be deleted.
struct DepositRefusal: Error {
    var message: String
}
