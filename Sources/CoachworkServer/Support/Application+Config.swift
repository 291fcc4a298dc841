import Vapor

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration the app was built with; set once by ``configure(_:config:)``.
    var config: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:config:) was not called") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    /// The application's configuration.
    var config: AppConfig { application.config }
}
