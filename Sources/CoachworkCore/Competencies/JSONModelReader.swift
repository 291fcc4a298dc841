import Foundation

/// Walks a parsed JSON value (from `JSONSerialization`) into a draft, collecting every issue with its JSON path;
/// see ``CompetencyModelImport/fromJSON(_:fallbackName:)`` for the rules.
struct JSONModelReader {
    private typealias Import = CompetencyModelImport
    /// The issues found so far, in the order found.
    private(set) var issues: [ImportIssue] = []
    private var clusterPaths: [String: String] = [:]      // cluster key -> path of its first use
    private var competencyPaths: [String: String] = [:]   // competency key -> path of its first use

    /// The draft read from `root` (the document's top-level value); check ``issues`` before using it.
    mutating func read(_ root: Any, fallbackName: String) -> CompetencyModelDraft {
        guard let object = root as? [String: Any] else {
            issue(nil, "The file must hold one JSON object: {\"name\": \"…\", \"clusters\": […]}.")
            return CompetencyModelDraft(name: "", clusters: [])
        }
        checkKeys(object, allowed: ["name", "clusters"], path: "")
        let given = text(object["name"], path: "name") ?? ""
        let name = Import.modelName(given.isEmpty ? fallbackName : given, field: "name", issues: &issues)
        let before = issues.count
        let clusters = list(object["clusters"], path: "clusters") ?? []
        if clusters.isEmpty && issues.count == before {
            issues.append(Import.noCompetencies(field: "clusters",
                hint: "Add a \"clusters\" list holding at least one cluster with one competency."))
        }
        let drafts = clusters.enumerated().compactMap { readCluster($1, path: "clusters[\($0)]") }
        return CompetencyModelDraft(name: name, clusters: drafts)
    }

    private mutating func readCluster(_ value: Any, path: String) -> CompetencyModelDraft.Cluster? {
        guard let object = dictionary(value, path: path) else { return nil }
        checkKeys(object, allowed: ["name", "competencies"], path: path)
        let name = requiredName(object["name"], path: path + ".name", label: "cluster", firstUses: \.clusterPaths)
        let before = issues.count
        let competencies = list(object["competencies"], path: path + ".competencies") ?? []
        if competencies.isEmpty && issues.count == before {
            issue(path + ".competencies", "The cluster \(name.isEmpty ? "" : Import.quoted(name) + " ")has no competencies. "
                + "Add at least one, or remove the cluster.")
        }
        let drafts = competencies.enumerated().compactMap { readCompetency($1, path: path + ".competencies[\($0)]") }
        return CompetencyModelDraft.Cluster(name: name, competencies: drafts)
    }

    private mutating func readCompetency(_ value: Any, path: String) -> CompetencyDraft? {
        guard let object = dictionary(value, path: path) else { return nil }
        checkKeys(object, allowed: ["name", "description", "items"], path: path)
        let name = requiredName(object["name"], path: path + ".name", label: "competency", firstUses: \.competencyPaths)
        let description = text(object["description"], path: path + ".description") ?? ""
        checkLength(description, limit: Import.maxTextLength, label: "The description", path: path + ".description")
        var items: [String] = []
        var itemPaths: [String: String] = [:]
        for (index, value) in (list(object["items"], path: path + ".items") ?? []).enumerated() {
            let itemPath = path + ".items[\(index)]"
            guard let item = text(value, path: itemPath) else { continue }
            if item.isEmpty {
                issue(itemPath, "This item is blank. Write the behaviour to rate, or remove it.")
            } else if let first = itemPaths[Import.key(item)] {
                issue(itemPath, "The item \(Import.quoted(item)) repeats \(first). Remove the repeated item.")
            } else {
                itemPaths[Import.key(item)] = itemPath
                checkLength(item, limit: Import.maxTextLength, label: "The item", path: itemPath)
                items.append(item)
            }
        }
        return CompetencyDraft(name: name, description: description, items: items)
    }

    /// A cluster or competency name: present, at most the name limit and not used before (as recorded in `firstUses`).
    private mutating func requiredName(
        _ value: Any?, path: String, label: String, firstUses: WritableKeyPath<Self, [String: String]>
    ) -> String {
        guard let name = text(value, path: path) else {
            if value == nil || value is NSNull { issue(path, "The \(label) has no name. Add a \"name\".") }
            return ""
        }
        if name.isEmpty {
            issue(path, "The \(label) name is blank. Enter a name.")
        } else if let first = self[keyPath: firstUses][Import.key(name)] {
            issue(path, "The \(label) name \(Import.quoted(name)) is already used at \(first). "
                + "\(label.capitalized) names must be unique within a model: rename or remove one.")
        } else {
            self[keyPath: firstUses][Import.key(name)] = path
            checkLength(name, limit: Import.maxNameLength, label: "The \(label) name", path: path)
        }
        return name
    }

    // MARK: Types

    /// A normalised string; nil when absent, `null` or not a string (the last is an issue).
    private mutating func text(_ value: Any?, path: String) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let string = value as? String else {
            issue(path, "This must be text in double quotes.")
            return nil
        }
        return TextInput.normalized(string)
    }

    /// An array; nil when absent, `null` or not an array (the last is an issue).
    private mutating func list(_ value: Any?, path: String) -> [Any]? {
        guard let value, !(value is NSNull) else { return nil }
        guard let array = value as? [Any] else {
            issue(path, "This must be a list in square brackets: [ … ].")
            return nil
        }
        return array
    }

    /// An object, or nil with an issue.
    private mutating func dictionary(_ value: Any, path: String) -> [String: Any]? {
        guard let object = value as? [String: Any] else {
            issue(path, "This must be an object in braces: { \"name\": … }.")
            return nil
        }
        return object
    }

    private mutating func checkKeys(_ object: [String: Any], allowed: [String], path: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            issue(path.isEmpty ? key : path + "." + key,
                  "Unknown key \(Import.quoted(key)). Use only \(allowed.joined(separator: ", ")), or remove it.")
        }
    }

    private mutating func checkLength(_ value: String, limit: Int, label: String, path: String) {
        if let issue = Import.lengthIssue(value, limit: limit, label: label, line: nil, field: path) { issues.append(issue) }
    }

    private mutating func issue(_ path: String?, _ message: String) {
        issues.append(ImportIssue(line: nil, field: path, message: message))
    }
}
