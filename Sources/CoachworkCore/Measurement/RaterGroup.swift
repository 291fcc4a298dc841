import Foundation

/// Who a rater is relative to the client (the executive being coached) in a 360-degree assessment.
///
/// `allCases` order (self, manager, peer, direct report, customer, other) is the display order of
/// rater groups in results. Raw values are the stable codes stored and sent over the API.
public enum RaterGroup: String, Sendable, Codable, CaseIterable {
    /// The client rating themself. Raw value `"self"` (`self` is a Swift keyword, hence the underscore).
    case self_ = "self"
    /// The client's line manager (or sponsoring manager).
    case manager
    /// A colleague at the client's level.
    case peer
    /// Someone who reports to the client. Raw value `"direct_report"`.
    case directReport = "direct_report"
    /// An internal or external customer.
    case customer
    /// Any other stakeholder.
    case other

    /// Plural English heading for a results column: "Self", "Manager", "Peers", "Direct reports", "Customers", "Others".
    public var title: String {
        switch self {
        case .self_: "Self"
        case .manager: "Manager"
        case .peer: "Peers"
        case .directReport: "Direct reports"
        case .customer: "Customers"
        case .other: "Others"
        }
    }
}

/// One rater's 360 rating of one competency, or of one behaviour item of it.
///
/// `score` is on ``RatingScale/range`` (1...5); `nil` means "can't say" (the rater answered but had no basis to judge),
/// which never counts towards a group's n. Scores outside 1...5 are not rejected here (construction never fails);
/// ``AssessmentResults/aggregate(_:competencyIDs:threshold:)`` treats them like "can't say".
public struct Rating: Sendable, Equatable {
    /// Opaque, stable identifier of the rater (stakeholder or client); used only to count each rater once.
    public var raterID: String
    /// The rater's relationship to the client.
    public var group: RaterGroup
    /// Identifier of the rated competency in the engagement's pinned competency model.
    public var competencyID: String
    /// Score 1...5, or `nil` for "can't say".
    public var score: Int?
    /// The rated behaviour item of the competency, or `nil` when the competency is rated as a whole.
    /// ``AssessmentResults/aggregate(_:competencies:rules:)`` reads it; the competency-level
    /// ``AssessmentResults/aggregate(_:competencyIDs:threshold:)`` ignores it (each rater's last rating of the
    /// competency counts, whatever its item), so itemised ratings belong with the former.
    public var itemID: String?

    /// Creates a rating. No validation: out-of-range scores are ignored later by the aggregation.
    public init(raterID: String, group: RaterGroup, competencyID: String, score: Int?, itemID: String? = nil) {
        self.raterID = raterID
        self.group = group
        self.competencyID = competencyID
        self.score = score
        self.itemID = itemID
    }
}
