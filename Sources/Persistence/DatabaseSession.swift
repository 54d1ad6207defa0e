import FluentKit
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A database opened outside the web server (command-line tools, tests): the same configuration and migrations.
public final class DatabaseSession: @unchecked Sendable {
    // Unchecked: the members are thread-safe Fluent objects, set once in init.
    public let location: DatabaseLocation
    private let databases: Databases
    private let migrations: Migrations
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup

    public init(_ location: DatabaseLocation, logger: Logger = Logger(label: "revcycle.database")) throws {
        self.location = location
        self.logger = logger
        eventLoopGroup = MultiThreadedEventLoopGroup.singleton
        databases = Databases(threadPool: NIOThreadPool.singleton, on: eventLoopGroup)
        migrations = Migrations()
        try Persistence.configure(location, databases: databases, migrations: migrations)
    }

    public var database: any Database {
        databases.database(logger: logger, on: eventLoopGroup.any())!
    }

    private var migrator: Migrator {
        Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoopGroup.any())
    }

    /// Applies every migration not yet applied; returns their names.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await Persistence.prepare(database)
        let migrator = self.migrator
        try await migrator.setupIfNeeded().get()
        let pending = try await migrator.previewPrepareBatch().get().map { $0.0.name }
        try await migrator.prepareBatch().get()
        return pending
    }

    /// Reverts every applied migration (tests use it to prove each one is reversible).
    public func revertAll() async throws {
        try await migrator.revertAllBatches().get()
    }

    public func shutdown() async {
        await LogCheckpoint.finished()
        await databases.shutdownAsync()
    }

    /// Opens a session, runs `body`, and shuts the session down whether `body` succeeds or throws.
    public static func with<T>(_ location: DatabaseLocation, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        let session = try DatabaseSession(location)
        do {
            let result = try await body(session)
            await session.shutdown()
            return result
        } catch {
            await session.shutdown()
            throw error
        }
    }
}
