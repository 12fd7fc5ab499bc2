from odoo import api, fields, models

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES
from odoo.addons.meeting_management_purchase.models.purchase_order_line import (
    with_meeting_account,
)


class PurchaseRequisitionLine(models.Model):
    _inherit = "purchase.requisition.line"

    meeting_budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        string="Meeting Budget Category",
        compute="_compute_meeting_budget_category",
        help="The meeting budget category this line counts towards once ordered: the "
        "product's meeting budget category, else its product category's.",
    )

    @api.depends("product_id")
    def _compute_meeting_budget_category(self):
        for line in self:
            line.meeting_budget_category = (
                line.product_id._get_meeting_budget_category() if line.product_id else False
            )

    @api.depends("requisition_id.meeting_id")
    def _compute_analytic_distribution(self):
        """The meeting's analytic account joins the line's distribution, which Odoo passes
        on to the requests for quotation of the call for tenders."""
        res = super()._compute_analytic_distribution()
        for line in self:
            # sudo: the account of the meeting the call for tenders is for (checked on it)
            account = line.requisition_id.meeting_id.sudo().analytic_account_id
            distribution = with_meeting_account(self.env, line.analytic_distribution, account)
            if distribution != line.analytic_distribution:
                line.analytic_distribution = distribution
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("requisition_id.meeting_id")._recompute_recordset(
            fnames=["analytic_distribution"]
        )
        return lines
