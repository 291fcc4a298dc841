import Testing
@testable import CoachworkCore

@Suite struct CommentReleaseTests {
    private let eight = [
        "Listens well in one-to-ones.", "Could delegate more.", "Great at setting direction.",
        "Sometimes interrupts in meetings.", "Very approachable.", "Decisions can come late.",
        "Gives clear feedback.", "Should share context earlier.",
    ]

    private func shown(_ outcome: CommentRelease.Outcome) -> [String]? {
        if case .shown(let comments) = outcome { return comments }
        return nil
    }

    @Test func withheldBelowTheCommentThresholdThoughRatingsWouldShow() {
        // Arrange: 4 raters is enough for ratings (threshold 3) but not for comments (threshold 5).
        let rules = AnonymityRules(ratingThreshold: 3, commentThreshold: 5)
        // Act, assert: 4 < 5 withheld; 5 >= 5 shown
        #expect(CommentRelease.release(Array(eight.prefix(4)), questionKey: "q1", rules: rules) == .withheld(count: 4))
        #expect(shown(CommentRelease.release(Array(eight.prefix(5)), questionKey: "q1", rules: rules))?.count == 5)
        #expect(CommentRelease.release([], questionKey: "q1", rules: rules) == .withheld(count: 0))
    }

    @Test func commentsAreTrimmedAndEmptyOnesDoNotCount() throws {
        // "a", "b", "c" remain: 3 >= 3 shown; blanks are not comments
        let outcome = CommentRelease.release(["  a ", "", "   ", "\n b\n", "c"], questionKey: "q", rules: AnonymityRules())
        #expect(try #require(shown(outcome)).sorted() == ["a", "b", "c"])
        // only "a" and "b" are comments: 2 < 3 withheld
        #expect(CommentRelease.release(["a", " \t", "b"], questionKey: "q", rules: AnonymityRules()) == .withheld(count: 2))
    }

    @Test func orderDependsOnlyOnQuestionAndWords() throws {
        let reference = try #require(shown(CommentRelease.release(eight, questionKey: "a1/q1", rules: AnonymityRules())))
        // sorted by the keyed hash, ascending
        let hashes = reference.map { CommentRelease.keyedHash(questionKey: "a1/q1", comment: $0) }
        #expect(hashes == hashes.sorted())
        // every rotation, the reverse, and the strides 3, 5, 7 (i * k mod 8) of the input give the same output
        let rotations: [[String]] = eight.indices.map { Array(eight[$0...]) + Array(eight[..<$0]) }
        let strides: [[String]] = [3, 5, 7].map { k in eight.indices.map { eight[($0 * k) % 8] } }
        let permutations = rotations + strides + [Array(eight.reversed())]
        for input in permutations {
            #expect(shown(CommentRelease.release(input, questionKey: "a1/q1", rules: AnonymityRules())) == reference)
        }
        // another question: the same comments in another order
        let other = try #require(shown(CommentRelease.release(eight, questionKey: "a1/q2", rules: AnonymityRules())))
        #expect(Set(other) == Set(eight) && other != reference)
    }

    @Test func fnv1aMatchesPublishedVectors() {
        // Test vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv) for 64-bit FNV-1a.
        #expect(CommentRelease.fnv1a64([]) == 0xcbf2_9ce4_8422_2325)
        #expect(CommentRelease.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(CommentRelease.fnv1a64(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        #expect(CommentRelease.keyedHash(questionKey: "ab", comment: "c") != CommentRelease.keyedHash(questionKey: "a", comment: "bc"))
    }
}

@Suite struct CommentReleaseByRespondentsTests {
    @Test func theThresholdCountsRespondentsWhenGiven() {
        let rules = AnonymityRules(ratingThreshold: 3, commentThreshold: 4)
        // One comment among four respondents: four people could have written it, so it is shown.
        #expect(CommentRelease.release(["Decides late."], questionKey: "q", rules: rules, respondents: 4) == .shown(["Decides late."]))
        // Three respondents are below the comment threshold of 4 even though they meet the rating threshold.
        #expect(CommentRelease.release(["a", "b", "c"], questionKey: "q", rules: rules, respondents: 3) == .withheld(count: 3))
        // Without respondents the comments themselves must reach the threshold.
        #expect(CommentRelease.release(["Decides late."], questionKey: "q", rules: rules) == .withheld(count: 1))
    }
}

@Suite struct CSVTextTests {
    @Test func fieldsAreQuotedOnlyWhenNeededAndFormulasDefused() {
        #expect(CSVText.record(["a", "b,c", "say \"hi\"", "line\nbreak"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n")
        #expect(CSVText.spreadsheetSafe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(CSVText.spreadsheetSafe("-3 points") == "'-3 points")
        #expect(CSVText.spreadsheetSafe("Décide vite") == "Décide vite")
    }
}
