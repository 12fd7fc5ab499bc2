from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

from odoo.addons.meeting_management.report.meeting_report_tools import XLSX_MIMETYPE


class MeetingAccountReportController(http.Controller):
    @http.route(
        "/meeting_management_account/xlsx/budget_settlement/<int:meeting_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def budget_settlement_xlsx(self, meeting_id):
        """The budget settlement workbook: 404 for a meeting the user may not read, 403 for
        a user who is not finance (the report's data method checks). Built as the user."""
        report = request.env["report.meeting_management_account.report_budget_settlement"]
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
                (
                    "Content-Disposition",
                    content_disposition(report._get_workbook_filename(meeting)),
                ),
                ("Content-Length", len(content)),
            ],
        )
