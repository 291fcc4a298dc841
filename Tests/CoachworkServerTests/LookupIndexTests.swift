import Foundation
import Testing
import SQLKit
@testable import CoachworkServer

/// Issue 11, first step: every column that references another table leads some index, so a page
/// reads an engagement's children (and people's engagements) by index, whatever the practice's size.
/// Read from SQLite's own catalogue (`PRAGMA foreign_key_list`, `index_list`, `index_info`), not from
/// the migration's list.
@Suite struct LookupIndexTests {
    @Test func everyReferenceLeadsAnIndex() async throws {
        try await withApp { t in
            guard let sql = t.app.db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }   // SQLite's catalogue
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .all().map { try $0.decode(column: "name", as: String.self) }
            #expect(tables.count > 20)
            var missing: [String] = []
            for table in tables {
                let references = try await sql.raw("SELECT \"from\" FROM pragma_foreign_key_list(\(bind: table))").all()
                    .map { try $0.decode(column: "from", as: String.self) }
                var leading = Set<String>()
                for index in try await sql.raw("SELECT name FROM pragma_index_list(\(bind: table))").all() {
                    let name = try index.decode(column: "name", as: String.self)
                    let first = try await sql.raw("SELECT name FROM pragma_index_info(\(bind: name)) ORDER BY seqno LIMIT 1").first()
                    if let column = try first?.decode(column: "name", as: String.self) { leading.insert(column) }
                }
                missing += Set(references).subtracting(leading).map { "\(table).\($0)" }
            }
            #expect(missing.sorted().isEmpty, "references without an index: \(missing.sorted())")
            // The outbox worker's pass finds due mail by index, not by reading every email ever sent.
            let plan = try await sql.raw("EXPLAIN QUERY PLAN SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= 0").all()
                .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: " ")
            #expect(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "\(plan)")
        }
    }
}
