/// Whether work on an engagement goes on, and the coach's changes of it (issue 12): pause (with a
/// reason; nothing is sent and rater links say so), resume, cancel (with a reason; final). An
/// engagement is `closed` only by moving past its last phase (``PhaseGate``).
public enum EngagementStatus: String, Sendable, CaseIterable, Codable {
    case active, paused, cancelled, closed

    /// A change the coach asks for.
    public enum Change: String, Sendable, CaseIterable {
        case pause, resume, cancel

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
                throw .invalid("reason", change == .pause ? "Say why the engagement is paused (the parties see it)." : "Say why the engagement is cancelled.", code: "required")
            }
            guard reason.count <= Self.maxReasonLength else {
                throw .invalid("reason", "Keep the reason under \(Self.maxReasonLength) characters.", code: "too_long")
            }
        }
        switch change {
        case .pause: return .paused
        case .resume: return .active
        case .cancel: return .cancelled
        }
    }
}
