import Foundation

// The organisations and people claims are made of: tenants (practices, hospitals), their facilities and providers,
// and the payers they bill. Patients and coverage are in PatientsAndCoverage.swift, encounters and charges in
// Encounters.swift. Lengths follow the X12 elements each value is written to (NM103 60, NM104 35, N301 55,
// N401 30), so a value that validates here fits the 837.

/// A person's name as claims carry it.
public struct PersonName: Hashable, Codable, Sendable, CustomStringConvertible {
    public var last: String
    public var first: String
    public var middle: String?
    public var suffix: String?

    public init(last: String, first: String, middle: String? = nil, suffix: String? = nil) {
        self.last = last; self.first = first; self.middle = middle; self.suffix = suffix
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.text(last, "last", maximumLength: 60, what: "the last name")
        p.text(first, "first", maximumLength: 35, what: "the first name")
        p.optionalText(middle, "middle", maximumLength: 25, what: "the middle name")
        p.optionalText(suffix, "suffix", maximumLength: 10, what: "the suffix")
        return p.list
    }

    /// "Last, First M".
    public var description: String {
        "\(last), \(first)" + (middle.map { " \($0)" } ?? "") + (suffix.map { " \($0)" } ?? "")
    }
}

/// A US postal address.
public struct Address: Hashable, Codable, Sendable {
    /// One or two street lines.
    public var lines: [String]
    public var city: String
    /// Two-letter USPS state or territory code.
    public var state: String
    /// ZIP (5 digits) or ZIP+4 (9 digits, or written 12345-6789).
    public var postalCode: String

    public init(lines: [String], city: String, state: String, postalCode: String) {
        self.lines = lines; self.city = city; self.state = state; self.postalCode = postalCode
    }

    /// The ZIP code's digits without the hyphen, as X12 N403 wants them.
    public var postalCodeDigits: String { postalCode.replacingOccurrences(of: "-", with: "") }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        if lines.isEmpty || lines.count > 2 {
            p.add("lines", "an address has one or two street lines; got \(lines.count)")
        }
        for (i, line) in lines.enumerated() {
            p.text(line, "lines[\(i)]", maximumLength: 55, what: "the street line")
        }
        p.text(city, "city", maximumLength: 30, what: "the city")
        if !USPostalStates.codes.contains(state) {
            p.add("state", "expected a two-letter USPS state or territory code such as IL; got \"\(state)\"")
        }
        let zip = postalCode
        let isZIPPlus4WithHyphen = zip.utf8.count == 10 && Array(zip.utf8)[5] == UInt8(ascii: "-")
            && isAllDigits(String(zip.prefix(5)), count: 5) && isAllDigits(String(zip.suffix(4)), count: 4)
        if !(isAllDigits(zip, count: 5) || isAllDigits(zip, count: 9) || isZIPPlus4WithHyphen) {
            p.add("postalCode", "a ZIP code is 5 digits, or 9 for ZIP+4 (12345-6789 is accepted); got \"\(zip)\"")
        }
        return p.list
    }

    /// Whether a street line is a post-office box, which the 837 refuses for a service facility or billing
    /// provider's physical address.
    var hasPostOfficeBox: Bool {
        lines.contains { line in
            let compact = line.uppercased().filter { $0.isLetter || $0.isNumber || $0 == " " }
            return compact.hasPrefix("PO BOX") || compact.hasPrefix("P O BOX") || compact.hasPrefix("POST OFFICE BOX")
        }
    }
}

/// USPS codes for the states, DC, territories, freely associated states and military mail.
enum USPostalStates {
    static let codes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
        "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
        "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "AS", "GU", "MP", "PR", "VI", "FM", "MH", "PW", "AA", "AE", "AP",
    ]
}

/// A customer of the installation: a practice or a hospital. Every other record belongs to exactly one tenant.
public struct Tenant: Hashable, Codable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable {
        /// Bills professional claims (837P, CMS-1500).
        case practice
        /// Bills institutional claims (837I, UB-04), and professional claims for its employed physicians.
        case hospital
    }

    public var id: UUID
    public var name: String
    public var kind: Kind
    /// The billing provider's NPI (loop 2010AA).
    public var billingNPI: NPI
    public var taxID: TaxID
    /// The billing provider's physical address: not a post-office box.
    public var address: Address
    /// The billing office's phone: the contact an 837's submitter gives (1000A PER) and CMS-1500 box 33's phone.
    public var billingPhone: String?

    public init(id: UUID, name: String, kind: Kind, billingNPI: NPI, taxID: TaxID, address: Address, billingPhone: String? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.billingNPI = billingNPI; self.taxID = taxID; self.address = address
        self.billingPhone = billingPhone
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.text(name, "name", maximumLength: 60, what: "the name")
        p.add("billingNPI", ifAny: billingNPI.problem)
        p.add("taxID", ifAny: taxID.problem)
        p.add(contentsOf: address.validate(), under: "address")
        if address.hasPostOfficeBox {
            p.add("address.lines", "the billing provider's address must be a street address, not a post-office box (837 loop 2010AA)")
        }
        if address.postalCodeDigits.count != 9 {
            p.add("address.postalCode", "the billing provider's ZIP code is the full nine digits (ZIP+4), as 837 loop 2010AA requires; got \"\(address.postalCode)\"")
        }
        if let billingPhone { p.add("billingPhone", ifAny: PhoneNumber.problem(billingPhone)) }
        return p.list
    }
}

