internal import Crypto
import CodeSets
import Foundation
public import HealthCareX12

// Secondary claims (coordination of benefits). After the primary payer's 835, the claim goes to the patient's next
// coverage as a new claim: the same services at the same charges, frequency original, its own patient control number,
// and the primary's decision (what it paid, its adjustments per line, its claim number and date) in the 837's
// other-payer loops, so that the secondary can pay on what the primary left.
//
// What the secondary is billed for is the primary's patient-responsibility remainder (its PR adjustments): the
// primary's payments and its other adjustments (CO, OA, PI, CR) are settled. The money moves between the two claims'
// ledgers so that nothing is counted twice:
//
// - the secondary claim's ledger opens with one adjustment per line, group OA reason 23 ("the impact of prior
//   payer(s) adjudication"), of the line's charge less its remainder: its balance is then what the secondary owes;
// - the primary claim hands the remainder over with an OA-23 adjustment of the same amount on each line (against the
//   patient responsibility where the primary's PR sits, else the insurance balance): it no longer owes it.
//
// Across the two claims, then, the OA-23 amounts add up to exactly the charges billed twice, and everything else is
// what really happened. What the secondary leaves unpaid (its own PR) becomes the patient's on the secondary claim
// when its 835 is posted.

/// What an earlier payer decided about a claim, as its 835 said: kept on the claim billed next (a secondary or
/// tertiary claim) and written in that claim's 837 loops 2320, 2330B and 2430.
public struct PriorPayerAdjudication: Hashable, Codable, Sendable {
    /// A CAS adjustment: group (CO, CR, OA, PI, PR), reason (CARC), amount and quantity.
    public struct Adjustment: Hashable, Codable, Sendable {
        public var group: String
        public var reason: String
        public var amount: Money
        public var quantity: String?

        public init(group: String, reason: String, amount: Money, quantity: String? = nil) {
            self.group = group; self.reason = reason; self.amount = amount; self.quantity = quantity
        }

        public var isPatientResponsibility: Bool { group == "PR" }
    }

    /// The payer's decision on one line of the claim (its 835 SVC loop), matched to the line by REF*6R.
    public struct Line: Hashable, Codable, Sendable {
        /// The line's number on the claims (the next claim keeps the lines and their numbers).
        public var lineNumber: Int
        public var lineItemControlNumber: String
        public var paid: Money
        /// The procedure as the payer adjudicated it (it may differ from the one billed), and the units it paid.
        public var procedureQualifier: String?
        public var procedureCode: String?
        public var modifiers: [String]
        public var units: String
        public var adjustments: [Adjustment]

        public init(lineNumber: Int, lineItemControlNumber: String, paid: Money, procedureQualifier: String? = "HC", procedureCode: String?,
                    modifiers: [String] = [], units: String, adjustments: [Adjustment]) {
            self.lineNumber = lineNumber; self.lineItemControlNumber = lineItemControlNumber; self.paid = paid
            self.procedureQualifier = procedureQualifier; self.procedureCode = procedureCode; self.modifiers = modifiers; self.units = units
            self.adjustments = adjustments
        }

        /// The line's patient responsibility (PR adjustments): what the next payer is billed for on this line.
        public var patientResponsibility: Money { adjustments.filter(\.isPatientResponsibility).map(\.amount).sum() }
    }

    /// The claim the payer adjudicated, and its patient control number (835 CLP01).
    public var claimID: UUID
    public var patientControlNumber: String
    public var payerID: UUID
    public var coverageID: UUID
    public var coverageOrder: CoverageOrder
    /// CLP07: the payer's number for the claim (2330B REF*F8).
    public var payerClaimControlNumber: String?
    /// When the payer adjudicated the claim (the 835's payment date): 2330B or 2430 DTP*573.
    public var adjudicatedOn: ServiceDate
    /// CLP04: what it paid for the claim (2320 AMT*D).
    public var paid: Money
    /// Its claim-level adjustments (2320 CAS).
    public var claimAdjustments: [Adjustment]
    /// MOA: its claim-level remark codes.
    public var remarkCodes: [String]
    /// Its decision per line; empty when it answered for the whole claim only.
    public var lines: [Line]

