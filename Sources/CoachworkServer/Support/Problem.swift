import Vapor
import CoachworkCore

/// An RFC 9457 problem details body, extended with Coachwork's stable `code`, the
/// offending `field` and, where several things are wrong, `errors`.
struct Problem: Content, Sendable {
    /// URI naming the problem type: `urn:coachwork:problem:<code>`.
    var type: String
    /// Short summary of the type (the HTTP reason phrase).
    var title: String
    /// HTTP status code.
    var status: Int
    /// Plain-words explanation of this occurrence.
    var detail: String
    /// Stable machine code, e.g. `exit_criteria_unmet`.
    var code: String
    /// The request field at fault (JSON path, query or form name), if one is.
    var field: String?
    /// Further items, e.g. each unmet exit criterion.
    var errors: [DomainError.Detail]?

    /// Builds a problem for `status` with the given code and words.
    init(status: HTTPResponseStatus, code: String, detail: String, field: String? = nil, errors: [DomainError.Detail]? = nil) {
        self.type = "urn:coachwork:problem:\(code)"
        self.title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.code = code
        self.field = field
        self.errors = (errors?.isEmpty ?? true) ? nil : errors
    }
}

extension DomainError.Kind {
    /// The HTTP status each kind of domain error maps to.
    var status: HTTPResponseStatus {
        switch self {
        case .invalid: .unprocessableEntity
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .gone: .gone
        case .unavailable: .serviceUnavailable
        }
    }
}
