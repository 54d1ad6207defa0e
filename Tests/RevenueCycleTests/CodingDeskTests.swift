import CodeSets
import Foundation
import RevenueCycle
import XCTest

/// The coding desk's rules: which encounters are charts, what the queue filters on, who may claim, release, hand
/// back, code, complete and reopen a chart, and how decisions on suggestions change the encounter.
final class CodingDeskTests: XCTestCase {
    let ann = ClaimActor(userID: Fixture.id(50), displayName: "Ann Coder")
    let bob = ClaimActor(userID: Fixture.id(51), displayName: "Bob Coder")
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    func signed(_ fixture: Fixture = Fixture()) -> Encounter {
        var encounter = fixture.encounter
        encounter.status = .documented
        encounter.diagnoses = []
        return encounter
    }

    func chart(_ encounter: Encounter, _ fixture: Fixture = Fixture()) throws -> CodingWorkItem {
        try XCTUnwrap(CodingDesk.synchronized(nil, encounter: encounter, renderingProvider: fixture.provider, coverages: [fixture.coverage], at: now))
    }

    func testASignedEncounterBecomesAChartWithWhatTheQueueFiltersOn() throws {
        let fixture = Fixture()
        var unsigned = signed()
        unsigned.status = .open
        XCTAssertNil(CodingDesk.synchronized(nil, encounter: unsigned, renderingProvider: fixture.provider, coverages: [fixture.coverage], at: now))
        XCTAssertNil(CodingDesk.synchronized(nil, encounter: fixture.encounter, renderingProvider: fixture.provider, coverages: [fixture.coverage], at: now),
                     "coded without the queue: no chart")

        let item = try chart(signed())
        XCTAssertEqual(item.status, .queued)
        XCTAssertEqual(item.workType, .outpatient)
        XCTAssertEqual(item.priority, .routine)
        XCTAssertEqual(item.specialty, "Family medicine")
        XCTAssertEqual(item.payerID, fixture.payer.id, "the primary coverage in force on the date of service")
        XCTAssertEqual(item.enteredAt, now)
        XCTAssertEqual(item.events.map(\.kind), [.entered])
        XCTAssertEqual(item.ageInDays(on: Fixture.date("2025-11-13")), 10)

        var lapsed = fixture.coverage
        lapsed.effectiveThrough = Fixture.date("2025-10-31")
        XCTAssertNil(CodingDesk.synchronized(nil, encounter: signed(), renderingProvider: nil, coverages: [lapsed], at: now)?.payerID, "self-pay")

        var stay = signed()
        stay.claimKind = .institutional
        stay.placeOfService = nil
        stay.institutionalBillType = "11"
        XCTAssertEqual(CodingWorkType(stay), .inpatient)
        stay.institutionalBillType = "13"
        XCTAssertEqual(CodingWorkType(stay), .outpatient, "hospital outpatient")

        // Reopened for the provider before anyone claimed it: out of the queue; signed again: back in it.
        var reopened = signed()
        reopened.status = .open
        let out = try XCTUnwrap(CodingDesk.synchronized(item, encounter: reopened, renderingProvider: nil, coverages: [], at: now))
        XCTAssertEqual(out.status, .removed)
        let back = try XCTUnwrap(CodingDesk.synchronized(out, encounter: signed(), renderingProvider: nil, coverages: [], at: now))
        XCTAssertEqual(back.status, .queued)
        XCTAssertEqual(back.events.map(\.kind), [.entered, .statusChanged, .statusChanged])

        // The encounter voided later: the chart leaves the queue, and forgets its coder.
        var claimed = try CodingDesk.claim(item, signed(), by: ann, at: now)
        claimed.1.status = .void
        let removed = try XCTUnwrap(CodingDesk.synchronized(claimed.0, encounter: claimed.1, renderingProvider: nil, coverages: [], at: now))
        XCTAssertEqual(removed.status, .removed)
        XCTAssertNil(removed.assignee)
    }

