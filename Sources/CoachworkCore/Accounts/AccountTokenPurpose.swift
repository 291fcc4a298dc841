import Foundation

/// What an emailed account link lets its holder do: choose the password of an admin or coach
/// account. The link's token is random (256 bits) and stored only as a hash; see
/// `AccountToken` in the server.
public enum AccountTokenPurpose: String, Sendable, Codable, CaseIterable {
    /// A new account's first password (the admin created the account; nobody knows a password yet).
    case invitation
    /// A forgotten password, asked for at the sign-in page (or sent by an admin).
    case passwordReset = "password_reset"

    /// How long a link of this purpose works, in seconds: an invitation 7 days (the invitee may be
    /// away for a week), a reset 1 hour (it is asked for by someone who wants in now, and a reset
    /// link in a mailbox is a key to the account).
    public var lifetime: TimeInterval {
        switch self {
        case .invitation: 7 * 24 * 3600
        case .passwordReset: 3600
        }
    }

    /// The lifetime in plain words for pages and mails ("7 days", "1 hour").
    public var lifetimeText: String {
        switch self {
        case .invitation: "7 days"
        case .passwordReset: "1 hour"
        }
    }
}

/// The rules a new password must meet, wherever it is chosen (the change page, an invitation or a
/// reset link): the same messages everywhere.
public enum PasswordRule {
    /// Fewest characters (extended grapheme clusters) a password may have. Length beats composition
    /// rules (NIST SP 800-63B, section 5.1.1.2).
    public static let minimumLength = 12

    /// Checks a new password and its confirmation.
    /// - Parameters:
    ///   - new: the new password as typed (`nil`: missing).
    ///   - confirm: the same, typed again.
    ///   - current: the current password when the user typed it (must differ), else `nil`.
    /// - Returns: field name (`new`, `confirm`) -> message; empty when the password is acceptable.
    public static func problems(new: String?, confirm: String?, current: String? = nil) -> [String: String] {
        var errors: [String: String] = [:]
        let new = new ?? ""
        if new.count < minimumLength { errors["new"] = "Choose at least \(minimumLength) characters." }
        else if let current, new == current { errors["new"] = "Choose a password different from the current one." }
        if new != (confirm ?? "") { errors["confirm"] = "The two new passwords differ." }
        return errors
    }
}
