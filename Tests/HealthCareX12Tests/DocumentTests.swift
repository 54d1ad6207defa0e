import Foundation
import HealthCareX12
import X12
import XCTest

/// Reading into loops, writing back, the typed claim and remittance views, and the rules beyond syntax.
final class DocumentTests: XCTestCase {
    func read(_ text: String) throws -> (report: ValidationReport, document: X12Document) {
        let (report, document) = try HealthCareValidation.read(Array(text.utf8))
        return (report, try XCTUnwrap(document))
    }

    func golden(_ name: String) throws -> String {
        let url = GuideTests.x12Directory.appendingPathComponent("golden/\(name)")
        guard let data = try? Data(contentsOf: url) else { throw XCTSkip("no X12 samples at \(url.path)") }
        return String(decoding: data, as: UTF8.self)
    }

    func testEveryGoldenFileWritesBackByteForByte() throws {
        for url in try GuideTests.files("golden") {
            var bytes = Array(try Data(contentsOf: url))
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            let (report, document) = try HealthCareValidation.read(bytes)
            let written = X12Writer.write(try XCTUnwrap(document, url.lastPathComponent))
            // Line breaks between segments are layout, not content.
            func content(_ b: some Sequence<UInt8>) -> [UInt8] { b.filter { $0 != 0x0A && $0 != 0x0D } }
            XCTAssertEqual(content(written.utf8), content(bytes), url.lastPathComponent)
            XCTAssertEqual(written.split(separator: "\n").count, report.segmentCount, url.lastPathComponent)
        }
    }

    /// The golden files are clean to the guides; the rules beyond syntax find what pyx12 cannot see: the demo files'
    /// provider NPIs are made up and fail the check digit.
    func testGoldenFilesBreakOnlyRulesPyx12CannotSee() throws {
        var seen: [String: Set<String>] = [:]
        for url in try GuideTests.files("golden") where !url.lastPathComponent.hasPrefix("834") {
            let (report, _) = try HealthCareValidation.read(Array(try Data(contentsOf: url)))
            let syntax = report.findings.filter { $0.rule == nil }
            XCTAssertEqual(syntax.map(String.init(describing:)), [], url.lastPathComponent)
            for f in report.findings { if let rule = f.rule { seen[url.lastPathComponent, default: []].insert(rule) } }
        }
        XCTAssertEqual(Set(seen.values.flatMap { $0 }), ["npi-check-digit"])
        XCTAssertNil(seen["837P_lfh_demo.example1.x12"], "example1's NPI 1912301953 is valid")
        XCTAssertNil(seen["835_pyx12_835_mult_loops.x12"], "the golden 835 balances")
    }

    /// The loop tree keeps file order: a loop's own segments and the loops inside it interleave as read, each
    /// segment knows the loop it is directly in, and a loop's segments include those of the loops inside it.
    func testLoopTreeKeepsOrderAndNesting() throws {
        let (_, document) = try read(try golden("837P_lfh_demo.example1.x12"))
        let transaction = try XCTUnwrap(document.transactions.first)
        XCTAssertEqual(transaction.id, "")
        let top = transaction.items.map { item -> String in
            switch item { case .segment(let s): s.id; case .loop(let l): l.id }
        }
        XCTAssertEqual(top, ["ST", "BHT", "1000A", "1000B", "2000A", "SE"])
        XCTAssertEqual(transaction.segments.map(\.id), ["ST", "BHT", "SE"])
        let provider = try XCTUnwrap(transaction.loops("2000A").first)
        XCTAssertEqual(provider.segments.map(\.id), ["HL", "PRV"])
        XCTAssertEqual(provider.loops().map(\.id), ["2010AA", "2010AB", "2000B"])
        let claims = transaction.descendants("2300")
        XCTAssertEqual(claims.count, 1)
        XCTAssertEqual(claims[0].segment("CLM")?[1], "26463774")
        XCTAssertEqual(claims[0].loops("2400").count, 4)
        // Every segment with the id once, in file order, with the loop it is directly in.
        var seen: [(String, String)] = []
        transaction.forEachSegment("NM1") { s, loop in seen.append((s[1], loop)) }
        XCTAssertEqual(seen.map(\.0), ["41", "40", "85", "87", "IL", "PR", "QC"])
        XCTAssertEqual(seen.map(\.1), ["1000A", "1000B", "2010AA", "2010AB", "2010BA", "2010BB", "2010CA"])
        var sets: [String] = []
        transaction.forEachSegment("ST") { _, loop in sets.append(loop) }
        XCTAssertEqual(sets, [""])
        XCTAssertEqual(provider.allSegments.first?.id, "HL")
        XCTAssertEqual(provider.allSegments.last?.id, transaction.allSegments.dropLast().last?.id)
    }

