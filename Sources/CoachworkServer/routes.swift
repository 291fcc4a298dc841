import Vapor

/// Registers every route: the web pages (sessions, CSRF) and the JSON API under `/api/v1`.
func routes(_ app: Application) throws {
    // The error middleware also sits inside the sessions middleware, so an error page's
    // session changes (a shown flash, a new CSRF token) are saved like any other page's.
    let web = app.grouped(app.sessions.middleware, AppErrorMiddleware(), SessionAuthenticator(), PasswordChangeGate(), FormTextMiddleware(), CSRFMiddleware())
    try web.register(collection: HomeController())
    try web.register(collection: SessionController())
    try web.register(collection: AccountLinkController())
    try web.register(collection: UsersController())
    try web.register(collection: PeopleController())
    try web.register(collection: ImportController())
    try web.register(collection: TokensController())
    try web.register(collection: OutboxController())
    try web.register(collection: AuditController())
    try web.register(collection: SettingsController())
    try web.register(collection: CalendarFeedController())
    try web.register(collection: CompetencyModelsController())
    try web.register(collection: LinkController())
    try web.register(collection: MailStopController())
    try web.register(collection: EngagementsController())
    try web.register(collection: EngagementLifecycleController())
    try web.register(collection: EngagementDocumentsController())
    try web.register(collection: IDPStatusController())
    try web.register(collection: MeetingChangesController())
    try web.register(collection: ReportController())
    try web.register(collection: ErasureController())
    try web.register(collection: ExportController())
    try registerAPI(app)
}
