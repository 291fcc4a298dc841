import Foundation
import Testing
import CoachworkCore

@Suite struct PasswordRuleTests {
    @Test func aNewPasswordNeedsTwelveCharactersTypedTwiceAndDifferentFromTheCurrent() {
        #expect(PasswordRule.problems(new: "twelve chars", confirm: "twelve chars").isEmpty)
        #expect(PasswordRule.problems(new: "eleven char", confirm: "eleven char")["new"] != nil)
        #expect(PasswordRule.problems(new: nil, confirm: nil)["new"] != nil)
        #expect(PasswordRule.problems(new: "twelve chars", confirm: "twelve charS")["confirm"] != nil)
        #expect(PasswordRule.problems(new: "twelve chars", confirm: "twelve chars", current: "twelve chars")["new"] != nil)
        // Characters, not bytes: twelve emoji are twelve characters.
        let emoji = String(repeating: "🔑", count: 12)
        #expect(PasswordRule.problems(new: emoji, confirm: emoji).isEmpty)
    }

    @Test func aResetLinkLivesAnHourAndAnInvitationAWeek() {
        #expect(AccountTokenPurpose.passwordReset.lifetime == 3600)
        #expect(AccountTokenPurpose.invitation.lifetime == 7 * 24 * 3600)
        #expect(AccountTokenPurpose(rawValue: "password_reset") == .passwordReset)
    }
}
