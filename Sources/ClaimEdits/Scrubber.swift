import CodeSets
import Foundation

/// The scrubber: every edit family run over a claim, on its dates of service. Families are plain functions of the
/// claim and the reference data; each finding explains itself (see `ClaimEdit`).
public struct Scrubber: Sendable {
    public let library: CodeSetLibrary
    /// NCCI procedure-to-procedure tables (`PTPTables.load(directory:)`); nil runs no PTP edits.
    public let ptp: PTPTables?
    /// NCCI Medically Unlikely Edits (`MUETables.load(codeSets:)`); nil runs no MUE edits.
    public let mue: MUETables?
    /// Each payer's own rules (`PayerRuleFile.load(directory:)`); nil runs none.
    public var payerRules: PayerRuleBook?
    /// Medicare PFS payment policy indicators (`PFSIndicatorTables.load(codeSets:)`); nil runs no `pfs-` edits.
    public var pfs: PFSIndicatorTables?
    /// Medicare Code Editor lists (`MCETables.load(codeSets:)`); nil runs no age conflict or unacceptable principal
    /// diagnosis edits (the tabular's own diagnosis rules run without it).
    public var mce: MCETables?
    /// ICD-10-CM tabular rules (7th characters, Excludes1, code first), read per code on first use and kept.
    let diagnosisRules: DiagnosisRules
    /// Code-set verdicts per code and date of service, kept across claims.
    let lookups = LookupMemo()

    public init(library: CodeSetLibrary, ptp: PTPTables? = nil, mue: MUETables? = nil) {
        self.library = library
        self.ptp = ptp
        self.mue = mue
        self.diagnosisRules = DiagnosisRules(library)
    }

    /// The scrubber with the tables it can find: from the code-sets folder the MUEs (`ncci/mue/<version>/`), the fee
    /// schedule's indicators (`pfs/<year>/`) and the Medicare Code Editor (`mce/<version>/`); PTP pairs from
    /// `ptpDirectory` (the CMS files are too large to ship) and payer rules from `payerRulesDirectory` when given.
    /// What it loaded, for the logs.
    public static func load(library: CodeSetLibrary, codeSets: URL?, ptpDirectory: URL?, payerRulesDirectory: URL? = nil) throws -> (scrubber: Scrubber, summary: String) {
        let mue = try codeSets.flatMap { try MUETables.load(codeSets: $0) }
        let ptp = try ptpDirectory.map { try PTPTables.load(directory: $0) }
        var loaded: [String] = []
        if let p = ptp?.practitioner { loaded.append("practitioner \(p.count) pairs") }
        if let p = ptp?.outpatientHospital { loaded.append("hospital \(p.count) pairs") }
        let mueSummary: String = mue.map { "\($0.tables.count) tables" } ?? "none (no ncci/mue in the code sets)"
        let ptpSummary: String = ptp == nil ? "none (set REVCYCLE_NCCI_PTP or --ncci-ptp to the unzipped CMS files)" : loaded.joined(separator: ", ")
        let payerRules = try payerRulesDirectory.map { try PayerRuleFile.load(directory: $0) }
        let payerRulesSummary = payerRules.map { "\($0.ruleCount) rules for \($0.sets.count) payers" } ?? "none"
        let pfs = try codeSets.flatMap { try PFSIndicatorTables.load(codeSets: $0) }
        let pfsSummary = pfs.map { $0.tables.map(\.sourceName).joined(separator: ", ") } ?? "none (no pfs/<year>/PPRRVU*.csv in the code sets)"
        let mce = try codeSets.flatMap { try MCETables.load(codeSets: $0) }
        let mceSummary = mce.map { $0.tables.map(\.sourceName).joined(separator: ", ") } ?? "none (no mce/<version>/ in the code sets)"
        let summary = "MUE: \(mueSummary); NCCI PTP: \(ptpSummary); payer rules: \(payerRulesSummary); PFS indicators: \(pfsSummary); MCE: \(mceSummary)"
        var scrubber = Scrubber(library: library, ptp: ptp, mue: mue)
        scrubber.payerRules = payerRules
        scrubber.pfs = pfs
        scrubber.mce = mce
        return (scrubber, summary)
    }

    /// Every edit the claim trips, errors first, then by line.
    public func scrub(_ claim: ScrubClaim) -> [ClaimEdit] { scrub(claim, others: []) }

    /// The same, with the patient's other claims for the duplicate check.
    public func scrub(_ claim: ScrubClaim, others: [ScrubClaim]) -> [ClaimEdit] {
        let payerSet = claim.payer.flatMap { payerRules?.set(forPayerID: $0.id) }
        var claim = claim
        if let days = payerSet?.timelyFilingDays, claim.payer?.timelyFilingDays == nil { claim.payer?.timelyFilingDays = days }
        let mceTable = claim.firstServiceDate.flatMap { mce?.table(on: $0) }
        let edits = CodeValidityEdits.check(claim, library, diagnosisRules, lookups) + CompletenessEdits.check(claim)
            + DiagnosisRuleEdits.check(claim, diagnosisRules, mce: mceTable) + MedicareCodeEdits.check(claim, mceTable)
            + PTPEdits.check(claim, ptp) + MUEEdits.check(claim, mue)
            + FilingEdits.check(claim, others: others) + (payerSet?.check(claim) ?? [])
            + PFSEdits.check(claim, pfs)
        return edits.sorted { ($0.severity, $0.lines.first ?? 0, $0.id) < ($1.severity, $1.lines.first ?? 0, $1.id) }
    }
}
