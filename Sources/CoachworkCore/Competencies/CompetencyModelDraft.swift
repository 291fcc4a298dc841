import Foundation

/// A competency model as read from an import file, before it is stored and versioned (DOMAIN.md, "Competency model").
///
/// Shape: a named model holding clusters in order, each cluster holding competencies in order, each competency
/// holding the behaviour statements (items) that stakeholders rate in a 360 on ``RatingScale``.
///
/// Build one with ``CompetencyModelImport/fromCSV(records:name:)`` or ``CompetencyModelImport/fromJSON(_:fallbackName:)``,
/// which normalise and validate every field. The memberwise initialisers apply no rules. `Codable` is for storage
/// (every key present, as encoded); to read a file that people wrote, use the import, which reports problems.
public struct CompetencyModelDraft: Sendable, Equatable, Codable {
    /// Display name of the model, e.g. `"Leadership (default)"`; at most ``CompetencyModelImport/maxNameLength``.
    public var name: String
    /// The clusters in the order they first appear in the source.
    public var clusters: [Cluster]

    /// A named group of competencies, e.g. "Leading People".
    public struct Cluster: Sendable, Equatable, Codable {
        /// Display name, unique within the model (compared ignoring case and extra whitespace).
        public var name: String
        /// The competencies in the order they first appear in the source; never empty after an import.
        public var competencies: [CompetencyDraft]

        /// Creates a cluster as given (no rules applied).
        public init(name: String, competencies: [CompetencyDraft]) {
            self.name = name
            self.competencies = competencies
        }
    }

    /// Creates a model as given (no rules applied).
    public init(name: String, clusters: [Cluster]) {
        self.name = name
        self.clusters = clusters
    }

    /// Number of competencies over all clusters.
    public var competencyCount: Int {
        clusters.reduce(0) { $0 + $1.competencies.count }
    }

    /// Number of explicit behaviour statements (``CompetencyDraft/items``) over all competencies. A competency
    /// without items adds 0 here although a 360 still rates it once (see ``CompetencyDraft/ratedItems``).
    public var itemCount: Int {
        clusters.reduce(0) { total, cluster in
            total + cluster.competencies.reduce(0) { $0 + $1.items.count }
        }
    }
}

/// One competency of a ``CompetencyModelDraft``, e.g. "Conflict Management".
public struct CompetencyDraft: Sendable, Equatable, Codable {
    /// Display name, unique within the whole model (not just its cluster), compared ignoring case and extra
    /// whitespace; at most ``CompetencyModelImport/maxNameLength`` characters.
    public var name: String
    /// One or two sentences saying what the competency means; `""` when none. At most
    /// ``CompetencyModelImport/maxTextLength`` characters.
    public var description: String
    /// Behaviour statements rated in a 360, e.g. "Invites dissenting views before deciding", in source order and
    /// without duplicates. May be empty: see ``ratedItems``.
    public var items: [String]

    /// Creates a competency as given (no rules applied).
    public init(name: String, description: String = "", items: [String] = []) {
        self.name = name
        self.description = description
        self.items = items
    }

    /// The statements a 360 asks raters to score: ``items``, or when there are none, the ``description`` as the
    /// single item (or the ``name`` when the description is empty too), so every competency is rated at least once.
    public var ratedItems: [String] {
        guard items.isEmpty else { return items }
        return [description.isEmpty ? name : description]
    }
}
