/// The part of one audit-trail entry that its hash covers, and the canonical text that is hashed.
///
/// The trail is a hash chain: entry *n* stores `SHA-256(previous hash ‖ canonical(entry n))`, the
/// genesis entry's previous hash is ``AuditRecord/genesisHash``. Changing, inserting or deleting any
/// entry changes every later hash, so a verifier that recomputes the chain (``AuditChainCheck``) and
/// compares the last hash with the stored head finds it (the same construction as a Merkle–Damgård
/// log; cf. Schneier & Kelsey, "Secure audit logs to support computer forensics", ACM TISSEC 1999).
///
/// Every field a reader is shown is covered, the actor's display name included (a name changed by
/// hand would otherwise attribute an action to someone else while the chain still verified).
public struct AuditRecord: Sendable, Equatable {
    /// Position in the trail, from 1, without gaps.
    public var sequence: Int64
    /// When it happened: milliseconds since 1970-01-01T00:00:00Z (UTC).
    public var atMilliseconds: Int64
    /// The engagement concerned, as a lower-case UUID string; `nil` for practice-wide events
    /// (sign-ins, settings).
    public var engagementID: String?
    /// Who acted: `user:<uuid>`, `person:<uuid>`, `system` or `anonymous` (an unknown email at sign-in: what was typed is never kept) or `legacy` (before migration 012).
    public var actorID: String
    /// The actor's display name and role when acting, e.g. "Ana Coach (coach)".
    public var actorName: String
    /// The actor's role when acting (`coach`, `client`, `admin`, `system`…).
    public var actorRole: String
    /// Stable snake_case code, e.g. `agreement_accepted`.
    public var action: String
    /// The object acted on, `<type>:<uuid>` (e.g. `meeting:…`), or `nil`.
    public var object: String?
    /// A sentence for people; never a rating, a comment or a private note.
    public var detail: String

    /// Creates a record (see the properties for the shapes).
    public init(sequence: Int64, atMilliseconds: Int64, engagementID: String?, actorID: String, actorName: String,
                actorRole: String, action: String, object: String?, detail: String) {
        self.sequence = sequence
        self.atMilliseconds = atMilliseconds
        self.engagementID = engagementID
        self.actorID = actorID
        self.actorName = actorName
        self.actorRole = actorRole
        self.action = action
        self.object = object
        self.detail = detail
    }

    /// The previous hash of the first entry: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The bytes to hash, as UTF-8 text: the previous hash, then each field as
    /// `<UTF-8 length>:<value>;` (a missing value is `-;`), so no two different records share a text
    /// whatever characters their fields hold.
    public func canonical(previousHash: String) -> String {
        let fields: [String?] = ["coachwork-audit-v1", previousHash, String(sequence), String(atMilliseconds), engagementID,
                                 actorID, actorName, actorRole, action, object, detail]
        return fields.map { field in field.map { "\($0.utf8.count):\($0);" } ?? "-;" }.joined()
    }
}

/// Verifies a trail entry by entry, in sequence order, with a caller-supplied SHA-256 (hex, lower
/// case): feed every stored entry to ``check(_:previousHash:hash:)``, then the stored head to
/// ``finish(headSequence:headHash:)``. Works in pages: it keeps only the last hash.
public struct AuditChainCheck {
    /// Why a trail does not verify.
    public enum Break: Equatable, Sendable, CustomStringConvertible {
        /// An entry's sequence is not the one expected (an entry before it was deleted or inserted).
        case gap(expected: Int64, found: Int64)
        /// An entry's stored previous hash is not the hash of the entry before it.
        case brokenLink(sequence: Int64)
        /// An entry's content does not give its stored hash (it was changed).
        case changed(sequence: Int64)
        /// The stored head does not match the last entry (entries at the end were deleted or added).
        case head(expectedSequence: Int64, foundSequence: Int64)

        public var description: String {
            switch self {
            case .gap(let expected, let found): "entry #\(expected) is missing (the next one found is #\(found))"
            case .brokenLink(let sequence): "entry #\(sequence) does not follow from the entry before it"
            case .changed(let sequence): "entry #\(sequence) was changed after it was written"
            case .head(let expected, let found): "the trail ends at entry #\(found), but its head says #\(expected): entries at the end were removed or added"
            }
        }
    }

    private let sha256: (String) -> String
    /// Entries checked so far.
    public private(set) var count: Int64 = 0
    private var lastHash = AuditRecord.genesisHash

    /// - Parameter sha256: SHA-256 of a UTF-8 string, as 64 lower-case hex digits.
    public init(sha256: @escaping (String) -> String) { self.sha256 = sha256 }

    /// Checks the next stored entry. - Returns: the first problem found, or `nil`.
    public mutating func check(_ record: AuditRecord, previousHash: String, hash: String) -> Break? {
        let expected = count + 1
        if record.sequence != expected { return .gap(expected: expected, found: record.sequence) }
        if previousHash != lastHash { return .brokenLink(sequence: record.sequence) }
        if sha256(record.canonical(previousHash: previousHash)) != hash { return .changed(sequence: record.sequence) }
        count = expected
        lastHash = hash
        return nil
    }

    /// Checks the stored head against the last entry checked. - Returns: the problem, or `nil`.
    public func finish(headSequence: Int64, headHash: String) -> Break? {
        if headSequence != count || headHash != lastHash { return .head(expectedSequence: headSequence, foundSequence: count) }
        return nil
    }
}
