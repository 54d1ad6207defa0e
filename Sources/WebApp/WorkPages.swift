import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// The signed-in pages: the practice's dashboard, patients and coverage, encounters with their fee sheet, claims as
/// CMS-1500 or UB-04 with their timeline, payers, providers, fee schedules, users and roles. Every page asks `require`
/// for its permission, exactly as the API does, and every form carries the session's CSRF token.
struct WorkPages: Sendable {
    func register(_ app: Application) {
        app.get("work", use: dashboard)
        app.get("patients", use: patients)
        app.get("patients", ":id", use: patient)
        app.get("encounters", use: encounters)
        app.get("encounters", ":id", use: encounter)
        app.post("encounters", ":id", "charges", use: addCharge)
        app.get("claims", use: claims)
        app.get("claims", ":id", use: claim)
        app.post("claims", ":id", "transition", use: transition)
        app.get("payers", use: payers)
        app.get("providers", use: providers)
        app.get("fee-schedules", use: feeSchedules)
        app.get("users", use: users)
    }

    static func page(_ req: Request, _ principal: Principal, title: String, body: String, active: String, status: HTTPStatus = .ok,
                     script: String = "") async throws -> Response {
        let tenant = try await req.store.tenant(id: principal.tenantID)
        let links: [(String, String, Permission)] = [
            ("/work", "Dashboard", .encountersRead), ("/patients", "Patients", .patientsRead), ("/encounters", "Encounters", .encountersRead), ("/coding", "Coding", .encountersRead), ("/queries", "Queries", .encountersRead),
            ("/claims", "Claims", .claimsRead), ("/batches", "Batches", .claimsRead), ("/received", "Received files", .claimsRead), ("/denials", "Denials", .claimsRead),
            ("/posting-exceptions", "Posting exceptions", .claimsRead),
            ("/deposits", "Deposits", .claimsRead), ("/enrollments", "Enrollments", .claimsRead),
            ("/payers", "Payers", .coverageRead), ("/providers", "Providers", .encountersRead), ("/fee-schedules", "Fee schedules", .claimsRead),
            ("/users", "Users and roles", .usersManage),
        ]
        let nav = links.filter { PermissionMatrix.allows(principal.role, $0.2) }
            .map { "<a href=\"\($0.0)\"\($0.0 == active ? " aria-current=page" : "")>\($0.1)</a>" }.joined()
        let bar = """
        <nav class=work>\(nav)<span class=who>\(esc(principal.user.displayName)) · \(esc(principal.role.rawValue)) · \(esc(tenant?.name ?? ""))
        \(try await AuthRoutes.tenantSwitcher(req, principal))<form method=post action="/logout" class=inline><input type=hidden name=_csrf value="\(esc(principal.grant.csrfToken ?? ""))"><button>Sign out</button></form></span></nav>
        """
        return Pages.page(title: title, body: bar + body, active: active, status: status, script: script)
    }

    static func csrfField(_ principal: Principal) -> String {
        "<input type=hidden name=_csrf value=\"\(esc(principal.grant.csrfToken ?? ""))\">"
    }

    // MARK: dashboard