    public init(claimID: UUID, patientControlNumber: String, payerID: UUID, coverageID: UUID, coverageOrder: CoverageOrder,
                payerClaimControlNumber: String?, adjudicatedOn: ServiceDate, paid: Money, claimAdjustments: [Adjustment],
                remarkCodes: [String] = [], lines: [Line]) {
        self.claimID = claimID; self.patientControlNumber = patientControlNumber; self.payerID = payerID; self.coverageID = coverageID
        self.coverageOrder = coverageOrder; self.payerClaimControlNumber = payerClaimControlNumber; self.adjudicatedOn = adjudicatedOn
        self.paid = paid; self.claimAdjustments = claimAdjustments; self.remarkCodes = remarkCodes; self.lines = lines
    }

    /// Everything the payer left to the patient, claim and lines: what the next payer is billed for.
    public var patientResponsibility: Money {
        (claimAdjustments.filter(\.isPatientResponsibility).map(\.amount) + lines.map(\.patientResponsibility)).sum()
    }

    /// The remainder per line number for lines of these charges: each line's own PR, then the claim-level PR spread
    /// over the lines in order (never more than what a line has left). Nil when the remainders cannot be placed on
    /// the lines (a negative remainder, or more than the charges).
    public func remainders(lineCharges: [(lineNumber: Int, charge: Money)]) -> [Int: Money]? {
        var remainders: [Int: Money] = [:]
        for (number, charge) in lineCharges {
            let own = lines.first { $0.lineNumber == number }?.patientResponsibility ?? .zero
            guard !own.isNegative, own <= charge else { return nil }
            remainders[number] = own
        }
        var left = claimAdjustments.filter(\.isPatientResponsibility).map(\.amount).sum()
        guard !left.isNegative else { return nil }
        for (number, charge) in lineCharges where left.isPositive {
            let room = charge - (remainders[number] ?? .zero)
            let placed = min(room, left)
            remainders[number, default: .zero] += placed
            left -= placed
        }
        return left.isZero ? remainders : nil
    }
}

/// A list stored in a claim's JSON that claims stored before it existed do not have: they decode with an empty list.
@propertyWrapper
public struct EmptyWhenAbsent<Element: Hashable & Codable & Sendable>: Hashable, Codable, Sendable {
    public var wrappedValue: [Element]

    public init(wrappedValue: [Element] = []) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws { wrappedValue = try decoder.singleValueContainer().decode([Element].self) }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// Chosen over the general `decode` by the claim's synthesized decoding: an absent key is an empty list.
    func decode<Element>(_ type: EmptyWhenAbsent<Element>.Type, forKey key: Key) throws -> EmptyWhenAbsent<Element> {
        try decodeIfPresent(type, forKey: key) ?? EmptyWhenAbsent()
    }
}

/// Builds the claim to the next payer from a claim an earlier payer adjudicated, and the ledger postings that move
/// the remainder from one claim to the other. Nothing here reads a database: the caller gathers the records.
public enum SecondaryClaims {
    /// The patient control number of the claim to the payer of `order` after the claim numbered `earlier`: its first
    /// 18 characters, a hyphen and S (secondary) or T (tertiary). Claims the builder numbers are 20 hexadecimal
    /// digits, so this never equals one of theirs, keeps the 20 characters payers return, and shows the claim it
    /// follows; two claims whose numbers share 18 characters would share it (the caller can pass its own number).
    public static func patientControlNumber(after earlier: String, order: CoverageOrder) -> String {
        String(earlier.prefix(18)) + "-" + (order == .tertiary ? "T" : "S")
    }

