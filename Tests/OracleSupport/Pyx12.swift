import Foundation

/// pyx12 (../shared/tools/pyx12_oracle.py), the reference X12 validator the tests check our files against.
public enum Pyx12 {
    public struct Verdict: Decodable, Sendable {
        public var valid: Bool
        public var status: String
        public var errors: [String]

        /// The segment number of pyx12's first segment or element error ("Line:N SEG:" or "Line:N ELE:"; pyx12 counts
        /// segments as lines).
        public var firstSegmentError: Int? {
            errors.compactMap { message -> Int? in
                guard let range = message.range(of: #"Line:\d+ (SEG|ELE):"#, options: .regularExpression) else { return nil }
                return Int(message[range].dropFirst(5).prefix { $0.isNumber })
            }.min()
        }
    }

    /// The versions pyx12 has 5010 maps for.
    public static let judgedVersions: Set<String> = ["005010X222A1", "005010X223A2", "005010X221A1", "005010X214", "005010X231A1"]

    public static let oracle = SharedFiles.directory.appendingPathComponent("tools/pyx12_oracle.py")

    public static let available: Bool = {
        guard FileManager.default.fileExists(atPath: oracle.path) else { return false }
        return (try? run(["python3", "-c", "import pyx12"]).status) == 0
    }()

    public static let notInstalled = "pyx12 is not installed (python3 -m pip install -r ../shared/tools/requirements-oracles.txt)"

    /// pyx12's verdict on a file; nil when it could not judge it (exit status 2).
    public static func verdict(_ file: URL) throws -> Verdict? {
        let (status, output) = try run(["python3", oracle.path, file.path])
        guard status == 0 || status == 1 else { return nil }
        return try JSONDecoder().decode(Verdict.self, from: output)
    }

    /// pyx12's verdict on X12 text, through a temporary file.
    public static func verdict(text: String) throws -> Verdict? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("revcycle-pyx12-\(UUID().uuidString).x12")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(text.utf8).write(to: file)
        return try verdict(file)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments)
    }
}

/// Runs a program to its end: its exit status and standard output (standard error is dropped).
public enum Subprocess {
    public static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
