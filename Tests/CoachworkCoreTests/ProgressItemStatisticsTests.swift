import Testing
@testable import CoachworkCore

@Suite struct ProgressItemStatisticsTests {
    private func answers(_ competency: String, _ changes: [Int]) -> [ProgressAnswer] {
        changes.enumerated().map { ProgressAnswer(respondentID: "r\($0.offset + 1)", competencyID: competency, change: $0.element) }
    }

    private func item(_ changes: [Int], invited: Int = 8, rules: AnonymityRules = AnonymityRules()) throws -> ProgressItemStatistics {
        try #require(ProgressItemStatistics.aggregate(answers("a", changes), competencyIDs: ["a"], invited: invited,
                                                      rules: rules).first)
    }

    @Test func fullStatisticsOfAShownItem() throws {
        // Arrange, act: +1, +2, +2, +3 from 4 of 8 invited
        let stats = try item([1, 2, 2, 3])
        // Assert: n 4, response rate 4 / 8 = 0.5, mean 8 / 4 = 2, s = sqrt(2/3)
        #expect(stats.n == 4 && stats.invited == 8 && stats.responseRate == 0.5 && !stats.suppressed)
        let sd = try #require(stats.standardDeviation)
        #expect(stats.mean == 2 && abs(sd - 0.816496580927726) < 1e-12)
        // CI 2 ± 3.182 * 0.8165 / 2 = 2 ± 1.299 -> [0.701, 3] (clamped), as in ConfidenceIntervalTests
        #expect(stats.confidenceInterval == ConfidenceInterval(answers: [1, 2, 2, 3]))
        #expect(stats.distribution == [-3: 0, -2: 0, -1: 0, 0: 0, 1: 1, 2: 2, 3: 1])
        // improved 4 / 4 = 1, declined 0 / 4 = 0, net 1 - 0 = 1
        #expect(stats.shareImproved == 1 && stats.shareDeclined == 0 && stats.netScore == 1)
        // lower bound 0.701 is not > +1, but mean 2 >= +1
        #expect(stats.benchmark == .reached)
    }

    @Test func sameCountingAsProgressSurveyResults() throws {
        let input = answers("a", [2, 1, 0, 3, -1]) + [ProgressAnswer(respondentID: "r1", competencyID: "a", change: -2),
                                                      ProgressAnswer(respondentID: "r9", competencyID: "a", change: 7)]
        let base = try #require(ProgressSurveyResults.aggregate(input, competencyIDs: ["a"], invited: 8).first)
        let stats = try #require(ProgressItemStatistics.aggregate(input, competencyIDs: ["a"], invited: 8).first)
        // r1 resubmitted -2 (last wins), r9's 7 is out of range: -2, 1, 0, 3, -1 -> n 5, mean 1 / 5 = 0.2
        #expect(stats.n == base.n && stats.mean == base.mean && stats.standardDeviation == base.standardDeviation)
        #expect(stats.distribution == base.distribution && stats.shareImproved == base.shareImproved)
        #expect(stats.n == 5 && stats.mean == 0.2)
        // declined: -2, -1 -> 2 / 5 = 0.4; improved: 1, 3 -> 2 / 5; net (2 - 2) / 5 = 0
        #expect(stats.shareDeclined == 0.4 && stats.netScore == 0)
    }

    @Test func benchmarkAboveReachedAndBelow() throws {
        // +2, +2, +2, +3: mean 9 / 4 = 2.25; deviations -0.25 x3, 0.75 -> squares 0.75 -> variance 0.25 -> s 0.5
        // margin 3.182 * 0.5 / 2 = 0.7955 -> lower 1.4545 > +1 -> above
        // (Python: st.mean = 2.25, st.stdev = 0.5, lower 1.4545)
        let above = try item([2, 2, 2, 3])
        let lower = try #require(above.confidenceInterval?.lower)
        #expect(abs(lower - 1.4545) < 1e-12 && above.benchmark == .above)
        // 0, +1, +2: mean exactly 1 -> reached (>= +1); lower 1 - 4.303 * 1 / sqrt(3) < 1
        #expect(try item([0, 1, 2]).benchmark == .reached)
        // 0, +1, +1, +2, -1: mean 3 / 5 = 0.6 < +1 -> below
        #expect(try item([0, 1, 1, 2, -1]).benchmark == .below)
        // judged directly: a lower bound of exactly +1 is not above
        var edge = try #require(ConfidenceInterval(answers: [1, 2, 2, 3]))
        edge.lower = 1
        #expect(ProgressItemStatistics.judge(mean: 2, interval: edge) == .reached)
        edge.lower = 1.0001
        #expect(ProgressItemStatistics.judge(mean: 2, interval: edge) == .above)
        #expect(ProgressItemStatistics.judge(mean: 0.99, interval: nil) == .below)
        #expect(ProgressItemStatistics.judge(mean: 1, interval: nil) == .reached)
    }

    @Test func netScoreCountsZerosInNeitherShare() throws {
        // 0, 0, 0, +2, -1: improved 1 / 5 = 0.2, declined 1 / 5 = 0.2, net (1 - 1) / 5 = 0
        let balanced = try item([0, 0, 0, 2, -1])
        #expect(balanced.shareImproved == 0.2 && balanced.shareDeclined == 0.2 && balanced.netScore == 0)
        // all zeros: 0 / 3 both ways, net 0; mean 0 < +1 -> below; s 0 -> interval [0, 0]
        let flat = try item([0, 0, 0])
        #expect(flat.shareImproved == 0 && flat.shareDeclined == 0 && flat.netScore == 0 && flat.benchmark == .below)
        #expect(flat.confidenceInterval?.lower == 0 && flat.confidenceInterval?.upper == 0)
        // 0, 0, +1, +1, -1, 0: improved 2 / 6, declined 1 / 6, net (2 - 1) / 6 = 1/6
        let mixed = try item([0, 0, 1, 1, -1, 0])
        #expect(mixed.netScore == 1.0 / 6.0 && mixed.shareDeclined == 1.0 / 6.0)
        // all worse: -1, -2, -3 -> net (0 - 3) / 3 = -1
        #expect(try item([-1, -2, -3]).netScore == -1)
    }

    @Test func belowTheThresholdOnlyCountsAreShown() throws {
        // 2 answers < 3: n, invited, response rate 2 / 8 = 0.25; nothing else
        let hidden = try item([3, -2])
        #expect(hidden == ProgressItemStatistics(
            competencyID: "a", n: 2, invited: 8, responseRate: 0.25, suppressed: true, mean: nil,
            standardDeviation: nil, confidenceInterval: nil, distribution: nil, shareImproved: nil,
            shareDeclined: nil, netScore: nil, benchmark: nil))
        // a practice threshold of 4 hides 3 answers that the default would show
        let strict = AnonymityRules(ratingThreshold: 4)
        let (hiddenAtFour, shownAtThree) = (try item([1, 2, 3], rules: strict), try item([1, 2, 3]))
        #expect(hiddenAtFour.suppressed && !shownAtThree.suppressed)
        #expect(try item([1, 2, 3], invited: 3, rules: strict).responseRate == 1)
        // nobody answered: n 0, suppressed, rate 0
        let none = try #require(ProgressItemStatistics.aggregate([], competencyIDs: ["a"], invited: 0).first)
        #expect(none.n == 0 && none.suppressed && none.responseRate == 0 && none.benchmark == nil)
    }

    @Test func singleAnswerUnderThresholdOneHasNoInterval() throws {
        // threshold 1, one answer +2: shown, no s, no interval; mean 2 >= +1 -> reached (above needs an interval)
        let one = try item([2], invited: 1, rules: AnonymityRules(ratingThreshold: 1))
        #expect(!one.suppressed && one.mean == 2 && one.standardDeviation == nil && one.confidenceInterval == nil)
        #expect(one.benchmark == .reached && one.netScore == 1)
    }
}
