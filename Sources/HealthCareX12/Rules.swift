import X12

/// Implementation-guide rules that syntax validators (pyx12 among them) do not check: money that must balance, and
/// the NPI's check digit. Each finding names its rule.
public enum GuideRules {
    /// Findings for one transaction set read into its loops.
    public static func check(_ transaction: LoopInstance, component: Character) -> [Finding] {
        guard let st = transaction.segment("ST") else { return [] }
        var findings: [Finding] = []
        func add(_ s: Segment, loop: String, element: Int, rule: String, _ message: String, value: String? = nil) {
            findings.append(Finding(level: .element, code: "I12", message: message, segmentIndex: s.index, segmentID: s.id, line: s.line,
                                    positionInTransaction: s.index - st.index + 1, loop: loop, element: element, value: value, rule: rule))
        }
        checkNPIs(transaction, add)
        switch st[1] {
        case "837": checkClaimBalances(transaction, add)
        case "835": checkRemittanceBalances(transaction, component: component, add)
        default: break
        }
        return findings.sorted { $0.segmentIndex < $1.segmentIndex }
    }

    typealias Report = (Segment, String, Int, String, String, String?) -> Void

    /// NM109 is a National Provider Identifier when NM108 is XX: ten digits, the last a Luhn check digit over
    /// the prefix 80840 and the first nine.
    static func checkNPIs(_ loop: LoopInstance, _ add: (Segment, String, Int, String, String, String?) -> Void) {
        loop.forEachSegment("NM1") { s, loopID in
            guard s.element(8, is: "XX"), !s.element(9, is: ""), !isValidNPI(s[9]) else { return }
            add(s, loopID, 9, "npi-check-digit", "NM109 '\(s[9])' is not a valid NPI: ten digits whose last is the check digit (Luhn, prefix 80840)", s[9])
        }
    }

    public static func isValidNPI(_ npi: String) -> Bool {
        // On the UTF-8 bytes: Character digit tests cost Unicode property lookups, and claims carry several NPIs each.
        let bytes = npi.utf8
        guard bytes.count == 10, let first = bytes.first, first == UInt8(ascii: "1") || first == UInt8(ascii: "2") else { return false }
        // Luhn over "80840" + the first nine digits: the constant 80840 contributes 24. From the right of those nine,
        // every other digit is doubled, starting with the ninth (an even position from the left).
        var sum = 24
        for (i, byte) in bytes.enumerated() {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
            let digit = Int(byte - UInt8(ascii: "0"))
            if i == 9 { return (10 - sum % 10) % 10 == digit }
            if i % 2 == 0 {
                sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2
            } else {
                sum += digit
            }
        }
        return false
    }

    /// CLM02, the claim's total charge, equals the sum of its service lines' charges (SV102 or SV203).
    static func checkClaimBalances(_ transaction: LoopInstance, _ add: (Segment, String, Int, String, String, String?) -> Void) {
        transaction.forEachDescendant("2300") { claim in
            guard let clm = claim.segment("CLM"), let total = clm.amountCents(2) else { return }
            var sum = 0, hasOtherPayers = false
            claim.forEachLoop { child in
                if child.is("2400") {
                    sum &+= lineCharge(child) ?? 0
                } else if child.is("2320") {
                    hasOtherPayers = true
                }
            }
            if sum != total {
                add(clm, "2300", 2, "claim-charge-balance",
                    "claim \(clm[1]): total charge CLM02 \(money(total)) is not the sum of its service lines' charges, \(money(sum))", clm[2])
            }
            if hasOtherPayers { checkOtherPayerBalances(claim, clm: clm, total: total, add) }
        }
    }

    /// A service line's charge: SV102 (837P) or SV203 (837I).
    private static func lineCharge(_ line: LoopInstance) -> Int? {
        line.segment("SV1").flatMap { $0.amountCents(2) } ?? line.segment("SV2").flatMap { $0.amountCents(3) }
    }

