"""Offline lanes: over JSON-RPC as the real users, two syncs racing in two real
transactions, and the two-hourly backup of the sign-in sheet."""

import io
import json
import secrets
import threading
import zipfile
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.meeting_management.models.meeting_meeting_lane import BACKUP_MARK
from odoo.addons.meeting_management.tests.common import (
    MeetingRpcMixin,
    RpcError,
    run_side_by_side,
)
from odoo.addons.meeting_management.tests.test_checkin_lane import LaneCommon, lane_hash


@tagged("post_install", "-at_install")
class TestCheckinLaneRpc(MeetingRpcMixin, HttpCase, LaneCommon):
    """The kiosk's calls over JSON-RPC, logged in as the real users."""

    def lane_rpc(self, login, method, args):
        return self.rpc(login, "meeting.attendee", method, args)

    def test_rpc_prepare_sync_ping(self):
        lane = self.lane_rpc("t_checkin", "checkin_lane_prepare", [self.meeting.id, "A"])
        text = json.dumps(lane)
        for attendee in self.att_vip | self.att_plain:
            self.assertNotIn(attendee.access_token, text)
            line = next(a for a in lane["attendees"] if a["id"] == attendee.id)
            self.assertEqual(line["h"], lane_hash(lane["key"], attendee.access_token))
        self.assertNotIn("13800138000", text)
        self.assertNotIn("example.com", text)
        scans = [self.scan_item(lane, self.att_plain, minutes=-1)]
        first = self.lane_rpc(None, "checkin_lane_sync", [self.meeting.id, lane["lane_uid"], scans])
        self.assertEqual(first["results"][0]["status"], "ok")
        again = self.lane_rpc(None, "checkin_lane_sync", [self.meeting.id, lane["lane_uid"], scans])
        self.assertEqual(again, first)
        ping = self.lane_rpc(None, "checkin_lane_ping", [self.meeting.id, lane["lane_uid"], 3])
        self.assertEqual(ping["counters"]["checked_in"], 1)
        sheet = self.lane_rpc(None, "get_signin_sheet_data", [self.meeting.id])
        self.assertEqual([(lane["name"], lane["pending"]) for lane in sheet["lanes"]], [("A", 3)])
        # the key is out of reach through RPC, even for the meeting's administrator
        lane_id = self.env["meeting.checkin.lane"].search([("uid", "=", lane["lane_uid"])]).id
        for login in ("t_checkin", "t_meeting_admin", "admin"):
            with self.subTest(login=login), self.assertRaises(RpcError) as caught:
                self.rpc(login, "meeting.checkin.lane", "read", [[lane_id], ["key"]])
            self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
            rows = self.rpc(None, "meeting.checkin.lane", "read", [[lane_id]])
            self.assertNotIn("key", rows[0])
            self.assertNotIn(lane["key"], json.dumps(rows))

    def test_rpc_refusals(self):
        lane = self.lane_rpc("t_checkin", "checkin_lane_prepare", [self.meeting.id, "A"])
        good = self.scan_item(lane, self.att_plain)
        cases = [
            ("t_employee", "checkin_lane_prepare", [self.meeting.id, "A"], "AccessError"),
            (
                "t_employee",
                "checkin_lane_sync",
                [self.meeting.id, lane["lane_uid"], [good]],
                "AccessError",
            ),
            (
                "t_coordinator",
                "checkin_lane_sync",
                [self.meeting.id, lane["lane_uid"], [good]],
                "AccessError",
            ),
            (
                "t_checkin",
                "checkin_lane_sync",
                [self.other_meeting.id, lane["lane_uid"], [good]],
                "AccessError",
            ),
            (
                "t_checkin",
                "checkin_lane_sync",
                [self.meeting.id, lane["lane_uid"], {"a": 1}],
                "UserError",
            ),
            (
                "t_checkin",
                "checkin_lane_sync",
                [self.meeting.id, lane["lane_uid"], [good] * 501],
                "UserError",
            ),
            (
                "t_checkin",
                "checkin_lane_sync",
                [self.meeting.id, lane["lane_uid"], [good, dict(good, uid="x", scanned_at=3)]],
                "UserError",
            ),
            (
                "t_checkin",
                "checkin_lane_sync",
                [self.meeting.id, lane["lane_uid"], [good, self.scan_item(lane, self.att_vip, 30)]],
                "UserError",
            ),
            ("t_checkin", "checkin_lane_sync", [self.meeting.id, "nope", [good]], "UserError"),
            (
                "t_checkin",
                "checkin_lane_ping",
                [self.meeting.id, lane["lane_uid"], -2],
                "UserError",
            ),
            ("t_checkin", "checkin_lane_prepare", ["7", "A"], "UserError"),
        ]
        for login, method, args, error in cases:
            with self.subTest(login=login, method=method), self.assertRaises(RpcError) as caught:
                self.lane_rpc(login, method, args)
            self.assertEqual(caught.exception.name, f"odoo.exceptions.{error}")
            self.assertNotIn("Traceback", caught.exception.message)
        self.assertFalse(self.att_plain.is_checked_in)
        self.assertFalse(self.log_lines())
        # nobody creates or edits a lane through RPC: only the lane methods do
        lane_id = self.env["meeting.checkin.lane"].search([("uid", "=", lane["lane_uid"])]).id
        for login, method, args in (
            ("t_checkin", "write", [[lane_id], {"name": "X"}]),
            ("t_meeting_admin", "write", [[lane_id], {"user_id": self.user_coordinator.id}]),
            (
                "t_checkin",
                "create",
                [{"meeting_id": self.meeting.id, "name": "X", "uid": "x" * 22}],
            ),
        ):
            with self.subTest(login=login, method=method), self.assertRaises(RpcError) as caught:
                self.rpc(login, "meeting.checkin.lane", method, args)
            self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")

    def test_rpc_prepare_window_closed(self):
        self._set_state(self.meeting, "cancelled")
        with self.assertRaises(RpcError) as caught:
            self.lane_rpc("t_checkin", "checkin_lane_prepare", [self.meeting.id, "A"])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertIn("cancelled", caught.exception.message)
        self.assertFalse(self.env["meeting.checkin.lane"].search([]))


