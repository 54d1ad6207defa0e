import ClaimEdits
import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// The workspace's procedure side: the ICD-10-PCS procedures of an institutional chart, the CPT and HCPCS services
/// (priced from the charge master, amounts shown only to those who see money), and the claim edits, which a small
/// script refreshes from `POST /api/v1/coding/queue/{id}/edits` as the coder types codes (nothing is saved until
/// "Save codes").
extension CodingPages {
    static func procedureList(_ e: Encounter, library: CodeSetLibrary) -> String {
        guard e.claimKind == .institutional else { return "" }
        var html = "<h2>ICD-10-PCS procedures</h2><ol>"
        for code in e.procedureCodes {
            let check = CodingChartRoutes.validity(code, on: e.serviceFrom, library: library)
            html += "<li><a class=code href=\"/encoder/icd10pcs/\(esc(code.code))\">\(esc(code.code))</a> \(esc(check.title ?? ""))"
            if let invalid = check.invalid { html += " <strong>\(esc(invalid))</strong>" }
            html += "</li>"
        }
        return html + "</ol>" + (e.procedureCodes.isEmpty ? "<p class=muted>No ICD-10-PCS procedures.</p>" : "")
    }

    /// The services table, each row a form (Enter saves its modifiers, units and pointers), and the form adding one.
    static func serviceSection(_ req: Request, _ principal: Principal, encounter e: Encounter, working: Bool, csrf: String) async throws -> String {
        let services = try await CodingChartRoutes.chartServices(req, principal, encounterID: e.id)
        let institutional = e.claimKind == .institutional
        let money = PermissionMatrix.allows(principal.role, .claimsRead)
        var html = "<h2>Services (CPT, HCPCS)</h2><table><tr><th>Code</th><th>Modifiers</th><th>Units</th><th>\(institutional ? "Revenue code" : "Diagnoses")</th><th>Date</th>"
        html += (money ? "<th>Charge</th>" : "") + "<th></th></tr>"
        for s in services {
            let form = "service-\(s.id)"
            html += "<tr><td><span class=code>\(esc(s.code))</span> \(esc(s.title ?? ""))"
            if let invalid = s.invalid { html += "<br><strong>\(esc(invalid))</strong>" }
            html += "</td>"
            if working {
                html += "<td><input form=\(form) name=modifiers value=\"\(esc(s.modifiers.joined(separator: " ")))\" size=8 aria-label=\"Modifiers of \(esc(s.code))\"></td>"
                html += "<td><input form=\(form) name=units type=number min=1 max=\(Charge.maximumUnits) value=\(s.units) size=3 aria-label=\"Units of \(esc(s.code))\"></td>"
                html += institutional ? "<td>\(esc(s.revenueCode ?? ""))</td>"
                    : "<td><input form=\(form) name=pointers value=\"\(s.diagnosisPointers.map(String.init).joined(separator: ","))\" size=6 aria-label=\"Diagnoses of \(esc(s.code))\"></td>"
            } else {
                html += "<td>\(esc(s.modifiers.joined(separator: " ")))</td><td>\(s.units)</td>"
                html += "<td>\(institutional ? esc(s.revenueCode ?? "") : s.diagnosisPointers.map(String.init).joined(separator: ","))</td>"
            }
            html += "<td>\(s.serviceDate)</td>" + (money ? "<td>\(s.amountCents.map { Money(cents: $0).formatted } ?? "")</td>" : "") + "<td>"
            if working {
                let hidden = "\(csrf)<input type=hidden name=serviceID value=\(s.id)><input type=hidden name=serviceVersion value=\(s.version)>"
                html += "<form id=\(form) method=post action=\"/coding/\(e.id)/service-change\" class=inline>\(hidden)<input type=hidden name=code value=\"\(esc(s.code))\">"
                html += "<input type=hidden name=date value=\(s.serviceDate.iso)>\(s.revenueCode.map { "<input type=hidden name=revenueCode value=\($0)>" } ?? "")<button>Save</button></form> "
                html += "<form method=post action=\"/coding/\(e.id)/service-remove\" class=inline>\(hidden)<button>Remove</button></form>"
            }
            html += "</td></tr>"
        }
        html += "</table>" + (services.isEmpty ? "<p class=muted>No services coded.</p>" : "")
        if working {
            html += "<form method=post action=\"/coding/\(e.id)/service-add\" class=feesheet>\(csrf)"
            html += "<label>Code <input name=code id=service-code required size=7 placeholder=99213></label>"
            html += "<label>Modifiers <input name=modifiers size=8 placeholder=\"25 59\"></label>"
            html += "<label>Units <input name=units type=number min=1 max=\(Charge.maximumUnits) value=1 size=3></label>"
            html += institutional ? "<label>Revenue code <input name=revenueCode required size=4 placeholder=0450></label>"
                : "<label>Diagnoses <input name=pointers value=1 size=6 placeholder=\"1,2\"></label>"
            html += "<label>Date <input name=date type=date value=\(e.serviceFrom.iso) min=\(e.serviceFrom.iso) max=\(e.serviceThrough.iso)></label>"
            html += "<button accesskey=a>Add service</button> <span class=muted>priced from the charge master</span></form>"
        }
        return html
    }

