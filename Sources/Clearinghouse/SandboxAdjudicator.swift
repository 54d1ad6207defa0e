import CodeSets
import HealthCareX12

/// The sandbox payer's adjudication: pure and deterministic (the day is passed in, the ledger is a value). An 837
/// batch becomes a 277CA (each claim accepted into adjudication or rejected with its STC codes) and, for the claims
/// accepted, one balanced 835 per payee; a 276 becomes a 277 from what the ledger remembers.
///
/// Codes (CARC, RARC, claim status) are the X12 lists' own; the choices:
/// - per line, allowed = the lesser of the charge and the contract's fee (or its percent of charge); CO-45 the rest
///   (CO-96 with N130 when the contract allows nothing, since CARC 45 may not take the whole charge);
/// - patient share: PR-3 copay on codes with one, else PR-1 deductible then PR-2 coinsurance;
/// - denials, the line paid 0: CO-29 filing limit passed; CO-197 with M62 authorization absent; CO-50 with N130 no
///   covering diagnosis; CO-97 with N20 a bundled column-2 code billed with its column-1 code on the same date;
/// - a claim id already adjudicated is denied whole at the claim level with OA-18 (CARC 18 is for group OA);
/// - a replacement (frequency 7) or void (8) whose REF*F8 names a claim the payer adjudicated: the earlier decision is
///   reversed (CLP02 22, its amounts negated, its CLP07), its deductible given back, and a replacement adjudicated
///   anew under a new payer claim number; an 835 whose claims net below zero carries the debt as a PLB FB (forward
///   balance, negative), and the next payment to that payee withholds it (PLB FB, positive);
/// - billed after another payer (SBR01 S, T..., with that payer's decision in loops 2320/2430): standard coordination
///   of benefits (SandboxCoordination.swift): the earlier payer's remainder paid up to this payer's own benefit,
///   OA-23 for the earlier payer's part, PR for what stays with the patient;
/// - crossover members: CLP02 19 (20, 21 for a secondary or tertiary payer), NM1*TT and MOA MA18;
/// - 277CA rejections: A3:33:IL member not found, A6/A7:562:82 rendering NPI missing or invalid, A6:145:85 billing
///   taxonomy missing, A7:464 a replacement or void whose payer assigned claim control number (REF*F8) names no claim
///   the payer adjudicated; acceptance A2:20.
public struct SandboxAdjudicator: Sendable {
    public var contract: PayerContract

    public init(contract: PayerContract) { self.contract = contract }

    /// What one 837 transaction set got back.
    public struct Outcome: Sendable {
        public var acknowledgment: ClaimAcknowledgment
        /// One per billing provider with claims accepted, in the batch's order.
        public var remittances: [Remittance]
        public var ledger: SandboxLedger
    }

    static let distinctServiceModifiers: Set<String> = ["59", "XE", "XP", "XS", "XU"]

