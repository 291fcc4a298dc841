import Fluent
import Foundation

/// A request for a sign-in link, queued by `POST /signin/link` and answered by the outbox worker.
///
/// The page does the same work (one insert) for every address, known or not, so its timing
/// reveals nothing about who is a known person; the worker looks the address up later.
final class SignInRequest: Model, @unchecked Sendable {
    static let schema = "sign_in_requests"

    // Identity
    @ID(key: .id) var id: UUID?

    // Data
    /// The address typed, normalised and lower-cased.
    @Field(key: "email") var email: String
    /// Where the link should land (already checked by `LocalPath`), if anywhere.
    @OptionalField(key: "next_path") var nextPath: String?
    /// When it was asked for (UTC).
    @Field(key: "requested_at") var requestedAt: Date

    init() {}

    init(email: String, nextPath: String?, requestedAt: Date) {
        self.email = email
        self.nextPath = nextPath
        self.requestedAt = requestedAt
    }
}
