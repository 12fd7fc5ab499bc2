from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .mail_follow_batch import drop_followed_in_bulk, followers_in_bulk

TASK_PHASES = [
    ("before", "Preparation"),
    ("during", "Execution"),
    ("after", "Wrap-up"),
]
TASK_STATES = [
    ("waiting", "Waiting"),
    ("todo", "Not Started"),
    ("in_progress", "In Progress"),
    ("delayed", "Delayed"),
    ("done", "Done"),
]
TASK_PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High")]
OPEN_STATES = ("waiting", "todo", "in_progress", "delayed")
# meetings whose tasks no longer run: no delay marking, no alerts
INACTIVE_MEETING_STATES = ("rejected", "cancelled", "closed")
# what a task owner (who is not the executor) may change on their own task
OWNER_WRITABLE_FIELDS = {"state", "notes", "deliverable_ids"}
# set by the status actions and the alert crons only (the status itself goes through _set_state)
FLOW_FIELDS = {
    "date_done",
    "overdue_alert_sent_at",
    "milestone_warning_sent_at",
    "milestone_deadline_alert_sent_at",
}
INITIAL_STATES = ("todo", "waiting")
ALERT_BATCH_SIZE = 1000
ACTIVITY_TODO = "meeting_management.mail_act_meeting_task_todo"
ACTIVITY_OVERDUE = "meeting_management.mail_act_meeting_task_overdue"
ACTIVITY_MILESTONE = "meeting_management.mail_act_meeting_task_milestone"
# the activities a task gives one person: one at a time, its type follows the alert
ALERT_ACTIVITY_TYPES = (ACTIVITY_TODO, ACTIVITY_OVERDUE, ACTIVITY_MILESTONE)


