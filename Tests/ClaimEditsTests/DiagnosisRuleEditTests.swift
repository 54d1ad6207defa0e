import ClaimEdits
import CodeSets
import Foundation
import OracleSupport
import XCTest

/// ICD-10-CM's coding rules and the Medicare Code Editor on claims built in the tests, against the FY2026 (April 2026)
/// tabular and MCE v43.1 in ../shared/codesets.
final class DiagnosisRuleEditTests: XCTestCase {
    static let mce: Result<MCETables, any Error> = Result {
        guard let tables = try MCETables.load(codeSets: SharedFiles.codesets) else { throw XCTSkip("no MCE under \(SharedFiles.codesets.path)") }
        return tables
    }

    static let tabular = "ICD-10-CM FY2026 (April 1, 2026 update) Tabular List"
    static let mceSource = "Medicare Code Editor v43.1 (April 2026)"

    func scrub(_ claim: ScrubClaim, mce: Bool = true) throws -> [ClaimEdit] {
        var scrubber = Scrubber(library: try ScrubberTests.library.get())
        if mce { scrubber.mce = try Self.mce.get() }
        return scrubber.scrub(claim)
    }

    /// A professional claim on 2026-03-02: one line pointing to every diagnosis, a patient born on `born`.
    static func claim(_ diagnoses: [String], kind: ScrubClaim.Kind = .professional, born: String? = "1970-01-01", typeOfBill: String? = nil) -> ScrubClaim {
        ScrubClaim(id: "D1", kind: kind, diagnoses: diagnoses,
                   lines: [ScrubClaim.Line(number: 1, procedure: "99213", serviceDate: ScrubberTests.date("2026-03-02"),
                                           diagnosisPointers: kind == .professional ? Array(1...min(diagnoses.count, 4)) : [],
                                           revenueCode: kind == .institutional ? "0510" : nil)],
                   patientBirthDate: born.map(ScrubberTests.date), patientSex: "F", typeOfBill: typeOfBill ?? (kind == .institutional ? "111" : nil))
    }

    func edits(_ id: String, _ claim: ScrubClaim, mce: Bool = true) throws -> [ClaimEdit] { try scrub(claim, mce: mce).filter { $0.id == id } }

    // MARK: 7th character and placeholder X

    func testACodeWithoutIts7thCharacterNamesTheFullCodes() throws {
        let edits = try scrub(Self.claim(["S72001"]))
        XCTAssertEqual(edits.map(\.id), ["dx-seventh-character"], "instead of dx-not-billable: \(edits)")
        let edit = edits[0]
        XCTAssertEqual(edit.severity, .error)
        XCTAssertEqual(edit.lines, [1])
        XCTAssertEqual(edit.codes, ["S72.001"])
        XCTAssertTrue(edit.message.contains("S72.001 Fracture of unspecified part of neck of right femur, needs a 7th character: A initial encounter for closed fracture, B initial encounter for open fracture"), edit.message)
        XCTAssertTrue(edit.resolution.contains("S72.001A initial encounter for closed fracture; S72.001B"), edit.resolution)
        XCTAssertTrue(edit.resolution.contains("S72.001S sequela"), edit.resolution)
        XCTAssertEqual(edit.source, "\(Self.tabular), 7th characters of S72; Official Guidelines I.A.5")

        let short = try XCTUnwrap(try scrub(Self.claim(["S0000"])).first)
        XCTAssertEqual(short.id, "dx-seventh-character")
        XCTAssertTrue(short.message.contains("needs a 7th character after placeholder X"), short.message)
        XCTAssertTrue(short.resolution.contains("S00.00XA initial encounter; S00.00XD subsequent encounter; S00.00XS sequela"), short.resolution)
    }

    func testPlaceholderXWithoutThe7thCharacter() throws {
        let edits = try scrub(Self.claim(["T1510X"]))
        XCTAssertEqual(edits.map(\.id), ["dx-seventh-character"], "instead of dx-unknown: \(edits)")
        XCTAssertEqual(edits[0].codes, ["T15.10X"])
        XCTAssertTrue(edits[0].message.contains("T15.10X, has placeholder X but no 7th character: A initial encounter, D subsequent encounter, S sequela"), edits[0].message)
        XCTAssertTrue(edits[0].resolution.contains("T15.10XA initial encounter"), edits[0].resolution)
        XCTAssertEqual(try scrub(Self.claim(["E119X"])).map(\.id), ["dx-unknown"], "no 7th character to add")
    }

