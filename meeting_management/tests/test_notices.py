"""What the people are told: in their time zone, and nothing left out silently."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common_onsite import OnsiteCommon
from .common_review import MeetingReviewCommon


@tagged("post_install", "-at_install")
class TestIncidentReminder(OnsiteCommon):
    @freeze_time("2024-03-20 01:30:00")
    def test_handler_reminder_in_the_handlers_time_zone(self):
        incident = (
            self.env["meeting.incident"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "type_id": self.type_device.id,
                    "name": "Projector down",
                    "urgency": "high",
                }
            )
        )
        self.assertEqual(incident.handler_id, self.user_handler)
        activity = incident.activity_ids.filtered(lambda a: a.user_id == self.user_handler)
        # 15 minutes from 01:30 UTC is 09:45 in Shanghai, to the minute (no seconds)
        self.assertIn("9:45", activity.summary)
        self.assertNotIn("01:45", activity.summary)
        self.assertNotIn("9:45:00", activity.summary)


@tagged("post_install", "-at_install")
class TestReviewNotices(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=3, checked_in=3)
        cls.no_email = cls.env["meeting.attendee"].create(
            {"meeting_id": cls.meeting.id, "name": "Guest Without Mail"}
        )

    def _notes(self):
        return " ".join(self.meeting.message_ids.mapped(lambda m: str(m.body)))

    def test_attendees_without_email_are_named_when_links_go_out(self):
        self.meeting.with_user(self.user_coordinator).action_finish()
        self.assertIn("Guest Without Mail", self._notes())
        self.assertIn("paper questionnaire", self._notes())
        self.assertFalse(self.no_email.feedback_invited)

    def test_publishing_without_recipients_says_so(self):
        self.company.write(
            {
                "meeting_report_user_ids": [(5, 0, 0)],
                "meeting_report_group_ids": [(5, 0, 0)],
                "meeting_report_notify_departments": False,
            }
        )
        # the initiator always receives it, when they have an e-mail address
        self.user_director.partner_id.email = False
        self.meeting.with_user(self.user_coordinator).action_finish()
        with freeze_time(datetime(2024, 3, 21, 2, 0)):
            self.meeting.with_user(self.user_director).action_publish_report()
        self.assertEqual(self.meeting.state, "closed")
        self.assertIn("Nobody received it by e-mail", self._notes())
        self.assertNotIn("sent to -", self._notes())
