/// A role a person plays (DOMAIN.md, "People and roles").
///
/// `admin` and `coach` are account roles held by password users. `client`, `sponsor`,
/// `hrPartner` and `stakeholder` are roles a person plays *in one engagement*; the same
/// person may be a client in one engagement and a sponsor in another, so the server
/// derives these per engagement before asking the ``AccessPolicy``.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Runs the coaching practice or programme.
    case admin
    /// The professional running engagements.
    case coach
    /// The executive being coached.
    case client
    /// The client's manager or sponsoring senior executive.
    case sponsor
    /// The HR representative of the client's organisation.
    case hrPartner = "hr_partner"
    /// A colleague who gives feedback through personal links only.
    case stakeholder

    /// Label shown to people, e.g. "HR partner".
    public var title: String {
        switch self {
        case .admin: "Admin"
        case .coach: "Coach"
        case .client: "Client"
        case .sponsor: "Sponsor"
        case .hrPartner: "HR partner"
        case .stakeholder: "Stakeholder"
        }
    }

    /// Roles that sign in with a password account (the others use personal links).
    public static let accountRoles: [Role] = [.admin, .coach]
}
