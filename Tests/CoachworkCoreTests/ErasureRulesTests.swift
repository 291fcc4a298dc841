import Foundation
import Testing
@testable import CoachworkCore

/// The erasure and retention rules of issue 12, without a database.
@Suite struct ErasureRulesTests {
    let e = UUID()

    @Test("a client always blocks; sponsor, HR partner and senior executive block only while the engagement runs")
    func personRules() throws {
        func check(_ part: PersonEngagementPart.Part, ongoing: Bool) -> String? {
            do { try ErasureRules.checkPerson([.init(engagementID: e, part: part, ongoing: ongoing, label: "X")]); return nil }
            catch { return error.details.first?.code }
        }
        #expect(check(.client, ongoing: false) == "client_of_engagement")
        #expect(check(.client, ongoing: true) == "client_of_engagement")
        for part in [PersonEngagementPart.Part.sponsor, .hrPartner, .seniorExecutive] {
            #expect(check(part, ongoing: true) == "party_of_running_engagement", "\(part)")
            #expect(check(part, ongoing: false) == nil, "\(part)")
        }
        #expect(check(.stakeholder, ongoing: true) == nil)
        #expect(throws: Never.self) { try ErasureRules.checkPerson([]) }
        // Each blocking engagement is named, in order.
        let other = UUID()
        do {
            try ErasureRules.checkPerson([.init(engagementID: e, part: .client, ongoing: false, label: "A"),
                                          .init(engagementID: other, part: .sponsor, ongoing: true, label: "B")])
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == "erasure_blocked" && error.kind == .conflict)
            #expect(error.details.map(\.field) == [e.uuidString.lowercased(), other.uuidString.lowercased()])
        }
    }

    @Test("only an ended engagement may be erased")
    func engagementRule() {
        for status in EngagementStatus.allCases {
            let allowed = (try? ErasureRules.canEraseEngagement(status: status)) != nil
            #expect(allowed == !status.isOngoing, "\(status)")
        }
    }

    @Test("retention periods: 1 to 120 months, notes not longer than the engagement, calendar months in UTC")
    func retention() throws {
        #expect(throws: DomainError.self) { try RetentionPolicy(privateNotesMonths: 0).validated() }
        #expect(throws: DomainError.self) { try RetentionPolicy(engagementMonths: 121).validated() }
        do { _ = try RetentionPolicy(privateNotesMonths: 12, engagementMonths: 6).validated(); Issue.record("expected a refusal") }
        catch let error as DomainError { #expect(error.field == "privateNotesMonths") }
        #expect(try RetentionPolicy(privateNotesMonths: 6, engagementMonths: 6).validated().engagementMonths == 6)
        #expect(RetentionPolicy().privateNotesCutoff(now: Date()) == nil && RetentionPolicy().engagementCutoff(now: Date()) == nil)
        // 31 March 2027 minus one month is 28 February 2027 (no 31st).
        let now = try Date("2027-03-31T12:00:00Z", strategy: .iso8601)
        let cutoff = try #require(RetentionPolicy(privateNotesMonths: 1).privateNotesCutoff(now: now))
        #expect(cutoff == (try Date("2027-02-28T12:00:00Z", strategy: .iso8601)))
        let year = try #require(RetentionPolicy(engagementMonths: 12).engagementCutoff(now: now))
        #expect(year == (try Date("2026-03-31T12:00:00Z", strategy: .iso8601)))
    }
}
