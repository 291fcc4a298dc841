import Fluent
import Vapor

/// Someone who takes part in engagements without a password: a client, sponsor, HR partner
/// or senior executive. They sign in through a personal link emailed to them.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    // Identity
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    // Data
    @Field(key: "name") var name: String
    @OptionalField(key: "organisation") var organisation: String?
    /// E.g. "VP Operations" (migration 013).
    @OptionalField(key: "job_title") var jobTitle: String?
    /// IANA time zone in which this person sees times.
    @Field(key: "time_zone") var timeZone: String
    // References
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// When the person's details were replaced on an erasure request (migration 016).
    @OptionalField(key: "erased_at") var erasedAt: Date?

    init() {}

    init(email: String, name: String, organisation: String?, timeZone: String, createdByID: UUID?) {
        self.email = email
        self.name = name
        self.organisation = organisation
        self.timeZone = timeZone
        self.$createdBy.id = createdByID
    }
}
