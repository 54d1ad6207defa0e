import CodeSets
import Foundation

/// The claim frequency code (837 CLM05-3): an original claim, or a replacement or void of one the payer has.
public enum ClaimFrequency: String, Hashable, Codable, Sendable, CaseIterable {
    case original = "1"
    case replacement = "7"
    case void = "8"

    /// Replacements and voids name the claim they replace (REF*F8, the payer claim control number).
    public var needsPayerClaimControlNumber: Bool { self != .original }
}

/// The billing provider as the claim was made (loop 2010AA): kept on the claim, since a claim is a record of what
/// was sent even if the tenant's details change later.
public struct BillingProvider: Hashable, Codable, Sendable {
    public var name: String
    public var npi: NPI
    public var taxID: TaxID
    public var address: Address

    public init(name: String, npi: NPI, taxID: TaxID, address: Address) {
        self.name = name; self.npi = npi; self.taxID = taxID; self.address = address
    }

    public init(tenant: Tenant) {
        self.init(name: tenant.name, npi: tenant.billingNPI, taxID: tenant.taxID, address: tenant.address)
    }
}

/// A service line of a claim.
public struct ClaimLine: Hashable, Codable, Sendable {
    /// 1, 2, 3... in order (LX01).
    public var lineNumber: Int
    /// The line item control number (REF*6R): always present and unique within the claim; the payer returns it in
    /// the 835 so the payment finds its line.
    public var lineItemControlNumber: String
    public var chargeID: UUID
    /// CPT or HCPCS; nil on an institutional line whose procedure is an ICD-10-PCS code (reported on the claim).
    public var procedure: ProcedureCode?
    public var modifiers: [String]
    public var units: Int
    public var charge: Money
    /// 1-based pointers into the claim's diagnoses; professional only.
    public var diagnosisPointers: [Int]
    public var serviceDate: ServiceDate
    /// Institutional only, and required there.
    public var revenueCode: String?
    public var drug: DrugDetail?

    public init(lineNumber: Int, lineItemControlNumber: String, chargeID: UUID, procedure: ProcedureCode?, modifiers: [String], units: Int,
                charge: Money, diagnosisPointers: [Int], serviceDate: ServiceDate, revenueCode: String? = nil, drug: DrugDetail? = nil) {
        self.lineNumber = lineNumber; self.lineItemControlNumber = lineItemControlNumber; self.chargeID = chargeID
        self.procedure = procedure; self.modifiers = modifiers; self.units = units; self.charge = charge
        self.diagnosisPointers = diagnosisPointers; self.serviceDate = serviceDate; self.revenueCode = revenueCode; self.drug = drug
    }
}

