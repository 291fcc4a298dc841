import Testing
@testable import CoachworkCore

@Suite struct ProgressSurveyResultsTests {
    private func answers(_ competency: String, _ changes: [Int], prefix: String = "r") -> [ProgressAnswer] {
        changes.enumerated().map { ProgressAnswer(respondentID: "\(prefix)\($0.offset + 1)", competencyID: competency, change: $0.element) }
    }

    @Test func statisticsMatchHandComputation() throws {
        // listening: +2, +1, 0, +3, -1 from 5 of 8 invited
        let result = try #require(ProgressSurveyResults.aggregate(answers("listening", [2, 1, 0, 3, -1]),
                                                                  competencyIDs: ["listening"], invited: 8).first)
        #expect(result.n == 5 && result.invited == 8 && !result.suppressed)
        #expect(result.responseRate == 0.625)                          // 5 / 8
        #expect(result.mean == 1.0)                                    // (2 + 1 + 0 + 3 - 1) / 5 = 5 / 5
        // deviations from 1: 1, 0, -1, 2, -2; squares 1 + 0 + 1 + 4 + 4 = 10; sample variance 10 / (5 - 1) = 2.5
        let sd = try #require(result.standardDeviation)
        #expect(abs(sd - 1.5811388300841898) < 1e-12)                 // sqrt(2.5)
        #expect(result.distribution == [-3: 0, -2: 0, -1: 1, 0: 1, 1: 1, 2: 1, 3: 1])
        #expect(result.shareImproved == 0.6)                           // +2, +1, +3 -> 3 / 5
    }

    @Test func nonIntegerMeanIsExact() throws {
        // delegation: +1, +2, +2 -> mean 5/3 = 1.666..., shown "1.7"
        let result = try #require(ProgressSurveyResults.aggregate(answers("delegation", [1, 2, 2]),
                                                                  competencyIDs: ["delegation"], invited: 3).first)
        #expect(result.mean == 5.0 / 3.0)
        #expect(formatOneDecimal(try #require(result.mean)) == "1.7")
        // deviations -2/3, 1/3, 1/3; squares 4/9 + 1/9 + 1/9 = 6/9 = 2/3; variance (2/3) / 2 = 1/3
        #expect(abs(try #require(result.standardDeviation) - (1.0 / 3.0).squareRoot()) < 1e-12)   // 0.57735...
        #expect(result.responseRate == 1.0)                            // 3 / 3
        #expect(result.distribution == [-3: 0, -2: 0, -1: 0, 0: 0, 1: 1, 2: 2, 3: 0])
        #expect(result.shareImproved == 1.0)                           // 3 / 3
    }

    @Test func itemBelowThresholdIsSuppressed() throws {
        let input = answers("a", [3, -2]) + answers("b", [0, 0, -3], prefix: "s")
        let results = ProgressSurveyResults.aggregate(input, competencyIDs: ["a", "b", "c"], invited: 8)
        // a: n 2 < 3 -> suppressed, but n and response rate 2 / 8 = 0.25 still reported
        #expect(results[0] == ProgressItemResult(competencyID: "a", n: 2, invited: 8, responseRate: 0.25, suppressed: true,
                                                 mean: nil, standardDeviation: nil, distribution: nil, shareImproved: nil))
        // b: n 3 == threshold -> shown; mean (0 + 0 - 3) / 3 = -1.0; share improved 0 / 3 = 0
        #expect(!results[1].suppressed && results[1].mean == -1.0 && results[1].shareImproved == 0)
        // deviations 1, 1, -2; squares 1 + 1 + 4 = 6; variance 6 / 2 = 3; sd sqrt(3)
        #expect(abs(try #require(results[1].standardDeviation) - 3.0.squareRoot()) < 1e-12)
        // c: nobody answered
        #expect(results[2].n == 0 && results[2].suppressed && results[2].responseRate == 0)
    }

    @Test func lowerThresholdAndSingleAnswerHasNoStandardDeviation() throws {
        let result = try #require(ProgressSurveyResults.aggregate(answers("a", [2]), competencyIDs: ["a"],
                                                                  invited: 4, threshold: 1).first)
        #expect(!result.suppressed && result.mean == 2.0 && result.standardDeviation == nil)
        #expect(result.responseRate == 0.25)                           // 1 / 4
    }

    @Test func defensiveCountingRules() throws {
        let input = [
            ProgressAnswer(respondentID: "r1", competencyID: "a", change: 1),
            ProgressAnswer(respondentID: "r1", competencyID: "a", change: 3),    // resubmission: last one counts
            ProgressAnswer(respondentID: "r2", competencyID: "a", change: 4),    // out of -3...3: ignored
            ProgressAnswer(respondentID: "r3", competencyID: "a", change: -5),   // out of -3...3: ignored
            ProgressAnswer(respondentID: "r4", competencyID: "a", change: -1),
            ProgressAnswer(respondentID: "r5", competencyID: "a", change: 1),
            ProgressAnswer(respondentID: "r6", competencyID: "z", change: 3),    // not asked for: ignored
        ]
        let results = ProgressSurveyResults.aggregate(input, competencyIDs: ["a"], invited: 2)
        #expect(results.count == 1)
        // counted: 3, -1, 1 -> n 3, mean 3 / 3 = 1.0, share improved 2 / 3
        #expect(results[0].n == 3 && results[0].mean == 1.0 && results[0].shareImproved == 2.0 / 3.0)
        #expect(results[0].responseRate == 1.0)                        // 3 / 2 capped at 1
        #expect(ProgressSurveyResults.aggregate(input, competencyIDs: ["a"], invited: 0)[0].responseRate == 0)
    }

    @Test func formatsOneDecimalWithPOSIXPoint() {
        #expect(formatOneDecimal(11.0 / 3.0) == "3.7")
        #expect(formatOneDecimal(4) == "4.0")
        #expect(formatOneDecimal(3.65) == "3.7")     // 36.5 tenths, half away from zero
        #expect(formatOneDecimal(-0.25) == "-0.3")
        #expect(formatOneDecimal(-0.04) == "0.0")    // never "-0.0"
        #expect(formatOneDecimal(-7.0 / 3.0) == "-2.3")
        #expect(formatOneDecimal(1234.56) == "1234.6")
        #expect(formatOneDecimal(.nan) == "—")
    }
}