    func testA7thCharacterTheCodeDoesNotHave() throws {
        let edits = try scrub(Self.claim(["S72001Z"]))
        XCTAssertEqual(edits.map(\.id), ["dx-seventh-character"], "instead of dx-unknown: \(edits)")
        XCTAssertEqual(edits[0].codes, ["S72.001Z"])
        XCTAssertTrue(edits[0].message.contains("Z is not a 7th character of S72.001"), edits[0].message)
        XCTAssertTrue(edits[0].resolution.contains("S72.001A initial encounter for closed fracture"), edits[0].resolution)
    }

    func testAMissingPlaceholderXNamesTheCode() throws {
        let edits = try scrub(Self.claim(["T1510A", "S0000D"]))
        XCTAssertEqual(edits.map(\.id), ["dx-placeholder", "dx-placeholder"], "instead of dx-unknown: \(edits)")
        XCTAssertEqual(edits.map(\.codes), [["T15.10A"], ["S00.00D"]])
        XCTAssertTrue(edits[0].message.contains("T15.10A, is missing placeholder X: T15.10XA"), edits[0].message)
        XCTAssertEqual(edits[0].source, "\(Self.tabular), 7th characters of T15; Official Guidelines I.A.4")
        XCTAssertTrue(edits[1].resolution.contains("Report S00.00XD (Unspecified superficial injury of scalp, subsequent encounter)"), edits[1].resolution)
    }

    func testCompleteCodesAndOtherErrorsAreLeftAlone() throws {
        XCTAssertEqual(try scrub(Self.claim(["S72001A", "T1510XA", "T360X1A"])), [])
        // T15.1 has codes below it (T15.10-T15.12): not a placeholder slip but an unknown code, and a header.
        XCTAssertEqual(try scrub(Self.claim(["T151A"])).map(\.id), ["dx-unknown"])
        XCTAssertEqual(try scrub(Self.claim(["T151"])).map(\.id), ["dx-not-billable"])
    }

    // MARK: Excludes1

    func testAnExcludes1PairIsAWarningWithTheGuidelineException() throws {
        var claim = Self.claim(["E119", "I10", "E109"])
        claim.lines = [ScrubClaim.Line(number: 1, procedure: "99213", serviceDate: ScrubberTests.date("2026-03-02"), diagnosisPointers: [1, 2]),
                       ScrubClaim.Line(number: 2, procedure: "82947", serviceDate: ScrubberTests.date("2026-03-02"), diagnosisPointers: [3])]
        let edits = try edits("dx-excludes1", claim)
        XCTAssertEqual(edits.count, 1, edits.description)
        let edit = edits[0]
        XCTAssertEqual(edit.severity, .warning)
        XCTAssertEqual(edit.codes, ["E11.9", "E10.9"])
        XCTAssertEqual(edit.lines, [1, 2])
        XCTAssertTrue(edit.message.contains("under E11 (which covers E11.9) the tabular says Excludes1: type 1 diabetes mellitus (E10.-)"), edit.message)
        XCTAssertEqual(edit.source, "\(Self.tabular), Excludes1 at E11; Official Guidelines I.A.12.a")
        XCTAssertTrue(edit.resolution.contains("Exception (Official Guidelines I.A.12.a): when the two conditions are unrelated to each other, both may be reported"), edit.resolution)
    }

    func testExcludes1NotesAreInheritedAndReadAsRangesAndQualifiedRanges() throws {
        // R73.03 (prediabetes) inherits R73.0's "diabetes mellitus (E08-E13)".
        let inherited = try edits("dx-excludes1", Self.claim(["R7303", "E119"]))
        XCTAssertEqual(inherited.map(\.source), ["\(Self.tabular), Excludes1 at R73.0; Official Guidelines I.A.12.a"])
        XCTAssertEqual(inherited.first?.codes, ["R73.03", "E11.9"])
        // G63 excludes "diabetes mellitus (E08-E13 with .42)": E11.42, not E11.40.
        let qualified = try edits("dx-excludes1", Self.claim(["E1142", "G63"]))
        XCTAssertEqual(qualified.map(\.codes), [["E11.42", "G63"]])
        XCTAssertTrue(qualified.first?.message.contains("under G63 the tabular says Excludes1: diabetes mellitus (E08-E13 with .42)") ?? false, qualified.description)
        XCTAssertEqual(try edits("dx-excludes1", Self.claim(["E1140", "G63"])), [])
        // R47.82 excludes "(I69. with final characters -23)": I69.323 (fluency disorder after cerebral infarction), not I69.320.
        XCTAssertEqual(try edits("dx-excludes1", Self.claim(["I69323", "R4782"])).map(\.codes), [["I69.323", "R47.82"]])
        XCTAssertEqual(try edits("dx-excludes1", Self.claim(["I69320", "R4782"])), [])
    }

