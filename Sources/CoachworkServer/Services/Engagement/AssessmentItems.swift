import Vapor
import Fluent
import CoachworkCore

/// One statement a rater scores in a 360: a behaviour item of a competency, or the
/// competency's description when it has no items.
struct RatedItem: Sendable {
    let competencyID: UUID
    /// `nil` when the competency itself is rated (it has no items).
    let itemID: UUID?
    let text: String

    /// The key of the item in forms and in ``Rating/itemID``: the item id, or the competency id when none.
    var key: String { (itemID ?? competencyID).uuidString }
}

/// A competency of an assessment with the statements rated under it, in the order asked.
struct AssessedCompetency: Sendable {
    let competency: Competency
    let items: [RatedItem]
}

enum AssessmentItems {
    /// The competencies of `ids` (in that order, unknown ids skipped) with their rated items.
    static func load(_ ids: [UUID], on db: any Database) async throws -> [AssessedCompetency] {
        guard !ids.isEmpty else { return [] }
        let competencies = try await Competency.query(on: db).filter(\.$id ~~ ids).all()
        let items = try await CompetencyItem.query(on: db).filter(\.$competency.$id ~~ ids)
            .sort(\.$position).all()
        let itemsOf = Dictionary(grouping: items, by: { $0.$competency.id })
        let byID = Dictionary(uniqueKeysWithValues: competencies.map { ($0.id!, $0) })
        return ids.compactMap { id in
            guard let competency = byID[id] else { return nil }
            let own = (itemsOf[id] ?? []).map { RatedItem(competencyID: id, itemID: $0.id, text: $0.text) }
            return AssessedCompetency(
                competency: competency,
                items: own.isEmpty ? [RatedItem(competencyID: id, itemID: nil, text: competency.description)] : own)
        }
    }
}
