from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import MeetingCommon
from .common_onsite import OnsiteCommon


@tagged("post_install", "-at_install")
class TestRiskRegisterTour(HttpCase, MeetingCommon):
    def test_propose_risks_on_the_draft(self):
        self.env["meeting.type.lesson"].create(
            {"type_id": self.type_client.id, "name": "Test the backup projector the day before"}
        )
        meeting = self._create_meeting(name="Tour Dealer Summit")
        self.start_tour(
            f"/odoo/action-meeting_management.meeting_meeting_action/{meeting.id}",
            "meeting_risk_register_tour",
            login="t_director",
        )
        self.assertEqual(meeting.risk_ids.template_id, self.type_client.risk_template_ids)


@tagged("post_install", "-at_install")
class TestIncidentPlanTour(HttpCase, OnsiteCommon):
    def test_handler_ticks_the_plan(self):
        engineer = self.env["res.partner"].create({"name": "Venue Engineer"})
        self.type_device.write(
            {
                "contact_partner_ids": [Command.link(engineer.id)],
                "plan_step_ids": [
                    Command.create({"sequence": 1, "name": "Switch to the backup projector"}),
                    Command.create({"sequence": 2, "name": "Call the venue's engineer"}),
                ],
            }
        )
        incident = (
            self.env["meeting.incident"]
            .with_user(self.user_employee)
            .create({"meeting_id": self.meeting.id, "type_id": self.type_device.id, "name": "Down"})
        )
        self.start_tour(
            f"/odoo/action-meeting_management.meeting_incident_action/{incident.id}",
            "meeting_incident_plan_tour",
            login="t_handler",
        )
        check = incident.checklist_ids.filtered(lambda c: c.sequence == 1)
        self.assertRecordValues(check, [{"done": True, "done_by_id": self.user_handler.id}])
