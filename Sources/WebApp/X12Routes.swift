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
        let report = try HealthCareValidation.validate(bytes)
        guard report.isX12 else {
            throw APIError.invalidParameter(name: "body", message: report.findings.first.map { "not X12: \($0)" } ?? "the body is not an X12 interchange")
        }
        let now = Date()
        let acknowledgment = Acknowledgment.interchange(for: report, envelope: AcknowledgmentEnvelope(
            date: Self.format(now, "yyyyMMdd"), time: Self.format(now, "HHmm"), interchangeControlNumber: 1, groupControlNumber: 1))
        return try jsonResponse(ValidationSummary(report, acknowledgment: acknowledgment))
    }

    static func format(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = pattern
        return f.string(from: date)
    }
}
