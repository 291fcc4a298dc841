import Testing
@testable import CoachworkCore

@Suite struct AssessmentResultsTests {
    private func rating(_ rater: String, _ group: RaterGroup, _ score: Int?, _ competency: String = "c1") -> Rating {
        Rating(raterID: rater, group: group, competencyID: competency, score: score)
    }

    private func cell(_ result: CompetencyResult, _ group: RaterGroup) -> GroupScore? {
        result.groups.first { $0.group == group.rawValue }
    }

    /// Brute force: every figure derivable from the visible cells is "others" minus a subset of visible groups
    /// (visible groups alone are each >= threshold). Each such residual must cover 0 or >= threshold raters.
    private func expectNoDifferencing(_ result: CompetencyResult, threshold: Int) {
        guard result.others.mean != nil else { return }
        let visible = result.groups.filter { $0.group != "others" && $0.mean != nil }
        for mask in 0..<(1 << visible.count) {
            let subset = visible.indices.filter { mask & (1 << $0) != 0 }.map { visible[$0] }
            let residualN = result.others.n - subset.reduce(0) { $0 + $1.n }
            #expect(residualN == 0 || residualN >= threshold, "subset \(subset.map(\.group)) isolates \(residualN) rater(s)")
        }
    }

    @Test func groupAtThresholdIsShownAndBelowIsSuppressed() throws {
        let ratings = [
            rating("p1", .peer, 3), rating("p2", .peer, 4), rating("p3", .peer, 4),   // n = 3 (== threshold)
            rating("d1", .directReport, 5), rating("d2", .directReport, 2),             // n = 2 (< threshold)
            rating("m1", .manager, 1),                                                  // n = 1 (< threshold)
        ]
        let result = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        let peers = try #require(cell(result, .peer))
        // peers: (3 + 4 + 4) / 3 = 11/3 = 3.666..., displayed "3.7"
        #expect(peers == GroupScore(group: "peer", n: 3, mean: 11.0 / 3.0, suppressed: false))
        #expect(formatOneDecimal(try #require(peers.mean)) == "3.7")
        #expect(cell(result, .directReport) == GroupScore(group: "direct_report", n: 2, mean: nil, suppressed: true))
        #expect(cell(result, .manager) == GroupScore(group: "manager", n: 1, mean: nil, suppressed: true))
        // others: (11 + 5 + 2 + 1) / 6 = 19/6 = 3.1666..., displayed "3.2"
        #expect(result.others == GroupScore(group: "others", n: 6, mean: 19.0 / 6.0, suppressed: false))
        #expect(formatOneDecimal(19.0 / 6.0) == "3.2")
        // groups in RaterGroup order, then others
        #expect(result.groups.map(\.group) == ["manager", "peer", "direct_report", "others"])
        #expect(result.groups.last == result.others)
    }

    @Test func lateResponseLiftsGroupToThreshold() throws {
        var ratings = [rating("s", .self_, 3), rating("p1", .peer, 4), rating("p2", .peer, 2)]
        let before = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        // peers n = 2 < 3: suppressed; others = the same 2 raters: suppressed too
        #expect(cell(before, .peer) == GroupScore(group: "peer", n: 2, mean: nil, suppressed: true))
        #expect(before.others == GroupScore(group: "others", n: 2, mean: nil, suppressed: true))

        ratings.append(rating("p3", .peer, 5))
        let after = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        // peers n = 3: (4 + 2 + 5) / 3 = 11/3
        #expect(cell(after, .peer) == GroupScore(group: "peer", n: 3, mean: 11.0 / 3.0, suppressed: false))
        #expect(after.others == GroupScore(group: "others", n: 3, mean: 11.0 / 3.0, suppressed: false))
        #expect(after.selfScore == 3)
    }