    /// The encoder inline: the code search of `/encoder` (its type-ahead, on the date of service) whose chosen hit
    /// goes where it belongs: a diagnosis or ICD-10-PCS code to the end of its list (and the edits are checked again),
    /// a CPT or HCPCS code to the service form. Without script it opens the encoder.
    static func encoderPanel(_ e: Encounter) -> String {
        var systems: [CodeSystem] = [.icd10cm]
        if e.claimKind == .institutional { systems.append(.icd10pcs) }
        systems += [.cpt, .hcpcs]
        var html = "<section class=encoder-inline><h2>Encoder</h2><form class=search action=\"/encoder\" method=get target=_blank role=search>"
        html += "<input id=q name=q placeholder=\"Words or a code: heart failure, I50.22\" autocomplete=off accesskey=e aria-label=\"Search codes (Alt+E)\">"
        html += "<select name=system id=system aria-label=\"Code system\">" + systems.map { "<option value=\($0.rawValue)>\(esc($0.displayName))</option>" }.joined() + "</select>"
        html += "<input type=hidden name=date id=date value=\(e.serviceFrom.iso)><button>Search</button></form>"
        html += "<p class=muted>Hits are those valid on \(e.serviceFrom); choosing one adds it to the codes (not saved until you save them).</p></section>"
        return html
    }

    /// Where a hit chosen in the inline encoder goes.
    static let encoderPickScript = """
    window.encoderPick=function(system,code){var f=document.getElementById('codes');
    if(system==='icd10cm'||system==='icd10pcs'){var el=f&&f.elements[system==='icd10cm'?'diagnoses':'procedureCodes'];if(!el)return false;
    var v=el.value.replace(/\\s+$/,'');el.value=(v?v+'\\n':'')+code;el.dispatchEvent(new Event('input',{bubbles:true}));el.focus();return true;}
    var c=document.getElementById('service-code');if(!c)return false;c.value=code;c.focus();return true;};
    """

    /// The claim edits of the chart as saved; the script replaces the section's contents as codes are typed.
    static func editsSection(_ req: Request, _ principal: Principal, chartID: UUID, live: Bool) async throws -> String {
        let answer = try await CodingChartRoutes.edits(req, principal, chartID: chartID, proposed: nil)
        var html = "<section id=chart-edits aria-live=polite><h2>Claim edits</h2><div id=chart-edits-body>"
        html += editsBody(answer) + "</div>"
        if live { html += "<p class=muted id=chart-edits-state>Checked as saved; they are checked again as you type codes.</p>" }
        return html + "</section>"
    }

    static func editsBody(_ answer: CodingChartRoutes.EditsBody) -> String {
        var html = ""
        if !answer.problems.isEmpty {
            html += "<ul>" + answer.problems.map { "<li class=error>\(esc($0.description))</li>" }.joined() + "</ul>"
        }
        if answer.edits.isEmpty {
            if answer.problems.isEmpty { html += "<p>No edits: the claim would pass every check.</p>" }
        } else {
            html += "<table class=edits><tr><th>Severity</th><th>Edit</th><th>Lines</th><th>What is wrong</th><th>How to fix it</th></tr>"
            for e in answer.edits {
                html += "<tr class=\(e.severity.rawValue)><td>\(e.severity.rawValue)</td><td class=code>\(esc(e.id))</td><td>\(e.lines.map(String.init).joined(separator: ", "))</td>"
                html += "<td>\(esc(e.message))</td><td>\(esc(e.resolution))\(e.suggestedModifier.map { " Suggested modifier: <span class=code>\(esc($0))</span>." } ?? "")</td></tr>"
            }
            html += "</table>"
        }
        return html
    }

