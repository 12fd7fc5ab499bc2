"""Preparation tasks against what an RPC caller can send, and plans generated late.

Calls go through ``/web/dataset/call_kw`` as the task owner or the coordinator, with only the
groups a company gives them; a context key never switches a guard off, and the status, the
actual finish and the alert stamps only move through the status actions and the crons.
"""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common_task import MeetingTaskCommon
from .test_onsite_hardening import BYPASS_KEYS, RpcMixin

FLOW_VALUES = {
    "date_done": "2030-03-01 00:00:00",
    "overdue_alert_sent_at": "2030-03-01 00:00:00",
    "milestone_warning_sent_at": "2030-03-01 00:00:00",
    "milestone_deadline_alert_sent_at": "2030-03-01 00:00:00",
}


@tagged("post_install", "-at_install")
class TestTaskHardening(RpcMixin, HttpCase, MeetingTaskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tasks = {t.template_id.name: t for t in cls._plan_cls(cls.meeting)}
        cls.invite = tasks["Send invitations"]
        cls.venue = tasks["Venue layout"]  # owned by the Administration Head
        cls.seating = tasks["Seating"]  # owned by the Director, waits for confirm and venue

    @classmethod
    def _plan_cls(cls, meeting):
        meeting._on_approved()
        return meeting.task_ids

    def _snapshot(self, task):
        task.invalidate_recordset()
        return task.read(["state", "date_deadline", "user_id", *FLOW_VALUES])

    # ------------------------------------------------------------------
    # 1. The internal context key switches nothing off
    # ------------------------------------------------------------------
    def test_internal_key_does_not_bypass_the_rules(self):
        before_venue, before_seating = self._snapshot(self.venue), self._snapshot(self.seating)
        # the owner completes without the deliverable and moves the deadline
        venue = self.venue.with_user(self.user_admin_head).with_context(**BYPASS_KEYS)
        for vals in (
            {"state": "done"},
            {"state": "done", "date_done": "2030-03-01 00:00:00"},
            {"date_deadline": "2030-03-19 00:00:00"},
            {"user_id": self.user_employee.id},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(UserError):  # AccessError is a UserError
                    venue.write(vals)
                self.assertRefused(
                    "t_admin_head",
                    "meeting.task",
                    "write",
                    [[self.venue.id], vals],
                    context=BYPASS_KEYS,
                )
        # the owner of a waiting task starts or completes it before its prerequisites
        for vals in ({"state": "in_progress"}, {"state": "done"}):
            with self.subTest(seating=vals):
                self.assertRefused(
                    "t_director",
                    "meeting.task",
                    "write",
                    [[self.seating.id], vals],
                    context=BYPASS_KEYS,
                )
        # someone else's task
        self.assertRefused(
            "t_employee",
            "meeting.task",
            "write",
            [[self.venue.id], {"state": "done"}],
            context=BYPASS_KEYS,
        )
        self.assertEqual(self._snapshot(self.venue), before_venue)
        self.assertEqual(self._snapshot(self.seating), before_seating)

    # ------------------------------------------------------------------
    # 2. Flow fields only move through the actions
    # ------------------------------------------------------------------
    def test_flow_fields_refused_on_write(self):
        before = self._snapshot(self.invite)
        for fname, value in FLOW_VALUES.items():
            with self.subTest(field=fname):
                # even the coordinator, who manages every task of the meeting
                with self.assertRaises(UserError):
                    self.invite.with_user(self.user_coordinator).write({fname: value})
                self.assertRefused(
                    "t_coordinator",
                    "meeting.task",
                    "write",
                    [[self.invite.id], {fname: value}],
                    context=BYPASS_KEYS,
                )
        self.assertEqual(self._snapshot(self.invite), before)
        # the status buttons do it, over RPC too
        _result, error = self._rpc(
            "t_coordinator", "meeting.task", "action_done", [[self.invite.id]]
        )
        self.assertFalse(error, error)
        self.assertEqual(self.invite.state, "done")
        self.assertTrue(self.invite.date_done)
        # the kanban drag of the owner's task goes through the same status rules
        _result, error = self._rpc(
            "t_coordinator", "meeting.task", "write", [[self.invite.id], {"state": "todo"}]
        )
        self.assertFalse(error, error)
        self.assertRecordValues(self.invite, [{"state": "todo", "date_done": False}])

    def test_create_refuses_flow_fields(self):
        vals = {
            "meeting_id": self.meeting.id,
            "name": "Print badges",
            "user_id": self.user_employee.id,
            "date_deadline": "2030-03-19 01:00:00",
        }
        for extra in (
            {"state": "done"},
            {"state": "in_progress"},
            *({k: v} for k, v in FLOW_VALUES.items()),
        ):
            with self.subTest(extra=extra):
                with self.assertRaises(UserError):
                    self.env["meeting.task"].with_user(self.user_coordinator).with_context(
                        **BYPASS_KEYS
                    ).create({**vals, **extra})
                self.assertRefused(
                    "t_coordinator",
                    "meeting.task",
                    "create",
                    [{**vals, **extra}],
                    context=BYPASS_KEYS,
                )
        self.assertFalse(self.env["meeting.task"].search([("name", "=", "Print badges")]))
        # the initial status is accepted
        result, error = self._rpc(
            "t_coordinator", "meeting.task", "create", [{**vals, "state": "todo"}]
        )
        self.assertFalse(error, error)
        self.assertEqual(self.env["meeting.task"].browse(result).state, "todo")

    def test_owner_cannot_create_tasks(self):
        with self.assertRaises(AccessError):
            self.env["meeting.task"].with_user(self.user_admin_head).create(
                {
                    "meeting_id": self.meeting.id,
                    "name": "Mine",
                    "user_id": self.user_admin_head.id,
                    "date_deadline": "2030-03-19 01:00:00",
                }
            )


@tagged("post_install", "-at_install")
class TestTaskPlanFit(RpcMixin, HttpCase, MeetingTaskCommon):
    """A plan generated less time ahead than its templates' offsets is compressed into the
    time left; a plan generated well ahead keeps its offsets."""

    def _deadlines(self, meeting):
        return {t.template_id.name: t.date_deadline for t in meeting.task_ids}

    def _check_feasible(self, meeting, not_before):
        for task in meeting.task_ids:
            self.assertGreaterEqual(task.date_deadline, not_before, task.name)
            for prerequisite in task.depend_on_ids:
                self.assertGreaterEqual(task.date_deadline, prerequisite.date_deadline, task.name)

    def _executor_told(self, meeting):
        activities = meeting.activity_ids.filtered(
            lambda a: a.user_id == self.user_coordinator and "compress" in (a.summary or "").lower()
        )
        notes = meeting.message_ids.filtered(lambda m: "compress" in (m.body or "").lower())
        return activities, notes

    @freeze_time("2030-03-14 01:00:00")
    def test_approved_six_days_ahead(self):
        """Templates reach 10 days back; approved 6 days ahead: nothing is due in the past."""
        now = fields.Datetime.now()
        self.meeting._on_approved()
        deadlines = self._deadlines(self.meeting)
        self._check_feasible(self.meeting, now + timedelta(hours=2))
        # the original order of the before-meeting deadlines is kept
        order = ["Send invitations", "Venue layout", "Confirm guests", "Seating"]
        self.assertEqual(sorted(order, key=lambda n: deadlines[n]), order)
        self.assertEqual(deadlines["Send invitations"], datetime(2030, 3, 14, 3, 0))
        self.assertLessEqual(deadlines["Seating"], self.meeting.date_start)
        # after the start, the offsets stay as they are
        self.assertEqual(deadlines["Collect badges"], datetime(2030, 3, 20, 3, 0))
        self.assertTrue(all(d.minute == 0 and d.second == 0 for d in deadlines.values()))
        activities, notes = self._executor_told(self.meeting)
        self.assertEqual(len(activities), 1)
        self.assertTrue(notes)
        self.assertIn("2030", notes[0].body)
        # the next alert runs send no overdue alert and mark nothing delayed
        Task = self.env["meeting.task"]
        overdue_type = self.env.ref("meeting_management.mail_act_meeting_task_overdue")
        Mail = self.env["mail.mail"]
        mail_domain = [("model", "=", "meeting.meeting"), ("res_id", "=", self.meeting.id)]
        mails_before = Mail.search(mail_domain)
        for hours in (0, 1):
            with freeze_time(now + timedelta(hours=hours)):
                Task._cron_send_alerts()
        self.assertFalse(
            self.meeting.task_ids.activity_ids.filtered(
                lambda a: a.activity_type_id == overdue_type
            )
        )
        self.assertFalse(self.meeting.task_ids.filtered("overdue_alert_sent_at"))
        self.assertFalse(self.meeting.task_ids.filtered("milestone_deadline_alert_sent_at"))
        self.assertNotIn("delayed", self.meeting.task_ids.mapped("state"))
        self.assertEqual(Mail.search(mail_domain), mails_before, "no alert mail")

    @freeze_time("2030-03-19 23:20:00")
    def test_approved_hours_before_the_start(self):
        """Less than a day left: every deadline at now + lead (rounded up to the hour) or later,
        never after the start for before-meeting tasks unless the lead does not fit."""
        self.meeting._on_approved()
        deadlines = self._deadlines(self.meeting)
        self._check_feasible(self.meeting, datetime(2030, 3, 20, 2, 0))
        self.assertEqual(deadlines["Send invitations"], datetime(2030, 3, 20, 2, 0))

    @freeze_time("2030-03-01 01:00:00")
    def test_approved_well_ahead_keeps_offsets(self):
        self.meeting._on_approved()
        self.assertEqual(
            self._deadlines(self.meeting),
            {
                "Send invitations": datetime(2030, 3, 10, 1, 0),
                "Venue layout": datetime(2030, 3, 15, 1, 0),
                "Confirm guests": datetime(2030, 3, 18, 1, 0),
                "Seating": datetime(2030, 3, 19, 1, 0),
                "Collect badges": datetime(2030, 3, 20, 3, 0),
            },
        )
        activities, notes = self._executor_told(self.meeting)
        self.assertFalse(activities)
        self.assertFalse(notes)

    def test_generate_over_rpc_six_days_ahead(self):
        """The coordinator generates the plan of a meeting starting in 6 days, over RPC."""
        now = fields.Datetime.now().replace(microsecond=0)
        start = (now + timedelta(days=6)).replace(minute=0, second=0)
        meeting = self.env["meeting.meeting"].create(
            {
                "name": "Late Summit",
                "type_id": self.meeting_type.id,
                "date_start": start,
                "date_end": start + timedelta(hours=8),
                "initiator_id": self.user_director.id,
                "executor_id": self.user_coordinator.id,
                "state": "approved",
            }
        )
        _result, error = self._rpc(
            "t_coordinator",
            "meeting.meeting",
            "action_generate_tasks",
            [[meeting.id]],
            context=BYPASS_KEYS,
        )
        self.assertFalse(error, error)
        self.assertEqual(len(meeting.task_ids), 5)
        self._check_feasible(meeting, now + timedelta(hours=2))
        activities, notes = self._executor_told(meeting)
        self.assertTrue(activities)
        self.assertTrue(notes)
        self.env["meeting.task"]._cron_send_alerts()
        self.assertFalse(meeting.task_ids.filtered("overdue_alert_sent_at"))
        self.assertNotIn("delayed", meeting.task_ids.mapped("state"))
