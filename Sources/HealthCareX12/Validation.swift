import X12

/// Validation against Revcycle's HIPAA 5010 guides, and its answer in the shape the CLI and the API print.
public enum HealthCareValidation {
    /// Validates `bytes` against every guide Revcycle knows; `onSegment` sees each segment with its place.
    public static func validate(_ bytes: some Collection<UInt8>,
                                onSegment: ((Segment, TransactionWalker.Placement?) -> Void)? = nil) throws(GuideTextError) -> ValidationReport {
        X12Validator.validate(bytes, guides: try HealthCareGuides.all(), onSegment: onSegment)
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
                  component: $0.component, repetition: $0.repetition, value: $0.value)
        }
        self.acknowledgment = acknowledgment
    }
}