    func testCodesWithoutAnExcludes1RelationStayClean() throws {
        XCTAssertEqual(try scrub(Self.claim(["E1165", "I10", "E785"])), [])
        XCTAssertEqual(try scrub(Self.claim(["E119", "E119"])).filter { $0.id == "dx-excludes1" }, [], "a code twice is not a pair")
    }

    // MARK: Manifestation codes and "Code first"

    func testAManifestationCodeFirstListedIsAnError() throws {
        let edits = try edits("dx-manifestation-first", Self.claim(["G63", "E1140"]))
        XCTAssertEqual(edits.count, 1)
        let edit = edits[0]
        XCTAssertEqual(edit.severity, .error)
        XCTAssertEqual(edit.codes, ["G63"])
        XCTAssertEqual(edit.lines, [1])
        XCTAssertEqual(edit.source, "\(Self.mceSource), manifestation code as principal diagnosis; \(Self.tabular), G63 \"Polyneuropathy in diseases classified elsewhere\"; Official Guidelines I.A.13")
        XCTAssertTrue(edit.resolution.contains("List the underlying disease first and G63 after it. \"Code first\" under G63: underlying disease, such as: amyloidosis (E85.-); endocrine disease"), edit.resolution)
        XCTAssertEqual(try self.edits("dx-manifestation-first", Self.claim(["E1140", "G63"])), [], "after its underlying disease")
    }

    func testTheTabularAloneKnowsManifestationsByTitleAndTheMCEByItsList() throws {
        // F02.80 inherits its "Code first" note from F02.
        let dementia = try edits("dx-manifestation-first", Self.claim(["F0280"]), mce: false)
        XCTAssertEqual(dementia.map(\.source), ["\(Self.tabular), F02.80 \"Dementia in other diseases classified elsewhere, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety\"; Official Guidelines I.A.13"])
        XCTAssertTrue(dementia.first?.resolution.contains("\"Code first\" under F02: the underlying physiological condition, such as: Alzheimer's (G30.-)") ?? false, dementia.description)
        // D63.1 (anemia in chronic kidney disease) is on the MCE's list; its title does not say so, its note asks for the CKD first.
        let anemia = try edits("dx-manifestation-first", Self.claim(["D631", "N184"]))
        XCTAssertEqual(anemia.map(\.source), ["\(Self.mceSource), manifestation code as principal diagnosis; Official Guidelines I.A.13"])
        let withoutMCE = try scrub(Self.claim(["D631", "N184"]), mce: false)
        XCTAssertEqual(withoutMCE.map(\.id), ["dx-code-first"])
        XCTAssertEqual(withoutMCE.first?.severity, .warning)
    }

    func testACodeFirstNoteForAnUnderlyingConditionIsAWarning() throws {
        let edits = try edits("dx-code-first", Self.claim(["J9312"]))
        XCTAssertEqual(edits.map(\.severity), [.warning])
        XCTAssertEqual(edits.first?.source, "\(Self.tabular), Code first at J93.12; Official Guidelines I.A.13")
        XCTAssertTrue(edits.first?.resolution.contains("underlying condition, such as: catamenial pneumothorax") ?? false, edits.description)
        // Sepsis and HIV carry "Code first" notes for other circumstances (obstetric, postprocedural): they may come first.
        XCTAssertEqual(try scrub(Self.claim(["A419"])), [])
        XCTAssertEqual(try scrub(Self.claim(["B20"])), [])
    }

    // MARK: Medicare Code Editor