    @Test func cantSayAndOutOfRangeScoresAreExcludedFromN() throws {
        let ratings = [
            rating("p1", .peer, 4), rating("p2", .peer, nil), rating("p3", .peer, 5), rating("p4", .peer, 3),
            rating("p5", .peer, 0), rating("p6", .peer, 7),   // out of 1...5: ignored like "can't say"
        ]
        let result = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        // counted: p1 4, p3 5, p4 3 -> n = 3, mean 12/3 = 4.0
        #expect(cell(result, .peer) == GroupScore(group: "peer", n: 3, mean: 4.0, suppressed: false))

        let fewer = ratings.filter { $0.raterID != "p4" }   // counted: p1 4, p3 5 -> n = 2: suppressed
        let suppressed = try #require(AssessmentResults.aggregate(fewer, competencyIDs: ["c1"]).first)
        #expect(cell(suppressed, .peer) == GroupScore(group: "peer", n: 2, mean: nil, suppressed: true))
    }

    @Test func selfIsShownThoughNIsOne() throws {
        let ratings = [rating("me", .self_, 2), rating("p1", .peer, 4), rating("p2", .peer, 4), rating("p3", .peer, 5)]
        let result = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        #expect(result.selfScore == 2)
        #expect(!result.groups.contains { $0.group == "self" })
        // others excludes self: (4 + 4 + 5) / 3 = 13/3 = 4.333...; self-others gap = 2 - 13/3 = -7/3
        #expect(result.others == GroupScore(group: "others", n: 3, mean: 13.0 / 3.0, suppressed: false))

        let cantSay = try #require(AssessmentResults.aggregate([rating("me", .self_, nil)], competencyIDs: ["c1"]).first)
        #expect(cantSay.selfScore == nil)
    }

    @Test func differencingGuardKeepsSuppressedGroupsTogether() throws {
        // peers 3, direct reports 2, manager 1, threshold 3
        let ratings = [
            rating("p1", .peer, 4), rating("p2", .peer, 5), rating("p3", .peer, 3),   // sum 12, n 3
            rating("d1", .directReport, 2), rating("d2", .directReport, 3),             // sum 5,  n 2
            rating("m1", .manager, 1),                                                  // sum 1,  n 1
        ]
        let result = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"], threshold: 3).first)
        #expect(cell(result, .peer)?.mean == 4.0)              // 12 / 3
        #expect(cell(result, .directReport)?.suppressed == true)
        #expect(cell(result, .manager)?.suppressed == true)
        #expect(result.others.mean == 3.0)                     // (12 + 5 + 1) / 6 = 18 / 6
        // Brute arithmetic: others.n*others.mean - peers.n*peers.mean = 6*3.0 - 3*4.0 = 6 over 6 - 3 = 3 raters:
        // the combined manager + direct reports mean (1 + 2 + 3) / 3 = 2.0, neither the manager's 1 nor the
        // direct reports' (2 + 3) / 2 = 2.5.
        let peers = try #require(cell(result, .peer))
        let residualN = result.others.n - peers.n
        let residualMean = (Double(result.others.n) * 3.0 - Double(peers.n) * 4.0) / Double(residualN)
        #expect(residualN == 3 && residualMean == 2.0)
        #expect(residualMean != 1.0 && residualMean != 2.5)
        expectNoDifferencing(result, threshold: 3)
    }

    @Test func differencingGuardSuppressesAVisibleGroupWhenOneRaterWouldBeIsolated() throws {
        // peers 4 (sum 16), manager 1 (score 1). Without the guard: others (16 + 1) / 5 = 3.4 shown, peers 16/4 = 4.0
        // shown, and 5*3.4 - 4*4.0 = 17 - 16 = 1 = the manager's own rating.
        let ratings = [
            rating("p1", .peer, 4), rating("p2", .peer, 4), rating("p3", .peer, 5), rating("p4", .peer, 3),
            rating("m1", .manager, 1),
        ]
        let result = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        #expect(cell(result, .peer) == GroupScore(group: "peer", n: 4, mean: nil, suppressed: true))
        #expect(cell(result, .manager) == GroupScore(group: "manager", n: 1, mean: nil, suppressed: true))
        #expect(result.others == GroupScore(group: "others", n: 5, mean: 17.0 / 5.0, suppressed: false))
        expectNoDifferencing(result, threshold: 3)
    }

