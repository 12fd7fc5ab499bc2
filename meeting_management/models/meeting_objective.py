from odoo import api, fields, models


class MeetingObjective(models.Model):
    _name = "meeting.objective"
    _description = "Meeting Objective"
    _order = "sequence, id"

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
