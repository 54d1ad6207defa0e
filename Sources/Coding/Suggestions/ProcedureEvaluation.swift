import CodeSets
import Foundation

/// Precision, recall and micro-F1 of the ICD-10-PCS suggestions (`NoteCoding.procedures`) against a corpus's
/// procedure gold (CodiEsp `SPLITP.tsv`), coding every note as inpatient. Most CodiEsp procedure codes are truncated
/// (4 characters), so the scores are given at two levels:
/// - full codes: gold = the 7-character gold codes that are valid codes in the release in force; a suggestion whose
///   first four characters equal a truncated gold code of the same note cannot be judged at this level and is left
///   out of it (counted in `unjudged`);
/// - root operation and body part (the first 4 characters): gold = every gold code of 4 or more characters whose first
///   four are a valid partial code in the release; suggestions cut to 4 characters. `withSetAside` adds the partial
///   codes of findings set aside for a missing axis (approach, device, qualifier) that reached 4 characters.
/// The Medical and Surgical section (codes starting with 0) is scored apart too: the corpus's gold has many imaging
/// (B) and administration (3) codes the coder proposes only when the index gives the whole code.
public struct ProcedureEvaluation: Codable, Sendable {
    public typealias Scores = CodingEvaluation.Scores

    public var split: String
    public var documents = 0
    public var goldFullScored = 0
    public var goldFourScored = 0
    /// Gold codes not valid (in full or as a 4-character prefix) in the release, or shorter than 4 characters.
    public var goldLeftOut = 0
    public var codes = Scores()
    public var unjudged = 0
    public var rootOperationAndBodyPart = Scores()
    public var rootOperationAndBodyPartWithSetAside = Scores()
    public var medicalSurgicalFourCharacter = Scores()
    public var missedByKind: [String: Int] = [:]
    public var wrongByKind: [String: Int] = [:]
    public var medianMilliseconds = 0.0

    public static func run(_ corpus: CodingCorpus, coder: NoteCoder, date: ServiceDate,
                           each: (CodingCorpus.Document, NoteCoding) -> Void = { _, _ in }) throws -> ProcedureEvaluation {
        var e = ProcedureEvaluation(split: corpus.split)
        guard let release = coder.pcsRelease(on: date) else { return e }
        var times: [Double] = []
        for doc in corpus.documents {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = try coder.code(note: doc.text, setting: .inpatient, date: date)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            each(doc, result)
            e.documents += 1
            let full = Set(doc.gold.filter { $0.count == 7 && release.lookup($0)?.billable == true })
            let four = Set(doc.gold.filter { $0.count >= 4 && release.lookup(String($0.prefix(4))) != nil }.map { String($0.prefix(4)) })
            e.goldLeftOut += doc.gold.filter { !($0.count == 7 && full.contains($0)) && !($0.count >= 4 && four.contains(String($0.prefix(4)))) }.count
            e.goldFullScored += full.count
            e.goldFourScored += four.count
            let suggested = Set(result.procedures.map(\.code))
            let truncatedGold = Set(doc.gold.filter { $0.count < 7 }.map { String($0.prefix(4)) })
            let judged = suggested.filter { full.contains($0) || !truncatedGold.contains(String($0.prefix(4))) }
            e.unjudged += suggested.count - judged.count
            e.codes.add(suggested: judged, gold: full)
            let suggestedFour = Set(suggested.map { String($0.prefix(4)) })
            e.rootOperationAndBodyPart.add(suggested: suggestedFour, gold: four)
            let partials = result.setAside.filter { $0.codeSystem == .icd10pcs && $0.reason == .axisNotDocumented }.compactMap(\.code).filter { $0.count >= 4 }
            e.rootOperationAndBodyPartWithSetAside.add(suggested: suggestedFour.union(partials.map { String($0.prefix(4)) }), gold: four)
            e.medicalSurgicalFourCharacter.add(suggested: suggestedFour.filter { $0.hasPrefix("0") }, gold: four.filter { $0.hasPrefix("0") })
            e.classify(suggestedFour: suggestedFour, gold: four, result: result)
        }
        times.sort()
        if !times.isEmpty { e.medianMilliseconds = times[times.count / 2] }
        return e
    }

    /// Why each 4-character error happened, as far as the engine can tell.
    mutating func classify(suggestedFour: Set<String>, gold: Set<String>, result: NoteCoding) {
        let aside = result.setAside.filter { $0.codeSystem == .icd10pcs }
        for g in gold.subtracting(suggestedFour) {
            let kind: String
            if !g.hasPrefix("0") {
                kind = "gold outside Medical and Surgical (imaging, administration, ...)"
            } else if let a = aside.first(where: { ($0.code ?? "").hasPrefix(g) }) {
                kind = "set aside as \(a.reason.rawValue)"
            } else if suggestedFour.contains(where: { $0.prefix(3) == g.prefix(3) }) || aside.contains(where: { ($0.code ?? "").prefix(3) == g.prefix(3) }) {
                kind = "right table, other body part"
            } else if suggestedFour.contains(where: { $0.prefix(2) == g.prefix(2) && $0.dropFirst(3).prefix(1) == g.dropFirst(3).prefix(1) }) {
                kind = "right body part, other root operation"
            } else {
                kind = "no index term found (paraphrase, translation, inference)"
            }
            missedByKind[kind, default: 0] += 1
        }
        for s in suggestedFour.subtracting(gold) {
            let kind: String
            if gold.contains(where: { $0.prefix(3) == s.prefix(3) }) {
                kind = "right table, other body part"
            } else if gold.contains(where: { $0.prefix(2) == s.prefix(2) && $0.dropFirst(3).prefix(1) == s.dropFirst(3).prefix(1) }) {
                kind = "right body part, other root operation"
            } else {
                kind = "not in gold (a mention the gold does not code, or a wrong term)"
            }
            wrongByKind[kind, default: 0] += 1
        }
    }
}
