import CodeSets
import Foundation
public import HealthCareX12

/// Plans the posting of an 835 (see `RemittancePlan`). The rules, in the order they apply to each claim payment (CLP):
///
/// 1. The claim: CLP01 is the patient control number. When several claims share it (an original and its
///    replacement), the one whose earlier 835 postings carry the CLP07 payer claim control number wins (a reversal
///    finds what it reverses), then one whose coverage order is the CLP02's (1 primary, 2 secondary, 3 tertiary),
///    then the live claim (submitted and not yet settled) sent last.
/// 2. The lines: REF*6R is the line item control number. Without it (or when it names no line), the only unmatched
///    line with the same procedure (revenue code for NU), date of service and units, preferring the same modifiers;
///    several or none make the CLP an exception. Lines of the claim absent from the 835 are named in the notes (the
///    payer bundled them or did not adjudicate them).
/// 3. The proof: CLP03 - CLP04 = every CAS amount of the claim and its lines; per line SVC02 - SVC03 = its CAS. An
///    unbalanced claim payment posts nothing.
/// 4. The amounts: SVC03 is a payment by insurance; CAS CO/OA/PI an adjustment with its group and reason; CAS PR
///    patient responsibility with its reason. Claim-level CAS (and, without SVC lines, CLP04) are spread over the
///    claim's lines in line order, each taking up to what it still owes. A negative amount takes back an earlier
///    835 posting of the same kind on the line (the same CLP07 first): `reversal(of:)` when the amounts are equal,
///    or a reversal and the rest posted anew when the original was larger; negative patient responsibility with no
///    original moves back to insurance. Payments and reversals may leave a credit balance. On a claim billed after
///    another payer (opened with that payer's part as OA-23, `SecondaryClaims`), the 835's OA-23 is that same part:
///    it is not posted again, up to what each line opened with.
/// 5. The status: CLP02 1, 2, 3 (and 19, 20, 21, forwarded to another payer, recorded as `crossover`) make the
///    claim paid when insurance owes nothing more, denied when nothing was paid and a denial reason is given,
///    partially paid otherwise; 4 is denied; 22 (a reversal) changes no status, and the correction that follows it
///    sets it, except on a void (frequency 8), which it ends voided. A claim still submitted or accepted first moves
///    through accepted and acknowledged, the 835 implying them. Moves go through the state machine; one it refuses
///    makes the CLP an exception in its words.
/// 6. Idempotence: each posting's id is a name-based UUID of the payer, TRN, CLP position, line and item, so a CLP
///    whose postings the claim already has is `alreadyPosted` and brings nothing new.
///
/// CLPs are planned in file order, each on the claims as the earlier ones left them, so a reversal and its
/// correction in the same file work together.
public enum RemittancePosting {
    /// The reason of the adjustment that leaves a voided claim owing nothing. Revcycle's own code, not a CARC (no
    /// published code says "the claim was cancelled by its void"); the ledger takes any 1 to 5 capitals or digits.
    public static let voidAdjustmentReason = "VOID"

    /// Plans `remittance`. `claims(patientControlNumber)` returns the tenant's claims with that CLM01 (the caller reads
    /// them from the database; the 835's CLP01s are `remittance.claims.map(\.claimId)`). The status changes are by
    /// `actor` at `at`, the postings dated `postedOn`.
    ///
    /// `positions` plans only those claim payments (0-based indexes into `remittance.claims`; out-of-range ones are
    /// ignored), for a file too large to hold all its claims at once: the caller plans, applies and stores one range
    /// after the other, and the ids are those of the whole file. The payment's proof is always the whole file's.
    public static func plan(_ remittance: Remittance, fileName: String, postedOn: ServiceDate, at: Date, actor: ClaimActor,
                            positions: Range<Int>? = nil, claims: (String) -> [Claim]) -> RemittancePlan {
        let range = positions.map { $0.clamped(to: remittance.claims.indices) } ?? remittance.claims.indices
        let source = RemittanceSource(fileName: fileName, traceNumber: remittance.traceNumber ?? "",
                                      payerIdentifier: remittance.payerIdentifier ?? remittance.payer?.id ?? remittance.payer?.name ?? "")
        let items = withoutActuallyEscaping(claims) { lookup in
            var planner = RemittancePlanner(source: source, postedOn: postedOn, at: at, actor: actor, lookup: lookup)
            return range.map { planner.plan(position: $0 + 1, remittance.claims[$0]) }
        }

        let plb = remittance.providerAdjustments.map {
            ProviderAdjustmentLine(reasonCode: $0.reasonCode, reference: $0.reference, amount: $0.amountCents.map(Money.init(cents:)))
        }
        var problems: [String] = []
        let paidSum = checkedSum(remittance.claims.map { $0.paidCents ?? 0 })
        let plbSum = checkedSum(plb.map { $0.amount?.cents ?? 0 })
        if paidSum == nil || plbSum == nil { problems.append("the amounts are beyond any real payment") }
        let claimsPaid = Money(cents: paidSum ?? 0)
        let withheld = Money(cents: plbSum ?? 0)
        let payment = remittance.paymentCents.map(Money.init(cents:))
        if payment == nil { problems.append("BPR02 is missing or not an amount") }
        for (i, clp) in remittance.claims.enumerated() where clp.paidCents == nil { problems.append("CLP \(i + 1) has no CLP04 amount") }
        for (i, p) in plb.enumerated() where p.amount == nil { problems.append("PLB adjustment \(i + 1) (\(p.reasonCode)) has no amount") }
        let (difference, overflow) = claimsPaid.cents.subtractingReportingOverflow(withheld.cents)
        if overflow { problems.append("the amounts are beyond any real payment") }
        let expected = Money(cents: overflow ? 0 : difference)
        if let payment, !overflow, payment != expected {
            problems.append("BPR02 \(payment) ≠ claims paid \(claimsPaid) - provider adjustments \(withheld) = \(expected)")
        }
        let proof = PaymentBalanceProof(
            payment: payment, claimsPaid: claimsPaid, providerAdjustments: withheld, isBalanced: problems.isEmpty,
            explanation: problems.isEmpty ? "BPR02 \(payment ?? .zero) = claims paid \(claimsPaid) - provider adjustments \(withheld)"
                : problems.joined(separator: "; "))

        var summary = RemittancePostingSummary()
        summary.claimsInRemittance = remittance.claims.count
        summary.claimsPlanned = items.count
        summary.claimsMatched = items.filter { $0.claimID != nil }.count
        summary.claimsPosted = items.filter { $0.outcome == .post }.count
        summary.claimsAlreadyPosted = items.filter { $0.outcome == .alreadyPosted }.count
        summary.claimExceptions = items.filter { $0.outcome == .exception }.count
        summary.postings = items.map(\.postings.count).reduce(0, +)
        // Each posted amount is bounded by the balancing proof; the totals of a huge file saturate rather than trap.
        for (item, clp) in zip(items, remittance.claims[range]) where item.outcome == .post {
            summary.paid = saturating(summary.paid, item.paid ?? .zero)
            for cas in clp.adjustments + clp.serviceLines.flatMap(\.adjustments) {
                let amount = Money(cents: cas.amountCents ?? 0)
                if cas.groupCode == "PR" { summary.patientResponsibility = saturating(summary.patientResponsibility, amount) } else {
                    summary.adjusted = saturating(summary.adjusted, amount)
                }
            }
        }
        summary.providerAdjustments = withheld
        summary.payment = payment
        summary.paymentBalanced = proof.isBalanced
        return RemittancePlan(source: source, postedOn: postedOn, claims: items, providerAdjustments: plb, payment: proof, summary: summary)
    }
}

