import CodeSets
import Foundation

// Encounters (a visit or stay, its documentation and diagnoses) and the charges coded on them. Code formats are
// checked here; whether a code exists and is valid on the date of service is the code sets' and the coding
// rules' answer, which need the loaded releases.

/// Which claim an encounter is billed on.
public enum ClaimKind: String, Hashable, Codable, Sendable, CaseIterable {
    /// 837P / CMS-1500: physicians and other professionals.
    case professional
    /// 837I / UB-04: hospitals and other facilities.
    case institutional

    /// The most diagnoses a claim of this kind carries: 12 on the 837P (HI, pointers 1 to 12), 25 on the 837I
    /// (the principal and 24 others).
    public var maximumDiagnoses: Int { self == .professional ? 12 : 25 }

    /// The most service lines a claim of this kind carries (loop 2400 repeats 50 times on the 837P, 999 on the 837I).
    public var maximumLines: Int { self == .professional ? 50 : 999 }
}

/// A procedure code system.
public enum ProcedureCodeSystem: String, Hashable, Codable, Sendable, CaseIterable {
    case cpt
    case hcpcs
    /// Inpatient procedures; reported at claim level on institutional claims only.
    case icd10pcs
}

/// A procedure code in its system.
public struct ProcedureCode: Hashable, Codable, Sendable, CustomStringConvertible {
    public var system: ProcedureCodeSystem
    public var code: String

    public init(system: ProcedureCodeSystem, code: String) {
        self.system = system
        self.code = code
    }

    public static func cpt(_ code: String) -> ProcedureCode { ProcedureCode(system: .cpt, code: code) }
    public static func hcpcs(_ code: String) -> ProcedureCode { ProcedureCode(system: .hcpcs, code: code) }
    public static func icd10pcs(_ code: String) -> ProcedureCode { ProcedureCode(system: .icd10pcs, code: code) }

    /// Why the code is not in its system's format, or nil.
    public var problem: String? {
        let b = Array(code.utf8)
        switch system {
        case .cpt:
            // Category I is five digits; Category II ends in F, Category III in T, PLA codes in U.
            let last = b.last ?? 0
            if b.count == 5, b.prefix(4).allSatisfy(isASCIIDigit),
               isASCIIDigit(last) || last == UInt8(ascii: "F") || last == UInt8(ascii: "T") || last == UInt8(ascii: "U") { return nil }
            return "a CPT code is 4 digits followed by a digit, F, T or U (such as 99213 or 0001U); got \"\(code)\""
        case .hcpcs:
            if b.count == 5, isASCIIUpper(b[0]), b.dropFirst().allSatisfy(isASCIIDigit) { return nil }
            return "a HCPCS Level II code is an upper-case letter followed by 4 digits (such as G0439); got \"\(code)\""
        case .icd10pcs:
            // ICD-10-PCS never uses the letters I and O, to keep them apart from 1 and 0.
            if b.count == 7, b.allSatisfy({ isASCIIDigit($0) || (isASCIIUpper($0) && $0 != UInt8(ascii: "I") && $0 != UInt8(ascii: "O")) }) { return nil }
            return "an ICD-10-PCS code is 7 characters, digits and upper-case letters other than I and O; got \"\(code)\""
        }
    }

    public var description: String { code }
}

/// An ICD-10-CM diagnosis code, kept upper-case and without the dot (as X12 carries it).
public struct DiagnosisCode: Hashable, Codable, Sendable, CustomStringConvertible {
    public let code: String

    /// Accepts "E11.9" or "e119"; keeps "E119".
    public init(_ text: String) {
        code = text.uppercased().replacingOccurrences(of: ".", with: "")
    }

    /// Why this is not in the ICD-10-CM format, or nil: 3 to 7 characters, a letter, then a digit or (since the
    /// April 2026 update) a letter, then letters or digits.
    public var problem: String? {
        let b = Array(code.utf8)
        if (3...7).contains(b.count), isASCIIUpper(b[0]), isASCIIDigit(b[1]) || isASCIIUpper(b[1]),
           b.dropFirst(2).allSatisfy({ isASCIIDigit($0) || isASCIIUpper($0) }) { return nil }
        return "an ICD-10-CM code is a letter followed by 2 to 6 letters or digits (such as E11.9); got \"\(code)\""
    }

