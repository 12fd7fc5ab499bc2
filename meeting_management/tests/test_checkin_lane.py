"""Offline check-in lanes (issue #16): prepare, sync, heartbeat, as the check-in staff."""

import hashlib
import hmac
import json
import secrets
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.meeting_management.tests.common_checkin import CheckinCommon


def lane_hash(key, token):
    return hmac.new(bytes.fromhex(key), token.encode(), hashlib.sha256).hexdigest()


class LaneCommon(CheckinCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Attendee = cls.env["meeting.attendee"]

    def staff(self, user=None):
        return self.Attendee.with_user(user or self.user_checkin)

    def prepare(self, name="A", user=None, meeting=None, **kwargs):
        return self.staff(user).checkin_lane_prepare((meeting or self.meeting).id, name, **kwargs)

    @staticmethod
    def at(delta_minutes=0):
        return fields.Datetime.to_string(
            fields.Datetime.now().replace(microsecond=0) + timedelta(minutes=delta_minutes)
        )

    def scan_item(self, lane, attendee, minutes=0, uid=None):
        """A scan of ``attendee`` queued on ``lane`` (its prepared payload)."""
        line = next(a for a in lane["attendees"] if a["id"] == attendee.id)
        return {
            "uid": uid or secrets.token_urlsafe(12),
            "scanned_at": self.at(minutes),
            "kind": "scan",
            "attendee_id": attendee.id,
            "h": line["h"],
        }

    def code_item(self, code, minutes=0, uid=None):
        return {
            "uid": uid or secrets.token_urlsafe(12),
            "scanned_at": self.at(minutes),
            "kind": "scan",
            "code": code,
        }

    def sync(self, lane, scans, user=None, meeting=None):
        return self.staff(user).checkin_lane_sync(
            (meeting or self.meeting).id, lane["lane_uid"], scans
        )

    def log_lines(self, meeting=None):
        return self.env["meeting.checkin.log"].search(
            [("meeting_id", "=", (meeting or self.meeting).id), ("is_offline", "=", True)]
        )


@tagged("post_install", "-at_install")
class TestCheckinLanePrepare(LaneCommon):
    def test_prepare_payload_has_no_secret(self):
        lane = self.prepare("A")
        self.assertRegex(lane["lane_uid"], r"^[A-Za-z0-9_-]{22,43}$")
        self.assertRegex(lane["key"], r"^[0-9a-f]{64}$")
        self.assertEqual(lane["meeting"]["id"], self.meeting.id)
        by_id = {a["id"]: a for a in lane["attendees"]}
        self.assertEqual(set(by_id), {self.att_vip.id, self.att_plain.id, self.att_declined.id})
        # the hashes verify against the tokens, with the lane's key
        for attendee in self.att_vip | self.att_plain | self.att_declined:
            self.assertEqual(by_id[attendee.id]["h"], lane_hash(lane["key"], attendee.access_token))
        self.assertTrue(by_id[self.att_declined.id]["declined"])
        vip = by_id[self.att_vip.id]
        self.assertEqual(vip["vip"], self.env.ref("meeting_management.vip_level_key_client").name)
        self.assertTrue(vip["key_decision_maker"])
        self.assertEqual(vip["dietary"], "Vegetarian")
        # never a token, a phone, an e-mail or an ID number, anywhere in the answer
        text = json.dumps(lane)
        for attendee in self.att_vip | self.att_plain | self.att_declined:
            self.assertNotIn(attendee.access_token, text)
        for secret in ("13800138000", "13900139000", "zhang.wei@example.com", "li.na@example"):
            self.assertNotIn(secret, text)
        for line in lane["attendees"]:
            self.assertFalse({"phone", "email", "id_number", "token"} & set(line))
        record = self.env["meeting.checkin.lane"].search([("uid", "=", lane["lane_uid"])])
        self.assertRecordValues(
            record, [{"name": "A", "user_id": self.user_checkin.id, "meeting_id": self.meeting.id}]
        )

    def test_prepare_refresh_new_key(self):
        lane = self.prepare("A")
        again = self.prepare("A", lane_uid=lane["lane_uid"])
        self.assertEqual(again["lane_uid"], lane["lane_uid"])
        self.assertNotEqual(again["key"], lane["key"])
        # another user's lane id is not refreshed: a new lane
        other = self.prepare("B", user=self.user_coordinator, lane_uid=lane["lane_uid"])
        self.assertNotEqual(other["lane_uid"], lane["lane_uid"])
        # a scan queued before the refresh (old key) still verifies
        result = self.sync(again, [self.scan_item(lane, self.att_plain)])
        self.assertEqual(result["results"][0]["status"], "ok")

    def test_prepare_refused(self):
        with self.assertRaises(AccessError):
            self.prepare(user=self.user_employee)
        with self.assertRaises(AccessError):
            # check-in staff, but not of this meeting
            self.prepare(
                user=self.user_checkin,
                meeting=self.env["meeting.meeting"].browse(
                    self._meeting_in_state(
                        "approved",
                        name="Not Staffed",
                        type_id=self.type_checkin.id,
                        date_start=self.meeting.date_start,
                        date_end=self.meeting.date_end,
                        venue=False,
                        budget_total=False,
                        budget_line_ids=[],
                    ).id
                ),
            )
        with self.assertRaises(UserError):
            self.staff().checkin_lane_prepare("x", "A")
        with self.assertRaises(UserError):
            self.prepare(channel_id=999999)
        self._set_state(self.meeting, "cancelled")
        with self.assertRaisesRegex(UserError, "cancelled"):
            self.prepare()
        self.assertFalse(self.env["meeting.checkin.lane"].search([]))

    def test_prepare_window_closed(self):
        self.meeting.write(
            {
                "date_start": fields.Datetime.now() + timedelta(days=2),
                "date_end": fields.Datetime.now() + timedelta(days=2, hours=4),
            }
        )
        with self.assertRaisesRegex(UserError, "not opened yet"):
            self.prepare()

    def test_key_out_of_reach(self):
        lane = self.prepare("A")
        Lane = self.env["meeting.checkin.lane"]
        for user in (self.user_checkin, self.user_coordinator, self.user_meeting_admin):
            record = Lane.with_user(user).search([("uid", "=", lane["lane_uid"])])
            self.assertTrue(record, user.login)
            with self.assertRaises(AccessError):
                record.read(["key"])
            with self.assertRaises(AccessError):
                record.read(["previous_key"])
            self.assertNotIn("key", record.fields_get())
            self.assertNotIn("key", record.read()[0])
            with self.assertRaises(AccessError):
                record.write({"name": "X"})
            with self.assertRaises(AccessError):
                Lane.with_user(user).create(
                    {
                        "meeting_id": self.meeting.id,
                        "user_id": user.id,
                        "name": "X",
                        "uid": "x" * 22,
                    }
                )
        # the administrator of the system neither
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            Lane.with_user(admin).search([("uid", "=", lane["lane_uid"])]).read(["key"])
        with self.assertRaises(AccessError):
            Lane.with_user(admin).search([("key", "=", lane["key"])])


@tagged("post_install", "-at_install")
class TestCheckinLaneSync(LaneCommon):
    def test_sync_applies_with_scan_time_and_resend_is_idempotent(self):
        lane = self.prepare("A")
        scans = [
            self.scan_item(lane, self.att_vip, minutes=-3),
            self.scan_item(lane, self.att_plain, minutes=-2),
        ]
        result = self.sync(lane, scans)
        self.assertEqual([r["status"] for r in result["results"]], ["ok", "ok"])
        self.assertEqual([r["uid"] for r in result["results"]], [s["uid"] for s in scans])
        self.assertEqual(result["counters"], {"expected": 2, "checked_in": 2, "missing": 0})
        self.assertRecordValues(
            self.att_vip,
            [
                {
                    "is_checked_in": True,
                    "checkin_lane": "A",
                    "checkin_user_id": self.user_checkin.id,
                    "checkin_date": fields.Datetime.to_datetime(scans[0]["scanned_at"]),
                }
            ],
        )
        self.assertEqual(len(self.log_lines()), 2)
        # each line keeps the scan's time and when the sync brought it (the log has no
        # create date of its own)
        lines = self.log_lines().sorted("scan_date")
        self.assertEqual(
            lines.mapped("scan_date"),
            [fields.Datetime.to_datetime(scan["scanned_at"]) for scan in scans],
        )
        self.assertTrue(all(line.synced_at >= line.scan_date for line in lines))
        again = self.sync(lane, scans)
        self.assertEqual(again["results"], result["results"])
        self.assertEqual(len(self.log_lines()), 2)
        lane_record = self.env["meeting.checkin.lane"].search([("uid", "=", lane["lane_uid"])])
        self.assertTrue(lane_record.last_sync)

    def test_two_lanes_earliest_wins(self):
        lane_a = self.prepare("A")
        lane_b = self.prepare("B", user=self.user_coordinator)
        # B syncs first, but A scanned earlier: A wins, B is the duplicate
        late = self.sync(
            lane_b, [self.scan_item(lane_b, self.att_plain, minutes=-1)], self.user_coordinator
        )
        self.assertEqual(late["results"][0]["status"], "ok")
        early = self.sync(lane_a, [self.scan_item(lane_a, self.att_plain, minutes=-4)])
        self.assertEqual(early["results"][0]["status"], "ok")
        self.assertEqual(self.att_plain.checkin_lane, "A")
        lines = self.log_lines().filtered(lambda l: l.attendee_id == self.att_plain)
        self.assertEqual(sorted(lines.mapped("result")), ["duplicate", "ok"])
        self.assertEqual(lines.filtered(lambda l: l.result == "ok").lane, "A")
        # a later scan on B again: a duplicate, A keeps it
        third = self.sync(
            lane_b, [self.scan_item(lane_b, self.att_plain, minutes=0)], self.user_coordinator
        )
        self.assertEqual(third["results"][0]["status"], "duplicate")
        self.assertIn("lane A", third["results"][0]["message"])
        self.assertEqual(third["counters"]["checked_in"], 1)

    def test_online_scan_then_earlier_offline_scan(self):
        self.scan(self.att_vip.access_token, lane="Online")
        lane = self.prepare("A")
        result = self.sync(lane, [self.scan_item(lane, self.att_vip, minutes=-5)])
        self.assertEqual(result["results"][0]["status"], "ok")
        self.assertEqual(self.att_vip.checkin_lane, "A")
        logs = self.env["meeting.checkin.log"].search([("attendee_id", "=", self.att_vip.id)])
        self.assertEqual(sorted(logs.mapped("result")), ["duplicate", "ok"])

    def test_statuses(self):
        lane = self.prepare("A")
        declined_meanwhile = self.scan_item(lane, self.att_vip, minutes=-2)
        self.att_vip.with_user(self.user_coordinator).action_decline()
        # badge reissued (lost) after the lane was prepared: the lane's hash is the old code's
        reissued = self.scan_item(lane, self.att_plain, minutes=-2)
        self.staff().checkin_reissue_badge(self.meeting.id, self.att_plain.id, "A")
        walk_in = {
            "uid": secrets.token_urlsafe(12),
            "scanned_at": self.at(-1),
            "kind": "walk_in",
            "walk_in": {"name": "Zhao Lei", "phone": "13700137000", "company": "Xi'an Co"},
        }
        scans = [
            declined_meanwhile,
            reissued,
            self.code_item(self.att_other.access_token),  # another meeting's code
            self.code_item("A" * 32),  # unknown
            self.code_item("http://not-a-code"),  # not a check-in code
            walk_in,
            self.scan_item(lane, self.att_declined, minutes=-1),
        ]
        result = self.sync(lane, scans)
        statuses = [r["status"] for r in result["results"]]
        self.assertEqual(
            statuses,
            ["declined", "unknown", "wrong_meeting", "unknown", "invalid", "walk_in", "declined"],
        )
        self.assertIn("replaced", result["results"][1]["message"])
        self.assertIn("Other Summit", result["results"][2]["message"])
        self.assertFalse(result["results"][2]["attendee_id"])
        self.assertFalse(self.att_other.is_checked_in)
        self.assertFalse(self.att_plain.is_checked_in)
        guest = self.Attendee.browse(result["results"][5]["attendee_id"])
        self.assertRecordValues(
            guest,
            [
                {
                    "name": "Zhao Lei",
                    "is_walk_in": True,
                    "walk_in_state": "to_confirm",
                    "is_checked_in": True,
                    "checkin_lane": "A",
                    "checkin_date": fields.Datetime.to_datetime(walk_in["scanned_at"]),
                    "meeting_id": self.meeting.id,
                }
            ],
        )
        self.assertEqual(guest.sudo().phone, "13700137000")
        self.assertTrue(guest.activity_ids)
        self.assertEqual(
            sorted(self.log_lines().mapped("result")),
            sorted(statuses),
        )
        # re-sent: the same answers, no second walk-in
        again = self.sync(lane, scans)
        self.assertEqual(again["results"][5]["attendee_id"], guest.id)
        self.assertEqual([r["status"] for r in again["results"]], statuses)
        self.assertEqual(self.Attendee.search_count([("name", "=", "Zhao Lei")]), 1)

    def test_scan_times_outside_window(self):
        lane = self.prepare("A")
        before, _after = self.Attendee._checkin_window()
        opens = self.meeting.date_start - timedelta(minutes=before)
        early = self.scan_item(lane, self.att_plain)
        early["scanned_at"] = fields.Datetime.to_string(opens - timedelta(minutes=1))
        result = self.sync(lane, [early])
        self.assertEqual(result["results"][0]["status"], "too_early")
        self.assertFalse(self.att_plain.is_checked_in)

    def test_bad_batches_refused_nothing_applied(self):
        lane = self.prepare("A")
        good = self.scan_item(lane, self.att_plain)
        bad_batches = {
            "not a list": {"uid": "x"},
            "oversized": [self.scan_item(lane, self.att_plain) for _i in range(501)],
            "not a dict": [good, "scan"],
            "bad uid": [good, dict(good, uid="x")],
            "bad time": [good, dict(self.scan_item(lane, self.att_vip), scanned_at="tomorrow")],
            "bad hash": [good, dict(self.scan_item(lane, self.att_vip), h="zz")],
            "bad kind": [good, dict(self.scan_item(lane, self.att_vip), kind="teleport")],
            "no code": [good, {"uid": "abcdefgh", "scanned_at": self.at(), "kind": "scan"}],
            "walk-in without name": [
                good,
                {"uid": "abcdefgh", "scanned_at": self.at(), "kind": "walk_in", "walk_in": {}},
            ],
            "walk-in bad values": [
                good,
                {
                    "uid": "abcdefgh",
                    "scanned_at": self.at(),
                    "kind": "walk_in",
                    "walk_in": {"name": ["x"]},
                },
            ],
            "future": [good, self.scan_item(lane, self.att_vip, minutes=10)],
        }
        for label, scans in bad_batches.items():
            with self.subTest(label), self.assertRaises(UserError):
                self.sync(lane, scans)
        # wrong meeting, unknown lane, another user's lane, not staff
        other_lane = self.prepare("B", user=self.user_coordinator)
        with self.assertRaises(AccessError):
            self.sync(lane, [good], meeting=self.other_meeting)
        with self.assertRaises(UserError):
            self.sync({"lane_uid": "u" * 30}, [good])
        with self.assertRaises(UserError):
            self.sync({"lane_uid": None}, [good])
        with self.assertRaises(AccessError):
            self.sync(other_lane, [good])
        with self.assertRaises(AccessError):
            self.sync(lane, [good], user=self.user_employee)
        self.assertFalse(self.att_plain.is_checked_in)
        self.assertFalse(self.att_vip.is_checked_in)
        self.assertFalse(self.log_lines())

    def test_sync_refused_when_no_longer_staff_or_meeting_cancelled(self):
        lane = self.prepare("A")
        good = self.scan_item(lane, self.att_plain)
        self.meeting.with_user(self.user_director).checkin_staff_ids = [(3, self.user_checkin.id)]
        with self.assertRaises(AccessError):
            self.sync(lane, [good])
        self.meeting.with_user(self.user_director).checkin_staff_ids = [(4, self.user_checkin.id)]
        self._set_state(self.meeting, "cancelled")
        with self.assertRaisesRegex(UserError, "cancelled"):
            self.sync(lane, [good])
        self.assertFalse(self.att_plain.is_checked_in)
        self.assertFalse(self.log_lines())

    def test_lane_of_other_meeting_refused(self):
        self.other_meeting.checkin_staff_ids = [(4, self.user_checkin.id)]
        lane_other = self.prepare("A", meeting=self.other_meeting)
        with self.assertRaises(AccessError):
            self.sync(lane_other, [self.code_item(self.att_plain.access_token)])
        self.assertFalse(self.att_plain.is_checked_in)

    def test_ping_and_sheet_lanes(self):
        lane = self.prepare("A")
        answer = self.staff().checkin_lane_ping(self.meeting.id, lane["lane_uid"], 7)
        self.assertEqual(answer["lane_uid"], lane["lane_uid"])
        self.assertEqual(answer["counters"]["expected"], 2)
        record = self.env["meeting.checkin.lane"].search([("uid", "=", lane["lane_uid"])])
        self.assertEqual(record.pending, 7)
        self.assertTrue(record.online)
        sheet = self.staff().get_signin_sheet_data(self.meeting.id)
        self.assertEqual(len(sheet["lanes"]), 1)
        self.assertEqual(sheet["lanes"][0]["name"], "A")
        self.assertEqual(sheet["lanes"][0]["pending"], 7)
        self.assertTrue(sheet["lanes"][0]["online"])
        # silent for more than 30 s: offline
        record.sudo().last_seen = self.env.cr.now() - timedelta(seconds=31)
        record.invalidate_recordset()
        self.assertFalse(record.online)
        changes = self.staff().get_signin_sheet_changes(self.meeting.id, sheet["cursor"])
        self.assertFalse(changes["lanes"][0]["online"])
        # the per-second refresh (without the rates) does not read the lanes
        quick = self.staff().get_signin_sheet_changes(
            self.meeting.id, sheet["cursor"], with_rates=False
        )
        self.assertNotIn("lanes", quick)
        for bad in (-1, "3", True, None, 10**9):
            with self.subTest(pending=bad), self.assertRaises(UserError):
                self.staff().checkin_lane_ping(self.meeting.id, lane["lane_uid"], bad)
        with self.assertRaises(AccessError):
            self.staff(self.user_coordinator).checkin_lane_ping(
                self.meeting.id, lane["lane_uid"], 0
            )

    def test_sync_query_count_independent_of_batch_size(self):
        Attendee = self.Attendee
        many = Attendee.create(
            [{"meeting_id": self.meeting.id, "name": f"Guest {i}"} for i in range(60)]
        )
        lane = self.prepare("A")
        self.sync(lane, [self.scan_item(lane, many[0])])  # warm the caches

        def count(attendees):
            scans = [self.scan_item(lane, a, minutes=-1) for a in attendees]
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            result = self.sync(lane, scans)
            self.env.flush_all()
            self.assertTrue(all(r["status"] == "ok" for r in result["results"]))
            return self.cr.sql_log_count - start

        small = count(many[1:6])
        large = count(many[6:60])
        self.assertEqual(small, large)
