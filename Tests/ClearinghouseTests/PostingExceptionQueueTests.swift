import CodeSets
import Clearinghouse
import DatabaseTestSupport
import Foundation
import HealthCareX12
import Persistence
import RevenueCycle
import XCTest

/// The posting exception queue on both databases: an 835 with a claim payment that matches no claim and a service
/// line that matches no claim line queues both in the transaction that receives it; the same 835 again (or under
/// another envelope) queues nothing more; an item is resolved once, with a note, and a stale version is refused.
final class PostingExceptionQueueTests: XCTestCase {
    let actor = ClaimActor(userID: UUID(), displayName: "Test poster")
    let postedOn = ServiceDate(year: 2026, month: 11, day: 30)!

    /// `text` with the segments of the CLP naming `number` (up to the next CLP) changed by `change`.
    static func changing(_ text: String, claim number: String, _ change: (inout [String]) -> Void) -> String {
        let terminator = Array(text)[105]
        var segments = text.split(separator: terminator, omittingEmptySubsequences: false).map(String.init)
        guard let start = segments.firstIndex(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("CLP*\(number)*") }) else { return text }
        let end = segments[(start + 1)...].firstIndex { s in ["CLP*", "SE*"].contains { s.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix($0) } } ?? segments.count
        var part = Array(segments[start..<end])
        change(&part)
        segments.replaceSubrange(start..<end, with: part)
        return segments.joined(separator: String(terminator))
    }

    func testUnpostedItemsAreQueuedOnceAndResolvedOnce() async throws {
        for location in try await TestDatabases.all(self) {
            try await DatabaseSession.with(location) { session in
                try await session.migrate()
                let store = DatabaseStore(database: session.database)
                let data = try DemoSeed.generate()
                _ = try await DemoLoader.load(data, into: store) { "plain:" + $0 }
                let tenant = try XCTUnwrap(data.tenants.first)
                let templates = data.claims.filter { $0.tenantID == tenant.id && ($0.status == .acknowledged || $0.status == .submitted) }
                let claims = PostingBenchmarkFile.claims(4, from: templates)
                try await store.bulkInsertClaims(claims)
                let (text, _) = PostingBenchmarkFile.write(paying: claims, payee: tenant, claimsPerCheck: 4)
                // The first claim payment names no claim; the second claim's first line answers no line of its claim.
                var changed = Self.changing(text, claim: claims[0].patientControlNumber) { part in
                    part[0] = part[0].replacingOccurrences(of: "CLP*\(claims[0].patientControlNumber)*", with: "CLP*NOSUCH-1*")
                }
                changed = Self.changing(changed, claim: claims[1].patientControlNumber) { part in
                    guard let svc = part.firstIndex(where: { $0.contains("SVC*") }) else { return XCTFail("no SVC") }
                    var elements = part[svc].components(separatedBy: "*")
                    let composite = elements[1]
                    let separator = composite.first { !$0.isLetter && !$0.isNumber } ?? ":"
                    var components = composite.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
                    components[1] = "99499"
                    elements[1] = components.joined(separator: String(separator))
                    part[svc] = elements.joined(separator: "*")
                    if let ref = part[svc...].firstIndex(where: { $0.contains("REF*6R*") }) {
                        part[ref] = String(part[ref].prefix { $0 != "6" }) + "6R*NOSUCHLINE"
                    }
                }
                XCTAssertNotEqual(changed, text)
                let report = try HealthCareValidation.read(Array(changed.utf8)).report
                XCTAssertTrue(report.isValid, report.findings.prefix(3).map(String.init(describing:)).joined(separator: "; "))

                let exchange = ClaimExchange(store: store, actor: actor)
                let at = Date(timeIntervalSince1970: 1_796_000_000)
                let outcome = try await exchange.receive(name: "exceptions.835", contents: changed, tenantID: tenant.id, at: at, postedOn: postedOn)
                guard case .recorded(let file) = outcome else { return XCTFail("taken for a duplicate") }
                XCTAssertEqual(file.value.counts["claimsPosted"], 2)
                // The notes still say it.
                XCTAssertTrue(file.value.notes.contains { $0.contains("NOSUCH-1") }, "\(file.value.notes)")

                let queued = try await store.postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery())
                XCTAssertEqual(queued.items.count, file.value.counts["exceptions"])
                let unmatched = try XCTUnwrap(queued.items.first { $0.value.kind == .unmatchedClaim })
                XCTAssertEqual(unmatched.value.patientControlNumber, "NOSUCH-1")
                XCTAssertNil(unmatched.value.claimID)
                XCTAssertEqual(unmatched.value.charge, claims[0].totalCharge)
                XCTAssertNotNil(unmatched.value.paid)
                XCTAssertEqual(unmatched.value.receivedFileID, file.value.id)
                XCTAssertEqual(unmatched.value.receivedFileName, "exceptions.835")
                XCTAssertFalse(unmatched.value.traceNumber.isEmpty)
                XCTAssertEqual(unmatched.value.status, .open)
                let line = try XCTUnwrap(queued.items.first { $0.value.kind == .unmatchedLine })
                XCTAssertEqual(line.value.claimID, claims[1].id)
                XCTAssertEqual(line.value.serviceLine, 1)
                XCTAssertEqual(line.value.charge, claims[1].lines[0].charge)
                // File order: the first claim payment's item first.
                XCTAssertEqual(queued.items.first?.value.id, unmatched.value.id)
                let byKind = try await store.postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery(kind: .unmatchedLine))
                XCTAssertEqual(byKind.items.map(\.value.id), [line.value.id])
                // The unmatched claims were not posted.
                let second = try await store.claim(id: claims[1].id, tenantID: tenant.id)
                XCTAssertTrue(second?.value.ledger.postings.isEmpty ?? false)

                // The same 835 again, and under another envelope: nothing more is queued.
                let again = try await exchange.receive(name: "again.835", contents: changed, tenantID: tenant.id, at: at, postedOn: postedOn)
                guard case .duplicate = again else { return XCTFail("the same 835 was received twice") }
                let resent = changed.replacingOccurrences(of: "*261130*1200*", with: "*261130*1201*")
                XCTAssertNotEqual(resent, changed)
                let other = try await exchange.receive(name: "resent.835", contents: resent, tenantID: tenant.id, at: at.addingTimeInterval(60), postedOn: postedOn)
                XCTAssertEqual(other.file.value.counts["exceptions"], queued.items.count)
                let after = try await store.postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery())
                XCTAssertEqual(after.items.map(\.value.id), queued.items.map(\.value.id))

                // Paging: one item a page, in the same order.
                var paged: [UUID] = []
                var cursor: String?
                repeat {
                    let page = try await store.postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery(limit: 1, cursor: cursor))
                    paged += page.items.map(\.value.id)
                    cursor = page.nextCursor
                } while cursor != nil
                XCTAssertEqual(paged, queued.items.map(\.value.id))

                // Resolving: a note is needed, a stale version is refused, and once resolved it is not resolved again.
                do {
                    _ = try await store.resolvePostingException(id: unmatched.value.id, tenantID: tenant.id, note: "  ", actor: actor, at: at)
                    XCTFail("resolved without a note")
                } catch let refusal as PostingExceptionRefusal { XCTAssertEqual(refusal.field, "note") }
                let resolved = try await store.resolvePostingException(id: unmatched.value.id, tenantID: tenant.id, note: "payer's typo; posted by hand",
                                                                      expectedVersion: unmatched.version, actor: actor, at: at)
                XCTAssertEqual(resolved.version, unmatched.version + 1)
                let read = try await store.postingException(id: unmatched.value.id, tenantID: tenant.id)
                XCTAssertEqual(read?.value.status, .resolved)
                XCTAssertEqual(read?.value.resolution, "payer's typo; posted by hand")
                XCTAssertEqual(read?.value.resolvedBy, actor)
                XCTAssertEqual(read?.version, resolved.version)
                do {
                    _ = try await store.updatePostingException(resolved.value, expectedVersion: unmatched.version)
                    XCTFail("a stale version was stored")
                } catch StoreError.versionConflict(_, _, let expected, let actual) {
                    XCTAssertEqual(expected, unmatched.version); XCTAssertEqual(actual, resolved.version)
                }
                do {
                    _ = try await store.resolvePostingException(id: unmatched.value.id, tenantID: tenant.id, note: "again", expectedVersion: unmatched.version,
                                                                actor: actor, at: at)
                    XCTFail("a stale version resolved it")
                } catch StoreError.versionConflict(_, _, _, _) {}
                do {
                    _ = try await store.resolvePostingException(id: unmatched.value.id, tenantID: tenant.id, note: "again", actor: actor, at: at)
                    XCTFail("resolved twice")
                } catch let refusal as PostingExceptionRefusal { XCTAssertEqual(refusal.field, "status") }
                // Open ones first.
                let open = try await store.postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery(status: .open))
                XCTAssertFalse(open.items.contains { $0.value.id == unmatched.value.id })
                let all = try await store.postingExceptions(tenantID: tenant.id, query: PostingExceptionQuery())
                XCTAssertEqual(all.items.last?.value.id, unmatched.value.id)
                // Another tenant sees none of it.
                let otherTenant = try XCTUnwrap(data.tenants.last { $0.id != tenant.id })
                let others = try await store.postingExceptions(tenantID: otherTenant.id, query: PostingExceptionQuery())
                XCTAssertTrue(others.items.isEmpty)
                let notFound = try await store.postingException(id: line.value.id, tenantID: otherTenant.id)
                XCTAssertNil(notFound)
            }
        }
    }
}
