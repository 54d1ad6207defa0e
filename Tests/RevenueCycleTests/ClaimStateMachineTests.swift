import Foundation
import RevenueCycle
import XCTest

final class ClaimStateMachineTests: XCTestCase {
    let actor = ClaimActor(userID: Fixture.id(500), displayName: "Pat Biller")
    let start = Date(timeIntervalSince1970: 1_762_160_400)

    /// A claim stored in `status` (as storage would load it), with a history that reaches it.
    func claim(in status: ClaimStatus) throws -> Claim {
        var claim = try Fixture().claim()
        var path = try XCTUnwrap(Self.path(to: status), "no path to \(status)")
        path.removeFirst()
        var at = start
        for next in path {
            if ClaimStateMachine.settledStatuses.contains(next) { settle(&claim) }
            try claim.transition(to: next, actor: actor, at: at, reason: "test")
            at += 60
        }
        return claim
    }

    /// Pays every line in full so that insurance owes nothing.
    func settle(_ claim: inout Claim) {
        for line in claim.lines {
            guard let owed = claim.ledger.line(line.lineNumber)?.balance, owed.isPositive else { continue }
            XCTAssertNoThrow(try claim.post(LedgerPosting(id: UUID(), lineNumber: line.lineNumber, entry: .payment(amount: owed, by: .insurance),
                                                          postedOn: Fixture.date("2025-12-01"))))
        }
    }

    /// The shortest path of allowed moves from draft (breadth-first over the table).
    static func path(to target: ClaimStatus) -> [ClaimStatus]? {
        var paths: [ClaimStatus: [ClaimStatus]] = [.draft: [.draft]]
        var queue: [ClaimStatus] = [.draft]
        while !queue.isEmpty {
            let status = queue.removeFirst()
            for next in ClaimStateMachine.allowedTargets(from: status) where paths[next] == nil {
                paths[next] = (paths[status] ?? []) + [next]
                queue.append(next)
            }
        }
        return paths[target]
    }

    func testEveryStatusIsReachableAndTheTableCoversEveryStatus() {
        XCTAssertEqual(ClaimStatus.allCases.count, 17)
        XCTAssertEqual(Set(ClaimStateMachine.table.map(\.from)), Set(ClaimStatus.allCases))
        XCTAssertEqual(ClaimStateMachine.table.count, ClaimStatus.allCases.count, "one row per status")
        for status in ClaimStatus.allCases { XCTAssertNotNil(Self.path(to: status), "\(status) cannot be reached from draft") }
        for row in ClaimStateMachine.table {
            XCTAssertFalse(row.to.contains(row.from), "\(row.from) moves to itself")
            XCTAssertEqual(Set(row.to).count, row.to.count, "\(row.from) lists a target twice")
        }
        XCTAssertEqual(ClaimStateMachine.allowedTargets(from: .submitted), [.accepted, .rejected, .batched])
        XCTAssertEqual(ClaimStateMachine.allowedTargets(from: .closed), [])
    }

    func testEveryLegalTransitionIsAccepted() throws {
        var count = 0
        for row in ClaimStateMachine.table {
            for target in row.to {
                var claim = try claim(in: row.from)
                XCTAssertEqual(claim.status, row.from)
                if ClaimStateMachine.settledStatuses.contains(target) { settle(&claim) }
                let before = claim.history.count
                let at = start + 100_000
                try claim.transition(to: target, actor: actor, at: at, reason: "moving \(row.from) to \(target)",
                                     source: SourceDocumentReference(kind: "835", reference: "TRN 123"))
                XCTAssertEqual(claim.status, target)
                XCTAssertEqual(claim.history.count, before + 1)
                XCTAssertEqual(claim.history.last, ClaimTransition(claimID: claim.id, from: row.from, to: target, actor: actor, at: at,
                                                                   reason: "moving \(row.from) to \(target)",
                                                                   source: SourceDocumentReference(kind: "835", reference: "TRN 123")))
                XCTAssertEqual(claim.validate(), [], "\(row.from) → \(target)")
                count += 1
            }
        }
        XCTAssertEqual(count, ClaimStateMachine.table.map(\.to.count).reduce(0, +))
        XCTAssertGreaterThan(count, 40)
    }

