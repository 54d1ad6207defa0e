import FluentKit
import Foundation
import RevenueCycle

/// What `DemoLoader.load` did.
public struct DemoLoadSummary: Hashable, Sendable, CustomStringConvertible {
    /// The data set was already in the database; nothing was written.
    public var alreadyLoaded: Bool
    public var tenants: Int
    public var records: Int
    public var claims: Int
    public var users: Int
    public var memberships: Int

    public var description: String {
        if alreadyLoaded { return "the demo data set is already loaded" }
        return "demo data set loaded: \(tenants) tenants, \(records) records, \(claims) claims, \(users) users, \(memberships) memberships"
    }
}

/// Loads the demo data set (`DemoSeed.generate`) into a database: what `serve --demo` does.
public enum DemoLoader {
    /// Saves the tenants, their records and claims, the demo users (passwords hashed with `passwordHasher`) and their
    /// memberships, all in one transaction. Loading again changes nothing: when the data set's first tenant is
    /// already stored, the set is taken as loaded. A demo user whose email is already taken keeps that account (and
    /// its password) and gains the demo memberships. The billing company's administrator is a member of every
    /// tenant of the set.
    public static func load(_ dataSet: DemoDataSet, into store: DatabaseStore,
                            passwordHasher: (String) throws -> String) async throws -> DemoLoadSummary {
        if let first = dataSet.tenants.first, try await store.tenant(id: first.id) != nil {
            return DemoLoadSummary(alreadyLoaded: true, tenants: 0, records: 0, claims: 0, users: 0, memberships: 0)
        }
        let tenantIDs = Dictionary(dataSet.tenants.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        var accounts: [(UserAccount, [Membership])] = []
        for demo in dataSet.users {
            let id = UUID()
            let tenants = demo.tenantName.map { name in tenantIDs[name].map { [$0] } ?? [] } ?? dataSet.tenants.map(\.id)
            let account = UserAccount(id: id, email: demo.email, displayName: demo.displayName, passwordHash: try passwordHasher(demo.password))
            accounts.append((account, tenants.map { Membership(userID: id, tenantID: $0, role: demo.role) }))
        }
        let prepared = accounts
        return try await store.write { db in
            let store = store.on(db)
            for tenant in dataSet.tenants { try await store.saveTenant(tenant) }
            var records = 0
            func insert<R: TenantRecord>(_ items: [R]) async throws {
                for item in items { _ = try await store.insert(item) }
                records += items.count
            }
            try await insert(dataSet.facilities)
            try await insert(dataSet.providers)
            try await insert(dataSet.payers)
            try await insert(dataSet.feeSchedules)
            try await insert(dataSet.patients)
            try await insert(dataSet.coverages)
            try await insert(dataSet.referrals)
            try await insert(dataSet.priorAuthorizations)
            try await insert(dataSet.encounters)
            try await insert(dataSet.charges)
            for claim in dataSet.claims { _ = try await store.insertClaim(claim) }
            var users = 0, memberships = 0
            var coders: [UUID: ClaimActor] = [:]
            for (account, userMemberships) in prepared {
                var userID = account.id
                var displayName = account.displayName
                if let existing = try await store.user(email: account.email) {
                    userID = existing.id
                    displayName = existing.displayName
                } else {
                    try await store.saveUser(account)
                    users += 1
                }
                for membership in userMemberships {
                    try await store.saveMembership(Membership(userID: userID, tenantID: membership.tenantID, role: membership.role))
                    memberships += 1
                    if membership.role == .coder { coders[membership.tenantID] = ClaimActor(userID: userID, displayName: displayName) }
                }
            }
            // The coder's queue: every signed encounter is a chart; those already in coding are the tenant's coder's.
            let now = Date()
            for encounter in dataSet.encounters {
                try await store.synchronizeCodingWork(for: encounter, at: now, assignee: coders[encounter.tenantID])
            }
            return DemoLoadSummary(alreadyLoaded: false, tenants: dataSet.tenants.count, records: records, claims: dataSet.claims.count,
                                   users: users, memberships: memberships)
        }
    }
}
