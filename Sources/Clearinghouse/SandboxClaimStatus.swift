import HealthCareX12

extension SandboxAdjudicator {
    /// A service line asked about, answered from the claim's adjudicated line with the same control number (REF*FJ
    /// of the 276, REF*6R of the 837), else the same code and charge: F1 65 paid, F2 1 denied, F4 1 nothing to pay;
    /// a line the payer cannot match, or of a claim not adjudicated line by line, has the claim's status.
    func lineStatus(_ asked: ClaimStatusLine, _ record: SandboxLedger.ClaimRecord) -> ClaimStatusLine {
        var answer = asked
        let date = record.adjudicationDate ?? record.receivedDate
        let lines = record.lines ?? []
        let match = lines.first { asked.lineControlNumber != nil && $0.lineControlNumber == asked.lineControlNumber }
            ?? lines.first { $0.procedureCode == asked.procedureCode && $0.chargeCents == asked.chargeCents }
        if let match {
            answer.paidCents = match.paidCents
            answer.statuses = [.init(category: match.statusCategory, code: match.statusCategory == "F1" ? "65" : "1", date: date, action: nil, amountCents: nil)]
        } else {
            answer.paidCents = nil
            answer.statuses = [.init(category: record.statusCategory, code: record.statusCode, entity: record.statusEntity, date: date, action: nil,
                                     amountCents: nil)]
        }
        return answer
    }

    /// Answers a 276 from the ledger: each claim asked about (by its claim id, REF*EJ, or the payer's number, REF*1K)
    /// with its status on `date`: P1 20 pended, not yet paid; F1 65 paid, F4 98/1 adjudicated with nothing to pay (deductible), F2 denied (84 not
    /// authorized, 1 see the remittance advice), the 277CA's rejection for a claim rejected there, A4 35 for a claim the
    /// payer never received. Paid and denied claims carry their amounts, adjudication date and check or EFT number.
    public func answer(_ inquiry: ClaimStatusInquiry, on date: String, ledger: SandboxLedger) -> ClaimStatusResponse {
        ClaimStatusResponse(
            controlNumber: "0001", reference: inquiry.reference, createdDate: date, createdTime: "0000", payer: contract.payer,
            receiver: inquiry.receiver,
            providers: inquiry.providers.map { provider in
                ClaimStatusResponse.ProviderReport(provider: provider.provider, claims: provider.claims.map { asked in
                    let known = ledger.record(claimId: asked.claimId, payerClaimControlNumber: asked.payerClaimControlNumber)
                    guard let record = known else {
                        return ClaimStatusResponse.ClaimReport(
                            subscriber: asked.subscriber, dependent: asked.dependent, traceNumber: asked.traceNumber,
                            statuses: [.init(category: "A4", code: "35", date: date, action: nil, amountCents: asked.chargeCents)],
                            payerClaimControlNumber: asked.payerClaimControlNumber, claimId: asked.claimId, serviceDate: asked.serviceDate)
                    }
                    let adjudicated = record.outcome == .paid || record.outcome == .denied
                    return ClaimStatusResponse.ClaimReport(
                        subscriber: asked.subscriber, dependent: asked.dependent, traceNumber: asked.traceNumber,
                        statuses: [.init(category: record.statusCategory, code: record.statusCode, entity: record.statusEntity,
                                         date: record.adjudicationDate ?? record.receivedDate, action: nil, amountCents: record.chargeCents)],
                        paidCents: adjudicated ? record.paidCents : nil, adjudicationDate: record.adjudicationDate,
                        paymentDate: adjudicated && record.traceNumber != nil ? record.adjudicationDate : nil,
                        checkNumber: adjudicated ? record.traceNumber : nil, payerClaimControlNumber: record.payerClaimControlNumber,
                        claimId: record.claimId, serviceDate: record.serviceDate,
                        serviceLines: asked.serviceLines.map { lineStatus($0, record) })
                })
            })
    }
}
