import CodeSets
import Foundation

/// A rule file that cannot be used: the file, where in it (a path such as `rules[2].when.procedures[0]`) and what
/// was expected. A rule set is used whole or not at all.
public struct PayerRuleFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String
    public var description: String { "\(file)\(path.isEmpty ? "" : ", \(path)"): \(message)" }
}

/// Reads payer rule files: JSON, `"format": "revcycle-payer-rules"`, `"formatVersion": 1` (docs/PAYER_RULES.md).
/// Unknown keys are refused, so that a misspelt condition never silently widens a rule.
public enum PayerRuleFile {
    public static let format = "revcycle-payer-rules"
    public static let formatVersion = 1

    /// Every `.json` file in the folder, in name order.
    public static func load(directory: URL) throws -> PayerRuleBook {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw PayerRuleFileError(file: directory.path, path: "", message: "cannot list the payer rules folder: \(error.localizedDescription)")
        }
        let sets = try names.map { name in
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PayerRuleFileError(file: name, path: "", message: "cannot read the file")
            }
            return try read(data, file: name)
        }
        return try PayerRuleBook(sets)
    }

    public static func read(_ data: Data, file: String) throws(PayerRuleFileError) -> PayerRuleSet {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw PayerRuleFileError(file: file, path: "", message: "not JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)")
        } catch {
            throw PayerRuleFileError(file: file, path: "", message: "not JSON: \(error)")
        }
        return try Reader(file: file).ruleSet(root)
    }

    /// JSON as written, so that a number, a boolean and a string stay apart.
    enum JSONValue: Decodable {
        case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
            else { self = .object(try c.decode([String: JSONValue].self)) }
        }
    }

    struct Reader {
        let file: String

        func fail(_ path: String, _ message: String) -> PayerRuleFileError { PayerRuleFileError(file: file, path: path, message: message) }

        func object(_ value: JSONValue?, _ path: String, keys: Set<String>, required: Set<String> = []) throws(PayerRuleFileError) -> [String: JSONValue] {
            guard case .object(let object)? = value else { throw fail(path, "expected an object {...}") }
            if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
                throw fail(path, "unknown key \"\(unknown)\"; expected one of \(keys.sorted().joined(separator: ", "))")
            }
            if let absent = required.sorted().first(where: { object[$0] == nil }) { throw fail(path, "\"\(absent)\" is required") }
            return object
        }

        func string(_ value: JSONValue?, _ path: String) throws(PayerRuleFileError) -> String {
            guard case .string(let s)? = value, !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(path, "expected a non-empty string") }
            return s
        }

        func integer(_ value: JSONValue?, _ path: String, _ range: ClosedRange<Int>) throws(PayerRuleFileError) -> Int {
            guard case .number(let n)? = value, let i = Int(exactly: n), range.contains(i) else {
                throw fail(path, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return i
        }

        func strings(_ value: JSONValue?, _ path: String) throws(PayerRuleFileError) -> [String] {
            guard case .array(let array)? = value, !array.isEmpty else { throw fail(path, "expected a non-empty list [\"...\"]") }
            var out: [String] = []
            for (i, item) in array.enumerated() { out.append(try string(item, "\(path)[\(i)]")) }
            return out
        }

        func patterns(_ value: JSONValue?, _ path: String) throws(PayerRuleFileError) -> [CodePattern] {
            var out: [CodePattern] = []
            for (i, text) in try strings(value, path).enumerated() {
                switch CodePattern.parse(text) {
                case .success(let p): out.append(p)
                case .failure(let e): throw fail("\(path)[\(i)]", "\"\(text)\": \(e.reason)")
                }
            }
            return out
        }

        func date(_ value: JSONValue?, _ path: String) throws(PayerRuleFileError) -> ServiceDate {
            let text = try string(value, path)
            guard let d = ServiceDate(iso: text) else { throw fail(path, "expected a date YYYY-MM-DD; got \"\(text)\"") }
            return d
        }

        func oneOf<E: RawRepresentable & CaseIterable>(_ text: String, _ path: String, _ type: E.Type) throws(PayerRuleFileError) -> E where E.RawValue == String {
            guard let e = E(rawValue: text) else { throw fail(path, "expected one of \(E.allCases.map(\.rawValue).joined(separator: ", ")); got \"\(text)\"") }
            return e
        }

        func ruleSet(_ root: JSONValue) throws(PayerRuleFileError) -> PayerRuleSet {
            let o = try object(root, "", keys: ["format", "formatVersion", "payer", "version", "timelyFilingDays", "rules"],
                               required: ["format", "formatVersion", "payer", "version", "rules"])
            guard try string(o["format"], "format") == PayerRuleFile.format else { throw fail("format", "expected \"\(PayerRuleFile.format)\"") }
            let version = try integer(o["formatVersion"], "formatVersion", 1...1_000)
            guard version == PayerRuleFile.formatVersion else {
                throw fail("formatVersion", "this Revcycle reads format version \(PayerRuleFile.formatVersion); the file is version \(version)")
            }
            let payer = try object(o["payer"], "payer", keys: ["name", "ids"], required: ["name", "ids"])
            guard case .array(let ruleList)? = o["rules"] else { throw fail("rules", "expected a list of rules [...]") }
            var rules: [PayerRule] = []
            var seen: Set<String> = []
            for (i, item) in ruleList.enumerated() {
                let rule = try self.rule(item, "rules[\(i)]")
                guard seen.insert(rule.id).inserted else { throw fail("rules[\(i)].id", "rule id \(rule.id) is used twice") }
                rules.append(rule)
            }
            return PayerRuleSet(payerName: try string(payer["name"], "payer.name"), payerIDs: try strings(payer["ids"], "payer.ids"),
                                version: try string(o["version"], "version"),
                                timelyFilingDays: try o["timelyFilingDays"].map { v throws(PayerRuleFileError) in try integer(v, "timelyFilingDays", 1...3650) },
                                rules: rules, file: file)
        }

        func rule(_ value: JSONValue, _ path: String) throws(PayerRuleFileError) -> PayerRule {
            let o = try object(value, path, keys: ["id", "description", "effective", "through", "when", "then", "prevents"],
                               required: ["id", "description", "when", "then"])
            let id = try string(o["id"], "\(path).id")
            guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw fail("\(path).id", "a rule id is letters, digits, - _ and . (it becomes the edit id payer:\(id))")
            }
            let effective = try o["effective"].map { v throws(PayerRuleFileError) in try date(v, "\(path).effective") }
            let through = try o["through"].map { v throws(PayerRuleFileError) in try date(v, "\(path).through") }
            if let effective, let through, through < effective { throw fail("\(path).through", "ends before it starts (\(effective))") }
            let then = try object(o["then"], "\(path).then", keys: ["action", "modifier", "message", "resolution"], required: ["action", "message", "resolution"])
            let action = try oneOf(try string(then["action"], "\(path).then.action"), "\(path).then.action", PayerRule.Action.self)
            let modifier = try then["modifier"].map { v throws(PayerRuleFileError) in try string(v, "\(path).then.modifier") }
            if action == .suggestModifier, modifier == nil { throw fail("\(path).then.modifier", "suggestModifier needs the modifier to suggest") }
            return PayerRule(id: id, description: try string(o["description"], "\(path).description"), effective: effective, through: through,
                             when: try conditions(o["when"], "\(path).when"), action: action, modifier: modifier,
                             message: try string(then["message"], "\(path).then.message"), resolution: try string(then["resolution"], "\(path).then.resolution"),
                             prevents: try o["prevents"].map { v throws(PayerRuleFileError) in try strings(v, "\(path).prevents") } ?? [])
        }

        func conditions(_ value: JSONValue?, _ path: String) throws(PayerRuleFileError) -> PayerRule.Conditions {
            let o = try object(value, path, keys: ["claimKinds", "procedures", "proceduresAbsent", "modifiers", "modifiersAbsent", "unitsAbove", "diagnoses",
                                                   "diagnosesAbsent", "placesOfService", "renderingNPIs", "renderingTaxonomies", "patientAgeAtLeast",
                                                   "patientAgeAtMost", "patientSex", "missing"])
            var c = PayerRule.Conditions()
            if let v = o["claimKinds"] {
                c.claimKinds = try strings(v, "\(path).claimKinds").enumerated().map { i, s throws(PayerRuleFileError) in
                    guard let kind = ScrubClaim.Kind(rawValue: s) else { throw fail("\(path).claimKinds[\(i)]", "expected professional or institutional; got \"\(s)\"") }
                    return kind
                }
            }
            if let v = o["procedures"] { c.procedures = try patterns(v, "\(path).procedures") }
            if let v = o["proceduresAbsent"] { c.proceduresAbsent = try patterns(v, "\(path).proceduresAbsent") }
            if let v = o["modifiers"] { c.modifiers = try strings(v, "\(path).modifiers").map { $0.uppercased() } }
            if let v = o["modifiersAbsent"] { c.modifiersAbsent = try strings(v, "\(path).modifiersAbsent").map { $0.uppercased() } }
            if let v = o["unitsAbove"] { c.unitsAbove = try integer(v, "\(path).unitsAbove", 0...99_999) }
            if let v = o["diagnoses"] { c.diagnoses = try patterns(v, "\(path).diagnoses") }
            if let v = o["diagnosesAbsent"] { c.diagnosesAbsent = try patterns(v, "\(path).diagnosesAbsent") }
            if let v = o["placesOfService"] { c.placesOfService = try strings(v, "\(path).placesOfService") }
            if let v = o["renderingNPIs"] { c.renderingNPIs = try strings(v, "\(path).renderingNPIs") }
            if let v = o["renderingTaxonomies"] { c.renderingTaxonomies = try patterns(v, "\(path).renderingTaxonomies") }
            if let v = o["patientAgeAtLeast"] { c.patientAgeAtLeast = try integer(v, "\(path).patientAgeAtLeast", 0...130) }
            if let v = o["patientAgeAtMost"] { c.patientAgeAtMost = try integer(v, "\(path).patientAgeAtMost", 0...130) }
            if let v = o["patientSex"] { c.patientSex = try strings(v, "\(path).patientSex") }
            if let v = o["missing"] {
                c.missing = try strings(v, "\(path).missing").enumerated().map { i, s throws(PayerRuleFileError) in
                    try oneOf(s, "\(path).missing[\(i)]", PayerRule.ClaimField.self)
                }
            }
            return c
        }
    }
}
