import X12

/// Validation against Revcycle's HIPAA 5010 guides, and its answer in the shape the CLI and the API print.
public enum HealthCareValidation {
    /// Reads `bytes` into their loops and validates them: syntax and guide, then the rules beyond syntax
    /// (balancing, NPI check digits), whose findings join their transaction set's.
    public static func read(_ bytes: some Collection<UInt8>) throws(GuideTextError) -> (report: ValidationReport, document: X12Document?) {
        var parts: [X12Document.Part] = []
        let report = try readEach(bytes) { parts.append($0) }
        guard let delimiters = report.delimiters else { return (report, nil) }
        return (report, X12Document(delimiters: delimiters, parts: parts))
    }

    /// `read`, handing each part to `each` as soon as it is complete (an envelope segment, or a transaction set once
    /// its SE is read) and keeping none: memory holds one transaction set, not the document. The report is `read`'s.
    public static func readEach(_ bytes: some Collection<UInt8>, _ each: (X12Document.Part) -> Void) throws(GuideTextError) -> ValidationReport {
        var builder = DocumentBuilder()
        // ISA16, as the validator read it.
        var component: Character?
        var ruleFindings: [[Finding]] = []
        func handOver() {
            for part in builder.takeCompletedParts() {
                if case .transaction(let t) = part, let component { ruleFindings.append(GuideRules.check(t, component: component)) }
                each(part)
            }
        }
        let guides = try HealthCareGuides.all(), envelope = try HealthCareGuides.envelope()
        // The handler does not outlive the call: not letting it escape has the state it captures checked for exclusive
        // access when compiled, not at every access as it runs.
        let eachSegment = { (segment: Segment, placement: TransactionWalker.Placement?) in
            if component == nil, segment.isID("ISA") { component = segment[16].first }
            builder.add(segment, placement)
            handOver()
        }
        var report = withoutActuallyEscaping(eachSegment) { X12Validator.validate(bytes, guides: guides, envelope: envelope, onSegment: $0) }
        guard let delimiters = report.delimiters else { return report }
        _ = builder.finish(delimiters: delimiters)
        handOver()
        var t = 0
        for g in report.groups.indices {
            for i in report.groups[g].transactions.indices where t < ruleFindings.count {
                if report.groups[g].transactions[i].guide != nil { report.groups[g].transactions[i].findings += ruleFindings[t] }
                t += 1
            }
        }
        return report
    }

    /// Validates `bytes` against every guide Revcycle knows; `onSegment` sees each segment with its place.
    public static func validate(_ bytes: some Collection<UInt8>,
                                onSegment: ((Segment, TransactionWalker.Placement?) -> Void)? = nil) throws(GuideTextError) -> ValidationReport {
        X12Validator.validate(bytes, guides: try HealthCareGuides.all(), envelope: try HealthCareGuides.envelope(), onSegment: onSegment)
    }
}

/// A validation report as JSON: `{valid, transactions, errors: [{segmentIndex, segmentId, loop, element, component, code, message}]}`.
public struct ValidationSummary: Codable, Sendable, Equatable {
    public struct Transaction: Codable, Sendable, Equatable {
        public var id: String
        public var controlNumber: String
        public var version: String
        public var guide: String?
        public var accepted: Bool
        public var errorCount: Int
    }
    public struct Error: Codable, Sendable, Equatable {
        public var level: String
        public var code: String
        public var message: String
        public var segmentIndex: Int
        public var segmentId: String
        public var line: Int
        public var positionInTransaction: Int?
        public var loop: String?
        public var element: Int?
        public var component: Int?
        public var repetition: Int?
        public var value: String?
        /// For rules beyond syntax (claim-charge-balance, claim-payment-balance, service-line-balance, payment-balance,
        /// npi-check-digit); absent for syntax and guide findings.
        public var rule: String?
    }
    public var valid: Bool
    /// False when the input is not an X12 interchange at all.
    public var isX12: Bool
    public var segments: Int
    public var transactions: [Transaction]
    public var errors: [Error]
    /// The 999 (and TA1) answering the file, when asked for.
    public var acknowledgment: String?

