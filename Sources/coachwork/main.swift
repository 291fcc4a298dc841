import Vapor
import Logging
import CoachworkServer

// Entry point only: read configuration, build the app, run the command line.
var env = try Environment.detect()
// Vapor's console logger, with query values kept out of `debug` (SecretSafeLogHandler).
try LoggingSystem.bootstrap(from: &env) { level in
    let console = Terminal()
    return { label in SecretSafeLogHandler(ConsoleLogger(label: label, console: console, level: level)) }
}
let app = try await Application.make(env)
do {
    let config = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
    try await configure(app, config: config)
    try await prepare(app, forCommand: env.arguments.dropFirst().first)
    try await loadDemoIfRequested(app, arguments: &env.arguments)
    try await app.execute()
    // SIGTERM ends `execute`; Vapor would then close the database pools (a lifecycle handler)
    // before the HTTP server (stored with the serve command), and requests still running would
    // crash on a missing database. Stop the server first: it finishes in-flight requests.
    let stopServer: () async -> Void = app.server.shutdown
    await stopServer()
} catch let error as ConfigError {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    try await app.asyncShutdown()
    exit(78) // EX_CONFIG
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
let failed = app.commandFailed
try await app.asyncShutdown()
if failed { exit(1) }
