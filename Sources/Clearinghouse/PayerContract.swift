import Foundation
import HealthCareX12

/// What the sandbox payer agreed with the provider and what its plan pays: the rules `SandboxAdjudicator` applies.
/// Read from a JSON file (docs/SANDBOX.md) or taken as `PayerContract.demo`. Money is in cents, percents are whole.
public struct PayerContract: Sendable, Equatable {
    /// The allowed amount of one procedure code, per unit; with a modifier, only for lines that carry it.
    public struct Fee: Sendable, Equatable {
        public var code: String
        public var modifier: String?
        public var allowedCents: Int

        public init(code: String, modifier: String? = nil, allowedCents: Int) {
            self.code = code; self.modifier = modifier; self.allowedCents = allowedCents
        }
    }
    /// A column-2 code the payer pays only as part of its column-1 code when both are billed on one date; with
    /// `modifierAllowed`, a distinct-service modifier (59, XE, XP, XS, XU) on the column-2 line lets it be paid.
    public struct BundledPair: Sendable, Equatable {
        public var column1: String
        public var column2: String
        public var modifierAllowed: Bool

        public init(column1: String, column2: String, modifierAllowed: Bool = false) {
            self.column1 = column1; self.column2 = column2; self.modifierAllowed = modifierAllowed
        }
    }
    /// Defects a payer's front end rejects in the 277CA, before adjudication.
    public enum ClaimDefect: String, Sendable, CaseIterable {
        /// No rendering provider NPI on the claim or its lines, or one that fails its check digit.
        case renderingProviderNPI = "rendering-provider-npi"
        /// No billing provider taxonomy (PRV*BI).
        case billingProviderTaxonomy = "billing-provider-taxonomy"
    }
    /// Members whose claims this payer pays and then forwards to their supplemental payer.
    public struct Crossover: Sendable, Equatable {
        public var members: [String]
        public var payer: Party

        public init(members: [String], payer: Party) { self.members = members; self.payer = payer }
    }
    /// A provider-level adjustment (PLB) put on every 835 that pays claims: e.g. L6 interest (a negative amount, which
    /// adds to the payment) or WO overpayment recovery (positive, taken from it, never below zero).
    public struct ProviderAdjustment: Sendable, Equatable {
        public var reason: String
        public var reference: String
        public var amountCents: Int

        public init(reason: String, reference: String, amountCents: Int) {
            self.reason = reason; self.reference = reference; self.amountCents = amountCents
        }
    }

    /// The version of the file format this reader knows.
    public static let formatVersion = 1
    /// PLB reasons a contract may name (the X12 provider adjustment reason codes the sandbox knows how to apply).
    public static let providerAdjustmentReasons = ["72", "CS", "FB", "L6", "WO"]

    public var payer: Party
    /// The payer's EIN, nine digits: the 835's TRN03 is "1" and this.
    public var payerTaxID: String
    public var payerContactPhone: String
    public var fees: [Fee]
    /// What the payer allows for a code with no fee, as a percent of the charge.
    public var defaultPercentOfCharge: Int
    /// The deductible still to meet, for members not listed in `memberDeductibleCents`.
    public var deductibleCents: Int
    public var memberDeductibleCents: [String: Int]
    public var coinsurancePercent: Int
    /// Copay per line of these codes (e.g. office visits); such a line owes no deductible or coinsurance.
    public var copayCents: [String: Int]
    /// Codes paid only with a prior authorization number on the claim (REF*G1).
    public var priorAuthorizationCodes: [String]
    /// Per procedure code, the diagnoses (ICD-10-CM codes or their first characters, without the dot) that make it
    /// medically necessary; a line pointing to none of them is denied.
    public var coveredDiagnoses: [String: [String]]
    public var bundledPairs: [BundledPair]
    /// Days from the date of service within which a claim must be received; nil for no limit.
    public var timelyFilingDays: Int?
    /// Member ids the payer does not know: their claims are rejected in the 277CA.
    public var notCoveredMembers: [String]
    public var claimDefects: [ClaimDefect]
    public var crossover: Crossover?
    public var providerAdjustment: ProviderAdjustment?
    /// CHK or ACH, and the first check or EFT trace number (TRN02).
    public var paymentMethod: String
    public var firstTraceNumber: Int
    /// Days an accepted claim waits before it is adjudicated and paid (0: the day it arrives); meanwhile a 276 hears
    /// it is pending.
    public var pendDays = 0

