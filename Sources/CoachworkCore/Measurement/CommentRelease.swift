import Foundation

/// Releases the free-text comments to one open question of a 360-degree assessment: unattributed, shuffled, and
/// only when enough people wrote (DOMAIN.md, the confidentiality promise).
public enum CommentRelease {
    /// What readers of the results may see of one question's comments.
    public enum Outcome: Sendable, Equatable {
        /// The comments, trimmed, in the question's shuffled order.
        case shown([String])
        /// Too few comments to show any; `count` non-empty comments were written (0 when there were none).
        case withheld(count: Int)
    }

    /// Decides whether one question's comments are shown, and in which order.
    ///
    /// - Parameters:
    ///   - comments: the comments to the question, one per respondent (their last), self excluded by the caller.
    ///     Each is trimmed of surrounding whitespace and newlines; empty ones are dropped and do not count.
    ///   - questionKey: a stable identifier of the question (e.g. assessment id and question number), which seeds
    ///     the order so that two questions answered by the same people are not listed in the same order.
    ///   - rules: the comments are shown only when at least max(``AnonymityRules/commentThreshold``,
    ///     ``AnonymityRules/ratingThreshold``) remain: a comment is someone's own words, so it never needs fewer
    ///     people behind it than a score does.
    ///   - respondents: when given, the number of people (self excluded) who submitted the questionnaire; the
    ///     threshold then applies to them, as it does to a rater group: one comment among six respondents cannot be
    ///     told apart by counting. When `nil`, the number of non-empty comments must reach the threshold (stricter).
    /// - Returns: ``Outcome/shown(_:)`` or ``Outcome/withheld(count:)``. Never throws.
    ///
    /// Order: ascending ``keyedHash(questionKey:comment:)`` of each comment (ties, i.e. equal hashes, by text), a
    /// shuffle that depends only on the question and the words: not on who wrote them, when, or the input order,
    /// so it cannot hint at an author (as submission order would), and it is the same on every page view, so
    /// reloading reveals nothing either. It is not secret: it hides authorship, not content.
    public static func release(_ comments: [String], questionKey: String, rules: AnonymityRules,
                               respondents: Int? = nil) -> Outcome {
        let kept = comments.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard (respondents ?? kept.count) >= max(rules.commentThreshold, rules.ratingThreshold) else {
            return .withheld(count: kept.count)
        }
        let keyed = kept.map { (hash: keyedHash(questionKey: questionKey, comment: $0), text: $0) }
        return .shown(keyed.sorted { ($0.hash, $0.text) < ($1.hash, $1.text) }.map(\.text))
    }

    /// The sort key of a comment: 64-bit FNV-1a of the UTF-8 bytes of `questionKey`, a 0x00 separator (so "ab" + "c"
    /// and "a" + "bc" differ), then `comment`.
    ///
    /// FNV-1a (Fowler, Noll & Vo; http://www.isthe.com/chongo/tech/comp/fnv/, and the IETF draft
    /// draft-eastlake-fnv): start from the offset basis 0xcbf29ce484222325; for each byte, XOR it in, then multiply
    /// by the prime 0x100000001b3 modulo 2⁶⁴. Chosen because it is tiny, fixed across platforms and Swift versions
    /// (unlike `Hasher`, which is seeded per process), and spreads short texts well. Not cryptographic.
    static func keyedHash(questionKey: String, comment: String) -> UInt64 {
        fnv1a64(Array(questionKey.utf8) + [0] + Array(comment.utf8))
    }

    /// 64-bit FNV-1a of `bytes`, e.g. "" → 0xcbf29ce484222325, "a" → 0xaf63dc4c8601ec8c.
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
