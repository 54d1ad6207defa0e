import CodeSets
import Foundation

// Corrected claims and voids, done in place on the claim record: the claim keeps its id, patient control number,
// lines (and their control numbers) and ledger, so the payer's 835 that reverses the earlier decision and decides the
// replacement posts to the same claim. What the payer has decided decides how the claim goes out again:
// - never adjudicated (rejected by a 999 or 277CA): fixed and sent again as an original (frequency 1);
// - adjudicated (denied, paid, partially paid): a replacement (7) naming the payer's claim control number (REF*F8);
// - a void (8) of an adjudicated claim goes to the payer, whose 835 reverses its decision and ends the claim voided;
//   a claim the payer never adjudicated is voided here only.

/// What a correction changes. Absent fields stay as they are.
public struct ClaimCorrectionChanges: Hashable, Codable, Sendable {
    /// Changes to one service line, found by its line number.
    public struct LineChange: Hashable, Codable, Sendable {
        public var lineNumber: Int
        public var procedure: ProcedureCode?
        public var modifiers: [String]?
        public var units: Int?
        public var diagnosisPointers: [Int]?
        /// Only on a claim with no postings yet: the ledger's lines are the claim's charges.
        public var charge: Money?

        public init(lineNumber: Int, procedure: ProcedureCode? = nil, modifiers: [String]? = nil, units: Int? = nil,
                    diagnosisPointers: [Int]? = nil, charge: Money? = nil) {
            self.lineNumber = lineNumber; self.procedure = procedure; self.modifiers = modifiers; self.units = units
            self.diagnosisPointers = diagnosisPointers; self.charge = charge
        }
    }

    public var diagnoses: [DiagnosisCode]?
    /// An empty text removes the number.
    public var priorAuthorizationNumber: String?
    /// An empty text removes the number.
    public var referralNumber: String?
    public var placeOfService: String?
    public var lines: [LineChange]?

    public init(diagnoses: [DiagnosisCode]? = nil, priorAuthorizationNumber: String? = nil, referralNumber: String? = nil,
                placeOfService: String? = nil, lines: [LineChange]? = nil) {
        self.diagnoses = diagnoses; self.priorAuthorizationNumber = priorAuthorizationNumber; self.referralNumber = referralNumber
        self.placeOfService = placeOfService; self.lines = lines
    }
}

/// Why a claim cannot be corrected or voided, in words a biller can act on.
public enum ClaimCorrectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The claim's status does not allow it now.
    case notNow(status: ClaimStatus, message: String)
    /// The payer adjudicated the claim but its claim control number is not on file.
    case payerClaimControlNumberUnknown(frequency: ClaimFrequency)
    /// The corrected claim does not pass the claim's own checks (or a change names what the claim does not have).
    case invalid([FieldProblem])
    case transition(ClaimTransitionError)

    public var message: String {
        switch self {
        case .notNow(_, let message): message
        case .payerClaimControlNumberUnknown(let frequency):
            "the payer adjudicated this claim, so a \(frequency == .void ? "void (8)" : "replacement (7)") must name the payer's claim control number "
                + "(the 835's CLP07 or the 277CA's), and none is on file: record it from the payer's remittance or acknowledgment first"
        case .invalid(let problems): "the corrected claim is not valid: " + problems.map(\.description).joined(separator: "; ")
        case .transition(let error): error.message
        }
    }

    public var description: String { message }
}

/// How a void was done.
public enum ClaimVoidOutcome: Hashable, Codable, Sendable {
    /// The payer never adjudicated the claim: it is voided here and nothing goes to the payer.
    case voidedLocally
    /// A void (8) naming the payer's claim control number is to be sent; the payer's reversal ends the claim voided.
    case sentToPayer(payerClaimControlNumber: String)
}

extension Claim {
    /// Statuses from which a claim may be corrected.
    public static let correctableStatuses: [ClaimStatus] = [.rejected, .denied, .paid, .partiallyPaid]

    /// Whether the payer adjudicated the claim (an 835 decided it) at some point: its history reached paid, partially
    /// paid or denied. A rejected replacement stays adjudicated: the payer still holds the decision it replaces.
    public var wasAdjudicated: Bool { history.contains { [.paid, .partiallyPaid, .denied].contains($0.to) } }

