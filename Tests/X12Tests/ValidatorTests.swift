import Foundation
import X12
import XCTest

/// The guide engine on a small made-up transaction set, so that each rule is seen failing in isolation.
final class ValidatorTests: XCTestCase {
    static let dictionaryText = """
    ELEMENT 143 ID 3/3 Transaction Set Identifier Code
    ELEMENT 329 AN 4/9 Transaction Set Control Number
    ELEMENT 1705 AN 1/35 Implementation Convention Reference
    ELEMENT 96 N0 1/10 Number of Included Segments
    ELEMENT 98 ID 2/3 Entity Identifier Code
    ELEMENT 1065 ID 1/1 Entity Type Qualifier
    ELEMENT 1035 AN 1/60 Name Last or Organization Name
    ELEMENT 66 ID 1/2 Identification Code Qualifier
    ELEMENT 67 AN 2/80 Identification Code
    ELEMENT 128 ID 2/3 Reference Identification Qualifier
    ELEMENT 127 AN 1/50 Reference Identification
    ELEMENT 628 AN 1/12 Hierarchical ID Number
    ELEMENT 734 AN 1/12 Hierarchical Parent ID Number
    ELEMENT 735 ID 1/2 Hierarchical Level Code
    ELEMENT 736 ID 1/1 Hierarchical Child Code
    ELEMENT 374 ID 3/3 Date/Time Qualifier
    ELEMENT 1250 ID 2/3 Date Time Period Format Qualifier
    ELEMENT 1251 AN 1/35 Date Time Period
    ELEMENT 373 DT 8/8 Date
    ELEMENT 1331 AN 1/2 Facility Code Value
    ELEMENT 1332 ID 1/2 Facility Code Qualifier
    ELEMENT 1325 ID 1/1 Claim Frequency Type Code
    ELEMENT 782 R 1/18 Monetary Amount
    ELEMENT 1028 AN 1/38 Claim Submitter's Identifier
    COMP C023 Health Care Service Location Information
      01 1331
      02 1332
      03 1325
    SEG ST Transaction Set Header
      01 143
      02 329
      03 1705
    SEG SE Transaction Set Trailer
      01 96
      02 329
    SEG DTM Date/Time Reference
      01 374
      02 373
    SEG HL Hierarchical Level
      01 628
      02 734
      03 735
      04 736
    SEG NM1 Individual or Organizational Name
      01 98
      02 1065
      03 1035
      04 66
      05 67
      RULE P0405
    SEG REF Reference Information
      01 128
      02 127
    SEG DTP Date or Time or Period
      01 374
      02 1250
      03 1251
    SEG CLM Health Claim
      01 1028
      02 782
      03 C023
    """

    static let guideText = """
    GUIDE 999 005010TEST Test Claim
    SEG ST R 1
      01 R =999
      02 R
      03 R =005010TEST
    SEG DTM S 1
      01 R =097
      02 R
    LOOP 1000 R 1 Sender
      SEG NM1 R 1 @01=41
        01 R =41
        02 R =1,2
        03 R
        04 S =46
        05 S
    END
    LOOP 2000 R >1 Provider Level
      SEG HL R 1 @03=20
        01 R
        02 S
        03 R =20
        04 R =0,1
      LOOP 2010 R 1 Provider Name
        SEG NM1 R 1 @01=85
          01 R =85
          02 R =2
          03 R
          04 S =46
      END
      LOOP 2300 S 2 Claim
        SEG CLM R 1
          01 R
          02 R
          03 R
          03-1 R
          03-2 R =B
          03-3 R =1,7
        SEG DTP S 1 @01=431
          01 R =431
          02 R =D8,RD8
          03 R
        SEG REF S 1 @01=G1
          01 R =G1
          02 R
        SEG REF S 1 @01=9F
          01 R =9F
          02 R
      END
    END
    SEG SE R 1
      01 R
      02 R
    """

    static let guide: ImplementationGuide = {
        var dictionary = X12Dictionary()
        try! dictionary.read(dictionaryText, source: "test dictionary")
        return try! dictionary.guide(guideText, source: "test guide")
    }()

    static func interchange(_ body: [String]) -> String {
        let isa = "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *261130*0215*^*00501*000000001*0*T*:~"
        let st = ["ST*999*0001*005010TEST"] + body
        let transaction = st + ["SE*\(st.count + 1)*0001"]
        return ([isa, "GS*HC*SUB*REC*20261130*0215*1*X*005010TEST~"] + transaction.map { $0 + "~" } + ["GE*1*1~", "IEA*1*000000001~"])
            .joined(separator: "\n")
    }

