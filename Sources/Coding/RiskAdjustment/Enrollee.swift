/// The demographic and enrollment facts a CMS-HCC score depends on, as of February 1 of the payment year.
public struct Enrollee: Sendable, Hashable, Codable {
    public enum Sex: String, Sendable, Hashable, Codable {
        case female = "F", male = "M"

        /// Accepts "F"/"M" and CMS's "2"/"1".
        public init?(code: String) {
            switch code.uppercased() {
            case "F", "2": self = .female
            case "M", "1": self = .male
            default: return nil
            }
        }
    }

    /// Age in whole years on February 1 of the payment year.
    public var age: Int
    public var sex: Sex
    /// The Medicare-Medicaid dual eligibility code ("00" to "10"), or "NA" when not dual.
    public var dualStatus: String
    /// Original reason for entitlement (OREC): 0 old age, 1 disability, 2 ESRD, 3 disability and ESRD.
    public var originalReason: Int
    /// Current reason for entitlement (CREC), when known: the same codes as OREC.
    public var currentReason: Int?
    /// Long-term institutional (90 days or more in a nursing home): scored with the institutional segment unless a
    /// new enrollee.
    public var longTermInstitutional: Bool
    /// Fewer than 12 months of Part B enrollment in the data year: scored with the new enrollee segment.
    public var newEnrollee: Bool
    /// Enrolled in a chronic condition special needs plan (only changes the new enrollee segment).
    public var specialNeedsPlan: Bool

    public static let dualStatusCodes: Set<String> = ["NA", "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]

    /// Checks every field: an enrollee the models cannot score is refused here, with the reason.
    public init(age: Int, sex: Sex, dualStatus: String = "NA", originalReason: Int = 0, currentReason: Int? = nil,
                longTermInstitutional: Bool = false, newEnrollee: Bool = false, specialNeedsPlan: Bool = false) throws {
        guard (0...130).contains(age) else { throw RiskAdjustmentError.invalidEnrollee("age \(age) is not between 0 and 130") }
        let dual = dualStatus.uppercased()
        guard Enrollee.dualStatusCodes.contains(dual) else {
            throw RiskAdjustmentError.invalidEnrollee(
                "dual status \"\(dualStatus)\" is not a Medicare-Medicaid dual eligibility code (NA or 00 to 10)")
        }
        guard (0...3).contains(originalReason) else {
            throw RiskAdjustmentError.invalidEnrollee("original reason for entitlement \(originalReason) is not 0, 1, 2 or 3")
        }
        if let currentReason, !(0...3).contains(currentReason) {
            throw RiskAdjustmentError.invalidEnrollee("current reason for entitlement \(currentReason) is not 0, 1, 2 or 3")
        }
        self.age = age; self.sex = sex; self.dualStatus = dual; self.originalReason = originalReason
        self.currentReason = currentReason; self.longTermInstitutional = longTermInstitutional
        self.newEnrollee = newEnrollee; self.specialNeedsPlan = specialNeedsPlan
        if newEnrollee && entitledByESRD {
            // CMS scores new enrollees with ESRD with the ESRD model, which is not one of these.
            throw RiskAdjustmentError.invalidEnrollee(
                "a new enrollee entitled by ESRD (OREC or CREC 2 or 3) is scored with the CMS-HCC ESRD model, not V24 or V28")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case age, sex, dualStatus, originalReason, currentReason, longTermInstitutional, newEnrollee, specialNeedsPlan
    }

    /// Decoding checks the fields as the initializer does.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(age: c.decode(Int.self, forKey: .age), sex: c.decode(Sex.self, forKey: .sex),
                          dualStatus: c.decodeIfPresent(String.self, forKey: .dualStatus) ?? "NA",
                          originalReason: c.decodeIfPresent(Int.self, forKey: .originalReason) ?? 0,
                          currentReason: c.decodeIfPresent(Int.self, forKey: .currentReason),
                          longTermInstitutional: c.decodeIfPresent(Bool.self, forKey: .longTermInstitutional) ?? false,
                          newEnrollee: c.decodeIfPresent(Bool.self, forKey: .newEnrollee) ?? false,
                          specialNeedsPlan: c.decodeIfPresent(Bool.self, forKey: .specialNeedsPlan) ?? false)
        } catch let error as RiskAdjustmentError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    var aged: Bool { age >= 65 }
    /// Under 65 and entitled by something other than age (the CMS variable DISABL).
    var disabled: Bool { age < 65 && originalReason != 0 }
    /// Entitled by disability first, now aged in (ORIGDS).
    var originallyDisabled: Bool { originalReason == 1 && !disabled }
    var fullBenefitDual: Bool {
        switch dualStatus { case "02", "04", "08": true; default: false }
    }
    var partialBenefitDual: Bool {
        switch dualStatus { case "01", "03", "05", "06": true; default: false }
    }
    /// Any Medicaid in the year (the institutional segment's LTIMCAID).
    var medicaid: Bool { dualStatus != "NA" && dualStatus != "00" }
    /// The new enrollee segment's Medicaid flag: full or partial benefit duals.
    var newEnrolleeMedicaid: Bool { fullBenefitDual || partialBenefitDual }
    var entitledByESRD: Bool { originalReason >= 2 || (currentReason ?? 0) >= 2 }