    /// Adjudicates a batch received on `date` (CCYYMMDD), which is also the day of adjudication and payment.
    public func adjudicate(_ batch: ClaimTransaction, receivedOn date: String, ledger: SandboxLedger, file: String = "") -> Outcome {
        var ledger = ledger
        var providers: [(key: String, party: Party, claims: [ClaimAcknowledgment.ClaimReport])] = []
        var accepted: [SandboxLedger.AcceptedClaim] = []
        var total = 0
        for claim in batch.claims {
            let charge = claim.serviceLines.reduce(0) { $0 &+ ($1.chargeCents ?? 0) }
            total &+= charge
            let billing = claim.billingProvider ?? Party(name: "")
            let key = billing.id ?? billing.name
            let serviceDate = Self.serviceDate(claim, fallback: date)
            var report = ClaimAcknowledgment.ClaimReport(patient: Self.patient(claim), claimId: claim.claimId, statuses: [],
                                                         payerClaimControlNumber: nil, serviceDate: serviceDate)
            if let rejection = rejection(claim, ledger: ledger) {
                report.statuses = [.init(category: rejection.category, code: rejection.code, entity: rejection.entity, date: date, action: "U",
                                         amountCents: charge)]
                // A rejection never wipes out a decision the payer made earlier on the same claim id (a replacement
                // naming an unknown number, an original sent again with a defect).
                if ledger.claims[claim.claimId].map({ $0.outcome == .rejected }) ?? true {
                    ledger.claims[claim.claimId] = .init(claimId: claim.claimId, outcome: .rejected, statusCategory: rejection.category,
                                                         statusCode: rejection.code, statusEntity: rejection.entity, chargeCents: charge, paidCents: 0,
                                                         patientResponsibilityCents: 0, receivedDate: date, serviceDate: serviceDate, file: file)
                }
            } else {
                let number = payerClaimNumber(ledger.nextPayerClaimNumber)
                ledger.nextPayerClaimNumber += 1
                report.statuses = [.init(category: "A2", code: "20", date: date, action: "WQ", amountCents: charge)]
                report.payerClaimControlNumber = number
                accepted.append(.init(claim: claim, payerClaimControlNumber: number, receivedDate: date, file: file))
            }
            if let i = providers.firstIndex(where: { $0.key == key }) { providers[i].claims.append(report) } else { providers.append((key, billing, [report])) }
        }
        let acknowledgment = ClaimAcknowledgment(
            controlNumber: "0001", batchID: "ACK\(batch.batchID)".prefix(50).description, createdDate: date, createdTime: "0000",
            source: contract.payer, receiver: batch.submitter ?? Party(name: ""), sourceTraceNumber: "\(contract.payer.id ?? "SBX")\(date)",
            receiptDate: date, processDate: date, receiverTraceNumber: batch.batchID,
            batchStatuses: [.init(category: "A1", code: "19", entity: "PR", date: date, action: "WQ", amountCents: total)],
            providers: providers.map { ClaimAcknowledgment.ProviderReport(provider: $0.party, claims: $0.claims) })
        guard contract.pendDays > 0, let received = ServiceDate(compact: date) else {
            let remittances = pay(accepted, on: date, ledger: &ledger)
            return Outcome(acknowledgment: acknowledgment, remittances: remittances, ledger: ledger)
        }
        // Pended: in process (P1:20) until the day they are paid; a claim already known keeps its record meanwhile.
        for item in accepted {
            if let known = ledger.claims[item.claim.claimId], known.outcome != .rejected { continue }
            ledger.claims[item.claim.claimId] = .init(
                claimId: item.claim.claimId, outcome: .pending, statusCategory: "P1", statusCode: "20",
                payerClaimControlNumber: item.payerClaimControlNumber, chargeCents: item.claim.serviceLines.reduce(0) { $0 &+ ($1.chargeCents ?? 0) },
                paidCents: 0, patientResponsibilityCents: 0, receivedDate: date, serviceDate: Self.serviceDate(item.claim, fallback: date), file: file)
        }
        if !accepted.isEmpty { ledger.pending.append(.init(due: Self.compact(received.adding(days: contract.pendDays) ?? received), claims: accepted)) }
        return Outcome(acknowledgment: acknowledgment, remittances: [], ledger: ledger)
    }

    /// Pays the pended claims due on `date` (CCYYMMDD): per 837 file they came in, its 835s.
    public func release(on date: String, ledger: SandboxLedger) -> (payments: [(file: String, remittances: [Remittance])], ledger: SandboxLedger) {
        var ledger = ledger
        guard ServiceDate(compact: date) != nil else { return ([], ledger) }
        var payments: [(file: String, remittances: [Remittance])] = []
        var waiting: [SandboxLedger.PendingClaims] = []
        for batch in ledger.pending {
            guard batch.due <= date else { waiting.append(batch); continue }
            let remittances = pay(batch.claims, on: date, ledger: &ledger)
            if let file = batch.claims.first?.file {
                if let i = payments.firstIndex(where: { $0.file == file }) { payments[i].remittances += remittances } else { payments.append((file, remittances)) }
            }
        }
        ledger.pending = waiting
        return (payments, ledger)
    }