    @Sendable func dashboard(_ req: Request) async throws -> Response {
        guard let principal = req.principal else { throw AccessError.signInRequired }
        var body = "<h1>\(esc(principal.user.displayName))</h1><p class=muted>You work as \(esc(principal.role.rawValue)).</p>"
        if PermissionMatrix.allows(principal.role, .claimsRead) {
            body += "<h2>Claims by status</h2><table class=compact><tr><th>Status</th><th>Claims</th></tr>"
            for status in ClaimStatus.allCases {
                let count = try await req.store.claimCount(tenantID: principal.tenantID, statuses: [status])
                guard count > 0 else { continue }
                body += "<tr><td><a href=\"/claims?status=\(status.rawValue)\">\(esc(status.rawValue))</a></td><td>\(count)</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>What your role may do</h2><p>" + PermissionMatrix.permissions(of: principal.role).map { "<span class=status>\($0.rawValue)</span>" }.joined(separator: " ") + "</p>"
        return try await Self.page(req, principal, title: "Dashboard", body: body, active: "/work")
    }

    // MARK: patients

    @Sendable func patients(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsRead)
        let search = try req.stringParameter("search") ?? ""
        let page = try await req.store.records(Patient.self, tenantID: principal.tenantID,
                                               query: RecordQuery(search: search.isEmpty ? nil : search, limit: 50, cursor: try req.stringParameter("cursor", maxLength: 400)))
        try await req.audit(principal, .read, entityType: "patient", entityID: "list", detail: "\(page.items.count) listed on the patients page")
        var body = "<h1>Patients</h1>"
        if PermissionMatrix.allows(principal.role, .patientsWrite) { body += "<p><a href=\"/patients/new\">Register a patient</a></p>" }
        body += "<form class=search method=get><input id=q name=search value=\"\(esc(search))\" placeholder=\"Name, account number or date of birth\" autofocus><button>Find</button></form>"
        body += "<table><tr><th>Name</th><th>Born</th><th>Sex</th><th>Account</th></tr>"
        for p in page.items.map(\.value) {
            body += "<tr><td><a href=\"/patients/\(p.id)\">\(esc(p.name.description))</a></td><td>\(p.dateOfBirth)</td><td>\(p.sex.rawValue)</td><td>\(esc(p.accountNumber))</td></tr>"
        }
        body += "</table>" + Self.nextLink(req, page.nextCursor)
        return try await Self.page(req, principal, title: "Patients", body: body, active: "/patients")
    }

    @Sendable func patient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsRead)
        let id = try req.uuidPathParameter()
        let store = req.store
        guard let p = try await store.record(Patient.self, id: id, tenantID: principal.tenantID)?.value else { throw RecordError.notFound(noun: "patient", id: id) }
        try await req.audit(principal, .read, entityType: "patient", entityID: id.uuidString, detail: "patient page")
        var body = "<h1>\(esc(p.name.description))</h1><dl><dt>Born</dt><dd>\(p.dateOfBirth)</dd><dt>Sex</dt><dd>\(p.sex.rawValue)</dd>"
        body += "<dt>Account</dt><dd>\(esc(p.accountNumber))</dd><dt>Address</dt><dd>\(esc(Self.address(p.address)))</dd>"
        body += "<dt>Phone</dt><dd>\(esc(p.phone ?? "—"))</dd></dl>"
        if PermissionMatrix.allows(principal.role, .patientsWrite) { body += "<p><a href=\"/patients/\(id)/edit\">Edit patient</a></p>" }
        if PermissionMatrix.allows(principal.role, .coverageRead) {
            let coverages = try await store.records(Coverage.self, tenantID: principal.tenantID, query: RecordQuery(patientID: id, limit: 20)).items.map(\.value)
            let mayEdit = PermissionMatrix.allows(principal.role, .coverageWrite)
            body += "<h2>Coverage</h2><table><tr><th>Order</th><th>Payer</th><th>Member id</th><th>Group</th><th>Relationship</th><th>In force</th><th></th></tr>"
            for c in coverages.sorted(by: { $0.order < $1.order }) {
                let payer = try await store.record(Payer.self, id: c.payerID, tenantID: principal.tenantID)?.value
                body += "<tr><td>\(c.order.rawValue)</td><td>\(esc(payer?.name ?? "?"))</td><td>\(esc(c.memberID))</td><td>\(esc(c.groupNumber ?? ""))</td>"
                body += "<td>\(c.relationship.rawValue)</td><td>\(c.effectiveFrom) – \(c.effectiveThrough.map(\.iso) ?? "")</td>"
                body += "<td>\(mayEdit ? "<a href=\"/patients/\(id)/coverages/\(c.id)/edit\">Edit</a>" : "")</td></tr>"
            }
            body += "</table>"
            if mayEdit {
                let payers = try await store.records(Payer.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
                body += "<h3>Add coverage</h3>" + RegistrationPages.coverageForm(principal, patientID: id, payers: payers)
            }
        }
        let encounters = try await store.records(Encounter.self, tenantID: principal.tenantID, query: RecordQuery(patientID: id, limit: 50)).items.map(\.value)
        body += "<h2>Encounters</h2>" + Self.encounterTable(encounters)
        if PermissionMatrix.allows(principal.role, .encountersWrite) {
            let providers = try await store.records(Provider.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
            body += RegistrationPages.encounterForm(principal, patientID: id, providers: providers)
        }
        if PermissionMatrix.allows(principal.role, .claimsRead) {
            let claims = try await store.claimSummaries(tenantID: principal.tenantID, query: ClaimQuery(patientID: id, limit: 50)).items.map(\.value)
            body += "<h2>Claims</h2>" + Self.claimTable(claims)
        }
        return try await Self.page(req, principal, title: p.name.description, body: body, active: "/patients")
    }

