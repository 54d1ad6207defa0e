import ArgumentParser
import CodeSets
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HealthCareX12
import X12

/// The X12 figures: read and validate generated 837P files of growing size in one pass from disk, in constant memory,
/// beside pyx12 (the Python validator, ../shared/tools/pyx12_oracle.py) on a smaller file from the same generator; a
/// large 835 written by our writer and validated; the 837P writer; and the typed parse beside linuxforhealth-x12.
struct X12Bench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "x12", abstract: "X12 read, validate, parse and write speed beside pyx12 and linuxforhealth-x12.")
    @Option(help: "Sizes of the generated 837P files, in MB (add 500 to see memory stay flat).") var sizes = "10,50"
    @Option(help: "Times each file is read; the median and the best are reported.") var runs = 5
    @Option(help: "Size of the file pyx12 validates and linuxforhealth-x12 parses, in MB (they read about 0.1 to 0.2 MB/s).") var pyx12Size = 1.0
    @Option(help: "Size of the generated 835, in MB.") var remittanceSize = 20.0
    @Option(help: "The pyx12 oracle script.") var oracle = "../shared/tools/pyx12_oracle.py"
    @Option(help: "A Python with linuxforhealth-x12 installed (pip install linuxforhealth-x12==0.57.0).") var lfhPython = "python3"
    @Option(help: "Where the generated files go.") var directory = FileManager.default.temporaryDirectory.path
    @Flag(help: "Keep the generated files.") var keep = false
    @Flag(help: "Only the typed parse beside linuxforhealth-x12 (to measure or profile the model on its own).") var typedParseOnly = false

    func run() throws {
        let guides: [ImplementationGuide]
        do { guides = try HealthCareGuides.all() } catch { throw ValidationError("the guides do not compile: \(error)") }
        let megabytes = sizes.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !megabytes.isEmpty, runs > 0 else { throw ValidationError("--sizes takes sizes in MB, e.g. 10,50, and --runs at least 1") }
        if typedParseOnly { return try typedParse() }
        // Validation first, smallest file first: peak resident memory only grows, so this shows whether it stays flat.
        var bestRate = 0.0
        for size in megabytes {
            let path = "\(directory)/revcycle-bench-\(Int(size))mb.837"
            let bytes = try Claim837Generator.write(megabytes: size, to: path)
            say("generated \(path): \(fmt(Double(bytes) / 1_048_576)) MB")
            let (syntax, full, summary) = try Self.time(path, guides: guides, runs: runs)
            let mb = Double(bytes) / 1_048_576
            bestRate = mb / full.best
            print("837P \(fmt(mb)) MB (\(summary)): read with envelopes \(syntax.describe(mb)); read and validate \(full.describe(mb)); "
                  + "peak resident \(fmt(peakResidentMegabytes())) MB")
            if !keep { try? FileManager.default.removeItem(atPath: path) }
        }

        let remittancePath = "\(directory)/revcycle-bench-\(Int(remittanceSize))mb.835"
        let (remittanceText, remittanceWrite) = Remittance835Generator.write(megabytes: remittanceSize)
        try Data(remittanceText.utf8).write(to: URL(fileURLWithPath: remittancePath))
        let remittanceMB = Double(remittanceText.utf8.count) / 1_048_576
        let (_, remittanceRead, remittanceSummary) = try Self.time(remittancePath, guides: guides, runs: runs)
        print("835 \(fmt(remittanceMB)) MB (\(remittanceSummary)): written by RemittanceWriter in \(fmt(remittanceWrite)) s = "
              + "\(fmt(remittanceMB / remittanceWrite)) MB/s; read and validate \(remittanceRead.describe(remittanceMB))")
        if !keep { try? FileManager.default.removeItem(atPath: remittancePath) }

        // The writer: the claims of a 10 MB batch, read into the typed model, written back as an 837P.
        let writerPath = "\(directory)/revcycle-bench-writer.837"
        _ = try Claim837Generator.write(megabytes: 10, to: writerPath)
        defer { if !keep { try? FileManager.default.removeItem(atPath: writerPath) } }
        let (writerReport, writerDocument) = try HealthCareValidation.read(try Data(contentsOf: URL(fileURLWithPath: writerPath)))
        guard writerReport.isValid, case .claims(let batch)? = ParsedFile(report: writerReport, document: writerDocument).transactions.first else {
            throw ValidationError("the generated 837P did not read back as claims")
        }
        var writeTimes: [Double] = [], written = 0
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let text = ClaimWriter.professional(batch, parties: InterchangeParties(senderID: "REVCYCLE", receiverID: "CLEARINGHOUSE"),
                                                date: "20261130", time: "1200", interchangeControlNumber: 1, groupControlNumber: 1)
            written = text.utf8.count
            writeTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let writtenMB = Double(written) / 1_048_576
        print("837P writer: \(batch.claims.count) claims, \(fmt(writtenMB)) MB, \(Timing(writeTimes).describe(writtenMB))")

        // pyx12 and linuxforhealth-x12 on a smaller file from the same generator: they are slow enough that a larger
        // one only takes longer.
        let small = "\(directory)/revcycle-bench-small.837"
        let smallMB = Double(try Claim837Generator.write(megabytes: pyx12Size, to: small)) / 1_048_576
        defer { if !keep { try? FileManager.default.removeItem(atPath: small) } }
        let (_, oursSmall, _) = try Self.time(small, guides: guides, runs: runs)
        let pyx12 = try Self.python(["python3", oracle, small])
        let verdict = pyx12.status == 0 ? "valid" : pyx12.status == 1 ? "invalid" : "could not judge (exit \(pyx12.status))"
        print("pyx12 validates \(fmt(smallMB)) MB: \(fmt(pyx12.seconds)) s = \(fmt(smallMB / pyx12.seconds)) MB/s, says \(verdict); "
              + "Revcycle on the same file \(fmt(oursSmall.best)) s")
        print("ratio: Revcycle validates at \(fmt(bestRate / (smallMB / pyx12.seconds)))x pyx12's rate (largest 837P, best run)")

        try typedParse(small: small, smallMB: smallMB)
    }

    /// The typed parse (validation, the rules and the model) beside linuxforhealth-x12's, on a file of `pyx12Size` MB.
    func typedParse() throws {
        let small = "\(directory)/revcycle-bench-small.837"
        let smallMB = Double(try Claim837Generator.write(megabytes: pyx12Size, to: small)) / 1_048_576
        defer { if !keep { try? FileManager.default.removeItem(atPath: small) } }
        try typedParse(small: small, smallMB: smallMB)
    }

    private func typedParse(small: String, smallMB: Double) throws {
        let smallData = try Data(contentsOf: URL(fileURLWithPath: small))
        var parseTimes: [Double] = [], modelTimes: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let (report, document) = try HealthCareValidation.read(smallData)
            let t1 = DispatchTime.now().uptimeNanoseconds
            _ = ParsedFile(report: report, document: document)
            let t2 = DispatchTime.now().uptimeNanoseconds
            parseTimes.append(Double(t2 - t0) / 1e9)
            modelTimes.append(Double(t2 - t1) / 1e9)
        }
        let parse = Timing(parseTimes)
        print("Revcycle parses \(fmt(smallMB)) MB into typed claims (validated): \(parse.describe(smallMB)); "
              + "of which the typed model from the loops: median \(fmt(Timing(modelTimes).median * 1000)) ms")
        let lfhScript = "import sys, time\nfrom linuxforhealth.x12.io import X12ModelReader\nt = time.perf_counter()\nn = 0\n"
            + "with X12ModelReader(sys.argv[1]) as r:\n    for m in r.models(): n += 1\nprint(n, time.perf_counter() - t)\n"
        let lfh = try Self.python([lfhPython, "-c", lfhScript, small])
        if lfh.status == 0, let seconds = lfh.output.split(separator: " ").last.flatMap({ Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            print("linuxforhealth-x12 parses \(fmt(smallMB)) MB into its models: \(fmt(seconds)) s = \(fmt(smallMB / seconds)) MB/s (start-up not counted)")
            print("ratio: Revcycle parses \(fmt(seconds / parse.best))x faster than linuxforhealth-x12")
        } else {
            say("linuxforhealth-x12 could not run with \(lfhPython) (exit \(lfh.status)); install it with pip install linuxforhealth-x12==0.57.0 and pass --lfh-python")
        }
    }

    /// Median and best of several timings.
    struct Timing {
        let median: Double, best: Double
        init(_ times: [Double]) {
            let sorted = times.sorted()
            median = sorted[sorted.count / 2]
            best = sorted[0]
        }
        func describe(_ megabytes: Double) -> String {
            "median \(fmt(median)) s = \(fmt(megabytes / median)) MB/s, best \(fmt(best)) s = \(fmt(megabytes / best)) MB/s"
        }
    }

    /// Reads a file `runs` times through the tokenizer and envelopes, and through the validator.
    static func time(_ path: String, guides: [ImplementationGuide], runs: Int) throws -> (syntax: Timing, full: Timing, summary: String) {
        var syntaxTimes: [Double] = [], validateTimes: [Double] = []
        var summary = ""
        for _ in 0..<runs {
            syntaxTimes.append(try read(path, guides: nil).seconds)
            let full = try read(path, guides: guides)
            validateTimes.append(full.seconds)
            summary = "\(full.report.segmentCount) segments, \(full.report.isValid ? "valid" : "INVALID: \(full.report.findings.first.map(String.init(describing:)) ?? "")")"
        }
        return (Timing(syntaxTimes), Timing(validateTimes), summary)
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, seconds: Double, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let t0 = Date()
        do { try process.run() } catch { throw ValidationError("cannot run \(arguments.joined(separator: " ")): \(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(t0), output)
    }

    /// Reads a file in 1 MB chunks through the tokenizer and, when guides are given, the validator. Each chunk is read
    /// into one buffer kept for the whole file (FileHandle read it 4 KB at a time into a fresh `Data` per chunk) and
    /// fed to the tokenizer 64 KB at a time, as `X12Validator.validate` (and so `x12 validate`) feeds it: a batch's
    /// bytes, field starts and records then stay in the core's cache from tokenizing to validating, and the
    /// tokenizer's buffers, which a new tokenizer faults in afresh, are a sixteenth of the size.
    static func read(_ path: String, guides: [ImplementationGuide]?) throws -> (report: ValidationReport, seconds: Double) {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { throw ValidationError("cannot read \(path)") }
        defer { close(file) }
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        chunk.initialize(repeating: 0)
        defer { chunk.deallocate() }
        let feedSize = 1 << 16
        let t0 = DispatchTime.now().uptimeNanoseconds
        var tokenizer = Tokenizer()
        var session = ValidationSession(guides: guides ?? [])
        var envelopes = EnvelopeChecker()
        var readingError: X12SyntaxError?
        var readFailed = false
        do throws(X12SyntaxError) {
            while true {
                let count = readBytes(file, into: UnsafeMutableRawBufferPointer(chunk))
                guard count > 0 else { readFailed = count < 0; break }
                var start = 0
                while start < count {
                    let end = min(count, start + feedSize)
                    let segments = try tokenizer.feedBatch(UnsafeBufferPointer(rebasing: chunk[start..<end]))
                    start = end
                    guard let d = tokenizer.delimiters else { continue }
                    if guides == nil {
                        envelopes.consume(segments)
                    } else {
                        session.consume(segments, delimiters: d)
                    }
                }
            }
            try tokenizer.finish()
        } catch {
            readingError = error
        }
        if readFailed { throw ValidationError("cannot read \(path): error \(errno)") }
        var report = session.finish(readingError: readingError)
        if guides == nil { envelopes.finish(); report.segmentCount = tokenizer.segmentCount }
        return (report, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    private static func readBytes(_ file: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        #if canImport(Glibc)
        Glibc.read(file, buffer.baseAddress, buffer.count)
        #else
        Darwin.read(file, buffer.baseAddress, buffer.count)
        #endif
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
        var random = SeededGenerator(seed: 837)
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

/// A synthetic 835 (seeded, made up, balanced): one payment of many claims, each with three paid service lines and
/// their adjustments, written through `RemittanceWriter` so that the writer is timed too.
enum Remittance835Generator {
    static func write(megabytes: Double) -> (text: String, seconds: Double) {
        var random = SeededGenerator(seed: 835)
        // About 365 bytes a claim.
        let count = max(1, Int(megabytes * 1_048_576 / 365))
        var claims: [Remittance.ClaimPayment] = []
        claims.reserveCapacity(count)
        var total = 0
        let procedures = ["99213", "99214", "36415", "80053", "93000", "85025", "71046", "90471"]
        for n in 1...count {
            var lines: [Remittance.ServiceLine] = []
            var charge = 0, paid = 0, patient = 0
            for line in 1...3 {
                let lineCharge = Int(random.next() % 20_000) + 500
                let allowed = lineCharge * 7 / 10, owed = allowed / 5
                lines.append(.init(procedureCode: procedures[Int(random.next() % 8)], chargeCents: lineCharge, paidCents: allowed - owed,
                                   serviceDate: "202611\(String(format: "%02d", random.next() % 28 + 1))", lineControlNumber: "C\(n)L\(line)",
                                   adjustments: [Adjustment(groupCode: "CO", reasonCode: "45", amountCents: lineCharge - allowed, quantity: nil),
                                                 Adjustment(groupCode: "PR", reasonCode: "2", amountCents: owed, quantity: nil)]))
                charge += lineCharge; paid += allowed - owed; patient += owed
            }
            total += paid
            claims.append(.init(claimId: "C\(n)", statusCode: "1", chargeCents: charge, paidCents: paid, patientResponsibilityCents: patient,
                                filingIndicator: "12", payerClaimControlNumber: "PCN\(n)",
                                patient: Party(name: "DOE\(n % 97)", firstName: "JANE", idQualifier: "MI", id: "M\(random.next() % 1_000_000_000)"),
                                adjustments: [], serviceLines: lines))
        }
        let era = Remittance(controlNumber: "0001", paymentCents: total, paymentDate: "20261130", traceNumber: "EFT0001", payerIdentifier: "1123456789",
                             payer: Party(name: "SANDBOX HEALTH PLAN", address: Address(line1: "1 PAYER WAY", city: "HARTFORD", state: "CT", postalCode: "06101")),
                             payerContactName: "EDI SUPPORT", payerContactPhone: "8005551212",
                             payee: Party(name: "NORTHSIDE CLINIC", idQualifier: "XX", id: "1234567893"), payeeTaxID: "123456789",
                             claims: claims, providerAdjustments: [])
        let t0 = DispatchTime.now().uptimeNanoseconds
        let text = RemittanceWriter.write(era, parties: InterchangeParties(senderID: "SANDBOX", receiverID: "REVCYCLE"),
                                          date: "20261130", time: "1200", interchangeControlNumber: 1, groupControlNumber: 1)
        return (text, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
}
