import Foundation
import Logging

/// Log output for the whole process: text for a terminal, or JSON (one object per line) for log collectors.
public enum RevcycleLogging {
    public static func bootstrap(_ config: RevcycleConfiguration) {
        let level = Logger.Level(rawValue: config.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = config.logFormat == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// A structured log handler: `{"time":…,"level":…,"label":…,"message":…,"metadata":{…}}` per line on standard error.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        if let line = line(for: event) { FileHandle.standardError.write(line) }
    }

    /// One JSON object and a newline.
    func line(for event: LogEvent) -> Data? {
        var fields = self.metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        if let error = event.error { fields["error"] = "\(error)" }
        let object: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: Date()),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
            "metadata": fields.mapValues { $0.description },
        ]
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        data.append(0x0A)
        return data
    }
}
