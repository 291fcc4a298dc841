import Foundation

/// Merges CSV rows (one per competency or per item) into clusters and competencies in order of first appearance,
/// reporting conflicts; see ``CompetencyModelImport/fromCSV(records:name:)`` for the rules.
struct CSVModelBuilder {
    /// A competency being assembled, with the lines that introduced its parts (for messages).
    private struct Entry {
        var competency: CompetencyDraft
        var line: Int
        var descriptionLine: Int?
        var itemLines: [String: Int] = [:]   // item key -> line
    }

    /// A cluster being assembled.
    private struct ClusterEntry {
        var name: String
        var entries: [Entry] = []
        var index: [String: Int] = [:]       // competency key -> position in entries
    }

    private var clusterEntries: [ClusterEntry] = []
    private var clusterIndex: [String: Int] = [:]                  // cluster key -> position
    private var owner: [String: (cluster: String, line: Int)] = [:] // competency key -> first cluster key and line
    private var reportedElsewhere = Set<String>()                  // "cluster key|competency key" already reported

    /// Adds one valid row, appending an issue instead when it conflicts with earlier rows.
    mutating func add(_ row: CSVRow, issues: inout [ImportIssue]) {
        typealias Import = CompetencyModelImport
        let clusterKey = Import.key(row.cluster)
        let competencyKey = Import.key(row.competency)
        if let first = owner[competencyKey], first.cluster != clusterKey {
            if reportedElsewhere.insert(clusterKey + "|" + competencyKey).inserted {
                let otherName = clusterEntries[clusterIndex[first.cluster]!].name
                issues.append(ImportIssue(line: row.line, field: "competency", message:
                    "The competency \(Import.quoted(row.competency)) is already in the cluster \(Import.quoted(otherName)) "
                    + "(line \(first.line)). Competency names must be unique within a model: rename one, or put all its "
                    + "rows in one cluster."))
            }
            return
        }
        owner[competencyKey] = owner[competencyKey] ?? (clusterKey, row.line)

        if clusterIndex[clusterKey] == nil {
            clusterIndex[clusterKey] = clusterEntries.count
            clusterEntries.append(ClusterEntry(name: row.cluster))
        }
        let clusterPosition = clusterIndex[clusterKey]!
        if clusterEntries[clusterPosition].index[competencyKey] == nil {
            clusterEntries[clusterPosition].index[competencyKey] = clusterEntries[clusterPosition].entries.count
            clusterEntries[clusterPosition].entries.append(
                Entry(competency: CompetencyDraft(name: row.competency), line: row.line))
        }
        let position = clusterEntries[clusterPosition].index[competencyKey]!
        Self.merge(row, into: &clusterEntries[clusterPosition].entries[position], issues: &issues)
    }

    /// Adds the row's description and item to an entry of the same competency.
    private static func merge(_ row: CSVRow, into entry: inout Entry, issues: inout [ImportIssue]) {
        typealias Import = CompetencyModelImport
        let name = Import.quoted(entry.competency.name)
        if !row.description.isEmpty {
            if let firstLine = entry.descriptionLine {
                if Import.key(entry.competency.description) != Import.key(row.description) {
                    issues.append(ImportIssue(line: row.line, field: "description", message:
                        "The competency \(name) already has a different description (line \(firstLine)). Give each "
                        + "competency one description: leave it blank on its other rows or make them identical."))
                }
            } else {
                entry.competency.description = row.description
                entry.descriptionLine = row.line
            }
        }
        guard !row.item.isEmpty else { return }
        let itemKey = Import.key(row.item)
        if let firstLine = entry.itemLines[itemKey] {
            issues.append(ImportIssue(line: row.line, field: "item", message:
                "The item \(Import.quoted(row.item)) is already listed for \(name) (line \(firstLine)). Remove the repeated item."))
        } else {
            entry.itemLines[itemKey] = row.line
            entry.competency.items.append(row.item)
        }
    }

    /// The clusters assembled so far, in order of first appearance.
    func clusters() -> [CompetencyModelDraft.Cluster] {
        clusterEntries.map { cluster in
            CompetencyModelDraft.Cluster(name: cluster.name, competencies: cluster.entries.map(\.competency))
        }
    }
}
