import Testing
@testable import CoachworkCore

@Suite struct RevisionDiffTests {
    /// An IDP action with a title and fields given as (name, value) pairs.
    private func action(_ key: String, _ title: String, _ fields: [(String, String)] = []) -> DiffRecord {
        DiffRecord(key: key, title: title, fields: fields.map { DiffField(name: $0.0, value: $0.1) })
    }

    private let a = DiffRecord(key: "a", title: "Ask three peers for feedback", fields: [DiffField(name: "Due", value: "2025-03-01")])
    private let b = DiffRecord(key: "b", title: "Delegate the budget review", fields: [DiffField(name: "Due", value: "2025-04-01")])
    private let c = DiffRecord(key: "c", title: "Hold a weekly 1:1 with each director")
    private let d = DiffRecord(key: "d", title: "Read two books on influence")

    /// `record` with a new title, to make a kept record changed.
    private func retitled(_ record: DiffRecord) -> DiffRecord {
        DiffRecord(key: record.key, title: record.title + " (revised)", fields: record.fields)
    }

    /// The change ``retitled(_:)`` makes.
    private func retitling(_ record: DiffRecord) -> RecordChange {
        .changed(key: record.key, oldTitle: record.title, newTitle: record.title + " (revised)", fields: [])
    }

    // MARK: compare

    @Test func identicalRevisionsHaveNoChanges() {
        #expect(RevisionDiff.compare(old: [a, b, c], new: [a, b, c]).isEmpty)
        #expect(RevisionDiff.compare(old: [], new: []).isEmpty)
    }

