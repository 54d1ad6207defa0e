import ArgumentParser
import Foundation
import HealthCareX12
import X12

/// The X12 figures: read and validate generated 837P files of growing size in one pass from disk, in constant memory,
/// beside pyx12 (the Python validator, ../shared/tools/pyx12_oracle.py) on a smaller file from the same generator.
struct X12Bench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "x12", abstract: "X12 read and validate speed beside pyx12.")
    @Option(help: "Sizes of the generated 837P files, in MB.") var sizes = "10,50"
    @Option(help: "Size of the file pyx12 validates, in MB (it reads about 0.2 MB/s).") var pyx12Size = 1.0
    @Option(help: "The pyx12 oracle script.") var oracle = "../shared/tools/pyx12_oracle.py"
    @Option(help: "Where the generated files go.") var directory = FileManager.default.temporaryDirectory.path

    func run() throws {
        let guides: [ImplementationGuide]
        do { guides = try HealthCareGuides.all() } catch { throw ValidationError("the guides do not compile: \(error)") }
        let megabytes = sizes.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !megabytes.isEmpty else { throw ValidationError("--sizes takes sizes in MB, e.g. 10,50") }
        var oursPerSecond: [Double] = []
        for size in megabytes {
            let path = "\(directory)/revcycle-bench-\(Int(size))mb.837"
            let bytes = try Claim837Generator.write(megabytes: size, to: path)
            say("generated \(path): \(fmt(Double(bytes) / 1_048_576)) MB")
            var syntaxTimes: [Double] = [], validateTimes: [Double] = []
            var summary = ""
            for _ in 0..<3 {
                let syntax = try Self.read(path, guides: nil)
                syntaxTimes.append(syntax.seconds)
                let full = try Self.read(path, guides: guides)
                validateTimes.append(full.seconds)
                summary = "\(full.report.segmentCount) segments, \(full.report.isValid ? "valid" : "INVALID: \(full.report.findings.first.map(String.init(describing:)) ?? "")")"
            }
            let mb = Double(bytes) / 1_048_576
            let syntaxRate = mb / median(syntaxTimes), validateRate = mb / median(validateTimes)
            oursPerSecond.append(validateRate)
            print("837P \(fmt(mb)) MB (\(summary)): read with envelopes \(fmt(median(syntaxTimes))) s = \(fmt(syntaxRate)) MB/s; "
                  + "read and validate \(fmt(median(validateTimes))) s = \(fmt(validateRate)) MB/s; peak resident \(fmt(peakResidentMegabytes())) MB")
            try? FileManager.default.removeItem(atPath: path)
        }
        // pyx12 on a smaller file from the same generator: it is slow enough that a larger one only takes longer.
        let small = "\(directory)/revcycle-bench-pyx12.837"
        let smallBytes = try Claim837Generator.write(megabytes: pyx12Size, to: small)
        defer { try? FileManager.default.removeItem(atPath: small) }
        let ours = try Self.read(small, guides: guides)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", oracle, small]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let t0 = Date()
        do { try process.run() } catch { throw ValidationError("cannot run python3 \(oracle): \(error)") }
        process.waitUntilExit()
        let pyx12Seconds = Date().timeIntervalSince(t0)
        let smallMB = Double(smallBytes) / 1_048_576
        let verdict = process.terminationStatus == 0 ? "valid" : process.terminationStatus == 1 ? "invalid" : "could not judge (exit \(process.terminationStatus))"
        print("pyx12 on \(fmt(smallMB)) MB: \(fmt(pyx12Seconds)) s = \(fmt(smallMB / pyx12Seconds)) MB/s, says \(verdict); "
              + "Revcycle on the same file \(fmt(ours.seconds)) s (\(ours.report.isValid ? "valid" : "invalid"))")
        if let best = oursPerSecond.last {
            print("ratio: Revcycle validates \(fmt(best / (smallMB / pyx12Seconds)))x pyx12's rate (largest file against pyx12's \(fmt(smallMB)) MB)")
        }
        say("linuxforhealth-x12 is not installed here, so its parse figure is not measured")
    }

    /// Reads a file in 1 MB chunks through the tokenizer and, when guides are given, the validator.
    static func read(_ path: String, guides: [ImplementationGuide]?) throws -> (report: ValidationReport, seconds: Double) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
        defer { try? handle.close() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        var tokenizer = Tokenizer()
        var session = ValidationSession(guides: guides ?? [])
        var envelopes = EnvelopeChecker()
        var readingError: X12SyntaxError?
        do throws(X12SyntaxError) {
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                let segments = try tokenizer.feed(chunk)
                guard let d = tokenizer.delimiters else { continue }
                if guides == nil {
                    for s in segments { envelopes.consume(s) }
                } else {
                    for s in segments { session.consume(s, delimiters: d) }
                }
            }
            try tokenizer.finish()
        } catch {
            readingError = error
        }
        var report = session.finish(readingError: readingError)
        if guides == nil { envelopes.finish(); report.segmentCount = tokenizer.segmentCount }
        return (report, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    private func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }
}