    /// Adjudicates accepted claims on `date` into one 835 per billing provider, each with its own check or EFT number.
    func pay(_ accepted: [SandboxLedger.AcceptedClaim], on date: String, ledger: inout SandboxLedger) -> [Remittance] {
        var payments: [(key: String, payee: Party, taxID: String?, claims: [Remittance.ClaimPayment])] = []
        for item in accepted {
            let billing = item.claim.billingProvider ?? Party(name: "")
            let key = billing.id ?? billing.name
            var answers: [Remittance.ClaimPayment] = []
            // A replacement or void: the earlier decision is reversed first (the 277CA made sure there is one).
            if ["7", "8"].contains(item.claim.frequencyCode) {
                guard let reversal = reverse(item.claim, ledger: &ledger) else { continue }
                answers.append(reversal)
            }
            if item.claim.frequencyCode != "8" {
                answers.append(adjudicate(item.claim, payerClaimControlNumber: item.payerClaimControlNumber, receivedOn: item.receivedDate, on: date,
                                          serviceDate: Self.serviceDate(item.claim, fallback: item.receivedDate), file: item.file, ledger: &ledger))
            }
            if let i = payments.firstIndex(where: { $0.key == key }) {
                payments[i].claims += answers
            } else {
                payments.append((key, billing, item.claim.billingProviderTaxID, answers))
            }
        }
        var remittances: [Remittance] = []
        for group in payments {
            let trace = ledger.nextTraceNumber ?? contract.firstTraceNumber
            ledger.nextTraceNumber = trace + 1
            var forward = ledger.balanceForwardCents?[group.key] ?? 0
            remittances.append(remittance(group.claims, payee: group.payee, taxID: group.taxID, trace: String(trace), on: date, forward: &forward))
            ledger.balanceForwardCents?[group.key] = nil
            if forward != 0 { ledger.balanceForwardCents = (ledger.balanceForwardCents ?? [:]).merging([group.key: forward]) { $1 } }
            for claim in group.claims where ledger.claims[claim.claimId]?.payerClaimControlNumber == claim.payerClaimControlNumber {
                ledger.claims[claim.claimId]?.traceNumber = String(trace)
            }
        }
        return remittances
    }

    // MARK: - 277CA

    /// The first front-end defect of a claim, as its STC category, status and entity; nil when it goes to adjudication.
    func rejection(_ claim: Claim, ledger: SandboxLedger) -> (category: String, code: String, entity: String?)? {
        if ["7", "8"].contains(claim.frequencyCode), reversible(claim, ledger: ledger) == nil { return ("A7", "464", nil) }
        if let member = claim.subscriber?.person.id, contract.notCoveredMembers.contains(member) { return ("A3", "33", "IL") }
        if claim.subscriber?.person.id == nil { return ("A3", "33", "IL") }
        for defect in contract.claimDefects {
            switch defect {
            case .renderingProviderNPI:
                let npis = [claim.renderingProvider?.id] + claim.serviceLines.map { $0.renderingProvider?.id }
                let given = npis.compactMap { $0 }
                if given.isEmpty { return ("A6", "562", "82") }
                if given.contains(where: { !GuideRules.isValidNPI($0) }) { return ("A7", "562", "82") }
            case .billingProviderTaxonomy:
                if (claim.billingProviderTaxonomy ?? "").isEmpty { return ("A6", "145", "85") }
            }
        }
        return nil
    }

    // MARK: - 835

    struct LineResult {
        var paid = 0
        var adjustments: [Adjustment] = []
        var remarks: [String] = []
        var denied = false
    }

