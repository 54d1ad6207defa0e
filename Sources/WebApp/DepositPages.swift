import Clearinghouse
import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// `/deposits`: the reconciliation of bank deposits with the 835 payments (matched, amount mismatches, payments not
/// yet in the bank by age, deposits without an 835), the deposits with their stored findings, and forms to record a
/// deposit, import a bank statement and record the reconciliation. Same functions and permissions as `DepositRoutes`.
struct DepositPages: Sendable {
    func register(_ app: Application) {
        app.get("deposits", use: page)
        app.post("deposits", use: create)
        app.on(.POST, "deposits", "import", body: .collect(maxSize: "16mb"), use: importStatement)
        app.post("deposits", "reconcile", use: reconcile)
        app.post("deposits", ":id", "delete", use: delete)
    }

    struct DepositForm: Content {
        var depositedOn: String?, amount: String?, traceNumber: String?, description: String?
    }

    struct ImportForm: Content {
        var statement: String?
        var file: File?
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.render(req, principal, notice: "")
    }

    static func render(_ req: Request, _ principal: Principal, notice: String, form: DepositForm = DepositForm(), status: HTTPStatus = .ok) async throws -> Response {
        let (r, _) = try await DepositRoutes.reconcile(req, principal, record: false)
        let mayPost = PermissionMatrix.allows(principal.role, .paymentsPost)
        var body = "<h1>Deposits</h1>" + notice
        body += "<p class=muted>Bank deposits against the 835 payments received, matched by trace number (TRN02) and amount, as of \(req.state.today().iso).</p>"
        body += "<table class=compact><tr><th>Finding</th><th>Count</th><th>Amount</th></tr>"
        body += "<tr><td>Matched</td><td>\(r.matched.count)</td><td>\(r.matched.map(\.deposit.amount).sum())</td></tr>"
        body += "<tr><td>Amount mismatches</td><td>\(r.amountMismatches.count)</td><td>\(r.amountMismatches.map(\.deposit.amount).sum())</td></tr>"
        body += "<tr><td>835 payments not in the bank</td><td>\(r.paymentsWithoutDeposit.count)</td><td>\(r.paymentsWithoutDeposit.map(\.payment.amount).sum())</td></tr>"
        body += "<tr><td>Deposits without an 835</td><td>\(r.depositsWithoutRemittance.count)</td><td>\(r.depositsWithoutRemittance.map(\.amount).sum())</td></tr></table>"
        if mayPost {
            body += "<form method=post action=\"/deposits/reconcile\" class=inline>\(WorkPages.csrfField(principal))<button>Record the reconciliation on the deposits</button></form>"
        }
        if !r.amountMismatches.isEmpty {
            body += "<h2>Amount mismatches</h2><table><tr><th>Deposited</th><th>Trace</th><th>Bank</th><th>835</th><th>Difference</th><th>835 file</th></tr>"
            for p in r.amountMismatches {
                body += "<tr><td>\(p.deposit.depositedOn.iso)</td><td class=code>\(esc(p.deposit.traceNumber))</td><td>\(p.deposit.amount)</td><td>\(p.payment.amount)</td>"
                body += "<td>\(p.difference)</td><td><a href=\"/received/\(p.payment.receivedFileID)\">\(esc(p.payment.fileName))</a></td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>835 payments not yet in the bank</h2>"
        body += "<table class=compact><tr>" + r.outstandingByAge.map { "<th>\(esc($0.bucket))</th>" }.joined() + "</tr><tr>"
            + r.outstandingByAge.map { "<td>\($0.count) · \($0.amount)</td>" }.joined() + "</tr></table>"
        if !r.paymentsWithoutDeposit.isEmpty {
            body += "<table><tr><th>Age</th><th>Paid on</th><th>Trace</th><th>Method</th><th>Amount</th><th>Payer</th><th>835 file</th></tr>"
            for o in r.paymentsWithoutDeposit {
                body += "<tr><td>\(o.ageDays) days</td><td>\(o.payment.paymentDate?.iso ?? "")</td><td class=code>\(esc(o.payment.traceNumber))</td>"
                body += "<td>\(esc(o.payment.method ?? ""))</td><td>\(o.payment.amount)</td><td>\(esc(o.payment.payerName ?? ""))</td>"
                body += "<td><a href=\"/received/\(o.payment.receivedFileID)\">\(esc(o.payment.fileName))</a></td></tr>"
            }
            body += "</table>"
        }
        if !r.depositsWithoutRemittance.isEmpty {
            body += "<h2>Deposits without an 835</h2><p class=muted>Ask the payer for the remittance advice of these deposits.</p>"
            body += "<table><tr><th>Deposited</th><th>Trace</th><th>Amount</th><th>Description</th><th></th></tr>"
            for d in r.depositsWithoutRemittance {
                body += "<tr><td>\(d.depositedOn.iso)</td><td class=code>\(esc(d.traceNumber))</td><td>\(d.amount)</td><td>\(esc(d.description ?? ""))</td><td>"
                if mayPost && d.match?.status != .matched, let shown = try await req.store.record(BankDeposit.self, id: d.id, tenantID: principal.tenantID) {
                    // Entered by mistake: removed here, as it was shown (a change since refuses the delete).
                    body += "<form method=post action=\"/deposits/\(d.id)/delete\" class=inline>\(WorkPages.csrfField(principal))"
                    body += "<input type=hidden name=version value=\(shown.version)><button>Delete</button></form>"
                }
                body += "</td></tr>"
            }
            body += "</table>"
        }
        let recent = try await req.store.records(BankDeposit.self, tenantID: principal.tenantID, query: RecordQuery(limit: 100))
        body += "<h2>Deposits</h2><table><tr><th>Deposited</th><th>Trace</th><th>Amount</th><th>From</th><th>Recorded finding</th></tr>"
        for d in recent.items.map(\.value) {
            let from = d.source.kind == .statement ? "\(d.source.fileName ?? "statement") line \(d.source.line ?? 0)" : "entered"
            body += "<tr><td>\(d.depositedOn.iso)</td><td class=code>\(esc(d.traceNumber))</td><td>\(d.amount)</td><td>\(esc(from))</td>"
            body += "<td>\(d.match.map { "<span class=status>\($0.status.rawValue)</span> \(esc($0.explanation))" } ?? "not yet reconciled")</td></tr>"
        }
        body += "</table>"
        if mayPost {
            body += "<h2>Record a deposit</h2><form method=post action=\"/deposits\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += Forms.input("depositedOn", "Deposited on", form.depositedOn, type: "date", extra: "required")
            body += Forms.input("amount", "Amount", form.amount, extra: "required size=12 placeholder=1234.56")
            body += Forms.input("traceNumber", "Trace or check number", form.traceNumber, extra: "required")
            body += Forms.input("description", "Description", form.description) + "<button>Record</button></form>"
            body += "<h2>Import a bank statement (CSV)</h2><p class=muted>Columns named on the first line: date, amount, reference; optionally description and payer.</p>"
            body += "<form method=post action=\"/deposits/import\" enctype=\"multipart/form-data\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += "<label>File <input type=file name=file accept=\".csv,text/csv\"></label>"
            body += "<label>or paste it <textarea name=statement rows=6 cols=60></textarea></label><button>Import</button></form>"
        }
        return try await WorkPages.page(req, principal, title: "Deposits", body: body, active: "/deposits", status: status)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        let form = try req.content.decode(DepositForm.self)
        var problems: [FieldProblem] = []
        let amount = BankStatementCSV.parseAmount(Forms.text(form.amount))
        if amount == nil { problems.append(FieldProblem(field: "amount", message: "expected dollars and cents such as 1234.56; got \"\(Forms.text(form.amount))\"")) }
        do {
            guard let amount, problems.isEmpty else { throw RecordError.invalid(problems) }
            let body = DepositRoutes.NewDeposit(amount: amount.cents, depositedOn: Forms.text(form.depositedOn), traceNumber: Forms.text(form.traceNumber),
                                                payerID: nil, description: Forms.optional(form.description))
            let deposit = try await DepositRoutes.deposit(body, req, principal)
            _ = try await req.store.insert(deposit)
            try await req.audit(principal, .create, entityType: "deposit", entityID: deposit.id.uuidString, detail: "\(deposit.amount) trace \(deposit.traceNumber) on the web")
            return req.redirect(to: "/deposits", redirectType: .normal)
        } catch RecordError.invalid(let problems) {
            return try await Self.render(req, principal, notice: Forms.problemList(problems), form: form, status: .unprocessableEntity)
        } catch StoreError.duplicate {
            return try await Self.render(req, principal, notice: ExchangePages.error("this deposit (the same date, trace number and amount) is already recorded"),
                                         form: form, status: .conflict)
        }
    }

    @Sendable func importStatement(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        let form = try req.content.decode(ImportForm.self)
        var text = Forms.text(form.statement), name = "pasted statement"
        if let file = form.file, file.data.readableBytes > 0 {
            text = String(buffer: file.data)
            name = file.filename.isEmpty ? "statement.csv" : file.filename
        }
        guard !text.isEmpty else {
            return try await Self.render(req, principal, notice: ExchangePages.error("choose a statement file or paste its lines"), status: .unprocessableEntity)
        }
        do {
            let s = try await DepositRoutes.importStatement(req, principal, text: text, name: name)
            return try await Self.render(req, principal, notice: "<p role=status>\(esc(name)): \(s.recorded) deposits recorded (\(s.amountRecorded)), \(s.alreadyRecorded) already recorded.</p>")
        } catch RecordError.invalid(let problems) {
            return try await Self.render(req, principal, notice: "<p class=error>Nothing was imported.</p>" + Forms.problemList(problems), status: .unprocessableEntity)
        }
    }

    @Sendable func reconcile(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        do {
            let (_, changed) = try await DepositRoutes.reconcile(req, principal, record: true)
            return try await Self.render(req, principal, notice: "<p role=status>Reconciliation recorded: \(changed) deposit\(changed == 1 ? "" : "s") updated.</p>")
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.render(req, principal, notice: ExchangePages.error("a deposit changed while this was being done; try once more"), status: .conflict)
        }
    }

    struct DeleteForm: Content {
        /// The version the page showed; a form without one deletes the deposit as it is now.
        var version: Int?
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.record(BankDeposit.self, id: id, tenantID: principal.tenantID) else {
            throw RecordError.notFound(noun: "deposit", id: id)
        }
        let form = try req.content.decode(DeleteForm.self)
        do {
            try await DepositRoutes.remove(req, principal, id: id, version: form.version ?? stored.version)
        } catch let refusal as DepositRefusal {
            return try await Self.render(req, principal, notice: ExchangePages.error(refusal.message), status: .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.render(req, principal, notice: ExchangePages.error("the deposit changed while this was being done; try once more"), status: .conflict)
        }
        return req.redirect(to: "/deposits", redirectType: .normal)
    }
}
