import Foundation
import HealthCareX12

/// What the sandbox payer remembers between files: every claim it acknowledged or adjudicated (so that a 276 can be
/// answered later and a claim resent is never paid twice), each member's deductible met so far, and its counters.
/// Kept as a small JSON file in the sandbox's own folder (`clearinghouse/sandbox-state.json`).
public struct SandboxLedger: Codable, Sendable, Equatable {
    /// How the payer left a claim.
    public struct ClaimRecord: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable {
            /// Rejected in the 277CA: never adjudicated, so it may be sent again.
            case rejected
            /// Adjudicated with a payment, or with everything owed by the patient.
            case paid
            /// Adjudicated and denied (CLP02 4).
            case denied
            /// Accepted and waiting for its payment day (the contract's `pendDays`).
            case pending
            /// Its decision was reversed (CLP02 22) by a replacement or void; a void leaves it so.
            case reversed
        }
        public var claimId: String
        public var outcome: Outcome
        /// The status a 276 is answered with (category and code, e.g. F1 65).
        public var statusCategory: String
        public var statusCode: String
        public var statusEntity: String?
        public var payerClaimControlNumber: String?
        public var chargeCents: Int
        public var paidCents: Int
        public var patientResponsibilityCents: Int
        public var receivedDate: String
        public var adjudicationDate: String?
        /// The check or EFT trace number (TRN02) of the 835 that paid it.
        public var traceNumber: String?
        /// The claim's first date of service, or its range "CCYYMMDD-CCYYMMDD".
        public var serviceDate: String
        /// The 837 file it came in.
        public var file: String
        /// Each service line as adjudicated (absent for a claim denied whole or not adjudicated).
        public var lines: [LineRecord]?
        /// The claim payment (CLP loop) of its 835, which a replacement or void reverses; absent in older state files.
        public var payment: Remittance.ClaimPayment? = nil
    }
    /// A service line as the payer left it: F1 paid, F2 denied, F4 nothing to pay (the patient's share).
    public struct LineRecord: Codable, Sendable, Equatable {
        public var lineControlNumber: String?
        public var procedureQualifier: String?
        public var procedureCode: String?
        public var modifiers: [String]
        public var chargeCents: Int
        public var paidCents: Int
        public var units: String?
        public var serviceDate: String
        public var statusCategory: String
    }

    /// A claim accepted into adjudication with the payer's number for it.
    public struct AcceptedClaim: Codable, Sendable, Equatable {
        public var claim: Claim
        public var payerClaimControlNumber: String
        public var receivedDate: String
        public var file: String
    }
    /// Claims of one 837 transaction set pended until `due` (CCYYMMDD).
    public struct PendingClaims: Codable, Sendable, Equatable {
        public var due: String
        public var claims: [AcceptedClaim]
        /// Who sent the 837 (ISA05/ISA06 and ISA15), to address the 835s to.
        public var senderQualifier = "ZZ"
        public var senderID = "REVCYCLE"
        public var usage = "P"

        public init(due: String, claims: [AcceptedClaim]) { self.due = due; self.claims = claims }
    }

    public static let formatVersion = 1
    public var version = SandboxLedger.formatVersion
    /// Every claim by its claim id (CLM01); a duplicate does not replace the claim it duplicates.
    public var claims: [String: ClaimRecord] = [:]
    /// Deductible met so far per member id.
    public var deductibleMetCents: [String: Int] = [:]
    public var nextPayerClaimNumber = 1
    /// The next check or EFT number; nil until the first payment, which starts at the contract's first number.
    public var nextTraceNumber: Int?
    /// ISA13 and GS06 of the next file the payer writes (the 999s have their own numbers).
    public var nextInterchange = 1
    /// Claims accepted and not yet paid, oldest first.
    public var pending: [PendingClaims] = []
    /// Claims resent and denied as duplicates, by claim id (a count, for the demo's summary).
    public var duplicatesDenied: [String: Int] = [:]
    /// What each payee (billing provider id) owes the payer from reversals that took back more than an 835 paid,
    /// withheld from its next payments (PLB FB).
    public var balanceForwardCents: [String: Int]?

    public init() {}

    /// The record of a claim, found by the claim id the provider sent or the payer's claim number.
    public func record(claimId: String?, payerClaimControlNumber: String?) -> ClaimRecord? {
        if let claimId, let record = claims[claimId] { return record }
        guard let number = payerClaimControlNumber else { return nil }
        return claims.values.first { $0.payerClaimControlNumber == number }
    }

    /// Reads the ledger; a missing file is an empty ledger, a damaged one an error naming it.
    public static func load(_ file: URL) throws -> SandboxLedger {
        guard FileManager.default.fileExists(atPath: file.path) else { return SandboxLedger() }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw TransportError.file(path: file.path, reason: "cannot be read") }
        let ledger: SandboxLedger
        do {
            ledger = try JSONDecoder().decode(SandboxLedger.self, from: data)
        } catch {
            throw TransportError.file(path: file.path, reason: "is not a sandbox state file: \(error)")
        }
        guard ledger.version == formatVersion else {
            throw TransportError.file(path: file.path, reason: "has state version \(ledger.version); this sandbox reads version \(formatVersion)")
        }
        return ledger
    }

    /// Writes the ledger whole (to a temporary file renamed over the old one).
    public func save(_ file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: file, options: .atomic)
        } catch {
            throw TransportError.file(path: file.path, reason: "cannot be written: \(error.localizedDescription)")
        }
    }
}
