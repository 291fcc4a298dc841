import Testing
@testable import CoachworkCore

@Suite struct GapReportTests {
    private func result(_ id: String, self score: Int?, others mean: Double?, suppressed: Bool = false) -> CompetencyResult {
        let others = GroupScore(group: "others", n: suppressed ? 2 : 5, mean: suppressed ? nil : mean, suppressed: suppressed)
        return CompetencyResult(competencyID: id, selfScore: score, groups: [others], others: others)
    }

    @Test func ranksGapsAndFindsBlindSpotsAndHiddenStrengths() {
        // gaps: a = 5 - 3.2 = 1.8; b = 3 - 3.0 = 0; c = 2 - 4.4 = -2.4; d = 4 - 3.6 = 0.4
        let analysis = GapReport.analyse([
            result("a", self: 5, others: 3.2), result("b", self: 3, others: 3.0),
            result("c", self: 2, others: 4.4), result("d", self: 4, others: 3.6),
        ])
        #expect(analysis.ranked.map(\.competencyID) == ["a", "d", "b", "c"])
        #expect(analysis.blindSpots.map(\.competencyID) == ["a"])
        #expect(analysis.hiddenStrengths.map(\.competencyID) == ["c"])
        #expect(analysis.highest.map(\.competencyID) == ["c", "d", "a"])
        #expect(analysis.lowest.map(\.competencyID) == ["b", "a", "d"])
        let gapA = try! #require(analysis.ranked.first?.gap)
        #expect(abs(gapA - 1.8) < 1e-12)
    }

    @Test func suppressedOrMissingFiguresNeverEnterTheReport() {
        let analysis = GapReport.analyse([
            result("shown", self: 4, others: 3.0), result("hidden", self: 5, others: 1.0, suppressed: true),
            result("noSelf", self: nil, others: 4.0),
        ])
        #expect(analysis.ranked.map(\.competencyID) == ["shown"])
        #expect(!analysis.highest.contains { $0.competencyID == "hidden" })
        #expect(analysis.highest.map(\.competencyID) == ["noSelf", "shown"])
        #expect(analysis.blindSpots.map(\.competencyID) == ["shown"])
    }

    @Test func theMarginIsInclusive() {
        let analysis = GapReport.analyse([result("edge", self: 4, others: 3.5), result("below", self: 4, others: 3.6)])
        #expect(analysis.blindSpots.map(\.competencyID) == ["edge"])
    }
}
