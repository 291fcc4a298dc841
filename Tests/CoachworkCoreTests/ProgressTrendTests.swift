import Testing
@testable import CoachworkCore

@Suite struct ProgressTrendTests {
    /// A round where stakeholder `ids[i]` answered `changes[i]` on item "listening".
    private func round(_ number: Int, _ ids: [String], _ changes: [Int], competencyIDs: [String] = ["listening"]) -> ProgressTrend.Round {
        let answers = zip(ids, changes).map { ProgressAnswer(respondentID: $0, competencyID: "listening", change: $1) }
        return ProgressTrend.Round(number: number, respondentIDs: Set(ids),
                                   items: ProgressItemStatistics.aggregate(answers, competencyIDs: competencyIDs, invited: 10))
    }

    private let four = ["a", "b", "c", "d"]

    @Test func unchangedSetOneJoinerAndThreeJoiners() throws {
        // Arrange
        let rounds = [
            round(1, four, [0, 1, 1, 2]),                                                 // mean 4 / 4 = 1
            round(2, four, [1, 2, 2, 3]),                                                 // same people; mean 8 / 4 = 2
            round(3, four + ["e"], [1, 2, 2, 3, 2]),                                      // e joined; mean 10 / 5 = 2
            round(4, four + ["e", "f", "g", "h"], [2, 2, 3, 3, 2, 1, 2, 3]),              // f, g, h joined; 18 / 8 = 2.25
        ]
        // Act
        let trend = ProgressTrend.build(rounds: rounds, rules: AnonymityRules())
        // Assert
        let item = try #require(trend.items.first)
        #expect(trend.items.count == 1 && item.competencyID == "listening")
        #expect(item.points.map(\.round) == [1, 2, 3, 4] && item.points.map(\.n) == [4, 4, 5, 8])
        #expect(item.points.map(\.mean) == [1, 2, 2, 2.25] && item.points.allSatisfy { !$0.suppressed })
        #expect(item.points[1].confidenceInterval == ConfidenceInterval(answers: [1, 2, 2, 3]))   // 2 ± 1.299, clamped
        // 1 -> 2: nobody joined or left -> comparable, delta 2 - 1 = 1
        #expect(item.steps[0] == ProgressTrend.Step(fromRound: 1, toRound: 2, raterSetChanged: false, comparable: true, delta: 1))
        // 2 -> 3: 1 joined (0 < 1 < 3): 5·2 - 4·2 = 2 would be e's answer plus the stayers' change -> no delta
        #expect(item.steps[1] == ProgressTrend.Step(fromRound: 2, toRound: 3, raterSetChanged: true, comparable: false, delta: nil))
        // 3 -> 4: 3 joined (>= 3), nobody left -> comparable, delta 2.25 - 2 = 0.25
        #expect(item.steps[2] == ProgressTrend.Step(fromRound: 3, toRound: 4, raterSetChanged: true, comparable: true, delta: 0.25))
    }

    @Test func leaversCountLikeJoiners() throws {
        // 5 -> 3 people: 2 left (0 < 2 < 3) -> not comparable; 5 -> 5 with 3 swapped: 3 left, 3 joined -> comparable
        let start = round(1, four + ["e"], [0, 0, 1, 1, 3])                             // 5 / 5 = 1
        let fewer = round(2, ["a", "b", "c"], [1, 1, 1])                                // 3 / 3 = 1
        let swapped = round(2, ["a", "b", "x", "y", "z"], [1, 2, 2, 2, 3])              // 10 / 5 = 2
        let left = try #require(ProgressTrend.build(rounds: [start, fewer], rules: AnonymityRules()).items.first)
        #expect(!left.steps[0].comparable && left.steps[0].delta == nil && left.steps[0].raterSetChanged)
        let both = try #require(ProgressTrend.build(rounds: [start, swapped], rules: AnonymityRules()).items.first)
        #expect(both.steps[0].comparable && both.steps[0].delta == 1)                    // 2 - 1
    }

    @Test func suppressedOrMissingPointsAreNeverCompared() throws {
        // round 2 has 2 answers (< 3): suppressed, n still shown; round 3 does not ask "listening" at all
        let rounds = [
            round(3, four, [0, 0, 0, 0], competencyIDs: ["delegation"]),
            round(1, four, [1, 1, 1, 1]),
            round(2, ["a", "b"], [2, 2]),
        ]
        let trend = ProgressTrend.build(rounds: rounds, rules: AnonymityRules())
        // rounds sorted by number; items in order of first appearance: listening (round 1), delegation (round 3)
        #expect(trend.items.map(\.competencyID) == ["listening", "delegation"])
        let listening = trend.items[0]
        #expect(listening.points == [
            ProgressTrend.Point(round: 1, mean: 1, confidenceInterval: ConfidenceInterval(answers: [1, 1, 1, 1]), n: 4, suppressed: false),
            ProgressTrend.Point(round: 2, mean: nil, confidenceInterval: nil, n: 2, suppressed: true),
            ProgressTrend.Point(round: 3, mean: nil, confidenceInterval: nil, n: 0, suppressed: true),
        ])
        #expect(listening.steps.allSatisfy { !$0.comparable && $0.delta == nil })
        // delegation: rounds 1 and 2 did not ask it -> suppressed n 0; round 3 asked but nobody answered it
        #expect(trend.items[1].points.map(\.n) == [0, 0, 0] && trend.items[1].points.allSatisfy(\.suppressed))
    }

    @Test func thresholdIsReappliedAndSkippedItemsBlockComparison() throws {
        // items aggregated under the default threshold 3, trend built under 4: 3 answers are hidden here
        let rounds = [round(1, ["a", "b", "c"], [1, 1, 1]), round(2, ["a", "b", "c"], [2, 2, 2])]
        let strict = try #require(ProgressTrend.build(rounds: rounds, rules: AnonymityRules(ratingThreshold: 4)).items.first)
        #expect(strict.points.allSatisfy { $0.suppressed && $0.mean == nil } && !strict.steps[0].comparable)
        // same 4 people both rounds, but in round 2 "d" skipped the item (n 3 != 4 respondents): who answered this
        // item changed, so no delta even though the round's set is unchanged
        let skipped = ProgressTrend.Round(number: 2, respondentIDs: Set(four), items: round(2, ["a", "b", "c"], [2, 2, 2]).items)
        let item = try #require(ProgressTrend.build(rounds: [round(1, four, [1, 1, 1, 1]), skipped], rules: AnonymityRules()).items.first)
        #expect(!item.points[1].suppressed && !item.steps[0].raterSetChanged)
        #expect(!item.steps[0].comparable && item.steps[0].delta == nil)
    }

    @Test func noRoundsNoItems() {
        #expect(ProgressTrend.build(rounds: [], rules: AnonymityRules()).items.isEmpty)
    }
}
