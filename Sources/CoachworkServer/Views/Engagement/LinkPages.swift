import Vapor
import Plot
import CoachworkCore

/// The pages behind personal links: sign-in confirmation, 360 questionnaire, mini-survey.
enum LinkPages {
    static func signIn(_ req: Request, name: String, token: String) -> Response {
        req.page(
            "Sign in to Coachwork",
            .p(.text("This personal link is for \(name). Press the button to continue.")),
            Form.post(action: Paths.link(token), csrf: req.csrfToken, submitLabel: "Continue as \(name)"))
    }

    /// The 360 questionnaire: one fieldset per competency with its behaviour items (1-5 or "can't say"),
    /// then the open questions. Values come from the posted form after an error, else from the saved draft.
    static func assessment(_ req: Request, form: AssessmentForm, token: String, errors: [String: String] = [:],
                           status: HTTPResponseStatus = .ok, saved: Bool = false) -> Response {
        let options: [(value: String, label: String)] = [("1", "1 Rarely"), ("2", "2"), ("3", "3 Sometimes"), ("4", "4"), ("5", "5 Consistently"), ("na", "Can't say")]
        let posted = status != .ok
        let score: (RatedItem) -> String? = { item in
            posted ? req.formField(AssessmentForm.scoreField(item)) : form.draft.scores[item.key]
        }
        let answer: (Int) -> String? = { index in
            posted ? req.formField("answer_\(index)")
                   : (index < form.draft.answers.count ? form.draft.answers[index] : nil)
        }
        let sections: [Node<HTML.BodyContext>] = form.competencies.map { assessed in
            let single = assessed.items.count == 1 && assessed.items[0].itemID == nil
            return .div(.class("panel"),
                .h2(.text(assessed.competency.name)),
                .if(!single, .p(.class("hint"), .text(assessed.competency.description))),
                .group(assessed.items.map { item in
                    Form.radioGroup(name: AssessmentForm.scoreField(item), legend: single ? assessed.competency.name : item.text,
                                    options: options, selected: score(item), error: errors[AssessmentForm.scoreField(item)],
                                    hint: single ? item.text : nil)
                }))
        }
        let questions: [Node<HTML.BodyContext>] = form.assessment.questions.enumerated().map { index, question in
            Form.textArea(name: "answer_\(index)", label: question, value: answer(index), error: errors["answer_\(index)"])
        }
        let intro = form.isSelf
            ? "Rate yourself: how consistently do you show each behaviour? Your coach compares your view with your stakeholders'."
            : "How consistently does \(form.clientName) show each behaviour? Choose \"Can't say\" when you have not seen it. " + AssessmentService.promise(form.assessment, group: form.rater.group)
        return req.page(
            form.isSelf ? "Your self-assessment" : "Feedback for \(form.clientName)", status: status,
            saved ? .div(.class("notice"), .attribute(named: "role", value: "status"),
                         .p(.text("Your draft is saved. Come back through the same link to finish; nothing is counted until you send it."))) : .empty,
            .p(.text(intro)),
            form.assessment.closesOn.map { .p(.class("hint"), .text("Please answer by \($0).")) } ?? .empty,
            Form.errorSummary(errors),
            Form.post(action: Paths.link(token), csrf: req.csrfToken,
                      buttons: [("intent", "submit", "Send my answers"), ("intent", "draft", "Save draft")],
                      .group(sections), .group(questions)))
    }

    static func survey(_ req: Request, form: SurveyForm, token: String, errors: [String: String] = [:], status: HTTPResponseStatus = .ok) -> Response {
        let options: [(value: String, label: String)] = (-3...3).map { value in
            let sign = value > 0 ? "+\(value)" : "\(value)"
            switch value {
            case -3: return (String(value), "\(sign) much less effective")
            case 0: return (String(value), "0 no change")
            case 3: return (String(value), "\(sign) much more effective")
            default: return (String(value), sign)
            }
        } + [(SurveyForm.cantSay, "Can't say (no chance to observe)")]
        let kept: (String) -> String? = { name in status == .ok ? nil : try? req.content.get(String.self, at: name) }
        let questions: [Node<HTML.BodyContext>] = form.competencies.map { competency in
            let id = competency.id!
            return .div(.class("panel"),
                Form.radioGroup(name: "change_\(id)", legend: "\(competency.name): how has \(form.clientName)'s effectiveness changed?",
                                options: options, selected: kept("change_\(id)"), error: errors["change_\(id)"], hint: competency.description),
                Form.textArea(name: "comment_\(id)", label: "Comment (optional)", value: kept("comment_\(id)"), rows: 2),
                Form.textArea(name: "suggestion_\(id)", label: "A suggestion for the future (optional)", value: kept("suggestion_\(id)"), rows: 2))
        }
        return req.page(
            "Progress of \(form.clientName)", status: status,
            .p(.text("Round \(form.round.number). For each goal area, tell us how \(form.clientName)'s effectiveness has changed since the coaching began; choose \"Can't say\" when you had no chance to observe it (it is not counted as no change). Answers are shown only combined with at least \(max((form.round.ratingThreshold ?? 3) - 1, 1)) others.")),
            Form.errorSummary(errors),
            Form.post(action: Paths.link(token), csrf: req.csrfToken, submitLabel: "Send my answers", .group(questions),
                      Form.radioGroup(name: "followUp", legend: "How often did \(form.clientName) follow up with you about their development goals since the coaching began?",
                                      options: FollowUpFrequency.allCases.map { ($0.rawValue, $0.title) }, selected: kept("followUp"),
                                      error: errors["followUp"])))
    }

    static func thanks(_ req: Request) -> Response {
        req.page("Thank you", .p(.text("Your answers are received. You can close this page.")))
    }

    /// An expired, used or unknown link: say so, and offer a new one.
    static func failure(_ req: Request, error: DomainError) -> Response {
        // A paused engagement's link is fine: it only waits, so no "does not work" and no new-link form.
        if error.code == "engagement_paused" {
            return req.page("Answers are on hold", status: error.kind.status, .p(.text(error.message)))
        }
        return req.page(
            "This link does not work", status: error.kind.status,
            .p(.text(error.message)),
            .p(.text("Client, sponsor or HR partner? Enter your email for a new sign-in link. Stakeholders: ask the coach who invited you.")),
            RequestLinkPage.form(req, email: nil, error: nil))
    }
}
