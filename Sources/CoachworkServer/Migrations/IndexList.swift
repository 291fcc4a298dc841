import Fluent
import SQLKit

/// Creates and drops a list of plain (non-unique) indexes: the shared body of the index-only
/// migrations (`010` AddLookupIndexes, `011` AddListIndexes).
enum IndexList {
    /// One index: its name, its table, and its columns in order (the first is the one looked up).
    typealias Index = (name: String, table: String, columns: [String])

    /// Creates every index of `indexes`, in order. No-op on a database without SQL.
    /// - Throws: the database's error (e.g. an index of that name exists).
    static func create(_ indexes: [Index], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    /// Drops every index of `indexes`, last first.
    /// - Throws: the database's error.
    static func drop(_ indexes: [Index], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in indexes.reversed() { try await sql.drop(index: index.name).run() }
    }
}
