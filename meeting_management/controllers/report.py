from odoo import http
from odoo.http import content_disposition, request


class MeetingReportController(http.Controller):
    @http.route("/meeting/report/<int:meeting_id>/xlsx", type="http", auth="user", methods=["GET"])
    def report_xlsx(self, meeting_id, **kwargs):
        """One-click Excel export of the monitoring report (record rules apply)."""
        meeting = request.env["meeting.meeting"].browse(meeting_id).exists()
        if not meeting:
            raise request.not_found()
        meeting.check_access("read")
        content = meeting._generate_report_xlsx()
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(meeting._report_filename("xlsx"))),
                ("Content-Length", len(content)),
            ],
        )
