import Foundation

/// Who owns an IDP action, as far as ticking its status goes.
///
/// The owner of an action is free text ("Client", "Coach", "Client and coach", "Sponsor", a name), so the rule
/// reads it the way the coach wrote it for the client to read.
public enum ActionOwner {
    /// Whether the client owns (or shares) the action with owner text `owner`:
    /// - blank or `nil`: yes (an action without an owner is the client's, as the IDP has always read it);
    /// - the word "client" anywhere, case-insensitive ("Client", "client and coach"): yes;
    /// - the client's own name within it, case-insensitive and with surrounding blanks ignored: yes;
    /// - otherwise ("Coach", "Sponsor", "HR"): no.
    /// - Parameters:
    ///   - owner: the action's owner as stored.
    ///   - clientName: the engagement's client's name.
    public static func isClients(_ owner: String?, clientName: String) -> Bool {
        let text = (owner ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.isEmpty { return true }
        let words = text.split { !$0.isLetter }
        if words.contains("client") { return true }
        let name = clientName.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return !name.isEmpty && text.contains(name)
    }
}