/// A claim to one payer for one encounter: what is billed, its status and history, and its ledger.
public struct Claim: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var tenantID: UUID
    public var kind: ClaimKind
    public var encounterID: UUID
    public var patientID: UUID
    public var coverageID: UUID
    /// Which payer in the patient's order of benefits this claim goes to.
    public var coverageOrder: CoverageOrder
    public var payerID: UUID
    public var billingProvider: BillingProvider
    public var renderingProviderID: UUID?
    public var referringProviderID: UUID?
    public var supervisingProviderID: UUID?
    public var facilityID: UUID?
    public var frequency: ClaimFrequency
    /// The payer's number for the claim this one replaces or voids; required for frequency 7 and 8.
    public var payerClaimControlNumber: String?
    /// Our number for the claim (CLM01): returned by the payer in the 277 and 835.
    public var patientControlNumber: String
    /// Professional: the place of service (CLM05-1).
    public var placeOfService: String?
    /// Institutional: the type of bill without its leading zero, three digits whose last is the frequency (131).
    public var typeOfBill: String?
    public var diagnoses: [DiagnosisCode]
    /// Institutional: ICD-10-PCS procedures, the principal first.
    public var procedureCodes: [ProcedureCode]
    public var priorAuthorizationNumber: String?
    public var referralNumber: String?
    public var lines: [ClaimLine]
    /// The decisions of the payers billed before this one (a secondary or tertiary claim), the earliest first; sent
    /// in the 837's other-payer loops. Empty on a primary claim, and in claims stored before secondary claims.
    @EmptyWhenAbsent public var priorPayerAdjudications: [PriorPayerAdjudication]
    /// When the payer was last asked about the claim with a 276; nil when never.
    public var lastStatusInquiryOn: ServiceDate? = nil
    public internal(set) var status: ClaimStatus
    public internal(set) var history: [ClaimTransition]
    public internal(set) var ledger: ClaimLedger

    /// The same claim with another history: the store keeps the history apart from the rest of the claim.
    public func withHistory(_ history: [ClaimTransition]) -> Claim {
        var claim = self
        claim.history = history
        return claim
    }

    /// A claim as stored (status, history and ledger included). New claims come from `ClaimBuilder`.
    public init(id: UUID, tenantID: UUID, kind: ClaimKind, encounterID: UUID, patientID: UUID, coverageID: UUID, coverageOrder: CoverageOrder,
                payerID: UUID, billingProvider: BillingProvider, renderingProviderID: UUID?, referringProviderID: UUID? = nil,
                supervisingProviderID: UUID? = nil, facilityID: UUID? = nil, frequency: ClaimFrequency, payerClaimControlNumber: String? = nil,
                patientControlNumber: String, placeOfService: String?, typeOfBill: String?, diagnoses: [DiagnosisCode],
                procedureCodes: [ProcedureCode] = [], priorAuthorizationNumber: String? = nil, referralNumber: String? = nil,
                lines: [ClaimLine], status: ClaimStatus = .draft, history: [ClaimTransition] = [], ledger: ClaimLedger? = nil,
                priorPayerAdjudications: [PriorPayerAdjudication] = []) {
        self.id = id; self.tenantID = tenantID; self.kind = kind; self.encounterID = encounterID; self.patientID = patientID
        self.coverageID = coverageID; self.coverageOrder = coverageOrder; self.payerID = payerID; self.billingProvider = billingProvider
        self.renderingProviderID = renderingProviderID; self.referringProviderID = referringProviderID
        self.supervisingProviderID = supervisingProviderID; self.facilityID = facilityID; self.frequency = frequency
        self.payerClaimControlNumber = payerClaimControlNumber; self.patientControlNumber = patientControlNumber
        self.placeOfService = placeOfService; self.typeOfBill = typeOfBill; self.diagnoses = diagnoses
        self.procedureCodes = procedureCodes; self.priorAuthorizationNumber = priorAuthorizationNumber
        self.referralNumber = referralNumber; self.lines = lines; self.status = status; self.history = history
        self.ledger = ledger ?? ClaimLedger(lineCharges: lines.map { ($0.lineNumber, $0.charge) })
        self.priorPayerAdjudications = priorPayerAdjudications
    }

    /// The claim's total charge (CLM02): the sum of its lines.
    public var totalCharge: Money { lines.map(\.charge).sum() }

    /// Charges, payments, adjustments, patient responsibility and balance, summed over the lines.
    public var totals: LedgerTotals { ledger.totals }

    /// Applies a posting to the claim's ledger (see `ClaimLedger.apply`).
    public mutating func post(_ posting: LedgerPosting) throws(LedgerError) {
        try ledger.apply(posting)
    }

    /// Everything checkable on the claim itself: identifiers, the frequency and its control number, lines and their
    /// control numbers, pointers, the fields its kind requires, the ledger against the lines, and the history.
    public func validate() -> [FieldProblem] {
        var p = Problems()
        p.add(contentsOf: BillingProviderCheck.problems(billingProvider), under: "billingProvider")
        // CLM01 allows 38 characters, but many payers keep only the first 20 in their answers.
        p.add("patientControlNumber", ifAny: X12Text.identifierProblem(patientControlNumber, what: "the patient control number", maximumLength: 20))
        if frequency.needsPayerClaimControlNumber {
            if let number = payerClaimControlNumber {
                p.add("payerClaimControlNumber", ifAny: X12Text.identifierProblem(number, what: "the payer claim control number", maximumLength: 50))
            } else {
                p.add("payerClaimControlNumber", "a \(frequency == .replacement ? "replacement (7)" : "void (8)") claim names the payer's claim control number of the claim it \(frequency == .replacement ? "replaces" : "voids")")
            }
        } else if payerClaimControlNumber != nil {
            p.add("payerClaimControlNumber", "an original claim (1) has no payer claim control number; use frequency 7 or 8 to replace or void a claim")
        }
        if let number = priorAuthorizationNumber {
            p.add("priorAuthorizationNumber", ifAny: X12Text.identifierProblem(number, what: "the prior authorization number", maximumLength: 50))
        }
        if let number = referralNumber {
            p.add("referralNumber", ifAny: X12Text.identifierProblem(number, what: "the referral number", maximumLength: 50))
        }
        if diagnoses.isEmpty { p.add("diagnoses", "a claim carries at least one diagnosis") }
        if diagnoses.count > kind.maximumDiagnoses {
            p.add("diagnoses", "a \(kind.rawValue) claim carries at most \(kind.maximumDiagnoses) diagnoses; got \(diagnoses.count)")
        }
        for (i, d) in diagnoses.enumerated() { p.add("diagnoses[\(i)]", ifAny: d.problem) }
        switch kind {
        case .professional:
            if let pos = placeOfService { p.add("placeOfService", ifAny: PlaceOfService.problem(pos)) } else {
                p.add("placeOfService", "a professional claim needs its place of service")
            }
            if typeOfBill != nil { p.add("typeOfBill", "a type of bill is for institutional claims only") }
            if !procedureCodes.isEmpty { p.add("procedureCodes", "ICD-10-PCS procedures are reported on institutional claims only") }
        case .institutional:
            if let tob = typeOfBill {
                if !(isAllDigits(tob, count: 3) && !tob.hasPrefix("0")) {
                    p.add("typeOfBill", "the type of bill is 3 digits: facility type, classification, frequency (such as 131); got \"\(tob)\"")
                } else if !tob.hasSuffix(frequency.rawValue) {
                    p.add("typeOfBill", "the type of bill \(tob) ends in \(tob.suffix(1)), but the claim's frequency is \(frequency.rawValue)")
                }
            } else {
                p.add("typeOfBill", "an institutional claim needs its type of bill")
            }
            for (i, code) in procedureCodes.enumerated() {
                if code.system != .icd10pcs { p.add("procedureCodes[\(i)]", "claim-level procedures are ICD-10-PCS codes; got a \(code.system.rawValue) code") }
                p.add("procedureCodes[\(i)]", ifAny: code.problem)
            }
        }
        checkLines(&p)
        p.add(contentsOf: priorPayerProblems(), under: "")
        for problem in ledger.verify() { p.add("ledger", problem.description) }
        let ledgerLines = ledger.lines.map { "\($0.lineNumber):\($0.charges.cents)" }
        let claimLines = lines.map { "\($0.lineNumber):\($0.charge.cents)" }
        if ledgerLines != claimLines {
            p.add("ledger", "the ledger's lines and charges (\(ledgerLines.joined(separator: ", "))) are not the claim's (\(claimLines.joined(separator: ", ")))")
        }
        checkHistory(&p)
        return p.list
    }

    private func checkLines(_ p: inout Problems) {
        if lines.isEmpty { p.add("lines", "a claim has at least one service line") }
        if lines.count > kind.maximumLines {
            p.add("lines", "a \(kind.rawValue) claim carries at most \(kind.maximumLines) service lines; got \(lines.count)")
        }
        var controlNumbers: [String: Int] = [:]
        for (i, line) in lines.enumerated() {
            let field = "lines[\(i)]"
            if line.lineNumber != i + 1 { p.add("\(field).lineNumber", "lines are numbered 1, 2, 3... in order; expected \(i + 1), got \(line.lineNumber)") }
            if let problem = X12Text.identifierProblem(line.lineItemControlNumber, what: "the line item control number", maximumLength: 50) {
                p.add("\(field).lineItemControlNumber", problem)
            } else if let earlier = controlNumbers[line.lineItemControlNumber] {
                p.add("\(field).lineItemControlNumber", "\(line.lineItemControlNumber) is already the control number of line \(earlier + 1)")
            } else {
                controlNumbers[line.lineItemControlNumber] = i
            }
            Modifiers.check(line.modifiers, "\(field).modifiers", into: &p)
            if !(1...Charge.maximumUnits).contains(line.units) { p.add("\(field).units", "expected 1 to \(Charge.maximumUnits) units; got \(line.units)") }
            if line.charge.isNegative { p.add("\(field).charge", "a line charge cannot be negative; got \(line.charge)") }
            if let drug = line.drug { p.add(contentsOf: drug.validate(), under: "\(field).drug") }
            switch kind {
            case .professional:
                if let procedure = line.procedure {
                    if procedure.system == .icd10pcs { p.add("\(field).procedure", "a professional line carries a CPT or HCPCS code, not ICD-10-PCS") }
                    p.add("\(field).procedure.code", ifAny: procedure.problem)
                } else {
                    p.add("\(field).procedure", "a professional line needs its procedure code")
                }
                if line.diagnosisPointers.isEmpty || line.diagnosisPointers.count > 4 {
                    p.add("\(field).diagnosisPointers", "a professional line points to 1 to 4 diagnoses; got \(line.diagnosisPointers.count)")
                }
                for (j, pointer) in line.diagnosisPointers.enumerated() where !(1...max(1, diagnoses.count)).contains(pointer) || diagnoses.isEmpty {
                    p.add("\(field).diagnosisPointers[\(j)]", "points to diagnosis \(pointer), but the claim has \(diagnoses.count)")
                }
                if line.revenueCode != nil { p.add("\(field).revenueCode", "revenue codes are for institutional claims only") }
            case .institutional:
                if let revenueCode = line.revenueCode {
                    if !isAllDigits(revenueCode, count: 4) { p.add("\(field).revenueCode", "a revenue code is 4 digits (such as 0450); got \"\(revenueCode)\"") }
                } else {
                    p.add("\(field).revenueCode", "an institutional line needs its revenue code")
                }
                if let procedure = line.procedure {
                    if procedure.system == .icd10pcs { p.add("\(field).procedure", "ICD-10-PCS procedures go in the claim's procedureCodes, not on a line") }
                    p.add("\(field).procedure.code", ifAny: procedure.problem)
                }
                if !line.diagnosisPointers.isEmpty { p.add("\(field).diagnosisPointers", "institutional lines do not point to diagnoses") }
            }
        }
    }

    private func checkHistory(_ p: inout Problems) {
        var current = ClaimStatus.draft
        var lastAt: Date?
        for (i, change) in history.enumerated() {
            let field = "history[\(i)]"
            if change.claimID != id { p.add("\(field).claimID", "the change belongs to claim \(change.claimID)") }
            if change.from != current { p.add("\(field).from", "the claim was \(current.rawValue) at this point, not \(change.from.rawValue)") }
            if !ClaimStateMachine.isAllowed(from: change.from, to: change.to) {
                p.add("\(field).to", "\(change.from.rawValue) to \(change.to.rawValue) is not an allowed change")
            }
            if let lastAt, change.at < lastAt { p.add("\(field).at", "dated before the change before it") }
            current = change.to
            lastAt = change.at
        }
        if current != status { p.add("status", "the history ends at \(current.rawValue), but the status is \(status.rawValue)") }
    }
}

