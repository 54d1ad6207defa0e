import CodeSets
import Foundation

/// Administrative sex as claims carry it (DMG03).
public enum Sex: String, Hashable, Codable, Sendable, CaseIterable {
    case male = "M"
    case female = "F"
    case unknown = "U"
}

/// How one person is related to another (X12 individual relationship code, 837 SBR02/PAT01): the patient's
/// relationship to the subscriber.
public enum IndividualRelationship: String, Hashable, Codable, Sendable, CaseIterable {
    case spouse = "01"
    /// 18, "Self": the patient is the subscriber.
    case oneself = "18"
    case child = "19"
    case employee = "20"
    case unknown = "21"
    case organDonor = "39"
    case cadaverDonor = "40"
    case lifePartner = "53"
    case otherRelationship = "G8"
}

/// A person, other than the patient, who is responsible for a bill or holds a policy.
public struct ResponsibleParty: Hashable, Codable, Sendable {
    public var name: PersonName
    public var address: Address
    public var phone: String?
    /// The patient's relationship to this person.
    public var relationship: IndividualRelationship

    public init(name: PersonName, address: Address, phone: String? = nil, relationship: IndividualRelationship) {
        self.name = name; self.address = address; self.phone = phone; self.relationship = relationship
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add(contentsOf: name.validate(), under: "name")
        p.add(contentsOf: address.validate(), under: "address")
        if let phone { p.add("phone", ifAny: PhoneNumber.problem(phone)) }
        if relationship == .oneself { p.add("relationship", "a guarantor other than the patient cannot be related as \"self\" (18)") }
        return p.list
    }
}

/// The patient, or another person: who receives the statements (`Guarantor`), who holds the policy (`Subscriber`).
/// JSON: `{"kind": "patient"}` or `{"kind": "otherPerson", "person": {...}}`.
public enum PatientOrOtherPerson<Person: Hashable & Codable & Sendable>: Hashable, Sendable, Codable {
    case patient
    case otherPerson(Person)

    private enum CodingKeys: String, CodingKey { case kind, person }
    private enum Kind: String, Codable { case patient, otherPerson }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .patient: self = .patient
        case .otherPerson: self = .otherPerson(try c.decode(Person.self, forKey: .person))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .patient: try c.encode(Kind.patient, forKey: .kind)
        case .otherPerson(let person):
            try c.encode(Kind.otherPerson, forKey: .kind)
            try c.encode(person, forKey: .person)
        }
    }
}

/// Who receives the patient's statements: the patient or another person (a parent, a spouse).
public typealias Guarantor = PatientOrOtherPerson<ResponsibleParty>

/// US phone numbers: ten digits, written with any of the usual separators.
enum PhoneNumber {
    static func digits(_ text: String) -> String { String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init)) }

    static func problem(_ text: String) -> String? {
        let allowed = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " ()-.".unicodeScalars.contains($0) }
        guard allowed, digits(text).count == 10 else {
            return "a phone number is 10 digits (area code and number), such as 312-555-0142; got \"\(text)\""
        }
        return nil
    }
}

/// A patient of a tenant.
public struct Patient: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var name: PersonName
    public var dateOfBirth: ServiceDate
    public var sex: Sex
    public var address: Address
    public var phone: String?
    /// The practice's account number for the patient, unique within the tenant.
    public var accountNumber: String
    public var guarantor: Guarantor

    public init(id: UUID, tenantID: UUID, name: PersonName, dateOfBirth: ServiceDate, sex: Sex, address: Address,
                phone: String? = nil, accountNumber: String, guarantor: Guarantor = .patient) {
        self.id = id; self.tenantID = tenantID; self.name = name; self.dateOfBirth = dateOfBirth; self.sex = sex
        self.address = address; self.phone = phone; self.accountNumber = accountNumber; self.guarantor = guarantor
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add(contentsOf: name.validate(), under: "name")
        p.add(contentsOf: address.validate(), under: "address")
        if let phone { p.add("phone", ifAny: PhoneNumber.problem(phone)) }
        p.add("accountNumber", ifAny: X12Text.identifierProblem(accountNumber, what: "the account number", maximumLength: 20))
        if case .otherPerson(let party) = guarantor { p.add(contentsOf: party.validate(), under: "guarantor.person") }
        return p.list
    }
}