    func adjudicate(_ claim: Claim, payerClaimControlNumber: String, receivedOn receivedDate: String, on date: String, serviceDate: String,
                    file: String, ledger: inout SandboxLedger) -> Remittance.ClaimPayment {
        let charge = claim.serviceLines.reduce(0) { $0 &+ ($1.chargeCents ?? 0) }
        let member = claim.subscriber?.person.id ?? ""
        var payment = Remittance.ClaimPayment(
            claimId: claim.claimId, statusCode: "1", chargeCents: charge, paidCents: 0, patientResponsibilityCents: nil,
            filingIndicator: Self.filingIndicator(claim.subscriber?.claimFilingIndicator),
            payerClaimControlNumber: payerClaimControlNumber, patient: Self.patient(claim), adjustments: [], serviceLines: [])
        var record = SandboxLedger.ClaimRecord(claimId: claim.claimId, outcome: .denied, statusCategory: "F2", statusCode: "1",
                                               payerClaimControlNumber: payerClaimControlNumber, chargeCents: charge, paidCents: 0,
                                               patientResponsibilityCents: 0, receivedDate: receivedDate, adjudicationDate: date, serviceDate: serviceDate,
                                               file: file)

        // Billed after another payer (coordination of benefits): what that payer left to the patient, per line.
        let remainders = Self.priorPayerRemainders(claim)

        // A claim id already adjudicated or pended under another number: the whole claim is a duplicate (a replacement
        // of a claim paid nothing is not).
        if let earlier = ledger.claims[claim.claimId], earlier.outcome != .rejected, earlier.outcome != .reversed,
           earlier.payerClaimControlNumber != payerClaimControlNumber {
            payment.statusCode = "4"
            payment.adjustments = claimDenial(charge, remainders: remainders, group: "OA", reason: "18")
            ledger.duplicatesDenied[claim.claimId, default: 0] += 1
            return payment
        }

        let received = ServiceDate(compact: receivedDate)
        let lineDates = claim.serviceLines.map { $0.serviceDate ?? claim.statementPeriod ?? serviceDate }
        let late = lineDates.map { lineDate -> Bool in
            guard let limit = contract.timelyFilingDays, let received, let last = ServiceDate(compact: lastDay(lineDate)) else { return false }
            return last.days(until: received) > limit
        }
        if !claim.serviceLines.isEmpty && late.allSatisfy({ $0 }) {
            // Every line late: the claim is denied at the claim level.
            payment.statusCode = "4"
            payment.adjustments = claimDenial(charge, remainders: remainders, group: "CO", reason: "29")
            record.statusCode = "1"
            record.payment = payment
            ledger.claims[claim.claimId] = record
            return payment
        }

        var deductibleLeft = max(0, contract.deductible(member: member) - ledger.deductibleMetCents[member, default: 0])
        var usedDeductible = 0
        var results: [LineResult] = []
        for (n, line) in claim.serviceLines.enumerated() {
            let lineCharge = line.chargeCents ?? 0
            let code = line.procedureCode ?? ""
            var result = LineResult()
            let remainder = lineCharge > 0 ? remainders?[n] : nil
            func deny(_ group: String, _ reason: String, _ remark: String?) {
                result.denied = true
                if let remainder {
                    result.adjustments = Self.coordinatedDenial(charge: lineCharge, remainder: remainder, group: group, reason: reason)
                } else if lineCharge != 0 {
                    result.adjustments = [Adjustment(groupCode: group, reasonCode: reason, amountCents: lineCharge, quantity: nil)]
                }
                result.remarks = remark.map { [$0] } ?? []
            }
            if late[n] {
                deny("CO", "29", nil)
            } else if contract.priorAuthorizationCodes.contains(code) && (claim.priorAuthorization ?? "").isEmpty {
                deny("CO", "197", "M62")
            } else if let covered = contract.coveredDiagnoses[code],
                      !diagnoses(of: line, in: claim).contains(where: { dx in covered.contains { dx.hasPrefix($0) } }) {
                deny("CO", "50", "N130")
            } else if isBundled(line: n, in: claim, dates: lineDates) {
                deny("CO", "97", "N20")
            } else {
                let units = Self.milliUnits(line.units)
                let allowed = min(lineCharge, contract.fee(code: code, modifiers: line.modifiers).map { Self.times($0, milliUnits: units) }
                                  ?? Self.share(lineCharge, percent: contract.defaultPercentOfCharge))
                if allowed <= 0 {
                    deny("CO", "96", "N130")
                } else if let remainder {
                    let coordinated = coordinatedLine(charge: lineCharge, allowed: allowed, remainder: remainder, copay: contract.copayCents[code],
                                                      deductibleLeft: &deductibleLeft)
                    result = coordinated.result
                    usedDeductible += coordinated.deductible
                } else {
                    var adjustments: [Adjustment] = []
                    func add(_ group: String, _ reason: String, _ amount: Int) {
                        if amount > 0 { adjustments.append(Adjustment(groupCode: group, reasonCode: reason, amountCents: amount, quantity: nil)) }
                    }
                    add("CO", "45", lineCharge - allowed)
                    var owed = 0
                    if let copay = contract.copayCents[code] {
                        owed = min(copay, allowed)
                        add("PR", "3", owed)
                    } else {
                        let deductible = min(deductibleLeft, allowed)
                        deductibleLeft -= deductible
                        usedDeductible += deductible
                        let coinsurance = Self.share(allowed - deductible, percent: contract.coinsurancePercent)
                        add("PR", "1", deductible)
                        add("PR", "2", coinsurance)
                        owed = deductible + coinsurance
                    }
                    result.paid = allowed - owed
                    result.adjustments = adjustments
                }
            }
            results.append(result)
        }
        ledger.deductibleMetCents[member, default: 0] += usedDeductible
        if usedDeductible == 0 && ledger.deductibleMetCents[member] == 0 { ledger.deductibleMetCents[member] = nil }

        payment.serviceLines = zip(claim.serviceLines, results).enumerated().map { n, pair in
            let (line, result) = pair
            // An institutional line billed by revenue code alone is answered as NU and that code.
            let (qualifier, code) = line.procedureCode == nil && line.revenueCode != nil ? ("NU", line.revenueCode) : (line.procedureQualifier ?? "HC", line.procedureCode)
            return Remittance.ServiceLine(procedureQualifier: qualifier, procedureCode: code, modifiers: line.modifiers,
                                          chargeCents: line.chargeCents ?? 0, paidCents: result.paid, units: line.units,
                                          serviceDate: String(lineDates[n].prefix(8)), lineControlNumber: line.lineControlNumber,
                                          adjustments: result.adjustments, remarkCodes: result.remarks)
        }
        let paid = results.reduce(0) { $0 &+ $1.paid }
        let patientShare = results.flatMap(\.adjustments).filter { $0.groupCode == "PR" }.reduce(0) { $0 &+ ($1.amountCents ?? 0) }
        payment.paidCents = paid
        payment.patientResponsibilityCents = patientShare
        let wholeDenial = !results.isEmpty && results.allSatisfy(\.denied)
        let order = ["P": 0, "S": 1, "T": 2][claim.subscriber?.payerResponsibility ?? "P"] ?? 0
        if wholeDenial {
            payment.statusCode = "4"
        } else if let crossover = contract.crossover, crossover.members.contains(member) {
            payment.statusCode = ["19", "20", "21"][order]
            payment.crossoverCarrier = crossover.payer
            payment.remarkCodes = ["MA18"]
        } else {
            payment.statusCode = ["1", "2", "3"][order]
        }

        record.paidCents = paid
        record.patientResponsibilityCents = patientShare
        record.lines = zip(payment.serviceLines, results).map { line, result in
            SandboxLedger.LineRecord(lineControlNumber: line.lineControlNumber, procedureQualifier: line.procedureQualifier, procedureCode: line.procedureCode,
                                     modifiers: line.modifiers, chargeCents: line.chargeCents ?? 0, paidCents: result.paid, units: line.units,
                                     serviceDate: line.serviceDate ?? serviceDate, statusCategory: result.denied ? "F2" : result.paid > 0 ? "F1" : "F4")
        }
        if wholeDenial {
            record.outcome = .denied
            // 84 service not authorized when that is why; else the remittance advice says why.
            record.statusCode = results.allSatisfy { $0.adjustments.first?.reasonCode == "197" } ? "84" : "1"
        } else {
            record.outcome = .paid
            (record.statusCategory, record.statusCode) = paid > 0 ? ("F1", "65") : ("F4", usedDeductible > 0 ? "98" : "1")
        }
        record.payment = payment
        ledger.claims[claim.claimId] = record
        return payment
    }

