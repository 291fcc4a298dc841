import Fluent
import Vapor

/// A named, versioned set of competencies grouped in clusters. An engagement's assessment
/// pins the model version it uses.
final class CompetencyModel: Model, @unchecked Sendable {
    static let schema = "competency_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "version") var version: Int
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

    init() {}
}
