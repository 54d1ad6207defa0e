import CodeSets

/// What a payer denies whatever the coding: a claim filed after its limit, a service billed twice, services an
/// authorization on file does not cover.
enum FilingEdits {
    /// Days before the limit from which a claim not yet sent is flagged, so that it goes first.
    static let timelyFilingWarningDays = 14

    static func check(_ claim: ScrubClaim, others: [ScrubClaim]) -> [ClaimEdit] {
        timelyFiling(claim) + duplicates(claim, others) + authorization(claim)
    }

    /// Each line counts from its own date of service: past the payer's limit on the filing date it is denied (CARC 29).
    static func timelyFiling(_ claim: ScrubClaim) -> [ClaimEdit] {
        guard let filed = claim.filingDate, let payer = claim.payer, let limit = payer.timelyFilingDays else { return [] }
        var late: [(ScrubClaim.Line, ServiceDate)] = [], close: [(ScrubClaim.Line, ServiceDate)] = []
        for line in claim.lines {
            guard let deadline = line.serviceDate.adding(days: limit), let warnFrom = deadline.adding(days: -timelyFilingWarningDays) else { continue }
            if filed > deadline { late.append((line, deadline)) } else if filed > warnFrom { close.append((line, deadline)) }
        }
        let source = "\(payer.name) timely filing limit, \(limit) days from the date of service"
        var edits: [ClaimEdit] = []
        if let first = late.min(by: { $0.1 < $1.1 }) {
            edits.append(ClaimEdit(id: "timely-filing-past", severity: .error, lines: late.map(\.0.number), codes: late.compactMap(\.0.procedure),
                                   message: "filed on \(filed), \(late.count == claim.lines.count ? "the claim is" : "\(late.count) of its lines are") past \(payer.name)'s limit of \(limit) days (the first deadline was \(first.1)); the payer denies it (CARC 29)",
                                   source: source,
                                   resolution: "Send it only with proof of timely filing (an earlier acceptance report, 999 or 277CA) or the payer's exception (retroactive eligibility, another payer's late decision); otherwise adjust the lines off as a timely-filing write-off."))
        }
        if let first = close.min(by: { $0.1 < $1.1 }) {
            edits.append(ClaimEdit(id: "timely-filing-soon", severity: .warning, lines: close.map(\.0.number), codes: close.compactMap(\.0.procedure),
                                   message: "\(payer.name)'s filing limit for \(close.count == 1 ? "line \(close[0].0.number)" : "\(close.count) lines") ends on \(first.1)",
                                   source: source, resolution: "Send the claim before \(first.1); fix its other edits first."))
        }
        return edits
    }

    /// A line that repeats a line of another live claim of the same patient to the same payer (same date, code and
    /// modifiers) is denied as a duplicate (CARC 18). Replacements and voids are meant to repeat what they replace.
    static func duplicates(_ claim: ScrubClaim, _ others: [ScrubClaim]) -> [ClaimEdit] {
        guard claim.frequency == "1", let patient = claim.patientKey else { return [] }
        var edits: [ClaimEdit] = []
        for other in others where other.id != claim.id && other.patientKey == patient && other.payer?.id == claim.payer?.id {
            let repeated = claim.lines.filter { line in other.lines.contains { sameService(line, $0) } }
            guard !repeated.isEmpty else { continue }
            let all = repeated.count == claim.lines.count
            edits.append(ClaimEdit(id: all ? "claim-duplicate" : "line-duplicate", severity: all ? .error : .warning, lines: repeated.map(\.number),
                                   codes: repeated.compactMap(\.procedure),
                                   message: all ? "every line repeats claim \(other.id) (same patient, payer, dates, codes and modifiers): the payer denies it as a duplicate (CARC 18)"
                                       : "line\(repeated.count == 1 ? "" : "s") \(repeated.map { String($0.number) }.joined(separator: ", ")) repeat\(repeated.count == 1 ? "s" : "") a service already on claim \(other.id)",
                                   source: "duplicate claim check against the patient's other claims (CARC 18: exact duplicate claim/service)",
                                   resolution: "If this corrects claim \(other.id), send it as a replacement (frequency 7) with the payer's claim number; if the service really was given again, add 76 or 77 (repeat procedure) or 91 (repeat lab test); otherwise void one of them."))
        }
        // The same service twice on one claim is a duplicate too, unless a repeat modifier says otherwise.
        for (i, line) in claim.lines.enumerated() {
            if let twin = claim.lines[..<i].first(where: { sameService(line, $0) }) {
                edits.append(ClaimEdit(id: "line-duplicate", severity: .warning, lines: [twin.number, line.number], codes: line.procedure.map { [$0] } ?? [],
                                       message: "lines \(twin.number) and \(line.number) bill the same service on \(line.serviceDate)",
                                       source: "duplicate line check (CARC 18)",
                                       resolution: "Bill it once with the units summed, or mark the repeat with 76, 77 or 91."))
            }
        }
        return edits
    }

