import CodeSets
import Foundation
public import HealthCareX12

/// Why a payer refused to pay, in the groups billers work denials by.
public enum DenialCategory: String, Hashable, Codable, Sendable, CaseIterable {
    case authorization
    case medicalNecessity
    case bundlingOrCoding
    case eligibilityOrCoverage
    case timelyFiling
    case duplicate
    case missingInformation
    case coordinationOfBenefits
    case providerEligibility
    case other

    public var words: String {
        switch self {
        case .authorization: "prior authorization or precertification"
        case .medicalNecessity: "medical necessity"
        case .bundlingOrCoding: "bundling or coding"
        case .eligibilityOrCoverage: "eligibility or coverage"
        case .timelyFiling: "timely filing"
        case .duplicate: "duplicate claim or service"
        case .missingInformation: "missing or invalid information"
        case .coordinationOfBenefits: "coordination of benefits"
        case .providerEligibility: "provider eligibility or credentialing"
        case .other: "other denial"
        }
    }

    /// Whether the usual remedy is an appeal (a reconsideration with records or proof), and whether it is a corrected
    /// or new claim. Remark codes can change this for one denial (MA130: no appeal rights).
    public var isAppealable: Bool {
        switch self {
        case .authorization, .medicalNecessity, .bundlingOrCoding, .timelyFiling, .providerEligibility, .other: true
        case .eligibilityOrCoverage, .duplicate, .missingInformation, .coordinationOfBenefits: false
        }
    }

    public var isCorrectable: Bool {
        switch self {
        case .bundlingOrCoding, .eligibilityOrCoverage, .missingInformation, .coordinationOfBenefits, .providerEligibility: true
        case .authorization, .medicalNecessity, .timelyFiling, .duplicate, .other: false
        }
    }
}

/// A code of a denial with its words from the published list.
public struct RemittanceCodeExplanation: Hashable, Codable, Sendable {
    /// CAS01 for a reason code; nil for a remark code.
    public var group: String?
    public var code: String
    /// The list's words; "(not in the code list)" when the list does not have the code.
    public var words: String
    public var amount: Money?
}

/// What a denial is, and what can be done about it.
public struct DenialClassification: Hashable, Codable, Sendable {
    public var category: DenialCategory
    public var isAppealable: Bool
    public var isCorrectable: Bool
    /// The denied amount: the sum of the denial adjustments.
    public var amount: Money
    public var reasons: [RemittanceCodeExplanation]
    public var remarks: [RemittanceCodeExplanation]
    /// One sentence for the worklist: "CO-197 (Precertification/authorization/notification/pre-treatment absent.)".
    public var summary: String
}

/// Classifies claim adjustment reason codes (CARC) and remark codes (RARC) into denial categories.
public enum DenialClassifier {
    /// CARCs that deny or reduce for a reason a biller works, by category. Cost sharing (1, 2, 3), contractual
    /// reductions (45, 253, 94) and the prior payer's impact (23) are not denials and are absent.
    public static let reasonCategories: [String: DenialCategory] = {
        var table: [String: DenialCategory] = [:]
        let groups: [(DenialCategory, [String])] = [
            (.authorization, ["15", "39", "62", "197", "198", "243"]),
            (.medicalNecessity, ["40", "50", "55", "56", "57", "58", "150", "151", "152", "167", "B22"]),
            (.bundlingOrCoding, ["4", "5", "6", "7", "9", "10", "11", "97", "107", "146", "181", "182", "189", "199", "231", "234", "236", "B15", "B16"]),
            (.eligibilityOrCoverage, ["26", "27", "31", "32", "33", "34", "35", "49", "51", "96", "109", "119", "149", "200", "204", "B1", "B5", "B9"]),
            (.timelyFiling, ["29"]),
            (.duplicate, ["18", "B13"]),
            (.missingInformation, ["16", "125", "140", "206", "207", "208", "226", "251", "252", "A1"]),
            (.coordinationOfBenefits, ["19", "20", "21", "22", "24", "B11"]),
            (.providerEligibility, ["8", "12", "170", "171", "183", "184", "185", "242", "B7"]),
        ]
        for (category, codes) in groups { for code in codes { table[code] = category } }
        return table
    }()

