from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin, RpcError


@tagged("post_install", "-at_install")
class TestCheckinTour(HttpCase, MeetingRpcMixin):
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
                    "vip_level_id": cls.env.ref("meeting_management.vip_level_key_client").id,
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

    def test_routes_staff_only_and_bad_payloads(self):
        from odoo.addons.mail.tests.common import mail_new_test_user  # noqa: PLC0415

        mail_new_test_user(self.env, login="route_employee", groups="base.group_user")
        route_staff = mail_new_test_user(
            self.env,
            login="route_staff",
            groups="base.group_user,meeting_management.group_meeting_checkin",
        )
        token = "TOURCODE-guest-two-000002"
        with self.assertRaises(RpcError) as refused:
            self.rpc(
                "route_employee", "meeting.attendee", "checkin_scan", [self.meeting.id, token, "A"]
            )
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        self.assertIn("check-in staff", refused.exception.message)
        response = self.url_open(f"/meeting_management/xlsx/report_signin_sheet/{self.meeting.id}")
        self.assertEqual(response.status_code, 403)

        self.authenticate("route_staff", "route_staff")
        # Door staff of another meeting: refused until they staff this one.
        result = self.rpc(None, "meeting.attendee", "checkin_scan", [self.meeting.id, token, "A"])
        self.assertEqual(result["status"], "not_staff")
        self.meeting.checkin_staff_ids = [Command.link(route_staff.id)]
        for args, status in (
            ([self.meeting.id, "x" * 100000], "invalid"),
            ([self.meeting.id, ["list"]], "empty"),
            (["abc", token], "bad_meeting"),
            ([self.meeting.id, token, "B"], "ok"),
            ([self.meeting.id, token, "C"], "already"),
        ):
            with self.subTest(status=status):
                result = self.rpc(None, "meeting.attendee", "checkin_scan", args)
                self.assertEqual(result["status"], status)
                self.assertTrue(result["message"])
        with self.assertRaises(RpcError) as refused:
            self.rpc(None, "meeting.attendee", "checkin_walk_in", [self.meeting.id, {"name": ""}])
        self.assertEqual(refused.exception.name, "odoo.exceptions.UserError")
        self.assertIn("name", refused.exception.message)
        response = self.url_open(f"/meeting_management/xlsx/report_signin_sheet/{self.meeting.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertEqual(response.content[:2], b"PK")
        response = self.url_open("/meeting_management/xlsx/report_signin_sheet/987654321")
        self.assertEqual(response.status_code, 404)
