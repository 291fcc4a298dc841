import Vapor
import Fluent
import CoachworkCore

/// Lists come in pages: `?page=` (1-based) and `?per=` (rows per page), in a stable order, with
/// the total count. Shared by pages and the API, so both accept and refuse the same values.
enum Pagination {
    /// Rows per page when the client does not say.
    static let defaultPer = 50
    /// The most rows a client may ask for in one page.
    static let maxPer = 200
    /// The highest page number accepted (keeps `page * per` far from overflow).
    static let maxPage = 1_000_000

    /// Parses `page` and `per` as typed in a query string; a missing value takes its default.
    /// - Throws: `DomainError(.invalid)` naming `page` or `per` when either is empty or not a whole
    ///   number in range (1 ≤ page ≤ ``maxPage``, 1 ≤ per ≤ ``maxPer``).
    static func request(page: String?, per: String?) throws -> PageRequest {
        PageRequest(page: try number(page, field: "page", default: 1, range: 1...maxPage),
                    per: try number(per, field: "per", default: defaultPer, range: 1...maxPer))
    }

    /// The API's form, with numbers the generated code already parsed.
    /// - Throws: as ``request(page:per:)-(String?,String?)``.
    static func request(page: Int?, per: Int?) throws -> PageRequest {
        try request(page: page.map(String.init), per: per.map(String.init))
    }

    private static func number(_ text: String?, field: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw DomainError(.invalid, code: "invalid_\(field)",
                              message: "\(field) must be a whole number from \(range.lowerBound) to \(range.upperBound).", field: field)
        }
        return n
    }
}

extension Pagination {
    /// The values of `names` in a query string (`a=1&b=2`, without the `?`), each at most once.
    /// - Throws: `DomainError(.invalid)` naming a parameter given more than once (a page and the API
    ///   would otherwise read different copies).
    static func single(_ names: Set<String>, in query: String?) throws -> [String: String] {
        guard let query, let items = URLComponents(string: "?" + query)?.queryItems else { return [:] }
        var values: [String: String] = [:]
        for item in items where names.contains(item.name) {
            if values[item.name] != nil {
                throw DomainError.invalid(item.name, "Give \(item.name) once.", code: "repeated_parameter")
            }
            values[item.name] = item.value ?? ""
        }
        return values
    }
}

extension Request {
    /// The page this request's query asks for (see ``Pagination/request(page:per:)-(String?,String?)``).
    /// - Throws: as that function, and for a repeated `page` or `per`.
    func pageRequest() throws -> PageRequest {
        let values = try Pagination.single(["page", "per"], in: url.query)
        return try Pagination.request(page: values["page"], per: values["per"])
    }
}

extension PageMetadata {
    /// The 1-based positions of the first and last row on this page (0, 0 when empty).
    var shown: (first: Int, last: Int) {
        let first = (page - 1) * per + 1
        return first > total ? (0, 0) : (first, min(total, page * per))
    }

    /// Whether a later page has rows.
    var hasNext: Bool { page * per < total }

    /// An RFC 8288 `Link` header value with the first, previous, next and last page of the list at `path`.
    func linkHeader(path: String) -> String {
        Pagination.linkHeader(path: path, page: page, per: per, hasNext: hasNext, lastPage: pageCount)
    }
}

extension Pagination {
    /// An RFC 8288 `Link` header value for page `page` of the list at `path`: `first`, `prev` (after
    /// page 1; the last page when `page` is past it), `next` when `hasNext`, and `last` when the
    /// list's page count is known (`lastPage`; nil for lists without a total). `query` is appended to
    /// every link (a filter such as `&status=sent`, already percent-encoded).
    static func linkHeader(path: String, page: Int, per: Int, hasNext: Bool, lastPage: Int?, query: String = "") -> String {
        func link(_ page: Int, _ rel: String) -> String { "<\(path)?page=\(page)&per=\(per)\(query)>; rel=\"\(rel)\"" }
        var links = [link(1, "first")]
        if page > 1 { links.append(link(min(page - 1, lastPage ?? page - 1), "prev")) }
        if hasNext { links.append(link(page + 1, "next")) }
        if let lastPage { links.append(link(lastPage, "last")) }
        return links.joined(separator: ", ")
    }
}
