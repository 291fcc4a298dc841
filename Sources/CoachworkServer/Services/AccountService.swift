import Vapor
import Fluent
import CoachworkCore

/// Creating and resetting password accounts: shared by the web pages, the API and the
/// `coachwork user` commands so all three apply the same rules.
struct AccountService {
    let db: any Database
    let passwords: AsyncPasswordHasher
    /// Who creates or resets accounts, for the audit trail (the command line when not a person).
    var actor = AuditActor.system("Coachwork (command line)")
    /// Who the invitation and reset emails name as Reply-To (the admin who sent them), if anyone.
    var replyTo: MailAddress? = nil

    /// Input for a new account, as typed (normalised here).
    struct NewUser: Sendable {
        var email: String?
        var name: String?
        var role: String?
        var timeZone: String?
    }

    /// Validates every field at once.
    /// - Throws: ``FormErrors`` with one message per field at fault.
    static func validate(_ input: NewUser) throws -> (email: String, name: String, role: Role, zone: String) {
        var errors = FormErrors()
        let email = errors.collect { try TextInput.email(input.email) }
        let name = errors.collect { try TextInput.required(input.name, field: "name", label: "Name") }
        let role = Role(rawValue: input.role ?? "").flatMap { Role.accountRoles.contains($0) ? $0 : nil }
        if role == nil { errors.add("role", "Choose admin or coach.") }
        let zone = errors.collect { try TextInput.timeZone(input.timeZone ?? "UTC") }
        try errors.throwIfAny()
        return (email!, name!, role!, zone!)
    }

    /// Creates an account with a known password, or with a one-time password the user must change
    /// at first sign-in (the first admin, who has no mail yet: see ``FirstAdmin``).
    /// - Returns: the user and the password (a one-time one is shown once, never stored in clear).
    /// - Throws: ``FormErrors`` for bad input or a taken email.
    func create(_ input: NewUser, password: String? = nil) async throws -> (User, String) {
        let secret = password ?? Secret.oneTimePassword()
        let (user, _) = try await insert(input, passwordHash: try await passwords.hash(secret), mustChangePassword: password == nil) { _, _ in }
        return (user, secret)
    }

    /// Inserts a validated account and its `account_created` audit entry, then runs `then` in the
    /// same transaction (an invitation: its link and email).
    /// - Throws: ``FormErrors`` for bad input or a taken email (compared lower-cased).
    func insert<T: Sendable>(_ input: NewUser, passwordHash: String, mustChangePassword: Bool,
                             then: @escaping @Sendable (User, any Database) async throws -> T) async throws -> (User, T) {
        let valid = try Self.validate(input)
        guard try await User.query(on: db).filter(\.$email == valid.email).count() == 0 else {
            var errors = FormErrors()
            errors.add("email", "An account with this email already exists.")
            throw errors
        }
        let user = User(email: valid.email, name: valid.name, role: valid.role, passwordHash: passwordHash,
                        timeZone: valid.zone, mustChangePassword: mustChangePassword)
        let actor = self.actor
        let extra = try await db.writeTransaction { tx in
            try await user.create(on: tx)
            try await AuditTrail.append(.init(actor, action: "account_created", object: "user:\(try user.requireID().uuidString.lowercased())",
                                              detail: "\(user.accountRole.title) account created.", at: Date()), on: tx)
            return try await then(user, tx)
        }
        return (user, extra)
    }

    /// Gives an account a new one-time password, to be changed at next sign-in (`coachwork user
    /// reset`, which works without mail). Its emailed links stop working.
    func reset(_ user: User) async throws -> String {
        let secret = Secret.oneTimePassword()
        user.passwordHash = try await passwords.hash(secret)
        user.mustChangePassword = true
        let actor = self.actor
        try await db.writeTransaction { tx in
            try await user.save(on: tx)
            try await AccountLinks.revoke(userID: try user.requireID(), purpose: nil, on: tx, now: Date())
            try await AuditTrail.append(.init(actor, action: "password_reset", object: "user:\(try user.requireID().uuidString.lowercased())",
                                              detail: "A one-time password was issued.", at: Date()), on: tx)
        }
        return secret
    }
}

extension Request {
    /// The account service acting as the signed-in actor: audited as them, and the invitations and
    /// reset links they send carry their address as Reply-To (the email says "reply to the person
    /// who runs your practice").
    func accountService() throws -> AccountService {
        let actor = try requireActor()
        var service = AccountService(db: db, passwords: password.async, actor: AuditActor(actor))
        if case .user(let user) = actor { service.replyTo = MailAddress(name: user.name, email: user.email) }
        return service
    }
}

/// Field-level validation errors collected from a whole form or JSON body.
struct FormErrors: Error, Sendable {
    /// field name -> message.
    private(set) var messages: [String: String] = [:]

    mutating func add(_ field: String, _ message: String) { messages[field] = messages[field] ?? message }

    /// Runs `body`; a thrown field ``DomainError`` is recorded and `nil` returned.
    mutating func collect<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch let error as DomainError {
            add(error.field ?? "_form", error.message)
            return nil
        } catch {
            add("_form", "\(error)")
            return nil
        }
    }

    /// A typed whole number: nil when blank; nil and a message on `field` when not a whole number.
    mutating func wholeNumber(_ text: String?, field: String) -> Int? {
        guard let text = TextInput.optional(text) else { return nil }
        guard let value = Int(text) else { add(field, "Enter a whole number."); return nil }
        return value
    }

    /// Throws `self` when any message was recorded.
    func throwIfAny() throws { if !messages.isEmpty { throw self } }

    /// The first error as a ``DomainError`` (what the API reports), naming its field.
    var asDomainError: DomainError {
        let first = messages.sorted { $0.key < $1.key }.first
        return DomainError(.invalid, code: "invalid_field", message: first?.value ?? "Invalid input.", field: first?.key,
                           details: messages.sorted { $0.key < $1.key }.map { .init(code: "invalid_field", message: $0.value, field: $0.key) })
    }
}
