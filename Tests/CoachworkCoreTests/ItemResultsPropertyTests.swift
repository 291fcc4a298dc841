import Testing
@testable import CoachworkCore

/// Properties of ``AssessmentResults/aggregate(_:competencies:rules:)`` checked over many generated assessments,
/// and its agreement with the competency-level ``AssessmentResults/aggregate(_:competencyIDs:threshold:)``.
@Suite struct ItemResultsPropertyTests {
    /// SplitMix64 (Steele, Lea & Flood 2014): a seeded generator, so every run checks the same cases.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// Raters of every group (0 to 4 each, one self), each answering each item with a score 1...5, "can't say",
    /// an out-of-range 6, or not at all.
    private func assessment(_ rng: inout SeededGenerator, items: [String?]) -> [Rating] {
        var ratings: [Rating] = []
        for group in RaterGroup.allCases {
            let raters = group == .self_ ? 1 : Int.random(in: 0...4, using: &rng)
            for index in 0..<raters {
                for item in items {
                    let answer = Int.random(in: 0...8, using: &rng)   // 1...5 score, 0 "can't say", 6 out of range
                    guard answer <= 6 else { continue }           // 7, 8: not answered
                    ratings.append(Rating(raterID: "\(group.rawValue)\(index)", group: group, competencyID: "c1",
                                          score: answer == 0 ? nil : answer, itemID: item))
                }
            }
        }
        return ratings.shuffled(using: &rng)
    }

    /// Every figure a reader can derive is "others" minus a set of shown groups; it must cover 0 or >= threshold
    /// raters. Shown cells are at or above the threshold; only shown cells have distributions.
    private func expectAnonymous(_ groups: [GroupScore], _ others: GroupScore, threshold: Int, merged: Bool) {
        #expect(!merged || !groups.contains { $0.group == "manager" })
        // The manager shown separately is DOMAIN.md's labelled exception: a public figure, below the threshold allowed.
        #expect(groups.allSatisfy { $0.mean == nil || $0.n >= threshold || (!merged && $0.group == "manager") })
        guard others.mean != nil else { return }
        let managerN = groups.first { $0.group == "manager" && $0.mean != nil }?.n ?? 0
        let shown = groups.filter { $0.group != "others" && $0.group != "manager" && $0.mean != nil }
        for mask in 0..<(1 << shown.count) {
            let subset = shown.indices.filter { mask & (1 << $0) != 0 }
            let residual = others.n - managerN - subset.reduce(0) { $0 + shown[$1].n }
            #expect(residual == 0 || residual >= threshold, "\(subset.map { shown[$0].group }) leaves \(residual)")
        }
    }

    @Test func noFigureIsolatesFewerThanTheThreshold() {
        var rng = SeededGenerator(state: 2024)
        for _ in 0..<400 {
            let rules = AnonymityRules(ratingThreshold: Int.random(in: 1...4, using: &rng),
                                       showManagerSeparately: Bool.random(using: &rng))
            let ratings = assessment(&rng, items: ["i1", "i2", "i3"])
            let result = AssessmentResults.aggregate(ratings, competencies: [("c1", ["i1", "i2", "i3"])], rules: rules)[0]
            let merged = !rules.showManagerSeparately
            expectAnonymous(result.groups, result.others, threshold: rules.ratingThreshold, merged: merged)
            for item in result.items {
                expectAnonymous(item.groups, item.others, threshold: rules.ratingThreshold, merged: merged)
                let visible = item.groups.filter { !$0.suppressed && $0.n > 0 }
                #expect(Set(item.distributions.keys) == Set(visible.map(\.group)))
                for cell in visible { #expect(item.distributions[cell.group]?.counts.values.reduce(0, +) == cell.n) }
                // "can't say" residual: others' respondents minus the shown groups' respondents
                if let others = item.distributions["others"], let cantSay = others.cantSay {
                    let shownRespondents = visible.filter { $0.group != "others" }
                        .reduce(0) { $0 + $1.n + (item.distributions[$1.group]?.cantSay ?? 0) }
                    let residual = item.others.n + cantSay - shownRespondents
                    #expect(residual == 0 || residual >= rules.ratingThreshold)
                }
            }
        }
    }

    @Test func aCompetencyRatedAsAWholeMatchesTheCompetencyLevelAggregate() {
        // With the manager as its own column (the competency-level function's behaviour), rating a competency
        // as a whole gives exactly the old results: same cells, same self score, no items.
        var rng = SeededGenerator(state: 7)
        for _ in 0..<300 {
            let threshold = Int.random(in: 1...4, using: &rng)
            // Without managers: the old function has no labelled-manager exception.
            let ratings = assessment(&rng, items: [nil]).filter { $0.group != .manager }
            let old = AssessmentResults.aggregate(ratings, competencyIDs: ["c1", "c2"], threshold: threshold)
            let new = AssessmentResults.aggregate(ratings, competencies: [("c1", []), ("c2", [])],
                                                  rules: AnonymityRules(ratingThreshold: threshold,
                                                                        showManagerSeparately: true))
            #expect(new == old)
        }
    }

    @Test func ratingsAreMatchedByCompetencyAndItem() throws {
        let ratings = [
            Rating(raterID: "p1", group: .peer, competencyID: "c1", score: 5),                // whole c1
            Rating(raterID: "p1", group: .peer, competencyID: "c1", score: 1, itemID: "i1"),  // not asked for c1
            Rating(raterID: "p2", group: .peer, competencyID: "c2", score: 4, itemID: "i1"),
            Rating(raterID: "p2", group: .peer, competencyID: "c2", score: 2),                // c2 is itemised
            Rating(raterID: "d1", group: .directReport, competencyID: "c2", score: nil, itemID: "i1"),
        ]
        let results = AssessmentResults.aggregate(ratings, competencies: [("c1", []), ("c2", ["i1", "i1"])],
                                                  rules: AnonymityRules(ratingThreshold: 1))
        #expect(results[0].others.mean == 5.0 && results[0].items.isEmpty)
        // i1 asked twice counts once: p2's 4 -> 4.0 (not (4 + 4) / 2 over a doubled item list, nor the 2)
        #expect(results[1].items.map(\.itemID) == ["i1"])
        #expect(results[1].others == GroupScore(group: "others", n: 1, mean: 4.0, suppressed: false))
        // same columns everywhere: direct reports answered only "can't say" and still have a column
        #expect(results[0].groups.map(\.group) == ["peer", "direct_report", "others"])
        #expect(results[1].items[0].groups.map(\.group) == ["peer", "direct_report", "others"])
    }

    @Test func clearingTheSelfScoreClearsEverySelfFigure() {
        let ratings = [Rating(raterID: "s", group: .self_, competencyID: "c1", score: 4, itemID: "i1"),
                       Rating(raterID: "s", group: .self_, competencyID: "c1", score: 5, itemID: "i2")]
        var result = AssessmentResults.aggregate(ratings, competencies: [("c1", ["i1", "i2"])])[0]
        #expect(result.selfMean == 4.5 && result.items.map(\.selfScore) == [4, 5])   // (4 + 5) / 2
        // The existing redaction for readers who may not see the self-rating:
        result.selfScore = nil
        #expect(result.selfMean == nil && result.items.allSatisfy { $0.selfScore == nil })

        let whole = CompetencyResult(competencyID: "c1", selfScore: 3, groups: [], others: GroupScore(
            group: "others", n: 0, mean: nil, suppressed: false))
        #expect(whole.selfMean == 3.0)
    }
}
