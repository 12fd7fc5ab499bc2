from odoo import models

BADGES_PER_ROW = 2
ROWS_PER_PAGE = 2


class ReportMeetingBadgeSheet(models.AbstractModel):
    """The badges of a meeting, four per A4 page (PDF only)."""

    _name = "report.meeting_management.report_attendee_badge_sheet"
    _inherit = ["meeting.report.mixin"]
    _description = "Badges (A4)"

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        attendees = meeting.attendee_ids.filtered(lambda a: a.invitation_state != "declined")
        rows = [
            attendees[start : start + BADGES_PER_ROW]
            for start in range(0, len(attendees), BADGES_PER_ROW)
        ]
        return {
            "pages": [
                rows[start : start + ROWS_PER_PAGE] for start in range(0, len(rows), ROWS_PER_PAGE)
            ],
        }
