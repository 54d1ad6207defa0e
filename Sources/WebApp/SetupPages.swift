import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// A record the administrator sets up through a form of its own: payers, providers, fee schedules. `RecordFormPages`
/// serves every kind the same way; each kind says only how its form maps to the record.
protocol RecordFormKind: Sendable {
    associatedtype R: APIRecord
    associatedtype Form: Content
    /// The list page, and the prefix of the form pages (`/payers/new`, `/payers/{id}/edit`).
    static var path: String { get }
    static var noun: String { get }
    /// Creating and changing; the same permission as the API's writes.
    static var permission: Permission { get }
    /// The form filled with the record (a blank one for nil) and the version it was read at.
    static func form(_ record: R?, version: Int?) -> Form
    static func version(_ form: Form) -> Int?
    /// The inputs, showing what the form holds.
    static func fields(_ form: Form, _ req: Request, _ principal: Principal) async throws -> String
    /// The record the form describes: new, or `base` changed (fields the form lacks stay as they are). Throws
    /// `RecordError.invalid` for what cannot be read.
    static func record(from form: Form, base: R?, _ req: Request, _ principal: Principal) async throws -> R
}

/// New and edit pages of one kind of record: `GET /<path>/new`, `POST /<path>`, `GET /<path>/{id}/edit` and
/// `POST /<path>/{id}` (with the version read, as the API's If-Match).
struct RecordFormPages<K: RecordFormKind>: Sendable {
    func register(_ app: Application) {
        app.get(.constant(K.path), "new", use: new)
        app.post(.constant(K.path), use: create)
        app.get(.constant(K.path), ":id", "edit", use: edit)
        app.post(.constant(K.path), ":id", use: update)
    }

    static func page(_ req: Request, _ principal: Principal, _ form: K.Form, editing: UUID?, problems: [FieldProblem],
                     status: HTTPStatus = .ok) async throws -> Response {
        let title = editing == nil ? "New \(K.noun)" : "Edit \(K.noun)"
        var body = "<h1>\(esc(title))</h1><p><a href=\"/\(K.path)\">Back to the list</a></p>" + Forms.problemList(problems)
        body += "<form method=post action=\"/\(K.path)\(editing.map { "/\($0)" } ?? "")\" class=feesheet>"
        body += WorkPages.csrfField(principal) + Forms.version(K.version(form)) + (try await K.fields(form, req, principal))
        body += "<button>\(editing == nil ? "Create" : "Save")</button></form>"
        return try await WorkPages.page(req, principal, title: title, body: body, active: "/\(K.path)", status: status)
    }

    static func stored(_ req: Request, _ principal: Principal) async throws -> Stored<K.R> {
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.record(K.R.self, id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: K.noun, id: id) }
        return stored
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let principal = try await req.require(K.permission)
        return try await Self.page(req, principal, K.form(nil, version: nil), editing: nil, problems: [])
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let principal = try await req.require(K.permission)
        let form = try req.content.decode(K.Form.self)
        return try await Forms.save(req, render: { try await Self.page(req, principal, form, editing: nil, problems: $0, status: $1) }) {
            let record = try await K.record(from: form, base: nil, req, principal)
            _ = try await req.insertRecord(record, principal, noun: K.noun, detail: "created on the web")
            return "/\(K.path)"
        }
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let principal = try await req.require(K.permission)
        let stored = try await Self.stored(req, principal)
        return try await Self.page(req, principal, K.form(stored.value, version: stored.version), editing: stored.value.id, problems: [])
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let principal = try await req.require(K.permission)
        let stored = try await Self.stored(req, principal)
        let form = try req.content.decode(K.Form.self)
        return try await Forms.save(req, render: { try await Self.page(req, principal, form, editing: stored.value.id, problems: $0, status: $1) }) {
            let record = try await K.record(from: form, base: stored.value, req, principal)
            _ = try await req.updateRecord(record, version: try Forms.requiredVersion(K.version(form)), principal, noun: K.noun, detail: "edited on the web")
            return "/\(K.path)"
        }
    }
}

// MARK: payers

enum PayerForms: RecordFormKind {
    struct Form: Content {
        var name: String?, electronicID: String?, claimFilingIndicator: String?, timelyFilingDays: String?, appealDays: String?
        var line1: String?, line2: String?, city: String?, state: String?, postalCode: String?
        var version: Int?
    }

