import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import RevenueCycle
import XCTest

/// `rules replay` over the demo's decided claims: which denials a rule set would have stopped, which paid claims it
/// would have held. The expectations are counted from the demo data itself.
final class RuleReplayTests: XCTestCase {
    static let library: Result<CodeSetLibrary, any Error> = Result {
        guard FileManager.default.fileExists(atPath: SharedFiles.codesets.path) else { throw XCTSkip("no code sets at \(SharedFiles.codesets.path)") }
        return try CodeSetImport.run(directory: SharedFiles.codesets).0
    }

    func testTheDenialReasonsComeFromTheHistoryAndTheLedger() throws {
        let data = try DemoSeed.generate()
        let denied = try XCTUnwrap(data.claims.first { $0.status == .denied })
        XCTAssertEqual(RuleReplay.decision(of: denied)?.denied, true)
        XCTAssertEqual(RuleReplay.decision(of: denied)?.reasons, ["197"], "from '835 denied: CARC 197, precertification absent'")
        let paid = try XCTUnwrap(data.claims.first { $0.status == .paid })
        XCTAssertEqual(RuleReplay.decision(of: paid)?.denied, false)
        XCTAssertEqual(RuleReplay.decision(of: paid)?.reasons, [], "CO-45 is the contract, not a denial")
        XCTAssertNil(RuleReplay.decision(of: try XCTUnwrap(data.claims.first { $0.status == .submitted })), "not decided yet")
    }

    func testARuleNamingTheDenialReasonIsCountedAsPreventingIt() throws {
        let data = try DemoSeed.generate()
        // Every demo payer: claims without a referral number are errors meant to prevent CARC 197.
        let ids = Array(Set(data.payers.map(\.electronicID.value))).sorted()
        let rules = PayerRule(id: "REFERRAL", description: "a referral on every claim", when: { var c = PayerRule.Conditions(); c.missing = [.referralNumber]; return c }(),
                              action: .error, message: "no referral", resolution: "get one", prevents: ["197"])
        var scrubber = Scrubber(library: try Self.library.get())
        scrubber.payerRules = try PayerRuleBook([PayerRuleSet(payerName: "every demo payer", payerIDs: ids, version: "test", rules: [rules])])

        let records = try data.claims.map { try XCTUnwrap(data.records(of: $0)) }
        let report = RuleReplay.run(records, scrubber: scrubber)

        let decided = data.claims.filter { RuleReplay.decision(of: $0) != nil }
        let denied = decided.filter { RuleReplay.decision(of: $0)?.denied == true }
        let deniedWithoutReferral = denied.filter { $0.referralNumber == nil }
        let paidWithoutReferral = decided.filter { RuleReplay.decision(of: $0)?.denied == false && $0.referralNumber == nil }
        XCTAssertGreaterThan(deniedWithoutReferral.count, 0, "the demo has denials for the rule to find")
        XCTAssertEqual(report.claimsRead, data.claims.count)
        XCTAssertEqual(report.decided, decided.count)
        XCTAssertEqual(report.denied, denied.count)
        XCTAssertEqual(report.denialReasons["197"], denied.count)
        let row = try XCTUnwrap(report.edits.first { $0.id == "payer:REFERRAL" })
        XCTAssertTrue(row.isPayerRule)
        XCTAssertEqual(row.severity, .error)
        XCTAssertEqual(row.deniedFlagged, deniedWithoutReferral.count)
        XCTAssertEqual(row.deniedPrevented, deniedWithoutReferral.count)
        XCTAssertEqual(row.paidFlagged, paidWithoutReferral.count)
        XCTAssertEqual(report.deniedPreventedByPayerRules, deniedWithoutReferral.count)
        XCTAssertEqual(report.edits.first?.id, "payer:REFERRAL", "payer rules are listed first")

        // A rule for another denial reason flags the same claims but prevents none of them.
        var other = rules
        other.prevents = ["B7"]
        scrubber.payerRules = try PayerRuleBook([PayerRuleSet(payerName: "every demo payer", payerIDs: ids, version: "test", rules: [other])])
        let unmatched = RuleReplay.run(records, scrubber: scrubber)
        XCTAssertEqual(unmatched.edits.first { $0.id == "payer:REFERRAL" }?.deniedPrevented, 0)
        XCTAssertEqual(unmatched.deniedPreventedByPayerRules, 0)
    }
}

/// The demo's claims are coded as a careful coder would: the scrubber finds no error in them.
final class DemoClaimScrubTests: XCTestCase {
    func testTheDemoClaimsPassTheScrubber() throws {
        let data = try DemoSeed.generate()
        let (scrubber, _) = try Scrubber.load(library: try RuleReplayTests.library.get(), codeSets: SharedFiles.codesets, ptpDirectory: nil)
        var found: [String] = []
        for claim in data.claims {
            let records = try XCTUnwrap(data.records(of: claim))
            for edit in scrubber.scrub(ScrubClaim(records, filingDate: DemoSeed.today)) where edit.severity.blocksSubmission {
                found.append("\(claim.patientControlNumber) \(claim.status.rawValue): \(edit)")
            }
        }
        XCTAssertEqual(found, [], found.joined(separator: "\n"))
    }

    /// A claim already sent is judged on the day it was sent: looking at it a year later does not make it late.
    func testSentClaimsAreJudgedOnTheDayTheyWereSent() throws {
        let data = try DemoSeed.generate()
        let (scrubber, _) = try Scrubber.load(library: try RuleReplayTests.library.get(), codeSets: SharedFiles.codesets, ptpDirectory: nil)
        let later = ServiceDate(year: 2027, month: 6, day: 1)!
        var sentAndLate: [String] = [], unsentAndLate = 0
        for claim in data.claims {
            let records = try XCTUnwrap(data.records(of: claim))
            let isLate = scrubber.scrub(ScrubClaim(records, filingDate: claim.filingDate(today: later))).contains { $0.id == "timely-filing-past" }
            let waitingToGo = [.draft, .ready, .held, .batched, .corrected].contains(claim.status) || claim.lastSent == nil
            if isLate && !waitingToGo { sentAndLate.append("\(claim.patientControlNumber) \(claim.status.rawValue)") }
            if isLate && waitingToGo { unsentAndLate += 1 }
        }
        XCTAssertEqual(sentAndLate, [], "a claim already sent is not late for being looked at in 2027")
        XCTAssertGreaterThan(unsentAndLate, 0, "claims still to go are judged on the day given")
    }
}
