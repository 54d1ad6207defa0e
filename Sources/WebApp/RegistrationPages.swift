import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// The forms of the front desk and the administrator: registering and editing a patient and their coverage, recording
/// a visit, and adding, deactivating and unlocking the practice's users. A refused form comes back filled in, with
/// each problem named.
struct RegistrationPages: Sendable {
    func register(_ app: Application) {
        app.get("patients", "new", use: newPatient)
        app.post("patients", use: createPatient)
        app.get("patients", ":id", "edit", use: editPatient)
        app.post("patients", ":id", use: updatePatient)
        app.post("patients", ":id", "coverages", use: addCoverage)
        app.get("patients", ":id", "coverages", ":coverageID", "edit", use: editCoverage)
        app.post("patients", ":id", "coverages", ":coverageID", use: updateCoverage)
        app.post("patients", ":id", "encounters", use: addEncounter)
        app.post("users", use: createUser)
        app.post("users", ":id", "deactivate") { try await Self.setActive($0, false) }
        app.post("users", ":id", "reactivate") { try await Self.setActive($0, true) }
        app.post("users", ":id", "unlock", use: unlockUser)
    }

    // MARK: patients

    /// Every field optional, so that a form missing one comes back with the problem named instead of failing to read.
    struct PatientForm: Content {
        var last: String?, first: String?, middle: String?, dateOfBirth: String?, sex: String?, line1: String?, line2: String?
        var city: String?, state: String?, postalCode: String?, phone: String?, accountNumber: String?
        /// Only when editing: the version the patient was read at.
        var version: Int?
    }

