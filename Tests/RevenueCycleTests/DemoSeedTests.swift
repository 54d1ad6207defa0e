import CodeSets
import Foundation
import RevenueCycle
import XCTest

final class DemoSeedTests: XCTestCase {
    static let data = Result { try DemoSeed.generate() }

    func demo() throws -> DemoDataSet { try Self.data.get() }

    func testEveryRecordPassesItsOwnValidation() throws {
        let data = try demo()
        XCTAssertEqual(data.validate(), [])
        XCTAssertEqual(data.tenants.map(\.kind), [.practice, .practice, .hospital])
        XCTAssertEqual(data.billingCompanyName, "Prairie Revenue Partners")
        for claim in data.claims { XCTAssertEqual(claim.ledger.verify(), [], "claim \(claim.patientControlNumber)") }
    }

    func testItIsDeterministic() throws {
        XCTAssertEqual(try DemoSeed.generate(), try demo())
        XCTAssertNotEqual(try DemoSeed.generate(seed: 1), try demo(), "another seed gives other data")
        XCTAssertEqual(try DemoSeed.generate(seed: 1).validate(), [], "any seed gives valid data")
    }

    func testClaimsCoverEveryStatusThroughRealHistories() throws {
        let data = try demo()
        for tenant in data.tenants where tenant.kind == .practice {
            let statuses = Set(data.claims.filter { $0.tenantID == tenant.id }.map(\.status))
            XCTAssertEqual(statuses, Set(ClaimStatus.allCases), tenant.name)
        }
        for claim in data.claims {
            // Following the history through the state machine from draft reaches the claim's status.
            var status = ClaimStatus.draft
            for change in claim.history {
                XCTAssertTrue(ClaimStateMachine.isAllowed(from: status, to: change.to))
                XCTAssertEqual(change.from, status)
                status = change.to
            }
            XCTAssertEqual(status, claim.status)
            if [.paid, .closed, .partiallyPaid, .writtenOff].contains(claim.status) {
                XCTAssertFalse(claim.ledger.postings.isEmpty, "\(claim.status) claims carry their remittance")
            }
            if ClaimStateMachine.settledStatuses.contains(claim.status) { XCTAssertEqual(claim.totals.balance, .zero) }
        }
        let partial = try XCTUnwrap(data.claims.first { $0.status == .partiallyPaid })
        XCTAssertGreaterThan(partial.totals.balance, .zero, "a partially paid claim still has something owed by insurance")
    }

    func testProvidersPayersPatientsAndUsers() throws {
        let data = try demo()
        XCTAssertTrue(data.providers.allSatisfy { $0.npi.isValid })
        XCTAssertEqual(Set(data.providers.map(\.npi)).count, data.providers.count, "NPIs are distinct")
        let taxonomies = Set(data.providers.map(\.taxonomy.value))
        XCTAssertTrue(taxonomies.isSuperset(of: ["207Q00000X", "207RC0000X", "207X00000X", "2085R0202X"]))
        let filing = Set(data.payers.map(\.claimFilingIndicator))
        XCTAssertEqual(filing, [.medicarePartB, .medicaid, .commercialInsurance])
        XCTAssertTrue(data.coverages.contains { $0.order == .secondary })
        XCTAssertTrue(data.coverages.contains { $0.relationship == .child })
        XCTAssertEqual(Set(data.encounters.map(\.status)), Set(EncounterStatus.allCases))
        XCTAssertTrue(data.charges.contains { $0.drug != nil })
        XCTAssertFalse(data.priorAuthorizations.isEmpty)
        XCTAssertFalse(data.referrals.isEmpty)
        for tenant in data.tenants where tenant.kind == .practice {
            XCTAssertEqual(Set(data.users.filter { $0.tenantName == tenant.name }.map(\.role)), Set(Role.allCases), tenant.name)
        }
        let admin = try XCTUnwrap(data.users.first { $0.tenantName == nil })
        XCTAssertEqual(admin.role, .administrator)
        XCTAssertEqual(admin.email, "admin@prairierevenue.revcycle.test")
        XCTAssertEqual(admin.password, "revcycle-demo-administrator-prairierevenue")
        XCTAssertTrue(data.users.contains { $0.email == "frontdesk@lakeview.revcycle.test" && $0.password == "revcycle-demo-frontdesk-lakeview" })
        XCTAssertEqual(Set(data.users.map(\.email)).count, data.users.count)
    }

