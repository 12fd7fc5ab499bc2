from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

from ..report.meeting_report_tools import XLSX_MIMETYPE


def workbook_response(report, meeting_id):
    """The HTTP answer carrying the workbook of ``report`` (a meeting report model) for a
    meeting: 404 when the meeting is unknown or unreadable, 403 when the report's own rule
    refuses the user. Shared by the bridges' workbook routes."""
    try:
        meeting = report._get_workbook_meeting(meeting_id)
        if not meeting:
            raise NotFound()
        content = report._get_workbook(meeting)
    except AccessError as e:
        raise Forbidden() from e
    return request.make_response(
        content,
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(report._get_workbook_filename(meeting))),
            ("Content-Length", len(content)),
        ],
    )


class MeetingReportController(http.Controller):
    @http.route(
        "/meeting_management/xlsx/<string:report_name>/<int:meeting_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def report_xlsx(self, report_name, meeting_id):
        """The workbook of a meeting report (``report.meeting_management.<report_name>``).

        404 for an unknown report, a report without a workbook or a meeting the user may not
        read; 403 when the report's own rule refuses the user (sign-in sheet: check-in staff
        of the meeting). Record rules apply: the workbook is built as the user.
        """
        report = request.env.get(f"report.meeting_management.{report_name}")
        if report is None or not getattr(report, "_has_workbook", False):
            raise NotFound()
        return workbook_response(report, meeting_id)
