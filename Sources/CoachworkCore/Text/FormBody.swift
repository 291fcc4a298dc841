import Foundation

/// A strict reader of `application/x-www-form-urlencoded` bodies (WHATWG URL, "urlencoded
/// parsing"): it refuses what a lenient decoder would silently repair. Bytes that are not
/// UTF-8, raw or percent-escaped (`%FF`), would otherwise be stored as U+FFFD or make the whole
/// form unreadable, losing what was typed in every other field.
public enum FormBody {
    /// One `name=value` pair, decoded, in the order sent.
    public struct Field: Sendable, Equatable {
        /// The control's name.
        public var name: String
        /// What was typed or chosen.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Decodes every pair of `body`: `+` is a space, `%XY` a byte, and the bytes of each name
    /// and value must be UTF-8.
    ///
    /// - Throws: ``DomainError`` (`invalid`, code `invalid_text`) naming the first field whose
    ///   value is not UTF-8 text (or `body` when a name itself is unreadable).
    public static func parse(_ body: [UInt8]) throws(DomainError) -> [Field] {
        var fields: [Field] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else {
                throw .invalid("body", "The form contained a field name that is not valid text. Nothing was saved.",
                               code: "invalid_text")
            }
            guard let value = parts.count > 1 ? decode(parts[1]) : "" else {
                let label = name.hasPrefix("_") || name.isEmpty ? "body" : name
                throw .invalid(label, "The field '\(name)' contained characters that are not valid text (UTF-8). Nothing was saved; please type it again.",
                               code: "invalid_text")
            }
            fields.append(Field(name: name, value: value))
        }
        return fields
    }

    /// Every pair of `body` that can be read, for showing back what was typed after ``parse(_:)``
    /// refused the form: a value that is not UTF-8 comes back empty and its field is listed in
    /// `unreadable`; a pair whose name is unreadable is left out.
    public static func readable(_ body: [UInt8]) -> (fields: [Field], unreadable: [String]) {
        var fields: [Field] = [], unreadable: [String] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            if let value = parts.count > 1 ? decode(parts[1]) : "" {
                fields.append(Field(name: name, value: value))
            } else {
                fields.append(Field(name: name, value: ""))
                unreadable.append(name)
            }
        }
        return (fields, unreadable)
    }

    /// The UTF-8 text of one percent-encoded component, or `nil` when an escape is malformed or
    /// the bytes are not UTF-8.
    static func decode(_ component: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.count)
        var index = component.startIndex
        while index < component.endIndex {
            let byte = component[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < component.endIndex, let high = hexValue(component[index + 1]), let low = hexValue(component[index + 2]) else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid sequences with U+FFFD, which changes the bytes.
        return Array(text.utf8) == bytes ? text : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
