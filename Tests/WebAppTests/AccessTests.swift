import CodeSets
import Clearinghouse
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// Signing in, roles, tenant isolation, CSRF, idempotency and the audit log, through the router on a real database
/// loaded with the demo data set: SQLite here, PostgreSQL in `AccessTestsOnPostgreSQL`.
class AccessTests: DemoAppTestCase {
    // MARK: signing in

    func testTokenSignInAnswersTheRoleAndTenant() async throws {
        let biller = try user(.biller)
        let token = try await token(biller)
        try await send(.GET, "/api/v1/me", token: token) { res in
            XCTAssertEqual(res.status, .ok)
            let me = try object(res)
            XCTAssertEqual(me["role"] as? String, "biller")
            XCTAssertEqual(me["tenantID"] as? String, data.tenants[0].id.uuidString)
            XCTAssertTrue((me["permissions"] as? [String])?.contains("claims.submit") == true)
        }
        try await send(.DELETE, "/api/v1/auth/token", token: token) { XCTAssertEqual($0.status, .noContent) }
        try await send(.GET, "/api/v1/me", token: token) { XCTAssertEqual($0.status, .unauthorized) }
        try await send(.GET, "/api/v1/me", token: "rct_made-up") { XCTAssertEqual($0.status, .unauthorized) }
    }

    func testFiveWrongPasswordsLockTheAccount() async throws {
        let coder = try user(.coder)
        for attempt in 1...5 {
            try await app.test(.POST, "/api/v1/auth/token", beforeRequest: {
                try $0.content.encode(["email": coder.email, "password": "not the password \(attempt)"], as: .json)
            }) { res async throws in
                XCTAssertEqual(res.status, attempt < 5 ? .unauthorized : .forbidden, "attempt \(attempt)")
                if attempt == 5 { XCTAssertEqual((try object(res)["error"] as? [String: Any])?["code"] as? String, "account_locked") }
            }
        }
        // Locked: even the right password is refused until the lock ends.
        try await app.test(.POST, "/api/v1/auth/token", beforeRequest: {
            try $0.content.encode(["email": coder.email, "password": coder.password], as: .json)
        }) { res async throws in
            XCTAssertEqual(res.status, .forbidden)
        }
        // An unknown email gets the same answer as a wrong password.
        try await app.test(.POST, "/api/v1/auth/token", beforeRequest: {
            try $0.content.encode(["email": "nobody@example.com", "password": "whatever it is"], as: .json)
        }) { res async throws in
            XCTAssertEqual(res.status, .unauthorized)
            XCTAssertEqual((try object(res)["error"] as? [String: Any])?["message"] as? String, SignIn.refusal)
        }
    }

    // MARK: roles

    func testEveryRouteNeedsSignInAndItsPermission() async throws {
        let table = app.state.routeTable
        XCTAssertGreaterThan(table.count, 40)
        let someID = UUID().uuidString
        for rule in table where rule.permission != nil {
            let path = rule.path.replacingOccurrences(of: ":id", with: someID)
            try await send(rule.method, path, token: nil, json: [:]) { res in
                XCTAssertEqual(res.status, .unauthorized, "\(rule.method) \(rule.path) without signing in")
            }
        }
        // Each role is refused exactly the routes whose permission it lacks.
        for role in Role.allCases {
            let token = try await token(try user(role))
            for rule in table {
                guard let permission = rule.permission, !PermissionMatrix.allows(role, permission) else { continue }
                let path = rule.path.replacingOccurrences(of: ":id", with: someID)
                try await send(rule.method, path, token: token, json: [:]) { res in
                    XCTAssertEqual(res.status, .forbidden, "\(role) \(rule.method) \(rule.path)")
                }
            }
        }
    }

    // MARK: tenants

