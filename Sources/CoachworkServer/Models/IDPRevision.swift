import Fluent
import Vapor

/// One revision of the individual development plan. Revisions are never changed once
/// finalised: a correction is a new revision with its reason, and earlier ones are kept.
final class IDPRevision: Model, @unchecked Sendable {
    static let schema = "idp_revisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "revision") var revision: Int
    /// Why this revision exists (nil for the first).
    @OptionalField(key: "reason") var reason: String?
    /// JSON array of ``IDPItem``.
    @Field(key: "items_json") var itemsJSON: String
    /// `draft` or `finalised`.
    @Field(key: "status") var status: String
    @OptionalField(key: "finalised_at") var finalisedAt: Date?
    @OptionalField(key: "shared_at") var sharedAt: Date?
    /// The mini-survey round whose results prompted this correction, if any.
    @OptionalField(key: "survey_round_id") var surveyRoundID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var items: [IDPItem] {
        (try? JSONDecoder().decode([IDPItem].self, from: Data(itemsJSON.utf8))) ?? []
    }
}

/// One line of the IDP: an action for a target competency.
struct IDPItem: Codable, Sendable, Equatable {
    /// Stable across revisions, so the history can show what changed in each action
    /// (nil only in plans saved before actions had ids).
    var id: UUID?
    var competencyID: UUID
    var action: String
    /// `YYYY-MM-DD`.
    var dueDate: String
    var successMeasure: String
    var supportNeeded: String
    /// Goals of the agreement this action serves.
    var goalIDs: [UUID]
    /// Who carries the action out (e.g. "Client", "Coach", "Sponsor"); nil in older plans means the client.
    var owner: String?
    /// One of ``IDPItem/statuses``; nil in older plans means planned.
    var status: String?

    /// The item without its id, for telling whether a revision changes anything.
    /// Goals are compared as a set (their order carries no meaning).
    var comparable: IDPItem {
        var copy = self
        copy.id = nil; copy.owner = owner ?? "Client"; copy.status = status ?? "planned"
        copy.goalIDs = goalIDs.sorted { $0.uuidString < $1.uuidString }
        return copy
    }

    /// ``comparable`` without the status, for telling a status-only change (a tick) from a change of the plan.
    var withoutStatus: IDPItem { var copy = comparable; copy.status = nil; return copy }

    /// The statuses an action moves through.
    static let statuses = ["planned", "in_progress", "done", "dropped"]

    /// Plain words for a status code.
    static func statusTitle(_ code: String?) -> String {
        switch code ?? "planned" {
        case "in_progress": "In progress"
        case "done": "Done"
        case "dropped": "Dropped"
        default: "Planned"
        }
    }
}

/// A sponsor's or HR partner's acknowledgement of a shared IDP revision.
final class IDPAcknowledgement: Model, @unchecked Sendable {
    static let schema = "idp_acknowledgements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "idp_revision_id") var revision: IDPRevision
    @Parent(key: "person_id") var person: Person
    @Field(key: "party") var party: String
    @Field(key: "acknowledged_at") var acknowledgedAt: Date

    init() {}
}
