import Clearinghouse
import Foundation
import HealthCareX12
import XCTest

/// The payer contract file: the documented example reads into the contract it describes, and every kind of mistake
/// is refused with the file, the JSON path and what was expected.
final class PayerContractFileTests: XCTestCase {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/sandbox/contract.example.json")

    func testTheDocumentedExampleReads() throws {
        let contract = try PayerContract.load(Self.example)
        XCTAssertEqual(contract.payer.name, "SANDBOX HEALTH PLAN")
        XCTAssertEqual(contract.payer.id, "SBX01")
        XCTAssertEqual(contract.payerTaxID, "060000001")
        XCTAssertEqual(contract.fee(code: "99214", modifiers: []), 13000)
        XCTAssertEqual(contract.fee(code: "99214", modifiers: ["25"]), 12500)
        XCTAssertNil(contract.fee(code: "99999", modifiers: []))
        XCTAssertEqual(contract.defaultPercentOfCharge, 60)
        XCTAssertEqual(contract.deductible(member: "M100200300"), 0)
        XCTAssertEqual(contract.deductible(member: "ANYONE"), 20000)
        XCTAssertEqual(contract.coinsurancePercent, 20)
        XCTAssertEqual(contract.copayCents, ["99213": 2500, "99214": 2500])
        XCTAssertEqual(contract.priorAuthorizationCodes, ["70553"])
        XCTAssertEqual(contract.coveredDiagnoses, ["97110": ["M54", "M255", "S33"]])
        XCTAssertEqual(contract.bundledPairs, [.init(column1: "80053", column2: "36415")])
        XCTAssertEqual(contract.timelyFilingDays, 180)
        XCTAssertEqual(contract.pendDays, 0)
        XCTAssertEqual(contract.notCoveredMembers, ["NOTCOVERED1"])
        XCTAssertEqual(contract.claimDefects, [.renderingProviderNPI])
        XCTAssertEqual(contract.crossover?.payer.id, "MGS01")
        XCTAssertEqual(contract.providerAdjustment, .init(reason: "L6", reference: "INTEREST2026", amountCents: -125))
        XCTAssertEqual(contract.paymentMethod, "CHK")
        XCTAssertEqual(contract.firstTraceNumber, 500001)
    }

    func testTheSmallestContractTakesTheDefaults() throws {
        let contract = try read(#"{"version": 1, "payer": {"name": "PLAN", "id": "P1", "taxId": "123456789"}}"#)
        XCTAssertEqual(contract.fees, [])
        XCTAssertEqual(contract.defaultPercentOfCharge, 60)
        XCTAssertNil(contract.timelyFilingDays)
        XCTAssertEqual(contract.paymentMethod, "CHK")
    }

    func read(_ json: String) throws -> PayerContract { try PayerContract.read(Data(json.utf8), file: "plan.json") }

    /// The example with one change made by `edit` on its JSON object, read back: the error it gives.
    func mistake(_ edit: (inout [String: Any]) -> Void) throws -> ContractError {
        let data = try Data(contentsOf: Self.example)
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        let changed = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try PayerContract.read(changed, file: "plan.json")
        } catch let error as ContractError {
            return error
        }
        XCTFail("the changed contract was accepted")
        throw Accepted()
    }

    struct Accepted: Error {}

    func assertMistake(_ edit: (inout [String: Any]) -> Void, _ path: String, _ problem: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let error = try mistake(edit)
        XCTAssertEqual(error.file, "plan.json", file: file, line: line)
        XCTAssertEqual(error.path, path, file: file, line: line)
        XCTAssertTrue(error.problem.contains(problem), "\(error)", file: file, line: line)
        XCTAssertTrue(error.description.hasPrefix("plan.json: \(path): "), error.description, file: file, line: line)
    }

    func testUnknownKeysAreRefusedWhereverTheyAre() throws {
        try assertMistake({ $0["fee"] = [:] }, "$", "unknown key 'fee'")
        try assertMistake({ o in
            var fees = o["fees"] as! [String: Any]
            var allowed = fees["allowed"] as! [[String: Any]]
            allowed[1]["modifiers"] = ["25"]
            fees["allowed"] = allowed
            o["fees"] = fees
        }, "$.fees.allowed[1]", "unknown key 'modifiers'")
        try assertMistake({ o in
            var payer = o["payer"] as! [String: Any]
            payer["adress"] = "x"
            o["payer"] = payer
        }, "$.payer", "unknown key 'adress'")
    }

