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
