import CodeSets
import Foundation
import RevenueCycle
import XCTest

final class FeeScheduleTests: XCTestCase {
    func schedule(_ entries: [FeeScheduleEntry]) -> FeeSchedule {
        FeeSchedule(id: Fixture.id(40), tenantID: Fixture.id(1), name: "Charge master", purpose: .chargeMaster, entries: entries)
    }

    func entry(_ code: String, _ modifier: String? = nil, _ cents: Int, from: String, through: String? = nil) -> FeeScheduleEntry {
        FeeScheduleEntry(code: code, modifier: modifier, amount: Money(cents: cents), effectiveFrom: Fixture.date(from),
                         effectiveThrough: through.map { Fixture.date($0) })
    }

    func testLookupOnTheDateOfService() {
        let fees = schedule([
            entry("99213", nil, 14000, from: "2024-01-01", through: "2024-12-31"),
            entry("99213", nil, 15000, from: "2025-01-01"),
        ])
        XCTAssertEqual(fees.validate(), [])
        XCTAssertEqual(fees.entry(code: "99213", on: Fixture.date("2024-12-31"))?.amount.cents, 14000)
        XCTAssertEqual(fees.entry(code: "99213", on: Fixture.date("2025-01-01"))?.amount.cents, 15000)
        XCTAssertNil(fees.entry(code: "99213", on: Fixture.date("2023-12-31")))
        XCTAssertNil(fees.entry(code: "99214", on: Fixture.date("2025-06-01")))
        XCTAssertEqual(fees.price(code: "99213", units: 2, on: Fixture.date("2025-06-01"))?.cents, 30000)
    }

    func testModifierSpecificEntryWinsOverTheBareCode() {
        let fees = schedule([
            entry("71046", nil, 12000, from: "2025-01-01"),
            entry("71046", "26", 4500, from: "2025-01-01"),
            entry("71046", "TC", 7500, from: "2025-01-01", through: "2025-06-30"),
        ])
        let day = Fixture.date("2025-03-01")
        XCTAssertEqual(fees.entry(code: "71046", on: day)?.amount.cents, 12000)
        XCTAssertEqual(fees.entry(code: "71046", modifiers: ["26"], on: day)?.amount.cents, 4500)
        XCTAssertEqual(fees.entry(code: "71046", modifiers: ["TC"], on: day)?.amount.cents, 7500)
        // A modifier without its own entry falls back to the bare code; the first modifier with an entry decides.
        XCTAssertEqual(fees.entry(code: "71046", modifiers: ["59"], on: day)?.amount.cents, 12000)
        XCTAssertEqual(fees.entry(code: "71046", modifiers: ["59", "26", "TC"], on: day)?.amount.cents, 4500)
        // Once the TC entry has ended, TC lines are priced as the bare code.
        XCTAssertEqual(fees.entry(code: "71046", modifiers: ["TC"], on: Fixture.date("2025-07-01"))?.amount.cents, 12000)
    }

    func testValidationFindsOverlapsAndBadEntries() {
        var fees = schedule([
            entry("99213", nil, 14000, from: "2024-01-01", through: "2025-01-31"),
            entry("99213", nil, 15000, from: "2025-01-01"),
            entry("99213", "25", 15000, from: "2025-01-01"),
            entry("9921", nil, 100, from: "2025-01-01"),
            entry("99214", "2", -5, from: "2025-02-01", through: "2025-01-01"),
        ])
        let problems = fees.validate()
        XCTAssertProblem(problems, "entries[1]", "already priced by entries[0]")
        XCTAssertFalse(problems.contains { $0.field == "entries[2]" }, "a modifier entry does not overlap the bare code")
        XCTAssertProblem(problems, "entries[3].code", "CPT or HCPCS")
        XCTAssertProblem(problems, "entries[4].modifier", "2 upper-case")
        XCTAssertProblem(problems, "entries[4].amount", "cannot be negative")
        XCTAssertProblem(problems, "entries[4].effectiveThrough", "before it starts")
        fees.purpose = .contractedRates
        XCTAssertProblem(fees.validate(), "payerID", "belong to a payer")
        fees.payerID = Fixture.id(2)
        fees.purpose = .chargeMaster
        XCTAssertProblem(fees.validate(), "payerID", "names no payer")
    }

    func testContractedRatesGiveTheExpectedAllowedAmount() {
        let contract = FeeSchedule(id: Fixture.id(41), tenantID: Fixture.id(1), name: "Sandbox contract", purpose: .contractedRates, payerID: Fixture.id(2),
                                   entries: [entry("99213", nil, 9800, from: "2025-01-01"), entry("J3301", nil, 350, from: "2025-01-01")])
        XCTAssertEqual(contract.validate(), [])
        XCTAssertEqual(contract.price(code: "J3301", units: 4, on: Fixture.date("2025-05-05"))?.cents, 1400)
        XCTAssertEqual(contract.price(code: "99213", modifiers: ["25"], on: Fixture.date("2025-05-05"))?.cents, 9800)
    }
}
