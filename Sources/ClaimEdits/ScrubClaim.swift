import CodeSets

/// A claim as the scrubber sees it: codes, dates, units, pointers and identifiers, whether it comes from Revcycle's
/// own claims or from an 837 file made elsewhere.
public struct ScrubClaim: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case professional, institutional }

    public struct Line: Sendable, Hashable {
        /// 1-based, as on the claim.
        public var number: Int
        /// CPT or HCPCS; nil on an institutional line billed by revenue code alone.
        public var procedure: String?
        public var modifiers: [String]
        /// Whole units (a fraction counts as the next whole unit, as payers count against unit limits).
        public var units: Int
        public var serviceDate: ServiceDate
        /// 1-based pointers into the claim's diagnoses (professional claims).
        public var diagnosisPointers: [Int]
        public var revenueCode: String?
        public var chargeCents: Int
        /// The line's own rendering provider (837P loop 2420A); nil when it is the claim's. NCCI PTP edits pair lines
        /// of the same provider only.
        public var renderingNPI: String?

        public init(number: Int, procedure: String?, modifiers: [String] = [], units: Int = 1, serviceDate: ServiceDate,
                    diagnosisPointers: [Int] = [], revenueCode: String? = nil, chargeCents: Int = 0, renderingNPI: String? = nil) {
            self.number = number; self.procedure = procedure; self.modifiers = modifiers; self.units = units; self.serviceDate = serviceDate
            self.diagnosisPointers = diagnosisPointers; self.revenueCode = revenueCode; self.chargeCents = chargeCents
            self.renderingNPI = renderingNPI
        }
    }

    /// An NPI the claim names, with the role it names it in ("billing provider", "rendering provider", ...).
    public struct NamedNPI: Sendable, Hashable {
        public var role: String
        public var npi: String
        public init(role: String, npi: String) { self.role = role; self.npi = npi }
    }

    /// The payer the claim goes to, as far as the scrubber needs it.
    public struct Payer: Sendable, Hashable {
        /// The payer id clearinghouses route on (837 loop 2010BB NM109): payer rule files are chosen by it.
        public var id: String
        public var name: String
        /// Days after the date of service within which the claim must reach the payer; nil when unknown.
        public var timelyFilingDays: Int?
        /// The claim filing indicator (837 SBR09): MA and MB are Medicare Part A and B, CI commercial, MC Medicaid...
        public var claimFilingIndicator: String?
        public init(id: String, name: String, timelyFilingDays: Int? = nil, claimFilingIndicator: String? = nil) {
            self.id = id; self.name = name; self.timelyFilingDays = timelyFilingDays; self.claimFilingIndicator = claimFilingIndicator
        }

        /// Medicare fee-for-service, whose payment rules (the fee schedule's status codes) apply as written.
        public var isMedicare: Bool { ["MA", "MB"].contains(claimFilingIndicator) }
    }

    /// A prior authorization on file for the claim's services (Revcycle's own records; an 837 carries only its number).
    public struct Authorization: Sendable, Hashable {
        public var number: String?
        /// requested, pending, approved, partiallyApproved, denied, cancelled.
        public var status: String
        public var approved: Bool
        public var procedureCodes: [String]
        public var units: Int
        public var validFrom: ServiceDate
        public var validThrough: ServiceDate
        public init(number: String?, status: String, approved: Bool, procedureCodes: [String], units: Int, validFrom: ServiceDate, validThrough: ServiceDate) {
            self.number = number; self.status = status; self.approved = approved; self.procedureCodes = procedureCodes; self.units = units
            self.validFrom = validFrom; self.validThrough = validThrough
        }
    }

    /// The patient control number (CLM01).
    public var id: String
    public var kind: Kind
    /// ICD-10-CM codes without their dots, the principal (first-listed) first.
    public var diagnoses: [String]
    public var lines: [Line]
    public var placeOfService: String?
    /// Institutional: the type of bill, three digits without the leading zero (111 inpatient, 131 outpatient).
    public var typeOfBill: String?
    public var patientBirthDate: ServiceDate?
    /// F, M or U.
    public var patientSex: String?
    public var npis: [NamedNPI]
    /// Who the claim is for, as its source knows them (Revcycle's patient id; an 837's member id and name): claims of
    /// the same patient are compared for duplicates.
    public var patientKey: String?
    public var payer: Payer?
    /// CLM05-3: 1 original, 7 replacement, 8 void.
    public var frequency: String
    /// The authorization number the claim carries (REF*G1).
    public var priorAuthorization: String?
    public var authorizationOnFile: Authorization?
    public var referralNumber: String?
    /// The rendering provider's taxonomy (837P 2310B PRV) and the billing provider's (2000A PRV), when sent.
    public var renderingTaxonomy: String?
    public var billingTaxonomy: String?
    /// The day the claim would reach the payer (today, when scrubbing before sending); nil runs no timely-filing edit.
    public var filingDate: ServiceDate?

    public init(id: String, kind: Kind, diagnoses: [String], lines: [Line], placeOfService: String? = nil, patientBirthDate: ServiceDate? = nil,
                patientSex: String? = nil, npis: [NamedNPI] = [], patientKey: String? = nil, payer: Payer? = nil, frequency: String = "1",
                priorAuthorization: String? = nil, referralNumber: String? = nil, renderingTaxonomy: String? = nil, billingTaxonomy: String? = nil,
                filingDate: ServiceDate? = nil, authorizationOnFile: Authorization? = nil, typeOfBill: String? = nil) {
        self.id = id; self.kind = kind; self.diagnoses = diagnoses; self.lines = lines; self.placeOfService = placeOfService
        self.patientBirthDate = patientBirthDate; self.patientSex = patientSex; self.npis = npis
        self.patientKey = patientKey; self.payer = payer; self.frequency = frequency; self.priorAuthorization = priorAuthorization
        self.referralNumber = referralNumber; self.renderingTaxonomy = renderingTaxonomy; self.billingTaxonomy = billingTaxonomy
        self.filingDate = filingDate; self.authorizationOnFile = authorizationOnFile; self.typeOfBill = typeOfBill
    }

    /// A hospital inpatient claim (type of bill 11x): the Medicare Code Editor's principal-diagnosis edits are for these.
    public var isInpatient: Bool { kind == .institutional && (typeOfBill?.hasPrefix("11") ?? false) }

    /// The first date of service: diagnoses are judged on it.
    public var firstServiceDate: ServiceDate? { lines.map(\.serviceDate).min() }
}
