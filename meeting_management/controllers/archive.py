from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request


class MeetingArchiveController(http.Controller):
    @http.route(
        "/meeting_management/archive/<int:meeting_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def archive_zip(self, meeting_id):
        """The meeting's archive as one ZIP with its index, built as the logged-in user:
        404 when the meeting is unknown or unreadable, the confidential documents only for
        coordinators and administrators (record rules)."""
        meeting = request.env["meeting.meeting"].browse(meeting_id).exists()
        if not meeting or not meeting.has_access("read"):
            raise NotFound()
        try:
            content = meeting._get_archive_zip()
        except AccessError as e:
            raise Forbidden() from e
        filename = request.env._("Archive - %(meeting)s.zip", meeting=meeting.display_name)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition(filename)),
                ("Content-Length", len(content)),
            ],
        )
