import Foundation
import CoachworkCore

extension AppConfig {
    /// Reads the configuration from environment variables (see `.env.example`).
    ///
    /// - Parameter env: the variables, normally `ProcessInfo.processInfo.environment`.
    /// - Throws: ``ConfigError`` naming *every* malformed setting at once, so an operator
    ///   fixes them in one go.
    public static func fromEnvironment(_ env: [String: String]) throws(ConfigError) -> AppConfig {
        var reader = EnvironmentReader(env: env)
        let database: Database
        if let url = reader.string("DATABASE_URL") {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                database = .postgres(url: url)
            } else {
                reader.fail("DATABASE_URL", "must be a postgres:// URL, got \"\(url)\"")
                database = .sqliteMemory
            }
        } else {
            database = .sqlite(path: reader.string("COACHWORK_SQLITE_PATH") ?? "data/coachwork.sqlite")
        }
        let host = reader.string("COACHWORK_HOST") ?? "127.0.0.1"
        let port = reader.integer("COACHWORK_PORT", default: 8080, range: 1...65535)
        var baseURL = reader.string("COACHWORK_BASE_URL") ?? "http://\(host):\(port)"
        if let url = URL(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil {
            while baseURL.hasSuffix("/") { baseURL.removeLast() }
        } else {
            reader.fail("COACHWORK_BASE_URL", "must be an absolute http(s) URL such as https://coaching.example.com")
        }
        let transport: MailTransport
        switch reader.string("COACHWORK_MAIL_TRANSPORT") ?? "folder" {
        case "folder": transport = .folder
        case "sendmail": transport = .sendmail(path: reader.string("COACHWORK_SENDMAIL_PATH") ?? "/usr/sbin/sendmail")
        case let other:
            reader.fail("COACHWORK_MAIL_TRANSPORT", "must be folder or sendmail, got \"\(other)\"")
            transport = .folder
        }
        let from = reader.mailbox("COACHWORK_MAIL_FROM") ?? MailAddress(name: "Coachwork", email: "coachwork@localhost")
        let adminEmail = reader.string("COACHWORK_ADMIN_EMAIL")?.lowercased() ?? "admin@coachwork.local"
        if !MailAddress.isValidEmail(adminEmail) {
            reader.fail("COACHWORK_ADMIN_EMAIL", "must be an email address, got \"\(adminEmail)\"")
        }
        let config = AppConfig(
            database: database, host: host, port: port, baseURL: baseURL,
            mailDirectory: reader.string("COACHWORK_MAIL_DIR") ?? "data/mail",
            mailTransport: transport, mailFrom: from, firstAdminEmail: adminEmail,
            personalLinkHours: reader.integer("COACHWORK_LINK_HOURS", default: 72, range: 1...24 * 90),
            autoMigrate: reader.boolean("COACHWORK_AUTO_MIGRATE", default: true),
            runsOutboxWorker: reader.boolean("COACHWORK_OUTBOX_WORKER", default: true),
            outboxPollSeconds: reader.integer("COACHWORK_OUTBOX_POLL_SECONDS", default: 5, range: 1...3600))
        var found = config
        found.trustForwardedFor = reader.boolean("COACHWORK_TRUST_FORWARDED_FOR", default: false)
        found.postgresConnectionsPerEventLoop = reader.integer("COACHWORK_PG_CONNECTIONS_PER_CORE", default: 4, range: 1...64)
        if let path = reader.string("COACHWORK_CHROMIUM") {
            if FileManager.default.isExecutableFile(atPath: path) { found.chromiumPath = path }
            else { reader.fail("COACHWORK_CHROMIUM", "must be an executable Chromium, got \"\(path)\"") }
        } else {
            found.chromiumPath = PDFRenderer.detect(path: env["PATH"] ?? "/usr/bin:/bin")
        }
        guard reader.problems.isEmpty else { throw ConfigError(problems: reader.problems) }
        return found
    }
}

/// Collects typed values and every problem while reading the environment.
private struct EnvironmentReader {
    let env: [String: String]
    var problems: [(name: String, message: String)] = []

    /// The trimmed value, `nil` when unset or blank.
    func string(_ name: String) -> String? {
        guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    mutating func fail(_ name: String, _ message: String) { problems.append((name, message)) }

    mutating func integer(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
        guard let raw = string(name) else { return value }
        guard let number = Int(raw), range.contains(number) else {
            fail(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(raw)\"")
            return value
        }
        return number
    }

    mutating func boolean(_ name: String, default value: Bool) -> Bool {
        guard let raw = string(name)?.lowercased() else { return value }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            fail(name, "must be true or false, got \"\(raw)\"")
            return value
        }
    }

    /// Parses `Name <email>` or a bare `email`.
    mutating func mailbox(_ name: String) -> MailAddress? {
        guard let raw = string(name) else { return nil }
        var display: String? = nil
        var email = raw
        if let open = raw.lastIndex(of: "<"), raw.hasSuffix(">") {
            display = raw[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            email = String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)])
        }
        guard MailAddress.isValidEmail(email) else {
            fail(name, "must be an address like \"Coachwork <coaching@example.com>\", got \"\(raw)\"")
            return nil
        }
        return MailAddress(name: display?.isEmpty == true ? nil : display, email: email)
    }
}
