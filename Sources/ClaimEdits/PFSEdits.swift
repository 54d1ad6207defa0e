import CodeSets

/// Edits from the payment policy indicators of the Medicare Physician Fee Schedule relative value file, judged by the
/// release in force on each line's date of service. The indicator meanings are those of the file's documentation
/// (RVUPUF, "National Physician Fee Schedule Relative Value File"):
///
/// - global days ZZZ: an add-on, always billed with (and within the global period of) a primary service;
/// - global days 000 / 010 / 090: the procedure's global package holds the visits of its day (000, 010), of the day
///   before and the day (090), and of the 10 or 90 days after (010, 090); a separate visit needs 25 (same day), 57
///   (the decision for major surgery, that day or the day before) or 24 (unrelated, in the postoperative period);
///   another procedure in the period needs 58 (staged), 78 (return to the room for a related problem) or 79 (unrelated);
/// - PC/TC indicator: 1 may take 26 or TC, 6 takes 26 only, every other indicator neither;
/// - bilateral indicator: 1 takes 50 (paid at 150%), 3 takes 50 or RT/LT (each side at 100%), 0 (not bilateral),
///   2 (already bilateral) and 9 (concept does not apply) take no 50;
/// - assistant at surgery (80, 81, 82, AS): 0 paid only with documentation of medical necessity, 1 not paid (a
///   statutory restriction), 2 paid, 9 concept does not apply;
/// - co-surgeons (62) and team surgery (66): 0 not permitted, 1 paid with documentation of medical necessity,
///   2 permitted, 9 concept does not apply;
/// - status B, I, M, N, P (and D, F, G, H in older files): not paid under the fee schedule as billed.
///
/// Professional claims, except the add-on edit, which CMS also applies to outpatient hospital claims.
enum PFSEdits {
    /// The modifiers these edits read, as bits: a line's modifiers are read once.
    struct Modifiers: OptionSet {
        let rawValue: UInt32
        static let m24 = Modifiers(rawValue: 1 << 0), m25 = Modifiers(rawValue: 1 << 1), m26 = Modifiers(rawValue: 1 << 2)
        static let tc = Modifiers(rawValue: 1 << 3), m50 = Modifiers(rawValue: 1 << 4), m53 = Modifiers(rawValue: 1 << 5)
        static let m54 = Modifiers(rawValue: 1 << 6), m57 = Modifiers(rawValue: 1 << 7), m58 = Modifiers(rawValue: 1 << 8)
        static let m62 = Modifiers(rawValue: 1 << 9), m66 = Modifiers(rawValue: 1 << 10), m78 = Modifiers(rawValue: 1 << 11)
        static let m79 = Modifiers(rawValue: 1 << 12), m80 = Modifiers(rawValue: 1 << 13), m81 = Modifiers(rawValue: 1 << 14)
        static let m82 = Modifiers(rawValue: 1 << 15), assistantPA = Modifiers(rawValue: 1 << 16)
        static let lt = Modifiers(rawValue: 1 << 17), rt = Modifiers(rawValue: 1 << 18)
        static let surgeons: Modifiers = [.m80, .m81, .m82, .assistantPA, .m62, .m66]
        static let components: Modifiers = [.m26, .tc]
        static let sides: Modifiers = [.m50, .lt, .rt]
        static let laterProcedure: Modifiers = [.m58, .m78, .m79]
        static let sameDayVisit: Modifiers = [.m25, .m57]

        init(rawValue: UInt32) { self.rawValue = rawValue }

        init(_ modifiers: [String]) {
            var bits: Modifiers = []
            for modifier in modifiers {
                switch modifier.utf8.count == 2 ? modifier.uppercased() : "" {
                case "24": bits.insert(.m24)
                case "25": bits.insert(.m25)
                case "26": bits.insert(.m26)
                case "TC": bits.insert(.tc)
                case "50": bits.insert(.m50)
                case "53": bits.insert(.m53)
                case "54": bits.insert(.m54)
                case "57": bits.insert(.m57)
                case "58": bits.insert(.m58)
                case "62": bits.insert(.m62)
                case "66": bits.insert(.m66)
                case "78": bits.insert(.m78)
                case "79": bits.insert(.m79)
                case "80": bits.insert(.m80)
                case "81": bits.insert(.m81)
                case "82": bits.insert(.m82)
                case "AS": bits.insert(.assistantPA)
                case "LT": bits.insert(.lt)
                case "RT": bits.insert(.rt)
                default: break
                }
            }
            self = bits
        }
    }

