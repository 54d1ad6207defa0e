import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// Productivity from the charts' histories: handling time (less the time a query waited, and nobody's time but the
/// coder's), charts an hour against the targets for the mix, turnaround.
final class CodingProductivityTests: XCTestCase {
    let ann = ClaimActor(userID: Fixture.id(50), displayName: "Ann Coder")
    let bob = ClaimActor(userID: Fixture.id(51), displayName: "Bob Coder")
    let lead = ClaimActor(userID: Fixture.id(52), displayName: "Lee Manager")
    let start = Date(timeIntervalSince1970: 1_764_000_000)

    func at(minutes: Int) -> Date { start.addingTimeInterval(Double(minutes) * 60) }

    func chart(_ n: Int, _ events: [CodingWorkEvent], workType: CodingWorkType = .outpatient) -> CodingWorkItem {
        CodingWorkItem(id: Fixture.id(100 + n), tenantID: Fixture.id(1), patientID: Fixture.id(3), workType: workType, priority: .routine, specialty: "",
                       payerID: nil, serviceFrom: Fixture.date("2025-11-03"), serviceThrough: Fixture.date("2025-11-03"), enteredAt: start, status: .done,
                       completedAt: events.last?.at, events: [CodingWorkEvent(kind: .entered, actor: nil, at: start)] + events)
    }

    func testHandlingTimeIsTheCodersOwnLessTheQueryWait() {
        let item = chart(1, [
            CodingWorkEvent(kind: .claimed, actor: bob, at: at(minutes: 10)),
            CodingWorkEvent(kind: .released, actor: bob, at: at(minutes: 15)),            // Bob's 5 minutes
            CodingWorkEvent(kind: .assigned, actor: lead, at: at(minutes: 60), to: ann),
            CodingWorkEvent(kind: .queried, actor: ann, at: at(minutes: 66)),             // Ann's 6 minutes
            CodingWorkEvent(kind: .answered, actor: nil, at: at(minutes: 600)),           // the wait is nobody's
            CodingWorkEvent(kind: .coded, actor: ann, at: at(minutes: 602)),
            CodingWorkEvent(kind: .completed, actor: ann, at: at(minutes: 604)),          // and 4 more
        ])
        XCTAssertEqual(CodingProductivity.handlingSeconds(item, by: ann.userID), 10 * 60)
        XCTAssertEqual(CodingProductivity.handlingSeconds(item, by: bob.userID), 5 * 60)
        XCTAssertEqual(CodingProductivity.handlingSeconds(item, by: lead.userID), 0)
    }

    func testTheReportComparesEachCoderWithTheTargetForTheirMix() {
        // Ann: three outpatient charts of 5 minutes each (12 an hour); Bob: one inpatient stay of 30 minutes (2 an hour).
        var completed = (0..<3).map { n in
            chart(n, [CodingWorkEvent(kind: .claimed, actor: ann, at: at(minutes: 60 * n)), CodingWorkEvent(kind: .completed, actor: ann, at: at(minutes: 60 * n + 5))])
        }
        completed.append(chart(9, [CodingWorkEvent(kind: .claimed, actor: bob, at: at(minutes: 0)), CodingWorkEvent(kind: .completed, actor: bob, at: at(minutes: 30))],
                               workType: .inpatient))
        let targets = ProductivityTargets(tenantID: Fixture.id(1), outpatientChartsPerHourTenths: 100, inpatientChartsPerHourTenths: 25, turnaroundHours: 1)
        let queue = QueueAge(open: 4, unassigned: 2, pendingQuery: 1, oldestDays: 9, overTarget: 3)
        let report = CodingProductivity.report(completed: completed, queue: queue, targets: targets, from: start, to: at(minutes: 24 * 60))
        XCTAssertEqual(report.coders.map(\.coder), [ann, bob])
        XCTAssertEqual(report.coders[0].outpatientCompleted, 3)
        XCTAssertEqual(report.coders[0].handlingSeconds, 15 * 60)
        XCTAssertEqual(report.coders[0].chartsPerHourTenths, 120)
        XCTAssertEqual(report.coders[0].targetChartsPerHourTenths, 100)
        XCTAssertEqual(report.coders[0].meetsTarget, true)
        XCTAssertEqual(report.coders[1].chartsPerHourTenths, 20)
        XCTAssertEqual(report.coders[1].targetChartsPerHourTenths, 25)
        XCTAssertEqual(report.coders[1].meetsTarget, false)
        XCTAssertEqual(report.completed, 4)
        XCTAssertEqual(report.medianTurnaroundHours, 0, "0, 0, 1 and 2 whole hours after entering the queue: the mean of the middle two, rounded down")
        XCTAssertEqual(report.withinTurnaroundPerMille, 750)
        XCTAssertEqual(report.queue, queue)

        // Completed outside the period: not counted.
        let later = CodingProductivity.report(completed: completed, queue: queue, targets: targets, from: at(minutes: 24 * 60), to: at(minutes: 48 * 60))
        XCTAssertEqual(later.completed, 0)
        XCTAssertNil(later.medianTurnaroundHours)
        XCTAssertFalse(ProductivityTargets(tenantID: Fixture.id(1), turnaroundHours: 0).validate().isEmpty)
    }
}