/// Synthetic 837P batches: one billing provider, then subscribers with one claim of three service lines each. The
/// data is made up (seeded), valid to the guide, and written straight to disk.
enum Claim837Generator {
    static func write(megabytes: Double, to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        defer { try? out.close() }
        var random = SplitMix(seed: 837)
        let target = Int(megabytes * 1_048_576)
        var buffer = ""
        var written = 0
        var segments = 0
        func segment(_ text: String) { buffer += text + "~\n"; segments += 1 }
        func flush() {
            let data = Data(buffer.utf8)
            out.write(data)
            written += data.count
            buffer = ""
        }
        buffer += "ISA*00*          *00*          *ZZ*REVCYCLE       *ZZ*CLEARINGHOUSE  *261130*1200*^*00501*000000001*0*T*:~\n"
        buffer += "GS*HC*REVCYCLE*CLEARINGHOUSE*20261130*1200*1*X*005010X222A1~\n"
        segment("ST*837*0001*005010X222A1")
        segment("BHT*0019*00*BATCH0001*20261130*1200*CH")
        segment("NM1*41*2*REVCYCLE BILLING*****46*RCB0001")
        segment("PER*IC*BILLING OFFICE*TE*5555551212")
        segment("NM1*40*2*SANDBOX HEALTH PLAN*****46*SBX01")
        segment("HL*1**20*1")
        segment("NM1*85*2*NORTHSIDE CLINIC*****XX*1234567893")
        segment("N3*100 MAIN ST")
        segment("N4*SPRINGFIELD*IL*627010001")
        segment("REF*EI*123456789")
        let diagnoses = ["E119", "I10", "J449", "M545", "E785", "F329", "N184", "K219"]
        let procedures = ["99213", "99214", "36415", "80053", "93000", "85025", "71046", "90471"]
        var hl = 1, claim = 0
        while written + buffer.utf8.count < target - 200 {
            hl += 1
            claim += 1
            let member = String(format: "%010llu", random.next() % 10_000_000_000)
            segment("HL*\(hl)*1*22*0")
            segment("SBR*P*18*GRP\(random.next() % 1000)******CI")
            segment("NM1*IL*1*DOE\(claim % 97)*JANE****MI*M\(member)")
            segment("N3*\(random.next() % 9000 + 10) ELM ST")
            segment("N4*SPRINGFIELD*IL*62701")
            segment("DMG*D8*19\(random.next() % 50 + 40)0\(random.next() % 9 + 1)1\(random.next() % 9)*\(random.next() % 2 == 0 ? "F" : "M")")
            segment("NM1*PR*2*SANDBOX HEALTH PLAN*****PI*SBX01")
            let charges = (0..<3).map { _ in Int(random.next() % 20_000) + 500 }
            let total = charges.reduce(0, +)
            segment("CLM*C\(claim)*\(total / 100).\(String(format: "%02d", total % 100))***11:B:1*Y*A*Y*Y")
            segment("HI*ABK:\(diagnoses[Int(random.next() % 8)])*ABF:\(diagnoses[Int(random.next() % 8)])")
            for (n, charge) in charges.enumerated() {
                segment("LX*\(n + 1)")
                segment("SV1*HC:\(procedures[Int(random.next() % 8)])*\(charge / 100).\(String(format: "%02d", charge % 100))*UN*1***1:2")
                segment("DTP*472*D8*202611\(String(format: "%02d", random.next() % 28 + 1))")
                segment("REF*6R*C\(claim)L\(n + 1)")
            }
            if buffer.utf8.count > 1 << 20 { flush() }
        }
        segment("SE*\(segments + 1)*0001")
        buffer += "GE*1*1~\nIEA*1*000000001~\n"
        flush()
        return written
    }
}