    /// What the payer of `claim` decided, from its 835 claim payment; refused when the payment is not this claim's,
    /// does not balance, or answers lines the claim does not have.
    public static func adjudication(of claim: Claim, by payment: Remittance.ClaimPayment, adjudicatedOn: ServiceDate) throws(ClaimRefusal) -> PriorPayerAdjudication {
        var p = Problems()
        if payment.claimId != claim.patientControlNumber {
            p.add("payment.claimId", "the 835 claim payment is for claim \(payment.claimId), not \(claim.patientControlNumber)")
        }
        if ["22", "23", "25"].contains(payment.statusCode) {
            p.add("payment.statusCode", "the 835 claim payment is a reversal or not an adjudication (CLP02 \(payment.statusCode)); the next payer is billed from an adjudication")
        }
        // Amounts beyond any real claim are refused first: the sums below stay far from overflowing.
        let amounts = [payment.chargeCents, payment.paidCents] + payment.adjustments.map(\.amountCents)
            + payment.serviceLines.flatMap { [$0.chargeCents, $0.paidCents] + $0.adjustments.map(\.amountCents) }
        guard amounts.allSatisfy({ ($0 ?? 0).magnitude <= Money.maximumInputCents.magnitude }) else {
            throw ClaimRefusal(problems: [FieldProblem(field: "payment", message: "the 835 claim payment has an amount beyond any real claim (more than \(Money(cents: Money.maximumInputCents)))")])
        }
        if payment.paidCents == nil { p.add("payment.paidCents", "the 835 claim payment has no paid amount (CLP04)") }
        for (i, line) in payment.serviceLines.enumerated() where line.paidCents == nil {
            p.add("payment.serviceLines[\(i)].paidCents", "the 835 line has no paid amount (SVC03)")
        }
        if let charge = payment.chargeCents, charge != claim.totalCharge.cents {
            p.add("payment.chargeCents", "the payer answered for a charge of \(Money(cents: charge)), but the claim's charge is \(claim.totalCharge)")
        }
        let claimAdjustments = payment.adjustments.map(adjustment)
        var adjusted = claimAdjustments.map(\.amount).sum()
        var lines: [PriorPayerAdjudication.Line] = []
        var answered = Set<Int>()
        for (i, paid) in payment.serviceLines.enumerated() {
            let field = "payment.serviceLines[\(i)]"
            guard let line = matchingLine(paid, in: claim, excluding: answered) else {
                p.add(field, "the 835 line \(paid.lineControlNumber.map { "with control number \($0)" } ?? "for \(paid.procedureCode ?? "no procedure")") matches no line of the claim")
                continue
            }
            answered.insert(line.lineNumber)
            let adjustments = paid.adjustments.map(adjustment)
            adjusted += adjustments.map(\.amount).sum()
            let linePaid = Money(cents: paid.paidCents ?? 0)
            if linePaid + adjustments.map(\.amount).sum() != line.charge {
                p.add(field, "line \(line.lineNumber): the charge \(line.charge) is not what the payer paid, \(linePaid), plus its adjustments, \(adjustments.map(\.amount).sum())")
            }
            lines.append(.init(lineNumber: line.lineNumber, lineItemControlNumber: line.lineItemControlNumber, paid: linePaid,
                               procedureQualifier: paid.procedureCode == nil ? (line.procedure == nil ? nil : "HC") : paid.procedureQualifier ?? "HC",
                               procedureCode: paid.procedureCode ?? line.procedure?.code,
                               modifiers: paid.procedureCode == nil ? line.modifiers : paid.modifiers, units: paid.units ?? String(line.units),
                               adjustments: adjustments))
        }
        if !lines.isEmpty, answered.count != claim.lines.count {
            let missing = claim.lines.map(\.lineNumber).filter { !answered.contains($0) }
            p.add("payment.serviceLines", "the payer answered some lines but not line \(missing.map(String.init).joined(separator: ", ")): the next payer needs every line's decision")
        }
        let paid = Money(cents: payment.paidCents ?? 0)
        if paid + adjusted != claim.totalCharge {
            p.add("payment.paidCents", "the claim's charge \(claim.totalCharge) is not what the payer paid, \(paid), plus all its adjustments, \(adjusted)")
        }
        guard p.list.isEmpty else { throw ClaimRefusal(problems: p.list) }
        return PriorPayerAdjudication(claimID: claim.id, patientControlNumber: claim.patientControlNumber, payerID: claim.payerID,
                                      coverageID: claim.coverageID, coverageOrder: claim.coverageOrder,
                                      payerClaimControlNumber: payment.payerClaimControlNumber, adjudicatedOn: adjudicatedOn, paid: paid,
                                      claimAdjustments: claimAdjustments, remarkCodes: payment.remarkCodes,
                                      lines: lines.sorted { $0.lineNumber < $1.lineNumber })
    }

