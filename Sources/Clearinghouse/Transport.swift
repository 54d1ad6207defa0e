import Foundation

/// A file sent to or received from a clearinghouse: an 837 batch going out, a 999, 277CA, 277 or 835 coming back.
public struct ExchangeFile: Sendable, Hashable {
    /// The file's name at the clearinghouse: letters, digits, `.`, `-` and `_` only.
    public var name: String
    public var contents: Data

    public init(name: String, contents: Data) {
        self.name = name
        self.contents = contents
    }
}

/// How files reach a clearinghouse and come back from it. A file is sent whole or not at all, never under a name
/// already used; a received file stays in the inbox until it is marked taken, so a crash between reading and
/// processing loses nothing.
public protocol ClearinghouseTransport: Sendable {
    /// Hands the file over. Refuses a name already sent (`TransportError.alreadySent`): resending is a decision,
    /// made with a new name.
    func send(_ file: ExchangeFile) async throws
    /// The files waiting in the inbox, oldest name first.
    func received() async throws -> [ExchangeFile]
    /// Marks a received file as processed: it is kept, out of the inbox.
    func markTaken(_ name: String) async throws
}

/// What went wrong, with the file and folder it concerns.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidName(String)
    case alreadySent(name: String, folder: String)
    case notInInbox(name: String, folder: String)
    case folder(path: String, reason: String)
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "'\(name.prefix(80))' is not a file name a clearinghouse takes: use 1 to 200 letters, digits, '.', '-' and '_', not starting with '.'"
        case .alreadySent(let name, let folder): "\(name) was already sent (it is in \(folder)); send a resubmission under a new name"
        case .notInInbox(let name, let folder): "\(name) is not in the inbox \(folder)"
        case .folder(let path, let reason): "folder \(path): \(reason)"
        case .file(let path, let reason): "file \(path): \(reason)"
        }
    }

    static func isValidName(_ name: String) -> Bool {
        (1...200).contains(name.utf8.count) && !name.hasPrefix(".")
            && name.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }
}

extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
    }
}
