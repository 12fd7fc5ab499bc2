from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin
from .common_approval import MeetingApprovalCommon

KIOSK_TAG = "meeting_management.checkin_kiosk"


@tagged("post_install", "-at_install")
class TestFirstScreens(MeetingRpcMixin, HttpCase, MeetingApprovalCommon):
    """Each role lands where its work is; My meetings and its cards; the task cards' status
    buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.summit = cls._create_meeting(name="First Screens Summit", venue="Harbour Hall")
        cls.summit.with_user(cls.user_director).action_submit()
        cls.draft = cls._create_meeting(
            name="First Screens Draft",
            date_start=fields.Datetime.now() + timedelta(days=40),
            date_end=fields.Datetime.now() + timedelta(days=40, hours=4),
            venue="Board Room",
        )
        cls.cancelled = cls._meeting_in_state(
            "cancelled",
            name="First Screens Cancelled",
            date_start=fields.Datetime.now() + timedelta(days=50),
            date_end=fields.Datetime.now() + timedelta(days=50, hours=4),
            venue="Roof Terrace",
        )
        cls.Meeting = cls.env["meeting.meeting"]

    def _home(self, user):
        return self.Meeting.with_user(user).action_open_home()

    def _my_meetings(self, user):
        return self.Meeting.with_user(user).search([("is_my_meeting", "=", True)])

    # ------------------------------------------------------------------
    # Where each role lands
    # ------------------------------------------------------------------
    def test_home_by_role(self):
        my_meetings = self.env.ref("meeting_management.meeting_meeting_action_my")
        to_approve = self.env.ref("meeting_management.meeting_approval_action_to_approve")
        incidents = self.env.ref("meeting_management.meeting_incident_action")
        self.assertEqual(self._home(self.user_director)["id"], my_meetings.id)
        self.assertEqual(self._home(self.user_coordinator)["id"], my_meetings.id)
        self.assertEqual(self._home(self.user_employee)["id"], my_meetings.id)
        self.assertEqual(self._home(self.user_admin_head)["id"], to_approve.id)
        self.assertEqual(self._home(self.user_it_head)["id"], to_approve.id)
        self.assertEqual(self._home(self.user_checkin)["tag"], KIOSK_TAG)
        self.assertEqual(self._home(self.user_handler)["id"], incidents.id)
        # once their steps are decided, the reviewers are back on My meetings
        self._approve_all_resource(self.summit)
        self.assertEqual(self._home(self.user_admin_head)["id"], my_meetings.id)
        # the app's root menu runs the home action
        root = self.env.ref("meeting_management.menu_meeting_root")
        self.assertEqual(root.action, self.env.ref("meeting_management.action_meeting_home"))

    def test_home_over_rpc(self):
        """The web client opens the app through the server action, as each user."""
        home = self.env.ref("meeting_management.action_meeting_home")
        self.authenticate("t_checkin", "t_checkin")
        answer = self.jsonrpc_answer("/web/action/run", {"action_id": home.id})
        self.assertEqual(answer["result"]["tag"], KIOSK_TAG)
        self.authenticate("t_director", "t_director")
        answer = self.jsonrpc_answer("/web/action/run", {"action_id": home.id})
        self.assertEqual(answer["result"]["res_model"], "meeting.meeting")
        self.assertIn("search_default_my_meetings", answer["result"]["context"])
        # the card fields are read as the user, without an access error
        self.env["meeting.attendee"].create(
            {
                "meeting_id": self.summit.id,
                "attendee_type": "internal",
                "employee_id": self.emp_employee.id,
            }
        )
        cards = self.rpc(
            "t_employee",
            "meeting.meeting",
            "search_read",
            [[("is_my_meeting", "=", True)]],
            {"fields": ["name", "approval_progress", "next_deadline", "next_deadline_label"]},
        )
        self.assertEqual(len(cards), 1)
        self.assertEqual(cards[0]["name"], "First Screens Summit")
        self.assertEqual(cards[0]["next_deadline_label"], "Resource Review")

    # ------------------------------------------------------------------
    # My meetings
    # ------------------------------------------------------------------
    def test_my_meetings(self):
        """Meetings I initiate, coordinate, attend or review; nobody else's."""
        mine = self.summit | self.draft | self.cancelled
        self.assertEqual(self._my_meetings(self.user_director) & mine, mine)
        self.assertEqual(self._my_meetings(self.user_coordinator) & mine, mine)
        self.assertEqual(self._my_meetings(self.user_admin_head) & mine, self.summit)
        self.assertFalse(self._my_meetings(self.user_employee) & mine)
        self.env["meeting.attendee"].create(
            {
                "meeting_id": self.draft.id,
                "attendee_type": "internal",
                "employee_id": self.emp_employee.id,
            }
        )
        self.assertEqual(self._my_meetings(self.user_employee) & mine, self.draft)
        self.assertTrue(self.draft.with_user(self.user_employee).is_my_meeting)
        self.assertFalse(self.summit.with_user(self.user_employee).is_my_meeting)
        # the default filters of the app's first screen hide cancelled and rejected meetings
        action = self.env.ref("meeting_management.meeting_meeting_action_my")
        self.assertIn("search_default_current", action.context)
        current = self.Meeting.with_user(self.user_director).search(
            [("is_my_meeting", "=", True), ("state", "not in", ("cancelled", "rejected"))]
        )
        self.assertEqual(current & mine, self.summit | self.draft)
        # not mine: the complement
        others = self.Meeting.with_user(self.user_coordinator).search(
            [("is_my_meeting", "=", False), ("id", "in", mine.ids)]
        )
        self.assertFalse(others)

    def test_kanban_columns_follow_the_workflow(self):
        """Draft, resource review ... cancelled, not alphabetical; no empty column."""
        result = (
            self.Meeting.with_user(self.user_director)
            .with_context(read_group_expand=True)
            .web_read_group(
                [("id", "in", (self.summit | self.draft | self.cancelled).ids)],
                ["state"],
                ["__count"],
            )
        )
        self.assertEqual(
            [group["state"] for group in result["groups"]],
            ["draft", "resource_review", "cancelled"],
        )

    def test_card_progress_and_next_deadline(self):
        summit = self.summit.with_user(self.user_director)
        steps = self.summit.approval_ids.filtered(lambda s: s.state == "pending")
        self.assertEqual(summit.approval_progress, f"0 / {len(steps)}")
        first = steps.sorted("deadline")[:1]
        self.assertEqual(summit.next_deadline, first.deadline)
        self.assertEqual(summit.next_deadline_label, "Resource Review")
        self.assertFalse(summit.next_deadline_overdue)
        self.assertFalse(self.draft.with_user(self.user_director).next_deadline)
        # approved: the next deadline is the first open task of the plan
        self._approve_all_resource(self.summit)
        manager_step = self.summit.approval_ids.filtered(lambda s: s.state == "pending")
        self.assertEqual(summit.next_deadline_label, "Manager Approval")
        self._approve_step(manager_step)
        self.assertEqual(self.summit.state, "approved")
        summit.invalidate_recordset()
        self.assertEqual(summit.approval_progress, "3 / 3")
        open_tasks = self.summit.task_ids.filtered(lambda t: t.state != "done")
        self.assertTrue(open_tasks, "the plan was generated on approval")
        first_task = open_tasks.sorted("date_deadline")[:1]
        self.assertEqual(summit.next_deadline, first_task.date_deadline)
        self.assertEqual(summit.next_deadline_label, first_task.name)
        # the reviewer reads the card of the meeting they reviewed
        self.assertEqual(
            self.summit.with_user(self.user_admin_head).next_deadline, first_task.date_deadline
        )

    def test_held_meeting_leaves_no_overdue_calendar_activity(self):
        """The calendar event's "Meeting" activity of the initiator is done once the meeting
        takes place: nobody keeps an overdue reminder of a meeting already held."""
        meeting = self._meeting_in_state("approved", name="Held Summit")
        calendar_activities = meeting.activity_ids.filtered("calendar_event_id")
        self.assertEqual(calendar_activities.user_id, self.user_director)
        meeting.with_user(self.user_coordinator).action_start()
        self.assertFalse(meeting.activity_ids.filtered("calendar_event_id"))

    def test_kiosk_search_one_chinese_character(self):
        """A surname of one character (赵) finds its attendees, from the ORM and over RPC; one
        Latin letter finds nobody (the kiosk says why)."""
        self.summit.sudo().checkin_staff_ids = self.user_checkin
        zhao = self.env["meeting.attendee"].create(
            {"meeting_id": self.summit.id, "attendee_type": "external", "name": "赵磊"}
        )
        self.env["meeting.attendee"].create(
            {"meeting_id": self.summit.id, "attendee_type": "external", "name": "Zoe Zimmer"}
        )
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        self.assertEqual([r["id"] for r in Attendee.checkin_search(self.summit.id, "赵")], zhao.ids)
        self.assertEqual(Attendee.checkin_search(self.summit.id, "Z"), [])
        found = self.rpc("t_checkin", "meeting.attendee", "checkin_search", [self.summit.id, "赵"])
        self.assertEqual([r["name"] for r in found], ["赵磊"])
        self.assertEqual(
            self.rpc(None, "meeting.attendee", "checkin_search", [self.summit.id, "Z"]), []
        )

    # ------------------------------------------------------------------
    # Tours: the first screen of each role
    # ------------------------------------------------------------------
    def test_tour_initiator_lands_on_my_meetings(self):
        self.assertEqual(len(self.summit.approval_ids), 2)
        self.start_tour("/odoo", "meeting_first_screen_initiator", login="t_director")

    def test_tour_reviewer_lands_on_to_approve(self):
        self.start_tour("/odoo", "meeting_first_screen_reviewer", login="t_admin_head")

    def test_tour_checkin_staff_lands_on_the_kiosk(self):
        self.start_tour("/odoo", "meeting_first_screen_checkin", login="t_checkin")

    def test_tour_handler_lands_on_incidents(self):
        now = fields.Datetime.now().replace(microsecond=0)
        meeting = self._create_meeting(
            name="First Screens Day",
            date_start=now - timedelta(hours=1),
            date_end=now + timedelta(hours=3),
            venue="Main Hall",
        ).with_env(self.env)
        self._force_meeting_state(meeting, "approved")  # the day itself, not its approval
        meeting.with_user(self.user_coordinator).action_start()
        incident_type = self.env["meeting.incident.type"].create(
            {"name": "First Screens Device", "handler_user_id": self.user_handler.id}
        )
        self.env["meeting.incident"].with_user(self.user_coordinator).create(
            {
                "meeting_id": meeting.id,
                "type_id": incident_type.id,
                "name": "Projector down",
                "urgency": "high",
            }
        )
        self.start_tour("/odoo", "meeting_first_screen_handler", login="t_handler")

    def test_tour_review_header(self):
        """The demo meeting under review, as its initiator: few buttons, the rest in the gear."""
        meeting = self.env.ref("meeting_management.demo_meeting_review")
        self.assertEqual(meeting.state, "review")
        self.start_tour(
            f"/odoo/action-meeting_management.meeting_meeting_action/{meeting.id}",
            "meeting_review_header",
            login=meeting.initiator_id.login,
        )

    # ------------------------------------------------------------------
    # Task board: one click on the card
    # ------------------------------------------------------------------
    def test_tour_task_card_status_in_one_click(self):
        self._approve_all_resource(self.summit)
        self._approve_step(self.summit.approval_ids.filtered(lambda s: s.state == "pending"))
        Task = self.env["meeting.task"]
        deadline = fields.Datetime.now() + timedelta(days=3)
        mine, theirs = Task.with_user(self.user_coordinator).create(
            [
                {
                    "meeting_id": self.summit.id,
                    "name": "Board Task Mine",
                    "phase": "before",
                    "user_id": self.user_employee.id,
                    "date_deadline": deadline,
                },
                {
                    "meeting_id": self.summit.id,
                    "name": "Board Task Theirs",
                    "phase": "during",
                    "user_id": self.user_admin_head.id,
                    "date_deadline": deadline,
                },
            ]
        )
        self.start_tour(
            "/odoo/action-meeting_management.meeting_task_action",
            "meeting_task_board_one_click",
            login="t_employee",
        )
        self.assertEqual(mine.state, "done")
        self.assertTrue(mine.date_done)
        self.assertEqual(theirs.state, "todo")
