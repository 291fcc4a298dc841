import Vapor
import Fluent
import CoachworkCore

/// Looking up the competency model.
enum CompetencyCatalog {
    /// The competencies of the default model's latest version, in model order (retired ones included;
    /// filter ``Competency/retiredAt`` for what new assessments may use).
    static func defaultModel(on db: any Database) async throws -> [Competency] {
        guard let model = try await CompetencyModel.query(on: db).filter(\.$name == SeedDefaultCompetencyModel.modelName)
            .sort(\.$version, .descending).first() else { return [] }
        return try await model.$competencies.query(on: db).sort(\.$position).all()
    }

    /// What a new assessment may use: the latest version of every model, with its competencies
    /// that are not retired, in model order; the default model first.
    static func offered(on db: any Database) async throws -> [(model: CompetencyModel, competencies: [Competency])] {
        let models = try await CompetencyModel.query(on: db).sort(\.$name).sort(\.$version, .descending).all()
        var latest: [String: CompetencyModel] = [:]
        for model in models where latest[model.name] == nil { latest[model.name] = model }
        let ordered = latest.values.sorted {
            ($0.name == SeedDefaultCompetencyModel.modelName ? 0 : 1, $0.name) < ($1.name == SeedDefaultCompetencyModel.modelName ? 0 : 1, $1.name)
        }
        var result: [(CompetencyModel, [Competency])] = []
        for model in ordered {
            let competencies = try await model.$competencies.query(on: db).filter(\.$retiredAt == nil).sort(\.$position).all()
            if !competencies.isEmpty { result.append((model, competencies)) }
        }
        return result
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
