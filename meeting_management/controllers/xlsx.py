"""What the Excel downloads of the addon share."""

from werkzeug.exceptions import NotFound

from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def readable_meeting(meeting_id, env=None):
    """The meeting the current user may read, or a 404 (record rules apply)."""
    env = env or request.env
    meeting = env["meeting.meeting"].browse(meeting_id).exists()
    if not meeting or not meeting.has_access("read"):
        raise NotFound()
    return meeting


def xlsx_response(content, filename):
    return request.make_response(
        content,
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(filename)),
            ("Content-Length", len(content)),
        ],
    )