    static let path = "payers"
    static let noun = "payer"
    static let permission = Permission.payersManage

    static func form(_ p: Payer?, version: Int?) -> Form {
        let a = p?.address
        return Form(name: p?.name, electronicID: p?.electronicID.value, claimFilingIndicator: p?.claimFilingIndicator.rawValue,
                    timelyFilingDays: String(p?.timelyFilingDays ?? 90), appealDays: String(p?.appealDays ?? 180), line1: a?.lines.first,
                    line2: a?.lines.dropFirst().first, city: a?.city, state: a?.state, postalCode: a?.postalCode, version: version)
    }

    static func version(_ form: Form) -> Int? { form.version }

    static func fields(_ f: Form, _ req: Request, _ principal: Principal) async throws -> String {
        Forms.input("name", "Name", f.name, extra: "required autofocus") + Forms.input("electronicID", "Payer id", f.electronicID, extra: "required size=10")
            + Forms.select("claimFilingIndicator", "Filing indicator", ClaimFilingIndicator.allCases.map { ($0.rawValue, "\($0.rawValue) \($0)") },
                           selected: f.claimFilingIndicator)
            + Forms.input("timelyFilingDays", "Timely filing (days)", f.timelyFilingDays, type: "number", extra: "required min=1")
            + Forms.input("appealDays", "Appeal limit (days)", f.appealDays, type: "number", extra: "required min=1")
            + "<fieldset><legend>Paper claims and appeals go to (optional)</legend>" + Forms.input("line1", "Street", f.line1)
            + Forms.input("line2", "Line 2", f.line2) + Forms.input("city", "City", f.city)
            + Forms.input("state", "State", f.state, extra: "size=2 maxlength=2") + Forms.input("postalCode", "ZIP", f.postalCode, extra: "size=10")
            + "</fieldset>"
    }

    static func record(from f: Form, base: Payer?, _ req: Request, _ principal: Principal) async throws -> Payer {
        var problems: [FieldProblem] = []
        let timely = Forms.int(f.timelyFilingDays, "timelyFilingDays", &problems)
        let appeal = Forms.int(f.appealDays, "appealDays", &problems)
        let indicator = ClaimFilingIndicator(rawValue: Forms.text(f.claimFilingIndicator))
        if indicator == nil { problems.append(FieldProblem(field: "claimFilingIndicator", message: "choose a filing indicator")) }
        guard let indicator, problems.isEmpty else { throw RecordError.invalid(problems) }
        let lines = [Forms.text(f.line1), Forms.text(f.line2)].filter { !$0.isEmpty }
        // An address with nothing typed is no address: payers reached only electronically have none.
        let address = lines.isEmpty && Forms.optional(f.city) == nil && Forms.optional(f.postalCode) == nil ? nil
            : Address(lines: lines, city: Forms.text(f.city), state: Forms.text(f.state).uppercased(), postalCode: Forms.text(f.postalCode))
        return Payer(id: base?.id ?? UUID(), tenantID: principal.tenantID, name: Forms.text(f.name), electronicID: PayerID(Forms.text(f.electronicID)),
                     claimFilingIndicator: indicator, address: address, timelyFilingDays: timely, appealDays: appeal)
    }
}

// MARK: providers

enum ProviderForms: RecordFormKind {
    struct Form: Content {
        var kind: String?, last: String?, first: String?, organizationName: String?, npi: String?, taxonomy: String?, taxID: String?
        var specialty: String?
        var version: Int?
    }

    static let path = "providers"
    static let noun = "provider"
    /// As the API: a practice's providers are part of its setup.
    static let permission = Permission.tenantsManage

    static func form(_ p: Provider?, version: Int?) -> Form {
        Form(kind: p?.kind.rawValue, last: p?.personName?.last, first: p?.personName?.first, organizationName: p?.organizationName,
             npi: p?.npi.value, taxonomy: p?.taxonomy.value, taxID: p?.taxID?.value, specialty: p?.specialty, version: version)
    }

    static func version(_ form: Form) -> Int? { form.version }

