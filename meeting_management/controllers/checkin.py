from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request


class MeetingCheckinController(http.Controller):
    """The kiosk's routes: one JSON-RPC call per scan, for logged-in check-in staff."""

    def _staff_env(self):
        env = request.env
        if not env.user.has_group("meeting_management.group_meeting_checkin"):
            return None
        return env

    def _forbidden(self):
        return {
            "status": "forbidden",
            "ok": False,
            "message": request.env._("Only check-in staff may use the check-in kiosk."),
        }

    @http.route("/meeting_management/checkin/scan", type="jsonrpc", auth="user", methods=["POST"])
    def checkin_scan(self, meeting_id=None, code=None, lane=None):
        env = self._staff_env()
        if env is None:
            return self._forbidden()
        return env["meeting.attendee"].checkin_scan(meeting_id, code, lane or "")

    @http.route("/meeting_management/checkin/manual", type="jsonrpc", auth="user", methods=["POST"])
    def checkin_manual(self, meeting_id=None, attendee_id=None, lane=None):
        env = self._staff_env()
        if env is None:
            return self._forbidden()
        return env["meeting.attendee"].checkin_by_id(meeting_id, attendee_id, lane or "")

    @http.route(
        "/meeting_management/checkin/walk_in", type="jsonrpc", auth="user", methods=["POST"]
    )
    def checkin_walk_in(self, meeting_id=None, values=None, lane=None):
        env = self._staff_env()
        if env is None:
            return self._forbidden()
        try:
            return env["meeting.attendee"].checkin_walk_in(meeting_id, values or {}, lane or "")
        except (UserError, AccessError) as e:
            return {"status": "error", "ok": False, "message": str(e)}

    @http.route("/meeting_management/checkin/search", type="jsonrpc", auth="user", methods=["POST"])
    def checkin_search(self, meeting_id=None, term=None):
        env = self._staff_env()
        if env is None:
            return []
        return env["meeting.attendee"].checkin_search(meeting_id, term)
