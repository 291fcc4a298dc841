import Foundation

/// A column a people or stakeholder CSV may have, recognised by tolerant header names in English,
/// German and French (case, accents, spaces, hyphens, dots and underscores ignored).
public enum ImportColumn: String, Sendable, CaseIterable {
    case name, firstName, lastName, email, timeZone, jobTitle, organisation, relationship

    /// Header spellings, in the comparison form of ``key(_:)``.
    static let aliases: [ImportColumn: Set<String>] = [
        .name: ["name", "fullname", "displayname", "nom", "nomcomplet", "vollstandigername"],
        .firstName: ["firstname", "givenname", "forename", "vorname", "prenom"],
        .lastName: ["lastname", "surname", "familyname", "nachname", "familienname", "nomdefamille"],
        .email: ["email", "emailaddress", "mail", "mailaddress", "emailadresse", "mailadresse", "courriel",
                 "adressecourriel", "adresseemail", "adressemail", "adresseelectronique"],
        .timeZone: ["timezone", "tz", "zone", "zeitzone", "fuseauhoraire", "fuseau"],
        .jobTitle: ["jobtitle", "title", "position", "role", "funktion", "stellenbezeichnung",
                    "berufsbezeichnung", "titre", "poste", "fonction", "intituledeposte"],
        .organisation: ["organisation", "organization", "org", "company", "firma", "unternehmen", "organisationseinheit",
                        "entreprise", "societe"],
        .relationship: ["relationship", "relation", "group", "ratergroup", "beziehung", "gruppe", "verhaltnis",
                        "groupe", "lien", "relationavecleclient"],
    ]

    /// The column a header cell names, or nil.
    public static func named(_ header: String) -> ImportColumn? {
        let key = key(header)
        return allCases.first { aliases[$0]?.contains(key) ?? false }
    }

    /// The comparison form of a header or value: NFC, lower case, accents removed, and spaces,
    /// hyphens, underscores, dots and slashes dropped ("E-Mail" → "email", "Prénom" → "prenom").
    static func key(_ text: String) -> String {
        let folded = TextInput.normalized(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return String(folded.unicodeScalars.filter { !" -_./\u{00A0}".unicodeScalars.contains($0) }.map(Character.init))
            .replacingOccurrences(of: "ß", with: "ss")
    }
}

extension RaterGroup {
    /// Spellings of a stakeholder's relationship accepted in an import (``ImportColumn/key(_:)`` form).
    static let importAliases: [RaterGroup: Set<String>] = [
        .manager: ["manager", "linemanager", "supervisor", "boss", "vorgesetzter", "vorgesetzte", "fuhrungskraft",
                   "chef", "responsable", "superieur", "superieurhierarchique", "manageur"],
        .peer: ["peer", "peers", "colleague", "kollege", "kollegin", "kollegen", "collegue", "pair", "pairs"],
        .directReport: ["directreport", "directreports", "report", "subordinate", "mitarbeiter", "mitarbeiterin",
                        "direktbericht", "collaborateur", "collaboratrice", "subordonne", "subordonnee"],
        .customer: ["customer", "customers", "kunde", "kundin", "kunden", "clientexterne"],
        .other: ["other", "others", "andere", "sonstige", "sonstiges", "autre", "autres"],
    ]

    /// The group a relationship cell names (never `self`), or nil.
    static func imported(_ text: String) -> RaterGroup? {
        let key = ImportColumn.key(text)
        return importAliases.first { $0.value.contains(key) }?.key
    }
}
