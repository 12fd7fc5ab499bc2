from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Planned values frozen with the plan; actuals stay editable for the review.
LOCKED_FIELDS = frozenset({"meeting_id", "name", "target_value", "unit"})


class MeetingObjective(models.Model):
    _name = "meeting.objective"
    _inherit = ["meeting.line.mixin"]
    _description = "Meeting Objective"
    _order = "sequence, id"
    _plan_locked_fields = LOCKED_FIELDS

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Objective", required=True)
    target_value = fields.Float(string="Target", required=True, digits=(16, 2))
    unit = fields.Char()
    actual_value = fields.Float(string="Actual", digits=(16, 2))
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_attainment",
        store=True,
        aggregator="avg",
    )

    @api.depends("target_value", "actual_value")
    def _compute_attainment(self):
        for objective in self:
            objective.attainment = (
                objective.actual_value / objective.target_value * 100.0
                if objective.target_value
                else 0.0
            )

    @api.constrains("target_value", "actual_value")
    def _check_values(self):
        for objective in self:
            if objective.target_value < 0:
                raise ValidationError(
                    self.env._(
                        "The target of the objective %(name)s cannot be negative.",
                        name=objective.name,
                    )
                )
            if objective.actual_value < 0:
                raise ValidationError(
                    self.env._(
                        "The actual value of the objective %(name)s cannot be negative.",
                        name=objective.name,
                    )
                )
