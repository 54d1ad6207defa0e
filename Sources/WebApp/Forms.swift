import CodeSets
import Foundation
import Persistence
import RevenueCycle
import Vapor

/// What the record forms share: inputs that show what was typed, reading typed text, and saving. A refused save
/// answers the form again, filled in, with each problem named (422), or with the news that someone else changed the
/// record since the form was opened (409: the form's hidden version plays the API's If-Match).
enum Forms {
    static func input(_ name: String, _ label: String, _ value: String?, type: String = "text", extra: String = "") -> String {
        "<label>\(esc(label)) <input name=\(name) type=\(type) value=\"\(esc(value ?? ""))\" \(extra)></label>"
    }

    static func select(_ name: String, _ label: String, _ options: [(value: String, label: String)], selected: String?) -> String {
        "<label>\(esc(label)) <select name=\(name)>" + options.map {
            "<option value=\"\(esc($0.value))\"\($0.value == selected ? " selected" : "")>\(esc($0.label))</option>"
        }.joined() + "</select></label>"
    }

    /// The version the record was read at, sent back with the change.
    static func version(_ version: Int?) -> String {
        version.map { "<input type=hidden name=version value=\($0)>" } ?? ""
    }

    static func problemList(_ problems: [FieldProblem]) -> String {
        problems.isEmpty ? "" : "<ul class=error role=alert>" + problems.map { "<li>\(esc($0.field)): \(esc($0.message))</li>" }.joined() + "</ul>"
    }

    static func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespaces) }
    static func optional(_ value: String?) -> String? { text(value).isEmpty ? nil : text(value) }

    /// A required date; a problem named after the field when it is missing or not a date.
    static func date(_ value: String?, _ field: String, _ problems: inout [FieldProblem]) -> ServiceDate? {
        guard let date = ServiceDate(iso: text(value)) else {
            problems.append(FieldProblem(field: field, message: "expected a date such as 2026-01-31; got \"\(text(value))\""))
            return nil
        }
        return date
    }

    /// An optional date: empty is nil, anything else must be a date.
    static func optionalDate(_ value: String?, _ field: String, _ problems: inout [FieldProblem]) -> ServiceDate? {
        optional(value) == nil ? nil : date(value, field, &problems)
    }

    static func int(_ value: String?, _ field: String, _ problems: inout [FieldProblem]) -> Int {
        guard let number = Int(text(value)) else {
            problems.append(FieldProblem(field: field, message: "expected a whole number; got \"\(text(value))\""))
            return 0
        }
        return number
    }

    /// Dollars as typed in a form ("125.00"), without the sign and grouping of `Money.formatted`.
    static func dollars(_ money: Money) -> String {
        money.formatted.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
    }

    /// The version a change form sent back; without it nobody's change could be told from a stale one.
    static func requiredVersion(_ version: Int?) throws -> Int {
        guard let version else { throw RecordError.versionRequired }
        return version
    }

    /// Runs `save` (which answers where to go next) and redirects there; a refusal renders the form again.
    static func save(_ req: Request, render: ([FieldProblem], HTTPStatus) async throws -> Response,
                     _ save: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: try await save(), redirectType: .normal)
        } catch RecordError.invalid(let problems) {
            return try await render(problems, .unprocessableEntity)
        } catch StoreError.versionConflict(let kind, _, _, _) {
            let stale = FieldProblem(field: "version", message: "someone else changed this \(kind) after this form was opened; open the form again to see their change")
            return try await render([stale], .conflict)
        }
    }
}
