import CodeSets
import DatabaseTestSupport
import FluentPostgresDriver
import Foundation
import Persistence
import RevenueCycle
import XCTest

/// Runs `body` on a fresh, migrated database of each kind (SQLite always, PostgreSQL when configured), with the
/// kind's name for assertion messages.
func onEachDatabase(_ test: XCTestCase, _ body: (DatabaseStore, String) async throws -> Void) async throws {
    for location in try await TestDatabases.all(test) {
        try await DatabaseSession.with(location) { session in
            try await session.migrate()
            try await body(DatabaseStore(database: session.database), location.kind)
        }
    }
}

/// The SQL handle of a store's database, for the checks and tampering tests do behind the store's back.
func sql(_ store: DatabaseStore) throws -> any SQLDatabase {
    try XCTUnwrap(store.database as? any SQLDatabase)
}

/// Asserts that `body` throws exactly `expected`.
func assertThrows<T>(_ expected: StoreError, _ message: String = "", file: StaticString = #filePath, line: UInt = #line,
                     _ body: () async throws -> T) async {
    do {
        _ = try await body()
        XCTFail("expected \(expected), nothing was thrown. \(message)", file: file, line: line)
    } catch let error as StoreError {
        XCTAssertEqual(error, expected, message, file: file, line: line)
    } catch {
        XCTFail("expected \(expected), got \(error). \(message)", file: file, line: line)
    }
}

/// A small, consistent set of records of one practice, and claims built from them with the domain's ClaimBuilder.
struct StoreFixture {
    static func date(_ text: String) -> ServiceDate { ServiceDate(iso: text)! }

    /// A fixed id per number, so failures name recognisable ids.
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    static let address = Address(lines: ["100 Main Street"], city: "Springfield", state: "IL", postalCode: "62701")

    static func tenant(_ n: Int, _ name: String) -> Tenant {
        Tenant(id: id(n), name: name, kind: .practice, billingNPI: NPI("1234567893"), taxID: TaxID("12-3456789"),
               address: Address(lines: ["100 Main Street"], city: "Springfield", state: "IL", postalCode: "62701-1234"))
    }

    var tenant = StoreFixture.tenant(1, "Northside Clinic")
    var otherTenant = StoreFixture.tenant(2, "Southside Clinic")

    var payer: Payer { Payer(id: Self.id(10), tenantID: tenant.id, name: "Sandbox Health Plan", electronicID: PayerID("SBX01"),
                             claimFilingIndicator: .commercialInsurance, timelyFilingDays: 90, appealDays: 180) }
    var otherPayer: Payer { Payer(id: Self.id(11), tenantID: tenant.id, name: "Prairie Medicaid", electronicID: PayerID("PMCD1"),
                                  claimFilingIndicator: .medicaid, timelyFilingDays: 365, appealDays: 60) }

    func patient(_ n: Int, last: String, first: String, account: String, tenantID: UUID? = nil) -> Patient {
        Patient(id: Self.id(n), tenantID: tenantID ?? tenant.id, name: PersonName(last: last, first: first), dateOfBirth: Self.date("1970-01-01"),
                sex: .female, address: Self.address, phone: "217-555-0100", accountNumber: account)
    }

    var patient: Patient { patient(20, last: "Doe", first: "Jane", account: "A1001") }

    var coverage: Coverage {
        Coverage(id: Self.id(30), tenantID: tenant.id, patientID: patient.id, payerID: payer.id, order: .primary, subscriber: .patient,
                 relationship: .oneself, memberID: "M123456789", groupNumber: "GRP100", effectiveFrom: Self.date("2025-01-01"))
    }

    var provider: Provider {
        Provider(id: Self.id(40), tenantID: tenant.id, kind: .individual, personName: PersonName(last: "Smith", first: "Ann"),
                 npi: NPI("1912301953"), taxonomy: Taxonomy("207Q00000X"), specialty: "Family medicine")
    }

    var facility: Facility { Facility(id: Self.id(50), tenantID: tenant.id, name: "Northside Clinic", address: Self.address) }

    var encounter: Encounter {
        Encounter(id: Self.id(60), tenantID: tenant.id, patientID: patient.id, serviceFrom: Self.date("2025-11-03"),
                  serviceThrough: Self.date("2025-11-03"), placeOfService: "11", renderingProviderID: provider.id, facilityID: facility.id,
                  note: "Follow-up visit.", diagnoses: [DiagnosisCode("E11.9"), DiagnosisCode("I10")], status: .coded)
    }

    var charges: [Charge] {
        [
            Charge(id: Self.id(70), tenantID: tenant.id, encounterID: encounter.id, procedure: .cpt("99213"), modifiers: ["25"],
                   amount: Money(cents: 12500), diagnosisPointers: [1, 2], serviceDate: Self.date("2025-11-03")),
            Charge(id: Self.id(71), tenantID: tenant.id, encounterID: encounter.id, procedure: .cpt("36415"), amount: Money(cents: 1000),
                   diagnosisPointers: [1], serviceDate: Self.date("2025-11-03")),
        ]
    }

    /// A draft claim for the fixture's encounter.
    func claim(id: UUID = UUID()) throws -> Claim {
        try ClaimBuilder(tenant: tenant, encounter: encounter, charges: charges, patient: patient, coverage: coverage, payer: payer,
                         renderingProvider: provider, facility: facility).build(claimID: id)
    }

    static let biller = ClaimActor(userID: id(900), displayName: "Bill Biller")

    /// Whole seconds: timestamps survive both databases exactly.
    static func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(1_762_000_000 + seconds)) }

    /// Saves both tenants.
    func saveTenants(_ store: DatabaseStore) async throws {
        try await store.saveTenant(tenant)
        try await store.saveTenant(otherTenant)
    }
}

extension Claim {
    /// Moves the claim along `path`, one second apart from `start`.
    mutating func move(_ path: [ClaimStatus], from start: Int) throws {
        for (i, status) in path.enumerated() {
            try transition(to: status, actor: StoreFixture.biller, at: StoreFixture.at(start + i), reason: "moved to \(status.rawValue)")
        }
    }
}