    static let clean = [
        "DTM*097*20261130",
        "NM1*41*2*REVCYCLE BILLING*46*12345",
        "HL*1**20*1",
        "NM1*85*2*CLINIC",
        "CLM*A1*100.50*11:B:1",
        "DTP*431*D8*20261101",
        "REF*9F*ABC",
        "REF*G1*XYZ",
    ]

    func validate(_ body: [String]) -> ValidationReport {
        X12Validator.validate(Array(Self.interchange(body).utf8), guides: [Self.guide])
    }

    func only(_ body: [String], file: StaticString = #filePath, line: UInt = #line) -> Finding? {
        let findings = validate(body).findings
        XCTAssertEqual(findings.count, 1, findings.map(String.init(describing:)).joined(separator: "\n"), file: file, line: line)
        return findings.first
    }

    func testCleanTransactionIsValidAndSegmentsAtOnePositionComeInAnyOrder() {
        let report = validate(Self.clean)
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
        XCTAssertEqual(report.transactions.first?.guide, "999 005010TEST Test Claim")
    }

    func testMissingRequiredSegmentAndLoop() {
        var body = Self.clean
        body.remove(at: 3) // NM1*85 opens the required loop 2010
        let f = only(body)
        XCTAssertEqual(f?.level, .segment)
        XCTAssertEqual(f?.code, "3")
        XCTAssertEqual(f?.segmentID, "NM1")
        XCTAssertEqual(f?.loop, "2010")
    }

    func testUnexpectedAndUnknownSegments() {
        var body = Self.clean
        body.insert("NM1*99*2*WHO", at: 4)
        XCTAssertEqual(only(body)?.code, "2")
        body = Self.clean
        body.insert("ZZZ*1", at: 4)
        let f = only(body)
        XCTAssertEqual(f?.code, "1")
        XCTAssertEqual(f?.positionInTransaction, 6)
    }

    func testRepeatsBeyondTheGuide() {
        // A third claim in one provider loop (at most 2), and a second DTP in one claim (at most 1).
        let claim = ["CLM*A2*1*11:B:1"]
        XCTAssertEqual(only(Self.clean + claim + claim)?.code, "4")
        var body = Self.clean
        body.insert("DTP*431*D8*20261102", at: 6)
        XCTAssertEqual(only(body)?.code, "5")
    }

    func testElementErrorsCarryTheirCodeAndPlace() {
        func element(_ replace: (Int, String), _ code: String, element: Int, component: Int? = nil, file: StaticString = #filePath, line: UInt = #line) {
            var body = Self.clean
            body[replace.0] = replace.1
            let f = only(body, file: file, line: line)
            XCTAssertEqual(f?.level, .element, file: file, line: line)
            XCTAssertEqual(f?.code, code, f?.message ?? "", file: file, line: line)
            XCTAssertEqual(f?.element, element, file: file, line: line)
            XCTAssertEqual(f?.component, component, file: file, line: line)
        }
        element((1, "NM1*41*2**46*12345"), "1", element: 3)                         // required missing
        element((1, "NM1*41*3*REVCYCLE*46*12345"), "7", element: 2)                 // code not allowed
        element((1, "NM1*41*2*REVCYCLE*46"), "2", element: 5)                       // P0405 pairs 04 and 05
        element((1, "NM1*41*2*REVCYCLE*46*1"), "4", element: 5)                     // too short
        element((3, "NM1*85*2*" + String(repeating: "N", count: 61)), "5", element: 3) // too long
        element((3, "NM1*85*2*CLINIC*46*99"), "I10", element: 5)                    // not used by the guide
        element((0, "DTM*097*20260230"), "8", element: 2)                           // no such date
        element((4, "CLM*A1*10O.50*11:B:1"), "6", element: 2)                       // not a number
        element((4, "CLM*A1*100*11:B:9"), "7", element: 3, component: 3)
        element((4, "CLM*A1*100*11:B:1:X"), "13", element: 3)                       // too many components
        element((5, "DTP*431*RD8*20261101-20261001"), "8", element: 3)              // range ends before it starts
        element((1, "NM1*41*2*REVCYCLÉ*46*12345"), "6", element: 3)            // outside the character set
    }

    func testTooManyElementsAndHierarchy() {
        var body = Self.clean
        body[1] = "NM1*41*2*REVCYCLE*46*12345*X"
        XCTAssertEqual(only(body)?.code, "3")
        body = Self.clean
        body[2] = "HL*1*7*20*1"
        let f = only(body)
        XCTAssertEqual(f?.code, "I12")
        XCTAssertEqual(f?.element, 2)
    }

