"""Offline check-in lanes: prepare, sync, heartbeat (the contract: LANE_API of issue #16).

- ``checkin_lane_prepare``: what a kiosk needs to decide alone while offline, with a keyed
  hash of each attendee's QR token (never the token, a phone, an e-mail or an ID number).
- ``checkin_lane_sync``: the queued scans, applied once each (the scan's client id is unique
  in the check-in log) with their own scan times; the earliest scan of a person wins across
  lanes, the others are logged ``duplicate``.
- ``checkin_lane_ping``: the kiosk's heartbeat (online state, scans still queued).

A sync costs the same number of queries whatever the number of scans: one SELECT of the
scan ids already applied, one read (and row lock) of the attendees concerned, one
``UPDATE ... FROM unnest(...)`` of the check-ins, one multi-row INSERT into the log (and one
multi-record create for walk-ins).

Two syncs touching the same attendee at once: the attendees are locked in id order before
deciding. Under Odoo's REPEATABLE READ the second transaction then fails with a
serialization error; it is rolled back to a savepoint and the whole batch is applied again
on a new connection in READ COMMITTED, where the lock waits for the first sync and then
reads the committed row: its scan is a duplicate (or wins, when it is earlier). A batch sent
again while the first is being applied waits on the log's unique scan ids the same way and
gets the first results back. No scan is lost, none counts twice, and no request sleeps
through Odoo's retry back-off.
"""

import hashlib
import hmac
import logging
import re
import secrets
from datetime import datetime, timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tools import SQL, clean_context

from .meeting_attendee_checkin import CHECKIN_OPEN_STATES, MAX_CODE_LENGTH, TOKEN_RE
from .meeting_checkin_lane import LANE_ONLINE_SECONDS
from .rpc_args import is_count, is_id

_logger = logging.getLogger(__name__)

MAX_SYNC_SCANS = 500

# Scans dated later than now by more than this (a kiosk's clock) refuse the batch.
MAX_CLOCK_AHEAD = timedelta(minutes=5)

LANE_UID_RE = re.compile(r"^[A-Za-z0-9_-]{22,43}$")

SCAN_UID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

HASH_RE = re.compile(r"^[0-9a-f]{64}$")

DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")

# A kiosk reports at most this many queued scans (a plausible day at one desk).
MAX_PENDING = 100000


def lane_hash(key_hex, token):
    """HMAC-SHA256 of an attendee's QR token with the lane's key, as lowercase hex (what the
    kiosk computes from the scanned text)."""
    return hmac.new(bytes.fromhex(key_hex), token.encode(), hashlib.sha256).hexdigest()


