import CodeSets
import Foundation
import RevenueCycle
import Vapor
@testable import WebApp
import XCTest
import XCTVapor

/// The coder's work queue and suggestions through the API and the pages, on the demo data set: charts listed and
/// filtered, claimed by one coder at a time, coded with codes valid on the date of service, suggestions decided and
/// counted, completed, reopened, handed back, assigned and prioritized by a manager. SQLite here, PostgreSQL in the
/// subclass.
class CodingAPITests: DemoAppTestCase {
    func items(_ res: XCTHTTPResponse) throws -> [[String: Any]] {
        try XCTUnwrap(try object(res)["items"] as? [[String: Any]], res.body.string)
    }

    func chart(_ item: [String: Any]) -> [String: Any] { item["item"] as? [String: Any] ?? [:] }

    /// The tenant's chart waiting in the queue, unclaimed.
    func queuedChartID(_ token: String) async throws -> UUID {
        var id: UUID?
        try await send(.GET, "/api/v1/coding/queue?unassigned=true&status=queued", token: token) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            id = try self.items(res).first.flatMap { (self.chart($0)["id"] as? String).flatMap(UUID.init(uuidString:)) }
        }
        return try XCTUnwrap(id, "the demo has a documented encounter waiting")
    }

    func testAChartIsClaimedCodedFromSuggestionsAndCompleted() async throws {
        let coderUser = try user(.coder)
        let coder = try await token(coderUser)
        let admin = try await token(try user(.administrator))
        let manager = try await token(try user(.manager))

        // The demo's encounter in coding is the coder's; the documented one waits for anyone.
        try await send(.GET, "/api/v1/coding/queue?assignee=me", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let mine = try self.items(res)
            XCTAssertFalse(mine.isEmpty)
            XCTAssertTrue(mine.allSatisfy { (self.chart($0)["assignee"] as? [String: Any])?["displayName"] as? String == coderUser.displayName })
        }
        try await send(.GET, "/api/v1/coding/queue?status=nonsense", token: coder) { res in XCTAssertEqual(res.status, .badRequest) }
        try await send(.GET, "/api/v1/coding/queue?workType=surgery", token: coder) { res in XCTAssertEqual(res.status, .badRequest) }
        let id = try await queuedChartID(coder)
        try await send(.GET, "/api/v1/coding/queue?workType=inpatient&status=queued", token: coder) { res in
            XCTAssertFalse(try self.items(res).contains { self.chart($0)["id"] as? String == id.uuidString }, "an office visit is outpatient work")
        }

        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: manager) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: coder, json: ["version": 99]) { res in XCTAssertEqual(res.status, .conflict) }
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(self.chart(try self.object(res))["status"] as? String, "inProgress")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            XCTAssertEqual((try self.object(res)["record"] as? [String: Any])?["status"] as? String, "inCoding")
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: admin) { res in
            XCTAssertEqual(res.status, .conflict)
            XCTAssertEqual((try self.object(res)["error"] as? [String: Any])?["code"] as? String, "coding_refused")
        }

        // Codes are checked on the date of service: a category is not billable, a made-up code does not exist.
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["E11"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
            XCTAssertTrue(res.body.string.contains("not billable"))
        }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["Q99.999"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/complete", token: coder) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "no diagnosis yet")
        }

        // Suggestions from the note, each decided once; the accepted code lands on the encounter.
        var suggestionID = "", suggestedCode = ""
        try await send(.GET, "/api/v1/coding/queue/\(id)/suggestions", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try self.object(res)
            XCTAssertEqual(body["setting"] as? String, "outpatient")
            let first = try XCTUnwrap((body["suggestions"] as? [[String: Any]])?.first?["suggestion"] as? [String: Any], "the demo note names a condition")
            suggestionID = try XCTUnwrap(first["id"] as? String)
            suggestedCode = try XCTUnwrap(first["code"] as? String)
            XCTAssertNotNil(first["evidence"] as? String)
        }
        let decisions = "/api/v1/coding/queue/\(id)/suggestions/decisions"
        try await send(.POST, decisions, token: coder, json: ["suggestionID": "Z00.00@0-1", "outcome": "accepted"]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "not a suggestion of this note")
        }
        try await send(.POST, decisions, token: coder, json: ["suggestionID": suggestionID, "outcome": "rejected"]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "a rejection says why")
        }
        try await send(.POST, decisions, token: admin, json: ["suggestionID": suggestionID, "outcome": "accepted"]) { res in
            XCTAssertEqual(res.status, .conflict, "not the administrator's chart")
        }
        try await send(.POST, decisions, token: coder, json: ["suggestionID": suggestionID, "outcome": "accepted"]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(try self.object(res)["finalCode"] as? String, DiagnosisCode(suggestedCode).code)
        }
        try await send(.GET, "/api/v1/coding/queue/\(id)/suggestions", token: coder) { res in
            let decided = (try self.object(res)["suggestions"] as? [[String: Any]])?.first { ($0["suggestion"] as? [String: Any])?["id"] as? String == suggestionID }
            XCTAssertEqual((decided?["decision"] as? [String: Any])?["outcome"] as? String, "accepted")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            XCTAssertEqual((try self.object(res)["record"] as? [String: Any])?["diagnoses"] as? [String], [DiagnosisCode(suggestedCode).code])
        }

        try await send(.POST, "/api/v1/coding/queue/\(id)/complete", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(self.chart(try self.object(res))["status"] as? String, "done")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            XCTAssertEqual((try self.object(res)["record"] as? [String: Any])?["status"] as? String, "coded")
        }
        try await send(.GET, "/api/v1/coding/queue", token: coder) { res in
            XCTAssertFalse(try self.items(res).contains { self.chart($0)["id"] as? String == id.uuidString }, "done work leaves the open queue")
        }
        // Productivity counts the completed chart for its coder, against the targets the manager sets.
        try await send(.PUT, "/api/v1/coding/productivity-targets", token: coder, json: ["outpatientChartsPerHourTenths": 80, "inpatientChartsPerHourTenths": 20,
                                                                                  "turnaroundHours": 48, "maximumQueueAgeDays": 3]) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.PUT, "/api/v1/coding/productivity-targets", token: manager, json: ["outpatientChartsPerHourTenths": 0, "inpatientChartsPerHourTenths": 20,
                                                                                    "turnaroundHours": 48, "maximumQueueAgeDays": 3]) { res in XCTAssertEqual(res.status, .unprocessableEntity) }
        try await send(.PUT, "/api/v1/coding/productivity-targets", token: manager, json: ["outpatientChartsPerHourTenths": 80, "inpatientChartsPerHourTenths": 20,
                                                                                    "turnaroundHours": 48, "maximumQueueAgeDays": 3]) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        try await send(.GET, "/api/v1/coding/productivity", token: manager) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let report = try self.object(res)
            XCTAssertEqual(report["completed"] as? Int, 1)
            XCTAssertEqual((report["targets"] as? [String: Any])?["outpatientChartsPerHourTenths"] as? Int, 80)
            let row = try XCTUnwrap((report["coders"] as? [[String: Any]])?.first)
            XCTAssertEqual((row["coder"] as? [String: Any])?["displayName"] as? String, coderUser.displayName)
            XCTAssertEqual(row["outpatientCompleted"] as? Int, 1)
            XCTAssertGreaterThan((report["queue"] as? [String: Any])?["open"] as? Int ?? 0, 0)
        }
        let productivityPage = try await get("/coding/productivity", try await webSession(try user(.manager)))
        XCTAssertEqual(productivityPage.status, .ok)
        XCTAssertTrue(productivityPage.body.string.contains(coderUser.displayName))
        try await send(.POST, "/api/v1/coding/queue/\(id)/reopen", token: coder, json: ["note": ""]) { res in XCTAssertEqual(res.status, .unprocessableEntity) }
        try await send(.POST, "/api/v1/coding/queue/\(id)/reopen", token: coder, json: ["note": "laterality missed"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(self.chart(try self.object(res))["status"] as? String, "inProgress")
        }

        // The acceptance rate: for those who read reports, per coder.
        try await send(.GET, "/api/v1/coding/suggestion-acceptance", token: coder) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.GET, "/api/v1/coding/suggestion-acceptance?from=2030-01-02&to=2030-01-01", token: manager) { res in XCTAssertEqual(res.status, .badRequest) }
        try await send(.GET, "/api/v1/coding/suggestion-acceptance", token: manager) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try self.object(res)
            XCTAssertEqual((body["total"] as? [String: Any])?["accepted"] as? Int, 1)
            let byCoder = try XCTUnwrap(body["byCoder"] as? [[String: Any]])
            XCTAssertEqual(byCoder.count, 1)
            XCTAssertEqual((byCoder.first?["coder"] as? [String: Any])?["displayName"] as? String, coderUser.displayName)
        }
        let audit = try await auditEntries()
        XCTAssertTrue(audit.contains { $0.entityType == "coding_work" && $0.entityID == id.uuidString && $0.detail == "completed" })
    }

    func testAManagerAssignsAndPrioritizesAndACoderHandsBack() async throws {
        let coderUser = try user(.coder)
        let coder = try await token(coderUser)
        let manager = try await token(try user(.manager))
        let id = try await queuedChartID(coder)
        let coderID = try await store().user(email: coderUser.email)!.id
        let managerID = try await store().user(email: try user(.manager).email)!.id

        try await send(.POST, "/api/v1/coding/queue/\(id)/assign", token: coder, json: ["userID": coderID.uuidString]) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.POST, "/api/v1/coding/queue/\(id)/assign", token: manager, json: ["userID": managerID.uuidString]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "a manager does not code")
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/assign", token: manager, json: ["userID": coderID.uuidString]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual((self.chart(try self.object(res))["assignee"] as? [String: Any])?["userID"] as? String, coderID.uuidString)
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/priority", token: manager, json: ["priority": "soon"]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/priority", token: manager, json: ["priority": "urgent"]) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        try await send(.GET, "/api/v1/coding/queue", token: manager) { res in
            XCTAssertEqual(self.chart(try self.items(res).first ?? [:])["id"] as? String, id.uuidString, "urgent first")
        }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: manager, json: ["diagnoses": ["I10"]]) { res in XCTAssertEqual(res.status, .forbidden) }

        try await send(.POST, "/api/v1/coding/queue/\(id)/hand-back", token: coder, json: ["note": " "]) { res in XCTAssertEqual(res.status, .unprocessableEntity) }
        try await send(.POST, "/api/v1/coding/queue/\(id)/hand-back", token: coder, json: ["note": "cardiology chart: for the specialty coder"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }
        try await send(.GET, "/api/v1/coding/queue?unassigned=true&priority=urgent", token: coder) { res in
            let item = try XCTUnwrap(try self.items(res).first.map(self.chart))
            XCTAssertEqual(item["id"] as? String, id.uuidString)
            XCTAssertEqual(item["handBackNote"] as? String, "cardiology chart: for the specialty coder")
            XCTAssertEqual(item["status"] as? String, "queued")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            XCTAssertEqual((try self.object(res)["record"] as? [String: Any])?["status"] as? String, "documented")
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/release", token: coder) { res in XCTAssertEqual(res.status, .conflict, "nobody has it") }
        try await send(.GET, "/api/v1/coding/queue/\(UUID())", token: coder) { res in XCTAssertEqual(res.status, .notFound) }
        // Another practice's chart is not found.
        let otherCoder = try await token(try user(.coder, tenant: 1))
        try await send(.GET, "/api/v1/coding/queue/\(id)", token: otherCoder) { res in XCTAssertEqual(res.status, .notFound) }
    }

    func testAnEncounterSignedThroughTheAPIEntersTheQueue() async throws {
        let frontDesk = try await token(try user(.frontDesk))
        let coder = try await token(try user(.coder))
        let tenant = data.tenants[0]
        let template = try XCTUnwrap(data.encounters.first { $0.tenantID == tenant.id && $0.status == .billed && $0.claimKind == .professional })
        var record: [String: Any] = [:]
        try await send(.GET, "/api/v1/encounters/\(template.id)", token: frontDesk) { res in
            record = try XCTUnwrap(try self.object(res)["record"] as? [String: Any])
        }
        record["status"] = "open"
        record["diagnoses"] = [String]()
        var newID = ""
        try await send(.POST, "/api/v1/encounters", token: frontDesk, json: record) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            newID = try XCTUnwrap((try self.object(res)["record"] as? [String: Any])?["id"] as? String)
        }
        try await send(.GET, "/api/v1/coding/queue/\(newID)", token: coder) { res in XCTAssertEqual(res.status, .notFound, "not signed yet") }
        record["status"] = "documented"
        record["id"] = newID
        try await send(.PUT, "/api/v1/encounters/\(newID)", token: frontDesk, json: record, headers: ["If-Match": "\"1\""]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }
        let provider = try XCTUnwrap(data.providers.first { $0.id == template.renderingProviderID })
        let coverage = try XCTUnwrap(data.coverages.filter { $0.patientID == template.patientID && $0.covers(template.serviceFrom) }.min { $0.order < $1.order })
        try await send(.GET, "/api/v1/coding/queue/\(newID)", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let item = self.chart(try self.object(res))
            XCTAssertEqual(item["status"] as? String, "queued")
            XCTAssertEqual(item["specialty"] as? String, provider.specialty)
            XCTAssertEqual(item["payerID"] as? String, coverage.payerID.uuidString)
        }
        try await send(.GET, "/api/v1/coding/queue?payer=\(coverage.payerID)&specialty=\(provider.specialty.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                       token: coder) { res in
            XCTAssertTrue(try self.items(res).contains { self.chart($0)["id"] as? String == newID })
        }
        try await send(.GET, "/api/v1/coding/queue?minimumAgeDays=3650", token: coder) { res in
            XCTAssertFalse(try self.items(res).contains { self.chart($0)["id"] as? String == newID }, "not ten years old")
        }
    }

    func testAQueryWaitsForTheProvidersAnswerWhichJoinsTheNote() async throws {
        let coder = try await token(try user(.coder))
        let provider = try await token(try user(.provider))
        let id = try await queuedChartID(coder)
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: coder) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        try await send(.GET, "/api/v1/query-templates", token: coder) { res in
            XCTAssertEqual((try self.object(res)["templates"] as? [[String: Any]])?.count, ProviderQueryTemplate.all.count)
        }
        let queries = "/api/v1/coding/queue/\(id)/queries"
        let indicators = ["Temperature 38.9 C", "WBC 14.2", "Started on IV ceftriaxone"]
        try await send(.POST, queries, token: coder, json: ["templateID": "clinical-significance", "subject": "fever and leukocytosis",
                                                        "clinicalIndicators": indicators, "options": ["Yes", "No"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "yes/no may not introduce a diagnosis")
        }
        try await send(.POST, queries, token: coder, json: ["templateID": "clinical-significance", "subject": "fever; documenting sepsis improves the DRG",
                                                        "clinicalIndicators": indicators, "options": ["Sepsis", "Urinary tract infection"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "a leading query")
        }
        try await send(.POST, queries, token: provider, json: ["templateID": "clinical-significance", "subject": "fever", "clinicalIndicators": indicators]) { res in
            XCTAssertEqual(res.status, .forbidden)
        }
        var queryID = ""
        try await send(.POST, queries, token: coder, json: ["templateID": "clinical-significance", "subject": "fever and leukocytosis",
                                                        "clinicalIndicators": indicators, "options": ["Sepsis", "Urinary tract infection without sepsis"]]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let query = try XCTUnwrap(try self.object(res)["query"] as? [String: Any])
            queryID = try XCTUnwrap(query["id"] as? String)
            XCTAssertEqual((query["options"] as? [String])?.suffix(2), [ProviderQuery.other, ProviderQuery.undetermined])
        }
        try await send(.GET, "/api/v1/coding/queue/\(id)", token: coder) { res in XCTAssertEqual(self.chart(try self.object(res))["status"] as? String, "pendingQuery") }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            XCTAssertEqual((try self.object(res)["record"] as? [String: Any])?["status"] as? String, "pendingQuery")
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/complete", token: coder) { res in XCTAssertEqual(res.status, .conflict, "the query is open") }

        try await send(.GET, "/api/v1/provider-queries?status=open", token: provider) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertTrue(try self.items(res).contains { ($0["query"] as? [String: Any])?["id"] as? String == queryID })
        }
        try await send(.POST, "/api/v1/provider-queries/\(queryID)/answer", token: coder, json: ["answer": "Sepsis"]) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.POST, "/api/v1/provider-queries/\(queryID)/answer", token: provider, json: ["answer": "Pneumonia"]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "not an option")
        }
        try await send(.POST, "/api/v1/provider-queries/\(queryID)/answer", token: provider, json: ["answer": ProviderQuery.other]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "other says what")
        }
        try await send(.POST, "/api/v1/provider-queries/\(queryID)/answer", token: provider, json: ["answer": "Urinary tract infection without sepsis", "version": 1]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual((try self.object(res)["query"] as? [String: Any])?["status"] as? String, "answered")
        }
        try await send(.POST, "/api/v1/provider-queries/\(queryID)/answer", token: provider, json: ["answer": "Sepsis"]) { res in XCTAssertEqual(res.status, .conflict) }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            let record = try XCTUnwrap(try self.object(res)["record"] as? [String: Any])
            XCTAssertEqual(record["status"] as? String, "inCoding")
            XCTAssertTrue((record["note"] as? String)?.contains("Answer: Urinary tract infection without sepsis") ?? false)
        }
        try await send(.GET, "/api/v1/coding/queue/\(id)", token: coder) { res in XCTAssertEqual(self.chart(try self.object(res))["status"] as? String, "inProgress") }

        let page = try await get("/queries?status=answered", try await webSession(try user(.provider)))
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.string.contains("Urinary tract infection without sepsis"))
    }

    func testAnAuditorReCodesASampleBlindAndAccuracyIsCounted() async throws {
        let coder = try await token(try user(.coder))
        let auditor = try await token(try user(.auditor))
        let id = try await queuedChartID(coder)
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: coder) { res in XCTAssertEqual(res.status, .ok) }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["I10"]]) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        try await send(.POST, "/api/v1/coding/queue/\(id)/services", token: coder, json: ["code": "99214", "diagnosisPointers": [1]]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
        }
        var servicesCoded = 0
        try await send(.GET, "/api/v1/coding/queue/\(id)/services", token: coder) { res in servicesCoded = try self.items(res).count }
        try await send(.POST, "/api/v1/coding/queue/\(id)/complete", token: coder) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        try await send(.GET, "/api/v1/encounters/\(id)", token: auditor) { res in XCTAssertEqual(res.status, .ok, "no audit yet") }

        let today = ServiceDate(utcDayOf: Date())
        let sample: [String: Any] = ["name": "Spot check", "from": today.adding(days: -1)!.iso, "to": today.iso, "size": 5, "seed": 42]
        try await send(.POST, "/api/v1/coding/audits", token: coder, json: sample) { res in XCTAssertEqual(res.status, .forbidden) }
        try await send(.POST, "/api/v1/coding/audits", token: auditor, json: sample.merging(["size": 0]) { $1 }) { res in XCTAssertEqual(res.status, .unprocessableEntity) }
        var reviewID = ""
        try await send(.POST, "/api/v1/coding/audits", token: auditor, json: sample) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let reviews = try XCTUnwrap(try self.object(res)["reviews"] as? [[String: Any]])
            XCTAssertEqual(reviews.count, 1, "one chart completed in the period")
            XCTAssertEqual(reviews.first?["coderCodes"] as? [String], [], "blind while pending")
            XCTAssertEqual(reviews.first?["coderProcedures"] as? [String], [], "the procedures too")
            reviewID = try XCTUnwrap(reviews.first?["id"] as? String)
        }

        // Blind: while the review is pending, the auditor reads the chart's codes nowhere else; the coder still does.
        for path in ["/api/v1/coding/queue/\(id)", "/api/v1/coding/queue/\(id)/services", "/api/v1/coding/queue/\(id)/suggestions",
                     "/api/v1/coding/queue/\(id)/edits", "/api/v1/encounters/\(id)", "/api/v1/encounters/\(id)/risk"] {
            try await send(.GET, path, token: auditor) { res in
                XCTAssertEqual(res.status, .forbidden, path)
                XCTAssertTrue(res.body.string.contains("audit_review_pending") && res.body.string.contains(reviewID), res.body.string)
            }
        }
        try await send(.GET, "/api/v1/charges?encounter=\(id)", token: auditor) { res in
            XCTAssertEqual(res.status, .ok)
            XCTAssertEqual(try XCTUnwrap(try self.object(res)["data"] as? [Any]).count, 0, "its charges are left out of lists")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in XCTAssertEqual(res.status, .ok, "only auditors are blinded") }
        let session = try await webSession(try user(.auditor))
        let workspace = try await get("/coding/\(id)", session)
        XCTAssertEqual(workspace.status, .seeOther, "the workspace sends the auditor to the blind review")
        XCTAssertEqual(workspace.headers.first(name: .location), "/coding/audit-reviews/\(reviewID)")
        let encounterPage = try await get("/encounters/\(id)", session)
        XCTAssertEqual(encounterPage.status, .forbidden)

        let complete = "/api/v1/coding/audit-reviews/\(reviewID)/complete"
        try await send(.POST, complete, token: auditor, json: ["codes": ["E11"]]) { res in XCTAssertEqual(res.status, .unprocessableEntity, "not billable") }
        try await send(.POST, complete, token: auditor, json: ["codes": ["I10"], "procedures": ["0DTJ4ZZ"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "ICD-10-PCS on an office visit")
            XCTAssertTrue(res.body.string.contains("procedures[0]"), res.body.string)
        }
        try await send(.POST, complete, token: auditor, json: ["codes": ["I10"], "procedures": ["99214 x"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, res.body.string)
        }
        try await send(.POST, complete, token: auditor, json: ["codes": ["I10", "E78.5"], "procedures": ["99214 25"],
                                                               "note": "hyperlipidemia on the problem list, treated"]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let review = try self.object(res)
            XCTAssertEqual(review["coderCodes"] as? [String], ["I10"])
            XCTAssertEqual((review["coderProcedures"] as? [String])?.count, servicesCoded)
            XCTAssertEqual(review["auditorProcedures"] as? [String], ["99214-25"])
            let disagreements = try XCTUnwrap(review["disagreements"] as? [[String: Any]])
            XCTAssertEqual(disagreements.first?["kind"] as? String, "missed")
            XCTAssertTrue(disagreements.contains { $0["kind"] as? String == "revised" && $0["codes"] as? String == "procedure"
                && $0["coderCode"] as? String == "99214" && $0["auditorCode"] as? String == "99214-25" }, "\(disagreements)")
        }
        try await send(.POST, complete, token: auditor, json: ["codes": ["I10"]]) { res in XCTAssertEqual(res.status, .conflict, "completed already") }
        try await send(.GET, "/api/v1/encounters/\(id)", token: auditor) { res in XCTAssertEqual(res.status, .ok, "no longer blind") }
        try await send(.GET, "/api/v1/coding/accuracy", token: auditor) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let row = try XCTUnwrap((try self.object(res)["coders"] as? [[String: Any]])?.first)
            XCTAssertEqual(row["reviews"] as? Int, 1)
            // I10 agreed; E78.5 missed; 99214 revised; any other service of the chart extra.
            let compared = 3 + (servicesCoded - 1)
            XCTAssertEqual(row["codeAccuracyPerMille"] as? Int, (1000 + compared / 2) / compared)
            XCTAssertEqual(row["encounterAccuracyPerMille"] as? Int, 0)
        }
        let list = try await get("/coding/audits", session)
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.string.contains("Spot check"))
        let page = try await get("/coding/audit-reviews/\(reviewID)", session)
        XCTAssertTrue(page.body.string.contains("E78.5"))
        XCTAssertTrue(page.body.string.contains("99214-25"), "the procedures compared are shown")
    }

    func testTheQueueAndWorkspacePages() async throws {
        let coder = try await webSession(try user(.coder))
        let queue = try await get("/coding", coder)
        XCTAssertEqual(queue.status, .ok, queue.body.string)
        let id = try await queuedChartID(try await token(try user(.coder)))
        XCTAssertTrue(queue.body.string.contains("action=\"/coding/\(id)/claim\""))

        let claimed = try await post("/coding/\(id)/claim", coder, [:])
        XCTAssertEqual(claimed.status, .seeOther, claimed.body.string)
        let page = try await get("/coding/\(id)", coder)
        XCTAssertEqual(page.status, .ok)
        let html = page.body.string
        XCTAssertTrue(html.contains("<mark"), "the evidence is marked in the note")
        XCTAssertTrue(html.contains("name=diagnoses"))
        XCTAssertTrue(html.contains("accesskey=s"))
        XCTAssertTrue(html.contains("window.encoderPick") && html.contains("id=q ") && html.contains("id=date value="), "the encoder inline, on the date of service")

        let bad = try await post("/coding/\(id)/diagnoses", coder, ["diagnoses": "E11"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.string.contains("not billable"))
        let good = try await post("/coding/\(id)/diagnoses", coder, ["diagnoses": "I10\nE11.9"])
        XCTAssertEqual(good.status, .seeOther, good.body.string)
        let coded = try await get("/coding/\(id)", coder).body.string
        XCTAssertTrue(coded.contains("/encoder/icd10cm/I10"))
        XCTAssertTrue(coded.contains("/encoder/icd10cm/E119"))
        XCTAssertTrue(coded.contains("RAF of this encounter"), "the HCCs of the codes, with their MEAT support")
        XCTAssertTrue(coded.contains("<td>38 "), "E11.9 is HCC 38 in V28")
        let done = try await post("/coding/\(id)/complete", coder, [:])
        XCTAssertEqual(done.status, .seeOther, done.body.string)
        let twice = try await post("/coding/\(id)/complete", coder, [:])
        XCTAssertEqual(twice.status, .conflict)
        XCTAssertTrue(twice.body.string.contains("coded already"))
    }

    func testServicesAreCodedPricedAndTheClaimEditsFollowTheCodes() async throws {
        let coderUser = try user(.coder)
        let coder = try await token(coderUser)
        let manager = try await token(try user(.manager))
        let admin = try await token(try user(.administrator))
        let id = try await queuedChartID(coder)
        let services = "/api/v1/coding/queue/\(id)/services"
        var existing: [[String: Any]] = []
        try await send(.GET, services, token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            existing = try self.items(res)
            XCTAssertTrue(existing.allSatisfy { $0["amountCents"] == nil }, "coders see no money")
        }
        try await send(.POST, services, token: coder, json: ["code": "99214", "diagnosisPointers": [1]]) { res in
            XCTAssertEqual(res.status, .conflict, "claim the chart first: \(res.body.string)")
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: coder) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        try await send(.POST, services, token: coder, json: ["code": "99214", "diagnosisPointers": [1]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "no diagnosis 1 yet: \(res.body.string)")
        }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["E11.9", "I10"]]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["E11.9"], "procedureCodes": ["0DTJ4ZZ"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "ICD-10-PCS on an office visit: \(res.body.string)")
        }
        try await send(.POST, services, token: coder, json: ["code": "99499", "diagnosisPointers": [1]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
            XCTAssertTrue(res.body.string.contains("charge master has no price"), res.body.string)
        }
        try await send(.POST, services, token: coder, json: ["code": "99214", "diagnosisPointers": [1, 2], "units": 0]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity)
        }
        var serviceID = ""
        try await send(.POST, services, token: coder, json: ["code": "99214", "diagnosisPointers": [1, 2]]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            let body = try self.object(res)
            serviceID = try XCTUnwrap(body["id"] as? String)
            XCTAssertEqual(body["system"] as? String, "cpt")
            XCTAssertEqual(body["version"] as? Int, 1)
            XCTAssertNil(body["amountCents"])
        }
        try await send(.GET, services, token: manager) { res in
            let added = try self.items(res).first { $0["id"] as? String == serviceID }
            XCTAssertEqual(added?["amountCents"] as? Int, 22500, "the charge master's 99214 price, for those who see money")
        }
        try await send(.PUT, "\(services)/\(serviceID)", token: coder, json: ["code": "99214", "modifiers": ["25"], "diagnosisPointers": [1], "version": 5]) { res in
            XCTAssertEqual(res.status, .conflict, "a stale version")
        }
        try await send(.PUT, "\(services)/\(serviceID)", token: coder, json: ["code": "99214", "modifiers": ["25"], "diagnosisPointers": [1], "version": 1]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try self.object(res)
            XCTAssertEqual(body["modifiers"] as? [String], ["25"])
            XCTAssertEqual(body["version"] as? Int, 2)
        }
        try await send(.GET, "/api/v1/charges/\(serviceID)", token: admin) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertEqual(((try self.object(res)["record"] as? [String: Any])?["procedure"] as? [String: Any])?["code"] as? String, "99214")
        }

        // The claim edits of the chart as saved, and with the codes being typed (nothing saved).
        try await send(.GET, "/api/v1/coding/queue/\(id)/edits", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try self.object(res)
            XCTAssertNotNil(body["edits"] as? [[String: Any]])
            XCTAssertFalse((body["problems"] as? [[String: Any]] ?? []).contains { ($0["field"] as? String ?? "").hasPrefix("diagnoses") }, res.body.string)
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/edits", token: coder, json: ["diagnoses": ["E11"]]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertTrue(res.body.string.contains("not billable"), "the typed category is judged: \(res.body.string)")
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/edits", token: coder, json: ["diagnoses": [String]()]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertTrue(res.body.string.contains("diagnosis"), "a claim without diagnoses: \(res.body.string)")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            XCTAssertEqual((try self.object(res)["record"] as? [String: Any])?["diagnoses"] as? [String], ["E119", "I10"], "the checks saved nothing")
        }
        let session = try await webSession(coderUser)
        let page = try await get("/coding/\(id)", session)
        XCTAssertEqual(page.status, .ok)
        for part in ["Services (CPT, HCPCS)", "99214", "Claim edits", "chart-edits-body", "/api/v1/coding/queue/\(id)/edits"] {
            XCTAssertTrue(page.body.string.contains(part), part)
        }
        // The workspace's forms: a service added (an empty modifier and date are none), one with a bad pointer refused in
        // words, and the added one removed.
        let added = try await post("/coding/\(id)/service-add", session, ["code": "36415", "modifiers": "", "units": "1", "pointers": "1", "date": ""])
        XCTAssertEqual(added.status, .seeOther, added.body.string)
        let refused = try await post("/coding/\(id)/service-add", session, ["code": "36415", "units": "1", "pointers": "1,x"])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.string.contains("diagnosis numbers"), refused.body.string)
        var venipuncture: [String: Any] = [:]
        try await send(.GET, services, token: coder) { res in
            let before = Set(existing.compactMap { $0["id"] as? String })
            venipuncture = try XCTUnwrap(try self.items(res).first { item in item["code"] as? String == "36415" && !before.contains(item["id"] as? String ?? "") })
        }
        let removed = try await post("/coding/\(id)/service-remove", session, ["serviceID": venipuncture["id"] as? String ?? "", "serviceVersion": "\(venipuncture["version"] as? Int ?? 0)"])
        XCTAssertEqual(removed.status, .seeOther, removed.body.string)

        try await send(.DELETE, "\(services)/\(serviceID)", token: admin, headers: ["If-Match": "\"2\""]) { res in XCTAssertEqual(res.status, .conflict, "not the administrator's chart") }
        try await send(.DELETE, "\(services)/\(serviceID)", token: coder) { res in XCTAssertEqual(res.status, .preconditionRequired, "the version read is required") }
        try await send(.DELETE, "\(services)/\(serviceID)", token: coder, headers: ["If-Match": "\"1\""]) { res in XCTAssertEqual(res.status, .conflict, "changed since") }
        try await send(.DELETE, "\(services)/\(serviceID)", token: coder, headers: ["If-Match": "\"2\""]) { res in XCTAssertEqual(res.status, .noContent, res.body.string) }
        try await send(.GET, services, token: coder) { res in
            XCTAssertEqual(try self.items(res).count, existing.count)
        }
        let otherCoder = try await token(try user(.coder, tenant: 1))
        try await send(.GET, services, token: otherCoder) { res in XCTAssertEqual(res.status, .notFound) }
    }

    func testAnInstitutionalChartCarriesICD10PCSProceduresValidOnTheDateOfService() async throws {
        // The demo hospital's staff are a biller only: the billing company's administrator codes there.
        let template = try XCTUnwrap(data.encounters.first { $0.status == .billed && $0.claimKind == .institutional })
        let companyAdministrator = try XCTUnwrap(data.users.first { $0.tenantName == nil && $0.role == .administrator })
        let frontDesk = try await token(companyAdministrator, tenantID: template.tenantID)
        let coder = frontDesk
        var record: [String: Any] = [:]
        try await send(.GET, "/api/v1/encounters/\(template.id)", token: frontDesk) { res in
            record = try XCTUnwrap(try self.object(res)["record"] as? [String: Any])
        }
        record["status"] = "documented"
        record["diagnoses"] = [String]()
        record["institutionalBillType"] = "11"
        record["note"] = "Acute appendicitis. Laparoscopic appendectomy was performed."
        var id = ""
        try await send(.POST, "/api/v1/encounters", token: frontDesk, json: record) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            id = try XCTUnwrap((try self.object(res)["record"] as? [String: Any])?["id"] as? String)
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/claim", token: coder) { res in XCTAssertEqual(res.status, .ok, res.body.string) }
        // The note coder proposes the procedure; accepted, it joins the encounter's procedures.
        var procedureSuggestion = ""
        try await send(.GET, "/api/v1/coding/queue/\(id)/suggestions", token: coder) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            let body = try self.object(res)
            XCTAssertEqual(body["setting"] as? String, "inpatient")
            let procedures = (body["procedures"] as? [[String: Any]] ?? []).compactMap { $0["suggestion"] as? [String: Any] }
            let appendectomy = try XCTUnwrap(procedures.first { $0["code"] as? String == "0DTJ4ZZ" }, res.body.string)
            XCTAssertEqual(appendectomy["codeSystem"] as? String, "ICD-10-PCS")
            procedureSuggestion = try XCTUnwrap(appendectomy["id"] as? String)
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/suggestions/decisions", token: coder, json: ["suggestionID": procedureSuggestion, "outcome": "accepted"]) { res in
            XCTAssertEqual(res.status, .created, res.body.string)
            XCTAssertEqual(try self.object(res)["finalCode"] as? String, "0DTJ4ZZ")
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            let record = try self.object(res)["record"] as? [String: Any]
            XCTAssertEqual((record?["procedureCodes"] as? [[String: Any]])?.map { $0["code"] as? String }, ["0DTJ4ZZ"])
            XCTAssertEqual(record?["diagnoses"] as? [String], [], "a procedure is not a diagnosis")
        }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["K35.80"], "procedureCodes": ["0DTJ4ZY"]]) { res in
            XCTAssertEqual(res.status, .unprocessableEntity, "not a code in the tables: \(res.body.string)")
            XCTAssertTrue(res.body.string.contains("procedureCodes[0]"), res.body.string)
        }
        try await send(.PUT, "/api/v1/coding/queue/\(id)/diagnoses", token: coder, json: ["diagnoses": ["K35.80"], "procedureCodes": ["0dtj4zz"]]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
        }
        try await send(.GET, "/api/v1/encounters/\(id)", token: coder) { res in
            let procedures = (try self.object(res)["record"] as? [String: Any])?["procedureCodes"] as? [[String: Any]]
            XCTAssertEqual(procedures?.map { $0["code"] as? String }, ["0DTJ4ZZ"])
        }
        try await send(.POST, "/api/v1/coding/queue/\(id)/edits", token: coder, json: ["diagnoses": ["K35.80"], "procedureCodes": ["0DTJ4ZY"]]) { res in
            XCTAssertEqual(res.status, .ok, res.body.string)
            XCTAssertTrue(res.body.string.contains("0DTJ4ZY"), res.body.string)
        }
        try await send(.GET, "/coding/\(id)", token: coder) { page in
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.string.contains("ICD-10-PCS procedures"))
            XCTAssertTrue(page.body.string.contains("0DTJ4ZZ"))
            XCTAssertTrue(page.body.string.contains("name=procedureCodes"), "the coder types them with the diagnoses")
        }
    }
}

final class CodingAPITestsOnPostgreSQL: CodingAPITests {
    override func databaseURL() async throws -> String? { try await postgresDatabaseURL() }

    // Named here because test discovery on Linux does not pick up a subclass's inherited tests.
    override func testAChartIsClaimedCodedFromSuggestionsAndCompleted() async throws { try await super.testAChartIsClaimedCodedFromSuggestionsAndCompleted() }
    override func testAManagerAssignsAndPrioritizesAndACoderHandsBack() async throws { try await super.testAManagerAssignsAndPrioritizesAndACoderHandsBack() }
    override func testAnEncounterSignedThroughTheAPIEntersTheQueue() async throws { try await super.testAnEncounterSignedThroughTheAPIEntersTheQueue() }
    override func testTheQueueAndWorkspacePages() async throws { try await super.testTheQueueAndWorkspacePages() }
    override func testAQueryWaitsForTheProvidersAnswerWhichJoinsTheNote() async throws { try await super.testAQueryWaitsForTheProvidersAnswerWhichJoinsTheNote() }
    override func testAnAuditorReCodesASampleBlindAndAccuracyIsCounted() async throws { try await super.testAnAuditorReCodesASampleBlindAndAccuracyIsCounted() }
}
