import Foundation
import CoachworkCore

/// The whole configuration of a Coachwork server, read once at start-up from the
/// environment (documented in `.env.example`).
public struct AppConfig: Sendable {
    /// Where the data lives.
    public enum Database: Sendable, Equatable {
        /// An SQLite file, created with its folder on first run.
        case sqlite(path: String)
        /// An in-memory SQLite database (tests only; gone when the app stops).
        case sqliteMemory
        /// A PostgreSQL server, as a `postgres://user:pass@host:port/db?tlsmode=disable` URL.
        /// `schema` (tests only) isolates one run in its own schema.
        case postgres(url: String, schema: String? = nil)
    }

    /// How email leaves the outbox.
    public enum MailTransport: Sendable, Equatable {
        /// Write one RFC 5322 `.eml` file per message into ``AppConfig/mailDirectory``.
        case folder
        /// Pipe each message to this sendmail-compatible binary (`sendmail -i -t`).
        case sendmail(path: String)
    }

    /// Database to use (`DATABASE_URL`, else `COACHWORK_SQLITE_PATH`, default `data/coachwork.sqlite`).
    public var database: Database
    /// Address to listen on (`COACHWORK_HOST`, default `127.0.0.1`).
    public var host: String
    /// TCP port (`COACHWORK_PORT`, default `8080`).
    public var port: Int
    /// Public base URL used in emailed links, no trailing slash (`COACHWORK_BASE_URL`,
    /// default `http://HOST:PORT`).
    public var baseURL: String
    /// Folder for `.eml` files (`COACHWORK_MAIL_DIR`, default `data/mail`).
    public var mailDirectory: String
    /// Mail transport (`COACHWORK_MAIL_TRANSPORT` = `folder` | `sendmail`, with `COACHWORK_SENDMAIL_PATH`).
    public var mailTransport: MailTransport
    /// Sender of every email (`COACHWORK_MAIL_FROM`, default `Coachwork <coachwork@localhost>`).
    public var mailFrom: MailAddress
    /// Email of the first admin created on first run (`COACHWORK_ADMIN_EMAIL`).
    public var firstAdminEmail: String
    /// Lifetime of a personal link in hours (`COACHWORK_LINK_HOURS`, default 72).
    public var personalLinkHours: Int
    /// Run pending migrations at start-up (`COACHWORK_AUTO_MIGRATE`, default `true`).
    /// Turn off when several instances share one PostgreSQL and run `coachwork migrate` once.
    public var autoMigrate: Bool
    /// Run the outbox delivery worker in this process (`COACHWORK_OUTBOX_WORKER`, default `true`).
    public var runsOutboxWorker: Bool
    /// Seconds between outbox polls (`COACHWORK_OUTBOX_POLL_SECONDS`, default 5).
    public var outboxPollSeconds: Int

    /// Headless Chromium for PDF reports (`COACHWORK_CHROMIUM`, else the first of `chromium`,
    /// `chromium-browser`, `google-chrome` found on `PATH`; nil: no PDF, the page says so).
    public var chromiumPath: String? = nil

    /// bcrypt cost factor for passwords (default 12; tests use the minimum, 4, for speed).
    public var passwordCost: Int = 12

    /// Take the client address for rate limits from the last `X-Forwarded-For` entry
    /// (`COACHWORK_TRUST_FORWARDED_FOR`, default `false`): set it only behind a reverse proxy that
    /// appends that header, or every client could claim any address.
    public var trustForwardedFor: Bool = false
    /// PostgreSQL connections per event loop (one event loop per core; `COACHWORK_PG_CONNECTIONS_PER_CORE`,
    /// default 4). SQLite always has one per event loop: it has one writer, and readers share the file.
    public var postgresConnectionsPerEventLoop: Int = 4

    /// The rate limits (docs/SECURITY.md); tests may tighten them.
    public var rateLimits = RateLimits()

    /// How often guessable things may be tried, per bucket (see `RateLimiter`).
    public struct RateLimits: Sendable, Equatable {
        /// Password sign-in attempts per account (email), counted until a success.
        public var signInPerAccount = RateLimit(name: "signin:account", limit: 10, window: 15 * 60)
        /// Password sign-in attempts per client address.
        public var signInPerAddress = RateLimit(name: "signin:address", limit: 30, window: 15 * 60)
        /// Sign-in link requests per client address.
        public var linkRequestsPerAddress = RateLimit(name: "link-request:address", limit: 10, window: 15 * 60)
        /// Sign-in link emails per email address: one per few minutes, whoever asks.
        public var linkEmailsPerAddress = RateLimit(name: "link-email:email", limit: 1, window: 5 * 60)
        /// Personal-link submissions (POST /link/…) per client address.
        public var linkPostsPerAddress = RateLimit(name: "link-post:address", limit: 120, window: 10 * 60)
        /// "Forgot your password?" requests per client address (as many as sign-in link requests).
        public var passwordResetRequestsPerAddress = RateLimit(name: "reset-request:address", limit: 10, window: 15 * 60)
        /// Password reset emails per account email address: one per few minutes, whoever asks.
        public var passwordResetEmailsPerAddress = RateLimit(name: "reset-email:email", limit: 1, window: 5 * 60)
        /// The defaults above.
        public init() {}
    }

    /// Cookies get the `Secure` attribute when the base URL is HTTPS.
    public var secureCookies: Bool { baseURL.lowercased().hasPrefix("https://") }

    /// Creates a configuration; every value is explicit (tests build one directly).
    public init(
        database: Database, host: String = "127.0.0.1", port: Int = 8080,
        baseURL: String = "http://127.0.0.1:8080", mailDirectory: String = "data/mail",
        mailTransport: MailTransport = .folder,
        mailFrom: MailAddress = MailAddress(name: "Coachwork", email: "coachwork@localhost"),
        firstAdminEmail: String = "admin@coachwork.local", personalLinkHours: Int = 72,
        autoMigrate: Bool = true, runsOutboxWorker: Bool = true, outboxPollSeconds: Int = 5
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.baseURL = baseURL
        self.mailDirectory = mailDirectory
        self.mailTransport = mailTransport
        self.mailFrom = mailFrom
        self.firstAdminEmail = firstAdminEmail
        self.personalLinkHours = personalLinkHours
        self.autoMigrate = autoMigrate
        self.runsOutboxWorker = runsOutboxWorker
        self.outboxPollSeconds = outboxPollSeconds
    }
}

/// Start-up refused: one entry per missing or malformed setting.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// (environment variable, what is wrong with it).
    public var problems: [(name: String, message: String)]

    /// One line per problem, ready to print before exiting.
    public var description: String {
        (["Coachwork cannot start; fix these settings (see .env.example):"]
            + problems.map { "  \($0.name): \($0.message)" }).joined(separator: "\n")
    }
}
