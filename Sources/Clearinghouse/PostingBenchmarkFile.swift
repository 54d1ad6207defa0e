import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle

/// The data of `revcycle bench posting`: many claims waiting on the payer, and the 835 that pays them. Made up and
/// deterministic for a seed; the claims are copies of a practice's acknowledged or submitted claims (their patient,
/// payer, providers) under new ids and control numbers, with one to four lines each.
///
/// The 835 answers every claim with the sandbox payer's usual codes: most claims paid with CO-45 (contractual) and
/// PR-2 (coinsurance) on each line; about one in twelve with a line denied CO-50 (N130); about one in twenty denied
/// whole (CLP02 4, CO-50 on every line). Every line carries its REF*6R, every claim balances (CLP03 - CLP04 = its CAS),
/// and BPR02 is the sum of CLP04 in each transaction set (one check per `claimsPerCheck` claims).
public enum PostingBenchmarkFile {
    /// What the 835 should do to the claims once posted, to check the posting against.
    public struct Expected: Sendable, Equatable {
        public var claims = 0
        public var paidClaims = 0
        public var partlyDeniedClaims = 0
        public var deniedClaims = 0
        public var lines = 0
        public var charges = Money.zero
        public var paid = Money.zero
        public var adjusted = Money.zero
        public var patientResponsibility = Money.zero
        public var checks = 0
        /// Ledger balance the claims keep (insurance owes nothing more once posted): zero.
        public var balance: Money { charges - paid - adjusted - patientResponsibility }
    }

    /// `count` claims copied from `templates` (acknowledged or submitted ones), numbered `PB000000001`... in order.
    public static func claims(_ count: Int, from templates: [RevenueCycle.Claim], seed: UInt64 = 835) -> [RevenueCycle.Claim] {
        precondition(!templates.isEmpty, "no template claims")
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { n in copy(templates[n % templates.count], number: n + 1, lineCount: Int(random.next() % 4) + 1, random: &random) }
    }

