import base64
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_task import MeetingTaskCommon


@tagged("post_install", "-at_install")
class TestTaskGeneration(MeetingTaskCommon):
    def test_generate_from_templates(self):
        tasks = self._plan()
        self.assertEqual(len(self.meeting.task_ids), 5)
        invite, venue = tasks["Send invitations"], tasks["Venue layout"]
        confirm = tasks["Confirm guests"]
        seating, badges = tasks["Seating"], tasks["Collect badges"]
        self.assertRecordValues(
            invite | venue | confirm | seating | badges,
            [
                {
                    "user_id": self.user_coordinator.id,
                    "lead_user_id": False,
                    "date_deadline": datetime(2030, 3, 10, 1, 0),
                    "state": "todo",
                    "is_milestone": True,
                    "priority": "2",
                    "phase": "before",
                },
                {
                    # department role: the Administration manager, led by the executor
                    "user_id": self.user_admin_head.id,
                    "lead_user_id": self.user_coordinator.id,
                    "date_deadline": datetime(2030, 3, 15, 1, 0),
                    "state": "todo",
                    "is_milestone": False,
                    "priority": "1",
                    "phase": "before",
                },
                {
                    "user_id": self.user_coordinator.id,
                    "lead_user_id": False,
                    "date_deadline": datetime(2030, 3, 18, 1, 0),
                    "state": "waiting",
                    "is_milestone": False,
                    "priority": "1",
                    "phase": "during",
                },
                {
                    "user_id": self.user_director.id,
                    "lead_user_id": self.user_coordinator.id,
                    "date_deadline": datetime(2030, 3, 19, 1, 0),
                    "state": "waiting",
                    "is_milestone": False,
                    "priority": "1",
                    "phase": "during",
                },
                {
                    # a department without manager falls back to the executor
                    "user_id": self.user_coordinator.id,
                    "lead_user_id": False,
                    "date_deadline": datetime(2030, 3, 20, 3, 0),
                    "state": "todo",
                    "is_milestone": False,
                    "priority": "1",
                    "phase": "after",
                },
            ],
        )
        self.assertEqual(confirm.depend_on_ids, invite)
        self.assertEqual(seating.depend_on_ids, confirm | venue)
        self.assertTrue(venue.requires_deliverable)
        self.assertEqual(venue.department_id, self.dep_admin)
        # not-started tasks give their owner an activity, waiting ones not yet
        todo_type = self.env.ref("meeting_management.mail_act_meeting_task_todo")
        self.assertEqual(venue.activity_ids.activity_type_id, todo_type)
        self.assertEqual(venue.activity_ids.user_id, self.user_admin_head)
        self.assertFalse(seating.activity_ids)
        # a second approval (re-approval after a change) keeps the existing plan
        self.meeting._on_approved()
        self.assertEqual(len(self.meeting.task_ids), 5)
        self.assertEqual(self.meeting.task_count, 5)

    def test_shipped_templates(self):
        for xmlid in ("strategy", "project", "client", "launch", "other"):
            meeting_type = self.env.ref(f"meeting_management.meeting_type_{xmlid}")
            templates = meeting_type.task_template_ids
            with self.subTest(type=xmlid):
                self.assertGreaterEqual(len(templates), 7)
                self.assertEqual(set(templates.mapped("phase")), {"before", "during", "after"})
                self.assertTrue(any(templates.mapped("is_milestone")))
                self.assertTrue(templates.depend_on_ids)
        meeting = self.env["meeting.meeting"].create(
            {
                "name": "Client day",
                "type_id": self.type_client.id,
                "date_start": "2030-05-10 01:00:00",
                "date_end": "2030-05-10 09:00:00",
                "initiator_id": self.user_director.id,
                "executor_id": self.user_coordinator.id,
                "state": "approved",
            }
        )
        meeting._on_approved()
        self.assertEqual(len(meeting.task_ids), len(self.type_client.task_template_ids))
        self.assertTrue(meeting.task_ids.filtered(lambda t: t.state == "waiting"))

    def test_generate_button_guards(self):
        draft = self._task_meeting("Draft", state="draft")
        with self.assertRaises(UserError):
            draft.with_user(self.user_coordinator).action_generate_tasks()
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_employee).action_generate_tasks()
        action = self.meeting.with_user(self.user_coordinator).action_generate_tasks()
        self.assertEqual(action["res_model"], "meeting.task")
        self.assertEqual(len(self.meeting.task_ids), 5)
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_coordinator).action_generate_tasks()
        empty_type = self.env["meeting.type"].create({"name": "Empty"})
        other = self._task_meeting("Other")
        other.type_id = empty_type
        with self.assertRaises(UserError):
            other.action_generate_tasks()

    def test_template_cycle_refused(self):
        with self.assertRaises(ValidationError):
            self.tmpl_invite.depend_on_ids = self.tmpl_seating
        with self.assertRaises(ValidationError):
            self.env["meeting.task.template"].create(
                {"type_id": self.meeting_type.id, "name": "X", "owner_role": "department"}
            )


