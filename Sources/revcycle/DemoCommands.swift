import ArgumentParser
import Foundation
import Persistence
import RevenueCycle
import WebApp

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "The demonstration data set.",
                                                    subcommands: [DemoUsers.self, DemoCycle.self])
}

struct DemoUsers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users",
                                                    abstract: "Print the demo users and their passwords (what `serve --demo` creates).")
    @Flag(help: "Print [{email, password, tenant, role}] as JSON.") var json = false

    func run() async throws {
        try await failing {
            let users = try DemoSeed.generate().users
            if json {
                struct Row: Encodable {
                    var email: String, password: String, tenant: String?, role: String
                    // tenant is null for the billing company's administrator, who works in every practice.
                    func encode(to encoder: any Encoder) throws {
                        var c = encoder.container(keyedBy: CodingKeys.self)
                        try c.encode(email, forKey: .email); try c.encode(password, forKey: .password)
                        try c.encode(tenant, forKey: .tenant); try c.encode(role, forKey: .role)
                    }
                    enum CodingKeys: String, CodingKey { case email, password, tenant, role }
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let rows = users.map { Row(email: $0.email, password: $0.password, tenant: $0.tenantName, role: $0.role.rawValue) }
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            } else {
                for u in users {
                    print("\(u.email)\t\(u.password)\t\(u.tenantName ?? "every practice")\t\(u.role.rawValue)")
                }
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The hash-chained audit log.",
                                                    subcommands: [AuditVerify.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify",
                                                    abstract: "Check every audit entry's hash and its link to the one before; exit 1 at the first break.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.configuration()
        try await failing {
            let result = try await DatabaseSession.with(try config.databaseLocation()) { session in
                try await session.migrate()
                return try await DatabaseStore(database: session.database).verifyAuditLog(batchSize: 5000)
            }
            switch result {
            case .intact(let count):
                print("audit log intact: \(count) entries, every hash and link checked")
            case .broken(let sequence, let reason):
                print("audit log BROKEN at entry \(sequence): \(reason)")
                throw ExitCode.failure
            }
        }
    }
}