    public init(payer: Party, payerTaxID: String, payerContactPhone: String = "8005550100", fees: [Fee] = [], defaultPercentOfCharge: Int = 60,
                deductibleCents: Int = 0, memberDeductibleCents: [String: Int] = [:], coinsurancePercent: Int = 0, copayCents: [String: Int] = [:],
                priorAuthorizationCodes: [String] = [], coveredDiagnoses: [String: [String]] = [:], bundledPairs: [BundledPair] = [],
                timelyFilingDays: Int? = nil, notCoveredMembers: [String] = [], claimDefects: [ClaimDefect] = [], crossover: Crossover? = nil,
                providerAdjustment: ProviderAdjustment? = nil, paymentMethod: String = "CHK", firstTraceNumber: Int = 100001) {
        self.payer = payer; self.payerTaxID = payerTaxID; self.payerContactPhone = payerContactPhone; self.fees = fees
        self.defaultPercentOfCharge = defaultPercentOfCharge; self.deductibleCents = deductibleCents
        self.memberDeductibleCents = memberDeductibleCents; self.coinsurancePercent = coinsurancePercent; self.copayCents = copayCents
        self.priorAuthorizationCodes = priorAuthorizationCodes; self.coveredDiagnoses = coveredDiagnoses; self.bundledPairs = bundledPairs
        self.timelyFilingDays = timelyFilingDays; self.notCoveredMembers = notCoveredMembers; self.claimDefects = claimDefects
        self.crossover = crossover; self.providerAdjustment = providerAdjustment; self.paymentMethod = paymentMethod
        self.firstTraceNumber = firstTraceNumber
    }

    /// The contract of the demo payer and of tests that need no particular one: common office codes on a fee
    /// schedule, a deductible, 20% coinsurance, a copay on established-patient visits, one code needing
    /// authorization, one medical-necessity rule, one bundled pair, a 365-day filing limit and a member the payer does
    /// not know. (Made-up amounts, not any payer's.)
    public static let demo = PayerContract(
        payer: Party(name: "SANDBOX HEALTH PLAN", idQualifier: "PI", id: "SBX01",
                     address: Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
        payerTaxID: "060000001",
        fees: [Fee(code: "99202", allowedCents: 7500), Fee(code: "99203", allowedCents: 11000), Fee(code: "99212", allowedCents: 5500),
               Fee(code: "99213", allowedCents: 9000), Fee(code: "99214", allowedCents: 13000), Fee(code: "36415", allowedCents: 300),
               Fee(code: "80053", allowedCents: 1100), Fee(code: "85025", allowedCents: 800), Fee(code: "97110", allowedCents: 3000),
               Fee(code: "70553", allowedCents: 40000)],
        defaultPercentOfCharge: 60, deductibleCents: 20000, coinsurancePercent: 20, copayCents: ["99212": 2500, "99213": 2500, "99214": 2500],
        priorAuthorizationCodes: ["70553"], coveredDiagnoses: ["97110": ["M54", "M25", "S33", "M62"]],
        bundledPairs: [BundledPair(column1: "80053", column2: "36415")], timelyFilingDays: 365, notCoveredMembers: ["NOTCOVERED1"])

    /// The allowed amount per unit of a line's code and modifiers, when the fee schedule lists it: the fee for its
    /// modifier first, then the code's own.
    public func fee(code: String, modifiers: [String]) -> Int? {
        for m in modifiers { if let fee = fees.first(where: { $0.code == code && $0.modifier == m }) { return fee.allowedCents } }
        return fees.first { $0.code == code && $0.modifier == nil }?.allowedCents
    }

    /// The deductible a member has at the start of the plan year.
    public func deductible(member: String) -> Int { memberDeductibleCents[member] ?? deductibleCents }
}

/// A contract file that cannot be used: the file, the JSON path of the mistake (`$.fees.allowed[2].amount`) and what
/// was expected there.
public struct ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var problem: String

    public var description: String { "\(file): \(path): \(problem)" }
}