    // MARK: encounters and charges

    @Sendable func encounters(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let status = try req.stringParameter("status", maxLength: 40)
        let page = try await req.store.records(Encounter.self, tenantID: principal.tenantID,
                                               query: RecordQuery(status: status?.isEmpty == false ? status : nil, limit: 50, cursor: try req.stringParameter("cursor", maxLength: 400)))
        var body = "<h1>Encounters</h1>" + Self.statusLinks("/encounters", EncounterStatus.allCases.map(\.rawValue))
        body += Self.encounterTable(page.items.map(\.value)) + Self.nextLink(req, page.nextCursor)
        return try await Self.page(req, principal, title: "Encounters", body: body, active: "/encounters")
    }

    static func encounterTable(_ encounters: [Encounter]) -> String {
        var html = "<table><tr><th>Date of service</th><th>Kind</th><th>Place</th><th>Diagnoses</th><th>Status</th></tr>"
        for e in encounters {
            html += "<tr><td><a href=\"/encounters/\(e.id)\">\(e.serviceFrom)\(e.serviceThrough != e.serviceFrom ? " – \(e.serviceThrough)" : "")</a></td>"
            html += "<td>\(e.claimKind.rawValue)</td><td>\(esc(e.placeOfService ?? e.institutionalBillType ?? ""))</td>"
            html += "<td class=code>\(esc(e.diagnoses.map(\.description).joined(separator: " ")))</td><td><span class=status>\(e.status.rawValue)</span></td></tr>"
        }
        return html + "</table>"
    }

    @Sendable func encounter(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        return try await Self.encounterPage(req, principal, chargeError: nil)
    }

    static func encounterPage(_ req: Request, _ principal: Principal, chargeError: [FieldProblem]?) async throws -> Response {
        let id = try req.uuidPathParameter()
        let store = req.store
        guard let e = try await store.record(Encounter.self, id: id, tenantID: principal.tenantID)?.value else { throw RecordError.notFound(noun: "encounter", id: id) }
        try await req.refuseWhileAuditBlind(principal, encounterID: id)
        try await req.audit(principal, .read, entityType: "encounter", entityID: id.uuidString, detail: "encounter page")
        let rendering = try await store.record(Provider.self, id: e.renderingProviderID, tenantID: principal.tenantID)?.value
        var body = "<h1>Encounter \(e.serviceFrom)</h1><dl><dt>Status</dt><dd><span class=status>\(e.status.rawValue)</span></dd>"
        body += "<dt>Kind</dt><dd>\(e.claimKind.rawValue)</dd><dt>Rendering</dt><dd>\(esc(rendering?.displayName ?? "?"))</dd>"
        if PermissionMatrix.allows(principal.role, .patientsRead) { body += "<dt>Patient</dt><dd><a href=\"/patients/\(e.patientID)\">open</a></dd>" }
        body += "</dl><h2>Diagnoses</h2><ol class=code>" + e.diagnoses.map { "<li>\(esc($0.description))</li>" }.joined() + "</ol>"
        body += "<h2>Note</h2><pre class=note>\(esc(e.note))</pre>"
        let charges = try await store.records(Charge.self, tenantID: principal.tenantID, query: RecordQuery(encounterID: id, limit: RecordQuery.maximumLimit)).items.map(\.value)
        body += "<h2>Fee sheet</h2><table><tr><th>Date</th><th>Code</th><th>Modifiers</th><th>Units</th><th>Pointers</th><th>Charge</th></tr>"
        for c in charges.sorted(by: { $0.serviceDate < $1.serviceDate }) {
            body += "<tr><td>\(c.serviceDate)</td><td class=code>\(esc(c.procedure.code))</td><td>\(esc(c.modifiers.joined(separator: " ")))</td>"
            body += "<td>\(c.units)</td><td>\(c.diagnosisPointers.map(String.init).joined(separator: ","))</td><td>\(c.amount.formatted)</td></tr>"
        }
        body += "</table>"
        if PermissionMatrix.allows(principal.role, .chargesWrite) {
            if let chargeError { body += "<p class=error role=alert>" + chargeError.map { esc($0.description) }.joined(separator: "<br>") + "</p>" }
            body += """
            <form method=post action="/encounters/\(id)/charges" class=feesheet>\(csrfField(principal))
            <label>Code <input name=code required size=8 autofocus></label>
            <label>Modifiers <input name=modifiers size=12 placeholder="25 59"></label>
            <label>Units <input name=units type=number min=1 value=1 size=3></label>
            <label>Pointers <input name=pointers size=8 value=1 placeholder="1,2"></label>
            <label>Charge <input name=amount size=9 placeholder="125.00" required></label>
            <label>Date <input name=date type=date value="\(e.serviceFrom)"></label>
            <button>Add charge</button></form>
            """
        }
        return try await Self.page(req, principal, title: "Encounter \(e.serviceFrom)", body: body, active: "/encounters")
    }

