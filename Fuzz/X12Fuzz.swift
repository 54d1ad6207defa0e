// libFuzzer entry point over the X12 reader, the guide validator, the rules beyond syntax, the 999 writer and the
// document writer. Built and run by Fuzz/run.sh (swiftc -sanitize=fuzzer,address).
import HealthCareX12
import X12

/// The guides are compiled once, before the first input, so that every input is timed the same.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = try? HealthCareGuides.all()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The batch path (no onSegment: segments read as views of the chunk's bytes), in chunks of 1 to 13 bytes so that
    // segments straddle chunks.
    if let guides = try? HealthCareGuides.all() {
        _ = X12Validator.validate(bytes, guides: guides, envelope: try? HealthCareGuides.envelope(), chunkSize: 1 + size % 13)
    }
    guard let (report, document) = try? HealthCareValidation.read(bytes) else { return 0 }
    _ = Acknowledgment.interchange(for: report, envelope: AcknowledgmentEnvelope(date: "20261130", time: "1200",
                                                                                interchangeControlNumber: 1, groupControlNumber: 1))
    if let document {
        _ = X12Writer.write(document)
        _ = ParsedFile(report: report, document: document)
    }
    return 0
}
