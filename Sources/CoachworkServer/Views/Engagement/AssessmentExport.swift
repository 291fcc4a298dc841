import Vapor
import CoachworkCore

/// The 360 results as CSV: exactly the figures the results page shows its reader, one row per
/// competency or item and cell; a suppressed cell has n and no mean. No rater, answer,
/// timestamp or comment appears (comments are read on the page, where their order is guarded).
enum AssessmentExport {
    static let header = ["competency", "item", "group", "n", "mean", "shown"]

    /// The CSV body (RFC 4180, CRLF, UTF-8) for `summary` as already filtered by ``AssessmentSummary/visible(to:)``.
    static func csv(_ s: AssessmentSummary) -> String {
        var out = CSVText.record(header)
        func row(_ competency: String, _ item: String, _ g: GroupScore) {
            let shown = AssessmentItemsSection.isShown(g, threshold: s.threshold)
            out += CSVText.record([CSVText.spreadsheetSafe(competency), CSVText.spreadsheetSafe(item),
                                   AssessmentItemsSection.title(g.group), shown ? String(g.n) : "",
                                   shown ? formatOneDecimal(g.mean!) : "", shown ? "yes" : "no"])
        }
        for r in s.results {
            let name = s.names[r.competencyID] ?? ""
            if s.selfSubmitted, let mean = r.selfMean {
                out += CSVText.record([CSVText.spreadsheetSafe(name), "", "Self", "1", formatOneDecimal(mean), "yes"])
            }
            r.groups.forEach { row(name, "", $0) }
            for item in r.items {
                let text = s.itemTexts[item.itemID] ?? ""
                if s.selfSubmitted, let score = item.selfScore {
                    out += CSVText.record([CSVText.spreadsheetSafe(name), CSVText.spreadsheetSafe(text), "Self", "1", String(score), "yes"])
                }
                item.groups.forEach { row(name, text, $0) }
            }
        }
        return out
    }

    static func response(_ s: AssessmentSummary) -> Response {
        let response = Response(status: .ok, body: .init(string: csv(s)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "360-results.csv")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
