import Foundation
import HealthCareX12

/// Reads a payer contract from its JSON file (format in docs/SANDBOX.md). Strict: an unknown key, a wrong type, an
/// amount that is not "dollars.cents" text, a code of the wrong shape or a rule listed twice is refused, naming the
/// file and the JSON path. Sections left out take their defaults (no rules).
extension PayerContract {
    public static func load(_ file: URL) throws -> PayerContract {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ContractError(file: file.path, path: "$", problem: "cannot be read")
        }
        return try read(data, file: file.path)
    }

    public static func read(_ data: Data, file: String) throws -> PayerContract {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ContractError(file: file, path: "$", problem: "is not JSON: \(JSONValue.reason(error))")
        }
        let root = JSONNode(value: value, path: "$", file: file)
        let top = try root.object(required: ["version", "payer"],
                                  optional: ["fees", "patientCost", "priorAuthorization", "medicalNecessity", "bundling", "timelyFilingDays",
                                             "rejections", "crossover", "providerAdjustment", "payment", "pendDays"])
        let version = try top["version"]!.integer(in: 1...Int.max)
        guard version == formatVersion else {
            throw top["version"]!.fail("version \(version) is not one this reader knows; expected \(formatVersion)")
        }
        let payerNode = try top["payer"]!.object(required: ["name", "id", "taxId"], optional: ["address", "contactPhone"])
        var contract = PayerContract(payer: Party(name: try payerNode["name"]!.text(maxLength: 60), idQualifier: "PI",
                                                  id: try payerNode["id"]!.text(maxLength: 80, pattern: .identifier)),
                                     payerTaxID: try payerNode["taxId"]!.text(pattern: .digits(9)))
        contract.payer.address = try payerNode["address"].map(address) ?? PayerContract.demo.payer.address
        if let phone = payerNode["contactPhone"] { contract.payerContactPhone = try phone.text(pattern: .digits(10)) }

        if let fees = top["fees"] {
            let node = try fees.object(required: [], optional: ["defaultPercentOfCharge", "allowed"])
            if let percent = node["defaultPercentOfCharge"] { contract.defaultPercentOfCharge = try percent.integer(in: 0...100) }
            var seen: [String: String] = [:]
            for entry in try node["allowed"]?.array() ?? [] {
                let fee = try entry.object(required: ["code", "amount"], optional: ["modifier"])
                let code = try fee["code"]!.text(pattern: .procedure), modifier = try fee["modifier"]?.text(pattern: .modifier)
                let key = code + ":" + (modifier ?? "")
                if let first = seen[key] { throw entry.fail("\(code)\(modifier.map { " with modifier \($0)" } ?? "") is listed twice (first at \(first))") }
                seen[key] = entry.path
                contract.fees.append(Fee(code: code, modifier: modifier, allowedCents: try fee["amount"]!.amount(allowNegative: false)))
            }
        }
        if let cost = top["patientCost"] {
            let node = try cost.object(required: [], optional: ["deductible", "memberDeductibles", "coinsurancePercent", "copays"])
            if let deductible = node["deductible"] { contract.deductibleCents = try deductible.amount(allowNegative: false) }
            for (member, amount) in try node["memberDeductibles"]?.members() ?? [] {
                contract.memberDeductibleCents[try member.key(pattern: .identifier)] = try amount.amount(allowNegative: false)
            }
            if let percent = node["coinsurancePercent"] { contract.coinsurancePercent = try percent.integer(in: 0...100) }
            for entry in try node["copays"]?.array() ?? [] {
                let copay = try entry.object(required: ["code", "amount"], optional: [])
                let code = try copay["code"]!.text(pattern: .procedure)
                if contract.copayCents[code] != nil { throw entry.fail("\(code) has a copay already") }
                contract.copayCents[code] = try copay["amount"]!.amount(allowNegative: false)
            }
        }
        contract.priorAuthorizationCodes = try codes(top["priorAuthorization"], .procedure)
        for entry in try top["medicalNecessity"]?.array() ?? [] {
            let rule = try entry.object(required: ["code", "coveredDiagnoses"], optional: [])
            let code = try rule["code"]!.text(pattern: .procedure)
            if contract.coveredDiagnoses[code] != nil { throw entry.fail("\(code) has a medical-necessity rule already") }
            let diagnoses = try codes(rule["coveredDiagnoses"], .diagnosis).map { $0.replacingOccurrences(of: ".", with: "") }
            if diagnoses.isEmpty { throw rule["coveredDiagnoses"]!.fail("lists no diagnosis; a rule needs at least one") }
            contract.coveredDiagnoses[code] = diagnoses
        }
        for entry in try top["bundling"]?.array() ?? [] {
            let pair = try entry.object(required: ["column1", "column2"], optional: ["modifierAllowed"])
            let column1 = try pair["column1"]!.text(pattern: .procedure), column2 = try pair["column2"]!.text(pattern: .procedure)
            if column1 == column2 { throw entry.fail("column1 and column2 are both \(column1)") }
            contract.bundledPairs.append(BundledPair(column1: column1, column2: column2, modifierAllowed: try pair["modifierAllowed"]?.boolean() ?? false))
        }
        if let days = top["timelyFilingDays"] { contract.timelyFilingDays = try days.integer(in: 1...3650) }
        if let days = top["pendDays"] { contract.pendDays = try days.integer(in: 0...365) }
        if let rejections = top["rejections"] {
            let node = try rejections.object(required: [], optional: ["notCoveredMembers", "claimDefects"])
            contract.notCoveredMembers = try codes(node["notCoveredMembers"], .identifier)
            contract.claimDefects = try (node["claimDefects"]?.array() ?? []).map { entry in
                let name = try entry.text()
                guard let defect = ClaimDefect(rawValue: name) else {
                    throw entry.fail("'\(name)' is not a claim defect the sandbox checks; expected one of \(ClaimDefect.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return defect
            }
        }
        if let crossover = top["crossover"] {
            let node = try crossover.object(required: ["members", "payer"], optional: [])
            let payer = try node["payer"]!.object(required: ["name", "id"], optional: [])
            let members = try codes(node["members"], .identifier)
            if members.isEmpty { throw node["members"]!.fail("lists no member; a crossover needs at least one") }
            contract.crossover = Crossover(members: members, payer: Party(name: try payer["name"]!.text(maxLength: 60), idQualifier: "PI",
                                                                           id: try payer["id"]!.text(maxLength: 80, pattern: .identifier)))
        }
        if let plb = top["providerAdjustment"] {
            let node = try plb.object(required: ["reason", "reference", "amount"], optional: [])
            let reason = try node["reason"]!.text()
            guard providerAdjustmentReasons.contains(reason) else {
                throw node["reason"]!.fail("'\(reason)' is not a provider adjustment reason the sandbox applies; expected one of \(providerAdjustmentReasons.joined(separator: ", "))")
            }
            let amount = try node["amount"]!.amount(allowNegative: true)
            if amount == 0 { throw node["amount"]!.fail("is zero; leave the adjustment out instead") }
            contract.providerAdjustment = ProviderAdjustment(reason: reason, reference: try node["reference"]!.text(maxLength: 50, pattern: .identifier),
                                                             amountCents: amount)
        }
        if let payment = top["payment"] {
            let node = try payment.object(required: [], optional: ["method", "firstTraceNumber"])
            if let method = node["method"] {
                let text = try method.text()
                guard ["CHK", "ACH"].contains(text) else { throw method.fail("'\(text)' is not a payment method; expected CHK or ACH") }
                contract.paymentMethod = text
            }
            if let first = node["firstTraceNumber"] { contract.firstTraceNumber = try first.integer(in: 1...999_999_999) }
        }
        return contract
    }

    private static func address(_ node: JSONNode) throws -> Address {
        let a = try node.object(required: ["line1", "city", "state", "postalCode"], optional: [])
        return Address(line1: try a["line1"]!.text(maxLength: 55), city: try a["city"]!.text(maxLength: 30),
                       state: try a["state"]!.text(pattern: .letters(2)), postalCode: try a["postalCode"]!.text(pattern: .postalCode))
    }

    /// A list of codes of one shape, none twice.
    private static func codes(_ node: JSONNode?, _ pattern: JSONNode.Pattern) throws -> [String] {
        var seen: Set<String> = []
        return try (node?.array() ?? []).map { entry in
            let code = try entry.text(pattern: pattern)
            if !seen.insert(code).inserted { throw entry.fail("\(code) is listed twice") }
            return code
        }
    }
}

