import Vapor

/// Adds the security headers to every response the app sends: pages, link pages, the API,
/// files, redirects and errors (it sits outermost, so even a 404 carries them).
///
/// - `Content-Security-Policy`: no script at all (the product has none), styles and images from
///   this site only, forms post only here, and no framing (`frame-ancestors 'none'`, with
///   `X-Frame-Options: DENY` for old browsers) against clickjacking.
/// - `Referrer-Policy: no-referrer`: personal-link tokens are in URLs and must not leak to
///   another site through the `Referer` header.
/// - `X-Content-Type-Options: nosniff`; a restrictive `Permissions-Policy`; cross-origin
///   isolation of windows and resources.
/// - `Strict-Transport-Security` (RFC 6797) only when the public base URL is https, since a
///   browser would otherwise refuse a plain-HTTP installation for a year.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// The policy for every response (W3C Content Security Policy Level 3).
    static let contentSecurityPolicy = [
        "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    /// Browser features no page of ours uses.
    static let permissionsPolicy = [
        "accelerometer=()", "autoplay=()", "camera=()", "display-capture=()", "geolocation=()", "gyroscope=()",
        "magnetometer=()", "microphone=()", "payment=()", "usb=()", "interest-cohort=()",
    ].joined(separator: ", ")

    /// Whether to send HSTS (the base URL is https).
    let strictTransport: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Errors are rendered further in; one that escapes still gets a response with headers.
            response = Response(status: (error as? any AbortError)?.status ?? .internalServerError)
        }
        let headers: [(HTTPHeaders.Name, String)] = [
            (.contentSecurityPolicy, Self.contentSecurityPolicy),
            (.xContentTypeOptions, "nosniff"),
            (HTTPHeaders.Name("Referrer-Policy"), "no-referrer"),
            (.xFrameOptions, "DENY"),
            (HTTPHeaders.Name("Permissions-Policy"), Self.permissionsPolicy),
            (HTTPHeaders.Name("Cross-Origin-Opener-Policy"), "same-origin"),
            (HTTPHeaders.Name("Cross-Origin-Resource-Policy"), "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if strictTransport {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}