    func testOneCoderAtATimeAndOnlyTheirsToGiveBack() throws {
        let item = try chart(signed())
        let (claimed, inCoding) = try CodingDesk.claim(item, signed(), by: ann, at: now)
        XCTAssertEqual(claimed.status, .inProgress)
        XCTAssertEqual(claimed.assignee, ann)
        XCTAssertEqual(inCoding.status, .inCoding)

        XCTAssertThrowsError(try CodingDesk.claim(claimed, inCoding, by: bob, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "assignee") }
        XCTAssertThrowsError(try CodingDesk.claim(claimed, inCoding, by: ann, at: now), "already hers")
        XCTAssertThrowsError(try CodingDesk.release(claimed, inCoding, by: bob, mayReleaseOthers: false, at: now))
        XCTAssertThrowsError(try CodingDesk.handBack(claimed, inCoding, by: ann, note: "  ", at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "note") }

        let (released, documented) = try CodingDesk.release(claimed, inCoding, by: bob, mayReleaseOthers: true, at: now)
        XCTAssertEqual(released.status, .queued)
        XCTAssertNil(released.assignee)
        XCTAssertEqual(documented.status, .documented)

        let (handed, _) = try CodingDesk.handBack(claimed, inCoding, by: ann, note: "needs the operative report", at: now)
        XCTAssertEqual(handed.handBackNote, "needs the operative report")
        XCTAssertEqual(handed.events.last?.kind, .handedBack)

        // A manager's assignment takes the chart from whoever had it, and the next claim clears the hand-back note.
        let (assigned, _) = try CodingDesk.assign(claimed, inCoding, to: bob, by: ann, at: now)
        XCTAssertEqual(assigned.assignee, bob)
        let (reclaimed, _) = try CodingDesk.claim(handed, documented, by: bob, at: now)
        XCTAssertNil(reclaimed.handBackNote)

        XCTAssertThrowsError(try CodingDesk.prioritize(item, .routine, by: ann, at: now), "routine already")
        XCTAssertEqual(try CodingDesk.prioritize(item, .urgent, by: ann, at: now).priority, .urgent)
    }

    func testCodingCompletingAndReopening() throws {
        let (claimed, inCoding) = try CodingDesk.claim(try chart(signed()), signed(), by: ann, at: now)
        XCTAssertThrowsError(try CodingDesk.code(claimed, inCoding, diagnoses: [DiagnosisCode("I10")], by: bob, at: now), "not Bob's chart")
        XCTAssertThrowsError(try CodingDesk.complete(claimed, inCoding, by: ann, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "diagnoses") }

        let (coded, withCodes) = try CodingDesk.code(claimed, inCoding, diagnoses: [DiagnosisCode("E11.9"), DiagnosisCode("I10")], by: ann, at: now)
        XCTAssertEqual(withCodes.diagnoses.map(\.code), ["E119", "I10"])
        let (done, codedEncounter) = try CodingDesk.complete(coded, withCodes, by: ann, at: now)
        XCTAssertEqual(done.status, .done)
        XCTAssertEqual(done.completedAt, now)
        XCTAssertEqual(codedEncounter.status, .coded)
        XCTAssertThrowsError(try CodingDesk.claim(done, codedEncounter, by: bob, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "status") }

        var billed = codedEncounter
        billed.status = .billed
        XCTAssertThrowsError(try CodingDesk.reopen(done, billed, by: bob, note: "wrong laterality", at: now)) {
            XCTAssertTrue(($0 as? CodingWorkRefusal)?.message.contains("correct the claim") ?? false)
        }
        let (reopened, back) = try CodingDesk.reopen(done, codedEncounter, by: bob, note: "wrong laterality", at: now)
        XCTAssertEqual(reopened.status, .inProgress)
        XCTAssertEqual(reopened.assignee, bob)
        XCTAssertNil(reopened.completedAt)
        XCTAssertEqual(back.status, .inCoding)
    }

