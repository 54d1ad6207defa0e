import CodeSets
import Foundation
public import HealthCareX12

/// A claim with the records its 837 names, gathered by the caller (nothing here reads a database).
public struct ClaimRecords: Sendable {
    public var claim: Claim
    public var encounter: Encounter
    public var patient: Patient
    public var coverage: Coverage
    public var payer: Payer
    public var renderingProvider: Provider?
    public var referringProvider: Provider?
    public var supervisingProvider: Provider?
    public var facility: Facility?
    /// The encounter's prior authorization, when it has one.
    public var priorAuthorization: PriorAuthorization?
    /// The patient's other coverages named in the 837's other-payer loops (2320): on a secondary or tertiary claim,
    /// at least those whose payers' decisions it carries (`otherPayerProblems()` checks).
    public var otherCoverages: [OtherCoverageRecords]

    public init(claim: Claim, encounter: Encounter, patient: Patient, coverage: Coverage, payer: Payer, renderingProvider: Provider?,
                referringProvider: Provider? = nil, supervisingProvider: Provider? = nil, facility: Facility? = nil,
                priorAuthorization: PriorAuthorization? = nil, otherCoverages: [OtherCoverageRecords] = []) {
        self.claim = claim; self.encounter = encounter; self.patient = patient; self.coverage = coverage; self.payer = payer
        self.renderingProvider = renderingProvider; self.referringProvider = referringProvider
        self.supervisingProvider = supervisingProvider; self.facility = facility; self.priorAuthorization = priorAuthorization
        self.otherCoverages = otherCoverages
    }
}

/// Who sends a batch (loop 1000A): the submitter's name and the id its receiver knows it by, and whom the receiver
/// calls about it (PER, which needs a phone number).
public struct ClaimSubmitter: Sendable, Equatable {
    public var name: String
    public var id: String
    public var contactName: String
    public var contactPhone: String

    public init(name: String, id: String, contactName: String, contactPhone: String) {
        self.name = name; self.id = id; self.contactName = contactName; self.contactPhone = contactPhone
    }
}

/// Domain claims as 837 transactions: professional claims as 837P (005010X222A1), institutional as 837I
/// (005010X223A2), written by `ClaimWriter`. Codes travel without dots, dates as CCYYMMDD, money in cents.
public enum ClaimInterchange {
    /// One interchange of claims of one kind, to one receiver.
    public static func interchange(_ claims: [ClaimRecords], kind: ClaimKind, submitter: ClaimSubmitter, receiver: HealthCareX12.Party,
                                   parties: InterchangeParties, batchID: String, created: Date,
                                   interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        let t = transaction(claims, kind: kind, submitter: submitter, receiver: receiver, controlNumber: "0001", batchID: batchID, created: created)
        let write = kind == .professional ? ClaimWriter.professional : ClaimWriter.institutional
        return write(t, parties, t.createdDate, t.createdTime, interchangeControlNumber, groupControlNumber)
    }

    public static func transaction(_ claims: [ClaimRecords], kind: ClaimKind, submitter: ClaimSubmitter, receiver: HealthCareX12.Party,
                                   controlNumber: String, batchID: String, created: Date) -> ClaimTransaction {
        let (date, time) = dateAndTime(created)
        return ClaimTransaction(kind: kind == .professional ? "professional" : "institutional", controlNumber: controlNumber, batchID: batchID,
                                createdDate: date, createdTime: time, submitter: HealthCareX12.Party(name: submitter.name, idQualifier: "46", id: submitter.id),
                                submitterContactName: submitter.contactName, submitterContactPhone: PhoneNumber.digits(submitter.contactPhone),
                                receiver: receiver, claims: claims.map(x12Claim))
    }

    /// One claim as the 837 model carries it.
    public static func x12Claim(_ r: ClaimRecords) -> HealthCareX12.Claim {
        let c = r.claim
        let billing = HealthCareX12.Party(name: c.billingProvider.name, idQualifier: "XX", id: c.billingProvider.npi.value,
                                          address: x12Address(c.billingProvider.address))
        let institutional = c.kind == .institutional
        // The type of bill's first two digits are the facility code; the claim's frequency is its third.
        let facilityCode = institutional ? String((c.typeOfBill ?? "").prefix(2)) : c.placeOfService ?? ""
        var claim = HealthCareX12.Claim(
            claimId: c.patientControlNumber, totalChargeCents: c.totalCharge.cents, facilityCode: facilityCode, frequencyCode: c.frequency.rawValue,
            providerSignature: institutional ? "" : "Y", originalClaimNumber: c.payerClaimControlNumber, priorAuthorization: c.priorAuthorizationNumber,
            billingProvider: billing, billingProviderTaxID: c.billingProvider.taxID.value, subscriber: subscriber(r), patient: patient(r),
            payer: HealthCareX12.Party(name: r.payer.name, idQualifier: "PI", id: r.payer.electronicID.value, address: r.payer.address.map(x12Address)),
            diagnoses: diagnoses(r), serviceLines: c.lines.map { line(institutional: institutional, $0) }, otherPayers: otherPayers(r))
        for (n, l) in c.lines.enumerated() { claim.serviceLines[n].adjudications = lineAdjudications(r, l) }
        // Another provider or place is named only when it is not the billing provider (the guides' rule for 2310B/C).
        let rendering = r.renderingProvider.flatMap { $0.npi == c.billingProvider.npi ? nil : $0 }
        if institutional {
            claim.statementPeriod = "\(r.encounter.serviceFrom.x12)-\(r.encounter.serviceThrough.x12)"
            claim.attendingProvider = rendering.map(party)
        } else {
            claim.renderingProvider = rendering.map(party)
            claim.renderingProviderTaxonomy = rendering?.taxonomy.value
            claim.supervisingProvider = r.supervisingProvider.map(party)
        }
        claim.referringProvider = r.referringProvider.map(party)
        if let facility = r.facility, facility.address != c.billingProvider.address {
            claim.serviceFacility = HealthCareX12.Party(name: facility.name, idQualifier: facility.npi == nil ? nil : "XX", id: facility.npi?.value,
                                                        address: x12Address(facility.address))
        }
        return claim
    }

