import CodeSets

/// NCCI procedure-to-procedure edits: two lines on the same date of service (and, on a professional claim, by the
/// same rendering provider) whose codes are a column 1 / column 2 pair in force on that date; and 59 or an X modifier
/// on an E/M, which NCCI never accepts.
enum PTPEdits {
    static func check(_ claim: ScrubClaim, _ tables: PTPTables?) -> [ClaimEdit] {
        guard let table = tables?.table(for: claim.kind) else { return [] }
        let claimRenderer = claim.npis.first { $0.role == "rendering provider" }?.npi
        // Lines by index, not copies: the pair loop is the scrubber's hottest.
        let lines = claim.lines.indices.compactMap { i in
            claim.lines[i].procedure.flatMap(PackedCode.pack).map { (line: i, code: $0, day: PackedCode.day(claim.lines[i].serviceDate),
                                                                   renderer: claim.lines[i].renderingNPI ?? claimRenderer) }
        }
        var edits: [ClaimEdit] = []
        for (i, first) in lines.enumerated() {
            for second in lines[(i + 1)...] where first.day == second.day && first.code != second.code
                && (claim.kind == .institutional || first.renderer == second.renderer) {
                if let row = table.activeRow(first.code, second.code, on: first.day),
                   let edit = pair(row, column1: claim.lines[first.line], column2: claim.lines[second.line], table) {
                    edits.append(edit)
                }
                if let row = table.activeRow(second.code, first.code, on: first.day),
                   let edit = pair(row, column1: claim.lines[second.line], column2: claim.lines[first.line], table) {
                    edits.append(edit)
                }
            }
        }
        return edits + modifiersOnEvaluationAndManagement(claim)
    }

    static func pair(_ row: PTPTable.Row, column1: ScrubClaim.Line, column2: ScrubClaim.Line, _ table: PTPTable) -> ClaimEdit? {
        let indicator = PTPTable.ModifierIndicator(rawValue: row.indicator)
        if indicator == .notApplicable || (indicator == .allowed && (bypasses(column1) || bypasses(column2))) { return nil }
        let edit = table.edit(row)
        let source = "NCCI \(table.setting.rawValue) PTP, effective \(edit.effective), modifier indicator \(row.indicator)"
        let rationale = edit.rationale.isEmpty ? "" : " (\(edit.rationale))"
        let what = "line \(column2.number): \(edit.column2) is a column 2 code of \(edit.column1) on line \(column1.number), on the same date of service \(column1.serviceDate)\(rationale)"
        if indicator == .notAllowed {
            return ClaimEdit(id: "ncci-ptp", severity: .error, lines: [column1.number, column2.number].sorted(), codes: [edit.column1, edit.column2],
                             message: "\(what); no modifier makes both payable",
                             source: source,
                             resolution: "Remove line \(column2.number): its service is included in \(edit.column1). Bill both only if they were on different dates or by different providers.")
        }
        return ClaimEdit(id: "ncci-ptp", severity: .error, lines: [column1.number, column2.number].sorted(), codes: [edit.column1, edit.column2],
                         message: "\(what); both are paid only with a modifier that shows the services were distinct",
                         source: source,
                         resolution: "If the service on line \(column2.number) was distinct (another session, site, organ, incision or encounter) and the record shows it, add the modifier that says so (XE, XS, XP, XU or 59; an anatomic modifier such as LT/RT, F1-F9, T1-T9; or 24, 25, 57, 58, 78, 79, 27, 91 where they apply). Otherwise remove line \(column2.number).")
    }

    /// A line carries a modifier that bypasses an indicator-1 pair. 59 and the X modifiers say nothing on an E/M
    /// (see `modifiersOnEvaluationAndManagement`), so there they do not count.
    static func bypasses(_ line: ScrubClaim.Line) -> Bool {
        line.modifiers.contains { modifier in
            let modifier = modifier.uppercased()
            return NCCIModifiers.bypass.contains(modifier)
                && !(NCCIModifiers.distinctService.contains(modifier) && NCCIModifiers.isEvaluationAndManagement(line.procedure ?? ""))
        }
    }

    static func modifiersOnEvaluationAndManagement(_ claim: ScrubClaim) -> [ClaimEdit] {
        claim.lines.compactMap { line in
            guard let code = line.procedure, NCCIModifiers.isEvaluationAndManagement(code) else { return nil }
            let wrong = line.modifiers.map { $0.uppercased() }.filter(NCCIModifiers.distinctService.contains)
            guard !wrong.isEmpty else { return nil }
            return ClaimEdit(id: "ncci-modifier-on-em", severity: .error, lines: [line.number], codes: [code] + wrong,
                             message: "line \(line.number): modifier \(wrong.joined(separator: ", ")) is not valid on an E/M service (\(code)); payers ignore it there and deny the line or its pair",
                             source: "NCCI Policy Manual, chapter I (modifiers 59 and XE, XS, XP, XU are not used on E/M services)",
                             resolution: "Use 25 on the E/M for a significant, separately identifiable visit on the day of a procedure (57 when the visit decided on major surgery); put 59 or XE/XS/XP/XU on the procedure line only.")
        }
    }
}