    @Test func differencingGuardHidesOnlyTheSmallestVisibleGroup() throws {
        // peers 4 (sum 4*4 = 16), direct reports 3 (sum 2+3+4 = 9), manager 1 (score 5). Hidden n = 1 < 3, so the
        // smallest visible group (direct reports, n 3) is hidden too: hidden n = 4 >= 3; peers stay visible.
        let ratings = (1...4).map { rating("p\($0)", .peer, 4) }
            + [rating("d1", .directReport, 2), rating("d2", .directReport, 3), rating("d3", .directReport, 4)]
            + [rating("m1", .manager, 5)]
        let result = try #require(AssessmentResults.aggregate(ratings, competencyIDs: ["c1"]).first)
        #expect(cell(result, .peer) == GroupScore(group: "peer", n: 4, mean: 4.0, suppressed: false))
        #expect(cell(result, .directReport) == GroupScore(group: "direct_report", n: 3, mean: nil, suppressed: true))
        #expect(cell(result, .manager)?.suppressed == true)
        // others: (16 + 9 + 5) / 8 = 30/8 = 3.75; 8*3.75 - 4*4.0 = 14 over 4 raters (direct reports + manager)
        #expect(result.others.mean == 3.75)
        expectNoDifferencing(result, threshold: 3)
    }

    @Test func ordersByCompetencyIDsAndCountsEachRaterOnce() throws {
        let ratings = [
            rating("d1", .directReport, 5, "c2"), rating("m1", .manager, nil, "c2"),
            rating("p1", .peer, 2, "c2"), rating("p1", .peer, 4, "c2"),   // resubmission: last one (4) counts
            rating("p2", .peer, 4, "c2"), rating("p3", .peer, 4, "c2"),
            rating("x1", .customer, 5, "c3"),                            // competency not asked for: ignored
        ]
        let results = AssessmentResults.aggregate(ratings, competencyIDs: ["c2", "c1"])
        #expect(results.map(\.competencyID) == ["c2", "c1"])
        let c2 = results[0]
        #expect(c2.groups.map(\.group) == ["manager", "peer", "direct_report", "others"])
        #expect(cell(c2, .manager) == GroupScore(group: "manager", n: 0, mean: nil, suppressed: false))
        // direct reports n 1 hidden; hidden total 1 < 3, so peers (n 3, the smallest visible n > 0) are hidden too
        #expect(cell(c2, .peer) == GroupScore(group: "peer", n: 3, mean: nil, suppressed: true))
        #expect(cell(c2, .directReport) == GroupScore(group: "direct_report", n: 1, mean: nil, suppressed: true))
        // others: peers 4 + 4 + 4 = 12 plus d1 5 -> 17 / 4 = 4.25
        #expect(c2.others == GroupScore(group: "others", n: 4, mean: 4.25, suppressed: false))
        expectNoDifferencing(c2, threshold: 3)
        // c1 has no ratings: same columns, all n = 0, nothing suppressed
        #expect(results[1].groups.map(\.n) == [0, 0, 0, 0])
        #expect(results[1].selfScore == nil && results[1].others.mean == nil)
    }

    @Test func raterGroupCodesAndTitles() {
        #expect(RaterGroup.allCases.map(\.rawValue) == ["self", "manager", "peer", "direct_report", "customer", "other"])
        #expect(RaterGroup.allCases.map(\.title) == ["Self", "Manager", "Peers", "Direct reports", "Customers", "Others"])
        #expect(RatingScale.range == 1...5 && ProgressScale.range == -3...3)
    }
}