    /// The payer's claim control number of its latest decision: the CLP07 of the claim's latest 835 posting that is
    /// not a reversal and not reversed, else the number the 277CA gave.
    public var adjudicatedPayerClaimControlNumber: String? {
        let reversed = Set(ledger.postings.compactMap { if case .reversal(let id) = $0.entry { id } else { nil } })
        let fromRemittance = ledger.postings.last { posting in
            if case .reversal = posting.entry { return false }
            return !reversed.contains(posting.id) && !(Self.remittanceICN(of: posting) ?? "").isEmpty
        }.flatMap(Self.remittanceICN(of:))
        let number = fromRemittance ?? payerClaimControlNumber
        return number?.isEmpty == false ? number : nil
    }

    /// The CLP07 an 835 posting was made under: its reference ends " ICN " and the number (see `RemittancePosting`).
    static func remittanceICN(of posting: LedgerPosting) -> String? {
        guard let reference = posting.reference, reference.hasPrefix("835 "), let range = reference.range(of: " ICN ", options: .backwards) else { return nil }
        return String(reference[range.upperBound...])
    }

    /// Corrects the claim after a rejection, denial or payment and moves it to `corrected` (ready to be scrubbed and
    /// batched again): as an original when the payer never adjudicated it, else as a replacement (7) naming the
    /// payer's claim control number. Nothing changes when it is refused.
    public mutating func correct(_ changes: ClaimCorrectionChanges, reason: String, actor: ClaimActor, at: Date) throws(ClaimCorrectionError) {
        guard Self.correctableStatuses.contains(status) else {
            throw .notNow(status: status, message: "a claim that is \(status.rawValue) cannot be corrected; only a claim that is "
                + ClaimStateMachine.list(Self.correctableStatuses.map { $0 }) + " can"
                + ([.batched, .submitted, .accepted, .acknowledged, .pending, .appealed].contains(status) ? ": wait for the payer's answer" : ""))
        }
        var updated = self
        let adjudicated = wasAdjudicated
        if adjudicated {
            guard let number = adjudicatedPayerClaimControlNumber else { throw .payerClaimControlNumberUnknown(frequency: .replacement) }
            updated.setFrequency(.replacement, payerClaimControlNumber: number)
        } else {
            updated.setFrequency(.original, payerClaimControlNumber: nil)
        }
        let changed = try updated.apply(changes)
        let problems = updated.validate()
        guard problems.isEmpty else { throw .invalid(problems) }
        let how = adjudicated ? "as a replacement (7) of payer claim \(updated.payerClaimControlNumber ?? "")" : "to be sent again as an original (1)"
        let words = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try updated.transition(to: .corrected, actor: actor, at: at,
                                   reason: words.isEmpty ? "" : "corrected \(how): \(words)" + (changed.isEmpty ? "" : " (changed: \(changed.joined(separator: ", ")))"))
        } catch { throw .transition(error) }
        self = updated
    }

    /// Voids the claim: here only when the payer never adjudicated it (draft, held, ready or rejected), else as a void
    /// (8) to send, naming the payer's claim control number; the payer's reversal (835 CLP02 22) then ends it voided.
    @discardableResult
    public mutating func void(reason: String, actor: ClaimActor, at: Date) throws(ClaimCorrectionError) -> ClaimVoidOutcome {
        let words = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var updated = self
        let outcome: ClaimVoidOutcome
        switch status {
        case .draft, .held, .ready, .rejected where !wasAdjudicated:
            do { try updated.transition(to: .voided, actor: actor, at: at, reason: words.isEmpty ? "" : "voided; the payer never adjudicated it: \(words)") } catch {
                throw .transition(error)
            }
            outcome = .voidedLocally
        case .rejected, .denied, .paid, .partiallyPaid:
            guard let number = adjudicatedPayerClaimControlNumber else { throw .payerClaimControlNumberUnknown(frequency: .void) }
            updated.setFrequency(.void, payerClaimControlNumber: number)
            let problems = updated.validate()
            guard problems.isEmpty else { throw .invalid(problems) }
            do {
                try updated.transition(to: .corrected, actor: actor, at: at,
                                       reason: words.isEmpty ? "" : "void (8) of payer claim \(number) to send; the payer's reversal ends it voided: \(words)")
            } catch { throw .transition(error) }
            outcome = .sentToPayer(payerClaimControlNumber: number)
        case .batched:
            throw .notNow(status: status, message: "the claim is in a batch not yet sent: take it out of the batch (back to ready) before voiding it")
        case .submitted, .accepted, .acknowledged, .pending, .appealed:
            throw .notNow(status: status, message: "the claim is \(status.rawValue) with the payer: wait for its decision, then void it")
        case .corrected:
            throw .notNow(status: status, message: "the claim is corrected and waits to be sent; send it, or void it after the payer's answer")
        case .voided, .closed, .writtenOff:
            throw .notNow(status: status, message: "the claim is \(status.rawValue), which is final")
        }
        self = updated
        return outcome
    }

    /// The frequency and its number; an institutional claim's type of bill ends in its frequency.
    mutating func setFrequency(_ frequency: ClaimFrequency, payerClaimControlNumber: String?) {
        self.frequency = frequency
        self.payerClaimControlNumber = payerClaimControlNumber
        if let tob = typeOfBill, tob.count == 3 { typeOfBill = String(tob.prefix(2)) + frequency.rawValue }
    }

    /// Applies the changes; answers what changed, in words, or the problems of changes that name what is not there.
    private mutating func apply(_ changes: ClaimCorrectionChanges) throws(ClaimCorrectionError) -> [String] {
        var changed: [String] = []
        var p = Problems()
        if let diagnoses = changes.diagnoses, diagnoses != self.diagnoses {
            self.diagnoses = diagnoses
            changed.append("diagnoses " + diagnoses.map(\.code).joined(separator: ", "))
        }
        if let number = changes.priorAuthorizationNumber {
            let value: String? = number.isEmpty ? nil : number
            if value != priorAuthorizationNumber { priorAuthorizationNumber = value; changed.append(value.map { "prior authorization \($0)" } ?? "prior authorization removed") }
        }
        if let number = changes.referralNumber {
            let value: String? = number.isEmpty ? nil : number
            if value != referralNumber { referralNumber = value; changed.append(value.map { "referral \($0)" } ?? "referral removed") }
        }
        if let pos = changes.placeOfService, pos != placeOfService {
            if kind == .institutional { p.add("changes.placeOfService", "an institutional claim has no place of service") } else {
                placeOfService = pos
                changed.append("place of service \(pos)")
            }
        }
        var chargesChanged = false
        var seen = Set<Int>()
        for (i, change) in (changes.lines ?? []).enumerated() {
            let field = "changes.lines[\(i)]"
            guard let index = lines.firstIndex(where: { $0.lineNumber == change.lineNumber }) else {
                p.add("\(field).lineNumber", "the claim has no line \(change.lineNumber); its lines are \(lines.map { String($0.lineNumber) }.joined(separator: ", "))")
                continue
            }
            if !seen.insert(change.lineNumber).inserted { p.add("\(field).lineNumber", "line \(change.lineNumber) is changed twice") }
            var line = lines[index]
            var words: [String] = []
            if let procedure = change.procedure, procedure != line.procedure { line.procedure = procedure; words.append("procedure \(procedure.code)") }
            if let modifiers = change.modifiers, modifiers != line.modifiers {
                line.modifiers = modifiers
                words.append(modifiers.isEmpty ? "no modifiers" : "modifiers " + modifiers.joined(separator: ", "))
            }
            if let units = change.units, units != line.units { line.units = units; words.append("\(units) units") }
            if let pointers = change.diagnosisPointers, pointers != line.diagnosisPointers {
                line.diagnosisPointers = pointers
                words.append("pointers " + pointers.map(String.init).joined(separator: ", "))
            }
            if let charge = change.charge, charge != line.charge {
                if !ledger.postings.isEmpty {
                    p.add("\(field).charge", "line \(change.lineNumber)'s charge cannot change: the claim's ledger has postings against the charge of \(line.charge). Send the replacement with the same charges, or void the claim and bill a new one")
                } else {
                    line.charge = charge
                    chargesChanged = true
                    words.append("charge \(charge)")
                }
            }
            lines[index] = line
            if !words.isEmpty { changed.append("line \(change.lineNumber) " + words.joined(separator: ", ")) }
        }
        guard p.list.isEmpty else { throw .invalid(p.list) }
        // Only a ledger without postings is rebuilt: its lines are the claim's charges.
        if chargesChanged { ledger = ClaimLedger(lineCharges: lines.map { ($0.lineNumber, $0.charge) }) }
        return changed
    }
}