    /// A user of one practice tries every record route with the other practice's ids: always 404, never the data.
    func testAnotherTenantsRecordsAreNotFound() async throws {
        let admin = try await token(try user(.administrator, tenant: 0))
        let other = data.tenants[1].id
        // A payer enrollment and a bank deposit of the other practice.
        let otherPayer = try XCTUnwrap(data.payers.first { $0.tenantID == other })
        let otherEnrollment = try await store().insert(PayerEnrollment(id: UUID(), tenantID: other, payerID: otherPayer.id, providerNPI: data.tenants[1].billingNPI))
        let otherDeposit = try await store().insert(BankDeposit(tenantID: other, amount: Money(cents: 12_345), depositedOn: ServiceDate(year: 2025, month: 11, day: 12)!,
                                                                traceNumber: "OTHER-1"))
        let targets: [(String, UUID?)] = [
            ("enrollments", otherEnrollment.value.id), ("deposits", otherDeposit.value.id),
            ("patients", data.patients.first { $0.tenantID == other }?.id),
            ("coverages", data.coverages.first { $0.tenantID == other }?.id),
            ("referrals", data.referrals.first { $0.tenantID == other }?.id),
            ("prior-authorizations", data.priorAuthorizations.first { $0.tenantID == other }?.id),
            ("encounters", data.encounters.first { $0.tenantID == other }?.id),
            ("charges", data.charges.first { $0.tenantID == other }?.id),
            ("providers", data.providers.first { $0.tenantID == other }?.id),
            ("facilities", data.facilities.first { $0.tenantID == other }?.id),
            ("payers", data.payers.first { $0.tenantID == other }?.id),
            ("fee-schedules", data.feeSchedules.first { $0.tenantID == other }?.id),
            ("claims", data.claims.first { $0.tenantID == other }?.id),
        ]
        // A batch and a received file of the other practice.
        let otherBiller = try await token(try user(.biller, tenant: 1))
        var batchID: UUID?
        try await send(.POST, "/api/v1/batches", token: otherBiller) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            batchID = ((try object(res)["batches"] as? [[String: Any]])?.first?["id"] as? String).flatMap(UUID.init(uuidString:))
        }
        let file = ReceivedFile(id: UUID(), tenantID: other, kind: .claimStatus, name: "other.277", contents: "ISA*other practice",
                                receivedAt: Date(), receivedBy: ClaimActor(userID: UUID(), displayName: "test"))
        _ = try await store().insertReceivedFile(file, claims: [])
        // A denial and an appeal of the other practice: its batch sent, denied by the payer, and appealed.
        var denialID: UUID?, appealID: UUID?
        if let batchID {
            try await send(.POST, "/api/v1/batches/\(batchID)/send", token: otherBiller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
            let batch = try await store().batch(id: batchID, tenantID: other)
            var contract = PayerContract.demo
            contract.priorAuthorizationCodes = data.claims.filter { batch?.value.claimIDs.contains($0.id) ?? false }.flatMap { $0.lines.compactMap { $0.procedure?.code } }
            _ = try SandboxClearinghouse(folders: try DropFolderTransport(root: configuration.clearinghouseDirectory), contract: contract)
                .answerOutbox(date: "20251110", time: "1200")
            try await send(.POST, "/api/v1/clearinghouse/receive", token: otherBiller) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
            let denial = try await store().denials(tenantID: other, query: DenialQuery()).items.first?.value
            denialID = denial?.id
            if let denial {
                try await send(.POST, "/api/v1/claims/\(denial.claimID)/appeals", token: otherBiller, json: [:]) { res in
                    appealID = ((try object(res)["appeal"] as? [String: Any])?["id"] as? String).flatMap(UUID.init(uuidString:))
                }
            }
        }
        // A 276 of the other practice.
        let inquiry = StatusInquiry(id: UUID(), tenantID: other, payerID: UUID(), interchangeControlNumber: 999_000_001, fileName: "276-other.x12",
                                    claimIDs: [], createdAt: Date(), createdBy: ClaimActor(userID: UUID(), displayName: "test"), contents: "ISA*other practice")
        _ = try await store().insertStatusInquiry(inquiry, claims: [])
        // A posting exception of the other practice: its 835 named a claim it does not have.
        let otherException = try await queueUnmatchedClaim(tenant: 1).exceptionID
        let exchangeTargets: [(String, UUID?)] = [("batches", batchID), ("received-files", file.id), ("denials", denialID), ("appeals", appealID),
                                                  ("status-inquiries", inquiry.id), ("posting-exceptions", otherException)]
        for (path, id) in exchangeTargets {
            let id = try XCTUnwrap(id, "no \(path) in the second practice")
            try await send(.GET, "/api/v1/\(path)/\(id)", token: admin) { res in XCTAssertEqual(res.status, .notFound, "GET \(path)") }
            try await send(.GET, "/api/v1/\(path)?limit=200", token: admin) { res in
                XCTAssertEqual(res.status, .ok, "list \(path)")
                XCTAssertFalse(res.body.string.contains(id.uuidString), "list \(path) shows the other tenant's record")
            }
        }
        if let batchID {
            try await send(.POST, "/api/v1/batches/\(batchID)/send", token: admin) { res in XCTAssertEqual(res.status, .notFound, "send another's batch") }
        }
        try await send(.POST, "/api/v1/posting-exceptions/\(otherException)/resolve", token: admin, json: ["note": "x"]) { res in
            XCTAssertEqual(res.status, .notFound, "resolve another's posting exception")
        }
        let stillOpen = try await store().postingException(id: otherException, tenantID: other)
        XCTAssertEqual(stillOpen?.value.status, .open)
        if let denialID, let appealID {
            try await send(.POST, "/api/v1/denials/\(denialID)/resolve", token: admin, json: ["status": "closed", "reason": "x"]) { res in
                XCTAssertEqual(res.status, .notFound, "resolve another's denial")
            }
            try await send(.POST, "/api/v1/appeals/\(appealID)/outcome", token: admin, json: ["outcome": "upheld"]) { res in
                XCTAssertEqual(res.status, .notFound, "decide another's appeal")
            }
        }
        // The other practice's coding work: a chart, a query on it, an audit with its review.
        let otherCoder = try await token(try user(.coder, tenant: 1))
        let otherCharts = try await store().codingWork(tenantID: other, query: CodingWorkQuery(statuses: [.queued]))
        let otherChart = try XCTUnwrap(otherCharts.items.first?.value.id)
        try await send(.POST, "/api/v1/coding/queue/\(otherChart)/claim", token: otherCoder) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        var otherQuery: UUID?
        try await send(.POST, "/api/v1/coding/queue/\(otherChart)/queries", token: otherCoder,
                       json: ["templateID": "specificity", "subject": "anemia", "clinicalIndicators": ["Hemoglobin 9.1 g/dL"],
                              "options": ["Iron deficiency anemia", "Anemia in chronic kidney disease"]]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            otherQuery = ((try object(res)["query"] as? [String: Any])?["id"] as? String).flatMap(UUID.init(uuidString:))
        }
        let someone = ClaimActor(userID: UUID(), displayName: "someone")
        let completedChart = CodingWorkItem(id: UUID(), tenantID: other, patientID: UUID(), workType: .outpatient, priority: .routine, specialty: "", payerID: nil,
                                            serviceFrom: DemoSeed.today, serviceThrough: DemoSeed.today, enteredAt: Date(), status: .done, completedAt: Date(),
                                            events: [CodingWorkEvent(kind: .completed, actor: someone, at: Date())])
        let (otherAudit, otherReviews) = try CodingAudits.create(
            name: "the other practice's", sampling: AuditSampling(completedFrom: Date(timeIntervalSinceNow: -3600), completedTo: Date(timeIntervalSinceNow: 3600), size: 1, seed: 1),
            charts: [completedChart], codes: [completedChart.id: AuditedCodes(diagnoses: ["I10"])], id: UUID(), by: someone, at: Date())
        try await store().insertCodingAudit(otherAudit, reviews: otherReviews)
        let codingTargets: [(String, UUID?)] = [("coding/queue", otherChart), ("provider-queries", otherQuery), ("coding/audits", otherAudit.id),
                                                ("coding/audit-reviews", otherReviews.first?.id)]
        for (path, id) in codingTargets {
            let id = try XCTUnwrap(id, "no \(path) in the second practice")
            try await send(.GET, "/api/v1/\(path)/\(id)", token: admin) { res in XCTAssertEqual(res.status, .notFound, "GET \(path)") }
            for list in ["coding/queue?limit=200&status=queued,inProgress,pendingQuery,done", "provider-queries?limit=200", "coding/audits"] {
                try await send(.GET, "/api/v1/\(list)", token: admin) { res in
                    XCTAssertEqual(res.status, .ok, "list \(list)")
                    XCTAssertFalse(res.body.string.contains(id.uuidString), "\(list) shows the other tenant's \(path)")
                }
            }
        }
        try await send(.POST, "/api/v1/coding/queue/\(otherChart)/release", token: admin) { res in XCTAssertEqual(res.status, .notFound, "release another's chart") }
        for (method, path) in [(HTTPMethod.GET, "services"), (.POST, "services"), (.GET, "edits"), (.POST, "edits")] {
            try await send(method, "/api/v1/coding/queue/\(otherChart)/\(path)", token: admin, json: method == .POST ? ["code": "99213"] : nil) { res in
                XCTAssertEqual(res.status, .notFound, "\(method) another's chart's \(path)")
            }
        }
        let otherCharge = try XCTUnwrap(data.charges.first { $0.tenantID == other })
        try await send(.DELETE, "/api/v1/coding/queue/\(otherChart)/services/\(otherCharge.id)", token: admin, headers: ["If-Match": "\"1\""]) { res in
            XCTAssertEqual(res.status, .notFound, "remove another's service")
        }
        try await send(.PUT, "/api/v1/coding/queue/\(otherChart)/services/\(otherCharge.id)", token: admin, json: ["code": "99213", "version": 1]) { res in
            XCTAssertEqual(res.status, .notFound, "change another's service")
        }
        let otherQueryID = try XCTUnwrap(otherQuery)
        try await send(.POST, "/api/v1/provider-queries/\(otherQueryID)/answer", token: admin, json: ["answer": "Iron deficiency anemia"]) { res in
            XCTAssertEqual(res.status, .notFound, "answer another's query")
        }
        let otherReviewID = try XCTUnwrap(otherReviews.first?.id)
        try await send(.POST, "/api/v1/coding/audit-reviews/\(otherReviewID)/complete", token: admin, json: ["codes": ["I10"]]) { res in
            XCTAssertEqual(res.status, .notFound, "complete another's review")
        }
        // Every record route of the table is tried.
        let covered = Set((targets + exchangeTargets + codingTargets).map { "/api/v1/\($0.0)/:id" })
        for rule in app.state.routeTable where rule.path.hasSuffix("/:id") {
            XCTAssertTrue(covered.contains(rule.path), "\(rule.path) is not tried across tenants")
        }
        for (path, id) in targets {
            let id = try XCTUnwrap(id, "the demo data has no \(path) in the second practice")
            try await send(.GET, "/api/v1/\(path)/\(id)", token: admin) { res in
                XCTAssertEqual(res.status, .notFound, "GET \(path)")
                XCTAssertFalse(res.body.string.contains(other.uuidString), "GET \(path) leaks the other tenant")
            }
            if path != "claims" {
                try await send(.PUT, "/api/v1/\(path)/\(id)", token: admin, json: ["name": "x"], headers: ["If-Match": "\"1\""]) { res in
                    XCTAssertEqual(res.status, .notFound, "PUT \(path)")
                }
            } else {
                try await send(.POST, "/api/v1/claims/\(id)/transitions", token: admin, json: ["to": "held", "reason": "x"]) { res in
                    XCTAssertEqual(res.status, .notFound, "POST claims transitions")
                }
            }
            // Lists never show the other tenant's records.
            try await send(.GET, "/api/v1/\(path)?limit=200", token: admin) { res in
                XCTAssertEqual(res.status, .ok, "list \(path)")
                XCTAssertFalse(res.body.string.contains(id.uuidString), "list \(path) shows the other tenant's record")
            }
        }
        // A claim cannot be made from the other tenant's encounter.
        let encounter = try XCTUnwrap(data.encounters.first { $0.tenantID == other })
        try await send(.POST, "/api/v1/claims", token: admin, json: ["encounterID": encounter.id.uuidString]) { res in
            XCTAssertTrue([.notFound, .unprocessableEntity].contains(res.status), "\(res.status)")
        }
        // Signing in to a practice one does not belong to is refused.
        try await app.test(.POST, "/api/v1/auth/token", beforeRequest: { [self] in
            let coder = try user(.coder, tenant: 0)
            try $0.content.encode(["email": coder.email, "password": coder.password, "tenantID": other.uuidString], as: .json)
        }) { res async throws in
            XCTAssertEqual(res.status, .unauthorized)
        }
    }