/// Any JSON value, read with JSONDecoder so that true is never a number and 1.5 never an integer.
enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int), number(Double), text(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Double.self) { self = .number(d) } else if let s = try? c.decode(String.self) { self = .text(s) } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .text: "text"
        case .array: "a list"
        case .object: "an object"
        }
    }

    static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// A JSON value with its path, for messages that say where the mistake is.
struct JSONNode {
    enum Pattern {
        /// Letters, digits, '-' and '_'.
        case identifier
        case digits(Int)
        case letters(Int)
        case postalCode
        /// A CPT or HCPCS code: five letters or digits.
        case procedure
        case modifier
        /// An ICD-10-CM code or its first characters, with or without the dot.
        case diagnosis

        var expectation: String {
            switch self {
            case .identifier: "letters, digits, '-' and '_'"
            case .digits(let n): "\(n) digits"
            case .letters(let n): "\(n) capital letters"
            case .postalCode: "a ZIP code of 5 or 9 digits"
            case .procedure: "a CPT or HCPCS code: 5 capital letters or digits"
            case .modifier: "a modifier: 2 capital letters or digits"
            case .diagnosis: "an ICD-10-CM code or its first characters (3 to 7 characters, a letter first, the dot optional)"
            }
        }

        func matches(_ s: String) -> Bool {
            let bytes = Array(s.utf8)
            func upperOrDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) }
            switch self {
            case .identifier:
                return !bytes.isEmpty && bytes.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
            case .digits(let n): return bytes.count == n && bytes.allSatisfy { (0x30...0x39).contains($0) }
            case .letters(let n): return bytes.count == n && bytes.allSatisfy { (0x41...0x5A).contains($0) }
            case .postalCode: return (bytes.count == 5 || bytes.count == 9) && bytes.allSatisfy { (0x30...0x39).contains($0) }
            case .procedure: return bytes.count == 5 && bytes.allSatisfy(upperOrDigit)
            case .modifier: return bytes.count == 2 && bytes.allSatisfy(upperOrDigit)
            case .diagnosis:
                let plain = bytes.filter { $0 != UInt8(ascii: ".") }
                let dots = bytes.count - plain.count
                guard (3...7).contains(plain.count), dots <= 1, let first = plain.first, (0x41...0x5A).contains(first),
                      plain.allSatisfy(upperOrDigit) else { return false }
                return dots == 0 || bytes.firstIndex(of: UInt8(ascii: ".")) == 3
            }
        }
    }

    let value: JSONValue
    let path: String
    let file: String

    func fail(_ problem: String) -> ContractError { ContractError(file: file, path: path, problem: problem) }

    /// The object's members; a key outside `required` and `optional` is refused, and so is a missing required one.
    func object(required: [String], optional: [String]) throws -> [String: JSONNode] {
        guard case .object(let members) = value else { throw fail("expected an object, found \(value.kind)") }
        let known = required + optional
        for key in members.keys.sorted() where !known.contains(key) {
            throw fail("unknown key '\(key)'; expected \(known.map { "'\($0)'" }.joined(separator: ", "))")
        }
        for key in required where members[key] == nil { throw fail("'\(key)' is missing") }
        return members.reduce(into: [:]) { $0[$1.key] = JSONNode(value: $1.value, path: "\(path).\($1.key)", file: file) }
    }

    /// An object used as a map: its keys (for their own messages) and values, in key order.
    func members() throws -> [(key: JSONNode, value: JSONNode)] {
        guard case .object(let members) = value else { throw fail("expected an object, found \(value.kind)") }
        return members.keys.sorted().map { key in
            (JSONNode(value: .text(key), path: "\(path) key '\(key)'", file: file), JSONNode(value: members[key]!, path: "\(path).\(key)", file: file))
        }
    }

    func array() throws -> [JSONNode] {
        guard case .array(let items) = value else { throw fail("expected a list, found \(value.kind)") }
        return items.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func text(maxLength: Int = 80, pattern: Pattern? = nil) throws -> String {
        guard case .text(let s) = value else { throw fail("expected text, found \(value.kind)") }
        if s.isEmpty { throw fail("is empty") }
        if s.count > maxLength { throw fail("is \(s.count) characters long; at most \(maxLength)") }
        if s.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 0x20 || "~*:^|".unicodeScalars.contains($0) }) {
            throw fail("'\(s)' has a character X12 cannot carry (non-ASCII, a control character or one of ~ * : ^ |)")
        }
        if let pattern, !pattern.matches(s) { throw fail("'\(s)' is not \(pattern.expectation)") }
        return s
    }

    func key(pattern: Pattern) throws -> String { try text(pattern: pattern) }

    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard case .integer(let n) = value else { throw fail("expected a whole number, found \(value.kind)") }
        guard range.contains(n) else {
            throw fail("\(n) is out of range; expected \(range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)")")
        }
        return n
    }

    func boolean() throws -> Bool {
        guard case .bool(let b) = value else { throw fail("expected true or false, found \(value.kind)") }
        return b
    }

    /// An amount as text, "92.50" or "92" (a JSON number would pass through floating point); in cents.
    func amount(allowNegative: Bool) throws -> Int {
        guard case .text(let s) = value else { throw fail("expected an amount as text such as \"92.50\", found \(value.kind)") }
        guard let c = cents(s), s.utf8.count <= 12 else { throw fail("'\(s)' is not an amount: digits with at most two after the point, such as \"92.50\"") }
        if c < 0 && !allowNegative { throw fail("'\(s)' is negative; expected zero or more") }
        return c
    }
}
