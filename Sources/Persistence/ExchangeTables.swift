import FluentKit
import FluentPostgresDriver
import Foundation
import RevenueCycle

// Batches and received files (`ClaimExchangeStore`); the tables are made by M009CreateClaimExchange.

extension DatabaseStore {
    public func nextInterchangeControlNumber(tenantID: UUID) async throws -> Int {
        try await write { db in
            let sql = try Self.sql(db)
            // Make the counter if it is missing, then count up: the update's row lock orders concurrent senders.
            try await sql.raw("""
                INSERT INTO control_numbers (tenant_id, counter, last_value) VALUES (\(bind: tenantID), 'interchange', 0)
                ON CONFLICT (tenant_id, counter) DO NOTHING
                """).run()
            guard let row = try await sql.raw("""
                UPDATE control_numbers SET last_value = last_value + 1
                WHERE tenant_id = \(bind: tenantID) AND counter = 'interchange' RETURNING last_value
                """).first() else { throw StoreIntegrityError("the control number counter of tenant \(tenantID) could not be read") }
            let value = try row.decode(column: "last_value", as: Int.self)
            guard value <= 999_999_999 else {
                throw StoreIntegrityError("tenant \(tenantID) has used every nine-digit interchange control number")
            }
            return value
        }
    }

    public func insertBatch(_ batch: ClaimBatch, claims: [ClaimChange], superseding: (batch: ClaimBatch, expectedVersion: Int)?) async throws -> Stored<ClaimBatch> {
        let now = Date()
        do {
            try await write { db in
                let store = self.on(db)
                if let (old, version) = superseding { _ = try await store.updateBatch(old, expectedVersion: version, claims: []) }
                try await Self.sql(db).insert(into: "claim_batches")
                    .columns("id", "tenant_id", "version", "status", "kind", "payer_id", "interchange_control_number", "file_name",
                             "created_at_ms", "body", "contents")
                    .values(SQLBind(batch.id), SQLBind(batch.tenantID), SQLBind(1), SQLBind(batch.status.rawValue), SQLBind(batch.kind.rawValue),
                            SQLBind(batch.payerID), SQLBind(batch.interchangeControlNumber), SQLBind(batch.fileName),
                            SQLBind(milliseconds(batch.createdAt)), SQLBind(try Self.batchBody(batch)), SQLBind(batch.contents))
                    .run()
                try await store.storeChanges(claims, document: ClaimDocument(kind: "837", documentID: batch.id, name: batch.fileName, at: batch.createdAt), on: db)
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "batch with interchange control number \(batch.interchangeControlNumber)")
        }
        return Stored(value: batch, version: 1, createdAt: now, updatedAt: now)
    }

    public func updateBatch(_ batch: ClaimBatch, expectedVersion: Int, claims: [ClaimChange]) async throws -> Stored<ClaimBatch> {
        let now = Date()
        let updated: Bool = try await write { db in
            let rows = try await Self.sql(db).update("claim_batches")
                .set("version", to: expectedVersion + 1)
                .set("status", to: batch.status.rawValue)
                .set("body", to: try Self.batchBody(batch))
                .where("id", .equal, batch.id).where("tenant_id", .equal, batch.tenantID).where("version", .equal, expectedVersion)
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            // Claims a batch changes later (sent, resubmitted) were already linked to it when it was made.
            try await self.on(db).storeChanges(claims, document: nil, on: db)
            return true
        }
        guard updated else {
            guard let current = try await self.batch(id: batch.id, tenantID: batch.tenantID) else { throw StoreError.notFound(kind: "batch", id: batch.id) }
            throw StoreError.versionConflict(kind: "batch", id: batch.id, expected: expectedVersion, actual: current.version)
        }
        return Stored(value: batch, version: expectedVersion + 1, createdAt: batch.createdAt, updatedAt: now)
    }