    /// The walks that collect nothing see what the collecting lookups return, in the same order.
    func testWalksSeeWhatTheLookupsReturn() throws {
        let (_, document) = try read(try golden("837P_lfh_demo.example1.x12"))
        let transaction = try XCTUnwrap(document.transactions.first)
        let claim = try XCTUnwrap(transaction.descendants("2300").first)
        var segments: [String] = [], loops: [String] = [], switched: [String] = []
        claim.forEachSegment { s in
            segments.append(s.id)
            switch s {
            case "CLM": switched.append("claim \(s[1])")
            case "HI": switched.append("diagnoses")
            default: break
            }
        }
        claim.forEachLoop { loops.append($0.id) }
        XCTAssertEqual(segments, claim.segments.map(\.id))
        XCTAssertEqual(loops, claim.loops().map(\.id))
        XCTAssertEqual(switched, ["claim 26463774", "diagnoses"])
        XCTAssertEqual(claim.loop("2400")?.segment("LX")?[1], claim.loops("2400").first?.segment("LX")?[1])
        XCTAssertNil(claim.loop("2000A"), "only the loops directly inside are searched")
        XCTAssertTrue(claim.is("2300"))
        XCTAssertFalse(claim.is("2400"))
        XCTAssertEqual(transaction.descendantCount("2400"), transaction.descendants("2400").count)
        XCTAssertEqual(transaction.descendantCount("2400"), 4)
        var lines: [String] = []
        transaction.forEachDescendant("2400") { lines.append($0.segment("SV1")?[2] ?? "") }
        XCTAssertEqual(lines, transaction.descendants("2400").map { $0.segment("SV1")?[2] ?? "" })
    }