/// The order in which plans pay (837 SBR01 P, S, T).
public enum CoverageOrder: String, Hashable, Codable, Sendable, CaseIterable, Comparable {
    case primary
    case secondary
    case tertiary

    /// The payer responsibility sequence code, SBR01.
    public var x12Code: String {
        switch self {
        case .primary: "P"
        case .secondary: "S"
        case .tertiary: "T"
        }
    }

    public static func < (a: CoverageOrder, b: CoverageOrder) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// The policy holder when it is not the patient.
public struct SubscriberPerson: Hashable, Codable, Sendable {
    public var name: PersonName
    public var dateOfBirth: ServiceDate
    public var sex: Sex
    public var address: Address?

    public init(name: PersonName, dateOfBirth: ServiceDate, sex: Sex, address: Address? = nil) {
        self.name = name; self.dateOfBirth = dateOfBirth; self.sex = sex; self.address = address
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add(contentsOf: name.validate(), under: "name")
        if let address { p.add(contentsOf: address.validate(), under: "address") }
        return p.list
    }
}

/// Who holds the policy.
public typealias Subscriber = PatientOrOtherPerson<SubscriberPerson>

/// A patient's membership in a payer's plan.
public struct Coverage: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var patientID: UUID
    public var payerID: UUID
    public var order: CoverageOrder
    public var subscriber: Subscriber
    /// The patient's relationship to the subscriber: `.oneself` exactly when the subscriber is the patient.
    public var relationship: IndividualRelationship
    public var memberID: String
    public var groupNumber: String?
    public var effectiveFrom: ServiceDate
    /// Nil while the coverage has no end date.
    public var effectiveThrough: ServiceDate?

    public init(id: UUID, tenantID: UUID, patientID: UUID, payerID: UUID, order: CoverageOrder, subscriber: Subscriber,
                relationship: IndividualRelationship, memberID: String, groupNumber: String? = nil,
                effectiveFrom: ServiceDate, effectiveThrough: ServiceDate? = nil) {
        self.id = id; self.tenantID = tenantID; self.patientID = patientID; self.payerID = payerID; self.order = order
        self.subscriber = subscriber; self.relationship = relationship; self.memberID = memberID
        self.groupNumber = groupNumber; self.effectiveFrom = effectiveFrom; self.effectiveThrough = effectiveThrough
    }

    /// Whether the coverage is in force on a date of service.
    public func covers(_ date: ServiceDate) -> Bool {
        date >= effectiveFrom && (effectiveThrough.map { date <= $0 } ?? true)
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        switch subscriber {
        case .patient:
            if relationship != .oneself {
                p.add("relationship", "the subscriber is the patient, so the relationship is self (18), not \(relationship.rawValue)")
            }
        case .otherPerson(let person):
            p.add(contentsOf: person.validate(), under: "subscriber.person")
            if relationship == .oneself {
                p.add("relationship", "the subscriber is another person, so the relationship cannot be self (18)")
            }
        }
        // NM109 of the subscriber is 2 to 80 characters.
        p.add("memberID", ifAny: X12Text.identifierProblem(memberID, what: "the member id", minimumLength: 2, maximumLength: 80))
        if let groupNumber {
            p.add("groupNumber", ifAny: X12Text.identifierProblem(groupNumber, what: "the group number", maximumLength: 50))
        }
        p.range(from: effectiveFrom, through: effectiveThrough, fromField: "effectiveFrom", throughField: "effectiveThrough")
        return p.list
    }
}

