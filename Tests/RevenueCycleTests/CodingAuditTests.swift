import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// Audits: a reproducible, filtered sample; the blind re-coding compared code by code; accuracy per coder.
final class CodingAuditTests: XCTestCase {
    let ann = ClaimActor(userID: Fixture.id(50), displayName: "Ann Coder")
    let bob = ClaimActor(userID: Fixture.id(51), displayName: "Bob Coder")
    let auditor = ClaimActor(userID: Fixture.id(53), displayName: "Ada Auditor")
    let start = Date(timeIntervalSince1970: 1_764_000_000)

    func chart(_ n: Int, by coder: ClaimActor, hoursIn: Double = 1) -> CodingWorkItem {
        let done = start.addingTimeInterval(hoursIn * 3600)
        return CodingWorkItem(id: Fixture.id(200 + n), tenantID: Fixture.id(1), patientID: Fixture.id(3), workType: .outpatient, priority: .routine, specialty: "",
                              payerID: nil, serviceFrom: Fixture.date("2025-11-03"), serviceThrough: Fixture.date("2025-11-03"), enteredAt: start, status: .done,
                              completedAt: done, events: [CodingWorkEvent(kind: .claimed, actor: coder, at: start), CodingWorkEvent(kind: .completed, actor: coder, at: done)])
    }

    func testTheComparisonNamesEachDisagreement() {
        XCTAssertEqual(CodingAudits.compare(coder: ["I10", "E119"], auditor: ["I10", "E119"]), [])
        let d = CodingAudits.compare(coder: ["E119", "I10", "R509"], auditor: ["I10", "E1165", "N179"])
        XCTAssertEqual(d.map(\.kind), [.revised, .extra, .missed])
        XCTAssertEqual(d.first { $0.kind == .revised }?.coderCode, "E119")
        XCTAssertEqual(d.first { $0.kind == .revised }?.auditorCode, "E1165")
        XCTAssertEqual(CodingAudits.compare(coder: ["E119", "I10"], auditor: ["I10", "E119"]).map(\.kind), [.sequencing])
        XCTAssertTrue(CodeDisagreement(kind: .missed, coderCode: nil, auditorCode: "N179").explanation.contains("N17.9"))
    }

    func testProceduresAreComparedByCodeModifiersAndUnits() throws {
        XCTAssertEqual(CodingAudits.compareProcedures(coder: ["0DTJ4ZZ", "99214-25"], auditor: ["0DTJ4ZZ", "99214-25"]), [])
        let d = CodingAudits.compareProcedures(coder: ["0DTJ4ZZ", "99214", "36415 x2", "93000"], auditor: ["0DTJ0ZZ", "99214-25", "36415", "71046"])
        XCTAssertEqual(d.map(\.kind), [.revised, .revised, .revised, .extra, .missed])
        XCTAssertTrue(d.allSatisfy { $0.codes == .procedure })
        XCTAssertEqual(d[0].auditorCode, "0DTJ0ZZ", "the same operation on the same body part by another approach")
        XCTAssertEqual(d[3].coderCode, "93000")
        XCTAssertEqual(CodingAudits.compareProcedures(coder: ["0DTJ4ZZ", "0FT44ZZ"], auditor: ["0FT44ZZ", "0DTJ4ZZ"]).map(\.kind), [.sequencing],
                       "the principal procedure")
        XCTAssertEqual(CodingAudits.compareProcedures(coder: ["99214", "93000"], auditor: ["93000", "99214"]), [], "services have no sequence")
        XCTAssertTrue(CodeDisagreement(kind: .missed, codes: .procedure, coderCode: nil, auditorCode: "71046").explanation.contains("procedure 71046"))

        XCTAssertEqual(try AuditedProcedure.read("99214 25").get().text, "99214-25")
        XCTAssertEqual(try AuditedProcedure.read(" 36415-90 x3").get().text, "36415-90 x3")
        XCTAssertEqual(try AuditedProcedure.read("0dtj4zz").get().text, "0DTJ4ZZ")
        XCTAssertEqual(try AuditedProcedure.read("G0439").get().system, .hcpcs)
        for bad in ["", "9921", "99214 250", "99214 x0", "0DTJ4ZZ 25", "99214 25 59 XU XS 76"] {
            XCTAssertThrowsError(try AuditedProcedure.read(bad).get(), bad)
        }
    }

