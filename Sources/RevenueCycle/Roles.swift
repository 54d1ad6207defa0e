/// What a user does in Revcycle (DESIGN.md, "Who uses it").
public enum Role: String, Hashable, Codable, Sendable, CaseIterable {
    case administrator
    case manager
    case coder
    case auditor
    case biller
    case frontDesk
    /// A physician or other clinician: reads the encounters and answers the coders' documentation queries.
    case provider
}

/// One thing a user may do.
public enum Permission: String, Hashable, Codable, Sendable, CaseIterable {
    case patientsRead = "patients.read"
    case patientsWrite = "patients.write"
    case coverageRead = "coverage.read"
    case coverageWrite = "coverage.write"
    case encountersRead = "encounters.read"
    case encountersWrite = "encounters.write"
    case codingWrite = "coding.write"
    /// Who codes what: assigning charts and setting their priority.
    case codingAssign = "coding.assign"
    /// Answering the coders' documentation queries: the provider's.
    case queriesAnswer = "queries.answer"
    /// Drawing audit samples and re-coding them blind: the auditor's.
    case codingAudit = "coding.audit"
    case chargesWrite = "charges.write"
    case claimsRead = "claims.read"
    case claimsWrite = "claims.write"
    case claimsSubmit = "claims.submit"
    case paymentsPost = "payments.post"
    case denialsWork = "denials.work"
    case reportsRead = "reports.read"
    case auditRead = "audit.read"
    case usersManage = "users.manage"
    case tenantsManage = "tenants.manage"
    case payersManage = "payers.manage"
    case feeSchedulesManage = "feeSchedules.manage"
    case codeSetsManage = "codeSets.manage"
}

/// Which role may do what: one table, least privilege.
///
/// - administrator: everything (practices, users, payers, fee schedules, code sets).
/// - manager: reads everything and the reports, to watch the numbers and investigate; changes nothing but who codes
///   what (assigning charts, their priority).
/// - coder: reads encounters and writes the coding; sees no claims or money.
/// - auditor: reads what coders and billers did, and the audit log; writes only coding audits (samples, blind
///   re-coding).
/// - biller: charges, claims (write and submit), payments, denials; reads the patient, coverage and encounter
///   the claims are made from.
/// - frontDesk: registers patients, their coverage and their visits.
/// - provider: reads the encounters and answers the coders' documentation queries.
public enum PermissionMatrix {
    public static let table: [Role: Set<Permission>] = [
        .administrator: Set(Permission.allCases),
        .manager: [.patientsRead, .coverageRead, .encountersRead, .codingAssign, .claimsRead, .reportsRead, .auditRead],
        .coder: [.encountersRead, .codingWrite],
        .auditor: [.patientsRead, .coverageRead, .encountersRead, .codingAudit, .claimsRead, .reportsRead, .auditRead],
        .biller: [.patientsRead, .coverageRead, .encountersRead, .chargesWrite, .claimsRead, .claimsWrite, .claimsSubmit,
                  .paymentsPost, .denialsWork],
        .frontDesk: [.patientsRead, .patientsWrite, .coverageRead, .coverageWrite, .encountersRead, .encountersWrite],
        .provider: [.encountersRead, .queriesAnswer],
    ]

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        table[role]?.contains(permission) ?? false
    }

    /// The permissions of a role, in the order of `Permission.allCases`.
    public static func permissions(of role: Role) -> [Permission] {
        Permission.allCases.filter { allows(role, $0) }
    }

    /// The matrix as Markdown: a row per permission, a column per role.
    public static func markdown() -> String {
        var text = "| permission | " + Role.allCases.map(\.rawValue).joined(separator: " | ") + " |\n"
        text += "|---|" + Role.allCases.map { _ in ":-:|" }.joined() + "\n"
        for permission in Permission.allCases {
            text += "| `\(permission.rawValue)` | " + Role.allCases.map { allows($0, permission) ? "✓" : "" }.joined(separator: " | ") + " |\n"
        }
        return text
    }
}
