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
    ("bad_channel", "Not a channel of this meeting"),
    # door exceptions (签到异常处理): written by the staff's actions, never by a scan
    ("reissued", "Lost badge: QR code reissued"),
    ("corrected", "Details corrected at the door"),
    ("walk_in_confirmed", "Walk-in confirmed"),
    ("walk_in_refused", "Walk-in refused"),
]

# The results that are door exceptions (and the walk-in, registered at the door).
DOOR_EXCEPTION_RESULTS = (
    "walk_in",
    "reissued",
    "corrected",
    "walk_in_confirmed",
    "walk_in_refused",
)


class MeetingCheckinLog(models.Model):
    """Every scan, accepted or refused: the audit trail and the per-lane rates.

    Rows are written with a single INSERT (:meth:`_insert_scan_sql`; the scan path is
    hand-written SQL for speed): a check-in's line by the check-in's own statement, a refused
    scan's by :meth:`_insert_scan`. They are never edited.
    """

    _name = "meeting.checkin.log"
    _description = "Meeting Check-in Log"
    _order = "scan_date desc, id desc"
    # An append-only trail: when and by whom are its own fields (scan_date, user_id). Without
    # Odoo's create/write columns a scan's INSERT checks two foreign keys fewer.
    _log_access = False

    # indexed by (meeting_id, scan_date) below
    meeting_id = fields.Many2one("meeting.meeting", ondelete="cascade", readonly=True)
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

    channel_id = fields.Many2one(
        "meeting.checkin.channel", string="Channel", ondelete="set null", readonly=True
    )
    channel_mismatch = fields.Boolean(
        string="Other Channel",
        readonly=True,
        help="The attendee belongs to another channel than the one they were checked in at.",
    )
    is_door_exception = fields.Boolean(
        string="Door Exception",
        compute="_compute_is_door_exception",
        search="_search_is_door_exception",
    )
    old_values = fields.Json(readonly=True, help="The attendee's details before the correction.")
    new_values = fields.Json(readonly=True, help="The attendee's details after the correction.")
    details = fields.Char(
        readonly=True, help="What the staff did, with the previous values of a correction."
    )

    notified = fields.Boolean(
        string="Announced",
        readonly=True,
        help="This scan was announced to the live sign-in sheets on the bus.",
    )

    _meeting_date_idx = models.Index("(meeting_id, scan_date)")
    _meeting_notified_idx = models.Index("(meeting_id, scan_date) WHERE notified")

    def _compute_is_door_exception(self):
        for log in self:
            log.is_door_exception = log.result in DOOR_EXCEPTION_RESULTS

    def _search_is_door_exception(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        return [("result", operator, list(DOOR_EXCEPTION_RESULTS))]

    @api.model
    def _insert_door_exception(self, attendee, result, lane="", **values):
        """One log line for a door exception, written with the staff member who handled it.

        The log is read-only for every user: the lines are written as superuser, only by the
        check-in actions that checked the user first.
        """
        # sudo: nobody writes the log through the ORM; the callers checked the user.
        return self.sudo().create(
            {
                "meeting_id": attendee.meeting_id.id,
                "company_id": attendee.company_id.id,
                "attendee_id": attendee.id,
                "scan_date": self.env.cr.now(),
                "lane": lane or False,
                "user_id": self.env.uid,
                "result": result,
                **values,
            }
        )

    @api.model
    def _insert_scan(
        self,
        meeting_id,
        attendee_id,
        result,
        lane,
        code,
        announce=False,
        channel_id=None,
        channel_mismatch=False,
    ):
        """Write one scan; with ``announce``, tell whether the live sheets should be told.

        A first scan does not come here: its log line is written by the check-in's own
        statement (``meeting.attendee._checkin``, with :meth:`_insert_scan_sql`).
        """
        self.env.cr.execute(
            SQL(
                "%s RETURNING notified",
                self._insert_scan_sql(
                    SQL("(SELECT 1) AS one LEFT JOIN meeting_meeting m ON m.id = %s", meeting_id),
                    meeting_id=meeting_id,
                    meeting=SQL("m.id"),  # NULL when no such meeting
                    company=SQL("m.company_id"),
                    attendee=attendee_id,
                    result=result,
                    lane=lane,
                    code=code,
                    announce=announce,
                    channel_id=channel_id,
                    channel_mismatch=bool(channel_mismatch),
                ),
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _insert_scan_sql(
        self,
        source,
        meeting_id,
        meeting,
        company,
        attendee,
        result,
        lane,
        code,
        announce,
        channel_id,
        channel_mismatch,
    ):
        """SQL: ``INSERT INTO meeting_checkin_log ... SELECT ... FROM source`` (no RETURNING),
        one line per row of ``source``; ``meeting``, ``company``, ``attendee`` and
        ``channel_mismatch`` are values or SQL expressions on ``source``; ``meeting_id`` is
        the meeting scanned at.

        With ``announce``, the line is marked ``notified`` when the live sign-in sheets should
        be told. They are announced at most once a second per meeting: a bus notification
        costs a second commit (the NOTIFY) and wakes the websocket process, measured at ~20 ms
        per scan against ~1.5 ms for the scan itself, and the sheets reload 1 s and 2.5 s
        after a notification, so an unannounced check-in still shows within 3 s. The decision
        is taken in this same INSERT from the last announced scan of the meeting (no extra
        query, no state shared between workers); two workers announcing in the same second is
        harmless.
        """
        return SQL(
            """
            INSERT INTO meeting_checkin_log
                (meeting_id, company_id, attendee_id, scan_date, lane, user_id, result,
                 code_prefix, channel_id, channel_mismatch, notified)
            SELECT %(meeting)s, %(company)s, %(attendee)s, %(now)s, %(lane)s, %(uid)s,
                   %(result)s, %(code)s, %(channel)s, %(mismatch)s,
                   %(announce)s AND NOT EXISTS (
                       SELECT FROM meeting_checkin_log l
                        WHERE l.meeting_id = %(meeting_id)s AND l.notified
                          AND l.scan_date > %(now)s - INTERVAL '1 second')
              FROM %(source)s
            """,
            source=source,
            announce=bool(announce),
            meeting=meeting,
            meeting_id=meeting_id,
            company=company,
            attendee=attendee,
            now=SQL("(now() AT TIME ZONE 'UTC')"),
            lane=lane or None,
            uid=self.env.uid,
            result=result,
            code=code or None,
            channel=channel_id or None,
            mismatch=channel_mismatch,
        )
