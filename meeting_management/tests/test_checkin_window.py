from datetime import timedelta

from odoo import fields
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

    def test_one_chinese_character_is_a_search(self):
        self.env["meeting.attendee"].create({"meeting_id": self.meeting.id, "name": "何丽"})
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        self.assertEqual(
            [r["name"] for r in Attendee.checkin_search(self.meeting.id, "何")], ["何丽"]
        )
        self.assertEqual(Attendee.checkin_search(self.meeting.id, "Z"), [])