    /// The hospital bills its facility charges on the UB-04: an 837I claim with a type of bill and a revenue code on
    /// every line, built from an institutional encounter.
    func testTheHospitalBillsAnInstitutionalClaim() throws {
        let data = try demo()
        let hospital = try XCTUnwrap(data.tenants.first { $0.kind == .hospital })
        let claims = data.claims.filter { $0.tenantID == hospital.id }
        XCTAssertEqual(claims.map(\.kind), [.institutional])
        let claim = try XCTUnwrap(claims.first)
        XCTAssertEqual(claim.typeOfBill, "131")
        XCTAssertNil(claim.placeOfService)
        XCTAssertEqual(claim.status, .submitted)
        XCTAssertEqual(claim.validate(), [])
        XCTAssertEqual(claim.lines.compactMap(\.revenueCode).count, claim.lines.count, "every line has its revenue code")
        XCTAssertTrue(claim.lines.allSatisfy { $0.diagnosisPointers.isEmpty })
        let encounter = try XCTUnwrap(data.encounters.first { $0.id == claim.encounterID })
        XCTAssertEqual(encounter.claimKind, .institutional)
        XCTAssertEqual(encounter.status, .billed)
        XCTAssertNotNil(claim.facilityID)
        XCTAssertEqual(Set(data.charges.filter { $0.encounterID == encounter.id }.map(\.id)), Set(claim.lines.map(\.chargeID)))
        XCTAssertTrue(data.users.contains { $0.tenantName == hospital.name && $0.role == .biller }, "someone at the hospital can sign in")
    }

    func testChargesArePricedFromTheChargeMaster() throws {
        let data = try demo()
        let encounters = Dictionary(uniqueKeysWithValues: data.encounters.map { ($0.id, $0) })
        for charge in data.charges {
            let tenantID = try XCTUnwrap(encounters[charge.encounterID]).tenantID
            let master = try XCTUnwrap(data.feeSchedules.first { $0.tenantID == tenantID && $0.purpose == .chargeMaster })
            XCTAssertEqual(master.price(code: charge.procedure.code, modifiers: charge.modifiers, units: charge.units, on: charge.serviceDate), charge.amount)
        }
    }

    /// The demo codes exist in the official files when they are present: ICD-10-CM codes are complete (no longer
    /// code extends them), the CPT/HCPCS codes are in the fee schedule file, the taxonomies in the NUCC list.
    func testDemoCodesAreRealCodes() throws {
        let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["REVCYCLE_CODESETS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/codesets").path)
        let icd = root.appendingPathComponent("icd10cm/2026/icd10cm-code-list-2026-April-1.txt")
        let pfs = root.appendingPathComponent("pfs/2025/PPRRVU2025_Oct.csv")
        guard let icdText = try? String(contentsOf: icd, encoding: .utf8), let pfsText = try? String(contentsOf: pfs, encoding: .isoLatin1) else {
            throw XCTSkip("the official code files are not in \(root.path)")
        }
        let icdCodes = Set(icdText.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) })
        let pfsCodes = Set(pfsText.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) })
        let data = try demo()
        for code in Set(data.encounters.flatMap(\.diagnoses).map(\.code)) {
            XCTAssertTrue(icdCodes.contains(code), "\(code) is not an ICD-10-CM code")
            // Range headers such as I10-I1A are in the list too; codes have no hyphen.
            XCTAssertFalse(icdCodes.contains { !$0.contains("-") && $0.count > code.count && $0.hasPrefix(code) }, "\(code) is not a complete (billable) code")
        }
        for code in Set(data.charges.map(\.procedure.code)) {
            XCTAssertTrue(pfsCodes.contains(code), "\(code) is not in the fee schedule file")
        }
        let nucc = root.appendingPathComponent("taxonomy/nucc_taxonomy_251.csv")
        if let nuccText = try? String(contentsOf: nucc, encoding: .utf8) {
            let taxonomies = Set(nuccText.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: ",").first.map(String.init) })
            for provider in data.providers {
                XCTAssertTrue(taxonomies.contains(provider.taxonomy.value), "\(provider.taxonomy) is not a NUCC taxonomy code")
            }
        }
    }
}
