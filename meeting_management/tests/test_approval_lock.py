import json
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, freeze_time, tagged

from .common_approval import NOW, MeetingApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestApprovalLock(MeetingApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_meeting(
            attendee_ids=[
                Command.create(
                    {
                        "name": "Employee",
                        "attendee_type": "internal",
                        "user_id": cls.user_employee.id,
                        "is_key_decision_maker": True,
                    }
                )
            ]
        )

    def _approve(self, meeting):
        meeting.with_user(self.user_director).action_submit()
        self._approve_all_resource(meeting)
        meeting.with_user(self.user_gm).action_approve()
        self.assertEqual(meeting.state, "approved")

    def test_lock_after_approval(self):
        meeting = self.meeting.with_user(self.user_director)
        self._approve(meeting)
        for vals in (
            {"name": "Other"},
            {"type_id": self.env.ref("meeting_management.meeting_type_other").id},
            {"date_start": NOW + timedelta(days=9)},
            {"date_end": NOW + timedelta(days=12)},
            {"venue": "Elsewhere"},
            {"budget_total": 5},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                meeting.write(vals)
        objective = meeting.objective_ids
        line = meeting.budget_line_ids[0]
        with self.assertRaises(UserError):
            objective.write({"target_value": 10})
        with self.assertRaises(UserError):
            line.write({"amount_planned": 1})
        with self.assertRaises(UserError):
            line.write({"category": "other"})
        with self.assertRaises(UserError):
            meeting.write({"objective_ids": [Command.create({"name": "X", "target_value": 1})]})
        with self.assertRaises(UserError):
            meeting.write({"budget_line_ids": [Command.delete(line.id)]})
        with self.assertRaises(UserError):
            objective.unlink()
        # a meeting administrator is bound by the lock too
        with self.assertRaises(UserError):
            meeting.with_user(self.user_gm).write({"venue": "Elsewhere"})
        # actuals stay writable for the review
        objective.write({"actual_value": 48})
        line.write({"amount_actual": 650, "variance_reason": "Extra room"})
        meeting.write({"executor_id": self.user_gm.id})
        self.assertEqual(objective.attainment, 96.0)
        self.assertEqual(line.variance, 50)

    def test_request_change_and_reapproval(self):
        meeting = self.meeting.with_user(self.user_director)
        self._approve(meeting)
        event = meeting.calendar_event_id
        self.assertEqual(
            event.partner_ids,
            self.user_director.partner_id
            | self.user_coordinator.partner_id
            | self.user_employee.partner_id,
        )
        action = meeting.action_request_change()
        self.assertEqual(action["res_model"], "meeting.change.request.wizard")
        with self.assertRaises(UserError):
            meeting.with_user(self.user_employee).action_request_change()
        wizard = Form(
            self.env["meeting.change.request.wizard"]
            .with_user(self.user_director)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.venue, "Conference Center")
        wizard.date_start = NOW + timedelta(days=11)
        wizard.date_end = NOW + timedelta(days=11, hours=8)
        wizard.reason = "Keynote speaker moved"
        wizard.save().action_confirm()
        self.assertRecordValues(
            meeting,
            [
                {
                    "state": "manager_approval",
                    "approval_round": 2,
                    "change_reason": "Keynote speaker moved",
                    "date_start": NOW + timedelta(days=11),
                }
            ],
        )
        self.assertEqual(meeting.current_approval_ids.reviewer_id, self.user_gm)
        meeting.with_user(self.user_gm).action_approve()
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(meeting.calendar_event_id, event)
        self.assertEqual(event.start, NOW + timedelta(days=11))
        self.assertEqual(
            self.env["calendar.event"].search_count(
                [("res_model", "=", "meeting.meeting"), ("res_id", "=", meeting.id)]
            ),
            1,
        )

    def test_refused_change_keeps_approved_plan(self):
        meeting = self.meeting.with_user(self.user_director)
        self._approve(meeting)
        meeting.with_context(meeting_change_reason="More guests").action_request_change()
        self.assertEqual(meeting.state, "manager_approval")
        step = meeting.current_approval_ids
        step.with_user(self.user_gm)._reject("Not now")
        self.assertEqual(meeting.state, "approved")


@tagged("post_install", "-at_install")
class TestApprovalLockExternalApi(HttpCase, MeetingApprovalCommon):
    """The lock holds through the JSON-RPC API used by integrations."""

    def test_write_through_call_kw(self):
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        self._approve_all_resource(meeting)
        meeting.with_user(self.user_gm).action_approve()
        self.user_director.password = "t_director-pass"
        self.authenticate("t_director", "t_director-pass")

        def call(method, args, kwargs=None):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "meeting.meeting",
                            "method": method,
                            "args": args,
                            "kwargs": kwargs or {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(response.status_code, 200)
            return response.json()

        result = call("write", [meeting.ids, {"venue": "Somewhere else"}])
        self.assertIn("error", result)
        self.assertIn("Request Change", result["error"]["data"]["message"])
        result = call("read", [meeting.ids, ["venue", "state"]])
        self.assertEqual(result["result"][0]["venue"], "Conference Center")
        result = call(
            "write",
            [meeting.ids, {"objective_ids": [[1, meeting.objective_ids.id, {"target_value": 1}]]}],
        )
        self.assertIn("error", result)
        result = call(
            "write",
            [meeting.ids, {"objective_ids": [[1, meeting.objective_ids.id, {"actual_value": 7}]]}],
        )
        self.assertNotIn("error", result)
        self.assertEqual(meeting.objective_ids.actual_value, 7)
