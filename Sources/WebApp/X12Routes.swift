import Foundation
import HealthCareX12
import Vapor
import X12

/// The X12 API: validation against the HIPAA 5010 guides, answered with the findings and the 999.
struct X12Routes: Sendable {
    /// The largest file accepted in one request.
    static let maximumBody: ByteCount = "100mb"

    /// POST /api/v1/x12/validate (body: the X12 file as sent).
    @Sendable func validate(_ req: Request) async throws -> Response {
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw APIError.invalidParameter(name: "body", message: "the request body must be the X12 file (ISA ... IEA)")
        }
        let bytes = body.readableBytesView
        let report = try HealthCareValidation.read(bytes).report
        guard report.isX12 else {
            throw APIError.invalidParameter(name: "body", message: report.findings.first.map { "not X12: \($0)" } ?? "the body is not an X12 interchange")
        }
        let acknowledgment = Acknowledgment.interchange(for: report, envelope: .at(Date(), controlNumber: 1))
        return try jsonResponse(ValidationSummary(report, acknowledgment: acknowledgment))
    }
}

extension X12Routes {
    /// POST /api/v1/x12/parse (body: the X12 file): the typed transactions, as `revcycle x12 parse --json` prints them.
    @Sendable func parse(_ req: Request) async throws -> Response {
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw APIError.invalidParameter(name: "body", message: "the request body must be the X12 file (ISA ... IEA)")
        }
        let (report, document) = try HealthCareValidation.read(body.readableBytesView)
        guard report.isX12 else {
            throw APIError.invalidParameter(name: "body", message: report.findings.first.map { "not X12: \($0)" } ?? "the body is not an X12 interchange")
        }
        return try jsonResponse(ParsedFile(report: report, document: document))
    }
}

extension AcknowledgmentEnvelope {
    /// An acknowledgment dated `date` (UTC), with the same interchange and group control number.
    public static func at(_ date: Date, controlNumber: Int) -> AcknowledgmentEnvelope {
        func format(_ pattern: String) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = pattern
            return f.string(from: date)
        }
        return AcknowledgmentEnvelope(date: format("yyyyMMdd"), time: format("HHmm"), interchangeControlNumber: controlNumber, groupControlNumber: controlNumber)
    }
}
