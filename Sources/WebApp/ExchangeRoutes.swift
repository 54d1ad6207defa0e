import ClaimEdits
import Clearinghouse
import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// Batches and what comes back: `/api/v1/batches` (make from ready claims, list, read, the 837, send, resubmit),
/// `/api/v1/received-files` (read an X12 answer or 835 posted by hand; list; read), `POST /api/v1/clearinghouse/receive`
/// (the inbox of the configured drop folder) and `GET /api/v1/claims/{id}/documents` (every file that touched a claim).
struct ExchangeRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table += [
            RouteRule(method: .POST, path: "/api/v1/batches", permission: .claimsSubmit),
            RouteRule(method: .GET, path: "/api/v1/batches", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/batches/:id", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/batches/:id/837", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/batches/:id/send", permission: .claimsSubmit),
            RouteRule(method: .POST, path: "/api/v1/batches/:id/resubmit", permission: .claimsSubmit),
            RouteRule(method: .POST, path: "/api/v1/clearinghouse/receive", permission: .paymentsPost),
            RouteRule(method: .POST, path: "/api/v1/received-files", permission: .paymentsPost),
            RouteRule(method: .GET, path: "/api/v1/received-files", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/received-files/:id", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/claims/:id/documents", permission: .claimsRead),
            RouteRule(method: .POST, path: "/api/v1/clearinghouse/status-inquiries", permission: .claimsSubmit),
            RouteRule(method: .GET, path: "/api/v1/status-inquiries", permission: .claimsRead),
            RouteRule(method: .GET, path: "/api/v1/status-inquiries/:id", permission: .claimsRead),
        ]
        api.post("batches", use: makeBatches)
        api.get("batches", use: listBatches)
        api.get("batches", ":id", use: batch)
        api.get("batches", ":id", "837", use: batchFile)
        api.post("batches", ":id", "send", use: send)
        api.post("batches", ":id", "resubmit", use: resubmit)
        api.post("clearinghouse", "receive", use: receiveInbox)
        api.on(.POST, "received-files", body: .collect(maxSize: "64mb"), use: receiveFile)
        api.get("received-files", use: listFiles)
        api.get("received-files", ":id", use: file)
        api.get("claims", ":id", "documents", use: documents)
        api.post("clearinghouse", "status-inquiries", use: inquire)
        api.get("status-inquiries", use: listInquiries)
        api.get("status-inquiries", ":id", use: inquiry)
    }

    struct BatchBody: Content {
        var id: UUID
        var kind: ClaimKind
        var payerID: UUID
        var interchangeControlNumber: Int
        var fileName: String
        var status: ClaimBatchStatus
        var claimIDs: [UUID]
        var totalCharge: Money
        var createdAt: Date
        var createdBy: String
        var sentAt: Date?
        var resubmissionOf: UUID?
        var resubmittedAs: UUID?
        var version: Int
        /// A resubmission's answer only: the waiting claims it left out, with the reason.
        var leftOut: [ClaimExchange.LeftOut]? = nil

        init(_ stored: Stored<ClaimBatch>) {
            let b = stored.value
            id = b.id; kind = b.kind; payerID = b.payerID; interchangeControlNumber = b.interchangeControlNumber; fileName = b.fileName
            status = b.status; claimIDs = b.claimIDs; totalCharge = b.totalCharge; createdAt = b.createdAt; createdBy = b.createdBy.displayName
            sentAt = b.sentAt; resubmissionOf = b.resubmissionOf; resubmittedAs = b.resubmittedAs; version = stored.version
        }
    }

    struct FileBody: Content {
        var id: UUID
        var kind: ReceivedFileKind
        var name: String
        var fingerprint: String
        var receivedAt: Date
        var receivedBy: String
        var counts: [String: Int]
        var notes: [String]
        var claimIDs: [UUID]
        /// The file itself, on a single file's answer only.
        var contents: String?
        /// True when the same contents had been received before and nothing changed.
        var duplicate: Bool?

        init(_ f: ReceivedFile, withContents: Bool, duplicate: Bool? = nil) {
            id = f.id; kind = f.kind; name = f.name; fingerprint = f.fingerprint; receivedAt = f.receivedAt; receivedBy = f.receivedBy.displayName
            counts = f.counts; notes = f.notes; claimIDs = f.claimIDs; contents = withContents ? f.contents : nil; self.duplicate = duplicate
        }
    }

    struct MakeRequest: Content {
        var claimIDs: [UUID]?
    }

    struct MakeAnswer: Content {
        var batches: [BatchBody]
        var leftOut: [ClaimExchange.LeftOut]
    }

    static func exchange(_ req: Request, _ principal: Principal, test: Bool = false) -> ClaimExchange {
        ClaimExchange(store: req.store, actor: principal.claimActor, usage: test ? "T" : "P")
    }

    static func transport(_ req: Request) throws -> DropFolderTransport {
        try DropFolderTransport(root: req.state.configuration.clearinghouseDirectory)
    }

    /// POST /api/v1/batches: the ready claims (all, or `claimIDs`) in batches; each claim is scrubbed first and one with
    /// errors is left out, with them. `?test=true` marks the interchanges as tests.
    @Sendable func makeBatches(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        return try await Idempotency.run(req, principal) {
            let body = req.body.data == nil ? MakeRequest(claimIDs: nil) : try req.content.decode(MakeRequest.self)
            let test = try req.query.get(Bool?.self, at: "test") ?? false
            let result = try await Self.makeBatches(req, principal, claimIDs: body.claimIDs, test: test)
            return (.created, try jsonEncoder.encode(MakeAnswer(batches: result.batches.map(BatchBody.init), leftOut: result.leftOut)))
        }
    }

    /// The ready claims (all, or `claimIDs`) in batches, each scrubbed first, and audited: for the API and the batches page.
    static func makeBatches(_ req: Request, _ principal: Principal, claimIDs: [UUID]?, test: Bool) async throws -> ClaimExchange.BatchingResult {
        let today = req.state.today()
        let scrubber = req.state.scrubber
        let store = req.store
        let result = try await exchange(req, principal, test: test).batchReadyClaims(tenantID: principal.tenantID, claimIDs: claimIDs, at: Date()) { records in
            let others = try await records.otherClaims(in: store)
            let edits = scrubber.scrub(ScrubClaim(records, filingDate: records.claim.filingDate(today: today)), others: others)
            return ClaimScrubbing.errorsBlocking(move: .batched, edits).map { "\($0.id): \($0.message)" }
        }
        for batch in result.batches {
            try await req.audit(principal, .create, entityType: "batch", entityID: batch.value.id.uuidString,
                                detail: "\(batch.value.fileName): \(batch.value.claimIDs.count) claims")
        }
        return result
    }

    @Sendable func listBatches(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let page = try await req.store.batches(tenantID: principal.tenantID, limit: try req.intParameter("limit", range: 1...200, default: 50),
                                               cursor: try req.stringParameter("cursor", maxLength: 1024))
        return try jsonResponse(ListBody(items: page.items.map(BatchBody.init), nextCursor: page.nextCursor))
    }

    struct ListBody<Item: Encodable>: Encodable {
        var items: [Item]
        var nextCursor: String?
    }

    static func storedBatch(_ req: Request, _ principal: Principal) async throws -> Stored<ClaimBatch> {
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.batch(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "batch", id: id) }
        return stored
    }

    @Sendable func batch(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try jsonResponse(BatchBody(try await Self.storedBatch(req, principal)))
    }

    @Sendable func batchFile(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let batch = try await Self.storedBatch(req, principal).value
        try await req.audit(principal, .read, entityType: "batch", entityID: batch.id.uuidString, detail: "837 file")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/edi-x12")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(batch.fileName)\"")
        return Response(status: .ok, headers: headers, body: .init(string: batch.contents))
    }

    /// POST /api/v1/batches/{id}/send: the batch into the clearinghouse outbox; its claims are submitted.
    @Sendable func send(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        return try jsonResponse(BatchBody(try await Self.send(req, principal, batchID: try req.uuidPathParameter())))
    }

    /// The batch into the clearinghouse outbox, audited: for the API and the batch page.
    static func send(_ req: Request, _ principal: Principal, batchID id: UUID) async throws -> Stored<ClaimBatch> {
        let sent = try await exchange(req, principal).send(batchID: id, tenantID: principal.tenantID, through: try transport(req), at: Date())
        try await req.audit(principal, .update, entityType: "batch", entityID: id.uuidString, detail: "sent \(sent.value.fileName)")
        return sent
    }

    /// POST /api/v1/batches/{id}/resubmit: a new batch (not yet sent) with the claims still waiting on the clearinghouse.
    @Sendable func resubmit(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        let made = try await Self.resubmit(req, principal, batchID: try req.uuidPathParameter(), test: try req.query.get(Bool?.self, at: "test") ?? false)
        var body = BatchBody(made.batch)
        body.leftOut = made.leftOut
        return try jsonResponse(body, status: .created)
    }

    /// A new batch with the claims still waiting, audited: for the API and the batch page.
    static func resubmit(_ req: Request, _ principal: Principal, batchID id: UUID, test: Bool) async throws -> ClaimExchange.Resubmission {
        let made = try await exchange(req, principal, test: test).resubmit(batchID: id, tenantID: principal.tenantID, at: Date())
        try await req.audit(principal, .create, entityType: "batch", entityID: made.batch.value.id.uuidString,
                            detail: "resubmission of batch \(id)" + (made.leftOut.isEmpty ? "" : ", \(made.leftOut.count) claims left out"))
        return made
    }

    static func words(_ req: Request) -> ClaimStatusWords? { req.state.claimStatusWords }

    struct ReceiveAnswer: Content {
        var files: [FileBody]
        /// Files in the inbox for this practice that could not be read; they stay there.
        var errors: [String]
    }

    /// POST /api/v1/clearinghouse/receive: every inbox file addressed to the practice, applied and taken.
    @Sendable func receiveInbox(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        return try jsonResponse(try await Self.receiveInbox(req, principal))
    }

    /// Every inbox file addressed to the practice, applied, taken and audited: for the API and the received-files page.
    static func receiveInbox(_ req: Request, _ principal: Principal) async throws -> ReceiveAnswer {
        let results = try await exchange(req, principal).receiveInbox(try transport(req), tenantID: principal.tenantID, at: Date(),
                                                                      postedOn: req.state.today(), words: words(req))
        var answer = ReceiveAnswer(files: [], errors: [])
        for result in results {
            switch result {
            case .success(let outcome):
                if case .duplicate = outcome { answer.files.append(FileBody(outcome.file.value, withContents: false, duplicate: true)); continue }
                answer.files.append(FileBody(outcome.file.value, withContents: false, duplicate: false))
                try await req.audit(principal, .create, entityType: "received_file", entityID: outcome.file.value.id.uuidString, detail: outcome.file.value.name)
            case .failure(let error): answer.errors.append(error.description)
            }
        }
        return answer
    }

    /// POST /api/v1/received-files?name=FILE: one X12 file in the body (an 835 to post, or a 999, 277CA, 277, TA1).
    @Sendable func receiveFile(_ req: Request) async throws -> Response {
        let principal = try await req.require(.paymentsPost)
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw APIError.invalidParameter(name: "body", message: "send the X12 file as the request body")
        }
        let name = try req.stringParameter("name") ?? "upload-\(Int(Date().timeIntervalSince1970)).x12"
        let outcome = try await Self.exchange(req, principal).receive(name: name, contents: String(buffer: buffer), tenantID: principal.tenantID,
                                                                     at: Date(), postedOn: req.state.today(), words: Self.words(req))
        if case .duplicate(let earlier) = outcome { return try jsonResponse(FileBody(earlier.value, withContents: false, duplicate: true)) }
        try await req.audit(principal, .create, entityType: "received_file", entityID: outcome.file.value.id.uuidString, detail: name)
        return try jsonResponse(FileBody(outcome.file.value, withContents: false, duplicate: false), status: .created)
    }

    @Sendable func listFiles(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let kind = try req.stringParameter("kind").map { raw in
            guard let kind = ReceivedFileKind(rawValue: raw) else {
                throw APIError.invalidParameter(name: "kind", message: "kind is one of " + ReceivedFileKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return kind
        }
        let page = try await req.store.receivedFiles(tenantID: principal.tenantID, kind: kind, limit: try req.intParameter("limit", range: 1...200, default: 50),
                                                     cursor: try req.stringParameter("cursor", maxLength: 1024))
        return try jsonResponse(ListBody(items: page.items.map { FileBody($0.value, withContents: false) }, nextCursor: page.nextCursor))
    }

    @Sendable func file(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.receivedFile(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "received file", id: id) }
        return try jsonResponse(FileBody(stored.value, withContents: true))
    }

    @Sendable func documents(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let claim = try await ClaimRoutes.claim(req, principal).value
        return try jsonResponse(try await req.store.claimDocuments(claimID: claim.id, tenantID: principal.tenantID))
    }

    // MARK: status inquiries

    struct InquiryBody: Content {
        var id: UUID
        var payerID: UUID
        var interchangeControlNumber: Int
        var fileName: String
        var claimIDs: [UUID]
        var createdAt: Date
        var createdBy: String
        /// The 276, on a single inquiry's answer only.
        var contents: String?

        init(_ i: StatusInquiry, withContents: Bool) {
            id = i.id; payerID = i.payerID; interchangeControlNumber = i.interchangeControlNumber; fileName = i.fileName; claimIDs = i.claimIDs
            createdAt = i.createdAt; createdBy = i.createdBy.displayName; contents = withContents ? i.contents : nil
        }
    }

    struct InquireAnswer: Content {
        var inquiries: [InquiryBody]
        var skipped: [ClaimExchange.LeftOut]
    }

    /// POST /api/v1/clearinghouse/status-inquiries?days=N: a 276 to each payer about the claims it has not answered for
    /// N days (default 30), into the clearinghouse outbox.
    @Sendable func inquire(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsSubmit)
        let answer = try await Self.inquire(req, principal, days: try req.intParameter("days", range: 1...365, default: 30))
        return try jsonResponse(answer, status: .created)
    }

    /// The 276s, sent and audited: for the API and the received-files page.
    static func inquire(_ req: Request, _ principal: Principal, days: Int) async throws -> InquireAnswer {
        let (inquiries, skipped) = try await exchange(req, principal).inquire(tenantID: principal.tenantID, waitingDays: days, asOf: req.state.today(),
                                                                             through: try transport(req), at: Date())
        for i in inquiries {
            try await req.audit(principal, .create, entityType: "status_inquiry", entityID: i.value.id.uuidString, detail: "\(i.value.fileName): \(i.value.claimIDs.count) claims")
        }
        return InquireAnswer(inquiries: inquiries.map { InquiryBody($0.value, withContents: false) }, skipped: skipped)
    }

    @Sendable func listInquiries(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let page = try await req.store.statusInquiries(tenantID: principal.tenantID, limit: try req.intParameter("limit", range: 1...200, default: 50),
                                                       cursor: try req.stringParameter("cursor", maxLength: 1024))
        return try jsonResponse(ListBody(items: page.items.map { InquiryBody($0.value, withContents: false) }, nextCursor: page.nextCursor))
    }

    @Sendable func inquiry(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.statusInquiry(id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "status inquiry", id: id) }
        return try jsonResponse(InquiryBody(stored.value, withContents: true))
    }
}