    /// The diagnoses a line points to (all of the claim's when it points to none, as on an 837I), without dots.
    func diagnoses(of line: Claim.ServiceLine, in claim: Claim) -> [String] {
        let codes = claim.diagnoses.filter { ["ABK", "ABF", "BK", "BF", "ABJ", "APR"].contains($0.qualifier) }
        let pointed = line.diagnosisPointers.compactMap { $0 >= 1 && $0 <= codes.count ? codes[$0 - 1] : nil }
        return (pointed.isEmpty ? codes : pointed).map { $0.code.replacingOccurrences(of: ".", with: "") }
    }

    /// Whether line `n` is a column-2 code billed with its column-1 code on the same date.
    func isBundled(line n: Int, in claim: Claim, dates: [String]) -> Bool {
        let line = claim.serviceLines[n]
        guard let code = line.procedureCode else { return false }
        for pair in contract.bundledPairs where pair.column2 == code {
            if pair.modifierAllowed && line.modifiers.contains(where: Self.distinctServiceModifiers.contains) { continue }
            let together = claim.serviceLines.indices.contains { m in
                m != n && claim.serviceLines[m].procedureCode == pair.column1 && dates[m].prefix(8) == dates[n].prefix(8)
            }
            if together { return true }
        }
        return false
    }

