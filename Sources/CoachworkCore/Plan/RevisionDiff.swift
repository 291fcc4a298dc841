import Foundation

/// One named value of a ``DiffRecord``, e.g. an action's "Due date".
public struct DiffField: Sendable, Equatable {
    /// The field's name as shown, also the key that matches it across revisions.
    public var name: String
    /// The field's value as shown; an empty string counts the same as a missing field.
    public var value: String

    /// A field called `name` holding `value`.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One record of a revision, e.g. one action of an individual development plan (IDP).
public struct DiffRecord: Sendable, Equatable {
    /// Stable identity across revisions (the action's id); records with the same key are compared.
    public var key: String
    /// What to show for the record, e.g. the action's description.
    public var title: String
    /// The record's fields in display order.
    public var fields: [DiffField]

    /// A record with `key`, `title` and `fields` in display order.
    public init(key: String, title: String, fields: [DiffField] = []) {
        self.key = key
        self.title = title
        self.fields = fields
    }
}

/// One field whose value differs between two revisions of a record.
public struct FieldChange: Sendable, Equatable {
    /// The field's name.
    public var name: String
    /// The value in the older revision, "" when the field was absent there.
    public var old: String
    /// The value in the newer revision, "" when the field is absent there.
    public var new: String

    /// A change of field `name` from `old` to `new`.
    public init(name: String, old: String, new: String) {
        self.name = name
        self.old = old
        self.new = new
    }
}

/// How one record differs between two revisions. Moves are not reported.
public enum RecordChange: Sendable, Equatable {
    /// A record whose key is only in the newer revision.
    case added(DiffRecord)
    /// A record whose key is only in the older revision.
    case removed(DiffRecord)
    /// Same key, different title or fields: both titles, and the changed fields only (a field
    /// present on one side only is compared with "" on the other).
    case changed(key: String, oldTitle: String, newTitle: String, fields: [FieldChange])

    /// The key of the record concerned, e.g. to identify a row when showing the list.
    public var key: String {
        switch self {
        case .added(let record), .removed(let record): record.key
        case .changed(let key, _, _, _): key
        }
    }
}

/// One run of words in an inline text difference (``RevisionDiff/words(old:new:)``).
public enum TextSegment: Sendable, Equatable {
    /// Words in both texts.
    case same(String)
    /// Words only in the newer text.
    case inserted(String)
    /// Words only in the older text.
    case deleted(String)
}

/// Differences between two revisions of a list of records, for viewing the revision history
/// of an individual development plan (IDP).
public enum RevisionDiff {
    /// Largest `n * m` (word counts) that ``words(old:new:)`` compares word by word.
    public static let wordComparisonLimit = 250_000