    /// The claim to the next coverage (`nextCoverage`, with `nextPayer`) after `earlier` was adjudicated by its
    /// payer (`earlierPayer`), as `payment` says: a new original claim in draft with the same services, the
    /// earlier payers' decisions (`priorPayerAdjudications`, the earliest first), and its ledger opened so that its
    /// balance is the remainder it is billed for. Refused, with every problem, when the records do not belong
    /// together, the payment does not fit the claim, or nothing is left for the next payer.
    public static func build(after earlier: Claim, earlierPayer: Payer, payment: Remittance.ClaimPayment, adjudicatedOn: ServiceDate,
                             nextCoverage: Coverage, nextPayer: Payer, claimID: UUID, postedOn: ServiceDate,
                             patientControlNumber: String? = nil) throws(ClaimRefusal) -> Claim {
        let adjudication = try self.adjudication(of: earlier, by: payment, adjudicatedOn: adjudicatedOn)
        var p = Problems()
        if earlierPayer.id != earlier.payerID { p.add("earlierPayer", "the claim was billed to another payer than \(earlierPayer.name)") }
        if nextCoverage.patientID != earlier.patientID { p.add("nextCoverage.patientID", "the coverage is another patient's") }
        if nextCoverage.tenantID != earlier.tenantID || nextPayer.tenantID != earlier.tenantID {
            p.add("nextCoverage.tenantID", "the coverage or its payer belongs to another tenant than the claim")
        }
        if nextCoverage.payerID != nextPayer.id { p.add("nextCoverage.payerID", "the coverage is with another payer than \(nextPayer.name)") }
        if nextCoverage.id == earlier.coverageID || earlier.priorPayerAdjudications.contains(where: { $0.coverageID == nextCoverage.id }) {
            p.add("nextCoverage", "this coverage was already billed for these services")
        }
        if nextCoverage.order <= earlier.coverageOrder {
            p.add("nextCoverage.order", "the next claim goes to a coverage after the \(earlier.coverageOrder.rawValue) one; this one is \(nextCoverage.order.rawValue)")
        }
        for line in earlier.lines where !nextCoverage.covers(line.serviceDate) {
            p.add("nextCoverage.effectiveFrom", "the coverage is not in force on line \(line.lineNumber)'s date of service, \(line.serviceDate)")
        }
        let remainder = adjudication.patientResponsibility
        if !remainder.isPositive {
            p.add("payment", "the \(earlier.coverageOrder.rawValue) payer left nothing to the patient (\(remainder)), so there is nothing to bill the next payer")
        }
        let charges = earlier.lines.map { (lineNumber: $0.lineNumber, charge: $0.charge) }
        if adjudication.remainders(lineCharges: charges) == nil {
            p.add("payment.adjustments", "the payer's patient responsibility cannot be placed on the claim's lines (negative, or more than their charges)")
        }
        guard p.list.isEmpty else { throw ClaimRefusal(problems: p.list) }

        var claim = Claim(
            id: claimID, tenantID: earlier.tenantID, kind: earlier.kind, encounterID: earlier.encounterID, patientID: earlier.patientID,
            coverageID: nextCoverage.id, coverageOrder: nextCoverage.order, payerID: nextPayer.id, billingProvider: earlier.billingProvider,
            renderingProviderID: earlier.renderingProviderID, referringProviderID: earlier.referringProviderID,
            supervisingProviderID: earlier.supervisingProviderID, facilityID: earlier.facilityID, frequency: .original,
            patientControlNumber: patientControlNumber ?? self.patientControlNumber(after: earlier.patientControlNumber, order: nextCoverage.order),
            placeOfService: earlier.placeOfService, typeOfBill: earlier.typeOfBill.map { String($0.prefix(2)) + ClaimFrequency.original.rawValue },
            diagnoses: earlier.diagnoses, procedureCodes: earlier.procedureCodes, priorAuthorizationNumber: earlier.priorAuthorizationNumber,
            referralNumber: earlier.referralNumber, lines: earlier.lines,
            priorPayerAdjudications: earlier.priorPayerAdjudications + [adjudication])
        do {
            for posting in openingPostings(claim, postedOn: postedOn) { try claim.post(posting) }
        } catch {
            throw ClaimRefusal(problems: [FieldProblem(field: "ledger", message: error.description)])
        }
        let problems = claim.validate()
        guard problems.isEmpty else { throw ClaimRefusal(problems: problems.map { $0.nested(under: "claim") }) }
        return claim
    }

