from odoo import http
from odoo.http import request

from odoo.addons.meeting_management.controllers.report import workbook_response


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
        return workbook_response(report, meeting_id)
