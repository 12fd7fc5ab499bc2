from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class MeetingAttendee(models.Model):
    _inherit = "meeting.attendee"

    @api.model
    def bench_bare_checkin(self, meeting_id, code):
        """The least any check-in writes, in one statement committed asynchronously: the
        attendee's flag, time and staff member, and a five-column log line. No window, no
        meeting, no staff or channel check, no answer beyond ok: a ceiling, not a scan."""
        if not self.env.user.has_group("meeting_management.group_meeting_checkin"):
            raise AccessError(self.env._("Only check-in staff may check attendees in."))
        self.env.cr.execute(
            SQL(
                """
                WITH upd AS (
                    UPDATE meeting_attendee
                       SET is_checked_in = TRUE, checkin_date = (now() AT TIME ZONE 'UTC'),
                           checkin_user_id = %(uid)s
                     WHERE access_token = %(code)s AND meeting_id = %(meeting)s
                       AND is_checked_in IS NOT TRUE
                 RETURNING id)
                INSERT INTO meeting_checkin_log
                       (meeting_id, attendee_id, scan_date, user_id, result)
                SELECT %(meeting)s, upd.id, (now() AT TIME ZONE 'UTC'), %(uid)s, 'ok' FROM upd
                RETURNING set_config('synchronous_commit', 'off', TRUE)
                """,
                uid=self.env.uid,
                code=code,
                meeting=meeting_id,
            )
        )
        return {"status": "ok" if self.env.cr.fetchall() else "no"}
