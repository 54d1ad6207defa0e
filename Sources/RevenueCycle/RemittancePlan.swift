import CodeSets
internal import Crypto
import Foundation

// The result of planning one 835 against the tenant's claims (`RemittancePosting.plan`): for each claim payment
// (CLP) of the file, the claim it answers, the ledger postings and status changes it brings, or why it cannot be
// posted. Nothing here reads or writes a database: the caller loads the claims the plan names, calls
// `apply(to:)` on each inside one transaction, and stores them.

/// Where an 835 came from; its postings are named after it.
public struct RemittanceSource: Hashable, Codable, Sendable {
    /// The file the 835 arrived in, as the caller names it (shown on the claim's timeline).
    public var fileName: String
    /// TRN02: the check or EFT trace number.
    public var traceNumber: String
    /// TRN03 (the payer's "1" + EIN), else the payer's id from loop 1000A: with the trace number, it makes each
    /// posting's id unique across payers.
    public var payerIdentifier: String

    public init(fileName: String, traceNumber: String, payerIdentifier: String) {
        self.fileName = fileName; self.traceNumber = traceNumber; self.payerIdentifier = payerIdentifier
    }

    /// What the document on the claim's history points to.
    public var document: SourceDocumentReference { SourceDocumentReference(kind: "835", reference: "\(fileName) TRN \(traceNumber)") }
}

/// What happens to one claim payment (CLP) of the 835.
public enum ClaimPostingOutcome: String, Hashable, Codable, Sendable {
    /// Its postings and status changes are to be applied.
    case post
    /// The claim already has this CLP's postings (the same 835 was posted before): nothing new.
    case alreadyPosted
    /// It cannot be posted; see `exceptions`. Nothing of it is applied.
    case exception
}

/// Why a claim payment, or one of its lines, goes to the exception queue instead of a ledger.
public struct RemittanceException: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable {
        /// No claim of the tenant has the patient control number (CLP01), or none that can take a payment.
        case unmatchedClaim
        /// A service line (SVC) answers no line of the claim.
        case unmatchedLine
        /// A service line fits several lines of the claim.
        case ambiguousLine
        /// CLP03 - CLP04 is not the sum of the adjustments, or a line's SVC02 - SVC03 is not its adjustments.
        case unbalancedClaim
        /// A claim status code (CLP02) that is not posted (such as 25, predetermination).
        case unsupportedStatus
        /// An adjustment group other than CO, OA, PI or PR.
        case unsupportedAdjustment
        /// A negative amount that matches no earlier posting to take back.
        case unmatchedTakeback
        /// The ledger refused a posting (its words).
        case ledgerRefused
        /// The claim state machine refused the status change (its words).
        case transitionRefused
    }

    public var kind: Kind
    /// 1-based position of the CLP in the 835.
    public var claimPosition: Int
    public var patientControlNumber: String
    /// 1-based position of the SVC within the CLP, when the problem is a line's.
    public var serviceLine: Int?
    public var message: String

    public init(kind: Kind, claimPosition: Int, patientControlNumber: String, serviceLine: Int? = nil, message: String) {
        self.kind = kind; self.claimPosition = claimPosition; self.patientControlNumber = patientControlNumber
        self.serviceLine = serviceLine; self.message = message
    }

    public var description: String {
        "CLP \(claimPosition) (claim \(patientControlNumber))" + (serviceLine.map { ", SVC \($0)" } ?? "") + ": " + message
    }
}

/// How an 835 service line (SVC) found its claim line.
public struct RemittanceLineMatch: Hashable, Codable, Sendable {
    public enum Method: String, Hashable, Codable, Sendable {
        /// REF*6R is the line's line item control number.
        case lineControlNumber
        /// No usable REF*6R: the only unmatched line with the same procedure, date of service, units and modifiers.
        case procedureAndDate
        /// As `procedureAndDate`, but the payer dropped or changed a modifier.
        case procedureAndDateIgnoringModifiers
    }

    /// 1-based position of the SVC within the CLP.
    public var serviceLine: Int
    public var lineNumber: Int
    public var method: Method

    public init(serviceLine: Int, lineNumber: Int, method: Method) {
        self.serviceLine = serviceLine; self.lineNumber = lineNumber; self.method = method
    }
}