/// a + b, held at the largest magnitude instead of overflowing.
private func saturating(_ a: Money, _ b: Money) -> Money {
    let (sum, overflow) = a.cents.addingReportingOverflow(b.cents)
    return Money(cents: overflow ? (b.cents > 0 ? Int.max : Int.min) : sum)
}

/// The sum, or nil when it overflows (amounts from a file are untrusted).
private func checkedSum(_ values: [Int]) -> Int? {
    var total = 0
    for value in values {
        let (sum, overflow) = total.addingReportingOverflow(value)
        if overflow { return nil }
        total = sum
    }
    return total
}

/// One CLP failing: the exceptions to report; nothing of the CLP is posted.
private struct PlanFailure: Error {
    var exceptions: [RemittanceException]
}

/// What a CAS or SVC03 amount becomes: the kind of ledger entry, without its amount.
private enum ItemKind: Equatable {
    case payment
    case adjustment(AdjustmentGroup, String)
    case patientResponsibility(String)

    init?(group: String, reason: String) {
        if group == "PR" { self = .patientResponsibility(reason); return }
        guard let g = AdjustmentGroup(rawValue: group) else { return nil }
        self = .adjustment(g, reason)
    }

    init?(_ entry: PostingEntry) {
        switch entry {
        case .payment(_, .insurance): self = .payment
        case .adjustment(_, let group, let reason, .insurance): self = .adjustment(group, reason)
        case .patientResponsibility(_, let reason): self = .patientResponsibility(reason)
        default: return nil
        }
    }

    func entry(_ amount: Money) -> PostingEntry {
        switch self {
        case .payment: .payment(amount: amount, by: .insurance)
        case .adjustment(let group, let reason): .adjustment(amount: amount, group: group, reason: reason, against: .insurance)
        case .patientResponsibility(let reason): .patientResponsibility(amount: amount, reason: reason)
        }
    }

    var words: String {
        switch self {
        case .payment: "payment"
        case .adjustment(let group, let reason): "\(group.rawValue)-\(reason) adjustment"
        case .patientResponsibility(let reason): "PR-\(reason) patient responsibility"
        }
    }
}

/// The step of an item that a posting records; part of the posting's name.
private enum Step: String, CaseIterable {
    case post, reverse, repost, transfer
    /// What a voided claim still showed as owed, taken off (`settleVoided`).
    case settleInsurance, settlePatient
}

private struct RemittancePlanner {
    let source: RemittanceSource
    let postedOn: ServiceDate
    let at: Date
    let actor: ClaimActor
    let lookup: (String) -> [Claim]
    /// Claims as the CLPs planned so far leave them.
    var working: [UUID: Claim] = [:]

    init(source: RemittanceSource, postedOn: ServiceDate, at: Date, actor: ClaimActor, lookup: @escaping (String) -> [Claim]) {
        self.source = source; self.postedOn = postedOn; self.at = at; self.actor = actor; self.lookup = lookup
    }

