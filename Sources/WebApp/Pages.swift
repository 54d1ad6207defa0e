import CodeSets
import Foundation
import Vapor

/// Server-rendered HTML pages. Everything works without JavaScript; the encoder's type-ahead adds to it.
struct Pages: Sendable {
    func register(_ app: Application) throws {
        app.get(use: home)
        app.get("encoder", use: encoder)
        app.get("encoder", ":system", ":code", use: codePage)
        app.get("codesets", use: codeSets)
    }

    /// The roles of DESIGN.md and what each can open today.
    static let roles: [(name: String, work: String, links: [(String, String)])] = [
        ("Coder", "Assigns ICD-10-CM, ICD-10-PCS, CPT and HCPCS codes with the encoder.", [("Encoder", "/encoder")]),
        ("Coding auditor", "Re-codes samples blind and checks codes against the official sets.", [("Encoder", "/encoder")]),
        ("Biller", "Checks codes, modifiers, adjustment reason and remark codes while working claims.",
         [("Encoder", "/encoder"), ("CARC and RARC", "/encoder?system=carc")]),
        ("Front desk / patient accounts", "Looks up place of service and provider taxonomy codes.", [("Encoder", "/encoder?system=pos")]),
        ("Billing manager", "Watches which code-set releases are in force.", [("Code sets", "/codesets")]),
        ("Administrator", "Imports code-set releases (revcycle codesets import) and checks the service.",
         [("Code sets", "/codesets"), ("Health", "/health"), ("API (OpenAPI)", "/openapi.json")]),
    ]

    @Sendable func home(_ req: Request) async throws -> Response {
        var body = "<h1>Revcycle</h1><p class=lead>Medical coding and billing, from the note to the paid claim.</p><div class=cards>"
        for role in Self.roles {
            body += "<section class=card><h2>\(esc(role.name))</h2><p>\(esc(role.work))</p><p>"
            body += role.links.map { "<a href=\"\(esc($0.1))\">\(esc($0.0))</a>" }.joined(separator: " · ")
            body += "</p></section>"
        }
        body += "</div><p class=muted>Code sets: \(esc(req.state.codeSetSummary))</p>"
        return Self.page(title: "Revcycle", body: body, active: "/")
    }

    @Sendable func encoder(_ req: Request) async throws -> Response {
        let q = try req.stringParameter("q") ?? ""
        let system = try req.systemParameter()
        let date = try req.dateParameter()
        var body = "<h1>Encoder</h1>" + Self.searchForm(q: q, system: system, date: date)
        body += "<div id=results>"
        if !q.trimmingCharacters(in: .whitespaces).isEmpty {
            let hits = req.state.library.search(q, systems: system.map { [$0] }, date: date, limit: 50)
            body += Self.resultsTable(hits, date: date)
        }
        body += "</div>"
        return Self.page(title: q.isEmpty ? "Encoder" : "\(q) – Encoder", body: body, active: "/encoder", script: Self.typeAheadScript)
    }

    @Sendable func codePage(_ req: Request) async throws -> Response {
        guard let raw = req.parameters.get("system"), let system = CodeSystem(rawValue: raw) else {
            throw APIError.invalidParameter(name: "system", message: "unknown code system")
        }
        let code = req.parameters.get("code") ?? ""
        let date = try req.dateParameter()
        var body = Self.searchForm(q: "", system: system, date: date)
        switch req.state.library.lookup(code, system: system, date: date) {
        case .success(let d): body += Self.detail(d, date: date)
        case .failure(let f):
            body += "<h1>\(esc(f.code))</h1><p class=\"status bad\">\(esc(f.reason))</p>"
            if !f.suggestions.isEmpty { body += "<h3>Nearest codes</h3>" + Self.referenceList(f.suggestions, system: system, date: date) }
            return Self.page(title: "\(code) – not found", body: body, active: "/encoder", status: .notFound)
        }
        return Self.page(title: "\(code) – Encoder", body: body, active: "/encoder", script: Self.typeAheadScript)
    }

