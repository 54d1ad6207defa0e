import CodeSets
import Foundation

/// A demo sign-in. These are published demo credentials, not secrets: each password is
/// `revcycle-demo-<role>-<practice>` with the role in lower case (`revcycle-demo-biller-maplegrove`,
/// `revcycle-demo-frontdesk-lakeview`), and the email is `<role>@<practice>.revcycle.test` (`.test` is reserved and
/// never delivers mail); the practices are `maplegrove` and `lakeview`, and the hospital (`northside`) has a biller
/// only. The billing company's administrator signs in
/// as `admin@prairierevenue.revcycle.test` with `revcycle-demo-administrator-prairierevenue`.
public struct DemoUser: Hashable, Codable, Sendable {
    public var email: String
    public var password: String
    public var displayName: String
    /// The practice the user works for; nil for the billing company's administrator, who manages every tenant.
    public var tenantName: String?
    public var role: Role

    public init(email: String, password: String, displayName: String, tenantName: String?, role: Role) {
        self.email = email; self.password = password; self.displayName = displayName; self.tenantName = tenantName; self.role = role
    }

    public func validate() -> [FieldProblem] {
        var p = Problems()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || email.contains(" ") {
            p.add("email", "expected an email address such as coder@maplegrove.revcycle.test; got \"\(email)\"")
        }
        if password.count < 20 { p.add("password", "a demo password is at least 20 characters; got \(password.count)") }
        p.text(displayName, "displayName", maximumLength: 100, what: "the display name")
        if tenantName == nil && role != .administrator { p.add("role", "only the billing company's administrator works across tenants") }
        return p.list
    }
}

/// The demo data set: everything `DemoSeed.generate` makes, as values.
public struct DemoDataSet: Hashable, Sendable {
    public var billingCompanyName: String
    public var tenants: [Tenant] = []
    public var facilities: [Facility] = []
    public var providers: [Provider] = []
    public var payers: [Payer] = []
    public var feeSchedules: [FeeSchedule] = []
    public var patients: [Patient] = []
    public var coverages: [Coverage] = []
    public var referrals: [Referral] = []
    public var priorAuthorizations: [PriorAuthorization] = []
    public var encounters: [Encounter] = []
    public var charges: [Charge] = []
    public var claims: [Claim] = []
    public var users: [DemoUser] = []

