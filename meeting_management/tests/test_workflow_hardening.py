"""The plan's workflow as the people who use it: plain employees, over the ORM and JSON-RPC.

Every guard here is tried twice: through the ORM as the user, and through the JSON-RPC
call a browser (or any logged-in user) can make, with the context keys a client may add.
"""

import threading
from datetime import timedelta

from odoo import Command, api, fields
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.sql_db import db_connect
from odoo.tests import Form, HttpCase, TransactionCase, freeze_time, tagged

from .common import MeetingRpcMixin, RpcError, run_side_by_side
from .common_approval import NOW, MeetingApprovalCommon

# Context keys that once switched a guard off; a client may send any of them.
BYPASS_CONTEXT = {
    "meeting_state_change": True,
    "meeting_plan_change": True,
    "meeting_task_internal": True,
    "meeting_incident_workflow": True,
    "meeting_agenda_skip_check": True,
}


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestWorkflowAsUsers(MeetingApprovalCommon):
    def _approve_plan(self, meeting):
        meeting.with_user(self.user_director).action_submit()
        self._approve_all_resource(meeting)
        meeting.with_user(self.user_gm).action_approve()
        self.assertEqual(meeting.state, "approved")

    def test_plan_created_in_the_form_by_a_plain_employee_submits(self):
        self.assertFalse(self.user_director.has_group("meeting_management.group_meeting_manager"))
        form = Form(self.env["meeting.meeting"].with_user(self.user_director))
        form.name = "Product Launch"
        form.type_id = self.type_client
        form.date_start = NOW + timedelta(days=20)
        form.date_end = NOW + timedelta(days=20, hours=4)
        form.venue = "Hall B"
        # the form fills the department and the title from the initiator's employee and sends
        # them on create: the employee (the approval route) must be computed all the same
        self.assertEqual(form.department_id, self.dep_product)
        form.initiator_job_title = "Product Director"
        with form.objective_ids.new() as objective:
            objective.name = "New dealers"
            objective.target_value = 50
            objective.unit = "dealers"
        meeting = form.save()
        self.assertRecordValues(
            meeting,
            [
                {
                    "initiator_employee_id": self.emp_director.id,
                    "department_id": self.dep_product.id,
                    "initiator_job_title": "Product Director",
                    "state": "draft",
                }
            ],
        )
        meeting.action_submit()
        self.assertEqual(meeting.state, "resource_review")
        self.assertEqual(meeting.approval_ids.reviewer_id, self.user_admin_head | self.user_it_head)

    def test_plain_direct_manager_gives_the_final_approval(self):
        meeting_groups = ("group_meeting_manager", "group_meeting_reviewer")
        for user in (self.user_gm, self.user_admin_head, self.user_it_head):
            for group in meeting_groups:
                self.assertFalse(user.has_group(f"meeting_management.{group}"))
        meeting = self._create_meeting()
        self._approve_plan(meeting)
        self.assertRecordValues(meeting, [{"date_approved": NOW, "is_locked": True}])
        self.assertEqual(
            meeting.approval_ids.filtered("decided_by_id").decided_by_id.ids,
            (self.user_admin_head | self.user_it_head | self.user_gm).ids,
        )
        # what approval sets off ran although the manager may only read the meeting
        self.assertTrue(meeting.calendar_event_id)
        self.assertTrue(meeting.task_ids)
        self.assertEqual(meeting.calendar_event_id.user_id, self.user_director)

    def test_state_moves_only_through_actions(self):
        Meeting = self.env["meeting.meeting"].with_user(self.user_director)
        for state in ("approved", "in_progress", "closed", "manager_approval"):
            with self.subTest(create_state=state), self.assertRaises(UserError):
                Meeting.create(self._meeting_vals(state=state))
        with self.assertRaises(UserError):
            Meeting.create(self._meeting_vals(date_approved=NOW))
        meeting = self._create_meeting()
        for state in ("resource_review", "approved", "in_progress", "review", "closed"):
            with self.subTest(write_state=state), self.assertRaises(UserError):
                meeting.with_user(self.user_director).with_context(**BYPASS_CONTEXT).write(
                    {"state": state}
                )
        self._approve_plan(meeting)
        for vals in (
            {"state": "draft"},
            {"state": "closed"},
            {"approval_round": 0},
            {"date_approved": False},
            {"calendar_event_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                meeting.with_user(self.user_director).with_context(**BYPASS_CONTEXT).write(vals)
        # the plan lock is not switched off by a context key either
        with self.assertRaises(UserError):
            meeting.with_user(self.user_director).with_context(**BYPASS_CONTEXT).write(
                {"budget_total": 1.0}
            )
        with self.assertRaises(UserError):
            meeting.objective_ids.with_user(self.user_director).with_context(
                **BYPASS_CONTEXT
            ).write({"target_value": 1})
        self.assertRecordValues(meeting, [{"state": "approved", "budget_total": 1000.0}])
        self.assertEqual(meeting.objective_ids.target_value, 50)

    def test_no_review_department_still_reviews(self):
        """A fresh install has no review department: the administrators pre-review."""
        self.env["meeting.review.department"].search([]).action_archive()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.meeting_review_department_count, 0)
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        self.assertEqual(meeting.state, "resource_review")
        step = meeting.approval_ids
        self.assertRecordValues(step, [{"step_type": "resource", "state": "pending"}])
        self.assertIn(
            step.reviewer_id, self.env.ref("meeting_management.group_meeting_manager").all_user_ids
        )
        self.assertTrue(
            meeting.message_ids.filtered(lambda m: "No resource review department" in str(m.body))
        )
        step.with_user(self.user_meeting_admin).action_approve()
        self.assertEqual(meeting.state, "manager_approval")
        manager = meeting.current_approval_ids.filtered(lambda a: a.step_type == "manager")
        self.assertEqual(manager.reviewer_id, self.user_gm)

    def test_calendar_event_follows_the_internal_attendees(self):
        meeting = self._create_meeting()
        self._approve_plan(meeting)
        event = meeting.calendar_event_id
        base = self.user_director.partner_id | self.user_coordinator.partner_id
        self.assertEqual(event.partner_ids, base)
        Attendee = self.env["meeting.attendee"].with_user(self.user_coordinator)
        added = Attendee.create({"meeting_id": meeting.id, "employee_id": self.emp_employee.id})
        Attendee.create({"meeting_id": meeting.id, "name": "External guest"})
        self.assertEqual(event.partner_ids, base | self.user_employee.partner_id)
        added.write({"invitation_state": "declined"})
        self.assertEqual(event.partner_ids, base)
        added.write({"invitation_state": "confirmed"})
        self.assertEqual(event.partner_ids, base | self.user_employee.partner_id)
        added.unlink()
        self.assertEqual(event.partner_ids, base)

    def test_change_request_wizard_with_only_the_changed_fields(self):
        meeting = self._create_meeting()
        self._approve_plan(meeting)
        wizard = (
            self.env["meeting.change.request.wizard"]
            .with_user(self.user_director)
            .create({"meeting_id": meeting.id, "reason": "Bigger hall", "venue": "Hall C"})
        )
        wizard.action_confirm()
        self.assertRecordValues(
            meeting,
            [
                {
                    "state": "manager_approval",
                    "venue": "Hall C",
                    "name": "Dealer Summit",
                    "budget_total": 1000.0,
                    "date_start": NOW + timedelta(days=10),
                    "change_reason": "Bigger hall",
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestWorkflowRpc(MeetingRpcMixin, HttpCase, MeetingApprovalCommon):
    """The same guards over JSON-RPC, as the browser of each person calls them."""

    _call = MeetingRpcMixin.rpc

    def _vals(self, **kw):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=30)
        vals = self._meeting_vals(date_start=start, date_end=start + timedelta(hours=6), **kw)
        vals["date_start"] = fields.Datetime.to_string(vals["date_start"])
        vals["date_end"] = fields.Datetime.to_string(vals["date_end"])
        vals["objective_ids"] = [[0, 0, {"name": "Dealers", "target_value": 50, "unit": "x"}]]
        vals["budget_line_ids"] = [
            [0, 0, {"category": "venue", "name": "Hall", "amount_planned": 1000}]
        ]
        return vals

    def test_rpc_state_and_context_bypasses_refused(self):
        with self.assertRaisesRegex(RpcError, "starts as a draft"):
            self._call(
                "t_director",
                "meeting.meeting",
                "create",
                [self._vals(state="approved")],
                {"context": BYPASS_CONTEXT},
            )
        self.assertFalse(
            self.env["meeting.meeting"].search(
                [("state", "=", "approved"), ("initiator_id", "=", self.user_director.id)]
            )
        )
        meeting_id = self._call("t_director", "meeting.meeting", "create", [self._vals()])
        meeting = self.env["meeting.meeting"].browse(meeting_id)
        for state in ("approved", "in_progress", "closed"):
            with self.subTest(state=state), self.assertRaisesRegex(RpcError, "buttons"):
                self._call(
                    "t_director",
                    "meeting.meeting",
                    "write",
                    [[meeting_id], {"state": state}],
                    {"context": BYPASS_CONTEXT},
                )
        self._call("t_director", "meeting.meeting", "action_submit", [[meeting_id]])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "resource_review")
        # back to draft would defeat the plan lock
        with self.assertRaisesRegex(RpcError, "buttons"):
            self._call(
                "t_director",
                "meeting.meeting",
                "write",
                [[meeting_id], {"state": "draft", "budget_total": 1}],
                {"context": BYPASS_CONTEXT},
            )
        with self.assertRaisesRegex(RpcError, "can no longer be edited"):
            self._call(
                "t_director",
                "meeting.meeting",
                "write",
                [[meeting_id], {"budget_total": 1}],
                {"context": BYPASS_CONTEXT},
            )
        meeting.invalidate_recordset()
        self.assertRecordValues(meeting, [{"state": "resource_review", "budget_total": 1000.0}])

    def test_rpc_plain_manager_approves_and_changes_go_back(self):
        meeting_id = self._call("t_director", "meeting.meeting", "create", [self._vals()])
        self._call("t_director", "meeting.meeting", "action_submit", [[meeting_id]])
        for login in ("t_admin_head", "t_it_head", "t_gm"):
            self._call(login, "meeting.meeting", "action_approve", [[meeting_id]])
        meeting = self.env["meeting.meeting"].browse(meeting_id)
        self.assertEqual(meeting.state, "approved")
        self.assertTrue(meeting.calendar_event_id)
        # the change request wizard, created with the changed field only
        wizard_id = self._call(
            "t_director",
            "meeting.change.request.wizard",
            "create",
            [{"meeting_id": meeting_id, "reason": "More guests", "venue": "Hall D"}],
        )
        self._call("t_director", "meeting.change.request.wizard", "action_confirm", [[wizard_id]])
        meeting.invalidate_recordset()
        self.assertRecordValues(
            meeting,
            [{"state": "manager_approval", "venue": "Hall D", "name": "Dealer Summit"}],
        )
        self._call("t_gm", "meeting.meeting", "action_approve", [[meeting_id]])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(meeting.calendar_event_id.location, "Hall D")

    def test_rpc_malformed_reasons_are_user_errors(self):
        meeting_id = self._call("t_director", "meeting.meeting", "create", [self._vals()])
        self._call("t_director", "meeting.meeting", "action_submit", [[meeting_id]])
        step = self.env["meeting.meeting"].browse(meeting_id).approval_ids[:1]
        login = step.reviewer_id.login
        # a list where the rejection comment goes opens the wizard instead of crashing
        action = self._call(
            login,
            "meeting.approval",
            "action_reject",
            [step.ids],
            {"context": {"meeting_reject_comment": ["x"]}},
        )
        self.assertEqual(action["res_model"], "meeting.approval.reject.wizard")
        self.assertEqual(step.state, "pending")


@tagged("post_install", "-at_install")
class TestApprovalRace(TransactionCase):
    """Two reviewers approve the parallel steps at the same instant, in two transactions."""

    def test_parallel_reviews_at_the_same_instant(self):
        db = db_connect(self.env.cr.dbname)
        initiator = self.env.ref("meeting_management.user_liu_yang")
        reviewers = (
            self.env.ref("meeting_management.user_chen_jing"),
            self.env.ref("meeting_management.user_zhao_lei"),
        )
        start = fields.Datetime.now() + timedelta(days=300)
        # Committed fixtures (other tests' transactions never see them), removed at the end.
        with db.cursor() as cr:
            env = api.Environment(cr, initiator.id, {"tracking_disable": True})
            meeting = env["meeting.meeting"].create(
                {
                    "name": "Race Summit",
                    "type_id": env.ref("meeting_management.meeting_type_client").id,
                    "date_start": start,
                    "date_end": start + timedelta(hours=4),
                    "venue": "Race Hall (test)",
                    "objective_ids": [
                        Command.create({"name": "Dealers", "target_value": 5, "unit": "x"})
                    ],
                }
            )
            meeting.action_submit()
            steps = {s.reviewer_id.id: s.id for s in meeting.approval_ids}
            meeting_id = meeting.id
        self.assertEqual(set(steps), {r.id for r in reviewers})
        try:
            barrier = threading.Barrier(2, timeout=20)
            errors, tries = [], []

            def review(user, hold):
                try:
                    with db.cursor() as cr:
                        cr.execute("SET LOCAL lock_timeout = '10s'")
                        cr.execute("SELECT 1")  # both snapshots predate either decision
                        barrier.wait()
                        env = api.Environment(cr, user.id, {})
                        step = env["meeting.approval"].browse(steps[user.id])
                        if hold:
                            step.action_approve()  # takes the meeting's row lock
                            env.flush_all()
                            barrier.wait()
                            threading.Event().wait(0.5)  # the other waits on our lock
                            return  # leaving the block commits
                        barrier.wait()

                        def approve():
                            tries.append(1)
                            return env["meeting.approval"].browse(steps[user.id]).action_approve()

                        # what Odoo does with every RPC call: replay on serialization failure
                        retrying(approve, env)
                except Exception as e:  # noqa: BLE001
                    errors.append(repr(e))

            run_side_by_side((review, (reviewers[0], True)), (review, (reviewers[1], False)))
            self.assertFalse(errors, errors)
            self.assertGreaterEqual(len(tries), 2, "the second decision had to be replayed")
            with db.cursor() as cr:
                cr.execute("SELECT state FROM meeting_meeting WHERE id = %s", [meeting_id])
                self.assertEqual(cr.fetchone()[0], "manager_approval")
                cr.execute(
                    "SELECT step_type, state, count(*) FROM meeting_approval "
                    "WHERE meeting_id = %s GROUP BY 1, 2 ORDER BY 1, 2",
                    [meeting_id],
                )
                self.assertEqual(
                    cr.fetchall(), [("manager", "pending", 1), ("resource", "approved", 2)]
                )
        finally:
            with db.cursor() as cr:
                cr.execute("SELECT id FROM meeting_approval WHERE meeting_id = %s", [meeting_id])
                step_ids = [r[0] for r in cr.fetchall()] or [0]
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = 'meeting.approval' "
                    "AND res_id = ANY(%s)",
                    [step_ids],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE (model = 'meeting.meeting' AND res_id = %s) "
                    "OR (model = 'meeting.approval' AND res_id = ANY(%s))",
                    [meeting_id, step_ids],
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE (res_model = 'meeting.meeting' AND "
                    "res_id = %s) OR (res_model = 'meeting.approval' AND res_id = ANY(%s))",
                    [meeting_id, step_ids],
                )
                cr.execute("DELETE FROM meeting_meeting WHERE id = %s", [meeting_id])


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestWorkflowTable(MeetingApprovalCommon):
    """The workflow table decides every guard and every can_* field."""

    def test_table_drives_guards_and_can_fields(self):
        from odoo.exceptions import AccessError  # noqa: PLC0415

        from ..models.meeting_meeting import WORKFLOW  # noqa: PLC0415

        meeting = self._create_meeting()
        self.assertEqual(meeting.state, "draft")
        actors = {
            "initiator": self.user_director,
            "executor": self.user_coordinator,
            "admin": self.user_meeting_admin,
        }
        for action, row in WORKFLOW.items():
            with self.subTest(action=action, who="stranger"), self.assertRaises(AccessError):
                meeting.with_user(self.user_employee)._check_workflow(action)
            for who, user in actors.items():
                as_user = meeting.with_user(user)
                allowed = who == "admin" or bool(as_user._get_workflow_roles() & set(row["roles"]))
                with self.subTest(action=action, who=who):
                    self.assertEqual(as_user._may(action), allowed)
                    self.assertEqual(as_user._can(action), allowed and "draft" in row["from"])
                    if not allowed:
                        with self.assertRaises(AccessError):
                            as_user._check_workflow(action)
                    elif "draft" not in row["from"]:
                        with self.assertRaises(UserError) as caught:
                            as_user._check_workflow(action)
                        self.assertNotIsInstance(caught.exception, AccessError)
        # the can_* fields are the table's answers
        for who, user in actors.items():
            as_user = meeting.with_user(user)
            with self.subTest(fields=who):
                self.assertEqual(as_user.can_manage_plan, as_user._may("submit"))
                self.assertEqual(as_user.can_manage_tasks, as_user._may("generate_tasks"))
                self.assertEqual(as_user.can_start, as_user._can("start"))
                self.assertEqual(as_user.can_finish, as_user._can("finish"))
                self.assertEqual(as_user.can_publish, as_user._can("publish"))
        # a stranger is refused with AccessError, the initiator in the wrong state with
        # UserError, through the real actions
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_employee).action_submit()
        with self.assertRaises(UserError) as caught:
            meeting.with_user(self.user_director).action_reset_to_draft()
        self.assertNotIsInstance(caught.exception, AccessError)