    @Test func oneChangedFieldIsTheOnlyFieldReported() {
        let old = [action("a", "Ask for feedback", [("Due", "2025-03-01"), ("Support", "HR partner"), ("Measure", "3 talks")])]
        let new = [action("a", "Ask for feedback", [("Due", "2025-04-15"), ("Support", "HR partner"), ("Measure", "3 talks")])]

        let changes = RevisionDiff.compare(old: old, new: new)

        #expect(changes == [.changed(key: "a", oldTitle: "Ask for feedback", newTitle: "Ask for feedback",
                                     fields: [FieldChange(name: "Due", old: "2025-03-01", new: "2025-04-15")])])
        #expect(changes.map(\.key) == ["a"])
    }

    @Test func addedRecordsAtTheEndAndInTheMiddle() {
        #expect(RevisionDiff.compare(old: [a, b], new: [a, b, c]) == [.added(c)])
        #expect(RevisionDiff.compare(old: [a, b], new: [a, c, b]) == [.added(c)])
        #expect(RevisionDiff.compare(old: [a], new: [c, a, d]) == [.added(c), .added(d)])
    }

    @Test func aRemovedFirstRecordComesFirst() {
        // a had no record before it in old, so it leads, even before an added first record.
        let changes = RevisionDiff.compare(old: [a, b, c], new: [d, retitled(b), c])
        #expect(changes == [.removed(a), .added(d), retitling(b)])
    }

    @Test func aRemovedMiddleRecordFollowsTheRecordBeforeIt() {
        let one = RevisionDiff.compare(old: [a, b, c, d], new: [retitled(a), retitled(c), retitled(d)])
        #expect(one == [retitling(a), .removed(b), retitling(c), retitling(d)])

        // Consecutive removals share the anchor and keep their order in old.
        let two = RevisionDiff.compare(old: [a, b, c, d], new: [retitled(a), retitled(d)])
        #expect(two == [retitling(a), .removed(b), .removed(c), retitling(d)])
    }

    @Test func aRemovedLastRecordComesAfterItsPredecessor() {
        #expect(RevisionDiff.compare(old: [a, b, c], new: [retitled(a), retitled(b)])
            == [retitling(a), retitling(b), .removed(c)])
        // The anchor follows the new order, and an unchanged anchor still holds the place.
        #expect(RevisionDiff.compare(old: [a, b, c], new: [a, retitled(c)]) == [.removed(b), retitling(c)])
        #expect(RevisionDiff.compare(old: [a, b, c], new: [retitled(c), a]) == [retitling(c), .removed(b)])
    }

    @Test func aFieldOnOneSideOnlyIsComparedWithEmpty() {
        let old = [action("a", "Ask for feedback", [("Due", "2025-03-01"), ("Note", "after Q1"), ("Blank", "")])]
        let new = [action("a", "Ask for feedback", [("Support", "Mentor"), ("Due", "2025-03-01")])]

        let changes = RevisionDiff.compare(old: old, new: new)

        // New field order first, then fields only in old; an empty field equals a missing one.
        #expect(changes == [.changed(key: "a", oldTitle: "Ask for feedback", newTitle: "Ask for feedback", fields: [
            FieldChange(name: "Support", old: "", new: "Mentor"),
            FieldChange(name: "Note", old: "after Q1", new: ""),
        ])])
    }

    @Test func aTitleChangeAloneIsAChangeWithNoFields() {
        let new = DiffRecord(key: "c", title: "Hold a fortnightly 1:1 with each director")
        #expect(RevisionDiff.compare(old: [c], new: [new]) == [
            .changed(key: "c", oldTitle: "Hold a weekly 1:1 with each director",
                     newTitle: "Hold a fortnightly 1:1 with each director", fields: []),
        ])
    }

    @Test func movesAndFieldOrderAreNotChanges() {
        let swapped = action("a", "Ask", [("Support", "HR"), ("Due", "2025-03-01")])
        #expect(RevisionDiff.compare(old: [a, b, c], new: [c, a, b]).isEmpty)
        #expect(RevisionDiff.compare(old: [action("a", "Ask", [("Due", "2025-03-01"), ("Support", "HR")])], new: [swapped]).isEmpty)
    }

    @Test func theLaterOfDuplicateKeysOrFieldNamesWins() {
        // old: the second "a" is compared; new: the first "a" is ignored, the second sits after b.
        let old = [action("a", "Draft"), b, action("a", "Agreed", [("Due", "May"), ("Due", "June")])]
        let new = [action("a", "Ignored"), retitled(b), action("a", "Revised", [("Due", "June")])]

        let changes = RevisionDiff.compare(old: old, new: new)

        #expect(changes == [retitling(b), .changed(key: "a", oldTitle: "Agreed", newTitle: "Revised", fields: [])])
        #expect(RevisionDiff.compare(old: [a, a], new: [a]).isEmpty)
    }

    // MARK: words

    @Test func wordsMarksReplacedAndInsertedWords() {
        let segments = RevisionDiff.words(old: "Hold a weekly 1:1 with each director",
                                          new: "Hold a fortnightly 1:1 with each regional director")
        #expect(segments == [
            .same("Hold a"), .deleted("weekly"), .inserted("fortnightly"),
            .same("1:1 with each"), .inserted("regional"), .same("director"),
        ])
    }

    @Test func wordsWithAnEmptySide() {
        #expect(RevisionDiff.words(old: "", new: "Read two books") == [.inserted("Read two books")])
        #expect(RevisionDiff.words(old: "Read two books", new: "") == [.deleted("Read two books")])
        #expect(RevisionDiff.words(old: "", new: " \n ").isEmpty)
    }

    @Test func wordsMergesRunsAndNormalisesSpacing() {
        #expect(RevisionDiff.words(old: "one two", new: "three four") == [.deleted("one two"), .inserted("three four")])
        #expect(RevisionDiff.words(old: "  Hold a\n\tweekly 1:1 ", new: "Hold a weekly 1:1") == [.same("Hold a weekly 1:1")])
    }

    @Test func wordsAboveTheCapAreNotCompared() {
        let words500 = Array(repeating: "goal", count: 500).joined(separator: " ")
        let words501 = words500 + " goal"

        // 501 * 500 = 250_500 > 250_000: replaced wholesale although every word matches.
        #expect(RevisionDiff.words(old: words501, new: words500) == [.deleted(words501), .inserted(words500)])
        // 500 * 500 = 250_000 is still compared.
        #expect(RevisionDiff.words(old: words500, new: words500) == [.same(words500)])
    }
}