    /// One 835 for the claims paid to one payee: one check or EFT (TRN), BPR = claims paid - PLB.
    func remittance(_ claims: [Remittance.ClaimPayment], payee: Party, taxID: String?, trace: String, on date: String) -> Remittance {
        var forward = 0
        return remittance(claims, payee: payee, taxID: taxID, trace: trace, on: date, forward: &forward)
    }

    /// As above; `forward` is what the payee owes the payer from earlier reversals (PLB FB), withheld from this
    /// payment as far as it goes, and increased when this 835's claims net below zero.
    func remittance(_ claims: [Remittance.ClaimPayment], payee: Party, taxID: String?, trace: String, on date: String, forward: inout Int) -> Remittance {
        let paid = claims.reduce(0) { $0 &+ ($1.paidCents ?? 0) }
        var adjustments: [Remittance.ProviderAdjustment] = []
        func balanceForward(_ amount: Int) {
            adjustments.append(.init(provider: payee.id ?? "", fiscalPeriodDate: "\(date.prefix(4))1231", reasonCode: "FB",
                                     reference: claims.first { $0.statusCode == "22" }?.payerClaimControlNumber ?? "BALANCE", amountCents: amount))
        }
        if paid < 0 {
            // The reversals take back more than this 835 pays: the payment is nothing and the debt is carried forward.
            balanceForward(paid)
            forward &+= -paid
        } else if forward > 0, paid > 0 {
            let withheld = min(forward, paid)
            balanceForward(withheld)
            forward -= withheld
        }
        // Only on a payment: interest is owed on what is paid, and a recovery takes at most what the payment holds (a
        // payment is never negative).
        let left = paid - adjustments.reduce(0) { $0 &+ ($1.amountCents ?? 0) }
        if let plb = contract.providerAdjustment, left > 0 {
            let amount = plb.amountCents > 0 ? min(plb.amountCents, left) : plb.amountCents
            if amount != 0 {
                adjustments.append(.init(provider: payee.id ?? "", fiscalPeriodDate: "\(date.prefix(4))1231", reasonCode: plb.reason,
                                         reference: plb.reference, amountCents: amount))
            }
        }
        let payment = paid - adjustments.reduce(0) { $0 &+ ($1.amountCents ?? 0) }
        var payeeParty = payee
        payeeParty.idQualifier = payee.id == nil ? nil : "XX"
        return Remittance(controlNumber: "0001", paymentCents: payment, handlingCode: payment > 0 ? "I" : "H", creditDebit: "C",
                          paymentMethod: payment > 0 ? contract.paymentMethod : "NON", paymentDate: date, traceNumber: trace,
                          payerIdentifier: "1\(contract.payerTaxID)", payer: contract.payer, payerContactName: "EDI SUPPORT",
                          payerContactPhone: contract.payerContactPhone, payee: payeeParty, payeeTaxID: taxID, claims: claims,
                          providerAdjustments: adjustments)
    }

    // MARK: - Replacements and voids

    /// The ledger's record of the adjudicated claim a replacement or void names (REF*F8), or nil when the number
    /// names none (unknown, rejected, pending, or already reversed).
    func reversible(_ claim: Claim, ledger: SandboxLedger) -> SandboxLedger.ClaimRecord? {
        guard let number = claim.originalClaimNumber, !number.isEmpty,
              let record = ledger.claims.values.first(where: { $0.payerClaimControlNumber == number }),
              record.outcome == .paid || record.outcome == .denied else { return nil }
        return record
    }

