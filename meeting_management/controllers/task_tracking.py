from odoo import http
from odoo.http import content_disposition, request


class MeetingTaskTracking(http.Controller):
    @http.route(
        "/meeting_management/meeting/<int:meeting_id>/task_tracking.xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def task_tracking_xlsx(self, meeting_id):
        """The task tracking table (模板3 执行进度跟踪表) of a meeting as an Excel file."""
        meeting = request.env["meeting.meeting"].browse(meeting_id).exists()
        if not meeting:
            raise request.not_found()
        meeting.check_access("read")
        content = meeting._get_task_tracking_xlsx()
        filename = request.env._("Task Tracking - %(name)s.xlsx", name=meeting.name)
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
