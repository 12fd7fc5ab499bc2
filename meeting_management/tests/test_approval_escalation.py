from datetime import timedelta

from odoo import Command, sql_db
from odoo.tests import freeze_time, tagged

from .common_approval import NOW, MeetingApprovalCommon


@tagged("post_install", "-at_install")
class TestApprovalEscalation(MeetingApprovalCommon):
    def _submit_meetings(self, venues):
        """One meeting per venue, submitted by its initiator now (NOW)."""
        with freeze_time(NOW):
            meetings = self.env["meeting.meeting"]
            for venue in venues:
                meetings |= self._create_meeting(venue=venue)
            for meeting in meetings:
                meeting.with_user(self.user_director).action_submit()
        return meetings

    def _cron(self):
        return self.env["meeting.approval"]._cron_escalate()

    def test_escalation_up_the_chain_then_administrators(self):
        with freeze_time(NOW):
            meeting = self._create_meeting()
            meeting.with_user(self.user_director).action_submit()
            self.assertEqual(self._cron(), 0)
        step = meeting.approval_ids.filtered(lambda a: a.reviewer_id == self.user_admin_head)
        it_step = meeting.approval_ids - step
        it_step.with_user(self.user_it_head).action_approve()

        # first breach: to the reviewer's own manager
        t1 = NOW + timedelta(hours=12, minutes=1)
        with freeze_time(t1):
            self.assertEqual(self._cron(), 1)
            # idempotent: the same breach is not escalated twice
            self.assertEqual(self._cron(), 0)
        self.assertRecordValues(
            step,
            [
                {
                    "reviewer_id": self.user_gm.id,
                    "previous_reviewer_id": self.user_admin_head.id,
                    "escalation_count": 1,
                    "deadline": t1 + timedelta(hours=12),
                    "last_escalation_date": t1,
                    "state": "pending",
                }
            ],
        )
        activity_type = self.env.ref("meeting_management.mail_activity_meeting_approval")
        activity = step.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, self.user_gm)
        self.assertIn("Escalation #1", step.message_ids[0].body)
        self.assertTrue(meeting.message_ids.filtered(lambda m: "Escalation #1" in m.body))
        digests = self.env["mail.mail"].search([("subject", "=", "Meeting approvals escalated")])
        self.assertEqual(
            digests.recipient_ids,
            (self.user_admin_head | self.user_gm | self.user_director).partner_id,
        )

        # second breach: the general manager has nobody above -> the administrators
        t2 = t1 + timedelta(hours=12, minutes=1)
        with freeze_time(t2):
            self.assertEqual(self._cron(), 1)
        self.assertEqual(step.escalation_count, 2)
        self.assertEqual(step.previous_reviewer_id, self.user_gm)
        self.assertIn(step.reviewer_id, self.admins)
        self.assertNotEqual(step.reviewer_id, self.user_gm)
        self.assertIn("meeting administrators", step.message_ids[0].body)

        # the new reviewer decides; the meeting moves on
        step.with_user(step.reviewer_id).action_approve()
        self.assertEqual(meeting.state, "manager_approval")

    def test_two_levels_in_hr_chain(self):
        # IT support lead -> IT head -> general manager
        self.review_it.reviewer_id = self.user_handler
        with freeze_time(NOW):
            meeting = self._create_meeting(is_urgent=True, urgent_reason="Board request")
            meeting.with_user(self.user_director).action_submit()
        step = meeting.approval_ids.filtered(lambda a: a.department_id == self.dep_it)
        self.assertEqual(step.reviewer_id, self.user_handler)
        t1 = NOW + timedelta(hours=2, minutes=5)
        with freeze_time(t1):
            self._cron()
        self.assertEqual(step.reviewer_id, self.user_it_head)
        self.assertEqual(step.deadline, t1 + timedelta(hours=2))  # green channel
        with freeze_time(t1 + timedelta(hours=2, minutes=5)):
            self._cron()
        self.assertEqual(step.reviewer_id, self.user_gm)
        self.assertEqual(step.escalation_count, 2)

    def test_decided_steps_are_not_escalated(self):
        with freeze_time(NOW):
            meeting = self._create_meeting()
            meeting.with_user(self.user_director).action_submit()
            self._approve_all_resource(meeting)
        with freeze_time(NOW + timedelta(hours=13)):
            self.assertEqual(self._cron(), 0)
        with freeze_time(NOW + timedelta(hours=25)):
            self.assertEqual(self._cron(), 1)
        self.assertEqual(
            meeting.approval_ids.filtered(lambda a: a.escalation_count).step_type, "manager"
        )

    def test_batches(self):
        meetings = self._submit_meetings(f"Room {index}" for index in range(5))
        with freeze_time(NOW + timedelta(hours=13)):
            self.assertEqual(self.env["meeting.approval"]._cron_escalate(batch_size=3), 10)
        self.assertEqual(set(meetings.approval_ids.mapped("escalation_count")), {1})

    def test_batch_queries_do_not_grow_with_steps(self):
        """A batch of escalations costs the same queries for 2 or 10 meetings (4 or 20
        steps): the same people get one digest each, rendered and created in bulk."""
        Approval = self.env["meeting.approval"]
        queries = {}
        for count in (1, 2, 10):  # 1: warm-up of the registry and template caches
            self._submit_meetings(f"Room {count}-{index}" for index in range(count))
            self.env.flush_all()
            self.env.invalidate_all()
            # the steps of the earlier rounds are not due again before NOW + 25 h
            with freeze_time(NOW + timedelta(hours=13)):
                before = sql_db.sql_counter
                self.assertEqual(Approval._cron_escalate(), 2 * count)
                self.env.flush_all()
                queries[count] = sql_db.sql_counter - before
        self.assertEqual(queries[2], queries[10], f"queries per batch: {queries}")
        digests = self.env["mail.mail"].search([("subject", "=", "Meeting approvals escalated")])
        # the initiator's last digest lists the 20 steps of the last batch
        last = digests.filtered(lambda m: m.res_id == self.user_director.id).sorted("id")[-1:]
        self.assertEqual(str(last.body_html).count("<li>"), 20)

    def test_escalation_to_distinct_reviewers_subscribes_them_in_bulk(self):
        """A batch escalating steps to N distinct new reviewers costs the same queries for 6
        and for 30 of them; each new reviewer follows their step with Odoo's default
        subtypes."""
        Approval = self.env["meeting.approval"]
        default = self.env["mail.message.subtype"].default_subtypes("meeting.approval")[0]
        group_user = self.env.ref("base.group_user")
        queries = {}
        for count in (1, 3, 15):  # 1: warm-up of the registry and template caches
            meetings = self._submit_meetings(f"Hall {count}-{index}" for index in range(count))
            steps = meetings.approval_ids.filtered(lambda s: s.state == "pending")
            # each step's reviewer has their own manager: 2 * count distinct new reviewers
            users = self.env["res.users"].create(
                [
                    {
                        "name": f"{role} {count}-{index}",
                        "login": f"{role.lower()}_{count}_{index}",
                        "email": f"{role.lower()}_{count}_{index}@example.com",
                        "group_ids": [Command.set(group_user.ids)],
                    }
                    for index in range(len(steps))
                    for role in ("Reviewer", "Manager")
                ]
            )
            for index, step in enumerate(steps):
                reviewer, manager = users[2 * index], users[2 * index + 1]
                boss = self.env["hr.employee"].create({"name": manager.name, "user_id": manager.id})
                self.env["hr.employee"].create(
                    {"name": reviewer.name, "user_id": reviewer.id, "parent_id": boss.id}
                )
                self.env.cr.execute(
                    "UPDATE meeting_approval SET reviewer_id = %s WHERE id = %s",
                    (reviewer.id, step.id),
                )
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(NOW + timedelta(hours=13)):
                before = sql_db.sql_counter
                self.assertEqual(Approval._cron_escalate(), 2 * count)
                self.env.flush_all()
                queries[count] = sql_db.sql_counter - before
            managers = users[1::2]
            self.assertEqual(steps.reviewer_id, managers)
            for step in steps:
                follower = step.message_follower_ids.filtered(
                    lambda f, step=step: f.partner_id == step.reviewer_id.partner_id
                )
                self.assertEqual(follower.subtype_ids, default, step.display_name)
                self.assertEqual(step.activity_ids.user_id, step.reviewer_id)
        self.assertEqual(queries[3], queries[15], f"queries per batch: {queries}")
