import Vapor
import Fluent
import CoachworkCore

/// Looking up the competency model.
enum CompetencyCatalog {
    /// The competencies of the default model's latest version, in model order.
    static func defaultModel(on db: any Database) async throws -> [Competency] {
        guard let model = try await CompetencyModel.query(on: db).filter(\.$name == SeedDefaultCompetencyModel.modelName)
            .sort(\.$version, .descending).first() else { return [] }
        return try await model.$competencies.query(on: db).sort(\.$position).all()
    }

    /// Competency id (uuid string) -> name.
    static func names(_ ids: [UUID], on db: any Database) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await Competency.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!.uuidString, $0.name) })
    }
}

/// Which engagements an actor sees in lists: a coach their own, an admin all, a person
/// those in which they are client, sponsor, senior executive or HR partner.
enum EngagementCatalog {
    static func visible(to actor: Actor, on db: any Database) async throws -> [Engagement] {
        let query = Engagement.query(on: db).sort(\.$createdAt, .descending)
        switch actor {
        case .user(let user):
            if user.accountRole == .admin { return try await query.all() }
            return try await query.filter(\.$coach.$id == user.requireID()).all()
        case .person(let person):
            let id = try person.requireID()
            return try await query.group(.or) {
                $0.filter(\.$client.$id == id).filter(\.$sponsor.$id == id).filter(\.$hrPartner.$id == id).filter(\.$seniorExecutive.$id == id)
            }.all()
        }
    }
}
