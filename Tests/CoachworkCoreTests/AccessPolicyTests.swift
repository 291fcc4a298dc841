import Testing
@testable import CoachworkCore

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy()
    let shared = AccessContext(idpShared: true, finalReportReleased: true)

    @Test func privateNotesAreTheCoachsAlone() {
        #expect(policy.allows(.coach, .view, .privateNotes))
        for role in [Role.admin, .client, .sponsor, .hrPartner, .stakeholder] {
            #expect(!policy.allows(role, .view, .privateNotes, context: shared), "\(role)")
        }
    }

    @Test func rawInterviewNotesAndIndividualResponsesNeverReachTheParties() {
        for role in [Role.admin, .client, .sponsor, .hrPartner, .stakeholder] {
            #expect(!policy.allows(role, .view, .interviewNotes, context: shared), "\(role)")
            #expect(!policy.allows(role, .view, .individualResponses, context: shared), "\(role)")
        }
        #expect(policy.allows(.coach, .view, .interviewNotes))
    }

    @Test func sessionNotesAreNeverShownToSponsorOrHR() {
        for role in [Role.sponsor, .hrPartner] {
            #expect(!policy.allows(role, .view, .sharedNotes, context: shared))
        }
        #expect(policy.allows(.client, .view, .sharedNotes))
    }

    @Test func sponsorAndHRSeeTheIDPOnlyOnceShared() {
        for role in [Role.sponsor, .hrPartner] {
            #expect(!policy.allows(role, .view, .idp))
            #expect(policy.allows(role, .view, .idp, context: AccessContext(idpShared: true)))
            #expect(policy.allows(role, .acknowledge, .idp, context: AccessContext(idpShared: true)))
            #expect(!policy.allows(role, .update, .idp, context: shared))
        }
    }

    @Test func finalReportReachesSponsorAndHROnlyAfterRelease() {
        for role in [Role.sponsor, .hrPartner] {
            #expect(!policy.allows(role, .view, .finalReport, context: AccessContext(idpShared: true)))
            #expect(policy.allows(role, .view, .finalReport, context: shared))
        }
        #expect(policy.allows(.client, .acknowledge, .finalReport))
    }

    @Test func onlyClientAndSponsorAcceptTheAgreement() {
        #expect(policy.allows(.client, .acknowledge, .agreement))
        #expect(policy.allows(.sponsor, .acknowledge, .agreement))
        #expect(!policy.allows(.hrPartner, .acknowledge, .agreement))
        #expect(!policy.allows(.client, .update, .agreement))
    }

    @Test func accountsAreManagedByAdminsOnly() {
        #expect(policy.allows(.admin, .create, .userAccount))
        #expect(!policy.allows(.coach, .create, .userAccount))
        #expect(!policy.allows(.coach, .view, .outbox))
        #expect(policy.allows(.coach, .create, .apiToken))
        #expect(!policy.allows(.client, .create, .apiToken))
    }

    @Test func adminReadsMetadataButChangesNoEngagement() {
        #expect(policy.allows(.admin, .view, .engagement))
        #expect(policy.allows(.admin, .view, .finalReport))
        #expect(!policy.allows(.admin, .update, .engagement))
        #expect(!policy.allows(.admin, .update, .phase))
        // The one engagement change the admin makes: handing it to another coach.
        #expect(policy.allows(.admin, .update, .coachAssignment) && policy.allows(.coach, .update, .coachAssignment))
        for role in [Role.client, .sponsor, .hrPartner, .stakeholder] { #expect(!policy.allows(role, .update, .coachAssignment)) }
    }

    @Test func noRoleMeansNoAccess() {
        for resource in Resource.allCases {
            for action in Action.allCases {
                #expect(!policy.allows(nil, action, resource, context: shared))
            }
        }
    }

    @Test func stakeholdersHaveNoStandingAccessAtAll() {
        for resource in Resource.allCases {
            #expect(!policy.allows(.stakeholder, .view, resource, context: shared), "\(resource)")
        }
    }

    @Test func sponsorAndHRSeeOnlyTheMeetingsTheyAttendAndNeverTheirNotes() {
        let attending = AccessContext(attendsMeeting: true)
        for role in [Role.sponsor, .hrPartner] {
            #expect(policy.allows(role, .view, .meetingDetails, context: attending))
            #expect(!policy.allows(role, .view, .meetingDetails, context: AccessContext()))
            #expect(!policy.allows(role, .update, .meetingDetails, context: attending))
            #expect(!policy.allows(role, .view, .sharedNotes, context: attending))
        }
        #expect(policy.allows(.client, .view, .meetingDetails, context: attending))
        #expect(!policy.allows(.client, .view, .meetingDetails))   // a proposal not sent yet
        #expect(!policy.allows(.admin, .view, .meetingDetails, context: attending))
        #expect(policy.allows(.coach, .update, .meetingDetails))
        #expect(policy.allows(.coach, .view, .engagementMail) && !policy.allows(.client, .view, .engagementMail))
    }

    @Test func theFull360ReportIsTheClientsAndTheCoachs() {
        #expect(policy.allows(.coach, .view, .assessmentReport))
        #expect(policy.allows(.client, .view, .assessmentReport))
        for role in [Role.sponsor, .hrPartner, .admin, .stakeholder] {
            #expect(!policy.allows(role, .view, .assessmentReport, context: AccessContext(idpShared: true, finalReportReleased: true,
                                                                                         assessmentFiguresShared: true)), "\(role)")
        }
    }

    @Test func sponsorAndHRReadOnlyWhatTheClientShares() {
        let figures = AccessContext(assessmentFiguresShared: true)
        for role in [Role.sponsor, .hrPartner] {
            #expect(policy.allows(role, .view, .sharedAssessmentSummary))
            #expect(!policy.allows(role, .update, .sharedAssessmentSummary, context: figures))
            #expect(!policy.allows(role, .view, .sharedAssessmentFigures))
            #expect(policy.allows(role, .view, .sharedAssessmentFigures, context: figures))
        }
        // The coach drafts; only the client approves the summary and shares the figures.
        #expect(policy.allows(.coach, .update, .sharedAssessmentSummary))
        #expect(!policy.allows(.coach, .acknowledge, .sharedAssessmentSummary))
        #expect(!policy.allows(.coach, .acknowledge, .sharedAssessmentFigures))
        #expect(policy.allows(.client, .acknowledge, .sharedAssessmentSummary))
        #expect(policy.allows(.client, .acknowledge, .sharedAssessmentFigures))
        #expect(!policy.allows(.admin, .view, .sharedAssessmentSummary, context: figures))
        #expect(!policy.allows(.admin, .view, .sharedAssessmentFigures, context: figures))
    }

    @Test func theHRPartnerReadsTheStakeholderListWithoutApprovingIt() {
        #expect(policy.allows(.hrPartner, .view, .stakeholderList))
        #expect(!policy.allows(.hrPartner, .update, .stakeholderList))
        #expect(policy.allows(.sponsor, .update, .stakeholderList))
    }

    @Test func denialExplainsInPlainWords() {
        #expect(policy.decide(.sponsor, .view, .privateNotes) == .deny(reason: "Your role (sponsor) does not allow you to view private notes."))
    }
}

