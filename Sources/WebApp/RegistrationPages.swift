import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// The forms of the front desk and the administrator: registering a patient, their coverage and a visit, and adding
/// a user to the practice. A refused form comes back filled in, with each problem named.
struct RegistrationPages: Sendable {
    func register(_ app: Application) {
        app.get("patients", "new", use: newPatient)
        app.post("patients", use: createPatient)
        app.post("patients", ":id", "coverages", use: addCoverage)
        app.post("patients", ":id", "encounters", use: addEncounter)
        app.post("users", use: createUser)
    }

    // MARK: patients

    /// Every field optional, so that a form missing one comes back with the problem named instead of failing to read.
    struct PatientForm: Content {
        var last: String?, first: String?, middle: String?, dateOfBirth: String?, sex: String?, line1: String?, line2: String?
        var city: String?, state: String?, postalCode: String?, phone: String?, accountNumber: String?
    }

    @Sendable func newPatient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsWrite)
        return try await Self.patientForm(req, principal, PatientForm(sex: "U"), problems: [])
    }

    static func patientForm(_ req: Request, _ principal: Principal, _ f: PatientForm, problems: [FieldProblem]) async throws -> Response {
        func field(_ name: String, _ label: String, _ value: String, type: String = "text", extra: String = "") -> String {
            "<label>\(esc(label)) <input name=\(name) type=\(type) value=\"\(esc(value))\" \(extra)></label>"
        }
        var body = "<h1>Register a patient</h1>" + problemList(problems)
        body += "<form method=post action=\"/patients\" class=feesheet>\(WorkPages.csrfField(principal))"
        body += field("last", "Last name", f.last ?? "", extra: "required autofocus") + field("first", "First name", f.first ?? "", extra: "required")
        body += field("middle", "Middle", f.middle ?? "") + field("dateOfBirth", "Born", f.dateOfBirth ?? "", type: "date", extra: "required")
        body += "<label>Sex <select name=sex>" + Sex.allCases.map { "<option value=\($0.rawValue)\($0.rawValue == f.sex ? " selected" : "")>\($0.rawValue)</option>" }.joined() + "</select></label>"
        body += field("line1", "Street", f.line1 ?? "", extra: "required") + field("line2", "Line 2", f.line2 ?? "") + field("city", "City", f.city ?? "", extra: "required")
        body += field("state", "State", f.state ?? "", extra: "required size=2 maxlength=2") + field("postalCode", "ZIP", f.postalCode ?? "", extra: "required size=10")
        body += field("phone", "Phone", f.phone ?? "") + field("accountNumber", "Account number", f.accountNumber ?? "", extra: "required")
        body += "<button>Register</button></form>"
        return try await WorkPages.page(req, principal, title: "Register a patient", body: body, active: "/patients",
                                        status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func createPatient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsWrite)
        let f = try req.content.decode(PatientForm.self)
        var problems: [FieldProblem] = []
        func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespaces) }
        func optional(_ value: String?) -> String? { text(value).isEmpty ? nil : text(value) }
        let born = ServiceDate(iso: text(f.dateOfBirth))
        if born == nil { problems.append(FieldProblem(field: "dateOfBirth", message: "expected a date such as 1984-02-28")) }
        let account = text(f.accountNumber)
        let address = Address(lines: [text(f.line1), text(f.line2)].filter { !$0.isEmpty }, city: text(f.city), state: text(f.state).uppercased(),
                              postalCode: text(f.postalCode))
        if let born {
            let patient = Patient(id: UUID(), tenantID: principal.tenantID, name: PersonName(last: text(f.last), first: text(f.first), middle: optional(f.middle)),
                                  dateOfBirth: born, sex: Sex(rawValue: text(f.sex)) ?? .unknown, address: address, phone: optional(f.phone), accountNumber: account)
            problems = patient.validate()
            if problems.isEmpty {
                let taken = try await req.store.records(Patient.self, tenantID: principal.tenantID, query: RecordQuery(search: account, limit: 20))
                if taken.items.contains(where: { $0.value.accountNumber.caseInsensitiveCompare(account) == .orderedSame }) {
                    problems.append(FieldProblem(field: "accountNumber", message: "another patient of this practice has account number \(account)"))
                }
            }
            if problems.isEmpty {
                _ = try await req.store.insert(patient)
                try await req.audit(principal, .create, entityType: "patient", entityID: patient.id.uuidString, detail: "registered on the web")
                return req.redirect(to: "/patients/\(patient.id)", redirectType: .normal)
            }
        }
        return try await Self.patientForm(req, principal, f, problems: problems)
    }

    // MARK: coverage and visits, from the patient's page

    struct CoverageForm: Content {
        var payerID: UUID
        var order: String
        var memberID: String
        var groupNumber: String?
        var relationship: String
        var effectiveFrom: String
        var effectiveThrough: String?
        var subscriberLast: String?
        var subscriberFirst: String?
        var subscriberBorn: String?
        var subscriberSex: String?
    }

    /// The coverage part of the patient page: the form to add one.
    static func coverageForm(_ principal: Principal, patientID: UUID, payers: [Payer]) -> String {
        var html = "<h3>Add coverage</h3><form method=post action=\"/patients/\(patientID)/coverages\" class=feesheet>\(WorkPages.csrfField(principal))"
        html += "<label>Payer <select name=payerID>" + payers.map { "<option value=\($0.id)>\(esc($0.name))</option>" }.joined() + "</select></label>"
        html += "<label>Order <select name=order>" + CoverageOrder.allCases.map { "<option>\($0.rawValue)</option>" }.joined() + "</select></label>"
        html += "<label>Member id <input name=memberID required></label><label>Group <input name=groupNumber></label>"
        html += "<label>Patient is the subscriber's <select name=relationship>" + IndividualRelationship.allCases.map {
            "<option value=\($0.rawValue)\($0 == .oneself ? " selected" : "")>\($0.rawValue) \($0 == .oneself ? "self" : String(describing: $0))</option>"
        }.joined() + "</select></label>"
        html += "<label>From <input name=effectiveFrom type=date required></label><label>Through <input name=effectiveThrough type=date></label>"
        html += "<fieldset><legend>Subscriber, when not the patient</legend><label>Last <input name=subscriberLast></label><label>First <input name=subscriberFirst></label>"
        html += "<label>Born <input name=subscriberBorn type=date></label><label>Sex <select name=subscriberSex><option>F</option><option>M</option><option>U</option></select></label></fieldset>"
        return html + "<button>Add coverage</button></form>"
    }

    @Sendable func addCoverage(_ req: Request) async throws -> Response {
        let principal = try await req.require(.coverageWrite)
        let patientID = try await Self.patientID(req, principal)
        let f = try req.content.decode(CoverageForm.self)
        var problems: [FieldProblem] = []
        guard try await req.store.record(Payer.self, id: f.payerID, tenantID: principal.tenantID) != nil else { throw RecordError.notFound(noun: "payer", id: f.payerID) }
        let relationship = IndividualRelationship(rawValue: f.relationship) ?? .oneself
        var subscriber = Subscriber.patient
        if relationship != .oneself {
            if let born = f.subscriberBorn.flatMap({ ServiceDate(iso: $0) }), let last = f.subscriberLast, !last.isEmpty {
                subscriber = .otherPerson(SubscriberPerson(name: PersonName(last: last, first: f.subscriberFirst ?? ""), dateOfBirth: born,
                                                           sex: Sex(rawValue: f.subscriberSex ?? "U") ?? .unknown))
            } else {
                problems.append(FieldProblem(field: "subscriber", message: "when the patient is not the subscriber, give the subscriber's name and date of birth"))
            }
        }
        guard let from = ServiceDate(iso: f.effectiveFrom) else { throw RecordError.invalid([FieldProblem(field: "effectiveFrom", message: "expected a date")]) }
        let coverage = Coverage(id: UUID(), tenantID: principal.tenantID, patientID: patientID, payerID: f.payerID,
                                order: CoverageOrder(rawValue: f.order) ?? .primary, subscriber: subscriber, relationship: relationship, memberID: f.memberID,
                                groupNumber: f.groupNumber?.isEmpty == false ? f.groupNumber : nil, effectiveFrom: from,
                                effectiveThrough: f.effectiveThrough.flatMap { ServiceDate(iso: $0) })
        guard problems.isEmpty else { throw RecordError.invalid(problems + coverage.validate()) }
        _ = try await req.insertRecord(coverage, principal, noun: "coverage", detail: "added on the web to patient \(patientID)")
        return req.redirect(to: "/patients/\(patientID)", redirectType: .normal)
    }

    struct EncounterForm: Content {
        var serviceDate: String
        var placeOfService: String
        var renderingProviderID: UUID
        var diagnoses: String
        var note: String
    }

    static func encounterForm(_ principal: Principal, patientID: UUID, providers: [Provider]) -> String {
        var html = "<h3>Record a visit</h3><form method=post action=\"/patients/\(patientID)/encounters\" class=feesheet>\(WorkPages.csrfField(principal))"
        html += "<label>Date <input name=serviceDate type=date required></label><label>Place of service <input name=placeOfService value=11 size=3 required></label>"
        html += "<label>Rendering <select name=renderingProviderID>" + providers.map { "<option value=\($0.id)>\(esc($0.displayName))</option>" }.joined() + "</select></label>"
        html += "<label>Diagnoses <input name=diagnoses placeholder=\"E11.9 I10\" size=24></label>"
        html += "<label>Note <textarea name=note rows=4 cols=60 required></textarea></label>"
        return html + "<button>Record</button></form>"
    }

    @Sendable func addEncounter(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersWrite)
        let patientID = try await Self.patientID(req, principal)
        let f = try req.content.decode(EncounterForm.self)
        guard let date = ServiceDate(iso: f.serviceDate) else { throw RecordError.invalid([FieldProblem(field: "serviceDate", message: "expected a date")]) }
        guard try await req.store.record(Provider.self, id: f.renderingProviderID, tenantID: principal.tenantID) != nil else {
            throw RecordError.notFound(noun: "provider", id: f.renderingProviderID)
        }
        let diagnoses = f.diagnoses.split(whereSeparator: { $0 == " " || $0 == "," }).map { DiagnosisCode(String($0)) }
        let encounter = Encounter(id: UUID(), tenantID: principal.tenantID, patientID: patientID, serviceFrom: date, serviceThrough: date,
                                  placeOfService: f.placeOfService, renderingProviderID: f.renderingProviderID, note: f.note,
                                  diagnoses: diagnoses, status: diagnoses.isEmpty ? .open : .documented)
        _ = try await req.insertRecord(encounter, principal, noun: "encounter", detail: "recorded on the web")
        return req.redirect(to: "/encounters/\(encounter.id)", redirectType: .normal)
    }

    // MARK: users

    struct UserForm: Content {
        var email: String
        var displayName: String
        var role: String
        var password: String
    }

    static func userForm(_ principal: Principal) -> String {
        var html = "<h2>Add a user to this practice</h2><form method=post action=\"/users\" class=feesheet>\(WorkPages.csrfField(principal))"
        html += "<label>Email <input name=email type=email required></label><label>Name <input name=displayName required></label>"
        html += "<label>Role <select name=role>" + Role.allCases.map { "<option>\($0.rawValue)</option>" }.joined() + "</select></label>"
        html += "<label>First password <input name=password type=password required minlength=\(Passwords.minimumLength)></label>"
        return html + "<button>Add user</button></form>"
    }

    /// Adds a user with a role in the administrator's practice; an existing user (of another practice of the same
    /// billing company) gets the membership added, and keeps their password.
    @Sendable func createUser(_ req: Request) async throws -> Response {
        let principal = try await req.require(.usersManage)
        let f = try req.content.decode(UserForm.self)
        guard let role = Role(rawValue: f.role) else { throw RecordError.invalid([FieldProblem(field: "role", message: "unknown role \(f.role)")]) }
        let email = f.email.trimmingCharacters(in: .whitespaces).lowercased()
        guard email.split(separator: "@").count == 2, email.contains(".") else {
            throw RecordError.invalid([FieldProblem(field: "email", message: "expected an email address")])
        }
        let store = req.store
        var user = try await store.user(email: email)
        if user == nil {
            if let problem = Passwords.problem(f.password, email: email) { throw RecordError.invalid([FieldProblem(field: "password", message: problem)]) }
            let cost = req.state.configuration.passwordCost
            let password = f.password
            let hash = try await req.application.threadPool.runIfActive { try Passwords.hash(password, cost: cost) }
            let created = UserAccount(id: UUID(), email: email, displayName: f.displayName, passwordHash: hash)
            try await store.saveUser(created)
            user = created
        }
        guard let user else { return req.redirect(to: "/users", redirectType: .normal) }
        try await store.saveMembership(Membership(userID: user.id, tenantID: principal.tenantID, role: role))
        try await req.audit(principal, .create, entityType: "membership", entityID: user.id.uuidString, detail: "\(email) as \(role.rawValue)")
        return req.redirect(to: "/users", redirectType: .normal)
    }

    /// The patient of the path, when it is one of the principal's practice.
    static func patientID(_ req: Request, _ principal: Principal) async throws -> UUID {
        let id = try req.uuidPathParameter()
        guard try await req.store.record(Patient.self, id: id, tenantID: principal.tenantID) != nil else { throw RecordError.notFound(noun: "patient", id: id) }
        return id
    }

    static func problemList(_ problems: [FieldProblem]) -> String {
        problems.isEmpty ? "" : "<ul class=error role=alert>" + problems.map { "<li>\(esc($0.field)): \(esc($0.message))</li>" }.joined() + "</ul>"
    }
}
