import ClaimEdits
import CodeSets
import Foundation
import XCTest

/// Payer rules as data: the file format (strict, with the place of every mistake), the conditions and the actions.
final class PayerRuleTests: XCTestCase {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/payer-rules")

    static func claim(_ lines: [ScrubClaim.Line], payer: String = "BHHP1", pos: String = "11", authorization: String? = nil,
                      taxonomy: String? = "207Q00000X", birth: String = "1970-05-01") -> ScrubClaim {
        ScrubClaim(id: "C1", kind: .professional, diagnoses: ["M25561"], lines: lines, placeOfService: pos, patientBirthDate: ServiceDate(iso: birth),
                   patientSex: "F", npis: [ScrubClaim.NamedNPI(role: "billing provider", npi: "1234567893")], patientKey: "P1",
                   payer: ScrubClaim.Payer(id: payer, name: "Blue Horizon Health Plan"), priorAuthorization: authorization, renderingTaxonomy: taxonomy)
    }

    static func line(_ n: Int, _ code: String, _ modifiers: [String] = [], units: Int = 1, on date: String = "2025-10-14") -> ScrubClaim.Line {
        ScrubClaim.Line(number: n, procedure: code, modifiers: modifiers, units: units, serviceDate: ServiceDate(iso: date)!, diagnosisPointers: [1])
    }

    func ruleSet(_ json: String, file: String = "test.json") throws -> PayerRuleSet {
        try PayerRuleFile.read(Data(json.utf8), file: file)
    }

    func readError(_ json: String) -> PayerRuleFileError? {
        do { _ = try ruleSet(json); return nil } catch { return error as? PayerRuleFileError }
    }

    func testTheExampleFileLoadsAndItsRulesFireWhereTheySay() throws {
        let book = try PayerRuleFile.load(directory: Self.example)
        let set = try XCTUnwrap(book.set(forPayerID: "BHHP1"))
        XCTAssertEqual(set.version, "2025.4")
        XCTAssertEqual(set.timelyFilingDays, 90)
        XCTAssertNil(book.set(forPayerID: "SUMMT"))

        // An MRI of the knee without an authorization number: the imaging rule, on that line only.
        let mri = Self.claim([Self.line(1, "99213"), Self.line(2, "73721", ["RT"])])
        let edits = set.check(mri)
        let edit = try XCTUnwrap(edits.first { $0.id == "payer:BHHP-IMAGING-PA" }, "\(edits)")
        XCTAssertEqual(edit.severity, .error)
        XCTAssertEqual(edit.lines, [2])
        XCTAssertEqual(edit.codes, ["73721"])
        XCTAssertEqual(edit.source, "Blue Horizon Health Plan payer rules 2025.4, rule BHHP-IMAGING-PA, effective 2025-01-01")
        // With the number, it holds no more.
        XCTAssertFalse(set.check(Self.claim([Self.line(1, "73721")], authorization: "BH12345")).contains { $0.id == "payer:BHHP-IMAGING-PA" })
        // Before the rule's effective date it does not apply.
        XCTAssertFalse(set.check(Self.claim([Self.line(1, "73721", on: "2024-12-31")])).contains { $0.id == "payer:BHHP-IMAGING-PA" })

        // Telehealth without 95: a suggestion, not an error.
        let tele = set.check(Self.claim([Self.line(1, "99214")], pos: "10"))
        let suggestion = try XCTUnwrap(tele.first { $0.id == "payer:BHHP-TELEHEALTH-95" })
        XCTAssertEqual(suggestion.severity, .warning)
        XCTAssertEqual(suggestion.suggestedModifier, "95")
        XCTAssertTrue(set.check(Self.claim([Self.line(1, "99214", ["95"])], pos: "10")).isEmpty)

        // Eleven units of a drug: held for review (blocks the claim, but a person may release it).
        let held = try XCTUnwrap(set.check(Self.claim([Self.line(1, "J1885", units: 11)])).first)
        XCTAssertEqual(held.id, "payer:BHHP-DRUG-UNITS-REVIEW")
        XCTAssertEqual(held.severity, .hold)
        XCTAssertTrue(held.severity.blocksSubmission)
        XCTAssertTrue(set.check(Self.claim([Self.line(1, "J1885", units: 10)])).isEmpty, "10 is not above 10")

        // A claim-level rule: the taxonomy.
        let untaxed = set.check(Self.claim([Self.line(1, "99213")], taxonomy: nil))
        XCTAssertEqual(untaxed.map(\.id), ["payer:BHHP-RENDERING-TAXONOMY"])
        XCTAssertEqual(untaxed.first?.lines, [])
    }

