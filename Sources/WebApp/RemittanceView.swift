import Foundation
import HealthCareX12
import RevenueCycle
import X12

/// An 835 shown the way a paper explanation of benefits reads: the payer, the payment and its trace number, then each
/// claim with its lines and their adjustments, then the payer's provider-level adjustments. Read from the stored file,
/// so it shows what the payer said, whatever posting made of it.
enum RemittanceView {
    /// The file's 835 transaction sets, or why they cannot be read, in words.
    static func read(_ contents: String) -> Result<[Remittance], RemittanceUnreadable> {
        let read: (report: ValidationReport, document: X12Document?)
        do {
            read = try HealthCareValidation.read(Array(contents.utf8))
        } catch {
            return .failure(RemittanceUnreadable(reason: "the implementation guides could not be loaded (\(error))"))
        }
        guard let document = read.document else {
            return .failure(RemittanceUnreadable(reason: "it is not an X12 interchange" + (read.report.findings.first.map { " (\($0))" } ?? "")))
        }
        let component = Character(Unicode.Scalar(document.delimiters.component))
        return .success(document.transactions.filter { $0.segment("ST")?[1] == "835" }.map { Remittance($0, component: component) })
    }

    struct RemittanceUnreadable: Error { var reason: String }

    /// `claims` links a CLP01 to the claim it names.
    static func html(_ read: Result<[Remittance], RemittanceUnreadable>, claims: [String: UUID]) -> String {
        switch read {
        case .failure(let unreadable): return "<p class=error>The remittance could not be shown: \(esc(unreadable.reason)).</p>"
        case .success(let remittances) where remittances.isEmpty: return "<p class=muted>The file holds no 835 transaction set.</p>"
        case .success(let remittances): return remittances.map { advice($0, claims: claims) }.joined()
        }
    }

    static func advice(_ r: Remittance, claims: [String: UUID]) -> String {
        var html = "<section class=eob><h2>Remittance advice \(esc(r.controlNumber))</h2><dl>"
        html += "<dt>Payer</dt><dd>\(esc(r.payer?.name ?? "?"))\(r.payer?.id.map { " <span class=code>\(esc($0))</span>" } ?? "")</dd>"
        html += "<dt>Payee</dt><dd>\(esc(r.payee?.name ?? "?"))\(r.payeeTaxID.map { " · tax id <span class=code>\(esc($0))</span>" } ?? "")</dd>"
        html += "<dt>Payment</dt><dd>\(money(r.paymentCents)) · \(esc(method(r.paymentMethod)))\(r.paymentDate.map { " · \(esc(date($0)))" } ?? "")</dd>"
        html += "<dt>Trace number (TRN)</dt><dd class=code>\(esc(r.traceNumber ?? "—"))\(r.payerIdentifier.map { " · \(esc($0))" } ?? "")</dd></dl>"
        for c in r.claims {
            let number = claims[c.claimId].map { "<a href=\"/claims/\($0)\" class=code>\(esc(c.claimId))</a>" } ?? "<span class=code>\(esc(c.claimId))</span>"
            html += "<h3>Claim \(number) <span class=status>\(esc(claimStatus(c.statusCode)))</span></h3>"
            html += "<dl><dt>Patient</dt><dd>\(esc(party(c.patient)))</dd><dt>Charge</dt><dd>\(money(c.chargeCents))</dd>"
            html += "<dt>Paid</dt><dd>\(money(c.paidCents))</dd><dt>Patient responsibility</dt><dd>\(money(c.patientResponsibilityCents))</dd>"
            html += "<dt>Payer claim control no.</dt><dd class=code>\(esc(c.payerClaimControlNumber ?? "—"))</dd>"
            if !c.adjustments.isEmpty { html += "<dt>Claim adjustments</dt><dd>\(esc(adjustments(c.adjustments)))</dd>" }
            if !c.remarkCodes.isEmpty { html += "<dt>Remarks</dt><dd class=code>\(esc(c.remarkCodes.joined(separator: " ")))</dd>" }
            html += "</dl>"
            guard !c.serviceLines.isEmpty else { continue }
            html += "<table class=lines><tr><th>Date</th><th>Procedure</th><th>Modifiers</th><th>Units</th><th>Charge</th><th>Paid</th><th>Adjustments (group-reason amount)</th><th>Remarks</th></tr>"
            for l in c.serviceLines {
                html += "<tr><td>\(esc(l.serviceDate.map(date) ?? ""))</td><td class=code>\(esc(l.procedureCode ?? ""))</td>"
                html += "<td>\(esc(l.modifiers.joined(separator: " ")))</td><td>\(esc(l.units ?? ""))</td><td>\(money(l.chargeCents))</td>"
                html += "<td>\(money(l.paidCents))</td><td>\(esc(adjustments(l.adjustments)))</td><td class=code>\(esc(l.remarkCodes.joined(separator: " ")))</td></tr>"
            }
            html += "</table>"
        }
        if !r.providerAdjustments.isEmpty {
            html += "<h3>Provider adjustments (PLB)</h3><table><tr><th>Provider</th><th>Fiscal period</th><th>Reason</th><th>Reference</th><th>Amount</th></tr>"
            for p in r.providerAdjustments {
                html += "<tr><td class=code>\(esc(p.provider))</td><td>\(esc(date(p.fiscalPeriodDate)))</td><td class=code>\(esc(p.reasonCode))</td>"
                html += "<td>\(esc(p.reference ?? ""))</td><td>\(money(p.amountCents))</td></tr>"
            }
            html += "</table>"
        }
        return html + "</section>"
    }

    static func money(_ cents: Int?) -> String { cents.map { Money(cents: $0).formatted } ?? "—" }

    static func adjustments(_ list: [HealthCareX12.Adjustment]) -> String {
        list.map { "\($0.groupCode)-\($0.reasonCode) \(money($0.amountCents))" }.joined(separator: ", ")
    }

    static func party(_ p: Party?) -> String {
        guard let p else { return "—" }
        return [p.name, p.firstName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ") + (p.id.map { " (\($0))" } ?? "")
    }

    /// CCYYMMDD as CCYY-MM-DD; anything else as it is.
    static func date(_ text: String) -> String {
        guard text.count == 8, text.allSatisfy(\.isASCIIDigit) else { return text }
        let d = Array(text)
        return String(d[0..<4]) + "-" + String(d[4..<6]) + "-" + String(d[6..<8])
    }

    static func method(_ code: String?) -> String {
        switch code {
        case "ACH": "ACH transfer"
        case "CHK": "check"
        case "NON": "no payment"
        case "BOP": "financial institution option"
        case "FWT": "federal reserve wire transfer"
        case let other: other ?? "—"
        }
    }

    /// CLP02 in words.
    static func claimStatus(_ code: String) -> String {
        let words = ["1": "processed as primary", "2": "processed as secondary", "3": "processed as tertiary", "4": "denied",
                     "19": "processed as primary, forwarded", "20": "processed as secondary, forwarded", "21": "processed as tertiary, forwarded",
                     "22": "reversal of previous payment", "23": "not our claim, forwarded", "25": "predetermination pricing only"]
        return words[code].map { "\(code) \($0)" } ?? code
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
