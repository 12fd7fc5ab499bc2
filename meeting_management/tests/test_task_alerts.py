import io

import openpyxl
from freezegun import freeze_time

from odoo import Command, sql_db
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin
from .common_task import MeetingTaskCommon


@tagged("post_install", "-at_install")
class TestTaskAlerts(MeetingTaskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting._on_approved()
        tasks = {task.template_id.name: task for task in cls.meeting.task_ids}
        cls.invite = tasks["Send invitations"]  # milestone, deadline 2030-03-10 01:00
        cls.venue = tasks["Venue layout"]
        cls.Task = cls.env["meeting.task"]
        cls.type_overdue = cls.env.ref("meeting_management.mail_act_meeting_task_overdue")
        cls.type_milestone = cls.env.ref("meeting_management.mail_act_meeting_task_milestone")

    def _mails(self, meeting=None):
        return self.env["mail.mail"].search(
            [("model", "=", "meeting.meeting"), ("res_id", "=", (meeting or self.meeting).id)]
        )

    def _activities(self, task, activity_type):
        return task.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_milestone_double_warning_and_overdue(self):
        # 25 h before the deadline: nothing yet
        with freeze_time("2030-03-09 00:00:00"):
            self.Task._cron_send_alerts()
            self.assertFalse(self._activities(self.invite, self.type_milestone))
            self.assertFalse(self.invite.milestone_warning_sent_at)
        # 23 h before: the owner is warned, once; the warning is the owner's one activity on
        # the task (their to-do becomes the warning)
        with freeze_time("2030-03-09 02:00:00"):
            self.Task._cron_send_alerts()
            warning = self._activities(self.invite, self.type_milestone)
            self.assertEqual(warning.user_id, self.user_coordinator)
            self.assertEqual(self.invite.activity_ids, warning)
            self.assertEqual(warning.summary, "Milestone due within 24 h")
            self.assertTrue(self.invite.milestone_warning_sent_at)
            self.assertFalse(self._mails())
            self.Task._cron_send_alerts()
            self.assertEqual(self._activities(self.invite, self.type_milestone), warning)
            # not a milestone: no warning
            self.assertFalse(self._activities(self.venue, self.type_milestone))
        # at the deadline, not done: executor and initiator, once; the executor owns the task,
        # so the same activity now says the milestone was missed
        with freeze_time("2030-03-10 02:00:00"):
            self.Task._cron_send_alerts()
            self.assertEqual(self.invite.state, "delayed")
            mails = self._mails()
            self.assertEqual(len(mails), 1)
            self.assertEqual(
                mails.recipient_ids,
                (self.user_director | self.user_coordinator).partner_id,
            )
            self.assertIn("Send invitations", str(mails.body_html))
            self.assertEqual(self.invite.activity_ids, warning)
            self.assertEqual(warning.summary, "Milestone missed its deadline")
            self.assertTrue(self.invite.milestone_deadline_alert_sent_at)
            self.Task._cron_send_alerts()
            self.assertEqual(len(self._mails()), 1)
            self.assertFalse(self._activities(self.invite, self.type_overdue))
        # overdue by more than 24 h: the owner is alerted, the initiator copied, once; still one
        # activity on the task
        with freeze_time("2030-03-11 02:00:00"):
            self.Task._cron_send_alerts()
            overdue = self._activities(self.invite, self.type_overdue)
            self.assertEqual(overdue.user_id, self.user_coordinator)
            self.assertEqual(self.invite.activity_ids, overdue)
            self.assertEqual(overdue, warning)
            self.assertEqual(overdue.summary, "Overdue by more than 24 h")
            mails = self._mails() - mails
            self.assertEqual(len(mails), 1)
            self.assertEqual(mails.recipient_ids, self.user_director.partner_id)
            self.assertIn("Delayed 1 d 1 h", str(mails.body_html))
            self.Task._cron_send_alerts()
            self.assertEqual(self._activities(self.invite, self.type_overdue), overdue)
            self.assertEqual(len(self._mails()), 2)
        # completing the task closes its alert activities
        self.invite.with_user(self.user_coordinator).action_done()
        self.assertFalse(self.invite.activity_ids)

    def test_one_activity_per_overdue_task(self):
        """An overdue task carries one activity per person, whatever the number of cron runs:
        the owner's to-do becomes the overdue alert; the executor told of a missed milestone
        they do not own has their own one."""
        venue = self.venue  # owned by the Administration head, not a milestone
        self.assertEqual(len(venue.activity_ids), 1, "the owner's to-do")
        todo = venue.activity_ids
        for moment in ("2030-03-16 02:00:00", "2030-03-17 02:00:00", "2030-03-18 02:00:00"):
            with freeze_time(moment):
                self.Task._cron_send_alerts()
                self.Task._cron_send_alerts()
        self.assertEqual(venue.activity_ids, todo)
        self.assertRecordValues(
            todo,
            [
                {
                    "activity_type_id": self.type_overdue.id,
                    "user_id": self.user_admin_head.id,
                    "summary": "Overdue by more than 24 h",
                }
            ],
        )
        for task in self.meeting.task_ids:
            self.assertEqual(
                len(task.activity_ids), len(task.activity_ids.user_id), f"{task.name}: one each"
            )

    def test_alert_texts_in_the_recipient_language(self):
        """Cron texts reach each person in their own language (here a zh_CN owner and an
        English executor), whatever the language the cron runs in."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_admin_head.lang = "zh_CN"
        # the executor is told of a milestone they do not own: make the venue task one
        self.venue.sudo().is_milestone = True
        with freeze_time("2030-03-16 02:00:00"):
            self.Task.with_context(lang="en_US")._cron_send_alerts()
        owner_activity = self.venue.activity_ids.filtered(
            lambda a: a.user_id == self.user_admin_head
        )
        executor_activity = self.venue.activity_ids.filtered(
            lambda a: a.user_id == self.user_coordinator
        )
        overdue_zh = self.Task.with_context(lang="zh_CN").env._(
            "Overdue by more than %(hours)s h", hours=24
        )
        self.assertEqual(owner_activity.summary, overdue_zh)
        self.assertEqual(executor_activity.summary, "Milestone missed its deadline")
        # the chatter notes of the task are in its owner's language too
        delayed_zh = self.Task.with_context(lang="zh_CN").env._(
            "The deadline has passed: the task is now delayed."
        )
        self.assertIn(delayed_zh, " ".join(str(m.body) for m in self.venue.message_ids))
        if "逾期" in overdue_zh:  # the shipped zh_CN.po is loaded: the texts read as Chinese
            self.assertNotIn("Overdue", owner_activity.summary)

    def test_done_or_cancelled_never_alerted(self):
        self.invite.with_user(self.user_coordinator).action_done()
        cancelled = self._task_meeting("Cancelled")
        cancelled._on_approved()
        cancelled.state = "cancelled"
        with freeze_time("2030-03-15 00:00:00"):
            self.Task._cron_send_alerts()
        self.assertFalse(self.invite.overdue_alert_sent_at)
        self.assertFalse(self.invite.milestone_deadline_alert_sent_at)
        self.assertFalse(self._mails(cancelled))
        self.assertEqual(set(cancelled.task_ids.mapped("state")), {"todo", "waiting"})

    def test_stamped_task_is_skipped(self):
        """A task claimed by another worker (stamp set) is not alerted again."""
        self.invite.sudo().overdue_alert_sent_at = "2030-03-11 01:00:00"
        with freeze_time("2030-03-11 02:00:00"):
            self.Task._cron_send_alerts()
        self.assertFalse(self._activities(self.invite, self.type_overdue))

    def test_alert_queries_do_not_grow_per_task(self):
        def overdue_tasks(meeting, count):
            self.Task.create(
                [
                    {
                        "meeting_id": meeting.id,
                        "name": f"Task {i}",
                        "user_id": (self.user_admin_head, self.user_it_head)[i % 2].id,
                        "date_deadline": "2030-01-01 01:00:00",
                        "is_milestone": True,
                    }
                    for i in range(count)
                ]
            )

        with freeze_time("2030-01-03 00:00:00"):
            self.Task._cron_send_alerts()  # warm-up: the demo data and caches
            queries = []
            for count in (5, 40):
                overdue_tasks(self._task_meeting(f"Bulk {count}"), count)
                self.env.flush_all()
                self.env.invalidate_all()
                before = sql_db.sql_counter
                self.Task._cron_send_alerts()
                self.env.flush_all()
                queries.append(sql_db.sql_counter - before)
        self.assertLessEqual(queries[1], queries[0] + 2, f"queries per run: {queries}")

    def _new_users(self, prefix, count):
        return self.env["res.users"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "login": f"{prefix.lower()}_{index}",
                    "email": f"{prefix.lower()}_{index}@example.com",
                    "group_ids": [Command.set(self.env.ref("base.group_user").ids)],
                }
                for index in range(count)
            ]
        )

    def test_alerts_to_distinct_people_subscribe_them_in_bulk(self):
        """A batch alerting N distinct people costs the same queries for 5 and for 30 of them,
        and each of them follows their task afterwards with the subtypes Odoo gives."""
        default = self.env["mail.message.subtype"].default_subtypes("meeting.task")[0]
        queries = {}
        with freeze_time("2030-01-03 00:00:00"):
            self.Task._cron_send_alerts()  # warm-up: the demo data and caches
            for count in (2, 5, 30):  # 2: warm-up of this path
                owners = self._new_users(f"Owner{count}", count)
                meeting = self._task_meeting(f"People {count}")
                tasks = self.Task.create(
                    [
                        {
                            "meeting_id": meeting.id,
                            "name": f"Task {owner.name}",
                            "user_id": owner.id,
                            "date_deadline": "2030-01-01 01:00:00",
                        }
                        for owner in owners
                    ]
                )
                tasks.message_unsubscribe(partner_ids=owners.partner_id.ids)
                self.assertFalse(tasks.message_partner_ids & owners.partner_id)
                self.env.flush_all()
                self.env.invalidate_all()
                before = sql_db.sql_counter
                self.Task._cron_send_alerts()
                self.env.flush_all()
                queries[count] = sql_db.sql_counter - before
                for task in tasks:
                    self.assertEqual(
                        self._activities(task, self.type_overdue).user_id, task.user_id
                    )
                    follower = task.message_follower_ids.filtered(
                        lambda f, task=task: f.partner_id == task.user_id.partner_id
                    )
                    self.assertEqual(follower.subtype_ids, default, task.name)
        self.assertEqual(queries[5], queries[30], f"queries per run: {queries}")
        # the pairs subscribed in bulk are forgotten after the batch
        self.assertFalse(self.env.cr.cache.get("meeting_management.followed_in_bulk"))

    def test_subscription_as_odoo_outside_a_batch(self):
        """Outside a cron batch ``message_subscribe`` subscribes as Odoo does, whatever the
        context says: the pairs subscribed in bulk are never read from it."""
        task = self.invite
        partner = self.user_employee.partner_id
        task.message_unsubscribe(partner_ids=partner.ids)
        bulk_like = {
            "meeting_management.followed_in_bulk": [["meeting.task", task.id, partner.id]],
            "followed_in_bulk": True,
            "mail_activity_quick_update": True,
        }
        task.with_context(**bulk_like).message_subscribe(partner_ids=partner.ids)
        follower = task.message_follower_ids.filtered(lambda f: f.partner_id == partner)
        default = self.env["mail.message.subtype"].default_subtypes("meeting.task")[0]
        self.assertEqual(follower.subtype_ids, default)

    def test_weekly_digest(self):
        with freeze_time("2030-03-12 00:00:00"):
            mails = self.Task._cron_send_weekly_digest()
        mine = mails.filtered(lambda m: m.res_id in (self.dep_admin | self.dep_product).ids)
        self.assertEqual(mine.recipient_ids, (self.user_admin_head | self.user_director).partner_id)
        admin_mail = mine.filtered(lambda m: m.res_id == self.dep_admin.id)
        body = str(admin_mail.body_html)
        self.assertIn(self.meeting.display_name, body)
        self.assertNotIn("Late tasks", body)
        product_mail = mine.filtered(lambda m: m.res_id == self.dep_product.id)
        # the coordinator's milestone is late: listed for the product department
        self.assertIn("Late tasks", str(product_mail.body_html))
        self.assertIn("Send invitations", str(product_mail.body_html))


@tagged("post_install", "-at_install")
class TestTaskTrackingTable(MeetingTaskCommon):
    def test_pdf_and_excel(self):
        self.meeting._on_approved()
        invite = self.meeting.task_ids.filtered(lambda t: t.name == "Send invitations")
        with freeze_time("2030-03-10 03:00:00"):
            invite.with_user(self.user_coordinator).action_done()
        invite.notes = "Supplier delay"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "meeting_management.action_report_meeting_task_tracking", self.meeting.ids
            )[0]
            .decode()
        )
        self.assertIn("Send invitations", html)
        self.assertIn("Delayed 2 h", html)
        self.assertIn("Supplier delay", html)
        self.assertIn("Floor plan", html)

        content = (
            self.env["report.meeting_management.report_meeting_task_tracking"]
            .with_user(self.user_coordinator)
            ._get_workbook(self.meeting)
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[4]]
        self.assertEqual(
            header,
            ["Task", "Owner", "Planned Finish", "Actual Finish", "Status", "Deliverable", "Notes"],
        )
        rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(
            rows["Send invitations"],
            (
                "Send invitations",
                "Coordinator",
                "2030-03-10 09:00",  # Asia/Shanghai
                "2030-03-10 11:00",
                "Delayed 2 h",
                "-",
                "Supplier delay",
            ),
        )
        self.assertEqual(rows["Venue layout"][5], "Floor plan")
        self.assertEqual(len(rows), 5)

    def test_demo_meeting_plan(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit")
        invite = self.env.ref("meeting_management.demo_summit_task_invite")
        venue = self.env.ref("meeting_management.demo_summit_task_venue")
        ppt = self.env.ref("meeting_management.demo_summit_task_ppt")
        self.assertEqual(invite.meeting_id, summit)
        self.assertRecordValues(
            invite | venue,
            [
                {"state": "done", "is_done_late": False, "delay_display": False},
                {"state": "done", "is_done_late": True, "delay_display": "Delayed 2 h"},
            ],
        )
        self.assertIn(ppt.state, ("in_progress", "delayed"))
        self.assertGreaterEqual(summit.task_count, 10)


@tagged("post_install", "-at_install")
class TestTaskFollowRpc(HttpCase, MeetingRpcMixin, MeetingTaskCommon):
    def test_context_cannot_skip_a_subscription(self):
        """Over RPC, no context key makes ``message_subscribe`` skip a pair: the pairs a cron
        batch subscribed in bulk are kept on the cursor, not in the request."""
        self.meeting._on_approved()
        task = self.meeting.task_ids.filtered(lambda t: t.user_id == self.user_coordinator)[:1]
        partner = self.user_employee.partner_id
        task.message_unsubscribe(partner_ids=partner.ids)
        context = {
            "meeting_management.followed_in_bulk": [["meeting.task", task.id, partner.id]],
            "followed_in_bulk": True,
        }
        self.rpc(
            "t_coordinator",
            "meeting.task",
            "message_subscribe",
            [task.ids],
            {"partner_ids": partner.ids, "context": context},
        )
        task.invalidate_recordset()
        self.assertIn(partner, task.message_partner_ids)
