from odoo import models

LINKS_PER_ROW = 3


class ReportMeetingSurveyLinkSheet(models.AbstractModel):
    """The survey links of the attendees the survey e-mail cannot reach (no e-mail address):
    one QR code, name and link per attendee, to print and hand out or to share the links
    another way (message, phone). The links are the attendees' personal tokens, the ones
    the survey route ``/meeting/feedback/<token>`` answers (phone check included)."""

    _name = "report.meeting_management.report_survey_link_sheet"
    _inherit = ["meeting.report.mixin"]
    _description = "Survey Links (QR)"

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        # the links are personal credentials: only those who run the review (initiator,
        # executor, coordinators) see them, while the survey is open
        meeting._check_feedback_open()
        meeting._check_can_record_feedback()
        attendees = meeting._get_survey_link_attendees()
        attendees._ensure_feedback_token()
        Attendee = self.env["meeting.attendee"]
        # sudo: the token (inside the URL) and the e-mail are restricted fields; the guard
        # above decided that the current user may hand the links out
        cards = [
            {
                "name": attendee.name,
                "company": attendee.company_name or attendee.department_id.name or "",
                "url": attendee._get_feedback_url(),
                "qr": Attendee._make_qr_png(attendee._get_feedback_url(), box_size=4),
            }
            for attendee in attendees.sudo()
        ]
        return {
            "title": self.env._("%(name)s – Survey Links", name=meeting.name),
            "rows": [
                cards[start : start + LINKS_PER_ROW]
                for start in range(0, len(cards), LINKS_PER_ROW)
            ],
            "count": len(cards),
        }