    mutating func plan(position: Int, _ clp: Remittance.ClaimPayment) -> ClaimPostingPlan {
        var item = ClaimPostingPlan(
            position: position, patientControlNumber: clp.claimId, statusCode: clp.statusCode, payerClaimControlNumber: clp.payerClaimControlNumber,
            charge: clp.chargeCents.map(Money.init(cents:)), paid: clp.paidCents.map(Money.init(cents:)),
            patientResponsibility: clp.patientResponsibilityCents.map(Money.init(cents:)), claimID: nil, tenantID: nil, outcome: .exception,
            postings: [], transitions: [], lineMatches: [], notes: [], exceptions: [], balance: Self.balance(clp), crossover: nil)
        func fail(_ kind: RemittanceException.Kind, svc: Int? = nil, _ message: String) -> ClaimPostingPlan {
            item.exceptions.append(RemittanceException(kind: kind, claimPosition: position, patientControlNumber: clp.claimId, serviceLine: svc, message: message))
            item.outcome = .exception
            return item
        }
        if ["19", "20", "21"].contains(clp.statusCode) {
            item.crossover = RemittanceCrossover(carrierName: clp.crossoverCarrier?.name, carrierID: clp.crossoverCarrier?.id,
                                                 carrierIDQualifier: clp.crossoverCarrier?.idQualifier)
            let carrier = clp.crossoverCarrier.map { "\($0.name)" + ($0.id.map { " (\($0))" } ?? "") } ?? "a payer the 835 does not name (no NM1*TT)"
            item.notes.append("the payer forwarded the claim to \(carrier) (CLP02 \(clp.statusCode)): do not bill that payer yourself")
        }
        guard Self.postedStatusCodes.contains(clp.statusCode) else {
            return fail(.unsupportedStatus, "CLP02 \(clp.statusCode.isEmpty ? "(empty)" : clp.statusCode) is not a status that posts (1, 2, 3, 4, 19, 20, 21 or 22)")
        }

        let candidates = lookup(clp.claimId).map { working[$0.id] ?? $0 }
        let chosen: Claim
        switch Self.chooseClaim(candidates, clp: clp, mark: postingMark(position: position)) {
        case .success(let claim): chosen = claim
        case .failure(let message): return fail(.unmatchedClaim, message)
        }
        item.claimID = chosen.id
        item.tenantID = chosen.tenantID

        guard item.balance.isBalanced else {
            return fail(.unbalancedClaim, "the claim payment does not balance, so nothing of it is posted: " + item.balance.problems.joined(separator: "; "))
        }
        for (j, svc) in clp.serviceLines.enumerated() {
            for cas in svc.adjustments where ItemKind(group: cas.groupCode, reason: cas.reasonCode) == nil {
                return fail(.unsupportedAdjustment, svc: j + 1, "adjustment group \(cas.groupCode) is not CO, OA, PI or PR")
            }
        }
        for cas in clp.adjustments where ItemKind(group: cas.groupCode, reason: cas.reasonCode) == nil {
            return fail(.unsupportedAdjustment, "claim adjustment group \(cas.groupCode) is not CO, OA, PI or PR")
        }

        let matching = Self.matchLines(clp, claim: chosen, position: position)
        item.lineMatches = matching.matches
        item.notes += matching.notes
        guard matching.exceptions.isEmpty else {
            item.exceptions = matching.exceptions
            return item
        }

        // Idempotence: any id this CLP could have posted already on the claim means it was posted. Only a claim with
        // a posting from this TRN and CLP position can have one, which saves hashing for the claims seen first.
        let mark = postingMark(position: position)
        let known = Set(chosen.ledger.postings.filter { $0.reference?.contains(mark) == true }.map(\.id))
        if !known.isEmpty, wasPosted(position: position, clp, matches: matching.matches, claim: chosen, known: known) {
            item.outcome = .alreadyPosted
            item.notes.append("already posted: the claim carries this claim payment's postings")
            return item
        }

        var claim = chosen
        do {
            try post(position: position, clp, matches: matching.matches, claim: &claim, into: &item)
            try changeStatus(position: position, clp, claim: &claim, into: &item)
        } catch {
            item.exceptions = error.exceptions
            item.postings = []
            item.transitions = []
            item.outcome = .exception
            return item
        }
        item.outcome = .post
        working[claim.id] = claim
        return item
    }

    static let postedStatusCodes: Set<String> = ["1", "2", "3", "4", "19", "20", "21", "22"]
    /// Statuses in which a claim is with the payer or answered by it, and may receive an 835.
    static let liveStatuses: Set<ClaimStatus> = [.submitted, .accepted, .acknowledged, .pending, .paid, .partiallyPaid, .denied, .appealed]

    // MARK: the claim

    enum Choice { case success(Claim), failure(String) }

