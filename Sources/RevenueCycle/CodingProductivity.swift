import CodeSets
import Foundation

// Coder productivity from the charts' own histories: charts completed per coder, the hours they spent on them (from
// taking a chart to completing, releasing or handing it back, less the time a query waited on the provider), charts
// per hour, turnaround (from entering the queue to completion), and the open queue's age, each beside the targets the
// manager set.

/// The manager's targets for the practice's coders.
public struct ProductivityTargets: Hashable, Codable, Sendable {
    public var tenantID: UUID
    /// Charts completed per hour of handling, in tenths (outpatient charts are quicker than inpatient stays).
    public var outpatientChartsPerHourTenths: Int
    public var inpatientChartsPerHourTenths: Int
    /// Hours from entering the queue to completion.
    public var turnaroundHours: Int
    /// The oldest an open chart should get, in days since its last date of service.
    public var maximumQueueAgeDays: Int

    public init(tenantID: UUID, outpatientChartsPerHourTenths: Int = 120, inpatientChartsPerHourTenths: Int = 25, turnaroundHours: Int = 72,
                maximumQueueAgeDays: Int = 5) {
        self.tenantID = tenantID; self.outpatientChartsPerHourTenths = outpatientChartsPerHourTenths
        self.inpatientChartsPerHourTenths = inpatientChartsPerHourTenths; self.turnaroundHours = turnaroundHours
        self.maximumQueueAgeDays = maximumQueueAgeDays
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        if !(1...10_000).contains(outpatientChartsPerHourTenths) { p.add("outpatientChartsPerHourTenths", "expected 1 to 10000 (tenths of a chart an hour)") }
        if !(1...10_000).contains(inpatientChartsPerHourTenths) { p.add("inpatientChartsPerHourTenths", "expected 1 to 10000 (tenths of a chart an hour)") }
        if !(1...8_760).contains(turnaroundHours) { p.add("turnaroundHours", "expected 1 to 8760 hours") }
        if !(0...3_650).contains(maximumQueueAgeDays) { p.add("maximumQueueAgeDays", "expected 0 to 3650 days") }
        return p.list
    }

    public func chartsPerHourTenths(_ type: CodingWorkType) -> Int { type == .inpatient ? inpatientChartsPerHourTenths : outpatientChartsPerHourTenths }
}

/// One coder's work over a period.
public struct CoderProductivity: Hashable, Codable, Sendable {
    public var coder: ClaimActor
    public var outpatientCompleted: Int
    public var inpatientCompleted: Int
    /// Seconds spent on the charts completed in the period.
    public var handlingSeconds: Int
    /// Charts an hour, in tenths; nil without handling time.
    public var chartsPerHourTenths: Int?
    /// What the targets ask for this coder's mix of charts, in tenths of charts an hour.
    public var targetChartsPerHourTenths: Int?
    /// Median hours from entering the queue to completion.
    public var medianTurnaroundHours: Int?
    public var meetsTarget: Bool?
}

/// The queue as it stands.
public struct QueueAge: Hashable, Codable, Sendable {
    public var open: Int
    public var unassigned: Int
    public var pendingQuery: Int
    public var oldestDays: Int?
    /// Open charts older than the target's maximum age.
    public var overTarget: Int

    public init(open: Int, unassigned: Int, pendingQuery: Int, oldestDays: Int?, overTarget: Int) {
        self.open = open; self.unassigned = unassigned; self.pendingQuery = pendingQuery; self.oldestDays = oldestDays; self.overTarget = overTarget
    }
}

public protocol CodingProductivityStore: Sendable {
    /// Charts completed in `from..<to`.
    func completedCodingWork(tenantID: UUID, from: Date, to: Date) async throws -> [CodingWorkItem]
    /// The open queue's counts on `today`, with "over target" meaning older than `maximumAgeDays`.
    func codingQueueAge(tenantID: UUID, today: ServiceDate, maximumAgeDays: Int) async throws -> QueueAge
    /// The practice's targets; nil until a manager sets them (the defaults apply).
    func productivityTargets(tenantID: UUID) async throws -> ProductivityTargets?
    func saveProductivityTargets(_ targets: ProductivityTargets) async throws
}