    /// Reverses the decision a replacement or void names: its 835 claim payment with CLP02 22 and every amount negated
    /// under the same CLP07; the member's deductible it used is given back and the record is marked reversed. Nil when
    /// there is nothing to reverse (it was reversed since the 277CA).
    func reverse(_ claim: Claim, ledger: inout SandboxLedger) -> Remittance.ClaimPayment? {
        guard let record = reversible(claim, ledger: ledger), let original = record.payment else { return nil }
        func negated(_ adjustments: [Adjustment]) -> [Adjustment] {
            adjustments.map { Adjustment(groupCode: $0.groupCode, reasonCode: $0.reasonCode, amountCents: $0.amountCents.map { -$0 }, quantity: $0.quantity) }
        }
        var reversal = original
        reversal.statusCode = "22"
        reversal.chargeCents = original.chargeCents.map { -$0 }
        reversal.paidCents = original.paidCents.map { -$0 }
        reversal.patientResponsibilityCents = original.patientResponsibilityCents.map { -$0 }
        reversal.crossoverCarrier = nil
        reversal.remarkCodes = []
        reversal.adjustments = negated(original.adjustments)
        reversal.serviceLines = original.serviceLines.map { line in
            var back = line
            back.chargeCents = line.chargeCents.map { -$0 }
            back.paidCents = line.paidCents.map { -$0 }
            back.adjustments = negated(line.adjustments)
            back.remarkCodes = []
            return back
        }
        let deductible = (original.adjustments + original.serviceLines.flatMap(\.adjustments))
            .filter { $0.groupCode == "PR" && $0.reasonCode == "1" }.reduce(0) { $0 &+ ($1.amountCents ?? 0) }
        if let member = original.patient?.id, deductible > 0 {
            let left = max(0, ledger.deductibleMetCents[member, default: 0] - deductible)
            ledger.deductibleMetCents[member] = left == 0 ? nil : left
        }
        var reversed = record
        reversed.outcome = .reversed
        (reversed.statusCategory, reversed.statusCode) = ("F3", "1")
        reversed.paidCents = 0
        reversed.patientResponsibilityCents = 0
        reversed.payment = nil
        ledger.claims[record.claimId] = reversed
        return reversal
    }

    // MARK: - Helpers

    func payerClaimNumber(_ n: Int) -> String {
        let digits = String(n)
        return (contract.payer.id ?? "SBX") + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The 835's claim filing indicator (CLP06) for the 837's (SBR09): the same code where the 835 has it; ZZ (mutually
    /// defined) for those it lacks (11 other non-federal, BL, CI commercial, FI federal employees).
    static func filingIndicator(_ code: String?) -> String {
        let remittanceCodes: Set<String> = ["12", "13", "14", "15", "16", "17", "AM", "CH", "DS", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"]
        guard let code, remittanceCodes.contains(code) else { return "ZZ" }
        return code
    }

    /// The patient as the payer names it: the patient's name with the subscriber's member id.
    static func patient(_ claim: Claim) -> Party {
        let person = claim.patient?.person ?? claim.subscriber?.person ?? Party(name: "")
        let id = claim.subscriber?.person.id
        return Party(name: person.name, firstName: person.firstName, idQualifier: id == nil ? nil : "MI", id: id)
    }

    /// The claim's dates of service: one date, or "first-last".
    static func serviceDate(_ claim: Claim, fallback: String) -> String {
        let dates = claim.serviceLines.compactMap(\.serviceDate).flatMap { $0.split(separator: "-").map(String.init) }.filter { $0.count == 8 }.sorted()
        guard let first = dates.first, let last = dates.last else { return claim.statementPeriod ?? fallback }
        return first == last ? first : "\(first)-\(last)"
    }

    /// `percent` of an amount, rounded half up to the cent, without overflow however large the amount an 837 carries.
    static func share(_ cents: Int, percent: Int) -> Int {
        cents / 100 * percent + ((cents % 100) * percent + 50) / 100
    }

    /// A fee per unit times units in thousandths, rounded to the cent; the largest amount when the product overflows
    /// (the charge then limits what is allowed).
    static func times(_ fee: Int, milliUnits: Int) -> Int {
        let (product, overflow) = fee.multipliedReportingOverflow(by: milliUnits)
        if overflow { return Int.max }
        return product / 1000 + (product % 1000 >= 500 ? 1 : 0)
    }

    /// Units in thousandths ("1.5" is 1500); 1 unit when absent or unreadable.
    static func milliUnits(_ units: String?) -> Int {
        guard let units, !units.isEmpty else { return 1000 }
        let parts = units.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : parts[0]), whole >= 0, whole < 1_000_000 else { return 1000 }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1].prefix(3)
            guard let f = Int(digits.isEmpty ? "0" : String(digits)) else { return 1000 }
            fraction = f * [1, 100, 10, 1][digits.count]
        }
        let milli = whole * 1000 + fraction
        return milli > 0 ? milli : 1000
    }

    func lastDay(_ date: String) -> String { String(date.split(separator: "-").last ?? "") }

    /// CCYYMMDD, as X12 writes dates.
    static func compact(_ date: ServiceDate) -> String { date.iso.replacingOccurrences(of: "-", with: "") }
}