/// A referral from another provider, which some plans require before a specialist visit (837 REF*9F).
public struct Referral: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var patientID: UUID
    public var payerID: UUID
    public var referringProviderID: UUID
    public var number: String
    public var validFrom: ServiceDate
    public var validThrough: ServiceDate
    /// Visits the referral allows; nil when it is not limited by count.
    public var visitsAuthorized: Int?
    public var visitsUsed: Int

    public init(id: UUID, tenantID: UUID, patientID: UUID, payerID: UUID, referringProviderID: UUID, number: String,
                validFrom: ServiceDate, validThrough: ServiceDate, visitsAuthorized: Int? = nil, visitsUsed: Int = 0) {
        self.id = id; self.tenantID = tenantID; self.patientID = patientID; self.payerID = payerID
        self.referringProviderID = referringProviderID; self.number = number; self.validFrom = validFrom
        self.validThrough = validThrough; self.visitsAuthorized = visitsAuthorized; self.visitsUsed = visitsUsed
    }

    public func covers(_ date: ServiceDate) -> Bool { date >= validFrom && date <= validThrough }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add("number", ifAny: X12Text.identifierProblem(number, what: "the referral number", maximumLength: 50))
        p.range(from: validFrom, through: validThrough, fromField: "validFrom", throughField: "validThrough")
        if let visitsAuthorized, visitsAuthorized < 1 { p.add("visitsAuthorized", "a referral authorizes at least 1 visit; got \(visitsAuthorized)") }
        if visitsUsed < 0 { p.add("visitsUsed", "cannot be negative; got \(visitsUsed)") }
        if let visitsAuthorized, visitsUsed > visitsAuthorized {
            p.add("visitsUsed", "\(visitsUsed) visits used is more than the \(visitsAuthorized) authorized")
        }
        return p.list
    }
}

/// A payer's prior authorization of services (the 278 answer; 837 REF*G1).
public struct PriorAuthorization: Hashable, Codable, Sendable, Identifiable {
    public enum Status: String, Hashable, Codable, Sendable, CaseIterable {
        case requested
        case pending
        case approved
        /// Approved with changes (fewer units, other codes): HCR01 A6.
        case partiallyApproved
        case denied
        case cancelled

        var carriesNumber: Bool { self == .approved || self == .partiallyApproved }
    }

    public var id: UUID
    public var tenantID: UUID
    public var patientID: UUID
    public var payerID: UUID
    /// The payer's authorization number: required once approved.
    public var number: String?
    public var procedureCodes: [ProcedureCode]
    public var units: Int
    public var validFrom: ServiceDate
    public var validThrough: ServiceDate
    public var status: Status

    public init(id: UUID, tenantID: UUID, patientID: UUID, payerID: UUID, number: String? = nil, procedureCodes: [ProcedureCode],
                units: Int, validFrom: ServiceDate, validThrough: ServiceDate, status: Status) {
        self.id = id; self.tenantID = tenantID; self.patientID = patientID; self.payerID = payerID; self.number = number
        self.procedureCodes = procedureCodes; self.units = units; self.validFrom = validFrom; self.validThrough = validThrough
        self.status = status
    }

    public func covers(_ date: ServiceDate) -> Bool { date >= validFrom && date <= validThrough }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        if let number {
            p.add("number", ifAny: X12Text.identifierProblem(number, what: "the authorization number", maximumLength: 50))
        } else if status.carriesNumber {
            p.add("number", "an \(status.rawValue) authorization carries the payer's authorization number")
        }
        if procedureCodes.isEmpty { p.add("procedureCodes", "an authorization names at least one procedure code") }
        for (i, code) in procedureCodes.enumerated() { p.add("procedureCodes[\(i)]", ifAny: code.problem) }
        if units < 1 { p.add("units", "at least 1 unit; got \(units)") }
        p.range(from: validFrom, through: validThrough, fromField: "validFrom", throughField: "validThrough")
        return p.list
    }
}
