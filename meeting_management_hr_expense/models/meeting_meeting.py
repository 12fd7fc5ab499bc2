from odoo import fields, models

from odoo.addons.meeting_management_account.models.meeting_meeting import FINANCE_GROUP


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    meeting_expense_count = fields.Integer(
        string="Expenses", compute="_compute_meeting_expense_count", groups=FINANCE_GROUP
    )

    def _compute_meeting_expense_count(self):
        # sudo: a count for finance, who reads the meeting's costs; the list applies their rights
        Expense = self.env["hr.expense"].sudo()
        for meeting in self:
            meeting.meeting_expense_count = (
                Expense.search_count(
                    [("analytic_distribution", "in", meeting.analytic_account_id.ids)]
                )
                if meeting.analytic_account_id
                else 0
            )

    def action_view_meeting_expenses(self):
        self.ensure_one()
        self._check_finance()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_expense.hr_expense_actions_all")
        action["domain"] = [("analytic_distribution", "in", self.analytic_account_id.ids)]
        action["context"] = self._get_expense_context()
        return action

    def action_new_meeting_expense(self):
        """File an expense for this meeting: its analytic account is pre-filled."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Expense"),
            "res_model": "hr.expense",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._get_expense_context(),
        }

    def _get_expense_context(self):
        return {
            "default_analytic_distribution": {str(self.analytic_account_id.id): 100},
            "default_company_id": self.company_id.id,
            "default_name": self.name,
        }

    def _get_budget_cost_items(self):
        return super()._get_budget_cost_items() + self._get_approved_expense_items()

    def _get_approved_expense_items(self):
        """Committed: approved expenses not yet posted (posted ones have analytic lines)."""
        by_account = {meeting.analytic_account_id.id: meeting for meeting in self}
        convert = self._budget_converter()
        expenses = self.env["hr.expense"].search_fetch(
            [
                ("analytic_distribution", "in", list(by_account)),
                ("state", "=", "approved"),
                ("company_id", "in", self.company_id.ids),
            ],
            ["total_amount", "analytic_distribution", "product_id", "company_id", "date"],
        )
        items = []
        for expense in expenses:
            for account_id, meeting in by_account.items():
                share = self._distribution_share(expense.analytic_distribution, account_id)
                if not share or expense.company_id != meeting.company_id:
                    continue
                amount = convert(
                    expense.total_amount * share,
                    expense.company_id.currency_id,
                    meeting,
                    expense.date,
                )
                items.append((meeting.id, expense.product_id.id, amount, "committed"))
        return items
