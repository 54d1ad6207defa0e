import CodeSets
import Foundation

/// What the code sets said of each code on each date of service, kept: a code-set lookup builds a whole record
/// (titles, hierarchy, notes) and was most of a scrub's time, while claims repeat the same few thousand codes. Shared
/// by every request; emptied when it grows past `capacity`, since a verdict is cheap to make again.
final class LookupMemo: @unchecked Sendable {
    struct Key: Hashable {
        var code: String
        var day: Int
    }

    let capacity: Int
    private let lock = NSLock()
    private var diagnoses: [Key: CodeValidityEdits.DiagnosisVerdict] = [:]
    private var procedures: [Key: CodeValidityEdits.ProcedureVerdict] = [:]
    private var modifiers: [Key: CodeValidityEdits.ModifierVerdict] = [:]

    init(capacity: Int = 200_000) { self.capacity = capacity }

    func diagnosis(_ code: String, _ date: ServiceDate, _ make: () -> CodeValidityEdits.DiagnosisVerdict) -> CodeValidityEdits.DiagnosisVerdict {
        remembered(&diagnoses, Key(code: code, day: date.daysSinceEpoch), make)
    }

    func procedure(_ code: String, _ date: ServiceDate, _ make: () -> CodeValidityEdits.ProcedureVerdict) -> CodeValidityEdits.ProcedureVerdict {
        remembered(&procedures, Key(code: code, day: date.daysSinceEpoch), make)
    }

    func modifier(_ code: String, _ date: ServiceDate, _ make: () -> CodeValidityEdits.ModifierVerdict) -> CodeValidityEdits.ModifierVerdict {
        remembered(&modifiers, Key(code: code, day: date.daysSinceEpoch), make)
    }

    private func remembered<V>(_ table: inout [Key: V], _ key: Key, _ make: () -> V) -> V {
        lock.lock()
        let known = table[key]
        lock.unlock()
        if let known { return known }
        // Made outside the lock: two requests may both make a verdict, and both are the same.
        let verdict = make()
        lock.lock()
        if table.count >= capacity { table.removeAll(keepingCapacity: true) }
        table[key] = verdict
        lock.unlock()
        return verdict
    }
}
