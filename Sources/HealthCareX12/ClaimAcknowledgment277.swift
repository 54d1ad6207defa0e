import X12

/// The 277CA (005010X214) claim acknowledgment model: which claims of a batch the payer (or clearinghouse) accepted
/// into adjudication and which it rejected, with the claim status codes; read and written.
public struct ClaimAcknowledgment: Codable, Sendable, Equatable {
    /// One status (STC): category (A1 received, A2 accepted, A3 returned as unprocessable, A7 rejected...), status
    /// code, the entity it concerns, its date, the action (WQ accepted, U rejected) and the amount it speaks of.
    public struct Status: Codable, Sendable, Equatable {
        public var category: String
        public var code: String
        public var entity: String?
        public var date: String
        public var action: String?
        public var amountCents: Int?

        public init(category: String, code: String, entity: String? = nil, date: String, action: String?, amountCents: Int?) {
            self.category = category; self.code = code; self.entity = entity; self.date = date; self.action = action; self.amountCents = amountCents
        }

        init?(_ stc: Segment, _ c: Character) {
            let parts = stc[1].split(separator: c, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { return nil }
            self.init(category: parts[0], code: parts[1], entity: parts.count > 2 ? parts[2].nonEmpty : nil, date: stc[2],
                      action: stc[3].nonEmpty, amountCents: stc.amountCents(4))
        }
    }
    public struct ClaimReport: Codable, Sendable, Equatable {
        public var patient: Party
        /// TRN02: the claim id the provider sent (837 CLM01).
        public var claimId: String
        public var statuses: [Status]
        /// REF*1K: the payer's claim number, when it accepted the claim.
        public var payerClaimControlNumber: String?
        /// DTP*472: the service date, or range "CCYYMMDD-CCYYMMDD".
        public var serviceDate: String

        public init(patient: Party, claimId: String, statuses: [Status], payerClaimControlNumber: String?, serviceDate: String) {
            self.patient = patient; self.claimId = claimId; self.statuses = statuses
            self.payerClaimControlNumber = payerClaimControlNumber; self.serviceDate = serviceDate
        }

        /// Whether the claim went into adjudication: an accepting action (WQ) and no rejection.
        public var isAccepted: Bool { statuses.contains { $0.action == "WQ" } && !statuses.contains { $0.action == "U" } }
    }
    public struct ProviderReport: Codable, Sendable, Equatable {
        public var provider: Party
        /// 2200C STC: the provider-level status, without a date; when empty, a receipt status (A1:19:85) is written.
        public var statuses: [Status]
        public var claims: [ClaimReport]

        public init(provider: Party, statuses: [Status] = [], claims: [ClaimReport]) {
            self.provider = provider; self.statuses = statuses; self.claims = claims
        }
    }
    public var transactionSet = "277"
    public var controlNumber: String
    public var batchID: String
    public var createdDate: String
    public var createdTime: String
    /// Who acknowledges (NM1*PR payer or AY clearinghouse) and who receives (NM1*41, the submitter).
    public var source: Party
    public var receiver: Party
    /// 2200A: the source's trace number and when it received and processed the batch.
    public var sourceTraceNumber: String
    public var receiptDate: String
    public var processDate: String
    /// 2200B: the submitter's batch id (its 837 BHT03) and the batch-level status.
    public var receiverTraceNumber: String
    public var batchStatuses: [Status]
    public var providers: [ProviderReport]

    public init(controlNumber: String, batchID: String, createdDate: String, createdTime: String, source: Party, receiver: Party,
                sourceTraceNumber: String, receiptDate: String, processDate: String, receiverTraceNumber: String, batchStatuses: [Status],
                providers: [ProviderReport]) {
        self.controlNumber = controlNumber; self.batchID = batchID; self.createdDate = createdDate; self.createdTime = createdTime
        self.source = source; self.receiver = receiver; self.sourceTraceNumber = sourceTraceNumber; self.receiptDate = receiptDate
        self.processDate = processDate; self.receiverTraceNumber = receiverTraceNumber; self.batchStatuses = batchStatuses
        self.providers = providers
    }