    /// A line the file knows: its row (26, TC or 53 when the file prices the modifier apart), day number and provider.
    /// Only plain values (codes and NPIs are small inline strings): the scrubber runs tens of thousands of claims a second.
    struct Line {
        var number: Int
        var date: ServiceDate
        var code: String
        var modifiers: Modifiers
        var indicators: PFSIndicatorTable.Indicators
        /// Index of its release in `PFSIndicatorTables.tables`.
        var table: Int
        var day: Int
        var renderer: String?
        var isEvaluationAndManagement: Bool

        /// A procedure with a global period of its own (000, 010, 090).
        var isSurgery: Bool {
            guard !isEvaluationAndManagement else { return false }
            switch indicators.globalDays {
            case .zero, .ten, .ninety: return true
            default: return false
            }
        }

        func source(_ what: String, _ tables: PFSIndicatorTables) -> String { "\(tables.tables[table].sourceName), \(what)" }
    }

    static func check(_ claim: ScrubClaim, _ tables: PFSIndicatorTables?) -> [ClaimEdit] {
        guard let tables, !tables.tables.isEmpty else { return [] }
        let claimRenderer = claim.npis.first { $0.role == "rendering provider" }?.npi
        var known: [Line] = []
        /// Lines with a procedure the file does not list: they may still be the primary of an add-on.
        var unknown: [(day: Int, renderer: String?)] = []
        known.reserveCapacity(claim.lines.count)
        for line in claim.lines {
            guard let procedure = line.procedure else { continue }
            let renderer = claim.kind == .professional ? line.renderingNPI ?? claimRenderer : nil
            guard let packed = PackedCode.pack(procedure), let tableIndex = tables.index(on: line.serviceDate) else {
                unknown.append((line.serviceDate.daysSinceEpoch, renderer)); continue
            }
            let modifiers = Modifiers(line.modifiers)
            let row: PFSIndicatorTable.Row = modifiers.contains(.tc) ? .technicalComponent
                : modifiers.contains(.m26) ? .professionalComponent : modifiers.contains(.m53) ? .discontinued : .code
            guard let indicators = tables.tables[tableIndex].indicators(packed: packed, row: row)
                    ?? (row == .code ? nil : tables.tables[tableIndex].indicators(packed: packed, row: .code)) else {
                unknown.append((line.serviceDate.daysSinceEpoch, renderer)); continue
            }
            known.append(Line(number: line.number, date: line.serviceDate, code: procedure.uppercased(), modifiers: modifiers, indicators: indicators,
                              table: tableIndex,
                              day: line.serviceDate.daysSinceEpoch, renderer: renderer,
                              isEvaluationAndManagement: NCCIModifiers.isEvaluationAndManagement(procedure)))
        }
        var edits = addOns(known, unknown, tables)
        guard claim.kind == .professional else { return edits }
        edits += globalSurgery(known, tables)
        // The status codes are Medicare's payment policy: other payers set their own (many pay preventive visits, status N).
        let medicarePolicy = claim.payer.map(\.isMedicare) ?? true
        for line in known {
            if !line.modifiers.isDisjoint(with: .components), let edit = professionalTechnical(line, tables) { edits.append(edit) }
            if !line.modifiers.isDisjoint(with: .sides), let edit = bilateral(line, tables) { edits.append(edit) }
            if !line.modifiers.isDisjoint(with: Modifiers.surgeons) { edits += surgeons(line, tables) }
            if medicarePolicy, let edit = status(line, tables) { edits.append(edit) }
        }
        return edits
    }

