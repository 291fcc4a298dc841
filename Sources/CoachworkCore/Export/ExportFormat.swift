import Foundation

/// The formats of Coachwork's data exports (docs/EXPORT.md): their version strings, the file names
/// inside the ZIP, and a download name safe in a `Content-Disposition` header.
public enum ExportFormat {
    /// The `format` field of `engagement.json`; the number changes only when a field changes meaning or goes away
    /// (new fields may appear within a version).
    public static let engagement = "coachwork-engagement-export/1"
    /// The `format` field of `person.json` (a person's data export, GDPR Art. 15).
    public static let person = "coachwork-person-export/1"

    /// A part of an export that the exporting role may not read, so it was left out, with the policy's reason.
    public struct Omission: Sendable, Equatable, Codable {
        /// The part's name in `engagement.json` (e.g. `privateNotes`).
        public var part: String
        /// Why, in plain words (the access policy's reason).
        public var reason: String
        /// Creates an omission.
        public init(part: String, reason: String) {
            self.part = part
            self.reason = reason
        }
    }

    /// `text` as a file-name fragment: ASCII letters and digits, lower case, words joined by `-`,
    /// diacritics folded (`Zoë Ölund` → `zoe-olund`), at most `limit` characters; `fallback` when nothing is left.
    /// Used in `Content-Disposition: attachment; filename=…` (RFC 6266), where only plain ASCII is safe everywhere.
    public static func slug(_ text: String, limit: Int = 40, fallback: String = "export") -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = "", pendingDash = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
                if out.count >= limit { break }
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? fallback : out.lowercased()
    }

    /// The download name of an engagement export: `coachwork-engagement-<client>-<YYYY-MM-DD>.zip`.
    /// - Parameter date: the export's day, `YYYY-MM-DD` in the exporter's zone.
    public static func engagementFileName(clientName: String, date: String) -> String {
        "coachwork-engagement-\(slug(clientName, fallback: "client"))-\(slug(date, fallback: "today")).zip"
    }

    /// The download name of a person's data export: `coachwork-person-<name>-<YYYY-MM-DD>.zip`.
    public static func personFileName(name: String, date: String) -> String {
        "coachwork-person-\(slug(name, fallback: "person"))-\(slug(date, fallback: "today")).zip"
    }
}