    /// Compares two revisions, matching records by key.
    ///
    /// The result follows `new`: each added or changed record in its order in `new` (unchanged
    /// records are omitted, and a kept record that only moved is unchanged). Each removed record
    /// comes right after the nearest record before it in `old` that is still in `new` (so after
    /// that record's entry, or where it would be when unchanged), or first when no such record
    /// exists; removed records with the same anchor keep their order in `old`.
    ///
    /// A record is changed when its title or any field value differs; fields are matched by
    /// name, a missing field counts as "", and the changed fields are listed in the order of
    /// `new` followed by those only in `old`. Field order alone is not a change.
    ///
    /// Duplicates are not an error: when a key occurs more than once on one side (or a field
    /// name more than once in a record), the later occurrence wins, at its own position.
    public static func compare(old: [DiffRecord], new: [DiffRecord]) -> [RecordChange] {
        let oldRecords = lastOccurrences(old, key: \.key)
        let newRecords = lastOccurrences(new, key: \.key)
        let oldByKey = Dictionary(oldRecords.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let newKeys = Set(newRecords.map(\.key))

        var leadingRemoved: [RecordChange] = []
        var removedAfter: [String: [RecordChange]] = [:]
        var anchor: String?
        for record in oldRecords {
            if newKeys.contains(record.key) {
                anchor = record.key
            } else if let anchor {
                removedAfter[anchor, default: []].append(.removed(record))
            } else {
                leadingRemoved.append(.removed(record))
            }
        }

        var changes = leadingRemoved
        for record in newRecords {
            if let change = change(from: oldByKey[record.key], to: record) { changes.append(change) }
            changes += removedAfter[record.key] ?? []
        }
        return changes
    }

    /// Word-level difference of two texts for showing inline.
    ///
    /// Both texts are split at whitespace (spaces, tabs, line breaks) and compared with a
    /// longest common subsequence of words, found with the O(n·m) dynamic-programming table of
    /// Wagner & Fischer 1974 ("The String-to-String Correction Problem", JACM 21(1)), the
    /// problem `diff` solves for lines (Hunt & McIlroy 1976, "An Algorithm for Differential
    /// File Comparison", Bell Labs CSTR 41). Where words were replaced, the deleted run comes
    /// before the inserted one. Adjacent segments of one kind are merged and every segment's
    /// words are joined with single spaces, so the original spacing is not kept.
    ///
    /// Two empty (or blank) texts give `[]`. When `n * m` exceeds ``wordComparisonLimit``
    /// (texts of more than about 500 words each), the words are not compared and the result is
    /// `[.deleted(old words), .inserted(new words)]`.
    public static func words(old: String, new: String) -> [TextSegment] {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        let (n, m) = (a.count, b.count)
        if n == 0 || m == 0 || n * m > wordComparisonLimit {
            let (oldText, newText) = (a.joined(separator: " "), b.joined(separator: " "))
            return (n > 0 ? [.deleted(oldText)] : []) + (m > 0 ? [.inserted(newText)] : [])
        }

        // lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i...] and b[j...].
        let width = m + 1
        var lcs = [Int](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i * width + j] = a[i] == b[j]
                    ? lcs[(i + 1) * width + j + 1] + 1
                    : max(lcs[(i + 1) * width + j], lcs[i * width + j + 1])
            }
        }

        var runs: [(kind: Int, words: [String])] = []  // kind: 0 same, 1 deleted, 2 inserted
        func emit(_ kind: Int, _ word: String) {
            if runs.last?.kind == kind { runs[runs.count - 1].words.append(word) } else { runs.append((kind, [word])) }
        }
        var (i, j) = (0, 0)
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                emit(0, a[i]); i += 1; j += 1
            } else if i < n, j == m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                emit(1, a[i]); i += 1
            } else {
                emit(2, b[j]); j += 1
            }
        }
        let kinds: [(String) -> TextSegment] = [TextSegment.same, TextSegment.deleted, TextSegment.inserted]
        return runs.map { kinds[$0.kind]($0.words.joined(separator: " ")) }
    }

    /// The change from `old` to `new` (same key): added when there is no `old`, nil when title
    /// and field values are equal.
    private static func change(from old: DiffRecord?, to new: DiffRecord) -> RecordChange? {
        guard let old else { return .added(new) }
        let oldValues = Dictionary(old.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        let newValues = Dictionary(new.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        let names = lastOccurrences(new.fields, key: \.name).map(\.name)
            + lastOccurrences(old.fields, key: \.name).map(\.name).filter { newValues[$0] == nil }
        let fields = names.compactMap { name -> FieldChange? in
            let (before, after) = (oldValues[name] ?? "", newValues[name] ?? "")
            return before == after ? nil : FieldChange(name: name, old: before, new: after)
        }
        guard !fields.isEmpty || old.title != new.title else { return nil }
        return .changed(key: new.key, oldTitle: old.title, newTitle: new.title, fields: fields)
    }

    /// `items` without the earlier occurrences of a repeated key, otherwise in order.
    private static func lastOccurrences<T>(_ items: [T], key: (T) -> String) -> [T] {
        var seen = Set<String>()
        return items.reversed().filter { seen.insert(key($0)).inserted }.reversed()
    }
}