    // MARK: - Add-on codes

    static func addOns(_ lines: [Line], _ unknown: [(day: Int, renderer: String?)], _ tables: PFSIndicatorTables) -> [ClaimEdit] {
        var edits: [ClaimEdit] = []
        for addOn in lines where addOn.indicators.globalDays == .addOn {
            let primary = lines.contains { $0.number != addOn.number && $0.day == addOn.day && $0.renderer == addOn.renderer && $0.indicators.globalDays != .addOn }
                || unknown.contains { $0.day == addOn.day && $0.renderer == addOn.renderer }
            guard !primary else { continue }
            edits.append(ClaimEdit(
                id: "pfs-addon-without-primary", severity: .error, lines: [addOn.number], codes: [addOn.code],
                message: "line \(addOn.number): \(addOn.code) is an add-on code (global days ZZZ), but no other procedure \(addOn.renderer == nil ? "" : "of the same rendering provider ")is billed on \(addOn.date)",
                source: addOn.source("global days ZZZ (add-on code); CMS's add-on code edit files, which name each add-on's primary codes, are not loaded: this checks only that a primary procedure is billed", tables),
                resolution: "Bill the primary procedure the add-on belongs to on the same date (by the same provider), or remove the add-on code."))
        }
        return edits
    }

    // MARK: - Global surgery

    static func globalSurgery(_ lines: [Line], _ tables: PFSIndicatorTables) -> [ClaimEdit] {
        // Most claims have no procedure with a global period: nothing to build for them.
        guard lines.contains(where: \.isSurgery) else { return [] }
        let surgeries = lines.filter(\.isSurgery)
        var edits: [ClaimEdit] = []
        for line in lines where line.isEvaluationAndManagement {
            for surgery in surgeries where surgery.renderer == line.renderer && surgery.number != line.number {
                if let edit = visit(line, in: surgery, tables) { edits.append(edit); break }
            }
        }
        for surgery in surgeries {
            guard let days = surgery.indicators.globalDays.postoperativeDays else { continue }
            for later in surgeries where later.renderer == surgery.renderer && later.day > surgery.day && later.day <= surgery.day + days
                && later.modifiers.isDisjoint(with: .laterProcedure) {
                edits.append(ClaimEdit(
                    id: "pfs-global-procedure", severity: .error, lines: [surgery.number, later.number], codes: [surgery.code, later.code],
                    message: "line \(later.number): \(later.code) on \(later.date) is inside the global period of \(surgery.code) on line \(surgery.number) (global days \(surgery.indicators.globalDays.rawValue), surgery \(surgery.date), postoperative period through \(date(surgery.day + days)))",
                    source: surgery.source("global days \(surgery.indicators.globalDays.rawValue)", tables),
                    resolution: "Add 58 if the procedure was staged or planned at the first surgery (or more extensive than it), 78 for an unplanned return to the operating or procedure room for a related problem, 79 if it is unrelated to the first surgery. Otherwise it is part of the global package: remove the line."))
            }
        }
        return edits
    }

