import Foundation
import Testing
@testable import CoachworkCore

@Suite struct AnonymityRulesTests {
    @Test func rulesNormaliseThresholds() {
        #expect(AnonymityRules() == AnonymityRules(ratingThreshold: 3, commentThreshold: 3, showManagerSeparately: false))
        let zero = AnonymityRules(ratingThreshold: 0, commentThreshold: -2)   // both raised to 1
        #expect(zero.ratingThreshold == 1 && zero.commentThreshold == 1)
        let lower = AnonymityRules(ratingThreshold: 4, commentThreshold: 2)   // comments never below ratings: 4
        #expect(lower.commentThreshold == 4)
        #expect(AnonymityRules(ratingThreshold: 3, commentThreshold: 5).commentThreshold == 5)
    }

    @Test func rulesDecodeNormalisedWithDefaults() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(AnonymityRules.self, from: Data("{}".utf8)) == AnonymityRules())
        let stored = try decoder.decode(AnonymityRules.self, from: Data(#"{"ratingThreshold":5,"commentThreshold":2}"#.utf8))
        #expect(stored == AnonymityRules(ratingThreshold: 5, commentThreshold: 5))
        let rules = AnonymityRules(ratingThreshold: 4, commentThreshold: 6, showManagerSeparately: true)
        #expect(try decoder.decode(AnonymityRules.self, from: JSONEncoder().encode(rules)) == rules)
    }
}