    func testIllegalTransitionsAreRefusedWithTheReason() throws {
        var draft = try claim(in: .draft)
        XCTAssertThrowsError(try draft.transition(to: .paid, actor: actor, at: start, reason: "paid?")) { error in
            XCTAssertEqual(error as? ClaimTransitionError, .notAllowed(from: .draft, to: .paid, allowed: [.ready, .held, .voided]))
            XCTAssertEqual("\(error)", "a claim that is draft can move to ready, held or voided, not to paid")
        }
        XCTAssertEqual(draft.status, .draft)
        XCTAssertEqual(draft.history, [])

        var submitted = try claim(in: .submitted)
        XCTAssertThrowsError(try submitted.transition(to: .paid, actor: actor, at: start + 1000, reason: "x")) {
            XCTAssertEqual("\($0)", "a claim that is submitted can move to accepted, rejected or batched, not to paid")
        }
        var closed = try claim(in: .closed)
        XCTAssertThrowsError(try closed.transition(to: .corrected, actor: actor, at: start + 1000, reason: "x")) {
            XCTAssertEqual("\($0)", "a claim that is closed can move to nothing: closed is final, not to corrected")
        }
        // Every pair not in the table is refused.
        var refused = 0
        for from in ClaimStatus.allCases {
            for to in ClaimStatus.allCases where !ClaimStateMachine.isAllowed(from: from, to: to) {
                var claim = try claim(in: from)
                XCTAssertThrowsError(try claim.transition(to: to, actor: actor, at: start + 1000, reason: "x"))
                XCTAssertEqual(claim.status, from)
                refused += 1
            }
        }
        XCTAssertEqual(refused, 17 * 17 - ClaimStateMachine.table.map(\.to.count).reduce(0, +))
    }

    func testAReasonIsRequiredAndTimeOnlyMovesForward() throws {
        var claim = try claim(in: .ready)
        XCTAssertThrowsError(try claim.transition(to: .batched, actor: actor, at: start + 1000, reason: "  \n")) {
            XCTAssertEqual($0 as? ClaimTransitionError, .missingReason)
        }
        XCTAssertThrowsError(try claim.transition(to: .batched, actor: actor, at: start - 1, reason: "batch 7")) {
            XCTAssertEqual($0 as? ClaimTransitionError, .beforeLastChange(at: self.start - 1, lastChange: self.start))
        }
        XCTAssertEqual(claim.status, .ready)
        // A time a database gives back a hair earlier than it was stored is the same moment.
        XCTAssertNoThrow(try claim.transition(to: .batched, actor: actor, at: start.addingTimeInterval(-0.000_000_5), reason: "batch 7"))
    }

    func testClosingNeedsASettledBalance() throws {
        var claim = try claim(in: .paid)
        XCTAssertThrowsError(try claim.transition(to: .closed, actor: actor, at: start + 10_000, reason: "done")) {
            XCTAssertEqual("\($0)", "a claim is closed only when insurance owes nothing; its insurance balance is $135.00: post the payments, adjustments or transfers first")
        }
        settle(&claim)
        // An overpayment recorded as a credit balance also keeps the claim open until it is refunded.
        try claim.post(LedgerPosting(id: Fixture.id(600), lineNumber: 1, entry: .payment(amount: Money(cents: 100), by: .insurance),
                                     postedOn: Fixture.date("2025-12-02"), allowsCreditBalance: true))
        XCTAssertThrowsError(try claim.transition(to: .closed, actor: actor, at: start + 10_000, reason: "done")) {
            XCTAssertEqual($0 as? ClaimTransitionError, .balanceNotSettled(to: .closed, balance: Money(cents: -100), credit: Money(cents: 100)))
        }
        try claim.post(LedgerPosting(id: Fixture.id(601), lineNumber: 1, entry: .refund(amount: Money(cents: 100), to: .insurance),
                                     postedOn: Fixture.date("2025-12-03")))
        XCTAssertNoThrow(try claim.transition(to: .closed, actor: actor, at: start + 10_000, reason: "settled"))
        XCTAssertEqual(claim.status, .closed)
    }

    func testHistoryIsCheckedByValidation() throws {
        let claim = try claim(in: .accepted)
        var data = try JSONEncoder().encode(claim)
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var history = try XCTUnwrap(json["history"] as? [[String: Any]])
        history[1]["to"] = "paid"
        json["history"] = history
        data = try JSONSerialization.data(withJSONObject: json)
        let tampered = try JSONDecoder().decode(Claim.self, from: data)
        let problems = tampered.validate()
        XCTAssertProblem(problems, "history[1].to", "ready to paid is not an allowed change")
        XCTAssertProblem(problems, "history[2].from", "the claim was paid at this point, not batched")
    }

    func testTransitionTableMarkdown() {
        let markdown = ClaimStateMachine.transitionTableMarkdown()
        XCTAssertTrue(markdown.hasPrefix("| from | may move to | meaning |\n|---|---|---|\n"))
        XCTAssertTrue(markdown.contains("| `submitted` | `accepted`, `rejected`, `batched` | the clearinghouse's 999 accepts or rejects it; batched again when a file the clearinghouse never answered is resubmitted |"))
        XCTAssertTrue(markdown.contains("| `voided` | — | final |"))
        XCTAssertEqual(markdown.components(separatedBy: "\n").filter { $0.hasPrefix("| `") }.count, 17)
    }
}