    // MARK: creating

    func testCreatesAreValidatedAndIdempotent() async throws {
        let frontDesk = try await token(try user(.frontDesk))
        var patient: [String: Any] = [
            "name": ["last": "Okafor", "first": "Ada"], "dateOfBirth": "1984-02-30", "sex": "F",
            "address": ["lines": ["12 Elm St"], "city": "Springfield", "state": "IL", "postalCode": "62701"],
            "accountNumber": "TEST-1", "guarantor": ["kind": "patient"],
        ]
        try await send(.POST, "/api/v1/patients", token: frontDesk, json: patient) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
            let problems = try XCTUnwrap((try object(res)["error"] as? [String: Any])?["problems"] as? [[String: Any]])
            XCTAssertEqual(problems.first?["field"] as? String, "dateOfBirth", res.body.string)
        }
        patient["dateOfBirth"] = "1984-02-28"
        var firstID = ""
        try await send(.POST, "/api/v1/patients", token: frontDesk, json: patient, headers: ["Idempotency-Key": "create-ada-1"]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            firstID = (try object(res)["record"] as? [String: Any])?["id"] as? String ?? ""
        }
        try await send(.POST, "/api/v1/patients", token: frontDesk, json: patient, headers: ["Idempotency-Key": "create-ada-1"]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(res.headers.first(name: "Idempotent-Replayed"), "true")
            XCTAssertEqual((try object(res)["record"] as? [String: Any])?["id"] as? String, firstID)
        }
        patient["accountNumber"] = "TEST-2"
        try await send(.POST, "/api/v1/patients", token: frontDesk, json: patient, headers: ["Idempotency-Key": "create-ada-1"]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
        }
        try await send(.GET, "/api/v1/patients?search=okafor", token: frontDesk) { res in
            XCTAssertEqual((try object(res)["data"] as? [Any])?.count, 1, "created once")
        }
        // Replacing needs the version read; a stale version is a conflict.
        var updated = patient
        updated["phone"] = "312-555-0142"
        try await send(.PUT, "/api/v1/patients/\(firstID)", token: frontDesk, json: updated) { XCTAssertEqual($0.status, .preconditionRequired) }
        try await send(.PUT, "/api/v1/patients/\(firstID)", token: frontDesk, json: updated, headers: ["If-Match": "\"1\""]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(res.headers.first(name: .eTag), "\"2\"")
        }
        try await send(.PUT, "/api/v1/patients/\(firstID)", token: frontDesk, json: updated, headers: ["If-Match": "\"1\""]) { XCTAssertEqual($0.status, .conflict) }
    }

    func testTheScrubberHoldsAClaimWithErrorsAndExplainsThem() async throws {
        let biller = try await token(try user(.biller))
        let tenant = data.tenants[0].id
        let claimed = Set(data.claims.map(\.encounterID))
        var encounter = try XCTUnwrap(data.encounters.first { $0.tenantID == tenant && $0.status == .coded && !claimed.contains($0.id) })
        // The coder left a category where a billable code belongs.
        encounter.diagnoses[0] = DiagnosisCode("E11")
        var body = try XCTUnwrap(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(encounter)) as? [String: Any])
        body.removeValue(forKey: "id")
        try await send(.PUT, "/api/v1/encounters/\(encounter.id)", token: try await token(try user(.frontDesk)), json: body, headers: ["If-Match": "\"1\""]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }
        var claimID = ""
        try await send(.POST, "/api/v1/claims", token: biller, json: ["encounterID": encounter.id.uuidString]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(try object(res)["status"] as? String, "held", "scrubbed as it is made")
            claimID = (try object(res)["claim"] as? [String: Any])?["id"] as? String ?? ""
        }
        try await send(.POST, "/api/v1/claims/\(claimID)/scrub", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let answer = try object(res)
            let edits = try XCTUnwrap(answer["edits"] as? [[String: Any]])
            let edit = try XCTUnwrap(edits.first { $0["id"] as? String == "dx-not-billable" }, res.body.string)
            XCTAssertEqual(edit["severity"] as? String, "error")
            XCTAssertTrue((edit["resolution"] as? String ?? "").contains("E11.9"), res.body.string)
            XCTAssertEqual((answer["claim"] as? [String: Any])?["status"] as? String, "held")
        }
        try await send(.GET, "/api/v1/claims?status=held&limit=200", token: biller) { XCTAssertTrue($0.body.string.contains(claimID)) }
        // A person cannot release it towards the payer while the error stands: the move scrubs it again.
        try await send(.POST, "/api/v1/claims/\(claimID)/transitions", token: biller, json: ["to": "ready", "reason": "looks fine to me"]) { res in
            XCTAssertEqual(res.status, .conflict, res.body.string)
            let error = try XCTUnwrap(try object(res)["error"] as? [String: Any])
            XCTAssertEqual(error["code"] as? String, "claim_has_errors")
            XCTAssertEqual((error["edits"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["dx-not-billable"], res.body.string)
        }
        // The claim page shows the edits; a coder may not scrub (it moves claims).
        let session = try await webSession(try user(.biller))
        let page = try await get("/claims/\(claimID)", session)
        XCTAssertTrue(page.body.string.contains("dx-not-billable"), page.body.string)
        try await send(.POST, "/api/v1/claims/\(claimID)/scrub", token: try await token(try user(.coder))) { XCTAssertEqual($0.status, .forbidden) }
        let other = try XCTUnwrap(data.claims.first { $0.tenantID == data.tenants[1].id })
        try await send(.POST, "/api/v1/claims/\(other.id)/scrub", token: biller) { XCTAssertEqual($0.status, .notFound) }
    }

    func testASecondClaimForTheSameServicesIsHeldAsADuplicate() async throws {
        let biller = try await token(try user(.biller))
        let claimed = Set(data.claims.map(\.encounterID))
        let encounter = try XCTUnwrap(data.encounters.first { $0.tenantID == data.tenants[0].id && $0.status == .coded && !claimed.contains($0.id) })
        var first = ""
        try await send(.POST, "/api/v1/claims", token: biller, json: ["encounterID": encounter.id.uuidString]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(try object(res)["status"] as? String, "ready", res.body.string)
            first = try XCTUnwrap((try object(res)["claim"] as? [String: Any])?["patientControlNumber"] as? String)
        }
        try await send(.POST, "/api/v1/claims", token: biller, json: ["encounterID": encounter.id.uuidString]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let body = try object(res)
            XCTAssertEqual(body["status"] as? String, "held", res.body.string)
            let edit = try XCTUnwrap((body["edits"] as? [[String: Any]])?.first { $0["id"] as? String == "claim-duplicate" }, res.body.string)
            XCTAssertTrue((edit["message"] as? String ?? "").contains(first), res.body.string)
        }
    }

    func testCodesAreCheckedAgainstTheLoadedCodeSets() async throws {
        let admin = try await token(try user(.administrator))
        var provider: [String: Any] = ["kind": "individual", "personName": ["last": "Osei", "first": "Kwame"], "npi": "1245319599",
                                       "taxonomy": "207Q99999X", "specialty": "Family medicine"]
        try await send(.POST, "/api/v1/providers", token: admin, json: provider) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
            XCTAssertTrue(res.body.string.contains("207Q99999X is not a"), res.body.string)
        }
        provider["taxonomy"] = "207Q00000X"
        try await send(.POST, "/api/v1/providers", token: admin, json: provider) { XCTAssertEqual($0.status, .created, $0.body.string) }
        // An encounter's place of service is one CMS lists.
        let frontDesk = try await token(try user(.frontDesk))
        let demoEncounter = try XCTUnwrap(data.encounters.first { $0.tenantID == data.tenants[0].id && $0.placeOfService != nil })
        var encounter = try XCTUnwrap(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(demoEncounter)) as? [String: Any])
        encounter["placeOfService"] = "98"
        try await send(.POST, "/api/v1/encounters", token: frontDesk, json: encounter) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
            let problems = try XCTUnwrap((try object(res)["error"] as? [String: Any])?["problems"] as? [[String: Any]])
            XCTAssertEqual(problems.compactMap { $0["field"] as? String }, ["placeOfService"], res.body.string)
        }
        encounter["placeOfService"] = "11"
        try await send(.POST, "/api/v1/encounters", token: frontDesk, json: encounter) { XCTAssertEqual($0.status, .created, $0.body.string) }
    }

    // MARK: claims

    func testClaimFromEncounterMovesThroughItsStatesAndFeedsEvents() async throws {
        let biller = try await token(try user(.biller))
        let tenant = data.tenants[0].id
        let claimed = Set(data.claims.map(\.encounterID))
        let encounter = try XCTUnwrap(data.encounters.first { $0.tenantID == tenant && $0.status == .coded && !claimed.contains($0.id) },
                                      "the demo data has a coded encounter without a claim")
        var lastSequence = 0
        try await send(.GET, "/api/v1/events", token: biller) { res in
            lastSequence = try object(res)["lastSequence"] as? Int ?? 0
        }
        var claimID = ""
        try await send(.POST, "/api/v1/claims", token: biller, json: ["encounterID": encounter.id.uuidString]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let body = try object(res)
            // Scrubbed at once, and clean: ready, with the reason in its history.
            XCTAssertEqual(body["status"] as? String, "ready", res.body.string)
            XCTAssertEqual((body["edits"] as? [Any])?.count, 0, res.body.string)
            XCTAssertTrue(((body["history"] as? [[String: Any]])?.first?["reason"] as? String ?? "").hasPrefix("scrubber"), res.body.string)
            claimID = (body["claim"] as? [String: Any])?["id"] as? String ?? ""
            let lines = try XCTUnwrap((body["claim"] as? [String: Any])?["lines"] as? [[String: Any]])
            XCTAssertFalse(lines.isEmpty)
            XCTAssertTrue(lines.allSatisfy { ($0["lineItemControlNumber"] as? String)?.isEmpty == false })
        }
        try await send(.POST, "/api/v1/claims/\(claimID)/transitions", token: biller, json: ["to": "paid", "reason": "skip ahead"]) { res in
            XCTAssertEqual(res.status, .conflict)
            XCTAssertTrue(res.body.string.contains("ready"), res.body.string)
        }
        for to in ["batched", "submitted"] {
            try await send(.POST, "/api/v1/claims/\(claimID)/transitions", token: biller, json: ["to": to, "reason": "test \(to)"]) { res in
                XCTAssertEqual(res.status, .ok, res.body.string)
            }
        }
        try await send(.GET, "/api/v1/claims/\(claimID)", token: biller) { res in
            let history = try XCTUnwrap(try object(res)["history"] as? [[String: Any]])
            XCTAssertEqual(history.map { $0["to"] as? String }, ["ready", "batched", "submitted"])
        }
        try await send(.GET, "/api/v1/events?after=\(lastSequence)", token: biller) { res in
            let events = try XCTUnwrap(try object(res)["data"] as? [[String: Any]])
            XCTAssertEqual(events.compactMap { ($0["transition"] as? [String: Any])?["to"] as? String }, ["ready", "batched", "submitted"])
        }
        try await send(.GET, "/api/v1/claims?status=submitted&limit=200", token: biller) { res in
            XCTAssertTrue(res.body.string.contains(claimID))
        }
        // A coder reads no claims; a manager reads but does not move them.
        try await send(.GET, "/api/v1/claims/\(claimID)", token: try await token(try user(.coder))) { XCTAssertEqual($0.status, .forbidden) }
        try await send(.POST, "/api/v1/claims/\(claimID)/transitions", token: try await token(try user(.manager)),
                       json: ["to": "accepted", "reason": "no"]) { XCTAssertEqual($0.status, .forbidden) }
    }

    func testAClaimDownloadsAsTheValid837ItIsSentAs() async throws {
        let biller = try await token(try user(.biller))
        let claim = try XCTUnwrap(data.claims.first { $0.tenantID == data.tenants[0].id })
        try await send(.GET, "/api/v1/claims/\(claim.id)/837", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(res.headers.first(name: .contentType), "application/edi-x12")
            let (report, _) = try HealthCareValidation.read(Array(res.body.string.utf8))
            XCTAssertTrue(report.isValid, report.findings.prefix(5).map(String.init(describing:)).joined(separator: "\n"))
            XCTAssertTrue(res.body.string.contains("\nCLM*\(claim.patientControlNumber)*"), res.body.string)
        }
        let entries = try await auditEntries()
        XCTAssertTrue(entries.contains { $0.entityID == claim.id.uuidString && $0.detail == "837 file" })
        // Another practice's claim is not found.
        let other = try XCTUnwrap(data.claims.first { $0.tenantID == data.tenants[1].id })
        try await send(.GET, "/api/v1/claims/\(other.id)/837", token: biller) { XCTAssertEqual($0.status, .notFound) }
        // Without the billing office's phone the file cannot name its submitter's contact, and the answer says so.
        var tenant = data.tenants[0]
        tenant.billingPhone = nil
        try await store().saveTenant(tenant)
        try await send(.GET, "/api/v1/claims/\(claim.id)/837", token: biller) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
            XCTAssertTrue(res.body.string.contains("tenant.billingPhone"), res.body.string)
        }
    }

    // MARK: web pages

    func testWebSignInNeedsTheFormTokenAndFormsNeedTheSessionToken() async throws {
        let biller = try user(.biller)
        try await app.test(.GET, "/claims") { res async throws in
            XCTAssertEqual(res.status, .seeOther)
            XCTAssertEqual(res.headers.first(name: .location), "/login?next=/claims")
        }
        var formToken = "", formCookie = ""
        try await app.test(.GET, "/login") { res async throws in
            XCTAssertEqual(res.status, .ok)
            formCookie = res.headers.setCookie?[AuthRoutes.formCookie]?.string ?? ""
            let html = res.body.string
            let marker = "name=_csrf value=\""
            let start = try XCTUnwrap(html.range(of: marker)).upperBound
            formToken = String(html[start...].prefix { $0 != "\"" })
        }
        XCTAssertEqual(formToken, formCookie)
        // Without the form's cookie (a forged cross-site post) the sign-in is refused.
        try await app.test(.POST, "/login", beforeRequest: {
            try $0.content.encode(["email": biller.email, "password": biller.password, "_csrf": formToken], as: .urlEncodedForm)
        }) { res async throws in
            XCTAssertEqual(res.status, .forbidden)
        }
        var session = ""
        try await app.test(.POST, "/login", beforeRequest: {
            $0.headers.cookie = ["revcycle_form": .init(string: formCookie)]
            try $0.content.encode(["email": biller.email, "password": biller.password, "_csrf": formToken, "next": "/claims"], as: .urlEncodedForm)
        }) { res async throws in
            XCTAssertEqual(res.status, .seeOther, res.body.string)
            XCTAssertEqual(res.headers.first(name: .location), "/claims")
            let cookie = try XCTUnwrap(res.headers.setCookie?[Authentication.sessionCookie])
            XCTAssertTrue(cookie.isHTTPOnly)
            XCTAssertTrue(cookie.isSecure)
            session = cookie.string
        }
        let claim = try XCTUnwrap(data.claims.first { $0.tenantID == data.tenants[0].id && $0.status == .draft })
        var csrf = ""
        try await app.test(.GET, "/claims/\(claim.id)", beforeRequest: { $0.headers.cookie = ["revcycle_session": .init(string: session)] }) { res async throws in
            XCTAssertEqual(res.status, .ok)
            XCTAssertTrue(res.body.string.contains("CMS-1500"))
            let html = res.body.string
            let start = try XCTUnwrap(html.range(of: "name=_csrf value=\"")).upperBound
            csrf = String(html[start...].prefix { $0 != "\"" })
        }
        // A form post without the session's token is refused; with it, it works.
        try await app.test(.POST, "/claims/\(claim.id)/transition", beforeRequest: {
            $0.headers.cookie = ["revcycle_session": .init(string: session)]
            try $0.content.encode(["to": "held", "reason": "check the modifier", "version": "1"], as: .urlEncodedForm)
        }) { res async throws in
            XCTAssertEqual(res.status, .forbidden)
        }
        try await app.test(.POST, "/claims/\(claim.id)/transition", beforeRequest: {
            $0.headers.cookie = ["revcycle_session": .init(string: session)]
            try $0.content.encode(["to": "held", "reason": "check the modifier", "version": "1", "_csrf": csrf], as: .urlEncodedForm)
        }) { res async throws in
            XCTAssertEqual(res.status, .seeOther, res.body.string)
        }
        // An outside address is never a redirect target after signing in.
        XCTAssertEqual(AuthRoutes.safeNext("//evil.example/x"), "/")
        XCTAssertEqual(AuthRoutes.safeNext("https://evil.example"), "/")
    }


    func testPagesOpenForTheirRolesAndTheFeeSheetAddsCharges() async throws {
        let tenant = data.tenants[0].id
        let patient = try XCTUnwrap(data.patients.first { $0.tenantID == tenant })
        let encounter = try XCTUnwrap(data.encounters.first { $0.tenantID == tenant && !$0.diagnoses.isEmpty })
        let claim = try XCTUnwrap(data.claims.first { $0.tenantID == tenant })
        let pages = ["/work", "/patients", "/patients/\(patient.id)", "/encounters", "/encounters/\(encounter.id)", "/claims", "/claims/\(claim.id)",
                     "/payers", "/fee-schedules", "/users", "/patients?search=\(patient.name.last)"]
        let admin = try await webSession(try user(.administrator))
        for page in pages {
            try await app.test(.GET, page, beforeRequest: { $0.headers.cookie = [Authentication.sessionCookie: .init(string: admin.cookie)] }) { res async throws in
                XCTAssertEqual(res.status, .ok, page)
            }
        }
        let coder = try await webSession(try user(.coder))
        for page in ["/patients", "/claims", "/users", "/claims/\(claim.id)"] {
            try await app.test(.GET, page, beforeRequest: { $0.headers.cookie = [Authentication.sessionCookie: .init(string: coder.cookie)] }) { res async throws in
                XCTAssertEqual(res.status, .forbidden, "coder \(page)")
            }
        }
        // Another practice's records are not found on the pages either.
        let foreign = try XCTUnwrap(data.patients.first { $0.tenantID == data.tenants[1].id })
        try await app.test(.GET, "/patients/\(foreign.id)", beforeRequest: { $0.headers.cookie = [Authentication.sessionCookie: .init(string: admin.cookie)] }) { res async throws in
            XCTAssertEqual(res.status, .notFound)
        }
        // The fee sheet: a pointer to a diagnosis the encounter lacks is refused with the reason; a good line is added.
        let biller = try await webSession(try user(.biller))
        func post(_ form: [String: String]) async throws -> XCTHTTPResponse {
            var answer: XCTHTTPResponse?
            try await app.test(.POST, "/encounters/\(encounter.id)/charges", beforeRequest: { req async throws in
                req.headers.cookie = [Authentication.sessionCookie: .init(string: biller.cookie)]
                try req.content.encode(form.merging(["_csrf": biller.csrf]) { a, _ in a }, as: .urlEncodedForm)
            }) { res async throws in answer = res }
            return try XCTUnwrap(answer)
        }
        let bad = try await post(["code": "99213", "amount": "120.00", "pointers": "\(encounter.diagnoses.count + 1)"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("but the encounter has \(encounter.diagnoses.count)"), bad.body.string)
        let good = try await post(["code": "99213", "modifiers": "25", "amount": "120.00", "pointers": "1"])
        XCTAssertEqual(good.status, .seeOther, good.body.string)
        let charges = try await DatabaseStore(database: app.db).records(Charge.self, tenantID: tenant, query: RecordQuery(encounterID: encounter.id, limit: 200))
        XCTAssertTrue(charges.items.contains { $0.value.procedure.code == "99213" && $0.value.modifiers == ["25"] && $0.value.amount.cents == 12000 })
    }

    /// The front desk registers a patient, their coverage and a visit through the forms; the administrator adds a
    /// user, who can then sign in with that role.
    func testFormsRegisterPatientsCoverageVisitsAndUsers() async throws {
        let tenant = data.tenants[0].id
        let desk = try await webSession(try user(.frontDesk))
        var form = ["last": "Nakamura", "first": "Emi", "dateOfBirth": "1991-13-01", "sex": "F", "line1": "5 Birch Lane", "city": "Naperville",
                    "state": "IL", "postalCode": "60540", "phone": "630-555-0199", "accountNumber": "WEB-1001"]
        let refused = try await post("/patients", desk, form)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("value=\"Nakamura\""), "the form comes back filled in: " + String(refused.body.string.suffix(1500)))
        XCTAssertTrue(refused.body.string.contains("dateOfBirth"))
        form["dateOfBirth"] = "1991-12-01"
        let created = try await post("/patients", desk, form)
        XCTAssertEqual(created.status, .seeOther, String(created.body.string.suffix(1500)))
        let patientPath = try XCTUnwrap(created.headers.first(name: .location))
        let duplicate = try await post("/patients", desk, form)
        XCTAssertTrue(duplicate.body.string.contains("another patient of this practice has account number"), "account numbers are unique")

        let payer = try XCTUnwrap(data.payers.first { $0.tenantID == tenant })
        let coverage = try await post("\(patientPath)/coverages", desk, ["payerID": payer.id.uuidString, "order": "primary", "memberID": "XJ1001",
                                                                        "relationship": "18", "effectiveFrom": "2026-01-01"])
        XCTAssertEqual(coverage.status, .seeOther, coverage.body.string)
        let provider = try XCTUnwrap(data.providers.first { $0.tenantID == tenant })
        let visit = try await post("\(patientPath)/encounters", desk, ["serviceDate": "2026-03-02", "placeOfService": "11",
                                                                      "renderingProviderID": provider.id.uuidString, "diagnoses": "E11.9 I10",
                                                                      "note": "Follow-up of diabetes and blood pressure."])
        XCTAssertEqual(visit.status, .seeOther, visit.body.string)
        let patientID = try XCTUnwrap(UUID(uuidString: String(patientPath.dropFirst("/patients/".count))))
        let store = DatabaseStore(database: app.db)
        let coverages = try await store.records(Coverage.self, tenantID: tenant, query: RecordQuery(patientID: patientID))
        XCTAssertEqual(coverages.items.map(\.value.memberID), ["XJ1001"])
        let encounters = try await store.records(Encounter.self, tenantID: tenant, query: RecordQuery(patientID: patientID))
        XCTAssertEqual(encounters.items.first?.value.diagnoses.map(\.code), ["E119", "I10"])

        let admin = try await webSession(try user(.administrator))
        let weak = try await post("/users", admin, ["email": "new.coder@maplegrove.revcycle.test", "displayName": "New Coder", "role": "coder", "password": "short"])
        XCTAssertEqual(weak.status, .unprocessableEntity)
        let added = try await post("/users", admin, ["email": "new.coder@maplegrove.revcycle.test", "displayName": "New Coder", "role": "coder",
                                                     "password": "a long enough first password"])
        XCTAssertEqual(added.status, .seeOther, added.body.string)
        let newcomer = DemoUser(email: "new.coder@maplegrove.revcycle.test", password: "a long enough first password", displayName: "New Coder",
                                tenantName: data.tenants[0].name, role: .coder)
        try await send(.GET, "/api/v1/me", token: try await token(newcomer)) { res in
            XCTAssertEqual(try object(res)["role"] as? String, "coder")
        }
        // The front desk may not add users.
        let refusedUser = try await post("/users", desk, ["email": "x@y.test", "displayName": "X", "role": "administrator", "password": "a long enough password"])
        XCTAssertEqual(refusedUser.status, .forbidden)
    }

    /// The Medicare fee schedule from the CMS files of the date's year: 99213 in Chicago (MAC 06102, locality 16),
    /// $93.54 in the office and $67.73 in a facility on CY2025 factors (see RevenueCycleTests for the arithmetic).
    func testMedicareFeeScheduleAmountsWithTheirFactors() async throws {
        let biller = try await token(try user(.biller))
        try await send(.GET, "/api/v1/medicare-fee-schedule/99213?mac=06102&locality=16&date=2025-06-01", token: biller) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try object(res)
            XCTAssertEqual(body["amountCents"] as? Int, 9354)
            XCTAssertEqual(body["localityName"] as? String, "CHICAGO")
            XCTAssertEqual(body["conversionFactor"] as? String, "32.3465")
        }
        try await send(.GET, "/api/v1/medicare-fee-schedule/99213?mac=06102&locality=16&setting=facility&date=2025-06-01", token: biller) { res in
            XCTAssertEqual(try object(res)["amountCents"] as? Int, 6773)
        }
        try await send(.GET, "/api/v1/medicare-fee-schedule/99213?mac=06102&locality=77&date=2025-06-01", token: biller) { res in
            XCTAssertEqual(res.status, .notFound)
        }
        try await send(.GET, "/api/v1/medicare-fee-schedule/99213?mac=06102&locality=16&date=2019-06-01", token: biller) { res in
            XCTAssertEqual(res.status, .notFound)
            XCTAssertTrue(res.body.string.contains("2019"), res.body.string)
        }
        try await send(.GET, "/api/v1/medicare-fee-schedule/99213?mac=06102&locality=16", token: try await token(try user(.coder))) { res in
            XCTAssertEqual(res.status, .forbidden)
        }
    }

    /// A coder scores an enrollee's diagnoses with CMS-HCC V28 (the oracle's worked example), with last year's
    /// diagnoses for suspected gaps and the year's factors for the payment score.
    func testRiskScoreOfAnEnrolleeWithGapsAndPaymentScore() async throws {
        let coder = try await token(try user(.coder))
        let body: [String: Any] = [
            "model": "V28", "paymentYear": 2026, "age": 72, "sex": "F",
            "diagnoses": ["E11.22", "N18.4", "I50.22", "J44.1", "E11.9", "F32.0", "I10"],
            "priorYearDiagnoses": ["E11.22", "J44.1", "F20.9"], "normalizationFactor": "1.045", "codingAdjustment": "0.059",
        ]
        try await send(.POST, "/api/v1/risk-scores", token: coder, json: body) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let object = try object(res)
            let score = try XCTUnwrap(object["score"] as? [String: Any])
            XCTAssertEqual(score["riskScore"] as? Double, 2.12)
            XCTAssertEqual(score["segment"] as? String, "CNA")
            XCTAssertEqual((score["hccs"] as? [[String: Any]])?.compactMap { $0["category"] as? Int }, [37, 226, 280, 327])
            XCTAssertEqual(object["paymentScore"] as? Double, 1.909)
            // F20.9 (schizophrenia, HCC 151 in V28) was coded last year and not this year.
            XCTAssertEqual((object["suspectedGaps"] as? [[String: Any]])?.compactMap { $0["category"] as? Int }, [151])
        }
        try await send(.POST, "/api/v1/risk-scores", token: coder, json: ["age": 72, "sex": "X", "diagnoses": []]) { res in
            XCTAssertEqual(res.status, .badRequest)
            XCTAssertTrue(res.body.string.contains("sex must be F or M"), res.body.string)
        }
        try await send(.POST, "/api/v1/risk-scores", token: coder, json: ["age": 72, "sex": "F", "dualStatus": "99", "diagnoses": []]) { res in
            XCTAssertEqual(res.status, .badRequest)
            XCTAssertTrue(res.body.string.contains("dual status"), res.body.string)
        }
        try await send(.POST, "/api/v1/risk-scores", token: coder, json: ["model": "V24", "paymentYear": 2027, "age": 72, "sex": "F", "diagnoses": []]) { res in
            XCTAssertEqual(res.status, .badRequest)
            XCTAssertTrue(res.body.string.contains("payment year 2027"), res.body.string)
        }
        try await send(.POST, "/api/v1/risk-scores", token: nil, json: ["age": 72, "sex": "F", "diagnoses": []]) { res in
            XCTAssertEqual(res.status, .unauthorized)
        }
    }

    /// The risk of a demo encounter: its own HCCs, the patient's year, the tables of the next payment year.
    func testRiskOfAnEncounterAndThePatientsYear() async throws {
        let coder = try await token(try user(.coder))
        let tenant = data.tenants[0].id
        let encounter = try XCTUnwrap(data.encounters.first { encounter in
            encounter.tenantID == tenant && encounter.status != .void && encounter.diagnoses.contains { $0.code.hasPrefix("E11") }
                && data.patients.first { $0.id == encounter.patientID }?.sex != .unknown
        })
        try await send(.GET, "/api/v1/encounters/\(encounter.id)/risk", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try object(res)
            let serviceYear = try XCTUnwrap(body["serviceYear"] as? Int)
            XCTAssertEqual(serviceYear, encounter.serviceFrom.year)
            XCTAssertEqual(body["paymentYear"] as? Int, min(max(serviceYear + 1, 2025), 2027))
            XCTAssertGreaterThanOrEqual(body["encountersInYear"] as? Int ?? 0, 1)
            let own = try XCTUnwrap(body["encounter"] as? [String: Any])
            let year = try XCTUnwrap(body["year"] as? [String: Any])
            // Diabetes is an HCC; every HCC of the encounter is in the year's score, or displaced there by a more
            // severe one.
            let yearHCCs = Set(((year["hccs"] as? [[String: Any]]) ?? []).compactMap { $0["category"] as? Int })
            let yearDisplaced = Set(((year["displaced"] as? [[String: Any]]) ?? []).compactMap { $0["category"] as? Int })
            let ownHCCs = ((own["hccs"] as? [[String: Any]]) ?? []).compactMap { $0["category"] as? Int }
            XCTAssertFalse(ownHCCs.isEmpty, "\(own)")
            for hcc in ownHCCs {
                XCTAssertTrue(yearHCCs.contains(hcc) || yearDisplaced.contains(hcc), "HCC \(hcc)")
            }
            XCTAssertTrue((body["assumptions"] as? [String] ?? []).contains { $0.contains("dual") })
        }
        try await send(.GET, "/api/v1/encounters/\(encounter.id)/risk?model=V99", token: coder) { XCTAssertEqual($0.status, .badRequest) }
        try await send(.GET, "/api/v1/encounters/\(encounter.id)/risk?institutional=maybe", token: coder) { XCTAssertEqual($0.status, .badRequest, "not read as false") }
        try await send(.GET, "/api/v1/encounters/\(encounter.id)/risk?institutional=1", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(((try self.object(res)["enrollee"] as? [String: Any])?["longTermInstitutional"] as? Bool), true)
        }
        // Another practice's encounter is not found.
        let other = try await token(try user(.coder, tenant: 1))
        try await send(.GET, "/api/v1/encounters/\(encounter.id)/risk", token: other) { XCTAssertEqual($0.status, .notFound) }
    }

    // MARK: audit

    func testReadsOfPatientDataAreAuditedAndTheChainVerifies() async throws {
        let frontDesk = try await token(try user(.frontDesk))
        let patient = try XCTUnwrap(data.patients.first { $0.tenantID == data.tenants[0].id })
        try await send(.GET, "/api/v1/patients/\(patient.id)", token: frontDesk) { XCTAssertEqual($0.status, .ok) }
        let store = DatabaseStore(database: app.db)
        let entries = try await store.entries(from: 1, limit: 10_000)
        XCTAssertTrue(entries.contains { $0.action == .read && $0.entityType == "patient" && $0.entityID == patient.id.uuidString })
        XCTAssertTrue(entries.contains { $0.action == .login })
        guard case .intact(let count) = try await store.verifyAuditLog(batchSize: 7) else { return XCTFail("the audit chain is broken") }
        XCTAssertEqual(count, entries.count)
    }
}

