"""Issue #19, part 3: approvers see the whole picture.

The manager reads the resource reviewers' decisions, the reviewer what to judge, the
initiator the steps to come; a new step reaches its reviewer's inbox in their language and
time zone; times read as local times; a meeting that starts before its review would end is
offered the green channel; escalations are logged in their readers' language.
"""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, tagged

from ..models.meeting_approval import format_due
from .common import MeetingRpcMixin, RpcError
from .common_approval import NOW, MeetingApprovalCommon


class ApprovalContextCommon(MeetingApprovalCommon):
    @classmethod
    def _reviewed_meeting(cls, **overrides):
        """A meeting whose resource review is done (with comments): at the manager's step."""
        meeting = cls._create_meeting(
            need_projector=True,
            expected_internal_count=20,
            expected_external_count=30,
            **overrides,
        )
        meeting.with_user(cls.user_director).action_submit()
        for user, comment in (
            (cls.user_admin_head, "Hall and lunch booked"),
            (cls.user_it_head, "Projector reserved"),
        ):
            step = meeting.approval_ids.filtered(lambda a, u=user: a.reviewer_id == u)
            step.with_user(user).write({"comment": comment})
            cls._approve_step(step)
        return meeting.with_env(cls.env)

    @classmethod
    def _activate_chinese(cls):
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["meeting_management"], ["zh_CN"], overwrite=True
        )