/// The balancing proof of a claim payment: CLP03 - CLP04 = all its adjustments (claim and line CAS), and for each
/// line SVC02 - SVC03 = the line's adjustments.
public struct ClaimBalanceProof: Hashable, Codable, Sendable {
    /// Each equation, in figures ("CLP03 $135.00 - CLP04 $80.00 = $55.00 = adjustments $55.00").
    public var checks: [String]
    /// Each equation that does not hold, or an amount that is missing.
    public var problems: [String]
    public var isBalanced: Bool { problems.isEmpty }
}

/// The payer a payer forwarded the claim to (CLP02 19, 20 or 21, NM1*TT): the caller does not bill that payer itself.
public struct RemittanceCrossover: Hashable, Codable, Sendable {
    public var carrierName: String?
    /// NM109 of the crossover carrier, with its qualifier (NM108).
    public var carrierID: String?
    public var carrierIDQualifier: String?

    public init(carrierName: String?, carrierID: String?, carrierIDQualifier: String?) {
        self.carrierName = carrierName; self.carrierID = carrierID; self.carrierIDQualifier = carrierIDQualifier
    }
}

/// One claim payment (CLP) of the 835 and what it does to its claim.
public struct ClaimPostingPlan: Hashable, Codable, Sendable {
    /// 1-based position of the CLP in the 835.
    public var position: Int
    /// CLP01.
    public var patientControlNumber: String
    /// CLP02.
    public var statusCode: String
    /// CLP07: the payer's number for this adjudication.
    public var payerClaimControlNumber: String?
    /// CLP03, CLP04, CLP05 (nil when the 835 carries no amount there).
    public var charge: Money?
    public var paid: Money?
    public var patientResponsibility: Money?
    /// The claim matched, when one was.
    public var claimID: UUID?
    public var tenantID: UUID?
    public var outcome: ClaimPostingOutcome
    /// The postings to apply, in order (empty unless `outcome` is `post`).
    public var postings: [LedgerPosting]
    /// The status changes to apply after the postings, in order (intermediate ones the 835 implies come first).
    public var transitions: [ClaimTransition]
    public var lineMatches: [RemittanceLineMatch]
    /// What the plan did that a biller should know: spread claim-level adjustments, bundled lines, fallbacks,
    /// reversals, crossovers.
    public var notes: [String]
    public var exceptions: [RemittanceException]
    public var balance: ClaimBalanceProof
    public var crossover: RemittanceCrossover?
}

/// A provider-level adjustment (PLB): money withheld from or added to the payment, not tied to a claim.
public struct ProviderAdjustmentLine: Hashable, Codable, Sendable {
    public var reasonCode: String
    public var reference: String?
    /// Positive: taken from the payment (a recoupment, WO); negative: added to it (interest, L6).
    public var amount: Money?
}

/// The payment's balancing proof: BPR02 = the sum of CLP04 - the sum of PLB.
public struct PaymentBalanceProof: Hashable, Codable, Sendable {
    public var payment: Money?
    public var claimsPaid: Money
    public var providerAdjustments: Money
    public var isBalanced: Bool
    /// The equation in figures, or what does not add up.
    public var explanation: String
}

/// The plan's figures.
public struct RemittancePostingSummary: Hashable, Codable, Sendable {
    public var claimsInRemittance = 0
    /// The claim payments this plan covers: all of them, or those of the `positions` asked for.
    public var claimsPlanned = 0
    public var claimsMatched = 0
    /// Claim payments whose postings are to be applied now.
    public var claimsPosted = 0
    /// Claim payments the claims already carry (the same 835 posted before).
    public var claimsAlreadyPosted = 0
    public var claimExceptions = 0
    public var postings = 0
    /// Over the claim payments to be posted, as the 835 states them: CLP04, the CO/OA/PI adjustments, the PR ones.
    public var paid = Money.zero
    public var adjusted = Money.zero
    public var patientResponsibility = Money.zero
    /// The sum of PLB amounts (positive: withheld).
    public var providerAdjustments = Money.zero
    /// BPR02.
    public var payment: Money?
    public var paymentBalanced = false
}