    func testVersionAndRequiredParts() throws {
        try assertMistake({ $0["version"] = nil }, "$", "'version' is missing")
        try assertMistake({ $0["version"] = 2 }, "$.version", "version 2 is not one this reader knows; expected 1")
        try assertMistake({ $0["version"] = "1" }, "$.version", "expected a whole number, found text")
        try assertMistake({ o in
            var payer = o["payer"] as! [String: Any]
            payer["taxId"] = "12-3456789"
            o["payer"] = payer
        }, "$.payer.taxId", "'12-3456789' is not 9 digits")
    }

    func testAmountsAreTextWithCents() throws {
        func fee(_ amount: Any) -> (inout [String: Any]) -> Void {
            { o in
                var fees = o["fees"] as! [String: Any]
                var allowed = fees["allowed"] as! [[String: Any]]
                allowed[2]["amount"] = amount
                fees["allowed"] = allowed
                o["fees"] = fees
            }
        }
        try assertMistake(fee(92.5), "$.fees.allowed[2].amount", "expected an amount as text such as \"92.50\", found a number")
        try assertMistake(fee("12.345"), "$.fees.allowed[2].amount", "'12.345' is not an amount")
        try assertMistake(fee("-5.00"), "$.fees.allowed[2].amount", "is negative")
        try assertMistake({ o in
            var cost = o["patientCost"] as! [String: Any]
            cost["coinsurancePercent"] = 120
            o["patientCost"] = cost
        }, "$.patientCost.coinsurancePercent", "120 is out of range; expected 0 to 100")
        try assertMistake({ o in
            var cost = o["patientCost"] as! [String: Any]
            cost["memberDeductibles"] = ["M 1": "10.00"]
            o["patientCost"] = cost
        }, "$.patientCost.memberDeductibles key 'M 1'", "is not letters, digits")
    }

    func testCodesRulesAndChoicesAreChecked() throws {
        try assertMistake({ o in
            var fees = o["fees"] as! [String: Any]
            var allowed = fees["allowed"] as! [[String: Any]]
            allowed.append(["code": "99214", "amount": "1.00"])
            fees["allowed"] = allowed
            o["fees"] = fees
        }, "$.fees.allowed[7]", "99214 is listed twice (first at $.fees.allowed[1])")
        try assertMistake({ $0["priorAuthorization"] = ["7055"] }, "$.priorAuthorization[0]", "'7055' is not a CPT or HCPCS code")
        try assertMistake({ $0["medicalNecessity"] = [["code": "97110", "coveredDiagnoses": ["54.5"]]] },
                          "$.medicalNecessity[0].coveredDiagnoses[0]", "'54.5' is not an ICD-10-CM code")
        try assertMistake({ $0["bundling"] = [["column1": "80053", "column2": "80053"]] }, "$.bundling[0]", "column1 and column2 are both 80053")
        try assertMistake({ $0["rejections"] = ["claimDefects": ["npi"]] }, "$.rejections.claimDefects[0]",
                          "'npi' is not a claim defect the sandbox checks; expected one of rendering-provider-npi, billing-provider-taxonomy")
        try assertMistake({ $0["providerAdjustment"] = ["reason": "ZZ", "reference": "R1", "amount": "1.00"] }, "$.providerAdjustment.reason",
                          "'ZZ' is not a provider adjustment reason")
        try assertMistake({ $0["payment"] = ["method": "CASH"] }, "$.payment.method", "'CASH' is not a payment method; expected CHK or ACH")
        try assertMistake({ $0["timelyFilingDays"] = 0 }, "$.timelyFilingDays", "0 is out of range")
        try assertMistake({ $0["pendDays"] = -1 }, "$.pendDays", "-1 is out of range; expected 0 to 365")
        try assertMistake({ $0["crossover"] = ["members": [], "payer": ["name": "X", "id": "X1"]] }, "$.crossover.members", "lists no member")
        try assertMistake({ $0["priorAuthorization"] = ["70553", "70553"] }, "$.priorAuthorization[1]", "70553 is listed twice")
        try assertMistake({ o in
            var payer = o["payer"] as! [String: Any]
            payer["name"] = "PLAN*ONE"
            o["payer"] = payer
        }, "$.payer.name", "a character X12 cannot carry")
    }

    func testAFileThatIsNotJSONOrNotThereIsRefused() throws {
        XCTAssertThrowsError(try read("{\"version\": 1,")) { error in
            let e = error as? ContractError
            XCTAssertEqual(e?.path, "$")
            XCTAssertTrue(e?.problem.hasPrefix("is not JSON") == true, "\(error)")
        }
        XCTAssertThrowsError(try read("[1]")) { XCTAssertEqual(($0 as? ContractError)?.problem, "expected an object, found a list") }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-contract-\(UUID().uuidString).json")
        XCTAssertThrowsError(try PayerContract.load(missing)) { XCTAssertEqual(($0 as? ContractError)?.file, missing.path) }
    }
}
