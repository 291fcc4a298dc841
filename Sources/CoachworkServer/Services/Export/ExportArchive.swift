import Foundation
import ZIPFoundation

/// Writes a ZIP file (PKWARE APPNOTE 6.3, deflated entries, UTF-8 names) in memory with ZIPFoundation.
///
/// In memory because an export is small (text, one PDF) and must never leave a copy of confidential data in a
/// temporary folder; ZIPFoundation 0.9.x backs an `Archive(accessMode: .create)` with a memory file.
enum ExportArchive {
    /// One file of the archive: its path inside (`csv/goals.csv`) and its bytes.
    struct File: Sendable {
        var path: String
        var data: Data
    }

    /// The ZIP of `files`, in that order, each stamped `modified`.
    /// - Throws: ZIPFoundation's error when the archive cannot be written (not expected in memory).
    static func zip(_ files: [File], modified: Date) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for file in files {
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(file.data.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                file.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ExportArchiveError() }
        return data
    }
}

/// The in-memory archive gave no bytes back.
struct ExportArchiveError: Error {}
