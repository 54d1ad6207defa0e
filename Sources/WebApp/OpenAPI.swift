import ClaimEdits
import Coding
import Foundation
import RevenueCycle
import Vapor

/// GET /openapi.json: the OpenAPI 3.1 description of every endpoint. A test checks that each registered route
/// appears here, so the document cannot fall behind the code.
@Sendable func openAPI(_ req: Request) async throws -> Response {
    var headers = HTTPHeaders()
    headers.contentType = .json
    return Response(status: .ok, headers: headers, body: .init(string: req.state.openAPIDocument))
}

/// The document: the hand-written part below, plus the revenue-cycle routes described from the route table (their
/// permission, paging, idempotency and versioning), with an example of each record taken from the demo data so the
/// examples always have the fields the code reads.
enum OpenAPIDocument {
    static func build(routeTable: [RouteRule], recordKinds: [(path: String, noun: String, example: (any Encodable)?)]) -> String {
        guard var document = (try? JSONSerialization.jsonObject(with: Data(handWrittenOpenAPIDocument.utf8))) as? [String: Any],
              var paths = document["paths"] as? [String: Any], var components = document["components"] as? [String: Any],
              var schemas = components["schemas"] as? [String: Any], var responses = components["responses"] as? [String: Any] else {
            return handWrittenOpenAPIDocument
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        func example(_ value: any Encodable) -> Any? {
            (try? encoder.encode(value)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
        }
        func json(_ schema: [String: Any]) -> [String: Any] { ["content": ["application/json": ["schema": schema]]] }
        let error: [String: Any] = ["$ref": "#/components/schemas/Error"]
        responses["Unauthorized"] = ["description": "Not signed in: send Authorization: Bearer <token> from POST /api/v1/auth/token"].merging(json(error)) { a, _ in a }
        responses["Forbidden"] = ["description": "The role lacks the permission the operation needs"].merging(json(error)) { a, _ in a }
        responses["NotFound"] = ["description": "No such record in the caller's practice (records of other practices are never found)"].merging(json(error)) { a, _ in a }
        responses["Invalid"] = ["description": "The body is not acceptable; error.problems lists each field and what was expected"].merging(json(error)) { a, _ in a }
        responses["Conflict"] = ["description": "The record changed since it was read, or the change is not allowed now (the message says why)"].merging(json(error)) { a, _ in a }
        components["securitySchemes"] = ["bearer": ["type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/auth/token; the web pages use a session cookie instead"]]
        schemas["FieldProblem"] = ["type": "object", "properties": ["field": ["type": "string"], "message": ["type": "string"]]]
        if var errorSchema = schemas["Error"] as? [String: Any], var errorProperties = errorSchema["properties"] as? [String: Any],
           var inner = errorProperties["error"] as? [String: Any], var innerProperties = inner["properties"] as? [String: Any] {
            innerProperties["problems"] = ["type": "array", "items": ["$ref": "#/components/schemas/FieldProblem"]]
            inner["properties"] = innerProperties; errorProperties["error"] = inner; errorSchema["properties"] = errorProperties
            schemas["Error"] = errorSchema
        }
        let idempotencyKey: [String: Any] = ["name": "Idempotency-Key", "in": "header", "schema": ["type": "string", "maxLength": 255],
                                             "description": "Send the same key to retry safely: the first answer comes back and nothing is created twice"]
        let ifMatch: [String: Any] = ["name": "If-Match", "in": "header", "required": true, "schema": ["type": "string"],
                                      "description": "The version (ETag) the record was read at"]
        let idParameter: [String: Any] = ["name": "id", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
        func page(_ name: String) -> [[String: Any]] {
            [["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": RecordQuery.maximumLimit, "default": 50]],
             ["name": "cursor", "in": "query", "schema": ["type": "string"], "description": "nextCursor of the previous page of \(name)"]]
        }
        func operation(_ rule: RouteRule, _ summary: String, parameters: [[String: Any]] = [], body: [String: Any]? = nil,
                       ok: (String, String, [String: Any])) -> [String: Any] {
            var op: [String: Any] = ["summary": summary, "parameters": parameters]
            if let permission = rule.permission {
                op["security"] = [["bearer": [String]()]]
                op["description"] = "Needs the permission \(permission.rawValue) (roles: \(Role.allCases.filter { PermissionMatrix.allows($0, permission) }.map(\.rawValue).joined(separator: ", ")))."
            }
            if let body { op["requestBody"] = ["required": true].merging(json(body)) { a, _ in a } }
            var answers: [String: Any] = [ok.0: ["description": ok.1].merging(json(ok.2)) { a, _ in a },
                                          "400": ["$ref": "#/components/responses/BadRequest"]]
            if rule.permission != nil {
                answers["401"] = ["$ref": "#/components/responses/Unauthorized"]
                answers["403"] = ["$ref": "#/components/responses/Forbidden"]
            }
            if rule.path.contains(":id") { answers["404"] = ["$ref": "#/components/responses/NotFound"] }
            if [.POST, .PUT].contains(rule.method) {
                answers["422"] = ["$ref": "#/components/responses/Invalid"]
                answers["409"] = ["$ref": "#/components/responses/Conflict"]
            }
            op["responses"] = answers
            return op
        }
        for (path, noun, sample) in recordKinds {
            var recordSchema: [String: Any] = ["type": "object", "description": "A \(noun). id and tenantID are set by the server."]
            if let sample, let value = example(sample) { recordSchema["example"] = value }
            let name = noun.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            schemas[name] = recordSchema
            let envelope: [String: Any] = ["type": "object", "properties": ["record": ["$ref": "#/components/schemas/\(name)"],
                                           "version": ["type": "integer"], "createdAt": ["type": "string", "format": "date-time"],
                                           "updatedAt": ["type": "string", "format": "date-time"]]]
            let list: [String: Any] = ["type": "object", "properties": ["data": ["type": "array", "items": envelope], "nextCursor": ["type": "string"]]]
            let ref: [String: Any] = ["$ref": "#/components/schemas/\(name)"]
            var collection: [String: Any] = [:], item: [String: Any] = [:]
            for rule in routeTable where rule.path == "/api/v1/\(path)" || rule.path == "/api/v1/\(path)/:id" {
                switch (rule.method, rule.path.hasSuffix(":id")) {
                case (.GET, false):
                    collection["get"] = operation(rule, "List \(noun) records", parameters: [
                        ["name": "search", "in": "query", "schema": ["type": "string"], "description": "Words each starting a word of the record (names, numbers, codes)"],
                        ["name": "patient", "in": "query", "schema": ["type": "string", "format": "uuid"]],
                        ["name": "encounter", "in": "query", "schema": ["type": "string", "format": "uuid"]],
                        ["name": "status", "in": "query", "schema": ["type": "string"]],
                    ] + page(noun), ok: ("200", "One page", list))
                case (.POST, false):
                    collection["post"] = operation(rule, "Create a \(noun)", parameters: [idempotencyKey], body: ref, ok: ("201", "Created", envelope))
                case (.GET, true):
                    item["get"] = operation(rule, "Read a \(noun)", parameters: [idParameter], ok: ("200", "The record; ETag is its version", envelope))
                case (.PUT, true):
                    item["put"] = operation(rule, "Replace a \(noun)", parameters: [idParameter, ifMatch], body: ref, ok: ("200", "Replaced; ETag is the new version", envelope))
                default: break
                }
            }
            paths["/api/v1/\(path)"] = collection
            paths["/api/v1/\(path)/{id}"] = item
        }
        let rule = { (method: HTTPMethod, path: String) in routeTable.first { $0.method == method && $0.path == path } ?? RouteRule(method: method, path: path, permission: nil) }
        let claimBody: [String: Any] = ["type": "object", "description": "The claim (lines with their line item control numbers, diagnoses, ledger), its status, history (who, when, from, to, why, source), totals (charges = payments + adjustments + patient responsibility + balance, in cents) and the statuses it may move to"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"], cents: [String: Any] = ["type": "integer", "description": "cents"]
        let statusSchema: [String: Any] = ["type": "string", "enum": ClaimStatus.allCases.map(\.rawValue)]
        let claimRow: [String: Any] = [
            "type": "object",
            "description": "A worklist row: the claim's summary and what may happen next; lines, diagnoses, ledger and history are in GET /api/v1/claims/{id}",
            "properties": [
                "claim": ["type": "object", "properties": [
                    "id": uuid, "tenantID": uuid, "kind": ["type": "string", "enum": ClaimKind.allCases.map(\.rawValue)], "status": statusSchema,
                    "frequency": ["type": "string", "enum": ClaimFrequency.allCases.map(\.rawValue)], "patientControlNumber": ["type": "string"],
                    "patientID": uuid, "payerID": uuid, "encounterID": uuid, "coverageID": uuid,
                    "serviceFrom": ["type": "string", "format": "date"], "serviceThrough": ["type": "string", "format": "date"],
                    "totalCharge": cents, "payments": cents, "adjustments": cents, "patientResponsibility": cents, "balance": cents,
                    "statusChangedAt": ["type": "string", "format": "date-time"],
                    "statusChanges": ["type": "integer", "description": "how many status changes its history holds"]]] as [String: Any],
                "status": statusSchema, "outstanding": ["type": "integer", "description": "balance + patient responsibility, in cents"],
                "allowedTransitions": ["type": "array", "items": statusSchema], "version": ["type": "integer"],
                "createdAt": ["type": "string", "format": "date-time"], "updatedAt": ["type": "string", "format": "date-time"]] as [String: Any]]
        paths["/api/v1/claims"] = [
            "get": operation(rule(.GET, "/api/v1/claims"), "A worklist of claims, the longest waiting first, as summary rows", parameters: [
                ["name": "status", "in": "query", "schema": ["type": "string"], "description": "Comma-separated: \(ClaimStatus.allCases.map(\.rawValue).joined(separator: ", "))"],
                ["name": "payer", "in": "query", "schema": ["type": "string", "format": "uuid"]],
                ["name": "patient", "in": "query", "schema": ["type": "string", "format": "uuid"]],
                ["name": "encounter", "in": "query", "schema": ["type": "string", "format": "uuid"]],
                ["name": "serviceFrom", "in": "query", "schema": ["type": "string", "format": "date"]],
                ["name": "serviceThrough", "in": "query", "schema": ["type": "string", "format": "date"]],
                ["name": "minOutstandingCents", "in": "query", "schema": ["type": "integer", "minimum": 0]],
            ] + page("claims"), ok: ("200", "One page", ["type": "object", "properties": ["data": ["type": "array", "items": claimRow], "nextCursor": ["type": "string"]]])),
            "post": operation(rule(.POST, "/api/v1/claims"), "Build a claim from a coded encounter and its charges", parameters: [idempotencyKey],
                              body: ["type": "object", "required": ["encounterID"], "properties": [
                                "encounterID": ["type": "string", "format": "uuid"],
                                "coverageID": ["type": "string", "format": "uuid", "description": "Default: the patient's coverage in force on the date of service, lowest order first"],
                                "frequency": ["type": "string", "enum": ClaimFrequency.allCases.map(\.rawValue)],
                                "payerClaimControlNumber": ["type": "string", "description": "Required for replacement (7) and void (8)"]]],
                              ok: ("201", "The new claim, in draft", claimBody)),
        ]
        paths["/api/v1/claims/{id}"] = ["get": operation(rule(.GET, "/api/v1/claims/:id"), "A claim with its history and money", parameters: [idParameter], ok: ("200", "The claim", claimBody))]
        paths["/api/v1/claims/{id}/transitions"] = ["post": operation(rule(.POST, "/api/v1/claims/:id/transitions"),
            "Move a claim to another status (batched and submitted need claims.submit); a move to ready, batched or submitted scrubs the claim and is refused with 409 claim_has_errors, the edits in error.edits, while it has errors",
            parameters: [idParameter], body: ["type": "object", "required": ["to", "reason"], "properties": [
                "to": ["type": "string", "enum": ClaimStatus.allCases.map(\.rawValue)], "reason": ["type": "string"],
                "sourceKind": ["type": "string", "description": "The document behind the change, e.g. 835 or 277CA"], "sourceReference": ["type": "string"]]],
            ok: ("200", "The claim after the change", claimBody))]
        let lineChange: [String: Any] = ["type": "object", "required": ["lineNumber"], "properties": [
            "lineNumber": ["type": "integer"], "procedure": ["type": "object", "properties": ["system": ["type": "string"], "code": ["type": "string"]]],
            "modifiers": ["type": "array", "items": ["type": "string"]], "units": ["type": "integer"],
            "diagnosisPointers": ["type": "array", "items": ["type": "integer"]],
            "charge": ["type": "integer", "description": "Cents; only while the claim's ledger has no postings"]]]
        paths["/api/v1/claims/{id}/correct"] = ["post": operation(rule(.POST, "/api/v1/claims/:id/correct"),
            "Correct a rejected, denied, paid or partially paid claim in place: sent again as an original (1) when the payer never adjudicated it, else as a replacement (7) naming the payer's claim control number (409 correction_refused when it is unknown or the status does not allow it; 422 invalid when the corrected claim is not valid). The claim is scrubbed and made ready when it has no error; otherwise it stays corrected with the edits in edits",
            parameters: [idParameter], body: ["type": "object", "required": ["reason"], "properties": [
                "reason": ["type": "string"], "changes": ["type": "object", "properties": [
                    "diagnoses": ["type": "array", "items": ["type": "string"]],
                    "priorAuthorizationNumber": ["type": "string", "description": "Empty removes it"],
                    "referralNumber": ["type": "string", "description": "Empty removes it"], "placeOfService": ["type": "string"],
                    "lines": ["type": "array", "items": lineChange]]]]],
            ok: ("200", "The corrected claim", claimBody))]
        paths["/api/v1/claims/{id}/void"] = ["post": operation(rule(.POST, "/api/v1/claims/:id/void"),
            "Void a claim: at once when the payer never adjudicated it (draft, held, ready, rejected); a denied, paid or partially paid claim is made ready to go out as a void (8) naming the payer's claim control number, and the payer's reversal (835 CLP02 22) ends it voided",
            parameters: [idParameter], body: ["type": "object", "required": ["reason"], "properties": ["reason": ["type": "string"]]],
            ok: ("200", "The claim after the void", claimBody))]
        var claimFile = operation(rule(.GET, "/api/v1/claims/:id/837"), "The claim as the 837P or 837I it is sent as (a test interchange, ISA15 T)",
                                  parameters: [idParameter], ok: ("200", "", [:]))
        if var answers = claimFile["responses"] as? [String: Any] {
            answers["200"] = ["description": "The X12 file", "content": ["application/edi-x12": ["schema": ["type": "string"]]]]
            answers["422"] = ["$ref": "#/components/responses/Invalid"]
            claimFile["responses"] = answers
        }
        paths["/api/v1/claims/{id}/837"] = ["get": claimFile]
        let edit: [String: Any] = ["type": "object", "properties": [
            "id": ["type": "string", "description": "The edit, as docs/CLAIM_EDITS.md lists them; payer rules are payer:<rule id>"],
            "severity": ["type": "string", "enum": ClaimEdit.Severity.allCases.map(\.rawValue)],
            "lines": ["type": "array", "items": ["type": "integer"]], "codes": ["type": "array", "items": ["type": "string"]],
            "message": ["type": "string"], "source": ["type": "string"], "resolution": ["type": "string"],
            "suggestedModifier": ["type": "string", "description": "A modifier a payer rule suggests adding to the lines"]]]
        paths["/api/v1/claims/{id}/scrub"] = ["post": operation(rule(.POST, "/api/v1/claims/:id/scrub"),
            "Run every claim edit; errors and holds hold a draft or ready claim, a clean scrub makes a draft or held claim ready", parameters: [idParameter],
            ok: ("200", "The edits and the claim after them", ["type": "object", "properties": [
                "edits": ["type": "array", "items": edit], "errors": ["type": "integer"], "holds": ["type": "integer"], "warnings": ["type": "integer"],
                "claim": claimBody]]))]
        // Batches and received files.
        let batch: [String: Any] = ["type": "object", "properties": [
            "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": ClaimKind.allCases.map(\.rawValue)],
            "payerID": ["type": "string", "format": "uuid"], "interchangeControlNumber": ["type": "integer", "description": "ISA13 and GS06, never reused in the practice"],
            "fileName": ["type": "string"], "status": ["type": "string", "enum": ClaimBatchStatus.allCases.map(\.rawValue)],
            "claimIDs": ["type": "array", "items": ["type": "string", "format": "uuid"]], "totalCharge": ["type": "string"],
            "createdAt": ["type": "string", "format": "date-time"], "createdBy": ["type": "string"], "sentAt": ["type": "string", "format": "date-time"],
            "resubmissionOf": ["type": "string", "format": "uuid"], "resubmittedAs": ["type": "string", "format": "uuid"], "version": ["type": "integer"]]]
        let receivedFile: [String: Any] = ["type": "object", "properties": [
            "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": ReceivedFileKind.allCases.map(\.rawValue)],
            "name": ["type": "string"], "fingerprint": ["type": "string", "description": "SHA-256 of the contents: the same file is recorded once"],
            "receivedAt": ["type": "string", "format": "date-time"], "receivedBy": ["type": "string"],
            "counts": ["type": "object", "additionalProperties": ["type": "integer"], "description": "claimsAccepted, claimsRejected, claimsAcknowledged, claimsPosted, postings, exceptions..."],
            "notes": ["type": "array", "items": ["type": "string"], "description": "What it did or could not do, in words (rejections with their status codes, posting exceptions)"],
            "claimIDs": ["type": "array", "items": ["type": "string", "format": "uuid"]],
            "contents": ["type": "string", "description": "The file itself, on a single file's answer"],
            "duplicate": ["type": "boolean", "description": "The same contents were received before; nothing changed"]]]
        func list(_ item: [String: Any]) -> [String: Any] {
            ["type": "object", "properties": ["items": ["type": "array", "items": item], "nextCursor": ["type": "string"]]]
        }
        let testParameter: [String: Any] = ["name": "test", "in": "query", "schema": ["type": "boolean", "default": false], "description": "Mark the interchange as a test (ISA15 T)"]
        paths["/api/v1/batches"] = [
            "post": operation(rule(.POST, "/api/v1/batches"), "Put the ready claims (all, or claimIDs) into 837 batches, one per kind and payer, with new control numbers; each claim is scrubbed first and one with errors is left out",
                              parameters: [idempotencyKey, testParameter],
                              body: ["type": "object", "properties": ["claimIDs": ["type": "array", "items": ["type": "string", "format": "uuid"]]]],
                              ok: ("201", "The batches made and the claims left out", ["type": "object", "properties": [
                                  "batches": ["type": "array", "items": batch],
                                  "leftOut": ["type": "array", "items": ["type": "object", "properties": ["claimID": ["type": "string"], "patientControlNumber": ["type": "string"], "reason": ["type": "string"]]]]]])),
            "get": operation(rule(.GET, "/api/v1/batches"), "The practice's batches, newest first", parameters: page("batches"), ok: ("200", "A page of batches", list(batch))),
        ]
        paths["/api/v1/batches/{id}"] = ["get": operation(rule(.GET, "/api/v1/batches/:id"), "A batch", parameters: [idParameter], ok: ("200", "The batch", batch))]
        var batchFile = operation(rule(.GET, "/api/v1/batches/:id/837"), "The batch's 837 exactly as written", parameters: [idParameter], ok: ("200", "", [:]))
        if var answers = batchFile["responses"] as? [String: Any] {
            answers["200"] = ["description": "The X12 file", "content": ["application/edi-x12": ["schema": ["type": "string"]]]]
            batchFile["responses"] = answers
        }
        paths["/api/v1/batches/{id}/837"] = ["get": batchFile]
        paths["/api/v1/batches/{id}/send"] = ["post": operation(rule(.POST, "/api/v1/batches/:id/send"),
            "Put the batch in the clearinghouse outbox; its claims become submitted. A batch is sent once (409 batch_refused after); 503 clearinghouse_unavailable when the drop folder cannot be written",
            parameters: [idParameter], ok: ("200", "The batch, sent", batch))]
        paths["/api/v1/batches/{id}/resubmit"] = ["post": operation(rule(.POST, "/api/v1/batches/:id/resubmit"),
            "A new batch, not yet sent, with the claims of this one still waiting on the clearinghouse (no answer, or rejected by its 999), under new control numbers. A claim whose provider a tracked payer does not take on that day is left out and named in leftOut with the reason (409 batch_refused when every claim is)",
            parameters: [idParameter, testParameter], ok: ("201", "The new batch", batch))]
        paths["/api/v1/clearinghouse/receive"] = ["post": operation(rule(.POST, "/api/v1/clearinghouse/receive"),
            "Read every inbox file addressed to the practice (TA1, 999, 277CA, 277, 835, in that order), apply each to its batches and claims in one transaction, and mark it taken",
            ok: ("200", "What each file did, and the files that could not be read (they stay in the inbox)", ["type": "object", "properties": [
                "files": ["type": "array", "items": receivedFile], "errors": ["type": "array", "items": ["type": "string"]]]]))]
        var receiveFile = operation(rule(.POST, "/api/v1/received-files"),
            "Read one X12 file sent as the body (an 835 to post, or a 999, 277CA, 277 or TA1) and apply it; the same contents are applied once (200 with duplicate true)",
            parameters: [["name": "name", "in": "query", "schema": ["type": "string"], "description": "The file's name, shown on claim timelines"]],
            ok: ("201", "What the file did", receivedFile))
        receiveFile["requestBody"] = ["required": true, "content": ["application/edi-x12": ["schema": ["type": "string"]]]]
        paths["/api/v1/received-files"] = [
            "post": receiveFile,
            "get": operation(rule(.GET, "/api/v1/received-files"), "Files received, newest first", parameters: page("received files") + [
                ["name": "kind", "in": "query", "schema": ["type": "string", "enum": ReceivedFileKind.allCases.map(\.rawValue)]]],
                ok: ("200", "A page of received files, without their contents", list(receivedFile))),
        ]
        paths["/api/v1/received-files/{id}"] = ["get": operation(rule(.GET, "/api/v1/received-files/:id"), "A received file with its contents",
                                                                 parameters: [idParameter], ok: ("200", "The file", receivedFile))]
        paths["/api/v1/claims/{id}/documents"] = ["get": operation(rule(.GET, "/api/v1/claims/:id/documents"),
            "Every batch and received file that touched the claim, oldest first", parameters: [idParameter],
            ok: ("200", "The claim's files", ["type": "array", "items": ["type": "object", "properties": [
                "kind": ["type": "string", "description": "837, 999, 277CA, 277, 835 or TA1"], "documentID": ["type": "string", "format": "uuid"],
                "name": ["type": "string"], "at": ["type": "string", "format": "date-time"]]]]))]
        paths["/api/v1/events"] = ["get": operation(rule(.GET, "/api/v1/events"), "Claim status changes after a sequence number, oldest first (poll with lastSequence)", parameters: [
            ["name": "after", "in": "query", "schema": ["type": "integer", "minimum": 0, "default": 0]],
            ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 1000, "default": 100]]],
            ok: ("200", "Events", ["type": "object", "properties": ["data": ["type": "array", "items": ["type": "object", "properties": [
                "sequence": ["type": "integer"], "tenantID": ["type": "string", "format": "uuid"], "transition": ["type": "object"]]]],
                "lastSequence": ["type": "integer"]]]))]
        paths["/api/v1/auth/token"] = [
            "post": operation(rule(.POST, "/api/v1/auth/token"), "Sign in: a bearer token for 24 hours. Five wrong passwords in a row lock the account for 15 minutes.",
                              body: ["type": "object", "required": ["email", "password"], "properties": ["email": ["type": "string"], "password": ["type": "string"],
                                     "tenantID": ["type": "string", "format": "uuid", "description": "The practice to work in; default the first"]]],
                              ok: ("201", "The token", ["type": "object", "properties": ["token": ["type": "string"], "tokenType": ["type": "string"],
                                   "expiresAt": ["type": "string", "format": "date-time"], "tenantID": ["type": "string", "format": "uuid"], "role": ["type": "string"]]])),
            "delete": operation(rule(.DELETE, "/api/v1/auth/token"), "Sign out: the token stops working", ok: ("204", "Revoked", [:])),
        ]
        let inquiry: [String: Any] = ["type": "object", "properties": [
            "id": ["type": "string", "format": "uuid"], "payerID": ["type": "string", "format": "uuid"],
            "interchangeControlNumber": ["type": "integer"], "fileName": ["type": "string"],
            "claimIDs": ["type": "array", "items": ["type": "string", "format": "uuid"]], "createdAt": ["type": "string", "format": "date-time"],
            "createdBy": ["type": "string"], "contents": ["type": "string", "description": "The 276, on a single inquiry's answer"]]]
        paths["/api/v1/clearinghouse/status-inquiries"] = ["post": operation(rule(.POST, "/api/v1/clearinghouse/status-inquiries"),
            "Ask each payer with a 276 about the claims it has not answered for `days` (accepted, acknowledged or pending with no change and no inquiry since); the 277s come back through receive and move claims to pending or rejected",
            parameters: [["name": "days", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 365, "default": 30]]],
            ok: ("201", "The inquiries sent and the claims skipped", ["type": "object", "properties": [
                "inquiries": ["type": "array", "items": inquiry],
                "skipped": ["type": "array", "items": ["type": "object", "properties": ["claimID": ["type": "string"], "patientControlNumber": ["type": "string"], "reason": ["type": "string"]]]]]]))]
        paths["/api/v1/status-inquiries"] = ["get": operation(rule(.GET, "/api/v1/status-inquiries"), "276 inquiries sent, newest first", parameters: page("status inquiries"),
                                                              ok: ("200", "A page of inquiries, without their files", list(inquiry)))]
        paths["/api/v1/status-inquiries/{id}"] = ["get": operation(rule(.GET, "/api/v1/status-inquiries/:id"), "A 276 inquiry with its file",
                                                                   parameters: [idParameter], ok: ("200", "The inquiry", inquiry))]
        // Denials and appeals.
        let explained: [String: Any] = ["type": "object", "properties": ["group": ["type": "string"], "code": ["type": "string"],
                                                                       "words": ["type": "string"], "amount": ["type": "integer", "description": "cents"]]]
        let denial: [String: Any] = ["type": "object", "properties": [
            "denial": ["type": "object", "properties": [
                "id": ["type": "string", "format": "uuid"], "claimID": ["type": "string", "format": "uuid"], "payerID": ["type": "string", "format": "uuid"],
                "patientControlNumber": ["type": "string"], "payerClaimControlNumber": ["type": "string"],
                "lineNumber": ["type": "integer", "description": "absent for a claim-level denial"], "procedureCode": ["type": "string"],
                "serviceDate": ["type": "string", "format": "date"], "category": ["type": "string", "enum": DenialCategory.allCases.map(\.rawValue)],
                "isAppealable": ["type": "boolean"], "isCorrectable": ["type": "boolean"], "deniedAmount": ["type": "integer", "description": "cents"],
                "reasons": ["type": "array", "items": explained], "remarks": ["type": "array", "items": explained], "summary": ["type": "string"],
                "remittanceDate": ["type": "string", "format": "date"], "appealDeadline": ["type": "string", "format": "date"],
                "status": ["type": "string", "enum": DenialStatus.allCases.map(\.rawValue)], "resolution": ["type": "string"]]],
            "version": ["type": "integer"], "daysToDeadline": ["type": "integer", "description": "negative once the deadline has passed"],
            "suggestedTemplateID": ["type": "string"]]]
        let appeal: [String: Any] = ["type": "object", "properties": [
            "appeal": ["type": "object", "properties": [
                "id": ["type": "string", "format": "uuid"], "claimID": ["type": "string", "format": "uuid"], "payerID": ["type": "string", "format": "uuid"],
                "patientControlNumber": ["type": "string"], "denialIDs": ["type": "array", "items": ["type": "string", "format": "uuid"]],
                "level": ["type": "integer"], "templateID": ["type": "string"], "letter": ["type": "string"], "amount": ["type": "integer", "description": "cents"],
                "deadline": ["type": "string", "format": "date"], "goodCause": ["type": "string"], "sentOn": ["type": "string", "format": "date"],
                "outcome": ["type": "string", "enum": AppealOutcome.allCases.map(\.rawValue)], "decidedOn": ["type": "string", "format": "date"],
                "recovered": ["type": "integer", "description": "cents"], "outcomeNote": ["type": "string"]]],
            "version": ["type": "integer"]]]
        let uuidQuery = { (name: String) -> [String: Any] in ["name": name, "in": "query", "schema": ["type": "string", "format": "uuid"]] }
        paths["/api/v1/denials"] = ["get": operation(rule(.GET, "/api/v1/denials"), "The denial worklist, nearest appeal deadline first", parameters: page("denials") + [
            ["name": "status", "in": "query", "schema": ["type": "string"], "description": "all, or a comma-separated list of " + DenialStatus.allCases.map(\.rawValue).joined(separator: ", ") + "; default open,upheld"],
            ["name": "category", "in": "query", "schema": ["type": "string", "enum": DenialCategory.allCases.map(\.rawValue)]],
            uuidQuery("payerID"), uuidQuery("claimID")], ok: ("200", "A page of denials", list(denial)))]
        paths["/api/v1/denials/{id}"] = ["get": operation(rule(.GET, "/api/v1/denials/:id"), "A denial", parameters: [idParameter], ok: ("200", "The denial", denial))]
        paths["/api/v1/denials/{id}/resolve"] = ["post": operation(rule(.POST, "/api/v1/denials/:id/resolve"), "Mark a denial corrected, written off or closed, with the reason",
            parameters: [idParameter], body: ["type": "object", "required": ["status", "reason"], "properties": [
                "status": ["type": "string", "enum": DenialStatus.resolutions.map(\.rawValue).sorted()], "reason": ["type": "string"]]],
            ok: ("200", "The denial", denial))]
        paths["/api/v1/appeal-templates"] = ["get": operation(rule(.GET, "/api/v1/appeal-templates"), "The appeal letter templates and the placeholders they fill",
            ok: ("200", "Templates", ["type": "object", "properties": ["templates": ["type": "array", "items": ["type": "object"]], "placeholders": ["type": "object"]]]))]
        let appealRequest: [String: Any] = ["type": "object", "properties": [
            "denialIDs": ["type": "array", "items": ["type": "string", "format": "uuid"], "description": "default: every open or upheld appealable denial on the claim"],
            "templateID": ["type": "string", "description": "default: the template the denials' category suggests"],
            "letter": ["type": "string", "description": "the letter as edited; default the template's"],
            "sentOn": ["type": "string", "format": "date", "description": "default today"],
            "goodCause": ["type": "string", "description": "required after the appeal deadline"]]]
        paths["/api/v1/claims/{id}/appeal-letter"] = ["post": operation(rule(.POST, "/api/v1/claims/:id/appeal-letter"), "The appeal letter for the claim's denials, to read before filing",
            parameters: [idParameter], body: appealRequest, ok: ("200", "The letter", ["type": "object", "properties": ["templateID": ["type": "string"], "text": ["type": "string"]]]))]
        paths["/api/v1/claims/{id}/appeals"] = ["post": operation(rule(.POST, "/api/v1/claims/:id/appeals"),
            "Appeal the claim's denials: the letter is kept, the denials and the claim become appealed. 409 appeal_refused when a denial cannot be appealed or the deadline passed without a good cause",
            parameters: [idParameter, idempotencyKey], body: appealRequest, ok: ("201", "The appeal", appeal))]
        paths["/api/v1/appeals"] = ["get": operation(rule(.GET, "/api/v1/appeals"), "Appeals, newest first", parameters: page("appeals") + [
            uuidQuery("claimID"), ["name": "pending", "in": "query", "schema": ["type": "boolean", "default": false]]], ok: ("200", "A page of appeals", list(appeal)))]
        paths["/api/v1/appeals/{id}"] = ["get": operation(rule(.GET, "/api/v1/appeals/:id"), "An appeal with its letter", parameters: [idParameter], ok: ("200", "The appeal", appeal))]
        paths["/api/v1/appeals/{id}/outcome"] = ["post": operation(rule(.POST, "/api/v1/appeals/:id/outcome"),
            "Record the payer's decision from a letter or call (an 835 decides by itself); upheld or withdrawn puts the claim back to denied, partly paid or paid, as the appeal found it",
            parameters: [idParameter], body: ["type": "object", "required": ["outcome"], "properties": [
                "outcome": ["type": "string", "enum": AppealOutcome.allCases.filter { $0 != .pending }.map(\.rawValue)],
                "decidedOn": ["type": "string", "format": "date"], "recovered": ["type": "integer", "description": "cents"], "note": ["type": "string"]]],
            ok: ("200", "The appeal", appeal))]
        // The posting exception queue.
        let postingException: [String: Any] = ["type": "object", "properties": [
            "exception": ["type": "object", "properties": [
                "id": ["type": "string", "format": "uuid"], "receivedFileID": ["type": "string", "format": "uuid"], "receivedFileName": ["type": "string"],
                "receivedAt": ["type": "string", "format": "date-time"], "traceNumber": ["type": "string", "description": "TRN02 of the check"],
                "payerIdentifier": ["type": "string"], "kind": ["type": "string", "enum": RemittanceException.Kind.allCases.map(\.rawValue)],
                "claimPosition": ["type": "integer", "description": "1-based CLP position in the check"],
                "serviceLine": ["type": "integer", "description": "1-based SVC position; absent for a claim's problem"],
                "patientControlNumber": ["type": "string"], "claimID": ["type": "string", "format": "uuid", "description": "absent when no claim matched"],
                "charge": ["type": "integer", "description": "cents: CLP03, or SVC02 for a line"], "paid": ["type": "integer", "description": "cents: CLP04, or SVC03 for a line"],
                "message": ["type": "string"], "status": ["type": "string", "enum": PostingExceptionStatus.allCases.map(\.rawValue)],
                "resolution": ["type": "string"], "resolvedBy": ["type": "object"], "resolvedAt": ["type": "string", "format": "date-time"]]],
            "version": ["type": "integer"]]]
        paths["/api/v1/posting-exceptions"] = ["get": operation(rule(.GET, "/api/v1/posting-exceptions"),
            "The posting exception queue: the 835 items that were not posted, open first, oldest first", parameters: page("posting exceptions") + [
            ["name": "status", "in": "query", "schema": ["type": "string", "enum": PostingExceptionStatus.allCases.map(\.rawValue)], "description": "default both"],
            ["name": "kind", "in": "query", "schema": ["type": "string", "enum": RemittanceException.Kind.allCases.map(\.rawValue)]],
            uuidQuery("receivedFileID")], ok: ("200", "A page of posting exceptions", list(postingException)))]
        paths["/api/v1/posting-exceptions/{id}"] = ["get": operation(rule(.GET, "/api/v1/posting-exceptions/:id"), "A posting exception",
            parameters: [idParameter], ok: ("200", "The posting exception", postingException))]
        paths["/api/v1/posting-exceptions/{id}/resolve"] = ["post": operation(rule(.POST, "/api/v1/posting-exceptions/:id/resolve"),
            "Resolve a posting exception with a note on what was done. 409 already_resolved when it was resolved before, or conflict when version is not the current one",
            parameters: [idParameter], body: ["type": "object", "required": ["note"], "properties": [
                "note": ["type": "string", "maxLength": PostingExceptions.maximumNoteLength],
                "version": ["type": "integer", "description": "the version read; refused when it changed since"]]],
            ok: ("200", "The posting exception", postingException))]
        paths["/api/v1/medicare-fee-schedule/{code}"] = ["get": operation(rule(.GET, "/api/v1/medicare-fee-schedule/:code"),
            "The Medicare Physician Fee Schedule amount of a code on a date of service, with every factor: [(work RVU × work GPCI) + (PE RVU × PE GPCI) + (MP RVU × MP GPCI)] × conversion factor, rounded to cents once",
            parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string"]],
                         ["name": "mac", "in": "query", "required": true, "schema": ["type": "string"], "description": "Medicare administrative contractor, e.g. 06102"],
                         ["name": "locality", "in": "query", "required": true, "schema": ["type": "string"], "description": "Locality number, e.g. 16"],
                         ["name": "setting", "in": "query", "schema": ["type": "string", "enum": CareSetting.allCases.map(\.rawValue)]],
                         ["name": "modifier", "in": "query", "schema": ["type": "string", "enum": ["26", "TC"]]],
                         ["name": "date", "in": "query", "schema": ["type": "string", "format": "date"], "description": "Date of service (default today): picks the year's files"]],
            ok: ("200", "The amount in cents and its factors; 404 with the reason when the code is not priced (status, NA setting, unknown code or locality)", ["type": "object"]))]
        // CMS-HCC risk adjustment (docs/RISK_ADJUSTMENT.md).
        let riskScore: [String: Any] = ["type": "object", "description": "A CMS-HCC score explained", "properties": [
            "model": ["type": "string", "enum": ["V24", "V28"]], "paymentYear": ["type": "integer"],
            "segment": ["type": "string", "enum": RiskSegment.allCases.map(\.rawValue)], "demographicCell": ["type": "string"],
            "riskScore": ["type": "number", "description": "exact to three decimals"], "demographicScore": ["type": "number"],
            "hccs": ["type": "array", "items": ["type": "object", "properties": [
                "category": ["type": "integer"], "label": ["type": "string"], "coefficient": ["type": "number"],
                "diagnoses": ["type": "array", "items": ["type": "string"]]]]],
            "interactions": ["type": "object", "additionalProperties": ["type": "number"]],
            "terms": ["type": "array", "items": ["type": "object", "description": "{kind, variable, coefficient}: every variable that added to the score"]],
            "displaced": ["type": "array", "items": ["type": "object", "description": "{category, label, by, diagnoses}"]],
            "edits": ["type": "array", "items": ["type": "object", "description": "{diagnosis, movedTo, reason}"]],
            "unmappedDiagnoses": ["type": "array", "items": ["type": "string"]]]]
        let gaps: [String: Any] = ["type": "array", "items": ["type": "object", "description": "{category, label, priorDiagnoses, coefficient}"]]
        paths["/api/v1/risk-scores"] = ["post": operation(rule(.POST, "/api/v1/risk-scores"),
            "The CMS-HCC V24 or V28 score of an enrollee's diagnoses for a payment year (2025 to 2027), every step explained; the payment score when the year's normalization factor is given; the prior year's HCCs not coded again",
            body: ["type": "object", "required": ["age", "sex", "diagnoses"], "properties": [
                "model": ["type": "string", "enum": ["V24", "V28"]], "paymentYear": ["type": "integer", "description": "default 2026"],
                "age": ["type": "integer", "description": "on February 1 of the payment year"], "sex": ["type": "string", "enum": ["F", "M"]],
                "dualStatus": ["type": "string", "description": "NA or 00 to 10"], "originalReason": ["type": "integer", "description": "OREC 0 to 3"],
                "currentReason": ["type": "integer"], "institutional": ["type": "boolean"], "newEnrollee": ["type": "boolean"],
                "specialNeedsPlan": ["type": "boolean"], "diagnoses": ["type": "array", "items": ["type": "string"]],
                "priorYearDiagnoses": ["type": "array", "items": ["type": "string"]],
                "normalizationFactor": ["type": "string", "description": "e.g. \"1.045\""], "codingAdjustment": ["type": "string", "description": "default \"0.059\""]]],
            ok: ("200", "The score; 400 names a bad field; 503 when the CMS-HCC tables are missing", ["type": "object", "properties": [
                "score": riskScore, "paymentScore": ["type": "number"], "suspectedGaps": gaps]]))]
        paths["/api/v1/encounters/{id}/risk"] = ["get": operation(rule(.GET, "/api/v1/encounters/:id/risk"),
            "The CMS-HCC score of the encounter's diagnoses and of the patient's service year, with last year's HCCs not coded again; the next payment year's tables",
            parameters: [idParameter, ["name": "model", "in": "query", "schema": ["type": "string", "enum": ["V24", "V28"]]],
                         ["name": "dualStatus", "in": "query", "schema": ["type": "string"], "description": "default NA (assumed not dual)"],
                         ["name": "originalReason", "in": "query", "schema": ["type": "integer"], "description": "default 0 (entitled by age)"],
                         ["name": "institutional", "in": "query", "schema": ["type": "boolean"]]],
            ok: ("200", "encounter, year, encountersInYear, suspectedGaps, enrollee and the assumptions made", ["type": "object", "properties": [
                "serviceYear": ["type": "integer"], "paymentYear": ["type": "integer"], "encounter": riskScore, "year": riskScore,
                "encountersInYear": ["type": "integer"], "suspectedGaps": gaps, "assumptions": ["type": "array", "items": ["type": "string"]]]]))]
        // The coder's work queue and the suggestions from the note (docs/CODING.md).
        let codingItem: [String: Any] = ["type": "object", "properties": [
            "item": ["type": "object", "description": "The chart: id (the encounter's), patientID, workType, priority, specialty, payerID, serviceFrom, serviceThrough, enteredAt, status, assignee, assignedAt, handBackNote, completedAt, events", "properties": [
                "id": ["type": "string", "format": "uuid"], "workType": ["type": "string", "enum": CodingWorkType.allCases.map(\.rawValue)],
                "priority": ["type": "string", "enum": CodingPriority.allCases.map(\.rawValue)], "specialty": ["type": "string"],
                "payerID": ["type": "string", "format": "uuid"], "status": ["type": "string", "enum": CodingWorkStatus.allCases.map(\.rawValue)],
                "assignee": ["type": "object", "description": "{userID, displayName}"], "handBackNote": ["type": "string"],
                "events": ["type": "array", "items": ["type": "object", "description": "{kind, actor, at, note}"]]]],
            "version": ["type": "integer"], "ageDays": ["type": "integer", "description": "days since the last date of service"]]]
        let codingAction = { (summary: String, fields: [String: Any], required: [String]) -> [String: Any] in
            var properties = fields
            properties["version"] = ["type": "integer", "description": "the version read; refused (409) when it changed since"]
            return ["summary": summary, "properties": properties, "required": required]
        }
        paths["/api/v1/coding/queue"] = ["get": operation(rule(.GET, "/api/v1/coding/queue"),
            "The coding work queue: open charts unless asked otherwise, urgent first, then the oldest date of service", parameters: page("charts") + [
            ["name": "status", "in": "query", "schema": ["type": "string"], "description": "comma-separated: " + CodingWorkStatus.allCases.map(\.rawValue).joined(separator: ", ") + " (default queued,inProgress,pendingQuery)"],
            ["name": "workType", "in": "query", "schema": ["type": "string", "enum": CodingWorkType.allCases.map(\.rawValue)]],
            ["name": "priority", "in": "query", "schema": ["type": "string", "enum": CodingPriority.allCases.map(\.rawValue)]],
            ["name": "specialty", "in": "query", "schema": ["type": "string"], "description": "the rendering provider's specialty, case-insensitive"],
            uuidQuery("payer"),
            ["name": "assignee", "in": "query", "schema": ["type": "string"], "description": "a user id, or me"],
            ["name": "unassigned", "in": "query", "schema": ["type": "boolean"]],
            ["name": "minimumAgeDays", "in": "query", "schema": ["type": "integer", "minimum": 0, "maximum": 3650]]],
            ok: ("200", "A page of charts", list(codingItem)))]
        paths["/api/v1/coding/queue/{id}"] = ["get": operation(rule(.GET, "/api/v1/coding/queue/:id"), "A chart (its id is the encounter's)",
            parameters: [idParameter], ok: ("200", "The chart", codingItem))]
        for (action, summary, fields, required) in [
            ("claim", "Claim the chart: 409 coding_refused when another coder has it or it is done", [String: Any](), [String]()),
            ("release", "Give the chart back to the queue (the coder's own; a manager's any)", [:], []),
            ("hand-back", "Give the chart back with the reason, which the queue shows", ["note": ["type": "string", "maxLength": CodingDesk.maximumNoteLength]], ["note"]),
            ("assign", "Assign the chart to an active coder of the practice", ["userID": ["type": "string", "format": "uuid"]], ["userID"]),
            ("priority", "Set the chart's priority", ["priority": ["type": "string", "enum": CodingPriority.allCases.map(\.rawValue)]], ["priority"]),
            ("complete", "Complete the chart (its encounter becomes coded): 422 without a diagnosis billable on the date of service", [:], []),
            ("reopen", "Reopen a completed chart for a correction, with the reason; refused once a claim was made", ["note": ["type": "string"]], ["note"]),
        ] as [(String, String, [String: Any], [String])] {
            let body = codingAction(summary, fields, required)
            paths["/api/v1/coding/queue/{id}/\(action)"] = ["post": operation(rule(.POST, "/api/v1/coding/queue/:id/\(action)"), summary,
                parameters: [idParameter], body: ["type": "object", "properties": body["properties"] ?? [:], "required": required], ok: ("200", "The chart", codingItem))]
        }
        paths["/api/v1/coding/queue/{id}/diagnoses"] = ["put": operation(rule(.PUT, "/api/v1/coding/queue/:id/diagnoses"),
            "The encounter's diagnoses in sequence, by the coder who has the chart; each must be billable on the date of service (422 names each one that is not)",
            parameters: [idParameter], body: ["type": "object", "required": ["diagnoses"], "properties": [
                "diagnoses": ["type": "array", "items": ["type": "string"], "description": "ICD-10-CM codes, with or without the dot"],
                "procedureCodes": ["type": "array", "items": ["type": "string"], "description": "ICD-10-PCS codes in sequence, the principal first (institutional charts; each valid on the date of service); left as they are when absent"],
                "version": ["type": "integer"]]], ok: ("200", "The chart", codingItem))]
        let service: [String: Any] = ["type": "object", "description": "{id, version, system, code, title, invalid, modifiers, units, diagnosisPointers, serviceDate, revenueCode, amountCents}",
                                      "properties": ["id": ["type": "string", "format": "uuid"], "version": ["type": "integer"],
                                                     "system": ["type": "string", "enum": ProcedureCodeSystem.allCases.map(\.rawValue)], "code": ["type": "string"],
                                                     "title": ["type": "string"], "invalid": ["type": "string", "description": "why the code is not valid on its date of service"],
                                                     "modifiers": ["type": "array", "items": ["type": "string"]], "units": ["type": "integer"],
                                                     "diagnosisPointers": ["type": "array", "items": ["type": "integer"]], "serviceDate": ["type": "string", "format": "date"],
                                                     "revenueCode": ["type": "string"], "amountCents": ["type": "integer", "description": "only for roles that see money (not coders)"]]]
        let serviceBody: [String: Any] = ["type": "object", "required": ["code"], "properties": [
            "code": ["type": "string", "description": "CPT or HCPCS Level II"], "modifiers": ["type": "array", "items": ["type": "string"], "description": "the pricing modifier first"],
            "units": ["type": "integer", "minimum": 1], "diagnosisPointers": ["type": "array", "items": ["type": "integer"], "description": "1-based, professional only"],
            "serviceDate": ["type": "string", "format": "date", "description": "the encounter's first date of service by default"],
            "revenueCode": ["type": "string", "description": "institutional only, four digits"]]]
        paths["/api/v1/coding/queue/{id}/services"] = [
            "get": operation(rule(.GET, "/api/v1/coding/queue/:id/services"), "The CPT and HCPCS services coded on the chart, each with its title and validity on its date of service",
                             parameters: [idParameter], ok: ("200", "items", ["type": "object", "properties": ["items": ["type": "array", "items": service]]])),
            "post": operation(rule(.POST, "/api/v1/coding/queue/:id/services"),
                              "Code a service on the chart the caller holds: it becomes a charge line priced from the practice's charge master (the modifier's price first, times the units) on its date of service; 422 when no charge master prices it, or the code is not valid then",
                              parameters: [idParameter], body: serviceBody, ok: ("201", "The service", service)),
        ]
        var changedService = serviceBody
        changedService["required"] = ["code", "version"]
        changedService["properties"] = (serviceBody["properties"] as? [String: Any] ?? [:]).merging(["version": ["type": "integer", "description": "the service's version as read"]]) { a, _ in a }
        let serviceID: [String: Any] = ["name": "serviceID", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
        paths["/api/v1/coding/queue/{id}/services/{serviceID}"] = [
            "put": operation(rule(.PUT, "/api/v1/coding/queue/:id/services/:serviceID"), "Change a service (code, modifiers, units, pointers), repriced; 409 when it changed since the version given",
                             parameters: [idParameter, serviceID], body: changedService, ok: ("200", "The service", service)),
            "delete": operation(rule(.DELETE, "/api/v1/coding/queue/:id/services/:serviceID"), "Remove a service from the chart the caller holds, at the version read (If-Match)",
                                parameters: [idParameter, serviceID, ifMatch], ok: ("204", "Removed", ["type": "object"])),
        ]
        let chartEdits: [String: Any] = ["type": "object", "properties": [
            "edits": ["type": "array", "items": ["type": "object", "description": "{id, severity, lines, codes, message, source, resolution, suggestedModifier}"]],
            "errors": ["type": "integer"], "holds": ["type": "integer"], "warnings": ["type": "integer"],
            "problems": ["type": "array", "items": ["type": "object", "description": "{field, message}: codes not valid on the date of service, and why no claim can be made yet"]]]]
        paths["/api/v1/coding/queue/{id}/edits"] = [
            "get": operation(rule(.GET, "/api/v1/coding/queue/:id/edits"), "The claim edits of the claim the chart would make now, as coded (nothing is stored)",
                             parameters: [idParameter], ok: ("200", "The edits", chartEdits)),
            "post": operation(rule(.POST, "/api/v1/coding/queue/:id/edits"), "The same, with the codes being typed in place of the saved ones (nothing is stored): the workspace calls it as codes change",
                              parameters: [idParameter], body: ["type": "object", "properties": ["diagnoses": ["type": "array", "items": ["type": "string"]],
                                                                                                 "procedureCodes": ["type": "array", "items": ["type": "string"]]]],
                              ok: ("200", "The edits", chartEdits)),
        ]
        let decision: [String: Any] = ["type": "object", "description": "{id, encounterID, suggestionID, suggestedCode, outcome, finalCode, reason, coder, decidedAt}",
                                       "properties": ["suggestionID": ["type": "string"], "outcome": ["type": "string", "enum": SuggestionOutcome.allCases.map(\.rawValue)],
                                                      "finalCode": ["type": "string"], "reason": ["type": "string"]]]
        paths["/api/v1/coding/queue/{id}/suggestions"] = ["get": operation(rule(.GET, "/api/v1/coding/queue/:id/suggestions"),
            "The note coder's suggestions for the chart's note (in its setting, on its date of service), each with the coder's decision if taken, and the findings set aside",
            parameters: [idParameter], ok: ("200", "encounterID, setting, dateOfService, release, suggestions [{suggestion, decision}], procedures [{suggestion, decision}] (ICD-10-PCS, inpatient charts), procedureRelease, setAside", ["type": "object", "properties": [
                "suggestions": ["type": "array", "items": ["type": "object", "properties": [
                    "suggestion": ["type": "object", "description": "{id, code, codeSystem, title, evidence, start, end, confidence, rationale, indexPath, specificity, instructions, pairedCodes}"],
                    "decision": decision]]],
                "setAside": ["type": "array", "items": ["type": "object"]]]]))]
        paths["/api/v1/coding/queue/{id}/suggestions/decisions"] = ["post": operation(rule(.POST, "/api/v1/coding/queue/:id/suggestions/decisions"),
            "Accept, edit or reject a suggestion; an accepted or edited code is added to the encounter's diagnoses (an ICD-10-PCS suggestion's to its procedures). A later decision on the same suggestion replaces the earlier",
            parameters: [idParameter], body: ["type": "object", "required": ["suggestionID", "outcome"], "properties": [
                "suggestionID": ["type": "string", "description": "the suggestion's id, code@start-end"],
                "outcome": ["type": "string", "enum": SuggestionOutcome.allCases.map(\.rawValue)],
                "code": ["type": "string", "description": "the coder's code, for edited"],
                "reason": ["type": "string", "maxLength": SuggestionDecision.maximumReasonLength, "description": "required for rejected"]]],
            ok: ("201", "The decision", decision))]
        let acceptance: [String: Any] = ["type": "object", "description": "{coder, accepted, edited, rejected, decided, acceptancePerMille, usefulPerMille}"]
        paths["/api/v1/coding/suggestion-acceptance"] = ["get": operation(rule(.GET, "/api/v1/coding/suggestion-acceptance"),
            "How often coders took the note coder's suggestions as made (acceptancePerMille) or found them useful (accepted or edited), in total and per coder",
            parameters: [["name": "from", "in": "query", "schema": ["type": "string", "format": "date"], "description": "default 29 days before to"],
                         ["name": "to", "in": "query", "schema": ["type": "string", "format": "date"], "description": "included; default today (UTC)"]],
            ok: ("200", "from, to, total, byCoder", ["type": "object", "properties": ["total": acceptance, "byCoder": ["type": "array", "items": acceptance]]]))]
        let targets: [String: Any] = ["type": "object", "properties": [
            "outpatientChartsPerHourTenths": ["type": "integer", "minimum": 1, "maximum": 10000], "inpatientChartsPerHourTenths": ["type": "integer", "minimum": 1, "maximum": 10000],
            "turnaroundHours": ["type": "integer", "minimum": 1, "maximum": 8760], "maximumQueueAgeDays": ["type": "integer", "minimum": 0, "maximum": 3650]]]
        paths["/api/v1/coding/productivity"] = ["get": operation(rule(.GET, "/api/v1/coding/productivity"),
            "Charts completed per coder over the period, handling hours (query waits excluded), charts an hour against the target for the coder's mix, turnaround, and the open queue's age",
            parameters: [["name": "from", "in": "query", "schema": ["type": "string", "format": "date"]], ["name": "to", "in": "query", "schema": ["type": "string", "format": "date"]]],
            ok: ("200", "from, to, targets, coders [{coder, outpatientCompleted, inpatientCompleted, handlingSeconds, chartsPerHourTenths, targetChartsPerHourTenths, medianTurnaroundHours, meetsTarget}], completed, medianTurnaroundHours, withinTurnaroundPerMille, queue", ["type": "object"]))]
        paths["/api/v1/coding/productivity-targets"] = [
            "get": operation(rule(.GET, "/api/v1/coding/productivity-targets"), "The practice's productivity targets (defaults until a manager sets them)", ok: ("200", "The targets", targets)),
            "put": operation(rule(.PUT, "/api/v1/coding/productivity-targets"), "Set the practice's productivity targets", body: targets, ok: ("200", "The targets", targets)),
        ]
        let auditReview: [String: Any] = ["type": "object", "description": "{id, auditID, encounterID, coder, coderCodes and coderProcedures (empty while pending: the re-coding is blind; coderProcedures absent in reviews drawn before procedures were audited), status, auditor, auditorCodes, auditorProcedures, disagreements [{kind: missed|extra|revised|sequencing, codes: diagnosis|procedure, coderCode, auditorCode}], note, completedAt}"]
        let codingAudit: [String: Any] = ["type": "object", "properties": ["audit": ["type": "object", "description": "{id, name, sampling {completedFrom, completedTo, size, coderID, codePrefixes, seed}, createdBy, createdAt, reviewIDs}"],
                                                                           "reviews": ["type": "array", "items": auditReview]]]
        paths["/api/v1/coding/audits"] = [
            "post": operation(rule(.POST, "/api/v1/coding/audits"),
                "Draw an audit sample from the charts completed in the period (random with the seed, or targeted by coder and by code prefixes); one pending review each",
                body: ["type": "object", "required": ["name", "from", "to", "size"], "properties": [
                    "name": ["type": "string"], "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"],
                    "size": ["type": "integer", "minimum": 1, "maximum": 500], "coderID": ["type": "string", "format": "uuid"],
                    "codePrefixes": ["type": "array", "items": ["type": "string"]], "seed": ["type": "integer"]]],
                ok: ("201", "The audit and its reviews", codingAudit)),
            "get": operation(rule(.GET, "/api/v1/coding/audits"), "The practice's audits, newest first", ok: ("200", "audits", ["type": "object"])),
        ]
        paths["/api/v1/coding/audits/{id}"] = ["get": operation(rule(.GET, "/api/v1/coding/audits/:id"), "An audit with its reviews", parameters: [idParameter],
                                                                ok: ("200", "The audit", codingAudit))]
        paths["/api/v1/coding/audit-reviews/{id}"] = ["get": operation(rule(.GET, "/api/v1/coding/audit-reviews/:id"), "A review (blind while pending)",
                                                                       parameters: [idParameter], ok: ("200", "The review", auditReview))]
        paths["/api/v1/coding/audit-reviews/{id}/complete"] = ["post": operation(rule(.POST, "/api/v1/coding/audit-reviews/:id/complete"),
            "The auditor's blind re-coding (each code billable or valid on the date of service), compared with the coder's: missed, extra, revised (same category; for a procedure the same code with other modifiers or units, or the same ICD-10-PCS operation on the same body part), sequencing",
            parameters: [idParameter], body: ["type": "object", "required": ["codes"], "properties": [
                "codes": ["type": "array", "items": ["type": "string"], "description": "the diagnoses in sequence"],
                "procedures": ["type": "array", "items": ["type": "string"],
                               "description": "ICD-10-PCS codes in sequence and services as CODE[-MOD...][ xUNITS] (99214-25, 36415 x3); absent, procedures are not compared; empty, none were performed"],
                "note": ["type": "string"]]],
            ok: ("200", "The completed review", auditReview))]
        paths["/api/v1/coding/accuracy"] = ["get": operation(rule(.GET, "/api/v1/coding/accuracy"),
            "Accuracy per coder over the reviews completed in the period: code accuracy (agreed over compared codes) and chart accuracy (no disagreement), in thousandths, with the disagreements by kind",
            parameters: [["name": "from", "in": "query", "schema": ["type": "string", "format": "date"]], ["name": "to", "in": "query", "schema": ["type": "string", "format": "date"]]],
            ok: ("200", "from, to, coders", ["type": "object"]))]
        let providerQuery: [String: Any] = ["type": "object", "properties": [
            "query": ["type": "object", "description": "{id, encounterID, providerID, templateID, kind, question, clinicalIndicators, options, status, sentBy, sentAt, answer, answerDetail, answeredBy, answeredAt, withdrawnReason}"],
            "version": ["type": "integer"], "ageDays": ["type": "integer", "description": "days open (or until answered)"]]]
        paths["/api/v1/query-templates"] = ["get": operation(rule(.GET, "/api/v1/query-templates"),
            "The compliant query templates: kind, title, question with {subject}, suggested options, whether yes/no is allowed",
            ok: ("200", "templates", ["type": "object", "properties": ["templates": ["type": "array", "items": ["type": "object"]]]]))]
        paths["/api/v1/coding/queue/{id}/queries"] = ["post": operation(rule(.POST, "/api/v1/coding/queue/:id/queries"),
            "Send the chart's provider a documentation query; the chart and encounter wait in pendingQuery. 422 when it leads (mentions payment), has no clinical indicators, offers fewer than two options, or asks yes/no where that could add a diagnosis; Other and Clinically undetermined are always added",
            parameters: [idParameter], body: ["type": "object", "required": ["templateID", "subject", "clinicalIndicators"], "properties": [
                "templateID": ["type": "string", "enum": ProviderQueryTemplate.all.map(\.id)], "subject": ["type": "string", "maxLength": 200],
                "clinicalIndicators": ["type": "array", "items": ["type": "string"]], "options": ["type": "array", "items": ["type": "string"]],
                "version": ["type": "integer"]]], ok: ("201", "The query", providerQuery))]
        paths["/api/v1/provider-queries"] = ["get": operation(rule(.GET, "/api/v1/provider-queries"), "Documentation queries, open first, oldest first",
            parameters: page("queries") + [["name": "status", "in": "query", "schema": ["type": "string", "enum": ProviderQueryStatus.allCases.map(\.rawValue)]],
                                           uuidQuery("encounter"), uuidQuery("provider")], ok: ("200", "A page of queries", list(providerQuery)))]
        paths["/api/v1/provider-queries/{id}"] = ["get": operation(rule(.GET, "/api/v1/provider-queries/:id"), "A documentation query",
            parameters: [idParameter], ok: ("200", "The query", providerQuery))]
        paths["/api/v1/provider-queries/{id}/answer"] = ["post": operation(rule(.POST, "/api/v1/provider-queries/:id/answer"),
            "The provider's answer: one of the options (with detail for Other); added to the note as an addendum, and the chart goes back to its coder",
            parameters: [idParameter], body: ["type": "object", "required": ["answer"], "properties": [
                "answer": ["type": "string"], "detail": ["type": "string"], "version": ["type": "integer"]]], ok: ("200", "The query", providerQuery))]
        paths["/api/v1/provider-queries/{id}/withdraw"] = ["post": operation(rule(.POST, "/api/v1/provider-queries/:id/withdraw"),
            "The chart's coder withdraws an open query, with the reason; the chart goes back to the coder",
            parameters: [idParameter], body: ["type": "object", "required": ["reason"], "properties": ["reason": ["type": "string"], "version": ["type": "integer"]]],
            ok: ("200", "The query", providerQuery))]
        paths["/api/v1/me"] = ["get": operation(rule(.GET, "/api/v1/me"), "The signed-in user, their practice, role, permissions and memberships",
                                                ok: ("200", "The user", ["type": "object"]))]
        // Bank deposits and their reconciliation with the 835 payments.
        let deposit: [String: Any] = ["type": "object", "properties": [
            "record": ["type": "object", "properties": [
                "id": ["type": "string", "format": "uuid", "description": "Derived from the date, trace number and amount: the same deposit is recorded once"],
                "amount": cents, "depositedOn": ["type": "string", "format": "date"], "traceNumber": ["type": "string"],
                "payerID": ["type": "string", "format": "uuid"], "description": ["type": "string"],
                "source": ["type": "object", "description": "entered, or statement with its fileName and line"],
                "match": ["type": "object", "description": "The last recorded reconciliation: status (matched, amountMismatch, unmatched), the 835's receivedFileID, fileName, transactionControlNumber, remittanceAmount, difference, explanation, matchedAt"]]],
            "version": ["type": "integer"], "createdAt": ["type": "string", "format": "date-time"], "updatedAt": ["type": "string", "format": "date-time"]]]
        paths["/api/v1/deposits"] = [
            "get": operation(rule(.GET, "/api/v1/deposits"), "Bank deposits, newest first", parameters: page("deposits") + [
                ["name": "status", "in": "query", "schema": ["type": "string", "enum": DepositMatchStatus.allCases.map(\.rawValue)], "description": "The recorded finding"],
                ["name": "search", "in": "query", "schema": ["type": "string"], "description": "Trace number or description words"]],
                ok: ("200", "A page of deposits", ["type": "object", "properties": ["data": ["type": "array", "items": deposit], "nextCursor": ["type": "string"]]])),
            "post": operation(rule(.POST, "/api/v1/deposits"), "Record one bank deposit; the same date, trace number and amount twice is refused (409)",
                              parameters: [idempotencyKey], body: ["type": "object", "required": ["amount", "depositedOn", "traceNumber"], "properties": [
                                "amount": cents, "depositedOn": ["type": "string", "format": "date"],
                                "traceNumber": ["type": "string", "description": "The EFT trace number (the 835's TRN02) or the check number"],
                                "payerID": ["type": "string", "format": "uuid"], "description": ["type": "string"]]],
                              ok: ("201", "The deposit", deposit)),
        ]
        paths["/api/v1/deposits/{id}"] = ["get": operation(rule(.GET, "/api/v1/deposits/:id"), "A deposit with its recorded finding", parameters: [idParameter], ok: ("200", "The deposit", deposit)),
                                          "delete": operation(rule(.DELETE, "/api/v1/deposits/:id"),
            "Delete a deposit entered by mistake, at the version read (If-Match); 409 deposit_matched once a recorded reconciliation matched it to an 835 payment, 409 conflict when it changed since",
            parameters: [idParameter, ifMatch], ok: ("204", "Deleted", ["type": "object"]))]
        var depositImport = operation(rule(.POST, "/api/v1/deposits/import"),
            "Import a CSV bank statement (header line naming date, amount, reference; optionally description, payer). Refused whole (422, each problem with its line and column) when any line is wrong; deposits recorded before are counted, not recorded again",
            parameters: [["name": "name", "in": "query", "schema": ["type": "string"], "description": "The statement's file name, kept on each deposit"]],
            ok: ("201", "What was imported", ["type": "object", "properties": [
                "fileName": ["type": "string"], "lines": ["type": "integer"], "recorded": ["type": "integer"], "alreadyRecorded": ["type": "integer"],
                "amountRecorded": cents, "depositIDs": ["type": "array", "items": uuid]]]))
        depositImport["requestBody"] = ["required": true, "content": ["text/csv": ["schema": ["type": "string"]]]]
        paths["/api/v1/deposits/import"] = ["post": depositImport]
        let reconciliation: [String: Any] = ["type": "object", "description": "Deposits against 835 payments (BPR amount, TRN02 trace): matched (same trace and amount), amountMismatches (same trace), paymentsWithoutDeposit (oldest first, with ageDays and ageBucket) and outstandingByAge, depositsWithoutRemittance (ask the payer for the ERA), totals in cents",
                                             "properties": ["asOf": ["type": "string", "format": "date"], "recorded": ["type": "boolean"], "depositsUpdated": ["type": "integer"],
                                                            "totals": ["type": "object"], "matched": ["type": "array", "items": ["type": "object"]],
                                                            "amountMismatches": ["type": "array", "items": ["type": "object"]],
                                                            "paymentsWithoutDeposit": ["type": "array", "items": ["type": "object"]],
                                                            "outstandingByAge": ["type": "array", "items": ["type": "object"]],
                                                            "depositsWithoutRemittance": ["type": "array", "items": ["type": "object"]]]]
        paths["/api/v1/deposits/reconciliation"] = [
            "get": operation(rule(.GET, "/api/v1/deposits/reconciliation"), "The reconciliation as of today, computed now (nothing is stored)", ok: ("200", "The reconciliation", reconciliation)),
            "post": operation(rule(.POST, "/api/v1/deposits/reconciliation"), "Reconcile and store each deposit's finding on it (only the deposits whose finding changed are written)",
                              ok: ("200", "The reconciliation, recorded", reconciliation)),
        ]
        components["schemas"] = schemas
        components["responses"] = responses
        document["components"] = components
        document["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return handWrittenOpenAPIDocument
        }
        return String(decoding: data, as: UTF8.self)
    }
}

