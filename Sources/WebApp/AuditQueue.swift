import Foundation
import Persistence
import RevenueCycle

/// The application's audit appends. Appends that arrive while others are being written wait and are then written
/// together, chained in arrival order in one transaction: one commit, one disk sync, for many requests, where each
/// used to wait its turn for a commit of its own. Every caller still returns only once its entry is committed, and
/// fails if that write fails.
actor AuditQueue {
    private var waiting: [(event: AuditEvent, store: DatabaseStore, done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    func append(_ event: AuditEvent, via store: DatabaseStore) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            waiting.append((event, store, done))
            if !writing {
                writing = true
                Task { await self.writeWaiting() }
            }
        }
    }

    /// Writes what waits, batch after batch, until nothing does.
    private func writeWaiting() async {
        while let store = waiting.first?.store {
            let batch = waiting
            waiting = []
            do {
                try await store.append(batch.map(\.event))
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
        writing = false
    }
}
