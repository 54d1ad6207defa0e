import CodeSets
import Foundation
import Persistence
import RevenueCycle
import XCTest

final class RecordStoreTests: XCTestCase {
    let f = StoreFixture()

    func testTenantsAreSavedReadAndReplaced() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            var renamed = f.tenant
            renamed.name = "Northside Family Clinic"
            try await store.saveTenant(renamed)
            let read = try await store.tenant(id: f.tenant.id)
            XCTAssertEqual(read, renamed, db)
            let all = try await store.allTenants()
            XCTAssertEqual(all.map(\.id), [f.tenant.id, f.otherTenant.id], db)
            let missing = try await store.tenant(id: UUID())
            XCTAssertNil(missing, db)
        }
    }

    func testInsertUpdateVersionConflictAndNotFound() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            let inserted = try await store.insert(f.patient)
            XCTAssertEqual(inserted.version, 1, db)
            XCTAssertEqual(inserted.value, f.patient, db)
            let read = try await store.record(Patient.self, id: f.patient.id, tenantID: f.tenant.id)
            XCTAssertEqual(read?.value, f.patient, db)
            XCTAssertEqual(read?.version, 1, db)

            var changed = f.patient
            changed.name.first = "Janet"
            let updated = try await store.update(changed, expectedVersion: 1)
            XCTAssertEqual(updated.version, 2, db)
            XCTAssertGreaterThanOrEqual(updated.updatedAt, updated.createdAt, db)
            let reread = try await store.record(Patient.self, id: f.patient.id, tenantID: f.tenant.id)
            XCTAssertEqual(reread?.value.name.first, "Janet", db)
            XCTAssertEqual(reread?.version, 2, db)

            // A writer that read version 1 is refused, and told the version it is now.
            changed.name.first = "Stale"
            await assertThrows(.versionConflict(kind: "patient", id: f.patient.id, expected: 1, actual: 2), db) {
                try await store.update(changed, expectedVersion: 1)
            }
            let unchanged = try await store.record(Patient.self, id: f.patient.id, tenantID: f.tenant.id)
            XCTAssertEqual(unchanged?.value.name.first, "Janet", db)

            let unknown = f.patient(29, last: "Nobody", first: "Ann", account: "A9999")
            await assertThrows(.notFound(kind: "patient", id: unknown.id), db) { try await store.update(unknown, expectedVersion: 1) }
            await assertThrows(.duplicate(what: "patient \(f.patient.id)"), db) { try await store.insert(f.patient) }
            let orphan = f.patient(28, last: "Orphan", first: "Olly", account: "A8888", tenantID: StoreFixture.id(999))
            await assertThrows(.notFound(kind: "tenant", id: StoreFixture.id(999)), db) { try await store.insert(orphan) }
            // The same id in another kind of record is another row.
            let payerSameID = Payer(id: f.patient.id, tenantID: f.tenant.id, name: "Same Id Plan", electronicID: PayerID("SAME1"),
                                    claimFilingIndicator: .commercialInsurance, timelyFilingDays: 90, appealDays: 90)
            _ = try await store.insert(payerSameID)
        }
    }

    func testTenantIsolation() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            _ = try await store.insert(f.patient)
            let other = f.patient(21, last: "Doe", first: "John", account: "B1001", tenantID: f.otherTenant.id)
            _ = try await store.insert(other)

            let crossRead = try await store.record(Patient.self, id: f.patient.id, tenantID: f.otherTenant.id)
            XCTAssertNil(crossRead, "another tenant's record is not found (\(db))")
            let listedForB = try await store.records(Patient.self, tenantID: f.otherTenant.id, query: RecordQuery(search: "doe"))
            XCTAssertEqual(listedForB.items.map(\.value.id), [other.id], db)
            let listedForA = try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery())
            XCTAssertEqual(listedForA.items.map(\.value.id), [f.patient.id], db)

            // An update naming tenant B cannot reach tenant A's record, even with the right id and version.
            var hijack = f.patient
            hijack.tenantID = f.otherTenant.id
            hijack.name.last = "Hijacked"
            await assertThrows(.notFound(kind: "patient", id: f.patient.id), db) { try await store.update(hijack, expectedVersion: 1) }
            let intact = try await store.record(Patient.self, id: f.patient.id, tenantID: f.tenant.id)
            XCTAssertEqual(intact?.value, f.patient, db)
            XCTAssertEqual(intact?.version, 1, db)
        }
    }

    func testSearchAndFilters() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            let people = [
                f.patient(101, last: "Doe", first: "Jane", account: "A1001"),
                f.patient(102, last: "Doherty", first: "John", account: "A1002"),
                f.patient(103, last: "Smith", first: "Joan", account: "B2001"),
                f.patient(104, last: "Percent", first: "Pat", account: "X%1_"),
            ]
            for p in people { _ = try await store.insert(p) }
            func search(_ text: String) async throws -> [UUID] {
                try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(search: text)).items.map(\.value.id)
            }
            var found = try await search("do")
            XCTAssertEqual(Set(found), [people[0].id, people[1].id], db)
            found = try await search("DO jo")
            XCTAssertEqual(found, [people[1].id], "every word must prefix-match a word (\(db))")
            found = try await search("oe")
            XCTAssertEqual(found, [], "a word matches at its start only (\(db))")
            found = try await search("a100")
            XCTAssertEqual(Set(found), [people[0].id, people[1].id], db)
            found = try await search("1970-01")
            XCTAssertEqual(found.count, 4, db)
            found = try await search("%")
            XCTAssertEqual(found, [], "% is a character, not a wildcard (\(db))")
            found = try await search("x%1_")
            XCTAssertEqual(found, [people[3].id], db)
            found = try await search("a_00")
            XCTAssertEqual(found, [], "_ is a character, not a wildcard (\(db))")
            found = try await search("   ")
            XCTAssertEqual(found.count, 4, "a blank search lists everything (\(db))")

            // Filters: a patient's coverage, an encounter's charges, encounters by status.
            _ = try await store.insert(f.coverage)
            var otherCoverage = f.coverage
            otherCoverage.id = StoreFixture.id(31)
            otherCoverage.patientID = people[2].id
            _ = try await store.insert(otherCoverage)
            let coverages = try await store.records(Coverage.self, tenantID: f.tenant.id, query: RecordQuery(patientID: f.patient.id))
            XCTAssertEqual(coverages.items.map(\.value.id), [f.coverage.id], db)
            for charge in f.charges { _ = try await store.insert(charge) }
            let charges = try await store.records(Charge.self, tenantID: f.tenant.id, query: RecordQuery(encounterID: f.encounter.id))
            XCTAssertEqual(Set(charges.items.map(\.value.id)), Set(f.charges.map(\.id)), db)
            let noCharges = try await store.records(Charge.self, tenantID: f.tenant.id, query: RecordQuery(encounterID: UUID()))
            XCTAssertEqual(noCharges.items.count, 0, db)
            _ = try await store.insert(f.encounter)
            var billed = f.encounter
            billed.id = StoreFixture.id(61)
            billed.status = .billed
            _ = try await store.insert(billed)
            let coded = try await store.records(Encounter.self, tenantID: f.tenant.id, query: RecordQuery(status: EncounterStatus.coded.rawValue))
            XCTAssertEqual(coded.items.map(\.value.id), [f.encounter.id], db)
            let byCode = try await store.records(Encounter.self, tenantID: f.tenant.id, query: RecordQuery(search: "e11"))
            XCTAssertEqual(byCode.items.count, 2, db)
        }
    }

    func testKeysetPaginationVisitsEveryRecordOnceInOrder() async throws {
        try await onEachDatabase(self) { store, db in
            try await f.saveTenants(store)
            // Repeated names: pages must break ties by id without skipping or repeating anyone.
            let lastNames = ["Adams", "Baker", "Baker", "Clark", "Baker", "Young", "Adams"]
            var inserted: [Patient] = []
            for i in 0..<37 {
                let p = f.patient(200 + i, last: lastNames[i % lastNames.count], first: i % 3 == 0 ? "Ann" : "Bo", account: "P\(1000 + i)")
                inserted.append(p)
                _ = try await store.insert(p)
            }
            var seen: [Patient] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(limit: 5, cursor: cursor))
                XCTAssertLessThanOrEqual(page.items.count, 5, db)
                seen += page.items.map(\.value)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 20
            XCTAssertEqual(pages, 8, db)
            XCTAssertEqual(seen.count, 37, db)
            XCTAssertEqual(Set(seen.map(\.id)), Set(inserted.map(\.id)), db)
            let keys = seen.map(\.listing.sortKey)
            XCTAssertEqual(keys, keys.sorted(), "pages come in sort-key order (\(db))")

            // A search walks its own pages the same way.
            var bakers: [UUID] = []
            cursor = nil
            repeat {
                let page = try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(search: "baker", limit: 4, cursor: cursor))
                bakers += page.items.map(\.value.id)
                cursor = page.nextCursor
            } while cursor != nil
            XCTAssertEqual(Set(bakers), Set(inserted.filter { $0.name.last == "Baker" }.map(\.id)), db)
            XCTAssertEqual(bakers.count, inserted.filter { $0.name.last == "Baker" }.count, db)

            await assertThrows(.badCursor, db) {
                try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(cursor: "not a cursor!"))
            }
            await assertThrows(.badCursor, db) {
                try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(cursor: "eyJ4IjoxfQ"))
            }
            let first = try await store.records(Patient.self, tenantID: f.tenant.id, query: RecordQuery(limit: 2))
            let patientsCursor = try XCTUnwrap(first.nextCursor)
            await assertThrows(.badCursor, "a cursor of another list is refused (\(db))") {
                try await store.records(Payer.self, tenantID: f.tenant.id, query: RecordQuery(cursor: patientsCursor))
            }
        }
    }
}
