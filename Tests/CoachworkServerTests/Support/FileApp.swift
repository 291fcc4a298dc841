import Foundation
import Vapor
import Fluent
@testable import CoachworkServer

/// An app on its own SQLite file (backup and restore work on files, not on the in-memory stand-in),
/// set up as `serve` does (WAL and the connection PRAGMAs) and, when `migrate`, migrated. The
/// caller shuts it down (``shutDown(_:)``).
func makeFileApp(_ path: String, migrate: Bool = true) async throws -> Application {
    let app = try await Application.make(.testing)
    var config = AppConfig(database: .sqlite(path: path), baseURL: "http://coachwork.test",
                           mailDirectory: NSTemporaryDirectory(), runsOutboxWorker: false)
    config.passwordCost = 4
    do {
        try await configure(app, config: config)
        if migrate {
            try await SQLiteTuning.apply(to: app)
            try await app.autoMigrate()
        }
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    return app
}

/// Shuts `app` down, closing its connections (and so its hold on the file).
func shutDown(_ app: Application) async {
    try? await app.asyncShutdown()
}

/// A new, empty temporary folder for database files; remove it with `FileManager.removeItem`.
func makeTemporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coachwork-backup-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