    /// Coordination of benefits, as the 837 guides balance it for each other payer that reports what it paid (2320
    /// AMT*D): the claim's charge is that amount plus the payer's claim-level CAS plus the CAS of all its line
    /// adjudications (2430, told apart by SVD01, the payer's 2330B id); and each line it adjudicated charged what it
    /// paid for the line (SVD02) plus the line's CAS.
    static func checkOtherPayerBalances(_ claim: LoopInstance, clm: Segment, total: Int, _ add: (Segment, String, Int, String, String, String?) -> Void) {
        let lines = claim.loops("2400")
        for other in claim.loops("2320") {
            guard let amt = other.segment("AMT", "D"), let paid = amt.amountCents(2),
                  let payerID = other.loops("2330B").first?.segment("NM1", "PR")?[9], !payerID.isEmpty else { continue }
            var adjusted = sum(Adjustment.all(other.segments("CAS")))
            for (n, line) in lines.enumerated() {
                var linePaid = 0, lineAdjusted = 0
                var first: Segment?
                for adjudication in line.loops("2430") {
                    guard let svd = adjudication.segment("SVD"), svd[1] == payerID else { continue }
                    first = first ?? svd
                    linePaid &+= svd.amountCents(2) ?? 0
                    lineAdjusted &+= sum(Adjustment.all(adjudication.segments("CAS")))
                }
                adjusted &+= lineAdjusted
                if let svd = first, let charge = lineCharge(line), linePaid &+ lineAdjusted != charge {
                    add(svd, "2430", 2, "other-payer-line-balance",
                        "claim \(clm[1]) line \(n + 1): its charge \(money(charge)) is not what payer \(payerID) paid, \(money(linePaid)), plus its adjustments of the line, \(money(lineAdjusted))", svd[2])
                }
            }
            if paid &+ adjusted != total {
                add(amt, "2320", 2, "other-payer-claim-balance",
                    "claim \(clm[1]): total charge CLM02 \(money(total)) is not what payer \(payerID) paid (AMT*D) \(money(paid)) plus all its adjustments of the claim and its lines, \(money(adjusted))", amt[2])
            }
        }
    }

    /// Claim: CLP03 charge - CLP04 paid = all adjustments of the claim and its lines. Line: SVC02 - SVC03 = the line's
    /// adjustments. Payment: BPR02 = the claims' payments - the provider-level adjustments (PLB).
    static func checkRemittanceBalances(_ transaction: LoopInstance, component: Character, _ add: (Segment, String, Int, String, String, String?) -> Void) {
        var paidTotal = 0
        for claim in transaction.descendants("2100") {
            guard let clp = claim.segment("CLP"), let charge = clp.amountCents(3), let paid = clp.amountCents(4) else { continue }
            paidTotal &+= paid
            var adjusted = sum(Adjustment.all(claim.segments("CAS")))
            for line in claim.loops("2110") {
                let lineAdjustments = sum(Adjustment.all(line.segments("CAS")))
                adjusted &+= lineAdjustments
                guard let svc = line.segment("SVC"), let lineCharge = svc.amountCents(2), let linePaid = svc.amountCents(3) else { continue }
                if lineCharge - linePaid != lineAdjustments {
                    add(svc, "2110", 3, "service-line-balance",
                        "service line \(svc[1]): charge \(money(lineCharge)) - paid \(money(linePaid)) = \(money(lineCharge - linePaid)), but its adjustments total \(money(lineAdjustments))", svc[3])
                }
            }
            if charge - paid != adjusted {
                add(clp, "2100", 4, "claim-payment-balance",
                    "claim \(clp[1]): charge \(money(charge)) - paid \(money(paid)) = \(money(charge - paid)), but its adjustments (claim and lines) total \(money(adjusted))", clp[4])
            }
        }
        guard let bpr = transaction.segment("BPR"), let payment = bpr.amountCents(2) else { return }
        var providerAdjustments = 0
        for plb in transaction.segments("PLB") {
            for n in stride(from: 4, through: 14, by: 2) { providerAdjustments &+= plb.amountCents(n) ?? 0 }
        }
        if payment != paidTotal &- providerAdjustments {
            add(bpr, "", 2, "payment-balance",
                "BPR02 payment \(money(payment)) is not the claims' payments \(money(paidTotal)) minus the provider adjustments (PLB) \(money(providerAdjustments)) = \(money(paidTotal &- providerAdjustments))", bpr[2])
        }
    }

    /// Wrapping sums: a hostile file can carry enough 17-digit amounts to overflow, and a wrong total only makes the
    /// balance check fail, where a trap would end the process.
    private static func sum(_ adjustments: [Adjustment]) -> Int { adjustments.reduce(0) { $0 &+ ($1.amountCents ?? 0) } }

    static func money(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        // magnitude, not abs: a wrapped sum may be Int.min, whose abs traps.
        let v = cents.magnitude
        return "\(sign)\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100)"
    }
}
