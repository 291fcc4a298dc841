import Foundation
import NIOConcurrencyHelpers

/// Results of closed 360-degree assessments, kept in memory so pages do not aggregate them again
/// on every view.
///
/// A closed assessment never changes: no rater can submit after closing, its rules (threshold,
/// rater groups) are stored on it, and competency models are versioned (an edit makes a new model),
/// so its ``AssessmentSummary`` is final. The key includes the closing instant, so a reopened and
/// closed again assessment is a new entry. Each app instance has its own cache; as the entries are
/// final, instances never disagree. At most ``capacity`` entries (least recently used go first).
final class AssessmentSummaryCache: Sendable {
    /// The process-wide cache.
    static let shared = AssessmentSummaryCache(capacity: 256)

    /// Most entries kept.
    let capacity: Int
    private let state = NIOLockedValueBox<(entries: [String: AssessmentSummary], order: [String])>(([:], []))

    init(capacity: Int) { self.capacity = capacity }

    /// The cached summary for `key`, or the one `compute` returns (then cached).
    func summary(for key: String, compute: () async throws -> AssessmentSummary) async rethrows -> AssessmentSummary {
        if let hit = state.withLockedValue({ s -> AssessmentSummary? in
            guard let hit = s.entries[key] else { return nil }
            s.order.removeAll { $0 == key }
            s.order.append(key)
            return hit
        }) { return hit }
        let value = try await compute()
        state.withLockedValue { s in
            if s.entries[key] == nil { s.order.append(key) }
            s.entries[key] = value
            while s.order.count > capacity { s.entries[s.order.removeFirst()] = nil }
        }
        return value
    }
}
