import Foundation
import HealthCareX12
import RevenueCycle
import Vapor

/// GET /api/v1/claims/{id}/837: a claim as the 837P or 837I it is sent as, to read or to hand to a clearinghouse by
/// hand. It is a test interchange (ISA15 T) numbered 1: batches for submission number their own interchanges.
struct ClaimFileRoutes: Sendable {
    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table.append(RouteRule(method: .GET, path: "/api/v1/claims/:id/837", permission: .claimsRead))
        api.get("claims", ":id", "837", use: file)
    }

    @Sendable func file(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let claim = try await ClaimRoutes.claim(req, principal).value
        let records = try await Self.records(of: claim, req)
        guard let tenant = try await req.store.tenant(id: principal.tenantID) else { throw AccessError.signInRequired }
        guard let phone = tenant.billingPhone else {
            throw RecordError.invalid([FieldProblem(field: "tenant.billingPhone", message: "\(tenant.name) has no billing office phone; the 837's submitter contact (loop 1000A PER) needs one")])
        }
        let submitter = ClaimSubmitter(name: tenant.name, id: tenant.taxID.value, contactName: "Billing office", contactPhone: phone)
        let payerID = records.payer.electronicID.value
        let text = ClaimInterchange.interchange(
            [records], kind: claim.kind, submitter: submitter, receiver: Party(name: records.payer.name, idQualifier: "46", id: payerID),
            // ISA05 30: the sender is known by its federal tax id.
            parties: InterchangeParties(senderQualifier: "30", senderID: tenant.taxID.value, receiverID: payerID, usage: "T"),
            batchID: claim.patientControlNumber, created: Date(), interchangeControlNumber: 1, groupControlNumber: 1)
        try await req.audit(principal, .read, entityType: "claim", entityID: claim.id.uuidString, detail: "837 file")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/edi-x12")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"claim-\(claim.patientControlNumber).837\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// The records the claim names, from the claim's own tenant; one that is gone is named in a 422.
    static func records(of claim: RevenueCycle.Claim, _ req: Request) async throws -> ClaimRecords {
        do {
            return try await ClaimRecords.load(for: claim, from: req.store)
        } catch let missing as MissingClaimRecord {
            throw RecordError.invalid([FieldProblem(field: missing.field, message: missing.description)])
        }
    }
}
