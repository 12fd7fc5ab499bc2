from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCheckinTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.meeting = cls.env["meeting.meeting"].create(
            {
                "name": "Tour Summit",
                "type_id": cls.env.ref("meeting_management.meeting_type_client").id,
                "date_start": now + timedelta(minutes=20),
                "date_end": now + timedelta(hours=6),
                "initiator_id": cls.env.ref("base.user_admin").id,
            }
        )
        cls.meeting.flush_recordset()
        cls.env.cr.execute(
            "UPDATE meeting_meeting SET state = 'approved' WHERE id = %s", [cls.meeting.id]
        )
        cls.meeting.invalidate_recordset(["state"])
        cls.env["meeting.attendee"].create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Tour Guest One",
                    "company_name": "Alpha Ltd",
                    "access_token": "TOURCODE-guest-one-000001",
                    "vip_level": "vip",
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Tour Guest Two",
                    "company_name": "Beta Ltd",
                    "access_token": "TOURCODE-guest-two-000002",
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Tour Guest Three",
                    "company_name": "Gamma Ltd",
                    "access_token": "TOURCODE-guest-three-0003",
                },
            ]
        )

    def test_checkin_kiosk_tour(self):
        self.start_tour(
            f"/odoo/action-meeting_management.action_checkin_kiosk?default_meeting_id={self.meeting.id}",
            "meeting_checkin_kiosk_tour",
            login="admin",
        )
        attendees = self.meeting.attendee_ids
        self.assertEqual(len(attendees), 4)
        self.assertEqual(len(attendees.filtered("is_checked_in")), 3)
        walk_in = attendees.filtered("is_walk_in")
        self.assertEqual(walk_in.name, "Walk In Visitor")
        self.assertEqual(walk_in.sudo().phone, "13911112222")
        logs = self.env["meeting.checkin.log"].search([("meeting_id", "=", self.meeting.id)])
        self.assertEqual(
            sorted(logs.mapped("result")), ["already", "ok", "ok", "unknown", "walk_in"]
        )
