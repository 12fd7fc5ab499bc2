from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .meeting_task import TASK_PHASES, TASK_PRIORITIES

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

    def _get_owner(self, meeting):
        """The user owning the task generated for ``meeting``; the executor by default."""
        self.ensure_one()
        fallback = meeting.executor_id or meeting.initiator_id
        if self.owner_role == "initiator":
            return meeting.initiator_id
        if self.owner_role == "department":
            return self.department_id.manager_id.user_id or fallback
        return fallback

    def _prepare_task_vals(self, meeting):
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
            "date_deadline": self._get_deadline(meeting.date_start),
            "is_milestone": self.is_milestone,
            "requires_deliverable": self.requires_deliverable,
            "deliverable": self.deliverable,
            "notes": self.description,
        }


class MeetingType(models.Model):
    _inherit = "meeting.type"

    task_template_ids = fields.One2many(
        "meeting.task.template", "type_id", string="Task Templates", copy=True
    )
    task_template_count = fields.Integer(compute="_compute_task_template_count")

    @api.depends("task_template_ids")
    def _compute_task_template_count(self):
        for meeting_type in self:
            meeting_type.task_template_count = len(meeting_type.task_template_ids)
