from odoo import api, fields, models
from odoo.exceptions import ValidationError

ESCALATION_TARGETS = [
    ("executor", "Meeting Executor"),
    ("initiator", "Meeting Initiator"),
    ("handler_manager", "Handler's Manager"),
    ("administrators", "Meeting Administrators"),
    ("user", "Specific User"),
    ("partner", "External Contact"),
]


class MeetingIncidentEscalation(models.Model):
    """A step of an incident type's escalation path: who is told when an incident of that
    type is still not resolved after so many minutes."""

    _name = "meeting.incident.escalation"
    _description = "Emergency Plan Escalation Step"
    _order = "type_id, after_minutes, sequence, id"

    type_id = fields.Many2one(
        "meeting.incident.type",
        string="Incident Type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    after_minutes = fields.Integer(
        string="After (min)",
        required=True,
        default=15,
        help="Minutes after the report, the incident still unresolved.",
    )
    target = fields.Selection(
        ESCALATION_TARGETS, string="Escalate To", required=True, default="executor"
    )
    user_id = fields.Many2one("res.users", string="User", domain=[("share", "=", False)])
    partner_id = fields.Many2one("res.partner", string="Contact")
    note = fields.Char(string="Instruction", translate=True)

    @api.constrains("after_minutes", "target", "user_id", "partner_id")
    def _check_step(self):
        for step in self:
            if step.after_minutes < 0:
                raise ValidationError(
                    self.env._("The escalation times of an emergency plan cannot be negative.")
                )
            if (step.target == "user" and not step.user_id) or (
                step.target == "partner" and not step.partner_id
            ):
                raise ValidationError(
                    self.env._("Choose the user or the contact the incident is escalated to.")
                )

    def _get_partners(self, incident, administrators=None):
        """The partners told at this step for ``incident`` (``administrators``: the users of
        the meeting administrators group, when the caller already read them)."""
        self.ensure_one()
        meeting = incident.meeting_id
        if self.target == "executor":
            users = meeting.executor_id or meeting.initiator_id
        elif self.target == "initiator":
            users = meeting.initiator_id
        elif self.target == "handler_manager":
            employee = incident.handler_id.employee_ids[:1]
            users = employee.parent_id.user_id or meeting.executor_id
        elif self.target == "administrators":
            if administrators is None:
                administrators = self.env.ref("meeting_management.group_meeting_manager").user_ids
            users = administrators.filtered(
                lambda u: not u.share and u.active and incident.company_id in u.company_ids
            )
        elif self.target == "user":
            users = self.user_id
        else:
            return self.partner_id
        return users.partner_id