    /// An E/M line against one surgery of the same provider: the edit when the visit falls in its global package
    /// without the modifier that takes it out.
    static func visit(_ visit: Line, in surgery: Line, _ tables: PFSIndicatorTables) -> ClaimEdit? {
        let global = surgery.indicators.globalDays
        let end = surgery.day + (global.postoperativeDays ?? 0)
        let whereItIs: String
        let resolution: String
        if visit.day == surgery.day {
            if global == .ninety {
                guard visit.modifiers.isDisjoint(with: .sameDayVisit) else { return nil }
                whereItIs = "on the day of"
                resolution = "Add 57 if this visit is where the decision for the surgery was made; 25 if it was a significant, separately identifiable visit for another problem. Otherwise the visit is part of the global package: remove the line."
            } else {
                guard !visit.modifiers.contains(.m25) else { return nil }
                whereItIs = "on the day of"
                resolution = "Add 25 if the visit was significant and separately identifiable beyond the usual evaluation before the procedure (the record must show it). Otherwise it is part of the procedure: remove the line."
            }
        } else if visit.day == surgery.day - 1, global == .ninety {
            guard !visit.modifiers.contains(.m57) else { return nil }
            whereItIs = "the day before"
            resolution = "Add 57 if this visit is where the decision for the surgery was made. Otherwise the visit the day before major surgery is part of its global package: remove the line."
        } else if visit.day > surgery.day, visit.day <= end {
            // With 54 the surgeon did the surgery only; the postoperative care is someone else's.
            guard !visit.modifiers.contains(.m24), !surgery.modifiers.contains(.m54) else { return nil }
            whereItIs = "after"
            resolution = "Add 24 if the visit was for a problem unrelated to the surgery (the diagnosis should show it). Postoperative visits for the surgery itself are part of its global package: remove the line."
        } else {
            return nil
        }
        let period = global.postoperativeDays == nil ? "" : ", postoperative period through \(date(end))"
        return ClaimEdit(
            id: "pfs-global-em", severity: .error, lines: [visit.number, surgery.number].sorted(), codes: [visit.code, surgery.code],
            message: "line \(visit.number): E/M \(visit.code) on \(visit.date) is \(whereItIs) \(surgery.code) on line \(surgery.number) (global days \(global.rawValue), surgery \(surgery.date)\(period)), inside its global surgery package",
            source: surgery.source("global days \(global.rawValue)", tables),
            resolution: resolution)
    }

    // MARK: - PC/TC

    static let professionalTechnicalMeanings: [UInt8: String] = [
        0: "physician service: the PC/TC split does not apply",
        1: "diagnostic test with professional and technical components: 26 and TC may be used",
        2: "professional component only: a stand-alone code for the interpretation",
        3: "technical component only: a stand-alone code",
        4: "global test only: other codes describe its professional and its technical component",
        5: "incident-to service",
        6: "laboratory physician interpretation: 26 for the interpretation, no TC",
        7: "physical therapy service",
        8: "physician interpretation of a clinical laboratory test",
        9: "the PC/TC concept does not apply",
    ]

    static func professionalTechnical(_ line: Line, _ tables: PFSIndicatorTables) -> ClaimEdit? {
        let wants26 = line.modifiers.contains(.m26), wantsTC = line.modifiers.contains(.tc)
        guard wants26 || wantsTC else { return nil }
        if wants26 && wantsTC {
            return ClaimEdit(id: "pfs-pctc-modifier", severity: .error, lines: [line.number], codes: [line.code, "26", "TC"],
                              message: "line \(line.number): \(line.code) has both 26 and TC; together they are the whole (global) service",
                              source: line.source("PC/TC indicator \(line.indicators.professionalTechnical)", tables),
                             resolution: "Bill the code without either modifier when you did both parts; 26 for the interpretation only; TC for the technical part only.")
        }
        // The indicator of the code's own row: the 26 row of a laboratory interpretation says 6 where the code says 9.
        let base = tables.tables[line.table].indicators(for: line.code)?.professionalTechnical ?? line.indicators.professionalTechnical
        let indicator = line.indicators.professionalTechnical
        let allowed = wants26 ? [1, 6].contains(indicator) || [1, 6].contains(base) : indicator == 1 || base == 1
        guard !allowed else { return nil }
        let modifier = wants26 ? "26" : "TC"
        let meaning = professionalTechnicalMeanings[base] ?? ""
        return ClaimEdit(id: "pfs-pctc-modifier", severity: .error, lines: [line.number], codes: [line.code, modifier],
                          message: "line \(line.number): \(modifier) on \(line.code), whose PC/TC indicator is \(base) (\(meaning)); the code takes no \(modifier)",
                          source: line.source("PC/TC indicator \(base)", tables),
                          resolution: [2, 3, 4].contains(base)
                              ? "Remove \(modifier): separate codes describe the professional component, the technical component and the whole test; bill the code for the part you did."
                              : "Remove \(modifier): the service is not split into professional and technical components.")
    }

