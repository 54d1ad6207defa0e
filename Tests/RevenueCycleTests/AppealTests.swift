import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import XCTest

/// Appeals without storage: who may be appealed, what an upheld decision does to a claim paid with a denied line,
/// and the letters their templates make.
final class AppealTests: XCTestCase {
    /// The fixture claim paid on line 1 and denied on line 2 (CO-197, with `remarks`): paid (insurance owes nothing
    /// more), with one denial to work.
    func paidWithADeniedLine(remarks: [String] = []) throws -> (RevenueCycle.Claim, [DenialWorkItem]) {
        var claim = try ERA.submittedClaim()
        let era = ERA.remittance([ERA.clp(charge: 13500, paid: 7000, lines: [
            ERA.svc("99213", ["25"], charge: 12500, paid: 7000, control: ERA.line1Control, [ERA.cas("CO", "45", 2500), ERA.cas("PR", "3", 2000), ERA.cas("PR", "1", 1000)]),
            ERA.svc("36415", charge: 1000, paid: 0, control: ERA.line2Control, [ERA.cas("CO", "197", 1000)], remarks: remarks),
        ])])
        let plan = try ERA.post(era, to: &claim)
        return (claim, DenialWorklist.items(plan: plan, remittance: era, payer: Fixture().payer, codes: nil))
    }

    let letter = AppealLetter(templateID: "authorization", text: "Please reconsider.")
    let at = ERA.postedAt.addingTimeInterval(3600)

    func testAPaidClaimsDeniedLineIsAppealedAndAnUpheldAppealPutsTheClaimBackToPaid() throws {
        let (claim, denials) = try paidWithADeniedLine()
        XCTAssertEqual(claim.status, .paid)
        XCTAssertEqual(denials.map(\.lineNumber), [2])
        let filed = try Appeals.file(denials: denials, claim: claim, letter: letter, sentOn: Fixture.date("2025-12-05"), goodCause: nil,
                                     previousAppeals: [], actor: ERA.actor, at: at)
        XCTAssertEqual(filed.claim.status, .appealed)
        XCTAssertEqual(filed.denials.map(\.status), [.appealed])
        XCTAssertEqual(filed.appeal.amount.cents, 1000)
        XCTAssertEqual(filed.appeal.level, 1)

        let decided = try Appeals.decide(filed.appeal, outcome: .upheld, decidedOn: Fixture.date("2025-12-20"), recovered: nil, note: "no authorization",
                                         denials: filed.denials, claim: filed.claim, actor: ERA.actor, at: at.addingTimeInterval(60))
        XCTAssertEqual(decided.claim?.status, .paid, "back where the appeal found it, not denied")
        XCTAssertEqual(decided.denials.map(\.status), [.upheld])
        // Upheld denials may go to the next level.
        let second = try Appeals.file(denials: decided.denials, claim: try XCTUnwrap(decided.claim), letter: letter, sentOn: Fixture.date("2025-12-21"),
                                      goodCause: nil, previousAppeals: [decided.appeal], actor: ERA.actor, at: at.addingTimeInterval(120))
        XCTAssertEqual(second.appeal.level, 2)
    }

    func testAppealsAreRefusedWithTheReason() throws {
        let (claim, denials) = try paidWithADeniedLine(remarks: ["MA130"])
        XCTAssertThrowsError(try Appeals.file(denials: denials, claim: claim, letter: letter, sentOn: Fixture.date("2025-12-05"), goodCause: nil,
                                              previousAppeals: [], actor: ERA.actor, at: at)) { error in
            XCTAssertTrue("\(error)".contains("no appeal"), "\(error)")
        }
        let (open, items) = try paidWithADeniedLine()
        let late = try XCTUnwrap(items.first?.appealDeadline?.adding(days: 1))
        XCTAssertThrowsError(try Appeals.file(denials: items, claim: open, letter: letter, sentOn: late, goodCause: " ", previousAppeals: [],
                                              actor: ERA.actor, at: at)) { error in
            XCTAssertEqual((error as? AppealRefusal)?.field, "goodCause")
        }
        XCTAssertThrowsError(try Appeals.file(denials: [], claim: open, letter: letter, sentOn: late, goodCause: nil, previousAppeals: [],
                                              actor: ERA.actor, at: at))
    }

    func testEachTemplateFillsEveryPlaceholderAndAnUnknownOneIsRefused() throws {
        let (claim, denials) = try paidWithADeniedLine()
        let f = Fixture()
        let facts = AppealLetterFacts(date: Fixture.date("2025-12-05"), level: 1, claim: claim, payer: f.payer, patient: f.patient,
                                      memberID: f.coverage.memberID, renderingProviderName: "Ann Smith", denials: denials, goodCause: "the clinic was closed by a flood")
        for template in AppealLetterTemplates.builtIn {
            let text = try AppealLetterTemplates.render(template, facts: facts).text
            XCTAssertFalse(text.contains("{{") || text.contains("}}"), "\(template.id): \(text)")
            for expected in ["Sandbox Health Plan", "Jane Doe", "1970-01-01", "M123456789", claim.patientControlNumber, "$10.00", "line 2, 36415", "CO-197", "flood"] {
                XCTAssertTrue(text.contains(expected), "\(template.id) lacks \(expected)")
            }
        }
        XCTAssertEqual(AppealLetterTemplates.suggested(for: denials).id, "authorization")
        let broken = AppealLetterTemplate(id: "broken", title: "Broken", categories: [], body: "Dear {{payer.nam}}")
        XCTAssertThrowsError(try AppealLetterTemplates.render(broken, facts: facts)) { error in
            XCTAssertTrue((error as? AppealRefusal)?.message.contains("{{payer.nam}}") ?? false, "\(error)")
        }
    }
}