    @Sendable func codeSets(_ req: Request) async throws -> Response {
        let library = req.state.library
        var body = "<h1>Code sets</h1><p>\(esc(req.state.codeSetSummary))</p>"
        body += "<p>Search index: \(library.search.documentCount) entries, \(library.search.termCount) words.</p>"
        body += "<table><thead><tr><th>System</th><th>Release</th><th>Dates of service</th><th>Files</th></tr></thead><tbody>"
        for r in library.releases {
            body += "<tr><td>\(esc(r.system.displayName))</td><td>\(esc(r.name))</td><td>\(r.effectiveFrom) – \(r.effectiveThrough?.iso ?? "open")</td><td>\(esc(r.sourceFiles.joined(separator: ", ")))</td></tr>"
        }
        body += "</tbody></table><p class=muted>Import a new release with <code>revcycle codesets import DIR</code>; a failed import leaves this one active.</p>"
        return Self.page(title: "Code sets", body: body, active: "/codesets")
    }

    // MARK: - Pieces

    static func searchForm(q: String, system: CodeSystem?, date: ServiceDate?) -> String {
        var options = "<option value=\"\">All systems</option>"
        for s in CodeSystem.allCases {
            options += "<option value=\"\(s.rawValue)\"\(s == system ? " selected" : "")>\(esc(s.displayName))</option>"
        }
        return """
        <form class=search action="/encoder" method=get role=search>
          <input id=q name=q value="\(esc(q))" placeholder="Words or a code: type 2 diabetes with CKD, E11.22, 0DTJ4ZZ" autocomplete=off autofocus aria-label="Search codes">
          <select name=system id=system aria-label="Code system">\(options)</select>
          <input type=date name=date id=date value="\(date?.iso ?? "")" aria-label="Date of service">
          <button>Search</button>
        </form>
        """
    }

    static func codeLink(_ system: CodeSystem, _ code: String, date: ServiceDate?) -> String {
        let path = "/encoder/\(system.rawValue)/\(code.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? code)"
        return "<a class=code href=\"\(esc(path + (date.map { "?date=\($0.iso)" } ?? "")))\">\(esc(code))</a>"
    }