    /// A party keeps its fields in a shared box: a changed copy leaves the original as it was, equal parties compare
    /// equal whether or not they share the box, and the JSON is the plain struct's (absent fields left out).
    func testPartyCopiesAreIndependentAndCodeAsBefore() throws {
        let original = Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M1",
                             address: Address(line1: "1 ELM ST", city: "SPRINGFIELD", state: "IL", postalCode: "62701"))
        var copy = original
        copy.firstName = nil
        copy.address?.city = "CHICAGO"
        XCTAssertEqual(original.firstName, "JANE")
        XCTAssertEqual(original.address?.city, "SPRINGFIELD")
        XCTAssertEqual(copy.address?.city, "CHICAGO")
        XCTAssertNotEqual(copy, original)
        XCTAssertEqual(Party(name: "DOE", firstName: "JANE", idQualifier: "MI", id: "M1", address: original.address), original)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(Party(name: "ACME", idQualifier: "XX", id: "1234567893")), as: UTF8.self),
                       #"{"id":"1234567893","idQualifier":"XX","name":"ACME"}"#)
        XCTAssertEqual(try JSONDecoder().decode(Party.self, from: try encoder.encode(original)), original)
        XCTAssertThrowsError(try JSONDecoder().decode(Party.self, from: Data(#"{"id":"1"}"#.utf8)), "the name is required")
    }

    func testClaimsReadWithTheirLinesInCents() throws {
        let (report, document) = try read(try golden("837P_lfh_demo.example1.x12"))
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
        let parsed = ParsedFile(report: report, document: document)
        guard case .claims(let batch)? = parsed.transactions.first else { return XCTFail("no 837") }
        XCTAssertEqual(batch.kind, "professional")
        XCTAssertEqual(batch.claims.count, 1)
        let claim = try XCTUnwrap(batch.claims.first)
        XCTAssertEqual(claim.claimId, "26463774")
        XCTAssertEqual(claim.totalChargeCents, 10000)
        XCTAssertEqual(claim.facilityCode, "11")
        XCTAssertEqual(claim.frequencyCode, "1")
        XCTAssertEqual(claim.billingProvider?.id, "1912301953")
        XCTAssertEqual(claim.billingProvider?.idQualifier, "XX")
        XCTAssertEqual(claim.subscriber?.person.id, "JS00111223333")
        XCTAssertEqual(claim.payer?.name, "KEY INSURANCE COMPANY")
        XCTAssertEqual(claim.diagnoses.map(\.code), ["0340", "V7389"])
        XCTAssertEqual(claim.serviceLines.map(\.procedureCode), ["99213", "87070", "99214", "86663"])
        XCTAssertEqual(claim.serviceLines.map(\.chargeCents), [4000, 1500, 3500, 1000])
        XCTAssertEqual(claim.serviceLines.map(\.serviceDate), ["20061003", "20061003", "20061010", "20061010"])
        XCTAssertEqual(claim.serviceLines.first?.diagnosisPointers, [1])
    }

    /// Composites are split in place (CLM05, HI, SV101, SV107): every part lands where the split strings put it,
    /// including the empty and odd ones a damaged file carries.
    func testClaimCompositesReadPartByPart() throws {
        var text = try golden("837P_lfh_demo.example1.x12")
        for (old, new) in [("SV1*HC:99213*40.00*UN*1.00***1", "SV1*HC:99213:25::59:XU:76*40.00*UN*1.00***1:12:+3:x::4"),
                           ("SV1*HC:87070*15.00*UN*1.00***1", "SV1*HC*15.00*UN*1.00***"),
                           ("HI*BK:0340*BF:V7389", "HI*BK:0340:::::::Y*BF*BE:80:::12.5*BF:"),
                           ("CLM*26463774*100.00***11:B:1", "CLM*26463774*100.00***11")] {
            XCTAssertTrue(text.contains(old), old)
            text = text.replacingOccurrences(of: old, with: new)
        }
        let (report, document) = try read(text)
        guard case .claims(let batch)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail("no 837") }
        let claim = try XCTUnwrap(batch.claims.first)
        XCTAssertEqual(claim.facilityCode, "11")
        XCTAssertEqual(claim.frequencyCode, "")
        XCTAssertEqual(claim.diagnoses, [Claim.Diagnosis(qualifier: "BK", code: "0340", presentOnAdmission: "Y"),
                                         Claim.Diagnosis(qualifier: "BE", code: "80", amountCents: 1250),
                                         Claim.Diagnosis(qualifier: "BF", code: "")])
        let first = claim.serviceLines[0], second = claim.serviceLines[1]
        XCTAssertEqual(first.procedureQualifier, "HC")
        XCTAssertEqual(first.procedureCode, "99213")
        XCTAssertEqual(first.modifiers, ["25", "59", "XU"])
        XCTAssertEqual(first.diagnosisPointers, [1, 12, 3, 4])
        XCTAssertEqual(second.procedureQualifier, "HC")
        XCTAssertNil(second.procedureCode)
        XCTAssertEqual(second.modifiers, [])
        XCTAssertEqual(second.diagnosisPointers, [])
    }

    func testRemittanceReadWithAdjustments() throws {
        let (report, document) = try read(try golden("835_pyx12_835_mult_loops.x12"))
        guard case .remittance(let era)? = ParsedFile(report: report, document: document).transactions.first else { return XCTFail("no 835") }
        XCTAssertEqual(era.paymentCents, 0)
        XCTAssertEqual(era.handlingCode, "H")
        XCTAssertEqual(era.paymentMethod, "NON")
        XCTAssertEqual(era.traceNumber, "000000000")
        XCTAssertEqual(era.payee?.name, "UNKNOWN")
        let claim = try XCTUnwrap(era.claims.first)
        XCTAssertEqual(claim.claimId, "2005555A")
        XCTAssertEqual(claim.statusCode, "4")
        XCTAssertEqual(claim.chargeCents, 91539)
        XCTAssertEqual(claim.paidCents, 0)
        XCTAssertEqual(claim.serviceLines.count, 3)
        XCTAssertEqual(claim.serviceLines[0].adjustments, [Adjustment(groupCode: "CO", reasonCode: "16", amountCents: 50004, quantity: nil)])
        XCTAssertEqual(claim.serviceLines[1].adjustments.first?.groupCode, "OA")
        XCTAssertEqual(claim.serviceLines[1].adjustments.first?.reasonCode, "A7")
    }

    func testMoneyIsExactCents() {
        XCTAssertEqual(cents("100"), 10000)
        XCTAssertEqual(cents("100.5"), 10050)
        XCTAssertEqual(cents("0.07"), 7)
        XCTAssertEqual(cents("-20.00"), -2000)
        XCTAssertEqual(cents(".5"), 50)
        XCTAssertEqual(cents("1.230"), 123)
        XCTAssertNil(cents("1.234"))
        XCTAssertNil(cents("12a"))
        XCTAssertNil(cents(""))
        XCTAssertNil(cents("."))
        XCTAssertEqual(cents("1."), 100)
        XCTAssertEqual(cents("-.5"), -50)
        XCTAssertNil(cents("-"))
        XCTAssertNil(cents("--1"))
        XCTAssertNil(cents("1-"))
        XCTAssertNil(cents("+1"))
        XCTAssertNil(cents("1.2.3"))
        XCTAssertNil(cents("1 "))
        XCTAssertNil(cents("１"))
        XCTAssertEqual(cents("999999999999999.99"), 99_999_999_999_999_999)
        XCTAssertNil(cents("9999999999999999"))
    }

    func testNPICheckDigit() {
        XCTAssertTrue(GuideRules.isValidNPI("1234567893"))
        XCTAssertTrue(GuideRules.isValidNPI("1912301953"))
        XCTAssertFalse(GuideRules.isValidNPI("1234567890"))
        XCTAssertFalse(GuideRules.isValidNPI("123456789"))
        XCTAssertFalse(GuideRules.isValidNPI("12345678a3"))
        // Every NPI the demo and the tests use, and each with its check digit changed: exactly one check digit fits.
        for npi in ["1003000126", "1518060474", "1245319599", "1781616945", "2000000002"] {
            let stem = npi.dropLast()
            XCTAssertEqual((0...9).filter { GuideRules.isValidNPI(stem + String($0)) }.map { stem + String($0) }, [npi])
        }
        XCTAssertFalse(GuideRules.isValidNPI("3234567893"), "NPIs start with 1 or 2")
        XCTAssertFalse(GuideRules.isValidNPI("１234567893"), "a digit that is not ASCII")
        XCTAssertFalse(GuideRules.isValidNPI("12345678930"))
    }

    func testUnbalancedClaimAndRemittanceAreFound() throws {
        // The claim says 100.00, its lines add up to 110.00.
        let claim = try golden("837P_lfh_demo.example1.x12").replacingOccurrences(of: "SV1*HC:86663*10.00*", with: "SV1*HC:86663*20.00*")
        let (report, _) = try read(claim)
        let balance = report.findings.filter { $0.rule == "claim-charge-balance" }
        XCTAssertEqual(balance.count, 1)
        XCTAssertEqual(balance.first?.segmentID, "CLM")
        XCTAssertEqual(balance.first?.element, 2)
        XCTAssertTrue(balance.first?.message.contains("110.00") == true, balance.first?.message ?? "")
        XCTAssertFalse(report.isValid)

        // The 835 says the first line was paid 100.00 with its whole charge still adjusted: line, claim and payment
        // no longer balance.
        let era = try golden("835_pyx12_835_mult_loops.x12").replacingOccurrences(of: "SVC*HC:T1005*500.04*0**68", with: "SVC*HC:T1005*500.04*100**68")
        let rules = Set(try read(era).report.findings.compactMap(\.rule))
        XCTAssertEqual(rules, ["service-line-balance"])
        let paid = try golden("835_pyx12_835_mult_loops.x12").replacingOccurrences(of: "CLP*2005555A*4*915.39*0**", with: "CLP*2005555A*4*915.39*10**")
        XCTAssertEqual(Set(try read(paid).report.findings.compactMap(\.rule)), ["claim-payment-balance", "payment-balance"])
    }
}

