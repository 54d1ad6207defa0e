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

    /// The patient control number (CLM01).
    public var id: String
    public var kind: Kind
    /// ICD-10-CM codes without their dots, the principal (first-listed) first.
    public var diagnoses: [String]
    public var lines: [Line]
    public var placeOfService: String?
    public var patientBirthDate: ServiceDate?
    /// F, M or U.
    public var patientSex: String?
    public var npis: [NamedNPI]

    public init(id: String, kind: Kind, diagnoses: [String], lines: [Line], placeOfService: String? = nil, patientBirthDate: ServiceDate? = nil,
                patientSex: String? = nil, npis: [NamedNPI] = []) {
        self.id = id; self.kind = kind; self.diagnoses = diagnoses; self.lines = lines; self.placeOfService = placeOfService
        self.patientBirthDate = patientBirthDate; self.patientSex = patientSex; self.npis = npis
    }

    /// The first date of service: diagnoses are judged on it.
    public var firstServiceDate: ServiceDate? { lines.map(\.serviceDate).min() }
}