def _now():
    return fields.Datetime.now().replace(microsecond=0)


@tagged("post_install", "-at_install")
class TestCheckinLaneConcurrency(TransactionCase):
    """Two syncs at the same instant, in two real transactions (committed fixtures)."""

    def setUp(self):
        super().setUp()
        self.db = db_connect(self.env.cr.dbname)
        self.admin_id = self.env.ref("base.user_admin").id
        with self.db.cursor() as cr:
            env = api.Environment(cr, self.admin_id, {"tracking_disable": True})
            now = fields.Datetime.now()
            meeting = env["meeting.meeting"].create(
                {
                    "name": "Lane Race Summit",
                    "type_id": env.ref("meeting_management.meeting_type_client").id,
                    "date_start": now,
                    "date_end": now + timedelta(hours=4),
                    "initiator_id": self.admin_id,
                }
            )
            cr.execute("UPDATE meeting_meeting SET state = 'approved' WHERE id = %s", [meeting.id])
            meeting.invalidate_recordset(["state"])
            attendees = env["meeting.attendee"].create(
                [{"meeting_id": meeting.id, "name": f"Racer {i}"} for i in range(3)]
            )
            Attendee = env["meeting.attendee"]
            self.lane_a = Attendee.checkin_lane_prepare(meeting.id, "A")
            self.lane_b = Attendee.checkin_lane_prepare(meeting.id, "B")
            self.meeting_id, self.attendee_ids = meeting.id, attendees.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'meeting.attendee' AND res_id IN "
                "(SELECT id FROM meeting_attendee WHERE meeting_id = %s)",
                [self.meeting_id],
            )
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = 'meeting.meeting' AND res_id = %s",
                [self.meeting_id],
            )
            cr.execute("DELETE FROM meeting_checkin_log WHERE meeting_id = %s", [self.meeting_id])
            cr.execute("DELETE FROM meeting_checkin_lane WHERE meeting_id = %s", [self.meeting_id])
            cr.execute("DELETE FROM meeting_attendee WHERE meeting_id = %s", [self.meeting_id])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'meeting.meeting' AND res_id = %s",
                [self.meeting_id],
            )
            cr.execute("DELETE FROM meeting_meeting WHERE id = %s", [self.meeting_id])

    def item(self, lane, attendee_id, at, uid=None):
        line = next(a for a in lane["attendees"] if a["id"] == attendee_id)
        return {
            "uid": uid or secrets.token_urlsafe(12),
            "scanned_at": fields.Datetime.to_string(at),
            "kind": "scan",
            "attendee_id": attendee_id,
            "h": line["h"],
        }

    def race(self, first, second):
        """Run two syncs ``(name, lane, scans)``: ``first`` applies and holds its locks a
        moment before committing, ``second`` starts from a snapshot taken before that."""
        barrier = threading.Barrier(2, timeout=20)
        results, errors = {}, []

        def run(name, lane, scans, hold):
            try:
                with self.db.cursor() as cr:
                    cr.execute("SET LOCAL lock_timeout = '10s'")
                    cr.execute("SELECT 1")  # both snapshots are taken before either commits
                    barrier.wait()
                    if not hold:
                        barrier.wait()  # let the other sync apply first
                    env = api.Environment(cr, self.admin_id, {})
                    results[name] = env["meeting.attendee"].checkin_lane_sync(
                        self.meeting_id, lane["lane_uid"], scans
                    )
                    if hold:
                        barrier.wait()
                        threading.Event().wait(0.3)  # keep the row locks a moment
            except Exception as e:  # noqa: BLE001
                errors.append((name, repr(e)))

        run_side_by_side((run, (*first, True)), (run, (*second, False)))
        self.assertFalse(errors, errors)
        return results

    def committed(self, query, params):
        with self.db.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def test_same_attendee_two_lanes_later_scan_first(self):
        """B (later scan) applies first, A (earlier scan) waits: A wins, B is the duplicate."""
        racer, other = self.attendee_ids[0], self.attendee_ids[1]
        now = _now()
        scans_a = [self.item(self.lane_a, racer, now - timedelta(minutes=5))]
        scans_b = [
            self.item(self.lane_b, racer, now - timedelta(minutes=2)),
            self.item(self.lane_b, other, now - timedelta(minutes=2)),
        ]
        results = self.race(("B", self.lane_b, scans_b), ("A", self.lane_a, scans_a))
        self.assertEqual([r["status"] for r in results["B"]["results"]], ["ok", "ok"])
        self.assertEqual([r["status"] for r in results["A"]["results"]], ["ok"])
        self.assertEqual(results["A"]["counters"]["checked_in"], 2)
        self.assertEqual(
            self.committed(
                "SELECT checkin_lane, checkin_date FROM meeting_attendee WHERE id = %s",
                [racer],
            ),
            [("A", now - timedelta(minutes=5))],
        )
        self.assertEqual(
            self.committed(
                "SELECT lane, result FROM meeting_checkin_log WHERE attendee_id = %s ORDER BY lane",
                [racer],
            ),
            [("A", "ok"), ("B", "duplicate")],
        )

    def test_same_attendee_two_lanes_earlier_scan_first(self):
        racer = self.attendee_ids[0]
        now = _now()
        scans_a = [self.item(self.lane_a, racer, now - timedelta(minutes=5))]
        scans_b = [self.item(self.lane_b, racer, now - timedelta(minutes=2))]
        results = self.race(("A", self.lane_a, scans_a), ("B", self.lane_b, scans_b))
        self.assertEqual(results["A"]["results"][0]["status"], "ok")
        self.assertEqual(results["B"]["results"][0]["status"], "duplicate")
        self.assertEqual(
            self.committed(
                "SELECT lane, result FROM meeting_checkin_log WHERE attendee_id = %s ORDER BY lane",
                [racer],
            ),
            [("A", "ok"), ("B", "duplicate")],
        )

    def test_batch_sent_again_while_applied(self):
        """The kiosk gives up waiting and sends the same batch again: applied once."""
        now = _now()
        walk_in = {
            "uid": secrets.token_urlsafe(12),
            "scanned_at": fields.Datetime.to_string(now - timedelta(minutes=1)),
            "kind": "walk_in",
            "walk_in": {"name": "Late Racer"},
        }
        scans = [
            self.item(self.lane_a, aid, now - timedelta(minutes=3)) for aid in self.attendee_ids
        ] + [walk_in]
        results = self.race(("first", self.lane_a, scans), ("again", self.lane_a, scans))
        self.assertEqual(results["first"]["results"], results["again"]["results"])
        self.assertEqual(
            [r["status"] for r in results["first"]["results"]], ["ok", "ok", "ok", "walk_in"]
        )
        self.assertEqual(
            self.committed(
                "SELECT result, count(*) FROM meeting_checkin_log WHERE meeting_id = %s "
                "GROUP BY result ORDER BY result",
                [self.meeting_id],
            ),
            [("ok", 3), ("walk_in", 1)],
        )
        self.assertEqual(
            self.committed(
                "SELECT count(*) FROM meeting_attendee WHERE meeting_id = %s AND is_checked_in",
                [self.meeting_id],
            ),
            [(4,)],
        )

    def test_backup_two_servers_same_slot(self):
        """Two servers run the backup at once: the second skips the meeting the first is
        backing up, and once the first has committed the slot is taken."""
        slot = self.env["meeting.meeting"]._checkin_backup_slot(fields.Datetime.now())

        def meeting_on(cr):
            return api.Environment(cr, SUPERUSER_ID, {})["meeting.meeting"].browse(self.meeting_id)

        with self.db.cursor() as cr_first:
            self.assertTrue(meeting_on(cr_first)._backup_signin_sheet(slot))
            with self.db.cursor() as cr_second:
                self.assertFalse(meeting_on(cr_second)._backup_signin_sheet(slot))
        with self.db.cursor() as cr_later:
            self.assertFalse(meeting_on(cr_later)._backup_signin_sheet(slot))
        self.assertEqual(
            self.committed(
                "SELECT count(*) FROM ir_attachment WHERE res_model = 'meeting.meeting' "
                "AND res_id = %s AND description LIKE %s",
                [self.meeting_id, f"{BACKUP_MARK} %"],
            ),
            [(1,)],
        )


