from odoo import http

from .xlsx import readable_meeting, xlsx_response


class MeetingReportController(http.Controller):
    @http.route("/meeting/report/<int:meeting_id>/xlsx", type="http", auth="user", methods=["GET"])
    def report_xlsx(self, meeting_id, **kwargs):
        """One-click Excel export of the monitoring report (record rules apply)."""
        meeting = readable_meeting(meeting_id)
        content = meeting._generate_report_xlsx()
        return xlsx_response(content, meeting._report_filename("xlsx"))