    // MARK: - Bilateral

    static let bilateralMeanings: [UInt8: String] = [
        0: "the bilateral adjustment does not apply: the procedure is not done on both sides in one session, or is not paid so",
        1: "the bilateral adjustment applies: bill one line with 50, paid at 150%",
        2: "already bilateral: the code's values cover both sides",
        3: "each side paid at 100% (radiology and other diagnostic tests)",
        9: "the bilateral concept does not apply",
    ]

    static func bilateral(_ line: Line, _ tables: PFSIndicatorTables) -> ClaimEdit? {
        let m = line.modifiers
        let indicator = line.indicators.bilateral
        var meaning: String { bilateralMeanings[indicator] ?? "" }
        func edit(_ codes: [String], _ message: String, _ resolution: String) -> ClaimEdit {
            ClaimEdit(id: "pfs-bilateral-modifier", severity: .error, lines: [line.number], codes: [line.code] + codes,
                      message: "line \(line.number): \(message)", source: line.source("bilateral surgery indicator \(indicator)", tables), resolution: resolution)
        }
        if m.contains(.m50) {
            if !m.isDisjoint(with: [.lt, .rt]) {
                let side = m.contains(.lt) ? (m.contains(.rt) ? "LT and RT" : "LT") : "RT"
                return edit(["50"] + (m.contains(.lt) ? ["LT"] : []) + (m.contains(.rt) ? ["RT"] : []),
                            "\(line.code) has 50 and \(side); 50 already says both sides",
                            "Keep 50 alone for a bilateral procedure, or LT / RT alone for one side.")
            }
            if [0, 2, 9].contains(indicator) {
                return edit(["50"], "50 on \(line.code), whose bilateral surgery indicator is \(indicator) (\(meaning))",
                            indicator == 2 ? "Remove 50: the code already describes the procedure on both sides." : "Remove 50; bill the code once, with RT or LT where the side matters.")
            }
        } else if m.contains(.lt) && m.contains(.rt) {
            let resolution: String
            switch indicator {
            case 1: resolution = "Bill one line with 50 (1 unit) instead of LT and RT."
            case 3: resolution = "Bill two lines, one with RT and one with LT (or one line with 50), each side is paid in full."
            case 2: resolution = "Remove LT and RT: the code already describes both sides."
            default: resolution = "Bill each side on its own line, with RT on one and LT on the other."
            }
            return edit(["LT", "RT"], "\(line.code) has both LT and RT on one line (bilateral surgery indicator \(indicator): \(meaning))", resolution)
        }
        return nil
    }

    // MARK: - Assistant, co-surgeons, team