enum BillingProviderCheck {
    static func problems(_ b: BillingProvider) -> [FieldProblem] {
        var p = Problems()
        p.text(b.name, "name", maximumLength: 60, what: "the name")
        p.add("npi", ifAny: b.npi.problem)
        p.add("taxID", ifAny: b.taxID.problem)
        p.add(contentsOf: b.address.validate(), under: "address")
        return p.list
    }
}

/// Why a claim could not be built: every problem found, each with its field path (`encounter.status`,
/// `charges[2].diagnosisPointers[0]`, `coverage.effectiveThrough`).
public struct ClaimRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [FieldProblem]

    public var description: String { "the claim cannot be built: " + problems.map(\.description).joined(separator: "; ") }
}

/// Builds a claim from a coded encounter, its charges, the coverage billed and the people and places involved, or
/// refuses with every problem it finds. Nothing here reads a database: the caller gathers the records.
public struct ClaimBuilder: Sendable {
    public var tenant: Tenant
    public var encounter: Encounter
    public var charges: [Charge]
    public var patient: Patient
    public var coverage: Coverage
    public var payer: Payer
    public var renderingProvider: Provider
    public var referringProvider: Provider?
    public var supervisingProvider: Provider?
    public var facility: Facility?
    public var priorAuthorization: PriorAuthorization?
    public var referral: Referral?

