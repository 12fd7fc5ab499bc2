from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestIncidentTour(HttpCase):
    def test_onsite_report_and_respond(self):
        env = self.env
        executor = mail_new_test_user(
            env,
            login="tour_executor",
            name="Tour Executor",
            groups="base.group_user,meeting_management.group_meeting_coordinator",
            email="tour_executor@example.com",
        )
        handler = mail_new_test_user(
            env,
            login="tour_handler",
            name="Tour Handler",
            groups="base.group_user,meeting_management.group_meeting_incident_handler",
            email="tour_handler@example.com",
        )
        env["meeting.incident.type"].create(
            {"name": "Tour Device Failure", "handler_user_id": handler.id, "sequence": 1}
        )
        now = fields.Datetime.now().replace(microsecond=0)
        meeting = env["meeting.meeting"].create(
            {
                "name": "Tour Summit",
                "type_id": env.ref("meeting_management.meeting_type_client").id,
                "date_start": now - timedelta(hours=1),
                "date_end": now + timedelta(hours=3),
                "initiator_id": executor.id,
                "executor_id": executor.id,
            }
        )
        env["meeting.agenda.item"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "Tour Keynote",
                    "date_start": now - timedelta(hours=1),
                    "date_end": now + timedelta(minutes=30),
                },
                {
                    "meeting_id": meeting.id,
                    "name": "Tour Workshop",
                    "date_start": now + timedelta(minutes=30),
                    "date_end": now + timedelta(hours=2),
                },
            ]
        )
        env["meeting.attendee"].create(
            [
                {"meeting_id": meeting.id, "name": "Guest A"},
                {"meeting_id": meeting.id, "name": "Guest B"},
            ]
        )
        meeting.state = "approved"
        meeting.with_user(executor).action_start()

        self.start_tour(
            "/odoo/action-meeting_management.meeting_onsite_action",
            "meeting_onsite_report_tour",
            login="tour_executor",
        )
        incident = env["meeting.incident"].search([("meeting_id", "=", meeting.id)])
        self.assertEqual(len(incident), 1)
        self.assertRecordValues(
            incident,
            [
                {
                    "name": "Projector of the main hall is down",
                    "urgency": "high",
                    "reporter_id": executor.id,
                    "handler_id": handler.id,
                    "state": "reported",
                }
            ],
        )
        self.assertEqual(incident.activity_ids.user_id, handler)

        self.start_tour(
            "/odoo/action-meeting_management.meeting_incident_action",
            "meeting_incident_respond_tour",
            login="tour_handler",
        )
        self.assertEqual(incident.state, "in_progress")
        self.assertTrue(incident.date_responded)
        self.assertFalse(incident.activity_ids)
