import FluentKit
import Foundation
import Persistence
import RevenueCycle

/// The demonstration data set (`serve --demo`): a billing company, two practices, their people, payers, patients,
/// encounters and claims in every state, and a user for each role (`revcycle demo users`).
public enum DemoData {
    /// Loads the data set unless it is already there; answers what was done.
    public static func load(into database: any Database, configuration: RevcycleConfiguration) async throws -> String {
        let dataSet = try DemoSeed.generate()
        let cost = configuration.passwordCost
        let summary = try await DemoLoader.load(dataSet, into: DatabaseStore(database: database)) { password in
            try Passwords.hash(password, cost: cost)
        }
        return String(describing: summary)
    }
}