    struct ChargeForm: Content {
        var code: String
        var modifiers: String?
        var units: Int?
        var pointers: String?
        var amount: String
        var date: String?
    }

    /// The fee sheet's form: one charge line, keyboard first (Enter adds it and the form comes back for the next).
    @Sendable func addCharge(_ req: Request) async throws -> Response {
        let principal = try await req.require(.chargesWrite)
        let id = try req.uuidPathParameter()
        guard let e = try await req.store.record(Encounter.self, id: id, tenantID: principal.tenantID)?.value else { throw RecordError.notFound(noun: "encounter", id: id) }
        let form = try req.content.decode(ChargeForm.self)
        var problems: [FieldProblem] = []
        let amount = Money(dollars: form.amount.trimmingCharacters(in: .whitespaces))
        if amount == nil { problems.append(FieldProblem(field: "amount", message: "expected dollars and cents such as 125.00; got \"\(form.amount)\"")) }
        let pointers = (form.pointers ?? "1").split(whereSeparator: { $0 == "," || $0 == " " }).map { Int($0) }
        if pointers.contains(nil) { problems.append(FieldProblem(field: "pointers", message: "expected diagnosis numbers such as 1,2")) }
        let date = form.date.flatMap { $0.isEmpty ? nil : ServiceDate(iso: $0) } ?? e.serviceFrom
        let code = form.code.trimmingCharacters(in: .whitespaces).uppercased()
        let system: ProcedureCodeSystem = e.claimKind == .institutional && code.count == 7 ? .icd10pcs : (code.first?.isLetter == true ? .hcpcs : .cpt)
        if problems.isEmpty, let amount {
            let charge = Charge(id: UUID(), tenantID: principal.tenantID, encounterID: id, procedure: ProcedureCode(system: system, code: code),
                                modifiers: (form.modifiers ?? "").split(separator: " ").map { $0.uppercased() }, units: form.units ?? 1,
                                amount: amount, diagnosisPointers: pointers.compactMap { $0 }, serviceDate: date)
            problems = charge.validate(in: e)
            if problems.isEmpty {
                _ = try await req.store.insert(charge)
                try await req.audit(principal, .create, entityType: "charge", entityID: charge.id.uuidString, detail: "\(code) \(amount) on encounter \(id)")
                return req.redirect(to: "/encounters/\(id)", redirectType: .normal)
            }
        }
        let response = try await Self.encounterPage(req, principal, chargeError: problems)
        response.status = .unprocessableEntity
        return response
    }

    // MARK: claims

    @Sendable func claims(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let status = try req.stringParameter("status", maxLength: 40).flatMap(ClaimStatus.init(rawValue:))
        let page = try await req.store.claimSummaries(tenantID: principal.tenantID,
                                              query: ClaimQuery(statuses: status.map { [$0] } ?? [], limit: 50, cursor: try req.stringParameter("cursor", maxLength: 400)))
        try await req.audit(principal, .read, entityType: "claim", entityID: "list", detail: "\(page.items.count) on the claims page")
        var body = "<h1>Claims\(status.map { " · \($0.rawValue)" } ?? "")</h1>" + Self.statusLinks("/claims", ClaimStatus.allCases.map(\.rawValue))
        body += Self.claimTable(page.items.map(\.value)) + Self.nextLink(req, page.nextCursor)
        return try await Self.page(req, principal, title: "Claims", body: body, active: "/claims")
    }

