import Foundation

/// What an import of people or stakeholders would do, shown as a preview before anything is stored
/// and carried out as one transaction: the rows to create, the rows skipped (and why), the rows with
/// errors (by line), and how the file was read.
public struct ImportPlan: Sendable, Equatable {
    /// What the rows become.
    public enum Kind: Sendable, Equatable {
        /// People of the directory (clients, sponsors, HR partners).
        case people
        /// Stakeholders of one engagement; each row needs a relationship.
        case stakeholders
    }

    /// One valid row, normalised (NFC, trimmed, whitespace runs in one-line fields collapsed).
    public struct Row: Sendable, Equatable {
        /// 1-based physical line the record starts on.
        public var line: Int
        public var name: String
        /// Lower-cased, valid (``TextInput/email(_:field:)``).
        public var email: String
        /// IANA identifier: the row's own, or the import's default.
        public var timeZone: String
        public var jobTitle: String?
        public var organisation: String?
        /// The stakeholder's group (never `self`); nil for people.
        public var relationship: RaterGroup?
    }

    /// Why a row is left out without being an error.
    public enum SkipReason: Sendable, Equatable {
        /// The same email (ignoring case) is on an earlier line of the file; that line counts.
        case duplicate(ofLine: Int)
        /// A person with this email exists already; they are left unchanged.
        case knownPerson
        /// This email is already a (not withdrawn) stakeholder of the engagement.
        case existingStakeholder
        /// This is the engagement's client, who rates themself in the self-assessment.
        case client

        /// A sentence for the preview and the API.
        public var message: String {
            switch self {
            case .duplicate(let line): "Merged: the same email address as line \(line) (compared ignoring case); line \(line) counts."
            case .knownPerson: "Already known: a person with this email address exists; skipped, nothing about them is changed."
            case .existingStakeholder: "Already a stakeholder of this engagement; skipped."
            case .client: "This is the client, who rates themself in the self-assessment, not as a stakeholder; skipped."
            }
        }

        /// A stable code for the API: `duplicate_in_file`, `known_person`, `existing_stakeholder`, `client`.
        public var code: String {
            switch self {
            case .duplicate: "duplicate_in_file"
            case .knownPerson: "known_person"
            case .existingStakeholder: "existing_stakeholder"
            case .client: "client"
            }
        }
    }

    /// A row left out, with its email (lower-cased) and why.
    public struct Skipped: Sendable, Equatable {
        public var line: Int
        public var email: String
        public var reason: SkipReason
    }

    /// People or stakeholders.
    public var kind: Kind
    /// How the bytes were read; nil when the file could not be read.
    public var encoding: ImportEncoding?
    /// The sniffed field separator; nil when the file could not be read.
    public var delimiter: CSVDelimiter?
    /// The rows that would be created, in file order.
    public var rows: [Row] = []
    /// The rows left out on purpose, in file order.
    public var skipped: [Skipped] = []
    /// Errors: file-level ones (line nil or the header's line) first, then by line; such rows are not imported.
    public var issues: [ImportIssue] = []
    /// Header cells that name no known column; their fields are not imported.
    public var ignoredColumns: [String] = []

    /// Creates an empty plan.
    public init(kind: Kind, encoding: ImportEncoding? = nil, delimiter: CSVDelimiter? = nil) {
        self.kind = kind
        self.encoding = encoding
        self.delimiter = delimiter
    }

    /// Whether there is anything to create: an import of nothing is refused, never reported as success.
    public var isImportable: Bool { !rows.isEmpty }

    /// Moves every row for which `reason` answers a reason from ``rows`` to ``skipped`` (kept in line order).
    /// Used for what only the database knows: existing people, stakeholders and the client.
    public mutating func skip(where reason: (Row) -> SkipReason?) {
        var kept: [Row] = []
        for row in rows {
            if let why = reason(row) { skipped.append(Skipped(line: row.line, email: row.email, reason: why)) } else { kept.append(row) }
        }
        rows = kept
        skipped.sort { $0.line < $1.line }
    }
}

/// An issue that stops a whole file (unreadable bytes, a never-closed quote) is the failure of a `Result`.
extension ImportIssue: Error {}
