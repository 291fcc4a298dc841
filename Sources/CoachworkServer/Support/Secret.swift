import Vapor

/// Random secrets for personal links and API tokens, and the hashes stored in their place.
enum Secret {
    /// A new secret: 32 random bytes (256 bits) from the system CSPRNG, base64url without
    /// padding (RFC 4648 §5), 43 characters, safe in URLs and headers.
    static func generate() -> String {
        let bytes = [UInt8].random(count: 32)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex SHA-256 (FIPS 180-4) of the UTF-8 secret: what the database stores.
    /// A stolen database therefore yields no usable link or token.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hex
    }

    /// A readable one-time password: 16 characters from an alphabet without look-alikes
    /// (about 82 bits), grouped as `xxxx-xxxx-xxxx-xxxx`.
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<16).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: 16, by: 4).map { String(chars[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