    /// "E11.9": the dot after the category, for reading.
    public var description: String { code.count > 3 ? code.prefix(3) + "." + code.dropFirst(3) : code }

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Checks of procedure modifiers: two letters or digits.
enum Modifiers {
    static func check(_ modifiers: [String], _ field: String, into p: inout Problems) {
        if modifiers.count > 4 { p.add(field, "a service line carries at most 4 modifiers; got \(modifiers.count)") }
        for (i, m) in modifiers.enumerated() { p.add("\(field)[\(i)]", ifAny: problem(m)) }
        if Set(modifiers).count != modifiers.count { p.add(field, "a modifier is listed twice") }
    }

    static func problem(_ modifier: String) -> String? {
        let b = Array(modifier.utf8)
        if b.count == 2 && b.allSatisfy({ isASCIIDigit($0) || isASCIIUpper($0) }) { return nil }
        return "a modifier is 2 upper-case letters or digits (such as 25 or TC); got \"\(modifier)\""
    }
}

/// A document kept with an encounter (an operative note, an image report): a reference to where it is stored.
public struct AttachmentReference: Hashable, Codable, Sendable {
    public var id: UUID
    public var title: String
    /// MIME type, such as application/pdf.
    public var contentType: String
    /// Where the bytes are (a storage key), never the bytes themselves.
    public var storageKey: String

    public init(id: UUID, title: String, contentType: String, storageKey: String) {
        self.id = id; self.title = title; self.contentType = contentType; self.storageKey = storageKey
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.text(title, "title", maximumLength: 200, what: "the title")
        let parts = contentType.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count != 2 || parts.contains(where: \.isEmpty) || contentType.contains(" ") {
            p.add("contentType", "expected a MIME type such as application/pdf; got \"\(contentType)\"")
        }
        p.text(storageKey, "storageKey", maximumLength: 500, what: "the storage key")
        return p.list
    }
}

/// Where an encounter is in coding.
public enum EncounterStatus: String, Hashable, Codable, Sendable, CaseIterable {
    case open
    /// The provider has signed the documentation.
    case documented
    case inCoding
    /// The coder asked the provider a question and waits for the answer.
    case pendingQuery
    case coded
    /// A claim was made from it.
    case billed
    case void
}

/// A visit or stay: dates of service, who gave the services and where, the note, and the coded diagnoses.
public struct Encounter: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var patientID: UUID
    public var claimKind: ClaimKind
    public var serviceFrom: ServiceDate
    public var serviceThrough: ServiceDate
    /// CMS place of service code (two digits); required on professional encounters.
    public var placeOfService: String?
    /// Institutional: facility type and bill classification, the first two digits of the type of bill (13 is
    /// hospital outpatient); the claim adds its frequency as the third.
    public var institutionalBillType: String?
    public var renderingProviderID: UUID
    public var referringProviderID: UUID?
    public var supervisingProviderID: UUID?
    public var facilityID: UUID?
    public var priorAuthorizationID: UUID?
    public var referralID: UUID?
    /// The clinical documentation as written.
    public var note: String
    public var attachments: [AttachmentReference]
    /// ICD-10-CM codes in order: the first is the primary (or principal) diagnosis.
    public var diagnoses: [DiagnosisCode]
    /// ICD-10-PCS procedures in order, the first the principal procedure: institutional encounters only, where they
    /// go on the claim itself (837I HI BBR/BBQ), not on a charge line.
    public var procedureCodes: [ProcedureCode]
    public var status: EncounterStatus

    public init(id: UUID, tenantID: UUID, patientID: UUID, claimKind: ClaimKind = .professional, serviceFrom: ServiceDate,
                serviceThrough: ServiceDate, placeOfService: String? = nil, institutionalBillType: String? = nil,
                renderingProviderID: UUID, referringProviderID: UUID? = nil, supervisingProviderID: UUID? = nil,
                facilityID: UUID? = nil, priorAuthorizationID: UUID? = nil, referralID: UUID? = nil, note: String,
                attachments: [AttachmentReference] = [], diagnoses: [DiagnosisCode], procedureCodes: [ProcedureCode] = [], status: EncounterStatus) {
        self.id = id; self.tenantID = tenantID; self.patientID = patientID; self.claimKind = claimKind
        self.serviceFrom = serviceFrom; self.serviceThrough = serviceThrough; self.placeOfService = placeOfService
        self.institutionalBillType = institutionalBillType; self.renderingProviderID = renderingProviderID
        self.referringProviderID = referringProviderID; self.supervisingProviderID = supervisingProviderID
        self.facilityID = facilityID; self.priorAuthorizationID = priorAuthorizationID; self.referralID = referralID
        self.note = note; self.attachments = attachments; self.diagnoses = diagnoses; self.procedureCodes = procedureCodes; self.status = status
    }

