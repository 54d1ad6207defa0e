import ClaimEdits
import CodeSets
import XCTest

/// Reading the codes out of ICD-10-CM note texts, on texts as the FY2026 tabular prints them.
final class NoteCodeReferencesTests: XCTestCase {
    func patterns(_ text: String) -> [String] { NoteCodeReferences.patterns(in: text).map(\.description) }

    func matches(_ text: String, _ code: String) -> Bool {
        NoteCodeReferences.patterns(in: text).contains { $0.matches(PackedDiagnosis(code)!) }
    }

    func testACodeAndTheCodesBelowIt() {
        XCTAssertEqual(patterns("mild cognitive impairment (G31.84)"), ["G31.84"])
        XCTAssertTrue(matches("pilon fracture of distal tibia (S82.87-)", "S82871A"))
        XCTAssertTrue(matches("disorders of mineral metabolism (E83.-)", "E8352"))
        XCTAssertTrue(matches("gestational diabetes (O24.4-)", "O24410"))
        XCTAssertFalse(matches("gestational diabetes (O24.4-)", "O2430"))
        XCTAssertTrue(matches("traumatic fat embolism (T79.1)", "T791XXA"), "a code completed by a 7th character is below it")
        XCTAssertFalse(matches("mild cognitive impairment (G31.84)", "G3183"))
    }

    func testListsAndRanges() {
        XCTAssertEqual(patterns("prediabetes (R73.01, R73.09)"), ["R73.01", "R73.09"])
        XCTAssertEqual(patterns("diabetes mellitus (E08-E13)"), ["E08-E13"])
        XCTAssertTrue(matches("diabetes mellitus (E08-E13)", "E119"))
        XCTAssertTrue(matches("diabetes mellitus (E08-E13)", "E13641"))
        XCTAssertFalse(matches("diabetes mellitus (E08-E13)", "E15"))
        XCTAssertFalse(matches("diabetes mellitus (E08-E13)", "E0700"))
        XCTAssertTrue(matches("pneumonia in coccidioidomycosis (B38.0-B38.2)", "B381"))
        XCTAssertFalse(matches("pneumonia in coccidioidomycosis (B38.0-B38.2)", "B3881"))
        // Ends of different lengths: O15.1 sorts after O15.00 and its first four characters are not after O15.9.
        XCTAssertTrue(matches("eclampsia (O15.00-O15.9)", "O151"))
        XCTAssertFalse(matches("eclampsia (O15.00-O15.9)", "O16"))
        XCTAssertEqual(patterns("injury (A00-R94 and T80-T88.6)"), ["A00-R94", "T80-T88.6"])
        // Spacing and dashes as printed.
        XCTAssertEqual(patterns("rheumatic (I01.0 -I01.9)"), ["I01.0-I01.9"])
        XCTAssertEqual(patterns("respiratory (P28.3- - P28.4-)"), ["P28.3-P28.4"])
        XCTAssertEqual(patterns("atherosclerosis (I70.2--I70.7-)"), ["I70.2-I70.7"])
    }

    func testQualifiedReferencesAreNarrowed() {
        XCTAssertTrue(matches("diabetes mellitus (E08-E13 with .42)", "E1142"))
        XCTAssertFalse(matches("diabetes mellitus (E08-E13 with .42)", "E1140"))
        XCTAssertTrue(matches("diabetic (E08-E13 with .62-)", "E10621"))
        XCTAssertTrue(matches("stuttering following cerebrovascular disease (I69. with final characters -23)", "I69323"))
        XCTAssertFalse(matches("stuttering following cerebrovascular disease (I69. with final characters -23)", "I69320"))
        XCTAssertTrue(matches("pedestrian (V01-V09 with 5th character 9)", "V0399XA"))
        XCTAssertFalse(matches("pedestrian (V01-V09 with 5th character 9)", "V0310XA"))
        XCTAssertTrue(matches("diphtheria (A37 with fifth-character 1)", "A3701"))
        XCTAssertTrue(matches("injury (S06.0X- with seventh character A)", "S060X0A"))
        XCTAssertFalse(matches("injury (S06.0X- with seventh character A)", "S060X0D"))
        XCTAssertTrue(matches("use (F11-F19 with fifth to sixth characters 51)", "F11151"))
        XCTAssertFalse(matches("use (F11-F19 with fifth to sixth characters 51)", "F11150"))
        // Words the parser does not know leave the reference out rather than read it too widely.
        XCTAssertEqual(patterns("open fracture (S52.- with open fracture 7th character)"), [])
        XCTAssertEqual(patterns("diabetes (E08-E13 with .51-.52)"), [])
        XCTAssertEqual(patterns("poisoning due to salicylates, if applicable (T39.0-, with sixth character 1-4)"), ["T39.0"])
    }

    func testWordsInParenthesesAndCodesOutsideThem() {
        XCTAssertEqual(patterns("fluency disorder (stuttering) following cerebrovascular disease (I69. with final characters -23)").count, 1)
        XCTAssertEqual(patterns("hemolytic anemia (G6PD)"), [])
        XCTAssertEqual(patterns("allergic reaction to food, such as:"), [])
        // The code in parentheses, not the one the sentence mentions.
        XCTAssertEqual(patterns("pneumoconiosis with tuberculosis, any type in A15 (J65)"), ["J65"])
        // Without parentheses, a code at the end.
        XCTAssertEqual(patterns("hyperammonemia-hyperornithinemia-homocitrullinemia syndrome E72.4"), ["E72.4"])
        XCTAssertEqual(patterns("congenital malformation syndromes classified to Q87.-"), ["Q87"])
        XCTAssertEqual(patterns("short stature in specific dysmorphic syndromes - code to syndrome - see Alphabetical Index"), [])
    }

    func testEveryExcludes1NoteOfTheTabularIsRead() throws {
        let tabular = try XCTUnwrap(try ScrubberTests.library.get().icd10cm.first)
        var notes = 0, read = 0
        for node in tabular.nodes {
            for note in node.notes where note.kind == .excludes1 {
                notes += 1
                if !NoteCodeReferences.patterns(in: note.text).isEmpty { read += 1 }
            }
        }
        // The rest name no code ("disorders of:", "certain localized infections - see body system-related chapters").
        XCTAssertEqual(notes, 5_407)
        XCTAssertGreaterThanOrEqual(read, 5_260)
    }
}
