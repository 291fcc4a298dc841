import Testing
@testable import CoachworkCore

/// "Can't say / no chance to observe" in a mini-survey (issue 12): not a change of 0; out of n and every figure;
/// counted apart, and withheld when the item's respondents are fewer than the threshold.
@Suite struct ProgressCantSayTests {
    private func answers(_ changes: [Int?]) -> [ProgressAnswer] {
        changes.enumerated().map { ProgressAnswer(respondentID: "r\($0.offset + 1)", competencyID: "a", change: $0.element) }
    }

    private func item(_ changes: [Int?], invited: Int = 8) throws -> ProgressItemStatistics {
        try #require(ProgressItemStatistics.aggregate(answers(changes), competencyIDs: ["a"], invited: invited).first)
    }

    @Test func cantSayIsNoZero() throws {
        // Arrange, act: +1, +2, +2, +3 and two "can't say", of 8 invited
        let withCantSay = try item([1, nil, 2, 2, nil, 3])
        // Assert: exactly the figures of the four values alone (see ProgressItemStatisticsTests: mean 2,
        // s = sqrt(2/3) = 0.8165, CI clamped [0.701, 3]); response rate 4 / 8, not 6 / 8; 2 could not say.
        let alone = try item([1, 2, 2, 3])
        #expect(withCantSay.n == 4 && withCantSay.responseRate == 0.5 && withCantSay.cantSay == 2)
        #expect(withCantSay.mean == 2 && withCantSay.standardDeviation == alone.standardDeviation)
        #expect(withCantSay.confidenceInterval == alone.confidenceInterval)
        #expect(withCantSay.distribution == [-3: 0, -2: 0, -1: 0, 0: 0, 1: 1, 2: 2, 3: 1])   // nothing in 0
        #expect(withCantSay.shareImproved == 1 && withCantSay.netScore == 1 && withCantSay.benchmark == .reached)
        #expect(alone.cantSay == 0)
        // Read as zeros they would give mean 8 / 6 = 1.333: the bug this guards against.
        #expect(try item([1, 0, 2, 2, 0, 3]).mean != withCantSay.mean)
    }

    @Test func theLastAnswerOfARespondentCounts() throws {
        let input = [ProgressAnswer(respondentID: "r1", competencyID: "a", change: 2),
                     ProgressAnswer(respondentID: "r1", competencyID: "a", change: nil),   // replaces the +2
                     ProgressAnswer(respondentID: "r2", competencyID: "a", change: nil),
                     ProgressAnswer(respondentID: "r2", competencyID: "a", change: -1),    // replaces "can't say"
                     ProgressAnswer(respondentID: "r3", competencyID: "a", change: 9),     // out of range: ignored
                     ProgressAnswer(respondentID: "r4", competencyID: "a", change: 1)]
        let stats = try #require(ProgressSurveyResults.aggregate(input, competencyIDs: ["a"], invited: 4).first)
        // r2 -1 and r4 +1 scored (n 2), r1 could not say: 3 respondents reach the threshold of 3.
        #expect(stats.n == 2 && stats.cantSay == 1 && stats.suppressed && stats.mean == nil)
    }

    @Test func theCountIsWithheldBelowTheThreshold() throws {
        // Two respondents, one of them "can't say": fewer than 3, so the count would describe one person.
        let small = try item([2, nil], invited: 5)
        #expect(small.n == 1 && small.cantSay == nil && small.suppressed)
        // Only "can't say" from three: n 0, every figure suppressed, the count of the three shown.
        let none = try item([nil, nil, nil], invited: 5)
        #expect(none.n == 0 && none.cantSay == 3 && none.suppressed && none.responseRate == 0)
        // A threshold of 4 withholds what 3 would show.
        let strict = try #require(ProgressItemStatistics.aggregate(answers([1, 2, nil]), competencyIDs: ["a"], invited: 5,
                                                                   rules: AnonymityRules(ratingThreshold: 4)).first)
        #expect(strict.cantSay == nil)
    }

    @Test func theClientTicksOnlyTheirOwnActions() {
        let policy = AccessPolicy()
        #expect(ActionOwner.isClients(nil, clientName: "Zoë Client") && ActionOwner.isClients("  ", clientName: "Zoë Client"))
        #expect(ActionOwner.isClients("Client and coach", clientName: "Zoë Client"))
        #expect(ActionOwner.isClients("zoë client", clientName: "Zoë Client"))
        #expect(!ActionOwner.isClients("Coach", clientName: "Zoë Client") && !ActionOwner.isClients("Sponsor", clientName: "Zoë Client"))
        #expect(!ActionOwner.isClients("Clientele team", clientName: "Zoë Client"))
        let own = AccessContext(idpShared: true, ownsIDPAction: true)
        #expect(policy.allows(.client, .update, .idpActionStatus, context: own))
        #expect(!policy.allows(.client, .update, .idpActionStatus, context: AccessContext(idpShared: true)))
        #expect(policy.allows(.coach, .update, .idpActionStatus))
        for role in [Role.sponsor, .hrPartner, .admin, .stakeholder] {
            #expect(!policy.allows(role, .update, .idpActionStatus, context: own), "\(role)")
        }
    }
}
