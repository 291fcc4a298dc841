import Vapor
import Fluent
import FluentSQLiteDriver
import FluentPostgresDriver
import NIOSSL
import CoachworkCore

/// Wires the whole application in one place: database, migrations, sessions, middleware,
/// routes, the outbox worker and the commands.
///
/// - Throws: when the database cannot be configured (e.g. a malformed `DATABASE_URL`).
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "1mb"
    try configureDatabase(app, config.database, postgresConnections: config.postgresConnectionsPerEventLoop)
    app.migrations.add(Migrations.all)
    app.passwords.use(.bcrypt(cost: config.passwordCost))
    switch config.mailTransport {
    case .folder: app.mailTransport = FolderMailTransport(directory: config.mailDirectory)
    case .sendmail(let path): app.mailTransport = SendmailTransport(path: path)
    }

    // Fluent sessions that skip unchanged writes, so pages still render while storage is full.
    app.sessions.use { app in UnchangedSessionSkipping(base: app.fluent.sessions.driver()) }
    app.sessions.configuration.cookieName = "coachwork_session"
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, maxAge: 60 * 60 * 12, path: "/", isSecure: config.secureCookies,
                          isHTTPOnly: true, sameSite: .lax)
    }
    app.middleware = Middlewares()
    // Outermost, so every response carries the headers: pages, API, files, redirects, errors.
    app.middleware.use(SecurityHeadersMiddleware(strictTransport: config.secureCookies))
    // Logs route patterns, never paths: /link/<token> and the like carry secrets.
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(BodyLimitMiddleware())

    try routes(app)
    app.pdfSlots = PDFSlots(limit: 2)
    app.routeIndex = RouteIndex(routes: { [routes = app.routes] in routes.all })
    registerCommands(app)
}

private func configureDatabase(_ app: Application, _ database: AppConfig.Database, postgresConnections: Int) throws {
    // SQL is logged with its bound values (session ids, outbox bodies with personal links):
    // only at `trace`, never at `debug` or above.
    let sqlLog = Logger.Level.trace
    switch database {
    case .sqlite(let path):
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: sqlLog), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: sqlLog), as: .sqlite)
    case .postgres(let url, let schema):
        var configuration = try SQLPostgresConfiguration(url: url)
        if let schema { configuration.searchPath = [schema] }
        // Several connections per core: PostgreSQL runs their queries in parallel (while one waits
        // for a commit's fsync, another reads); the total is cores × this × instances.
        app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: postgresConnections,
                                    sqlLogLevel: sqlLog), as: .psql)
    }
}

/// Runs pending migrations when configured, then creates the first admin on a new
/// database and prints how to sign in. Called by `serve` before it listens.
public func prepareToServe(_ app: Application) async throws {
    // Only the server delivers mail: `migrate`, `routes` and our commands must not.
    if app.config.runsOutboxWorker { app.lifecycle.use(OutboxWorker()) }
    try await SQLiteTuning.apply(to: app)
    if app.config.autoMigrate { try await app.autoMigrate() }
    if let notice = try await FirstAdmin.ensure(app) { print(notice) }
    // Detected once from the environment (AppConfig): say whether final reports can be PDFs.
    if let chromium = app.config.chromiumPath {
        app.logger.notice("PDF reports: headless Chromium at \(chromium)")
    } else {
        app.logger.notice("PDF reports are off: install Chromium (Debian: apt-get install chromium) or set COACHWORK_CHROMIUM; reports can still be printed from the browser")
    }
}

/// Readies the database for the command about to run: `serve` (the default command)
/// migrates and creates the first admin; our own commands migrate; `migrate`, `routes`
/// and help run untouched, and so do `backup` (it copies the database as it is) and `restore`
/// (it must not open, let alone migrate, the database it replaces; it migrates the restored one).
public func prepare(_ app: Application, forCommand command: String?) async throws {
    let name = command ?? "serve"
    let arguments = app.environment.arguments
    if arguments.contains("--help") || arguments.contains("-h") { return }
    if name == "serve" || name.hasPrefix("-") {
        try await prepareToServe(app)
    } else if ["user", "token", "outbox", "demo"].contains(name) {
        try await SQLiteTuning.apply(to: app)
        if app.config.autoMigrate { try await app.autoMigrate() }
    }
}
