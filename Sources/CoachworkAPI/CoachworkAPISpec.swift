import Foundation

/// The OpenAPI 3.1 document this module's types and server protocol are generated from,
/// served as is at `/api/v1/openapi.yaml` so the contract and the code never drift.
public enum CoachworkAPISpec {
    /// The YAML text of `openapi.yaml`, or `nil` if the resource bundle is missing.
    public static let yaml: String? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
}
