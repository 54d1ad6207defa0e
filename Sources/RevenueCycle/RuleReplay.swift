public import ClaimEdits
import CodeSets
import Foundation

/// `revcycle rules replay`: the scrubber, with a payer rule set, run over claims the payers have already decided, to
/// show which denials the rules would have stopped before the claim left and which paid claims they would have held.
public enum RuleReplay {
    /// Adjustment reasons that are the contract working, not a denial: CARC 45 (charge over the fee schedule) and 253
    /// (sequestration).
    static let contractualReasons: Set<String> = ["45", "253"]

    /// What the payer decided about one claim, from its history and its ledger.
    public struct Decision: Sendable, Hashable {
        public var denied: Bool
        /// CARC and RARC codes the payer gave for what it did not pay.
        public var reasons: [String]
    }

    /// Nil for a claim the payer has not decided yet.
    public static func decision(of claim: Claim) -> Decision? {
        let decided: Set<ClaimStatus> = [.paid, .partiallyPaid, .denied, .appealed, .closed, .writtenOff]
        guard claim.history.contains(where: { decided.contains($0.to) }) else { return nil }
        var reasons: [String] = []
        for transition in claim.history where transition.to == .denied {
            reasons += adjustmentReasons(in: transition.reason)
        }
        for posting in claim.ledger.postings {
            if case .adjustment(_, let group, let reason, _) = posting.entry, group != .contractualObligation || !contractualReasons.contains(reason) {
                reasons.append(reason)
            }
        }
        var seen: Set<String> = []
        return Decision(denied: claim.history.contains { $0.to == .denied }, reasons: reasons.filter { seen.insert($0).inserted })
    }

    /// "835 denied: CARC 197, precertification absent" gives 197; "RARC N54" gives N54.
    static func adjustmentReasons(in text: String) -> [String] {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return zip(words, words.dropFirst()).compactMap { label, code in ["CARC", "RARC"].contains(label.uppercased()) ? code : nil }
    }

    /// One edit id over the decided claims.
    public struct EditRow: Codable, Sendable, Hashable {
        public var id: String
        public var isPayerRule: Bool
        public var severity: ClaimEdit.Severity
        /// Denied claims it flagged, and of those the ones whose denial reason the rule says it prevents.
        public var deniedFlagged: Int
        public var deniedPrevented: Int
        /// Claims the payer paid that it would have held (errors and holds) or warned about.
        public var paidFlagged: Int
    }

    public struct Report: Codable, Sendable {
        public var claimsRead: Int
        public var decided: Int
        public var denied: Int
        /// Denied claims with at least one blocking edit (error or hold) from any family.
        public var deniedBlocked: Int
        /// Denied claims a payer rule blocks and whose denial reason it names in `prevents`.
        public var deniedPreventedByPayerRules: Int
        public var paidBlocked: Int
        public var denialReasons: [String: Int]
        public var edits: [EditRow]
    }

    /// Scrubs each decided claim as it was when it was sent: judged on the day it was submitted, against the
    /// patient's other claims to the same payer.
    public static func run(_ claims: [ClaimRecords], scrubber: Scrubber, progress: (Int) -> Void = { _ in }) -> Report {
        var byPatient: [UUID: [ScrubClaim]] = [:]
        for r in claims where ![.rejected, .voided].contains(r.claim.status) { byPatient[r.claim.patientID, default: []].append(ScrubClaim(r)) }
        var report = Report(claimsRead: claims.count, decided: 0, denied: 0, deniedBlocked: 0, deniedPreventedByPayerRules: 0, paidBlocked: 0,
                            denialReasons: [:], edits: [])
        var rows: [String: EditRow] = [:]
        for (n, records) in claims.enumerated() {
            if n % 500 == 0 { progress(n) }
            guard let decision = decision(of: records.claim) else { continue }
            report.decided += 1
            let scrubClaim = ScrubClaim(records, filingDate: records.claim.lastSent)
            let others = byPatient[records.claim.patientID, default: []].filter { $0.payer?.id == scrubClaim.payer?.id }
            let edits = scrubber.scrub(scrubClaim, others: others)
            let rules = scrubClaim.payer.flatMap { scrubber.payerRules?.set(forPayerID: $0.id) }
            let blocked = edits.contains { $0.severity.blocksSubmission }
            if decision.denied {
                report.denied += 1
                for reason in decision.reasons { report.denialReasons[reason, default: 0] += 1 }
                if blocked { report.deniedBlocked += 1 }
            } else if blocked {
                report.paidBlocked += 1
            }
            var preventedHere = false
            for id in Set(edits.map(\.id)) {
                let severity = edits.filter { $0.id == id }.map(\.severity).min() ?? .warning
                var row = rows[id] ?? EditRow(id: id, isPayerRule: id.hasPrefix("payer:"), severity: severity, deniedFlagged: 0, deniedPrevented: 0, paidFlagged: 0)
                row.severity = min(row.severity, severity)
                if decision.denied {
                    row.deniedFlagged += 1
                    let prevents = rules?.rules.first { "payer:\($0.id)" == id }?.prevents ?? []
                    if !Set(prevents).isDisjoint(with: decision.reasons) {
                        row.deniedPrevented += 1
                        if severity.blocksSubmission { preventedHere = true }
                    }
                } else {
                    row.paidFlagged += 1
                }
                rows[id] = row
            }
            if preventedHere { report.deniedPreventedByPayerRules += 1 }
        }
        report.edits = rows.values.sorted { ($0.isPayerRule ? 0 : 1, -$0.deniedPrevented, -$0.deniedFlagged, $0.id) < ($1.isPayerRule ? 0 : 1, -$1.deniedPrevented, -$1.deniedFlagged, $1.id) }
        return report
    }
}