    @Sendable func newPatient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsWrite)
        return try await Self.patientForm(req, principal, PatientForm(sex: "U"), editing: nil, problems: [])
    }

    @Sendable func editPatient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsWrite)
        let stored = try await Self.patient(req, principal)
        let p = stored.value
        let form = PatientForm(last: p.name.last, first: p.name.first, middle: p.name.middle, dateOfBirth: p.dateOfBirth.iso, sex: p.sex.rawValue,
                               line1: p.address.lines.first, line2: p.address.lines.dropFirst().first, city: p.address.city, state: p.address.state,
                               postalCode: p.address.postalCode, phone: p.phone, accountNumber: p.accountNumber, version: stored.version)
        return try await Self.patientForm(req, principal, form, editing: p.id, problems: [])
    }

    /// The registration form, or the edit form of patient `editing`.
    static func patientForm(_ req: Request, _ principal: Principal, _ f: PatientForm, editing: UUID?, problems: [FieldProblem],
                            status: HTTPStatus = .ok) async throws -> Response {
        let title = editing == nil ? "Register a patient" : "Edit patient"
        var body = "<h1>\(title)</h1>" + Forms.problemList(problems)
        body += "<form method=post action=\"/patients\(editing.map { "/\($0)" } ?? "")\" class=feesheet>\(WorkPages.csrfField(principal))\(Forms.version(f.version))"
        body += Forms.input("last", "Last name", f.last, extra: "required autofocus") + Forms.input("first", "First name", f.first, extra: "required")
        body += Forms.input("middle", "Middle", f.middle) + Forms.input("dateOfBirth", "Born", f.dateOfBirth, type: "date", extra: "required")
        body += Forms.select("sex", "Sex", Sex.allCases.map { ($0.rawValue, $0.rawValue) }, selected: f.sex)
        body += Forms.input("line1", "Street", f.line1, extra: "required") + Forms.input("line2", "Line 2", f.line2) + Forms.input("city", "City", f.city, extra: "required")
        body += Forms.input("state", "State", f.state, extra: "required size=2 maxlength=2") + Forms.input("postalCode", "ZIP", f.postalCode, extra: "required size=10")
        body += Forms.input("phone", "Phone", f.phone) + Forms.input("accountNumber", "Account number", f.accountNumber, extra: "required")
        body += "<button>\(editing == nil ? "Register" : "Save")</button></form>"
        return try await WorkPages.page(req, principal, title: title, body: body, active: "/patients", status: status)
    }

    @Sendable func createPatient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsWrite)
        let f = try req.content.decode(PatientForm.self)
        return try await Forms.save(req, render: { try await Self.patientForm(req, principal, f, editing: nil, problems: $0, status: $1) }) {
            let patient = try await Self.patient(from: f, base: nil, req, principal)
            _ = try await req.insertRecord(patient, principal, noun: "patient", detail: "registered on the web")
            return "/patients/\(patient.id)"
        }
    }

    @Sendable func updatePatient(_ req: Request) async throws -> Response {
        let principal = try await req.require(.patientsWrite)
        let stored = try await Self.patient(req, principal)
        let f = try req.content.decode(PatientForm.self)
        return try await Forms.save(req, render: { try await Self.patientForm(req, principal, f, editing: stored.value.id, problems: $0, status: $1) }) {
            let patient = try await Self.patient(from: f, base: stored.value, req, principal)
            _ = try await req.updateRecord(patient, version: try Forms.requiredVersion(f.version), principal, noun: "patient", detail: "edited on the web")
            return "/patients/\(patient.id)"
        }
    }

    /// The patient the form describes: a new one, or `base` with the form's fields (its guarantor stays). Refused with
    /// every problem, including an account number another patient of the practice already has.
    static func patient(from f: PatientForm, base: Patient?, _ req: Request, _ principal: Principal) async throws -> Patient {
        var problems: [FieldProblem] = []
        guard let born = Forms.date(f.dateOfBirth, "dateOfBirth", &problems) else { throw RecordError.invalid(problems) }
        let account = Forms.text(f.accountNumber)
        let address = Address(lines: [Forms.text(f.line1), Forms.text(f.line2)].filter { !$0.isEmpty }, city: Forms.text(f.city),
                              state: Forms.text(f.state).uppercased(), postalCode: Forms.text(f.postalCode))
        var patient = base ?? Patient(id: UUID(), tenantID: principal.tenantID, name: PersonName(last: "", first: ""), dateOfBirth: born, sex: .unknown,
                                      address: address, accountNumber: account)
        patient.name = PersonName(last: Forms.text(f.last), first: Forms.text(f.first), middle: Forms.optional(f.middle), suffix: base?.name.suffix)
        patient.dateOfBirth = born
        patient.sex = Sex(rawValue: Forms.text(f.sex)) ?? .unknown
        patient.address = address
        patient.phone = Forms.optional(f.phone)
        patient.accountNumber = account
        problems = patient.validate()
        if problems.isEmpty {
            let taken = try await req.store.records(Patient.self, tenantID: principal.tenantID, query: RecordQuery(search: account, limit: 20))
            if taken.items.contains(where: { $0.value.id != patient.id && $0.value.accountNumber.caseInsensitiveCompare(account) == .orderedSame }) {
                problems.append(FieldProblem(field: "accountNumber", message: "another patient of this practice has account number \(account)"))
            }
        }
        guard problems.isEmpty else { throw RecordError.invalid(problems) }
        return patient
    }

    // MARK: coverage and visits, from the patient's page

    /// Text fields only, like `PatientForm`, so that a refused form comes back as it was typed.
    struct CoverageForm: Content {
        var payerID: String?
        var order: String?
        var memberID: String?
        var groupNumber: String?
        var relationship: String?
        var effectiveFrom: String?
        var effectiveThrough: String?
        var subscriberLast: String?
        var subscriberFirst: String?
        var subscriberBorn: String?
        var subscriberSex: String?
        var version: Int?
    }

    /// The coverage form: adding one (on the patient's page) or editing `editing`.
    static func coverageForm(_ principal: Principal, patientID: UUID, payers: [Payer], _ f: CoverageForm = CoverageForm(), editing: UUID? = nil) -> String {
        let action = "/patients/\(patientID)/coverages" + (editing.map { "/\($0)" } ?? "")
        var html = "<form method=post action=\"\(action)\" class=feesheet>\(WorkPages.csrfField(principal))\(Forms.version(f.version))"
        html += Forms.select("payerID", "Payer", payers.map { ($0.id.uuidString, $0.name) }, selected: f.payerID)
        html += Forms.select("order", "Order", CoverageOrder.allCases.map { ($0.rawValue, $0.rawValue) }, selected: f.order)
        html += Forms.input("memberID", "Member id", f.memberID, extra: "required") + Forms.input("groupNumber", "Group", f.groupNumber)
        html += Forms.select("relationship", "Patient is the subscriber's", IndividualRelationship.allCases.map {
            ($0.rawValue, "\($0.rawValue) \($0 == .oneself ? "self" : String(describing: $0))")
        }, selected: f.relationship ?? IndividualRelationship.oneself.rawValue)
        html += Forms.input("effectiveFrom", "From", f.effectiveFrom, type: "date", extra: "required")
        html += Forms.input("effectiveThrough", "Through", f.effectiveThrough, type: "date")
        html += "<fieldset><legend>Subscriber, when not the patient</legend>" + Forms.input("subscriberLast", "Last", f.subscriberLast)
        html += Forms.input("subscriberFirst", "First", f.subscriberFirst) + Forms.input("subscriberBorn", "Born", f.subscriberBorn, type: "date")
        html += Forms.select("subscriberSex", "Sex", Sex.allCases.map { ($0.rawValue, $0.rawValue) }, selected: f.subscriberSex) + "</fieldset>"
        return html + "<button>\(editing == nil ? "Add coverage" : "Save")</button></form>"
    }

    /// The coverage form on a page of its own: to edit, or to show a refused one again.
    static func coveragePage(_ req: Request, _ principal: Principal, patientID: UUID, _ f: CoverageForm, editing: UUID?, problems: [FieldProblem],
                             status: HTTPStatus = .ok) async throws -> Response {
        let payers = try await req.store.records(Payer.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit)).items.map(\.value)
        let title = editing == nil ? "Add coverage" : "Edit coverage"
        let body = "<h1>\(title)</h1><p><a href=\"/patients/\(patientID)\">Back to the patient</a></p>" + Forms.problemList(problems)
            + coverageForm(principal, patientID: patientID, payers: payers, f, editing: editing)
        return try await WorkPages.page(req, principal, title: title, body: body, active: "/patients", status: status)
    }

    @Sendable func addCoverage(_ req: Request) async throws -> Response {
        let principal = try await req.require(.coverageWrite)
        let patientID = try await Self.patient(req, principal).value.id
        let f = try req.content.decode(CoverageForm.self)
        return try await Forms.save(req, render: { try await Self.coveragePage(req, principal, patientID: patientID, f, editing: nil, problems: $0, status: $1) }) {
            let coverage = try await Self.coverage(from: f, base: nil, patientID: patientID, req, principal)
            _ = try await req.insertRecord(coverage, principal, noun: "coverage", detail: "added on the web to patient \(patientID)")
            return "/patients/\(patientID)"
        }
    }

    @Sendable func editCoverage(_ req: Request) async throws -> Response {
        let principal = try await req.require(.coverageWrite)
        let stored = try await Self.coverage(req, principal)
        let c = stored.value
        var f = CoverageForm(payerID: c.payerID.uuidString, order: c.order.rawValue, memberID: c.memberID, groupNumber: c.groupNumber,
                             relationship: c.relationship.rawValue, effectiveFrom: c.effectiveFrom.iso, effectiveThrough: c.effectiveThrough?.iso,
                             version: stored.version)
        if case .otherPerson(let person) = c.subscriber {
            f.subscriberLast = person.name.last; f.subscriberFirst = person.name.first
            f.subscriberBorn = person.dateOfBirth.iso; f.subscriberSex = person.sex.rawValue
        }
        return try await Self.coveragePage(req, principal, patientID: c.patientID, f, editing: c.id, problems: [])
    }

    @Sendable func updateCoverage(_ req: Request) async throws -> Response {
        let principal = try await req.require(.coverageWrite)
        let stored = try await Self.coverage(req, principal)
        let patientID = stored.value.patientID
        let f = try req.content.decode(CoverageForm.self)
        return try await Forms.save(req, render: { try await Self.coveragePage(req, principal, patientID: patientID, f, editing: stored.value.id, problems: $0, status: $1) }) {
            let coverage = try await Self.coverage(from: f, base: stored.value, patientID: patientID, req, principal)
            _ = try await req.updateRecord(coverage, version: try Forms.requiredVersion(f.version), principal, noun: "coverage", detail: "edited on the web")
            return "/patients/\(patientID)"
        }
    }

    /// The coverage the form describes, new or `base` changed; the payer must be one of the practice's.
    static func coverage(from f: CoverageForm, base: Coverage?, patientID: UUID, _ req: Request, _ principal: Principal) async throws -> Coverage {
        var problems: [FieldProblem] = []
        var payer: Payer?
        if let id = UUID(uuidString: Forms.text(f.payerID)) { payer = try await req.store.record(Payer.self, id: id, tenantID: principal.tenantID)?.value }
        if payer == nil { problems.append(FieldProblem(field: "payerID", message: "choose one of this practice's payers")) }
        let relationship = IndividualRelationship(rawValue: Forms.text(f.relationship)) ?? .oneself
        var subscriber = Subscriber.patient
        if relationship != .oneself {
            if let born = ServiceDate(iso: Forms.text(f.subscriberBorn)), let last = Forms.optional(f.subscriberLast) {
                var address: Address?
                if case .otherPerson(let earlier) = base?.subscriber { address = earlier.address }
                subscriber = .otherPerson(SubscriberPerson(name: PersonName(last: last, first: Forms.text(f.subscriberFirst)), dateOfBirth: born,
                                                           sex: Sex(rawValue: Forms.text(f.subscriberSex)) ?? .unknown, address: address))
            } else {
                problems.append(FieldProblem(field: "subscriber", message: "when the patient is not the subscriber, give the subscriber's name and date of birth"))
            }
        }
        let from = Forms.date(f.effectiveFrom, "effectiveFrom", &problems)
        let through = Forms.optionalDate(f.effectiveThrough, "effectiveThrough", &problems)
        guard let payer, let from, problems.isEmpty else { throw RecordError.invalid(problems) }
        return Coverage(id: base?.id ?? UUID(), tenantID: principal.tenantID, patientID: patientID, payerID: payer.id,
                        order: CoverageOrder(rawValue: Forms.text(f.order)) ?? .primary, subscriber: subscriber, relationship: relationship,
                        memberID: Forms.text(f.memberID), groupNumber: Forms.optional(f.groupNumber), effectiveFrom: from, effectiveThrough: through)
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
        let patientID = try await Self.patient(req, principal).value.id
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

    /// The user of the path with their membership in the principal's practice; users of other practices are not found.
    static func member(_ req: Request, _ principal: Principal) async throws -> (UserAccount, Membership) {
        let id = try req.uuidPathParameter()
        guard let found = try await req.store.users(tenantID: principal.tenantID).first(where: { $0.0.id == id }) else {
            throw RecordError.notFound(noun: "user", id: id)
        }
        return found
    }

    /// Deactivation ends the user's access to this practice only (at once: sessions check the membership on every
    /// request); their memberships in other practices of the billing company stay as they are.
    static func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let principal = try await req.require(.usersManage)
        var (user, membership) = try await member(req, principal)
        guard user.id != principal.user.id else {
            throw RecordError.invalid([FieldProblem(field: "user", message: "you cannot deactivate yourself; ask another administrator")])
        }
        membership.isActive = active
        try await req.store.saveMembership(membership)
        try await req.audit(principal, .update, entityType: "membership", entityID: user.id.uuidString,
                            detail: "\(user.email) \(active ? "reactivated" : "deactivated")")
        return req.redirect(to: "/users", redirectType: .normal)
    }

    /// Ends a lock after too many wrong passwords, and starts the count of failures again.
    @Sendable func unlockUser(_ req: Request) async throws -> Response {
        let principal = try await req.require(.usersManage)
        var (user, _) = try await Self.member(req, principal)
        user.lockedUntil = nil
        user.failedSignIns = 0
        try await req.store.saveUser(user)
        try await req.audit(principal, .update, entityType: "user", entityID: user.id.uuidString, detail: "\(user.email) unlocked")
        return req.redirect(to: "/users", redirectType: .normal)
    }

    /// The patient of the path, when it is one of the principal's practice.
    static func patient(_ req: Request, _ principal: Principal) async throws -> Stored<Patient> {
        let id = try req.uuidPathParameter()
        guard let stored = try await req.store.record(Patient.self, id: id, tenantID: principal.tenantID) else { throw RecordError.notFound(noun: "patient", id: id) }
        return stored
    }

    /// The coverage of the path, when it is the path's patient's.
    static func coverage(_ req: Request, _ principal: Principal) async throws -> Stored<Coverage> {
        let patientID = try await patient(req, principal).value.id
        let id = try req.uuidPathParameter("coverageID")
        guard let stored = try await req.store.record(Coverage.self, id: id, tenantID: principal.tenantID), stored.value.patientID == patientID else {
            throw RecordError.notFound(noun: "coverage", id: id)
        }
        return stored
    }
}
