import CodeSets
import Foundation

// What each kind of record is listed and found by. Names sort as "last first" in lower case; encounters and charges
// newest date of service first (their sort key is the date's distance from 9999-12-31, so that ascending order is
// newest first).

extension Facility: TenantRecord {
    public static let kind = RecordKind.facility
    public var listing: RecordListing {
        RecordListing(sortKey: name.lowercased(), searchText: [name, npi?.value ?? "", address.city].joined(separator: " "))
    }
}

extension Provider: TenantRecord {
    public static let kind = RecordKind.provider
    public var listing: RecordListing {
        let sortName = personName.map { "\($0.last) \($0.first)" } ?? organizationName ?? ""
        return RecordListing(sortKey: sortName.lowercased(), searchText: [displayName, npi.value, taxonomy.value, specialty].joined(separator: " "))
    }
}

extension Payer: TenantRecord {
    public static let kind = RecordKind.payer
    public var listing: RecordListing {
        RecordListing(sortKey: name.lowercased(), searchText: [name, electronicID.value, claimFilingIndicator.rawValue].joined(separator: " "))
    }
}

extension Patient: TenantRecord {
    public static let kind = RecordKind.patient
    public var listing: RecordListing {
        RecordListing(sortKey: "\(name.last) \(name.first)".lowercased(),
                      searchText: [name.last, name.first, accountNumber, dateOfBirth.iso].joined(separator: " "))
    }
}

extension Coverage: TenantRecord {
    public static let kind = RecordKind.coverage
    public var listing: RecordListing {
        RecordListing(sortKey: "\(patientID.uuidString) \(order.rawValue)", searchText: [memberID, groupNumber ?? ""].joined(separator: " "),
                      patientID: patientID)
    }
}

extension Referral: TenantRecord {
    public static let kind = RecordKind.referral
    public var listing: RecordListing {
        RecordListing(sortKey: newestFirst(validFrom), searchText: number, patientID: patientID)
    }
}

extension PriorAuthorization: TenantRecord {
    public static let kind = RecordKind.priorAuthorization
    public var listing: RecordListing {
        RecordListing(sortKey: newestFirst(validFrom), searchText: ([number ?? ""] + procedureCodes.map(\.code)).joined(separator: " "),
                      patientID: patientID, status: status.rawValue)
    }
}

extension Encounter: TenantRecord {
    public static let kind = RecordKind.encounter
    public var listing: RecordListing {
        RecordListing(sortKey: newestFirst(serviceFrom), searchText: diagnoses.map(\.code).joined(separator: " "),
                      patientID: patientID, status: status.rawValue)
    }
}

extension Charge: TenantRecord {
    public static let kind = RecordKind.charge
    public var listing: RecordListing {
        RecordListing(sortKey: newestFirst(serviceDate), searchText: ([procedure.code] + modifiers).joined(separator: " "),
                      encounterID: encounterID)
    }
}

extension FeeSchedule: TenantRecord {
    public static let kind = RecordKind.feeSchedule
    public var listing: RecordListing {
        RecordListing(sortKey: name.lowercased(), searchText: name, status: purpose.rawValue)
    }
}

/// A sort key that lists later dates first: the number of days before 9999-12-31, zero-padded.
func newestFirst(_ date: ServiceDate) -> String {
    let ordinal = date.year * 372 + (date.month - 1) * 31 + (date.day - 1)
    let last = 9999 * 372 + 11 * 31 + 30
    let distance = last - ordinal
    return String(repeating: "0", count: max(0, 8 - String(distance).count)) + String(distance)
}
