from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_approval import NOW, MeetingApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestApprovalFlow(MeetingApprovalCommon):
    def test_happy_path(self):
        meeting = self._create_meeting()
        meeting.write(
            {
                "attendee_ids": [
                    Command.create(
                        {
                            "name": "IT Support",
                            "attendee_type": "internal",
                            "employee_id": self.emp_handler.id,
                            "is_key_decision_maker": True,
                        }
                    )
                ]
            }
        )
        self.assertEqual(meeting.key_attendee_ids.employee_id, self.emp_handler)
        self.assertEqual(meeting.department_id, self.dep_product)
        meeting.with_user(self.user_director).action_submit()
        self.assertRecordValues(meeting, [{"state": "resource_review", "approval_round": 1}])
        steps = meeting.approval_ids
        self.assertRecordValues(
            steps.sorted("sequence"),
            [
                {
                    "step_type": "resource",
                    "department_id": self.dep_admin.id,
                    "reviewer_id": self.user_admin_head.id,
                    "deadline": NOW + timedelta(hours=12),
                    "state": "pending",
                },
                {
                    "step_type": "resource",
                    "department_id": self.dep_it.id,
                    "reviewer_id": self.user_it_head.id,
                    "deadline": NOW + timedelta(hours=12),
                    "state": "pending",
                },
            ],
        )
        activity_type = self.env.ref("meeting_management.mail_activity_meeting_approval")
        self.assertEqual(
            steps.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).user_id,
            self.user_admin_head | self.user_it_head,
        )
        # "To approve" for the admin head: their own pending step
        mine = (
            self.env["meeting.approval"]
            .with_user(self.user_admin_head)
            .search([("state", "=", "pending"), ("reviewer_id", "=", self.user_admin_head.id)])
        )
        self.assertEqual(mine, self._step(meeting, self.user_admin_head))

        # parallel: one approval is not enough
        meeting.with_user(self.user_admin_head).action_approve()
        self.assertEqual(meeting.state, "resource_review")
        self.assertFalse(
            steps.filtered(lambda s: s.reviewer_id == self.user_admin_head).activity_ids
        )
        self._step(meeting, self.user_it_head).with_user(self.user_it_head).action_approve()
        self.assertEqual(meeting.state, "manager_approval")
        manager_step = meeting.approval_ids.filtered(lambda a: a.step_type == "manager")
        self.assertRecordValues(
            manager_step,
            [
                {
                    "reviewer_id": self.user_gm.id,
                    "deadline": NOW + timedelta(hours=24),
                    "state": "pending",
                    "approval_round": 1,
                }
            ],
        )
        self.assertTrue(meeting.with_user(self.user_gm).can_decide)
        self.assertFalse(meeting.with_user(self.user_director).can_decide)
        meeting.with_user(self.user_gm).action_approve()
        self.assertRecordValues(
            meeting, [{"state": "approved", "date_approved": NOW, "is_locked": True}]
        )
        self.assertEqual(manager_step.decided_by_id, self.user_gm)
        event = meeting.calendar_event_id
        self.assertTrue(event)
        # the initiator, the executor and the internal attendees are on the event
        self.assertEqual(
            event.partner_ids,
            self.user_director.partner_id
            | self.user_coordinator.partner_id
            | self.emp_handler.work_contact_id,
        )
        self.assertEqual((event.start, event.stop), (meeting.date_start, meeting.date_end))
        # the initiator got the "approved" notification from the template
        self.assertTrue(
            meeting.message_ids.filtered(
                lambda m: (
                    "is approved" in (m.subject or "")
                    and self.user_director.partner_id in m.partner_ids
                )
            )
        )

        # PDF (HTML in tests) with the approval trail
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("meeting_management.report_meeting_application", meeting.ids)[0]
            .decode()
        )
        self.assertIn("Dealer Summit", html)
        self.assertIn("o_meeting_approval_trail", html)
        self.assertIn(self.user_gm.name, html)
        self.assertIn("New dealers", html)

    def test_rejection_and_resubmission(self):
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        it_step = self._step(meeting, self.user_it_head)
        action = it_step.with_user(self.user_it_head).action_reject()
        self.assertEqual(action["res_model"], "meeting.approval.reject.wizard")
        self.assertEqual(meeting.state, "resource_review")
        with self.assertRaises(UserError):
            it_step.with_user(self.user_it_head)._reject("  ")
        wizard = Form(
            self.env["meeting.approval.reject.wizard"]
            .with_user(self.user_it_head)
            .with_context(**action["context"])
        )
        wizard.comment = "No interpretation booth available that day."
        wizard.save().action_confirm()
        self.assertRecordValues(
            meeting.approval_ids.sorted("sequence"),
            [
                {"state": "cancelled", "comment": False, "decided_by_id": False},
                {
                    "state": "rejected",
                    "comment": "No interpretation booth available that day.",
                    "decided_by_id": self.user_it_head.id,
                },
            ],
        )
        self.assertEqual(meeting.state, "rejected")
        self.assertTrue(
            meeting.message_ids.filtered(lambda m: "needs changes" in (m.subject or ""))
        )
        # the initiator edits the rejected plan and resubmits directly
        meeting.with_user(self.user_director).write({"venue": "Hotel Ballroom"})
        meeting.with_user(self.user_director).action_submit()
        self.assertRecordValues(meeting, [{"state": "resource_review", "approval_round": 2}])
        self.assertEqual(len(meeting.approval_ids), 4)
        self.assertEqual(len(meeting.current_approval_ids), 2)
        self.assertEqual(
            meeting.approval_ids.filtered(lambda a: a.approval_round == 1).mapped("state"),
            ["cancelled", "rejected"],
        )

    def test_cancel_and_reset(self):
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        with self.assertRaises(UserError):
            meeting.with_user(self.user_employee).action_cancel()
        meeting.with_user(self.user_director).action_cancel()
        self.assertEqual(meeting.state, "cancelled")
        self.assertEqual(set(meeting.approval_ids.mapped("state")), {"cancelled"})
        self.assertFalse(meeting.approval_ids.activity_ids)
        meeting.with_user(self.user_director).action_reset_to_draft()
        self.assertEqual(meeting.state, "draft")

    def test_green_channel_and_configured_deadlines(self):
        meeting = self._create_meeting(is_urgent=True)
        with self.assertRaisesRegex(UserError, "green channel"):
            meeting.with_user(self.user_director).action_submit()
        meeting.urgent_reason = "Competitor launches early"
        meeting.with_user(self.user_director).action_submit()
        self.assertEqual(set(meeting.approval_ids.mapped("deadline")), {NOW + timedelta(hours=2)})
        self._approve_all_resource(meeting)
        manager_step = meeting.current_approval_ids.filtered(lambda a: a.step_type == "manager")
        self.assertEqual(manager_step.deadline, NOW + timedelta(hours=2))

        self.env["ir.config_parameter"].set_param("meeting_management.resource_review_hours", 6)
        self.env["ir.config_parameter"].set_param("meeting_management.urgent_hours", 1)
        normal = self._create_meeting(venue="Elsewhere")
        normal.with_user(self.user_director).action_submit()
        self.assertEqual(set(normal.approval_ids.mapped("deadline")), {NOW + timedelta(hours=6)})
        urgent = self._create_meeting(venue="Other", is_urgent=True, urgent_reason="VIP")
        urgent.with_user(self.user_director).action_submit()
        self.assertEqual(set(urgent.approval_ids.mapped("deadline")), {NOW + timedelta(hours=1)})

    def test_type_without_resource_review(self):
        self.type_client.skip_resource_review = True
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        self.assertEqual(meeting.state, "manager_approval")
        self.assertEqual(meeting.approval_ids.reviewer_id, self.user_gm)

    def test_non_reviewer_cannot_decide(self):
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        admin_step = self._step(meeting, self.user_admin_head)
        for user in (self.user_it_head, self.user_director, self.user_employee):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                admin_step.with_user(user).action_approve()
            with self.subTest(user=user.name), self.assertRaises(UserError):
                admin_step.with_user(user).with_context(meeting_reject_comment="no").action_reject()
        with self.assertRaises(UserError):
            meeting.with_user(self.user_director).action_approve()
        # writing the decision directly is refused too
        with self.assertRaises(UserError):
            admin_step.with_user(self.user_admin_head).write({"state": "approved"})
        with self.assertRaises(UserError):
            admin_step.with_user(self.user_director).write({"reviewer_id": self.user_director.id})
        with self.assertRaises(UserError):
            self.env["meeting.approval"].with_user(self.user_director).create(
                {
                    "meeting_id": meeting.id,
                    "step_type": "manager",
                    "reviewer_id": self.user_director.id,
                    "deadline": NOW,
                }
            )
        with self.assertRaises(UserError):
            meeting.with_user(self.user_director).write({"state": "approved"})
        self.assertEqual(admin_step.state, "pending")
        # a meeting administrator may decide any step
        admin_step.with_user(self.user_meeting_admin).action_approve()
        self.assertRecordValues(
            admin_step, [{"state": "approved", "decided_by_id": self.user_meeting_admin.id}]
        )

    def test_record_rules(self):
        meeting = self._create_meeting()
        Meeting = self.env["meeting.meeting"]
        self.assertFalse(Meeting.with_user(self.user_employee).search([("id", "=", meeting.id)]))
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_employee).read(["name"])
        # issue 8: reviewers only see the meetings with a step for them (none yet: a draft)
        self.assertFalse(Meeting.with_user(self.user_admin_head).search([("id", "=", meeting.id)]))
        # an attendee sees it
        meeting.attendee_ids = [
            Command.create({"name": "Employee", "user_id": self.user_employee.id})
        ]
        self.assertTrue(Meeting.with_user(self.user_employee).search([("id", "=", meeting.id)]))

    def test_reviewer_as_plain_employee_sees_meeting(self):
        self.review_admin.reviewer_id = self.user_employee
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        step = self._step(meeting, self.user_employee)
        self.assertEqual(
            self.env["meeting.meeting"]
            .with_user(self.user_employee)
            .search([("id", "=", meeting.id)]),
            meeting,
        )
        step.with_user(self.user_employee).action_approve()
        self.assertEqual(step.state, "approved")


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestApprovalValidation(MeetingApprovalCommon):
    def test_end_before_start(self):
        with self.assertRaises(ValidationError):
            self._create_meeting(date_end=NOW + timedelta(days=9))

    def test_negative_amounts(self):
        with self.assertRaises(ValidationError):
            self._create_meeting(budget_total=-1)
        with self.assertRaises(ValidationError):
            self._create_meeting(expected_external_count=-5)
        meeting = self._create_meeting()
        with self.assertRaises(ValidationError):
            meeting.budget_line_ids[0].amount_planned = -10
        with self.assertRaises(ValidationError):
            meeting.objective_ids.target_value = -1

    def test_budget_lines_must_match_total(self):
        meeting = self._create_meeting(budget_total=1500)
        with self.assertRaisesRegex(UserError, "budget lines add up"):
            meeting.with_user(self.user_director).action_submit()
        self.assertEqual(meeting.state, "draft")
        # no total given: the lines are the budget
        meeting.budget_total = 0
        meeting.with_user(self.user_director).action_submit()
        self.assertEqual(meeting.state, "resource_review")

    def test_submit_without_objectives(self):
        meeting = self._create_meeting(objective_ids=[])
        with self.assertRaisesRegex(UserError, "objective"):
            meeting.with_user(self.user_director).action_submit()

    def test_initiator_without_employee(self):
        meeting = (
            self.env["meeting.meeting"]
            .with_user(self.user_checkin)
            .create(self._meeting_vals(initiator_id=self.user_checkin.id))
        )
        with self.assertRaisesRegex(UserError, "no employee"):
            meeting.with_user(self.user_checkin).action_submit()

    def test_only_initiator_submits(self):
        meeting = self._create_meeting()
        with self.assertRaises(UserError):
            meeting.with_user(self.user_coordinator).action_submit()
        meeting.with_user(self.user_director).action_submit()
        with self.assertRaises(UserError):
            meeting.with_user(self.user_director).action_submit()
