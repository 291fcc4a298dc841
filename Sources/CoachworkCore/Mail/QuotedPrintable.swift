import Foundation

/// Quoted-printable body encoding (RFC 2045 §6.7) of UTF-8 text.
///
/// Output lines are at most 76 characters including a soft line break `=`; `=`, control bytes,
/// non-ASCII bytes and whitespace before a hard line break are written as `=XX` (uppercase hex).
/// Input line endings CRLF, lone LF and lone CR each become one CRLF hard line break.
/// Two defensive extras keep the output safe for `sendmail` pipes and mbox files: a `.` or the `F` of
/// `From ` at the start of an output line is also encoded (`=2E`, `=46`).
enum QuotedPrintable {
    static let maxLineLength = 76

    /// Encodes `text` so that it decodes to `text` with CRLF line endings.
    ///
    /// - `terminated == false` (a multipart body part, RFC 2046 §5.1.1, where the CRLF before the next
    ///   delimiter belongs to the delimiter): output lines joined by CRLF, without a final CRLF.
    /// - `terminated == true` (a whole single-part body): the output ends with CRLF unless it is empty;
    ///   when `text` does not end in a line break the output ends with a soft line break (`=` CRLF),
    ///   so that final CRLF adds nothing to the decoded content.
    static func encode(_ text: String, terminated: Bool) -> String {
        let lines = sourceLines(text)
        let softEnd = terminated && !(lines.last?.isEmpty ?? true)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [13, 10] }
            encodeLine(line, reserveFinalSoftBreak: softEnd && index == lines.count - 1, into: &out)
        }
        if softEnd { out += Array("=\r\n".utf8) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits UTF-8 bytes at CRLF, LF or CR.
    static func sourceLines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0A && previousWasCR { previousWasCR = false; continue }
            previousWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D { lines.append([]) } else { lines[lines.count - 1].append(byte) }
        }
        return lines
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
    private static let from = Array("From ".utf8)

    /// Appends one source line as one or more output lines joined by soft breaks (`=` CRLF).
    /// With `reserveFinalSoftBreak` the last output line keeps one column free for a `=`.
    private static func encodeLine(_ bytes: [UInt8], reserveFinalSoftBreak: Bool, into out: inout [UInt8]) {
        var column = 0
        for index in bytes.indices {
            let isLast = index == bytes.count - 1
            let limit = isLast && !reserveFinalSoftBreak ? maxLineLength : maxLineLength - 1
            var escape = needsEscape(bytes, index, atLineStart: column == 0)
            if column + (escape ? 3 : 1) > limit {
                out += [UInt8(ascii: "="), 13, 10]
                column = 0
                escape = needsEscape(bytes, index, atLineStart: true)
            }
            let byte = bytes[index]
            if escape {
                out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                column += 3
            } else {
                out.append(byte)
                column += 1
            }
        }
    }

    private static func needsEscape(_ bytes: [UInt8], _ index: Int, atLineStart: Bool) -> Bool {
        let byte = bytes[index]
        let isLast = index == bytes.count - 1
        let literal = (byte >= 0x21 && byte <= 0x7E && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !isLast)
        return !literal
            || (atLineStart && byte == 0x2E)
            || (atLineStart && byte == 0x46 && bytes[index...].starts(with: from))
    }
}