    /// `mark` is what the references of this CLP's postings contain (`postingMark`).
    static func chooseClaim(_ candidates: [Claim], clp: Remittance.ClaimPayment, mark: String) -> Choice {
        guard !candidates.isEmpty else { return .failure("no claim has the patient control number \(clp.claimId)") }
        // The claim this very CLP was posted to before, whatever its status now: planning again finds it posted.
        if let posted = candidates.first(where: { claim in claim.ledger.postings.contains { $0.reference?.contains(mark) == true } }) {
            return .success(posted)
        }
        if let icn = clp.payerClaimControlNumber {
            let named = candidates.filter { claim in claim.ledger.postings.contains { Self.icn(of: $0) == icn } }
            if named.count == 1, let claim = named.first { return .success(claim) }
        }
        var live = candidates.filter { liveStatuses.contains($0.status) }
        guard !live.isEmpty else {
            let statuses = candidates.map { "\($0.id) is \($0.status.rawValue)" }.joined(separator: ", ")
            return .failure("no claim with the patient control number \(clp.claimId) is with the payer (\(statuses))")
        }
        let order: CoverageOrder? = switch clp.statusCode {
        case "1", "19": .primary
        case "2", "20": .secondary
        case "3", "21": .tertiary
        default: nil
        }
        if let order, live.contains(where: { $0.coverageOrder == order }) { live = live.filter { $0.coverageOrder == order } }
        // The one sent last: its last move to submitted, then a replacement before an original, then the id.
        func sent(_ claim: Claim) -> Date { claim.history.last { $0.to == .submitted }?.at ?? .distantPast }
        let best = live.max { a, b in
            (sent(a), a.frequency == .replacement ? 1 : 0, a.id.uuidString) < (sent(b), b.frequency == .replacement ? 1 : 0, b.id.uuidString)
        }
        return best.map { .success($0) } ?? .failure("no claim matched")
    }

    /// The payer claim control number a posting of an 835 was made under (the end of its reference).
    static func icn(of posting: LedgerPosting) -> String? {
        guard let reference = posting.reference, reference.hasPrefix("835 "), let range = reference.range(of: " ICN ", options: .backwards) else { return nil }
        return String(reference[range.upperBound...])
    }

    // MARK: the lines

    struct LineMatching {
        var matches: [RemittanceLineMatch] = []
        var notes: [String] = []
        var exceptions: [RemittanceException] = []
    }

    static func matchLines(_ clp: Remittance.ClaimPayment, claim: Claim, position: Int) -> LineMatching {
        var result = LineMatching()
        var used = Set<Int>()
        var byControl: [Int: Int] = [:]
        // REF*6R first for every SVC, so that a fallback never takes a line another SVC names.
        for (j, svc) in clp.serviceLines.enumerated() {
            if let control = svc.lineControlNumber, let line = claim.lines.first(where: { $0.lineItemControlNumber == control }), !used.contains(line.lineNumber) {
                byControl[j] = line.lineNumber
                used.insert(line.lineNumber)
            }
        }
        for (j, svc) in clp.serviceLines.enumerated() {
            if let line = byControl[j] {
                result.matches.append(RemittanceLineMatch(serviceLine: j + 1, lineNumber: line, method: .lineControlNumber))
                continue
            }
            let date = svc.serviceDate.flatMap { ServiceDate(compact: $0) }
            let units = svc.units.flatMap(Self.wholeUnits) ?? 1
            let isRevenueCode = svc.procedureQualifier == "NU"
            let fits = claim.lines.filter { line in
                !used.contains(line.lineNumber)
                    && (isRevenueCode ? line.revenueCode == svc.procedureCode : line.procedure?.code == svc.procedureCode)
                    && (date == nil || line.serviceDate == date)
                    && line.units == units
            }
            let sameModifiers = fits.filter { $0.modifiers == svc.modifiers }
            let what = describe(svc)
            let why = svc.lineControlNumber.map { "REF*6R \($0) names no unmatched line of the claim" } ?? "the payer sent no REF*6R"
            if sameModifiers.count == 1, let line = sameModifiers.first {
                used.insert(line.lineNumber)
                result.matches.append(RemittanceLineMatch(serviceLine: j + 1, lineNumber: line.lineNumber, method: .procedureAndDate))
                result.notes.append("SVC \(j + 1) (\(what)): \(why); matched to line \(line.lineNumber) by procedure, date of service and units")
            } else if fits.count == 1, let line = fits.first {
                used.insert(line.lineNumber)
                result.matches.append(RemittanceLineMatch(serviceLine: j + 1, lineNumber: line.lineNumber, method: .procedureAndDateIgnoringModifiers))
                let sent = line.modifiers.isEmpty ? "none" : line.modifiers.joined(separator: ", ")
                let returned = svc.modifiers.isEmpty ? "none" : svc.modifiers.joined(separator: ", ")
                result.notes.append("SVC \(j + 1) (\(what)): \(why); matched to line \(line.lineNumber) by procedure, date of service and units, ignoring modifiers (sent: \(sent); returned: \(returned))")
            } else if fits.isEmpty {
                let lines = claim.lines.map { "\($0.lineNumber) \(lineWords($0))" }.joined(separator: "; ")
                result.exceptions.append(RemittanceException(kind: .unmatchedLine, claimPosition: position, patientControlNumber: clp.claimId, serviceLine: j + 1,
                    message: "SVC \(j + 1) (\(what)) answers no line of the claim: \(why), and no unmatched line has the same procedure, date of service and units (the claim's lines: \(lines))"))
            } else {
                result.exceptions.append(RemittanceException(kind: .ambiguousLine, claimPosition: position, patientControlNumber: clp.claimId, serviceLine: j + 1,
                    message: "SVC \(j + 1) (\(what)): \(why), and lines \(fits.map { String($0.lineNumber) }.joined(separator: ", ")) all have the same procedure, date of service and units"))
            }
        }
        if !clp.serviceLines.isEmpty && result.exceptions.isEmpty {
            let answered = Set(result.matches.map(\.lineNumber))
            let absent = claim.lines.filter { !answered.contains($0.lineNumber) }
            if !absent.isEmpty {
                let names = absent.map { "line \($0.lineNumber) (\(lineWords($0)), \($0.charge))" }.joined(separator: ", ")
                let paid = (clp.paidCents ?? 0) > 0
                result.notes.append("\(names) \(absent.count == 1 ? "is" : "are") not in the 835: "
                    + (paid ? "the payer bundled \(absent.count == 1 ? "it" : "them") into the paid lines or did not adjudicate \(absent.count == 1 ? "it" : "them")"
                        : "the payer did not adjudicate \(absent.count == 1 ? "it" : "them")")
                    + "; only claim-level adjustments reach \(absent.count == 1 ? "it" : "them")")
            }
        }
        return result
    }

