import Fluent
import Vapor

/// A named, versioned set of competencies grouped in clusters. An engagement's assessment
/// pins the model version it uses.
final class CompetencyModel: Model, @unchecked Sendable {
    static let schema = "competency_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "version") var version: Int
    /// How this version came to be: `seeded`, `imported` or `edited` (NULL for the first seed).
    @OptionalField(key: "source") var source: String?
    @Children(for: \.$model) var competencies: [Competency]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One competency of a model, e.g. "Leading Change / Resilience".
final class Competency: Model, @unchecked Sendable {
    static let schema = "competencies"

    @ID(key: .id) var id: UUID?
    @Parent(key: "model_id") var model: CompetencyModel
    @Field(key: "cluster") var cluster: String
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "position") var position: Int
    /// Set when the competency is retired: it stays in past results but is not offered for new assessments.
    @OptionalField(key: "retired_at") var retiredAt: Date?
    @Children(for: \.$competency) var items: [CompetencyItem]

    init() {}
}

/// One behaviour statement of a competency, rated 1-5 in a 360 (e.g. "Invites dissenting views before deciding").
/// A competency without items is rated on its description, as one item.
final class CompetencyItem: Model, @unchecked Sendable {
    static let schema = "competency_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "competency_id") var competency: Competency
    @Field(key: "text") var text: String
    @Field(key: "position") var position: Int

    init() {}
}