/// The envelope segments' elements are checked too, and answered in the TA1 and AK9.
final class EnvelopeElementTests: XCTestCase {
    func testBadGroupTimeAndInterchangeDateAreFound() throws {
        let url = GuideTests.x12Directory.appendingPathComponent("golden/837P_lfh_demo.example1.x12")
        guard let data = try? Data(contentsOf: url) else { throw XCTSkip("no X12 samples") }
        let text = String(decoding: data, as: UTF8.self)
        let badTime = text.replacingOccurrences(of: "*20131031*1147*1*X*", with: "*20131031*1197*1*X*")
        let report = try HealthCareValidation.validate(Array(badTime.utf8))
        XCTAssertFalse(report.isValid)
        let finding = try XCTUnwrap(report.groups.first?.findings.first)
        XCTAssertEqual([finding.segmentID, String(finding.element ?? 0), finding.code], ["GS", "5", "9"])
        let ack = Acknowledgment.interchange(for: report, envelope: AcknowledgmentEnvelope(date: "20261130", time: "1200", interchangeControlNumber: 1, groupControlNumber: 1))
        XCTAssertTrue(ack.contains("AK9*E*1*1*1~"), ack)

        let badDate = text.replacingOccurrences(of: "*131031*1147*", with: "*131331*1147*")
        let isaReport = try HealthCareValidation.validate(Array(badDate.utf8))
        XCTAssertEqual(isaReport.interchangeFindings.first?.element, 9)
        let ta1 = Acknowledgment.interchange(for: isaReport, envelope: AcknowledgmentEnvelope(date: "20261130", time: "1200", interchangeControlNumber: 1, groupControlNumber: 1))
        XCTAssertTrue(ta1.contains("TA1*000000907*131331*1147*R*014~"), ta1)
    }
}