    public init(_ report: ValidationReport, acknowledgment: String? = nil) {
        valid = report.isValid
        isX12 = report.isX12
        segments = report.segmentCount
        transactions = report.transactions.map {
            Transaction(id: $0.id, controlNumber: $0.controlNumber, version: $0.version, guide: $0.guide, accepted: $0.isAccepted, errorCount: $0.findings.count)
        }
        errors = report.findings.map {
            Error(level: $0.level.rawValue, code: $0.code, message: $0.message, segmentIndex: $0.segmentIndex, segmentId: $0.segmentID, line: $0.line,
                  positionInTransaction: $0.positionInTransaction, loop: ($0.loop?.isEmpty ?? true) ? nil : $0.loop, element: $0.element,
                  component: $0.component, repetition: $0.repetition, value: $0.value, rule: $0.rule)
        }
        self.acknowledgment = acknowledgment
    }
}

/// A file read into typed transactions, as `x12 parse --json` and `POST /api/v1/x12/parse` print it: claims (837),
/// remittance (835), acknowledgments (277CA), eligibility (270/271), claim status (276/277), review (278 request and
/// response), and any other transaction set as its loops with their segments.
public struct ParsedFile: Encodable, Sendable {
    public enum Transaction: Encodable, Sendable {
        case claims(ClaimTransaction)
        case remittance(Remittance)
        case acknowledgment(ClaimAcknowledgment)
        case eligibilityInquiry(EligibilityInquiry)
        case eligibilityResponse(EligibilityResponse)
        case claimStatusInquiry(ClaimStatusInquiry)
        case claimStatusResponse(ClaimStatusResponse)
        case reviewRequest(ReviewRequest)
        case reviewResponse(ReviewResponse)
        case loops(GenericLoop)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .claims(let c): try c.encode(to: encoder)
            case .remittance(let r): try r.encode(to: encoder)
            case .acknowledgment(let a): try a.encode(to: encoder)
            case .eligibilityInquiry(let e): try e.encode(to: encoder)
            case .eligibilityResponse(let e): try e.encode(to: encoder)
            case .claimStatusInquiry(let s): try s.encode(to: encoder)
            case .claimStatusResponse(let s): try s.encode(to: encoder)
            case .reviewRequest(let r): try r.encode(to: encoder)
            case .reviewResponse(let r): try r.encode(to: encoder)
            case .loops(let l): try l.encode(to: encoder)
            }
        }
    }
    /// A loop as it was read: its id and name, then its segments (each as its id and elements) and nested loops.
    public struct GenericLoop: Encodable, Sendable {
        public var loop: String
        public var name: String
        public var segments: [[String]]
        public var loops: [GenericLoop]

        init(_ l: LoopInstance) {
            loop = l.id
            name = l.name
            segments = l.segments.map { [$0.id] + $0.elements }
            loops = l.loops().map(GenericLoop.init)
        }
    }
    public var valid: Bool
    public var errorCount: Int
    public var transactions: [Transaction]

    public init(report: ValidationReport, document: X12Document?) {
        valid = report.isValid
        errorCount = report.findings.count
        let component = Character(Unicode.Scalar(document?.delimiters.component ?? UInt8(ascii: ":")))
        let repetition = Character(delimiter: document?.delimiters.repetition)
        transactions = (document?.transactions ?? []).map { t in
            switch t.segment("ST")?[1] {
            case "837": .claims(ClaimTransaction(t, component: component))
            case "835": .remittance(Remittance(t, component: component))
            case "277" where t.segment("ST")?[3] == "005010X214": .acknowledgment(ClaimAcknowledgment(t, component: component))
            case "277" where t.segment("ST")?[3] == "005010X212": .claimStatusResponse(ClaimStatusResponse(t, component: component))
            case "276": .claimStatusInquiry(ClaimStatusInquiry(t, component: component))
            case "270": .eligibilityInquiry(EligibilityInquiry(t, repetition: repetition))
            case "271": .eligibilityResponse(EligibilityResponse(t, repetition: repetition))
            // BHT02 tells them apart, as it does for the guides: 11 response, 13 request (01 cancellation).
            case "278" where t.segment("BHT")?[2] == "11": .reviewResponse(ReviewResponse(t, component: component))
            case "278": .reviewRequest(ReviewRequest(t, component: component))
            default: .loops(GenericLoop(t))
            }
        }
    }
}
