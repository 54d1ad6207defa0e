import CodeSets
import RevenueCycle

/// Checks of a record against the loaded code sets, beyond what its own `validate()` can know: a provider's taxonomy
/// must be in the NUCC list and an encounter's place of service in the CMS list on its date of service. A code set
/// that is not loaded is not checked (`GET /api/v1/codesets` says what is loaded).
enum ReferenceChecks {
    static func problems(_ record: some APIRecord, library: CodeSetLibrary) -> [FieldProblem] {
        switch record {
        case let provider as Provider:
            check(provider.taxonomy.value, .taxonomy, "taxonomy", date: nil, library)
        case let encounter as Encounter:
            encounter.placeOfService.map { check($0, .pos, "placeOfService", date: encounter.serviceFrom, library) } ?? []
        default:
            []
        }
    }

    private static func check(_ code: String, _ system: CodeSystem, _ field: String, date: ServiceDate?, _ library: CodeSetLibrary) -> [FieldProblem] {
        guard library.codeCounts[system, default: 0] > 0, case .failure(let failure) = library.lookup(code, system: system, date: date) else { return [] }
        return [FieldProblem(field: field, message: "\(code) is not a \(system.displayName) code\(date.map { " on \($0)" } ?? ""): \(failure.reason)")]
    }
}
