import HealthCareX12

// Coordination of benefits in the sandbox payer: a claim whose 837 says this payer is not the first (SBR01 S, T, A-H)
// and carries an earlier payer's decision (loop 2320 AMT*D and CAS, loop 2430 SVD and CAS per line) is paid as the
// next payer, the way most commercial plans do ("standard" COB): on each line it pays what the earlier payer left to
// the patient, but never more than it would have paid as the only payer (its allowed amount less its own deductible,
// coinsurance or copay). Its 835 balances each line with
//
//     charge - paid = OA-23 (what the earlier payers paid and adjusted) + PR (what stays with the patient)
//
// CARC 23 is "the impact of prior payer(s) adjudication including payments and/or adjustments" (group OA only). The
// PR is split as the contract says (PR-1 deductible, PR-2 coinsurance, or PR-3 copay), and what lies above this
// payer's allowed amount is PR-45 (charge exceeds the fee schedule, the patient's). A line this payer denies (no
// authorization, not medically necessary, bundled, filed late) keeps OA-23 for the earlier payers' part and denies
// only the remainder.

extension SandboxAdjudicator {
    /// The remainder an earlier payer left to the patient on each of the claim's service lines (in order), when the
    /// 837 bills this payer after another one that decided the claim; nil when it is billed as the first payer (SBR01
    /// P, or no other payer's decision in loop 2320).
    ///
    /// The last earlier payer in the order of benefits decides it. A line it answered in loop 2430 keeps its charge
    /// less what that payer paid and its adjustments other than PR; the claim-level PR (2320 CAS) is added, spread over
    /// the lines in order up to each line's charge. When the payer answered for the whole claim only (no 2430), the
    /// claim's charge less AMT*D and its adjustments other than PR is spread so. Each remainder is between zero and the
    /// line's charge, whatever the 837 says.
    static func priorPayerRemainders(_ claim: Claim) -> [Int]? {
        guard let own = benefitOrder(claim.subscriber?.payerResponsibility ?? "P"), own > 0 else { return nil }
        func answered(_ payer: OtherPayer) -> Bool {
            payer.paidCents != nil || (payer.payer.id.map { id in claim.serviceLines.contains { $0.adjudications.contains { $0.payerID == id } } } ?? false)
        }
        let earlier = claim.otherPayers.filter { ($0.payerResponsibility.isEmpty ? nil : benefitOrder($0.payerResponsibility)).map { $0 < own } ?? false }
        guard let last = earlier.filter(answered).max(by: { (benefitOrder($0.payerResponsibility) ?? 0) < (benefitOrder($1.payerResponsibility) ?? 0) })
        else { return nil }

        let charges = claim.serviceLines.map { max(0, $0.chargeCents ?? 0) }
        var remainders = Array(repeating: 0, count: charges.count)
        var lineAnswered = false
        for (n, line) in claim.serviceLines.enumerated() {
            guard let id = last.payer.id, let decided = line.adjudications.last(where: { $0.payerID == id }) else { continue }
            lineAnswered = true
            let settled = saturatingSum([decided.paidCents] + decided.adjustments.filter { $0.groupCode != "PR" }.map { $0.amountCents ?? 0 })
            remainders[n] = settled >= charges[n] ? 0 : (settled <= 0 ? charges[n] : charges[n] - settled)
        }
        let claimPR = saturatingSum(last.adjustments.filter { $0.groupCode == "PR" }.map { $0.amountCents ?? 0 })
        var claimLevel: Int
        if lineAnswered {
            claimLevel = max(0, claimPR)
        } else {
            let settled = saturatingSum([last.paidCents ?? 0] + last.adjustments.filter { $0.groupCode != "PR" }.map { $0.amountCents ?? 0 })
            let total = saturatingSum(charges)
            claimLevel = settled >= total ? 0 : (settled <= 0 ? total : total - settled)
        }
        for n in charges.indices where claimLevel > 0 {
            let placed = min(charges[n] - remainders[n], claimLevel)
            remainders[n] += placed
            claimLevel -= placed
        }
        return remainders
    }

    /// A priced line of a claim billed to this payer after another: it pays the earlier payer's remainder up to its
    /// own benefit (`allowed` less the patient's share it would take as the only payer). The deductible it charges
    /// (PR-1) counts towards the member's; `deductibleLeft` is lowered by it.
    func coordinatedLine(charge: Int, allowed: Int, remainder: Int, copay: Int?, deductibleLeft: inout Int) -> (result: LineResult, deductible: Int) {
        let share: [(reason: String, amount: Int)]
        if let copay {
            share = [("3", min(copay, allowed))]
        } else {
            let deductible = min(deductibleLeft, allowed)
            share = [("1", deductible), ("2", Self.share(allowed - deductible, percent: contract.coinsurancePercent))]
        }
        let benefit = allowed - share.reduce(0) { $0 + $1.amount }
        var result = LineResult()
        result.paid = min(remainder, benefit)
        var left = remainder - result.paid
        var adjustments: [Adjustment] = []
        func add(_ group: String, _ reason: String, _ amount: Int) {
            if amount > 0 { adjustments.append(Adjustment(groupCode: group, reasonCode: reason, amountCents: amount, quantity: nil)) }
        }
        add("OA", "23", charge - remainder)
        var deductible = 0
        for part in share {
            let taken = min(part.amount, left)
            add("PR", part.reason, taken)
            if part.reason == "1" { deductible = taken }
            left -= taken
        }
        // The remainder above this payer's allowed amount: not its to pay, and the patient's.
        add("PR", "45", left)
        deductibleLeft -= deductible
        result.adjustments = adjustments
        return (result, deductible)
    }

    /// A denial of a line (or a whole claim) billed after another payer: OA-23 keeps the earlier payers' part, and the
    /// denial takes only what they left.
    static func coordinatedDenial(charge: Int, remainder: Int, group: String, reason: String) -> [Adjustment] {
        [Adjustment(groupCode: "OA", reasonCode: "23", amountCents: charge - remainder, quantity: nil),
         Adjustment(groupCode: group, reasonCode: reason, amountCents: remainder, quantity: nil)].filter { ($0.amountCents ?? 0) > 0 }
    }

    /// The claim-level adjustments denying a whole claim of charge `charge`: the denial of all of it, or, billed after
    /// another payer, OA-23 of that payer's part and the denial of what it left.
    func claimDenial(_ charge: Int, remainders: [Int]?, group: String, reason: String) -> [Adjustment] {
        guard charge != 0 else { return [] }
        guard let remainders, charge > 0 else { return [Adjustment(groupCode: group, reasonCode: reason, amountCents: charge, quantity: nil)] }
        return Self.coordinatedDenial(charge: charge, remainder: min(Self.saturatingSum(remainders), charge), group: group, reason: reason)
    }

    /// SBR01's place in the order of benefits: P 0, S 1, T 2, then A-H (payer responsibility four to eleven); nil for
    /// U (unknown) or anything else.
    static func benefitOrder(_ code: String) -> Int? {
        guard code.count == 1, let index = "PSTABCDEFGH".firstIndex(of: Character(code)) else { return nil }
        return "PSTABCDEFGH".distance(from: "PSTABCDEFGH".startIndex, to: index)
    }

    /// The sum, held at the largest magnitude instead of overflowing (an 837's amounts are untrusted).
    static func saturatingSum(_ values: [Int]) -> Int {
        var total = 0
        for value in values {
            let (sum, overflow) = total.addingReportingOverflow(value)
            total = overflow ? (value > 0 ? Int.max : Int.min) : sum
        }
        return total
    }
}
