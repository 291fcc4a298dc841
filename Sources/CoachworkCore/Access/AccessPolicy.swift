import Foundation

/// The state of an engagement that changes what its parties may see.
public struct AccessContext: Sendable, Equatable {
    /// The IDP is finalised and shared with sponsor and HR partner.
    public var idpShared: Bool
    /// The final report is released to sponsor and HR partner (after client approval).
    public var finalReportReleased: Bool
    /// The actor is listed as attending the meeting in question (for ``Resource/meetingDetails``).
    public var attendsMeeting: Bool
    /// The client chose to share the competency-level figures of the 360 in question with sponsor and HR partner
    /// (for ``Resource/sharedAssessmentFigures``).
    public var assessmentFiguresShared: Bool
    /// The client owns the IDP action in question (``ActionOwner/isClients(_:clientName:)``; for
    /// ``Resource/idpActionStatus``).
    public var ownsIDPAction: Bool
    /// Creates a context; defaults describe an engagement where nothing is shared yet.
    public init(idpShared: Bool = false, finalReportReleased: Bool = false, attendsMeeting: Bool = false,
                assessmentFiguresShared: Bool = false, ownsIDPAction: Bool = false) {
        self.idpShared = idpShared
        self.finalReportReleased = finalReportReleased
        self.attendsMeeting = attendsMeeting
        self.assessmentFiguresShared = assessmentFiguresShared
        self.ownsIDPAction = ownsIDPAction
    }
}

/// The outcome of an access check.
public enum AccessDecision: Sendable, Equatable {
    /// The action is allowed.
    case allow
    /// The action is refused; `reason` is plain words safe to show the actor.
    case deny(reason: String)

    /// `true` for ``allow``.
    public var isAllowed: Bool { self == .allow }
}

/// The one access policy of the product (DOMAIN.md, "People and roles"):
/// role x action x resource (x engagement state) -> allow or deny.
///
/// Controllers ask it and never re-implement it. `role` is `nil` when the actor has no
/// role at all towards the resource (for instance a coach looking at another coach's
/// engagement), which is always denied.
public struct AccessPolicy: Sendable {
    /// Creates the policy. It holds no state; settings will join as the practice grows.
    public init() {}

    /// Decides whether `role` may perform `action` on `resource` in `context`.
    public func decide(
        _ role: Role?, _ action: Action, _ resource: Resource, context: AccessContext = AccessContext()
    ) -> AccessDecision {
        guard let role else { return .deny(reason: "You have no part in this.") }
        let allowed = Self.rules(role: role, resource: resource, context: context).contains(action)
        return allowed ? .allow : .deny(reason: "Your role (\(role.title.lowercased())) does not allow you to \(action.rawValue) \(resource.words).")
    }

    /// Shorthand for `decide(...).isAllowed`.
    public func allows(
        _ role: Role?, _ action: Action, _ resource: Resource, context: AccessContext = AccessContext()
    ) -> Bool {
        decide(role, action, resource, context: context).isAllowed
    }

    /// Whether a personal rater form (a 360-degree questionnaire or a mini-survey) may be shown
    /// or submitted in a browser where `signedInEmail` is signed in.
    ///
    /// A rater's answers must be their own: the client (or sponsor, HR partner, coach) must never
    /// answer as a rater of the client's own 360 or survey. Stakeholders have no account, so the
    /// one identity a browser carries is its sign-in: the form is refused while anyone other than
    /// its rater is signed in (the client's self-rating belongs to the client).
    /// - Parameters:
    ///   - raterEmail: the email the link was sent to.
    ///   - signedInEmail: the signed-in actor's email, `nil` when nobody is signed in.
    public func decideRaterForm(raterEmail: String, signedInEmail: String?) -> AccessDecision {
        guard let signedInEmail, signedInEmail.lowercased() != raterEmail.lowercased() else { return .allow }
        return .deny(reason: "This form was sent to someone else, and only they may answer it: feedback must come from the person it was asked of. You are signed in as someone else in this browser; nothing was recorded.")
    }

    private static let all: Set<Action> = Set(Action.allCases)
    private static let none: Set<Action> = []
    private static let read: Set<Action> = [.view]
    private static let ownRecord: Set<Action> = [.view, .update]
    private static let acknowledge: Set<Action> = [.view, .acknowledge]

