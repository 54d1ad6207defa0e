import CodeSets
import Foundation

/// An appeal letter as it will be sent, and the template it came from ("edited" once a person rewrote it).
public struct AppealLetter: Hashable, Codable, Sendable {
    public var templateID: String
    public var text: String

    public init(templateID: String, text: String) { self.templateID = templateID; self.text = text }
}

/// A letter with `{{placeholders}}` filled from the claim, the patient, the payer and the denials. Each denial
/// category has the template whose argument fits it; `general` fits any.
public struct AppealLetterTemplate: Hashable, Codable, Sendable, Identifiable {
    public var id: String
    public var title: String
    public var categories: [DenialCategory]
    public var body: String

    public init(id: String, title: String, categories: [DenialCategory], body: String) {
        self.id = id; self.title = title; self.categories = categories; self.body = body
    }
}

/// The facts a letter is filled from.
public struct AppealLetterFacts: Sendable {
    public var date: ServiceDate
    public var level: Int
    public var claim: Claim
    public var payer: Payer
    public var patient: Patient
    public var memberID: String
    public var renderingProviderName: String?
    public var denials: [DenialWorkItem]
    public var goodCause: String?

    public init(date: ServiceDate, level: Int, claim: Claim, payer: Payer, patient: Patient, memberID: String, renderingProviderName: String?,
                denials: [DenialWorkItem], goodCause: String?) {
        self.date = date; self.level = level; self.claim = claim; self.payer = payer; self.patient = patient; self.memberID = memberID
        self.renderingProviderName = renderingProviderName; self.denials = denials; self.goodCause = goodCause
    }
}

public enum AppealLetterTemplates {
    /// The placeholders a template may use, each with what it becomes.
    public static let placeholders: [String: String] = [
        "date": "the date the letter is sent",
        "level": "the appeal level in words (first, second, ...)",
        "payer.name": "the payer's name",
        "payer.address": "the payer's address, one line",
        "provider.name": "the billing provider",
        "provider.npi": "the billing provider's NPI",
        "rendering.name": "the rendering provider, else the billing provider",
        "patient.name": "the patient's name",
        "patient.dateOfBirth": "the patient's date of birth",
        "member.id": "the member id on the coverage billed",
        "claim.number": "our claim number (CLM01)",
        "claim.payerNumber": "the payer's claim control number",
        "claim.serviceDates": "the first and last dates of service",
        "claim.charge": "the claim's total charge",
        "denial.amount": "the amount appealed",
        "denial.remittanceDate": "the date of the remittance that denied it",
        "denial.reasons": "one line per denial: line, procedure, amount, the codes in words",
        "goodCause": "a paragraph with the good cause for a late appeal, or nothing",
    ]

    public static let builtIn: [AppealLetterTemplate] = [
        AppealLetterTemplate(id: "medical-necessity", title: "Medical necessity", categories: [.medicalNecessity], body: """
            {{date}}

            {{payer.name}}
            {{payer.address}}
            Attention: Appeals and reconsiderations

            Re: {{level}} level appeal, medical necessity
            Patient: {{patient.name}}, born {{patient.dateOfBirth}}, member {{member.id}}
            Claim: {{claim.number}}, payer claim number {{claim.payerNumber}}, services {{claim.serviceDates}}
            Amount appealed: {{denial.amount}}

            We ask you to reconsider the denial in your remittance of {{denial.remittanceDate}}:
            {{denial.reasons}}

            {{rendering.name}} provided these services because the patient's condition required them. The enclosed
            clinical notes document the diagnoses, the findings that led to the services, and why less intensive care
            would not have served. The services meet your coverage criteria for these diagnoses.
            {{goodCause}}
            Please review the enclosed records and pay the claim. Write to us at the address below with any question.

            Sincerely,
            {{provider.name}} (NPI {{provider.npi}})
            """),
        AppealLetterTemplate(id: "authorization", title: "Authorization on file or not required", categories: [.authorization], body: """
            {{date}}

            {{payer.name}}
            {{payer.address}}
            Attention: Appeals and reconsiderations

            Re: {{level}} level appeal, authorization
            Patient: {{patient.name}}, born {{patient.dateOfBirth}}, member {{member.id}}
            Claim: {{claim.number}}, payer claim number {{claim.payerNumber}}, services {{claim.serviceDates}}
            Amount appealed: {{denial.amount}}

            Your remittance of {{denial.remittanceDate}} denied these services for want of an authorization:
            {{denial.reasons}}

            The enclosed records show that the authorization was obtained before the services (its number and dates
            are enclosed), or that the services did not need one under your policy, or that they were urgent and you
            were told within the time your policy allows.
            {{goodCause}}
            Please reprocess the claim with the authorization. Write to us at the address below with any question.

            Sincerely,
            {{provider.name}} (NPI {{provider.npi}})
            """),
        AppealLetterTemplate(id: "coding", title: "Bundling or coding", categories: [.bundlingOrCoding], body: """
            {{date}}

            {{payer.name}}
            {{payer.address}}
            Attention: Appeals and reconsiderations

            Re: {{level}} level appeal, bundling or coding
            Patient: {{patient.name}}, born {{patient.dateOfBirth}}, member {{member.id}}
            Claim: {{claim.number}}, payer claim number {{claim.payerNumber}}, services {{claim.serviceDates}}
            Amount appealed: {{denial.amount}}

            Your remittance of {{denial.remittanceDate}} denied or bundled these services:
            {{denial.reasons}}

            Each service was separate and distinct: performed at a different session, site or incision, or for a
            different problem, as the enclosed notes document, and the codes and modifiers billed describe what was
            done. The national correct coding edits allow them to be paid separately in these circumstances.
            {{goodCause}}
            Please review the enclosed notes and pay each service. Write to us at the address below with any question.

            Sincerely,
            {{provider.name}} (NPI {{provider.npi}})
            """),
        AppealLetterTemplate(id: "timely-filing", title: "Filed on time", categories: [.timelyFiling], body: """
            {{date}}

            {{payer.name}}
            {{payer.address}}
            Attention: Appeals and reconsiderations

            Re: {{level}} level appeal, timely filing
            Patient: {{patient.name}}, born {{patient.dateOfBirth}}, member {{member.id}}
            Claim: {{claim.number}}, payer claim number {{claim.payerNumber}}, services {{claim.serviceDates}}
            Amount appealed: {{denial.amount}}

            Your remittance of {{denial.remittanceDate}} denied the claim as filed late:
            {{denial.reasons}}

            The claim was first filed within your limit. The enclosed clearinghouse acknowledgments (999 and 277CA)
            show the dates it was sent and accepted; later submissions were corrections of that first claim.
            {{goodCause}}
            Please reprocess the claim as filed on time. Write to us at the address below with any question.

            Sincerely,
            {{provider.name}} (NPI {{provider.npi}})
            """),
        AppealLetterTemplate(id: "general", title: "Request for reconsideration", categories: DenialCategory.allCases, body: """
            {{date}}

            {{payer.name}}
            {{payer.address}}
            Attention: Appeals and reconsiderations

            Re: {{level}} level appeal
            Patient: {{patient.name}}, born {{patient.dateOfBirth}}, member {{member.id}}
            Claim: {{claim.number}}, payer claim number {{claim.payerNumber}}, services {{claim.serviceDates}}
            Amount appealed: {{denial.amount}}

            We ask you to reconsider the decision in your remittance of {{denial.remittanceDate}}:
            {{denial.reasons}}

            We believe the claim was processed in error. The enclosed documents support the services as billed.
            {{goodCause}}
            Please review them and reprocess the claim. Write to us at the address below with any question.

            Sincerely,
            {{provider.name}} (NPI {{provider.npi}})
            """),
    ]

