import Foundation
import Persistence
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// The edit and setup forms, user administration and the practice switcher, through the router: SQLite here,
/// PostgreSQL in `FormPagesTestsOnPostgreSQL`.
class FormPagesTests: DemoAppTestCase {
    func testPatientAndCoverageEditForms() async throws {
        let tenant = data.tenants[0].id
        let coverage = try XCTUnwrap(data.coverages.first { $0.tenantID == tenant && $0.subscriber == .patient })
        let patient = try XCTUnwrap(data.patients.first { $0.id == coverage.patientID })
        let desk = try await webSession(try user(.frontDesk))

        let form = try await get("/patients/\(patient.id)/edit", desk)
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.string.contains("value=\"\(esc(patient.name.last))\""), "the form shows the patient")
        XCTAssertTrue(form.body.string.contains("name=version value=1"))
        let coder = try await webSession(try user(.coder))
        let refused = try await get("/patients/\(patient.id)/edit", coder)
        XCTAssertEqual(refused.status, .forbidden)

        var fields = ["last": patient.name.last, "first": "Renamed", "dateOfBirth": "1970-02-31", "sex": patient.sex.rawValue,
                      "line1": "9 New Street", "city": patient.address.city, "state": patient.address.state,
                      "postalCode": patient.address.postalCode, "phone": "312-555-0177", "accountNumber": patient.accountNumber, "version": "1"]
        let invalid = try await post("/patients/\(patient.id)", desk, fields)
        XCTAssertEqual(invalid.status, .unprocessableEntity)
        XCTAssertTrue(invalid.body.string.contains("dateOfBirth"), invalid.body.string)
        XCTAssertTrue(invalid.body.string.contains("value=\"Renamed\""), "the form comes back as typed")
        fields["dateOfBirth"] = patient.dateOfBirth.iso
        let saved = try await post("/patients/\(patient.id)", desk, fields)
        XCTAssertEqual(saved.status, .seeOther, saved.body.string)
        let stored = try await store().record(Patient.self, id: patient.id, tenantID: tenant)
        XCTAssertEqual(stored?.version, 2)
        XCTAssertEqual(stored?.value.name.first, "Renamed")
        XCTAssertEqual(stored?.value.address.lines, ["9 New Street"])
        XCTAssertEqual(stored?.value.guarantor, patient.guarantor, "what the form does not show stays")
        let stale = try await post("/patients/\(patient.id)", desk, fields)
        XCTAssertEqual(stale.status, .conflict)
        XCTAssertTrue(stale.body.string.contains("someone else changed this patient"), stale.body.string)
        fields["version"] = nil
        let unversioned = try await post("/patients/\(patient.id)", desk, fields)
        XCTAssertEqual(unversioned.status, .preconditionRequired)
        let entries = try await auditEntries()
        XCTAssertTrue(entries.contains { $0.action == .update && $0.entityType == "patient" && $0.entityID == patient.id.uuidString })