/// Issue 12: who may download an engagement or a person's data.
@Suite struct ExportAccessTests {
    let policy = AccessPolicy()

    @Test func theCoachAndTheAdminExportAnEngagementNobodyElse() {
        #expect(policy.allows(.coach, .view, .engagementExport) && policy.allows(.admin, .view, .engagementExport))
        for role in [Role.client, .sponsor, .hrPartner, .stakeholder] {
            #expect(!policy.allows(role, .view, .engagementExport, context: AccessContext(idpShared: true, finalReportReleased: true)), "\(role)")
        }
        #expect(!policy.allows(nil, .view, .engagementExport))
    }

    @Test func onlyTheAdminAnswersADataSubjectsRequest() {
        #expect(policy.allows(.admin, .view, .personalDataExport))
        for role in Role.allCases where role != .admin { #expect(!policy.allows(role, .view, .personalDataExport), "\(role)") }
        #expect(!policy.allows(.admin, .update, .personalDataExport))
    }

    @Test func fileNamesAreSafeASCII() {
        let hostile = "Zoë \"Ölund\"; rm -rf /"
        let name = ExportFormat.engagementFileName(clientName: hostile, date: "2026-11-20")
        #expect(name == "coachwork-engagement-zoe-olund-rm-rf-2026-11-20.zip")
        #expect(ExportFormat.personFileName(name: "李雷", date: "2026-11-20") == "coachwork-person-person-2026-11-20.zip")
        #expect(ExportFormat.slug(String(repeating: "a", count: 100)).count == 40)
    }
}
