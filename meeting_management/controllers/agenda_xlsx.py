from odoo import http
from odoo.http import content_disposition, request


class MeetingAgendaXlsx(http.Controller):
    @http.route(
        "/meeting_management/agenda/<int:meeting_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def agenda_xlsx(self, meeting_id):
        meeting = request.env["meeting.meeting"].browse(meeting_id).exists()
        if not meeting or not meeting.has_access("read"):
            return request.not_found()
        content = meeting._agenda_xlsx_content()
        filename = f"{meeting.reference or 'agenda'} - {meeting.name}.xlsx".replace("/", "-")
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
