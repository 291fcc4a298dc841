import Foundation

/// One engagement a person has a part in, as the erasure rules see it.
public struct PersonEngagementPart: Sendable, Equatable {
    /// The part, as DOMAIN.md names it (the senior executive counts as a sponsor here).
    public enum Part: String, Sendable { case client, sponsor, hrPartner = "hr_partner", seniorExecutive = "senior_executive", stakeholder }
    /// The engagement's id.
    public var engagementID: UUID
    /// What the person is in it.
    public var part: Part
    /// Whether the engagement is still running (active or paused).
    public var ongoing: Bool
    /// How to name the engagement to the admin (its client's name and objective, say).
    public var label: String

    /// Creates a part; see the properties.
    public init(engagementID: UUID, part: Part, ongoing: Bool, label: String) {
        self.engagementID = engagementID
        self.part = part
        self.ongoing = ongoing
        self.label = label
    }
}

/// When a person may be erased (GDPR art. 17, right to erasure), and what must happen first.
///
/// - An engagement's client: the engagement is the client's coaching record (agreement, notes,
///   IDP, results), so it is erased as a whole first (``canEraseEngagement(status:)``), which
///   keeps only the practice's anonymous aggregates.
/// - A sponsor, HR partner or senior executive of a running engagement: it needs them (they
///   accept, acknowledge, attend); close or cancel it first. Of an ended one: their name and
///   email are replaced, the engagement keeps its history.
/// - A stakeholder: always erasable. In a running engagement they are withdrawn (links revoked);
///   their submitted ratings stay as anonymous rows so no closed result changes.
public enum ErasureRules {
    /// Checks that a person with these parts may be erased now.
    /// - Throws: `conflict` ``DomainError`` `erasure_blocked` whose details name each engagement
    ///   in the way (code `client_of_engagement` or `party_of_running_engagement`) and what to do.
    public static func checkPerson(_ parts: [PersonEngagementPart]) throws(DomainError) {
        var blocking: [DomainError.Detail] = []
        for part in parts {
            switch part.part {
            case .client:
                blocking.append(.init(code: "client_of_engagement",
                                      message: "Client of \(part.label): \(part.ongoing ? "close or cancel the engagement, then erase it" : "erase the engagement first").",
                                      field: part.engagementID.uuidString.lowercased()))
            case .sponsor where part.ongoing, .hrPartner where part.ongoing, .seniorExecutive where part.ongoing:
                blocking.append(.init(code: "party_of_running_engagement",
                                      message: "\(part.part == .hrPartner ? "HR partner" : part.part == .sponsor ? "Sponsor" : "Senior executive") of the running engagement \(part.label): close or cancel it first.",
                                      field: part.engagementID.uuidString.lowercased()))
            default: break
            }
        }
        guard blocking.isEmpty else {
            throw DomainError(.conflict, code: "erasure_blocked",
                              message: "This person cannot be erased yet: \(blocking.count) engagement\(blocking.count == 1 ? " needs" : "s need") to be dealt with first.",
                              details: blocking)
        }
    }

    /// Whether an engagement in `status` may be erased: only once it ended (closed or
    /// cancelled); a running one has parties who still rely on it.
    /// - Throws: `conflict` ``DomainError`` `engagement_running`.
    public static func canEraseEngagement(status: EngagementStatus) throws(DomainError) {
        guard !status.isOngoing else {
            throw DomainError(.conflict, code: "engagement_running",
                              message: "The engagement is \(status.rawValue): close or cancel it before erasing it.")
        }
    }
}