    func testAReviewStoredBeforeProceduresWereAuditedComparesDiagnosesOnly() throws {
        let stored = #"{"id":"\#(Fixture.id(1))","tenantID":"\#(Fixture.id(2))","auditID":"\#(Fixture.id(3))","encounterID":"\#(Fixture.id(4))","#
            + #""coder":{"userID":"\#(ann.userID)","displayName":"Ann Coder"},"coderCodes":["I10"],"status":"pending"}"#
        let review = try JSONDecoder().decode(AuditReview.self, from: Data(stored.utf8))
        XCTAssertNil(review.coderProcedures)
        XCTAssertThrowsError(try CodingAudits.complete(review, auditorCodes: [DiagnosisCode("I10")], procedures: [], note: nil, by: auditor, at: start))
        let done = try CodingAudits.complete(review, auditorCodes: [DiagnosisCode("I10")], note: nil, by: auditor, at: start)
        XCTAssertEqual(done.encounterAccurate, true)
        let old = try JSONDecoder().decode(CodeDisagreement.self, from: Data(#"{"kind":"missed","auditorCode":"E785"}"#.utf8))
        XCTAssertEqual(old, CodeDisagreement(kind: .missed, codes: .diagnosis, coderCode: nil, auditorCode: "E785"))
    }

    func testASampleIsFilteredReproducibleAndReRecodedBlind() throws {
        let charts = (0..<20).map { chart($0, by: $0 % 2 == 0 ? ann : bob) } + [chart(99, by: ann, hoursIn: 100)]
        var codes: [UUID: AuditedCodes] = [:]
        for (i, c) in charts.enumerated() { codes[c.id] = AuditedCodes(diagnoses: [i % 4 == 0 ? "I5022" : "I10"], procedures: i == 1 ? ["93000"] : []) }
        let period = AuditSampling(completedFrom: start, completedTo: start.addingTimeInterval(24 * 3600), size: 5, seed: 7)
        let drawn = period.draw(from: charts, codes: codes)
        XCTAssertEqual(drawn.count, 5)
        XCTAssertEqual(drawn, period.draw(from: charts, codes: codes), "the same seed draws the same sample")
        XCTAssertNotEqual(drawn.map(\.id), AuditSampling(completedFrom: start, completedTo: start.addingTimeInterval(24 * 3600), size: 5, seed: 8).draw(from: charts, codes: codes).map(\.id))
        XCTAssertFalse(drawn.contains { $0.id == Fixture.id(299) }, "completed after the period")

        var targeted = period
        targeted.coderID = bob.userID
        XCTAssertTrue(targeted.draw(from: charts, codes: codes).allSatisfy { CodingAudits.coder(of: $0) == bob })
        let risky = AuditSampling(completedFrom: start, completedTo: start.addingTimeInterval(24 * 3600), size: 50, codePrefixes: ["i50"], seed: 1)
        XCTAssertEqual(Set(risky.draw(from: charts, codes: codes).map(\.id)), Set(charts.enumerated().filter { $0.offset % 4 == 0 && $0.offset < 20 }.map(\.element.id)))
        let ekg = AuditSampling(completedFrom: start, completedTo: start.addingTimeInterval(24 * 3600), size: 50, codePrefixes: ["930"], seed: 1)
        XCTAssertEqual(ekg.draw(from: charts, codes: codes).map(\.id), [charts[1].id], "a prefix targets procedures too")
        XCTAssertFalse(AuditSampling(completedFrom: start, completedTo: start, size: 0, codePrefixes: ["I5.0!"], seed: 1).validate().isEmpty)

        let (audit, reviews) = try CodingAudits.create(name: "November random", sampling: period, charts: charts, codes: codes, id: Fixture.id(300), by: auditor, at: start)
        XCTAssertEqual(audit.reviewIDs, reviews.map(\.id))
        XCTAssertTrue(reviews.allSatisfy { $0.status == .pending && !$0.coderCodes.isEmpty })
        XCTAssertThrowsError(try CodingAudits.create(name: " ", sampling: period, charts: charts, codes: codes, id: Fixture.id(301), by: auditor, at: start))
        var empty = period
        empty.completedFrom = start.addingTimeInterval(-48 * 3600)
        empty.completedTo = start.addingTimeInterval(-24 * 3600)
        XCTAssertThrowsError(try CodingAudits.create(name: "none", sampling: empty, charts: charts, codes: codes, id: Fixture.id(302), by: auditor, at: start))

        let review = reviews[0]
        XCTAssertThrowsError(try CodingAudits.complete(review, auditorCodes: [DiagnosisCode("I10")], note: nil, by: review.coder, at: start), "not one's own chart")
        XCTAssertThrowsError(try CodingAudits.complete(review, auditorCodes: [], note: nil, by: auditor, at: start))
        let agreed = try CodingAudits.complete(review, auditorCodes: review.coderCodes.map(DiagnosisCode.init), note: nil, by: auditor, at: start)
        XCTAssertEqual(agreed.encounterAccurate, true)
        XCTAssertThrowsError(try CodingAudits.complete(agreed, auditorCodes: [DiagnosisCode("I10")], note: nil, by: auditor, at: start), "completed already")
        let other = try XCTUnwrap(reviews.dropFirst().first { $0.coderCodes == ["I10"] && $0.coderProcedures == [] })
        let differs = try CodingAudits.complete(other, auditorCodes: [DiagnosisCode("I10"), DiagnosisCode("E785")], procedures: [AuditedProcedure(code: "99213")],
                                                note: "hyperlipidemia documented", by: auditor, at: start)
        XCTAssertEqual(differs.encounterAccurate, false)
        XCTAssertEqual(differs.disagreements, [CodeDisagreement(kind: .missed, coderCode: nil, auditorCode: "E785"),
                                               CodeDisagreement(kind: .missed, codes: .procedure, coderCode: nil, auditorCode: "99213")])
        XCTAssertEqual(differs.agreedCodes, 1)
        XCTAssertEqual(differs.comparedCodes, 3)
        XCTAssertThrowsError(try CodingAudits.complete(other, auditorCodes: [DiagnosisCode("I10")], procedures: [AuditedProcedure(code: "99213"), AuditedProcedure(code: "99213")],
                                                       note: nil, by: auditor, at: start), "a procedure twice")

        let pending = reviews.filter { $0.id != review.id && $0.id != other.id }
        let accuracy = CoderAccuracy.summarize([agreed, differs] + pending)
        XCTAssertEqual(accuracy.map(\.reviews).reduce(0, +), 2, "pending reviews do not count")
        XCTAssertEqual(accuracy.map(\.accurateEncounters).reduce(0, +), 1)
        XCTAssertEqual(accuracy.map(\.missed).reduce(0, +), 2)
        XCTAssertEqual(CoderAccuracy(coder: ann, reviews: 2, accurateEncounters: 1, agreedCodes: 3, comparedCodes: 4, missed: 1, extra: 0, revised: 0, sequencing: 0)
                        .codeAccuracyPerMille, 750)
    }
}