    /// Every record's own `validate()`, under its collection and index (`patients[3].address.postalCode`), plus
    /// each claim's ledger check; empty when the whole set is sound.
    public func validate() -> [FieldProblem] {
        var p = Problems()
        func check<T>(_ name: String, _ items: [T], _ validate: (T) -> [FieldProblem]) {
            for (i, item) in items.enumerated() { p.add(contentsOf: validate(item), under: "\(name)[\(i)]") }
        }
        check("tenants", tenants) { $0.validate() }
        check("facilities", facilities) { $0.validate() }
        check("providers", providers) { $0.validate() }
        check("payers", payers) { $0.validate() }
        check("feeSchedules", feeSchedules) { $0.validate() }
        check("patients", patients) { $0.validate() }
        check("coverages", coverages) { $0.validate() }
        check("referrals", referrals) { $0.validate() }
        check("priorAuthorizations", priorAuthorizations) { $0.validate() }
        check("encounters", encounters) { $0.validate() }
        let encountersByID = Dictionary(encounters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        check("charges", charges) { charge in
            guard let encounter = encountersByID[charge.encounterID] else {
                return [FieldProblem(field: "encounterID", message: "no encounter \(charge.encounterID) in the data set")]
            }
            return charge.validate(in: encounter)
        }
        check("claims", claims) { $0.validate() }
        check("users", users) { $0.validate() }
        return p.list
    }
}

/// Why the demo data could not be generated (a mistake in the generator, reported rather than trapped).
public struct DemoSeedError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The deterministic demo data set: a billing company serving two practices, their providers (valid NPIs, real
/// NUCC taxonomy codes), payers (Medicare, Medicaid, two commercial plans), patients with coverage (some with a
/// secondary plan), encounters in every coding status, claims in every `ClaimStatus` reached through the state
/// machine (so their histories and ledgers are real), fee schedules, and a demo user for each role in each practice;
/// and a hospital with one institutional (UB-04) claim. The same seed always gives the same data.
public enum DemoSeed {
    public static let defaultSeed: UInt64 = 0x5EED_2025
    public static let billingCompanyName = "Prairie Revenue Partners"
    /// The day the demonstration's books stand at: its services are from September and October 2025, so a server
    /// running the demo judges filing deadlines on this day, not on the real one (which would make every demo claim late).
    public static let today = ServiceDate(year: 2025, month: 11, day: 10)!

    public static func generate(seed: UInt64 = defaultSeed) throws(DemoSeedError) -> DemoDataSet {
        var generator = DemoGenerator(seed: seed)
        return try generator.make()
    }
}

/// The generator behind `DemoSeed.generate`.
private struct DemoGenerator {
    var rng: SeededGenerator
    var data = DemoDataSet(billingCompanyName: DemoSeed.billingCompanyName)

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// One practice's fixed facts.
    struct PracticePlan {
        var name: String
        var slug: String
        var taxID: String
        var street: String
        var city: String
        /// ZIP+4: the billing provider's address carries all nine digits (837 loop 2010AA).
        var zip: String
        var areaCode: String
        var towns: [(city: String, zip: String)]
        var accountPrefix: String
        /// (name, specialty, taxonomy)
        var providers: [(PersonName, String, String)]
        var facilities: [(name: String, street: String, city: String, zip: String)]
        var visits: [VisitPlan]
    }

    /// A kind of visit: diagnoses, services, where, and which of the practice's providers gives it.
    struct VisitPlan {
        var diagnoses: [String]
        var services: [ServicePlan]
        var placeOfService: String
        var providerIndex: Int
        var facilityIndex: Int?
        var needsPriorAuthorization = false
        var needsReferral = false
        /// The ages the visit's codes are for (a preventive visit's code depends on the patient's age).
        var patientAges: ClosedRange<Int>?
        var note: String
    }

    /// The patient at `start` in the rotation, or the next one whose age on the date fits the visit.
    static func patient(for visit: VisitPlan, _ patients: [Patient], from start: Int, on date: ServiceDate) -> Patient {
        let rotation = (0..<patients.count).map { patients[(start + $0) % patients.count] }
        guard let ages = visit.patientAges else { return rotation[0] }
        return rotation.first { ages.contains($0.dateOfBirth.age(on: date)) } ?? rotation[0]
    }

    struct ServicePlan {
        var code: ProcedureCode
        var modifiers: [String] = []
        var units = 1
        var pointers: [Int]
        var drug: (ndc: String, unit: DrugDetail.Unit, quantity: String)?
    }

    static let practices: [PracticePlan] = [
        PracticePlan(
            name: "Maple Grove Family Medicine", slug: "maplegrove", taxID: "36-4829175", street: "1200 Maple Avenue",
            city: "Naperville", zip: "60540-4611", areaCode: "630",
            towns: [("Naperville", "60540"), ("Aurora", "60504"), ("Lisle", "60532"), ("Warrenville", "60555")], accountPrefix: "MG",
            providers: [
                (PersonName(last: "Marsh", first: "Elena", middle: "R"), "Family medicine", "207Q00000X"),
                (PersonName(last: "Okafor", first: "Samuel"), "Internal medicine", "207R00000X"),
                (PersonName(last: "Lindqvist", first: "Grace"), "Family nurse practitioner", "363LF0000X"),
            ],
            facilities: [("Maple Grove Family Medicine", "1200 Maple Avenue", "Naperville", "60540")],
            visits: [
                VisitPlan(diagnoses: ["I10", "E11.9"], services: [
                    ServicePlan(code: .cpt("99213"), pointers: [1, 2]), ServicePlan(code: .cpt("36415"), pointers: [2]),
                ], placeOfService: "11", providerIndex: 0, facilityIndex: 0,
                note: "Follow-up of hypertension and type 2 diabetes. BP 138/86. A1c drawn today. Continue lisinopril and metformin."),
                VisitPlan(diagnoses: ["E11.65", "I10", "E78.5"], services: [ServicePlan(code: .cpt("99214"), pointers: [1, 2, 3])],
                          placeOfService: "11", providerIndex: 1, facilityIndex: 0,
                          note: "Diabetes with hyperglycemia, A1c 8.9. Start empagliflozin; statin adherence reviewed. Moderate complexity."),
                VisitPlan(diagnoses: ["J06.9"], services: [ServicePlan(code: .cpt("99213"), pointers: [1])],
                          placeOfService: "11", providerIndex: 2, facilityIndex: 0,
                          note: "Three days of sore throat and congestion, afebrile. Viral upper respiratory infection; supportive care."),
                VisitPlan(diagnoses: ["Z23", "I10"], services: [
                    ServicePlan(code: .cpt("99213"), modifiers: ["25"], pointers: [2]), ServicePlan(code: .cpt("90471"), pointers: [1]),
                    ServicePlan(code: .cpt("90686"), pointers: [1]),
                ], placeOfService: "11", providerIndex: 0, facilityIndex: 0,
                note: "Blood pressure follow-up, separately documented; influenza vaccine given in the left deltoid."),
                VisitPlan(diagnoses: ["Z00.00"], services: [ServicePlan(code: .cpt("99396"), pointers: [1])],
                          placeOfService: "11", providerIndex: 1, facilityIndex: 0, patientAges: 40...64,
                          note: "Annual preventive examination, established patient, 40-64. No abnormal findings."),
            ]),
        PracticePlan(
            name: "Lakeview Heart & Orthopaedic Associates", slug: "lakeview", taxID: "36-5081243", street: "2950 North Lakeview Avenue",
            city: "Chicago", zip: "60657-5608", areaCode: "773",
            towns: [("Chicago", "60657"), ("Chicago", "60614"), ("Chicago", "60613"), ("Evanston", "60201")], accountPrefix: "LV",
            providers: [
                (PersonName(last: "Raman", first: "Priya"), "Cardiology", "207RC0000X"),
                (PersonName(last: "Bell", first: "Marcus", suffix: "Jr"), "Orthopaedic surgery", "207X00000X"),
                (PersonName(last: "Cho", first: "Hannah"), "Diagnostic radiology", "2085R0202X"),
                // The referring family physician, kept as this practice's record of her.
                (PersonName(last: "Marsh", first: "Elena", middle: "R"), "Family medicine (referring)", "207Q00000X"),
            ],
            facilities: [
                ("Lakeview Heart & Orthopaedic Associates", "2950 North Lakeview Avenue", "Chicago", "60657"),
                ("Lakeview Imaging Center", "2960 North Lakeview Avenue", "Chicago", "60657"),
                ("Lincoln Park Surgery Center", "1800 North Clybourn Avenue", "Chicago", "60614"),
                ("Northside Community Hospital", "4000 North Broadway", "Chicago", "60613"),
            ],
            visits: [
                VisitPlan(diagnoses: ["R07.9", "I10"], services: [
                    ServicePlan(code: .cpt("99204"), pointers: [1, 2]), ServicePlan(code: .cpt("93000"), pointers: [1]),
                ], placeOfService: "11", providerIndex: 0, facilityIndex: 0, needsReferral: true,
                note: "New patient referred for exertional chest pain. ECG: sinus rhythm, no acute changes. Stress test planned."),
                VisitPlan(diagnoses: ["I48.91"], services: [
                    ServicePlan(code: .cpt("99214"), pointers: [1]), ServicePlan(code: .cpt("93000"), pointers: [1]),
                ], placeOfService: "11", providerIndex: 0, facilityIndex: 0,
                note: "Atrial fibrillation follow-up; rate controlled on metoprolol, anticoagulation continued. ECG today."),
                VisitPlan(diagnoses: ["I35.0", "R00.2"], services: [ServicePlan(code: .cpt("93306"), pointers: [1, 2])],
                          placeOfService: "11", providerIndex: 0, facilityIndex: 1,
                          note: "Transthoracic echocardiogram with Doppler: moderate aortic stenosis, preserved ejection fraction."),
                VisitPlan(diagnoses: ["M17.11"], services: [
                    ServicePlan(code: .cpt("99203"), modifiers: ["25"], pointers: [1]), ServicePlan(code: .cpt("73562"), modifiers: ["RT"], pointers: [1]),
                ], placeOfService: "11", providerIndex: 1, facilityIndex: 0,
                note: "New patient with right knee pain for two years. Radiographs: medial joint space narrowing, osteophytes."),
                VisitPlan(diagnoses: ["M17.11"], services: [
                    ServicePlan(code: .cpt("20610"), modifiers: ["RT"], pointers: [1]),
                    ServicePlan(code: .hcpcs("J3301"), units: 4, pointers: [1], drug: ("00003-0293-05", .milligram, "40")),
                ], placeOfService: "11", providerIndex: 1, facilityIndex: 0,
                note: "Right knee injection with triamcinolone acetonide 40 mg after sterile preparation; tolerated well."),
                VisitPlan(diagnoses: ["S83.241A", "M25.561"], services: [ServicePlan(code: .cpt("29881"), modifiers: ["RT"], pointers: [1, 2])],
                          placeOfService: "24", providerIndex: 1, facilityIndex: 2, needsPriorAuthorization: true,
                          note: "Right knee arthroscopy with partial medial meniscectomy for an acute medial meniscus tear."),
                VisitPlan(diagnoses: ["R05.9"], services: [ServicePlan(code: .cpt("71046"), modifiers: ["26"], pointers: [1])],
                          placeOfService: "22", providerIndex: 2, facilityIndex: 3,
                          note: "Chest radiographs, two views, read for the hospital's outpatient department: no acute disease."),
                VisitPlan(diagnoses: ["M25.561"], services: [ServicePlan(code: .cpt("73721"), modifiers: ["RT"], pointers: [1])],
                          placeOfService: "11", providerIndex: 2, facilityIndex: 1, needsPriorAuthorization: true,
                          note: "MRI of the right knee without contrast: horizontal tear of the posterior horn of the medial meniscus."),
            ]),
    ]

    /// Charge master prices (per unit) for 2025, with 2024 prices for some codes to show effective dates.
    static let prices: [(code: String, modifier: String?, dollars: String, priorYear: String?)] = [
        ("99203", nil, "185.00", nil), ("99204", nil, "275.00", "260.00"), ("99213", nil, "150.00", "140.00"),
        ("99214", nil, "225.00", "210.00"), ("99396", nil, "260.00", nil), ("36415", nil, "25.00", nil), ("90471", nil, "35.00", nil),
        ("90686", nil, "42.00", nil), ("93000", nil, "85.00", nil), ("93306", nil, "650.00", nil), ("93306", "26", "210.00", nil),
        ("73562", nil, "145.00", nil), ("20610", nil, "210.00", nil), ("J3301", nil, "12.00", nil), ("29881", nil, "4200.00", nil),
        ("71046", nil, "120.00", nil), ("71046", "26", "45.00", nil), ("71046", "TC", "75.00", nil),
        ("73721", nil, "1450.00", nil), ("73721", "26", "210.00", nil), ("73721", "TC", "1240.00", nil),
    ]

    /// How each claim status is reached from draft. Posting steps make the ledger match the status.
    enum Step {
        case move(ClaimStatus, String, SourceDocumentReference?)
        case payInFull
        case payFirstLineOnly
        case writeOffBalance
    }

    static func path(to status: ClaimStatus) -> [Step] {
        let submitted: [Step] = [
            .move(.ready, "claim edits passed", nil), .move(.batched, "added to the daily 837P batch", nil),
            .move(.submitted, "batch sent to the clearinghouse", SourceDocumentReference(kind: "837P", reference: "batch file")),
        ]
        let accepted = submitted + [.move(.accepted, "999 accepted", SourceDocumentReference(kind: "999", reference: "functional acknowledgment"))]
        let acknowledged = accepted + [.move(.acknowledged, "277CA: accepted for adjudication (A2:20)", SourceDocumentReference(kind: "277CA", reference: "claim acknowledgment"))]
        let rejected = submitted + [.move(.rejected, "999 rejected: subscriber member id invalid", SourceDocumentReference(kind: "999", reference: "functional acknowledgment"))]
        let pending = acknowledged + [.move(.pending, "277: pended, medical records requested", SourceDocumentReference(kind: "277", reference: "claim status"))]
        let paid = pending + [.payInFull, .move(.paid, "835 paid per contract", SourceDocumentReference(kind: "835", reference: "remittance"))]
        let denied = acknowledged + [.move(.denied, "835 denied: CARC 197, precertification absent", SourceDocumentReference(kind: "835", reference: "remittance"))]
        switch status {
        case .draft: return []
        case .ready: return Array(submitted.prefix(1))
        case .held: return [.move(.held, "waiting for the referring provider's NPI", nil)]
        case .batched: return Array(submitted.prefix(2))
        case .submitted: return submitted
        case .accepted: return accepted
        case .rejected: return rejected
        case .acknowledged: return acknowledged
        case .pending: return pending
        case .paid: return paid
        case .partiallyPaid:
            return acknowledged + [.payFirstLineOnly, .move(.partiallyPaid, "835 paid line 1; line 2 pending review", SourceDocumentReference(kind: "835", reference: "remittance"))]
        case .denied: return denied
        case .appealed: return denied + [.move(.appealed, "first-level appeal sent with the authorization on file", SourceDocumentReference(kind: "appeal letter", reference: "appeal 1"))]
        case .corrected: return rejected + [.move(.corrected, "member id corrected from the card on file", nil)]
        case .voided: return [.move(.held, "possible duplicate of another claim", nil), .move(.voided, "duplicate claim: voided before submission", nil)]
        case .closed: return paid + [.move(.closed, "insurance balance settled; patient share billed on statement", nil)]
        case .writtenOff: return denied + [.writeOffBalance, .move(.writtenOff, "appeal window passed; balance written off", nil)]
        }
    }

    mutating func make() throws(DemoSeedError) -> DemoDataSet {
        for (index, plan) in DemoGenerator.practices.enumerated() {
            try makePractice(plan, index: index)
        }
        data.users.append(DemoUser(email: "admin@prairierevenue.revcycle.test", password: "revcycle-demo-administrator-prairierevenue",
                                   displayName: "Dana Whitfield (\(DemoSeed.billingCompanyName))", tenantName: nil, role: .administrator))
        // Last, so that the practices' data stays what it was before the hospital came.
        try makeHospital()
        return data
    }

    /// A hospital that bills its facility charges on the UB-04 (837I): one outpatient emergency visit, with revenue
    /// codes on every line and type of bill 131, submitted; and a biller who works there.
    mutating func makeHospital() throws(DemoSeedError) {
        let name = "Northside Community Hospital", street = "4000 North Broadway", zip = "60613-3604"
        let address = Address(lines: [street], city: "Chicago", state: "IL", postalCode: zip)
        let tenant = Tenant(id: rng.uuid(), name: name, kind: .hospital, billingNPI: try npi(), taxID: TaxID("36-2170844"), address: address,
                            billingPhone: "773-555-0140")
        data.tenants.append(tenant)
        let facility = Facility(id: rng.uuid(), tenantID: tenant.id, name: name, npi: tenant.billingNPI, address: address)
        let attending = Provider(id: rng.uuid(), tenantID: tenant.id, kind: .individual, personName: PersonName(last: "Adeyemi", first: "Tunde"),
                                 npi: try npi(), taxonomy: Taxonomy("207P00000X"), specialty: "Emergency medicine")
        let payer = Payer(id: rng.uuid(), tenantID: tenant.id, name: "Blue Horizon Health Plan", electronicID: PayerID("BHHP1"),
                          claimFilingIndicator: .commercialInsurance, timelyFilingDays: 90, appealDays: 180)
        data.facilities.append(facility)
        data.providers.append(attending)
        data.payers.append(payer)
        // (revenue code, HCPCS, facility charge): the emergency room, an ECG tracing, chest radiographs, a blood draw.
        let services: [(revenueCode: String, code: String, dollars: String)] = [
            ("0450", "99284", "1180.00"), ("0730", "93005", "240.00"), ("0324", "71046", "410.00"), ("0300", "36415", "38.00"),
        ]
        var entries: [FeeScheduleEntry] = []
        for service in services {
            guard let amount = Money(dollars: service.dollars) else { throw DemoSeedError(message: "bad demo price \(service.dollars)") }
            entries.append(FeeScheduleEntry(code: service.code, amount: amount, effectiveFrom: try DemoGenerator.date(2025, 1, 1)))
        }
        let chargeMaster = FeeSchedule(id: rng.uuid(), tenantID: tenant.id, name: "\(name) charge master", purpose: .chargeMaster, entries: entries)
        data.feeSchedules.append(chargeMaster)
        let patient = Patient(id: rng.uuid(), tenantID: tenant.id, name: PersonName(last: "Kowalski", first: "Anna"),
                              dateOfBirth: try DemoGenerator.date(1971, 6, 14), sex: .female,
                              address: Address(lines: ["\(rng.int(in: 100...9899)) Sheridan Road"], city: "Chicago", state: "IL", postalCode: "60613"),
                              phone: phone("773"), accountNumber: "NS000101", guarantor: .patient)
        let coverage = Coverage(id: rng.uuid(), tenantID: tenant.id, patientID: patient.id, payerID: payer.id, order: .primary, subscriber: .patient,
                                relationship: .oneself, memberID: memberID(for: payer), groupNumber: "GRP\(rng.digits(5))",
                                effectiveFrom: try DemoGenerator.date(2024, 1, 1))
        data.patients.append(patient)
        data.coverages.append(coverage)
        let serviceDate = try DemoGenerator.date(2025, 10, 3)
        var encounter = Encounter(
            id: rng.uuid(), tenantID: tenant.id, patientID: patient.id, claimKind: .institutional, serviceFrom: serviceDate, serviceThrough: serviceDate,
            institutionalBillType: "13", renderingProviderID: attending.id, facilityID: facility.id,
            note: "Emergency department visit for chest pain at rest. ECG: sinus rhythm, no ischemic changes. Chest radiographs clear. Troponin negative twice; discharged home.",
            diagnoses: ["R07.9", "I10"].map(DiagnosisCode.init), status: .coded)
        var charges: [Charge] = []
        for service in services {
            guard let amount = chargeMaster.price(code: service.code, modifiers: [], units: 1, on: serviceDate) else {
                throw DemoSeedError(message: "the hospital's charge master has no price for \(service.code)")
            }
            charges.append(Charge(id: rng.uuid(), tenantID: tenant.id, encounterID: encounter.id, procedure: .cpt(service.code), modifiers: [],
                                  units: 1, amount: amount, diagnosisPointers: [], serviceDate: serviceDate, revenueCode: service.revenueCode))
        }
        var claim: Claim
        do {
            claim = try ClaimBuilder(tenant: tenant, encounter: encounter, charges: charges, patient: patient, coverage: coverage, payer: payer,
                                     renderingProvider: attending, facility: facility).build(claimID: rng.uuid())
            var at = Date(timeIntervalSince1970: TimeInterval((serviceDate.daysSinceEpoch + 1) * 86_400 + 9 * 3_600))
            let biller = ClaimActor(userID: rng.uuid(), displayName: "Demo Biller (\(name))")
            let steps: [(ClaimStatus, String, SourceDocumentReference?)] = [
                (.ready, "claim edits passed", nil), (.batched, "added to the daily 837I batch", nil),
                (.submitted, "batch sent to the clearinghouse", SourceDocumentReference(kind: "837I", reference: "batch file")),
            ]
            for (to, reason, source) in steps {
                try claim.transition(to: to, actor: biller, at: at, reason: reason, source: source)
                at += 36 * 3_600
            }
        } catch {
            throw DemoSeedError(message: "the hospital's demo claim was refused: \(error)")
        }
        encounter.status = .billed
        data.encounters.append(encounter)
        data.charges += charges
        data.claims.append(claim)
        data.users.append(DemoUser(email: "biller@northside.revcycle.test", password: "revcycle-demo-biller-northside",
                                   displayName: "Rosa Delgado (Biller)", tenantName: name, role: .biller))
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) throws(DemoSeedError) -> ServiceDate {
        guard let d = ServiceDate(year: year, month: month, day: day) else { throw DemoSeedError(message: "invalid demo date \(year)-\(month)-\(day)") }
        return d
    }

    mutating func npi() throws(DemoSeedError) -> NPI {
        guard let npi = NPI.withCheckDigit(firstNine: "1" + rng.digits(8)) else { throw DemoSeedError(message: "could not make an NPI") }
        return npi
    }

    mutating func phone(_ areaCode: String) -> String { "\(areaCode)-555-01\(rng.digits(2))" }

    // swiftlint:disable:next function_body_length
    mutating func makePractice(_ plan: PracticePlan, index: Int) throws(DemoSeedError) {
        let tenant = Tenant(id: rng.uuid(), name: plan.name, kind: .practice, billingNPI: try npi(), taxID: TaxID(plan.taxID),
                            address: Address(lines: [plan.street], city: plan.city, state: "IL", postalCode: plan.zip),
                            billingPhone: "312-555-01\(10 + index)")
        data.tenants.append(tenant)

        var providers: [Provider] = []
        for (name, specialty, taxonomy) in plan.providers {
            providers.append(Provider(id: rng.uuid(), tenantID: tenant.id, kind: .individual, personName: name, npi: try npi(),
                                      taxonomy: Taxonomy(taxonomy), specialty: specialty))
        }
        data.providers += providers
        var facilities: [Facility] = []
        for f in plan.facilities {
            facilities.append(Facility(id: rng.uuid(), tenantID: tenant.id, name: f.name, npi: try npi(),
                                       address: Address(lines: [f.street], city: f.city, state: "IL", postalCode: f.zip)))
        }
        data.facilities += facilities

        let payers = [
            Payer(id: rng.uuid(), tenantID: tenant.id, name: "Medicare Part B (Illinois)", electronicID: PayerID("06102"),
                  claimFilingIndicator: .medicarePartB, address: Address(lines: ["PO Box 6475"], city: "Indianapolis", state: "IN", postalCode: "46206"),
                  timelyFilingDays: 365, appealDays: 120),
            Payer(id: rng.uuid(), tenantID: tenant.id, name: "Illinois Medicaid", electronicID: PayerID("ILMCD"), claimFilingIndicator: .medicaid,
                  address: Address(lines: ["PO Box 19105"], city: "Springfield", state: "IL", postalCode: "62794"), timelyFilingDays: 180, appealDays: 60),
            Payer(id: rng.uuid(), tenantID: tenant.id, name: "Blue Horizon Health Plan", electronicID: PayerID("BHHP1"),
                  claimFilingIndicator: .commercialInsurance, timelyFilingDays: 90, appealDays: 180),
            Payer(id: rng.uuid(), tenantID: tenant.id, name: "Summit Commercial Insurance", electronicID: PayerID("SUMMT"),
                  claimFilingIndicator: .commercialInsurance, timelyFilingDays: 120, appealDays: 180),
        ]
        data.payers += payers
        let (medicare, medicaid, blueHorizon, summit) = (payers[0], payers[1], payers[2], payers[3])

        let chargeMaster = try makeChargeMaster(tenant: tenant)
        data.feeSchedules.append(chargeMaster)
        for payer in [blueHorizon, summit] {
            data.feeSchedules.append(FeeSchedule(
                id: rng.uuid(), tenantID: tenant.id, name: "\(payer.name) contracted rates 2025", purpose: .contractedRates, payerID: payer.id,
                entries: chargeMaster.entries.filter { $0.effectiveThrough == nil }.map { entry in
                    // Contracts here pay 65% of the charge, to the whole dollar.
                    FeeScheduleEntry(code: entry.code, modifier: entry.modifier, amount: Money(cents: entry.amount.cents * 65 / 100 / 100 * 100),
                                     effectiveFrom: entry.effectiveFrom)
                }))
        }

        // Patients and their coverage: (age band, primary payer, relationship to the subscriber, secondary payer).
        enum Age { case child, adult, senior }
        let patientPlans: [(Age, Payer, IndividualRelationship, Payer?)] = [
            (.adult, blueHorizon, .oneself, nil), (.adult, summit, .spouse, nil), (.child, blueHorizon, .child, nil),
            (.senior, medicare, .oneself, nil), (.senior, medicare, .oneself, medicaid), (.adult, medicaid, .oneself, nil),
            (.adult, summit, .oneself, blueHorizon), (.senior, medicare, .oneself, summit), (.adult, medicaid, .oneself, nil),
            (.child, medicaid, .oneself, nil), (.adult, blueHorizon, .oneself, nil), (.senior, medicare, .oneself, nil),
        ]
        let firstNames: [(String, Sex)] = [("Maria", .female), ("James", .male), ("Aisha", .female), ("Robert", .male), ("Linh", .female),
                                           ("Daniel", .male), ("Sofia", .female), ("Michael", .male), ("Fatima", .female), ("Ethan", .male),
                                           ("Grace", .female), ("Luis", .male), ("Olivia", .female), ("Noah", .male)]
        let lastNames = ["Alvarez", "Brennan", "Chowdhury", "Dubois", "Esposito", "Fischer", "Gallagher", "Haddad", "Ivanova", "Jensen",
                         "Kowalski", "Larsen", "Moreno", "Nakamura", "O'Connor", "Petrov", "Quinn", "Rossi", "Sato", "Thompson"]
        let streets = ["Oak Street", "Elm Court", "Prairie Avenue", "Willow Lane", "Cedar Drive", "Birch Road", "Lincoln Avenue", "Sheridan Road"]
        var patients: [Patient] = []
        var primaryCoverage: [UUID: Coverage] = [:]
        for (i, (age, primaryPayer, relationship, secondaryPayer)) in patientPlans.enumerated() {
            let (first, sex) = rng.element(of: firstNames) ?? ("Alex", .unknown)
            let last = rng.element(of: lastNames) ?? "Doe"
            let town = rng.element(of: plan.towns) ?? (plan.city, plan.zip)
            let address = Address(lines: ["\(rng.int(in: 100...9899)) \(rng.element(of: streets) ?? "Main Street")"] + (rng.bool(percent: 25) ? ["Apt \(rng.int(in: 1...40))"] : []),
                                  city: town.city, state: "IL", postalCode: town.zip)
            let birthYear: Int
            switch age {
            case .child: birthYear = rng.int(in: 2012...2019)
            case .adult: birthYear = rng.int(in: 1966...2000)
            case .senior: birthYear = rng.int(in: 1938...1958)
            }
            let dateOfBirth = try DemoGenerator.date(birthYear, rng.int(in: 1...12), rng.int(in: 1...28))
            let parent = PersonName(last: last, first: sex == .female ? "Thomas" : "Karen")
            let parentBirth = try DemoGenerator.date(birthYear - rng.int(in: 25...38), rng.int(in: 1...12), rng.int(in: 1...28))
            let guarantor: Guarantor = age == .child
                ? .otherPerson(ResponsibleParty(name: parent, address: address, phone: phone(plan.areaCode), relationship: .child)) : .patient
            let patient = Patient(id: rng.uuid(), tenantID: tenant.id, name: PersonName(last: last, first: first), dateOfBirth: dateOfBirth, sex: sex,
                                  address: address, phone: phone(plan.areaCode), accountNumber: "\(plan.accountPrefix)\(String(format: "%06d", 1001 + i))",
                                  guarantor: guarantor)
            patients.append(patient)

            func subscriber(for relationship: IndividualRelationship) -> Subscriber {
                switch relationship {
                case .oneself: return .patient
                case .child: return .otherPerson(SubscriberPerson(name: parent, dateOfBirth: parentBirth, sex: sex == .female ? .male : .female, address: address))
                default:
                    return .otherPerson(SubscriberPerson(name: PersonName(last: last, first: sex == .female ? "David" : "Laura"),
                                                         dateOfBirth: parentBirth, sex: sex == .female ? .male : .female, address: address))
                }
            }
            let primary = Coverage(id: rng.uuid(), tenantID: tenant.id, patientID: patient.id, payerID: primaryPayer.id, order: .primary,
                                   subscriber: subscriber(for: relationship), relationship: relationship,
                                   memberID: memberID(for: primaryPayer), groupNumber: primaryPayer.claimFilingIndicator == .commercialInsurance ? "GRP\(rng.digits(5))" : nil,
                                   effectiveFrom: try DemoGenerator.date(2024, 1, 1))
            data.coverages.append(primary)
            primaryCoverage[patient.id] = primary
            if let secondaryPayer {
                // A second commercial plan comes through a spouse; Medicaid and Medigap-style plans are the patient's own.
                let secondaryRelationship: IndividualRelationship = secondaryPayer.id == blueHorizon.id ? .spouse : .oneself
                data.coverages.append(Coverage(
                    id: rng.uuid(), tenantID: tenant.id, patientID: patient.id, payerID: secondaryPayer.id, order: .secondary,
                    subscriber: subscriber(for: secondaryRelationship), relationship: secondaryRelationship, memberID: memberID(for: secondaryPayer),
                    groupNumber: secondaryPayer.claimFilingIndicator == .commercialInsurance ? "GRP\(rng.digits(5))" : nil,
                    effectiveFrom: try DemoGenerator.date(2025, 1, 1), effectiveThrough: try DemoGenerator.date(2025, 12, 31)))
            }
        }
        data.patients += patients

        // Encounters: one per claim status with its claim, then one for each coding status not yet billed.
        let biller = ClaimActor(userID: rng.uuid(), displayName: "Demo Biller (\(plan.name))")
        var visitNumber = 0
        for (n, status) in ClaimStatus.allCases.enumerated() {
            // A partial payment needs a claim with more than one line.
            let visit = status == .partiallyPaid ? plan.visits.first { $0.services.count > 1 } ?? plan.visits[0] : plan.visits[n % plan.visits.count]
            let serviceDate = try DemoGenerator.date(2025, 9, 1).adding(days: 2 * n + index).orThrow("service date")
            let patient = Self.patient(for: visit, patients, from: n * 5 + index, on: serviceDate)
            guard let coverage = primaryCoverage[patient.id], let payer = payers.first(where: { $0.id == coverage.payerID }) else {
                throw DemoSeedError(message: "patient \(patient.accountNumber) has no primary coverage")
            }
            let (encounter, charges) = try makeEncounter(visit, tenant: tenant, patient: patient, payer: payer, providers: providers,
                                                         facilities: facilities, chargeMaster: chargeMaster, serviceDate: serviceDate, status: .coded)
            visitNumber += 1
            var claim: Claim
            do {
                claim = try ClaimBuilder(
                    tenant: tenant, encounter: encounter, charges: charges, patient: patient, coverage: coverage, payer: payer,
                    renderingProvider: providers[visit.providerIndex],
                    referringProvider: encounter.referringProviderID.flatMap { id in providers.first { $0.id == id } },
                    facility: encounter.facilityID.flatMap { id in facilities.first { $0.id == id } },
                    priorAuthorization: encounter.priorAuthorizationID.flatMap { id in data.priorAuthorizations.first { $0.id == id } },
                    referral: encounter.referralID.flatMap { id in data.referrals.first { $0.id == id } }
                ).build(claimID: rng.uuid())
            } catch {
                throw DemoSeedError(message: "demo claim for \(status.rawValue) was refused: \(error)")
            }
            try advance(&claim, to: status, actor: biller, serviceDate: serviceDate, contract: contract(for: payer))
            var billed = encounter
            billed.status = .billed
            data.encounters.append(billed)
            data.charges += charges
            data.claims.append(claim)
        }
        let unbilled: [EncounterStatus] = [.open, .documented, .inCoding, .pendingQuery, .coded, .void]
        for (n, status) in unbilled.enumerated() {
            let visit = plan.visits[(n + 2) % plan.visits.count]
            let serviceDate = try DemoGenerator.date(2025, 10, 20).adding(days: n).orThrow("service date")
            let patient = Self.patient(for: visit, patients, from: n * 7 + 3, on: serviceDate)
            guard let coverage = primaryCoverage[patient.id], let payer = payers.first(where: { $0.id == coverage.payerID }) else {
                throw DemoSeedError(message: "patient \(patient.accountNumber) has no primary coverage")
            }
            var (encounter, charges) = try makeEncounter(visit, tenant: tenant, patient: patient, payer: payer, providers: providers,
                                                         facilities: facilities, chargeMaster: chargeMaster, serviceDate: serviceDate, status: status)
            // Before coding there are no codes yet: the coder's queue shows the note alone.
            if [.open, .documented, .inCoding, .pendingQuery].contains(status) {
                encounter.diagnoses = []
                charges = []
            }
            data.encounters.append(encounter)
            data.charges += charges
        }

        for role in Role.allCases {
            let roleName = role.rawValue.lowercased()
            // The provider who answers queries is the practice's first physician (no draw from the generator, so the
            // rest of the demo stays as it was before providers signed in).
            if role == .provider {
                guard let physician = providers.first(where: { $0.kind == .individual })?.personName else { continue }
                data.users.append(DemoUser(email: "\(roleName)@\(plan.slug).revcycle.test", password: "revcycle-demo-\(roleName)-\(plan.slug)",
                                           displayName: "\(physician.first) \(physician.last) (provider)", tenantName: plan.name, role: role))
                continue
            }
            let person = rng.element(of: firstNames)?.0 ?? "Alex"
            data.users.append(DemoUser(email: "\(roleName)@\(plan.slug).revcycle.test", password: "revcycle-demo-\(roleName)-\(plan.slug)",
                                       displayName: "\(person) \(rng.element(of: lastNames) ?? "Doe") (\(role.rawValue))", tenantName: plan.name, role: role))
        }
    }

    mutating func memberID(for payer: Payer) -> String {
        switch payer.claimFilingIndicator {
        case .medicarePartB:
            // The Medicare Beneficiary Identifier's shape: digit, letter, letter or digit, digit, letter, letter or
            // digit, digit, letter, letter, digit, digit; letters exclude S, L, O, I, B and Z.
            let letters = Array("ACDEFGHJKMNPQRTUVWXY")
            var mbi = ""
            for position in "NLANLANLLNN" {
                let letter = letters[rng.int(in: 0...(letters.count - 1))]
                let digit = Character(String(rng.int(in: position == "N" && mbi.isEmpty ? 1...9 : 0...9)))
                switch position {
                case "L": mbi.append(letter)
                case "A": mbi.append(rng.bool(percent: 50) ? letter : digit)
                default: mbi.append(digit)
                }
            }
            return mbi
        case .medicaid: return "IL" + rng.digits(9)
        default: return String(payer.electronicID.value.prefix(3)) + rng.digits(9)
        }
    }

    mutating func makeChargeMaster(tenant: Tenant) throws(DemoSeedError) -> FeeSchedule {
        var entries: [FeeScheduleEntry] = []
        for price in DemoGenerator.prices {
            guard let amount = Money(dollars: price.dollars) else { throw DemoSeedError(message: "bad demo price \(price.dollars)") }
            entries.append(FeeScheduleEntry(code: price.code, modifier: price.modifier, amount: amount, effectiveFrom: try DemoGenerator.date(2025, 1, 1)))
            if let prior = price.priorYear, let priorAmount = Money(dollars: prior) {
                entries.append(FeeScheduleEntry(code: price.code, modifier: price.modifier, amount: priorAmount,
                                                effectiveFrom: try DemoGenerator.date(2024, 1, 1), effectiveThrough: try DemoGenerator.date(2024, 12, 31)))
            }
        }
        return FeeSchedule(id: rng.uuid(), tenantID: tenant.id, name: "\(tenant.name) charge master", purpose: .chargeMaster, entries: entries)
    }

    /// The share of the charge a payer allows, as a percentage: contracted rates for the commercial plans, and a
    /// demo figure for Medicare and Medicaid (whose real amounts come from their fee schedules).
    func contract(for payer: Payer) -> Int {
        switch payer.claimFilingIndicator {
        case .medicarePartB: 55
        case .medicaid: 45
        default: 65
        }
    }

    mutating func makeEncounter(_ visit: VisitPlan, tenant: Tenant, patient: Patient, payer: Payer, providers: [Provider], facilities: [Facility],
                                chargeMaster: FeeSchedule, serviceDate: ServiceDate, status: EncounterStatus) throws(DemoSeedError) -> (Encounter, [Charge]) {
        let encounterID = rng.uuid()
        var priorAuthorizationID: UUID?
        var referralID: UUID?
        var referringProviderID: UUID?
        if visit.needsPriorAuthorization {
            let auth = PriorAuthorization(id: rng.uuid(), tenantID: tenant.id, patientID: patient.id, payerID: payer.id, number: "PA\(rng.digits(8))",
                                          procedureCodes: visit.services.map(\.code), units: 1,
                                          validFrom: try serviceDate.adding(days: -14).orThrow("authorization start"),
                                          validThrough: try serviceDate.adding(days: 76).orThrow("authorization end"), status: .approved)
            data.priorAuthorizations.append(auth)
            priorAuthorizationID = auth.id
        }
        if visit.needsReferral, let referring = providers.last {
            let referral = Referral(id: rng.uuid(), tenantID: tenant.id, patientID: patient.id, payerID: payer.id, referringProviderID: referring.id,
                                    number: "RF\(rng.digits(7))", validFrom: try serviceDate.adding(days: -10).orThrow("referral start"),
                                    validThrough: try serviceDate.adding(days: 170).orThrow("referral end"), visitsAuthorized: 3, visitsUsed: 1)
            data.referrals.append(referral)
            referralID = referral.id
            referringProviderID = referring.id
        }
        let encounter = Encounter(
            id: encounterID, tenantID: tenant.id, patientID: patient.id, serviceFrom: serviceDate, serviceThrough: serviceDate,
            placeOfService: visit.placeOfService, renderingProviderID: providers[visit.providerIndex].id, referringProviderID: referringProviderID,
            facilityID: visit.facilityIndex.map { facilities[$0].id }, priorAuthorizationID: priorAuthorizationID, referralID: referralID,
            note: visit.note, attachments: visit.needsPriorAuthorization
                ? [AttachmentReference(id: rng.uuid(), title: "Authorization letter", contentType: "application/pdf", storageKey: "demo/\(encounterID.uuidString.lowercased())/authorization.pdf")] : [],
            diagnoses: visit.diagnoses.map(DiagnosisCode.init), status: status)
        var charges: [Charge] = []
        for service in visit.services {
            guard let amount = chargeMaster.price(code: service.code.code, modifiers: service.modifiers, units: service.units, on: serviceDate) else {
                throw DemoSeedError(message: "the demo charge master has no price for \(service.code) on \(serviceDate)")
            }
            let drug = service.drug.flatMap { d in ExactDecimal(d.quantity).map { DrugDetail(ndc: d.ndc, unit: d.unit, quantity: $0) } }
            charges.append(Charge(id: rng.uuid(), tenantID: tenant.id, encounterID: encounterID, procedure: service.code, modifiers: service.modifiers,
                                  units: service.units, amount: amount, diagnosisPointers: service.pointers, serviceDate: serviceDate, drug: drug))
        }
        return (encounter, charges)
    }

    /// Walks the claim through the state machine to `status`, posting the remittance the status implies.
    mutating func advance(_ claim: inout Claim, to status: ClaimStatus, actor: ClaimActor, serviceDate: ServiceDate, contract percent: Int) throws(DemoSeedError) {
        // 09:00 UTC on the day after the date of service, then a day and a half per step.
        var at = Date(timeIntervalSince1970: TimeInterval((serviceDate.daysSinceEpoch + 1) * 86_400 + 9 * 3_600))
        let postedOn = try serviceDate.adding(days: 21).orThrow("posting date")
        func post(_ line: ClaimLine, _ entry: PostingEntry, _ claim: inout Claim, _ rng: inout SeededGenerator) throws(DemoSeedError) {
            do {
                try claim.post(LedgerPosting(id: rng.uuid(), lineNumber: line.lineNumber, entry: entry, postedOn: postedOn, reference: "EFT\(rng.digits(9))"))
            } catch {
                throw DemoSeedError(message: "demo posting refused: \(error)")
            }
        }
        for step in DemoGenerator.path(to: status) {
            switch step {
            case .move(let target, let reason, let source):
                do {
                    try claim.transition(to: target, actor: actor, at: at, reason: reason, source: source)
                } catch {
                    throw DemoSeedError(message: "demo transition refused: \(error)")
                }
                at += 36 * 3_600
            case .payInFull, .payFirstLineOnly:
                let lines = step.isPayFirstLineOnly ? Array(claim.lines.prefix(1)) : claim.lines
                for line in lines {
                    // Allowed = the contract's share; insurance pays 80% of it, the patient owes 20% coinsurance,
                    // and the rest of the charge is the contractual adjustment CO-45.
                    let allowed = line.charge.cents * percent / 100
                    let patientShare = allowed / 5
                    let payment = allowed - patientShare
                    let contractual = line.charge.cents - allowed
                    if contractual > 0 {
                        try post(line, .adjustment(amount: Money(cents: contractual), group: .contractualObligation, reason: "45", against: .insurance), &claim, &rng)
                    }
                    if patientShare > 0 { try post(line, .patientResponsibility(amount: Money(cents: patientShare), reason: "2"), &claim, &rng) }
                    if payment > 0 { try post(line, .payment(amount: Money(cents: payment), by: .insurance), &claim, &rng) }
                }
            case .writeOffBalance:
                for line in claim.lines {
                    let owed = claim.ledger.line(line.lineNumber)?.balance ?? .zero
                    if owed.isPositive {
                        try post(line, .adjustment(amount: owed, group: .contractualObligation, reason: "29", against: .insurance), &claim, &rng)
                    }
                }
            }
        }
    }
}

private extension DemoGenerator.Step {
    var isPayFirstLineOnly: Bool { if case .payFirstLineOnly = self { true } else { false } }
}

private extension Optional {
    func orThrow(_ what: String) throws(DemoSeedError) -> Wrapped {
        guard let value = self else { throw DemoSeedError(message: "demo \(what) is out of range") }
        return value
    }
}

extension DemoDataSet {
    /// A claim with the records it names, as the store would give them (`ClaimRecords.load`); nil when one is missing.
    public func records(of claim: Claim) -> ClaimRecords? {
        func one<T: Identifiable>(_ records: [T], _ id: T.ID?) -> T? { id.flatMap { id in records.first { $0.id == id } } }
        guard let encounter = one(encounters, claim.encounterID), let patient = one(patients, claim.patientID),
              let coverage = one(coverages, claim.coverageID), let payer = one(payers, claim.payerID) else { return nil }
        return ClaimRecords(claim: claim, encounter: encounter, patient: patient, coverage: coverage, payer: payer,
                            renderingProvider: one(providers, claim.renderingProviderID), referringProvider: one(providers, claim.referringProviderID),
                            supervisingProvider: one(providers, claim.supervisingProviderID), facility: one(facilities, claim.facilityID),
                            priorAuthorization: one(priorAuthorizations, encounter.priorAuthorizationID))
    }
}
