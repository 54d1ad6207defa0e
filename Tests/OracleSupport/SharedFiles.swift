import Foundation

/// The workplace's shared folder beside the repository (../shared): code sets, X12 samples, oracles.
public enum SharedFiles {
    /// This file is Tests/OracleSupport/SharedFiles.swift.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    /// The official code sets; REVCYCLE_CODESETS names another folder.
    public static let codesets: URL = {
        if let env = ProcessInfo.processInfo.environment["REVCYCLE_CODESETS"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return directory.appendingPathComponent("codesets")
    }()
}
