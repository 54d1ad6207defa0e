internal import Crypto
import Foundation

/// What an audited event did.
public enum AuditAction: String, Hashable, Codable, Sendable, CaseIterable {
    case read
    case create
    case update
    case delete
    case login
    case logout
    case loginFailed
    /// A claim status change.
    case transition
    /// A ledger posting.
    case post
    case export
    /// A request refused for lack of permission.
    case accessDenied
}

/// Who did it: a user, or the system (no user id).
public struct AuditActor: Hashable, Codable, Sendable {
    public var userID: UUID?
    public var displayName: String

    public init(userID: UUID?, displayName: String) {
        self.userID = userID
        self.displayName = displayName
    }
}

/// One entry of the append-only audit log. Each entry's hash covers all its fields and the previous entry's hash,
/// so changing, removing or reordering any entry breaks the chain from that point on.
///
/// The time is kept as integer milliseconds since 1970: the hash must come out the same after a round trip
/// through any database, and a floating-point or time-zone-formatted time might not.
public struct AuditEntry: Hashable, Codable, Sendable {
    /// 1, 2, 3... with no gaps.
    public let sequence: Int
    /// Nil for events of the installation as a whole (a login to the billing company, a code-set import).
    public let tenantID: UUID?
    public let actor: AuditActor
    public let action: AuditAction
    public let entityType: String
    public let entityID: String
    public let atMilliseconds: Int64
    /// The client's network address.
    public let sourceAddress: String
    public let detail: String
    /// The hash of the entry before, or `AuditChain.genesisHash` for the first.
    public let previousHash: String
    /// Lower-case hexadecimal SHA-256 of `canonicalBytes`.
    public let hash: String

    /// An entry as stored; `AuditChain.append` makes new ones.
    public init(sequence: Int, tenantID: UUID?, actor: AuditActor, action: AuditAction, entityType: String, entityID: String,
                atMilliseconds: Int64, sourceAddress: String, detail: String, previousHash: String, hash: String) {
        self.sequence = sequence; self.tenantID = tenantID; self.actor = actor; self.action = action; self.entityType = entityType
        self.entityID = entityID; self.atMilliseconds = atMilliseconds; self.sourceAddress = sourceAddress; self.detail = detail
        self.previousHash = previousHash; self.hash = hash
    }

    public var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }

    /// The bytes the hash covers: a version tag, then every field in a fixed order. Strings are UTF-8 with an
    /// 8-byte big-endian length before them; integers are 8 bytes big-endian; an optional id is a presence byte and
    /// then its 16 bytes. Lengths make the encoding unambiguous: no two different entries give the same bytes.
    public var canonicalBytes: [UInt8] {
        var bytes: [UInt8] = []
        func integer(_ v: Int64) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
        func string(_ s: String) {
            integer(Int64(s.utf8.count))
            bytes.append(contentsOf: s.utf8)
        }
        func optionalID(_ id: UUID?) {
            guard let id else { bytes.append(0); return }
            bytes.append(1)
            withUnsafeBytes(of: id.uuid) { bytes.append(contentsOf: $0) }
        }
        string("revcycle-audit-v1")
        integer(Int64(sequence))
        optionalID(tenantID)
        optionalID(actor.userID)
        string(actor.displayName)
        string(action.rawValue)
        string(entityType)
        string(entityID)
        integer(atMilliseconds)
        string(sourceAddress)
        string(detail)
        string(previousHash)
        return bytes
    }

    /// The hash the entry's fields give; equal to `hash` unless the entry was changed.
    public func computeHash() -> String {
        let digest = SHA256.hash(data: canonicalBytes)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Why the chain is broken at an entry.
public enum AuditChainBreak: Hashable, Sendable, CustomStringConvertible {
    /// The entry's fields do not give its recorded hash: the entry was changed.
    case hashMismatch(recorded: String, computed: String)
    /// The sequence number is not the one after the previous entry's: an entry is missing, added or out of order.
    case sequenceGap(expected: Int, found: Int)
    /// The entry does not point to the previous entry's hash: an entry before it was removed, replaced or moved.
    case previousHashMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case .hashMismatch(let recorded, let computed):
            "its fields hash to \(computed.prefix(12))…, not the recorded \(recorded.prefix(12))…: the entry was changed"
        case .sequenceGap(let expected, let found):
            "expected sequence \(expected), found \(found): an entry is missing or out of order"
        case .previousHashMismatch(let expected, let found):
            "it points to a previous hash \(found.prefix(12))…, but the entry before it hashes to \(expected.prefix(12))…"
        }
    }
}

