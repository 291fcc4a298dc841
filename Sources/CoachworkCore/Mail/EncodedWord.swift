import Foundation

/// RFC 2047 §4.1 "B" encoded-words in UTF-8: `=?UTF-8?B?<base64>?=`.
enum EncodedWord {
    /// Length of `=?UTF-8?B?` plus `?=`.
    static let overhead = 12
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    static let maxLength = 75

    /// True when `text` can go into a header verbatim: only printable ASCII (0x20-0x7E) and no `=?`,
    /// which a decoder could mistake for the start of an encoded-word.
    static func isPlainPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    /// Largest UTF-8 payload (bytes) whose encoded-word fits in `length` characters.
    static func capacity(forLength length: Int) -> Int {
        max(0, (min(length, maxLength) - overhead) / 4 * 3)
    }

    /// Splits `text` into encoded-words. The first word is at most `firstLength` characters when its
    /// first character fits (otherwise it uses `maxLength` too, and the caller folds before it);
    /// every other word is at most 75 characters. Words break between grapheme clusters, or between
    /// Unicode scalars for a cluster too large for one word; a UTF-8 sequence is never split.
    /// Returns `[]` for empty text.
    static func words(_ text: String, firstLength: Int = maxLength) -> [String] {
        let full = capacity(forLength: maxLength)
        var cap = capacity(forLength: firstLength)
        var chunks: [[UInt8]] = []
        var current: [UInt8] = []

        func add(_ bytes: [UInt8]) {
            if current.count + bytes.count <= cap { current += bytes; return }
            if !current.isEmpty { chunks.append(current) }
            current = bytes
            cap = full
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count <= full {
                add(bytes)
            } else {
                for scalar in character.unicodeScalars { add(Array(String(scalar).utf8)) }
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }
    }
}