/// The same tests on PostgreSQL, each in a database of its own; skipped when REVCYCLE_TEST_POSTGRES_URL is not set.
/// Linux finds only the test methods a class declares itself, so each is named again here.
final class AccessTestsOnPostgreSQL: AccessTests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    override func testTokenSignInAnswersTheRoleAndTenant() async throws { try await super.testTokenSignInAnswersTheRoleAndTenant() }
    override func testFiveWrongPasswordsLockTheAccount() async throws { try await super.testFiveWrongPasswordsLockTheAccount() }
    override func testEveryRouteNeedsSignInAndItsPermission() async throws { try await super.testEveryRouteNeedsSignInAndItsPermission() }
    override func testAnotherTenantsRecordsAreNotFound() async throws { try await super.testAnotherTenantsRecordsAreNotFound() }
    override func testCreatesAreValidatedAndIdempotent() async throws { try await super.testCreatesAreValidatedAndIdempotent() }
    override func testClaimFromEncounterMovesThroughItsStatesAndFeedsEvents() async throws { try await super.testClaimFromEncounterMovesThroughItsStatesAndFeedsEvents() }
    override func testWebSignInNeedsTheFormTokenAndFormsNeedTheSessionToken() async throws { try await super.testWebSignInNeedsTheFormTokenAndFormsNeedTheSessionToken() }
    override func testPagesOpenForTheirRolesAndTheFeeSheetAddsCharges() async throws { try await super.testPagesOpenForTheirRolesAndTheFeeSheetAddsCharges() }
    override func testFormsRegisterPatientsCoverageVisitsAndUsers() async throws { try await super.testFormsRegisterPatientsCoverageVisitsAndUsers() }
    override func testMedicareFeeScheduleAmountsWithTheirFactors() async throws { try await super.testMedicareFeeScheduleAmountsWithTheirFactors() }
    override func testReadsOfPatientDataAreAuditedAndTheChainVerifies() async throws { try await super.testReadsOfPatientDataAreAuditedAndTheChainVerifies() }
    override func testAClaimDownloadsAsTheValid837ItIsSentAs() async throws { try await super.testAClaimDownloadsAsTheValid837ItIsSentAs() }
    override func testCodesAreCheckedAgainstTheLoadedCodeSets() async throws { try await super.testCodesAreCheckedAgainstTheLoadedCodeSets() }
    override func testTheScrubberHoldsAClaimWithErrorsAndExplainsThem() async throws { try await super.testTheScrubberHoldsAClaimWithErrorsAndExplainsThem() }
    override func testASecondClaimForTheSameServicesIsHeldAsADuplicate() async throws { try await super.testASecondClaimForTheSameServicesIsHeldAsADuplicate() }
}