    /// Reads a 277CA transaction set; `component` is the interchange's component separator (ISA16).
    public init(_ t: LoopInstance, component c: Character) {
        let bht = t.segment("BHT")
        controlNumber = t.segment("ST")?[2] ?? ""
        batchID = bht?[3] ?? ""
        createdDate = bht?[4] ?? ""
        createdTime = bht?[5] ?? ""
        let sourceLevel = t.loops("2000A").first
        source = Party(sourceLevel?.loops("2100A").first) ?? Party(name: "")
        let sourceTrace = sourceLevel?.loops("2200A").first
        sourceTraceNumber = sourceTrace?.segment("TRN")?[2] ?? ""
        receiptDate = sourceTrace?.segment("DTP", "050")?[3] ?? ""
        processDate = sourceTrace?.segment("DTP", "009")?[3] ?? ""
        let receiverLevel = t.descendants("2000B").first
        receiver = Party(receiverLevel?.loops("2100B").first) ?? Party(name: "")
        let receiverTrace = receiverLevel?.loops("2200B").first
        receiverTraceNumber = receiverTrace?.segment("TRN")?[2] ?? ""
        batchStatuses = receiverTrace?.segments("STC").compactMap { Status($0, c) } ?? []
        providers = t.descendants("2000C").map { level in
            ProviderReport(provider: Party(level.loops("2100C").first) ?? Party(name: ""),
                           statuses: level.loops("2200C").first?.segments("STC").compactMap { Status($0, c) } ?? [],
                           claims: level.loops("2000D").flatMap { patientLevel in
                let patient = Party(patientLevel.loops("2100D").first) ?? Party(name: "")
                return patientLevel.loops("2200D").map { claim in
                    ClaimReport(patient: patient, claimId: claim.segment("TRN")?[2] ?? "", statuses: claim.segments("STC").compactMap { Status($0, c) },
                                payerClaimControlNumber: claim.segment("REF", "1K")?[2], serviceDate: claim.segment("DTP", "472")?[3] ?? "")
                }
            })
        }
    }

    /// Writes the acknowledgment as a 277CA interchange.
    public func write(parties: InterchangeParties, date: String, time: String, interchangeControlNumber: Int, groupControlNumber: Int) -> String {
        var w = SegmentWriter(delimiters: SegmentWriter.standard)
        let text = ElementText(delimiters: w.delimiters)
        let v = text.value
        func stc(_ s: Status) -> [String] {
            [text.composite([s.category, s.code, s.entity]), v(s.date), v(s.action), amount(s.amountCents ?? 0)]
        }
        let start = parties.open(&w, functionalID: "HN", transactionSet: "277", controlNumber: controlNumber, version: "005010X214",
                               date: date, time: time, interchangeControlNumber: interchangeControlNumber, groupControlNumber: groupControlNumber)
        w.segment("BHT", ["0085", "08", v(batchID), v(createdDate), v(createdTime), "TH"])
        w.segment("HL", ["1", "", "20", "1"])
        w.segment("NM1", ["PR", "2", v(source.name), "", "", "", "", v(source.idQualifier ?? "PI"), v(source.id)])
        w.segment("TRN", ["1", v(sourceTraceNumber)])
        w.segment("DTP", ["050", "D8", v(receiptDate)])
        w.segment("DTP", ["009", "D8", v(processDate)])
        w.segment("HL", ["2", "1", "21", providers.isEmpty ? "0" : "1"])
        w.segment("NM1", ["41", "2", v(receiver.name), "", "", "", "", "46", v(receiver.id)])
        w.segment("TRN", ["2", v(receiverTraceNumber)])
        for s in batchStatuses { w.segment("STC", stc(s)) }
        var hl = 2
        for provider in providers {
            hl += 1
            let providerHL = hl
            w.segment("HL", [String(providerHL), "2", "19", provider.claims.isEmpty ? "0" : "1"])
            w.segment("NM1", ["85", "2", v(provider.provider.name), "", "", "", "", v(provider.provider.idQualifier ?? "XX"), v(provider.provider.id)])
            w.segment("TRN", ["1", "0"])
            // pyx12 requires the provider-level status although the guide makes it situational.
            let total = provider.claims.reduce(0) { $0 + ($1.statuses.first?.amountCents ?? 0) }
            // The guide leaves out the date at this level (STC02 not used).
            let statuses = provider.statuses.isEmpty ? [Status(category: "A1", code: "19", entity: "85", date: "", action: "WQ", amountCents: total)] : provider.statuses
            for s in statuses { var s = s; s.date = ""; w.segment("STC", stc(s)) }
            for claim in provider.claims {
                hl += 1
                w.segment("HL", [String(hl), String(providerHL), "PT"])
                w.segment("NM1", ["QC", "1", v(claim.patient.name), v(claim.patient.firstName), "", "", "", v(claim.patient.idQualifier ?? "MI"), v(claim.patient.id)])
                w.segment("TRN", ["2", v(claim.claimId)])
                for s in claim.statuses { w.segment("STC", stc(s)) }
                if let number = claim.payerClaimControlNumber { w.segment("REF", ["1K", v(number)]) }
                w.segment("DTP", ["472", claim.serviceDate.contains("-") ? "RD8" : "D8", v(claim.serviceDate)])
            }
        }
        return parties.close(&w, transactionStart: start, controlNumber: controlNumber, interchangeControlNumber: interchangeControlNumber,
                             groupControlNumber: groupControlNumber)
    }
}
