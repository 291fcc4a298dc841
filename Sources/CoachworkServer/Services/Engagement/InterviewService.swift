import Vapor
import Fluent
import CoachworkCore

/// A theme as the coach typed it while coding an interview.
struct ThemeInput: Sendable {
    var label: String?
    /// `strength` or `development`.
    var kind: String?
    var competencyID: UUID?
}

/// One row of the theme summary: how many interviews raised a theme.
struct ThemeCount: Sendable, Equatable {
    var label: String
    var kind: String
    /// Names of the competencies the theme was linked to, sorted.
    var competencies: [String]
    /// Distinct interviews that raised it.
    var interviews: Int
}

extension PlanService {
    /// Records a stakeholder interview (the coach's alone): notes per question of the practice's
    /// question set and/or general notes, and the themes coded from it.
    ///
    /// - Parameters:
    ///   - answers: notes aligned with `questions` (blank ones dropped); `questions` defaults to the practice's set.
    ///   - themes: rows with a blank label are ignored; each kept row needs a kind.
    /// - Throws: ``FormErrors``: a bad date, no notes at all, a theme without kind, an unknown stakeholder
    ///   or competency; 409 outside analysis.
    func recordInterview(_ scope: EngagementScope, stakeholderID: UUID?, heldOn: String?, notes: String?,
                         answers: [String] = [], questions: [String]? = nil, themes: [ThemeInput] = []) async throws -> Interview {
        try scope.authorize(.create, .interviewNotes)
        try scope.check(.recordInterview)
        var errors = FormErrors()
        let day = errors.collect { try CalendarDate.parse(heldOn, field: "heldOn", within: .plannedDay, today: scope.today) }
        var asked = questions ?? []
        if questions == nil { asked = try await PracticeSettings.current(on: req.db).interviewQuestions }
        let noted = zip(asked, answers).compactMap { question, answer in
            TextInput.optional(answer).map { InterviewAnswer(question: question, notes: String($0.prefix(20_000))) }
        }
        if answers.count > asked.count {
            errors.add("answers", "There are \(asked.count) interview questions; \(answers.count) answers were sent.")
        }
        if let day, day > CalendarDate.of(req.now, zone: scope.actor.timeZone) {
            errors.add("heldOn", "An interview is recorded once held; this date is in the future.")
        }
        let general = TextInput.optional(notes)
        if general == nil && noted.isEmpty { errors.add("notes", "Write notes for at least one question, or general notes.") }
        if (general?.count ?? 0) > 20_000 { errors.add("notes", "Notes must be at most 20000 characters.") }
        if let stakeholderID, try await Stakeholder.query(on: req.db).filter(\.$id == stakeholderID)
            .filter(\.$engagement.$id == scope.id).count() == 0 {
            errors.add("stakeholderId", "This stakeholder is not part of the engagement.")
        }
        var coded: [(label: String, kind: String, competencyID: UUID?)] = []
        for (index, theme) in themes.enumerated() {
            guard let label = TextInput.optional(theme.label) else { continue }
            guard let kind = theme.kind, ["strength", "development"].contains(kind) else {
                errors.add("themeKind_\(index)", "Say whether the theme is a strength or a development area."); continue
            }
            if label.count > 120 { errors.add("themeLabel_\(index)", "A theme must be at most 120 characters."); continue }
            if let id = theme.competencyID, try await Competency.find(id, on: req.db) == nil {
                errors.add("themeCompetency_\(index)", "This competency does not exist."); continue
            }
            coded.append((label, kind, theme.competencyID))
        }
        try errors.throwIfAny()
        let toSave = coded
        let interview = Interview()
        interview.$engagement.id = scope.id
        interview.$stakeholder.id = stakeholderID
        interview.heldOn = day!
        interview.notes = general ?? ""
        interview.answersJSON = noted.isEmpty ? nil : String(decoding: try JSONEncoder().encode(noted), as: UTF8.self)
        try await req.db.writeTransaction { db in
            try await interview.create(on: db)
            for theme in toSave {
                let row = InterviewTheme()
                row.$interview.id = try interview.requireID()
                row.engagementID = scope.id
                row.label = theme.label
                row.kind = theme.kind
                row.competencyID = theme.competencyID
                try await row.create(on: db)
            }
            try await scope.audit("interview_recorded", "Stakeholder interview recorded with \(toSave.count) theme\(toSave.count == 1 ? "" : "s").", on: db)
        }
        return interview
    }

    /// Themes across the engagement's interviews: per theme (same label ignoring case, same kind)
    /// the number of distinct interviews that raised it, most frequent first. Counts only: no
    /// interview, stakeholder or note is named, so the summary may sit beside the gap report.
    static func themeSummary(_ engagementID: UUID, on db: any Database) async throws -> [ThemeCount] {
        let themes = try await InterviewTheme.query(on: db).filter(\.$engagementID == engagementID).all()
        let names = try await CompetencyCatalog.names(Array(Set(themes.compactMap(\.competencyID))), on: db)
        let grouped = Dictionary(grouping: themes) { "\($0.kind)|\($0.label.lowercased())" }
        return grouped.values.map { rows in
            ThemeCount(label: rows[0].label, kind: rows[0].kind,
                       competencies: Set(rows.compactMap { $0.competencyID.flatMap { names[$0.uuidString] } }).sorted(),
                       interviews: Set(rows.map { $0.$interview.id }).count)
        }.sorted { ($1.interviews, $0.kind, $0.label.lowercased()) < ($0.interviews, $1.kind, $1.label.lowercased()) }
    }
}