/// A place where services are given (loop 2310C/2310E service facility location).
public struct Facility: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var name: String
    /// Facilities with their own NPI report it; others leave it out.
    public var npi: NPI?
    public var address: Address

    public init(id: UUID, tenantID: UUID, name: String, npi: NPI? = nil, address: Address) {
        self.id = id; self.tenantID = tenantID; self.name = name; self.npi = npi; self.address = address
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.text(name, "name", maximumLength: 60, what: "the name")
        if let npi { p.add("npi", ifAny: npi.problem) }
        p.add(contentsOf: address.validate(), under: "address")
        if address.hasPostOfficeBox {
            p.add("address.lines", "a service facility's address must be where services are given, not a post-office box")
        }
        return p.list
    }
}

/// A rendering, referring, supervising or billing provider: a person or an organisation with an NPI.
public struct Provider: Hashable, Codable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Codable, Sendable, CaseIterable {
        case individual
        case organization
    }

    public var id: UUID
    public var tenantID: UUID
    public var kind: Kind
    /// The person's name; required for an individual, absent for an organisation.
    public var personName: PersonName?
    /// The organisation's name; required for an organisation, absent for an individual.
    public var organizationName: String?
    public var npi: NPI
    public var taxonomy: Taxonomy
    public var taxID: TaxID?
    /// Free text for people: "Family medicine", "Cardiology".
    public var specialty: String

    public init(id: UUID, tenantID: UUID, kind: Kind, personName: PersonName? = nil, organizationName: String? = nil,
                npi: NPI, taxonomy: Taxonomy, taxID: TaxID? = nil, specialty: String) {
        self.id = id; self.tenantID = tenantID; self.kind = kind; self.personName = personName
        self.organizationName = organizationName; self.npi = npi; self.taxonomy = taxonomy; self.taxID = taxID
        self.specialty = specialty
    }

    /// "Last, First" for a person, the name for an organisation.
    public var displayName: String {
        switch kind {
        case .individual: personName?.description ?? ""
        case .organization: organizationName ?? ""
        }
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        switch kind {
        case .individual:
            if let personName { p.add(contentsOf: personName.validate(), under: "personName") } else {
                p.add("personName", "an individual provider needs a person's name")
            }
            if organizationName != nil { p.add("organizationName", "an individual provider has a person's name, not an organisation name") }
        case .organization:
            p.text(organizationName ?? "", "organizationName", maximumLength: 60, what: "an organisation provider's name")
            if personName != nil { p.add("personName", "an organisation provider has an organisation name, not a person's name") }
        }
        p.add("npi", ifAny: npi.problem)
        p.add("taxonomy", ifAny: taxonomy.problem)
        if let taxID { p.add("taxID", ifAny: taxID.problem) }
        p.text(specialty, "specialty", maximumLength: 100, what: "the specialty")
        return p.list
    }
}

/// The claim filing indicator (837 SBR09): what kind of plan the payer is.
public enum ClaimFilingIndicator: String, Hashable, Codable, Sendable, CaseIterable {
    case otherNonFederalProgram = "11"
    case preferredProviderOrganization = "12"
    case pointOfService = "13"
    case exclusiveProviderOrganization = "14"
    case indemnityInsurance = "15"
    case healthMaintenanceOrganizationMedicareRisk = "16"
    case dentalMaintenanceOrganization = "17"
    case automobileMedical = "AM"
    case blueCrossBlueShield = "BL"
    case tricare = "CH"
    case commercialInsurance = "CI"
    case disability = "DS"
    case federalEmployeesProgram = "FI"
    case healthMaintenanceOrganization = "HM"
    case liabilityMedical = "LM"
    case medicarePartA = "MA"
    case medicarePartB = "MB"
    case medicaid = "MC"
    case otherFederalProgram = "OF"
    case titleV = "TV"
    case veteransAffairsPlan = "VA"
    case workersCompensation = "WC"
    case mutuallyDefined = "ZZ"
}

/// A health plan the tenant bills.
public struct Payer: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var name: String
    /// The id clearinghouses route on (payer loop NM109).
    public var electronicID: PayerID
    public var claimFilingIndicator: ClaimFilingIndicator
    /// Where paper claims and appeals go; optional for payers reached only electronically.
    public var address: Address?
    /// Days after the date of service within which a claim must reach the payer.
    public var timelyFilingDays: Int
    /// Days after the remittance within which a denial may be appealed.
    public var appealDays: Int

    public init(id: UUID, tenantID: UUID, name: String, electronicID: PayerID, claimFilingIndicator: ClaimFilingIndicator,
                address: Address? = nil, timelyFilingDays: Int, appealDays: Int) {
        self.id = id; self.tenantID = tenantID; self.name = name; self.electronicID = electronicID
        self.claimFilingIndicator = claimFilingIndicator; self.address = address
        self.timelyFilingDays = timelyFilingDays; self.appealDays = appealDays
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.text(name, "name", maximumLength: 60, what: "the name")
        p.add("electronicID", ifAny: electronicID.problem)
        if let address { p.add(contentsOf: address.validate(), under: "address") }
        // Real limits run from 30 days to a few years; outside 1 day to 10 years is a typing mistake.
        if !(1...3650).contains(timelyFilingDays) { p.add("timelyFilingDays", "expected 1 to 3650 days; got \(timelyFilingDays)") }
        if !(1...3650).contains(appealDays) { p.add("appealDays", "expected 1 to 3650 days; got \(appealDays)") }
        return p.list
    }
}
