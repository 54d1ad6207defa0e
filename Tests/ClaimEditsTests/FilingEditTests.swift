import ClaimEdits
import CodeSets
import Foundation
import XCTest

/// Timely filing, duplicates and the authorization on file: what a payer denies whatever the coding.
final class FilingEditTests: XCTestCase {
    func scrub(_ claim: ScrubClaim, others: [ScrubClaim] = []) throws -> [ClaimEdit] {
        Scrubber(library: try ScrubberTests.library.get()).scrub(claim, others: others)
    }

    static func claim(id: String = "C1", _ lines: [ScrubClaim.Line], limit: Int? = 90, filed: String? = "2026-03-01", frequency: String = "1",
                      authorization: ScrubClaim.Authorization? = nil, number: String? = nil) -> ScrubClaim {
        ScrubClaim(id: id, kind: .professional, diagnoses: ["E119"], lines: lines, placeOfService: "11", patientBirthDate: ServiceDate(iso: "1960-01-01"),
                   patientSex: "M", npis: [ScrubClaim.NamedNPI(role: "billing provider", npi: "1234567893")], patientKey: "patient-1",
                   payer: ScrubClaim.Payer(id: "SUMMT", name: "Summit", timelyFilingDays: limit), frequency: frequency, priorAuthorization: number,
                   filingDate: filed.flatMap { ServiceDate(iso: $0) }, authorizationOnFile: authorization)
    }

    static func line(_ n: Int, _ code: String, _ modifiers: [String] = [], units: Int = 1, on date: String) -> ScrubClaim.Line {
        ScrubClaim.Line(number: n, procedure: code, modifiers: modifiers, units: units, serviceDate: ServiceDate(iso: date)!, diagnosisPointers: [1])
    }

    func testTimelyFilingCountsFromEachLinesDate() throws {
        // 90 days from 2025-12-01 is 2026-03-01: filed that day, in time; a line of 2025-11-30 is a day late.
        let claim = Self.claim([Self.line(1, "99213", on: "2025-11-30"), Self.line(2, "36415", on: "2025-12-01")])
        let edits = try scrub(claim)
        let late = try XCTUnwrap(edits.first { $0.id == "timely-filing-past" }, "\(edits)")
        XCTAssertEqual(late.severity, .error)
        XCTAssertEqual(late.lines, [1])
        XCTAssertTrue(late.message.contains("2026-02-28"), late.message)
        XCTAssertEqual(late.source, "Summit timely filing limit, 90 days from the date of service")
        let soon = try XCTUnwrap(edits.first { $0.id == "timely-filing-soon" })
        XCTAssertEqual(soon.severity, .warning)
        XCTAssertEqual(soon.lines, [2])
        // No limit known, or no filing date: nothing to judge.
        XCTAssertFalse(try scrub(Self.claim([Self.line(1, "99213", on: "2020-01-01")], limit: nil)).contains { $0.id.hasPrefix("timely") })
        XCTAssertFalse(try scrub(Self.claim([Self.line(1, "99213", on: "2020-01-01")], filed: nil)).contains { $0.id.hasPrefix("timely") })
        // Well inside the limit: clean.
        XCTAssertFalse(try scrub(Self.claim([Self.line(1, "99213", on: "2026-02-01")])).contains { $0.id.hasPrefix("timely") })
    }

    func testDuplicatesOfAnotherClaimAndWithinOne() throws {
        let first = Self.claim(id: "A", [Self.line(1, "99213", on: "2026-02-10"), Self.line(2, "36415", on: "2026-02-10")])
        let same = Self.claim(id: "B", [Self.line(1, "99213", on: "2026-02-10"), Self.line(2, "36415", on: "2026-02-10")])
        let whole = try XCTUnwrap(try scrub(same, others: [first]).first { $0.id == "claim-duplicate" })
        XCTAssertEqual(whole.severity, .error)
        XCTAssertEqual(whole.lines, [1, 2])
        XCTAssertTrue(whole.message.contains("claim A"), whole.message)
        // One line in common: a warning on that line.
        let partial = Self.claim(id: "B", [Self.line(1, "99213", on: "2026-02-10"), Self.line(2, "81002", on: "2026-02-10")])
        let line = try XCTUnwrap(try scrub(partial, others: [first]).first { $0.id == "line-duplicate" })
        XCTAssertEqual(line.severity, .warning)
        XCTAssertEqual(line.lines, [1])
        // Not duplicates: another day, a repeat modifier, a replacement claim, another patient, the claim itself.
        XCTAssertTrue(try scrub(Self.claim(id: "B", [Self.line(1, "99213", on: "2026-02-11")]), others: [first]).filter { $0.id.contains("duplicate") }.isEmpty)
        XCTAssertTrue(try scrub(Self.claim(id: "B", [Self.line(1, "36415", ["91"], on: "2026-02-10")]), others: [first]).filter { $0.id.contains("duplicate") }.isEmpty)
        XCTAssertTrue(try scrub(Self.claim(id: "B", [Self.line(1, "99213", on: "2026-02-10")], frequency: "7"), others: [first]).filter { $0.id.contains("duplicate") }.isEmpty)
        var someoneElse = first
        someoneElse.patientKey = "patient-2"
        XCTAssertTrue(try scrub(same, others: [someoneElse]).filter { $0.id.contains("duplicate") }.isEmpty)
        XCTAssertTrue(try scrub(first, others: [first]).filter { $0.id.contains("duplicate") }.isEmpty)
        // The same line twice on one claim.
        let twice = Self.claim([Self.line(1, "36415", on: "2026-02-10"), Self.line(2, "36415", on: "2026-02-10")])
        XCTAssertEqual(try scrub(twice).first { $0.id == "line-duplicate" }?.lines, [1, 2])
    }

    func testTheAuthorizationOnFileMustCoverTheServices() throws {
        let auth = ScrubClaim.Authorization(number: "PA-77", status: "approved", approved: true, procedureCodes: ["73721"], units: 1,
                                            validFrom: ServiceDate(iso: "2026-02-01")!, validThrough: ServiceDate(iso: "2026-02-28")!)
        let covered = Self.claim([Self.line(1, "99213", on: "2026-02-10"), Self.line(2, "73721", ["RT"], on: "2026-02-10")], authorization: auth, number: "PA-77")
        XCTAssertTrue(try scrub(covered).filter { $0.id.hasPrefix("auth-") }.isEmpty)

        let late = Self.claim([Self.line(1, "73721", ["RT"], on: "2026-03-02")], authorization: auth, number: "PA-77")
        XCTAssertEqual(try scrub(late).filter { $0.id.hasPrefix("auth-") }.map(\.id), ["auth-dates"])
        let more = Self.claim([Self.line(1, "73721", ["RT"], units: 2, on: "2026-02-10")], authorization: auth, number: "PA-77")
        XCTAssertEqual(try scrub(more).filter { $0.id.hasPrefix("auth-") }.map(\.id), ["auth-units"])
        let unnumbered = Self.claim([Self.line(1, "73721", ["RT"], on: "2026-02-10")], authorization: auth)
        let missing = try XCTUnwrap(try scrub(unnumbered).first { $0.id == "auth-number-missing" })
        XCTAssertTrue(missing.resolution.contains("PA-77"))
        var pending = auth
        pending.status = "pending"; pending.approved = false
        let edit = try XCTUnwrap(try scrub(Self.claim([Self.line(1, "73721", on: "2026-02-10")], authorization: pending)).first { $0.id.hasPrefix("auth-") })
        XCTAssertEqual(edit.id, "auth-not-approved")
        XCTAssertTrue(edit.message.contains("pending"))
    }
}