@tagged("post_install", "-at_install")
class TestCheckinLaneBackup(LaneCommon):
    def backups(self, meeting=None):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "meeting.meeting"),
                ("res_id", "=", (meeting or self.meeting).id),
                ("description", "=like", f"{BACKUP_MARK} %"),
            ],
            order="id",
        )

    def test_backup_once_per_slot_and_keep_last(self):
        self.scan(self.att_vip.access_token, lane="VIP")
        Meeting = self.env["meeting.meeting"]
        now = fields.Datetime.now()
        with patch.object(fields.Datetime, "now", lambda *a: now):
            done = Meeting._cron_backup_signin_sheets()
            again = Meeting._cron_backup_signin_sheets()
        self.assertIn(self.meeting, done)
        self.assertNotIn(self.meeting, again)
        # the cancelled or far meetings are not backed up; the other meeting open too
        backups = self.backups()
        self.assertEqual(len(backups), 1)
        with zipfile.ZipFile(io.BytesIO(backups.raw)) as workbook:
            sheet = workbook.read("xl/sharedStrings.xml").decode()
        self.assertIn("Zhang Wei", sheet)
        self.assertIn("Li Na", sheet)  # not arrived yet
        self.assertNotIn("13800138000", sheet)  # no phone numbers in the backup
        # next slots: one more each, the last N kept
        self.env["ir.config_parameter"].sudo().set_param(
            "meeting_management.checkin_backup_keep", 2
        )
        for hours in (2, 4, 6):
            later = now + timedelta(hours=hours)
            with patch.object(fields.Datetime, "now", lambda *a, later=later: later):
                Meeting._cron_backup_signin_sheets()
        self.assertEqual(len(self.backups()), 2)
        slots = self.backups().mapped("description")
        last_slot = Meeting._checkin_backup_slot(now + timedelta(hours=6))
        self.assertIn(f"{BACKUP_MARK} {fields.Datetime.to_string(last_slot)}", slots)

    def test_backup_claims_slot_once_with_two_runs(self):
        """Two servers: the slot is claimed by one conditional UPDATE; the second run
        finds it taken and writes nothing."""
        slot = self.env["meeting.meeting"]._checkin_backup_slot(fields.Datetime.now())
        self.assertTrue(self.meeting._backup_signin_sheet(slot))
        self.assertFalse(self.meeting._backup_signin_sheet(slot))
        self.assertEqual(len(self.backups()), 1)

    def test_backup_in_company_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.meeting.company_id.partner_id.lang = "zh_CN"
        content, filename = self.meeting._signin_sheet_backup_content(
            self.env["meeting.meeting"]._checkin_backup_slot(fields.Datetime.now())
        )
        self.assertTrue(filename.endswith(".xlsx"))
        # the sheet's texts in the company's language (whatever its translations hold)
        env_zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            self.assertIn(env_zh._("Sign-in Sheet"), workbook.read("xl/workbook.xml").decode())
            self.assertIn(env_zh._("Expected"), workbook.read("xl/sharedStrings.xml").decode())
