import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// The posting exception queue (`PostingExceptionStore`); the table is made by M015CreatePostingExceptions.

/// Where a queue page ends: the status, time, place and id of its last item.
private struct PostingExceptionCursor: Codable {
    var status: String
    var at: Int64
    var position: Int64
    var id: UUID
}

extension DatabaseStore {
    public func postingExceptions(tenantID: UUID, query: PostingExceptionQuery) async throws -> RevenueCycle.Page<Stored<PostingException>> {
        let after = try query.cursor.map { cursor throws(StoreError) in try ListCursor.decode(PostingExceptionCursor.self, cursor) }
        let select = try Self.sql(database).select().columns("body", "version", "id", "status", "received_at_ms", "position").from("posting_exceptions")
            .where("tenant_id", .equal, tenantID)
        if let status = query.status { select.where("status", .equal, status.rawValue) }
        if let kind = query.kind { select.where("kind", .equal, kind.rawValue) }
        if let fileID = query.receivedFileID { select.where("received_file_id", .equal, fileID) }
        if let after {
            // "open" sorts before "resolved": open ones first.
            select.where("""
                (\(ident: "status"), \(ident: "received_at_ms"), \(ident: "position"), \(ident: "id")) > \
                (\(bind: after.status), \(bind: after.at), \(bind: after.position), \(bind: after.id))
                """ as SQLQueryString)
        }
        let rows = try await select.orderBy("status").orderBy("received_at_ms").orderBy("position").orderBy("id").limit(query.limit + 1).all()
        let page = Array(rows.prefix(query.limit))
        var next: String?
        if rows.count > query.limit, let last = page.last {
            next = ListCursor.encode(PostingExceptionCursor(status: try last.decode(column: "status", as: String.self),
                                                            at: try last.decode(column: "received_at_ms", as: Int64.self),
                                                            position: try last.decode(column: "position", as: Int64.self),
                                                            id: try last.decode(column: "id", as: UUID.self)))
        }
        return RevenueCycle.Page(items: try page.map { try Self.storedPostingException($0) }, nextCursor: next)
    }

    public func postingException(id: UUID, tenantID: UUID) async throws -> Stored<PostingException>? {
        let row = try await Self.sql(database).select().columns("body", "version").from("posting_exceptions")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedPostingException($0) }
    }

    public func updatePostingException(_ exception: PostingException, expectedVersion: Int) async throws -> Stored<PostingException> {
        let updated: Bool = try await write { db in
            !(try await Self.sql(db).update("posting_exceptions")
                .set("version", to: expectedVersion + 1)
                .set("status", to: exception.status.rawValue)
                .set("body", to: try StoreJSON.encode(exception))
                .where("id", .equal, exception.id).where("tenant_id", .equal, exception.tenantID).where("version", .equal, expectedVersion)
                .returning("id").all()).isEmpty
        }
        guard updated else {
            guard let current = try await postingException(id: exception.id, tenantID: exception.tenantID) else {
                throw StoreError.notFound(kind: "posting exception", id: exception.id)
            }
            throw StoreError.versionConflict(kind: "posting exception", id: exception.id, expected: expectedVersion, actual: current.version)
        }
        return Stored(value: exception, version: expectedVersion + 1, createdAt: exception.receivedAt, updatedAt: exception.resolvedAt ?? Date())
    }

    // MARK: - Helpers

    /// Queues an 835's unposted items inside its transaction; an item already queued (the same 835 under another
    /// file name) is kept as it is.
    func insertPostingExceptions(_ items: [PostingException], on db: any Database) async throws {
        let sql = try Self.sql(db)
        for slice in stride(from: 0, to: items.count, by: 500) {
            var insert = sql.insert(into: "posting_exceptions")
                .columns("id", "tenant_id", "received_file_id", "claim_id", "version", "status", "kind", "received_at_ms", "position", "body")
            for e in items[slice..<min(slice + 500, items.count)] {
                insert = insert.values(SQLBind(e.id), SQLBind(e.tenantID), SQLBind(e.receivedFileID), SQLBind(e.claimID), SQLBind(1),
                                       SQLBind(e.status.rawValue), SQLBind(e.kind.rawValue), SQLBind(milliseconds(e.receivedAt)),
                                       SQLBind(Int64(e.claimPosition) * 1000 + Int64(e.serviceLine ?? 0)), SQLBind(try StoreJSON.encode(e)))
            }
            try await insert.ignoringConflicts(with: "id").run()
        }
    }

    static func storedPostingException(_ row: any SQLRow) throws -> Stored<PostingException> {
        let e = try StoreJSON.decode(PostingException.self, try row.decode(column: "body", as: String.self), what: "a posting exception")
        return Stored(value: e, version: try row.decode(column: "version", as: Int.self), createdAt: e.receivedAt, updatedAt: e.resolvedAt ?? e.receivedAt)
    }
}
