import Foundation

/// The character encoding an uploaded file was read in, named for people ("read as Windows-1252").
public enum ImportEncoding: String, Sendable, Equatable {
    /// UTF-8 without a byte order mark (also what pasted text is).
    case utf8
    /// UTF-8 starting with the byte order mark EF BB BF, as Excel's "CSV UTF-8" writes it; the mark is dropped.
    case utf8BOM
    /// UTF-16 little endian with the byte order mark FF FE (Excel's "Unicode text"); the mark is dropped.
    case utf16LE
    /// UTF-16 big endian with the byte order mark FE FF; the mark is dropped.
    case utf16BE
    /// Windows-1252 (the "ANSI" code page of Western European Windows, what older Excel writes as "CSV").
    case windows1252

    /// The name shown in previews, e.g. "UTF-8 with byte order mark".
    public var title: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8BOM: "UTF-8 with byte order mark"
        case .utf16LE: "UTF-16 (little endian)"
        case .utf16BE: "UTF-16 (big endian)"
        case .windows1252: "Windows-1252"
        }
    }
}

/// Turns the bytes of an uploaded file into text without ever guessing wrong silently: the result
/// is exact text or a refusal that names the encoding, never U+FFFD replacement characters.
///
/// Order of checks: a byte order mark (UTF-8, UTF-16 LE/BE) decides; otherwise a NUL byte means
/// UTF-16 without a mark (refused: we cannot tell its byte order reliably); otherwise valid UTF-8 is
/// UTF-8; otherwise the bytes are read as Windows-1252 (WHATWG Encoding Standard, index-windows-1252),
/// unless one of the five bytes that code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) occurs,
/// which means the file is in some other encoding and is refused.
public enum ImportTextDecoder {
    /// Decoded text and the encoding it was read in.
    public struct Decoded: Sendable, Equatable {
        /// The text, byte order mark removed.
        public var text: String
        /// The encoding the bytes were read in.
        public var encoding: ImportEncoding
    }

    /// Decodes `bytes` as described on ``ImportTextDecoder``.
    /// - Returns: the text and its encoding, or an ``ImportIssue`` (field `file`, with the line where
    ///   the offending byte is when known) saying why the file cannot be read and how to save it.
    public static func decode(_ bytes: [UInt8]) -> Result<Decoded, ImportIssue> {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                return .failure(refusal("The file starts like UTF-8 but is not valid UTF-8", line: nil))
            }
            return .success(Decoded(text: text, encoding: .utf8BOM))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return utf16(Array(bytes.dropFirst(2)), littleEndian: bytes[0] == 0xFF)
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(refusal("The file has a NUL byte on line \(line(of: nul, in: bytes)), so it looks like UTF-16 "
                + "without a byte order mark", line: line(of: nul, in: bytes)))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(Decoded(text: text, encoding: .utf8))
        }
        if let bad = bytes.firstIndex(where: { undefinedIn1252.contains($0) }) {
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return .failure(refusal("The file is neither UTF-8 nor Windows-1252 (byte 0x\(hex) on line \(line(of: bad, in: bytes)) "
                + "is not a character in Windows-1252)", line: line(of: bad, in: bytes)))
        }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(byte >= 0x80 && byte <= 0x9F ? Unicode.Scalar(windows1252High[Int(byte - 0x80)])! : Unicode.Scalar(byte))
        }
        return .success(Decoded(text: String(scalars), encoding: .windows1252))
    }

    /// The five bytes Windows-1252 leaves undefined.
    static let undefinedIn1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// Code points of bytes 0x80...0x9F in Windows-1252 (WHATWG index-windows-1252); 0 marks the undefined ones,
    /// which never reach this table. Every other byte is the code point of the same number (ISO 8859-1).
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// UTF-16 code units from byte pairs, validated (a lone surrogate or an odd byte count is refused).
    private static func utf16(_ bytes: [UInt8], littleEndian: Bool) -> Result<Decoded, ImportIssue> {
        let encoding: ImportEncoding = littleEndian ? .utf16LE : .utf16BE
        guard bytes.count % 2 == 0 else { return .failure(refusal("The file starts like \(encoding.title) but has an odd number of bytes", line: nil)) }
        let units = stride(from: 0, to: bytes.count, by: 2).map { index -> UInt16 in
            littleEndian ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            return .failure(refusal("The file starts like \(encoding.title) but is not valid \(encoding.title)", line: nil))
        }
        return .success(Decoded(text: text, encoding: encoding))
    }

    /// 1-based line of byte `index` (counting LF bytes before it; CR-only files count CRs).
    static func line(of index: Int, in bytes: [UInt8]) -> Int {
        let before = bytes[..<index]
        let breaks = before.contains(0x0A) ? before.filter { $0 == 0x0A }.count : before.filter { $0 == 0x0D }.count
        return breaks + 1
    }

    /// The issue refusing a file: `reason`, then how to save it so it can be read.
    private static func refusal(_ reason: String, line: Int?) -> ImportIssue {
        ImportIssue(line: line, field: "file", message: "\(reason). Nothing was read. In Excel, save it with "
            + "“CSV UTF-8 (comma delimited)”, or in another program as UTF-8, and upload it again.")
    }
}
