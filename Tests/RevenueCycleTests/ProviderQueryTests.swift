import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// Compliant queries: clinical indicators required, options offered with "other" and "clinically undetermined",
/// no leading or payment words, yes/no only where it cannot add a diagnosis; the chart waits while the query is open,
/// and the answer becomes part of the note.
final class ProviderQueryTests: XCTestCase {
    let coder = ClaimActor(userID: Fixture.id(50), displayName: "Ann Coder")
    let doctor = ClaimActor(userID: Fixture.id(60), displayName: "Dr Smith")
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    func inCoding() throws -> (CodingWorkItem, Encounter) {
        var encounter = Fixture().encounter
        encounter.status = .documented
        let item = try XCTUnwrap(CodingDesk.synchronized(nil, encounter: encounter, renderingProvider: nil, coverages: [], at: now))
        return try CodingDesk.claim(item, encounter, by: coder, at: now)
    }

    func send(_ template: String, subject: String = "heart failure", indicators: [String] = ["BNP 1,250", "IV furosemide"], options: [String]) throws
        -> (ProviderQuery, CodingWorkItem, Encounter) {
        let (item, encounter) = try inCoding()
        return try ProviderQueries.send(item, encounter, template: try XCTUnwrap(ProviderQueryTemplate.named(template)), subject: subject,
                                        clinicalIndicators: indicators, options: options, id: Fixture.id(70), by: coder, at: now)
    }

    func refusal(_ body: () throws -> Any) -> CodingWorkRefusal? {
        do { _ = try body(); return nil } catch { return error as? CodingWorkRefusal }
    }

    func testACompliantQueryOffersOtherAndUndeterminedAndTheChartWaits() throws {
        let (query, item, encounter) = try send("heart-failure-type", options: ["Acute on chronic diastolic (HFpEF) heart failure", "Chronic diastolic (HFpEF) heart failure"])
        XCTAssertEqual(query.options.suffix(2), [ProviderQuery.other, ProviderQuery.undetermined])
        XCTAssertEqual(query.question, "The record documents heart failure. Based on the clinical indicators below, can the type and acuity be further specified?")
        XCTAssertEqual(query.providerID, encounter.renderingProviderID)
        XCTAssertEqual(item.status, .pendingQuery)
        XCTAssertEqual(encounter.status, .pendingQuery)
        XCTAssertThrowsError(try CodingDesk.complete(item, encounter, by: coder, at: now), "no completing while the query is open")
        XCTAssertThrowsError(try CodingDesk.release(item, encounter, by: coder, mayReleaseOthers: false, at: now), "it stays with the coder")
        XCTAssertEqual(query.ageInDays(at: now.addingTimeInterval(3 * 86_400 + 60)), 3)

        let answered = try ProviderQueries.answer(query, item, encounter, option: "Acute on chronic diastolic (HFpEF) heart failure", detail: nil, by: doctor,
                                                  at: now.addingTimeInterval(86_400))
        XCTAssertEqual(answered.0.status, .answered)
        XCTAssertEqual(answered.0.ageInDays(at: now.addingTimeInterval(10 * 86_400)), 1, "age stops at the answer")
        XCTAssertEqual(answered.1.status, .inProgress)
        XCTAssertEqual(answered.2.status, .inCoding)
        XCTAssertTrue(answered.2.note.hasPrefix(encounter.note), "the note keeps its text (and the suggestions' offsets)")
        XCTAssertTrue(answered.2.note.contains("Answer: Acute on chronic diastolic (HFpEF) heart failure"))
        XCTAssertEqual(refusal { try ProviderQueries.answer(answered.0, answered.1, answered.2, option: ProviderQuery.undetermined, detail: nil, by: doctor, at: now) }?.field, "status")
    }

    func testLeadingOrIncompleteQueriesAreRefused() throws {
        XCTAssertEqual(refusal { try self.send("specificity", options: ["Acute respiratory failure", "Chronic respiratory failure"]) }?.field, nil)
        XCTAssertEqual(refusal { try self.send("specificity", indicators: [" "], options: ["A", "B"]) }?.field, "clinicalIndicators")
        XCTAssertEqual(refusal { try self.send("specificity", options: ["Acute respiratory failure"]) }?.field, "options")
        XCTAssertEqual(refusal { try self.send("specificity", options: ["Yes", "No"]) }?.field, "options", "yes/no could introduce a diagnosis")
        XCTAssertEqual(refusal { try self.send("specificity", options: ["A", "a"]) }?.field, "options")
        XCTAssertEqual(refusal { try self.send("specificity", indicators: ["Documenting sepsis would raise the DRG"], options: ["A", "B"]) }?.field, "question")
        XCTAssertEqual(refusal { try self.send("specificity", subject: "sepsis; please document it", options: ["A", "B"]) }?.field, "question")
        XCTAssertNil(refusal { try self.send("specificity", indicators: ["Status post coronary artery bypass graft", "Lactate 4.1 mmol/L"],
                                                   options: ["Sepsis", "Bacteremia without sepsis"]) },
                     "\"raf\" inside \"graft\" is not the word")
        // Yes/no where it only confirms: a relationship, present on admission. The template's options are used when none are given.
        let (linkage, _, _) = try send("linkage", subject: "diabetes and chronic kidney disease", options: [])
        XCTAssertEqual(linkage.options, ["Yes, the conditions are related", "No, the conditions are not related", ProviderQuery.undetermined])

        let (query, item, encounter) = try send("specificity", options: ["Acute respiratory failure", "Chronic respiratory failure"])
        XCTAssertEqual(refusal { try ProviderQueries.answer(query, item, encounter, option: "Something else", detail: nil, by: self.doctor, at: self.now) }?.field, "answer")
        XCTAssertEqual(refusal { try ProviderQueries.answer(query, item, encounter, option: ProviderQuery.other, detail: " ", by: self.doctor, at: self.now) }?.field, "detail")
        let other = try ProviderQueries.answer(query, item, encounter, option: ProviderQuery.other, detail: "Acute on chronic hypoxic respiratory failure", by: doctor, at: now)
        XCTAssertEqual(other.0.answerDetail, "Acute on chronic hypoxic respiratory failure")

        XCTAssertEqual(refusal { try ProviderQueries.withdraw(query, item, encounter, reason: "", by: self.coder, at: self.now) }?.field, "note")
        XCTAssertEqual(refusal { try ProviderQueries.withdraw(query, item, encounter, reason: "sent in error", by: self.doctor, at: self.now) }?.field, "assignee")
        let withdrawn = try ProviderQueries.withdraw(query, item, encounter, reason: "the provider amended the note", by: coder, at: now)
        XCTAssertEqual(withdrawn.0.status, .withdrawn)
        XCTAssertEqual(withdrawn.1.status, .inProgress)
    }
}