    /// Encounters written before `procedureCodes` existed have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        tenantID = try c.decode(UUID.self, forKey: .tenantID)
        patientID = try c.decode(UUID.self, forKey: .patientID)
        claimKind = try c.decode(ClaimKind.self, forKey: .claimKind)
        serviceFrom = try c.decode(ServiceDate.self, forKey: .serviceFrom)
        serviceThrough = try c.decode(ServiceDate.self, forKey: .serviceThrough)
        placeOfService = try c.decodeIfPresent(String.self, forKey: .placeOfService)
        institutionalBillType = try c.decodeIfPresent(String.self, forKey: .institutionalBillType)
        renderingProviderID = try c.decode(UUID.self, forKey: .renderingProviderID)
        referringProviderID = try c.decodeIfPresent(UUID.self, forKey: .referringProviderID)
        supervisingProviderID = try c.decodeIfPresent(UUID.self, forKey: .supervisingProviderID)
        facilityID = try c.decodeIfPresent(UUID.self, forKey: .facilityID)
        priorAuthorizationID = try c.decodeIfPresent(UUID.self, forKey: .priorAuthorizationID)
        referralID = try c.decodeIfPresent(UUID.self, forKey: .referralID)
        note = try c.decode(String.self, forKey: .note)
        attachments = try c.decode([AttachmentReference].self, forKey: .attachments)
        diagnoses = try c.decode([DiagnosisCode].self, forKey: .diagnoses)
        procedureCodes = try c.decodeIfPresent([ProcedureCode].self, forKey: .procedureCodes) ?? []
        status = try c.decode(EncounterStatus.self, forKey: .status)
    }

    /// The most ICD-10-PCS procedures an 837I carries: the principal and 24 others (HI segments).
    public static let maximumProcedureCodes = 25

    /// The most characters a note may have: a long operative report is well under a megabyte of text.
    public static let maximumNoteLength = 1_000_000

    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.range(from: serviceFrom, through: serviceThrough, fromField: "serviceFrom", throughField: "serviceThrough")
        switch claimKind {
        case .professional:
            if let placeOfService {
                if let problem = PlaceOfService.problem(placeOfService) { p.add("placeOfService", problem) }
            } else {
                p.add("placeOfService", "a professional encounter needs its place of service (two digits, such as 11 for office)")
            }
            if institutionalBillType != nil { p.add("institutionalBillType", "a type of bill is for institutional encounters only") }
        case .institutional:
            if let billType = institutionalBillType {
                let b = Array(billType.utf8)
                // Facility types are 1 to 8 and classifications 1 to 9 (NUBC); 0 is neither.
                if !(b.count == 2 && (UInt8(ascii: "1")...UInt8(ascii: "8")).contains(b[0]) && (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(b[1])) {
                    p.add("institutionalBillType", "expected the facility type (1-8) and bill classification (1-9), such as 13 for hospital outpatient; got \"\(billType)\"")
                }
            } else {
                p.add("institutionalBillType", "an institutional encounter needs the facility type and bill classification (such as 13)")
            }
        }
        if let supervisingProviderID, supervisingProviderID == renderingProviderID {
            p.add("supervisingProviderID", "the supervising provider is the rendering provider; leave it out")
        }
        if note.count > Encounter.maximumNoteLength { p.add("note", "the note is longer than \(Encounter.maximumNoteLength) characters") }
        for (i, attachment) in attachments.enumerated() { p.add(contentsOf: attachment.validate(), under: "attachments[\(i)]") }
        if diagnoses.count > claimKind.maximumDiagnoses {
            p.add("diagnoses", "a \(claimKind.rawValue) claim carries at most \(claimKind.maximumDiagnoses) diagnoses; the encounter has \(diagnoses.count)")
        }
        var seen: [DiagnosisCode: Int] = [:]
        for (i, diagnosis) in diagnoses.enumerated() {
            p.add("diagnoses[\(i)]", ifAny: diagnosis.problem)
            if let first = seen[diagnosis] {
                p.add("diagnoses[\(i)]", "\(diagnosis) is already diagnosis \(first + 1)")
            } else {
                seen[diagnosis] = i
            }
        }
        if !procedureCodes.isEmpty && claimKind == .professional {
            p.add("procedureCodes", "ICD-10-PCS procedures are coded on institutional encounters only; a professional service is a charge with its CPT or HCPCS code")
        }
        if procedureCodes.count > Encounter.maximumProcedureCodes {
            p.add("procedureCodes", "an 837I carries at most \(Encounter.maximumProcedureCodes) ICD-10-PCS procedures; the encounter has \(procedureCodes.count)")
        }
        var seenProcedures: Set<ProcedureCode> = []
        for (i, procedure) in procedureCodes.enumerated() {
            if procedure.system != .icd10pcs { p.add("procedureCodes[\(i)]", "expected an ICD-10-PCS code; got a \(procedure.system.rawValue) code (those are charges)") }
            p.add("procedureCodes[\(i)]", ifAny: procedure.problem)
            if !seenProcedures.insert(procedure).inserted { p.add("procedureCodes[\(i)]", "\(procedure.code) is listed twice") }
        }
        if diagnoses.isEmpty && (status == .coded || status == .billed) {
            p.add("diagnoses", "a \(status.rawValue) encounter has at least one diagnosis")
        }
        return p.list
    }
}