    public init(tenant: Tenant, encounter: Encounter, charges: [Charge], patient: Patient, coverage: Coverage, payer: Payer,
                renderingProvider: Provider, referringProvider: Provider? = nil, supervisingProvider: Provider? = nil,
                facility: Facility? = nil, priorAuthorization: PriorAuthorization? = nil, referral: Referral? = nil) {
        self.tenant = tenant; self.encounter = encounter; self.charges = charges; self.patient = patient; self.coverage = coverage
        self.payer = payer; self.renderingProvider = renderingProvider; self.referringProvider = referringProvider
        self.supervisingProvider = supervisingProvider; self.facility = facility; self.priorAuthorization = priorAuthorization
        self.referral = referral
    }

    /// A new claim in `draft`. The patient control number defaults to the first 20 hexadecimal digits of the claim
    /// id (unique without a counter); each line's control number is its charge id without hyphens, so an 835 line
    /// leads straight back to the charge.
    public func build(claimID: UUID, frequency: ClaimFrequency = .original, payerClaimControlNumber: String? = nil,
                      patientControlNumber: String? = nil) throws(ClaimRefusal) -> Claim {
        var p = Problems()
        checkRecords(&p)
        checkRelations(&p)
        let lines = makeLines()
        if lines.count > encounter.claimKind.maximumLines {
            p.add("charges", "an \(encounter.claimKind == .professional ? "837P" : "837I") claim carries at most \(encounter.claimKind.maximumLines) service lines; the encounter has \(lines.count) charges: split it into several claims")
        }
        // The coder's ICD-10-PCS procedures, then any a charge carries (older data), each once.
        var pcsProcedures: [ProcedureCode] = []
        if encounter.claimKind == .institutional {
            for code in encounter.procedureCodes + charges.map(\.procedure) where code.system == .icd10pcs && !pcsProcedures.contains(code) {
                pcsProcedures.append(code)
            }
        }
        let claim = Claim(
            id: claimID, tenantID: tenant.id, kind: encounter.claimKind, encounterID: encounter.id, patientID: patient.id,
            coverageID: coverage.id, coverageOrder: coverage.order, payerID: payer.id, billingProvider: BillingProvider(tenant: tenant),
            renderingProviderID: renderingProvider.id, referringProviderID: referringProvider?.id, supervisingProviderID: supervisingProvider?.id,
            facilityID: facility?.id, frequency: frequency, payerClaimControlNumber: payerClaimControlNumber,
            patientControlNumber: patientControlNumber ?? String(claimID.uuidString.replacingOccurrences(of: "-", with: "").prefix(20)),
            placeOfService: encounter.claimKind == .professional ? encounter.placeOfService : nil,
            typeOfBill: encounter.institutionalBillType.map { $0 + frequency.rawValue }, diagnoses: encounter.diagnoses,
            procedureCodes: pcsProcedures, priorAuthorizationNumber: priorAuthorization?.number, referralNumber: referral?.number,
            lines: lines)
        // The claim's own checks catch what the inputs' checks cannot: the frequency and its control number, lines.
        if p.list.isEmpty { p.add(contentsOf: claim.validate(), under: "claim") }
        guard p.list.isEmpty else { throw ClaimRefusal(problems: p.list) }
        return claim
    }