    public static func patientControlNumber(_ n: Int) -> String {
        let digits = String(n)
        return "PB" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    static func copy(_ c: RevenueCycle.Claim, number: Int, lineCount: Int, random: inout SeededGenerator) -> RevenueCycle.Claim {
        let id = UUID()
        // The template's lines, repeated as needed, renumbered, with charges of $20 to $420.
        let lines = (0..<lineCount).map { i in
            var line = c.lines[i % c.lines.count]
            line.lineNumber = i + 1
            line.lineItemControlNumber = "\(number)L\(i + 1)"
            line.charge = Money(cents: Int(random.next() % 40_000) + 2_000)
            return line
        }
        return RevenueCycle.Claim(id: id, tenantID: c.tenantID, kind: c.kind, encounterID: c.encounterID, patientID: c.patientID, coverageID: c.coverageID,
                     coverageOrder: c.coverageOrder, payerID: c.payerID, billingProvider: c.billingProvider, renderingProviderID: c.renderingProviderID,
                     referringProviderID: c.referringProviderID, supervisingProviderID: c.supervisingProviderID, facilityID: c.facilityID,
                     frequency: c.frequency, payerClaimControlNumber: c.payerClaimControlNumber, patientControlNumber: patientControlNumber(number),
                     placeOfService: c.placeOfService, typeOfBill: c.typeOfBill, diagnoses: c.diagnoses, procedureCodes: c.procedureCodes,
                     priorAuthorizationNumber: c.priorAuthorizationNumber, referralNumber: c.referralNumber, lines: lines, status: c.status,
                     history: c.history.map { var t = $0; t.claimID = id; return t })
    }

    /// The 835 interchange paying `claims` (one transaction set per `claimsPerCheck` claims, each its own check),
    /// to the payee `payee` (ISA08 its tax id), and what posting it should do.
    public static func write(paying claims: [RevenueCycle.Claim], payee: Tenant, claimsPerCheck: Int = 10_000, seed: UInt64 = 835,
                             paymentDate: String = "20261130") -> (text: String, expected: Expected) {
        var random = SeededGenerator(seed: seed)
        var expected = Expected()
        var text = ""
        let chunks = stride(from: 0, to: claims.count, by: max(1, claimsPerCheck)).map { claims[$0..<min($0 + max(1, claimsPerCheck), claims.count)] }
        let parties = InterchangeParties(senderID: "SANDBOXPAYER", receiverQualifier: "30", receiverID: payee.taxID.value)
        for (n, chunk) in chunks.enumerated() {
            let payments = chunk.map { payment(for: $0, random: &random, expected: &expected) }
            let total = payments.reduce(0) { $0 + ($1.paidCents ?? 0) }
            let era = Remittance(controlNumber: String(format: "%04d", n + 1), paymentCents: total, handlingCode: total > 0 ? "I" : "H",
                                 paymentMethod: total > 0 ? "ACH" : "NON", paymentDate: paymentDate, traceNumber: "BENCH\(seed)T\(n + 1)",
                                 payerIdentifier: "1999999999",
                                 payer: Party(name: "SANDBOX HEALTH PLAN", address: Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
                                 payerContactName: "EDI SUPPORT", payerContactPhone: "8005551212",
                                 payee: Party(name: chunk.first!.billingProvider.name, idQualifier: "XX", id: chunk.first!.billingProvider.npi.value), payeeTaxID: payee.taxID.value,
                                 claims: payments, providerAdjustments: [])
            // One interchange per check: a file of several interchanges, as a clearinghouse concatenates them.
            text += RemittanceWriter.write(era, parties: parties, date: paymentDate, time: "1200", interchangeControlNumber: n + 1, groupControlNumber: n + 1)
            expected.checks += 1
        }
        return (text, expected)
    }

    static func payment(for claim: RevenueCycle.Claim, random: inout SeededGenerator, expected: inout Expected) -> Remittance.ClaimPayment {
        let roll = random.next() % 240
        let deniedWhole = roll < 12, partlyDenied = !deniedWhole && roll < 32
        let deniedLine = partlyDenied && claim.lines.count > 1 ? Int(random.next() % UInt64(claim.lines.count)) : -1
        var lines: [Remittance.ServiceLine] = []
        var charge = 0, paid = 0, patient = 0
        for line in claim.lines {
            let lineCharge = line.charge.cents
            var adjustments: [Adjustment], linePaid = 0, remarks: [String] = []
            if deniedWhole || line.lineNumber - 1 == deniedLine {
                adjustments = [Adjustment(groupCode: "CO", reasonCode: "50", amountCents: lineCharge, quantity: nil)]
                remarks = ["N130"]
                expected.adjusted += line.charge
            } else {
                let allowed = lineCharge * 72 / 100, coinsurance = allowed / 5
                linePaid = allowed - coinsurance
                adjustments = [Adjustment(groupCode: "CO", reasonCode: "45", amountCents: lineCharge - allowed, quantity: nil),
                               Adjustment(groupCode: "PR", reasonCode: "2", amountCents: coinsurance, quantity: nil)]
                patient += coinsurance
                expected.adjusted += Money(cents: lineCharge - allowed)
                expected.patientResponsibility += Money(cents: coinsurance)
            }
            lines.append(.init(procedureCode: line.procedure?.code, modifiers: line.modifiers, chargeCents: lineCharge, paidCents: linePaid,
                               units: String(line.units), serviceDate: compact(line.serviceDate), lineControlNumber: line.lineItemControlNumber,
                               adjustments: adjustments, remarkCodes: remarks))
            charge += lineCharge; paid += linePaid
        }
        expected.claims += 1
        expected.lines += claim.lines.count
        expected.charges += Money(cents: charge)
        expected.paid += Money(cents: paid)
        if deniedWhole { expected.deniedClaims += 1 } else if deniedLine >= 0 { expected.partlyDeniedClaims += 1 } else { expected.paidClaims += 1 }
        return .init(claimId: claim.patientControlNumber, statusCode: deniedWhole ? "4" : "1", chargeCents: charge, paidCents: paid,
                     patientResponsibilityCents: patient, filingIndicator: "12", payerClaimControlNumber: "SBX\(claim.patientControlNumber)",
                     patient: Party(name: "PATIENT", firstName: "BENCH", idQualifier: "MI", id: "M\(claim.patientID.uuidString.prefix(8))"),
                     adjustments: [], serviceLines: lines)
    }

    /// CCYYMMDD.
    static func compact(_ date: ServiceDate) -> String { date.iso.replacingOccurrences(of: "-", with: "") }
}
