import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

extension PayerEnrollment: APIRecord {
    /// The OpenAPI document's example: the first demo practice enrolled with its first payer for claims and ERA,
    /// EFT pending.
    static func example(_ demo: DemoDataSet) -> PayerEnrollment? {
        guard let tenant = demo.tenants.first, let payer = demo.payers.first(where: { $0.tenantID == tenant.id }),
              let from = ServiceDate(year: 2025, month: 1, day: 1), let sent = ServiceDate(year: 2025, month: 10, day: 1) else { return nil }
        return PayerEnrollment(id: UUID(uuidString: "00000000-0000-4000-8000-0000000e0001") ?? UUID(), tenantID: tenant.id, payerID: payer.id,
                               providerNPI: tenant.billingNPI, payerEnrollmentID: "TP-\(payer.electronicID.value)",
                               claims: EnrollmentState(status: .approved, submittedOn: ServiceDate(year: 2024, month: 11, day: 1), effectiveFrom: from),
                               era: EnrollmentState(status: .approved, effectiveFrom: from), eft: EnrollmentState(status: .pending, submittedOn: sent))
    }

    /// The payer, and the provider when one is named, must be the practice's.
    func referenceProblems(in store: DatabaseStore) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if try await store.record(Payer.self, id: payerID, tenantID: tenantID) == nil {
            problems.append(FieldProblem(field: "payerID", message: "no payer of this practice has the id \(payerID)"))
        }
        if let providerID {
            if let provider = try await store.record(Provider.self, id: providerID, tenantID: tenantID)?.value {
                if provider.npi != providerNPI {
                    problems.append(FieldProblem(field: "providerNPI", message: "provider \(providerID) has NPI \(provider.npi.value), not \(providerNPI.value)"))
                }
            } else {
                problems.append(FieldProblem(field: "providerID", message: "no provider of this practice has the id \(providerID)"))
            }
        }
        return problems
    }
}

/// `/enrollments`: each provider's enrollment with the practice's payers for claims, ERA and EFT, and its form
/// (`RecordFormPages<EnrollmentForms>`). A payer with any enrollment recorded takes only enrolled providers' claims
/// in batches (`EnrollmentBook`).
struct EnrollmentPages: Sendable {
    func register(_ app: Application) {
        app.get("enrollments", use: list)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let tenantID = principal.tenantID
        let enrollments = try await req.store.enrollmentBook(tenantID: tenantID).enrollments
        let payers = Dictionary(try await EnrollmentForms.payers(req, tenantID).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let mayEdit = PermissionMatrix.allows(principal.role, EnrollmentForms.permission)
        var body = "<h1>Payer enrollment</h1>" + (mayEdit ? "<p><a href=\"/enrollments/new\">New enrollment</a></p>" : "")
        body += "<p class=muted>A payer with any enrollment recorded takes only the claims of providers enrolled for claims on the day they are batched; "
            + "payers without one are not checked.</p>"
        body += "<table><tr><th>Payer</th><th>Provider NPI</th><th>Payer's id</th><th>Claims (837)</th><th>ERA (835)</th><th>EFT</th><th></th></tr>"
        for e in enrollments.sorted(by: { (payers[$0.payerID] ?? "", $0.providerNPI.value) < (payers[$1.payerID] ?? "", $1.providerNPI.value) }) {
            body += "<tr><td>\(esc(payers[e.payerID] ?? "unknown payer"))</td><td class=code>\(esc(e.providerNPI.value))</td><td>\(esc(e.payerEnrollmentID ?? ""))</td>"
            for t in EnrollmentTransaction.allCases { body += "<td><span class=status>\(esc(e.state(t).words))</span></td>" }
            body += "<td>\(mayEdit ? "<a href=\"/enrollments/\(e.id)/edit\">Edit</a>" : "")</td></tr>"
        }
        return try await WorkPages.page(req, principal, title: "Payer enrollment", body: body + "</table>", active: "/enrollments")
    }
}

enum EnrollmentForms: RecordFormKind {
    struct Form: Content {
        var payerID: String?, providerNPI: String?, payerEnrollmentID: String?, notes: String?
        var claimsStatus: String?, claimsSubmittedOn: String?, claimsEffectiveFrom: String?, claimsEffectiveThrough: String?, claimsRejectionReason: String?
        var eraStatus: String?, eraSubmittedOn: String?, eraEffectiveFrom: String?, eraEffectiveThrough: String?, eraRejectionReason: String?
        var eftStatus: String?, eftSubmittedOn: String?, eftEffectiveFrom: String?, eftEffectiveThrough: String?, eftRejectionReason: String?
        var version: Int?
    }

    static let path = "enrollments"
    static let noun = "payer enrollment"
    /// As the API: enrollment is part of a practice's payer setup.
    static let permission = Permission.payersManage