    /// The segment whose coefficients score this enrollee.
    public var segment: RiskSegment {
        // New enrollees have no diagnosis history to score, so the new enrollee segment comes first, even for
        // someone in an institution.
        if newEnrollee { return specialNeedsPlan ? .newEnrolleeSpecialNeeds : .newEnrollee }
        if longTermInstitutional { return .institutional }
        switch (fullBenefitDual, partialBenefitDual, aged) {
        case (true, _, true): return .communityFullDualAged
        case (true, _, false): return .communityFullDualDisabled
        case (_, true, true): return .communityPartialDualAged
        case (_, true, false): return .communityPartialDualDisabled
        case (_, _, true): return .communityNonDualAged
        case (_, _, false): return .communityNonDualDisabled
        }
    }

    /// The age/sex cell, e.g. "F70_74"; new enrollees have their own cells ("NEF65", "NEM70_74").
    var demographicCell: String {
        let letter = sex == .female ? "F" : "M"
        guard newEnrollee else { return letter + Enrollee.band(age) }
        let band: String
        switch age {
        case ...34: band = "0_34"
        case 35...44: band = "35_44"
        case 45...54: band = "45_54"
        case 55...59: band = "55_59"
        case 60...63: band = "60_64"
        // At 64, someone entitled by age counts as 65 (they are aging in); by disability, as 60 to 64.
        case 64: band = originalReason == 0 ? "65" : "60_64"
        case 65...69: band = String(age)
        default: band = Enrollee.band(age)
        }
        return "NE" + letter + band
    }

    private static func band(_ age: Int) -> String {
        switch age {
        case ...34: "0_34"
        case 35...44: "35_44"
        case 45...54: "45_54"
        case 55...59: "55_59"
        case 60...64: "60_64"
        case 65...69: "65_69"
        case 70...74: "70_74"
        case 75...79: "75_79"
        case 80...84: "80_84"
        case 85...89: "85_89"
        case 90...94: "90_94"
        default: "95_GT"
        }
    }
}

/// The CMS-HCC model segments: each has its own coefficients.
public enum RiskSegment: String, Sendable, Hashable, CaseIterable, Codable {
    case communityNonDualAged = "CNA"
    case communityNonDualDisabled = "CND"
    case communityFullDualAged = "CFA"
    case communityFullDualDisabled = "CFD"
    case communityPartialDualAged = "CPA"
    case communityPartialDualDisabled = "CPD"
    case institutional = "INS"
    case newEnrollee = "NE"
    case newEnrolleeSpecialNeeds = "SNPNE"

    public var title: String {
        switch self {
        case .communityNonDualAged: "Community, non-dual, aged"
        case .communityNonDualDisabled: "Community, non-dual, disabled"
        case .communityFullDualAged: "Community, full benefit dual, aged"
        case .communityFullDualDisabled: "Community, full benefit dual, disabled"
        case .communityPartialDualAged: "Community, partial benefit dual, aged"
        case .communityPartialDualDisabled: "Community, partial benefit dual, disabled"
        case .institutional: "Long-term institutional"
        case .newEnrollee: "New enrollee"
        case .newEnrolleeSpecialNeeds: "New enrollee, chronic condition special needs plan"
        }
    }
}

public enum RiskAdjustmentError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidEnrollee(String)
    case invalidAdjustment(String)
    case modelNotInPaymentYear(RiskModel, Int)
    case table(file: String, line: Int?, String)

    public var description: String {
        switch self {
        case .invalidEnrollee(let why): "cannot score this enrollee: \(why)"
        case .invalidAdjustment(let why): "cannot adjust the score: \(why)"
        case .modelNotInPaymentYear(let model, let year):
            "\(model.rawValue) is not used for payment year \(year) (payment years \(RiskAdjustmentTables.paymentYears(for: model).map(String.init).joined(separator: ", ")))"
        case .table(let file, let line, let why): line.map { "\(file):\($0): \(why)" } ?? "\(file): \(why)"
        }
    }
}
