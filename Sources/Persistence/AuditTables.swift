import FluentKit
import Foundation
import RevenueCycle

// The hash-chained audit log (`AuditLog`). Each append reads the last entry and chains the new one to it in one
// transaction. Appends of this process take turns (StoreLocks.auditAppend), so they never collide; appends of
// another process that read the same last entry collide on the primary key (the sequence), and the loser tries
// again after the winner's entry.

final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_log"
    @ID(custom: "sequence", generatedBy: .user) var id: Int64?
    @OptionalField(key: "tenant_id") var tenantID: UUID?
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: String
    @Field(key: "at_ms") var atMilliseconds: Int64
    @Field(key: "source_address") var sourceAddress: String
    @Field(key: "detail") var detail: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(_ e: AuditEntry) {
        id = Int64(e.sequence); tenantID = e.tenantID; actorUserID = e.actor.userID; actorName = e.actor.displayName
        action = e.action.rawValue; entityType = e.entityType; entityID = e.entityID; atMilliseconds = e.atMilliseconds
        sourceAddress = e.sourceAddress; detail = e.detail; previousHash = e.previousHash; hash = e.hash
    }

    func entry() throws -> AuditEntry {
        guard let sequence = id, let action = AuditAction(rawValue: action) else {
            throw StoreIntegrityError("audit entry \(id.map(String.init) ?? "?") names an action this version does not know")
        }
        return AuditEntry(sequence: Int(sequence), tenantID: tenantID, actor: AuditActor(userID: actorUserID, displayName: actorName),
                          action: action, entityType: entityType, entityID: entityID, atMilliseconds: atMilliseconds,
                          sourceAddress: sourceAddress, detail: detail, previousHash: previousHash, hash: hash)
    }
}

extension DatabaseStore {
    /// How many times an append that collided with another process's is tried again.
    static let auditAppendAttempts = 8

    @discardableResult
    public func append(_ event: AuditEvent) async throws -> AuditEntry {
        guard let entry = try await append([event]).first else { throw StoreIntegrityError("the audit append wrote nothing") }
        return entry
    }

    /// Appends the events in their order, chained one after another, in one transaction: one commit (one disk sync)
    /// for all of them.
    @discardableResult
    public func append(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        // Inside a caller's transaction a failed insert spoils the transaction, so there is one attempt.
        let attempts = database.inTransaction ? 1 : Self.auditAppendAttempts
        return try await StoreLocks.auditAppend.withLock {
            var attempt = 1
            while true {
                do {
                    return try await self.write { db in
                        var last = try await AuditEntryModel.query(on: db).sort(\.$id, .descending).first()?.entry()
                        var entries: [AuditEntry] = []
                        for event in events {
                            let entry = AuditChain.entry(after: last, tenantID: event.tenantID, actor: event.actor, action: event.action,
                                                         entityType: event.entityType, entityID: event.entityID, at: event.at,
                                                         sourceAddress: event.sourceAddress, detail: event.detail)
                            entries.append(entry)
                            last = entry
                        }
                        try await entries.map(AuditEntryModel.init).create(on: db)
                        return entries
                    }
                } catch let error where ConstraintViolation(error) == .unique && attempt < attempts {
                    attempt += 1
                }
            }
        }
    }

    /// Entries in sequence order from `sequence` (inclusive); at most `limit` (1 to 10,000).
    public func entries(from sequence: Int, limit: Int) async throws -> [AuditEntry] {
        try await AuditEntryModel.query(on: database)
            .filter(\.$id >= Int64(sequence))
            .sort(\.$id)
            .limit(min(max(limit, 1), 10_000))
            .all()
            .map { try $0.entry() }
    }

    /// A tenant's entries, newest first, before `sequence` when given (the next page of the tenant's audit page).
    public func entries(tenantID: UUID, limit: Int, before sequence: Int?) async throws -> [AuditEntry] {
        let q = AuditEntryModel.query(on: database).filter(\.$tenantID == tenantID)
        if let sequence { q.filter(\.$id < Int64(sequence)) }
        return try await q.sort(\.$id, .descending).limit(min(max(limit, 1), 1000)).all().map { try $0.entry() }
    }

    /// Checks the whole audit log, `batchSize` entries at a time, each batch after the previous batch's last entry:
    /// every sequence number, every link to the previous hash, every hash. Answers the first break, or how many
    /// entries were checked. (`revcycle audit verify`.)
    public func verifyAuditLog(batchSize: Int = 5000) async throws -> AuditChainVerification {
        let size = min(max(batchSize, 1), 10_000)
        var anchor: AuditEntry?
        var count = 0
        while true {
            let batch = try await entries(from: (anchor?.sequence ?? 0) + 1, limit: size)
            guard !batch.isEmpty else { return .intact(count: count) }
            if case .broken(let sequence, let reason) = AuditChain.verify(batch, after: anchor) {
                return .broken(sequence: sequence, reason: reason)
            }
            count += batch.count
            anchor = batch.last
            if batch.count < size { return .intact(count: count) }
        }
    }
}
