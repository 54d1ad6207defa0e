import X12

/// The text of the X12 dictionary and of each implementation guide (see `GuideText` in X12 for the format).
enum GuideTexts {}

/// The HIPAA 5010 implementation guides Revcycle knows, compiled once.
public enum HealthCareGuides {
    /// Source name and text of each guide, for error messages and tests.
    static let sources: [(name: String, text: String)] = [
        ("837P", GuideTexts.claim837P),
        ("837I", GuideTexts.claim837I),
        ("835", GuideTexts.remittance835),
        ("999", GuideTexts.acknowledgment999),
        ("277CA", GuideTexts.claimAcknowledgment277CA),
        ("270", GuideTexts.eligibility270),
        ("271", GuideTexts.eligibility271),
        ("276", GuideTexts.claimStatus276),
        ("277", GuideTexts.claimStatus277),
        ("278 request", GuideTexts.review278Request),
        ("278 response", GuideTexts.review278Response),
    ]

    /// The X12 dictionary (segments, composites and data elements the guides use).
    public static func dictionary() throws(GuideTextError) -> X12Dictionary {
        var dictionary = X12Dictionary()
        try dictionary.read(GuideTexts.dictionary, source: "dictionary")
        return dictionary
    }

    /// Every guide, compiled once.
    public static let compiled: Result<[String: ImplementationGuide], GuideTextError> = {
        do throws(GuideTextError) { return .success(try compileAll()) } catch { return .failure(error) }
    }()

    /// The guides in a stable order (a mistake in a guide's text is a programming error, found by the tests).
    public static func all() throws(GuideTextError) -> [ImplementationGuide] {
        let byName = try compiled.get()
        return sources.compactMap { byName[$0.name] }
    }

    /// The envelope segments' element rules (ISA, GS, GE, IEA).
    public static func envelope() throws(GuideTextError) -> ImplementationGuide? {
        try compiled.get()["envelope"]
    }

    /// Every guide compiled; a mistake in a guide's text is reported with its line.
    public static func compileAll() throws(GuideTextError) -> [String: ImplementationGuide] {
        let dictionary = try dictionary()
        var guides: [String: ImplementationGuide] = [:]
        for (name, text) in sources { guides[name] = try dictionary.guide(text, source: name) }
        guides["envelope"] = try dictionary.guide(GuideTexts.envelope, source: "envelope")
        return guides
    }
}
