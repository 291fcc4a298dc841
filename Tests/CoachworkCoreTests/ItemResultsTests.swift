import Testing
@testable import CoachworkCore

/// ``AssessmentResults/aggregate(_:competencies:rules:)``: every expected figure is worked out by hand in a comment.
@Suite struct ItemResultsTests {
    private func r(_ rater: String, _ group: RaterGroup, _ score: Int?, _ item: String? = "i1",
                   _ competency: String = "c1") -> Rating {
        Rating(raterID: rater, group: group, competencyID: competency, score: score, itemID: item)
    }

    private func aggregate(_ ratings: [Rating], items: [String] = ["i1"], rules: AnonymityRules = AnonymityRules())
        -> CompetencyResult {
        AssessmentResults.aggregate(ratings, competencies: [("c1", items)], rules: rules)[0]
    }

    private func cell(_ cells: [GroupScore], _ group: RaterGroup) -> GroupScore? {
        cells.first { $0.group == group.rawValue }
    }

    /// counts with every key 1...5, zeros included
    private func counts(_ nonZero: [Int: Int]) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: (1...5).map { ($0, nonZero[$0] ?? 0) })
    }

    @Test func groupAtThresholdIsShownAndBelowIsSuppressed() throws {
        // Arrange: peers 3 (== threshold), direct reports 2 and one customer (below). Hidden n = 2 + 1 = 3 >= 3,
        // so the differencing guard leaves the peers shown.
        let ratings = [r("p1", .peer, 4), r("p2", .peer, 4), r("p3", .peer, 5),
                       r("d1", .directReport, 2), r("d2", .directReport, 3), r("x1", .customer, 1)]
        // Act
        let result = aggregate(ratings)
        let item = try #require(result.items.first)
        // Assert: peers 4, 4, 5 -> 13/3 = 4.333... ("4.3"), a mean that is not a whole number
        #expect(cell(item.groups, .peer) == GroupScore(group: "peer", n: 3, mean: 13.0 / 3.0, suppressed: false))
        #expect(formatOneDecimal(13.0 / 3.0) == "4.3")
        #expect(cell(item.groups, .directReport) == GroupScore(group: "direct_report", n: 2, mean: nil, suppressed: true))
        #expect(cell(item.groups, .customer) == GroupScore(group: "customer", n: 1, mean: nil, suppressed: true))
        // others: (13 + 2 + 3 + 1) / 6 = 19/6 = 3.1666...
        #expect(item.others == GroupScore(group: "others", n: 6, mean: 19.0 / 6.0, suppressed: false))
        #expect(item.groups.map(\.group) == ["peer", "direct_report", "customer", "others"])
        // One item each, so each rater's competency score is their item score: the same cells.
        #expect(result.groups == item.groups && result.others == item.others)
        // Distributions only for shown cells: peers two 4s and one 5; others 1, 2, 3, 4, 4, 5.
        #expect(item.distributions["peer"] == ScoreDistribution(counts: counts([4: 2, 5: 1]), cantSay: 0))
        #expect(item.distributions["others"] == ScoreDistribution(counts: counts([1: 1, 2: 1, 3: 1, 4: 2, 5: 1]), cantSay: 0))
        #expect(item.distributions["direct_report"] == nil && item.distributions["customer"] == nil)
    }

    @Test func lateResponseLiftsGroupToThreshold() throws {
        var ratings = [r("s", .self_, 5, "i1"), r("s", .self_, 4, "i2"),
                       r("p1", .peer, 4, "i1"), r("p1", .peer, 2, "i2"), r("p2", .peer, 3, "i1")]
        let before = aggregate(ratings, items: ["i1", "i2"])
        // peers: 2 raters with a score < 3, suppressed; others are the same 2 raters, suppressed too
        #expect(cell(before.groups, .peer) == GroupScore(group: "peer", n: 2, mean: nil, suppressed: true))
        #expect(before.others == GroupScore(group: "others", n: 2, mean: nil, suppressed: true))
        #expect(before.items.map(\.others.n) == [2, 1] && before.items.allSatisfy { $0.others.mean == nil })

        ratings += [r("p3", .peer, 2, "i1"), r("p3", .peer, 5, "i2")]   // the late response
        let after = aggregate(ratings, items: ["i1", "i2"])
        // rater scores: p1 (4 + 2) / 2 = 3.0, p2 3 / 1 = 3.0, p3 (2 + 5) / 2 = 3.5 -> (3 + 3 + 3.5) / 3 = 19/6
        #expect(cell(after.groups, .peer) == GroupScore(group: "peer", n: 3, mean: 19.0 / 6.0, suppressed: false))
        #expect(after.others == GroupScore(group: "others", n: 3, mean: 19.0 / 6.0, suppressed: false))
        // i1: 4, 3, 2 -> 9/3 = 3.0 shown; i2: 2, 5 -> n 2, still suppressed
        #expect(after.items[0].others == GroupScore(group: "others", n: 3, mean: 3.0, suppressed: false))
        #expect(after.items[1].others == GroupScore(group: "others", n: 2, mean: nil, suppressed: true))
        // self: items 5 and 4 -> (5 + 4) / 2 = 4.5; no single self score for an itemised competency
        #expect(after.selfMean == 4.5 && after.selfScore == nil)
        #expect(after.items.map(\.selfScore) == [5, 4])
    }

    @Test func cantSayAndOutOfRangeAreExcludedFromN() throws {
        let ratings = [
            r("p1", .peer, 4), r("p2", .peer, nil), r("p3", .peer, 5), r("p4", .peer, 3),
            r("p5", .peer, 0), r("p6", .peer, nil),         // 0: out of range, counted nowhere
            r("p7", .peer, 5), r("p7", .peer, nil),         // a later "can't say" replaces the 5
            r("p1", .peer, 2, "i2"), r("p2", .peer, nil, "i2"), r("p6", .peer, nil, "i2"),
        ]
        let result = aggregate(ratings, items: ["i1", "i2"])
        let i1 = result.items[0]
        // i1 scored: p1 4, p3 5, p4 3 -> n 3, 12/3 = 4.0; "can't say": p2, p6, p7 = 3
        #expect(cell(i1.groups, .peer) == GroupScore(group: "peer", n: 3, mean: 4.0, suppressed: false))
        #expect(i1.distributions["peer"] == ScoreDistribution(counts: counts([3: 1, 4: 1, 5: 1]), cantSay: 3))
        #expect(i1.distributions["others"] == i1.distributions["peer"])
        // i2 scored: p1 2 only -> n 1, suppressed
        #expect(result.items[1].others == GroupScore(group: "others", n: 1, mean: nil, suppressed: true))
        // competency: p2, p5, p6, p7 have no scored item and do not count. p1 (4 + 2) / 2 = 3, p3 5, p4 3
        // -> n 3, (3 + 5 + 3) / 3 = 11/3
        #expect(result.others == GroupScore(group: "others", n: 3, mean: 11.0 / 3.0, suppressed: false))
    }

    @Test func competencyMeanIsTheMeanOfRaterMeans() throws {
        // A: items 2 and 4 -> 3.0; B: item 5, then "can't say" -> 5.0. Group: (3.0 + 5.0) / 2 = 4.0 with n 2,
        // where pooling the answers would give (2 + 4 + 5) / 3 = 3.67.
        let ratings = [r("A", .peer, 2, "i1"), r("A", .peer, 4, "i2"), r("B", .peer, 5, "i1"), r("B", .peer, nil, "i2"),
                       r("s", .self_, 3, "i1"), r("s", .self_, nil, "i2")]
        let result = aggregate(ratings, items: ["i1", "i2"], rules: AnonymityRules(ratingThreshold: 2))
        #expect(cell(result.groups, .peer) == GroupScore(group: "peer", n: 2, mean: 4.0, suppressed: false))
        #expect(result.others.mean == 4.0)
        // items: i1 (2 + 5) / 2 = 3.5; i2 n 1 < 2 suppressed
        #expect(result.items[0].others.mean == 3.5)
        #expect(result.items[1].others == GroupScore(group: "others", n: 1, mean: nil, suppressed: true))
        // self: only i1 scored -> 3.0
        #expect(result.selfMean == 3.0)
        // exact fractions: (5/3 + 4/1 + 7/2) / 3 = (10 + 24 + 21) / 6 / 3 = 55/18
        #expect(AssessmentResults.meanOfMeans([(5, 3), (4, 1), (7, 2)]) == 55.0 / 18.0)
        // (10/3 + 19/6) / 2 = 39/12 = 3.25 exactly, so it shows "3.3" (half away from zero), never "3.2"
        #expect(AssessmentResults.meanOfMeans([(10, 3), (19, 6)]) == 3.25)
    }

    @Test func managerMergedOrSeparateWithTheGuard() throws {
        // peers 4, 5, 3 (sum 12, n 3); one manager scoring 1. others: (12 + 1) / 4 = 13/4 = 3.25.
        let ratings = [r("p1", .peer, 4), r("p2", .peer, 5), r("p3", .peer, 3), r("m1", .manager, 1)]
        let merged = aggregate(ratings).items[0]
        // No manager column. Shown peers would give 4 * 3.25 - 3 * 4.0 = 1, the manager's rating: hidden.
        #expect(merged.groups.map(\.group) == ["peer", "others"])
        #expect(cell(merged.groups, .peer) == GroupScore(group: "peer", n: 3, mean: nil, suppressed: true))
        #expect(merged.others == GroupScore(group: "others", n: 4, mean: 3.25, suppressed: false))
        #expect(merged.distributions.keys.sorted() == ["others"])

        let separate = aggregate(ratings, rules: AnonymityRules(showManagerSeparately: true)).items[0]
        // DOMAIN.md's exception: the practice shows the single manager, labelled (mean 1 / 1 = 1.0). Nothing is
        // then hidden (hidden n 0), so the peers (12 / 3 = 4.0) stay shown as well.
        #expect(separate.groups.map(\.group) == ["manager", "peer", "others"])
        #expect(cell(separate.groups, .manager) == GroupScore(group: "manager", n: 1, mean: 1.0, suppressed: false))
        #expect(cell(separate.groups, .peer) == GroupScore(group: "peer", n: 3, mean: 4.0, suppressed: false))
        #expect(separate.others == merged.others)

        // Three managers (a matrix organisation), 2, 3, 4: sum 9, mean 3.0; others (12 + 9) / 6 = 3.5.
        let three = Array(ratings.dropLast()) + [r("m1", .manager, 2), r("m2", .manager, 3), r("m3", .manager, 4)]
        let mergedThree = aggregate(three)
        // merged: hidden n 3 >= 3, so the peers (12 / 3 = 4.0) stay shown; the managers show only inside others
        #expect(mergedThree.groups == [GroupScore(group: "peer", n: 3, mean: 4.0, suppressed: false),
                                       GroupScore(group: "others", n: 6, mean: 3.5, suppressed: false)])
        let separateThree = aggregate(three, rules: AnonymityRules(showManagerSeparately: true))
        #expect(cell(separateThree.groups, .manager) == GroupScore(group: "manager", n: 3, mean: 3.0, suppressed: false))
    }

    @Test func cantSayCountsNeverIsolateAFewRaters() throws {
        // peers 4, 4, 5 and direct reports 2, 3, 3; the one manager said "can't say". "Can't say" is an answer, so
        // the manager is a hidden group of one respondent: the guard hides the peers too (smallest n, first
        // in order), leaving 3 peers + 1 manager outside the shown groups. others: (13 + 8) / 6 = 3.5.
        let ratings = [r("p1", .peer, 4), r("p2", .peer, 4), r("p3", .peer, 5),
                       r("d1", .directReport, 2), r("d2", .directReport, 3), r("d3", .directReport, 3),
                       r("m1", .manager, nil)]
        for rules in [AnonymityRules(), AnonymityRules(showManagerSeparately: true)] {
            let item = aggregate(ratings, rules: rules).items[0]
            #expect(item.others == GroupScore(group: "others", n: 6, mean: 3.5, suppressed: false))
            #expect(cell(item.groups, .peer) == GroupScore(group: "peer", n: 3, mean: nil, suppressed: true))
            // The remainder is 4 respondents, so the count describes no group below the threshold.
            #expect(item.distributions["others"] == ScoreDistribution(counts: counts([2: 1, 3: 2, 4: 2, 5: 1]), cantSay: 1))
            #expect(item.distributions["direct_report"] == ScoreDistribution(counts: counts([2: 1, 3: 2]), cantSay: 0))
            #expect(item.distributions["peer"] == nil && item.distributions["manager"] == nil)
        }
        // Three customers all saying "can't say": hidden respondents 3 >= 3, so peers stay shown and the count is shown.
        let customers = Array(ratings.dropLast()) + ["x1", "x2", "x3"].map { r($0, .customer, nil) }
        let item = aggregate(customers).items[0]
        #expect(item.distributions["others"]?.cantSay == 3)
        #expect(cell(item.groups, .peer)?.suppressed == false)
        #expect(cell(item.groups, .customer) == GroupScore(group: "customer", n: 0, mean: nil, suppressed: false))
    }

    @Test func aLoneDirectReportWhoSaidCantSayIsNotSingledOutBySubtraction() throws {
        // The finding of issue 10: peers 3, 4, 5 and the one direct report said "can't say". Before, the peers'
        // column (n 3) equalled "others" (n 3), so 4 answers minus 3 scores was the direct report's "can't say".
        // Now the direct report (1 respondent, n 0) is a hidden group below the threshold: the peers are hidden
        // too, and only "all others" (4 respondents: 3 scores, 1 "can't say") is shown.
        let ratings = [r("p1", .peer, 3), r("p2", .peer, 4), r("p3", .peer, 5), r("d1", .directReport, nil)]
        let result = aggregate(ratings)
        let item = result.items[0]
        #expect(cell(item.groups, .peer) == GroupScore(group: "peer", n: 3, mean: nil, suppressed: true))
        #expect(item.distributions.keys.sorted() == ["others"])
        #expect(item.distributions["others"] == ScoreDistribution(counts: counts([3: 1, 4: 1, 5: 1]), cantSay: 1))
        // The competency level follows the same rule (the direct report answered nothing but "can't say").
        #expect(cell(result.groups, .peer) == GroupScore(group: "peer", n: 3, mean: nil, suppressed: true))
        #expect(result.others == GroupScore(group: "others", n: 3, mean: 4.0, suppressed: false))
        // With three direct reports saying "can't say" the remainder is 3: the peers stay shown.
        let three = Array(ratings.dropLast()) + ["d1", "d2", "d3"].map { r($0, .directReport, nil) }
        #expect(cell(aggregate(three).items[0].groups, .peer)?.suppressed == false)
    }
}
