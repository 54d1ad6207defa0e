import Foundation

/// Everything the encoder says about one code: the answer to a lookup.
public struct CodeDetail: Codable, Sendable, Hashable {
    public var system: CodeSystem
    public var code: String
    public var title: String
    public var shortTitle: String?
    /// chapter, section, category, subcategory, code, table, modifier, ...
    public var kind: String
    public var billable: Bool
    /// Why the code is or is not billable, in a coder's words.
    public var billableReason: String
    /// The release the answer comes from.
    public var release: String
    /// From the top of the hierarchy down to the parent.
    public var hierarchy: [CodeReference] = []
    public var children: [CodeReference] = []
    /// For a header: the billable codes below it (the first 200; `billableCodeCount` has them all).
    public var billableCodes: [CodeReference] = []
    public var billableCodeCount: Int = 0
    /// Instructional notes that apply, the code's own first, then inherited ones from its ancestors.
    public var notes: [NoteGroup] = []
    public var seventhCharacters: [SeventhCharacter] = []
    /// The code whose 7th-character definition applies.
    public var seventhCharacterSource: String?
    public var seventhCharacterNote: String?
    /// How placeholder X was used to reach the 7th character, when it was.
    public var placeholder: String?
    public var attributes: [Attribute] = []
    /// Validity on the date of service asked for.
    public var validity: Validity?
    /// Presence in every loaded release of the same system, oldest first.
    public var history: [ReleasePresence] = []
    /// Alphabetic Index and table entries that lead to this code.
    public var indexEntries: [String] = []
}

public struct CodeReference: Codable, Sendable, Hashable {
    public var code: String
    public var title: String
    public var kind: String
    public var billable: Bool
}

public struct NoteGroup: Codable, Sendable, Hashable {
    public var kind: TabularNoteKind
    public var heading: String
    /// The code or range the note is printed under.
    public var from: String
    public var inherited: Bool
    public var texts: [String]
}

public struct Validity: Codable, Sendable, Hashable {
    public var date: ServiceDate
    public var valid: Bool
    public var release: String?
    public var reason: String
    /// True when no loaded release covers the date exactly and the nearest one of the same year was used.
    public var approximate: Bool
}

public struct ReleasePresence: Codable, Sendable, Hashable {
    public var release: String
    public var effectiveFrom: ServiceDate
    public var effectiveThrough: ServiceDate?
    public var present: Bool
    public var billable: Bool
}

/// A lookup that found nothing, with the reason and the nearest real codes.
public struct LookupFailure: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    public var system: CodeSystem?
    public var code: String
    public var reason: String
    public var suggestions: [CodeReference]
    public var description: String { reason }
}