    func testTheScrubberRunsTheClaimsPayersRulesAndTakesItsFilingLimit() throws {
        var scrubber = Scrubber(library: try ScrubberTests.library.get())
        scrubber.payerRules = try PayerRuleFile.load(directory: Self.example)
        var claim = Self.claim([Self.line(1, "73721", ["RT"])])
        XCTAssertTrue(scrubber.scrub(claim).contains { $0.id == "payer:BHHP-IMAGING-PA" })
        // Another payer's claim: none of these rules.
        claim.payer = ScrubClaim.Payer(id: "SUMMT", name: "Summit")
        XCTAssertFalse(scrubber.scrub(claim).contains { $0.id.hasPrefix("payer:") })
        // An 837 from elsewhere does not say the limit; the rule file's 90 days apply.
        claim.payer = ScrubClaim.Payer(id: "BHHP1", name: "Blue Horizon Health Plan")
        claim.priorAuthorization = "BH1"
        claim.filingDate = ServiceDate(iso: "2026-01-20")
        let late = try XCTUnwrap(scrubber.scrub(claim).first { $0.id == "timely-filing-past" })
        XCTAssertTrue(late.source.contains("90 days"), late.source)
    }

    func testConditionsOnPatientDiagnosesAndProviders() throws {
        let set = try ruleSet("""
        {"format": "revcycle-payer-rules", "formatVersion": 1, "payer": {"name": "Kids Plan", "ids": ["KIDS"]}, "version": "1",
         "rules": [
          {"id": "ADULT", "description": "members are children", "when": {"patientAgeAtLeast": 19},
           "then": {"action": "error", "message": "an adult on a children's plan", "resolution": "check the coverage"}},
          {"id": "DIABETES-EDU", "description": "diabetes education needs a diabetes diagnosis", "when": {"procedures": ["G0108"], "diagnosesAbsent": ["E08-E13"]},
           "then": {"action": "warning", "message": "G0108 without diabetes", "resolution": "point to the diabetes diagnosis"}},
          {"id": "NPI", "description": "one provider is out of network", "when": {"renderingNPIs": ["1234567893"], "claimKinds": ["professional"]},
           "then": {"action": "hold", "message": "out of network", "resolution": "ask for a single-case agreement"}}
         ]}
        """)
        let adult = Self.claim([Self.line(1, "99213")], birth: "2006-10-14")
        XCTAssertEqual(set.check(adult).map(\.id), ["payer:ADULT"], "19 on the day of service")
        XCTAssertEqual(set.check(Self.claim([Self.line(1, "99213")], birth: "2006-10-15")).map(\.id), [], "18 until the next day")
        var education = Self.claim([Self.line(1, "G0108")], birth: "2015-01-01")
        XCTAssertEqual(set.check(education).map(\.id), ["payer:DIABETES-EDU"])
        education.diagnoses = ["E1165"]
        XCTAssertEqual(set.check(education).map(\.id), [])
        var rendered = Self.claim([Self.line(1, "99213")], birth: "2015-01-01")
        rendered.npis.append(ScrubClaim.NamedNPI(role: "rendering provider", npi: "1234567893"))
        XCTAssertEqual(set.check(rendered).map(\.id), ["payer:NPI"])
    }