    func testServicesArePricedFromTheChargeMasterOnTheDateOfService() throws {
        let fixture = Fixture()
        let (held, encounter) = try CodingDesk.claim(try chart(signed()), signed(), by: ann, at: now)
        let master = FeeSchedule(id: Fixture.id(60), tenantID: fixture.tenant.id, name: "Charge master", purpose: .chargeMaster, entries: [
            FeeScheduleEntry(code: "99213", amount: Money(cents: 15000), effectiveFrom: Fixture.date("2025-01-01")),
            FeeScheduleEntry(code: "99213", amount: Money(cents: 14000), effectiveFrom: Fixture.date("2024-01-01"), effectiveThrough: Fixture.date("2024-12-31")),
            FeeScheduleEntry(code: "71046", amount: Money(cents: 12000), effectiveFrom: Fixture.date("2025-01-01")),
            FeeScheduleEntry(code: "71046", modifier: "26", amount: Money(cents: 4500), effectiveFrom: Fixture.date("2025-01-01")),
            FeeScheduleEntry(code: "J3301", amount: Money(cents: 1200), effectiveFrom: Fixture.date("2025-01-01")),
        ])
        let contract = FeeSchedule(id: Fixture.id(61), tenantID: fixture.tenant.id, name: "Contract", purpose: .contractedRates, payerID: fixture.payer.id,
                                   entries: [FeeScheduleEntry(code: "93000", amount: Money(cents: 2000), effectiveFrom: Fixture.date("2025-01-01"))])
        func charge(_ service: CodedService, by coder: ClaimActor? = nil) throws -> Charge {
            try CodingDesk.charge(for: service, id: Fixture.id(70), held, encounter, chargeMasters: [contract, master], by: coder ?? ann)
        }

        let visit = try charge(CodedService(code: " 99213 ", diagnosisPointers: [1]))
        XCTAssertEqual(visit.procedure, .cpt("99213"))
        XCTAssertEqual(visit.amount, Money(cents: 15000), "the 2025 price on a 2025 date of service")
        XCTAssertEqual(visit.serviceDate, encounter.serviceFrom)
        XCTAssertEqual(visit.encounterID, encounter.id)
        XCTAssertEqual(try charge(CodedService(code: "71046", modifiers: ["26"])).amount, Money(cents: 4500), "the modifier's own price")
        XCTAssertEqual(try charge(CodedService(code: "71046", modifiers: ["76"])).amount, Money(cents: 12000), "no price for 76: the code's")
        let drug = try charge(CodedService(code: "j3301", units: 4))
        XCTAssertEqual(drug.procedure, .hcpcs("J3301"))
        XCTAssertEqual(drug.amount, Money(cents: 4800), "four units")

        XCTAssertThrowsError(try charge(CodedService(code: "93000"))) {
            XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code")
            XCTAssertTrue(($0 as? CodingWorkRefusal)?.message.contains("charge master has no price") ?? false, "a contract is not a charge master")
        }
        XCTAssertThrowsError(try charge(CodedService(code: "99213", serviceDate: Fixture.date("2023-06-01")))) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code") }
        XCTAssertThrowsError(try charge(CodedService(code: "9921"))) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code") }
        XCTAssertThrowsError(try charge(CodedService(code: ""))) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code") }
        XCTAssertThrowsError(try charge(CodedService(code: "99213", units: 0))) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "units") }
        XCTAssertThrowsError(try charge(CodedService(code: "99213"), by: bob)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "assignee") }
        XCTAssertThrowsError(try CodingDesk.checkMayRemoveService(held, by: bob))
        XCTAssertNoThrow(try CodingDesk.checkMayRemoveService(held, by: ann))
    }

    func testICD10PCSProceduresBelongToInstitutionalChartsAndTheirClaims() throws {
        let fixture = Fixture()
        let (held, office) = try CodingDesk.claim(try chart(signed()), signed(), by: ann, at: now)
        XCTAssertThrowsError(try CodingDesk.code(held, office, diagnoses: [DiagnosisCode("K35.80")], procedureCodes: [.icd10pcs("0DTJ4ZZ")], by: ann, at: now)) {
            XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "procedureCodes")
        }
        var stay = signed()
        stay.claimKind = .institutional
        stay.placeOfService = nil
        stay.institutionalBillType = "11"
        let (heldStay, inCoding) = try CodingDesk.claim(try chart(stay), stay, by: ann, at: now)
        let (coded, withProcedures) = try CodingDesk.code(heldStay, inCoding, diagnoses: [DiagnosisCode("K35.80")], procedureCodes: [.icd10pcs("0DTJ4ZZ")], by: ann, at: now)
        XCTAssertEqual(withProcedures.procedureCodes, [.icd10pcs("0DTJ4ZZ")])
        XCTAssertTrue(coded.events.last?.note?.contains("ICD-10-PCS 0DTJ4ZZ") ?? false)
        let (_, kept) = try CodingDesk.code(coded, withProcedures, diagnoses: [DiagnosisCode("K35.80")], by: ann, at: now)
        XCTAssertEqual(kept.procedureCodes, [.icd10pcs("0DTJ4ZZ")], "left as they are when not given")

        var checked = withProcedures
        checked.procedureCodes = [.icd10pcs("0DTJ4ZZ"), .icd10pcs("0DTJ4ZZ"), .cpt("44970"), .icd10pcs("0DTJ4Z")]
        let problems = checked.validate()
        XCTAssertProblem(problems, "procedureCodes[1]", "listed twice")
        XCTAssertProblem(problems, "procedureCodes[2]", "expected an ICD-10-PCS code")
        XCTAssertProblem(problems, "procedureCodes[3]", "7 characters")
        var professional = office
        professional.procedureCodes = [.icd10pcs("0DTJ4ZZ")]
        XCTAssertProblem(professional.validate(), "procedureCodes", "institutional encounters only")

        // The claim carries the encounter's procedures first, then any a charge carries, each once.
        var f = fixture
        f.tenant.kind = .hospital
        f.encounter = withProcedures
        f.encounter.status = .coded
        f.charges = [Charge(id: Fixture.id(80), tenantID: f.tenant.id, encounterID: f.encounter.id, procedure: .icd10pcs("0DTJ4ZZ"), amount: Money(cents: 0),
                            diagnosisPointers: [], serviceDate: f.encounter.serviceFrom, revenueCode: "0360"),
                     Charge(id: Fixture.id(81), tenantID: f.tenant.id, encounterID: f.encounter.id, procedure: .icd10pcs("0DJ08ZZ"), amount: Money(cents: 0),
                            diagnosisPointers: [], serviceDate: f.encounter.serviceFrom, revenueCode: "0360")]
        XCTAssertEqual(try f.claim().procedureCodes, [.icd10pcs("0DTJ4ZZ"), .icd10pcs("0DJ08ZZ")])

        // Encounters stored before procedures existed read back with none.
        let encoder = JSONEncoder()
        var older = try XCTUnwrap(JSONSerialization.jsonObject(with: try encoder.encode(fixture.encounter)) as? [String: Any])
        XCTAssertNotNil(older.removeValue(forKey: "procedureCodes"))
        let decoded = try JSONDecoder().decode(Encounter.self, from: try JSONSerialization.data(withJSONObject: older))
        XCTAssertEqual(decoded, fixture.encounter)
    }

    func testDecisionsOnSuggestionsPutTheCodeOnTheEncounter() throws {
        let (item, encounter) = try CodingDesk.claim(try chart(signed()), signed(), by: ann, at: now)
        let (accepted, withCode) = try SuggestionDecision.decide(item, encounter, suggestionID: "I10@20-32", suggestedCode: "I10", outcome: .accepted,
                                                                 editedCode: nil, reason: nil, by: ann, at: now)
        XCTAssertEqual(accepted.finalCode, "I10")
        XCTAssertEqual(withCode.diagnoses.map(\.code), ["I10"])
        // Deciding the same suggestion again replaces the decision (same id) and adds no code twice.
        let (again, same) = try SuggestionDecision.decide(item, withCode, suggestionID: "I10@20-32", suggestedCode: "I10", outcome: .accepted,
                                                          editedCode: nil, reason: nil, by: ann, at: now)
        XCTAssertEqual(again.id, accepted.id)
        XCTAssertEqual(same.diagnoses.count, 1)

        let (edited, more) = try SuggestionDecision.decide(item, withCode, suggestionID: "E11.9@40-55", suggestedCode: "E11.9", outcome: .edited,
                                                           editedCode: "e11.65", reason: "hyperglycemia documented", by: ann, at: now)
        XCTAssertEqual(edited.finalCode, "E1165")
        XCTAssertEqual(more.diagnoses.map(\.code), ["I10", "E1165"])
        XCTAssertThrowsError(try SuggestionDecision.decide(item, withCode, suggestionID: "E11.9@40-55", suggestedCode: "E11.9", outcome: .edited,
                                                           editedCode: "E11.9", reason: nil, by: ann, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code") }
        XCTAssertThrowsError(try SuggestionDecision.decide(item, withCode, suggestionID: "E11.9@40-55", suggestedCode: "E11.9", outcome: .edited,
                                                           editedCode: "not a code", reason: nil, by: ann, at: now))
        XCTAssertThrowsError(try SuggestionDecision.decide(item, withCode, suggestionID: "R07.9@1-11", suggestedCode: "R07.9", outcome: .rejected,
                                                           editedCode: nil, reason: nil, by: ann, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "reason") }
        let (rejected, unchanged) = try SuggestionDecision.decide(item, withCode, suggestionID: "R07.9@1-11", suggestedCode: "R07.9", outcome: .rejected,
                                                                  editedCode: nil, reason: "denies chest pain", by: ann, at: now)
        XCTAssertNil(rejected.finalCode)
        XCTAssertEqual(unchanged.diagnoses, withCode.diagnoses)
        XCTAssertThrowsError(try SuggestionDecision.decide(item, withCode, suggestionID: "I10@20-32", suggestedCode: "I10", outcome: .accepted,
                                                           editedCode: nil, reason: nil, by: bob, at: now), "only the chart's coder decides")

        // A procedure suggestion puts its ICD-10-PCS code among the procedures, on an institutional chart only.
        XCTAssertThrowsError(try SuggestionDecision.decide(item, withCode, suggestionID: "0DTJ4ZZ@60-90", suggestedCode: "0DTJ4ZZ", outcome: .accepted,
                                                           editedCode: nil, reason: nil, procedure: true, by: ann, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code") }
        var stay = signed()
        stay.claimKind = .institutional
        stay.placeOfService = nil
        stay.institutionalBillType = "11"
        let (stayChart, inCoding) = try CodingDesk.claim(try chart(stay), stay, by: ann, at: now)
        let (procedure, withProcedure) = try SuggestionDecision.decide(stayChart, inCoding, suggestionID: "0DTJ4ZZ@60-90", suggestedCode: "0DTJ4ZZ", outcome: .accepted,
                                                                       editedCode: nil, reason: nil, procedure: true, by: ann, at: now)
        XCTAssertEqual(procedure.finalCode, "0DTJ4ZZ")
        XCTAssertEqual(withProcedure.procedureCodes, [.icd10pcs("0DTJ4ZZ")])
        XCTAssertTrue(withProcedure.diagnoses.isEmpty)
        let (openInstead, changed) = try SuggestionDecision.decide(stayChart, withProcedure, suggestionID: "0DTJ4ZZ@60-90", suggestedCode: "0DTJ4ZZ", outcome: .edited,
                                                                   editedCode: "0dtj0zz", reason: "converted to open", procedure: true, by: ann, at: now)
        XCTAssertEqual(openInstead.finalCode, "0DTJ0ZZ")
        XCTAssertEqual(changed.procedureCodes, [.icd10pcs("0DTJ4ZZ"), .icd10pcs("0DTJ0ZZ")])
        XCTAssertThrowsError(try SuggestionDecision.decide(stayChart, withProcedure, suggestionID: "0DTJ4ZZ@60-90", suggestedCode: "0DTJ4ZZ", outcome: .edited,
                                                           editedCode: "0DTJ4Z", reason: nil, procedure: true, by: ann, at: now)) { XCTAssertEqual(($0 as? CodingWorkRefusal)?.field, "code") }

        let bobs = SuggestionDecision(tenantID: item.tenantID, encounterID: item.id, suggestionID: "J06.9@0-5", suggestedCode: "J069", outcome: .accepted,
                                      finalCode: "J069", reason: nil, coder: bob, decidedAt: now)
        let summary = SuggestionAcceptance.summarize([accepted, edited, rejected, bobs])
        XCTAssertEqual(summary.total.decided, 4)
        XCTAssertEqual(summary.total.acceptancePerMille, 500)
        XCTAssertEqual(summary.total.usefulPerMille, 750)
        XCTAssertEqual(summary.byCoder.map { $0.coder?.displayName }, ["Ann Coder", "Bob Coder"])
        XCTAssertEqual(summary.byCoder[0].acceptancePerMille, 333, "1 of 3, rounded")
        XCTAssertNil(SuggestionAcceptance(coder: nil, accepted: 0, edited: 0, rejected: 0).acceptancePerMille)
    }
}
