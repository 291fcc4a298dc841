import Foundation

/// How long a practice keeps what an ended engagement holds (GDPR art. 5(1)(e), storage
/// limitation): the coach's private notes, and the engagement itself.
///
/// Periods are counted in calendar months (Gregorian, UTC) from the moment the engagement
/// ended (closed or cancelled). `nil` keeps the data until someone erases it by hand.
public struct RetentionPolicy: Sendable, Equatable {
    /// Months after the end that the coach's private notes (meeting notes only the coach reads)
    /// are deleted; `nil`: kept.
    public var privateNotesMonths: Int?
    /// Months after the end that the whole engagement is erased, keeping only the practice's
    /// anonymous aggregates; `nil`: kept.
    public var engagementMonths: Int?

    /// The periods a practice may choose: one month to ten years.
    public static let allowedMonths = 1...120

    /// Creates a policy; see the properties.
    public init(privateNotesMonths: Int? = nil, engagementMonths: Int? = nil) {
        self.privateNotesMonths = privateNotesMonths
        self.engagementMonths = engagementMonths
    }

    /// Checks the periods: each in ``allowedMonths``; private notes cannot outlive the
    /// engagement that holds them.
    /// - Throws: `invalid` ``DomainError`` naming the field (`privateNotesMonths`, `engagementMonths`).
    public func validated() throws -> RetentionPolicy {
        for (field, value) in [("privateNotesMonths", privateNotesMonths), ("engagementMonths", engagementMonths)] {
            if let value, !Self.allowedMonths.contains(value) {
                throw DomainError(.invalid, code: "retention_out_of_range",
                                  message: "Choose between \(Self.allowedMonths.lowerBound) and \(Self.allowedMonths.upperBound) months, or leave it empty to keep.",
                                  field: field)
            }
        }
        if let notes = privateNotesMonths, let whole = engagementMonths, notes > whole {
            throw DomainError(.invalid, code: "retention_notes_outlive_engagement",
                              message: "Private notes are erased with the engagement after \(whole) months; choose \(whole) months or fewer.",
                              field: "privateNotesMonths")
        }
        return self
    }

    /// The latest end an engagement may have for its private notes to be due for deletion at
    /// `now`: every engagement that ended at or before it is due. `nil` when notes are kept.
    public func privateNotesCutoff(now: Date) -> Date? { privateNotesMonths.map { Self.monthsBefore(now, $0) } }

    /// The latest end an engagement may have to be due for erasure at `now`; `nil` when kept.
    public func engagementCutoff(now: Date) -> Date? { engagementMonths.map { Self.monthsBefore(now, $0) } }

    /// `now` minus `months` calendar months in UTC (31 March minus one month is 28 or 29 February:
    /// the Gregorian calendar clamps to the month's last day).
    static func monthsBefore(_ now: Date, _ months: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: -months, to: now)!
    }
}
