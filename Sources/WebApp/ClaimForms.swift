import Foundation
import RevenueCycle

/// A claim drawn as the paper forms billers know: the CMS-1500 (professional, form version 02/12) and the UB-04
/// (institutional), each box numbered as on the form, so a biller finds a field where they expect it.
enum ClaimForms {
    static func box(_ number: String, _ label: String, _ value: String, wide: Bool = false) -> String {
        "<div class=\"box\(wide ? " wide" : "")\"><span class=n>\(esc(number))</span> <span class=l>\(esc(label))</span><div class=v>\(esc(value.isEmpty ? "—" : value))</div></div>"
    }

    static func cms1500(_ c: Claim, patient: Patient?, coverage: Coverage?, payer: Payer?, rendering: Provider?) -> String {
        let letters = Array("ABCDEFGHIJKL")
        var html = "<section class=\"claimform cms1500\" aria-label=\"CMS-1500\"><h2>CMS-1500</h2><div class=grid>"
        html += box("", "Payer", [payer?.name ?? "", payer.map { "payer id \($0.electronicID.value)" } ?? ""].joined(separator: " · "), wide: true)
        html += box("1", "Insurance type", payer?.claimFilingIndicator.rawValue ?? "")
        html += box("1a", "Insured's ID number", coverage?.memberID ?? "")
        html += box("2", "Patient's name", patient?.name.description ?? "")
        html += box("3", "Birth date · sex", patient.map { "\($0.dateOfBirth) · \($0.sex.rawValue)" } ?? "")
        html += box("4", "Insured's name", coverage.map { subscriberName($0, patient) } ?? "")
        html += box("5", "Patient's address", patient.map { WorkPages.address($0.address) } ?? "", wide: true)
        html += box("6", "Patient relationship to insured", coverage?.relationship.rawValue ?? "")
        html += box("11", "Insured's group number", coverage?.groupNumber ?? "")
        html += box("17b", "Referring provider", c.referringProviderID.map { "on file (\($0.uuidString.prefix(8)))" } ?? "")
        html += box("21", "Diagnoses (ICD ind. 0)", c.diagnoses.enumerated().map { "\(letters[$0.offset]). \($0.element.description)" }.joined(separator: "   "), wide: true)
        html += box("22", "Resubmission code · original ref. no.", c.frequency == .original ? "" : "\(c.frequency.rawValue) · \(c.payerClaimControlNumber ?? "")")
        html += box("23", "Prior authorization number", c.priorAuthorizationNumber ?? "")
        html += "</div><table class=lines><tr><th>24A Date(s)</th><th>B POS</th><th>D CPT/HCPCS · modifiers</th><th>E Dx pointer</th><th>F Charges</th><th>G Units</th><th>J Rendering NPI</th><th>Line control no.</th></tr>"
        for line in c.lines {
            let pointers = line.diagnosisPointers.map { $0 >= 1 && $0 <= letters.count ? String(letters[$0 - 1]) : "?" }.joined()
            html += "<tr><td>\(line.serviceDate)</td><td>\(esc(c.placeOfService ?? ""))</td><td class=code>\(esc(line.procedure?.code ?? "")) \(esc(line.modifiers.joined(separator: " ")))</td>"
            html += "<td>\(pointers)</td><td>\(line.charge.formatted)</td><td>\(line.units)</td><td>\(esc(rendering?.npi.value ?? ""))</td><td class=code>\(esc(line.lineItemControlNumber))</td></tr>"
        }
        html += "</table><div class=grid>"
        html += box("25", "Federal tax ID (EIN)", c.billingProvider.taxID.value)
        html += box("26", "Patient's account no.", c.patientControlNumber)
        html += box("28", "Total charge", c.totalCharge.formatted)
        html += box("31", "Rendering provider", rendering.map { "\($0.displayName) · NPI \($0.npi.value)" } ?? "")
        html += box("33", "Billing provider", "\(c.billingProvider.name) · NPI \(c.billingProvider.npi.value) · \(WorkPages.address(c.billingProvider.address))", wide: true)
        return html + "</div></section>"
    }

    static func ub04(_ c: Claim, patient: Patient?, coverage: Coverage?, payer: Payer?, rendering: Provider?) -> String {
        var html = "<section class=\"claimform ub04\" aria-label=\"UB-04\"><h2>UB-04</h2><div class=grid>"
        html += box("1", "Billing provider", "\(c.billingProvider.name) · \(WorkPages.address(c.billingProvider.address))", wide: true)
        html += box("3a", "Patient control no.", c.patientControlNumber)
        html += box("4", "Type of bill", c.typeOfBill ?? "")
        html += box("5", "Federal tax no.", c.billingProvider.taxID.value)
        let dates = c.lines.map(\.serviceDate)
        html += box("6", "Statement covers period", "\(dates.min().map(\.iso) ?? "") – \(dates.max().map(\.iso) ?? "")")
        html += box("8", "Patient name", patient?.name.description ?? "")
        html += box("10 · 11", "Birth date · sex", patient.map { "\($0.dateOfBirth) · \($0.sex.rawValue)" } ?? "")
        html += "</div><table class=lines><tr><th>42 Rev. code</th><th>44 HCPCS · modifiers</th><th>45 Service date</th><th>46 Units</th><th>47 Total charges</th><th>Line control no.</th></tr>"
        for line in c.lines {
            html += "<tr><td class=code>\(esc(line.revenueCode ?? ""))</td><td class=code>\(esc(line.procedure?.code ?? "")) \(esc(line.modifiers.joined(separator: " ")))</td>"
            html += "<td>\(line.serviceDate)</td><td>\(line.units)</td><td>\(line.charge.formatted)</td><td class=code>\(esc(line.lineItemControlNumber))</td></tr>"
        }
        html += "<tr><td></td><td>0001 Total</td><td></td><td></td><td>\(c.totalCharge.formatted)</td><td></td></tr></table><div class=grid>"
        html += box("50", "Payer", payer.map { "\($0.name) · \($0.electronicID.value)" } ?? "")
        html += box("56", "Billing provider NPI", c.billingProvider.npi.value)
        html += box("58", "Insured's name", coverage.map { subscriberName($0, patient) } ?? "")
        html += box("60", "Insured's unique ID", coverage?.memberID ?? "")
        html += box("62", "Insurance group no.", coverage?.groupNumber ?? "")
        html += box("63", "Treatment authorization", c.priorAuthorizationNumber ?? "")
        html += box("64", "Document control no.", c.frequency == .original ? "" : c.payerClaimControlNumber ?? "")
        html += box("67", "Principal diagnosis", c.diagnoses.first?.description ?? "")
        html += box("67A–Q", "Other diagnoses", c.diagnoses.dropFirst().map(\.description).joined(separator: " "), wide: true)
        html += box("74", "Principal procedure", c.procedureCodes.first?.code ?? "")
        html += box("76", "Attending", rendering.map { "\($0.displayName) · NPI \($0.npi.value)" } ?? "")
        return html + "</div></section>"
    }

    static func subscriberName(_ coverage: Coverage, _ patient: Patient?) -> String {
        switch coverage.subscriber {
        case .patient: patient?.name.description ?? ""
        case .otherPerson(let person): person.name.description
        }
    }
}