    func testUnsupportedTransactionSet() {
        let text = Self.interchange(Self.clean).replacingOccurrences(of: "ST*999*0001*005010TEST", with: "ST*999*0001*005010OTHER")
        let report = X12Validator.validate(Array(text.utf8), guides: [Self.guide])
        XCTAssertFalse(report.isValid)
        XCTAssertEqual(report.findings.first?.level, .transaction)
        XCTAssertEqual(report.findings.first?.code, "I6")
    }

    func testAcknowledgmentReportsEachError() {
        let envelope = AcknowledgmentEnvelope(date: "20261130", time: "0300", interchangeControlNumber: 42, groupControlNumber: 7)
        let accepted = Acknowledgment.interchange(for: validate(Self.clean), envelope: envelope)
        XCTAssertTrue(accepted.contains("AK1*HC*1*005010TEST~"), accepted)
        XCTAssertTrue(accepted.contains("IK5*A~"), accepted)
        XCTAssertTrue(accepted.contains("AK9*A*1*1*1~"), accepted)
        XCTAssertTrue(accepted.hasPrefix("ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SUBMITTER      *261130*0300*^*00501*000000042*0*T*:~"), accepted)
        XCTAssertTrue(SyntaxReport.check(Array(accepted.utf8)).isValid)

        var body = Self.clean
        body[4] = "CLM*A1*100*11:B:9"
        body.remove(at: 3)
        let rejected = Acknowledgment.interchange(for: validate(body), envelope: envelope)
        XCTAssertTrue(rejected.contains("IK3*NM1*5*2010*3~"), rejected)
        XCTAssertTrue(rejected.contains("IK3*CLM*5*2300*8~"), rejected)
        XCTAssertTrue(rejected.contains("IK4*3:3*1325*7*9~"), rejected)
        XCTAssertTrue(rejected.contains("IK5*R*5~"), rejected)
        XCTAssertTrue(rejected.contains("AK9*R*1*1*0~"), rejected)
        XCTAssertTrue(SyntaxReport.check(Array(rejected.utf8)).isValid)
    }

    func testLoopsAreFoundByIdWhateverItsLength() throws {
        // Ids of up to eight bytes are compared as integers; longer ones by their text, so two ids sharing their
        // first eight bytes stay apart.
        var dictionary = X12Dictionary()
        try dictionary.read(Self.dictionaryText, source: "test dictionary")
        let guide = try dictionary.guide(Self.guideText.replacingOccurrences(of: "LOOP 2300 ", with: "LOOP 2300CLAIMS "), source: "test guide")
        var builder = DocumentBuilder()
        let report = X12Validator.validate(Array(Self.interchange(Self.clean).utf8), guides: [guide]) { builder.add($0, $1) }
        XCTAssertTrue(report.isValid, report.findings.map(String.init(describing:)).joined(separator: "\n"))
        let transaction = try XCTUnwrap(builder.finish(delimiters: try XCTUnwrap(report.delimiters)).transactions.first)
        let provider = try XCTUnwrap(transaction.loops("2000").first)
        XCTAssertEqual(provider.loops("2300CLAIMS").map { $0.segment("CLM")?[1] }, ["A1"])
        XCTAssertEqual(provider.loops("2300CLAIMX").count, 0)
        XCTAssertEqual(transaction.descendants("2300CLAIMS").count, 1)
        XCTAssertEqual(transaction.loops("1000").first?.segment("NM1", "41")?[3], "REVCYCLE BILLING")
        XCTAssertNil(transaction.loops("1000").first?.segment("NM1", "85"))
    }

    func testGuideTextMistakesNameTheirLine() {
        var dictionary = X12Dictionary()
        XCTAssertThrowsError(try dictionary.read("ELEMENT 98 XX 2/3 Bad type", source: "d")) { error in
            XCTAssertEqual((error as? GuideTextError)?.line, 1)
        }
        try? dictionary.read(Self.dictionaryText, source: "d")
        XCTAssertThrowsError(try dictionary.guide("GUIDE 1 2 x\nSEG ST R 1\n  09 R", source: "g")) { error in
            XCTAssertEqual((error as? GuideTextError)?.line, 3)
        }
        XCTAssertThrowsError(try dictionary.guide("GUIDE 1 2 x\nLOOP A R 1 x\nSEG ST R 1", source: "g"))
    }
}
