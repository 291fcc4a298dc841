import Testing
@testable import CoachworkServer
@testable import CoachworkCore

@Suite struct ConfigTests {
    @Test func defaultsServeSQLiteOnLocalhost() throws {
        let config = try AppConfig.fromEnvironment([:])
        #expect(config.database == .sqlite(path: "data/coachwork.sqlite"))
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.baseURL == "http://127.0.0.1:8080")
        #expect(config.mailDirectory == "data/mail")
        #expect(config.mailTransport == .folder)
        #expect(!config.secureCookies)
    }

    @Test func databaseURLSelectsPostgreSQL() throws {
        let url = "postgres://u:p@db:5432/coachwork?tlsmode=disable"
        #expect(try AppConfig.fromEnvironment(["DATABASE_URL": url]).database == .postgres(url: url))
    }

    @Test func httpsBaseURLMakesCookiesSecureAndLosesItsTrailingSlash() throws {
        let config = try AppConfig.fromEnvironment(["COACHWORK_BASE_URL": "https://coaching.example.com/"])
        #expect(config.baseURL == "https://coaching.example.com")
        #expect(config.secureCookies)
    }

    @Test func everyMalformedSettingIsNamedAtOnce() {
        let env = [
            "DATABASE_URL": "mysql://nope", "COACHWORK_PORT": "99999", "COACHWORK_BASE_URL": "coaching.example.com",
            "COACHWORK_MAIL_TRANSPORT": "pigeon", "COACHWORK_MAIL_FROM": "not an address",
            "COACHWORK_AUTO_MIGRATE": "maybe", "COACHWORK_LINK_HOURS": "0",
        ]
        do {
            _ = try AppConfig.fromEnvironment(env)
            Issue.record("expected a ConfigError")
        } catch {
            let names = Set(error.problems.map(\.name))
            #expect(names == Set(env.keys))
            #expect(error.description.contains("COACHWORK_PORT: must be a whole number from 1 to 65535"))
        }
    }

    @Test func sendmailTransportAndSenderAreRead() throws {
        let config = try AppConfig.fromEnvironment([
            "COACHWORK_MAIL_TRANSPORT": "sendmail", "COACHWORK_SENDMAIL_PATH": "/usr/lib/sendmail",
            "COACHWORK_MAIL_FROM": "Coaching Team <team@example.com>",
        ])
        #expect(config.mailTransport == .sendmail(path: "/usr/lib/sendmail"))
        #expect(config.mailFrom == MailAddress(name: "Coaching Team", email: "team@example.com"))
    }
}
