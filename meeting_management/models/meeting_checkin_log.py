from odoo import api, fields, models
from odoo.tools import SQL

CHECKIN_RESULTS = [
    ("ok", "Checked in"),
    ("walk_in", "Walk-in registered"),
    ("already", "Already checked in"),
    ("unknown", "Unknown code"),
    ("wrong_meeting", "Another meeting's code"),
    ("declined", "Declined invitation"),
    ("cancelled", "Meeting cancelled"),
    ("not_open", "Check-in not open"),
    ("too_early", "Too early"),
    ("too_late", "Too late"),
    ("empty", "Empty scan"),
    ("invalid", "Invalid code"),
    ("bad_meeting", "No meeting chosen"),
    ("not_staff", "Not staff of this meeting"),
]


class MeetingCheckinLog(models.Model):
    """Every scan, accepted or refused: the audit trail and the per-lane rates.

    Rows are written by :meth:`_insert_scan` with a single INSERT (the scan path is
    hand-written SQL for speed); they are never edited.
    """

    _name = "meeting.checkin.log"
    _description = "Meeting Check-in Log"
    _order = "scan_date desc, id desc"
    _log_access = True

    meeting_id = fields.Many2one("meeting.meeting", ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    attendee_id = fields.Many2one("meeting.attendee", ondelete="set null", readonly=True)
    scan_date = fields.Datetime(string="Scanned At", required=True, readonly=True)
    lane = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Staff", readonly=True)
    result = fields.Selection(CHECKIN_RESULTS, required=True, readonly=True, index=True)
    code_prefix = fields.Char(
        string="Code (start)",
        readonly=True,
        help="The first characters of the scanned code, enough to recognise a misprint, "
        "never a whole token.",
    )

    _meeting_date_idx = models.Index("(meeting_id, scan_date)")

    @api.model
    def _insert_scan(self, meeting_id, attendee_id, result, lane, code):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO meeting_checkin_log
                    (meeting_id, company_id, attendee_id, scan_date, lane, user_id, result,
                     code_prefix, create_uid, create_date, write_uid, write_date)
                SELECT m.id, m.company_id, %(attendee)s, %(now)s, %(lane)s, %(uid)s,
                       %(result)s, %(code)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM (SELECT 1) AS one
                  LEFT JOIN meeting_meeting m ON m.id = %(meeting)s
                """,
                meeting=meeting_id,
                attendee=attendee_id,
                now=SQL("(now() AT TIME ZONE 'UTC')"),
                lane=lane or None,
                uid=self.env.uid,
                result=result,
                code=code or None,
            )
        )
