/// What an actor wants to do with a ``Resource``.
public enum Action: String, Sendable, Codable, CaseIterable {
    /// Read or list.
    case view
    /// Create a new one.
    case create
    /// Change an existing one.
    case update
    /// Delete, withdraw or revoke.
    case delete
    /// Accept or acknowledge (an agreement, a shared IDP, a report).
    case acknowledge
}