let handWrittenOpenAPIDocument = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Revcycle API",
    "version": "1.0.0",
    "description": "Medical coding and billing. Codes are looked up and searched in the official code sets (ICD-10-CM, ICD-10-PCS, HCPCS Level II, CPT as listed by CMS, and the X12 and CMS code lists), evaluated on the date of service."
  },
  "paths": {
    "/health": {
      "get": {
        "summary": "Liveness and readiness: database and code sets",
        "responses": {
          "200": {"description": "Healthy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
          "503": {"description": "The database is unavailable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
        }
      }
    },
    "/openapi.json": {
      "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1 document"}}}
    },
    "/api/v1/codes/search": {
      "get": {
        "summary": "Search codes by words",
        "description": "Searches titles, inclusion terms and Alphabetic Index entries (see references followed). Understands common clinical abbreviations (HTN, T2DM, CKD, CHF, COPD, ...) and small typos. Results are ranked best first.",
        "parameters": [
          {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 200}, "description": "Words to search for"},
          {"name": "system", "in": "query", "schema": {"$ref": "#/components/schemas/CodeSystem"}},
          {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Date of service: only codes valid then"},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20}}
        ],
        "responses": {
          "200": {"description": "Ranked codes", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/SearchResult"}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"}
        }
      }
    },
    "/api/v1/codes/{system}/{code}": {
      "get": {
        "summary": "Look a code up",
        "description": "Title, billable or not and why, hierarchy, children, every instructional note that applies (inherited ones too), 7th characters, placeholder X, validity on a date of service, and presence in each loaded release.",
        "parameters": [
          {"name": "system", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/CodeSystem"}},
          {"name": "code", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Dotted or not, any case (E11.22, e1122)"},
          {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Date of service to judge validity on"}
        ],
        "responses": {
          "200": {"description": "The code", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CodeDetail"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "404": {"description": "Not a code; the reason and the nearest codes", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/v1/codesets": {
      "get": {
        "summary": "Loaded code-set releases",
        "responses": {"200": {"description": "Systems, code counts and releases with the dates of service they cover"}}
      }
    },
    "/api/v1/x12/validate": {
      "post": {
        "summary": "Validate an X12 file against the HIPAA 5010 implementation guides (837P, 837I, 835, 999, 277CA, 270/271, 276/277, 278)",
        "requestBody": {"required": true, "content": {"application/edi-x12": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}},
        "responses": {
          "200": {"description": "The verdict, every finding with its place, and the 999 answering the file", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X12Validation"}}}},
          "400": {"description": "The body is empty or not an X12 interchange", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/v1/x12/parse": {
      "post": {
        "summary": "Read an X12 file into typed transactions: 837 claims with parties, diagnoses and service lines; 835 payments with claims, service lines and adjustments (group and reason codes); 277CA acknowledgments; 270/271 eligibility inquiries and benefits; 276/277 claim status; 278 review requests and decisions; other transaction sets as loops of segments. Money is in integer cents.",
        "requestBody": {"required": true, "content": {"application/edi-x12": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}},
        "responses": {
          "200": {"description": "{valid, errorCount, transactions: [...]}", "content": {"application/json": {"schema": {"type": "object", "properties": {"valid": {"type": "boolean"}, "errorCount": {"type": "integer"}, "transactions": {"type": "array", "items": {"type": "object"}}}}}}},
          "400": {"description": "The body is empty or not an X12 interchange", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    }
  },
  "components": {
    "responses": {
      "BadRequest": {"description": "A parameter is wrong; the error names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "CodeSystem": {"type": "string", "enum": ["icd10cm", "icd10pcs", "hcpcs", "cpt", "hcpcs-modifier", "pos", "taxonomy", "carc", "rarc", "adjustment-group", "claim-status-category", "claim-status"]},
      "Health": {"type": "object", "properties": {"status": {"type": "string"}, "database": {"type": "string"}, "databaseStatus": {"type": "string"}, "codeSets": {"type": "string"}, "uptimeSeconds": {"type": "integer"}}},
      "SearchResult": {
        "type": "object",
        "required": ["system", "code", "title", "billable", "score"],
        "properties": {
          "system": {"$ref": "#/components/schemas/CodeSystem"}, "code": {"type": "string"}, "title": {"type": "string"},
          "billable": {"type": "boolean"}, "score": {"type": "number"},
          "matched": {"type": "string", "description": "The title, inclusion term or index path that matched"},
          "matchedIn": {"type": "string", "enum": ["title", "inclusion term", "index"]}
        }
      },
      "CodeReference": {"type": "object", "properties": {"code": {"type": "string"}, "title": {"type": "string"}, "kind": {"type": "string"}, "billable": {"type": "boolean"}}},
      "CodeDetail": {
        "type": "object",
        "properties": {
          "system": {"$ref": "#/components/schemas/CodeSystem"}, "code": {"type": "string"}, "title": {"type": "string"}, "shortTitle": {"type": "string"},
          "kind": {"type": "string"}, "billable": {"type": "boolean"}, "billableReason": {"type": "string"}, "release": {"type": "string"},
          "hierarchy": {"type": "array", "items": {"$ref": "#/components/schemas/CodeReference"}},
          "children": {"type": "array", "items": {"$ref": "#/components/schemas/CodeReference"}},
          "notes": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["includes", "inclusionTerm", "notes", "excludes1", "excludes2", "codeFirst", "useAdditionalCode", "codeAlso"]}, "heading": {"type": "string"}, "from": {"type": "string"}, "inherited": {"type": "boolean"}, "texts": {"type": "array", "items": {"type": "string"}}}}},
          "seventhCharacters": {"type": "array", "items": {"type": "object", "properties": {"character": {"type": "string"}, "meaning": {"type": "string"}}}},
          "seventhCharacterSource": {"type": "string"}, "seventhCharacterNote": {"type": "string"}, "placeholder": {"type": "string"},
          "attributes": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "value": {"type": "string"}}}},
          "validity": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}, "valid": {"type": "boolean"}, "release": {"type": "string"}, "reason": {"type": "string"}, "approximate": {"type": "boolean"}}},
          "history": {"type": "array", "items": {"type": "object", "properties": {"release": {"type": "string"}, "effectiveFrom": {"type": "string", "format": "date"}, "effectiveThrough": {"type": "string", "format": "date"}, "present": {"type": "boolean"}, "billable": {"type": "boolean"}}}},
          "indexEntries": {"type": "array", "items": {"type": "string"}}
        }
      },
      "X12Validation": {
        "type": "object",
        "required": ["valid", "isX12", "segments", "transactions", "errors"],
        "properties": {
          "valid": {"type": "boolean"}, "isX12": {"type": "boolean"}, "segments": {"type": "integer"},
          "transactions": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "controlNumber": {"type": "string"}, "version": {"type": "string"}, "guide": {"type": "string"}, "accepted": {"type": "boolean"}, "errorCount": {"type": "integer"}}}},
          "errors": {"type": "array", "items": {"type": "object", "properties": {
            "level": {"type": "string", "enum": ["interchange", "group", "transaction", "segment", "element"]},
            "code": {"type": "string", "description": "TA105, AK905, IK502, IK304 or IK403 code, by level"},
            "message": {"type": "string"}, "segmentIndex": {"type": "integer"}, "segmentId": {"type": "string"}, "line": {"type": "integer"},
            "positionInTransaction": {"type": "integer"}, "loop": {"type": "string"}, "element": {"type": "integer"}, "component": {"type": "integer"},
            "repetition": {"type": "integer"}, "value": {"type": "string"},
            "rule": {"type": "string", "description": "Rules beyond syntax: claim-charge-balance, claim-payment-balance, service-line-balance, payment-balance, npi-check-digit"}}}},
          "acknowledgment": {"type": "string", "description": "The 999 (with a TA1 when the interchange envelope is in error)"}
        }
      },
      "Error": {
        "type": "object",
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "parameter": {"type": "string"}, "suggestions": {"type": "array", "items": {"$ref": "#/components/schemas/CodeReference"}}}}}
      }
    }
  }
}
"""#