    private func makeLines() -> [ClaimLine] {
        charges.sorted { ($0.serviceDate, $0.id.uuidString) < ($1.serviceDate, $1.id.uuidString) }.enumerated().map { i, charge in
            ClaimLine(lineNumber: i + 1, lineItemControlNumber: charge.id.uuidString.replacingOccurrences(of: "-", with: ""), chargeID: charge.id,
                      procedure: charge.procedure.system == .icd10pcs ? nil : charge.procedure, modifiers: charge.modifiers, units: charge.units,
                      charge: charge.amount, diagnosisPointers: charge.diagnosisPointers, serviceDate: charge.serviceDate,
                      revenueCode: charge.revenueCode, drug: charge.drug)
        }
    }

    /// Each record's own checks, and the encounter's readiness.
    private func checkRecords(_ p: inout Problems) {
        p.add(contentsOf: tenant.validate(), under: "tenant")
        p.add(contentsOf: encounter.validate(), under: "encounter")
        if encounter.status != .coded {
            p.add("encounter.status", "only a coded encounter is billed; this one is \(encounter.status.rawValue)")
        }
        if charges.isEmpty { p.add("charges", "the encounter has no charges to bill") }
        for (i, charge) in charges.enumerated() { p.add(contentsOf: charge.validate(in: encounter), under: "charges[\(i)]") }
        p.add(contentsOf: patient.validate(), under: "patient")
        p.add(contentsOf: coverage.validate(), under: "coverage")
        p.add(contentsOf: payer.validate(), under: "payer")
        p.add(contentsOf: renderingProvider.validate(), under: "renderingProvider")
        if let referringProvider { p.add(contentsOf: referringProvider.validate(), under: "referringProvider") }
        if let supervisingProvider { p.add(contentsOf: supervisingProvider.validate(), under: "supervisingProvider") }
        if let facility { p.add(contentsOf: facility.validate(), under: "facility") }
        if let priorAuthorization { p.add(contentsOf: priorAuthorization.validate(), under: "priorAuthorization") }
        if let referral { p.add(contentsOf: referral.validate(), under: "referral") }
    }

