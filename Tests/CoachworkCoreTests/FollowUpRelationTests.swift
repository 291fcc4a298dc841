import Testing
@testable import CoachworkCore

// Spearman cross-check (Python 3.11, standard library only; mid-ranks by hand, then statistics.correlation,
// which is Pearson's r):
//   def ranks(v):  # average ranks for ties, 1-based
//       s = sorted(range(len(v)), key=lambda i: v[i]); r = [0]*len(v); i = 0
//       while i < len(s):
//           j = i
//           while j + 1 < len(s) and v[s[j+1]] == v[s[i]]: j += 1
//           for k in range(i, j + 1): r[s[k]] = (i + j + 2) / 2
//           i = j + 1
//       return r
//   st.correlation(ranks([0,1,1,2,3,4]), ranks([-1,0,1,1,2,3]))   -> 0.9558823529411765
//   st.correlation(ranks([0,1,2,3,4]), ranks([1,0,2,2,3]))         -> 0.872081599272381
//   st.correlation(ranks([1,2,3,4,5]), ranks([2,1,4,3,5]))         -> 0.8
//   guard example (f, c below): len 13, st.mean(c) 1.3076923076923077, correlation 0.752325239503013
@Suite struct FollowUpRelationTests {
    private typealias Point = (respondentID: String, frequency: FollowUpFrequency, change: Int)

    private func points(_ frequency: FollowUpFrequency, _ changes: [Int], prefix: String) -> [Point] {
        changes.enumerated().map { (respondentID: "\(prefix)\($0.offset + 1)", frequency: frequency, change: $0.element) }
    }

    @Test func frequencyScaleCodesAndTitles() {
        #expect(FollowUpFrequency.allCases.map(\.rawValue) == ["never", "rarely", "sometimes", "often", "consistently"])
        #expect(FollowUpFrequency.allCases.map(\.rank) == [0, 1, 2, 3, 4])
        #expect(FollowUpFrequency.allCases.map(\.title) == ["Never", "Rarely", "Sometimes", "Often", "Consistently"])
        #expect(FollowUpFrequency.rarely < .often && FollowUpFrequency(rawValue: "consistently") == .consistently)
        #expect(FollowUpFrequency(rawValue: "always") == nil)
    }

    @Test func suppressedLevelAndDifferencingGuard() throws {
        // Arrange: never 1 person (-1); sometimes 3 (0, 1, 1); often 4 (1, 1, 2, 2); consistently 5 (2, 2, 3, 1, 2)
        let answers = points(.never, [-1], prefix: "n") + points(.sometimes, [0, 1, 1], prefix: "s")
            + points(.often, [1, 1, 2, 2], prefix: "o") + points(.consistently, [2, 2, 3, 1, 2], prefix: "c")
        // Act
        let relation = FollowUpRelation.analyse(answers: answers, rules: AnonymityRules())
        // Assert: never 1 < 3 suppressed. Total (shown) minus the shown levels would give that one person's -1,
        // so the smallest shown level, sometimes (3 people), is hidden too: hidden 1 + 3 = 4 >= 3, done.
        let levels = relation.levels
        #expect(levels.map(\.n) == [1, 0, 3, 4, 5])
        #expect(levels.map(\.suppressed) == [true, false, true, false, false])
        #expect(levels[0].meanChange == nil && levels[1].meanChange == nil && levels[2].meanChange == nil)
        #expect(levels[3].meanChange == 1.5)          // (1 + 1 + 2 + 2) / 4 = 6 / 4
        #expect(levels[4].meanChange == 2.0)          // (2 + 2 + 3 + 1 + 2) / 5 = 10 / 5
        // total: 13 points, sum -1 + 2 + 6 + 10 = 17 -> 17 / 13 = 1.3077 (Python: 1.3076923076923077)
        #expect(relation.n == 13 && relation.respondents == 13 && relation.meanChange == 17.0 / 13.0)
        #expect(abs(try #require(relation.spearman) - 0.752325239503013) < 1e-12)
    }

    @Test func hiddenLevelsThatTogetherReachTheThresholdNeedNoGuard() {
        // never 1 person + rarely 2 people = 3 hidden >= 3: subtracting gives 3 people, allowed
        let answers = points(.never, [0], prefix: "n") + points(.rarely, [0, 1], prefix: "r")
            + points(.sometimes, [1, 1, 1], prefix: "s") + points(.often, [2, 1, 3], prefix: "o")
        let relation = FollowUpRelation.analyse(answers: answers, rules: AnonymityRules())
        #expect(relation.levels.map(\.suppressed) == [true, true, false, false, false])
        #expect(relation.levels[2].meanChange == 1 && relation.levels[3].meanChange == 2)   // 3 / 3, 6 / 3
    }