class MeetingTask(models.Model):
    _name = "meeting.task"
    _description = "Meeting Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "meeting.line.mixin"]
    _order = "meeting_id, sequence, date_deadline, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True, tracking=True)
    # the board shows the three phases in their order, also while one is empty
    phase = fields.Selection(
        TASK_PHASES, required=True, default="before", index=True, group_expand=True
    )
    user_id = fields.Many2one("res.users", string="Owner", required=True, index=True, tracking=True)
    lead_user_id = fields.Many2one(
        "res.users",
        string="Lead Owner",
        index="btree_not_null",
        help="牵头责任人: coordinates a cross-department task, normally the executor.",
    )
    priority = fields.Selection(TASK_PRIORITIES, default="1")
    date_deadline = fields.Datetime(string="Deadline", required=True, index=True, tracking=True)
    date_done = fields.Datetime(string="Actual Finish", copy=False, readonly=True)
    state = fields.Selection(
        TASK_STATES, default="todo", required=True, index=True, tracking=True, copy=False
    )
    is_milestone = fields.Boolean(string="Milestone")
    notes = fields.Text()

    template_id = fields.Many2one(
        "meeting.task.template", string="Template", ondelete="set null", readonly=True
    )
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting Status")
    executor_id = fields.Many2one(related="meeting_id.executor_id")
    initiator_id = fields.Many2one(related="meeting_id.initiator_id")
    department_id = fields.Many2one(
        "hr.department",
        string="Owner Department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        index=True,
    )
    depend_on_ids = fields.Many2many(
        "meeting.task",
        relation="meeting_task_dependency_rel",
        column1="task_id",
        column2="depends_on_id",
        string="Depends On",
        copy=False,
        domain="[('meeting_id', '=', meeting_id), ('id', '!=', id)]",
    )
    dependent_ids = fields.Many2many(
        "meeting.task",
        relation="meeting_task_dependency_rel",
        column1="depends_on_id",
        column2="task_id",
        string="Blocks",
        copy=False,
        domain="[('meeting_id', '=', meeting_id), ('id', '!=', id)]",
    )
    is_blocked = fields.Boolean(
        compute="_compute_is_blocked", help="A task it depends on is not done yet."
    )
    requires_deliverable = fields.Boolean(
        help="The task cannot be completed until a deliverable is attached."
    )
    deliverable = fields.Char(string="Expected Deliverable")
    deliverable_ids = fields.Many2many(
        "ir.attachment",
        relation="meeting_task_deliverable_rel",
        column1="task_id",
        column2="attachment_id",
        string="Deliverables",
        copy=False,
    )
    is_done_late = fields.Boolean(compute="_compute_is_done_late", store=True)
    delay_hours = fields.Float(
        compute="_compute_delay", help="Hours past the deadline, also after completion."
    )
    delay_display = fields.Char(string="Delay", compute="_compute_delay")
    overdue_alert_sent_at = fields.Datetime(copy=False, readonly=True)
    milestone_warning_sent_at = fields.Datetime(copy=False, readonly=True)
    milestone_deadline_alert_sent_at = fields.Datetime(copy=False, readonly=True)
    can_manage = fields.Boolean(compute="_compute_can_manage")
    can_update_state = fields.Boolean(compute="_compute_can_manage")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("user_id")
    def _compute_department_id(self):
        for task in self:
            employee = (
                task.user_id.employee_ids.filtered(lambda e, c=task.company_id: e.company_id == c)[
                    :1
                ]
                or task.user_id.employee_ids[:1]
            )
            task.department_id = employee.department_id

    @api.depends("depend_on_ids.state")
    def _compute_is_blocked(self):
        for task in self:
            task.is_blocked = any(t.state != "done" for t in task.depend_on_ids)

    @api.depends("date_done", "date_deadline")
    def _compute_is_done_late(self):
        for task in self:
            task.is_done_late = bool(
                task.date_done and task.date_deadline and task.date_done > task.date_deadline
            )

    @api.depends_context("lang")  # the delay reads in the reader's language
    @api.depends(
        "date_done",
        "date_deadline",
        "state",
        "meeting_id.date_end",
        "meeting_id.state",
        "meeting_id.report_published_date",
    )
    def _compute_delay(self):
        now = fields.Datetime.now()
        for task in self:
            minutes = task._get_late_minutes(now)
            task.delay_hours = minutes / 60.0
            task.delay_display = task._format_delay(minutes / 60.0) if minutes else False

    def _get_late_minutes(self, now=None):
        """Minutes past the deadline: at completion, or while unfinished until now, but no
        longer than the meeting's clock runs for it (:meth:`_get_late_clock_stop`).

        The one definition of lateness: the task list and board, the meeting's preparation
        figures (``meeting.meeting._get_preparation_counts``), the KPIs, the tracking table and
        the monitoring report all read it.
        """
        self.ensure_one()
        if not self.date_deadline:
            return 0
        if self.state == "done":
            end = self.date_done
        else:
            end = now or fields.Datetime.now()
            stop = self._get_late_clock_stop()
            if stop and stop < end:
                end = stop
        if not end:
            return 0
        return max(0, round((end - self.date_deadline).total_seconds() / 60.0))

    def _get_late_clock_stop(self):
        """When an unfinished task stops getting later (None: it still does).

        A task due by the meeting's end was needed for the meeting: its delay stops growing
        at the meeting's end (a closed meeting's unfinished task does not count on for ever).
        A task due after it (clean-up, archiving, settlement) counts until the meeting is
        closed (its report published) or cancelled.
        """
        meeting = self.meeting_id
        if not meeting.date_end:
            return None
        if self.date_deadline <= meeting.date_end:
            return meeting.date_end
        if meeting.state == "closed":
            return meeting.report_published_date or meeting.date_end
        if meeting.state == "cancelled":
            return self.date_deadline
        return None

    def _format_duration(self, minutes):
        """A duration read at a glance: "2 d 3 h", "5 h 20 min", "45 min"."""
        minutes = max(0, round(minutes))
        if minutes < 60:
            return self.env._("%(minutes)s min", minutes=minutes)
        if minutes < 24 * 60:
            hours, rest = divmod(minutes, 60)
            if not rest:
                return self.env._("%(hours)s h", hours=hours)
            return self.env._("%(hours)s h %(minutes)s min", hours=hours, minutes=rest)
        hours = round(minutes / 60)
        days, hours = divmod(hours, 24)
        if not hours:
            return self.env._("%(days)s d", days=days)
        return self.env._("%(days)s d %(hours)s h", days=days, hours=hours)

    def _format_delay(self, hours):
        return self.env._(
            "Delayed %(duration)s", duration=self._format_duration(max(1, round(hours * 60)))
        )

    @api.depends_context("uid")
    @api.depends("user_id", "lead_user_id", "meeting_id.executor_id")
    def _compute_can_manage(self):
        is_manager = self.env["meeting.meeting"]._is_meeting_admin()
        for task in self:
            task.can_manage = is_manager or task.meeting_id.executor_id == self.env.user
            task.can_update_state = task.can_manage or self.env.user in (
                task.user_id | task.lead_user_id
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("depend_on_ids", "meeting_id")
    def _check_dependencies(self):
        for task in self:
            others = task.depend_on_ids.filtered(lambda t, m=task.meeting_id: t.meeting_id != m)
            if others:
                raise ValidationError(
                    self.env._(
                        "The task %(task)s can only depend on tasks of the same meeting, not on "
                        "%(others)s.",
                        task=task.name,
                        others=", ".join(others.mapped("name")),
                    )
                )
        if self._has_cycle("depend_on_ids"):
            raise ValidationError(
                self.env._(
                    "These dependencies would make tasks wait for each other in a circle: "
                    "%(tasks)s. Remove one of them.",
                    tasks=", ".join(self.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("state", "todo") not in INITIAL_STATES or any(
                    vals.get(fname) for fname in FLOW_FIELDS
                ):
                    raise UserError(
                        self.env._(
                            "A new task starts as Not Started; its status and actual finish "
                            "follow the status buttons."
                        )
                    )
        tasks = super().create(vals_list)
        tasks._update_blocked_state()
        return tasks

    def write(self, vals):
        new_state = None
        if not self.env.su:
            if FLOW_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "The actual finish and the alert stamps of a task are set by its status "
                        "buttons and the alerts, not by hand."
                    )
                )
            self._check_can_write(vals)
            # a status change from the form or a kanban drag runs the status action, with all
            # its checks; trusted code (superuser) writes the status as it is
            vals = dict(vals)
            new_state = vals.pop("state", None)
        res = super().write(vals) if vals else True
        if "user_id" in vals:
            self._reassign_activities()
        if "depend_on_ids" in vals or "dependent_ids" in vals:
            (self | self.depend_on_ids | self.dependent_ids)._update_blocked_state()
        if new_state:
            self._set_state(new_state)
        return res

    def _check_can_write(self, vals):
        """Owners update the status, notes and deliverables of their own tasks; the meeting's
        executor and meeting administrators edit everything."""
        technical = {f for f in vals if f.startswith(("message_", "activity_"))}
        requested = set(vals) - technical
        if not requested:
            return
        for task in self:
            if task.can_manage:
                continue
            if task.can_update_state and requested <= OWNER_WRITABLE_FIELDS:
                continue
            if task.can_update_state:
                raise AccessError(
                    self.env._(
                        "You can only update the status, notes and deliverables of your task "
                        "%(task)s; ask the meeting's executor to change the rest.",
                        task=task.name,
                    )
                )
            raise AccessError(
                self.env._(
                    "The task %(task)s belongs to %(owner)s: only its owner or the meeting's "
                    "executor can change it.",
                    task=task.name,
                    owner=task.user_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self._set_state("in_progress")
        return True

    def action_done(self):
        self._set_state("done")
        return True

    def action_reset(self):
        self._set_state("todo")
        return True

    def action_open_task(self):
        self.ensure_one()
        return self._get_records_action(name=self.display_name)

    # ------------------------------------------------------------------
    # Business methods: status
    # ------------------------------------------------------------------
    def _check_can_update_state(self):
        if self.env.su:
            return
        for task in self:
            if not task.can_update_state:
                raise AccessError(
                    self.env._(
                        "Only %(owner)s (the owner) or the meeting's executor can change the "
                        "status of the task %(task)s.",
                        owner=task.user_id.name,
                        task=task.name,
                    )
                )

    def _check_can_complete(self):
        attached = self._get_attached_task_ids()
        for task in self:
            open_prerequisites = task.depend_on_ids.filtered(lambda t: t.state != "done")
            if open_prerequisites:
                raise UserError(
                    self.env._(
                        "The task %(task)s cannot be completed before %(tasks)s.",
                        task=task.name,
                        tasks=", ".join(open_prerequisites.mapped("name")),
                    )
                )
            if task.requires_deliverable and task.id not in attached:
                raise UserError(
                    self.env._(
                        "Attach the deliverable of the task %(task)s (%(deliverable)s) before "
                        "completing it.",
                        task=task.name,
                        deliverable=task.deliverable or self.env._("a file"),
                    )
                )

    def _get_attached_task_ids(self):
        """Tasks of ``self`` with a deliverable: in the field or attached in the chatter."""
        with_field = set(self.filtered("deliverable_ids").ids)
        # sudo: only counts attachments of tasks the user can already read
        chatter = (
            self.env["ir.attachment"]
            .sudo()
            ._read_group([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"])
        )
        return with_field | {res_id for (res_id,) in chatter}

    def _get_open_state(self):
        """The state of a task that is not done (nor started) yet."""
        self.ensure_one()
        if self.date_deadline and self.date_deadline < fields.Datetime.now():
            return "delayed"
        return "waiting" if self.is_blocked else "todo"

    def _set_state(self, new_state):
        """The single entry point of status changes (buttons, kanban drag, external API)."""
        self._check_can_update_state()
        now = fields.Datetime.now()
        # sudo: the user may change the status (checked above, and every transition below
        # checks its own rule first); the side effects on other people's tasks (unblocking,
        # activities) are consequences of that change
        tasks = self.sudo()
        if new_state == "done":
            todo = tasks.filtered(lambda t: t.state != "done")
            todo._check_can_complete()
            todo.write({"state": "done", "date_done": now})
            todo.activity_feedback([ACTIVITY_TODO, ACTIVITY_OVERDUE, ACTIVITY_MILESTONE])
            todo.dependent_ids._update_blocked_state()
            # late dependents were delayed while blocked: tell their owners they can go on
            todo.dependent_ids.filtered(
                lambda t: t.state == "delayed" and not t.is_blocked
            )._schedule_owner_activity(
                note=self.env._("The tasks this one depends on are done: you can start it.")
            )
        elif new_state == "in_progress":
            for task in tasks.filtered(lambda t: t.state != "in_progress"):
                if task.is_blocked:
                    raise UserError(
                        self.env._(
                            "The task %(task)s is waiting for %(tasks)s.",
                            task=task.name,
                            tasks=", ".join(
                                task.depend_on_ids.filtered(lambda t: t.state != "done").mapped(
                                    "name"
                                )
                            ),
                        )
                    )
                # a late task stays visibly late while it is being worked on
                late = task.date_deadline < now
                task.write({"state": "delayed" if late else "in_progress", "date_done": False})
        elif new_state in ("todo", "waiting"):
            reopened = tasks.filtered(lambda t: t.state in ("done", "in_progress"))
            for task in tasks:
                task.write({"state": task._get_open_state(), "date_done": False})
            reopened.dependent_ids._update_blocked_state()
        elif new_state == "delayed":
            for task in tasks.filtered(lambda t: t.state != "delayed"):
                if task.date_deadline >= now:
                    raise UserError(
                        self.env._(
                            "The task %(task)s is not late: it becomes Delayed automatically "
                            "once its deadline passes.",
                            task=task.name,
                        )
                    )
                task.write({"state": "delayed"})
        else:
            raise UserError(self.env._("Unknown task status: %(state)s", state=new_state))

    def _update_blocked_state(self):
        """Move not-started tasks between Waiting and Not Started according to their
        prerequisites; newly unblocked tasks give their owner an activity."""
        # sudo: a state change of a task moves dependent tasks owned by other people; only
        # their todo/waiting state follows the prerequisites (no user input is written).
        tasks = self.sudo().exists()
        to_wait = tasks.filtered(lambda t: t.state == "todo" and t.is_blocked)
        to_wait.write({"state": "waiting"})
        unblocked = tasks.filtered(lambda t: t.state == "waiting" and not t.is_blocked)
        unblocked.write({"state": "todo"})
        unblocked._schedule_owner_activity(
            note=self.env._("The tasks this one depends on are done: you can start it.")
        )

    # ------------------------------------------------------------------
    # Business methods: activities
    # ------------------------------------------------------------------
    def _schedule_owner_activity(self, note=None):
        """The owner's to-do activity on each task (one per task, kept up to date)."""
        # sudo: the activities belong to the owners, not to the current user; only ids read
        existing = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self.env.ref(ACTIVITY_TODO).id),
                ],
                ["res_id"],
            )
        )
        has_activity = {res_id for (res_id,) in existing}
        for task in self.filtered(lambda t: t.id not in has_activity and t.state != "done"):
            task.activity_schedule(
                ACTIVITY_TODO,
                date_deadline=fields.Date.context_today(task, task.date_deadline),
                summary=task.name,
                note=note,
                user_id=task.user_id.id,
            )

    def _reassign_activities(self):
        # sudo: a new owner takes over the previous owner's activities on the same tasks
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    (
                        "activity_type_id",
                        "in",
                        [self.env.ref(ACTIVITY_TODO).id, self.env.ref(ACTIVITY_OVERDUE).id],
                    ),
                ]
            )
        )
        owners = {task.id: task.user_id.id for task in self}
        for activity in activities:
            activity.user_id = owners[activity.res_id]

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    def _get_alert_hours(self, key, default):
        # sudo: reads one configured alert delay
        value = self.env["ir.config_parameter"].sudo().get_param(f"meeting_management.{key}")
        try:
            return max(1, int(value)) if value else default
        except ValueError:
            return default

    def _claim(self, condition, set_sql, limit=ALERT_BATCH_SIZE):
        """Atomically update up to ``limit`` open tasks of running meetings matching
        ``condition`` and return their ids. Rows locked by another worker are skipped, so two
        cron workers never process the same task, and the update happens in the transaction
        that sends the alert."""
        self.env["meeting.task"].flush_model()
        self.env["meeting.meeting"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE meeting_task SET %(set_sql)s
                 WHERE id IN (
                    SELECT task.id
                      FROM meeting_task task
                      JOIN meeting_meeting meeting ON meeting.id = task.meeting_id
                     WHERE task.state != 'done'
                       AND meeting.state NOT IN %(inactive)s
                       AND %(condition)s
                  ORDER BY task.id
                     LIMIT %(limit)s
                       FOR UPDATE OF task SKIP LOCKED)
                RETURNING id
                """,
                set_sql=set_sql,
                inactive=INACTIVE_MEETING_STATES,
                condition=condition,
                limit=limit,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.env["meeting.task"].invalidate_model()
        return self.env["meeting.task"].browse(ids)

    def _progress(self, processed):
        """Flush a processed batch (its pending writes are batched per model, not per record)
        and commit it when running as a cron (never inside tests)."""
        self.env.flush_all()
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(processed)

    @api.model
    def _cron_mark_delayed(self):
        """Open tasks past their deadline become Delayed."""
        now = fields.Datetime.now()
        while True:
            tasks = self._claim(
                SQL("task.state != 'delayed' AND task.date_deadline < %s", now),
                SQL("state = 'delayed', write_date = %s, write_uid = %s", now, self.env.uid),
            )
            if not tasks:
                break
            tasks._log_in_owner_lang(
                lambda env: env._("The deadline has passed: the task is now delayed.")
            )
            self._progress(len(tasks))
            if len(tasks) < ALERT_BATCH_SIZE:
                break

    @api.model
    def _cron_send_alerts(self):
        """Overdue alerts and the milestone double warning, each sent once per task."""
        self._cron_mark_delayed()
        now = fields.Datetime.now()
        overdue_hours = self._get_alert_hours("task_overdue_hours", 24)
        warning_hours = self._get_alert_hours("task_milestone_warning_hours", 24)
        kinds = [
            (
                "overdue_alert_sent_at",
                SQL("task.date_deadline < %s", now - timedelta(hours=overdue_hours)),
                "_send_overdue_alerts",
            ),
            (
                "milestone_warning_sent_at",
                SQL(
                    "task.is_milestone AND task.date_deadline > %s AND task.date_deadline <= %s",
                    now,
                    now + timedelta(hours=warning_hours),
                ),
                "_send_milestone_warnings",
            ),
            (
                "milestone_deadline_alert_sent_at",
                SQL("task.is_milestone AND task.date_deadline <= %s", now),
                "_send_milestone_deadline_alerts",
            ),
        ]
        for stamp, condition, method in kinds:
            while True:
                tasks = self._claim(
                    SQL("%s AND task.%s IS NULL", condition, SQL.identifier(stamp)),
                    SQL("%s = %s", SQL.identifier(stamp), now),
                )
                if not tasks:
                    break
                getattr(tasks, method)()
                self._progress(len(tasks))
                if len(tasks) < ALERT_BATCH_SIZE:
                    break

    def _send_overdue_alerts(self):
        hours = self._get_alert_hours("task_overdue_hours", 24)
        self._update_alert_activities(
            ACTIVITY_OVERDUE,
            lambda env: env._("Overdue by more than %(hours)s h", hours=hours),
            {task.id: task.user_id for task in self},
        )
        self._send_meeting_alert_mails(
            "meeting_management.mail_template_task_overdue", lambda m: m.initiator_id
        )
        self._log_in_owner_lang(
            lambda env: env._(
                "Overdue by more than %(hours)s h: the owner was alerted and the initiator copied.",
                hours=hours,
            )
        )

    def _send_milestone_warnings(self):
        hours = self._get_alert_hours("task_milestone_warning_hours", 24)
        self._update_alert_activities(
            ACTIVITY_MILESTONE,
            lambda env: env._("Milestone due within %(hours)s h", hours=hours),
            {task.id: task.user_id for task in self},
        )
        self._log_in_owner_lang(
            lambda env: env._("Milestone warning sent to the owner before the deadline.")
        )

    def _send_milestone_deadline_alerts(self):
        self._update_alert_activities(
            ACTIVITY_MILESTONE,
            lambda env: env._("Milestone missed its deadline"),
            {task.id: task.meeting_id.executor_id or task.meeting_id.initiator_id for task in self},
        )
        self._send_meeting_alert_mails(
            "meeting_management.mail_template_task_milestone_missed",
            lambda m: m.initiator_id | m.executor_id,
        )
        self._log_in_owner_lang(
            lambda env: env._(
                "Milestone not done at its deadline: the executor and the initiator were alerted."
            )
        )

    def _log_in_owner_lang(self, text):
        """Log ``text(env)`` on each task's chatter in its owner's language (one render per
        language)."""
        rendered = {}
        bodies = {}
        for task in self:
            lang = task.user_id.lang or self.env.lang or "en_US"
            if lang not in rendered:
                rendered[lang] = text(self.with_context(lang=lang).env)
            bodies[task.id] = rendered[lang]
        self._message_log_batch(bodies=bodies)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Skip the (task, partner) pairs a cron batch has just subscribed in bulk
        (``followers_in_bulk``); everything else as Odoo does it."""
        tasks = self if subtype_ids else drop_followed_in_bulk(self, partner_ids)
        return super(MeetingTask, tasks).message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _update_alert_activities(self, activity_xmlid, summary, users_by_task):
        """One activity per task and person: an alert turns the person's open activity on the
        task (the owner's to-do, an earlier warning) into this alert, or creates one. The
        summary ``summary(env)`` is written in the assignee's language. Batched: one write per
        language, one create for the rest, no per-activity e-mail."""
        activity_type = self.env.ref(activity_xmlid)
        task_types = [self.env.ref(xmlid).id for xmlid in ALERT_ACTIVITY_TYPES]
        # sudo: the task activities of other people, read only to update them instead of
        # adding a second one beside them
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "in", task_types),
                ],
                order="id",
            )
        )
        by_task_user = {}
        for activity in existing:
            by_task_user.setdefault((activity.res_id, activity.user_id.id), activity)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        summaries = {}
        to_update = {}
        vals_list = []
        for task in self:
            user = users_by_task[task.id]
            if not user:
                continue
            lang = user.lang or self.env.lang or "en_US"
            if lang not in summaries:
                summaries[lang] = summary(self.with_context(lang=lang).env)
            activity = by_task_user.get((task.id, user.id))
            if activity:
                to_update[lang] = to_update.get(lang, activity.browse()) | activity
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": task.id,
                    "activity_type_id": activity_type.id,
                    "summary": summaries[lang],
                    "user_id": user.id,
                    "date_deadline": today,
                    "automated": True,
                }
            )
        # quick update: the assignees see the activities in their inbox; the per-activity
        # assignment e-mail would cost queries per task
        for lang, activities in to_update.items():
            activities.with_context(mail_activity_quick_update=True).write(
                {
                    "activity_type_id": activity_type.id,
                    "summary": summaries[lang],
                    "date_deadline": today,
                }
            )
        # the assignees follow their tasks: subscribed at once for the batch, not one
        # ``message_subscribe`` per person inside the create
        users = self.env["res.users"].browse({vals["user_id"] for vals in vals_list})
        # sudo: the assignees' partners, read only to subscribe them (as mail.activity does)
        partner_of = {user.id: user.partner_id.id for user in users.sudo()}
        pairs = {(vals["res_id"], partner_of[vals["user_id"]]) for vals in vals_list}
        with followers_in_bulk(self, pairs):
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                vals_list
            )

    def _send_meeting_alert_mails(self, template_xmlid, recipients):
        """One e-mail per meeting listing its tasks of ``self``, rendered in one batch."""
        template = self.env.ref(template_xmlid)
        by_meeting = self.grouped("meeting_id")
        meetings = self.meeting_id
        # the tasks reach the template through the context (read as ``ctx`` there)
        template = template.with_context(
            meeting_task_alert_tasks={m.id: tasks for m, tasks in by_meeting.items()}
        )
        subjects = template._render_field("subject", meetings.ids, compute_lang=True)
        bodies = template._render_field("body_html", meetings.ids, compute_lang=True)
        vals_list = []
        for meeting in meetings:
            partners = recipients(meeting).partner_id
            if not partners:
                continue
            vals_list.append(
                self._prepare_alert_mail_vals(
                    meeting, subjects[meeting.id], bodies[meeting.id], partners
                )
            )
        # sudo: mails are generated by the system for the meeting's own participants
        return self.env["mail.mail"].sudo().create(vals_list)

    def _prepare_alert_mail_vals(self, record, subject, body, partners):
        """Values of a system mail about ``record``; reply-to, record name and company are given
        so that creating a batch of mails costs no query per mail."""
        email_from = record.company_id.email_formatted or self.env.company.email_formatted
        return {
            "subject": subject,
            "body_html": body,
            "email_from": email_from,
            "reply_to": email_from,
            "recipient_ids": [fields.Command.set(partners.ids)],
            "model": record._name,
            "res_id": record.id,
            "record_name": record.display_name,
            "record_company_id": record.company_id.id,
            "record_alias_domain_id": False,
            "auto_delete": True,
        }

    @api.model
    def _cron_send_weekly_digest(self):
        """Weekly preparation digest (每周筹备协调会) to the heads of the departments owning
        open tasks: progress per meeting, late tasks and the next milestones."""
        now = fields.Datetime.now()
        open_tasks = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("meeting_id.state", "not in", INACTIVE_MEETING_STATES),
                ("department_id.manager_id.user_id", "!=", False),
            ]
        )
        if not open_tasks:
            return self.env["mail.mail"]
        meetings = open_tasks.meeting_id
        counts = self._read_group(
            [("meeting_id", "in", meetings.ids)], ["meeting_id", "state"], ["__count"]
        )
        totals, done = {}, {}
        for meeting, state, count in counts:
            totals[meeting.id] = totals.get(meeting.id, 0) + count
            if state == "done":
                done[meeting.id] = done.get(meeting.id, 0) + count
        digest = {}
        for department, tasks in open_tasks.grouped("department_id").items():
            digest[department.id] = {
                "meetings": [
                    {
                        "meeting": meeting,
                        "done": done.get(meeting.id, 0),
                        "total": totals.get(meeting.id, 0),
                        "open": len(meeting_tasks),
                    }
                    for meeting, meeting_tasks in tasks.grouped("meeting_id").items()
                ],
                "late": tasks.filtered(lambda t: t.date_deadline < now),
                "milestones": tasks.filtered(
                    lambda t: t.is_milestone and now <= t.date_deadline <= now + timedelta(days=14)
                ).sorted("date_deadline"),
            }
        template = self.env.ref("meeting_management.mail_template_task_weekly_digest").with_context(
            meeting_task_digest=digest
        )
        departments = open_tasks.department_id
        subjects = template._render_field("subject", departments.ids, compute_lang=True)
        bodies = template._render_field("body_html", departments.ids, compute_lang=True)
        vals_list = [
            self._prepare_alert_mail_vals(
                department,
                subjects[department.id],
                bodies[department.id],
                department.manager_id.user_id.partner_id,
            )
            for department in departments
        ]
        # sudo: the digest is a system mail to department heads
        return self.env["mail.mail"].sudo().create(vals_list)
