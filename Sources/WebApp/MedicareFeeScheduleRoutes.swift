import CodeSets
import Foundation
import RevenueCycle
import Vapor

/// `GET /api/v1/medicare-fee-schedule/{code}`: the Medicare Physician Fee Schedule amount of a code on a date of
/// service, in a locality and setting, with every factor of the computation. The CMS files of the date's calendar
/// year (`PPRRVU<year>*.csv`, `GPCI<year>*.csv`) are read from the code-set directory the first time they are needed.
struct MedicareFeeScheduleRoutes: Sendable {
    struct Body: Codable {
        var code: String
        var modifier: String?
        var dateOfService: ServiceDate
        var mac: String
        var locality: String
        var localityName: String
        var setting: CareSetting
        var amountCents: Int
        var exactDollars: String
        var workRVU: String
        var practiceExpenseRVU: String
        var malpracticeRVU: String
        var workGPCI: String
        var practiceExpenseGPCI: String
        var malpracticeGPCI: String
        var conversionFactor: String
        var note: String?
        var sources: [String]
    }

    func register(_ api: any RoutesBuilder, table: inout [RouteRule]) {
        table.append(RouteRule(method: .GET, path: "/api/v1/medicare-fee-schedule/:code", permission: .claimsRead))
        api.get("medicare-fee-schedule", ":code", use: price)
    }

    @Sendable func price(_ req: Request) async throws -> Response {
        _ = try await req.require(.claimsRead)
        let code = (req.parameters.get("code") ?? "").uppercased()
        let date = try req.dateParameter() ?? ServiceDate(utcDayOf: Date())
        guard let mac = try req.stringParameter("mac", maxLength: 5), !mac.isEmpty,
              let locality = try req.stringParameter("locality", maxLength: 2), !locality.isEmpty else {
            throw APIError.invalidParameter(name: "locality", message: "give the Medicare locality as mac (e.g. 06102) and locality (e.g. 16)")
        }
        let settingText = try req.stringParameter("setting", maxLength: 20) ?? CareSetting.nonFacility.rawValue
        guard let setting = CareSetting(rawValue: settingText) else {
            throw APIError.invalidParameter(name: "setting", message: "setting must be \(CareSetting.allCases.map(\.rawValue).joined(separator: " or ")); got '\(settingText)'")
        }
        let modifier = try req.stringParameter("modifier", maxLength: 2).flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let schedule = try await req.state.medicareFeeSchedules.schedule(year: date.year, directory: req.state.configuration.codesetsDirectory)
        switch schedule.price(code: code, modifier: modifier, locality: MedicareLocality(mac: mac, locality: locality), setting: setting) {
        case .notPriced(let reason):
            throw MedicareFeeScheduleError.notPriced(reason)
        case .priced(let p):
            return try jsonResponse(Body(code: p.code, modifier: p.modifier, dateOfService: date, mac: p.locality.mac, locality: p.locality.locality,
                                         localityName: p.gpci.localityName, setting: p.setting, amountCents: p.amount.cents,
                                         exactDollars: p.exactDollars.description, workRVU: p.workRVU.description,
                                         practiceExpenseRVU: p.practiceExpenseRVU.description, malpracticeRVU: p.malpracticeRVU.description,
                                         workGPCI: p.gpci.work.description, practiceExpenseGPCI: p.gpci.practiceExpense.description,
                                         malpracticeGPCI: p.gpci.malpractice.description, conversionFactor: p.conversionFactor.description,
                                         note: p.note, sources: [schedule.relativeValueFile, schedule.gpciFile]))
        }
    }

}

enum MedicareFeeScheduleError: Error {
    case notPriced(String)
    case noFiles(year: Int)
    case unreadable(String)
}

/// The fee schedules read so far, one per calendar year, read once each.
actor MedicareFeeSchedules {
    private var loaded: [Int: MedicarePhysicianFeeSchedule] = [:]

    func schedule(year: Int, directory: URL?) throws -> MedicarePhysicianFeeSchedule {
        if let schedule = loaded[year] { return schedule }
        guard let directory, let rvu = Self.find("PPRRVU\(year)", in: directory), let gpci = Self.find("GPCI\(year)", in: directory) else {
            throw MedicareFeeScheduleError.noFiles(year: year)
        }
        do {
            let schedule = try MedicarePhysicianFeeSchedule(relativeValueURL: rvu, gpciURL: gpci)
            loaded[year] = schedule
            return schedule
        } catch {
            throw MedicareFeeScheduleError.unreadable(error.description)
        }
    }

    /// The last (by name) CSV file under `directory` whose name starts with `prefix`: a later release sorts later.
    static func find(_ prefix: String, in directory: URL) -> URL? {
        let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        let matches = (walker?.compactMap { $0 as? URL } ?? []).filter {
            $0.lastPathComponent.uppercased().hasPrefix(prefix.uppercased()) && $0.pathExtension.lowercased() == "csv"
        }
        return matches.max { $0.lastPathComponent < $1.lastPathComponent }
    }
}
