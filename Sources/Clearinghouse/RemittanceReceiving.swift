import CodeSets
import Dispatch
import Foundation
import HealthCareX12
import RevenueCycle
import X12

extension ClaimExchange {
    /// Receives an 835 one check (transaction set) at a time: a thread of its own reads and validates the file while
    /// each check read is posted and its claims stored, all in one transaction that the file's record ends. Memory
    /// holds the file's text and a few checks, not the whole document and every claim it changed; when the file
    /// proves invalid at any point, the transaction is undone and nothing of it is posted.
    func receiveRemittance(name: String, contents: String, tenantID: UUID, at: Date, postedOn: ServiceDate,
                           words: ClaimStatusWords?) async throws -> ReceiveOutcome {
        let file = ReceivedFile(id: UUID(), tenantID: tenantID, kind: .remittance, name: name, contents: contents, receivedAt: at, receivedBy: actor)
        let feed = RemittanceFeed(bytes: Array(contents.utf8))
        defer { feed.stop() }
        do {
            return .recorded(try await store.inTransaction { store in
                try await store.beginReceivedFile(file)
                var work = ResponseWork(exchange: self, store: store, tenantID: tenantID, name: name, at: at, words: words)
                work.receivedFileID = file.id
                var report: ValidationReport?
                // While a check is planned, the database stores the checks before it, and reads the next check's
                // claims once those are stored; the reading's decoding overlaps the posted check's storing. Both tasks
                // are awaited inside the transaction whatever happens. The claims read may lack the changes of the
                // checks still being stored, which `current` takes from memory.
                var planning: (remittance: Remittance, stored: [Stored<RevenueCycle.Claim>])?
                var storing: Task<Void, any Error>?
                var reading: Task<[Stored<RevenueCycle.Claim>], any Error>?
                // The file's text (32 MB for 100,000 claims) is written once the first check's claims are read, while
                // that check is planned and the database has nothing else to do.
                var contentsStored: Task<Void, any Error>?
                do {
                    for await item in feed.items {
                        feed.took()
                        switch item {
                        case .check(let next):
                            let nextClaims = work.claims(paidBy: next, after: storing)
                            reading = nextClaims
                            if contentsStored == nil {
                                contentsStored = Task { _ = try? await nextClaims.value; try await store.storeReceivedFileContents(file) }
                            }
                            if let (remittance, stored) = planning {
                                try await work.remittance(remittance, stored: stored, postedOn: postedOn, storing: storing)
                                storing = work.startStoring(of: file)
                            }
                            planning = (next, try await nextClaims.value)
                        case .read(let finished):
                            report = finished
                        case .guidesMissing(let error):
                            throw ReceivedFileError(name: name, message: "the implementation guides could not be loaded: \(error)")
                        }
                    }
                    if let (remittance, stored) = planning {
                        try await work.remittance(remittance, stored: stored, postedOn: postedOn, storing: storing)
                    }
                    storing = work.startStoring(of: file)
                    try await work.earlierPartsStored(storing)
                    if let contentsStored { try await contentsStored.value } else { try await store.storeReceivedFileContents(file) }
                } catch {
                    _ = try? await storing?.value
                    _ = try? await reading?.value
                    _ = try? await contentsStored?.value
                    throw error
                }
                guard let report, report.delimiters != nil else {
                    throw ReceivedFileError(name: name, message: "not an X12 interchange: "
                                            + (report?.findings.first.map(String.init(describing:)) ?? "no ISA header"))
                }
                guard report.isValid else {
                    throw ReceivedFileError(name: name, message: "the 835 is not valid, so nothing of it is posted: "
                                            + report.findings.prefix(3).map(String.init(describing:)).joined(separator: "; "))
                }
                var finished = file
                finished.notes = work.notes
                finished.counts = work.counts
                finished.claimIDs = work.storedClaimIDs
                return try await store.finishReceivedFile(finished)
            })
        } catch StoreError.duplicate {
            // Another receiver recorded the same file first.
            guard let earlier = try await store.receivedFile(fingerprint: file.fingerprint, tenantID: tenantID) else { throw StoreError.duplicate(what: name) }
            return .duplicate(earlier)
        }
    }
}

/// An 835 read on a thread of its own and handed over one check at a time, at most `ahead` checks ahead of the
/// poster: reading and posting run on two cores, and only a few checks wait in memory.
final class RemittanceFeed: @unchecked Sendable {
    // Unchecked: `stopped` is only touched under `lock`; `items` and `room` are set once in `init`.
    enum Item: Sendable {
        case check(Remittance)
        /// The whole file's validation, last.
        case read(ValidationReport)
        case guidesMissing(String)
    }

    /// Call `took()` for each item taken.
    let items: AsyncStream<Item>
    private let room: DispatchSemaphore
    private let lock = NSLock()
    private var stopped = false

    init(bytes: [UInt8], ahead: Int = 2) {
        let (items, output) = AsyncStream.makeStream(of: Item.self)
        self.items = items
        let room = DispatchSemaphore(value: ahead)
        self.room = room
        let thread = Thread { [self] in
            do {
                var component: Character?
                let report = try HealthCareValidation.readEach(bytes) { part in
                    switch part {
                    case .envelope(let segment):
                        if segment.isID("ISA") { component = segment[16].first }
                    case .transaction(let transaction):
                        guard let component, !self.isStopped else { return }
                        room.wait()
                        guard !self.isStopped else { return }
                        output.yield(.check(Remittance(transaction, component: component)))
                    }
                }
                output.yield(.read(report))
            } catch {
                output.yield(.guidesMissing("\(error)"))
            }
            output.finish()
        }
        thread.name = "835 reader"
        thread.start()
    }

    /// Makes room for the reader's next check.
    func took() { room.signal() }

    /// The poster is done (or failed): the reader reads on without handing anything over, and never waits.
    func stop() {
        lock.withLock { stopped = true }
        room.signal()
    }

    private var isStopped: Bool { lock.withLock { stopped } }
}
