from odoo.tests import HttpCase, tagged

from .common_checkin import CheckinCommon


@tagged("post_install", "-at_install")
class TestCheckinOfflineTour(HttpCase, CheckinCommon):
    """The kiosk in the browser without network (issue #16), as the check-in staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.att_vip.access_token = "LANETOUR-zhang-wei-0000001"
        cls.att_plain.access_token = "LANETOUR-li-na-00000000002"
        cls.att_third = cls.env["meeting.attendee"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "Zhao Lei",
                "company_name": "Chengdu Xinghe",
                "access_token": "LANETOUR-zhao-lei-000000003",
            }
        )

    def test_checkin_offline_tour(self):
        attendees = self.att_vip | self.att_plain | self.att_third
        self.assertFalse(any(attendees.mapped("is_checked_in")))
        self.start_tour(
            "/odoo/action-meeting_management.action_checkin_kiosk",
            "meeting_checkin_offline_tour",
            login="t_checkin",
        )
        attendees.invalidate_recordset()
        # exactly the three check-ins, once each, at the lane that decided them offline
        checked = self.meeting.attendee_ids.filtered("is_checked_in")
        self.assertEqual(checked, attendees)
        self.assertEqual(set(checked.mapped("checkin_lane")), {"Offline Desk"})
        self.assertFalse(self.att_declined.is_checked_in)
        logs = self.env["meeting.checkin.log"].search([("meeting_id", "=", self.meeting.id)])
        self.assertEqual(sorted(logs.mapped("result")), ["ok", "ok", "ok"])
        self.assertEqual(sorted(logs.attendee_id.ids), sorted(attendees.ids))
        self.assertEqual(logs.user_id, self.user_checkin)
        Lane = self.env["meeting.checkin.lane"].sudo()  # sudo: the test reads the lane it made
        lane = Lane.search([("meeting_id", "=", self.meeting.id)])
        self.assertEqual(len(lane), 1)
        self.assertEqual(lane.name, "Offline Desk")
        self.assertEqual(lane.user_id, self.user_checkin)
        self.assertTrue(lane.last_sync)
        counters = (
            self.env["meeting.attendee"]
            .with_user(self.user_checkin)
            .get_checkin_counters(self.meeting.id)
        )
        self.assertEqual(counters, {"expected": 3, "checked_in": 3, "missing": 0})