@tagged("post_install", "-at_install")
class TestApprovalContext(ApprovalContextCommon):
    # ------------------------------------------------------------------
    # 1. The manager sees the reviewers' decisions; strangers see nothing
    # ------------------------------------------------------------------
    def test_manager_reads_every_step_of_the_meeting(self):
        meeting = self._reviewed_meeting()
        self.assertEqual(meeting.state, "manager_approval")
        as_gm = meeting.with_user(self.user_gm)
        rows = as_gm.approval_ids.read(["step_type", "reviewer_id", "state", "comment"])
        self.assertEqual(len(rows), 3)
        comments = {row["reviewer_id"][0]: row["comment"] for row in rows}
        self.assertEqual(comments[self.user_admin_head.id], "Hall and lunch booked")
        self.assertEqual(comments[self.user_it_head.id], "Projector reserved")
        # a resource reviewer reads the manager's step too
        self.assertEqual(len(meeting.with_user(self.user_it_head).approval_ids), 3)
        # the coordinator (executor) as well
        self.assertEqual(len(meeting.with_user(self.user_coordinator).approval_ids), 3)

    def test_steps_of_other_meetings_stay_hidden(self):
        meeting = self._reviewed_meeting()
        other = self._create_meeting(name="Other Summit", venue="Elsewhere")
        other.with_user(self.user_director).action_submit()
        Approval = self.env["meeting.approval"]
        # the general manager has no step on the other meeting (still in resource review)
        self.assertFalse(Approval.with_user(self.user_gm).search([("meeting_id", "=", other.id)]))
        with self.assertRaises(AccessError):
            other.approval_ids[:1].with_user(self.user_gm).read(["comment"])
        # a stranger reads no step at all
        stranger = Approval.with_user(self.user_employee)
        self.assertFalse(stranger.search([("meeting_id", "in", (meeting | other).ids)]))
        with self.assertRaises(AccessError):
            meeting.approval_ids[:1].with_user(self.user_employee).read(["comment"])

    def test_reading_is_not_writing(self):
        """The wider read rule gives no write: the manager cannot touch a reviewer's step."""
        meeting = self._reviewed_meeting()
        admin_step = meeting.approval_ids.filtered(lambda a: a.reviewer_id == self.user_admin_head)
        with self.assertRaises(AccessError):
            admin_step.with_user(self.user_gm).write({"sequence": 3})
        with self.assertRaises(UserError):
            admin_step.with_user(self.user_gm).write({"comment": "changed"})
        self.assertEqual(admin_step.comment, "Hall and lunch booked")

    # ------------------------------------------------------------------
    # 1b. The resource reviewer sees what to judge
    # ------------------------------------------------------------------
    def test_reviewer_sees_what_to_judge(self):
        blocker = self._create_meeting(name="Board Meeting")
        blocker.with_user(self.user_director).action_submit()
        meeting = self._create_meeting(
            need_projector=True,
            need_interpretation=True,
            equipment_notes="Two wireless microphones",
            expected_internal_count=20,
            expected_external_count=30,
            attendee_ids=[
                (0, 0, {"name": "Guest Veg", "dietary_need": "vegetarian"}),
                (0, 0, {"name": "Guest Plain"}),
            ],
        )
        meeting.with_user(self.user_director).action_submit()
        step = self._step(meeting, self.user_it_head).with_user(self.user_it_head)
        self.assertRecordValues(
            step,
            [
                {
                    "need_projector": True,
                    "need_interpretation": True,
                    "need_video_conference": False,
                    "equipment_notes": "Two wireless microphones",
                    "expected_internal_count": 20,
                    "expected_external_count": 30,
                    "attendee_count": 2,
                    "catering_budget": 400.0,
                    "dietary_count": 1,
                    "meeting_venue": "Conference Center",
                }
            ],
        )
        self.assertGreaterEqual(step.conflict_count, 1)
        self.assertIn("Board Meeting", step.conflict_html)

    # ------------------------------------------------------------------
    # 2. The initiator sees the steps to come
    # ------------------------------------------------------------------
    def test_initiator_sees_steps_to_come(self):
        with freeze_time(NOW):
            meeting = self._create_meeting()
            draft = meeting.with_user(self.user_director)
            # before submission: the route a submission would open, with its time limits
            self.assertEqual(draft.review_end_estimate, NOW + timedelta(hours=12 + 24))
            self.assertIn("Administration Head", draft.approval_outlook_html)
            self.assertIn("General Manager", draft.approval_outlook_html)
            draft.action_submit()
            meeting.invalidate_recordset()
            outlook = meeting.with_user(self.user_director).approval_outlook_html
        self.assertIn("IT Head", outlook)
        self.assertIn("Waiting for a decision", outlook)
        self.assertIn("To come", outlook)
        self.assertIn("General Manager", outlook)
        # the manager's step: at the latest the resource deadline + 24 h, in the user's tz
        # (Asia/Shanghai, UTC+8)
        manager_end = NOW + timedelta(hours=12 + 24)
        self.assertEqual(meeting.with_user(self.user_director).review_end_estimate, manager_end)
        self.assertIn((manager_end + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M"), outlook)
        # once the plan is approved there is nothing left to come
        self._approve_all_resource(meeting)
        meeting.with_user(self.user_gm).action_approve()
        self.assertFalse(meeting.with_user(self.user_director).approval_outlook_html)

    def test_attendees_do_not_see_the_approval(self):
        """An attendee reads the meeting, not its approval (steps nor the steps to come)."""
        meeting = self._create_meeting(
            attendee_ids=[(0, 0, {"name": "Employee", "user_id": self.user_employee.id})]
        )
        meeting.with_user(self.user_director).action_submit()
        meeting.invalidate_recordset()
        as_attendee = meeting.with_user(self.user_employee)
        self.assertEqual(as_attendee.name, "Dealer Summit")
        self.assertFalse(
            self.env["meeting.approval"]
            .with_user(self.user_employee)
            .search([("meeting_id", "=", meeting.id)])
        )
        self.assertFalse(as_attendee.approval_outlook_html)
        self.assertTrue(meeting.with_user(self.user_coordinator).approval_outlook_html)

    # ------------------------------------------------------------------
    # 3. Inbox notification and activity, in the reviewer's language and time zone
    # ------------------------------------------------------------------
    def _notifications(self, step, user):
        return self.env["mail.message"].search(
            [
                ("model", "=", "meeting.approval"),
                ("res_id", "=", step.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )

    def test_new_step_notifies_the_reviewer_inbox(self):
        self.user_it_head.notification_type = "inbox"
        with freeze_time(NOW):
            meeting = self._create_meeting()
            meeting.with_user(self.user_director).action_submit()
        step = self._step(meeting, self.user_it_head)
        message = self._notifications(step, self.user_it_head)
        self.assertEqual(len(message), 1, "one notice, not the activity e-mail on top")
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.user_it_head.partner_id
        )
        self.assertEqual(notification.notification_type, "inbox")
        self.assertFalse(notification.is_read)
        # the deadline in the reviewer's time zone (Asia/Shanghai): NOW + 12 h + 8 h
        local_deadline = (NOW + timedelta(hours=20)).strftime("%Y-%m-%d %H:%M")
        self.assertIn(local_deadline, message.body)
        self.assertIn("Resource Review", message.body)
        self.assertIn("Due", message.body)
        # the activity: dated on the deadline's day there, saying the hour
        activity = step.activity_ids
        self.assertEqual(activity.user_id, self.user_it_head)
        self.assertEqual(activity.date_deadline, (NOW + timedelta(hours=20)).date())
        self.assertIn(local_deadline, activity.summary)
        # the manager's step notifies the manager when it opens
        self.user_gm.notification_type = "inbox"
        self._approve_all_resource(meeting)
        manager_step = self._step(meeting, self.user_gm)
        self.assertEqual(len(self._notifications(manager_step, self.user_gm)), 1)

    def test_new_step_notice_in_the_reviewer_language(self):
        self._activate_chinese()
        self.user_it_head.lang = "zh_CN"
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        it_step = self._step(meeting, self.user_it_head)
        admin_step = self._step(meeting, self.user_admin_head)
        chinese = self._notifications(it_step, self.user_it_head)
        english = self._notifications(admin_step, self.user_admin_head)
        self.assertIn("资源初审", chinese.body)
        self.assertNotIn("Resource Review", chinese.body)
        self.assertIn("Resource Review", english.body)
        self.assertNotIn("资源初审", english.body)

    # ------------------------------------------------------------------
    # 4. Times right and local
    # ------------------------------------------------------------------
    def test_due_text_in_local_time(self):
        env = self.env(context=dict(self.env.context, lang="en_US"))
        now = NOW  # 09:00 in Shanghai
        tz = "Asia/Shanghai"
        # 22:37 UTC is 06:37 the next morning in Shanghai
        self.assertEqual(
            format_due(env, now.replace(hour=22, minute=37), tz, now), "Due tomorrow 06:37"
        )
        self.assertEqual(format_due(env, now + timedelta(hours=3), tz, now), "Due today 12:00")
        self.assertEqual(
            format_due(env, now - timedelta(hours=2, minutes=10), tz, now),
            "Overdue by 2 h 10 min",
        )
        self.assertEqual(
            format_due(env, now - timedelta(days=3, hours=4), tz, now), "Overdue by 3 d 4 h"
        )
        far = format_due(env, now + timedelta(days=5), tz, now)
        self.assertTrue(far.startswith("Due 05/11/2030"), far)
        # read in New York (still the evening before), a deadline two hours away is today's
        self.assertEqual(format_due(env, now + timedelta(hours=2), tz, now), "Due today 11:00")
        self.assertEqual(
            format_due(env, now + timedelta(hours=2), "America/New_York", now), "Due today 23:00"
        )
        # the step's field, for the reviewer in Shanghai
        with freeze_time(NOW):
            meeting = self._create_meeting()
            meeting.with_user(self.user_director).action_submit()
            step = self._step(meeting, self.user_it_head).with_user(self.user_it_head)
            self.assertEqual(step.due_text, "Due today 21:00")

    # ------------------------------------------------------------------
    # 5. The green channel suggested on submission
    # ------------------------------------------------------------------
    def test_green_channel_suggested_when_the_meeting_starts_too_soon(self):
        with freeze_time(NOW):
            meeting = self._create_meeting(
                date_start=NOW + timedelta(hours=20), date_end=NOW + timedelta(hours=24)
            ).with_user(self.user_director)
            self.assertTrue(meeting.suggest_green_channel)
            action = meeting.action_submit()
            self.assertEqual(action["res_model"], "meeting.green.channel.wizard")
            self.assertEqual(meeting.state, "draft")
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.user_director)
                .with_context(**action["context"])
                .create({})
            )
            with self.assertRaises(UserError):
                wizard.action_use_green_channel()
            wizard.urgent_reason = "The customer confirmed yesterday"
            wizard.action_use_green_channel()
        self.assertRecordValues(
            meeting,
            [{"state": "resource_review", "is_urgent": True, "suggest_green_channel": False}],
        )
        for step in meeting.approval_ids:
            self.assertEqual(step.deadline, NOW + timedelta(hours=2))

    def test_green_channel_declined_or_not_needed(self):
        with freeze_time(NOW):
            soon = self._create_meeting(
                date_start=NOW + timedelta(hours=20), date_end=NOW + timedelta(hours=24)
            ).with_user(self.user_director)
            action = soon.action_submit()
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.user_director)
                .with_context(**action["context"])
                .create({})
            )
            wizard.action_submit_anyway()
            self.assertRecordValues(soon, [{"state": "resource_review", "is_urgent": False}])
            later = self._create_meeting(venue="Elsewhere").with_user(self.user_director)
            self.assertFalse(later.suggest_green_channel)
            self.assertIs(later.action_submit(), True)
            # the declining key does not let a stranger submit
            other = self._create_meeting(
                venue="Third",
                date_start=NOW + timedelta(hours=20),
                date_end=NOW + timedelta(hours=24),
            )
            with self.assertRaises(AccessError):
                other.with_user(self.user_employee).with_context(
                    meeting_green_channel_declined=True
                ).action_submit()
            self.assertEqual(other.state, "draft")

    # ------------------------------------------------------------------
    # 4b. Escalation texts in the recipient's language
    # ------------------------------------------------------------------
    def test_escalation_logged_in_the_readers_language(self):
        self._activate_chinese()
        self.user_gm.lang = "zh_CN"  # the admin head's manager: the new reviewer
        with freeze_time(NOW):
            meeting = self._create_meeting()
            meeting.with_user(self.user_director).action_submit()
        step = self._step(meeting, self.user_admin_head)
        self._step(meeting, self.user_it_head).with_user(self.user_it_head).action_approve()
        with freeze_time(NOW + timedelta(hours=12, minutes=1)):
            self.assertEqual(self.env["meeting.approval"]._cron_escalate(), 1)
        self.assertEqual(step.reviewer_id, self.user_gm)
        step_log = step.message_ids.filtered(lambda m: "升级" in (m.body or ""))
        self.assertEqual(len(step_log), 1)
        body = step_log.body
        self.assertIn("资源初审", body)
        self.assertNotIn("Resource Review", body)
        self.assertNotIn("Escalation #", body)
        # the meeting's log reads in its initiator's language (English here)
        meeting_log = meeting.message_ids.filtered(lambda m: "Escalation #1" in m.body)
        self.assertIn("Resource Review", meeting_log.body)
        # the new reviewer's digest names the step in Chinese too
        digest = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.user_gm.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn("资源初审", digest.body_html)


