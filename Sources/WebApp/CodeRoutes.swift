import CodeSets
import Foundation
import Vapor

/// The encoder's JSON API.
struct CodeRoutes: Sendable {
    /// GET /api/v1/codes/search?q=&system=&date=&limit=
    @Sendable func search(_ req: Request) async throws -> Response {
        guard let q = try req.stringParameter("q"), !q.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.invalidParameter(name: "q", message: "q (the words to search for) is required")
        }
        let system = try req.systemParameter()
        let date = try req.dateParameter()
        let limit = try req.intParameter("limit", range: 1...200, default: 20)
        let hits = req.state.library.search(q, systems: system.map { [$0] }, date: date, limit: limit)
        return try jsonResponse(hits)
    }

    /// GET /api/v1/codes/{system}/{code}?date=
    @Sendable func lookup(_ req: Request) async throws -> Response {
        guard let rawSystem = req.parameters.get("system"), let system = CodeSystem(rawValue: rawSystem.lowercased()) else {
            throw APIError.invalidParameter(name: "system", message: "system must be one of \(CodeSystem.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let code = req.parameters.get("code") ?? ""
        let date = try req.dateParameter()
        switch req.state.library.lookup(code, system: system, date: date) {
        case .success(let detail): return try jsonResponse(detail)
        case .failure(let failure): throw APIError.notFound(failure)
        }
    }

    /// GET /api/v1/codesets: the loaded releases.
    @Sendable func status(_ req: Request) async throws -> Response {
        let library = req.state.library
        let counts = library.codeCounts
        let body = CodeSetStatus(summary: req.state.codeSetSummary,
                                 systems: counts.sorted { $0.key < $1.key }.map { .init(system: $0.key, name: $0.key.displayName, codes: $0.value) },
                                 releases: library.releases.map { .init(system: $0.system, name: $0.name, effectiveFrom: $0.effectiveFrom,
                                                                        effectiveThrough: $0.effectiveThrough, files: $0.sourceFiles) },
                                 searchDocuments: library.search.documentCount)
        return try jsonResponse(body)
    }
}

struct CodeSetStatus: Codable {
    struct System: Codable { var system: CodeSystem; var name: String; var codes: Int }
    struct Release: Codable {
        var system: CodeSystem; var name: String; var effectiveFrom: ServiceDate; var effectiveThrough: ServiceDate?; var files: [String]
    }
    var summary: String
    var systems: [System]
    var releases: [Release]
    var searchDocuments: Int
}