/// The result of verifying a chain.
public enum AuditChainVerification: Hashable, Sendable {
    case intact(count: Int)
    case broken(sequence: Int, reason: AuditChainBreak)
}

/// The audit log as a hash chain: append-only, and checkable by anyone holding the entries.
public struct AuditChain: Hashable, Sendable {
    /// The previous hash of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    public private(set) var entries: [AuditEntry] = []

    public init() {}

    /// Appends an entry after the last one, with the next sequence number and the chained hash.
    @discardableResult
    public mutating func append(tenantID: UUID?, actor: AuditActor, action: AuditAction, entityType: String, entityID: String,
                                at: Date, sourceAddress: String, detail: String) -> AuditEntry {
        let entry = AuditChain.entry(after: entries.last, tenantID: tenantID, actor: actor, action: action, entityType: entityType,
                                     entityID: entityID, at: at, sourceAddress: sourceAddress, detail: detail)
        entries.append(entry)
        return entry
    }

    /// The entry that follows `previous` (nil: the first of a chain). Storage that appends one entry at a time
    /// reads the last stored entry and calls this.
    public static func entry(after previous: AuditEntry?, tenantID: UUID?, actor: AuditActor, action: AuditAction, entityType: String,
                             entityID: String, at: Date, sourceAddress: String, detail: String) -> AuditEntry {
        let unsigned = AuditEntry(sequence: (previous?.sequence ?? 0) &+ 1, tenantID: tenantID, actor: actor, action: action,
                                  entityType: entityType, entityID: entityID, atMilliseconds: milliseconds(at),
                                  sourceAddress: sourceAddress, detail: detail, previousHash: previous?.hash ?? genesisHash, hash: "")
        return AuditEntry(sequence: unsigned.sequence, tenantID: tenantID, actor: actor, action: action, entityType: entityType,
                          entityID: entityID, atMilliseconds: unsigned.atMilliseconds, sourceAddress: sourceAddress, detail: detail,
                          previousHash: unsigned.previousHash, hash: unsigned.computeHash())
    }

    /// Whole milliseconds since 1970, clamped to what 64 bits hold (dates are the system clock's, never input).
    static func milliseconds(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard ms.isFinite else { return 0 }
        if ms >= 9.2e18 { return Int64.max }
        if ms <= -9.2e18 { return Int64.min }
        return Int64(ms)
    }

    /// Checks `entries` in order: sequence numbers consecutive, each pointing to the hash of the one before, each
    /// hash matching its fields. `anchor` is the entry just before the first given (to verify a tail of the log);
    /// without it the first entry must be sequence 1 after the genesis hash. Answers the first break.
    public static func verify(_ entries: [AuditEntry], after anchor: AuditEntry? = nil) -> AuditChainVerification {
        var expectedSequence = (anchor?.sequence ?? 0) &+ 1
        var expectedPrevious = anchor?.hash ?? genesisHash
        for entry in entries {
            if entry.sequence != expectedSequence {
                return .broken(sequence: entry.sequence, reason: .sequenceGap(expected: expectedSequence, found: entry.sequence))
            }
            if entry.previousHash != expectedPrevious {
                return .broken(sequence: entry.sequence, reason: .previousHashMismatch(expected: expectedPrevious, found: entry.previousHash))
            }
            let computed = entry.computeHash()
            if computed != entry.hash {
                return .broken(sequence: entry.sequence, reason: .hashMismatch(recorded: entry.hash, computed: computed))
            }
            expectedSequence &+= 1
            expectedPrevious = entry.hash
        }
        return .intact(count: entries.count)
    }
}