        // Coverage: the biller reads it but may not edit it; the front desk edits it.
        let coveragePath = "/patients/\(patient.id)/coverages/\(coverage.id)"
        let billerRefused = try await get(coveragePath + "/edit", try await webSession(try user(.biller)))
        XCTAssertEqual(billerRefused.status, .forbidden)
        let coverageForm = try await get(coveragePath + "/edit", desk)
        XCTAssertEqual(coverageForm.status, .ok)
        XCTAssertTrue(coverageForm.body.string.contains("value=\"\(esc(coverage.memberID))\""))
        var coverageFields = ["payerID": coverage.payerID.uuidString, "order": coverage.order.rawValue, "memberID": "NEW123",
                              "relationship": "18", "effectiveFrom": "not a date", "version": "1"]
        let badCoverage = try await post(coveragePath, desk, coverageFields)
        XCTAssertEqual(badCoverage.status, .unprocessableEntity)
        XCTAssertTrue(badCoverage.body.string.contains("effectiveFrom"), badCoverage.body.string)
        coverageFields["effectiveFrom"] = coverage.effectiveFrom.iso
        let savedCoverage = try await post(coveragePath, desk, coverageFields)
        XCTAssertEqual(savedCoverage.status, .seeOther, savedCoverage.body.string)
        let storedCoverage = try await store().record(Coverage.self, id: coverage.id, tenantID: tenant)
        XCTAssertEqual(storedCoverage?.value.memberID, "NEW123")
        XCTAssertEqual(storedCoverage?.version, 2)
        let staleCoverage = try await post(coveragePath, desk, coverageFields)
        XCTAssertEqual(staleCoverage.status, .conflict)
        // A coverage is edited only under its own patient.
        let otherPatient = try XCTUnwrap(data.patients.first { $0.tenantID == tenant && $0.id != patient.id })
        let misplaced = try await get("/patients/\(otherPatient.id)/coverages/\(coverage.id)/edit", desk)
        XCTAssertEqual(misplaced.status, .notFound)
    }

    func testPayersProvidersAndFeeSchedulesThroughForms() async throws {
        let tenant = data.tenants[0].id
        let admin = try await webSession(try user(.administrator))
        for page in ["/payers/new", "/providers", "/providers/new", "/fee-schedules/new"] {
            let res = try await get(page, admin)
            XCTAssertEqual(res.status, .ok, page)
        }
        let biller = try await webSession(try user(.biller))
        for page in ["/payers/new", "/providers/new", "/fee-schedules/new"] {
            let res = try await get(page, biller)
            XCTAssertEqual(res.status, .forbidden, "biller \(page)")
        }
        let billerProviders = try await get("/providers", biller)
        XCTAssertEqual(billerProviders.status, .ok, "providers are listed for whoever reads encounters")
        let deskPost = try await post("/payers", try await webSession(try user(.frontDesk)), ["name": "X"])
        XCTAssertEqual(deskPost.status, .forbidden)

        // Payers.
        var payer = ["name": "Web Health Plan", "electronicID": "WEB01", "claimFilingIndicator": "CI", "timelyFilingDays": "ninety", "appealDays": "180"]
        let badPayer = try await post("/payers", admin, payer)
        XCTAssertEqual(badPayer.status, .unprocessableEntity)
        XCTAssertTrue(badPayer.body.string.contains("timelyFilingDays"), badPayer.body.string)
        payer["timelyFilingDays"] = "90"
        let createdPayer = try await post("/payers", admin, payer)
        XCTAssertEqual(createdPayer.status, .seeOther, createdPayer.body.string)
        let payers = try await store().records(Payer.self, tenantID: tenant, query: RecordQuery(limit: 200)).items
        let webPayer = try XCTUnwrap(payers.first { $0.value.name == "Web Health Plan" })
        XCTAssertNil(webPayer.value.address)
        let payerEdit = try await get("/payers/\(webPayer.value.id)/edit", admin)
        XCTAssertTrue(payerEdit.body.string.contains("value=\"WEB01\""))
        payer["appealDays"] = "365"
        payer["version"] = "1"
        let editedPayer = try await post("/payers/\(webPayer.value.id)", admin, payer)
        XCTAssertEqual(editedPayer.status, .seeOther, editedPayer.body.string)
        let reread = try await store().record(Payer.self, id: webPayer.value.id, tenantID: tenant)
        XCTAssertEqual(reread?.value.appealDays, 365)
        let stalePayer = try await post("/payers/\(webPayer.value.id)", admin, payer)
        XCTAssertEqual(stalePayer.status, .conflict)

        // Providers.
        var provider = ["kind": "individual", "last": "Osei", "first": "Kwame", "npi": "1234", "taxonomy": "207Q00000X", "specialty": "Family medicine"]
        let badProvider = try await post("/providers", admin, provider)
        XCTAssertEqual(badProvider.status, .unprocessableEntity)
        XCTAssertTrue(badProvider.body.string.contains("npi"), badProvider.body.string)
        provider["npi"] = "1912301953"
        let createdProvider = try await post("/providers", admin, provider)
        XCTAssertEqual(createdProvider.status, .seeOther, createdProvider.body.string)
        let providers = try await store().records(Provider.self, tenantID: tenant, query: RecordQuery(limit: 200)).items
        let osei = try XCTUnwrap(providers.first { $0.value.personName?.last == "Osei" })
        provider["specialty"] = "Internal medicine"
        provider["version"] = "1"
        let editedProvider = try await post("/providers/\(osei.value.id)", admin, provider)
        XCTAssertEqual(editedProvider.status, .seeOther, editedProvider.body.string)
        let rereadProvider = try await store().record(Provider.self, id: osei.value.id, tenantID: tenant)
        XCTAssertEqual(rereadProvider?.value.specialty, "Internal medicine")

        // Fee schedules: a new schedule, then its prices one at a time.
        let createdSchedule = try await post("/fee-schedules", admin, ["name": "Web charge master", "purpose": "chargeMaster", "payerID": ""])
        XCTAssertEqual(createdSchedule.status, .seeOther, createdSchedule.body.string)
        let schedules = try await store().records(FeeSchedule.self, tenantID: tenant, query: RecordQuery(limit: 200)).items
        let schedule = try XCTUnwrap(schedules.first { $0.value.name == "Web charge master" }).value
        let entries = "/fee-schedules/\(schedule.id)/entries"
        let newPrice = try await get(entries + "/new", admin)
        XCTAssertEqual(newPrice.status, .ok)
        let badAmount = try await post(entries, admin, ["code": "99213", "amount": "a lot", "effectiveFrom": "2026-01-01", "version": "1"])
        XCTAssertEqual(badAmount.status, .unprocessableEntity)
        XCTAssertTrue(badAmount.body.string.contains("amount"), badAmount.body.string)
        let added = try await post(entries, admin, ["code": "99213", "amount": "120.00", "effectiveFrom": "2026-01-01", "version": "1"])
        XCTAssertEqual(added.status, .seeOther, added.body.string)
        let overlapping = try await post(entries, admin, ["code": "99213", "amount": "125.00", "effectiveFrom": "2026-06-01", "version": "2"])
        XCTAssertEqual(overlapping.status, .unprocessableEntity)
        XCTAssertTrue(overlapping.body.string.contains("already priced"), overlapping.body.string)
        let editForm = try await get(entries + "/0/edit", admin)
        XCTAssertTrue(editForm.body.string.contains("value=\"120.00\""), editForm.body.string)
        let changed = try await post(entries + "/0", admin, ["code": "99213", "amount": "130.00", "effectiveFrom": "2026-01-01", "version": "2"])
        XCTAssertEqual(changed.status, .seeOther, changed.body.string)
        let stalePrice = try await post(entries + "/0", admin, ["code": "99213", "amount": "140.00", "effectiveFrom": "2026-01-01", "version": "2"])
        XCTAssertEqual(stalePrice.status, .conflict)
        let missing = try await get(entries + "/7/edit", admin)
        XCTAssertEqual(missing.status, .notFound)
        let priced = try await store().record(FeeSchedule.self, id: schedule.id, tenantID: tenant)
        XCTAssertEqual(priced?.value.entries.map(\.amount.cents), [13000])
        let audited = try await auditEntries()
        XCTAssertTrue(audited.contains { $0.action == .update && $0.entityID == schedule.id.uuidString && $0.detail.contains("changed 99213") })
        XCTAssertTrue(audited.contains { $0.action == .create && $0.entityType == "payer" && $0.entityID == webPayer.value.id.uuidString })
    }

    func testAdministratorDeactivatesAndUnlocksUsers() async throws {
        let coder = try user(.coder)
        let coderAccount = try await store().user(email: coder.email)
        let coderID = try XCTUnwrap(coderAccount).id
        let admin = try await webSession(try user(.administrator))

        // Unlock: five wrong passwords lock the account; the administrator ends the lock at once.
        for attempt in 1...5 {
            try await app.test(.POST, "/api/v1/auth/token", beforeRequest: {
                try $0.content.encode(["email": coder.email, "password": "wrong \(attempt)"], as: .json)
            }) { _ async throws in }
        }
        let locked = try await get("/users", admin)
        XCTAssertTrue(locked.body.string.contains("action=\"/users/\(coderID)/unlock\""), "a locked user can be unlocked")
        let notAdmin = try await post("/users/\(coderID)/unlock", try await webSession(try user(.manager)), [:])
        XCTAssertEqual(notAdmin.status, .forbidden)
        let unlocked = try await post("/users/\(coderID)/unlock", admin, [:])
        XCTAssertEqual(unlocked.status, .seeOther, unlocked.body.string)
        let account = try await store().user(id: coderID)
        XCTAssertNil(account?.lockedUntil)
        XCTAssertEqual(account?.failedSignIns, 0)
        let token = try await token(coder)

        // Deactivation ends the live token at once and refuses the next sign-in.
        let deactivated = try await post("/users/\(coderID)/deactivate", admin, [:])
        XCTAssertEqual(deactivated.status, .seeOther, deactivated.body.string)
        try await send(.GET, "/api/v1/me", token: token) { XCTAssertEqual($0.status, .unauthorized) }
        try await app.test(.POST, "/api/v1/auth/token", beforeRequest: {
            try $0.content.encode(["email": coder.email, "password": coder.password], as: .json)
        }) { res async throws in
            XCTAssertEqual(res.status, .unauthorized)
        }
        let list = try await get("/users", admin)
        XCTAssertTrue(list.body.string.contains("action=\"/users/\(coderID)/reactivate\""))
        let reactivated = try await post("/users/\(coderID)/reactivate", admin, [:])
        XCTAssertEqual(reactivated.status, .seeOther)
        _ = try await self.token(coder)

        // Only users of the administrator's practice, and never the administrator themselves.
        let foreignAccount = try await store().user(email: try user(.coder, tenant: 1).email)
        let foreign = try XCTUnwrap(foreignAccount).id
        let elsewhere = try await post("/users/\(foreign)/deactivate", admin, [:])
        XCTAssertEqual(elsewhere.status, .notFound)
        let adminAccount = try await store().user(email: try user(.administrator).email)
        let adminID = try XCTUnwrap(adminAccount).id
        let oneself = try await post("/users/\(adminID)/deactivate", admin, [:])
        XCTAssertEqual(oneself.status, .unprocessableEntity)
        let entries = try await auditEntries()
        XCTAssertTrue(entries.contains { $0.action == .update && $0.entityType == "membership" && $0.detail.contains("deactivated") })
        XCTAssertTrue(entries.contains { $0.action == .update && $0.entityType == "user" && $0.detail.contains("unlocked") })
    }

    func testTenantSwitchGoesOnlyToMemberPractices() async throws {
        let company = try XCTUnwrap(data.users.first { $0.tenantName == nil }, "the billing company's administrator")
        let session = try await webSession(company)
        func currentTenant() async throws -> UUID? {
            let me = try await get("/api/v1/me", session)
            return UUID(uuidString: (try object(me)["tenantID"] as? String) ?? "")
        }
        let first = try await currentTenant()
        let other = try XCTUnwrap(data.tenants.map(\.id).first { $0 != first })
        let work = try await get("/work", session)
        XCTAssertTrue(work.body.string.contains("action=\"/session/tenant\""), "staff of several practices get the switcher")
        let switched = try await post("/session/tenant", session, ["tenantID": other.uuidString])
        XCTAssertEqual(switched.status, .seeOther, switched.body.string)
        let now = try await currentTenant()
        XCTAssertEqual(now, other)
        let otherPatient = try XCTUnwrap(data.patients.first { $0.tenantID == other })
        let visible = try await get("/patients/\(otherPatient.id)", session)
        XCTAssertEqual(visible.status, .ok)
        let entries = try await auditEntries()
        XCTAssertTrue(entries.contains { $0.entityType == "tenant" && $0.entityID == other.uuidString && $0.tenantID == other })

        // A practice's own administrator has one practice: no switcher, and no way into the other.
        let practiceAdmin = try await webSession(try user(.administrator, tenant: 0))
        let ownWork = try await get("/work", practiceAdmin)
        XCTAssertFalse(ownWork.body.string.contains("action=\"/session/tenant\""))
        for target in [data.tenants[1].id, UUID()] {
            let refused = try await post("/session/tenant", practiceAdmin, ["tenantID": target.uuidString])
            XCTAssertEqual(refused.status, .forbidden)
        }
        let stillHome = try await get("/patients/\(otherPatient.id)", practiceAdmin)
        XCTAssertEqual(stillHome.status, .notFound)
        let refusals = try await auditEntries()
        XCTAssertTrue(refusals.contains { $0.action == .accessDenied && $0.entityType == "tenant" && $0.entityID == data.tenants[1].id.uuidString })
    }
}

/// The same tests on PostgreSQL, each in a database of its own; skipped when REVCYCLE_TEST_POSTGRES_URL is not set.
/// Linux finds only the test methods a class declares itself, so each is named again here.
final class FormPagesTestsOnPostgreSQL: FormPagesTests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    override func testPatientAndCoverageEditForms() async throws { try await super.testPatientAndCoverageEditForms() }
    override func testPayersProvidersAndFeeSchedulesThroughForms() async throws { try await super.testPayersProvidersAndFeeSchedulesThroughForms() }
    override func testAdministratorDeactivatesAndUnlocksUsers() async throws { try await super.testAdministratorDeactivatesAndUnlocksUsers() }
    override func testTenantSwitchGoesOnlyToMemberPractices() async throws { try await super.testTenantSwitchGoesOnlyToMemberPractices() }
}
