import CodeSets
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Where the database is: an embedded SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `postgres://` or `postgresql://` URLs select PostgreSQL; nil selects SQLite in the data directory.
    public static func resolve(url: String?, dataDirectory: URL) throws -> DatabaseLocation {
        guard let url, !url.isEmpty else {
            return .sqlite(path: dataDirectory.appendingPathComponent("revcycle.sqlite").path)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url: url) }
        if url.hasPrefix("sqlite://") { return .sqlite(path: String(url.dropFirst("sqlite://".count))) }
        throw PersistenceError.badURL("the database URL must start with postgres://, postgresql:// or sqlite://")
    }

    public var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// Never prints a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite at \(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
            if parts.password != nil { parts.password = "***" }
            return "PostgreSQL at \(parts.string ?? "?")"
        }
    }
}

public enum PersistenceError: Error, CustomStringConvertible {
    case badURL(String)
    public var description: String {
        switch self {
        case .badURL(let m): m
        }
    }
}

public enum Persistence {
    /// Registers the database as the default and adds every migration, in order.
    public static func configure(_ location: DatabaseLocation, databases: Databases, migrations: Migrations) throws {
        switch location {
        case .sqlite(let path):
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url):
            do {
                databases.use(try .postgres(url: url), as: .psql)
            } catch {
                // The driver's error repeats the URL, password included: say only what was expected.
                throw PersistenceError.badURL("the PostgreSQL URL could not be read; expected postgres://user:password@host:port/database")
            }
        }
        for migration in allMigrations { migrations.add(migration) }
    }

    /// Puts SQLite in write-ahead-log mode (a new file with 16 KB pages), which the file keeps: readers then never wait for a writer (SQLiteNIO's
    /// connections retry a busy lock at once, so waiting was spinning) and a commit syncs one file once.
    /// `synchronous` stays FULL, so a change answered to a client survives a power loss. Runs before migrating;
    /// nothing on PostgreSQL. Answers the journal mode.
    @discardableResult
    public static func prepare(_ database: any Database) async throws -> String? {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return nil }
        // 16 KB pages for a new file (an existing one keeps its size): a claim's row is 2 to 4 KB, and an 835 rewrites
        // many at once; with 4 KB pages such a write made four times the system calls and ran about a tenth slower.
        try await sql.raw("PRAGMA page_size=16384").run()
        return try await sql.raw("PRAGMA journal_mode=WAL").first()?.decode(column: "journal_mode", as: String.self)
    }

    /// Append-only: a new migration goes at the end, in a file of its own.
    public static let allMigrations: [any Migration] = [
        M001CreateCodeSetImports(),
        M002CreateTenants(),
        M003CreateRecordTables(),
        M004CreateClaims(),
        M005CreateAccess(),
        M006CreateIdempotencyKeys(),
        M007CreateAuditLog(),
        M008AddMembershipActive(),
        M009CreateClaimExchange(),
        M010CreateDenials(),
        M013CreateEnrollmentsAndDeposits(),
        M014CreateStatusInquiries(),
        M015CreatePostingExceptions(),
        M016CreateCodingWork(),
        M017SeparateReceivedFileContents(),
        M018DeferForeignKeysOfAppendedRows(),
    ]
}
