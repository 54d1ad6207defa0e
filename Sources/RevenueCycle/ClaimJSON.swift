import CodeSets
import Foundation

// The claim's stored JSON, written and read by hand. It is the same document `JSONEncoder` (sorted keys) writes and
// `JSONDecoder` reads from the claim's `Codable` conformance, byte for byte (the store's form differs only in the
// ledger's postings, which `ClaimLedger`'s decoding reads in either form); done by hand because the store encodes
// and decodes every claim an 835 changes, and Foundation's coders (keyed containers, a UUID parsed with `sscanf`)
// were about two fifths of posting one. Rare parts (a drug, earlier payers' decisions, a history, a string that
// needs escaping) go through Foundation inside the hand-written document, and a document the fast reader does not
// expect in every detail (an unknown key, a number with a fraction, a key twice...) is read whole by `JSONDecoder`,
// so anything `Codable` accepts or refuses is accepted or refused alike.

public enum ClaimJSON {
    /// The claim's JSON, as `JSONEncoder` with `.sortedKeys` writes it.
    public static func encode(_ claim: Claim) throws -> String {
        var w = DocumentWriter()
        try w.claim(claim, history: claim.history)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The claim as the store keeps it: without its history (kept as rows of its own), and with the ledger's
    /// postings in their stored form (`ClaimLedger`'s `postingGroups`). `decode` and `JSONDecoder` read it back.
    public static func encodeForStore(_ claim: Claim) throws -> String {
        var w = DocumentWriter(storedLedger: true)
        try w.claim(claim, history: [])
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The claim in `text`, or the error `JSONDecoder` gives for it.
    public static func decode(_ text: String) throws -> Claim {
        if let claim = fastDecode(text) { return claim }
        return try JSONDecoder().decode(Claim.self, from: Data(text.utf8))
    }

    /// The claim read by hand, or nil when the text is anything but what the fast reader expects.
    static func fastDecode(_ text: String) -> Claim? {
        var text = text
        return text.withUTF8 { buffer -> Claim? in
            var r = DocumentReader(buffer)
            guard let claim = try? r.claim() else { return nil }
            r.skipSpace()
            return r.atEnd ? claim : nil
        }
    }
}

// MARK: - Writing

private struct DocumentWriter {
    var bytes: [UInt8] = []
    /// Writes the ledger's postings in their stored form.
    let storedLedger: Bool

    init(storedLedger: Bool = false) {
        self.storedLedger = storedLedger
        bytes.reserveCapacity(4096)
    }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `"key":`, the comma before it written by the caller through `raw`.
    mutating func key(_ s: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(s)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ s: String) throws {
        var plain = true
        for b in s.utf8 where b < 0x20 || b >= 0x7F || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "/") {
            plain = false
            break
        }
        if plain {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: "\""))
        } else {
            // Escapes and non-ASCII text exactly as Foundation writes them.
            try foundation(s)
        }
    }

    mutating func foundation<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        bytes.append(contentsOf: try encoder.encode(value))
    }

    mutating func int(_ value: Int) {
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value.magnitude
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[count] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    mutating func uuid(_ id: UUID) {
        bytes.append(UInt8(ascii: "\""))
        id.appendUppercaseText(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func date(_ d: ServiceDate) {
        // Years outside four digits cannot be made (`ServiceDate` keeps 1900 to 2999).
        func two(_ v: Int) { bytes.append(UInt8(ascii: "0") + UInt8(v / 10 % 10)); bytes.append(UInt8(ascii: "0") + UInt8(v % 10)) }
        bytes.append(UInt8(ascii: "\""))
        two(d.year / 100); two(d.year % 100)
        bytes.append(UInt8(ascii: "-")); two(d.month)
        bytes.append(UInt8(ascii: "-")); two(d.day)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func strings(_ list: [String]) throws {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in list.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            try string(s)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    // The keys of each object in the order `.sortedKeys` puts them (tests compare with `JSONEncoder`).

    mutating func claim(_ c: Claim, history: [ClaimTransition]) throws {
        raw("{"); key("billingProvider"); try billingProvider(c.billingProvider)
        raw(","); key("coverageID"); uuid(c.coverageID)
        raw(","); key("coverageOrder"); try string(c.coverageOrder.rawValue)
        raw(","); key("diagnoses"); try strings(c.diagnoses.map(\.code))
        raw(","); key("encounterID"); uuid(c.encounterID)
        if let id = c.facilityID { raw(","); key("facilityID"); uuid(id) }
        raw(","); key("frequency"); try string(c.frequency.rawValue)
        raw(","); key("history")
        if history.isEmpty { raw("[]") } else { try foundation(history) }
        raw(","); key("id"); uuid(c.id)
        raw(","); key("kind"); try string(c.kind.rawValue)
        if let d = c.lastStatusInquiryOn { raw(","); key("lastStatusInquiryOn"); date(d) }
        raw(","); key("ledger"); try ledger(c.ledger)
        raw(","); key("lines"); raw("[")
        for (i, line) in c.lines.enumerated() {
            if i > 0 { raw(",") }
            try self.line(line)
        }
        raw("]")
        raw(","); key("patientControlNumber"); try string(c.patientControlNumber)
        raw(","); key("patientID"); uuid(c.patientID)
        if let s = c.payerClaimControlNumber { raw(","); key("payerClaimControlNumber"); try string(s) }
        raw(","); key("payerID"); uuid(c.payerID)
        if let s = c.placeOfService { raw(","); key("placeOfService"); try string(s) }
        if let s = c.priorAuthorizationNumber { raw(","); key("priorAuthorizationNumber"); try string(s) }
        raw(","); key("priorPayerAdjudications")
        if c.priorPayerAdjudications.isEmpty { raw("[]") } else { try foundation(c.priorPayerAdjudications) }
        raw(","); key("procedureCodes"); raw("[")
        for (i, code) in c.procedureCodes.enumerated() {
            if i > 0 { raw(",") }
            try procedure(code)
        }
        raw("]")
        if let s = c.referralNumber { raw(","); key("referralNumber"); try string(s) }
        if let id = c.referringProviderID { raw(","); key("referringProviderID"); uuid(id) }
        if let id = c.renderingProviderID { raw(","); key("renderingProviderID"); uuid(id) }
        raw(","); key("status"); try string(c.status.rawValue)
        if let id = c.supervisingProviderID { raw(","); key("supervisingProviderID"); uuid(id) }
        raw(","); key("tenantID"); uuid(c.tenantID)
        if let s = c.typeOfBill { raw(","); key("typeOfBill"); try string(s) }
        raw("}")
    }

    mutating func billingProvider(_ b: BillingProvider) throws {
        raw("{"); key("address")
        raw("{"); key("city"); try string(b.address.city)
        raw(","); key("lines"); try strings(b.address.lines)
        raw(","); key("postalCode"); try string(b.address.postalCode)
        raw(","); key("state"); try string(b.address.state)
        raw("}")
        raw(","); key("name"); try string(b.name)
        raw(","); key("npi"); try string(b.npi.value)
        raw(","); key("taxID"); try string(b.taxID.value)
        raw("}")
    }

    mutating func procedure(_ p: ProcedureCode) throws {
        raw("{"); key("code"); try string(p.code)
        raw(","); key("system"); try string(p.system.rawValue)
        raw("}")
    }

    mutating func line(_ l: ClaimLine) throws {
        raw("{"); key("charge"); int(l.charge.cents)
        raw(","); key("chargeID"); uuid(l.chargeID)
        raw(","); key("diagnosisPointers"); raw("[")
        for (i, p) in l.diagnosisPointers.enumerated() {
            if i > 0 { raw(",") }
            int(p)
        }
        raw("]")
        if let drug = l.drug { raw(","); key("drug"); try foundation(drug) }
        raw(","); key("lineItemControlNumber"); try string(l.lineItemControlNumber)
        raw(","); key("lineNumber"); int(l.lineNumber)
        raw(","); key("modifiers"); try strings(l.modifiers)
        if let p = l.procedure { raw(","); key("procedure"); try procedure(p) }
        if let s = l.revenueCode { raw(","); key("revenueCode"); try string(s) }
        raw(","); key("serviceDate"); date(l.serviceDate)
        raw(","); key("units"); int(l.units)
        raw("}")
    }

    mutating func ledger(_ l: ClaimLedger) throws {
        raw("{"); key("lines"); raw("[")
        for (i, line) in l.lines.enumerated() {
            if i > 0 { raw(",") }
            raw("{"); key("adjustments"); int(line.adjustments.cents)
            raw(","); key("balance"); int(line.balance.cents)
            raw(","); key("charges"); int(line.charges.cents)
            raw(","); key("lineNumber"); int(line.lineNumber)
            raw(","); key("patientResponsibility"); int(line.patientResponsibility.cents)
            raw(","); key("payments"); int(line.payments.cents)
            raw("}")
        }
        raw("]")
        if storedLedger { try postingGroups(l.postings); raw("}"); return }
        raw(","); key("postings"); raw("[")
        for (i, p) in l.postings.enumerated() {
            if i > 0 { raw(",") }
            raw("{"); key("allowsCreditBalance"); bool(p.allowsCreditBalance)
            raw(","); key("entry"); try entry(p.entry)
            raw(","); key("id"); uuid(p.id)
            raw(","); key("lineNumber"); int(p.lineNumber)
            raw(","); key("postedOn"); date(p.postedOn)
            if let s = p.reference { raw(","); key("reference"); try string(s) }
            raw("}")
        }
        raw("]}")
    }

    /// `,"postingGroups":[...]`: each run of postings made on one date, from one reference, with one credit rule,
    /// as `{"allowsCreditBalance":..,"postedOn":..,"postings":[[id, line, kind, fields...]...],"reference":..}`.
    /// An 835 adds a dozen postings to a claim; written whole, each repeated its date, its reference and its keys.
    mutating func postingGroups(_ postings: [LedgerPosting]) throws {
        raw(","); key("postingGroups"); raw("[")
        var start = postings.startIndex
        while start < postings.endIndex {
            let first = postings[start]
            var end = start + 1
            while end < postings.endIndex, postings[end].postedOn == first.postedOn, postings[end].reference == first.reference,
                  postings[end].allowsCreditBalance == first.allowsCreditBalance { end += 1 }
            if start > postings.startIndex { raw(",") }
            raw("{"); key("allowsCreditBalance"); bool(first.allowsCreditBalance)
            raw(","); key("postedOn"); date(first.postedOn)
            raw(","); key("postings"); raw("[")
            for (i, p) in postings[start..<end].enumerated() {
                if i > 0 { raw(",") }
                raw("["); uuid(p.id); raw(","); int(p.lineNumber); raw(",")
                try storedEntry(p.entry)
                raw("]")
            }
            raw("]")
            if let s = first.reference { raw(","); key("reference"); try string(s) }
            raw("}")
            start = end
        }
        raw("]")
    }

    /// The entry's kind and fields, in `PostingEntry`'s order, inside a stored posting's array.
    mutating func storedEntry(_ e: PostingEntry) throws {
        switch e {
        case .payment(let amount, let by):
            raw("\"payment\","); int(amount.cents); raw(","); try string(by.rawValue)
        case .adjustment(let amount, let group, let reason, let against):
            raw("\"adjustment\","); int(amount.cents); raw(","); try string(group.rawValue); raw(","); try string(reason)
            raw(","); try string(against.rawValue)
        case .patientResponsibility(let amount, let reason):
            raw("\"patientResponsibility\","); int(amount.cents); raw(","); try string(reason)
        case .transfer(let amount, let to):
            raw("\"transfer\","); int(amount.cents); raw(","); try string(to.rawValue)
        case .refund(let amount, let to):
            raw("\"refund\","); int(amount.cents); raw(","); try string(to.rawValue)
        case .reversal(let id):
            raw("\"reversal\","); uuid(id)
        }
    }

    mutating func entry(_ e: PostingEntry) throws {
        raw("{")
        switch e {
        case .payment(let amount, let by):
            key("amount"); int(amount.cents); raw(","); key("by"); try string(by.rawValue); raw(","); key("kind"); raw("\"payment\"")
        case .adjustment(let amount, let group, let reason, let against):
            key("against"); try string(against.rawValue); raw(","); key("amount"); int(amount.cents)
            raw(","); key("group"); try string(group.rawValue); raw(","); key("kind"); raw("\"adjustment\"")
            raw(","); key("reason"); try string(reason)
        case .patientResponsibility(let amount, let reason):
            key("amount"); int(amount.cents); raw(","); key("kind"); raw("\"patientResponsibility\"")
            raw(","); key("reason"); try string(reason)
        case .transfer(let amount, let to):
            key("amount"); int(amount.cents); raw(","); key("kind"); raw("\"transfer\""); raw(","); key("to"); try string(to.rawValue)
        case .refund(let amount, let to):
            key("amount"); int(amount.cents); raw(","); key("kind"); raw("\"refund\""); raw(","); key("to"); try string(to.rawValue)
        case .reversal(let id):
            key("kind"); raw("\"reversal\""); raw(","); key("reversedPostingID"); uuid(id)
        }
        raw("}")
    }
}

// MARK: - Reading

/// Anything the fast reader does not expect; the document is then read by `JSONDecoder`.
private struct NotTheExpectedDocument: Error {}

/// Fills a field's slot; a key seen twice is not what the fast reader expects.
private func once<T>(_ slot: inout T?, _ value: T) throws {
    guard slot == nil else { throw NotTheExpectedDocument() }
    slot = value
}

private struct DocumentReader {
    let text: UnsafeBufferPointer<UInt8>
    var at = 0

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    var atEnd: Bool { at == text.count }

    mutating func skipSpace() {
        while at < text.count {
            switch text[at] {
            case 0x20, 0x0A, 0x0D, 0x09: at += 1
            default: return
            }
        }
    }

    mutating func peek() throws -> UInt8 {
        skipSpace()
        guard at < text.count else { throw NotTheExpectedDocument() }
        return text[at]
    }

    mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw NotTheExpectedDocument() }
        at += 1
    }

    /// Consumes `byte` if it comes next.
    mutating func take(_ byte: UInt8) throws -> Bool {
        if try peek() == byte { at += 1; return true }
        return false
    }

    /// The bytes of a string without escapes (a string with any is not the fast reader's).
    mutating func plainString() throws -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = at
        while at < text.count {
            let b = text[at]
            if b == UInt8(ascii: "\"") {
                at += 1
                return UnsafeBufferPointer(rebasing: text[start..<(at - 1)])
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { throw NotTheExpectedDocument() }
            at += 1
        }
        throw NotTheExpectedDocument()
    }

    /// A string; one with escapes (`\/`, `\"`...) is read by `JSONDecoder`.
    mutating func string() throws -> String {
        skipSpace()
        let start = at
        if let plain = try? plainString() { return String(decoding: plain, as: UTF8.self) }
        at = start
        return try foundation(String.self)
    }

    mutating func optional<T>(_ read: (inout DocumentReader) throws -> T) throws -> T? {
        if try peek() == UInt8(ascii: "n") { try literal("null"); return nil }
        return try read(&self)
    }

    mutating func literal(_ word: StaticString) throws {
        skipSpace()
        let matched = word.withUTF8Buffer { w in
            text.count - at >= w.count && memcmp(text.baseAddress! + at, w.baseAddress!, w.count) == 0
        }
        guard matched else { throw NotTheExpectedDocument() }
        at += word.utf8CodeUnitCount
    }

    mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") { try literal("true"); return true }
        try literal("false")
        return false
    }

    /// An integer as JSON writes it (no fraction, exponent or leading zero), of at most 18 digits.
    mutating func int() throws -> Int {
        skipSpace()
        var negative = false
        if at < text.count, text[at] == UInt8(ascii: "-") { negative = true; at += 1 }
        let start = at
        var value = 0
        while at < text.count, text[at] >= UInt8(ascii: "0"), text[at] <= UInt8(ascii: "9") {
            value = value * 10 + Int(text[at] - UInt8(ascii: "0"))
            at += 1
        }
        let digits = at - start
        guard digits >= 1, digits <= 18, !(digits > 1 && text[start] == UInt8(ascii: "0")) else { throw NotTheExpectedDocument() }
        if at < text.count, text[at] == UInt8(ascii: ".") || text[at] == UInt8(ascii: "e") || text[at] == UInt8(ascii: "E") {
            throw NotTheExpectedDocument()
        }
        return negative ? -value : value
    }

    mutating func money() throws -> Money {
        let cents = try int()
        // `Money`'s own decoding refuses more; the document is then left to it, for its error.
        guard cents.magnitude <= Money.maximumInputCents.magnitude else { throw NotTheExpectedDocument() }
        return Money(cents: cents)
    }

    mutating func uuid() throws -> UUID {
        guard let id = UUID(hyphenatedUTF8: try plainString()) else { throw NotTheExpectedDocument() }
        return id
    }

    /// `YYYY-MM-DD` in digits, a real date.
    mutating func date() throws -> ServiceDate {
        let s = try plainString()
        guard s.count == 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-") else { throw NotTheExpectedDocument() }
        func number(_ range: Range<Int>) throws -> Int {
            var v = 0
            for i in range {
                guard s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") else { throw NotTheExpectedDocument() }
                v = v * 10 + Int(s[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard let d = ServiceDate(year: try number(0..<4), month: try number(5..<7), day: try number(8..<10)) else { throw NotTheExpectedDocument() }
        return d
    }

    mutating func code<T: RawRepresentable<String>>(_ type: T.Type) throws -> T {
        guard let value = T(rawValue: try string()) else { throw NotTheExpectedDocument() }
        return value
    }

    mutating func array<T>(_ element: (inout DocumentReader) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        var list: [T] = []
        if try take(UInt8(ascii: "]")) { return list }
        repeat { list.append(try element(&self)) } while try take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return list
    }

    /// Calls `field` with each key of an object; `field` reads the value. A key seen twice is not expected.
    mutating func object(_ field: (inout DocumentReader, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try take(UInt8(ascii: "}")) { return }
        repeat {
            let key = try plainString()
            try expect(UInt8(ascii: ":"))
            try field(&self, key)
        } while try take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// The next value, whatever it is, read by `JSONDecoder` (the document's rare parts).
    mutating func foundation<T: Decodable>(_ type: T.Type) throws -> T {
        skipSpace()
        let start = at
        try skipValue(depth: 0)
        return try JSONDecoder().decode(type, from: Data(UnsafeBufferPointer(rebasing: text[start..<at])))
    }

    mutating func skipValue(depth: Int) throws {
        guard depth < 64 else { throw NotTheExpectedDocument() }
        switch try peek() {
        case UInt8(ascii: "{"):
            try object { r, _ in try r.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            _ = try array { r in try r.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            // Escapes allowed here: the value goes to `JSONDecoder`, which reads them.
            at += 1
            while at < text.count, text[at] != UInt8(ascii: "\"") { at += text[at] == UInt8(ascii: "\\") ? 2 : 1 }
            guard at < text.count else { throw NotTheExpectedDocument() }
            at += 1
        default:
            let start = at
            while at < text.count, !",}] \n\r\t".utf8.contains(text[at]) { at += 1 }
            guard at > start else { throw NotTheExpectedDocument() }
        }
    }

    // The claim's types, each with exactly the keys its `Codable` conformance reads.

    mutating func claim() throws -> Claim {
        var id: UUID?, tenantID: UUID?, kind: ClaimKind?, encounterID: UUID?, patientID: UUID?, coverageID: UUID?
        var coverageOrder: CoverageOrder?, payerID: UUID?, billingProvider: BillingProvider?, renderingProviderID: UUID??
        var referringProviderID: UUID??, supervisingProviderID: UUID??, facilityID: UUID??, frequency: ClaimFrequency?
        var payerClaimControlNumber: String??, patientControlNumber: String?, placeOfService: String??, typeOfBill: String??
        var diagnoses: [DiagnosisCode]?, procedureCodes: [ProcedureCode]?, priorAuthorizationNumber: String??, referralNumber: String??
        var lines: [ClaimLine]?, priorPayerAdjudications: [PriorPayerAdjudication]?, lastStatusInquiryOn: ServiceDate??
        var status: ClaimStatus?, history: [ClaimTransition]?, ledger: ClaimLedger?

        try object { r, key in
            switch key.count {
            case 2 where key.is("id"): try once(&id, try r.uuid())
            case 4 where key.is("kind"): try once(&kind, try r.code(ClaimKind.self))
            case 5 where key.is("lines"): try once(&lines, try r.array { try $0.line() })
            case 6 where key.is("ledger"): try once(&ledger, try r.ledger())
            case 6 where key.is("status"): try once(&status, try r.code(ClaimStatus.self))
            case 7 where key.is("history"):
                try once(&history, try r.peekEmptyArray() ? [] : try r.foundation([ClaimTransition].self))
            case 7 where key.is("payerID"): try once(&payerID, try r.uuid())
            case 8 where key.is("tenantID"): try once(&tenantID, try r.uuid())
            case 9 where key.is("diagnoses"): try once(&diagnoses, try r.array { DiagnosisCode(try $0.string()) })
            case 9 where key.is("frequency"): try once(&frequency, try r.code(ClaimFrequency.self))
            case 9 where key.is("patientID"): try once(&patientID, try r.uuid())
            case 10 where key.is("coverageID"): try once(&coverageID, try r.uuid())
            case 10 where key.is("facilityID"): try once(&facilityID, try r.optional { try $0.uuid() })
            case 10 where key.is("typeOfBill"): try once(&typeOfBill, try r.optional { try $0.string() })
            case 11 where key.is("encounterID"): try once(&encounterID, try r.uuid())
            case 13 where key.is("coverageOrder"): try once(&coverageOrder, try r.code(CoverageOrder.self))
            case 14 where key.is("placeOfService"): try once(&placeOfService, try r.optional { try $0.string() })
            case 14 where key.is("procedureCodes"): try once(&procedureCodes, try r.array { try $0.procedure() })
            case 14 where key.is("referralNumber"): try once(&referralNumber, try r.optional { try $0.string() })
            case 15 where key.is("billingProvider"): try once(&billingProvider, try r.billingProvider())
            case 19 where key.is("lastStatusInquiryOn"): try once(&lastStatusInquiryOn, try r.optional { try $0.date() })
            case 19 where key.is("referringProviderID"): try once(&referringProviderID, try r.optional { try $0.uuid() })
            case 19 where key.is("renderingProviderID"): try once(&renderingProviderID, try r.optional { try $0.uuid() })
            case 20 where key.is("patientControlNumber"): try once(&patientControlNumber, try r.string())
            case 21 where key.is("supervisingProviderID"): try once(&supervisingProviderID, try r.optional { try $0.uuid() })
            case 23 where key.is("payerClaimControlNumber"): try once(&payerClaimControlNumber, try r.optional { try $0.string() })
            case 23 where key.is("priorPayerAdjudications"):
                try once(&priorPayerAdjudications, try r.peekEmptyArray() ? [] : try r.foundation([PriorPayerAdjudication].self))
            case 24 where key.is("priorAuthorizationNumber"): try once(&priorAuthorizationNumber, try r.optional { try $0.string() })
            default: throw NotTheExpectedDocument()
            }
        }
        guard let id, let tenantID, let kind, let encounterID, let patientID, let coverageID, let coverageOrder, let payerID,
              let billingProvider, let frequency, let patientControlNumber, let diagnoses, let procedureCodes, let lines,
              let status, let history, let ledger else { throw NotTheExpectedDocument() }
        var claim = Claim(id: id, tenantID: tenantID, kind: kind, encounterID: encounterID, patientID: patientID, coverageID: coverageID,
                          coverageOrder: coverageOrder, payerID: payerID, billingProvider: billingProvider,
                          renderingProviderID: renderingProviderID ?? nil, referringProviderID: referringProviderID ?? nil,
                          supervisingProviderID: supervisingProviderID ?? nil, facilityID: facilityID ?? nil, frequency: frequency,
                          payerClaimControlNumber: payerClaimControlNumber ?? nil, patientControlNumber: patientControlNumber,
                          placeOfService: placeOfService ?? nil, typeOfBill: typeOfBill ?? nil, diagnoses: diagnoses,
                          procedureCodes: procedureCodes, priorAuthorizationNumber: priorAuthorizationNumber ?? nil,
                          referralNumber: referralNumber ?? nil, lines: lines, status: status, history: history, ledger: ledger,
                          priorPayerAdjudications: priorPayerAdjudications ?? [])
        claim.lastStatusInquiryOn = lastStatusInquiryOn ?? nil
        return claim
    }

    /// Consumes `[]` if it comes next.
    mutating func peekEmptyArray() throws -> Bool {
        guard try peek() == UInt8(ascii: "[") else { return false }
        let before = at
        at += 1
        if try take(UInt8(ascii: "]")) { return true }
        at = before
        return false
    }

    mutating func billingProvider() throws -> BillingProvider {
        var address: Address?, name: String?, npi: String?, taxID: String?
        try object { r, key in
            if key.is("address") {
                guard address == nil else { throw NotTheExpectedDocument() }
                var city: String?, lines: [String]?, postalCode: String?, state: String?
                try r.object { r, key in
                    if key.is("city"), city == nil { city = try r.string() }
                    else if key.is("lines"), lines == nil { lines = try r.array { try $0.string() } }
                    else if key.is("postalCode"), postalCode == nil { postalCode = try r.string() }
                    else if key.is("state"), state == nil { state = try r.string() }
                    else { throw NotTheExpectedDocument() }
                }
                guard let city, let lines, let postalCode, let state else { throw NotTheExpectedDocument() }
                address = Address(lines: lines, city: city, state: state, postalCode: postalCode)
            } else if key.is("name"), name == nil { name = try r.string() }
            else if key.is("npi"), npi == nil { npi = try r.string() }
            else if key.is("taxID"), taxID == nil { taxID = try r.string() }
            else { throw NotTheExpectedDocument() }
        }
        guard let address, let name, let npi, let taxID else { throw NotTheExpectedDocument() }
        return BillingProvider(name: name, npi: NPI(npi), taxID: TaxID(taxID), address: address)
    }

    mutating func procedure() throws -> ProcedureCode {
        var code: String?, system: ProcedureCodeSystem?
        try object { r, key in
            if key.is("code"), code == nil { code = try r.string() }
            else if key.is("system"), system == nil { system = try r.code(ProcedureCodeSystem.self) }
            else { throw NotTheExpectedDocument() }
        }
        guard let code, let system else { throw NotTheExpectedDocument() }
        return ProcedureCode(system: system, code: code)
    }

    mutating func line() throws -> ClaimLine {
        var charge: Money?, chargeID: UUID?, pointers: [Int]?, drug: DrugDetail??, controlNumber: String?, lineNumber: Int?
        var modifiers: [String]?, procedure: ProcedureCode??, revenueCode: String??, serviceDate: ServiceDate?, units: Int?
        try object { r, key in
            if key.is("charge") { try once(&charge, try r.money()) }
            else if key.is("chargeID") { try once(&chargeID, try r.uuid()) }
            else if key.is("diagnosisPointers") { try once(&pointers, try r.array { try $0.int() }) }
            else if key.is("drug") { try once(&drug, try r.optional { try $0.foundation(DrugDetail.self) }) }
            else if key.is("lineItemControlNumber") { try once(&controlNumber, try r.string()) }
            else if key.is("lineNumber") { try once(&lineNumber, try r.int()) }
            else if key.is("modifiers") { try once(&modifiers, try r.array { try $0.string() }) }
            else if key.is("procedure") { try once(&procedure, try r.optional { try $0.procedure() }) }
            else if key.is("revenueCode") { try once(&revenueCode, try r.optional { try $0.string() }) }
            else if key.is("serviceDate") { try once(&serviceDate, try r.date()) }
            else if key.is("units") { try once(&units, try r.int()) }
            else { throw NotTheExpectedDocument() }
        }
        guard let charge, let chargeID, let pointers, let controlNumber, let lineNumber, let modifiers, let serviceDate, let units else {
            throw NotTheExpectedDocument()
        }
        return ClaimLine(lineNumber: lineNumber, lineItemControlNumber: controlNumber, chargeID: chargeID, procedure: procedure ?? nil,
                         modifiers: modifiers, units: units, charge: charge, diagnosisPointers: pointers, serviceDate: serviceDate,
                         revenueCode: revenueCode ?? nil, drug: drug ?? nil)
    }

    mutating func ledger() throws -> ClaimLedger {
        var lines: [LedgerLine]?, postings: [LedgerPosting]?
        try object { r, key in
            if key.is("lines"), lines == nil { lines = try r.array { try $0.ledgerLine() } }
            else if key.is("postings"), postings == nil { postings = try r.array { try $0.posting() } }
            else if key.is("postingGroups"), postings == nil { postings = try r.array { try $0.postingGroup() }.flatMap { $0 } }
            else { throw NotTheExpectedDocument() }
        }
        guard let lines, let postings else { throw NotTheExpectedDocument() }
        return ClaimLedger(storedLines: lines, postings: postings)
    }

    /// One of the stored form's runs of postings (`DocumentWriter.postingGroups`).
    mutating func postingGroup() throws -> [LedgerPosting] {
        var allowsCredit: Bool?, postedOn: ServiceDate?, reference: String??
        var postings: [(id: UUID, lineNumber: Int, entry: PostingEntry)]?
        try object { r, key in
            if key.is("allowsCreditBalance") { try once(&allowsCredit, try r.bool()) }
            else if key.is("postedOn") { try once(&postedOn, try r.date()) }
            else if key.is("postings") { try once(&postings, try r.array { try $0.storedPosting() }) }
            else if key.is("reference") { try once(&reference, try r.optional { try $0.string() }) }
            else { throw NotTheExpectedDocument() }
        }
        guard let allowsCredit, let postedOn, let postings else { throw NotTheExpectedDocument() }
        return postings.map {
            LedgerPosting(id: $0.id, lineNumber: $0.lineNumber, entry: $0.entry, postedOn: postedOn, reference: reference ?? nil,
                          allowsCreditBalance: allowsCredit)
        }
    }

    /// `[id, line, kind, fields...]`.
    mutating func storedPosting() throws -> (id: UUID, lineNumber: Int, entry: PostingEntry) {
        try expect(UInt8(ascii: "["))
        let id = try uuid()
        try expect(UInt8(ascii: ","))
        let lineNumber = try int()
        try expect(UInt8(ascii: ","))
        let kind = try plainString()
        let entry: PostingEntry
        try expect(UInt8(ascii: ","))
        if kind.is("payment") {
            let amount = try money(); try expect(UInt8(ascii: ","))
            entry = .payment(amount: amount, by: try code(BalanceOwner.self))
        } else if kind.is("adjustment") {
            let amount = try money(); try expect(UInt8(ascii: ","))
            let group = try code(AdjustmentGroup.self); try expect(UInt8(ascii: ","))
            let reason = try string(); try expect(UInt8(ascii: ","))
            entry = .adjustment(amount: amount, group: group, reason: reason, against: try code(BalanceOwner.self))
        } else if kind.is("patientResponsibility") {
            let amount = try money(); try expect(UInt8(ascii: ","))
            entry = .patientResponsibility(amount: amount, reason: try string())
        } else if kind.is("transfer") {
            let amount = try money(); try expect(UInt8(ascii: ","))
            entry = .transfer(amount: amount, to: try code(BalanceOwner.self))
        } else if kind.is("refund") {
            let amount = try money(); try expect(UInt8(ascii: ","))
            entry = .refund(amount: amount, to: try code(BalanceOwner.self))
        } else if kind.is("reversal") {
            entry = .reversal(of: try uuid())
        } else {
            throw NotTheExpectedDocument()
        }
        try expect(UInt8(ascii: "]"))
        return (id, lineNumber, entry)
    }

    mutating func ledgerLine() throws -> LedgerLine {
        var adjustments: Money?, balance: Money?, charges: Money?, lineNumber: Int?, patientResponsibility: Money?, payments: Money?
        try object { r, key in
            if key.is("adjustments") { try once(&adjustments, try r.money()) }
            else if key.is("balance") { try once(&balance, try r.money()) }
            else if key.is("charges") { try once(&charges, try r.money()) }
            else if key.is("lineNumber") { try once(&lineNumber, try r.int()) }
            else if key.is("patientResponsibility") { try once(&patientResponsibility, try r.money()) }
            else if key.is("payments") { try once(&payments, try r.money()) }
            else { throw NotTheExpectedDocument() }
        }
        guard let adjustments, let balance, let charges, let lineNumber, let patientResponsibility, let payments else { throw NotTheExpectedDocument() }
        return LedgerLine(lineNumber: lineNumber, charges: charges, payments: payments, adjustments: adjustments,
                          patientResponsibility: patientResponsibility, balance: balance)
    }

    mutating func posting() throws -> LedgerPosting {
        var allowsCredit: Bool?, entry: PostingEntry?, id: UUID?, lineNumber: Int?, postedOn: ServiceDate?, reference: String??
        try object { r, key in
            if key.is("allowsCreditBalance") { try once(&allowsCredit, try r.bool()) }
            else if key.is("entry") { try once(&entry, try r.entry()) }
            else if key.is("id") { try once(&id, try r.uuid()) }
            else if key.is("lineNumber") { try once(&lineNumber, try r.int()) }
            else if key.is("postedOn") { try once(&postedOn, try r.date()) }
            else if key.is("reference") { try once(&reference, try r.optional { try $0.string() }) }
            else { throw NotTheExpectedDocument() }
        }
        guard let allowsCredit, let entry, let id, let lineNumber, let postedOn else { throw NotTheExpectedDocument() }
        return LedgerPosting(id: id, lineNumber: lineNumber, entry: entry, postedOn: postedOn, reference: reference ?? nil,
                             allowsCreditBalance: allowsCredit)
    }

    /// A posting's entry. Like its `Codable` decoding, keys the kind does not use are read but not used; each must
    /// still be what its key holds (the fast reader's own rule: the document is otherwise left to `JSONDecoder`).
    mutating func entry() throws -> PostingEntry {
        var kind: String?, amount: Money?, by: BalanceOwner?, against: BalanceOwner?, to: BalanceOwner?, group: AdjustmentGroup?
        var reason: String?, reversed: UUID?
        try object { r, key in
            if key.is("kind") { try once(&kind, try r.string()) }
            else if key.is("amount") { try once(&amount, try r.money()) }
            else if key.is("by") { try once(&by, try r.code(BalanceOwner.self)) }
            else if key.is("against") { try once(&against, try r.code(BalanceOwner.self)) }
            else if key.is("to") { try once(&to, try r.code(BalanceOwner.self)) }
            else if key.is("group") { try once(&group, try r.code(AdjustmentGroup.self)) }
            else if key.is("reason") { try once(&reason, try r.string()) }
            else if key.is("reversedPostingID") { try once(&reversed, try r.uuid()) }
            else { throw NotTheExpectedDocument() }
        }
        switch kind {
        case "payment":
            if let amount, let by { return .payment(amount: amount, by: by) }
        case "adjustment":
            if let amount, let group, let reason, let against { return .adjustment(amount: amount, group: group, reason: reason, against: against) }
        case "patientResponsibility":
            if let amount, let reason { return .patientResponsibility(amount: amount, reason: reason) }
        case "transfer":
            if let amount, let to { return .transfer(amount: amount, to: to) }
        case "refund":
            if let amount, let to { return .refund(amount: amount, to: to) }
        case "reversal":
            if let reversed { return .reversal(of: reversed) }
        default: break
        }
        throw NotTheExpectedDocument()
    }
}

private extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are `name`'s.
    func `is`(_ name: StaticString) -> Bool {
        name.utf8CodeUnitCount == count && memcmp(baseAddress!, name.utf8Start, count) == 0
    }
}