    static func claimTable(_ claims: [ClaimSummary]) -> String {
        var html = "<table><tr><th>Patient control no.</th><th>Kind</th><th>Service</th><th>Charge</th><th>Balance</th><th>Status</th></tr>"
        for c in claims {
            html += "<tr><td><a href=\"/claims/\(c.id)\" class=code>\(esc(c.patientControlNumber))</a></td><td>\(c.kind == .professional ? "837P" : "837I")</td>"
            html += "<td>\(c.serviceFrom.map(\.iso) ?? "")</td><td>\(c.totalCharge.formatted)</td><td>\(c.outstanding.formatted)</td>"
            html += "<td><span class=status>\(c.status.rawValue)</span></td></tr>"
        }
        return html + "</table>"
    }

    @Sendable func claim(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        return try await Self.claimPage(req, principal, error: nil)
    }

    static func claimPage(_ req: Request, _ principal: Principal, error: String?) async throws -> Response {
        let stored = try await ClaimRoutes.claim(req, principal)
        let c = stored.value, store = req.store, tenantID = principal.tenantID
        try await req.audit(principal, .read, entityType: "claim", entityID: c.id.uuidString, detail: "claim page")
        let patient = try await store.record(Patient.self, id: c.patientID, tenantID: tenantID)?.value
        let coverage = try await store.record(Coverage.self, id: c.coverageID, tenantID: tenantID)?.value
        let payer = try await store.record(Payer.self, id: c.payerID, tenantID: tenantID)?.value
        var rendering: Provider?
        if let id = c.renderingProviderID { rendering = try await store.record(Provider.self, id: id, tenantID: tenantID)?.value }
        var body = "<h1>Claim \(esc(c.patientControlNumber)) <span class=status>\(c.status.rawValue)</span></h1>"
        if let error { body += "<p class=error role=alert>\(esc(error))</p>" }
        body += c.kind == .professional
            ? ClaimForms.cms1500(c, patient: patient, coverage: coverage, payer: payer, rendering: rendering)
            : ClaimForms.ub04(c, patient: patient, coverage: coverage, payer: payer, rendering: rendering)
        do {
            body += ScrubRoutes.panel(try await ScrubRoutes.edits(of: c, req), claimID: c.id, principal)
        } catch RecordError.invalid(let problems) {
            body += "<section id=edits><h2>Edits</h2><p class=error>The edits could not run: \(esc(problems.map(\.message).joined(separator: "; ")))</p></section>"
        }
        body += "<p><a href=\"/api/v1/claims/\(c.id)/837\" download>The \(c.kind == .professional ? "837P" : "837I") file</a> (as it is sent; a test interchange)</p>"
        let t = c.totals
        body += "<h2>Money</h2><dl><dt>Charges</dt><dd>\(t.charges.formatted)</dd><dt>Payments</dt><dd>\(t.payments.formatted)</dd>"
        body += "<dt>Adjustments</dt><dd>\(t.adjustments.formatted)</dd><dt>Patient responsibility</dt><dd>\(t.patientResponsibility.formatted)</dd>"
        body += "<dt>Balance</dt><dd>\(t.balance.formatted)</dd></dl>"
        body += "<h2>Timeline</h2><ol class=timeline>"
        for h in c.history {
            body += "<li><time>\(ISO8601DateFormatter().string(from: h.at))</time> <b>\(h.from.rawValue) → \(h.to.rawValue)</b> by \(esc(h.actor.displayName)): \(esc(h.reason))"
            if let s = h.source { body += " <span class=muted>(\(esc(s.kind)) \(esc(s.reference)))</span>" }
            body += "</li>"
        }
        body += "</ol>" + ExchangePages.filesSection(try await store.claimDocuments(claimID: c.id, tenantID: tenantID))
        let allowed = ClaimStateMachine.allowedTargets(from: c.status)
        if PermissionMatrix.allows(principal.role, .claimsWrite), !allowed.isEmpty {
            body += "<form method=post action=\"/claims/\(c.id)/transition\" class=feesheet>\(csrfField(principal))<input type=hidden name=version value=\(stored.version)>"
            body += "<label>Move to <select name=to>" + allowed.map { "<option>\($0.rawValue)</option>" }.joined() + "</select></label>"
            body += "<label>Why <input name=reason required size=40></label><button>Move</button></form>"
        }
        body += ClaimCorrectionPages.forms(c, version: stored.version, principal)
        return try await Self.page(req, principal, title: "Claim \(c.patientControlNumber)", body: body, active: "/claims")
    }