    /// The subscriber (2010BA): the patient, or the person who holds the policy. Demographics only when it is the
    /// patient; otherwise the patient has a 2000C loop of their own.
    static func subscriber(_ r: ClaimRecords) -> HealthCareX12.Subscriber {
        let coverage = r.coverage
        let isPatient: Bool
        let person: HealthCareX12.Party
        switch coverage.subscriber {
        case .patient:
            isPatient = true
            person = HealthCareX12.Party(name: r.patient.name.last, firstName: r.patient.name.first, idQualifier: "MI", id: coverage.memberID,
                                         address: x12Address(r.patient.address))
        case .otherPerson(let holder):
            isPatient = false
            person = HealthCareX12.Party(name: holder.name.last, firstName: holder.name.first, idQualifier: "MI", id: coverage.memberID,
                                         address: holder.address.map(x12Address))
        }
        return HealthCareX12.Subscriber(person: person, payerResponsibility: coverage.order.x12Code, relationship: isPatient ? "18" : nil,
                                        groupNumber: coverage.groupNumber, claimFilingIndicator: r.payer.claimFilingIndicator.rawValue,
                                        birthDate: isPatient ? r.patient.dateOfBirth.x12 : nil, gender: isPatient ? r.patient.sex.rawValue : nil)
    }

    static func patient(_ r: ClaimRecords) -> HealthCareX12.Patient? {
        guard case .otherPerson = r.coverage.subscriber else { return nil }
        return HealthCareX12.Patient(person: HealthCareX12.Party(name: r.patient.name.last, firstName: r.patient.name.first, address: x12Address(r.patient.address)),
                                     relationship: r.coverage.relationship.rawValue, birthDate: r.patient.dateOfBirth.x12, gender: r.patient.sex.rawValue)
    }

    /// ICD-10-CM diagnoses, the first principal (ABK) and the others ABF; on an 837I, ICD-10-PCS procedures too,
    /// the first principal (BBR) and the others BBQ, dated the first day of service.
    static func diagnoses(_ r: ClaimRecords) -> [HealthCareX12.Claim.Diagnosis] {
        let codes = r.claim.diagnoses.enumerated().map { n, d in HealthCareX12.Claim.Diagnosis(qualifier: n == 0 ? "ABK" : "ABF", code: d.code) }
        let procedures = r.claim.procedureCodes.enumerated().map { n, p in
            HealthCareX12.Claim.Diagnosis(qualifier: n == 0 ? "BBR" : "BBQ", code: p.code, date: r.encounter.serviceFrom.x12)
        }
        return codes + procedures
    }

    static func line(institutional: Bool, _ l: ClaimLine) -> HealthCareX12.Claim.ServiceLine {
        HealthCareX12.Claim.ServiceLine(lineNumber: l.lineNumber, revenueCode: l.revenueCode, procedureQualifier: l.procedure == nil ? nil : "HC",
                                        procedureCode: l.procedure?.code, modifiers: l.modifiers, chargeCents: l.charge.cents, units: String(l.units),
                                        diagnosisPointers: institutional ? [] : l.diagnosisPointers, serviceDate: l.serviceDate.x12,
                                        lineControlNumber: l.lineItemControlNumber,
                                        drug: l.drug.map { HealthCareX12.Claim.Drug(code: $0.ndc, quantity: $0.quantity.description, unit: $0.unit.rawValue) })
    }

    /// A provider as NM1 names it: a person's last and first name, or an organisation's name, and the NPI.
    static func party(_ p: Provider) -> HealthCareX12.Party {
        HealthCareX12.Party(name: p.personName?.last ?? p.organizationName ?? "", firstName: p.personName?.first, idQualifier: "XX", id: p.npi.value)
    }

    static func x12Address(_ a: Address) -> HealthCareX12.Address {
        HealthCareX12.Address(line1: a.lines.first ?? "", line2: a.lines.count > 1 ? a.lines[1] : nil, city: a.city, state: a.state,
                              postalCode: a.postalCodeDigits)
    }

    /// CCYYMMDD and HHMM in UTC, as BHT and GS carry them.
    static func dateAndTime(_ date: Date) -> (String, String) {
        let c = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: date)
        return (String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0), String(format: "%02d%02d", c.hour ?? 0, c.minute ?? 0))
    }
}

extension ServiceDate {
    /// CCYYMMDD, as X12 writes dates.
    public var x12: String { String(format: "%04d%02d%02d", year, month, day) }
}