    @Test func thresholdCountsPeopleNotPoints() {
        // p1 said "never" in three rounds: 3 points, 1 person -> suppressed; the guard then hides "often"
        // (the only shown level), since total minus often would be p1's three answers
        let answers = [Point]((1...3).map { _ in (respondentID: "p1", frequency: .never, change: -2) })
            + points(.often, [1, 2, 2, 3], prefix: "o")
        let relation = FollowUpRelation.analyse(answers: answers, rules: AnonymityRules())
        #expect(relation.levels[0].n == 3 && relation.levels[0].respondents == 1 && relation.levels[0].suppressed)
        #expect(relation.levels[3].suppressed && relation.levels[3].meanChange == nil)
        // total: 7 points from 5 people >= 3, shown: (-6 + 8) / 7 = 2 / 7
        #expect(relation.n == 7 && relation.respondents == 5 && relation.meanChange == 2.0 / 7.0)
    }

    @Test func spearmanWithTies() throws {
        // frequencies 0, 1, 1, 2, 3, 4 -> ranks 1, 2.5, 2.5, 4, 5, 6
        // changes    -1, 0, 1, 1, 2, 3 -> ranks 1, 2, 3.5, 3.5, 5, 6; mean rank (6 + 1) / 2 = 3.5
        // dx -2.5, -1, -1, 0.5, 1.5, 2.5; dy -2.5, -1.5, 0, 0, 1.5, 2.5
        // Σdx·dy = 6.25 + 1.5 + 0 + 0 + 2.25 + 6.25 = 16.25; Σdx² = 17; Σdy² = 17 -> ρ = 16.25 / 17 = 0.95588
        let frequencies: [FollowUpFrequency] = [.never, .rarely, .rarely, .sometimes, .often, .consistently]
        let changes = [-1, 0, 1, 1, 2, 3]
        let answers = zip(frequencies, changes).enumerated().map {
            (respondentID: "r\($0.offset)", frequency: $0.element.0, change: $0.element.1)
        }
        let relation = FollowUpRelation.analyse(answers: answers, rules: AnonymityRules())
        #expect(abs(try #require(relation.spearman) - 16.25 / 17) < 1e-12)   // Python: 0.9558823529411765
        #expect(relation.meanChange == 1)                                      // 6 / 6
        #expect(relation.levels.allSatisfy { $0.n == 0 || $0.suppressed })     // 1 or 2 people per level
        #expect(RankCorrelation.ranks([0, 1, 1, 2]) == [1, 2.5, 2.5, 4])
    }

    @Test func spearmanWithoutTiesMatchesTheShortcut() throws {
        // no ties: 1 - 6Σd² / (n(n² - 1)); d = -1, 1, -1, 1, 0 -> Σd² = 4 -> 1 - 24 / 120 = 0.8 (Python: 0.8)
        #expect(abs(try #require(RankCorrelation.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])) - 0.8) < 1e-12)
        // 5 points is the minimum: ranks 1...5 vs 2, 1, 3.5, 3.5, 5: Σdx·dy = 8.5, Σdx² = 10, Σdy² = 9.5
        // -> 8.5 / sqrt(95) = 0.87208 (Python: 0.872081599272381)
        let five = zip(FollowUpFrequency.allCases, [1, 0, 2, 2, 3]).map { (respondentID: "\($0.0)", frequency: $0.0, change: $0.1) }
        let relation = FollowUpRelation.analyse(answers: five, rules: AnonymityRules())
        #expect(abs(try #require(relation.spearman) - 8.5 / 95.0.squareRoot()) < 1e-12)
    }

    @Test func spearmanWithheldWhenTooFewOrUndefined() {
        let rules = AnonymityRules()
        // 4 points < max(3, 5)
        let four = points(.never, [0], prefix: "a") + points(.often, [1, 2, 3], prefix: "b")
        #expect(FollowUpRelation.analyse(answers: four, rules: rules).spearman == nil)
        // 6 points from 2 people (3 rounds each) < 3 people: total and ρ withheld, every level hidden
        let twoPeople = (1...3).flatMap { _ in [(respondentID: "x", frequency: FollowUpFrequency.never, change: 0),
                                                (respondentID: "y", frequency: FollowUpFrequency.often, change: 2)] }
        let few = FollowUpRelation.analyse(answers: twoPeople, rules: rules)
        #expect(few.n == 6 && few.respondents == 2 && few.spearman == nil && few.meanChange == nil)
        #expect(few.levels.allSatisfy { $0.meanChange == nil })
        // a practice threshold of 6 needs 6 points: 5 are not enough
        let five = points(.rarely, [0, 1], prefix: "a") + points(.often, [1, 2, 3], prefix: "b")
        #expect(FollowUpRelation.analyse(answers: five, rules: AnonymityRules(ratingThreshold: 6)).spearman == nil)
        // everyone at one frequency: ranks constant, ρ undefined
        #expect(FollowUpRelation.analyse(answers: points(.often, [0, 1, 2, 3, 1], prefix: "c"), rules: rules).spearman == nil)
        // out-of-range changes are ignored: 4 valid points remain
        let noisy = four + [(respondentID: "z", frequency: .consistently, change: 9)]
        #expect(FollowUpRelation.analyse(answers: noisy, rules: rules).n == 4)
    }
}
