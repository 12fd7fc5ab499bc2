"""Check-in at the door (签到): the kiosk's scan, walk-ins, search, the live sign-in sheet.

A scan is one statement (see ``_checkin``): a conditional ``UPDATE ... RETURNING`` that checks
the attendee in only once, whatever the number of lanes scanning at the same time, and the
INSERT of its audit line.
"""

import logging
import re
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tools import SQL, clean_context, format_datetime, ormcache

from .meeting_attendee import COORDINATOR_GROUPS
from .meeting_checkin_channel import CHECKIN_FLOOR_PER_LANE
from .rpc_args import MAX_ID, is_count, is_id

_logger = logging.getLogger(__name__)

# A scanned code is a token made by ``secrets.token_urlsafe`` (URL-safe base64).
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

MAX_CODE_LENGTH = 256

MAX_LANE_LENGTH = 64

CHECKIN_OPEN_STATES = ("approved", "in_progress")

CHECKIN_GROUP = "meeting_management.group_meeting_checkin"


MAX_SHEET_LIMIT = 10000

MAX_WALK_IN_LENGTH = {"name": 128, "phone": 32, "company": 128, "title": 128}

# Characters a phone number is typed with besides its digits.
PHONE_SEPARATORS_RE = re.compile(r"[\s().-]")

PHONE_SEPARATORS_SQL = "[[:space:]().-]"  # the same class, in PostgreSQL's syntax

PHONE_RE = re.compile(r"^\+?\d{6,20}$")

# Incremental sign-in sheet: a scan's transaction lasts milliseconds; the cursor only moves
# past check-ins older than this, so one committed late is still picked up.
SIGNIN_SETTLE_SECONDS = 2

SIGNIN_CHANGES_LIMIT = 500

# The sign-in sheet's rates are averages over this many minutes.
RATE_MINUTES = 5

# The log ids above its cursor a sheet says it already holds (its unsettled tail): at 300
# scans/s that is ~600 ids; a sheet holding more sends the highest ones (the others' lines
# come again, merged by id: a cost, never a missed check-in).
SIGNIN_SEEN_LIMIT = 1000

# Columns returned to the kiosk after a scan (never phone, e-mail or ID number).
_SCAN_COLUMNS = SQL(
    "a.id, a.name, a.company_name, a.job_title, a.vip_level_id, "
    "a.is_key_decision_maker, a.dietary_need, a.dietary_notes, a.checkin_date, a.checkin_lane"
)

# The savepoint of a scan's statement (a serialization failure rolls back to it).
CHECKIN_SAVEPOINT = "meeting_checkin_scan"

# The channel the scan's UPDATE recorded on the attendee, and whether it is another's.
_CHANNEL_COLUMNS = SQL("a.checkin_channel_id, a.checkin_channel_mismatch")