    static func payers(_ req: Request, _ tenantID: UUID) async throws -> [Payer] {
        try await req.store.records(Payer.self, tenantID: tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
    }

    static func form(_ e: PayerEnrollment?, version: Int?) -> Form {
        func s(_ t: EnrollmentTransaction) -> EnrollmentState { e?.state(t) ?? .notStarted }
        return Form(payerID: e?.payerID.uuidString, providerNPI: e?.providerNPI.value, payerEnrollmentID: e?.payerEnrollmentID, notes: e?.notes,
                    claimsStatus: s(.claims).status.rawValue, claimsSubmittedOn: s(.claims).submittedOn?.iso, claimsEffectiveFrom: s(.claims).effectiveFrom?.iso,
                    claimsEffectiveThrough: s(.claims).effectiveThrough?.iso, claimsRejectionReason: s(.claims).rejectionReason,
                    eraStatus: s(.era).status.rawValue, eraSubmittedOn: s(.era).submittedOn?.iso, eraEffectiveFrom: s(.era).effectiveFrom?.iso,
                    eraEffectiveThrough: s(.era).effectiveThrough?.iso, eraRejectionReason: s(.era).rejectionReason,
                    eftStatus: s(.eft).status.rawValue, eftSubmittedOn: s(.eft).submittedOn?.iso, eftEffectiveFrom: s(.eft).effectiveFrom?.iso,
                    eftEffectiveThrough: s(.eft).effectiveThrough?.iso, eftRejectionReason: s(.eft).rejectionReason, version: version)
    }

    static func version(_ form: Form) -> Int? { form.version }

    /// The form's values of one transaction, by the names of its inputs.
    static func values(_ f: Form, _ t: EnrollmentTransaction) -> [String?] {
        switch t {
        case .claims: [f.claimsStatus, f.claimsSubmittedOn, f.claimsEffectiveFrom, f.claimsEffectiveThrough, f.claimsRejectionReason]
        case .era: [f.eraStatus, f.eraSubmittedOn, f.eraEffectiveFrom, f.eraEffectiveThrough, f.eraRejectionReason]
        case .eft: [f.eftStatus, f.eftSubmittedOn, f.eftEffectiveFrom, f.eftEffectiveThrough, f.eftRejectionReason]
        }
    }

    static func fields(_ f: Form, _ req: Request, _ principal: Principal) async throws -> String {
        let payers = try await payers(req, principal.tenantID)
        let tenant = try await req.store.tenant(id: principal.tenantID)
        let providers = try await req.store.records(Provider.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
        var npis: [(String, String)] = tenant.map { [($0.billingNPI.value, "\($0.billingNPI.value) \($0.name) (billing provider)")] } ?? []
        npis += providers.filter { $0.npi != tenant?.billingNPI }.map { ($0.npi.value, "\($0.npi.value) \($0.displayName)") }
        var html = Forms.select("payerID", "Payer", payers.map { ($0.id.uuidString, $0.name) }, selected: f.payerID)
            + Forms.select("providerNPI", "Provider", npis, selected: f.providerNPI)
            + Forms.input("payerEnrollmentID", "Payer's enrollment or trading-partner id", f.payerEnrollmentID)
        for t in EnrollmentTransaction.allCases {
            let v = values(f, t)
            html += "<fieldset><legend>\(esc(t.words))</legend>"
                + Forms.select("\(t.rawValue)Status", "Status", EnrollmentStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: v[0] ?? "notStarted")
                + Forms.input("\(t.rawValue)SubmittedOn", "Submitted on", v[1], type: "date")
                + Forms.input("\(t.rawValue)EffectiveFrom", "Effective from", v[2], type: "date")
                + Forms.input("\(t.rawValue)EffectiveThrough", "Effective through", v[3], type: "date")
                + Forms.input("\(t.rawValue)RejectionReason", "Rejection reason", v[4]) + "</fieldset>"
        }
        return html + Forms.input("notes", "Notes", f.notes)
    }

    static func record(from f: Form, base: PayerEnrollment?, _ req: Request, _ principal: Principal) async throws -> PayerEnrollment {
        var problems: [FieldProblem] = []
        var payerID: UUID?
        if let id = UUID(uuidString: Forms.text(f.payerID)), try await req.store.record(Payer.self, id: id, tenantID: principal.tenantID) != nil {
            payerID = id
        } else {
            problems.append(FieldProblem(field: "payerID", message: "choose one of this practice's payers"))
        }
        let npi = NPI(Forms.text(f.providerNPI))
        var states: [EnrollmentState] = []
        for t in EnrollmentTransaction.allCases {
            let v = values(f, t)
            guard let status = EnrollmentStatus(rawValue: Forms.text(v[0])) else {
                problems.append(FieldProblem(field: "\(t.rawValue).status", message: "choose a status"))
                states.append(.notStarted)
                continue
            }
            states.append(EnrollmentState(status: status, submittedOn: Forms.optionalDate(v[1], "\(t.rawValue).submittedOn", &problems),
                                          effectiveFrom: Forms.optionalDate(v[2], "\(t.rawValue).effectiveFrom", &problems),
                                          effectiveThrough: Forms.optionalDate(v[3], "\(t.rawValue).effectiveThrough", &problems),
                                          rejectionReason: Forms.optional(v[4])))
        }
        guard let payerID, problems.isEmpty else { throw RecordError.invalid(problems) }
        let providers = try await req.store.records(Provider.self, tenantID: principal.tenantID, query: RecordQuery(search: npi.value, limit: 5)).items
        return PayerEnrollment(id: base?.id ?? UUID(), tenantID: principal.tenantID, payerID: payerID, providerNPI: npi,
                               providerID: providers.first { $0.value.npi == npi }?.value.id, payerEnrollmentID: Forms.optional(f.payerEnrollmentID),
                               claims: states[0], era: states[1], eft: states[2], notes: Forms.optional(f.notes))
    }
}