    public func batch(id: UUID, tenantID: UUID) async throws -> Stored<ClaimBatch>? {
        let row = try await Self.sql(database).select().columns("body", "contents", "version").from("claim_batches")
            .where("id", .equal, id).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedBatch($0) }
    }

    public func batch(interchangeControlNumber: Int, tenantID: UUID) async throws -> Stored<ClaimBatch>? {
        let row = try await Self.sql(database).select().columns("body", "contents", "version").from("claim_batches")
            .where("interchange_control_number", .equal, interchangeControlNumber).where("tenant_id", .equal, tenantID).first()
        return try row.map { try Self.storedBatch($0) }
    }

    /// Lists leave the 837 out (`contents` is empty): ask for one batch to have its file.
    public func batches(tenantID: UUID, limit: Int, cursor: String?) async throws -> RevenueCycle.Page<Stored<ClaimBatch>> {
        let (rows, next) = try await newestFirst(table: "claim_batches", timeColumn: "created_at_ms", columns: ["body", "version"],
                                                 tenantID: tenantID, filter: nil, limit: limit, cursor: cursor)
        return RevenueCycle.Page(items: try rows.map { try Self.storedBatch($0) }, nextCursor: next)
    }

    public func insertReceivedFile(_ file: ReceivedFile, claims: [ClaimChange], newClaims: [Claim],
                                   batches: [(batch: ClaimBatch, expectedVersion: Int)], denialWork: DenialWork) async throws -> Stored<ReceivedFile> {
        try await inTransaction { store in
            try await store.beginReceivedFile(file)
            try await store.storeReceivedFileContents(file)
            for (batch, version) in batches { _ = try await store.updateBatch(batch, expectedVersion: version, claims: []) }
            try await store.storeReceivedChanges(file, claims: claims, newClaims: newClaims, denialWork: denialWork, postingExceptions: [],
                                                 linking: claims.map(\.claim.id) + newClaims.map(\.id))
        }
        return Stored(value: file, version: 1, createdAt: file.receivedAt, updatedAt: file.receivedAt)
    }

    /// A received file's transaction: on SQLite its log is copied into the database file after the commit, in the
    /// background (`write(checkpointAfter:)`), as an 835 writes hundreds of megabytes of it.
    public func inTransaction<T: Sendable>(_ body: @escaping @Sendable (DatabaseStore) async throws -> T) async throws -> T {
        try await write(checkpointAfter: true) { db in try await body(self.on(db)) }
    }

    /// Runs `body` with this store bound to one transaction, for a few writes that belong together (a record and its
    /// companions): SQLite's commit checkpoints as usual.
    public func smallTransaction<T: Sendable>(_ body: @escaping @Sendable (DatabaseStore) async throws -> T) async throws -> T {
        try await write { db in try await body(self.on(db)) }
    }

    public func beginReceivedFile(_ file: ReceivedFile) async throws {
        do {
            try await write { db in
                if try await self.on(db).receivedFile(fingerprint: file.fingerprint, tenantID: file.tenantID) != nil {
                    throw StoreError.duplicate(what: "a received file with the same contents as \(file.name)")
                }
                try await Self.sql(db).insert(into: "received_files")
                    .columns("id", "tenant_id", "kind", "name", "fingerprint", "received_at_ms", "body")
                    .values(SQLBind(file.id), SQLBind(file.tenantID), SQLBind(file.kind.rawValue), SQLBind(file.name), SQLBind(file.fingerprint),
                            SQLBind(milliseconds(file.receivedAt)), SQLBind(try Self.fileBody(file)))
                    .run()
            }
        } catch let error where ConstraintViolation(error) == .unique {
            throw StoreError.duplicate(what: "a received file with the same contents as \(file.name)")
        }
    }

    /// The text in a row of its own (M017), which finishing the file's record leaves alone.
    public func storeReceivedFileContents(_ file: ReceivedFile) async throws {
        try await write { db in
            try await Self.sql(db).insert(into: "received_file_contents").columns("file_id", "tenant_id", "contents")
                .values(SQLBind(file.id), SQLBind(file.tenantID), SQLBind(file.contents)).run()
        }
    }

    public func storeReceivedChanges(_ file: ReceivedFile, claims: [ClaimChange], newClaims: [Claim], denialWork: DenialWork,
                                     postingExceptions: [PostingException], linking claimIDs: [UUID]) async throws {
        try await write { db in
            let store = self.on(db), sql = try Self.sql(db)
            // Written on another core while the claims are stored.
            let inserts = Task {
                (links: Self.linkInserts(claimIDs, tenantID: file.tenantID,
                                         to: ClaimDocument(kind: file.kind.rawValue, documentID: file.id, name: file.name, at: file.receivedAt), for: sql),
                 denials: try Self.denialInserts(denialWork.newDenials, fileID: file.id, for: sql))
            }
            for claim in newClaims { _ = try await store.insertClaim(claim) }
            try await store.updateClaims(claims, on: db)
            let (links, denials) = try await inserts.value
            for insert in links + denials { try await PreparedQuery(insert, on: sql).run() }
            try await store.storeDecisions(denialWork, on: db)
            try await store.insertPostingExceptions(postingExceptions, on: db)
        }
    }

    public func finishReceivedFile(_ file: ReceivedFile) async throws -> Stored<ReceivedFile> {
        try await write { db in
            try await Self.sql(db).update("received_files").set("body", to: SQLBind(try Self.fileBody(file)))
                .where("id", .equal, file.id).where("tenant_id", .equal, file.tenantID).run()
        }
        return Stored(value: file, version: 1, createdAt: file.receivedAt, updatedAt: file.receivedAt)
    }

    public func receivedFile(id: UUID, tenantID: UUID) async throws -> Stored<ReceivedFile>? {
        try await receivedFileWithContents(where: "f.id = \(bind: id) AND f.tenant_id = \(bind: tenantID)")
    }

    public func receivedFile(fingerprint: String, tenantID: UUID) async throws -> Stored<ReceivedFile>? {
        try await receivedFileWithContents(where: "f.fingerprint = \(bind: fingerprint) AND f.tenant_id = \(bind: tenantID)")
    }

    private func receivedFileWithContents(where condition: SQLQueryString) async throws -> Stored<ReceivedFile>? {
        let query: SQLQueryString = "SELECT f.body, c.contents FROM received_files f LEFT JOIN received_file_contents c ON c.file_id = f.id WHERE " + condition
        return try await Self.sql(database).raw(query).first().map { try Self.storedFile($0) }
    }

    /// Lists leave the file's text out (`contents` is empty).
    public func receivedFiles(tenantID: UUID, kind: ReceivedFileKind?, limit: Int, cursor: String?) async throws -> RevenueCycle.Page<Stored<ReceivedFile>> {
        let (rows, next) = try await newestFirst(table: "received_files", timeColumn: "received_at_ms", columns: ["body"], tenantID: tenantID,
                                                 filter: kind.map { ("kind", $0.rawValue) }, limit: limit, cursor: cursor)
        return RevenueCycle.Page(items: try rows.map { try Self.storedFile($0) }, nextCursor: next)
    }

    public func claimDocuments(claimID: UUID, tenantID: UUID) async throws -> [ClaimDocument] {
        let rows = try await Self.sql(database).select().columns("kind", "document_id", "name", "at_ms").from("claim_documents")
            .where("claim_id", .equal, claimID).where("tenant_id", .equal, tenantID).orderBy("at_ms").all()
        return try rows.map { row in
            ClaimDocument(kind: try row.decode(column: "kind", as: String.self), documentID: try row.decode(column: "document_id", as: UUID.self),
                          name: try row.decode(column: "name", as: String.self),
                          at: Date(timeIntervalSince1970: Double(try row.decode(column: "at_ms", as: Int64.self)) / 1000))
        }
    }

    public func claims(patientControlNumbers: [String], tenantID: UUID) async throws -> [Stored<Claim>] {
        guard !patientControlNumbers.isEmpty else { return [] }
        let sql = try Self.sql(database)
        var claims: [Stored<Claim>] = []
        // Bound parameters per statement are limited (SQLite: 32766).
        for slice in stride(from: 0, to: patientControlNumbers.count, by: 1000) {
            let numbers = Array(patientControlNumbers[slice..<min(slice + 1000, patientControlNumbers.count)])
            let rows = try await sql.select().columns(Self.documentColumns).from(ClaimModel.schema)
                .where("tenant_id", .equal, tenantID).where("patient_control_number", .in, numbers).all()
            let transitions = try await Self.transitions(claimIDs: try rows.map { try $0.decode(column: "id", as: UUID.self) }, on: sql)
            claims += try Self.storedClaims(rows, transitions: transitions)
        }
        return claims
    }

    // MARK: - Helpers

    /// Stores each changed claim (refusing the whole write when one changed since it was read) and links it to the
    /// document that changed it.
    func storeChanges(_ changes: [ClaimChange], document: ClaimDocument?, on db: any Database) async throws {
        try await updateClaims(changes, on: db)
        guard let document, let tenantID = changes.first?.claim.tenantID else { return }
        try await Self.link(changes.map(\.claim.id), tenantID: tenantID, to: document, on: db)
    }

    /// Puts the document on each claim's timeline.
    static func link(_ claimIDs: [UUID], tenantID: UUID, to document: ClaimDocument, on db: any Database) async throws {
        let sql = try Self.sql(db)
        for insert in linkInserts(claimIDs, tenantID: tenantID, to: document, for: sql) { try await PreparedQuery(insert, on: sql).run() }
    }

    /// The INSERTs of `link`, made ahead of running them.
    static func linkInserts(_ claimIDs: [UUID], tenantID: UUID, to document: ClaimDocument, for sql: any SQLDatabase) -> [SerializedStatement] {
        stride(from: 0, to: claimIDs.count, by: 2_000).map { start in
            var insert = StatementWriter(for: sql)
            insert.insertRows(into: "claim_documents (tenant_id, claim_id, kind, document_id, name, at_ms) VALUES ")
            for i in start..<min(start + 2_000, claimIDs.count) {
                if i > start { insert.write(", ") }
                insert.row([.id(tenantID), .id(claimIDs[i]), .text(document.kind), .id(document.documentID), .text(document.name),
                            .integer(Int(milliseconds(document.at)))])
            }
            return insert.statement
        }
    }

    /// A newest-first page of a tenant's rows, keyed by a millisecond time and the id.
    func newestFirst(table: String, timeColumn: String, columns: [String], tenantID: UUID, filter: (String, String)?, limit: Int,
                             cursor: String?) async throws -> ([any SQLRow], String?) {
        let limit = min(max(limit, 1), RecordQuery.maximumLimit)
        let after = try cursor.map { cursor throws(StoreError) in
            let decoded = try ListCursor.decode(ClaimCursor.self, cursor)
            guard decoded.list == table else { throw StoreError.badCursor }
            return decoded
        }
        let select = try Self.sql(database).select().columns(columns + ["id", timeColumn]).from(table).where("tenant_id", .equal, tenantID)
        if let (column, value) = filter { select.where(SQLIdentifier(column), .equal, SQLBind(value)) }
        if let after {
            select.where("(\(ident: timeColumn), \(ident: "id")) < (\(bind: after.at), \(bind: after.id))" as SQLQueryString)
        }
        let rows = try await select.orderBy(timeColumn, .descending).orderBy("id", .descending).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        var next: String?
        if rows.count > limit, let last = page.last {
            next = ListCursor.encode(ClaimCursor(list: table, at: try last.decode(column: timeColumn, as: Int64.self),
                                                 id: try last.decode(column: "id", as: UUID.self)))
        }
        return (page, next)
    }

    /// The batch without its file, which has a column of its own.
    static func batchBody(_ batch: ClaimBatch) throws -> String {
        var body = batch
        body.contents = ""
        return try StoreJSON.encode(body)
    }

    static func storedBatch(_ row: any SQLRow) throws -> Stored<ClaimBatch> {
        var batch = try StoreJSON.decode(ClaimBatch.self, try row.decode(column: "body", as: String.self), what: "a claim batch")
        if row.contains(column: "contents") { batch.contents = try row.decode(column: "contents", as: String.self) }
        return Stored(value: batch, version: try row.decode(column: "version", as: Int.self), createdAt: batch.createdAt,
                      updatedAt: batch.sentAt ?? batch.createdAt)
    }

    static func fileBody(_ file: ReceivedFile) throws -> String {
        var body = file
        body.contents = ""
        return try StoreJSON.encode(body)
    }

    static func storedFile(_ row: any SQLRow) throws -> Stored<ReceivedFile> {
        var file = try StoreJSON.decode(ReceivedFile.self, try row.decode(column: "body", as: String.self), what: "a received file")
        if row.contains(column: "contents") { file.contents = try row.decode(column: "contents", as: String?.self) ?? "" }
        return Stored(value: file, version: 1, createdAt: file.receivedAt, updatedAt: file.receivedAt)
    }
}