@tagged("post_install", "-at_install")
class TestApprovalContextRpc(HttpCase, MeetingRpcMixin, ApprovalContextCommon):
    def test_read_rule_over_rpc(self):
        meeting = self._reviewed_meeting()
        rows = self.rpc(
            "t_gm",
            "meeting.approval",
            "search_read",
            [[("meeting_id", "=", meeting.id)]],
            {"fields": ["reviewer_id", "comment", "state"]},
        )
        self.assertEqual(len(rows), 3)
        self.assertIn("Hall and lunch booked", [row["comment"] for row in rows])
        rows = self.rpc(
            "t_employee",
            "meeting.approval",
            "search_read",
            [[("meeting_id", "=", meeting.id)]],
            {"fields": ["comment"]},
        )
        self.assertEqual(rows, [])
        with self.assertRaises(RpcError) as refused:
            self.rpc(
                "t_employee",
                "meeting.approval",
                "read",
                [meeting.approval_ids[:1].ids, ["comment"]],
            )
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        # the manager reads but cannot write another reviewer's step
        admin_step = meeting.approval_ids.filtered(lambda a: a.reviewer_id == self.user_admin_head)
        with self.assertRaises(RpcError):
            self.rpc("t_gm", "meeting.approval", "write", [admin_step.ids, {"comment": "x"}])

    def test_form_opens_for_those_outside_the_approval(self):
        """Whoever may read a meeting opens its form: the form reads the steps the user may
        read (none for an attendee, all of them for the manager), never an access error."""
        meeting = self._reviewed_meeting(
            attendee_ids=[(0, 0, {"name": "Employee", "user_id": self.user_employee.id})]
        )
        form = self.env["meeting.meeting"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="visible_approval_ids"', form)
        self.assertNotIn('name="approval_ids"', form)
        spec = {
            "name": {},
            "approval_count": {},
            "visible_approval_ids": {"fields": {"reviewer_id": {}, "comment": {}}},
        }
        (record,) = self.rpc("t_employee", "meeting.meeting", "web_read", [meeting.ids, spec])
        self.assertEqual(record["name"], "Dealer Summit")
        self.assertEqual(record["visible_approval_ids"], [])
        (record,) = self.rpc("t_gm", "meeting.meeting", "web_read", [meeting.ids, spec])
        self.assertIn(
            "Hall and lunch booked", [row["comment"] for row in record["visible_approval_ids"]]
        )
        as_attendee = meeting.with_user(self.user_employee)
        self.assertFalse(as_attendee.visible_approval_ids)
        self.assertEqual(len(meeting.with_user(self.user_gm).visible_approval_ids), 3)

    def test_green_channel_over_rpc(self):
        start = self.env.cr.now().replace(microsecond=0) + timedelta(hours=20)
        meeting = self._create_meeting(date_start=start, date_end=start + timedelta(hours=3))
        action = self.rpc("t_director", "meeting.meeting", "action_submit", [meeting.ids])
        self.assertEqual(action["res_model"], "meeting.green.channel.wizard")
        with self.assertRaises(RpcError):
            self.rpc(
                "t_employee",
                "meeting.meeting",
                "action_submit",
                [meeting.ids],
                {"context": {"meeting_green_channel_declined": True}},
            )
        result = self.rpc(
            "t_director",
            "meeting.meeting",
            "action_submit",
            [meeting.ids],
            {"context": {"meeting_green_channel_declined": True}},
        )
        self.assertIs(result, True)
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "resource_review")


