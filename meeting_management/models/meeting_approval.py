from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.misc import format_date, format_time

from .mail_follow_batch import drop_followed_in_bulk, followers_in_bulk
from .mail_render_batch import render_body_once

# Fields only the approval flow itself may change (not the reviewer through ``write``).
FLOW_FIELDS = frozenset(
    {
        "meeting_id",
        "approval_round",
        "step_type",
        "department_id",
        "reviewer_id",
        "deadline",
        "state",
        "decision_date",
        "decided_by_id",
        "escalation_count",
        "last_escalation_date",
        "previous_reviewer_id",
    }
)


def format_duration(env, delta):
    """``delta`` as a person reads it: "3 d 4 h", "2 h 10 min", "5 min" (in ``env``'s lang)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return env._("%(days)s d %(hours)s h", days=days, hours=hours)
    if hours:
        return env._("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    return env._("%(minutes)s min", minutes=minutes)


def format_due(env, deadline, tz, now=None):
    """When a deadline falls, as the person in ``tz`` reads it, in ``env``'s language:
    "Due today 18:00", "Due tomorrow 06:37", "Due 05/09/2030 09:00", "Overdue by 2 h 10 min"."""
    if not deadline:
        return ""
    now = now or fields.Datetime.now()
    if deadline < now:
        return env._("Overdue by %(duration)s", duration=format_duration(env, now - deadline))
    tz = tz or "UTC"
    local_deadline = fields.Datetime.context_timestamp(
        env["res.users"].with_context(tz=tz), deadline
    )
    local_now = fields.Datetime.context_timestamp(env["res.users"].with_context(tz=tz), now)
    time = format_time(env, deadline, tz=tz, time_format="HH:mm")
    days = (local_deadline.date() - local_now.date()).days
    if days == 0:
        return env._("Due today %(time)s", time=time)
    if days == 1:
        return env._("Due tomorrow %(time)s", time=time)
    return env._("Due %(date)s %(time)s", date=format_date(env, local_deadline.date()), time=time)


class MeetingApproval(models.Model):
    _name = "meeting.approval"
    _description = "Meeting Approval Step"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "meeting_id, approval_round desc, sequence, id"
    _check_company_auto = True
    _rec_names_search = ["meeting_id", "reviewer_id"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    approval_round = fields.Integer(string="Round", default=1, readonly=True)
    sequence = fields.Integer(default=10)
    step_type = fields.Selection(
        [("resource", "Resource Review"), ("manager", "Manager Approval")],
        required=True,
        index=True,
    )
    department_id = fields.Many2one("hr.department", string="Reviewing Department")
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewer", required=True, index=True, tracking=True
    )
    deadline = fields.Datetime(required=True, index=True, tracking=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        index=True,
        tracking=True,
    )
    decision_date = fields.Datetime(readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    comment = fields.Text()
    escalation_count = fields.Integer(readonly=True, default=0)

    # Escalation and conflicts
    previous_reviewer_id = fields.Many2one(
        "res.users", string="Escalated From", readonly=True, copy=False
    )
    last_escalation_date = fields.Datetime(readonly=True, copy=False)
    conflict_acknowledged = fields.Boolean(
        copy=False, help="The reviewer has seen the conflicts of the meeting's slot."
    )
    is_urgent = fields.Boolean(
        related="meeting_id.is_urgent", store=True, string="Green Channel", index=True
    )
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting Status")
    initiator_id = fields.Many2one(related="meeting_id.initiator_id")
    meeting_date_start = fields.Datetime(related="meeting_id.date_start", string="Meeting Start")
    meeting_venue = fields.Char(related="meeting_id.venue", string="Venue")
    meeting_budget_total = fields.Monetary(
        related="meeting_id.budget_total", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="meeting_id.currency_id")
    conflict_html = fields.Html(related="meeting_id.conflict_html")
    conflict_count = fields.Integer(related="meeting_id.conflict_count")
    # What the resource reviewer judges (equipment, catering, head count, venue), shown on
    # the step. Related fields are read as superuser (Odoo's default for related fields):
    # safe because only users who may read the step see them, and those may read the
    # meeting too (the reviewers, the initiator, the executor, see security/meeting_rules.xml).
    meeting_date_end = fields.Datetime(related="meeting_id.date_end", string="Meeting End")
    need_projector = fields.Boolean(related="meeting_id.need_projector")
    need_video_conference = fields.Boolean(related="meeting_id.need_video_conference")
    need_interpretation = fields.Boolean(related="meeting_id.need_interpretation")
    need_sound_system = fields.Boolean(related="meeting_id.need_sound_system")
    equipment_notes = fields.Text(related="meeting_id.equipment_notes")
    expected_internal_count = fields.Integer(related="meeting_id.expected_internal_count")
    expected_external_count = fields.Integer(related="meeting_id.expected_external_count")
    attendee_count = fields.Integer(
        related="meeting_id.attendee_count", string="Registered Attendees"
    )
    catering_budget = fields.Monetary(
        compute="_compute_resource_needs",
        compute_sudo=True,
        currency_field="currency_id",
        string="Catering Budget",
    )
    dietary_count = fields.Integer(
        compute="_compute_resource_needs",
        compute_sudo=True,
        string="Special Diets",
        help="Registered attendees with a dietary need (vegetarian, halal, allergy ...).",
    )
    due_text = fields.Char(
        string="Time Left",
        compute="_compute_due_text",
        help="When the step falls due, in your time zone.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    can_decide = fields.Boolean(compute="_compute_can_decide")

    _pending_deadline_idx = models.Index("(deadline) WHERE state = 'pending'")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for step in self:
            step.is_overdue = step.state == "pending" and step.deadline and step.deadline < now

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain([("state", "=", "pending"), ("deadline", "<", fields.Datetime.now())])
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends(
        "meeting_id.budget_line_ids.amount_planned", "meeting_id.attendee_ids.dietary_need"
    )
    def _compute_resource_needs(self):
        # compute_sudo: budget lines and attendees belong to the meeting; only a sum and a
        # count reach the reviewer, no attendee's data.
        for step in self:
            lines = step.meeting_id.budget_line_ids.filtered(lambda l: l.category == "catering")
            step.catering_budget = sum(lines.mapped("amount_planned"))
            step.dietary_count = len(step.meeting_id.attendee_ids.filtered("dietary_need"))

    @api.depends_context("uid", "lang", "tz")
    @api.depends("deadline", "state")
    def _compute_due_text(self):
        now = fields.Datetime.now()
        tz = self.env.context.get("tz") or self.env.user.tz
        for step in self:
            step.due_text = (
                format_due(self.env, step.deadline, tz, now) if step.state == "pending" else False
            )

    @api.depends_context("uid")
    @api.depends("state", "reviewer_id")
    def _compute_can_decide(self):
        is_manager = self.env["meeting.meeting"]._is_meeting_admin()
        for step in self:
            step.can_decide = step.state == "pending" and (
                is_manager or step.reviewer_id == self.env.user
            )

    @api.depends_context("lang")
    @api.depends("meeting_id", "step_type", "department_id")
    def _compute_display_name(self):
        types = dict(self._fields["step_type"]._description_selection(self.env))
        for step in self:
            what = step.department_id.name if step.step_type == "resource" else None
            label = types.get(step.step_type, "")
            step.display_name = " / ".join(
                filter(None, [step.meeting_id.display_name, label, what])
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._("Approval steps are created by submitting the meeting plan.")
            )
        steps = super().create(vals_list)
        steps.filtered(lambda s: s.state == "pending")._schedule_activities()
        return steps

    def write(self, vals):
        if not self.env.su:
            if FLOW_FIELDS & vals.keys():
                raise UserError(self.env._("Use Approve and Reject to decide an approval step."))
            if {"comment", "conflict_acknowledged"} & vals.keys():
                self._check_can_decide()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_approve(self):
        self.meeting_id._lock_for_decision()
        self._check_can_decide()
        unacknowledged = self.filtered(
            lambda s: s.meeting_id.conflict_count and not s.conflict_acknowledged
        )
        if unacknowledged:
            # The approver must see and acknowledge the conflicts first.
            return unacknowledged[:1]._action_open_conflict_wizard()
        self._decide("approved")
        self.meeting_id._on_step_approved()
        return True

    def action_reject(self):
        self._check_can_decide()
        comment = self.env.context.get("meeting_reject_comment")
        if not isinstance(comment, str) or not comment.strip():
            self.ensure_one()
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reject"),
                "res_model": "meeting.approval.reject.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_approval_id": self.id},
            }
        return self._reject(comment)

    def action_acknowledge_conflicts(self):
        self._check_can_decide()
        # sudo: flow field written after the reviewer check above.
        self.sudo().conflict_acknowledged = True
        for step in self:
            step.meeting_id.message_post(
                body=self.env._(
                    "%(user)s acknowledged %(count)s conflict(s) before deciding.",
                    user=self.env.user.name,
                    count=step.meeting_id.conflict_count,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_open_meeting(self):
        self.ensure_one()
        return self.meeting_id._get_records_action()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_decide(self):
        for step in self:
            if step.state != "pending":
                raise UserError(
                    self.env._("The step %(step)s is already decided.", step=step.display_name)
                )
            if not step.can_decide:
                raise UserError(
                    self.env._(
                        "Only %(reviewer)s or a meeting administrator can decide the step "
                        "%(step)s.",
                        reviewer=step.reviewer_id.name,
                        step=step.display_name,
                    )
                )

    def _action_open_conflict_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Conflicts to Acknowledge"),
            "res_model": "meeting.conflict.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_approval_id": self.id},
        }

    def _reject(self, comment):
        if not isinstance(comment, str) or not comment.strip():
            raise UserError(self.env._("A rejection needs a comment."))
        self.meeting_id._lock_for_decision()
        self._check_can_decide()
        for step in self:
            step._decide("rejected", comment)
            step.meeting_id._on_step_rejected(step)
        return True

    def _decide(self, decision, comment=None):
        vals = {
            "state": decision,
            "decision_date": fields.Datetime.now(),
            "decided_by_id": self.env.user.id,
        }
        if comment:
            vals["comment"] = comment
        # sudo: the flow fields are written after ``_check_can_decide``.
        self.sudo().write(vals)
        self._close_activities(decision, comment)
        for step in self:
            if decision == "approved":
                body = self.env._(
                    "%(step)s approved by %(user)s.",
                    step=step.display_name,
                    user=self.env.user.name,
                )
            else:
                body = self.env._(
                    "%(step)s rejected by %(user)s: %(comment)s",
                    step=step.display_name,
                    user=self.env.user.name,
                    comment=comment,
                )
            step.meeting_id.message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )

    def _cancel_steps(self):
        # sudo: called by the flow (rejection of a sibling step, cancellation) after checks.
        self.sudo().write({"state": "cancelled"})
        self.activity_unlink(["meeting_management.mail_activity_meeting_approval"])

    def _schedule_activities(self):
        """Give each step's reviewer an activity and tell them in their inbox, at once.

        The activity is dated on the deadline's day in the reviewer's time zone and says the
        hour; its own "assigned to you" e-mail is replaced by one message that names the
        step, the meeting and the time left, rendered in the reviewer's language and time
        zone (the steps are created by the initiator's or the previous approver's request).
        """
        for step in self:
            env, date_deadline, summary = step._activity_texts()
            step.with_context(mail_activity_quick_update=True).activity_schedule(
                "meeting_management.mail_activity_meeting_approval",
                date_deadline=date_deadline,
                summary=summary,
                user_id=step.reviewer_id.id,
            )
            step._notify_new_step(env)

    def _reviewer_env(self, reader=None):
        """An environment in the language and time zone of ``reader`` (the step's reviewer by
        default), to write to them.

        sudo: the texts are rendered for the reader by the flow, whoever triggers it (the
        initiator's submission, the previous approver, the escalation cron).
        """
        self.ensure_one()
        reader = reader or self.reviewer_id
        return self.sudo().with_context(lang=reader.lang or "en_US", tz=reader.tz or "UTC").env

    def _activity_texts(self):
        """(reviewer env, activity date in the reviewer's time zone, summary with the hour)."""
        env = self._reviewer_env()
        step = self.with_env(env)
        # The activity names its meeting already; the summary says the hour, so the steps
        # escalated together share it (one write per batch, see _move_activities).
        summary = env._("Decide by %(deadline)s", deadline=step.meeting_id._fmt(step.deadline))
        return env, fields.Datetime.context_timestamp(step, step.deadline).date(), summary

    def _notify_new_step(self, env):
        """The inbox message telling the reviewer a step awaits them (``env``: their lang/tz)."""
        self.ensure_one()
        step = self.with_env(env)
        meeting = step.meeting_id
        body = Markup("<p>%s</p><p>%s</p>") % (
            env._(
                "%(step)s: %(initiator)s asks you to decide on %(meeting)s (%(start)s).",
                step=step.display_name,
                initiator=meeting.initiator_id.name,
                meeting=meeting.display_name,
                start=meeting._fmt(meeting.date_start),
            ),
            env._(
                "Decide by %(deadline)s (%(due)s).",
                deadline=meeting._fmt(step.deadline),
                due=format_due(env, step.deadline, env.context.get("tz")),
            ),
        )
        if step.is_urgent:
            body += Markup("<p>%s</p>") % env._("Green channel: an urgent meeting.")
        # sudo (env): a system notice to the reviewer about a step the flow just gave them
        # (the requester may not read the new step, e.g. the manager's step).
        step.message_notify(
            partner_ids=step.reviewer_id.partner_id.ids,
            body=body,
            subject=env._("To approve: %(step)s", step=step.display_name),
            model_description=env._("Approval Step"),
            email_layout_xmlid="mail.mail_notification_layout",
        )

    def _close_activities(self, decision, comment=None):
        activities = self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("meeting_management.mail_activity_meeting_approval")
            )
        )
        if decision == "approved":
            activities.action_feedback(feedback=comment or self.env._("Approved"))
        else:
            activities.action_feedback(
                feedback=self.env._("Rejected: %(comment)s", comment=comment)
            )

    # ------------------------------------------------------------------
    # Escalation (cron)
    # ------------------------------------------------------------------
    @api.model
    def _cron_escalate(self, batch_size=1000):
        """Escalate every pending step past its deadline, in bounded batches.

        Each batch locks its rows with ``FOR UPDATE SKIP LOCKED`` (a second worker takes
        other rows) and re-checks ``deadline < now`` in the UPDATE that moves the step, so a
        step is escalated once per breach even if two runs overlap.
        """
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        if in_cron:
            # Tell the scheduler how much is left: if the time budget runs out, it calls us
            # again (and reschedules the job) until the backlog is gone.
            backlog = self.search_count(
                [("state", "=", "pending"), ("deadline", "<", fields.Datetime.now())]
            )
            self.env["ir.cron"]._commit_progress(remaining=backlog)
        total = 0
        while True:
            now = fields.Datetime.now()
            self.env.flush_all()
            self.env.cr.execute(
                """
                SELECT id FROM meeting_approval
                 WHERE state = 'pending' AND deadline < %s
                 ORDER BY deadline, id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                (now, batch_size),
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            escalated = self.browse(ids)._escalate(now)
            total += len(escalated)
            if in_cron:
                remaining_time = self.env["ir.cron"]._commit_progress(len(ids))
                if remaining_time <= 0:
                    break
            elif len(ids) < batch_size:
                break
        return total

    def _escalation_targets(self):
        """New reviewer of each step: the reviewer's manager, else the administrators."""
        # sudo: cron/escalation logic reading the HR hierarchy; only users are returned
        Employee = self.env["hr.employee"].sudo()
        reviewers = self.reviewer_id
        employees = Employee.search([("user_id", "in", reviewers.ids)])
        by_user = defaultdict(dict)
        for employee in employees:
            by_user[employee.user_id.id][employee.company_id.id] = employee
        admins_by_company = {}
        targets = {}
        for step in self:
            user_employees = by_user.get(step.reviewer_id.id, {})
            employee = user_employees.get(step.company_id.id) or next(
                iter(user_employees.values()), Employee
            )
            manager = employee.parent_id.user_id
            if manager and manager.active and manager != step.reviewer_id:
                targets[step.id] = (manager, False)
                continue
            company = step.company_id
            if company.id not in admins_by_company:
                admins_by_company[company.id] = step.meeting_id._get_administrators()
            admins = admins_by_company[company.id]
            others = admins - step.reviewer_id
            targets[step.id] = (others[:1] or step.reviewer_id, True)
        return targets

    def _escalate(self, now):
        """Escalate ``self`` (locked, overdue steps); return the steps really escalated."""
        self.fetch(["reviewer_id", "meeting_id", "step_type", "company_id", "is_urgent"])
        self.meeting_id.fetch(["initiator_id", "is_urgent", "type_id", "name", "reference"])
        targets = self._escalation_targets()
        hours_cache = {}
        ids, reviewer_ids, deadlines = [], [], []
        for step in self:
            key = (step.step_type, step.meeting_id.is_urgent, step.meeting_id.type_id)
            if key not in hours_cache:
                hours_cache[key] = self.env["meeting.meeting"]._get_step_hours(*key)
            ids.append(step.id)
            reviewer_ids.append(targets[step.id][0].id)
            deadlines.append(now + timedelta(hours=hours_cache[key]))
        old_reviewers = {step.id: step.reviewer_id for step in self}
        self.env.cr.execute(
            """
            UPDATE meeting_approval AS a
               SET previous_reviewer_id = a.reviewer_id,
                   reviewer_id = v.reviewer_id,
                   deadline = v.deadline,
                   escalation_count = a.escalation_count + 1,
                   last_escalation_date = %s,
                   conflict_acknowledged = FALSE,
                   write_date = %s
              FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS reviewer_id,
                           unnest(%s::timestamp[]) AS deadline) AS v
             WHERE a.id = v.id AND a.state = 'pending' AND a.deadline < %s
         RETURNING a.id
            """,
            (now, now, ids, reviewer_ids, deadlines, now),
        )
        done_ids = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_recordset(
            [
                "reviewer_id",
                "previous_reviewer_id",
                "deadline",
                "escalation_count",
                "last_escalation_date",
                "conflict_acknowledged",
                "write_date",
            ]
        )
        steps = self.filtered(lambda s: s.id in done_ids)
        if not steps:
            return steps
        # the people of the batch read at once (the activity counters, the logs and the
        # digests name them and notify them, each in its own language and time zone)
        people = (
            self.env["res.users"].union(*old_reviewers.values())
            | steps.reviewer_id
            | steps.meeting_id.initiator_id
        )
        people.fetch(["partner_id", "lang", "tz", "company_id"])
        people.partner_id.fetch(["name"])
        steps._move_activities()
        steps._log_escalation(old_reviewers, targets)
        steps._notify_escalation(old_reviewers)
        return steps

    def _move_activities(self):
        activity_type = self.env.ref("meeting_management.mail_activity_meeting_approval")
        # sudo: escalation moves the activities of the previous reviewers (other users) to
        # the new ones; only the approval activities of these steps are touched.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        by_step = {activity.res_id: activity for activity in activities}
        # sudo: same activities as above (other reviewers' activities)
        groups = defaultdict(lambda: self.env["mail.activity"].sudo())
        missing = self.browse()
        for step in self:
            activity = by_step.get(step.id)
            if not activity:
                missing |= step
                continue
            _env, date_deadline, summary = step._activity_texts()
            groups[(step.reviewer_id.id, date_deadline, summary)] |= activity
        # the new reviewers follow their steps: subscribed at once for the batch, not one
        # ``message_subscribe`` per reviewer inside the activities' write and create
        pairs = {
            (step.id, step.reviewer_id.partner_id.id)
            for step in self
            if step in missing or by_step[step.id].user_id != step.reviewer_id
        }
        with followers_in_bulk(self, pairs):
            for (user_id, date_deadline, summary), group in groups.items():
                # quick update: the escalation digest below is the notification.
                group.with_context(mail_activity_quick_update=True).write(
                    {"user_id": user_id, "date_deadline": date_deadline, "summary": summary}
                )
            missing._schedule_activities()

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Skip the (step, partner) pairs an escalation batch has just subscribed in bulk
        (``followers_in_bulk``); everything else as Odoo does it."""
        steps = self if subtype_ids else drop_followed_in_bulk(self, partner_ids)
        return super(MeetingApproval, steps).message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _log_escalation(self, old_reviewers, targets):
        """Log each escalation on the step, in its new reviewer's language and time zone, and
        on the meeting, in its initiator's (the cron itself writes in no one's language)."""
        step_bodies, meeting_bodies = {}, {}
        for step in self:
            to_admins = targets[step.id][1]
            step_bodies[step.id] = step._escalation_body(
                step._reviewer_env(), old_reviewers[step.id], to_admins
            )
            initiator = step.meeting_id.initiator_id
            meeting_bodies[step.meeting_id.id] = meeting_bodies.get(
                step.meeting_id.id, Markup("")
            ) + step._escalation_body(
                step._reviewer_env(initiator), old_reviewers[step.id], to_admins
            )
        self._message_log_batch(bodies=step_bodies)
        self.meeting_id._message_log_batch(bodies=meeting_bodies)

    def _escalation_body(self, env, old_reviewer, to_admins):
        step = self.with_env(env)
        body = env._(
            "Escalation #%(count)s: %(step)s was not decided by %(old)s in time; it now "
            "goes to %(new)s, to decide by %(deadline)s.",
            count=step.escalation_count,
            step=step.display_name,
            old=old_reviewer.name,
            new=step.reviewer_id.name,
            deadline=step.meeting_id._fmt(step.deadline),
        )
        if to_admins:
            body += " " + env._("Nobody above: the meeting administrators take over.")
        return Markup("<p>%s</p>") % body

    def _notify_escalation(self, old_reviewers):
        """One digest per person (old reviewer, new reviewer, initiator), not one per step.

        Rendered in bulk whatever the number of steps and people: the subject once per
        language, the body compiled once per language (each person's steps reach the
        template through ``ctx``), the e-mails created in one call with the values Odoo
        would otherwise look up per e-mail."""
        template = self.env.ref(
            "meeting_management.mail_template_approval_escalated", raise_if_not_found=False
        )
        if not template:
            return self.env["mail.mail"]
        by_user = defaultdict(set)
        for step in self:
            for user in (old_reviewers[step.id], step.reviewer_id, step.meeting_id.initiator_id):
                by_user[user.id].add(step.id)
        # sudo: a system notification about steps the cron just escalated, to the people
        # concerned (their names, language and e-mail address only)
        users = self.env["res.users"].sudo().browse(list(by_user))
        users.fetch(["lang", "tz", "name", "partner_id", "company_id"])
        template = template.sudo()
        subjects = template._render_field("subject", users.ids, compute_lang=True)
        bodies = {}
        for lang, lang_users in users.grouped(lambda u: u.lang or "en_US").items():
            bodies.update(
                render_body_once(
                    template.with_context(lang=lang),
                    lang_users,
                    {
                        "ctx": {
                            user.id: dict(
                                template.env.context,
                                lang=lang,
                                escalated_step_ids=sorted(by_user[user.id]),
                            )
                            for user in lang_users
                        }
                    },
                )
            )
        user_model = self.env["ir.model"]._get("res.users")
        vals_list = []
        for user in users:
            company = user.company_id
            lang = user.lang or "en_US"
            body = template.with_context(lang=lang)._render_encapsulate(
                "mail.mail_notification_light",
                bodies[user.id],
                add_context={
                    "company": company,
                    "model_description": user_model.with_context(lang=lang).display_name,
                },
                context_record=user.with_context(lang=lang),
            )
            email_from = company.email_formatted or self.env.company.email_formatted
            vals_list.append(
                {
                    "subject": subjects[user.id],
                    "body_html": body,
                    "email_from": email_from,
                    "reply_to": email_from,
                    "recipient_ids": [fields.Command.link(user.partner_id.id)],
                    "model": "res.users",
                    "res_id": user.id,
                    "record_name": user.name,
                    "record_company_id": company.id,
                    "record_alias_domain_id": False,
                    "auto_delete": template.auto_delete,
                }
            )
        # sudo: same system notification as above
        return self.env["mail.mail"].sudo().create(vals_list)