    /// The postings that open a next payer's claim: on each line, an OA-23 adjustment of what the last earlier payer
    /// settled (the charge less the remainder the claim is billed for). `build` applies them.
    public static func openingPostings(_ claim: Claim, postedOn: ServiceDate) -> [LedgerPosting] {
        guard let last = claim.priorPayerAdjudications.last,
              let remainders = last.remainders(lineCharges: claim.lines.map { ($0.lineNumber, $0.charge) }) else { return [] }
        return claim.lines.compactMap { line in
            let settled = line.charge - (remainders[line.lineNumber] ?? .zero)
            guard settled.isPositive else { return nil }
            return LedgerPosting(id: postingID("opening", claim.id, line.lineNumber), lineNumber: line.lineNumber,
                                 entry: .adjustment(amount: settled, group: .otherAdjustment, reason: "23", against: .insurance),
                                 postedOn: postedOn, reference: last.payerClaimControlNumber ?? last.patientControlNumber)
        }
    }

    /// The earlier payers' part of line `lineNumber` of a claim billed after them: the OA-23 adjustment the claim was
    /// opened with (`openingPostings`), while it is not reversed; zero on a claim not opened so. An 835 of the next
    /// payer reports the same part as its own OA-23 ("impact of prior payer(s) adjudication"), which posting finds
    /// here instead of posting it again.
    public static func priorPayersShare(of claim: Claim, lineNumber: Int) -> Money {
        guard !claim.priorPayerAdjudications.isEmpty else { return .zero }
        let id = postingID("opening", claim.id, lineNumber)
        guard let opening = claim.ledger.postings.first(where: { $0.id == id }),
              case .adjustment(let amount, .otherAdjustment, "23", _) = opening.entry,
              !claim.ledger.postings.contains(where: { $0.entry == .reversal(of: id) }) else { return .zero }
        return amount
    }

    /// The postings that hand the remainder of `earlier` over to the claim `next` made from it: on each line, an
    /// OA-23 adjustment of the line's remainder, against the patient responsibility when the earlier payer's PR sits
    /// there (as posting its 835 leaves it), else against the insurance balance. Posting them twice is refused, since
    /// their ids follow from the two claims.
    public static func handOffPostings(earlier: Claim, next: Claim, postedOn: ServiceDate) -> [LedgerPosting] {
        guard let adjudication = next.priorPayerAdjudications.last(where: { $0.claimID == earlier.id }),
              let remainders = adjudication.remainders(lineCharges: earlier.lines.map { ($0.lineNumber, $0.charge) }) else { return [] }
        return earlier.lines.compactMap { line in
            guard let amount = remainders[line.lineNumber], amount.isPositive else { return nil }
            let onPatient = (earlier.ledger.line(line.lineNumber)?.patientResponsibility ?? .zero) >= amount
            return LedgerPosting(id: postingID("hand-off", next.id, line.lineNumber), lineNumber: line.lineNumber,
                                 entry: .adjustment(amount: amount, group: .otherAdjustment, reason: "23", against: onPatient ? .patient : .insurance),
                                 postedOn: postedOn, reference: next.patientControlNumber)
        }
    }

    /// The 835 line's claim line: by its line item control number (REF*6R), else the one unanswered line with the
    /// same procedure and charge.
    static func matchingLine(_ paid: Remittance.ServiceLine, in claim: Claim, excluding answered: Set<Int>) -> ClaimLine? {
        let open = claim.lines.filter { !answered.contains($0.lineNumber) }
        if let control = paid.lineControlNumber { return open.first { $0.lineItemControlNumber == control } }
        let candidates = open.filter { $0.procedure?.code == paid.procedureCode && $0.charge.cents == paid.chargeCents }
        return candidates.count == 1 ? candidates[0] : nil
    }

