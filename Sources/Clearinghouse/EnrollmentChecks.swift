import CodeSets
import Foundation
import RevenueCycle

// Where payer enrollment (PayerEnrollment.swift) is checked in the exchange: claims of a provider the payer does not
// take are left out of batches, and an 835 from a payer the practice is not enrolled with for ERA gets a note.

extension ClaimExchange {
    /// Why the claim should not go to its payer when batched at `at` (judged on that UTC day) for want of
    /// enrollment, or nil.
    static func enrollmentRefusal(_ records: ClaimRecords, tenant: Tenant, book: EnrollmentBook, at: Date) -> String? {
        guard !book.enrollments.isEmpty else { return nil }
        return book.claimRefusal(billingNPI: tenant.billingNPI, renderingNPI: records.renderingProvider?.npi, payer: records.payer,
                                 on: ServiceDate(utcDayOf: at))
    }
}

extension ResponseWork {
    /// Notes the payers of an 835's claims that the billing provider is not approved for ERA with on `date`.
    mutating func noteEnrollment(payerIDs: Set<UUID>, on date: ServiceDate) async throws {
        guard !payerIDs.isEmpty, let tenant = try await store.tenant(id: tenantID) else { return }
        let book = try await store.enrollmentBook(tenantID: tenantID)
        guard !book.enrollments.isEmpty else { return }
        for payerID in payerIDs.sorted(by: { $0.uuidString < $1.uuidString }) where book.tracks(payerID: payerID) {
            guard let payer = try await store.record(Payer.self, id: payerID, tenantID: tenantID)?.value,
                  let note = book.remittanceNote(billingNPI: tenant.billingNPI, payer: payer, on: date) else { continue }
            notes.append(note)
            count("enrollmentNotes")
        }
    }
}
