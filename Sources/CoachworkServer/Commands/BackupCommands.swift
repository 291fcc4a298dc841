import Vapor

/// `coachwork backup FILE`: a consistent copy of the SQLite database, also while the server runs
/// (see ``SQLiteBackup``). On PostgreSQL it refuses and names the `pg_dump` command to use.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The backup file to write; it must not exist.") var file: String
    }
    var help: String { "Copy the SQLite database to FILE while the server runs (PostgreSQL: use pg_dump)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report: SQLiteBackup.Report
        do {
            report = try await SQLiteBackup.run(context.application, to: signature.file)
        } catch let error as BackupError {
            throw context.fail(error.description)
        } catch {
            throw context.fail("The backup failed, and no file was written to \(signature.file): \(error)")
        }
        context.console.print("Backed up the database:")
        for line in SQLiteBackup.summary(path: report.path, bytes: report.bytes, rowCounts: report.rowCounts,
                                              integrity: report.integrity) {
            context.console.print(line)
        }
    }
}

/// `coachwork restore FILE [--yes]`: puts a backup in place of the SQLite database (see
/// ``SQLiteRestore``). The server must be stopped: a process cannot reliably tell whether another
/// one uses the file, so it asks first (`--yes` answers yes, `--no` no) and refuses when it sees the
/// file in use.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The backup to restore (made by coachwork backup).") var file: String
        // `--yes` (`-y`) and `--no` are ConsoleKit's global flags: they answer `confirm` and never
        // reach a signature, so they are read through `console.confirmOverride`.
    }
    var help: String { "Replace the SQLite database with a backup; stop the server first (keeps the old one)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let target: String
        do {
            target = try SQLiteBackup.databasePath(app, restore: true, naming: signature.file)
        } catch let error as BackupError {
            throw context.fail(error.description) // PostgreSQL or in memory: nothing to ask about
        }
        if context.console.confirmOverride == nil {
            let plan = "This replaces \(target) with \(signature.file) (the current one is kept beside it). Stop the server first."
            // Without a terminal nobody can answer (confirm would wait for ever): a script says --yes.
            guard isatty(STDIN_FILENO) != 0 else { throw context.fail(plan + " Then run again with --yes.") }
            context.console.print(plan)
        }
        // --yes answered already: no prompt to echo ("y/n> yes" read as if someone typed it); --no still shows what was declined.
        guard context.console.confirmOverride == true || context.console.confirm("Is the server stopped, and should the database be replaced?") else {
            throw context.fail("Nothing was restored.")
        }
        let report: SQLiteRestore.Report
        do {
            report = try await SQLiteRestore.run(app, from: signature.file)
        } catch let error as BackupError {
            throw context.fail(error.description + "\nNothing was restored.")
        } catch {
            throw context.fail("The restore failed: \(error)")
        }
        context.console.print("Restored \(SQLiteBackup.absolutePath(signature.file)):")
        for line in SQLiteBackup.summary(path: report.path, bytes: report.bytes, rowCounts: report.rowCounts,
                                              integrity: report.integrity) {
            context.console.print(line)
        }
        context.console.print(report.keptAs.map { "The replaced database is kept as \($0)." } ?? "There was no database to replace.")
        if !report.migrated.isEmpty {
            context.console.print("Migrated the backup to this version: \(report.migrated.joined(separator: ", ")).")
        } else if !app.config.autoMigrate {
            context.console.print("COACHWORK_AUTO_MIGRATE=false: run coachwork migrate --yes if the backup is from an older version.")
        }
    }
}