    static func adjustment(_ a: HealthCareX12.Adjustment) -> PriorPayerAdjudication.Adjustment {
        .init(group: a.groupCode, reason: a.reasonCode, amount: Money(cents: a.amountCents ?? 0), quantity: a.quantity)
    }

    /// A posting id that follows from what it is for, so the same posting made twice is refused by the ledger.
    static func postingID(_ kind: String, _ claimID: UUID, _ lineNumber: Int) -> UUID {
        let digest = Array(SHA256.hash(data: Data("secondary-claim|\(kind)|\(claimID.uuidString)|\(lineNumber)".utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50 // a name-based UUID (version 5 layout)
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                           bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

extension Claim {
    /// The earlier payers' decisions against the claim itself (a stored or sent claim is untrusted input): each one
    /// from a coverage before this claim's, once, every decided line one of the claim's (by number and control
    /// number), and the money balanced: each line's charge is what the payer paid plus its adjustments, and the
    /// claim's charge is what it paid plus all its adjustments.
    func priorPayerProblems() -> [FieldProblem] {
        var p = Problems()
        var coverages = Set<UUID>()
        for (i, adjudication) in priorPayerAdjudications.enumerated() {
            let field = "priorPayerAdjudications[\(i)]"
            if !coverages.insert(adjudication.coverageID).inserted || adjudication.coverageID == coverageID {
                p.add("\(field).coverageID", "this coverage's decision is already on the claim, or it is the coverage the claim is billed to")
            }
            if adjudication.coverageOrder >= coverageOrder {
                p.add("\(field).coverageOrder", "a \(coverageOrder.rawValue) claim carries the decisions of payers before it, not of a \(adjudication.coverageOrder.rawValue) one")
            }
            var adjusted = adjudication.claimAdjustments.map(\.amount).sum()
            var decided = Set<Int>()
            for (j, line) in adjudication.lines.enumerated() {
                let lineField = "\(field).lines[\(j)]"
                guard let claimLine = lines.first(where: { $0.lineNumber == line.lineNumber }),
                      claimLine.lineItemControlNumber == line.lineItemControlNumber, decided.insert(line.lineNumber).inserted else {
                    p.add("\(lineField).lineNumber", "decides line \(line.lineNumber) (\(line.lineItemControlNumber)), which is not a line of the claim or is decided twice")
                    continue
                }
                let lineAdjusted = line.adjustments.map(\.amount).sum()
                adjusted += lineAdjusted
                if line.paid + lineAdjusted != claimLine.charge {
                    p.add("\(lineField).paid", "line \(line.lineNumber)'s charge \(claimLine.charge) is not what the payer paid, \(line.paid), plus its adjustments, \(lineAdjusted)")
                }
            }
            if adjudication.paid + adjusted != totalCharge {
                p.add("\(field).paid", "the claim's charge \(totalCharge) is not what the payer paid, \(adjudication.paid), plus all its adjustments, \(adjusted)")
            }
            for a in adjudication.claimAdjustments + adjudication.lines.flatMap(\.adjustments) where !["CO", "CR", "OA", "PI", "PR"].contains(a.group) {
                p.add("\(field).adjustments", "an adjustment group is CO, CR, OA, PI or PR; got \"\(a.group)\" (reason \(a.reason))")
            }
        }
        return p.list
    }
}

/// Another coverage of the patient and its payer, for the 837's other-payer loops (2320, 2330A, 2330B).
public struct OtherCoverageRecords: Sendable {
    public var coverage: Coverage
    public var payer: Payer

    public init(coverage: Coverage, payer: Payer) {
        self.coverage = coverage; self.payer = payer
    }
}

extension ClaimRecords {
    /// Each earlier payer's decision the claim carries needs its coverage and payer among `otherCoverages`, or the
    /// 837 could not name them.
    public func otherPayerProblems() -> [FieldProblem] {
        var p = Problems()
        for (i, adjudication) in claim.priorPayerAdjudications.enumerated() {
            guard let records = otherCoverages.first(where: { $0.coverage.id == adjudication.coverageID }) else {
                p.add("otherCoverages", "the decision of the \(adjudication.coverageOrder.rawValue) payer (priorPayerAdjudications[\(i)]) needs its coverage \(adjudication.coverageID)")
                continue
            }
            if records.payer.id != adjudication.payerID || records.coverage.payerID != records.payer.id {
                p.add("otherCoverages", "the coverage \(records.coverage.id) is with another payer than the one that decided the claim")
            }
        }
        return p.list
    }
}

extension ClaimInterchange {
    /// Loops 2320/2330A/2330B for each other coverage, in the order of benefits, with the decision of its payer when
    /// the claim carries one. The remaining patient liability and the adjudication date go on the lines when the
    /// payer answered line by line, else on the claim.
    static func otherPayers(_ r: ClaimRecords) -> [HealthCareX12.OtherPayer] {
        r.otherCoverages.sorted { $0.coverage.order < $1.coverage.order }.map { other in
            let coverage = other.coverage
            let adjudication = r.claim.priorPayerAdjudications.last { $0.coverageID == coverage.id }
            let subscriber: HealthCareX12.Party
            switch coverage.subscriber {
            case .patient:
                subscriber = HealthCareX12.Party(name: r.patient.name.last, firstName: r.patient.name.first, idQualifier: "MI", id: coverage.memberID,
                                                 address: x12Address(r.patient.address))
            case .otherPerson(let holder):
                subscriber = HealthCareX12.Party(name: holder.name.last, firstName: holder.name.first, idQualifier: "MI", id: coverage.memberID,
                                                 address: holder.address.map(x12Address))
            }
            let claimLevelOnly = adjudication?.lines.isEmpty ?? false
            return HealthCareX12.OtherPayer(
                payerResponsibility: coverage.order.x12Code, relationship: coverage.relationship.rawValue, groupNumber: coverage.groupNumber,
                claimFilingIndicator: other.payer.claimFilingIndicator.rawValue, subscriber: subscriber,
                payer: HealthCareX12.Party(name: other.payer.name, idQualifier: "PI", id: other.payer.electronicID.value,
                                           address: other.payer.address.map(x12Address)),
                adjustments: adjudication?.claimAdjustments.map(x12Adjustment) ?? [], paidCents: adjudication?.paid.cents,
                remainingPatientLiabilityCents: claimLevelOnly ? adjudication?.patientResponsibility.cents : nil,
                remarkCodes: adjudication?.remarkCodes ?? [], adjudicationDate: claimLevelOnly ? adjudication?.adjudicatedOn.x12 : nil,
                claimControlNumber: adjudication?.payerClaimControlNumber)
        }
    }

    /// Loop 2430 of a line: each named other payer's decision on it, with the line's remaining patient liability.
    static func lineAdjudications(_ r: ClaimRecords, _ line: ClaimLine) -> [HealthCareX12.LineAdjudication] {
        r.otherCoverages.sorted { $0.coverage.order < $1.coverage.order }.compactMap { other in
            guard let adjudication = r.claim.priorPayerAdjudications.last(where: { $0.coverageID == other.coverage.id }),
                  let decided = adjudication.lines.first(where: { $0.lineNumber == line.lineNumber }) else { return nil }
            return HealthCareX12.LineAdjudication(
                payerID: other.payer.electronicID.value, paidCents: decided.paid.cents, procedureQualifier: decided.procedureQualifier,
                procedureCode: decided.procedureCode, modifiers: decided.modifiers, revenueCode: line.revenueCode, units: decided.units,
                adjustments: decided.adjustments.map(x12Adjustment), adjudicationDate: adjudication.adjudicatedOn.x12,
                remainingPatientLiabilityCents: decided.patientResponsibility.cents)
        }
    }

    static func x12Adjustment(_ a: PriorPayerAdjudication.Adjustment) -> HealthCareX12.Adjustment {
        HealthCareX12.Adjustment(groupCode: a.group, reasonCode: a.reason, amountCents: a.amount.cents, quantity: a.quantity)
    }
}