    static func fields(_ f: Form, _ req: Request, _ principal: Principal) async throws -> String {
        Forms.select("kind", "Kind", Provider.Kind.allCases.map { ($0.rawValue, $0.rawValue) }, selected: f.kind)
            + Forms.input("last", "Last name (a person)", f.last) + Forms.input("first", "First name", f.first)
            + Forms.input("organizationName", "Name (an organisation)", f.organizationName)
            + Forms.input("npi", "NPI", f.npi, extra: "required size=10") + Forms.input("taxonomy", "Taxonomy", f.taxonomy, extra: "required size=10")
            + Forms.input("taxID", "Tax id", f.taxID, extra: "size=10") + Forms.input("specialty", "Specialty", f.specialty, extra: "required")
    }

    static func record(from f: Form, base: Provider?, _ req: Request, _ principal: Principal) async throws -> Provider {
        let kind = Provider.Kind(rawValue: Forms.text(f.kind)) ?? .individual
        // Only the name of the provider's kind is kept; `validate` names a missing one.
        var name: PersonName?
        if kind == .individual, Forms.optional(f.last) != nil || Forms.optional(f.first) != nil {
            name = PersonName(last: Forms.text(f.last), first: Forms.text(f.first), middle: base?.personName?.middle, suffix: base?.personName?.suffix)
        }
        return Provider(id: base?.id ?? UUID(), tenantID: principal.tenantID, kind: kind, personName: name,
                        organizationName: kind == .organization ? Forms.optional(f.organizationName) : nil, npi: NPI(Forms.text(f.npi)),
                        taxonomy: Taxonomy(Forms.text(f.taxonomy)), taxID: Forms.optional(f.taxID).map { TaxID($0) }, specialty: Forms.text(f.specialty))
    }
}

// MARK: fee schedules

enum FeeScheduleForms: RecordFormKind {
    struct Form: Content {
        var name: String?, purpose: String?, payerID: String?
        var version: Int?
    }

    static let path = "fee-schedules"
    static let noun = "fee schedule"
    static let permission = Permission.feeSchedulesManage

    static func form(_ s: FeeSchedule?, version: Int?) -> Form {
        Form(name: s?.name, purpose: s?.purpose.rawValue, payerID: s?.payerID?.uuidString, version: version)
    }

    static func version(_ form: Form) -> Int? { form.version }

    static func fields(_ f: Form, _ req: Request, _ principal: Principal) async throws -> String {
        let payers = try await req.store.records(Payer.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
        return Forms.input("name", "Name", f.name, extra: "required autofocus")
            + Forms.select("purpose", "Purpose", FeeSchedule.Purpose.allCases.map { ($0.rawValue, $0.rawValue) }, selected: f.purpose)
            + Forms.select("payerID", "Payer (contracted rates only)", [("", "none")] + payers.map { ($0.id.uuidString, $0.name) }, selected: f.payerID ?? "")
    }

    /// The schedule's name, purpose and payer; its entries are changed one at a time on `FeeScheduleEntryPages`.
    static func record(from f: Form, base: FeeSchedule?, _ req: Request, _ principal: Principal) async throws -> FeeSchedule {
        var payerID: UUID?
        if let raw = Forms.optional(f.payerID) {
            guard let id = UUID(uuidString: raw), try await req.store.record(Payer.self, id: id, tenantID: principal.tenantID) != nil else {
                throw RecordError.invalid([FieldProblem(field: "payerID", message: "choose one of this practice's payers")])
            }
            payerID = id
        }
        return FeeSchedule(id: base?.id ?? UUID(), tenantID: principal.tenantID, name: Forms.text(f.name),
                           purpose: FeeSchedule.Purpose(rawValue: Forms.text(f.purpose)) ?? .chargeMaster, payerID: payerID, entries: base?.entries ?? [])
    }
}

/// Adding and changing one price of a fee schedule: the schedule is replaced as a whole, at the version the form
/// was opened at, so two people pricing the same schedule never overwrite each other unseen.
struct FeeScheduleEntryPages: Sendable {
    struct Form: Content {
        var code: String?, modifier: String?, amount: String?, effectiveFrom: String?, effectiveThrough: String?
        var version: Int?
    }

    func register(_ app: Application) {
        app.get("fee-schedules", ":id", "entries", "new", use: page)
        app.post("fee-schedules", ":id", "entries", use: save)
        app.get("fee-schedules", ":id", "entries", ":index", "edit", use: page)
        app.post("fee-schedules", ":id", "entries", ":index", use: save)
    }