    static let repeatModifiers: Set<String> = ["76", "77", "91"]

    static func sameService(_ a: ScrubClaim.Line, _ b: ScrubClaim.Line) -> Bool {
        a.procedure != nil && a.procedure == b.procedure && a.serviceDate == b.serviceDate && a.revenueCode == b.revenueCode
            && Set(a.modifiers) == Set(b.modifiers) && repeatModifiers.isDisjoint(with: a.modifiers)
            && (a.renderingNPI == nil || b.renderingNPI == nil || a.renderingNPI == b.renderingNPI)
    }

    /// The authorization on file must be approved and cover each authorized code's dates and units.
    static func authorization(_ claim: ScrubClaim) -> [ClaimEdit] {
        guard let auth = claim.authorizationOnFile else { return [] }
        let source = "prior authorization \(auth.number ?? "(no number)") on file: \(auth.status), \(auth.validFrom) to \(auth.validThrough), \(auth.units) unit\(auth.units == 1 ? "" : "s") of \(auth.procedureCodes.joined(separator: ", "))"
        guard auth.approved else {
            return [ClaimEdit(id: "auth-not-approved", severity: .error, codes: auth.procedureCodes,
                              message: "the claim's prior authorization is \(auth.status), not approved; the payer denies the services it covers (CARC 197)",
                              source: source, resolution: "Follow the request up with the payer (278) and send the claim once it is approved, with its number.")]
        }
        var edits: [ClaimEdit] = []
        let covered = Set(auth.procedureCodes)
        let authorizedLines = claim.lines.filter { $0.procedure.map(covered.contains) ?? false }
        let outside = authorizedLines.filter { $0.serviceDate < auth.validFrom || $0.serviceDate > auth.validThrough }
        if !outside.isEmpty {
            edits.append(ClaimEdit(id: "auth-dates", severity: .error, lines: outside.map(\.number), codes: outside.compactMap(\.procedure),
                                   message: "line\(outside.count == 1 ? "" : "s") \(outside.map { String($0.number) }.joined(separator: ", ")) fall\(outside.count == 1 ? "s" : "") outside the authorization's dates, \(auth.validFrom) to \(auth.validThrough)",
                                   source: source, resolution: "Ask the payer to extend the authorization (278) or to authorize the dates given."))
        }
        let units = authorizedLines.map(\.units).reduce(0, +)
        if units > auth.units {
            edits.append(ClaimEdit(id: "auth-units", severity: .error, lines: authorizedLines.map(\.number), codes: Array(covered).sorted(),
                                   message: "the claim bills \(units) authorized units; the authorization allows \(auth.units)",
                                   source: source, resolution: "Bill the authorized units, or ask the payer to authorize more before sending."))
        }
        if claim.priorAuthorization == nil, let number = auth.number {
            edits.append(ClaimEdit(id: "auth-number-missing", severity: .error, message: "an authorization is on file but the claim does not carry its number",
                                   source: source, resolution: "Send the number \(number) in the claim (837 REF*G1)."))
        }
        return edits
    }
}