class MeetingAttendee(models.Model):
    _inherit = "meeting.attendee"

    # ------------------------------------------------------------------
    # Lanes: guards
    # ------------------------------------------------------------------
    @api.model
    def _lane_query(self, query, as_dict=False):
        """``execute_query`` without logging a serialization failure as a bad query: a
        concurrent sync is expected and handled (see ``checkin_lane_sync``)."""
        cr = self.env.cr
        cr.execute(query, log_exceptions=False)
        if cr.description is None:
            return []
        rows = cr.fetchall()
        if not as_dict:
            return rows
        names = [column.name for column in cr.description]
        return [dict(zip(names, row, strict=True)) for row in rows]

    @api.model
    def _lane_meeting(self, meeting_id):
        """The meeting of a lane call: the caller is check-in staff of it (same rule as a
        scan), else ``AccessError`` / ``UserError``."""
        self._check_can_checkin()
        return self._checkin_get_meeting(meeting_id)

    @api.model
    def _lane_check_open(self, meeting):
        """A lane is prepared only while check-in is open (same messages as a scan)."""
        status = self._checkin_open_status(meeting.state, meeting.date_start, meeting.date_end)
        if status:
            row = {"opens_at": self._checkin_opens_at(meeting.date_start)}
            raise UserError(self._checkin_message(status, row if status == "too_early" else None))

    @api.model
    def _lane_expires_at(self, meeting):
        _before, after = self._checkin_window()
        return meeting.date_end + timedelta(minutes=after)

    @api.model
    def _lane_get(self, meeting, lane_uid):
        """The lane ``lane_uid`` of the current user at ``meeting`` as a dict, with its keys.

        Read with SQL: the keys are no field anybody may read through the ORM.
        """
        if not isinstance(lane_uid, str) or not LANE_UID_RE.match(lane_uid):
            raise UserError(self.env._("This lane is unknown: prepare the lane again."))
        self.env["meeting.checkin.lane"].flush_model()
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT id, user_id, meeting_id, name, channel_id, key, previous_key, "
                "expires_at FROM meeting_checkin_lane WHERE uid = %s",
                lane_uid,
            )
        )
        if not rows:
            raise UserError(self.env._("This lane is unknown: prepare the lane again."))
        lane = rows[0]
        if lane["user_id"] != self.env.uid or lane["meeting_id"] != meeting.id:
            raise AccessError(
                self.env._(
                    "This lane was prepared by another staff member or for another meeting: "
                    "prepare your own lane."
                )
            )
        return lane

    # ------------------------------------------------------------------
    # Prepare
    # ------------------------------------------------------------------
    @api.model
    def checkin_lane_prepare(self, meeting_id, lane, channel_id=None, lane_uid=None):
        """Register (or refresh) the current user's lane ``lane`` at ``meeting_id`` and return
        what the kiosk needs to decide alone (LANE_API.md). A refresh gives a new key; the
        previous one still verifies the scans queued before it."""
        meeting = self._lane_meeting(meeting_id)
        self._lane_check_open(meeting)
        _meeting_id, lane = self._checkin_clean_args(meeting_id, lane)
        lane = lane or self.env.user.name
        channel_id = self._checkin_clean_channel(channel_id)
        Channel = self.env["meeting.checkin.channel"]
        # sudo: the user staffs the meeting (checked above); an id of its channels only
        if channel_id is not None and (
            not channel_id
            or not Channel.sudo().search_count(
                [("id", "=", channel_id), ("meeting_id", "=", meeting.id)]
            )
        ):
            raise UserError(self._checkin_message("bad_channel"))
        Lane = self.env["meeting.checkin.lane"]
        previous = None
        if isinstance(lane_uid, str) and LANE_UID_RE.match(lane_uid):
            try:
                previous = self._lane_get(meeting, lane_uid)
            except (UserError, AccessError):
                previous = None  # not this user's lane of this meeting: a new lane
        now = self.env.cr.now().replace(microsecond=0)
        key = secrets.token_hex(32)
        vals = {
            "name": lane,
            "channel_id": channel_id or False,
            "prepared_at": now,
            "expires_at": self._lane_expires_at(meeting),
            "last_seen": now,
            "key": key,
        }
        # sudo: lanes are written by these methods only (no user may create or edit one, nor
        # read its keys); the user staffs the meeting (checked above).
        if previous:
            record = Lane.sudo().browse(previous["id"])
            record.write({**vals, "previous_key": previous["key"]})
        else:
            record = Lane.sudo().create(
                {
                    **vals,
                    "meeting_id": meeting.id,
                    "user_id": self.env.uid,
                    "uid": secrets.token_urlsafe(24),
                }
            )
        return {
            "lane_uid": record.uid,
            "key": key,
            "meeting": {"id": meeting.id, "name": meeting.display_name},
            "channel_id": channel_id or False,
            "expires_at": fields.Datetime.to_string(record.expires_at),
            "server_time": fields.Datetime.to_string(now),
            "attendees": self._lane_attendees(meeting, key, channel_id),
        }

    @api.model
    def _lane_attendees(self, meeting, key, channel_id):
        """Every attendee of the meeting as the kiosk holds them offline: one query.

        Only what the door shows (name, company, title, VIP, dietary flag, channel, check-in)
        and the keyed hash of the token; the token itself never leaves this method.
        """
        Channel = self.env["meeting.checkin.channel"]
        channel_ok, expected = Channel._attendee_channel_sql(channel_id, "a")
        self.flush_model()
        Channel.flush_model()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT a.id, a.name, a.company_name, a.job_title, a.vip_level_id,
                       a.is_key_decision_maker, a.dietary_need, a.invitation_state,
                       a.is_checked_in, a.checkin_date, a.checkin_lane, a.access_token,
                       CASE WHEN NOT %(ok)s THEN %(expected)s END AS expected_channel
                  FROM meeting_attendee a
                 WHERE a.meeting_id = %(meeting)s
              ORDER BY a.id
                """,
                ok=channel_ok,
                expected=expected,
                meeting=meeting.id,
            )
        )
        dietary = dict(self._fields["dietary_need"]._description_selection(self.env))
        key_bytes = bytes.fromhex(key)
        attendees = []
        for row in rows:
            attendees.append(
                {
                    "h": hmac.new(
                        key_bytes, row["access_token"].encode(), hashlib.sha256
                    ).hexdigest(),
                    "id": row["id"],
                    "name": row["name"],
                    "company": row["company_name"] or "",
                    "title": row["job_title"] or "",
                    "vip": self._vip_label(row["vip_level_id"]),
                    "key_decision_maker": bool(row["is_key_decision_maker"]),
                    "dietary": dietary.get(row["dietary_need"], "") if row["dietary_need"] else "",
                    "expected_channel": row["expected_channel"] or "",
                    "declined": row["invitation_state"] == "declined",
                    "checked_in": bool(row["is_checked_in"]),
                    "checkin_time": self._checkin_local_time(row["checkin_date"])
                    if row["is_checked_in"]
                    else "",
                    "checkin_lane": (row["checkin_lane"] or "") if row["is_checked_in"] else "",
                }
            )
        return attendees

    # ------------------------------------------------------------------
    # Heartbeat
    # ------------------------------------------------------------------
    @api.model
    def checkin_lane_ping(self, meeting_id, lane_uid, pending=0):
        """The kiosk's heartbeat: the lane is online and holds ``pending`` queued scans."""
        meeting = self._lane_meeting(meeting_id)
        if not is_count(pending, MAX_PENDING):
            raise UserError(
                self.env._(
                    "The number of queued scans must be a whole number from 0 to %(max)s.",
                    max=MAX_PENDING,
                )
            )
        lane = self._lane_get(meeting, lane_uid)
        # sudo: the lane is the user's own (checked above); only its heartbeat is written
        self.env["meeting.checkin.lane"].sudo().browse(lane["id"]).write(
            {"last_seen": self.env.cr.now(), "pending": pending}
        )
        return {
            "counters": self._lane_counters(meeting),
            "expires_at": fields.Datetime.to_string(lane["expires_at"]),
            "lane_uid": lane_uid,
        }

    @api.model
    def _lane_counters(self, meeting):
        counts = meeting._get_attendance_counts()[meeting.id]
        return {
            "expected": counts["expected"],
            "checked_in": counts["checked_in"],
            "missing": counts["expected"] - counts["checked_in"],
        }

    # ------------------------------------------------------------------
    # Sync: checking the batch (nothing is applied when anything is wrong)
    # ------------------------------------------------------------------
    @api.model
    def _lane_bad_scan(self, index, reason):
        return UserError(
            self.env._(
                "Scan %(index)s of the batch is malformed (%(reason)s): nothing was applied.",
                index=index,
                reason=reason,
            )
        )

    @api.model
    def _lane_clean_scans(self, scans):
        """The batch as a list of dicts with checked types, in the order sent; the same scan
        id twice is kept once. Anything malformed refuses the whole batch."""
        if not isinstance(scans, list):
            raise UserError(
                self.env._(
                    "The offline scans were sent in an unexpected format: nothing was applied."
                )
            )
        if len(scans) > MAX_SYNC_SCANS:
            raise UserError(
                self.env._(
                    "At most %(max)s scans can be synced at once (%(count)s sent): nothing was "
                    "applied.",
                    max=MAX_SYNC_SCANS,
                    count=len(scans),
                )
            )
        horizon = self.env.cr.now() + MAX_CLOCK_AHEAD
        clean = []
        seen = set()
        for index, item in enumerate(scans, start=1):
            scan = self._lane_clean_scan(index, item, horizon)
            if scan["uid"] not in seen:
                seen.add(scan["uid"])
                clean.append(scan)
        return clean

    @api.model
    def _lane_clean_scan(self, index, item, horizon):
        """One scan of the batch, checked (``index`` counts from 1, for the message)."""
        if not isinstance(item, dict):
            raise self._lane_bad_scan(index, self.env._("not a scan"))
        uid = item.get("uid")
        if not isinstance(uid, str) or not SCAN_UID_RE.match(uid):
            raise self._lane_bad_scan(index, self.env._("its id"))
        scanned_at = item.get("scanned_at")
        if not isinstance(scanned_at, str) or not DATETIME_RE.match(scanned_at):
            raise self._lane_bad_scan(index, self.env._("its time"))
        try:
            scanned_at = datetime.strptime(scanned_at, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise self._lane_bad_scan(index, self.env._("its time")) from None
        if scanned_at > horizon:
            raise UserError(
                self.env._(
                    "Scan %(index)s of the batch is dated in the future (%(time)s UTC): "
                    "check the kiosk's clock. Nothing was applied.",
                    index=index,
                    time=item["scanned_at"],
                )
            )
        scan = {"uid": uid, "scanned_at": scanned_at, "kind": item.get("kind")}
        if scan["kind"] == "scan":
            attendee_id, digest, code = item.get("attendee_id"), item.get("h"), item.get("code")
            if attendee_id not in (None, False):
                if not (is_id(attendee_id) and isinstance(digest, str) and HASH_RE.match(digest)):
                    raise self._lane_bad_scan(index, self.env._("its attendee or hash"))
                scan.update(attendee_id=attendee_id, h=digest)
            elif isinstance(code, str) and code.strip():
                scan["code"] = code.strip()[:MAX_CODE_LENGTH]
            else:
                raise self._lane_bad_scan(index, self.env._("no attendee and no code"))
        elif scan["kind"] == "walk_in":
            try:
                values = self._walk_in_clean_values(item.get("walk_in"))
            except UserError as error:
                raise self._lane_bad_scan(index, error.args[0]) from None
            if not values["name"]:
                raise self._lane_bad_scan(index, self.env._("a walk-in needs a name"))
            scan["walk_in"] = values
        else:
            raise self._lane_bad_scan(index, self.env._("its kind"))
        return scan

    # ------------------------------------------------------------------
    # Sync
    # ------------------------------------------------------------------
    @api.model
    def checkin_lane_sync(self, meeting_id, lane_uid, scans):
        """Apply the offline scans ``scans`` of lane ``lane_uid`` (LANE_API.md): one result
        per scan, in the order sent, and the counters."""
        meeting = self._lane_meeting(meeting_id)
        if meeting.state not in CHECKIN_OPEN_STATES:
            status = "cancelled" if meeting.state == "cancelled" else "not_open"
            raise UserError(self._checkin_message(status))
        lane = self._lane_get(meeting, lane_uid)
        clean = self._lane_clean_scans(scans)
        before, after = self._checkin_window()
        context = {
            "meeting_id": meeting.id,
            "meeting_company_id": meeting.company_id.id,
            "opens": meeting.date_start - timedelta(minutes=before),
            "closes": meeting.date_end + timedelta(minutes=after),
            "companies": self.env.companies.ids,
        }
        # Everything the batch writes, the lane's sync time included, is written by
        # _lane_apply: nothing of this transaction locks a row the fallback below needs.
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                answer = self._lane_apply(context, lane, clean)
                self.env.flush_all()
            if answer["changed"]:
                # once per batch: the live sheets and on-site views catch up
                self._checkin_notify(meeting.id, False, lane["name"])
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.DeadlockDetected):
            # Another sync (or scan) changed one of these attendees or applied one of these
            # scans after this request's snapshot: apply the batch again on a new connection
            # in READ COMMITTED, where the row locks wait for it and then read its result.
            # Not registry.cursor(): tests replace it by the test cursor.
            _logger.debug("Concurrent sync at meeting %s: applying again", meeting.id)
            self.env.invalidate_all()
            with db_connect(cr.dbname).cursor() as fresh_cr:
                fresh_cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                fresh = self.with_env(self.env(cr=fresh_cr))
                answer = fresh._lane_apply(context, lane, clean)
                if answer["changed"]:
                    fresh._checkin_notify(meeting.id, False, lane["name"])
                fresh.env.flush_all()
                # leaving the block commits (with the bus notifications)
            self.env.invalidate_all()
        by_uid = answer["results"]
        return {
            "results": [by_uid[scan_uid] for scan_uid in self._lane_uids_sent(scans)],
            "counters": answer["counters"],
        }

    @api.model
    def _lane_uids_sent(self, scans):
        return [item["uid"] for item in scans]

    @api.model
    def _lane_apply(self, ctx, lane, scans):
        """Apply the checked scans: ``{"results": {uid: result}, "counters": {...}}``."""
        meeting_id = ctx["meeting_id"]
        Log = self.env["meeting.checkin.log"]
        self.flush_model()
        Log.flush_model()
        # the rows the queries below read: flushed once here (they run without flush_query)
        self.env["meeting.checkin.lane"].flush_model()
        self.env["meeting.checkin.channel"].flush_model()
        self.env["meeting.meeting"].flush_model(["reference", "name"])
        results = self._lane_known_results(lane, [scan["uid"] for scan in scans])
        todo = [scan for scan in scans if scan["uid"] not in results]
        rows = self._lane_lock_attendees(meeting_id, todo)
        by_id = {row["id"]: row for row in rows if row["meeting_id"] == meeting_id}
        by_token = {row["access_token"]: row for row in rows}
        # who is checked in, and when, as the batch goes (earliest scan first)
        state = {
            row["id"]: (row["checkin_date"] or datetime.min, row["checkin_lane"])
            for row in by_id.values()
            if row["is_checked_in"]
        }
        decisions = {}
        winners = {}
        for scan in sorted(todo, key=lambda s: (s["scanned_at"], s["uid"])):
            decision = self._lane_decide(ctx, lane, scan, by_id, by_token, state)
            decisions[scan["uid"]] = decision
            if decision["status"] == "ok":
                # sorted by time: a later scan of the same person in the batch is a duplicate
                winners[decision["row"]["id"]] = scan
                state[decision["row"]["id"]] = (scan["scanned_at"], lane["name"])
        mismatch = self._lane_update_attendees(ctx, lane, winners, by_id)
        for attendee_id, scan in list(winners.items()):
            if attendee_id not in mismatch:
                # not updated (the rows are locked and fresh: not expected); never counted twice
                decisions[scan["uid"]]["status"] = "duplicate"
                winners.pop(attendee_id)
        walk_ins = self._lane_create_walk_ins(
            ctx, lane, [scan for scan in todo if decisions[scan["uid"]]["status"] == "walk_in"]
        )
        inserted = self._lane_insert_log(ctx, lane, todo, decisions, mismatch, walk_ins)
        lost = [scan["uid"] for scan in todo if scan["uid"] not in inserted]
        if lost:
            # Applied by a concurrent sync of the same scans meanwhile (READ COMMITTED only):
            # the check-ins were no-ops (same times); a walk-in created again is removed.
            again = [walk_ins[uid] for uid in lost if uid in walk_ins]
            if again:
                # sudo: the walk-ins this very call created a moment ago (staff may not delete
                # attendees); the concurrent sync's own walk-ins are the ones kept
                self.browse(again).sudo().unlink()
            results.update(self._lane_known_results(lane, lost))
        for scan in todo:
            if scan["uid"] in inserted:
                results[scan["uid"]] = self._lane_result(
                    scan, decisions[scan["uid"]], state, walk_ins, mismatch
                )
        # sudo: the user's own lane (checked by the caller); only its sync times are written
        self.env["meeting.checkin.lane"].sudo().browse(lane["id"]).write(
            {"last_sync": self.env.cr.now(), "last_seen": self.env.cr.now()}
        )
        meeting = self.env["meeting.meeting"].browse(meeting_id)
        return {
            "results": results,
            "counters": self._lane_counters(meeting),
            "changed": bool(winners or walk_ins),
        }

    @api.model
    def _lane_known_results(self, lane, uids):
        """The results of the scans of ``uids`` already applied: one query."""
        if not uids:
            return {}
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT l.client_uid, l.result, l.lane_id, l.attendee_id, a.name,
                       a.checkin_date, a.checkin_lane
                  FROM meeting_checkin_log l
                  LEFT JOIN meeting_attendee a ON a.id = l.attendee_id
                 WHERE l.client_uid = ANY(%s)
                """,
                uids,
            )
        )
        results = {}
        for row in rows:
            if row["lane_id"] != lane["id"]:
                # another lane's scan id (a collision, or a guess): say nothing about it
                results[row["client_uid"]] = {
                    "uid": row["client_uid"],
                    "status": "invalid",
                    "attendee_id": False,
                    "message": self.env._("This scan id was already used by another lane."),
                }
                continue
            info = {
                "name": row["name"] or "",
                "checkin_time": self._checkin_local_time(row["checkin_date"]),
                "checkin_lane": row["checkin_lane"] or "",
            }
            results[row["client_uid"]] = {
                "uid": row["client_uid"],
                "status": row["result"],
                "attendee_id": row["attendee_id"] or False,
                "message": self._lane_message(row["result"], info),
            }
        return results

    @api.model
    def _lane_lock_attendees(self, meeting_id, scans):
        """The attendees the scans name (by id at this meeting, or by a scanned code), locked
        in id order: one query."""
        ids = sorted({scan["attendee_id"] for scan in scans if scan.get("attendee_id")})
        codes = sorted(
            {scan["code"] for scan in scans if scan.get("code") and TOKEN_RE.match(scan["code"])}
        )
        if not ids and not codes:
            return []
        return self._lane_query(
            SQL(
                """
                SELECT a.id, a.meeting_id, a.company_id, a.access_token, a.name,
                       a.invitation_state, a.is_checked_in, a.checkin_date, a.checkin_lane,
                       COALESCE(m.reference, '') || ' ' || m.name AS meeting_name
                  FROM meeting_attendee a JOIN meeting_meeting m ON m.id = a.meeting_id
                 WHERE (a.id = ANY(%(ids)s) AND a.meeting_id = %(meeting)s)
                    OR a.access_token = ANY(%(codes)s)
              ORDER BY a.id
                   FOR NO KEY UPDATE OF a
                """,
                ids=ids,
                codes=codes,
                meeting=meeting_id,
            ),
            as_dict=True,
        )

    @api.model
    def _lane_decide(self, ctx, lane, scan, by_id, by_token, state):
        """The status of one scan (``{"status", "row", ...}``) from the locked attendees and
        the check-ins decided so far (``state``)."""
        if scan["scanned_at"] < ctx["opens"]:
            return {"status": "too_early"}
        if scan["scanned_at"] > ctx["closes"]:
            return {"status": "too_late"}
        if scan["kind"] == "walk_in":
            return {"status": "walk_in"}
        if scan.get("attendee_id"):
            row = by_id.get(scan["attendee_id"])
            if not row:
                return {"status": "unknown"}
            keys = [key for key in (lane["key"], lane["previous_key"]) if key]
            if not any(
                hmac.compare_digest(lane_hash(key, row["access_token"]), scan["h"]) for key in keys
            ):
                # the badge was reissued (lost) after the lane was prepared: the old code is
                # refused, as it is at an online desk
                return {"status": "unknown", "reissued": True, "row": row}
        else:
            code = scan["code"]
            if not TOKEN_RE.match(code):
                return {"status": "invalid"}
            row = by_token.get(code)
            if not row or row["company_id"] not in ctx["companies"]:
                return {"status": "unknown"}
            if row["meeting_id"] != ctx["meeting_id"]:
                return {"status": "wrong_meeting", "row": row}
        if row["invitation_state"] == "declined":
            return {"status": "declined", "row": row}
        current = state.get(row["id"])
        if current and current[0] <= scan["scanned_at"]:
            return {"status": "duplicate", "row": row}
        return {"status": "ok", "row": row, "supersedes": bool(current)}

    @api.model
    def _lane_update_attendees(self, ctx, lane, winners, by_id):
        """Check the winners in with their scan times: one ``UPDATE ... FROM unnest``. A
        check-in they replace (later, on another lane or online) becomes a duplicate in the
        log. Returns ``{attendee id: (channel mismatch, expected channel)}``."""
        if not winners:
            return {}
        Channel = self.env["meeting.checkin.channel"]
        channel_id = lane["channel_id"]
        channel_ok, expected = Channel._attendee_channel_sql(channel_id, "a")
        ids = sorted(winners)
        superseded = [aid for aid in ids if by_id[aid]["is_checked_in"]]
        if superseded:
            self._lane_query(
                SQL(
                    "UPDATE meeting_checkin_log SET result = 'duplicate' "
                    "WHERE attendee_id = ANY(%s) AND result = 'ok'",
                    superseded,
                )
            )
        rows = self._lane_query(
            SQL(
                """
                UPDATE meeting_attendee a
                   SET is_checked_in = TRUE, checkin_date = v.at, checkin_lane = %(lane)s,
                       checkin_user_id = %(uid)s, write_uid = %(uid)s,
                       write_date = (now() AT TIME ZONE 'UTC'),
                       checkin_channel_id = %(channel)s,
                       checkin_channel_mismatch = NOT %(channel_ok)s
                  FROM unnest(%(ids)s::int[], %(ats)s::timestamp[]) AS v(id, at)
                 WHERE a.id = v.id AND a.invitation_state != 'declined'
                   AND (a.is_checked_in IS NOT TRUE OR a.checkin_date > v.at)
             RETURNING a.id, a.checkin_channel_mismatch,
                       CASE WHEN a.checkin_channel_mismatch THEN %(expected)s END
                """,
                lane=lane["name"],
                uid=self.env.uid,
                channel=channel_id,
                channel_ok=channel_ok,
                ids=ids,
                ats=[winners[aid]["scanned_at"] for aid in ids],
                expected=expected,
            )
        )
        updated = {row[0]: (row[1], row[2]) for row in rows}
        self._checkin_modified(self.browse(list(updated)), ctx["meeting_id"])
        return updated

    @api.model
    def _lane_create_walk_ins(self, ctx, lane, scans):
        """The walk-ins of the batch, created at once: ``{scan uid: attendee id}``."""
        if not scans:
            return {}
        # sudo: check-in staff may register walk-ins (checked by the caller) but cannot write
        # the contact or check-in fields through the ORM; only these values are written,
        # whatever the caller's context says (as checkin_walk_in).
        attendees = (
            self.sudo()
            .with_context(
                clean_context(self.env.context), tracking_disable=True, mail_create_nolog=True
            )
            .create(
                [
                    {
                        **self._walk_in_vals(
                            ctx["meeting_id"], scan["walk_in"], lane["name"], scan["scanned_at"]
                        ),
                        "walk_in_state": "to_confirm",
                    }
                    for scan in scans
                ]
            )
        )
        attendees._schedule_walk_in_activity()
        return {scan["uid"]: attendee.id for scan, attendee in zip(scans, attendees, strict=True)}

    @api.model
    def _lane_insert_log(self, ctx, lane, scans, decisions, mismatch, walk_ins):
        """One multi-row INSERT for the batch's log lines; the scans applied meanwhile by a
        concurrent sync are skipped (unique scan id). Returns the scan ids inserted.

        Last write of the batch but the lane's sync time: the lines carry their old scan times
        (settled at once for the live sheets' cursor, ``SIGNIN_SETTLE_SECONDS``), so their ids
        are taken just before the commit.
        """
        if not scans:
            return set()
        uids, attendees, dates, results, prefixes, mismatches = [], [], [], [], [], []
        # in scan id order: two syncs of the same scans wait on the unique ids in one order
        for scan in sorted(scans, key=lambda s: s["uid"]):
            decision = decisions[scan["uid"]]
            row = decision.get("row")
            attendee_id = walk_ins.get(scan["uid"]) or (row and row["id"]) or None
            if decision["status"] == "wrong_meeting":
                attendee_id = None  # another meeting's attendee stays out of this log
            uids.append(scan["uid"])
            attendees.append(attendee_id)
            dates.append(scan["scanned_at"])
            results.append(decision["status"])
            prefixes.append((scan.get("code") or "")[:8] or None)
            mismatches.append(
                bool(decision["status"] == "ok" and mismatch.get(attendee_id, (False,))[0])
            )
        rows = self._lane_query(
            SQL(
                """
                INSERT INTO meeting_checkin_log
                    (meeting_id, company_id, attendee_id, scan_date, lane, user_id, result,
                     code_prefix, channel_id, channel_mismatch, notified, lane_id, client_uid,
                     is_offline, synced_at)
                SELECT %(meeting)s, %(company)s, v.attendee, v.at, %(lane)s, %(uid)s, v.result,
                       v.prefix, %(channel)s, v.mismatch, FALSE, %(lane_id)s, v.uid, TRUE,
                       %(now)s
                  FROM unnest(%(uids)s::varchar[], %(attendees)s::int[], %(dates)s::timestamp[],
                              %(results)s::varchar[], %(prefixes)s::varchar[],
                              %(mismatches)s::bool[])
                       AS v(uid, attendee, at, result, prefix, mismatch)
                ON CONFLICT (client_uid) DO NOTHING
             RETURNING client_uid
                """,
                meeting=ctx["meeting_id"],
                company=ctx["meeting_company_id"],
                lane=lane["name"],
                uid=self.env.uid,
                now=SQL("(now() AT TIME ZONE 'UTC')"),
                channel=lane["channel_id"],
                lane_id=lane["id"],
                uids=uids,
                attendees=attendees,
                dates=dates,
                results=results,
                prefixes=prefixes,
                mismatches=mismatches,
            )
        )
        return {row[0] for row in rows}

    @api.model
    def _lane_result(self, scan, decision, state, walk_ins, mismatch):
        status = decision["status"]
        row = decision.get("row") or {}
        attendee_id = walk_ins.get(scan["uid"]) or row.get("id") or False
        info = {"name": row.get("name") or (scan.get("walk_in") or {}).get("name", "")}
        meeting_name = None
        if status == "wrong_meeting":
            meeting_name = row["meeting_name"]
            attendee_id = False
        if status == "duplicate" and attendee_id in state:
            winner_date, winner_lane = state[attendee_id]
            info.update(
                checkin_time=self._checkin_local_time(winner_date), checkin_lane=winner_lane
            )
        if status == "ok" and mismatch.get(attendee_id, (False,))[0]:
            info.update(checkin_channel_mismatch=True, expected_channel=mismatch[attendee_id][1])
        return {
            "uid": scan["uid"],
            "status": status,
            "attendee_id": attendee_id,
            "message": self._lane_message(
                status, info, meeting_name, reissued=decision.get("reissued")
            ),
        }

    @api.model
    def _lane_message(self, status, info, meeting_name=None, reissued=False):
        if status == "duplicate":
            return self.env._(
                "%(name)s was already checked in (%(time)s, lane %(lane)s): this scan counts once.",
                name=info.get("name"),
                time=info.get("checkin_time") or "",
                lane=info.get("checkin_lane") or "-",
            )
        if status == "unknown" and reissued:
            return self.env._(
                "This badge of %(name)s was replaced (lost badge): the old QR code no longer "
                "works.",
                name=info.get("name"),
            )
        if status == "walk_in":
            return self.env._(
                "Welcome, %(name)s! Registered as a walk-in: the executor will confirm.",
                name=info.get("name"),
            )
        if status == "wrong_meeting":
            return self._checkin_message(status, info, meeting_name or "")
        return self._checkin_message(status, info)

    # ------------------------------------------------------------------
    # The live sign-in sheet: the lanes and their state
    # ------------------------------------------------------------------
    @api.model
    def get_signin_sheet_data(self, meeting_id, limit=500):
        result = super().get_signin_sheet_data(meeting_id, limit=limit)
        result["lanes"] = self._signin_lanes(result["meeting"]["id"])
        return result

    @api.model
    def get_signin_sheet_changes(
        self, meeting_id, cursor, with_lines=True, seen=None, with_rates=True
    ):
        """With the rates (asked every ~10 s by the sheet), the lanes too: a lane is shown
        offline after 30 s of silence, the per-second refresh costs no query more."""
        result = super().get_signin_sheet_changes(
            meeting_id, cursor, with_lines=with_lines, seen=seen, with_rates=with_rates
        )
        if with_rates:
            result["lanes"] = self._signin_lanes(meeting_id)
        return result

    @api.model
    def _signin_lanes(self, meeting_id):
        """The lanes prepared for the meeting and not expired, with whether they are online
        and how many scans they still hold: one query (the callers checked the user)."""
        self.env["meeting.checkin.lane"].flush_model()
        now = self.env.cr.now()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT l.uid, l.name, p.name AS user_name, l.last_seen, l.last_sync, l.pending
                  FROM meeting_checkin_lane l
                  JOIN res_users u ON u.id = l.user_id
                  JOIN res_partner p ON p.id = u.partner_id
                 WHERE l.meeting_id = %s AND (l.expires_at IS NULL OR l.expires_at > %s)
              ORDER BY l.name, l.id
                """,
                meeting_id,
                now,
            )
        )
        online_since = now - timedelta(seconds=LANE_ONLINE_SECONDS)
        return [
            {
                "uid": row["uid"],
                "name": row["name"],
                "user": row["user_name"],
                "online": bool(row["last_seen"] and row["last_seen"] >= online_since),
                "pending": row["pending"] or 0,
                "last_seen": self._checkin_local_time(row["last_seen"]),
                "last_sync": self._checkin_local_time(row["last_sync"]),
            }
            for row in rows
        ]
