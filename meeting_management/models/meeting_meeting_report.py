"""What the meeting keeps of its reports; their data lives in ``report/`` (one model each)."""

from odoo import models
from odoo.tools import format_datetime


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    def _format_dt(self, value, dt_format="short"):
        """A datetime in the initiator's timezone (reports, the survey page, summary mails)."""
        if not value:
            return ""
        tz = self.initiator_id.tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=dt_format)

    def _agenda_rows(self):
        """The agenda as display rows, for the agenda mails (see the agenda report)."""
        self.ensure_one()
        return self.env["report.meeting_management.report_meeting_agenda"]._get_lines(self)

    def _create_report_attachments(self):
        """The monitoring report (PDF and workbook) archived as attachments of the meeting."""
        self.ensure_one()
        report = self.env["report.meeting_management.report_meeting_monitoring"]
        return self.env["ir.attachment"].create(
            [
                {**values, "res_model": self._name, "res_id": self.id}
                for values in report._get_attachment_values(self)
            ]
        )