    /// SVC05 as a whole number of units ("2", "2.0"); nil for a fraction or no number.
    static func wholeUnits(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, let value = Int(whole), value >= 0 else { return nil }
        if parts.count == 2 && !parts[1].allSatisfy({ $0 == "0" }) { return nil }
        return value
    }

    static func describe(_ svc: Remittance.ServiceLine) -> String {
        var text = (svc.procedureQualifier.map { $0 + ":" } ?? "") + (svc.procedureCode ?? "no procedure")
        if !svc.modifiers.isEmpty { text += "-" + svc.modifiers.joined(separator: "-") }
        if let date = svc.serviceDate { text += " on " + (ServiceDate(compact: date)?.iso ?? date) }
        text += ", \(svc.units ?? "1") unit" + ((svc.units ?? "1") == "1" ? "" : "s")
        if let charge = svc.chargeCents { text += ", charge \(Money(cents: charge))" }
        return text
    }

    static func lineWords(_ line: ClaimLine) -> String {
        var text = line.procedure?.code ?? line.revenueCode ?? "?"
        if !line.modifiers.isEmpty { text += "-" + line.modifiers.joined(separator: "-") }
        return text + " on \(line.serviceDate.iso), \(line.units) unit" + (line.units == 1 ? "" : "s")
    }

    // MARK: the balancing proof

    static func balance(_ clp: Remittance.ClaimPayment) -> ClaimBalanceProof {
        var checks: [String] = [], problems: [String] = []
        // Every amount within the ledger's bound first, so that no sum below can overflow.
        let amounts = [clp.chargeCents, clp.paidCents, clp.patientResponsibilityCents] + clp.adjustments.map(\.amountCents)
            + clp.serviceLines.flatMap { [$0.chargeCents, $0.paidCents] + $0.adjustments.map(\.amountCents) }
        if amounts.contains(where: { ($0 ?? 0).magnitude > UInt(Money.maximumInputCents) }) || clp.serviceLines.count > 10_000 {
            return ClaimBalanceProof(checks: [], problems: ["an amount is beyond any real claim (more than \(Money(cents: Money.maximumInputCents)))"])
        }
        func sum(_ adjustments: [HealthCareX12.Adjustment], _ place: String) -> Int? {
            var total = 0
            for cas in adjustments {
                guard let cents = cas.amountCents else {
                    problems.append("\(place): CAS \(cas.groupCode)-\(cas.reasonCode) has no amount")
                    return nil
                }
                total += cents
            }
            return total
        }
        let claimCAS = sum(clp.adjustments, "claim")
        var allCAS = claimCAS
        for (j, svc) in clp.serviceLines.enumerated() {
            let lineCAS = sum(svc.adjustments, "SVC \(j + 1)")
            allCAS = allCAS.flatMap { total in lineCAS.map { total + $0 } }
            guard let charge = svc.chargeCents, let paid = svc.paidCents else {
                problems.append("SVC \(j + 1): SVC02 or SVC03 is missing or not an amount")
                continue
            }
            guard let lineCAS else { continue }
            let text = "SVC \(j + 1): SVC02 \(Money(cents: charge)) - SVC03 \(Money(cents: paid)) = \(Money(cents: charge - paid))"
            if charge - paid == lineCAS { checks.append(text + " = adjustments \(Money(cents: lineCAS))") } else {
                problems.append(text + ", but its adjustments are \(Money(cents: lineCAS))")
            }
        }
        if let charge = clp.chargeCents, let paid = clp.paidCents {
            if let allCAS {
                let text = "CLP03 \(Money(cents: charge)) - CLP04 \(Money(cents: paid)) = \(Money(cents: charge - paid))"
                if charge - paid == allCAS { checks.append(text + " = adjustments \(Money(cents: allCAS))") } else {
                    problems.append(text + ", but the claim's and lines' adjustments are \(Money(cents: allCAS))")
                }
            }
        } else {
            problems.append("CLP03 or CLP04 is missing or not an amount")
        }
        return ClaimBalanceProof(checks: checks, problems: problems)
    }

    // MARK: posting

    /// The part of a posting's reference that names its TRN and CLP position.
    func postingMark(position: Int) -> String { " TRN \(source.traceNumber) CLP \(position) ICN " }

    func reference(_ clp: Remittance.ClaimPayment, position: Int) -> String {
        "835 \(source.fileName) TRN \(source.traceNumber) CLP \(position) ICN \(clp.payerClaimControlNumber ?? "")"
    }

    /// A posting's id: its place in the 835 (payer, TRN, CLP position, SVC or claim level, item: 0 the payment,
    /// k the k-th CAS), the claim line and the step.
    func postingID(position: Int, svc: Int?, item: Int, line: Int, step: Step) -> UUID {
        NameBasedUUID.make("835|\(source.payerIdentifier)|\(source.traceNumber)|\(position)|\(svc.map(String.init) ?? "claim")|\(item)|\(line)|\(step.rawValue)")
    }

