import CodeSets
import Coding
import Foundation
import RevenueCycle
import Vapor

/// The coder's pages: the work queue (`/coding`) and the workspace of one chart (`/coding/{id}`): the note with the
/// passages behind each suggestion marked, the diagnoses in sequence with their validity on the date of service,
/// the suggestions to accept, edit or reject, and the chart's actions. They do what `CodingRoutes` do, with the same
/// permissions; refusals are shown in words. Keyboard first: the diagnoses field has the focus, and the actions
/// have access keys (Alt+Shift+S saves the codes, A adds a service, C completes, R releases).
struct CodingPages: Sendable {
    func register(_ app: Application) {
        app.get("coding", use: queue)
        app.get("coding", "productivity", use: productivity)
        app.post("coding", "productivity", "targets", use: setTargets)
        app.get("coding", ":id", use: workspace)
        app.post("coding", ":id", ":action", use: action)
    }

    @Sendable func queue(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        let query = try CodingRoutes.query(req, principal)
        let page = try await req.store.codingWork(tenantID: principal.tenantID, query: query)
        let today = req.state.today()
        let payers = Dictionary(try await req.store.records(Payer.self, tenantID: principal.tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit))
            .items.map { ($0.value.id, $0.value.name) }, uniquingKeysWith: { first, _ in first })
        let canCode = PermissionMatrix.allows(principal.role, .codingWrite)
        var body = "<h1>Coding queue</h1><p class=muted>Signed encounters waiting to be coded: most urgent first, then the oldest date of service. "
        body += "Claim a chart to code it; release it or hand it back with a reason if it is not yours to finish.</p>"
        if PermissionMatrix.allows(principal.role, .reportsRead) {
            body += "<p><a href=\"/coding/productivity\">Productivity and suggestion acceptance</a> · <a href=\"/coding/audits\">Audits and accuracy</a></p>"
        }
        body += "<form method=get action=\"/coding\" class=feesheet>"
        body += Self.select("status", "Status", [("", "open work")] + CodingWorkStatus.allCases.map { ($0.rawValue, $0.rawValue) },
                            selected: query.statuses == CodingWorkStatus.open ? "" : query.statuses.map(\.rawValue).joined(separator: ","))
        body += Self.select("workType", "Work type", [("", "any")] + CodingWorkType.allCases.map { ($0.rawValue, $0.rawValue) }, selected: query.workType?.rawValue ?? "")
        body += Self.select("priority", "Priority", [("", "any")] + CodingPriority.allCases.map { ($0.rawValue, $0.rawValue) }, selected: query.priority?.rawValue ?? "")
        body += Self.select("payer", "Payer", [("", "any")] + payers.sorted { $0.value < $1.value }.map { ($0.key.uuidString, $0.value) },
                            selected: query.payerID?.uuidString ?? "")
        body += "<label>Specialty <input name=specialty value=\"\(esc(query.specialty ?? ""))\" size=14></label>"
        let minimumAge = try req.intParameter("minimumAgeDays", range: 0...3650, default: 0)
        body += "<label>At least <input name=minimumAgeDays type=number min=0 max=3650 value=\"\(minimumAge)\" size=4> days old</label>"
        body += Self.select("assignee", "Whose", [("", "anyone's"), ("me", "mine")], selected: try req.stringParameter("assignee", maxLength: 40) ?? "")
        body += "<label><input type=checkbox name=unassigned value=true\(query.unassignedOnly ? " checked" : "")> unassigned only</label><button>Show</button></form>"
        body += "<table><tr><th>Priority</th><th>Date of service</th><th>Age</th><th>Work type</th><th>Specialty</th><th>Payer</th><th>Status</th><th>Coder</th><th></th></tr>"
        for stored in page.items {
            let item = stored.value
            body += "<tr><td><span class=status>\(item.priority.rawValue)</span></td>"
            body += "<td><a href=\"/coding/\(item.id)\">\(item.serviceFrom)\(item.serviceThrough != item.serviceFrom ? " – \(item.serviceThrough)" : "")</a></td>"
            body += "<td>\(item.ageInDays(on: today)) d</td><td>\(item.workType.rawValue)</td><td>\(esc(item.specialty))</td>"
            body += "<td>\(esc(item.payerID.flatMap { payers[$0] } ?? "self-pay"))</td><td>\(item.status.rawValue)"
            if let note = item.handBackNote { body += "<br><span class=muted>handed back: \(esc(note))</span>" }
            body += "</td><td>\(esc(item.assignee?.displayName ?? "—"))</td><td>"
            if canCode && item.assignee == nil && (item.status == .queued || item.status == .inProgress) {
                body += "<form method=post action=\"/coding/\(item.id)/claim\" class=inline>\(WorkPages.csrfField(principal))<button>Claim</button></form>"
            }
            body += "</td></tr>"
        }
        body += "</table>" + (page.items.isEmpty ? "<p>No charts match.</p>" : "") + WorkPages.nextLink(req, page.nextCursor)
        return try await WorkPages.page(req, principal, title: "Coding queue", body: body, active: "/coding")
    }

    @Sendable func productivity(_ req: Request) async throws -> Response {
        let principal = try await req.require(.reportsRead)
        return try await Self.productivityPage(req, principal, notice: "")
    }

    static func productivityPage(_ req: Request, _ principal: Principal, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let report = try await CodingRoutes.productivityReport(req, principal)
        let (from, to) = try CodingRoutes.period(req)
        let acceptance = SuggestionAcceptance.summarize(try await req.store.suggestionDecisions(tenantID: principal.tenantID, from: report.from, to: report.to))
        func tenths(_ v: Int?) -> String { v.map { "\($0 / 10).\($0 % 10)" } ?? "—" }
        func perMille(_ v: Int?) -> String { v.map { "\($0 / 10).\($0 % 10)%" } ?? "—" }
        let t = report.targets
        var body = "<h1>Coding productivity</h1>" + notice
        body += "<form method=get class=feesheet><label>From <input type=date name=from value=\(from.iso)></label><label>To <input type=date name=to value=\(to.iso)></label><button>Show</button></form>"
        body += "<h2>Coders, \(from) to \(to)</h2><table><tr><th>Coder</th><th>Outpatient</th><th>Inpatient</th><th>Hours</th><th>Charts an hour</th><th>Target</th><th>Median turnaround</th></tr>"
        for c in report.coders {
            let met = c.meetsTarget.map { $0 ? " <span class=status>met</span>" : " <span class=status>below</span>" } ?? ""
            body += "<tr><td>\(esc(c.coder.displayName))</td><td>\(c.outpatientCompleted)</td><td>\(c.inpatientCompleted)</td><td>\(tenths(c.handlingSeconds / 360))</td>"
            body += "<td>\(tenths(c.chartsPerHourTenths))\(met)</td><td>\(tenths(c.targetChartsPerHourTenths))</td><td>\(c.medianTurnaroundHours.map { "\($0) h" } ?? "—")</td></tr>"
        }
        body += "</table>" + (report.coders.isEmpty ? "<p>No charts completed in the period.</p>" : "")
        body += "<p>\(report.completed) completed; median turnaround \(report.medianTurnaroundHours.map { "\($0) h" } ?? "—"), "
        body += "\(perMille(report.withinTurnaroundPerMille)) within the \(t.turnaroundHours) h target.</p>"
        let q = report.queue
        body += "<h2>Queue now</h2><p>\(q.open) open (\(q.unassigned) unassigned, \(q.pendingQuery) waiting on a query); oldest \(q.oldestDays.map { "\($0) days" } ?? "—"); "
        body += "\(q.overTarget) older than \(t.maximumQueueAgeDays) days.</p>"
        body += "<h2>Suggestions from the note</h2><table><tr><th>Coder</th><th>Accepted</th><th>Edited</th><th>Rejected</th><th>Accepted as suggested</th><th>Useful</th></tr>"
        for a in acceptance.byCoder + [acceptance.total] {
            body += "<tr><td>\(esc(a.coder?.displayName ?? "All coders"))</td><td>\(a.accepted)</td><td>\(a.edited)</td><td>\(a.rejected)</td>"
            body += "<td>\(perMille(a.acceptancePerMille))</td><td>\(perMille(a.usefulPerMille))</td></tr>"
        }
        body += "</table>"
        if PermissionMatrix.allows(principal.role, .codingAssign) {
            body += "<h2>Targets</h2><form method=post action=\"/coding/productivity/targets\" class=feesheet>\(WorkPages.csrfField(principal))"
            body += "<label>Outpatient charts an hour (tenths) <input type=number name=outpatientChartsPerHourTenths value=\(t.outpatientChartsPerHourTenths) min=1 max=10000></label>"
            body += "<label>Inpatient charts an hour (tenths) <input type=number name=inpatientChartsPerHourTenths value=\(t.inpatientChartsPerHourTenths) min=1 max=10000></label>"
            body += "<label>Turnaround hours <input type=number name=turnaroundHours value=\(t.turnaroundHours) min=1 max=8760></label>"
            body += "<label>Oldest chart, days <input type=number name=maximumQueueAgeDays value=\(t.maximumQueueAgeDays) min=0 max=3650></label><button>Save targets</button></form>"
        }
        return try await WorkPages.page(req, principal, title: "Coding productivity", body: body, active: "/coding", status: status)
    }

    @Sendable func setTargets(_ req: Request) async throws -> Response {
        let principal = try await req.require(.codingAssign)
        let form = try req.content.decode(CodingRoutes.TargetsRequest.self)
        do {
            _ = try await CodingRoutes.saveTargets(req, principal, form)
        } catch RecordError.invalid(let problems) {
            return try await Self.productivityPage(req, principal, notice: ExchangePages.error(problems.map(\.description).joined(separator: "; ")), status: .unprocessableEntity)
        }
        return req.redirect(to: "/coding/productivity", redirectType: .normal)
    }

    static func select(_ name: String, _ label: String, _ options: [(String, String)], selected: String) -> String {
        "<label>\(label) <select name=\(name)>" + options.map { "<option value=\"\(esc($0.0))\"\($0.0 == selected ? " selected" : "")>\(esc($0.1))</option>" }.joined()
            + "</select></label>"
    }

    @Sendable func workspace(_ req: Request) async throws -> Response {
        let principal = try await req.require(.encountersRead)
        do {
            return try await Self.workspacePage(req, principal, id: try req.uuidPathParameter(), notice: "")
        } catch AccessError.auditPending(let reviewID) {
            return req.redirect(to: "/coding/audit-reviews/\(reviewID)", redirectType: .normal)
        }
    }

    static func workspacePage(_ req: Request, _ principal: Principal, id: UUID, notice: String, status: HTTPStatus = .ok) async throws -> Response {
        let stored = try await CodingRoutes.item(req, principal, id: id)
        let item = stored.value
        let (reading, encounter) = try await CodingRoutes.suggestions(req, principal, id: id)
        let e = encounter.value
        let library = req.state.library
        try await req.audit(principal, .read, entityType: "encounter", entityID: id.uuidString, detail: "coding workspace")
        let mine = item.assignee?.userID == principal.user.id
        let canCode = PermissionMatrix.allows(principal.role, .codingWrite)
        let working = mine && canCode && (item.status == .inProgress || item.status == .pendingQuery)
        let patient = try await req.store.record(Patient.self, id: e.patientID, tenantID: principal.tenantID)?.value
        let csrf = WorkPages.csrfField(principal)
        func form(_ action: String, _ fields: String, _ button: String, key: String? = nil) -> String {
            "<form method=post action=\"/coding/\(id)/\(action)\" class=inline>\(csrf)<input type=hidden name=version value=\(stored.version)>\(fields)"
                + "<button\(key.map { " accesskey=\($0)" } ?? "")>\(button)</button></form>"
        }

        var body = "<h1>Chart: \(esc(patient?.name.description ?? "patient")), \(e.serviceFrom)\(e.serviceThrough != e.serviceFrom ? " – \(e.serviceThrough)" : "")</h1>"
        body += "<p class=muted>\(item.workType.rawValue) (\(reading.setting == .inpatient ? "uncertain diagnoses coded as established" : "uncertain diagnoses not coded; code the signs and symptoms")), "
        body += "\(esc(item.specialty)), priority \(item.priority.rawValue), \(item.status.rawValue)"
        body += item.assignee.map { ", with \(esc($0.displayName))" } ?? ", unassigned"
        body += "; codes checked against \(esc(reading.release)).</p>" + notice
        if let note = item.handBackNote { body += "<p class=muted>Handed back: \(esc(note))</p>" }

        // Actions on the chart.
        var actions = ""
        if canCode && item.assignee == nil && (item.status == .queued || item.status == .inProgress) { actions += form("claim", "", "Claim") }
        if working && item.status == .inProgress {
            actions += form("complete", "", "Complete", key: "c")
            actions += form("release", "", "Release", key: "r")
            actions += form("hand-back", "<input name=note required placeholder=\"why it goes back\" aria-label=\"Why it goes back\">", "Hand back")
        }
        if canCode && item.status == .done && e.status == .coded {
            actions += form("reopen", "<input name=note required placeholder=\"why reopen\" aria-label=\"Why reopen\">", "Reopen")
        }
        if PermissionMatrix.allows(principal.role, .codingAssign) && CodingWorkStatus.open.contains(item.status) {
            let coders = try await req.store.users(tenantID: principal.tenantID)
                .filter { $0.1.isActive && $0.0.isActive && PermissionMatrix.allows($0.1.role, .codingWrite) }
            actions += form("assign", "<select name=userID aria-label=Coder>" + coders.map { "<option value=\($0.0.id)>\(esc($0.0.displayName))</option>" }.joined() + "</select>", "Assign")
            actions += form("priority", "<select name=priority aria-label=Priority>" + CodingPriority.allCases.map {
                "<option value=\($0.rawValue)\($0 == item.priority ? " selected" : "")>\($0.rawValue)</option>" }.joined() + "</select>", "Set priority")
        }
        if !actions.isEmpty { body += "<p>\(actions)</p>" }

        body += "<div class=workspace><section><h2>Documentation</h2><div class=chartnote>\(Self.markedNote(e.note, reading.all.map(\.suggestion)))</div></section><section>"
        // The codes, in sequence, with their validity on the date of service.
        body += "<h2>Diagnoses</h2><ol>"
        for dx in e.diagnoses {
            let title: String
            switch library.lookup(dx.code, system: .icd10cm, date: e.serviceFrom) {
            case .success(let detail): title = esc(detail.title) + (library.isBillable(icd10cm: dx.code, on: e.serviceFrom) ? "" : " <strong>not billable on \(e.serviceFrom)</strong>")
            case .failure(let failure): title = "<strong>\(esc(failure.reason))</strong>"
            }
            body += "<li><a class=code href=\"/encoder/icd10cm/\(esc(dx.code))\">\(esc(dx.description))</a> \(title)</li>"
        }
        body += "</ol>" + (e.diagnoses.isEmpty ? "<p class=muted>No diagnoses yet.</p>" : "")
        body += Self.procedureList(e, library: library)
        if working {
            body += "<form id=codes method=post action=\"/coding/\(id)/diagnoses\">\(csrf)<input type=hidden name=version value=\(stored.version)>"
            body += "<label>Diagnoses in sequence, the first is the \(e.claimKind == .institutional ? "principal" : "primary") (one per line or separated by spaces)"
            body += "<textarea name=diagnoses rows=5 autofocus>\(esc(e.diagnoses.map(\.description).joined(separator: "\n")))</textarea></label>"
            if e.claimKind == .institutional {
                body += "<label>ICD-10-PCS procedures in sequence, the first is the principal procedure"
                body += "<textarea name=procedureCodes rows=3>\(esc(e.procedureCodes.map(\.code).joined(separator: "\n")))</textarea></label>"
            }
            body += "<button accesskey=s>Save codes</button></form>" + Self.encoderPanel(e)
        }
        body += try await Self.serviceSection(req, principal, encounter: e, working: working, csrf: csrf)
        body += try await Self.editsSection(req, principal, chartID: id, live: working)

        func suggestionTable(_ suggestions: [CodingRoutes.SuggestionBody]) -> String {
            var html = "<table><tr><th>Code</th><th>Evidence</th><th>Confidence</th><th>Why</th><th>Decision</th></tr>"
            for s in suggestions {
                let sg = s.suggestion
                html += "<tr id=\"s-\(esc(sg.id))\"><td><span class=code>\(esc(sg.code))</span><br>\(esc(sg.title))</td><td>“\(esc(sg.evidence))”<br><span class=muted>\(esc(sg.indexPath))</span></td>"
                html += "<td>\(Int((sg.confidence * 100).rounded()))%</td><td>\(esc(sg.rationale))\(sg.instructions.isEmpty ? "" : "<br><span class=muted>" + esc(sg.instructions.joined(separator: "; ")) + "</span>")</td><td>"
                if let d = s.decision {
                    let final = d.finalCode.map { sg.codeSystem == .icd10pcs ? $0 : DiagnosisCode($0).description }
                    html += "<span class=status>\(d.outcome.rawValue)</span>\(final.map { " as " + esc($0) } ?? "")\(d.reason.map { "<br><span class=muted>" + esc($0) + "</span>" } ?? "") — \(esc(d.coder.displayName))"
                }
                if working {
                    let hidden = "<input type=hidden name=suggestionID value=\"\(esc(sg.id))\">"
                    html += "<div>" + form("decide", hidden + "<input type=hidden name=outcome value=accepted>", "Accept")
                    html += form("decide", hidden + "<input type=hidden name=outcome value=edited><input name=code required size=8 placeholder=code aria-label=\"Code instead\">", "Edit")
                    html += form("decide", hidden + "<input type=hidden name=outcome value=rejected><input name=reason required size=14 placeholder=\"why not\" aria-label=\"Why not\">", "Reject") + "</div>"
                }
                html += "</td></tr>"
            }
            return html + "</table>"
        }
        body += "<h2>Suggestions from the note</h2>" + suggestionTable(reading.suggestions)
        body += reading.suggestions.isEmpty ? "<p class=muted>The note coder found no diagnosis to suggest.</p>" : ""
        if reading.setting == .inpatient {
            body += "<h3>Procedures (ICD-10-PCS\(reading.procedureRelease.map { ", " + esc($0) } ?? ""))</h3>"
            body += reading.procedures.isEmpty ? "<p class=muted>No procedure with its root operation, body part and approach documented.</p>" : suggestionTable(reading.procedures)
        }
        if !reading.setAside.isEmpty {
            body += "<h3>Set aside</h3><ul>" + reading.setAside.map { "<li>“\(esc($0.evidence))”: \(esc($0.rationale))</li>" }.joined() + "</ul>"
        }
        body += try await Self.riskSection(req, principal, encounter: e, patient: patient, suggestions: reading.suggestions.map(\.suggestion))
        body += try await Self.querySection(req, principal, item: item, version: stored.version, working: working, csrf: csrf)
        body += "</section></div><h2>History</h2><ul>"
        body += item.events.map { ev in
            "<li>\(ExchangePages.time(ev.at)) \(ev.kind.rawValue)\(ev.actor.map { " by " + esc($0.displayName) } ?? "")\(ev.note.map { ": " + esc($0) } ?? "")</li>"
        }.joined() + "</ul>"
        return try await WorkPages.page(req, principal, title: "Chart", body: body, active: "/coding", status: status,
                                        script: working ? Self.liveEditsScript(chartID: id) + Pages.typeAheadScript + Self.encoderPickScript : "")
    }

    /// The HCCs (CMS-HCC V28, the next payment year's tables) the encounter's diagnoses map to, each with its MEAT
    /// support from the note (the cue words near each diagnosis's evidence), the RAF of the encounter and of the
    /// patient's year, and last year's HCCs not coded again. Left out, with the reason, when the tables are missing.
    static func riskSection(_ req: Request, _ principal: Principal, encounter e: Encounter, patient: Patient?, suggestions: [CodeSuggestion]) async throws -> String {
        guard let patient, !e.diagnoses.isEmpty else { return "" }
        let risk: RiskAdjustmentRoutes.EncounterRiskResponse
        do {
            risk = try await RiskAdjustmentRoutes.risk(req, tenantID: principal.tenantID, encounter: e, patient: patient, model: .v28, dualStatus: nil,
                                                       originalReason: nil, institutional: false)
        } catch let unavailable as RiskTablesUnavailable {
            return "<h2>Risk adjustment</h2><p class=muted>\(esc(unavailable.reason))</p>"
        } catch APIError.invalidParameter(_, let message) {
            return "<h2>Risk adjustment</h2><p class=muted>\(esc(message))</p>"
        }
        var html = "<h2>Risk adjustment (CMS-HCC V28, payment year \(risk.paymentYear))</h2>"
        html += "<p>RAF of this encounter \(risk.encounter.riskScore), of \(risk.serviceYear) so far \(risk.year.riskScore) (\(risk.encountersInYear) encounters). "
        html += "<span class=muted>\(risk.assumptions.map(esc).joined(separator: "; "))</span></p>"
        if !risk.encounter.hccs.isEmpty {
            html += "<table><tr><th>HCC</th><th>Diagnoses</th><th>MEAT in the note</th></tr>"
            for hcc in risk.encounter.hccs {
                var support: [String] = []
                for dx in hcc.diagnoses {
                    guard let evidence = suggestions.first(where: { DiagnosisCode($0.code).code == dx }) else {
                        support.append("\(esc(DiagnosisCode(dx).description)): no passage of the note found for it")
                        continue
                    }
                    let meat = MEATEvidence.support(in: e.note, evidenceStart: evidence.start, evidenceEnd: evidence.end)
                    support.append("\(esc(DiagnosisCode(dx).description)): " + (meat.isSupported
                        ? meat.kinds.map { kind in "<strong>\(kind.rawValue)</strong> (" + meat.findings.filter { $0.kind == kind }.map { esc($0.cue) }.joined(separator: ", ") + ")" }.joined(separator: "; ")
                        : "<strong>named, not monitored, evaluated, assessed or treated</strong>: query the provider or do not report it for risk adjustment"))
                }
                html += "<tr><td>\(hcc.category) \(esc(hcc.label ?? ""))\(hcc.coefficient.map { " (\($0))" } ?? "")</td><td class=code>\(hcc.diagnoses.map { esc(DiagnosisCode($0).description) }.joined(separator: " "))</td>"
                html += "<td>\(support.joined(separator: "<br>"))</td></tr>"
            }
            html += "</table>"
        }
        if !risk.suspectedGaps.isEmpty {
            html += "<p>Coded last year, not yet this year: " + risk.suspectedGaps.map { gap in
                "HCC \(gap.category) \(esc(gap.label ?? "")) (\(gap.priorDiagnoses.map { esc(DiagnosisCode($0).description) }.joined(separator: ", ")))"
            }.joined(separator: "; ") + "</p>"
        }
        return html
    }

    /// The chart's queries to the provider, and the form that sends one (compliant templates: clinical indicators,
    /// the reasonable options; "other" and "clinically undetermined" are added by the rules).
    static func querySection(_ req: Request, _ principal: Principal, item: CodingWorkItem, version: Int, working: Bool, csrf: String) async throws -> String {
        let queries = try await req.store.providerQueries(tenantID: principal.tenantID, query: ProviderQueryQuery(encounterID: item.id, limit: 50)).items
        var html = "<h2>Queries to the provider</h2>"
        let now = Date()
        for stored in queries {
            let q = stored.value
            html += "<div class=query><p><span class=status>\(q.status.rawValue)</span> \(q.ageInDays(at: now)) d — \(esc(q.question))</p>"
            html += "<p class=muted>Clinical indicators: \(q.clinicalIndicators.map(esc).joined(separator: "; "))</p>"
            html += "<p>Options: \(q.options.map(esc).joined(separator: " · "))</p>"
            if let answer = q.answer { html += "<p>Answer: <strong>\(esc(answer))</strong>\(q.answerDetail.map { " — " + esc($0) } ?? "") (\(esc(q.answeredBy?.displayName ?? "")))</p>" }
            if q.status == .open && item.assignee?.userID == principal.user.id && PermissionMatrix.allows(principal.role, .codingWrite) {
                html += "<form method=post action=\"/queries/\(q.id)/withdraw\" class=inline>\(csrf)<input name=reason required placeholder=\"why withdraw\" aria-label=\"Why withdraw\"><button>Withdraw</button></form>"
            }
            html += "</div>"
        }
        if working && item.status == .inProgress {
            html += "<form method=post action=\"/coding/\(item.id)/query\" class=queryform>\(csrf)<input type=hidden name=version value=\(version)>"
            html += "<label>Template <select name=templateID>" + ProviderQueryTemplate.all.map { "<option value=\($0.id)>\(esc($0.title))</option>" }.joined() + "</select></label>"
            html += "<label>About (the finding or condition) <input name=subject required maxlength=200></label>"
            html += "<label>Clinical indicators from the record, one per line <textarea name=clinicalIndicators rows=3 required></textarea></label>"
            html += "<label>Options, one per line (yes/no only for relationship or present on admission) <textarea name=options rows=4></textarea></label>"
            html += "<button>Send query</button></form>"
        }
        return html
    }

    /// The note, escaped, with each suggestion's evidence in a `<mark>` naming its codes (overlapping spans merged).
    static func markedNote(_ note: String, _ suggestions: [CodeSuggestion]) -> String {
        let units = Array(note.utf16)
        var spans: [(start: Int, end: Int, codes: [String])] = []
        for s in suggestions.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            let start = max(0, min(s.start, units.count)), end = max(start, min(s.end, units.count))
            guard end > start else { continue }
            if let last = spans.last, start < last.end {
                spans[spans.count - 1].end = max(last.end, end)
                spans[spans.count - 1].codes.append(s.code)
            } else {
                spans.append((start, end, [s.code]))
            }
        }
        func text(_ range: Range<Int>) -> String { esc(String(decoding: units[range], as: UTF16.self)) }
        var html = "", at = 0
        for span in spans {
            html += text(at..<span.start)
            html += "<mark title=\"\(esc(span.codes.joined(separator: ", ")))\">\(text(span.start..<span.end))</mark>"
            at = span.end
        }
        return html + text(at..<units.count)
    }

    struct ActionForm: Content {
        var version: Int?
        var note: String?
        var userID: UUID?
        var priority: CodingPriority?
        var diagnoses: String?
        var suggestionID: String?
        var templateID: String?
        var subject: String?
        var clinicalIndicators: String?
        var options: String?
        var outcome: SuggestionOutcome?
        var code: String?
        var reason: String?
        var procedureCodes: String?
        var modifiers: String?
        var units: Int?
        var pointers: String?
        var date: String?
        var revenueCode: String?
        var serviceID: UUID?
        var serviceVersion: Int?
    }

    /// POST /coding/{id}/{action}: the queue's and workspace's forms.
    @Sendable func action(_ req: Request) async throws -> Response {
        let name = req.parameters.get("action") ?? ""
        let permission: Permission = ["assign", "priority"].contains(name) ? .codingAssign : .codingWrite
        let principal = try await req.require(permission)
        let id = try req.uuidPathParameter()
        let form = try req.content.decode(ActionForm.self)
        let now = Date()
        let actor = principal.claimActor
        do {
            switch name {
            case "claim":
                _ = try await CodingRoutes.act(req, principal, id: id, version: form.version, what: "claimed") { try CodingDesk.claim($0, $1, by: actor, at: now) }
            case "release":
                let others = PermissionMatrix.allows(principal.role, .codingAssign)
                _ = try await CodingRoutes.act(req, principal, id: id, version: form.version, what: "released") {
                    try CodingDesk.release($0, $1, by: actor, mayReleaseOthers: others, at: now)
                }
                return req.redirect(to: "/coding", redirectType: .normal)
            case "hand-back":
                _ = try await CodingRoutes.act(req, principal, id: id, version: form.version, what: "handed back: \(form.note ?? "")") {
                    try CodingDesk.handBack($0, $1, by: actor, note: form.note ?? "", at: now)
                }
                return req.redirect(to: "/coding", redirectType: .normal)
            case "assign":
                let coder = try await CodingRoutes.coder(req, principal, form.userID)
                _ = try await CodingRoutes.act(req, principal, id: id, version: form.version, what: "assigned to \(coder.displayName)") {
                    try CodingDesk.assign($0, $1, to: coder, by: actor, at: now)
                }
            case "priority":
                guard let priority = form.priority else { throw CodingWorkRefusal("priority", "choose a priority") }
                _ = try await CodingRoutes.act(req, principal, id: id, version: form.version, what: "priority \(priority.rawValue)") {
                    (try CodingDesk.prioritize($0, priority, by: actor, at: now), $1)
                }
            case "diagnoses":
                func codes(_ text: String) -> [String] { text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "," || $0 == "\t" }).map(String.init) }
                _ = try await CodingRoutes.code(req, principal, id: id, version: form.version, diagnoses: codes(form.diagnoses ?? "").map(DiagnosisCode.init),
                                                procedureCodes: form.procedureCodes.map { codes($0).map { ProcedureCode.icd10pcs($0.uppercased()) } })
            case "service-add", "service-change", "service-remove":
                try await Self.serviceAction(req, principal, chartID: id, name, form)
            case "complete":
                _ = try await CodingRoutes.complete(req, principal, id: id, version: form.version)
                return req.redirect(to: "/coding?assignee=me", redirectType: .normal)
            case "reopen":
                _ = try await CodingRoutes.act(req, principal, id: id, version: form.version, what: "reopened: \(form.note ?? "")") {
                    try CodingDesk.reopen($0, $1, by: actor, note: form.note ?? "", at: now)
                }
            case "query":
                func lines(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: \.isNewline).map(String.init) }
                _ = try await ProviderQueryRoutes.send(req, principal, chartID: id, .init(templateID: form.templateID ?? "", subject: form.subject ?? "",
                                                                                          clinicalIndicators: lines(form.clinicalIndicators), options: lines(form.options),
                                                                                          version: form.version))
            case "decide":
                guard let suggestionID = form.suggestionID, let outcome = form.outcome else { throw CodingWorkRefusal("reason", "the form lacks the suggestion or the decision") }
                _ = try await CodingRoutes.decide(req, principal, id: id, .init(suggestionID: suggestionID, outcome: outcome, code: form.code, reason: form.reason))
            default:
                throw Abort(.notFound)
            }
        } catch let refusal as CodingWorkRefusal {
            return try await Self.workspacePage(req, principal, id: id, notice: ExchangePages.error(refusal.message), status: .conflict)
        } catch RecordError.invalid(let problems) {
            return try await Self.workspacePage(req, principal, id: id, notice: ExchangePages.error(problems.map(\.description).joined(separator: "; ")),
                                                status: .unprocessableEntity)
        } catch StoreError.versionConflict(_, _, _, _) {
            return try await Self.workspacePage(req, principal, id: id, notice: ExchangePages.error(ExchangePages.changedMeanwhile), status: .conflict)
        }
        return req.redirect(to: "/coding/\(id)", redirectType: .normal)
    }
}
