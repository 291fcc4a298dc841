import Testing
@testable import CoachworkCore

// Cross-check (Python 3.11, standard library only; t from the table in ConfidenceInterval):
//   import statistics as st, math
//   T = {1: 12.706, 2: 4.303, 3: 3.182}
//   def ci(xs): n = len(xs); m = st.mean(xs); s = st.stdev(xs); h = T[n-1]*s/math.sqrt(n); return m, s, h, m-h, m+h
// Output:
//   [1, 2, 2, 3]   (2, 0.816496580927726, 1.299046060256012, 0.7009539397439879, 3.2990460602560123)
//   [0, 1, 1, 2]   (1, 0.816496580927726, 1.299046060256012, -0.2990460602560121, 2.2990460602560123)
//   [-3, -3, -2]   (-2.6666666666666665, 0.5773502691896257, 1.4343333333333332, -4.101, -1.2323333333333333)
//   [-3, 3]        (0, 4.242640687119285, 38.117999999999995, -38.117999999999995, 38.117999999999995)
//   interpolation: t35 2.03  t200 1.972  t10000 1.96024
@Suite struct ConfidenceIntervalTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) < tolerance }

    @Test func intervalOfFourAnswersIsClampedAtPlusThree() throws {
        // Arrange, act: [1, 2, 2, 3]
        let interval = try #require(ConfidenceInterval(answers: [1, 2, 2, 3]))
        // Assert: mean 8 / 4 = 2; deviations -1, 0, 0, 1 -> squares 2 -> variance 2 / 3 -> s = 0.8165
        #expect(interval.n == 4 && interval.mean == 2 && interval.tCritical == 3.182)   // t(0.975, 3)
        // margin 3.182 * 0.8165 / sqrt(4) = 1.299 -> [0.701, 3.299], upper clamped to the scale's +3
        #expect(close(interval.marginOfError, 1.299046060256012))
        #expect(close(interval.lower, 0.7009539397439879))
        #expect(interval.upper == 3 && interval.isClamped)
    }

    @Test func intervalInsideTheScaleIsSymmetricAndNotClamped() throws {
        // [0, 1, 1, 2]: mean 1, same s and margin as above -> [-0.299, 2.299]
        let interval = try #require(ConfidenceInterval(answers: [0, 1, 1, 2]))
        #expect(close(interval.lower, -0.2990460602560121) && close(interval.upper, 2.2990460602560123))
        #expect(!interval.isClamped)
        // the same from summary figures: mean 1, s = sqrt(2/3), n 4
        #expect(ConfidenceInterval(mean: 1, standardDeviation: (2.0 / 3.0).squareRoot(), n: 4) == interval)
    }

    @Test func lowerBoundAndBothBoundsClamp() throws {
        // [-3, -3, -2]: mean -8/3; s = sqrt(1/3); t(2) = 4.303; margin 4.303 * 0.57735 / sqrt(3) = 1.4343
        // -> [-4.101, -1.2323], lower clamped to -3
        let low = try #require(ConfidenceInterval(answers: [-3, -3, -2]))
        #expect(low.lower == -3 && close(low.upper, -1.2323333333333333) && low.isClamped)
        #expect(close(low.marginOfError, 1.4343333333333332))
        // [-3, 3]: mean 0, s = sqrt(18); t(1) = 12.706; margin 12.706 * sqrt(18) / sqrt(2) = 12.706 * 3 = 38.118
        let wide = try #require(ConfidenceInterval(answers: [-3, 3]))
        #expect(wide.lower == -3 && wide.upper == 3 && close(wide.marginOfError, 38.118))
        // another scale: [1, 5] on 1...5 clamps to [1, 5]
        let rating = try #require(ConfidenceInterval(answers: [1, 5], scale: 1...5))
        #expect(rating.lower == 1 && rating.upper == 5)
    }

    @Test func fewerThanTwoAnswersOrBadFiguresGiveNoInterval() {
        #expect(ConfidenceInterval(answers: [2]) == nil)
        #expect(ConfidenceInterval(answers: []) == nil)
        #expect(ConfidenceInterval(mean: 1, standardDeviation: 0.5, n: 1) == nil)
        #expect(ConfidenceInterval(mean: .nan, standardDeviation: 0.5, n: 5) == nil)
        #expect(ConfidenceInterval(mean: 1, standardDeviation: -0.5, n: 5) == nil)
    }

    @Test func identicalAnswersGiveAPointInterval() throws {
        // [2, 2, 2]: s = 0 -> margin 0 -> [2, 2]
        let interval = try #require(ConfidenceInterval(answers: [2, 2, 2]))
        #expect(interval.lower == 2 && interval.upper == 2 && interval.marginOfError == 0 && !interval.isClamped)
    }

    @Test func tableValuesAndInterpolationInOneOverDF() throws {
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 0) == nil)
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 1) == 12.706)
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 3) == 3.182)
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 30) == 2.042)
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 40) == 2.021)
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 60) == 2.000)
        #expect(ConfidenceInterval.tCritical(degreesOfFreedom: 120) == 1.980)
        // df 35 between 30 and 40: 1/35 lies 4/7 of the way from 1/30 to 1/40 -> 2.042 - 0.021 * 4/7 = 2.030
        // (exact t(0.975, 35) = 2.0301)
        #expect(close(try #require(ConfidenceInterval.tCritical(degreesOfFreedom: 35)), 2.030))
        // df 200 between 120 and infinity (1/inf = 0): 1.960 + 0.020 * (1/200) / (1/120) = 1.960 + 0.012 = 1.972
        // (exact t(0.975, 200) = 1.9719)
        #expect(close(try #require(ConfidenceInterval.tCritical(degreesOfFreedom: 200)), 1.972))
        // df 10000: 1.960 + 0.020 * 120 / 10000 = 1.96024
        #expect(close(try #require(ConfidenceInterval.tCritical(degreesOfFreedom: 10_000)), 1.96024))
        // monotone decreasing across the whole range
        let values = (1...500).compactMap { ConfidenceInterval.tCritical(degreesOfFreedom: $0) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 })
    }
}