    /// The entry of the path's `:index` (nil for a new one); an index the schedule lacks is not found.
    static func index(_ req: Request, _ schedule: FeeSchedule) throws -> Int? {
        guard let raw = req.parameters.get("index") else { return nil }
        guard let index = Int(raw), schedule.entries.indices.contains(index) else { throw Abort(.notFound) }
        return index
    }

    static func render(_ req: Request, _ principal: Principal, _ schedule: FeeSchedule, index: Int?, _ f: Form, problems: [FieldProblem],
                       status: HTTPStatus = .ok) async throws -> Response {
        let title = "\(index == nil ? "New price" : "Edit price") · \(schedule.name)"
        var body = "<h1>\(esc(title))</h1><p><a href=\"/fee-schedules\">Back to the fee schedules</a></p>" + Forms.problemList(problems)
        body += "<form method=post action=\"/fee-schedules/\(schedule.id)/entries\(index.map { "/\($0)" } ?? "")\" class=feesheet>"
        body += WorkPages.csrfField(principal) + Forms.version(f.version)
        body += Forms.input("code", "Code", f.code, extra: "required size=8 autofocus") + Forms.input("modifier", "Modifier", f.modifier, extra: "size=3")
        body += Forms.input("amount", "Amount", f.amount, extra: "required size=10 placeholder=125.00")
        body += Forms.input("effectiveFrom", "From", f.effectiveFrom, type: "date", extra: "required")
        body += Forms.input("effectiveThrough", "Through", f.effectiveThrough, type: "date")
        body += "<button>\(index == nil ? "Add price" : "Save")</button></form>"
        return try await WorkPages.page(req, principal, title: title, body: body, active: "/fee-schedules", status: status)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        let principal = try await req.require(.feeSchedulesManage)
        let stored = try await RecordFormPages<FeeScheduleForms>.stored(req, principal)
        let index = try Self.index(req, stored.value)
        var form = Form(version: stored.version)
        if let index {
            let e = stored.value.entries[index]
            form = Form(code: e.code, modifier: e.modifier, amount: Forms.dollars(e.amount), effectiveFrom: e.effectiveFrom.iso,
                        effectiveThrough: e.effectiveThrough?.iso, version: stored.version)
        }
        return try await Self.render(req, principal, stored.value, index: index, form, problems: [])
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        let principal = try await req.require(.feeSchedulesManage)
        let stored = try await RecordFormPages<FeeScheduleForms>.stored(req, principal)
        let index = try Self.index(req, stored.value)
        let f = try req.content.decode(Form.self)
        return try await Forms.save(req, render: { try await Self.render(req, principal, stored.value, index: index, f, problems: $0, status: $1) }) {
            var problems: [FieldProblem] = []
            let amount = Money(dollars: Forms.text(f.amount))
            if amount == nil { problems.append(FieldProblem(field: "amount", message: "expected dollars and cents such as 125.00; got \"\(Forms.text(f.amount))\"")) }
            let from = Forms.date(f.effectiveFrom, "effectiveFrom", &problems)
            let through = Forms.optionalDate(f.effectiveThrough, "effectiveThrough", &problems)
            guard let amount, let from, problems.isEmpty else { throw RecordError.invalid(problems) }
            let entry = FeeScheduleEntry(code: Forms.text(f.code).uppercased(), modifier: Forms.optional(f.modifier)?.uppercased(), amount: amount,
                                         effectiveFrom: from, effectiveThrough: through)
            var schedule = stored.value
            let position = index ?? schedule.entries.count
            if let index { schedule.entries[index] = entry } else { schedule.entries.append(entry) }
            // The schedule's problems about this entry are named by the form's fields.
            let own = "entries[\(position)]"
            problems = schedule.validate().map { p in
                FieldProblem(field: p.field.hasPrefix(own + ".") ? String(p.field.dropFirst(own.count + 1)) : p.field, message: p.message)
            }
            guard problems.isEmpty else { throw RecordError.invalid(problems) }
            _ = try await req.updateRecord(schedule, version: try Forms.requiredVersion(f.version), principal, noun: "fee schedule",
                                           detail: "\(index == nil ? "added" : "changed") \(entry.code)\(entry.modifier.map { "-\($0)" } ?? "") at \(amount)")
            return "/fee-schedules"
        }
    }
}