/// CMS place of service codes: two digits, 01 to 99.
enum PlaceOfService {
    static func problem(_ code: String) -> String? {
        isAllDigits(code, count: 2) && code != "00" ? nil : "a place of service is two digits from 01 to 99 (such as 11 for office); got \"\(code)\""
    }
}

/// A drug given with a service line (837 LIN/CTP): the NDC in 11-digit form, the unit and the quantity.
public struct DrugDetail: Hashable, Codable, Sendable {
    /// The unit of measure of CTP05.
    public enum Unit: String, Hashable, Codable, Sendable, CaseIterable {
        case internationalUnit = "F2"
        case gram = "GR"
        case milligram = "ME"
        case milliliter = "ML"
        case unit = "UN"
    }

    /// Eleven digits (5-4-2, no hyphens).
    public var ndc: String
    public var unit: Unit
    public var quantity: ExactDecimal

    /// Accepts the 11 digits, or a hyphenated 10-digit NDC as printed on the package (4-4-2, 5-3-2, 5-4-1), which is
    /// padded with a zero in the short segment to the 5-4-2 billing form. Anything else is kept for `validate()`.
    public init(ndc: String, unit: Unit, quantity: ExactDecimal) {
        self.ndc = DrugDetail.billingForm(ndc) ?? ndc
        self.unit = unit
        self.quantity = quantity
    }

    static func billingForm(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isASCIIDigit) }) else { return nil }
        let widths = [5, 4, 2]
        let lengths = parts.map(\.count)
        guard lengths == [5, 4, 2] || lengths == [4, 4, 2] || lengths == [5, 3, 2] || lengths == [5, 4, 1] else { return nil }
        return zip(parts, widths).map { String(repeating: "0", count: $1 - $0.count) + $0 }.joined()
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        if !isAllDigits(ndc, count: 11) {
            p.add("ndc", "an NDC is billed as 11 digits (5-4-2), or written with hyphens as on the package; got \"\(ndc)\"")
        }
        if quantity.isZero || quantity.isNegative { p.add("quantity", "the drug quantity is more than zero; got \(quantity)") }
        return p.list
    }
}