    struct TransitionForm: Content {
        var to: String
        var reason: String
        var version: Int
    }

    @Sendable func transition(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsWrite)
        let form = try req.content.decode(TransitionForm.self)
        guard let to = ClaimStatus(rawValue: form.to) else { throw APIError.invalidParameter(name: "to", message: "unknown status '\(form.to)'") }
        if [.batched, .submitted].contains(to) { _ = try await req.require(.claimsSubmit) }
        var stored = try await ClaimRoutes.claim(req, principal)
        guard stored.version == form.version else {
            let response = try await Self.claimPage(req, principal, error: "someone changed this claim while you were looking; here it is as it is now")
            response.status = .conflict
            return response
        }
        let from = stored.value.status
        do {
            try stored.value.transition(to: to, actor: principal.claimActor, at: Date(), reason: form.reason)
        } catch {
            let response = try await Self.claimPage(req, principal, error: error.description)
            response.status = .conflict
            return response
        }
        _ = try await req.store.updateClaim(stored.value, expectedVersion: stored.version)
        try await req.audit(principal, .transition, entityType: "claim", entityID: stored.value.id.uuidString, detail: "\(from.rawValue) -> \(to.rawValue): \(form.reason)")
        return req.redirect(to: "/claims/\(stored.value.id)", redirectType: .normal)
    }

    // MARK: payers, fee schedules, users

    @Sendable func payers(_ req: Request) async throws -> Response {
        let principal = try await req.require(.coverageRead)
        let page = try await req.store.records(Payer.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit))
        let mayEdit = PermissionMatrix.allows(principal.role, .payersManage)
        var body = "<h1>Payers</h1>" + (mayEdit ? "<p><a href=\"/payers/new\">New payer</a></p>" : "")
        body += "<table><tr><th>Name</th><th>Payer id</th><th>Filing indicator</th><th>Timely filing</th><th>Appeal limit</th><th></th></tr>"
        for p in page.items.map(\.value) {
            body += "<tr><td>\(esc(p.name))</td><td class=code>\(esc(p.electronicID.value))</td><td>\(p.claimFilingIndicator.rawValue)</td>"
            body += "<td>\(p.timelyFilingDays) days</td><td>\(p.appealDays) days</td><td>\(mayEdit ? "<a href=\"/payers/\(p.id)/edit\">Edit</a>" : "")</td></tr>"
        }
        return try await Self.page(req, principal, title: "Payers", body: body + "</table>", active: "/payers")
    }

    @Sendable func providers(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let page = try await req.store.records(Provider.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit))
        let mayEdit = PermissionMatrix.allows(principal.role, .tenantsManage)
        var body = "<h1>Providers</h1>" + (mayEdit ? "<p><a href=\"/providers/new\">New provider</a></p>" : "")
        body += "<table><tr><th>Name</th><th>Kind</th><th>NPI</th><th>Taxonomy</th><th>Specialty</th><th></th></tr>"
        for p in page.items.map(\.value) {
            body += "<tr><td>\(esc(p.displayName))</td><td>\(p.kind.rawValue)</td><td class=code>\(esc(p.npi.value))</td><td class=code>\(esc(p.taxonomy.value))</td>"
            body += "<td>\(esc(p.specialty))</td><td>\(mayEdit ? "<a href=\"/providers/\(p.id)/edit\">Edit</a>" : "")</td></tr>"
        }
        return try await Self.page(req, principal, title: "Providers", body: body + "</table>", active: "/providers")
    }

    @Sendable func feeSchedules(_ req: Request) async throws -> Response {
        let principal = try await req.require(.claimsRead)
        let page = try await req.store.records(FeeSchedule.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit))
        let mayEdit = PermissionMatrix.allows(principal.role, .feeSchedulesManage)
        var body = "<h1>Fee schedules</h1>" + (mayEdit ? "<p><a href=\"/fee-schedules/new\">New fee schedule</a></p>" : "")
        for s in page.items.map(\.value) {
            body += "<h2>\(esc(s.name)) <span class=status>\(s.purpose.rawValue)</span></h2>"
            if mayEdit { body += "<p><a href=\"/fee-schedules/\(s.id)/edit\">Rename</a> · <a href=\"/fee-schedules/\(s.id)/entries/new\">Add a price</a></p>" }
            body += "<table><tr><th>Code</th><th>Modifier</th><th>Amount</th><th>From</th><th>Through</th><th></th></tr>"
            for (i, e) in s.entries.enumerated() {
                body += "<tr><td class=code>\(esc(e.code))</td><td>\(esc(e.modifier ?? ""))</td><td>\(e.amount.formatted)</td><td>\(e.effectiveFrom)</td><td>\(e.effectiveThrough.map(\.iso) ?? "")</td>"
                body += "<td>\(mayEdit ? "<a href=\"/fee-schedules/\(s.id)/entries/\(i)/edit\">Edit</a>" : "")</td></tr>"
            }
            body += "</table>"
        }
        return try await Self.page(req, principal, title: "Fee schedules", body: body, active: "/fee-schedules")
    }

    @Sendable func users(_ req: Request) async throws -> Response {
        let principal = try await req.require(.usersManage)
        let users = try await req.store.users(tenantID: principal.tenantID)
        var body = "<h1>Users and roles</h1><table><tr><th>Name</th><th>Email</th><th>Role</th><th>Last sign-in</th><th>State</th><th></th></tr>"
        for (u, membership) in users.sorted(by: { $0.0.displayName < $1.0.displayName }) {
            let locked = u.lockedUntil.map { $0 > Date() } == true
            let state = !u.isActive || !membership.isActive ? "inactive" : (locked ? "locked" : "active")
            func action(_ name: String, _ label: String) -> String {
                "<form method=post action=\"/users/\(u.id)/\(name)\" class=inline>\(Self.csrfField(principal))<button>\(label)</button></form>"
            }
            var actions = u.id == principal.user.id ? "" : (membership.isActive ? action("deactivate", "Deactivate") : action("reactivate", "Reactivate"))
            if locked || u.failedSignIns > 0 { actions += action("unlock", "Unlock") }
            body += "<tr><td>\(esc(u.displayName))</td><td>\(esc(u.email))</td><td>\(membership.role.rawValue)</td>"
            body += "<td>\(u.lastSignInAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never")</td><td>\(state)</td><td>\(actions)</td></tr>"
        }
        body += "</table>" + RegistrationPages.userForm(principal) + "<h2>Permission matrix</h2><table><tr><th>Permission</th>" + Role.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr>"
        for p in Permission.allCases {
            body += "<tr><td>\(p.rawValue)</td>" + Role.allCases.map { PermissionMatrix.allows($0, p) ? "<td>✓</td>" : "<td></td>" }.joined() + "</tr>"
        }
        return try await Self.page(req, principal, title: "Users and roles", body: body + "</table>", active: "/users")
    }

    // MARK: helpers

    /// Links that filter a list by status, and one for all.
    static func statusLinks(_ path: String, _ statuses: [String]) -> String {
        "<p>" + (["all"] + statuses).map { s in "<a href=\"\(path)\(s == "all" ? "" : "?status=\(s)")\">\(s)</a>" }.joined(separator: " · ") + "</p>"
    }

    static func nextLink(_ req: Request, _ cursor: String?) -> String {
        guard let cursor else { return "" }
        var components = URLComponents()
        components.queryItems = (req.url.query.map { URLComponents(string: "?\($0)")?.queryItems ?? [] } ?? []).filter { $0.name != "cursor" }
            + [URLQueryItem(name: "cursor", value: cursor)]
        return "<p><a href=\"\(esc(req.url.path + (components.string ?? "")))\">Next page →</a></p>"
    }

    static func address(_ a: Address) -> String {
        (a.lines + ["\(a.city), \(a.state) \(a.postalCode)"]).joined(separator: ", ")
    }
}