    func testCodePatterns() throws {
        func matches(_ pattern: String, _ code: String) throws -> Bool { try CodePattern.parse(pattern).get().matches(code) }
        XCTAssertTrue(try matches("70551-70553", "70552"))
        XCTAssertFalse(try matches("70551-70553", "70554"))
        XCTAssertFalse(try matches("70551-70553", "7055"), "shorter than the range's codes")
        XCTAssertTrue(try matches("E08-E13", "E1165"), "a range of categories holds the codes under them")
        XCTAssertFalse(try matches("E08-E13", "E14"))
        XCTAssertTrue(try matches("E11*", "E1165"))
        XCTAssertTrue(try matches("E11.65", "E1165"), "diagnoses with or without the dot")
        XCTAssertTrue(try matches("j1885", "J1885"))
        for bad in ["", "*", "70553-70551", "705-70553", "A B", "E11**", "1-2-3"] {
            XCTAssertThrowsError(try CodePattern.parse(bad).get(), bad)
        }
    }

    func testEveryMistakeInAFileIsNamedWithItsPlace() throws {
        let valid = #"{"format": "revcycle-payer-rules", "formatVersion": 1, "payer": {"name": "P", "ids": ["P1"]}, "version": "1", "rules": [RULE]}"#
        let rule = #"{"id": "R1", "description": "d", "when": WHEN, "then": {"action": "error", "message": "m", "resolution": "r"}}"#
        func file(when: String) -> String { valid.replacingOccurrences(of: "RULE", with: rule.replacingOccurrences(of: "WHEN", with: when)) }
        XCTAssertNoThrow(try ruleSet(file(when: #"{"procedures": ["99213"]}"#)))
        let cases: [(String, String, String)] = [
            ("{", "", "not JSON"),
            (valid.replacingOccurrences(of: "\"formatVersion\": 1", with: "\"formatVersion\": 2").replacingOccurrences(of: "RULE", with: ""), "formatVersion", "version 2"),
            (valid.replacingOccurrences(of: "\"formatVersion\": 1", with: "\"formatVersion\": true").replacingOccurrences(of: "RULE", with: ""), "formatVersion", "whole number"),
            (file(when: #"{"procedure": ["99213"]}"#), "rules[0].when", "unknown key \"procedure\""),
            (file(when: #"{"procedures": ["99213", "70553-70551"]}"#), "rules[0].when.procedures[1]", "the lower first"),
            (file(when: #"{"procedures": []}"#), "rules[0].when.procedures", "non-empty list"),
            (file(when: #"{"missing": ["authorization"]}"#), "rules[0].when.missing[0]", "priorAuthorization"),
            (file(when: #"{"unitsAbove": 1.5}"#), "rules[0].when.unitsAbove", "whole number"),
            (file(when: #"{"claimKinds": ["dental"]}"#), "rules[0].when.claimKinds[0]", "professional or institutional"),
            (file(when: #"{}"#).replacingOccurrences(of: #""action": "error""#, with: #""action": "suggestModifier""#), "rules[0].then.modifier", "needs the modifier"),
            (file(when: #"{}"#).replacingOccurrences(of: #""description": "d", "#, with: #""effective": "2026-02-30", "description": "d", "#), "rules[0].effective", "YYYY-MM-DD"),
            (valid.replacingOccurrences(of: "RULE", with: [rule, rule].joined(separator: ",").replacingOccurrences(of: "WHEN", with: "{}")), "rules[1].id", "used twice"),
        ]
        for (json, path, fragment) in cases {
            let error = try XCTUnwrap(readError(json), json)
            XCTAssertEqual(error.file, "test.json")
            XCTAssertEqual(error.path, path, "\(error)")
            XCTAssertTrue(error.message.contains(fragment), "\(error) should say \(fragment)")
        }
    }

    func testOneFilePerPayer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("payer-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let json = #"{"format": "revcycle-payer-rules", "formatVersion": 1, "payer": {"name": "P", "ids": ["P1"]}, "version": "1", "rules": []}"#
        try Data(json.utf8).write(to: directory.appendingPathComponent("a.json"))
        try Data(json.utf8).write(to: directory.appendingPathComponent("b.json"))
        XCTAssertThrowsError(try PayerRuleFile.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("payer id P1 already has rules in a.json"), "\(error)")
        }
        XCTAssertThrowsError(try PayerRuleFile.load(directory: directory.appendingPathComponent("missing")))
    }
}