    /// Sends the codes in the form to the edits endpoint half a second after the coder stops typing and shows the
    /// answer; the page's own rendering is the fallback without script.
    static func liveEditsScript(chartID: UUID) -> String {
        """
        (function(){var f=document.getElementById('codes');if(!f)return;var t=null,n=0;
        function esc(s){return String(s).replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
        function codes(name){var el=f.elements[name];return el?el.value.split(/[\\s,]+/).filter(function(x){return x.length>0;}):undefined;}
        function show(a){var h='';if(a.problems.length){h+='<ul>'+a.problems.map(function(p){return '<li class=error>'+esc(p.field+': '+p.message)+'</li>';}).join('')+'</ul>';}
        if(!a.edits.length){if(!a.problems.length)h+='<p>No edits: the claim would pass every check.</p>';}
        else{h+='<table class=edits><tr><th>Severity</th><th>Edit</th><th>Lines</th><th>What is wrong</th><th>How to fix it</th></tr>'+a.edits.map(function(e){
        return '<tr class='+esc(e.severity)+'><td>'+esc(e.severity)+'</td><td class=code>'+esc(e.id)+'</td><td>'+esc(e.lines.join(', '))+'</td><td>'+esc(e.message)+'</td><td>'+esc(e.resolution)+(e.suggestedModifier?' Suggested modifier: '+esc(e.suggestedModifier)+'.':'')+'</td></tr>';}).join('')+'</table>';}
        document.getElementById('chart-edits-body').innerHTML=h;}
        function check(){var k=++n,state=document.getElementById('chart-edits-state');
        fetch('/api/v1/coding/queue/\(chartID)/edits',{method:'POST',credentials:'same-origin',headers:{'Content-Type':'application/json','X-CSRF-Token':f.elements['_csrf'].value},
        body:JSON.stringify({diagnoses:codes('diagnoses'),procedureCodes:codes('procedureCodes')})}).then(function(r){return r.json();}).then(function(a){
        if(k!==n)return;show(a);if(state)state.textContent='Checked with the codes as typed (not saved yet).';}).catch(function(){if(state)state.textContent='The edits could not be checked just now.';});}
        f.addEventListener('input',function(){clearTimeout(t);t=setTimeout(check,500);});})();
        """
    }

    /// The services' forms: add, change (modifiers, units, pointers) and remove.
    static func serviceAction(_ req: Request, _ principal: Principal, chartID: UUID, _ name: String, _ form: ActionForm) async throws {
        func service() throws -> CodedService {
            let pointers = (form.pointers ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map { Int($0) }
            if pointers.contains(nil) { throw RecordError.invalid([FieldProblem(field: "diagnosisPointers", message: "expected diagnosis numbers such as 1,2; got \"\(form.pointers ?? "")\"")]) }
            let date = try form.date.flatMap { text -> ServiceDate? in
                guard !text.isEmpty else { return nil }
                guard let d = ServiceDate(iso: text) else { throw RecordError.invalid([FieldProblem(field: "serviceDate", message: "expected a date YYYY-MM-DD; got \"\(text)\"")]) }
                return d
            }
            return CodedService(code: form.code ?? "", modifiers: (form.modifiers ?? "").split(separator: " ").map(String.init), units: form.units ?? 1,
                                diagnosisPointers: pointers.compactMap { $0 }, serviceDate: date, revenueCode: form.revenueCode.flatMap { $0.isEmpty ? nil : $0 })
        }
        switch name {
        case "service-add":
            _ = try await CodingChartRoutes.saveService(req, principal, chartID: chartID, try service(), replacing: nil)
        case "service-change":
            guard let id = form.serviceID, let version = form.serviceVersion else { throw CodingWorkRefusal("code", "the form lacks the service") }
            _ = try await CodingChartRoutes.saveService(req, principal, chartID: chartID, try service(), replacing: (id, version))
        default:
            guard let id = form.serviceID, let version = form.serviceVersion else { throw CodingWorkRefusal("code", "the form lacks the service") }
            try await CodingChartRoutes.removeService(req, principal, chartID: chartID, serviceID: id, version: version)
        }
    }
}
