import CodeSets
import Foundation

/// One price in a fee schedule: a procedure code, optionally with one modifier, for a span of dates of service.
public struct FeeScheduleEntry: Hashable, Codable, Sendable {
    public var code: String
    /// An entry with a modifier prices only lines carrying that modifier, and wins over the bare code's entry.
    public var modifier: String?
    /// The price of one unit.
    public var amount: Money
    public var effectiveFrom: ServiceDate
    /// Nil while the price has no end date.
    public var effectiveThrough: ServiceDate?

    public init(code: String, modifier: String? = nil, amount: Money, effectiveFrom: ServiceDate, effectiveThrough: ServiceDate? = nil) {
        self.code = code; self.modifier = modifier; self.amount = amount
        self.effectiveFrom = effectiveFrom; self.effectiveThrough = effectiveThrough
    }

    public func covers(_ date: ServiceDate) -> Bool {
        date >= effectiveFrom && (effectiveThrough.map { date <= $0 } ?? true)
    }

    func overlaps(_ other: FeeScheduleEntry) -> Bool {
        let startsBeforeOtherEnds = other.effectiveThrough.map { effectiveFrom <= $0 } ?? true
        let otherStartsBeforeThisEnds = effectiveThrough.map { other.effectiveFrom <= $0 } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds
    }
}

/// A list of prices by code: the practice's charge master (what it charges everyone) or a payer's contracted rates
/// (the allowed amount the practice expects from that payer).
public struct FeeSchedule: Hashable, Codable, Sendable, Identifiable {
    public enum Purpose: String, Hashable, Codable, Sendable, CaseIterable {
        /// The practice's own charges, billed on every claim.
        case chargeMaster
        /// A payer's contracted (expected allowed) amounts, used to check what the payer paid.
        case contractedRates
    }

    public var id: UUID
    public var tenantID: UUID
    public var name: String
    public var purpose: Purpose
    /// The payer whose contract this is; only for contracted rates.
    public var payerID: UUID?
    public var entries: [FeeScheduleEntry]

    public init(id: UUID, tenantID: UUID, name: String, purpose: Purpose, payerID: UUID? = nil, entries: [FeeScheduleEntry]) {
        self.id = id; self.tenantID = tenantID; self.name = name; self.purpose = purpose; self.payerID = payerID; self.entries = entries
    }

    /// The entry that prices a code with the line's modifiers on a date of service. A modifier-specific entry wins
    /// over the bare code; among the line's modifiers the first with an entry wins (the pricing modifier is written
    /// first). Nil when nothing covers the date.
    public func entry(code: String, modifiers: [String] = [], on date: ServiceDate) -> FeeScheduleEntry? {
        for modifier in modifiers {
            if let hit = covering(code: code, modifier: modifier, on: date) { return hit }
        }
        return covering(code: code, modifier: nil, on: date)
    }

    /// The price of `units` units, or nil when no entry covers the date (or on overflow).
    public func price(code: String, modifiers: [String] = [], units: Int = 1, on date: ServiceDate) -> Money? {
        entry(code: code, modifiers: modifiers, on: date)?.amount.multiplied(by: units)
    }

    private func covering(code: String, modifier: String?, on date: ServiceDate) -> FeeScheduleEntry? {
        // A valid schedule has at most one; if an invalid one has several, the latest to take effect is used.
        entries.filter { $0.code == code && $0.modifier == modifier && $0.covers(date) }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.text(name, "name", maximumLength: 100, what: "the name")
        switch purpose {
        case .chargeMaster where payerID != nil:
            p.add("payerID", "a charge master is the practice's own and names no payer")
        case .contractedRates where payerID == nil:
            p.add("payerID", "contracted rates belong to a payer")
        default: break
        }
        var seen: [String: [Int]] = [:]
        for (i, entry) in entries.enumerated() {
            let field = "entries[\(i)]"
            if ProcedureCode.cpt(entry.code).problem != nil && ProcedureCode.hcpcs(entry.code).problem != nil {
                p.add("\(field).code", "expected a CPT or HCPCS code (such as 99213 or G0439); got \"\(entry.code)\"")
            }
            if let modifier = entry.modifier { p.add("\(field).modifier", ifAny: Modifiers.problem(modifier)) }
            if entry.amount.isNegative { p.add("\(field).amount", "a price cannot be negative; got \(entry.amount)") }
            p.range(from: entry.effectiveFrom, through: entry.effectiveThrough, fromField: "\(field).effectiveFrom", throughField: "\(field).effectiveThrough")
            let key = entry.code + "|" + (entry.modifier ?? "")
            for earlier in seen[key, default: []] where entries[earlier].overlaps(entry) {
                p.add(field, "\(entry.code)\(entry.modifier.map { "-\($0)" } ?? "") is already priced by entries[\(earlier)] on some of the same dates")
            }
            seen[key, default: []].append(i)
        }
        return p.list
    }
}
