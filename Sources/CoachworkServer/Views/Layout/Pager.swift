import Foundation
import Plot
import Fluent

/// "Showing 51–100 of 10,000" and links to the previous and next page of a list.
enum Pager {
    /// The pager for `metadata`'s page of the list at `path` (a local path without a query);
    /// nothing when everything fits on one page.
    static func render(_ metadata: PageMetadata, path: String, noun: String) -> Node<HTML.BodyContext> {
        let (first, last) = metadata.shown
        func href(_ page: Int) -> String {
            metadata.per == Pagination.defaultPer ? "\(path)?page=\(page)" : "\(path)?page=\(page)&per=\(metadata.per)"
        }
        if metadata.page > metadata.pageCount {
            // Past the end (a bookmark, a list that shrank): say so and lead back to the last page.
            return .nav(.class("pager"), .attribute(named: "aria-label", value: "Pages"),
                        .p(.text("There is no page \(metadata.page): the \(metadata.total) \(noun) fit on \(metadata.pageCount) \(metadata.pageCount == 1 ? "page" : "pages").")),
                        .a(.escapedAttribute("href", href(metadata.pageCount)), .text("Go to the last page")))
        }
        let summary = metadata.total == 0 ? "No \(noun)." : "Showing \(first)–\(last) of \(metadata.total) \(noun)."
        guard metadata.pageCount > 1 else { return .empty }
        return .nav(
            .class("pager"), .attribute(named: "aria-label", value: "Pages"),
            .p(.text(summary + " Page \(metadata.page) of \(metadata.pageCount).")),
            metadata.page > 1 ? .a(.escapedAttribute("href", href(metadata.page - 1)), .attribute(named: "rel", value: "prev"), .text("← Previous page")) : .empty,
            metadata.hasNext ? .a(.escapedAttribute("href", href(metadata.page + 1)), .attribute(named: "rel", value: "next"), .text("Next page →")) : .empty)
    }

    /// Links to the neighbouring pages of a list without a total (the outbox, the audit trail):
    /// `previous` to page `page - 1`, `next` to `page + 1` when `hasNext`, keeping `query` (the list's
    /// filters, percent-encoded here); nothing on a lone first page.
    static func render(page: Int, per: Int, hasNext: Bool, path: String, query: [(String, String)] = [],
                       previous: String, next: String) -> Node<HTML.BodyContext> {
        guard page > 1 || hasNext else { return .empty }
        func href(_ page: Int) -> String {
            var components = URLComponents()
            components.path = path
            components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } + [URLQueryItem(name: "page", value: String(page))]
                + (per == Pagination.defaultPer ? [] : [URLQueryItem(name: "per", value: String(per))])
            // URLComponents leaves "+" alone, which a form decoder would read as a space.
            components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            return components.string ?? path
        }
        return .nav(
            .class("pager"), .attribute(named: "aria-label", value: "Pages"),
            page > 1 ? .a(.escapedAttribute("href", href(page - 1)), .attribute(named: "rel", value: "prev"), .text(previous)) : .empty,
            hasNext ? .a(.escapedAttribute("href", href(page + 1)), .attribute(named: "rel", value: "next"), .text(next)) : .empty)
    }
}