    func testAgeConflictsAgainstEachMCEList() throws {
        let newborn = try edits("dx-age-conflict", Self.claim(["Z00110"]))
        XCTAssertEqual(newborn.count, 1)
        XCTAssertEqual(newborn[0].severity, .error)
        XCTAssertEqual(newborn[0].codes, ["Z00.110"])
        XCTAssertEqual(newborn[0].lines, [1])
        XCTAssertEqual(newborn[0].source, "\(Self.mceSource), age conflict: perinatal/newborn 0")
        XCTAssertTrue(newborn[0].message.contains("the patient is 56 on 2026-03-02"), newborn[0].message)
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["Z00110"], born: "2026-02-27")), [])

        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["I10", "Z762"])).map(\.source), ["\(Self.mceSource), age conflict: pediatric 0-17"])
        // 18 on the day of service, 17 the day before the birthday.
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["Z762"], born: "2008-03-02")).count, 1)
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["Z762"], born: "2008-03-03")), [])
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["O0000"], born: "1955-06-01")).map(\.source), ["\(Self.mceSource), age conflict: maternity 9-64"])
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["Z0000"], born: "2016-01-01")).map(\.source), ["\(Self.mceSource), age conflict: adult 15-124"])
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["Z00110"], born: nil)), [], "no birth date, no age edit")
        XCTAssertEqual(try edits("dx-age-conflict", Self.claim(["Z00110"]), mce: false), [])
    }

    func testUnacceptablePrincipalDiagnosis() throws {
        let institutional = try edits("dx-unacceptable-principal", Self.claim(["Z23", "I10"], kind: .institutional))
        XCTAssertEqual(institutional.map(\.severity), [.error])
        XCTAssertEqual(institutional.first?.codes, ["Z23"])
        XCTAssertEqual(institutional.first?.source, "\(Self.mceSource), unacceptable principal diagnosis")
        XCTAssertEqual(institutional.first?.lines, [])
        // An inpatient edit: outpatient guidelines make Z23 first-listed for an immunization visit.
        XCTAssertEqual(try edits("dx-unacceptable-principal", Self.claim(["Z23", "I10"])), [], "a professional claim")
        XCTAssertEqual(try edits("dx-unacceptable-principal", Self.claim(["Z23", "I10"], kind: .institutional, typeOfBill: "131")), [], "hospital outpatient")
        XCTAssertEqual(try edits("dx-unacceptable-principal", Self.claim(["I10", "Z23"], kind: .institutional)), [], "as a secondary diagnosis")
        // Z51.89 is acceptable when a secondary diagnosis is coded.
        XCTAssertTrue(try edits("dx-unacceptable-principal", Self.claim(["Z5189"], kind: .institutional)).first?.message.contains("acceptable with a secondary diagnosis") ?? false)
        XCTAssertEqual(try edits("dx-unacceptable-principal", Self.claim(["Z5189", "I10"], kind: .institutional)), [])
    }

    func testAnExternalCauseIsNeverFirstListed() throws {
        let edits = try edits("dx-external-cause-principal", Self.claim(["W1830XA", "S0000XA"]))
        XCTAssertEqual(edits.map(\.severity), [.error])
        XCTAssertEqual(edits.first?.codes, ["W18.30XA"])
        XCTAssertEqual(edits.first?.source, "\(Self.mceSource), external causes of morbidity as principal diagnosis")
        XCTAssertEqual(try self.edits("dx-external-cause-principal", Self.claim(["W1830XA"]), mce: false).map(\.source), ["ICD-10-CM Official Guidelines I.C.20"])
        XCTAssertEqual(try scrub(Self.claim(["S0000XA", "W1830XA"])), [])
    }

    /// The demo practice's visits (Sources/RevenueCycle/DemoSeed.swift) with every edit of this family on: no edits. Z23
    /// and Z00.00 first-listed are MCE "unacceptable principal" codes, which do not apply to professional claims.
    func testTheDemoDiagnosesTripNoErrors() throws {
        let visits = [["I10", "E119"], ["E1165", "I10", "E785"], ["J069"], ["Z23", "I10"], ["Z0000"], ["R079", "I10"], ["I4891"],
                      ["I350", "R002"], ["M1711"], ["S83241A", "M25561"], ["R059"], ["M25561"]]
        for diagnoses in visits {
            let edits = try scrub(Self.claim(diagnoses, born: "1961-05-14"))
            XCTAssertEqual(edits.filter { $0.severity == .error }, [], "\(diagnoses)")
            XCTAssertEqual(edits.map(\.id), [], "\(diagnoses)")
        }
        XCTAssertEqual(try scrub(Self.claim(["R079", "I10"], kind: .institutional, typeOfBill: "131")), [], "the hospital's outpatient claim")
    }
}