    static func surgeons(_ line: Line, _ tables: PFSIndicatorTables) -> [ClaimEdit] {
        var edits: [ClaimEdit] = []
        let m = line.modifiers
        let assistants: [(Modifiers, String)] = [(.m80, "80"), (.m81, "81"), (.m82, "82"), (.assistantPA, "AS")]
        let used = assistants.filter { m.contains($0.0) }.map(\.1)
        if !used.isEmpty {
            let indicator = line.indicators.assistant
            let which = used.joined(separator: ", ")
            let source = line.source("assistant at surgery indicator \(indicator)", tables)
            switch indicator {
            case 0:
                edits.append(ClaimEdit(id: "pfs-assistant-at-surgery", severity: .warning, lines: [line.number], codes: [line.code] + used,
                                       message: "line \(line.number): assistant at surgery (\(which)) on \(line.code) is paid only with documentation that the assistant was medically necessary (indicator 0)",
                                       source: source, resolution: "Send the operative report showing why an assistant was needed, or remove the line."))
            case 1:
                edits.append(ClaimEdit(id: "pfs-assistant-at-surgery", severity: .error, lines: [line.number], codes: [line.code] + used,
                                       message: "line \(line.number): assistant at surgery (\(which)) on \(line.code) is not paid: a statutory payment restriction (indicator 1)",
                                       source: source, resolution: "Remove the assistant's line; Medicare does not pay an assistant for this procedure."))
            case 9:
                edits.append(ClaimEdit(id: "pfs-assistant-at-surgery", severity: .error, lines: [line.number], codes: [line.code] + used,
                                       message: "line \(line.number): assistant at surgery (\(which)) on \(line.code), to which the assistant concept does not apply (indicator 9)",
                                       source: source, resolution: "Remove the modifier; this is not a surgical service an assistant is paid for."))
            default: break
            }
        }
        for (bit, modifier, id, what, indicator) in [(Modifiers.m62, "62", "pfs-co-surgery", "co-surgeons", line.indicators.coSurgeons),
                                                     (.m66, "66", "pfs-team-surgery", "team surgery", line.indicators.team)] where m.contains(bit) {
            let source = line.source("\(what) indicator \(indicator)", tables)
            switch indicator {
            case 0, 9:
                edits.append(ClaimEdit(id: id, severity: .error, lines: [line.number], codes: [line.code, modifier],
                                       message: "line \(line.number): \(modifier) (\(what)) on \(line.code), for which \(what) \(indicator == 0 ? "are not permitted (indicator 0)" : "do not apply (indicator 9)")",
                                       source: source, resolution: "Remove \(modifier) and bill the surgeon's own part (an assistant uses 80, 81, 82 or AS where that is paid)."))
            case 1:
                edits.append(ClaimEdit(id: id, severity: .warning, lines: [line.number], codes: [line.code, modifier],
                                       message: "line \(line.number): \(modifier) (\(what)) on \(line.code) is paid only with documentation that \(what == "co-surgeons" ? "two surgeons were" : "a team was") medically necessary (indicator 1)",
                                       source: source, resolution: "Send the operative report that shows the medical necessity."))
            default: break
            }
        }
        return edits
    }

    // MARK: - Status

    /// Statuses under which the fee schedule pays nothing for the code as billed. Not here: A and T (paid), C (the
    /// contractor prices it), R (paid when the special coverage rules are met), J (anesthesia, paid from base units),
    /// E and X (excluded from this fee schedule, by regulation or statute, but paid under another when covered:
    /// drugs, laboratory tests, ambulance, DME).
    static func isUnpaid(_ status: UInt8) -> Bool {
        switch status {
        case UInt8(ascii: "B"), UInt8(ascii: "D"), UInt8(ascii: "F"), UInt8(ascii: "G"), UInt8(ascii: "H"), UInt8(ascii: "I"),
             UInt8(ascii: "M"), UInt8(ascii: "N"), UInt8(ascii: "P"): true
        default: false
        }
    }

    static func status(_ line: Line, _ tables: PFSIndicatorTables) -> ClaimEdit? {
        guard isUnpaid(line.indicators.statusByte) else { return nil }
        let status = line.indicators.status
        let meaning = FlatImporters.pfsStatusMeanings[String(status)] ?? "not paid"
        let resolution: String
        switch status {
        case "B", "P": resolution = "Payment is included in the service it goes with: remove the line, or keep it only if the payer asks for it to be reported."
        case "I", "G": resolution = "Medicare uses another code for this service (often a HCPCS Level II G code): bill that code instead."
        case "M": resolution = "Nothing to fix if the code reports a quality measure (usually with a nominal charge); it is not paid."
        case "N": resolution = "Medicare does not cover the service: collect from the patient with an ABN on file (modifier GA), or mark it GY/GZ as the case is; other payers may cover it."
        default: resolution = "The code is no longer valid: bill the code that replaced it."
        }
        return ClaimEdit(id: "pfs-status-not-paid", severity: .warning, lines: [line.number], codes: [line.code],
                         message: "line \(line.number): Medicare does not pay \(line.code) under the physician fee schedule (status \(status): \(meaning))",
                         source: line.source("status \(status) (\(meaning))", tables), resolution: resolution)
    }

    /// The date of a day number (for messages).
    static func date(_ dayNumber: Int) -> String { ServiceDate(daysSinceEpoch: dayNumber)?.iso ?? "day \(dayNumber)" }
}
