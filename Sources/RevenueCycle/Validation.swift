import CodeSets

/// Collects `FieldProblem`s while a value is checked; every entity's `validate()` is written with it.
struct Problems {
    private(set) var list: [FieldProblem] = []

    mutating func add(_ field: String, _ message: String) {
        list.append(FieldProblem(field: field, message: message))
    }

    /// Adds the message when there is one (the `problem` of an identifier).
    mutating func add(_ field: String, ifAny message: String?) {
        if let message { add(field, message) }
    }

    /// Adds a nested value's problems under its field path.
    mutating func add(contentsOf problems: [FieldProblem], under prefix: String) {
        list.append(contentsOf: problems.map { $0.nested(under: prefix) })
    }

    /// A single-line text: present (unless optional), at most `maximumLength` characters, no control characters,
    /// no leading or trailing spaces.
    mutating func text(_ value: String, _ field: String, maximumLength: Int, what: String) {
        if value.isEmpty { add(field, "\(what) is required"); return }
        optionalText(value, field, maximumLength: maximumLength, what: what)
    }

    mutating func optionalText(_ value: String?, _ field: String, maximumLength: Int, what: String) {
        guard let value else { return }
        if value.isEmpty { add(field, "\(what) is empty: leave it out instead"); return }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            add(field, "\(what) must be a single line without control characters")
        } else if value.first?.isWhitespace == true || value.last?.isWhitespace == true {
            add(field, "\(what) must not start or end with spaces")
        }
        if value.count > maximumLength { add(field, "\(what) is at most \(maximumLength) characters; got \(value.count)") }
    }

    /// A date range whose end, when given, is not before its start.
    mutating func range(from: ServiceDate, through: ServiceDate?, fromField: String, throughField: String) {
        if let through, through < from {
            add(throughField, "ends on \(through) before it starts on \(from) (\(fromField))")
        }
    }
}