    public static func template(id: String) -> AppealLetterTemplate? { builtIn.first { $0.id == id } }

    /// The template for the denials' main category (the largest amount): its own when there is one, else `general`.
    public static func suggested(for denials: [DenialWorkItem]) -> AppealLetterTemplate {
        let category = denials.max { $0.deniedAmount < $1.deniedAmount }?.category
        return builtIn.first { t in category.map { t.categories == [$0] } ?? false } ?? builtIn[builtIn.count - 1]
    }

    /// Fills the template. Throws on a placeholder the template names that is not in `placeholders`.
    public static func render(_ template: AppealLetterTemplate, facts: AppealLetterFacts) throws(AppealRefusal) -> AppealLetter {
        let values = self.values(facts)
        var text = ""
        var rest = Substring(template.body)
        while let open = rest.range(of: "{{") {
            text += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw AppealRefusal("template", "template \(template.id) opens a placeholder with {{ and never closes it")
            }
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else {
                throw AppealRefusal("template", "template \(template.id) uses {{\(name)}}; expected one of " + placeholders.keys.sorted().joined(separator: ", "))
            }
            text += value
            rest = rest[close.upperBound...]
        }
        text += rest
        return AppealLetter(templateID: template.id, text: text)
    }

    static func values(_ f: AppealLetterFacts) -> [String: String] {
        let c = f.claim
        let dates = c.lines.map(\.serviceDate)
        let serviceDates = (dates.min(), dates.max())
        let levels = ["first", "second", "third", "fourth", "fifth"]
        let reasons = f.denials.map { d in
            var line = "- " + (d.lineNumber.map { "line \($0)" } ?? "the claim")
            if let procedure = d.procedureCode { line += ", \(procedure)" }
            if let date = d.serviceDate { line += " on \(date)" }
            return line + ", \(d.deniedAmount) denied: " + (d.reasons + d.remarks).map { ($0.group.map { $0 + "-" } ?? "") + $0.code + " (" + $0.words + ")" }.joined(separator: "; ")
        }
        let payerAddress = f.payer.address.map { ($0.lines + [$0.city + ", " + $0.state + " " + $0.postalCode]).joined(separator: ", ") } ?? "(address on file)"
        let patientName = [f.patient.name.first, f.patient.name.middle, f.patient.name.last, f.patient.name.suffix].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return [
            "date": f.date.description,
            "level": f.level <= levels.count ? levels[f.level - 1] : "level \(f.level)",
            "payer.name": f.payer.name,
            "payer.address": payerAddress,
            "provider.name": c.billingProvider.name,
            "provider.npi": c.billingProvider.npi.value,
            "rendering.name": f.renderingProviderName ?? c.billingProvider.name,
            "patient.name": patientName,
            "patient.dateOfBirth": f.patient.dateOfBirth.description,
            "member.id": f.memberID,
            "claim.number": c.patientControlNumber,
            "claim.payerNumber": f.denials.compactMap(\.payerClaimControlNumber).first ?? c.payerClaimControlNumber ?? "(not given)",
            "claim.serviceDates": serviceDates.0.map { first in first == serviceDates.1 ? "\(first)" : "\(first) to \(serviceDates.1.map(String.init(describing:)) ?? "")" } ?? "",
            "claim.charge": c.totalCharge.description,
            "denial.amount": f.denials.map(\.deniedAmount).sum().description,
            "denial.remittanceDate": f.denials.map(\.remittanceDate).min()?.description ?? "",
            "denial.reasons": reasons.joined(separator: "\n"),
            "goodCause": f.goodCause.map { "\nThis appeal is later than your limit for a good cause: \($0)\n" } ?? "",
        ]
    }
}
