import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import RevenueCycle
import Synchronization

/// The domain's storage (`RevenueCycleStore`) on the application's database, SQLite or PostgreSQL.
///
/// Cheap to make: it holds only the database handle, so the web layer may make one per request. The tables are in
/// RecordTables.swift, ClaimTables.swift, AccessTables.swift and AuditTables.swift; the migrations M002 to M007 make
/// them.
///
/// Writes that must be atomic run in one transaction. On SQLite, which allows one writer at a time, the process's
/// write transactions also take turns on an in-process lock, so that two connections never wait on each other's
/// locks (SQLite would answer one of them "database is locked" instead of waiting).
public final class DatabaseStore: RevenueCycleStore {
    public let database: any Database
    let isSQLite: Bool

    public init(database: any Database) {
        self.database = database
        isSQLite = (database as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// The same store on another handle of the same database (a transaction's).
    func on(_ database: any Database) -> DatabaseStore { DatabaseStore(database: database) }

    /// Runs `body` in a transaction (or in the caller's, when already in one), taking SQLite's turn when needed.
    /// `checkpointAfter`: on SQLite, the write-ahead log is copied into the database file after the commit, in the
    /// background (`LogCheckpoint`), instead of by the commit itself; for transactions that write a great deal.
    func write<T: Sendable>(checkpointAfter: Bool = false, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let database = self.database
        if database.inTransaction { return try await body(database) }
        if isSQLite {
            let result = try await StoreLocks.sqliteWriter.withLock {
                try await database.withConnection { connection in
                    // Inside a transaction, a statement that writes many rows and may fail halfway (a multi-row INSERT
                    // checking foreign keys) first copies each page it touches to a statement journal: a temporary
                    // file unless temp_store is MEMORY, which was gigabytes of writes posting a large 835. Set on the
                    // transaction's connection before it begins: inside one, SQLite refuses the change once the
                    // connection's temporary database is open (a migration's ALTER TABLE opens it). A no-op once set.
                    try await Self.sql(connection).raw("PRAGMA temp_store = MEMORY").run()
                    return try await connection.transaction { db in
                        // A commit copies the log into the database file when the log is over 1,000 pages: posting a
                        // 100,000-claim 835, its commit took 2.3 to 2.7 s with that copy, 0.85 s without. Set for each
                        // transaction, as the connection keeps it.
                        try await Self.sql(db).raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: checkpointAfter ? "0" : "1000")").run()
                        return try await body(db)
                    }
                }
            }
            if checkpointAfter { LogCheckpoint.start(on: database) }
            return result
        }
        return try await database.transaction(body)
    }

    /// The SQL handle of a database (both drivers give one); SQLite's hands each statement's rows over together.
    static func sql(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw StoreIntegrityError("the database does not take SQL") }
        return SQLiteRowsTogether(sql) ?? sql
    }
}

/// A stored row that cannot be read back (changed by hand, or written by a newer version), or a write that would
/// contradict what is stored. Says which row; never the SQL.
public struct StoreIntegrityError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Locks shared by every `DatabaseStore` of the process.
enum StoreLocks {
    /// SQLite write transactions, one at a time.
    static let sqliteWriter = AsyncLock()
    /// Audit appends, one at a time: each reads the last entry and chains to it.
    static let auditAppend = AsyncLock()
}

/// SQLite's checkpoints run after large transactions (`write(checkpointAfter:)`): each copies what the write-ahead log
/// holds into the database file, one after another and off the writer's path. Readers and writers go on meanwhile (a
/// passive checkpoint takes no lock they need); data committed is already safe in the log, and the next connection
/// to open the file recovers the log if a checkpoint never ran.
public enum LogCheckpoint {
    private static let last = Mutex<Task<Void, Never>?>(nil)

    static func start(on database: any Database) {
        last.withLock { last in
            last = Task { [previous = last] in
                await previous?.value
                _ = try? await (database as? any SQLDatabase)?.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
            }
        }
    }

    /// Waits for the checkpoints started so far (before the database is closed; nothing to wait for on PostgreSQL).
    public static func finished() async {
        await last.withLock { $0 }?.value
    }
}

/// A first-come, first-served lock for async code (an actor alone does not serialise work that suspends).
final class AsyncLock: Sendable {
    private actor State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        func acquire() async {
            guard locked else {
                locked = true
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }

        func release() {
            if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
        }
    }

    private let state = State()

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await state.acquire()
        do {
            let result = try await body()
            await state.release()
            return result
        } catch {
            await state.release()
            throw error
        }
    }
}

// MARK: - Shared helpers

/// What kind of constraint a write broke, read from either driver's error.
enum ConstraintViolation {
    case unique
    case foreignKey
    case other

    init?(_ error: any Error) {
        if let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] {
            switch state {
            case "23505": self = .unique
            case "23503": self = .foreignKey
            case _ where state.hasPrefix("23"): self = .other
            default: return nil
            }
            return
        }
        if let e = error as? SQLiteError {
            switch e.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintUniqueRowIDFailed: self = .unique
            case .constraintForeignKeyFailed: self = .foreignKey
            default:
                guard e.isConstraintFailure else { return nil }
                self = .other
            }
            return
        }
        if let e = error as? any DatabaseError, e.isConstraintFailure {
            self = .other
            return
        }
        return nil
    }
}

enum StoreJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: @autoclosure () -> String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreIntegrityError("\(what()) is stored in a form this version cannot read")
        }
    }
}

/// Opaque list cursors: base64url of a small JSON object naming the list, so a cursor of one list is refused by
/// another.
enum ListCursor {
    static func encode<T: Encodable>(_ value: T) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws(StoreError) -> T {
        guard text.utf8.count <= 1024 else { throw .badCursor }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let value = try? JSONDecoder().decode(type, from: data) else { throw .badCursor }
        return value
    }
}

/// Prefix search on a text column of lower-case words: each query word must start a word of the column. Portable
/// `LIKE` with an explicit escape character (SQLite has none by default), on `' ' || column` so that the first word
/// counts too.
enum WordSearch {
    /// The query's words, lower case; at most 8 (a longer query narrows nothing useful and costs a scan each).
    static func words(_ query: String?) -> [String] {
        guard let query else { return [] }
        return query.lowercased().split(whereSeparator: { $0.isWhitespace }).prefix(8).map(String.init)
    }

    static func pattern(_ word: String) -> String {
        var escaped = ""
        for c in word {
            if c == "!" || c == "%" || c == "_" { escaped.append("!") }
            escaped.append(c)
        }
        return "% " + escaped + "%"
    }

    static func filter(column: String, word: String) -> DatabaseQuery.Filter {
        let condition: SQLQueryString = "(' ' || \(ident: column)) LIKE \(bind: pattern(word)) ESCAPE '!'"
        return .custom(condition)
    }
}

/// Whole milliseconds since 1970: exact in every database, so usable in keyset pagination.
func milliseconds(_ date: Date) -> Int64 {
    let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
    guard ms.isFinite, abs(ms) < 9.0e18 else { return 0 }
    return Int64(ms)
}
