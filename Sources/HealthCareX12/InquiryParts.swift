import X12

/// Parts the inquiry and response models share: 270/271 eligibility, 276/277 claim status and 278 review.

/// A person a payer knows: the subscriber, or a dependent of the subscriber.
public struct Member: Codable, Sendable, Equatable {
    /// Name and member id (NM1, qualifier MI), with the address when sent (N3/N4).
    public var person: Party
    /// DMG: CCYYMMDD and F, M or U.
    public var birthDate: String?
    public var gender: String?
    /// INS02 for a dependent: 01 spouse, 19 child, 34 other adult...; nil for the subscriber.
    public var relationship: String?

    public init(person: Party, birthDate: String? = nil, gender: String? = nil, relationship: String? = nil) {
        self.person = person; self.birthDate = birthDate; self.gender = gender; self.relationship = relationship
    }

    /// Reads the name loop; `demographics` is where DMG stands when not in the name loop (276/277 put it in the HL loop).
    init?(_ loop: LoopInstance?, _ entity: String, demographics: LoopInstance? = nil) {
        guard let loop, let person = Party(loop, entity) else { return nil }
        let dmg = loop.segment("DMG") ?? demographics?.segment("DMG")
        let ins = loop.segment("INS")
        self.init(person: person, birthDate: dmg?[2].nonEmpty, gender: dmg?[3].nonEmpty,
                  relationship: ins?[1] == "N" ? ins?[2].nonEmpty : nil)
    }
}

/// A request the payer could not answer (AAA): whether the request itself was valid (AAA01), why not (AAA03, e.g.
/// 42 unable to respond now, 72 invalid member id, 75 subscriber not found) and what to do (AAA04, e.g. C correct
/// and resubmit, N do not resubmit, R resubmit, Y do not resubmit, inquiry initiated to a third party).
public struct Rejection: Codable, Sendable, Equatable {
    public var validRequest: Bool
    public var reasonCode: String
    public var followUpAction: String

    public init(validRequest: Bool, reasonCode: String, followUpAction: String) {
        self.validRequest = validRequest; self.reasonCode = reasonCode; self.followUpAction = followUpAction
    }

    static func all(_ loops: [LoopInstance?]) -> [Rejection] {
        loops.flatMap { $0?.segments("AAA") ?? [] }.map { Rejection(validRequest: $0[1] == "Y", reasonCode: $0[3], followUpAction: $0[4]) }
    }
}

/// A dated event (DTP): its qualifier (291 plan, 307 eligibility, 346 plan begin, 347 plan end, 472 service,
/// AAH certification period, 435 admission, 096 discharge, 036 expiration...) and its date, or range "CCYYMMDD-CCYYMMDD".
public struct EventDate: Codable, Sendable, Equatable {
    public var qualifier: String
    public var date: String

    public init(_ qualifier: String, _ date: String) { self.qualifier = qualifier; self.date = date }

    static func all(_ segments: [Segment]) -> [EventDate] {
        segments.filter { $0.isID("DTP") }.map { EventDate($0[1], $0[3]) }
    }
}

extension ElementText {
    /// Repeated values of one element, joined with the repetition separator (empty values left out).
    func repeated(_ values: [String]) -> String {
        let separator = delimiters.repetition.map { String(Unicode.Scalar($0)) } ?? ""
        return values.map(value).filter { !$0.isEmpty }.joined(separator: separator)
    }

    /// NM1 for a party: a person (NM102 1) when it has a first name, else an organisation (2).
    func nm1(_ entity: String, _ party: Party, qualifier defaultQualifier: String? = nil) -> [String] {
        let id = value(party.id)
        return [entity, party.firstName == nil ? "2" : "1", value(party.name), value(party.firstName), "", "", "",
                id.isEmpty ? "" : value(party.idQualifier ?? defaultQualifier), id]
    }

    /// DTP with D8 for a date and RD8 for a range "CCYYMMDD-CCYYMMDD".
    func dtp(_ qualifier: String, _ date: String) -> [String] {
        [value(qualifier), date.contains("-") ? "RD8" : "D8", value(date)]
    }

    /// DMG for a member, when a birth date is known (DMG02 is required once the segment is sent).
    func dmg(_ member: Member) -> [String]? {
        guard let birthDate = member.birthDate, !birthDate.isEmpty else { return nil }
        return ["D8", value(birthDate), value(member.gender)]
    }

    func aaa(_ r: Rejection) -> [String] { [r.validRequest ? "Y" : "N", "", value(r.reasonCode), value(r.followUpAction)] }
}

extension LoopInstance {
    /// Element `n` of every segment `id` here, split on `separator` (for repeated elements such as EB03).
    func repetitions(_ id: SegmentID, _ n: Int, _ separator: Character?) -> [String] {
        segments(id).flatMap { s -> [String] in
            guard let separator else { return [s[n]] }
            return s[n].split(separator: separator).map(String.init)
        }.filter { !$0.isEmpty }
    }
}

extension Character {
    /// The separator a delimiter byte stands for; nil when the interchange has none.
    init?(delimiter: UInt8?) {
        guard let delimiter else { return nil }
        self.init(Unicode.Scalar(delimiter))
    }
}
