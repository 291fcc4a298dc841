import Foundation

/// Rules for text that people type, applied before anything is stored.
public enum TextInput {
    /// Unicode NFC (Unicode Standard Annex #15) with surrounding whitespace and newlines
    /// removed, and control characters other than line breaks and tabs dropped (a NUL or an
    /// escape code has no place in a name or a note, and some databases refuse NUL).
    public static func normalized(_ text: String) -> String {
        let kept = text.unicodeScalars.filter { scalar in
            !(scalar.properties.generalCategory == .control) || scalar == "\n" || scalar == "\t" || scalar == "\r"
        }
        return String(String.UnicodeScalarView(kept)).precomposedStringWithCanonicalMapping
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// ``normalized(_:)`` then `nil` when the result is empty: for optional fields.
    public static func optional(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = normalized(text)
        return value.isEmpty ? nil : value
    }

    /// A required field: normalised, non-empty and at most `maxLength` characters.
    ///
    /// - Throws: ``DomainError`` (`invalid`, naming `field`) when empty or too long.
    public static func required(_ text: String?, field: String, label: String, maxLength: Int = 200) throws(DomainError) -> String {
        guard let value = optional(text) else {
            throw .invalid(field, "\(label) is required.", code: "required")
        }
        guard value.count <= maxLength else {
            throw .invalid(field, "\(label) must be at most \(maxLength) characters.", code: "too_long")
        }
        return value
    }

    /// An email address, lower-cased and checked with ``MailAddress/isValidEmail(_:)``.
    ///
    /// - Throws: ``DomainError`` (`invalid`, naming `field`) when missing or malformed.
    public static func email(_ text: String?, field: String = "email") throws(DomainError) -> String {
        let value = try required(text, field: field, label: "Email address", maxLength: 254).lowercased()
        guard MailAddress.isValidEmail(value) else {
            throw .invalid(field, "Enter an email address like name@example.com.", code: "invalid_email")
        }
        return value
    }

    /// An IANA time zone identifier known to this system (e.g. `Europe/Berlin`).
    ///
    /// - Throws: ``DomainError`` (`invalid`, naming `field`) for an unknown zone.
    public static func timeZone(_ text: String?, field: String = "timeZone") throws(DomainError) -> String {
        // Names are shown with spaces ("America/New York"); IANA's have underscores.
        let value = try required(text, field: field, label: "Time zone", maxLength: 64).replacingOccurrences(of: " ", with: "_")
        guard TimeZone(identifier: value) != nil, value.contains("/") || value == "UTC" else {
            throw .invalid(field, "\(value) is not an IANA time zone such as Europe/Berlin.", code: "invalid_time_zone")
        }
        return value
    }
}