public struct ProductivityReport: Hashable, Codable, Sendable {
    public var from: Date
    public var to: Date
    public var targets: ProductivityTargets
    public var coders: [CoderProductivity]
    public var completed: Int
    public var medianTurnaroundHours: Int?
    /// Completed within the turnaround target, in thousandths of those completed.
    public var withinTurnaroundPerMille: Int?
    public var queue: QueueAge
}

public enum CodingProductivity {
    /// The report over `from..<to` from the charts completed then, beside the queue as it stands.
    public static func report(completed: [CodingWorkItem], queue: QueueAge, targets: ProductivityTargets, from: Date, to: Date) -> ProductivityReport {
        var byCoder: [UUID: (coder: ClaimActor, items: [CodingWorkItem], seconds: Int)] = [:]
        var turnarounds: [Int] = []
        for item in completed {
            guard let completion = item.events.last(where: { $0.kind == .completed }), let coder = completion.actor,
                  completion.at >= from, completion.at < to else { continue }
            var entry = byCoder[coder.userID] ?? (coder, [], 0)
            entry.items.append(item)
            entry.seconds += handlingSeconds(item, by: coder.userID)
            byCoder[coder.userID] = entry
            turnarounds.append(Int(completion.at.timeIntervalSince(item.enteredAt) / 3600))
        }
        let coders = byCoder.values.map { entry -> CoderProductivity in
            let inpatient = entry.items.filter { $0.workType == .inpatient }.count
            let outpatient = entry.items.count - inpatient
            let rate = entry.seconds > 0 ? (entry.items.count * 36_000 + entry.seconds / 2) / entry.seconds : nil
            // The target for the mix: the hours the targets allow for these charts, turned back into a rate.
            let allowedSeconds = outpatient * 36_000 / targets.outpatientChartsPerHourTenths + inpatient * 36_000 / targets.inpatientChartsPerHourTenths
            let target = allowedSeconds > 0 ? (entry.items.count * 36_000 + allowedSeconds / 2) / allowedSeconds : nil
            let hours = entry.items.compactMap { item in item.events.last { $0.kind == .completed }.map { Int($0.at.timeIntervalSince(item.enteredAt) / 3600) } }
            return CoderProductivity(coder: entry.coder, outpatientCompleted: outpatient, inpatientCompleted: inpatient, handlingSeconds: entry.seconds,
                                     chartsPerHourTenths: rate, targetChartsPerHourTenths: target, medianTurnaroundHours: median(hours),
                                     meetsTarget: rate.flatMap { r in target.map { r >= $0 } })
        }.sorted { ($0.coder.displayName, $0.coder.userID.uuidString) < ($1.coder.displayName, $1.coder.userID.uuidString) }
        let within = turnarounds.filter { $0 <= targets.turnaroundHours }.count
        return ProductivityReport(from: from, to: to, targets: targets, coders: coders, completed: turnarounds.count, medianTurnaroundHours: median(turnarounds),
                                  withinTurnaroundPerMille: turnarounds.isEmpty ? nil : (within * 1000 + turnarounds.count / 2) / turnarounds.count, queue: queue)
    }

    /// Seconds the coder held the chart: from each time it became theirs (claimed, assigned to them, reopened, a
    /// query answered or withdrawn) to the next time they let it go (released, handed back, a query sent, completed).
    public static func handlingSeconds(_ item: CodingWorkItem, by coderID: UUID) -> Int {
        var total = 0.0
        var since: Date?
        var holder: UUID?
        func close(at end: Date) {
            if holder == coderID, let start = since { total += end.timeIntervalSince(start) }
            since = nil
        }
        for event in item.events {
            switch event.kind {
            case .claimed, .reopened, .assigned:
                close(at: event.at)
                holder = event.kind == .assigned ? event.to?.userID : event.actor?.userID
                since = event.at
            case .answered, .withdrawn:
                if holder != nil { since = event.at }
            case .queried:
                close(at: event.at)
            case .released, .handedBack, .completed:
                close(at: event.at)
                holder = nil
            case .entered, .prioritized, .coded, .statusChanged:
                break
            }
        }
        return Int(total.rounded())
    }

    static func median(_ values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
