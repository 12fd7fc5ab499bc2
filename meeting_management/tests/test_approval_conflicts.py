from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged

from .common_approval import NOW, MeetingApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestApprovalConflicts(MeetingApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls._create_meeting(name="Board Meeting", venue="Room A")
        cls.other.with_user(cls.user_director).action_submit()

    def _kinds(self, meeting):
        return sorted(c["kind"] for c in meeting._get_conflicts())

    def test_venue_conflict(self):
        meeting = self._create_meeting(name="Workshop", venue=" room a ")
        self.assertEqual(self._kinds(meeting), ["venue"])
        self.assertIn("Board Meeting", meeting.conflict_html)
        # not overlapping: no conflict
        meeting.write(
            {
                "date_start": NOW + timedelta(days=11),
                "date_end": NOW + timedelta(days=11, hours=2),
            }
        )
        self.assertEqual(self._kinds(meeting), [])
        # a draft or cancelled meeting does not hold the venue
        self.other.with_user(self.user_director).action_cancel()
        meeting.write({"date_start": NOW + timedelta(days=10)})
        self.assertEqual(self._kinds(meeting), [])

    def test_key_person_in_other_meeting_and_calendar(self):
        self.other.attendee_ids = [
            Command.create(
                {"name": "IT Support", "attendee_type": "internal", "user_id": self.user_handler.id}
            )
        ]
        meeting = self._create_meeting(
            name="Workshop",
            venue="Room B",
            attendee_ids=[
                Command.create(
                    {
                        "name": "IT Support",
                        "attendee_type": "internal",
                        "employee_id": self.emp_handler.id,
                        "is_key_decision_maker": True,
                    }
                )
            ],
        )
        self.assertEqual(self._kinds(meeting), ["person"])
        partner = self.env["res.partner"].create({"name": "Customer CEO"})
        self.env["calendar.event"].create(
            {
                "name": "Customer dinner",
                "start": NOW + timedelta(days=10, hours=6),
                "stop": NOW + timedelta(days=10, hours=9),
                "partner_ids": [Command.set(partner.ids)],
            }
        )
        meeting.attendee_ids = [
            Command.create(
                {"name": "Customer CEO", "partner_id": partner.id, "is_key_decision_maker": True}
            )
        ]
        self.assertEqual(self._kinds(meeting), ["calendar", "person"])
        self.assertIn("Customer dinner", meeting.conflict_html)

    def test_important_meeting_of_same_department(self):
        meeting = self._create_meeting(name="Workshop", venue="Room B")
        self.assertEqual(self._kinds(meeting), [])
        self.other.priority = "1"
        meeting.invalidate_recordset(["conflict_count", "conflict_html"])
        self.assertEqual(self._kinds(meeting), ["department"])

    def test_approver_must_acknowledge(self):
        meeting = self._create_meeting(name="Workshop", venue="Room A")
        meeting.with_user(self.user_director).action_submit()
        self.assertTrue(meeting.message_ids.filtered(lambda m: "conflict" in (m.body or "")))
        step = self._step(meeting, self.user_admin_head).with_user(self.user_admin_head)
        self.assertEqual(step.conflict_count, 1)
        action = step.action_approve()
        self.assertEqual(action["res_model"], "meeting.conflict.wizard")
        self.assertEqual(step.state, "pending")
        wizard = Form(
            self.env["meeting.conflict.wizard"]
            .with_user(self.user_admin_head)
            .with_context(**action["context"])
        ).save()
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.acknowledged = True
        wizard.action_confirm()
        self.assertRecordValues(step, [{"state": "approved", "conflict_acknowledged": True}])
        # another reviewer cannot acknowledge in someone else's name
        it_step = self._step(meeting, self.user_it_head)
        with self.assertRaises(UserError):
            it_step.with_user(self.user_director).action_acknowledge_conflicts()
        with self.assertRaises(UserError):
            it_step.with_user(self.user_director).write({"conflict_acknowledged": True})
