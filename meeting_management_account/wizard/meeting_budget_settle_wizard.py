from odoo import api, fields, models


class MeetingBudgetSettleWizard(models.TransientModel):
    """The budget settlement (结算): the figures read from Accounting, a reason for every
    variance beyond the target, then the freeze."""

    _name = "meeting.budget.settle.wizard"
    _description = "Settle a Meeting Budget"

    meeting_id = fields.Many2one("meeting.meeting", required=True, readonly=True)
    currency_id = fields.Many2one(related="meeting_id.currency_id")
    line_ids = fields.One2many("meeting.budget.settle.wizard.line", "wizard_id", string="Lines")
    total_variance_reason = fields.Char(string="Reason for the Total Variance")
    amount_planned = fields.Monetary(related="meeting_id.kpi_budget_planned", string="Planned")
    amount_actual = fields.Monetary(related="meeting_id.kpi_budget_actual", string="Actual")
    amount_committed = fields.Monetary(related="meeting_id.budget_committed_total")
    amount_unmapped = fields.Monetary(related="meeting_id.budget_unmapped_amount")
    problem_text = fields.Text(string="To Do Before Settling", compute="_compute_problem_text")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            meeting = wizard.meeting_id
            wizard.total_variance_reason = meeting.budget_total_variance_reason
            wizard.line_ids = [
                fields.Command.create(
                    {"budget_line_id": line.id, "variance_reason": line.variance_reason}
                )
                for line in meeting.budget_line_ids
            ]
        return wizards

    @api.depends("line_ids.variance_reason", "total_variance_reason")
    def _compute_problem_text(self):
        for wizard in self:
            problems = wizard.meeting_id._get_budget_settlement_problems(
                wizard.total_variance_reason, wizard._line_reasons()
            )
            wizard.problem_text = "\n".join(f"- {problem}" for problem in problems)

    def _line_reasons(self):
        return {line.budget_line_id.id: line.variance_reason or False for line in self.line_ids}

    def action_settle(self):
        self.ensure_one()
        meeting = self.meeting_id
        meeting._check_can_settle_budget()
        meeting._settle_budget(self.total_variance_reason or False, self._line_reasons())
        return {"type": "ir.actions.act_window_close"}


class MeetingBudgetSettleWizardLine(models.TransientModel):
    _name = "meeting.budget.settle.wizard.line"
    _description = "Settle a Meeting Budget: Line"

    wizard_id = fields.Many2one("meeting.budget.settle.wizard", required=True, ondelete="cascade")
    budget_line_id = fields.Many2one("meeting.budget.line", required=True, readonly=True)
    currency_id = fields.Many2one(related="budget_line_id.currency_id")
    category = fields.Selection(related="budget_line_id.category")
    name = fields.Char(related="budget_line_id.name")
    amount_planned = fields.Monetary(related="budget_line_id.amount_planned")
    amount_committed = fields.Monetary(related="budget_line_id.amount_committed")
    amount_actual = fields.Monetary(related="budget_line_id.amount_actual")
    variance = fields.Monetary(related="budget_line_id.variance")
    variance_percent = fields.Float(related="budget_line_id.variance_percent")
    variance_reason = fields.Char()
