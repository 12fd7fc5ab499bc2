from odoo import http
from odoo.http import request

from .xlsx import readable_meeting, xlsx_response


class MeetingTaskTracking(http.Controller):
    @http.route(
        "/meeting_management/meeting/<int:meeting_id>/task_tracking.xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def task_tracking_xlsx(self, meeting_id):
        """The task tracking table (模板3 执行进度跟踪表) of a meeting as an Excel file."""
        meeting = readable_meeting(meeting_id)
        content = meeting._get_task_tracking_xlsx()
        filename = request.env._("Task Tracking - %(name)s.xlsx", name=meeting.name)
        return xlsx_response(content, filename)
