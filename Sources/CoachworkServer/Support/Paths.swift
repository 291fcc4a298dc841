import Foundation

/// Every page path in one typed place: controllers register these and views link to them.
enum Paths {
    static let home = "/"
    static let signIn = "/signin"
    static let signOut = "/signout"
    /// Where a person asks for a new sign-in link.
    static let requestLink = "/signin/link"
    static let password = "/account/password"
    /// The form to choose a password after opening an emailed account link (the token is kept in
    /// the session, so this URL carries none).
    static let setPassword = "/account/set-password"
    /// "Forgot your password?": where an admin or coach asks for a reset link.
    static let passwordReset = "/account/reset"
    static let tokens = "/account/tokens"
    static let users = "/admin/users"
    static let outbox = "/admin/outbox"
    static let settings = "/admin/settings"
    /// What the retention periods would delete now (a dry run) and the button to apply them.
    static let retention = "/admin/retention"
    /// Erasing a person on request: an email address, a preview, a confirmation.
    static let erasure = "/admin/erasure"
    /// The audit trail: the whole practice's for the admin, their engagements' for a coach.
    static let audit = "/audit"
    static let competencyModels = "/competency-models"
    static let people = "/people"
    /// The CSV import of people (form, preview, import).
    static let importPeople = "/people/import"
    static let stylesheet = "/styles.css"
    static let engagements = "/engagements"
    static let newEngagement = "/engagements/new"
    /// The API's outbox list (for its `Link` header).
    static let apiOutbox = "/api/v1/outbox"
    /// The API's audit trail list (for its `Link` header).
    static let apiAudit = "/api/v1/audit"

    static func engagement(_ id: UUID) -> String { "\(engagements)/\(id)" }
    static func competencyModel(_ id: UUID) -> String { "\(competencyModels)/\(id)" }
    /// The CSV import of an engagement's stakeholders.
    static func importStakeholders(_ id: UUID) -> String { "\(engagement(id))/stakeholders/import" }
    static func agreement(_ id: UUID) -> String { "\(engagement(id))/agreement" }
    static func idp(_ id: UUID) -> String { "\(engagement(id))/idp" }
    static func handover(_ id: UUID) -> String { "\(engagement(id))/handover" }
    /// Erasing an ended engagement (admin): the preview and the confirmation.
    static func engagementErasure(_ id: UUID) -> String { "\(engagement(id))/erase" }
    /// Where the coach or the client ticks the status of one IDP action.
    static func idpActionStatus(_ id: UUID, _ action: UUID) -> String { "\(idp(id))/actions/\(action)/status" }
    static func report(_ id: UUID) -> String { "\(engagement(id))/report" }
    /// The whole engagement as a ZIP (coach, admin).
    static func engagementExport(_ id: UUID) -> String { "\(engagement(id))/export.zip" }
    static func meeting(_ id: UUID, _ meetingID: UUID) -> String { "\(engagement(id))/meetings/\(meetingID)" }
    static func assessment(_ id: UUID, _ assessmentID: UUID) -> String { "\(engagement(id))/assessments/\(assessmentID)" }
    static func surveyRound(_ id: UUID, _ roundID: UUID) -> String { "\(engagement(id))/surveys/\(roundID)" }

    /// A personal link: `/link/<token>`.
    static func link(_ token: String) -> String { "/link/\(token)" }
    /// A reminder's one-click stop address (List-Unsubscribe).
    static func stopReminders(_ token: String) -> String { "/mail/stop/\(token)" }
    static func revokeToken(_ id: UUID) -> String { "\(tokens)/\(id)/revoke" }
    static func resetUser(_ id: UUID) -> String { "\(users)/\(id)/reset" }
    /// Where an admin re-sends an account's invitation.
    static func resendInvitation(_ id: UUID) -> String { "\(users)/\(id)/invitation" }
    /// An emailed account link (invitation or password reset): `/account/set-password/<token>`.
    static func setPassword(_ token: String) -> String { "\(setPassword)/\(token)" }
    static func sendLink(_ personID: UUID) -> String { "\(people)/\(personID)/send-link" }
    static func person(_ personID: UUID) -> String { "\(people)/\(personID)" }
    static func editPerson(_ personID: UUID) -> String { "\(people)/\(personID)/edit" }
    /// A person's data export as a ZIP (admins, for an access request).
    static func personExport(_ personID: UUID) -> String { "\(people)/\(personID)/export.zip" }
    static func retryMessage(_ id: UUID) -> String { "\(outbox)/\(id)/retry" }
}