    /// Whether `known` holds any id this CLP's postings could have, whatever the claim's state was; the likeliest
    /// (each line's payment) are tried first.
    func wasPosted(position: Int, _ clp: Remittance.ClaimPayment, matches: [RemittanceLineMatch], claim: Claim, known: Set<UUID>) -> Bool {
        for step in Step.allCases {
            for match in matches {
                let count = clp.serviceLines[match.serviceLine - 1].adjustments.count
                for item in 0...count where known.contains(postingID(position: position, svc: match.serviceLine, item: item, line: match.lineNumber, step: step)) {
                    return true
                }
            }
            for item in 0...clp.adjustments.count {
                for line in claim.lines where known.contains(postingID(position: position, svc: nil, item: item, line: line.lineNumber, step: step)) { return true }
            }
        }
        return false
    }

    func post(position: Int, _ clp: Remittance.ClaimPayment, matches: [RemittanceLineMatch], claim: inout Claim, into item: inout ClaimPostingPlan) throws(PlanFailure) {
        let reference = reference(clp, position: position)
        func failure(_ kind: RemittanceException.Kind, svc: Int?, _ message: String) -> PlanFailure {
            PlanFailure(exceptions: [RemittanceException(kind: kind, claimPosition: position, patientControlNumber: clp.claimId, serviceLine: svc, message: message)])
        }
        func apply(_ id: UUID, line: Int, _ entry: PostingEntry, svc: Int?) throws(PlanFailure) {
            let posting = LedgerPosting(id: id, lineNumber: line, entry: entry, postedOn: postedOn, reference: reference, allowsCreditBalance: true)
            do { try claim.post(posting) } catch {
                throw failure(.ledgerRefused, svc: svc, "the ledger refuses \(svc.map { "SVC \($0)'s" } ?? "the claim-level") \(ItemKind(entry)?.words ?? "posting") on line \(line): \(error.message)")
            }
            item.postings.append(posting)
        }

        /// Takes `amount` back from earlier 835 postings of `kind`, on the lines in order (one original per line):
        /// the amount still to take back afterwards.
        func takeBack(_ kind: ItemKind, _ amount: Money, lines: [Int], svc: Int?, itemIndex: Int) throws(PlanFailure) -> Money {
            var remaining = amount
            for line in lines where remaining.isPositive {
                let reversed = Set(claim.ledger.postings.compactMap { if case .reversal(let id) = $0.entry { id } else { nil } })
                let originals = claim.ledger.postings.filter {
                    $0.lineNumber == line && $0.reference?.hasPrefix("835 ") == true && !reversed.contains($0.id) && ItemKind($0.entry) == kind
                }
                // The same payer claim control number first, then an exact amount, then the latest.
                func amountOf(_ p: LedgerPosting) -> Money {
                    switch p.entry {
                    case .payment(let a, _), .adjustment(let a, _, _, _), .patientResponsibility(let a, _): a
                    default: .zero
                    }
                }
                let ranked = originals.enumerated().sorted { a, b in
                    let ka = (Self.icn(of: a.element) == clp.payerClaimControlNumber ? 0 : 1, amountOf(a.element) == remaining ? 0 : 1, -a.offset)
                    let kb = (Self.icn(of: b.element) == clp.payerClaimControlNumber ? 0 : 1, amountOf(b.element) == remaining ? 0 : 1, -b.offset)
                    return ka < kb
                }.map(\.element)
                // Line level: the whole amount from one posting; claim level: whatever each line's posting holds.
                guard let original = ranked.first(where: { svc == nil || amountOf($0) >= remaining }) else { continue }
                let taken = min(amountOf(original), remaining)
                try apply(postingID(position: position, svc: svc, item: itemIndex, line: line, step: .reverse), line: line, .reversal(of: original.id), svc: svc)
                let rest = amountOf(original) - taken
                if rest.isPositive {
                    try apply(postingID(position: position, svc: svc, item: itemIndex, line: line, step: .repost), line: line, kind.entry(rest), svc: svc)
                    item.notes.append("line \(line): took back \(taken) of the \(amountOf(original)) \(kind.words) posted under \(original.reference ?? "an earlier 835"): reversed it and posted the remaining \(rest) anew")
                } else {
                    item.notes.append("line \(line): reversed the \(amountOf(original)) \(kind.words) posted under \(original.reference ?? "an earlier 835")")
                }
                remaining -= taken
            }
            // Patient responsibility with nothing to reverse goes back to insurance, up to what the patient owes.
            if remaining.isPositive, case .patientResponsibility = kind {
                for line in lines where remaining.isPositive {
                    let owed = claim.ledger.line(line)?.patientResponsibility ?? .zero
                    let moved = min(owed, remaining)
                    guard moved.isPositive else { continue }
                    try apply(postingID(position: position, svc: svc, item: itemIndex, line: line, step: .transfer), line: line, .transfer(amount: moved, to: .insurance), svc: svc)
                    item.notes.append("line \(line): \(kind.words) of -\(moved) has no earlier posting to reverse; moved \(moved) from the patient back to insurance")
                    remaining -= moved
                }
            }
            return remaining
        }

        // A claim billed after another payer opened with that payer's part on each line (OA-23, SecondaryClaims): the
        // 835's OA-23 reports the same part and is not posted again, up to what the line opened with (in either sign:
        // a reversal of this payer's decision leaves the earlier payers' part where it is). Any more posts as usual.
        var priorShareLeft: [Int: Int] = [:]
        if !claim.priorPayerAdjudications.isEmpty {
            for line in claim.lines { priorShareLeft[line.lineNumber] = SecondaryClaims.priorPayersShare(of: claim, lineNumber: line.lineNumber).cents }
        }
        func withoutPriorPayersShare(_ kind: ItemKind, _ cents: Int, lines: [Int]) -> Int {
            guard kind == .adjustment(.otherAdjustment, "23"), cents != 0 else { return cents }
            var left = cents.magnitude
            for line in lines where left > 0 {
                let known = UInt(max(0, priorShareLeft[line] ?? 0))
                let taken = min(known, left)
                guard taken > 0 else { continue }
                priorShareLeft[line] = Int(known - taken)
                left -= taken
                item.notes.append("line \(line): OA-23 of \(Money(cents: cents < 0 ? -Int(taken) : Int(taken))) is the earlier payers' part, on the ledger since the claim was opened: not posted again")
            }
            return cents < 0 ? -Int(left) : Int(left)
        }

        // Lines: takebacks first, then the payment, then the adjustments, so a line never passes through a state the
        // 835 does not describe.
        for match in matches {
            let svc = clp.serviceLines[match.serviceLine - 1]
            var items: [(index: Int, kind: ItemKind, cents: Int)] = [(0, .payment, svc.paidCents ?? 0)]
            for (k, cas) in svc.adjustments.enumerated() {
                if let kind = ItemKind(group: cas.groupCode, reason: cas.reasonCode) {
                    items.append((k + 1, kind, withoutPriorPayersShare(kind, cas.amountCents ?? 0, lines: [match.lineNumber])))
                }
            }
            for negative in items where negative.cents < 0 {
                let left = try takeBack(negative.kind, Money(cents: -negative.cents), lines: [match.lineNumber], svc: match.serviceLine, itemIndex: negative.index)
                if left.isPositive {
                    throw failure(.unmatchedTakeback, svc: match.serviceLine,
                                  "SVC \(match.serviceLine) takes back \(Money(cents: -negative.cents)) of \(negative.kind.words) on line \(match.lineNumber), but no earlier 835 posting on that line holds it")
                }
            }
            for positive in items where positive.cents > 0 {
                try apply(postingID(position: position, svc: match.serviceLine, item: positive.index, line: match.lineNumber, step: .post),
                          line: match.lineNumber, positive.kind.entry(Money(cents: positive.cents)), svc: match.serviceLine)
            }
            if let charge = svc.chargeCents, let line = claim.lines.first(where: { $0.lineNumber == match.lineNumber }), charge != line.charge.cents, charge >= 0 {
                item.notes.append("SVC \(match.serviceLine): the payer adjudicated a charge of \(Money(cents: charge)); line \(match.lineNumber) billed \(line.charge)")
            }
        }

        // Claim level: spread over the claim's lines in line order, each taking up to what it still owes.
        let allLines = claim.lines.map(\.lineNumber)
        var claimItems: [(index: Int, kind: ItemKind, cents: Int)] = []
        if clp.serviceLines.isEmpty { claimItems.append((0, .payment, clp.paidCents ?? 0)) }
        for (k, cas) in clp.adjustments.enumerated() {
            if let kind = ItemKind(group: cas.groupCode, reason: cas.reasonCode) {
                claimItems.append((k + 1, kind, withoutPriorPayersShare(kind, cas.amountCents ?? 0, lines: allLines)))
            }
        }
        for negative in claimItems where negative.cents < 0 {
            let left = try takeBack(negative.kind, Money(cents: -negative.cents), lines: allLines, svc: nil, itemIndex: negative.index)
            if left.isPositive {
                throw failure(.unmatchedTakeback, svc: nil, "the claim takes back \(Money(cents: -negative.cents)) of \(negative.kind.words), but earlier 835 postings on its lines hold only \(Money(cents: -negative.cents) - left)")
            }
        }
        for positive in claimItems where positive.cents > 0 {
            var remaining = Money(cents: positive.cents)
            var shares: [String] = []
            for (n, line) in allLines.enumerated() where remaining.isPositive {
                let owed = claim.ledger.line(line)?.balance ?? .zero
                // A payment beyond what the lines owe stays on the last line as a credit balance.
                let share = positive.kind == .payment && n == allLines.count - 1 ? remaining : min(max(owed, .zero), remaining)
                guard share.isPositive else { continue }
                try apply(postingID(position: position, svc: nil, item: positive.index, line: line, step: .post), line: line, positive.kind.entry(share), svc: nil)
                shares.append("\(share) to line \(line)")
                remaining -= share
            }
            if remaining.isPositive {
                throw failure(.ledgerRefused, svc: nil, "the claim-level \(positive.kind.words) of \(Money(cents: positive.cents)) is \(remaining) more than the claim's lines still owe")
            }
            item.notes.append("claim-level \(positive.kind.words) of \(Money(cents: positive.cents)) spread in line order, each line up to what it still owed: " + shares.joined(separator: ", "))
        }
        let stillOwed = claim.ledger.lines.filter { line in line.balance.isPositive && !matches.contains { $0.lineNumber == line.lineNumber } }
        if !clp.serviceLines.isEmpty, !stillOwed.isEmpty {
            item.notes.append("after posting, " + stillOwed.map { "line \($0.lineNumber) still owes \($0.balance)" }.joined(separator: ", "))
        }
    }

    // MARK: a void

    /// A voided claim owes nothing: what its lines still show as owed once the payer reversed its decision (the
    /// charge back on insurance, any patient responsibility left) is taken off with an adjustment, group OA, reason
    /// `RemittancePosting.voidAdjustmentReason`, against whoever owed it. A credit balance (money to pay back) is left
    /// as it is, and noted.
    func settleVoided(position: Int, _ clp: Remittance.ClaimPayment, claim: inout Claim, into item: inout ClaimPostingPlan) throws(PlanFailure) {
        let reference = reference(clp, position: position) + " void"
        var settled: [String] = []
        for line in claim.ledger.lines {
            for (owner, owed, step) in [(BalanceOwner.insurance, line.balance, Step.settleInsurance), (.patient, line.patientResponsibility, .settlePatient)] {
                if owed.cents < 0 { item.notes.append("line \(line.lineNumber) of the voided claim keeps a credit of \(Money(cents: -owed.cents)) owed back by \(owner.rawValue)") }
                guard owed.isPositive else { continue }
                let posting = LedgerPosting(id: postingID(position: position, svc: nil, item: 0, line: line.lineNumber, step: step), lineNumber: line.lineNumber,
                                            entry: .adjustment(amount: owed, group: .otherAdjustment, reason: RemittancePosting.voidAdjustmentReason, against: owner),
                                            postedOn: postedOn, reference: reference)
                do { try claim.post(posting) } catch {
                    throw PlanFailure(exceptions: [RemittanceException(kind: .ledgerRefused, claimPosition: position, patientControlNumber: clp.claimId,
                                                                       message: "the voided claim's line \(line.lineNumber) could not be settled: \(error.message)")])
                }
                item.postings.append(posting)
                settled.append("\(owed) \(owner == .insurance ? "insurance balance" : "patient responsibility") on line \(line.lineNumber)")
            }
        }
        if !settled.isEmpty {
            item.notes.append("the claim is voided, so nothing is owed on it: " + settled.joined(separator: ", ") + " taken off (OA \(RemittancePosting.voidAdjustmentReason))")
        }
    }

    // MARK: the status

    func changeStatus(position: Int, _ clp: Remittance.ClaimPayment, claim: inout Claim, into item: inout ClaimPostingPlan) throws(PlanFailure) {
        let paid = Money(cents: clp.paidCents ?? 0)
        let adjustments = clp.adjustments + clp.serviceLines.flatMap(\.adjustments)
        let denialCodes = adjustments.filter { DenialClassifier.isDenial(group: $0.groupCode, reason: $0.reasonCode) && ($0.amountCents ?? 0) > 0 }
            .map { "\($0.groupCode)-\($0.reasonCode)" }
        let target: ClaimStatus
        let words: String
        switch clp.statusCode {
        case "22" where claim.frequency == .void:
            // The payer's answer to a void (frequency 8): its decision is reversed and the claim is cancelled.
            target = .voided
            words = "the payer reversed its decision (CLP02 22, ICN \(clp.payerClaimControlNumber ?? "none")) as the void asked: the claim is voided"
            try settleVoided(position: position, clp, claim: &claim, into: &item)
        case "22":
            item.notes.append("CLP02 22 reverses an earlier adjudication: the claim stays \(claim.status.rawValue) until the correction that follows sets its status")
            return
        case "4":
            target = .denied
            words = "denied (CLP02 4)" + (denialCodes.isEmpty ? "" : ": " + denialCodes.joined(separator: ", "))
        default:
            let balance = claim.ledger.totals.balance
            if paid.isZero && !denialCodes.isEmpty {
                target = .denied
                words = "denied, nothing paid: " + denialCodes.joined(separator: ", ")
            } else if !balance.isPositive {
                target = .paid
                words = "paid \(paid) of \(Money(cents: clp.chargeCents ?? 0)); insurance owes nothing more"
            } else {
                target = .partiallyPaid
                words = "partially paid: \(paid) of \(Money(cents: clp.chargeCents ?? 0)); insurance still owes \(balance)"
            }
        }
        let head = "835 \(source.fileName) TRN \(source.traceNumber) CLP \(position)"
        var steps: [(ClaimStatus, String)] = []
        if target != claim.status {
            if claim.status == .submitted {
                steps.append((.accepted, "\(head): the payer adjudicated the claim, so the clearinghouse accepted it (no 999 acceptance was recorded)"))
            }
            if claim.status == .submitted || claim.status == .accepted {
                steps.append((.acknowledged, "\(head): the payer adjudicated the claim, so it received it (no 277CA was recorded)"))
            }
            steps.append((target, "\(head): \(words)"))
        }
        for (status, reason) in steps {
            let before = claim.history.count
            do { try claim.transition(to: status, actor: actor, at: at, reason: reason, source: source.document) } catch {
                throw PlanFailure(exceptions: [RemittanceException(kind: .transitionRefused, claimPosition: position, patientControlNumber: clp.claimId,
                                                                   message: "the claim cannot become \(status.rawValue): \(error.message)")])
            }
            item.transitions += claim.history[before...]
        }
    }
}
