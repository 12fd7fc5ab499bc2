from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .meeting_meeting_kpi import NullableFloat, NullableMonetary

# Planned values frozen with the plan; actuals stay editable for the review.
LOCKED_FIELDS = frozenset({"meeting_id", "category", "name", "amount_planned"})

BUDGET_CATEGORIES = [
    ("venue", "Venue"),
    ("materials", "Materials"),
    ("catering", "Catering"),
    ("travel", "Travel"),
    ("other", "Other"),
]


class MeetingBudgetLine(models.Model):
    _name = "meeting.budget.line"
    _inherit = ["meeting.line.mixin"]
    _description = "Meeting Budget Line"
    _order = "sequence, id"
    _plan_locked_fields = LOCKED_FIELDS

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    currency_id = fields.Many2one(related="meeting_id.currency_id")
    sequence = fields.Integer(default=10)
    category = fields.Selection(BUDGET_CATEGORIES, required=True, default="other")
    name = fields.Char(string="Description")
    amount_planned = fields.Monetary(string="Planned", currency_field="currency_id")
    # Empty until finance enters it: a missing actual is not a cost of 0 (no variance, no
    # finance suggestion, "—" in the report).
    amount_actual = NullableMonetary(
        string="Actual", currency_field="currency_id", help="Empty while not entered yet."
    )
    variance = NullableMonetary(
        compute="_compute_variance", store=True, currency_field="currency_id"
    )
    variance_percent = NullableFloat(string="Variance (%)", compute="_compute_variance", store=True)
    variance_reason = fields.Char()

    @api.depends("amount_planned", "amount_actual")
    def _compute_variance(self):
        for line in self:
            if line.amount_actual is False:
                line.variance = line.variance_percent = False
                continue
            line.variance = line.amount_actual - line.amount_planned
            line.variance_percent = (
                line.variance / line.amount_planned * 100.0 if line.amount_planned else False
            )

    @api.constrains("amount_planned", "amount_actual")
    def _check_amounts(self):
        for line in self:
            if line.amount_planned < 0 or (line.amount_actual or 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "Budget amounts cannot be negative (line %(name)s).",
                        name=line.name or line.category,
                    )
                )
