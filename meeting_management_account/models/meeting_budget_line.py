from odoo import api, fields, models
from odoo.exceptions import UserError

# Frozen by the budget settlement (until a meeting administrator reopens it).
SETTLED_FIELDS = frozenset({"amount_actual", "variance_reason"})


class MeetingBudgetLine(models.Model):
    _inherit = "meeting.budget.line"

    amount_committed = fields.Monetary(
        string="Committed",
        copy=False,
        readonly=True,
        currency_field="currency_id",
        help="Draft bills and approved expenses not yet posted, for this budget category.",
    )
    budget_from_accounting = fields.Boolean(related="meeting_id.budget_from_accounting")
    budget_settlement_state = fields.Selection(
        related="meeting_id.budget_settlement_state", store=True, string="Budget Settlement"
    )
    meeting_type_id = fields.Many2one(
        related="meeting_id.type_id", store=True, string="Meeting Type"
    )
    meeting_department_id = fields.Many2one(
        related="meeting_id.department_id", store=True, string="Department"
    )
    meeting_date = fields.Datetime(
        related="meeting_id.date_start", store=True, string="Meeting Date"
    )
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting Status")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("amount_committed"):
                    raise UserError(self.env._("Committed amounts are read from Accounting."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if "amount_committed" in vals:
                raise UserError(self.env._("Committed amounts are read from Accounting."))
            if SETTLED_FIELDS & vals.keys() and any(
                line.meeting_id.budget_settlement_state == "settled" for line in self
            ):
                raise UserError(
                    self.env._(
                        "The budget is settled: its actuals and variance reasons are frozen "
                        "until a meeting administrator reopens the settlement."
                    )
                )
            if "amount_actual" in vals and any(
                line.meeting_id.budget_from_accounting for line in self
            ):
                raise UserError(
                    self.env._(
                        "The actual amounts of this budget are read from Accounting: book the "
                        "cost on a bill or an expense with the meeting's analytic account."
                    )
                )
        return super().write(vals)

    def _write_actuals(self, actual, committed):
        """Private: the refresh writes the figures read from Accounting. sudo: the caller is
        the refresh, which reads them as superuser for a meeting the user sees."""
        self.sudo().write({"amount_actual": actual, "amount_committed": committed})

    def _variance_needs_reason(self, tolerance):
        """Whether this line's actual differs from its plan beyond ``tolerance`` percent."""
        self.ensure_one()
        if not self.amount_planned:
            return not self.currency_id.is_zero(self.amount_actual)
        return abs(self.variance_percent) > tolerance
