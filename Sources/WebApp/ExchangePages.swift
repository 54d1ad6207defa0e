import Clearinghouse
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import Vapor
import X12

/// The pages of what goes to the clearinghouse and what comes back: batches (make, send, resubmit, their 837) and
/// received files (receive the inbox, read each file's notes, and an 835 as an explanation of benefits). They do what
/// the API's `ExchangeRoutes` do, through the same functions, with the same permissions; a refusal is shown on the
/// page in words.
struct ExchangePages: Sendable {
    func register(_ app: Application) {
        app.get("batches", use: batches)
        app.post("batches", use: makeBatches)
        app.get("batches", ":id", use: batch)
        app.post("batches", ":id", "send", use: send)
        app.post("batches", ":id", "resubmit", use: resubmit)
        app.get("received", use: receivedFiles)
        app.post("received", "receive", use: receive)
        app.get("received", ":id", use: receivedFile)
        app.post("received", "inquire", use: inquire)
    }

    // MARK: batches

    @Sendable func batches(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.batchesPage(req, principal, notice: "")
    }

    static func batchesPage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let page = try await req.store.batches(tenantID: principal.tenantID, limit: 50, cursor: try req.stringParameter("cursor", maxLength: 1024))
        var body = "<h1>Batches</h1>" + notice
        if PermissionMatrix.allows(principal.role, .claimsSubmit) {
            body += "<form method=post action=\"/batches\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += "<label><input type=checkbox name=test value=true> Test interchange (ISA15 T)</label><button>Batch ready claims</button></form>"
        }
        body += "<table><tr><th>File</th><th>Kind</th><th>Status</th><th>Claims</th><th>Total</th><th>Created</th><th>Sent</th></tr>"
        for b in page.items.map(\.value) {
            body += "<tr><td><a href=\"/batches/\(b.id)\" class=code>\(esc(b.fileName))</a></td><td>\(kind(b.kind))</td>"
            body += "<td><span class=status>\(b.status.rawValue)</span></td><td>\(b.claimIDs.count)</td><td>\(b.totalCharge.formatted)</td>"
            body += "<td>\(time(b.createdAt))</td><td>\(b.sentAt.map(time) ?? "")</td></tr>"
        }
        body += "</table>" + WorkPages.nextLink(req, page.nextCursor)
        return try await WorkPages.page(req, principal, title: "Batches", body: body, active: "/batches", status: status)
    }

    struct MakeForm: Content {
        var test: String?
    }

    /// POST /batches: the ready claims in batches, as the API's POST /api/v1/batches; the page says what was made and
    /// which claims were left out, and why.
    @Sendable func makeBatches(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        let form = try req.content.decode(MakeForm.self)
        let result: ClaimExchange.BatchingResult
        do {
            result = try await ExchangeRoutes.makeBatches(req, principal, claimIDs: nil, test: form.test == "true")
        } catch let refusal as ClaimBatchError {
            return try await Self.batchesPage(req, principal, notice: Self.error(refusal.message), status: .conflict)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.batchesPage(req, principal, notice: Self.error(Self.changedMeanwhile), status: .conflict)
        }
        var notice = result.batches.isEmpty ? "<p role=status>No claim was ready to batch.</p>"
            : "<p role=status>Made " + result.batches.map { "<a href=\"/batches/\($0.value.id)\">\(esc($0.value.fileName))</a> (\($0.value.claimIDs.count) claims)" }
                .joined(separator: ", ") + ".</p>"
        if !result.leftOut.isEmpty {
            notice += "<p class=error>Left out, still ready:</p><ul class=error role=alert>" + result.leftOut.map {
                "<li><a href=\"/claims/\($0.claimID)\" class=code>\(esc($0.patientControlNumber))</a>: \(esc($0.reason))</li>"
            }.joined() + "</ul>"
        }
        return try await Self.batchesPage(req, principal, notice: notice)
    }

    @Sendable func batch(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.batchPage(req, principal, error: nil)
    }

    static func batchPage(_ req: Request, _ principal: Principal, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        let b = try await ExchangeRoutes.storedBatch(req, principal).value
        let store = req.store, tenantID = principal.tenantID
        try await req.audit(principal, .read, entityType: "batch", entityID: b.id.uuidString, detail: "batch page")
        let payer = try await store.record(Payer.self, id: b.payerID, tenantID: tenantID)?.value
        var body = "<h1>Batch <span class=code>\(esc(b.fileName))</span> <span class=status>\(b.status.rawValue)</span></h1>"
        if let error { body += Self.error(error) }
        body += "<dl><dt>Kind</dt><dd>\(kind(b.kind))</dd><dt>Payer</dt><dd>\(esc(payer?.name ?? "?"))</dd>"
        body += "<dt>Interchange control number</dt><dd>\(b.interchangeControlNumber)</dd><dt>Total charge</dt><dd>\(b.totalCharge.formatted)</dd>"
        body += "<dt>Created</dt><dd>\(time(b.createdAt)) by \(esc(b.createdBy.displayName))</dd><dt>Sent</dt><dd>\(b.sentAt.map(time) ?? "not yet")</dd>"
        if let earlier = b.resubmissionOf { body += "<dt>Resubmits</dt><dd><a href=\"/batches/\(earlier)\">the earlier batch</a></dd>" }
        if let later = b.resubmittedAs { body += "<dt>Resubmitted as</dt><dd><a href=\"/batches/\(later)\">the later batch</a></dd>" }
        body += "</dl>"
        if PermissionMatrix.allows(principal.role, .claimsSubmit) {
            // Only the moves the batch's status allows (ClaimBatching.sent, ClaimBatching.claimsToResubmit).
            if b.status == .created { body += Self.button("/batches/\(b.id)/send", "Send to the clearinghouse", principal) }
            if b.status == .sent || b.status == .rejected {
                // A test interchange is resubmitted as a test too.
                body += Self.button("/batches/\(b.id)/resubmit", "Resubmit the claims still waiting", principal,
                                    extra: isTest(b.contents) ? "<input type=hidden name=test value=true>" : "")
            }
        }
        body += "<p><a href=\"/api/v1/batches/\(b.id)/837\" download>The 837 file</a> (as written)</p>"
        body += "<h2>Claims</h2><table><tr><th>Patient control no.</th><th>Status</th><th>Charge</th><th>Balance</th></tr>"
        for id in b.claimIDs {
            guard let c = try await store.claim(id: id, tenantID: tenantID)?.value else {
                body += "<tr><td colspan=4 class=muted>claim \(id) is no longer stored</td></tr>"
                continue
            }
            body += "<tr><td><a href=\"/claims/\(c.id)\" class=code>\(esc(c.patientControlNumber))</a></td><td><span class=status>\(c.status.rawValue)</span></td>"
            body += "<td>\(c.totals.charges.formatted)</td><td>\(c.totals.balance.formatted)</td></tr>"
        }
        body += "</table><h2>File</h2><pre class=note>\(esc(readable(b.contents)))</pre>"
        return try await WorkPages.page(req, principal, title: "Batch \(b.fileName)", body: body, active: "/batches", status: status)
    }

    @Sendable func send(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        let id = try req.uuidPathParameter()
        return try await Self.refusalsOnPage(req, principal) {
            _ = try await ExchangeRoutes.send(req, principal, batchID: id)
            return "/batches/\(id)"
        }
    }

    struct ResubmitForm: Content {
        var test: String?
    }

    @Sendable func resubmit(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        let id = try req.uuidPathParameter()
        let form = try req.content.decode(ResubmitForm.self)
        return try await Self.refusalsOnPage(req, principal) {
            let made = try await ExchangeRoutes.resubmit(req, principal, batchID: id, test: form.test == "true")
            guard made.leftOut.isEmpty else { throw ResubmittedWithout(made) }
            return "/batches/\(made.batch.value.id)"
        }
    }

    /// Runs a batch's move and goes where it says; a refusal (the status does not allow it, the clearinghouse folder
    /// cannot be reached, someone changed a claim meanwhile) shows the batch page again with the reason.
    static func refusalsOnPage(_ req: Request, _ principal: Principal, _ move: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: try await move(), redirectType: .normal)
        } catch let partly as ResubmittedWithout {
            // Made, but not with every claim: the old batch's page says which stayed behind and why.
            return try await batchPage(req, principal, error: partly.message, status: .ok)
        } catch let refusal as ClaimBatchError {
            return try await batchPage(req, principal, error: refusal.message, status: .conflict)
        } catch let transport as TransportError {
            return try await batchPage(req, principal, error: "the clearinghouse could not be reached: \(transport.description)", status: .serviceUnavailable)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await batchPage(req, principal, error: changedMeanwhile, status: .conflict)
        }
    }

    static let changedMeanwhile = "a claim or the batch changed while this was being done; nothing was saved. Look again and try once more."

    // MARK: received files

    @Sendable func receivedFiles(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.receivedPage(req, principal, notice: "")
    }

    static func receivedPage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let kind = try req.stringParameter("kind", maxLength: 10).flatMap { raw -> ReceivedFileKind? in
            guard !raw.isEmpty else { return nil }
            guard let kind = ReceivedFileKind(rawValue: raw) else {
                throw APIError.invalidParameter(name: "kind", message: "kind is one of " + ReceivedFileKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return kind
        }
        let page = try await req.store.receivedFiles(tenantID: principal.tenantID, kind: kind, limit: 50,
                                                     cursor: try req.stringParameter("cursor", maxLength: 1024))
        var body = "<h1>Received files\(kind.map { " · \($0.rawValue)" } ?? "")</h1>" + notice
        if PermissionMatrix.allows(principal.role, .paymentsPost) {
            body += "<form method=post action=\"/received/receive\" class=feesheet>\(WorkPages.csrfField(principal))<button>Receive from clearinghouse</button></form>"
        }
        if PermissionMatrix.allows(principal.role, .claimsSubmit) {
            body += "<form method=post action=\"/received/inquire\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += "<label>Ask payers (276) about claims with no answer for <input name=days type=number min=1 max=365 value=30 size=4> days</label><button>Ask</button></form>"
        }
        body += "<p>" + (["all"] + ReceivedFileKind.allCases.map(\.rawValue)).map { k in
            "<a href=\"/received\(k == "all" ? "" : "?kind=\(k)")\"\(k == (kind?.rawValue ?? "all") ? " aria-current=page" : "")>\(k)</a>"
        }.joined(separator: " · ") + "</p>"
        body += "<table><tr><th>Name</th><th>Kind</th><th>Received</th><th>What it did</th></tr>"
        for f in page.items.map(\.value) {
            body += "<tr><td><a href=\"/received/\(f.id)\" class=code>\(esc(f.name))</a></td><td>\(f.kind.rawValue)</td>"
            body += "<td>\(time(f.receivedAt))</td><td>\(esc(counts(f.counts)))</td></tr>"
        }
        body += "</table>" + WorkPages.nextLink(req, page.nextCursor)
        return try await WorkPages.page(req, principal, title: "Received files", body: body, active: "/received", status: status)
    }

    struct InquireForm: Content {
        var days: Int?
    }

    /// POST /received/inquire: the 276s, as the API's POST /api/v1/clearinghouse/status-inquiries; the page says what
    /// was asked.
    @Sendable func inquire(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        let days = (try? req.content.decode(InquireForm.self))?.days ?? 30
        guard (1...365).contains(days) else {
            return try await Self.receivedPage(req, principal, notice: Self.error("the days are 1 to 365; got \(days)"), status: .badRequest)
        }
        let answer: ExchangeRoutes.InquireAnswer
        do {
            answer = try await ExchangeRoutes.inquire(req, principal, days: days)
        } catch let transport as TransportError {
            return try await Self.receivedPage(req, principal, notice: Self.error("the clearinghouse could not be reached: \(transport.description)"),
                                               status: .serviceUnavailable)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.receivedPage(req, principal, notice: Self.error(Self.changedMeanwhile), status: .conflict)
        }
        let asked = answer.inquiries.map(\.claimIDs.count).reduce(0, +)
        var notice = "<p role=status>" + (answer.inquiries.isEmpty ? "No claim has waited \(days) days without an answer."
            : "Asked about \(asked) claim\(asked == 1 ? "" : "s") in " + answer.inquiries.map { esc($0.fileName) }.joined(separator: ", ") + "; the 277s come back with the next receive.") + "</p>"
        if !answer.skipped.isEmpty {
            notice += "<ul class=error role=alert>" + answer.skipped.map { "<li><a href=\"/claims/\($0.claimID)\" class=code>\(esc($0.patientControlNumber))</a>: \(esc($0.reason))</li>" }.joined() + "</ul>"
        }
        return try await Self.receivedPage(req, principal, notice: notice)
    }

    /// POST /received/receive: the clearinghouse inbox, as the API's POST /api/v1/clearinghouse/receive.
    @Sendable func receive(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        let answer: ExchangeRoutes.ReceiveAnswer
        do {
            answer = try await ExchangeRoutes.receiveInbox(req, principal)
        } catch let transport as TransportError {
            return try await Self.receivedPage(req, principal, notice: Self.error("the clearinghouse could not be reached: \(transport.description)"),
                                               status: .serviceUnavailable)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.receivedPage(req, principal, notice: Self.error(Self.changedMeanwhile), status: .conflict)
        }
        var notice = answer.files.isEmpty && answer.errors.isEmpty ? "<p role=status>Nothing new from the clearinghouse.</p>"
            : "<p role=status>Received: " + answer.files.map { f in
                "<a href=\"/received/\(f.id)\">\(esc(f.name))</a> (\(f.kind.rawValue)\(f.duplicate == true ? ", already received" : ""))"
            }.joined(separator: ", ") + ".</p>"
        if !answer.errors.isEmpty {
            notice += "<p class=error>Could not be read, left in the inbox:</p><ul class=error role=alert>" + answer.errors.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        }
        return try await Self.receivedPage(req, principal, notice: notice)
    }

    @Sendable func receivedFile(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let id = try req.uuidPathParameter()
        let store = req.store, tenantID = principal.tenantID
        guard let f = try await store.receivedFile(id: id, tenantID: tenantID)?.value else { throw RecordError.notFound(noun: "received file", id: id) }
        try await req.audit(principal, .read, entityType: "received_file", entityID: id.uuidString, detail: "received file page")
        var body = "<h1><span class=code>\(esc(f.name))</span> <span class=status>\(f.kind.rawValue)</span></h1>"
        body += "<dl><dt>Received</dt><dd>\(Self.time(f.receivedAt)) by \(esc(f.receivedBy.displayName))</dd><dt>Counts</dt><dd>\(esc(Self.counts(f.counts)))</dd></dl>"
        if !f.notes.isEmpty { body += "<h2>Notes</h2><ul>" + f.notes.map { "<li>\(esc($0))</li>" }.joined() + "</ul>" }
        if f.kind == .remittance {
            let queued = try await store.postingExceptions(tenantID: tenantID, query: PostingExceptionQuery(receivedFileID: f.id, limit: RecordQuery.maximumLimit))
            if !queued.items.isEmpty {
                let open = queued.items.filter { $0.value.status == .open }.count
                body += "<p><a href=\"/posting-exceptions\">Posting exceptions</a>: \(queued.items.count) item\(queued.items.count == 1 ? "" : "s") of this file "
                body += "went to the queue, \(open) still open.</p>"
            }
        }
        var claimsByNumber: [String: UUID] = [:]
        if !f.claimIDs.isEmpty {
            body += "<h2>Claims it changed</h2><table><tr><th>Patient control no.</th><th>Status now</th><th>Charge</th><th>Balance</th></tr>"
            for claimID in f.claimIDs {
                guard let c = try await store.claim(id: claimID, tenantID: tenantID)?.value else { continue }
                claimsByNumber[c.patientControlNumber] = c.id
                body += "<tr><td><a href=\"/claims/\(c.id)\" class=code>\(esc(c.patientControlNumber))</a></td><td><span class=status>\(c.status.rawValue)</span></td>"
                body += "<td>\(c.totals.charges.formatted)</td><td>\(c.totals.balance.formatted)</td></tr>"
            }
            body += "</table>"
        }
        if f.kind == .remittance {
            // Every claim the payer names is linked, also one this file could not post to.
            let read = RemittanceView.read(f.contents)
            let named = Set((try? read.get())?.flatMap { $0.claims.map(\.claimId) } ?? []).subtracting(claimsByNumber.keys)
            for c in try await store.claims(patientControlNumbers: named.sorted(), tenantID: tenantID) { claimsByNumber[c.value.patientControlNumber] = c.value.id }
            body += RemittanceView.html(read, claims: claimsByNumber)
        }
        body += "<h2>File</h2><pre class=note>\(esc(Self.readable(f.contents)))</pre>"
        return try await WorkPages.page(req, principal, title: f.name, body: body, active: "/received")
    }

    // MARK: the claim page's files

    /// The batches and received files that touched a claim, for the claim page.
    static func filesSection(_ documents: [ClaimDocument]) -> String {
        var html = "<h2>Files</h2>"
        guard !documents.isEmpty else { return html + "<p class=muted>No file has carried this claim yet.</p>" }
        html += "<table class=compact><tr><th>Kind</th><th>Name</th><th>When</th></tr>"
        for d in documents {
            let path = d.kind == "837" ? "/batches/\(d.documentID)" : "/received/\(d.documentID)"
            html += "<tr><td>\(esc(d.kind))</td><td><a href=\"\(path)\" class=code>\(esc(d.name))</a></td><td>\(time(d.at))</td></tr>"
        }
        return html + "</table>"
    }

    // MARK: helpers

    static func error(_ message: String) -> String { "<p class=error role=alert>\(esc(message))</p>" }

    static func button(_ action: String, _ label: String, _ principal: Principal, extra: String = "") -> String {
        "<form method=post action=\"\(action)\" class=inline>\(WorkPages.csrfField(principal))\(extra)<button>\(esc(label))</button></form> "
    }

    /// True when the interchange is marked a test (ISA15 T); the ISA's element separator is its 4th character.
    static func isTest(_ contents: String) -> Bool {
        guard contents.hasPrefix("ISA"), let separator = contents.dropFirst(3).first else { return false }
        let elements = contents.prefix(106).split(separator: separator, omittingEmptySubsequences: false)
        return elements.count > 15 && elements[15] == "T"
    }

    static func kind(_ kind: ClaimKind) -> String { kind == .professional ? "837P" : "837I" }

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func counts(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// An X12 file one segment a line, when it came as one long line: the segment terminator is the character after
    /// ISA16 (the 106th).
    static func readable(_ contents: String) -> String {
        let scalars = Array(contents.unicodeScalars.prefix(107))
        guard contents.hasPrefix("ISA"), scalars.count >= 106, !contents.contains("\n") else { return contents }
        let terminator = String(scalars[105])
        guard terminator != " ", !terminator.isEmpty else { return contents }
        return contents.replacingOccurrences(of: terminator, with: terminator + "\n")
    }
}

/// A resubmission made without some of the claims (see `ClaimExchange.resubmit`): shown on the batch page, not an error.
struct ResubmittedWithout: Error {
    var message: String

    init(_ made: ClaimExchange.Resubmission) {
        message = "Resubmitted as batch \(made.batch.value.interchangeControlNumber) (\(made.batch.value.fileName)), without "
            + made.leftOut.map { "\($0.patientControlNumber): \($0.reason)" }.joined(separator: "; ")
    }
}
