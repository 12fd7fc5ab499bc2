from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MeetingType(models.Model):
    _name = "meeting.type"
    _description = "Meeting Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in references and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the type between companies."
    )
    # Approval settings
    skip_resource_review = fields.Boolean(
        help="Meetings of this type go straight to the manager's approval, without the "
        "cross-department resource review (e.g. small internal meetings).",
    )
    manager_approval_hours = fields.Integer(
        string="Manager Time Limit (h)",
        help="Overrides the time limit of the manager approval step for this type. "
        "Leave 0 to use the one from Settings.",
    )
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    # The execution plan generated when a meeting of this type is approved
    task_template_ids = fields.One2many(
        "meeting.task.template", "type_id", string="Task Templates", copy=True
    )
    task_template_count = fields.Integer(compute="_compute_task_template_count")

    @api.constrains("manager_approval_hours")
    def _check_hours(self):
        for meeting_type in self:
            if meeting_type.manager_approval_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The time limit of the meeting type %(name)s cannot be negative.",
                        name=meeting_type.name,
                    )
                )

    def _compute_meeting_count(self):
        counts = dict(
            self.env["meeting.meeting"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for meeting_type in self:
            meeting_type.meeting_count = counts.get(meeting_type, 0)

    @api.depends("task_template_ids")
    def _compute_task_template_count(self):
        for meeting_type in self:
            meeting_type.task_template_count = len(meeting_type.task_template_ids)
