from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Planned values frozen with the plan; actuals stay editable for the review stage.
LOCKED_FIELDS = frozenset({"meeting_id", "name", "target_value", "unit"})


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

    # ------------------------------------------------------------------
    # Lock: the planned part is frozen once the plan is submitted
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        meeting_ids = {vals.get("meeting_id") for vals in vals_list}
        self.env["meeting.meeting"].browse(filter(None, meeting_ids))._check_plan_editable(
            self.env._("add %(what)s", what=self._description)
        )
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_FIELDS & vals.keys():
            meetings = self.meeting_id
            if "meeting_id" in vals:
                meetings |= self.env["meeting.meeting"].browse(vals["meeting_id"])
            meetings._check_plan_editable(self.env._("change %(what)s", what=self._description))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.meeting_id._check_plan_editable(self.env._("delete %(what)s", what=self._description))

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
