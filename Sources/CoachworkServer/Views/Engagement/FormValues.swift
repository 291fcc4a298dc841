import Vapor
import CoachworkCore

extension Request {
    /// A posted form field as text (nil when absent), for forms with numbered rows.
    func formValue(_ name: String) -> String? {
        formField(name)
    }

    /// Every posted text field (for re-rendering a form with what was typed).
    func formValues(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names { if let value = formValue(name) { values[name] = value } }
        return values
    }
}

/// "1 goal", "3 goals": a count with its noun in the right number (English, regular plural
/// unless `plural` is given).
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}

extension Dictionary where Key == String, Value == String {
    /// Renames service error keys like `goals[1].statement` to the form's field names like
    /// `goal_statement_3`, where `rows[1] == 3` is the form row the second non-empty entry
    /// came from (blank rows are skipped before the service sees them).
    func mappedToRows(_ list: String, rows: [Int], fields: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (key, message) in self {
            guard key.hasPrefix("\(list)["), let close = key.firstIndex(of: "]"),
                  let index = Int(key[key.index(key.startIndex, offsetBy: list.count + 1)..<close]), index < rows.count,
                  let prefix = fields[String(key[key.index(after: close)...].drop(while: { $0 == "." }))] else {
                out[key] = message
                continue
            }
            out["\(prefix)\(rows[index])"] = message
        }
        return out
    }
}

/// Human labels for stored codes.
enum Labels {
    static func relationship(_ raw: String) -> String {
        switch raw {
        case "manager": "Manager"
        case "peer": "Peer"
        case "direct_report": "Direct report"
        case "customer": "Customer"
        default: "Other"
        }
    }

    /// A person's part in an engagement, as the erasure page names it.
    static func part(_ part: PersonEngagementPart.Part) -> String {
        switch part {
        case .client: "Client"
        case .sponsor: "Sponsor"
        case .hrPartner: "HR partner"
        case .seniorExecutive: "Senior executive"
        case .stakeholder: "Stakeholder"
        }
    }

    static let relationshipOptions: [(value: String, label: String)] =
        StakeholderService.relationships.map { ($0, relationship($0)) }
}
