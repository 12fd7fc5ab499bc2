from odoo import http

from .xlsx import readable_meeting, xlsx_response


class MeetingAgendaXlsx(http.Controller):
    @http.route(
        "/meeting_management/agenda/<int:meeting_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def agenda_xlsx(self, meeting_id):
        meeting = readable_meeting(meeting_id)
        content = meeting._agenda_xlsx_content()
        filename = f"{meeting.reference or 'agenda'} - {meeting.name}.xlsx".replace("/", "-")
        return xlsx_response(content, filename)
