import CodeSets
import Foundation
import HealthCareX12
import RevenueCycle
import X12

/// Bank deposits and their reconciliation with the 835 payments received: recording one deposit, importing a bank
/// statement, and reconciling (with each deposit's finding stored on it, so a match can be explained later).
public struct DepositDesk: Sendable {
    public typealias Store = RecordStore & ClaimExchangeStore
    public let store: any Store

    public init(store: any Store) { self.store = store }

    /// What importing a statement did.
    public struct ImportSummary: Sendable, Codable {
        public var fileName: String
        public var lines: Int
        public var recorded: Int
        /// Deposits recorded before (by an earlier import or by hand): an import is idempotent.
        public var alreadyRecorded: Int
        public var amountRecorded: Money
        /// The deposits of the statement, recorded now or before.
        public var depositIDs: [UUID]
    }

    public enum ImportError: Error, Sendable, CustomStringConvertible {
        case problems(fileName: String, [StatementProblem])

        public var description: String {
            switch self {
            case .problems(let name, let list):
                "\(name): nothing imported; \(list.count) problem\(list.count == 1 ? "" : "s"): " + list.map(\.description).joined(separator: "; ")
            }
        }
    }

    /// Reads the statement (refused whole, with every problem, when any line is wrong) and records its deposits; a
    /// deposit recorded before is counted, not recorded twice. `progress` sees each line as it is stored. Each deposit
    /// is written on its own: an import interrupted part way is finished by importing the statement again.
    public func importStatement(_ text: String, fileName: String, tenantID: UUID,
                                progress: (@Sendable (_ done: Int, _ of: Int) -> Void)? = nil) async throws -> ImportSummary {
        let lines: [BankStatementCSV.Line]
        switch BankStatementCSV.read(text, fileName: fileName) {
        case .success(let read): lines = read
        case .failure(let refusal): throw ImportError.problems(fileName: fileName, refusal.problems)
        }
        var payers: [Payer] = []
        if lines.contains(where: { $0.payer != nil }) {
            var cursor: String?
            repeat {
                let page = try await store.records(Payer.self, tenantID: tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit, cursor: cursor))
                payers += page.items.map(\.value)
                cursor = page.nextCursor
            } while cursor != nil
        }
        var deposits: [BankDeposit] = []
        var problems: [StatementProblem] = []
        for line in lines {
            var payerID: UUID?
            if let named = line.payer {
                let matches = payers.filter { $0.electronicID.value.caseInsensitiveCompare(named) == .orderedSame || $0.name.caseInsensitiveCompare(named) == .orderedSame }
                if matches.count == 1 { payerID = matches[0].id } else {
                    problems.append(StatementProblem(line: line.line, field: "payer", message: matches.isEmpty
                        ? "no payer of the practice has the electronic id or name \"\(named)\""
                        : "\"\(named)\" names \(matches.count) payers; use the payer's electronic id"))
                    continue
                }
            }
            let deposit = BankDeposit(tenantID: tenantID, amount: line.amount, depositedOn: line.depositedOn, traceNumber: line.traceNumber,
                                      payerID: payerID, description: line.description,
                                      source: DepositSource(kind: .statement, fileName: fileName, line: line.line))
            for p in deposit.validate() { problems.append(StatementProblem(line: line.line, field: p.field, message: p.message)) }
            deposits.append(deposit)
        }
        guard problems.isEmpty else { throw ImportError.problems(fileName: fileName, problems) }
        var summary = ImportSummary(fileName: fileName, lines: lines.count, recorded: 0, alreadyRecorded: 0, amountRecorded: .zero, depositIDs: [])
        for (n, deposit) in deposits.enumerated() {
            do {
                _ = try await store.insert(deposit)
                summary.recorded += 1
                summary.amountRecorded = summary.amountRecorded + deposit.amount
            } catch StoreError.duplicate {
                summary.alreadyRecorded += 1
            }
            summary.depositIDs.append(deposit.id)
            progress?(n + 1, deposits.count)
        }
        return summary
    }

    /// Every payment the tenant's received 835s announce, one per 835 transaction. A stored file that no longer
    /// reads as an 835 is skipped (it was valid when received).
    public func remittancePayments(tenantID: UUID) async throws -> [RemittancePayment] {
        var payments: [RemittancePayment] = []
        var cursor: String?
        repeat {
            let page = try await store.receivedFiles(tenantID: tenantID, kind: .remittance, limit: 200, cursor: cursor)
            // Lists leave the contents out: each file is read whole.
            for listed in page.items {
                guard let file = try await store.receivedFile(id: listed.value.id, tenantID: tenantID) else { continue }
                payments += Self.payments(in: file.value)
            }
            cursor = page.nextCursor
        } while cursor != nil
        return payments
    }

    /// The payments of one received 835 file: each transaction's BPR, TRN and payer name (N1*PR). The file was
    /// validated when it was received, so its segments are only split, not validated again: an 835 of a hundred
    /// thousand claims is read in the time its bytes take to tokenize. A stored file that no longer splits gives none.
    public static func payments(in file: ReceivedFile) -> [RemittancePayment] {
        guard file.kind == .remittance else { return [] }
        var tokenizer = Tokenizer()
        guard let segments = try? tokenizer.feed(Array(file.contents.utf8)) else { return [] }
        var payments: [RemittancePayment] = []
        var controlNumber: String?, bpr: Segment?, trn: Segment?, payerName: String?
        for segment in segments {
            if segment.isID("ST") {
                controlNumber = segment[1] == "835" ? segment[2] : nil
                bpr = nil; trn = nil; payerName = nil
            } else if controlNumber == nil {
                continue
            } else if segment.isID("BPR") {
                bpr = bpr ?? segment
            } else if segment.isID("TRN") {
                trn = trn ?? segment
            } else if segment.isID("N1"), segment[1] == "PR", payerName == nil {
                payerName = segment[2].isEmpty ? nil : segment[2]
            } else if segment.isID("SE"), let number = controlNumber {
                if let bpr {
                    payments.append(RemittancePayment(
                        receivedFileID: file.id, fileName: file.name, receivedAt: file.receivedAt, transactionControlNumber: number,
                        traceNumber: trn?[2] ?? "", amount: Money(cents: cents(bpr[2]) ?? 0), method: bpr[4].isEmpty ? nil : bpr[4],
                        paymentDate: ServiceDate(compact: bpr[16]), creditDebit: bpr[3], handlingCode: bpr[1], payerName: payerName))
                }
                controlNumber = nil
            }
        }
        return payments
    }

    /// Every deposit of the tenant, as stored.
    public func deposits(tenantID: UUID) async throws -> [Stored<BankDeposit>] {
        var all: [Stored<BankDeposit>] = []
        var cursor: String?
        repeat {
            let page = try await store.records(BankDeposit.self, tenantID: tenantID, query: RecordQuery(limit: RecordQuery.maximumLimit, cursor: cursor))
            all += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return all
    }

    /// Reconciles the tenant's deposits with its 835 payments. With `record`, each deposit whose finding changed is
    /// stored with it (at the version read: a deposit changed meanwhile is refused with `StoreError.versionConflict`);
    /// answers the reconciliation and how many deposits were written.
    public func reconcile(tenantID: UUID, today: ServiceDate, at: Date, record: Bool) async throws -> (DepositReconciliation, changed: Int) {
        let stored = try await deposits(tenantID: tenantID)
        let reconciliation = DepositReconciliation(deposits: stored.map(\.value), payments: try await remittancePayments(tenantID: tenantID), today: today, at: at)
        guard record else { return (reconciliation, 0) }
        var changed = 0
        for s in stored {
            guard let finding = reconciliation.findings[s.value.id] else { continue }
            if let old = s.value.match, old.sameMatch(as: finding) { continue }
            var deposit = s.value
            deposit.match = finding
            _ = try await store.update(deposit, expectedVersion: s.version)
            changed += 1
        }
        return (reconciliation, changed)
    }
}
