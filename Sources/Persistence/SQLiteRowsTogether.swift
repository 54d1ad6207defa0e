import FluentSQLiteDriver
import Foundation
import RevenueCycle

/// SQLite through SQLKit's builders, each statement's rows gathered on SQLite's thread and handed over together:
/// Fluent's SQLite database hands every row to the event loop as a task of its own, which reading or updating many
/// claims pays for every row. Errors, binds and dialect stay SQLiteKit's.
struct SQLiteRowsTogether: SQLDatabase {
    let base: any SQLDatabase
    let sqlite: any SQLiteDatabase
    let encoder = SQLiteDataEncoder()
    let decoder = SQLiteDataDecoder()

    /// `database` as this, when it is SQLite.
    init?(_ database: any SQLDatabase) {
        guard let sqlite = database as? any SQLiteDatabase else { return nil }
        self.init(base: database, sqlite: sqlite)
    }

    private init(base: any SQLDatabase, sqlite: any SQLiteDatabase) {
        self.base = base
        self.sqlite = sqlite
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let text: String, values: [SQLiteData]
        if let statement = query as? SerializedStatement, let binds = statement.sqliteBinds {
            (text, values) = (statement.sql, binds)
        } else {
            let (serialized, binds) = serialize(query)
            (text, values) = (serialized, try binds.map { try encoder.encode($0) })
        }
        if let queryLogLevel { logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(text)]) }
        let rows = try await sqlite.withConnection { connection in
            let gathered = GatheredRows()
            // The connection's own `query` calls back on SQLite's thread, as each row is stepped to.
            try await connection.query(text, values) { gathered.append($0) }
            return gathered.rows
        }
        for row in rows { onRow(FastSQLiteRow(row: row, decoder: decoder)) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sqlite.withConnection { connection in try await closure(SQLiteRowsTogether(base: connection.sql(), sqlite: connection)) }
    }
}

/// Rows appended on SQLite's thread and read once the statement is done.
private final class GatheredRows: @unchecked Sendable {
    // Unchecked: `list` is only touched under `lock`.
    private let lock = NSLock()
    private var list: [SQLiteRow] = []
    func append(_ row: SQLiteRow) { lock.withLock { list.append(row) } }
    var rows: [SQLiteRow] { lock.withLock { list } }
}

/// An SQLite row as SQLKit's, reading ids, text and integers straight from SQLite's values rather than through
/// `Decodable` (an id went through `sscanf`); other types, and errors, as SQLiteKit reads them.
private struct FastSQLiteRow: SQLRow {
    let row: SQLiteRow
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { row.columns.map(\.name) }
    func contains(column: String) -> Bool { row.column(column) != nil }
    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        switch row.column(column) {
        case .text(let text) where D.self == UUID.self: if let id = UUID(hyphenatedText: text) { return id as! D }
        case .text(let text) where D.self == String.self: return text as! D
        case .integer(let n) where D.self == Int.self: return n as! D
        default: break
        }
        return try row.sql(decoder: decoder).decode(column: column, as: D.self)
    }
}
