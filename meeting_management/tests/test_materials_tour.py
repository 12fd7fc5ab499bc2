from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestMaterialsTour(HttpCase):
    def test_onsite_materials_panel(self):
        """The executor's on-site view follows the sign-off sheet live: what is short, what is
        handed out against a return and when it comes back."""
        env = self.env
        executor = mail_new_test_user(
            env,
            login="tour_mat_executor",
            name="Tour Executor",
            groups="base.group_user,meeting_management.group_meeting_coordinator",
            email="tour_mat_executor@example.com",
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
        env["meeting.attendee"].create({"meeting_id": meeting.id, "name": "Guest A"})
        Line = env["meeting.material.line"].with_user(executor)
        folder, receiver = Line.create(
            [
                {"meeting_id": meeting.id, "name": "Tour Folder", "quantity_planned": 10},
                {
                    "meeting_id": meeting.id,
                    "name": "Tour Receiver",
                    "source": "rent",
                    "quantity_planned": 5,
                },
            ]
        )
        folder.quantity_received = 8
        (folder | receiver).action_receive()
        meeting.state = "approved"
        meeting.with_user(executor).action_start()

        self.start_tour(
            "/odoo/action-meeting_management.meeting_onsite_action",
            "meeting_onsite_materials_tour",
            login="tour_mat_executor",
        )
        handout = receiver.handout_ids
        self.assertRecordValues(
            handout,
            [{"state": "returned", "quantity_returned": 2, "handed_by_id": executor.id}],
        )
        self.assertEqual(receiver.state, "distributed")