/// Why `RemittancePlan.apply(to:)` refused a claim; the claim is left as it was.
public struct RemittanceApplyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var claimID: UUID
    public var claimPosition: Int
    public var message: String

    public var description: String { "claim \(claimID), CLP \(claimPosition): \(message)" }
}

/// What an 835 does to the tenant's claims.
public struct RemittancePlan: Hashable, Codable, Sendable {
    public var source: RemittanceSource
    /// The accounting date of the postings.
    public var postedOn: ServiceDate
    /// One per CLP, in the file's order.
    public private(set) var claims: [ClaimPostingPlan]
    public var providerAdjustments: [ProviderAdjustmentLine]
    public var payment: PaymentBalanceProof
    public var summary: RemittancePostingSummary
    /// The positions in `claims` of each claim's CLPs to post, so that applying a file of many claims is not
    /// quadratic. Derived from `claims`; not encoded.
    private var postIndex: [UUID: [Int]]

    public init(source: RemittanceSource, postedOn: ServiceDate, claims: [ClaimPostingPlan], providerAdjustments: [ProviderAdjustmentLine],
                payment: PaymentBalanceProof, summary: RemittancePostingSummary) {
        self.source = source; self.postedOn = postedOn; self.claims = claims; self.providerAdjustments = providerAdjustments
        self.payment = payment; self.summary = summary
        postIndex = Self.index(claims)
    }

    private static func index(_ claims: [ClaimPostingPlan]) -> [UUID: [Int]] {
        var index: [UUID: [Int]] = [:]
        for (i, item) in claims.enumerated() where item.outcome == .post {
            if let id = item.claimID { index[id, default: []].append(i) }
        }
        return index
    }

    private enum CodingKeys: String, CodingKey { case source, postedOn, claims, providerAdjustments, payment, summary }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(source: try c.decode(RemittanceSource.self, forKey: .source), postedOn: try c.decode(ServiceDate.self, forKey: .postedOn),
                  claims: try c.decode([ClaimPostingPlan].self, forKey: .claims),
                  providerAdjustments: try c.decode([ProviderAdjustmentLine].self, forKey: .providerAdjustments),
                  payment: try c.decode(PaymentBalanceProof.self, forKey: .payment), summary: try c.decode(RemittancePostingSummary.self, forKey: .summary))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source); try c.encode(postedOn, forKey: .postedOn); try c.encode(claims, forKey: .claims)
        try c.encode(providerAdjustments, forKey: .providerAdjustments); try c.encode(payment, forKey: .payment); try c.encode(summary, forKey: .summary)
    }

    /// Every exception, in file order: the exception queue's rows.
    public var exceptions: [RemittanceException] { claims.flatMap(\.exceptions) }

    /// The claims to load, update and store, in file order without repeats.
    public var claimIDsToUpdate: [UUID] {
        var seen = Set<UUID>()
        return claims.compactMap { $0.outcome == .post ? $0.claimID : nil }.filter { seen.insert($0).inserted }
    }

    /// Applies every posting and status change the plan has for this claim, in the file's order, or none: on a
    /// refusal the claim is left unchanged (and the caller rolls its transaction back). A claim the plan does not
    /// touch is left as it is.
    public func apply(to claim: inout Claim) throws(RemittanceApplyError) {
        var updated = claim
        for item in (postIndex[claim.id] ?? []).map({ claims[$0] }) {
            for posting in item.postings {
                do { try updated.post(posting) } catch {
                    throw RemittanceApplyError(claimID: claim.id, claimPosition: item.position, message: error.description)
                }
            }
            for change in item.transitions {
                do { try updated.transition(to: change.to, actor: change.actor, at: change.at, reason: change.reason, source: change.source) } catch {
                    throw RemittanceApplyError(claimID: claim.id, claimPosition: item.position, message: error.message)
                }
            }
        }
        claim = updated
    }
}

/// A name-based UUID from SHA-256 (RFC 9562 version 8): the same name always gives the same id, so the postings of
/// one 835 have the same ids however often it is planned.
enum NameBasedUUID {
    static func make(_ name: String) -> UUID {
        var b = Array(SHA256.hash(data: Data(name.utf8)).prefix(16))
        b[6] = (b[6] & 0x0F) | 0x80
        b[8] = (b[8] & 0x3F) | 0x80
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
