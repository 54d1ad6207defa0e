import X12

/// Writes a remittance as an 835 (005010X221A1) interchange: the payment (BPR, TRN), payer and payee, each claim with
/// its adjustments and service lines (answering the 837's REF*6R), and provider-level adjustments (PLB).
public enum RemittanceWriter {
    public static func write(_ era: Remittance, parties: InterchangeParties, date: String, time: String,
                             interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value, composite = text.composite
        // ST03 is left out: GS08 names the guide, and pyx12's 835 map rejects ST03 as not used.
        let start = parties.open(&w, functionalID: "HP", transactionSet: "835", controlNumber: era.controlNumber, version: "005010X221A1", versionInST: false,
                               date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        w.segment("BPR", [v(era.handlingCode), amount(era.paymentCents ?? 0), v(era.creditDebit), v(era.paymentMethod ?? "CHK"),
                          "", "", "", "", "", "", "", "", "", "", "", v(era.paymentDate)])
        w.segment("TRN", ["1", v(era.traceNumber), v(era.payerIdentifier)])
        let payer = era.payer ?? Party(name: "")
        w.segment("N1", ["PR", v(payer.name)])
        ClaimWriter.address(payer.address, &w)
        w.segment("PER", ["BL", v(era.payerContactName)] + (era.payerContactPhone.map { ["TE", v($0)] } ?? []))
        let payee = era.payee ?? Party(name: "")
        w.segment("N1", ["PE", v(payee.name), v(payee.idQualifier ?? "XX"), v(payee.id)])
        ClaimWriter.address(payee.address, &w)
        if let taxID = era.payeeTaxID { w.segment("REF", ["TJ", v(taxID)]) }
        if !era.claims.isEmpty { w.segment("LX", ["1"]) }
        for claim in era.claims {
            w.segment("CLP", [v(claim.claimId), v(claim.statusCode), amount(claim.chargeCents ?? 0), amount(claim.paidCents ?? 0),
                              claim.patientResponsibilityCents.map(amount) ?? "", v(claim.filingIndicator), v(claim.payerClaimControlNumber)])
            adjustments(claim.adjustments, &w)
            let patient = claim.patient ?? Party(name: "")
            w.segment("NM1", ["QC", "1", v(patient.name), v(patient.firstName), "", "", "", patient.id == nil ? "" : v(patient.idQualifier ?? "MI"), v(patient.id)])
            if let carrier = claim.crossoverCarrier {
                w.segment("NM1", ["TT", "2", v(carrier.name), "", "", "", "", v(carrier.idQualifier ?? "PI"), v(carrier.id)])
            }
            // MOA has room for five remarks; a claim with none has no MOA.
            if !claim.remarkCodes.isEmpty { w.segment("MOA", ["", ""] + claim.remarkCodes.prefix(5).map(v)) }
            for line in claim.serviceLines {
                w.segment("SVC", [composite([line.procedureQualifier ?? "HC", line.procedureCode] + line.modifiers.prefix(4).map { Optional($0) }),
                                  amount(line.chargeCents ?? 0), amount(line.paidCents ?? 0), "", v(line.units)])
                if let date = line.serviceDate { w.segment("DTM", ["472", v(date)]) }
                adjustments(line.adjustments, &w)
                if let control = line.lineControlNumber { w.segment("REF", ["6R", v(control)]) }
                for remark in line.remarkCodes { w.segment("LQ", ["HE", v(remark)]) }
            }
        }
        // Up to six adjustments per PLB, one PLB per provider and fiscal period.
        var groups: [(key: String, items: [Remittance.ProviderAdjustment])] = []
        for adjustment in era.providerAdjustments {
            let key = adjustment.provider + "|" + adjustment.fiscalPeriodDate
            if let i = groups.lastIndex(where: { $0.key == key && $0.items.count < 6 }) { groups[i].items.append(adjustment) } else { groups.append((key, [adjustment])) }
        }
        for (_, items) in groups {
            w.segment("PLB", [v(items[0].provider), v(items[0].fiscalPeriodDate)] + items.flatMap { [composite([$0.reasonCode, $0.reference]), amount($0.amountCents ?? 0)] })
        }
        return parties.close(&w, transactionStart: start, controlNumber: era.controlNumber, interchangeControlNumber: interchangeControlNumber,
                             groupControlNumber: groupControlNumber)
    }

    /// CAS segments: one per group code, up to six reasons each.
    private static func adjustments(_ adjustments: [Adjustment], _ w: inout SegmentWriter) {
        var groups: [(group: String, items: [Adjustment])] = []
        for a in adjustments {
            if let i = groups.lastIndex(where: { $0.group == a.groupCode && $0.items.count < 6 }) { groups[i].items.append(a) } else { groups.append((a.groupCode, [a])) }
        }
        for (group, items) in groups {
            var elements = [group]
            for (n, a) in items.enumerated() {
                elements += [a.reasonCode, amount(a.amountCents ?? 0)]
                if n < items.count - 1 || a.quantity != nil { elements.append(a.quantity ?? "") }
            }
            w.segment("CAS", elements)
        }
    }
}
