import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_datetime

from .meeting_task import TASK_STATES

PLAN_STATES = ("approved", "in_progress", "review")


class MeetingMeeting(models.Model):
    """The execution plan (会议执行计划表) of a meeting: its tasks and their progress."""

    _inherit = "meeting.meeting"

    task_count = fields.Integer(string="Task Count", compute="_compute_task_stats")
    task_done_count = fields.Integer(string="Tasks Done", compute="_compute_task_stats")
    task_late_count = fields.Integer(string="Late Tasks", compute="_compute_task_stats")
    task_progress = fields.Float(
        string="Preparation Progress", compute="_compute_task_stats", help="Done / total tasks."
    )
    task_ontime_rate = fields.Float(
        string="On-time Rate",
        compute="_compute_task_stats",
        help="Share of the completed tasks finished by their deadline (target ≥ 98%).",
    )
    can_manage_tasks = fields.Boolean(compute="_compute_can_manage_tasks")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("task_ids.state", "task_ids.is_done_late")
    def _compute_task_stats(self):
        stats = {}
        if self.ids:
            for meeting, state, late, count in self.env["meeting.task"]._read_group(
                [("meeting_id", "in", self.ids)],
                ["meeting_id", "state", "is_done_late"],
                ["__count"],
            ):
                row = stats.setdefault(meeting.id, {"total": 0, "done": 0, "late_done": 0})
                row["total"] += count
                if state == "done":
                    row["done"] += count
                    row["late_done"] += count if late else 0
                if state == "delayed":
                    row["late"] = row.get("late", 0) + count
        for meeting in self:
            row = stats.get(meeting.id, {})
            total, done = row.get("total", 0), row.get("done", 0)
            meeting.task_count = total
            meeting.task_done_count = done
            meeting.task_late_count = row.get("late", 0) + row.get("late_done", 0)
            meeting.task_progress = 100.0 * done / total if total else 0.0
            meeting.task_ontime_rate = (
                100.0 * (done - row.get("late_done", 0)) / done if done else 0.0
            )

    @api.depends_context("uid")
    @api.depends("executor_id")
    def _compute_can_manage_tasks(self):
        is_manager = self.env.user.has_group("meeting_management.group_meeting_manager")
        for meeting in self:
            meeting.can_manage_tasks = is_manager or meeting.executor_id == self.env.user

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _on_approved(self):
        res = super()._on_approved()
        self.filtered(lambda m: not m.task_ids)._generate_tasks()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_tasks(self):
        for meeting in self:
            if not meeting.can_manage_tasks:
                raise AccessError(
                    self.env._(
                        "Only the executor of %(meeting)s or a meeting administrator can "
                        "generate its execution plan.",
                        meeting=meeting.display_name,
                    )
                )
            if meeting.state not in PLAN_STATES:
                raise UserError(
                    self.env._(
                        "The execution plan of %(meeting)s is generated once the meeting is "
                        "approved.",
                        meeting=meeting.display_name,
                    )
                )
            if meeting.task_ids:
                raise UserError(
                    self.env._(
                        "%(meeting)s already has an execution plan.", meeting=meeting.display_name
                    )
                )
            if not meeting.type_id.task_template_ids:
                raise UserError(
                    self.env._(
                        "The meeting type %(type)s has no task templates: add tasks by hand or "
                        "configure its templates.",
                        type=meeting.type_id.name,
                    )
                )
        self._generate_tasks()
        return self.action_view_tasks()

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_task_action_meeting"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {
            "default_meeting_id": self.id,
            "search_default_group_phase": 1,
        }
        action["display_name"] = self.env._("Tasks of %(meeting)s", meeting=self.name)
        return action

    def action_print_task_tracking(self):
        return self.env.ref("meeting_management.action_report_meeting_task_tracking").report_action(
            self
        )

    def action_export_task_tracking_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/meeting/{self.id}/task_tracking.xlsx",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _generate_tasks(self):
        """The execution plan from the meeting type's templates: deadlines relative to the
        meeting start, owners resolved from roles/departments, dependencies carried over.

        A plan generated later than its templates' offsets allow is compressed into the time
        left (see ``meeting.task.template._get_plan_deadlines``): no task is born overdue, and
        the meeting's chatter and the executor say from what to what it was compressed."""
        # sudo: the plan is generated by the approval workflow, whoever approves; the tasks
        # belong to the meeting and follow its access rules afterwards
        Task = self.env["meeting.task"].sudo().with_context(mail_create_nolog=True)
        for meeting in self.sudo():
            # task names in the language of the people who work on the plan
            lang = (meeting.executor_id or meeting.initiator_id).lang or self.env.lang
            templates = meeting.type_id.with_context(lang=lang).task_template_ids
            if not templates:
                continue
            deadlines, compressed = templates._get_plan_deadlines(meeting)
            tasks = Task.create(
                [
                    template._prepare_task_vals(meeting, deadline=deadlines[template])
                    for template in templates
                ]
            )
            task_by_template = dict(zip(templates, tasks, strict=True))
            for template, task in task_by_template.items():
                if template.depend_on_ids:
                    task.depend_on_ids = [
                        fields.Command.set([task_by_template[t].id for t in template.depend_on_ids])
                    ]
            tasks._update_blocked_state()
            tasks.filtered(lambda t: t.state == "todo")._schedule_owner_activity()
            meeting.message_post(
                body=self.env._(
                    "Execution plan generated from the %(type)s templates: %(count)s tasks.",
                    type=meeting.type_id.name,
                    count=len(tasks),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if compressed:
                meeting.with_context(lang=lang)._notify_plan_compressed(compressed, len(tasks))

    def _notify_plan_compressed(self, compressed, count):
        """Tell the meeting's chatter and its executor that the plan was compressed."""
        self.ensure_one()
        old_first, old_last, new_first, new_last = compressed
        executor = self.executor_id or self.initiator_id
        tz = executor.tz or self.env.user.tz or "UTC"

        def fmt(value):
            return format_datetime(self.env, value, tz=tz, dt_format="yyyy-MM-dd HH:mm")

        body = self.env._(
            "The execution plan was compressed to fit the time left before the meeting: the "
            "preparation deadlines of the templates ran from %(old_first)s to %(old_last)s, "
            "which had partly passed; the %(count)s tasks are now due from %(new_first)s to "
            "%(new_last)s, in the same order. Check that their owners can still make it.",
            old_first=fmt(old_first),
            old_last=fmt(old_last),
            new_first=fmt(new_first),
            new_last=fmt(new_last),
            count=count,
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        if executor:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Execution plan compressed: check the task deadlines"),
                note=body,
                user_id=executor.id,
            )

    def _get_task_tracking_rows(self):
        """Rows of the task tracking table (模板3 执行进度跟踪表)."""
        self.ensure_one()
        states = dict(TASK_STATES)
        rows = []
        for task in self.task_ids:
            status = states[task.state]
            if task.delay_display:
                status = (
                    task.delay_display
                    if task.state == "done"
                    else f"{status} ({task.delay_display})"
                )
            rows.append(
                {
                    "task": task,
                    "status": status,
                    "deliverable": ", ".join(task.deliverable_ids.mapped("name"))
                    or task.deliverable
                    or "",
                }
            )
        return rows

    def _get_task_tracking_xlsx(self):
        """The task tracking table as an Excel workbook (bytes)."""
        self.ensure_one()
        tz_self = self.with_context(tz=self.env.user.tz or "UTC")
        buf = io.BytesIO()
        workbook = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Task Tracking")[:31])
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        late = workbook.add_format({"border": 1, "font_color": "#C00000", "valign": "top"})
        sheet.write(0, 0, self.env._("Task Tracking Table: %(name)s", name=self.name), title)
        sheet.write(
            1,
            0,
            self.env._(
                "Progress %(done)s/%(total)s, on-time rate %(rate)s%%",
                done=self.task_done_count,
                total=self.task_count,
                rate=round(self.task_ontime_rate),
            ),
        )
        columns = [
            (self.env._("Task"), 36),
            (self.env._("Owner"), 16),
            (self.env._("Planned Finish"), 18),
            (self.env._("Actual Finish"), 18),
            (self.env._("Status"), 22),
            (self.env._("Deliverable"), 28),
            (self.env._("Notes"), 36),
        ]
        for col, (label, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(3, col, label, header)

        def fmt(value):
            if not value:
                return "-"
            return fields.Datetime.context_timestamp(tz_self, value).strftime("%Y-%m-%d %H:%M")

        for row, line in enumerate(self._get_task_tracking_rows(), start=4):
            task = line["task"]
            values = [
                task.name,
                task.user_id.name,
                fmt(task.date_deadline),
                fmt(task.date_done),
                line["status"],
                line["deliverable"] or "-",
                task.notes or "-",
            ]
            for col, value in enumerate(values):
                sheet.write(row, col, value, late if col == 4 and task.delay_display else cell)
        workbook.close()
        return buf.getvalue()
