/// A refusal by the domain rules, with a stable machine code.
///
/// The server maps ``kind`` to an HTTP status and renders an HTML message or an RFC 9457
/// problem+json body whose `code` is ``code`` and whose `field` (when set) names the input
/// at fault. `message` is plain words safe to show to the person who caused it.
public struct DomainError: Error, Sendable, Equatable {
    /// What went wrong, in the terms of the HTTP status it maps to.
    public enum Kind: String, Sendable {
        /// Input is malformed or out of range (400/422).
        case invalid
        /// No one is signed in, or the credentials are wrong (401).
        case unauthenticated
        /// The access policy refused (403).
        case forbidden
        /// The thing does not exist, or the actor may not know it exists (404).
        case notFound
        /// The request clashes with the current state (409), e.g. an unmet exit criterion.
        case conflict
        /// A personal link that expired or was used (410).
        case gone
        /// Something the server needs is not installed or not running (503), e.g. Chromium for PDFs.
        case unavailable
    }

    /// The category, deciding the HTTP status.
    public var kind: Kind
    /// Stable snake_case code, e.g. `agreement_not_accepted`.
    public var code: String
    /// Plain-words explanation.
    public var message: String
    /// The input field at fault, as named in the form or JSON body (`nil` if none).
    public var field: String?
    /// Further details, e.g. each unmet exit criterion as (code, message).
    public var details: [Detail]

    /// One further detail of an error, e.g. an unmet exit criterion.
    public struct Detail: Sendable, Equatable, Codable {
        /// Stable code of the detail.
        public var code: String
        /// Plain words.
        public var message: String
        /// The input field this detail is about, if any.
        public var field: String?
        /// Creates a detail.
        public init(code: String, message: String, field: String? = nil) {
            self.code = code
            self.message = message
            self.field = field
        }
    }

    /// Creates an error.
    public init(_ kind: Kind, code: String, message: String, field: String? = nil, details: [Detail] = []) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.details = details
    }

    /// A field-level validation error (`invalid`), e.g. `.invalid("email", "Enter an email address.")`.
    public static func invalid(_ field: String, _ message: String, code: String = "invalid_field") -> DomainError {
        DomainError(.invalid, code: code, message: message, field: field)
    }

    /// The phase gate refused: a 409 listing every unmet criterion.
    public static func phaseGate(_ error: PhaseGateError, from phase: Phase) -> DomainError {
        switch error {
        case .alreadyClosed:
            DomainError(.conflict, code: "engagement_closed", message: "The engagement is closed.")
        case .criteriaUnmet(let unmet):
            DomainError(
                .conflict, code: "exit_criteria_unmet",
                message: "The \(phase.title.lowercased()) phase cannot end yet: \(unmet.count == 1 ? "1 exit criterion is" : "\(unmet.count) exit criteria are") unmet.",
                details: unmet.map { Detail(code: $0.rawValue, message: $0.message) })
        }
    }
}