@tagged("post_install", "-at_install")
class TestApprovalContextTours(HttpCase, ApprovalContextCommon):
    def _url(self, action, record):
        return f"/odoo/action-meeting_management.{action}/{record.id}"

    def test_manager_sees_the_reviewers_decisions(self):
        meeting = self._reviewed_meeting()
        self.start_tour(
            self._url("meeting_meeting_action", meeting),
            "meeting_approval_manager_tour",
            login="t_gm",
        )

    def test_reviewer_sees_what_to_judge(self):
        blocker = self._create_meeting(name="Board Meeting")
        blocker.with_user(self.user_director).action_submit()
        meeting = self._create_meeting(need_projector=True, expected_external_count=30)
        meeting.with_user(self.user_director).action_submit()
        step = self._step(meeting, self.user_it_head)
        self.start_tour(
            self._url("meeting_approval_action_to_approve", step),
            "meeting_approval_reviewer_tour",
            login="t_it_head",
        )

    def test_initiator_sees_the_steps_to_come(self):
        meeting = self._create_meeting()
        meeting.with_user(self.user_director).action_submit()
        self._step(meeting, self.user_admin_head).with_user(self.user_admin_head).action_approve()
        self.start_tour(
            self._url("meeting_meeting_action", meeting),
            "meeting_approval_initiator_tour",
            login="t_director",
        )