@tagged("post_install", "-at_install")
class TestTaskFlow(MeetingTaskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting._on_approved()
        tasks = {task.template_id.name: task for task in cls.meeting.task_ids}
        cls.invite = tasks["Send invitations"]
        cls.venue = tasks["Venue layout"]
        cls.confirm = tasks["Confirm guests"]
        cls.seating = tasks["Seating"]
        cls.badges = tasks["Collect badges"]

    def _attach(self, task, user):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "floor_plan.pdf",
                    "datas": base64.b64encode(b"plan"),
                    "res_model": "meeting.task",
                    "res_id": task.id,
                }
            )
        )

    @freeze_time("2030-03-01 08:00:00")
    def test_dependencies_unblock(self):
        todo_type = self.env.ref("meeting_management.mail_act_meeting_task_todo")
        coordinator = self.user_coordinator
        self.invite.with_user(coordinator).action_start()
        self.assertEqual(self.invite.state, "in_progress")
        self.invite.with_user(coordinator).action_done()
        self.assertRecordValues(
            self.invite, [{"state": "done", "date_done": datetime(2030, 3, 1, 8, 0)}]
        )
        self.assertFalse(self.invite.activity_ids, "the owner's to-do is marked done")
        # confirm is unblocked and its owner told; seating still waits for the venue
        self.assertEqual(self.confirm.state, "todo")
        self.assertIn(todo_type, self.confirm.activity_ids.activity_type_id)
        self.assertEqual(self.seating.state, "waiting")
        self.confirm.with_user(coordinator).action_done()
        self.assertEqual(self.seating.state, "waiting")
        self.venue.deliverable_ids = self._attach(self.venue, self.user_admin_head)
        self.venue.with_user(self.user_admin_head).action_done()
        self.assertEqual(self.seating.state, "todo")
        self.assertEqual(self.seating.activity_ids.user_id, self.user_director)
        # reopening a prerequisite sends the dependent back to waiting
        self.venue.with_user(self.user_admin_head).action_reset()
        self.assertRecordValues(self.venue, [{"state": "todo", "date_done": False}])
        self.assertEqual(self.seating.state, "waiting")

    def test_cannot_complete_before_prerequisites(self):
        with self.assertRaisesRegex(UserError, "cannot be completed before"):
            self.seating.with_user(self.user_director).action_done()
        with self.assertRaisesRegex(UserError, "waiting for"):
            self.seating.with_user(self.user_director).action_start()
        # a kanban drag goes through the same rules
        with self.assertRaises(UserError):
            self.seating.with_user(self.user_director).write({"state": "done"})
        self.assertEqual(self.seating.state, "waiting")

    def test_deliverable_required(self):
        venue = self.venue.with_user(self.user_admin_head)
        with self.assertRaisesRegex(UserError, "Floor plan"):
            venue.action_done()
        # attached in the chatter is enough
        self._attach(self.venue, self.user_admin_head)
        venue.action_done()
        self.assertEqual(self.venue.state, "done")

    def test_cycle_refused(self):
        with self.assertRaisesRegex(ValidationError, "circle"):
            self.invite.depend_on_ids = self.seating
        other = self._task_meeting("Other")
        other_task = self.env["meeting.task"].create(
            {
                "meeting_id": other.id,
                "name": "Elsewhere",
                "user_id": self.user_coordinator.id,
                "date_deadline": "2030-03-10 01:00:00",
            }
        )
        with self.assertRaises(ValidationError):
            self.badges.depend_on_ids = other_task

    def test_delay_and_duration(self):
        with freeze_time("2030-03-10 03:00:00"):
            self.env["meeting.task"]._cron_mark_delayed()
            self.assertEqual(self.invite.state, "delayed")
            self.assertEqual(self.invite.delay_display, "Delayed 2 h")
            self.assertEqual(self.meeting.task_late_count, 1)
            # a delayed task that is started stays visibly late
            self.invite.with_user(self.user_coordinator).action_start()
            self.assertEqual(self.invite.state, "delayed")
            # running again changes nothing and logs nothing more
            messages = len(self.invite.message_ids)
            self.env["meeting.task"]._cron_mark_delayed()
            self.assertEqual(len(self.invite.message_ids), messages)
            # the delay cannot be set by hand on a task that is not late
            with self.assertRaises(UserError):
                self.venue.with_user(self.user_coordinator).write({"state": "delayed"})
        with freeze_time("2030-03-10 03:30:00"):
            self.invite.with_user(self.user_coordinator).action_done()
        with freeze_time("2030-03-12 00:00:00"):
            self.invite.invalidate_recordset(["delay_display", "delay_hours"])
            self.assertRecordValues(
                self.invite,
                [{"state": "done", "is_done_late": True, "delay_display": "Delayed 2 h 30 min"}],
            )
            self.assertEqual(self.meeting.task_done_count, 1)
            self.assertEqual(self.meeting.task_ontime_rate, 0.0)
        self.assertEqual(self.invite._format_delay(50), "Delayed 2 d 2 h")
        self.assertEqual(self.invite._format_delay(0.25), "Delayed 15 min")