    /// Remark codes that take the appeal away: MA130 (unprocessable, send a new claim), MA44, N83, N211, N704 (may
    /// not appeal, may resubmit corrected).
    static let noAppealRemarks: Set<String> = ["MA130", "MA44", "N83", "N211", "N704"]
    /// Of those, the ones that say a new or corrected claim is the way.
    static let resubmitRemarks: Set<String> = ["MA130", "N704"]

    /// The category of a reason code, or nil when it is not a denial.
    public static func category(reason: String) -> DenialCategory? { reasonCategories[reason] }

    /// Whether a CAS is a denial: a categorised reason in any group (PR-204 denies too, leaving the patient to pay).
    public static func isDenial(group: String, reason: String) -> Bool { reasonCategories[reason] != nil }

    /// Classifies the adjustments and remark codes of a claim or line; nil when none of them is a denial. When
    /// `paid` is zero and no reason is categorised, the CO/OA/PI adjustments are an `other` denial (pass nil when
    /// what was paid does not decide it, as for claim-level adjustments beside lines). The category is the one of the
    /// largest denied amount (the first code when amounts tie).
    public static func classify(adjustments: [HealthCareX12.Adjustment], remarkCodes: [String], paid: Money?, codes: RemittanceCodeBook?) -> DenialClassification? {
        let denials = adjustments.filter { isDenial(group: $0.groupCode, reason: $0.reasonCode) && ($0.amountCents ?? 0) > 0 }
        let unpaid = paid?.isZero ?? false
        let consider = denials.isEmpty ? (unpaid ? adjustments.filter { $0.groupCode != "PR" && ($0.amountCents ?? 0) > 0 } : []) : denials
        let largest = consider.enumerated().max { ($0.element.amountCents ?? 0, -$0.offset) < ($1.element.amountCents ?? 0, -$1.offset) }?.element
        guard let largest else { return nil }
        let category = reasonCategories[largest.reasonCode] ?? .other
        let reasons = consider.map {
            RemittanceCodeExplanation(group: $0.groupCode, code: $0.reasonCode, words: codes?.reasons[$0.reasonCode]?.description ?? "(not in the code list)",
                                      amount: $0.amountCents.map(Money.init(cents:)))
        }
        let remarks = remarkCodes.map {
            RemittanceCodeExplanation(group: nil, code: $0, words: codes?.remarks[$0]?.description ?? "(not in the code list)", amount: nil)
        }
        let noAppeal = remarkCodes.contains { noAppealRemarks.contains($0) }
        let resubmit = remarkCodes.contains { resubmitRemarks.contains($0) }
        let summary = (reasons + remarks).map { ($0.group.map { $0 + "-" } ?? "") + $0.code + " (" + $0.words + ")" }.joined(separator: "; ")
        return DenialClassification(category: category, isAppealable: category.isAppealable && !noAppeal, isCorrectable: category.isCorrectable || resubmit,
                                    amount: Money(cents: consider.map { $0.amountCents ?? 0 }.reduce(0, +)), reasons: reasons, remarks: remarks,
                                    summary: category.words + ": " + summary)
    }
}

extension Payer {
    /// The last day a denial in a remittance dated `remittanceDate` may be appealed.
    public func appealDeadline(remittanceDate: ServiceDate) -> ServiceDate? { remittanceDate.adding(days: appealDays) }
}

/// A denied claim or line to work: what the web layer lists on the denial worklist.
public struct DenialWorkItem: Hashable, Codable, Sendable, Identifiable {
    /// Derived from the claim, the 835's trace number and the place in it: the same 835 gives the same items.
    public var id: UUID
    public var tenantID: UUID
    public var claimID: UUID
    public var payerID: UUID
    public var patientControlNumber: String
    public var payerClaimControlNumber: String?
    /// The claim line denied; nil for a claim-level denial.
    public var lineNumber: Int?
    public var procedureCode: String?
    public var serviceDate: ServiceDate?
    public var category: DenialCategory
    public var isAppealable: Bool
    public var isCorrectable: Bool
    public var deniedAmount: Money
    public var reasons: [RemittanceCodeExplanation]
    public var remarks: [RemittanceCodeExplanation]
    public var summary: String
    /// The 835's date (BPR16), else the posting date.
    public var remittanceDate: ServiceDate
    /// The remittance date plus the payer's appeal limit.
    public var appealDeadline: ServiceDate?
    public var source: RemittanceSource
    /// Where the biller is with it: open until appealed, corrected, written off or closed.
    public var status: DenialStatus = .open
    /// Why it was closed, corrected or written off, or what the appeal decided, in words.
    public var resolution: String? = nil
}

