import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// `ClaimJSON` writes exactly what `JSONEncoder` (sorted keys) writes for a claim, and reads what `JSONDecoder`
/// reads: the same claim, or an error where `JSONDecoder` has one.
final class ClaimJSONTests: XCTestCase {
    private func foundationJSON(_ claim: Claim) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(claim), as: UTF8.self)
    }

    private func foundationClaim(_ text: String) -> Claim? { try? JSONDecoder().decode(Claim.self, from: Data(text.utf8)) }

    private let actor = ClaimActor(userID: Fixture.id(50), displayName: "Biller One")

    /// A claim with every optional field set, strings needing escapes and non-ASCII text, a drug, an earlier payer's
    /// decision, a history, and every kind of posting, with and without references.
    private func everyField() throws -> Claim {
        var claim = try Fixture().claim()
        claim.billingProvider.name = "Smith & \"Sons\" / Clínica Ñ\tEast"
        claim.billingProvider.address.lines = ["100 Main Street", "Suite 1/2"]
        claim.referringProviderID = Fixture.id(60); claim.supervisingProviderID = Fixture.id(61); claim.facilityID = Fixture.id(62)
        claim.renderingProviderID = Fixture.id(63)
        claim.frequency = .replacement; claim.payerClaimControlNumber = "PCN-77/1"
        claim.typeOfBill = "137"; claim.procedureCodes = [.icd10pcs("0DTJ4ZZ"), .icd10pcs("0FT44ZZ")]
        claim.priorAuthorizationNumber = "AUTH1"; claim.referralNumber = "REF 2"
        claim.lastStatusInquiryOn = Fixture.date("2025-12-31")
        claim.lines[0].drug = DrugDetail(ndc: "0003-0293-05", unit: .milligram, quantity: ExactDecimal(40))
        claim.lines[0].revenueCode = "0450"
        claim.lines[1].procedure = nil
        claim.lines[1].modifiers = ["TC", "59"]
        claim.priorPayerAdjudications = [PriorPayerAdjudication(
            claimID: Fixture.id(70), patientControlNumber: "P1", payerID: Fixture.id(71), coverageID: Fixture.id(72), coverageOrder: .primary,
            payerClaimControlNumber: nil, adjudicatedOn: Fixture.date("2025-11-20"), paid: Money(cents: 9000),
            claimAdjustments: [.init(group: "PR", reason: "2", amount: Money(cents: 100))],
            lines: [.init(lineNumber: 1, lineItemControlNumber: claim.lines[0].lineItemControlNumber, paid: Money(cents: 9000),
                          procedureCode: "99213", units: "1", adjustments: [.init(group: "CO", reason: "45", amount: Money(cents: 3500), quantity: "1")])])]
        let start = Date(timeIntervalSince1970: 1_764_000_000.25)
        try claim.transition(to: .ready, actor: actor, at: start, reason: "passed the edits")
        try claim.transition(to: .batched, actor: actor, at: start + 60, reason: "batch 1", source: SourceDocumentReference(kind: "batch", reference: "B1"))
        let on = Fixture.date("2025-12-01")
        let adjustment = Fixture.id(81)
        for posting in [
            LedgerPosting(id: Fixture.id(80), lineNumber: 1, entry: .payment(amount: Money(cents: 5000), by: .insurance), postedOn: on, reference: "TRN 1"),
            LedgerPosting(id: adjustment, lineNumber: 1, entry: .adjustment(amount: Money(cents: 2000), group: .contractualObligation, reason: "45", against: .insurance), postedOn: on),
            LedgerPosting(id: Fixture.id(82), lineNumber: 1, entry: .patientResponsibility(amount: Money(cents: 1000), reason: "2"), postedOn: on),
            LedgerPosting(id: Fixture.id(83), lineNumber: 1, entry: .transfer(amount: Money(cents: 500), to: .patient), postedOn: on),
            LedgerPosting(id: Fixture.id(84), lineNumber: 1, entry: .payment(amount: Money(cents: 4500), by: .insurance), postedOn: on,
                          reference: "overpaid", allowsCreditBalance: true),
            LedgerPosting(id: Fixture.id(85), lineNumber: 1, entry: .refund(amount: Money(cents: 500), to: .insurance), postedOn: on),
            LedgerPosting(id: Fixture.id(86), lineNumber: 1, entry: .reversal(of: adjustment), postedOn: on),
            LedgerPosting(id: Fixture.id(87), lineNumber: 2, entry: .adjustment(amount: Money(cents: 1000), group: .otherAdjustment, reason: "A1", against: .insurance), postedOn: on),
        ] { try claim.post(posting) }
        return claim
    }

    func testWritesWhatJSONEncoderWrites() throws {
        for claim in [try Fixture().claim(), try everyField()] {
            XCTAssertEqual(try ClaimJSON.encode(claim), try foundationJSON(claim))
        }
    }

    /// The store's form is the claim's JSON without its history and with the postings in runs: each run's date,
    /// reference and credit rule written once.
    func testStoredFormWritesEachRunOfPostingsOnce() throws {
        let plain = try Fixture().claim()
        let stored = try ClaimJSON.encodeForStore(plain)
        XCTAssertEqual(stored, try foundationJSON(plain.withHistory([])).replacingOccurrences(of: "\"postings\":[]", with: "\"postingGroups\":[]"))

        let claim = try everyField()
        let text = try ClaimJSON.encodeForStore(claim)
        XCTAssertFalse(text.contains("\"history\":[{"))
        XCTAssertFalse(text.contains("\"postings\":[{"))
        // Runs: [80] with "TRN 1", [81, 82, 83] without a reference, [84] "overpaid" with credit, [85, 86, 87] again without.
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let groups = (document["ledger"] as? [String: Any])?["postingGroups"] as? [[String: Any]]
        XCTAssertEqual(groups?.map { ($0["postings"] as? [Any])?.count }, [1, 3, 1, 3])
        XCTAssertEqual(groups?.map { $0["reference"] as? String }, ["TRN 1", nil, "overpaid", nil])
        XCTAssertEqual(groups?.map { $0["allowsCreditBalance"] as? Bool }, [false, false, true, false])
        XCTAssertTrue(text.contains("[\"\(Fixture.id(81).uuidString)\",1,\"adjustment\",2000,\"CO\",\"45\",\"insurance\"]"), text)
        XCTAssertLessThan(text.utf8.count, try foundationJSON(claim.withHistory([])).utf8.count)
    }

    func testReadsBackEveryField() throws {
        for claim in [try Fixture().claim(), try everyField()] {
            XCTAssertEqual(try ClaimJSON.decode(try ClaimJSON.encode(claim)), claim)
            XCTAssertEqual(try ClaimJSON.decode(try foundationJSON(claim)), claim)
            let stored = try ClaimJSON.encodeForStore(claim)
            XCTAssertEqual(try ClaimJSON.decode(stored), claim.withHistory([]))
            XCTAssertEqual(foundationClaim(stored), claim.withHistory([]))
        }
        let full = try everyField()
        XCTAssertEqual(full.ledger.postings.count, 8)
        XCTAssertEqual(full.history.count, 2)
    }

    /// Documents written otherwise than today's writer: before earlier payers' decisions were kept, with keys in
    /// another order and spaces, lower-case ids, explicit nulls.
    func testReadsOlderAndOtherwiseWrittenDocuments() throws {
        var claim = try everyField()
        claim.priorPayerAdjudications = []
        claim.tenantID = UUID()
        let text = try foundationJSON(claim)
        let older = text
            .replacingOccurrences(of: "\"priorPayerAdjudications\":[],", with: "")
            .replacingOccurrences(of: "\"facilityID\":\"\(claim.facilityID!.uuidString)\"", with: "\"facilityID\" : null")
            .replacingOccurrences(of: claim.tenantID.uuidString, with: claim.tenantID.uuidString.lowercased())
            .replacingOccurrences(of: ",\"", with: ",\n  \"")
        XCTAssertFalse(older.contains("priorPayerAdjudications"))
        XCTAssertTrue(older.contains(claim.tenantID.uuidString.lowercased()))
        var expected = claim
        expected.facilityID = nil
        XCTAssertEqual(foundationClaim(older), expected)
        XCTAssertEqual(try ClaimJSON.decode(older), expected)
    }

    /// The stored form's damage the fast reader cannot take whole goes to `JSONDecoder`, which reads the same form.
    func testStoredPostingsReadAlikeByBothReaders() throws {
        let claim = try everyField().withHistory([])
        let text = try ClaimJSON.encodeForStore(claim)
        let id = Fixture.id(80).uuidString
        let variants = [
            // Read by JSONDecoder only (escapes, another key order, an unknown key): the same claim.
            text.replacingOccurrences(of: "\"TRN 1\"", with: "\"TRN\\u0020\u{31}\""),
            text.replacingOccurrences(of: "[\"\(id)\",1,\"payment\"", with: "[\"\(id)\",1,\"pay\\u006dent\""),
            text.replacingOccurrences(of: "{\"allowsCreditBalance\":false,\"postedOn\":\"2025-12-01\",",
                                      with: "{\"postedOn\":\"2025-12-01\",\"note\":1,\"allowsCreditBalance\":false,"),
            // Refused by both.
            text.replacingOccurrences(of: "\"\(id)\",1,\"payment\",5000,\"insurance\"", with: "\"\(id)\",1,\"payment\",5000,\"insurance\",7"),
            text.replacingOccurrences(of: "\"\(id)\",1,\"payment\",5000,\"insurance\"", with: "\"\(id)\",1,\"payment\",5000"),
            text.replacingOccurrences(of: "\"\(id)\",1,\"payment\"", with: "\"\(id)\",1,\"gift\""),
            text.replacingOccurrences(of: "\"postingGroups\":[", with: "\"postings\":[],\"postingGroups\":["),
            text.replacingOccurrences(of: ",\"postedOn\":\"2025-12-01\"", with: ""),
        ]
        XCTAssertEqual(Set(variants).count, variants.count)
        for (i, document) in variants.enumerated() {
            XCTAssertNotEqual(document, text, "case \(i)")
            let expected = foundationClaim(document)
            XCTAssertEqual(expected != nil, i < 3, "case \(i)")
            if i < 3 { XCTAssertEqual(expected, claim, "case \(i)") }
            XCTAssertEqual(try? ClaimJSON.decode(document), expected, "case \(i)")
        }
    }

    func testRefusesWhatJSONDecoderRefuses() throws {
        let text = try foundationJSON(try Fixture().claim())
        let bad = [
            "", " ", "null", "[]", "{}", "{\"id\":", text + "x", text + "}", String(text.dropLast()),
            text.replacingOccurrences(of: "\"status\":\"draft\"", with: "\"status\":\"lost\""),
            text.replacingOccurrences(of: "\"serviceDate\":\"2025-11-03\"", with: "\"serviceDate\":\"2025-02-30\""),
            text.replacingOccurrences(of: "\"charges\":12500", with: "\"charges\":100000000000000000"),
            text.replacingOccurrences(of: "\"charges\":12500", with: "\"charges\":\"12500\""),
            text.replacingOccurrences(of: "00000000-0000-4000-8000-000000000100", with: "00000000-0000-4000-8000-00000000010G"),
            text.replacingOccurrences(of: "\"lineNumber\":1", with: "\"lineNumber\":null"),
        ]
        for (i, document) in bad.enumerated() {
            XCTAssertNil(foundationClaim(document), "case \(i)")
            XCTAssertThrowsError(try ClaimJSON.decode(document), "case \(i)")
        }
    }

    /// Every prefix of a document, and every byte of it replaced by a few others: the hand-written reader never
    /// crashes and gives `JSONDecoder`'s answer (the same claim, or an error).
    func testAgreesWithJSONDecoderOnDamagedDocuments() throws {
        try agreesWithJSONDecoderOnDamaged(try foundationJSON(try Fixture().claim()))
    }

    func testAgreesWithJSONDecoderOnDamagedStoredPostings() throws {
        var claim = try Fixture().claim()
        let on = Fixture.date("2025-12-01")
        try claim.post(LedgerPosting(id: Fixture.id(80), lineNumber: 1, entry: .payment(amount: Money(cents: 5000), by: .insurance), postedOn: on, reference: "R"))
        try claim.post(LedgerPosting(id: Fixture.id(81), lineNumber: 1, entry: .adjustment(amount: Money(cents: 20), group: .contractualObligation, reason: "45", against: .insurance), postedOn: on, reference: "R"))
        let text = try ClaimJSON.encodeForStore(claim)
        // Only the ledger is damaged here; the rest of the document is the test above's.
        let offset = { (index: String.Index) in text.utf8.distance(from: text.utf8.startIndex, to: index) }
        let ledger = try XCTUnwrap(text.range(of: "\"ledger\":")), lines = try XCTUnwrap(text.range(of: "]},\"lines\":"))
        try agreesWithJSONDecoderOnDamaged(text, in: offset(ledger.lowerBound)..<offset(lines.upperBound))
    }

    /// Every prefix of `text` ending in `region` (all of it when nil), and every byte there replaced by a few others.
    private func agreesWithJSONDecoderOnDamaged(_ text: String, in region: Range<Int>? = nil) throws {
        let bytes = Array(text.utf8)
        let region = region ?? bytes.indices
        XCTAssertTrue(bytes.allSatisfy { $0 < 0x80 })
        var documents: [String] = region.map { String(decoding: bytes[..<$0], as: UTF8.self) }
        for i in region {
            for replacement in ["\"", "}", "0", "x", " ", "\\", ","].map({ UInt8(ascii: $0) }) where bytes[i] != replacement {
                var damaged = bytes
                damaged[i] = replacement
                documents.append(String(decoding: damaged, as: UTF8.self))
            }
        }
        var accepted = 0
        for document in documents {
            let expected = foundationClaim(document)
            let read = try? ClaimJSON.decode(document)
            XCTAssertEqual(read, expected, document)
            if read != nil { accepted += 1 }
        }
        // Some damage still leaves a claim (a digit of an amount, a space): those must read alike too.
        XCTAssertGreaterThan(accepted, 0)
    }
}
