import Foundation

/// Whether work on an engagement goes on, and the coach's changes of it (issue 12): pause (with a
/// reason; nothing is sent and rater links say so), resume, cancel (with a reason), and reopen a
/// cancelled one within the practice's grace period (``checkReopen(endedAt:now:graceDays:)``; off by
/// default, so a cancellation is final). An engagement is `closed` only by moving past its last
/// phase (``PhaseGate``).
public enum EngagementStatus: String, Sendable, CaseIterable, Codable {
    case active, paused, cancelled, closed

    /// A change the coach asks for.
    public enum Change: String, Sendable, CaseIterable {
        case pause, resume, cancel, reopen

        /// Whether the change needs a reason (kept with the engagement and in the audit trail).
        public var needsReason: Bool { self != .resume }
    }

    /// Work may still go on (active or paused): it can be handed over, its stakeholders change.
    public var isOngoing: Bool { self == .active || self == .paused }

    /// The longest reason kept, in characters.
    public static let maxReasonLength = 1000

    /// The status after `change`, with `reason` (already NFC-normalised and trimmed; `nil` when blank).
    /// - Throws: ``DomainError`` `invalid` naming `reason` when a needed reason is missing or too long;
    ///   `conflict` (`engagement_not_active`, `engagement_not_paused`, `engagement_ended`) when the
    ///   change does not apply to this status.
    public func applying(_ change: Change, reason: String?) throws(DomainError) -> EngagementStatus {
        switch (change, self) {
        case (.reopen, .cancelled): break
        case (.reopen, _):
            throw DomainError(.conflict, code: "engagement_not_cancelled", message: "Only a cancelled engagement can be reopened.")
        case (_, .cancelled), (_, .closed):
            throw DomainError(.conflict, code: "engagement_ended", message: "The engagement is \(rawValue); it can no longer change.")
        case (.pause, .paused):
            throw DomainError(.conflict, code: "engagement_not_active", message: "The engagement is already paused.")
        case (.resume, .active):
            throw DomainError(.conflict, code: "engagement_not_paused", message: "The engagement is not paused.")
        default: break
        }
        if change.needsReason {
            guard let reason, !reason.isEmpty else {
                throw .invalid("reason", change == .pause ? "Say why the engagement is paused (the parties see it)."
                               : change == .reopen ? "Say why the engagement is reopened (the parties see it)." : "Say why the engagement is cancelled.",
                               code: "required")
            }
            guard reason.count <= Self.maxReasonLength else {
                throw .invalid("reason", "Keep the reason under \(Self.maxReasonLength) characters.", code: "too_long")
            }
        }
        switch change {
        case .pause: return .paused
        case .resume: return .active
        case .cancel: return .cancelled
        case .reopen: return .active
        }
    }

    /// The longest grace period a practice may set for reopening, in days.
    public static let maxReopenGraceDays = 365

    /// Whether a cancelled engagement that ended at `endedAt` may be reopened at `now` when the
    /// practice allows `graceDays` days (0: never).
    /// - Throws: `conflict` ``DomainError`` `reopen_not_allowed` (the practice does not reopen) or
    ///   `reopen_too_late` (the grace period is over), each saying so.
    public static func checkReopen(endedAt: Date?, now: Date, graceDays: Int) throws(DomainError) {
        guard graceDays > 0 else {
            throw DomainError(.conflict, code: "reopen_not_allowed", message: "This practice does not reopen cancelled engagements (an admin can allow it in the settings).")
        }
        guard let endedAt, now.timeIntervalSince(endedAt) <= Double(graceDays) * 86_400 else {
            throw DomainError(.conflict, code: "reopen_too_late", message: "A cancelled engagement can be reopened within \(graceDays) day\(graceDays == 1 ? "" : "s"); that time is over.")
        }
    }
}
