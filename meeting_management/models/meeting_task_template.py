from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .meeting_task import TASK_PHASES, TASK_PRIORITIES

# the least time a generated task leaves its owner, from the moment the plan is generated
PLAN_MIN_LEAD = timedelta(hours=2)

OWNER_ROLES = [
    ("executor", "Executor"),
    ("initiator", "Initiator"),
    ("department", "Department Manager"),
]


class MeetingTaskTemplate(models.Model):
    """A line of a meeting type's default execution plan (会议执行计划表).

    On approval of a meeting, each template becomes a ``meeting.task`` whose deadline is the
    meeting start plus the template's offset, whose owner is resolved from the owner role, and
    whose dependencies mirror the template's dependencies.
    """

    _name = "meeting.task.template"
    _description = "Meeting Task Template"
    _order = "type_id, sequence, id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    type_id = fields.Many2one(
        "meeting.type", string="Meeting Type", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True, translate=True)
    description = fields.Text(translate=True)
    phase = fields.Selection(TASK_PHASES, required=True, default="before")
    owner_role = fields.Selection(
        OWNER_ROLES,
        required=True,
        default="executor",
        help="Who owns the generated task: the meeting's executor, its initiator, or the manager "
        "of a department (falling back to the executor when the department has no manager "
        "with a user).",
    )
    department_id = fields.Many2one("hr.department", string="Department")
    priority = fields.Selection(TASK_PRIORITIES, default="1")
    offset_value = fields.Integer(
        string="Offset",
        default=-1,
        help="Deadline relative to the meeting start; negative values are before the meeting.",
    )
    offset_unit = fields.Selection(
        [("hours", "Hours"), ("days", "Days")], string="Offset Unit", required=True, default="days"
    )
    is_milestone = fields.Boolean(string="Milestone")
    requires_deliverable = fields.Boolean(
        help="The generated task cannot be completed without an attached deliverable."
    )
    deliverable = fields.Char(
        string="Expected Deliverable", translate=True, help="e.g. venue floor plan"
    )
    depend_on_ids = fields.Many2many(
        "meeting.task.template",
        relation="meeting_task_template_dependency_rel",
        column1="template_id",
        column2="depends_on_id",
        string="Depends On",
        domain="[('type_id', '=', type_id), ('id', '!=', id)]",
    )
    dependent_ids = fields.Many2many(
        "meeting.task.template",
        relation="meeting_task_template_dependency_rel",
        column1="depends_on_id",
        column2="template_id",
        string="Blocks",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("depend_on_ids", "type_id")
    def _check_dependencies(self):
        for template in self:
            if template.depend_on_ids.filtered(lambda t, tt=template.type_id: t.type_id != tt):
                raise ValidationError(
                    self.env._(
                        "The template %(name)s can only depend on templates of the same "
                        "meeting type.",
                        name=template.name,
                    )
                )
        if self._has_cycle("depend_on_ids"):
            raise ValidationError(
                self.env._("Task templates cannot depend on each other in a circle.")
            )

    @api.constrains("owner_role", "department_id")
    def _check_department(self):
        for template in self:
            if template.owner_role == "department" and not template.department_id:
                raise ValidationError(
                    self.env._(
                        "The template %(name)s is owned by a department: choose the department.",
                        name=template.name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_deadline(self, date_start):
        self.ensure_one()
        delta = (
            timedelta(hours=self.offset_value)
            if self.offset_unit == "hours"
            else timedelta(days=self.offset_value)
        )
        return date_start + delta

    def _get_plan_deadlines(self, meeting, now=None):
        """Deadlines of the tasks generated from the templates ``self`` for ``meeting``.

        Each deadline is the meeting start plus the template's offset, unless the plan is
        generated too late for it (a meeting approved 6 days ahead with templates reaching 10
        days back). The rule, when the earliest deadline falls before ``now + PLAN_MIN_LEAD``
        (rounded up to the hour), called the floor:

        - the before-meeting deadlines (negative offsets) are compressed proportionally from
          their span [earliest deadline, meeting start] into the window [floor, meeting start]:
          ``new = floor + (deadline - earliest) * (start - floor) / (start - earliest)``, rounded
          down to the hour (never below the floor, which is on the hour). The mapping keeps
          their order, so a task is never due before a task it depends on when the templates
          were consistent; dependencies are then enforced explicitly (a task is due no earlier
          than its prerequisites).
        - deadlines at or after the start keep their offsets;
        - no deadline is ever earlier than the floor: when the meeting starts before the floor
          (approved at the last minute), every before-meeting task is due at the floor.

        Returns ``(deadlines, compressed)``: a dict template -> deadline, and ``None`` when the
        offsets were kept or ``(old_first, old_last, new_first, new_last)`` describing the
        before-meeting window that was compressed.
        """
        start = meeting.date_start
        planned = {template: template._get_deadline(start) for template in self}
        if not planned:
            return planned, None
        now = now or fields.Datetime.now()
        floor = now + PLAN_MIN_LEAD
        if floor.minute or floor.second or floor.microsecond:
            floor = floor.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if min(planned.values()) >= floor:
            return planned, None
        before = {t: d for t, d in planned.items() if d < start}
        earliest = min(before.values(), default=start)
        deadlines = {}
        for template, deadline in planned.items():
            if template in before and start > floor and start > earliest:
                ratio = (deadline - earliest) / (start - earliest)
                deadline = floor + (start - floor) * ratio
                deadline = max(deadline.replace(minute=0, second=0, microsecond=0), floor)
            deadlines[template] = max(deadline, floor)
        # a task is never due before a task it depends on (follow the dependencies in order)
        changed = True
        while changed:
            changed = False
            for template in self:
                needed = max(
                    (deadlines[t] for t in template.depend_on_ids if t in deadlines),
                    default=deadlines[template],
                )
                if needed > deadlines[template]:
                    deadlines[template] = needed
                    changed = True
        compressed_before = [deadlines[t] for t in before] or list(deadlines.values())
        compressed = (
            min(before.values(), default=min(planned.values())),
            max(before.values(), default=max(planned.values())),
            min(compressed_before),
            max(compressed_before),
        )
        return deadlines, compressed

    def _get_owner(self, meeting):
        """The user owning the task generated for ``meeting``; the executor by default."""
        self.ensure_one()
        fallback = meeting.executor_id or meeting.initiator_id
        if self.owner_role == "initiator":
            return meeting.initiator_id
        if self.owner_role == "department":
            return self.department_id.manager_id.user_id or fallback
        return fallback

    def _prepare_task_vals(self, meeting, deadline=None):
        self.ensure_one()
        owner = self._get_owner(meeting)
        # cross-department tasks are led by the executor (牵头责任人)
        executor = meeting.executor_id
        lead = executor if executor and owner != executor else False
        return {
            "meeting_id": meeting.id,
            "template_id": self.id,
            "sequence": self.sequence,
            "name": self.name,
            "phase": self.phase,
            "user_id": owner.id,
            "lead_user_id": lead.id if lead else False,
            "priority": self.priority,
            "date_deadline": deadline or self._get_deadline(meeting.date_start),
            "is_milestone": self.is_milestone,
            "requires_deliverable": self.requires_deliverable,
            "deliverable": self.deliverable,
            "notes": self.description,
        }