/// A coded service on an encounter, with its charge.
public struct Charge: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var encounterID: UUID
    public var procedure: ProcedureCode
    public var modifiers: [String]
    public var units: Int
    /// The line's total charge (for all its units).
    public var amount: Money
    /// Which of the encounter's diagnoses (1-based) the service treats, most important first: 1 to 4 pointers,
    /// professional only.
    public var diagnosisPointers: [Int]
    public var serviceDate: ServiceDate
    public var drug: DrugDetail?
    /// The NUBC revenue code (four digits, such as 0450); institutional only, and required there.
    public var revenueCode: String?

    public init(id: UUID, tenantID: UUID, encounterID: UUID, procedure: ProcedureCode, modifiers: [String] = [], units: Int = 1,
                amount: Money, diagnosisPointers: [Int], serviceDate: ServiceDate, drug: DrugDetail? = nil, revenueCode: String? = nil) {
        self.id = id; self.tenantID = tenantID; self.encounterID = encounterID; self.procedure = procedure
        self.modifiers = modifiers; self.units = units; self.amount = amount; self.diagnosisPointers = diagnosisPointers
        self.serviceDate = serviceDate; self.drug = drug; self.revenueCode = revenueCode
    }

    /// The most units a line may carry: beyond this is a typing mistake, not a service.
    public static let maximumUnits = 9999

    /// What can be checked on the charge alone.
    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add("procedure.code", ifAny: procedure.problem)
        Modifiers.check(modifiers, "modifiers", into: &p)
        if !(1...Charge.maximumUnits).contains(units) { p.add("units", "expected 1 to \(Charge.maximumUnits) units; got \(units)") }
        if amount.isNegative { p.add("amount", "a charge cannot be negative; got \(amount)") }
        if amount.cents > Money.maximumInputCents { p.add("amount", "a charge is at most \(Money(cents: Money.maximumInputCents))") }
        if diagnosisPointers.count > 4 { p.add("diagnosisPointers", "a line points to at most 4 diagnoses; got \(diagnosisPointers.count)") }
        for (i, pointer) in diagnosisPointers.enumerated() where !(1...12).contains(pointer) {
            p.add("diagnosisPointers[\(i)]", "a diagnosis pointer is 1 to 12; got \(pointer)")
        }
        if Set(diagnosisPointers).count != diagnosisPointers.count { p.add("diagnosisPointers", "a diagnosis is pointed to twice") }
        if let drug { p.add(contentsOf: drug.validate(), under: "drug") }
        if let revenueCode, !isAllDigits(revenueCode, count: 4) {
            p.add("revenueCode", "a revenue code is 4 digits (such as 0450); got \"\(revenueCode)\"")
        }
        return p.list
    }

    /// Everything `validate()` checks, and how the charge fits its encounter: the same encounter and tenant, a date
    /// of service inside the encounter's, pointers to diagnoses the encounter has, and the fields the encounter's
    /// claim kind requires or forbids.
    public func validate(in encounter: Encounter) -> [FieldProblem] {
        var p = Problems()
        p.add(contentsOf: validate(), under: "")
        if encounterID != encounter.id { p.add("encounterID", "the charge belongs to encounter \(encounterID), not \(encounter.id)") }
        if tenantID != encounter.tenantID { p.add("tenantID", "the charge belongs to another tenant than its encounter") }
        if serviceDate < encounter.serviceFrom || serviceDate > encounter.serviceThrough {
            p.add("serviceDate", "\(serviceDate) is outside the encounter's dates of service, \(encounter.serviceFrom) to \(encounter.serviceThrough)")
        }
        switch encounter.claimKind {
        case .professional:
            if procedure.system == .icd10pcs { p.add("procedure.system", "ICD-10-PCS codes are reported on institutional claims only") }
            if diagnosisPointers.isEmpty { p.add("diagnosisPointers", "a professional service line points to at least one diagnosis") }
            for (i, pointer) in diagnosisPointers.enumerated() where (1...12).contains(pointer) && pointer > encounter.diagnoses.count {
                p.add("diagnosisPointers[\(i)]", "points to diagnosis \(pointer), but the encounter has \(encounter.diagnoses.count)")
            }
            if revenueCode != nil { p.add("revenueCode", "revenue codes are for institutional claims only") }
        case .institutional:
            if revenueCode == nil { p.add("revenueCode", "an institutional service line needs its revenue code (such as 0450)") }
            if !diagnosisPointers.isEmpty { p.add("diagnosisPointers", "institutional service lines do not point to diagnoses") }
        }
        return p.list
    }
}