    // The table of DOMAIN.md. Why each denial matters: private notes, raw interview notes and
    // individual responses are the confidentiality promise; the admin runs the practice but
    // is never shown a coach's private notes or who said what. The 360 report is the client's:
    // coach and client read it in full; sponsor and HR partner read only what the client shared;
    // the admin sees an assessment's progress (engagement metadata), not its results.
    private static func rules(role: Role, resource: Resource, context: AccessContext) -> Set<Action> {
        switch (role, resource) {
        case (.admin, .userAccount), (.admin, .person), (.admin, .outbox), (.admin, .practiceSettings),
             (.admin, .competencyModel): all
        // A data subject's request is answered by the practice (the admin), never by a coach: the export holds the
        // person's own 360 and survey answers, which no coach may read attributed.
        case (.admin, .personalDataExport): read
        case (.coach, .personalDataExport): none
        // The admin exports any engagement, the coach their own; what goes in follows each part's rule.
        case (.admin, .engagementExport): read
        case (.coach, .practiceSettings): read
        // Models are the practice's: the admin curates them, coaches use them.
        case (.coach, .competencyModel): read
        case (.admin, .ownAccount), (.coach, .ownAccount): ownRecord
        case (.admin, .apiToken), (.coach, .apiToken): [.view, .create, .delete]
        case (.coach, .person): [.view, .create, .update]
        case (.admin, .engagement), (.admin, .agreement), (.admin, .stakeholderList),
             (.admin, .aggregateResults), (.admin, .idp), (.admin, .finalReport),
             (.admin, .phase), (.admin, .auditTrail), (.admin, .engagementMail): read
        // A coach who leaves cannot be asked to hand over: the admin reassigns the engagement.
        case (.admin, .coachAssignment): [.view, .update]
        // Erasure cannot be undone: the admin answers the request; a coach asks the admin.
        case (.admin, .personErasure), (.admin, .engagementErasure): [.view, .delete]
        case (.coach, .personErasure), (.coach, .engagementErasure): none
        case (.admin, _): none
        case (.coach, .userAccount), (.coach, .outbox): none
        case (.coach, .selfRating), (.coach, .individualResponses), (.coach, .auditTrail),
             (.coach, .sharedAssessmentFigures): read
        // The coach drafts the summary; approving and sharing it is the client's alone.
        case (.coach, .sharedAssessmentSummary): [.view, .create, .update]
        case (.coach, _): all
        case (.client, .engagement), (.client, .sharedNotes), (.client, .aggregateResults),
             (.client, .selfRating), (.client, .assessmentReport), (.client, .surveyComments): read
        // The client writes or edits the summary, approves it and chooses whether to share the figures.
        case (.client, .sharedAssessmentSummary): [.view, .update, .acknowledge]
        case (.client, .sharedAssessmentFigures): acknowledge
        // The client proposes raters; a proposal waits for the sponsor's (or coach's) approval.
        case (.client, .stakeholderList): [.view, .create]
        case (.client, .agreement): acknowledge
        case (.client, .actionItems): ownRecord
        case (.client, .idp): read
        // The client marks their own actions done (DOMAIN.md: the client carries out the plan); an action the
        // coach or sponsor owns is theirs to tick. Sponsor and HR partner read statuses with the IDP, never tick.
        case (.client, .idpActionStatus): context.ownsIDPAction ? ownRecord : read
        case (.client, .finalReport): acknowledge
        case (.sponsor, .engagement), (.hrPartner, .engagement): read
        case (.sponsor, .agreement): acknowledge
        case (.hrPartner, .agreement): read
        case (.sponsor, .aggregateResults), (.hrPartner, .aggregateResults): read
        case (.sponsor, .sharedAssessmentSummary), (.hrPartner, .sharedAssessmentSummary): read
        case (.sponsor, .sharedAssessmentFigures), (.hrPartner, .sharedAssessmentFigures):
            context.assessmentFiguresShared ? read : none
        case (.sponsor, .idp), (.hrPartner, .idp): context.idpShared ? acknowledge : none
        case (.sponsor, .finalReport), (.hrPartner, .finalReport):
            context.finalReportReleased ? read : none
        case (.sponsor, .stakeholderList): [.view, .update]
        // The HR partner reads the list (names and relationships) like the sponsor, without approving it.
        case (.hrPartner, .stakeholderList): read
        // Invitations link to the meeting: whoever attends may open its time, place and objective.
        case (.client, .meetingDetails), (.sponsor, .meetingDetails), (.hrPartner, .meetingDetails): context.attendsMeeting ? read : none
        default: none
        }
    }
}

extension Resource {
    /// The resource in plain words, e.g. "private notes".
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