/// Builds the denial worklist items of a posted 835.
public enum DenialWorklist {
    /// One item per denied line (by its CAS and LQ codes) and one for claim-level denials (claim CAS and MOA codes,
    /// or CLP02 4 without denied lines), for each claim payment the plan posts (of `claimIDs` only, when given: the
    /// claims billed to `payer`, which gives the appeal limit).
    public static func items(plan: RemittancePlan, remittance: Remittance, payer: Payer, codes: RemittanceCodeBook?,
                             claimIDs: Set<UUID>? = nil) -> [DenialWorkItem] {
        let remittanceDate = remittance.paymentDate.flatMap { ServiceDate(compact: $0) } ?? plan.postedOn
        let deadline = payer.appealDeadline(remittanceDate: remittanceDate)
        var items: [DenialWorkItem] = []
        for item in plan.claims where item.outcome == .post {
            guard remittance.claims.indices.contains(item.position - 1) else { continue }
            let clp = remittance.claims[item.position - 1]
            guard clp.statusCode != "22" else { continue }
            guard let claimID = item.claimID, let tenantID = item.tenantID, claimIDs?.contains(claimID) ?? true else { continue }
            func add(_ c: DenialClassification, svc: Int?, line: Int?, procedure: String?, date: ServiceDate?) {
                items.append(DenialWorkItem(
                    id: NameBasedUUID.make("denial|\(claimID)|\(plan.source.payerIdentifier)|\(plan.source.traceNumber)|\(item.position)|\(svc.map(String.init) ?? "claim")"),
                    tenantID: tenantID, claimID: claimID, payerID: payer.id, patientControlNumber: clp.claimId,
                    payerClaimControlNumber: clp.payerClaimControlNumber, lineNumber: line, procedureCode: procedure, serviceDate: date,
                    category: c.category, isAppealable: c.isAppealable, isCorrectable: c.isCorrectable, deniedAmount: c.amount, reasons: c.reasons,
                    remarks: c.remarks, summary: c.summary, remittanceDate: remittanceDate, appealDeadline: deadline, source: plan.source))
            }
            var lineDenied = false
            for (j, svc) in clp.serviceLines.enumerated() {
                guard let c = DenialClassifier.classify(adjustments: svc.adjustments, remarkCodes: svc.remarkCodes, paid: Money(cents: svc.paidCents ?? 0), codes: codes) else { continue }
                lineDenied = true
                add(c, svc: j + 1, line: item.lineMatches.first { $0.serviceLine == j + 1 }?.lineNumber, procedure: svc.procedureCode,
                    date: svc.serviceDate.flatMap { ServiceDate(compact: $0) })
            }
            // Beside lines, an uncategorised claim-level adjustment is no denial by itself.
            let claimPaid = clp.serviceLines.isEmpty || clp.statusCode == "4" ? Money(cents: clp.paidCents ?? 0) : nil
            if let c = DenialClassifier.classify(adjustments: clp.adjustments, remarkCodes: clp.remarkCodes, paid: claimPaid, codes: codes) {
                add(c, svc: nil, line: nil, procedure: nil, date: nil)
            } else if clp.statusCode == "4" && !lineDenied {
                add(DenialClassification(category: .other, isAppealable: true, isCorrectable: false, amount: Money(cents: (clp.chargeCents ?? 0) - (clp.paidCents ?? 0)),
                                         reasons: [], remarks: [], summary: "denied (CLP02 4) without a denial reason code"), svc: nil, line: nil, procedure: nil, date: nil)
            }
        }
        return items
    }
}
