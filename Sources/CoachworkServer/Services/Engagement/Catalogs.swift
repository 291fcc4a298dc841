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
    /// One page of the engagements `actor` may see, newest first (ties by id, so pages never overlap).
    /// - Throws: the database's error.
    static func page(for actor: Actor, _ request: PageRequest, on db: any Database) async throws -> Page<Engagement> {
        try await query(for: actor, on: db).sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .page(withIndex: request.page, size: request.per)
    }

    /// The engagements `actor` may see: all for an admin, their own for a coach, those a person takes
    /// part in (client, sponsor, HR partner, senior executive).
    static func query(for actor: Actor, on db: any Database) throws -> QueryBuilder<Engagement> {
        let query = Engagement.query(on: db)
        switch actor {
        case .user(let user):
            if user.accountRole == .admin { return query }
            return query.filter(\.$coach.$id == (try user.requireID()))
        case .person(let person):
            let id = try person.requireID()
            return query.group(.or) {
                $0.filter(\.$client.$id == id).filter(\.$sponsor.$id == id).filter(\.$hrPartner.$id == id).filter(\.$seniorExecutive.$id == id)
            }
        }
    }

    /// Names of the clients and coaches of `engagements`, in two queries: person id -> name, user id -> name.
    static func names(of engagements: [Engagement], on db: any Database) async throws -> (clients: [UUID: String], coaches: [UUID: String]) {
        guard !engagements.isEmpty else { return ([:], [:]) }
        let clients = try await Person.query(on: db).filter(\.$id ~~ Set(engagements.map(\.$client.id))).all()
        let coaches = try await User.query(on: db).filter(\.$id ~~ Set(engagements.map(\.$coach.id))).all()
        return (Dictionary(uniqueKeysWithValues: clients.map { ($0.id!, $0.name) }),
                Dictionary(uniqueKeysWithValues: coaches.map { ($0.id!, $0.name) }))
    }
}
