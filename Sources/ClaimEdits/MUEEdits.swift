import CodeSets

/// Medically Unlikely Edits: units of a code over the CMS limit, per line (MAI 1) or summed over the lines of one date
/// of service (MAI 2 and 3), judged by the table in force on that date.
enum MUEEdits {
    static func check(_ claim: ScrubClaim, _ tables: MUETables?) -> [ClaimEdit] {
        guard let tables else { return [] }
        // A limit of 0 is Medicare's coverage (services it never pays, such as preventive visits), not a count of what is
        // plausible: it is applied to Medicare claims, and to claims whose payer is not known.
        let zeroLimitsApply = claim.payer.map(\.isMedicare) ?? true
        var edits: [ClaimEdit] = []
        // Date-of-service limits, in the order their codes first appear: the lines of one code on one day, summed.
        var days: [(code: String, date: ServiceDate, limit: MUETable.Limit, table: MUETable, lines: [ScrubClaim.Line])] = []
        for line in claim.lines {
            guard let code = line.procedure?.uppercased(), let table = tables.table(for: claim.kind, on: line.serviceDate),
                  let limit = table.limit(for: code), limit.units > 0 || zeroLimitsApply else { continue }
            if limit.indicator == .line {
                if line.units > limit.units { edits.append(edit(code, [line], limit, table)) }
            } else if let i = days.firstIndex(where: { $0.code == code && $0.date == line.serviceDate }) {
                days[i].lines.append(line)
            } else {
                days.append((code, line.serviceDate, limit, table, [line]))
            }
        }
        for day in days where day.lines.reduce(0, { $0 + $1.units }) > day.limit.units {
            edits.append(edit(day.code, day.lines, day.limit, day.table))
        }
        return edits
    }

    static func edit(_ code: String, _ lines: [ScrubClaim.Line], _ limit: MUETable.Limit, _ table: MUETable) -> ClaimEdit {
        let units = lines.reduce(0) { $0 + $1.units }
        let numbers = lines.map(\.number)
        let which = numbers.count == 1 ? "line \(numbers[0])" : "lines \(numbers.map(String.init).joined(separator: ", "))"
        let message: String
        let resolution: String
        switch limit.indicator {
        case .line:
            message = "\(which): \(units) units of \(code); the MUE allows \(limit.units) on one line"
            resolution = "Correct the units. If more were given and documented, report the rest on another line with the modifier that explains it (e.g. 76, 77, 91 or an anatomic modifier): each line is judged on its own."
        case .dateOfServicePolicy:
            message = "\(which): \(units) units of \(code) on \(lines[0].serviceDate)\(numbers.count > 1 ? ", summed" : ""); the MUE allows \(limit.units) a day, by policy"
            resolution = "Correct the units: this limit comes from policy or the code's definition, and units above it are not paid, even on appeal."
        case .dateOfServiceClinical:
            message = "\(which): \(units) units of \(code) on \(lines[0].serviceDate)\(numbers.count > 1 ? ", summed" : ""); the MUE allows \(limit.units) a day on clinical grounds"
            resolution = "Correct the units. If more were medically necessary, the units above the limit will be denied and can be appealed with the medical record."
        }
        let rationale = limit.rationale.isEmpty ? "" : " (\(limit.rationale))"
        return ClaimEdit(id: "ncci-mue", severity: .error, lines: numbers, codes: [code], message: message + rationale,
                         source: "\(table.sourceName), MAI \(limit.indicator.rawValue)", resolution: resolution)
    }
}
