import io
import re
import zipfile
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError
from odoo.addons.meeting_management.tests.common_checkin import (
    CheckinCommon,
    recorded_statements,
)


class DoorCommon(CheckinCommon):
    """The check-in meeting with a dealer delegation and three channels: the VIP channel for
    the key clients (Zhang Wei), the group channel for the delegation (Li Na), the general
    channel for everyone else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_dealers = cls.env["meeting.attendee.tag"].create({"name": "Dealer Delegation"})
        cls.att_plain.tag_ids = cls.tag_dealers
        Channel = cls.env["meeting.checkin.channel"].with_user(cls.user_coordinator)
        cls.level_key_client = cls.env.ref("meeting_management.vip_level_key_client")
        cls.channel_vip, cls.channel_group, cls.channel_general = Channel.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": "VIP",
                    "kind": "vip",
                    "sequence": 10,
                    "everyone": False,
                    "vip_level_ids": [Command.link(cls.level_key_client.id)],
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Group",
                    "kind": "group",
                    "sequence": 20,
                    "everyone": False,
                    "tag_ids": [Command.link(cls.tag_dealers.id)],
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "General",
                    "kind": "general",
                    "sequence": 30,
                    "everyone": True,
                },
            ]
        )
        cls.channel_other = Channel.create(
            {"meeting_id": cls.other_meeting.id, "name": "Other General", "kind": "general"}
        )

    def staff(self, user=None):
        return self.env["meeting.attendee"].with_user(user or self.user_checkin)

    def door_logs(self, attendee, result):
        return self.env["meeting.checkin.log"].search(
            [("attendee_id", "=", attendee.id), ("result", "=", result)]
        )


@tagged("post_install", "-at_install")
class TestCheckinChannels(DoorCommon):
    def test_channel_mismatch_flag(self):
        Attendee = self.staff()
        # a delegate at the general channel: checked in, flagged, told where they belong
        result = Attendee.checkin_scan(
            self.meeting.id, self.att_plain.access_token, "Desk 1", self.channel_general.id
        )
        self.assertEqual(result["status"], "ok")
        self.assertTrue(result["channel_mismatch"])
        self.assertEqual(result["expected_channel"], "Group")
        self.assertIn("Group", result["message"])
        self.assertRecordValues(
            self.att_plain,
            [
                {
                    "is_checked_in": True,
                    "checkin_channel_id": self.channel_general.id,
                    "checkin_channel_mismatch": True,
                }
            ],
        )
        log = self.door_logs(self.att_plain, "ok")
        self.assertRecordValues(
            log, [{"channel_id": self.channel_general.id, "channel_mismatch": True}]
        )
        # a key client at the general channel: expected at the VIP channel (their level)
        result = Attendee.checkin_scan(
            self.meeting.id, self.att_vip.access_token, "Desk 1", self.channel_general.id
        )
        self.assertEqual((result["status"], result["expected_channel"]), ("ok", "VIP"))
        self.assertTrue(self.att_vip.checkin_channel_mismatch)
        # somebody of no group and no VIP level at the general channel: no flag
        guest = self.env["meeting.attendee"].create(
            {"meeting_id": self.meeting.id, "name": "Plain Guest"}
        )
        result = Attendee.checkin_scan(
            self.meeting.id, guest.access_token, "Desk 1", self.channel_general.id
        )
        self.assertEqual(result["status"], "ok")
        self.assertNotIn("channel_mismatch", result)
        self.assertFalse(guest.checkin_channel_mismatch)
        self.assertFalse(self.door_logs(guest, "ok").channel_mismatch)
        # the same rule in Python, for the views
        Channel = self.env["meeting.checkin.channel"]
        self.assertEqual(Channel._channels_of(self.att_vip), self.channel_vip)
        self.assertEqual(Channel._channels_of(self.att_plain), self.channel_group)
        self.assertEqual(Channel._channels_of(guest), self.channel_general)

    def test_signin_sheet_pdf_and_workbook_show_the_channel(self):
        """The printed and downloaded sign-in sheet say at which channel each person was
        checked in, and flag those checked in at another channel than theirs."""
        Attendee = self.staff()
        Attendee.checkin_scan(
            self.meeting.id, self.att_plain.access_token, "Desk 1", self.channel_general.id
        )
        Attendee.checkin_scan(
            self.meeting.id, self.att_vip.access_token, "Desk 2", self.channel_vip.id
        )
        Report = self.env["report.meeting_management.report_signin_sheet"].with_user(
            self.user_checkin
        )
        data = Report._get_report_data(self.meeting)
        self.assertTrue(data["with_channels"])
        lines = {line["name"]: line for line in data["checked_list"]}
        self.assertEqual(
            (lines[self.att_plain.name]["channel"], lines[self.att_plain.name]["other_channel"]),
            ("General", True),
        )
        self.assertEqual(
            (lines[self.att_vip.name]["channel"], lines[self.att_vip.name]["other_channel"]),
            ("VIP", False),
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_checkin)
            ._render_qweb_html("meeting_management.action_report_signin_sheet", self.meeting.ids)[0]
            .decode()
        )
        cells = re.findall(r'<td class="o_signin_channel">\s*(.*?)\s*</td>', html, re.DOTALL)
        self.assertCountEqual(cells, ["General (other channel)", "VIP"])
        content = Report._get_workbook(self.meeting)
        with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
            strings = xlsx.read("xl/sharedStrings.xml").decode()
        for text in ("Channel", "Other Channel", "General", "VIP"):
            self.assertIn(f">{text}<", strings)

    def test_signin_sheet_without_channels_has_no_channel_column(self):
        self.meeting.checkin_channel_ids.active = False
        self.staff().checkin_scan(self.meeting.id, self.att_plain.access_token, "Desk 1")
        data = (
            self.env["report.meeting_management.report_signin_sheet"]
            .with_user(self.user_checkin)
            ._get_report_data(self.meeting)
        )
        self.assertFalse(data["with_channels"])
        self.assertEqual(data["checked_list"][0]["channel"], "")

    def test_delegate_at_their_channel_and_others_at_a_restricted_one(self):
        Attendee = self.staff()
        result = Attendee.checkin_by_id(
            self.meeting.id, self.att_plain.id, "", self.channel_group.id
        )
        self.assertEqual(result["status"], "ok")
        self.assertNotIn("channel_mismatch", result)
        # a key client at the group channel: flagged, expected at the VIP one
        result = Attendee.checkin_scan(
            self.meeting.id, self.att_vip.access_token, "", self.channel_group.id
        )
        self.assertEqual(result["status"], "ok")
        self.assertEqual(result["expected_channel"], "VIP")
        self.assertTrue(self.door_logs(self.att_vip, "ok").channel_mismatch)
        # nobody of the group nor of a VIP level at the group channel: expected at the
        # general one; a delegate who is also a key client belongs to both restricted ones
        guest, both = self.env["meeting.attendee"].create(
            [
                {"meeting_id": self.meeting.id, "name": "Plain Guest"},
                {
                    "meeting_id": self.meeting.id,
                    "name": "Delegate Client",
                    "vip_level_id": self.level_key_client.id,
                    "tag_ids": [Command.link(self.tag_dealers.id)],
                },
            ]
        )
        result = Attendee.checkin_by_id(self.meeting.id, guest.id, "", self.channel_group.id)
        self.assertEqual(result["expected_channel"], "General")
        result = Attendee.checkin_by_id(self.meeting.id, both.id, "", self.channel_group.id)
        self.assertNotIn("channel_mismatch", result)

    def test_channel_must_be_one_of_the_meeting(self):
        Attendee = self.staff()
        for channel_id in (self.channel_other.id, "x", [1], 10**12):
            with self.subTest(channel_id=channel_id):
                result = Attendee.checkin_scan(
                    self.meeting.id, self.att_plain.access_token, "", channel_id
                )
                self.assertEqual(result["status"], "bad_channel")
                self.assertTrue(result["message"])
        self.assertFalse(self.att_plain.is_checked_in)
        self.channel_general.active = False
        result = Attendee.checkin_scan(
            self.meeting.id, self.att_plain.access_token, "", self.channel_general.id
        )
        self.assertEqual(result["status"], "bad_channel")

    def test_first_scan_query_count_with_a_channel(self):
        """The channel check adds no query to the scan (the same counts as without one)."""
        Attendee = self.staff()
        # warm the caches with an announced scan (the test's transaction has one now())
        warm = self.env["meeting.attendee"].create({"meeting_id": self.meeting.id, "name": "W"})
        self.env.cr.precommit.run()  # their on-site notification, sent as the superuser
        self.env.cr.execute("UPDATE meeting_checkin_log SET notified = FALSE")
        result = Attendee.checkin_scan(
            self.meeting.id, warm.access_token, "", self.channel_general.id
        )
        self.assertEqual(result["status"], "ok")
        self.env.cr.precommit.run()
        self.env.cr.execute("UPDATE meeting_checkin_log SET notified = FALSE")
        token, channel_id = self.att_plain.access_token, self.channel_general.id  # read first
        with self.assertQueryCount(2), recorded_statements() as statements:
            Attendee.checkin_scan(self.meeting.id, token, "", channel_id)
            self.env.cr.precommit.run()
        self.assertEqual(statements, ["SAVEPOINT", "WITH", "INSERT"])
        with self.assertQueryCount(3), recorded_statements() as statements:
            result = Attendee.checkin_scan(self.meeting.id, token, "", channel_id)
            self.env.cr.precommit.run()
        self.assertEqual(result["status"], "already")
        self.assertEqual(statements, ["SAVEPOINT", "WITH", "SELECT", "INSERT"])

    def test_channel_rates_against_the_floor(self):
        Attendee = self.staff()
        Attendee.checkin_scan(
            self.meeting.id, self.att_plain.access_token, "A", self.channel_group.id
        )
        Attendee.checkin_scan(
            self.meeting.id, self.att_vip.access_token, "B", self.channel_general.id
        )
        guests = self.env["meeting.attendee"].create(
            [{"meeting_id": self.meeting.id, "name": f"Guest {i}"} for i in range(4)]
        )
        for guest in guests:
            Attendee.checkin_scan(self.meeting.id, guest.access_token, "B", self.channel_general.id)
        changes = Attendee.get_signin_sheet_changes(self.meeting.id, 0, with_rates=True)
        self.assertEqual(
            changes["channel_rates"],
            [
                {
                    "channel_id": self.channel_group.id,
                    "channel": "Group",
                    "per_minute": 0.2,
                    "lanes": 1,
                    "per_lane": 0.2,
                    "floor": 20,
                    "below_floor": True,
                },
                {
                    "channel_id": self.channel_general.id,
                    "channel": "General",
                    "per_minute": 1.0,
                    "lanes": 1,
                    "per_lane": 1.0,
                    "floor": 20,
                    "below_floor": True,
                },
            ],
        )
        self.assertEqual(
            changes["rates"],
            [{"lane": "A", "per_minute": 0.2}, {"lane": "B", "per_minute": 1.0}],
        )
        sheet = Attendee.get_signin_sheet_data(self.meeting.id)
        self.assertEqual(len(sheet["channel_rates"]), 2)
        lines = {line["id"]: line for line in sheet["checked_list"]}
        self.assertFalse(lines[self.att_plain.id]["other_channel"])
        self.assertTrue(lines[self.att_vip.id]["other_channel"])

    def test_channel_configuration_per_role(self):
        vals = {"meeting_id": self.meeting.id, "name": "Press", "kind": "other"}
        for user in (self.user_checkin, self.user_employee, self.user_handler):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["meeting.checkin.channel"].with_user(user).create(vals)
        with self.assertRaises(AccessError):
            self.channel_general.with_user(self.user_checkin).write({"name": "Renamed"})
        # the executor configures the channels of their meeting; the staff read them
        channel = self.env["meeting.checkin.channel"].with_user(self.user_coordinator).create(vals)
        self.assertEqual(channel.with_user(self.user_checkin).name, "Press")
        with self.assertRaises(ValidationError):
            channel.with_user(self.user_coordinator).everyone = False
        self.assertEqual(
            [c["name"] for c in self.staff().get_checkin_channels(self.meeting.id)],
            ["VIP", "Press", "Group", "General"],
        )
        with self.assertRaises(AccessError):
            self.staff(self.user_employee).get_checkin_channels(self.meeting.id)


@tagged("post_install", "-at_install")
class TestDoorExceptions(DoorCommon):
    def test_lost_badge_reissued_old_code_refused(self):
        Attendee = self.staff()
        old = self.att_plain.access_token
        result = Attendee.checkin_reissue_badge(self.meeting.id, self.att_plain.id, "Desk 2")
        self.assertEqual(result["status"], "reissued")
        self.assertIn("Li Na", result["message"])
        self.assertEqual(
            result["badge_url"],
            f"/report/pdf/meeting_management.report_attendee_badge_temporary/{self.att_plain.id}",
        )
        new = self.att_plain.access_token
        self.assertNotEqual(new, old)
        # the old code stops working at once, the new one checks in
        self.assertEqual(self.scan(old)["status"], "unknown")
        self.assertEqual(self.scan(new)["status"], "ok")
        log = self.door_logs(self.att_plain, "reissued")
        self.assertRecordValues(
            log, [{"user_id": self.user_checkin.id, "lane": "Desk 2", "code_prefix": old[:8]}]
        )
        self.assertNotIn(new[:8], log.details)
        # the temporary badge: printed by the staff, with the new code
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_checkin)
            ._render_qweb_html(
                "meeting_management.report_attendee_badge_temporary", self.att_plain.ids
            )[0]
            .decode()
        )
        self.assertIn("TEMPORARY BADGE", html)
        self.assertIn("Li Na", html)
        self.assertIn("data:image/png;base64,", html)

    def test_correction_keeps_the_old_values(self):
        Attendee = self.staff()
        old_title = self.att_plain.job_title or ""
        result = Attendee.checkin_correct_details(
            self.meeting.id,
            self.att_plain.id,
            {"name": "Li Na", "company": "Guangzhou Hengtong Group", "title": "COO"},
        )
        self.assertEqual(result["status"], "corrected")
        self.assertRecordValues(
            self.att_plain, [{"company_name": "Guangzhou Hengtong Group", "job_title": "COO"}]
        )
        log = self.door_logs(self.att_plain, "corrected")
        self.assertRecordValues(
            log,
            [
                {
                    "user_id": self.user_checkin.id,
                    "old_values": {"company_name": "Guangzhou Hengtong", "job_title": old_title},
                    "new_values": {"company_name": "Guangzhou Hengtong Group", "job_title": "COO"},
                }
            ],
        )
        self.assertIn("Guangzhou Hengtong → Guangzhou Hengtong Group", log.details)
        # nothing changed, an empty name, a malformed form: refused, nothing logged
        for values in (
            {"company": "Guangzhou Hengtong Group"},
            {"name": "  "},
            ["Li Na"],
            {"title": 42},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                Attendee.checkin_correct_details(self.meeting.id, self.att_plain.id, values)
        self.assertEqual(len(self.door_logs(self.att_plain, "corrected")), 1)

    def test_walk_in_flagged_for_the_executor(self):
        Attendee = self.staff()
        result = Attendee.checkin_walk_in(
            self.meeting.id, {"name": "Zhou Min", "company": "Nanjing Tech"}, "Desk 3"
        )
        self.assertEqual(result["status"], "ok")
        self.assertIn("executor", result["message"])
        walk_in = self.meeting.attendee_ids.filtered(lambda a: a.name == "Zhou Min")
        self.assertRecordValues(walk_in, [{"walk_in_state": "to_confirm", "is_checked_in": True}])
        activity = walk_in.activity_ids
        self.assertEqual(activity.user_id, self.user_coordinator)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("meeting_management.mail_act_meeting_walk_in")
        )
        self.assertEqual(self.door_logs(walk_in, "walk_in").user_id, self.user_checkin)
        self.assertEqual(self.meeting.with_user(self.user_coordinator).walk_in_to_confirm_count, 1)
        # the staff who registered them may not decide; nor write the flag
        with self.assertRaises(AccessError):
            walk_in.with_user(self.user_checkin).action_confirm_walk_in()
        with self.assertRaises(UserError):
            walk_in.with_user(self.user_coordinator).write({"walk_in_state": "confirmed"})
        self.assertFalse(walk_in.with_user(self.user_checkin).can_confirm_walk_in)
        self.assertTrue(walk_in.with_user(self.user_coordinator).can_confirm_walk_in)
        walk_in.with_user(self.user_coordinator).action_confirm_walk_in()
        self.assertEqual(walk_in.walk_in_state, "confirmed")
        self.assertFalse(walk_in.activity_ids)
        self.assertEqual(
            self.door_logs(walk_in, "walk_in_confirmed").user_id, self.user_coordinator
        )
        with self.assertRaises(UserError):
            walk_in.with_user(self.user_coordinator).action_refuse_walk_in()

    def test_walk_in_refused(self):
        self.staff().checkin_walk_in(self.meeting.id, {"name": "Gate Crasher"})
        walk_in = self.meeting.attendee_ids.filtered(lambda a: a.name == "Gate Crasher")
        before = self.meeting._get_attendance_counts()[self.meeting.id]
        walk_in.with_user(self.user_coordinator).action_refuse_walk_in()
        self.assertRecordValues(
            walk_in,
            [{"walk_in_state": "refused", "invitation_state": "declined", "is_checked_in": False}],
        )
        after = self.meeting._get_attendance_counts()[self.meeting.id]
        self.assertEqual(after["checked_in"], before["checked_in"] - 1)
        self.assertEqual(after["expected"], before["expected"] - 1)
        self.assertFalse(walk_in.activity_ids)
        self.assertTrue(self.door_logs(walk_in, "walk_in_refused"))

    def test_door_guards(self):
        args = {
            "checkin_reissue_badge": (self.att_plain.id,),
            "checkin_correct_details": (self.att_plain.id, {"title": "CFO"}),
        }
        for method, extra in args.items():
            with self.subTest(method=method):
                # not check-in staff at all
                with self.assertRaises(AccessError):
                    getattr(self.staff(self.user_employee), method)(self.meeting.id, *extra)
                # check-in staff, but not of this meeting
                self.meeting.checkin_staff_ids = [Command.unlink(self.user_checkin.id)]
                with self.assertRaises(AccessError):
                    getattr(self.staff(), method)(self.meeting.id, *extra)
                self.meeting.checkin_staff_ids = [Command.link(self.user_checkin.id)]
                # another meeting's attendee
                with self.assertRaises(UserError):
                    getattr(self.staff(), method)(self.meeting.id, self.att_other.id, *extra[1:])
                with self.assertRaises(UserError):
                    getattr(self.staff(), method)(self.meeting.id, "1", *extra[1:])
        # a declined attendee gets no new badge
        with self.assertRaises(UserError):
            self.staff().checkin_reissue_badge(self.meeting.id, self.att_declined.id)
        # not open for check-in: too early, then cancelled
        self.meeting.write(
            {
                "date_start": fields.Datetime.now() + timedelta(days=2),
                "date_end": fields.Datetime.now() + timedelta(days=2, hours=8),
            }
        )
        for method, extra in args.items():
            with self.subTest(method=method, window="too early"), self.assertRaises(UserError):
                getattr(self.staff(), method)(self.meeting.id, *extra)
        with self.assertRaises(UserError):
            self.staff().checkin_walk_in(self.meeting.id, {"name": "Too Early"})
        with self.assertRaises(UserError):
            self.env["ir.actions.report"].with_user(self.user_checkin)._render_qweb_html(
                "meeting_management.report_attendee_badge_temporary", self.att_plain.ids
            )
        self.assertFalse(self.door_logs(self.att_plain, "reissued"))
        self.assertFalse(self.door_logs(self.att_plain, "corrected"))

    def test_temporary_badge_staff_of_the_meeting_only(self):
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.user_employee)._render_qweb_html(
                "meeting_management.report_attendee_badge_temporary", self.att_plain.ids
            )
        self.meeting.checkin_staff_ids = [Command.unlink(self.user_checkin.id)]
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.user_checkin)._render_qweb_html(
                "meeting_management.report_attendee_badge_temporary", self.att_plain.ids
            )


@tagged("post_install", "-at_install")
class TestDoorExceptionsRpc(MeetingRpcMixin, HttpCase, DoorCommon):
    def assertRpcRefused(self, login, method, args, name):
        with self.assertRaises(RpcError) as refused:
            self.rpc(login, "meeting.attendee", method, args)
        self.assertEqual(refused.exception.name, name)
        self.assertTrue(refused.exception.message)
        return refused.exception

    def test_rpc_door_exceptions(self):
        old = self.att_plain.access_token
        result = self.rpc(
            "t_checkin",
            "meeting.attendee",
            "checkin_reissue_badge",
            [self.meeting.id, self.att_plain.id],
        )
        self.assertEqual(result["status"], "reissued")
        self.assertNotIn("access_token", str(result))
        answer = self.rpc(None, "meeting.attendee", "checkin_scan", [self.meeting.id, old, ""])
        self.assertEqual(answer["status"], "unknown")
        response = self.url_open(result["badge_url"].replace("/pdf/", "/html/"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("TEMPORARY BADGE", response.text)
        old_title = self.att_plain.job_title or ""
        result = self.rpc(
            None,
            "meeting.attendee",
            "checkin_correct_details",
            [self.meeting.id, self.att_plain.id, {"title": "CFO"}],
        )
        self.assertEqual(result["status"], "corrected")
        log = self.door_logs(self.att_plain, "corrected")
        self.assertEqual(log.old_values, {"job_title": old_title})
        self.assertEqual(log.new_values, {"job_title": "CFO"})
        result = self.rpc(
            None, "meeting.attendee", "checkin_walk_in", [self.meeting.id, {"name": "Rpc Walk"}]
        )
        walk_in = self.env["meeting.attendee"].browse(result["attendee"]["id"])
        self.assertEqual(walk_in.walk_in_state, "to_confirm")
        self.assertRpcRefused(
            None, "action_confirm_walk_in", [walk_in.ids], "odoo.exceptions.AccessError"
        )
        # the flag moves only through the actions, even for the executor who edits attendees
        for login in (None, "t_coordinator"):
            error = self.assertRpcRefused(
                login,
                "write",
                [walk_in.ids, {"walk_in_state": "confirmed"}],
                "odoo.exceptions.UserError",
            )
            self.assertIn("Walk-in Confirmation", error.message)
        self.rpc(None, "meeting.attendee", "action_confirm_walk_in", [walk_in.ids])
        self.assertEqual(walk_in.walk_in_state, "confirmed")

    def test_rpc_door_guards(self):
        reissue = [self.meeting.id, self.att_plain.id]
        correct = [self.meeting.id, self.att_plain.id, {"company": "X"}]
        for method, args in (
            ("checkin_reissue_badge", reissue),
            ("checkin_correct_details", correct),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused("t_employee", method, args, "odoo.exceptions.AccessError")
                self.assertRpcRefused(
                    "t_checkin",
                    method,
                    [self.meeting.id, self.att_other.id, *args[2:]],
                    "odoo.exceptions.UserError",
                )
                self.assertRpcRefused(None, method, ["abc", *args[1:]], "odoo.exceptions.UserError")
        self.assertRpcRefused(
            "t_checkin",
            "checkin_correct_details",
            [self.meeting.id, self.att_plain.id, "name=x"],
            "odoo.exceptions.UserError",
        )
        # staff of another meeting
        self.meeting.checkin_staff_ids = [Command.unlink(self.user_checkin.id)]
        self.assertRpcRefused(
            "t_checkin", "checkin_reissue_badge", reissue, "odoo.exceptions.AccessError"
        )
        response = self.url_open(
            f"/report/html/meeting_management.report_attendee_badge_temporary/{self.att_plain.id}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.meeting.checkin_staff_ids = [Command.link(self.user_checkin.id)]
        # a meeting not open for check-in
        self._set_state(self.meeting, "cancelled")
        for method, args in (
            ("checkin_reissue_badge", reissue),
            ("checkin_correct_details", correct),
        ):
            with self.subTest(method=method, state="cancelled"):
                error = self.assertRpcRefused(
                    "t_checkin", method, args, "odoo.exceptions.UserError"
                )
                self.assertIn("cancelled", error.message)
        self.assertFalse(
            self.env["meeting.checkin.log"].search(
                [("meeting_id", "=", self.meeting.id), ("result", "in", ("reissued", "corrected"))]
            )
        )

    def test_rpc_channel_configuration(self):
        vals = {"meeting_id": self.meeting.id, "name": "Press", "kind": "other"}
        self.assertRpcRefusedModel("t_checkin", "create", [vals])
        self.assertRpcRefusedModel("t_employee", "create", [vals])
        ids = self.rpc_model("t_coordinator", "create", [vals])
        self.assertTrue(ids)
        channels = self.rpc(
            "t_checkin", "meeting.attendee", "get_checkin_channels", [self.meeting.id]
        )
        self.assertIn("Press", [c["name"] for c in channels])
        result = self.rpc(
            None,
            "meeting.attendee",
            "checkin_scan",
            [self.meeting.id, self.att_plain.access_token, "", self.channel_other.id],
        )
        self.assertEqual(result["status"], "bad_channel")
        result = self.rpc(
            None,
            "meeting.attendee",
            "checkin_scan",
            [self.meeting.id, self.att_plain.access_token, "", self.channel_general.id],
        )
        self.assertEqual((result["status"], result["expected_channel"]), ("ok", "Group"))

    def rpc_model(self, login, method, args):
        return self.rpc(login, "meeting.checkin.channel", method, args)

    def assertRpcRefusedModel(self, login, method, args):
        with self.assertRaises(RpcError) as refused:
            self.rpc_model(login, method, args)
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")


@tagged("post_install", "-at_install")
class TestDoorExceptionsTour(HttpCase, DoorCommon):
    def test_door_exceptions_tour(self):
        old = self.att_plain.access_token
        self.start_tour(
            f"/odoo/action-meeting_management.action_checkin_kiosk?default_meeting_id={self.meeting.id}",
            "meeting_checkin_door_tour",
            login="t_checkin",
        )
        self.assertNotEqual(self.att_plain.access_token, old)
        self.assertEqual(self.att_plain.company_name, "Hengtong Group")
        self.assertTrue(self.att_plain.is_checked_in)
        walk_in = self.meeting.attendee_ids.filtered(lambda a: a.name == "Tour Walk In")
        self.assertEqual(walk_in.walk_in_state, "to_confirm")
        logs = self.env["meeting.checkin.log"].search([("meeting_id", "=", self.meeting.id)])
        self.assertEqual(sorted(logs.mapped("result")), ["corrected", "ok", "reissued", "walk_in"])
        self.assertEqual(logs.user_id, self.user_checkin)
        self.assertTrue(logs.filtered(lambda log: log.result == "ok").channel_mismatch)
