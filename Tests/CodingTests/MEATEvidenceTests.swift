import Coding
import XCTest

/// MEAT support: the cue words near a condition's evidence, by kind; a condition only listed has none.
final class MEATEvidenceTests: XCTestCase {
    func span(_ note: String, _ words: String) throws -> (Int, Int) {
        let range = try XCTUnwrap(note.range(of: words))
        return (note.utf16.distance(from: note.utf16.startIndex, to: range.lowerBound), note.utf16.distance(from: note.utf16.startIndex, to: range.upperBound))
    }

    func testCuesInTheSentenceAndTheNextAreFoundByKind() throws {
        let note = "Type 2 diabetes, well controlled on review. A1c 7.1% today; continue metformin 500 mg twice daily. Knee pain after a fall."
        let (start, end) = try span(note, "Type 2 diabetes")
        let support = MEATEvidence.support(in: note, evidenceStart: start, evidenceEnd: end)
        XCTAssertEqual(support.kinds, [.evaluated, .assessed, .treated])
        XCTAssertTrue(support.findings.contains { $0.kind == .treated && $0.cue == "metformin" })
        XCTAssertTrue(support.findings.contains { $0.kind == .evaluated && $0.cue == "A1c" })
        XCTAssertTrue(support.findings.contains { $0.kind == .assessed && $0.cue == "controlled" })
        XCTAssertFalse(support.findings.contains { $0.cue.lowercased() == "fall" }, "the third sentence is not read")
        XCTAssertEqual(String(note.utf16.dropFirst(support.start).prefix(support.end - support.start))!.hasSuffix("daily."), true)
    }

    func testAConditionOnlyListedHasNoSupport() throws {
        let note = "Past medical history: congestive heart failure, gout.\n\nPresents with a sprained ankle; ice and rest."
        let (start, end) = try span(note, "congestive heart failure")
        let support = MEATEvidence.support(in: note, evidenceStart: start, evidenceEnd: end)
        XCTAssertFalse(support.isSupported, "\(support.findings)")
        // "3.5 mg" keeps its period inside the sentence; short cues are whole words only ("ct" is not "acute").
        let dosed = "Acute on chronic heart failure, furosemide increased to 40 mg. Echo reviewed: EF 3.5 percent lower."
        let (s2, e2) = try span(dosed, "Acute on chronic heart failure")
        let found = MEATEvidence.support(in: dosed, evidenceStart: s2, evidenceEnd: e2)
        XCTAssertEqual(found.kinds, [.evaluated, .treated])
        XCTAssertFalse(found.findings.contains { $0.cue == "Acute" })
        XCTAssertTrue(MEATEvidence.support(in: "", evidenceStart: 5, evidenceEnd: 2).findings.isEmpty, "bad offsets never crash")
    }
}
