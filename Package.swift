// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Revcycle",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "revcycle", targets: ["revcycle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/vapor/vapor.git", exact: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", exact: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", exact: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", exact: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", exact: "2.14.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
    ],
    targets: [
        // ASC X12 at the syntax level: delimiters, segments, envelopes. No dependencies, not even Foundation.
        .target(name: "X12"),
        // The HIPAA 5010 transactions on X12: the dictionary, implementation guides, typed models. No dependencies
        // beyond X12.
        .target(name: "HealthCareX12", dependencies: ["X12"]),
        // Official code sets: importers, date-effective indexes, lookup and search. Foundation only.
        .target(name: "CodeSets", dependencies: [
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], swiftSettings: [
            // Importing every code set runs in each test process: optimised, it takes seconds instead of minutes.
            .unsafeFlags(["-O"], .when(configuration: .debug)),
        ]),
        // The coder's side: computer-assisted coding from note text and CMS-HCC risk adjustment. Foundation and CodeSets
        // only.
        .target(name: "Coding", dependencies: ["CodeSets"], swiftSettings: [
            // Tests score thousands of patients and run the note coder over a corpus: optimised even in debug.
            .unsafeFlags(["-O"], .when(configuration: .debug)),
        ]),
        // The scrubber: edits on a claim's codes, units, modifiers and identifiers, each explained and sourced.
        .target(name: "ClaimEdits", dependencies: ["CodeSets", "HealthCareX12"]),
        // The revenue-cycle domain: tenants, providers, payers, patients, coverage, encounters, charges, fee
        // schedules, claims and their state machine, the claim ledger, roles, the audit chain, demo data. Value types
        // only: no web framework, no database driver.
        .target(name: "RevenueCycle", dependencies: [
            "CodeSets", "HealthCareX12", "ClaimEdits",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // How files reach a clearinghouse and come back: the drop folder (outbox and inbox, the SFTP convention), and
        // the sandbox clearinghouse on the other side of it.
        .target(name: "Clearinghouse", dependencies: ["HealthCareX12", "X12", "RevenueCycle"]),
        // Fluent models and migrations on SQLite (embedded) and PostgreSQL.
        .target(name: "Persistence", dependencies: [
            "CodeSets", "RevenueCycle",
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        ]),
        // The Vapor application: JSON API, OpenAPI document, HTML pages.
        .target(name: "WebApp", dependencies: [
            "CodeSets", "Coding", "Persistence", "HealthCareX12", "X12", "RevenueCycle", "ClaimEdits", "Clearinghouse",
            .product(name: "Vapor", package: "vapor"),
            // The load generator of `bench api`.
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "revcycle", dependencies: [
            "WebApp", "CodeSets", "Coding", "Persistence", "HealthCareX12", "X12", "RevenueCycle", "ClaimEdits",
            "Clearinghouse",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "X12Tests", dependencies: ["X12"]),
        // The shared folder's files for tests, and pyx12, the reference X12 validator.
        .target(name: "OracleSupport", path: "Tests/OracleSupport", exclude: ["hcc_oracle_year.py"]),
        .testTarget(name: "HealthCareX12Tests", dependencies: ["HealthCareX12", "X12", "CodeSets", "OracleSupport"]),
        .testTarget(name: "CodeSetsTests", dependencies: ["CodeSets"]),
        .testTarget(name: "ClearinghouseTests", dependencies: [
            "Clearinghouse", "HealthCareX12", "X12", "OracleSupport", "RevenueCycle", "CodeSets", "Persistence", "DatabaseTestSupport",
        ]),
        .testTarget(name: "CodingTests", dependencies: ["Coding", "CodeSets", "OracleSupport"]),
        .testTarget(name: "ClaimEditsTests", dependencies: ["ClaimEdits", "CodeSets", "HealthCareX12", "OracleSupport"]),
        .testTarget(name: "RevenueCycleTests", dependencies: ["RevenueCycle", "ClaimEdits", "CodeSets", "HealthCareX12", "OracleSupport"]),
        // The databases the persistence and web tests run on (SQLite, and PostgreSQL when configured).
        .target(name: "DatabaseTestSupport", dependencies: [
            "Persistence",
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        ], path: "Tests/DatabaseTestSupport"),
        .testTarget(name: "PersistenceTests", dependencies: [
            "Persistence", "CodeSets", "RevenueCycle", "DatabaseTestSupport",
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        ]),
        .testTarget(name: "WebAppTests", dependencies: [
            "WebApp", "CodeSets", "Persistence", "RevenueCycle", "HealthCareX12", "DatabaseTestSupport", "Clearinghouse",
            .product(name: "XCTVapor", package: "vapor"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
