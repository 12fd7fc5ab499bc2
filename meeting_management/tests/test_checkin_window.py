from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin, RpcError
from .common_checkin import CheckinCommon


@tagged("post_install", "-at_install")
class TestCheckinWindow(MeetingRpcMixin, HttpCase, CheckinCommon):
    """A walk-in is a check-in: the door opens and closes for it as for a scan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.later = cls._create_checkin_meeting(
            "Summit next week", fields.Datetime.now() + timedelta(days=7)
        )

    def test_walk_in_follows_the_check_in_window(self):
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        with self.assertRaisesRegex(UserError, "opens at"):
            Attendee.checkin_walk_in(self.later.id, {"name": "Early guest"}, "A")
        self.assertFalse(self.later.attendee_ids.filtered(lambda a: a.name == "Early guest"))
        # the scan of an invited guest gives the same answer, with the opening time
        guest = self.env["meeting.attendee"].create(
            {"meeting_id": self.later.id, "name": "Invited guest"}
        )
        result = Attendee.checkin_scan(self.later.id, guest.sudo().access_token, "A")
        self.assertEqual(result["status"], "too_early")
        self.assertIn("opens at", result["message"])
        # over RPC, as the door staff
        with self.assertRaisesRegex(RpcError, "opens at"):
            self.rpc(
                "t_checkin",
                "meeting.attendee",
                "checkin_walk_in",
                [self.later.id, {"name": "Early guest"}, "A"],
            )
        # while the door is open, a walk-in is welcome
        result = Attendee.checkin_walk_in(self.meeting.id, {"name": "Walk-in guest"}, "A")
        self.assertEqual(result["status"], "ok")

    def test_scan_follows_changes_of_the_meeting_at_once(self):
        """What a scan knows of its meeting is cached (the gate: open, staffed by the user, the
        window); each change that closes or opens the door reaches the very next scan, in the
        ORM and over RPC."""
        guests = self.env["meeting.attendee"].create(
            [{"meeting_id": self.meeting.id, "name": f"Guest {i}"} for i in range(5)]
        )
        tokens = guests.sudo().mapped("access_token")
        self.assertEqual(self.scan(tokens[0])["status"], "ok")  # the gate is cached now
        # the initiator takes the staff member off the meeting, then puts them back
        self.meeting.with_user(self.user_director).checkin_staff_ids = [
            Command.unlink(self.user_checkin.id)
        ]
        self.assertEqual(self.scan(tokens[1])["status"], "not_staff")
        self.meeting.with_user(self.user_director).checkin_staff_ids = [
            Command.link(self.user_checkin.id)
        ]
        self.assertEqual(self.scan(tokens[1])["status"], "ok")
        # over RPC, as the door staff: a scan, then the initiator cancels the meeting
        self.assertEqual(
            self.rpc("t_checkin", "meeting.attendee", "checkin_scan", [self.meeting.id, tokens[2]])[
                "status"
            ],
            "ok",
        )
        self._set_state(self.meeting, "cancelled")
        answer = self.rpc(
            "t_checkin", "meeting.attendee", "checkin_scan", [self.meeting.id, tokens[3]]
        )
        self.assertEqual(answer["status"], "cancelled")
        self.assertEqual(self.scan(tokens[4])["status"], "cancelled")
        self.assertFalse(guests[3:].filtered("is_checked_in"))
        self.assertEqual(
            self.env["meeting.checkin.log"]
            .search([("attendee_id", "in", guests.ids)])
            .mapped("result")
            .count("ok"),
            3,
        )

    def test_scan_answers_the_window_of_the_meeting_as_it_is_now(self):
        """The gate caches the window's bounds; the statement compares them with the
        database's clock, and a changed setting reaches the next scan."""
        guests = self.env["meeting.attendee"].create(
            [{"meeting_id": self.later.id, "name": f"Early {i}"} for i in range(2)]
        )
        tokens = guests.sudo().mapped("access_token")
        self.assertEqual(self.scan(tokens[0], meeting=self.later)["status"], "too_early")
        # the administrator opens the door eight days before the start: at once
        self.env["ir.config_parameter"].sudo().set_param(
            "meeting_management.checkin_minutes_before", str(8 * 24 * 60)
        )
        self.assertEqual(self.scan(tokens[0], meeting=self.later)["status"], "ok")
        self.env["ir.config_parameter"].sudo().set_param(
            "meeting_management.checkin_minutes_before", "120"
        )
        self.assertEqual(self.scan(tokens[1], meeting=self.later)["status"], "too_early")

    def test_one_chinese_character_is_a_search(self):
        self.env["meeting.attendee"].create({"meeting_id": self.meeting.id, "name": "何丽"})
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        self.assertEqual(
            [r["name"] for r in Attendee.checkin_search(self.meeting.id, "何")], ["何丽"]
        )
        self.assertEqual(Attendee.checkin_search(self.meeting.id, "Z"), [])