    /// That the records belong together: one tenant, the encounter's patient, providers and facility, coverage in
    /// force on the dates of service.
    private func checkRelations(_ p: inout Problems) {
        let tenantIDs: [(String, UUID?)] = [
            ("encounter", encounter.tenantID), ("patient", patient.tenantID), ("coverage", coverage.tenantID), ("payer", payer.tenantID),
            ("renderingProvider", renderingProvider.tenantID), ("referringProvider", referringProvider?.tenantID),
            ("supervisingProvider", supervisingProvider?.tenantID), ("facility", facility?.tenantID),
            ("priorAuthorization", priorAuthorization?.tenantID), ("referral", referral?.tenantID),
        ]
        for (field, id) in tenantIDs where id != nil && id != tenant.id {
            p.add("\(field).tenantID", "belongs to another tenant than \(tenant.name)")
        }
        for (i, charge) in charges.enumerated() where charge.tenantID != tenant.id {
            p.add("charges[\(i)].tenantID", "belongs to another tenant than \(tenant.name)")
        }
        if encounter.claimKind == .institutional && tenant.kind != .hospital {
            p.add("encounter.claimKind", "\(tenant.name) is a practice: it bills professional claims, not institutional")
        }
        if encounter.patientID != patient.id { p.add("encounter.patientID", "the encounter is another patient's") }
        if coverage.patientID != patient.id { p.add("coverage.patientID", "the coverage is another patient's") }
        if coverage.payerID != payer.id { p.add("coverage.payerID", "the coverage is with another payer than \(payer.name)") }
        if !coverage.covers(encounter.serviceFrom) || !coverage.covers(encounter.serviceThrough) {
            let through = coverage.effectiveThrough.map { "through \($0)" } ?? "with no end date"
            p.add("coverage.effectiveFrom", "the coverage, from \(coverage.effectiveFrom) \(through), does not cover the dates of service \(encounter.serviceFrom) to \(encounter.serviceThrough)")
        }
        if patient.dateOfBirth > encounter.serviceFrom {
            p.add("patient.dateOfBirth", "the patient was born on \(patient.dateOfBirth), after the date of service \(encounter.serviceFrom)")
        }
        if encounter.renderingProviderID != renderingProvider.id { p.add("renderingProvider.id", "the encounter names another rendering provider") }
        if renderingProvider.kind != .individual { p.add("renderingProvider.kind", "the rendering provider is a person, not an organisation") }
        if encounter.referringProviderID != referringProvider?.id {
            p.add("referringProvider", encounter.referringProviderID == nil ? "the encounter names no referring provider" : "the encounter's referring provider is missing or another one")
        }
        if encounter.supervisingProviderID != supervisingProvider?.id {
            p.add("supervisingProvider", encounter.supervisingProviderID == nil ? "the encounter names no supervising provider" : "the encounter's supervising provider is missing or another one")
        }
        if encounter.facilityID != facility?.id {
            p.add("facility", encounter.facilityID == nil ? "the encounter names no facility" : "the encounter's facility is missing or another one")
        }
        if encounter.priorAuthorizationID != priorAuthorization?.id {
            p.add("priorAuthorization", "the encounter's prior authorization is missing or another one")
        }
        if let auth = priorAuthorization {
            if auth.patientID != patient.id || auth.payerID != payer.id {
                p.add("priorAuthorization", "the authorization is for another patient or payer")
            }
            if !(auth.status == .approved || auth.status == .partiallyApproved) {
                p.add("priorAuthorization.status", "the authorization is \(auth.status.rawValue), not approved")
            }
            if !auth.covers(encounter.serviceFrom) { p.add("priorAuthorization.validThrough", "the authorization does not cover \(encounter.serviceFrom)") }
        }
        if encounter.referralID != referral?.id { p.add("referral", "the encounter's referral is missing or another one") }
        if let referral {
            if referral.patientID != patient.id || referral.payerID != payer.id { p.add("referral", "the referral is for another patient or payer") }
            if !referral.covers(encounter.serviceFrom) { p.add("referral.validThrough", "the referral does not cover \(encounter.serviceFrom)") }
        }
    }
}