class MeetingAttendee(models.Model):
    _inherit = "meeting.attendee"

    # ------------------------------------------------------------------
    # Check-in: guards, messages, results
    # ------------------------------------------------------------------
    @api.model
    def _check_can_checkin(self):
        if not self.env.user.has_group(CHECKIN_GROUP):
            raise AccessError(self.env._("Only check-in staff may check attendees in."))

    @api.model
    def _checkin_staff_sql(self, meeting_alias, uid=None, is_manager=None):
        """SQL condition: the user ``uid`` (default: the current user) staffs the meeting
        (executor or check-in staff).

        Administrators (``is_manager``, default: whether the current user is one) staff every
        meeting of their companies. Kept inside the queries so that checking the staff costs
        no extra round trip.
        """
        if is_manager is None:
            is_manager = self.env.user.has_group("meeting_management.group_meeting_manager")
        if is_manager:
            return SQL("TRUE")
        return SQL(
            "((%(m)s.executor_id = %(uid)s) IS TRUE OR EXISTS (SELECT 1 FROM "
            "meeting_meeting_checkin_staff_rel s WHERE s.meeting_id = %(m)s.id "
            "AND s.user_id = %(uid)s))",
            m=SQL.identifier(meeting_alias),
            uid=uid or self.env.uid,
        )

    @api.model
    def _checkin_window(self):
        ICP = self.env["ir.config_parameter"].sudo()  # sudo: reading two settings only
        before = int(ICP.get_param("meeting_management.checkin_minutes_before", 120) or 0)
        after = int(ICP.get_param("meeting_management.checkin_minutes_after", 60) or 0)
        return before, after

    @api.model
    def _checkin_gate(self, meeting_id):
        """What a scan needs to know of its meeting, or None when this user may not scan
        there: ``(company_id, opens_at, closes_at)`` for a meeting open for check-in
        (approved or in progress), of one of the user's current companies, that the user
        staffs; the window's bounds are naive UTC. The scan's statement compares them with
        the database's clock, so the cached answer never goes stale with time.

        Cached (the ``default`` ormcache, one query per worker and meeting): every scan
        would otherwise join the meeting and its staff, which is most of the planning time
        of the scan's statement. ``meeting.meeting.write`` clears the cache when it changes
        any of these of a meeting open for check-in (``CHECKIN_GATE_FIELDS``), as
        ``ir.config_parameter`` does for the window's settings; the clearing reaches the
        other workers and servers through Odoo's cache signaling at their next request.
        A refusal is always decided afresh from the database (``_checkin_explain``).
        """
        return self._checkin_gate_cached(
            meeting_id,
            self.env.uid,
            tuple(self.env.companies.ids),
            self.env.user.has_group("meeting_management.group_meeting_manager"),
        )

    @api.model
    @ormcache("meeting_id", "uid", "company_ids", "is_manager")
    def _checkin_gate_cached(self, meeting_id, uid, company_ids, is_manager):
        before, after = self._checkin_window()
        self.env["meeting.meeting"].flush_model(
            ["state", "date_start", "date_end", "company_id", "executor_id", "checkin_staff_ids"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT m.company_id, m.date_start - make_interval(mins => %(before)s),
                       m.date_end + make_interval(mins => %(after)s)
                  FROM meeting_meeting m
                 WHERE m.id = %(meeting)s AND m.state = ANY(%(states)s)
                   AND m.company_id = ANY(%(companies)s) AND %(staff)s
                """,
                before=before,
                after=after,
                meeting=meeting_id,
                states=list(CHECKIN_OPEN_STATES),
                companies=list(company_ids),
                staff=self._checkin_staff_sql("m", uid=uid, is_manager=is_manager),
            )
        )
        row = self.env.cr.fetchone()
        return tuple(row) if row else None

    @api.model
    def _checkin_commit_sql(self):
        """SQL for the scan's result row: commits the check-in asynchronously, unless the
        system parameter ``meeting_management.checkin_synchronous_commit`` is set.

        A check-in's transaction does not wait for PostgreSQL to flush its commit to disk
        (measured: 0.8 ms on a quiet disk, 1 to 6 ms on a busy one, against ~1 ms for all the
        rest of the scan's server time). Exactly-once is untouched: the check-in and its log
        line commit together, other transactions see them at once, and a lane scanning the same code
        waits for the row lock as before. What is given up is only the durability of the last
        scans on a crash of the database server itself (the scans of the last ~0.6 s, i.e.
        three ``wal_writer_delay``, are lost together with their log lines, never one without
        the other; the attendee is simply not checked in and can be scanned again).
        """
        ICP = self.env["ir.config_parameter"].sudo()  # sudo: reading one setting only
        synchronous = ICP.get_param("meeting_management.checkin_synchronous_commit", "")
        if synchronous.strip().lower() in ("1", "true", "yes", "on"):
            return SQL()
        return SQL(", set_config('synchronous_commit', 'off', TRUE) AS async_commit")

    @api.model
    def _checkin_open_status(self, meeting_state, date_start, date_end):
        """Why check-in is closed for a meeting in this state and at these times (a status
        key), or None when it is open. The scan's UPDATE applies the same rule in SQL."""
        if meeting_state == "cancelled":
            return "cancelled"
        if meeting_state not in CHECKIN_OPEN_STATES:
            return "not_open"
        before, after = self._checkin_window()
        now = self.env.cr.now()
        if now < date_start - timedelta(minutes=before):
            return "too_early"
        if now > date_end + timedelta(minutes=after):
            return "too_late"
        return None

    @api.model
    def _checkin_opens_at(self, date_start):
        """When check-in opens for a meeting starting at ``date_start`` (local, readable)."""
        before, _after = self._checkin_window()
        opens = date_start - timedelta(minutes=before)
        return format_datetime(self.env, opens, tz=self.env.user.tz or "UTC", dt_format="short")

    @api.model
    def _checkin_message(self, status, row=None, meeting=None):
        row = row or {}
        if status == "ok" and row.get("checkin_channel_mismatch"):
            if row.get("expected_channel"):
                return self.env._(
                    "Welcome, %(name)s! Checked in, but expected at the %(channel)s channel.",
                    name=row.get("name"),
                    channel=row["expected_channel"],
                )
            return self.env._(
                "Welcome, %(name)s! Checked in, but not expected at this channel.",
                name=row.get("name"),
            )
        if status == "ok":
            return self.env._("Welcome, %(name)s!", name=row.get("name"))
        if status == "already":
            return self.env._(
                "%(name)s is already checked in (%(time)s, lane %(lane)s).",
                name=row.get("name"),
                time=row.get("checkin_time") or "",
                lane=row.get("checkin_lane") or "-",
            )
        if status == "wrong_meeting":
            return self.env._(
                "This code belongs to another meeting: %(meeting)s.", meeting=meeting or ""
            )
        if status == "too_early" and row.get("opens_at"):
            return self.env._(
                "Check-in has not opened yet: it opens at %(time)s.", time=row["opens_at"]
            )
        if status == "declined":
            return self.env._("%(name)s declined the invitation.", name=row.get("name"))
        messages = {
            "empty": self.env._("Nothing was scanned. Scan the QR code again."),
            "invalid": self.env._("This is not a meeting check-in code."),
            "unknown": self.env._("Unknown code: no attendee has this QR code."),
            "cancelled": self.env._("This meeting is cancelled."),
            "not_open": self.env._("Check-in is not open for this meeting."),
            "too_early": self.env._("Check-in has not opened yet."),
            "too_late": self.env._("Check-in is closed: the meeting is over."),
            "bad_meeting": self.env._("Choose a valid meeting first."),
            "bad_channel": self.env._(
                "This channel is not one of the meeting's: choose the channel again."
            ),
            "not_staff": self.env._(
                "You are not check-in staff of this meeting: ask its coordinator to add you."
            ),
        }
        return messages[status]

    def _checkin_local_time(self, dt):
        if not dt:
            return ""
        return fields.Datetime.context_timestamp(self, dt).strftime("%H:%M")

    @api.model
    def _vip_label(self, level_id):
        """The name of a VIP level shown at the kiosk and on the sign-in sheet ("" if none)."""
        # the names of all levels, cached per language (no query per scan or sheet line)
        return self.env["meeting.vip.level"]._get_names_by_id().get(level_id, "")

    def _checkin_result(self, status, row=None, meeting=None):
        row = dict(row or {})
        result = {"status": status, "ok": status == "ok"}
        if row:
            row["checkin_time"] = self._checkin_local_time(row.get("checkin_date"))
            result["attendee"] = {
                "id": row.get("id"),
                "name": row.get("name"),
                "company": row.get("company_name") or "",
                "title": row.get("job_title") or "",
                "vip": self._vip_label(row.get("vip_level_id")),
                "key_decision_maker": bool(row.get("is_key_decision_maker")),
                "dietary": row.get("dietary_need") or "",
                "dietary_notes": row.get("dietary_notes") or "",
                "checkin_time": row["checkin_time"],
                "checkin_lane": row.get("checkin_lane") or "",
            }
            if row.get("checkin_channel_mismatch"):
                result["channel_mismatch"] = True
                result["expected_channel"] = row.get("expected_channel") or ""
            if row.get("dietary_need"):
                selection = dict(self._fields["dietary_need"]._description_selection(self.env))
                result["attendee"]["dietary_label"] = selection.get(row["dietary_need"])
        result["message"] = self._checkin_message(status, row, meeting)
        return result

    @api.model
    def _checkin_clean_args(self, meeting_id, lane):
        lane = (lane or "").strip()[:MAX_LANE_LENGTH] if isinstance(lane, str) else ""
        if not is_id(meeting_id):
            meeting_id = None
        return meeting_id, lane

    @api.model
    def _checkin_get_meeting(self, meeting_id):
        """The meeting of a kiosk or sheet call, checked: a clear error for anything else.

        Called on every refresh of the kiosks' counters and of the live sign-in sheets, so the
        read rules are applied in SQL (one query): ``check_access`` evaluates them in Python,
        and their ``attendee_ids.user_id`` branch loads every attendee of the meeting (~30 ms
        at 6,000 attendees, ~2 ms this way). ``check_access`` only runs to raise the usual
        error when the meeting is not readable.
        """
        meeting_id, _lane = self._checkin_clean_args(meeting_id, "")
        Meeting = self.env["meeting.meeting"]
        meeting = Meeting.search([("id", "=", meeting_id)]) if meeting_id else None
        if not meeting:
            meeting = Meeting.browse(meeting_id).exists() if meeting_id else None
            if not meeting:
                raise UserError(self._checkin_message("bad_meeting"))
            meeting.check_access("read")
            raise AccessError(self._checkin_message("not_staff"))
        meeting._check_checkin_staff()
        return meeting

    # ------------------------------------------------------------------
    # Check-in: the scan (one conditional UPDATE ... RETURNING)
    # ------------------------------------------------------------------
    @api.model
    def _checkin_clean_channel(self, channel_id):
        """The channel id of a kiosk call: None without one, False when malformed."""
        if channel_id in (None, False, 0):
            return None
        return channel_id if is_id(channel_id) else False

    @api.model
    def checkin_scan(self, meeting_id, code, lane="", channel_id=None):
        """Check the attendee with QR ``code`` in at ``meeting_id`` (one call per scan), at the
        kiosk's ``channel_id`` (optional)."""
        self._check_can_checkin()
        if not isinstance(code, str) or not code.strip():
            return self._checkin_log_and_result(meeting_id, "empty", lane, code)
        code = code.strip()
        if len(code) > MAX_CODE_LENGTH or not TOKEN_RE.match(code):
            return self._checkin_log_and_result(meeting_id, "invalid", lane, code)
        return self._checkin(
            meeting_id, lane, SQL("a.access_token = %s", code), code, channel_id=channel_id
        )

    @api.model
    def checkin_by_id(self, meeting_id, attendee_id, lane="", channel_id=None):
        """Manual check-in from the name/phone search of the kiosk.

        The search only offers attendees of this meeting: an id of another meeting's attendee
        is answered "unknown", without their name or meeting.
        """
        self._check_can_checkin()
        if not is_id(attendee_id):
            return self._checkin_log_and_result(meeting_id, "invalid", lane, "")
        return self._checkin(
            meeting_id,
            lane,
            SQL("a.id = %s", attendee_id),
            f"#{attendee_id}",
            by_id=True,
            channel_id=channel_id,
        )

    @api.model
    def _checkin(self, meeting_id, lane, where, code, by_id=False, channel_id=None):
        """The atomic check-in.

        One conditional ``UPDATE ... RETURNING`` decides: it only matches an attendee of this
        meeting who is not checked in yet, not declined, while check-in is open. Two lanes
        scanning the same code at once: the second UPDATE waits for the first transaction's
        row lock; under Odoo's REPEATABLE READ it then fails with a serialization error, which
        we catch in a savepoint and answer "already checked in" (read on a fresh snapshot)
        instead of letting Odoo retry the whole request.

        What the scan needs of the meeting (open for check-in, of the user's companies,
        staffed by the user, and the window's bounds) comes from ``_checkin_gate`` (cached),
        so that the statement touches no other table than the attendee's and the log's: the
        window is compared with the database's clock in the statement. Without a gate (the
        user may not scan there, or the meeting is not open), the scan is refused by
        ``_checkin_explain``, which reads the meeting afresh.

        The UPDATE and the INSERT of the scan's log line (with the decision to announce it on
        the bus) are one statement, a data-modifying CTE, sent in one round trip with its
        savepoint: a first scan costs that round trip, and at most once a second per meeting
        the bus notification written at commit.

        The channel (``channel_id``, optional) is checked in the same statement: the UPDATE
        only matches when it is a channel of the meeting, records it on the attendee with
        whether the attendee belongs to another channel, and returns the channel they are
        expected at (``meeting.checkin.channel._attendee_channel_sql``): no extra query.
        """
        meeting_id, lane = self._checkin_clean_args(meeting_id, lane)
        if not meeting_id:
            return self._checkin_log_and_result(None, "bad_meeting", lane, code)
        channel_id = self._checkin_clean_channel(channel_id)
        if channel_id is False:
            return self._checkin_log_and_result(meeting_id, "bad_channel", lane, code)
        gate = self._checkin_gate(meeting_id)
        if not gate:
            return self._checkin_explain(
                meeting_id, lane, where, code, by_id=by_id, channel_id=channel_id
            )
        company_id, opens_at, closes_at = gate
        Channel = self.env["meeting.checkin.channel"]
        if channel_id:
            channel_ok, expected_channel = Channel._attendee_channel_sql(channel_id, "a")
            channel_valid = self._checkin_channel_valid_sql(channel_id, SQL("%s", meeting_id))
            Channel.flush_model()
        else:
            # a kiosk without a channel: nothing to check, and nothing for PostgreSQL to plan
            channel_ok, expected_channel, channel_valid = SQL("TRUE"), SQL("NULL"), SQL("TRUE")
        # Pending ORM writes must reach the table the UPDATE reads (no query when none).
        self.flush_model(
            [
                "access_token",
                "is_checked_in",
                "invitation_state",
                "meeting_id",
                "tag_ids",
                "vip_level_id",
            ]
        )
        now = SQL("(now() AT TIME ZONE 'UTC')")
        update = SQL(
            """
            UPDATE meeting_attendee a
               SET is_checked_in = TRUE, checkin_date = %(now)s, checkin_lane = %(lane)s,
                   checkin_user_id = %(uid)s, write_uid = %(uid)s, write_date = %(now)s,
                   checkin_channel_id = %(channel)s, checkin_channel_mismatch = NOT %(channel_ok)s
             WHERE %(where)s AND a.meeting_id = %(meeting)s
               AND a.is_checked_in IS NOT TRUE AND a.invitation_state != 'declined'
               AND %(now)s BETWEEN %(opens_at)s AND %(closes_at)s
               AND %(channel_valid)s
         RETURNING %(columns)s, %(channel_columns)s,
                   CASE WHEN a.checkin_channel_mismatch THEN %(expected)s END AS expected_channel
            """,
            now=now,
            lane=lane or None,
            uid=self.env.uid,
            where=where,
            meeting=meeting_id,
            opens_at=opens_at,
            closes_at=closes_at,
            columns=_SCAN_COLUMNS,
            channel=channel_id,
            channel_ok=channel_ok,
            channel_valid=channel_valid,
            channel_columns=_CHANNEL_COLUMNS,
            expected=expected_channel,
        )
        # The audit line of the check-in, with the decision to announce it, in the same
        # statement: it is written exactly when the UPDATE matched (a refused scan is logged
        # by _checkin_explain).
        log = self.env["meeting.checkin.log"]._insert_scan_sql(
            SQL("upd"),
            meeting_id=meeting_id,
            meeting=meeting_id,
            company=company_id,
            attendee=SQL("upd.id"),
            result="ok",
            lane=lane,
            code=(code or "")[:8],
            announce=True,
            channel_id=channel_id,
            channel_mismatch=SQL("upd.checkin_channel_mismatch"),
        )
        query = SQL(
            """
            WITH upd AS (%(update)s),
                 log AS (%(log)s RETURNING notified)
            SELECT upd.*, log.notified %(commit)s FROM upd, log
            """,
            commit=self._checkin_commit_sql(),
            update=update,
            log=log,
        )
        try:
            rows = self._checkin_execute(query)
        except psycopg2.errors.SerializationFailure:
            # Another lane checked this attendee in after our snapshot was taken.
            _logger.debug("Concurrent check-in of %s at meeting %s", code, meeting_id)
            return self._checkin_explain(
                meeting_id,
                lane,
                where,
                code,
                fresh_snapshot=True,
                by_id=by_id,
                channel_id=channel_id,
            )
        if not rows:
            return self._checkin_explain(
                meeting_id, lane, where, code, by_id=by_id, channel_id=channel_id
            )
        row = rows[0]
        self._checkin_modified(self.browse(row["id"]), meeting_id)
        if row["notified"]:
            self._checkin_notify(meeting_id, row["id"], lane)
        return self._checkin_result("ok", row)

    @api.model
    def _checkin_execute(self, query):
        """Run the scan's statement ``query`` in a savepoint, in one round trip; returns its
        rows (dicts).

        A serialization failure (or any database error) rolls back to the savepoint and is
        raised. The savepoint is not released: the end of the transaction releases it (a
        RELEASE would be one more round trip). (The statement is not prepared: Odoo's pool
        resets a connection, DISCARD ALL, each time it lends it, so a prepared statement
        would only live for one request.)
        """
        cr = self.env.cr
        savepoint = SQL.identifier(CHECKIN_SAVEPOINT)
        try:
            cr.execute(SQL("SAVEPOINT %s; %s", savepoint, query), log_exceptions=False)
        except psycopg2.Error:
            cr.execute(SQL("ROLLBACK TO SAVEPOINT %s", savepoint))
            raise
        return cr.dictfetchall()

    @api.model
    def _checkin_modified(self, attendees, meeting_id):
        """Tell the ORM what the raw UPDATE changed: the attendees' cached values are dropped
        and whatever depends on them (the meeting's attendance figures) is invalidated.

        The meeting is known: it goes into the cache so that ``modified`` finds the
        dependants without a query. Nothing stored on the meeting depends on check-ins (see
        ``_get_attendance_counts``): a scan never writes the meeting row. Used by the scan
        (one attendee) and by the offline lanes' sync (a batch), no query either way.
        """
        fnames = [
            "is_checked_in",
            "checkin_date",
            "checkin_lane",
            "checkin_user_id",
            "checkin_channel_id",
            "checkin_channel_mismatch",
            "write_uid",
            "write_date",
        ]
        attendees.invalidate_recordset(fnames)
        for attendee in attendees:
            attendee._update_cache({"meeting_id": meeting_id}, validate=False)
        attendees.modified(fnames)

    @api.model
    def _checkin_notify(self, meeting_id, attendee_id, lane):
        """Tell the live sign-in sheets and on-site views (throttled by
        ``meeting.checkin.log._insert_scan_sql``). Both notifications go out in one INSERT."""
        meeting = self.env["meeting.meeting"].browse(meeting_id)
        self.env["bus.bus"]._sendone(
            (meeting, "checkin"),
            "meeting_management/checkin",
            {"meeting_id": meeting_id, "attendee_id": attendee_id, "lane": lane},
        )
        # the scan writes with SQL, not through write(): the on-site view is told here
        meeting._notify_onsite_update("checkin")

    @api.model
    def _checkin_channel_valid_sql(self, channel_id, meeting):
        """SQL: ``channel_id`` (None: no channel) is an active channel of the meeting
        ``meeting`` (the alias of a ``meeting_meeting`` row, or an SQL expression of its
        id)."""
        if isinstance(meeting, str):
            meeting = SQL("%s.id", SQL.identifier(meeting))
        return SQL(
            "(%(channel)s::int IS NULL OR EXISTS (SELECT 1 FROM meeting_checkin_channel c "
            "WHERE c.id = %(channel)s AND c.meeting_id = %(meeting)s AND c.active))",
            channel=channel_id,
            meeting=meeting,
        )

    @api.model
    def _checkin_explain(
        self,
        meeting_id,
        lane,
        where,
        code,
        fresh_snapshot=False,
        by_id=False,
        channel_id=None,
    ):
        """No row was updated: one SELECT says why."""
        # Pending ORM writes must reach the rows it reads (no query when none).
        self.flush_model(["access_token", "is_checked_in", "invitation_state", "meeting_id"])
        self.env["meeting.meeting"].flush_model(
            ["state", "date_start", "date_end", "company_id", "executor_id", "checkin_staff_ids"]
        )
        self.env["meeting.checkin.channel"].flush_model()
        query = SQL(
            """
            SELECT %(columns)s, a.meeting_id, a.is_checked_in, a.invitation_state,
                   m.state AS meeting_state, m.date_start, m.date_end, m.company_id,
                   COALESCE(m.reference, '') || ' ' || m.name AS meeting_name,
                   COALESCE((SELECT %(staff)s FROM meeting_meeting r WHERE r.id = %(meeting)s),
                            TRUE) AS is_staff,
                   COALESCE((SELECT %(channel_valid)s FROM meeting_meeting v
                              WHERE v.id = %(meeting)s), TRUE) AS channel_valid
              FROM meeting_attendee a JOIN meeting_meeting m ON m.id = a.meeting_id
             WHERE %(where)s
            """,
            columns=_SCAN_COLUMNS,
            where=where,
            meeting=meeting_id,
            staff=self._checkin_staff_sql("r"),
            channel_valid=self._checkin_channel_valid_sql(channel_id, "v"),
        )
        if fresh_snapshot:
            # The request's snapshot predates the concurrent check-in: read the committed row
            # and write the log line on a new connection (not registry.cursor(), which tests
            # replace by the test cursor). Under REPEATABLE READ our own INSERT would fail too:
            # its foreign key check locks the attendee row the other lane just updated.
            with db_connect(self.env.cr.dbname).cursor() as fresh_cr:
                fresh_cr.execute(query)
                rows = fresh_cr.dictfetchall()
                return self.with_env(self.env(cr=fresh_cr))._checkin_explain_rows(
                    meeting_id, lane, code, rows, by_id=by_id
                )
        self.env.cr.execute(query)
        return self._checkin_explain_rows(
            meeting_id, lane, code, self.env.cr.dictfetchall(), by_id=by_id
        )

    @api.model
    def _checkin_explain_rows(self, meeting_id, lane, code, rows, by_id=False):
        row = rows[0] if rows else None
        meeting_name = None
        if not row or row["company_id"] not in self.env.companies.ids:
            status, row = "unknown", None
        elif by_id and row["meeting_id"] != meeting_id:
            # An id typed into the call, not somebody's own QR code: say nothing about them.
            status, row = "unknown", None
        elif not row["is_staff"]:
            status, row = "not_staff", None
        elif not row["channel_valid"]:
            status, row = "bad_channel", None
        elif row["meeting_id"] != meeting_id:
            status, meeting_name = "wrong_meeting", row["meeting_name"]
            row = {"name": row["name"]}
        elif row["is_checked_in"]:
            status = "already"
        elif row["invitation_state"] == "declined":
            status = "declined"
        else:
            status = self._checkin_open_status(
                row["meeting_state"], row["date_start"], row["date_end"]
            )
            if not status:
                # Open after all: the scan's cached gate was out of date (the meeting was
                # changed without the ORM). Refused this once; the next scan reads it afresh.
                _logger.warning("Check-in gate of meeting %s was out of date", meeting_id)
                self.env.registry.clear_cache()
                status = "not_open"
            if status == "too_early":
                row = dict(row, opens_at=self._checkin_opens_at(row["date_start"]))
        self._checkin_log(meeting_id, row and row.get("id"), status, lane, code)
        return self._checkin_result(status, row, meeting_name)

    @api.model
    def _checkin_log_and_result(self, meeting_id, status, lane, code):
        meeting_id, lane = self._checkin_clean_args(meeting_id, lane)
        self._checkin_log(meeting_id, None, status, lane, code if isinstance(code, str) else "")
        return self._checkin_result(status)

    @api.model
    def _checkin_log(
        self,
        meeting_id,
        attendee_id,
        status,
        lane,
        code,
        announce=False,
        channel_id=None,
        channel_mismatch=False,
    ):
        """One INSERT per scan, accepted or refused (the audit trail and the lane rates).

        Only the first characters of an unknown code are kept: the log never holds a whole
        valid token of somebody else.
        """
        return self.env["meeting.checkin.log"]._insert_scan(
            announce=announce,
            meeting_id=meeting_id,
            attendee_id=attendee_id,
            result=status,
            lane=lane,
            code=(code or "")[:8],
            channel_id=channel_id,
            channel_mismatch=channel_mismatch,
        )

    # ------------------------------------------------------------------
    # Check-in: walk-ins and search
    # ------------------------------------------------------------------
    @api.model
    def checkin_walk_in(self, meeting_id, values, lane=""):
        """临时参会现场补录: a new attendee, checked in at once."""
        self._check_can_checkin()
        _meeting_id, lane = self._checkin_clean_args(meeting_id, lane)
        values = self._walk_in_clean_values(values)
        if not values["name"]:
            raise UserError(self.env._("A walk-in needs at least a name."))
        meeting = self._checkin_get_meeting(meeting_id)
        # a walk-in is a check-in: the same window as a scan
        status = self._checkin_open_status(meeting.state, meeting.date_start, meeting.date_end)
        if status:
            row = {"opens_at": self._checkin_opens_at(meeting.date_start)}
            raise UserError(self._checkin_message(status, row if status == "too_early" else None))
        # sudo: check-in staff may register walk-ins (checked above) but cannot write the
        # coordinator-only contact fields (phone) nor the check-in fields through the ORM;
        # only the values below are written, whatever the caller's context says.
        attendee = (
            self.sudo()
            .with_context(clean_context(self.env.context))
            .create(self._walk_in_vals(meeting.id, values, lane, self.env.cr.now()))
        )
        if self._checkin_log(meeting.id, attendee.id, "walk_in", lane, "", announce=True):
            self._checkin_notify(meeting.id, attendee.id, lane)
        row = attendee.read(["name", "company_name", "job_title", "checkin_date", "checkin_lane"])[
            0
        ]
        return self._checkin_result("ok", row)

    @api.model
    def _walk_in_vals(self, meeting_id, values, lane, checkin_date):
        """The values of a walk-in checked in at ``checkin_date`` (at the desk, or queued by an
        offline lane), from the cleaned form values (:meth:`_walk_in_clean_values`)."""
        return {
            "meeting_id": meeting_id,
            "name": values["name"],
            "phone": values["phone"] or False,
            "company_name": values["company"] or False,
            "job_title": values["title"] or False,
            "attendee_type": "external",
            "invitation_state": "confirmed",
            "is_walk_in": True,
            "is_checked_in": True,
            "checkin_date": checkin_date,
            "checkin_lane": lane or False,
            "checkin_user_id": self.env.uid,
        }

    @api.model
    def _walk_in_clean_values(self, values):
        """The walk-in form's values as stripped strings; anything else is refused."""
        if values is None:
            values = {}
        if not isinstance(values, dict):
            raise UserError(self.env._("The walk-in form was sent in an unexpected format."))
        clean = {}
        for key, max_length in MAX_WALK_IN_LENGTH.items():
            value = values.get(key)
            if value in (None, False):
                value = ""
            if not isinstance(value, str):
                fname = {"company": "company_name", "title": "job_title"}.get(key, key)
                raise UserError(
                    self.env._(
                        "The walk-in's %(field)s must be text.",
                        field=self._fields[fname]._description_string(self.env),
                    )
                )
            clean[key] = value.strip()[:max_length]
        return clean

    @api.model
    def checkin_search(self, meeting_id, term):
        """Search by name, or by the full phone number: at most 10 attendees, never a phone.

        A part of a phone number finds nobody: the kiosk must not let staff discover the
        digits of somebody's number (its last four digits identify them in the survey).
        """
        self._check_can_checkin()
        meeting_id, _lane = self._checkin_clean_args(meeting_id, "")
        term = (term or "").strip() if isinstance(term, str) else ""
        # one Chinese character (a surname) is a search; one Latin letter is not
        min_length = 1 if any(ord(char) > 0x2E7F for char in term) else 2
        if not meeting_id or len(term) < min_length or len(term) > 64:
            return []
        meeting = self.env["meeting.meeting"].browse(meeting_id).exists()
        if not meeting or not meeting._is_checkin_staff():
            return []
        domain = [("meeting_id", "=", meeting_id), ("company_id", "in", self.env.companies.ids)]
        phone = PHONE_SEPARATORS_RE.sub("", term)
        if PHONE_RE.match(phone):
            self.flush_model(["phone", "meeting_id"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT id FROM meeting_attendee WHERE meeting_id = %s "
                    "AND regexp_replace(phone, %s, '', 'g') = %s",
                    meeting_id,
                    PHONE_SEPARATORS_SQL,
                    phone,
                )
            )
            domain.append(("id", "in", [row[0] for row in rows]))
        else:
            domain.append(("name", "ilike", term))
        # sudo: the user staffs the meeting (checked above), its company is one of the user's;
        # only the fields below are returned, never the phone number.
        attendees = self.sudo().search(domain, limit=10)
        return [
            {
                "id": a.id,
                "name": a.name,
                "company": a.company_name or "",
                "title": a.job_title or "",
                "is_checked_in": a.is_checked_in,
                "checkin_time": self._checkin_local_time(a.checkin_date),
                "checkin_lane": a.checkin_lane or "",
                "declined": a.invitation_state == "declined",
            }
            for a in attendees
        ]

    # ------------------------------------------------------------------
    # The live sign-in sheet and the kiosk counters
    # ------------------------------------------------------------------
    @api.model
    def get_signin_sheet_data(self, meeting_id, limit=500):
        """The whole sign-in sheet: loaded once, then kept up to date by
        :meth:`get_signin_sheet_changes` from the returned ``cursor``."""
        self._check_can_checkin()
        meeting = self._checkin_get_meeting(meeting_id)
        if limit is not None and not is_count(limit, MAX_SHEET_LIMIT):
            raise UserError(
                self.env._(
                    "The number of lines must be a whole number up to %(max)s.",
                    max=MAX_SHEET_LIMIT,
                )
            )
        cursor = self._signin_cursor(meeting)
        # sudo: the sheet shows name, company, time and lane to staff; phone numbers only to
        # coordinators (_signin_line).
        attendees = self.sudo().search(
            [
                ("meeting_id", "=", meeting.id),
                "|",
                ("invitation_state", "!=", "declined"),
                ("is_checked_in", "=", True),
            ],
            order="checkin_date desc, name",
        )
        with_contact = self.env.user.has_group(COORDINATOR_GROUPS)
        checked, missing = [], []
        for attendee in attendees:
            line = self._signin_line(attendee, with_contact)
            (checked if attendee.is_checked_in else missing).append(line)
        return {
            "meeting": {"id": meeting.id, "name": meeting.display_name},
            **self._signin_counters(meeting),
            "checked_list": checked[:limit] if limit else checked,
            "missing_list": missing,
            "with_contact": with_contact,
            "server_time": fields.Datetime.to_string(self.env.cr.now()),
            "cursor": cursor,
        }

    @api.model
    def get_signin_sheet_changes(
        self, meeting_id, cursor, with_lines=True, seen=None, with_rates=True
    ):
        """What changed since ``cursor`` (from the last full load or the last call).

        Returns the counters, the new ``cursor`` and, with ``with_lines``, the sheet lines of
        the attendees checked in since then (``checked_lines``) with the ids of the log lines
        they come from (``log_ids``). The cursor stays a little behind (see
        ``SIGNIN_SETTLE_SECONDS``) so that a scan committed late is not missed; ``seen`` lists
        the log ids above ``cursor`` the sheet already received (the ``log_ids`` of the last
        answers still above the cursor, at most ``SIGNIN_SEEN_LIMIT``): their lines are not
        read nor sent again. Without ``seen`` every line above the cursor comes again (the
        client merges them by id). The per-lane rates of the last 5 minutes come only
        ``with_rates`` (the sheet asks every few seconds, not on every refresh).
        ``full_reload`` asks the client to load the whole sheet again (too many changes).

        Queries: the same whatever the number of lines: 6 (4 for the meeting and its staff,
        the log's tail, the counts), one more to read the new lines' attendees when there are
        any, one more for the rates when asked.
        """
        self._check_can_checkin()
        meeting = self._checkin_get_meeting(meeting_id)
        if not is_count(cursor):
            raise UserError(self.env._("The sign-in sheet sent an invalid cursor: reload it."))
        if seen is None:
            seen = []
        if (
            not isinstance(seen, list)
            or len(seen) > SIGNIN_SEEN_LIMIT
            or not all(is_id(log_id) for log_id in seen)
        ):
            raise UserError(
                self.env._(
                    "The sign-in sheet sent an invalid list of received lines (at most "
                    "%(max)s line numbers): reload it.",
                    max=SIGNIN_SEEN_LIMIT,
                )
            )
        new_cursor, fresh = self._signin_tail(meeting, cursor, seen)
        result = {
            **self._signin_counters(meeting, with_rates=with_rates),
            "full_reload": False,
            "cursor": new_cursor,
        }
        if len(fresh) > SIGNIN_CHANGES_LIMIT:
            return {**result, "full_reload": True, "cursor": cursor}
        if with_lines:
            with_contact = self.env.user.has_group(COORDINATOR_GROUPS)
            # sudo: same lines as the full sheet (see get_signin_sheet_data). They exist: the
            # log's attendee_id is set to NULL when an attendee is deleted (same snapshot).
            attendees = self.sudo().browse({attendee_id for _log_id, attendee_id in fresh})
            result["log_ids"] = [log_id for log_id, _attendee_id in fresh]
            result["checked_lines"] = [
                self._signin_line(attendee, with_contact)
                for attendee in attendees.sorted("checkin_date", reverse=True)
                if attendee.is_checked_in and attendee.meeting_id == meeting
            ]
        return result

    @api.model
    def _signin_tail(self, meeting, cursor, seen):
        """One query on the log: the new cursor and the check-in log lines above ``cursor``
        that are not in ``seen``, as ``(log id, attendee id)`` (at most one more than
        ``SIGNIN_CHANGES_LIMIT``).

        The cursor moves up to the last line before the first one not settled yet (scanned
        less than ``SIGNIN_SETTLE_SECONDS`` ago), so a scan whose log id was allocated before
        a later id that committed first is still above the cursor when it commits. The tail
        above the cursor (~2 s of scans) is read from the log's ``(meeting_id, id)`` index;
        only the lines not seen leave the database.
        """
        self.env["meeting.checkin.log"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                WITH tail AS MATERIALIZED (
                    SELECT id, attendee_id, scan_date <= %(settled)s AS settled
                      FROM meeting_checkin_log
                     WHERE meeting_id = %(meeting)s AND id > %(cursor)s
                       AND result IN ('ok', 'walk_in') AND attendee_id IS NOT NULL
                )
                SELECT COALESCE(
                           (SELECT max(id) FROM tail
                             WHERE settled AND id < (SELECT COALESCE(min(id), %(max_id)s)
                                                       FROM tail WHERE NOT settled)),
                           %(cursor)s),
                       ARRAY(SELECT ARRAY[id, attendee_id] FROM tail
                              WHERE id <> ALL(%(seen)s::int[])
                           ORDER BY id LIMIT %(limit)s)
                """,
                meeting=meeting.id,
                cursor=cursor,
                seen=seen,
                max_id=MAX_ID,
                settled=SQL(
                    "(now() AT TIME ZONE 'UTC') - make_interval(secs => %s)",
                    SIGNIN_SETTLE_SECONDS,
                ),
                limit=SIGNIN_CHANGES_LIMIT + 1,
            )
        )
        new_cursor, fresh = rows[0]
        return new_cursor, [tuple(pair) for pair in fresh]

    @api.model
    def _signin_line(self, attendee, with_contact):
        line = {
            "id": attendee.id,
            "name": attendee.name,
            "company": attendee.company_name or "",
            "title": attendee.job_title or "",
            "vip": self._vip_label(attendee.vip_level_id.id),
            "walk_in": attendee.is_walk_in,
            "walk_in_state": attendee.walk_in_state or "",
            "other_channel": attendee.checkin_channel_mismatch,
            "phone": (attendee.phone or "") if with_contact else "",
        }
        if attendee.is_checked_in:
            line["checkin_time"] = self._checkin_local_time(attendee.checkin_date)
            line["lane"] = attendee.checkin_lane or ""
            # the channel they were checked in at (one read for all the lines' channels)
            line["channel"] = attendee.checkin_channel_id.name or ""
        return line

    @api.model
    def _signin_cursor(self, meeting):
        """The latest check-in log line of the meeting old enough to be settled."""
        self.env["meeting.checkin.log"].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT max(id) FROM meeting_checkin_log WHERE meeting_id = %s "
                "AND scan_date <= (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)",
                meeting.id,
                SIGNIN_SETTLE_SECONDS,
            )
        )
        return rows[0][0] or 0

    @api.model
    def _signin_counters(self, meeting, with_rates=True):
        """Counters (the one attendance definition) and, ``with_rates``, the per-lane and
        per-channel rates of the last 5 minutes."""
        counts = meeting._get_attendance_counts()[meeting.id]
        result = {
            "expected": counts["expected"],
            "checked_in": counts["checked_in"],
            "missing": counts["expected"] - counts["checked_in"],
        }
        if with_rates:
            result["rates"], result["channel_rates"] = self._signin_rates(meeting)
        return result

    @api.model
    def _signin_rates(self, meeting):
        """Check-ins per minute over the last 5 minutes: per lane (desk), and per channel
        against the seed's floor of ``CHECKIN_FLOOR_PER_LANE`` people a minute per lane (the
        channel's lanes are the desks that checked someone in at it, at least one).

        One query on the log's check-in index (meeting, scan date), whatever the number of
        lanes and channels; counts only, of a meeting the user staffs (checked by the callers).
        """
        self.env["meeting.checkin.log"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.channel_id, c.name, c.sequence, l.lane, count(*)
                  FROM meeting_checkin_log l
                  LEFT JOIN meeting_checkin_channel c ON c.id = l.channel_id
                 WHERE l.meeting_id = %(meeting)s AND l.scan_date >= %(since)s
                   AND l.result IN ('ok', 'walk_in')
              GROUP BY l.channel_id, c.name, c.sequence, l.lane
                """,
                meeting=meeting.id,
                since=self.env.cr.now() - timedelta(minutes=RATE_MINUTES),
            )
        )
        no_lane = self.env._("(no lane)")
        lanes = {}
        channels = {}
        for channel_id, channel_name, sequence, lane, count in rows:
            lanes[lane or no_lane] = lanes.get(lane or no_lane, 0) + count
            if channel_id:
                channel = channels.setdefault(
                    channel_id,
                    {"name": channel_name, "sequence": sequence, "count": 0, "lanes": set()},
                )
                channel["count"] += count
                channel["lanes"].add(lane or "")
        rates = [
            {"lane": lane, "per_minute": round(count / RATE_MINUTES, 1)}
            for lane, count in sorted(lanes.items())
        ]
        channel_rates = []
        for channel_id, channel in sorted(
            channels.items(), key=lambda item: (item[1]["sequence"] or 0, item[0])
        ):
            lane_count = max(len(channel["lanes"]), 1)
            per_lane = round(channel["count"] / RATE_MINUTES / lane_count, 1)
            channel_rates.append(
                {
                    "channel_id": channel_id,
                    "channel": channel["name"],
                    "per_minute": round(channel["count"] / RATE_MINUTES, 1),
                    "lanes": lane_count,
                    "per_lane": per_lane,
                    "floor": CHECKIN_FLOOR_PER_LANE,
                    "below_floor": per_lane < CHECKIN_FLOOR_PER_LANE,
                }
            )
        return rates, channel_rates

    @api.model
    def get_checkin_meetings(self):
        """Meetings the kiosk may open: approved or running, latest first."""
        self._check_can_checkin()
        domain = [("state", "in", CHECKIN_OPEN_STATES)]
        if not self.env.user.has_group("meeting_management.group_meeting_manager"):
            domain += [
                "|",
                ("executor_id", "=", self.env.uid),
                ("checkin_staff_ids", "in", self.env.uid),
            ]
        meetings = self.env["meeting.meeting"].search(domain, order="date_start desc", limit=50)
        return [
            {
                "id": m.id,
                "name": m.display_name,
                "date_start": fields.Datetime.to_string(m.date_start),
            }
            for m in meetings
        ]

    @api.model
    def get_checkin_counters(self, meeting_id):
        """The kiosk's counters (the one attendance definition)."""
        self._check_can_checkin()
        meeting = self._checkin_get_meeting(meeting_id)
        counts = meeting._get_attendance_counts()[meeting.id]
        return {
            "expected": counts["expected"],
            "checked_in": counts["checked_in"],
            "missing": counts["expected"] - counts["checked_in"],
        }