@tagged("post_install", "-at_install")
class TestTaskAccess(MeetingTaskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting._on_approved()
        tasks = {task.template_id.name: task for task in cls.meeting.task_ids}
        cls.invite = tasks["Send invitations"]
        cls.venue = tasks["Venue layout"]

    def test_owner_updates_own_task_only(self):
        venue = self.venue.with_user(self.user_admin_head)
        self.assertTrue(venue.can_update_state)
        self.assertFalse(venue.can_manage)
        venue.action_start()
        venue.write({"notes": "Supplier confirmed"})
        self.assertEqual(self.venue.state, "in_progress")
        # kanban drag of the own task back to Not Started
        venue.write({"state": "todo"})
        self.assertEqual(self.venue.state, "todo")
        # but not the plan itself
        with self.assertRaises(AccessError):
            venue.write({"date_deadline": "2030-03-30 01:00:00"})
        with self.assertRaises(AccessError):
            venue.write({"user_id": self.user_it_head.id})
        # nor other people's tasks
        invite = self.invite.with_user(self.user_admin_head)
        self.assertFalse(invite.can_update_state)
        with self.assertRaises(AccessError):
            invite.action_start()
        with self.assertRaises(AccessError):
            invite.write({"state": "in_progress"})
        with self.assertRaises(AccessError):
            self.invite.with_user(self.user_employee).write({"notes": "hi"})
        # issue 8: employees only read the tasks of the meetings they are involved in
        with self.assertRaises(AccessError):
            self.invite.with_user(self.user_employee).read(["name"])

    def test_executor_manages_all_tasks(self):
        coordinator = self.user_coordinator
        venue = self.venue.with_user(coordinator)
        self.assertTrue(venue.can_manage)
        venue.write({"name": "Venue layout and signage", "date_deadline": "2030-03-16 01:00:00"})
        venue.action_start()
        self.assertEqual(self.venue.state, "in_progress")
        with Form(self.env["meeting.task"].with_user(coordinator)) as form:
            form.meeting_id = self.meeting
            form.name = "Print badges"
            form.user_id = self.user_employee
            form.date_deadline = datetime(2030, 3, 19, 1, 0)
        task = form.save()
        self.assertEqual(task.department_id, self.dep_product)
        task.with_user(coordinator).unlink()
        # the initiator is not the executor: no new tasks nor deletions
        with self.assertRaises(AccessError):
            self.env["meeting.task"].with_user(self.user_director).create(
                {
                    "meeting_id": self.meeting.id,
                    "name": "Sneaky",
                    "user_id": self.user_director.id,
                    "date_deadline": "2030-03-19 01:00:00",
                }
            )
        with self.assertRaises(AccessError):
            self.invite.with_user(self.user_director).unlink()
        # administrators manage every task
        self.invite.with_user(self.user_meeting_admin).write({"priority": "0"})
        self.assertEqual(self.invite.priority, "0")

    def test_reassign_moves_activities(self):
        self.assertEqual(self.venue.activity_ids.user_id, self.user_admin_head)
        self.venue.with_user(self.user_coordinator).user_id = self.user_it_head
        self.assertEqual(self.venue.activity_ids.user_id, self.user_it_head)
        self.assertEqual(self.venue.department_id, self.dep_it)


@tagged("post_install", "-at_install")
class TestTaskBoard(MeetingTaskCommon):
    def test_board_shows_the_phases_in_their_order(self):
        """前期准备 / 中期执行 / 后期收尾, in that order, even while a phase is empty."""
        # the kanban view asks for the empty columns too (read_group_expand)
        result = (
            self.env["meeting.task"]
            .with_user(self.user_coordinator)
            .with_context(read_group_expand=True)
            .web_read_group([("meeting_id", "=", self.meeting.id)], ["phase"], ["__count"])
        )
        phases = [group["phase"] for group in result["groups"]]
        self.assertEqual(phases, ["before", "during", "after"])