    static func resultsTable(_ hits: [SearchHit], date: ServiceDate?) -> String {
        guard !hits.isEmpty else { return "<p class=muted>No codes match. Try fewer words or another spelling.</p>" }
        var out = "<table class=results><thead><tr><th>Code</th><th>Title</th><th>System</th><th>Billable</th><th>Matched</th></tr></thead><tbody>"
        for h in hits {
            out += "<tr><td>\(codeLink(h.system, h.code, date: date))</td><td>\(esc(h.title))</td><td>\(esc(h.system.displayName))</td>"
            out += "<td>\(h.billable ? "<span class=\"status good\">billable</span>" : "<span class=\"status\">header</span>")</td>"
            out += "<td class=muted>\(h.matchedIn == "title" ? "" : "\(esc(h.matchedIn)): \(esc(h.matched))")</td></tr>"
        }
        return out + "</tbody></table>"
    }

    static func referenceList(_ refs: [CodeReference], system: CodeSystem, date: ServiceDate?) -> String {
        "<ul class=refs>" + refs.map { r in
            let link = r.code.hasPrefix("Chapter") || r.code.contains("-") ? "<span class=code>\(esc(r.code))</span>" : codeLink(system, r.code, date: date)
            return "<li>\(link) \(esc(r.title))\(r.billable ? " <span class=\"status good\">billable</span>" : "")</li>"
        }.joined() + "</ul>"
    }

    /// A code shown the way printed code books show it: hierarchy, notes by kind, 7th characters.
    static func detail(_ d: CodeDetail, date: ServiceDate?) -> String {
        var out = "<nav class=crumbs>" + d.hierarchy.map { r in
            (r.code.hasPrefix("Chapter") || r.code.contains("-") ? "<span>\(esc(r.code))</span>" : codeLink(d.system, r.code, date: date))
                + " <span class=muted>\(esc(r.title))</span>"
        }.joined(separator: " › ") + "</nav>"
        out += "<h1><span class=code>\(esc(d.code))</span> \(esc(d.title))</h1>"
        out += "<p><span class=\"status \(d.billable ? "good" : "bad")\">\(d.billable ? "Billable" : "Not billable")</span> \(esc(d.billableReason))</p>"
        out += "<p class=muted>\(esc(d.system.displayName)) · \(esc(d.release))\(d.shortTitle.map { " · short title: \(esc($0))" } ?? "")</p>"
        if let v = d.validity {
            out += "<p class=\"validity \(v.valid ? "good" : "bad")\"><strong>\(v.valid ? "Valid" : "Not valid") on \(v.date)</strong>: \(esc(v.reason))</p>"
        }
        if let p = d.placeholder { out += "<p class=placeholder>\(esc(p))</p>" }
        for group in d.notes {
            out += "<div class=\"note \(group.kind.rawValue)\"><h3>\(esc(group.heading))\(group.inherited ? " <span class=muted>(from \(esc(group.from)))</span>" : "")</h3><ul>"
            out += group.texts.map { "<li>\(esc($0))</li>" }.joined() + "</ul></div>"
        }
        if !d.seventhCharacters.isEmpty {
            out += "<div class=\"note seventh\"><h3>7th characters\(d.seventhCharacterSource.map { " <span class=muted>(from \(esc($0)))</span>" } ?? "")</h3>"
            if let note = d.seventhCharacterNote { out += "<p>\(esc(note))</p>" }
            out += "<dl>" + d.seventhCharacters.map { "<dt>\(esc($0.character))</dt><dd>\(esc($0.meaning))</dd>" }.joined() + "</dl></div>"
        }
        if !d.children.isEmpty { out += "<h3>Codes below</h3>" + referenceList(d.children, system: d.system, date: date) }
        if !d.billableCodes.isEmpty, d.billableCodes != d.children {
            out += "<details><summary>All \(d.billableCodeCount) billable codes below \(esc(d.code))\(d.billableCodeCount > d.billableCodes.count ? " (first \(d.billableCodes.count))" : "")</summary>"
            out += referenceList(d.billableCodes, system: d.system, date: date) + "</details>"
        }
        if !d.attributes.isEmpty {
            out += "<h3>Details</h3><dl class=attributes>" + d.attributes.map { "<dt>\(esc($0.name))</dt><dd>\(esc($0.value))</dd>" }.joined() + "</dl>"
        }
        if !d.indexEntries.isEmpty {
            out += "<h3>Alphabetic Index</h3><ul>" + d.indexEntries.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        }
        if !d.history.isEmpty {
            out += "<h3>Releases</h3><table><tbody>" + d.history.map {
                "<tr><td>\(esc($0.release))</td><td>\($0.effectiveFrom) – \($0.effectiveThrough?.iso ?? "open")</td><td>\($0.present ? ($0.billable ? "billable" : "present, not billable") : "absent")</td></tr>"
            }.joined() + "</tbody></table>"
        }
        return out
    }

    static func errorPage(status: HTTPResponseStatus, message: String) -> Response {
        page(title: "\(status.code) \(status.reasonPhrase)", body: "<h1>\(status.code) \(esc(status.reasonPhrase))</h1><p>\(esc(message))</p>",
             active: "", status: status)
    }

    static func page(title: String, body: String, active: String, status: HTTPResponseStatus = .ok, script: String = "") -> Response {
        let nav = [("/", "Home"), ("/work", "Work"), ("/encoder", "Encoder"), ("/codesets", "Code sets"), ("/login", "Sign in")].map {
            "<a href=\"\($0.0)\"\($0.0 == active ? " aria-current=page" : "")>\($0.1)</a>"
        }.joined()
        let html = """
        <!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
        <title>\(esc(title))</title><style>\(stylesheet)</style></head>
        <body><header><a class=brand href="/">Revcycle</a><nav>\(nav)</nav></header><main>\(body)</main>\(script.isEmpty ? "" : "<script>\(script)</script>")</body></html>
        """
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html))
    }

    static let stylesheet = """
    body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
    header{display:flex;gap:1.5rem;align-items:center;background:#14324f;color:#fff;padding:.6rem 1.2rem}
    header a{color:#d9e6f2;text-decoration:none}header a[aria-current]{color:#fff;font-weight:600}.brand{font-weight:700;color:#fff}
    header nav{display:flex;gap:1rem}main{max-width:1100px;margin:1.2rem auto;padding:0 1rem}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}.card{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.2rem 1rem}
    .lead{font-size:1.1rem}.muted{color:#667085}.code{font-family:ui-monospace,monospace;font-weight:600}
    form.search{display:flex;gap:.5rem;margin:1rem 0}form.search input#q{flex:1;padding:.5rem;font-size:1rem}
    table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #e4e7ec;padding:.35rem .5rem;text-align:left;vertical-align:top}
    .status{display:inline-block;border-radius:3px;padding:0 .4rem;background:#eef0f3;font-size:.85rem}.status.good{background:#dcfae6;color:#05603a}.status.bad{background:#fee4e2;color:#912018}
    .validity.good{border-left:4px solid #12b76a;padding-left:.6rem}.validity.bad{border-left:4px solid #f04438;padding-left:.6rem}
    .note{background:#fff;border:1px solid #dde2e8;border-left-width:5px;border-radius:4px;margin:.6rem 0;padding:.1rem .8rem}.note h3{margin:.4rem 0;font-size:.95rem}
    .note.excludes1{border-left-color:#d92d20}.note.excludes2{border-left-color:#f79009}.note.codeFirst,.note.useAdditionalCode{border-left-color:#155eef;background:#eff4ff}
    .note.codeAlso{border-left-color:#7a5af8}.note.includes,.note.inclusionTerm{border-left-color:#12b76a}.note.seventh{border-left-color:#0e9384}
    nav.work{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:.4rem .8rem;margin-bottom:1rem}
    nav.work a[aria-current]{font-weight:600}.who{margin-left:auto;color:#667085}form.inline{display:inline}.error{color:#b42318;font-weight:600}
    form.signin{display:grid;gap:.7rem;max-width:22rem}form.signin input{display:block;width:100%;padding:.45rem}
    form.feesheet{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;background:#fff;border:1px solid #dde2e8;padding:.6rem;border-radius:6px}
    .claimform .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:2px;background:#c9302c;border:2px solid #c9302c}
    .claimform.ub04 .grid{background:#2d6a4f;border-color:#2d6a4f}.box{background:#fff;padding:.25rem .4rem}.box.wide{grid-column:span 2}
    .box .n{font-weight:700;color:#c9302c}.ub04 .box .n{color:#2d6a4f}.box .l{font-size:.75rem;text-transform:uppercase;color:#667085}
    .box .v{font-family:ui-monospace,monospace}table.lines{margin:2px 0}ol.timeline li{margin:.3rem 0}pre.note{white-space:pre-wrap;background:#fff;padding:.8rem;border:1px solid #dde2e8}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}.placeholder{background:#fffaeb;padding:.3rem .6rem}
    .crumbs{font-size:.9rem}.refs{columns:2}#suggest{position:absolute;background:#fff;border:1px solid #ccd;max-width:900px;z-index:2}
    #suggest a{display:block;padding:.25rem .5rem;color:inherit;text-decoration:none}#suggest a:hover,#suggest a.on{background:#eef4ff}
    .workspace{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.2rem}.workspace textarea{width:100%;font-family:ui-monospace,monospace}
    .chartnote{white-space:pre-wrap;background:#fff;padding:.8rem;border:1px solid #dde2e8;max-height:80vh;overflow:auto}mark{background:#fef0c7}
    """

    /// Type-ahead: asks the search API as the coder types and offers the top codes; Enter still submits the form.
    /// A page that defines `window.encoderPick(system, code)` (the coding workspace) takes a chosen hit into its own
    /// fields instead of opening the code.
    static let typeAheadScript = """
    (function(){const q=document.getElementById('q');if(!q)return;const box=document.createElement('div');box.id='suggest';q.after(box);
    let timer=null,seq=0;function esc(s){return s.replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
    q.addEventListener('input',()=>{clearTimeout(timer);timer=setTimeout(async()=>{const v=q.value;if(v.trim().length<2){box.innerHTML='';return;}
    const my=++seq;const p=new URLSearchParams({q:v,limit:'10'});const s=document.getElementById('system').value;const d=document.getElementById('date').value;
    if(s)p.set('system',s);if(d)p.set('date',d);const r=await fetch('/api/v1/codes/search?'+p);if(my!==seq||!r.ok)return;const hits=await r.json();
    box.innerHTML=hits.map(h=>'<a href="/encoder/'+h.system+'/'+encodeURIComponent(h.code)+(d?'?date='+d:'')+'" data-system="'+esc(h.system)+'" data-code="'+esc(h.code)+'"><b>'+esc(h.code)+'</b> '+esc(h.title)+(h.billable?'':' <i>(header)</i>')+'</a>').join('');},120);});
    box.addEventListener('click',e=>{const a=e.target.closest('a[data-code]');if(a&&window.encoderPick&&window.encoderPick(a.dataset.system,a.dataset.code)){e.preventDefault();box.innerHTML='';}});
    document.addEventListener('click',e=>{if(e.target!==q)box.innerHTML='';});})();
    """
}

/// HTML escaping for text and attribute values.
/// By Unicode scalar, not by Character: a quote followed by a combining mark is one Character that is not a quote,
/// and must still be escaped.
func esc(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        switch scalar {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        case "'": out.append(contentsOf: "&#39;".unicodeScalars)
        default: out.append(scalar)
        }
    }
    return String(out)
}
