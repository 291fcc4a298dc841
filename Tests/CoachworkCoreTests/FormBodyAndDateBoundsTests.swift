import Foundation
import Testing
@testable import CoachworkCore

@Suite struct FormBodyTests {
    @Test func decodesPlusAndEscapesInOrder() throws {
        let fields = try FormBody.parse(Array("a=1+2&b=Zo%C3%AB&a=x%26y&empty=&flag".utf8))
        #expect(fields == [.init(name: "a", value: "1 2"), .init(name: "b", value: "Zoë"), .init(name: "a", value: "x&y"),
                           .init(name: "empty", value: ""), .init(name: "flag", value: "")])
    }

    @Test func refusesBytesThatAreNotUTF8NamingTheField() {
        for body in ["name=Zo%FF", "name=%ED%A0%80", "name=%C3", "name=100%", "name=%G1"] {
            #expect(throws: DomainError.self, "\(body)") { try FormBody.parse(Array(body.utf8)) }
        }
        do {
            _ = try FormBody.parse(Array("ok=1&name=Zo".utf8) + [0xFF])
            Issue.record("raw 0xFF accepted")
        } catch {
            #expect(error.field == "name")
            #expect(error.code == "invalid_text")
        }
        #expect((try? FormBody.parse(Array("%FF=x".utf8))) == nil)
    }
}

@Suite struct DateBoundsTests {
    @Test func plannedDaysRunFrom2000ToTenYearsAhead() throws {
        let bounds = DateBounds.plannedDay
        #expect(bounds.days(today: "2026-12-07") == ("2000-01-01", "2036-12-07"))
        #expect(bounds.days(today: "2028-02-29").latest == "2038-02-28")
        #expect(throws: DomainError.self) { try bounds.check("9999-12-31", today: "2026-12-07", field: "goals[0].targetDate") }
        #expect(throws: DomainError.self) { try bounds.check("1999-12-31", today: "2026-12-07", field: "heldOn") }
        try bounds.check("2000-01-01", today: "2026-12-07", field: "heldOn")
        try bounds.check("2036-12-07", today: "2026-12-07", field: "heldOn")
        #expect((try? CalendarDate.parse("2037-01-01", field: "dueDate", within: bounds, today: "2026-12-07")) == nil)
    }

    @Test func meetingsStartAtMostTwoYearsBackAndFiveAhead() {
        let now = Date(timeIntervalSince1970: 1_796_601_600) // 2026-12-07
        #expect(DateBounds.meetingStart.contains(now.addingTimeInterval(-86_400 * 700), now: now))
        #expect(!DateBounds.meetingStart.contains(now.addingTimeInterval(-86_400 * 800), now: now))
        #expect(DateBounds.meetingStart.contains(now.addingTimeInterval(86_400 * 1_800), now: now))
        #expect(!DateBounds.meetingStart.contains(now.addingTimeInterval(86_400 * 1_900), now: now))
    }
}
